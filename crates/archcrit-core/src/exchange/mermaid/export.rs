//! Writes one Mermaid flowchart for a set of components and links, following
//! the safe subset: synthetic ids, every label quoted and escaped, classic
//! shapes, declarations, then subgraphs, then edges, then classes. The
//! `%% archcrit:` comment lines carry what sanitising loses (real ids, kinds,
//! zone names) so `archcrit import` can restore them.

use std::collections::HashMap;
use std::fmt::{self, Write};

use super::shapes::{class_name, look};
use crate::critic::{Report, Severity};
use crate::exchange::Direction;
use crate::exchange::escape::{self, Ids};
use crate::model::{Component, Design, Kind, Link, Mode, Zone};

/// Longest line of a node label, in display columns (a CJK character takes two), before it wraps.
pub const LABEL_LINE: usize = 80;
/// Most lines a node label gets; the rest is cut with an ellipsis.
pub const LABEL_LINES: usize = 3;

/// What one diagram shows: a subset of a design's components and links.
pub struct View<'a> {
    pub name: &'a str,
    pub components: Vec<&'a Component>,
    pub links: Vec<&'a Link>,
    /// Zones to draw, in order, with their definition when the design has one.
    pub zones: Vec<(&'a str, Option<&'a Zone>)>,
}

impl<'a> View<'a> {
    /// The whole design.
    pub fn of(design: &'a Design) -> Self {
        View::subset(design, |_| true)
    }

    /// The components `keep` accepts and the links between them.
    pub fn subset(design: &'a Design, keep: impl Fn(&Component) -> bool) -> Self {
        let components: Vec<&Component> = design.components().filter(|c| keep(c)).collect();
        let ids: std::collections::HashSet<&str> = components.iter().map(|c| c.id.as_str()).collect();
        let links = design.links().filter(|l| ids.contains(l.from.as_str()) && ids.contains(l.to.as_str())).collect();
        let mut zones: Vec<(&str, Option<&Zone>)> = Vec::new();
        let used = |name: &str| components.iter().any(|c| c.zone.as_deref() == Some(name));
        let whole = components.len() == design.component_count();
        for (name, zone) in design.zones() {
            // The whole design keeps its empty zones (so they round-trip);
            // a partial view draws only the zones it has members in.
            if whole || used(name) {
                zones.push((name.as_str(), Some(zone)));
            }
        }
        for c in &components {
            if let Some(z) = c.zone.as_deref()
                && !zones.iter().any(|(n, _)| *n == z)
            {
                zones.push((z, None));
            }
        }
        View { name: design.name(), components, links, zones }
    }
}

/// Options shared by every Mermaid writer.
#[derive(Clone, Copy, Default)]
pub struct Style<'r> {
    pub direction: Direction,
    /// When set, nodes are also classed by their worst finding.
    pub findings: Option<&'r Report>,
}

/// The text a node shows: its label (or id), wrapped at word boundaries to
/// `LABEL_LINE` columns and cut after `LABEL_LINES` lines.
pub fn node_text(component: &Component) -> String {
    let mut lines: Vec<String> = Vec::new();
    for line in component.display_label().split('\n') {
        wrap(line, &mut lines);
    }
    if lines.len() > LABEL_LINES {
        lines.truncate(LABEL_LINES);
        let last = &mut lines[LABEL_LINES - 1];
        let kept: String = last.chars().take(LABEL_LINE - 1).collect();
        *last = format!("{kept}…");
    }
    lines.join("\n")
}

/// Wraps at spaces only (a label's hyphens and slashes stay whole); a word
/// wider than a line is cut.
fn wrap(line: &str, out: &mut Vec<String>) {
    let options = textwrap::Options::new(LABEL_LINE)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(true);
    out.extend(textwrap::wrap(line, options).into_iter().map(std::borrow::Cow::into_owned));
}

/// The text an edge shows: the protocol, then the link's own label on a
/// second line (an empty first line when there is a label but no protocol).
pub fn edge_text(link: &Link) -> Option<String> {
    match (&link.protocol, &link.label) {
        (Some(p), Some(l)) => Some(format!("{p}\n{l}")),
        (Some(p), None) => Some(p.clone()),
        (None, Some(l)) => Some(format!("\n{l}")),
        (None, None) => None,
    }
}

/// The title a zone's subgraph shows.
pub fn zone_title(name: &str, zone: Option<&Zone>) -> String {
    zone.and_then(|z| z.label.clone()).unwrap_or_else(|| name.to_string())
}

/// Mermaid ids for one view, handed out in file order so they stay stable
/// across exports.
pub struct Names {
    pub nodes: HashMap<String, String>,
    pub zones: Vec<String>,
}

pub fn names(view: &View) -> Names {
    let mut ids = Ids::new();
    let nodes = view.components.iter().map(|c| (c.id.to_string(), ids.issue("n_", c.id.as_str()))).collect();
    let zones = view.zones.iter().map(|(name, _)| ids.issue("sg_", name)).collect();
    Names { nodes, zones }
}

/// Writes the whole view as one flowchart, whatever its size.
pub fn write_view<W: Write>(out: &mut W, view: &View, style: Style) -> fmt::Result {
    let names = names(view);
    let node = |id: &str| names.nodes.get(id).map_or("n_x", String::as_str);
    writeln!(out, "flowchart {}", style.direction.as_str())?;
    writeln!(out, "  %% generated by archcrit {}; ids are synthetic, labels escaped", env!("CARGO_PKG_VERSION"))?;
    writeln!(out, "  %% archcrit: design {}", escape::meta(view.name))?;
    for c in &view.components {
        let id = node(c.id.as_str());
        let l = look(c.kind);
        writeln!(out, "  %% archcrit: {id} {} {}", c.kind, c.id)?;
        writeln!(out, "  {id}{}\"{}\"{}", l.open, escape::label(&node_text(c)), l.close)?;
    }
    for ((name, zone), sg) in view.zones.iter().zip(&names.zones) {
        writeln!(out, "  %% archcrit: {sg} zone {}", escape::meta(name))?;
        writeln!(out, "  subgraph {sg} [\"{}\"]", escape::label(&zone_title(name, *zone)))?;
        for c in view.components.iter().filter(|c| c.zone.as_deref() == Some(*name)) {
            writeln!(out, "    {}", node(c.id.as_str()))?;
        }
        writeln!(out, "  end")?;
    }
    for link in &view.links {
        let arrow = if link.effective_mode() == Mode::Async { "-.->" } else { "-->" };
        write!(out, "  {} {arrow}", node(link.from.as_str()))?;
        if let Some(text) = edge_text(link) {
            write!(out, "|\"{}\"|", escape::label(&text))?;
        }
        writeln!(out, " {}", node(link.to.as_str()))?;
    }
    write_classes(out, view, &names, style.findings)
}

fn write_classes<W: Write>(out: &mut W, view: &View, names: &Names, findings: Option<&Report>) -> fmt::Result {
    for kind in Kind::ALL {
        let members: Vec<&str> = view
            .components
            .iter()
            .filter(|c| c.kind == kind)
            .filter_map(|c| names.nodes.get(c.id.as_str()).map(String::as_str))
            .collect();
        if !members.is_empty() {
            writeln!(out, "  classDef {} {}", class_name(kind), look(kind).style)?;
            writeln!(out, "  class {} {}", members.join(","), class_name(kind))?;
        }
    }
    let Some(report) = findings else { return Ok(()) };
    for severity in [Severity::Info, Severity::Warning, Severity::Error] {
        let members: Vec<&str> = view
            .components
            .iter()
            .filter(|c| report.worst_for(c.id.as_str()) == Some(severity))
            .filter_map(|c| names.nodes.get(c.id.as_str()).map(String::as_str))
            .collect();
        if !members.is_empty() {
            writeln!(out, "  classDef {} {}", severity_class(severity), severity_style(severity))?;
            writeln!(out, "  class {} {}", members.join(","), severity_class(severity))?;
        }
    }
    Ok(())
}

/// `s_error`, `s_warning`, `s_info`: the class of a node's worst finding.
pub fn severity_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "s_error",
        Severity::Warning => "s_warning",
        Severity::Info => "s_info",
    }
}

fn severity_style(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "fill:#fde2e1,stroke:#c62828,stroke-width:3px",
        Severity::Warning => "fill:#fff3cd,stroke:#e08a00,stroke-width:3px",
        Severity::Info => "stroke:#1f6fb2,stroke-width:2px",
    }
}
