//! Scalability rules: overloaded, backlog-growth, deep-sync-chain,
//! wide-fan-out, latency-over-budget and tail-latency-over-budget. They judge the capacity model's
//! numbers and the shape of synchronous calls.

use super::{Ctx, Draft, NO_LINKS, at_least, flow_id};
use crate::critic::capacity::{Side, calls};
use crate::critic::flows::FlowResult;
use crate::critic::report::Severity;
use crate::critic::templates::{Fact, StoreSide};
use crate::model::Kind;

/// Judged for components with a synchronous caller, and for queues and
/// streams; consumers behind async links are backlog-growth's business.
/// The message names the cause (the side of a store that saturates, the
/// busiest incoming link and its calls) and the patterns follow it.
pub fn overloaded<'d>(cx: &Ctx<'_, 'd>, out: &mut Vec<Draft<'d>>) {
    let (s, m) = (cx.s, cx.m);
    if !m.load_enters {
        return;
    }
    for i in 0..s.len() {
        let Some(u) = m.utilization[i] else { continue };
        if !(s.kind(i).is_messaging() || s.inc(i).iter().any(|&j| s.sync[j])) {
            continue;
        }
        let severity = if at_least(u, 1.0) {
            Severity::Error
        } else if at_least(u, 0.8) {
            Severity::Warning
        } else {
            continue;
        };
        let c = s.comps[i];
        let (side, side_capacity) = m.side[i];
        let per_node = c.effective_capacity_rps();
        let store_side = match side {
            Side::Writes => Some(StoreSide {
                writes: true,
                load: m.writes[i],
                capacity: side_capacity,
                nodes: (side_capacity / per_node).round() as u32,
            }),
            Side::Reads if c.effective_replicas() > 1 || c.effective_shards() > 1 => Some(StoreSide {
                writes: false,
                load: m.reads[i],
                capacity: per_node,
                nodes: (side_capacity / per_node).round() as u32,
            }),
            _ => None,
        };
        let driver = m.main_cause(s, i).map(|j| (s.comps[s.from[j]].id.as_str(), calls(s, j), m.link_load[j]));
        let patterns: Option<&'static [&'static str]> = if driver.is_some_and(|(_, calls, _)| calls > 1.0) {
            Some(&["batching", "horizontal-scaling", "queue-load-leveling"])
        } else if side == Side::Writes {
            Some(&["batching", "queue-load-leveling"])
        } else if c.kind == Kind::Cache || c.kind.is_messaging() {
            Some(&["horizontal-scaling", "queue-load-leveling"])
        } else {
            None
        };
        out.push(Draft {
            patterns,
            severity,
            components: vec![i],
            links: NO_LINKS,
            fact: Fact::Overloaded {
                component: c.id.as_str(),
                load_rps: m.load[i],
                utilization: u,
                replicas: c.effective_replicas(),
                capacity_rps: c.effective_capacity_rps(),
                peak_rps: m.entering_total,
                side: store_side,
                driver,
            },
        });
    }
}

/// A consumer whose every incoming link is async and that cannot keep up.
/// Queues and streams themselves are judged by `overloaded`.
pub fn backlog_growth<'d>(cx: &Ctx<'_, 'd>, out: &mut Vec<Draft<'d>>) {
    let (s, m) = (cx.s, cx.m);
    if !m.load_enters {
        return;
    }
    for i in 0..s.len() {
        let Some(u) = m.utilization[i] else { continue };
        let inc = s.inc(i);
        if s.kind(i).is_messaging() || inc.is_empty() || inc.iter().any(|&j| s.sync[j]) || !at_least(u, 1.0) {
            continue;
        }
        let c = s.comps[i];
        out.push(Draft {
            patterns: None,
            severity: Severity::Warning,
            components: vec![i],
            links: NO_LINKS,
            fact: Fact::BacklogGrowth {
                component: c.id.as_str(),
                load_rps: m.load[i],
                utilization: u,
                replicas: c.effective_replicas(),
                capacity_rps: c.effective_capacity_rps(),
            },
        });
    }
}

/// Longest chains of service-like components over sync links, one per
/// chain start. The links that close a cycle are those of the chain itself:
/// a depth-first walk over sync links between service-like components,
/// trying start points in the snapshot's order (upstream first, so a loop
/// is cut where requests enter it). The whole-graph walk of the capacity
/// model would also cut a synchronous call when the loop is closed by an
/// async hop (`d -> queue -> a`) and entered in its middle, hiding a real
/// chain `a -> b -> c -> d`. The walk's order is topological once the
/// closing links are ignored, so one backward pass finds every longest
/// chain.
pub fn deep_sync_chain<'d>(cx: &Ctx<'_, 'd>, out: &mut Vec<Draft<'d>>) {
    let s = cx.s;
    let n = s.len();
    let sync_call = |j: usize| s.sync[j] && s.kind(s.from[j]).is_service_like() && s.kind(s.to[j]).is_service_like();
    let roots = s.order.iter().copied().filter(|&i| s.kind(i).is_service_like());
    let (closing, order) = s.depth_first(roots, sync_call);
    let chain_link = |j: usize| sync_call(j) && !closing[j];
    let mut longest = vec![0usize; n];
    let mut next: Vec<Option<usize>> = vec![None; n];
    for &u in order.iter().rev() {
        longest[u] = 1;
        for &j in s.out(u) {
            if chain_link(j) && longest[s.to[j]] + 1 > longest[u] {
                longest[u] = longest[s.to[j]] + 1;
                next[u] = Some(j);
            }
        }
    }
    for (start, &length) in longest.iter().enumerate() {
        if length < 4 || s.inc(start).iter().any(|&j| chain_link(j)) {
            continue;
        }
        let mut components = vec![start];
        let mut links = Vec::new();
        let mut at = start;
        while let Some(j) = next[at] {
            links.push(j);
            at = s.to[j];
            components.push(at);
        }
        out.push(Draft {
            patterns: None,
            severity: Severity::Warning,
            fact: Fact::DeepSyncChain {
                chain: components.iter().map(|&i| s.comps[i].id.as_str()).collect(),
                latency_ms: cx.m.latency[start],
            },
            components,
            links,
        });
    }
}

/// Gateways and load-balancers route rather than fan out, so only
/// service-like callers count.
pub fn wide_fan_out<'d>(cx: &Ctx<'_, 'd>, out: &mut Vec<Draft<'d>>) {
    let s = cx.s;
    for i in 0..s.len() {
        if !s.kind(i).is_service_like() {
            continue;
        }
        let mut callees: Vec<usize> = Vec::new();
        for &j in s.out(i) {
            let t = s.to[j];
            if s.sync[j] && s.kind(t).is_service_like() && !callees.contains(&t) {
                callees.push(t);
            }
        }
        if callees.len() < 5 {
            continue;
        }
        let mut components = vec![i];
        components.extend(&callees);
        out.push(Draft {
            patterns: None,
            severity: Severity::Warning,
            fact: Fact::WideFanOut {
                component: s.comps[i].id.as_str(),
                callees: callees.iter().map(|&t| s.comps[t].id.as_str()).collect(),
            },
            components,
            links: NO_LINKS,
        });
    }
}

/// Judged per flow on its mean latency (waiting included); a flow with a
/// saturated component has no finite latency and is `overloaded`'s.
pub fn latency_over_budget<'d>(cx: &Ctx<'_, 'd>, out: &mut Vec<Draft<'d>>) {
    let (s, m) = (cx.s, cx.m);
    for f in &m.flows {
        let (Some(budget), Some(latency)) = (f.latency_budget, f.latency) else { continue };
        if latency <= budget + 1e-9 {
            continue;
        }
        let components = slowest_path(cx, f);
        let path = components[1..].iter().map(|&i| (s.comps[i].id.as_str(), m.own_latency[i])).collect();
        out.push(Draft {
            patterns: None,
            severity: Severity::Warning,
            fact: Fact::LatencyOverBudget {
                client: s.comps[f.client].id.as_str(),
                flow: flow_id(s, f),
                latency_ms: latency,
                budget_ms: budget,
                path,
            },
            components,
            links: NO_LINKS,
        });
    }
}

/// A flow's p99 over its p99 budget: the mean can be fine while 1 in 100
/// requests is not.
pub fn tail_latency_over_budget<'d>(cx: &Ctx<'_, 'd>, out: &mut Vec<Draft<'d>>) {
    let (s, m) = (cx.s, cx.m);
    for f in &m.flows {
        let (Some(budget), Some(p99), Some(mean)) = (f.p99_budget, f.p99, f.latency) else { continue };
        if p99 <= budget + 1e-9 {
            continue;
        }
        let components = slowest_path(cx, f);
        let path = components[1..].iter().map(|&i| (s.comps[i].id.as_str(), s.comps[i].effective_p99_ms())).collect();
        out.push(Draft {
            patterns: None,
            severity: Severity::Warning,
            fact: Fact::TailLatencyOverBudget {
                client: s.comps[f.client].id.as_str(),
                flow: flow_id(s, f),
                p99_ms: p99,
                budget_ms: budget,
                mean_ms: mean,
                path,
            },
            components,
            links: NO_LINKS,
        });
    }
}

/// From the flow's client, the link inside the flow that adds the most
/// latency, again and again: the client, then the slowest path.
fn slowest_path(cx: &Ctx<'_, '_>, f: &FlowResult) -> Vec<usize> {
    let (s, m) = (cx.s, cx.m);
    let mut components = vec![f.client];
    let mut at = f.client;
    while let Some(j) = s
        .out(at)
        .iter()
        .copied()
        .filter(|&j| s.sync[j] && !s.back[j] && f.allows(s.to[j]) && !components.contains(&s.to[j]))
        .max_by(|&a, &b| m.link_latency(s, a).total_cmp(&m.link_latency(s, b)).then(b.cmp(&a)))
    {
        at = s.to[j];
        components.push(at);
    }
    components
}
