//! `Design`: the whole model. Components and links live in a petgraph
//! `StableDiGraph` that never leaves this file; callers see ids, file order
//! and iterators. Every change goes through `Design::apply` (see edit.rs).

use indexmap::IndexMap;
use petgraph::Direction;
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};

use super::Extra;
use super::component::Component;
use super::edit::EditError;
use super::flow::{Flow, Flows};
use super::id::ComponentId;
use super::link::{Link, LinkKey};
use super::parts::{Acceptance, Requirements, TranscriptEntry, Zone};
use super::unstated::Unstated;

/// A removed component with its file position and the links that went
/// with it (each with its own position), enough to put everything back.
pub(super) struct Removed {
    pub component: Component,
    pub position: usize,
    pub links: Vec<(usize, Link)>,
}

/// Everything in a design file except components and links.
#[derive(Debug, Clone, Default)]
pub(crate) struct DesignHeader {
    pub name: String,
    pub description: Option<String>,
    pub requirements: Requirements,
    pub zones: IndexMap<String, Zone>,
    pub accepted: Vec<Acceptance>,
    pub interview: Vec<TranscriptEntry>,
    pub unstated: Vec<Unstated>,
    pub extra: Extra,
}

#[derive(Debug, Clone)]
pub struct Design {
    pub(super) name: String,
    pub(super) description: Option<String>,
    pub(super) requirements: Requirements,
    pub(super) zones: IndexMap<String, Zone>,
    pub(super) accepted: Vec<Acceptance>,
    pub(super) interview: Vec<TranscriptEntry>,
    /// Facts the source could not state (see unstated.rs), sorted, no repeats.
    pub(super) unstated: Vec<Unstated>,
    pub(super) extra: Extra,
    /// Request types by id, in file order; kept whole by every edit (see
    /// flow.rs).
    pub(super) flows: Flows,
    graph: StableDiGraph<Component, Link>,
    /// Id -> node, in file order (the order saves write back).
    nodes: IndexMap<ComponentId, NodeIndex>,
    /// Link key -> edge, in file order.
    edges: IndexMap<LinkKey, EdgeIndex>,
    /// Bumped by every applied edit; background results carry it so stale
    /// ones can be dropped.
    revision: u64,
}

impl PartialEq for Design {
    /// Equal meaning: same fields, same components and links in the same
    /// order. The revision counter is bookkeeping, not meaning.
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
            && self.description == other.description
            && self.requirements == other.requirements
            && self.zones == other.zones
            && self.accepted == other.accepted
            && self.interview == other.interview
            && self.unstated == other.unstated
            && self.extra == other.extra
            && self.flows == other.flows
            && self.components().eq(other.components())
            && self.links().eq(other.links())
    }
}

impl Design {
    pub fn new(name: impl Into<String>) -> Self {
        Design {
            name: name.into(),
            description: None,
            requirements: Requirements::default(),
            zones: IndexMap::new(),
            accepted: Vec::new(),
            interview: Vec::new(),
            unstated: Vec::new(),
            extra: Extra::new(),
            flows: Flows::new(),
            graph: StableDiGraph::new(),
            nodes: IndexMap::new(),
            edges: IndexMap::new(),
            revision: 0,
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }

    pub fn requirements(&self) -> &Requirements {
        &self.requirements
    }

    pub fn zones(&self) -> &IndexMap<String, Zone> {
        &self.zones
    }

    pub fn accepted(&self) -> &[Acceptance] {
        &self.accepted
    }

    pub fn interview(&self) -> &[TranscriptEntry] {
        &self.interview
    }

    /// The facts its source could not state (`unstated:`).
    pub fn unstated(&self) -> &[Unstated] {
        &self.unstated
    }

    pub fn is_unstated(&self, fact: Unstated) -> bool {
        self.unstated.contains(&fact)
    }

    /// Records what the source could not state; for importers building a
    /// new design (not an undoable edit).
    pub fn set_unstated(&mut self, mut facts: Vec<Unstated>) {
        facts.sort_unstable();
        facts.dedup();
        self.unstated = facts;
        self.bump();
    }

    /// Top-level `x-` fields.
    pub fn extra(&self) -> &Extra {
        &self.extra
    }

    /// Flows (request types) by id, in file order.
    pub fn flows(&self) -> &Flows {
        &self.flows
    }

    pub fn flow(&self, id: &str) -> Option<&Flow> {
        self.flows.get(id)
    }

    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn component_count(&self) -> usize {
        self.nodes.len()
    }

    pub fn link_count(&self) -> usize {
        self.edges.len()
    }

    pub fn contains(&self, id: &str) -> bool {
        self.nodes.contains_key(id)
    }

    pub fn component(&self, id: &str) -> Option<&Component> {
        self.nodes.get(id).and_then(|n| self.graph.node_weight(*n))
    }

    /// The component's position in file order.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.nodes.get_index_of(id)
    }

    /// Components in file order.
    pub fn components(&self) -> impl ExactSizeIterator<Item = &Component> + '_ {
        self.nodes.values().map(|n| &self.graph[*n])
    }

    pub fn ids(&self) -> impl ExactSizeIterator<Item = &ComponentId> + '_ {
        self.nodes.keys()
    }

    /// Links in file order.
    pub fn links(&self) -> impl ExactSizeIterator<Item = &Link> + '_ {
        self.edges.values().map(|e| &self.graph[*e])
    }

    pub fn link(&self, key: &LinkKey) -> Option<&Link> {
        self.edges.get(key).and_then(|e| self.graph.edge_weight(*e))
    }

    pub fn link_position(&self, key: &LinkKey) -> Option<usize> {
        self.edges.get_index_of(key)
    }

    /// Links leaving `id`, in file order.
    pub fn outgoing(&self, id: &str) -> Vec<&Link> {
        self.adjacent(id, Direction::Outgoing)
    }

    /// Links arriving at `id`, in file order.
    pub fn incoming(&self, id: &str) -> Vec<&Link> {
        self.adjacent(id, Direction::Incoming)
    }

    fn adjacent(&self, id: &str, dir: Direction) -> Vec<&Link> {
        let Some(node) = self.nodes.get(id) else {
            return Vec::new();
        };
        let mut found: Vec<(usize, &Link)> = self
            .graph
            .edges_directed(*node, dir)
            .map(|e| {
                let w = e.weight();
                (self.edges.get_index_of(&w.key()).unwrap_or(usize::MAX), w)
            })
            .collect();
        found.sort_by_key(|(pos, _)| *pos);
        found.into_iter().map(|(_, l)| l).collect()
    }

    /// A fresh id based on `base` that no component uses yet.
    pub fn unused_id(&self, base: &str) -> ComponentId {
        let base = ComponentId::slug(base);
        if !self.contains(base.as_str()) {
            return base;
        }
        (2..).map(|n| ComponentId::slug(&format!("{base}-{n}"))).find(|id| !self.contains(id.as_str())).unwrap_or(base)
    }

    /// Assembles a design read from a file; components and links are then
    /// added with `insert_component` / `insert_link`, which check the rules.
    pub(crate) fn from_header(header: DesignHeader) -> Self {
        let mut design = Design::new(header.name);
        design.description = header.description;
        design.requirements = header.requirements;
        design.zones = header.zones;
        design.accepted = header.accepted;
        design.interview = header.interview;
        design.set_unstated(header.unstated);
        design.revision = 0;
        design.extra = header.extra;
        design
    }

    // ---- primitive mutations, used only by edit.rs and the file reader ----

    /// Adds a flow read from a file after checking it (see `check_flow`).
    pub(crate) fn insert_flow(&mut self, id: String, flow: Flow) -> Result<(), super::flow::FlowError> {
        if self.flows.contains_key(&id) {
            return Err(super::flow::FlowError::Duplicate(id));
        }
        self.check_flow(&id, &flow)?;
        self.flows.insert(id, flow);
        Ok(())
    }

    pub(super) fn bump(&mut self) {
        self.revision = self.revision.wrapping_add(1);
    }

    pub(super) fn component_mut(&mut self, id: &str) -> Result<&mut Component, EditError> {
        let node = *self.nodes.get(id).ok_or_else(|| EditError::UnknownComponent(id.to_string()))?;
        Ok(&mut self.graph[node])
    }

    pub(crate) fn insert_component(&mut self, component: Component, index: Option<usize>) -> Result<(), EditError> {
        if self.nodes.contains_key(component.id.as_str()) {
            return Err(EditError::DuplicateId(component.id.to_string()));
        }
        let id = component.id.clone();
        let node = self.graph.add_node(component);
        let at = index.unwrap_or(self.nodes.len()).min(self.nodes.len());
        self.nodes.shift_insert(at, id, node);
        Ok(())
    }

    /// Removes a component and its links; returns them with their file
    /// positions so the inverse can put everything back where it was.
    pub(super) fn take_component(&mut self, id: &str) -> Result<Removed, EditError> {
        let position = self.position(id).ok_or_else(|| EditError::UnknownComponent(id.to_string()))?;
        let mut links: Vec<(usize, Link)> = self
            .edges
            .iter()
            .enumerate()
            .filter(|(_, (k, _))| k.from.as_str() == id || k.to.as_str() == id)
            .map(|(i, (_, e))| (i, self.graph[*e].clone()))
            .collect();
        links.sort_by_key(|(i, _)| *i);
        for (_, link) in links.iter().rev() {
            self.take_link(&link.key())?;
        }
        let node = self.nodes.shift_remove(id).ok_or_else(|| EditError::UnknownComponent(id.to_string()))?;
        let component = self.graph.remove_node(node).ok_or_else(|| EditError::UnknownComponent(id.to_string()))?;
        Ok(Removed { component, position, links })
    }

    /// Checks a link against the format's rules without inserting it.
    pub(crate) fn check_link(&self, link: &Link) -> Result<(), EditError> {
        if !self.contains(link.from.as_str()) {
            return Err(EditError::UnknownComponent(link.from.to_string()));
        }
        if !self.contains(link.to.as_str()) {
            return Err(EditError::UnknownComponent(link.to.to_string()));
        }
        if link.from == link.to {
            return Err(EditError::SelfLink(link.from.to_string()));
        }
        if self.edges.contains_key(&link.key()) {
            return Err(EditError::DuplicateLink(link.key().to_string()));
        }
        if let Some(c) = link.calls
            && !(c.is_finite() && c > 0.0)
        {
            return Err(EditError::Invalid(format!("calls must be greater than 0, not {c}")));
        }
        Ok(())
    }

    pub(crate) fn insert_link(&mut self, link: Link, index: Option<usize>) -> Result<(), EditError> {
        self.check_link(&link)?;
        let (Some(&from), Some(&to)) = (self.nodes.get(link.from.as_str()), self.nodes.get(link.to.as_str())) else {
            return Err(EditError::UnknownComponent(link.from.to_string()));
        };
        let key = link.key();
        let edge = self.graph.add_edge(from, to, link);
        let at = index.unwrap_or(self.edges.len()).min(self.edges.len());
        self.edges.shift_insert(at, key, edge);
        Ok(())
    }

    pub(super) fn take_link(&mut self, key: &LinkKey) -> Result<(Link, usize), EditError> {
        let (position, _, edge) =
            self.edges.shift_remove_full(key).ok_or_else(|| EditError::UnknownLink(key.to_string()))?;
        let link = self.graph.remove_edge(edge).ok_or_else(|| EditError::UnknownLink(key.to_string()))?;
        Ok((link, position))
    }

    pub(super) fn link_mut(&mut self, key: &LinkKey) -> Result<&mut Link, EditError> {
        let edge = *self.edges.get(key).ok_or_else(|| EditError::UnknownLink(key.to_string()))?;
        Ok(&mut self.graph[edge])
    }

    /// Re-keys a link whose protocol changed, keeping its file position.
    pub(super) fn rekey_link(&mut self, old: &LinkKey) -> Result<(), EditError> {
        let Some((position, _, edge)) = self.edges.shift_remove_full(old) else {
            return Err(EditError::UnknownLink(old.to_string()));
        };
        let new_key = self.graph[edge].key();
        if self.edges.contains_key(&new_key) {
            self.edges.shift_insert(position, old.clone(), edge);
            return Err(EditError::DuplicateLink(new_key.to_string()));
        }
        self.edges.shift_insert(position, new_key, edge);
        Ok(())
    }

    /// Renames a component everywhere it is named: its links and accepted
    /// findings follow it.
    pub(super) fn rename(&mut self, from: &str, to: ComponentId) -> Result<(), EditError> {
        if self.contains(to.as_str()) {
            return Err(EditError::DuplicateId(to.to_string()));
        }
        let position = self.position(from).ok_or_else(|| EditError::UnknownComponent(from.to_string()))?;
        let node = self.nodes.shift_remove(from).ok_or_else(|| EditError::UnknownComponent(from.to_string()))?;
        self.graph[node].id = to.clone();
        self.nodes.shift_insert(position, to.clone(), node);
        let edges: Vec<(LinkKey, EdgeIndex)> = self.edges.drain(..).collect();
        for (_, edge) in edges {
            let link = &mut self.graph[edge];
            if link.from.as_str() == from {
                link.from = to.clone();
            }
            if link.to.as_str() == from {
                link.to = to.clone();
            }
            self.edges.insert(link.key(), edge);
        }
        for acceptance in &mut self.accepted {
            if acceptance.component.as_ref().is_some_and(|c| c.as_str() == from) {
                acceptance.component = Some(to.clone());
            }
        }
        for flow in self.flows.values_mut() {
            for id in std::iter::once(&mut flow.from).chain(flow.via.iter_mut()) {
                if id.as_str() == from {
                    *id = to.clone();
                }
            }
        }
        Ok(())
    }

    /// Checks the invariants between the graph and the id maps. Runs after
    /// every edit in debug builds and tests.
    pub fn verify(&self) -> Result<(), BrokenInvariant> {
        if self.graph.node_count() != self.nodes.len() {
            return Err(BrokenInvariant(format!("{} nodes but {} ids", self.graph.node_count(), self.nodes.len())));
        }
        if self.graph.edge_count() != self.edges.len() {
            return Err(BrokenInvariant(format!(
                "{} edges but {} link keys",
                self.graph.edge_count(),
                self.edges.len()
            )));
        }
        for (id, node) in &self.nodes {
            match self.graph.node_weight(*node) {
                Some(c) if &c.id == id => {}
                _ => return Err(BrokenInvariant(format!("id {id} points at the wrong node"))),
            }
        }
        for (key, edge) in &self.edges {
            let Some(link) = self.graph.edge_weight(*edge) else {
                return Err(BrokenInvariant(format!("link {key} has no edge")));
            };
            if &link.key() != key {
                return Err(BrokenInvariant(format!("link {key} is stored under the wrong key")));
            }
            let Some((a, b)) = self.graph.edge_endpoints(*edge) else {
                return Err(BrokenInvariant(format!("link {key} has no endpoints")));
            };
            if self.graph[a].id != link.from || self.graph[b].id != link.to {
                return Err(BrokenInvariant(format!("link {key} joins the wrong nodes")));
            }
        }
        for (id, flow) in &self.flows {
            self.check_flow(id, flow).map_err(|e| BrokenInvariant(e.to_string()))?;
        }
        Ok(())
    }
}

/// What `Design::verify` found wrong between the graph and its id maps: a
/// bug in archcrit, never in the user's file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("design invariant broken: {0}")]
pub struct BrokenInvariant(pub String);
