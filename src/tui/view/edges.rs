//! Edge marks on the canvas: where the board goes on past an edge (a box
//! cut by it, or boxes beyond it), that edge shows an arrow at
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
/// the window; spans that overlap merged into one. A line running off an
/// edge gets no mark of its own: it shows it goes on, and a mark on it
/// reads as the link's arrow head (a user read `╌↓↓↓╌▶` as three links
/// ending there). The box it leads to is marked.
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
    for side in [&mut b.left, &mut b.right, &mut b.up, &mut b.down] {
        merge_overlapping(side);
    }
    b
}

/// Spans that overlap become one (a box below a cut one in the same
/// columns): one mark says the
/// board goes on there; two side by side read as two things.
fn merge_overlapping(side: &mut Vec<Span>) {
    side.sort_unstable();
    let mut merged: Vec<Span> = Vec::with_capacity(side.len());
    for span in side.drain(..) {
        match merged.last_mut() {
            Some(last) if span.lo < last.hi => {
                last.hi = last.hi.max(span.hi);
                last.cut |= span.cut;
            }
            _ => merged.push(span),
        }
    }
    *side = merged;
}

/// How far past the end of its span a mark may go to find a free cell;
/// farther off it would point at something else.
const REACH: i32 = 3;

/// Draws the marks on the canvas's outermost cells: for each span, the
/// free cell nearest its middle, within the span or a few cells past it.
/// A cell is free when it is blank (no box, line, label or frame drawn
/// there) and no word touches it along the edge; with no free cell near,
/// the mark is left out.
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
        let (boxed, first, end) = boxed_cells(layout, window, edge);
        for &Span { lo, hi, .. } in spans {
            let mid = lo + (hi - lo - 1) / 2;
            let (from, to) = ((lo - REACH).max(first), (hi + REACH).min(end));
            let nearest = (0..to - from).flat_map(|d| [mid - d, mid + d]).filter(|at| (from..to).contains(at));
            let word = |x: u16, y: u16| buf.cell((x, y)).is_some_and(|c| c.symbol().chars().any(char::is_alphanumeric));
            // Not beside a letter along the edge: `┊↑private` reads as
            // part of the name.
            let beside_word = |x: u16, y: u16| {
                let along =
                    if edge < 2 { [(x, y.wrapping_sub(1)), (x, y + 1)] } else { [(x.wrapping_sub(1), y), (x + 1, y)] };
                along.iter().any(|&(x, y)| word(x, y))
            };
            let blank = |x: u16, y: u16| buf.cell((x, y)).is_some_and(|c| c.symbol() == " ");
            // Only a blank cell: on a line the mark reads as the link's
            // arrow head or end (`╌↓▶`, `──↓──`), on a box as its text.
            let free = nearest
                .filter(|at| !boxed[(at - first) as usize])
                .map(|at| cell_of(edge, at))
                .find(|&(x, y)| blank(x, y) && !beside_word(x, y));
            if let Some(cell) = free.and_then(|at| buf.cell_mut(at)) {
                cell.set_symbol(mark).set_style(theme.title());
            }
        }
    }
}

/// Which cells of one edge of `window` a box covers, indexed from the
/// edge's first canvas row (or column); with that first and its end.
fn boxed_cells(layout: &Layout, window: Rect, edge: usize) -> (Vec<bool>, i32, i32) {
    let (first, end) = if edge < 2 { (window.y, window.bottom()) } else { (window.x, window.right()) };
    let mut boxed = vec![false; (end - first).max(0) as usize];
    // The edge's line: a canvas column for left and right, a row for up and down.
    let line = match edge {
        0 => window.x,
        1 => window.right() - 1,
        2 => window.y,
        _ => window.bottom() - 1,
    };
    for r in layout.boxes.iter().map(|b| b.rect) {
        let (across, lo, hi) =
            if edge < 2 { ((r.x, r.right()), r.y, r.bottom()) } else { ((r.y, r.bottom()), r.x, r.right()) };
        if !(across.0..across.1).contains(&line) {
            continue;
        }
        for at in lo.max(first)..hi.min(end) {
            boxed[(at - first) as usize] = true;
        }
    }
    (boxed, first, end)
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
    fn cut_boxes_and_boxes_past_an_edge_are_marked_lines_are_not() {
        let l = board();
        let a = l.rect("a").unwrap();
        // Scrolled right by 3: `a` is cut at the left edge, its link runs
        // on to `b`, which lies past the right edge; `c` is below.
        let window = Rect { x: 3, y: 0, w: 30, h: 10 };
        let b = beyond(&l, window);
        assert_eq!(b.left, vec![Span { lo: a.y, hi: a.bottom(), cut: true }], "a's rows, cut");
        // `b` lies wholly past the right edge; the line crossing the edge
        // on its way there adds no mark of its own.
        let route_row = l.routes[0].points[0].1;
        let b_rows = l.rect("b").unwrap();
        assert!((b_rows.y..b_rows.bottom()).contains(&route_row));
        assert_eq!(b.right, vec![Span { lo: b_rows.y, hi: b_rows.bottom(), cut: false }], "{b:?}");
        assert!(!b.down.is_empty(), "c lies below: {b:?}");
        assert!(b.up.is_empty(), "{b:?}");
    }

    #[test]
    fn a_box_below_a_cut_one_in_the_same_columns_shares_its_mark() {
        let mut d = Design::new("t");
        for (id, y) in [("a", 0), ("b", 20)] {
            let mut c = Component::new(ComponentId::new(id).unwrap(), Kind::Service);
            c.at = Some((0, y));
            d.apply(Edit::AddComponent { component: c, index: None }).unwrap();
        }
        let l = layout(&d, Scale::Normal);
        let a = l.rect("a").unwrap();
        // The window ends inside `a`; `b` lies wholly below in its columns.
        let b = beyond(&l, Rect { x: 0, y: 0, w: 60, h: a.y + 1 });
        assert_eq!(b.down, vec![Span { lo: a.x, hi: a.right().max(l.rect("b").unwrap().right()), cut: true }]);
    }

    #[test]
    fn a_mark_never_covers_a_box_cut_or_not() {
        let l = board();
        let a = l.rect("a").unwrap();
        let theme = Theme { color: false, ascii: false };
        let top = |y: u16, fill: &str| {
            let mut buf = Buffer::empty(Area::new(0, 0, 30, 10));
            buf.set_string(0, 0, fill.repeat(30), ratatui::style::Style::new());
            draw(&mut buf, Area::new(0, 0, 30, 10), &l, Rect { x: 0, y: i32::from(y), w: 30, h: 10 }, &theme);
            (0..30).map(|x| buf[(x, 0)].symbol().to_string()).collect::<Vec<_>>()
        };
        // `a` lies wholly above: the top row's words stay.
        assert!(!top(8, "x").contains(&"↑".to_string()), "{:?}", top(8, "x"));
        // `a` is cut by the top edge: the mark goes beside it, never on it.
        let row = top(1, " ");
        let at = row.iter().position(|c| c == "↑").unwrap_or_else(|| panic!("no mark: {row:?}"));
        assert_eq!(at as i32, a.right(), "the free cell nearest a: {row:?}");
        // With no free cell near (a row of words), the mark is left out.
        assert!(!top(1, "x").contains(&"↑".to_string()));
        // Nor beside a word along the edge.
        assert!(!top(1, "x  ").contains(&"↑".to_string()), "{:?}", top(1, "x  "));
        // Nor on a link's arrow head: the head says where the link goes.
        assert!(!top(1, "▶").contains(&"↑".to_string()), "{:?}", top(1, "▶"));
        // Nor on a line: `──↑──` reads as the line turning there.
        assert!(!top(1, "─").contains(&"↑".to_string()), "{:?}", top(1, "─"));
    }
}
