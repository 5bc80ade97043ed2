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
    /// The file's other design errors (boxed: most files have none, and
    /// the error stays small to return).
    others: Option<Box<Others>>,
}

/// A file's design errors after the first, in the order they were found
/// (`file::load_str` lists up to 20), and how many more it only counted.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct Others {
    pub(super) listed: Vec<LoadError>,
    pub(super) unlisted: usize,
}

impl LoadError {
    pub fn new(file: &str, message: impl Into<String>) -> Self {
        LoadError {
            file: file.to_string(),
            line: None,
            column: None,
            message: message.into(),
            hint: None,
            others: None,
        }
    }

    /// The file's other errors listed after this one.
    pub fn more(&self) -> &[LoadError] {
        self.others.as_ref().map_or(&[], |o| &o.listed)
    }

    /// How many more errors were found than are listed.
    pub fn unlisted(&self) -> usize {
        self.others.as_ref().map_or(0, |o| o.unlisted)
    }

    /// Every error listed: this one, then the others.
    pub fn all(&self) -> impl Iterator<Item = &LoadError> {
        std::iter::once(self).chain(self.more())
    }

    pub(super) fn others_mut(&mut self) -> &mut Others {
        self.others.get_or_insert_with(Box::default)
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
        for other in self.more() {
            write!(f, "\n{other}")?;
        }
        if self.unlisted() > 0 {
            write!(f, "\nand {} more, listed once these are fixed", self.unlisted())?;
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
