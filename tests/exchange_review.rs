//! JSON export and the Markdown design review, with hand-built reports.

#[path = "exchange_support/mod.rs"]
mod support;

use archcrit_core::critic::{ComponentMetrics, Finding, Metrics, Report, RequestMetrics, Severity};
use archcrit_core::examples::example;
use archcrit_core::exchange::{Direction, json, markdown};
use archcrit_core::file::load_str;
use archcrit_core::model::ComponentId;

fn report() -> Report {
    let id = |s: &str| ComponentId::new(s).unwrap();
    let mut metrics = Metrics::default();
    metrics.components.insert(
        id("orders"),
        ComponentMetrics { load_rps: 1234.56, utilization: Some(0.823), availability: 99.9, latency_ms: 12.34 },
    );
    metrics.requests.insert(id("web"), RequestMetrics { load_rps: 1000.0, availability: 99.5, latency_ms: 80.0 });
    Report {
        design: "shop".into(),
        findings: vec![
            Finding {
                rule: "spof",
                severity: Severity::Error,
                components: vec![id("orders")],
                links: vec![],
                message: "One replica | no failover <b>now</b>".into(),
                patterns: vec!["replicate"],
            },
            Finding {
                rule: "no-cache",
                severity: Severity::Info,
                components: vec![],
                links: vec![],
                message: "Consider a cache".into(),
                patterns: vec![],
            },
        ],
        accepted: vec![],
        metrics,
        not_checked: vec![],
    }
}

#[test]
fn markdown_review_has_every_section_in_order() {
    let design = load_str(example("shop").unwrap(), "shop").unwrap();
    let md = markdown::export(&design, Some(&report()), Direction::LR);
    let order = [
        "# Online shop",
        "## Requirements",
        "| `peak_rps` |",
        "## Diagram",
        "```mermaid\nflowchart LR",
        "## Findings",
        "### Errors (1)",
        "**`spof`** on `orders`",
        "Suggested patterns: `replicate`",
        "### Notes (1)",
        "## Metrics",
        "| `orders` | 1234.6 | 82% | 99.900% | 12.3 |",
        "| `web` | 1000 |",
    ];
    let mut at = 0;
    for needle in order {
        let found = md[at..].find(needle).unwrap_or_else(|| panic!("`{needle}` missing or out of order:\n{md}"));
        at += found;
    }
    assert!(md.contains("One replica \\| no failover \\<b\\>now\\</b\\>"), "user text is escaped:\n{md}");
    assert!(!md.contains("### Warnings"), "empty severities are left out");
}

#[test]
fn markdown_shows_accepted_risks_and_the_interview() {
    let text = format!(
        "{}\naccepted:\n  - {{rule: spof, component: orders, reason: \"Fine | for now\"}}\n",
        example("shop").unwrap().replace("accepted: []\n", "")
    );
    let design = load_str(&text, "shop").unwrap_or_else(|e| panic!("{e}"));
    let md = markdown::export(&design, None, Direction::TB);
    assert!(md.contains("## Accepted risks"), "{md}");
    assert!(md.contains("| `spof` | `orders` | Fine \\| for now |"), "{md}");
    assert!(md.contains("flowchart TB"));
    assert!(md.contains("The critic was not run"));
}

#[test]
fn json_carries_the_design_in_file_form_and_the_report() {
    let design = load_str(example("shop").unwrap(), "shop").unwrap();
    let v = json::export(&design, Some(&report()));
    assert_eq!(v["archcrit_json"], 1);
    assert_eq!(v["design"]["name"], design.name());
    assert_eq!(v["design"]["components"].as_object().unwrap().len(), design.component_count());
    assert_eq!(v["design"]["links"].as_array().unwrap().len(), design.link_count());
    assert_eq!(v["report"]["findings"][0]["rule"], "spof");
    assert_eq!(json::export(&design, None)["report"], serde_json::Value::Null);
}

#[test]
fn every_example_reviews_with_the_real_critic_and_its_diagram_parses() {
    let mut cases = Vec::new();
    for (name, text) in archcrit_core::examples::EXAMPLES {
        let design = load_str(text, name).unwrap();
        let report = archcrit_core::critic::critique(&design);
        let md = markdown::export(&design, Some(&report), Direction::LR);
        assert!(md.starts_with(&format!("# {}", markdown::text(design.name()))), "{name}");
        for f in &report.findings {
            assert!(md.contains(&format!("**`{}`**", f.rule)), "{name}: finding {} missing", f.rule);
        }
        if !report.metrics.components.is_empty() {
            assert!(md.contains("## Metrics"), "{name}");
        }
        let block = md.split("```mermaid\n").nth(1).and_then(|b| b.split("```").next()).unwrap();
        cases.push(support::case_for(name, &design, block));
        let j = json::export(&design, Some(&report));
        assert_eq!(j["report"]["findings"].as_array().unwrap().len(), report.findings.len());
    }
    support::assert_all_valid(&cases);
}
