//! The critic's "Version 2" changes, finding by finding: managed components,
//! missing-auth by protocol and own login, the lone component, the four new
//! rules, facts a source cannot state, and `not_checked` in every report
//! format. Each case pairs what must be said with a look-alike that must not.

use archcrit_core::critic::{Finding, Report, critique, render};
use archcrit_core::file::{load_str, to_yaml};

fn crit(body: &str) -> Report {
    let text = format!("archcrit: 1\nname: t\n{body}");
    let design = load_str(&text, "t.yaml").unwrap_or_else(|e| panic!("{e}\n{text}"));
    critique(&design)
}

fn line(f: &Finding) -> String {
    let components: Vec<&str> = f.components.iter().map(|c| c.as_str()).collect();
    format!("{} {} [{}]", f.rule, f.severity, components.join(","))
}

fn all(body: &str) -> Vec<String> {
    crit(body).findings.iter().map(line).collect()
}

fn of_rule(body: &str, rule: &str) -> Vec<String> {
    crit(body).findings.iter().filter(|f| f.rule == rule).map(line).collect()
}

#[test]
fn managed_components_are_no_single_point_of_failure() {
    let body = "requirements: {availability_slo: 99.95}
components:
  web: {kind: client}
  api: {kind: service, replicas: 2, auth: jwt, rate_limit: 5}
  q: {kind: queue, tech: SQS, dlq: true, MANAGED}
  db: {kind: database, replicas: 2}
links:
  - {from: web, to: api, protocol: https}
  - {from: api, to: q, protocol: sqs}
  - {from: api, to: db}
  - {from: q, to: db, protocol: sqs}
";
    assert_eq!(
        of_rule(&body.replace("MANAGED", "managed: false"), "single-point-of-failure"),
        ["single-point-of-failure error [q]"]
    );
    assert!(of_rule(&body.replace("MANAGED", "managed: true"), "single-point-of-failure").is_empty());
}

#[test]
fn managed_is_strict_and_round_trips() {
    let text = "archcrit: 1\nname: t\ncomponents:\n  q: {kind: queue, managed: true}\n";
    let d = load_str(text, "t.yaml").unwrap();
    assert_eq!(d.component("q").unwrap().managed, Some(true));
    assert_eq!(load_str(&to_yaml(&d), "again").unwrap(), d);
    let err = load_str("archcrit: 1\nname: t\ncomponents:\n  q: {kind: queue, managed: yes}\n", "t.yaml").unwrap_err();
    assert!(err.to_string().contains("t.yaml:4"), "{err}");
    let err =
        load_str("archcrit: 1\nname: t\ncomponents:\n  w: {kind: client, managed: true}\n", "t.yaml").unwrap_err();
    assert!(err.to_string().contains("managed"), "{err}");
}

const ENTRY: &str = "components:
  net: {kind: client}
  box: {kind: service, replicas: 2, rate_limit: 5, TECH}
links:
  - {from: net, to: box, PROTO}
";

fn entry(tech: &str, proto: &str) -> Vec<String> {
    of_rule(&ENTRY.replace("TECH", tech).replace("PROTO", proto), "missing-auth")
}

#[test]
fn missing_auth_only_for_request_protocols() {
    assert_eq!(entry("tech: Go", "protocol: https"), ["missing-auth error [box]"]);
    assert_eq!(entry("tech: Go", "protocol: grpc"), ["missing-auth error [box]"]);
    assert_eq!(entry("tech: Go", "label: unstated"), ["missing-auth error [box]"], "no protocol counts as a request");
    assert!(entry("tech: WireGuard", "protocol: udp").is_empty(), "a VPN has no request");
    assert!(entry("tech: pihole/pihole", "protocol: dns").is_empty(), "DNS has no request");
    assert!(entry("tech: itzg/minecraft-server", "label: game").is_empty(), "the catalogue says tcp");
    assert!(entry("tech: Go", "protocol: udp").is_empty(), "the links say udp");
}

#[test]
fn own_login_is_an_info_and_advice_fits_the_protocol() {
    assert_eq!(entry("tech: wordpress:6", "protocol: http"), ["missing-auth info [box]"]);
    let r = crit(&ENTRY.replace("TECH", "tech: Gitea").replace("PROTO", "protocol: https"));
    assert!(r.findings.iter().any(|f| f.message.contains("relies on its own login")));
    let grpc = crit(&ENTRY.replace("TECH", "tech: Go").replace("PROTO", "protocol: grpc"));
    assert!(grpc.findings.iter().any(|f| f.rule == "missing-auth" && f.message.contains("mTLS")));
    let ws = crit(&ENTRY.replace("TECH", "tech: Go").replace("PROTO", "protocol: websocket"));
    assert!(ws.findings.iter().any(|f| f.rule == "missing-auth" && f.message.contains("upgrade")));
}

#[test]
fn a_lone_component_is_no_orphan() {
    assert!(all("components:\n  app: {kind: service}\n").iter().all(|l| !l.starts_with("orphan")));
    assert_eq!(
        of_rule("components:\n  app: {kind: service}\n  old: {kind: worker}\n", "orphan-component"),
        ["orphan-component info [app]", "orphan-component info [old]"]
    );
}

#[test]
fn exposed_data_stores() {
    let found = of_rule(
        "components:
  web: {kind: client}
  partner: {kind: external}
  pg: {kind: database, public: true}
  hot: {kind: cache}
  files: {kind: storage}
  inner: {kind: database}
  api: {kind: service}
links:
  - {from: web, to: hot}
  - {from: partner, to: files}
  - {from: api, to: inner}
",
        "exposed-data-store",
    );
    assert_eq!(
        found,
        ["exposed-data-store error [files]", "exposed-data-store error [hot]", "exposed-data-store error [pg]"]
    );
}

#[test]
fn public_admin_consoles() {
    let found = of_rule(
        "components:
  ops: {kind: client}
  pgadmin: {kind: service, tech: dpage/pgadmin4, public: true}
  kibana: {kind: monitoring, tech: Kibana}
  grafana: {kind: monitoring, tech: grafana/grafana}
  shop: {kind: service, tech: Go, public: true}
links:
  - {from: ops, to: kibana}
",
        "public-admin-console",
    );
    assert_eq!(found, ["public-admin-console warning [kibana]", "public-admin-console warning [pgadmin]"]);
}

#[test]
fn proxy_bypass_names_the_component_and_its_front_door() {
    let found = of_rule(
        "components:
  web: {kind: client}
  proxy: {kind: load-balancer, public: true}
  app: {kind: service, public: true}
  api: {kind: service}
  back: {kind: service}
  gw: {kind: gateway}
links:
  - {from: web, to: proxy}
  - {from: proxy, to: app}
  - {from: web, to: gw}
  - {from: gw, to: api}
  - {from: web, to: api}
  - {from: proxy, to: back}
",
        "proxy-bypass",
    );
    assert_eq!(found, ["proxy-bypass warning [api,gw]", "proxy-bypass warning [app,proxy]"]);
}

#[test]
fn read_coupling_only_when_others_alone_write() {
    let found = of_rule(
        "components:
  orders: {kind: service}
  report: {kind: worker}
  odb: {kind: database}
  own: {kind: service}
  owndb: {kind: database}
  both: {kind: service}
  feed: {kind: external}
  extdb: {kind: search}
  reader: {kind: service}
links:
  - {from: orders, to: odb, access: write}
  - {from: report, to: odb, access: read}
  - {from: own, to: owndb, protocol: sql, access: read}
  - {from: own, to: owndb, protocol: tcp, access: write}
  - {from: feed, to: extdb, access: write}
  - {from: both, to: extdb, access: write}
  - {from: reader, to: extdb, access: read}
",
        "read-coupling",
    );
    assert_eq!(found, ["read-coupling warning [report,odb,orders]"]);
}

#[test]
fn unstated_facts_become_one_info_per_rule_until_stated() {
    let body = "UNSTATED
requirements: {data: [pii]}
components:
  web: {kind: client}
  a: {kind: service, replicas: 2, AUTH}
  b: {kind: service, replicas: 2}
  q: {kind: queue, replicas: 2, dlq: true}
links:
  - {from: web, to: a, protocol: http}
  - {from: web, to: b, protocol: http}
  - {from: a, to: q}
  - {from: b, to: q}
";
    let full = all(&body.replace("UNSTATED", "").replace("AUTH", "label: a"));
    assert!(full.contains(&"missing-auth error [a]".to_string()), "{full:?}");
    assert!(full.contains(&"unencrypted-link error [web,a]".to_string()), "{full:?}");
    assert!(full.contains(&"unconsumed-queue warning [q]".to_string()), "{full:?}");

    let held = all(&body.replace("UNSTATED", "unstated: [auth, rate_limit, tls, access]").replace("AUTH", "label: a"));
    assert!(
        held.iter().all(|l| !l.contains(" error ") && !l.contains(" warning ") || l.starts_with("client-bypasses")),
        "{held:?}"
    );
    for expected in [
        "missing-auth info [a,b]",
        "no-rate-limit info [a,b]",
        "unencrypted-link info [web]",
        "unconsumed-queue info [q]",
    ] {
        assert!(held.contains(&expected.to_string()), "{expected} in {held:?}");
    }
    // Stating the fact on a component brings the rule back for it.
    let stated = all(&body.replace("UNSTATED", "unstated: [auth]").replace("AUTH", "auth: none"));
    assert!(stated.contains(&"missing-auth error [a]".to_string()), "{stated:?}");
    assert!(stated.contains(&"missing-auth info [b]".to_string()), "{stated:?}");
}

#[test]
fn unstated_survives_a_save_and_typos_are_named() {
    let d = load_str("archcrit: 1\nname: t\nunstated: [tls, auth]\n", "t.yaml").unwrap();
    let saved = to_yaml(&d);
    assert!(saved.contains("unstated: [auth, tls]\n"), "{saved}");
    assert_eq!(load_str(&saved, "again").unwrap(), d);
    let err = load_str("archcrit: 1\nname: t\nunstated: [auth, rate-limit]\n", "t.yaml").unwrap_err().to_string();
    assert!(err.contains("t.yaml:3") && err.contains("did you mean `rate_limit`?"), "{err}");
}

#[test]
fn every_report_format_says_what_was_not_checked() {
    let r = crit("components:\n  web: {kind: client}\n  api: {kind: service}\nlinks:\n  - {from: web, to: api}\n");
    let text = render::text(&r, false);
    assert!(
        text.trim_end().ends_with(
            "capacity not checked: no peak_rps or client rps; availability not checked: no availability_slo; latency not checked: no latency_budget_ms"
        ),
        "{text}"
    );
    let json: serde_json::Value = serde_json::from_str(&render::json(&r)).unwrap();
    assert_eq!(json["not_checked"][0]["check"], "capacity");
    assert_eq!(json["not_checked"][1]["reason"], "no availability_slo");
    let sarif: serde_json::Value = serde_json::from_str(&render::sarif(&r, "t.yaml", &Default::default())).unwrap();
    assert_eq!(sarif["runs"][0]["properties"]["not_checked"][2]["check"], "latency");
    assert!(render::markdown(&r).contains("### Not checked\n\n- capacity: no peak_rps or client rps"));

    let checked = crit(
        "requirements: {peak_rps: 10, availability_slo: 99, latency_budget_ms: 500}\ncomponents:\n  api: {kind: service}\n",
    );
    assert!(checked.not_checked.is_empty());
    assert!(!render::text(&checked, false).contains("not checked"));
}

#[test]
fn not_checked_names_each_check_once_and_counts_flow_rates_as_load() {
    let unstated = crit(
        "unstated: [capacity, auth]\ncomponents:\n  web: {kind: client}\n  api: {kind: service}\nlinks:\n  - {from: web, to: api}\n",
    );
    let capacity: Vec<_> = unstated.not_checked.iter().filter(|n| n.check == "capacity").collect();
    assert_eq!(capacity.len(), 1, "{:?}", unstated.not_checked);
    assert!(capacity[0].reason.contains("no peak_rps") && capacity[0].reason.contains("not stated"));
    let flows = crit(
        "components:\n  web: {kind: client}\n  api: {kind: service}\nlinks:\n  - {from: web, to: api}\nflows:\n  read: {from: web, rps: 50, via: [api]}\n",
    );
    assert!(!flows.not_checked.iter().any(|n| n.check == "capacity"), "{:?}", flows.not_checked);
}
