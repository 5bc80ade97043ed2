//! Moving the selection over the canvas: the best aligned box in a
//! direction's cone, or the next box in reading order (row, then column).

use crate::state::{Level, State};
use archcrit_core::layout::Layout;

use super::reach::Moves;

use archcrit_core::model::{ComponentId, Kind};

/// The box in a direction from `from` (the first box when none): within
/// the narrowest step of the cone that holds one (`cone::STEPS`), the box
/// best in line: the least distance along the axis plus three times the
/// distance across it (`cone::cost`), so a box on the same row beats a
/// nearer one rows off it. When nothing lies that way: the bridge `reach`
/// adds when a box could not be reached otherwise, else `from` itself.
pub(crate) fn neighbour(state: &State, from: Option<ComponentId>, dir: (i32, i32)) -> Option<ComponentId> {
    let layout = state.canvas.layout();
    toward_with(layout, state.canvas.moves(), from, dir)
}

/// `neighbour` on a bare layout (tests drive it on hand-made layouts).
pub fn toward(layout: &Layout, from: Option<ComponentId>, dir: (i32, i32)) -> Option<ComponentId> {
    toward_with(layout, &Moves::of(layout), from, dir)
}

/// `toward` with the moves worked out once for `layout` (to ask of many boxes).
pub fn toward_with(layout: &Layout, moves: &Moves, from: Option<ComponentId>, dir: (i32, i32)) -> Option<ComponentId> {
    let first = || reading_order(layout).into_iter().next();
    let Some(from) = from else { return first() };
    let Some(i) = layout.boxes.iter().position(|b| b.id == from) else { return first() };
    Some(moves.from(layout, i, dir).map_or(from, |j| layout.boxes[j].id.clone()))
}

/// Selects the box that way from the selection; when there is none, the
/// selection stays and the message line says so, instead of a jump to a
/// box that is not that way.
pub(crate) fn select_toward(state: &mut State, dir: (i32, i32)) {
    let from = state.selected().cloned();
    let next = neighbour(state, from.clone(), dir);
    if let Some(from) = from.filter(|f| next.as_ref() == Some(f)) {
        let way = match dir {
            (1, _) => "to the right of",
            (-1, _) => "to the left of",
            (_, -1) => "above",
            _ => "below",
        };
        state.say(Level::Info, format!("nothing {way} {from}"));
    }
    state.select(next);
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

/// The target connect mode offers first: the nearest box after `from` in
/// reading order (as tab goes) with no link either way between them yet, so
/// enter does not lead to a link that already exists or its reverse; a
/// client before that only when nothing else is left (clients call, they
/// are not called: from `web`, the gateway, not `mobile`). When every box
/// is linked to `from`, the next box as tab goes.
pub(crate) fn first_target(state: &State, from: &ComponentId) -> Option<ComponentId> {
    let order = reading_order(state.canvas.layout());
    let at = order.iter().position(|id| id == from).unwrap_or(order.len());
    let design = state.doc.design();
    let linked =
        |id: &ComponentId| design.links().any(|l| (l.from == *from && l.to == *id) || (l.to == *from && l.from == *id));
    let called = |id: &ComponentId| design.component(id.as_str()).is_none_or(|c| c.kind != Kind::Client);
    let after = || order.iter().skip(at + 1).chain(order.iter().take(at)).filter(|id| *id != from);
    after()
        .find(|id| !linked(id) && called(id))
        .or_else(|| after().find(|id| !linked(id)))
        .or_else(|| after().next())
        .cloned()
}
