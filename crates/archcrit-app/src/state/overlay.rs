//! What sits over the canvas and takes the keys first: prompts and their
//! kinds, yes/no questions, pickers and the other overlays.

use std::path::PathBuf;

use crate::input::LineInput;
use archcrit_core::model::{ComponentField, ComponentId, Design, Kind, LinkField, LinkKey};

/// What a text prompt is asking for.
#[derive(Debug, Clone, PartialEq)]
pub enum PromptKind {
    Command,
    SaveAs {
        then_quit: bool,
    },
    NewComponent {
        kind: Kind,
        /// The technology typed into the kind picker, the new box's `tech`.
        tech: Option<String>,
    },
    Rename {
        id: ComponentId,
    },
    Field {
        id: ComponentId,
        field: ComponentField,
    },
    /// A field of a link, edited in the inspector.
    LinkField {
        key: LinkKey,
        field: LinkField,
    },
    Protocol {
        from: ComponentId,
        to: ComponentId,
    },
    /// A question for the persona.
    Ask,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub title: String,
    pub input: LineInput,
    /// Why the last submission was refused; the prompt stays open.
    pub error: Option<String>,
    pub completion: Option<Completion>,
}

/// Tab cycling through candidates for the word under the cursor.
#[derive(Debug, Clone, PartialEq)]
pub struct Completion {
    pub prefix: String,
    pub candidates: Vec<String>,
    pub index: usize,
}

/// A yes/no question that blocks other keys until answered.
#[derive(Debug, Clone)]
pub enum Question {
    QuitUnsaved,
    OverwriteComments {
        path: PathBuf,
        then_quit: bool,
    },
    /// Saving to another file that already exists.
    OverwriteFile {
        path: PathBuf,
        then_quit: bool,
    },
    Recover {
        design: Box<Design>,
    },
    Reload {
        design: Box<Design>,
        has_comments: bool,
    },
    /// A box's tech or label names a technology of another kind.
    Kind {
        id: ComponentId,
        from: Kind,
        to: Kind,
        /// "PostgreSQL is a database; db is a service"
        why: String,
    },
}

impl Question {
    pub fn text(&self) -> String {
        match self {
            Question::QuitUnsaved => {
                "Unsaved changes. Save before quitting? y save and quit, n quit without saving, esc stay".into()
            }
            Question::OverwriteComments { path, .. } => format!(
                "{} has YAML comments that saving will drop (use `notes:` for prose). Save anyway? y/n",
                path.display()
            ),
            Question::OverwriteFile { path, .. } => format!(
                "{} already exists and is not the open design. Replace it? y replace, n keep it",
                path.display()
            ),
            Question::Recover { .. } => {
                "A recovery copy with unsaved changes was found. Restore it? y restore, n discard it".into()
            }
            Question::Kind { id, from, to, why } => {
                format!("kind → {to}? {why}. y change {id} to {to}, n keep {from}")
            }
            Question::Reload { .. } => {
                "The file changed on disk and you have unsaved changes. y reload from disk (lose yours), n keep yours"
                    .into()
            }
        }
    }
}

impl Overlay {
    /// A prompt asking for text, pre-filled with `text` (selected, so
    /// typing replaces it).
    /// The protocol prompt for a new link, pre-filled (and selected, so
    /// typing replaces it) with what the target most likely speaks:
    /// PostgreSQL sql, Redis redis, a gateway https. Enter takes it, so a
    /// newcomer's first links get labels.
    pub fn new_link(design: &Design, from: ComponentId, to: ComponentId) -> Overlay {
        let likely = match (design.component(from.as_str()), design.component(to.as_str())) {
            (Some(a), Some(b)) => archcrit_core::tech::likely_protocol(a, b).unwrap_or_default(),
            _ => String::new(),
        };
        let title = format!("Link {from} -> {to}, protocol:");
        Overlay::prompt(PromptKind::Protocol { from, to }, title, likely)
    }

    pub fn prompt(kind: PromptKind, title: impl Into<String>, text: impl Into<String>) -> Overlay {
        Overlay::Input(Prompt {
            kind,
            title: title.into(),
            input: LineInput::prefilled(text),
            error: None,
            completion: None,
        })
    }
}

#[derive(Debug, Clone)]
pub enum Overlay {
    None,
    Help {
        scroll: u16,
    },
    /// Every message of this session, newest last (`M`, `:messages`);
    /// `back`: rows scrolled back from the newest.
    Messages {
        back: usize,
    },
    Input(Prompt),
    /// `typed`: letters typed so far, to jump to a kind by prefix.
    Picker {
        index: usize,
        typed: String,
    },
    Confirm(Question),
    /// The fuzzy picker (`/`, `g`): jump to a component or flow, or pick
    /// a link's target.
    Find(crate::picker::Find),
    /// Choosing where a new link from `from` goes; `target` is highlighted.
    Connect {
        from: ComponentId,
        target: Option<ComponentId>,
    },
}
