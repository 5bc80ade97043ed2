//! `:flow add ID FROM VIA...`, `:flow rm ID`, `:flow set ID FIELD VALUE`:
//! each one undoable `Edit::SetFlow`, refused with the model's own reasons.

use crate::edit::try_apply;
use crate::effect::Effect;
use crate::refusal::CommandError;
use crate::state::State;
use archcrit_core::model::{ComponentId, Edit, Flow};

/// The fields `:flow set` changes.
pub const FIELDS: &[&str] = &["rps", "latency_budget_ms", "p99_budget_ms", "availability_slo", "label"];

#[derive(Debug, Clone, PartialEq)]
pub enum FlowCommand {
    Add { id: String, from: String, via: Vec<String> },
    Rm { id: String },
    Set { id: String, field: String, value: String },
}

const USAGE: &str = "usage: :flow add ID FROM VIA... | :flow rm ID | :flow set ID FIELD VALUE";

/// Parses the words after `:flow`; `rest` is the text after the first
/// three words (a label keeps its spaces).
pub(crate) fn parse(words: &[&str], rest: Option<String>) -> Result<FlowCommand, CommandError> {
    match words {
        ["add", id, from, via @ ..] => Ok(FlowCommand::Add {
            id: id.to_string(),
            from: from.to_string(),
            via: via.iter().map(|s| s.to_string()).collect(),
        }),
        ["rm", id] => Ok(FlowCommand::Rm { id: id.to_string() }),
        ["set", id, field, ..] => {
            Ok(FlowCommand::Set { id: id.to_string(), field: field.to_string(), value: rest.unwrap_or_default() })
        }
        _ => Err(CommandError::from(USAGE)),
    }
}

fn unknown_flow(state: &State, id: &str) -> String {
    let hint = archcrit_core::model::closest(id, state.doc.design().flows().keys().map(|s| s.as_str()))
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default();
    format!("no flow `{id}`{hint}; :flows lists them")
}

fn component(text: &str) -> Result<ComponentId, CommandError> {
    ComponentId::new(text).map_err(|e| CommandError::from(format!("`{text}`: {e}")))
}

fn number(field: &str, value: &str) -> Result<Option<f64>, CommandError> {
    if value.is_empty() {
        return Ok(None);
    }
    let v = value.trim_end_matches('%');
    match v.parse::<f64>() {
        Ok(n) if n.is_finite() => Ok(Some(n)),
        _ => Err(CommandError::from(format!("{field}: `{value}` is not a number"))),
    }
}

/// Carries out a `:flow` command as one undoable edit.
pub(crate) fn run(state: &mut State, cmd: FlowCommand, fx: &mut Vec<Effect>) -> Result<(), CommandError> {
    let (id, flow) = match cmd {
        FlowCommand::Add { id, from, via } => {
            if state.doc.design().flow(&id).is_some() {
                return Err(CommandError::from(format!(
                    "flow `{id}` exists: :flow set changes it, :flow rm removes it"
                )));
            }
            let via = via.iter().map(|v| component(v)).collect::<Result<Vec<_>, _>>()?;
            (id, Some(Flow::new(component(&from)?, via)))
        }
        FlowCommand::Rm { id } => {
            if state.doc.design().flow(&id).is_none() {
                return Err(CommandError::from(unknown_flow(state, &id)));
            }
            (id, None)
        }
        FlowCommand::Set { id, field, value } => {
            let Some(mut flow) = state.doc.design().flow(&id).cloned() else {
                return Err(CommandError::from(unknown_flow(state, &id)));
            };
            match field.as_str() {
                "rps" => flow.rps = number(&field, &value)?,
                "latency_budget_ms" => flow.latency_budget_ms = number(&field, &value)?,
                "p99_budget_ms" => flow.p99_budget_ms = number(&field, &value)?,
                "availability_slo" => flow.availability_slo = number(&field, &value)?,
                "label" => flow.label = (!value.is_empty()).then_some(value),
                other => {
                    return Err(CommandError::from(format!(
                        "a flow has no field `{other}`; fields: {}",
                        FIELDS.join(" ")
                    )));
                }
            }
            (id, Some(flow))
        }
    };
    let adding = flow.is_some();
    try_apply(state, Edit::SetFlow { id: id.clone(), flow, index: None }, None, fx)?;
    if adding {
        super::select(state, &id);
    }
    Ok(())
}
