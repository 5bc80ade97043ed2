//! The typed difference between the report before and after a what-if:
//! each client request's availability and latency, the components whose
//! utilization crosses 80% or 100% either way, findings introduced and
//! fixed, and what saturates first on each side.

use std::collections::HashMap;

use serde::Serialize;

use crate::critic::{Finding, Report, Severity};
use crate::model::{ComponentId, Design};

/// Utilization thresholds worth a sentence: busy, then over capacity.
const THRESHOLDS: [f64; 2] = [1.0, 0.8];

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestDelta {
    pub client: ComponentId,
    pub load_rps: f64,
    /// Percent.
    pub availability_before: f64,
    pub availability_after: f64,
    /// Meaningless when `unbounded_before` (the mean of a saturated path).
    pub latency_ms_before: f64,
    /// `None` when the request fails, or when a component on its way is
    /// saturated so its wait grows without bound (`unbounded`).
    pub latency_ms_after: Option<f64>,
    /// The request waits without bound after the change: a component on one
    /// of its flows runs at or over 100%.
    pub unbounded: bool,
    /// The request already waited without bound before the change (a
    /// component on its way ran at or over 100%).
    pub unbounded_before: bool,
    pub fails: bool,
    /// The client's flows that fail whole while its others keep working
    /// (a dead presence cache fails the presence lookups, not the reads).
    pub failed_flows: Vec<String>,
    /// The part of the client's load those flows carry (0 to 1).
    pub failed_share: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UtilizationCrossing {
    pub component: ComponentId,
    /// Fractions (1.0 = at capacity); `None` when the component is gone.
    pub before: Option<f64>,
    pub after: Option<f64>,
    /// The threshold crossed: 0.8 or 1.0.
    pub threshold: f64,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct FindingRef {
    pub rule: &'static str,
    pub severity: Severity,
    pub component: Option<ComponentId>,
}

impl FindingRef {
    pub fn of(f: &Finding) -> Self {
        FindingRef { rule: f.rule, severity: f.severity, component: f.subject().cloned() }
    }
}

/// The component that reaches 100% first as load grows evenly.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Saturation {
    pub component: ComponentId,
    pub utilization: f64,
    /// The load multiplier at which it reaches 100% (below 1: already over).
    pub at_factor: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Delta {
    pub requests: Vec<RequestDelta>,
    pub crossings: Vec<UtilizationCrossing>,
    pub introduced: Vec<FindingRef>,
    pub fixed: Vec<FindingRef>,
    pub saturates_first_before: Option<Saturation>,
    pub saturates_first_after: Option<Saturation>,
}

pub(super) fn between(
    design: &Design,
    before: &Report,
    after: &Report,
    failed: &[ComponentId],
    failed_flows: &[String],
) -> Delta {
    let requests = before
        .metrics
        .requests
        .iter()
        .map(|(client, b)| {
            let fails = failed.contains(client) || !after.metrics.requests.contains_key(client);
            let a = after.metrics.requests.get(client).filter(|_| !fails);
            let lost: Vec<(&String, f64)> = if fails {
                Vec::new()
            } else {
                before
                    .metrics
                    .flows
                    .iter()
                    .filter(|(id, f)| f.from == *client && failed_flows.contains(id))
                    .map(|(id, f)| (id, f.load_rps))
                    .collect()
            };
            let failed_share = if b.load_rps > 0.0 {
                (lost.iter().map(|(_, rps)| rps).sum::<f64>() / b.load_rps).min(1.0)
            } else {
                0.0
            };
            let unbounded_in = |r: &Report| r.metrics.flows.values().any(|f| f.from == *client && f.unbounded);
            let unbounded = !fails && unbounded_in(after);
            RequestDelta {
                client: client.clone(),
                load_rps: a.map(|a| a.load_rps).unwrap_or(b.load_rps),
                availability_before: b.availability,
                // The failing flows' share of requests gets no answer.
                availability_after: a.map(|a| a.availability * (1.0 - failed_share)).unwrap_or(0.0),
                latency_ms_before: b.latency_ms,
                latency_ms_after: a.map(|a| a.latency_ms).filter(|_| !unbounded),
                unbounded,
                unbounded_before: unbounded_in(before),
                fails,
                failed_flows: lost.iter().map(|(id, _)| (*id).clone()).collect(),
                failed_share,
            }
        })
        .collect();

    let mut crossings = Vec::new();
    let util = |r: &Report, id: &ComponentId| r.metrics.components.get(id).and_then(|m| m.utilization);
    let ids = before
        .metrics
        .components
        .keys()
        .chain(after.metrics.components.keys().filter(|id| !design.contains(id.as_str())));
    for id in ids {
        let (b, a) = (util(before, id), util(after, id));
        let crossed = THRESHOLDS.iter().find(|&&t| {
            let over = |u: Option<f64>| u.is_some_and(|u| u >= t);
            over(b) != over(a) && (b.is_some() || a.is_some())
        });
        if let Some(&threshold) = crossed
            && (b.is_some_and(|b| b > 0.0) || a.is_some_and(|a| a > 0.0))
        {
            crossings.push(UtilizationCrossing { component: id.clone(), before: b, after: a, threshold });
        }
    }

    // Matched by rule and subject: a finding that stays but grows worse
    // (a warning turned error) is new at its new severity, never also "gone".
    let worst = |r: &Report| -> HashMap<(&'static str, Option<ComponentId>), Severity> {
        let mut by_key = HashMap::new();
        for f in &r.findings {
            let slot = by_key.entry((f.rule, f.subject().cloned())).or_insert(f.severity);
            if f.severity < *slot {
                *slot = f.severity;
            }
        }
        by_key
    };
    let (was, now) = (worst(before), worst(after));
    let introduced = after
        .findings
        .iter()
        .map(FindingRef::of)
        .filter(|f| was.get(&(f.rule, f.component.clone())).is_none_or(|old| f.severity < *old))
        .collect();
    let fixed = before
        .findings
        .iter()
        .map(FindingRef::of)
        .filter(|f| !now.contains_key(&(f.rule, f.component.clone())))
        .collect();
    Delta {
        requests,
        crossings,
        introduced,
        fixed,
        saturates_first_before: first_to_saturate(before),
        saturates_first_after: first_to_saturate(after),
    }
}

/// The busiest component: load grows linearly with the entering load, so
/// it is the one that reaches 100% first, at 1/utilization times the load.
pub fn first_to_saturate(report: &Report) -> Option<Saturation> {
    report
        .metrics
        .components
        .iter()
        .filter_map(|(id, m)| m.utilization.filter(|u| u.is_finite() && *u > 0.0).map(|u| (id, u)))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(id, u)| Saturation { component: id.clone(), utilization: u, at_factor: 1.0 / u })
}
