//! Flows (capacity model v2, section 1): a request type with its own path,
//! load and budgets. The rules a flow obeys (its client exists, every `via`
//! id exists and is reachable over links between the flow's components)
//! and how flows follow structural edits live here.

use std::collections::{HashMap, HashSet, VecDeque};

use indexmap::IndexMap;

use super::Extra;
use super::design::Design;
use super::field::{FieldError, Range};
use super::id::{ComponentId, check_id};
use super::kind::Kind;

/// One request type: `from` a client, over the components in `via`.
#[derive(Debug, Clone, PartialEq)]
pub struct Flow {
    pub from: ComponentId,
    /// Requests per second at peak; `None`: an even share of the client's
    /// load among its flows that set none.
    pub rps: Option<f64>,
    pub via: Vec<ComponentId>,
    pub latency_budget_ms: Option<f64>,
    pub p99_budget_ms: Option<f64>,
    pub availability_slo: Option<f64>,
    pub label: Option<String>,
    pub extra: Extra,
}

/// The keys of a flow in the file, in canonical order.
pub const FLOW_KEYS: &[&str] =
    &["from", "rps", "via", "latency_budget_ms", "p99_budget_ms", "availability_slo", "label"];

impl Flow {
    pub fn new(from: ComponentId, via: Vec<ComponentId>) -> Self {
        Flow {
            from,
            rps: None,
            via,
            latency_budget_ms: None,
            p99_budget_ms: None,
            availability_slo: None,
            label: None,
            extra: Extra::new(),
        }
    }

    /// The flow's client followed by its `via`, without repeats.
    pub fn members(&self) -> Vec<&ComponentId> {
        let mut out: Vec<&ComponentId> = Vec::with_capacity(self.via.len() + 1);
        for id in std::iter::once(&self.from).chain(&self.via) {
            if !out.contains(&id) {
                out.push(id);
            }
        }
        out
    }
}

/// Why a flow breaks the format's rules; worded as the file reader and
/// the workshop show it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FlowError {
    #[error("flow id {0}")]
    BadId(super::id::BadId),
    #[error("duplicate flow id `{0}`: ids must be unique; rename one of them")]
    Duplicate(String),
    #[error("flow `{id}`: `from: {from}` names a component that does not exist")]
    UnknownClient { id: String, from: ComponentId },
    #[error("flow `{id}`: `from: {from}` is a {kind}, but a flow starts at a client")]
    NotAClient { id: String, from: ComponentId, kind: Kind },
    #[error("flow `{id}`: {field}: {source}")]
    Number {
        id: String,
        field: &'static str,
        #[source]
        source: FieldError,
    },
    #[error(
        "flow `{id}`: `via` names `{via}`, which does not exist{}",
        .closest.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default()
    )]
    UnknownVia { id: String, via: ComponentId, closest: Option<String> },
    #[error("flow `{id}`: `{via}` appears twice in `{from}` + `via`: list each component once")]
    Twice { id: String, via: ComponentId, from: ComponentId },
    #[error(
        "flow `{id}`: `{lost}` cannot be reached from `{from}` over links between the flow's components: \
         add the components in between to `via`, or link them"
    )]
    Unreachable { id: String, lost: ComponentId, from: ComponentId },
}

/// For the callers whose own errors are still text.
impl From<FlowError> for String {
    fn from(e: FlowError) -> String {
        e.to_string()
    }
}

impl Design {
    /// Checks a flow against the format's rules: a valid id, a client that
    /// exists, numbers in range, and every `via` id existing and reachable
    /// from the client over links whose two ends are in the flow.
    pub fn check_flow(&self, id: &str, flow: &Flow) -> Result<(), FlowError> {
        check_id(id).map_err(FlowError::BadId)?;
        let (from, fid) = (&flow.from, || id.to_string());
        match self.component(from.as_str()) {
            None => return Err(FlowError::UnknownClient { id: fid(), from: from.clone() }),
            Some(c) if c.kind != Kind::Client => {
                return Err(FlowError::NotAClient { id: fid(), from: from.clone(), kind: c.kind });
            }
            Some(_) => {}
        }
        let numbers = [
            ("rps", flow.rps, Range::NonNegative),
            ("latency_budget_ms", flow.latency_budget_ms, Range::Positive),
            ("p99_budget_ms", flow.p99_budget_ms, Range::Positive),
            ("availability_slo", flow.availability_slo, Range::Percent),
        ];
        for (field, value, range) in numbers {
            if let Some(v) = value {
                range.check(v).map_err(|source| FlowError::Number { id: fid(), field, source })?;
            }
        }
        let mut seen = HashSet::new();
        for v in &flow.via {
            if !self.contains(v.as_str()) {
                let closest = super::closest(v.as_str(), self.ids().map(|c| c.as_str())).map(str::to_string);
                return Err(FlowError::UnknownVia { id: fid(), via: v.clone(), closest });
            }
            if v == from || !seen.insert(v.as_str()) {
                return Err(FlowError::Twice { id: fid(), via: v.clone(), from: from.clone() });
            }
        }
        if let Some(lost) = self.unreachable(flow).first() {
            return Err(FlowError::Unreachable { id: fid(), lost: (*lost).clone(), from: from.clone() });
        }
        Ok(())
    }

    /// The `via` members no walk from the client reaches over links whose
    /// two ends are in the flow, in `via` order.
    pub fn unreachable<'f>(&self, flow: &'f Flow) -> Vec<&'f ComponentId> {
        let members: HashSet<&str> = flow.members().iter().map(|c| c.as_str()).collect();
        let from = &flow.from;
        let mut reached: HashSet<&str> = HashSet::from([from.as_str()]);
        let mut queue = VecDeque::from([from.as_str()]);
        while let Some(at) = queue.pop_front() {
            for link in self.outgoing(at) {
                let to = link.to.as_str();
                if members.contains(to) && reached.insert(to) {
                    queue.push_back(to);
                }
            }
        }
        flow.via.iter().filter(|v| !reached.contains(v.as_str())).collect()
    }

    /// Keeps every flow whole after a structural edit, and says how to put
    /// the flows back. A removed client takes its flows with it; a removed
    /// component leaves `via`; a member cut off from its client (a link
    /// replaced by a route through new components, as the `api-gateway` or
    /// `queue-load-leveling` transformations do) takes the components of the
    /// shortest route to it into `via`, right before it; a member with no
    /// route at all leaves `via`. Returns the flows as they were before the
    /// repair (id, old flow or `None` if it did not exist, file position).
    pub(super) fn repair_flows(&mut self) -> Vec<(String, Flow, usize)> {
        let mut changed = Vec::new();
        let ids: Vec<String> = self.flows.keys().cloned().collect();
        for (position, id) in ids.iter().enumerate() {
            let Some(flow) = self.flows.get(id) else { continue };
            if self.contains(flow.from.as_str()) && self.unreachable(flow).is_empty() {
                continue;
            }
            changed.push((id.clone(), flow.clone(), position));
        }
        for (id, old, _) in &changed {
            if !self.contains(old.from.as_str()) {
                self.flows.shift_remove(id);
                continue;
            }
            let mut flow = old.clone();
            flow.via.retain(|v| self.contains(v.as_str()));
            // Each round either adds components to `via` or drops one, so
            // it ends; a route through another cut-off member waits until
            // that member is joined up.
            'repair: loop {
                let lost: Vec<ComponentId> = self.unreachable(&flow).into_iter().cloned().collect();
                if lost.is_empty() {
                    break;
                }
                for target in &lost {
                    match self.route_into(&flow, target) {
                        None => {
                            flow.via.retain(|v| v != target);
                            continue 'repair;
                        }
                        Some(route) => {
                            let fresh: Vec<ComponentId> =
                                route.into_iter().filter(|s| !flow.via.contains(s) && *s != flow.from).collect();
                            if fresh.is_empty() {
                                continue;
                            }
                            let at = flow.via.iter().position(|v| v == target).unwrap_or(flow.via.len());
                            for (k, step) in fresh.into_iter().enumerate() {
                                flow.via.insert(at + k, step);
                            }
                            continue 'repair;
                        }
                    }
                }
                // No progress possible (should not happen): cut the rest.
                flow.via.retain(|v| !lost.contains(v));
            }
            self.flows.insert(id.clone(), flow);
        }
        changed
    }

    /// The components strictly between the flow's reached part and
    /// `target` on a shortest route over any links, not yet in the flow.
    fn route_into(&self, flow: &Flow, target: &ComponentId) -> Option<Vec<ComponentId>> {
        let lost: HashSet<&str> = self.unreachable(flow).iter().map(|c| c.as_str()).collect();
        let reached: Vec<&str> = flow.members().into_iter().map(|c| c.as_str()).filter(|c| !lost.contains(c)).collect();
        let mut parent: HashMap<&str, Option<&str>> = reached.iter().map(|&c| (c, None)).collect();
        let mut queue: VecDeque<&str> = reached.iter().copied().collect();
        while let Some(at) = queue.pop_front() {
            for link in self.outgoing(at) {
                let to = link.to.as_str();
                if parent.contains_key(to) {
                    continue;
                }
                parent.insert(to, Some(at));
                if to == target.as_str() {
                    let mut route = Vec::new();
                    let mut step = Some(at);
                    while let Some(s) = step {
                        if reached.contains(&s) {
                            break;
                        }
                        route.push(ComponentId::new(s).ok()?);
                        step = parent.get(s).copied().flatten();
                    }
                    route.reverse();
                    return Some(route);
                }
                queue.push_back(to);
            }
        }
        None
    }
}

/// Flows by id, in file order.
pub type Flows = IndexMap<String, Flow>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Component, Link};

    fn id(s: &str) -> ComponentId {
        ComponentId::new(s).unwrap()
    }

    #[test]
    fn flow_errors_carry_what_is_wrong_in_the_old_words() {
        let mut d = Design::new("t");
        for (c, kind) in [("web", Kind::Client), ("api", Kind::Service), ("db", Kind::Database)] {
            d.insert_component(Component::new(id(c), kind), None).unwrap();
        }
        d.insert_link(Link::new(id("web"), id("api")), None).unwrap();
        let err = d.check_flow("f", &Flow::new(id("web"), vec![id("ap")])).unwrap_err();
        assert_eq!(err, FlowError::UnknownVia { id: "f".into(), via: id("ap"), closest: Some("api".into()) });
        assert_eq!(err.to_string(), "flow `f`: `via` names `ap`, which does not exist (did you mean `api`?)");
        let err = d.check_flow("f", &Flow::new(id("api"), vec![])).unwrap_err();
        assert_eq!(err.to_string(), "flow `f`: `from: api` is a service, but a flow starts at a client");
        let err = d.check_flow("f", &Flow::new(id("web"), vec![id("api"), id("db")])).unwrap_err();
        assert!(matches!(&err, FlowError::Unreachable { lost, .. } if lost.as_str() == "db"), "{err}");
    }
}
