//! Answers about the design as a whole: what it does well, what the critic
//! could not judge (missing requirements, defaults it assumed), and, for a
//! question it cannot place, what it can answer with examples from this
//! design.

use std::fmt::Write;

use super::Answer;
use crate::critic::Report;
use crate::model::{Design, Kind};
use crate::persona::Persona;
use crate::persona::offline::likes;
use crate::persona::offline::rank::{few, rps};
use crate::whatif::{dependents_by_component, first_to_saturate};

pub fn strengths(mut a: Answer, persona: &Persona, design: &Design, report: &Report) -> Answer {
    let liked = likes(persona, design, report, 5);
    if liked.is_empty() {
        return a.said("Not much yet: add requirements and links and I will have more to say.".into());
    }
    a.number("strengths", liked.len() as f64);
    let mut text = String::from("What this design does well:");
    for l in liked {
        let _ = write!(text, "\n  - {l}");
    }
    a.said(text)
}

pub fn unknowns(mut a: Answer, design: &Design, _report: &Report) -> Answer {
    let r = design.requirements();
    let mut text = String::from("What I cannot judge, or judged on assumptions:");
    let mut missing = Vec::new();
    if r.peak_rps.is_none() && design.components().all(|c| c.rps.is_none()) {
        missing.push("peak_rps (no load enters, so nothing can be overloaded)");
    }
    if r.availability_slo.is_none() {
        missing.push("availability_slo (availability-below-slo cannot run)");
    }
    if r.latency_budget_ms.is_none() {
        missing.push("latency_budget_ms (latency-over-budget cannot run)");
    }
    for m in &missing {
        let _ = write!(text, "\n  - no requirements.{m}");
    }
    let defaulted: Vec<&str> = design
        .components()
        .filter(|c| c.kind != Kind::Client && c.capacity_rps.is_none())
        .map(|c| c.id.as_str())
        .collect();
    if !defaulted.is_empty() {
        let _ = write!(
            text,
            "\n  - capacity assumed from the kind's default for {} component(s): {}",
            defaulted.len(),
            few(&defaulted, 6)
        );
        defaulted.iter().for_each(|id| a.component(id));
    }
    let no_latency = design.components().filter(|c| c.kind != Kind::Client && c.latency_ms.is_none()).count();
    if no_latency > 0 {
        let _ = write!(text, "\n  - latency assumed from defaults for {no_latency} component(s)");
    }
    if missing.is_empty() && defaulted.is_empty() && no_latency == 0 {
        text = "Every number the critic uses is written in the design; nothing is assumed.".into();
    }
    a.number("missing_requirements", missing.len() as f64);
    a.number("assumed_capacity", defaulted.len() as f64);
    a.number("assumed_latency", no_latency as f64);
    a.said(text)
}

/// Two questions fitted to this design: a failure of the component most
/// requests need, and the load at which the busiest component saturates.
/// The question names something the design does not have.
pub fn not_found(a: Answer, design: &Design, name: &str) -> Answer {
    let mut by_kind: Vec<(Kind, Vec<&str>)> = Vec::new();
    for c in design.components().filter(|c| c.kind != Kind::Client) {
        match by_kind.iter_mut().find(|(k, _)| *k == c.kind) {
            Some((_, ids)) => ids.push(c.id.as_str()),
            None => by_kind.push((c.kind, vec![c.id.as_str()])),
        }
    }
    let listed: Vec<String> = by_kind.iter().map(|(k, ids)| format!("{k}: {}", ids.join(", "))).collect();
    a.said(format!(
        "I do not see `{name}` in this design. What it has: {}. Ask about one of those by id, label or technology.",
        if listed.is_empty() { "no components yet".to_string() } else { listed.join("; ") }
    ))
}

pub fn help(mut a: Answer, design: &Design, report: &Report) -> Answer {
    let blast = dependents_by_component(design);
    let needed = design
        .components()
        .filter(|c| c.kind != Kind::Client)
        .max_by_key(|c| (blast.get(&c.id).map_or(0, Vec::len), c.kind == Kind::Cache))
        .map(|c| c.id.to_string());
    let today: f64 = report.metrics.requests.values().map(|r| r.load_rps).sum();
    let mut examples = Vec::new();
    if let Some(id) = &needed {
        examples.push(format!("\"what if {id} goes down?\""));
        a.component(id);
    }
    match first_to_saturate(report) {
        Some(_) if today > 0.0 => examples.push(format!("\"can it handle {} rps?\"", rps((today * 2.0).round()))),
        Some(s) => examples.push(format!("\"tell me about {}\"", s.component)),
        None => examples.push("\"what is the biggest risk?\"".into()),
    }
    a.said(format!(
        "I did not catch what you are after. I answer from this design's model: its biggest risk, any component, \
         more load, a component failing or slowing down, adding a cache, queue, replica or gateway, comparing two \
         options, what it does well and what I cannot know. Try {}.",
        examples.join(" or ")
    ))
}
