//! Loading + validating a generated 10,000-component design (budget: under
//! 150 ms in release), the canonical writer on the same design, and the
//! one-pass YAML position index (budget: under 30 ms at 10,000), on the
//! wall clock and (file_cpu) on the thread's CPU-time clock.

use std::hint::black_box;

use archcrit_core::file::{load_str, to_yaml};
use archcrit_core::synth::generate;
use criterion::{Criterion, criterion_group, criterion_main};

#[path = "common/cpu.rs"]
mod cpu;

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("file");
    group.sample_size(20);
    for n in [1_000usize, 10_000] {
        let text = to_yaml(&generate(n, 42));
        group.bench_function(format!("load_validate_{n}"), |b| {
            b.iter(|| load_str(black_box(&text), "synth.yaml").map(|d| d.component_count()))
        });
        // Baseline: the YAML parser alone, into an untyped value.
        group.bench_function(format!("yaml_parse_only_{n}"), |b| {
            b.iter(|| archcrit_core::file::yaml::from_str::<archcrit_core::file::yaml::Value>(black_box(&text)).is_ok())
        });
        let design = generate(n, 42);
        group.bench_function(format!("save_canonical_{n}"), |b| b.iter(|| to_yaml(black_box(&design)).len()));
    }
    group.finish();

    // The position index behind SARIF lines and late load errors.
    let mut group = c.benchmark_group("positions");
    group.sample_size(20);
    let text = to_yaml(&generate(10_000, 42));
    group.bench_function("read_10000", |b| {
        b.iter(|| archcrit_core::file::yaml::Positions::read(black_box(&text)).broken().is_none())
    });
    // Baseline: the event parser alone.
    group.bench_function("events_only_10000", |b| b.iter(|| archcrit_core::file::yaml::event_count(black_box(&text))));
    group.bench_function("component_lines_10000", |b| {
        b.iter(|| archcrit_core::file::component_lines(black_box(&text)).len())
    });
    group.bench_function("read_10000_cpu", |b| {
        b.iter_custom(|iters| {
            cpu::cpu_time(iters, || {
                black_box(archcrit_core::file::yaml::Positions::read(black_box(&text)).broken());
            })
        })
    });
    group.finish();

    // The same load on the CPU-time clock (see benches/common/cpu.rs).
    let mut group = c.benchmark_group("file_cpu");
    group.sample_size(20);
    let text = to_yaml(&generate(10_000, 42));
    group.bench_function("load_validate_10000", |b| {
        b.iter_custom(|iters| {
            cpu::cpu_time(iters, || {
                black_box(load_str(black_box(&text), "synth.yaml").map(|d| d.component_count()).ok());
            })
        })
    });
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
