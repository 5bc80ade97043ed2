//! Background work on tokio: the analyzer (latest-wins critique), the file
//! writer (saves and autosaves), the file watcher, and the persona agent
//! with its LLM client. Each reports back over a channel; a failure becomes
//! a message, never a panic.

pub mod agent;
pub mod analyzer;
pub mod files;
pub mod interview;
pub mod llm;
pub mod watch;

use std::sync::{Arc, Mutex};

use tokio::sync::mpsc::UnboundedSender;

use crate::app::{Action, Effect, Services};

/// Handles to the running workers; `run` hands each effect to its worker.
pub struct Workers {
    analyzer: analyzer::Analyzer,
    files: files::Files,
    watched: Arc<Mutex<watch::Watched>>,
    interviewer: interview::Interviewer,
}

impl Workers {
    /// Starts the workers on the current tokio runtime.
    pub fn spawn(services: Services, actions: UnboundedSender<Action>) -> Workers {
        let watched = Arc::new(Mutex::new(watch::Watched::default()));
        let analyzer = analyzer::Analyzer::spawn(services.critique, actions.clone());
        let files = files::Files::spawn(actions.clone(), watched.clone());
        let interviewer = interview::Interviewer::new(None, actions.clone());
        watch::spawn(watched.clone(), actions);
        Workers { analyzer, files, watched, interviewer }
    }

    /// Gives interviews a language model for follow-ups and summaries.
    pub fn with_interview_model(
        mut self,
        model: Option<Arc<dyn llm::ChatModel>>,
        actions: UnboundedSender<Action>,
    ) -> Workers {
        self.interviewer = interview::Interviewer::new(model, actions);
        self
    }

    /// Carries out effects; returns true when the app asked to quit.
    pub fn run(&self, effects: Vec<Effect>) -> bool {
        let mut quit = false;
        for effect in effects {
            match effect {
                Effect::Analyze(design) => self.analyzer.request(design),
                Effect::Save { path, design } => self.files.send(files::Job::Save { path, design }),
                Effect::Autosave { file, design } => self.files.send(files::Job::Autosave { file, design }),
                Effect::DiscardRecovery { file } => self.files.send(files::Job::Discard { file }),
                Effect::Watch(path) => watch::set(&self.watched, path),
                Effect::InterviewFollowUps { request, design } => self.interviewer.follow_ups(request, design),
                Effect::InterviewSummary { request, design } => self.interviewer.summary(request, design),
                Effect::Quit => quit = true,
            }
        }
        quit
    }
}
