//! Edge marks on the canvas: where the board goes on past an edge (a box
//! or a line cut by it, or boxes beyond it), that edge shows an arrow at
//! the row or column where it does (`←` `→` `↑` `↓`, `<` `>` `^` `v` with
//! `--ascii`), as the lists count the rows they hide. Arrows, not the
//! triangles: `▶` is a link's head and `▲` a warning on a box.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect as Area;

use crate::tui::theme::Theme;
use archcrit_core::layout::{Layout, Rect};

/// Where the board goes on past each edge of `window`, as spans along
/// that edge: rows for the left and right edges, columns for the top and
/// bottom ones (canvas cells). Each span gets one mark.
#[derive(Debug, Default, PartialEq)]
pub struct Beyond {
    pub left: Vec<Span>,
    pub right: Vec<Span>,
    pub up: Vec<Span>,
    pub down: Vec<Span>,
}

/// Cells `lo..hi` along an edge; `cut` when what goes on is drawn on the
/// edge itself (a box or line the edge cuts), not wholly past it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span {
    pub lo: i32,
    pub hi: i32,
    pub cut: bool,
}

/// One span per box past (or cut by) an edge: the part of it level with
/// the window; one cell per line crossing an edge, where it crosses.
pub fn beyond(layout: &Layout, window: Rect) -> Beyond {
    let (x0, y0, x1, y1) = (window.x, window.y, window.right(), window.bottom());
    let mut b = Beyond::default();
    let clip = |lo: i32, hi: i32, from: i32, to: i32| {
        let (lo, hi) = (lo.max(from), hi.min(to));
        (lo < hi).then_some(move |cut| Span { lo, hi, cut })
    };
    for placed in &layout.boxes {
        let r = placed.rect;
        if let Some(row) = clip(r.y, r.bottom(), y0, y1) {
            if r.x < x0 {
                b.left.push(row(r.right() > x0));
            }
            if r.right() > x1 {
                b.right.push(row(r.x < x1));
            }
        }
        if let Some(col) = clip(r.x, r.right(), x0, x1) {
            if r.y < y0 {
                b.up.push(col(r.bottom() > y0));
            }
            if r.bottom() > y1 {
                b.down.push(col(r.y < y1));
            }
        }
    }
    for route in &layout.routes {
        for pair in route.points.windows(2) {
            let ((ax, ay), (bx, by)) = (pair[0], pair[1]);
            let (lo_x, hi_x, lo_y, hi_y) = (ax.min(bx), ax.max(bx), ay.min(by), ay.max(by));
            if ay == by && (y0..y1).contains(&ay) {
                if lo_x < x0 && hi_x >= x0 {
                    b.left.push(Span { lo: ay, hi: ay + 1, cut: true });
                }
                if lo_x < x1 && hi_x >= x1 {
                    b.right.push(Span { lo: ay, hi: ay + 1, cut: true });
                }
            }
            if ax == bx && (x0..x1).contains(&ax) {
                if lo_y < y0 && hi_y >= y0 {
                    b.up.push(Span { lo: ax, hi: ax + 1, cut: true });
                }
                if lo_y < y1 && hi_y >= y1 {
                    b.down.push(Span { lo: ax, hi: ax + 1, cut: true });
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

/// Draws the marks on the canvas's outermost cells: for each span, the
/// cell nearest its middle that is not part of a word, so a mark replaces
/// a box's words only where there is nothing else.
pub fn draw(buf: &mut Buffer, area: Area, layout: &Layout, window: Rect, theme: &Theme) {
    if area.width < 3 || area.height < 3 {
        return;
    }
    let b = beyond(layout, window);
    let [left, right, up, down] = if theme.ascii { ["<", ">", "^", "v"] } else { ["←", "→", "↑", "↓"] };
    let (last_x, last_y) = (area.x + area.width - 1, area.y + area.height - 1);
    // The screen cell at canvas row (or column) `at` of each edge.
    let (row, col) = (|r: i32| area.y + (r - window.y) as u16, |c: i32| area.x + (c - window.x) as u16);
    let cell_of = |edge: usize, at: i32| match edge {
        0 => (area.x, row(at)),
        1 => (last_x, row(at)),
        2 => (col(at), area.y),
        _ => (col(at), last_y),
    };
    for (edge, (spans, mark)) in
        [(&b.left, left), (&b.right, right), (&b.up, up), (&b.down, down)].into_iter().enumerate()
    {
        for &Span { lo, hi, cut } in spans {
            let mid = lo + (hi - lo - 1) / 2;
            let nearest = (0..hi - lo).flat_map(|d| [mid - d, mid + d]).filter(|at| (lo..hi).contains(at));
            let word = |x: u16, y: u16| buf.cell((x, y)).is_some_and(|c| c.symbol().chars().any(char::is_alphanumeric));
            // Not on a letter, nor on the space between two words.
            let between = |x: u16, y: u16| x > area.x && x < last_x && word(x - 1, y) && word(x + 1, y);
            let free = nearest.map(|at| cell_of(edge, at)).find(|&(x, y)| !word(x, y) && !between(x, y));
            // A cut box whose edge cells are all words (a compact box is
            // one row of them): the mark goes over its own middle, as a
            // sign beats a whole word; never over another box's words.
            let at = free.or_else(|| cut.then(|| cell_of(edge, mid)));
            if let Some(cell) = at.and_then(|at| buf.cell_mut(at)) {
                cell.set_symbol(mark).set_style(theme.title());
            }
        }
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
        assert_eq!(b.left, vec![Span { lo: a.y, hi: a.bottom(), cut: true }], "a's rows, cut");
        let route_row = l.routes[0].points[0].1;
        assert!(b.right.contains(&Span { lo: route_row, hi: route_row + 1, cut: true }), "{b:?}");
        assert!(b.right.iter().any(|s| !s.cut), "b lies wholly past the right edge: {b:?}");
        assert!(!b.down.is_empty(), "c lies below: {b:?}");
        assert!(b.up.is_empty(), "{b:?}");
    }

    #[test]
    fn a_mark_never_covers_the_words_of_a_box_the_edge_does_not_cut() {
        let l = board();
        let theme = Theme { color: false, ascii: false };
        let words = |y: u16| {
            let mut buf = Buffer::empty(Area::new(0, 0, 30, 10));
            buf.set_string(0, 0, "x".repeat(30), ratatui::style::Style::new());
            draw(&mut buf, Area::new(0, 0, 30, 10), &l, Rect { x: 0, y: i32::from(y), w: 30, h: 10 }, &theme);
            (0..30).map(|x| buf[(x, 0)].symbol().to_string()).collect::<String>()
        };
        // `a` lies wholly above: the top row's words stay.
        assert!(!words(8).contains('↑'), "{}", words(8));
        // `a` is cut by the top edge: its own row takes the mark.
        assert!(words(1).contains('↑'), "{}", words(1));
    }
}
