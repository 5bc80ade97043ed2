//! Layered placement: cycles broken the way the critic breaks them (DFS
//! from the clients), ranks by longest path, long links split into
//! one-cell "through" slots, barycenter sweeps to reduce crossings, then
//! cell coordinates with no two boxes overlapping.

use super::Rect;

/// The result of layered placement, in the units `route` needs.
#[derive(Debug, Clone, Default)]
pub(super) struct Ranked {
    /// One per component, in file order.
    pub rects: Vec<Rect>,
    pub rank: Vec<usize>,
    /// Per edge: laid out against its direction (it closes a cycle).
    pub reversed: Vec<bool>,
    /// Per edge: the through slots between its ends, in layout direction
    /// (low rank to high), as (rank, row).
    pub chains: Vec<Vec<(usize, i32)>>,
    /// Per rank: first column and width.
    pub columns: Vec<(i32, i32)>,
}

pub(super) fn place(sizes: &[(i32, i32)], edges: &[(usize, usize)], clients: &[bool], gaps: (i32, i32)) -> Ranked {
    let n = sizes.len();
    if n == 0 {
        return Ranked::default();
    }
    let reversed = break_cycles(n, edges, clients);
    let dag: Vec<(usize, usize)> =
        edges.iter().zip(&reversed).map(|(&(a, b), &rev)| if rev { (b, a) } else { (a, b) }).collect();
    let rank = assign_ranks(n, &dag, clients);
    let rank_count = rank.iter().max().map_or(1, |m| m + 1);

    // Nodes: components first, then through slots.
    let mut node_rank: Vec<usize> = rank.clone();
    let mut chain_nodes: Vec<Vec<usize>> = Vec::with_capacity(dag.len());
    let mut segments: Vec<(usize, usize)> = Vec::new();
    for &(a, b) in &dag {
        let mut chain = Vec::new();
        let mut prev = a;
        for r in rank[a] + 1..rank[b] {
            let d = node_rank.len();
            node_rank.push(r);
            chain.push(d);
            segments.push((prev, d));
            prev = d;
        }
        segments.push((prev, b));
        chain_nodes.push(chain);
    }
    let total = node_rank.len();
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); rank_count];
    for (v, &r) in node_rank.iter().enumerate() {
        layers[r].push(v);
    }
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); total];
    let mut succs: Vec<Vec<usize>> = vec![Vec::new(); total];
    for &(a, b) in &segments {
        succs[a].push(b);
        preds[b].push(a);
    }
    order(&mut layers, &preds, &succs, total);

    // Coordinates.
    let height = |v: usize| if v < n { sizes[v].1 } else { 1 };
    let mut columns = Vec::with_capacity(rank_count);
    let mut x = 0;
    for layer in &layers {
        let w = layer.iter().filter(|v| **v < n).map(|v| sizes[*v].0).max().unwrap_or(1);
        columns.push((x, w));
        x += w + gaps.0;
    }
    let mut top = vec![0i32; total];
    let center = |top: &[i32], v: usize| top[v] + height(v) / 2;
    for (r, layer) in layers.iter().enumerate() {
        let mut next_free = 0;
        for &v in layer {
            let desired = if r == 0 || preds[v].is_empty() {
                next_free
            } else {
                let sum: i64 = preds[v].iter().map(|p| i64::from(center(&top, *p))).sum();
                (sum / preds[v].len() as i64) as i32 - height(v) / 2
            };
            top[v] = desired.max(next_free);
            next_free = top[v] + height(v) + gaps.1;
        }
    }
    // Sources in the first rank line up with what they call.
    if let Some(first) = layers.first() {
        let mut next_free = 0;
        for &v in first {
            let desired = if succs[v].is_empty() {
                next_free
            } else {
                let sum: i64 = succs[v].iter().map(|s| i64::from(center(&top, *s))).sum();
                (sum / succs[v].len() as i64) as i32 - height(v) / 2
            };
            top[v] = desired.max(next_free);
            next_free = top[v] + height(v) + gaps.1;
        }
    }
    let rects = (0..n)
        .map(|v| {
            let (cx, _) = columns[rank[v]];
            Rect { x: cx, y: top[v], w: sizes[v].0, h: sizes[v].1 }
        })
        .collect();
    let chains = chain_nodes.iter().map(|c| c.iter().map(|d| (node_rank[*d], top[*d])).collect()).collect();
    Ranked { rects, rank, reversed, chains, columns }
}

/// Marks the edges that close a cycle, by a depth-first search from the
/// clients and then from the other components, in file order.
fn break_cycles(n: usize, edges: &[(usize, usize)], clients: &[bool]) -> Vec<bool> {
    let mut out: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    for (e, &(a, b)) in edges.iter().enumerate() {
        out[a].push((b, e));
    }
    // 0 = unseen, 1 = on the stack, 2 = done
    let mut state = vec![0u8; n];
    let mut reversed = vec![false; edges.len()];
    let starts = (0..n).filter(|v| clients[*v]).chain((0..n).filter(|v| !clients[*v]));
    for start in starts {
        if state[start] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        state[start] = 1;
        while let Some(&mut (v, ref mut next)) = stack.last_mut() {
            if let Some(&(w, e)) = out[v].get(*next) {
                *next += 1;
                match state[w] {
                    0 => {
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    1 => reversed[e] = true,
                    _ => {}
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }
    reversed
}

/// Longest path from the sources; sources that are not clients are pulled
/// right next to what they call so they do not stretch every link.
fn assign_ranks(n: usize, dag: &[(usize, usize)], clients: &[bool]) -> Vec<usize> {
    let mut indegree = vec![0usize; n];
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in dag {
        out[a].push(b);
        indegree[b] += 1;
    }
    let has_pred: Vec<bool> = indegree.iter().map(|d| *d > 0).collect();
    let mut queue: Vec<usize> = (0..n).filter(|v| indegree[*v] == 0).collect();
    let mut topo = Vec::with_capacity(n);
    let mut rank = vec![0usize; n];
    let mut head = 0;
    while head < queue.len() {
        let v = queue[head];
        head += 1;
        topo.push(v);
        for &w in &out[v] {
            rank[w] = rank[w].max(rank[v] + 1);
            indegree[w] -= 1;
            if indegree[w] == 0 {
                queue.push(w);
            }
        }
    }
    for &v in topo.iter().rev() {
        if !has_pred[v]
            && !clients[v]
            && let Some(min) = out[v].iter().map(|w| rank[*w]).min()
        {
            rank[v] = min.saturating_sub(1);
        }
    }
    rank
}

/// Barycenter sweeps, keeping the order with the fewest crossings.
fn order(layers: &mut [Vec<usize>], preds: &[Vec<usize>], succs: &[Vec<usize>], total: usize) {
    let mut pos = vec![0usize; total];
    let index = |layers: &[Vec<usize>], pos: &mut [usize]| {
        for layer in layers {
            for (i, v) in layer.iter().enumerate() {
                pos[*v] = i;
            }
        }
    };
    index(layers, &mut pos);
    let mut best = layers.to_vec();
    let mut best_crossings = count(layers, succs, &pos);
    const SWEEPS: usize = 6;
    for sweep in 0..SWEEPS {
        if best_crossings == 0 {
            break;
        }
        let down = sweep % 2 == 0;
        let ranks: Vec<usize> =
            if down { (1..layers.len()).collect() } else { (0..layers.len().saturating_sub(1)).rev().collect() };
        for r in ranks {
            let neighbours = if down { preds } else { succs };
            let mut keyed: Vec<(f64, usize)> = layers[r]
                .iter()
                .map(|&v| {
                    let ns = &neighbours[v];
                    let key = if ns.is_empty() {
                        pos[v] as f64
                    } else {
                        ns.iter().map(|n| pos[*n] as f64).sum::<f64>() / ns.len() as f64
                    };
                    (key, v)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
            layers[r] = keyed.into_iter().map(|(_, v)| v).collect();
            for (i, v) in layers[r].iter().enumerate() {
                pos[*v] = i;
            }
        }
        let c = count(layers, succs, &pos);
        if c < best_crossings {
            best_crossings = c;
            best = layers.to_vec();
        }
    }
    layers.clone_from_slice(&best);
}

/// Crossings between adjacent layers, counted as inversions.
fn count(layers: &[Vec<usize>], succs: &[Vec<usize>], pos: &[usize]) -> usize {
    let mut total = 0;
    for r in 0..layers.len().saturating_sub(1) {
        let mut pairs: Vec<(usize, usize)> =
            layers[r].iter().flat_map(|&a| succs[a].iter().map(move |&b| (pos[a], pos[b]))).collect();
        pairs.sort_unstable();
        let width = layers[r + 1].len() + 1;
        let mut tree = vec![0usize; width + 1];
        for (seen, &(_, b)) in pairs.iter().enumerate() {
            // Fenwick tree: how many earlier pairs end at or before b.
            let mut i = b + 1;
            let mut le = 0;
            while i > 0 {
                le += tree[i];
                i -= i & i.wrapping_neg();
            }
            total += seen - le;
            let mut i = b + 1;
            while i <= width {
                tree[i] += 1;
                i += i & i.wrapping_neg();
            }
        }
    }
    total
}
