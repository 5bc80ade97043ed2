//! Hostile and odd servers against the real async-openai client (through
//! `OpenAiModel`) on 127.0.0.1: a key echoed back never reaches anything
//! shown, replies are capped in bytes and time, refusals and cut-short
//! answers say so, a plain JSON completion is accepted, a web page is
//! named, no key means no Authorization header, a redirect failure names
//! where it went, and tool calls are replayed with their outcome.

mod support;

use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use archcrit::workers::agent::{AgentEvent, AgentHandle, AgentRequest, spawn};
use archcrit::workers::llm::config::{ApiKey, LlmConfig};
use archcrit::workers::llm::openai::OpenAiModel;
use archcrit::workers::llm::{ChatMessage, ChatModel, ChatRequest, Delta, LlmError, install_crypto_provider};
use archcrit_core::critic::{Finding, Metrics, Report, Severity};
use archcrit_core::model::{Component, ComponentId, Design, Edit, Kind};
use archcrit_core::persona::discover;
use futures::StreamExt;
use serde_json::json;
use support::fake_openai::*;

const KEY: &str = "sk-hostile-test-key-0123456789";

fn config(url: &str) -> LlmConfig {
    let mut c = LlmConfig::local(url, "test-model");
    c.api_key = Some(ApiKey::new(KEY));
    c.request_timeout = Duration::from_secs(5);
    c.idle_timeout = Duration::from_secs(5);
    c.retry_base_delay = Duration::from_millis(10);
    c
}

/// Runs one request; every delta, and how it ended.
async fn run(config: LlmConfig) -> (Vec<Delta>, Result<(), LlmError>) {
    install_crypto_provider();
    let model = OpenAiModel::new(config).unwrap();
    let request = ChatRequest { messages: vec![ChatMessage::user("hi")], tools: false };
    let mut stream = match model.stream(request).await {
        Ok(s) => s,
        Err(e) => return (Vec::new(), Err(e)),
    };
    let mut got = Vec::new();
    while let Some(item) = tokio::time::timeout(Duration::from_secs(20), stream.next()).await.expect("hung") {
        match item {
            Ok(d) => got.push(d),
            Err(e) => return (got, Err(e)),
        }
    }
    (got, Ok(()))
}

fn text(deltas: &[Delta]) -> String {
    deltas.iter().filter_map(|d| if let Delta::Text(t) = d { Some(t.as_str()) } else { None }).collect()
}

fn echo(status: u16) -> Reply {
    let message = format!("bad request; you sent Authorization: Bearer {KEY} (key {KEY})");
    Reply::Status { status, headers: vec![], body: error_body(&message, "invalid_request_error") }
}

#[tokio::test]
async fn a_key_echoed_by_the_server_is_never_shown() {
    // Retried 500s: every notice and the final error.
    let server = serve(vec![echo(500)]).await;
    let (deltas, end) = run(config(&server.url)).await;
    let mut shown: Vec<String> = deltas.iter().map(|d| format!("{d:?}")).collect();
    shown.extend(deltas.iter().filter_map(|d| if let Delta::Waiting(n) = d { Some(n.to_string()) } else { None }));
    let error = end.unwrap_err();
    shown.push(error.to_string());
    assert_eq!(deltas.len(), 3, "three retries announced: {deltas:?}");
    assert!(error.to_string().contains("Bearer [redacted] (key [redacted])"), "{error}");
    // A 400 (not retried), and a key inside the stream's text and error event.
    let server = serve(vec![echo(400)]).await;
    shown.push(run(config(&server.url)).await.1.unwrap_err().to_string());
    let server = serve(vec![Reply::Stream(vec![
        Piece::Bytes(0, event(&text_chunk(&format!("your key is {KEY}. "), None))),
        Piece::Bytes(0, event(&json!({"error": {"message": format!("crashed on Bearer {KEY}")}}))),
    ])])
    .await;
    let (deltas, end) = run(config(&server.url)).await;
    shown.push(text(&deltas));
    shown.push(end.unwrap_err().to_string());
    for line in &shown {
        assert!(!line.contains(KEY) && !line.contains("hostile-test-key"), "the key leaked: {line}");
    }
    assert!(shown.iter().any(|l| l == "your key is [redacted]. "), "{shown:?}");
}

#[tokio::test]
async fn the_persona_panel_never_shows_the_key() {
    let server = serve(vec![echo(500)]).await;
    install_crypto_provider();
    let model: Arc<dyn ChatModel> = Arc::new(OpenAiModel::new(config(&server.url)).unwrap());
    let mut handle = spawn(persona(), Some(model));
    let events = ask(&mut handle, AgentRequest::Critique { turn: 1, design: design(), report: report() }).await;
    let shown = format!("{events:?}");
    assert!(shown.contains("Failed"), "{shown}");
    assert!(!shown.contains(KEY), "the key leaked: {shown}");
}

#[test]
fn critique_llm_never_prints_the_key() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(serve(vec![echo(500)]));
    let dir = tempfile::tempdir().unwrap();
    let file = format!("{}/assets/examples/shop.yaml", env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(env!("CARGO_BIN_EXE_archcrit"))
        .args(["critique", &file, "--llm", "--base-url", &server.url, "--fail-on", "never"])
        .current_dir(dir.path())
        .env("XDG_CONFIG_HOME", dir.path())
        .env("OPENAI_API_KEY", KEY)
        .output()
        .unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(stderr.matches("Bearer [redacted]").count(), 4, "three retries and the failure: {stderr}");
    assert!(!stdout.contains(KEY) && !stderr.contains(KEY), "the key leaked:\n{stdout}\n{stderr}");
    assert_eq!(server.record.auth.lock().unwrap()[0], Some(format!("Bearer {KEY}")));
}

#[tokio::test]
async fn without_a_key_no_authorization_header_is_sent() {
    let server = serve(vec![stream_of(&[text_chunk("ok", Some("stop"))])]).await;
    let mut c = config(&server.url);
    c.api_key = None;
    let (deltas, end) = run(c).await;
    assert_eq!((text(&deltas), end), ("ok".to_string(), Ok(())));
    assert_eq!(server.record.auth.lock().unwrap()[0], None);
}

#[tokio::test]
async fn an_endless_stream_stops_at_the_byte_cap() {
    let server = serve(vec![Reply::Endless(event(&text_chunk("spam ", None)))]).await;
    let mut c = config(&server.url);
    c.max_reply_bytes = 256 * 1024;
    let started = Instant::now();
    let (deltas, end) = run(c).await;
    assert_eq!(end, Err(LlmError::TooLong { limit: 256 * 1024 }));
    assert!(text(&deltas).len() < 256 * 1024, "{}", text(&deltas).len());
    assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
    let error = LlmError::TooLong { limit: 256 * 1024 }.to_string();
    assert!(error.starts_with("the answer passed 256 KiB (max_reply_bytes in the config)"), "{error}");
}

#[tokio::test]
async fn a_trickling_stream_stops_at_the_time_cap() {
    let pieces = (0..200).map(|_| Piece::Bytes(100, event(&text_chunk("drip ", None)))).collect();
    let server = serve(vec![Reply::Stream(pieces)]).await;
    let mut c = config(&server.url);
    c.max_reply_time = Duration::from_secs(1);
    let started = Instant::now();
    let (deltas, end) = run(c).await;
    assert_eq!(end, Err(LlmError::TooSlow { secs: 1 }));
    assert!(text(&deltas).starts_with("drip "));
    assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
}

#[tokio::test]
async fn a_refusal_is_reported_as_a_refusal() {
    let refusal = |text: &str, finish: Option<&str>| json!({"choices": [{"index": 0, "delta": {"refusal": text}, "finish_reason": finish}]});
    let server = serve(vec![stream_of(&[refusal("I can't help ", None), refusal("with that.", Some("stop"))])]).await;
    let (deltas, end) = run(config(&server.url)).await;
    assert_eq!(text(&deltas), "");
    let error = end.unwrap_err();
    assert_eq!(error, LlmError::Refused { text: "I can't help with that.".into() });
    assert_eq!(error.to_string(), "the model refused to answer: I can't help with that.");
}

#[tokio::test]
async fn a_cut_short_or_filtered_answer_says_so_in_words() {
    for (reason, want) in [("length", LlmError::CutShort), ("content_filter", LlmError::Filtered)] {
        let server = serve(vec![stream_of(&[text_chunk("The first half", None), finish_chunk(reason)])]).await;
        let (deltas, end) = run(config(&server.url)).await;
        assert_eq!(text(&deltas), "The first half");
        assert_eq!(end, Err(want));
    }
    assert!(LlmError::CutShort.to_string().starts_with("the answer was cut short"));
}

#[tokio::test]
async fn a_plain_json_completion_to_a_stream_request_is_accepted() {
    let completion = json!({"id": "c", "object": "chat.completion", "choices": [{"index": 0,
        "message": {"role": "assistant", "content": "The whole answer at once."}, "finish_reason": "stop"}]});
    let server = serve(vec![Reply::Status { status: 200, headers: vec![], body: completion.to_string() }]).await;
    let (deltas, end) = run(config(&server.url)).await;
    assert_eq!(end, Ok(()));
    assert_eq!(deltas, [Delta::Text("The whole answer at once.".into()), Delta::Done]);
}

#[tokio::test]
async fn a_web_page_is_named_not_called_a_closed_stream() {
    let page = "<!DOCTYPE html><html><title>Sign in to the proxy</title></html>".to_string();
    let headers = vec![("content-type", "text/html; charset=utf-8".to_string())];
    let server = serve(vec![Reply::Status { status: 200, headers, body: page }]).await;
    let (_, end) = run(config(&server.url)).await;
    let error = end.unwrap_err();
    assert!(matches!(error, LlmError::NotAStream { .. }), "{error:?}");
    let shown = error.to_string();
    assert!(shown.contains("text/html") && shown.contains("Sign in to the proxy"), "{shown}");
    assert!(shown.contains("base URL usually ends in /v1"), "{shown}");
}

#[tokio::test]
async fn a_failed_redirect_names_where_it_went() {
    // A port nobody listens on (bound, then freed).
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let target = format!("http://{closed}/v1/chat/completions");
    let server =
        serve(vec![Reply::Status { status: 307, headers: vec![("location", target)], body: String::new() }]).await;
    let (_, end) = run(config(&server.url)).await;
    let error = end.unwrap_err();
    let shown = error.to_string();
    assert!(matches!(error, LlmError::Connect { .. }), "{error:?}");
    assert!(shown.contains(&closed.to_string()), "names the redirect target: {shown}");
    assert!(shown.contains(&format!("redirected from {}", server.url)), "{shown}");
    // A 302 would turn the POST into a GET: said, with where it points.
    let elsewhere = "https://llm.example.com/v1/chat/completions".to_string();
    let server =
        serve(vec![Reply::Status { status: 302, headers: vec![("location", elsewhere)], body: String::new() }]).await;
    let shown = run(config(&server.url)).await.1.unwrap_err().to_string();
    assert!(shown.contains("redirects to https://llm.example.com/v1/chat/completions (HTTP 302)"), "{shown}");
    assert_eq!(server.hits(), 1);
}

fn id(s: &str) -> ComponentId {
    ComponentId::new(s).unwrap()
}

fn persona() -> archcrit_core::persona::Persona {
    discover(&[]).get("backend-architect").cloned().unwrap()
}

fn design() -> Arc<Design> {
    let mut d = Design::new("Shop");
    for (n, k) in [("api", Kind::Service), ("db", Kind::Database)] {
        d.apply(Edit::AddComponent { component: Component::new(id(n), k), index: None }).unwrap();
    }
    Arc::new(d)
}

fn report() -> Arc<Report> {
    Arc::new(Report {
        design: "Shop".into(),
        findings: vec![Finding {
            rule: "single-point-of-failure",
            severity: Severity::Error,
            components: vec![id("db")],
            links: vec![],
            message: "db has one replica".into(),
            patterns: vec!["redundancy"],
        }],
        accepted: vec![],
        not_checked: vec![],
        metrics: Metrics::default(),
    })
}

/// Sends `request` and collects its turn's events up to the end.
async fn ask(handle: &mut AgentHandle, request: AgentRequest) -> Vec<AgentEvent> {
    handle.requests.send(request).await.unwrap();
    let mut events = Vec::new();
    loop {
        let event = tokio::time::timeout(Duration::from_secs(20), handle.events.recv()).await.unwrap().unwrap();
        let end =
            matches!(event, AgentEvent::Finished { .. } | AgentEvent::Failed { .. } | AgentEvent::Cancelled { .. });
        events.push(event);
        if end {
            return events;
        }
    }
}

#[tokio::test]
async fn tool_calls_are_replayed_with_what_became_of_them() {
    let server = serve(vec![
        stream_of(&[
            text_chunk("Two changes.", None),
            tool_chunk(0, Some("call_ok"), Some("set_field"), r#"{"component":"db","field":"replicas","value":"2"}"#),
            tool_chunk(1, Some("call_bad"), Some("remove"), r#"{"component":"nowhere"}"#),
            finish_chunk("tool_calls"),
        ]),
        stream_of(&[text_chunk("Good.", Some("stop"))]),
    ])
    .await;
    install_crypto_provider();
    let model: Arc<dyn ChatModel> = Arc::new(OpenAiModel::new(config(&server.url)).unwrap());
    let mut handle = spawn(persona(), Some(model));
    let first = ask(&mut handle, AgentRequest::Critique { turn: 1, design: design(), report: report() }).await;
    assert!(
        first.iter().any(
            |e| matches!(e, AgentEvent::Proposal { edits, refused, .. } if edits.len() == 1 && refused.len() == 1)
        ),
        "{first:?}"
    );
    handle.requests.send(AgentRequest::Outcome { turn: 1, applied: true }).await.unwrap();
    let question = AgentRequest::Ask { turn: 2, question: "and now?".into(), design: design(), report: report() };
    ask(&mut handle, question).await;
    let bodies = server.record.bodies.lock().unwrap().clone();
    let messages = bodies[1]["messages"].as_array().unwrap();
    let n = messages.len();
    assert_eq!(messages[n - 1], json!({"role": "user", "content": "and now?"}));
    let assistant = &messages[n - 4];
    assert_eq!(assistant["role"], "assistant");
    assert_eq!(assistant["content"], "Two changes.");
    let ids: Vec<&str> =
        assistant["tool_calls"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["call_ok", "call_bad"]);
    assert_eq!(assistant["tool_calls"][0]["type"], "function");
    assert_eq!(assistant["tool_calls"][0]["function"]["name"], "set_field");
    let (applied, refused) = (&messages[n - 3], &messages[n - 2]);
    assert_eq!((applied["role"].as_str(), applied["tool_call_id"].as_str()), (Some("tool"), Some("call_ok")));
    assert!(applied["content"].as_str().unwrap().starts_with("applied"), "{applied}");
    assert_eq!(refused["tool_call_id"], "call_bad");
    let why = refused["content"].as_str().unwrap();
    assert!(why.contains("refused") && why.contains("no component `nowhere`"), "{why}");
}

#[tokio::test]
async fn a_declined_proposal_is_replayed_as_declined() {
    let server = serve(vec![
        stream_of(&[
            tool_chunk(0, Some("call_1"), Some("set_field"), r#"{"component":"db","field":"replicas","value":"3"}"#),
            finish_chunk("tool_calls"),
        ]),
        stream_of(&[text_chunk("Understood.", Some("stop"))]),
    ])
    .await;
    install_crypto_provider();
    let model: Arc<dyn ChatModel> = Arc::new(OpenAiModel::new(config(&server.url)).unwrap());
    let mut handle = spawn(persona(), Some(model));
    ask(&mut handle, AgentRequest::Critique { turn: 1, design: design(), report: report() }).await;
    handle.requests.send(AgentRequest::Outcome { turn: 1, applied: false }).await.unwrap();
    ask(&mut handle, AgentRequest::Ask { turn: 2, question: "why?".into(), design: design(), report: report() }).await;
    let bodies = server.record.bodies.lock().unwrap().clone();
    let messages = bodies[1]["messages"].as_array().unwrap();
    let n = messages.len();
    assert_eq!(messages[n - 3]["content"], serde_json::Value::Null, "an assistant turn with only tool calls");
    assert!(messages[n - 2]["content"].as_str().unwrap().starts_with("declined"), "{}", messages[n - 2]);
}
