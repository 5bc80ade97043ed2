//! Changing the design: every edit goes through `apply` (or `undo`,
//! `replace_design`), and `changed` keeps what depends on the design true
//! at once: the layout, a valid selection and inspected link, the critique
//! and the recovery copy requested, the selection in view.

mod file;
mod select;
mod view;

pub(crate) use file::{ask_quit, quit, save};
pub(crate) use select::{cycle, neighbour};
pub(crate) use view::{keep_in_view, layout_all, refresh_panes, zoom};

use crate::effect::Effect;
use crate::state::{Level, State};
use archcrit_core::layout::relayout;
use archcrit_core::model::{ComponentField, ComponentId, Design, Edit, FieldValue, LinkKey};

/// Applies one undoable edit; on success reports it and refreshes
/// everything that depends on the design.
pub(crate) fn apply(state: &mut State, edit: Edit, tag: Option<String>, fx: &mut Vec<Effect>) -> bool {
    match state.history.apply_tagged(&mut state.design, edit, tag) {
        Ok(label) => {
            state.message = Some((Level::Info, label));
            changed(state, fx);
            true
        }
        Err(e) => {
            state.message = Some((Level::Error, e.to_string()));
            false
        }
    }
}

/// Everything that follows a change of the design: layout, critique,
/// autosave, a valid selection kept in view.
pub(crate) fn changed(state: &mut State, fx: &mut Vec<Effect>) {
    relayout(&mut state.layout, &state.design, state.scale);
    if let Some(id) = &state.selected
        && !state.design.contains(id.as_str())
    {
        state.selected = None;
    }
    follow_selected_link(state);
    let snapshot = std::sync::Arc::new(state.design.clone());
    fx.push(Effect::Analyze(snapshot.clone()));
    if state.dirty() {
        fx.push(Effect::Autosave { file: state.file.clone(), design: snapshot });
    } else {
        fx.push(Effect::DiscardRecovery { file: state.file.clone() });
    }
    keep_in_view(state);
}

/// Keeps the inspector's link after an edit changed its key (an undone
/// protocol change): the one link between the same two components, if
/// there is exactly one; otherwise the inspector goes back to the component.
fn follow_selected_link(state: &mut State) {
    let Some(key) = &state.selected_link else { return };
    if state.design.link(key).is_some() {
        return;
    }
    let mut same_pair: Vec<LinkKey> =
        state.design.outgoing(key.from.as_str()).into_iter().filter(|l| l.to == key.to).map(|l| l.key()).collect();
    state.selected_link = if same_pair.len() == 1 { same_pair.pop() } else { None };
}

/// Puts a whole new design in place (reload, recovery): history restarts.
pub(crate) fn replace_design(state: &mut State, design: Design, saved: bool, fx: &mut Vec<Effect>) {
    state.design = design;
    state.saved_revision = saved.then(|| state.design.revision());
    state.history.clear();
    state.report = None;
    state.report_revision = None;
    state.finding = None;
    changed(state, fx);
}

pub(crate) fn undo(state: &mut State, redo: bool, fx: &mut Vec<Effect>) {
    let result = if redo { state.history.redo(&mut state.design) } else { state.history.undo(&mut state.design) };
    match result {
        Ok(Some(label)) => {
            state.message = Some((Level::Info, format!("{} {label}", if redo { "redid" } else { "undid" })));
            changed(state, fx);
        }
        Ok(None) => state.message = Some((Level::Info, format!("nothing to {}", if redo { "redo" } else { "undo" }))),
        Err(e) => state.message = Some((Level::Error, format!("cannot {}: {e}", if redo { "redo" } else { "undo" }))),
    }
}

/// Sets a field from text typed in the inspector; `Err` keeps the prompt open.
pub(crate) fn set_field(
    state: &mut State,
    id: &ComponentId,
    field: ComponentField,
    text: &str,
    fx: &mut Vec<Effect>,
) -> Result<(), String> {
    let value: Option<FieldValue> = if text.trim().is_empty() { None } else { Some(field.field_type().parse(text)?) };
    let edit = Edit::SetComponent { id: id.clone(), field, value };
    if apply(state, edit, None, fx) { Ok(()) } else { Err(state.message.take().map(|(_, m)| m).unwrap_or_default()) }
}
