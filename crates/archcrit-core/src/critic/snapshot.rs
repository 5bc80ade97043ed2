//! A compact, read-only picture of one design for one critique: components
//! and links as dense indices in file order, adjacency in file order, the
//! links that close a cycle, a topological order, and a petgraph `DiGraph`
//! for the library's algorithms. Nothing here judges; rules read it.
//!
//! Why not the design's own `StableDiGraph`: after removals its indices have
//! holes, and several petgraph algorithms misbehave on it; a fresh compact
//! graph per critique is cheap (one pass over components and links).

use petgraph::graph::{DiGraph, NodeIndex};
use rustc_hash::FxHashMap;

use crate::model::{Component, Design, Kind, Link};

/// One design seen through dense indices: component `i` is the `i`-th in
/// file order, link `j` the `j`-th.
pub(crate) struct Snapshot<'d> {
    pub design: &'d Design,
    pub comps: Vec<&'d Component>,
    pub links: Vec<&'d Link>,
    pub from: Vec<usize>,
    pub to: Vec<usize>,
    pub sync: Vec<bool>,
    /// Links that close a cycle: the back edges of a depth-first search
    /// that starts from the clients, then the other components, in file
    /// order, following outgoing links in file order. They carry no load
    /// and no latency, which keeps every metric finite on cyclic designs.
    pub back: Vec<bool>,
    /// A topological order of the graph without its back edges (the
    /// reverse post-order of that same search).
    pub order: Vec<usize>,
    /// Node `i` is component `i`; each edge's weight is its link index.
    pub graph: DiGraph<(), usize>,
    out_start: Vec<usize>,
    out_links: Vec<usize>,
    in_start: Vec<usize>,
    in_links: Vec<usize>,
    /// Id -> index; Fx hashing: ids are short, trusted strings and the map
    /// is rebuilt on every critique, so it beats SipHash here.
    index: FxHashMap<&'d str, usize>,
}

impl<'d> Snapshot<'d> {
    pub fn new(design: &'d Design) -> Self {
        let comps: Vec<&Component> = design.components().collect();
        let links: Vec<&Link> = design.links().collect();
        let index: FxHashMap<&str, usize> = comps.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
        let mut from = Vec::with_capacity(links.len());
        let mut to = Vec::with_capacity(links.len());
        for link in &links {
            // The model guarantees both ends exist; a stray link would be
            // pinned to node 0 rather than panic, and stays harmless.
            from.push(index.get(link.from.as_str()).copied().unwrap_or(0));
            to.push(index.get(link.to.as_str()).copied().unwrap_or(0));
        }
        let sync = links.iter().map(|l| l.is_sync()).collect();
        let (out_start, out_links) = csr(comps.len(), &from);
        let (in_start, in_links) = csr(comps.len(), &to);

        let mut graph = DiGraph::with_capacity(comps.len(), links.len());
        for _ in &comps {
            graph.add_node(());
        }
        for (j, (&a, &b)) in from.iter().zip(&to).enumerate() {
            graph.add_edge(NodeIndex::new(a), NodeIndex::new(b), j);
        }

        let mut snap = Snapshot {
            design,
            comps,
            links,
            from,
            to,
            sync,
            back: Vec::new(),
            order: Vec::new(),
            graph,
            out_start,
            out_links,
            in_start,
            in_links,
            index,
        };
        let (back, order) = snap.classify();
        snap.back = back;
        snap.order = order;
        snap
    }

    pub fn len(&self) -> usize {
        self.comps.len()
    }

    pub fn kind(&self, i: usize) -> Kind {
        self.comps[i].kind
    }

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// Outgoing link indices of component `i`, in file order.
    pub fn out(&self, i: usize) -> &[usize] {
        &self.out_links[self.out_start[i]..self.out_start[i + 1]]
    }

    /// Incoming link indices of component `i`, in file order.
    pub fn inc(&self, i: usize) -> &[usize] {
        &self.in_links[self.in_start[i]..self.in_start[i + 1]]
    }

    /// Whether both ends have a zone and the zones differ.
    pub fn crosses_zones(&self, link: usize) -> bool {
        match (&self.comps[self.from[link]].zone, &self.comps[self.to[link]].zone) {
            (Some(a), Some(b)) => a != b,
            _ => false,
        }
    }

    /// The iterative search behind `back` and `order`. petgraph's
    /// `depth_first_search` recurses (a 10,000-long chain would exhaust a
    /// thread's stack) and reports back edges as node pairs, which cannot
    /// tell two parallel links apart; the contract also fixes the visiting
    /// order, so this one walk is written out.
    fn classify(&self) -> (Vec<bool>, Vec<usize>) {
        let clients = (0..self.len()).filter(|&i| self.kind(i) == Kind::Client);
        let others = (0..self.len()).filter(|&i| self.kind(i) != Kind::Client);
        self.depth_first(clients.chain(others), |_| true)
    }

    /// A depth-first search over the links `follow` accepts, trying the
    /// `roots` in the order given and outgoing links in file order. Returns
    /// per link whether it leads back to a component still on the walk
    /// (closes a cycle), and the visited components in reverse post-order:
    /// a topological order once those links are left out.
    pub fn depth_first(
        &self,
        roots: impl IntoIterator<Item = usize>,
        follow: impl Fn(usize) -> bool,
    ) -> (Vec<bool>, Vec<usize>) {
        const NEW: u8 = 0;
        const OPEN: u8 = 1;
        const DONE: u8 = 2;
        let mut state = vec![NEW; self.len()];
        let mut back = vec![false; self.links.len()];
        let mut post = Vec::with_capacity(self.len());
        let mut stack: Vec<(usize, usize)> = Vec::new();
        for start in roots {
            if state[start] != NEW {
                continue;
            }
            state[start] = OPEN;
            stack.push((start, self.out_start[start]));
            while let Some(top) = stack.last_mut() {
                let (node, pos) = *top;
                if pos < self.out_start[node + 1] {
                    top.1 += 1;
                    let link = self.out_links[pos];
                    if !follow(link) {
                        continue;
                    }
                    let next = self.to[link];
                    match state[next] {
                        NEW => {
                            state[next] = OPEN;
                            stack.push((next, self.out_start[next]));
                        }
                        OPEN => back[link] = true,
                        _ => {}
                    }
                } else {
                    state[node] = DONE;
                    post.push(node);
                    stack.pop();
                }
            }
        }
        post.reverse();
        (back, post)
    }
}

/// Compressed adjacency: for each node, the link indices whose `key` is that
/// node, in link (file) order.
fn csr(nodes: usize, key: &[usize]) -> (Vec<usize>, Vec<usize>) {
    let mut start = vec![0usize; nodes + 1];
    for &k in key {
        start[k + 1] += 1;
    }
    for i in 0..nodes {
        start[i + 1] += start[i];
    }
    let mut fill = start.clone();
    let mut items = vec![0usize; key.len()];
    for (j, &k) in key.iter().enumerate() {
        items[fill[k]] = j;
        fill[k] += 1;
    }
    (start, items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::critic::testing::{design, link};

    #[test]
    fn back_edges_follow_the_contract_order() {
        // web -> a -> b -> a: the search starts at the client, so b -> a
        // closes the cycle, not a -> b.
        let d = design(
            &[("b", Kind::Service), ("a", Kind::Service), ("web", Kind::Client)],
            &[link("web", "a"), link("a", "b"), link("b", "a")],
        );
        let s = Snapshot::new(&d);
        assert_eq!(s.back, [false, false, true]);
        let pos = |id: &str| s.order.iter().position(|&i| s.comps[i].id.as_str() == id).unwrap();
        assert!(pos("web") < pos("a") && pos("a") < pos("b"));
    }

    #[test]
    fn a_long_chain_does_not_exhaust_the_stack() {
        let names: Vec<String> = (0..3_000).map(|i| format!("s{i}")).collect();
        let comps: Vec<(&str, Kind)> = names.iter().map(|n| (n.as_str(), Kind::Service)).collect();
        let mut links: Vec<_> = names.windows(2).map(|w| link(&w[0], &w[1])).collect();
        links.push(link(&names[names.len() - 1], &names[0]));
        let d = design(&comps, &links);
        let s = Snapshot::new(&d);
        assert_eq!(s.back.iter().filter(|b| **b).count(), 1);
        assert_eq!(s.order.len(), 3_000);
    }

    #[test]
    fn adjacency_is_in_file_order() {
        let d = design(
            &[("a", Kind::Service), ("b", Kind::Service), ("c", Kind::Service)],
            &[link("a", "c"), link("b", "c"), link("a", "b")],
        );
        let s = Snapshot::new(&d);
        assert_eq!(s.out(0), [0, 2]);
        assert_eq!(s.inc(2), [0, 1]);
        assert_eq!(s.graph.edge_count(), 3);
    }
}
