//! Scroll marks: a list that shows part of its rows says how many it
//! hides above (`↑ 3 more`) and below (`↓ 4 more`), on the frame or on its
//! own last row, so no row is hidden silently.

use ratatui::buffer::Buffer;
use unicode_width::UnicodeWidthStr;

use crate::tui::theme::Theme;
use archcrit_app::panes;

/// What a scrolled window of a list hides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Hidden {
    pub above: usize,
    pub below: usize,
}

impl Hidden {
    /// The rows hidden when `shown` rows from `start` of `total` show.
    pub fn of(start: usize, shown: usize, total: usize) -> Hidden {
        Hidden { above: start.min(total), below: total.saturating_sub(start + shown) }
    }
}

fn arrow(up: bool, theme: &Theme) -> &'static str {
    match (up, theme.ascii) {
        (true, false) => "↑",
        (false, false) => "↓",
        (true, true) => "^",
        (false, true) => "v",
    }
}

/// Writes the mark for `n` rows right-aligned to end one cell inside
/// `area`'s right edge, on row `y`, leaving the first `taken` cells (a
/// title) alone: the long form if it fits, else a short one, else none.
fn put(buf: &mut Buffer, area: panes::Area, y: u16, up: bool, n: usize, taken: u16, theme: &Theme) {
    let a = arrow(up, theme);
    for mark in [format!(" {a} {n} more "), format!(" {a}{n} ")] {
        let w = mark.width() as u16;
        if area.w >= w + taken + 2 {
            buf.set_string(area.x + area.w - 1 - w, y, &mark, theme.title());
            return;
        }
    }
}

/// Marks on a bordered panel whose rows fill it: the top border says what
/// is above (after the title, `title_w` cells), the bottom border what is
/// below.
pub fn on_frame(buf: &mut Buffer, outer: panes::Area, hidden: Hidden, title_w: usize, theme: &Theme) {
    if outer.h < 2 {
        return;
    }
    if hidden.above > 0 {
        put(buf, outer, outer.y, true, hidden.above, title_w as u16 + 1, theme);
    }
    if hidden.below > 0 {
        put(buf, outer, outer.y + outer.h - 1, false, hidden.below, 1, theme);
    }
}

/// Marks for a list at the top of a panel with more below it (the
/// findings and their detail): above on the panel's top border, below on
/// the list's last row.
pub fn on_list(buf: &mut Buffer, outer: panes::Area, list: panes::Area, hidden: Hidden, title_w: usize, theme: &Theme) {
    if hidden.above > 0 {
        put(buf, outer, outer.y, true, hidden.above, title_w as u16 + 1, theme);
    }
    if hidden.below > 0 && list.h > 0 {
        put(buf, outer, list.y + list.h - 1, false, hidden.below, 1, theme);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_rows_are_counted_on_both_sides() {
        assert_eq!(Hidden::of(0, 5, 12), Hidden { above: 0, below: 7 });
        assert_eq!(Hidden::of(3, 5, 12), Hidden { above: 3, below: 4 });
        assert_eq!(Hidden::of(0, 5, 3), Hidden::default());
    }
}
