use indexmap::IndexMap;

use super::*;
use crate::critic::{ComponentMetrics, Metrics, RequestMetrics};
use crate::model::{Component, ComponentId, Edit, Kind, Link};
use crate::persona::{Origin, discover};

fn id(s: &str) -> ComponentId {
    ComponentId::new(s).unwrap()
}

fn persona(name: &str) -> Persona {
    discover(&[]).get(name).cloned().unwrap()
}

fn shop() -> Design {
    let mut d = Design::new("Shop");
    for (name, kind) in [
        ("web", Kind::Client),
        ("gw", Kind::Gateway),
        ("orders", Kind::Service),
        ("db", Kind::Database),
        ("mon", Kind::Monitoring),
    ] {
        d.apply(Edit::AddComponent { component: Component::new(id(name), kind), index: None }).unwrap();
    }
    for (a, b, p) in [("web", "gw", "https"), ("gw", "orders", "http"), ("orders", "db", "sql")] {
        d.apply(Edit::Connect { link: Link::new(id(a), id(b)).with_protocol(p), index: None }).unwrap();
    }
    d
}

fn finding(rule: &'static str, severity: Severity, subject: &str, message: &str, patterns: &[&'static str]) -> Finding {
    Finding {
        rule,
        severity,
        components: vec![id(subject)],
        links: vec![],
        message: message.into(),
        patterns: patterns.to_vec(),
    }
}

fn report() -> Report {
    let mut components = IndexMap::new();
    components.insert(
        id("orders"),
        ComponentMetrics { load_rps: 1680.0, utilization: Some(1.4), availability: 99.9, latency_ms: 20.0 },
    );
    components.insert(
        id("db"),
        ComponentMetrics { load_rps: 1680.0, utilization: Some(0.84), availability: 99.95, latency_ms: 5.0 },
    );
    let mut requests = IndexMap::new();
    requests.insert(id("web"), RequestMetrics { load_rps: 1200.0, availability: 99.7, latency_ms: 28.0 });
    Report {
        design: "Shop".into(),
        findings: vec![
            finding(
                "missing-auth",
                Severity::Error,
                "gw",
                "gw takes requests from web without asking who they are",
                &["oauth2-jwt"],
            ),
            finding(
                "overloaded",
                Severity::Error,
                "orders",
                "orders runs at 140% of capacity at the 1,200 rps peak",
                &["horizontal-scaling", "cache-aside"],
            ),
            finding(
                "single-point-of-failure",
                Severity::Warning,
                "db",
                "db has one replica on every request path",
                &["redundancy"],
            ),
            finding(
                "unencrypted-link",
                Severity::Warning,
                "gw",
                "gw -> orders carries traffic in the clear",
                &["tls-everywhere"],
            ),
            finding("orphan-component", Severity::Info, "mon", "mon has no links", &[]),
        ],
        accepted: vec![],
        metrics: Metrics { components, requests, ..Metrics::default() },
        not_checked: vec![],
    }
}

fn first_concern(text: &str) -> &str {
    text.lines().find(|l| l.trim_start().starts_with("1. ")).unwrap_or("")
}

#[test]
fn review_has_verdict_ranked_numbers_pattern_and_likes() {
    let text = review(&persona("backend-architect"), &shop(), &report());
    assert!(text.starts_with("Backend Architect on \"Shop\"\n"), "{text}");
    assert!(
        text.contains("Verdict: not ready. 2 errors and 2 warnings; I would start with orders (overloaded)."),
        "{text}"
    );
    assert!(first_concern(&text).contains("[error] overloaded — orders"), "{text}");
    assert!(first_concern(&text).contains("(load 1,680 rps, 140% of capacity, 99.9% available)"), "{text}");
    assert!(
        text.contains(
            "What I would apply for #1 (overloaded): Horizontal scaling (`horizontal-scaling`). Add replicas"
        ),
        "{text}"
    );
    assert!(text.contains("The trade-off: Costs grow with load"), "{text}");
    assert!(text.contains("What I like:\n  - "), "{text}");
    assert!(text.contains("there is monitoring"), "{text}");
    // Infos come last, whatever the focus.
    let lines: Vec<&str> =
        text.lines().filter(|l| l.trim_start().chars().next().is_some_and(|c| c.is_ascii_digit())).collect();
    assert_eq!(lines.len(), 5);
    assert!(lines[4].contains("orphan-component"), "{lines:?}");
}

#[test]
fn each_persona_raises_its_own_priority_first() {
    let (d, r) = (shop(), report());
    let order = |n: &str| -> Vec<&'static str> { ranked(&persona(n), &r).iter().map(|f| f.rule).collect() };
    assert_eq!(
        order("backend-architect"),
        ["overloaded", "missing-auth", "single-point-of-failure", "unencrypted-link", "orphan-component"]
    );
    assert_eq!(
        order("security-reviewer"),
        ["missing-auth", "unencrypted-link", "overloaded", "single-point-of-failure", "orphan-component"]
    );
    assert_eq!(
        order("sre"),
        ["overloaded", "single-point-of-failure", "missing-auth", "unencrypted-link", "orphan-component"]
    );
    assert!(first_concern(&review(&persona("security-reviewer"), &d, &r)).contains("missing-auth"));
    let fix = |n: &str| answer(&persona(n), &d, &r, "What should I fix first?");
    assert!(
        fix("security-reviewer").starts_with("Fix this first: [error] missing-auth — gw"),
        "{}",
        fix("security-reviewer")
    );
    assert!(fix("security-reviewer").contains("After that: unencrypted-link on gw."), "{}", fix("security-reviewer"));
    assert!(fix("sre").contains("After that: single-point-of-failure on db."), "{}", fix("sre"));
}

#[test]
fn a_persona_without_focus_goes_by_severity() {
    let p = Persona::parse("---\nname: plain\ndescription: d\n---\n# Plain\nhi\n", "p.md", Origin::BuiltIn).unwrap();
    let text = review(&p, &shop(), &report());
    assert!(first_concern(&text).contains("missing-auth"), "{text}");
}

/// An imported design's "sound" is a verdict on what its source stated.
#[test]
fn a_verdict_on_an_import_says_what_its_source_could_not_state() {
    let d = crate::file::load_str(
        "archcrit: 1\nname: c\nunstated: [auth, tls]\ncomponents:\n  web: {kind: service}\n",
        "c.yaml",
    )
    .unwrap();
    let r = crate::critic::critique(&d);
    let text = review(&persona("backend-architect"), &d, &r);
    assert!(text.contains("But its source could not state authentication, TLS"), "{text}");
    let text = review(&persona("backend-architect"), &shop(), &report());
    assert!(!text.contains("could not state"), "{text}");
}

#[test]
fn a_clean_design_gets_a_clean_verdict() {
    let mut r = report();
    r.findings.clear();
    let text = review(&persona("sre"), &shop(), &r);
    assert!(text.contains("Verdict: sound. The critic found nothing"), "{text}");
    assert!(!text.contains("Top concerns"), "{text}");
    assert_eq!(
        answer(&persona("sre"), &shop(), &r, "what should I fix first?"),
        "Nothing is pressing: the critic has no findings on this design."
    );
}

#[test]
fn chat_answers_the_four_questions() {
    let (p, d, r) = (persona("backend-architect"), shop(), report());
    let why = answer(&p, &d, &r, "Why single point of failure?");
    assert!(why.starts_with("`single-point-of-failure` fires 1 time(s)"), "{why}");
    assert!(why.contains("db has one replica"), "{why}");
    assert!(why.contains("99.95% available"), "{why}");
    let about = answer(&p, &d, &r, "what about orders?");
    assert!(about.starts_with("orders is a service with 1 replica(s)."), "{about}");
    assert!(about.contains("It calls: db (sync)."), "{about}");
    assert!(about.contains("Called by: gw."), "{about}");
    assert!(about.contains("At peak: load 1,680 rps, 140% of capacity"), "{about}");
    assert!(about.contains("[error] overloaded"), "{about}");
    let explain = answer(&p, &d, &r, "explain cache-aside");
    assert!(explain.starts_with("Cache-aside (`cache-aside`)\nThe problem: "), "{explain}");
    assert!(explain.contains("\nThe trade-off: Readers may see stale data"), "{explain}");
    let quiet = answer(&p, &d, &r, "why sync-cycle?");
    assert!(quiet.starts_with("`sync-cycle` does not fire on this design. It looks for: "), "{quiet}");
    assert!(explain.contains("Here it would answer: overloaded on orders."), "{explain}");
    let help = answer(&p, &d, &r, "hello there");
    assert!(help.starts_with("I did not catch what you are after."), "{help}");
    assert!(help.contains("\"what if db goes down?\""), "{help}");
}

#[test]
fn the_voice_is_deterministic() {
    let (p, d, r) = (persona("sre"), shop(), report());
    assert_eq!(review(&p, &d, &r), review(&p, &d, &r));
    assert_eq!(answer(&p, &d, &r, "what about db"), answer(&p, &d, &r, "what about db"));
}

#[test]
fn concerns_and_answers_quote_the_catalogue_for_known_technologies_only() {
    let mut d = shop();
    let set = |d: &mut Design, c: &str, t: &str| {
        let value = Some(crate::model::FieldValue::Text(t.into()));
        d.apply(Edit::SetComponent { id: id(c), field: crate::model::ComponentField::Tech, value }).unwrap();
    };
    set(&mut d, "db", "PostgreSQL 16");
    set(&mut d, "orders", "Rust/axum");
    let r = report();
    let text = review(&persona("backend-architect"), &d, &r);
    let line = |needle: &str| text.lines().find(|l| l.contains(needle)).unwrap_or("").to_string();
    let db = line("single-point-of-failure — db");
    assert!(db.ends_with("— PostgreSQL: one process per connection: put a pooler (PgBouncer) in front of many clients; about 2,000 rps per node by default"), "{text}");
    let orders = line("overloaded — orders");
    assert!(!orders.contains(" — Rust") && !orders.contains("per node"), "{orders}");
    let about = answer(&persona("backend-architect"), &d, &r, "what about db");
    assert!(about.contains("\nPostgreSQL: one process per connection"), "{about}");
    let about = answer(&persona("backend-architect"), &d, &r, "what about orders");
    assert!(!about.contains("per node") && !about.contains("PostgreSQL"), "{about}");
}

#[test]
fn a_managed_queue_and_a_stream_are_spoken_of_as_what_they_are() {
    let mut d = shop();
    let mut jobs = Component::new(id("jobs"), Kind::Queue);
    jobs.tech = Some("SQS".into());
    jobs.managed = Some(true);
    let mut events = Component::new(id("events"), Kind::Stream);
    events.tech = Some("Apache Kafka".into());
    for c in [jobs, events] {
        let to = c.id.clone();
        d.apply(Edit::AddComponent { component: c, index: None }).unwrap();
        d.apply(Edit::Connect { link: Link::new(id("orders"), to), index: None }).unwrap();
    }
    let r = crate::critic::critique(&d);
    let p = persona("backend-architect");
    let jobs = answer(&p, &d, &r, "what about jobs?");
    assert!(
        jobs.contains(
            "Amazon SQS is managed: the provider runs its replicas and failover, so there is no replica to add"
        ),
        "{jobs}"
    );
    assert!(!jobs.contains("partitions"), "{jobs}");
    let fails = answer(&p, &d, &r, "what if jobs fails?");
    assert!(fails.contains("Amazon SQS is managed: ") && fails.contains("the provider's region has to"), "{fails}");
    let fails = answer(&p, &d, &r, "what if events fails?");
    assert!(!fails.contains("managed") && !fails.contains("region"), "{fails}");
    let events = answer(&p, &d, &r, "what about events?");
    assert!(events.contains("Apache Kafka: partitions bound consumers"), "{events}");
    assert!(!events.contains("managed"), "{events}");
}
