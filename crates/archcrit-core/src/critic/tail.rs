//! Queueing and tail latency (capacity model v2, section 5): the M/M/c
//! (Erlang C) wait of a component at its utilization, a log-normal fitted
//! to a component's mean and 99th percentile, and a small seeded sampler
//! so a flow's p50 and p99 are stable from run to run.

/// z of the 99th percentile of a standard normal.
const Z99: f64 = 2.326_347_874_040_841;

/// Erlang C is computed with at most this many servers: beyond it the wait
/// is already negligible below saturation, and the recursion is O(c).
const MAX_SERVERS: u32 = 20_000;

/// A component's waiting time at peak: with probability `p_wait` a request
/// waits an exponential time of mean `mean_if_waiting` ms (M/M/c).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Wait {
    pub p_wait: f64,
    pub mean_if_waiting: f64,
}

impl Wait {
    pub const NONE: Wait = Wait { p_wait: 0.0, mean_if_waiting: 0.0 };

    pub fn mean(self) -> f64 {
        self.p_wait * self.mean_if_waiting
    }

    pub fn variance(self) -> f64 {
        let (p, t) = (self.p_wait, self.mean_if_waiting);
        2.0 * p * t * t - (p * t) * (p * t)
    }
}

/// The number of servers of a component: c = max(1, round(C x S / 1000))
/// per node (Little's law: C requests a second, each busy S ms), times its
/// nodes.
pub(crate) fn servers(capacity_rps: f64, service_ms: f64, nodes: u32) -> u32 {
    let per_node = (capacity_rps * service_ms / 1000.0).round();
    let per_node = if per_node.is_finite() && per_node >= 1.0 { per_node.min(f64::from(MAX_SERVERS)) } else { 1.0 };
    (per_node as u32).saturating_mul(nodes.max(1)).min(MAX_SERVERS)
}

/// Erlang C: the probability that an arrival waits, for `c` servers at
/// utilization `u` (offered load a = u x c), by the stable Erlang B
/// recursion B(k) = a B(k-1) / (k + a B(k-1)), then C = B / (1 - u (1 - B)).
pub(crate) fn erlang_c(c: u32, u: f64) -> f64 {
    if u.is_nan() || u <= 0.0 {
        return 0.0;
    }
    if u >= 1.0 {
        return 1.0;
    }
    let a = u * f64::from(c);
    let mut b = 1.0;
    for k in 1..=c {
        b = a * b / (f64::from(k) + a * b);
    }
    (b / (1.0 - u * (1.0 - b))).clamp(0.0, 1.0)
}

/// The M/M/c wait at utilization `u` < 1 for a service time of `service_ms`:
/// mean Wq = C(c, a) x S / (c (1 - u)).
pub(crate) fn wait(c: u32, u: f64, service_ms: f64) -> Wait {
    if u.is_nan() || service_ms.is_nan() || u <= 0.0 || service_ms <= 0.0 || u >= 1.0 {
        return Wait::NONE;
    }
    let c_f = f64::from(c.max(1));
    Wait { p_wait: erlang_c(c.max(1), u), mean_if_waiting: service_ms / (c_f * (1.0 - u)) }
}

/// A log-normal with mean `mean` and 99th percentile `p99`: ln X ~ N(mu,
/// sigma^2) with mean = exp(mu + sigma^2 / 2) and p99 = exp(mu + 2.326
/// sigma), so ln(p99 / mean) = 2.326 sigma - sigma^2 / 2; the smaller root.
/// A p99 below the mean is read as the mean (no spread); a ratio above
/// e^(2.326^2 / 2) ~ 15 cannot be a log-normal and takes the widest one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct LogNormal {
    pub mu: f64,
    pub sigma: f64,
}

impl LogNormal {
    pub fn fit(mean: f64, p99: f64) -> Option<LogNormal> {
        if !mean.is_finite() || mean <= 0.0 {
            return None;
        }
        let r = if p99.is_finite() && p99 > mean { (p99 / mean).ln() } else { 0.0 };
        let disc = Z99 * Z99 - 2.0 * r;
        let sigma = if disc > 0.0 { Z99 - disc.sqrt() } else { Z99 };
        Some(LogNormal { mu: mean.ln() - sigma * sigma / 2.0, sigma })
    }

    pub fn variance(self) -> f64 {
        let m = (self.mu + self.sigma * self.sigma / 2.0).exp();
        ((self.sigma * self.sigma).exp() - 1.0) * m * m
    }

    #[cfg(test)]
    pub fn quantile(self, z: f64) -> f64 {
        (self.mu + self.sigma * z).exp()
    }
}

/// The p-quantile (0..1) of a log-normal with this mean and variance
/// (Fenton-Wilkinson): the fallback for flows too large to sample.
pub(crate) fn lognormal_quantile(mean: f64, variance: f64, z: f64) -> f64 {
    if mean.is_nan() || mean <= 0.0 {
        return 0.0;
    }
    let s2 = (1.0 + variance.max(0.0) / (mean * mean)).ln();
    (mean.ln() - s2 / 2.0 + s2.sqrt() * z).exp()
}

pub(crate) const Z50: f64 = 0.0;
pub(crate) const Z_99: f64 = Z99;

/// The core's seeded generator: the same seed gives the same samples on
/// every platform, so reports are stable.
pub(crate) type Rng = crate::seeded::SplitMix64;

/// The inverse of the standard normal CDF (Acklam's rational
/// approximation, relative error below 1.2e-9), for stratified samples.
pub(crate) fn inverse_normal(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] =
        [7.784_695_709_041_462e-3, 3.224_671_290_700_398e-1, 2.445_134_137_142_996, 3.754_408_661_907_416];
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p < 0.02425 {
        tail((-2.0 * p.ln()).sqrt())
    } else if p > 1.0 - 0.02425 {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    }
}

/// `n` standard normals, one from each of `n` equal-probability strata,
/// in a shuffled order: a component's own samples then have exactly the
/// log-normal's quantiles, and shifted reads of the table stay unrelated.
pub(crate) fn stratified_normals(n: usize, rng: &mut Rng) -> Vec<f64> {
    let mut z: Vec<f64> = (0..n).map(|k| inverse_normal((k as f64 + 0.5) / n as f64)).collect();
    for i in (1..n).rev() {
        let j = (rng.next_u64() % (i as u64 + 1)) as usize;
        z.swap(i, j);
    }
    z
}

/// The `q`-quantile (0..1) of samples, sorted in place.
pub(crate) fn quantile(samples: &mut [f64], q: f64) -> f64 {
    if samples.is_empty() {
        return 0.0;
    }
    samples.sort_unstable_by(f64::total_cmp);
    let at = ((samples.len() as f64 - 1.0) * q).round() as usize;
    samples[at.min(samples.len() - 1)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erlang_c_matches_a_hand_worked_case() {
        // c = 2, a = 1 (u = 0.5): B(1) = 1/2, B(2) = (1 x 1/2) / (2 + 1/2) = 0.2,
        // C = 0.2 / (1 - 0.5 x 0.8) = 1/3.
        assert!((erlang_c(2, 0.5) - 1.0 / 3.0).abs() < 1e-12);
        // One server: C = u (M/M/1), Wq = u S / (1 - u): 0.8 x 10 / 0.2 = 40 ms.
        assert!((erlang_c(1, 0.8) - 0.8).abs() < 1e-12);
        assert!((wait(1, 0.8, 10.0).mean() - 40.0).abs() < 1e-9);
        // c = 2, u = 0.5, S = 20: Wq = 1/3 x 20 / (2 x 0.5) = 6.667 ms.
        assert!((wait(2, 0.5, 20.0).mean() - 20.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn servers_follow_littles_law() {
        // 500 rps x 20 ms = 10 busy at once, per replica, times 3 replicas.
        assert_eq!(servers(500.0, 20.0, 3), 30);
        assert_eq!(servers(10.0, 1.0, 1), 1);
    }

    #[test]
    fn the_log_normal_fit_has_the_mean_and_p99_asked_for() {
        let ln = LogNormal::fit(20.0, 60.0).unwrap();
        let mean = (ln.mu + ln.sigma * ln.sigma / 2.0).exp();
        assert!((mean - 20.0).abs() < 1e-9);
        assert!((ln.quantile(Z99) - 60.0).abs() < 1e-9);
        assert_eq!(LogNormal::fit(20.0, 10.0).unwrap().sigma, 0.0);
    }

    #[test]
    fn the_inverse_normal_is_accurate() {
        assert!((inverse_normal(0.99) - Z99).abs() < 1e-8);
        assert!(inverse_normal(0.5).abs() < 1e-12);
        assert!((inverse_normal(0.001) + 3.090_232_306_167_813).abs() < 1e-8);
    }
}
