//! Which components each client's synchronous request needs (its
//! synchronous call tree), and from that each request's availability, its
//! weakest members and how many clients need each component.
//!
//! One walk per client would cost clients x graph. Instead: the sync-only
//! graph's strongly connected sets (petgraph's iterative `kosaraju_scc`;
//! `tarjan_scc` recurses and a long cycle would exhaust the stack), then
//! each client's bit is pushed along the condensation in topological order,
//! and components with the same set of clients are multiplied in once.

use std::collections::HashMap;

use petgraph::algo::kosaraju_scc;
use petgraph::visit::EdgeFiltered;

use super::snapshot::Snapshot;
use crate::model::Kind;

/// How many of a client's weakest components a request remembers.
const WEAKEST: usize = 3;

pub(crate) struct Tree {
    pub client: usize,
    /// Fraction: the product over the tree, each member once.
    pub availability: f64,
    /// Up to three members with the lowest availability below 100%, lowest
    /// first, ties in file order.
    pub weakest: Vec<usize>,
    pub size: usize,
}

pub(crate) struct CallTrees {
    /// Strongly connected sets of the sync-only graph, members in file
    /// order, the sets in reverse topological order.
    pub sccs: Vec<Vec<usize>>,
    /// Per component: how many clients' trees include it.
    pub needed_by: Vec<usize>,
    /// One per client, in file order.
    pub trees: Vec<Tree>,
}

/// Keeps `list` as the (at most three) weakest, by (availability, index).
fn keep_weakest(list: &mut Vec<usize>, candidate: usize, availability: &[f64]) {
    if availability[candidate] >= 1.0 || list.contains(&candidate) {
        return;
    }
    list.push(candidate);
    list.sort_by(|a, b| availability[*a].total_cmp(&availability[*b]).then(a.cmp(b)));
    list.truncate(WEAKEST);
}

pub(crate) fn call_trees(s: &Snapshot<'_>, availability: &[f64]) -> CallTrees {
    let n = s.len();
    let sync_only = EdgeFiltered::from_fn(&s.graph, |e| s.sync[*e.weight()]);
    let sccs: Vec<Vec<usize>> = kosaraju_scc(&sync_only)
        .into_iter()
        .map(|set| {
            let mut members: Vec<usize> = set.into_iter().map(|node| node.index()).collect();
            members.sort_unstable();
            members
        })
        .collect();
    let mut scc_of = vec![0; n];
    for (k, members) in sccs.iter().enumerate() {
        for &i in members {
            scc_of[i] = k;
        }
    }

    let clients: Vec<usize> = (0..n).filter(|&i| s.kind(i) == Kind::Client).collect();
    let words = clients.len().div_ceil(64);
    let mut bits = vec![0u64; sccs.len() * words];
    for (bit, &c) in clients.iter().enumerate() {
        for &j in s.out(c) {
            if s.sync[j] {
                bits[scc_of[s.to[j]] * words + bit / 64] |= 1 << (bit % 64);
            }
        }
    }
    // Reverse topological order reversed: callers before callees.
    for k in (0..sccs.len()).rev() {
        for &u in &sccs[k] {
            for &j in s.out(u) {
                let t = scc_of[s.to[j]];
                if s.sync[j] && t != k {
                    for w in 0..words {
                        let from = bits[k * words + w];
                        bits[t * words + w] |= from;
                    }
                }
            }
        }
    }

    // Components reached by the same clients are multiplied in together.
    let mut groups: Vec<(f64, Vec<usize>, usize)> = Vec::new();
    let mut group_of: HashMap<&[u64], usize> = HashMap::new();
    let mut needed_by = vec![0; n];
    let mut trees: Vec<Tree> =
        clients.iter().map(|&c| Tree { client: c, availability: 1.0, weakest: Vec::new(), size: 0 }).collect();
    let client_bit: HashMap<usize, usize> = clients.iter().enumerate().map(|(b, &c)| (c, b)).collect();
    for i in 0..n {
        let set = &bits[scc_of[i] * words..(scc_of[i] + 1) * words];
        let count: usize = set.iter().map(|w| w.count_ones() as usize).sum();
        if count == 0 {
            continue;
        }
        if let Some(&own) = client_bit.get(&i) {
            // A client reached by synchronous calls is in other clients'
            // trees, never in its own.
            for bit in ones(set).filter(|&b| b != own) {
                add(&mut trees[bit], i, availability);
                needed_by[i] += 1;
            }
            continue;
        }
        needed_by[i] = count;
        let g = *group_of.entry(set).or_insert_with(|| {
            groups.push((1.0, Vec::new(), 0));
            groups.len() - 1
        });
        let group = &mut groups[g];
        group.0 *= availability[i];
        group.2 += 1;
        keep_weakest(&mut group.1, i, availability);
    }
    let mut group_sets: Vec<&[u64]> = vec![&[]; groups.len()];
    for (set, g) in &group_of {
        group_sets[*g] = set;
    }
    for ((product, weakest, size), set) in groups.iter().zip(group_sets) {
        for bit in ones(set) {
            let tree = &mut trees[bit];
            tree.availability *= product;
            tree.size += size;
            for &w in weakest {
                keep_weakest(&mut tree.weakest, w, availability);
            }
        }
    }
    CallTrees { sccs, needed_by, trees }
}

fn add(tree: &mut Tree, i: usize, availability: &[f64]) {
    tree.availability *= availability[i];
    tree.size += 1;
    keep_weakest(&mut tree.weakest, i, availability);
}

/// The positions of the set bits.
fn ones(set: &[u64]) -> impl Iterator<Item = usize> + '_ {
    set.iter().enumerate().flat_map(|(w, &word)| {
        let mut rest = word;
        std::iter::from_fn(move || {
            if rest == 0 {
                return None;
            }
            let b = rest.trailing_zeros() as usize;
            rest &= rest - 1;
            Some(w * 64 + b)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::critic::testing::{design, link};
    use crate::synth;

    /// The obvious way: one walk per client.
    fn naive(s: &Snapshot<'_>, availability: &[f64]) -> Vec<(usize, f64, Vec<usize>, usize)> {
        let mut out = Vec::new();
        for c in (0..s.len()).filter(|&i| s.kind(i) == Kind::Client) {
            let mut seen = vec![false; s.len()];
            let mut stack = vec![c];
            seen[c] = true;
            let (mut product, mut weakest, mut size) = (1.0, Vec::new(), 0);
            while let Some(u) = stack.pop() {
                for &j in s.out(u) {
                    let v = s.to[j];
                    if s.sync[j] && !seen[v] {
                        seen[v] = true;
                        stack.push(v);
                        product *= availability[v];
                        size += 1;
                        keep_weakest(&mut weakest, v, availability);
                    }
                }
            }
            out.push((c, product, weakest, size));
        }
        out
    }

    fn agree(d: &crate::model::Design) {
        let s = Snapshot::new(d);
        let availability: Vec<f64> = (0..s.len()).map(|i| 0.9 + 0.0999 * ((i * 7919) % 1000) as f64 / 1000.0).collect();
        let fast = call_trees(&s, &availability);
        let slow = naive(&s, &availability);
        assert_eq!(fast.trees.len(), slow.len());
        for (t, (c, product, weakest, size)) in fast.trees.iter().zip(slow) {
            assert_eq!(t.client, c);
            assert_eq!(t.size, size, "client {c}");
            assert!((t.availability - product).abs() <= 1e-12 * product.max(1e-300), "{} vs {product}", t.availability);
            assert_eq!(t.weakest, weakest, "client {c}");
        }
    }

    #[test]
    fn grouping_agrees_with_one_walk_per_client() {
        for (n, seed) in [(30, 1), (200, 2), (700, 3)] {
            agree(&synth::generate(n, seed));
        }
        // Clients calling clients, cycles through a client.
        agree(&design(
            &[("a", Kind::Client), ("b", Kind::Client), ("x", Kind::Service), ("y", Kind::Service), ("q", Kind::Queue)],
            &[link("a", "b"), link("b", "x"), link("x", "a"), link("x", "y"), link("y", "x"), {
                let mut l = link("y", "q");
                l.protocol = Some("kafka".into());
                l
            }],
        ));
    }
}
