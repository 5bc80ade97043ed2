//! What a critique could not check, and why: the rules that need a number
//! the design does not give (no load, no SLO, no latency budget) and the
//! facts its source could not state. Every report format shows the list,
//! so silence is never mistaken for a pass.

use super::report::NotChecked;
use crate::model::{Design, Kind};

pub(crate) fn not_checked(design: &Design) -> Vec<NotChecked> {
    let req = design.requirements();
    let mut list = Vec::new();
    let client_rps = design.components().any(|c| c.kind == Kind::Client && c.rps.is_some_and(|r| r > 0.0));
    // A flow's own rate is load entering too.
    let flow_rps = design.flows().values().any(|f| f.rps.is_some_and(|r| r > 0.0));
    if req.peak_rps.is_none() && !client_rps && !flow_rps {
        list.push(NotChecked::new("capacity", "no peak_rps or client rps"));
    }
    if req.availability_slo.is_none() {
        list.push(NotChecked::new("availability", "no availability_slo"));
    }
    if req.latency_budget_ms.is_none() {
        list.push(NotChecked::new("latency", "no latency_budget_ms"));
    }
    for fact in design.unstated() {
        // One entry per check: capacity may lack both a load and the
        // source's word on it, and says both in one reason.
        match list.iter_mut().find(|n| n.check == fact.as_str()) {
            Some(n) => n.reason = NO_LOAD_NOT_STATED,
            None => list.push(NotChecked::new(fact.as_str(), NOT_STATED)),
        }
    }
    list
}

/// The reason of every fact listed in `unstated:`.
const NOT_STATED: &str = "not stated by the source (listed in unstated)";
/// Capacity with neither a load nor the source's word on it.
const NO_LOAD_NOT_STATED: &str = "no peak_rps or client rps, and not stated by the source (listed in unstated)";

/// "capacity not checked: no peak_rps or client rps; availability not
/// checked: no availability_slo" (the text report's closing line).
/// Facts listed in `unstated:` are named together at the end ("not stated
/// by the source: auth, tls"), so the line stays readable.
pub fn closing_line(list: &[NotChecked]) -> String {
    let mut parts: Vec<String> = list
        .iter()
        .filter(|n| n.reason != NOT_STATED)
        .map(|n| format!("{} not checked: {}", n.check, n.reason))
        .collect();
    let unstated: Vec<&str> = list.iter().filter(|n| n.reason == NOT_STATED).map(|n| n.check).collect();
    if !unstated.is_empty() {
        parts.push(format!("not stated by the source: {}", unstated.join(", ")));
    }
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::file::load_str;

    #[test]
    fn missing_numbers_and_unstated_facts_are_listed() {
        let d = load_str("archcrit: 1\nname: x\nunstated: [auth]\ncomponents:\n  a: {kind: service}\n", "t").unwrap();
        let line = closing_line(&not_checked(&d));
        assert!(
            line.starts_with("capacity not checked: no peak_rps or client rps; availability not checked"),
            "{line}"
        );
        assert!(line.ends_with("; not stated by the source: auth"), "{line}");
        let d = load_str(
            "archcrit: 1\nname: x\nrequirements: {peak_rps: 10, availability_slo: 99.9, latency_budget_ms: 100}\ncomponents:\n  a: {kind: service}\n",
            "t",
        )
        .unwrap();
        assert!(not_checked(&d).is_empty());
    }
}
