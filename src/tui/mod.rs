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
use archcrit_app::{PersonaStart, Services, Startup, State};
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

/// Why the workshop cannot open what it was asked to.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(transparent)]
    NoExample(#[from] examples::UnknownExample),
    /// The file (or an embedded example) does not load: file:line and what to do.
    #[error(transparent)]
    Load(#[from] file::LoadError),
}

/// Reads what `options` names; errors are for the person, with file:line.
pub fn open(options: &Options) -> Result<Startup, OpenError> {
    if let Some(name) = &options.example {
        let text = examples::find(name)?;
        let design = file::load_str(text, name)?;
        // Kept in the binary, so clean; with no file of its own the first
        // save asks for a name, as for a scratch design.
        return Ok(Startup { saved: true, unnamed: format!("[example {name}]"), ..Startup::new(design) });
    }
    match &options.file {
        Some(path) if path.exists() => {
            let loaded = file::load_path(path)?;
            Ok(Startup {
                file: Some(path.clone()),
                saved: true,
                has_comments: loaded.has_comments,
                ..Startup::new(loaded.design)
            })
        }
        Some(path) => {
            let name =
                path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "New design".into());
            Ok(Startup { file: Some(path.clone()), saved: true, ..Startup::new(Design::new(name)) })
        }
        None => Ok(Startup { saved: true, ..Startup::new(Design::new("Untitled")) }),
    }
}

/// Runs the workshop on what `open` read for `options`; returns the
/// process exit code.
pub fn run(opened: Startup, options: Options, services: Services, agent: Agent) -> u8 {
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the task runtime: {e}");
            return crate::exit::BAD_INPUT;
        }
    };
    let mut start = opened;
    start.persona = PersonaStart {
        title: agent.persona.title().to_string(),
        colour: agent.persona.rgb(),
        llm: agent.model.is_some(),
        live: agent.live,
        note: agent.note.clone(),
    };
    interview_setup(&mut start, agent.model.is_some());
    let (state, effects) = State::new(start, services);
    let theme = theme::Theme::from_env(options.ascii);
    let recovery = match &options.example {
        Some(name) => Recovery::example(name),
        None => Recovery::scratch(),
    };
    runtime.block_on(event_loop::run(state, effects, theme, agent, recovery))
}

/// Adds the person's own interview scripts; with a language model (the
/// persona's, shared) interviews also get follow-ups and a summary.
fn interview_setup(start: &mut Startup, has_model: bool) {
    if let Some(dir) = dirs::config_dir().map(|d| d.join("archcrit").join("interviews")) {
        match start.interviews.clone().with_dir(&dir) {
            Ok(library) => start.interviews = library,
            Err(e) => start.message = Some((archcrit_app::Level::Error, format!("interview scripts: {e}"))),
        }
    }
    start.follow_ups = has_model;
}
