//! Spans in, per-node aggregates out, in memory proportional to services,
//! edges and entry operations, not spans. Only open traces keep their
//! spans (to link children to parents by id, never by timestamps); at most
//! `MAX_OPEN_TRACES` are open at once: opening one more closes the oldest,
//! and a trace also closes when its reader says it is whole (Jaeger) or at
//! the end of the input.

use std::collections::{HashMap, VecDeque};

use indexmap::IndexMap;

use super::observed::{Observed, ObservedEdge, ObservedEntry, ObservedNode};
use super::own_time::own_time;
use super::sketch::Sketch;
use super::span::{Node, Peer, RawSpan, Span, SpanKind};

/// Most traces held open at once (their spans kept to join parents and
/// children). Spans of one trace spread over more of the input than this
/// many other traces are joined partly: each part counts on its own.
pub const MAX_OPEN_TRACES: usize = 10_000;
/// Most spans one open trace holds; past it the trace is closed early.
pub const MAX_SPANS_PER_TRACE: usize = 10_000;
/// Most distinct nodes (services and peers) and operation names; past it
/// new ones count under `(other)`.
pub const MAX_NAMES: usize = 10_000;
/// Most nodes one entry operation's path lists.
const MAX_PATH: usize = 64;

#[derive(Debug)]
struct Interner<T: std::hash::Hash + Eq + Clone> {
    index: HashMap<T, u32>,
    items: Vec<T>,
}

impl<T: std::hash::Hash + Eq + Clone> Default for Interner<T> {
    fn default() -> Self {
        Interner { index: HashMap::new(), items: Vec::new() }
    }
}

impl<T: std::hash::Hash + Eq + Clone> Interner<T> {
    fn get(&mut self, item: T, other: impl FnOnce() -> T) -> u32 {
        if let Some(&i) = self.index.get(&item) {
            return i;
        }
        let item = if self.items.len() >= MAX_NAMES { other() } else { item };
        if let Some(&i) = self.index.get(&item) {
            return i;
        }
        let i = self.items.len() as u32;
        self.index.insert(item.clone(), i);
        self.items.push(item);
        i
    }
}

#[derive(Debug, Default, Clone)]
struct NodeStats {
    requests: u64,
    consumed: u64,
    errors: u64,
    total: Sketch,
    own: Sketch,
}

#[derive(Debug, Default, Clone)]
struct EntryStats {
    count: u64,
    errors: u64,
    total: Sketch,
    path: Vec<u32>,
}

/// The streaming aggregator: readers `push` spans and `close` whole traces.
#[derive(Debug)]
pub struct Aggregator {
    cap: usize,
    open: HashMap<u128, Vec<Span>>,
    order: VecDeque<u128>,
    nodes: Interner<Node>,
    names: Interner<String>,
    stats: Vec<NodeStats>,
    edges: IndexMap<(u32, u32, bool), u64>,
    entries: IndexMap<(u32, u32), EntryStats>,
    first: u64,
    last: u64,
    /// The window of root spans only (one clock per root service, so clock
    /// skew between services does not stretch it).
    root_first: u64,
    root_last: u64,
    spans: u64,
    traces: u64,
    early: u64,
}

impl Default for Aggregator {
    fn default() -> Self {
        Aggregator::with_cap(MAX_OPEN_TRACES)
    }
}

impl Aggregator {
    /// An aggregator keeping at most `cap` traces open (at least one).
    pub fn with_cap(cap: usize) -> Self {
        Aggregator {
            cap: cap.max(1),
            open: HashMap::new(),
            order: VecDeque::new(),
            nodes: Interner::default(),
            names: Interner::default(),
            stats: Vec::new(),
            edges: IndexMap::new(),
            entries: IndexMap::new(),
            first: u64::MAX,
            last: 0,
            root_first: u64::MAX,
            root_last: 0,
            spans: 0,
            traces: 0,
            early: 0,
        }
    }

    fn node(&mut self, node: Node) -> u32 {
        let i = self.nodes.get(node, || Node::Service("(other)".into()));
        if self.stats.len() <= i as usize {
            self.stats.resize(i as usize + 1, NodeStats::default());
        }
        i
    }

    /// Takes one span; may close the oldest open trace to stay in bounds.
    pub fn push(&mut self, raw: RawSpan) {
        self.spans += 1;
        let duration = raw.end.saturating_sub(raw.start);
        self.first = self.first.min(raw.start);
        self.last = self.last.max(raw.start.saturating_add(duration));
        if raw.parent.is_none_or(|p| p == 0) {
            self.root_first = self.root_first.min(raw.start);
            self.root_last = self.root_last.max(raw.start.saturating_add(duration));
        }
        let service = self.node(Node::Service(raw.service));
        let peer = raw.peer.map(|p| self.node(Node::Peer(p)));
        let name = self.names.get(raw.name, || "(other)".into());
        let span = Span {
            id: raw.id,
            parent: raw.parent.filter(|p| *p != 0),
            service,
            name,
            kind: raw.kind.unwrap_or(SpanKind::Internal),
            start: raw.start,
            duration,
            error: raw.error,
            peer,
        };
        let trace = raw.trace;
        match self.open.get_mut(&trace) {
            Some(spans) => {
                spans.push(span);
                if spans.len() >= MAX_SPANS_PER_TRACE {
                    self.early += 1;
                    self.close(trace);
                }
            }
            None => {
                self.open.insert(trace, vec![span]);
                self.order.push_back(trace);
                while self.open.len() > self.cap {
                    match self.order.pop_front() {
                        Some(oldest) if self.open.contains_key(&oldest) => {
                            self.early += 1;
                            self.close(oldest);
                        }
                        Some(_) => {}
                        None => break,
                    }
                }
                if self.order.len() > 2 * self.cap {
                    let open = &self.open;
                    self.order.retain(|t| open.contains_key(t));
                }
            }
        }
    }

    /// The trace is whole: joins its spans and counts them.
    pub fn close(&mut self, trace: u128) {
        if self.order.back() == Some(&trace) {
            self.order.pop_back();
        }
        if let Some(spans) = self.open.remove(&trace) {
            self.traces += 1;
            self.finish_trace(&spans);
        }
    }

    /// Spans and traces held right now: bounded by the caps, whatever the
    /// input's size (the memory check counts these).
    pub fn retained(&self) -> usize {
        self.open.values().map(Vec::len).sum::<usize>() + self.order.len()
    }

    /// Aggregate entries kept (nodes, edges, entry operations, names):
    /// they grow with the system's size, not with the number of spans.
    pub fn aggregates(&self) -> usize {
        self.stats.len() + self.edges.len() + self.entries.len() + self.names.items.len()
    }

    fn finish_trace(&mut self, spans: &[Span]) {
        let index: HashMap<u64, usize> = spans.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
        let parent: Vec<Option<usize>> = spans
            .iter()
            .enumerate()
            .map(|(i, s)| s.parent.and_then(|p| index.get(&p).copied()).filter(|p| *p != i))
            .collect();
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); spans.len()];
        for (i, p) in parent.iter().enumerate() {
            if let Some(p) = p {
                children[*p].push(i);
            }
        }
        for (i, s) in spans.iter().enumerate() {
            let caller = parent[i].map(|p| &spans[p]);
            let local_root = caller.is_none_or(|c| c.service != s.service);
            if local_root {
                let own = own_time(spans, &children, i);
                let st = &mut self.stats[s.service as usize];
                st.requests += 1;
                st.consumed += u64::from(s.kind == SpanKind::Consumer);
                st.errors += u64::from(s.error);
                st.total.record(s.duration);
                st.own.record(own);
                match caller {
                    Some(c) => {
                        let is_async = s.kind == SpanKind::Consumer || c.kind == SpanKind::Producer;
                        let from = match (c.kind, c.peer) {
                            (SpanKind::Producer, Some(q)) if self.is_messaging(q) => q,
                            _ => c.service,
                        };
                        *self.edges.entry((from, s.service, is_async)).or_insert(0) += 1;
                    }
                    // A consumer in a trace of its own (Kafka links traces
                    // instead of parenting them): the hop from its topic.
                    None if s.kind == SpanKind::Consumer && s.peer.is_some_and(|q| self.is_messaging(q)) => {
                        if let Some(q) = s.peer {
                            *self.edges.entry((q, s.service, true)).or_insert(0) += 1;
                        }
                    }
                    None => self.entry(spans, &children, i),
                }
            }
            if let (true, Some(peer)) = (s.kind.is_exit(), s.peer) {
                let answered = children[i].iter().any(|c| spans[*c].service != s.service);
                let messaging = self.is_messaging(peer);
                if messaging || !answered {
                    *self.edges.entry((s.service, peer, s.kind == SpanKind::Producer || messaging)).or_insert(0) += 1;
                    let st = &mut self.stats[peer as usize];
                    st.requests += 1;
                    if !messaging {
                        st.errors += u64::from(s.error);
                        st.total.record(s.duration);
                        st.own.record(s.duration);
                    }
                }
            }
        }
    }

    fn is_messaging(&self, node: u32) -> bool {
        matches!(self.nodes.items.get(node as usize), Some(Node::Peer(Peer::Messaging { .. })))
    }

    /// A span with no parent in its trace: an entry operation. Its path is
    /// every node its trace reaches, depth first with calls in the order
    /// they started (siblings share their parent's clock).
    fn entry(&mut self, spans: &[Span], children: &[Vec<usize>], root: usize) {
        let s = &spans[root];
        let mut path: Vec<u32> = Vec::new();
        let mut seen = vec![false; spans.len()];
        let mut stack = vec![root];
        seen[root] = true;
        while let Some(i) = stack.pop() {
            for n in std::iter::once(spans[i].service).chain(spans[i].peer.filter(|_| spans[i].kind.is_exit())) {
                if !path.contains(&n) && path.len() < MAX_PATH {
                    path.push(n);
                }
            }
            let mut next: Vec<usize> = children[i].iter().copied().filter(|c| !seen[*c]).collect();
            next.sort_by_key(|c| std::cmp::Reverse((spans[*c].start, *c)));
            for c in next {
                seen[c] = true;
                stack.push(c);
            }
        }
        let e = self.entries.entry((s.service, s.name)).or_default();
        e.count += 1;
        e.errors += u64::from(s.error);
        e.total.record(s.duration);
        for n in path {
            if !e.path.contains(&n) && e.path.len() < MAX_PATH {
                e.path.push(n);
            }
        }
    }

    /// Closes every open trace and turns the counts into rates: `sampling`
    /// is the share of requests that were traced (1 = all).
    pub fn finish(mut self, sampling: f64) -> Observed {
        let open: Vec<u128> = self.order.drain(..).collect();
        for t in open {
            self.close(t);
        }
        let rest: Vec<u128> = self.open.keys().copied().collect();
        for t in rest {
            self.close(t);
        }
        let (first, last) =
            if self.root_last > self.root_first { (self.root_first, self.root_last) } else { (self.first, self.last) };
        let window_s = (self.spans > 0 && last > first).then(|| (last - first) as f64 / 1e9);
        let sampling = if sampling > 0.0 && sampling <= 1.0 { sampling } else { 1.0 };
        let rate = |n: u64| window_s.map(|w| n as f64 / sampling / w);
        let ratio = |a: u64, b: u64| (b > 0).then(|| a as f64 / b as f64);
        let nodes = self
            .nodes
            .items
            .iter()
            .zip(&self.stats)
            .map(|(node, st)| ObservedNode {
                node: node.clone(),
                requests: st.requests,
                errors: st.errors,
                rps: rate(st.requests),
                error_rate: ratio(st.errors, st.requests),
                consumer_only: st.requests > 0 && st.consumed == st.requests,
                own_mean_ms: st.own.mean_ms(),
                own_p99_ms: st.own.quantile_ms(0.99),
                total_mean_ms: st.total.mean_ms(),
                total_p99_ms: st.total.quantile_ms(0.99),
            })
            .collect();
        let edges = self
            .edges
            .iter()
            .map(|(&(from, to, is_async), &calls)| ObservedEdge {
                from: from as usize,
                to: to as usize,
                is_async,
                calls,
                rps: rate(calls),
                per_request: ratio(calls, self.stats[from as usize].requests),
            })
            .collect();
        let entries = self
            .entries
            .iter()
            .map(|(&(node, name), e)| ObservedEntry {
                node: node as usize,
                operation: self.names.items.get(name as usize).cloned().unwrap_or_default(),
                count: e.count,
                rps: rate(e.count),
                error_rate: ratio(e.errors, e.count),
                mean_ms: e.total.mean_ms(),
                p99_ms: e.total.quantile_ms(0.99),
                path: e.path.iter().map(|n| *n as usize).collect(),
            })
            .collect();
        Observed { nodes, edges, entries, spans: self.spans, traces: self.traces, window_s, closed_early: self.early }
    }
}
