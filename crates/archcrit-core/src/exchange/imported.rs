//! What the importers return: a design with the warnings a person should
//! read, or an error that names the file, the line and what to do.

use std::fmt;

use crate::model::Design;

#[derive(Debug, Clone)]
pub struct Imported {
    pub design: Design,
    /// Things that were dropped or guessed, each naming its line.
    pub warnings: Vec<String>,
}

/// The most components an import makes: far past any diagram or compose
/// file people write, and small enough that a hostile one (`a0&...&a1499`)
/// is refused at its line instead of growing without end.
pub const MAX_IMPORT_NODES: usize = 10_000;

/// The most links an import makes (Mermaid's `&` multiplies them).
pub const MAX_IMPORT_EDGES: usize = 50_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub origin: String,
    /// 1-based.
    pub line: usize,
    /// 1-based; 0 when only the line is known.
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.column > 0 {
            write!(f, "{}:{}:{}: {}", self.origin, self.line, self.column, self.message)
        } else {
            write!(f, "{}:{}: {}", self.origin, self.line, self.message)
        }
    }
}

impl std::error::Error for ImportError {}
