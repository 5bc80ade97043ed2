//! Exchange formats: designs leaving archcrit (Mermaid, Graphviz DOT, JSON,
//! a Markdown review, the whiteboard as text) and coming in (Mermaid, docker-compose). Pure text in,
//! text out: no files, no processes; writers target `fmt::Write`.

pub mod compose;
pub mod dot;
pub mod escape;
mod imported;
pub mod json;
pub mod k8s;
pub mod markdown;
pub mod mermaid;
mod secrets;
pub mod text;

pub use imported::{ImportError, Imported, MAX_IMPORT_EDGES, MAX_IMPORT_NODES};

/// Which way a diagram flows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    /// Left to right.
    #[default]
    LR,
    /// Top to bottom.
    TB,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::LR => "LR",
            Direction::TB => "TB",
        }
    }
}

impl std::str::FromStr for Direction {
    type Err = UnknownDirection;
    fn from_str(s: &str) -> Result<Self, UnknownDirection> {
        match s.to_ascii_uppercase().as_str() {
            "LR" => Ok(Direction::LR),
            "TB" | "TD" => Ok(Direction::TB),
            _ => Err(UnknownDirection(s.to_string())),
        }
    }
}

/// A diagram direction other than LR, TB or TD.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown direction `{0}`: use LR or TB")]
pub struct UnknownDirection(pub String);
