//! The measured numbers as one edit: on each mapped component its own
//! `latency_ms` and `p99_ms`, its `availability` when the traces hold
//! enough failures to measure it, and an `observed:` line in `notes` (so a
//! later calibration, and a reader, can tell measured from declared); on
//! each link its `calls`; each entry operation a flow with its real rps
//! and path. With `--add`, unmapped services become components and
//! unlinked calls links. Every step is tried on a scratch copy: one that
//! the design refuses becomes a warning, never a failed calibration.

use std::collections::{HashSet, VecDeque};

use crate::model::{
    Component, ComponentField, ComponentId, Design, Edit, FieldValue, Flow, Kind, Link, LinkField, Mode,
};

use super::availability::{Verdict, judge};
use super::mapping::{Mapping, kind_for, tech_for};
use super::observed::{Observed, ObservedEntry};
use super::span::{Node, Peer};

/// An entry operation and the flow it becomes.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedFlow {
    pub id: String,
    pub entry: ObservedEntry,
}

/// What `--write` would change, as one edit, and what it had to skip.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub edit: Option<Edit>,
    pub flows: Vec<PlannedFlow>,
    pub warnings: Vec<String>,
    /// Components, links and flows the edit touches (to highlight them).
    pub touched: Vec<ComponentId>,
}

/// Three significant figures: what a rate measured from a sample is worth
/// (2.017 rps -> 2.02, 1,683.4 -> 1,680), without rounding a small rate so
/// far that fitted `calls` have to make up the difference.
fn round_rate(x: f64) -> f64 {
    if x <= 0.0 || !x.is_finite() {
        return x;
    }
    let places = 2 - x.log10().floor() as i32;
    if places >= 0 { round(x, places) } else { (x / 10f64.powi(-places)).round() * 10f64.powi(-places) }
}

fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

/// The `observed:` line for a node's notes.
fn observed_line(o: &Observed, i: usize) -> String {
    let n = &o.nodes[i];
    let mut parts = Vec::new();
    if let Some(r) = n.rps {
        parts.push(format!("{} rps", round(r, 1)));
    }
    if let (Some(m), Some(p)) = (n.own_mean_ms, n.own_p99_ms) {
        parts.push(format!("own {} ms mean, {} ms p99", round(m, 1), round(p, 1)));
    }
    if let (Some(m), Some(p)) = (n.total_mean_ms, n.total_p99_ms) {
        parts.push(format!("total {} ms mean, {} ms p99", round(m, 1), round(p, 1)));
    }
    if let Some(e) = n.error_rate {
        parts.push(format!("errors {}%", round(e * 100.0, 2)));
    }
    format!("observed: {} (traces, {} requests)", parts.join("; "), n.requests)
}

/// The notes with the `observed:` line replaced.
fn merge_notes(old: Option<&str>, line: &str) -> String {
    let mut kept: Vec<&str> = old.unwrap_or("").lines().filter(|l| !l.starts_with("observed: ")).collect();
    while kept.last().is_some_and(|l| l.trim().is_empty()) {
        kept.pop();
    }
    kept.push(line);
    kept.join("\n")
}

/// Tries `edit` on the scratch copy; keeps it or says why not.
fn try_edit(scratch: &mut Design, edits: &mut Vec<Edit>, warnings: &mut Vec<String>, edit: Edit) -> bool {
    let described = edit.describe();
    match scratch.apply(edit.clone()) {
        Ok(inverse) => {
            // Setting what is already there is no change: a second
            // calibration from the same traces writes nothing.
            if inverse != edit {
                edits.push(edit);
            }
            true
        }
        Err(e) => {
            warnings.push(format!("skipped {described}: {e}"));
            false
        }
    }
}

fn protocol_for(node: &Node) -> Option<String> {
    let catalogue = crate::tech::catalogue();
    match node {
        Node::Peer(Peer::Database { system, .. }) => {
            Some(catalogue.lookup(system).map_or("sql".to_string(), |t| t.protocol.clone()))
        }
        Node::Peer(Peer::Messaging { system, .. }) => {
            system.as_deref().and_then(|s| catalogue.lookup(s)).map(|t| t.protocol.clone())
        }
        _ => None,
    }
}

pub(crate) fn plan(design: &Design, observed: &Observed, mapping: &Mapping, add: bool) -> Plan {
    let mut scratch = design.clone();
    let mut edits = Vec::new();
    let mut warnings = Vec::new();
    let mut ids: Vec<Option<ComponentId>> = (0..observed.nodes.len()).map(|i| mapping.id(i).cloned()).collect();
    let mut touched: Vec<ComponentId> = Vec::new();
    if add {
        for i in mapping.unmapped() {
            let n = &observed.nodes[i];
            let mut c = Component::new(scratch.unused_id(n.node.name()), kind_for(&n.node, n.consumer_only));
            c.tech = tech_for(&n.node);
            let id = c.id.clone();
            if try_edit(&mut scratch, &mut edits, &mut warnings, Edit::AddComponent { component: c, index: None }) {
                ids[i] = Some(id);
            }
        }
    }
    for (i, n) in observed.nodes.iter().enumerate() {
        let Some(id) = ids[i].clone() else { continue };
        let Some(c) = scratch.component(id.as_str()).cloned() else { continue };
        if c.kind == Kind::Client {
            continue;
        }
        let set =
            |field, value: f64| Edit::SetComponent { id: id.clone(), field, value: Some(FieldValue::Number(value)) };
        if let (Some(mean), Some(p99)) = (n.own_mean_ms, n.own_p99_ms) {
            try_edit(&mut scratch, &mut edits, &mut warnings, set(ComponentField::LatencyMs, round(mean, 1)));
            try_edit(
                &mut scratch,
                &mut edits,
                &mut warnings,
                set(ComponentField::P99Ms, round(p99, 1).max(round(mean, 1))),
            );
        }
        // Availability only from enough failures (availability.rs says why).
        if let Verdict::Write { per_replica, .. } = judge(n.requests, n.errors, c.effective_replicas()) {
            try_edit(&mut scratch, &mut edits, &mut warnings, set(ComponentField::Availability, per_replica));
        }
        let notes = merge_notes(c.notes.as_deref(), &observed_line(observed, i));
        let edit =
            Edit::SetComponent { id: id.clone(), field: ComponentField::Notes, value: Some(FieldValue::Text(notes)) };
        try_edit(&mut scratch, &mut edits, &mut warnings, edit);
        touched.push(id);
    }
    for e in &observed.edges {
        let (Some(from), Some(to)) = (ids[e.from].clone(), ids[e.to].clone()) else { continue };
        if from == to {
            continue;
        }
        // Once the design has flows, `fit_calls` owns `calls` (a calibrated
        // design keeps its fitted values when the same traces come again).
        let calls = e
            .per_request
            .map(|c| FieldValue::Number(round(c, 2)))
            .filter(|_| !e.is_async && scratch.flows().is_empty());
        match scratch.outgoing(from.as_str()).into_iter().find(|l| l.to == to).map(Link::key) {
            Some(key) => {
                if let Some(v) = calls {
                    let edit = Edit::SetLink { key, field: LinkField::Calls, value: Some(v) };
                    try_edit(&mut scratch, &mut edits, &mut warnings, edit);
                }
            }
            None if add => {
                let mut link = Link::new(from, to);
                link.protocol =
                    protocol_for(&observed.nodes[e.to].node).or_else(|| protocol_for(&observed.nodes[e.from].node));
                if e.is_async && link.is_sync() {
                    link.mode = Some(Mode::Async);
                }
                link.calls = calls.and_then(|v| if let FieldValue::Number(n) = v { Some(n) } else { None });
                try_edit(&mut scratch, &mut edits, &mut warnings, Edit::Connect { link, index: None });
            }
            None => {}
        }
    }
    let flows = plan_flows(&mut scratch, observed, &ids, add, &mut edits, &mut warnings);
    fit_calls(&mut scratch, observed, &ids, &mut edits, &mut warnings);
    let edit = (!edits.is_empty()).then(|| Edit::Batch { label: "calibrate from traces".to_string(), edits });
    Plan { edit, flows, warnings, touched }
}

/// Each entry operation becomes a flow from the client in front of it
/// (over the design's components the traces cannot see, such as a load
/// balancer), then over every component its traces reached.
fn plan_flows(
    scratch: &mut Design,
    observed: &Observed,
    ids: &[Option<ComponentId>],
    add: bool,
    edits: &mut Vec<Edit>,
    warnings: &mut Vec<String>,
) -> Vec<PlannedFlow> {
    let mut out = Vec::new();
    let mut taken: HashSet<String> = HashSet::new();
    let mut client_rps: indexmap::IndexMap<ComponentId, f64> = indexmap::IndexMap::new();
    for entry in &observed.entries {
        let Some(entry_id) = ids[entry.node].clone() else { continue };
        if observed.nodes[entry.node].consumer_only {
            continue;
        }
        let mut fid = ComponentId::slug(&entry.operation).to_string();
        if !taken.insert(fid.clone()) {
            fid = ComponentId::slug(&format!("{entry_id} {}", entry.operation)).to_string();
            taken.insert(fid.clone());
        }
        let planned = PlannedFlow { id: fid.clone(), entry: entry.clone() };
        let Some(rps) = entry.rps else {
            out.push(planned);
            continue;
        };
        let route = match client_route(scratch, &entry_id) {
            Some(r) => Some(r),
            None if add => {
                let client = scratch.unused_id("users");
                let c = Component::new(client.clone(), Kind::Client).with_label("Users");
                let ok = try_edit(scratch, edits, warnings, Edit::AddComponent { component: c, index: None })
                    && try_edit(
                        scratch,
                        edits,
                        warnings,
                        Edit::Connect {
                            link: Link::new(client.clone(), entry_id.clone()).with_protocol("https"),
                            index: None,
                        },
                    );
                ok.then(|| (client, Vec::new()))
            }
            None => None,
        };
        let Some((client, prefix)) = route else {
            warnings.push(format!(
                "no flow for `{}`: no client reaches {entry_id} (add one, or pass --add)",
                entry.operation
            ));
            out.push(planned);
            continue;
        };
        let mut via: Vec<ComponentId> = prefix;
        for n in &entry.path {
            if let Some(id) = &ids[*n]
                && id != &client
                && !via.contains(id)
            {
                via.push(id.clone());
            }
        }
        let mut flow = scratch.flow(&fid).cloned().unwrap_or_else(|| Flow::new(client.clone(), Vec::new()));
        flow.from = client;
        flow.via = via;
        flow.rps = Some(round_rate(rps));
        if flow.label.is_none() {
            flow.label = Some(entry.operation.clone());
        }
        // Keep only the members the design's links reach.
        while let Err(e) = scratch.check_flow(&fid, &flow) {
            if flow.via.len() <= 1 {
                warnings.push(format!("no flow for `{}`: {e}", entry.operation));
                break;
            }
            let before = flow.via.len();
            let reach = reachable(scratch, &flow);
            flow.via.retain(|v| reach.contains(v));
            if flow.via.len() == before {
                warnings.push(format!("no flow for `{}`: {e}", entry.operation));
                break;
            }
        }
        if scratch.check_flow(&fid, &flow).is_ok() {
            let from = flow.from.clone();
            if try_edit(scratch, edits, warnings, Edit::SetFlow { id: fid, flow: Some(flow), index: None }) {
                *client_rps.entry(from).or_insert(0.0) += rps;
            }
        }
        out.push(planned);
    }
    // A client sends what its traced entry operations add up to.
    for (client, rps) in client_rps {
        let value = Some(FieldValue::Number(round_rate(rps)));
        try_edit(scratch, edits, warnings, Edit::SetComponent { id: client, field: ComponentField::Rps, value });
    }
    out
}

/// How many passes `fit_calls` makes: one per level of calls it corrects,
/// enough for the chains traces show (entry, service, store, ...).
const FIT_PASSES: usize = 6;

/// Calls per request measured against all of a caller's requests are the
/// wrong factor once flows carry their own paths: a frontend that calls
/// checkout on 40% of its requests calls it on every request of the one
/// flow that goes there. So, with the flows in place, each traced
/// component's load as the capacity model computes it is brought to the
/// rate the traces measured by scaling the `calls` of its synchronous
/// links in, a few passes from the entry down (the model is the judge, so
/// what it does with caches and reads is taken into account).
fn fit_calls(
    scratch: &mut Design,
    observed: &Observed,
    ids: &[Option<ComponentId>],
    edits: &mut Vec<Edit>,
    warnings: &mut Vec<String>,
) {
    if scratch.flows().is_empty() {
        return;
    }
    let measured: Vec<(ComponentId, f64)> =
        observed.nodes.iter().zip(ids).filter_map(|(n, id)| Some((id.clone()?, n.rps.filter(|r| *r > 0.0)?))).collect();
    let traced: HashSet<&ComponentId> = ids.iter().flatten().collect();
    for _ in 0..FIT_PASSES {
        let report = crate::critic::critique(scratch);
        let mut moved = false;
        for (id, want) in &measured {
            let Some(model) = report.metrics.components.get(id.as_str()).map(|m| m.load_rps) else { continue };
            // Within 2% is sampling noise, not a different number of calls.
            if model <= 0.0 || (want / model - 1.0).abs() < 0.02 {
                continue;
            }
            let factor = want / model;
            let links: Vec<Link> = scratch
                .incoming(id.as_str())
                .into_iter()
                .filter(|l| l.is_sync() && traced.contains(&l.from))
                .cloned()
                .collect();
            for l in links {
                let calls = round(l.effective_calls() * factor, 2);
                let edit =
                    Edit::SetLink { key: l.key(), field: LinkField::Calls, value: Some(FieldValue::Number(calls)) };
                moved |= try_edit(scratch, edits, warnings, edit);
            }
        }
        if !moved {
            break;
        }
    }
}

/// The members of a flow reachable from its client over links between them.
fn reachable(design: &Design, flow: &Flow) -> HashSet<ComponentId> {
    let members: HashSet<&ComponentId> = flow.members().into_iter().collect();
    let mut seen: HashSet<ComponentId> = HashSet::from([flow.from.clone()]);
    let mut queue = VecDeque::from([flow.from.clone()]);
    while let Some(id) = queue.pop_front() {
        for l in design.outgoing(id.as_str()) {
            if members.contains(&l.to) && seen.insert(l.to.clone()) {
                queue.push_back(l.to.clone());
            }
        }
    }
    seen
}

/// The nearest client with a route to `target`, and the components between.
fn client_route(design: &Design, target: &ComponentId) -> Option<(ComponentId, Vec<ComponentId>)> {
    // Breadth first backwards from the target.
    let mut prev: std::collections::HashMap<ComponentId, ComponentId> = std::collections::HashMap::new();
    let mut queue = VecDeque::from([target.clone()]);
    let mut seen = HashSet::from([target.clone()]);
    while let Some(id) = queue.pop_front() {
        if let Some(c) = design.component(id.as_str())
            && c.kind == Kind::Client
        {
            let mut between = Vec::new();
            let mut cur = prev.get(&id).cloned();
            while let Some(n) = cur {
                if &n == target {
                    break;
                }
                between.push(n.clone());
                cur = prev.get(&n).cloned();
            }
            return Some((id, between));
        }
        for l in design.incoming(id.as_str()) {
            if seen.insert(l.from.clone()) {
                prev.insert(l.from.clone(), id.clone());
                queue.push_back(l.from.clone());
            }
        }
    }
    None
}
