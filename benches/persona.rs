//! The persona's speed: the offline voice over a large report (it runs on
//! every live re-critique without an LLM), and how long a token takes from
//! an OpenAI-compatible server on 127.0.0.1, through the real client and
//! the agent task, to the UI's event channel (budget: well under one
//! 16 ms frame).

#[path = "../tests/support/fake_openai.rs"]
mod fake_openai;

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use archcrit::workers::agent::{AgentEvent, AgentRequest, spawn};
use archcrit::workers::llm::ChatModel;
use archcrit::workers::llm::config::LlmConfig;
use archcrit::workers::llm::openai::OpenAiModel;
use archcrit::workers::llm::scripted::{ScriptedModel, Step};
use archcrit_core::critic::{ComponentMetrics, Finding, Metrics, Report, Severity};
use archcrit_core::model::Design;
use archcrit_core::persona::{Persona, discover, offline};
use archcrit_core::synth::generate;
use criterion::{Criterion, criterion_group, criterion_main};
use fake_openai::*;

/// A report with one finding per component (a pessimistic critic).
fn busy_report(design: &Design) -> Report {
    let rules = ["overloaded", "single-point-of-failure", "missing-auth", "shared-database"];
    let mut metrics = Metrics::default();
    let findings = design
        .components()
        .enumerate()
        .map(|(i, c)| {
            metrics.components.insert(
                c.id.clone(),
                ComponentMetrics {
                    load_rps: 100.0 * i as f64,
                    utilization: Some(0.5),
                    availability: 99.9,
                    latency_ms: 10.0,
                },
            );
            Finding {
                rule: rules[i % rules.len()],
                severity: if i % 3 == 0 { Severity::Error } else { Severity::Warning },
                components: vec![c.id.clone()],
                links: vec![],
                message: format!("{} needs attention", c.id),
                patterns: vec!["redundancy"],
            }
        })
        .collect();
    Report { design: design.name().into(), findings, accepted: vec![], metrics, not_checked: vec![] }
}

fn persona() -> Persona {
    discover(&[]).get("sre").cloned().unwrap_or_else(|| discover(&[]).personas[0].clone())
}

fn offline_voice(c: &mut Criterion) {
    let mut group = c.benchmark_group("persona");
    group.sample_size(20);
    let p = persona();
    for n in [100usize, 1_000] {
        let design = generate(n, 42);
        let report = busy_report(&design);
        group.bench_function(format!("offline_review_{n}"), |b| {
            b.iter(|| offline::review(&p, black_box(&design), &report).len())
        });
        let id = design.components().nth(n / 2).map(|c| c.id.to_string()).unwrap_or_default();
        group.bench_function(format!("offline_answer_{n}"), |b| {
            b.iter(|| offline::answer(&p, black_box(&design), &report, &format!("what about {id}?")).len())
        });
    }
    group.finish();
}

/// Time from sending a request to the first token on the UI channel.
fn first_token(c: &mut Criterion, name: &str, model: Arc<dyn ChatModel>, rt: &tokio::runtime::Runtime) {
    let design = Arc::new(generate(30, 7));
    let report = Arc::new(busy_report(&design));
    let mut handle = rt.block_on(async { spawn(persona(), Some(model)) });
    let mut turn = 0u64;
    c.bench_function(name, |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    turn += 1;
                    let start = Instant::now();
                    let request = AgentRequest::Critique { turn, design: design.clone(), report: report.clone() };
                    let _ = handle.requests.send(request).await;
                    loop {
                        match handle.events.recv().await {
                            Some(AgentEvent::Token { turn: t, .. }) if t == turn => {
                                total += start.elapsed();
                                break;
                            }
                            Some(_) => {}
                            None => return total,
                        }
                    }
                    // Let the turn finish before the next one starts.
                    while let Some(e) = handle.events.recv().await {
                        if matches!(e, AgentEvent::Finished { turn: t } | AgentEvent::Failed { turn: t, .. } if t == turn) {
                            break;
                        }
                    }
                }
                total
            })
        })
    });
}

fn token_delivery(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let scripted: Arc<dyn ChatModel> = Arc::new(ScriptedModel::new(vec![vec![Step::Text("ok".into()), Step::Done]]));
    first_token(c, "agent_first_token_scripted", scripted, &rt);
    let server = rt.block_on(serve(vec![stream_of(&[text_chunk("ok", None), finish_chunk("stop")])]));
    archcrit::workers::llm::install_crypto_provider();
    let model: Arc<dyn ChatModel> = Arc::new(OpenAiModel::new(LlmConfig::local(&server.url, "m")).unwrap());
    first_token(c, "agent_first_token_http_local", model, &rt);
}

criterion_group!(benches, offline_voice, token_delivery);
criterion_main!(benches);
