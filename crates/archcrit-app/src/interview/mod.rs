//! A guided interview in the workshop: the running `Session`, the answer
//! being typed, and what `update` does on start, answer, skip, back and
//! pause. Answers change the design only through the history (one undoable
//! step each), so the canvas and findings follow like any other edit. The
//! session lives in the domain; nothing here asks a model or touches files.
//!
//! Follow-ups from a model arrive whenever the model is done. They are asked
//! at once only if that loses nothing the person typed; otherwise they are
//! held and asked after the answer being typed is sent.

mod run;

pub(crate) use run::{edit_input, follow_ups_ready, key, start, summary_ready};

use std::collections::VecDeque;

use crate::input::LineInput;
use crate::state::State;
use archcrit_core::interview::{FollowUpRequest, Library, QuestionView, Session};

/// The script `i` runs when nothing says otherwise.
pub const DEFAULT_SCRIPT: &str = "new-system";

/// An interview under way in the persona's panel.
#[derive(Debug, Clone)]
pub struct Interview {
    pub session: Session,
    pub input: LineInput,
    /// Why the last answer was refused; the question stays.
    pub error: Option<String>,
    /// What the last answer did to the design, and effects that did nothing.
    pub last: Vec<String>,
    /// Follow-up requests handed to a model and not yet answered.
    pub pending: Vec<FollowUpRequest>,
    /// Follow-ups that arrived while the person was typing (or answering
    /// other follow-ups), oldest first; asked once the box is free.
    pub held: VecDeque<(FollowUpRequest, Vec<String>)>,
    /// What the answer box held when the question appeared (the pre-fill),
    /// to tell whether the person has typed since.
    pub shown: String,
}

impl Interview {
    fn new(session: Session) -> Interview {
        Interview {
            session,
            input: LineInput::default(),
            error: None,
            last: Vec::new(),
            pending: Vec::new(),
            held: VecDeque::new(),
            shown: String::new(),
        }
    }

    /// The question being asked of `state`'s design.
    pub fn current(&self, state: &State) -> Option<QuestionView> {
        self.session.current(state.doc.design())
    }

    /// Where `view` is in its script, as (number, total): its place among
    /// the script's questions and their count, as `archcrit interview
    /// --list` gives it. Stable while answers skip questions (a skipped one
    /// leaves a gap rather than changing the total).
    pub fn progress(&self, view: &QuestionView) -> (usize, usize) {
        let questions = &self.session.script().questions;
        let base = view.id.split_once(archcrit_core::interview::FOLLOW_UP_MARK).map_or(view.id.as_str(), |(b, _)| b);
        let number = questions.iter().position(|q| q.id == base).map_or(view.number, |i| i + 1);
        (number, questions.len())
    }

    /// Nothing typed since the question appeared: switching questions now
    /// loses nothing.
    pub fn untouched(&self) -> bool {
        self.input.text() == self.shown
    }

    /// Hands the oldest held follow-ups that still apply to the session,
    /// unless it is already asking some; true when some were queued.
    fn release_held(&mut self) -> bool {
        while !self.session.has_queued_follow_ups() {
            let Some((request, questions)) = self.held.pop_front() else { return false };
            if self.session.offer_follow_ups(&request, questions) > 0 {
                return true;
            }
        }
        false
    }
}

/// The scripts the workshop offers (built-ins; the TUI may add a directory).
pub fn library() -> Library {
    Library::built_in().unwrap_or_default()
}
