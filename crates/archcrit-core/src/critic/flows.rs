//! Flows in the capacity model (capacity model v2, sections 1 and 5):
//! which flows a design has (its own, plus one implicit flow per client
//! that has none), and per flow its load, availability, mean latency and
//! p50/p99 from its call tree.
//!
//! Tail latency: each component's latency is a log-normal fitted to its
//! mean and p99 plus its M/M/c wait. A flow's distribution is sampled
//! (16,384 samples, fixed seed, so reports are stable; each component's
//! own draws are stratified, so its quantiles are exact) bottom-up over its
//! call tree: sync calls add, `calls` below 1 is a branch taken with that
//! probability, above 1 that many sequential calls, and a cache miss
//! weight is a branch too. Flows too large for the sampling budget get a
//! log-normal fitted to their exact mean and variance (Fenton-Wilkinson),
//! and say so (`p99_sampled: false`).

use std::collections::{HashMap, VecDeque};

use super::capacity::{Model, add, calls, fin};
use super::report::FlowMetrics;
use super::snapshot::Snapshot;
use super::tail::{self, LogNormal, Rng};
use crate::model::Kind;

/// Samples per sampled flow.
const SAMPLES: usize = 16_384;
/// At most this many component x sample steps per critique, so a large
/// design's critique stays within its time budget.
const SAMPLE_BUDGET: usize = 1 << 22;
/// More sequential calls than this are summed by the central limit theorem.
const MAX_SLOTS: usize = 64;
const SEED: u64 = 0x00a7_c417_2026;

/// A flow to evaluate.
pub(crate) struct FlowDef {
    pub id: String,
    pub client: usize,
    pub load: f64,
    /// `None`: every link (an implicit flow); otherwise which components
    /// are in the flow (its client and `via`).
    pub members: Option<Vec<bool>>,
    pub latency_budget: Option<f64>,
    pub p99_budget: Option<f64>,
    pub slo: Option<f64>,
}

/// A flow's numbers.
pub(crate) struct FlowResult {
    pub id: String,
    pub client: usize,
    pub load: f64,
    pub explicit: bool,
    /// Fraction: the product over the flow's synchronous call tree.
    pub availability: f64,
    pub weakest: Vec<usize>,
    /// Mean latency; `None` when a component on the call tree is saturated.
    pub latency: Option<f64>,
    pub p50: Option<f64>,
    pub p99: Option<f64>,
    pub sampled: bool,
    pub latency_budget: Option<f64>,
    pub p99_budget: Option<f64>,
    pub slo: Option<f64>,
    pub members: Option<Vec<bool>>,
}

impl FlowResult {
    pub fn allows(&self, i: usize) -> bool {
        self.members.as_ref().is_none_or(|m| m[i])
    }

    pub fn metrics(&self, s: &Snapshot<'_>) -> FlowMetrics {
        FlowMetrics {
            from: s.comps[self.client].id.clone(),
            load_rps: self.load,
            availability: fin(self.availability * 100.0),
            latency_ms: self.latency,
            p50_ms: self.p50,
            p99_ms: self.p99,
            unbounded: self.latency.is_none(),
            p99_sampled: self.sampled,
        }
    }
}

/// The design's flows, then an implicit flow (named after the client) for
/// each client with none. A flow without `rps` takes an even share of its
/// client's load among that client's flows without `rps`.
pub(crate) fn resolve(s: &Snapshot<'_>, entering: &[f64]) -> Vec<FlowDef> {
    let req = s.design.requirements();
    let mut defs = Vec::new();
    let mut has_flow = vec![false; s.len()];
    let mut unset = vec![0usize; s.len()];
    for flow in s.design.flows().values() {
        if let Some(c) = s.index_of(flow.from.as_str()) {
            has_flow[c] = true;
            unset[c] += usize::from(flow.rps.is_none());
        }
    }
    for (id, flow) in s.design.flows() {
        let Some(client) = s.index_of(flow.from.as_str()) else { continue };
        let mut members = vec![false; s.len()];
        members[client] = true;
        for v in &flow.via {
            if let Some(i) = s.index_of(v.as_str()) {
                members[i] = true;
            }
        }
        let load =
            flow.rps.map(|r| fin(r.max(0.0))).unwrap_or_else(|| fin(entering[client] / unset[client].max(1) as f64));
        defs.push(FlowDef {
            id: id.clone(),
            client,
            load,
            members: Some(members),
            latency_budget: flow.latency_budget_ms.or(req.latency_budget_ms),
            p99_budget: flow.p99_budget_ms.or(req.p99_budget_ms),
            slo: flow.availability_slo.or(req.availability_slo),
        });
    }
    for c in (0..s.len()).filter(|&i| s.kind(i) == Kind::Client && !has_flow[i]) {
        defs.push(FlowDef {
            id: s.comps[c].id.to_string(),
            client: c,
            load: entering[c],
            members: None,
            latency_budget: req.latency_budget_ms,
            p99_budget: req.p99_budget_ms,
            slo: req.availability_slo,
        });
    }
    defs
}

/// Per component, bottom-up over the links `allowed` keeps: mean and
/// variance of the latency from there down, and whether a saturated
/// component lies below.
struct Moments {
    mean: Vec<f64>,
    var: Vec<f64>,
    saturated: Vec<bool>,
}

fn moments(s: &Snapshot<'_>, m: &Model, allowed: &dyn Fn(usize) -> bool) -> Moments {
    let n = s.len();
    let mut mo = Moments { mean: vec![0.0; n], var: vec![0.0; n], saturated: vec![false; n] };
    for &u in s.order.iter().rev() {
        if !allowed(u) {
            continue;
        }
        let (own_mean, own_var) = own_moments(s, m, u);
        let (mut mean, mut var) = (own_mean, own_var);
        let mut saturated = m.utilization[u].is_some_and(|x| x >= 1.0 - 1e-9);
        for &j in s.out(u) {
            let t = s.to[j];
            if !s.sync[j] || s.back[j] || !allowed(t) {
                continue;
            }
            saturated |= mo.saturated[t];
            let (cm, cv) = (mo.mean[t], mo.var[t]);
            for q in slots(calls(s, j), m.weight[j]) {
                mean = add(mean, q * cm);
                var = add(var, q * cv + q * (1.0 - q) * cm * cm);
            }
        }
        mo.mean[u] = mean;
        mo.var[u] = fin(var);
        mo.saturated[u] = saturated;
    }
    mo
}

/// The probabilities of each call slot of a link: `calls` = 2.5 with a
/// cache weight w is two calls taken with probability w and a third with
/// 0.5 w. Very many calls are capped at a thousand slots (the mean and
/// variance of a larger sum are scaled by the caller, see `sample`).
fn slots(calls: f64, weight: f64) -> impl Iterator<Item = f64> {
    let whole = calls.floor().min(1000.0) as usize;
    let frac = if calls < 1000.0 { calls - calls.floor() } else { 0.0 };
    let w = weight.clamp(0.0, 1.0);
    std::iter::repeat_n(w, whole).chain((frac > 0.0).then_some(frac * w))
}

/// Mean and variance of one component's own latency at peak: the fitted
/// log-normal plus the M/M/c wait.
fn own_moments(s: &Snapshot<'_>, m: &Model, u: usize) -> (f64, f64) {
    let service = super::capacity::own_latency(s, u);
    let spread = LogNormal::fit(service, s.comps[u].effective_p99_ms()).map_or(0.0, LogNormal::variance);
    (add(service, m.wait[u].mean()), fin(spread + m.wait[u].variance()))
}

pub(crate) fn evaluate(s: &Snapshot<'_>, m: &Model, defs: Vec<FlowDef>) -> Vec<FlowResult> {
    let all = |_: usize| true;
    let global = defs.iter().any(|f| f.members.is_none()).then(|| moments(s, m, &all));
    let mut budget = SAMPLE_BUDGET;
    let mut sampler = Sampler::new();
    let mut out = Vec::with_capacity(defs.len());
    for def in defs {
        let explicit = def.members.is_some();
        let members = def.members.clone();
        let allowed = |i: usize| members.as_ref().is_none_or(|mm| mm[i]);
        let local;
        let mo = match (&global, explicit) {
            (Some(g), false) => g,
            _ => {
                local = moments(s, m, &allowed);
                &local
            }
        };
        let tree = call_tree(s, def.client, &allowed);
        let (availability, weakest) = match (explicit, m.requests.iter().find(|r| r.client == def.client)) {
            (false, Some(r)) => (r.availability, r.weakest.clone()),
            _ => tree_availability(m, &tree),
        };
        let saturated: Vec<usize> = {
            let mut v: Vec<usize> =
                tree.iter().copied().filter(|&i| m.utilization[i].is_some_and(|x| x >= 1.0 - 1e-9)).collect();
            v.sort_unstable();
            v
        };
        let (mean, var) = root_moments(s, m, mo, def.client, &allowed);
        let (latency, p50, p99, sampled) = if !saturated.is_empty() {
            (None, None, None, false)
        } else if tree.is_empty() {
            (Some(0.0), Some(0.0), Some(0.0), true)
        } else if tree.len() * SAMPLES <= budget {
            budget -= tree.len() * SAMPLES;
            let mut samples = sampler.sample(s, m, mo, def.client, &tree, &allowed);
            let p50 = tail::quantile(&mut samples, 0.5);
            let p99 = tail::quantile(&mut samples, 0.99);
            (Some(mean), Some(p50), Some(p99), true)
        } else {
            let p50 = tail::lognormal_quantile(mean, var, tail::Z50);
            let p99 = tail::lognormal_quantile(mean, var, tail::Z_99);
            (Some(mean), Some(p50), Some(p99), false)
        };
        out.push(FlowResult {
            id: def.id,
            client: def.client,
            load: def.load,
            explicit,
            availability: fin(availability),
            weakest,
            latency: latency.map(fin),
            p50: p50.map(fin),
            p99: p99.map(fin),
            sampled,
            latency_budget: def.latency_budget,
            p99_budget: def.p99_budget,
            slo: def.slo,
            members,
        });
    }
    out
}

/// The client's latency is what its synchronous calls add.
fn root_moments(
    s: &Snapshot<'_>,
    m: &Model,
    mo: &Moments,
    client: usize,
    allowed: &dyn Fn(usize) -> bool,
) -> (f64, f64) {
    let (mut mean, mut var) = (0.0, 0.0);
    for &j in s.out(client) {
        let t = s.to[j];
        if !s.sync[j] || s.back[j] || !allowed(t) {
            continue;
        }
        for q in slots(calls(s, j), m.weight[j]) {
            mean = add(mean, q * mo.mean[t]);
            var = add(var, q * mo.var[t] + q * (1.0 - q) * mo.mean[t] * mo.mean[t]);
        }
    }
    (mean, var)
}

/// Components reachable from the client over synchronous links inside the
/// flow, the client excluded, in discovery order.
fn call_tree(s: &Snapshot<'_>, client: usize, allowed: &dyn Fn(usize) -> bool) -> Vec<usize> {
    let mut seen = vec![false; s.len()];
    seen[client] = true;
    let mut tree = Vec::new();
    let mut queue = VecDeque::from([client]);
    while let Some(u) = queue.pop_front() {
        for &j in s.out(u) {
            let t = s.to[j];
            if s.sync[j] && allowed(t) && !seen[t] {
                seen[t] = true;
                tree.push(t);
                queue.push_back(t);
            }
        }
    }
    tree
}

fn tree_availability(m: &Model, tree: &[usize]) -> (f64, Vec<usize>) {
    let product = tree.iter().fold(1.0, |acc, &i| acc * m.availability[i]);
    let mut weakest: Vec<usize> = tree.iter().copied().filter(|&i| m.availability[i] < 1.0).collect();
    weakest.sort_by(|a, b| m.availability[*a].total_cmp(&m.availability[*b]).then(a.cmp(b)));
    weakest.truncate(3);
    (product, weakest)
}

/// The seeded sampler; `exp(sigma x z)` tables are shared by components
/// with the same spread (most use the default p99 = 3 x mean).
struct Sampler {
    rng: Rng,
    normals: Vec<f64>,
    tables: HashMap<u64, Vec<f64>>,
}

impl Sampler {
    fn new() -> Self {
        Sampler { rng: Rng::new(SEED), normals: Vec::new(), tables: HashMap::new() }
    }

    fn table(&mut self, sigma: f64) -> &[f64] {
        if self.normals.is_empty() {
            let mut rng = Rng::new(SEED ^ 0x5eed);
            self.normals = tail::stratified_normals(SAMPLES, &mut rng);
        }
        let normals = &self.normals;
        self.tables.entry(sigma.to_bits()).or_insert_with(|| normals.iter().map(|z| (sigma * z).exp()).collect())
    }

    /// Samples of the flow's latency, bottom-up over the call tree in
    /// reverse topological order; each call slot reads its callee's samples
    /// at a random offset, so repeated calls are independent draws.
    fn sample(
        &mut self,
        s: &Snapshot<'_>,
        m: &Model,
        mo: &Moments,
        client: usize,
        tree: &[usize],
        allowed: &dyn Fn(usize) -> bool,
    ) -> Vec<f64> {
        let mut in_tree = vec![false; s.len()];
        for &i in tree {
            in_tree[i] = true;
        }
        in_tree[client] = true;
        let mut vectors: HashMap<usize, Vec<f64>> = HashMap::with_capacity(tree.len() + 1);
        for &u in s.order.iter().rev() {
            if !in_tree[u] {
                continue;
            }
            let mut v = self.own_samples(s, m, u);
            for &j in s.out(u) {
                let t = s.to[j];
                if !s.sync[j] || s.back[j] || !allowed(t) || !in_tree[t] {
                    continue;
                }
                let Some(child) = vectors.get(&t) else { continue };
                let all_slots: Vec<f64> = slots(calls(s, j), m.weight[j]).collect();
                if all_slots.len() > MAX_SLOTS {
                    // Central limit: n calls of mean mu and variance var.
                    let q = m.weight[j].clamp(0.0, 1.0);
                    let n = all_slots.len() as f64;
                    let (cm, cv) = (mo.mean[t], mo.var[t]);
                    let mean = n * q * cm;
                    let sd = (n * (q * cv + q * (1.0 - q) * cm * cm)).max(0.0).sqrt();
                    for x in v.iter_mut() {
                        *x += (mean + sd * self.rng.normal()).max(0.0);
                    }
                    continue;
                }
                for q in all_slots {
                    let offset = (self.rng.next_u64() % SAMPLES as u64) as usize;
                    for (k, x) in v.iter_mut().enumerate() {
                        if q >= 1.0 || self.rng.uniform() < q {
                            *x += child[(k + offset) % SAMPLES];
                        }
                    }
                }
            }
            vectors.insert(u, v);
        }
        vectors.remove(&client).unwrap_or_else(|| vec![0.0; SAMPLES])
    }

    fn own_samples(&mut self, s: &Snapshot<'_>, m: &Model, u: usize) -> Vec<f64> {
        let service = super::capacity::own_latency(s, u);
        let mut v = match LogNormal::fit(service, s.comps[u].effective_p99_ms()) {
            Some(ln) => {
                let scale = ln.mu.exp();
                let offset = (self.rng.next_u64() % SAMPLES as u64) as usize;
                let table = self.table(ln.sigma);
                (0..SAMPLES).map(|k| scale * table[(k + offset) % SAMPLES]).collect()
            }
            None => vec![0.0; SAMPLES],
        };
        let wait = m.wait[u];
        if wait.p_wait > 0.0 {
            for x in v.iter_mut() {
                if self.rng.uniform() < wait.p_wait {
                    *x += self.rng.exponential(wait.mean_if_waiting);
                }
            }
        }
        v
    }
}
