//! `State`: everything the workshop knows at one moment. Only `update`
//! changes it; views read it.

mod focus;
mod messages;
mod overlay;
mod selection;
mod session;

pub use focus::{Focus, Level};
pub use overlay::{Completion, Overlay, Prompt, PromptKind, Question};
pub use session::Session;

use std::path::Path;

use crate::keymap::{Context, Keymap};
use crate::services::Services;
use archcrit_core::critic::Report;
use archcrit_core::layout::Scale;
use archcrit_core::model::{ComponentId, Edit, LinkKey};

#[derive(Debug, Clone, PartialEq)]
pub struct ChatLine {
    /// `None` for the persona, `Some("you")` or a system note otherwise.
    pub who: Option<String>,
    pub text: String,
}

/// Edits the persona proposed, waiting for the person to apply them.
#[derive(Debug, Clone)]
pub struct Proposal {
    pub turn: u64,
    pub edits: Vec<Edit>,
    /// What the model asked for that was refused, with reasons.
    pub refused: Vec<String>,
    pub summary: String,
}

/// The persona's panel: its streamed words and any proposal.
#[derive(Debug, Clone, Default)]
pub struct Chat {
    pub persona: String,
    /// The persona's colour, when its file gives one.
    pub colour: Option<(u8, u8, u8)>,
    pub lines: Vec<ChatLine>,
    /// The turn being streamed; tokens of other turns are stale.
    pub turn: Option<u64>,
    pub proposal: Option<Proposal>,
    /// The turn still running (Esc stops it).
    pub busy: Option<u64>,
    /// The last turn number handed out.
    pub last_turn: u64,
    /// An LLM answers; otherwise the offline voice, which reviews the
    /// design after every critique.
    pub llm: bool,
    /// Live mode: the persona re-critiques once edits pause.
    pub live: bool,
    /// The latest automatic review's turn and line; the next review
    /// replaces that line rather than piling up.
    pub review: Option<(u64, Option<usize>)>,
    /// The first row shown while the person has scrolled back; `None`
    /// follows the newest words. Counted from the top so words streaming
    /// in below do not move what is being read.
    pub scroll: Option<usize>,
}

/// How many messages the log keeps.
pub const LOG_LIMIT: usize = 500;

pub struct State {
    /// The design, its file and its undo history (`edit` changes it).
    pub doc: crate::edit::document::Document,
    /// What the canvas shows: layout, zoom, scroll, a drag, marks.
    pub canvas: crate::edit::viewport::Viewport,
    /// The latest critique and the selected finding.
    pub(crate) findings: crate::findings::Findings,
    /// The flow the flows list has selected.
    pub(crate) flows: crate::flows::FlowsList,
    selected: Option<ComponentId>,
    /// The link the inspector shows instead of the selected component
    /// (chosen from the component's link rows, or by clicking its arrow).
    selected_link: Option<LinkKey>,
    pub focus: Focus,
    pub overlay: Overlay,
    /// The screen's size, the panels on it and the inspector's row.
    pub panels: crate::panels::screen::Panels,
    message: Option<(Level, String)>,
    /// Every message shown, oldest first (at most `LOG_LIMIT`), for when
    /// one was too long to read or went by too fast.
    log: Vec<(Level, String)>,
    /// Lines run on the `:` line, for up/down.
    pub(crate) command_history: crate::prompt::CommandHistory,
    pub chat: Chat,
    /// The key table, the services, and whether the workshop is ending.
    pub session: Session,
    /// The scripts on offer, the interview under way, follow-ups on or off.
    pub interviews: crate::interview::running::Interviews,
    /// The `:diff` on show, if any.
    pub diff: Option<crate::diff::DiffView>,
}

impl State {
    /// A workshop as `start` describes it. Returns the first effects to run.
    pub fn new(start: crate::Startup, services: Services) -> (State, Vec<crate::Effect>) {
        let keymap = match Keymap::new() {
            Ok(k) => k,
            // The table is a constant checked by tests; an empty map keeps
            // the program usable through the command line if it ever breaks.
            Err(_) => Keymap::empty(),
        };
        let crate::Startup { design, file, saved, has_comments, unnamed, persona, interviews, follow_ups, message } =
            start;
        let selected = design.ids().next().cloned();
        let chat = Chat {
            lines: persona.first_lines(),
            persona: persona.title,
            colour: persona.colour,
            llm: persona.llm,
            live: persona.live,
            ..Chat::default()
        };
        let state = State {
            canvas: crate::edit::viewport::Viewport::new(&design, Scale::Normal),
            selected,
            doc: crate::edit::document::Document::new(design, file, unnamed, saved, has_comments),
            findings: crate::findings::Findings::default(),
            flows: crate::flows::FlowsList::default(),
            selected_link: None,
            focus: Focus::Canvas,
            overlay: Overlay::None,
            panels: crate::panels::screen::Panels::new(),
            log: message.iter().cloned().collect(),
            message,
            command_history: crate::prompt::CommandHistory::default(),
            chat,
            session: Session::new(keymap, services),
            interviews: crate::interview::running::Interviews { library: interviews, running: None, follow_ups },
            diff: None,
        };
        let effects = vec![
            crate::Effect::Analyze(std::sync::Arc::new(state.doc.design().clone())),
            crate::Effect::Watch(state.doc.file().map(Path::to_path_buf)),
        ];
        (state, effects)
    }

    /// The report, if it describes the design as it is now.
    pub fn fresh_report(&self) -> Option<&Report> {
        self.findings.fresh(self.doc.design().revision())
    }

    /// The latest report, perhaps of an older revision (while a critique
    /// of the newest runs).
    pub fn report(&self) -> Option<&Report> {
        self.findings.report()
    }

    /// The report of the design as it is, else the latest one.
    pub fn latest_report(&self) -> Option<&Report> {
        self.fresh_report().or(self.report())
    }

    /// The selected finding's place in the report.
    pub fn finding(&self) -> Option<usize> {
        self.findings.selected_index()
    }

    /// Which key table applies now.
    pub fn context(&self) -> Context {
        match &self.overlay {
            Overlay::Help { .. } => Context::Help,
            Overlay::Messages { .. } => Context::Messages,
            Overlay::Input(_) => Context::Input,
            Overlay::Picker { .. } => Context::Picker,
            Overlay::Confirm(_) => Context::Confirm,
            Overlay::Connect { .. } => Context::Connect,
            Overlay::Find(_) => Context::Find,
            Overlay::None if self.interviews.running.is_some() => Context::Interview,
            Overlay::None => match self.focus {
                Focus::Canvas => Context::Canvas,
                Focus::Findings => Context::Findings,
                Focus::Flows => Context::Flows,
                Focus::Inspector => Context::Inspector,
                Focus::Diff => Context::Diff,
            },
        }
    }

    pub fn selected_finding(&self) -> Option<&archcrit_core::critic::Finding> {
        self.findings.selected()
    }
}
