//! The hypothetical changes a what-if can make, and how each becomes edits
//! on the scratch copy. Failing a cache removes it (cache-aside readers fall
//! through to the database); failing anything else removes it and marks the
//! client requests whose synchronous call tree needs it as failed.

use std::collections::HashSet;

use serde::Serialize;

use super::WhatIfError;
use crate::critic::patterns::transform;
use crate::critic::{Finding, Report, Severity};
use crate::model::{ComponentField, ComponentId, Design, Edit, FieldValue, Flow, Kind, RequirementField};

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Slowdown {
    Factor(f64),
    Ms(f64),
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LoadChange {
    Factor(f64),
    Rps(f64),
}

/// The patterns a what-if can add by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PatternKind {
    Cache,
    Queue,
    Replica,
    Gateway,
}

impl PatternKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PatternKind::Cache => "cache",
            PatternKind::Queue => "queue",
            PatternKind::Replica => "replica",
            PatternKind::Gateway => "gateway",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// The component is down (all replicas).
    Fail {
        component: ComponentId,
    },
    Slow {
        component: ComponentId,
        slowdown: Slowdown,
    },
    Scale {
        component: ComponentId,
        replicas: u32,
    },
    Load {
        load: LoadChange,
    },
    /// Add `pattern` in front of `target`; `via` narrows it to one caller
    /// (a cache for one reader of a database).
    Pattern {
        pattern: PatternKind,
        target: ComponentId,
        via: Option<ComponentId>,
    },
}

pub(super) struct Plan {
    pub description: String,
    pub edits: Vec<Edit>,
    pub failed_clients: Vec<ComponentId>,
    /// Flows that fail whole, of clients that keep their other flows.
    pub failed_flows: Vec<String>,
    pub real_edit: Option<Edit>,
}

/// Whether a cache has a store behind it to fall through to: one it reads
/// through, or one its readers also read (cache-aside). A cache with
/// nothing behind it (presence state kept only in Redis) is the store, and
/// its loss fails the requests that need it like any component's.
fn backed(design: &Design, cache: &str) -> bool {
    let store = |id: &str| design.component(id).is_some_and(|c| c.kind.is_data_store() && c.id.as_str() != cache);
    design.outgoing(cache).iter().any(|l| store(l.to.as_str()))
        || design.incoming(cache).iter().any(|l| design.outgoing(l.from.as_str()).iter().any(|o| store(o.to.as_str())))
}

pub(super) fn plan(design: &Design, before: &Report, change: &Change) -> Result<Plan, WhatIfError> {
    let known =
        |id: &ComponentId| design.component(id.as_str()).ok_or_else(|| WhatIfError::UnknownComponent(id.to_string()));
    let plain = |description: String, edits: Vec<Edit>| Plan {
        description,
        edits,
        failed_clients: vec![],
        failed_flows: vec![],
        real_edit: None,
    };
    Ok(match change {
        Change::Fail { component } => {
            let c = known(component)?;
            if c.kind == Kind::Client {
                return Err(WhatIfError::CannotApply(format!(
                    "{} is a client: when it stops, its traffic stops; ask what if a component it calls fails",
                    c.id
                )));
            }
            let remove = vec![Edit::RemoveComponent { id: c.id.clone() }];
            if c.kind == Kind::Cache && backed(design, c.id.as_str()) {
                plain(format!("{} fails (its readers fall through to what is behind it)", c.id), remove)
            } else {
                Plan {
                    description: format!("{} fails", c.id),
                    edits: remove,
                    failed_clients: sync_dependents(design, c.id.as_str()),
                    failed_flows: failing_flows(design, c.id.as_str()),
                    real_edit: None,
                }
            }
        }
        Change::Slow { component, slowdown } => {
            let c = known(component)?;
            let ms = match *slowdown {
                Slowdown::Factor(f) => c.effective_latency_ms() * positive(f)?,
                Slowdown::Ms(ms) => positive(ms)?,
            };
            let set = Edit::SetComponent {
                id: c.id.clone(),
                field: ComponentField::LatencyMs,
                value: Some(FieldValue::Number(ms)),
            };
            plain(format!("{} answers in {} ms instead of {} ms", c.id, ms, c.effective_latency_ms()), vec![set])
        }
        Change::Scale { component, replicas } => {
            let c = known(component)?;
            if *replicas == 0 {
                return Err(WhatIfError::CannotApply("zero replicas is a failure: ask what if it fails".into()));
            }
            let set = Edit::SetComponent {
                id: c.id.clone(),
                field: ComponentField::Replicas,
                value: Some(FieldValue::Count(*replicas)),
            };
            let copies = |n: u32| format!("{n} {}", if n == 1 { "replica" } else { "replicas" });
            let description = format!("{} runs {} instead of {}", c.id, copies(*replicas), c.effective_replicas());
            Plan {
                description,
                edits: vec![set.clone()],
                failed_clients: vec![],
                failed_flows: vec![],
                real_edit: Some(set),
            }
        }
        Change::Load { load } => {
            let now: f64 = before.metrics.requests.values().map(|r| r.load_rps).sum();
            let factor = match *load {
                LoadChange::Factor(f) if f > MAX_FACTOR => return Err(too_much()),
                LoadChange::Rps(n) if n > MAX_RPS => return Err(too_much()),
                LoadChange::Factor(f) => positive(f)?,
                LoadChange::Rps(n) if now > 0.0 => positive(n)? / now,
                LoadChange::Rps(n) => {
                    let set = Edit::SetRequirement {
                        field: RequirementField::PeakRps,
                        value: Some(FieldValue::Number(positive(n)?)),
                    };
                    return Ok(plain(format!("peak load is {n} rps"), vec![set]));
                }
            };
            plain(
                format!("load is {}x today's ({} rps)", round2(factor), round2(now * factor)),
                scale_load(design, factor),
            )
        }
        Change::Pattern { pattern, target, via } => {
            let c = known(target)?;
            if let Some(v) = via {
                known(v)?;
            }
            if *pattern == PatternKind::Replica {
                // One more replica, or as many as bring a busy component to
                // the 70% a capacity plan aims for: "add a replica" to a
                // component at 125% means enough of them to stop queueing.
                let now = c.effective_replicas();
                let busy = before.metrics.components.get(&c.id).and_then(|m| m.utilization).filter(|u| *u > 0.7);
                let replicas = match busy {
                    Some(u) => ((f64::from(now) * u / 0.7).ceil().min(10_000.0) as u32).max(now + 1),
                    None => now + 1,
                };
                return plan(design, before, &Change::Scale { component: c.id.clone(), replicas });
            }
            let finding = problem_for(design, *pattern, &c.id, via.as_ref())?;
            let id = match pattern {
                PatternKind::Cache => "cache-aside",
                PatternKind::Queue => "queue-load-leveling",
                PatternKind::Gateway => "api-gateway",
                PatternKind::Replica => "redundancy",
            };
            let edit = transform(design, id, &finding).map_err(|e| WhatIfError::CannotApply(e.to_string()))?;
            let edits = match &edit {
                Edit::Batch { edits, .. } => edits.clone(),
                other => vec![other.clone()],
            };
            Plan {
                description: edit.describe(),
                edits,
                failed_clients: vec![],
                failed_flows: vec![],
                real_edit: Some(edit),
            }
        }
    })
}

/// Beyond these a load is not a question about this design.
const MAX_FACTOR: f64 = 1_000_000.0;
const MAX_RPS: f64 = 1e12;

fn too_much() -> WhatIfError {
    WhatIfError::CannotApply("that is beyond any load this model can say something useful about (at most a million times today's, or 10^12 rps)".into())
}

fn positive(x: f64) -> Result<f64, WhatIfError> {
    if x.is_finite() && x > 0.0 {
        Ok(x)
    } else {
        Err(WhatIfError::CannotApply(format!("{x} is not a positive number")))
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Multiplies every stated load by `factor`: `peak_rps`, each client's own
/// `rps` and each flow's `rps` (a flow's rate wins over its client's, so
/// scaling only the clients would leave the load as it was).
fn scale_load(design: &Design, factor: f64) -> Vec<Edit> {
    let mut edits = Vec::new();
    if let Some(peak) = design.requirements().peak_rps {
        edits.push(Edit::SetRequirement {
            field: RequirementField::PeakRps,
            value: Some(FieldValue::Number(peak * factor)),
        });
    }
    for c in design.components().filter(|c| c.kind == Kind::Client) {
        if let Some(rps) = c.rps {
            edits.push(Edit::SetComponent {
                id: c.id.clone(),
                field: ComponentField::Rps,
                value: Some(FieldValue::Number(rps * factor)),
            });
        }
    }
    for (id, flow) in design.flows() {
        if let Some(rps) = flow.rps {
            let scaled = Flow { rps: Some(rps * factor), ..flow.clone() };
            edits.push(Edit::SetFlow { id: id.clone(), flow: Some(scaled), index: None });
        }
    }
    edits
}

/// The clients whose synchronous call tree reaches `id`: their requests
/// fail when it is down.
/// The clients whose requests need `id` synchronously. A client with flows
/// needs it only when every one of its flows does (see `failing_flows`);
/// one whose flows partly need it loses those flows, not all its requests.
pub fn sync_dependents(design: &Design, id: &str) -> Vec<ComponentId> {
    let failing = failing_flows(design, id);
    design
        .components()
        .filter(|c| c.kind == Kind::Client && c.id.as_str() != id)
        .filter(|c| {
            let own: Vec<&String> = design.flows().iter().filter(|(_, f)| f.from == c.id).map(|(fid, _)| fid).collect();
            own.is_empty() || own.iter().all(|fid| failing.contains(fid))
        })
        .filter(|c| reaches_sync(design, c.id.as_str(), id, |_| true))
        .map(|c| c.id.clone())
        .collect()
}

/// Whether a request from `from` reaches `id` over synchronous links whose
/// target is `within` (every component, or a flow's members).
fn reaches_sync(design: &Design, from: &str, id: &str, within: impl Fn(&str) -> bool) -> bool {
    let mut seen: HashSet<&str> = HashSet::from([from]);
    let mut stack = vec![from];
    while let Some(at) = stack.pop() {
        for l in design.outgoing(at) {
            if l.is_sync() && within(l.to.as_str()) && seen.insert(l.to.as_str()) {
                if l.to.as_str() == id {
                    return true;
                }
                stack.push(l.to.as_str());
            }
        }
    }
    false
}

/// The design's flows whose request reaches `id` over synchronous links
/// between the flow's members: they fail with it. A consumer behind a queue
/// in `via` is reached asynchronously and fails nobody's request.
pub fn failing_flows(design: &Design, id: &str) -> Vec<String> {
    design
        .flows()
        .iter()
        .filter(|(_, f)| f.via.iter().any(|v| v.as_str() == id))
        .filter(|(_, f)| {
            let member = |c: &str| c == f.from.as_str() || f.via.iter().any(|v| v.as_str() == c);
            reaches_sync(design, f.from.as_str(), id, member)
        })
        .map(|(fid, _)| fid.clone())
        .collect()
}

/// The finding a pattern's transformation expects, stated for `target`.
fn problem_for(
    design: &Design,
    pattern: PatternKind,
    target: &ComponentId,
    via: Option<&ComponentId>,
) -> Result<Finding, WhatIfError> {
    let finding = |rule: &'static str, components: Vec<ComponentId>| Finding {
        rule,
        severity: Severity::Warning,
        components,
        links: vec![],
        message: String::new(),
        patterns: vec![],
    };
    Ok(match pattern {
        PatternKind::Cache => match via {
            Some(reader) => finding("missing-cache", vec![reader.clone(), target.clone()]),
            None => finding("overloaded", vec![target.clone()]),
        },
        PatternKind::Queue | PatternKind::Replica => finding("overloaded", vec![target.clone()]),
        PatternKind::Gateway => {
            let from_client =
                |l: &&&crate::model::Link| design.component(l.from.as_str()).is_some_and(|c| c.kind == Kind::Client);
            let pair = match design.incoming(target.as_str()).iter().find(from_client) {
                Some(l) => Some((l.from.clone(), target.clone())),
                None if design.component(target.as_str()).is_some_and(|c| c.kind == Kind::Client) => {
                    design.outgoing(target.as_str()).first().map(|l| (target.clone(), l.to.clone()))
                }
                None => None,
            };
            let Some((client, callee)) = pair else {
                return Err(WhatIfError::CannotApply(format!(
                    "no client calls {target} directly, so a gateway in front of it changes nothing"
                )));
            };
            let rule = match design.component(callee.as_str()).map(|c| c.kind) {
                Some(k) if k.is_data_store() => "client-to-data-store",
                _ => "client-bypasses-gateway",
            };
            finding(rule, vec![client, callee])
        }
    })
}

/// For every component, the clients whose synchronous call tree reaches it
/// (its blast radius): one walk per client.
pub fn dependents_by_component(design: &Design) -> std::collections::HashMap<ComponentId, Vec<ComponentId>> {
    let mut out: std::collections::HashMap<ComponentId, Vec<ComponentId>> = std::collections::HashMap::new();
    for c in design.components().filter(|c| c.kind == Kind::Client) {
        let mut seen: HashSet<&str> = HashSet::new();
        let mut stack = vec![c.id.as_str()];
        while let Some(at) = stack.pop() {
            for l in design.outgoing(at) {
                if l.is_sync() && seen.insert(l.to.as_str()) {
                    stack.push(l.to.as_str());
                    out.entry(l.to.clone()).or_default().push(c.id.clone());
                }
            }
        }
    }
    out
}
