//! Keys as data: one table maps (context, key) to a command, and help and
//! the status bar's hints are generated from it. No other code matches on
//! keys. `Key` is our own type so this layer needs no terminal crate.
//! It runs over 400 lines because the table is one list: a row per key.

use std::collections::HashMap;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyCode {
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Left,
    Right,
    Up,
    Down,
    Home,
    End,
    PageUp,
    PageDown,
    F(u8),
}

/// A key press. Shift is folded into the character for printable keys
/// (`A`, `?`), and kept as a flag for the others (`shift-right`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
}

impl Key {
    pub const fn plain(code: KeyCode) -> Key {
        Key { code, ctrl: false, alt: false, shift: false }
    }

    pub const fn ch(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    pub const fn ctrl(c: char) -> Key {
        Key { code: KeyCode::Char(c), ctrl: true, alt: false, shift: false }
    }

    /// Parses the spelling used in the table: `q`, `?`, `ctrl-z`,
    /// `shift-left`, `enter`, `f1`.
    pub fn parse(text: &str) -> Result<Key, KeymapError> {
        let unknown = || KeymapError::UnknownKey(text.to_string());
        let mut key = Key::plain(KeyCode::Esc);
        let mut rest = text;
        loop {
            if let Some(r) = rest.strip_prefix("ctrl-") {
                key.ctrl = true;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("alt-") {
                key.alt = true;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("shift-") {
                key.shift = true;
                rest = r;
            } else {
                break;
            }
        }
        key.code = match rest {
            "enter" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "backspace" => KeyCode::Backspace,
            "delete" => KeyCode::Delete,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pageup" => KeyCode::PageUp,
            "pagedown" => KeyCode::PageDown,
            "space" => KeyCode::Char(' '),
            f if f.len() >= 2 && f.starts_with('f') && f[1..].parse::<u8>().is_ok() => {
                KeyCode::F(f[1..].parse().map_err(|_| unknown())?)
            }
            c if c.chars().count() == 1 => KeyCode::Char(c.chars().next().ok_or_else(unknown)?),
            _ => return Err(unknown()),
        };
        Ok(key)
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("ctrl-")?;
        }
        if self.alt {
            f.write_str("alt-")?;
        }
        if self.shift {
            f.write_str("shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::F(n) => write!(f, "f{n}"),
            other => f.write_str(&format!("{other:?}").to_lowercase()),
        }
    }
}

/// Where the keyboard is: which table applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    Canvas,
    Findings,
    Flows,
    Inspector,
    /// Choosing the target of a new link.
    Connect,
    /// Choosing a kind for a new component.
    Picker,
    /// Typing: the command line and every prompt.
    Input,
    /// A yes/no question.
    Confirm,
    Help,
    /// The message history.
    Messages,
    /// Answering a guided interview's question.
    Interview,
    /// On the canvas while the persona's proposal waits; checked before
    /// the canvas table.
    Proposal,
    Diff,
    /// The fuzzy picker (`/`, `g`).
    Find,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Context::Canvas => "Canvas",
            Context::Findings => "Findings panel",
            Context::Flows => "Flows list (after F or :flows)",
            Context::Inspector => "Inspector",
            Context::Connect => "Connecting",
            Context::Picker => "Kind picker",
            Context::Input => "Command line and prompts",
            Context::Confirm => "Questions",
            Context::Help => "Help",
            Context::Messages => "Messages (after M or :messages)",
            Context::Interview => "Interview",
            Context::Proposal => "Persona proposal (on the canvas, while one waits)",
            Context::Diff => "Diff panel (after :diff)",
            Context::Find => "Finding a box or flow (after / or g)",
        }
    }
}

/// What a key asks for; `update` decides what that means in the moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cmd {
    SelectLeft,
    SelectRight,
    SelectUp,
    SelectDown,
    SelectNext,
    SelectPrev,
    MoveLeft,
    MoveRight,
    MoveUp,
    MoveDown,
    PanLeft,
    PanRight,
    PanUp,
    PanDown,
    Add,
    Connect,
    Delete,
    Rename,
    Inspect,
    FocusFindings,
    Flows,
    NextFinding,
    PrevFinding,
    ApplyPattern,
    AcceptProposal,
    RejectProposal,
    Ask,
    PersonaReview,
    ToggleLive,
    /// What if the selected component fails.
    FailSelected,
    Undo,
    Redo,
    Layout,
    Zoom,
    Save,
    CommandLine,
    Help,
    Quit,
    Cancel,
    Submit,
    Up,
    Down,
    Clear,
    Complete,
    CompleteBack,
    Yes,
    No,
    Interview,
    Skip,
    Back,
    /// The next word of a closed list (true/false, sync/async...).
    Cycle,
    ChatUp,
    ChatDown,
    ChatLatest,
    Messages,
    /// The fuzzy picker: jump to a component or flow by name.
    Find,
    /// The next arrangement of panels (canvas only, findings, all).
    Arrange,
    /// The focused panel (or the persona's) fills the screen, or stops.
    Maximise,
    /// Zoom and pan so the whole design shows in the canvas.
    Fit,
}

/// One row of the table. `help` is what help and hints show.
pub struct Binding {
    pub context: Context,
    pub keys: &'static [&'static str],
    pub cmd: Cmd,
    pub help: &'static str,
}

const fn b(context: Context, keys: &'static [&'static str], cmd: Cmd, help: &'static str) -> Binding {
    Binding { context, keys, cmd, help }
}

use Context::{
    Canvas as Cv, Confirm as Cf, Connect as Cn, Diff as Df, Find as Fd, Findings as Fi, Flows as Fl, Help as He,
    Input as In, Inspector as Is, Interview as Iv, Messages as Ms, Picker as Pk, Proposal as Pr,
};

/// The whole keymap. Order matters: it is the order help lists keys in,
/// and the first rows of a context are its status-bar hints.
pub const BINDINGS: &[Binding] = &[
    b(Cv, &["a"], Cmd::Add, "add a component"),
    b(Cv, &["c"], Cmd::Connect, "connect the selected component to another"),
    b(Cv, &["e", "enter"], Cmd::Inspect, "inspect and edit the selected component"),
    b(Cv, &["f"], Cmd::FocusFindings, "focus the findings"),
    b(Cv, &["u", "ctrl-z"], Cmd::Undo, "undo"),
    b(Cv, &["?"], Cmd::Help, "help"),
    b(Cv, &["left", "h"], Cmd::SelectLeft, "select the box to the left"),
    b(Cv, &["right", "l"], Cmd::SelectRight, "select the box to the right"),
    b(Cv, &["up", "k"], Cmd::SelectUp, "select the box above"),
    b(Cv, &["down", "j"], Cmd::SelectDown, "select the box below"),
    b(Cv, &["tab"], Cmd::SelectNext, "select the next box in reading order (row, then column)"),
    b(Cv, &["backtab"], Cmd::SelectPrev, "select the previous box in reading order"),
    b(Cv, &["/", "g"], Cmd::Find, "find a component or flow by name (fuzzy) and jump to it"),
    b(Cv, &["shift-left", "H"], Cmd::MoveLeft, "move the selected box left"),
    b(Cv, &["shift-right", "L"], Cmd::MoveRight, "move the selected box right"),
    b(Cv, &["shift-up", "K"], Cmd::MoveUp, "move the selected box up"),
    b(Cv, &["shift-down", "J"], Cmd::MoveDown, "move the selected box down"),
    b(Cv, &["ctrl-left", "alt-h"], Cmd::PanLeft, "pan left"),
    b(Cv, &["ctrl-right", "alt-l"], Cmd::PanRight, "pan right"),
    b(Cv, &["ctrl-up", "alt-k"], Cmd::PanUp, "pan up"),
    b(Cv, &["ctrl-down", "alt-j"], Cmd::PanDown, "pan down"),
    b(Cv, &["d", "delete"], Cmd::Delete, "delete the selected component (or the clicked link)"),
    b(Cv, &["r"], Cmd::Rename, "rename the selected component"),
    b(Cv, &["n"], Cmd::NextFinding, "show the next finding"),
    b(Cv, &["N"], Cmd::PrevFinding, "show the previous finding"),
    b(Cv, &["p"], Cmd::ApplyPattern, "apply the selected finding's suggested pattern"),
    b(Cv, &["y"], Cmd::AcceptProposal, "apply the persona's proposal"),
    b(Cv, &["i"], Cmd::Interview, "resume the guided interview, or choose one to start"),
    b(Cv, &["t"], Cmd::Ask, "ask the persona a question"),
    b(Cv, &["C"], Cmd::PersonaReview, "ask the persona to review the design now"),
    b(Cv, &["X"], Cmd::FailSelected, "what if the selected component fails (:whatif fail ID)"),
    b(Cv, &["T"], Cmd::ToggleLive, "toggle live mode (re-critique when edits pause)"),
    b(Cv, &["U", "ctrl-r", "ctrl-y"], Cmd::Redo, "redo"),
    b(Cv, &["="], Cmd::Layout, "auto-layout every box (undoable)"),
    b(Cv, &["z"], Cmd::Zoom, "toggle compact zoom"),
    b(Cv, &["ctrl-s"], Cmd::Save, "save"),
    b(Cv, &["pageup"], Cmd::ChatUp, "scroll the persona's panel back"),
    b(Cv, &["pagedown"], Cmd::ChatDown, "scroll the persona's panel forward"),
    b(Cv, &["end"], Cmd::ChatLatest, "persona's panel: back to the newest words"),
    b(Cv, &["F"], Cmd::Flows, "show the flows list (a flow lights its path)"),
    b(Cv, &["M"], Cmd::Messages, "show every message of this session"),
    b(Cv, &[":"], Cmd::CommandLine, "command line"),
    b(Cv, &["esc"], Cmd::Cancel, "stop the persona's answer; else clear the selection"),
    b(Cv, &["q", "ctrl-c"], Cmd::Quit, "quit (asks when there are unsaved changes)"),
    b(Cv, &["v"], Cmd::Arrange, "panels: canvas only, canvas and findings, all panels"),
    b(Cv, &["o"], Cmd::Maximise, "the persona's panel fills the screen (o again restores)"),
    b(Cv, &["0"], Cmd::Fit, "zoom to fit: the whole design in the canvas"),
    b(Fi, &["down", "j"], Cmd::Down, "next finding"),
    b(Fi, &["up", "k"], Cmd::Up, "previous finding"),
    b(Fi, &["p"], Cmd::ApplyPattern, "apply the suggested pattern"),
    b(Fi, &["enter"], Cmd::Submit, "show it on the canvas"),
    b(Fi, &["esc", "f", "tab"], Cmd::Cancel, "back to the canvas"),
    b(Fi, &["?"], Cmd::Help, "help"),
    b(Fi, &["o"], Cmd::Maximise, "this panel fills the screen (o again restores)"),
    b(Fl, &["down", "j"], Cmd::Down, "next flow (lights its path)"),
    b(Fl, &["up", "k"], Cmd::Up, "previous flow"),
    b(Fl, &["esc", "F", "tab"], Cmd::Cancel, "back to the canvas"),
    b(Fl, &["?"], Cmd::Help, "help"),
    b(Fl, &["o"], Cmd::Maximise, "this panel fills the screen (o again restores)"),
    b(Df, &["down", "j"], Cmd::Down, "next change (selects it)"),
    b(Df, &["up", "k"], Cmd::Up, "previous change"),
    b(Df, &["enter", "tab"], Cmd::Submit, "back to the canvas, keeping the marks"),
    b(Df, &["esc"], Cmd::Cancel, "clear the diff"),
    b(Df, &["?"], Cmd::Help, "help"),
    b(Df, &["o"], Cmd::Maximise, "this panel fills the screen (o again restores)"),
    b(Is, &["down", "j"], Cmd::Down, "next field"),
    b(Is, &["up", "k"], Cmd::Up, "previous field"),
    b(Is, &["enter", "e"], Cmd::Submit, "edit the field (on a link row: open the link)"),
    b(Is, &["x", "delete"], Cmd::Clear, "clear the field (back to its default)"),
    b(Is, &["esc", "tab"], Cmd::Cancel, "back to the canvas (from a link: back to its component)"),
    b(Is, &["?"], Cmd::Help, "help"),
    b(Is, &["space"], Cmd::Cycle, "next value of a choice field (mode, tls, access, auth...)"),
    b(Is, &["o"], Cmd::Maximise, "this panel fills the screen (o again restores)"),
    b(Cn, &["enter"], Cmd::Submit, "link to the highlighted component"),
    b(Cn, &["esc"], Cmd::Cancel, "cancel"),
    b(Cn, &["left", "h"], Cmd::SelectLeft, "highlight the box to the left"),
    b(Cn, &["right", "l"], Cmd::SelectRight, "highlight the box to the right"),
    b(Cn, &["up", "k"], Cmd::SelectUp, "highlight the box above"),
    b(Cn, &["down", "j"], Cmd::SelectDown, "highlight the box below"),
    b(Cn, &["tab"], Cmd::SelectNext, "highlight the next box in reading order"),
    b(Cn, &["backtab"], Cmd::SelectPrev, "highlight the previous box in reading order"),
    b(Cn, &["/", "g"], Cmd::Find, "find the target by name (fuzzy)"),
    b(Fd, &["enter"], Cmd::Submit, "jump to the highlighted row (connecting: link to it)"),
    b(Fd, &["esc"], Cmd::Cancel, "cancel"),
    b(Fd, &["down", "tab", "ctrl-n"], Cmd::Down, "next match"),
    b(Fd, &["up", "backtab", "ctrl-p"], Cmd::Up, "previous match"),
    b(Fd, &["ctrl-u"], Cmd::Clear, "clear what is typed"),
    b(Pk, &["enter"], Cmd::Submit, "choose this kind"),
    b(Pk, &["esc"], Cmd::Cancel, "cancel"),
    b(Pk, &["down", "tab"], Cmd::Down, "next kind"),
    b(Pk, &["up", "backtab"], Cmd::Up, "previous kind"),
    b(In, &["enter"], Cmd::Submit, "run / confirm"),
    b(In, &["esc"], Cmd::Cancel, "cancel"),
    b(In, &["tab"], Cmd::Complete, "complete ids, kinds, fields, protocols"),
    b(In, &["backtab"], Cmd::CompleteBack, "previous completion"),
    b(In, &["up"], Cmd::Up, "previous command"),
    b(In, &["down"], Cmd::Down, "next command"),
    b(In, &["ctrl-u"], Cmd::Clear, "clear the line"),
    b(Cf, &["y"], Cmd::Yes, "yes"),
    b(Cf, &["n"], Cmd::No, "no"),
    b(Cf, &["esc"], Cmd::Cancel, "cancel"),
    b(Iv, &["enter"], Cmd::Submit, "answer (an unchanged pre-filled answer confirms it)"),
    b(Iv, &["ctrl-n"], Cmd::Skip, "skip the question"),
    b(Iv, &["ctrl-p"], Cmd::Back, "back to the previous question (takes its answer out)"),
    b(Iv, &["esc"], Cmd::Cancel, "pause the interview (i resumes it)"),
    b(Iv, &["tab"], Cmd::Complete, "next choice"),
    b(Iv, &["backtab"], Cmd::CompleteBack, "previous choice"),
    b(Iv, &["ctrl-u"], Cmd::Clear, "clear the answer"),
    b(Pr, &["y"], Cmd::AcceptProposal, "apply the proposed edits as one undoable step"),
    b(Pr, &["n"], Cmd::RejectProposal, "reject the proposal (nothing changes)"),
    b(He, &["esc", "?", "q"], Cmd::Cancel, "close help"),
    b(He, &["down", "j"], Cmd::Down, "scroll down"),
    b(He, &["up", "k"], Cmd::Up, "scroll up"),
    b(Ms, &["esc", "q", "M"], Cmd::Cancel, "close the messages"),
    b(Ms, &["down", "j"], Cmd::Down, "scroll down"),
    b(Ms, &["up", "k"], Cmd::Up, "scroll up"),
];

/// Why the binding table does not parse: a key spelled wrongly or bound
/// twice in one context (both caught by the table's tests).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeymapError {
    #[error("unknown key `{0}`")]
    UnknownKey(String),
    #[error("{key} is bound twice in {context:?}")]
    BoundTwice { key: &'static str, context: Context },
}

/// The parsed table.
pub struct Keymap {
    map: HashMap<(Context, Key), Cmd>,
}

impl Keymap {
    pub fn new() -> Result<Keymap, KeymapError> {
        let mut map = HashMap::new();
        for binding in BINDINGS {
            for k in binding.keys {
                let key = Key::parse(k)?;
                if map.insert((binding.context, key), binding.cmd).is_some() {
                    return Err(KeymapError::BoundTwice { key: k, context: binding.context });
                }
            }
        }
        Ok(Keymap { map })
    }

    /// A keymap with no keys (a fallback that leaves the command line).
    pub fn empty() -> Keymap {
        Keymap { map: HashMap::new() }
    }

    pub fn lookup(&self, context: Context, key: Key) -> Option<Cmd> {
        self.map.get(&(context, key)).copied()
    }

    /// The first `n` bindings of a context, as "key help" pairs.
    pub fn hints(context: Context, n: usize) -> Vec<(&'static str, &'static str)> {
        BINDINGS.iter().filter(|b| b.context == context).take(n).map(|b| (b.keys[0], short(b.help))).collect()
    }
}

/// The first word or two of a help text, for the status bar.
fn short(help: &'static str) -> &'static str {
    match help.find(" the selected").or_else(|| help.find(" (")).or_else(|| help.find(" to another")) {
        Some(i) => &help[..i],
        None => help,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_parses_without_clashes() {
        let map = Keymap::new().unwrap();
        assert_eq!(map.lookup(Context::Canvas, Key::ctrl('z')), Some(Cmd::Undo));
        assert_eq!(map.lookup(Context::Canvas, Key::ch('?')), Some(Cmd::Help));
        let shift_right = Key { shift: true, ..Key::plain(KeyCode::Right) };
        assert_eq!(map.lookup(Context::Canvas, shift_right), Some(Cmd::MoveRight));
        assert_eq!(map.lookup(Context::Input, Key::ch('q')), None);
    }

    #[test]
    fn keys_print_as_they_parse() {
        for text in ["ctrl-z", "shift-left", "?", "enter", "f1", "space", "alt-h"] {
            assert_eq!(Key::parse(text).unwrap().to_string(), text);
        }
        assert!(Key::parse("hyper-x").is_err());
    }
}
