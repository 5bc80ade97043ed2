//! Wrapping ranks to a canvas width: when the next rank's column would
//! pass the width, the ranks from there on start a new band of rows below
//! the last, from the left edge again, so a long chain reads like lines of
//! text instead of scrolling sideways. Links into the next band get a lane
//! each: right of the band, down to their own row between the bands, left
//! and down into the next band's first rank (and on through their slots). Boxes
//! pinned by hand are obstacles the bands flow round, as text round a
//! picture: a band ends before the rank that would touch one, or passes
//! below it. A design that fits, clear of its pins, is not touched.

use super::Rect;
use super::grid::Index;

/// Columns kept free right of a band's last rank for the lanes down.
const MARGIN: i32 = 4;

/// Cells kept free round a pinned box: room for the links into it to
/// turn (one free row leaves none).
const PIN_GAP: i32 = 2;

/// How near a pin a laid-out box may come before its band flows round the
/// pin: one free cell between them, as a box moved by hand keeps (a
/// person moving one box must not see the others reflow round it).
const CLEAR: i32 = 1;

/// One band of ranks after wrapping.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Band {
    pub first_rank: usize,
    /// The column just past the band's widest rank (and past its zone
    /// frame lines, in a zoned design): lanes down start right of it.
    pub right: i32,
    /// The first column of the band's first rank (less the column of a
    /// zone's frame line, in a zoned design): lanes up keep left of it.
    pub left: i32,
    /// The first of the rows between this band and the one above (lanes
    /// for the links arriving from it, one row each).
    pub lanes_top: i32,
}

/// What `apply` needs of a ranked layout.
pub(super) struct Ranks<'a> {
    /// Per rank: first column and width (moved in place).
    pub columns: &'a mut [(i32, i32)],
    /// Per node (components, then through slots): top row (moved in place)
    /// and rank.
    pub top: &'a mut [i32],
    pub node_rank: &'a [usize],
    pub height: &'a dyn Fn(usize) -> i32,
    /// A node's width; 0 for a through slot, which spans its rank's column.
    pub width: &'a dyn Fn(usize) -> i32,
    /// Links in layout direction, as ranks: (from, to).
    pub links: &'a [(usize, usize)],
    /// Whether the ranks may be split between `r - 1` and `r`.
    pub breakable: &'a dyn Fn(usize) -> bool,
    /// Cells kept round a band for frame lines: 1 in a zoned design (a
    /// lane never runs along a frame), else 0.
    pub pad: i32,
    /// Boxes pinned by hand: (node, where it is drawn). Their own slots
    /// count for nothing; every other node keeps clear of them.
    pub pins: &'a [(usize, Rect)],
}

/// Where each band after the first starts, by width alone (as `apply`
/// splits the ranks when no pin is in the way).
pub(super) fn starts(
    columns: &[(i32, i32)],
    links: &[(usize, usize)],
    max_width: i32,
    pad: i32,
    breakable: &dyn Fn(usize) -> bool,
) -> Vec<usize> {
    let mut starts = vec![0];
    let mut first = 0;
    while first < columns.len() {
        let left = left_of(columns, links, pad, first);
        first = band_end(columns, first, left, max_width, pad, breakable);
        if first < columns.len() {
            starts.push(first);
        }
    }
    starts
}

/// Splits the ranks into bands no wider than `max_width` (a rank wider than
/// that alone still gets a band) and clear of pinned boxes, moving columns
/// and rows in place. `None` when everything fits in one band where it
/// was: nothing moved.
pub(super) fn apply(ranks: Ranks, max_width: i32) -> Option<Vec<Band>> {
    let Ranks { columns, top, node_rank, height, width, links, breakable, pad, pins } = ranks;
    let count = columns.len();
    let pinned = |v: usize| pins.iter().any(|(p, _)| *p == v);
    let mut by_rank: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (v, &r) in node_rank.iter().enumerate() {
        if !pinned(v) {
            by_rank[r].push(v);
        }
    }
    let pin_index = Index::new(pins.iter().map(|(_, p)| *p).collect());
    let mut bands: Vec<Band> = Vec::new();
    let mut moved = false;
    // The top of the board: a first band of pinned boxes only leaves no
    // floor of its own (its boxes are drawn where they are pinned).
    let mut floor = top.iter().copied().min().unwrap_or(0) - 1;
    let mut first = 0;
    while first < count {
        let k = bands.len();
        let left = if k == 0 { columns[first].0 } else { left_of(columns, links, pad, first) };
        let mut last = band_end(columns, first, left, max_width, pad, breakable);
        let lanes_top = if k == 0 { 0 } else { floor + 1 + pad };
        // Where the band's topmost node goes: below the lanes into it (the
        // first band stays where it is unless a pin pushes it down).
        let mut start = (k > 0).then(|| lanes_top + lanes(links, first) + 1 + pad);
        let dx = columns[first].0 - left;
        let mut dy = 0;
        // Each round ends the band sooner or moves it below a pin, so it
        // settles within a round per rank and pin.
        for _ in 0..=count + pins.len() {
            // The band's top counts the slots of its pinned boxes too: a
            // box pinned away from the top of its rank leaves the others
            // where they were.
            let slots = || node_rank.iter().enumerate().filter(|(_, r)| (first..last).contains(*r)).map(|(v, _)| v);
            let Some(min_top) = slots().map(|v| top[v]).min() else { break };
            dy = start.map_or(0, |s| s - min_top);
            let rect = |v: usize| {
                let (x, w) = columns[node_rank[v]];
                Rect {
                    x: x - dx,
                    y: top[v] + dy,
                    w: match width(v) {
                        0 => w,
                        own => own,
                    },
                    h: height(v),
                }
            };
            // The first rank with a node too near a pin, and the lowest
            // such pin's bottom.
            let near = |r: &Rect| pin_index.any_near(r, CLEAR, |_| true);
            let hit = (first..last).find_map(|rank| {
                let bottom = by_rank[rank]
                    .iter()
                    .map(|v| rect(*v))
                    .filter(near)
                    .flat_map(|r| pins.iter().filter(move |(_, p)| r.overlaps(p, CLEAR)).map(|(_, p)| p.bottom()))
                    .max()?;
                Some((rank, bottom))
            });
            let Some((r, bottom)) = hit else { break };
            let below = bottom + PIN_GAP + pad;
            // A pin beside the band's rows ends the band before it (the
            // rest wrap below); one just above them moves the band down.
            if r > first && breakable(r) && below - (min_top + dy) > PIN_GAP + 2 {
                last = r;
            } else {
                start = Some(start.unwrap_or(min_top).max(below));
            }
        }
        for c in &mut columns[first..last] {
            c.0 -= dx;
        }
        for &v in by_rank[first..last].iter().flatten() {
            top[v] += dy;
        }
        // A pinned box's slot moves with its rank: where it goes back to
        // when unpinned.
        for (v, _) in pins.iter().filter(|(v, _)| (first..last).contains(&node_rank[*v])) {
            top[*v] += dy;
        }
        moved |= dx != 0 || dy != 0;
        floor = by_rank[first..last].iter().flatten().map(|v| top[*v] + height(*v)).max().unwrap_or(floor).max(floor);
        let right = columns[first..last].iter().map(|c| c.0 + c.1).max().unwrap_or(left);
        bands.push(Band { first_rank: first, right: right + pad, left: left - pad, lanes_top });
        first = last;
    }
    (moved || bands.len() > 1).then_some(bands)
}

/// Lanes needed where a band starts at rank `r`: links across the break
/// (into the band's first rank or past it, through their slots).
fn lanes(links: &[(usize, usize)], r: usize) -> i32 {
    links.iter().filter(|&&(a, b)| a < r && r <= b).count() as i32
}

/// The first column of a band (not the first) starting at rank `first`:
/// room for its lanes and, in a zoned design, a frame line.
fn left_of(columns: &[(i32, i32)], links: &[(usize, usize)], pad: i32, first: usize) -> i32 {
    let origin = columns.first().map_or(0, |c| c.0);
    if first == 0 { origin } else { origin + 2 + pad + lanes(links, first) }
}

/// The rank just past a band starting at `first` drawn from `left`, as
/// text breaks into lines: the last rank's end when the rest fits (a last
/// band needs no lanes down its right); else before the first rank whose
/// column (and its lanes, and its frame line) would pass the width, or
/// where the ranks may not be split there, at the last place before it
/// where they may, when what follows would fit a band of its own (a zone
/// goes whole to the next band, as a word to the next line); else at the
/// first place after it.
fn band_end(
    columns: &[(i32, i32)],
    first: usize,
    left: i32,
    max_width: i32,
    pad: i32,
    breakable: &dyn Fn(usize) -> bool,
) -> usize {
    let shift = columns[first].0 - left;
    let end = |r: usize| columns[r].0 + columns[r].1 + pad;
    if columns.last().is_some_and(|_| end(columns.len() - 1) - shift <= max_width) {
        return columns.len();
    }
    let Some(over) = (first + 1..columns.len()).find(|&r| end(r) - shift + MARGIN > max_width) else {
        return columns.len();
    };
    let after = (over + 1..columns.len()).find(|&r| breakable(r));
    let before = (first + 1..=over).rev().find(|&r| breakable(r)).filter(|&b| {
        // What goes to the next band (up to the next place it may break)
        // fits there, from the left edge with room for its lanes: else it
        // is split anyway, and moving it down would only waste the room.
        let last = after.map_or(columns.len(), |a| a) - 1;
        b == over || end(last) - columns[b].0 + MARGIN + 4 + pad <= max_width
    });
    before.or(after).unwrap_or(columns.len())
}

/// The ranks' bands: which band each rank is in.
pub(super) fn band_of(bands: &[Band], rank: usize) -> usize {
    bands.partition_point(|b| b.first_rank <= rank).saturating_sub(1)
}
