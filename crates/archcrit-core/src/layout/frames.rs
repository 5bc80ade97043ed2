//! Zone frames: the rectangle drawn around each zone's boxes, and whether
//! it holds only that zone's boxes (a frame around another zone's box would
//! say something false, so the canvas leaves such a frame out).

use std::collections::HashMap;

use super::grid::Index;
use super::{Placed, Rect};

/// A zone's frame: `rect` is the frame line itself, one cell outside the
/// zone's boxes.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    pub zone: String,
    pub rect: Rect,
    /// No box of another zone (or of none) lies on or inside the frame.
    pub clean: bool,
}

/// Frames of every zone used by a box, in order of first use. Boxes with
/// no width in `index` are not placed yet and count for nothing.
pub(super) fn compute(boxes: &[Placed], index: &Index) -> Vec<Frame> {
    let rects = index.rects();
    let mut frames: Vec<Frame> = Vec::new();
    let mut by_zone: HashMap<&str, usize> = HashMap::new();
    for (b, r) in boxes.iter().zip(rects) {
        let (Some(zone), true) = (b.zone.as_deref(), r.w > 0) else { continue };
        let around = grow(r, 1);
        match by_zone.get(zone) {
            Some(&f) => frames[f].rect = union(&frames[f].rect, &around),
            None => {
                by_zone.insert(zone, frames.len());
                frames.push(Frame { zone: zone.to_string(), rect: around, clean: true });
            }
        }
    }
    // One pass over the boxes: a frame can span most of a big canvas, so
    // asking the index about its whole area would cost more.
    for (b, r) in boxes.iter().zip(rects) {
        if r.w <= 0 {
            continue;
        }
        for f in frames.iter_mut().filter(|f| f.clean && b.zone.as_deref() != Some(f.zone.as_str())) {
            f.clean = !r.overlaps(&f.rect, 0);
        }
    }
    frames
}

pub(super) fn grow(r: &Rect, by: i32) -> Rect {
    Rect { x: r.x - by, y: r.y - by, w: r.w + 2 * by, h: r.h + 2 * by }
}

pub(super) fn union(a: &Rect, b: &Rect) -> Rect {
    let (x, y) = (a.x.min(b.x), a.y.min(b.y));
    Rect { x, y, w: a.right().max(b.right()) - x, h: a.bottom().max(b.bottom()) - y }
}

/// Whether every zone's frame around `rects` (by `zones[v]`, counting only
/// the boxes `counts` holds for) is a rectangle holding only its own boxes
/// and clear of every other zone's frame: what wrapping a zoned design
/// must keep.
pub(super) fn whole(rects: &[Rect], zones: &[Option<usize>], counts: &dyn Fn(usize) -> bool) -> bool {
    let mut frames: Vec<Option<Rect>> = Vec::new();
    for (v, r) in rects.iter().enumerate().filter(|(v, _)| counts(*v)) {
        let Some(z) = zones.get(v).copied().flatten() else { continue };
        if frames.len() <= z {
            frames.resize(z + 1, None);
        }
        let around = grow(r, 1);
        frames[z] = Some(frames[z].map_or(around, |f| union(&f, &around)));
    }
    let frames: Vec<(usize, Rect)> = frames.into_iter().enumerate().filter_map(|(z, f)| Some((z, f?))).collect();
    let boxes_clear = rects.iter().enumerate().filter(|(v, _)| counts(*v)).all(|(v, r)| {
        let own = zones.get(v).copied().flatten();
        frames.iter().all(|(z, f)| own == Some(*z) || !r.overlaps(f, 0))
    });
    let apart = frames.iter().enumerate().all(|(i, (_, a))| frames[i + 1..].iter().all(|(_, b)| !a.overlaps(b, 0)));
    boxes_clear && apart
}
