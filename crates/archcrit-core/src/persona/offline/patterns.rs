//! The offline voice's view of the critic's pattern catalogue: a pattern's
//! name, what it does and what it costs, and rule summaries for "why"
//! questions about rules that did not fire. The catalogue itself belongs to
//! the critic; this file only adapts it.

use crate::critic::patterns::catalogue;
use crate::critic::rules;

/// What the voice needs to say about a pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct PatternNote {
    pub id: String,
    pub name: String,
    pub problem: Option<String>,
    pub solution: Option<String>,
    pub tradeoff: Option<String>,
    pub when_not: Option<String>,
}

/// The note for `id`; a pattern missing from the catalogue still gets a
/// readable name.
pub fn note(id: &str) -> PatternNote {
    match catalogue().get(id) {
        Some(p) => PatternNote {
            id: p.id.clone(),
            name: p.name.clone(),
            problem: Some(p.problem.clone()),
            solution: Some(p.solution.clone()),
            tradeoff: Some(p.trade_offs.clone()),
            when_not: Some(p.when_not.clone()),
        },
        None => PatternNote {
            id: id.to_string(),
            name: title_case(id),
            problem: None,
            solution: None,
            tradeoff: None,
            when_not: None,
        },
    }
}

/// Every pattern id the voice can explain.
pub fn known_ids() -> Vec<String> {
    catalogue().patterns.iter().map(|p| p.id.clone()).collect()
}

/// Every rule id, for "why <rule>?" about a rule that did not fire.
pub fn rule_ids() -> Vec<&'static str> {
    rules::all().map(|r| r.id).collect()
}

/// One line on what a rule looks for.
pub fn rule_summary(id: &str) -> Option<&'static str> {
    rules::find(id).map(|r| r.summary)
}

fn title_case(id: &str) -> String {
    id.split('-')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_come_from_the_catalogue() {
        let n = note("cache-aside");
        assert_eq!(n.name, "Cache-aside");
        assert!(n.tradeoff.as_deref().is_some_and(|t| t.contains("stale")), "{n:?}");
        assert_eq!(note("made-up-thing").name, "Made Up Thing");
        assert!(known_ids().iter().any(|i| i == "redundancy"));
        assert!(rule_summary("missing-auth").is_some());
    }
}
