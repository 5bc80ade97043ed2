//! The offline voice: a persona speaking over the critic's report with no
//! network. Deterministic text built from the report, the design and the
//! pattern catalogue, ordered by the persona's focus. This is also what
//! LLM mode falls back to when the endpoint fails.

mod answer;
pub mod ask;
mod likes;
pub mod patterns;
pub(crate) mod rank;
pub mod tech_facts;

use std::fmt::Write;

use crate::critic::{Finding, Report, Severity};
use crate::model::Design;
use crate::persona::Persona;

pub use answer::answer;
pub use ask::{Answer, Intent, ask, what_if_answer};
pub use likes::likes;
pub use rank::{numbers_for, ranked, rps};

/// How many concerns a review lists.
const TOP: usize = 5;

/// A full review: verdict, ranked concerns with numbers, the pattern this
/// persona would apply first with its trade-off, and what it likes.
pub fn review(persona: &Persona, design: &Design, report: &Report) -> String {
    let mut out = String::new();
    let order = ranked(persona, report);
    let _ = writeln!(out, "{} on \"{}\"", persona.title(), design.name());
    let _ = writeln!(out, "Verdict: {}", verdict(&order, report));
    if let Some(caveat) = unstated_caveat(design, report) {
        let _ = writeln!(out, "{caveat}");
    }

    if !order.is_empty() {
        let _ = writeln!(out, "\nTop concerns, in the order I would tackle them:");
        for (i, f) in order.iter().take(TOP).enumerate() {
            let fact = tech_facts::for_finding(design, f).map(|t| format!(" — {t}")).unwrap_or_default();
            let _ = writeln!(out, "  {}. {}{fact}", i + 1, concern_line(report, f));
        }
        if order.len() > TOP {
            let _ = writeln!(out, "  (and {} more in the report)", order.len() - TOP);
        }
    }

    if let Some((n, f, pattern)) = order.iter().enumerate().find_map(|(i, f)| f.patterns.first().map(|p| (i + 1, f, p)))
    {
        let _ = writeln!(out, "\n{}", pattern_advice(n, f, pattern));
    }

    if !report.accepted.is_empty() {
        let _ = writeln!(
            out,
            "\nYou have accepted {} finding(s) with a reason; I will not argue with those.",
            report.accepted.len()
        );
    }

    let liked = likes(persona, design, report, 3);
    let _ = writeln!(out, "\nWhat I like:");
    if liked.is_empty() {
        let _ = writeln!(out, "  - not much yet; add requirements and links and I will have more to say.");
    }
    for l in liked {
        let _ = writeln!(out, "  - {l}");
    }
    out
}

fn verdict(order: &[&Finding], report: &Report) -> String {
    let (errors, warnings, infos) =
        (report.count(Severity::Error), report.count(Severity::Warning), report.count(Severity::Info));
    let first = order.first().map(|f| match f.subject() {
        Some(s) => format!("{s} ({})", f.rule),
        None => f.rule.to_string(),
    });
    match (errors, warnings, first) {
        (0, 0, None) => "sound. The critic found nothing and neither do I.".into(),
        (0, 0, Some(_)) => format!("sound. Nothing at warning or above; {} worth a look.", count(infos, "note")),
        (0, w, Some(first)) => {
            format!("close. {} to weigh before this ships; I would start with {first}.", count(w, "warning"))
        }
        (e, w, Some(first)) => {
            format!("not ready. {} and {}; I would start with {first}.", count(e, "error"), count(w, "warning"))
        }
        (_, _, None) => "not ready.".into(),
    }
}

/// A verdict on a design whose source could not state auth, TLS, rate
/// limits or an SLO (an import) is a verdict on what was stated: say so,
/// unless errors already make it "not ready".
fn unstated_caveat(design: &Design, report: &Report) -> Option<String> {
    let facts = design.unstated();
    if facts.is_empty() || report.count(Severity::Error) > 0 {
        return None;
    }
    let names: Vec<&str> = facts
        .iter()
        .map(|f| match f {
            crate::model::Unstated::Auth => "authentication",
            crate::model::Unstated::RateLimit => "rate limits",
            crate::model::Unstated::Tls => "TLS",
            crate::model::Unstated::Capacity => "capacities",
            crate::model::Unstated::Slo => "an availability target",
            crate::model::Unstated::Access => "which links read or write",
        })
        .collect();
    Some(format!(
        "But its source could not state {}: the checks that need them are notes, not verdicts, until you set them (`unstated:` in the file; docs/rules.md).",
        crate::persona::offline::rank::few(&names, 6)
    ))
}

pub(crate) use crate::text::counted as count;

/// "[error] overloaded — orders: <message> (load 1,680 rps, 140% of capacity)"
pub(crate) fn concern_line(report: &Report, f: &Finding) -> String {
    let subject = f.subject().map(|s| format!(" — {s}")).unwrap_or_default();
    let numbers = numbers_for(report, f).map(|n| format!(" ({n})")).unwrap_or_default();
    format!("[{}] {}{subject}: {}{numbers}", f.severity, f.rule, f.message)
}

fn pattern_advice(n: usize, f: &Finding, pattern: &str) -> String {
    let note = patterns::note(pattern);
    let mut text = format!("What I would apply for #{n} ({}): {} (`{}`).", f.rule, note.name, note.id);
    if let Some(s) = &note.solution {
        text.push_str(&format!(" {s}"));
    }
    match &note.tradeoff {
        Some(t) => text.push_str(&format!(" The trade-off: {t}")),
        None => text.push_str(" Weigh what it adds to run and operate against the risk it removes."),
    }
    text
}

#[cfg(test)]
mod tests;
