//! The report around the rules: suppressions and stale acceptances, the
//! stable sort, the JSON contract, rule filters and restyled wording.

use archcrit_core::critic::{Fact, Options, Severity, Wording, critique, critique_with, render, rules};
use archcrit_core::file::load_str;

const SHOP: &str = "archcrit: 1
name: Online shop
requirements: {peak_rps: 1200, availability_slo: 99.9}
components:
  web: {kind: client}
  gateway: {kind: gateway, replicas: 2, auth: oauth2, rate_limit: 100}
  orders: {kind: service, replicas: 3, capacity_rps: 400}
  orders-db: {kind: database, capacity_rps: 5000}
  zeta: {kind: service}
  alpha: {kind: worker}
ACCEPTED
links:
  - {from: web, to: gateway, protocol: https}
  - {from: gateway, to: orders, protocol: grpc, calls: 1.4}
  - {from: orders, to: orders-db, protocol: sql}
";

fn shop(accepted: &str) -> archcrit_core::model::Design {
    load_str(&SHOP.replace("ACCEPTED", accepted), "shop.yaml").unwrap()
}

#[test]
fn findings_are_sorted_by_severity_rule_and_subject() {
    let r = critique(&shop(""));
    let keys: Vec<(Severity, &str, Option<&str>)> =
        r.findings.iter().map(|f| (f.severity, f.rule, f.subject().map(|s| s.as_str()))).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert_eq!(
        keys,
        [
            (Severity::Error, "overloaded", Some("orders")),
            (Severity::Error, "single-point-of-failure", Some("orders-db")),
            (Severity::Info, "no-observability", None),
            (Severity::Info, "orphan-component", Some("alpha")),
            (Severity::Info, "orphan-component", Some("zeta")),
        ]
    );
}

#[test]
fn accepted_findings_leave_the_list_and_stale_ones_are_reported() {
    let r = critique(&shop(
        "accepted:
  - {rule: single-point-of-failure, component: orders-db, reason: managed DB with automatic failover}
  - {rule: no-observability, reason: tracing is the platform team's}
  - {rule: overloaded, component: gateway, reason: was hot last year}
  - {rule: orphan-component, reason: needs a component}",
    ));
    assert!(r.findings.iter().all(|f| f.rule != "single-point-of-failure" && f.rule != "no-observability"));
    let accepted: Vec<(&str, Option<&str>)> =
        r.accepted.iter().map(|a| (a.rule.as_str(), a.component.as_ref().map(|c| c.as_str()))).collect();
    assert_eq!(accepted, [("single-point-of-failure", Some("orders-db")), ("no-observability", None)]);
    assert_eq!(r.accepted[0].reason, "managed DB with automatic failover");
    let stale: Vec<_> = r.findings.iter().filter(|f| f.rule == "stale-acceptance").collect();
    assert_eq!(stale.len(), 2, "{stale:#?}");
    assert!(stale.iter().all(|f| f.severity == Severity::Info));
    assert_eq!(stale[0].components.len(), 0, "design-level acceptance: no subject");
    assert_eq!(stale[1].components[0].as_str(), "gateway");
    assert!(stale[1].message.contains("was hot last year"));
    // Accepted findings never trip a gate: the worst left is the overload.
    assert_eq!(r.worst(), Some(Severity::Error));
    assert!(r.findings.iter().any(|f| f.rule == "overloaded"));
}

#[test]
fn json_has_the_contract_shape() {
    let r = critique(&shop("accepted:\n  - {rule: single-point-of-failure, component: orders-db, reason: managed}"));
    let v: serde_json::Value = serde_json::from_str(&render::json(&r)).unwrap();
    assert_eq!(v["design"], "Online shop");
    let f = &v["findings"][0];
    assert_eq!(f["rule"], "overloaded");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["components"], serde_json::json!(["orders"]));
    assert_eq!(f["links"], serde_json::json!([]));
    assert!(f["message"].as_str().unwrap().contains("140%"));
    // Capacity model v2 suggests by cause: the gateway's `calls: 1.4` drives it.
    assert_eq!(f["patterns"], serde_json::json!(["batching", "horizontal-scaling", "queue-load-leveling"]));
    assert_eq!(
        v["accepted"],
        serde_json::json!([{"rule": "single-point-of-failure", "component": "orders-db", "reason": "managed"}])
    );
    let orders = &v["metrics"]["components"]["orders"];
    assert!((orders["load_rps"].as_f64().unwrap() - 1680.0).abs() < 1e-9);
    assert!((orders["utilization"].as_f64().unwrap() - 1.4).abs() < 1e-9);
    assert!(orders["availability"].as_f64().unwrap() > 99.9999);
    assert!(v["metrics"]["components"]["web"]["utilization"].is_null());
    let web = &v["metrics"]["requests"]["web"];
    assert_eq!(web["load_rps"].as_f64(), Some(1200.0));
    assert!(web["availability"].as_f64().unwrap() < 99.95);
    assert!(web["latency_ms"].as_f64().unwrap() > 0.0);
    // Links name their ends.
    let r = critique(&load_str("archcrit: 1\nname: x\ncomponents:\n  a: {kind: service}\n  b: {kind: service}\nlinks:\n  - {from: a, to: b}\n  - {from: b, to: a, protocol: grpc}\n", "x").unwrap());
    let v: serde_json::Value = serde_json::from_str(&render::json(&r)).unwrap();
    let cycle = v["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "sync-cycle").unwrap();
    assert_eq!(
        cycle["links"],
        serde_json::json!([{"from": "a", "to": "b"}, {"from": "b", "to": "a", "protocol": "grpc"}])
    );
}

#[test]
fn a_rule_filter_runs_only_those_rules_and_their_staleness() {
    let d = shop(
        "accepted:\n  - {rule: overloaded, component: zeta, reason: old}\n  - {rule: sync-cycle, component: zeta, reason: old}",
    );
    let only = ["overloaded".to_string()];
    let r = critique_with(&d, &Options { rules: Some(&only), wording: None });
    let rules: Vec<&str> = r.findings.iter().map(|f| f.rule).collect();
    assert_eq!(rules, ["overloaded", "stale-acceptance"]);
    assert!(r.findings[1].message.contains("overloaded on zeta"));
    assert_eq!(r.metrics.components.len(), 6, "metrics are always complete");
}

struct Terse;

impl Wording for Terse {
    fn message(&self, fact: &Fact) -> String {
        match fact {
            Fact::Overloaded { component, utilization, .. } => format!("{component}: {:.0}%", utilization * 100.0),
            _ => "noted".into(),
        }
    }
}

#[test]
fn a_persona_can_restyle_every_message() {
    let r = critique_with(&shop(""), &Options { rules: None, wording: Some(&Terse) });
    assert_eq!(r.findings[0].message, "orders: 140%");
    assert!(r.findings[1..].iter().all(|f| f.message == "noted"));
}

#[test]
fn every_rule_has_a_unique_id_and_the_registry_knows_them() {
    let ids: Vec<&str> = rules::all().map(|r| r.id).collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(ids.len(), unique.len());
    // 21 rules of version 1; four new non-capacity rules and the capacity
    // rules split-consumers and tail-latency-over-budget in version 2; and
    // stale-acceptance.
    assert_eq!(ids.len(), 28);
    assert!(rules::find("deep-sync-chain").is_some());
    assert!(rules::find("deep-sync-chains").is_none());
}
