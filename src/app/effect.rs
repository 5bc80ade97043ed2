//! `Effect`: what `update` asks the outside world to do. Workers and the
//! TUI carry these out; `update` itself never does I/O.

use std::path::PathBuf;

use crate::domain::interview::{FollowUpRequest, SummaryRequest};
use crate::domain::model::Design;

#[derive(Debug, Clone)]
pub enum Effect {
    /// Critique this design (latest wins; the result comes back as
    /// `CritiqueReady` tagged with its revision).
    Analyze(Box<Design>),
    /// Write the design to `path` atomically; answers `Saved`/`SaveFailed`.
    Save {
        path: PathBuf,
        design: Box<Design>,
    },
    /// Write a recovery copy beside `file` (or the scratch location) after
    /// a quiet moment; a later autosave replaces a pending one.
    Autosave {
        file: Option<PathBuf>,
        design: Box<Design>,
    },
    /// The work is safe (saved or deliberately discarded): drop the
    /// recovery copy and any pending autosave.
    DiscardRecovery {
        file: Option<PathBuf>,
    },
    /// Watch this file for changes made by others (`None` stops watching).
    Watch(Option<PathBuf>),
    /// Ask the language model for follow-ups to an interview answer;
    /// answers `InterviewFollowUps` (only issued when a model is there).
    InterviewFollowUps {
        request: FollowUpRequest,
        design: Box<Design>,
    },
    /// Ask the language model to sum up a finished interview; answers
    /// `InterviewSummary`.
    InterviewSummary {
        request: SummaryRequest,
        design: Box<Design>,
    },
    Quit,
}
