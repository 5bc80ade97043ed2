//! The direction cones h/j/k/l look in: how one box lies from another
//! (along the direction, off to the side) and the nearest box that way.

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

/// How box `j` lies from box `i` in direction `(dx, dy)`: how far along it
/// and how far off to the side (centres, in half cells, rows doubled);
/// `None` when it is not that way at all.
pub(super) fn offset(layout: &Layout, i: usize, j: usize, (dx, dy): (i32, i32)) -> Option<(i64, i64)> {
    let centre = |r: &Rect| (2 * i64::from(r.x) + i64::from(r.w), ROW * (2 * i64::from(r.y) + i64::from(r.h)));
    let ((ax, ay), (bx, by)) = (centre(&layout.boxes[i].rect), centre(&layout.boxes[j].rect));
    let (ox, oy) = (bx - ax, by - ay);
    let along = ox * i64::from(dx) + oy * i64::from(dy);
    let across = (ox * i64::from(dy)).abs() + (oy * i64::from(dx)).abs();
    (along > 0 && i != j).then_some((along, across))
}

/// The distance a choice minimises: off-axis counts double.
pub(super) fn cost((along, across): (i64, i64)) -> i64 {
    along * along + 4 * across * across
}

/// The box `dir` from box `i` within the cone's steps (see `STEPS`).
pub(super) fn within_cone(layout: &Layout, i: usize, dir: (i32, i32)) -> Option<usize> {
    (0..layout.boxes.len())
        .filter_map(|j| {
            let (along, across) = offset(layout, i, j, dir)?;
            let step = STEPS.iter().position(|(num, den)| across * den <= along * num)?;
            Some(((step, cost((along, across)), &layout.boxes[j].id), j))
        })
        .min_by(|a, b| a.0.cmp(&b.0))
        .map(|(_, j)| j)
}
