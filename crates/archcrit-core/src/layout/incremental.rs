//! Keeping a layout up to date after small edits without moving the boxes
//! an edit did not touch, so the picture stays familiar and a keystroke
//! costs far less than a full layout: pinned boxes go where they are put,
//! new and unpinned boxes take a free cell near their neighbours (outside
//! other zones' frames), and only links that are new, touch a box that
//! moved, or now run across one are routed again.

use std::collections::{HashMap, HashSet};

use super::bands::{self, Ranks};
use super::channels::Budget;
use super::frames::{self, Frame};
use super::grid::Index;
use super::labels::{self, Lines};
use super::route::free_route;
use super::{Layout, Placed, Rect, Route, Scale, box_size, cell_of, extent};
use crate::model::{ComponentId, Design, Kind, Link, LinkKey};

/// Search states the channel router may take in one update: about a
/// millisecond, so a keystroke keeps its frame. Once it is spent, the
/// links after fall back to plain Z routes.
const ASTAR_BUDGET: usize = 12_000;

/// Where a box that needs a cell would like it.
#[derive(Debug, Clone, Copy)]
enum Wish {
    /// Near this cell (its home, or where it already is).
    Near(i32, i32),
    /// Beside the boxes it is linked with.
    Neighbours,
}

/// Updates `layout` in place; false (with `layout` unchanged) when a full
/// layout is wanted instead: another scale, nothing laid out yet, or more
/// than a quarter of the boxes (at least 8) changed at once, where a fresh
/// layout reads better than patches.
pub(super) fn update(layout: &mut Layout, design: &Design, scale: Scale) -> bool {
    let n = design.component_count();
    if layout.scale != scale || (n > 0 && (layout.boxes.is_empty() || layout.columns.is_empty())) {
        return false;
    }
    let mut boxes: Vec<Placed> = Vec::with_capacity(n);
    let mut before: Vec<Option<Rect>> = Vec::with_capacity(n);
    let mut wishes: Vec<(usize, Wish)> = Vec::new();
    let mut changed = 0;
    let mut kept = 0;
    // Boxes pinned anew or elsewhere: unpinned boxes they would cover make
    // room; where they would cover a pin, they are drawn below it.
    let mut pins: Vec<usize> = Vec::new();
    let linked_before: HashSet<&str> =
        layout.routes.iter().flat_map(|r| [r.key.from.as_str(), r.key.to.as_str()]).collect();
    let first_links = |id: &str| {
        layout.index.contains_key(id)
            && !linked_before.contains(id)
            && !(design.incoming(id).is_empty() && design.outgoing(id).is_empty())
    };
    // A box whose id is gone and whose place in file order a new id took
    // was renamed: it keeps its cell and its routes.
    let mut renamed: HashMap<ComponentId, ComponentId> = HashMap::new();
    for (i, c) in design.components().enumerate() {
        let (w, h) = box_size(c, scale);
        let pin = c.at.map(|at| cell_of(at, scale));
        let old = match layout.index.get(c.id.as_str()) {
            Some(j) => layout.boxes.get(*j),
            None => layout.boxes.get(i).filter(|b| !design.contains(b.id.as_str())).inspect(|b| {
                renamed.insert(b.id.clone(), c.id.clone());
            }),
        };
        kept += usize::from(old.is_some());
        let mut rect = old.map_or(Rect { x: 0, y: 0, w, h }, |o| Rect { w, h, ..o.rect });
        let moved_or_new = match (pin, old) {
            // Where it was drawn (maybe below a pin it would cover).
            (Some(_), Some(o)) if o.pinned && o.at == pin && o.rect == rect && o.zone == c.zone => false,
            (Some((x, y)), _) => {
                (rect.x, rect.y) = (x, y);
                pins.push(i);
                true
            }
            (None, None) => {
                wishes.push((i, Wish::Neighbours));
                true
            }
            (None, Some(o)) if o.pinned => {
                wishes.push((i, o.home.map_or(Wish::Neighbours, |(x, y)| Wish::Near(x, y))));
                true
            }
            (None, Some(o)) if o.rect != rect || o.zone != c.zone => {
                // Grown, or now in another zone: stays unless that clashes.
                wishes.push((i, Wish::Near(rect.x, rect.y)));
                true
            }
            // Linked for the first time (added, then connected): it goes
            // where its links put it, as if it had been added with them.
            (None, Some(_)) if first_links(c.id.as_str()) => {
                wishes.push((i, Wish::Neighbours));
                true
            }
            (None, Some(_)) => false,
        };
        changed += usize::from(moved_or_new);
        let home = old.and_then(|o| o.home);
        boxes.push(Placed { id: c.id.clone(), rect, pinned: pin.is_some(), zone: c.zone.clone(), home, at: pin });
        before.push(old.map(|o| o.rect));
    }
    let removed = layout.boxes.len() - kept;
    if changed + removed > (n / 4).max(8) {
        return false;
    }
    let links_unchanged = layout.routes.len() == design.link_count()
        && layout.routes.iter().zip(design.links()).all(|(r, l)| same_link(&r.key, l));
    if changed == 0 && removed == 0 && links_unchanged {
        return true;
    }

    // The same ids in the same order (a move, a link): the id map stands.
    let same_ids = kept == n && removed == 0 && renamed.is_empty();
    let index_of: HashMap<ComponentId, usize> = if same_ids {
        std::mem::take(&mut layout.index)
    } else {
        boxes.iter().enumerate().map(|(i, b)| (b.id.clone(), i)).collect()
    };
    let mut waiting = vec![false; n];
    for (i, _) in &wishes {
        waiting[*i] = true;
    }
    for &i in &pins {
        while let Some(j) = (0..n).find(|j| *j != i && !waiting[*j] && boxes[*j].rect.overlaps(&boxes[i].rect, 0)) {
            if boxes[j].pinned {
                // Two pins on one place: the newer is drawn below.
                boxes[i].rect.y = boxes[j].rect.bottom() + 1;
            } else {
                // A pin is where the person put it: a box nobody placed
                // makes room, moving to the free cell nearest where it was.
                waiting[j] = true;
                wishes.push((j, Wish::Near(boxes[j].rect.x, boxes[j].rect.y)));
            }
        }
    }
    let empty = Rect { x: 0, y: 0, w: 0, h: 0 };
    let mut index = Index::new(boxes.iter().zip(&waiting).map(|(b, w)| if *w { empty } else { b.rect }).collect());
    let mut frames = if wishes.is_empty() { Vec::new() } else { frames::compute(&boxes, &index) };
    let mut ranks = Ranks {
        columns: std::mem::take(&mut layout.columns),
        bands: std::mem::take(&mut layout.bands),
        gap: scale.gaps().0,
        max_width: layout.max_width,
        below: layout.extent.1 + 2,
        wrapped: layout.wrapped,
    };
    for (i, wish) in wishes {
        let size = (boxes[i].rect.w, boxes[i].rect.h);
        let (x, y, linked) = match wish {
            Wish::Near(x, y) => (x, y, false),
            Wish::Neighbours => beside_neighbours(design, &boxes[i], &index_of, &index, &mut ranks),
        };
        let spot = Spot { index: &index, boxes: &boxes, frames: &frames, zone: boxes[i].zone.as_deref() };
        let mut rect = spot.find(x, y, size, layout.extent.1.max(y), &ranks.columns);
        // A wrapped band with no room left for a box beside what it is
        // linked with: rows open below the band for it, as a fresh layout
        // makes room, rather than the box going below the whole board.
        if let (true, true, Some((top, bottom))) = (linked, frames.is_empty(), ranks.band_rows(y, index.rects()))
            && (rect.y < top || rect.bottom() > bottom)
            && bands::open_rows(bottom + 1, size.1 + 1, &mut boxes, &mut before, &mut layout.routes, &mut ranks)
        {
            index = Index::new(index.rects().iter().map(|r| bands::shifted(r, bottom + 1, size.1 + 1)).collect());
            rect = Rect { x, y: bottom + 1, w: size.0, h: size.1 };
        }
        index.place(i, rect);
        grow_frame(&mut frames, boxes[i].zone.as_deref(), &rect);
        boxes[i].rect = rect;
        boxes[i].home = Some((rect.x, rect.y));
    }

    let moved: Vec<usize> = (0..n).filter(|i| before[*i] != Some(boxes[*i].rect)).collect();
    let mut old_routes = std::mem::take(&mut layout.routes);
    for r in old_routes.iter_mut().filter(|_| !renamed.is_empty()) {
        for end in [&mut r.key.from, &mut r.key.to] {
            if let Some(new) = renamed.get(end) {
                *end = new.clone();
            }
        }
    }
    let routes = reroute(old_routes, design, &index, &index_of, &moved);
    layout.frames = frames::compute(&boxes, &index);
    layout.extent = extent(&boxes, &routes);
    layout.boxes = boxes;
    layout.routes = routes;
    layout.index = index_of;
    layout.columns = ranks.columns;
    layout.bands = ranks.bands;
    layout.wrapped = ranks.wrapped;
    true
}

/// Whether a route's key names this link (protocols match regardless of
/// case, as link keys do).
fn same_link(key: &LinkKey, link: &Link) -> bool {
    key.from == link.from
        && key.to == link.to
        && match (&key.protocol, &link.protocol) {
            (None, None) => true,
            (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
            _ => false,
        }
}

/// Routes in the design's link order: kept where still good, new where the
/// link is new, touches a moved box or now crosses one. Labels of kept
/// routes stay; new routes place theirs on free cells.
fn reroute(
    old: Vec<Route>,
    design: &Design,
    index: &Index,
    index_of: &HashMap<ComponentId, usize>,
    moved: &[usize],
) -> Vec<Route> {
    let rects = index.rects();
    let moved_rects: Vec<Rect> = moved.iter().map(|i| rects[*i]).collect();
    let moved_set: HashSet<usize> = moved.iter().copied().collect();
    let touches_moved = |link: &Link| {
        [&link.from, &link.to].iter().any(|id| index_of.get(id.as_str()).is_some_and(|i| moved_set.contains(i)))
    };
    // A few moved boxes against every segment: plain rectangle tests beat
    // an index here.
    let crosses_moved = |r: &Route| {
        r.points.windows(2).any(|w| {
            let (a, b) = (w[0], w[1]);
            let (x, y) = (a.0.min(b.0), a.1.min(b.1));
            let seg = Rect { x, y, w: (a.0 - b.0).abs() + 1, h: (a.1 - b.1).abs() + 1 };
            moved_rects.iter().any(|m| m.overlaps(&seg, 0))
        })
    };
    // Surviving links keep their relative order, so old routes are matched
    // by walking both lists; an old route whose link is gone is dropped.
    let mut old = old.into_iter().peekable();
    let mut kept: Vec<Option<Route>> = design
        .links()
        .map(|link| {
            let route = loop {
                match old.peek() {
                    Some(r) if same_link(&r.key, link) => break old.next(),
                    Some(r) if design.link(&r.key).is_none() => {
                        old.next();
                    }
                    _ => break None,
                }
            };
            route.filter(|r| !touches_moved(link) && !crosses_moved(r))
        })
        .collect();
    // Only labels near the links routed anew can be in their way.
    let mut near: Option<Rect> = None;
    for (route, link) in kept.iter().zip(design.links()) {
        if route.is_none()
            && let (Some(a), Some(b)) = (index_of.get(link.from.as_str()), index_of.get(link.to.as_str()))
        {
            let span = frames::grow(&frames::union(&rects[*a], &rects[*b]), 8);
            near = Some(near.map_or(span, |n| frames::union(&n, &span)));
        }
    }
    let mut labelled = labels::Taken::default();
    if let Some(near) = near {
        for (route, link) in kept.iter().zip(design.links()) {
            if let (Some(Route { label_at: Some((x, y)), .. }), Some(p)) = (route, link.protocol.as_deref()) {
                let label = Rect { x: *x, y: *y, w: super::shown_width(p), h: 1 };
                if label.overlaps(&near, 0) {
                    labelled.extend((*x..x + label.w).map(|c| (c, *y)));
                }
            }
        }
    }
    let mut budget = Budget::new(ASTAR_BUDGET, 4_000);
    let fresh: Vec<bool> = kept.iter().map(Option::is_none).collect();
    let mut routes: Vec<Route> = kept
        .iter_mut()
        .zip(design.links())
        .map(|(route, link)| {
            route.take().unwrap_or_else(|| {
                let (from, to) = (index_of.get(link.from.as_str()), index_of.get(link.to.as_str()));
                let points = match (from, to) {
                    (Some(a), Some(b)) => free_route(index, &rects[*a], &rects[*b], &mut budget, true),
                    _ => vec![(0, 0), (0, 0)],
                };
                Route { key: link.key(), points, label_at: None, fallback: false }
            })
        })
        .collect();
    // A route routed anew may fall back; one that fell back may be clear
    // now that a box moved away (a kept route crosses no box that moved).
    for (route, _) in routes.iter_mut().zip(&fresh).filter(|(r, f)| **f || r.fallback) {
        route.fallback = index.path_blocked(&route.points);
    }
    if fresh.iter().any(|f| *f) {
        // Labels go on the fresh routes' runs, and only lines crossing the
        // cells about them can be in the way: the other links' lines stay
        // out of the index (gathering every line cost a quarter of an
        // edit at 1,000 components).
        let widest = design.links().filter_map(|l| l.protocol.as_deref()).map(super::shown_width).max().unwrap_or(0);
        let region = routes
            .iter()
            .zip(&fresh)
            .filter(|(_, f)| **f)
            .filter_map(|(r, _)| route_extent(&r.points))
            .reduce(|a, b| frames::union(&a, &b))
            .map(|r| Rect { x: r.x - widest - 2, y: r.y - 1, w: r.w + 2 * widest + 4, h: r.h + 2 });
        let near_region =
            |r: &Route| region.is_some_and(|g| route_extent(&r.points).is_some_and(|e| e.overlaps(&g, 0)));
        let lines =
            Lines::new(routes.iter().map(|r| if near_region(r) { r.points.as_slice() } else { &[] as &[(i32, i32)] }));
        for (me, ((route, link), _)) in
            routes.iter_mut().zip(design.links()).zip(&fresh).enumerate().filter(|(_, (_, f))| **f)
        {
            let width = link.protocol.as_deref().map_or(0, super::shown_width);
            route.label_at = labels::place(&route.points, width, me, &lines, &mut labelled);
        }
    }
    routes
}

/// The smallest rectangle holding every point of a route.
fn route_extent(points: &[(i32, i32)]) -> Option<Rect> {
    let (x0, x1, y0, y1) = points.iter().fold((i32::MAX, i32::MIN, i32::MAX, i32::MIN), |(x0, x1, y0, y1), p| {
        (x0.min(p.0), x1.max(p.0), y0.min(p.1), y1.max(p.1))
    });
    (x0 <= x1).then(|| Rect { x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 })
}

/// A column and row for a box beside what it is linked with: the column
/// after its callers (or before what it calls) at their mean height, in
/// their band of wrapped ranks or at the top of the band a rank past its
/// end is in; a box with no placed neighbours goes to the top of the first
/// column (clients) or the second (everything else). True when it has
/// placed neighbours.
fn beside_neighbours(
    design: &Design,
    placed: &Placed,
    index_of: &HashMap<ComponentId, usize>,
    index: &Index,
    ranks: &mut Ranks,
) -> (i32, i32, bool) {
    let rects = index.rects();
    let rect_of = |id: &ComponentId| index_of.get(id.as_str()).map(|i| rects[*i]).filter(|r| r.w > 0);
    let id = placed.id.as_str();
    let callers: Vec<Rect> = design.incoming(id).iter().filter_map(|l| rect_of(&l.from)).collect();
    let callees: Vec<Rect> = design.outgoing(id).iter().filter_map(|l| rect_of(&l.to)).collect();
    let (w, h) = (placed.rect.w, placed.rect.h);
    let mean_y = |rs: &[Rect]| {
        let sum: i64 = rs.iter().map(|r| i64::from(r.center_y())).sum();
        (sum / rs.len().max(1) as i64) as i32 - h / 2
    };
    if let Some(last) = callers.iter().max_by_key(|r| (r.right(), r.y)) {
        let (x, band_top) = ranks.after(last, w);
        return (x, band_top.unwrap_or_else(|| mean_y(&callers)), true);
    }
    if let Some(first) = callees.iter().min_by_key(|r| (r.x, r.y)) {
        let (x, band_top) = ranks.before(first);
        return (x, band_top.unwrap_or_else(|| mean_y(&callees)), true);
    }
    let client = design.component(id).is_some_and(|c| c.kind == Kind::Client);
    let columns = &ranks.columns;
    let first = Rect { x: columns.first().map_or(0, |c| c.0), y: 0, w: columns.first().map_or(0, |c| c.1), h: 1 };
    let x = if client { first.x } else { ranks.after(&first, w).0 };
    (x, 0, false)
}

fn grow_frame(frames: &mut Vec<Frame>, zone: Option<&str>, rect: &Rect) {
    let Some(zone) = zone else { return };
    let around = frames::grow(rect, 1);
    match frames.iter_mut().find(|f| f.zone == zone) {
        Some(f) => f.rect = frames::union(&f.rect, &around),
        None => frames.push(Frame { zone: zone.to_string(), rect: around, clean: true }),
    }
}

/// Finding a free cell for one box of `zone`.
struct Spot<'a> {
    index: &'a Index,
    boxes: &'a [Placed],
    frames: &'a [Frame],
    zone: Option<&'a str>,
}

impl Spot<'_> {
    /// The free cell nearest row `y` of column `x` that keeps its own
    /// zone's frame clean, else of one of the frame's other columns (at
    /// most three, nearest first); else the nearest in column `x` that
    /// keeps out of other zones' frames; else below everything.
    fn find(&self, x: i32, y: i32, (w, h): (i32, i32), depth: i32, columns: &[(i32, i32)]) -> Rect {
        let reach = depth + h + 2;
        // A zone's frame line needs the row above its box.
        let first_row = i32::from(self.zone.is_some());
        let mut xs = vec![x];
        if let Some(own) = self.own_frame() {
            let mut others: Vec<i32> = columns
                .iter()
                .map(|c| c.0)
                .filter(|cx| *cx != x && own.rect.x < *cx && *cx < own.rect.right())
                .collect();
            others.sort_by_key(|cx| (cx - x).abs());
            xs.extend(others.into_iter().take(3));
        }
        for strict in [true, false] {
            let tried = if strict { &xs[..] } else { &xs[..1] };
            for &x in tried {
                for k in 0..=reach {
                    let rows = if k == 0 { [y, -1] } else { [y.saturating_add(k), y.saturating_sub(k)] };
                    for row in rows.into_iter().filter(|r| *r >= first_row) {
                        let candidate = Rect { x, y: row, w, h };
                        if self.fits(&candidate, strict) {
                            return candidate;
                        }
                    }
                }
            }
        }
        let bottom =
            self.index.rects().iter().map(|r| r.bottom()).chain(self.frames.iter().map(|f| f.rect.bottom())).max();
        Rect { x, y: bottom.unwrap_or(0) + 1, w, h }
    }

    /// The box's own zone's frame, when there is one to keep clean.
    fn own_frame(&self) -> Option<&Frame> {
        self.frames.iter().find(|f| f.clean && Some(f.zone.as_str()) == self.zone)
    }

    fn fits(&self, c: &Rect, strict: bool) -> bool {
        if self.index.any_near(c, 1, |_| true) {
            return false;
        }
        let drawn = |f: &&Frame| f.clean;
        if self.frames.iter().filter(drawn).any(|f| Some(f.zone.as_str()) != self.zone && c.overlaps(&f.rect, 1)) {
            return false;
        }
        let Some(own) = self.own_frame().filter(|_| strict) else {
            return true;
        };
        let grown = frames::union(&own.rect, &frames::grow(c, 1));
        if grown == own.rect {
            return true;
        }
        let crosses_frame = self.frames.iter().filter(drawn).any(|f| f.zone != own.zone && grown.overlaps(&f.rect, 1));
        // The frame held only its own boxes, so only the cells it gains
        // need looking at.
        let foreign = |i: usize| self.boxes.get(i).and_then(|b| b.zone.as_deref()) != self.zone;
        !crosses_frame && !gained(&own.rect, &grown).iter().any(|strip| self.index.any_near(strip, 0, foreign))
    }
}

/// The cells of `grown` outside `old` (which it contains), as up to four
/// strips: full-height ones left and right, the rest above and below.
pub(super) fn gained(old: &Rect, grown: &Rect) -> Vec<Rect> {
    let strips = [
        Rect { x: grown.x, y: grown.y, w: old.x - grown.x, h: grown.h },
        Rect { x: old.right(), y: grown.y, w: grown.right() - old.right(), h: grown.h },
        Rect { x: old.x, y: grown.y, w: old.w, h: old.y - grown.y },
        Rect { x: old.x, y: old.bottom(), w: old.w, h: grown.bottom() - old.bottom() },
    ];
    strips.into_iter().filter(|r| r.w > 0 && r.h > 0).collect()
}
