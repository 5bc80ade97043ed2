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
                "{}: ok ({} components, {} links)",
                path.display(),
                loaded.design.component_count(),
                loaded.design.link_count()
            ),
            Err(e) => {
                errln!("error: {e}");
                code = BAD_INPUT;
            }
        }
    }
    code
}
