//! A diff as text for people (plain or coloured), Markdown for a pull
//! request comment, JSON, and SARIF holding only what the change brought
//! in. Pure string building; the CLI decides where it goes.

mod markdown;
mod text;

use std::collections::HashMap;

pub use markdown::markdown;
pub use text::text;

use super::{DesignDiff, MetricDelta};
use crate::critic::{Report, Severity, render as critic_render};
use crate::model::format_number;

/// The diff's JSON object, pretty-printed, with a trailing newline.
pub fn json(diff: &DesignDiff) -> String {
    let mut s = serde_json::to_string_pretty(diff).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

/// SARIF 2.1.0 with only the findings the change brought in (introduced,
/// or risen in severity): code scanning then flags what a pull request
/// adds, not what the design already had. `uri` and `lines` describe the
/// new side's file, as for `critique --format sarif`.
pub fn sarif(diff: &DesignDiff, uri: &str, lines: &HashMap<String, usize>) -> String {
    let report = Report {
        design: diff.new_name.clone(),
        findings: diff.new_findings().cloned().collect(),
        accepted: Vec::new(),
        metrics: Default::default(),
        // What the new side could not check is that side's business, not the change's.
        not_checked: Vec::new(),
    };
    critic_render::sarif(&report, uri, lines)
}

/// One line that says what the change does, for the top of every format.
pub fn summary(diff: &DesignDiff) -> String {
    let mut parts = Vec::new();
    let c = &diff.components;
    let counts = [
        (c.added.len(), "added"),
        (c.removed.len(), "removed"),
        (c.renamed.len(), "renamed"),
        (c.changed.len(), "changed"),
    ];
    if let Some(s) = counted("component", &counts) {
        parts.push(s);
    }
    let l = &diff.links;
    if let Some(s) =
        counted("link", &[(l.added.len(), "added"), (l.removed.len(), "removed"), (l.changed.len(), "changed")])
    {
        parts.push(s);
    }
    let other = diff.zones.added.len() + diff.zones.removed.len() + diff.zones.changed.len();
    if other > 0 {
        parts.push(plural(other, "zone change"));
    }
    let flows = diff.flows.added.len() + diff.flows.removed.len() + diff.flows.changed.len();
    if flows > 0 {
        parts.push(plural(flows, "flow change"));
    }
    if !diff.requirements.is_empty() {
        parts.push(plural(diff.requirements.len(), "requirement change"));
    }
    let accepted = diff.accepted.added.len() + diff.accepted.removed.len() + diff.accepted.changed.len();
    if accepted > 0 {
        parts.push(plural(accepted, "accepted-finding change"));
    }
    if parts.is_empty() {
        parts.push("no design changes".to_string());
    }
    let f = &diff.findings;
    let new: Vec<_> = diff.new_findings().collect();
    let introduced = if new.is_empty() {
        "no new findings".to_string()
    } else {
        let by = [Severity::Error, Severity::Warning, Severity::Info]
            .iter()
            .map(|s| (new.iter().filter(|f| f.severity == *s).count(), s))
            .filter(|(n, _)| *n > 0)
            .map(|(n, s)| format!("{n} {s}"))
            .collect::<Vec<_>>()
            .join(", ");
        format!("{} ({by})", plural(new.len(), "new finding"))
    };
    format!("{}; {introduced}, {} fixed, {} still present", parts.join(", "), f.fixed.len(), f.unchanged().count())
}

fn counted(noun: &str, counts: &[(usize, &str)]) -> Option<String> {
    let words: Vec<String> = counts.iter().filter(|(n, _)| *n > 0).map(|(n, w)| format!("{n} {w}")).collect();
    (!words.is_empty()).then(|| format!("{}s: {}", noun, words.join(", ")))
}

use crate::text::counted as plural;

/// A metric's value as a person reads it: `180 ms`, `99.95%`, `140%`.
pub fn metric_value(metric: &str, value: Option<f64>) -> String {
    let Some(v) = value else { return "none".to_string() };
    match metric {
        "latency_ms" | "p99_ms" => format!("{} ms", format_number(round(v, 1))),
        "availability" => format!("{}%", format_number(round(v, 4))),
        "utilization" => format!("{}%", format_number(round(v * 100.0, 0))),
        "headroom" => format!("{}x", format_number(round(v, 2))),
        _ => format_number(round(v, 2)),
    }
}

/// The change with its sign, in the metric's unit (`+60 ms`, `-0.05 pt`).
pub fn metric_change(delta: &MetricDelta) -> String {
    let Some(d) = delta.change() else { return String::new() };
    let sign = if d >= 0.0 { "+" } else { "-" };
    let d = d.abs();
    match delta.metric {
        "latency_ms" | "p99_ms" => format!("{sign}{} ms", format_number(round(d, 1))),
        "availability" => format!("{sign}{} pt", format_number(round(d, 4))),
        "utilization" => format!("{sign}{} pt", format_number(round(d * 100.0, 0))),
        "headroom" => format!("{sign}{}x", format_number(round(d, 2))),
        _ => format!("{sign}{}", format_number(round(d, 2))),
    }
}

fn round(v: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (v * f).round() / f
}

/// Design text made inert for a terminal or a one-line cell: the shared
/// sanitiser, so a label cannot move the cursor or retitle the window.
pub fn clean(s: &str) -> std::borrow::Cow<'_, str> {
    crate::text::inert::line(s)
}
