//! Pop-ups drawn over the screen: help (generated from the keymap and the
//! command table), the kind picker, and the too-small message.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect as Area;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

use super::marks::{self, Hidden};
use crate::tui::theme::Theme;
use archcrit_app::command::COMMANDS;
use archcrit_app::keymap::BINDINGS;
use archcrit_app::{Context, panes};
use archcrit_core::model::Kind;
use archcrit_core::text::inert;

fn centered(screen: Area, w: u16, h: u16) -> Area {
    let w = w.min(screen.width);
    let h = h.min(screen.height);
    Area { x: screen.x + (screen.width - w) / 2, y: screen.y + (screen.height - h) / 2, width: w, height: h }
}

/// `lead` then `text`, its words wrapped to `width` cells: rows after the
/// first start under the text's column (or four cells in when the lead
/// takes more than half the width), so a description never stops
/// mid-word at the frame; a word too long for any row is cut with `…`.
fn column_rows(lead: String, text: &str, width: usize, style: Style) -> Vec<Line<'static>> {
    use unicode_width::UnicodeWidthStr;
    let lead_w = lead.width();
    let indent = if lead_w <= width / 2 { lead_w } else { 4 };
    let mut rows: Vec<(String, String)> = vec![(lead, String::new())];
    let mut used = lead_w;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let w = word.width();
        let fresh = rows.last().is_some_and(|(_, t)| t.is_empty());
        let gap = usize::from(!fresh);
        if used + gap + w > width && !fresh {
            rows.push((" ".repeat(indent), String::new()));
            used = indent;
        }
        let Some((_, row)) = rows.last_mut() else { break };
        if !row.is_empty() {
            row.push(' ');
            used += 1;
        }
        let room = width.saturating_sub(used);
        if w > room {
            // As the status line cuts (`cut_spans`): what fits, then `…`.
            let mut left = room.saturating_sub(1);
            for ch in word.chars() {
                let cw = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
                if cw > left {
                    break;
                }
                left -= cw;
                row.push(ch);
            }
            row.push('…');
            used = width;
        } else {
            row.push_str(word);
            used += w;
        }
    }
    rows.into_iter().map(|(lead, text)| Line::from(vec![Span::raw(lead), Span::styled(text, style)])).collect()
}

/// Every key, by context, then every command, for a help frame `width`
/// cells wide inside: the single source is the keymap table, so help
/// cannot drift from what keys do.
pub fn help_lines(theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let contexts = [
        Context::Canvas,
        Context::Findings,
        Context::Flows,
        Context::Diff,
        Context::Inspector,
        Context::Connect,
        Context::Find,
        Context::Picker,
        Context::Input,
        Context::Confirm,
        Context::Interview,
        Context::Proposal,
        Context::Help,
    ];
    for ctx in contexts {
        lines.push(Line::from(Span::styled(ctx.title(), theme.title())));
        for b in BINDINGS.iter().filter(|b| b.context == ctx) {
            let keys = b.keys.join(", ");
            lines.extend(column_rows(format!("  {keys:<24}"), b.help, width, Style::new()));
        }
        lines.push(Line::from(""));
    }
    lines.push(Line::from(Span::styled("Commands (type : first; Tab completes)", theme.title())));
    for command in COMMANDS {
        // The usage column as `Spec::help_line` lays it out.
        let column = (command.usage.len() + 2).max(25);
        lines.extend(column_rows(format!("  :{:<column$}", command.usage), command.help, width, Style::new()));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled("Borders on the canvas", theme.title())));
    for (glyphs, what) in border_legend(theme.ascii) {
        lines.extend(column_rows(format!("  {glyphs:<24}"), what, width, Style::new()));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled("Lines and marks on the canvas", theme.title())));
    for (glyphs, what) in line_legend(theme.ascii) {
        lines.extend(column_rows(format!("  {glyphs:<24}"), what, width, Style::new()));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled("Mouse: click selects, drag moves a box, wheel pans.", theme.dim())));
    lines
}

/// What each box border means, in the glyphs the canvas draws.
fn border_legend(ascii: bool) -> [(&'static str, &'static str); 5] {
    if ascii {
        [
            ("#===#  heavy", "the selected box"),
            ("*****  double", "highlighted: the selected finding's boxes, a link's target, a flow's path"),
            ("+---+  plain", "a component"),
            ("(---)  round", "a data store (database, cache, queue...)"),
            ("x3 jwt rl100 mgd", "in the bottom border: replicas, auth, rate limit, managed"),
        ]
    } else {
        [
            ("┏━━━┓  heavy", "the selected box"),
            ("╔═══╗  double", "highlighted: the selected finding's boxes, a link's target, a flow's path"),
            ("┌───┐  plain", "a component"),
            ("╭───╮  round", "a data store (database, cache, queue...)"),
            ("x3 jwt rl100 mgd", "in the bottom border: replicas, auth, rate limit, managed"),
        ]
    }
}
/// What lines, frames, marks and the compact zoom's boxes mean, in the
/// glyphs the canvas draws.
fn line_legend(ascii: bool) -> [(&'static str, &'static str); 8] {
    if ascii {
        [
            ("---->  solid", "a synchronous call, with its protocol on a straight stretch"),
            ("....>  dotted", "an asynchronous link (a queue, a stream)"),
            ("dim, dotted", "a link that could only be drawn across a box (no way round found)"),
            (":..:  dotted frame", "a zone, its name at the top left"),
            ("< > ^ v  at an edge", "the board goes on past the canvas that way (ctrl-arrows pan)"),
            ("[ name ]  compact", "a component at the compact zoom (z)"),
            ("( name )  compact", "a data store at the compact zoom"),
            ("# name #  * name *", "compact: selected / highlighted"),
        ]
    } else {
        [
            ("───▶  solid", "a synchronous call, with its protocol on a straight stretch"),
            ("╌╌╌▶  dashed", "an asynchronous link (a queue, a stream)"),
            ("dim, dashed", "a link that could only be drawn across a box (no way round found)"),
            ("┊┈┈┊  dotted frame", "a zone, its name at the top left"),
            ("← → ↑ ↓  at an edge", "the board goes on past the canvas that way (ctrl-arrows pan)"),
            ("[ name ]  compact", "a component at the compact zoom (z)"),
            ("( name )  compact", "a data store at the compact zoom"),
            ("┃ name ┃  * name *", "compact: selected / highlighted"),
        ]
    }
}

const HELP_TITLE: &str = " Help: every key (j/k scroll, esc closes) ";

pub fn help(buf: &mut Buffer, screen: Area, scroll: u16, theme: &Theme) {
    let area = centered(screen, 86, screen.height.saturating_sub(2));
    Clear.render(area, buf);
    let lines = help_lines(theme, usize::from(area.width.saturating_sub(2)));
    let max_scroll = (lines.len() as u16).saturating_sub(area.height.saturating_sub(2));
    let top = scroll.min(max_scroll);
    let hidden = Hidden::of(usize::from(top), usize::from(area.height.saturating_sub(2)), lines.len());
    Paragraph::new(lines)
        .scroll((top, 0))
        .block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.border(true))
                .title(Span::styled(HELP_TITLE, theme.title())),
        )
        .render(area, buf);
    let outer = panes::Area { x: area.x, y: area.y, w: area.width, h: area.height };
    marks::on_frame(buf, outer, hidden, unicode_width::UnicodeWidthStr::width(HELP_TITLE), theme);
}

/// The kind picker: the kinds, then what was typed and, when it names a
/// technology, why its kind is selected.
pub fn picker(buf: &mut Buffer, screen: Area, index: usize, typed: &str, hint: Option<&str>, theme: &Theme) {
    let width = 46;
    let h = Kind::ALL.len() as u16 + 4;
    let outer = centered(screen, width, h);
    Clear.render(outer, buf);
    let list = Area { height: outer.height.saturating_sub(3), ..outer };
    let foot = Area { y: list.y + list.height, height: outer.height.saturating_sub(list.height), ..outer };
    let typed_line = if typed.is_empty() {
        Span::styled(" type a kind or a technology", theme.dim())
    } else {
        Span::raw(format!(" typed: {}", inert::line(typed)))
    };
    let mut hint = hint.map(inert::line).unwrap_or_default().into_owned();
    if theme.ascii {
        hint = hint.replace('—', "-");
    }
    let hint_line = Span::styled(format!(" {hint}"), theme.title());
    Paragraph::new(vec![Line::from(typed_line), Line::from(hint_line)])
        .block(
            Block::default().borders(Borders::LEFT | Borders::RIGHT | Borders::BOTTOM).border_style(theme.border(true)),
        )
        .render(foot, buf);
    let area = list;
    let lines: Vec<Line> = Kind::ALL
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let style = if i == index { theme.focus_row() } else { theme.kind(*k) };
            let mark = if i == index { ">" } else { " " };
            Line::from(Span::styled(format!("{mark}{:<w$}", k.as_str(), w = usize::from(width) - 3), style))
        })
        .collect();
    let offset = panes::list_offset(index, area.height.saturating_sub(1)) as u16;
    Paragraph::new(lines)
        .scroll((offset, 0))
        .block(
            Block::default()
                .borders(Borders::LEFT | Borders::RIGHT | Borders::TOP)
                .border_style(theme.border(true))
                .title(Span::styled(" Add which kind? ", theme.title())),
        )
        .render(area, buf);
    // A short screen shows part of the kinds: say how many are hidden.
    let rows = area.height.saturating_sub(1);
    let hidden = Hidden::of(usize::from(offset), usize::from(rows), Kind::ALL.len());
    let frame = panes::Area { x: area.x, y: area.y, w: area.width, h: area.height };
    let list = panes::Area { x: area.x, y: area.y + 1, w: area.width, h: rows };
    marks::on_list(buf, frame, list, hidden, " Add which kind? ".len() + 1, theme);
}

pub fn too_small(buf: &mut Buffer, screen: Area, theme: &Theme) {
    let (w, h) = panes::MIN_SIZE;
    let text = format!(
        "archcrit needs at least {w}x{h}; this terminal is {}x{}. Enlarge it (your work is kept).",
        screen.width, screen.height
    );
    Paragraph::new(Span::styled(text, theme.title())).wrap(Wrap { trim: true }).render(screen, buf);
}
