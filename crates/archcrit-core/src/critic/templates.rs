//! The wording of findings. Rules produce `Fact`s (what was found, with the
//! model's numbers); a `Wording` turns a fact into the message a person
//! reads. `Plain` is the default voice; a persona can supply its own
//! `Wording` through `critique_with` without touching any rule.

use crate::model::{Kind, Unstated};

/// Why a link is judged to need TLS.
#[derive(Debug, Clone, PartialEq)]
pub enum Exposure<'a> {
    FromClient,
    FromExternal,
    CrossesZones { from_zone: &'a str, to_zone: &'a str },
}

/// What a rule found, with the numbers behind it. Ids are component ids.
#[derive(Debug, Clone, PartialEq)]
pub enum Fact<'a> {
    SinglePointOfFailure {
        component: &'a str,
        kind: Kind,
        /// How many clients' synchronous requests need it (0: a stateful store off the request path).
        clients: usize,
        /// Replicated availability in percent.
        availability: f64,
    },
    Overloaded {
        component: &'a str,
        load_rps: f64,
        utilization: f64,
        replicas: u32,
        capacity_rps: f64,
        peak_rps: f64,
        /// The side of a data store that saturates (capacity model v2).
        side: Option<StoreSide>,
        /// What drives the load: the caller over the busiest incoming
        /// link, its calls per request and the load it brings.
        driver: Option<(&'a str, f64, f64)>,
    },
    BacklogGrowth {
        component: &'a str,
        load_rps: f64,
        utilization: f64,
        replicas: u32,
        capacity_rps: f64,
    },
    DeepSyncChain {
        chain: Vec<&'a str>,
        /// Latency of the chain's first component, ms.
        latency_ms: f64,
    },
    SyncCycle {
        members: Vec<&'a str>,
    },
    SharedDatabase {
        store: &'a str,
        writers: Vec<&'a str>,
    },
    MissingCache {
        reader: &'a str,
        database: &'a str,
        read_write_ratio: f64,
        database_load_rps: f64,
    },
    ClientBypassesGateway {
        client: &'a str,
        callee: &'a str,
    },
    ClientToDataStore {
        client: &'a str,
        store: &'a str,
        kind: Kind,
    },
    UnencryptedLink {
        from: &'a str,
        to: &'a str,
        protocol: Option<&'a str>,
        exposure: Exposure<'a>,
        /// The sensitive data classes (pii, payments) the design handles.
        sensitive: Vec<&'a str>,
    },
    MissingAuth {
        entry: &'a str,
        public: bool,
        /// Who reaches it without credentials, when a link does.
        caller: Option<&'a str>,
        /// The request protocol it serves, when known (shapes the advice).
        protocol: Option<&'a str>,
    },
    /// An entry with no `auth` whose technology has its own login.
    OwnLogin {
        entry: &'a str,
        tech: &'a str,
    },
    /// A rule held back because the design's source could not state a fact.
    NotStated {
        fact: Unstated,
        /// The components (or link ends) the rule would have judged.
        subjects: Vec<&'a str>,
        /// (public front, entry) for entries reached only through a
        /// published proxy: the proxy is the public edge in front of them.
        edges: Vec<(&'a str, &'a str)>,
        /// What is at stake, one clause per subject ("web and worker both
        /// link to db"), said first; empty when the fact says it all.
        stakes: Vec<String>,
    },
    ExposedDataStore {
        store: &'a str,
        kind: Kind,
        public: bool,
        /// The client or external component that reaches it directly.
        reached_by: Option<&'a str>,
    },
    PublicAdminConsole {
        component: &'a str,
        tech: &'a str,
        /// It has accounts of its own (else anyone who reaches it is in).
        own_login: bool,
    },
    ProxyBypass {
        component: &'a str,
        front: &'a str,
        /// The client that reaches it directly (`None`: it is public).
        by: Option<&'a str>,
    },
    ReadCoupling {
        reader: &'a str,
        store: &'a str,
        writers: Vec<&'a str>,
    },
    NoRateLimit {
        entry: &'a str,
        public: bool,
        caller: Option<&'a str>,
    },
    WideFanOut {
        component: &'a str,
        callees: Vec<&'a str>,
    },
    DistributedWrite {
        writer: &'a str,
        stores: Vec<&'a str>,
    },
    QueueWithoutDlq {
        queue: &'a str,
        consumers: Vec<&'a str>,
    },
    UnconsumedQueue {
        queue: &'a str,
        writers: Vec<&'a str>,
    },
    OrphanComponent {
        component: &'a str,
        kind: Kind,
    },
    NoObservability {
        /// How many components of each service-like kind run code, in
        /// kind order (services, workers, functions).
        running: Vec<(Kind, usize)>,
    },
    AvailabilityBelowSlo {
        client: &'a str,
        /// The flow's id when it is one of the design's own flows.
        flow: Option<&'a str>,
        /// Set when the weakest member is external and the SLO is above
        /// its availability: no design beats it while requests wait for it.
        unbeatable: Option<(&'a str, f64)>,
        /// Percent.
        availability: f64,
        slo: f64,
        /// The weakest members of the call tree with their availability, percent.
        weakest: Vec<(&'a str, f64)>,
    },
    LatencyOverBudget {
        client: &'a str,
        flow: Option<&'a str>,
        latency_ms: f64,
        budget_ms: f64,
        /// The slowest path, each component with its own latency, ms.
        path: Vec<(&'a str, f64)>,
    },
    StatefulScaledOut {
        component: &'a str,
        replicas: u32,
    },
    TailLatencyOverBudget {
        client: &'a str,
        flow: Option<&'a str>,
        p99_ms: f64,
        budget_ms: f64,
        mean_ms: f64,
        path: Vec<(&'a str, f64)>,
    },
    SplitConsumers {
        queue: &'a str,
        consumers: Vec<&'a str>,
    },
    StaleAcceptance {
        rule: &'a str,
        component: Option<&'a str>,
        reason: &'a str,
        /// Why it matches nothing when that is a typo: no rule has that id
        /// (with the closest one), or no component that id.
        unknown: Option<UnknownTarget>,
    },
}

/// What an acceptance names that does not exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnknownTarget {
    Rule { closest: Option<&'static str> },
    Component,
}

/// Turns facts into messages. Implement it to restyle the critic.
pub trait Wording {
    fn message(&self, fact: &Fact<'_>) -> String;
}

/// The default voice: a senior engineer who says why it matters, with numbers.
#[derive(Debug, Clone, Copy, Default)]
pub struct Plain;

/// The side of a data store that saturates, for the overload message.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StoreSide {
    pub writes: bool,
    pub load: f64,
    pub capacity: f64,
    pub nodes: u32,
}

/// "a request from web", or "a `read-timeline` request from reader".
fn request(client: &str, flow: Option<&str>) -> String {
    match flow {
        Some(f) => format!("a `{f}` request from {client}"),
        None => format!("a request from {client}"),
    }
}

fn requests(client: &str, flow: Option<&str>) -> String {
    match flow {
        Some(f) => format!("the `{f}` requests from {client}"),
        None => format!("the requests from {client}"),
    }
}

impl Wording for Plain {
    fn message(&self, fact: &Fact<'_>) -> String {
        use Fact as F;
        match fact {
            F::SinglePointOfFailure { component, kind, clients, availability } => {
                let why = if *clients > 0 {
                    format!(
                        "the synchronous requests of {} need it, so when it is down they fail",
                        count(*clients, "client", "clients")
                    )
                } else {
                    format!("it is a {kind} holding state, so losing it loses data or stalls everything that uses it")
                };
                format!(
                    "{component} is a single point of failure: one replica, and {why} (on its own it is up {}%, about {} down a year)",
                    pct(*availability),
                    downtime(*availability)
                )
            }
            F::Overloaded { component, load_rps, utilization, replicas, capacity_rps, peak_rps, side, driver } => {
                let consequence = if *utilization >= 1.0 - 1e-9 {
                    "requests will queue and time out"
                } else {
                    "there is little headroom for a spike or a lost replica"
                };
                let mut cause = String::new();
                if let Some(StoreSide { writes, load, capacity, nodes }) = side {
                    if *writes {
                        let primaries =
                            if *nodes == 1 { "the one primary".to_string() } else { format!("{nodes} primaries") };
                        cause.push_str(&format!(
                            "; all {} writes land on {primaries}: {}% of {}",
                            num(*load),
                            whole(load / capacity * 100.0),
                            num(*capacity)
                        ));
                    } else {
                        cause.push_str(&format!("; {} reads over {nodes} nodes of {}", num(*load), num(*capacity)));
                    }
                }
                if let Some((caller, calls, load)) = driver {
                    if *calls > 1.0 {
                        cause.push_str(&format!(
                            "; {caller} calls {component} {} times per request: {} rps (batch the calls)",
                            num(*calls),
                            num(*load)
                        ));
                    } else {
                        cause.push_str(&format!("; most of it comes from {caller}: {} rps", num(*load)));
                    }
                }
                format!(
                    "{component} runs at {}% of its capacity at the {} rps peak: {} rps on {} x {}; {consequence}{cause}",
                    whole(utilization * 100.0),
                    num(*peak_rps),
                    num(*load_rps),
                    replicas,
                    num(*capacity_rps)
                )
            }
            F::BacklogGrowth { component, load_rps, utilization, replicas, capacity_rps } => format!(
                "{component} receives {} rps of messages but handles {} rps ({} x {}, {}% busy): its backlog grows by {} messages every second of peak",
                num(*load_rps),
                num(f64::from(*replicas) * capacity_rps),
                replicas,
                num(*capacity_rps),
                whole(utilization * 100.0),
                num((load_rps - f64::from(*replicas) * capacity_rps).max(0.0))
            ),
            F::DeepSyncChain { chain, latency_ms } => format!(
                "{} services call each other synchronously in a row ({}): latencies add up to {} ms from {} and one slow or failing link fails them all",
                chain.len(),
                chain_list(chain.iter().copied()),
                num(*latency_ms),
                chain.first().copied().unwrap_or("the first")
            ),
            F::SyncCycle { members } => format!(
                "{} call each other synchronously in a cycle: one slow call can tie up every thread in the loop, and a retry can circle forever",
                and_list(members)
            ),
            F::SharedDatabase { store, writers } => format!(
                "{store} is written by {} services ({}): they are coupled through its schema and its locks, so none can change or scale alone",
                writers.len(),
                and_list(writers)
            ),
            F::MissingCache { reader, database, read_write_ratio, database_load_rps } => format!(
                "{reader} reads {database} with no cache although reads outnumber writes {} to 1: every read, {} rps at peak, lands on the database",
                num(*read_write_ratio),
                num(*database_load_rps)
            ),
            F::ClientBypassesGateway { client, callee } => format!(
                "{client} calls {callee} directly: authentication, rate limiting and routing end up in every service, and {callee} cannot move without breaking {client}"
            ),
            F::ClientToDataStore { client, store, kind } => format!(
                "{client} talks straight to the {kind} {store}: its credentials ship to users and any user can read or change data no service checks"
            ),
            F::UnencryptedLink { from, to, protocol, exposure, sensitive } => {
                let proto = protocol.map(|p| format!(" ({p})")).unwrap_or_default();
                let where_ = match exposure {
                    Exposure::FromClient => format!("starts at the client {from}"),
                    Exposure::FromExternal => format!("starts at the external system {from}"),
                    Exposure::CrossesZones { from_zone, to_zone } => {
                        format!("crosses from zone {from_zone} to {to_zone}")
                    }
                };
                let data = if sensitive.is_empty() {
                    String::new()
                } else {
                    format!(", and the design handles {}", and_list(sensitive))
                };
                format!(
                    "the link {from} -> {to}{proto} is not encrypted but {where_}: anyone on the path can read or alter it{data}"
                )
            }
            F::MissingAuth { entry, public, caller, protocol } => {
                let reach = match (caller, public) {
                    (Some(c), _) => format!("{c} reaches it with no credentials"),
                    (None, _) => "it is public".to_string(),
                };
                let fix = match protocol.map(str::to_ascii_lowercase).as_deref() {
                    Some("grpc") => "require mTLS or a JWT in the call metadata",
                    Some("websocket") => {
                        "authenticate the upgrade request (a token or session cookie checked before the socket opens)"
                    }
                    Some("graphql") => "require an OAuth2/JWT bearer token and authorise per field",
                    _ => "require an OAuth2/JWT bearer token, at a gateway or in the service",
                };
                format!(
                    "{entry} is an entry point with no authentication and {reach}: anyone who finds it can call it; {fix}"
                )
            }
            F::OwnLogin { entry, tech } => format!(
                "{entry} ({tech}) relies on its own login: nothing in front of it authenticates callers, so its login page is the whole defence; keep it patched, enforce strong passwords or SSO, and put `auth:` on it once you have decided"
            ),
            // Held back for want of an SLO: what is at stake comes first,
            // then what would let the critic judge it.
            F::NotStated { fact: Unstated::Slo, subjects, .. } => {
                let one = subjects.len() == 1;
                format!(
                    "{} {} one instance: requests that need {} fail while {} down; whether that matters depends on the availability the system must reach, which the source of this design cannot say; set `requirements.availability_slo`, or remove `slo` from `unstated:`, to judge {}",
                    and_list(subjects),
                    if one { "runs as" } else { "each run as" },
                    if one { "it" } else { "them" },
                    if one { "it is" } else { "one is" },
                    if one { "it" } else { "them" },
                )
            }
            F::NotStated { fact: Unstated::Access, subjects, stakes, .. } if !stakes.is_empty() => {
                let one = subjects.len() == 1;
                format!(
                    "{}. Which of those links write and which only read, the source of this design cannot say: set `access:` (read, write or readwrite) on them, or remove `access` from `unstated:`, to judge {}",
                    stakes.join(". "),
                    if one { "it" } else { "them" },
                )
            }
            F::NotStated { fact, subjects, edges, .. } => {
                // One subject reads "it", several "they".
                let one = subjects.len() == 1;
                let (it, its, each) = if one { ("it", "its", "it") } else { ("they", "their", "each") };
                let (what, how) = match fact {
                    Unstated::Auth => (
                        format!("whether {it} {}", if one { "authenticates callers" } else { "authenticate callers" }),
                        format!("set `auth:` on {each} (`auth: none` if nothing checks)"),
                    ),
                    Unstated::RateLimit => (
                        format!("whether anything limits {its} request rate"),
                        format!("set `rate_limit:` on {each} or on the load-balancer in front"),
                    ),
                    Unstated::Tls => (
                        format!("whether the links from {} are encrypted", if one { "it" } else { "them" }),
                        "set `tls:` on each of those links".to_string(),
                    ),
                    Unstated::Capacity => (format!("{its} capacity"), format!("set `capacity_rps:` on {each}")),
                    Unstated::Slo => {
                        (format!("the availability {it} must reach"), "set `requirements.availability_slo`".to_string())
                    }
                    Unstated::Access => (
                        format!("whether the links into {} read or write", if one { "it" } else { "them" }),
                        "set `access:` (read, write or readwrite) on those links".to_string(),
                    ),
                };
                let shown = match fact {
                    Unstated::Auth => "auth",
                    Unstated::RateLimit => "rate limiting",
                    other => other.as_str(),
                };
                let edge: String = edges
                    .iter()
                    .map(|(front, entry)| {
                        format!("{front} is the public edge; nothing shows {shown} in front of {entry}. ")
                    })
                    .collect();
                let subjects_shown = if one {
                    subjects[0].to_string()
                } else {
                    format!("{} ({})", count(subjects.len(), "component", "components"), and_list(subjects))
                };
                format!(
                    "{edge}{} not stated for {subjects_shown}: the source of this design cannot say {what}; {how}, or remove `{}` from `unstated:`, to judge {}",
                    fact.as_str(),
                    fact.as_str(),
                    if one { "it" } else { "them" },
                )
            }
            F::ExposedDataStore { store, kind, public, reached_by } => {
                let how = match (reached_by, public) {
                    (Some(by), _) => format!("{by} reaches it directly"),
                    (None, _) => "it is published to the outside (public)".to_string(),
                };
                format!(
                    "the {kind} {store} is exposed: {how}; anyone who finds the port can try credentials and exploits against it, and one leak exposes all its data; keep it on a private network and reach it only through services"
                )
            }
            F::PublicAdminConsole { component, tech, own_login: true } => format!(
                "{component} is {tech}, an admin console, and it is reachable from outside: a leaked or guessed password hands over the systems it manages; put it on a private network or behind a VPN or SSO proxy"
            ),
            F::PublicAdminConsole { component, tech, own_login: false } => format!(
                "{component} is {tech}, an admin console with no login of its own, and it is reachable from outside: anyone who finds it sees, and can often change, what it manages; put it on a private network or behind a VPN or SSO proxy"
            ),
            F::ProxyBypass { component, front, by } => {
                let how = match by {
                    Some(c) => format!("{c} also reaches it directly"),
                    None => "it is also published directly (public)".to_string(),
                };
                format!(
                    "{component} sits behind {front}, but {how}: whatever {front} enforces (TLS, auth, rate limits, routing) can be skipped; publish only {front}"
                )
            }
            F::ReadCoupling { reader, store, writers } => format!(
                "{reader} reads {store}, which only {} write{}: {reader} depends on another service's schema, so that schema cannot change without breaking it; ask the owner through its API or keep a copy fed by its events",
                and_list(writers),
                if writers.len() == 1 { "s" } else { "" }
            ),
            F::NoRateLimit { entry, public: _, caller } => {
                let via = caller.map(|c| format!(" from {c}")).unwrap_or_default();
                format!(
                    "{entry} is an entry point with no rate limit on the way in{via}: one noisy or hostile client can use up its capacity for everyone"
                )
            }
            F::WideFanOut { component, callees } => format!(
                "{component} calls {} services synchronously ({}): it is as slow as the slowest and fails when any one fails",
                callees.len(),
                and_list(callees)
            ),
            F::DistributedWrite { writer, stores } => format!(
                "{writer} writes to {} stores ({}) in one request: if it crashes between the writes they disagree, and there is no transaction across them",
                stores.len(),
                and_list(stores)
            ),
            F::QueueWithoutDlq { queue, consumers } => format!(
                "{queue} has no dead-letter queue: a message that {} cannot process is retried forever or lost",
                and_list(consumers)
            ),
            F::UnconsumedQueue { queue, writers } => format!(
                "{queue} is written by {} but nothing consumes it: messages pile up until it is full",
                and_list(writers)
            ),
            F::OrphanComponent { component, kind } => {
                format!("{component} ({kind}) has no links: either something is missing or it can go")
            }
            F::NoObservability { running } => {
                let parts: Vec<String> = running
                    .iter()
                    .map(|(kind, n)| match kind {
                        Kind::Worker => count(*n, "worker", "workers"),
                        Kind::Function => count(*n, "function", "functions"),
                        _ => count(*n, "service", "services"),
                    })
                    .collect();
                let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
                format!(
                    "{} and no monitoring: when a request fails nobody can tell where; add metrics, logs and traces",
                    and_list(&parts)
                )
            }
            F::AvailabilityBelowSlo { client, flow, unbeatable, availability, slo, weakest } => {
                let weak = weakest.iter().map(|(id, a)| format!("{id} {}%", pct(*a))).collect::<Vec<_>>().join(", ");
                let plain = match unbeatable {
                    Some((ext, a)) => format!(
                        "; no design can beat {ext}{} {}% while every request waits for it: call it with a timeout and a fallback, or asynchronously",
                        if ext.ends_with('s') { "'" } else { "'s" },
                        pct(*a)
                    ),
                    None => String::new(),
                };
                // Just under the SLO the two downtimes read alike: say by
                // how much it is over instead.
                let (seen, allowed) = (downtime(*availability), downtime(*slo));
                let over = if seen == allowed {
                    let minutes = (slo - availability).max(0.0) / 100.0 * 365.0 * 24.0 * 60.0;
                    format!("{} minutes a year more than the SLO allows", num(minutes))
                } else {
                    format!("about {allowed}")
                };
                format!(
                    "{} succeeds {}% of the time (about {seen} down a year), below the {}% SLO ({over}); weakest: {weak}{plain}",
                    request(client, *flow),
                    pct(*availability),
                    pct(*slo),
                )
            }
            F::TailLatencyOverBudget { client, flow, p99_ms, budget_ms, mean_ms, path } => {
                let p = chain_list(path.iter().map(|(id, l)| format!("{id} {} ms", num(*l))));
                format!(
                    "1 in 100 of {} takes over {} ms (p99), over the {} ms p99 budget, though the mean is {} ms: the mean hides the tail; slowest path: {p}",
                    requests(client, *flow),
                    num(*p99_ms),
                    num(*budget_ms),
                    num(*mean_ms)
                )
            }
            F::SplitConsumers { queue, consumers } => format!(
                "{} compete for the messages of {queue}: each sees only part of the stream, so each misses what it needs; give each its own subscription",
                and_list(consumers)
            ),
            F::LatencyOverBudget { client, flow, latency_ms, budget_ms, path } => {
                let p = chain_list(path.iter().map(|(id, l)| format!("{id} {} ms", num(*l))));
                format!(
                    "{} takes {} ms, over the {} ms budget by {} ms; slowest path: {p}",
                    request(client, *flow),
                    num(*latency_ms),
                    num(*budget_ms),
                    num(latency_ms - budget_ms)
                )
            }
            F::StatefulScaledOut { component, replicas } => format!(
                "{component} keeps state in memory and runs {replicas} replicas: a user's next request can land on a replica that does not know them"
            ),
            F::StaleAcceptance { rule, component, reason, unknown } => {
                let what = match component {
                    Some(c) => format!("{rule} on {c}"),
                    None => rule.to_string(),
                };
                match unknown {
                    Some(UnknownTarget::Rule { closest }) => {
                        let guess = closest.map(|c| format!(" (did you mean `{c}`?)")).unwrap_or_default();
                        format!(
                            "the accepted finding {what} (\"{reason}\") names no rule archcrit has: `{rule}`{guess}; fix the id (docs/rules.md lists every rule) or remove it from accepted"
                        )
                    }
                    Some(UnknownTarget::Component) => format!(
                        "the accepted finding {what} (\"{reason}\") names a component the design does not have: fix the id or remove it from accepted"
                    ),
                    None => {
                        format!("the accepted finding {what} (\"{reason}\") no longer occurs: remove it from accepted")
                    }
                }
            }
        }
    }
}

/// Lists longer than this show their start and end only: a message is read,
/// and the finding's component list has every member.
const SHOWN: usize = 8;

/// "a", "a and b", "a, b and c"; a long list as "a, b, c, d, e, f, ... and
/// 12 more".
pub fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        _ if items.len() > SHOWN => {
            format!("{}, ... and {} more", items[..SHOWN - 2].join(", "), items.len() - (SHOWN - 2))
        }
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// "a -> b -> c"; a long chain keeps its first four and last three steps.
fn chain_list<S: AsRef<str>>(items: impl ExactSizeIterator<Item = S>) -> String {
    let len = items.len();
    let mut out = String::new();
    for (i, item) in items.enumerate() {
        if len > SHOWN && (4..len - 3).contains(&i) {
            if i == 4 {
                out.push_str(&format!(" -> ({} more)", len - 7));
            }
            continue;
        }
        if i > 0 {
            out.push_str(" -> ");
        }
        out.push_str(item.as_ref());
    }
    out
}

fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}

/// A number the way people read it: `1,680`, `12.5`, `0.25`. Called for
/// every number of every message, so it builds one string directly.
pub fn num(x: f64) -> String {
    if !x.is_finite() || x.abs() >= 1e15 {
        return format!("{x:.2e}");
    }
    let decimals = if x.abs() < 10.0 { 2 } else { 1 };
    let scale: u64 = if decimals == 2 { 100 } else { 10 };
    // Below 1e15 x scale stays well inside u64.
    let scaled = (x.abs() * scale as f64).round() as u64;
    let (int, frac) = (scaled / scale, scaled % scale);
    let mut digits = [0u8; 20];
    let mut len = 0;
    let mut rest = int;
    loop {
        digits[len] = b'0' + (rest % 10) as u8;
        len += 1;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let mut out = String::with_capacity(len + len / 3 + 5);
    if x < 0.0 && scaled != 0 {
        out.push('-');
    }
    for i in (0..len).rev() {
        out.push(char::from(digits[i]));
        if i > 0 && i % 3 == 0 {
            out.push(',');
        }
    }
    if frac != 0 {
        out.push('.');
        let (tens, ones) = if decimals == 2 { (frac / 10, frac % 10) } else { (frac, 0) };
        out.push(char::from(b'0' + tens as u8));
        if ones != 0 {
            out.push(char::from(b'0' + ones as u8));
        }
    }
    out
}

/// A whole number with thousands separators (`140`, `1,250`).
/// Rounded down, so 99.9% never reads as a full 100%.
fn whole(x: f64) -> String {
    num((x + 1e-6).floor())
}

/// An availability percentage cut (not rounded) to four decimals, so a
/// replicated 99.9999999 never shows as 100.
pub fn pct(x: f64) -> String {
    let cut = ((x + 1e-9) * 1e4).floor() / 1e4;
    let s = format!("{cut:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Expected downtime per year at `availability` percent.
fn downtime(availability: f64) -> String {
    let hours = ((100.0 - availability) / 100.0).max(0.0) * 24.0 * 365.0;
    if hours >= 48.0 {
        format!("{} days", num(hours / 24.0))
    } else if hours >= 1.0 {
        format!("{} hours", num(hours))
    } else {
        format!("{} minutes", num(hours * 60.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn just_under_the_slo_says_by_how_much() {
        let fact = |availability: f64| Fact::AvailabilityBelowSlo {
            client: "web",
            flow: None,
            unbeatable: None,
            availability,
            slo: 99.95,
            weakest: vec![("db", 99.95)],
        };
        let close = Plain.message(&fact(99.94999));
        assert!(close.contains("minutes a year more than the SLO allows"), "{close}");
        let far = Plain.message(&fact(99.0));
        assert!(far.contains("below the 99.95% SLO (about 4.38 hours)"), "{far}");
    }

    #[test]
    fn numbers_read_like_prose() {
        assert_eq!(num(1680.0), "1,680");
        assert_eq!(num(1_234_567.25), "1,234,567.3");
        assert_eq!(num(0.25), "0.25");
        assert_eq!(num(12.0), "12");
        assert_eq!(num(0.05), "0.05");
        assert_eq!(num(1000.0), "1,000");
        assert_eq!(num(999.96), "1,000");
        assert_eq!(num(-2.5), "-2.5");
        assert_eq!(num(123_456.0), "123,456");
        assert_eq!(pct(99.9999999), "99.9999");
        assert_eq!(pct(99.95), "99.95");
        assert_eq!(and_list(&["a", "b", "c"]), "a, b and c");
        let many: Vec<String> = (0..12).map(|i| format!("s{i}")).collect();
        let refs: Vec<&str> = many.iter().map(String::as_str).collect();
        assert_eq!(and_list(&refs), "s0, s1, s2, s3, s4, s5, ... and 6 more");
        assert_eq!(chain_list(refs.iter()), "s0 -> s1 -> s2 -> s3 -> (5 more) -> s9 -> s10 -> s11");
        assert_eq!(chain_list(refs[..3].iter()), "s0 -> s1 -> s2");
    }

    #[test]
    fn the_contract_example_reads_as_promised() {
        let m = Plain.message(&Fact::Overloaded {
            component: "orders",
            load_rps: 1680.0,
            utilization: 1.4,
            replicas: 3,
            capacity_rps: 400.0,
            peak_rps: 1200.0,
            side: None,
            driver: None,
        });
        assert!(
            m.starts_with("orders runs at 140% of its capacity at the 1,200 rps peak: 1,680 rps on 3 x 400"),
            "{m}"
        );
    }
}
