//! The design-file contract, rule by rule: every form a valid file may take
//! loads with the meaning the format gives it (defaults included), and
//! every invalid case the format names is refused at its line with words a
//! person can act on. The format's own example lives in tests/fixtures.

use archcrit_core::file::{load_str, to_yaml, yaml};
use archcrit_core::model::{
    Access, Auth, Component, ComponentField, ComponentId, Consistency, Design, Edit, FieldValue, Kind, Link, Mode,
    RateLimit,
};

const EXAMPLE: &str = include_str!("fixtures/format-example.yaml");
const HEAD: &str = "archcrit: 1\nname: x\n";

fn load(text: &str) -> Design {
    match load_str(text, "ok.yaml") {
        Ok(d) => d,
        Err(e) => panic!("expected this to load, got {e}\n---\n{text}"),
    }
}

/// Refused, at `line`, with every one of `words` in the message.
fn assert_err(text: &str, line: usize, words: &[&str]) {
    let e = match load_str(text, "bad.yaml") {
        Ok(_) => panic!("expected an error for:\n{text}"),
        Err(e) => e,
    };
    let shown = e.to_string();
    assert_eq!(e.line, Some(line), "wrong line in `{shown}` for:\n{text}");
    assert!(shown.starts_with(&format!("bad.yaml:{line}:")), "{shown}");
    for w in words {
        assert!(shown.contains(w), "`{w}` missing from: {shown}");
    }
}

/// One component with `fields` (block style, four spaces in).
fn one(kind: &str, fields: &str) -> String {
    format!("{HEAD}components:\n  a:\n    kind: {kind}\n{fields}")
}

fn link<'d>(d: &'d Design, from: &str, to: &str) -> &'d Link {
    d.outgoing(from).into_iter().find(|l| l.to.as_str() == to).unwrap_or_else(|| panic!("no link {from} -> {to}"))
}

fn comp<'d>(d: &'d Design, id: &str) -> &'d Component {
    d.component(id).unwrap_or_else(|| panic!("no component {id}"))
}

// ---- the example -------------------------------------------------------

#[test]
fn the_example_loads_with_exactly_its_meaning() {
    let d = load(EXAMPLE);
    assert_eq!(d.name(), "Online shop");
    assert_eq!(d.description(), Some("Checkout path of the web shop"));
    let r = d.requirements();
    assert_eq!(
        (r.peak_rps, r.read_write_ratio, r.availability_slo, r.latency_budget_ms),
        (Some(1200.0), Some(9.0), Some(99.95), Some(300.0))
    );
    assert_eq!(r.consistency, Some(Consistency::Strong));
    assert_eq!(r.data, ["pii", "payments"]);
    let zones: Vec<(&str, Option<&str>)> = d.zones().iter().map(|(n, z)| (n.as_str(), z.trust.as_deref())).collect();
    assert_eq!(zones, [("internet", Some("untrusted")), ("private", Some("trusted"))]);

    let web = comp(&d, "web");
    assert_eq!(
        (web.kind, web.display_label(), web.zone.as_deref(), web.rps),
        (Kind::Client, "Web browser", Some("internet"), Some(1000.0))
    );
    let gw = comp(&d, "gateway");
    assert_eq!((gw.auth, gw.rate_limit, gw.replicas), (Some(Auth::OAuth2), Some(RateLimit::PerSecond(500.0)), Some(2)));
    assert_eq!(gw.display_label(), "gateway", "the label defaults to the id");
    let orders = comp(&d, "orders");
    assert_eq!(orders.tech.as_deref(), Some("Rust/axum"));
    assert_eq!(
        (orders.replicas, orders.capacity_rps, orders.latency_ms, orders.availability, orders.stateful, orders.at),
        (Some(3), Some(400.0), Some(12.0), Some(99.9), Some(false), Some((30, 8)))
    );
    assert_eq!(comp(&d, "orders-cache").hit_ratio, Some(0.85));
    assert_eq!(comp(&d, "orders-db").tech.as_deref(), Some("PostgreSQL"));
    assert_eq!(comp(&d, "events").dlq, Some(true));
    assert_eq!(comp(&d, "mailer").kind, Kind::Worker);
    assert!(d.accepted().is_empty());

    // Defaults the example relies on.
    assert!(comp(&d, "orders-db").effective_stateful());
    assert!(comp(&d, "events").effective_stateful());
    assert!(!comp(&d, "mailer").effective_stateful());
    assert_eq!(comp(&d, "mailer").effective_replicas(), 1);
    assert_eq!(comp(&d, "web").effective_replicas(), 1);

    let l = link(&d, "web", "gateway");
    assert_eq!(
        (l.effective_mode(), l.effective_tls(), l.effective_calls(), l.effective_access()),
        (Mode::Sync, true, 1.0, Access::ReadWrite)
    );
    let l = link(&d, "gateway", "orders");
    assert_eq!((l.auth, l.effective_tls(), l.effective_mode()), (Some(Auth::Jwt), true, Mode::Sync));
    assert!(!link(&d, "orders", "orders-cache").effective_tls());
    let l = link(&d, "orders", "orders-db");
    assert_eq!((l.calls, l.access, l.effective_tls()), (Some(2.0), Some(Access::ReadWrite), false));
    assert_eq!(link(&d, "orders", "events").effective_mode(), Mode::Async);
    assert_eq!(link(&d, "events", "mailer").effective_mode(), Mode::Async);
    let order: Vec<String> = d.links().map(|l| format!("{}>{}", l.from, l.to)).collect();
    assert_eq!(
        order,
        ["web>gateway", "gateway>orders", "orders>orders-cache", "orders>orders-db", "orders>events", "events>mailer"]
    );
}

#[test]
fn the_acceptance_example_of_the_critic_rules_loads() {
    let text = format!(
        "{HEAD}components:\n  orders-db: {{kind: database}}\naccepted:\n  - {{rule: single-point-of-failure, component: orders-db, reason: \"managed DB with automatic failover\"}}\n  - {{rule: no-observability, reason: design-level finding}}\n"
    );
    let d = load(&text);
    let a = &d.accepted()[0];
    assert_eq!(
        (a.rule.as_str(), a.component.as_ref().map(|c| c.as_str()), a.reason.as_str()),
        ("single-point-of-failure", Some("orders-db"), "managed DB with automatic failover")
    );
    assert_eq!(d.accepted()[1].component, None, "`component` may be omitted");
    // A suppression may name a component that is gone: the critic reports it as stale.
    load(&format!("{HEAD}accepted:\n  - {{rule: overloaded, component: ghost, reason: later}}\n"));
}

#[test]
fn the_example_in_docs_format_loads() {
    let doc = include_str!("../docs/format.md");
    let start = doc.find("```yaml\n").unwrap() + "```yaml\n".len();
    let end = start + doc[start..].find("```").unwrap();
    let d = load(&doc[start..end]);
    assert_eq!(d.name(), "Online shop");
}

// ---- defaults -----------------------------------------------------------

#[test]
fn a_component_with_only_its_kind_takes_the_defaults() {
    let stateful_kinds = ["database", "cache", "queue", "stream", "storage", "search"];
    for kind in Kind::ALL {
        let d = load(&format!("{HEAD}components:\n  a: {{kind: {kind}}}\n"));
        let c = comp(&d, "a");
        assert_eq!(c.kind, kind);
        assert_eq!(c.display_label(), "a");
        assert_eq!(c.effective_replicas(), 1, "{kind}");
        assert_eq!(c.effective_stateful(), stateful_kinds.contains(&kind.as_str()), "{kind}");
        assert_eq!(c.effective_capacity_rps(), kind.defaults().capacity_rps, "{kind}");
        assert_eq!(c.effective_latency_ms(), kind.defaults().latency_ms, "{kind}");
        assert_eq!(c.effective_availability(), kind.defaults().availability, "{kind}");
        assert!(!c.has_auth(), "auth defaults to none");
        assert_eq!((c.rate_limit, c.dlq, c.public, c.at, c.rps), (None, None, None, None, None));
        // Saving invents nothing.
        assert_eq!(to_yaml(&d), format!("{HEAD}components:\n  a:\n    kind: {kind}\n"));
    }
    assert_eq!(comp(&load(&one("cache", "")), "a").effective_hit_ratio(), 0.8);
}

#[test]
fn explicit_values_override_the_defaults() {
    let d = load(&one("database", "    stateful: false\n    replicas: 3\n    availability: 99.5\n"));
    let c = comp(&d, "a");
    assert!(!c.effective_stateful());
    assert_eq!((c.effective_replicas(), c.effective_availability()), (3, 99.5));
    let d = load(&one("service", "    stateful: true\n    auth: none\n"));
    assert!(comp(&d, "a").effective_stateful());
    assert_eq!(comp(&d, "a").auth, Some(Auth::None), "written `none` is kept");
    assert!(to_yaml(&d).contains("auth: none"));
}

#[test]
fn link_defaults_follow_the_protocol() {
    let tls_on = ["https", "grpc", "graphql", "websocket", "sqs", "s3"];
    let tls_off = ["http", "tcp", "sql", "redis", "amqp", "kafka", "my-own-protocol"];
    let asynchronous = ["amqp", "kafka", "sqs"];
    let mut text = format!("{HEAD}components:\n  a: {{kind: service}}\n  b: {{kind: service}}\nlinks:\n");
    for p in tls_on.iter().chain(&tls_off) {
        text.push_str(&format!("  - {{from: a, to: b, protocol: {p}}}\n"));
    }
    text.push_str("  - {from: b, to: a}\n");
    let d = load(&text);
    for l in d.links() {
        let p = l.protocol.as_deref();
        let name = p.unwrap_or("(none)");
        assert_eq!(l.effective_tls(), p.is_some_and(|p| tls_on.contains(&p)), "tls of {name}");
        let expected = if p.is_some_and(|p| asynchronous.contains(&p)) { Mode::Async } else { Mode::Sync };
        assert_eq!(l.effective_mode(), expected, "mode of {name}");
        assert_eq!((l.effective_calls(), l.effective_access()), (1.0, Access::ReadWrite));
        assert!(!l.has_auth());
    }
    assert_eq!(d.link_count(), 14);
    // Protocol words are matched without regard to case.
    let d = load(&format!(
        "{HEAD}components:\n  a: {{kind: service}}\n  b: {{kind: queue}}\nlinks:\n  - {{from: a, to: b, protocol: KAFKA}}\n  - {{from: b, to: a, protocol: HTTPS}}\n"
    ));
    assert_eq!(link(&d, "a", "b").effective_mode(), Mode::Async);
    assert!(link(&d, "b", "a").effective_tls());
}

#[test]
fn explicit_link_fields_override_the_protocol_defaults() {
    let d = load(&format!(
        "{HEAD}components:\n  a: {{kind: service}}\n  b: {{kind: service}}\n  q: {{kind: queue}}\nlinks:\n  - {{from: a, to: b, protocol: https, tls: false, mode: async, calls: 0.25, access: read, auth: mtls, label: lookups}}\n  - {{from: a, to: q, protocol: kafka, mode: sync, tls: true, access: write}}\n"
    ));
    let l = link(&d, "a", "b");
    assert_eq!((l.effective_tls(), l.effective_mode(), l.effective_calls()), (false, Mode::Async, 0.25));
    assert_eq!((l.access, l.auth, l.label.as_deref()), (Some(Access::Read), Some(Auth::Mtls), Some("lookups")));
    let l = link(&d, "a", "q");
    assert_eq!((l.effective_tls(), l.effective_mode(), l.access), (true, Mode::Sync, Some(Access::Write)));
}

// ---- shapes and spellings ----------------------------------------------

#[test]
fn flow_and_block_styles_quoting_and_number_spellings_mean_the_same() {
    let block = format!(
        "{HEAD}components:\n  web:\n    kind: client\n    rps: 10\n  api:\n    kind: service\n    replicas: 3\n    capacity_rps: 400\n    at: [30, 8]\nlinks:\n  - from: web\n    to: api\n    protocol: https\n    calls: 2\n"
    );
    let flow = format!(
        "{HEAD}components: {{web: {{kind: client, rps: 10.0}}, api: {{kind: service, replicas: 3.0, capacity_rps: 4e2, at: [30.0, 8]}}}}\nlinks: [{{from: web, to: api, protocol: https, calls: 2.0}}]\n"
    );
    let quoted = "\"archcrit\": 1\n'name': \"x\"\ncomponents:\n  \"web\": {'kind': \"client\", rps: 10}\n  'api':\n    kind: 'service'\n    replicas: 3\n    capacity_rps: 400\n    at:\n      - 30\n      - 8\nlinks:\n  - {\"from\": 'web', to: \"api\", protocol: 'https', calls: 2}\n";
    let expected = load(&block);
    assert_eq!(load(&flow), expected);
    assert_eq!(load(quoted), expected);
    // Keys in any order: `links:` before `components:`, `kind` last.
    let reordered = "links:\n  - {calls: 2, protocol: https, to: api, from: web}\ncomponents:\n  web: {rps: 10, kind: client}\n  api: {at: [30, 8], capacity_rps: 400, replicas: 3, kind: service}\nname: x\narchcrit: 1\n";
    assert_eq!(load(reordered), expected);
}

#[test]
fn anchors_and_aliases_stand_for_their_value() {
    let d = load(&format!(
        "{HEAD}x-defaults: &svc {{kind: service, replicas: 2}}\ncomponents:\n  a: *svc\n  b: *svc\n  c:\n    kind: &k worker\n    tech: *k\n"
    ));
    assert_eq!((comp(&d, "a").kind, comp(&d, "a").replicas), (Kind::Service, Some(2)));
    assert_eq!(comp(&d, "b").replicas, Some(2));
    assert_eq!(comp(&d, "c").tech.as_deref(), Some("worker"));
}

#[test]
fn merge_keys_are_refused_with_advice() {
    assert_err(
        &format!("{HEAD}x-base: &b {{kind: service}}\ncomponents:\n  a:\n    <<: *b\n    tech: go\n"),
        6,
        &["`<<`", "YAML 1.2", "write the fields out"],
    );
}

#[test]
fn empty_and_null_sections_mean_none() {
    for sections in [
        "zones: {}\ncomponents: {}\nlinks: []\naccepted: []\nrequirements: {}\n",
        "zones:\ncomponents:\nlinks:\naccepted:\nrequirements:\n",
        "zones: ~\ncomponents: null\nlinks: ~\naccepted: null\n",
        "components: []\nzones: []\nlinks: {}\naccepted: {}\n",
    ] {
        let d = load(&format!("{HEAD}{sections}"));
        assert_eq!((d.component_count(), d.link_count(), d.accepted().len(), d.zones().len()), (0, 0, 0, 0));
        assert_eq!(d.requirements(), &Default::default());
    }
    let d = load(&format!("{HEAD}requirements:\n  data: []\n"));
    assert!(d.requirements().data.is_empty());
    // An empty zone is a zone.
    let d = load(&format!("{HEAD}zones:\n  dmz:\n  lan: {{}}\n"));
    assert_eq!(d.zones().len(), 2);
}

#[test]
fn a_non_empty_section_of_the_wrong_shape_is_refused() {
    assert_err(&format!("{HEAD}components:\n  - id: a\n    kind: service\n"), 4, &["mapping keyed by id"]);
    assert_err(&format!("{HEAD}links:\n  from: a\n  to: b\n"), 4, &["`links` is a list"]);
    assert_err(&format!("{HEAD}zones:\n  - dmz\n"), 4, &["`zones` is a mapping"]);
    assert_err(&format!("{HEAD}components:\n  a: service\n"), 4, &["component `a`", "`a: {kind: service}`"]);
}

#[test]
fn unicode_text_loads_and_survives_saving() {
    let d = load(
        "archcrit: 1\nname: Boutique en ligne — été\ndescription: \"注文 → 🚀\"\ncomponents:\n  a:\n    kind: service\n    label: 注文サービス 🚀\n    notes: \"שירות הזמנות\"\n    tech: e\u{301}te\u{301}\n",
    );
    assert_eq!(d.name(), "Boutique en ligne — été");
    assert_eq!(comp(&d, "a").label.as_deref(), Some("注文サービス 🚀"));
    assert_eq!(comp(&d, "a").tech.as_deref(), Some("e\u{301}te\u{301}"));
    assert_eq!(load(&to_yaml(&d)), d);
}

#[test]
fn multi_line_text_in_block_scalars_loads() {
    let d = load(&one("service", "    notes: |\n      # Heading, not a comment\n      step two\n    tech: go\n"));
    assert_eq!(comp(&d, "a").notes.as_deref(), Some("# Heading, not a comment\nstep two\n"));
    assert_eq!(load(&to_yaml(&d)), d);
}

#[test]
fn yaml_1_2_core_schema_decides_types() {
    // yes/no/on/off are text, not booleans.
    let d = load("archcrit: 1\nname: yes\ncomponents:\n  a:\n    kind: service\n    label: no\n    tech: on\n");
    assert_eq!(
        (d.name(), comp(&d, "a").label.as_deref(), comp(&d, "a").tech.as_deref()),
        ("yes", Some("no"), Some("on"))
    );
    assert_err(&one("service", "    stateful: yes\n"), 6, &["stateful", "true or false", "`yes`"]);
    // True/FALSE are booleans; 1e3, 0x10 and 0o10 are numbers.
    let d = load(&one("queue", "    stateful: False\n    dlq: TRUE\n    replicas: 0x10\n    capacity_rps: 1e3\n"));
    let c = comp(&d, "a");
    assert_eq!((c.stateful, c.dlq, c.replicas, c.capacity_rps), (Some(false), Some(true), Some(16), Some(1000.0)));
    assert_eq!(comp(&load(&one("service", "    latency_ms: 0o10\n")), "a").latency_ms, Some(8.0));
    // `1_000` is not a YAML 1.2 number.
    assert_err(&one("service", "    capacity_rps: 1_000\n"), 6, &["capacity_rps", "`1_000`"]);
}

#[test]
fn text_fields_keep_the_text_as_written() {
    let d = load(&one("service", "    tech: 3.10\n    label: 0x1F\n    zone: 007\n    notes: 1e3\n"));
    let c = comp(&d, "a");
    assert_eq!(
        (c.tech.as_deref(), c.label.as_deref(), c.zone.as_deref(), c.notes.as_deref()),
        (Some("3.10"), Some("0x1F"), Some("007"), Some("1e3"))
    );
    let again = load(&to_yaml(&d));
    assert_eq!(again, d);
    let d = load("archcrit: 1\nname: 2024\ndescription: true\n");
    assert_eq!((d.name(), d.description()), ("2024", Some("true")));
}

#[test]
fn ids_that_look_like_numbers_stay_ids_and_are_written_quoted() {
    let d = load(&format!(
        "{HEAD}components:\n  007: {{kind: client}}\n  1e3: {{kind: service}}\n  0x1f: {{kind: database}}\n  true: {{kind: cache}}\nlinks:\n  - {{from: 007, to: 1e3}}\n  - {{from: 1e3, to: 0x1f}}\n  - {{from: 1e3, to: true}}\naccepted:\n  - {{rule: single-point-of-failure, component: 0x1f, reason: r}}\n"
    ));
    let ids: Vec<&str> = d.ids().map(|i| i.as_str()).collect();
    assert_eq!(ids, ["007", "1e3", "0x1f", "true"]);
    let text = to_yaml(&d);
    assert_eq!(load(&text), d);
    // Any YAML reader sees text in every id position of the canonical form.
    let plain: yaml::Value = yaml::from_str(&text).unwrap();
    for key in plain["components"].as_mapping().unwrap().keys() {
        assert!(key.is_string(), "{key:?} in\n{text}");
    }
    for l in plain["links"].as_sequence().unwrap() {
        assert!(l["from"].is_string() && l["to"].is_string(), "{l:?}");
    }
    assert!(plain["accepted"][0]["component"].is_string());
}

#[test]
fn a_byte_order_mark_and_windows_line_endings_are_fine() {
    let d = load("\u{feff}archcrit: 1\r\nname: x\r\ncomponents:\r\n  a: {kind: service}\r\n");
    assert_eq!((d.name(), d.component_count()), ("x", 1));
    assert_err("\u{feff}archcrit: 1\r\nname: x\r\ncomponents:\r\n  a:\r\n    kind: servce\r\n", 5, &["`servce`"]);
}

// ---- components ---------------------------------------------------------

#[test]
fn unknown_kinds_name_the_line_and_every_accepted_kind() {
    let text = one("databse", "");
    assert_err(&text, 5, &["unknown kind `databse`", "did you mean `database`"]);
    let e = load_str(&text, "bad.yaml").unwrap_err().to_string();
    for kind in Kind::ALL {
        assert!(e.contains(kind.as_str()), "{kind} missing from {e}");
    }
    assert_err(&one("Service", ""), 5, &["`Service`", "did you mean `service`"]);
    assert_err(&one("5", ""), 5, &["kind", "load-balancer"]);
    assert_err(&format!("{HEAD}components:\n  a:\n    tech: go\n"), 4, &["component `a` has no `kind`"]);
    assert_err(&format!("{HEAD}components:\n  a:\n"), 4, &["component `a` has no fields"]);
}

#[test]
fn every_field_loads_on_a_kind_it_applies_to() {
    let d = load(&format!(
        "{HEAD}components:\n  web:\n    kind: client\n    label: Browser\n    tech: Chrome\n    zone: internet\n    notes: users\n    at: [0, 0]\n    replicas: 1\n    capacity_rps: 1\n    latency_ms: 0\n    availability: 100\n    stateful: false\n    public: true\n    auth: none\n    rate_limit: true\n    rps: 0\n    p99_ms: 0\n    x-team: web\n  c: {{kind: cache, hit_ratio: 0}}\n  d: {{kind: cache, hit_ratio: 1}}\n  q: {{kind: queue, dlq: false, delivery: fanout}}\n  db: {{kind: database, replication: multi-primary, shards: 2}}\n  s: {{kind: stream, dlq: true}}\n  g: {{kind: gateway, public: true, rate_limit: 0.5, auth: apikey, managed: true}}\n"
    ));
    let web = comp(&d, "web");
    // Capacity model v2 added more kind-specific fields (replication and
    // shards for stores, delivery for queues): a client has none of them.
    let kind_specific = [
        ComponentField::HitRatio,
        ComponentField::Dlq,
        ComponentField::Replication,
        ComponentField::Shards,
        ComponentField::Delivery,
    ];
    for field in ComponentField::ALL {
        // `managed` is for everything but clients; the gateway above has it.
        if !kind_specific.contains(&field) && field != ComponentField::Managed {
            assert!(web.get(field).is_some(), "{} was not read", field.as_str());
        }
    }
    assert_eq!(web.rate_limit, Some(RateLimit::Enabled));
    assert_eq!((web.public, web.rps, web.availability), (Some(true), Some(0.0), Some(100.0)));
    assert_eq!(web.extra.get("x-team"), Some(&yaml::Value::String("web".into())));
    assert_eq!((comp(&d, "c").hit_ratio, comp(&d, "d").hit_ratio), (Some(0.0), Some(1.0)));
    assert_eq!((comp(&d, "q").dlq, comp(&d, "s").dlq), (Some(false), Some(true)));
    assert_eq!(comp(&d, "g").rate_limit, Some(RateLimit::PerSecond(0.5)));
    assert_eq!(comp(&d, "db").shards, Some(2));
    assert!(comp(&d, "q").delivery.is_some() && comp(&d, "db").replication.is_some());
    assert_eq!(load(&to_yaml(&d)), d);
}

#[test]
fn each_auth_word_loads_on_components_and_links() {
    let words = [
        ("none", Auth::None),
        ("apikey", Auth::ApiKey),
        ("basic", Auth::Basic),
        ("jwt", Auth::Jwt),
        ("oauth2", Auth::OAuth2),
        ("mtls", Auth::Mtls),
    ];
    for (word, auth) in words {
        let d = load(&format!(
            "{HEAD}components:\n  a: {{kind: gateway, auth: {word}}}\n  b: {{kind: service}}\nlinks:\n  - {{from: a, to: b, auth: {word}}}\n"
        ));
        assert_eq!((comp(&d, "a").auth, link(&d, "a", "b").auth), (Some(auth), Some(auth)));
    }
    assert_err(&one("gateway", "    auth: oauth\n"), 6, &["unknown auth `oauth`", "did you mean `oauth2`", "mtls"]);
}

#[test]
fn out_of_range_and_mistyped_component_values_are_refused_at_their_line() {
    let cases: &[(&str, &str, &[&str])] = &[
        ("service", "replicas: 0", &["replicas", "whole number of at least 1"]),
        ("service", "replicas: 1.5", &["replicas", "whole number"]),
        ("service", "replicas: -2", &["replicas", "whole number"]),
        ("service", "replicas: \"3\"", &["replicas", "`3`"]),
        ("service", "replicas: 99999999999", &["replicas", "whole number"]),
        ("service", "capacity_rps: 0", &["capacity_rps", "greater than 0"]),
        ("service", "capacity_rps: -10", &["capacity_rps", "greater than 0"]),
        ("service", "capacity_rps: .inf", &["capacity_rps", "out of range"]),
        ("service", "capacity_rps: .nan", &["capacity_rps", "out of range"]),
        ("service", "capacity_rps: lots", &["capacity_rps", "`lots`"]),
        ("service", "latency_ms: -1", &["latency_ms", "0 or more"]),
        ("service", "availability: 0", &["availability", "greater than 0 and at most 100"]),
        ("service", "availability: 100.01", &["availability", "at most 100"]),
        ("service", "availability: 99.9%", &["availability", "`99.9%`"]),
        ("service", "stateful: 1", &["stateful", "true or false"]),
        ("service", "public: \"true\"", &["public", "true or false"]),
        ("gateway", "rate_limit: 0", &["rate_limit", "greater than 0"]),
        ("gateway", "rate_limit: -5", &["rate_limit", "greater than 0"]),
        ("gateway", "rate_limit: false", &["rate_limit"]),
        ("gateway", "rate_limit: fast", &["rate_limit", "a number greater than 0, or true"]),
        ("cache", "hit_ratio: -0.1", &["hit_ratio", "between 0 and 1"]),
        ("cache", "hit_ratio: 1.01", &["hit_ratio", "between 0 and 1"]),
        ("cache", "hit_ratio: 85%", &["hit_ratio"]),
        ("queue", "dlq: yes", &["dlq", "true or false"]),
        ("client", "rps: -1", &["rps", "0 or more"]),
        ("service", "at: [1]", &["at", "[column, row]"]),
        ("service", "at: [1, 2, 3]", &["at", "[column, row]"]),
        ("service", "at: [-1, 2]", &["at", "[column, row]"]),
        ("service", "at: [1.5, 2]", &["at", "whole numbers"]),
        ("service", "at: here", &["at", "[column, row]"]),
        ("service", "label: [a, b]", &["label"]),
        ("service", "tech: {a: 1}", &["tech"]),
        ("service", "label:", &["`label` has no value"]),
        ("service", "notes: ~", &["`notes` has no value"]),
        ("service", "kind: worker", &["`kind` appears twice"]),
    ];
    for (kind, field, words) in cases {
        assert_err(&one(kind, &format!("    {field}\n")), 6, words);
    }
}

#[test]
fn a_field_on_a_kind_it_does_not_apply_to_is_refused_at_its_line() {
    for kind in Kind::ALL {
        let k = kind.as_str();
        if kind != Kind::Cache {
            assert_err(&one(k, "    hit_ratio: 0.5\n"), 6, &["`hit_ratio` applies only to caches", k]);
        }
        if !matches!(kind, Kind::Queue | Kind::Stream) {
            assert_err(&one(k, "    dlq: true\n"), 6, &["`dlq` applies only to queues and streams", k]);
        }
        if kind != Kind::Client {
            assert_err(&one(k, "    rps: 10\n"), 6, &["`rps` applies only to clients", k]);
        }
    }
    // The same when the field comes before `kind`: the error names the field's line.
    assert_err(
        &format!("{HEAD}components:\n  a:\n    tech: go\n    hit_ratio: 0.5\n    kind: service\n"),
        6,
        &["`hit_ratio` applies only to caches"],
    );
    assert_err(&format!("{HEAD}components:\n  a: {{rps: 3, kind: worker}}\n"), 4, &["`rps` applies only to clients"]);
}

#[test]
fn unknown_fields_name_the_closest_known_one_everywhere() {
    assert_err(&one("service", "    replica: 3\n"), 6, &["unknown field replica: did you mean replicas?", "x-"]);
    assert_err(&one("cache", "    hitratio: 0.5\n"), 6, &["hitratio: did you mean hit_ratio?"]);
    assert_err(&format!("{HEAD}requirments: {{}}\n"), 3, &["requirments: did you mean requirements?"]);
    assert_err(&format!("{HEAD}requirements:\n  peak_rsp: 10\n"), 4, &["peak_rsp: did you mean peak_rps?"]);
    assert_err(&format!("{HEAD}zones:\n  dmz: {{trusted: no}}\n"), 4, &["trusted: did you mean trust?"]);
    assert_err(
        &format!(
            "{HEAD}components:\n  a: {{kind: client}}\n  b: {{kind: service}}\nlinks:\n  - {{from: a, to: b, protocl: http}}\n"
        ),
        7,
        &["protocl: did you mean protocol?"],
    );
    assert_err(&format!("{HEAD}accepted:\n  - {{rule: r, reasn: why}}\n"), 4, &["reasn: did you mean reason?"]);
    assert_err(&format!("{HEAD}colour: red\n"), 3, &["unknown field colour", "x-"]);
}

#[test]
fn x_fields_are_kept_verbatim_at_every_level() {
    let text = format!(
        "{HEAD}x-owner: team-a\nrequirements:\n  peak_rps: 10\n  x-source: load test 2024\nzones:\n  dmz: {{trust: untrusted, x-vlan: 12}}\ncomponents:\n  a:\n    kind: service\n    x-cost: {{monthly: 120, currency: EUR, tags: [a, 'yes', null, 1.5]}}\n  b: {{kind: database, x-empty: {{}}}}\nlinks:\n  - {{from: a, to: b, x-note: [1, two]}}\naccepted:\n  - {{rule: r, reason: why, x-ticket: OPS-1}}\n"
    );
    let d = load(&text);
    assert_eq!(d.extra().get("x-owner"), Some(&yaml::Value::String("team-a".into())));
    assert!(d.requirements().extra.contains_key("x-source"));
    assert!(d.zones()["dmz"].extra.contains_key("x-vlan"));
    assert!(comp(&d, "b").extra.contains_key("x-empty"));
    assert!(link(&d, "a", "b").extra.contains_key("x-note"));
    assert!(d.accepted()[0].extra.contains_key("x-ticket"));
    let out = to_yaml(&d);
    for kept in [
        "x-owner: team-a",
        "x-source: load test 2024",
        "x-vlan: 12",
        "x-cost: {monthly: 120, currency: EUR, tags: [a, \"yes\", null, 1.5]}",
        "x-empty: {}",
        "x-note: [1, two]",
        "x-ticket: OPS-1",
    ] {
        assert!(out.contains(kept), "`{kept}` missing from\n{out}");
    }
    assert_eq!(load(&out), d);
}

// ---- ids ----------------------------------------------------------------

#[test]
fn ids_follow_the_rule() {
    for id in ["a", "orders", "orders-db", "svc_2", "0", "9lives", "a-_-b"] {
        let d = load(&format!("{HEAD}components:\n  {id}: {{kind: service}}\n"));
        assert!(d.contains(id), "{id}");
    }
    for (id, shown) in [
        ("Orders", "`Orders`"),
        ("-a", "`-a`"),
        ("_a", "`_a`"),
        ("my.svc", "`my.svc`"),
        ("\"a b\"", "`a b`"),
        ("café", "`café`"),
        ("\"\"", "cannot be empty"),
    ] {
        assert_err(&format!("{HEAD}components:\n  {id}: {{kind: service}}\n"), 4, &[shown]);
    }
    assert_err(
        &format!("{HEAD}components:\n  a: {{kind: service}}\n  b: {{kind: service}}\n  a: {{kind: worker}}\n"),
        6,
        &["duplicate component id `a`", "unique"],
    );
}

// ---- links --------------------------------------------------------------

const TWO: &str = "archcrit: 1\nname: x\ncomponents:\n  web: {kind: client}\n  api: {kind: service}\nlinks:\n";

#[test]
fn link_endpoints_must_exist_and_differ() {
    assert_err(
        &format!("{TWO}  - {{from: web, to: apu}}\n"),
        7,
        &["`to: apu`", "does not exist", "did you mean `api`"],
    );
    assert_err(&format!("{TWO}  - from: wbe\n    to: api\n"), 7, &["`from: wbe`", "did you mean `web`"]);
    assert_err(&format!("{TWO}  - from: web\n    to: nothing-like-it\n"), 8, &["`to: nothing-like-it`"]);
    assert_err(&format!("{TWO}  - {{from: api, to: api}}\n"), 7, &["self-links are not allowed"]);
    assert_err(&format!("{TWO}  - {{to: api}}\n"), 7, &["no `from`"]);
    assert_err(&format!("{TWO}  - {{from: web}}\n"), 7, &["no `to`"]);
    assert_err(&format!("{TWO}  - {{from: Web, to: api}}\n"), 7, &["`Web` is not a valid id"]);
    assert_err(&format!("{TWO}  - web -> api\n"), 7, &["a link"]);
    // Links read before `components:` are checked just the same, at their line.
    assert_err(
        "archcrit: 1\nname: x\nlinks:\n  - from: a\n    to: c\ncomponents:\n  a: {kind: client}\n  b: {kind: service}\n",
        5,
        &["`to: c`", "does not exist"],
    );
}

#[test]
fn duplicate_links_are_refused_and_distinct_ones_are_not() {
    assert_err(
        &format!("{TWO}  - {{from: web, to: api, protocol: HTTPS}}\n  - {{from: web, to: api, protocol: https}}\n"),
        8,
        &["duplicate link web -> api"],
    );
    assert_err(&format!("{TWO}  - {{from: web, to: api}}\n  - from: web\n    to: api\n"), 8, &["duplicate link"]);
    let d = load(&format!(
        "{TWO}  - {{from: web, to: api}}\n  - {{from: web, to: api, protocol: https}}\n  - {{from: web, to: api, protocol: grpc}}\n  - {{from: api, to: web}}\n"
    ));
    assert_eq!(d.link_count(), 4);
}

#[test]
fn bad_link_values_are_refused_at_their_line() {
    let cases: &[(&str, &[&str])] = &[
        ("calls: 0", &["calls", "greater than 0"]),
        ("calls: -1", &["calls", "greater than 0"]),
        ("calls: many", &["calls", "`many`"]),
        ("mode: blocking", &["unknown mode `blocking`", "sync, async"]),
        ("access: readonly", &["unknown access `readonly`", "read, write, readwrite"]),
        ("tls: on", &["tls", "true or false"]),
        ("auth: token", &["unknown auth `token`"]),
        ("protocol: [http]", &["protocol"]),
        ("label: ~", &["`label` has no value"]),
    ];
    for (field, words) in cases {
        assert_err(&format!("{TWO}  - from: web\n    to: api\n    {field}\n"), 9, words);
    }
    for access in ["read", "write", "readwrite"] {
        let d = load(&format!("{TWO}  - {{from: web, to: api, access: {access}}}\n"));
        assert_eq!(link(&d, "web", "api").effective_access().to_string(), access);
    }
}

// ---- top level ----------------------------------------------------------

#[test]
fn the_format_version_is_required_and_checked() {
    let e = load_str("name: x\n", "bad.yaml").unwrap_err().to_string();
    assert!(e.contains("archcrit: 1") && e.starts_with("bad.yaml:1:"), "{e}");
    assert_err("archcrit: 2\nname: x\n", 1, &["format version 2", "newer", "upgrade archcrit"]);
    assert_err("name: x\narchcrit: 99\n", 2, &["format version 99", "upgrade archcrit"]);
    assert_err("archcrit: 0\nname: x\n", 1, &["version 0"]);
    assert_err("archcrit: one\nname: x\n", 1, &["not a number"]);
    assert_err("archcrit: 1.5\nname: x\n", 1, &["1.5"]);
    assert_eq!(load("archcrit: 1.0\nname: x\n").name(), "x");
}

#[test]
fn the_name_is_required_and_not_empty() {
    assert_err("archcrit: 1\ncomponents: {}\n", 1, &["no `name`"]);
    assert_err("archcrit: 1\nname: \"  \"\n", 2, &["`name` cannot be empty"]);
    assert_err("archcrit: 1\nname:\n", 2, &["`name` has no value"]);
    assert_err("archcrit: 1\nname: x\ndescription: ~\n", 3, &["`description` has no value"]);
}

#[test]
fn requirements_take_their_values_and_refuse_bad_ones() {
    let d = load(&format!(
        "{HEAD}requirements:\n  peak_rps: 0\n  read_write_ratio: 0.5\n  availability_slo: 100\n  latency_budget_ms: 0.5\n  consistency: eventual\n  data: pii\n"
    ));
    let r = d.requirements();
    assert_eq!(
        (r.peak_rps, r.read_write_ratio, r.availability_slo, r.latency_budget_ms),
        (Some(0.0), Some(0.5), Some(100.0), Some(0.5))
    );
    assert_eq!((r.consistency, r.data.as_slice()), (Some(Consistency::Eventual), ["pii".to_string()].as_slice()));
    for (field, words) in [
        ("peak_rps: -1", &["peak_rps", "0 or more"][..]),
        ("availability_slo: 0", &["availability_slo", "greater than 0"]),
        ("availability_slo: 101", &["availability_slo", "at most 100"]),
        ("latency_budget_ms: -3", &["latency_budget_ms"]),
        ("consistency: strict", &["unknown consistency `strict`", "strong, eventual"]),
        ("data: {pii: true}", &["data"]),
    ] {
        assert_err(&format!("{HEAD}requirements:\n  {field}\n"), 4, words);
    }
}

#[test]
fn duplicate_keys_are_refused_in_every_mapping() {
    assert_err("archcrit: 1\nname: x\nname: y\n", 3, &["`name` appears twice"]);
    assert_err(&format!("{HEAD}requirements: {{peak_rps: 1, peak_rps: 2}}\n"), 3, &["`peak_rps` appears twice"]);
    assert_err(&format!("{HEAD}zones:\n  dmz: {{}}\n  dmz: {{}}\n"), 5, &["duplicate zone id `dmz`"]);
    assert_err(&format!("{TWO}  - {{from: web, to: api, from: api}}\n"), 7, &["`from` appears twice"]);
}

#[test]
fn accepted_findings_need_a_rule_and_a_reason() {
    assert_err(&format!("{HEAD}accepted:\n  - {{rule: overloaded, component: a}}\n"), 4, &["needs a `reason`"]);
    assert_err(&format!("{HEAD}accepted:\n  - {{component: a, reason: r}}\n"), 4, &["needs the `rule`"]);
    assert_err(&format!("{HEAD}accepted:\n  - {{rule: overloaded, component: A, reason: r}}\n"), 4, &["`A`"]);
}

#[test]
fn more_than_one_document_is_refused_at_the_second() {
    assert_err(&format!("{HEAD}---\narchcrit: 1\nname: y\n"), 3, &["more than one YAML document"]);
}

#[test]
fn a_document_that_is_not_a_mapping_is_refused() {
    assert_err("- archcrit: 1\n", 1, &["`archcrit: 1`"]);
    assert_err("just text\n", 1, &["`archcrit: 1`"]);
}

// ---- writing ------------------------------------------------------------

#[test]
fn canonical_form_is_a_fixed_point_that_keeps_order_and_meaning() {
    let messy = "links:\n- {to: b, from: c, protocol: SQL}\n- from: a\n  to: c\ncomponents:\n  c: {kind: service, replicas: 2.0}\n  a: {kind: client, x-z: 1, rps: 5}\n  b:\n    tech: PostgreSQL\n    kind: database\nname: Messy\narchcrit: 1\nx-top: [1]\nzones: {z2: {trust: trusted}, z1: {}}\n";
    let d = load(messy);
    let once = to_yaml(&d);
    assert_eq!(load(&once), d, "meaning changed:\n{once}");
    assert_eq!(to_yaml(&load(&once)), once, "not idempotent");
    let at = |s: &str| once.find(s).unwrap_or_else(|| panic!("`{s}` missing from\n{once}"));
    assert!(at("  c:\n") < at("  a:\n") && at("  a:\n") < at("  b:\n"), "component order lost:\n{once}");
    assert!(at("from: c, to: b") < at("from: a, to: c"), "link order lost:\n{once}");
    assert!(at("  z2:") < at("  z1:"), "zone order lost:\n{once}");
    assert!(once.contains("protocol: SQL"), "the protocol is written as the user spelt it");
    assert!(once.contains("x-top: [1]") && once.contains("x-z: 1"));
}

#[test]
fn a_one_field_change_is_a_one_line_diff_and_new_components_are_appended() {
    let d = load(EXAMPLE);
    let before = to_yaml(&d);
    let mut changed = d.clone();
    changed
        .apply(Edit::SetComponent {
            id: ComponentId::new("orders").unwrap(),
            field: ComponentField::Replicas,
            value: Some(FieldValue::Count(4)),
        })
        .unwrap();
    let after = to_yaml(&changed);
    let diff: Vec<(&str, &str)> = before.lines().zip(after.lines()).filter(|(a, b)| a != b).collect();
    assert_eq!(diff, [("    replicas: 3", "    replicas: 4")]);
    assert_eq!(before.lines().count(), after.lines().count());

    changed
        .apply(Edit::AddComponent {
            component: Component::new(ComponentId::new("audit").unwrap(), Kind::Storage),
            index: None,
        })
        .unwrap();
    let ids: Vec<String> = load(&to_yaml(&changed)).ids().map(|i| i.to_string()).collect();
    assert_eq!(ids.last().map(String::as_str), Some("audit"));
    assert_eq!(&ids[..7], ["web", "gateway", "orders", "orders-cache", "orders-db", "events", "mailer"]);
}

#[test]
fn the_example_in_canonical_form_keeps_every_value() {
    let d = load(EXAMPLE);
    let text = to_yaml(&d);
    assert_eq!(load(&text), d);
    for line in [
        "  peak_rps: 1200",
        "  availability_slo: 99.95",
        "  data: [pii, payments]",
        "  internet: {trust: untrusted}",
        "    label: Web browser",
        "    rate_limit: 500",
        "    at: [30, 8]",
        "    stateful: false",
        "    hit_ratio: 0.85",
        "    dlq: true",
        "  - {from: gateway, to: orders, protocol: grpc, auth: jwt}",
        "  - {from: orders, to: orders-db, protocol: sql, calls: 2, access: readwrite}",
    ] {
        assert!(text.lines().any(|l| l == line), "`{line}` missing from\n{text}");
    }
    assert!(!text.contains('#'), "comments are not written back");
}

#[cfg(unix)]
#[test]
fn saving_replaces_the_file_atomically_keeping_its_mode_and_symlinks() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.yaml");
    std::fs::write(&real, EXAMPLE).unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
    let link = dir.path().join("design.yaml");
    std::os::unix::fs::symlink(&real, &link).unwrap();

    let d = archcrit_core::file::load_path(&link).unwrap().design;
    archcrit_core::file::save_path(&d, &link).unwrap();
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link was replaced");
    assert_eq!(std::fs::read_to_string(&real).unwrap(), to_yaml(&d));
    assert_eq!(std::fs::metadata(&real).unwrap().permissions().mode() & 0o777, 0o600);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers.len(), 2, "temporary files left behind: {leftovers:?}");
}
