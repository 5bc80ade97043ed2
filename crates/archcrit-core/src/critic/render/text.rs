//! The terminal report: findings grouped by severity, each with its
//! message and suggested patterns, then accepted findings and a summary.
//! Colour is ANSI and optional (the caller checks NO_COLOR and the tty).

use std::fmt::Write as _;

use crate::critic::report::{Report, Severity};
use crate::text::inert;

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";

fn paint(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "\x1b[1;31m",
        Severity::Warning => "\x1b[1;33m",
        Severity::Info => "\x1b[1;36m",
    }
}

fn heading(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "Errors",
        Severity::Warning => "Warnings",
        Severity::Info => "Notes",
    }
}

pub fn text(report: &Report, color: bool) -> String {
    let c = |code: &'static str| if color { code } else { "" };
    let mut out = String::new();
    let _ = writeln!(out, "{}{}{}", c(BOLD), inert::line(&report.design), c(RESET));
    for severity in [Severity::Error, Severity::Warning, Severity::Info] {
        let group: Vec<_> = report.findings.iter().filter(|f| f.severity == severity).collect();
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{}{} ({}){}", c(paint(severity)), heading(severity), group.len(), c(RESET));
        for f in group {
            let about = if f.components.is_empty() {
                String::new()
            } else {
                format!(" {}", f.components.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", "))
            };
            let _ = writeln!(
                out,
                "  {}{:<7}{} {}{}{}{}",
                c(paint(severity)),
                severity.as_str(),
                c(RESET),
                f.rule,
                c(DIM),
                inert::line(&about),
                c(RESET)
            );
            let _ = writeln!(out, "          {}", inert::line(&f.message));
            if !f.patterns.is_empty() {
                let _ = writeln!(out, "          {}try: {}{}", c(DIM), f.patterns.join(", "), c(RESET));
            }
        }
    }
    if !report.accepted.is_empty() {
        let _ = writeln!(out, "\n{}Accepted ({}){}", c(BOLD), report.accepted.len(), c(RESET));
        for a in &report.accepted {
            let on = a.component.as_ref().map(|c| format!(" {c}")).unwrap_or_default();
            let _ = writeln!(out, "  {}{}: {}", inert::line(&a.rule), inert::line(&on), inert::line(&a.reason));
        }
    }
    if let Some(line) = report.headroom_line() {
        let _ = writeln!(out, "\n{line}");
    }
    let (e, w, i) = (report.count(Severity::Error), report.count(Severity::Warning), report.count(Severity::Info));
    if e + w + i == 0 {
        let _ = writeln!(out, "\nNo findings.");
    } else {
        let c = crate::text::counted;
        let _ = writeln!(out, "\n{}, {}, {}", c(e, "error"), c(w, "warning"), c(i, "note"));
    }
    if !report.not_checked.is_empty() {
        let line = crate::critic::not_checked::closing_line(&report.not_checked);
        let _ = writeln!(out, "{}{line}{}", c(DIM), c(RESET));
    }
    out
}
