//! The persona worker: owns the agent task, turns its events into
//! `Action`s, and runs live mode's quiet-time timer (`LiveCritique`),
//! which answers `LiveDue` once edits have paused.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::mpsc::{self, UnboundedSender};

use super::agent::{self, AgentEvent, AgentHandle, AgentRequest, LiveCritique};
use super::llm::ChatModel;
use archcrit_app::Action;
use archcrit_core::persona::Persona;

/// How long edits must pause before live mode re-critiques.
pub const LIVE_DELAY: Duration = Duration::from_secs(3);

pub struct PersonaWorker {
    requests: mpsc::Sender<AgentRequest>,
    live: UnboundedSender<u64>,
}

/// What the agent reports, as the action `update` understands.
pub fn action(event: AgentEvent) -> Action {
    match event {
        AgentEvent::Token { turn, text } => Action::AgentToken { turn, text },
        AgentEvent::Waiting { turn, message } => Action::AgentWaiting { turn, message },
        AgentEvent::Proposal { turn, edits, refused, summary } => {
            Action::AgentProposal { turn, edits, refused, summary }
        }
        AgentEvent::Finished { turn } => Action::AgentFinished { turn },
        AgentEvent::Failed { turn, message, fallback_text } => Action::AgentFailed { turn, message, fallback_text },
        AgentEvent::Cancelled { turn } => Action::AgentCancelled { turn },
    }
}

impl PersonaWorker {
    /// Starts the agent (offline voice when `model` is `None`) on the
    /// current tokio runtime.
    pub fn spawn(
        persona: Persona,
        model: Option<Arc<dyn ChatModel>>,
        actions: UnboundedSender<Action>,
        live_delay: Duration,
    ) -> PersonaWorker {
        let AgentHandle { requests, mut events } = agent::spawn(persona, model);
        let forward = actions.clone();
        tokio::spawn(async move {
            while let Some(event) = events.recv().await {
                if forward.send(action(event)).is_err() {
                    break;
                }
            }
        });
        let (live, mut edits) = mpsc::unbounded_channel::<u64>();
        tokio::spawn(async move {
            let mut debounce = LiveCritique::new(live_delay);
            loop {
                let next = debounce.next_check();
                let wake = tokio::time::Instant::from_std(next.unwrap_or_else(Instant::now));
                tokio::select! {
                    edit = edits.recv() => match edit {
                        Some(revision) => debounce.edited(Instant::now(), revision),
                        None => break,
                    },
                    _ = tokio::time::sleep_until(wake), if next.is_some() => {
                        if let Some(revision) = debounce.due(Instant::now())
                            && actions.send(Action::LiveDue { revision }).is_err()
                        {
                            break;
                        }
                    }
                }
            }
        });
        PersonaWorker { requests, live }
    }

    pub fn request(&self, request: AgentRequest) {
        if let Err(e) = self.requests.try_send(request) {
            tracing::warn!(error = %e, "the persona agent is not taking requests");
        }
    }

    pub fn edited(&self, revision: u64) {
        let _ = self.live.send(revision);
    }
}
