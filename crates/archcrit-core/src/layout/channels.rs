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

use super::Rect;
use super::grid::{Index, simplify};
use rustc_hash::FxHashMap as FastMap;
use std::collections::hash_map::Entry;

/// A bend costs as much as this many cells of line.
const BEND: u32 = 6;
/// Grid points a window may hold (states are kept only once reached, so
/// this bounds the index arithmetic, not the memory).
const MAX_NODES: usize = 1 << 28;

/// States the router may take off its queue: in all, and per search.
#[derive(Debug, Default)]
pub(super) struct Budget {
    pub left: usize,
    pub per_search: usize,
}

impl Budget {
    pub fn new(left: usize, per_search: usize) -> Self {
        Budget { left, per_search }
    }
}

thread_local! {
    /// The searches' memory, kept per thread from one search (and one
    /// layout) to the next, so a search allocates only the route it returns.
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// A search's working memory.
#[derive(Debug, Default)]
struct Scratch {
    seen: Seen,
    queue: BinaryHeap<Reverse<u64>>,
    xs: Vec<i32>,
    ys: Vec<i32>,
    /// Which columns (rows) of the window are grid lines, and the index of
    /// each in `xs` (`ys`): where a slide stops is then one look-up.
    x_at: Marks,
    y_at: Marks,
    /// The usable ends of the search in progress, and its goals' states
    /// with what reaching each costs extra.
    starts: Vec<End>,
    goals: Vec<End>,
    goal_states: Vec<(u32, u32)>,
}

/// No state before (the start).
const NONE: u32 = u32::MAX;

/// Per state (node * 4 + direction) reached: cost so far and the state
/// before. A hash map rather than a table per window: a search reaches a
/// few hundred of a window's many thousand states, and the table's misses
/// cost more than the hashing (measured at 1,000 components with pins).
#[derive(Debug, Default)]
struct Seen {
    states: FastMap<u32, (u32, u32)>,
}

impl Seen {
    fn start(&mut self) {
        self.states.clear();
    }

    fn get(&self, state: u32) -> Option<(u32, u32)> {
        self.states.get(&state).map(|&(cost, prev)| (cost & !CLOSED, prev))
    }

    /// Records `state` at `cost` when that beats what is known of it and
    /// it has not been taken off the queue yet.
    fn improve(&mut self, state: u32, cost: u32, prev: u32) -> bool {
        match self.states.entry(state) {
            Entry::Occupied(mut known) if known.get().0 & CLOSED == 0 && cost < known.get().0 => {
                known.insert((cost, prev));
                true
            }
            Entry::Occupied(_) => false,
            Entry::Vacant(slot) => {
                slot.insert((cost, prev));
                true
            }
        }
    }

    /// Marks `state` taken off the queue and returns its cost and the state
    /// before: its first time (the cheapest, as the queue is ordered) is
    /// the only one expanded, so a later time returns `None`.
    fn close(&mut self, state: u32) -> Option<(u32, u32)> {
        match self.states.get_mut(&state) {
            Some(known) if known.0 & CLOSED == 0 => {
                let open = *known;
                known.0 |= CLOSED;
                Some(open)
            }
            _ => None,
        }
    }

    /// Records `state` at `cost` when that beats what is known of it, it
    /// has not been taken off the queue yet and `clear` (asked only then:
    /// it looks at the boxes) says the way there is open. One look-up of
    /// the map where a check and an update took two.
    fn improve_if(&mut self, state: u32, cost: u32, prev: u32, clear: impl FnOnce() -> bool) -> bool {
        match self.states.entry(state) {
            Entry::Occupied(mut known) => {
                let open = known.get().0 & CLOSED == 0 && cost < known.get().0;
                if open && clear() {
                    known.insert((cost, prev));
                    return true;
                }
                false
            }
            Entry::Vacant(slot) => {
                if clear() {
                    slot.insert((cost, prev));
                    return true;
                }
                false
            }
        }
    }
}

/// The bit of a state's cost that says it was taken off the queue (costs
/// stay far below it: a window is at most a few thousand cells across).
const CLOSED: u32 = 1 << 31;

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

/// One place a route may start (leaving in `dir`, away from its box) or
/// end (arriving in `dir`, into its box), and what using it costs on top
/// of the route's length: a box's preferred side costs nothing, its others
/// a few bends' worth.
#[derive(Debug, Clone, Copy)]
pub(super) struct End {
    pub at: (i32, i32),
    pub dir: usize,
    pub cost: u32,
}

/// Where a route may start and end: one search from every start towards
/// every goal, so a box walled in on its preferred side costs one search,
/// not one per pairing of sides.
#[derive(Debug, Clone, Default)]
pub(super) struct Ends {
    pub starts: Vec<End>,
    pub goals: Vec<End>,
}

/// The search stopped for want of states: the link had better take a
/// simple shape than spend more searching.
#[derive(Debug)]
pub(super) struct Spent;

/// The cheapest route with few bends from one of `ends.starts` to one of
/// `ends.goals` inside `window`, touching no box of `index`. Each state
/// taken off the queue spends one from `budget`. `Ok(None)` when every end
/// lies in a box, the window is too large or no route exists there;
/// `Err(Spent)` when the search ran out of states.
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
    let found = SCRATCH.with_borrow_mut(|scratch| search(index, ends, window, &mut left, scratch));
    budget.left -= cap - left;
    match found {
        None if left == 0 => Err(Spent),
        found => Ok(found),
    }
}

/// A state's number for a search in progress that has found a goal: the
/// best goal's state is kept aside and taken when nothing cheaper is left.
const FINISH: u32 = u32::MAX - 1;

fn search(
    index: &Index,
    ends: &Ends,
    window: Rect,
    budget: &mut usize,
    scratch: &mut Scratch,
) -> Option<Vec<(i32, i32)>> {
    // An end is usable when it and the cell next to it (the first or last
    // a route passes) are free.
    let open = |e: &&End, sign: i32| {
        let (dx, dy) = STEP[e.dir];
        let next = (e.at.0 + sign * dx, e.at.1 + sign * dy);
        window.contains(e.at.0, e.at.1) && !index.blocked(e.at.0, e.at.1) && !index.blocked(next.0, next.1)
    };
    let Scratch { seen, queue: heap, xs, ys, x_at, y_at, starts, goals, goal_states } = scratch;
    starts.clear();
    goals.clear();
    starts.extend(ends.starts.iter().filter(|e| open(e, 1)).copied());
    goals.extend(ends.goals.iter().filter(|e| open(e, -1)).copied());
    if *budget == 0 || starts.is_empty() || goals.is_empty() {
        return None;
    }

    // Grid lines: the window's sides, the ends, and the columns and rows
    // just outside every box in the window.
    x_at.reset(window.x, window.w);
    y_at.reset(window.y, window.h);
    for (x, y) in [(window.x, window.y), (window.right() - 1, window.bottom() - 1)] {
        x_at.mark(x);
        y_at.mark(y);
    }
    for e in starts.iter().chain(goals.iter()) {
        x_at.mark(e.at.0);
        y_at.mark(e.at.1);
    }
    index.boxes_within(&window, |b| {
        x_at.mark(b.x - 1);
        x_at.mark(b.right());
        y_at.mark(b.y - 1);
        y_at.mark(b.bottom());
    });
    x_at.lines(xs);
    y_at.lines(ys);
    let (xs, ys, x_at, y_at) = (&xs[..], &ys[..], &*x_at, &*y_at);
    let (w, h) = (xs.len(), ys.len());
    if w * h > MAX_NODES {
        return None;
    }
    let node = |(x, y): (i32, i32)| -> Option<u32> {
        let (i, j) = (x_at.line(x)?, y_at.line(y)?);
        Some((j * w + i) as u32)
    };
    // Goals by state (node and the direction they must be reached in).
    goal_states.clear();
    goal_states.extend(goals.iter().filter_map(|g| Some((node(g.at)? * 4 + g.dir as u32, g.cost))));
    seen.start();
    heap.clear();
    let heuristic = |i: usize, j: usize| {
        let (x, y) = (xs[i], ys[j]);
        goals
            .iter()
            .map(|g| {
                let bend = if x != g.at.0 && y != g.at.1 { BEND } else { 0 };
                x.abs_diff(g.at.0) + y.abs_diff(g.at.1) + bend + g.cost
            })
            .min()
            .unwrap_or(0)
    };
    // Queue keys: the estimate in the high half, the state in the low one.
    let key = |f: u32, state: u32| Reverse((u64::from(f) << 32) | u64::from(state));
    for s in starts.iter() {
        let Some(n) = node(s.at) else { continue };
        let state = n * 4 + s.dir as u32;
        if seen.improve(state, s.cost, NONE) {
            let (i, j) = ((n as usize) % w, (n as usize) / w);
            heap.push(key(s.cost + GREED * heuristic(i, j), state));
        }
    }
    // The goal state reached most cheaply so far, with its cost and extra.
    let mut finish: Option<(u32, u32)> = None;
    while let Some(Reverse(k)) = heap.pop() {
        let state = k as u32;
        if state == FINISH {
            let (_, at) = finish?;
            return Some(trace(at, seen, xs, ys));
        }
        let (n, d) = ((state / 4) as usize, (state % 4) as usize);
        let (i, j) = (n % w, n / w);
        // A state queued again when reached more cheaply: only its first
        // (cheapest) time off the queue counts.
        let Some((c, before)) = seen.close(state) else {
            continue;
        };
        if *budget == 0 {
            return None;
        }
        *budget -= 1;
        if let Some(&(_, extra)) = goal_states.iter().find(|g| g.0 == state) {
            if extra == 0 {
                return Some(trace(state, seen, xs, ys));
            }
            // A goal on a side the target would rather not be entered by:
            // taken once nothing on the queue promises less.
            if finish.is_none_or(|(total, _)| c + extra < total) {
                finish = Some((c + extra, state));
                heap.push(key(c + extra, FINISH));
            }
            continue;
        }
        // Slides head for the goal nearest this state.
        let (x, y) = (xs[i], ys[j]);
        let goal = goals.iter().min_by_key(|g| g.at.0.abs_diff(x) + g.at.1.abs_diff(y)).map_or((x, y), |g| g.at);
        for (nd, (dx, dy)) in STEP.iter().enumerate() {
            // No turning back on a line just drawn.
            if nd == d ^ 1 && before != NONE {
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
            let ns = (nj * w + ni) as u32 * 4 + nd as u32;
            if !seen.improve_if(ns, nc, state, || !index.segment_blocked(a, b)) {
                continue;
            }
            // Slide on towards the nearest goal's column (or row) as far as
            // no box is in the way. The next line is queued only when there
            // is no slide past it: a route turns there from elsewhere, or
            // at the slide's end (at 1,000 components with 300 pins this
            // takes a sixth fewer states, every link still routed).
            let (step, toward) = if *dx != 0 { (b.0, goal.0) } else { (b.1, goal.1) };
            let ahead = toward - step;
            let run = if ahead.signum() == dx + dy { index.free_run(b, (*dx, *dy), ahead.abs()) } else { 0 };
            let far = (b.0 + dx * run, b.1 + dy * run);
            let fs = (run != 0).then(|| node(far)).flatten().map(|f| f * 4 + nd as u32);
            let fc = nc + run.unsigned_abs();
            match fs {
                Some(fs) if seen.improve(fs, fc, ns) => {
                    let f = fs as usize / 4;
                    heap.push(key(fc + GREED * heuristic(f % w, f / w), fs));
                }
                _ => heap.push(key(nc + GREED * heuristic(ni, nj), ns)),
            }
        }
    }
    finish.map(|(_, at)| trace(at, seen, xs, ys))
}

/// The points of the route ending in `state`, from its start.
fn trace(state: u32, seen: &Seen, xs: &[i32], ys: &[i32]) -> Vec<(i32, i32)> {
    let w = xs.len();
    let at = |s: u32| {
        let n = (s / 4) as usize;
        (xs[n % w], ys[n / w])
    };
    let mut points = vec![at(state)];
    let mut s = state;
    while let Some((_, prev)) = seen.get(s)
        && prev != NONE
    {
        s = prev;
        points.push(at(s));
    }
    points.reverse();
    simplify(points)
}

/// The cells of one axis of a window that are grid lines, one bit each,
/// with the number of lines before each word of bits: whether a cell is a
/// line, and which, costs one word and a population count. A window may be
/// a thousand cells wide for a few hundred lines, and hold many more box
/// edges than lines; bits keep building it close to proportional to the
/// edges (a table of one index per cell, filled from a list of the edges,
/// cost a fifth of a full layout at 1,000 components with pins).
#[derive(Debug, Default)]
struct Marks {
    /// The window's first cell.
    from: i32,
    bits: Vec<u64>,
    before: Vec<u32>,
}

impl Marks {
    /// Clears the marks for a window of `cells` from `from`.
    fn reset(&mut self, from: i32, cells: i32) {
        self.from = from;
        self.bits.clear();
        self.bits.resize((cells.max(0) as usize).div_ceil(64), 0);
    }

    /// Marks `at` a grid line (nothing outside the window).
    fn mark(&mut self, at: i32) {
        if let Ok(cell) = usize::try_from(at - self.from)
            && let Some(word) = self.bits.get_mut(cell / 64)
        {
            *word |= 1 << (cell % 64);
        }
    }

    /// Adds the middle of every gap of 4 cells or more between marks, so
    /// routes can run down the middle of a channel; puts the lines in
    /// `out`, in order, and counts the lines before each word.
    fn lines(&mut self, out: &mut Vec<i32>) {
        out.clear();
        let mut last: Option<i32> = None;
        for k in 0..self.bits.len() {
            // A copy of the word: a middle marked below goes into the
            // array, never back into the word being walked.
            let mut word = self.bits[k];
            while word != 0 {
                let c = self.from + (k * 64) as i32 + word.trailing_zeros() as i32;
                word &= word - 1;
                if let Some(prev) = last
                    && c - prev >= 4
                {
                    let middle = (prev + c) / 2;
                    self.mark(middle);
                    out.push(middle);
                }
                out.push(c);
                last = Some(c);
            }
        }
        self.before.clear();
        let mut total = 0;
        for word in &self.bits {
            self.before.push(total);
            total += word.count_ones();
        }
    }

    /// The index among the lines of the line at `at`, if it is one.
    fn line(&self, at: i32) -> Option<usize> {
        let cell = usize::try_from(at - self.from).ok()?;
        let (word, bit) = (*self.bits.get(cell / 64)?, cell % 64);
        (word >> bit & 1 == 1).then(|| (self.before[cell / 64] + (word & ((1 << bit) - 1)).count_ones()) as usize)
    }
}
