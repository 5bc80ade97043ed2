//! `archcrit import FILE [-o design.yaml] [--from mermaid|compose]`: a
//! design from a Mermaid flowchart or a docker-compose file.

use std::path::{Path, PathBuf};

use crate::domain::exchange::{Imported, compose, mermaid};
use crate::domain::file;

use super::{BAD_INPUT, OK};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum From {
    /// A Mermaid flowchart (`flowchart LR` / `graph TD`).
    Mermaid,
    /// A docker-compose file (`services:`).
    Compose,
}

/// Create a design from a Mermaid flowchart or a docker-compose file.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The file to read (.mmd, docker-compose.yml, compose.yaml...).
    pub file: PathBuf,
    /// Write the design here instead of standard output (refuses to
    /// overwrite an existing file unless --force).
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
    /// What the file is (default: from its name, else from its content).
    #[arg(long, value_enum)]
    pub from: Option<From>,
    /// Overwrite the output file if it exists.
    #[arg(long)]
    pub force: bool,
}

/// Compose files by name, Mermaid by extension, else by the first line.
pub fn detect(path: &Path, text: &str) -> From {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_ascii_lowercase();
    if name.contains("compose") {
        return From::Compose;
    }
    if name.ends_with(".mmd") || name.ends_with(".mermaid") {
        return From::Mermaid;
    }
    let first = text.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with("%%") && !l.starts_with('#'));
    match first {
        Some(l) if l.starts_with("graph") || l.starts_with("flowchart") || l == "---" => From::Mermaid,
        _ => From::Compose,
    }
}

pub fn run(args: Args) -> u8 {
    let text = match file::read_text_limited(&args.file, file::MAX_FILE_BYTES) {
        Ok(t) => t,
        Err(e) => {
            errln!("error: cannot read {}: {e}", args.file.display());
            return BAD_INPUT;
        }
    };
    let origin = args.file.display().to_string();
    let stem = args.file.file_stem().and_then(|s| s.to_str()).unwrap_or("imported").to_string();
    let from = args.from.unwrap_or_else(|| detect(&args.file, &text));
    let result = match from {
        From::Mermaid => mermaid::import(&text, &origin, &stem),
        From::Compose => compose::import(&text, &origin, &stem),
    };
    let Imported { design, warnings } = match result {
        Ok(i) => i,
        Err(e) => {
            errln!("error: {e}");
            return BAD_INPUT;
        }
    };
    for w in &warnings {
        errln!("warning: {w}");
    }
    let yaml = file::to_yaml(&design);
    match &args.output {
        Some(path) if file::same_file(path, &args.file) => {
            errln!("error: {} is the file being imported; write the design to another file", path.display());
            BAD_INPUT
        }
        Some(path) if path.exists() && !args.force => {
            errln!("error: {} exists; pass --force to overwrite it", path.display());
            BAD_INPUT
        }
        Some(path) => match file::write_atomic(path, yaml.as_bytes()) {
            Ok(()) => {
                errln!(
                    "imported {} components and {} links into {}",
                    design.component_count(),
                    design.link_count(),
                    path.display()
                );
                OK
            }
            Err(e) => {
                errln!("error: {e}");
                BAD_INPUT
            }
        },
        None => {
            out!("{yaml}");
            OK
        }
    }
}
