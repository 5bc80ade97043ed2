//! The persona's review after the rule report, for `archcrit critique`:
//! `--persona NAME` prints the offline voice; `--llm` streams the persona's
//! review from an OpenAI-compatible endpoint, falling back to the offline
//! voice (with a one-line reason on stderr) when the endpoint fails.
//! critique.rs flattens `PersonaArgs` into its own flags and calls `speak`.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use crate::workers::agent::{self, AgentEvent, AgentRequest};
use crate::workers::llm::config::Flags;
use crate::workers::llm::{Setup, connect};
use archcrit_core::critic::Report;
use archcrit_core::model::Design;
use archcrit_core::persona::offline;

use super::{BAD_INPUT, OK};

#[derive(Debug, Clone, Default, clap::Args)]
pub struct PersonaArgs {
    /// After the report, the named persona reviews the design (see `archcrit personas`).
    #[arg(long, value_name = "NAME")]
    pub persona: Option<String>,
    /// Look for persona files (*.md) in this directory first.
    #[arg(long, value_name = "DIR")]
    pub persona_dir: Option<PathBuf>,
    /// Ask an OpenAI-compatible LLM for the persona's review (OPENAI_API_KEY, OPENAI_BASE_URL; see docs/llm.md).
    #[arg(long)]
    pub llm: bool,
    #[command(flatten)]
    pub endpoint: EndpointArgs,
}

/// Which OpenAI-compatible endpoint `--llm` asks: the same options for
/// every command that has `--llm`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct EndpointArgs {
    /// The model to ask (default: ARCHCRIT_MODEL, the config file, then gpt-4o-mini).
    #[arg(long, value_name = "M", requires = "llm")]
    pub model: Option<String>,
    /// The endpoint's base URL, e.g. http://localhost:11434/v1 (default: OPENAI_BASE_URL).
    #[arg(long, value_name = "URL", requires = "llm")]
    pub base_url: Option<String>,
    /// Log what happens with the endpoint to this file (the API key is redacted).
    #[arg(long, value_name = "FILE", requires = "llm")]
    pub log_file: Option<PathBuf>,
}

impl EndpointArgs {
    pub fn flags(&self) -> Flags {
        Flags { base_url: self.base_url.clone(), model: self.model.clone() }
    }
}

impl PersonaArgs {
    /// Whether the user asked for a persona's review at all.
    pub fn wanted(&self) -> bool {
        self.llm || self.persona.is_some()
    }
}

/// Prints the review to stdout (streaming in LLM mode), problems to stderr.
pub fn speak(args: &PersonaArgs, design: &Design, report: &Report) -> u8 {
    speak_to(args, design, report, &mut std::io::stdout(), &mut std::io::stderr(), &|k| std::env::var(k).ok())
}

/// `speak` with its streams and environment passed in (for tests).
pub fn speak_to(
    args: &PersonaArgs,
    design: &Design,
    report: &Report,
    out: &mut dyn Write,
    err: &mut dyn Write,
    env: &dyn Fn(&str) -> Option<String>,
) -> u8 {
    // Persona files, the environment and the model all reach these streams.
    let out = &mut super::out::Inert::new(out);
    let err = &mut super::out::Inert::new(err);
    let catalogue = match super::personas::find(args.persona_dir.as_deref(), err) {
        Ok(c) => c,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            return BAD_INPUT;
        }
    };
    let persona = match &args.persona {
        Some(name) => catalogue.get(name),
        None => catalogue.default_persona(),
    };
    let Some(persona) = persona.cloned() else {
        let _ = writeln!(err, "error: {}", catalogue.unknown(args.persona.as_deref().unwrap_or("backend-architect")));
        return BAD_INPUT;
    };
    let _ = writeln!(out);
    if !args.llm {
        let _ = write!(out, "{}", offline::review(&persona, design, report));
        return OK;
    }
    let model =
        match connect(&args.endpoint.flags(), env, dirs::config_dir().as_deref(), args.endpoint.log_file.as_deref()) {
            Ok(m) => m,
            Err(Setup::Usage(e)) => {
                let _ = writeln!(err, "error: {e}");
                return BAD_INPUT;
            }
            Err(Setup::Unavailable(e)) => {
                let _ = writeln!(err, "archcrit: LLM unavailable: {e}; using the offline voice");
                let _ = write!(out, "{}", offline::review(&persona, design, report));
                return OK;
            }
        };
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            let _ = writeln!(err, "archcrit: cannot start the async runtime: {e}; using the offline voice");
            let _ = write!(out, "{}", offline::review(&persona, design, report));
            return OK;
        }
    };
    let _ = writeln!(out, "{} ({}):", persona.title(), model.describe());
    let (design, report) = (Arc::new(design.clone()), Arc::new(report.clone()));
    runtime.block_on(async {
        let mut handle = agent::spawn(persona, Some(model));
        if handle.requests.send(AgentRequest::Critique { turn: 1, design, report }).await.is_err() {
            return;
        }
        while let Some(event) = handle.events.recv().await {
            match event {
                AgentEvent::Token { text, .. } => {
                    let _ = write!(out, "{text}");
                    let _ = out.flush();
                }
                AgentEvent::Waiting { message, .. } => {
                    let _ = writeln!(err, "archcrit: {message}");
                }
                AgentEvent::Proposal { edits, refused, .. } => {
                    let _ = writeln!(out, "\n\nProposed changes (not applied; make them in the design file):");
                    for e in &edits {
                        let _ = writeln!(out, "  - {}", e.describe());
                    }
                    for r in &refused {
                        let _ = writeln!(out, "  - {r}");
                    }
                }
                AgentEvent::Finished { .. } => {
                    let _ = writeln!(out);
                    break;
                }
                AgentEvent::Failed { message, fallback_text, .. } => {
                    let _ = writeln!(out);
                    let _ = writeln!(err, "archcrit: LLM failed: {message}; using the offline voice");
                    let _ = write!(out, "\n{fallback_text}");
                    break;
                }
                AgentEvent::Cancelled { .. } => break,
            }
        }
    });
    OK
}
