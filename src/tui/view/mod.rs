//! Views: functions from `State` to cells. They only draw; nothing here
//! changes state. `draw` works on a bare `Buffer` so tests and benchmarks
//! render without a terminal.

mod badges;
pub mod canvas;
mod chat;
mod diff;
mod edges;
mod flows;
pub mod glyphs;
mod inspector;
mod interview;
mod marks;
mod messages;
mod overlays;
mod panels;
mod picker;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect as Area;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use ratatui_textarea::{CursorMove, TextArea};

use crate::tui::theme::Theme;
use archcrit_app::{Context, Keymap, Level, Overlay, State, panes};
use archcrit_core::critic::Severity;
use archcrit_core::text::inert;

pub use overlays::help_lines;

/// Text from a design, a file, a persona or a model, made inert where a
/// view builds it (`scrub` is only the last guard).
pub(crate) fn shown(text: &str) -> String {
    inert::line(text).into_owned()
}

pub(crate) fn rect(a: panes::Area) -> Area {
    Area { x: a.x, y: a.y, width: a.w, height: a.h }
}

/// Draws a frame; places the terminal cursor in an open prompt.
pub fn render(frame: &mut Frame, state: &State, theme: &Theme) {
    let area = frame.area();
    if let Some(cursor) = draw(frame.buffer_mut(), area, state, theme) {
        frame.set_cursor_position(cursor);
    }
}

/// Draws everything into `buf`; returns where the text cursor goes.
pub fn draw(buf: &mut Buffer, area: Area, state: &State, theme: &Theme) -> Option<(u16, u16)> {
    let cursor = draw_panes(buf, area, state, theme);
    scrub(buf);
    cursor
}

/// The last guard of the inert boundary (domain::text::inert): whatever a
/// widget let through, no cell reaches the terminal holding a control
/// character or a bidi mark. Text is made visibly inert where it enters
/// (canvas labels, messages); this catches the rest, as U+FFFD.
fn scrub(buf: &mut Buffer) {
    for cell in &mut buf.content {
        if !inert::is_inert(cell.symbol(), false) {
            cell.set_symbol("\u{fffd}");
        }
    }
}

fn draw_panes(buf: &mut Buffer, area: Area, state: &State, theme: &Theme) -> Option<(u16, u16)> {
    let p = state.panels.panes();
    if p.too_small || area.width != state.panels.screen().0 || area.height != state.panels.screen().1 {
        // The state's panes are for another size until the resize arrives.
        let fresh = panes::Panes::split(area.width, area.height, false, false);
        if fresh.too_small {
            overlays::too_small(buf, area, theme);
            return None;
        }
    }
    canvas::draw(buf, rect(p.canvas), state, theme);
    if let Some(a) = p.findings {
        // The flows list or the diff takes the findings' place, unless the
        // findings have the keys (`f`).
        match &state.diff {
            _ if state.focus == archcrit_app::Focus::Flows => flows::draw(buf, a, state, theme),
            Some(view) if state.focus != archcrit_app::Focus::Findings => diff::draw(buf, a, state, view, theme),
            _ => panels::findings(buf, a, state, theme),
        }
    }
    if let Some(a) = p.inspector {
        inspector::draw(buf, a, state, theme);
    }
    let mut answer_cursor = None;
    if let Some(a) = p.chat {
        match &state.interviews.running {
            Some(iv) => answer_cursor = interview::draw(buf, a, state, iv, theme),
            None => chat::draw(buf, a, state, theme),
        }
    }
    let (status_area, line_area) = (rect(p.status), rect(p.line));
    // Text longer than the bottom row grows upwards, the status bar with it.
    // A third of the screen at most (measured by the panes' own size, which
    // may lag the frame's until a resize arrives).
    let max_rows = ((line_area.y + 1) / 3).max(1);
    let tall = messages::tall(state, line_area.width, max_rows, theme);
    let cursor = match &tall {
        Some(t) => {
            let n = t.rows.len() as u16;
            let (text_y, status_y) = if t.above_prompt {
                (line_area.y.saturating_sub(n), line_area.y.saturating_sub(n + 1))
            } else {
                ((line_area.y + 1).saturating_sub(n), line_area.y.saturating_sub(n))
            };
            status(buf, Area { y: status_y, ..status_area }, state, theme);
            let cursor = if t.above_prompt { bottom_line(buf, line_area, state, theme) } else { None };
            messages::draw_rows(buf, line_area.x, text_y, line_area.width, &t.rows);
            cursor
        }
        None => {
            status(buf, status_area, state, theme);
            bottom_line(buf, line_area, state, theme)
        }
    };
    let mut cursor = cursor.or(answer_cursor.filter(|_| matches!(state.overlay, Overlay::None)));
    match &state.overlay {
        Overlay::Find(find) => cursor = picker::draw(buf, rect(p.canvas), state, find, theme),
        Overlay::Help { scroll } => overlays::help(buf, area, *scroll, theme),
        Overlay::Messages { back } => messages::history(buf, *back, state, theme),
        Overlay::Picker { index, typed } => {
            let hint = archcrit_app::kindhint::picker_hint(state);
            overlays::picker(buf, rect(p.canvas), *index, typed, hint.as_deref(), theme)
        }
        _ => {}
    }
    cursor
}

fn mode(state: &State) -> &'static str {
    match state.context() {
        Context::Canvas => "NORMAL",
        Context::Findings => "FINDINGS",
        Context::Flows => "FLOWS",
        Context::Inspector => "INSPECT",
        Context::Connect => "CONNECT",
        Context::Picker => "ADD",
        Context::Input => match &state.overlay {
            Overlay::Input(p) if p.kind == archcrit_app::PromptKind::Command => "COMMAND",
            _ => "INPUT",
        },
        Context::Confirm => "QUESTION",
        Context::Help => "HELP",
        Context::Messages => "MESSAGES",
        Context::Interview => "INTERVIEW",
        Context::Proposal => "PROPOSAL",
        Context::Diff => "DIFF",
        Context::Find => "FIND",
    }
}

fn status(buf: &mut Buffer, area: Area, state: &State, theme: &Theme) {
    let base = theme.status();
    // It may sit over the panes (when a long message pushes it up).
    ratatui::widgets::Clear.render(area, buf);
    buf.set_style(area, base);
    let mut spans = vec![
        Span::styled(
            format!(" {} ", mode(state)),
            base.add_modifier(ratatui::style::Modifier::BOLD | ratatui::style::Modifier::REVERSED),
        ),
        Span::styled(format!(" {}", shown(&state.doc.file_label())), base),
    ];
    // Under 100 columns the short forms, so the headroom still shows.
    let narrow = area.width < 100;
    if state.doc.dirty() {
        let mark = if narrow { " [+]" } else { " [+] unsaved" };
        spans.push(Span::styled(mark, base.add_modifier(ratatui::style::Modifier::BOLD)));
    }
    let (boxes, links) = (state.doc.design().component_count(), state.doc.design().link_count());
    let counts = if narrow {
        let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        format!("  {} {}", plural(boxes, "box", "boxes"), plural(links, "link", "links"))
    } else {
        format!("  {}, {}", archcrit_app::wrap::counted(boxes, "component"), archcrit_app::wrap::counted(links, "link"))
    };
    spans.push(Span::styled(counts, base));
    if let Some(r) = state.latest_report() {
        spans.push(Span::styled("  ", base));
        for s in [Severity::Error, Severity::Warning, Severity::Info] {
            spans.push(Span::styled(format!("{}{} ", theme.mark(s), r.count(s)), theme.severity(s).patch(base)));
        }
        spans.push(Span::styled(format!(" {}", inert::line(&archcrit_app::flows::rows::headroom_status(r))), base));
    }
    if state.canvas.scale() == archcrit_core::layout::Scale::Compact {
        spans.push(Span::styled(" compact", base));
    }
    let right = " ? help ";
    let room = usize::from(area.width.saturating_sub(right.len() as u16));
    let spans = cut_spans(spans, room, if theme.ascii { "~" } else { "…" });
    buf.set_line(area.x, area.y, &Line::from(spans), area.width.saturating_sub(right.len() as u16));
    if area.width > right.len() as u16 + 20 {
        buf.set_string(area.x + area.width - right.len() as u16, area.y, right, base);
    }
}

/// `spans` cut to `room` columns with `mark` where they were cut (a status
/// line never just stops mid-word: "headroom 1.7x: mai").
fn cut_spans<'a>(spans: Vec<Span<'a>>, room: usize, mark: &'static str) -> Vec<Span<'a>> {
    use unicode_width::UnicodeWidthChar;
    let total: usize = spans.iter().map(Span::width).sum();
    if total <= room || room == 0 {
        return spans;
    }
    let mut left = room - 1;
    let mut out = Vec::with_capacity(spans.len());
    for span in spans {
        if span.width() <= left {
            left -= span.width();
            out.push(span);
            continue;
        }
        let mut kept = String::new();
        for ch in span.content.chars() {
            let w = ch.width().unwrap_or(0);
            if w > left {
                break;
            }
            left -= w;
            kept.push(ch);
        }
        out.push(Span::styled(format!("{}{mark}", kept.trim_end()), span.style));
        break;
    }
    out
}

/// Hints, messages, the command line and prompts; returns the cursor.
fn bottom_line(buf: &mut Buffer, area: Area, state: &State, theme: &Theme) -> Option<(u16, u16)> {
    match &state.overlay {
        Overlay::Input(prompt) => {
            let title = format!("{} ", prompt.title);
            let split = messages::prompt_split(prompt, area.width);
            let title_w = split.title_w;
            if unicode_width::UnicodeWidthStr::width(title.as_str()) > usize::from(title_w) && title_w > 2 {
                // Cut short with a mark and a space, so the typed text never
                // runs on from the title's last word.
                let keep = usize::from(title_w - 2);
                let mut cut = String::new();
                for ch in title.chars() {
                    if unicode_width::UnicodeWidthStr::width(cut.as_str())
                        + unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0)
                        > keep
                    {
                        break;
                    }
                    cut.push(ch);
                }
                let mark = if theme.ascii { "~ " } else { "… " };
                buf.set_stringn(area.x, area.y, format!("{cut}{mark}"), usize::from(title_w), theme.title());
            } else {
                buf.set_stringn(area.x, area.y, &title, usize::from(title_w), theme.title());
            }
            let rest = Area { x: area.x + title_w, width: area.width - title_w, ..area };
            let field = split.field_w;
            let note = match (&prompt.error, &prompt.completion) {
                _ if split.note_w == 0 => None,
                (Some(e), _) => Some(Span::styled(shown(e), theme.error())),
                (None, Some(c)) => Some(Span::styled(shown(&c.candidates.join(" ")), theme.dim())),
                _ => None,
            };
            let mut textarea = TextArea::new(vec![prompt.input.text().to_string()]);
            textarea.set_cursor_line_style(ratatui::style::Style::new());
            textarea.move_cursor(CursorMove::Jump(0, prompt.input.cursor() as u16));
            let field_area = Area { width: field, ..rest };
            (&textarea).render(field_area, buf);
            if prompt.input.selected() {
                // A pre-filled value, selected: typing replaces it.
                let w = unicode_width::UnicodeWidthStr::width(prompt.input.text()) as u16;
                buf.set_style(Area { width: w.min(field), ..field_area }, theme.focus_row());
            }
            if let Some(note) = note {
                buf.set_span(rest.x + field + 1, area.y, &note, rest.width.saturating_sub(field + 1));
            }
            let before: String = prompt.input.text().chars().take(prompt.input.cursor()).collect();
            let x =
                rest.x + (unicode_width::UnicodeWidthStr::width(before.as_str()) as u16).min(field.saturating_sub(1));
            Some((x, area.y))
        }
        Overlay::Confirm(q) => {
            buf.set_stringn(area.x, area.y, shown(&q.text()), usize::from(area.width), theme.focus_row());
            None
        }
        Overlay::Connect { from, target } => {
            let to = target.as_ref().map_or("?".to_string(), |t| t.to_string());
            let text = format!("link {from} -> {to}: arrows/tab choose, click picks, enter links, esc cancels");
            buf.set_stringn(area.x, area.y, text, usize::from(area.width), theme.title());
            None
        }
        _ => {
            if let Some((level, text)) = state.message() {
                let style = match level {
                    Level::Error => theme.error(),
                    Level::Success => theme.success(),
                    Level::Info => ratatui::style::Style::new(),
                };
                buf.set_stringn(area.x, area.y, shown(text), usize::from(area.width), style);
            } else {
                let mut spans = Vec::new();
                // The finder picks a link's target while connecting.
                let connecting = matches!(&state.overlay, Overlay::Find(f) if f.connect_from.is_some());
                // Whole hints only: one that does not fit is left out, not cut mid-word.
                let mut used = 0;
                for (key, help) in Keymap::hints(state.context(), 6) {
                    let help = if connecting && key == "enter" { "link to it" } else { help };
                    let (key, help) = (format!(" {key} "), format!(" {help}  "));
                    let width = unicode_width::UnicodeWidthStr::width(key.as_str())
                        + unicode_width::UnicodeWidthStr::width(help.trim_end());
                    if used + width > usize::from(area.width) {
                        break;
                    }
                    used += width + 2;
                    spans.push(Span::styled(key, theme.focus_row()));
                    spans.push(Span::styled(help, theme.dim()));
                }
                buf.set_line(area.x, area.y, &Line::from(spans), area.width);
            }
            None
        }
    }
}
