//! `Startup`: everything `State::new` needs to open a workshop, named, so
//! the TUI and tests say what they start with instead of passing positional
//! flags and setting fields afterwards.

use std::path::PathBuf;

use super::state::{ChatLine, Level};
use archcrit_core::interview::Library;
use archcrit_core::model::Design;

/// How a workshop starts. `Startup::new(design)` gives a scratch design
/// with the offline persona; set the fields that differ.
pub struct Startup {
    pub design: Design,
    /// `None` for a scratch design: the first save asks for a name.
    pub file: Option<PathBuf>,
    /// Nothing to lose yet: the design is as its file (or the embedded
    /// example) has it, or brand new and empty. No unsaved marker, and
    /// quitting does not ask, until it is edited.
    pub saved: bool,
    /// The file has YAML comments a save would drop.
    pub has_comments: bool,
    /// What the status bar calls a design without a file.
    pub unnamed: String,
    pub persona: PersonaStart,
    /// The interview scripts `:interview` offers.
    pub interviews: Library,
    /// A language model is there to ask interview follow-ups and summarise.
    pub follow_ups: bool,
    /// A message to show at once (e.g. scripts that did not load).
    pub message: Option<(Level, String)>,
}

/// Who sits in the persona's panel and how it answers.
pub struct PersonaStart {
    pub title: String,
    pub colour: Option<(u8, u8, u8)>,
    /// An LLM answers; otherwise the offline voice.
    pub llm: bool,
    /// Start in live mode.
    pub live: bool,
    /// The panel's first line (e.g. why the LLM is not used).
    pub note: Option<String>,
}

impl Default for PersonaStart {
    fn default() -> Self {
        PersonaStart { title: "Architect".into(), colour: None, llm: false, live: false, note: None }
    }
}

impl PersonaStart {
    pub(crate) fn first_lines(&self) -> Vec<ChatLine> {
        self.note.iter().map(|n| ChatLine { who: Some("note".into()), text: n.clone() }).collect()
    }
}

impl Startup {
    /// A scratch design, unsaved, with the built-in interview scripts.
    pub fn new(design: Design) -> Startup {
        Startup {
            design,
            file: None,
            saved: false,
            has_comments: false,
            unnamed: "[scratch]".into(),
            persona: PersonaStart::default(),
            interviews: Library::built_in().unwrap_or_default(),
            follow_ups: false,
            message: None,
        }
    }
}
