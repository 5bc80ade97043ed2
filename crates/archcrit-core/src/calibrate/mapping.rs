//! Which design component each observed node is: `--map svc=id` options
//! first (a person's word beats a guess), then the exact id, then the
//! normalised name (case, `_`/`.`/camelCase to `-`, a `-svc`/`-service`/
//! `-server` suffix dropped; against ids and labels), then the technology
//! catalogue (a `db.system` or a name the catalogue knows, matched with
//! the one component whose `tech` is that technology).

use crate::model::{ComponentId, Design, Kind, closest};
use crate::tech;

use super::observed::Observed;
use super::span::{Node, Peer};

/// A `--map` option that cannot be used; worded for the command line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MappingError {
    #[error("--map {text}: expected SERVICE=ID (orders-svc=orders)")]
    Malformed { text: String },
    #[error("--map {service}={id}: the design has no component `{id}`{}", .closest.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default())]
    UnknownComponent { service: String, id: String, closest: Option<String> },
}

/// For the callers whose own errors are still text.
impl From<MappingError> for String {
    fn from(e: MappingError) -> String {
        e.to_string()
    }
}

/// How a node found its component.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum How {
    Option,
    Exact,
    Normalised,
    Catalogue,
}

impl How {
    pub fn as_str(self) -> &'static str {
        match self {
            How::Option => "--map",
            How::Exact => "exact",
            How::Normalised => "normalised",
            How::Catalogue => "catalogue",
        }
    }
}

/// Per observed node, its component and how it was found (`None`:
/// unmapped).
#[derive(Debug, Clone, PartialEq)]
pub struct Mapping {
    pub to: Vec<Option<(ComponentId, How)>>,
}

impl Mapping {
    pub fn id(&self, node: usize) -> Option<&ComponentId> {
        self.to.get(node).and_then(|m| m.as_ref()).map(|(id, _)| id)
    }

    /// Nodes with no component, in the order they were first seen.
    pub fn unmapped(&self) -> Vec<usize> {
        (0..self.to.len()).filter(|i| self.to[*i].is_none()).collect()
    }
}

/// Parses `svc=id`.
pub fn parse_option(text: &str) -> Result<(String, String), MappingError> {
    match text.split_once('=') {
        Some((s, id)) if !s.trim().is_empty() && !id.trim().is_empty() => {
            Ok((s.trim().to_string(), id.trim().to_string()))
        }
        _ => Err(MappingError::Malformed { text: text.to_string() }),
    }
}

/// Maps every node; an option naming a component the design lacks is an
/// error (with the closest id).
pub fn map(design: &Design, observed: &Observed, options: &[(String, String)]) -> Result<Mapping, MappingError> {
    for (svc, id) in options {
        if !design.contains(id) {
            return Err(MappingError::UnknownComponent {
                service: svc.clone(),
                id: id.clone(),
                closest: closest(id, design.ids().map(|i| i.as_str())).map(str::to_string),
            });
        }
    }
    let to = observed.nodes.iter().map(|n| find(design, &n.node, options)).collect();
    Ok(Mapping { to })
}

fn find(design: &Design, node: &Node, options: &[(String, String)]) -> Option<(ComponentId, How)> {
    let name = node.name();
    if let Some((_, id)) = options.iter().find(|(svc, _)| svc == name) {
        return design.component(id).map(|c| (c.id.clone(), How::Option));
    }
    if let Some(c) = design.component(name) {
        return Some((c.id.clone(), How::Exact));
    }
    let wanted = normalise(name);
    if !wanted.is_empty() {
        let hits: Vec<&ComponentId> = design
            .components()
            .filter(|c| {
                normalise(c.id.as_str()) == wanted || c.label.as_deref().is_some_and(|l| normalise(l) == wanted)
            })
            .map(|c| &c.id)
            .collect();
        if let [one] = hits.as_slice() {
            return Some(((*one).clone(), How::Normalised));
        }
    }
    let catalogue = tech::catalogue();
    let technology = node.technology().and_then(|t| catalogue.lookup(t)).or_else(|| catalogue.lookup(name))?;
    let hits: Vec<&ComponentId> = design
        .components()
        .filter(|c| c.tech.as_deref().and_then(|t| catalogue.lookup(t)).is_some_and(|t| t.name == technology.name))
        .map(|c| &c.id)
        .collect();
    match hits.as_slice() {
        [one] => Some(((*one).clone(), How::Catalogue)),
        _ => None,
    }
}

/// `OrdersService`, `orders_svc`, `Orders.Service` and `orders` all become
/// `orders`.
pub fn normalise(name: &str) -> String {
    let mut out = String::new();
    let mut prev_lower = false;
    for ch in name.trim().chars() {
        if ch.is_uppercase() && prev_lower {
            out.push('-');
        }
        prev_lower = ch.is_lowercase() || ch.is_ascii_digit();
        match ch {
            '_' | '.' | ' ' | '/' | ':' => out.push('-'),
            c => out.extend(c.to_lowercase()),
        }
    }
    let mut s = out.trim_matches('-').to_string();
    for suffix in ["-service", "-svc", "-server", "-srv"] {
        if let Some(stripped) = s.strip_suffix(suffix)
            && !stripped.is_empty()
        {
            s = stripped.to_string();
            break;
        }
    }
    s
}

/// The kind a node becomes with `--add`: the catalogue's kind for its
/// technology, a worker for a service that only consumes messages, a
/// queue for a message destination, external for a bare host.
pub fn kind_for(node: &Node, consumer_only: bool) -> Kind {
    let catalogue = tech::catalogue();
    if let Some(t) = node.technology().and_then(|t| catalogue.lookup(t)) {
        return t.kind;
    }
    match node {
        Node::Service(_) if consumer_only => Kind::Worker,
        Node::Service(_) | Node::Peer(Peer::Service(_)) => Kind::Service,
        Node::Peer(Peer::Database { .. }) => Kind::Database,
        Node::Peer(Peer::Messaging { .. }) => Kind::Queue,
        Node::Peer(Peer::Host(_)) => Kind::External,
    }
}

/// The technology's name for `tech:`, when the catalogue knows it.
pub fn tech_for(node: &Node) -> Option<String> {
    node.technology().and_then(|t| tech::catalogue().lookup(t)).map(|t| t.name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_normalise() {
        assert_eq!(normalise("OrdersService"), "orders");
        assert_eq!(normalise("orders_svc"), "orders");
        assert_eq!(normalise("Orders.Service"), "orders");
        assert_eq!(normalise("checkout-api"), "checkout-api");
        assert_eq!(normalise("service"), "service");
    }
}
