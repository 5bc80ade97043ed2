//! The flows list, drawn where the findings panel is while it is open:
//! one row per flow (marked `!` when over a budget), then the selected
//! flow's path and numbers against its budgets.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect as Area;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::canvas::fit;
use super::marks::{self, Hidden};
use super::panels::block;
use super::rect;
use crate::tui::theme::Theme;
use archcrit_app::flows::rows;
use archcrit_app::{State, panes};
use archcrit_core::text::inert;

pub fn draw(buf: &mut Buffer, area: panes::Area, state: &State, theme: &Theme) {
    let report = state.latest_report();
    let mut title = vec![Span::styled(" Flows ", theme.title())];
    if state.fresh_report().is_none() {
        title.push(Span::styled("(checking...) ", theme.dim()));
    }
    let title = Line::from(title);
    let title_w = title.width();
    block(title, true, theme).render(rect(area), buf);
    let list = panes::findings_list(area);
    let width = usize::from(list.w);
    let all = rows::rows(state.doc.design(), report);
    if all.is_empty() {
        let hint = "No flows. :flow add ID FROM VIA... adds one (from a client, over linked components).";
        Paragraph::new(Span::styled(hint, theme.dim())).wrap(Wrap { trim: true }).render(rect(list), buf);
        return;
    }
    let selected = state.selected_flow();
    let at = all.iter().position(|r| Some(r.id.as_str()) == selected).unwrap_or(0);
    let offset = panes::list_offset(at, list.h);
    marks::on_list(buf, area, list, Hidden::of(offset, usize::from(list.h), all.len()), title_w, theme);
    for (row, r) in all.iter().enumerate().skip(offset).take(usize::from(list.h)) {
        let y = list.y + (row - offset) as u16;
        let base = if Some(r.id.as_str()) == selected { theme.focus_row() } else { Style::new() };
        let mark = if r.over { "!" } else { " " };
        buf.set_stringn(list.x, y, mark, 1, theme.error().patch(base));
        let text =
            fit(&format!(" {}  {}", inert::line(&r.id), inert::line(&r.summary)), width.saturating_sub(2), theme.ascii);
        buf.set_stringn(
            list.x + 1,
            y,
            format!("{text:<w$}", w = width.saturating_sub(1)),
            width.saturating_sub(1),
            base,
        );
    }
    let inner = area.inner();
    let detail = Area { x: inner.x, y: list.y + list.h, width: inner.w, height: inner.h.saturating_sub(list.h) };
    let Some((id, flow)) = state.lit_flow() else { return };
    let lines: Vec<Line> = rows::detail(flow, report.and_then(|r| r.metrics.flows.get(id)))
        .into_iter()
        .map(|l| {
            let text = fit(&inert::line(&l.text), usize::from(inner.w), theme.ascii);
            Line::from(Span::styled(text, if l.over { theme.error() } else { Style::new() }))
        })
        .collect();
    Paragraph::new(lines).render(detail, buf);
}
