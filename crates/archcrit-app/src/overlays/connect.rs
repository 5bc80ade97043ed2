//! Choosing where a new link goes (after `c`): arrows and tab highlight a
//! target, enter asks for the protocol.

use crate::edit::{cycle, neighbour};
use crate::keymap::Cmd;
use crate::state::{Level, Overlay, PromptKind, State};

pub(crate) fn key(state: &mut State, cmd: Option<Cmd>) {
    let Overlay::Connect { from, target } = &state.overlay else { return };
    let (from, target) = (from.clone(), target.clone());
    let current = target.clone().or_else(|| Some(from.clone()));
    let moved = match cmd {
        Some(Cmd::SelectLeft) => neighbour(state, current, (-1, 0)),
        Some(Cmd::SelectRight) => neighbour(state, current, (1, 0)),
        Some(Cmd::SelectUp) => neighbour(state, current, (0, -1)),
        Some(Cmd::SelectDown) => neighbour(state, current, (0, 1)),
        Some(Cmd::SelectNext) => cycle(state, current, 1),
        Some(Cmd::SelectPrev) => cycle(state, current, -1),
        Some(Cmd::Submit) => {
            match target {
                Some(to) if to != from => {
                    state.overlay = Overlay::prompt(
                        PromptKind::Protocol { from: from.clone(), to: to.clone() },
                        format!("Link {from} -> {to}, protocol (Tab completes; empty for none):"),
                        "",
                    );
                }
                _ => state.say(Level::Info, "highlight another component with the arrows or tab"),
            }
            return;
        }
        Some(Cmd::Cancel) => {
            state.overlay = Overlay::None;
            return;
        }
        _ => return,
    };
    state.overlay = Overlay::Connect { target: moved.filter(|t| *t != from).or(target), from };
}
