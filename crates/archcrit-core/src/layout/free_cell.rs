//! Where a box may go when the user moves it onto another: the free cell
//! nearest the one asked for, so no two boxes ever overlap.

use super::{Layout, Rect};

/// Cells kept clear around a moved box, so a line can still pass between
/// it and its neighbours.
const MARGIN: i32 = 1;

/// The top-left cell nearest `wanted` (in canvas cells at the layout's
/// scale) where box `id` fits without touching any other box or its
/// one-cell margin. `wanted` itself when it is free. Rows and columns
/// below 0 are never offered (they are off the canvas). `None` when `id`
/// is not in the layout or no cell within `reach` steps of `wanted` is
/// free: the caller refuses the move and says so.
pub fn nearest_free(layout: &Layout, id: &str, wanted: (i32, i32), reach: i32) -> Option<(i32, i32)> {
    let own = layout.rect(id)?;
    let others: Vec<Rect> = layout.boxes.iter().filter(|b| b.id.as_str() != id).map(|b| b.rect).collect();
    let free = |x: i32, y: i32| {
        let candidate = Rect { x, y, w: own.w, h: own.h };
        x >= 0 && y >= 0 && !others.iter().any(|o| candidate.overlaps(o, MARGIN))
    };
    // Rings of growing Chebyshev distance; within a ring, the cell nearest
    // by straight-line distance wins, ties broken top-left first so the
    // answer never depends on iteration order.
    for d in 0..=reach.max(0) {
        let mut best: Option<(i64, i32, i32)> = None;
        for dy in -d..=d {
            for dx in -d..=d {
                if dx.abs() != d && dy.abs() != d {
                    continue;
                }
                let (x, y) = (wanted.0 + dx, wanted.1 + dy);
                // A column counts half a row: boxes are wider than tall,
                // so a sideways step moves the picture less.
                let cost = i64::from(dx) * i64::from(dx) + 4 * i64::from(dy) * i64::from(dy);
                if best.is_none_or(|b| (cost, y, x) < b) && free(x, y) {
                    best = Some((cost, y, x));
                }
            }
        }
        if let Some((_, y, x)) = best {
            return Some((x, y));
        }
    }
    None
}
