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

/// Lays out boxes of `sizes` in ranks. `zones[v]` numbers the zone of
/// component `v` (0, 1, ... by first appearance; `None` for no zone): a
/// zone's boxes stay together within each rank and the zone gets a band of
/// rows of its own wherever its ranks meet another zone's, so its frame is
/// a rectangle holding only its own boxes.
pub(super) fn place(
    sizes: &[(i32, i32)],
    edges: &[(usize, usize)],
    clients: &[bool],
    zones: &[Option<usize>],
    gaps: (i32, i32),
) -> Ranked {
    let n = sizes.len();
    if n == 0 {
        return Ranked::default();
    }
    let reversed = break_cycles(n, edges, clients);
    let dag: Vec<(usize, usize)> =
        edges.iter().zip(&reversed).map(|(&(a, b), &rev)| if rev { (b, a) } else { (a, b) }).collect();
    let rank = assign_ranks(n, &dag, clients);
    let rank_count = rank.iter().max().map_or(1, |m| m + 1);

    // Groups: one per zone, then one per rank for what has no zone.
    let zone_count = zones.iter().flatten().max().map_or(0, |m| m + 1);
    let mut zone_span = vec![(usize::MAX, 0usize); zone_count];
    for (v, z) in zones.iter().enumerate() {
        if let Some(z) = *z {
            zone_span[z] = (zone_span[z].0.min(rank[v]), zone_span[z].1.max(rank[v]));
        }
    }
    let in_span = |z: usize, r: usize| zone_span[z].0 <= r && r <= zone_span[z].1;
    let mut group: Vec<usize> = (0..n).map(|v| zones[v].unwrap_or(zone_count + rank[v])).collect();

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
            // A link stays inside its own zone while the zone is there,
            // rather than cutting across another zone's band.
            group.push(match (zones[a], zones[b]) {
                (Some(z), _) if in_span(z, r) => z,
                (_, Some(z)) if in_span(z, r) => z,
                _ => zone_count + r,
            });
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
    let groups = Groups { of: &group, count: zone_count + rank_count, zones: zone_count };
    let group_key = order(&mut layers, &preds, &succs, total, &groups);

    // Coordinates.
    let height = |v: usize| if v < n { sizes[v].1 } else { 1 };
    let mut columns = Vec::with_capacity(rank_count);
    let mut x = 0;
    for layer in &layers {
        let w = layer.iter().filter(|v| **v < n).map(|v| sizes[*v].0).max().unwrap_or(1);
        columns.push((x, w));
        x += w + gaps.0;
    }
    let bands = Bands::pack(&layers, &groups, &group_key, zone_count, gaps.1, height);
    let mut top = vec![0i32; total];
    let center = |top: &[i32], v: usize| top[v] + height(v) / 2;
    for (r, layer) in layers.iter().enumerate() {
        let mut stack = bands.stack(layer, &groups, gaps.1, height);
        for &v in layer {
            let desired = if r == 0 || preds[v].is_empty() {
                None
            } else {
                let sum: i64 = preds[v].iter().map(|p| i64::from(center(&top, *p))).sum();
                Some((sum / preds[v].len() as i64) as i32 - height(v) / 2)
            };
            top[v] = stack.next(v, desired);
        }
    }
    // Sources in the first rank line up with what they call.
    if let Some(first) = layers.first() {
        let mut stack = bands.stack(first, &groups, gaps.1, height);
        for &v in first {
            let desired = if succs[v].is_empty() {
                None
            } else {
                let sum: i64 = succs[v].iter().map(|s| i64::from(center(&top, *s))).sum();
                Some((sum / succs[v].len() as i64) as i32 - height(v) / 2)
            };
            top[v] = stack.next(v, desired);
        }
    }
    if groups.zoned() {
        // Room for the frame lines of zones at the top and left edges.
        let dy = 1 - top.iter().min().copied().unwrap_or(0);
        top.iter_mut().for_each(|t| *t += dy);
        columns.iter_mut().for_each(|c| c.0 += 1);
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

/// Which group each node belongs to (see `place`).
struct Groups<'a> {
    of: &'a [usize],
    count: usize,
    /// Groups below this number are zones, the rest one rank's boxes with
    /// no zone. Without zones each rank is a single group and grouping
    /// changes nothing.
    zones: usize,
}

impl Groups<'_> {
    fn zoned(&self) -> bool {
        self.zones > 0
    }

    /// Boxes with no zone go below the zones of their rank: one such box
    /// above a zone would push the zone's whole band down.
    fn bias(&self, g: usize) -> f64 {
        if g < self.zones { 0.0 } else { 1.0 }
    }
}

/// Rows given to each group: a band `[top, floor)` that no other group
/// sharing a rank with it may enter, stacked in the groups' order.
struct Bands {
    top: Vec<i32>,
    /// How far down the group's boxes may go (`i32::MAX`: no limit).
    floor: Vec<i32>,
}

impl Bands {
    /// Each group's band is as tall as its tallest stack in any rank; a
    /// group below another that shares a rank starts past it, two zones a
    /// blank row apart (each draws a frame line), a zone and free boxes
    /// one row apart.
    fn pack(
        layers: &[Vec<usize>],
        groups: &Groups,
        key: &[f64],
        zone_count: usize,
        gap: i32,
        height_of: impl Fn(usize) -> i32,
    ) -> Bands {
        let count = groups.count;
        let mut height = vec![0i32; count];
        let mut span = vec![(usize::MAX, 0usize); count];
        let mut stack = vec![0i32; count];
        for (r, layer) in layers.iter().enumerate() {
            for &v in layer {
                stack[groups.of[v]] += height_of(v) + gap;
            }
            for &v in layer {
                let g = groups.of[v];
                height[g] = height[g].max(stack[g]);
                span[g] = (span[g].0.min(r), span[g].1.max(r));
                stack[g] = 0;
            }
        }
        let mut top = vec![0i32; count];
        let mut floor = vec![i32::MAX; count];
        if !groups.zoned() {
            return Bands { top, floor };
        }
        let mut order: Vec<usize> = (0..count).filter(|g| span[*g].0 != usize::MAX).collect();
        order.sort_by(|a, b| key[*a].total_cmp(&key[*b]).then(a.cmp(b)));
        let meets = |a: usize, b: usize| span[a].0 <= span[b].1 && span[b].0 <= span[a].1;
        // `height` counts a trailing gap; margins are from the last box's
        // bottom edge.
        let margin = |a: usize, b: usize| if a < zone_count && b < zone_count { 3 } else { 2 };
        for (i, &g) in order.iter().enumerate() {
            for &above in &order[..i] {
                if meets(g, above) {
                    let bottom = top[above] + height[above] - gap;
                    top[g] = top[g].max(bottom + margin(g, above));
                }
            }
        }
        for (i, &g) in order.iter().enumerate() {
            for &below in &order[i + 1..] {
                if meets(g, below) {
                    floor[g] = floor[g].min(top[below] - margin(g, below));
                }
            }
        }
        Bands { top, floor }
    }

    fn stack<'a, H: Fn(usize) -> i32>(
        &'a self,
        layer: &[usize],
        groups: &'a Groups,
        gap: i32,
        height: H,
    ) -> Stack<'a, H> {
        let mut rest = vec![0i32; groups.count];
        for &v in layer {
            rest[groups.of[v]] += height(v) + gap;
        }
        Stack { bands: self, groups, gap, height, rest, group: None, next_free: 0 }
    }
}

/// Places one rank's nodes top to bottom, each as near its wish as its
/// band and the nodes above it allow, leaving room below for the rest of
/// its group.
struct Stack<'a, H> {
    bands: &'a Bands,
    groups: &'a Groups<'a>,
    gap: i32,
    height: H,
    /// Rows still needed by each group's unplaced nodes in this rank.
    rest: Vec<i32>,
    group: Option<usize>,
    next_free: i32,
}

impl<H: Fn(usize) -> i32> Stack<'_, H> {
    fn next(&mut self, v: usize, desired: Option<i32>) -> i32 {
        let g = self.groups.of[v];
        if self.group != Some(g) {
            self.group = Some(g);
            self.next_free = self.next_free.max(self.bands.top[g]);
        }
        let h = (self.height)(v);
        self.rest[g] -= h + self.gap;
        let lo = self.next_free;
        let floor = self.bands.floor[g];
        let hi = if floor == i32::MAX { i32::MAX } else { floor - self.rest[g] - h };
        let top = desired.unwrap_or(lo).min(hi).max(lo);
        self.next_free = top + h + self.gap;
        top
    }
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

/// Barycenter sweeps, keeping the order with the fewest crossings. With
/// zones, each sweep sorts groups by their members' mean barycenter, then
/// regroups every rank in one order shared by all ranks. Returns each
/// group's key in that shared order.
fn order(
    layers: &mut [Vec<usize>],
    preds: &[Vec<usize>],
    succs: &[Vec<usize>],
    total: usize,
    groups: &Groups,
) -> Vec<f64> {
    let mut pos = vec![0usize; total];
    let index = |layers: &[Vec<usize>], pos: &mut [usize]| {
        for layer in layers {
            for (i, v) in layer.iter().enumerate() {
                pos[*v] = i;
            }
        }
    };
    let mut key = vec![0.0; groups.count];
    if groups.zoned() {
        key = regroup(layers, groups);
    }
    index(layers, &mut pos);
    let mut best = layers.to_vec();
    let mut best_key = key.clone();
    let mut best_crossings = count(layers, succs, &pos);
    let mut group_sum = vec![(0.0f64, 0usize); groups.count];
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
            let mut keyed: Vec<(f64, f64, usize)> = layers[r]
                .iter()
                .map(|&v| {
                    let ns = &neighbours[v];
                    let key = if ns.is_empty() {
                        pos[v] as f64
                    } else {
                        ns.iter().map(|n| pos[*n] as f64).sum::<f64>() / ns.len() as f64
                    };
                    (0.0, key, v)
                })
                .collect();
            if groups.zoned() {
                for &(_, k, v) in &keyed {
                    let s = &mut group_sum[groups.of[v]];
                    *s = (s.0 + k, s.1 + 1);
                }
                for item in &mut keyed {
                    let g = groups.of[item.2];
                    let (sum, n) = group_sum[g];
                    item.0 = groups.bias(g) * 1e12 + sum / n as f64;
                }
                for &(_, _, v) in &keyed {
                    group_sum[groups.of[v]] = (0.0, 0);
                }
            }
            keyed.sort_by(|a, b| {
                a.0.total_cmp(&b.0).then(groups.of[a.2].cmp(&groups.of[b.2])).then(a.1.total_cmp(&b.1))
            });
            layers[r] = keyed.into_iter().map(|(_, _, v)| v).collect();
            for (i, v) in layers[r].iter().enumerate() {
                pos[*v] = i;
            }
        }
        if groups.zoned() {
            key = regroup(layers, groups);
            index(layers, &mut pos);
        }
        let c = count(layers, succs, &pos);
        if c < best_crossings {
            best_crossings = c;
            best = layers.to_vec();
            best_key = key.clone();
        }
    }
    layers.clone_from_slice(&best);
    best_key
}

/// Orders every rank's groups by one key per group (the mean relative
/// position of its nodes over all ranks), keeping the order inside each
/// group, so two groups that share ranks are stacked the same way in all
/// of them. Returns the keys.
fn regroup(layers: &mut [Vec<usize>], groups: &Groups) -> Vec<f64> {
    let mut sum = vec![(0.0f64, 0usize); groups.count];
    for layer in layers.iter() {
        let len = layer.len() as f64;
        for (i, v) in layer.iter().enumerate() {
            let s = &mut sum[groups.of[*v]];
            *s = (s.0 + (i as f64 + 0.5) / len, s.1 + 1);
        }
    }
    let key: Vec<f64> =
        sum.iter().enumerate().map(|(g, (s, n))| groups.bias(g) + if *n == 0 { 0.0 } else { s / *n as f64 }).collect();
    for layer in layers.iter_mut() {
        layer.sort_by(|a, b| {
            let (ga, gb) = (groups.of[*a], groups.of[*b]);
            key[ga].total_cmp(&key[gb]).then(ga.cmp(&gb))
        });
    }
    key
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
