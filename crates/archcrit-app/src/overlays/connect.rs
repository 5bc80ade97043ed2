//! Choosing where a new link goes (after `c`): arrows and tab highlight a
//! target, enter asks for the protocol.

use archcrit_core::model::ComponentId;

use crate::edit::{cycle, neighbour};
use crate::keymap::Cmd;
use crate::state::{Level, Overlay, State};

pub(crate) fn key(state: &mut State, cmd: Option<Cmd>) {
    let Overlay::Connect { from, target } = &state.overlay else { return };
    let (from, target) = (from.clone(), target.clone());
    let current = target.clone().or_else(|| Some(from.clone()));
    let moved = match cmd {
        Some(Cmd::SelectLeft) => past_source(state, current, &from, (-1, 0)),
        Some(Cmd::SelectRight) => past_source(state, current, &from, (1, 0)),
        Some(Cmd::SelectUp) => past_source(state, current, &from, (0, -1)),
        Some(Cmd::SelectDown) => past_source(state, current, &from, (0, 1)),
        // Tab and backtab step over the source (a link to itself is not a
        // target) and wrap, so every other box is reachable both ways.
        Some(Cmd::SelectNext) => skip_source(state, cycle(state, current, 1), &from, 1),
        Some(Cmd::SelectPrev) => skip_source(state, cycle(state, current, -1), &from, -1),
        Some(Cmd::Submit) => {
            match target {
                Some(to) if to != from => state.overlay = Overlay::new_link(state.doc.design(), from, to),
                _ => state.say(Level::Info, "highlight another component with the arrows or tab"),
            }
            return;
        }
        Some(Cmd::Cancel) => {
            state.overlay = Overlay::None;
            return;
        }
        Some(Cmd::Find) => {
            crate::picker::open(state, Some(from));
            return;
        }
        _ => return,
    };
    state.overlay = Overlay::Connect { target: moved.filter(|t| *t != from).or(target), from };
}

/// The box in direction `dir` from `current`; when that is the link's
/// source, the box beyond it the same way, so the source never blocks.
fn past_source(
    state: &State,
    current: Option<ComponentId>,
    from: &ComponentId,
    dir: (i32, i32),
) -> Option<ComponentId> {
    match neighbour(state, current, dir) {
        Some(id) if id == *from => neighbour(state, Some(id), dir),
        other => other,
    }
}

/// The next box after `landed` in the same direction when `landed` is the
/// link's source.
fn skip_source(state: &State, landed: Option<ComponentId>, from: &ComponentId, delta: i64) -> Option<ComponentId> {
    match landed {
        Some(id) if id == *from => cycle(state, Some(id), delta),
        other => other,
    }
}
