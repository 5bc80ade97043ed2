//! The diff on small designs written out in full: each test changes one
//! thing and checks the diff says exactly that.

use super::*;
use crate::file::load_str;

const BASE: &str = "archcrit: 1
name: Shop
requirements:
  peak_rps: 1200
  availability_slo: 99.9
zones:
  edge: {trust: untrusted}
components:
  web: {kind: client}
  gateway: {kind: gateway, replicas: 2, auth: oauth2, rate_limit: 100}
  orders: {kind: service, replicas: 3, capacity_rps: 400}
  billing: {kind: service, replicas: 2, label: Billing}
  orders-db: {kind: database, replicas: 2, capacity_rps: 5000}
links:
  - {from: web, to: gateway, protocol: https}
  - {from: gateway, to: orders, protocol: grpc}
  - {from: orders, to: orders-db, protocol: sql}
  - {from: orders, to: billing, protocol: grpc}
";

fn design(text: &str) -> Design {
    load_str(text, "test.yaml").unwrap()
}

fn diff(old: &str, new: &str) -> DesignDiff {
    compare(&design(old), &design(new))
}

#[test]
fn the_same_design_has_no_changes() {
    let d = diff(BASE, BASE);
    assert!(d.is_empty());
    assert!(d.findings.introduced.is_empty() && d.findings.fixed.is_empty());
    assert!(!d.findings.still_present.is_empty(), "the base design has findings: {:?}", d.findings);
    assert!(d.metrics.is_empty());
    assert_eq!(d.worst_new(), None);
}

#[test]
fn fields_change_old_to_new() {
    let new = BASE.replace("replicas: 3, capacity_rps: 400", "replicas: 4, capacity_rps: 400, tech: Rust");
    let d = diff(BASE, &new);
    assert_eq!(d.components.changed.len(), 1);
    let changed = &d.components.changed[0];
    assert_eq!(changed.subject.as_str(), "orders");
    let fields: Vec<(&str, Option<&str>, Option<&str>)> =
        changed.fields.iter().map(|f| (f.field.as_str(), f.old.as_deref(), f.new.as_deref())).collect();
    assert_eq!(fields, vec![("tech", None, Some("Rust")), ("replicas", Some("3"), Some("4"))]);
    assert!(d.components.added.is_empty() && d.components.removed.is_empty() && d.links.is_empty());
}

#[test]
fn added_and_removed_components_and_links() {
    let new = BASE
        .replace("  billing: {kind: service, replicas: 2, label: Billing}\n", "  search: {kind: search}\n")
        .replace(
            "  - {from: orders, to: billing, protocol: grpc}\n",
            "  - {from: orders, to: search, protocol: https}\n",
        );
    let d = diff(BASE, &new);
    assert_eq!(d.components.added.iter().map(|c| c.as_str()).collect::<Vec<_>>(), ["search"]);
    assert_eq!(d.components.removed.iter().map(|c| c.as_str()).collect::<Vec<_>>(), ["billing"]);
    assert!(d.components.renamed.is_empty());
    assert_eq!(d.links.added.iter().map(|l| l.to_string()).collect::<Vec<_>>(), ["orders -> search (https)"]);
    assert_eq!(d.links.removed.iter().map(|l| l.to_string()).collect::<Vec<_>>(), ["orders -> billing (grpc)"]);
}

#[test]
fn a_rename_is_not_a_removal_and_an_addition() {
    let new = BASE.replace("  billing:", "  invoicing:").replace("to: billing", "to: invoicing");
    let d = diff(BASE, &new);
    assert_eq!(d.components.renamed.len(), 1, "{:?}", d.components);
    assert_eq!((d.components.renamed[0].from.as_str(), d.components.renamed[0].to.as_str()), ("billing", "invoicing"));
    assert!(d.components.added.is_empty() && d.components.removed.is_empty() && d.components.changed.is_empty());
    assert!(d.links.is_empty(), "the renamed component's links follow it: {:?}", d.links);
    // Its findings follow it too: nothing introduced or fixed.
    assert!(d.findings.introduced.is_empty() && d.findings.fixed.is_empty(), "{:?}", d.findings);
    assert!(d.metrics.is_empty(), "{:?}", d.metrics);
}

#[test]
fn a_renamed_and_changed_component_is_removed_and_added() {
    let new = BASE
        .replace("  billing: {kind: service, replicas: 2,", "  invoicing: {kind: service, replicas: 3,")
        .replace("to: billing", "to: invoicing");
    let d = diff(BASE, &new);
    assert!(d.components.renamed.is_empty());
    assert_eq!(d.components.added.len(), 1);
    assert_eq!(d.components.removed.len(), 1);
}

#[test]
fn findings_are_matched_by_subject_not_message() {
    // More load changes every overloaded message's numbers, not the finding.
    let new = BASE.replace("peak_rps: 1200", "peak_rps: 1300");
    let d = diff(BASE, &new);
    let old_report = critic::critique(&design(BASE));
    assert!(old_report.findings.iter().any(|f| f.rule == "overloaded"), "{:?}", old_report.findings);
    assert!(d.findings.introduced.is_empty(), "{:?}", d.findings.introduced);
    assert!(d.findings.fixed.is_empty());
    assert_eq!(d.requirements.len(), 1);
    assert!(d.metrics.iter().any(|m| m.metric == "utilization" && m.subject == "orders"), "{:?}", d.metrics);
}

#[test]
fn introduced_and_fixed_findings_gate_on_severity() {
    // Fixing the overload (more capacity) and removing the gateway's auth.
    let new =
        BASE.replace("replicas: 3, capacity_rps: 400", "replicas: 3, capacity_rps: 1000").replace("auth: oauth2, ", "");
    let d = diff(BASE, &new);
    assert!(d.findings.fixed.iter().any(|f| f.rule == "overloaded"), "{:?}", d.findings.fixed);
    assert!(d.findings.introduced.iter().any(|f| f.rule == "missing-auth"), "{:?}", d.findings.introduced);
    assert_eq!(d.worst_new(), Some(Severity::Error));
    // The reverse change fixes what this one introduced.
    let back = diff(&new, BASE);
    assert!(back.findings.fixed.iter().any(|f| f.rule == "missing-auth"));
    assert!(back.findings.introduced.iter().any(|f| f.rule == "overloaded"));
}

#[test]
fn zones_requirements_and_accepted_entries() {
    let new = BASE.replace("edge: {trust: untrusted}", "edge: {trust: trusted}\n  core: {trust: trusted}").replace(
        "links:",
        "accepted:\n  - {rule: single-point-of-failure, component: orders-db, reason: managed by the cloud}\nlinks:",
    );
    let d = diff(BASE, &new);
    assert_eq!(d.zones.added, ["core"]);
    assert_eq!(d.zones.changed[0].subject, "edge");
    assert_eq!(d.zones.changed[0].fields[0].new.as_deref(), Some("trusted"));
    assert_eq!(d.accepted.added.len(), 1);
    assert_eq!(d.accepted.added[0].to_string(), "single-point-of-failure on orders-db");
}

#[test]
fn control_characters_never_reach_the_terminal_or_the_markdown() {
    let new = BASE.replace("label: Billing", "label: \"Bil\\e[2Jling</details>|x\"");
    let d = diff(BASE, &new);
    let text = render::text(&d, false);
    assert!(!text.contains('\x1b'), "{text:?}");
    assert!(text.contains("Bil\\e[2Jling"), "shown as a visible escape: {text}");
    let md = render::markdown(&d);
    assert!(!md.contains('\x1b'));
    assert!(md.contains("&lt;/details&gt;\\|x"), "{md}");
}

#[test]
fn large_designs_diff_with_their_renames() {
    let old = crate::synth::generate(2_000, 3);
    let mut new = old.clone();
    let id = new.ids().nth(500).cloned().unwrap();
    new.apply(crate::model::Edit::RenameComponent { from: id.clone(), to: ComponentId::new("renamed-one").unwrap() })
        .unwrap();
    let d = compare(&old, &new);
    assert_eq!(d.components.renamed, [Rename { from: id, to: ComponentId::new("renamed-one").unwrap() }]);
    assert!(d.links.is_empty() && d.findings.introduced.is_empty() && d.findings.fixed.is_empty());
}

#[test]
fn a_big_change_fits_in_a_pull_request_comment() {
    // Two different estates with the same ids: thousands of changes.
    let d = compare(&crate::synth::generate(3_000, 3), &crate::synth::generate(3_000, 4));
    assert!(d.components.changed.len() > 500 && d.findings.still_present.len() > 500, "{}", render::summary(&d));
    let md = render::markdown(&d);
    assert!(md.len() < 65_536, "GitHub's comment limit: {} characters", md.len());
    assert!(md.contains("more (`--format json` lists every one)"));
}

const FLOWS: &str = "flows:
  checkout: {from: web, via: [gateway, orders, orders-db], latency_budget_ms: 300}
  bill: {from: web, via: [gateway, orders, billing]}
";

#[test]
fn flows_added_removed_and_changed() {
    let old = format!("{BASE}{FLOWS}");
    let new = format!(
        "{BASE}{}",
        FLOWS.replace("latency_budget_ms: 300", "latency_budget_ms: 250").replace(
            "  bill: {from: web, via: [gateway, orders, billing]}\n",
            "  browse: {from: web, via: [gateway]}\n"
        )
    );
    let d = diff(&old, &new);
    assert_eq!(d.flows.added, ["browse"]);
    assert_eq!(d.flows.removed, ["bill"]);
    assert_eq!(d.flows.changed.len(), 1);
    let f = &d.flows.changed[0];
    assert_eq!(f.subject, "checkout");
    let fields: Vec<(&str, Option<&str>, Option<&str>)> =
        f.fields.iter().map(|f| (f.field.as_str(), f.old.as_deref(), f.new.as_deref())).collect();
    assert_eq!(fields, [("latency_budget_ms", Some("300"), Some("250"))]);
    assert!(!d.is_empty());
}

#[test]
fn a_renamed_component_leaves_its_flows_unchanged() {
    let old = format!("{BASE}{FLOWS}");
    let new = old.replace("  billing:", "  invoicing:").replace("billing", "invoicing");
    let d = diff(&old, &new);
    assert_eq!(d.components.renamed.len(), 1, "{:?}", d.components);
    assert!(d.flows.is_empty(), "{:?}", d.flows);
}

#[test]
fn a_renamed_client_keeps_its_implicit_flow() {
    let new = BASE.replace("  web: {kind: client}", "  browser: {kind: client}").replace("from: web", "from: browser");
    let d = diff(BASE, &new);
    assert_eq!(d.components.renamed.len(), 1, "{:?}", d.components);
    assert!(d.metrics.is_empty(), "the implicit flow `web` is now `browser`: {:?}", d.metrics);
}

#[test]
fn flow_latency_p99_availability_and_headroom_move() {
    let old = format!("{BASE}{FLOWS}");
    let new = old
        .replace(
            "orders-db: {kind: database, replicas: 2, capacity_rps: 5000}",
            "orders-db: {kind: database, replicas: 2, capacity_rps: 5000, latency_ms: 40, availability: 99.5}",
        )
        .replace("replicas: 3, capacity_rps: 400", "replicas: 6, capacity_rps: 400");
    let d = diff(&old, &new);
    let flow: Vec<(&str, &str)> =
        d.metrics.iter().filter(|m| m.group == "flow").map(|m| (m.subject.as_str(), m.metric)).collect();
    for metric in ["latency_ms", "p99_ms", "availability"] {
        assert!(flow.contains(&("checkout", metric)), "{metric}: {:?}", d.metrics);
    }
    let headroom = d.metrics.iter().find(|m| m.group == "design" && m.metric == "headroom");
    let headroom = headroom.unwrap_or_else(|| panic!("no headroom delta: {:?}", d.metrics));
    assert!(headroom.change().unwrap() > 0.0, "more orders replicas, more headroom: {headroom:?}");
    assert_eq!(render::metric_value("headroom", Some(1.7)), "1.7x");
}

#[test]
fn a_finding_made_worse_is_counted_once_with_the_new_ones() {
    // One replica of the database: a warning at a 99.5% SLO, an error at 99.9%.
    let old = BASE
        .replace("orders-db: {kind: database, replicas: 2", "orders-db: {kind: database, replicas: 1")
        .replace("availability_slo: 99.9", "availability_slo: 99.5");
    let new = old.replace("availability_slo: 99.5", "availability_slo: 99.9");
    let d = diff(&old, &new);
    let worse: Vec<_> = d.findings.still_present.iter().filter(|s| s.worsened()).collect();
    assert!(worse.iter().any(|s| s.finding.rule == "single-point-of-failure"), "{:?}", d.findings);
    let unchanged = d.findings.unchanged().count();
    assert_eq!(unchanged + worse.len(), d.findings.still_present.len());
    let summary = super::render::summary(&d);
    assert!(summary.contains(&format!("{unchanged} still present")), "{summary}");
    let md = super::render::markdown(&d);
    let still = md.split("Findings still present").nth(1).unwrap_or("");
    assert!(!still.contains("single-point-of-failure"), "listed as new and as still present:\n{md}");
}
