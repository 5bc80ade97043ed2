use super::*;
use crate::file::load_str;
use crate::model::ComponentId;

/// A web client through one api to a cache (90% hits) and a database that
/// holds only the misses: without the cache the database is overloaded.
const CACHED: &str = "archcrit: 1
name: cached
requirements: {availability_slo: 99.9, latency_budget_ms: 300}
components:
  web: {kind: client, rps: 1000}
  api: {kind: service, replicas: 2, capacity_rps: 2000, latency_ms: 10}
  cache: {kind: cache, replicas: 2, hit_ratio: 0.9}
  db: {kind: database, replicas: 2, capacity_rps: 300, latency_ms: 20}
  mail: {kind: worker}
  jobs: {kind: queue, replicas: 2, dlq: true}
links:
  - {from: web, to: api, protocol: https}
  - {from: api, to: cache, protocol: redis, access: read}
  - {from: api, to: db, protocol: sql, access: read}
  - {from: api, to: jobs, protocol: amqp, mode: async, calls: 0.1}
  - {from: jobs, to: mail, protocol: amqp}
";

fn id(s: &str) -> ComponentId {
    ComponentId::new(s).unwrap()
}

fn design() -> Design {
    load_str(CACHED, "cached.yaml").unwrap()
}

#[test]
fn a_dead_cache_overloads_the_database_behind_it() {
    let d = design();
    let copy = d.clone();
    let out = what_if(&d, &Change::Fail { component: id("cache") }).unwrap();
    assert_eq!(d, copy, "the design itself is never changed");
    let db = out.delta.crossings.iter().find(|c| c.component.as_str() == "db").unwrap();
    assert!((db.before.unwrap() - 100.0 / 600.0).abs() < 1e-9, "{db:?}");
    assert!((db.after.unwrap() - 1000.0 / 600.0).abs() < 1e-9, "{db:?}");
    assert_eq!(db.threshold, 1.0);
    assert!(out.delta.introduced.iter().any(|f| f.rule == "overloaded" && f.component == Some(id("db"))));
    assert!(out.delta.requests.iter().all(|r| !r.fails), "a cache-aside reader survives its cache");
    assert_eq!(out.delta.saturates_first_after.as_ref().unwrap().component.as_str(), "db");
}

#[test]
fn a_dead_service_fails_the_requests_that_need_it() {
    let out = what_if(&design(), &Change::Fail { component: id("api") }).unwrap();
    let web = &out.delta.requests[0];
    assert_eq!(web.client.as_str(), "web");
    assert!(web.fails && web.availability_after == 0.0 && web.latency_ms_after.is_none(), "{web:?}");
    // The mailer is behind a queue: not on the request's synchronous path.
    let mail = what_if(&design(), &Change::Fail { component: id("mail") }).unwrap();
    assert!(!mail.delta.requests[0].fails);
}

#[test]
fn slowing_scaling_and_loading_change_the_numbers() {
    let d = design();
    let slow = what_if(&d, &Change::Slow { component: id("db"), slowdown: Slowdown::Ms(520.0) }).unwrap();
    let r = &slow.delta.requests[0];
    // The api reads the db on 10% of requests: +50 ms (to within the
    // capacity model's queueing wait, a fraction of a microsecond here).
    assert!((r.latency_ms_after.unwrap() - r.latency_ms_before - 50.0).abs() < 1e-3, "{r:?}");
    let twice = what_if(&d, &Change::Load { load: LoadChange::Factor(2.0) }).unwrap();
    assert_eq!(twice.delta.requests[0].load_rps, 2000.0);
    let at = what_if(&d, &Change::Load { load: LoadChange::Rps(7000.0) }).unwrap();
    assert_eq!(at.delta.requests[0].load_rps, 7000.0);
    assert!(at.delta.crossings.iter().any(|c| c.component.as_str() == "db" && c.threshold == 1.0));
    let scaled = what_if(&d, &Change::Scale { component: id("db"), replicas: 4 }).unwrap();
    let u = scaled.after.metrics.components.get("db").unwrap().utilization.unwrap();
    assert!((u - 100.0 / 1200.0).abs() < 1e-9);
    assert!(scaled.edit.is_some());
}

#[test]
fn a_pattern_is_tried_on_a_copy_and_offered_as_one_edit() {
    let mut d =
        load_str(&CACHED.replace("  - {from: api, to: cache, protocol: redis, access: read}\n", ""), "x").unwrap();
    let before_db = crate::critic::critique(&d).metrics.components.get("db").unwrap().load_rps;
    assert_eq!(before_db, 1000.0);
    let out = what_if(&d, &Change::Pattern { pattern: PatternKind::Cache, target: id("db"), via: None }).unwrap();
    let after_db = out.after.metrics.components.get("db").unwrap().load_rps;
    assert!((after_db - 200.0).abs() < 1e-9, "a new cache at the default 80% hits: {after_db}");
    assert!(out.delta.fixed.iter().any(|f| f.rule == "overloaded"));
    let edit = out.edit.clone().unwrap();
    assert!(!d.contains("db-cache"));
    d.apply(edit).unwrap();
    assert_eq!(crate::critic::critique(&d).metrics.components.get("db").unwrap().load_rps, after_db);
}

#[test]
fn impossible_what_ifs_say_why() {
    let d = design();
    let e = what_if(&d, &Change::Fail { component: id("nope") }).unwrap_err();
    assert_eq!(e.to_string(), "there is no component `nope` in this design");
    assert!(what_if(&d, &Change::Load { load: LoadChange::Factor(-1.0) }).is_err());
    assert!(what_if(&d, &Change::Load { load: LoadChange::Rps(1e308) }).is_err());
    let e = what_if(&d, &Change::Fail { component: id("web") }).unwrap_err();
    assert!(e.to_string().starts_with("web is a client"), "{e}");
    assert!(what_if(&d, &Change::Scale { component: id("api"), replicas: 0 }).is_err());
    let e = what_if(&d, &Change::Pattern { pattern: PatternKind::Gateway, target: id("db"), via: None }).unwrap_err();
    assert!(e.to_string().contains("no client calls db directly"), "{e}");
}
