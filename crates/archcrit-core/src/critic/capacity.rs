//! The capacity model (design-format.md, "Semantics the critic relies
//! on"): load per component from the clients' load through `calls` and the
//! cache weights, utilization, replicated availability, latency, and per
//! client the load, availability and latency of one synchronous request.
//!
//! Cycles: links that close a cycle (`Snapshot::back`) carry neither load
//! nor latency, so a loop is walked once and never feeds itself. Every
//! number is finite: overflow saturates at `f64::MAX`, NaN becomes 0.
//! No judging happens here; rules read these numbers.

use indexmap::IndexMap;

use super::call_tree::call_trees;
use super::report::{ComponentMetrics, Metrics, RequestMetrics};
use super::snapshot::Snapshot;
use crate::model::{Design, Kind};

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

/// Per-component numbers by snapshot index, plus per-client requests.
pub(crate) struct Model {
    /// Whether any load enters (peak_rps set, or some client sets rps).
    pub load_enters: bool,
    /// Sum of the load entering at all clients.
    pub entering_total: f64,
    pub load: Vec<f64>,
    /// `None` for clients.
    pub utilization: Vec<Option<f64>>,
    /// Replicated availability as a fraction.
    pub availability: Vec<f64>,
    pub latency: Vec<f64>,
    /// Per link: the cache weight applied to load and latency.
    pub weight: Vec<f64>,
    /// Per component: how many clients' synchronous call trees include it.
    pub needed_by: Vec<usize>,
    /// Strongly connected sets of the sync-only graph, members in file order.
    pub sync_sccs: Vec<Vec<usize>>,
    /// One per client, in file order.
    pub requests: Vec<Request>,
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
        let (entering, load_enters) = entering_load(s);
        let entering_total = entering.iter().fold(0.0, |acc, x| add(acc, *x));

        let mut load = entering.clone();
        for &u in &s.order {
            for &j in s.out(u) {
                if !s.back[j] {
                    let flow = mul(mul(load[u], calls(s, j)), weight[j]);
                    load[s.to[j]] = add(load[s.to[j]], flow);
                }
            }
        }

        let mut latency = vec![0.0; n];
        for &u in s.order.iter().rev() {
            latency[u] = add(own_latency(s, u), downstream_latency(s, &weight, &latency, u));
        }

        let availability: Vec<f64> = (0..n).map(|i| replicated(s, i)).collect();
        let utilization = (0..n)
            .map(|i| {
                let c = s.comps[i];
                (c.kind != Kind::Client).then(|| {
                    let capacity = mul(positive(c.effective_capacity_rps(), 1.0), f64::from(c.effective_replicas()));
                    fin(load[i] / capacity)
                })
            })
            .collect();

        let trees = call_trees(s, &availability);
        let requests = trees
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
        Model {
            load_enters,
            entering_total,
            load,
            utilization,
            availability,
            latency,
            weight,
            needed_by: trees.needed_by,
            sync_sccs: trees.sccs,
            requests,
        }
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
        Metrics { components, requests }
    }

    /// A link's share of the request latency it adds to its caller.
    pub fn link_latency(&self, s: &Snapshot<'_>, j: usize) -> f64 {
        if !s.sync[j] || s.back[j] {
            return 0.0;
        }
        mul(mul(calls(s, j), self.weight[j]), self.latency[s.to[j]])
    }
}

/// Sum over `u`'s synchronous, non-closing links of calls x weight x the
/// callee's latency.
fn downstream_latency(s: &Snapshot<'_>, weight: &[f64], latency: &[f64], u: usize) -> f64 {
    s.out(u)
        .iter()
        .filter(|&&j| s.sync[j] && !s.back[j])
        .fold(0.0, |acc, &j| add(acc, mul(mul(calls(s, j), weight[j]), latency[s.to[j]])))
}

/// Each client's entering load: its `rps`, or an even share of what is
/// left of `peak_rps` after the clients that set theirs (never below 0).
fn entering_load(s: &Snapshot<'_>) -> (Vec<f64>, bool) {
    let clients: Vec<usize> = (0..s.len()).filter(|&i| s.kind(i) == Kind::Client).collect();
    let peak = s.design.requirements().peak_rps.map(non_negative);
    let set_total = clients.iter().filter_map(|&i| s.comps[i].rps).fold(0.0, |acc, x| add(acc, non_negative(x)));
    let unset = clients.iter().filter(|&&i| s.comps[i].rps.is_none()).count();
    let share = match peak {
        Some(p) if unset > 0 => fin((p - set_total).max(0.0) / unset as f64),
        _ => 0.0,
    };
    let mut entering = vec![0.0; s.len()];
    for &i in &clients {
        entering[i] = s.comps[i].rps.map(non_negative).unwrap_or(share);
    }
    let enters = peak.is_some() || clients.iter().any(|&i| s.comps[i].rps.is_some());
    (entering, enters)
}

/// The cache weights of the format: a cache's outgoing links pass on only
/// its misses (read-through); a service-like component that links to a
/// cache reads its databases only on the misses of the first cache it links
/// to (cache-aside).
fn link_weight(s: &Snapshot<'_>, j: usize) -> f64 {
    let from = s.from[j];
    let kind = s.kind(from);
    if kind == Kind::Cache {
        return 1.0 - hit_ratio(s, from);
    }
    if kind.is_service_like() && s.kind(s.to[j]) == Kind::Database && s.links[j].effective_access().reads() {
        let first_cache = s.out(from).iter().map(|&k| s.to[k]).find(|&t| s.kind(t) == Kind::Cache);
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

fn calls(s: &Snapshot<'_>, j: usize) -> f64 {
    positive(s.links[j].effective_calls(), 1.0)
}

fn own_latency(s: &Snapshot<'_>, i: usize) -> f64 {
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

fn add(a: f64, b: f64) -> f64 {
    fin(a + b)
}

fn mul(a: f64, b: f64) -> f64 {
    fin(a * b)
}

fn non_negative(x: f64) -> f64 {
    fin(x).max(0.0)
}

fn positive(x: f64, fallback: f64) -> f64 {
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
