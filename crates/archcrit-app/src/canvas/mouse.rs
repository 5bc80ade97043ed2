//! The mouse on the workshop: clicks select boxes, arrows, findings and
//! panels; a drag moves a box as one undoable step; the wheel pans or
//! scrolls the persona's panel.

use crate::MouseKind;
use crate::edit::refresh_panes;
use crate::effect::Effect;
use crate::panes::{Panes, findings_list_with, list_offset};
use crate::state::{Focus, Overlay, State};

pub(crate) fn mouse(state: &mut State, kind: MouseKind, x: u16, y: u16, fx: &mut Vec<Effect>) {
    let panes: Panes = *state.panels.panes();
    let to_canvas = |state: &State| {
        (
            i32::from(x) - i32::from(panes.canvas.x) + state.canvas.scroll.0,
            i32::from(y) - i32::from(panes.canvas.y) + state.canvas.scroll.1,
        )
    };
    let over_chat = state.interviews.running.is_none() && panes.chat.is_some_and(|a| a.contains(x, y));
    match kind {
        MouseKind::ScrollDown if over_chat => {
            crate::chat::view::scroll(state, 3);
        }
        MouseKind::ScrollUp if over_chat => {
            crate::chat::view::scroll(state, -3);
        }
        // The wheel stops at the board's edges as the pan keys do (quietly:
        // a wheel spins on by itself).
        MouseKind::ScrollDown => _ = crate::edit::pan(state, (0, 3)),
        MouseKind::ScrollUp => _ = crate::edit::pan(state, (0, -3)),
        MouseKind::ScrollRight => _ = crate::edit::pan(state, (6, 0)),
        MouseKind::ScrollLeft => _ = crate::edit::pan(state, (-6, 0)),
        MouseKind::Down if !matches!(state.overlay, Overlay::None | Overlay::Connect { .. }) => {}
        MouseKind::Down if panes.canvas.contains(x, y) => {
            let (cx, cy) = to_canvas(state);
            let hit = state.canvas.layout().hit(cx, cy).cloned();
            if let Overlay::Connect { from, .. } = &state.overlay {
                let from = from.clone();
                state.overlay = Overlay::Connect { target: hit.filter(|h| *h != from), from };
                return;
            }
            state.focus = Focus::Canvas;
            if hit.is_none()
                && let Some(key) = state.canvas.layout().link_at(cx, cy).cloned()
            {
                // A click on an arrow selects that link (from its source).
                state.select(Some(key.from.clone()));
                crate::inspector::open_link(state, key, "e edits its fields, d deletes it");
                refresh_panes(state);
                return;
            }
            if let Some(id) = &hit
                && let Some(r) = state.canvas.layout().rect(id.as_str())
            {
                state.canvas.start_drag(id.clone(), r, (cx, cy));
            }
            state.select(hit);
            refresh_panes(state);
        }
        MouseKind::Down => {
            if let Some(area) = panes.findings
                && area.contains(x, y)
            {
                state.focus = Focus::Findings;
                let list = findings_list_with(area, state.finding().is_some());
                if list.contains(x, y) {
                    let offset = list_offset(state.finding().unwrap_or(0), list.h);
                    let row = offset + usize::from(y - list.y);
                    if state.report().is_some_and(|r| row < r.findings.len()) {
                        state.findings.select(Some(row));
                        crate::findings::step_finding(state, 0);
                    }
                }
                refresh_panes(state);
            } else if panes.inspector.is_some_and(|a| a.contains(x, y)) && state.selected().is_some() {
                state.focus = Focus::Inspector;
                refresh_panes(state);
            }
        }
        MouseKind::Drag => {
            let (cx, cy) = to_canvas(state);
            state.canvas.drag_to((cx, cy));
        }
        MouseKind::Up => {
            if let Some(drag) = state.canvas.end_drag() {
                super::moving::drop_dragged(state, drag, fx);
            }
        }
    }
}
