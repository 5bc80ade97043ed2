//! The parsed form of an interview script: questions, their types,
//! conditions, bindings and effects. Built only by `load` (which checks
//! everything), read by the session. See docs/interviews.md for the YAML.

use super::answer::QuestionType;
use super::condition::Condition;
use super::flows::FlowOp;
use super::target::{Selector, Target};
use crate::model::{ComponentField, ComponentId, Kind, LinkField};

/// One interview: an ordered list of questions.
#[derive(Debug, Clone, PartialEq)]
pub struct Script {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub questions: Vec<Question>,
    /// Where it came from (`built-in` or a path), for messages.
    pub origin: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    pub id: String,
    /// The words the persona says.
    pub ask: String,
    /// Why an architect asks this; shown under the question.
    pub why: Option<String>,
    pub ty: QuestionType,
    /// Asked only when this holds (evaluated when the question comes up).
    pub when: Option<Condition>,
    /// Pre-fills the answer from the design and receives the answer back.
    pub bind: Option<Target>,
    pub effects: Vec<Effect>,
    /// Whether an LLM may ask follow-ups after this question.
    pub follow_ups: bool,
    /// 1-based line of the question in its file.
    pub line: usize,
}

/// One change an answer makes, when its condition holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Effect {
    pub when: Option<Condition>,
    pub op: EffectOp,
}

#[derive(Debug, Clone, PartialEq)]
pub enum EffectOp {
    /// Set the target to the answer (`value: None`) or to a literal, where
    /// `{answer}` is replaced by the answer's text.
    Set { target: Target, value: Option<String> },
    /// Set a number or count to at least `to` (never lowers it).
    Raise { target: Target, to: f64 },
    /// Add a component unless one with this id exists.
    Add { id: ComponentId, kind: Kind, fields: Vec<(ComponentField, String)> },
    /// Link every `from` component to every `to` component (skipping
    /// links that exist or would link a component to itself).
    Link { from: Selector, to: Selector, fields: Vec<(LinkField, String)> },
    /// Apply a catalogue pattern where the critique suggests it.
    Pattern { id: String },
    /// Create flows (request types) from the answer; see `flows.rs`.
    Flow(FlowOp),
}

impl Script {
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    pub fn position(&self, id: &str) -> Option<usize> {
        self.questions.iter().position(|q| q.id == id)
    }
}
