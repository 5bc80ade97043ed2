//! What the traces say, once aggregated: per node (a service, or a peer
//! seen only from its callers), per edge and per entry operation.

use serde::Serialize;

use super::span::Node;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObservedNode {
    #[serde(skip)]
    pub node: Node,
    /// Requests it served: spans whose parent is in another service or
    /// absent (for a peer, the calls made to it).
    pub requests: u64,
    /// Of those, the ones whose span says error (OTLP status ERROR, Jaeger
    /// `error: true`).
    pub errors: u64,
    /// Requests per second over the traces' time window (`None` when the
    /// traces cover no time).
    pub rps: Option<f64>,
    pub error_rate: Option<f64>,
    /// Every request it served came off a queue (a worker).
    pub consumer_only: bool,
    /// Its own time per request: less the calls it makes.
    pub own_mean_ms: Option<f64>,
    pub own_p99_ms: Option<f64>,
    /// The whole request as it saw it, calls included.
    pub total_mean_ms: Option<f64>,
    pub total_p99_ms: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObservedEdge {
    /// Indexes into `Observed::nodes`.
    pub from: usize,
    pub to: usize,
    /// A producer/consumer hop, or through a message destination.
    pub is_async: bool,
    pub calls: u64,
    pub rps: Option<f64>,
    /// Calls per request the caller served.
    pub per_request: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObservedEntry {
    /// The node that received it (index into `Observed::nodes`).
    pub node: usize,
    /// The root span's name (`GET /checkout`).
    pub operation: String,
    pub count: u64,
    pub rps: Option<f64>,
    pub error_rate: Option<f64>,
    pub mean_ms: Option<f64>,
    pub p99_ms: Option<f64>,
    /// Every node its traces reached, breadth first from the entry.
    pub path: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Observed {
    pub nodes: Vec<ObservedNode>,
    pub edges: Vec<ObservedEdge>,
    pub entries: Vec<ObservedEntry>,
    pub spans: u64,
    pub traces: u64,
    /// Seconds from the first span's start to the last span's end.
    pub window_s: Option<f64>,
    /// Traces closed before their end (too many open at once, or too long).
    pub closed_early: u64,
}

impl Observed {
    pub fn name(&self, node: usize) -> &str {
        self.nodes.get(node).map_or("?", |n| n.node.name())
    }
}
