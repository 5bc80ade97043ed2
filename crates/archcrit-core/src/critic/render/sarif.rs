//! SARIF 2.1.0 for code scanning: one result per finding, located at the
//! line where its subject component is defined in the design file, so
//! GitHub shows it inline on the YAML. Serialized straight from borrowed
//! structs: a large design has tens of thousands of results.

use std::collections::HashMap;

use serde::Serialize;

use crate::critic::report::{Report, Severity};
use crate::critic::rules::{self, RuleInfo};
use crate::model::ComponentId;

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
struct Run<'a> {
    tool: Tool,
    results: Vec<SarifResult<'a>>,
    properties: RunProperties<'a>,
}

/// What the critique could not check, as the run's property bag.
#[derive(Serialize)]
struct RunProperties<'a> {
    not_checked: &'a [crate::critic::report::NotChecked],
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
struct Driver {
    name: &'static str,
    version: &'static str,
    rules: Vec<Descriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    id: &'static str,
    name: &'static str,
    short_description: Text<&'static str>,
    default_configuration: Level,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct RuleProperties {
    family: &'static str,
    patterns: &'static [&'static str],
}

#[derive(Serialize)]
struct Level {
    level: &'static str,
}

#[derive(Serialize)]
struct Text<T> {
    text: T,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text<&'a str>,
    locations: [Location<'a>; 1],
    properties: ResultProperties<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: Physical<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Physical<'a> {
    artifact_location: Artifact<'a>,
    region: Region,
}

#[derive(Serialize)]
struct Artifact<'a> {
    uri: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
}

#[derive(Serialize)]
struct ResultProperties<'a> {
    components: &'a [ComponentId],
    patterns: &'a [&'static str],
}

/// `uri` is the design file as the repository names it; `lines` maps
/// component ids to the 1-based line of their key (see
/// `file::component_lines`). Findings about no known component point at
/// line 1. Returns the pretty-printed log with a trailing newline.
pub fn sarif(report: &Report, uri: &str, lines: &HashMap<String, usize>) -> String {
    let rule_list: Vec<RuleInfo> = rules::all().collect();
    let index: HashMap<&str, usize> = rule_list.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
    let descriptors = rule_list
        .iter()
        .map(|r| Descriptor {
            id: r.id,
            name: r.id,
            short_description: Text { text: r.summary },
            default_configuration: Level { level: level(r.severity) },
            properties: RuleProperties { family: r.family.as_str(), patterns: r.patterns },
        })
        .collect();
    let results = report
        .findings
        .iter()
        .map(|f| {
            let line = f.subject().and_then(|s| lines.get(s.as_str())).copied().unwrap_or(1).max(1);
            SarifResult {
                rule_id: f.rule,
                rule_index: index.get(f.rule).copied(),
                level: level(f.severity),
                message: Text { text: &f.message },
                locations: [Location {
                    physical_location: Physical {
                        artifact_location: Artifact { uri },
                        region: Region { start_line: line },
                    },
                }],
                properties: ResultProperties { components: &f.components, patterns: &f.patterns },
            }
        })
        .collect();
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [Run {
            tool: Tool { driver: Driver { name: "archcrit", version: env!("CARGO_PKG_VERSION"), rules: descriptors } },
            results,
            properties: RunProperties { not_checked: &report.not_checked },
        }],
    };
    let mut s = serde_json::to_string_pretty(&log).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    crate::text::inert::json(s)
}
