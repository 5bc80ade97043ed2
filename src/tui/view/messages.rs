//! Text at the bottom that is longer than a row (a message, a question, a
//! prompt's refusal) grows upwards into a taller message area, pushing the
//! status bar up with it rather than being cut at the screen edge; past a
//! third of the screen it ends in a mark that `M` shows the rest. Also the
//! message history pop-up.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect as Area;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::marks::{self, Hidden};
use super::rect;
use crate::tui::theme::Theme;
use archcrit_app::wrap::wrap;
use archcrit_app::{Level, Overlay, Prompt, State, panes};

/// How the bottom line splits for a prompt: the title, the field, and room
/// for a note (a refusal or completions) beside the field.
pub struct PromptSplit {
    pub title_w: u16,
    pub field_w: u16,
    pub note_w: u16,
}

pub fn prompt_split(prompt: &Prompt, width: u16) -> PromptSplit {
    let noted = prompt.error.is_some() || prompt.completion.as_ref().is_some_and(|c| c.candidates.len() > 1);
    let title_full = (prompt.title.width() + 1) as u16;
    // With nothing beside the field, the field needs room only for what is
    // typed (and some to go on typing): a long question ("orders.replicas
    // (a whole number...; empty = default):") takes the rest and reads
    // whole, with the typed value still beside it. Never less than half.
    let field_need = u16::try_from(prompt.input.text().width() + 2).unwrap_or(u16::MAX).max(16);
    let title_room = if noted { width / 2 } else { width.saturating_sub(field_need).max(width / 2) };
    let title_w = title_full.min(title_room);
    let rest = width - title_w;
    // A refusal too long for its half of the line goes above the line, and
    // the field keeps the whole row.
    let error_above = prompt.error.as_ref().is_some_and(|e| e.width() + 1 > usize::from(rest - rest / 2));
    if noted && !error_above {
        PromptSplit { title_w, field_w: rest / 2, note_w: rest - rest / 2 }
    } else {
        PromptSplit { title_w, field_w: rest, note_w: 0 }
    }
}

fn level_style(level: Level, theme: &Theme) -> Style {
    match level {
        Level::Error => theme.error(),
        Level::Success => theme.success(),
        Level::Info => Style::new(),
    }
}

/// Rows of bottom text that does not fit on one row, and whether they go
/// above a prompt (which keeps the bottom row) or end on the bottom row.
pub struct Tall {
    pub rows: Vec<Line<'static>>,
    pub above_prompt: bool,
}

/// The tall text for the moment, if any; at most `max_rows` rows.
pub fn tall(state: &State, width: u16, max_rows: u16, theme: &Theme) -> Option<Tall> {
    let (text, style, above_prompt, more) = match &state.overlay {
        Overlay::Input(p) => {
            let error = p.error.as_ref()?;
            if prompt_split(p, width).note_w > 0 {
                return None;
            }
            (error.clone(), theme.error(), true, "esc, then M shows it all")
        }
        Overlay::Confirm(q) => (q.text(), theme.focus_row(), false, ""),
        Overlay::Connect { .. } => return None,
        _ => {
            let (level, text) = state.message()?;
            (text.clone(), level_style(*level, theme), false, "M shows it all")
        }
    };
    let more = format!(" {} {more}", if theme.ascii { "~" } else { "…" });
    // A prompt's refusal comes here only when it does not fit beside the field.
    if !above_prompt && text.width() <= usize::from(width) {
        return None;
    }
    let width = usize::from(width);
    let mut rows: Vec<String> =
        wrap(&[((), text.as_str())], width).into_iter().map(|r| r.into_iter().map(|(_, s)| s).collect()).collect();
    let max_rows = usize::from(max_rows.max(1));
    if rows.len() > max_rows {
        rows.truncate(max_rows);
        if let Some(last) = rows.last_mut() {
            *last = cut(last, width.saturating_sub(more.width()));
            last.push_str(&more);
        }
    }
    let rows = rows.into_iter().map(|r| Line::from(Span::styled(r, style))).collect();
    Some(Tall { rows, above_prompt })
}

/// The start of `text` that fits in `width` cells.
fn cut(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for g in text.graphemes(true) {
        used += g.width();
        if used > width {
            break;
        }
        out.push_str(g);
    }
    out
}

/// Draws tall rows from `y` down, clearing the rows first.
pub fn draw_rows(buf: &mut Buffer, x: u16, y: u16, width: u16, rows: &[Line]) {
    for (i, line) in rows.iter().enumerate() {
        let row = Area { x, y: y + i as u16, width, height: 1 };
        Clear.render(row, buf);
        buf.set_line(x, row.y, line, width);
    }
}

/// The message history pop-up, newest at the bottom, `back` rows
/// scrolled back from there.
const TITLE: &str = " Messages, newest last (k/j scroll, esc closes) ";

pub fn history(buf: &mut Buffer, back: usize, state: &State, theme: &Theme) {
    let popup = panes::messages_popup(state.panels.screen().0, state.panels.screen().1);
    Clear.render(rect(popup), buf);
    let inner = popup.inner();
    let width = usize::from(inner.w.saturating_sub(2)).max(1);
    let mut lines: Vec<Line> = Vec::new();
    for (level, text) in state.log() {
        let style = level_style(*level, theme);
        for (i, row) in wrap(&[((), text.as_str())], width).into_iter().enumerate() {
            let lead = match (i, theme.ascii) {
                (0, false) => "• ",
                (0, true) => "- ",
                _ => "  ",
            };
            let text: String = row.into_iter().map(|(_, s)| s).collect();
            lines.push(Line::from(vec![Span::styled(lead, theme.dim()), Span::styled(text, style)]));
        }
    }
    let max_back = panes::messages_max_back(state.log(), state.panels.screen().0, state.panels.screen().1);
    let top = max_back - back.min(max_back);
    let hidden = Hidden::of(top, usize::from(inner.h), lines.len());
    Paragraph::new(lines)
        .scroll((top.min(usize::from(u16::MAX)) as u16, 0))
        .block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.border(true))
                .title(Span::styled(TITLE, theme.title())),
        )
        .render(rect(popup), buf);
    marks::on_frame(buf, popup, hidden, TITLE.width(), theme);
}
