//! The findings panel (with the selected finding's full text) and the
//! border shared by the side panels.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect as Area;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use super::canvas::fit;
use super::marks::{self, Hidden};
use super::{rect, shown};
use crate::tui::theme::Theme;
use archcrit_app::{Focus, State, panes};
use archcrit_core::critic::Severity;

pub(super) fn block<'a>(title: Line<'a>, focused: bool, theme: &Theme) -> Block<'a> {
    let block = Block::default().borders(Borders::ALL).border_style(theme.border(focused)).title(title);
    if theme.ascii {
        block.border_set(ratatui::symbols::border::Set {
            top_left: "+",
            top_right: "+",
            bottom_left: "+",
            bottom_right: "+",
            vertical_left: "|",
            vertical_right: "|",
            horizontal_top: "-",
            horizontal_bottom: "-",
        })
    } else {
        block
    }
}

pub fn findings(buf: &mut Buffer, area: panes::Area, state: &State, theme: &Theme) {
    let focused = state.focus == Focus::Findings;
    let report = state.latest_report();
    let mut title = vec![Span::styled(" Findings ", theme.title())];
    if let Some(r) = report {
        for s in [Severity::Error, Severity::Warning, Severity::Info] {
            title.push(Span::styled(format!("{}{} ", theme.mark(s), r.count(s)), theme.severity(s)));
        }
    }
    if let (Some(r), Some(i)) = (report, state.finding()) {
        title.push(Span::styled(format!("{}/{} ", i + 1, r.findings.len()), theme.dim()));
    }
    if state.fresh_report().is_none() {
        title.push(Span::styled("(checking...) ", theme.dim()));
    }
    let outer = rect(area);
    let title = Line::from(title);
    let title_w = title.width();
    block(title, focused, theme).render(outer, buf);
    let list = panes::findings_list_with(area, state.finding().is_some());
    let width = usize::from(list.w);
    let Some(report) = report else { return };
    if report.findings.is_empty() {
        let text = if report.accepted.is_empty() { "No findings. Nice." } else { "No open findings (some accepted)." };
        buf.set_stringn(list.x + 1, list.y, text, width.saturating_sub(1), theme.success());
        return;
    }
    let offset = panes::list_offset(state.finding().unwrap_or(0), list.h);
    let hidden = Hidden::of(offset, usize::from(list.h), report.findings.len());
    for (row, (i, f)) in report.findings.iter().enumerate().skip(offset).take(usize::from(list.h)).enumerate() {
        let y = list.y + row as u16;
        let selected = state.finding() == Some(i);
        let base = if selected && focused {
            theme.focus_row()
        } else if selected {
            theme.selected()
        } else {
            Style::new()
        };
        let subject = f.subject().map(|s| format!("{s}: ")).unwrap_or_default();
        let text = fit(&shown(&format!(" {subject}{}", f.rule)), width.saturating_sub(2), theme.ascii);
        buf.set_stringn(list.x, y, theme.mark(f.severity), 1, theme.severity(f.severity).patch(base));
        buf.set_stringn(
            list.x + 1,
            y,
            format!("{text:<w$}", w = width.saturating_sub(1)),
            width.saturating_sub(1),
            base,
        );
    }
    marks::on_list(buf, area, list, hidden, title_w, theme);
    // The selected finding in full.
    let inner = area.inner();
    let detail = Area { x: inner.x, y: list.y + list.h, width: inner.w, height: inner.h.saturating_sub(list.h) };
    if let Some(f) = state.selected_finding() {
        // Wrapped here so the rows that do not fit are counted on the border.
        let width = usize::from(detail.width).max(1);
        let message = shown(&f.message);
        let mut lines: Vec<Line> = archcrit_app::wrap::wrap(&[((), message.as_str())], width)
            .into_iter()
            .map(|row| Line::from(row.into_iter().map(|(_, s)| s).collect::<String>()))
            .collect();
        if let Some(p) = f.patterns.first() {
            lines.push(Line::from(vec![
                Span::styled("p", theme.title()),
                Span::styled(shown(&format!(" applies {p}")), theme.dim()),
            ]));
        }
        let below = lines.len().saturating_sub(usize::from(detail.height));
        Paragraph::new(lines).render(detail, buf);
        marks::on_frame(buf, area, Hidden { above: 0, below }, 0, theme);
    } else {
        Paragraph::new(Span::styled(panes::FINDINGS_HINT, theme.dim())).wrap(Wrap { trim: true }).render(detail, buf);
    }
}
