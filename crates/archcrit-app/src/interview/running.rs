//! The interview feature's data: the scripts on offer, the interview under
//! way in the persona's panel (its session, the answer being typed, the
//! follow-ups on their way) and whether a model asks follow-ups.

use std::collections::VecDeque;

use crate::input::LineInput;
use archcrit_core::interview::{FollowUpRequest, Library, QuestionView, Session};
use archcrit_core::model::Design;

/// The interviews of a workshop: what `:interview` offers and the one under way.
pub struct Interviews {
    /// The interview scripts `:interview` offers.
    pub library: Library,
    /// The interview under way in the persona's panel, if any.
    pub running: Option<Interview>,
    /// A language model is there to ask follow-ups and summarise interviews.
    pub follow_ups: bool,
}

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
    pub(super) fn new(session: Session) -> Interview {
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

    /// The question being asked of `design`.
    pub fn current(&self, design: &Design) -> Option<QuestionView> {
        self.session.current(design)
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
    pub(super) fn release_held(&mut self) -> bool {
        while !self.session.has_queued_follow_ups() {
            let Some((request, questions)) = self.held.pop_front() else { return false };
            if self.session.offer_follow_ups(&request, questions) > 0 {
                return true;
            }
        }
        false
    }
}
