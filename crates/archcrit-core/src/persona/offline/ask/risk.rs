//! Answers read straight from the report: the biggest risk (ranked by
//! severity, the persona's priorities and blast radius, with the reason
//! for the order), one component, one rule, one pattern.

use std::fmt::Write;

use super::Answer;
use super::intent::Question;
use crate::critic::{Finding, Report, Severity};
use crate::model::{Component, Design};
use crate::persona::Persona;
use crate::persona::offline::answer::{
    about_component, explain_pattern, mentioned_pattern, mentioned_rule, why_rule as rule_text,
};
use crate::persona::offline::rank::few;
use crate::persona::offline::{concern_line, pattern_advice};
use crate::whatif::{dependents_by_component, first_to_saturate};

/// The findings in the order to tackle them: the persona's tiers (its
/// focus rules first, infos last), then severity, then blast radius (how
/// many clients' requests pass through the subject), then focus order.
pub fn risk_order<'r>(persona: &Persona, design: &Design, report: &'r Report) -> Vec<(&'r Finding, usize)> {
    let blast = dependents_by_component(design);
    let radius = |f: &Finding| f.subject().and_then(|s| blast.get(s)).map_or(0, Vec::len);
    let mut order: Vec<(usize, &Finding, usize)> =
        report.findings.iter().enumerate().map(|(i, f)| (i, f, radius(f))).collect();
    order.sort_by_key(|(i, f, r)| {
        let focus = persona.focus_rank(f.rule);
        let tier = match (focus, f.severity) {
            (_, Severity::Info) => 2,
            (Some(_), _) => 0,
            (None, _) => 1,
        };
        (tier, f.severity, std::cmp::Reverse(*r), focus.unwrap_or(usize::MAX), *i)
    });
    order.into_iter().map(|(_, f, r)| (f, r)).collect()
}

pub fn biggest(mut a: Answer, persona: &Persona, design: &Design, report: &Report) -> Answer {
    let order = risk_order(persona, design, report);
    let Some(&(first, radius)) = order.first() else {
        return a.said("Nothing is pressing: the critic has no findings on this design.".into());
    };
    let clients = design.components().filter(|c| c.kind == crate::model::Kind::Client).count();
    let mut out = format!("Fix this first: {}", concern_line(report, first));
    let mut why = vec![format!("it is {} {}", article(first.severity), first.severity)];
    if radius > 0 {
        why.push(format!("{radius} of {clients} client request path(s) go through {}", subject(first)));
    }
    if let Some(rank) = persona.focus_rank(first.rule) {
        // A high place is worth its number; far down the list the number
        // reads as a reason not to fix it first.
        why.push(if rank < 3 {
            format!("as {} {} is my {} concern", persona.title(), first.rule, ordinal(rank + 1))
        } else {
            format!("as {} {} is one of the concerns I watch", persona.title(), first.rule)
        });
    }
    let _ = write!(out, "\nWhy first: {}.", why.join(", "));
    if let Some(p) = first.patterns.first() {
        let _ = write!(out, "\n{}", pattern_advice(1, first, p));
    }
    if let Some(&(next, r)) = order.get(1) {
        let _ = write!(out, "\nAfter that: {} on {}.", next.rule, subject(next));
        if r != radius || next.severity != first.severity {
            let _ = write!(out, " ({}, {r} client path(s))", next.severity);
        }
        a.finding(next);
    }
    a.finding(first);
    a.findings.rotate_right(1);
    if let Some(s) = first.subject() {
        a.component(s.as_str());
        if let Some(m) = report.metrics.components.get(s.as_str()) {
            a.number(format!("{s}.load_rps"), m.load_rps);
            if let Some(u) = m.utilization {
                a.number(format!("{s}.utilization"), u);
            }
            a.number(format!("{s}.availability"), m.availability);
        }
        a.number(format!("{s}.blast_radius"), radius as f64);
    }
    if let Some((next, _)) = order.get(1)
        && let Some(s) = next.subject()
    {
        a.component(s.as_str());
    }
    a.said(out)
}

pub fn about(mut a: Answer, design: &Design, report: &Report, c: &Component) -> Answer {
    let id = c.id.as_str();
    let mut out = about_component(design, report, c);
    let blast = dependents_by_component(design);
    let needed: Vec<&str> = blast.get(id).map(|v| v.iter().map(|c| c.as_str()).collect()).unwrap_or_default();
    if !needed.is_empty() {
        let _ =
            write!(out, "\nBlast radius: the requests of {} client(s) need it ({}).", needed.len(), few(&needed, 4));
    }
    a.component(id);
    if let Some(m) = report.metrics.components.get(id) {
        a.number(format!("{id}.load_rps"), m.load_rps);
        a.number(format!("{id}.availability"), m.availability);
        a.number(format!("{id}.latency_ms"), m.latency_ms);
        if let Some(u) = m.utilization.filter(|u| u.is_finite() && *u > 0.0) {
            a.number(format!("{id}.utilization"), u);
            a.number(format!("{id}.headroom_factor"), 1.0 / u);
            let busiest = first_to_saturate(report).is_some_and(|s| s.component.as_str() == id);
            let _ = write!(
                out,
                "\nHeadroom: it reaches 100% at {:.1}x today's load{}.",
                1.0 / u,
                if busiest { "; nothing saturates before it" } else { "" }
            );
        }
    }
    a.number(format!("{id}.blast_radius"), needed.len() as f64);
    for f in report.findings.iter().filter(|f| f.components.iter().any(|x| x.as_str() == id)) {
        a.finding(f);
    }
    a.said(out)
}

pub fn why_rule(mut a: Answer, report: &Report, q: &Question<'_, '_>) -> Answer {
    let dashed = q.raw.to_lowercase().replace([' ', '_'], "-");
    let Some(rule) = mentioned_rule(report, &dashed) else { return a };
    for f in report.findings.iter().filter(|f| f.rule == rule) {
        a.finding(f);
        if let Some(s) = f.subject() {
            a.component(s.as_str());
        }
    }
    a.said(rule_text(report, rule))
}

pub fn explain(a: Answer, report: &Report, q: &Question<'_, '_>) -> Answer {
    let dashed = q.raw.to_lowercase().replace([' ', '_'], "-");
    let Some(p) = mentioned_pattern(report, &dashed) else { return a };
    a.said(explain_pattern(report, &p))
}

fn subject(f: &Finding) -> String {
    f.subject().map(|s| s.to_string()).unwrap_or_else(|| "the design".into())
}

fn article(s: Severity) -> &'static str {
    if s == Severity::Error { "an" } else { "a" }
}

fn ordinal(n: usize) -> String {
    match n {
        1 => "first".into(),
        2 => "second".into(),
        3 => "third".into(),
        n => format!("#{n}"),
    }
}
