//! How the capacity model's numbers move: each client's request latency
//! and availability, each flow's latency, p99 and availability, the
//! design's headroom, and the utilization of the most loaded components.
//! Only numbers that moved are kept.
//!
//! Every group is one `group(...)` call with its measures, so a new part
//! of the report (flows, headroom) is a few lines here.

use std::collections::HashMap;

use serde::Serialize;

use super::renamed;
use super::structure::Renames;
use crate::critic::Metrics;

/// How many components' utilization a diff shows: the most loaded on
/// either side. A change of `peak_rps` moves every one of them.
pub const MOST_LOADED: usize = 10;

/// One number of one subject on both sides; `None` where the subject (or
/// the number) does not exist on that side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricDelta {
    /// `request` (per client), `component`, `flow` or `design` (headroom).
    pub group: &'static str,
    pub subject: String,
    /// `latency_ms`, `p99_ms`, `availability` (percent), `utilization` (a
    /// ratio, 1 = full) or `headroom` (a factor: 1.7 = peak can grow 70%).
    pub metric: &'static str,
    pub old: Option<f64>,
    pub new: Option<f64>,
}

impl MetricDelta {
    /// The new value minus the old, when both exist.
    pub fn change(&self) -> Option<f64> {
        Some(self.new? - self.old?)
    }
}

/// A measure: its name and how to read it from one entry.
type Measure<T> = (&'static str, fn(&T) -> Option<f64>);

pub fn compare(old: &Metrics, new: &Metrics, renames: &Renames) -> Vec<MetricDelta> {
    let mut out = Vec::new();
    let rename = |id| renamed(renames, id).to_string();
    group(
        &mut out,
        "request",
        old.requests.iter().map(|(id, r)| (rename(id), r)),
        new.requests.iter().map(|(id, r)| (id.to_string(), r)),
        &[("latency_ms", |r| Some(r.latency_ms)), ("availability", |r| Some(r.availability))],
    );
    let mut loaded = Vec::new();
    group(
        &mut loaded,
        "component",
        old.components.iter().map(|(id, c)| (rename(id), c)),
        new.components.iter().map(|(id, c)| (id.to_string(), c)),
        &[("utilization", |c| c.utilization)],
    );
    let peak = |d: &MetricDelta| d.old.unwrap_or(0.0).max(d.new.unwrap_or(0.0));
    loaded.sort_by(|a, b| peak(b).total_cmp(&peak(a)));
    loaded.truncate(MOST_LOADED);
    out.extend(loaded);
    group(
        &mut out,
        "flow",
        // A client's implicit flow is named after it, so it follows a rename.
        old.flows.iter().map(|(id, f)| (if *id == f.from.as_str() { rename(&f.from) } else { id.clone() }, f)),
        new.flows.iter().map(|(id, f)| (id.clone(), f)),
        &[("latency_ms", |f| f.latency_ms), ("p99_ms", |f| f.p99_ms), ("availability", |f| Some(f.availability))],
    );
    group(
        &mut out,
        "design",
        old.headroom.iter().map(|h| ("headroom".to_string(), h)),
        new.headroom.iter().map(|h| ("headroom".to_string(), h)),
        &[("headroom", |h| Some(h.factor))],
    );
    out
}

/// Pushes one delta per subject and measure whose value moved; subjects in
/// the new side's order, then the ones only the old side has.
fn group<'a, T: 'a>(
    out: &mut Vec<MetricDelta>,
    name: &'static str,
    old: impl Iterator<Item = (String, &'a T)>,
    new: impl Iterator<Item = (String, &'a T)>,
    measures: &[Measure<T>],
) {
    let mut old: HashMap<String, &T> = old.collect();
    for (subject, b) in new {
        let a = old.remove(&subject);
        for (metric, read) in measures {
            let (x, y) = (a.and_then(read), read(b));
            if moved(x, y) {
                out.push(MetricDelta { group: name, subject: subject.clone(), metric, old: x, new: y });
            }
        }
    }
    let mut gone: Vec<(String, &T)> = old.into_iter().collect();
    gone.sort_by(|a, b| a.0.cmp(&b.0));
    for (subject, a) in gone {
        for (metric, read) in measures {
            if let Some(x) = read(a) {
                out.push(MetricDelta { group: name, subject: subject.clone(), metric, old: Some(x), new: None });
            }
        }
    }
}

/// Float noise from a different summation order is not a change.
fn moved(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() > 1e-9 * a.abs().max(b.abs()).max(1.0),
        (a, b) => a.is_some() != b.is_some(),
    }
}
