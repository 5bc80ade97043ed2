//! The drift report: per number, what the design says, what the traces
//! say and the relative difference; plus what the traces saw that the
//! design lacks (services, links) and links the traces never used.

use std::fmt::Write;

use serde::Serialize;

use crate::critic::capacity::metrics;
use crate::model::{Design, Kind};

use super::Plan;
use super::availability::{MIN_FAILURES, Verdict, judge};
use super::mapping::Mapping;
use super::observed::Observed;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// `orders`, `orders -> orders-db`, `flow checkout`.
    pub subject: String,
    /// `load_rps`, `latency_ms`, `p99_ms`, `availability`, `calls`, `rps`.
    pub number: &'static str,
    pub design: Option<f64>,
    pub traces: Option<f64>,
    /// (traces - design) / design; for `availability`, the same of the
    /// downtime (100 - availability), so 99.9 -> 90 is +9900%, and only
    /// when the traces show more downtime than designed; `None` when either
    /// is missing or the design says 0.
    pub difference: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Drift {
    pub spans: u64,
    pub traces: u64,
    pub window_s: Option<f64>,
    pub rows: Vec<Row>,
    /// Services and peers no component stands for.
    pub unmapped: Vec<String>,
    /// Calls seen between mapped components with no link in the design.
    pub missing_links: Vec<String>,
    /// Links between observed components that no trace used.
    pub unused_links: Vec<String>,
    /// Links whose mode the traces contradict, and other remarks.
    pub notes: Vec<String>,
}

fn row(subject: &str, number: &'static str, design: Option<f64>, traces: Option<f64>) -> Row {
    let difference = match (design, traces) {
        // 99.9% to 90% is a hundred times the downtime, not "-10%": an
        // availability row compares what is down.
        // A sample without errors does not show a design too pessimistic:
        // only more downtime than designed is a difference.
        (Some(d), Some(t)) if number == "availability" && d < 100.0 && t < d => {
            Some(((100.0 - t) - (100.0 - d)) / (100.0 - d))
        }
        (_, _) if number == "availability" => None,
        (Some(d), Some(t)) if d != 0.0 && number != "availability" => Some((t - d) / d),
        _ => None,
    };
    Row { subject: subject.to_string(), number, design, traces, difference }
}

pub(crate) fn drift(design: &Design, observed: &Observed, mapping: &Mapping, plan: &Plan) -> Drift {
    let m = metrics(design);
    let load_enters = m.components.values().any(|c| c.load_rps > 0.0);
    let mut rows = Vec::new();
    let mut held = Vec::new();
    for (i, n) in observed.nodes.iter().enumerate() {
        let Some(id) = mapping.id(i) else { continue };
        let Some(c) = design.component(id.as_str()) else { continue };
        let s = id.as_str();
        let load = m.components.get(id).map(|x| x.load_rps).filter(|_| load_enters);
        rows.push(row(s, "load_rps", load, n.rps));
        if c.kind != Kind::Client && n.own_mean_ms.is_some() {
            rows.push(row(s, "latency_ms", Some(c.effective_latency_ms()), n.own_mean_ms));
            rows.push(row(s, "p99_ms", Some(c.effective_p99_ms()), n.own_p99_ms));
        }
        if let Some(e) = n.error_rate.filter(|_| c.kind != Kind::Client && n.own_mean_ms.is_some()) {
            // The traces see the component whole, all replicas together:
            // compare with the model's replicated availability.
            let designed = m.components.get(id).map_or(c.effective_availability(), |x| x.availability);
            rows.push(row(s, "availability", Some(designed), Some(100.0 * (1.0 - e))));
            let replicas = c.effective_replicas();
            match judge(n.requests, n.errors, replicas) {
                Verdict::TooFew { observed, errors, requests, needed } => held.push(format!(
                    "{s} availability {} not written: {errors} failed of {requests} requests; \
                     measuring it takes {MIN_FAILURES} failures, {needed} requests at this rate",
                    num(Some(observed))
                )),
                // The model treats replicas as failing independently, so the
                // number written per replica is lower than the one seen; say
                // why, and what it means when errors are not outages.
                Verdict::Write { observed, per_replica } if replicas > 1 => held.push(format!(
                    "{s} availability {} is per replica: the model's {replicas} replicas, failing \
                     independently, give the {}% the traces saw. Errors every replica makes (a bug, a \
                     failing dependency, a timeout) are not outages replicas cover: if that is what \
                     these are, fix their cause; more replicas will not",
                    num(Some(per_replica)),
                    num(Some(observed))
                )),
                _ => {}
            }
        }
    }
    let mut missing_links = Vec::new();
    let mut notes = held;
    let mut used = std::collections::HashSet::new();
    for e in &observed.edges {
        let (Some(from), Some(to)) = (mapping.id(e.from), mapping.id(e.to)) else { continue };
        if from == to {
            continue;
        }
        let subject = format!("{from} -> {to}");
        match design.outgoing(from.as_str()).into_iter().find(|l| &l.to == to) {
            Some(link) => {
                used.insert(link.key());
                // With flows, `calls` count per request of the flows through
                // the link (calibration fits them so loads match), not per
                // request of everything the caller serves: the loads above
                // are the comparison that holds.
                if design.flows().is_empty() {
                    rows.push(row(&subject, "calls", Some(link.effective_calls()), e.per_request));
                }
                if e.is_async && link.is_sync() {
                    notes.push(format!("{subject}: the design says sync, the traces show an asynchronous hop"));
                }
            }
            None => {
                missing_links.push(format!("{subject}{} ({} calls)", if e.is_async { " (async)" } else { "" }, e.calls))
            }
        }
    }
    let seen: std::collections::HashSet<_> = (0..observed.nodes.len()).filter_map(|i| mapping.id(i)).collect();
    let unused_links = design
        .links()
        .filter(|l| seen.contains(&l.from) && seen.contains(&l.to) && !used.contains(&l.key()))
        .map(|l| l.key().to_string())
        .collect();
    for f in &plan.flows {
        let subject = format!("flow {}", f.id);
        let fm = m.flows.get(&f.id);
        let design_rps = design.flow(&f.id).and_then(|fl| fl.rps).or(fm.map(|x| x.load_rps));
        rows.push(row(&subject, "rps", design_rps, f.entry.rps));
        rows.push(row(&subject, "latency_ms", fm.and_then(|x| x.latency_ms), f.entry.mean_ms));
        rows.push(row(&subject, "p99_ms", fm.and_then(|x| x.p99_ms), f.entry.p99_ms));
    }
    // A service named almost like a component nobody mapped ("payments"
    // beside `payment`) is most likely that component: say how to map it.
    let unmapped: Vec<String> = mapping.unmapped().into_iter().map(|i| observed.name(i).to_string()).collect();
    let free: Vec<&str> =
        design.ids().map(|id| id.as_str()).filter(|id| !seen.iter().any(|s| s.as_str() == *id)).collect();
    for name in &unmapped {
        if let Some(id) = crate::model::closest(&name.to_lowercase(), free.iter().copied()) {
            notes.push(format!("{name} is not in the design; did you mean {id}? (--map {name}={id})"));
        }
    }
    Drift {
        spans: observed.spans,
        traces: observed.traces,
        window_s: observed.window_s,
        rows,
        unmapped,
        missing_links,
        unused_links,
        notes,
    }
}

fn num(v: Option<f64>) -> String {
    match v {
        None => "-".to_string(),
        Some(x) if x.abs() >= 100.0 => format!("{x:.0}"),
        Some(x) => format!("{x:.3}").trim_end_matches('0').trim_end_matches('.').to_string(),
    }
}

impl Row {
    /// The difference as a person reads it: `+27%`, `-50%`, `0%`; for
    /// availability the downtime's multiple (`10x downtime`: 99.9% designed,
    /// 99% seen), so more downtime never reads as a gain. `None` when
    /// there is nothing to compare.
    pub fn difference_text(&self) -> Option<String> {
        let d = self.difference?;
        if self.number == "availability" {
            return Some(format!("{}x downtime", crate::critic::templates::num(1.0 + d)));
        }
        let percent = (d * 100.0).round();
        Some(if percent == 0.0 { "0%".to_string() } else { format!("{percent:+.0}%") })
    }
}

impl Drift {
    /// The report as a person reads it.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let window = self.window_s.map_or("no time window".to_string(), |w| format!("{w:.1} s"));
        let _ = writeln!(out, "traces: {} spans in {} traces over {window}", self.spans, self.traces);
        let w = self.rows.iter().map(|r| r.subject.chars().count()).max().unwrap_or(7).max(7);
        let _ = writeln!(out, "{:<w$}  {:<12} {:>10} {:>10} {:>12}", "subject", "number", "design", "traces", "diff");
        for r in &self.rows {
            let diff = r.difference_text().unwrap_or_else(|| "-".to_string());
            let _ = writeln!(
                out,
                "{:<w$}  {:<12} {:>10} {:>10} {:>12}",
                r.subject,
                r.number,
                num(r.design),
                num(r.traces),
                diff
            );
        }
        let lists = [
            ("not in the design", &self.unmapped),
            ("calls with no link in the design", &self.missing_links),
            ("links no trace used", &self.unused_links),
            ("notes", &self.notes),
        ];
        for (title, items) in lists {
            if !items.is_empty() {
                let _ = writeln!(out, "{title}:");
                for i in items {
                    let _ = writeln!(out, "  {i}");
                }
            }
        }
        out
    }

    /// The report for a narrow panel: one number a line, biggest drift
    /// first (`checkout latency_ms: 30 -> 22 (-27%)`).
    pub fn to_lines(&self) -> String {
        let mut out = String::new();
        let window = self.window_s.map_or("no time window".to_string(), |w| format!("{w:.1} s"));
        let _ = writeln!(out, "{} spans in {} traces over {window}; design -> traces:", self.spans, self.traces);
        let mut rows: Vec<&Row> = self.rows.iter().collect();
        rows.sort_by(|a, b| {
            let d = |r: &Row| r.difference.map_or(-1.0, f64::abs);
            d(b).total_cmp(&d(a))
        });
        for r in rows {
            let diff = r.difference_text().map_or(String::new(), |d| format!(" ({d})"));
            let _ = writeln!(out, "  {} {}: {} -> {}{diff}", r.subject, r.number, num(r.design), num(r.traces));
        }
        let lists = [
            ("not in the design", &self.unmapped),
            ("calls with no link", &self.missing_links),
            ("links no trace used", &self.unused_links),
            ("notes", &self.notes),
        ];
        for (title, items) in lists {
            if !items.is_empty() {
                let _ = writeln!(out, "{title}: {}", items.join(", "));
            }
        }
        out.trim_end().to_string()
    }

    /// One line for the workshop's message line.
    pub fn summary(&self) -> String {
        let far = self.rows.iter().filter(|r| r.difference.is_some_and(|d| d.abs() >= 0.25)).count();
        let mut s = format!("{} spans: {} numbers compared, {far} off by 25% or more", self.spans, self.rows.len());
        if !self.unmapped.is_empty() {
            let _ = write!(s, "; not in the design: {}", self.unmapped.join(", "));
        }
        if !self.missing_links.is_empty() {
            let _ = write!(s, "; {} calls with no link", self.missing_links.len());
        }
        s
    }
}
