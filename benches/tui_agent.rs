//! The persona panel's share of the frame budget while an answer streams:
//! a token arriving -> `update` -> the redrawn frame, and a keystroke edit
//! (re-layout, re-critique, redraw) while tokens keep coming at ~50/s
//! (about one token per 16 ms frame). Budget: both under 16 ms.

use std::hint::black_box;

use archcrit::app::{Action, Effect, Key, Services, State, update};
use archcrit::domain::synth::generate;
use archcrit::tui::theme::Theme;
use archcrit::tui::view;
use criterion::{Criterion, criterion_group, criterion_main};

#[path = "common/cpu.rs"]
mod cpu;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

const THEME: Theme = Theme { color: true, ascii: false };
const SCREEN: (u16, u16) = (200, 50);
const TURN: u64 = 1;

fn settle(state: &mut State, effects: Vec<Effect>) {
    for e in effects {
        if let Effect::Analyze(d) = e {
            let report = (state.services.critique)(&d);
            update(state, Action::CritiqueReady { revision: d.revision(), report: Box::new(report) });
        }
    }
}

/// A workshop on `n` components whose persona is mid-way through a long
/// streamed answer (LLM mode).
fn streaming(n: usize) -> State {
    let (mut state, fx) = State::new(generate(n, 42), None, false, false, Services::builtin());
    state.chat.llm = true;
    settle(&mut state, fx);
    update(&mut state, Action::Resize { w: SCREEN.0, h: SCREEN.1 });
    state.selected = state.design.ids().nth(n / 2).cloned();
    state.chat.busy = Some(TURN);
    for i in 0..400 {
        update(&mut state, Action::AgentToken { turn: TURN, text: format!("word{i} ") });
    }
    state
}

fn frame(state: &State, buf: &mut Buffer) -> usize {
    buf.reset();
    view::draw(buf, buf.area, state, &THEME);
    buf.content.len()
}

fn benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("tui_agent");
    group.sample_size(20);
    let area = Rect::new(0, 0, SCREEN.0, SCREEN.1);
    for n in [200usize, 1_000] {
        let mut state = streaming(n);
        let mut buf = Buffer::empty(area);
        group.bench_function(format!("token_to_frame_{n}"), |b| {
            b.iter(|| {
                update(&mut state, Action::AgentToken { turn: TURN, text: black_box("token ").into() });
                frame(&state, &mut buf)
            })
        });
    }
    let mut state = streaming(1_000);
    let mut buf = Buffer::empty(area);
    let mut right = true;
    let mut keystroke = move || {
        let key = Key::ch(if right { 'L' } else { 'H' });
        right = !right;
        let fx = update(&mut state, Action::Key(key));
        settle(&mut state, fx);
        // The token that arrived during the same frame.
        update(&mut state, Action::AgentToken { turn: TURN, text: "token ".into() });
        frame(&state, &mut buf)
    };
    group.bench_function("keystroke_to_frame_1000_while_streaming", |b| b.iter(&mut keystroke));
    // The same work on the benchmarking thread's CPU clock: what it costs
    // when the machine is shared (all of it runs on this one thread).
    group.bench_function("keystroke_to_frame_1000_while_streaming_cpu", |b| {
        b.iter_custom(|iters| {
            cpu::cpu_time(iters, || {
                black_box(keystroke());
            })
        })
    });
    group.finish();
}

criterion_group!(tui_agent, benches);
criterion_main!(tui_agent);
