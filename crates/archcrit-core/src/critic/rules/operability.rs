//! Operability rules: orphan-component and no-observability: whether the
//! system can be understood and run.

use super::{Ctx, Draft, NO_LINKS};
use crate::critic::report::Severity;
use crate::critic::templates::Fact;
use crate::model::Kind;

/// Silent for a one-component design: a lone box is the whole system, not a leftover.
pub fn orphan_component<'d>(cx: &Ctx<'_, 'd>, out: &mut Vec<Draft<'d>>) {
    let s = cx.s;
    if s.len() < 2 {
        return;
    }
    for i in 0..s.len() {
        if s.out(i).is_empty() && s.inc(i).is_empty() {
            out.push(Draft {
                patterns: None,
                severity: Severity::Info,
                components: vec![i],
                links: NO_LINKS,
                fact: Fact::OrphanComponent { component: s.comps[i].id.as_str(), kind: s.kind(i) },
            });
        }
    }
}

pub fn no_observability<'d>(cx: &Ctx<'_, 'd>, out: &mut Vec<Draft<'d>>) {
    let s = cx.s;
    let running: Vec<(Kind, usize)> = [Kind::Service, Kind::Worker, Kind::Function]
        .into_iter()
        .map(|kind| (kind, (0..s.len()).filter(|&i| s.kind(i) == kind).count()))
        .filter(|&(_, n)| n > 0)
        .collect();
    let services: usize = running.iter().map(|(_, n)| n).sum();
    if services >= 3 && !(0..s.len()).any(|i| s.kind(i) == Kind::Monitoring) {
        out.push(Draft {
            patterns: None,
            severity: Severity::Info,
            components: vec![],
            links: NO_LINKS,
            fact: Fact::NoObservability { running },
        });
    }
}
