//! `archcrit [FILE]`: the workshop, the product's main job. With no
//! subcommand the command line opens FILE (created on the first save when
//! it does not exist), an embedded example, or a scratch design, with the
//! chosen persona (offline voice, or an LLM with `--llm`) in its panel.

use std::path::PathBuf;

use crate::tui::{self, Agent, Options};
use crate::workers::llm::{Setup, connect};
use crate::workers::persona::LIVE_DELAY;
use archcrit_app::Services;

use super::BAD_INPUT;
use super::persona_review::PersonaArgs;

/// Open the whiteboard.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The design file to open; created on the first save if it does not
    /// exist. Without it a scratch design opens and the first save asks
    /// for a name.
    pub file: Option<PathBuf>,
    /// Open a shipped example instead: shop, url-shortener, chat, pipeline, payments.
    #[arg(long, value_name = "NAME", conflicts_with = "file")]
    pub example: Option<String>,
    /// Draw with plain ASCII for terminals without box-drawing glyphs.
    #[arg(long)]
    pub ascii: bool,
    /// Start in live mode: the persona re-critiques a few seconds after edits pause (toggle with T).
    #[arg(long)]
    pub live: bool,
    #[command(flatten)]
    pub persona: PersonaArgs,
}

/// The persona and its model; problems go to stderr before the screen opens.
fn agent(args: &Args) -> Result<Agent, String> {
    let catalogue = super::personas::find(args.persona.persona_dir.as_deref(), &mut std::io::stderr())?;
    let persona = match &args.persona.persona {
        Some(name) => catalogue.get(name),
        None => catalogue.default_persona(),
    };
    let persona = persona
        .cloned()
        .ok_or_else(|| catalogue.unknown(args.persona.persona.as_deref().unwrap_or("backend-architect")))?;
    let (mut model, mut note) = (None, None);
    if args.persona.llm {
        let p = &args.persona;
        match connect(
            &p.endpoint.flags(),
            &|k| std::env::var(k).ok(),
            dirs::config_dir().as_deref(),
            p.endpoint.log_file.as_deref(),
        ) {
            Ok(m) => {
                note = Some(format!("asking {}; t asks a question, C asks for a review", m.describe()));
                model = Some(m);
            }
            Err(Setup::Usage(e)) => return Err(e),
            Err(Setup::Unavailable(e)) => note = Some(format!("LLM unavailable: {e}; using the offline voice")),
        }
    }
    Ok(Agent { persona, model, live: args.live, live_delay: LIVE_DELAY, note })
}

pub fn run(args: Args) -> u8 {
    let agent = match agent(&args) {
        Ok(a) => a,
        Err(e) => {
            errln!("error: {e}");
            return BAD_INPUT;
        }
    };
    let options = Options { file: args.file, example: args.example, ascii: args.ascii };
    // A design that does not load is told as `archcrit check` tells it.
    let opened = match tui::open(&options) {
        Ok(opened) => opened,
        Err(tui::OpenError::Load(e)) => return super::load_failure::report(&e),
        Err(e) => {
            errln!("error: {e}");
            return BAD_INPUT;
        }
    };
    tui::run(opened, options, Services::builtin(), agent)
}
