//! Which findings a persona raises first, and the numbers it quotes for
//! them. A persona's `focus` rules (warning or worse) come before the
//! rest; within a tier, errors before warnings before infos.

use crate::critic::{Finding, Report, Severity};
use crate::model::format_number;
use crate::persona::Persona;

/// The report's findings in the order this persona would raise them.
pub fn ranked<'r>(persona: &Persona, report: &'r Report) -> Vec<&'r Finding> {
    let mut order: Vec<(usize, &Finding)> = report.findings.iter().enumerate().collect();
    order.sort_by_key(|(i, f)| {
        let focus = persona.focus_rank(f.rule);
        let tier = match (focus, f.severity) {
            (_, Severity::Info) => 2,
            (Some(_), _) => 0,
            (None, _) => 1,
        };
        (tier, f.severity, focus.unwrap_or(usize::MAX), *i)
    });
    order.into_iter().map(|(_, f)| f).collect()
}

/// "1,680" — thousands separated, decimals only when they matter.
pub fn rps(n: f64) -> String {
    if !n.is_finite() {
        return "unbounded".into();
    }
    let rounded = if n >= 100.0 { n.round() } else { (n * 10.0).round() / 10.0 };
    let text = format_number(rounded);
    let (int, frac) = text.split_once('.').map(|(a, b)| (a, Some(b))).unwrap_or((&text, None));
    let (sign, digits) = int.strip_prefix('-').map(|d| ("-", d)).unwrap_or(("", int));
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

/// An availability to four decimals that never rounds up to a perfect 100.
pub fn percent(a: f64) -> String {
    let rounded = (a * 10_000.0).round() / 10_000.0;
    if rounded >= 100.0 && a < 100.0 { "99.9999".into() } else { format_number(rounded) }
}

/// "a, b, c, d and 3 more"
pub fn few(items: &[&str], max: usize) -> String {
    if items.len() <= max {
        return items.join(", ");
    }
    format!("{} and {} more", items[..max].join(", "), items.len() - max)
}

/// The measured facts behind a finding's subject, from the report's metrics:
/// "load 1,680 rps, 140% of capacity, 99.9% available".
pub fn numbers_for(report: &Report, finding: &Finding) -> Option<String> {
    let subject = finding.subject()?;
    let mut parts = Vec::new();
    if let Some(m) = report.metrics.components.get(subject) {
        if m.load_rps > 0.0 {
            parts.push(format!("load {} rps", rps(m.load_rps)));
        }
        if let Some(u) = m.utilization.filter(|u| u.is_finite() && *u > 0.0) {
            parts.push(format!("{}% of capacity", format_number((u * 100.0).round())));
        }
        parts.push(format!("{}% available", percent(m.availability)));
    } else if let Some(r) = report.metrics.requests.get(subject) {
        parts.push(format!("{} rps", rps(r.load_rps)));
        parts.push(format!("{}% available", percent(r.availability)));
        parts.push(format!("{} ms", format_number(r.latency_ms.round())));
    }
    if parts.is_empty() { None } else { Some(parts.join(", ")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rps_reads_like_a_person_writes_it() {
        assert_eq!(rps(1680.0), "1,680");
        assert_eq!(rps(1_234_567.4), "1,234,567");
        assert_eq!(rps(12.34), "12.3");
        assert_eq!(rps(999.0), "999");
        assert_eq!(rps(f64::INFINITY), "unbounded");
        assert_eq!(percent(99.99995), "99.9999");
        assert_eq!(percent(99.95), "99.95");
        assert_eq!(percent(100.0), "100");
        assert_eq!(few(&["a", "b", "c"], 2), "a, b and 1 more");
    }
}
