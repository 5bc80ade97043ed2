//! The fuzzy picker over the canvas: what is typed, then the matches best
//! first with the highlighted one marked, and how many match of how many.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect as Area;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};

use crate::tui::theme::Theme;
use archcrit_app::picker::{self, Find, Hit};
use archcrit_app::{State, panes};
use archcrit_core::text::inert;

/// Draws the picker in the top middle of `canvas`; returns the text cursor.
pub fn draw(buf: &mut Buffer, canvas: Area, state: &State, find: &Find, theme: &Theme) -> Option<(u16, u16)> {
    let found = picker::matches(state, find);
    let total = picker::candidates(state, find);
    let w = canvas.width.clamp(20, 60).min(canvas.width);
    let h = (found.len() as u16 + 4).clamp(5, canvas.height.max(5)).min(canvas.height);
    if w < 10 || h < 4 {
        return None;
    }
    let area =
        Area { x: canvas.x + (canvas.width - w) / 2, y: canvas.y + 1.min(canvas.height - h), width: w, height: h };
    Clear.render(area, buf);
    let what = match (&find.connect_from, find.scripts) {
        (_, true) => "Interview",
        (Some(_), _) => "Link to",
        _ => "Go to",
    };
    let title = format!(" {what} ({} of {total}) ", found.len());
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border(true))
        .title(Span::styled(title, theme.title()));
    let inner = block.inner(area);
    block.render(area, buf);
    let query = inert::line(find.query.text());
    buf.set_stringn(inner.x, inner.y, format!("> {query}"), usize::from(inner.width), theme.title());
    let rows = inner.height.saturating_sub(1);
    let index = find.index.min(found.len().saturating_sub(1));
    let offset = panes::list_offset(index, rows);
    let lines: Vec<Line> = found
        .iter()
        .enumerate()
        .skip(offset)
        .take(usize::from(rows))
        .map(|(i, m)| {
            let mark = match m.hit {
                Hit::Component(_) | Hit::Script(_) => " ",
                Hit::Flow(_) => "~",
            };
            let text = format!("{mark}{}", inert::line(&m.text));
            let style = if i == index { theme.focus_row() } else { ratatui::style::Style::new() };
            Line::from(Span::styled(format!("{text:<width$}", width = usize::from(inner.width)), style))
        })
        .collect();
    Paragraph::new(lines).render(Area { y: inner.y + 1, height: rows, ..inner }, buf);
    let typed = unicode_width::UnicodeWidthStr::width(query.as_ref()) as u16;
    Some(((inner.x + 2 + typed).min(inner.x + inner.width.saturating_sub(1)), inner.y))
}
