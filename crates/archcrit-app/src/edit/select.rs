//! Moving the selection over the canvas: the nearest box in a direction's
//! cone, or the next box in reading order (row, then column).

use crate::state::State;
use archcrit_core::layout::Layout;
use archcrit_core::model::ComponentId;

/// A terminal cell is about twice as tall as it is wide: rows count double
/// so "to the right" and "above" mean what the eye sees.
const ROW: i64 = 2;

/// The nearest box in a direction from `from` (the first box when none):
/// among boxes whose centre lies within 45° of the direction, the one
/// nearest in straight-line distance (rows counting double, and off-axis
/// distance double again, so a box in line beats one as near off to the
/// side); when the cone is empty, the same over the whole half-plane, so
/// no box is a dead end. Squared distance rather than a sum keeps boxes
/// that sit between columns reachable.
pub(crate) fn neighbour(state: &State, from: Option<ComponentId>, dir: (i32, i32)) -> Option<ComponentId> {
    toward(state.canvas.layout(), from, dir)
}

/// `neighbour` on a bare layout (tests drive it on hand-made layouts).
pub fn toward(layout: &Layout, from: Option<ComponentId>, (dx, dy): (i32, i32)) -> Option<ComponentId> {
    let first = || reading_order(layout).into_iter().next();
    let Some(from) = from else { return first() };
    let Some(r) = layout.rect(from.as_str()) else { return first() };
    let centre =
        |x: i32, y: i32, w: i32, h: i32| (2 * i64::from(x) + i64::from(w), ROW * (2 * i64::from(y) + i64::from(h)));
    let (cx, cy) = centre(r.x, r.y, r.w, r.h);
    let scored: Vec<(bool, i64, &ComponentId)> = layout
        .boxes
        .iter()
        .filter(|b| b.id != from)
        .filter_map(|b| {
            let (bx, by) = centre(b.rect.x, b.rect.y, b.rect.w, b.rect.h);
            let (ox, oy) = (bx - cx, by - cy);
            let along = ox * i64::from(dx) + oy * i64::from(dy);
            let across = (ox * i64::from(dy)).abs() + (oy * i64::from(dx)).abs();
            (along > 0).then_some((across <= along, along * along + 4 * across * across, &b.id))
        })
        .collect();
    let best = |in_cone: bool| {
        scored
            .iter()
            .filter(|(c, _, _)| *c || !in_cone)
            .min_by_key(|(_, d, id)| (*d, (*id).clone()))
            .map(|s| s.2.clone())
    };
    best(true).or_else(|| best(false)).or(Some(from))
}

/// The boxes in reading order: by row (top edge), then column.
pub fn reading_order(layout: &Layout) -> Vec<ComponentId> {
    let mut boxes: Vec<_> = layout.boxes.iter().map(|b| (b.rect.y, b.rect.x, &b.id)).collect();
    boxes.sort();
    boxes.into_iter().map(|(_, _, id)| id.clone()).collect()
}

/// The box `delta` places from `from` in reading order, wrapping; the
/// first (or last) box when nothing is selected.
pub(crate) fn cycle(state: &State, from: Option<ComponentId>, delta: i64) -> Option<ComponentId> {
    let order = reading_order(state.canvas.layout());
    let n = order.len() as i64;
    if n == 0 {
        return None;
    }
    let i = from.and_then(|f| order.iter().position(|o| *o == f)).map_or(if delta > 0 { -1 } else { 0 }, |p| p as i64);
    order.get((i + delta).rem_euclid(n) as usize).cloned()
}
