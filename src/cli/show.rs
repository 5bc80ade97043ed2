//! `archcrit show FILE` (or `--example NAME`): a short text summary of a design.

use std::fmt::Write as _;

use archcrit_core::model::{Design, Kind, RequirementField, format_number};

use super::OK;
use super::source::Source;

/// Print a short summary: components by kind, links, requirements.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub design: Source,
}

pub fn run(args: Args) -> u8 {
    match args.design.load() {
        Ok(loaded) => {
            out!("{}", summary(&loaded.design));
            OK
        }
        Err(code) => code,
    }
}

/// The summary text (also used by tests).
pub fn summary(design: &Design) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", design.name());
    if let Some(d) = design.description() {
        let _ = writeln!(out, "  {d}");
    }
    let _ = writeln!(out, "\ncomponents: {}", design.component_count());
    for kind in Kind::ALL {
        let ids: Vec<&str> = design.components().filter(|c| c.kind == kind).map(|c| c.id.as_str()).collect();
        if !ids.is_empty() {
            let _ = writeln!(out, "  {:<14} {:>3}  {}", kind.as_str(), ids.len(), ellipsis(&ids, 6));
        }
    }
    let sync = design.links().filter(|l| l.is_sync()).count();
    let _ = writeln!(out, "\nlinks: {} ({} sync, {} async)", design.link_count(), sync, design.link_count() - sync);
    let req = design.requirements();
    let set: Vec<String> =
        RequirementField::ALL.iter().filter_map(|f| req.get(*f).map(|v| format!("  {:<18} {v}", f.as_str()))).collect();
    if set.is_empty() {
        let _ = writeln!(out, "\nrequirements: none (the critic skips SLO, latency and load checks)");
    } else {
        let _ = writeln!(out, "\nrequirements:");
        for line in set {
            let _ = writeln!(out, "{line}");
        }
    }
    if !design.zones().is_empty() {
        let zones: Vec<String> = design
            .zones()
            .iter()
            .map(|(name, z)| match &z.trust {
                Some(t) => format!("{name} ({t})"),
                None => name.clone(),
            })
            .collect();
        let _ = writeln!(out, "\nzones: {}", zones.join(", "));
    }
    if !design.accepted().is_empty() {
        let _ = writeln!(out, "\naccepted findings: {}", design.accepted().len());
    }
    // The capacity model's numbers: each flow's, and the headroom.
    let metrics = archcrit_core::critic::capacity::metrics(design);
    if !design.flows().is_empty() {
        let _ = writeln!(out, "\nflows: {}", design.flows().len());
        for (id, flow) in design.flows() {
            let numbers = metrics.flows.get(id).map(|m| {
                let ms = |x: Option<f64>| x.map_or_else(|| "unbounded".to_string(), |v| format!("{v:.1} ms"));
                format!(
                    "  {} rps, mean {}, p99 {}, {}% available",
                    format_number((m.load_rps * 10.0).round() / 10.0),
                    ms(m.latency_ms),
                    ms(m.p99_ms),
                    archcrit_core::critic::templates::pct(m.availability)
                )
            });
            // `via` is the set of components the request may pass, not a
            // chain: it follows the links among them, which may branch.
            let via: Vec<&str> = flow.via.iter().map(|c| c.as_str()).collect();
            let _ = writeln!(out, "  {:<14} from {} via {}", id, flow.from, ellipsis(&via, 8));
            if let Some(n) = numbers {
                let _ = writeln!(out, "  {:<14}{n}", "");
            }
        }
    }
    if let Some(h) = &metrics.headroom {
        let _ = writeln!(out, "\n{}", h.line());
    }
    let clients_rps: f64 = design.components().filter_map(|c| c.rps).sum();
    if clients_rps > 0.0 {
        let _ = writeln!(out, "\nclient load set explicitly: {} rps", format_number(clients_rps));
    }
    out
}

fn ellipsis(ids: &[&str], max: usize) -> String {
    if ids.len() <= max { ids.join(", ") } else { format!("{}, ... (+{})", ids[..max].join(", "), ids.len() - max) }
}
