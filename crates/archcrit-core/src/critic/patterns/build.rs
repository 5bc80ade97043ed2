//! Small builders shared by the transformations: fresh ids that do not
//! clash with each other within one batch, new components and links set up
//! so the critic does not flag what a pattern just added.

use std::collections::HashSet;

use super::PatternError;
use crate::critic::report::Finding;
use crate::model::{Component, ComponentField, ComponentId, Design, Edit, FieldValue, Kind, Link};

/// Hands out ids unused by the design and by earlier calls.
pub(super) struct Namer<'d> {
    design: &'d Design,
    taken: HashSet<String>,
}

impl<'d> Namer<'d> {
    pub fn new(design: &'d Design) -> Self {
        Namer { design, taken: HashSet::new() }
    }

    pub fn fresh(&mut self, base: &str) -> ComponentId {
        let base = ComponentId::slug(base);
        let mut candidate = base.clone();
        let mut n = 2;
        while self.design.contains(candidate.as_str()) || self.taken.contains(candidate.as_str()) {
            candidate = ComponentId::slug(&format!("{base}-{n}"));
            n += 1;
        }
        self.taken.insert(candidate.to_string());
        candidate
    }
}

/// The component the finding is about, or why the pattern cannot use it.
pub(super) fn subject<'d>(design: &'d Design, finding: &Finding, pattern: &str) -> Result<&'d Component, PatternError> {
    let id = finding.subject().ok_or_else(|| PatternError::no(pattern, "the finding names no component"))?;
    design.component(id.as_str()).ok_or_else(|| PatternError::no(pattern, format!("the design has no component {id}")))
}

/// The `n`-th component the finding lists.
pub(super) fn listed<'d>(
    design: &'d Design,
    finding: &Finding,
    n: usize,
    pattern: &str,
) -> Result<&'d Component, PatternError> {
    let id =
        finding.components.get(n).ok_or_else(|| PatternError::no(pattern, "the finding names too few components"))?;
    design.component(id.as_str()).ok_or_else(|| PatternError::no(pattern, format!("the design has no component {id}")))
}

pub(super) fn wrong_rule(pattern: &str, finding: &Finding) -> PatternError {
    PatternError::no(pattern, format!("it has no mechanical fix for a {} finding", finding.rule))
}

/// A new piece of infrastructure: in `zone`, and with two replicas where a
/// single one would be a new single point of failure.
pub(super) fn component(id: ComponentId, kind: Kind, zone: Option<&str>, label: &str) -> Component {
    let mut c = Component::new(id, kind).with_label(label);
    c.zone = zone.map(str::to_string);
    if !matches!(kind, Kind::Monitoring | Kind::Worker) {
        c.replicas = Some(2);
    }
    c
}

pub(super) fn add(component: Component) -> Edit {
    Edit::AddComponent { component, index: None }
}

pub(super) fn connect(link: Link) -> Edit {
    Edit::Connect { link, index: None }
}

pub(super) fn set(id: &ComponentId, field: ComponentField, value: FieldValue) -> Edit {
    Edit::SetComponent { id: id.clone(), field, value: Some(value) }
}

/// A copy of `link` with new ends, keeping protocol, mode, calls, access,
/// TLS, auth and label.
pub(super) fn relink(link: &Link, from: &ComponentId, to: &ComponentId) -> Link {
    let mut l = link.clone();
    l.from = from.clone();
    l.to = to.clone();
    l
}

/// Turns TLS on for a link a pattern creates when the critic would flag it
/// as unencrypted (it starts at a client or external system, or crosses
/// zones): a pattern must not add the problems it is meant to remove.
pub(super) fn guard_tls(link: &mut Link, from: (Kind, Option<&str>), to: (Kind, Option<&str>)) {
    let exposed =
        matches!(from.0, Kind::Client | Kind::External) || matches!((from.1, to.1), (Some(a), Some(b)) if a != b);
    if exposed && !link.effective_tls() {
        link.tls = Some(true);
    }
}

pub(super) fn ends<'a>(design: &'a Design, link: &Link) -> Option<(&'a Component, &'a Component)> {
    Some((design.component(link.from.as_str())?, design.component(link.to.as_str())?))
}
