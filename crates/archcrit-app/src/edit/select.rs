//! Moving the selection over the canvas: the nearest box in a direction,
//! or the next component in the design's order.

use crate::state::State;
use archcrit_core::model::ComponentId;

/// The nearest box in a direction from `from` (the first box when none).
pub(crate) fn neighbour(state: &State, from: Option<ComponentId>, (dx, dy): (i32, i32)) -> Option<ComponentId> {
    let Some(from) = from else { return state.layout.boxes.first().map(|b| b.id.clone()) };
    let Some(r) = state.layout.rect(from.as_str()) else { return state.layout.boxes.first().map(|b| b.id.clone()) };
    let (cx, cy) = (r.x + r.w / 2, r.y + r.h / 2);
    state
        .layout
        .boxes
        .iter()
        .filter(|b| b.id != from)
        .filter_map(|b| {
            let (bx, by) = (b.rect.x + b.rect.w / 2 - cx, b.rect.y + b.rect.h / 2 - cy);
            // Along the direction must be positive; across costs double.
            let along = bx * dx + by * dy;
            let across = (bx * dy).abs() + (by * dx).abs();
            (along > 0).then_some((along + 2 * across, b))
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, b)| b.id.clone())
        .or(Some(from))
}

pub(crate) fn cycle(state: &State, from: Option<ComponentId>, delta: i64) -> Option<ComponentId> {
    let n = state.design.component_count() as i64;
    if n == 0 {
        return None;
    }
    let i = from.and_then(|f| state.design.position(f.as_str())).map_or(if delta > 0 { -1 } else { 0 }, |p| p as i64);
    state.design.ids().nth((i + delta).rem_euclid(n) as usize).cloned()
}
