//! docs/rules.md and the code must not drift: the defaults table matches
//! `Kind::defaults()`, and every rule and transformable pattern is documented.

use archcrit_core::critic::{patterns, rules};
use archcrit_core::model::Kind;

fn doc() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md")).unwrap()
}

#[test]
fn the_defaults_table_is_the_code_table() {
    let doc = doc();
    for kind in Kind::ALL {
        let row = doc
            .lines()
            .find(|l| l.starts_with(&format!("| {} |", kind.as_str())))
            .unwrap_or_else(|| panic!("no row for {kind}"));
        let cells: Vec<&str> = row.split('|').map(str::trim).filter(|c| !c.is_empty()).collect();
        let d = kind.defaults();
        let capacity = if d.capacity_rps.is_finite() { format!("{}", d.capacity_rps) } else { "unlimited".into() };
        assert_eq!(cells[1], capacity, "{kind} capacity");
        assert_eq!(cells[2].parse::<f64>().unwrap(), d.latency_ms, "{kind} latency");
        assert_eq!(cells[3].parse::<f64>().unwrap(), d.availability, "{kind} availability");
    }
}

#[test]
fn every_rule_and_transformation_is_documented() {
    let doc = doc();
    for rule in rules::all() {
        assert!(doc.contains(&format!("### {} ", rule.id)), "{} has no section", rule.id);
    }
    for p in patterns::TRANSFORMABLE {
        assert!(doc.contains(&format!("`{p}`")), "{p} not mentioned");
    }
}
