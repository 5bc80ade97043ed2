//! The structural half of a diff: what was added, removed, renamed or
//! changed field by field, for components, links, zones, requirements,
//! accepted findings and the design's own fields.

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;
use serde::Serialize;

use super::{Changed, FieldChange, LinkRef, Section, renamed};
use crate::file::flow;
use crate::model::{
    Component, ComponentField, ComponentId, Design, Extra, Flow, Kind, Link, LinkField, LinkKey, RequirementField,
    Requirements, Zone,
};

/// Old id -> new id of every renamed component.
pub type Renames = HashMap<ComponentId, ComponentId>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rename {
    pub from: ComponentId,
    pub to: ComponentId,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ComponentChanges {
    pub added: Vec<ComponentId>,
    pub removed: Vec<ComponentId>,
    pub renamed: Vec<Rename>,
    pub changed: Vec<Changed<ComponentId>>,
}

impl ComponentChanges {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.renamed.is_empty() && self.changed.is_empty()
    }
}

/// An entry of `accepted:`, named by its rule and component.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct AcceptedRef {
    pub rule: String,
    pub component: Option<ComponentId>,
}

impl std::fmt::Display for AcceptedRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.rule)?;
        match &self.component {
            Some(c) => write!(f, " on {c}"),
            None => Ok(()),
        }
    }
}

/// A component that left the old side and one that arrived on the new side
/// are a rename when everything but the id is equal: every field, and every
/// link once the id is swapped. Candidates are bucketed by kind and label,
/// so the cost stays linear in the number of removed components.
pub fn find_renames(old: &Design, new: &Design) -> Renames {
    let mut renames = Renames::new();
    let removed: Vec<&Component> = old.components().filter(|c| !new.contains(c.id.as_str())).collect();
    if removed.is_empty() {
        return renames;
    }
    let mut candidates: HashMap<(Kind, Option<&str>), Vec<&Component>> = HashMap::new();
    for c in new.components().filter(|c| !old.contains(c.id.as_str())) {
        candidates.entry((c.kind, c.label.as_deref())).or_default().push(c);
    }
    let mut taken: HashSet<&ComponentId> = HashSet::new();
    for gone in removed {
        let Some(bucket) = candidates.get(&(gone.kind, gone.label.as_deref())) else { continue };
        let found = bucket.iter().find(|arrived| {
            !taken.contains(&arrived.id) && same_but_id(gone, arrived) && same_links(old, new, gone, arrived, &renames)
        });
        if let Some(arrived) = found {
            taken.insert(&arrived.id);
            renames.insert(gone.id.clone(), arrived.id.clone());
        }
    }
    renames
}

fn same_but_id(a: &Component, b: &Component) -> bool {
    let mut a = a.clone();
    a.id = b.id.clone();
    a == *b
}

/// Whether `gone`'s links, with its id replaced by `arrived`'s (and ids
/// already known as renamed replaced too), are exactly `arrived`'s links.
fn same_links(old: &Design, new: &Design, gone: &Component, arrived: &Component, renames: &Renames) -> bool {
    let (old_out, old_in) = (old.outgoing(gone.id.as_str()), old.incoming(gone.id.as_str()));
    let (new_out, new_in) = (new.outgoing(arrived.id.as_str()), new.incoming(arrived.id.as_str()));
    if old_out.len() != new_out.len() || old_in.len() != new_in.len() {
        return false;
    }
    let map = |id: &ComponentId| if *id == gone.id { arrived.id.clone() } else { renamed(renames, id).clone() };
    old_out.into_iter().chain(old_in).all(|link| {
        let mut moved = link.clone();
        moved.from = map(&link.from);
        moved.to = map(&link.to);
        new.link(&moved.key()) == Some(&moved)
    })
}

/// Name, description and top-level `x-` fields.
pub fn design_fields(old: &Design, new: &Design) -> Vec<FieldChange> {
    let mut out = Vec::new();
    push(&mut out, "name", Some(old.name().to_string()), Some(new.name().to_string()));
    push(&mut out, "description", old.description().map(str::to_string), new.description().map(str::to_string));
    extra(&mut out, old.extra(), new.extra());
    out
}

pub fn requirements(old: &Requirements, new: &Requirements) -> Vec<FieldChange> {
    let mut out = Vec::new();
    for field in RequirementField::ALL {
        let (a, b) = (old.get(field), new.get(field));
        if a != b {
            push(&mut out, field.as_str(), a.map(|v| v.to_string()), b.map(|v| v.to_string()));
        }
    }
    extra(&mut out, &old.extra, &new.extra);
    out
}

pub fn components(old: &Design, new: &Design, renames: &Renames) -> ComponentChanges {
    let mut changes = ComponentChanges::default();
    let arrived_by_rename: HashSet<&ComponentId> = renames.values().collect();
    for a in old.components() {
        if let Some(to) = renames.get(&a.id) {
            changes.renamed.push(Rename { from: a.id.clone(), to: to.clone() });
            continue;
        }
        match new.component(a.id.as_str()) {
            None => changes.removed.push(a.id.clone()),
            Some(b) if a == b => {}
            Some(b) => changes.changed.push(Changed { subject: a.id.clone(), fields: component_fields(a, b) }),
        }
    }
    changes.added =
        new.ids().filter(|id| !old.contains(id.as_str()) && !arrived_by_rename.contains(id)).cloned().collect();
    changes
}

fn component_fields(a: &Component, b: &Component) -> Vec<FieldChange> {
    let mut out = Vec::new();
    for field in ComponentField::ALL {
        let (x, y) = (a.get(field), b.get(field));
        if x != y {
            push(&mut out, field.as_str(), x.map(|v| v.to_string()), y.map(|v| v.to_string()));
        }
    }
    extra(&mut out, &a.extra, &b.extra);
    out
}

/// Links are matched by key (from, to, protocol) after renames, so the
/// links of a renamed component are neither removed nor added.
pub fn links(old: &Design, new: &Design, renames: &Renames) -> Section<LinkRef> {
    let mut section = Section::default();
    let moved_key = |l: &Link| {
        if renames.is_empty() {
            l.key()
        } else {
            LinkKey::new(renamed(renames, &l.from).clone(), renamed(renames, &l.to).clone(), l.protocol.as_deref())
        }
    };
    let mut matched: HashSet<LinkKey> = HashSet::new();
    for a in old.links() {
        let key = moved_key(a);
        match new.link(&key) {
            None => section.removed.push(LinkRef(a.key())),
            Some(b) => {
                let fields = link_fields(a, b);
                if !fields.is_empty() {
                    section.changed.push(Changed { subject: LinkRef(key.clone()), fields });
                }
                if !renames.is_empty() {
                    matched.insert(key);
                }
            }
        }
    }
    section.added = new
        .links()
        .map(Link::key)
        .filter(|k| if renames.is_empty() { old.link(k).is_none() } else { !matched.contains(k) })
        .map(LinkRef)
        .collect();
    section
}

fn link_fields(a: &Link, b: &Link) -> Vec<FieldChange> {
    let mut out = Vec::new();
    for field in LinkField::ALL {
        let (x, y) = (a.get(field), b.get(field));
        if x != y {
            push(&mut out, field.as_str(), x.map(|v| v.to_string()), y.map(|v| v.to_string()));
        }
    }
    extra(&mut out, &a.extra, &b.extra);
    out
}

/// Flows are matched by id; a flow's `from` and `via` follow renamed
/// components, so renaming a component does not change its flows.
pub fn flows(old: &Design, new: &Design, renames: &Renames) -> Section<String> {
    let mut section = Section::default();
    for (id, a) in old.flows() {
        match new.flow(id) {
            None => section.removed.push(id.clone()),
            Some(b) => {
                let fields = flow_fields(a, b, renames);
                if !fields.is_empty() {
                    section.changed.push(Changed { subject: id.clone(), fields });
                }
            }
        }
    }
    section.added = new.flows().keys().filter(|id| old.flow(id).is_none()).cloned().collect();
    section
}

fn flow_fields(a: &Flow, b: &Flow, renames: &Renames) -> Vec<FieldChange> {
    let mut out = Vec::new();
    let number = |v: Option<f64>| v.map(|v| v.to_string());
    let via = |f: &Flow, map: bool| {
        let ids: Vec<&str> =
            f.via.iter().map(|id| if map { renamed(renames, id).as_str() } else { id.as_str() }).collect();
        format!("[{}]", ids.join(", "))
    };
    push(&mut out, "from", Some(renamed(renames, &a.from).to_string()), Some(b.from.to_string()));
    push(&mut out, "rps", number(a.rps), number(b.rps));
    push(&mut out, "via", Some(via(a, true)), Some(via(b, false)));
    push(&mut out, "latency_budget_ms", number(a.latency_budget_ms), number(b.latency_budget_ms));
    push(&mut out, "p99_budget_ms", number(a.p99_budget_ms), number(b.p99_budget_ms));
    push(&mut out, "availability_slo", number(a.availability_slo), number(b.availability_slo));
    push(&mut out, "label", a.label.clone(), b.label.clone());
    extra(&mut out, &a.extra, &b.extra);
    out
}

pub fn zones(old: &IndexMap<String, Zone>, new: &IndexMap<String, Zone>) -> Section<String> {
    let mut section = Section::default();
    for (name, a) in old {
        match new.get(name) {
            None => section.removed.push(name.clone()),
            Some(b) if a == b => {}
            Some(b) => {
                let mut fields = Vec::new();
                push(&mut fields, "trust", a.trust.clone(), b.trust.clone());
                push(&mut fields, "label", a.label.clone(), b.label.clone());
                extra(&mut fields, &a.extra, &b.extra);
                section.changed.push(Changed { subject: name.clone(), fields });
            }
        }
    }
    section.added = new.keys().filter(|name| !old.contains_key(*name)).cloned().collect();
    section
}

/// Accepted findings matter in review: accepting a finding is how a change
/// makes a gate pass without fixing anything.
pub fn accepted(old: &Design, new: &Design, renames: &Renames) -> Section<AcceptedRef> {
    let mut section = Section::default();
    let key = |rule: &str, component: Option<&ComponentId>| AcceptedRef {
        rule: rule.to_string(),
        component: component.map(|c| renamed(renames, c).clone()),
    };
    let new_by_key: IndexMap<AcceptedRef, &str> =
        new.accepted().iter().map(|a| (key(&a.rule, a.component.as_ref()), a.reason.as_str())).collect();
    let mut seen: HashSet<AcceptedRef> = HashSet::new();
    for a in old.accepted() {
        let k = key(&a.rule, a.component.as_ref());
        match new_by_key.get(&k) {
            None => section.removed.push(AcceptedRef { rule: a.rule.clone(), component: a.component.clone() }),
            Some(reason) if *reason == a.reason => {}
            Some(reason) => {
                let mut fields = Vec::new();
                push(&mut fields, "reason", Some(a.reason.clone()), Some(reason.to_string()));
                section.changed.push(Changed { subject: k.clone(), fields });
            }
        }
        seen.insert(k);
    }
    section.added = new_by_key.into_keys().filter(|k| !seen.contains(k)).collect();
    section
}

fn push(out: &mut Vec<FieldChange>, field: &str, old: Option<String>, new: Option<String>) {
    if old != new {
        out.push(FieldChange { field: field.to_string(), old, new });
    }
}

/// `x-` fields, in the old side's order then the new ones.
fn extra(out: &mut Vec<FieldChange>, old: &Extra, new: &Extra) {
    for (key, a) in old {
        let b = new.get(key);
        if b != Some(a) {
            push(out, key, Some(flow(a)), b.map(flow));
        }
    }
    for (key, b) in new.iter().filter(|(k, _)| !old.contains_key(*k)) {
        push(out, key, None, Some(flow(b)));
    }
}
