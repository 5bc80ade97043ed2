//! What the offline persona knows of a component's technology: short facts
//! read from the technology catalogue (its note, whether it is managed, its
//! default capacity), so a review speaks of Redis as Redis. No table of its
//! own: a fact not in the catalogue is not said.

use crate::critic::Finding;
use crate::model::{Component, Design};
use crate::tech;

use super::rank::rps;

/// The facts about `c`'s technology in one sentence ("Redis: single-threaded:
/// ...; about 50,000 rps per node by default"); `None` when the catalogue
/// does not know the technology or knows nothing worth saying of it.
pub fn about(c: &Component) -> Option<String> {
    let t = tech::of(c)?;
    let mut parts: Vec<String> = Vec::new();
    parts.extend(t.note.clone());
    // The catalogue's default only when the design gives no capacity of its own.
    if let Some(cap) = t.capacity_rps.filter(|_| c.capacity_rps.is_none()) {
        parts.push(format!("about {} rps per node by default", rps(cap)));
    }
    if t.managed {
        let rest = parts.iter().map(|p| format!("; {p}")).collect::<String>();
        // The critic counts a component as managed only when the design
        // says so; until then the persona must not contradict its findings.
        if c.managed != Some(true) {
            return Some(format!(
                "{} is usually run by its provider: if yours is, set `managed: true` and its replicas and failover are the provider's (no single point of failure to fix){rest}",
                t.name
            ));
        }
        return Some(format!(
            "{} is managed: the provider runs its replicas and failover, so there is no replica to add{rest}",
            t.name
        ));
    }
    if parts.is_empty() {
        return None;
    }
    Some(format!("{}: {}", t.name, parts.join("; ")))
}

/// What a failure of `c` means when a cloud provider runs its technology:
/// the provider's outage, not a replica lost.
pub fn when_managed(c: &Component) -> Option<String> {
    let t = tech::of(c).filter(|t| t.managed)?;
    if c.managed != Some(true) {
        return Some(format!(
            "{} is usually run by its provider; if yours is, set `managed: true`: then only the provider's outage takes it down",
            t.name
        ));
    }
    Some(format!(
        "{} is managed: the provider runs its replicas and failover, so for {} to fail the provider's region has to",
        t.name, c.id
    ))
}

/// The facts about the technology of a finding's subject, when they bear
/// on it: capacity and failure findings, where a node's default throughput
/// or a provider's redundancy is the point; not a missing login or a
/// dead-letter queue, where "about 10,000 rps per node" is trivia.
pub fn for_finding(design: &Design, f: &Finding) -> Option<String> {
    const BEARS_ON: &[&str] = &[
        "overloaded",
        "backlog-growth",
        "single-point-of-failure",
        "missing-cache",
        "availability-below-slo",
        "latency-over-budget",
        "tail-latency-over-budget",
        "split-consumers",
        "stateful-scaled-out",
    ];
    if !BEARS_ON.contains(&f.rule) {
        return None;
    }
    f.subject().and_then(|s| design.component(s.as_str())).and_then(about)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ComponentId, Kind};

    fn comp(id: &str, kind: Kind, tech: Option<&str>) -> Component {
        let mut c = Component::new(ComponentId::new(id).unwrap(), kind);
        c.tech = tech.map(str::to_string);
        c
    }

    #[test]
    fn facts_come_from_the_catalogue_for_the_right_technology() {
        let redis = about(&comp("sessions", Kind::Cache, Some("Redis 7"))).unwrap();
        assert!(redis.starts_with("Redis: single-threaded"), "{redis}");
        assert!(redis.contains("about 50,000 rps per node by default"), "{redis}");
        let mut jobs = comp("jobs", Kind::Queue, Some("SQS"));
        // Until the design says managed, the persona suggests it rather than
        // contradict the critic's single-point-of-failure finding.
        let sqs = about(&jobs).unwrap();
        assert!(
            sqs.starts_with("Amazon SQS is usually run by its provider: if yours is, set `managed: true`"),
            "{sqs}"
        );
        jobs.managed = Some(true);
        let sqs = about(&jobs).unwrap();
        assert!(sqs.starts_with("Amazon SQS is managed: ") && sqs.contains("no replica to add"), "{sqs}");
        assert!(!sqs.contains("single-threaded"), "{sqs}");
        let kafka = about(&comp("events", Kind::Stream, Some("kafka"))).unwrap();
        assert!(kafka.contains("partitions bound consumers"), "{kafka}");
        assert!(!kafka.contains("managed"), "{kafka}");
        // By id when no tech is written, if the kinds agree.
        assert!(about(&comp("redis", Kind::Cache, None)).unwrap().starts_with("Redis:"));
        assert_eq!(about(&comp("redis", Kind::Service, None)), None);
        // A generic id or label never stands for a managed cloud service.
        assert_eq!(about(&comp("gateway", Kind::Gateway, None)), None);
        let mut labelled = comp("gw", Kind::Gateway, None);
        labelled.label = Some("API gateway".into());
        assert_eq!(about(&labelled), None);
        assert_eq!(when_managed(&labelled), None);
        // The user's own software, and what the catalogue has no fact for.
        assert_eq!(about(&comp("orders", Kind::Service, Some("Rust/axum"))), None);
        assert_eq!(about(&comp("orders", Kind::Service, None)), None);
        assert_eq!(about(&comp("graph", Kind::Database, Some("Neo4j"))), None);
        // A capacity the design states wins over the catalogue's default.
        let mut sized = comp("sessions", Kind::Cache, Some("redis"));
        sized.capacity_rps = Some(80_000.0);
        assert!(!about(&sized).unwrap().contains("per node"));
    }

    /// A fact rides with the findings it bears on, not a missing login.
    #[test]
    fn facts_join_capacity_findings_only() {
        let d =
            crate::file::load_str("archcrit: 1\nname: t\ncomponents:\n  cache: {kind: cache, tech: Redis}\n", "t.yaml")
                .unwrap();
        let finding = |rule: &'static str| crate::critic::Finding {
            rule,
            severity: crate::critic::Severity::Warning,
            components: vec![ComponentId::new("cache").unwrap()],
            links: vec![],
            message: String::new(),
            patterns: vec![],
        };
        assert!(for_finding(&d, &finding("overloaded")).is_some_and(|f| f.starts_with("Redis:")));
        assert_eq!(for_finding(&d, &finding("missing-auth")), None);
        assert_eq!(for_finding(&d, &finding("queue-without-dlq")), None);
    }

    #[test]
    fn every_catalogue_note_is_short() {
        for t in tech::catalogue().all() {
            if let Some(n) = &t.note {
                assert!(n.len() <= 100 && !n.ends_with('.'), "{}: {n}", t.name);
            }
        }
    }
}
