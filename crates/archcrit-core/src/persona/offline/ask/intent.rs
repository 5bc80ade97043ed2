//! The intent classifier: which kind of design-review question this is,
//! from the (typo-corrected) words, the patterns and rules named, and
//! whether a component is named. Ordered checks, most specific first, so
//! "what if the cache fails" is a failure, not a question about the cache.

use serde::Serialize;

use super::mention::Mention;
use super::words::Words;
use crate::critic::Report;
use crate::whatif::PatternKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Intent {
    BiggestRisk,
    About,
    WhyRule,
    ExplainPattern,
    Capacity,
    Failure,
    Slowdown,
    Scale,
    AddPattern,
    Compare,
    Strengths,
    Unknowns,
    Help,
}

pub struct Question<'q, 'd> {
    pub words: &'q Words,
    pub named: &'q [Mention<'d>],
    pub report: &'q Report,
    pub raw: &'q str,
}

/// Every intent's words, for the typo corrector's vocabulary.
pub(super) const INTENT_WORDS: [&[&str]; 11] =
    [RISK, ABOUT, CAPACITY, FAIL, SLOW, ADD, COMPARE, STRENGTHS, UNKNOWN, COPIES, &["scale", "scaled", "scaling"]];

const RISK: &[&str] = &[
    "risk",
    "riskiest",
    "risky",
    "biggest",
    "worst",
    "weakest",
    "fix",
    "priority",
    "prioritize",
    "concern",
    "worry",
    "danger",
    "dangerous",
    "problem",
    "problems",
    "issue",
    "issues",
    "wrong",
];
const ABOUT: &[&str] = &["why", "flagged", "flag", "about", "tell", "explain", "describe", "status", "doing"];
const CAPACITY: &[&str] = &[
    "handle",
    "cope",
    "survive",
    "withstand",
    "sustain",
    "capacity",
    "traffic",
    "load",
    "doubles",
    "double",
    "doubled",
    "triple",
    "triples",
    "tripled",
    "spike",
    "peak",
    "grow",
    "grows",
    "growth",
    "rps",
    "headroom",
];
const FAIL: &[&str] = &[
    "fail",
    "fails",
    "failed",
    "failing",
    "failure",
    "down",
    "dies",
    "die",
    "dead",
    "crash",
    "crashes",
    "crashed",
    "outage",
    "lose",
    "loses",
    "lost",
    "unavailable",
    "offline",
    "breaks",
    "broken",
    "kill",
    "killed",
    "gone",
];
const SLOW: &[&str] = &["slow", "slower", "slowdown", "sluggish", "degraded", "lags", "latency"];
const ADD: &[&str] = &[
    "add",
    "adding",
    "put",
    "introduce",
    "use",
    "need",
    "should",
    "would",
    "try",
    "insert",
    "place",
    "front",
    "between",
    "behind",
    "worth",
];
const COMPARE: &[&str] = &["or", "vs", "versus", "compare", "better"];
const STRENGTHS: &[&str] = &["well", "good", "strength", "strengths", "like", "positives", "solid", "right", "praise"];
const UNKNOWN: &[&str] = &[
    "unknown",
    "unknowns",
    "unchecked",
    "assume",
    "assumed",
    "assumptions",
    "assumption",
    "defaults",
    "blind",
    "uncertain",
    "know",
    "checked",
    "check",
];

/// Words that count copies of a component.
const COPIES: &[&str] = &["replicas", "replica", "instances", "instance", "nodes", "node", "pods", "copies"];

/// The replica count a question asks about: "3 replicas", "scale to 6".
pub fn replicas(words: &Words) -> Option<u32> {
    let n = words.amount(COPIES).or_else(|| {
        let at = words.fixed.iter().position(|w| matches!(w.as_str(), "scale" | "scaled" | "scaling"))?;
        words.fixed[at + 1..].iter().find_map(|w| super::words::number(w))
    })?;
    (n >= 1.0 && n.fract() == 0.0 && n <= 10_000.0).then_some(n as u32)
}

/// The pattern kinds a question names, in order, each once.
pub fn patterns(words: &Words) -> Vec<PatternKind> {
    let mut out = Vec::new();
    for w in &words.fixed {
        let k = match w.as_str() {
            "cache" | "caching" | "redis" | "memcached" | "caches" => PatternKind::Cache,
            "queue" | "queues" | "kafka" | "rabbitmq" | "sqs" | "buffer" => PatternKind::Queue,
            "replica" | "replicas" | "instance" | "instances" | "node" | "nodes" => PatternKind::Replica,
            "gateway" | "gateways" => PatternKind::Gateway,
            _ => continue,
        };
        if !out.contains(&k) {
            out.push(k);
        }
    }
    out
}

pub fn classify(q: &Question<'_, '_>) -> Intent {
    let w = q.words;
    let named = !q.named.is_empty();
    let kinds = patterns(w);
    let dashed = q.raw.to_lowercase().replace([' ', '_'], "-");
    let rule = crate::persona::offline::answer::mentioned_rule(q.report, &dashed);
    let pattern_id = crate::persona::offline::answer::mentioned_pattern(q.report, &dashed);

    if w.has(COMPARE)
        && (kinds.len() >= 2 || (kinds.len() == 1 && q.named.len() >= 2 && w.has(&["or", "vs", "versus"])))
    {
        return Intent::Compare;
    }
    if !kinds.is_empty() && w.has(ADD) {
        return Intent::AddPattern;
    }
    // "what if db had 3 replicas", "scale orders to 6 instances".
    if named && replicas(w).is_some() {
        return Intent::Scale;
    }
    if named && (w.phrase("slows down") || w.phrase("slow down")) {
        return Intent::Slowdown;
    }
    if named && w.has(FAIL) {
        return Intent::Failure;
    }
    if named && w.has(SLOW) {
        return Intent::Slowdown;
    }
    if w.has(CAPACITY) || w.factor().is_some() || w.amount(&["rps", "qps"]).is_some() {
        return Intent::Capacity;
    }
    if rule.is_some() && !named {
        return Intent::WhyRule;
    }
    if pattern_id.is_some() && !named && w.has(&["explain", "what", "whats", "pattern", "how"]) {
        return Intent::ExplainPattern;
    }
    if named && (w.has(ABOUT) || !w.has(RISK)) {
        return Intent::About;
    }
    if w.has(RISK) || w.phrase("first") || w.phrase("start with") || w.phrase("most important") {
        return Intent::BiggestRisk;
    }
    if w.has(UNKNOWN) || w.phrase("not checked") {
        return Intent::Unknowns;
    }
    if w.has(STRENGTHS) {
        return Intent::Strengths;
    }
    if rule.is_some() {
        return Intent::WhyRule;
    }
    if pattern_id.is_some() {
        return Intent::ExplainPattern;
    }
    Intent::Help
}
