//! Which components a question names: by id, label or technology, exactly
//! or within a typo, over runs of one to three words, in the order they
//! appear. "orders db", "Orders DB", "ordres-db" all name `orders-db`.

use crate::model::{Component, Design, Kind};

use super::words::{STOP, Words};

/// Words that name a pattern, not the component whose `tech` they are.
const PATTERN_WORDS: &[&str] = &["redis", "memcached", "kafka", "rabbitmq", "sqs", "cache", "queue", "gateway"];

/// A component the question names, and where (the first word's index).
pub struct Mention<'d> {
    pub component: &'d Component,
    pub at: usize,
}

/// Words that make "cache", "queue" or "gateway" the pattern to add or
/// compare ("should I add a cache", "cache or queue?") rather than a
/// component of the design ("what if the cache fails").
const PATTERN_CONTEXT: &[&str] = &[
    "add",
    "adding",
    "use",
    "using",
    "introduce",
    "put",
    "insert",
    "need",
    "needs",
    "should",
    "would",
    "try",
    "worth",
    "between",
    "front",
    "behind",
    "or",
    "vs",
    "versus",
    "compare",
    "better",
    "new",
    "another",
];

/// Components named in the question, first mention first, each once.
pub fn components<'d>(design: &'d Design, words: &Words) -> Vec<Mention<'d>> {
    let raw = &words.raw;
    let patterns = raw.iter().any(|w| PATTERN_CONTEXT.contains(&w.as_str()));
    let mut found: Vec<Mention<'d>> = Vec::new();
    let mut used = vec![false; raw.len()];
    for len in (1..=3).rev() {
        for start in 0..raw.len().saturating_sub(len - 1) {
            if used[start..start + len].iter().any(|u| *u) {
                continue;
            }
            let run = raw[start..start + len].join(" ");
            if len == 1 && STOP.contains(&run.as_str()) {
                continue;
            }
            // "cache" names the pattern when the question is about adding
            // one, unless a component is called that.
            if len == 1 && patterns && PATTERN_WORDS.contains(&run.as_str()) && !design.contains(&run) {
                continue;
            }
            if let Some(c) = best(design, &run) {
                used[start..start + len].iter_mut().for_each(|u| *u = true);
                if !found.iter().any(|m| m.component.id == c.id) {
                    found.push(Mention { component: c, at: start });
                }
            }
        }
    }
    if found.is_empty() {
        found.extend(by_kind(design, raw, patterns));
    }
    found.sort_by_key(|m| m.at);
    found
}

/// "the database", "the db", "the cache": a kind word names the one
/// component of that kind when the design has exactly one (in a question
/// about adding one, pattern words stay patterns: "should I add a cache"
/// names no component).
fn by_kind<'d>(design: &'d Design, raw: &[String], patterns: bool) -> Option<Mention<'d>> {
    raw.iter().enumerate().find_map(|(at, word)| {
        let kind = match word.as_str() {
            "db" | "database" | "databases" => Kind::Database,
            w if patterns && PATTERN_WORDS.contains(&w) => return None,
            w => w.strip_suffix('s').unwrap_or(w).parse::<Kind>().ok()?,
        };
        let mut of_kind = design.components().filter(|c| c.kind == kind);
        match (of_kind.next(), of_kind.next()) {
            (Some(component), None) => Some(Mention { component, at }),
            _ => None,
        }
    })
}

/// The component `run` names best, if any names it closely enough.
fn best<'d>(design: &'d Design, run: &str) -> Option<&'d Component> {
    let spaced = run.replace(['-', '_'], " ");
    design
        .components()
        .filter_map(|c| {
            let id = c.id.as_str().replace(['-', '_'], " ");
            let label = c.label.as_deref().map(|l| l.to_lowercase()).unwrap_or_default();
            let tech = c.tech.as_deref().map(|t| t.to_lowercase()).unwrap_or_default();
            let score = [similar(&spaced, &id), similar(&spaced, &label) * 0.99, tech_match(&spaced, &tech) * 0.9]
                .into_iter()
                .fold(0.0, f64::max);
            (score > 0.0).then_some((score, c))
        })
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// 1 for equal, 0.9 for one typo (two in long names) or a plural, else 0.
fn similar(a: &str, b: &str) -> f64 {
    if b.is_empty() {
        return 0.0;
    }
    if a == b {
        return 1.0;
    }
    let n = a.chars().count().min(b.chars().count());
    let budget = if n >= 8 {
        2
    } else if n >= 4 {
        1
    } else {
        0
    };
    if budget > 0 && strsim::osa_distance(a, b) <= budget {
        return 0.9;
    }
    0.0
}

/// "postgres" names a PostgreSQL component; only words of 5+ letters.
fn tech_match(run: &str, tech: &str) -> f64 {
    if run.len() < 5 || tech.is_empty() {
        return 0.0;
    }
    if tech == run || tech.split(|c: char| !c.is_alphanumeric()).any(|t| t.starts_with(run) || t == run) {
        1.0
    } else {
        0.0
    }
}
