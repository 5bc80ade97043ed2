//! Follow-up questions and the end-of-interview summary: the hook an LLM
//! fills. The session never calls a model; it hands out requests and
//! accepts questions offered back (`Session::offer_follow_ups`), so a
//! tokio worker can answer asynchronously. `FollowUps` is the synchronous
//! form of the same hook, used by headless runs; `Offline` asks nothing.

use crate::model::{Design, TranscriptEntry};

/// At most this many follow-ups after one scripted answer.
pub const MAX_FOLLOW_UPS: usize = 2;

/// What a follow-up generator is told about the answer just given.
#[derive(Debug, Clone, PartialEq)]
pub struct FollowUpRequest {
    pub script: String,
    pub question: String,
    pub ask: String,
    pub answer: String,
    /// What the answer changed, in words.
    pub effects: Vec<String>,
}

/// What a summariser is told at the end of an interview.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryRequest {
    pub script: String,
    pub title: String,
    pub entries: Vec<TranscriptEntry>,
}

/// A source of follow-up questions and summaries.
pub trait FollowUps {
    /// Up to `MAX_FOLLOW_UPS` questions to ask next (more are ignored).
    fn follow_ups(&mut self, request: &FollowUpRequest, design: &Design) -> Vec<String>;
    /// A few sentences closing the interview, or `None`.
    fn summary(&mut self, request: &SummaryRequest, design: &Design) -> Option<String>;
}

/// The offline default: no follow-ups, no summary.
#[derive(Debug, Clone, Copy, Default)]
pub struct Offline;

impl FollowUps for Offline {
    fn follow_ups(&mut self, _: &FollowUpRequest, _: &Design) -> Vec<String> {
        Vec::new()
    }
    fn summary(&mut self, _: &SummaryRequest, _: &Design) -> Option<String> {
        None
    }
}
