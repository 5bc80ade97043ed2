//! `archcrit new FILE`: writes a valid starter design (or a shipped
//! example) and never overwrites an existing file.

use std::path::PathBuf;

use archcrit_core::examples;
use archcrit_core::file::{self, write_atomic};

use super::{BAD_INPUT, OK};

/// Create a new design file from a starter or a shipped example.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The file to create (refused if it exists).
    pub file: PathBuf,
    /// The design's name (defaults to the file name).
    #[arg(long)]
    pub name: Option<String>,
    /// Start from a shipped example: shop, url-shortener, chat, pipeline, payments.
    #[arg(long, value_name = "NAME")]
    pub example: Option<String>,
}

/// A small, valid design that shows the shape of the format.
pub fn starter(name: &str) -> String {
    format!(
        "archcrit: 1\n\
         name: {}\n\
         description: What this system does, for whom.\n\
         requirements:\n  peak_rps: 100\n  availability_slo: 99.9\n  latency_budget_ms: 300\n\
         components:\n  web:\n    kind: client\n    label: Web browser\n  api:\n    kind: service\n    label: API\n    replicas: 2\n\
         \x20 db:\n    kind: database\n    label: Database\n    replicas: 2\n\
         links:\n  - {{from: web, to: api, protocol: https}}\n  - {{from: api, to: db, protocol: sql}}\n",
        file::scalar(name)
    )
}

pub fn run(args: Args) -> u8 {
    // A dangling symlink counts: writing would replace it (or its target).
    if std::fs::symlink_metadata(&args.file).is_ok() {
        errln!("error: {} already exists; archcrit new never overwrites a file", args.file.display());
        return BAD_INPUT;
    }
    let text = match &args.example {
        Some(example) => match examples::find(example) {
            Ok(text) => text.to_string(),
            Err(e) => {
                errln!("error: {e}");
                return BAD_INPUT;
            }
        },
        None => {
            let stem = args.file.file_stem().map(|s| s.to_string_lossy().into_owned());
            starter(args.name.as_deref().or(stem.as_deref()).unwrap_or("New design"))
        }
    };
    // An example renamed with --name goes through the model so the name is
    // written safely.
    let text = match (&args.example, &args.name) {
        (Some(_), Some(name)) => match file::load_str(&text, "example") {
            Ok(mut design) => {
                if design.apply(archcrit_core::model::Edit::SetName { name: name.clone() }).is_err() {
                    errln!("error: the design name cannot be empty");
                    return BAD_INPUT;
                }
                file::to_yaml(&design)
            }
            Err(e) => {
                errln!("error: {e}");
                return BAD_INPUT;
            }
        },
        _ => text,
    };
    if let Err(e) = write_atomic(&args.file, text.as_bytes()) {
        errln!("error: {e}");
        return BAD_INPUT;
    }
    outln!("created {}", args.file.display());
    OK
}
