//! `Effect`: what `update` asks the outside world to do. Workers and the
//! TUI carry these out; `update` itself never does I/O.

use std::path::PathBuf;
use std::sync::Arc;

use super::export::ExportFormat;
use archcrit_core::critic::Report;
use archcrit_core::interview::{FollowUpRequest, SummaryRequest};
use archcrit_core::model::Design;

#[derive(Debug, Clone)]
pub enum Effect {
    /// Critique this design (latest wins; the result comes back as
    /// `CritiqueReady` tagged with its revision). Shared with the autosave
    /// of the same change: one copy of the design per edit, not one per use.
    Analyze(Arc<Design>),
    /// Write the design to `path` atomically; answers `Saved`/`SaveFailed`.
    Save {
        path: PathBuf,
        design: Box<Design>,
        /// `:w!`: replace a read-only file, or one changed on disk since read.
        force: bool,
    },
    /// Write a recovery copy beside `file` (or the scratch location) after
    /// a quiet moment; a later autosave replaces a pending one.
    Autosave {
        file: Option<PathBuf>,
        design: Arc<Design>,
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
    /// Ask the persona; the answer streams back as `AgentToken`s of `turn`.
    AgentAsk {
        turn: u64,
        question: String,
        design: Box<Design>,
        report: Box<Report>,
    },
    /// The persona reviews the design (offline after each critique; live mode).
    AgentCritique {
        turn: u64,
        design: Box<Design>,
        report: Box<Report>,
    },
    /// Stop `turn`; answers `AgentCancelled` unless it already ended.
    AgentCancel {
        turn: u64,
    },
    /// Tell the persona whether the user applied (`y`) or declined (`n`)
    /// the proposal of `turn`, so its next answer knows.
    AgentOutcome {
        turn: u64,
        applied: bool,
    },
    /// Live mode: the design changed to `revision` (restarts the quiet wait;
    /// `LiveDue` comes back once it has been quiet long enough).
    LiveEdited {
        revision: u64,
    },
    /// Render the design as `format` and write it to `path` atomically;
    /// answers `Exported`/`ExportFailed`.
    Export {
        format: ExportFormat,
        path: PathBuf,
        design: Box<Design>,
        report: Box<Report>,
    },
    /// `:diff`: read the base to compare with, `git show REV:path` or the
    /// file itself (`rev: None`); answers `BaseRead`.
    ReadBase {
        path: PathBuf,
        rev: Option<String>,
    },
    /// `:calibrate`: stream the trace files into numbers; answers `TracesRead`.
    ReadTraces {
        files: Vec<PathBuf>,
        options: archcrit_core::calibrate::Options,
    },
    /// `:import`: read the files and convert them; answers `ImportRead`.
    Import {
        files: Vec<PathBuf>,
    },
    Quit,
}
