//! JSON export for other tools: the design exactly as the design file says
//! it (same field names) plus the critic's report when there is one.

use serde_json::{Value, json};

use crate::critic::Report;
use crate::file::{to_yaml, yaml};
use crate::model::Design;

/// Version of this JSON shape; bumped only on an incompatible change.
pub const JSON_VERSION: u32 = 1;

/// `{"archcrit_json": 1, "design": {...}, "report": {...} | null}`.
pub fn export(design: &Design, report: Option<&Report>) -> Value {
    // Going through the canonical YAML keeps one definition of the format.
    let design_value: Value = yaml::from_str(&to_yaml(design)).unwrap_or(Value::Null);
    let report_value = report.and_then(|r| serde_json::to_value(r).ok()).unwrap_or(Value::Null);
    json!({"archcrit_json": JSON_VERSION, "design": design_value, "report": report_value})
}

/// Pretty-printed, with a final newline.
pub fn to_string(design: &Design, report: Option<&Report>) -> String {
    let mut text = serde_json::to_string_pretty(&export(design, report)).unwrap_or_default();
    text.push('\n');
    crate::text::inert::json(text)
}
