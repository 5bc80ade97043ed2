//! The direction cones h/j/k/l look in: how one box lies from another
//! (along the direction, off to the side) and the best aligned box that way.

use archcrit_core::layout::{Layout, Rect};

/// A terminal cell is about twice as tall as it is wide: rows count double
/// so "to the right" and "above" mean what the eye sees.
const ROW: i64 = 2;

/// How far off its axis a direction reaches, widened in steps: first
/// boxes more that way than to the side (45°), then up to about 60°
/// (off-axis up to 7/4 of the way along). Past that a box is more above
/// than right, and `l` landing on it is what people called a jump the
/// wrong way; they would rather be told there is nothing that way.
const STEPS: [(i64, i64); 2] = [(1, 1), (7, 4)];

/// What a step across the axis costs against a step along it. A box in
/// line a little farther beats a nearer one off to the side, as vim's and
/// helix's window moves do: from a database, `h` takes the gateway on its
/// own row before a service nearer but rows below.
const ACROSS: i64 = 3;

/// How box `j` lies from box `i` in one direction (half cells, rows
/// doubled): `along` it and `across` it between the centres, which place
/// it in the cone, and `apart`, the gap across the axis between the
/// middle halves of the two boxes, which scores it (boxes of different
/// widths in one column, or heights in one row, are in line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Offset {
    along: i64,
    across: i64,
    apart: i64,
}

/// How box `j` lies from box `i` in direction `(dx, dy)`; `None` when it
/// is not that way at all.
pub(super) fn offset(layout: &Layout, i: usize, j: usize, (dx, dy): (i32, i32)) -> Option<Offset> {
    let centre = |r: &Rect| (2 * i64::from(r.x) + i64::from(r.w), ROW * (2 * i64::from(r.y) + i64::from(r.h)));
    let (a, b) = (&layout.boxes[i].rect, &layout.boxes[j].rect);
    let ((ax, ay), (bx, by)) = (centre(a), centre(b));
    let (ox, oy) = (bx - ax, by - ay);
    let along = ox * i64::from(dx) + oy * i64::from(dy);
    let across = (ox * i64::from(dy)).abs() + (oy * i64::from(dx)).abs();
    // Half of each box's extent across the axis, in the same units.
    let halves = if dx == 0 { i64::from(a.w) + i64::from(b.w) } else { ROW * (i64::from(a.h) + i64::from(b.h)) };
    let apart = (2 * across - halves).max(0) / 2;
    // Both of `j`'s edges across the direction lie beyond `i`'s: a wider
    // box that starts where `i` starts is above or below it, not beside it.
    let beyond = |lo: i32, hi: i32, lo2: i32, hi2: i32, d: i32| d * (lo2 - lo) > 0 && d * (hi2 - hi) > 0;
    let ahead = beyond(a.x, a.right(), b.x, b.right(), dx) || beyond(a.y, a.bottom(), b.y, b.bottom(), dy);
    (along > 0 && ahead && i != j).then_some(Offset { along, across, apart })
}

/// The score a choice minimises: the distance along the axis plus
/// `ACROSS` times the distance across it.
pub(super) fn cost(o: Offset) -> i64 {
    o.along + ACROSS * o.apart
}

/// The narrowest of the cone's steps (see `STEPS`) that holds a box.
pub(super) fn step(o: Offset) -> Option<usize> {
    STEPS.iter().position(|(num, den)| o.across * den <= o.along * num)
}

/// The box `dir` from box `i` within the cone's steps: in the narrowest
/// step that holds one, the lowest `cost`.
pub(super) fn within_cone(layout: &Layout, i: usize, dir: (i32, i32)) -> Option<usize> {
    (0..layout.boxes.len())
        .filter_map(|j| {
            let o = offset(layout, i, j, dir)?;
            Some(((step(o)?, cost(o), o.across, &layout.boxes[j].id), j))
        })
        .min_by(|a, b| a.0.cmp(&b.0))
        .map(|(_, j)| j)
}
