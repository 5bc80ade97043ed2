//! The critic's output: findings, accepted findings and metrics. The JSON
//! shape is a contract (see docs/rules.md): field names and the sort order
//! of findings must not change.

use indexmap::IndexMap;
use serde::Serialize;

use crate::model::{ComponentId, LinkKey};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    // Declared most severe first so sorting puts errors on top.
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    /// Whether a finding of this severity trips a gate at `gate`.
    pub fn at_least(self, gate: Severity) -> bool {
        self <= gate
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    /// The subject first, then the others the rule names.
    pub components: Vec<ComponentId>,
    #[serde(serialize_with = "serialize_links")]
    pub links: Vec<LinkKey>,
    pub message: String,
    pub patterns: Vec<&'static str>,
}

impl Finding {
    pub fn subject(&self) -> Option<&ComponentId> {
        self.components.first()
    }

    /// Whether the finding is about this link: one it lists or, for a rule
    /// whose contract names components only (a writer and its stores, a
    /// fan-out and its callees), a link between the subject and another
    /// component it names. Views use it to highlight what a finding means.
    pub fn concerns(&self, link: &LinkKey) -> bool {
        if !self.links.is_empty() {
            return self.links.contains(link);
        }
        let Some((subject, others)) = self.components.split_first() else { return false };
        (link.from == *subject && others.contains(&link.to)) || (link.to == *subject && others.contains(&link.from))
    }
}

/// A finding the design's `accepted:` list silenced.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AcceptedFinding {
    pub rule: String,
    /// `null` in JSON for a design-level acceptance: the contract's
    /// `accepted` entries always carry rule, component and reason.
    pub component: Option<ComponentId>,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComponentMetrics {
    pub load_rps: f64,
    /// `None` for clients (they have no capacity).
    pub utilization: Option<f64>,
    /// Replicated availability, percent.
    pub availability: f64,
    pub latency_ms: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestMetrics {
    pub load_rps: f64,
    /// Product over the client's synchronous call tree, percent.
    pub availability: f64,
    pub latency_ms: f64,
}

/// One flow's numbers (capacity model v2, section 1). Latencies are
/// `null` (and `unbounded` true) when a component on the flow's call tree
/// is saturated: queues grow without bound, so no number would be true.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlowMetrics {
    /// The client that sends it.
    pub from: ComponentId,
    pub load_rps: f64,
    /// Product over the flow's synchronous call tree, percent.
    pub availability: f64,
    /// Mean, with queueing delay at peak.
    pub latency_ms: Option<f64>,
    pub p50_ms: Option<f64>,
    pub p99_ms: Option<f64>,
    pub unbounded: bool,
    /// Whether p50/p99 were sampled (else a log-normal fitted to the exact
    /// mean and variance, for flows too large to sample).
    pub p99_sampled: bool,
}

/// How far peak load can grow before the first component saturates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Headroom {
    /// 1 / the highest utilization: 1.7 means peak can grow by 70%; below
    /// 1, the design is already over capacity.
    pub factor: f64,
    /// The component that saturates first, then the next two.
    pub first: Vec<ComponentId>,
}

impl Headroom {
    pub fn line(&self) -> String {
        let Some((first, next)) = self.first.split_first() else { return String::new() };
        let then = if next.is_empty() {
            String::new()
        } else {
            format!(" (then {})", next.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", "))
        };
        if self.factor >= 1.0 {
            format!(
                "headroom {:.1}x: peak can grow {:.0}% before {first} saturates{then}",
                self.factor,
                (self.factor - 1.0) * 100.0
            )
        } else {
            format!("headroom {:.2}x: {first} is already over capacity at peak{then}", self.factor)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Metrics {
    pub components: IndexMap<ComponentId, ComponentMetrics>,
    pub requests: IndexMap<ComponentId, RequestMetrics>,
    /// Per flow (explicit flows, then each client's implicit one), by id.
    pub flows: IndexMap<String, FlowMetrics>,
    /// `null` when no load enters.
    pub headroom: Option<Headroom>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub design: String,
    pub findings: Vec<Finding>,
    pub accepted: Vec<AcceptedFinding>,
    pub metrics: Metrics,
    /// What the critique could not check and why (no load, no SLO, facts
    /// the source did not state).
    pub not_checked: Vec<NotChecked>,
}

/// One thing a critique could not check: `{"check": "capacity", "reason": "no peak_rps or client rps"}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotChecked {
    pub check: &'static str,
    pub reason: &'static str,
}

impl NotChecked {
    pub fn new(check: &'static str, reason: &'static str) -> Self {
        NotChecked { check, reason }
    }
}

impl Report {
    /// The worst severity among the (unaccepted) findings.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).min()
    }

    /// The worst severity of the findings that list `id`.
    pub fn worst_for(&self, id: &str) -> Option<Severity> {
        self.findings.iter().filter(|f| f.components.iter().any(|c| c.as_str() == id)).map(|f| f.severity).min()
    }

    /// `worst_for` of every component a finding lists, in one pass: a
    /// board asks for each box it draws, and asking the findings each time
    /// cost a frame of 1,000 components several milliseconds.
    pub fn worst_by_component(&self) -> std::collections::HashMap<&str, Severity> {
        let mut worst = std::collections::HashMap::new();
        for f in &self.findings {
            for c in &f.components {
                worst.entry(c.as_str()).and_modify(|s: &mut Severity| *s = (*s).min(f.severity)).or_insert(f.severity);
            }
        }
        worst
    }

    /// "headroom 1.7x: peak can grow 70% before tweet-svc saturates (then
    /// a, b)", or, below 1x, how far over capacity peak already is; `None`
    /// when no load enters.
    pub fn headroom_line(&self) -> Option<String> {
        self.metrics.headroom.as_ref().map(Headroom::line)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == severity).count()
    }
}

fn serialize_links<S: serde::Serializer>(links: &[LinkKey], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    #[derive(Serialize)]
    struct LinkRef<'a> {
        from: &'a str,
        to: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        protocol: Option<&'a str>,
    }
    let mut seq = s.serialize_seq(Some(links.len()))?;
    for k in links {
        seq.serialize_element(&LinkRef { from: k.from.as_str(), to: k.to.as_str(), protocol: k.protocol.as_deref() })?;
    }
    seq.end()
}
