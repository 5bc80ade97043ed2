//! Resilience rules: single-point-of-failure, sync-cycle,
//! availability-below-slo and stateful-scaled-out: what takes requests
//! down when one piece fails.

use super::unstated::not_stated;
use super::{Ctx, Draft, NO_LINKS, flow_id};
use crate::critic::report::Severity;
use crate::critic::templates::Fact;
use crate::model::{Kind, Unstated};

/// Without an SLO whose absence the source could not help (a compose file
/// describes one host, where everything runs once), whether one replica
/// is a problem cannot be judged: the findings are held back into one info.
pub fn single_point_of_failure<'d>(cx: &Ctx<'_, 'd>, out: &mut Vec<Draft<'d>>) {
    let (s, m) = (cx.s, cx.m);
    let slo = s.design.requirements().availability_slo;
    let severity = match slo {
        Some(slo) if slo >= 99.9 => Severity::Error,
        _ => Severity::Warning,
    };
    let hold_back = slo.is_none() && s.design.is_unstated(Unstated::Slo);
    let mut held_back = Vec::new();
    for i in 0..s.len() {
        let c = s.comps[i];
        // A managed service's replication and failover are its provider's.
        if matches!(c.kind, Kind::Client | Kind::Cdn | Kind::External | Kind::Monitoring)
            || c.effective_replicas() != 1
            || c.managed == Some(true)
        {
            continue;
        }
        let stateful_store = c.kind.is_data_store() && c.effective_stateful();
        if m.needed_by[i] == 0 && !stateful_store {
            continue;
        }
        if hold_back {
            held_back.push(i);
            continue;
        }
        out.push(Draft {
            patterns: None,
            severity,
            components: vec![i],
            links: NO_LINKS,
            fact: Fact::SinglePointOfFailure {
                component: c.id.as_str(),
                kind: c.kind,
                clients: m.needed_by[i],
                availability: m.availability[i] * 100.0,
            },
        });
    }
    not_stated(s, out, Unstated::Slo, held_back);
}

/// One finding per strongly connected set of the sync-only graph (the
/// capacity model computes them once for the call trees).
pub fn sync_cycle<'d>(cx: &Ctx<'_, 'd>, out: &mut Vec<Draft<'d>>) {
    let s = cx.s;
    let mut sets: Vec<&Vec<usize>> = cx.m.sync_sccs.iter().filter(|m| m.len() >= 2).collect();
    sets.sort_unstable_by_key(|m| m[0]);
    let mut set_of = vec![usize::MAX; s.len()];
    for (k, members) in sets.iter().enumerate() {
        for &i in members.iter() {
            set_of[i] = k;
        }
    }
    let mut set_links: Vec<Vec<usize>> = vec![Vec::new(); sets.len()];
    for j in 0..s.links.len() {
        let k = set_of[s.from[j]];
        if s.sync[j] && k != usize::MAX && set_of[s.to[j]] == k {
            set_links[k].push(j);
        }
    }
    for (members, links) in sets.into_iter().zip(set_links) {
        out.push(Draft {
            patterns: None,
            severity: Severity::Error,
            links,
            fact: Fact::SyncCycle { members: members.iter().map(|&i| s.comps[i].id.as_str()).collect() },
            components: members.clone(),
        });
    }
}

/// Judged per flow. When the weakest member is an external service the
/// fix is not more replicas of ours: suggest a timeout with a fallback.
pub fn availability_below_slo<'d>(cx: &Ctx<'_, 'd>, out: &mut Vec<Draft<'d>>) {
    let (s, m) = (cx.s, cx.m);
    for f in &m.flows {
        let Some(slo) = f.slo else { continue };
        let availability = f.availability * 100.0;
        // Float noise must not turn "exactly the SLO" into a breach.
        if availability >= slo - 1e-9 {
            continue;
        }
        let mut components = vec![f.client];
        components.extend(&f.weakest);
        let external = f.weakest.first().copied().filter(|&i| s.kind(i) == Kind::External);
        let unbeatable =
            external.map(|i| (s.comps[i].id.as_str(), m.availability[i] * 100.0)).filter(|(_, a)| *a < slo - 1e-9);
        out.push(Draft {
            patterns: external.map(|_| &["timeout-and-fallback", "event-driven"] as &'static [&'static str]),
            severity: Severity::Error,
            fact: Fact::AvailabilityBelowSlo {
                client: s.comps[f.client].id.as_str(),
                flow: flow_id(s, f),
                unbeatable,
                availability,
                slo,
                weakest: f.weakest.iter().map(|&i| (s.comps[i].id.as_str(), m.availability[i] * 100.0)).collect(),
            },
            components,
            links: NO_LINKS,
        });
    }
}

pub fn stateful_scaled_out<'d>(cx: &Ctx<'_, 'd>, out: &mut Vec<Draft<'d>>) {
    let s = cx.s;
    for i in 0..s.len() {
        let c = s.comps[i];
        if c.kind.is_service_like() && c.effective_replicas() > 1 && c.effective_stateful() {
            out.push(Draft {
                patterns: None,
                severity: Severity::Warning,
                components: vec![i],
                links: NO_LINKS,
                fact: Fact::StatefulScaledOut { component: c.id.as_str(), replicas: c.effective_replicas() },
            });
        }
    }
}
