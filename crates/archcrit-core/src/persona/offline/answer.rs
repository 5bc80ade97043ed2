//! The offline voice in chat: `answer` gives the text of `ask`; the
//! answers to "why <rule>?", "what about <component>?", "explain <pattern>"
//! and "what should I fix first?" are worded here, from the critic's report
//! and the pattern catalogue.

use std::fmt::Write;

use crate::critic::{Finding, Report};
use crate::model::{Component, Design, format_number};
use crate::persona::Persona;

use super::{concern_line, numbers_for, patterns};

/// Answers one chat question in this persona's voice (the text of `ask`).
pub fn answer(persona: &Persona, design: &Design, report: &Report, question: &str) -> String {
    super::ask::ask(persona, design, report, question).text
}

/// Longest rule id mentioned in the question.
pub(super) fn mentioned_rule(report: &Report, dashed: &str) -> Option<&'static str> {
    let mut ids = patterns::rule_ids();
    ids.extend(report.findings.iter().map(|f| f.rule));
    ids.into_iter().filter(|r| dashed.contains(r)).max_by_key(|r| r.len())
}

pub(super) fn mentioned_pattern(report: &Report, dashed: &str) -> Option<String> {
    let mut ids: Vec<String> = patterns::known_ids();
    ids.extend(report.findings.iter().flat_map(|f| f.patterns.iter().map(|p| p.to_string())));
    ids.into_iter().filter(|p| dashed.contains(p.as_str())).max_by_key(|p| p.len())
}

pub(super) fn why_rule(report: &Report, rule: &str) -> String {
    let hits: Vec<&Finding> = report.findings.iter().filter(|f| f.rule == rule).collect();
    if hits.is_empty() {
        let mut out = format!("`{rule}` does not fire on this design.");
        if let Some(s) = patterns::rule_summary(rule) {
            let _ = write!(out, " It looks for: {s}");
        }
        if report.accepted.iter().any(|a| a.rule == rule) {
            out.push_str("\nThe design accepts it, with a reason, under `accepted:`.");
        }
        return out;
    }
    let mut out = format!("`{rule}` fires {} time(s) on this design:", hits.len());
    for f in &hits {
        let _ = write!(out, "\n  - {}", concern_line(report, f));
    }
    let suggested: Vec<&str> = hits.iter().flat_map(|f| f.patterns.iter().copied()).collect();
    if let Some(p) = suggested.first() {
        let _ = write!(out, "\nThe usual remedy is {} (`{p}`); ask me to explain it.", patterns::note(p).name);
    }
    out
}

pub(super) fn about_component(design: &Design, report: &Report, c: &Component) -> String {
    let id = c.id.as_str();
    let mut out = format!("{id} is a {}", c.kind);
    if let Some(t) = &c.tech {
        let _ = write!(out, " ({t})");
    }
    let _ = write!(out, " with {} replica(s).", c.effective_replicas());
    if let Some(fact) = super::tech_facts::about(c) {
        let _ = write!(out, "\n{fact}.");
    }
    let calls: Vec<String> = design.outgoing(id).iter().map(|l| format!("{} ({})", l.to, l.effective_mode())).collect();
    let callers: Vec<String> = design.incoming(id).iter().map(|l| l.from.to_string()).collect();
    if !calls.is_empty() {
        let _ = write!(out, "\nIt calls: {}.", calls.join(", "));
    }
    if !callers.is_empty() {
        let _ = write!(out, "\nCalled by: {}.", callers.join(", "));
    }
    if let Some(m) = report.metrics.components.get(id) {
        let mut parts = vec![format!("load {} rps", super::rps(m.load_rps))];
        if let Some(u) = m.utilization.filter(|u| u.is_finite()) {
            parts.push(format!("{}% of capacity", format_number((u * 100.0).round())));
        }
        parts.push(format!("{}% available", super::rank::percent(m.availability)));
        parts.push(format!("{} ms", format_number((m.latency_ms * 10.0).round() / 10.0)));
        let _ = write!(out, "\nAt peak: {}.", parts.join(", "));
    }
    let mine: Vec<&Finding> =
        report.findings.iter().filter(|f| f.components.iter().any(|x| x.as_str() == id)).collect();
    if mine.is_empty() {
        out.push_str("\nThe critic has nothing against it.");
    } else {
        out.push_str("\nFindings that name it:");
        for f in mine {
            let _ = write!(out, "\n  - {}", concern_line(report, f));
        }
    }
    out
}

pub(super) fn explain_pattern(report: &Report, id: &str) -> String {
    let note = patterns::note(id);
    let mut out = format!("{} (`{}`)", note.name, note.id);
    if let Some(p) = &note.problem {
        let _ = write!(out, "\nThe problem: {p}");
    }
    if let Some(s) = &note.solution {
        let _ = write!(out, "\nWhat it does: {s}");
    }
    if let Some(t) = &note.tradeoff {
        let _ = write!(out, "\nThe trade-off: {t}");
    }
    if let Some(w) = &note.when_not {
        let _ = write!(out, "\nWhen not to: {w}");
    }
    let uses: Vec<String> = report
        .findings
        .iter()
        .filter(|f| f.patterns.contains(&id))
        .map(|f| format!("{} on {}", f.rule, subject(f)))
        .collect();
    if uses.is_empty() {
        out.push_str("\nNo finding on this design suggests it right now.");
    } else {
        let _ = write!(out, "\nHere it would answer: {}.", uses.join("; "));
    }
    if let Some(f) = report.findings.iter().find(|f| f.patterns.contains(&id))
        && let Some(n) = numbers_for(report, f)
    {
        let _ = write!(out, "\nThe numbers behind that: {n}.");
    }
    out
}

fn subject(f: &Finding) -> String {
    f.subject().map(|s| s.to_string()).unwrap_or_else(|| "the design".into())
}
