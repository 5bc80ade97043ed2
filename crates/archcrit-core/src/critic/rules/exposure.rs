//! Exposure rules (critic v2): exposed-data-store, public-admin-console and
//! proxy-bypass: what the outside world reaches that it should not, the
//! things a senior engineer looks for first in a compose file.

use super::served::technology;
use super::{Ctx, Draft, NO_LINKS};
use crate::critic::report::Severity;
use crate::critic::snapshot::Snapshot;
use crate::critic::templates::Fact;
use crate::model::Kind;

/// The first client or external component that links straight to `i`.
fn reached_from_outside(s: &Snapshot<'_>, i: usize) -> Option<usize> {
    s.inc(i).iter().map(|&j| s.from[j]).find(|&f| matches!(s.kind(f), Kind::Client | Kind::External))
}

fn is_public(s: &Snapshot<'_>, i: usize) -> bool {
    s.comps[i].public == Some(true)
}

pub fn exposed_data_store<'d>(cx: &Ctx<'_, 'd>, out: &mut Vec<Draft<'d>>) {
    let s = cx.s;
    for i in (0..s.len()).filter(|&i| s.kind(i).is_data_store()) {
        let by = reached_from_outside(s, i);
        if by.is_none() && !is_public(s, i) {
            continue;
        }
        out.push(Draft {
            severity: Severity::Error,
            components: vec![i],
            links: NO_LINKS,
            fact: Fact::ExposedDataStore {
                store: s.comps[i].id.as_str(),
                kind: s.kind(i),
                public: is_public(s, i),
                reached_by: by.map(|b| s.comps[b].id.as_str()),
            },
            patterns: None,
        });
    }
}

pub fn public_admin_console<'d>(cx: &Ctx<'_, 'd>, out: &mut Vec<Draft<'d>>) {
    let s = cx.s;
    for i in 0..s.len() {
        if s.kind(i) == Kind::Client || !(is_public(s, i) || reached_from_outside(s, i).is_some()) {
            continue;
        }
        let Some(t) = technology(s, i).filter(|t| t.admin_console) else { continue };
        out.push(Draft {
            severity: Severity::Warning,
            components: vec![i],
            links: NO_LINKS,
            fact: Fact::PublicAdminConsole {
                component: s.comps[i].id.as_str(),
                tech: t.name.as_str(),
                own_login: t.own_login,
            },
            patterns: None,
        });
    }
}

/// A front door: what a request is meant to pass through on its way in.
fn is_front(kind: Kind) -> bool {
    matches!(kind, Kind::Cdn | Kind::LoadBalancer | Kind::Gateway)
}

pub fn proxy_bypass<'d>(cx: &Ctx<'_, 'd>, out: &mut Vec<Draft<'d>>) {
    let s = cx.s;
    for i in 0..s.len() {
        let Some(front) = s.inc(i).iter().map(|&j| s.from[j]).find(|&f| is_front(s.kind(f)) && f != i) else {
            continue;
        };
        let by = s.inc(i).iter().map(|&j| s.from[j]).find(|&f| s.kind(f) == Kind::Client);
        if by.is_none() && !is_public(s, i) {
            continue;
        }
        out.push(Draft {
            severity: Severity::Warning,
            components: vec![i, front],
            links: NO_LINKS,
            fact: Fact::ProxyBypass {
                component: s.comps[i].id.as_str(),
                front: s.comps[front].id.as_str(),
                by: by.map(|b| s.comps[b].id.as_str()),
            },
            patterns: None,
        });
    }
}
