//! read-coupling (critic v2): a service that reads a store only other
//! services write. Shared-database catches two writers; this catches the
//! quieter coupling of a reader on someone else's schema.

use super::data::writes;
use super::{Ctx, Draft, NO_LINKS};
use crate::critic::report::Severity;
use crate::critic::templates::Fact;

pub fn read_coupling<'d>(cx: &Ctx<'_, 'd>, out: &mut Vec<Draft<'d>>) {
    let s = cx.s;
    for store in (0..s.len()).filter(|&i| s.kind(i).is_persistent_store()) {
        let mut writers: Vec<usize> = Vec::new();
        let mut other_writer = false;
        for &j in s.inc(store) {
            if writes(s, j) {
                let w = s.from[j];
                if s.kind(w).is_service_like() {
                    if !writers.contains(&w) {
                        writers.push(w);
                    }
                } else {
                    other_writer = true;
                }
            }
        }
        if writers.is_empty() || other_writer {
            continue;
        }
        let mut readers: Vec<usize> = Vec::new();
        for &j in s.inc(store) {
            let r = s.from[j];
            if s.kind(r).is_service_like()
                && s.links[j].effective_access().reads()
                && !writers.contains(&r)
                && !readers.contains(&r)
            {
                readers.push(r);
            }
        }
        for r in readers {
            let mut components = vec![r, store];
            components.extend(&writers);
            out.push(Draft {
                severity: Severity::Warning,
                fact: Fact::ReadCoupling {
                    reader: s.comps[r].id.as_str(),
                    store: s.comps[store].id.as_str(),
                    writers: writers.iter().map(|&w| s.comps[w].id.as_str()).collect(),
                },
                components,
                links: NO_LINKS,
                patterns: None,
            });
        }
    }
}
