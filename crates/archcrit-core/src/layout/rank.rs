//! Layered placement: cycles broken the way the critic breaks them (DFS
//! from the clients), ranks by longest path, long links split into
//! one-cell "through" slots, ordered within ranks (see `order`), then
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
    /// The bands of ranks when they were wrapped to a width (see `wrap`);
    /// empty when they all fit side by side.
    pub bands: Vec<super::wrap::Band>,
    /// The ranks were wrapped because they did not fit the width (not
    /// only round pins).
    pub to_width: bool,
    /// Per rank: the widest protocol label of the links into the next
    /// rank's boxes, which the run after the gap's lanes keeps room for.
    pub label_room: Vec<i32>,
}

/// Lays out boxes of `sizes` in ranks. `zones[v]` numbers the zone of
/// component `v` (0, 1, ... by first appearance; `None` for no zone): a
/// zone's boxes stay together within each rank and the zone gets a band of
/// rows of its own wherever its ranks meet another zone's, so its frame is
/// a rectangle holding only its own boxes. `labels` are the links' protocol
/// label widths, which the gaps between ranks keep room for.
#[allow(clippy::too_many_arguments)]
pub(super) fn place(
    sizes: &[(i32, i32)],
    edges: &[(usize, usize)],
    clients: &[bool],
    zones: &[Option<usize>],
    gaps: (i32, i32),
    max_width: Option<i32>,
    pins: &[(usize, Rect)],
    labels: &[i32],
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
    let group_key = super::order::order(&mut layers, &preds, &succs, total, &groups);

    // Coordinates. Without a width, a board laid out mostly by hand keeps
    // its boxes where the ranks put them (pushed off the pins); one with a
    // few pins still flows round them, as if wrapped to no width at all.
    let max_width = max_width.or((!pins.is_empty() && pins.len() * 4 <= n).then_some(i32::MAX));
    let height = |v: usize| if v < n { sizes[v].1 } else { 1 };
    let width = |v: usize| if v < n { sizes[v].0 } else { 0 };
    let rows = Rows { layers: &layers, groups: &groups, key: &group_key, gap: gaps.1, preds: &preds, succs: &succs };
    let mut top = rows.place(&vec![0; rank_count], &height);
    // Each gap between ranks holds a lane per jog and, after the last
    // lane, the run into the next rank's boxes: room there for the longest
    // protocol label of the links entering them (a cell of line either
    // side and the arrow head), so no label is dropped for want of room.
    let mut jogs = vec![0i32; rank_count];
    for &(u, v) in &segments {
        if u >= n && v >= n && top[u] == top[v] {
            continue;
        }
        jogs[node_rank[u]] += 1;
    }
    let mut label_room = vec![0i32; rank_count];
    for (&(_, b), &w) in dag.iter().zip(labels) {
        if rank[b] > 0 {
            let r = &mut label_room[rank[b] - 1];
            *r = (*r).max(w);
        }
    }
    let mut columns = Vec::with_capacity(rank_count);
    let mut x = 0;
    // A rank whose boxes are all pinned elsewhere keeps its column: closing
    // the ranks either side up would move every box after it, and a person
    // moving one box must not see the others go (moves that would are
    // refused, so the box could not be moved at all).
    for (r, layer) in layers.iter().enumerate() {
        let w = layer.iter().filter(|v| **v < n).map(|v| sizes[*v].0).max().unwrap_or(1);
        columns.push((x, w));
        x += w + gaps.0.max(lane_room(jogs[r], label_room[r]));
    }
    if groups.zoned() {
        // Room for the frame lines of zones at the left edge.
        columns.iter_mut().for_each(|c| c.0 += 1);
    }
    let (mut bands, mut to_width) = (Vec::new(), false);
    if let Some(max_width) = max_width {
        let links: Vec<(usize, usize)> = dag.iter().map(|&(a, b)| (rank[a], rank[b])).collect();
        let pad = i32::from(groups.zoned());
        let spanning = |r: usize| zone_span.iter().filter(|&&(lo, hi)| lo < r && r <= hi).count();
        // Breaks where no zone is keep every zone in one band; where that
        // does not fit, a zone may be split between two bands where it is
        // the only one there (its frame then takes the bottom of one band
        // and the top of the next: see `Bands::pack`).
        let whole = |r: usize| spanning(r) == 0;
        let split = |r: usize| spanning(r) <= 1;
        let attempts: [&dyn Fn(usize) -> bool; 2] = [&whole, &split];
        // The narrowest valid wrapping, by its widest band.
        let mut best: Option<(i32, Placement)> = None;
        for breakable in &attempts[..if groups.zoned() { 2 } else { 1 }] {
            let starts = super::wrap::starts(&columns, &links, max_width, pad, *breakable);
            let band_of_rank: Vec<usize> = (0..rank_count).map(|r| starts.partition_point(|s| *s <= r) - 1).collect();
            let mut t =
                if starts.len() > 1 && groups.zoned() { rows.place(&band_of_rank, &height) } else { top.clone() };
            let mut c = columns.clone();
            let ranks = super::wrap::Ranks {
                columns: &mut c,
                top: &mut t,
                node_rank: &node_rank,
                height: &height,
                width: &width,
                links: &links,
                breakable: *breakable,
                pad,
                pins,
            };
            let Some(wrapped) = super::wrap::apply(ranks, max_width) else {
                // One band, clear of the pins: done where it fits, else
                // another way of breaking may find room.
                if columns.last().is_none_or(|c| c.0 + c.1 < max_width) {
                    break;
                }
                continue;
            };
            let rects: Vec<Rect> =
                (0..n).map(|v| Rect { x: c[rank[v]].0, y: t[v], w: sizes[v].0, h: sizes[v].1 }).collect();
            let placed = |v: usize| !pins.iter().any(|(p, _)| *p == v);
            if !super::frames::whole(&rects, zones, &placed) {
                continue;
            }
            let widest = wrapped.iter().map(|b| b.right).max().unwrap_or(0);
            if best.as_ref().is_none_or(|b| widest < b.0) {
                let to_width = starts.len() > 1;
                best = Some((widest, Placement { top: t, columns: c, bands: wrapped, to_width }));
            }
            if widest < max_width {
                break;
            }
        }
        if let Some((_, p)) = best {
            (top, columns, bands, to_width) = (p.top, p.columns, p.bands, p.to_width);
        }
    }
    let rects = (0..n)
        .map(|v| {
            let (cx, _) = columns[rank[v]];
            Rect { x: cx, y: top[v], w: sizes[v].0, h: sizes[v].1 }
        })
        .collect();
    let chains = chain_nodes.iter().map(|c| c.iter().map(|d| (node_rank[*d], top[*d])).collect()).collect();
    Ranked { rects, rank, reversed, chains, columns, bands, to_width, label_room }
}

/// The cells a gap between ranks needs for `jogs` lanes and a label of
/// `label` cells on the run after the last lane: two cells before the
/// first lane, then a cell of line either side of the label and the
/// arrow head (see `route::assign_lanes`).
pub(super) fn lane_room(jogs: i32, label: i32) -> i32 {
    2 + jogs + if label > 0 { label + 3 } else { 1 }
}

/// One way of wrapping the ranks: every node's top row, every rank's
/// column, the bands, whether any break is for the width.
struct Placement {
    top: Vec<i32>,
    columns: Vec<(i32, i32)>,
    bands: Vec<super::wrap::Band>,
    to_width: bool,
}

/// Which group each node belongs to (see `place`).
pub(super) struct Groups<'a> {
    pub of: &'a [usize],
    pub count: usize,
    /// Groups below this number are zones, the rest one rank's boxes with
    /// no zone. Without zones each rank is a single group and grouping
    /// changes nothing.
    pub zones: usize,
}

impl Groups<'_> {
    pub fn zoned(&self) -> bool {
        self.zones > 0
    }

    /// Boxes with no zone go below the zones of their rank: one such box
    /// above a zone would push the zone's whole band down.
    pub fn bias(&self, g: usize) -> f64 {
        if g < self.zones { 0.0 } else { 1.0 }
    }
}

/// Rows for every node, rank by rank: each as near the mean of what calls
/// it as its group's band allows (sources of the first rank near what they
/// call).
struct Rows<'a> {
    layers: &'a [Vec<usize>],
    groups: &'a Groups<'a>,
    key: &'a [f64],
    gap: i32,
    preds: &'a [Vec<usize>],
    succs: &'a [Vec<usize>],
}

impl Rows<'_> {
    /// `band_of_rank`: the band of wrapped ranks each rank will be in (all
    /// 0 when not wrapped), so a zone split between two bands gets the
    /// bottom rows of the first and the top rows of the next.
    fn place(&self, band_of_rank: &[usize], height: &dyn Fn(usize) -> i32) -> Vec<i32> {
        let (groups, gap) = (self.groups, self.gap);
        let bands = Bands::pack(self.layers, groups, self.key, band_of_rank, gap, height);
        let total = groups.of.len();
        let mut top = vec![0i32; total];
        // A split zone's nodes go after the rest of the first band's ranks
        // and before the rest of the next's, as its rows do.
        let sorted: Vec<Vec<usize>>;
        let layers = if bands.split {
            sorted = self
                .layers
                .iter()
                .map(|l| {
                    let mut l = l.clone();
                    l.sort_by_key(|v| bands.position[groups.of[*v]]);
                    l
                })
                .collect();
            &sorted
        } else {
            self.layers
        };
        let center = |top: &[i32], v: usize| top[v] + height(v) / 2;
        let mean = |top: &[i32], of: &[usize], v: usize| {
            let sum: i64 = of.iter().map(|p| i64::from(center(top, *p))).sum();
            (sum / of.len() as i64) as i32 - height(v) / 2
        };
        for (r, layer) in layers.iter().enumerate() {
            let mut stack = bands.stack(layer, groups, gap, height);
            for &v in layer {
                let preds = &self.preds[v];
                let desired = (r > 0 && !preds.is_empty()).then(|| mean(&top, preds, v));
                top[v] = stack.next(v, desired);
            }
        }
        // Sources in the first rank line up with what they call.
        if let Some(first) = layers.first() {
            let mut stack = bands.stack(first, groups, gap, height);
            for &v in first {
                let succs = &self.succs[v];
                let desired = (!succs.is_empty()).then(|| mean(&top, succs, v));
                top[v] = stack.next(v, desired);
            }
        }
        if groups.zoned() {
            // Room for the frame lines of zones at the top edge.
            let dy = 1 - top.iter().min().copied().unwrap_or(0);
            top.iter_mut().for_each(|t| *t += dy);
        }
        top
    }
}

/// Rows given to each group: a band `[top, floor)` that no other group
/// sharing a rank with it may enter, stacked in the groups' order.
struct Bands {
    top: Vec<i32>,
    /// How far down the group's boxes may go (`i32::MAX`: no limit).
    floor: Vec<i32>,
    /// Each group's place in the order bands were stacked in.
    position: Vec<usize>,
    /// A group lies in two bands of wrapped ranks.
    split: bool,
}

impl Bands {
    /// Each group's band is as tall as its tallest stack in any rank; a
    /// group below another that shares a rank starts past it, two zones a
    /// blank row apart (each draws a frame line), a zone and free boxes
    /// one row apart.
    ///
    /// Wrapped ranks (`band_of_rank`): groups are stacked band by band, and
    /// a group in two bands reaches to the ends of both, so it takes rows
    /// below everything of the first and above everything of the next: its
    /// frame, one rectangle from its top in one band to its bottom in the
    /// next, then holds only its own boxes.
    fn pack(
        layers: &[Vec<usize>],
        groups: &Groups,
        key: &[f64],
        band_of_rank: &[usize],
        gap: i32,
        height_of: &dyn Fn(usize) -> i32,
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
        let mut position = vec![0usize; count];
        if !groups.zoned() {
            return Bands { top, floor, position, split: false };
        }
        let band = |r: usize| band_of_rank.get(r).copied().unwrap_or(0);
        let ends = |b: usize| {
            let first = band_of_rank.partition_point(|x| *x < b);
            (first, band_of_rank.partition_point(|x| *x <= b).saturating_sub(1).max(first))
        };
        let bands_of = |g: usize| (band(span[g].0), band(span[g].1));
        let mut split = false;
        let reach: Vec<(usize, usize)> = (0..count)
            .map(|g| match bands_of(g) {
                _ if span[g].0 == usize::MAX => span[g],
                (lo, hi) if lo == hi => span[g],
                (lo, hi) => {
                    split = true;
                    (ends(lo).0, ends(hi).1)
                }
            })
            .collect();
        let mut order: Vec<usize> = (0..count).filter(|g| span[*g].0 != usize::MAX).collect();
        let band_key = |g: usize| bands_of(g).0 + bands_of(g).1;
        order.sort_by(|a, b| band_key(*a).cmp(&band_key(*b)).then(key[*a].total_cmp(&key[*b])).then(a.cmp(b)));
        let meets = |a: usize, b: usize| reach[a].0 <= reach[b].1 && reach[b].0 <= reach[a].1;
        // `height` counts a trailing gap; margins are from the last box's
        // bottom edge.
        let margin = |a: usize, b: usize| if a < groups.zones && b < groups.zones { 3 } else { 2 };
        for (i, &g) in order.iter().enumerate() {
            position[g] = i;
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
        Bands { top, floor, position, split }
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
    tighten(&mut rank, dag, &topo, clients);
    rank
}

/// Shortens links: each component but a client moves, within the ranks its
/// links allow, towards the side with more links (the rank that minimises
/// its links' total length), a few passes. Fewer long links mean fewer
/// through slots and fewer crossings.
fn tighten(rank: &mut [usize], dag: &[(usize, usize)], topo: &[usize], clients: &[bool]) {
    let n = rank.len();
    let mut ins: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut outs: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in dag {
        outs[a].push(b);
        ins[b].push(a);
    }
    for _ in 0..4 {
        let mut moved = false;
        for &v in topo.iter().chain(topo.iter().rev()) {
            if clients[v] || (ins[v].is_empty() && outs[v].is_empty()) {
                continue;
            }
            let lo = ins[v].iter().map(|p| rank[*p] + 1).max().unwrap_or(0);
            let hi = outs[v].iter().map(|s| rank[*s].saturating_sub(1)).min().unwrap_or(lo);
            if hi < lo {
                continue;
            }
            let want = match ins[v].len().cmp(&outs[v].len()) {
                std::cmp::Ordering::Greater => lo,
                std::cmp::Ordering::Less => hi,
                std::cmp::Ordering::Equal => rank[v].clamp(lo, hi),
            };
            if want != rank[v] {
                rank[v] = want;
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
}
