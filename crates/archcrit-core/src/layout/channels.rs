//! An orthogonal router over a sparse grid: the columns and rows just
//! outside the boxes around a link, the middles of the channels between
//! them and the link's own ends, searched by A* that charges for every
//! bend. A route found here never enters a box, and the grid stays small
//! however far apart the ends are, so a link routed alone (touching a
//! pinned box, or after an edit) goes round what is in its way.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::Rect;
use super::grid::{Index, simplify};
use rustc_hash::FxHashMap as FastMap;

/// A bend costs as much as this many cells of line.
const BEND: u32 = 6;
/// Grid points a window may hold (states are kept only once reached, so
/// this bounds the index arithmetic, not the memory).
const MAX_NODES: usize = 1 << 28;

/// States one search may take off its queue.
const MAX_POPS: usize = 4_000;
/// The heuristic counts this many times over: searches head for the goal
/// and settle for a route a little longer than the shortest.
const GREED: u32 = 2;

/// Directions of travel, by index: right, left, down, up.
pub(super) const RIGHT: usize = 0;
pub(super) const LEFT: usize = 1;
pub(super) const DOWN: usize = 2;
pub(super) const UP: usize = 3;
const STEP: [(i32, i32); 4] = [(1, 0), (-1, 0), (0, 1), (0, -1)];

/// Where a route starts and ends, and the direction it leaves its start
/// and arrives at its end in (away from the source box, into the target).
#[derive(Debug, Clone, Copy)]
pub(super) struct Ends {
    pub start: (i32, i32),
    pub leave: usize,
    pub goal: (i32, i32),
    pub arrive: usize,
}

/// The shortest route with few bends from `ends.start` to `ends.goal`
/// inside `window`, touching no box of `index`. Each state taken off the
/// queue spends one from `budget`. `None` when the ends lie in a box, the
/// window is too large, the budget runs out or no route exists there.
pub(super) fn route(index: &Index, ends: &Ends, window: Rect, budget: &mut usize) -> Option<Vec<(i32, i32)>> {
    // One search may not spend the whole budget: a goal that cannot be
    // reached would otherwise leave nothing for the links after it.
    let cap = (*budget).min(MAX_POPS);
    let mut left = cap;
    let found = search(index, ends, window, &mut left);
    *budget -= cap - left;
    found
}

fn search(index: &Index, ends: &Ends, window: Rect, budget: &mut usize) -> Option<Vec<(i32, i32)>> {
    let Ends { start, leave, goal, arrive } = *ends;
    // The cells a route must pass first and last: its ends, the one after
    // the start and the one before the goal.
    let (out, into) = (STEP[leave], STEP[arrive]);
    let walled = [start, goal, (start.0 + out.0, start.1 + out.1), (goal.0 - into.0, goal.1 - into.1)]
        .iter()
        .any(|&(x, y)| index.blocked(x, y));
    if *budget == 0 || walled {
        return None;
    }

    let rects = index.rects();
    let mut xs = vec![start.0, goal.0, window.x, window.right() - 1];
    let mut ys = vec![start.1, goal.1, window.y, window.bottom() - 1];
    for i in index.within(&window) {
        let r = rects[i];
        xs.extend([r.x - 1, r.right()]);
        ys.extend([r.y - 1, r.bottom()]);
    }
    let xs = axis(xs, window.x, window.right() - 1);
    let ys = axis(ys, window.y, window.bottom() - 1);
    let (w, h) = (xs.len(), ys.len());
    if w * h > MAX_NODES {
        return None;
    }
    let (si, sj) = (xs.binary_search(&start.0).ok()?, ys.binary_search(&start.1).ok()?);
    let (gi, gj) = (xs.binary_search(&goal.0).ok()?, ys.binary_search(&goal.1).ok()?);
    let node = |i: usize, j: usize| (j * w + i) as u32;
    // Per state (node * 4 + direction): cost so far and the state before.
    let mut seen: FastMap<u32, (u32, u32)> = FastMap::default();
    let heuristic = |i: usize, j: usize| {
        let (x, y) = (xs[i], ys[j]);
        x.abs_diff(goal.0) + y.abs_diff(goal.1) + if x != goal.0 && y != goal.1 { BEND } else { 0 }
    };
    let mut heap = BinaryHeap::new();
    let first = node(si, sj) * 4 + leave as u32;
    seen.insert(first, (0, u32::MAX));
    heap.push(Reverse((GREED * heuristic(si, sj), 0u32, first)));
    while let Some(Reverse((_, c, state))) = heap.pop() {
        if *budget == 0 {
            return None;
        }
        *budget -= 1;
        if seen.get(&state).is_some_and(|s| c > s.0) {
            continue;
        }
        let (n, d) = ((state / 4) as usize, (state % 4) as usize);
        let (i, j) = (n % w, n / w);
        if (i, j) == (gi, gj) && d == arrive {
            let mut points = vec![(xs[i], ys[j])];
            let mut s = state;
            while let Some(&(_, prev)) = seen.get(&s)
                && prev != u32::MAX
            {
                s = prev;
                let m = (s / 4) as usize;
                points.push((xs[m % w], ys[m / w]));
            }
            points.reverse();
            return Some(simplify(points));
        }
        for (nd, (dx, dy)) in STEP.iter().enumerate() {
            // No turning back on a line just drawn.
            if nd == d ^ 1 && state != first {
                continue;
            }
            let (Some(ni), Some(nj)) = (i.checked_add_signed(*dx as isize), j.checked_add_signed(*dy as isize)) else {
                continue;
            };
            if ni >= w || nj >= h {
                continue;
            }
            let (a, b) = ((xs[i], ys[j]), (xs[ni], ys[nj]));
            let length = a.0.abs_diff(b.0) + a.1.abs_diff(b.1);
            let nc = c + length + if nd != d { BEND } else { 0 };
            let ns = node(ni, nj) * 4 + nd as u32;
            if seen.get(&ns).is_some_and(|s| s.0 <= nc) {
                continue;
            }
            // Both ends are free cells, so only the cells between can hit
            // a box.
            if index.blocked(b.0, b.1) || index.segment_blocked(a, b) {
                continue;
            }
            seen.insert(ns, (nc, state));
            heap.push(Reverse((nc + GREED * heuristic(ni, nj), nc, ns)));
        }
    }
    None
}

/// The sorted, distinct coordinates within `lo..=hi`, with the middle of
/// every wide gap added so routes can run down the middle of a channel.
fn axis(mut v: Vec<i32>, lo: i32, hi: i32) -> Vec<i32> {
    v.retain(|c| (lo..=hi).contains(c));
    v.sort_unstable();
    v.dedup();
    let middles: Vec<i32> = v.windows(2).filter(|p| p[1] - p[0] >= 4).map(|p| (p[0] + p[1]) / 2).collect();
    v.extend(middles);
    v.sort_unstable();
    v
}
