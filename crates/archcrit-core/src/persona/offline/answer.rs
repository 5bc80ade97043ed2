//! The offline voice in chat: answers to "why <rule>?", "what about
//! <component>?", "explain <pattern>" and "what should I fix first?" from
//! the critic's report and the pattern catalogue. Anything else gets a
//! short list of what it can answer.

use std::fmt::Write;

use crate::critic::{Finding, Report};
use crate::model::{Component, Design, format_number};
use crate::persona::Persona;

use super::{concern_line, numbers_for, pattern_advice, patterns, ranked};

/// Answers one chat question in this persona's voice.
pub fn answer(persona: &Persona, design: &Design, report: &Report, question: &str) -> String {
    let q = question.trim().trim_end_matches('?').trim().to_lowercase();
    let dashed = q.replace([' ', '_'], "-");
    let rule = mentioned_rule(report, &dashed);
    let component = mentioned_component(design, &q);
    let pattern = mentioned_pattern(report, &dashed);

    if wants_first_fix(&q) {
        return fix_first(persona, report);
    }
    if q.starts_with("why") {
        if let Some(rule) = rule {
            return why_rule(report, rule);
        }
        if let Some(c) = component {
            return about_component(design, report, c);
        }
    }
    if q.starts_with("explain") || q.starts_with("what is") || q.starts_with("what's") {
        if let Some(p) = &pattern {
            return explain_pattern(report, p);
        }
        if let Some(rule) = rule {
            return why_rule(report, rule);
        }
    }
    if let Some(c) = component {
        return about_component(design, report, c);
    }
    if let Some(rule) = rule {
        return why_rule(report, rule);
    }
    if let Some(p) = &pattern {
        return explain_pattern(report, p);
    }
    help(design, report)
}

fn wants_first_fix(q: &str) -> bool {
    q.contains("fix first")
        || q.contains("first fix")
        || q.contains("start with")
        || q.contains("most important")
        || q.contains("priority")
        || (q.contains("first") && (q.contains("fix") || q.contains("do")))
}

/// Longest rule id mentioned in the question.
fn mentioned_rule(report: &Report, dashed: &str) -> Option<&'static str> {
    let mut ids = patterns::rule_ids();
    ids.extend(report.findings.iter().map(|f| f.rule));
    ids.into_iter().filter(|r| dashed.contains(r)).max_by_key(|r| r.len())
}

fn mentioned_component<'d>(design: &'d Design, q: &str) -> Option<&'d Component> {
    let words: Vec<&str> =
        q.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_')).filter(|w| !w.is_empty()).collect();
    design
        .components()
        .filter(|c| {
            words.contains(&c.id.as_str())
                || c.label.as_deref().is_some_and(|l| !l.trim().is_empty() && q.contains(&l.to_lowercase()))
        })
        .max_by_key(|c| c.id.as_str().len())
}

fn mentioned_pattern(report: &Report, dashed: &str) -> Option<String> {
    let mut ids: Vec<String> = patterns::known_ids();
    ids.extend(report.findings.iter().flat_map(|f| f.patterns.iter().map(|p| p.to_string())));
    ids.into_iter().filter(|p| dashed.contains(p.as_str())).max_by_key(|p| p.len())
}

fn fix_first(persona: &Persona, report: &Report) -> String {
    let order = ranked(persona, report);
    let Some(first) = order.first() else {
        return "Nothing is pressing: the critic has no findings on this design.".into();
    };
    let mut out = format!("Fix this first: {}", concern_line(report, first));
    if let Some(p) = first.patterns.first() {
        out.push('\n');
        out.push_str(&pattern_advice(1, first, p));
    }
    if let Some(next) = order.get(1) {
        let _ = write!(out, "\nAfter that: {} on {}.", next.rule, subject(next));
    }
    out
}

fn why_rule(report: &Report, rule: &str) -> String {
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

fn about_component(design: &Design, report: &Report, c: &Component) -> String {
    let id = c.id.as_str();
    let mut out = format!("{id} is a {}", c.kind);
    if let Some(t) = &c.tech {
        let _ = write!(out, " ({t})");
    }
    let _ = write!(out, " with {} replica(s).", c.effective_replicas());
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

fn explain_pattern(report: &Report, id: &str) -> String {
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

fn help(design: &Design, report: &Report) -> String {
    let mut out = String::from("I can answer, from the critic's report:\n");
    let rule = report.findings.first().map(|f| f.rule).unwrap_or("single-point-of-failure");
    let comp = design.components().next().map(|c| c.id.to_string()).unwrap_or_else(|| "api".into());
    let pattern = report.findings.iter().find_map(|f| f.patterns.first().copied()).unwrap_or("redundancy");
    let _ = write!(out, "  - why {rule}?\n  - what about {comp}?\n  - explain {pattern}\n  - what should I fix first?");
    out
}
