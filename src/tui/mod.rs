//! The terminal workshop: opens a design, sets up the terminal, and runs
//! the event loop (drain events, update, draw at most once per frame)
//! until the person quits or a signal arrives.

mod event_loop;
mod keys;
mod shutdown;
mod terminal;
pub mod theme;
pub mod view;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::workers::files::Recovery;
use crate::workers::llm::ChatModel;
use archcrit_app::{Services, State};
use archcrit_core::persona::Persona;
use archcrit_core::{examples, file, model::Design};

/// How the workshop was asked to start.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub file: Option<PathBuf>,
    pub example: Option<String>,
    pub ascii: bool,
}

/// The persona who sits in on the workshop, and how it answers.
pub struct Agent {
    pub persona: Persona,
    /// `None`: the offline voice.
    pub model: Option<Arc<dyn ChatModel>>,
    /// Start in live mode.
    pub live: bool,
    pub live_delay: Duration,
    /// Shown in the persona's panel at start (e.g. why the LLM is not used).
    pub note: Option<String>,
}

/// What was opened: the design, where it is kept and what is known about it.
pub struct Opened {
    pub design: Design,
    pub file: Option<PathBuf>,
    /// Nothing to lose yet: the design is as its file (or the embedded
    /// example) has it, or brand new and empty. No unsaved marker, and
    /// quitting does not ask, until it is edited.
    pub saved: bool,
    pub has_comments: bool,
}

/// Reads what `options` names; errors are for the person, with file:line.
pub fn open(options: &Options) -> Result<Opened, String> {
    if let Some(name) = &options.example {
        let text =
            examples::example(name).ok_or_else(|| format!("no example `{name}`; examples: {}", examples::names()))?;
        let design = file::load_str(text, name).map_err(|e| e.to_string())?;
        // Kept in the binary, so clean; with no file of its own the first
        // save asks for a name, as for a scratch design.
        return Ok(Opened { design, file: None, saved: true, has_comments: false });
    }
    match &options.file {
        Some(path) if path.exists() => {
            let loaded = file::load_path(path).map_err(|e| e.to_string())?;
            Ok(Opened {
                design: loaded.design,
                file: Some(path.clone()),
                saved: true,
                has_comments: loaded.has_comments,
            })
        }
        Some(path) => {
            let name =
                path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "New design".into());
            Ok(Opened { design: Design::new(name), file: Some(path.clone()), saved: true, has_comments: false })
        }
        None => Ok(Opened { design: Design::new("Untitled"), file: None, saved: true, has_comments: false }),
    }
}

/// Runs the workshop; returns the process exit code.
pub fn run(options: Options, services: Services, agent: Agent) -> u8 {
    let opened = match open(&options) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return crate::exit::BAD_INPUT;
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the task runtime: {e}");
            return crate::exit::BAD_INPUT;
        }
    };
    let (mut state, effects) = State::new(opened.design, opened.file, opened.saved, opened.has_comments, services);
    interview_setup(&mut state, agent.model.is_some());
    if let Some(name) = &options.example {
        state.unnamed = format!("[example {name}]");
    }
    state.chat.persona = agent.persona.title().to_string();
    state.chat.colour = agent.persona.rgb();
    state.chat.llm = agent.model.is_some();
    state.chat.live = agent.live;
    if let Some(note) = &agent.note {
        state.chat.lines.push(archcrit_app::ChatLine { who: Some("note".into()), text: note.clone() });
    }
    let theme = theme::Theme::from_env(options.ascii);
    let recovery = match &options.example {
        Some(name) => Recovery::example(name),
        None => Recovery::scratch(),
    };
    runtime.block_on(event_loop::run(state, effects, theme, agent, recovery))
}

/// Adds the person's own interview scripts; with a language model (the
/// persona's, shared) interviews also get follow-ups and a summary.
fn interview_setup(state: &mut State, has_model: bool) {
    if let Some(dir) = dirs::config_dir().map(|d| d.join("archcrit").join("interviews")) {
        match state.interviews.clone().with_dir(&dir) {
            Ok(library) => state.interviews = library,
            Err(e) => state.message = Some((archcrit_app::Level::Error, format!("interview scripts: {e}"))),
        }
    }
    state.follow_ups = has_model;
}
