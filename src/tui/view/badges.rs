//! The facts that matter on a box at a glance, in its bottom border:
//! replicas as `x3`, auth, rate limit (`rl100`), managed (`mgd`). Box sizes stay the core
//! layout's: the line is cut to fit the border.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect as Area;

use crate::tui::theme::Theme;
use archcrit_app::State;
use archcrit_core::layout::Rect;
use archcrit_core::layout::picture::fit;
use archcrit_core::text::inert;

/// Writes each visible box's facts over its bottom border, ` x3 jwt `.
pub fn draw(buf: &mut Buffer, area: Area, window: Rect, state: &State, theme: &Theme) {
    for placed in &state.canvas.layout().boxes {
        let r = placed.rect;
        if r.h < 3 || !r.overlaps(&window, 0) {
            continue;
        }
        let Some(c) = state.doc.design().component(placed.id.as_str()) else { continue };
        let facts = archcrit_app::facts::line(c);
        if facts.is_empty() {
            continue;
        }
        // Between the corners, a cell of border kept at each end.
        let room = (r.w - 3).max(0) as usize;
        if room < 4 {
            continue;
        }
        let facts = inert::line(&facts);
        let width = unicode_width::UnicodeWidthStr::width(facts.as_ref());
        // Spaced from the border when there is room, else flush and cut.
        let text = if width + 2 <= room { format!(" {facts} ") } else { fit(&facts, room, theme.ascii) };
        let y = r.bottom() - 1 - window.y;
        if y < 0 || y >= window.h {
            continue;
        }
        for (i, ch) in text.chars().enumerate() {
            let x = r.x + 1 + i as i32 - window.x;
            if x < 0 || x >= window.w {
                continue;
            }
            if let Some(cell) = buf.cell_mut((area.x + x as u16, area.y + y as u16)) {
                cell.set_char(ch).set_style(theme.dim());
            }
        }
    }
}
