//! `archcrit export FILE --format mermaid|dot|json|markdown|text` (or
//! `--example NAME` for FILE): the
//! design as a diagram, a review document, JSON for other tools, or the
//! whiteboard as text.

use std::path::{Path, PathBuf};

use archcrit_core::critic::{self, Report};
use archcrit_core::exchange::{Direction, dot, json, markdown, mermaid, text};
use archcrit_core::file;
use archcrit_core::model::Design;

use super::source::Source;
use super::{BAD_INPUT, OK};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Mermaid flowchart (renders on GitHub, GitLab, Notion...).
    Mermaid,
    /// Graphviz DOT (`dot -Tsvg`).
    Dot,
    /// The design and the critic's report as JSON.
    Json,
    /// A design review document with the diagram, findings and metrics.
    Markdown,
    /// The whiteboard as the workshop draws it, as plain text.
    Text,
}

/// Export a design as a Mermaid or DOT diagram, JSON, a Markdown review or text.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub design: Source,
    /// Output format (default: from the -o extension, else mermaid).
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<Format>,
    /// Write here instead of standard output.
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
    /// Diagram direction: LR (left to right) or TB (top to bottom).
    #[arg(long, default_value = "LR")]
    pub direction: Direction,
    /// Colour components by their worst critic finding (mermaid, dot).
    #[arg(long)]
    pub with_findings: bool,
    /// Text only: draw with 7-bit ASCII characters.
    #[arg(long)]
    pub ascii: bool,
    /// Text only: the widest line, in columns; a wider picture wraps its
    /// ranks into bands, then goes compact, then is cut into strips.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(20..))]
    pub width: Option<u16>,
    /// Mermaid only: write overview.mmd plus one diagram per zone (or per
    /// kind) into this directory, for designs too big for one diagram.
    #[arg(long, value_name = "DIR")]
    pub split: Option<PathBuf>,
    /// Mermaid only: draw this flow as a sequence diagram.
    #[arg(long, value_name = "ID")]
    pub flow: Option<String>,
}

/// The critic's report, for `--with-findings`, JSON and Markdown.
fn report(design: &Design) -> Option<Report> {
    Some(critic::critique(design))
}

fn format_of(args: &Args) -> Format {
    if let Some(f) = args.format {
        return f;
    }
    match args.output.as_deref().and_then(Path::extension).and_then(|e| e.to_str()) {
        Some("dot" | "gv") => Format::Dot,
        Some("json") => Format::Json,
        Some("md" | "markdown") => Format::Markdown,
        Some("txt") => Format::Text,
        _ => Format::Mermaid,
    }
}

pub fn run(args: Args) -> u8 {
    if let (Some(out), Some(path)) = (&args.output, args.design.path())
        && file::same_file(out, path)
    {
        errln!("error: {} is the design being exported; write the export to another file", out.display());
        return BAD_INPUT;
    }
    let design = match args.design.load() {
        Ok(l) => l.design,
        Err(code) => return code,
    };
    let format = format_of(&args);
    let report = match (format, args.with_findings) {
        (Format::Json | Format::Markdown | Format::Text, _) | (_, true) => report(&design),
        _ => None,
    };
    if let Some(dir) = &args.split {
        if format != Format::Mermaid {
            errln!("error: --split works with --format mermaid only");
            return BAD_INPUT;
        }
        return split(&design, dir, args.direction, report.as_ref());
    }
    if (args.ascii || args.width.is_some()) && format != Format::Text {
        errln!("error: --ascii and --width work with --format text only");
        return BAD_INPUT;
    }
    if let Some(id) = &args.flow {
        if format != Format::Mermaid {
            errln!("error: --flow works with --format mermaid only");
            return BAD_INPUT;
        }
        return match mermaid::sequence(&design, id) {
            Ok(text) => write_out(args.output.as_deref(), &text),
            Err(e) => {
                errln!("error: {}: {e}", args.design.origin());
                BAD_INPUT
            }
        };
    }
    let text = match format {
        Format::Mermaid => {
            let style = mermaid::Style { direction: args.direction, findings: report.as_ref() };
            let diagram = mermaid::export(&design, style);
            if let Some(w) = diagram.warning {
                errln!("warning: {w}");
            }
            diagram.text
        }
        Format::Dot => dot::export(&design, args.direction, report.as_ref()),
        Format::Json => json::to_string(&design, report.as_ref()),
        Format::Markdown => markdown::export(&design, report.as_ref(), args.direction),
        Format::Text => {
            let options = text::Options { ascii: args.ascii, width: args.width.map(usize::from) };
            text::export(&design, report.as_ref(), options)
        }
    };
    write_out(args.output.as_deref(), &text)
}

fn split(design: &Design, dir: &Path, direction: Direction, report: Option<&Report>) -> u8 {
    if let Err(e) = std::fs::create_dir_all(dir) {
        errln!("error: cannot create {}: {e}", dir.display());
        return BAD_INPUT;
    }
    for (name, diagram) in mermaid::split(design, mermaid::Style { direction, findings: report }) {
        let path = dir.join(&name);
        if let Some(w) = diagram.warning {
            errln!("warning: {}: {w}", path.display());
        }
        if let Err(e) = file::write_atomic(&path, diagram.text.as_bytes()) {
            errln!("error: {e}");
            return BAD_INPUT;
        }
        outln!("wrote {}", path.display());
    }
    OK
}

/// Writes to the file (atomically) or to standard output.
pub fn write_out(output: Option<&Path>, text: &str) -> u8 {
    match output {
        Some(path) => match file::write_atomic(path, text.as_bytes()) {
            Ok(()) => OK,
            Err(e) => {
                errln!("error: {e}");
                BAD_INPUT
            }
        },
        None => {
            out!("{text}");
            OK
        }
    }
}
