//! The Markdown design review: the document a team pastes into a pull
//! request or wiki (title, description, requirements, the Mermaid diagram,
//! findings by severity, metrics, accepted risks, interview transcript).
//! Written for GitHub's renderer: plain tables, fenced `mermaid` block.

use std::fmt::{self, Write};

use crate::critic::{Report, Severity};
use crate::exchange::Direction;
use crate::exchange::mermaid::{self, Style};
use crate::model::{Design, RequirementField, format_number};

/// Escapes Markdown punctuation and HTML so user text renders as typed,
/// and breaks what GitHub would turn into a link by itself (`https://`,
/// `www.`, `a@b.c`): the escaped `:`, `.` and `@` still render as typed.
/// Controls and bidi marks are shown as visible escapes.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, ch) in s.char_indices() {
        match ch {
            ':' if s[i + 1..].starts_with("//") => out.push_str("\\:"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '@' => {
                out.push('\\');
                out.push(ch);
            }
            '.' if out.len() >= 3 && out.as_bytes()[out.len() - 3..].eq_ignore_ascii_case(b"www") => {
                out.push_str("\\.")
            }
            '\r' => {}
            c => out.push(c),
        }
    }
    crate::text::inert::text(&out).into_owned()
}

/// Text for one table cell: escaped, on one line.
fn cell(s: &str) -> String {
    text(s).replace('\n', " ")
}

fn pct(v: f64) -> String {
    format!("{v:.3}%")
}

pub fn write<W: Write>(out: &mut W, design: &Design, report: Option<&Report>, direction: Direction) -> fmt::Result {
    writeln!(out, "# {}\n", cell(design.name()))?;
    if let Some(d) = design.description() {
        writeln!(out, "{}\n", text(d))?;
    }
    writeln!(
        out,
        "{} components, {} links{}.\n",
        design.component_count(),
        design.link_count(),
        if design.zones().is_empty() { String::new() } else { format!(", {} zones", design.zones().len()) }
    )?;

    writeln!(out, "## Requirements\n")?;
    let req = design.requirements();
    let set: Vec<_> = RequirementField::ALL.iter().filter_map(|f| req.get(*f).map(|v| (*f, v))).collect();
    if set.is_empty() {
        writeln!(out, "None stated: the critic skips load, SLO and latency checks.\n")?;
    } else {
        writeln!(out, "| Requirement | Value |\n| --- | --- |")?;
        for (f, v) in set {
            writeln!(out, "| `{}` | {} |", f.as_str(), cell(&v.to_string()))?;
        }
        writeln!(out)?;
    }

    writeln!(out, "## Diagram\n")?;
    let diagram = mermaid::export(design, Style { direction, findings: report });
    if let Some(w) = &diagram.warning {
        writeln!(out, "> {}\n", cell(w))?;
    }
    writeln!(out, "```mermaid\n{}```\n", diagram.text)?;

    match report {
        Some(r) => {
            write_findings(out, r)?;
            write_metrics(out, r)?;
        }
        None => writeln!(out, "## Findings\n\nThe critic was not run for this export.\n")?,
    }

    if !design.accepted().is_empty() {
        writeln!(out, "## Accepted risks\n\n| Rule | Component | Reason |\n| --- | --- | --- |")?;
        for a in design.accepted() {
            let component = a.component.as_ref().map_or_else(|| "(design)".to_string(), |c| format!("`{c}`"));
            writeln!(out, "| `{}` | {component} | {} |", cell(&a.rule), cell(&a.reason))?;
        }
        writeln!(out)?;
    }

    if !design.interview().is_empty() {
        writeln!(out, "## Interview\n")?;
        for e in design.interview() {
            let answer = if e.answer.is_empty() { "(skipped)".to_string() } else { cell(&e.answer) };
            writeln!(out, "- **{}**  \n  {answer}", cell(&e.ask))?;
            if !e.effects.is_empty() {
                let effects: Vec<String> = e.effects.iter().map(|x| cell(x)).collect();
                writeln!(out, "  *{}*", effects.join("; "))?;
            }
        }
        writeln!(out)?;
    }
    Ok(())
}

fn write_findings<W: Write>(out: &mut W, r: &Report) -> fmt::Result {
    writeln!(out, "## Findings\n")?;
    if r.findings.is_empty() {
        writeln!(out, "No open findings.\n")?;
    }
    for (severity, title) in [(Severity::Error, "Errors"), (Severity::Warning, "Warnings"), (Severity::Info, "Notes")] {
        let found: Vec<_> = r.findings.iter().filter(|f| f.severity == severity).collect();
        if found.is_empty() {
            continue;
        }
        writeln!(out, "### {title} ({})\n", found.len())?;
        for f in found {
            let on: Vec<String> = f.components.iter().map(|c| format!("`{c}`")).collect();
            let on = if on.is_empty() { "the design".to_string() } else { on.join(", ") };
            writeln!(out, "- **`{}`** on {on}: {}", f.rule, text(&f.message).replace('\n', "\n  "))?;
            if !f.patterns.is_empty() {
                let p: Vec<String> = f.patterns.iter().map(|p| format!("`{p}`")).collect();
                writeln!(out, "  - Suggested patterns: {}", p.join(", "))?;
            }
        }
        writeln!(out)?;
    }
    Ok(())
}

fn write_metrics<W: Write>(out: &mut W, r: &Report) -> fmt::Result {
    if r.metrics.components.is_empty() {
        return Ok(());
    }
    writeln!(out, "## Metrics\n")?;
    writeln!(out, "| Component | Load (rps) | Utilization | Availability | Latency (ms) |")?;
    writeln!(out, "| --- | ---: | ---: | ---: | ---: |")?;
    for (id, m) in &r.metrics.components {
        let util = m.utilization.map_or_else(|| "n/a".to_string(), |u| format!("{:.0}%", u * 100.0));
        writeln!(
            out,
            "| `{id}` | {} | {util} | {} | {} |",
            format_number((m.load_rps * 10.0).round() / 10.0),
            pct(m.availability),
            format_number((m.latency_ms * 10.0).round() / 10.0)
        )?;
    }
    writeln!(out)?;
    if !r.metrics.requests.is_empty() {
        writeln!(out, "| Request from | Load (rps) | Availability | Latency (ms) |\n| --- | ---: | ---: | ---: |")?;
        for (id, m) in &r.metrics.requests {
            writeln!(
                out,
                "| `{id}` | {} | {} | {} |",
                format_number((m.load_rps * 10.0).round() / 10.0),
                pct(m.availability),
                format_number((m.latency_ms * 10.0).round() / 10.0)
            )?;
        }
        writeln!(out)?;
    }
    if !r.metrics.flows.is_empty() {
        writeln!(
            out,
            "| Flow | From | Load (rps) | Availability | Mean (ms) | p99 (ms) |\n| --- | --- | ---: | ---: | ---: | ---: |"
        )?;
        let ms =
            |x: Option<f64>| x.map_or_else(|| "unbounded".to_string(), |v| format_number((v * 10.0).round() / 10.0));
        for (id, f) in &r.metrics.flows {
            writeln!(
                out,
                "| `{}` | `{}` | {} | {} | {} | {} |",
                id.replace('`', "'"),
                f.from,
                format_number((f.load_rps * 10.0).round() / 10.0),
                pct(f.availability),
                ms(f.latency_ms),
                ms(f.p99_ms)
            )?;
        }
        writeln!(out)?;
    }
    if let Some(line) = r.headroom_line() {
        writeln!(out, "{}\n", line.replace('|', "\\|"))?;
    }
    if !r.accepted.is_empty() {
        writeln!(out, "{} finding(s) silenced by accepted risks (below).\n", r.accepted.len())?;
    }
    Ok(())
}

/// The review as a String.
pub fn export(design: &Design, report: Option<&Report>, direction: Direction) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write(&mut out, design, report, direction);
    out
}
