//! Auto-layout of a design on a grid of character cells: box sizes, layered
//! placement (ranks from the clients, crossing reduction, no overlaps) and
//! orthogonal link routes. Pure geometry: no terminal types live here, the
//! TUI only turns these rectangles and polylines into glyphs.

mod grid;
mod rank;
mod route;

use std::collections::HashMap;

use unicode_width::UnicodeWidthStr;

use crate::domain::model::{Component, ComponentId, Design, LinkKey};

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
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Layout {
    /// In file order.
    pub boxes: Vec<Placed>,
    /// In file order.
    pub routes: Vec<Route>,
    index: HashMap<ComponentId, usize>,
    /// The cell just past the bottom-right of everything drawn.
    pub extent: (i32, i32),
    /// What the layout was computed from, minus the pins (see `relayout`).
    shape: Option<u64>,
    scale: Scale,
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

/// The size of a component's box at a scale, from its text widths.
pub fn box_size(c: &Component, scale: Scale) -> (i32, i32) {
    let label = c.display_label().width() as i32;
    match scale {
        Scale::Normal => {
            let kind = c.kind.as_str().width() as i32 + 6;
            let tech = c.tech.as_deref().map_or(0, |t| t.width() as i32);
            let w = (label.max(tech) + 4).max(kind).clamp(12, 28);
            (w, if c.tech.is_some() { 4 } else { 3 })
        }
        Scale::Compact => ((label + 4).clamp(6, 20), 1),
    }
}

/// Places every component and routes every link. Components with `at`
/// keep their cell; the others are laid out in ranks from the clients.
pub fn layout(design: &Design, scale: Scale) -> Layout {
    let comps: Vec<&Component> = design.components().collect();
    let sizes: Vec<(i32, i32)> = comps.iter().map(|c| box_size(c, scale)).collect();
    let ids: HashMap<&str, usize> = comps.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
    let edges: Vec<(usize, usize)> =
        design.links().filter_map(|l| Some((*ids.get(l.from.as_str())?, *ids.get(l.to.as_str())?))).collect();
    let clients: Vec<bool> = comps.iter().map(|c| c.kind == crate::domain::model::Kind::Client).collect();

    let ranked = rank::place(&sizes, &edges, &clients, scale.gaps());
    let mut rects: Vec<Rect> = ranked.rects.clone();
    let mut pinned = vec![false; comps.len()];
    let div = scale.divisor();
    for (i, c) in comps.iter().enumerate() {
        if let Some((col, row)) = c.at {
            rects[i].x = (col / div).min(i32::MAX as u32 / 4) as i32;
            rects[i].y = (row / div).min(i32::MAX as u32 / 4) as i32;
            pinned[i] = true;
        }
    }
    if pinned.iter().any(|p| *p) {
        grid::resolve_overlaps(&mut rects, &pinned);
    }

    let routes = route::route_all(design, &rects, &pinned, &ranked, &edges, scale.gaps().0);
    let mut extent = (0, 0);
    for r in &rects {
        extent.0 = extent.0.max(r.right() + 1);
        extent.1 = extent.1.max(r.bottom() + 1);
    }
    for route in &routes {
        for (x, y) in &route.points {
            extent.0 = extent.0.max(x + 2);
            extent.1 = extent.1.max(y + 2);
        }
    }
    let boxes: Vec<Placed> = comps
        .iter()
        .zip(rects)
        .zip(pinned)
        .map(|((c, rect), pinned)| Placed { id: c.id.clone(), rect, pinned })
        .collect();
    let index = boxes.iter().enumerate().map(|(i, b)| (b.id.clone(), i)).collect();
    Layout { boxes, routes, index, extent, shape: Some(shape(design, scale)), scale }
}

/// A hash of everything layout depends on except the pins: ids, box text,
/// links and their labels.
fn shape(design: &Design, scale: Scale) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    scale.hash(&mut h);
    for c in design.components() {
        (c.id.as_str(), c.kind, c.display_label(), c.tech.as_deref()).hash(&mut h);
    }
    for l in design.links() {
        (l.key(), l.protocol.as_deref()).hash(&mut h);
    }
    h.finish()
}

/// Brings `previous` up to date with `design` at the least cost: nothing
/// when nothing drawn changed (a field edit), only the moved boxes and
/// their links when only pins moved (dragging), a full layout otherwise.
/// After an incremental move, other links are not re-routed around the
/// box's new place until the next full layout.
pub fn relayout(previous: &mut Layout, design: &Design, scale: Scale) {
    if previous.shape == Some(shape(design, scale)) && previous.scale == scale && move_pins(previous, design, scale) {
        return;
    }
    *previous = layout(design, scale);
}

/// Applies changed pins in place; false when a full layout is needed.
fn move_pins(layout: &mut Layout, design: &Design, scale: Scale) -> bool {
    let div = scale.divisor();
    let mut moved: Vec<usize> = Vec::new();
    for (i, c) in design.components().enumerate() {
        let Some(placed) = layout.boxes.get_mut(i) else { return false };
        match c.at {
            None if placed.pinned => return false,
            None => {}
            Some((col, row)) => {
                let (x, y) = ((col / div).min(i32::MAX as u32 / 4) as i32, (row / div).min(i32::MAX as u32 / 4) as i32);
                if !placed.pinned || placed.rect.x != x || placed.rect.y != y {
                    placed.rect.x = x;
                    placed.rect.y = y;
                    placed.pinned = true;
                    moved.push(i);
                }
            }
        }
    }
    if moved.is_empty() {
        return true;
    }
    let rects: Vec<Rect> = layout.boxes.iter().map(|b| b.rect).collect();
    let index = grid::Index::new(&rects);
    let moved_ids: std::collections::HashSet<&str> = moved.iter().map(|i| layout.boxes[*i].id.as_str()).collect();
    let touches = |r: &Route| moved_ids.contains(r.key.from.as_str()) || moved_ids.contains(r.key.to.as_str());
    let mut labelled: std::collections::HashSet<(i32, i32)> = std::collections::HashSet::new();
    for (route, link) in layout.routes.iter().zip(design.links()) {
        if let (false, Some((x, y))) = (touches(route), route.label_at) {
            let w = link.protocol.as_deref().map_or(0, |p| p.width() as i32);
            labelled.extend((x..x + w).map(|c| (c, y)));
        }
    }
    let mut budget = route::ASTAR_BUDGET;
    let mut rerouted = Vec::new();
    for (i, (route, link)) in layout.routes.iter().zip(design.links()).enumerate() {
        if !touches(route) {
            continue;
        }
        let (Some(a), Some(b)) = (layout.index.get(route.key.from.as_str()), layout.index.get(route.key.to.as_str()))
        else {
            return false;
        };
        let points = route::free_route(&index, &rects[*a], &rects[*b], &mut budget);
        let w = link.protocol.as_deref().map_or(0, |p| p.width() as i32);
        let label_at = route::place_label(&points, w, &mut labelled);
        rerouted.push((i, points, label_at));
    }
    for (i, points, label_at) in rerouted {
        layout.routes[i].points = points;
        layout.routes[i].label_at = label_at;
    }
    for r in &rects {
        layout.extent.0 = layout.extent.0.max(r.right() + 1);
        layout.extent.1 = layout.extent.1.max(r.bottom() + 1);
    }
    true
}

#[cfg(test)]
mod tests;
