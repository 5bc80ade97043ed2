//! Pop-ups over the workshop that own their keys: help, the message
//! history, questions, the kind picker and choosing a link's target.

pub(crate) mod confirm;
pub(crate) mod connect;
pub(crate) mod picker;

use crate::keymap::Cmd;
use crate::state::{Level, Overlay, State};

/// Scrolls help; esc closes it.
pub(crate) fn help_key(state: &mut State, cmd: Option<Cmd>) {
    if let Overlay::Help { scroll } = &mut state.overlay {
        match cmd {
            Some(Cmd::Down) => *scroll = scroll.saturating_add(1),
            Some(Cmd::Up) => *scroll = scroll.saturating_sub(1),
            Some(Cmd::Cancel) => state.overlay = Overlay::None,
            _ => {}
        }
    }
}

/// Scrolls the message history back and forth; esc closes it.
pub(crate) fn messages_key(state: &mut State, cmd: Option<Cmd>) {
    let max_back = crate::panes::messages_max_back(state.log(), state.panels.screen().0, state.panels.screen().1);
    if let Overlay::Messages { back } = &mut state.overlay {
        match cmd {
            Some(Cmd::Down) => *back = back.saturating_sub(1),
            Some(Cmd::Up) => *back = (*back + 1).min(max_back),
            Some(Cmd::Cancel) => state.overlay = Overlay::None,
            _ => {}
        }
    }
}

/// Opens the message log at its end (the newest messages).
pub(crate) fn show_messages(state: &mut State) {
    if state.log().is_empty() {
        state.say(Level::Info, "no messages yet");
        return;
    }
    state.overlay = Overlay::Messages { back: 0 };
}
