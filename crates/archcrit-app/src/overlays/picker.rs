//! The kind picker (after `a`): type a kind or a technology, or move to a
//! kind, then type the new id. A catalogue technology typed here selects
//! its kind (`kindhint`) and becomes the new box's `tech`.

use crate::keymap::{Cmd, Key, KeyCode};
use crate::kindhint::suggest;
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
            let tech = suggest(typed).map(|s| s.tech.to_string());
            let id = state.doc.design().unused_id(kind.as_str());
            let title = match &tech {
                Some(t) => format!("New {kind} ({t}): ID [LABEL]"),
                None => format!("New {kind}: ID [LABEL]"),
            };
            state.overlay = Overlay::prompt(PromptKind::NewComponent { kind, tech }, title, id.to_string());
        }
        _ => {
            match key.code {
                KeyCode::Char(c) if !key.ctrl && !key.alt => typed.push(c),
                KeyCode::Backspace => {
                    typed.pop();
                }
                _ => return,
            }
            // A kind it starts, else the kind of the technology it names.
            let lower = typed.to_lowercase();
            let kind = Kind::ALL.iter().position(|k| !lower.is_empty() && k.as_str().starts_with(&lower));
            let tech = || suggest(typed).and_then(|s| Kind::ALL.iter().position(|k| *k == s.kind));
            if let Some(i) = kind.or_else(tech) {
                *index = i;
            }
        }
    }
}
