//! `archcrit ask FILE "QUESTION"` (or `--example NAME "QUESTION"`): one design-review question answered by a
//! persona's offline voice, headless, as text or as JSON (the intent, the
//! components and findings referred to, the numbers, any what-if delta).

use std::path::PathBuf;

use archcrit_core::critic;
use archcrit_core::persona::offline;

use super::source::Source;
use super::{BAD_INPUT, OK};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The persona's answer as prose.
    Text,
    /// The answer object: intent, components, findings, numbers, what_if, text.
    Json,
}

/// Ask the offline architect a question about a design: "what is the
/// biggest risk?", "what if the cache fails?", "can it handle 2x?",
/// "should I add a queue in front of orders?".
#[derive(Debug, clap::Args)]
#[command(allow_missing_positional = true)]
pub struct Args {
    #[command(flatten)]
    pub design: Source,
    /// The question, in quotes.
    pub question: String,
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Who answers (see `archcrit personas`); default: the backend architect.
    #[arg(long, value_name = "NAME")]
    pub persona: Option<String>,
    /// Look for persona files (*.md) in this directory first.
    #[arg(long, value_name = "DIR")]
    pub persona_dir: Option<PathBuf>,
}

pub fn run(args: Args) -> u8 {
    let design = match args.design.read() {
        Ok((_, design)) => design,
        Err(code) => return code,
    };
    if args.question.trim().is_empty() {
        let what = match &args.design.example {
            Some(name) => format!("--example {name}"),
            None => args.design.origin(),
        };
        errln!("error: the question is empty: try archcrit ask {what} \"what is the biggest risk?\"");
        return BAD_INPUT;
    }
    let catalogue = match super::personas::find(args.persona_dir.as_deref(), &mut std::io::stderr()) {
        Ok(c) => c,
        Err(e) => {
            errln!("error: {e}");
            return BAD_INPUT;
        }
    };
    let persona = match &args.persona {
        Some(name) => catalogue.get(name),
        None => catalogue.default_persona(),
    };
    let Some(persona) = persona else {
        errln!("error: {}", catalogue.unknown(args.persona.as_deref().unwrap_or("backend-architect")));
        return BAD_INPUT;
    };
    let report = critic::critique(&design);
    let answer = offline::ask(persona, &design, &report, &args.question);
    let output = match args.format {
        Format::Text => format!("{}:\n{}\n", persona.title(), answer.text),
        Format::Json => match serde_json::to_string_pretty(&answer) {
            Ok(j) => j + "\n",
            Err(e) => {
                errln!("error: cannot write the answer as JSON: {e}");
                return BAD_INPUT;
            }
        },
    };
    // The answer quotes the design's labels: through the inert boundary.
    out!("{output}");
    OK
}
