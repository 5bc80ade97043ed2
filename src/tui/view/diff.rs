//! The `:diff` panel, in the findings panel's place while a diff is on
//! show: one row per change with its mark, the selected one in full.

use ratatui::buffer::Buffer;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::canvas::fit;
use super::marks::{self, Hidden};
use super::panels::block;
use super::{rect, shown};
use crate::tui::theme::Theme;
use archcrit_app::diff::DiffView;
use archcrit_app::{Focus, State, panes};

pub fn draw(buf: &mut Buffer, area: panes::Area, state: &State, view: &DiffView, theme: &Theme) {
    let focused = state.focus == Focus::Diff;
    let title = Line::from(vec![
        Span::styled(format!(" Diff against {} ", shown(&view.base_label())), theme.title()),
        Span::styled(format!("{} ", view.changes.len()), theme.dim()),
    ]);
    let title_w = title.width();
    block(title, focused, theme).render(rect(area), buf);
    let list = panes::findings_list(area);
    let width = usize::from(list.w);
    if view.changes.is_empty() {
        buf.set_stringn(list.x + 1, list.y, "No changes.", width.saturating_sub(1), theme.success());
        return;
    }
    let offset = panes::list_offset(view.selected.unwrap_or(0), list.h);
    marks::on_list(buf, area, list, Hidden::of(offset, usize::from(list.h), view.changes.len()), title_w, theme);
    for (row, (i, change)) in view.changes.iter().enumerate().skip(offset).take(usize::from(list.h)).enumerate() {
        let y = list.y + row as u16;
        let selected = view.selected == Some(i);
        let base = match (selected, focused) {
            (true, true) => theme.focus_row(),
            (true, false) => theme.selected(),
            _ => Style::new(),
        };
        let mark = theme.diff(change.kind.tone()).remove_modifier(ratatui::style::Modifier::CROSSED_OUT);
        buf.set_stringn(list.x, y, change.kind.mark(), 1, mark.patch(base));
        let text = fit(&format!(" {}", shown(&change.text)), width.saturating_sub(2), theme.ascii);
        buf.set_stringn(
            list.x + 1,
            y,
            format!("{text:<w$}", w = width.saturating_sub(1)),
            width.saturating_sub(1),
            base,
        );
    }
    let inner = area.inner();
    let detail = ratatui::layout::Rect {
        x: inner.x,
        y: list.y + list.h,
        width: inner.w,
        height: inner.h.saturating_sub(list.h),
    };
    let text = match view.selected_change() {
        Some(c) => Span::styled(shown(&c.text), Style::new()),
        None => Span::styled("j / k step through the changes, esc clears, enter back to the canvas", theme.dim()),
    };
    Paragraph::new(text).wrap(Wrap { trim: true }).render(detail, buf);
}
