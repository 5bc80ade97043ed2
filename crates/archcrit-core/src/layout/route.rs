//! Orthogonal link routes. Links between auto-placed boxes follow their
//! through slots rank by rank, jogging vertically in the gap between ranks
//! on a lane of their own; links touching a pinned box (or whose layered
//! route would cross one), and links an incremental update routes alone,
//! try a simple Z shape, then A* around boxes.

use std::collections::HashMap;

use super::channels::{self, Budget, DOWN, End, Ends, LEFT, RIGHT, UP};
use super::grid::{Index, simplify};
use super::labels::{self, Lines};
use super::nudge;
use super::rank::Ranked;
use super::wrap;
use super::{Layout, Rect, Route};
use crate::model::Design;

/// Search states the channel router may take in one layout: at 1,000
/// components with 300 pins about 0.2 us a state with building each
/// window's grid, so some 16 ms of searching on top of the 8 ms the rest
/// of the layout takes, within the full layout's 30 ms (235 million
/// instructions in all, fewer than 70,000 states took before the
/// occupancy index). Routing every link there round the boxes takes
/// about 109,000 (115,000 when each pairing of sides was a search of its
/// own).
const ASTAR_BUDGET: usize = 80_000;
/// States one search of a full layout may take: a link whose search runs
/// longer takes a simple shape rather than starve the links after it (at
/// 1,000 components with 300 pins, 800 beat 500 and 4,000).
const SEARCH_BUDGET: usize = 800;

pub(super) fn route_all(
    design: &Design,
    index: &Index,
    pinned: &[bool],
    ranked: &Ranked,
    edges: &[(usize, usize)],
    rank_gap: i32,
) -> Vec<Route> {
    let any_pinned = pinned.iter().any(|p| *p);
    let rects = index.rects();
    let ports = ports(ranked, rects, pinned, edges);
    // Horizontal runs of every layered link first, so each gap between
    // ranks can order its vertical jogs before any route is drawn.
    // Links between bands of wrapped ranks: a lane of their own from the
    // last rank of one band to the first of the next, else the router.
    let band = |v: usize| wrap::band_of(&ranked.bands, ranked.rank[v]);
    let mut crossing: Vec<Option<Vec<(i32, i32)>>> = vec![None; edges.len()];
    // Links into the next band: layered runs through their slots on
    // either side of the break, joined by a wrap (see `Wrap`).
    let mut wraps: Vec<Option<Wrap>> = vec![None; edges.len()];
    let mut between: HashMap<usize, i32> = HashMap::new();
    for (e, &(from, to)) in edges.iter().enumerate() {
        if pinned[from] || pinned[to] || band(from) == band(to) {
            continue;
        }
        let lane = between.entry(band(to)).or_default();
        let k = *lane;
        *lane += 1;
        if ranked.reversed[e] || band(to) != band(from) + 1 {
            // An empty route: routed round the boxes below.
            crossing[e] = Some(Vec::new());
            continue;
        }
        let next = &ranked.bands[band(to)];
        wraps[e] = Some(Wrap {
            before: ranked.chains[e].iter().filter(|c| c.0 < next.first_rank).count() + 1,
            down: ranked.bands[band(from)].right + 1 + k,
            row: next.lanes_top + k,
            back: next.left - 2 - k,
        });
    }
    let runs: Vec<Option<Vec<Run>>> = edges
        .iter()
        .enumerate()
        .map(|(e, &(from, to))| {
            (!pinned[from] && !pinned[to] && crossing[e].is_none()).then(|| {
                let (a, b) = if ranked.reversed[e] { (to, from) } else { (from, to) };
                let (ya, yb) = ports[e];
                let mut runs = layered_runs(ranked, rects, a, b, ya, yb, &ranked.chains[e]);
                if let Some(w) = &wraps[e] {
                    // The first run after the break starts at the lane
                    // up, left of the band.
                    runs[w.before].0 = w.back;
                }
                runs
            })
        })
        .collect();
    let lanes = assign_lanes(ranked, &runs, &wraps, rank_gap);
    let mut routes = Vec::with_capacity(edges.len());
    let mut budget = Budget::new(ASTAR_BUDGET, SEARCH_BUDGET);
    for (e, (link, &(from, to))) in design.links().zip(edges).enumerate() {
        let mut points = crossing[e].take().filter(|p| !p.is_empty());
        if let Some(runs) = &runs[e] {
            let mut p = layered_points(runs, &lanes[e], wraps[e].as_ref());
            if ranked.reversed[e] {
                p.reverse();
            }
            // A wrapped route is checked even without pins: its runs in
            // the first band reach past the band's last rank.
            if !((any_pinned || wraps[e].is_some()) && index.path_blocked(&p)) {
                points = Some(p);
            }
        }
        let points = points.unwrap_or_else(|| free_route(index, &rects[from], &rects[to], &mut budget, false));
        routes.push(Route { key: link.key(), points, label_at: None, fallback: false });
    }
    // A second pass for the links that still cross a box: whatever the
    // first pass left of the budget, without the per-search cap. A design of
    // a few hundred boxes has plenty left; at 1,000 the budget is spent and
    // this costs nothing.
    budget.per_search = usize::MAX;
    for (route, &(from, to)) in routes.iter_mut().zip(edges) {
        if budget.left == 0 {
            break;
        }
        if any_pinned && index.path_blocked(&route.points) {
            let points = free_route(index, &rects[from], &rects[to], &mut budget, true);
            if !index.path_blocked(&points) {
                route.points = points;
            }
        }
    }
    for route in &mut routes {
        route.fallback = index.path_blocked(&route.points);
    }
    nudge::apart(&mut routes, index, edges);
    let lines = Lines::new(routes.iter().map(|r| r.points.as_slice()));
    let mut labelled = labels::Taken::default();
    for (me, (route, link)) in routes.iter_mut().zip(design.links()).enumerate() {
        let width = link.protocol.as_deref().map_or(0, super::shown_width);
        route.label_at = labels::place(&route.points, width, me, &lines, &mut labelled);
    }
    routes
}

/// A horizontal run of a layered route: start x, end x, row, and the rank
/// whose gap the jog after it uses.
type Run = (i32, i32, i32, usize);

/// Where a layered route passes from one band of wrapped ranks to the
/// next: right of its band down `down` to its own `row` between the
/// bands, left along it, and down `back` into the next band's first rank.
#[derive(Debug, Clone, Copy)]
struct Wrap {
    /// The index of the first run in the next band.
    before: usize,
    down: i32,
    row: i32,
    back: i32,
}

/// The rows each layered link leaves and enters its boxes at (in layout
/// direction): a box's links take its inner rows in the order of the rows
/// they head for, top links on top, so links fanning out of one box do not
/// cross each other at its side.
fn ports(ranked: &Ranked, rects: &[Rect], pinned: &[bool], edges: &[(usize, usize)]) -> Vec<(i32, i32)> {
    // Per box: (row headed for, link) for links leaving, then entering.
    let mut exits: HashMap<usize, Vec<(i32, usize)>> = HashMap::new();
    let mut entries: HashMap<usize, Vec<(i32, usize)>> = HashMap::new();
    for (e, &(from, to)) in edges.iter().enumerate() {
        if pinned[from] || pinned[to] {
            continue;
        }
        let (a, b) = if ranked.reversed[e] { (to, from) } else { (from, to) };
        let chain = &ranked.chains[e];
        let next = chain.first().map_or(rects[b].center_y(), |c| c.1);
        let prev = chain.last().map_or(rects[a].center_y(), |c| c.1);
        exits.entry(a).or_default().push((next, e));
        entries.entry(b).or_default().push((prev, e));
    }
    let mut out = vec![(0, 0); edges.len()];
    for (list, exit) in [(exits, true), (entries, false)] {
        for (v, mut links) in list {
            links.sort_unstable();
            let r = rects[v];
            let inner = (r.h - 2).max(1);
            let rows = if r.h >= 3 { side_rows(&links, &ranked.reversed, inner) } else { vec![0; links.len()] };
            for ((_, e), row) in links.into_iter().zip(rows) {
                let row = if r.h >= 3 { r.y + 1 + row } else { r.y };
                if exit {
                    out[e].0 = row;
                } else {
                    out[e].1 = row;
                }
            }
        }
    }
    out
}

/// The inner row (from 0) of each of a box side's links, sorted by the row
/// they head for: spread evenly over the `inner` rows. A cycle's link laid
/// out backwards leaves a box by the side the links into it arrive on (or
/// the other way round); where the side has more links than rows, those
/// going each way keep rows of their own, so a line out never shares a row
/// (and a run) with a line in.
fn side_rows(links: &[(i32, usize)], reversed: &[bool], inner: i32) -> Vec<i32> {
    let k = links.len() as i32;
    let back = links.iter().filter(|(_, e)| reversed[*e]).count() as i32;
    if k <= inner || back == 0 || back == k || inner < 2 {
        return (0..k).map(|i| i * inner / k).collect();
    }
    // The way on top is the one that reorders fewer pairs of the side's
    // links (each pair reordered is a crossing beside the box).
    let (mut forward_seen, mut back_seen, mut back_above, mut forward_above) = (0, 0, 0, 0);
    for (_, e) in links {
        if reversed[*e] {
            back_above += forward_seen;
            back_seen += 1;
        } else {
            forward_above += back_seen;
            forward_seen += 1;
        }
    }
    let back_on_top = back_above < forward_above;
    let top_count = if back_on_top { back } else { k - back };
    let top_rows = ((inner * top_count + k / 2) / k).clamp(1, inner - 1);
    let (mut on_top, mut below) = (0, 0);
    links
        .iter()
        .map(|(_, e)| {
            if reversed[*e] == back_on_top {
                on_top += 1;
                (on_top - 1) * top_rows / top_count
            } else {
                below += 1;
                top_rows + (below - 1) * (inner - top_rows) / (k - top_count)
            }
        })
        .collect()
}

fn layered_runs(
    ranked: &Ranked,
    rects: &[Rect],
    a: usize,
    b: usize,
    ya: i32,
    yb: i32,
    chain: &[(usize, i32)],
) -> Vec<Run> {
    // The first run reaches the end of its column: a box narrower than
    // its rank must not put the vertical jog next to a wider neighbour.
    let (ax, aw) = ranked.columns[ranked.rank[a]];
    let mut runs: Vec<Run> = vec![(rects[a].right(), ax + aw, ya, ranked.rank[a])];
    for &(r, y) in chain {
        let (cx, w) = ranked.columns[r];
        runs.push((cx - 1, cx + w, y, r));
    }
    runs.push((rects[b].x - 1, rects[b].x - 1, yb, ranked.rank[b]));
    runs
}

/// The column of every jog (per link, one per change of row between
/// consecutive runs). In each gap, jogs going down take lanes right to
/// left in the order they start from the top, jogs going up in the order
/// they start from the bottom, the two groups side by side in whichever
/// order crosses less: a jog then never crosses the runs of the jogs
/// beside it, where the order links arrive in would cross them at random.
/// A gap has a lane per jog (see `rank::lane_room`), so no two jogs share
/// a column and read as one line; only where it has fewer do they.
fn assign_lanes(ranked: &Ranked, runs: &[Option<Vec<Run>>], wraps: &[Option<Wrap>], rank_gap: i32) -> Vec<Vec<i32>> {
    let mut lanes: Vec<Vec<i32>> = runs.iter().map(|r| vec![0; r.as_ref().map_or(0, Vec::len)]).collect();
    // Per gap: (going down, sort key, link, run index, gap start x).
    type Jog = (bool, i32, usize, usize, i32);
    let mut jogs: HashMap<usize, Vec<Jog>> = HashMap::new();
    for (e, runs) in runs.iter().enumerate() {
        for (k, pair) in runs.iter().flat_map(|r| r.windows(2).enumerate()) {
            let (prev, next) = (pair[0], pair[1]);
            // The pass to the next band takes its own lanes (`Wrap`).
            if wraps[e].is_some_and(|w| w.before == k + 1) {
                continue;
            }
            if prev.2 != next.2 {
                let down = next.2 > prev.2;
                let key = if down { prev.2 } else { -prev.2 };
                jogs.entry(prev.3).or_default().push((down, key, e, k, prev.1));
            }
        }
    }
    // The lanes a gap has left of the room kept for the label after them
    // (see `rank::lane_room`); a gap past a band's last rank is the rank
    // gap itself.
    let usable = |r: usize| {
        let (x, w) = ranked.columns[r];
        let same_band = |s: usize| wrap::band_of(&ranked.bands, s) == wrap::band_of(&ranked.bands, r);
        let gap = ranked.columns.get(r + 1).filter(|_| same_band(r + 1)).map_or(rank_gap, |next| next.0 - x - w);
        let label = ranked.label_room.get(r).copied().unwrap_or(0);
        (gap - super::rank::lane_room(0, label)).max(1)
    };
    for (&r, list) in &mut jogs {
        // Down jogs on one side, up jogs on the other: whichever crosses
        // less (each group is in its best order already).
        let rows = |&(_, _, e, k, _): &Jog| runs[e].as_ref().map_or((0, 0), |r| (r[k].2, r[k + 1].2));
        let (down, up): (Vec<&Jog>, Vec<&Jog>) = list.iter().partition(|j| j.0);
        let between = |lo: i32, y: i32, hi: i32| i32::from(lo < y && y < hi);
        let (mut down_right, mut up_right) = (0, 0);
        for (a0, a1) in down.iter().map(|j| rows(j)) {
            for (u0, u1) in up.iter().map(|j| rows(j)) {
                down_right += between(u1, a0, u0) + between(a0, u1, a1);
                up_right += between(a0, u0, a1) + between(u1, a1, u0);
            }
        }
        let first = up_right >= down_right;
        // Jogs from one row (a bus out of one port) nearest end first: the
        // shorter one turns off on the right, crossing nothing.
        let toward = |j: &Jog| if j.0 { rows(j).1 } else { -rows(j).1 };
        list.sort_by_key(|j| (j.0 != first, j.1, toward(j), j.2, j.3));
        let m = list.len() as i32;
        // The leftmost lanes a gap needs, so the run after a jog keeps
        // room for the protocol label.
        let used = m.min(usable(r));
        for (i, &(_, _, e, k, start)) in list.iter().enumerate() {
            let slot = i as i32 * used / m;
            lanes[e][k] = start + 2 + (used - 1 - slot);
        }
    }
    lanes
}

fn layered_points(runs: &[Run], lanes: &[i32], wrap: Option<&Wrap>) -> Vec<(i32, i32)> {
    let mut points = vec![(runs[0].0, runs[0].2)];
    for (k, pair) in runs.windows(2).enumerate() {
        let (prev, next) = (pair[0], pair[1]);
        if let Some(w) = wrap.filter(|w| w.before == k + 1) {
            points.extend([(w.down, prev.2), (w.down, w.row), (w.back, w.row), (w.back, next.2)]);
        } else if prev.2 != next.2 {
            points.push((lanes[k], prev.2));
            points.push((lanes[k], next.2));
        }
        points.push((next.0, next.2));
        points.push((next.1, next.2));
    }
    simplify(points)
}

/// A route for a link touching a pinned or incrementally placed box: the
/// first Z that misses every box, else the channel router (see
/// `channels`) in a growing window, from the preferred sides of the boxes
/// and then from the others, else the plain Z (drawn across whatever is
/// there: only when the budget is spent or both boxes are walled in).
/// Forward links use a box's first inner row, as layered routes do, so
/// top-aligned boxes of different heights link straight; the Z turns two
/// cells after the source when it can, leaving its last segment long
/// enough for the protocol label.
pub(super) fn free_route(
    index: &Index,
    from: &Rect,
    to: &Rect,
    budget: &mut Budget,
    many_turns: bool,
) -> Vec<(i32, i32)> {
    // A link running backwards uses the last inner row, off the rows where
    // forward links leave and arrive.
    let port = |r: &Rect, forward: bool| match (r.h >= 3, forward) {
        (true, true) => r.y + 1,
        (true, false) => r.bottom() - 2,
        (false, _) => r.center_y(),
    };
    let horizontal = to.x >= from.right() + 2 || to.right() + 2 <= from.x;
    let (start, leave, goal, arrive) = if to.x >= from.right() + 2 {
        ((from.right(), port(from, true)), RIGHT, (to.x - 1, port(to, true)), RIGHT)
    } else if to.right() + 2 <= from.x {
        ((from.x - 1, port(from, false)), LEFT, (to.right(), port(to, false)), LEFT)
    } else if to.y >= from.bottom() {
        ((from.x + from.w / 2, from.bottom()), DOWN, (to.x + to.w / 2, to.y - 1), DOWN)
    } else {
        ((from.x + from.w / 2, from.y - 1), UP, (to.x + to.w / 2, to.bottom()), UP)
    };
    if start == goal {
        // Boxes one row apart: no room for a line between them, so go
        // round their right sides instead.
        let x = from.right().max(to.right()) + 1;
        let (fy, ty) = (port(from, true), port(to, true));
        let round = simplify(vec![(from.right(), fy), (x, fy), (x, ty), (to.right(), ty)]);
        if !index.path_blocked(&round) {
            return round;
        }
    }
    let z = |t: i32| -> Vec<(i32, i32)> {
        if horizontal {
            simplify(vec![start, (t, start.1), (t, goal.1), goal])
        } else {
            simplify(vec![start, (start.0, t), (goal.0, t), goal])
        }
    };
    let (lo, hi) = if horizontal { (start.0, goal.0) } else { (start.1, goal.1) };
    let (mid, step) = ((lo + hi) / 2, (hi - lo).signum());
    if start != goal {
        // The preferred turns, then (for a few links routed alone) up to 24
        // more spread along the way: a few segment checks cost less than a
        // search, but not for every link of a whole layout.
        let stride = ((hi - lo).abs() / 24).max(1) * step;
        let spread = (1..=if many_turns { 24 } else { 0 }).map(|k| lo + k * stride).take_while(|t| (t - hi) * step < 0);
        let candidates = [lo + 2 * step, mid, lo + step, hi - step].into_iter().chain(spread);
        // Never on the goal's line: the last leg would have no length and
        // the line would arrive sideways (an arrow beside its box instead
        // of into it). Turning on the start's line is fine: the start cell
        // touches the box, so the line still reads as leaving it.
        for t in candidates.filter(|t| *t != hi && (lo.min(hi)..=lo.max(hi)).contains(t)) {
            let p = z(t);
            if !index.path_blocked(&p) {
                return p;
            }
        }
    }
    // One search from the preferred ends and, at a few bends' cost, from
    // the middles of the boxes' other sides: for boxes whose preferred
    // sides are walled in by neighbours.
    let mut ends = sides(from, to);
    ends.starts.push(End { at: start, dir: leave, cost: 0 });
    ends.goals.push(End { at: goal, dir: arrive, cost: 0 });
    ends.starts.retain(|e| e.at != goal);
    ends.goals.retain(|e| e.at != start);
    let (x0, x1, y0, y1) =
        ends.starts.iter().chain(&ends.goals).fold((i32::MAX, i32::MIN, i32::MAX, i32::MIN), |(x0, x1, y0, y1), e| {
            (x0.min(e.at.0), x1.max(e.at.0), y0.min(e.at.1), y1.max(e.at.1))
        });
    // A narrow window first: it holds fewer grid lines and leaves the
    // search less room to wander (at 1,000 components with 300 pins every
    // link found its route within 8 cells of its ends' bounds).
    for margin in [8, 48] {
        // Stay off negative rows (never on screen) unless an end is there.
        let top = (y0 - margin).max(y0.min(0));
        let window = Rect { x: x0 - margin, y: top, w: x1 - x0 + 2 * margin + 1, h: y1 + margin - top + 1 };
        match channels::route(index, &ends, window, budget) {
            Ok(Some(p)) => return p,
            Ok(None) => {}
            Err(channels::Spent) => return z(mid),
        }
    }
    z(mid)
}

/// What leaving or entering a box by a side other than the preferred one
/// costs: about three bends.
const OTHER_SIDE: u32 = 18;

/// The middles of the four sides of `from` (lines leaving outwards) and of
/// `to` (lines arriving inwards), each at `OTHER_SIDE`'s cost.
fn sides(from: &Rect, to: &Rect) -> Ends {
    let (fx, fy) = (from.x + from.w / 2, from.center_y());
    let (tx, ty) = (to.x + to.w / 2, to.center_y());
    let end = |at, dir| End { at, dir, cost: OTHER_SIDE };
    Ends {
        starts: vec![
            end((from.right(), fy), RIGHT),
            end((fx, from.bottom()), DOWN),
            end((fx, from.y - 1), UP),
            end((from.x - 1, fy), LEFT),
        ],
        goals: vec![
            end((to.x - 1, ty), RIGHT),
            end((tx, to.y - 1), DOWN),
            end((tx, to.bottom()), UP),
            end((to.right(), ty), LEFT),
        ],
    }
}

/// Places where one link's horizontal segment crosses another's vertical
/// segment. Quadratic: for tests and small designs.
pub fn crossings(layout: &Layout) -> usize {
    let mut horizontal = Vec::new();
    let mut vertical = Vec::new();
    for (i, r) in layout.routes.iter().enumerate() {
        for w in r.points.windows(2) {
            let (a, b) = (w[0], w[1]);
            if a.1 == b.1 {
                horizontal.push((i, a.0.min(b.0), a.0.max(b.0), a.1));
            } else {
                vertical.push((i, a.1.min(b.1), a.1.max(b.1), a.0));
            }
        }
    }
    horizontal
        .iter()
        .map(|&(i, x0, x1, y)| {
            vertical.iter().filter(|&&(j, y0, y1, x)| i != j && x0 < x && x < x1 && y0 < y && y < y1).count()
        })
        .sum()
}
