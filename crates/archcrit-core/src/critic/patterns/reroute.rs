//! Transformations that change the shape of the graph: cache-aside,
//! queue-load-leveling, api-gateway and transactional-outbox. Each adds
//! components and re-routes links; rerouted links keep their protocol,
//! calls, access, TLS and auth, so the capacity model sees the same load
//! arriving where it arrived before.

use super::PatternError;
use super::build::{Namer, add, component, connect, ends, guard_tls, listed, relink, subject, wrong_rule};
use crate::critic::report::Finding;
use crate::model::{Access, Auth, Component, ComponentId, Design, Edit, Kind, Link, LinkKey, Mode, RateLimit};

/// The service-like readers of `db` that link to no cache.
fn uncached_readers<'d>(design: &'d Design, db: &str) -> Vec<&'d Component> {
    let mut readers: Vec<&Component> = Vec::new();
    for l in design.incoming(db) {
        let Some(r) = design.component(l.from.as_str()) else { continue };
        let has_cache = design
            .outgoing(r.id.as_str())
            .iter()
            .any(|o| design.component(o.to.as_str()).is_some_and(|c| c.kind == Kind::Cache));
        if r.kind.is_service_like()
            && l.effective_access().reads()
            && !has_cache
            && !readers.iter().any(|x| x.id == r.id)
        {
            readers.push(r);
        }
    }
    readers
}

/// A cache next to each reader that reads the database without one; the
/// readers link to it (cache-aside: they fill it on a miss).
pub fn cache_aside(design: &Design, finding: &Finding) -> Result<Vec<Edit>, PatternError> {
    const P: &str = "Cache-aside";
    let (db, readers) = match finding.rule {
        "missing-cache" => {
            let reader = subject(design, finding, P)?;
            let db = listed(design, finding, 1, P)?;
            (db, vec![reader])
        }
        "overloaded" | "latency-over-budget" => {
            let along: Vec<&Component> =
                finding.components.iter().filter_map(|id| design.component(id.as_str())).collect();
            let found = along.iter().find_map(|c| match c.kind {
                Kind::Database => Some((*c, uncached_readers(design, c.id.as_str()))),
                k if k.is_service_like() => design.outgoing(c.id.as_str()).iter().find_map(|l| {
                    let db = design.component(l.to.as_str())?;
                    let readers = uncached_readers(design, db.id.as_str());
                    (db.kind == Kind::Database && readers.iter().any(|r| r.id == c.id)).then(|| (db, vec![*c]))
                }),
                _ => None,
            });
            match found {
                Some((db, readers)) if !readers.is_empty() => (db, readers),
                _ => {
                    return Err(PatternError::no(
                        P,
                        "no service here reads a database without a cache; a cache would not take load off it",
                    ));
                }
            }
        }
        _ => return Err(wrong_rule(P, finding)),
    };
    let zone = readers[0].zone.as_deref();
    let cache = Namer::new(design).fresh(&format!("{}-cache", db.id));
    let mut edits = vec![add(component(cache.clone(), Kind::Cache, zone, &format!("{} cache", db.display_label())))];
    for r in readers {
        let mut l = Link::new(r.id.clone(), cache.clone()).with_protocol("redis");
        guard_tls(&mut l, (r.kind, r.zone.as_deref()), (Kind::Cache, zone));
        edits.push(connect(l));
    }
    Ok(edits)
}

/// A queue between the overloaded component and its synchronous callers:
/// they publish, it consumes at its own pace.
pub fn queue_load_leveling(design: &Design, finding: &Finding) -> Result<Vec<Edit>, PatternError> {
    const P: &str = "Queue-based load leveling";
    if finding.rule != "overloaded" {
        return Err(wrong_rule(P, finding));
    }
    let target = subject(design, finding, P)?;
    if target.kind.is_messaging() {
        return Err(PatternError::no(P, format!("{} is already a {}", target.id, target.kind)));
    }
    let callers: Vec<&Link> = design.incoming(target.id.as_str()).into_iter().filter(|l| l.is_sync()).collect();
    if callers.is_empty() {
        return Err(PatternError::no(P, format!("nothing calls {} synchronously", target.id)));
    }
    for l in &callers {
        let kind = design.component(l.from.as_str()).map(|c| c.kind);
        if !kind.is_some_and(|k| k.is_service_like() || k == Kind::Gateway) {
            return Err(PatternError::no(
                P,
                format!("{} calls {} and cannot publish to a queue; only services and gateways can", l.from, target.id),
            ));
        }
    }
    let zone = target.zone.as_deref();
    let queue_id = Namer::new(design).fresh(&format!("{}-queue", target.id));
    let mut queue = component(queue_id.clone(), Kind::Queue, zone, &format!("{} queue", target.display_label()));
    queue.dlq = Some(true);
    let mut edits = vec![add(queue)];
    // One publishing link per caller, carrying all its calls.
    let mut publish: Vec<Link> = Vec::new();
    for l in &callers {
        edits.push(Edit::Disconnect { key: l.key() });
        if let Some(p) = publish.iter_mut().find(|p| p.from == l.from) {
            p.calls = Some(p.effective_calls() + l.effective_calls());
            continue;
        }
        let mut p = Link::new(l.from.clone(), queue_id.clone()).with_protocol("amqp");
        p.mode = Some(Mode::Async);
        p.access = Some(Access::Write);
        p.calls = l.calls;
        p.auth = l.auth;
        let from = design.component(l.from.as_str()).map(|c| (c.kind, c.zone.as_deref()));
        if let Some(from) = from {
            guard_tls(&mut p, from, (Kind::Queue, zone));
        }
        publish.push(p);
    }
    edits.extend(publish.into_iter().map(connect));
    let mut consume = Link::new(queue_id.clone(), target.id.clone()).with_protocol("amqp");
    consume.mode = Some(Mode::Async);
    guard_tls(&mut consume, (Kind::Queue, zone), (target.kind, zone));
    edits.push(connect(consume));
    Ok(edits)
}

/// Clients reach services (or stores) through one gateway that
/// authenticates and rate-limits; an existing gateway the client already
/// uses is reused.
pub fn api_gateway(design: &Design, finding: &Finding) -> Result<Vec<Edit>, PatternError> {
    const P: &str = "API gateway";
    let direct: fn(Kind) -> bool = match finding.rule {
        "client-bypasses-gateway" => Kind::is_service_like,
        "client-to-data-store" => Kind::is_data_store,
        _ => return Err(wrong_rule(P, finding)),
    };
    let client = subject(design, finding, P)?;
    let callee = listed(design, finding, 1, P)?;
    // A client whose bypass the team accepted (an ingestion edge that is
    // its own front door) keeps its direct link: rerouting it would put its
    // load through the new gateway and undo a decision made on purpose.
    let accepted = |from: &ComponentId| {
        design.accepted().iter().any(|a| a.rule == finding.rule && a.component.as_ref() == Some(from))
    };
    let rerouted: Vec<&Link> = design
        .links()
        .filter(|l| ends(design, l).is_some_and(|(a, b)| a.kind == Kind::Client && direct(b.kind)))
        .filter(|l| l.from == client.id || !accepted(&l.from))
        .collect();
    if rerouted.is_empty() {
        return Ok(Vec::new());
    }
    let existing = design
        .outgoing(client.id.as_str())
        .into_iter()
        .find_map(|l| design.component(l.to.as_str()).filter(|c| c.kind == Kind::Gateway));
    let mut edits = Vec::new();
    let gateway: ComponentId = match existing {
        Some(g) => g.id.clone(),
        None => {
            let id = Namer::new(design).fresh("api-gateway");
            let mut g = component(id.clone(), Kind::Gateway, callee.zone.as_deref(), "API gateway");
            g.auth = Some(callee.auth.filter(|a| a.is_some_auth()).unwrap_or(Auth::OAuth2));
            g.rate_limit = Some(callee.rate_limit.unwrap_or(RateLimit::Enabled));
            edits.push(add(g));
            id
        }
    };
    let mut keys: Vec<LinkKey> = design.links().map(Link::key).collect();
    for l in rerouted {
        edits.push(Edit::Disconnect { key: l.key() });
        let mut inbound = relink(l, &l.from, &gateway);
        // The gateway forwards each call; `calls` lives on its outbound link.
        inbound.calls = None;
        let mut outbound = relink(l, &gateway, &l.to);
        outbound.auth = outbound.auth.or(Some(Auth::Jwt)).filter(|a| a.is_some_auth());
        for link in [inbound, outbound] {
            if !keys.contains(&link.key()) {
                keys.push(link.key());
                edits.push(connect(link));
            }
        }
    }
    Ok(edits)
}

/// The writer keeps only its database write; a new relay worker reads the
/// outbox from that database (a `cdc` link, carrying the database's writes)
/// and publishes to each queue/stream instead.
pub fn transactional_outbox(design: &Design, finding: &Finding) -> Result<Vec<Edit>, PatternError> {
    const P: &str = "Transactional outbox";
    if finding.rule != "distributed-write" {
        return Err(wrong_rule(P, finding));
    }
    let writer = subject(design, finding, P)?;
    let stores: Vec<&Component> =
        finding.components[1..].iter().filter_map(|id| design.component(id.as_str())).collect();
    let databases: Vec<&&Component> = stores.iter().filter(|c| c.kind.is_persistent_store()).collect();
    let [db] = databases.as_slice() else {
        return Err(PatternError::no(
            P,
            format!(
                "{} writes {} databases; an outbox lives in exactly one (consider a saga)",
                writer.id,
                databases.len()
            ),
        ));
    };
    let queues: Vec<&&Component> = stores.iter().filter(|c| c.kind.is_messaging()).collect();
    let out = design.outgoing(writer.id.as_str());
    let db_link = out.iter().find(|l| l.to == db.id);
    let mut namer = Namer::new(design);
    let mut edits = Vec::new();
    for q in queues {
        let relay = namer.fresh(&format!("{}-outbox-relay", writer.id));
        edits.push(add(component(relay.clone(), Kind::Worker, writer.zone.as_deref(), "Outbox relay")));
        // Change data capture: the relay is fed the database's writes, so
        // the capacity model carries real load downstream of the outbox.
        let mut read = Link::new(db.id.clone(), relay.clone());
        read.protocol = Some("cdc".into());
        read.tls = db_link.and_then(|l| l.tls);
        guard_tls(&mut read, (db.kind, db.zone.as_deref()), (Kind::Worker, writer.zone.as_deref()));
        edits.push(connect(read));
        let mut published = false;
        for l in out.iter().filter(|l| l.to == q.id && l.effective_access() != Access::Read) {
            edits.push(Edit::Disconnect { key: l.key() });
            let mut p = relink(l, &relay, &q.id);
            p.calls = None;
            guard_tls(&mut p, (Kind::Worker, writer.zone.as_deref()), (q.kind, q.zone.as_deref()));
            if !published {
                edits.push(connect(p));
                published = true;
            }
        }
    }
    Ok(edits)
}
