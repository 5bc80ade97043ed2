//! The whiteboard, drawn straight into the frame's buffer: zone frames,
//! then links (direction bits merged into one glyph per cell so crossings
//! read as `┼`), arrow heads and protocol labels, then boxes on top. Only
//! what falls inside the visible window is touched.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect as Area;
use ratatui::style::Style;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::glyphs::{self, BoxStyle, DOWN, LEFT, RIGHT, UP};
use crate::tui::theme::Theme;
use archcrit_app::State;
use archcrit_core::layout::{Rect, Scale};
use archcrit_core::model::Component;

/// The visible part of the canvas: canvas cell (sx, sy) is drawn at the
/// pane's top-left.
struct View<'a> {
    buf: &'a mut Buffer,
    area: Area,
    sx: i32,
    sy: i32,
}

impl View<'_> {
    fn visible(&self, x: i32, y: i32) -> bool {
        x >= self.sx
            && y >= self.sy
            && x < self.sx + i32::from(self.area.width)
            && y < self.sy + i32::from(self.area.height)
    }

    fn overlaps(&self, r: &Rect) -> bool {
        r.right() > self.sx
            && r.x < self.sx + i32::from(self.area.width)
            && r.bottom() > self.sy
            && r.y < self.sy + i32::from(self.area.height)
    }

    fn put(&mut self, x: i32, y: i32, symbol: &str, style: Style) {
        if self.visible(x, y) {
            let pos = ((self.area.x as i32 + x - self.sx) as u16, (self.area.y as i32 + y - self.sy) as u16);
            if let Some(cell) = self.buf.cell_mut(pos) {
                cell.set_symbol(symbol).set_style(style);
            }
        }
    }

    /// Writes text from (x, y), at most `max` cells wide, clipped to the view;
    /// a wide character cut by the edge becomes a space.
    fn text(&mut self, x: i32, y: i32, text: &str, max: i32, style: Style) {
        let mut cx = x;
        // Labels come from the design file, imports and the model.
        let text = archcrit_core::text::inert::line(text);
        for g in text.graphemes(true) {
            let w = g.width() as i32;
            if w == 0 {
                continue;
            }
            if cx + w > x + max {
                break;
            }
            if self.visible(cx, y) && self.visible(cx + w - 1, y) {
                self.put(cx, y, g, style);
                for extra in 1..w {
                    self.put(cx + extra, y, "", style);
                }
            } else {
                for extra in 0..w {
                    self.put(cx + extra, y, " ", style);
                }
            }
            cx += w;
        }
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

pub fn draw(buf: &mut Buffer, area: Area, state: &State, theme: &Theme) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let mut view = View { buf, area, sx: state.scroll.0, sy: state.scroll.1 };
    let finding = state.selected_finding();
    draw_zones(&mut view, state, theme);
    draw_links(&mut view, state, theme);
    let report = state.latest_report();
    let connect_target = match &state.overlay {
        archcrit_app::Overlay::Connect { target, .. } => target.clone(),
        _ => None,
    };
    for placed in &state.layout.boxes {
        if !view.overlaps(&placed.rect) {
            continue;
        }
        let Some(c) = state.design.component(placed.id.as_str()) else { continue };
        let style = if finding.is_some_and(|f| f.components.contains(&placed.id))
            || connect_target.as_ref() == Some(&placed.id)
        {
            BoxStyle::Highlighted
        } else if state.selected() == Some(&placed.id) {
            BoxStyle::Selected
        } else if c.kind.is_data_store() {
            BoxStyle::Round
        } else {
            BoxStyle::Plain
        };
        let worst = report.and_then(|r| r.worst_for(placed.id.as_str()));
        draw_box(&mut view, placed.rect, c, style, worst, state.scale, theme);
    }
}

fn draw_zones(view: &mut View, state: &State, theme: &Theme) {
    for frame in &state.layout.frames {
        // A frame around other zones' boxes would say something false:
        // such a zone is shown by its members' inspector, not a frame.
        let r = frame.rect;
        if !frame.clean || !state.design.zones().contains_key(&frame.zone) || !view.overlaps(&r) {
            continue;
        }
        let (h, v) = if theme.ascii { (".", ":") } else { ("┈", "┊") };
        let style = theme.zone();
        for x in r.x..r.right() {
            view.put(x, r.y, h, style);
            view.put(x, r.bottom() - 1, h, style);
        }
        for y in r.y..r.bottom() {
            view.put(r.x, y, v, style);
            view.put(r.right() - 1, y, v, style);
        }
        view.text(r.x + 1, r.y, &format!(" {} ", frame.zone), r.w - 2, style);
    }
}

fn draw_links(view: &mut View, state: &State, theme: &Theme) {
    let (w, h) = (i32::from(view.area.width), i32::from(view.area.height));
    let mut mask = vec![0u8; (w * h) as usize];
    // 0 = plain, 2 = touches the selection, 3 = in the finding or the link
    // being inspected; dashing is separate, so a highlighted async link
    // still reads as async.
    let mut kind = vec![0u8; (w * h) as usize];
    let mut solid = vec![false; (w * h) as usize];
    let finding = state.selected_finding();
    let mut heads: Vec<(i32, i32, &'static str, u8)> = Vec::new();
    let mut labels: Vec<(i32, i32, &str, u8)> = Vec::new();
    for (route, link) in state.layout.routes.iter().zip(state.design.links()) {
        let class = if finding.is_some_and(|f| f.concerns(&route.key)) || state.selected_link() == Some(&route.key) {
            3
        } else if state.selected().is_some_and(|s| *s == link.from || *s == link.to) {
            2
        } else {
            0
        };
        let dashed = !link.is_sync();
        for seg in route.points.windows(2) {
            let ((x0, y0), (x1, y1)) = (seg[0], seg[1]);
            let bounds = Rect { x: x0.min(x1), y: y0.min(y1), w: (x1 - x0).abs() + 1, h: (y1 - y0).abs() + 1 };
            if !view.overlaps(&bounds) {
                continue;
            }
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
                let a = (view.sx - x0) * dx;
                let b = (view.sx + w - 1 - x0) * dx;
                (a.min(b).max(0), a.max(b).min(len))
            } else {
                let a = (view.sy - y0) * dy;
                let b = (view.sy + h - 1 - y0) * dy;
                (a.min(b).max(0), a.max(b).min(len))
            };
            for i in lo..=hi {
                let (x, y) = (x0 + dx * i, y0 + dy * i);
                let (lx, ly) = (x - view.sx, y - view.sy);
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
                // A shared cell is highlighted if any of its links is, and
                // solid if any is synchronous.
                solid[idx] |= !dashed;
                kind[idx] = kind[idx].max(class);
            }
        }
        if let [.., a, b] = route.points.as_slice() {
            heads.push((b.0, b.1, glyphs::arrow(b.0 - a.0, b.1 - a.1, theme.ascii), class));
        }
        if let (Some((x, y)), Some(p)) = (route.label_at, link.protocol.as_deref()) {
            labels.push((x, y, p, class));
        }
    }
    let style_of = |k: u8| match k {
        3 => theme.highlight(),
        2 => theme.selected(),
        _ => theme.link(),
    };
    for ly in 0..h {
        for lx in 0..w {
            let idx = (ly * w + lx) as usize;
            if mask[idx] != 0 {
                let symbol = glyphs::line(mask[idx], !solid[idx], theme.ascii);
                view.put(view.sx + lx, view.sy + ly, symbol, style_of(kind[idx]));
            }
        }
    }
    for (x, y, text, class) in labels {
        let style = if class >= 2 { style_of(class) } else { theme.dim() };
        view.text(x, y, text, text.width() as i32, style);
    }
    for (x, y, head, class) in heads {
        view.put(x, y, head, style_of(class));
    }
}

fn draw_box(
    view: &mut View,
    r: Rect,
    c: &Component,
    style: BoxStyle,
    worst: Option<archcrit_core::critic::Severity>,
    scale: Scale,
    theme: &Theme,
) {
    let border = match style {
        BoxStyle::Highlighted => theme.highlight(),
        BoxStyle::Selected => theme.selected(),
        _ => theme.kind(c.kind),
    };
    let label = c.display_label();
    if scale == Scale::Compact || r.h < 3 {
        let (open, close) = match (c.kind.is_data_store(), style) {
            (_, BoxStyle::Selected) => ("▶", "◀"),
            (_, BoxStyle::Highlighted) => ("*", "*"),
            (true, _) => ("(", ")"),
            (false, _) => ("[", "]"),
        };
        let (open, close) = if theme.ascii && style == BoxStyle::Selected { (">", "<") } else { (open, close) };
        for x in r.x..r.right() {
            view.put(x, r.y, " ", Style::new());
        }
        view.put(r.x, r.y, open, border);
        view.put(r.right() - 1, r.y, close, border);
        let room = r.w - 2 - i32::from(worst.is_some());
        view.text(r.x + 1, r.y, &fit(label, room.max(0) as usize, theme.ascii), room, theme.title());
        if let Some(s) = worst {
            view.put(r.right() - 2, r.y, theme.mark(s), theme.severity(s));
        }
        return;
    }
    let g = glyphs::boxes(style, theme.ascii);
    for y in r.y..r.bottom() {
        for x in r.x..r.right() {
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
            view.put(x, y, symbol, if symbol == " " { Style::new() } else { border });
        }
    }
    // Kind in the top border, severity mark at its right end.
    let tag = format!(" {} ", c.kind.as_str());
    view.text(r.x + 1, r.y, &tag, r.w - 4, border);
    if let Some(s) = worst {
        view.text(r.right() - 4, r.y, &format!(" {} ", theme.mark(s)), 3, theme.severity(s));
    }
    let inner = (r.w - 4).max(0);
    view.text(r.x + 2, r.y + 1, &fit(label, inner as usize, theme.ascii), inner, theme.title());
    if let Some(tech) = &c.tech
        && r.h >= 4
    {
        view.text(r.x + 2, r.y + 2, &fit(tech, inner as usize, theme.ascii), inner, theme.dim());
    }
}
