//! The terminal workshop: opens a design, sets up the terminal, and runs
//! the event loop (drain events, update, draw at most once per frame)
//! until the person quits or a signal arrives.

mod event_loop;
mod keys;
mod terminal;
pub mod theme;
pub mod view;

use std::path::PathBuf;

use crate::app::{Services, State};
use crate::domain::{examples, file, model::Design};

/// How the workshop was asked to start.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub file: Option<PathBuf>,
    pub example: Option<String>,
    pub ascii: bool,
}

/// What was opened: the design, where it is kept and what is known about it.
pub struct Opened {
    pub design: Design,
    pub file: Option<PathBuf>,
    pub on_disk: bool,
    pub has_comments: bool,
}

/// Reads what `options` names; errors are for the person, with file:line.
pub fn open(options: &Options) -> Result<Opened, String> {
    if let Some(name) = &options.example {
        let text =
            examples::example(name).ok_or_else(|| format!("no example `{name}`; examples: {}", examples::names()))?;
        let design = file::load_str(text, name).map_err(|e| e.to_string())?;
        return Ok(Opened { design, file: None, on_disk: false, has_comments: false });
    }
    match &options.file {
        Some(path) if path.exists() => {
            let loaded = file::load_path(path).map_err(|e| e.to_string())?;
            Ok(Opened {
                design: loaded.design,
                file: Some(path.clone()),
                on_disk: true,
                has_comments: loaded.has_comments,
            })
        }
        Some(path) => {
            let name =
                path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "New design".into());
            Ok(Opened { design: Design::new(name), file: Some(path.clone()), on_disk: false, has_comments: false })
        }
        None => Ok(Opened { design: Design::new("Untitled"), file: None, on_disk: false, has_comments: false }),
    }
}

/// Runs the workshop; returns the process exit code.
pub fn run(options: Options, services: Services) -> u8 {
    let opened = match open(&options) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return crate::cli::BAD_INPUT;
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the task runtime: {e}");
            return crate::cli::BAD_INPUT;
        }
    };
    let (mut state, effects) = State::new(opened.design, opened.file, opened.on_disk, opened.has_comments, services);
    let interview_model = interview_setup(&mut state);
    let theme = theme::Theme::from_env(options.ascii);
    runtime.block_on(event_loop::run(state, effects, theme, interview_model))
}

/// Adds the person's own interview scripts and, when a language model is
/// configured, hands it to interviews for follow-ups and summaries.
fn interview_setup(state: &mut State) -> Option<std::sync::Arc<dyn crate::workers::llm::ChatModel>> {
    use crate::workers::llm;
    if let Some(dir) = dirs::config_dir().map(|d| d.join("archcrit").join("interviews")) {
        match state.interviews.clone().with_dir(&dir) {
            Ok(library) => state.interviews = library,
            Err(e) => state.message = Some((crate::app::Level::Error, format!("interview scripts: {e}"))),
        }
    }
    llm::install_crypto_provider();
    let env = |k: &str| std::env::var(k).ok();
    let model = llm::connect(&llm::config::Flags::default(), &env, dirs::config_dir().as_deref(), None).ok();
    state.follow_ups = model.is_some();
    model
}
