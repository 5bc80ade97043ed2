//! `Action`: everything that happens, as data. Intents are imperative
//! (`Key`, `Command`); results of background work are past tense and carry
//! the revision or turn they belong to, so `update` can drop stale ones.

use std::path::PathBuf;

use super::keymap::Key;
use archcrit_core::critic::Report;
use archcrit_core::interview::FollowUpRequest;
use archcrit_core::model::{Design, Edit};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MouseKind {
    Down,
    Drag,
    Up,
    ScrollUp,
    ScrollDown,
    ScrollLeft,
    ScrollRight,
}

#[derive(Debug, Clone)]
pub enum Action {
    Key(Key),
    /// A mouse event at a screen cell.
    Mouse {
        kind: MouseKind,
        x: u16,
        y: u16,
    },
    Resize {
        w: u16,
        h: u16,
    },
    /// Text pasted into the terminal.
    Paste(String),
    /// Runs a command line as if typed after `:`.
    Command(String),
    CritiqueReady {
        revision: u64,
        report: Box<Report>,
    },
    Saved {
        path: PathBuf,
        revision: u64,
    },
    SaveFailed {
        path: PathBuf,
        message: String,
    },
    /// The open file changed on disk and was read again.
    FileChanged {
        design: Box<Design>,
        has_comments: bool,
    },
    /// The open file changed on disk but no longer loads.
    FileUnreadable {
        message: String,
    },
    /// The critic itself failed (it panicked) on the design at `revision`;
    /// the findings shown are from an earlier revision, if any.
    CritiqueFailed {
        revision: u64,
        message: String,
    },
    /// Writing the recovery copy failed: unsaved work is not protected.
    AutosaveFailed {
        message: String,
    },
    /// A recovery file newer than the design was found at startup.
    RecoveryFound {
        design: Box<Design>,
    },
    /// The recovery file at startup was not read (a link planted at its
    /// name, say): nothing is offered, and the person is told why.
    RecoveryRefused {
        path: PathBuf,
        message: String,
    },
    AgentToken {
        turn: u64,
        text: String,
    },
    /// The persona's model refused for now (rate limit, server error) and
    /// is asked again after the wait `message` names; Esc stops the wait.
    AgentWaiting {
        turn: u64,
        message: String,
    },
    AgentFinished {
        turn: u64,
    },
    AgentFailed {
        turn: u64,
        message: String,
        fallback_text: String,
    },
    /// Follow-up questions a model offered for an interview answer.
    InterviewFollowUps {
        request: FollowUpRequest,
        questions: Vec<String>,
    },
    /// A model's summary of a finished interview.
    InterviewSummary {
        text: String,
    },
    AgentProposal {
        turn: u64,
        edits: Vec<Edit>,
        /// Proposals the model made that were refused, each with its reason.
        refused: Vec<String>,
        summary: String,
    },
    /// The turn was stopped (Esc, a newer turn, or an edit during a live review).
    AgentCancelled {
        turn: u64,
    },
    /// Live mode: the design has been quiet at `revision` long enough.
    LiveDue {
        revision: u64,
    },
    Exported {
        path: PathBuf,
        format: String,
    },
    ExportFailed {
        path: PathBuf,
        message: String,
    },
    /// A second went by (sent while something on screen fades, such as
    /// the marks of what a change touched).
    Tick,
    /// The keys stopped after an edit: the board may settle to the
    /// picture the file reopens to (see `Viewport::settle`).
    Settle,
    /// The base of a `:diff` was read (the text) or not (why).
    BaseRead {
        rev: Option<String>,
        text: Result<String, WorkerError>,
    },
    /// The trace files of a `:calibrate` were read (what they hold) or not (why).
    TracesRead {
        options: archcrit_core::calibrate::Options,
        observed: Result<Box<archcrit_core::calibrate::Observed>, WorkerError>,
    },
    /// The files of an `:import` were read and converted, or not (why).
    ImportRead {
        label: String,
        imported: Result<Box<archcrit_core::exchange::Imported>, WorkerError>,
    },
}

/// What a worker says went wrong (a file it could not read, git's words),
/// for the person: the workshop shows it after what it was doing
/// ("cannot import FILE: ...").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerError(pub String);

impl std::fmt::Display for WorkerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WorkerError {}

impl From<String> for WorkerError {
    fn from(message: String) -> Self {
        WorkerError(message)
    }
}

impl From<&str> for WorkerError {
    fn from(message: &str) -> Self {
        WorkerError(message.to_string())
    }
}
