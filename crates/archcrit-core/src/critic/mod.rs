//! The critic: rules over a design and its capacity model, producing a
//! `Report` of findings with the numbers behind them. Pure and synchronous;
//! nothing here prints, reads files or knows about terminals.
//!
//! `critique` builds one compact snapshot of the design, runs the capacity
//! model, runs every rule (see `rules`), words the findings (`templates`),
//! applies the design's `accepted:` list and sorts the result.

mod call_tree;
pub mod capacity;
#[cfg(test)]
mod capacity_v2_tests;
mod engine;
pub(crate) mod flows;
pub mod not_checked;
pub mod patterns;
pub mod render;
pub mod report;
pub mod rules;
mod snapshot;
pub(crate) mod tail;
pub mod templates;
#[cfg(test)]
mod testing;

pub use engine::{Options, critique, critique_with};
pub use report::{
    AcceptedFinding, ComponentMetrics, Finding, FlowMetrics, Headroom, Metrics, NotChecked, Report, RequestMetrics,
    Severity,
};
pub use rules::{Family, RuleInfo};
pub use templates::{Fact, Plain, StoreSide, Wording};
