//! The capacity model, version 2 (docs/rules.md, "How the model works"):
//! load per component from the flows' load through `calls`, cache weights,
//! delivery shares and CDC; reads and writes; utilization by replication;
//! replicated availability; latency with M/M/c waiting; per client the
//! request of version 1 and per flow its numbers (flows.rs); headroom.
//!
//! Cycles: links that close a cycle (`Snapshot::back`) carry neither load
//! nor latency, so a loop is walked once and never feeds itself. Every
//! number is finite: overflow saturates at `f64::MAX`, NaN becomes 0.
//! No judging happens here; rules read these numbers.

use indexmap::IndexMap;

use super::call_tree::call_trees;
use super::flows::{self, FlowResult};
use super::report::{ComponentMetrics, Headroom, Metrics, RequestMetrics};
use super::snapshot::Snapshot;
use super::tail::{self, Wait};
use crate::model::{Access, Delivery, Design, Kind, Replication, is_cdc};

/// The numbers of one synchronous request sent by one client.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Request {
    pub client: usize,
    pub load: f64,
    /// Fraction in [0, 1]: the product over the synchronous call tree.
    pub availability: f64,
    pub latency: f64,
    /// Up to three members of the call tree with the lowest availability,
    /// lowest first (ties in file order).
    pub weakest: Vec<usize>,
    /// Number of components on the synchronous call tree.
    pub tree_size: usize,
}

/// Which side of a data store saturates first (section 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    /// Not a store with a read/write split: total load over capacity.
    Total,
    Reads,
    Writes,
}

/// Per-component numbers by snapshot index, plus per-client requests and
/// per-flow numbers.
pub(crate) struct Model {
    /// Whether any load enters (peak_rps set, or some client sets rps).
    pub load_enters: bool,
    /// Sum of the load entering at all clients.
    pub entering_total: f64,
    pub load: Vec<f64>,
    /// Reads and writes arriving at each component (after cache-aside).
    pub reads: Vec<f64>,
    pub writes: Vec<f64>,
    /// Per link: the load it carries, summed over flows.
    pub link_load: Vec<f64>,
    /// `None` for clients.
    pub utilization: Vec<Option<f64>>,
    /// Which side gives the utilization, and the capacity of that side.
    pub side: Vec<(Side, f64)>,
    /// Replicated availability as a fraction.
    pub availability: Vec<f64>,
    /// A component's own mean latency at peak: service time plus the
    /// M/M/c wait (service time alone when saturated).
    pub own_latency: Vec<f64>,
    /// The M/M/c wait of each component at peak.
    pub wait: Vec<Wait>,
    /// Own latency plus what its synchronous calls add (version 1's
    /// component latency, with waiting).
    pub latency: Vec<f64>,
    /// Per link: the cache weight applied to load and latency.
    pub weight: Vec<f64>,
    /// Per component: how many clients' synchronous call trees include it.
    pub needed_by: Vec<usize>,
    /// Strongly connected sets of the sync-only graph, members in file order.
    pub sync_sccs: Vec<Vec<usize>>,
    /// One per client, in file order.
    pub requests: Vec<Request>,
    /// Explicit flows in file order, then the implicit flow of each client
    /// that has none.
    pub flows: Vec<FlowResult>,
    /// How far peak can grow before the first component saturates.
    pub headroom: Option<(f64, Vec<usize>)>,
}

/// The report's metrics for a design, without running any rule.
pub fn metrics(design: &Design) -> Metrics {
    let snap = Snapshot::new(design);
    Model::new(&snap).to_metrics(&snap)
}

impl Model {
    pub fn new(s: &Snapshot<'_>) -> Self {
        let n = s.len();
        let weight: Vec<f64> = (0..s.links.len()).map(|j| link_weight(s, j)).collect();
        let share = delivery_shares(s);
        let (entering, load_enters) = entering_load(s);
        let entering_total = entering.iter().fold(0.0, |acc, x| add(acc, *x));
        let defs = flows::resolve(s, &entering);

        // Load is linear in what enters: the implicit flows (every link)
        // go in one pass, each explicit flow in its own over its links.
        let mut loads = Loads::new(n, s.links.len());
        let implicit: Vec<(usize, f64)> =
            defs.iter().filter(|f| f.members.is_none()).map(|f| (f.client, f.load)).collect();
        propagate(s, &weight, &share, &implicit, None, &mut loads);
        for f in defs.iter().filter(|f| f.members.is_some()) {
            propagate(s, &weight, &share, &[(f.client, f.load)], f.members.as_deref(), &mut loads);
        }

        let availability: Vec<f64> = (0..n).map(|i| replicated(s, i)).collect();
        let mut utilization = vec![None; n];
        let mut side = vec![(Side::Total, 0.0); n];
        for i in 0..n {
            if s.kind(i) != Kind::Client {
                let (u, sd, cap) = utilization_of(s, &loads, i);
                utilization[i] = Some(u);
                side[i] = (sd, cap);
            }
        }
        let mut wait = vec![Wait::NONE; n];
        let mut own = vec![0.0; n];
        for i in 0..n {
            let service = own_latency(s, i);
            own[i] = service;
            if let Some(u) = utilization[i]
                && u < 1.0
            {
                let c = s.comps[i];
                let nodes = c.effective_replicas().saturating_mul(store_shards(s, i));
                let servers = tail::servers(positive(c.effective_capacity_rps(), 1.0), service, nodes);
                wait[i] = tail::wait(servers, u, service);
                own[i] = add(service, wait[i].mean());
            }
        }
        let mut latency = vec![0.0; n];
        for &u in s.order.iter().rev() {
            latency[u] = add(own[u], downstream_latency(s, &weight, &latency, u));
        }

        let trees = call_trees(s, &availability);
        let requests: Vec<Request> = trees
            .trees
            .iter()
            .map(|t| Request {
                client: t.client,
                load: entering[t.client],
                availability: fin(t.availability),
                latency: downstream_latency(s, &weight, &latency, t.client),
                weakest: t.weakest.clone(),
                tree_size: t.size,
            })
            .collect();
        let headroom = headroom(s, &utilization, &loads.total);
        let mut model = Model {
            load_enters,
            entering_total,
            load: loads.total,
            reads: loads.reads,
            writes: loads.writes,
            link_load: loads.link,
            utilization,
            side,
            availability,
            own_latency: own,
            wait,
            latency,
            weight,
            needed_by: trees.needed_by,
            sync_sccs: trees.sccs,
            requests,
            flows: Vec::new(),
            headroom,
        };
        model.flows = flows::evaluate(s, &model, defs);
        model
    }

    pub fn to_metrics(&self, s: &Snapshot<'_>) -> Metrics {
        let components = s
            .comps
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let m = ComponentMetrics {
                    load_rps: self.load[i],
                    utilization: self.utilization[i],
                    availability: fin(self.availability[i] * 100.0),
                    latency_ms: self.latency[i],
                };
                (c.id.clone(), m)
            })
            .collect::<IndexMap<_, _>>();
        let requests = self
            .requests
            .iter()
            .map(|r| {
                let m = RequestMetrics {
                    load_rps: r.load,
                    availability: fin(r.availability * 100.0),
                    latency_ms: r.latency,
                };
                (s.comps[r.client].id.clone(), m)
            })
            .collect();
        let flows = self.flows.iter().map(|f| (f.id.clone(), f.metrics(s))).collect();
        let headroom = self.headroom.as_ref().map(|(factor, first)| Headroom {
            factor: *factor,
            first: first.iter().map(|&i| s.comps[i].id.clone()).collect(),
        });
        Metrics { components, requests, flows, headroom }
    }

    /// A link's share of the request latency it adds to its caller.
    pub fn link_latency(&self, s: &Snapshot<'_>, j: usize) -> f64 {
        if !s.sync[j] || s.back[j] {
            return 0.0;
        }
        mul(mul(calls(s, j), self.weight[j]), self.latency[s.to[j]])
    }

    /// The incoming link that brings the most load to `i`, if any.
    pub fn main_cause(&self, s: &Snapshot<'_>, i: usize) -> Option<usize> {
        s.inc(i)
            .iter()
            .copied()
            .filter(|&j| self.link_load[j] > 0.0)
            .max_by(|&a, &b| self.link_load[a].total_cmp(&self.link_load[b]).then(b.cmp(&a)))
    }
}

/// Load, reads and writes per component and load per link.
struct Loads {
    total: Vec<f64>,
    reads: Vec<f64>,
    writes: Vec<f64>,
    link: Vec<f64>,
}

impl Loads {
    fn new(n: usize, links: usize) -> Self {
        Loads { total: vec![0.0; n], reads: vec![0.0; n], writes: vec![0.0; n], link: vec![0.0; links] }
    }
}

/// Pushes what enters at `entering` down the links (all, or those whose two
/// ends are in `members`) in topological order, adding into `acc`. A link
/// carries its caller's load x calls x cache weight x delivery share; a
/// `cdc` link carries its store's writes instead. What arrives splits into
/// reads and writes by the link's access (section 2).
fn propagate(
    s: &Snapshot<'_>,
    weight: &[f64],
    share: &[f64],
    entering: &[(usize, f64)],
    members: Option<&[bool]>,
    acc: &mut Loads,
) {
    let n = s.len();
    let mut total = vec![0.0; n];
    let mut writes = vec![0.0; n];
    for &(c, load) in entering {
        total[c] = add(total[c], load);
        acc.total[c] = add(acc.total[c], load);
    }
    let ratio = s.design.requirements().read_write_ratio.filter(|r| r.is_finite() && *r >= 0.0);
    let allowed = |i: usize| members.is_none_or(|m| m[i]);
    for &u in &s.order {
        if !allowed(u) || (total[u] <= 0.0 && writes[u] <= 0.0) {
            continue;
        }
        for &j in s.out(u) {
            let t = s.to[j];
            if s.back[j] || !allowed(t) {
                continue;
            }
            let carried = if is_cdc(s.links[j].protocol.as_deref()) {
                writes[u]
            } else {
                let miss = if s.kind(u) == Kind::Cache { weight[j] } else { 1.0 };
                mul(mul(mul(total[u], calls(s, j)), share[j]), miss)
            };
            if carried <= 0.0 {
                continue;
            }
            let aside = if s.kind(u) == Kind::Cache { 1.0 } else { weight[j] };
            let (r, w, arrived) = split(s.links[j].effective_access(), ratio, carried, aside);
            total[t] = add(total[t], arrived);
            writes[t] = add(writes[t], w);
            acc.total[t] = add(acc.total[t], arrived);
            acc.reads[t] = add(acc.reads[t], r);
            acc.writes[t] = add(acc.writes[t], w);
            acc.link[j] = add(acc.link[j], arrived);
        }
    }
}

/// (reads, writes, load) arriving from `carried` requests over a link with
/// this access; `aside` is the cache-aside miss ratio, applied to reads
/// only. Without a read/write ratio a readwrite link counts fully as reads
/// for caching and fully as writes for write capacity (the pessimistic
/// side of each); its load is version 1's (`carried x aside`).
fn split(access: Access, ratio: Option<f64>, carried: f64, aside: f64) -> (f64, f64, f64) {
    match (access, ratio) {
        (Access::Read, _) => {
            let r = mul(carried, aside);
            (r, 0.0, r)
        }
        (Access::Write, _) => (0.0, carried, carried),
        (Access::ReadWrite, Some(rw)) => {
            let r = mul(carried * rw / (rw + 1.0), aside);
            let w = fin(carried / (rw + 1.0));
            (r, w, add(r, w))
        }
        (Access::ReadWrite, None) => {
            let r = mul(carried, aside);
            (r, carried, r)
        }
    }
}

/// Per link out of a queue or stream: the share of its messages that link
/// takes. Competing consumers share in proportion to their capacity;
/// fan-out consumers each take everything. 1 for every other link.
fn delivery_shares(s: &Snapshot<'_>) -> Vec<f64> {
    let mut share = vec![1.0; s.links.len()];
    for i in 0..s.len() {
        if s.comps[i].effective_delivery() != Some(Delivery::Competing) {
            continue;
        }
        let consumers: Vec<usize> = s.out(i).iter().copied().filter(|&j| !s.back[j]).collect();
        let capacity = |j: usize| {
            let c = s.comps[s.to[j]];
            mul(positive(c.effective_capacity_rps(), 1.0), f64::from(c.effective_replicas()))
        };
        let total = consumers.iter().fold(0.0, |acc, &j| add(acc, capacity(j)));
        if total > 0.0 {
            for &j in &consumers {
                share[j] = fin(capacity(j) / total);
            }
        }
    }
    share
}

/// Shards of a store (1 for every other kind).
fn store_shards(s: &Snapshot<'_>, i: usize) -> u32 {
    if s.comps[i].effective_replication().is_some() { s.comps[i].effective_shards() } else { 1 }
}

/// Utilization, the side that gives it and that side's capacity. Stores:
/// reads spread over replicas x shards; writes go to the primaries (one
/// per shard for primary-replica, every node otherwise); the larger wins.
fn utilization_of(s: &Snapshot<'_>, loads: &Loads, i: usize) -> (f64, Side, f64) {
    let c = s.comps[i];
    let per_node = positive(c.effective_capacity_rps(), 1.0);
    let replicas = f64::from(c.effective_replicas());
    let Some(replication) = c.effective_replication() else {
        let capacity = mul(per_node, replicas);
        return (fin(loads.total[i] / capacity), Side::Total, capacity);
    };
    let shards = f64::from(c.effective_shards());
    let read_capacity = mul(mul(per_node, replicas), shards);
    let primaries = match replication {
        Replication::PrimaryReplica => shards,
        Replication::MultiPrimary | Replication::Sharded => mul(replicas, shards),
    };
    let write_capacity = mul(per_node, primaries);
    let (ur, uw) = (fin(loads.reads[i] / read_capacity), fin(loads.writes[i] / write_capacity));
    if uw > ur { (uw, Side::Writes, write_capacity) } else { (ur, Side::Reads, read_capacity) }
}

/// Load is linear in peak, so peak can grow by 1 / the highest
/// utilization before that component saturates; it and the next two.
fn headroom(s: &Snapshot<'_>, utilization: &[Option<f64>], load: &[f64]) -> Option<(f64, Vec<usize>)> {
    let mut busy: Vec<(f64, usize)> =
        (0..s.len()).filter_map(|i| utilization[i].filter(|u| *u > 0.0 && load[i] > 0.0).map(|u| (u, i))).collect();
    busy.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let (top, _) = *busy.first()?;
    Some((fin(1.0 / top), busy.iter().take(3).map(|&(_, i)| i).collect()))
}

/// Sum over `u`'s synchronous, non-closing links of calls x weight x the
/// callee's latency.
fn downstream_latency(s: &Snapshot<'_>, weight: &[f64], latency: &[f64], u: usize) -> f64 {
    s.out(u)
        .iter()
        .filter(|&&j| s.sync[j] && !s.back[j])
        .fold(0.0, |acc, &j| add(acc, mul(mul(calls(s, j), weight[j]), latency[s.to[j]])))
}

/// Each client's entering load (`Design::client_load`), by index, and
/// whether any load is stated at all.
fn entering_load(s: &Snapshot<'_>) -> (Vec<f64>, bool) {
    let load = s.design.client_load();
    let mut entering = vec![0.0; s.len()];
    for i in (0..s.len()).filter(|&i| s.kind(i) == Kind::Client) {
        entering[i] = load.entering(s.comps[i]);
    }
    (entering, load.stated())
}

/// The cache weights of the format: a cache's outgoing links pass on only
/// its misses (read-through); a service-like component that reads a cache
/// reads its databases only on the misses of the first cache it reads
/// (cache-aside). Writing a cache caches nothing (section 2), and the
/// weight applies to a link's reads only (see `split`).
pub(crate) fn link_weight(s: &Snapshot<'_>, j: usize) -> f64 {
    let from = s.from[j];
    let kind = s.kind(from);
    if kind == Kind::Cache {
        return 1.0 - hit_ratio(s, from);
    }
    if kind.is_service_like() && s.kind(s.to[j]) == Kind::Database && s.links[j].effective_access().reads() {
        let first_cache = s
            .out(from)
            .iter()
            .filter(|&&k| s.links[k].effective_access().reads())
            .map(|&k| s.to[k])
            .find(|&t| s.kind(t) == Kind::Cache);
        if let Some(cache) = first_cache {
            return 1.0 - hit_ratio(s, cache);
        }
    }
    1.0
}

fn hit_ratio(s: &Snapshot<'_>, i: usize) -> f64 {
    let h = s.comps[i].effective_hit_ratio();
    if h.is_finite() { h.clamp(0.0, 1.0) } else { 0.0 }
}

pub(crate) fn calls(s: &Snapshot<'_>, j: usize) -> f64 {
    positive(s.links[j].effective_calls(), 1.0)
}

pub(crate) fn own_latency(s: &Snapshot<'_>, i: usize) -> f64 {
    non_negative(s.comps[i].effective_latency_ms())
}

/// 1 - (1 - a)^r as a fraction.
fn replicated(s: &Snapshot<'_>, i: usize) -> f64 {
    let c = s.comps[i];
    let a = c.effective_availability();
    let a = if a.is_finite() { (a / 100.0).clamp(0.0, 1.0) } else { 1.0 };
    let r = c.effective_replicas().max(1);
    if r == 1 {
        return a;
    }
    let down = (1.0 - a).powi(i32::try_from(r).unwrap_or(i32::MAX));
    (1.0 - down).clamp(0.0, 1.0)
}

/// Clamps to a finite number: NaN -> 0, infinities -> +/- f64::MAX.
pub(crate) fn fin(x: f64) -> f64 {
    if x.is_nan() { 0.0 } else { x.clamp(-f64::MAX, f64::MAX) }
}

pub(crate) fn add(a: f64, b: f64) -> f64 {
    fin(a + b)
}

pub(crate) fn mul(a: f64, b: f64) -> f64 {
    fin(a * b)
}

fn non_negative(x: f64) -> f64 {
    fin(x).max(0.0)
}

pub(crate) fn positive(x: f64, fallback: f64) -> f64 {
    if x.is_finite() && x > 0.0 { x } else { fallback }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::critic::testing::{design, link, require, set};
    use crate::model::{Access, ComponentField as F, FieldValue as V, RequirementField as R};

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9 * b.abs().max(1.0)
    }

    #[test]
    fn load_flows_through_calls_and_cache_aside() {
        let mut l = link("api", "db");
        l.calls = Some(2.0);
        l.access = Some(Access::Read);
        let mut d = design(
            &[("web", Kind::Client), ("api", Kind::Service), ("cache", Kind::Cache), ("db", Kind::Database)],
            &[link("web", "api"), link("api", "cache"), l],
        );
        require(&mut d, R::PeakRps, V::Number(1000.0));
        set(&mut d, "cache", F::HitRatio, V::Number(0.9));
        set(&mut d, "api", F::Replicas, V::Count(2));
        let m = metrics(&d);
        assert!(close(m.components["api"].load_rps, 1000.0));
        assert!(close(m.components["cache"].load_rps, 1000.0));
        assert!(close(m.components["db"].load_rps, 200.0), "{}", m.components["db"].load_rps);
        assert!(close(m.components["api"].utilization.unwrap(), 1.0));
        assert_eq!(m.components["web"].utilization, None);
        // api: 20 + cache 1 + 2 x 0.1 x db 5
        assert!(close(m.components["api"].latency_ms, 22.0), "{}", m.components["api"].latency_ms);
        assert!(close(m.requests["web"].latency_ms, 22.0));
        let expected = 0.999999 * 0.999 * 0.9995 * 100.0;
        assert!(close(m.requests["web"].availability, expected), "{}", m.requests["web"].availability);
    }

    #[test]
    fn read_through_caches_pass_on_misses_and_clients_share_the_peak() {
        let mut d = design(
            &[("web", Kind::Client), ("app", Kind::Client), ("cache", Kind::Cache), ("db", Kind::Database)],
            &[link("web", "cache"), link("app", "cache"), link("cache", "db")],
        );
        require(&mut d, R::PeakRps, V::Number(1000.0));
        set(&mut d, "web", F::Rps, V::Number(400.0));
        let m = metrics(&d);
        assert!(close(m.requests["app"].load_rps, 600.0));
        assert!(close(m.components["db"].load_rps, 200.0));
    }

    #[test]
    fn cycles_stay_finite_and_async_adds_no_latency() {
        let mut big = link("a", "b");
        big.calls = Some(1e300);
        let mut q = link("a", "q");
        q.protocol = Some("kafka".into());
        let mut d = design(
            &[("web", Kind::Client), ("a", Kind::Service), ("b", Kind::Service), ("q", Kind::Queue)],
            &[link("web", "a"), big, link("b", "a"), q],
        );
        require(&mut d, R::PeakRps, V::Number(1e300));
        let m = metrics(&d);
        for c in m.components.values() {
            assert!(c.load_rps.is_finite() && c.latency_ms.is_finite() && c.availability.is_finite());
        }
        assert_eq!(m.components["b"].load_rps, f64::MAX);
        assert!(m.components["a"].latency_ms.is_finite());
        assert!(close(m.components["q"].load_rps, 1e300));
    }
}
