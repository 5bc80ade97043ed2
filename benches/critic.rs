//! The whole critique (snapshot, capacity model, every rule, wording, sort;
//! no I/O) on generated designs of 100, 1,000 and 10,000 components.
//! Budget: under 1 ms at 100 and under 50 ms at 10,000, in release.

use std::hint::black_box;

use archcrit::domain::critic::{capacity, critique};
use archcrit::domain::synth::generate;
use criterion::{Criterion, criterion_group, criterion_main};

fn critic(c: &mut Criterion) {
    let mut group = c.benchmark_group("critic");
    group.sample_size(30);
    for n in [100usize, 1_000, 10_000] {
        let design = generate(n, 42);
        group.bench_function(format!("critique_{n}"), |b| b.iter(|| critique(black_box(&design)).findings.len()));
        group.bench_function(format!("metrics_only_{n}"), |b| {
            b.iter(|| capacity::metrics(black_box(&design)).components.len())
        });
    }
    group.finish();
}

criterion_group!(benches, critic);
criterion_main!(benches);
