//! Graphviz DOT export: zones as clusters, a distinct shape per kind, dashed
//! async links, protocol as edge label, and (with findings) outlines coloured
//! by each component's worst severity.

use std::fmt::{self, Write};

use crate::critic::{Report, Severity};
use crate::exchange::Direction;
use crate::model::{Component, Design, Kind, Mode};

/// Graphviz shape and extra style per kind.
pub fn shape(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Client => ("ellipse", ""),
        Kind::Cdn => ("octagon", ""),
        Kind::LoadBalancer => ("trapezium", ""),
        Kind::Gateway => ("hexagon", ""),
        Kind::Service => ("box", ""),
        Kind::Worker => ("component", ""),
        Kind::Function => ("box", "rounded"),
        Kind::Database => ("cylinder", ""),
        Kind::Cache => ("box3d", ""),
        Kind::Queue => ("cds", ""),
        Kind::Stream => ("rarrow", ""),
        Kind::Storage => ("folder", ""),
        Kind::Search => ("diamond", ""),
        Kind::Identity => ("invtrapezium", ""),
        Kind::Monitoring => ("tab", ""),
        Kind::External => ("box", "dashed"),
    }
}

/// Text inside a DOT double-quoted string: quotes and backslashes escaped
/// (backslash sequences mean things in labels), newlines as `\n`, other
/// controls as spaces.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            // Controls and bidi marks would act in a terminal or reorder the text.
            c if crate::text::inert::is_active(c) => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn severity_colour(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "#c62828",
        Severity::Warning => "#e08a00",
        Severity::Info => "#1f6fb2",
    }
}

pub fn write<W: Write>(out: &mut W, design: &Design, direction: Direction, findings: Option<&Report>) -> fmt::Result {
    writeln!(out, "digraph {} {{", quote(design.name()))?;
    writeln!(out, "  rankdir={};", direction.as_str())?;
    writeln!(out, "  node [fontname=\"Helvetica\", style=\"filled\", fillcolor=\"#ffffff\"];")?;
    writeln!(out, "  edge [fontname=\"Helvetica\", fontsize=10];")?;
    let mut zones: Vec<(&str, String)> =
        design.zones().iter().map(|(n, z)| (n.as_str(), z.label.clone().unwrap_or_else(|| n.clone()))).collect();
    for c in design.components() {
        if let Some(z) = c.zone.as_deref()
            && !zones.iter().any(|(n, _)| *n == z)
        {
            zones.push((z, z.to_string()));
        }
    }
    for (i, (name, title)) in zones.iter().enumerate() {
        writeln!(out, "  subgraph cluster_{i} {{")?;
        writeln!(out, "    label={};", quote(title))?;
        writeln!(out, "    style=\"rounded,dashed\";")?;
        for c in design.components().filter(|c| c.zone.as_deref() == Some(*name)) {
            node(out, c, findings, "    ")?;
        }
        writeln!(out, "  }}")?;
    }
    for c in design.components().filter(|c| c.zone.is_none()) {
        node(out, c, findings, "  ")?;
    }
    for l in design.links() {
        write!(out, "  {} -> {}", quote(l.from.as_str()), quote(l.to.as_str()))?;
        let mut attrs = Vec::new();
        if let Some(p) = &l.protocol {
            let text = match &l.label {
                Some(label) => format!("{p}\n{label}"),
                None => p.clone(),
            };
            attrs.push(format!("label={}", quote(&text)));
        } else if let Some(label) = &l.label {
            attrs.push(format!("label={}", quote(label)));
        }
        if l.effective_mode() == Mode::Async {
            attrs.push("style=dashed".into());
        }
        if attrs.is_empty() {
            writeln!(out, ";")?;
        } else {
            writeln!(out, " [{}];", attrs.join(", "))?;
        }
    }
    writeln!(out, "}}")
}

fn node<W: Write>(out: &mut W, c: &Component, findings: Option<&Report>, indent: &str) -> fmt::Result {
    let (shape, extra) = shape(c.kind);
    let style = if extra.is_empty() { "filled".to_string() } else { format!("filled,{extra}") };
    write!(
        out,
        "{indent}{} [label={}, shape={shape}, style=\"{style}\"",
        quote(c.id.as_str()),
        quote(c.display_label())
    )?;
    if let Some(s) = findings.and_then(|r| r.worst_for(c.id.as_str())) {
        write!(out, ", color=\"{}\", penwidth=3", severity_colour(s))?;
    }
    writeln!(out, "];")
}

/// The DOT text of a design.
pub fn export(design: &Design, direction: Direction, findings: Option<&Report>) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write(&mut out, design, direction, findings);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_kind_has_its_own_look() {
        let looks: HashSet<_> = Kind::ALL.iter().map(|k| shape(*k)).collect();
        assert_eq!(looks.len(), Kind::ALL.len());
    }

    #[test]
    fn quoting_escapes_what_dot_interprets() {
        assert_eq!(quote("a\"b\\n\nc\u{7}"), "\"a\\\"b\\\\n\\nc \"");
    }
}
