//! `archcrit check FILE...` (or `--example NAME`): validates design files;
//! errors on stderr, each at its line, then once what to do next.

use std::path::PathBuf;

use archcrit_core::file;

use super::load_failure;
use super::source::Source;
use super::{BAD_INPUT, OK};

/// Validate design files (exit 0 when all are valid, 2 otherwise).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Design files to check.
    #[arg(value_name = "FILE", required_unless_present = "example")]
    pub files: Vec<PathBuf>,
    /// Check a shipped example instead: shop, url-shortener, chat, pipeline, payments.
    #[arg(long, value_name = "NAME", conflicts_with = "files")]
    pub example: Option<String>,
}

pub fn run(args: Args) -> u8 {
    if let Some(name) = args.example {
        let source = Source { file: None, example: Some(name) };
        return match source.load() {
            Ok(loaded) => {
                outln!("{}: ok ({})", source.origin(), sizes(&loaded.design));
                OK
            }
            Err(code) => code,
        };
    }
    let mut failed = Vec::new();
    for path in &args.files {
        match file::load_path(path) {
            Ok(loaded) => outln!("{}: ok ({})", path.display(), sizes(&loaded.design)),
            Err(e) => {
                errln!("error: {e}");
                failed.push(e);
            }
        }
    }
    if let Some(line) = load_failure::next_step(&failed) {
        errln!("{line}");
    }
    if failed.is_empty() { OK } else { BAD_INPUT }
}

/// "14 components, 15 links".
fn sizes(design: &archcrit_core::model::Design) -> String {
    format!(
        "{}, {}",
        archcrit_core::text::counted(design.component_count(), "component"),
        archcrit_core::text::counted(design.link_count(), "link")
    )
}
