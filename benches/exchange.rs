//! Exchange budgets: Mermaid export of a 10,000-component design (< 20 ms),
//! import of a 10,000-line Mermaid file (< 50 ms), import + critique of a
//! 300-service compose file (< 100 ms), and 1,000 catalogue lookups (what a
//! 1,000-component critique could add at most, < 1 ms), in release.

use std::hint::black_box;

use archcrit_core::critic::critique;
use archcrit_core::exchange::compose;
use archcrit_core::exchange::mermaid::{self, Style, View};
use archcrit_core::exchange::{Direction, dot};
use archcrit_core::synth::generate;
use archcrit_core::tech;
use criterion::{Criterion, criterion_group, criterion_main};

fn full_text(n: usize) -> String {
    let design = generate(n, 42);
    let mut text = String::new();
    mermaid::write_view(&mut text, &View::of(&design), Style::default()).unwrap();
    text
}

/// A compose file of `n` services shaped like real ones: one in five a
/// data store or console from the catalogue, the rest apps with ports,
/// environment host names, depends_on, healthchecks and restart policies.
fn compose_text(n: usize) -> String {
    let images = ["postgres:16-alpine", "redis:7", "rabbitmq:3-management", "dpage/pgadmin4", "bitnami/kafka:3.7"];
    let mut text = String::from("services:\n");
    for i in 0..n {
        if i % 5 == 0 {
            let image = images[(i / 5) % images.len()];
            text.push_str(&format!("  store{i}:\n    image: {image}\n    expose: [\"5432\"]\n    restart: always\n"));
        } else {
            let store = i - i % 5;
            text.push_str(&format!(
                "  app{i}:\n    image: acme/app{i}:1.0\n    ports: [\"{}:8080\"]\n    environment:\n      DB_HOST: store{store}\n      UPSTREAM_URL: http://app{}:8080/api\n    depends_on: [store{store}]\n    healthcheck:\n      test: [\"CMD\", \"curl\", \"-f\", \"http://localhost:8080\"]\n    restart: unless-stopped\n",
                8000 + i,
                if i % 5 == 1 { i } else { i - 1 }
            ));
        }
    }
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
    let compose_300 = compose_text(300);
    group.bench_function("compose_import_and_critique_300", |b| {
        b.iter(|| {
            let design = compose::import(black_box(&compose_300), "bench.yml", "bench").map(|i| i.design);
            design.map(|d| critique(&d).findings.len())
        })
    });
    let queries: Vec<String> = (0..1_000)
        .map(|i| match i % 4 {
            0 => format!("postgres:{i}-alpine"),
            1 => format!("ghcr.io/acme/service-{i}:1.0"),
            2 => "mcr.microsoft.com/azure-sql-edge".to_string(),
            _ => format!("Orders API {i}"),
        })
        .collect();
    let catalogue = tech::catalogue();
    group.bench_function("tech_lookup_1000", |b| {
        b.iter(|| queries.iter().filter(|q| catalogue.lookup(black_box(q)).is_some()).count())
    });
    group.finish();
}

criterion_group!(benches, exchange);
criterion_main!(benches);
