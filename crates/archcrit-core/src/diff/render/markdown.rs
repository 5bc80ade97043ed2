//! The diff as a pull-request comment: a heading and the summary line,
//! the findings the change brings in as a visible table (what a reviewer
//! must see), then design changes, fixed findings, findings still present
//! and the numbers that moved, each folded in a `<details>` block.

use std::fmt::Write as _;

use super::{clean, metric_change, metric_value, summary};
use crate::critic::Finding;
use crate::diff::{Changed, DesignDiff, FieldChange, Section};

/// A table cell from design text: the table must survive it (pipes
/// escaped, one line) and so must the `<details>` folds around it (angle
/// brackets as entities: a label `</details>` must not close the fold,
/// which the critic's Markdown, having no folds, need not care about).
fn cell(s: &str) -> String {
    clean(s)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

/// Inline code from design text; a pipe would still end the table cell.
fn code(s: &str) -> String {
    format!("`{}`", clean(s).replace('`', "'").replace('|', "\\|").replace(['\n', '\r'], " "))
}

fn fold_open(out: &mut String, title: &str) {
    // The blank line after </summary> makes GitHub render the Markdown inside.
    let _ = write!(out, "\n<details>\n<summary>{}</summary>\n\n", cell(title));
}

fn fold_close(out: &mut String) {
    out.push_str("\n</details>\n");
}

/// `field`: old → new, with *none* for a field left out.
fn change(f: &FieldChange) -> String {
    let old = f.old.as_deref().map_or("*none*".to_string(), cell);
    let new = f.new.as_deref().map_or("*none*".to_string(), cell);
    format!("{}: {old} → {new}", code(&f.field))
}

fn fields(fields: &[FieldChange]) -> String {
    fields.iter().map(change).collect::<Vec<_>>().join("<br>")
}

fn field_list(fields: &[FieldChange]) -> String {
    fields.iter().map(|f| format!("- {}\n", change(f))).collect()
}

/// Rows per findings table: GitHub refuses comments over 65,536
/// characters, and a big estate keeps thousands of findings. The JSON
/// output has them all.
pub const MAX_ROWS: usize = 50;

fn findings_table(out: &mut String, findings: &[(&Finding, String)]) {
    out.push_str("| Severity | Rule | Components | Why it matters | Try |\n|---|---|---|---|---|\n");
    for (f, note) in findings.iter().take(MAX_ROWS) {
        let comps = f.components.iter().map(|c| code(c.as_str())).collect::<Vec<_>>().join(", ");
        let _ = writeln!(
            out,
            "| {}{note} | {} | {comps} | {} | {} |",
            f.severity,
            code(f.rule),
            cell(&f.message),
            cell(&f.patterns.join(", "))
        );
    }
    more(out, findings.len());
}

fn more(out: &mut String, rows: usize) {
    if rows > MAX_ROWS {
        let _ = write!(out, "\n…and {} more (`--format json` lists every one).\n", rows - MAX_ROWS);
    }
}

fn section_rows<K: std::fmt::Display>(out: &mut String, title: &str, section: &Section<K>) {
    if section.is_empty() {
        return;
    }
    let mut rows: Vec<String> = Vec::new();
    rows.extend(section.added.iter().map(|k| format!("| added | {} | |", code(&k.to_string()))));
    rows.extend(section.removed.iter().map(|k| format!("| removed | {} | |", code(&k.to_string()))));
    rows.extend(changed_rows(&section.changed));
    table(out, title, &rows);
}

fn changed_rows<K: std::fmt::Display>(changed: &[Changed<K>]) -> impl Iterator<Item = String> + '_ {
    changed.iter().map(|c| format!("| changed | {} | {} |", code(&c.subject.to_string()), fields(&c.fields)))
}

/// A `| | Title | Fields |` table of at most `MAX_ROWS` rows.
fn table(out: &mut String, title: &str, rows: &[String]) {
    let _ = write!(out, "\n#### {title}\n\n| | {title} | Fields |\n|---|---|---|\n");
    for row in rows.iter().take(MAX_ROWS) {
        out.push_str(row);
        out.push('\n');
    }
    more(out, rows.len());
}

pub fn markdown(diff: &DesignDiff) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## archcrit diff: {}\n\n**{}**", cell(&diff.new_name), cell(&summary(diff)));

    let new: Vec<(&Finding, String)> = diff
        .findings
        .introduced
        .iter()
        .map(|f| (f, String::new()))
        .chain(
            diff.findings
                .still_present
                .iter()
                .filter(|s| s.worsened())
                .map(|s| (&s.finding, format!(" (was {})", s.old_severity))),
        )
        .collect();
    if !new.is_empty() {
        let _ = write!(out, "\n### New findings\n\n");
        findings_table(&mut out, &new);
    }

    let c = &diff.components;
    let changes = c.added.len() + c.removed.len() + c.renamed.len() + c.changed.len();
    let others = [
        diff.links.added.len() + diff.links.removed.len() + diff.links.changed.len(),
        diff.zones.added.len() + diff.zones.removed.len() + diff.zones.changed.len(),
        diff.flows.added.len() + diff.flows.removed.len() + diff.flows.changed.len(),
        diff.accepted.added.len() + diff.accepted.removed.len() + diff.accepted.changed.len(),
        diff.requirements.len(),
        diff.design.len(),
    ];
    let total = changes + others.iter().sum::<usize>();
    if total > 0 {
        fold_open(&mut out, &format!("Design changes ({total})"));
        if !diff.design.is_empty() {
            let _ = write!(out, "\n#### Design\n\n{}", field_list(&diff.design));
        }
        if !diff.requirements.is_empty() {
            let _ = write!(out, "\n#### Requirements\n\n{}", field_list(&diff.requirements));
        }
        if changes > 0 {
            let mut rows: Vec<String> = Vec::new();
            rows.extend(c.added.iter().map(|id| format!("| added | {} | |", code(id.as_str()))));
            rows.extend(c.removed.iter().map(|id| format!("| removed | {} | |", code(id.as_str()))));
            rows.extend(
                c.renamed
                    .iter()
                    .map(|r| format!("| renamed | {} → {} | |", code(r.from.as_str()), code(r.to.as_str()))),
            );
            rows.extend(changed_rows(&c.changed));
            table(&mut out, "Components", &rows);
        }
        section_rows(&mut out, "Links", &diff.links);
        section_rows(&mut out, "Zones", &diff.zones);
        section_rows(&mut out, "Flows", &diff.flows);
        section_rows(&mut out, "Accepted findings", &diff.accepted);
        fold_close(&mut out);
    }

    let f = &diff.findings;
    if !f.fixed.is_empty() {
        fold_open(&mut out, &format!("Fixed findings ({})", f.fixed.len()));
        findings_table(&mut out, &f.fixed.iter().map(|f| (f, String::new())).collect::<Vec<_>>());
        fold_close(&mut out);
    }
    let unchanged: Vec<(&Finding, String)> = f.unchanged().map(|s| (&s.finding, String::new())).collect();
    if !unchanged.is_empty() {
        fold_open(&mut out, &format!("Findings still present ({})", unchanged.len()));
        findings_table(&mut out, &unchanged);
        fold_close(&mut out);
    }
    if !diff.metrics.is_empty() {
        fold_open(&mut out, &format!("Numbers that moved ({})", diff.metrics.len()));
        out.push_str("| | Subject | Metric | Before | After | Change |\n|---|---|---|---|---|---|\n");
        for m in diff.metrics.iter().take(MAX_ROWS) {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                m.group,
                code(&m.subject),
                m.metric,
                metric_value(m.metric, m.old),
                metric_value(m.metric, m.new),
                metric_change(m)
            );
        }
        more(&mut out, diff.metrics.len());
        fold_close(&mut out);
    }
    out
}
