//! The persona's panel as rows of text, and where it is scrolled to. Built
//! here, not in the view, so scrolling in `update` counts exactly the rows
//! the view draws; the view only turns tones into colours.

use crate::panes::Area;
use crate::state::{Chat, ChatLine, State};
use crate::wrap::{Row, row_count, wrap};
use archcrit_core::model::Edit;

/// How a piece of the panel's text is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// The persona's own words, in its colour.
    Persona,
    Plain,
    Dim,
    Title,
    Added,
    Removed,
    Changed,
    /// A key to press.
    Key,
}

type Line = Vec<(Tone, String)>;

/// One chat entry as lines: a persona's answer keeps its line breaks;
/// other entries are "who: text".
fn entry_lines(line: &ChatLine) -> Vec<Line> {
    match &line.who {
        None => line.text.split('\n').map(|t| vec![(Tone::Persona, t.to_string())]).collect(),
        Some(who) => vec![vec![(Tone::Dim, format!("{who}: ")), (Tone::Plain, line.text.clone())]],
    }
}

/// One line per change, marked like a diff: `+` added, `-` removed, `~` changed.
fn diff_lines(edit: &Edit, out: &mut Vec<Line>) {
    let (mark, tone) = match edit {
        Edit::Batch { edits, .. } => {
            for e in edits {
                diff_lines(e, out);
            }
            return;
        }
        Edit::AddComponent { .. } | Edit::Connect { .. } => ("+", Tone::Added),
        Edit::RemoveComponent { .. } | Edit::Disconnect { .. } => ("-", Tone::Removed),
        _ => ("~", Tone::Changed),
    };
    out.push(vec![(tone, format!("  {mark} ")), (Tone::Plain, edit.describe())]);
}

/// Every line of the panel: the conversation, then any waiting proposal.
fn lines(chat: &Chat) -> Vec<Line> {
    let mut out: Vec<Line> = chat.lines.iter().flat_map(entry_lines).collect();
    if let Some(p) = &chat.proposal {
        out.push(vec![(Tone::Title, "proposed changes (not applied):".into())]);
        for edit in &p.edits {
            diff_lines(edit, &mut out);
        }
        for r in &p.refused {
            out.push(vec![(Tone::Dim, format!("  x refused: {r}"))]);
        }
        out.push(vec![
            (Tone::Key, " y ".into()),
            (Tone::Dim, " apply as one step  ".into()),
            (Tone::Key, " n ".into()),
            (Tone::Dim, " reject".into()),
        ]);
    }
    out
}

fn wrap_line(line: &Line, width: usize) -> Vec<Row<Tone>> {
    let pieces: Vec<(Tone, &str)> = line.iter().map(|(t, s)| (*t, s.as_str())).collect();
    wrap(&pieces, width)
}

/// The panel's rows at a width.
pub fn rows(chat: &Chat, width: usize) -> Vec<Row<Tone>> {
    lines(chat).iter().flat_map(|l| wrap_line(l, width)).collect()
}

/// The rows one chat entry takes at a width.
fn entry_rows(line: &ChatLine, width: usize) -> usize {
    entry_lines(line)
        .iter()
        .map(|l| {
            let pieces: Vec<(Tone, &str)> = l.iter().map(|(t, s)| (*t, s.as_str())).collect();
            row_count(&pieces, width)
        })
        .sum()
}

/// Which rows a panel shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// The first row shown.
    pub start: usize,
    pub total: usize,
    /// Rows after the last one shown (newer words when scrolled back).
    pub below: usize,
}

/// The rows shown for a scroll position, in a panel of `height` rows.
pub fn window(scroll: Option<usize>, total: usize, height: usize) -> Window {
    let last_start = total.saturating_sub(height);
    let start = scroll.map_or(last_start, |top| top.min(last_start));
    Window { start, total, below: total.saturating_sub(start + height) }
}

/// The inside of the persona's panel (width, height), when it is shown.
fn inside(state: &State) -> Option<(usize, usize)> {
    let area: Area = state.panels.panes().chat?.inner();
    Some((usize::from(area.w), usize::from(area.h)))
}

/// Scrolls the panel by `delta` rows (negative: back in time). Reaching
/// the end follows new words again.
pub fn scroll(state: &mut State, delta: i64) -> bool {
    let Some((width, height)) = inside(state) else { return false };
    let total = rows(&state.chat, width).len();
    let now = window(state.chat.scroll, total, height);
    let last_start = total.saturating_sub(height);
    let next = (now.start as i64 + delta).clamp(0, last_start as i64) as usize;
    state.chat.scroll = (next < last_start).then_some(next);
    true
}

/// How many rows a page is in the panel (most of its height).
pub fn page(state: &State) -> i64 {
    inside(state).map_or(1, |(_, h)| (h as i64 - 1).max(1))
}

/// Opens the panel at entry `index`: a new answer shows its first words
/// (the verdict) rather than its end. Scrolling on still reaches the end.
pub fn open_at(state: &mut State, index: usize) {
    let Some((width, _)) = inside(state) else {
        state.chat.scroll = None;
        return;
    };
    let index = index.min(state.chat.lines.len());
    let top: usize = state.chat.lines[..index].iter().map(|l| entry_rows(l, width)).sum();
    state.chat.scroll = Some(top);
}

/// Removes entry `index`, keeping the rows being read where they are when
/// the panel is scrolled back past it.
pub fn remove_entry(state: &mut State, index: usize) {
    if index >= state.chat.lines.len() {
        return;
    }
    let Some((width, height)) = inside(state) else {
        state.chat.lines.remove(index);
        return;
    };
    if let Some(top) = state.chat.scroll {
        let before: usize = state.chat.lines[..index].iter().map(|l| entry_rows(l, width)).sum();
        let gone = entry_rows(&state.chat.lines[index], width);
        if before + gone <= top {
            state.chat.scroll = Some(top - gone);
        }
    }
    state.chat.lines.remove(index);
    // Scrolled back into what is now the end is following the end.
    let last_start = rows(&state.chat, width).len().saturating_sub(height);
    if state.chat.scroll.is_some_and(|top| top >= last_start) {
        state.chat.scroll = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_follows_the_end_unless_scrolled_back() {
        assert_eq!(window(None, 30, 10), Window { start: 20, total: 30, below: 0 });
        assert_eq!(window(Some(5), 30, 10), Window { start: 5, total: 30, below: 15 });
        assert_eq!(window(Some(25), 30, 10), Window { start: 20, total: 30, below: 0 });
        assert_eq!(window(None, 4, 10), Window { start: 0, total: 4, below: 0 });
    }

    #[test]
    fn answers_keep_their_line_breaks_and_wrap() {
        let chat = Chat {
            lines: vec![
                ChatLine { who: Some("you".into()), text: "why a cache?".into() },
                ChatLine { who: None, text: "Because reads dominate.\nAnd it is cheap.".into() },
            ],
            ..Chat::default()
        };
        let rows = rows(&chat, 12);
        let text: Vec<String> = rows.iter().map(|r| r.iter().map(|(_, s)| s.as_str()).collect()).collect();
        assert_eq!(text, ["you: why a", "cache?", "Because", "reads", "dominate.", "And it is", "cheap."]);
        assert_eq!(rows[0][0].0, Tone::Dim);
        assert_eq!(rows[2][0].0, Tone::Persona);
    }
}
