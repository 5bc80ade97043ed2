//! Moving a box by keys (H/J/K/L) or a drag: it goes where it is asked,
//! or to the nearest free cell, and no box the person did not touch ever
//! moves; when no such cell will do, the move is refused and the message
//! says why.

use crate::edit::{Drag, apply_laid_out};
use crate::effect::Effect;
use crate::state::{Level, State};
use archcrit_core::layout::{Layout, Rect, nearest_free, patch};
use archcrit_core::model::{ComponentId, Edit};

/// Moves the selected box one step; onto another box it hops to the next
/// free cell that way (or the nearest free one).
pub(crate) fn move_selected(state: &mut State, (dx, dy): (i32, i32), fx: &mut Vec<Effect>) {
    let Some(id) = state.selected().cloned() else {
        state.say(Level::Info, "select a box to move first");
        return;
    };
    let Some(r) = state.canvas.layout().rect(id.as_str()) else { return };
    if r.x + dx < 0 || r.y + dy < 0 {
        let edge = if r.x + dx < 0 { "left" } else { "top" };
        state.say(Level::Info, format!("{id} is at the {edge} edge of the board: it cannot go further"));
        return;
    }
    let wanted = (r.x + dx, r.y + dy);
    let blocker = in_the_way(state, &id, r, wanted);
    // Where it was asked if free (with the margin lines need), else past
    // the box in the way, else the free cell nearest.
    // Each tried lazily: the wider searches cost more at 1,000 boxes and
    // are seldom needed.
    let layout = state.canvas.layout();
    let cells = std::iter::once_with(|| nearest_free(layout, id.as_str(), wanted, 0))
        .chain(std::iter::once_with(|| hop(state, id.as_str(), wanted, (dx, dy))))
        .chain(std::iter::once_with(|| nearest_free(layout, id.as_str(), wanted, 60)))
        .flatten();
    let found = cells.filter(|c| *c != (r.x, r.y)).find_map(|c| settles(state, &id, c).map(|l| (c, l)));
    let Some((at, laid_out)) = found else {
        let why = blocker.map_or_else(
            || ": every free cell that way would shift other boxes".to_string(),
            |b| format!(": {b} is in the way and there is no free cell past it"),
        );
        state.say(Level::Info, format!("{id} cannot move that way{why} (boxes never overlap)"));
        return;
    };
    let edit = move_to(state, &id, at);
    if apply_laid_out(state, edit, Some(format!("move {id}")), laid_out, fx) && at != wanted {
        let by = blocker.map_or(String::new(), |b| format!(" ({b} is in the way)"));
        let how = match landing((r.x, r.y), at, wanted, (dx, dy)) {
            Landing::Elsewhere => format!("moved {id} to the nearest free cell{by}"),
            Landing::Short => format!("moved {id} as far as it goes that way{by}"),
            Landing::Past => format!("moved {id} on past the box in the way to the next free cell{by}"),
        };
        state.say(Level::Info, format!("{how}: boxes never overlap"));
    }
}

/// Where a move ended up against where it was asked to go.
#[derive(Debug, PartialEq)]
enum Landing {
    /// The way asked, but short of the step (a box in the way).
    Short,
    /// The way asked, past the step (hopped over a box).
    Past,
    /// Sideways or back: the nearest free cell.
    Elsewhere,
}

/// How a box moved from `from` to `at` when asked for `wanted`, going `dir`.
fn landing(from: (i32, i32), at: (i32, i32), wanted: (i32, i32), dir: (i32, i32)) -> Landing {
    let along = |c: (i32, i32)| (c.0 - from.0) * dir.0.signum() + (c.1 - from.1) * dir.1.signum();
    let sideways = (at.0 - from.0) * dir.1.signum() != 0 || (at.1 - from.1) * dir.0.signum() != 0;
    if sideways || along(at) <= 0 {
        Landing::Elsewhere
    } else if along(at) < along(wanted) {
        Landing::Short
    } else {
        Landing::Past
    }
}

/// Drops a dragged box where it was let go, or on the free cell nearest
/// there; refused (the box stays where it was) when neither will do.
pub(crate) fn drop_dragged(state: &mut State, drag: Drag, fx: &mut Vec<Effect>) {
    let id = drag.id;
    let Some(r) = state.canvas.layout().rect(id.as_str()) else { return };
    let blocker = in_the_way(state, &id, r, drag.at);
    // Where it was let go when that is free, else the free cell nearest.
    let cells = nearest_free(state.canvas.layout(), id.as_str(), drag.at, 60);
    let Some((at, laid_out)) = cells.into_iter().find_map(|c| settles(state, &id, c).map(|l| (c, l))) else {
        let why = blocker.map_or(String::new(), |b| format!(" on {b}"));
        state.say(Level::Info, format!("{id} stays: there is no free cell{why} near where it was dropped"));
        return;
    };
    let edit = move_to(state, &id, at);
    if apply_laid_out(state, edit, None, laid_out, fx) && at != drag.at {
        let by = blocker.map_or(String::new(), |b| format!(" ({b} is there)"));
        state.say(Level::Info, format!("moved {id} to the nearest free cell{by}: boxes never overlap"));
    }
}

/// The box `id` would overlap (or touch) at `cell`.
fn in_the_way(state: &State, id: &ComponentId, r: Rect, cell: (i32, i32)) -> Option<ComponentId> {
    let there = Rect { x: cell.0, y: cell.1, ..r };
    state.canvas.layout().boxes.iter().find(|b| b.id != *id && b.rect.overlaps(&there, 1)).map(|b| b.id.clone())
}

/// The first free cell past `wanted` going `dir` (hopping over the box in
/// the way).
fn hop(state: &State, id: &str, wanted: (i32, i32), dir: (i32, i32)) -> Option<(i32, i32)> {
    let step = (dir.0.signum(), dir.1.signum());
    let mut cell = wanted;
    for _ in 0..400 {
        cell = (cell.0 + step.0, cell.1 + step.1);
        if cell.0 < 0 || cell.1 < 0 {
            return None;
        }
        if nearest_free(state.canvas.layout(), id, cell, 0) == Some(cell) {
            return Some(cell);
        }
    }
    None
}

/// The edit that pins `id` at canvas cell `at` (stored at normal scale).
fn move_to(state: &State, id: &ComponentId, at: (i32, i32)) -> Edit {
    let div = state.canvas.scale().divisor() as i32;
    Edit::Move { id: id.clone(), at: Some(((at.0.max(0) * div) as u32, (at.1.max(0) * div) as u32)) }
}

/// The board after moving `id` to `cell`, when that leaves it there, on
/// no other box, with every other box where it was. Tried on copies first:
/// the layout makes room for a pin (a box nobody placed moves aside, a
/// wrapped board is laid out afresh), and a person moving one box must not
/// see another go. The copy that settles is the board the move shows.
fn settles(state: &State, id: &ComponentId, cell: (i32, i32)) -> Option<Layout> {
    let mut design = state.doc.design().clone();
    design.apply(move_to(state, id, cell)).ok()?;
    let before = state.canvas.layout();
    let mut after = before.clone();
    // The patch only: the board settles when the keys stop (each cell
    // tried here would otherwise cost a full layout below 200 components).
    patch(&mut after, &design, state.canvas.scale());
    let moved = after.rect(id.as_str())?;
    let settled = (moved.x, moved.y) == cell
        && after.boxes.iter().filter(|b| b.id != *id).all(|b| before.rect(b.id.as_str()) == Some(b.rect))
        && !after.boxes.iter().any(|b| b.id != *id && b.rect.overlaps(&moved, 0));
    settled.then_some(after)
}

#[cfg(test)]
mod tests {
    use super::{Landing, landing};

    #[test]
    fn a_landing_is_told_by_where_it_is_against_the_step() {
        // Right by 2 from (5, 0): one cell is as far as it goes, sixteen is
        // past the box in the way, a row down or back left is elsewhere.
        assert_eq!(landing((5, 0), (6, 0), (7, 0), (2, 0)), Landing::Short);
        assert_eq!(landing((5, 0), (21, 0), (7, 0), (2, 0)), Landing::Past);
        assert_eq!(landing((5, 0), (7, 1), (7, 0), (2, 0)), Landing::Elsewhere);
        assert_eq!(landing((5, 0), (4, 0), (7, 0), (2, 0)), Landing::Elsewhere);
        // Up by 1: the same on the other axis.
        assert_eq!(landing((0, 9), (0, 3), (0, 8), (0, -1)), Landing::Past);
        assert_eq!(landing((0, 9), (3, 8), (0, 8), (0, -1)), Landing::Elsewhere);
    }
}
