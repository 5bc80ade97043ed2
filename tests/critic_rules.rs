//! Every rule of the critic against a design that fires it and a near miss
//! that must stay silent, written as design files.

use archcrit_core::critic::{Finding, Report, Severity, critique};
use archcrit_core::file::load_str;

fn crit(body: &str) -> Report {
    let text = format!("archcrit: 1\nname: t\n{body}");
    let design = load_str(&text, "t.yaml").unwrap_or_else(|e| panic!("{e}\n{text}"));
    critique(&design)
}

fn of<'a>(r: &'a Report, rule: &str) -> Vec<&'a Finding> {
    r.findings.iter().filter(|f| f.rule == rule).collect()
}

fn ids(f: &Finding) -> Vec<&str> {
    f.components.iter().map(|c| c.as_str()).collect()
}

/// Exactly one finding of `rule`; returns it.
fn one<'a>(r: &'a Report, rule: &str) -> &'a Finding {
    let found = of(r, rule);
    assert_eq!(found.len(), 1, "expected one {rule}, got {:#?}", r.findings);
    found[0]
}

fn none(r: &Report, rule: &str) {
    assert!(of(r, rule).is_empty(), "{rule} must stay silent: {:#?}", of(r, rule));
}

// ---- single-point-of-failure ----

#[test]
fn spof_fires_on_the_request_path_and_for_stateful_stores() {
    let r = crit(
        "requirements: {availability_slo: 99.95}
components:
  web: {kind: client}
  api: {kind: service}
  q: {kind: queue, replicas: 2, dlq: true}
  mailer: {kind: worker}
  audit-db: {kind: database}
links:
  - {from: web, to: api, protocol: https}
  - {from: api, to: q, protocol: kafka}
  - {from: q, to: mailer, protocol: kafka}
  - {from: mailer, to: audit-db, protocol: sql}
",
    );
    let spof = of(&r, "single-point-of-failure");
    let subjects: Vec<&str> = spof.iter().map(|f| f.components[0].as_str()).collect();
    assert_eq!(subjects, ["api", "audit-db"]);
    assert!(spof.iter().all(|f| f.severity == Severity::Error && f.patterns == ["redundancy"]));
    assert!(spof[0].message.contains("api") && spof[0].message.contains("99.9%"), "{}", spof[0].message);
}

#[test]
fn spof_is_a_warning_below_three_nines_and_silent_for_exempt_or_replicated() {
    let r = crit(
        "requirements: {availability_slo: 99.5}
components:
  web: {kind: client}
  cdn: {kind: cdn}
  api: {kind: service, replicas: 2}
  pay: {kind: external}
  metrics: {kind: monitoring}
  worker: {kind: worker}
  scratch: {kind: cache, stateful: false}
  db: {kind: database}
links:
  - {from: web, to: cdn, protocol: https}
  - {from: cdn, to: api, protocol: https}
  - {from: api, to: pay, protocol: https}
  - {from: api, to: metrics, protocol: https}
  - {from: api, to: worker, protocol: amqp}
  - {from: worker, to: scratch, protocol: redis}
  - {from: api, to: db, protocol: sql}
",
    );
    let f = one(&r, "single-point-of-failure");
    assert_eq!(ids(f), ["db"]);
    assert_eq!(f.severity, Severity::Warning);
    let r = crit("components:\n  web: {kind: client}\n  api: {kind: service}\nlinks:\n  - {from: web, to: api}\n");
    assert_eq!(one(&r, "single-point-of-failure").severity, Severity::Warning, "no SLO: warning");
}

// ---- overloaded / backlog-growth ----

const LOADED: &str = "requirements: {peak_rps: 1200}
components:
  web: {kind: client}
  gw: {kind: gateway, replicas: 2}
  orders: {kind: service, replicas: 3, capacity_rps: 400}
links:
  - {from: web, to: gw, protocol: https}
";

#[test]
fn overloaded_reports_the_contract_numbers() {
    let r = crit(&format!("{LOADED}  - {{from: gw, to: orders, protocol: grpc, calls: 1.4}}\n"));
    let f = one(&r, "overloaded");
    assert_eq!(ids(f), ["orders"]);
    assert_eq!(f.severity, Severity::Error);
    assert!(f.message.contains("140%") && f.message.contains("1,680 rps on 3 x 400"), "{}", f.message);
    assert!(f.message.contains("1,200 rps peak"), "{}", f.message);
    // Capacity model v2 suggests by cause: `calls: 1.4` drives it, so batching first.
    assert_eq!(f.patterns, ["batching", "horizontal-scaling", "queue-load-leveling"]);
    assert!((r.metrics.components["orders"].utilization.unwrap() - 1.4).abs() < 1e-9);
}

#[test]
fn overloaded_warns_from_eighty_percent_and_not_below() {
    let r = crit(&format!("{LOADED}  - {{from: gw, to: orders, protocol: grpc, calls: 0.85}}\n"));
    assert_eq!(one(&r, "overloaded").severity, Severity::Warning);
    let r = crit(&format!("{LOADED}  - {{from: gw, to: orders, protocol: grpc, calls: 0.79}}\n"));
    none(&r, "overloaded");
    // Exactly at capacity (1,200 rps on 3 x 400) is an error, float noise notwithstanding.
    let r = crit(&format!("{LOADED}  - {{from: gw, to: orders, protocol: grpc, calls: 1.0}}\n"));
    assert_eq!(one(&r, "overloaded").severity, Severity::Error);
}

#[test]
fn no_load_entering_keeps_capacity_rules_silent() {
    let r = crit(
        "components:
  web: {kind: client}
  api: {kind: service, capacity_rps: 0.001}
  q: {kind: queue, capacity_rps: 0.001}
  w: {kind: worker, capacity_rps: 0.001}
links:
  - {from: web, to: api}
  - {from: api, to: q, protocol: kafka}
  - {from: q, to: w, protocol: kafka}
",
    );
    none(&r, "overloaded");
    none(&r, "backlog-growth");
}

#[test]
fn queues_are_judged_and_async_consumers_get_backlog_growth_instead() {
    let body = "requirements: {peak_rps: 1000}
components:
  web: {kind: client}
  api: {kind: service, replicas: 4}
  q: {kind: queue, capacity_rps: 500, replicas: 2, dlq: true}
  w: {kind: worker, replicas: 2, capacity_rps: CAP}
links:
  - {from: web, to: api, protocol: https}
  - {from: api, to: q, protocol: kafka}
  - {from: q, to: w, protocol: kafka}
";
    let r = crit(&body.replace("CAP", "400"));
    let f = one(&r, "backlog-growth");
    assert_eq!(ids(f), ["w"]);
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.message.contains("1,000 rps") && f.message.contains("800 rps"), "{}", f.message);
    assert!(
        of(&r, "overloaded").iter().all(|f| f.components[0].as_str() != "w"),
        "async consumer judged by overloaded"
    );
    assert_eq!(ids(one(&r, "overloaded")), ["q"], "the queue itself is judged");
}

#[test]
fn backlog_growth_needs_full_utilization_and_only_async_inputs() {
    let body = "requirements: {peak_rps: 1000}
components:
  web: {kind: client}
  api: {kind: service, replicas: 4}
  q: {kind: queue, replicas: 2, dlq: true}
  w: {kind: worker, replicas: 2, capacity_rps: CAP}
links:
  - {from: web, to: api, protocol: https}
  - {from: api, to: q, protocol: kafka}
  - {from: q, to: w, protocol: MODE}
";
    none(&crit(&body.replace("CAP", "501").replace("MODE", "kafka")), "backlog-growth");
    let r = crit(&body.replace("CAP", "400").replace("MODE", "http"));
    none(&r, "backlog-growth");
    assert_eq!(ids(one(&r, "overloaded")), ["w"], "a sync input makes it overloaded's business");
}

// ---- deep-sync-chain ----

#[test]
fn deep_sync_chain_reports_the_longest_chain_once_per_start() {
    let r = crit(
        "components:
  web: {kind: client}
  gw: {kind: gateway}
  a: {kind: service}
  b: {kind: service}
  c: {kind: worker}
  d: {kind: function}
  e: {kind: service}
links:
  - {from: web, to: gw}
  - {from: gw, to: a}
  - {from: a, to: b}
  - {from: b, to: c}
  - {from: a, to: e}
  - {from: c, to: d}
  - {from: d, to: a}
",
    );
    let f = one(&r, "deep-sync-chain");
    assert_eq!(ids(f), ["a", "b", "c", "d"], "d -> a closes a cycle and is ignored");
    assert_eq!(f.links.len(), 3);
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.patterns, ["event-driven", "aggregator"]);
}

#[test]
fn deep_sync_chain_stays_silent_for_three_or_async_or_non_services() {
    let r = crit(
        "components:
  a: {kind: service}
  b: {kind: service}
  c: {kind: service}
  d: {kind: service}
  db: {kind: database}
  e: {kind: service}
links:
  - {from: a, to: b}
  - {from: b, to: c}
  - {from: c, to: d, protocol: kafka}
  - {from: c, to: db}
  - {from: db, to: e}
",
    );
    none(&r, "deep-sync-chain");
}

// ---- sync-cycle ----

#[test]
fn sync_cycle_lists_every_member_once_per_cycle() {
    let r = crit(
        "components:
  a: {kind: service}
  b: {kind: service}
  c: {kind: gateway}
  x: {kind: service}
  y: {kind: service}
links:
  - {from: a, to: b}
  - {from: b, to: c}
  - {from: c, to: a}
  - {from: x, to: y}
  - {from: y, to: x, protocol: kafka}
",
    );
    let f = one(&r, "sync-cycle");
    assert_eq!(ids(f), ["a", "b", "c"]);
    assert_eq!(f.links.len(), 3);
    assert_eq!(f.severity, Severity::Error);
}

// ---- shared-database ----

#[test]
fn shared_database_counts_distinct_service_writers() {
    let body = "components:
  gw: {kind: gateway}
  a: {kind: service}
  b: {kind: worker}
  db: {kind: database}
links:
  - {from: gw, to: db}
  - {from: a, to: db, protocol: sql}
  - {from: a, to: db, protocol: tcp}
  - {from: b, to: db, access: ACCESS}
";
    let r = crit(&body.replace("ACCESS", "write"));
    let f = one(&r, "shared-database");
    assert_eq!(ids(f), ["db", "a", "b"]);
    assert!(f.links.is_empty(), "the contract lists the store and its writers, no links");
    none(&crit(&body.replace("ACCESS", "read")), "shared-database");
}

// ---- missing-cache ----

#[test]
fn missing_cache_needs_read_heavy_and_no_cache() {
    let body = "requirements: {read_write_ratio: RATIO}
components:
  api: {kind: service}
  db: {kind: database}
  cache: {kind: cache}
links:
  - {from: api, to: db, access: ACCESS}
";
    let f = crit(&body.replace("RATIO", "3").replace("ACCESS", "read"));
    let f = one(&f, "missing-cache");
    assert_eq!(ids(f), ["api", "db"]);
    assert_eq!(f.severity, Severity::Info);
    none(&crit(&body.replace("RATIO", "2.9").replace("ACCESS", "read")), "missing-cache");
    none(&crit(&body.replace("RATIO", "9").replace("ACCESS", "write")), "missing-cache");
    none(
        &crit(&format!("{}  - {{from: api, to: cache}}\n", body.replace("RATIO", "9").replace("ACCESS", "readwrite"))),
        "missing-cache",
    );
    none(
        &crit(&body.replace("requirements: {read_write_ratio: RATIO}\n", "").replace("ACCESS", "read")),
        "missing-cache",
    );
}

// ---- client-bypasses-gateway / client-to-data-store ----

#[test]
fn clients_calling_services_or_stores_directly() {
    let r = crit(
        "components:
  web: {kind: client}
  gw: {kind: gateway}
  api: {kind: service}
  fn: {kind: function}
  bucket: {kind: storage}
links:
  - {from: web, to: gw, protocol: https}
  - {from: gw, to: api, protocol: grpc}
  - {from: web, to: fn, protocol: https}
  - {from: web, to: bucket, protocol: s3}
",
    );
    let f = one(&r, "client-bypasses-gateway");
    assert_eq!(ids(f), ["web", "fn"]);
    assert_eq!(f.links.len(), 1);
    assert_eq!(f.severity, Severity::Warning);
    let f = one(&r, "client-to-data-store");
    assert_eq!(ids(f), ["web", "bucket"]);
    assert_eq!(f.severity, Severity::Error);
}

// ---- unencrypted-link ----

#[test]
fn unencrypted_links_from_outside_or_across_zones() {
    let body = "requirements: {data: DATA}
zones: {dmz: {}, core: {}}
components:
  web: {kind: client, zone: dmz}
  partner: {kind: external}
  gw: {kind: gateway, zone: dmz}
  api: {kind: service, zone: core}
  db: {kind: database, zone: core}
  log: {kind: storage}
links:
  - {from: web, to: gw, protocol: http}
  - {from: partner, to: gw, protocol: tcp, tls: true}
  - {from: gw, to: api, protocol: grpc}
  - {from: gw, to: log, protocol: tcp}
  - {from: api, to: db, protocol: sql}
  - {from: gw, to: db, protocol: sql}
";
    let r = crit(&body.replace("DATA", "[analytics]"));
    let found: Vec<Vec<&str>> = of(&r, "unencrypted-link").into_iter().map(ids).collect();
    assert_eq!(found, [vec!["gw", "db"], vec!["web", "gw"]]);
    assert!(of(&r, "unencrypted-link").iter().all(|f| f.severity == Severity::Warning));
    let r = crit(&body.replace("DATA", "[pii]"));
    assert!(of(&r, "unencrypted-link").iter().all(|f| f.severity == Severity::Error));
    assert_eq!(of(&r, "unencrypted-link").len(), 2);
}

// ---- missing-auth / no-rate-limit ----

#[test]
fn entries_behind_cdn_and_load_balancer_need_auth_and_limits() {
    let body = "components:
  web: {kind: client}
  cdn: {kind: cdn CDN}
  lb: {kind: load-balancer}
  gw: {kind: gateway GW}
  api: {kind: service}
links:
  - {from: web, to: cdn, protocol: https}
  - {from: cdn, to: lb, protocol: https}
  - {from: lb, to: gw, protocol: https LINK}
  - {from: gw, to: api, protocol: grpc}
";
    let r = crit(&body.replace(" CDN", "").replace(" GW", "").replace(" LINK", ""));
    assert_eq!(ids(one(&r, "missing-auth")), ["gw"], "api is behind the entry, not an entry");
    assert_eq!(one(&r, "missing-auth").severity, Severity::Error);
    assert_eq!(ids(one(&r, "no-rate-limit")), ["gw"]);
    assert_eq!(one(&r, "no-rate-limit").severity, Severity::Warning);
    let r = crit(&body.replace(" CDN", ", rate_limit: 100").replace(" GW", ", auth: oauth2").replace(" LINK", ""));
    none(&r, "missing-auth");
    none(&r, "no-rate-limit");
    let r = crit(&body.replace(" CDN", "").replace(" GW", ", rate_limit: true").replace(" LINK", ", auth: jwt"));
    none(&r, "missing-auth");
    none(&r, "no-rate-limit");
}

#[test]
fn one_unlimited_path_is_enough_and_public_entries_count() {
    let r = crit(
        "components:
  web: {kind: client}
  app: {kind: client}
  cdn: {kind: cdn, rate_limit: 50}
  gw: {kind: gateway, auth: jwt}
  hooks: {kind: function, public: true}
  admin: {kind: service, public: true, auth: mtls, rate_limit: 5}
links:
  - {from: web, to: cdn, protocol: https}
  - {from: cdn, to: gw, protocol: https}
  - {from: app, to: gw, protocol: https}
",
    );
    let limits: Vec<Vec<&str>> = of(&r, "no-rate-limit").into_iter().map(ids).collect();
    assert_eq!(limits, [vec!["gw"], vec!["hooks"]]);
    assert_eq!(ids(one(&r, "missing-auth")), ["hooks"]);
}

// ---- wide-fan-out ----

#[test]
fn wide_fan_out_counts_distinct_sync_service_callees() {
    let body = "components:
  agg: {kind: KIND}
  s1: {kind: service}
  s2: {kind: service}
  s3: {kind: worker}
  s4: {kind: function}
  s5: {kind: service}
links:
  - {from: agg, to: s1}
  - {from: agg, to: s1, protocol: grpc}
  - {from: agg, to: s2}
  - {from: agg, to: s3}
  - {from: agg, to: s4}
  - {from: agg, to: s5, protocol: MODE}
";
    let r = crit(&body.replace("KIND", "service").replace("MODE", "grpc"));
    let f = one(&r, "wide-fan-out");
    assert_eq!(ids(f), ["agg", "s1", "s2", "s3", "s4", "s5"]);
    assert!(f.links.is_empty(), "the contract lists the component and its callees, no links");
    none(&crit(&body.replace("KIND", "service").replace("MODE", "kafka")), "wide-fan-out");
    none(&crit(&body.replace("KIND", "gateway").replace("MODE", "grpc")), "wide-fan-out");
}

// ---- distributed-write ----

#[test]
fn distributed_write_counts_stores_but_not_caches_or_reads() {
    let body = "components:
  svc: {kind: service}
  db: {kind: database}
  cache: {kind: cache}
  other: {kind: search}
  q: {kind: stream}
links:
  - {from: svc, to: db}
  - {from: svc, to: cache}
  - {from: svc, to: other, access: read}
  - {from: svc, to: q, protocol: kafka, access: ACCESS}
";
    let r = crit(&body.replace("ACCESS", "write"));
    let f = one(&r, "distributed-write");
    assert_eq!(ids(f), ["svc", "db", "q"]);
    assert_eq!(f.patterns, ["transactional-outbox", "saga"]);
    none(&crit(&body.replace("ACCESS", "read")), "distributed-write");
}

// ---- queue-without-dlq / unconsumed-queue ----

#[test]
fn queues_consumed_without_dlq_and_queues_nobody_reads() {
    let r = crit(
        "components:
  api: {kind: service}
  pushed: {kind: queue}
  pulled: {kind: stream}
  safe: {kind: queue, dlq: true}
  dead: {kind: queue}
  quiet: {kind: queue}
  w: {kind: worker}
links:
  - {from: api, to: pushed, protocol: amqp}
  - {from: pushed, to: w, protocol: amqp}
  - {from: api, to: pulled, protocol: kafka}
  - {from: w, to: pulled, protocol: kafka, access: read}
  - {from: api, to: safe, protocol: sqs}
  - {from: safe, to: w, protocol: sqs}
  - {from: api, to: dead, protocol: amqp}
  - {from: api, to: quiet, protocol: amqp, access: read}
",
    );
    let dlq: Vec<Vec<&str>> = of(&r, "queue-without-dlq").into_iter().map(ids).collect();
    assert_eq!(dlq, [vec!["pulled"], vec!["pushed"], vec!["quiet"]]);
    assert_eq!(ids(one(&r, "unconsumed-queue")), ["dead"]);
    assert_eq!(one(&r, "unconsumed-queue").severity, Severity::Warning);
}

// ---- orphan-component / no-observability ----

#[test]
fn orphans_and_observability() {
    let body = "components:
  a: {kind: service}
  b: {kind: worker}
  c: {kind: function}
  lonely: {kind: database}
EXTRA
links:
  - {from: a, to: b}
  - {from: b, to: c}
";
    let r = crit(&body.replace("EXTRA", ""));
    assert_eq!(ids(one(&r, "orphan-component")), ["lonely"]);
    let f = one(&r, "no-observability");
    assert!(f.components.is_empty() && f.severity == Severity::Info);
    let r = crit(&body.replace("EXTRA", "  mon: {kind: monitoring}"));
    none(&r, "no-observability");
    assert_eq!(of(&r, "orphan-component").len(), 2);
    let r = crit("components:\n  a: {kind: service}\n  b: {kind: service}\nlinks:\n  - {from: a, to: b}\n");
    none(&r, "no-observability");
    none(&r, "orphan-component");
}

// ---- availability-below-slo / latency-over-budget ----

const REQUEST: &str = "requirements: {REQ}
components:
  web: {kind: client}
  gw: {kind: gateway, replicas: 2}
  api: {kind: service, latency_ms: 40}
  db: {kind: database, replicas: 2}
  q: {kind: queue, replicas: 2, latency_ms: 500}
links:
  - {from: web, to: gw, protocol: https}
  - {from: gw, to: api, protocol: grpc}
  - {from: api, to: db, protocol: sql, calls: 2}
  - {from: api, to: q, protocol: kafka}
";

#[test]
fn availability_below_slo_names_the_client_and_weakest_parts() {
    let r = crit(&REQUEST.replace("REQ", "availability_slo: 99.95"));
    let f = one(&r, "availability-below-slo");
    assert_eq!(ids(f)[..2], ["web", "api"]);
    assert_eq!(f.severity, Severity::Error);
    assert!(f.message.contains("99.95%"), "{}", f.message);
    let a = r.metrics.requests["web"].availability;
    assert!(a < 99.9 && a > 99.89, "{a}");
    none(&crit(&REQUEST.replace("REQ", "availability_slo: 99.8")), "availability-below-slo");
    none(&crit(&REQUEST.replace("REQ", "peak_rps: 10")), "availability-below-slo");
}

#[test]
fn latency_over_budget_follows_the_slowest_sync_path() {
    // gw 3 + api 40 + 2 x db 5 = 53 ms; the async queue adds nothing.
    let r = crit(&REQUEST.replace("REQ", "latency_budget_ms: 50"));
    let f = one(&r, "latency-over-budget");
    assert_eq!(ids(f), ["web", "gw", "api", "db"]);
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.message.contains("53 ms") && f.message.contains("gw 3 ms -> api 40 ms -> db 5 ms"), "{}", f.message);
    assert!((r.metrics.requests["web"].latency_ms - 53.0).abs() < 1e-9);
    none(&crit(&REQUEST.replace("REQ", "latency_budget_ms: 53")), "latency-over-budget");
}

// ---- stateful-scaled-out ----

#[test]
fn stateful_scaled_out_only_for_services_that_say_so() {
    let r = crit(
        "components:
  a: {kind: service, replicas: 2, stateful: true}
  b: {kind: service, replicas: 2}
  c: {kind: worker, stateful: true}
  db: {kind: database, replicas: 3}
links:
  - {from: a, to: b}
  - {from: b, to: c}
  - {from: c, to: db}
",
    );
    assert_eq!(ids(one(&r, "stateful-scaled-out")), ["a"]);
}

// ---- a good design ----

#[test]
fn a_good_design_has_nothing_at_warning_or_above() {
    let r = crit(
        "requirements: {peak_rps: 500, read_write_ratio: 9, availability_slo: 99.9, latency_budget_ms: 200, data: [pii]}
zones: {internet: {}, private: {}}
components:
  web: {kind: client, zone: internet}
  cdn: {kind: cdn, zone: internet, rate_limit: 100}
  gw: {kind: gateway, zone: private, replicas: 2, auth: oauth2}
  orders: {kind: service, zone: private, replicas: 3}
  cache: {kind: cache, zone: private, replicas: 2}
  db: {kind: database, zone: private, replicas: 2}
  events: {kind: queue, zone: private, replicas: 2, dlq: true}
  mailer: {kind: worker, zone: private, replicas: 2}
  mon: {kind: monitoring, zone: private}
links:
  - {from: web, to: cdn, protocol: https}
  - {from: cdn, to: gw, protocol: https}
  - {from: gw, to: orders, protocol: grpc}
  - {from: orders, to: cache, protocol: redis}
  - {from: orders, to: db, protocol: sql}
  - {from: db, to: events, protocol: amqp, access: write}
  - {from: events, to: mailer, protocol: amqp}
  - {from: mon, to: orders, protocol: http, mode: async}
",
    );
    assert_eq!(r.worst(), None, "{:#?}", r.findings);
}

// ---- no-observability ----

#[test]
fn no_observability_counts_what_runs_code_by_its_kind() {
    let r = crit(
        "components:
  web: {kind: client}
  api: {kind: service}
  orders: {kind: service}
  mailer: {kind: worker}
links:
  - {from: web, to: api}
  - {from: api, to: orders}
  - {from: orders, to: mailer, mode: async}
",
    );
    let f = one(&r, "no-observability");
    assert!(f.message.starts_with("2 services and 1 worker and no monitoring:"), "{}", f.message);
    let r = crit(
        "components:
  api: {kind: service}
  orders: {kind: service}
  metrics: {kind: monitoring}
links:
  - {from: api, to: orders}
",
    );
    none(&r, "no-observability");
}

// ---- single-point-of-failure held back for want of an SLO ----

#[test]
fn a_spof_held_back_without_an_slo_says_what_is_at_stake_first() {
    let r = crit(
        "unstated: [slo]
components:
  web: {kind: client}
  api: {kind: service}
  db: {kind: database}
links:
  - {from: web, to: api}
  - {from: api, to: db}
",
    );
    let f = one(&r, "single-point-of-failure");
    assert_eq!(f.severity, Severity::Info);
    assert!(
        f.message.starts_with("api and db each run as one instance: requests that need them fail"),
        "{}",
        f.message
    );
    assert!(f.message.contains("set `requirements.availability_slo`"), "{}", f.message);
}

// ---- rules held back for want of `access` say what is at stake ----

#[test]
fn held_back_access_findings_name_who_links_where() {
    let r = crit(
        "unstated: [access]
components:
  result: {kind: service}
  worker: {kind: worker}
  db: {kind: database, replicas: 2}
  jobs: {kind: queue, replicas: 2}
links:
  - {from: result, to: db}
  - {from: worker, to: db}
  - {from: result, to: jobs, mode: async}
",
    );
    let shared = one(&r, "shared-database");
    assert_eq!(shared.severity, Severity::Info);
    assert!(
        shared.message.starts_with("result and worker both link to db; if more than one writes it"),
        "{}",
        shared.message
    );
    assert!(shared.message.contains("set `access:` (read, write or readwrite) on them"), "{}", shared.message);
    let queue = one(&r, "unconsumed-queue");
    assert!(queue.message.starts_with("nothing is known to consume jobs; result links to it"), "{}", queue.message);
}

// ---- stale-acceptance says when the acceptance is a typo ----

#[test]
fn an_acceptance_naming_no_rule_or_no_component_says_so() {
    let r = crit(
        "components:
  web: {kind: client}
  api: {kind: service}
links:
  - {from: web, to: api}
accepted:
  - {rule: single-point-of-failur, component: api, reason: ok}
  - {rule: orphan-component, component: zz, reason: gone}
  - {rule: orphan-component, component: api, reason: fixed since}
",
    );
    let stale: Vec<&str> = of(&r, "stale-acceptance").iter().map(|f| f.message.as_str()).collect();
    assert_eq!(stale.len(), 3, "{stale:#?}");
    assert!(
        stale
            .iter()
            .any(|m| m.contains("names no rule archcrit has") && m.contains("did you mean `single-point-of-failure`?")),
        "{stale:#?}"
    );
    assert!(
        stale
            .iter()
            .any(|m| m.contains("orphan-component on zz") && m.contains("a component the design does not have")),
        "{stale:#?}"
    );
    assert!(
        stale.iter().any(|m| m.contains("orphan-component on api") && m.contains("no longer occurs")),
        "{stale:#?}"
    );
}
