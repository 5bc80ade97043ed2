//! Carrying out a parsed `:` command on the workshop.

use std::path::PathBuf;

use super::Command;
use crate::edit::quit;
use crate::edit::{ask_quit, keep_in_view, layout_all, save, try_apply, undo, zoom};
use crate::effect::Effect;
use crate::refusal::CommandError;
use crate::state::{Level, Overlay, State};
use archcrit_core::model::{Component, ComponentField, ComponentId, Edit, Link, LinkField, LinkKey, RequirementField};

fn id(text: &str) -> Result<ComponentId, CommandError> {
    ComponentId::new(text).map_err(|e| CommandError::from(e.to_string()))
}

fn known(state: &State, text: &str) -> Result<ComponentId, CommandError> {
    if state.doc.design().contains(text) {
        return id(text);
    }
    let hint = archcrit_core::model::closest(text, state.doc.design().ids().map(|i| i.as_str()))
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default();
    Err(CommandError::from(format!("no component `{text}`{hint}")))
}

/// Runs a command line; a refusal comes back for the line to show while
/// it stays open for fixing.
pub(crate) fn run(state: &mut State, line: &str, fx: &mut Vec<Effect>) -> Result<(), CommandError> {
    super::parse(line).and_then(|cmd| execute(state, cmd, fx))
}

/// Runs a command line that has no prompt to show a refusal (a scripted
/// `Action::Command`): the status line says it.
pub(crate) fn run_line(state: &mut State, line: &str, fx: &mut Vec<Effect>) {
    if let Err(e) = run(state, line, fx) {
        state.say(Level::Error, e);
    }
}

fn execute(state: &mut State, cmd: Command, fx: &mut Vec<Effect>) -> Result<(), CommandError> {
    // What to select once the edit is in: a new component, a renamed one.
    let mut then_select = None;
    let edit = match cmd {
        Command::Add { kind, id: name, label } => {
            let mut component = Component::new(id(&name)?, kind);
            component.label = label;
            then_select = Some(component.id.clone());
            Edit::AddComponent { component, index: None }
        }
        Command::Link { from, to, protocol } => {
            let mut link = Link::new(known(state, &from)?, known(state, &to)?);
            link.protocol = protocol;
            Edit::Connect { link, index: None }
        }
        Command::Unlink { from, to, protocol } => {
            Edit::Disconnect { key: LinkKey::new(known(state, &from)?, known(state, &to)?, protocol.as_deref()) }
        }
        Command::Rm { id } => Edit::RemoveComponent { id: known(state, &id)? },
        Command::Rename { from, to } => {
            let (from, to) = (known(state, &from)?, id(&to)?);
            if state.selected() == Some(&from) {
                then_select = Some(to.clone());
            }
            Edit::RenameComponent { from, to }
        }
        Command::Set { id: target, field, value } => {
            let edit = set_edit(state, &target, &field, &value)?;
            let offer = match &edit {
                Edit::SetComponent { id, field, value: Some(_) } => Some((id.clone(), *field)),
                _ => None,
            };
            try_apply(state, edit, None, fx)?;
            if let Some((id, field)) = offer {
                crate::kindhint::offer(state, &id, field);
            }
            return Ok(());
        }
        Command::SetLink { from, to, field, value } => {
            let key = crate::inspector::find_link(state, &known(state, &from)?, &to)?;
            let field = LinkField::parse(&field)?;
            let value = if value.is_empty() { None } else { Some(field.field_type().parse(&value)?) };
            return crate::inspector::set_link(state, key, field, value, fx);
        }
        Command::Layout => return layout_all(state, fx),
        Command::Zoom => {
            zoom(state);
            return Ok(());
        }
        Command::Undo => {
            undo(state, false, fx);
            return Ok(());
        }
        Command::Redo => {
            undo(state, true, fx);
            return Ok(());
        }
        Command::Write { file, force } => {
            save(state, file.map(PathBuf::from), false, force, fx);
            return Ok(());
        }
        Command::Quit => {
            ask_quit(state, fx);
            return Ok(());
        }
        Command::ForceQuit => {
            quit(state, fx);
            return Ok(());
        }
        Command::WriteQuit { file, force } => {
            save(state, file.map(PathBuf::from), true, force, fx);
            return Ok(());
        }
        Command::Help => {
            state.overlay = Overlay::Help { scroll: 0 };
            return Ok(());
        }
        Command::Messages => {
            crate::overlays::show_messages(state);
            return Ok(());
        }
        Command::Interview { name } => return crate::interview::start(state, name.as_deref(), fx),
        Command::Export { format, file } => return crate::export::run(state, format, file, fx),
        Command::Flows => {
            crate::flows::open(state);
            return Ok(());
        }
        Command::Flow(cmd) => return crate::flows::run(state, cmd, fx),
        Command::WhatIf { change } => return crate::whatif::run(state, change, fx),
        Command::Diff { rev } => return crate::diff::start(state, rev, fx),
        Command::Calibrate(request) => return crate::calibrate::start(state, request, fx),
        Command::Import { files } => return crate::import::start(state, files, fx),
        Command::DiffOff => {
            crate::diff::off(state);
            return Ok(());
        }
    };
    try_apply(state, edit, None, fx)?;
    if let Some(id) = then_select {
        state.select(Some(id));
        keep_in_view(state);
    }
    Ok(())
}

/// `:set ID FIELD VALUE` (an empty value clears the field).
fn set_edit(state: &State, target: &str, field: &str, value: &str) -> Result<Edit, CommandError> {
    if target == "requirements" && !state.doc.design().contains(target) {
        let field = RequirementField::parse(field)?;
        let value = if value.is_empty() { None } else { Some(field.field_type().parse(value)?) };
        return Ok(Edit::SetRequirement { field, value });
    }
    let id = known(state, target)?;
    let field = ComponentField::parse(field)?;
    let value = if value.is_empty() { None } else { Some(field.field_type().parse(value)?) };
    Ok(Edit::SetComponent { id, field, value })
}
