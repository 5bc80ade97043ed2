//! Workshop budgets: one frame of a 200-component design (< 2 ms) and of
//! 1,000 (< 8 ms, with the side panels shown or hidden, zoomed to fit); a
//! keystroke to the redrawn frame including the
//! re-critique at 1,000 (< 16 ms: moving a box, adding a component,
//! linking two; the `:whatif fail ID` answer); auto-layout of 1,000
//! (< 100 ms); and startup to the first frame on an example (< 50 ms).

use std::hint::black_box;
use std::time::{Duration, Instant};

use archcrit_app::{Action, Key, Services, Startup, State, update};
use archcrit_core::layout::{Scale, layout};
use archcrit_core::synth::generate;
use archcrit_core::{examples, file};
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

#[path = "common/workshop.rs"]
mod common;
use common::{SCREEN, frame, settle, workshop};

/// Times `iters` structural edits (the command line `next` gives, to the
/// redrawn frame) and undoes each one untimed, so every iteration starts
/// from the same design instead of a growing one.
fn timed_then_undone(state: &mut State, buf: &mut Buffer, iters: u64, mut next: impl FnMut() -> String) -> Duration {
    let mut timed = Duration::ZERO;
    for _ in 0..iters {
        let command = next();
        let start = Instant::now();
        let fx = update(state, Action::Command(command));
        settle(state, fx);
        black_box(frame(state, buf));
        timed += start.elapsed();
        let fx = update(state, Action::Key(Key::ch('u')));
        settle(state, fx);
    }
    timed
}

fn benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("tui");
    group.sample_size(20);
    let area = Rect::new(0, 0, SCREEN.0, SCREEN.1);
    for n in [200usize, 1_000] {
        let state = workshop(n, |_| {});
        let mut buf = Buffer::empty(area);
        group.bench_function(format!("frame_{n}"), |b| b.iter(|| frame(black_box(&state), &mut buf)));
    }
    // The same frame with the side panels hidden (`v` to canvas only), and
    // zoomed to fit (`0`: compact, the canvas filled with boxes).
    let mut state = workshop(1_000, |_| {});
    while state.panels.choice.arrangement(SCREEN.0, SCREEN.1) != archcrit_app::panes::Arrangement::Canvas {
        update(&mut state, Action::Key(Key::ch('v')));
    }
    let mut buf = Buffer::empty(area);
    group.bench_function("frame_1000_panels_hidden", |b| b.iter(|| frame(black_box(&state), &mut buf)));
    update(&mut state, Action::Key(Key::ch('0')));
    group.bench_function("frame_1000_panels_hidden_zoomed_to_fit", |b| b.iter(|| frame(black_box(&state), &mut buf)));
    let mut right = true;
    group.bench_function("keystroke_to_frame_1000_panels_hidden", |b| {
        b.iter(|| {
            let key = Key::ch(if right { 'L' } else { 'H' });
            right = !right;
            let fx = update(&mut state, Action::Key(key));
            settle(&mut state, fx);
            frame(&state, &mut buf)
        })
    });

    let mut state = workshop(1_000, |_| {});
    let mut buf = Buffer::empty(area);
    let mut right = true;
    group.bench_function("keystroke_to_frame_1000", |b| {
        b.iter(|| {
            // Move the selected box (an edit: re-layout, re-critique, redraw).
            let key = Key::ch(if right { 'L' } else { 'H' });
            right = !right;
            let fx = update(&mut state, Action::Key(key));
            settle(&mut state, fx);
            frame(&state, &mut buf)
        })
    });

    // Structural edits, each the Enter that runs a command line: a new
    // component (placed without moving the others), a new link between
    // two existing components (routed alone). Each is undone untimed, so
    // every measured edit meets the same 1,000-component design.
    let mut state = workshop(1_000, |_| {});
    let mut added = 0usize;
    group.bench_function("add_component_keystroke_1000", |b| {
        b.iter_custom(|iters| {
            timed_then_undone(&mut state, &mut buf, iters, || {
                added += 1;
                format!("add service bench-{added}")
            })
        })
    });
    let mut state = workshop(1_000, |_| {});
    let ids: Vec<String> = state.doc.design().ids().map(|i| i.to_string()).collect();
    let mut linked = 0usize;
    group.bench_function("link_components_keystroke_1000", |b| {
        b.iter_custom(|iters| {
            timed_then_undone(&mut state, &mut buf, iters, || {
                linked += 1;
                let (from, to) = (&ids[linked * 7 % ids.len()], &ids[(linked * 13 + 5) % ids.len()]);
                format!("link {from} {to} p{linked}")
            })
        })
    });

    // Answering while the workshop runs: the Enter on `:whatif fail ID`
    // to the frame with the answer (the what-if's critique of the scratch
    // copy, the wording, the panel). The panel is emptied untimed so every
    // answer meets the same panel; the design never changes.
    let mut state = workshop(1_000, |_| {});
    let failing: Vec<String> = state
        .doc
        .design()
        .components()
        .filter(|c| c.kind != archcrit_core::model::Kind::Client)
        .map(|c| c.id.to_string())
        .collect();
    let mut asked = 0usize;
    group.bench_function("whatif_fail_keystroke_1000", |b| {
        b.iter_custom(|iters| {
            let mut timed = Duration::ZERO;
            for _ in 0..iters {
                asked += 1;
                let command = format!("whatif fail {}", failing[asked * 7 % failing.len()]);
                let start = Instant::now();
                let fx = update(&mut state, Action::Command(command));
                settle(&mut state, fx);
                black_box(frame(&state, &mut buf));
                timed += start.elapsed();
                state.chat.lines.clear();
                state.chat.proposal = None;
            }
            timed
        })
    });

    let design = generate(1_000, 42);
    // For reading the keystroke figure: the critic's share of it.
    group.bench_function("critique_1000", |b| {
        b.iter(|| archcrit_core::critic::critique(black_box(&design)).findings.len())
    });
    group.bench_function("layout_1000", |b| b.iter(|| layout(black_box(&design), Scale::Normal).routes.len()));

    let text = examples::example("shop").unwrap_or_default();
    group.bench_function("startup_to_first_frame_shop", |b| {
        b.iter(|| {
            let design =
                file::load_str(black_box(text), "shop").map_err(|e| e.to_string()).unwrap_or_else(|e| panic!("{e}"));
            let (mut state, fx) = State::new(Startup::new(design), Services::builtin());
            settle(&mut state, fx);
            update(&mut state, Action::Resize { w: 140, h: 40 });
            let mut buf = Buffer::empty(Rect::new(0, 0, 140, 40));
            frame(&state, &mut buf)
        })
    });
    group.finish();
}

criterion_group!(tui, benches);
criterion_main!(tui);
