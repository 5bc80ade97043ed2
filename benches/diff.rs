//! `archcrit diff` without the I/O: two 10,000-component designs (a
//! generated estate and a change to it: renames, removals, additions,
//! field edits, unlinked links and a new peak load, so every number
//! moves), compared in full (both critiques included) and with the
//! reports already made (the diff's own cost), then rendered.
//! Budget: the full comparison under 300 ms, in release.
//!
//! Two clocks, as in benches/critic.rs: `diff/*` is wall time,
//! `diff_cpu/*` the CPU time of the benchmarking thread.

use std::hint::black_box;
#[path = "common/cpu.rs"]
mod cpu;

use archcrit_core::critic::critique;
use archcrit_core::diff::{compare, compare_with, render};
use archcrit_core::model::{Component, ComponentField, ComponentId, Design, Edit, FieldValue, Kind, RequirementField};
use archcrit_core::synth::generate;
use criterion::{Criterion, criterion_group, criterion_main};

/// A sizeable pull request against `old`: 20 renames, 20 removals, 20
/// additions, 100 field edits, 20 links dropped, and a new peak load.
fn changed(old: &Design) -> Design {
    let mut new = old.clone();
    let ids: Vec<ComponentId> = old.ids().cloned().collect();
    let mut edits = Vec::new();
    for (i, id) in ids.iter().skip(100).step_by(400).take(20).enumerate() {
        edits.push(Edit::RenameComponent { from: id.clone(), to: ComponentId::slug(&format!("renamed-{i}")) });
    }
    for id in ids.iter().skip(333).step_by(450).take(20) {
        edits.push(Edit::RemoveComponent { id: id.clone() });
    }
    for i in 0..20 {
        let component = Component::new(ComponentId::slug(&format!("added-{i}")), Kind::Service);
        edits.push(Edit::AddComponent { component, index: None });
    }
    for id in ids.iter().skip(50).step_by(97).take(100) {
        edits.push(Edit::SetComponent {
            id: id.clone(),
            field: ComponentField::Notes,
            value: Some(FieldValue::Text("reviewed".into())),
        });
    }
    let keys: Vec<_> = old.links().map(|l| l.key()).collect();
    for key in keys.iter().skip(7).step_by(1000).take(20) {
        edits.push(Edit::Disconnect { key: key.clone() });
    }
    edits.push(Edit::SetRequirement { field: RequirementField::PeakRps, value: Some(FieldValue::Number(250_000.0)) });
    for edit in edits {
        // An edit can fail when an earlier one already removed its subject.
        let _ = new.apply(edit);
    }
    new
}

fn diff(c: &mut Criterion) {
    let old = generate(10_000, 42);
    let new = changed(&old);
    let (old_report, new_report) = (critique(&old), critique(&new));
    let d = compare_with(&old, &new, &old_report, &new_report);
    eprintln!(
        "change: {} renamed, {} removed, {} added, {} changed components; {} findings introduced, {} fixed, {} still present",
        d.components.renamed.len(),
        d.components.removed.len(),
        d.components.added.len(),
        d.components.changed.len(),
        d.findings.introduced.len(),
        d.findings.fixed.len(),
        d.findings.still_present.len()
    );

    let mut group = c.benchmark_group("diff");
    group.sample_size(20);
    group.bench_function("compare_10000", |b| b.iter(|| compare(black_box(&old), black_box(&new)).metrics.len()));
    group.bench_function("compare_with_reports_10000", |b| {
        b.iter(|| compare_with(black_box(&old), black_box(&new), &old_report, &new_report).metrics.len())
    });
    group.bench_function("markdown_10000", |b| b.iter(|| render::markdown(black_box(&d)).len()));
    group.finish();

    let mut group = c.benchmark_group("diff_cpu");
    group.sample_size(20);
    group.bench_function("compare_10000", |b| {
        b.iter_custom(|iters| {
            cpu::cpu_time(iters, || {
                black_box(compare(black_box(&old), black_box(&new)).metrics.len());
            })
        })
    });
    group.finish();
}

criterion_group!(benches, diff);
criterion_main!(benches);
