//! Keeping diagrams inside Mermaid's hard limits (500 edges, 50,000
//! characters; a diagram cannot raise them): the size check, the overview
//! that collapses each zone (or each kind) into one node, and `--split`,
//! which writes one diagram per group plus the overview.

use std::fmt::{self, Write};

use indexmap::IndexMap;

use super::export::{Style, View, write_view};
use super::shapes::{class_name, look};
use crate::exchange::escape::{self, Ids};
use crate::model::{Component, Design, Kind, Mode};

/// Mermaid refuses diagrams with more edges than this.
pub const MAX_EDGES: usize = 500;
/// Mermaid refuses diagrams longer than this (UTF-16 units; we count bytes,
/// which is never fewer).
pub const MAX_CHARS: usize = 50_000;

/// One exported diagram and, when it had to be simplified, why.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagram {
    pub text: String,
    pub warning: Option<String>,
}

/// What the overview collapses into one node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    Zone,
    Kind,
}

/// Zones when the design uses any, otherwise kinds.
pub fn grouping(design: &Design) -> Grouping {
    if !design.zones().is_empty() || design.components().any(|c| c.zone.is_some()) {
        Grouping::Zone
    } else {
        Grouping::Kind
    }
}

/// Components outside every zone share this group in a zone overview.
pub const NO_ZONE: &str = "(no zone)";

fn group_of(grouping: Grouping, c: &Component) -> String {
    match grouping {
        Grouping::Zone => c.zone.clone().unwrap_or_else(|| NO_ZONE.to_string()),
        Grouping::Kind => c.kind.as_str().to_string(),
    }
}

fn fits(text: &str, edges: usize) -> bool {
    edges <= MAX_EDGES && text.len() <= MAX_CHARS
}

/// The diagram for a whole design: the full flowchart when it fits, else
/// an overview with a warning.
pub fn export(design: &Design, style: Style) -> Diagram {
    diagram_for(&View::of(design), design, style)
}

fn diagram_for(view: &View, design: &Design, style: Style) -> Diagram {
    if view.links.len() <= MAX_EDGES {
        let mut text = String::with_capacity(64 * (view.components.len() + view.links.len()) + 256);
        // Writing to a String cannot fail.
        let _ = write_view(&mut text, view, style);
        if fits(&text, view.links.len()) {
            return Diagram { text, warning: None };
        }
    }
    let first = grouping(design);
    for g in [first, Grouping::Kind] {
        let (text, edges) = overview(view, g, style);
        if fits(&text, edges) {
            let by = if g == Grouping::Zone { "zone" } else { "kind" };
            let warning = format!(
                "`{}` has {} components and {} links: more than one Mermaid diagram can show \
                 (at most {MAX_EDGES} edges and {MAX_CHARS} characters), so this is an overview with one node \
                 per {by}; use --split DIR for one diagram per {by}",
                view.name,
                view.components.len(),
                view.links.len()
            );
            return Diagram { text, warning: Some(warning) };
        }
    }
    // Unreachable in practice (16 kinds give at most 240 edges), but never
    // hand out an invalid diagram.
    let text = format!("flowchart {}\n  n_design[\"{}\"]\n", style.direction.as_str(), escape::label(view.name));
    Diagram { text, warning: Some("the design is too large even for an overview".into()) }
}

struct Group<'a> {
    members: Vec<&'a Component>,
    kind: Option<Kind>,
}

/// One node per group, one edge per pair of groups that links cross
/// between; returns the text and its edge count.
pub fn overview(view: &View, grouping: Grouping, style: Style) -> (String, usize) {
    let mut groups: IndexMap<String, Group> = IndexMap::new();
    if grouping == Grouping::Zone {
        for (name, _) in &view.zones {
            groups.insert(name.to_string(), Group { members: Vec::new(), kind: None });
        }
    }
    for c in &view.components {
        let key = group_of(grouping, c);
        let kind = (grouping == Grouping::Kind).then_some(c.kind);
        groups.entry(key).or_insert(Group { members: Vec::new(), kind }).members.push(c);
    }
    let index: std::collections::HashMap<&str, usize> =
        groups.values().enumerate().flat_map(|(i, g)| g.members.iter().map(move |c| (c.id.as_str(), i))).collect();
    // (from group, to group) -> (links, all async)
    let mut edges: IndexMap<(usize, usize), (usize, bool)> = IndexMap::new();
    for l in &view.links {
        let (Some(&a), Some(&b)) = (index.get(l.from.as_str()), index.get(l.to.as_str())) else { continue };
        if a != b {
            let e = edges.entry((a, b)).or_insert((0, true));
            e.0 += 1;
            e.1 &= l.effective_mode() == Mode::Async;
        }
    }
    let mut text = String::new();
    let _ = write_overview(&mut text, view.name, &groups, &edges, grouping, style);
    (text, edges.len())
}

fn write_overview<W: Write>(
    out: &mut W,
    name: &str,
    groups: &IndexMap<String, Group>,
    edges: &IndexMap<(usize, usize), (usize, bool)>,
    grouping: Grouping,
    style: Style,
) -> fmt::Result {
    let by = if grouping == Grouping::Zone { "zone" } else { "kind" };
    writeln!(out, "flowchart {}", style.direction.as_str())?;
    writeln!(out, "  %% generated by archcrit {}: overview, one node per {by}", env!("CARGO_PKG_VERSION"))?;
    writeln!(out, "  %% archcrit: overview {by} {}", escape::meta(name))?;
    let mut ids = Ids::new();
    let node_ids: Vec<String> = groups.keys().map(|k| ids.issue("n_", k)).collect();
    for ((key, group), id) in groups.iter().zip(&node_ids) {
        let n = group.members.len();
        let text = format!("{key}\n{n} component{}", if n == 1 { "" } else { "s" });
        let (open, close) = group.kind.map_or(("[[", "]]"), |k| (look(k).open, look(k).close));
        writeln!(out, "  {id}{open}\"{}\"{close}", escape::label(&text))?;
    }
    for ((a, b), (count, all_async)) in edges {
        let arrow = if *all_async { "-.->" } else { "-->" };
        let label = format!("{count} link{}", if *count == 1 { "" } else { "s" });
        writeln!(out, "  {} {arrow}|\"{label}\"| {}", node_ids[*a], node_ids[*b])?;
    }
    for ((_, group), id) in groups.iter().zip(&node_ids) {
        if let Some(k) = group.kind {
            writeln!(out, "  classDef {} {}", class_name(k), look(k).style)?;
            writeln!(out, "  class {id} {}", class_name(k))?;
        }
    }
    Ok(())
}

/// `--split`: the overview (always, as `overview.mmd`) and one diagram per
/// group with its members and the components they link to directly.
pub fn split(design: &Design, style: Style) -> Vec<(String, Diagram)> {
    let grouping = grouping(design);
    let view = View::of(design);
    let (text, _) = overview(&view, grouping, style);
    let mut files = vec![("overview.mmd".to_string(), Diagram { text, warning: None })];
    let mut groups: Vec<String> = Vec::new();
    if grouping == Grouping::Zone {
        groups.extend(design.zones().keys().cloned());
    }
    for c in design.components() {
        let g = group_of(grouping, c);
        if !groups.contains(&g) {
            groups.push(g);
        }
    }
    let mut names = Ids::new();
    names.issue("", "overview");
    for g in groups {
        let inside = |c: &Component| group_of(grouping, c) == g;
        let near: std::collections::HashSet<&str> = design
            .links()
            .filter_map(|l| {
                let (from, to) = (design.component(l.from.as_str())?, design.component(l.to.as_str())?);
                match (inside(from), inside(to)) {
                    (true, false) => Some(to.id.as_str()),
                    (false, true) => Some(from.id.as_str()),
                    _ => None,
                }
            })
            .collect();
        let part = View::subset(design, |c| inside(c) || near.contains(c.id.as_str()));
        let file = format!("{}.mmd", names.issue("", &g));
        files.push((file, diagram_for(&part, design, style)));
    }
    files
}
