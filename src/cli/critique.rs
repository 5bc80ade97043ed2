//! `archcrit critique FILE` (or `--example NAME`): runs the critic headless, prints the report as
//! text, JSON, SARIF or Markdown, and gates CI with `--fail-on`.

use std::io::{IsTerminal as _, Write as _};

use archcrit_core::critic::{self, Options, Severity, render, rules};
use archcrit_core::file;
use archcrit_core::model::closest;

use super::source::Source;
use super::{BAD_INPUT, GATE_FAILED, OK};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Grouped by severity, coloured on a terminal.
    Text,
    /// The report object of the JSON contract (stable order).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// For pasting into a pull request.
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Gate {
    Error,
    Warning,
    Info,
    /// Always exit 0 (unless the file is bad).
    Never,
}

/// Critique a design: findings with reasons and numbers, suggested patterns.
///
/// Exit status: 0 when no finding is at or above the --fail-on severity,
/// 1 when one is, 2 when the file cannot be read or an option is wrong.
/// Findings listed under `accepted:` in the design never fail the gate.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub design: Source,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Exit 1 when a finding at or above this severity remains.
    #[arg(long, value_enum, default_value = "error", value_name = "SEVERITY")]
    pub fail_on: Gate,
    /// Run only this rule (repeat for several); see docs/rules.md for the ids.
    #[arg(long = "rule", value_name = "ID")]
    pub rules: Vec<String>,
    #[command(flatten)]
    pub persona: super::persona_review::PersonaArgs,
}

pub fn run(args: Args) -> u8 {
    if args.persona.wanted() && matches!(args.format, Format::Json | Format::Sarif) {
        errln!("error: --persona and --llm print prose after the report; use --format text or markdown");
        return BAD_INPUT;
    }
    for id in &args.rules {
        if rules::find(id).is_none() {
            let known: Vec<&str> = rules::all().map(|r| r.id).collect();
            let hint =
                closest(id, known.iter().copied()).map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default();
            errln!("error: unknown rule `{id}`{hint}; known rules: {}", known.join(", "));
            return BAD_INPUT;
        }
    }
    let (text, design) = match args.design.read() {
        Ok(read) => read,
        Err(code) => return code,
    };
    let origin = args.design.origin();
    let options = Options { rules: (!args.rules.is_empty()).then_some(args.rules.as_slice()), wording: None };
    let report = critic::critique_with(&design, &options);
    let color = args.format == Format::Text && use_color();
    let output = match args.format {
        Format::Text => render::text(&report, color),
        Format::Json => render::json(&report),
        Format::Markdown => render::markdown(&report),
        Format::Sarif => render::sarif(&report, &origin.replace('\\', "/"), &file::component_lines(&text)),
    };
    // A closed pipe (`| head`) is the reader's choice, not an error. The
    // coloured report carries archcrit's own colour codes and made its
    // design text inert itself (render::text); everything else goes
    // through the inert boundary.
    let written = if color {
        std::io::stdout().lock().write_all(output.as_bytes())
    } else {
        super::out::Inert::new(std::io::stdout().lock()).write_all(output.as_bytes())
    };
    if let Err(e) = written
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        errln!("error: cannot write the report: {e}");
        return BAD_INPUT;
    }
    if args.persona.wanted() && super::persona_review::speak(&args.persona, &design, &report) != OK {
        return BAD_INPUT;
    }
    let gate = match args.fail_on {
        Gate::Error => Some(Severity::Error),
        Gate::Warning => Some(Severity::Warning),
        Gate::Info => Some(Severity::Info),
        Gate::Never => None,
    };
    match (gate, report.worst()) {
        (Some(gate), Some(worst)) if worst.at_least(gate) => GATE_FAILED,
        _ => OK,
    }
}

/// Colour only on a terminal, and never when NO_COLOR is set to anything.
fn use_color() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}
