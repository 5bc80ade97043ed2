//! The flowchart reader's meaning half: maps parsed nodes, edges and
//! subgraphs onto a design. `%% archcrit:` lines (written by our exporter)
//! restore exact ids, kinds and zone names; otherwise kinds come from our
//! `k_…` classes, then from shapes (plain boxes are services).

use std::collections::{HashMap, HashSet};

use super::parse::{self, Parsed, Shape, Stroke};
use super::shapes::{kind_of_class, kind_of_classic, kind_of_named};
use crate::exchange::escape;
use crate::exchange::imported::{ImportError, Imported};
use crate::model::{
    Component, ComponentId, Design, Edit, KNOWN_PROTOCOLS, Kind, Link, LinkKey, Mode, Zone, default_mode,
};
use crate::tech::{self, Technology};

/// Reads a Mermaid flowchart. `origin` names the file in errors; `fallback`
/// is the design's name when the diagram does not carry one.
pub fn import(text: &str, origin: &str, fallback: &str) -> Result<Imported, ImportError> {
    let parsed = parse::parse(text).map_err(|e| ImportError {
        origin: origin.to_string(),
        line: e.line,
        column: e.column,
        message: e.message,
    })?;
    build(&parsed, origin, fallback)
}

fn build(p: &Parsed, origin: &str, fallback: &str) -> Result<Imported, ImportError> {
    let ours = !p.meta.nodes.is_empty();
    let mut warnings = Vec::new();
    if p.meta.overview {
        warnings.push(format!(
            "{origin}: this diagram is an archcrit overview: each node stands for a whole zone or kind, \
             and imports as one component"
        ));
    }
    let name = p
        .meta
        .design
        .as_deref()
        .map(escape::decode)
        .or_else(|| p.title.clone())
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| fallback.to_string());
    let mut design = Design::new(name);
    let mut edits = Vec::new();

    // Zones: one per subgraph (named by its id, titled by its title), in
    // the order they open.
    let mut zone_of_subgraph: Vec<String> = Vec::new();
    let mut zones_seen: HashSet<String> = HashSet::new();
    for sg in &p.subgraphs {
        let title = escape::decode(&sg.title);
        let name = p.meta.zones.get(&sg.id).map(|z| escape::decode(z)).unwrap_or_else(|| sg.id.clone());
        if zones_seen.insert(name.clone()) {
            let label = (title != name).then_some(title);
            edits.push(Edit::SetZone { name: name.clone(), zone: Some(Zone { label, ..Zone::default() }) });
        }
        zone_of_subgraph.push(name);
    }
    let subgraph_ids: HashSet<&str> = p.subgraphs.iter().map(|s| s.id.as_str()).collect();

    // Components, in the order nodes first appear.
    let mut ids: HashMap<&str, ComponentId> = HashMap::new();
    let mut taken: HashSet<String> = HashSet::new();
    for (mid, node) in &p.nodes {
        if subgraph_ids.contains(mid.as_str()) && node.shape == Shape::Bare {
            // An edge that points at a subgraph, not a node.
            continue;
        }
        let meta = p.meta.nodes.get(mid);
        let wanted =
            meta.and_then(|(_, id)| ComponentId::new(id.clone()).ok()).unwrap_or_else(|| ComponentId::slug(mid));
        let id = unique(wanted, &mut taken);
        let (kind, tech) = kind_for(p, mid, node, meta, &mut warnings, origin);
        let mut component = Component::new(id.clone(), kind);
        if let Some(t) = tech {
            component.tech = Some(t.name.clone());
            if t.managed && kind != Kind::Client {
                component.managed = Some(true);
            }
        }
        if let Some(text) = &node.text {
            let label = escape::decode(text).replace('\u{a0}', " ");
            let label = label.trim();
            if !label.is_empty() && label != id.as_str() && label != mid {
                component.label = Some(label.to_string());
            }
        }
        component.zone = node.subgraph.and_then(|i| zone_of_subgraph.get(i).cloned());
        edits.push(Edit::AddComponent { component, index: None });
        ids.insert(mid.as_str(), id);
    }

    let mut links: HashSet<LinkKey> = HashSet::new();
    for e in &p.edges {
        let at = format!("{origin}:{}", e.line);
        if e.stroke == Stroke::Invisible {
            continue;
        }
        let (Some(from), Some(to)) = (ids.get(e.from.as_str()), ids.get(e.to.as_str())) else {
            warnings.push(format!("{at}: link {} -> {} touches a subgraph, not a node: dropped", e.from, e.to));
            continue;
        };
        if from == to {
            warnings.push(format!("{at}: {} links to itself; a design cannot: dropped", e.from));
            continue;
        }
        let mut link = Link::new(from.clone(), to.clone());
        if let Some(text) = &e.text {
            let (protocol, label) = split_text(&escape::decode(text), ours);
            link.protocol = protocol;
            link.label = label;
        }
        let mode = if e.stroke == Stroke::Dotted { Mode::Async } else { Mode::Sync };
        if mode != default_mode(link.protocol.as_deref()) {
            link.mode = Some(mode);
        }
        if !links.insert(link.key()) {
            warnings.push(format!("{at}: a second link {}: dropped (a design has one link per protocol)", link.key()));
            continue;
        }
        edits.push(Edit::Connect { link, index: None });
    }
    design.apply(Edit::Batch { label: "import".into(), edits }).map_err(|e| ImportError {
        origin: origin.to_string(),
        line: 1,
        column: 0,
        message: format!("the diagram does not make a valid design: {e}"),
    })?;
    Ok(Imported { design, warnings })
}

fn unique(wanted: ComponentId, taken: &mut HashSet<String>) -> ComponentId {
    if taken.insert(wanted.to_string()) {
        return wanted;
    }
    let mut n = 2usize;
    loop {
        let candidate = ComponentId::slug(&format!("{wanted}-{n}"));
        if taken.insert(candidate.to_string()) {
            return candidate;
        }
        n += 1;
    }
}

/// The kind of a node: our own export's metadata and classes first; then
/// what its label and id name (a technology from the catalogue, a client
/// word, a kind word), since a diagram's author picks shapes loosely
/// (`[(Redis)]` is a cache, `((gateway-service))` a gateway); the shape last.
fn kind_for(
    p: &Parsed,
    mid: &str,
    node: &parse::Node,
    meta: Option<&(String, String)>,
    warnings: &mut Vec<String>,
    origin: &str,
) -> (Kind, Option<&'static Technology>) {
    if let Some(k) = meta.and_then(|(k, _)| k.parse().ok()) {
        return (k, None);
    }
    if let Some(k) = p.classes.get(mid).and_then(|cs| cs.iter().rev().find_map(|c| kind_of_class(c))) {
        return (k, None);
    }
    let label = node.text.as_deref().map(escape::decode).unwrap_or_default();
    let names = [label.as_str(), mid];
    if let Some(t) = names.iter().find_map(|n| tech::catalogue().lookup(n)) {
        return (t.kind, Some(t));
    }
    if names.iter().any(|n| tech::means_client(n)) {
        return (Kind::Client, None);
    }
    if let Some(k) = names.iter().find_map(|n| tech::kind_word(n)) {
        return (k, None);
    }
    let kind = match &node.shape {
        Shape::Bare => Kind::Service,
        Shape::Classic(open, close) => kind_of_classic(open, close).unwrap_or(Kind::Service),
        Shape::Named(name) => kind_of_named(name).unwrap_or_else(|| {
            warnings.push(format!("{origin}:{}: unknown shape `{name}` for {mid}: imported as a service", node.line));
            Kind::Service
        }),
    };
    (kind, None)
}

/// Link text: the protocol, then the link's own label on later lines (our
/// export's form). In other diagrams a known protocol word at the start is
/// the protocol and the rest the label ("HTTPS POST /orders").
fn split_text(text: &str, ours: bool) -> (Option<String>, Option<String>) {
    let clean = |s: &str| {
        let s = s.replace('\u{a0}', " ");
        let s = s.trim();
        (!s.is_empty()).then(|| s.to_string())
    };
    if let Some((first, rest)) = text.split_once('\n') {
        return (clean(first), clean(rest));
    }
    if !ours
        && let Some((word, rest)) = text.trim().split_once(' ')
        && KNOWN_PROTOCOLS.contains(&word.to_ascii_lowercase().as_str())
    {
        return (Some(word.to_string()), clean(rest));
    }
    (clean(text), None)
}
