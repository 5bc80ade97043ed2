//! `archcrit diff OLD NEW`: what a change to a design does, each side a file
//! or a git revision of one (`main:design.yaml`), as text, JSON, Markdown
//! for a pull request or SARIF; `--fail-on-new` gates on what it brings in.

use std::io::{IsTerminal as _, Write as _};
use std::path::Path;

use archcrit_core::critic::{self, Report, Severity};
use archcrit_core::diff::{self, render};
use archcrit_core::file;
use archcrit_core::model::Design;

use super::{BAD_INPUT, GATE_FAILED, OK};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Added, removed, changed; coloured on a terminal.
    Text,
    /// The whole diff as one JSON object.
    Json,
    /// A pull-request comment: summary first, details folded.
    Markdown,
    /// SARIF 2.1.0 with only the findings the change brings in.
    Sarif,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Gate {
    Error,
    Warning,
    Info,
}

/// Compare two versions of a design: components, links, zones and
/// requirements added, removed, renamed or changed; findings introduced,
/// fixed and still present; the numbers that moved.
///
/// Each side is a file, or `REV:PATH` read with `git show` (`main:design.yaml`,
/// `HEAD~1:design.yaml`; PATH from the repository root, or `./PATH` from the
/// current directory). An existing file wins over a revision.
///
/// Exit status: 0, or 1 when --fail-on-new is given and the change
/// introduces a finding at or above it (or raises one to it); 2 when a side
/// cannot be read.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The design before the change: a file or REV:PATH.
    pub old: String,
    /// The design after the change: a file or REV:PATH.
    pub new: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Exit 1 when the change introduces a finding at or above this severity.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on_new: Option<Gate>,
}

/// One side of the diff, read and parsed.
struct Side {
    design: Design,
    report: Report,
    text: String,
    /// The file's path as the repository names it (for SARIF locations).
    path: String,
}

pub fn run(args: Args) -> u8 {
    // Each side is read, parsed and critiqued on its own thread: at 10,000
    // components that is most of the time, and the two are independent.
    let (old, new) = std::thread::scope(|scope| {
        let old = scope.spawn(|| read_side(&args.old));
        let new = read_side(&args.new);
        (old.join().unwrap_or_else(|_| Err(format!("{}: reading it failed unexpectedly", args.old))), new)
    });
    let (old, new) = match (old, new) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(e), _) | (_, Err(e)) => {
            errln!("error: {e}");
            return BAD_INPUT;
        }
    };
    let diff = diff::compare_with(&old.design, &new.design, &old.report, &new.report);
    let output = match args.format {
        Format::Text => render::text(&diff, use_color()),
        Format::Json => render::json(&diff),
        Format::Markdown => render::markdown(&diff),
        Format::Sarif => render::sarif(&diff, &new.path, &file::component_lines(&new.text)),
    };
    // A closed pipe (`| head`) is the reader's choice, not an error.
    if let Err(e) = std::io::stdout().lock().write_all(output.as_bytes())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        errln!("error: cannot write the diff: {e}");
        return BAD_INPUT;
    }
    let gate = args.fail_on_new.map(|g| match g {
        Gate::Error => Severity::Error,
        Gate::Warning => Severity::Warning,
        Gate::Info => Severity::Info,
    });
    match (gate, diff.worst_new()) {
        (Some(gate), Some(worst)) if worst.at_least(gate) => GATE_FAILED,
        _ => OK,
    }
}

/// Reads a side: the file when it exists, else `REV:PATH` from git.
fn read_side(arg: &str) -> Result<Side, String> {
    let (text, path) = if Path::new(arg).exists() || !arg.contains(':') {
        let text = std::fs::read_to_string(arg).map_err(|e| format!("{arg}: cannot read the file: {e}"))?;
        (text, arg.replace('\\', "/"))
    } else {
        let (rev, path) = arg.split_once(':').unwrap_or((arg, ""));
        if rev.is_empty() || path.is_empty() {
            return Err(format!(
                "`{arg}` is neither a file nor REV:PATH (e.g. `main:design.yaml`, `HEAD~1:./design.yaml`)"
            ));
        }
        let text = crate::git::show(Path::new("."), arg).map_err(|e| e.to_string())?;
        (text, path.trim_start_matches("./").to_string())
    };
    let design = file::load_str(&text, arg).map_err(|e| e.to_string())?;
    let report = critic::critique(&design);
    Ok(Side { design, report, text, path })
}

/// Colour only on a terminal, and never when NO_COLOR is set to anything.
fn use_color() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}
