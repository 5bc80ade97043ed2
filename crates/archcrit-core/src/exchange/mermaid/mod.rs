//! Mermaid flowcharts: export (full diagram, overview past Mermaid's limits,
//! split per zone) and import; one flow as a sequence diagram. docs/exchange.md describes the dialect.

mod export;
mod import;
mod overview;
pub mod parse;
mod sequence;
pub mod shapes;

pub use export::{
    LABEL_LINE, LABEL_LINES, Names, Style, View, edge_text, names, node_text, severity_class, write_view, zone_title,
};
pub use import::import;
pub use overview::{Diagram, Grouping, MAX_CHARS, MAX_EDGES, NO_ZONE, export, grouping, overview, split};
pub use sequence::{NoSuchFlow, sequence};
