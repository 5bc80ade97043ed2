//! Data rules: shared-database, missing-cache, distributed-write,
//! queue-without-dlq and unconsumed-queue: who owns, writes and reads state.

use super::unstated::{access_unknown, not_stated_at_stake};
use super::{Ctx, Draft, NO_LINKS};
use crate::critic::report::Severity;
use crate::critic::snapshot::Snapshot;
use crate::critic::templates::Fact;
use crate::critic::templates::and_list;
use crate::model::{Access, Consistency, Delivery, Kind, Unstated};

/// A write in the contract's sense: into a database/storage/search with
/// write or readwrite access, or into a queue/stream unless it only reads.
pub(crate) fn writes(s: &Snapshot<'_>, j: usize) -> bool {
    let target = s.kind(s.to[j]);
    let access = s.links[j].effective_access();
    (target.is_persistent_store() && access.writes()) || (target.is_messaging() && access != Access::Read)
}

/// The queue/stream that link `j` consumes from, if it consumes: a push
/// out of a queue/stream, or a read-only pull into one.
pub(crate) fn consumed_queue(s: &Snapshot<'_>, j: usize) -> Option<usize> {
    if s.kind(s.from[j]).is_messaging() {
        Some(s.from[j])
    } else if s.kind(s.to[j]).is_messaging() && s.links[j].effective_access() == Access::Read {
        Some(s.to[j])
    } else {
        None
    }
}

fn ids<'d>(s: &Snapshot<'d>, list: &[usize]) -> Vec<&'d str> {
    list.iter().map(|&i| s.comps[i].id.as_str()).collect()
}

fn push_unique(list: &mut Vec<usize>, i: usize) {
    if !list.contains(&i) {
        list.push(i);
    }
}

pub fn shared_database<'d>(cx: &Ctx<'_, 'd>, out: &mut Vec<Draft<'d>>) {
    let s = cx.s;
    let mut held_back = Vec::new();
    for store in 0..s.len() {
        if !s.kind(store).is_persistent_store() {
            continue;
        }
        let (mut writers, mut maybe) = (Vec::new(), Vec::new());
        for &j in s.inc(store) {
            // An admin console (Adminer, pgAdmin...) writes what its user
            // types; no second team's code is coupled to the schema.
            let console = super::served::technology(s, s.from[j]).is_some_and(|t| t.admin_console);
            if writes(s, j) && s.kind(s.from[j]).is_service_like() && !console {
                push_unique(if access_unknown(s, j) { &mut maybe } else { &mut writers }, s.from[j]);
            }
        }
        if writers.len() < 2 {
            // Two writers only if links whose access nobody stated write.
            if writers.len() + maybe.iter().filter(|m| !writers.contains(m)).count() >= 2 {
                let mut linked = writers.clone();
                maybe.iter().for_each(|&m| push_unique(&mut linked, m));
                let stake = format!(
                    "{} {} link to {}; if more than one writes it, they are coupled through its schema",
                    and_list(&ids(s, &linked)),
                    if linked.len() == 2 { "both" } else { "all" },
                    s.comps[store].id
                );
                held_back.push((store, stake));
            }
            continue;
        }
        let fact = Fact::SharedDatabase { store: s.comps[store].id.as_str(), writers: ids(s, &writers) };
        let mut components = vec![store];
        components.extend(writers);
        out.push(Draft { severity: Severity::Warning, components, links: NO_LINKS, fact, patterns: None });
    }
    not_stated_at_stake(s, out, Unstated::Access, held_back);
}

pub fn missing_cache<'d>(cx: &Ctx<'_, 'd>, out: &mut Vec<Draft<'d>>) {
    let s = cx.s;
    let Some(ratio) = s.design.requirements().read_write_ratio else { return };
    if ratio < 3.0 {
        return;
    }
    // A reader that also writes over the same link, when the business needs
    // strong consistency, must read its own writes: a cache would serve
    // stale data, so the rule stays silent for it.
    let strong = s.design.requirements().consistency == Some(Consistency::Strong);
    for reader in 0..s.len() {
        if !s.kind(reader).is_service_like() || s.out(reader).iter().any(|&j| s.kind(s.to[j]) == Kind::Cache) {
            continue;
        }
        let mut seen = Vec::new();
        for &j in s.out(reader) {
            let db = s.to[j];
            let access = s.links[j].effective_access();
            if s.kind(db) != Kind::Database || !access.reads() || seen.contains(&db) {
                continue;
            }
            if strong && access == Access::ReadWrite {
                continue;
            }
            seen.push(db);
            out.push(Draft {
                patterns: None,
                severity: Severity::Info,
                components: vec![reader, db],
                links: NO_LINKS,
                fact: Fact::MissingCache {
                    reader: s.comps[reader].id.as_str(),
                    database: s.comps[db].id.as_str(),
                    read_write_ratio: ratio,
                    // Reads only: writes reach the database with or without a cache.
                    database_load_rps: cx.m.reads[db],
                },
            });
        }
    }
}

/// Caches do not count: losing a cache write costs a miss, not consistency.
pub fn distributed_write<'d>(cx: &Ctx<'_, 'd>, out: &mut Vec<Draft<'d>>) {
    let s = cx.s;
    let mut held_back = Vec::new();
    for writer in 0..s.len() {
        if !s.kind(writer).is_service_like() {
            continue;
        }
        let (mut stores, mut maybe) = (Vec::new(), Vec::new());
        for &j in s.out(writer) {
            if writes(s, j) {
                push_unique(if access_unknown(s, j) { &mut maybe } else { &mut stores }, s.to[j]);
            }
        }
        if stores.len() < 2 {
            if stores.len() + maybe.iter().filter(|m| !stores.contains(m)).count() >= 2 {
                let mut linked = stores.clone();
                maybe.iter().for_each(|&m| push_unique(&mut linked, m));
                let stake = format!(
                    "{} links to {}; if it writes more than one, a failure between the writes leaves them disagreeing",
                    s.comps[writer].id,
                    and_list(&ids(s, &linked))
                );
                held_back.push((writer, stake));
            }
            continue;
        }
        let fact = Fact::DistributedWrite { writer: s.comps[writer].id.as_str(), stores: ids(s, &stores) };
        let mut components = vec![writer];
        components.extend(stores);
        out.push(Draft { severity: Severity::Warning, components, links: NO_LINKS, fact, patterns: None });
    }
    not_stated_at_stake(s, out, Unstated::Access, held_back);
}

/// Consumers of each queue/stream (the pushed-to or the pullers), in link order.
fn consumers(s: &Snapshot<'_>) -> Vec<Vec<usize>> {
    let mut by_queue = vec![Vec::new(); s.len()];
    for j in 0..s.links.len() {
        if let Some(q) = consumed_queue(s, j) {
            let who = if q == s.from[j] { s.to[j] } else { s.from[j] };
            push_unique(&mut by_queue[q], who);
        }
    }
    by_queue
}

pub fn queue_without_dlq<'d>(cx: &Ctx<'_, 'd>, out: &mut Vec<Draft<'d>>) {
    let s = cx.s;
    for (q, who) in consumers(s).into_iter().enumerate() {
        if who.is_empty() || s.comps[q].dlq == Some(true) {
            continue;
        }
        out.push(Draft {
            patterns: None,
            severity: Severity::Info,
            components: vec![q],
            links: NO_LINKS,
            fact: Fact::QueueWithoutDlq { queue: s.comps[q].id.as_str(), consumers: ids(s, &who) },
        });
    }
}

/// A queue whose every writer link has an unknown access is held back: in
/// a compose file a consumer and a producer look the same.
pub fn unconsumed_queue<'d>(cx: &Ctx<'_, 'd>, out: &mut Vec<Draft<'d>>) {
    let s = cx.s;
    let mut held_back = Vec::new();
    for (q, who) in consumers(s).into_iter().enumerate() {
        if !s.kind(q).is_messaging() || !who.is_empty() {
            continue;
        }
        let mut writers = Vec::new();
        let mut unknown = true;
        for &j in s.inc(q) {
            if writes(s, j) {
                push_unique(&mut writers, s.from[j]);
                unknown &= access_unknown(s, j);
            }
        }
        if writers.is_empty() {
            continue;
        }
        if unknown {
            let stake = format!(
                "nothing is known to consume {}; {} {} to it, and if none reads it, messages pile up",
                s.comps[q].id,
                and_list(&ids(s, &writers)),
                if writers.len() == 1 { "links" } else { "link" }
            );
            held_back.push((q, stake));
            continue;
        }
        out.push(Draft {
            patterns: None,
            severity: Severity::Warning,
            components: vec![q],
            links: NO_LINKS,
            fact: Fact::UnconsumedQueue { queue: s.comps[q].id.as_str(), writers: ids(s, &writers) },
        });
    }
    not_stated_at_stake(s, out, Unstated::Access, held_back);
}

/// Two or more different service-like components competing for one
/// queue's messages (pushed to them, or pulled with `access: read`): each
/// sees only part of the stream, which is almost always a bug.
pub fn split_consumers<'d>(cx: &Ctx<'_, 'd>, out: &mut Vec<Draft<'d>>) {
    let s = cx.s;
    for q in 0..s.len() {
        if s.comps[q].effective_delivery() != Some(Delivery::Competing) {
            continue;
        }
        let pushed = s.out(q).iter().map(|&j| s.to[j]);
        let pulled = s.inc(q).iter().filter(|&&j| s.links[j].effective_access() == Access::Read).map(|&j| s.from[j]);
        let mut consumers: Vec<usize> = Vec::new();
        for c in pushed.chain(pulled) {
            if s.kind(c).is_service_like() && !consumers.contains(&c) {
                consumers.push(c);
            }
        }
        if consumers.len() < 2 {
            continue;
        }
        consumers.sort_unstable();
        let mut components = vec![q];
        components.extend(&consumers);
        out.push(Draft {
            patterns: None,
            severity: Severity::Warning,
            fact: Fact::SplitConsumers {
                queue: s.comps[q].id.as_str(),
                consumers: consumers.iter().map(|&c| s.comps[c].id.as_str()).collect(),
            },
            components,
            links: NO_LINKS,
        });
    }
}
