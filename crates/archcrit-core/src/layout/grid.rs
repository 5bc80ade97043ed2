//! Cell-grid helpers for layout: a bucket index of boxes, pushing
//! auto-placed boxes off pinned ones, and simplifying polylines.

use std::cell::OnceCell;

use super::Rect;
use super::occupancy::Occupancy;
use rustc_hash::FxHashMap as FastMap;

const BUCKET: i32 = 16;

/// Boxes bucketed by 16x16 cells, so "what is here" is cheap at 1,000 boxes.
/// A box with no width is not there yet: incremental layout fills such
/// slots one by one with `place`.
pub(super) struct Index {
    rects: Vec<Rect>,
    buckets: FastMap<(i32, i32), Vec<usize>>,
    /// The covered cells by rows and columns, for the router's questions:
    /// built on the first, again after a box is placed.
    cells: OnceCell<Occupancy>,
}

impl Index {
    pub fn new(rects: Vec<Rect>) -> Self {
        let mut index = Index { rects, buckets: FastMap::default(), cells: OnceCell::new() };
        for i in 0..index.rects.len() {
            let r = index.rects[i];
            index.insert(i, &r);
        }
        index
    }

    fn insert(&mut self, i: usize, r: &Rect) {
        if r.w <= 0 || r.h <= 0 {
            return;
        }
        for bx in r.x.div_euclid(BUCKET)..=(r.right() - 1).div_euclid(BUCKET) {
            for by in r.y.div_euclid(BUCKET)..=(r.bottom() - 1).div_euclid(BUCKET) {
                self.buckets.entry((bx, by)).or_default().push(i);
            }
        }
    }

    /// Puts box `i`, absent until now, at `r`.
    pub fn place(&mut self, i: usize, r: Rect) {
        if let Some(slot) = self.rects.get_mut(i) {
            *slot = r;
            self.cells = OnceCell::new();
            self.insert(i, &r);
        }
    }

    pub fn rects(&self) -> &[Rect] {
        &self.rects
    }

    /// Whether a box for which `counts` holds lies within `gap` cells of `r`.
    pub fn any_near(&self, r: &Rect, gap: i32, mut counts: impl FnMut(usize) -> bool) -> bool {
        for bx in (r.x - gap).div_euclid(BUCKET)..=(r.right() + gap - 1).div_euclid(BUCKET) {
            for by in (r.y - gap).div_euclid(BUCKET)..=(r.bottom() + gap - 1).div_euclid(BUCKET) {
                if let Some(v) = self.buckets.get(&(bx, by))
                    && v.iter().any(|i| r.overlaps(&self.rects[*i], gap) && counts(*i))
                {
                    return true;
                }
            }
        }
        false
    }

    /// Every box overlapping `r`, in no particular order: the boxes a
    /// router needs lines around.
    pub fn boxes_within(&self, r: &Rect, each: impl FnMut(&Rect)) {
        self.cells().boxes_within(r, each);
    }

    fn cells(&self) -> &Occupancy {
        self.cells.get_or_init(|| Occupancy::new(&self.rects))
    }

    /// Whether the cell lies inside any box.
    pub fn blocked(&self, x: i32, y: i32) -> bool {
        self.cells().blocked(x, y)
    }

    /// Whether an axis-aligned segment passes through any box.
    pub fn segment_blocked(&self, a: (i32, i32), b: (i32, i32)) -> bool {
        self.cells().segment_blocked(a, b)
    }

    /// How far a line may run from the free cell `from` in direction
    /// `step` (a unit step) before entering a box: the last free cell's
    /// distance, at most `limit`.
    pub fn free_run(&self, from: (i32, i32), step: (i32, i32), limit: i32) -> i32 {
        self.cells().free_run(from, step, limit)
    }

    pub fn path_blocked(&self, points: &[(i32, i32)]) -> bool {
        points.windows(2).any(|w| self.segment_blocked(w[0], w[1]))
    }
}

/// Moves pinned boxes that overlap an earlier pin just below it, then
/// auto-placed boxes down until none overlaps a pinned box or an earlier
/// box, keeping one free cell around pinned boxes.
pub(super) fn resolve_overlaps(rects: &mut [Rect], pinned: &[bool]) {
    let mut placed: Vec<Rect> = Vec::new();
    let mut buckets: FastMap<(i32, i32), Vec<usize>> = FastMap::default();
    let add = |buckets: &mut FastMap<(i32, i32), Vec<usize>>, i: usize, r: &Rect| {
        for bx in (r.x - 1).div_euclid(BUCKET)..=r.right().div_euclid(BUCKET) {
            for by in (r.y - 1).div_euclid(BUCKET)..=r.bottom().div_euclid(BUCKET) {
                buckets.entry((bx, by)).or_default().push(i);
            }
        }
    };
    // Pins first, in file order: a pin on top of an earlier one (a file
    // written by hand, or by an older version) is drawn just below it
    // rather than over it; its `at` in the file is left alone.
    for (r, _) in rects.iter_mut().zip(pinned).filter(|(_, p)| **p) {
        while let Some(i) = (0..placed.len()).rev().find(|i| placed[*i].overlaps(r, 0)) {
            r.y = placed[i].bottom() + 1;
        }
        placed.push(*r);
        add(&mut buckets, placed.len() - 1, r);
    }
    for (r, _) in rects.iter_mut().zip(pinned).filter(|(_, p)| !**p) {
        loop {
            let mut clash = None;
            'search: for bx in (r.x - 1).div_euclid(BUCKET)..=r.right().div_euclid(BUCKET) {
                for by in (r.y - 1).div_euclid(BUCKET)..=r.bottom().div_euclid(BUCKET) {
                    if let Some(v) = buckets.get(&(bx, by))
                        && let Some(i) = v.iter().find(|i| placed[**i].overlaps(r, 1))
                    {
                        clash = Some(*i);
                        break 'search;
                    }
                }
            }
            match clash {
                Some(i) => r.y = placed[i].bottom() + 1,
                None => break,
            }
        }
        placed.push(*r);
        add(&mut buckets, placed.len() - 1, r);
    }
}

/// Drops repeated points and the middle of straight runs.
pub(super) fn simplify(points: Vec<(i32, i32)>) -> Vec<(i32, i32)> {
    let mut out: Vec<(i32, i32)> = Vec::with_capacity(points.len());
    for p in points {
        if out.last() == Some(&p) {
            continue;
        }
        if out.len() >= 2 {
            let a = out[out.len() - 2];
            let b = out[out.len() - 1];
            if (a.0 == b.0 && b.0 == p.0) || (a.1 == b.1 && b.1 == p.1) {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}
