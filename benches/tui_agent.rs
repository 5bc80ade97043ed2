//! The persona panel's share of the frame budget while an answer streams:
//! a token arriving -> `update` -> the redrawn frame, and a keystroke edit
//! (re-layout, re-critique, redraw) while tokens keep coming at ~50/s
//! (about one token per 16 ms frame). Budget: both under 16 ms.

use std::hint::black_box;

use archcrit_app::{Action, Key, State, update};
use criterion::{Criterion, criterion_group, criterion_main};

#[path = "common/cpu.rs"]
mod cpu;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

#[path = "common/workshop.rs"]
mod common;
use common::{SCREEN, frame, settle, workshop};
const TURN: u64 = 1;

/// A workshop on `n` components whose persona is mid-way through a long
/// streamed answer (LLM mode).
fn streaming(n: usize) -> State {
    let mut state = workshop(n, |s| s.chat.llm = true);
    state.chat.busy = Some(TURN);
    for i in 0..400 {
        update(&mut state, Action::AgentToken { turn: TURN, text: format!("word{i} ") });
    }
    state
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
