//! Calibration at the size of a busy minute of traces: 100,000 spans of
//! 10,000 traces across 8 services (a fan-out, a database, an async hop),
//! as OTLP/JSON lines, streamed from memory into the aggregate and on to
//! the drift report and its edit (budget: under 1 s). The memory check
//! (tests/calibrate.rs, `memory_does_not_grow_with_spans`) counts what
//! the aggregator retains.

use std::fmt::Write;
use std::hint::black_box;

use archcrit_core::calibrate::{self, Aggregator, Options};
use archcrit_core::model::Design;
use criterion::{Criterion, criterion_group, criterion_main};

/// One request per line, 20 traces a line, grouped by service like the
/// collector's file exporter; 10 spans a trace.
fn otlp(traces: usize) -> String {
    let services = ["front", "orders", "stock", "pay", "mail"];
    let mut out = String::new();
    for batch in 0..traces / 20 {
        let mut by_service: Vec<String> = vec![String::new(); services.len()];
        for t in batch * 20..batch * 20 + 20 {
            let base = 1_700_000_000_000_000_000u64 + t as u64 * 10_000_000;
            // (span, parent, service, kind, start ms, duration ms, attributes)
            let spans: [(u32, u32, usize, u8, u64, u64, &str); 10] = [
                (1, 0, 0, 2, 0, 50, ""),
                (2, 1, 0, 3, 1, 45, ""),
                (3, 2, 1, 2, 1, 44, ""),
                (4, 3, 1, 3, 2, 10, ""),
                (5, 4, 2, 2, 2, 9, ""),
                (6, 3, 1, 3, 3, 10, ""),
                (7, 6, 2, 2, 3, 9, ""),
                (8, 3, 1, 3, 14, 5, r#"{"key":"db.system","value":{"stringValue":"postgresql"}}"#),
                (9, 3, 1, 4, 20, 1, r#"{"key":"messaging.destination.name","value":{"stringValue":"events"}}"#),
                (10, 9, 4, 5, 25, 20, ""),
            ];
            for (id, parent, svc, kind, start, dur, attrs) in spans {
                let buf = &mut by_service[svc];
                if !buf.is_empty() {
                    buf.push(',');
                }
                let parent = if parent == 0 { String::new() } else { format!("{t:08x}{parent:08x}") };
                let _ = write!(
                    buf,
                    r#"{{"traceId":"{t:032x}","spanId":"{t:08x}{id:08x}","parentSpanId":"{parent}","name":"op{svc}","kind":{kind},"startTimeUnixNano":"{}","endTimeUnixNano":"{}","attributes":[{attrs}],"status":{{}}}}"#,
                    base + start * 1_000_000,
                    base + (start + dur) * 1_000_000
                );
            }
        }
        let resources: Vec<String> = services
            .iter()
            .zip(&by_service)
            .map(|(name, spans)| {
                format!(
                    r#"{{"resource":{{"attributes":[{{"key":"service.name","value":{{"stringValue":"{name}"}}}}]}},"scopeSpans":[{{"spans":[{spans}]}}]}}"#
                )
            })
            .collect();
        let _ = writeln!(out, r#"{{"resourceSpans":[{}]}}"#, resources.join(","));
    }
    out
}

fn design() -> Design {
    let text = "archcrit: 1\nname: bench\ncomponents:\n  users: {kind: client, rps: 100}\n  front: {kind: service}\n  \
                orders: {kind: service}\n  stock: {kind: service}\n  pay: {kind: service}\n  db: {kind: database, tech: PostgreSQL}\n  \
                events: {kind: queue}\n  mail: {kind: worker}\nlinks:\n  - {from: users, to: front}\n  - {from: front, to: orders}\n  \
                - {from: orders, to: stock}\n  - {from: orders, to: db, protocol: sql}\n  - {from: orders, to: events, protocol: amqp}\n  \
                - {from: events, to: mail, protocol: amqp}\n";
    archcrit_core::file::load_str(text, "bench.yaml").unwrap_or_else(|e| panic!("{e}"))
}

fn bench(c: &mut Criterion) {
    let text = otlp(10_000);
    let design = design();
    let mut group = c.benchmark_group("calibrate");
    group.sample_size(10);
    group.bench_function("spans_100k", |b| {
        b.iter(|| {
            let mut agg = Aggregator::default();
            let _ = calibrate::read_traces(black_box(text.as_bytes()), "bench.jsonl", &mut agg);
            let observed = agg.finish(1.0);
            assert_eq!(observed.spans, 100_000);
            calibrate::calibrate(&design, observed, &Options::default()).map(|c| c.drift.rows.len())
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
