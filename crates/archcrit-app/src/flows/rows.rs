//! The flows list's text: one row per flow, the selected flow's numbers
//! against its budgets, and the status line's headroom. Views draw these
//! as they are; tests read them without a terminal.

use archcrit_core::critic::{FlowMetrics, Report};
use archcrit_core::model::{Design, Flow};

/// One flow in the list.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowRow {
    pub id: String,
    /// A budget or SLO it does not meet (or unbounded latency).
    pub over: bool,
    /// "120 rps  p99 210 ms"
    pub summary: String,
}

/// One line of the selected flow's numbers; `over` when it misses its budget.
#[derive(Debug, Clone, PartialEq)]
pub struct DetailLine {
    pub text: String,
    pub over: bool,
}

fn ms(v: f64) -> String {
    if v >= 100.0 { format!("{v:.0} ms") } else { format!("{v:.1} ms") }
}

fn rps(v: f64) -> String {
    if v >= 10.0 || v == 0.0 { format!("{v:.0} rps") } else { format!("{v:.2} rps") }
}

/// A latency against a budget: over when above it or unbounded.
fn latency(name: &str, value: Option<f64>, unbounded: bool, budget: Option<f64>) -> DetailLine {
    let shown = match value {
        Some(v) if !unbounded => ms(v),
        _ => "unbounded".to_string(),
    };
    let over = budget.is_some_and(|b| unbounded || value.is_some_and(|v| v > b));
    let text = match budget {
        Some(b) if over => format!("{name} {shown}  OVER budget {}", ms(b)),
        Some(b) => format!("{name} {shown}  (budget {})", ms(b)),
        None => format!("{name} {shown}"),
    };
    DetailLine { text, over }
}

fn availability(m: &FlowMetrics, slo: Option<f64>) -> DetailLine {
    let over = slo.is_some_and(|s| m.availability < s);
    let text = match slo {
        Some(s) if over => format!("availability {:.3}%  OVER budget: SLO {s}%", m.availability),
        Some(s) => format!("availability {:.3}%  (SLO {s}%)", m.availability),
        None => format!("availability {:.3}%", m.availability),
    };
    DetailLine { text, over }
}

/// The selected flow's lines: label, rps and path, mean, p99, availability.
/// Without a report for it yet, only what the design says.
pub fn detail(flow: &Flow, metrics: Option<&FlowMetrics>) -> Vec<DetailLine> {
    let plain = |text: String| DetailLine { text, over: false };
    let mut path = vec![flow.from.as_str()];
    path.extend(flow.via.iter().map(|v| v.as_str()));
    let mut lines = Vec::new();
    if let Some(label) = &flow.label {
        lines.push(plain(label.clone()));
    }
    let Some(m) = metrics else {
        lines.push(plain(path.join(" > ")));
        lines.push(plain("(numbers once the critique runs)".into()));
        return lines;
    };
    lines.push(plain(format!("{}: {}", rps(m.load_rps), path.join(" > "))));
    lines.push(latency("mean", m.latency_ms, m.unbounded, flow.latency_budget_ms));
    lines.push(latency("p99", m.p99_ms, m.unbounded, flow.p99_budget_ms));
    lines.push(availability(m, flow.availability_slo));
    lines
}

/// Every flow of the design in file order, with its numbers when the
/// report has them.
pub fn rows(design: &Design, report: Option<&Report>) -> Vec<FlowRow> {
    design
        .flows()
        .iter()
        .map(|(id, flow)| {
            let m = report.and_then(|r| r.metrics.flows.get(id));
            let over = m.is_some_and(|m| detail(flow, Some(m)).iter().any(|l| l.over));
            let summary = match m {
                Some(m) if m.unbounded => format!("{}  p99 unbounded", rps(m.load_rps)),
                Some(m) => match m.p99_ms {
                    Some(p) => format!("{}  p99 {}", rps(m.load_rps), ms(p)),
                    None => rps(m.load_rps),
                },
                None => "...".to_string(),
            };
            FlowRow { id: id.clone(), over, summary }
        })
        .collect()
}

/// "headroom 1.7x: tweet-svc", or "headroom -" when no load enters.
pub fn headroom_status(report: &Report) -> String {
    match &report.metrics.headroom {
        Some(h) => {
            let factor = if h.factor >= 1.0 { format!("{:.1}x", h.factor) } else { format!("{:.2}x", h.factor) };
            match h.first.first() {
                Some(first) => format!("headroom {factor}: {first}"),
                None => format!("headroom {factor}"),
            }
        }
        None => "headroom -".to_string(),
    }
}
