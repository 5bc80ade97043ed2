//! The one design a command reads: FILE, or a shipped example with
//! `--example NAME`, taken the same way as by the workshop and `new`.

use std::path::{Path, PathBuf};

use archcrit_core::examples;
use archcrit_core::file::{self, Loaded};
use archcrit_core::model::Design;

use super::BAD_INPUT;
use super::load_failure;

/// FILE or `--example NAME`, flattened into a command's arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct Source {
    /// The design file (or `--example NAME` instead).
    #[arg(value_name = "FILE", required_unless_present = "example")]
    pub file: Option<PathBuf>,
    /// Read a shipped example instead of FILE: shop, url-shortener, chat, pipeline, payments.
    #[arg(long, value_name = "NAME", conflicts_with = "file")]
    pub example: Option<String>,
}

impl Source {
    /// What messages (and SARIF) call the design: its path, or the example's name.
    pub fn origin(&self) -> String {
        match (&self.file, &self.example) {
            (_, Some(name)) => name.clone(),
            (Some(path), None) => path.display().to_string(),
            (None, None) => String::new(),
        }
    }

    /// The design's file, when it is one.
    pub fn path(&self) -> Option<&Path> {
        self.file.as_deref().filter(|_| self.example.is_none())
    }

    /// The design and its text (for SARIF's lines). A problem is printed
    /// (with what to do next) and `Err` holds the exit status.
    pub fn read(&self) -> Result<(String, Design), u8> {
        let origin = self.origin();
        let text = match (&self.example, &self.file) {
            (Some(name), _) => example(name)?.to_string(),
            (None, Some(path)) => file::read_text_limited(path, file::MAX_FILE_BYTES).map_err(|e| {
                errln!("error: {origin}: cannot read the file: {}", file::io_reason(&e));
                BAD_INPUT
            })?,
            (None, None) => return Err(missing()),
        };
        let design = file::load_str(&text, &origin).map_err(|e| load_failure::report(&e))?;
        Ok((text, design))
    }

    /// The design, read as `check` reads a file (size, UTF-8, hints).
    pub fn load(&self) -> Result<Loaded, u8> {
        match (&self.example, &self.file) {
            (Some(name), _) => file::load_str(example(name)?, name)
                .map(|design| Loaded { design, has_comments: false })
                .map_err(|e| load_failure::report(&e)),
            (None, Some(path)) => file::load_path(path).map_err(|e| load_failure::report(&e)),
            (None, None) => Err(missing()),
        }
    }
}

/// The example's text, or the refusal every `--example` gives.
fn example(name: &str) -> Result<&'static str, u8> {
    examples::find(name).map_err(|e| {
        errln!("error: {e}");
        BAD_INPUT
    })
}

/// Clap requires one of the two; kept for a caller that builds `Source` itself.
fn missing() -> u8 {
    errln!("error: name a design: FILE, or --example NAME ({})", examples::names());
    BAD_INPUT
}
