//! The whole critique (snapshot, capacity model, every rule, wording, sort;
//! no I/O) on generated designs of 100, 1,000 and 10,000 components.
//! Budget: under 1 ms at 100 and under 50 ms at 10,000, in release, on one
//! core.
//!
//! Two clocks: `critic/*` is wall time (what criterion always measures);
//! `critic_cpu/*` is the CPU time of the benchmarking thread, read from
//! Linux's /proc/thread-self/schedstat, so it stays honest when other
//! processes share the machine. Elsewhere that group falls back to wall time.

use std::hint::black_box;
#[path = "common/cpu.rs"]
mod cpu;

use archcrit_core::critic::{capacity, critique};
use archcrit_core::synth::generate;
use criterion::{Criterion, criterion_group, criterion_main};

fn critic(c: &mut Criterion) {
    let designs: Vec<_> = [100usize, 1_000, 10_000].into_iter().map(|n| (n, generate(n, 42))).collect();
    let mut group = c.benchmark_group("critic");
    group.sample_size(30);
    for (n, design) in &designs {
        group.bench_function(format!("critique_{n}"), |b| b.iter(|| critique(black_box(design)).findings.len()));
        group.bench_function(format!("metrics_only_{n}"), |b| {
            b.iter(|| capacity::metrics(black_box(design)).components.len())
        });
    }
    group.finish();
    let mut group = c.benchmark_group("critic_cpu");
    group.sample_size(30);
    for (n, design) in &designs {
        group.bench_function(format!("critique_{n}"), |b| {
            b.iter_custom(|iters| {
                cpu::cpu_time(iters, || {
                    black_box(critique(black_box(design)).findings.len());
                })
            })
        });
    }
    group.finish();
}

criterion_group!(benches, critic);
criterion_main!(benches);
