//! Operability rules: orphan-component and no-observability: whether the
//! system can be understood and run.

use super::{Ctx, Draft};
use crate::domain::critic::report::Severity;
use crate::domain::critic::templates::Fact;
use crate::domain::model::Kind;

pub fn orphan_component(cx: &Ctx<'_, '_>, out: &mut Vec<Draft>) {
    let s = cx.s;
    for i in 0..s.len() {
        if s.out(i).is_empty() && s.inc(i).is_empty() {
            out.push(Draft {
                severity: Severity::Info,
                components: vec![i],
                links: vec![],
                fact: Fact::OrphanComponent { component: s.comps[i].id.to_string(), kind: s.kind(i) },
            });
        }
    }
}

pub fn no_observability(cx: &Ctx<'_, '_>, out: &mut Vec<Draft>) {
    let s = cx.s;
    let services = (0..s.len()).filter(|&i| s.kind(i).is_service_like()).count();
    if services >= 3 && !(0..s.len()).any(|i| s.kind(i) == Kind::Monitoring) {
        out.push(Draft {
            severity: Severity::Info,
            components: vec![],
            links: vec![],
            fact: Fact::NoObservability { services },
        });
    }
}
