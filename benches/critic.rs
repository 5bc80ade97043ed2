//! The whole critique (snapshot, capacity model, every rule, wording, sort;
//! no I/O) on generated designs of 100, 1,000 and 10,000 components.
//! Budget: under 1 ms at 100 and under 50 ms at 10,000, in release, on one
//! core. With flows and tail latency (`critique_flows_*`: eight explicit
//! flows, a p99 budget, headroom in the same pass): under 5 ms at 1,000 and
//! under 80 ms at 10,000.
//!
//! Two clocks: `critic/*` is wall time (what criterion always measures);
//! `critic_cpu/*` is the CPU time of the benchmarking thread, read from
//! Linux's /proc/thread-self/schedstat, so it stays honest when other
//! processes share the machine. Elsewhere that group falls back to wall time.

use std::hint::black_box;
#[path = "common/cpu.rs"]
mod cpu;

use archcrit_core::critic::{capacity, critique};
use archcrit_core::model::{ComponentId, Design, Edit, FieldValue, Flow, Kind, RequirementField};
use archcrit_core::synth::generate;

/// The synthetic design with a p99 budget and eight explicit flows, each
/// from a client over the first twelve components a breadth-first walk
/// from it reaches (every member reached from an earlier one).
fn with_flows(mut design: Design) -> Design {
    let budget = Edit::SetRequirement { field: RequirementField::P99BudgetMs, value: Some(FieldValue::Number(400.0)) };
    design.apply(budget).expect("a valid budget");
    let clients: Vec<ComponentId> =
        design.components().filter(|c| c.kind == Kind::Client).map(|c| c.id.clone()).take(8).collect();
    for (k, from) in clients.into_iter().enumerate() {
        let mut via: Vec<ComponentId> = Vec::new();
        let mut queue = std::collections::VecDeque::from([from.clone()]);
        while let Some(at) = queue.pop_front() {
            for l in design.outgoing(at.as_str()) {
                if l.to != from && !via.contains(&l.to) && via.len() < 12 {
                    via.push(l.to.clone());
                    queue.push_back(l.to.clone());
                }
            }
        }
        let flow = Flow::new(from, via);
        design.apply(Edit::SetFlow { id: format!("flow-{k}"), flow: Some(flow), index: None }).expect("a valid flow");
    }
    design
}
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
    let flowing: Vec<_> = designs.iter().map(|(n, d)| (*n, with_flows(d.clone()))).collect();
    for (n, design) in &flowing {
        group.bench_function(format!("critique_flows_{n}"), |b| b.iter(|| critique(black_box(design)).findings.len()));
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
    for (n, design) in &flowing {
        group.bench_function(format!("critique_flows_{n}"), |b| {
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
