//! What a persona likes about a design: strengths read from the model and
//! the absence of findings, each tied to the rule it answers so a persona
//! mentions first the strengths it cares about most.

use crate::critic::Report;
use crate::model::{Design, Kind, Mode};
use crate::persona::Persona;

use super::rank::{few, rps};

struct Strength {
    rule: &'static str,
    text: String,
}

/// Up to `max` strengths, in this persona's order of interest.
pub fn likes(persona: &Persona, design: &Design, report: &Report, max: usize) -> Vec<String> {
    let mut found = strengths(design, report);
    found.sort_by_key(|s| persona.focus_rank(s.rule).unwrap_or(usize::MAX));
    found.into_iter().take(max).map(|s| s.text).collect()
}

fn strengths(design: &Design, report: &Report) -> Vec<Strength> {
    let fired = |rule: &str| report.findings.iter().any(|f| f.rule == rule);
    let mut out = Vec::new();
    let mut add = |rule: &'static str, text: String| out.push(Strength { rule, text });

    let from_outside: Vec<_> = design
        .links()
        .filter(|l| design.component(l.from.as_str()).is_some_and(|c| matches!(c.kind, Kind::Client | Kind::External)))
        .collect();
    if !from_outside.is_empty() && !fired("unencrypted-link") {
        add("unencrypted-link", format!("every link from outside ({}) is encrypted", from_outside.len()));
    }
    let guarded: Vec<&str> = design
        .components()
        .filter(|c| matches!(c.kind, Kind::Gateway) || c.public == Some(true))
        .filter(|c| c.has_auth())
        .map(|c| c.id.as_str())
        .collect();
    if !guarded.is_empty() && !fired("missing-auth") {
        add("missing-auth", format!("the front door checks identity ({})", few(&guarded, 4)));
    }
    if design.components().any(|c| c.rate_limit.is_some()) && !fired("no-rate-limit") {
        add("no-rate-limit", "callers are rate limited at the edge".into());
    }
    let replicated: Vec<&str> =
        design.components().filter(|c| c.effective_replicas() > 1).map(|c| c.id.as_str()).collect();
    if !replicated.is_empty() && !fired("single-point-of-failure") {
        add("single-point-of-failure", format!("no single point of failure; replicated: {}", few(&replicated, 4)));
    }
    let busiest = report
        .metrics
        .components
        .iter()
        .filter_map(|(id, m)| m.utilization.filter(|u| u.is_finite()).map(|u| (id, u, m.load_rps)))
        .max_by(|a, b| a.1.total_cmp(&b.1));
    if let Some((id, u, load)) = busiest
        && load > 0.0
        && u < 0.7
    {
        add(
            "overloaded",
            format!("headroom at peak: the busiest component, {id}, runs at {:.0}% ({} rps)", u * 100.0, rps(load)),
        );
    }
    let async_links = design.links().filter(|l| l.effective_mode() == Mode::Async).count();
    if async_links > 0 && !fired("sync-cycle") && !fired("deep-sync-chain") {
        let links = if async_links == 1 {
            "an asynchronous link keeps".to_string()
        } else {
            format!("{async_links} asynchronous links keep")
        };
        add("deep-sync-chain", format!("{links} callers from waiting on slow work"));
    }
    let cached: Vec<&str> = design
        .components()
        .filter(|c| c.kind == Kind::Cache && !design.incoming(c.id.as_str()).is_empty())
        .map(|c| c.id.as_str())
        .collect();
    if !cached.is_empty() {
        add("missing-cache", format!("hot reads have a cache ({})", few(&cached, 4)));
    }
    let stores: Vec<_> = design.components().filter(|c| c.kind.is_persistent_store()).collect();
    if !stores.is_empty() && !fired("shared-database") && !fired("distributed-write") {
        add("shared-database", "each store has a single owner, so its data has one source of truth".into());
    }
    if design.components().any(|c| c.kind == Kind::Monitoring) {
        add("no-observability", "there is monitoring, so failures will be seen".into());
    }
    let with_dlq: Vec<&str> =
        design.components().filter(|c| c.kind.is_messaging() && c.dlq == Some(true)).map(|c| c.id.as_str()).collect();
    if !with_dlq.is_empty() {
        add("queue-without-dlq", format!("failed messages have somewhere to go ({})", few(&with_dlq, 4)));
    }
    out
}
