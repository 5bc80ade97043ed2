//! Exchange budgets: Mermaid export of a 10,000-component design (< 20 ms)
//! and import of a 10,000-line Mermaid file (< 50 ms), in release.

use std::hint::black_box;

use archcrit_core::exchange::mermaid::{self, Style, View};
use archcrit_core::exchange::{Direction, dot};
use archcrit_core::synth::generate;
use criterion::{Criterion, criterion_group, criterion_main};

fn full_text(n: usize) -> String {
    let design = generate(n, 42);
    let mut text = String::new();
    mermaid::write_view(&mut text, &View::of(&design), Style::default()).unwrap();
    text
}

fn exchange(c: &mut Criterion) {
    let mut group = c.benchmark_group("exchange");
    group.sample_size(30);
    let design = generate(10_000, 42);
    // What `archcrit export` does: too big for Mermaid, so an overview.
    group.bench_function("mermaid_export_10000", |b| {
        b.iter(|| mermaid::export(black_box(&design), Style::default()).text.len())
    });
    // The full diagram regardless of Mermaid's limits (the worst case).
    group.bench_function("mermaid_full_text_10000", |b| {
        b.iter(|| {
            let mut text = String::with_capacity(2 << 20);
            mermaid::write_view(&mut text, &View::of(black_box(&design)), Style::default()).unwrap();
            text.len()
        })
    });
    group.bench_function("dot_export_10000", |b| b.iter(|| dot::export(black_box(&design), Direction::LR, None).len()));
    // About 10,000 lines: node declarations, their archcrit comments,
    // subgraph members and edges.
    let text = full_text(2_300);
    eprintln!("import input: {} lines, {} bytes", text.lines().count(), text.len());
    group.bench_function("mermaid_import_10000_lines", |b| {
        b.iter(|| mermaid::import(black_box(&text), "bench.mmd", "bench").map(|i| i.design.component_count()))
    });
    group.finish();
}

criterion_group!(benches, exchange);
criterion_main!(benches);
