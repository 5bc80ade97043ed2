//! The report as Markdown for a pull request comment: a summary line, one
//! table per severity, and the accepted findings.

use std::fmt::Write as _;

use crate::critic::report::{Report, Severity};

/// Table cells must not break the table, and design text must not become
/// HTML or a link in the rendered comment: the Markdown export's escaper,
/// on one line. The messages' own code spans (`auth:`) stay code: inside
/// one nothing renders as Markdown, so only a pipe needs escaping there.
/// Unbalanced backticks are escaped like any other text.
fn cell(s: &str) -> String {
    let one_line = s.replace(['\n', '\r'], " ");
    let parts: Vec<&str> = one_line.split('`').collect();
    if parts.len().is_multiple_of(2) {
        return crate::exchange::markdown::text(&one_line).replace('\n', " ");
    }
    parts
        .iter()
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                format!("`{}`", crate::text::inert::line(part).replace('|', "\\|"))
            } else {
                crate::exchange::markdown::text(part).replace('\n', " ")
            }
        })
        .collect()
}

pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## archcrit: {}\n", cell(&report.design));
    let (e, w, i) = (report.count(Severity::Error), report.count(Severity::Warning), report.count(Severity::Info));
    if e + w + i == 0 {
        let _ = writeln!(out, "No findings.");
    } else {
        let c = |n: usize, noun: &str| crate::text::counted(n, noun).replacen(' ', "** ", 1);
        let _ = writeln!(out, "**{}, **{}, **{}", c(e, "error"), c(w, "warning"), c(i, "note"));
    }
    if let Some(line) = report.headroom_line() {
        let _ = writeln!(out, "\n{}", cell(&line));
    }
    for (severity, title) in [(Severity::Error, "Errors"), (Severity::Warning, "Warnings"), (Severity::Info, "Notes")] {
        let group: Vec<_> = report.findings.iter().filter(|f| f.severity == severity).collect();
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n### {title}\n\n| Rule | Components | Why it matters | Try |\n|---|---|---|---|");
        for f in group {
            let comps = f.components.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ");
            let _ =
                writeln!(out, "| `{}` | {} | {} | {} |", f.rule, comps, cell(&f.message), cell(&f.patterns.join(", ")));
        }
    }
    if !report.accepted.is_empty() {
        let _ = writeln!(out, "\n### Accepted\n");
        for a in &report.accepted {
            let on = a.component.as_ref().map(|c| format!(" on `{c}`")).unwrap_or_default();
            let _ = writeln!(out, "- `{}`{on}: {}", a.rule, cell(&a.reason));
        }
    }
    if !report.not_checked.is_empty() {
        let _ = writeln!(out, "\n### Not checked\n");
        // archcrit's own words: nothing from the design to escape.
        for n in &report.not_checked {
            let _ = writeln!(out, "- {}: {}", n.check, n.reason);
        }
    }
    out
}

#[cfg(test)]
mod cell_tests {
    use super::cell;

    #[test]
    fn code_spans_stay_code_and_the_rest_is_escaped() {
        assert_eq!(cell("set `auth:` on it"), "set `auth:` on it");
        // A pipe in a code span would still end the table cell.
        assert_eq!(cell("`a|b` x"), "`a\\|b` x");
        let hostile = cell("<img src=x> and `<b>` and [l](http://e)");
        assert!(hostile.starts_with("\\<img src=x\\>"), "{hostile}");
        assert!(hostile.contains("`<b>`"), "inside a code span nothing renders: {hostile}");
        // Unbalanced backticks are escaped, not left to swallow the row.
        assert!(!cell("a ` b").contains(" ` "), "{}", cell("a ` b"));
    }
}
