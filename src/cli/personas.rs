//! `archcrit personas`: lists every persona the program can find, with its
//! description and where it came from; broken persona files are reported
//! on stderr while the rest still load. Also the shared persona lookup
//! (`--persona-dir`, ./personas, the user's config dir, built-ins).

use std::io::Write;
use std::path::{Path, PathBuf};

use archcrit_core::persona::{Catalogue, SearchDir, discover};

use super::{BAD_INPUT, OK};

/// List the personas: name, description and source (file or built-in).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Look for persona files (*.md) in this directory first.
    #[arg(long, value_name = "DIR")]
    pub persona_dir: Option<PathBuf>,
}

pub fn run(args: Args) -> u8 {
    let catalogue = match find(args.persona_dir.as_deref(), &mut super::out::Inert::new(std::io::stderr())) {
        Ok(c) => c,
        Err(e) => {
            errln!("error: {e}");
            return BAD_INPUT;
        }
    };
    let width = catalogue.personas.iter().map(|p| p.name.chars().count()).max().unwrap_or(4);
    let mut out = super::out::Inert::new(std::io::stdout().lock());
    for p in &catalogue.personas {
        let _ = writeln!(out, "{:<width$}  {}  ({})", p.name, p.description, p.origin);
    }
    OK
}

/// The search directories in precedence order.
pub fn search_dirs(persona_dir: Option<&Path>) -> Vec<SearchDir> {
    let mut dirs = Vec::new();
    if let Some(d) = persona_dir {
        dirs.push(SearchDir { path: d.to_path_buf(), why: "--persona-dir".into() });
    }
    dirs.push(SearchDir { path: PathBuf::from("personas"), why: "./personas".into() });
    if let Some(config) = dirs::config_dir() {
        dirs.push(SearchDir { path: config.join("archcrit").join("personas"), why: "config dir".into() });
    }
    dirs
}

/// Discovers personas, writing each broken file's problem to `problems`.
/// A `--persona-dir` that is not a directory is an error.
pub fn find(persona_dir: Option<&Path>, problems: &mut dyn Write) -> Result<Catalogue, String> {
    if let Some(d) = persona_dir
        && !d.is_dir()
    {
        return Err(format!("--persona-dir {}: not a directory", d.display()));
    }
    let catalogue = discover(&search_dirs(persona_dir));
    for p in &catalogue.problems {
        let _ = writeln!(problems, "warning: skipped persona {p}");
    }
    Ok(catalogue)
}
