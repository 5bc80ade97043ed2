//! Kubernetes import at the size of a large cluster export: 500
//! Deployments, each with a Service and three `*_ADDR` settings naming
//! other Services (budget: under 200 ms).

use std::fmt::Write;
use std::hint::black_box;

use archcrit_core::exchange::k8s::{Source, import};
use criterion::{Criterion, criterion_group, criterion_main};

fn manifests(n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        let env: String = (1..=3)
            .map(|k| (i * 7 + k * 13) % n)
            .map(|j| format!("        - {{name: DEP_ADDR, value: \"svc-{j}.ns-{}:8080\"}}\n", j % 10))
            .collect();
        let _ = write!(
            out,
            "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: svc-{i}, namespace: ns-{}}}\n\
             spec:\n  replicas: 2\n  selector: {{matchLabels: {{app: svc-{i}}}}}\n  template:\n    metadata: {{labels: {{app: svc-{i}}}}}\n\
             \x20   spec:\n      containers:\n      - name: app\n        image: registry.example.com/svc-{i}:1\n        env:\n{env}\
             ---\napiVersion: v1\nkind: Service\nmetadata: {{name: svc-{i}, namespace: ns-{}}}\n\
             spec:\n  selector: {{app: svc-{i}}}\n  ports: [{{name: http, port: 8080}}]\n",
            i % 10,
            i % 10
        );
    }
    out
}

fn k8s(c: &mut Criterion) {
    let text = manifests(500);
    let mut group = c.benchmark_group("import_k8s");
    group.sample_size(20);
    group.bench_function("deployments_500", |b| {
        b.iter(|| {
            import(black_box(&[Source { origin: "bench.yaml", text: &text }]), "bench").map(|i| i.design.link_count())
        })
    });
    group.finish();
}

criterion_group!(benches, k8s);
criterion_main!(benches);
