//! Background work on tokio: the analyzer (latest-wins critique), the file
//! writer (saves and autosaves), the file watcher, and the persona agent
//! with its LLM client. Each reports back over a channel; a failure becomes
//! a message, never a panic.

pub mod agent;
pub mod analyzer;
pub mod diff;
pub mod export;
pub mod files;
pub mod import;
pub mod interview;
pub mod llm;
pub mod persona;
pub mod traces;
pub mod watch;

use std::sync::{Arc, Mutex};

use tokio::sync::mpsc::UnboundedSender;

use agent::AgentRequest;
use archcrit_app::{Action, Effect, Services};

/// Handles to the running workers; `run` hands each effect to its worker.
pub struct Workers {
    analyzer: analyzer::Analyzer,
    files: files::Files,
    watched: Arc<Mutex<watch::Watched>>,
    interviewer: interview::Interviewer,
    actions: UnboundedSender<Action>,
    persona: Option<persona::PersonaWorker>,
}

impl Workers {
    /// Starts the workers on the current tokio runtime.
    pub fn spawn(services: Services, actions: UnboundedSender<Action>) -> Workers {
        Workers::spawn_with(services, actions, files::Recovery::scratch())
    }

    /// As `spawn`, keeping unnamed work's recovery copy where `recovery` says.
    pub fn spawn_with(services: Services, actions: UnboundedSender<Action>, recovery: files::Recovery) -> Workers {
        let watched = Arc::new(Mutex::new(watch::Watched::default()));
        let analyzer = analyzer::Analyzer::spawn(services.critique, actions.clone());
        let files = files::Files::spawn(actions.clone(), watched.clone(), recovery);
        let interviewer = interview::Interviewer::new(None, actions.clone());
        watch::spawn(watched.clone(), actions.clone());
        Workers { analyzer, files, watched, interviewer, actions, persona: None }
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

    /// Starts the persona agent; without it persona effects are dropped.
    pub fn start_persona(
        &mut self,
        persona: archcrit_core::persona::Persona,
        model: Option<Arc<dyn llm::ChatModel>>,
        live_delay: std::time::Duration,
    ) {
        self.persona = Some(persona::PersonaWorker::spawn(persona, model, self.actions.clone(), live_delay));
    }

    /// Carries out effects; returns true when the app asked to quit.
    pub fn run(&self, effects: Vec<Effect>) -> bool {
        let mut quit = false;
        for effect in effects {
            match effect {
                Effect::Analyze(design) => self.analyzer.request(design),
                Effect::Save { path, design, force } => self.files.send(files::Job::Save { path, design, force }),
                Effect::Autosave { file, design } => self.files.send(files::Job::Autosave { file, design }),
                Effect::DiscardRecovery { file } => self.files.send(files::Job::Discard { file }),
                Effect::Watch(path) => watch::set(&self.watched, path),
                Effect::InterviewFollowUps { request, design } => self.interviewer.follow_ups(request, design),
                Effect::InterviewSummary { request, design } => self.interviewer.summary(request, design),
                Effect::AgentAsk { turn, question, design, report } => self.agent(AgentRequest::Ask {
                    turn,
                    question,
                    design: Arc::from(design),
                    report: Arc::from(report),
                }),
                Effect::AgentCritique { turn, design, report } => {
                    self.agent(AgentRequest::Critique { turn, design: Arc::from(design), report: Arc::from(report) })
                }
                Effect::AgentCancel { turn } => self.agent(AgentRequest::Cancel { turn }),
                Effect::AgentOutcome { turn, applied } => self.agent(AgentRequest::Outcome { turn, applied }),
                Effect::LiveEdited { revision } => {
                    if let Some(p) = &self.persona {
                        p.edited(revision);
                    }
                }
                Effect::Export { format, path, design, report } => {
                    export::spawn(format, path, design, report, self.actions.clone())
                }
                Effect::ReadBase { path, rev } => diff::spawn(path, rev, self.actions.clone()),
                Effect::ReadTraces { files, options } => traces::spawn(files, options, self.actions.clone()),
                Effect::Import { files } => import::spawn(files, self.actions.clone()),
                Effect::Quit => quit = true,
            }
        }
        quit
    }

    /// The file writer, for the signal watchdog's last-resort flush.
    pub fn files(&self) -> files::Files {
        self.files.clone()
    }

    fn agent(&self, request: AgentRequest) {
        if let Some(p) = &self.persona {
            p.request(request);
        }
    }
}
