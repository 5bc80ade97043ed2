//! The rule registry: every rule's stable id, family, default severity and
//! check function. A check reads the snapshot and the capacity model and
//! pushes `Draft`s (structured facts, no prose); the engine turns them into
//! findings. One file per family; each rule is a plain function.

mod coupling;
mod data;
mod exposure;
mod operability;
mod resilience;
mod scalability;
mod security;
mod served;
mod unstated;

use super::capacity::Model;
use super::report::Severity;
use super::snapshot::Snapshot;
use super::templates::Fact;

/// What a rule reads.
pub(crate) struct Ctx<'a, 'd> {
    pub s: &'a Snapshot<'d>,
    pub m: &'a Model,
}

/// The links of a finding whose contract row names components only
/// (critic-rules.md lists links for deep-sync-chain, sync-cycle and the
/// client and TLS rules, and for no other rule).
pub(crate) const NO_LINKS: Vec<usize> = Vec::new();

/// A finding before wording: indices into the snapshot and the facts.
pub(crate) struct Draft<'d> {
    pub severity: Severity,
    /// Snapshot indices, subject first.
    pub components: Vec<usize>,
    /// Snapshot link indices.
    pub links: Vec<usize>,
    pub fact: Fact<'d>,
    /// Patterns chosen by the finding's cause; `None`: the rule's own.
    pub patterns: Option<&'static [&'static str]>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Scalability,
    Resilience,
    Data,
    Security,
    Operability,
}

impl Family {
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Scalability => "scalability",
            Family::Resilience => "resilience",
            Family::Data => "data",
            Family::Security => "security",
            Family::Operability => "operability",
        }
    }
}

/// A rule as the outside world sees it (CLI `--rule`, SARIF rule list, docs).
#[derive(Debug, Clone, Copy)]
pub struct RuleInfo {
    pub id: &'static str,
    pub family: Family,
    /// The severity it usually has; some rules raise or lower it per finding.
    pub severity: Severity,
    /// One line: what it looks for.
    pub summary: &'static str,
    /// The pattern ids its findings suggest.
    pub patterns: &'static [&'static str],
}

pub(crate) struct Rule {
    pub info: RuleInfo,
    pub check: for<'d> fn(&Ctx<'_, 'd>, &mut Vec<Draft<'d>>),
}

macro_rules! rule {
    ($id:literal, $family:ident, $sev:ident, $summary:literal, $check:path, [$($p:literal),*]) => {
        Rule {
            info: RuleInfo {
                id: $id,
                family: Family::$family,
                severity: Severity::$sev,
                summary: $summary,
                patterns: &[$($p),*],
            },
            check: $check,
        }
    };
}

/// Reported by the engine itself, not by a check: an `accepted:` entry that
/// matches no finding.
pub const STALE_ACCEPTANCE: RuleInfo = RuleInfo {
    id: "stale-acceptance",
    family: Family::Operability,
    severity: Severity::Info,
    summary: "an accepted finding that no longer occurs",
    patterns: &[],
};

pub(crate) static RULES: &[Rule] = &[
    rule!(
        "single-point-of-failure",
        Resilience,
        Error,
        "one replica on a synchronous request path, or a stateful store with one replica",
        resilience::single_point_of_failure,
        ["redundancy"]
    ),
    rule!(
        "overloaded",
        Scalability,
        Error,
        "utilization at peak of 80% or more",
        scalability::overloaded,
        ["horizontal-scaling", "cache-aside", "queue-load-leveling"]
    ),
    rule!(
        "backlog-growth",
        Scalability,
        Warning,
        "a consumer behind a queue that cannot keep up",
        scalability::backlog_growth,
        ["horizontal-scaling"]
    ),
    rule!(
        "deep-sync-chain",
        Scalability,
        Warning,
        "four or more services calling each other synchronously in a row",
        scalability::deep_sync_chain,
        ["event-driven", "aggregator"]
    ),
    rule!("sync-cycle", Resilience, Error, "a cycle of synchronous calls", resilience::sync_cycle, ["event-driven"]),
    rule!(
        "shared-database",
        Data,
        Warning,
        "a database written by two or more services",
        data::shared_database,
        ["database-per-service"]
    ),
    rule!(
        "missing-cache",
        Data,
        Info,
        "a read-heavy service reads its database with no cache",
        data::missing_cache,
        ["cache-aside"]
    ),
    rule!(
        "client-bypasses-gateway",
        Security,
        Warning,
        "a client calls a service directly",
        security::client_bypasses_gateway,
        ["api-gateway"]
    ),
    rule!(
        "client-to-data-store",
        Security,
        Error,
        "a client talks to a data store directly",
        security::client_to_data_store,
        ["api-gateway"]
    ),
    rule!(
        "unencrypted-link",
        Security,
        Warning,
        "a link without TLS from outside or across zones",
        security::unencrypted_link,
        ["tls-everywhere"]
    ),
    rule!(
        "missing-auth",
        Security,
        Error,
        "a public entry point that authenticates nobody",
        security::missing_auth,
        ["oauth2-jwt"]
    ),
    rule!(
        "no-rate-limit",
        Security,
        Warning,
        "a public entry point with no rate limit",
        security::no_rate_limit,
        ["rate-limiting"]
    ),
    rule!(
        "wide-fan-out",
        Scalability,
        Warning,
        "a service calls five or more services synchronously",
        scalability::wide_fan_out,
        ["circuit-breaker", "bulkhead"]
    ),
    rule!(
        "distributed-write",
        Data,
        Warning,
        "a service writes to two or more stores (dual write)",
        data::distributed_write,
        ["transactional-outbox", "saga"]
    ),
    rule!(
        "queue-without-dlq",
        Data,
        Info,
        "a consumed queue with no dead-letter queue",
        data::queue_without_dlq,
        ["dead-letter-queue"]
    ),
    rule!(
        "unconsumed-queue",
        Data,
        Warning,
        "a queue that is written and never read",
        data::unconsumed_queue,
        ["event-driven"]
    ),
    rule!("orphan-component", Operability, Info, "a component with no links", operability::orphan_component, []),
    rule!(
        "no-observability",
        Operability,
        Info,
        "three or more services and no monitoring",
        operability::no_observability,
        ["observability"]
    ),
    rule!(
        "availability-below-slo",
        Resilience,
        Error,
        "a flow's synchronous request is less available than its SLO",
        resilience::availability_below_slo,
        ["redundancy"]
    ),
    rule!(
        "latency-over-budget",
        Scalability,
        Warning,
        "a flow's synchronous request is slower than its budget",
        scalability::latency_over_budget,
        ["cache-aside", "event-driven"]
    ),
    rule!(
        "split-consumers",
        Data,
        Warning,
        "two or more different services compete for one queue's messages",
        data::split_consumers,
        ["publish-subscribe"]
    ),
    rule!(
        "tail-latency-over-budget",
        Scalability,
        Warning,
        "a flow's p99 latency is over its p99 budget",
        scalability::tail_latency_over_budget,
        ["timeout-and-fallback", "cache-aside", "hedged-requests"]
    ),
    rule!(
        "stateful-scaled-out",
        Resilience,
        Warning,
        "a stateful service with several replicas",
        resilience::stateful_scaled_out,
        ["externalized-session"]
    ),
    rule!(
        "exposed-data-store",
        Security,
        Error,
        "a data store reachable from outside",
        exposure::exposed_data_store,
        ["api-gateway"]
    ),
    rule!(
        "public-admin-console",
        Security,
        Warning,
        "an admin or operations console reachable from outside",
        exposure::public_admin_console,
        ["private-network"]
    ),
    rule!(
        "proxy-bypass",
        Security,
        Warning,
        "a component behind a proxy that is also reachable without it",
        exposure::proxy_bypass,
        ["api-gateway"]
    ),
    rule!(
        "read-coupling",
        Data,
        Warning,
        "a service reads a store that only other services write",
        coupling::read_coupling,
        ["api-composition", "database-per-service"]
    ),
];

/// Every rule the critic knows, in registry order, ending with
/// `stale-acceptance`.
pub fn all() -> impl Iterator<Item = RuleInfo> {
    RULES.iter().map(|r| r.info).chain(std::iter::once(STALE_ACCEPTANCE))
}

pub fn find(id: &str) -> Option<RuleInfo> {
    all().find(|r| r.id == id)
}

/// Utilization at or above `threshold`, forgiving float noise (400 rps on
/// 400 capacity computed as 0.9999999999 still counts as full).
pub(crate) fn at_least(x: f64, threshold: f64) -> bool {
    x >= threshold - 1e-9
}

/// A flow's id as the design spells it (borrowed from the design, as facts
/// are); `None` for a client's implicit flow.
pub(crate) fn flow_id<'d>(s: &Snapshot<'d>, f: &super::flows::FlowResult) -> Option<&'d str> {
    if !f.explicit {
        return None;
    }
    s.design.flows().get_key_value(f.id.as_str()).map(|(k, _)| k.as_str())
}
