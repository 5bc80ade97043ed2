//! The capacity rules of critic-rules.md "Version 2" and capacity-model.md:
//! causes in overload messages, per-flow judging, split consumers, tail
//! latency, and the two new transformations.

use archcrit_core::critic::patterns::transform;
use archcrit_core::critic::{Finding, Report, critique};
use archcrit_core::file::load_str;
use archcrit_core::model::{Delivery, Design};

fn design(body: &str) -> Design {
    let text = format!("archcrit: 1\nname: t\n{body}");
    load_str(&text, "t.yaml").unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn of<'a>(r: &'a Report, rule: &str) -> Vec<&'a Finding> {
    r.findings.iter().filter(|f| f.rule == rule).collect()
}

fn one<'a>(r: &'a Report, rule: &str) -> &'a Finding {
    let found = of(r, rule);
    assert_eq!(found.len(), 1, "expected one {rule}, got {:#?}", r.findings);
    found[0]
}

fn ids(f: &Finding) -> Vec<&str> {
    f.components.iter().map(|c| c.as_str()).collect()
}

#[test]
fn an_overloaded_primary_says_the_writes_land_on_it() {
    let r = critique(&design(
        "requirements: {peak_rps: 25000}
components:
  app: {kind: client}
  svc: {kind: service, replicas: 100}
  pg: {kind: database, replicas: 3, capacity_rps: 12000}
links:
  - {from: app, to: svc}
  - {from: svc, to: pg, access: write}
",
    ));
    let f = one(&r, "overloaded");
    assert_eq!(ids(f), ["pg"]);
    assert!(f.message.contains("all 25,000 writes land on the one primary: 208% of 12,000"), "{}", f.message);
    assert!(!f.patterns.contains(&"horizontal-scaling"), "more replicas add no primary: {:?}", f.patterns);
}

#[test]
fn an_overload_driven_by_many_calls_suggests_batching_and_a_cache_is_not_told_to_cache() {
    let d = design(
        "requirements: {peak_rps: 1000}
components:
  app: {kind: client}
  timeline: {kind: service, capacity_rps: 100000}
  tweets: {kind: service, capacity_rps: 1000, replicas: 10}
  cache: {kind: cache, capacity_rps: 5000}
links:
  - {from: app, to: timeline}
  - {from: timeline, to: tweets, calls: 20}
  - {from: timeline, to: cache, calls: 6}
",
    );
    let r = critique(&d);
    let over = of(&r, "overloaded");
    let tweets = over.iter().find(|f| f.components[0].as_str() == "tweets").unwrap();
    assert!(tweets.message.contains("timeline calls tweets 20 times per request: 20,000 rps"), "{}", tweets.message);
    assert_eq!(tweets.patterns[0], "batching");
    let cache = over.iter().find(|f| f.components[0].as_str() == "cache").unwrap();
    assert!(!cache.patterns.contains(&"cache-aside"), "{:?}", cache.patterns);
    // Batching sets the link's calls to 1 and notes the batch: tweets then
    // takes 1,000 rps on 10 x 1,000.
    let mut after = d.clone();
    after.apply(transform(&d, "batching", tweets).unwrap()).unwrap();
    let r = critique(&after);
    assert!(!of(&r, "overloaded").iter().any(|f| f.components[0].as_str() == "tweets"));
    let link = after.outgoing("timeline").into_iter().find(|l| l.to.as_str() == "tweets").unwrap();
    assert_eq!(link.calls, Some(1.0));
    assert!(link.label.as_deref().is_some_and(|l| l.contains("batched: 20")), "{:?}", link.label);
}

const TIMELINE: &str = "requirements: {peak_rps: 1000, availability_slo: 99.9}
components:
  user: {kind: client}
  svc: {kind: service, replicas: 3}
  db: {kind: database, replicas: 2}
  ads: {kind: external, availability: 99.5}
links:
  - {from: user, to: svc}
  - {from: svc, to: db}
  - {from: svc, to: ads}
";

#[test]
fn availability_is_judged_per_flow_and_an_external_gets_a_fallback() {
    // Without flows, every request waits for ads (version 1's reading).
    let r = critique(&design(TIMELINE));
    let f = one(&r, "availability-below-slo");
    assert_eq!(ids(f)[..2], ["user", "ads"]);
    assert_eq!(f.patterns[0], "timeout-and-fallback");
    assert!(f.message.contains("no design can beat ads' 99.5%"), "{}", f.message);
    // With flows, posting never calls ads: only the read flow is blamed.
    let r = critique(&design(&format!(
        "{TIMELINE}flows:\n  post: {{from: user, rps: 100, via: [svc, db]}}\n  read: {{from: user, rps: 900, via: [svc, db, ads]}}\n"
    )));
    let f = one(&r, "availability-below-slo");
    assert!(f.message.contains("a `read` request from user"), "{}", f.message);
    assert!(r.metrics.flows["post"].availability > 99.9);
}

#[test]
fn competing_consumers_of_different_kinds_split_the_stream() {
    let d = design(
        "components:
  shop: {kind: service}
  orders-q: {kind: queue}
  mailer: {kind: worker}
  billing: {kind: worker}
links:
  - {from: shop, to: orders-q, protocol: sqs}
  - {from: orders-q, to: mailer, protocol: sqs}
  - {from: orders-q, to: billing, protocol: sqs}
",
    );
    let r = critique(&d);
    let f = one(&r, "split-consumers");
    assert_eq!(ids(f), ["orders-q", "mailer", "billing"], "consumers in file order");
    assert_eq!(f.patterns, ["publish-subscribe"]);
    let mut after = d.clone();
    after.apply(transform(&d, "publish-subscribe", f).unwrap()).unwrap();
    assert_eq!(after.component("orders-q").unwrap().delivery, Some(Delivery::Fanout));
    assert!(of(&critique(&after), "split-consumers").is_empty());
}

#[test]
fn a_slow_tail_fails_the_p99_budget_while_the_mean_passes() {
    let body = "requirements: {latency_budget_ms: 200, p99_budget_ms: 300}
components:
  web: {kind: client}
  api: {kind: service, latency_ms: 60, p99_ms: 900}
links:
  - {from: web, to: api}
";
    let r = critique(&design(body));
    assert!(of(&r, "latency-over-budget").is_empty());
    let f = one(&r, "tail-latency-over-budget");
    assert_eq!(ids(f), ["web", "api"]);
    let p99 = r.metrics.flows["web"].p99_ms.unwrap();
    assert!((p99 - 900.0).abs() < 0.05 * 900.0, "{p99}");
    let fast = critique(&design(&body.replace("p99_ms: 900", "p99_ms: 250")));
    assert!(of(&fast, "tail-latency-over-budget").is_empty());
}

#[test]
fn missing_cache_is_silent_for_a_strongly_consistent_reader_of_its_own_writes() {
    let body = "requirements: {read_write_ratio: 9, consistency: strong}
components:
  api: {kind: service}
  db: {kind: database}
links:
  - {from: api, to: db}
";
    assert!(of(&critique(&design(body)), "missing-cache").is_empty());
    let eventual = body.replace("strong", "eventual");
    assert_eq!(of(&critique(&design(&eventual)), "missing-cache").len(), 1);
}
