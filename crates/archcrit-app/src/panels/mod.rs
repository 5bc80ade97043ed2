//! Panels that make room: `v` cycles which panels share the screen with
//! the canvas, `o` lets one panel fill it, `0` zooms the canvas to fit
//! the whole design (`fit`). The geometry is `panes::Panes::arrange`.

mod fit;
pub(crate) mod screen;

pub use fit::{bounds, fit};
pub use screen::Panels;

use crate::edit::{keep_in_view, refresh_panes};
use crate::keymap::Cmd;
use crate::panes::Panel;
use crate::state::{Focus, Level, State};
use archcrit_core::layout::Scale;

/// A screen under 100 columns starts with the compact zoom, a wider one
/// full size, until the person chooses (`z`, `0`).
pub(crate) fn resized(state: &mut State) {
    if state.panels.choice.zoom_chosen {
        return;
    }
    let scale = if state.panels.screen().0 < 100 { Scale::Compact } else { Scale::Normal };
    state.canvas.set_scale(state.doc.design(), scale);
}

/// Places the panels again; when that brings the persona's panel into
/// view, it opens at its latest review's first words (the verdict), not
/// at the end.
pub(crate) fn refresh(state: &mut State) {
    let had_chat = state.panels.panes().chat.is_some();
    refresh_panes(state);
    if !had_chat && state.panels.panes().chat.is_some() && state.chat.scroll.is_none() {
        let last = state.chat.lines.len().saturating_sub(1);
        let entry = state.chat.review.and_then(|(_, line)| line).unwrap_or(last);
        crate::chat::view::open_at(state, entry);
    }
}

/// One of the panel keys, wherever the keyboard is.
pub(crate) fn key(state: &mut State, cmd: Cmd) {
    match cmd {
        Cmd::Arrange => arrange(state),
        Cmd::Maximise => maximise(state),
        Cmd::Fit => fit(state),
        _ => {}
    }
}

/// The next arrangement: canvas only, canvas and findings, all panels.
fn arrange(state: &mut State) {
    let next = state.panels.arrangement().next();
    state.panels.choice.arrangement = Some(next);
    state.panels.choice.maximised = None;
    refresh(state);
    keep_in_view(state);
    // Name what the next press gives, so nobody presses through the cycle
    // blind looking for the canvas alone.
    state.say(Level::Info, format!("panels: {} (v again: {})", next.name(), next.next().name()));
}

/// The focused panel, or the persona's from the canvas, fills the screen;
/// pressed again, the panels come back.
fn maximise(state: &mut State) {
    let panel = match state.focus {
        Focus::Canvas => Panel::Chat,
        Focus::Inspector => Panel::Inspector,
        Focus::Findings | Focus::Flows | Focus::Diff => Panel::Findings,
    };
    if state.panels.choice.maximised.is_some() {
        state.panels.choice.maximised = None;
        refresh(state);
        keep_in_view(state);
        return;
    }
    if panel == Panel::Chat && state.panels.panes().chat.is_none() && state.chat.lines.is_empty() {
        state.say(
            Level::Info,
            "the persona's panel is empty (t asks it something); f, e or F focus a panel to fill the screen",
        );
        return;
    }
    state.panels.choice.maximised = Some(panel);
    refresh_panes(state);
    let what = match panel {
        Panel::Chat => "the persona's panel (pageup/pagedown scroll it)",
        Panel::Inspector => "the inspector",
        Panel::Findings => "this panel",
    };
    state.say(Level::Info, format!("{what} fills the screen; o restores the panels"));
}
