//! Nudging (issue 14): after routing, lines of different links that run
//! along the same cells, or where one ends or turns on the other, are
//! moved apart to the nearest free parallel track, so no line reads as a
//! branch of another box's link.
//!
//! The drawing merges lines that share a cell into one glyph: two links
//! running along the same row show as one line, and a line that ends or
//! turns on another shows a tee, so a reader follows the wrong link. A
//! crossing where both lines run straight through (`┼`) reads correctly
//! and stays. Links leaving one box (same `from`) or entering one box
//! (same `to`) may share cells: that bus reads as one port fanning out or
//! in. A line running along a box's side next to another link's end cell
//! touches that arrow and reads as part of it, so it counts too.

use std::collections::{BTreeMap, BTreeSet};

use super::grid::Index;
use super::{Rect, Route};

/// The farthest a segment moves to clear another link, in cells: beyond
/// that the line wanders far from where the router put it.
const REACH: i32 = 8;
/// Passes over all routes for each kind of move: a move can free or block
/// the track another route wants, and a later pass sees it.
const PASSES: usize = 2;

/// What a line sharing cells with another link costs (it reads as one
/// line, or as a branch of it), and what a line running beside another
/// link's end along a box side costs (it touches that arrow).
const SHARE: usize = 4;
const GUARD: usize = 2;
/// What a move pays for each crossing it adds: trading a shared run for a
/// crossing or two is worth it, for many it is not.
const CROSS: usize = 2;
/// Segments weighed and grid lines looked across in one layout, at most
/// (about 0.12 us each at 1,000 components): some 2.5 ms, within the full
/// layout's 30 ms at 1,000 and an edit's 3 ms at 200 (below `SETTLE_LIMIT`
/// an edit lays the design out afresh). Clearing every join took 14,000
/// at 100 components, 213,000 at 300 and 29 million at 1,000 with 316
/// pins (many links there drawn across boxes, which nothing clears).
const WORK: usize = 20_000;
/// Above this many links the work cap runs out before a pass clears much
/// (at 300 components, 400 links, nothing moves) while building the index
/// of every route's cells still costs a seventh of a 1,000-component
/// layout's 30 ms budget: designs drawn by hand are far smaller.
const MOST_ROUTES: usize = 300;

type Cell = (i32, i32);

/// Every route's cells, to ask which other links a line touches.
#[derive(Default)]
struct Drawn {
    /// row -> (left, right, route) of horizontal segments.
    rows: BTreeMap<i32, Vec<(i32, i32, usize)>>,
    /// column -> (top, bottom, route) of vertical segments.
    cols: BTreeMap<i32, Vec<(i32, i32, usize)>>,
    /// Every end and turn, by (row, column) and by (column, row): a line
    /// passing over another's end or turn draws a tee there.
    points_by_row: BTreeSet<(i32, i32, usize)>,
    points_by_col: BTreeSet<(i32, i32, usize)>,
    /// Cells beside an end cell along its box's side, where a line running
    /// along the side would touch the end: (row, column) for horizontal
    /// lines, (column, row) for vertical ones.
    guards_by_row: BTreeSet<(i32, i32, usize)>,
    guards_by_col: BTreeSet<(i32, i32, usize)>,
    /// Segments weighed and grid lines looked across so far: the work
    /// `WORK` bounds.
    work: std::cell::Cell<usize>,
}

/// The segments of a polyline as (horizontal, line, low, high): the row or
/// column it runs on and the span along it. Zero-length ones are dropped.
fn segments(points: &[Cell]) -> impl Iterator<Item = (bool, i32, i32, i32)> + '_ {
    points.windows(2).filter(|w| w[0] != w[1]).map(|w| {
        let (a, b) = (w[0], w[1]);
        if a.1 == b.1 { (true, a.1, a.0.min(b.0), a.0.max(b.0)) } else { (false, a.0, a.1.min(b.1), a.1.max(b.1)) }
    })
}

/// The guard cells of a route's two ends: (lines along rows?, cell).
fn guards(points: &[Cell]) -> Vec<(bool, Cell)> {
    let mut out = Vec::with_capacity(4);
    let n = points.len();
    if n < 2 {
        return out;
    }
    for (end, next) in [(points[0], points[1]), (points[n - 1], points[n - 2])] {
        if end.1 == next.1 {
            // Arriving along a row: a column passing just above or below.
            out.push((false, (end.0, end.1 - 1)));
            out.push((false, (end.0, end.1 + 1)));
        } else {
            out.push((true, (end.0 - 1, end.1)));
            out.push((true, (end.0 + 1, end.1)));
        }
    }
    out
}

impl Drawn {
    fn add(&mut self, r: usize, points: &[Cell]) {
        for (horizontal, line, lo, hi) in segments(points) {
            let map = if horizontal { &mut self.rows } else { &mut self.cols };
            map.entry(line).or_default().push((lo, hi, r));
        }
        for &(x, y) in points {
            self.points_by_row.insert((y, x, r));
            self.points_by_col.insert((x, y, r));
        }
        for (along_row, (x, y)) in guards(points) {
            if along_row {
                self.guards_by_row.insert((y, x, r));
            } else {
                self.guards_by_col.insert((x, y, r));
            }
        }
    }

    fn remove(&mut self, r: usize, points: &[Cell]) {
        for (horizontal, line, _, _) in segments(points) {
            let map = if horizontal { &mut self.rows } else { &mut self.cols };
            if let Some(list) = map.get_mut(&line) {
                list.retain(|s| s.2 != r);
            }
        }
        for &(x, y) in points {
            self.points_by_row.remove(&(y, x, r));
            self.points_by_col.remove(&(x, y, r));
        }
        for (along_row, (x, y)) in guards(points) {
            if along_row {
                self.guards_by_row.remove(&(y, x, r));
            } else {
                self.guards_by_col.remove(&(x, y, r));
            }
        }
    }

    /// How many times the segments of `points` (part of route `me`'s
    /// line, drawn or proposed) touch links it may not share cells with
    /// (`apart(j)`): run along them, end or turn on them or have them end
    /// or turn on it, or run beside their ends along a box side. Summed
    /// per segment, so a move is weighed on the segments it changes.
    fn touches(&self, me: usize, points: &[Cell], apart: &impl Fn(usize) -> bool) -> usize {
        let mut n = 0;
        self.touching(me, points, apart, &mut |_, weight| n += weight);
        n
    }

    /// As `touches`, telling `note` each link touched and the weight.
    fn touching(
        &self,
        me: usize,
        points: &[Cell],
        apart: &impl Fn(usize) -> bool,
        note: &mut impl FnMut(usize, usize),
    ) {
        let other = |j: usize| j != me && apart(j);
        for (horizontal, line, lo, hi) in segments(points) {
            self.work.set(self.work.get() + 1);
            let (same, across, pts, grd) = if horizontal {
                (&self.rows, &self.cols, &self.points_by_row, &self.guards_by_row)
            } else {
                (&self.cols, &self.rows, &self.points_by_col, &self.guards_by_col)
            };
            for &(a, b, j) in same.get(&line).into_iter().flatten() {
                if a <= hi && lo <= b && other(j) {
                    note(j, SHARE);
                }
            }
            for p in pts.range((line, lo, 0)..=(line, hi, usize::MAX)).filter(|p| other(p.2)) {
                note(p.2, SHARE);
            }
            for p in grd.range((line, lo, 0)..=(line, hi, usize::MAX)).filter(|p| other(p.2)) {
                note(p.2, GUARD);
            }
            // This segment's own ends (turns or ends of `me`) on another
            // link's line across.
            for end in [lo, hi] {
                for &(a, b, j) in across.get(&end).into_iter().flatten() {
                    if a <= line && line <= b && other(j) {
                        note(j, SHARE);
                    }
                }
            }
        }
    }

    /// Whether the work allowed one layout is done: the moves found so
    /// far stay, the rest of the joins with them.
    fn spent(&self) -> bool {
        self.work.get() >= WORK
    }

    fn touches_ends(&self, me: usize, points: &[Cell], apart: &impl Fn(usize) -> bool) -> usize {
        let mut n = 0;
        for (along_row, (x, y)) in guards(points) {
            let (map, line, at) = if along_row { (&self.rows, y, x) } else { (&self.cols, x, y) };
            let lines = map.get(&line).into_iter().flatten();
            n += GUARD * lines.filter(|&&(a, b, j)| a <= at && at <= b && j != me && apart(j)).count();
        }
        n
    }

    /// Where `points` (route `me`'s line) crosses other links' lines, both
    /// running straight through: harmless to read, but each one more makes
    /// the picture busier, so a move should not add many.
    fn crossings(&self, me: usize, points: &[Cell]) -> usize {
        segments(points).map(|(horizontal, line, lo, hi)| self.crossed_on(me, horizontal, line, lo + 1, hi - 1)).sum()
    }

    /// Other links' lines running straight across cells `from..=to` of a
    /// row (`horizontal`) or column `line`.
    fn crossed_on(&self, me: usize, horizontal: bool, line: i32, from: i32, to: i32) -> usize {
        if from > to {
            return 0;
        }
        let across = if horizontal { &self.cols } else { &self.rows };
        let mut n = 0;
        for (_, lines) in across.range(from..=to) {
            self.work.set(self.work.get() + 1);
            n += lines.iter().filter(|&&(a, b, j)| j != me && a < line && line < b).count();
        }
        n
    }

    /// `crossings(me, new) - crossings(me, old)` for two versions of a
    /// piece of line: a segment on the same line in both (a neighbour of a
    /// moved segment, longer or shorter) is weighed on the cells it gained
    /// or lost only, since a long run costs much to count whole.
    fn crossings_change(&self, me: usize, old: &[Cell], new: &[Cell]) -> isize {
        let olds: Vec<_> = segments(old).collect();
        let mut matched = vec![false; olds.len()];
        let mut change = 0isize;
        let count = |h, line, from, to| self.crossed_on(me, h, line, from, to) as isize;
        for (h, line, lo, hi) in segments(new) {
            let (a2, b2) = (lo + 1, hi - 1);
            let same = (0..olds.len()).find(|&i| !matched[i] && olds[i].0 == h && olds[i].1 == line);
            let Some(i) = same else {
                change += count(h, line, a2, b2);
                continue;
            };
            matched[i] = true;
            let (a1, b1) = (olds[i].2 + 1, olds[i].3 - 1);
            // Cells inside one interior and not the other, either side.
            change += count(h, line, a2, b2.min(a1 - 1)) + count(h, line, a2.max(b1 + 1), b2);
            change -= count(h, line, a1, b1.min(a2 - 1)) + count(h, line, a1.max(b2 + 1), b1);
        }
        for (i, &(h, line, lo, hi)) in olds.iter().enumerate() {
            if !matched[i] {
                change -= count(h, line, lo + 1, hi - 1);
            }
        }
        change
    }
}

/// The outward direction of the side of `r` that `p` lies just outside
/// of, if any.
fn side_of(p: Cell, r: &Rect) -> Option<Cell> {
    let (in_rows, in_cols) = ((r.y..r.bottom()).contains(&p.1), (r.x..r.right()).contains(&p.0));
    if in_rows && p.0 == r.x - 1 {
        Some((-1, 0))
    } else if in_rows && p.0 == r.right() {
        Some((1, 0))
    } else if in_cols && p.1 == r.y - 1 {
        Some((0, -1))
    } else if in_cols && p.1 == r.bottom() {
        Some((0, 1))
    } else {
        None
    }
}

/// Whether an end cell on a side of `r` lies beside one of its corners:
/// the line then meets the corner glyph rather than the side.
fn at_corner(p: Cell, r: &Rect) -> bool {
    match side_of(p, r) {
        Some((_, 0)) => r.h >= 3 && (p.1 == r.y || p.1 == r.bottom() - 1),
        Some(_) => p.0 == r.x || p.0 == r.right() - 1,
        None => false,
    }
}

/// A line beside a corner of its box rather than mid-side, when a port
/// slides there: worse than touching another link's end (`GUARD`), better
/// than sharing its cells (`SHARE`).
const CORNER_SLIDE: usize = 3;
/// A line whose end moves along its own run to a cell beside a corner: its
/// shape stays, only its end cell changes.
const CORNER_TRIM: usize = 1;

/// One way to move part of a route: segment `k` moved `d` cells sideways,
/// or (`trim`) the end of segment `k` at the route's end moved `d` cells
/// along it.
#[derive(Clone, Copy)]
struct Move {
    k: usize,
    d: i32,
    trim: bool,
}

/// Route `points` after `m`, and what the move costs besides the touches
/// it leaves (ends beside a corner). For a shift, the segments either side
/// are lengthened or shortened, and an end stays on its box's side: a
/// segment running along the side moves outwards only and gains a stub
/// from the end cell; a segment leaving the side slides its end along the
/// side, only when `slide` allows. A trim moves an end along its first or
/// last segment, staying on its side. `None` when the move is not allowed
/// or would fold the line back on itself.
fn moved(points: &[Cell], m: Move, ends: (&Rect, &Rect), slide: bool) -> Option<(Vec<Cell>, usize)> {
    let n = points.len();
    let (k, d) = (m.k, m.d);
    let (a, b) = (points[k], points[k + 1]);
    let mut out = Vec::with_capacity(n + 2);
    if m.trim {
        // Only an end running along its side can move along it.
        let (end, next, r, first) = if k == 0 { (a, b, ends.0, true) } else { (b, a, ends.1, false) };
        let out_dir = side_of(end, r)?;
        let u = ((next.0 - end.0).signum(), (next.1 - end.1).signum());
        if out_dir.0 * u.0 + out_dir.1 * u.1 != 0 {
            return None;
        }
        let q = (end.0 + u.0 * d, end.1 + u.1 * d);
        if side_of(q, r) != Some(out_dir) || q == next || (q.0 - next.0).signum() * u.0 < 0 && u.0 != 0 {
            return None;
        }
        if u.1 != 0 && (next.1 - q.1).signum() != u.1 {
            return None;
        }
        out.extend_from_slice(points);
        if first {
            out[0] = q;
        } else {
            out[n - 1] = q;
        }
        return Some((out, if at_corner(q, r) { CORNER_TRIM } else { 0 }));
    }
    let v = if a.1 == b.1 { (0, d) } else { (d, 0) };
    let shift = |p: Cell| (p.0 + v.0, p.1 + v.1);
    let mut cost = 0;
    // How an end moves: slid along its side, or kept with a stub out.
    let mut end_move = |p: Cell, r: &Rect| -> Option<(Cell, bool)> {
        let out = side_of(p, r)?;
        if out.0 * v.0 + out.1 * v.1 == 0 {
            let q = shift(p);
            if !slide || side_of(q, r) != Some(out) {
                return None;
            }
            if at_corner(q, r) {
                cost += CORNER_SLIDE;
            }
            Some((q, false))
        } else {
            (out.0 * v.0 + out.1 * v.1 > 0).then_some((shift(p), true))
        }
    };
    out.extend_from_slice(&points[..k]);
    if k == 0 {
        let (q, stub) = end_move(a, ends.0)?;
        if stub {
            out.push(a);
        }
        out.push(q);
    } else {
        out.push(shift(a));
    }
    if k + 2 == n {
        let (q, stub) = end_move(b, ends.1)?;
        out.push(q);
        if stub {
            out.push(b);
        }
    } else {
        out.push(shift(b));
    }
    out.extend_from_slice(&points[k + 2..]);
    if out.windows(2).any(|w| w[0] == w[1]) {
        return None;
    }
    Some((out, cost))
}

/// The points of a route of `n` points that move `m` changes, with one
/// unchanged point either side: the segments whose touches and crossings
/// it changes. In the moved route the last index is further by the points
/// the move added.
fn window(n: usize, m: Move) -> (usize, usize) {
    match (m.trim, m.k) {
        (true, 0) => (0, 1),
        (true, _) => (n - 2, n - 1),
        (false, k) => (k.saturating_sub(1), (k + 2).min(n - 1)),
    }
}

/// The best move of segment `k` of route `me` (`points`, now touching
/// `now` and crossing `crossed`): fewest touches plus `CROSS` per
/// crossing, the nearest track of equals. `None` where no move lowers
/// that, or (`cross` false) every one adds a crossing. Each move is
/// weighed on the segments it changes only: a long route has many.
#[allow(clippy::too_many_arguments)]
fn best_move(
    drawn: &Drawn,
    index: &Index,
    me: usize,
    points: &[Cell],
    k: usize,
    ends: (&Rect, &Rect),
    apart: &impl Fn(usize) -> bool,
    (now, crossed): (usize, usize),
    (slide, cross): (bool, bool),
) -> Option<(usize, usize, Vec<Cell>)> {
    let n = points.len();
    let ends_now = drawn.touches_ends(me, points, apart);
    let last = n - 2;
    // Only a segment that touches another link (or an end segment, whose
    // guards may) is moved: moving a neighbour to shorten it seldom helps,
    // and each try costs. Sliding only changes how an end moves.
    let at_end = k == 0 || k == last;
    if (slide && !at_end) || (drawn.touches(me, &points[k..=k + 1], apart) == 0 && !(at_end && ends_now > 0)) {
        return None;
    }
    let trims = [(k == 0 || k == last).then_some(true), Some(false)];
    let mut best: Option<(usize, usize, Vec<Cell>)> = None;
    // What the old windows (a shift's, a trim's) touch: `now` counts
    // them, so they never exceed it.
    let mut old_touches: [Option<usize>; 2] = [None; 2];
    for d in (1..=REACH).flat_map(|d| [d, -d]) {
        for trim in trims.into_iter().flatten() {
            if drawn.spent() {
                return best;
            }
            let m = Move { k, d, trim };
            let Some((p, cost)) = moved(points, m, ends, slide) else { continue };
            let (first, end) = window(n, m);
            let (old, new) = (&points[first..=end], &p[first..=end + p.len() - n]);
            if index.path_blocked(new) {
                continue;
            }
            let w = usize::from(trim);
            let kept = now - *old_touches[w].get_or_insert_with(|| drawn.touches(me, old, apart)) - ends_now;
            let t = kept + drawn.touches(me, new, apart) + drawn.touches_ends(me, &p, apart) + cost;
            if t >= now {
                continue;
            }
            let c = (crossed as isize + drawn.crossings_change(me, old, new)) as usize;
            let score = t + c * CROSS;
            let better = best.as_ref().is_none_or(|b| score < b.0 + b.1 * CROSS);
            if (cross || c <= crossed) && score < now + crossed * CROSS && better {
                best = Some((t, c, p));
            }
        }
    }
    best
}

/// Moves segments of `routes` apart where links that may not share cells
/// touch (see the module's doc). `edges` are the routes' (from, to) boxes
/// in `index`. Fallback routes (drawn across boxes) stay as they are; no
/// move makes a route cross a box. Deterministic: routes are visited in a
/// fixed order and the nearest track wins.
pub(super) fn apart(routes: &mut [Route], index: &Index, edges: &[(usize, usize)]) {
    if routes.len() > MOST_ROUTES {
        return;
    }
    let mut drawn = Drawn::default();
    for (r, route) in routes.iter().enumerate() {
        drawn.add(r, &route.points);
    }
    let rects = index.rects();
    // Lines with more turns first: a straight line between two boxes reads
    // best where it is, and the bent ones have room to move.
    let mut order: Vec<usize> = (0..routes.len()).filter(|r| !routes[*r].fallback).collect();
    order.sort_by_key(|r| (std::cmp::Reverse(routes[*r].points.len()), *r));
    // Moves adding no crossing first, for every route: the route a line
    // touches may clear it for free where moving the line itself would
    // cross something. Moving an end along its box's side comes after
    // moves keeping the ends: the router chose that cell.
    // Routes touching another link, by their place in `order`: only they
    // (and the routes a moved line comes to touch) are weighed again.
    let place: BTreeMap<usize, usize> = order.iter().enumerate().map(|(i, &r)| (r, i)).collect();
    let mut active: BTreeSet<(usize, usize)> = place.iter().map(|(&r, &i)| (i, r)).collect();
    for (slide, cross) in [(false, false), (true, false), (false, true), (true, true)] {
        for _ in 0..PASSES {
            let mut changed = false;
            for (i, me) in active.clone() {
                if drawn.spent() {
                    break;
                }
                let (from, to) = edges[me];
                let apart = |j: usize| edges[j].0 != from && edges[j].1 != to;
                let points = &routes[me].points;
                let mut now = drawn.touches(me, points, &apart) + drawn.touches_ends(me, points, &apart);
                if now == 0 {
                    active.remove(&(i, me));
                    continue;
                }
                let mut crossed = drawn.crossings(me, points);
                let mut k = 0;
                while now > 0 && k + 1 < routes[me].points.len() {
                    let ends = (&rects[from], &rects[to]);
                    let found = best_move(
                        &drawn,
                        index,
                        me,
                        &routes[me].points,
                        k,
                        ends,
                        &apart,
                        (now, crossed),
                        (slide, cross),
                    );
                    if let Some((t, c, p)) = found {
                        drawn.remove(me, &routes[me].points);
                        drawn.add(me, &p);
                        // The routes the line now touches have something
                        // to clear too (a guard or a join `me` could not).
                        drawn.touching(me, &p, &apart, &mut |j, _| {
                            if let Some(&at) = place.get(&j) {
                                active.insert((at, j));
                            }
                        });
                        routes[me].points = p;
                        (now, crossed) = (t, c);
                        changed = true;
                    }
                    k += 1;
                }
            }
            if !changed {
                break;
            }
        }
    }
}
