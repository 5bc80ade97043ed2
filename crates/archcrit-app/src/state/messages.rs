//! The status line's message and the session's message log, kept together:
//! whatever is said is logged as it is said, so the log cannot miss one.

use super::{LOG_LIMIT, Level, Overlay, State};

impl State {
    /// The message on the status line, if any.
    pub fn message(&self) -> Option<&(Level, String)> {
        self.message.as_ref()
    }

    /// Every message shown, oldest first (at most `LOG_LIMIT`).
    pub fn log(&self) -> &[(Level, String)] {
        &self.log
    }

    /// Shows `text` on the status line and keeps it in the log.
    pub fn say(&mut self, level: Level, text: impl Into<String>) {
        let entry = (level, text.into());
        self.record(entry.clone());
        self.message = Some(entry);
    }

    /// Clears the status line (the log keeps what was said).
    pub fn clear_message(&mut self) {
        self.message = None;
    }

    /// Refuses what the open prompt holds: it stays open with `why`, which
    /// the log keeps too.
    pub(crate) fn refuse_prompt(&mut self, why: impl Into<String>) {
        let why: String = why.into();
        if let Overlay::Input(prompt) = &mut self.overlay {
            prompt.error = Some(why.clone());
            prompt.completion = None;
            self.message = None;
            self.record((Level::Error, why));
        }
    }

    fn record(&mut self, entry: (Level, String)) {
        if self.log.last() != Some(&entry) {
            self.log.push(entry);
        }
        if self.log.len() > LOG_LIMIT {
            let extra = self.log.len() - LOG_LIMIT;
            self.log.drain(..extra);
        }
    }
}
