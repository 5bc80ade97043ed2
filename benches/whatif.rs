//! What-if speed: one hypothetical on a 1,000-component design (scratch
//! copy, edit, full re-critique, delta), and a whole offline answer that
//! runs one. Budget: under 20 ms, so the workshop can answer between
//! keystrokes.

use std::hint::black_box;

use archcrit_core::critic::critique;
use archcrit_core::model::Kind;
use archcrit_core::persona::{discover, offline};
use archcrit_core::synth::generate;
use archcrit_core::whatif::{Change, LoadChange, dependents_by_component, what_if_from};
use criterion::{Criterion, criterion_group, criterion_main};

fn what_if(c: &mut Criterion) {
    let mut group = c.benchmark_group("whatif");
    group.sample_size(20);
    let design = generate(1_000, 42);
    let report = critique(&design);
    // The component the most client requests need: the worst one to lose.
    let blast = dependents_by_component(&design);
    let Some(busiest) = design
        .components()
        .filter(|c| c.kind != Kind::Client)
        .max_by_key(|c| blast.get(&c.id).map_or(0, Vec::len))
        .map(|c| c.id.clone())
    else {
        return;
    };
    let fail = Change::Fail { component: busiest.clone() };
    group.bench_function("fail_1000", |b| b.iter(|| what_if_from(black_box(&design), &report, &fail).is_ok()));
    let load = Change::Load { load: LoadChange::Factor(2.0) };
    group.bench_function("double_load_1000", |b| b.iter(|| what_if_from(black_box(&design), &report, &load).is_ok()));
    let Some(persona) = discover(&[]).default_persona().cloned() else { return };
    let question = format!("what if {busiest} goes down?");
    group.bench_function("ask_failure_1000", |b| {
        b.iter(|| offline::ask(&persona, black_box(&design), &report, &question).text.len())
    });
    group.finish();
}

criterion_group!(benches, what_if);
criterion_main!(benches);
