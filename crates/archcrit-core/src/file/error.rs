//! Errors of reading and writing design files, shaped for people:
//! `file:line:column: what is wrong`, then what to do about it.

use std::fmt;
use std::path::PathBuf;

/// A design file could not be read. Always names the file; names the line
/// and column whenever the problem has a place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub hint: Option<String>,
}

impl LoadError {
    pub fn new(file: &str, message: impl Into<String>) -> Self {
        LoadError { file: file.to_string(), line: None, column: None, message: message.into(), hint: None }
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

/// A design could not be written; the original file is untouched.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("cannot save {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{path} has YAML comments that saving would drop; move them into `notes:` fields, or confirm the overwrite"
    )]
    WouldDropComments { path: PathBuf },
    #[error("{path} is read-only; make it writable (chmod u+w), or force the write (`:w!` in the workshop)")]
    ReadOnly { path: PathBuf },
    #[error(
        "{path} changed on disk since it was read; reload it to see the change, or force the write (`:w!`) to replace it"
    )]
    ChangedOnDisk { path: PathBuf },
}
