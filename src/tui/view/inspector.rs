//! The inspector: the design's summary when nothing is selected; a
//! component's capacity-model figures, fields and links; or one link's
//! fields, each left-out value shown greyed as the default it means.

use ratatui::buffer::Buffer;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::marks::{self, Hidden};
use super::panels::block;
use super::{rect, shown};
use crate::tui::theme::Theme;
use archcrit_app::inspect::{InspectorRow, component_rows, link_default, shown_link};
use archcrit_app::{Focus, State, panes};
use archcrit_core::critic::Severity;
use archcrit_core::model::{Component, ComponentField, Link, LinkField, format_number};

const NAME_W: usize = 13;

pub fn draw(buf: &mut Buffer, area: panes::Area, state: &State, theme: &Theme) {
    let focused = state.focus == Focus::Inspector;
    let component = state.selected().and_then(|s| state.doc.design().component(s.as_str()));
    match (component, shown_link(state)) {
        (_, Some(link)) => link_fields(buf, area, state, link, focused, theme),
        (Some(c), None) => component_fields(buf, area, state, c, focused, theme),
        (None, None) => design_summary(buf, area, state, focused, theme),
    }
}

fn design_summary(buf: &mut Buffer, area: panes::Area, state: &State, focused: bool, theme: &Theme) {
    let d = state.doc.design();
    let req = d.requirements();
    let mut lines = vec![
        Line::from(Span::styled(shown(d.name()), theme.title())),
        Line::from(format!(
            "{}, {}",
            archcrit_app::wrap::counted(d.component_count(), "component"),
            archcrit_app::wrap::counted(d.link_count(), "link")
        )),
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
        .render(rect(area), buf);
}

/// A name column and a value, the focused row reversed.
fn row<'a>(name: &str, value: Span<'a>, focused: bool, theme: &Theme) -> Line<'a> {
    let line = Line::from(vec![Span::styled(format!("{name:<NAME_W$}"), theme.dim()), value]);
    if focused { line.style(theme.focus_row()) } else { line }
}

/// Renders `lines` scrolled so the focused row (at `focus_line`) shows.
fn render_rows(
    buf: &mut Buffer,
    area: panes::Area,
    lines: Vec<Line>,
    focus_line: Option<usize>,
    title: Line,
    focused: bool,
    theme: &Theme,
) {
    let visible = usize::from(area.h.saturating_sub(2));
    let scroll = match focus_line {
        Some(at) if at >= visible => at + 1 - visible,
        _ => 0,
    };
    let hidden = Hidden::of(scroll, visible, lines.len());
    let title_w = title.width();
    Paragraph::new(lines).scroll((scroll as u16, 0)).block(block(title, focused, theme)).render(rect(area), buf);
    marks::on_frame(buf, area, hidden, title_w, theme);
}

fn component_fields(buf: &mut Buffer, area: panes::Area, state: &State, c: &Component, focused: bool, theme: &Theme) {
    // `cdn cdn` says nothing twice: an id that is its kind shows once.
    let title = if c.id.as_str() == c.kind.as_str() {
        Line::from(Span::styled(format!(" {} ", c.kind), theme.kind(c.kind)))
    } else {
        Line::from(vec![
            Span::styled(format!(" {} ", c.id), theme.title()),
            Span::styled(format!("{} ", c.kind), theme.kind(c.kind)),
        ])
    };
    let mut lines: Vec<Line> = Vec::new();
    // Figures from the capacity model first: they are why one inspects.
    let metrics = state.latest_report().and_then(|r| r.metrics.components.get(c.id.as_str()));
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
    let (outgoing, incoming) = (state.doc.design().outgoing(c.id.as_str()), state.doc.design().incoming(c.id.as_str()));
    lines.push(Line::from(Span::styled(format!("in {}, out {}", incoming.len(), outgoing.len()), theme.dim())));
    let rows = component_rows(state.doc.design(), c);
    let current = state.panels.inspector_row.min(rows.len().saturating_sub(1));
    let mut focus_line = None;
    let mut links_started = false;
    for (i, r) in rows.iter().enumerate() {
        let here = focused && i == current;
        if here {
            focus_line = Some(lines.len());
        }
        match r {
            InspectorRow::Field(f) => {
                let value = match c.get(*f) {
                    Some(v) => Span::raw(shown(&v.to_string())),
                    None => Span::styled(shown(&default_of(c, *f)), theme.dim()),
                };
                lines.push(row(f.as_str(), value, here, theme));
            }
            InspectorRow::Link(key) => {
                if !links_started {
                    links_started = true;
                    let hint = if focused { "links (enter opens one)" } else { "links" };
                    lines.push(Line::from(Span::styled(hint, theme.title())));
                    if here {
                        focus_line = Some(lines.len());
                    }
                }
                let Some(link) = state.doc.design().link(key) else { continue };
                let (arrow, other) = if link.from == c.id { ("->", &link.to) } else { ("<-", &link.from) };
                let name = format!("{arrow} {other}");
                let mut text = link.protocol.clone().unwrap_or_else(|| "no protocol".into());
                text.push_str(&format!(" · {}", link.effective_mode()));
                lines.push(row(&name, Span::raw(shown(&text)), here, theme));
            }
        }
    }
    render_rows(buf, area, lines, focus_line, title, focused, theme);
}

fn link_fields(buf: &mut Buffer, area: panes::Area, state: &State, link: &Link, focused: bool, theme: &Theme) {
    let title = Line::from(vec![
        Span::styled(format!(" {} -> {} ", link.from, link.to), theme.title()),
        Span::styled("link ", theme.dim()),
    ]);
    // The other keys are in the hints on the bottom line.
    let hint = if focused { "space: next choice" } else { "e edits this link" };
    let mut lines = vec![Line::from(Span::styled(hint, theme.dim()))];
    let current = state.panels.inspector_row.min(LinkField::ALL.len() - 1);
    let mut focus_line = None;
    for (i, f) in LinkField::ALL.iter().enumerate() {
        let here = focused && i == current;
        if here {
            focus_line = Some(lines.len());
        }
        let value = match link.get(*f) {
            Some(v) => Span::raw(shown(&v.to_string())),
            None => Span::styled(shown(&link_default(link, *f)), theme.dim()),
        };
        lines.push(row(f.as_str(), value, here, theme));
    }
    render_rows(buf, area, lines, focus_line, title, focused, theme);
}

/// What a left-out field means, in the inspector's grey.
fn default_of(c: &Component, f: ComponentField) -> String {
    let d = c.kind.defaults();
    match f {
        ComponentField::Label => c.id.to_string(),
        ComponentField::Replicas => "1".into(),
        ComponentField::CapacityRps if d.capacity_rps.is_finite() => format_number(d.capacity_rps),
        ComponentField::LatencyMs => format_number(d.latency_ms),
        ComponentField::Availability => format_number(d.availability),
        ComponentField::Stateful => d.stateful.to_string(),
        ComponentField::HitRatio => "0.8".into(),
        ComponentField::Public | ComponentField::Managed | ComponentField::Dlq => "false".into(),
        ComponentField::Auth => "none".into(),
        ComponentField::At => "auto".into(),
        _ => "-".into(),
    }
}
