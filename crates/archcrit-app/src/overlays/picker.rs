//! The kind picker (after `a`): type a kind or a technology, or move to a
//! kind, then type the new id. A catalogue technology typed here selects
//! its kind (`kindhint`) and becomes the new box's `tech`.

use crate::keymap::{Cmd, Key, KeyCode};
use crate::kindhint::{kind_of_words, name_prefill, suggest};
use crate::state::{Overlay, PromptKind, State};
use archcrit_core::model::{ComponentId, Kind};

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
            // A name typed here ("Mobile app") becomes the id and label, so
            // what the person wrote is not lost; an id already taken gets
            // the usual numbered one.
            // A technology typed ("postgres") names the box after it.
            let technology = tech.as_ref().map(|_| ComponentId::slug(typed).to_string());
            let named = name_prefill(typed)
                .or(technology)
                .filter(|p| p.split(' ').next().is_some_and(|id| !state.doc.design().contains(id)))
                .map(|p| p.trim_end().to_string());
            let id = named.unwrap_or_else(|| state.doc.design().unused_id(kind.as_str()).to_string());
            let title = match &tech {
                Some(t) => format!("New {kind} ({t}): ID [LABEL]"),
                None => format!("New {kind}: ID [LABEL]"),
            };
            state.overlay = Overlay::prompt(PromptKind::NewComponent { kind, tech }, title, id);
        }
        _ => {
            match key.code {
                KeyCode::Char(c) if !key.ctrl && !key.alt => typed.push(c),
                KeyCode::Backspace => {
                    typed.pop();
                }
                _ => return,
            }
            // A kind it starts, else the kind of the technology it names,
            // else the kind its words imply ("mobile app": a client).
            let lower = typed.to_lowercase();
            let kind = Kind::ALL.iter().position(|k| !lower.is_empty() && k.as_str().starts_with(&lower));
            let position = |kind: Kind| Kind::ALL.iter().position(|k| *k == kind);
            let tech = || suggest(typed).and_then(|s| position(s.kind));
            let words = || kind_of_words(typed).and_then(position);
            if let Some(i) = kind.or_else(tech).or_else(words) {
                *index = i;
            }
        }
    }
}
