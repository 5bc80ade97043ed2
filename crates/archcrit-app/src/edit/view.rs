//! What the canvas shows: the whole-design layout, zoom, the pane split
//! and scrolling so the selection stays in view.

use crate::effect::Effect;
use crate::panes::{Panel, Wants};
use crate::refusal::CommandError;
use crate::state::{Focus, Level, State};
use archcrit_core::layout::{Rect, Scale};
use archcrit_core::model::Edit;

/// Hands every box back to auto-layout, as one undoable step, and lays
/// the whole design out afresh (edits only patch the layout in place).
pub(crate) fn layout_all(state: &mut State, fx: &mut Vec<Effect>) -> Result<(), CommandError> {
    let edits: Vec<Edit> = state
        .doc
        .design()
        .components()
        .filter(|c| c.at.is_some())
        .map(|c| Edit::Move { id: c.id.clone(), at: None })
        .collect();
    if edits.is_empty() {
        state.canvas.lay_out(state.doc.design());
        keep_in_view(state);
        state.say(Level::Info, "laid out every box afresh");
        return Ok(());
    }
    if super::apply(state, Edit::Batch { label: "auto-layout".into(), edits }, None, fx) {
        state.canvas.lay_out(state.doc.design());
        keep_in_view(state);
    }
    Ok(())
}

pub(crate) fn zoom(state: &mut State) {
    state.panels.choice.zoom_chosen = true;
    let scale = match state.canvas.scale() {
        Scale::Normal => Scale::Compact,
        Scale::Compact => Scale::Normal,
    };
    state.canvas.set_scale(state.doc.design(), scale);
    keep_in_view(state);
}

/// Scrolls so the selection (or the selected finding's components) shows.
pub(crate) fn keep_in_view(state: &mut State) {
    let targets: Vec<Rect> = match (state.focus, state.selected_finding()) {
        (Focus::Findings, Some(f)) => {
            f.components.iter().filter_map(|c| state.canvas.layout().rect(c.as_str())).collect()
        }
        _ => state.selected().iter().filter_map(|s| state.canvas.layout().rect(s.as_str())).collect(),
    };
    scroll_to(state, &targets);
}

/// Scrolls so these boxes show: all of them when they fit, else the first.
/// After a link is drawn its target comes first: a relayout may have moved
/// it off screen, and the person wants to see what they just joined.
pub(crate) fn show_boxes(state: &mut State, ids: &[&str]) {
    let targets: Vec<Rect> = ids.iter().filter_map(|id| state.canvas.layout().rect(id)).collect();
    scroll_to(state, &targets);
}

/// After a pattern, an undo or a redo: scrolls so the boxes it touched
/// (new, changed, or at either end of a new or changed link) show with
/// the selection; when not all of them fit, the touched ones alone; when
/// not even they fit, the selection as usual.
pub(crate) fn show_touched(state: &mut State) {
    let layout = state.canvas.layout();
    let mut touched: Vec<Rect> = Vec::new();
    if let Some(t) = &state.canvas.touched {
        let ends = t.links.iter().flat_map(|l| [&l.from, &l.to]);
        for id in t.added.iter().chain(t.changed.iter()).chain(ends) {
            touched.extend(layout.rect(id.as_str()));
        }
    }
    let selected: Vec<Rect> = state.selected().iter().filter_map(|s| layout.rect(s.as_str())).collect();
    let both: Vec<Rect> = selected.iter().chain(touched.iter()).copied().collect();
    if fits(state, &both) {
        scroll_to(state, &both);
    } else if !touched.is_empty() && fits(state, &touched) {
        scroll_to(state, &touched);
    } else {
        keep_in_view(state);
    }
}

/// The smallest rectangle holding all of `targets`.
fn union(targets: &[Rect]) -> Option<Rect> {
    let first = targets.first().copied()?;
    Some(targets.iter().fold(first, |a, r| {
        let (x, y) = (a.x.min(r.x), a.y.min(r.y));
        Rect { x, y, w: a.right().max(r.right()) - x, h: a.bottom().max(r.bottom()) - y }
    }))
}

/// `targets` fit on the canvas together, with a column and row to spare
/// around them.
fn fits(state: &State, targets: &[Rect]) -> bool {
    let canvas = state.panels.panes().canvas;
    union(targets).is_some_and(|b| b.w + 2 <= i32::from(canvas.w) && b.h + 2 <= i32::from(canvas.h))
}

fn scroll_to(state: &mut State, targets: &[Rect]) {
    let (Some(first), Some(bounds)) = (targets.first().copied(), union(targets)) else { return };
    // When everything does not fit, the first (the subject) wins.
    let goal = if fits(state, targets) { bounds } else { first };
    let (w, h) = (i32::from(state.panels.panes().canvas.w), i32::from(state.panels.panes().canvas.h));
    if w == 0 || h == 0 {
        return;
    }
    let axis = |scroll: i32, lo: i32, hi: i32, size: i32| -> i32 {
        if lo - 1 < scroll {
            (lo - 1).max(0)
        } else if hi + 1 > scroll + size {
            (hi + 1 - size).max(0).min((lo - 1).max(0))
        } else {
            scroll
        }
    };
    // Never scrolled past the board's far edge: after a zoom or an edit
    // shrinks the board, the rows it no longer fills come back into view
    // from above instead of showing empty below.
    let drawn = archcrit_core::layout::picture::bounds(state.canvas.layout());
    let clamp = |scroll: i32, far: i32, size: i32| scroll.min((far - size).max(0));
    state.canvas.scroll.0 = clamp(axis(state.canvas.scroll.0, goal.x, goal.right(), w), drawn.right(), w);
    state.canvas.scroll.1 = clamp(axis(state.canvas.scroll.1, goal.y, goal.bottom(), h), drawn.bottom(), h);
}

/// Pans the canvas by `by` columns and rows, as far as the board goes:
/// never before its near edge, nor so far that its far edge leaves the
/// canvas's far edge (the limit `scroll_to` keeps after a zoom). Returns
/// false when it could not move at all, for the caller to say so.
pub(crate) fn pan(state: &mut State, by: (i32, i32)) -> bool {
    let drawn = archcrit_core::layout::picture::bounds(state.canvas.layout());
    let canvas = state.panels.panes().canvas;
    let (w, h) = (i32::from(canvas.w), i32::from(canvas.h));
    let step = |scroll: i32, by: i32, far: i32, size: i32| (scroll + by).clamp(0, (far - size).max(0));
    let before = state.canvas.scroll;
    state.canvas.scroll.0 = step(before.0, by.0, drawn.right(), w);
    state.canvas.scroll.1 = step(before.1, by.1, drawn.bottom(), h);
    state.canvas.scroll != before
}

pub(crate) fn refresh_panes(state: &mut State) {
    let focused = match state.focus {
        Focus::Canvas => None,
        Focus::Inspector => Some(Panel::Inspector),
        Focus::Findings | Focus::Flows | Focus::Diff => Some(Panel::Findings),
    };
    let chat_needed = state.chat.proposal.is_some() || state.interviews.running.is_some();
    let chat = !state.chat.lines.is_empty() || chat_needed;
    let wide_chat = state.interviews.running.is_some();
    state.panels.arrange(Wants { focused, chat, chat_needed, wide_chat });
    // Ranks wrap to the room the canvas has, so panels never hide part of
    // the board: the same file, terminal size and panels give the same
    // picture. A maximised panel leaves no canvas; the board keeps its
    // width for when it comes back.
    let width = state.panels.panes().canvas.w;
    if width > 0 {
        state.canvas.set_width(state.doc.design(), i32::from(width));
    }
}
