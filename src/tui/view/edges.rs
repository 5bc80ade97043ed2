//! Edge marks on the canvas: where the board goes on past an edge (a box
//! or a line cut by it, or boxes beyond it), that edge shows an arrow at
//! the row or column where it does (`←` `→` `↑` `↓`, `<` `>` `^` `v` with
//! `--ascii`), as the lists count the rows they hide. Arrows, not the
//! triangles: `▶` is a link's head and `▲` a warning on a box.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect as Area;

use crate::tui::theme::Theme;
use archcrit_core::layout::{Layout, Rect};

/// Where the board goes on past each edge of `window`: rows for the left
/// and right edges, columns for the top and bottom ones (canvas cells).
#[derive(Debug, Default, PartialEq)]
pub struct Beyond {
    pub left: Vec<i32>,
    pub right: Vec<i32>,
    pub up: Vec<i32>,
    pub down: Vec<i32>,
}

/// One mark per box past (or cut by) an edge, at the middle of the part
/// of it level with the window; one per line crossing an edge, where it
/// crosses.
pub fn beyond(layout: &Layout, window: Rect) -> Beyond {
    let (x0, y0, x1, y1) = (window.x, window.y, window.right(), window.bottom());
    let mut b = Beyond::default();
    let middle = |lo: i32, hi: i32, from: i32, to: i32| {
        let (lo, hi) = (lo.max(from), hi.min(to));
        (lo < hi).then_some(lo + (hi - lo - 1) / 2)
    };
    for placed in &layout.boxes {
        let r = placed.rect;
        if let Some(row) = middle(r.y, r.bottom(), y0, y1) {
            if r.x < x0 {
                b.left.push(row);
            }
            if r.right() > x1 {
                b.right.push(row);
            }
        }
        if let Some(col) = middle(r.x, r.right(), x0, x1) {
            if r.y < y0 {
                b.up.push(col);
            }
            if r.bottom() > y1 {
                b.down.push(col);
            }
        }
    }
    for route in &layout.routes {
        for pair in route.points.windows(2) {
            let ((ax, ay), (bx, by)) = (pair[0], pair[1]);
            let (lo_x, hi_x, lo_y, hi_y) = (ax.min(bx), ax.max(bx), ay.min(by), ay.max(by));
            if ay == by && (y0..y1).contains(&ay) {
                if lo_x < x0 && hi_x >= x0 {
                    b.left.push(ay);
                }
                if lo_x < x1 && hi_x >= x1 {
                    b.right.push(ay);
                }
            }
            if ax == bx && (x0..x1).contains(&ax) {
                if lo_y < y0 && hi_y >= y0 {
                    b.up.push(ax);
                }
                if lo_y < y1 && hi_y >= y1 {
                    b.down.push(ax);
                }
            }
        }
    }
    for side in [&mut b.left, &mut b.right, &mut b.up, &mut b.down] {
        side.sort_unstable();
        side.dedup();
    }
    b
}

/// Draws the marks on the canvas's outermost cells, over what is there.
pub fn draw(buf: &mut Buffer, area: Area, layout: &Layout, window: Rect, theme: &Theme) {
    if area.width < 3 || area.height < 3 {
        return;
    }
    let b = beyond(layout, window);
    let [left, right, up, down] = if theme.ascii { ["<", ">", "^", "v"] } else { ["←", "→", "↑", "↓"] };
    let (last_x, last_y) = (area.x + area.width - 1, area.y + area.height - 1);
    let mut put = |x: u16, y: u16, mark: &str| {
        if let Some(cell) = buf.cell_mut((x, y)) {
            cell.set_symbol(mark).set_style(theme.title());
        }
    };
    let row = |r: i32| area.y + (r - window.y) as u16;
    let col = |c: i32| area.x + (c - window.x) as u16;
    for r in &b.left {
        put(area.x, row(*r), left);
    }
    for r in &b.right {
        put(last_x, row(*r), right);
    }
    for c in &b.up {
        put(col(*c), area.y, up);
    }
    for c in &b.down {
        put(col(*c), last_y, down);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use archcrit_core::layout::{Scale, layout};
    use archcrit_core::model::{Component, ComponentId, Design, Edit, Kind, Link};

    fn board() -> Layout {
        let mut d = Design::new("t");
        for (id, x, y) in [("a", 0, 0), ("b", 40, 0), ("c", 0, 20)] {
            let mut c = Component::new(ComponentId::new(id).unwrap(), Kind::Service);
            c.at = Some((x, y));
            d.apply(Edit::AddComponent { component: c, index: None }).unwrap();
        }
        let link = Link::new(ComponentId::new("a").unwrap(), ComponentId::new("b").unwrap());
        d.apply(Edit::Connect { link, index: None }).unwrap();
        layout(&d, Scale::Normal)
    }

    #[test]
    fn nothing_is_marked_when_the_window_shows_it_all() {
        assert_eq!(beyond(&board(), Rect { x: 0, y: 0, w: 100, h: 40 }), Beyond::default());
    }

    #[test]
    fn a_cut_box_and_a_crossing_line_are_marked_where_they_go_on() {
        let l = board();
        let a = l.rect("a").unwrap();
        // Scrolled right by 3: `a` is cut at the left edge, its link runs
        // on to `b`, which lies past the right edge; `c` is below.
        let window = Rect { x: 3, y: 0, w: 30, h: 10 };
        let b = beyond(&l, window);
        assert_eq!(b.left, vec![a.y + (a.h - 1) / 2], "one mark, on a's middle row");
        let route_row = l.routes[0].points[0].1;
        assert!(b.right.contains(&route_row), "{b:?}");
        assert!(!b.down.is_empty(), "c lies below: {b:?}");
        assert!(b.up.is_empty(), "{b:?}");
    }
}
