//! Driving the workshop's pure core in tests as the event loop would: the
//! critic run inline where the analyzer worker would run it, and screens
//! rendered through ratatui's TestBackend as plain text.

#![allow(dead_code)]

use archcrit::tui::theme::Theme;
use archcrit::tui::view;
use archcrit_app::{Action, Effect, State, update};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Plain text, box-drawing glyphs: what snapshot and screen tests compare.
pub const PLAIN: Theme = Theme { color: false, ascii: false };

/// Runs the critic inline for each `Analyze` and feeds the report back,
/// then lets the board settle as after a pause in typing; returns every
/// other effect, including those the report's arrival asked for (an
/// offline review, say).
pub fn settle(state: &mut State, effects: Vec<Effect>) -> Vec<Effect> {
    let mut rest = Vec::new();
    for effect in effects {
        match effect {
            Effect::Analyze(design) => {
                let report = (state.session.services.critique)(&design);
                let revision = design.revision();
                rest.extend(update(state, Action::CritiqueReady { revision, report: Box::new(report) }));
            }
            other => rest.push(other),
        }
    }
    // The keys stop after each press here: the board settles, as the event
    // loop does after a moment with no key.
    if state.canvas.settle_due() {
        rest.extend(update(state, Action::Settle));
    }
    rest
}

/// The whole screen as text, one line per row.
pub fn screen_with(state: &State, theme: Theme) -> String {
    let mut terminal =
        Terminal::new(TestBackend::new(state.panels.screen().0, state.panels.screen().1)).expect("a test terminal");
    terminal.draw(|f| view::render(f, state, &theme)).expect("a drawn frame");
    let buf = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

/// The whole screen in the plain theme.
pub fn screen(state: &State) -> String {
    screen_with(state, PLAIN)
}

/// A key as the event loop delivers it, with the critique run inline.
pub fn press(state: &mut State, key: archcrit_app::Key) {
    let fx = update(state, Action::Key(key));
    settle(state, fx);
}

/// A `:` command line as typed, with the critique run inline.
pub fn cmd(state: &mut State, line: &str) {
    let fx = update(state, Action::Command(line.into()));
    settle(state, fx);
}
