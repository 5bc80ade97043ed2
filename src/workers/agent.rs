//! The persona agent: a tokio task the UI talks to over channels, so typing
//! and moving boxes stay responsive while an answer streams.
//!
//! Wiring (for the TUI's chat panel):
//! ```text
//! let AgentHandle { requests, mut events } = agent::spawn(persona, model);
//! requests.send(AgentRequest::Ask { turn, question, design, report }).await;   // Enter in chat
//! requests.send(AgentRequest::Critique { turn, design, report }).await;        // live mode / on demand
//! requests.send(AgentRequest::Cancel { turn }).await;                          // Esc
//! requests.send(AgentRequest::Outcome { turn, applied }).await;                // y / n on a proposal
//! // drain `events` each frame (try_recv) and turn them into Actions:
//! //   Token { turn, text }        append to the answer of `turn`
//! //   Waiting { turn, message }   the server said "later" (429, 503): the
//! //                               model is retried after the wait the line names
//! //   Proposal { turn, edits, refused, summary }   show as a diff to accept/reject
//! //   Finished { turn }           the answer is complete
//! //   Failed { turn, message, fallback_text }   one-line message; keep partial
//! //                               text, then show the offline voice's answer
//! //   Cancelled { turn }          the turn was stopped (Esc or a newer turn)
//! ```
//! Turns are numbered by the caller; events carry the turn so stale ones
//! can be dropped. A new Ask or Critique cancels the one still running.
//! Every turn ends with exactly one Finished, Failed or Cancelled.
//! With no model (`None`) the agent answers in the offline voice.
//! A turn that proposed edits is remembered as the model made it: its
//! `tool_calls`, then one tool message per call saying what became of it
//! (refused with the reason, awaiting the user, then applied or declined
//! once `Outcome` arrives), so the next turn knows what happened.
//! A `what_if` call is not a proposal: it runs on a scratch copy at once,
//! its numbers go back to the model as the call's tool message, and the
//! model's follow-up streams on in the same turn (at most `MAX_ROUNDS`
//! requests a turn; past that the panel says it stopped).
//! `LiveCritique` is the debounce for live mode: re-critique a few seconds
//! after the last edit, only when the design's revision changed.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::StreamExt;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::workers::llm::{
    ChatMessage, ChatModel, ChatRequest, Delta, LlmError, Role, ToolCall, prompt, tools, whatif_tool,
};
use archcrit_core::critic::Report;
use archcrit_core::model::{Design, Edit};
use archcrit_core::persona::{Persona, offline};

#[derive(Debug, Clone)]
pub enum AgentRequest {
    Ask {
        turn: u64,
        question: String,
        design: Arc<Design>,
        report: Arc<Report>,
    },
    Critique {
        turn: u64,
        design: Arc<Design>,
        report: Arc<Report>,
    },
    Cancel {
        turn: u64,
    },
    /// The user applied (`y`) or declined (`n`) the proposal of `turn`.
    Outcome {
        turn: u64,
        applied: bool,
    },
    /// Switch persona; the conversation starts over.
    SetPersona(Box<Persona>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum AgentEvent {
    Token {
        turn: u64,
        text: String,
    },
    /// Before any text: the endpoint refused for now (rate limit, server
    /// error) and is asked again after the wait `message` names. A cancel
    /// stops the wait at once.
    Waiting {
        turn: u64,
        message: String,
    },
    /// Validated edits the model proposes (never applied here) and the
    /// proposals refused, each with its reason.
    Proposal {
        turn: u64,
        edits: Vec<Edit>,
        refused: Vec<String>,
        summary: String,
    },
    Finished {
        turn: u64,
    },
    Failed {
        turn: u64,
        message: String,
        fallback_text: String,
    },
    Cancelled {
        turn: u64,
    },
}

pub struct AgentHandle {
    pub requests: mpsc::Sender<AgentRequest>,
    pub events: mpsc::Receiver<AgentEvent>,
}

/// How many earlier turns (question, answer and any tool outcomes) go
/// with a question. Whole turns, so a tool message never loses its call.
const HISTORY_TURNS: usize = 4;

/// What a tool message says until the user decides.
const AWAITING: &str = "proposed to the user, who has not decided yet; nothing is applied until they accept";

/// Requests to the model in one turn at most: a `what_if` call's result is
/// sent back in the same turn for the model to go on, and a model that keeps
/// asking is stopped here.
pub const MAX_ROUNDS: usize = 4;

/// The tool message for a what-if asked for in the last round.
const ROUNDS_SPENT: &str =
    "{\"error\": \"not run: this answer reached its limit of what-if rounds; answer with what you have\"}";

/// The conversation so far, one entry per finished turn.
type History = Arc<Mutex<Vec<(u64, Vec<ChatMessage>)>>>;

/// Starts the agent on the current tokio runtime.
pub fn spawn(persona: Persona, model: Option<Arc<dyn ChatModel>>) -> AgentHandle {
    let (req_tx, mut req_rx) = mpsc::channel::<AgentRequest>(64);
    let (ev_tx, ev_rx) = mpsc::channel::<AgentEvent>(1024);
    tokio::spawn(async move {
        let mut persona = Arc::new(persona);
        let history: History = Arc::default();
        let mut running: Option<Running> = None;
        while let Some(request) = req_rx.recv().await {
            let (turn, question, design, report) = match request {
                AgentRequest::Cancel { turn } => {
                    if running.as_ref().is_some_and(|r| r.turn == turn) {
                        stop(&mut running, &ev_tx).await;
                    }
                    continue;
                }
                AgentRequest::Outcome { turn, applied } => {
                    record_outcome(&history, turn, applied);
                    continue;
                }
                AgentRequest::SetPersona(p) => {
                    stop(&mut running, &ev_tx).await;
                    persona = Arc::new(*p);
                    if let Ok(mut h) = history.lock() {
                        h.clear();
                    }
                    continue;
                }
                AgentRequest::Ask { turn, question, design, report } => (turn, Some(question), design, report),
                AgentRequest::Critique { turn, design, report } => (turn, None, design, report),
            };
            stop(&mut running, &ev_tx).await;
            let ending = Arc::new(AtomicBool::new(false));
            let turn_task = Turn {
                ending: ending.clone(),
                turn,
                question,
                design,
                report,
                persona: persona.clone(),
                model: model.clone(),
                history: history.clone(),
                events: ev_tx.clone(),
            };
            running = Some(Running { turn, ending, task: tokio::spawn(turn_task.run()) });
        }
        stop(&mut running, &ev_tx).await;
    });
    AgentHandle { requests: req_tx, events: ev_rx }
}

struct Running {
    turn: u64,
    /// Set once the turn is sending its final event; it is then left to
    /// finish, so a turn ends with exactly one of Finished, Failed or Cancelled.
    ending: Arc<AtomicBool>,
    task: JoinHandle<()>,
}

async fn stop(running: &mut Option<Running>, events: &mpsc::Sender<AgentEvent>) {
    if let Some(r) = running.take()
        && !r.ending.load(Ordering::SeqCst)
    {
        r.task.abort();
        let _ = events.send(AgentEvent::Cancelled { turn: r.turn }).await;
    }
}

struct Turn {
    turn: u64,
    ending: Arc<AtomicBool>,
    question: Option<String>,
    design: Arc<Design>,
    report: Arc<Report>,
    persona: Arc<Persona>,
    model: Option<Arc<dyn ChatModel>>,
    history: History,
    events: mpsc::Sender<AgentEvent>,
}

/// Rewrites the waiting tool messages of `turn` with the user's decision.
fn record_outcome(history: &History, turn: u64, applied: bool) {
    let outcome = if applied {
        "applied: the user accepted the proposal and the design now includes it"
    } else {
        "declined: the user rejected the proposal; nothing changed"
    };
    if let Ok(mut h) = history.lock()
        && let Some((_, messages)) = h.iter_mut().find(|(t, _)| *t == turn)
    {
        for m in messages.iter_mut().filter(|m| m.role == Role::Tool && m.content == AWAITING) {
            m.content = outcome.to_string();
        }
    }
}

impl Turn {
    fn offline_text(&self) -> String {
        match &self.question {
            Some(q) => offline::answer(&self.persona, &self.design, &self.report, q),
            None => offline::review(&self.persona, &self.design, &self.report),
        }
    }

    async fn send(&self, event: AgentEvent) {
        let _ = self.events.send(event).await;
    }

    /// One request to the model: its text streams to the UI as it comes;
    /// the tool calls it made are returned with the whole text.
    async fn round(
        &self,
        model: &Arc<dyn ChatModel>,
        messages: Vec<ChatMessage>,
    ) -> Result<(String, Vec<ToolCall>), LlmError> {
        let turn = self.turn;
        let mut stream = model.stream(ChatRequest { messages, tools: true }).await?;
        let (mut answer, mut calls) = (String::new(), Vec::new());
        loop {
            match stream.next().await {
                Some(Ok(Delta::Text(t))) => {
                    answer.push_str(&t);
                    self.send(AgentEvent::Token { turn, text: t }).await;
                }
                Some(Ok(Delta::ToolCall(c))) => calls.push(c),
                Some(Ok(Delta::Waiting(notice))) => {
                    self.send(AgentEvent::Waiting { turn, message: notice.to_string() }).await;
                }
                Some(Ok(Delta::Done)) | None => return Ok((answer, calls)),
                Some(Err(e)) => return Err(e),
            }
        }
    }

    async fn run(self) {
        let turn = self.turn;
        let Some(model) = self.model.clone() else {
            let text = self.offline_text();
            self.ending.store(true, Ordering::SeqCst);
            self.send(AgentEvent::Token { turn, text }).await;
            self.send(AgentEvent::Finished { turn }).await;
            return;
        };
        let mut messages = vec![prompt::system(&self.persona), prompt::context(&self.design, &self.report)];
        if let Ok(h) = self.history.lock() {
            let start = h.len().saturating_sub(HISTORY_TURNS);
            messages.extend(h[start..].iter().flat_map(|(_, turn)| turn.iter().cloned()));
        }
        let ask = match &self.question {
            Some(q) => ChatMessage::user(q.clone()),
            None => prompt::critique_request(),
        };
        messages.push(ask.clone());
        let mut remembered = vec![ask];
        let (mut edits, mut refused) = (Vec::new(), Vec::new());
        for round in 1..=MAX_ROUNDS {
            let (answer, calls) = match self.round(&model, messages.clone()).await {
                Ok(got) => got,
                Err(e) => {
                    tracing::warn!(turn, round, error = %e, "agent turn failed; falling back to the offline voice");
                    let fallback_text = self.offline_text();
                    self.ending.store(true, Ordering::SeqCst);
                    self.send(AgentEvent::Failed { turn, message: e.to_string(), fallback_text }).await;
                    return;
                }
            };
            if calls.is_empty() {
                remembered.push(ChatMessage::assistant(answer));
                break;
            }
            let mut outcomes = Vec::new();
            let mut asked = false;
            for call in &calls {
                if call.name == whatif_tool::NAME {
                    asked = true;
                    if round == MAX_ROUNDS {
                        outcomes.push(ChatMessage::tool_outcome(&call.id, ROUNDS_SPENT));
                        continue;
                    }
                    let ran = whatif_tool::run(&self.design, &self.report, call);
                    self.send(AgentEvent::Token { turn, text: format!("\n[{}]\n", ran.note) }).await;
                    outcomes.push(ChatMessage::tool_outcome(&call.id, ran.result));
                    continue;
                }
                match tools::to_edit(&self.design, &self.report, call) {
                    Ok(e) => {
                        edits.push(e);
                        outcomes.push(ChatMessage::tool_outcome(&call.id, AWAITING));
                    }
                    Err(refusal) => {
                        let why = refusal.to_string();
                        outcomes.push(ChatMessage::tool_outcome(&call.id, format!("{why}; nothing changed")));
                        refused.push(why);
                    }
                }
            }
            let said = ChatMessage::assistant_calls(answer, calls);
            messages.push(said.clone());
            messages.extend(outcomes.iter().cloned());
            remembered.push(said);
            remembered.extend(outcomes);
            if !asked {
                break;
            }
            if round == MAX_ROUNDS {
                let text = format!(
                    "\n[stopped: the model asked for more what-ifs than one answer allows ({MAX_ROUNDS} rounds); ask again to go on]\n"
                );
                self.send(AgentEvent::Token { turn, text }).await;
            }
        }
        self.ending.store(true, Ordering::SeqCst);
        if !edits.is_empty() || !refused.is_empty() {
            let mut summary: Vec<String> = edits.iter().map(Edit::describe).collect();
            if !refused.is_empty() {
                summary.push(format!("{} refused", refused.len()));
            }
            self.send(AgentEvent::Proposal { turn, edits, refused, summary: summary.join("; ") }).await;
        }
        if let Ok(mut h) = self.history.lock() {
            h.push((turn, remembered));
        }
        self.send(AgentEvent::Finished { turn }).await;
    }
}

/// Live-mode debounce: a re-critique falls due `delay` after the last edit,
/// each new edit restarts the wait, and a revision already critiqued is
/// never critiqued again. Pure: the caller passes the clock.
#[derive(Debug, Clone)]
pub struct LiveCritique {
    delay: Duration,
    last_edit: Option<(Instant, u64)>,
    critiqued: Option<u64>,
}

impl LiveCritique {
    pub fn new(delay: Duration) -> Self {
        LiveCritique { delay, last_edit: None, critiqued: None }
    }

    /// The design changed to `revision` at `now`.
    pub fn edited(&mut self, now: Instant, revision: u64) {
        self.last_edit = Some((now, revision));
    }

    /// The revision to critique now, if one is due. Marks it critiqued.
    pub fn due(&mut self, now: Instant) -> Option<u64> {
        let (at, revision) = self.last_edit?;
        if now.duration_since(at) < self.delay || self.critiqued == Some(revision) {
            return None;
        }
        self.critiqued = Some(revision);
        self.last_edit = None;
        Some(revision)
    }

    /// When the next check is worth making (for a timer), if any.
    pub fn next_check(&self) -> Option<Instant> {
        self.last_edit.map(|(at, _)| at + self.delay)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_critique_waits_for_quiet_and_a_new_revision() {
        let t0 = Instant::now();
        let s = Duration::from_secs(1);
        let mut live = LiveCritique::new(3 * s);
        assert_eq!(live.due(t0), None);
        live.edited(t0, 1);
        assert_eq!(live.due(t0 + 2 * s), None);
        live.edited(t0 + 2 * s, 2);
        assert_eq!(live.due(t0 + 4 * s), None, "a new edit restarts the wait");
        assert_eq!(live.next_check(), Some(t0 + 5 * s));
        assert_eq!(live.due(t0 + 5 * s), Some(2));
        assert_eq!(live.due(t0 + 9 * s), None, "once per revision");
        live.edited(t0 + 10 * s, 2);
        assert_eq!(live.due(t0 + 20 * s), None, "same revision (e.g. undo back) is not critiqued again");
        live.edited(t0 + 21 * s, 3);
        assert_eq!(live.due(t0 + 24 * s), Some(3));
    }
}
