//! `ask`: one design-review question answered offline, from the report, the
//! model and what-ifs on scratch copies. The question is classified
//! (`intent`), the components it names resolved (`mention`), and the answer
//! carries its text in the persona's voice plus what it referred to and
//! the numbers, for `archcrit ask --format json` and for tests.

mod hypothetical;
mod intent;
mod mention;
mod overview;
mod risk;
mod try_pattern;
mod words;

use indexmap::IndexMap;
use serde::Serialize;

use crate::critic::{Finding, Report};
use crate::model::Design;
use crate::persona::Persona;
use crate::whatif::{Delta, FindingRef};

pub use intent::Intent;

/// One answer: the text and what it rests on.
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    pub intent: Intent,
    pub persona: String,
    /// Components the answer is about, most important first.
    pub components: Vec<String>,
    pub findings: Vec<FindingRef>,
    /// Named numbers, e.g. `"db.utilization_after": 1.67`.
    pub numbers: IndexMap<String, f64>,
    /// The hypothetical that was run, in words, and its delta.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub what_if: Option<WhatIfSummary>,
    /// A change the persona offers to make for real (one undo step).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offer: Option<String>,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct WhatIfSummary {
    pub change: String,
    pub delta: Delta,
}

impl Answer {
    fn new(intent: Intent, persona: &Persona) -> Answer {
        Answer {
            intent,
            persona: persona.name.clone(),
            components: Vec::new(),
            findings: Vec::new(),
            numbers: IndexMap::new(),
            what_if: None,
            offer: None,
            text: String::new(),
        }
    }

    fn component(&mut self, id: &str) {
        if !self.components.iter().any(|c| c == id) {
            self.components.push(id.to_string());
        }
    }

    fn finding(&mut self, f: &Finding) {
        let r = FindingRef::of(f);
        if !self.findings.contains(&r) {
            self.findings.push(r);
        }
    }

    fn number(&mut self, key: impl Into<String>, value: f64) {
        if value.is_finite() {
            self.numbers.insert(key.into(), (value * 10_000.0).round() / 10_000.0);
        }
    }

    fn said(mut self, text: String) -> Answer {
        self.text = text;
        self
    }
}

/// Words a what-if the workshop ran (`:whatif ...`) as `persona_name`: the
/// verdict first, then the numbers before and after.
pub fn what_if_answer(
    persona_name: &str,
    change: &crate::whatif::Change,
    out: &crate::whatif::Outcome,
    before: &Report,
) -> Answer {
    use crate::whatif::Change;
    let intent = match change {
        Change::Fail { .. } => Intent::Failure,
        Change::Slow { .. } => Intent::Slowdown,
        Change::Scale { .. } => Intent::Scale,
        Change::Load { .. } => Intent::Capacity,
        Change::Pattern { .. } => Intent::AddPattern,
    };
    let a = Answer {
        intent,
        persona: persona_name.to_string(),
        components: Vec::new(),
        findings: Vec::new(),
        numbers: IndexMap::new(),
        what_if: None,
        offer: None,
        text: String::new(),
    };
    hypothetical::outcome(a, out, before)
}

/// A name the question asks about that is not in the design: "what if
/// orders-db had 3 replicas" on a design without orders-db. Only for
/// questions that ask about a component (fails, slows, scales, about).
fn unknown_name(words: &words::Words, design: &Design) -> Option<String> {
    // A what-if names a component; "tell me about X" only when X looks like
    // an id ("tell me a joke" names nothing).
    let what_if = words.has(&[
        "fail",
        "fails",
        "down",
        "dies",
        "crash",
        "slow",
        "slower",
        "replicas",
        "replica",
        "scale",
        "instances",
    ]);
    let about = words.has(&["about", "tell", "flagged", "why"]);
    if !what_if && !about {
        return None;
    }
    let id_like = |w: &str| w.contains(['-', '_']) || w.chars().any(|c| c.is_ascii_digit());
    words
        .raw
        .iter()
        .zip(&words.fixed)
        .find(|(raw, fixed)| {
            raw.len() >= 3
                && !words::known(raw)
                && !words::known(fixed)
                && !raw.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',')
                && words::number(raw).is_none()
                && !design.contains(raw)
                && (what_if || id_like(raw))
        })
        .map(|(raw, _)| raw.clone())
}

/// Answers `question` about `design` (whose report is `report`) as `persona`.
pub fn ask(persona: &Persona, design: &Design, report: &Report, question: &str) -> Answer {
    let words = words::Words::new(question, design);
    let named = mention::components(design, &words);
    let q = intent::Question { words: &words, named: &named, report, raw: question };
    let intent = intent::classify(&q);
    let a = Answer::new(intent, persona);
    match intent {
        Intent::BiggestRisk => risk::biggest(a, persona, design, report),
        Intent::About => risk::about(a, design, report, named[0].component),
        Intent::WhyRule => risk::why_rule(a, report, &q),
        Intent::ExplainPattern => risk::explain(a, report, &q),
        Intent::Capacity => hypothetical::capacity(a, design, report, &words),
        Intent::Failure => hypothetical::failure(a, design, report, named[0].component),
        Intent::Slowdown => hypothetical::slowdown(a, design, report, named[0].component, &words),
        Intent::Scale => hypothetical::scale(a, design, report, named[0].component, &words),
        Intent::AddPattern => try_pattern::add(a, persona, design, report, &q),
        Intent::Compare => try_pattern::compare(a, persona, design, report, &q),
        Intent::Strengths => overview::strengths(a, persona, design, report),
        Intent::Unknowns => overview::unknowns(a, design, report),
        Intent::Help => match unknown_name(&words, design) {
            Some(name) => overview::not_found(a, design, &name),
            None => overview::help(a, design, report),
        },
    }
}
