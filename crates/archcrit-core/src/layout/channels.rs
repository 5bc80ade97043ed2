//! An orthogonal router over a sparse grid: the columns and rows just
//! outside the boxes around a link, the middles of the channels between
//! them and the link's own ends, searched by A* that charges for every
//! bend. A route found here never enters a box, and the grid stays small
//! however far apart the ends are, so a link routed alone (touching a
//! pinned box, or after an edit) goes round what is in its way. Besides
//! the next grid line, a step may slide straight on towards the goal's row
//! or column until a box is in the way: open stretches cost one state.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::collections::hash_map::Entry;

use super::Rect;
use super::grid::{Index, simplify};
use rustc_hash::FxHashMap as FastMap;

/// A bend costs as much as this many cells of line.
const BEND: u32 = 6;
/// Grid points a window may hold (states are kept only once reached, so
/// this bounds the index arithmetic, not the memory).
const MAX_NODES: usize = 1 << 28;

/// States the router may take off its queue: in all, and per search; and
/// the memory its searches reuse, one after another.
#[derive(Debug, Default)]
pub(super) struct Budget {
    pub left: usize,
    pub per_search: usize,
    scratch: Scratch,
}

impl Budget {
    pub fn new(left: usize, per_search: usize) -> Self {
        Budget { left, per_search, scratch: Scratch::default() }
    }
}

/// A search's working memory, kept between searches so each does not
/// allocate its own.
#[derive(Debug, Default)]
struct Scratch {
    /// Per state (node * 4 + direction): cost so far and the state before.
    seen: FastMap<u32, (u32, u32)>,
    queue: BinaryHeap<Reverse<u64>>,
    xs: Vec<i32>,
    ys: Vec<i32>,
    marks: Vec<bool>,
}
/// The heuristic counts this many times over: searches head for the goal
/// and settle for a route a little longer than the shortest. At 1,000
/// components with 300 pins, 2 takes about 4x the states of 8 (every link
/// routed round the boxes either way).
const GREED: u32 = 8;

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

/// The search stopped for want of states: the link had better take a
/// simple shape than spend more searching from its other sides.
#[derive(Debug)]
pub(super) struct Spent;

/// The shortest route with few bends from `ends.start` to `ends.goal`
/// inside `window`, touching no box of `index`. Each state taken off the
/// queue spends one from `budget`. `Ok(None)` when the ends lie in a box,
/// the window is too large or no route exists there; `Err(Spent)` when
/// the search ran out of states.
pub(super) fn route(
    index: &Index,
    ends: &Ends,
    window: Rect,
    budget: &mut Budget,
) -> Result<Option<Vec<(i32, i32)>>, Spent> {
    // One search may not spend the whole budget: a goal that cannot be
    // reached would otherwise leave nothing for the links after it.
    let cap = budget.left.min(budget.per_search);
    let mut left = cap;
    let found = search(index, ends, window, &mut left, &mut budget.scratch);
    budget.left -= cap - left;
    match found {
        None if left == 0 => Err(Spent),
        found => Ok(found),
    }
}

fn search(
    index: &Index,
    ends: &Ends,
    window: Rect,
    budget: &mut usize,
    scratch: &mut Scratch,
) -> Option<Vec<(i32, i32)>> {
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

    let Scratch { seen, queue: heap, xs, ys, marks } = scratch;
    xs.clear();
    ys.clear();
    xs.extend([start.0, goal.0, window.x, window.right() - 1]);
    ys.extend([start.1, goal.1, window.y, window.bottom() - 1]);
    index.edges_within(&window, xs, ys);
    axis(xs, window.x, window.right() - 1, marks);
    axis(ys, window.y, window.bottom() - 1, marks);
    let (xs, ys) = (&xs[..], &ys[..]);
    let (w, h) = (xs.len(), ys.len());
    if w * h > MAX_NODES {
        return None;
    }
    let (si, sj) = (xs.binary_search(&start.0).ok()?, ys.binary_search(&start.1).ok()?);
    let (gi, gj) = (xs.binary_search(&goal.0).ok()?, ys.binary_search(&goal.1).ok()?);
    let node = |i: usize, j: usize| (j * w + i) as u32;
    seen.clear();
    heap.clear();
    let heuristic = |i: usize, j: usize| {
        let (x, y) = (xs[i], ys[j]);
        x.abs_diff(goal.0) + y.abs_diff(goal.1) + if x != goal.0 && y != goal.1 { BEND } else { 0 }
    };
    let first = node(si, sj) * 4 + leave as u32;
    seen.insert(first, (0, u32::MAX));
    // Queue keys: the estimate in the high half, the state in the low one.
    let key = |f: u32, state: u32| Reverse((u64::from(f) << 32) | u64::from(state));
    heap.push(key(GREED * heuristic(si, sj), first));
    while let Some(Reverse(k)) = heap.pop() {
        let state = k as u32;
        let (n, d) = ((state / 4) as usize, (state % 4) as usize);
        let (i, j) = (n % w, n / w);
        let c = seen.get(&state).map_or(0, |s| s.0);
        // A state reached again more cheaply since: not a state taken.
        if (k >> 32) as u32 > c + GREED * heuristic(i, j) {
            continue;
        }
        if *budget == 0 {
            return None;
        }
        *budget -= 1;
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
            let slot = match seen.entry(ns) {
                Entry::Occupied(e) if e.get().0 <= nc => continue,
                slot => slot,
            };
            if index.segment_blocked(a, b) {
                continue;
            }
            slot.insert_entry((nc, state));
            // Slide on towards the goal's column (or row) as far as no box
            // is in the way. The next line is queued only when there is
            // no slide past it: a route turns there from elsewhere, or
            // at the slide's end (at 1,000 components with 300 pins this
            // takes a sixth fewer states, every link still routed).
            let next = key(nc + GREED * heuristic(ni, nj), ns);
            let (step, toward) = if *dx != 0 { (b.0, goal.0) } else { (b.1, goal.1) };
            let ahead = toward - step;
            let run = if ahead.signum() == dx + dy { index.free_run(b, (*dx, *dy), ahead.abs()) } else { 0 };
            let far = (b.0 + dx * run, b.1 + dy * run);
            let (Ok(fi), Ok(fj)) = (xs.binary_search(&far.0), ys.binary_search(&far.1)) else {
                heap.push(next);
                continue;
            };
            let fc = nc + run.unsigned_abs();
            let fs = node(fi, fj) * 4 + nd as u32;
            let slot = match seen.entry(fs) {
                _ if run == 0 => None,
                Entry::Occupied(e) if e.get().0 <= fc => None,
                slot => Some(slot),
            };
            match slot {
                Some(slot) => {
                    slot.insert_entry((fc, ns));
                    heap.push(key(fc + GREED * heuristic(fi, fj), fs));
                }
                None => heap.push(next),
            }
        }
    }
    None
}

/// Turns `v` into the sorted, distinct coordinates within `lo..=hi`, with
/// the middle of every wide gap added so routes can run down the middle of
/// a channel. Marks cells (in `present`) rather than sorting: a window
/// holds many more box edges than it is wide.
fn axis(v: &mut Vec<i32>, lo: i32, hi: i32, present: &mut Vec<bool>) {
    present.clear();
    present.resize((hi - lo + 1).max(0) as usize, false);
    for c in v.drain(..).filter(|c| (lo..=hi).contains(c)) {
        present[(c - lo) as usize] = true;
    }
    let out = v;
    let mut last: Option<i32> = None;
    for (k, _) in present.iter().enumerate().filter(|(_, p)| **p) {
        let c = lo + k as i32;
        if let Some(prev) = last
            && c - prev >= 4
        {
            out.push((prev + c) / 2);
        }
        out.push(c);
        last = Some(c);
    }
}
