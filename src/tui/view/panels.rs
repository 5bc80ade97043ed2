//! The side panels: findings (with the selected finding's full text), the
//! inspector (fields and capacity-model figures) and the persona's panel.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect as Area;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use super::canvas::fit;
use super::rect;
use crate::app::{Focus, State, panes};
use crate::domain::critic::Severity;
use crate::domain::model::{ComponentField, format_number};
use crate::tui::theme::Theme;

fn block<'a>(title: Line<'a>, focused: bool, theme: &Theme) -> Block<'a> {
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
    let report = state.fresh_report().or(state.report.as_ref());
    let mut title = vec![Span::styled(" Findings ", theme.title())];
    if let Some(r) = report {
        for s in [Severity::Error, Severity::Warning, Severity::Info] {
            title.push(Span::styled(format!("{}{} ", theme.mark(s), r.count(s)), theme.severity(s)));
        }
    }
    if state.fresh_report().is_none() {
        title.push(Span::styled("(checking...) ", theme.dim()));
    }
    let outer = rect(area);
    block(Line::from(title), focused, theme).render(outer, buf);
    let list = panes::findings_list(area);
    let width = usize::from(list.w);
    let Some(report) = report else { return };
    if report.findings.is_empty() {
        let text = if report.accepted.is_empty() { "No findings. Nice." } else { "No open findings (some accepted)." };
        buf.set_stringn(list.x + 1, list.y, text, width.saturating_sub(1), theme.success());
        return;
    }
    let offset = panes::list_offset(state.finding.unwrap_or(0), list.h);
    for (row, (i, f)) in report.findings.iter().enumerate().skip(offset).take(usize::from(list.h)).enumerate() {
        let y = list.y + row as u16;
        let selected = state.finding == Some(i);
        let base = if selected && focused {
            theme.focus_row()
        } else if selected {
            theme.selected()
        } else {
            Style::new()
        };
        let subject = f.subject().map(|s| format!("{s}: ")).unwrap_or_default();
        let text = fit(&format!(" {subject}{}", f.rule), width.saturating_sub(2), theme.ascii);
        buf.set_stringn(list.x, y, theme.mark(f.severity), 1, theme.severity(f.severity).patch(base));
        buf.set_stringn(
            list.x + 1,
            y,
            format!("{text:<w$}", w = width.saturating_sub(1)),
            width.saturating_sub(1),
            base,
        );
    }
    // The selected finding in full.
    let inner = area.inner();
    let detail = Area { x: inner.x, y: list.y + list.h, width: inner.w, height: inner.h.saturating_sub(list.h) };
    if let Some(f) = state.selected_finding() {
        let mut lines = vec![Line::from(Span::styled(f.message.clone(), Style::new()))];
        if let Some(p) = f.patterns.first() {
            lines.push(Line::from(vec![
                Span::styled("p", theme.title()),
                Span::styled(format!(" applies {p}"), theme.dim()),
            ]));
        }
        Paragraph::new(lines).wrap(Wrap { trim: true }).render(detail, buf);
    } else {
        let hint = "n / N step through findings, f focuses this list";
        Paragraph::new(Span::styled(hint, theme.dim())).wrap(Wrap { trim: true }).render(detail, buf);
    }
}

pub fn inspector(buf: &mut Buffer, area: panes::Area, state: &State, theme: &Theme) {
    let focused = state.focus == Focus::Inspector;
    let outer = rect(area);
    let component = state.selected.as_ref().and_then(|s| state.design.component(s.as_str()));
    let Some(c) = component else {
        let d = &state.design;
        let req = d.requirements();
        let mut lines = vec![
            Line::from(Span::styled(d.name().to_string(), theme.title())),
            Line::from(format!("{} components, {} links", d.component_count(), d.link_count())),
        ];
        if let Some(p) = req.peak_rps {
            lines.push(Line::from(format!("peak {} rps", format_number(p))));
        }
        if let Some(a) = req.availability_slo {
            lines.push(Line::from(format!("availability SLO {}%", format_number(a))));
        }
        if let Some(l) = req.latency_budget_ms {
            lines.push(Line::from(format!("latency budget {} ms", format_number(l))));
        }
        lines.push(Line::from(Span::styled("Select a box (tab, arrows, click) to inspect it.", theme.dim())));
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(block(Line::from(Span::styled(" Design ", theme.title())), focused, theme))
            .render(outer, buf);
        return;
    };
    let title = Line::from(vec![
        Span::styled(format!(" {} ", c.id), theme.title()),
        Span::styled(format!("{} ", c.kind), theme.kind(c.kind)),
    ]);
    let mut lines: Vec<Line> = Vec::new();
    // Figures from the capacity model first: they are why one inspects.
    let metrics = state.fresh_report().or(state.report.as_ref()).and_then(|r| r.metrics.components.get(c.id.as_str()));
    if let Some(m) = metrics {
        let util = match m.utilization {
            Some(u) => format!("{:.0}%", u * 100.0),
            None => "n/a".into(),
        };
        let hot = m.utilization.is_some_and(|u| u >= 0.8);
        lines.push(Line::from(vec![
            Span::styled("load ", theme.dim()),
            Span::raw(format!("{} rps  ", format_number((m.load_rps * 10.0).round() / 10.0))),
            Span::styled("util ", theme.dim()),
            Span::styled(util, if hot { theme.severity(Severity::Warning) } else { Style::new() }),
        ]));
        lines.push(Line::from(vec![
            Span::styled("avail ", theme.dim()),
            Span::raw(format!("{}%  ", format_number((m.availability * 10000.0).round() / 10000.0))),
            Span::styled("latency ", theme.dim()),
            Span::raw(format!("{} ms", format_number((m.latency_ms * 10.0).round() / 10.0))),
        ]));
    } else if state.fresh_report().is_some() {
        lines.push(Line::from(Span::styled("no capacity figures for this component", theme.dim())));
    } else {
        lines.push(Line::from(Span::styled("load, utilization, availability, latency: checking...", theme.dim())));
    }
    lines.push(Line::from(Span::styled(
        format!(
            "in {}, out {}",
            state.design.incoming(c.id.as_str()).len(),
            state.design.outgoing(c.id.as_str()).len()
        ),
        theme.dim(),
    )));
    let fields = crate::app::inspector_fields(c.kind);
    let row = state.inspector_row.min(fields.len().saturating_sub(1));
    let name_w = 13;
    let header = lines.len();
    for (i, f) in fields.iter().enumerate() {
        let value = match c.get(*f) {
            Some(v) => Span::raw(v.to_string()),
            None => Span::styled(default_of(c, *f), theme.dim()),
        };
        let mut line = Line::from(vec![Span::styled(format!("{:<name_w$}", f.as_str()), theme.dim()), value]);
        if focused && i == row {
            line = line.style(theme.focus_row());
        }
        lines.push(line);
    }
    // Keep the focused field visible in a short pane.
    let visible = usize::from(area.h.saturating_sub(2));
    let scroll = if focused && header + row >= visible { header + row + 1 - visible } else { 0 };
    Paragraph::new(lines).scroll((scroll as u16, 0)).block(block(title, focused, theme)).render(outer, buf);
}

/// What a left-out field means, in the inspector's grey.
fn default_of(c: &crate::domain::model::Component, f: ComponentField) -> String {
    let d = c.kind.defaults();
    match f {
        ComponentField::Label => c.id.to_string(),
        ComponentField::Replicas => "1".into(),
        ComponentField::CapacityRps if d.capacity_rps.is_finite() => format_number(d.capacity_rps),
        ComponentField::LatencyMs => format_number(d.latency_ms),
        ComponentField::Availability => format_number(d.availability),
        ComponentField::Stateful => d.stateful.to_string(),
        ComponentField::HitRatio => "0.8".into(),
        ComponentField::Public | ComponentField::Dlq => "false".into(),
        ComponentField::Auth => "none".into(),
        ComponentField::At => "auto".into(),
        _ => "-".into(),
    }
}

pub fn chat(buf: &mut Buffer, area: panes::Area, state: &State, theme: &Theme) {
    let chat = &state.chat;
    let tint = theme.persona(chat.colour);
    let mut lines: Vec<Line> = Vec::new();
    for l in &chat.lines {
        match &l.who {
            // Answers are Markdown-ish prose: keep their line breaks.
            None => lines.extend(l.text.split('\n').map(|t| Line::from(Span::styled(t.to_string(), tint)))),
            Some(who) => {
                lines.push(Line::from(vec![Span::styled(format!("{who}: "), theme.dim()), Span::raw(l.text.clone())]))
            }
        }
    }
    if let Some(p) = &chat.proposal {
        lines.push(Line::from(Span::styled("proposed changes (not applied):", theme.title())));
        for edit in &p.edits {
            diff_lines(edit, &mut lines, theme);
        }
        for r in &p.refused {
            lines.push(Line::from(Span::styled(format!("  x refused: {r}"), theme.dim())));
        }
        lines.push(Line::from(vec![
            Span::styled(" y ", theme.focus_row()),
            Span::styled(" apply as one step  ", theme.dim()),
            Span::styled(" n ", theme.focus_row()),
            Span::styled(" reject", theme.dim()),
        ]));
    }
    let mut title =
        vec![Span::styled(format!(" {} ", chat.persona), tint.add_modifier(ratatui::style::Modifier::BOLD))];
    if chat.live {
        title.push(Span::styled("live ", tint));
    }
    if chat.busy.is_some() {
        title.push(Span::styled("... esc stops ", theme.dim()));
    } else {
        title.push(Span::styled("t asks ", theme.dim()));
    }
    let title = Line::from(title);
    // Show the end of the conversation.
    let inner_w = area.w.saturating_sub(2).max(1) as usize;
    let total: usize = lines.iter().map(|l| l.width().div_ceil(inner_w).max(1)).sum();
    let scroll = total.saturating_sub(usize::from(area.h.saturating_sub(2)));
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((scroll as u16, 0))
        .block(block(title, false, theme).border_style(tint))
        .render(rect(area), buf);
}

/// One line per change, marked like a diff: `+` added, `-` removed, `~` changed.
fn diff_lines(edit: &crate::domain::model::Edit, lines: &mut Vec<Line<'static>>, theme: &Theme) {
    use crate::domain::model::Edit;
    let (mark, style) = match edit {
        Edit::Batch { edits, .. } => {
            for e in edits {
                diff_lines(e, lines, theme);
            }
            return;
        }
        Edit::AddComponent { .. } | Edit::Connect { .. } => ("+", theme.success()),
        Edit::RemoveComponent { .. } | Edit::Disconnect { .. } => ("-", theme.error()),
        _ => ("~", theme.severity(Severity::Warning)),
    };
    lines.push(Line::from(vec![Span::styled(format!("  {mark} "), style), Span::raw(edit.describe())]));
}
