//! Where an incremental update puts a box beside its neighbours on a board
//! whose ranks were wrapped into bands: the next column in their band, the
//! first of the next band, a band of its own below when the width is
//! reached, and rows opened below a band with no room left, so an edit on a
//! board too big to lay out afresh (see `relayout`) still reads as the
//! file reopens: every box inside the width, in its band.

use super::{Placed, Rect, Route};

/// The ranks' columns as an update finds and grows them: wrapped into
/// bands (see `Layout::bands`) to a width, or not.
pub(super) struct Ranks {
    pub columns: Vec<(i32, i32)>,
    pub bands: Vec<(usize, i32)>,
    pub gap: i32,
    pub max_width: Option<i32>,
    /// The first row below everything drawn, with room for a lane: where
    /// a new band starts.
    pub below: i32,
    /// A band was added for the width (see `Layout::wrapped`).
    pub wrapped: bool,
}

impl Ranks {
    /// The band of a box whose top row is `y`, and its ranks.
    fn band_at(&self, y: i32) -> (usize, std::ops::Range<usize>) {
        let k = self.bands.partition_point(|b| b.1 <= y).saturating_sub(1);
        let first = self.bands.get(k).map_or(0, |b| b.0);
        let end = self.bands.get(k + 1).map_or(self.columns.len(), |b| b.0);
        (k, first..end.max(first))
    }

    /// The column after a box `from` in its band for a box `w` wide, with
    /// the row its band starts at where that is another band: the next
    /// rank's, else the first of the next band, else a new one, made (and
    /// remembered) past the band's end, or as a band of its own below
    /// everything when that would pass the width.
    pub fn after(&mut self, from: &Rect, w: i32) -> (i32, Option<i32>) {
        let (k, ranks) = self.band_at(from.y);
        let x = from.right();
        if let Some(c) = self.columns[ranks.clone()].iter().find(|c| c.0 > x) {
            return (c.0, None);
        }
        if let Some(&(first, top)) = self.bands.get(k + 1) {
            return (self.columns[first].0, Some(top));
        }
        let start = self.columns[ranks.clone()].last().map_or(x, |c| c.0 + c.1).max(x) + self.gap;
        if self.max_width.is_some_and(|max| start + w > max) && !self.columns.is_empty() {
            // As a fresh layout wraps it: from the left, room for a lane.
            let left = match self.bands.len() {
                0 | 1 => self.columns[0].0 + 3,
                _ => self.columns[ranks.start].0,
            };
            if self.bands.is_empty() {
                self.bands.push((0, i32::MIN));
            }
            self.columns.push((left, w));
            self.bands.push((self.columns.len() - 1, self.below));
            self.wrapped = true;
            return (left, Some(self.below));
        }
        self.columns.push((start, w));
        (start, None)
    }

    /// The column before a box `to` in its band, with the row its band
    /// starts at where that is the band before.
    pub fn before(&self, to: &Rect) -> (i32, Option<i32>) {
        let (k, ranks) = self.band_at(to.y);
        if let Some(c) = self.columns[ranks.clone()].iter().rev().find(|(cx, cw)| cx + cw < to.x) {
            return (c.0, None);
        }
        if k > 0
            && let Some(&(_, top)) = self.bands.get(k - 1)
            && let Some(last) = ranks.start.checked_sub(1).and_then(|r| self.columns.get(r))
        {
            // The first band of a board wrapped by an update starts at
            // `i32::MIN` (every row is at or below it): its boxes start at 0.
            return (last.0, Some(top.max(0)));
        }
        (self.columns.first().map_or(0, |c| c.0), None)
    }
    /// The rows of the band of wrapped ranks a row `y` lies in, from its
    /// first row to just past its lowest box (of `rects`); `None` when the
    /// ranks are not wrapped.
    pub fn band_rows(&self, y: i32, rects: &[Rect]) -> Option<(i32, i32)> {
        if self.bands.len() < 2 {
            return None;
        }
        let (k, _) = self.band_at(y);
        let top = self.bands[k].1;
        let next = self.bands.get(k + 1).map_or(i32::MAX, |b| b.1);
        let bottom = rects.iter().filter(|r| r.w > 0 && r.y >= top && r.y < next).map(Rect::bottom).max()?;
        Some((top, bottom))
    }
}

/// `r` moved `by` rows down when it starts at row `at` or below.
pub(super) fn shifted(r: &Rect, at: i32, by: i32) -> Rect {
    if r.w > 0 && r.y >= at { Rect { y: r.y + by, ..*r } } else { *r }
}

/// Opens `by` blank rows at row `at`: every box, route point, label and
/// band at or below it moves down, so routes stay orthogonal (a vertical
/// segment across the row stretches) and nothing above moves; the boxes'
/// earlier rects move with them, so they do not count as moved. False,
/// with nothing moved, where a pinned box reaches that far down: a pin
/// stays where it is put.
pub(super) fn open_rows(
    at: i32,
    by: i32,
    boxes: &mut [Placed],
    before: &mut [Option<Rect>],
    routes: &mut [Route],
    ranks: &mut Ranks,
) -> bool {
    if boxes.iter().any(|b| b.pinned && b.rect.bottom() > at) {
        return false;
    }
    for (b, was) in boxes.iter_mut().zip(before.iter_mut()) {
        b.rect = shifted(&b.rect, at, by);
        if let Some((_, y)) = b.home.as_mut().filter(|(_, y)| *y >= at) {
            *y += by;
        }
        if let Some(r) = was.as_mut() {
            *r = shifted(r, at, by);
        }
    }
    for route in routes.iter_mut() {
        for (_, y) in route.points.iter_mut().chain(route.label_at.as_mut()).filter(|(_, y)| *y >= at) {
            *y += by;
        }
    }
    for (_, top) in ranks.bands.iter_mut().filter(|(_, top)| *top >= at) {
        *top += by;
    }
    ranks.below += by;
    true
}
