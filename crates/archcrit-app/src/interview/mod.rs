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
pub(crate) mod running;

pub(crate) use run::{edit_input, follow_ups_ready, key, start, summary_ready};
pub use running::{Interview, Interviews};

use archcrit_core::interview::Library;

/// The script `i` runs when nothing says otherwise.
pub const DEFAULT_SCRIPT: &str = "new-system";

/// The scripts the workshop offers (built-ins; the TUI may add a directory).
pub fn library() -> Library {
    Library::built_in().unwrap_or_default()
}
