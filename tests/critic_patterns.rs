//! Each mechanical pattern transformation, applied to a design that
//! triggers its finding: one undoable batch, the finding is gone afterwards,
//! nothing new appears at error, and undo restores the design exactly.

use std::collections::HashSet;

use archcrit_core::critic::patterns::{PatternError, TRANSFORMABLE, catalogue, transform};
use archcrit_core::critic::{Report, Severity, critique};
use archcrit_core::file::{load_str, to_yaml};
use archcrit_core::model::{Design, Edit};

fn load(body: &str) -> Design {
    let text = format!("archcrit: 1\nname: t\n{body}");
    load_str(&text, "t.yaml").unwrap_or_else(|e| panic!("{e}"))
}

fn errors(r: &Report) -> HashSet<(String, Option<String>)> {
    r.findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| (f.rule.to_string(), f.subject().map(|s| s.to_string())))
        .collect()
}

/// Applies `pattern` to the `rule` finding about `subject` and checks the
/// promises; returns the changed design and its report.
fn apply(body: &str, rule: &str, subject: &str, pattern: &str) -> (Design, Report) {
    let mut design = load(body);
    let before = critique(&design);
    let finding = before
        .findings
        .iter()
        .find(|f| f.rule == rule && f.subject().is_none_or(|s| s.as_str() == subject))
        .unwrap_or_else(|| panic!("no {rule} on {subject} to start from: {:#?}", before.findings))
        .clone();
    assert!(finding.patterns.contains(&pattern), "{rule} does not suggest {pattern}");
    let edit = transform(&design, pattern, &finding).unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(&edit, Edit::Batch { .. }), "one undoable step");
    let original = design.clone();
    let inverse = design.apply(edit).unwrap();
    let after = critique(&design);
    assert!(
        !after.findings.iter().any(|f| f.rule == rule && f.subject() == finding.subject()),
        "{pattern} left {rule}: {:#?}",
        after.findings
    );
    let new_errors: Vec<_> = errors(&after).difference(&errors(&before)).cloned().collect();
    assert!(new_errors.is_empty(), "{pattern} introduced errors: {new_errors:?}");
    // What the pattern wrote is a valid design file.
    load_str(&to_yaml(&design), "after.yaml").unwrap_or_else(|e| panic!("{e}\n{}", to_yaml(&design)));
    let mut undone = design.clone();
    undone.apply(inverse).unwrap();
    assert_eq!(undone, original, "undo restores the design");
    (design, after)
}

#[test]
fn redundancy_replicates_and_puts_a_load_balancer_in_front() {
    let (d, _) = apply(
        "requirements: {availability_slo: 99.9}
components:
  web: {kind: client}
  api: {kind: service, auth: jwt, rate_limit: 10}
links:
  - {from: web, to: api, protocol: https}
",
        "single-point-of-failure",
        "api",
        "redundancy",
    );
    assert_eq!(d.component("api").unwrap().replicas, Some(2));
    let lb = d.component("api-lb").expect("a load-balancer in front");
    assert_eq!(lb.replicas, Some(2));
    assert_eq!(d.incoming("api").iter().map(|l| l.from.as_str()).collect::<Vec<_>>(), ["api-lb"]);
    assert_eq!(d.outgoing("web")[0].to.as_str(), "api-lb");
}

#[test]
fn redundancy_on_a_stateful_store_only_adds_replicas() {
    let (d, _) = apply(
        "requirements: {availability_slo: 99.95}
components:
  api: {kind: service, replicas: 2}
  db: {kind: database}
links:
  - {from: api, to: db, protocol: sql}
",
        "single-point-of-failure",
        "db",
        "redundancy",
    );
    assert_eq!(d.component("db").unwrap().replicas, Some(2));
    assert_eq!(d.component_count(), 2);
}

#[test]
fn redundancy_raises_the_weakest_until_the_slo_holds() {
    let (_, after) = apply(
        "requirements: {availability_slo: 99.95}
components:
  web: {kind: client}
  gw: {kind: gateway, replicas: 2, auth: oauth2, rate_limit: true}
  a: {kind: service, replicas: 2}
  b: {kind: service, availability: 99.5}
  pay: {kind: external, availability: 99.99}
links:
  - {from: web, to: gw, protocol: https}
  - {from: gw, to: a, protocol: grpc}
  - {from: a, to: b, protocol: grpc}
  - {from: b, to: pay, protocol: https}
",
        "availability-below-slo",
        "web",
        "redundancy",
    );
    assert!(after.metrics.requests["web"].availability >= 99.95);
}

#[test]
fn cache_aside_adds_a_cache_next_to_the_reader() {
    let (d, after) = apply(
        "requirements: {read_write_ratio: 9, peak_rps: 100, availability_slo: 99.9}
zones: {private: {}}
components:
  api: {kind: service, zone: private, replicas: 2}
  db: {kind: database, zone: private, replicas: 2}
links:
  - {from: api, to: db, protocol: sql}
",
        "missing-cache",
        "api",
        "cache-aside",
    );
    let cache = d.component("db-cache").unwrap();
    assert_eq!(cache.zone.as_deref(), Some("private"));
    assert!(d.outgoing("api").iter().any(|l| l.to.as_str() == "db-cache"));
    assert!(after.metrics.components["db"].load_rps < 100.0);
}

#[test]
fn queue_load_leveling_decouples_an_overloaded_callee() {
    let (d, after) = apply(
        "requirements: {peak_rps: 1200}
components:
  web: {kind: client}
  gw: {kind: gateway, replicas: 2, auth: oauth2, rate_limit: 10}
  orders: {kind: service, replicas: 3, capacity_rps: 400}
links:
  - {from: web, to: gw, protocol: https}
  - {from: gw, to: orders, protocol: grpc, calls: 1.4}
",
        "overloaded",
        "orders",
        "queue-load-leveling",
    );
    let q = d.component("orders-queue").unwrap();
    assert_eq!(q.dlq, Some(true));
    assert!(d.incoming("orders").iter().all(|l| !l.is_sync()));
    // The same load still reaches orders, now as a backlog to work off.
    assert!((after.metrics.components["orders"].load_rps - 1680.0).abs() < 1e-6);
    assert!(after.findings.iter().any(|f| f.rule == "backlog-growth"));
}

#[test]
fn queue_load_leveling_refuses_client_callers() {
    let d = load(
        "requirements: {peak_rps: 1200}
components:
  web: {kind: client}
  orders: {kind: service}
links:
  - {from: web, to: orders, protocol: https}
",
    );
    let r = critique(&d);
    let f = r.findings.iter().find(|f| f.rule == "overloaded").unwrap();
    let err = transform(&d, "queue-load-leveling", f).unwrap_err();
    assert!(matches!(err, PatternError::DoesNotApply { .. }));
    assert!(err.to_string().contains("web"), "{err}");
}

#[test]
fn api_gateway_goes_between_clients_and_services() {
    let body = "components:
  web: {kind: client}
  app: {kind: client}
  api: {kind: service, replicas: 2}
  search: {kind: service, replicas: 2}
  bucket: {kind: storage, replicas: 2}
links:
  - {from: web, to: api, protocol: https, calls: 2}
  - {from: app, to: api, protocol: https}
  - {from: web, to: search, protocol: https}
  - {from: web, to: bucket, protocol: s3}
";
    let (d, after) = apply(body, "client-bypasses-gateway", "web", "api-gateway");
    let gw = d.component("api-gateway").unwrap();
    assert!(gw.has_auth() && gw.rate_limit.is_some());
    assert!(after.findings.iter().all(|f| f.rule != "client-bypasses-gateway"));
    assert_eq!(d.incoming("api").iter().map(|l| l.from.as_str()).collect::<Vec<_>>(), ["api-gateway"]);
    assert_eq!(d.link(&d.incoming("api")[0].key()).unwrap().calls, Some(2.0), "calls move to the gateway's link");
    let (d, _) = apply(body, "client-to-data-store", "web", "api-gateway");
    assert!(d.incoming("bucket").iter().all(|l| l.from.as_str() == "api-gateway"));
}

/// A client whose bypass was accepted (an ingestion edge, like the
/// pipeline example's SDK) keeps its direct link: the gateway added for
/// another client must not take its load and undo the team's decision.
#[test]
fn api_gateway_leaves_a_client_whose_bypass_was_accepted() {
    let body = "components:
  sdk: {kind: client, rps: 20000}
  analyst: {kind: client, rps: 20}
  collector: {kind: service, replicas: 6, capacity_rps: 5000, public: true, auth: apikey, rate_limit: 1000}
  dashboards: {kind: service, replicas: 2, auth: oauth2, rate_limit: 50}
links:
  - {from: sdk, to: collector, protocol: https}
  - {from: analyst, to: dashboards, protocol: https}
accepted:
  - {rule: client-bypasses-gateway, component: sdk, reason: the collector is the ingestion edge}
";
    let (d, after) = apply(body, "client-bypasses-gateway", "analyst", "api-gateway");
    assert_eq!(d.incoming("collector").iter().map(|l| l.from.as_str()).collect::<Vec<_>>(), ["sdk"]);
    assert_eq!(d.incoming("dashboards").iter().map(|l| l.from.as_str()).collect::<Vec<_>>(), ["api-gateway"]);
    let gw = after.metrics.components.get("api-gateway").unwrap();
    assert_eq!(gw.load_rps, 20.0, "only the analysts' requests pass the new gateway");
}

#[test]
fn rate_limiting_and_oauth2_set_the_entry_fields() {
    let body = "components:
  web: {kind: client}
  gw: {kind: gateway, replicas: 2}
  api: {kind: service, replicas: 2}
links:
  - {from: web, to: gw, protocol: https}
  - {from: gw, to: api, protocol: grpc}
";
    let (d, _) = apply(body, "no-rate-limit", "gw", "rate-limiting");
    assert!(d.component("gw").unwrap().rate_limit.is_some());
    let (d, _) = apply(body, "missing-auth", "gw", "oauth2-jwt");
    assert!(d.component("gw").unwrap().has_auth());
}

#[test]
fn tls_everywhere_encrypts_the_link() {
    let (d, _) = apply(
        "requirements: {data: [payments]}
zones: {a: {}, b: {}}
components:
  api: {kind: service, zone: a, replicas: 2}
  db: {kind: database, zone: b, replicas: 2}
links:
  - {from: api, to: db, protocol: sql}
",
        "unencrypted-link",
        "api",
        "tls-everywhere",
    );
    assert!(d.links().all(|l| l.effective_tls()));
}

#[test]
fn dead_letter_queue_sets_the_field() {
    let (d, _) = apply(
        "components:
  api: {kind: service}
  q: {kind: queue}
  w: {kind: worker}
links:
  - {from: api, to: q, protocol: sqs}
  - {from: q, to: w, protocol: sqs}
",
        "queue-without-dlq",
        "q",
        "dead-letter-queue",
    );
    assert_eq!(d.component("q").unwrap().dlq, Some(true));
}

#[test]
fn observability_adds_monitoring() {
    let (d, _) = apply(
        "components:
  a: {kind: service}
  b: {kind: service}
  c: {kind: worker}
links:
  - {from: a, to: b}
  - {from: b, to: c}
",
        "no-observability",
        "",
        "observability",
    );
    assert!(d.components().any(|c| c.kind.as_str() == "monitoring"));
}

#[test]
fn transactional_outbox_moves_publishing_to_a_relay() {
    let (d, _) = apply(
        "requirements: {availability_slo: 99.9}
zones: {core: {}, bus: {}}
components:
  orders: {kind: service, zone: core, replicas: 2}
  orders-db: {kind: database, zone: core, replicas: 2}
  events: {kind: queue, zone: bus, replicas: 2, dlq: true}
  mailer: {kind: worker, zone: bus, replicas: 2}
links:
  - {from: orders, to: orders-db, protocol: sql}
  - {from: orders, to: events, protocol: amqp, access: write}
  - {from: events, to: mailer, protocol: amqp}
",
        "distributed-write",
        "orders",
        "transactional-outbox",
    );
    let out: Vec<&str> = d.outgoing("orders").iter().map(|l| l.to.as_str()).collect();
    assert_eq!(out, ["orders-db"]);
    // Capacity model v2: the relay is fed by change data capture from the
    // database (a `cdc` link into it), so it carries the database's writes.
    let relay: Vec<&str> = d.outgoing("orders-outbox-relay").iter().map(|l| l.to.as_str()).collect();
    assert_eq!(relay, ["events"]);
    let feed = d.incoming("orders-outbox-relay");
    assert_eq!(feed.len(), 1);
    assert_eq!((feed[0].from.as_str(), feed[0].protocol.as_deref()), ("orders-db", Some("cdc")));
    assert!(d.outgoing("orders-outbox-relay").iter().all(|l| l.effective_tls()));
}

#[test]
fn patterns_without_a_mechanical_form_say_so() {
    // Two components: a lone one is no orphan (critic v2).
    let d = load("components:\n  a: {kind: service}\n  b: {kind: service}\n");
    let r = critique(&d);
    let f = &r.findings[0];
    let err = transform(&d, "saga", f).unwrap_err();
    assert_eq!(err, PatternError::NotMechanical("Saga".into()));
    assert!(err.to_string().contains("by hand"));
    assert!(matches!(transform(&d, "teleport", f), Err(PatternError::Unknown(_))));
    let err = transform(&d, "dead-letter-queue", f).unwrap_err();
    assert!(err.to_string().contains("not a queue"), "{err}");
    for id in TRANSFORMABLE {
        assert!(catalogue().get(id).unwrap().has_transformation());
    }
    assert!(!catalogue().get("saga").unwrap().has_transformation());
}
