//! The persona's panel: the rows `app::chat_view` wraps, coloured, showing
//! the newest words unless the person has scrolled back, which the border
//! says (and how much newer text waits below).

use ratatui::buffer::Buffer;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::marks::{self, Hidden};
use super::panels::block;
use super::rect;
use crate::tui::theme::Theme;
use archcrit_app::chat_view::{Tone, rows, window};
use archcrit_app::{State, panes};
use archcrit_core::critic::Severity;

fn style(tone: Tone, tint: Style, theme: &Theme) -> Style {
    match tone {
        Tone::Persona => tint,
        Tone::Plain => Style::new(),
        Tone::Dim => theme.dim(),
        Tone::Title => theme.title(),
        Tone::Added => theme.success(),
        Tone::Removed => theme.error(),
        Tone::Changed => theme.severity(Severity::Warning),
        Tone::Key => theme.focus_row(),
    }
}

pub fn draw(buf: &mut Buffer, area: panes::Area, state: &State, theme: &Theme) {
    let chat = &state.chat;
    let tint = theme.persona(chat.colour);
    let inner = area.inner();
    let all = rows(chat, usize::from(inner.w));
    let shown = window(chat.scroll, all.len(), usize::from(inner.h));
    let lines: Vec<Line> = all
        .into_iter()
        .skip(shown.start)
        .take(usize::from(inner.h))
        .map(|row| Line::from(row.into_iter().map(|(t, s)| Span::styled(s, style(t, tint, theme))).collect::<Vec<_>>()))
        .collect();
    // Reads as words: "Backend Architect answers · t to ask".
    let speaking = if chat.busy.is_some() { "is answering" } else { "answers" };
    let mut title =
        vec![Span::styled(format!(" {} {speaking} ", super::shown(&chat.persona)), tint.add_modifier(Modifier::BOLD))];
    if chat.live {
        title.push(Span::styled("(live) ", tint));
    }
    let hint = if chat.busy.is_some() { "· esc stops " } else { "· t to ask " };
    // The key hint only when it fits whole: a cut-off hint reads as noise.
    let said: usize = title.iter().map(|s| s.content.width()).sum();
    // Rows hidden above are counted on the border; the hint gives way.
    let mark = if shown.start > 0 { 6 + shown.start.to_string().len() } else { 0 };
    if said + hint.width() + mark <= usize::from(area.w.saturating_sub(2)) {
        title.push(Span::styled(hint, theme.dim()));
    }
    let title_w: usize = title.iter().map(|s| s.content.width()).sum();
    let mut frame = block(Line::from(title), false, theme).border_style(tint);
    // Opened at the top of an answer or scrolled back: say what waits below.
    if chat.scroll.is_some() && shown.below > 0 {
        let (up, down) = if theme.ascii { ("^", "v") } else { ("↑", "↓") };
        let n = shown.below;
        // The longest telling that fits the border.
        // At the top of a new answer nothing was scrolled: only say what
        // is below and how to get there.
        let notes = if shown.start == 0 {
            [
                format!(" {down} {n} more rows: pagedown reads on, end jumps to the last "),
                format!(" {down} {n} more · pagedown · end "),
                format!(" {down} {n} more, end "),
            ]
        } else {
            [
                format!(" {up} scrolled back: {down} {n} more rows, end jumps there "),
                format!(" {up} scrolled back · {n} more {down} · end "),
                format!(" {down} {n} more, end "),
            ]
        };
        let room = usize::from(area.w.saturating_sub(2));
        let note = notes.iter().find(|t| t.width() <= room).unwrap_or(&notes[2]).clone();
        frame = frame.title_bottom(Line::from(Span::styled(note, theme.title())).right_aligned());
    }
    Paragraph::new(lines).block(frame).render(rect(area), buf);
    marks::on_frame(buf, area, Hidden { above: shown.start, below: 0 }, title_w, theme);
}
