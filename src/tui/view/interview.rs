//! The interview in the persona's panel: the question with its reason and
//! progress, what the last answer changed, and the answer box with a live
//! check of what is typed. Draws only.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect as Area;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use super::{rect, shown};
use crate::tui::theme::Theme;
use archcrit_app::{Interview, State, panes};
use archcrit_core::interview::QuestionType;

/// Draws the panel; returns where the text cursor goes.
pub fn draw(buf: &mut Buffer, area: panes::Area, state: &State, iv: &Interview, theme: &Theme) -> Option<(u16, u16)> {
    let tint = theme.persona(state.chat.colour);
    let view = iv.current(state.doc.design());
    let progress = match &view {
        Some(v) if v.follow_up => format!("follow-up to question {}", iv.progress(v).0),
        Some(v) => {
            let (number, total) = iv.progress(v);
            format!("question {number} of {total}")
        }
        None => "done".into(),
    };
    let title = Line::from(vec![
        Span::styled(format!(" {} ", shown(&state.chat.persona)), tint),
        Span::styled(format!("· {} · {progress} ", shown(&iv.session.script().id)), theme.title()),
    ]);
    let outer = rect(area);
    let block = Block::default().borders(Borders::ALL).border_style(theme.border(true)).title(title);
    let inner = block.inner(outer);
    block.render(outer, buf);
    let view = view?;
    if inner.height < 6 || inner.width < 10 {
        return None;
    }
    // The answer box (3 rows) and two lines of checking sit at the bottom.
    let input_y = inner.y + inner.height - 5;
    let text_area = Area { height: input_y - inner.y, ..inner };
    let mut lines = vec![Line::from(Span::styled(shown(&view.ask), tint))];
    if let Some(why) = &view.why {
        lines.push(Line::from(Span::styled(format!("why: {}", shown(why)), theme.dim())));
    }
    lines.push(Line::from(Span::styled(format!("answer: {}", expected(&view.ty)), theme.dim())));
    if view.prefill.is_some() {
        lines.push(Line::from(Span::styled("pre-filled from the design: enter confirms it", theme.dim())));
    }
    for change in &iv.last {
        lines.push(Line::from(vec![Span::styled("✓ ", theme.success()), Span::styled(shown(change), theme.dim())]));
    }
    Paragraph::new(lines).wrap(Wrap { trim: true }).render(text_area, buf);

    let box_area = Area { y: input_y, height: 3, ..inner };
    let input_block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border(true))
        .title(Span::styled(" your answer ", theme.dim()));
    let field = input_block.inner(box_area);
    input_block.render(box_area, buf);
    // Keep the cursor in view on long answers.
    let before: String = iv.input.text().chars().take(iv.input.cursor()).collect();
    let before_w = unicode_width::UnicodeWidthStr::width(before.as_str()) as u16;
    let skip = before_w.saturating_sub(field.width.saturating_sub(1));
    let typed: String = iv.input.text().chars().skip(usize::from(skip)).collect();
    buf.set_stringn(field.x, field.y, typed, usize::from(field.width), ratatui::style::Style::new());
    let check_y = input_y + 3;
    let check = match (&iv.error, iv.input.text().trim().is_empty() && view.prefill.is_none()) {
        (Some(e), _) => Span::styled(format!("✗ {}", shown(e)), theme.error()),
        (None, true) => Span::styled("type your answer, enter to send", theme.dim()),
        (None, false) => match view.check(iv.input.text()) {
            Ok(value) => Span::styled(format!("✓ {}", shown(&value.to_string())), theme.success()),
            Err(e) => Span::styled(format!("… {}", shown(&e.to_string())), theme.dim()),
        },
    };
    Paragraph::new(Line::from(check)).wrap(Wrap { trim: true }).render(Area { y: check_y, height: 2, ..inner }, buf);
    Some((field.x + (before_w - skip).min(field.width.saturating_sub(1)), field.y))
}

/// What to type, briefly: choices numbered so a digit picks one.
fn expected(ty: &QuestionType) -> String {
    match ty {
        QuestionType::Choice(c) => {
            let items: Vec<String> = c.iter().enumerate().map(|(i, c)| format!("{} {c}", i + 1)).collect();
            format!("one of {} (tab cycles)", items.join(", "))
        }
        QuestionType::MultiChoice(c) => format!("any of {} (comma-separated)", c.join(", ")),
        other => other.expected(),
    }
}
