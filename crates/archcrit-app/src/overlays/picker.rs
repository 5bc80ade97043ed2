//! The kind picker (after `a`): choose a kind, then type the new id.

use crate::keymap::{Cmd, Key, KeyCode};
use crate::state::{Overlay, PromptKind, State};
use archcrit_core::model::Kind;

pub(crate) fn key(state: &mut State, cmd: Option<Cmd>, key: Key) {
    let Overlay::Picker { index, typed } = &mut state.overlay else { return };
    let n = Kind::ALL.len();
    match cmd {
        Some(Cmd::Down) => *index = (*index + 1) % n,
        Some(Cmd::Up) => *index = (*index + n - 1) % n,
        Some(Cmd::Cancel) => state.overlay = Overlay::None,
        Some(Cmd::Submit) => {
            let kind = Kind::ALL[*index];
            let id = state.design.unused_id(kind.as_str());
            state.overlay =
                Overlay::prompt(PromptKind::NewComponent { kind }, format!("New {kind}: ID [LABEL]"), id.to_string());
        }
        _ => {
            // Typing jumps to the first kind starting with what was typed.
            if let KeyCode::Char(c) = key.code {
                typed.push(c);
                let find = |prefix: &str| Kind::ALL.iter().position(|k| k.as_str().starts_with(prefix));
                match find(typed) {
                    Some(i) => *index = i,
                    None => {
                        *typed = c.to_string();
                        if let Some(i) = find(typed) {
                            *index = i;
                        }
                    }
                }
            }
        }
    }
}
