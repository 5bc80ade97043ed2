//! SARIF 2.1.0 for code scanning: one result per finding, located at the
//! line where its subject component is defined in the design file, so
//! GitHub shows it inline on the YAML.

use std::collections::HashMap;

use serde_json::{Value, json};

use crate::domain::critic::report::{Report, Severity};
use crate::domain::critic::rules;

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// `uri` is the design file as the repository names it; `lines` maps
/// component ids to the 1-based line of their key (see
/// `file::component_lines`). Findings about no known component point at line 1.
pub fn sarif(report: &Report, uri: &str, lines: &HashMap<String, usize>) -> Value {
    let rule_list: Vec<_> = rules::all().collect();
    let descriptors: Vec<Value> = rule_list
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": r.id,
                "shortDescription": {"text": r.summary},
                "defaultConfiguration": {"level": level(r.severity)},
                "properties": {"family": r.family.as_str(), "patterns": r.patterns},
            })
        })
        .collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let line = f.subject().and_then(|s| lines.get(s.as_str())).copied().unwrap_or(1).max(1);
            let mut result = json!({
                "ruleId": f.rule,
                "level": level(f.severity),
                "message": {"text": f.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri},
                        "region": {"startLine": line},
                    }
                }],
                "properties": {"components": f.components, "patterns": f.patterns},
            });
            if let Some(i) = rule_list.iter().position(|r| r.id == f.rule) {
                result["ruleIndex"] = json!(i);
            }
            result
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "archcrit",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": descriptors,
            }},
            "results": results,
        }],
    })
}
