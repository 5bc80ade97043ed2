//! Links in the inspector and on the command line: opening one, naming one
//! (`TO@PROTOCOL` when two join a pair), and changing its fields; a new
//! protocol gives the link a new key and the inspector follows it. A
//! refused value keeps the prompt open with the reason.

use crate::edit::try_apply;
use crate::effect::Effect;
use crate::refusal::CommandError;
use crate::state::{Level, State};
use archcrit_core::model::{ComponentId, Edit, FieldValue, LinkField, LinkKey};

/// Shows a link's fields in the inspector; `how` says what to do next.
pub(crate) fn open_link(state: &mut State, key: LinkKey, how: &str) {
    state.say(Level::Info, format!("link {key}: {how}"));
    state.inspect_link(Some(key));
    state.panels.inspector_row = 0;
}

/// Sets a link field from text typed in the inspector; `Err` keeps the prompt open.
pub(crate) fn set_link_field(
    state: &mut State,
    key: &LinkKey,
    field: LinkField,
    text: &str,
    fx: &mut Vec<Effect>,
) -> Result<(), CommandError> {
    let value = if text.trim().is_empty() { None } else { Some(field.field_type().parse(text)?) };
    set_link(state, key.clone(), field, value, fx)
}

/// Applies one link change as an undoable edit. A new protocol gives the
/// link a new key; the inspector follows it.
pub(crate) fn set_link(
    state: &mut State,
    key: LinkKey,
    field: LinkField,
    value: Option<FieldValue>,
    fx: &mut Vec<Effect>,
) -> Result<(), CommandError> {
    let new_key = match (&field, &value) {
        (LinkField::Protocol, Some(FieldValue::Text(p))) => LinkKey::new(key.from.clone(), key.to.clone(), Some(p)),
        (LinkField::Protocol, None) => LinkKey::new(key.from.clone(), key.to.clone(), None),
        _ => key.clone(),
    };
    let shown = state.selected_link() == Some(&key);
    try_apply(state, Edit::SetLink { key, field, value }, None, fx)?;
    if shown {
        state.inspect_link(Some(new_key));
    }
    Ok(())
}

/// The link a command names: `FROM TO`, or `FROM TO@PROTOCOL` when two
/// links join the same pair.
pub(crate) fn find_link(state: &State, from: &ComponentId, to: &str) -> Result<LinkKey, CommandError> {
    let (to, protocol) = match to.split_once('@') {
        Some((t, p)) => (t, Some(p)),
        None => (to, None),
    };
    let candidates: Vec<LinkKey> = state
        .doc
        .design()
        .outgoing(from.as_str())
        .into_iter()
        .filter(|l| l.to.as_str() == to)
        .map(|l| l.key())
        .collect();
    let protocols =
        || candidates.iter().map(|k| k.protocol.clone().unwrap_or_else(|| "no protocol".into())).collect::<Vec<_>>();
    match protocol {
        Some(p) => {
            let wanted = LinkKey::new(from.clone(), ComponentId::new(to).map_err(|e| e.to_string())?, Some(p));
            if candidates.contains(&wanted) {
                Ok(wanted)
            } else if candidates.is_empty() {
                Err(CommandError::from(format!("no link {from} -> {to}")))
            } else {
                Err(CommandError::from(format!(
                    "no link {from} -> {to} with protocol {p}; there is: {}",
                    protocols().join(", ")
                )))
            }
        }
        None => match candidates.as_slice() {
            [only] => Ok(only.clone()),
            [] => Err(CommandError::from(format!("no link {from} -> {to} (`:link {from} {to} PROTOCOL` adds one)"))),
            _ => Err(CommandError::from(format!(
                "{} links join {from} -> {to} ({}): name one as {to}@PROTOCOL",
                candidates.len(),
                protocols().join(", ")
            ))),
        },
    }
}
