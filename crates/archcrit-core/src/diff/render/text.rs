//! The diff for a terminal: a summary line, then `+` added, `-` removed,
//! `~` changed (field: old -> new), `>` renamed, then the findings the
//! change introduces, fixes and keeps, and the numbers that moved. Colour
//! is ANSI and optional (the caller checks NO_COLOR and the tty).

use std::fmt::Write as _;

use super::{clean, metric_change, metric_value, summary};
use crate::critic::{Finding, Severity};
use crate::diff::{Changed, DesignDiff, FieldChange, Section};

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const GREEN: &str = "\x1b[32m";
const RED: &str = "\x1b[31m";
const YELLOW: &str = "\x1b[33m";
const CYAN: &str = "\x1b[36m";

struct Out {
    text: String,
    color: bool,
}

impl Out {
    fn c(&self, code: &'static str) -> &'static str {
        if self.color { code } else { "" }
    }

    fn heading(&mut self, title: &str) {
        let (b, r) = (self.c(BOLD), self.c(RESET));
        let _ = writeln!(self.text, "\n{b}{title}{r}");
    }

    fn line(&mut self, mark: char, paint: &'static str, what: &str) {
        let (p, r) = (self.c(paint), self.c(RESET));
        let _ = writeln!(self.text, "  {p}{mark} {}{r}", clean(what));
    }

    fn fields(&mut self, fields: &[FieldChange]) {
        for f in fields {
            let (d, r) = (self.c(DIM), self.c(RESET));
            let old = f.old.as_deref().map_or("(none)".into(), clean);
            let new = f.new.as_deref().map_or("(none)".into(), clean);
            let _ = writeln!(self.text, "      {}: {d}{old}{r} -> {new}", clean(&f.field));
        }
    }

    fn section<K: std::fmt::Display>(&mut self, title: &str, section: &Section<K>) {
        if section.is_empty() {
            return;
        }
        self.heading(title);
        for k in &section.added {
            self.line('+', GREEN, &k.to_string());
        }
        for k in &section.removed {
            self.line('-', RED, &k.to_string());
        }
        self.changed(&section.changed);
    }

    fn changed<K: std::fmt::Display>(&mut self, changed: &[Changed<K>]) {
        for c in changed {
            self.line('~', YELLOW, &c.subject.to_string());
            self.fields(&c.fields);
        }
    }

    fn finding(&mut self, f: &Finding, note: &str) {
        let paint = match f.severity {
            Severity::Error => "\x1b[1;31m",
            Severity::Warning => "\x1b[1;33m",
            Severity::Info => "\x1b[1;36m",
        };
        let (p, d, r) = (self.c(paint), self.c(DIM), self.c(RESET));
        let about = f.components.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ");
        let _ = writeln!(self.text, "  {p}{:<7}{r} {} {d}{about}{r}{note}", f.severity.as_str(), f.rule);
        let _ = writeln!(self.text, "          {}", clean(&f.message));
    }
}

pub fn text(diff: &DesignDiff, color: bool) -> String {
    let mut out = Out { text: String::new(), color };
    let title = if diff.old_name == diff.new_name {
        clean(&diff.new_name).into_owned()
    } else {
        format!("{} -> {}", clean(&diff.old_name), clean(&diff.new_name))
    };
    let (b, r) = (out.c(BOLD), out.c(RESET));
    let _ = writeln!(out.text, "{b}{title}{r}\n{}", summary(diff));

    if !diff.design.is_empty() {
        out.heading("Design");
        out.fields(&diff.design);
    }
    if !diff.requirements.is_empty() {
        out.heading("Requirements");
        out.fields(&diff.requirements);
    }
    let c = &diff.components;
    if !c.is_empty() {
        out.heading("Components");
        for id in &c.added {
            out.line('+', GREEN, id.as_str());
        }
        for id in &c.removed {
            out.line('-', RED, id.as_str());
        }
        for rename in &c.renamed {
            out.line('>', CYAN, &format!("{} -> {} (renamed)", rename.from, rename.to));
        }
        out.changed(&c.changed);
    }
    out.section("Links", &diff.links);
    out.section("Zones", &diff.zones);
    out.section("Flows", &diff.flows);
    out.section("Accepted findings", &diff.accepted);

    let f = &diff.findings;
    if !f.introduced.is_empty() {
        out.heading(&format!("Findings introduced ({})", f.introduced.len()));
        for finding in &f.introduced {
            out.finding(finding, "");
        }
    }
    let worse: Vec<_> = f.still_present.iter().filter(|s| s.worsened()).collect();
    if !worse.is_empty() {
        out.heading(&format!("Findings made worse ({})", worse.len()));
        for s in worse {
            out.finding(&s.finding, &format!(" (was {})", s.old_severity));
        }
    }
    if !f.fixed.is_empty() {
        out.heading(&format!("Findings fixed ({})", f.fixed.len()));
        for finding in &f.fixed {
            out.finding(finding, "");
        }
    }
    let unchanged = f.unchanged().count();
    if unchanged > 0 {
        let _ = writeln!(out.text, "\n{} still present", crate::text::counted(unchanged, "finding"));
    }

    if !diff.metrics.is_empty() {
        out.heading("Numbers that moved");
        for m in &diff.metrics {
            let line = format!(
                "  {:<9} {:<24} {:<12} {} -> {} {}",
                m.group,
                clean(&m.subject),
                m.metric,
                metric_value(m.metric, m.old),
                metric_value(m.metric, m.new),
                metric_change(m)
            );
            let _ = writeln!(out.text, "{}", line.trim_end());
        }
    }
    out.text
}
