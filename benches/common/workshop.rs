//! The workshop as the TUI benches drive it: a generated design opened in
//! a `State`, the critic run inline where the analyzer worker would, and
//! frames drawn into a plain buffer (no terminal I/O).

#![allow(dead_code)]

use archcrit::tui::theme::Theme;
use archcrit::tui::view;
use archcrit_app::{Action, Effect, Services, Startup, State, update};
use archcrit_core::synth::generate;
use ratatui::buffer::Buffer;

pub const THEME: Theme = Theme { color: true, ascii: false };
pub const SCREEN: (u16, u16) = (200, 50);

/// Runs the critic for each `Analyze` and hands the report back.
pub fn settle(state: &mut State, effects: Vec<Effect>) {
    for e in effects {
        if let Effect::Analyze(d) = e {
            let report = (state.session.services.critique)(&d);
            update(state, Action::CritiqueReady { revision: d.revision(), report: Box::new(report) });
        }
    }
}

/// `synth::generate(n, 42)` opened on a `SCREEN`-sized workshop with a box
/// in the middle selected (so links and the inspector have work);
/// `prepare` runs before the first critique lands.
pub fn workshop(n: usize, prepare: impl FnOnce(&mut State)) -> State {
    let (mut state, fx) = State::new(Startup::new(generate(n, 42)), Services::builtin());
    prepare(&mut state);
    settle(&mut state, fx);
    update(&mut state, Action::Resize { w: SCREEN.0, h: SCREEN.1 });
    let middle = state.doc.design().ids().nth(n / 2).cloned();
    state.select(middle);
    state
}

/// Draws one whole frame; returns the cell count so the work is used.
pub fn frame(state: &State, buf: &mut Buffer) -> usize {
    buf.reset();
    let area = buf.area;
    view::draw(buf, area, state, &THEME);
    buf.content.len()
}
