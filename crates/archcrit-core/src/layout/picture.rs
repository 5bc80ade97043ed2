//! The whiteboard as a grid of character cells: zone frames, then links
//! (direction bits merged into one glyph per cell so crossings read as
//! `┼`), arrow heads and protocol labels, then boxes with their finding
//! badges on top. Each cell carries an `Ink` saying what it shows; the
//! workshop's canvas turns inks into terminal styles, the text export
//! drops them. Only cells inside the window asked for are computed.

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::glyphs::{self, BoxStyle, DOWN, LEFT, RIGHT, UP};
use super::{Layout, Rect, Scale};
use crate::critic::Severity;
use crate::model::{Component, ComponentId, Design, Kind, Link, LinkKey};

/// How much a box or link stands out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tone {
    Plain,
    /// A diff's marks (`:diff`): new since the base, changed, or a ghost of
    /// what the base had and the design no longer has.
    Added,
    Changed,
    Removed,
    /// Touches the selection.
    Selected,
    /// In the selected finding, or being inspected or connected to.
    Highlighted,
}

/// What a cell shows, for the canvas to colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ink {
    /// Inside a box: cleared, unstyled.
    Blank,
    Zone,
    Link(Tone),
    /// A link the layout could only draw across a box (see
    /// `Route::fallback`): drawn dashed, for the canvas to dim.
    Across(Tone),
    /// A protocol label; plain ones are drawn dim.
    Label(Tone),
    /// A box border, by the box's kind unless it stands out.
    Border(Tone, Kind),
    Title,
    /// Secondary text (a box's tech).
    Dim,
    Badge(Severity),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// One grapheme; empty for the second cell of a wide character.
    pub symbol: Cow<'static, str>,
    pub ink: Ink,
}

/// What to make stand out and which badges to show. `Plain` shows none.
pub trait Emphasis {
    fn box_tone(&self, _id: &ComponentId) -> Tone {
        Tone::Plain
    }
    fn link_tone(&self, _key: &LinkKey, _link: &Link) -> Tone {
        Tone::Plain
    }
    /// The worst finding on a box: its badge.
    fn worst(&self, _id: &ComponentId) -> Option<Severity> {
        None
    }
}

/// No emphasis and no badges.
pub struct Plain;

impl Emphasis for Plain {}

/// A window of the whiteboard: cell (x, y) of the canvas is at
/// `cells[(y - window.y) * window.w + (x - window.x)]`; `None` where
/// nothing is drawn.
pub struct Picture {
    pub window: Rect,
    pub cells: Vec<Option<Cell>>,
    ascii: bool,
}

impl Picture {
    fn new(window: Rect, ascii: bool) -> Picture {
        let len = (window.w.max(0) as usize) * (window.h.max(0) as usize);
        Picture { window, cells: vec![None; len], ascii }
    }

    pub fn get(&self, x: i32, y: i32) -> Option<&Cell> {
        self.index(x, y).and_then(|i| self.cells[i].as_ref())
    }

    fn index(&self, x: i32, y: i32) -> Option<usize> {
        self.window.contains(x, y).then(|| ((y - self.window.y) * self.window.w + (x - self.window.x)) as usize)
    }

    fn put(&mut self, x: i32, y: i32, symbol: impl Into<Cow<'static, str>>, ink: Ink) {
        if let Some(i) = self.index(x, y) {
            self.cells[i] = Some(Cell { symbol: symbol.into(), ink });
        }
    }

    /// Writes text from (x, y), at most `max` cells wide, clipped to the
    /// window; a wide character cut by the edge becomes a space.
    fn text(&mut self, x: i32, y: i32, text: &str, max: i32, ink: Ink) {
        let mut cx = x;
        // Labels come from design files, imports and models: escapes are
        // drawn visibly, never passed to a terminal (or a README).
        let text = crate::text::inert::line(text);
        for g in text.graphemes(true) {
            let w = g.width() as i32;
            if w == 0 {
                continue;
            }
            if cx + w > x + max {
                break;
            }
            if self.window.contains(cx, y) && self.window.contains(cx + w - 1, y) {
                self.put(cx, y, g.to_string(), ink);
                for extra in 1..w {
                    self.put(cx + extra, y, "", ink);
                }
            } else {
                for extra in 0..w {
                    self.put(cx + extra, y, " ", ink);
                }
            }
            cx += w;
        }
    }

    /// The rows as text, trailing spaces trimmed, blank rows at the ends
    /// dropped.
    pub fn to_text(&self) -> String {
        let mut rows: Vec<String> = Vec::with_capacity(self.window.h.max(0) as usize);
        for y in self.window.y..self.window.bottom() {
            let mut row = String::new();
            for x in self.window.x..self.window.right() {
                match self.get(x, y) {
                    Some(c) => row.push_str(&c.symbol),
                    None => row.push(' '),
                }
            }
            rows.push(row.trim_end().to_string());
        }
        let first = rows.iter().position(|r| !r.is_empty()).unwrap_or(rows.len());
        let last = rows.iter().rposition(|r| !r.is_empty()).map_or(first, |l| l + 1);
        let mut out = rows[first..last].join("\n");
        if !out.is_empty() {
            out.push('\n');
        }
        out
    }
}

/// Shortens text to `width` cells, ending in `…` (or `~`) when cut.
pub fn fit(text: &str, width: usize, ascii: bool) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in text.graphemes(true) {
        let w = g.width();
        if used + w + 1 > width {
            break;
        }
        out.push_str(g);
        used += w;
    }
    out.push_str(if ascii { "~" } else { "…" });
    out
}

/// The smallest rectangle holding everything `layout` draws.
pub fn bounds(layout: &Layout) -> Rect {
    let mut lo = (i32::MAX, i32::MAX);
    let mut hi = (i32::MIN, i32::MIN);
    let mut add = |r: &Rect| {
        lo = (lo.0.min(r.x), lo.1.min(r.y));
        hi = (hi.0.max(r.right()), hi.1.max(r.bottom()));
    };
    layout.boxes.iter().for_each(|b| add(&b.rect));
    layout.frames.iter().for_each(|f| add(&f.rect));
    for route in &layout.routes {
        route.points.iter().for_each(|&(x, y)| add(&Rect { x, y, w: 1, h: 1 }));
    }
    if lo.0 > hi.0 {
        return Rect { x: 0, y: 0, w: 0, h: 0 };
    }
    Rect { x: lo.0, y: lo.1, w: hi.0 - lo.0, h: hi.1 - lo.1 }
}

/// Draws the part of the whiteboard inside `window`.
pub fn draw(design: &Design, layout: &Layout, window: Rect, ascii: bool, emphasis: &dyn Emphasis) -> Picture {
    let mut picture = Picture::new(window, ascii);
    if window.w <= 0 || window.h <= 0 {
        return picture;
    }
    draw_zones(&mut picture, design, layout);
    draw_links(&mut picture, design, layout, emphasis);
    for placed in &layout.boxes {
        if !placed.rect.overlaps(&window, 0) {
            continue;
        }
        let Some(c) = design.component(placed.id.as_str()) else { continue };
        let worst = emphasis.worst(&placed.id);
        draw_box(&mut picture, placed.rect, c, emphasis.box_tone(&placed.id), worst, layout.scale);
    }
    picture
}

fn draw_zones(p: &mut Picture, design: &Design, layout: &Layout) {
    for frame in &layout.frames {
        // A frame around other zones' boxes would say something false:
        // such a zone is shown by its members' inspector, not a frame.
        let r = frame.rect;
        if !frame.clean || !design.zones().contains_key(&frame.zone) || !r.overlaps(&p.window, 0) {
            continue;
        }
        let (h, v) = if p.ascii { (".", ":") } else { ("┈", "┊") };
        for x in r.x.max(p.window.x - 1)..r.right().min(p.window.right() + 1) {
            p.put(x, r.y, h, Ink::Zone);
            p.put(x, r.bottom() - 1, h, Ink::Zone);
        }
        for y in r.y.max(p.window.y - 1)..r.bottom().min(p.window.bottom() + 1) {
            p.put(r.x, y, v, Ink::Zone);
            p.put(r.right() - 1, y, v, Ink::Zone);
        }
        let title = format!(" {} ", frame.zone);
        let x = title_column(layout, r, title.width() as i32);
        p.text(x, r.y, &title, r.right() - 1 - x, Ink::Zone);
    }
}

/// Where a zone's title goes on its frame's top line: the first stretch
/// from the left that no link crosses or runs along, so a line never cuts
/// the name (`╭─grpc─╯e ┈┈`); the top-left corner when there is none.
fn title_column(layout: &Layout, frame: Rect, width: i32) -> i32 {
    let (row, first) = (frame.y, frame.x + 1);
    let room = (frame.w - 2).max(0);
    if room < width {
        return first;
    }
    let mut taken = vec![false; room as usize];
    let mut take = |a: i32, b: i32| {
        for x in a.max(first)..=b.min(first + room - 1) {
            taken[(x - first) as usize] = true;
        }
    };
    for route in &layout.routes {
        for seg in route.points.windows(2) {
            let ((x0, y0), (x1, y1)) = (seg[0], seg[1]);
            if y0 == row && y1 == row {
                take(x0.min(x1), x0.max(x1));
            } else if x0 == x1 && y0.min(y1) <= row && row <= y0.max(y1) {
                take(x0, x0);
            }
        }
    }
    (0..=room - width)
        .find(|&k| taken[k as usize..(k + width) as usize].iter().all(|t| !t))
        .map_or(first, |k| first + k)
}

/// A link's protocol label to place: where the layout put it (if it found
/// room), the text, its tone and the route it labels.
type Label<'a> = (Option<(i32, i32)>, &'a str, Tone, &'a [(i32, i32)]);

fn draw_links(p: &mut Picture, design: &Design, layout: &Layout, emphasis: &dyn Emphasis) {
    let window = p.window;
    let (w, h) = (window.w, window.h);
    let mut mask = vec![0u8; (w * h) as usize];
    // A shared cell takes the strongest tone of its links, and is solid if
    // any is synchronous: a highlighted async link still reads as async.
    let mut tone = vec![Tone::Plain; (w * h) as usize];
    let mut solid = vec![false; (w * h) as usize];
    // Cells only fallback routes (drawn across boxes) pass.
    let mut across = vec![true; (w * h) as usize];
    // How many links pass each cell (to 255): a label the layout found no
    // room for goes only where its own line runs alone.
    let mut lines = vec![0u8; (w * h) as usize];
    let mut heads: Vec<(i32, i32, &'static str, Tone)> = Vec::new();
    let mut labels: Vec<Label> = Vec::new();
    for (route, link) in layout.routes.iter().zip(design.links()) {
        let class = emphasis.link_tone(&route.key, link);
        let dashed = !link.is_sync() || route.fallback;
        let mut seen = false;
        for seg in route.points.windows(2) {
            let ((x0, y0), (x1, y1)) = (seg[0], seg[1]);
            let bounds = Rect { x: x0.min(x1), y: y0.min(y1), w: (x1 - x0).abs() + 1, h: (y1 - y0).abs() + 1 };
            if !bounds.overlaps(&window, 0) {
                continue;
            }
            seen = true;
            let (dx, dy) = ((x1 - x0).signum(), (y1 - y0).signum());
            let (fwd, back) = match (dx, dy) {
                (1, _) => (RIGHT, LEFT),
                (-1, _) => (LEFT, RIGHT),
                (_, 1) => (DOWN, UP),
                _ => (UP, DOWN),
            };
            let len = (x1 - x0).abs().max((y1 - y0).abs());
            // Clip the walk to the window so a long line costs its visible part.
            let (lo, hi) = if dx != 0 {
                let a = (window.x - x0) * dx;
                let b = (window.right() - 1 - x0) * dx;
                (a.min(b).max(0), a.max(b).min(len))
            } else {
                let a = (window.y - y0) * dy;
                let b = (window.bottom() - 1 - y0) * dy;
                (a.min(b).max(0), a.max(b).min(len))
            };
            for i in lo..=hi {
                let (lx, ly) = (x0 + dx * i - window.x, y0 + dy * i - window.y);
                if lx < 0 || ly < 0 || lx >= w || ly >= h {
                    continue;
                }
                let idx = (ly * w + lx) as usize;
                let mut bits = 0;
                if i < len {
                    bits |= fwd;
                }
                if i > 0 {
                    bits |= back;
                }
                mask[idx] |= bits;
                lines[idx] = lines[idx].saturating_add(1);
                solid[idx] |= !dashed;
                across[idx] &= route.fallback;
                tone[idx] = tone[idx].max(class);
            }
        }
        if let [.., a, b] = route.points.as_slice() {
            heads.push((b.0, b.1, glyphs::arrow(b.0 - a.0, b.1 - a.1, p.ascii), class));
        }
        if let (true, Some(text)) = (seen, link.protocol.as_deref()) {
            labels.push((route.label_at, text, class, &route.points));
        }
    }
    for ly in 0..h {
        for lx in 0..w {
            let idx = (ly * w + lx) as usize;
            if mask[idx] != 0 {
                let symbol = glyphs::line(mask[idx], !solid[idx], p.ascii);
                let ink = if across[idx] { Ink::Across(tone[idx]) } else { Ink::Link(tone[idx]) };
                p.put(window.x + lx, window.y + ly, symbol, ink);
            }
        }
    }
    // A label sits on a straight stretch of its line, never where another
    // line crosses or joins (`┼`, `┬`) or on an arrow head: where the
    // layout put it, else on the nearest straight stretch of its route
    // (the last segments first when the layout found no room); where no
    // stretch holds it whole, a long name cut short with `…` (`websocket`
    // -> `webs…`; four cells or fewer are never cut), then just under (or
    // over) a stretch of its own line, else dropped.
    let mut taken: Vec<(i32, i32, i32)> = Vec::new();
    for (at, text, class, points) in labels {
        let full = text.width();
        // Only the compact view, short of room, cuts or moves labels off
        // their line; the full view keeps its picture.
        let compact = layout.scale == Scale::Compact;
        let cuts = if compact { MIN_CUT_LABEL..full.min(MAX_LABEL_TRY) } else { 0..0 };
        let shorter = cuts.rev().map(|w| fit(text, w, p.ascii));
        let tries = std::iter::once(text.to_string()).chain(shorter);
        let tries: Vec<String> = tries.collect();
        let on_line = tries.iter().find_map(|text| {
            let width = text.width() as i32;
            label_spot(&mask, &lines, window, (w, h), at, points, width, &taken).map(|(x, y)| (x, y, text.clone()))
        });
        // Else just below (or above) a straight stretch of its own line, on
        // blank cells: a crowded compact view keeps its protocols.
        let found = on_line.or_else(|| {
            if !compact {
                return None;
            }
            let blank = |x: i32, y: i32| {
                let (lx, ly) = (x - window.x, y - window.y);
                (0..w).contains(&lx)
                    && (0..h).contains(&ly)
                    && mask[(ly * w + lx) as usize] == 0
                    && p.get(x, y).is_none()
                    && layout.hit(x, y).is_none()
            };
            tries.iter().find_map(|text| {
                let width = text.width() as i32;
                label_beside(&mask, &lines, window, (w, h), points, width, &taken, &blank)
                    .map(|(x, y)| (x, y, text.clone()))
            })
        });
        if let Some((ax, ay, text)) = found {
            let width = text.width() as i32;
            taken.push((ax, ay, width));
            p.text(ax, ay, &text, width, Ink::Label(class));
        }
    }
    for (x, y, head, class) in heads {
        p.put(x, y, head, Ink::Link(class));
    }
}

/// Where a label of `width` cells fits on the row just below a straight
/// stretch of `points` (labels hang under their line), over cells of that
/// stretch, on `blank` cells with a blank cell after it.
#[allow(clippy::too_many_arguments)]
fn label_beside(
    mask: &[u8],
    lines: &[u8],
    window: Rect,
    (w, h): (i32, i32),
    points: &[(i32, i32)],
    width: i32,
    taken: &[(i32, i32, i32)],
    blank: &dyn Fn(i32, i32) -> bool,
) -> Option<(i32, i32)> {
    // A stretch of this link's line alone: over a line that links share,
    // a label would name the wrong one.
    let own = |cx: i32, cy: i32| {
        let (lx, ly) = (cx - window.x, cy - window.y);
        (0..w).contains(&lx)
            && (0..h).contains(&ly)
            && mask[(ly * w + lx) as usize] == LEFT | RIGHT
            && lines[(ly * w + lx) as usize] == 1
    };
    let free = |(ax, ay): (i32, i32)| {
        !taken.iter().any(|(tx, ty, tw)| (ty - ay).abs() <= 1 && ax < tx + tw + 1 && *tx < ax + width + 1)
    };
    for seg in points.windows(2).rev() {
        let ((x0, y0), (x1, y1)) = (seg[0], seg[1]);
        if y0 != y1 {
            continue;
        }
        // It starts over two cells of the stretch, and may run on over
        // blank cells past its end: short lanes hold no label otherwise.
        let (lo, hi) = (x0.min(x1) + 1, x0.max(x1) - 2.min(width));
        let mid = (lo + hi - width) / 2;
        // Under its line only: a label hung above reads as floating (a
        // user took `amqp` over a dashed lane for nobody's label).
        let y = y0 + 1;
        // Hung off its line, a label must not touch another: blank on
        // both sides and on the far row, or it reads as that line's.
        let spot = centre_out(lo, hi, mid).map(|ax| (ax, y)).find(|&(ax, ay)| {
            (ax..ax + width.min(2)).all(|cx| own(cx, y0))
                && (ax - 1..=ax + width).all(|cx| blank(cx, ay) && blank(cx, ay + 1))
                && free((ax, ay))
        });
        if spot.is_some() {
            return spot;
        }
    }
    None
}

/// Labels cut short keep at least this many cells (`red…`).
const MIN_CUT_LABEL: usize = 4;
/// Cuts tried for a long label, from the longest that fits this width.
const MAX_LABEL_TRY: usize = 16;

/// Where a label of `width` cells fits on `points`' straight stretches:
/// near where the layout put it (`at`) when the window holds that, else
/// centred on the last stretches first; `None` when no stretch holds it.
#[allow(clippy::too_many_arguments)]
fn label_spot(
    mask: &[u8],
    lines: &[u8],
    window: Rect,
    (w, h): (i32, i32),
    at: Option<(i32, i32)>,
    points: &[(i32, i32)],
    width: i32,
    taken: &[(i32, i32, i32)],
) -> Option<(i32, i32)> {
    // A label is drawn whole or not at all: off the window never fits.
    let bits = |cx: i32, cy: i32| {
        let (lx, ly) = (cx - window.x, cy - window.y);
        ((0..w).contains(&lx) && (0..h).contains(&ly)).then(|| mask[(ly * w + lx) as usize])
    };
    let alone = |cx: i32, cy: i32| {
        let (lx, ly) = (cx - window.x, cy - window.y);
        at.is_some() || !(0..w).contains(&lx) || !(0..h).contains(&ly) || lines[(ly * w + lx) as usize] == 1
    };
    let straight = |cx: i32, cy: i32| bits(cx, cy) == Some(LEFT | RIGHT) && alone(cx, cy);
    // Before it a line or where the line leaves its box; after it a line
    // before the arrow head (`]─https─▶`, never `╰sql▶`).
    let ends = |ax: i32, ay: i32| {
        bits(ax - 1, ay).is_some_and(|b| b != 0 && b & (UP | DOWN) == 0) && bits(ax + width, ay) == Some(LEFT | RIGHT)
    };
    let free =
        |(ax, ay): (i32, i32)| !taken.iter().any(|(tx, ty, tw)| *ty == ay && ax < tx + tw + 1 && *tx < ax + width + 1);
    let fits = |(ax, ay): (i32, i32)| (ax..ax + width).all(|cx| straight(cx, ay)) && ends(ax, ay) && free((ax, ay));
    // Between each straight segment's ends (a corner, a head or the
    // source's edge), centred first, the last segments first.
    let spots = || {
        points.windows(2).rev().filter(|seg| seg[0].1 == seg[1].1).flat_map(|seg| {
            let ((x0, y0), (x1, _)) = (seg[0], seg[1]);
            let (lo, hi) = (x0.min(x1) + 1, x0.max(x1) - width);
            centre_out(lo, hi, (lo + hi) / 2).map(move |ax| (ax, y0))
        })
    };
    let Some((x, y)) = at else {
        return spots().find(|s| fits(*s));
    };
    // Where the layout put it, unless that is cut by the window's edge: a
    // label does not wander as the canvas pans.
    let inside = window.contains(x - 1, y) && window.contains(x + width, y);
    if !inside {
        return None;
    }
    // The nearest place to it first; the place itself costs no sort.
    if spots().any(|s| s == (x, y)) && fits((x, y)) {
        return Some((x, y));
    }
    let mut near: Vec<(i32, usize, (i32, i32))> =
        spots().enumerate().map(|(k, (ax, ay))| ((ay - y).abs() * 1000 + (ax - x).abs(), k, (ax, ay))).collect();
    near.sort_unstable();
    near.into_iter().map(|(_, _, s)| s).find(|s| fits(*s))
}

/// `lo..=hi` nearest `mid` first, the lower of two as near first (what a
/// stable sort of the range by distance gives, without the sort: a long
/// route's stretches hold hundreds of places).
fn centre_out(lo: i32, hi: i32, mid: i32) -> impl Iterator<Item = i32> {
    let reach = (mid - lo).max(hi - mid).max(0);
    (0..=reach)
        .flat_map(move |d| [Some(mid - d), (d > 0).then_some(mid + d)])
        .flatten()
        .filter(move |ax| (lo..=hi).contains(ax))
}

fn draw_box(p: &mut Picture, r: Rect, c: &Component, tone: Tone, worst: Option<Severity>, scale: Scale) {
    let style = match tone {
        Tone::Highlighted => BoxStyle::Highlighted,
        Tone::Selected => BoxStyle::Selected,
        _ if c.kind.is_data_store() => BoxStyle::Round,
        _ => BoxStyle::Plain,
    };
    let border = Ink::Border(tone, c.kind);
    let label = c.display_label();
    let ascii = p.ascii;
    if scale == Scale::Compact || r.h < 3 {
        // Selection brackets are bars, not arrows: `▶` beside a link's
        // arrow head read as part of the link.
        let (open, close) = match (c.kind.is_data_store(), style, ascii) {
            (_, BoxStyle::Selected, false) => ("┃", "┃"),
            (_, BoxStyle::Selected, true) => ("#", "#"),
            (_, BoxStyle::Highlighted, _) => ("*", "*"),
            (true, _, _) => ("(", ")"),
            (false, _, _) => ("[", "]"),
        };
        for x in r.x..r.right() {
            p.put(x, r.y, " ", Ink::Blank);
        }
        p.put(r.x, r.y, open, border);
        p.put(r.right() - 1, r.y, close, border);
        // A badge takes its cell and a space before it: `[Fulfilment w… ●]`,
        // never a label run into its badge.
        let room = (r.w - 2 - 2 * i32::from(worst.is_some())).max(0);
        let text = fit(label, room as usize, ascii);
        // Centred, so the room kept for a badge reads as padding.
        let pad = ((room - text.width() as i32) / 2).max(0);
        p.text(r.x + 1 + pad, r.y, &text, room - pad, Ink::Title);
        if let Some(s) = worst {
            p.put(r.right() - 2, r.y, glyphs::mark(s, ascii), Ink::Badge(s));
        }
        return;
    }
    let g = glyphs::boxes(style, ascii);
    for y in r.y.max(p.window.y)..r.bottom().min(p.window.bottom()) {
        for x in r.x.max(p.window.x)..r.right().min(p.window.right()) {
            let (top, bottom, left, right) = (y == r.y, y == r.bottom() - 1, x == r.x, x == r.right() - 1);
            let symbol = match (top, bottom, left, right) {
                (true, _, true, _) => g.tl,
                (true, _, _, true) => g.tr,
                (_, true, true, _) => g.bl,
                (_, true, _, true) => g.br,
                (true, _, _, _) | (_, true, _, _) => g.h,
                (_, _, true, _) | (_, _, _, true) => g.v,
                _ => " ",
            };
            p.put(x, y, symbol, if symbol == " " { Ink::Blank } else { border });
        }
    }
    // Kind in the top border, badge at its right end.
    let tag = format!(" {} ", c.kind.as_str());
    p.text(r.x + 1, r.y, &tag, r.w - 4, border);
    if let Some(s) = worst {
        p.text(r.right() - 4, r.y, &format!(" {} ", glyphs::mark(s, ascii)), 3, Ink::Badge(s));
    }
    let inner = (r.w - 4).max(0);
    p.text(r.x + 2, r.y + 1, &fit(label, inner as usize, ascii), inner, Ink::Title);
    if let Some(tech) = &c.tech
        && r.h >= 4
    {
        p.text(r.x + 2, r.y + 2, &fit(tech, inner as usize, ascii), inner, Ink::Dim);
    }
}
