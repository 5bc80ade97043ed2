//! Changing the design: every edit goes through `apply` (or `undo`,
//! `replace_design`), and `changed` keeps what depends on the design true
//! at once: the layout, a valid selection and inspected link, the critique
//! and the recovery copy requested, the selection in view.

mod cone;
pub(crate) mod document;
mod file;
mod reach;
mod restore;
mod select;
mod touched;
mod view;
pub(crate) mod viewport;

pub use document::{Document, SaveLanded};
pub(crate) use file::{ask_quit, quit, save};
pub use reach::Moves;
pub(crate) use restore::replace_undoably;
pub(crate) use select::{cycle, first_target, neighbour, select_toward};
pub use select::{reading_order, toward, toward_with};
pub use viewport::{Drag, TICKS, Touched, Viewport};

pub(crate) use touched::{mark, tick};
pub(crate) use view::{keep_in_view, layout_all, pan, refresh_panes, show_boxes, show_touched, zoom};

use std::path::Path;

use crate::effect::Effect;
use crate::refusal::CommandError;
use crate::state::{Level, State};
use archcrit_core::model::{ComponentField, ComponentId, Design, Edit, FieldValue, LinkKey};

/// Applies one undoable edit; on success reports it and refreshes
/// everything that depends on the design, else says why not.
pub(crate) fn apply(state: &mut State, edit: Edit, tag: Option<String>, fx: &mut Vec<Effect>) -> bool {
    match try_apply(state, edit, tag, fx) {
        Ok(()) => true,
        Err(e) => {
            state.say(Level::Error, e);
            false
        }
    }
}

/// As `apply`, handing a refusal back to the caller (a prompt or the
/// interview shows it where the person is typing) instead of saying it.
pub(crate) fn try_apply(
    state: &mut State,
    edit: Edit,
    tag: Option<String>,
    fx: &mut Vec<Effect>,
) -> Result<(), CommandError> {
    let label = state.doc.apply(edit, tag).map_err(|e| e.to_string())?;
    state.say(Level::Info, label);
    changed(state, fx);
    Ok(())
}

/// As `apply`, for an edit whose layout was already worked out on a copy
/// (a move tried before it is made): the board takes `laid_out` instead of
/// laying the design out a second time.
pub(crate) fn apply_laid_out(
    state: &mut State,
    edit: Edit,
    tag: Option<String>,
    laid_out: archcrit_core::layout::Layout,
    fx: &mut Vec<Effect>,
) -> bool {
    match state.doc.apply(edit, tag) {
        Ok(label) => {
            state.say(Level::Info, label);
            state.canvas.adopt(laid_out);
            follow_change(state, fx);
            true
        }
        Err(e) => {
            state.say(Level::Error, e.to_string());
            false
        }
    }
}

/// Everything that follows a change of the design: layout, critique,
/// autosave, a valid selection kept in view.
pub(crate) fn changed(state: &mut State, fx: &mut Vec<Effect>) {
    state.canvas.relayout(state.doc.design());
    follow_change(state, fx);
}

/// What follows a change once the board is laid out: the selection and
/// inspected link kept valid, the critique and recovery copy requested.
fn follow_change(state: &mut State, fx: &mut Vec<Effect>) {
    if state.selected().is_some_and(|id| !state.doc.design().contains(id.as_str())) {
        state.select(None);
    }
    follow_selected_link(state);
    live_mode_follows(state, fx);
    let snapshot = std::sync::Arc::new(state.doc.design().clone());
    fx.push(Effect::Analyze(snapshot.clone()));
    let file = state.doc.file().map(Path::to_path_buf);
    if state.doc.dirty() {
        fx.push(Effect::Autosave { file, design: snapshot });
    } else {
        fx.push(Effect::DiscardRecovery { file });
    }
    keep_in_view(state);
}

/// Keeps the inspector's link after an edit changed its key (an undone
/// protocol change): the one link between the same two components, if
/// there is exactly one; otherwise the inspector goes back to the component.
fn follow_selected_link(state: &mut State) {
    let Some(key) = state.selected_link() else { return };
    if state.doc.design().link(key).is_some() {
        return;
    }
    let mut same_pair: Vec<LinkKey> = state
        .doc
        .design()
        .outgoing(key.from.as_str())
        .into_iter()
        .filter(|l| l.to == key.to)
        .map(|l| l.key())
        .collect();
    state.inspect_link(if same_pair.len() == 1 { same_pair.pop() } else { None });
}

/// Puts a whole new design in place (reload, recovery): history restarts.
pub(crate) fn replace_design(state: &mut State, design: Design, saved: bool, fx: &mut Vec<Effect>) {
    state.doc.replace(design, saved);
    state.findings.clear();
    changed(state, fx);
}

pub(crate) fn undo(state: &mut State, redo: bool, fx: &mut Vec<Effect>) {
    let before = state.doc.design().clone();
    let result = state.doc.undo(redo);
    match result {
        Ok(Some(label)) => {
            changed(state, fx);
            mark(state, &before, &format!("{} {label}", if redo { "redid" } else { "undid" }), !redo);
            show_touched(state);
        }
        Ok(None) => state.say(Level::Info, format!("nothing to {}", if redo { "redo" } else { "undo" })),
        Err(e) => state.say(Level::Error, format!("cannot {}: {e}", if redo { "redo" } else { "undo" })),
    }
}

/// Sets a field from text typed in the inspector; `Err` keeps the prompt open.
pub(crate) fn set_field(
    state: &mut State,
    id: &ComponentId,
    field: ComponentField,
    text: &str,
    fx: &mut Vec<Effect>,
) -> Result<(), CommandError> {
    let value: Option<FieldValue> = if text.trim().is_empty() { None } else { Some(field.field_type().parse(text)?) };
    let edit = Edit::SetComponent { id: id.clone(), field, value };
    try_apply(state, edit, None, fx)
}

/// Live mode waits for edits to pause: each edit restarts its wait, and a
/// live review of the design as it was is stale, so it stops.
fn live_mode_follows(state: &State, fx: &mut Vec<Effect>) {
    if state.chat.live {
        fx.push(Effect::LiveEdited { revision: state.doc.design().revision() });
    }
    if state.chat.llm
        && let (Some(busy), Some((auto, _))) = (state.chat.busy, state.chat.review)
        && busy == auto
    {
        fx.push(Effect::AgentCancel { turn: busy });
    }
}
