//! `archcrit check FILE...`: validates design files; errors on stderr.

use std::path::PathBuf;

use archcrit_core::file;

use super::{BAD_INPUT, OK};

/// Validate design files (exit 0 when all are valid, 2 otherwise).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Design files to check.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

pub fn run(args: Args) -> u8 {
    let mut code = OK;
    for path in &args.files {
        match file::load_path(path) {
            Ok(loaded) => outln!(
                "{}: ok ({}, {})",
                path.display(),
                archcrit_core::text::counted(loaded.design.component_count(), "component"),
                archcrit_core::text::counted(loaded.design.link_count(), "link")
            ),
            Err(e) => {
                errln!("error: {e}");
                code = BAD_INPUT;
            }
        }
    }
    code
}
