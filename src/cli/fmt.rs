//! `archcrit fmt FILE... [--check]`: rewrites designs in canonical form.
//! Idempotent and meaning-preserving; refuses to drop YAML comments unless
//! told to.

use std::path::PathBuf;

use archcrit_core::file;

use super::{BAD_INPUT, GATE_FAILED, OK};

/// Rewrite design files in canonical form.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Design files to format.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Change nothing; exit 1 if any file is not in canonical form.
    #[arg(long)]
    pub check: bool,
    /// Rewrite files even though their YAML comments will be lost.
    #[arg(long)]
    pub drop_comments: bool,
}

pub fn run(args: Args) -> u8 {
    let mut code = OK;
    for path in &args.files {
        let loaded = match file::load_path(path) {
            Ok(l) => l,
            Err(e) => {
                errln!("error: {e}");
                code = BAD_INPUT;
                continue;
            }
        };
        let canonical = file::to_yaml(&loaded.design);
        let current = file::read_text_limited(path, file::MAX_FILE_BYTES).unwrap_or_default();
        if current == canonical {
            continue;
        }
        if args.check {
            outln!("{}: not in canonical form (run `archcrit fmt {}`)", path.display(), path.display());
            code = code.max(GATE_FAILED);
            continue;
        }
        if loaded.has_comments && !args.drop_comments {
            errln!(
                "error: {} has YAML comments that formatting would drop; move them into `notes:` fields, \
                 or pass --drop-comments",
                path.display()
            );
            code = BAD_INPUT;
            continue;
        }
        match file::write_atomic(path, canonical.as_bytes()) {
            Ok(()) => outln!("formatted {}", path.display()),
            Err(e) => {
                errln!("error: {e}");
                code = BAD_INPUT;
            }
        }
    }
    code
}
