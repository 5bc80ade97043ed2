//! The inspector's keys: moving through a component's fields and links,
//! opening a link, and editing, clearing or cycling the fields of either.
//! Every change is one undoable edit.

use super::link::{open_link, set_link};
use super::rows::{InspectorRow, component_rows, next_component_value, next_link_value, shown_link};
use crate::edit::{apply, refresh_panes, set_field};
use crate::effect::Effect;
use crate::keymap::Cmd;
use crate::state::{Focus, Level, Overlay, PromptKind, State};
use archcrit_core::model::{ComponentField, Edit, Link, LinkField, LinkKey};

fn step(row: &mut usize, len: usize, cmd: Option<Cmd>) {
    match cmd {
        Some(Cmd::Down) => *row = (*row + 1) % len,
        Some(Cmd::Up) => *row = (*row + len - 1) % len,
        _ => {}
    }
}

/// A key while the inspector has the focus.
pub(crate) fn key(state: &mut State, cmd: Option<Cmd>, fx: &mut Vec<Effect>) {
    let Some(component) = state.selected().and_then(|s| state.doc.design().component(s.as_str())).cloned() else {
        state.focus = Focus::Canvas;
        refresh_panes(state);
        return;
    };
    if let Some(link) = shown_link(state).cloned() {
        link_key(state, link, cmd, fx);
        return;
    }
    let rows = component_rows(state.doc.design(), &component);
    state.panels.inspector_row = state.panels.inspector_row.min(rows.len() - 1);
    let row = rows[state.panels.inspector_row].clone();
    match cmd {
        Some(Cmd::Down) | Some(Cmd::Up) => step(&mut state.panels.inspector_row, rows.len(), cmd),
        Some(Cmd::Submit) => match row {
            InspectorRow::Field(field) => {
                let current = component.get(field).map(|v| v.to_string()).unwrap_or_default();
                let title = format!(
                    "{}.{} ({}; empty = default):",
                    component.id,
                    field.as_str(),
                    field.field_type().expected()
                );
                state.overlay = Overlay::prompt(PromptKind::Field { id: component.id.clone(), field }, title, current);
            }
            InspectorRow::Link(key) => open_link(state, key, OPENED),
        },
        Some(Cmd::Clear) => match row {
            InspectorRow::Field(ComponentField::Kind) => {
                state.say(Level::Error, "`kind` is required; set another kind instead");
            }
            InspectorRow::Field(field) => {
                let _ = set_field(state, &component.id, field, "", fx);
            }
            InspectorRow::Link(key) => {
                state.say(
                    Level::Info,
                    format!("x clears a field; to remove the link {key}, select its arrow and press d, or :unlink"),
                );
            }
        },
        Some(Cmd::Cycle) => match row {
            InspectorRow::Field(field) => match next_component_value(&component, field) {
                Some(value) => {
                    let edit = Edit::SetComponent { id: component.id.clone(), field, value: Some(value) };
                    apply(state, edit, None, fx);
                }
                None => not_a_choice(state, field.as_str()),
            },
            InspectorRow::Link(key) => open_link(state, key, OPENED),
        },
        Some(Cmd::Cancel) => {
            state.focus = Focus::Canvas;
            refresh_panes(state);
        }
        Some(Cmd::Help) => state.overlay = Overlay::Help { scroll: 0 },
        _ => {}
    }
}

const OPENED: &str = "enter edits a field, space cycles sync/async and other choices, esc goes back";

fn not_a_choice(state: &mut State, field: &str) {
    state.say(Level::Info, format!("`{field}` is typed, not chosen: enter edits it"));
}

fn link_key(state: &mut State, link: Link, cmd: Option<Cmd>, fx: &mut Vec<Effect>) {
    let fields = LinkField::ALL;
    state.panels.inspector_row = state.panels.inspector_row.min(fields.len() - 1);
    let field = fields[state.panels.inspector_row];
    let key = link.key();
    match cmd {
        Some(Cmd::Down) | Some(Cmd::Up) => step(&mut state.panels.inspector_row, fields.len(), cmd),
        Some(Cmd::Submit) => {
            let current = link.get(field).map(|v| v.to_string()).unwrap_or_default();
            let title =
                format!("{} -> {} {} ({}; empty = default):", link.from, link.to, field.as_str(), expected(field));
            state.overlay = Overlay::prompt(PromptKind::LinkField { key, field }, title, current);
        }
        Some(Cmd::Clear) => {
            let _ = set_link(state, key, field, None, fx);
        }
        Some(Cmd::Cycle) => match next_link_value(&link, field) {
            Some(value) => {
                let _ = set_link(state, key, field, Some(value), fx);
            }
            None => not_a_choice(state, field.as_str()),
        },
        Some(Cmd::Cancel) => back_to_component(state, &key),
        Some(Cmd::Help) => state.overlay = Overlay::Help { scroll: 0 },
        _ => {}
    }
}

/// What a link field accepts, in words for a prompt's title.
fn expected(field: LinkField) -> String {
    match field {
        LinkField::Protocol => "https, grpc, sql, kafka... or your own word; empty = none".into(),
        LinkField::Calls => "calls on the target per request, greater than 0 (0.5 = half the time)".into(),
        f => f.field_type().expected(),
    }
}

/// From a link back to the selected component, on that link's row.
fn back_to_component(state: &mut State, key: &LinkKey) {
    state.inspect_link(None);
    let Some(component) = state.selected().and_then(|s| state.doc.design().component(s.as_str())) else { return };
    let rows = component_rows(state.doc.design(), component);
    state.panels.inspector_row = rows.iter().position(|r| *r == InspectorRow::Link(key.clone())).unwrap_or(0);
}
