//! Security rules: client-bypasses-gateway, client-to-data-store,
//! unencrypted-link, missing-auth and no-rate-limit: what the outside
//! world can reach, and how.

use super::served::{served_protocol, serves_requests, technology};
use super::unstated::{not_stated, not_stated_behind};
use super::{Ctx, Draft, NO_LINKS};
use crate::critic::report::Severity;
use crate::critic::snapshot::Snapshot;
use crate::critic::templates::{Exposure, Fact};
use crate::model::{Kind, Unstated};

/// Per component, how the outside world reaches it as an entry.
#[derive(Debug, Clone, Default)]
pub(crate) struct Entry {
    pub is_entry: bool,
    pub public: bool,
    /// Reached by a path from a client on which no cdn/load-balancer limits the rate.
    pub unlimited: bool,
    /// The first component (client, cdn or load-balancer) seen calling it on such a path.
    pub caller: Option<usize>,
    pub unlimited_caller: Option<usize>,
    /// The published cdn/load-balancer it was reached from when no drawn
    /// client reaches it: that front is the public edge in front of it.
    pub edge: Option<usize>,
}

fn fronts(kind: Kind) -> bool {
    matches!(kind, Kind::Cdn | Kind::LoadBalancer)
}

fn can_be_entry(kind: Kind) -> bool {
    kind == Kind::Gateway || kind.is_service_like()
}

/// Walks from every client through cdn and load-balancer components (links
/// of any mode); the first gateway or service-like component reached is an
/// entry. A `public: true` cdn or load-balancer starts a path too: public
/// means the outside world (an undrawn client) calls it, so what it
/// forwards to is the entry behind that public edge (an nginx published in
/// a compose file in front of an app). Each front component is visited at
/// most twice: once on a path without a rate limit, once on a path with one.
pub(crate) fn entries(s: &Snapshot<'_>) -> Vec<Entry> {
    let n = s.len();
    let mut entry = vec![Entry::default(); n];
    let mut seen = vec![[false; 2]; n];
    let mut queue: Vec<(usize, bool)> = (0..n).filter(|&i| s.kind(i) == Kind::Client).map(|i| (i, false)).collect();
    walk(s, &mut entry, &mut seen, &mut queue);
    let edges: Vec<usize> = (0..n).filter(|&i| fronts(s.kind(i)) && s.comps[i].public == Some(true)).collect();
    for &f in &edges {
        let lim = s.comps[f].rate_limit.is_some();
        if !seen[f][usize::from(lim)] {
            seen[f][usize::from(lim)] = true;
            let before: Vec<bool> = entry.iter().map(|e| e.is_entry).collect();
            let mut queue = vec![(f, lim)];
            walk(s, &mut entry, &mut seen, &mut queue);
            for (e, was) in entry.iter_mut().zip(before) {
                if e.is_entry && !was {
                    e.edge = Some(f);
                }
            }
        }
    }
    for (i, e) in entry.iter_mut().enumerate() {
        if can_be_entry(s.kind(i)) && s.comps[i].public == Some(true) {
            e.is_entry = true;
            e.public = true;
        }
    }
    entry
}

/// The walk of `entries` from the components queued.
fn walk(s: &Snapshot<'_>, entry: &mut [Entry], seen: &mut [[bool; 2]], queue: &mut Vec<(usize, bool)>) {
    while let Some((u, limited)) = queue.pop() {
        for &j in s.out(u) {
            let v = s.to[j];
            let kind = s.kind(v);
            if fronts(kind) {
                let lim = limited || s.comps[v].rate_limit.is_some();
                if !seen[v][usize::from(lim)] {
                    seen[v][usize::from(lim)] = true;
                    queue.push((v, lim));
                }
            } else if can_be_entry(kind) {
                let e = &mut entry[v];
                e.is_entry = true;
                e.caller.get_or_insert(u);
                if !limited {
                    e.unlimited = true;
                    e.unlimited_caller.get_or_insert(u);
                }
            }
        }
    }
}

fn direct_from_clients<'d>(
    cx: &Ctx<'_, 'd>,
    out: &mut Vec<Draft<'d>>,
    target: fn(Kind) -> bool,
    make: fn(&Snapshot<'d>, usize, usize) -> (Severity, Fact<'d>),
) {
    let s = cx.s;
    for client in (0..s.len()).filter(|&i| s.kind(i) == Kind::Client) {
        // One finding per callee, even when two links (protocols) reach it.
        let mut done: Vec<usize> = Vec::new();
        for &j in s.out(client) {
            let callee = s.to[j];
            if !target(s.kind(callee)) || done.contains(&callee) {
                continue;
            }
            done.push(callee);
            let links = s.out(client).iter().copied().filter(|&k| s.to[k] == callee).collect();
            let (severity, fact) = make(s, client, callee);
            out.push(Draft { severity, components: vec![client, callee], links, fact, patterns: None });
        }
    }
}

pub fn client_bypasses_gateway<'d>(cx: &Ctx<'_, 'd>, out: &mut Vec<Draft<'d>>) {
    direct_from_clients(cx, out, Kind::is_service_like, |s, c, t| {
        let fact = Fact::ClientBypassesGateway { client: s.comps[c].id.as_str(), callee: s.comps[t].id.as_str() };
        (Severity::Warning, fact)
    });
}

pub fn client_to_data_store<'d>(cx: &Ctx<'_, 'd>, out: &mut Vec<Draft<'d>>) {
    direct_from_clients(cx, out, Kind::is_data_store, |s, c, t| {
        let fact =
            Fact::ClientToDataStore { client: s.comps[c].id.as_str(), store: s.comps[t].id.as_str(), kind: s.kind(t) };
        (Severity::Error, fact)
    });
}

pub fn unencrypted_link<'d>(cx: &Ctx<'_, 'd>, out: &mut Vec<Draft<'d>>) {
    let s = cx.s;
    let requirements = s.design.requirements();
    let sensitive: Vec<&str> = requirements
        .data
        .iter()
        .filter(|d| d.eq_ignore_ascii_case("pii") || d.eq_ignore_ascii_case("payments"))
        .map(String::as_str)
        .collect();
    let severity = if sensitive.is_empty() { Severity::Warning } else { Severity::Error };
    let tls_unstated = s.design.is_unstated(Unstated::Tls);
    let mut held_back = Vec::new();
    for j in 0..s.links.len() {
        let link = s.links[j];
        if link.effective_tls() {
            continue;
        }
        let (a, b) = (s.comps[s.from[j]], s.comps[s.to[j]]);
        let exposure = match a.kind {
            Kind::Client => Exposure::FromClient,
            Kind::External => Exposure::FromExternal,
            _ if s.crosses_zones(j) => Exposure::CrossesZones {
                from_zone: a.zone.as_deref().unwrap_or_default(),
                to_zone: b.zone.as_deref().unwrap_or_default(),
            },
            _ => continue,
        };
        if tls_unstated && link.tls.is_none() {
            held_back.push(s.from[j]);
            continue;
        }
        out.push(Draft {
            patterns: None,
            severity,
            components: vec![s.from[j], s.to[j]],
            links: vec![j],
            fact: Fact::UnencryptedLink {
                from: a.id.as_str(),
                to: b.id.as_str(),
                protocol: link.protocol.as_deref(),
                exposure,
                sensitive: sensitive.clone(),
            },
        });
    }
    not_stated(s, out, Unstated::Tls, held_back);
}

impl Entry {
    /// A `public: true` entry that no drawn client path reaches is reached
    /// from outside directly: no link, so no auth and no rate limit on the way.
    fn reached_directly(&self) -> bool {
        self.public && self.caller.is_none()
    }
}

/// An entry with no auth of its own, reached by a link that carries no
/// auth either (or directly, see `Entry::reached_directly`). Only entries
/// that serve requests: a VPN, DNS or game server has no request to
/// authenticate. A technology with its own login gets an info; an entry
/// whose source could not state auth is held back into one info.
pub fn missing_auth<'d>(cx: &Ctx<'_, 'd>, out: &mut Vec<Draft<'d>>) {
    let s = cx.s;
    let auth_unstated = s.design.is_unstated(Unstated::Auth);
    let (mut held_back, mut edges) = (Vec::new(), Vec::new());
    for (i, e) in entries(s).into_iter().enumerate() {
        if !e.is_entry || s.comps[i].has_auth() || !serves_requests(s, i) {
            continue;
        }
        let open_link = s.inc(i).iter().copied().find(|&j| !s.links[j].has_auth());
        if open_link.is_none() && !e.reached_directly() {
            continue;
        }
        if let Some(t) = technology(s, i).filter(|t| t.own_login) {
            out.push(Draft {
                severity: Severity::Info,
                components: vec![i],
                links: NO_LINKS,
                fact: Fact::OwnLogin { entry: s.comps[i].id.as_str(), tech: t.name.as_str() },
                patterns: None,
            });
            continue;
        }
        if auth_unstated && s.comps[i].auth.is_none() {
            held_back.push(i);
            edges.extend(e.edge.map(|f| (i, f)));
            continue;
        }
        out.push(Draft {
            patterns: None,
            severity: Severity::Error,
            components: vec![i],
            links: NO_LINKS,
            fact: Fact::MissingAuth {
                entry: s.comps[i].id.as_str(),
                public: e.public,
                caller: open_link.map(|j| s.comps[s.from[j]].id.as_str()),
                protocol: served_protocol(s, i),
            },
        });
    }
    not_stated_behind(s, out, Unstated::Auth, held_back, edges);
}

/// An entry with no rate limit, reached on a path where no cdn or
/// load-balancer limits the rate (or directly, see `Entry::reached_directly`).
pub fn no_rate_limit<'d>(cx: &Ctx<'_, 'd>, out: &mut Vec<Draft<'d>>) {
    let s = cx.s;
    let unstated = s.design.is_unstated(Unstated::RateLimit);
    let (mut held_back, mut edges) = (Vec::new(), Vec::new());
    for (i, e) in entries(s).into_iter().enumerate() {
        if !e.is_entry || s.comps[i].rate_limit.is_some() || !(e.unlimited || e.reached_directly()) {
            continue;
        }
        if unstated {
            held_back.push(i);
            edges.extend(e.edge.filter(|_| e.unlimited).map(|f| (i, f)));
            continue;
        }
        out.push(Draft {
            patterns: None,
            severity: Severity::Warning,
            components: vec![i],
            links: NO_LINKS,
            fact: Fact::NoRateLimit {
                entry: s.comps[i].id.as_str(),
                public: e.public,
                caller: e.unlimited_caller.map(|c| s.comps[c].id.as_str()),
            },
        });
    }
    not_stated_behind(s, out, Unstated::RateLimit, held_back, edges);
}
