//! Auto-layout of a design on a grid of character cells: box sizes, layered
//! placement (ranks from the clients, crossing reduction, zones kept
//! together, no overlaps), orthogonal link routes and zone frames, plus
//! incremental updates after edits. Pure geometry: no terminal types live
//! here, the TUI only turns these rectangles and polylines into glyphs.

mod bands;
mod channels;
mod frames;
mod free_cell;
pub mod glyphs;
mod grid;
mod incremental;
mod labels;
mod nudge;
mod occupancy;
mod order;
pub mod picture;
mod rank;
mod route;
mod wrap;

use std::collections::HashMap;

use unicode_width::UnicodeWidthStr;

use crate::model::{Component, ComponentId, Design, LinkKey};

pub use frames::Frame;
pub use free_cell::nearest_free;
pub use route::crossings;

/// A rectangle of cells; `x`/`y` is the top-left corner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rect {
    pub x: i32,
    pub y: i32,
    pub w: i32,
    pub h: i32,
}

impl Rect {
    pub fn right(&self) -> i32 {
        self.x + self.w
    }

    pub fn bottom(&self) -> i32 {
        self.y + self.h
    }

    pub fn center_y(&self) -> i32 {
        self.y + self.h / 2
    }

    pub fn contains(&self, x: i32, y: i32) -> bool {
        x >= self.x && x < self.right() && y >= self.y && y < self.bottom()
    }

    /// Overlap including a margin of `gap` cells around `self`.
    pub fn overlaps(&self, other: &Rect, gap: i32) -> bool {
        self.x - gap < other.right()
            && other.x < self.right() + gap
            && self.y - gap < other.bottom()
            && other.y < self.bottom() + gap
    }
}

/// How big boxes are drawn: full boxes, or one-line boxes to see more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Scale {
    #[default]
    Normal,
    Compact,
}

impl Scale {
    /// Canvas cells per step of a component's `at` in each direction: a
    /// compact view shows the same picture at half the size.
    pub fn divisor(self) -> u32 {
        match self {
            Scale::Normal => 1,
            Scale::Compact => 2,
        }
    }

    fn gaps(self) -> (i32, i32) {
        // (between ranks, between boxes in a rank): rank gaps leave room
        // for a protocol label and several vertical lanes.
        match self {
            Scale::Normal => (12, 1),
            Scale::Compact => (8, 1),
        }
    }
}

/// A component's box.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub id: ComponentId,
    pub rect: Rect,
    /// Placed by its `at` rather than by auto-layout.
    pub pinned: bool,
    pub zone: Option<String>,
    /// Where auto-layout put (or would put) the box: where it goes back to
    /// when its pin is removed. `None` for a box that was never laid out.
    home: Option<(i32, i32)>,
    /// The cell its `at` asks for: a pin on top of another is drawn
    /// elsewhere, and stays there until its `at` changes.
    at: Option<(i32, i32)>,
}

/// A link's path: at least two points, each segment horizontal or vertical.
/// The last point is the cell just outside the target box, where the arrow
/// head goes.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    pub key: LinkKey,
    pub points: Vec<(i32, i32)>,
    /// Where the protocol label starts, when a horizontal segment has room.
    pub label_at: Option<(i32, i32)>,
    /// Drawn across a box: the router found no way round within its budget
    /// (or an end is walled in by other boxes). The view draws it dim and
    /// dashed, so it does not read as a link to the boxes it crosses.
    pub fallback: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Layout {
    /// In file order.
    pub boxes: Vec<Placed>,
    /// In file order.
    pub routes: Vec<Route>,
    /// One per zone used by a box, in order of first use.
    pub frames: Vec<Frame>,
    index: HashMap<ComponentId, usize>,
    /// The cell just past the bottom-right of everything drawn.
    pub extent: (i32, i32),
    /// The ranks' columns (first cell, width) at the last full layout, left
    /// to right: where incremental updates put new boxes.
    columns: Vec<(i32, i32)>,
    scale: Scale,
    /// The width ranks were wrapped to (see `layout_within`); relayouts
    /// keep to it.
    max_width: Option<i32>,
    /// Per band of wrapped ranks, top to bottom: its first rank (an index
    /// into `columns`) and its first row of boxes. Empty when the ranks
    /// were not wrapped. Where incremental updates put a box that goes
    /// past a band's end.
    bands: Vec<(usize, i32)>,
    /// The ranks were wrapped to `max_width` (a pinned box alone, which
    /// bands flow round, does not count).
    wrapped: bool,
}

impl Layout {
    pub fn rect(&self, id: &str) -> Option<Rect> {
        self.index.get(id).map(|i| self.boxes[*i].rect)
    }

    /// The topmost box under a cell (later boxes draw over earlier ones).
    pub fn hit(&self, x: i32, y: i32) -> Option<&ComponentId> {
        self.boxes.iter().rev().find(|b| b.rect.contains(x, y)).map(|b| &b.id)
    }

    pub fn route(&self, key: &LinkKey) -> Option<&Route> {
        self.routes.iter().find(|r| &r.key == key)
    }

    /// The link whose drawn path passes through a cell (the last drawn
    /// wins where paths share a cell), for clicking on an arrow.
    pub fn link_at(&self, x: i32, y: i32) -> Option<&LinkKey> {
        let on = |r: &Route| {
            r.points.windows(2).any(|s| {
                let ((x0, y0), (x1, y1)) = (s[0], s[1]);
                (x0.min(x1)..=x0.max(x1)).contains(&x) && (y0.min(y1)..=y0.max(y1)).contains(&y)
            })
        };
        self.routes.iter().rev().find(|r| on(r)).map(|r| &r.key)
    }
}

/// The size of a component's box at a scale, from its text widths as the
/// canvas shows them (control characters as visible escapes).
pub fn box_size(c: &Component, scale: Scale) -> (i32, i32) {
    let label = shown_width(c.display_label());
    match scale {
        Scale::Normal => {
            let kind = c.kind.as_str().width() as i32 + 6;
            let tech = c.tech.as_deref().map_or(0, shown_width);
            let w = (label.max(tech) + 4).max(kind).clamp(12, 28);
            (w, if c.tech.is_some() { 4 } else { 3 })
        }
        Scale::Compact => ((label + 4).clamp(6, 20), 1),
    }
}

/// The width of text as the canvas draws it: inert (domain::text::inert).
pub fn shown_width(text: &str) -> i32 {
    crate::text::inert::line(text).width() as i32
}

/// The canvas cell of a component's `at` at a scale.
fn cell_of((col, row): (u32, u32), scale: Scale) -> (i32, i32) {
    let div = scale.divisor();
    ((col / div).min(i32::MAX as u32 / 4) as i32, (row / div).min(i32::MAX as u32 / 4) as i32)
}

/// Places every component and routes every link. Components with `at`
/// keep their cell; the others are laid out in ranks from the clients.
pub fn layout(design: &Design, scale: Scale) -> Layout {
    layout_within(design, scale, None)
}

/// As `layout`, with the ranks wrapped to `max_width` columns: where the
/// next rank would pass it, the ranks from there on start a band of their
/// own below. Zone frames stay whole rectangles of their own boxes (a zone
/// is split between two bands only where it is the one there); pinned
/// boxes stay where they are and the bands flow round them. A design that
/// fits, clear of its pins, is laid out exactly as by `layout`.
pub fn layout_within(design: &Design, scale: Scale, max_width: Option<i32>) -> Layout {
    let comps: Vec<&Component> = design.components().collect();
    let sizes: Vec<(i32, i32)> = comps.iter().map(|c| box_size(c, scale)).collect();
    let ids: HashMap<&str, usize> = comps.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
    let edges: Vec<(usize, usize)> =
        design.links().filter_map(|l| Some((*ids.get(l.from.as_str())?, *ids.get(l.to.as_str())?))).collect();
    let clients: Vec<bool> = comps.iter().map(|c| c.kind == crate::model::Kind::Client).collect();
    let mut zone_numbers: HashMap<&str, usize> = HashMap::new();
    let zones: Vec<Option<usize>> = comps
        .iter()
        .map(|c| {
            let next = zone_numbers.len();
            c.zone.as_deref().map(|z| *zone_numbers.entry(z).or_insert(next))
        })
        .collect();

    // Pinned boxes where their `at` puts them: the bands of wrapped ranks
    // flow round them.
    let pins: Vec<(usize, Rect)> = comps
        .iter()
        .zip(&sizes)
        .enumerate()
        .filter_map(|(i, (c, &(w, h)))| {
            let (x, y) = cell_of(c.at?, scale);
            Some((i, Rect { x, y, w, h }))
        })
        .collect();
    // Per link, the width of its protocol label: rank gaps keep room for it.
    let labels: Vec<i32> = design.links().map(|l| l.protocol.as_deref().map_or(0, shown_width)).collect();
    let ranked = rank::place(&sizes, &edges, &clients, &zones, scale.gaps(), max_width, &pins, &labels);
    let mut rects: Vec<Rect> = ranked.rects.clone();
    let mut pinned = vec![false; comps.len()];
    for (i, c) in comps.iter().enumerate() {
        if let Some(at) = c.at {
            (rects[i].x, rects[i].y) = cell_of(at, scale);
            pinned[i] = true;
        }
    }
    if pinned.iter().any(|p| *p) {
        grid::resolve_overlaps(&mut rects, &pinned);
    }

    let index = grid::Index::new(rects);
    let routes = route::route_all(design, &index, &pinned, &ranked, &edges, scale.gaps().0);
    let boxes: Vec<Placed> = comps
        .iter()
        .zip(index.rects())
        .zip(pinned)
        .zip(&ranked.rects)
        .map(|(((c, rect), pinned), home)| Placed {
            id: c.id.clone(),
            rect: *rect,
            pinned,
            zone: c.zone.clone(),
            home: Some((home.x, home.y)),
            at: c.at.map(|at| cell_of(at, scale)),
        })
        .collect();
    let frames = frames::compute(&boxes, &index);
    let index = boxes.iter().enumerate().map(|(i, b)| (b.id.clone(), i)).collect();
    let band_rows = |k: usize| {
        let ranks = ranked.bands[k].first_rank..ranked.bands.get(k + 1).map_or(usize::MAX, |b| b.first_rank);
        let rows =
            ranked.rects.iter().zip(&ranked.rank).zip(&boxes).filter(|((_, r), b)| ranks.contains(r) && !b.pinned);
        rows.map(|((rect, _), _)| rect.y).min().unwrap_or(i32::MIN)
    };
    let bands = (0..ranked.bands.len()).map(|k| (ranked.bands[k].first_rank, band_rows(k))).collect();
    let columns = ranked.columns;
    let wrapped = ranked.to_width;
    let mut layout = Layout { boxes, routes, frames, index, extent: (0, 0), columns, scale, max_width, bands, wrapped };
    layout.extent = extent(&layout.boxes, &layout.routes);
    layout
}

/// The cell just past the bottom-right of all boxes and routes.
fn extent(boxes: &[Placed], routes: &[Route]) -> (i32, i32) {
    let mut extent = (0, 0);
    for b in boxes {
        extent.0 = extent.0.max(b.rect.right() + 1);
        extent.1 = extent.1.max(b.rect.bottom() + 1);
    }
    for route in routes {
        for (x, y) in &route.points {
            extent.0 = extent.0.max(x + 2);
            extent.1 = extent.1.max(y + 2);
        }
    }
    extent
}

/// Brings `previous` up to date with `design` without moving what the
/// edit did not touch: nothing changes for a field edit, a moved box takes
/// its links (and links it now lies across) with it, a new or unpinned box
/// takes a free cell near its neighbours, a removed one leaves its cell
/// empty, a new link is routed alone. A full layout only when there is
/// nothing to keep or much changed at once (see `incremental`). On a
/// wrapped board too big to lay out afresh, a new box goes where a fresh
/// layout puts it: in its neighbours' band, or the next band's first
/// column (rows opened for it), or a band of its own, never past the width
/// (see `bands`).
pub fn relayout(previous: &mut Layout, design: &Design, scale: Scale) {
    if patch(previous, design, scale) {
        settle(previous, design);
    }
}

/// The quick half of `relayout`: the edit patched in, nothing else moved.
/// Returns whether `settle` may still change the picture (a design of up
/// to `SETTLE_LIMIT` components, patched rather than laid out afresh): the
/// workshop draws the patch at once and settles when the keys stop, so
/// an edit never waits for a full layout.
pub fn patch(previous: &mut Layout, design: &Design, scale: Scale) -> bool {
    let max_width = previous.max_width;
    if !incremental::update(previous, design, scale) {
        *previous = layout_within(design, scale, max_width);
        return false;
    }
    design.component_count() <= SETTLE_LIMIT
}

/// The slow half of `relayout`, for a design of up to `SETTLE_LIMIT`
/// components (nothing above): where the patched boxes stand exactly
/// where a fresh layout of the file puts them, takes the fresh one whole.
/// Its routes are the ones the design shows when reopened, so what is
/// saved looks the same.
pub fn settle(previous: &mut Layout, design: &Design) {
    if design.component_count() > SETTLE_LIMIT {
        return;
    }
    let fresh = layout_within(design, previous.scale, previous.max_width);
    // Wrapped ranks, now or before the edit (a chain grown past the
    // width): a box the patch places beside its neighbours could land in
    // another band's column, so the fresh layout is the picture, as when
    // the file is reopened at this width.
    if wrapped(&fresh) || wrapped(previous) {
        *previous = fresh;
        return;
    }
    // Where the fresh layout only moves unpinned boxes along their row by
    // a lane or two (a rank's gap grew or shrank for a new link's lane or
    // label), take it too: those boxes come back there when the file is
    // reopened, and the shift is too small to lose one's place. A larger
    // move (a removed box's hole closing, a box changing zone) keeps the
    // patch: nothing the edit did not touch jumps across the board.
    let follows = |a: &Placed, b: &Placed| {
        a.id == b.id
            && (a.rect == b.rect || (!a.pinned && a.rect.y == b.rect.y && (a.rect.x - b.rect.x).abs() <= LANE_SHIFT))
    };
    let reopens_the_same = fresh.boxes.len() == previous.boxes.len()
        && fresh.boxes.iter().zip(&previous.boxes).all(|(a, b)| follows(a, b));
    if reopens_the_same {
        *previous = fresh;
    }
}

/// Keeps `previous` to a new width: laid out afresh where its ranks were
/// wrapped or wrap now, else only the width is noted (for the next
/// edits), so a resize that changes nothing moves nothing.
pub fn rewrap(previous: &mut Layout, design: &Design, max_width: Option<i32>) {
    if previous.max_width == max_width {
        return;
    }
    previous.max_width = max_width;
    let fresh = layout_within(design, previous.scale, max_width);
    if wrapped(&fresh) || wrapped(previous) {
        *previous = fresh;
    }
}

/// Whether a layout's ranks were wrapped into bands to its width: its
/// fresh layout is then the picture after every edit (below
/// `SETTLE_LIMIT`), as the file reopens.
fn wrapped(layout: &Layout) -> bool {
    layout.wrapped
}

/// How far along its row an unpinned box may shift for an edit to take the
/// fresh layout (a lane and a margin; see `relayout`).
const LANE_SHIFT: i32 = 2;

/// Up to this many components an edit is also compared with a fresh
/// layout (`settle`: a full layout, some 5-11 ms at 100-200 components on
/// a slow machine, so the workshop runs it when the keys stop, not per
/// keystroke; the edit's own budget is 3 ms).
const SETTLE_LIMIT: usize = 200;

#[cfg(test)]
mod nudge_tests;
#[cfg(test)]
mod reading_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod wrap_tests;
