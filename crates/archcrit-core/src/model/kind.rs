//! Component kinds, the words the critic uses to group them, and the
//! per-kind defaults (capacity, latency, availability) of the capacity model.

use std::fmt;
use std::str::FromStr;

/// What a component is. The set is closed: the design format refuses any
/// other word, so rules can match on it exhaustively.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Client,
    Cdn,
    LoadBalancer,
    Gateway,
    Service,
    Worker,
    Function,
    Database,
    Cache,
    Queue,
    Stream,
    Storage,
    Search,
    Identity,
    Monitoring,
    External,
}

/// Capacity-model defaults for one kind, used wherever a component leaves
/// the field out. One table, so docs/rules.md and the code cannot drift.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KindDefaults {
    /// Requests per second one replica absorbs before it saturates.
    pub capacity_rps: f64,
    /// The component's own processing time per request.
    pub latency_ms: f64,
    /// One replica's availability, in percent.
    pub availability: f64,
    pub stateful: bool,
}

impl Kind {
    pub const ALL: [Kind; 16] = [
        Kind::Client,
        Kind::Cdn,
        Kind::LoadBalancer,
        Kind::Gateway,
        Kind::Service,
        Kind::Worker,
        Kind::Function,
        Kind::Database,
        Kind::Cache,
        Kind::Queue,
        Kind::Stream,
        Kind::Storage,
        Kind::Search,
        Kind::Identity,
        Kind::Monitoring,
        Kind::External,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Client => "client",
            Kind::Cdn => "cdn",
            Kind::LoadBalancer => "load-balancer",
            Kind::Gateway => "gateway",
            Kind::Service => "service",
            Kind::Worker => "worker",
            Kind::Function => "function",
            Kind::Database => "database",
            Kind::Cache => "cache",
            Kind::Queue => "queue",
            Kind::Stream => "stream",
            Kind::Storage => "storage",
            Kind::Search => "search",
            Kind::Identity => "identity",
            Kind::Monitoring => "monitoring",
            Kind::External => "external",
        }
    }

    /// "client, cdn, load-balancer, ..." for error messages.
    pub fn accepted_list() -> String {
        Kind::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ")
    }

    /// Service, worker and function: the kinds that run business code.
    pub fn is_service_like(self) -> bool {
        matches!(self, Kind::Service | Kind::Worker | Kind::Function)
    }

    /// Database, cache, storage, search, queue and stream.
    pub fn is_data_store(self) -> bool {
        matches!(self, Kind::Database | Kind::Cache | Kind::Storage | Kind::Search | Kind::Queue | Kind::Stream)
    }

    /// Queue and stream: things that are published to and consumed from.
    pub fn is_messaging(self) -> bool {
        matches!(self, Kind::Queue | Kind::Stream)
    }

    /// Database, storage and search: where "writes" means durable state.
    pub fn is_persistent_store(self) -> bool {
        matches!(self, Kind::Database | Kind::Storage | Kind::Search)
    }

    pub fn defaults(self) -> KindDefaults {
        let (capacity_rps, latency_ms, availability) = match self {
            Kind::Client => (f64::INFINITY, 0.0, 100.0),
            Kind::Cdn => (50_000.0, 5.0, 99.99),
            Kind::LoadBalancer => (20_000.0, 1.0, 99.99),
            Kind::Gateway => (5_000.0, 3.0, 99.95),
            Kind::Service => (500.0, 20.0, 99.9),
            Kind::Worker => (200.0, 50.0, 99.9),
            Kind::Function => (1_000.0, 30.0, 99.95),
            Kind::Database => (2_000.0, 5.0, 99.95),
            Kind::Cache => (20_000.0, 1.0, 99.9),
            Kind::Queue => (10_000.0, 2.0, 99.95),
            Kind::Stream => (50_000.0, 5.0, 99.95),
            Kind::Storage => (3_000.0, 20.0, 99.99),
            Kind::Search => (1_000.0, 15.0, 99.9),
            Kind::Identity => (2_000.0, 10.0, 99.95),
            Kind::Monitoring => (10_000.0, 2.0, 99.9),
            Kind::External => (1_000.0, 100.0, 99.9),
        };
        KindDefaults {
            capacity_rps,
            latency_ms,
            availability,
            stateful: matches!(
                self,
                Kind::Database | Kind::Cache | Kind::Queue | Kind::Stream | Kind::Storage | Kind::Search
            ),
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error of parsing a kind: carries the closest accepted word, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKind {
    pub given: String,
    pub suggestion: Option<&'static str>,
}

impl fmt::Display for UnknownKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown kind `{}`", self.given)?;
        if let Some(s) = self.suggestion {
            write!(f, " (did you mean `{s}`?)")?;
        }
        write!(f, "; accepted kinds: {}", Kind::accepted_list())
    }
}

impl std::error::Error for UnknownKind {}

impl FromStr for Kind {
    type Err = UnknownKind;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Kind::ALL.iter().copied().find(|k| k.as_str() == s).ok_or_else(|| UnknownKind {
            given: s.to_string(),
            suggestion: super::closest(s, Kind::ALL.iter().map(|k| k.as_str())),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_through_its_word() {
        for k in Kind::ALL {
            assert_eq!(k.as_str().parse::<Kind>(), Ok(k));
        }
    }

    #[test]
    fn a_typo_suggests_the_closest_kind() {
        let err = "databse".parse::<Kind>().unwrap_err();
        assert_eq!(err.suggestion, Some("database"));
        assert!(err.to_string().contains("load-balancer"));
    }

    #[test]
    fn stateful_defaults_follow_the_format() {
        assert!(Kind::Queue.defaults().stateful);
        assert!(!Kind::Service.defaults().stateful);
        assert!(!Kind::Gateway.defaults().stateful);
    }
}
