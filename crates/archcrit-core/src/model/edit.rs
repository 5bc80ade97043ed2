//! `Edit`: the one door through which a design changes. `Design::apply`
//! performs an edit and returns its inverse, so undo/redo, autosave,
//! interview effects, pattern transformations and LLM proposals all share
//! one checked path.

use thiserror::Error;

use super::component::{Component, ComponentField};
use super::design::Design;
use super::field::FieldValue;
use super::flow::Flow;
use super::id::ComponentId;
use super::link::{Link, LinkField, LinkKey};
use super::parts::{Acceptance, RequirementField, TranscriptEntry, Zone};
use super::unstated::Unstated;

#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Insert at `index` in file order (`None` = append).
    AddComponent {
        component: Component,
        index: Option<usize>,
    },
    /// Removes the component and every link that touches it.
    RemoveComponent {
        id: ComponentId,
    },
    RenameComponent {
        from: ComponentId,
        to: ComponentId,
    },
    /// Set (`Some`) or clear (`None`) one field of a component.
    SetComponent {
        id: ComponentId,
        field: ComponentField,
        value: Option<FieldValue>,
    },
    /// Place a component on the canvas (`None` = leave it to auto-layout).
    Move {
        id: ComponentId,
        at: Option<(u32, u32)>,
    },
    Connect {
        link: Link,
        index: Option<usize>,
    },
    Disconnect {
        key: LinkKey,
    },
    SetLink {
        key: LinkKey,
        field: LinkField,
        value: Option<FieldValue>,
    },
    SetRequirement {
        field: RequirementField,
        value: Option<FieldValue>,
    },
    SetName {
        name: String,
    },
    SetDescription {
        description: Option<String>,
    },
    /// Define, replace (`Some`) or delete (`None`) a zone.
    SetZone {
        name: String,
        zone: Option<Zone>,
    },
    /// Define, replace (`Some`) or delete (`None`) a flow. A new flow goes
    /// at `index` in file order (`None` = append); a replaced one keeps its
    /// place.
    SetFlow {
        id: String,
        flow: Option<Flow>,
        index: Option<usize>,
    },
    /// Replace the facts the design's source could not state (`unstated:`),
    /// as an import into an empty design brings them.
    SetUnstated {
        facts: Vec<Unstated>,
    },
    Accept {
        acceptance: Acceptance,
        index: Option<usize>,
    },
    Unaccept {
        index: usize,
    },
    RecordAnswer {
        entry: TranscriptEntry,
    },
    ForgetLastAnswer,
    /// Several edits as one undoable step, applied in order, all or none.
    Batch {
        label: String,
        edits: Vec<Edit>,
    },
}

#[derive(Debug, Clone, PartialEq, Error)]
pub enum EditError {
    #[error("no component `{0}`")]
    UnknownComponent(String),
    #[error("a component `{0}` already exists: ids must be unique")]
    DuplicateId(String),
    #[error("`{0}` cannot link to itself")]
    SelfLink(String),
    #[error("link {0} already exists (same from, to and protocol)")]
    DuplicateLink(String),
    #[error("no link {0}")]
    UnknownLink(String),
    #[error("no accepted finding at position {0}")]
    UnknownAcceptance(usize),
    #[error("the interview transcript is empty")]
    EmptyTranscript,
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Set(#[from] super::field::SetError),
    #[error(transparent)]
    Flow(#[from] super::flow::FlowError),
}

impl Edit {
    /// A few words for undo history and proposal lists.
    pub fn describe(&self) -> String {
        match self {
            Edit::AddComponent { component, .. } => format!("add {} {}", component.kind, component.id),
            Edit::RemoveComponent { id } => format!("remove {id}"),
            Edit::RenameComponent { from, to } => format!("rename {from} to {to}"),
            Edit::SetComponent { id, field, value } => match value {
                Some(v) => format!("set {id}.{} = {v}", field.as_str()),
                None => format!("clear {id}.{}", field.as_str()),
            },
            Edit::Move { id, at: Some((c, r)) } => format!("move {id} to [{c}, {r}]"),
            Edit::Move { id, at: None } => format!("unpin {id}"),
            Edit::Connect { link, .. } => format!("link {}", link.key()),
            Edit::Disconnect { key } => format!("unlink {key}"),
            Edit::SetLink { key, field, value } => match value {
                Some(v) => format!("set {key} {} = {v}", field.as_str()),
                None => format!("clear {key} {}", field.as_str()),
            },
            Edit::SetRequirement { field, value } => match value {
                Some(v) => format!("set requirements.{} = {v}", field.as_str()),
                None => format!("clear requirements.{}", field.as_str()),
            },
            Edit::SetName { name } => format!("rename design to {name}"),
            Edit::SetDescription { .. } => "set description".into(),
            Edit::SetZone { name, zone: Some(_) } => format!("set zone {name}"),
            Edit::SetZone { name, zone: None } => format!("remove zone {name}"),
            Edit::SetFlow { id, flow: Some(_), .. } => format!("set flow {id}"),
            Edit::SetFlow { id, flow: None, .. } => format!("remove flow {id}"),
            Edit::SetUnstated { .. } => "set what the source could not state".into(),
            Edit::Accept { acceptance, .. } => format!("accept {}", acceptance.rule),
            Edit::Unaccept { .. } => "withdraw an acceptance".into(),
            Edit::RecordAnswer { entry } => format!("answer {}", entry.question),
            Edit::ForgetLastAnswer => "forget the last answer".into(),
            Edit::Batch { label, .. } => label.clone(),
        }
    }
}

impl Design {
    /// Applies `edit` and returns the edit that undoes it. On error the
    /// design is unchanged.
    pub fn apply(&mut self, edit: Edit) -> Result<Edit, EditError> {
        let mut inverse = self.apply_inner(edit)?;
        if !self.flows.is_empty() {
            // Flows follow structural edits (see flow.rs); undoing puts the
            // graph back first, then the flows as they were.
            let mut repaired = self.repair_flows();
            if !repaired.is_empty() {
                repaired.sort_by_key(|(_, _, position)| *position);
                let label = inverse.describe();
                let mut edits = vec![inverse];
                edits.extend(repaired.into_iter().map(|(id, flow, position)| {
                    let index = (!self.flows.contains_key(&id)).then_some(position);
                    Edit::SetFlow { id, flow: Some(flow), index }
                }));
                inverse = Edit::Batch { label, edits };
            }
        }
        self.bump();
        debug_assert_eq!(self.verify(), Ok(()), "design invariants broken by an edit");
        Ok(inverse)
    }

    /// Applies several edits as one step (see `Edit::Batch`).
    pub fn apply_all(&mut self, label: impl Into<String>, edits: Vec<Edit>) -> Result<Edit, EditError> {
        self.apply(Edit::Batch { label: label.into(), edits })
    }

    fn apply_inner(&mut self, edit: Edit) -> Result<Edit, EditError> {
        Ok(match edit {
            Edit::AddComponent { component, index } => {
                check_fields(&component)?;
                let id = component.id.clone();
                self.insert_component(component, index)?;
                Edit::RemoveComponent { id }
            }
            Edit::RemoveComponent { id } => {
                let super::design::Removed { component, position, links } = self.take_component(id.as_str())?;
                let mut restore = vec![Edit::AddComponent { component, index: Some(position) }];
                restore.extend(links.into_iter().map(|(i, link)| Edit::Connect { link, index: Some(i) }));
                Edit::Batch { label: format!("restore {id}"), edits: restore }
            }
            Edit::RenameComponent { from, to } => {
                self.rename(from.as_str(), to.clone())?;
                Edit::RenameComponent { from: to, to: from }
            }
            Edit::SetComponent { id, field, value } => {
                let component = self.component_mut(id.as_str())?;
                let old = component.set(field, value)?;
                Edit::SetComponent { id, field, value: old }
            }
            Edit::Move { id, at } => {
                let component = self.component_mut(id.as_str())?;
                let old = component.at;
                component.at = at;
                Edit::Move { id, at: old }
            }
            Edit::Connect { link, index } => {
                let key = link.key();
                self.insert_link(link, index)?;
                Edit::Disconnect { key }
            }
            Edit::Disconnect { key } => {
                let (link, position) = self.take_link(&key)?;
                Edit::Connect { link, index: Some(position) }
            }
            Edit::SetLink { key, field, value } => {
                let link = self.link_mut(&key)?;
                let old = link.set(field, value)?;
                let new_key = link.key();
                if new_key != key
                    && let Err(e) = self.rekey_link(&key)
                {
                    // Put the old protocol back so the design is unchanged.
                    if let Ok(link) = self.link_mut(&key) {
                        let _ = link.set(field, old);
                    }
                    return Err(e);
                }
                Edit::SetLink { key: new_key, field, value: old }
            }
            Edit::SetRequirement { field, value } => {
                let old = self.requirements.set(field, value)?;
                Edit::SetRequirement { field, value: old }
            }
            Edit::SetName { name } => {
                if name.trim().is_empty() {
                    return Err(EditError::Invalid("a design needs a name".into()));
                }
                Edit::SetName { name: std::mem::replace(&mut self.name, name) }
            }
            Edit::SetDescription { description } => {
                Edit::SetDescription { description: std::mem::replace(&mut self.description, description) }
            }
            Edit::SetUnstated { mut facts } => {
                // Kept as the loader keeps them: sorted, no repeats.
                facts.sort();
                facts.dedup();
                Edit::SetUnstated { facts: std::mem::replace(&mut self.unstated, facts) }
            }
            Edit::SetZone { name, zone } => {
                let old = match zone {
                    Some(z) => self.zones.insert(name.clone(), z),
                    None => self.zones.shift_remove(&name),
                };
                Edit::SetZone { name, zone: old }
            }
            Edit::SetFlow { id, flow, index } => match flow {
                Some(flow) => {
                    self.check_flow(&id, &flow)?;
                    match self.flows.get_index_of(&id) {
                        Some(at) => {
                            let old = std::mem::replace(&mut self.flows[at], flow);
                            Edit::SetFlow { id, flow: Some(old), index: None }
                        }
                        None => {
                            let at = index.unwrap_or(self.flows.len()).min(self.flows.len());
                            self.flows.shift_insert(at, id.clone(), flow);
                            Edit::SetFlow { id, flow: None, index: None }
                        }
                    }
                }
                None => {
                    let (at, _, old) = self
                        .flows
                        .shift_remove_full(&id)
                        .ok_or_else(|| EditError::Invalid(format!("no flow `{id}`")))?;
                    Edit::SetFlow { id, flow: Some(old), index: Some(at) }
                }
            },
            Edit::Accept { acceptance, index } => {
                let at = index.unwrap_or(self.accepted.len()).min(self.accepted.len());
                self.accepted.insert(at, acceptance);
                Edit::Unaccept { index: at }
            }
            Edit::Unaccept { index } => {
                if index >= self.accepted.len() {
                    return Err(EditError::UnknownAcceptance(index));
                }
                let acceptance = self.accepted.remove(index);
                Edit::Accept { acceptance, index: Some(index) }
            }
            Edit::RecordAnswer { entry } => {
                self.interview.push(entry);
                Edit::ForgetLastAnswer
            }
            Edit::ForgetLastAnswer => {
                let entry = self.interview.pop().ok_or(EditError::EmptyTranscript)?;
                Edit::RecordAnswer { entry }
            }
            Edit::Batch { label, edits } => {
                let mut inverses = Vec::with_capacity(edits.len());
                for edit in edits {
                    match self.apply_inner(edit) {
                        Ok(inverse) => inverses.push(inverse),
                        Err(e) => {
                            // All or none: undo what this batch already did.
                            for inverse in inverses.into_iter().rev() {
                                let _ = self.apply_inner(inverse);
                            }
                            return Err(e);
                        }
                    }
                }
                inverses.reverse();
                Edit::Batch { label, edits: inverses }
            }
        })
    }
}

/// A component arriving through an edit obeys the same field rules as one
/// read from a file.
fn check_fields(component: &Component) -> Result<(), EditError> {
    for field in ComponentField::ALL {
        if let Some(value) = component.get(field) {
            field
                .field_type()
                .check(&value)
                .map_err(|e| EditError::Invalid(format!("{}.{}: {e}", component.id, field.as_str())))?;
            if !field.applies_to(component.kind) {
                return Err(EditError::Invalid(field.not_applicable(component.kind)));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;

    fn id(s: &str) -> ComponentId {
        ComponentId::new(s).unwrap()
    }

    fn add(kind: Kind, name: &str) -> Edit {
        Edit::AddComponent { component: Component::new(id(name), kind), index: None }
    }

    fn sample() -> Design {
        let mut d = Design::new("t");
        d.apply(add(Kind::Client, "web")).unwrap();
        d.apply(add(Kind::Service, "api")).unwrap();
        d.apply(add(Kind::Database, "db")).unwrap();
        d.apply(Edit::Connect { link: Link::new(id("web"), id("api")).with_protocol("https"), index: None }).unwrap();
        d.apply(Edit::Connect { link: Link::new(id("api"), id("db")).with_protocol("sql"), index: None }).unwrap();
        d
    }

    #[test]
    fn every_edit_is_undone_by_its_inverse() {
        let edits = vec![
            add(Kind::Cache, "cache"),
            Edit::RemoveComponent { id: id("api") },
            Edit::RenameComponent { from: id("api"), to: id("orders") },
            Edit::SetComponent { id: id("api"), field: ComponentField::Replicas, value: Some(FieldValue::Count(3)) },
            Edit::Move { id: id("db"), at: Some((4, 5)) },
            Edit::Disconnect { key: LinkKey::new(id("web"), id("api"), Some("https")) },
            Edit::SetLink {
                key: LinkKey::new(id("api"), id("db"), Some("sql")),
                field: LinkField::Protocol,
                value: Some(FieldValue::Text("postgres".into())),
            },
            Edit::SetRequirement { field: RequirementField::PeakRps, value: Some(FieldValue::Number(100.0)) },
            Edit::SetName { name: "other".into() },
            Edit::SetZone { name: "dmz".into(), zone: Some(Zone::default()) },
        ];
        for edit in edits {
            let mut d = sample();
            let before = d.clone();
            let what = edit.describe();
            let inverse = d.apply(edit).unwrap();
            assert_ne!(d, before, "{what} changed nothing");
            let redo = d.apply(inverse).unwrap();
            assert_eq!(d, before, "undo of {what}");
            d.apply(redo).unwrap();
            assert_ne!(d, before, "redo of {what}");
        }
    }

    #[test]
    fn removing_a_component_restores_links_in_place() {
        let mut d = sample();
        let before = d.clone();
        let inverse = d.apply(Edit::RemoveComponent { id: id("api") }).unwrap();
        assert_eq!(d.link_count(), 0);
        d.apply(inverse).unwrap();
        assert_eq!(d, before);
        assert_eq!(d.position("api"), Some(1));
    }

    #[test]
    fn rename_follows_links() {
        let mut d = sample();
        d.apply(Edit::RenameComponent { from: id("api"), to: id("orders") }).unwrap();
        assert!(d.link(&LinkKey::new(id("web"), id("orders"), Some("HTTPS"))).is_some());
        assert_eq!(d.outgoing("orders").len(), 1);
        assert_eq!(d.position("orders"), Some(1));
    }

    #[test]
    fn bad_edits_leave_the_design_unchanged() {
        let mut d = sample();
        let before = d.clone();
        assert!(matches!(d.apply(add(Kind::Service, "api")), Err(EditError::DuplicateId(_))));
        let self_link = Edit::Connect { link: Link::new(id("api"), id("api")), index: None };
        assert!(matches!(d.apply(self_link), Err(EditError::SelfLink(_))));
        let dup = Edit::Connect { link: Link::new(id("web"), id("api")).with_protocol("HTTPS"), index: None };
        assert!(matches!(d.apply(dup), Err(EditError::DuplicateLink(_))));
        let batch = Edit::Batch {
            label: "half".into(),
            edits: vec![add(Kind::Cache, "c"), Edit::RemoveComponent { id: id("nope") }],
        };
        assert!(d.apply(batch).is_err());
        assert_eq!(d, before);
        assert_eq!(d.verify(), Ok(()));
    }

    #[test]
    fn outgoing_is_in_file_order() {
        let mut d = sample();
        d.apply(add(Kind::Cache, "cache")).unwrap();
        d.apply(Edit::Connect { link: Link::new(id("api"), id("cache")), index: Some(0) }).unwrap();
        let out: Vec<_> = d.outgoing("api").iter().map(|l| l.to.to_string()).collect();
        assert_eq!(out, ["cache", "db"]);
    }
}
