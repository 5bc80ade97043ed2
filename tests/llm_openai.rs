//! The real async-openai client (through our `OpenAiModel`) against an
//! OpenAI-compatible server on 127.0.0.1: streaming, split chunks, tool-call
//! deltas, every fault a real endpoint produces, and our retrying: the
//! waits a server asks for, backoff, giving up, and a cancel mid-wait.

mod support;

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use archcrit::workers::agent::{self, AgentEvent, AgentRequest};
use archcrit::workers::llm::config::{ApiKey, LlmConfig};
use archcrit::workers::llm::openai::OpenAiModel;
use archcrit::workers::llm::retry::RetryNotice;
use archcrit::workers::llm::retry_after::format_http_date;
use archcrit::workers::llm::{ChatMessage, ChatModel, ChatRequest, Delta, LlmError, install_crypto_provider};
use archcrit_core::critic::{Metrics, Report};
use archcrit_core::model::Design;
use archcrit_core::persona::discover;
use futures::StreamExt;
use serde_json::json;
use support::fake_openai::*;

fn config(url: &str) -> LlmConfig {
    let mut c = LlmConfig::local(url, "test-model");
    c.api_key = Some(ApiKey::new("sk-test-secret"));
    c.request_timeout = Duration::from_secs(5);
    c.idle_timeout = Duration::from_secs(5);
    // Backoff without Retry-After: short, so retry tests stay fast.
    c.retry_base_delay = Duration::from_millis(20);
    c
}

fn request() -> ChatRequest {
    ChatRequest { messages: vec![ChatMessage::system("be brief"), ChatMessage::user("hi")], tools: false }
}

/// Runs one request; returns the deltas before the end and how it ended.
async fn run(config: LlmConfig) -> (Vec<Delta>, Result<(), LlmError>) {
    install_crypto_provider();
    let model = OpenAiModel::new(config).unwrap();
    let mut stream = match model.stream(request()).await {
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

#[tokio::test]
async fn streams_tokens_and_sends_the_wire_format() {
    // llama.cpp and Ollama send `finish_reason: ""` (or null) until the end.
    let server = serve(vec![stream_of(&[
        text_chunk("Hel", Some("")),
        text_chunk("lo ", None),
        text_chunk("world", Some("stop")),
    ])])
    .await;
    let (deltas, end) = run(config(&server.url)).await;
    assert_eq!(end, Ok(()));
    assert_eq!(
        deltas,
        [Delta::Text("Hel".into()), Delta::Text("lo ".into()), Delta::Text("world".into()), Delta::Done]
    );
    let body = server.record.bodies.lock().unwrap()[0].clone();
    assert_eq!(body["model"], "test-model");
    assert_eq!(body["stream"], true);
    assert_eq!(body["messages"][0], json!({"role": "system", "content": "be brief"}));
    assert_eq!(body["messages"][1], json!({"role": "user", "content": "hi"}));
    assert!(body.get("tools").is_none());
    assert_eq!(server.record.auth.lock().unwrap()[0].as_deref(), Some("Bearer sk-test-secret"));
}

#[tokio::test]
async fn survives_lines_and_characters_split_across_network_chunks() {
    let mut wire = Vec::new();
    for c in [text_chunk("Grüße ", None), text_chunk("🚀 ok", None), finish_chunk("stop")] {
        wire.extend(event(&c));
    }
    wire.extend(done());
    // Split inside `data:`, inside the JSON and inside multi-byte characters.
    let rocket = wire.windows(4).position(|w| w == "🚀".as_bytes()).unwrap();
    let umlaut = wire.windows(2).position(|w| w == "ü".as_bytes()).unwrap();
    let mut cuts = vec![3, umlaut + 1, rocket + 1, rocket + 3, wire.len() - 5];
    cuts.sort();
    let mut pieces = Vec::new();
    let mut start = 0;
    for cut in cuts {
        pieces.push(Piece::Bytes(15, wire[start..cut].to_vec()));
        start = cut;
    }
    pieces.push(Piece::Bytes(15, wire[start..].to_vec()));
    let server = serve(vec![Reply::Stream(pieces)]).await;
    let (deltas, end) = run(config(&server.url)).await;
    assert_eq!(end, Ok(()));
    assert_eq!(text(&deltas), "Grüße 🚀 ok");
}

#[tokio::test]
async fn joins_tool_call_deltas() {
    let server = serve(vec![stream_of(&[
        text_chunk("Adding a replica.", None),
        tool_chunk(0, Some("call_1"), Some("set_field"), ""),
        tool_chunk(0, None, None, "{\"component\":"),
        tool_chunk(0, None, None, "\"db\",\"field\":\"replicas\","),
        tool_chunk(1, Some("call_2"), Some("remove"), "{\"component\":\"x\"}"),
        tool_chunk(0, None, None, "\"value\":\"2\"}"),
        finish_chunk("tool_calls"),
    ])])
    .await;
    let (deltas, end) = run(config(&server.url)).await;
    assert_eq!(end, Ok(()));
    let calls: Vec<_> = deltas.iter().filter_map(|d| if let Delta::ToolCall(c) = d { Some(c) } else { None }).collect();
    assert_eq!(calls.len(), 2);
    assert_eq!((calls[0].id.as_str(), calls[0].name.as_str()), ("call_1", "set_field"));
    assert_eq!(calls[0].arguments, r#"{"component":"db","field":"replicas","value":"2"}"#);
    assert_eq!(calls[1].name, "remove");
    assert_eq!(deltas.last(), Some(&Delta::Done));
}

#[tokio::test]
async fn a_base_url_without_v1_or_with_the_endpoint_still_works() {
    let server = serve(vec![stream_of(&[text_chunk("ok", Some("stop"))])]).await;
    let bare = server.url.trim_end_matches("/v1").to_string();
    for url in [bare.clone(), format!("{bare}/"), format!("{}/chat/completions", server.url)] {
        let (deltas, end) = run(config(&url)).await;
        assert_eq!(end, Ok(()), "{url}");
        assert_eq!(text(&deltas), "ok", "{url}");
    }
}

#[tokio::test]
async fn a_wrong_key_is_one_clear_line_without_the_key() {
    for status in [401, 403] {
        let server = serve(vec![Reply::Status {
            status,
            headers: vec![],
            body: error_body("Incorrect API key provided: sk-test-secret", "invalid_request_error"),
        }])
        .await;
        let (deltas, end) = run(config(&server.url)).await;
        let err = end.unwrap_err();
        assert_eq!(err, LlmError::Auth { status });
        let line = err.to_string();
        assert!(line.contains("refused the API key") && !line.contains("sk-test") && !line.contains('\n'), "{line}");
        assert!(deltas.is_empty());
        assert_eq!(server.hits(), 1, "auth failures are not retried");
    }
}

#[tokio::test]
async fn an_unknown_model_names_the_model() {
    let server = serve(vec![Reply::Status {
        status: 404,
        headers: vec![],
        body: error_body("The model `test-model` does not exist", "invalid_request_error"),
    }])
    .await;
    let (_, end) = run(config(&server.url)).await;
    let err = end.unwrap_err();
    assert_eq!(err, LlmError::UnknownModel { model: "test-model".into() });
    assert!(err.to_string().contains("--model"), "{err}");
}

fn limited(retry_after: Option<String>) -> Reply {
    Reply::Status {
        status: 429,
        headers: retry_after.map(|v| ("retry-after", v)).into_iter().collect(),
        body: error_body("Rate limit reached for requests", "requests"),
    }
}

fn notices(deltas: &[Delta]) -> Vec<&RetryNotice> {
    deltas.iter().filter_map(|d| if let Delta::Waiting(n) = d { Some(n) } else { None }).collect()
}

fn host(server: &Server) -> String {
    server.url.trim_start_matches("http://").trim_end_matches("/v1").to_string()
}

#[tokio::test]
async fn rate_limits_are_retried_honouring_retry_after() {
    let server = serve(vec![limited(Some("1".into())), stream_of(&[text_chunk("finally", Some("stop"))])]).await;
    let started = Instant::now();
    let (deltas, end) = run(config(&server.url)).await;
    assert_eq!(end, Ok(()));
    assert_eq!(text(&deltas), "finally");
    assert_eq!(server.hits(), 2);
    // The person is told before the wait, with what it is and how long.
    let Some(Delta::Waiting(notice)) = deltas.first() else { panic!("no notice first: {deltas:?}") };
    assert_eq!((notice.wait, notice.retry, notice.of), (Duration::from_secs(1), 1, 3));
    assert_eq!(
        notice.to_string(),
        format!("rate limited by {} (HTTP 429); trying again in 1 s (retry 1 of 3)", host(&server))
    );
    let times = server.record.hit_times.lock().unwrap().clone();
    assert!(times[1] - times[0] >= Duration::from_secs(1), "retried after {:?}", times[1] - times[0]);
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured() {
    // Two seconds ahead, on a whole second (HTTP dates have no fractions).
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs();
    let retry_at = UNIX_EPOCH + Duration::from_secs(now + 2);
    let server =
        serve(vec![limited(Some(format_http_date(retry_at))), stream_of(&[text_chunk("dated", Some("stop"))])]).await;
    let (deltas, end) = run(config(&server.url)).await;
    assert_eq!(end, Ok(()));
    assert_eq!(text(&deltas), "dated");
    let wait = notices(&deltas)[0].wait;
    assert!(wait > Duration::from_millis(900) && wait <= Duration::from_secs(2), "{wait:?}");
    let clock = server.record.hit_clock.lock().unwrap().clone();
    assert_eq!(clock.len(), 2);
    assert!(clock[1] >= retry_at, "retried {:?} before the date", retry_at.duration_since(clock[1]));
}

#[tokio::test]
async fn a_wait_longer_than_the_cap_is_reported_at_once_naming_it() {
    let server = serve(vec![limited(Some("120".into())), stream_of(&[text_chunk("never", Some("stop"))])]).await;
    let started = Instant::now();
    let (deltas, end) = run(config(&server.url)).await;
    assert!(started.elapsed() < Duration::from_secs(1), "waited {:?}", started.elapsed());
    assert!(deltas.is_empty(), "{deltas:?}");
    let err = end.unwrap_err();
    assert_eq!(err, LlmError::RateLimitWait { server: host(&server), secs: 120, cap: 20 });
    let line = err.to_string();
    assert!(line.starts_with(&format!("rate limited by {}; the server asks to wait 120 s", host(&server))), "{line}");
    assert_eq!(server.hits(), 1);
    // The cap comes from the config: a 2 s wait is too long under a 1 s cap.
    let server = serve(vec![limited(Some("2".into()))]).await;
    let mut c = config(&server.url);
    c.retry_wait_cap = Duration::from_secs(1);
    let (_, end) = run(c).await;
    assert_eq!(end, Err(LlmError::RateLimitWait { server: host(&server), secs: 2, cap: 1 }));
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn a_persistent_rate_limit_gives_up_with_a_rate_limit_not_a_timeout() {
    // Each try answers at once; the waits (3 s in all) are longer than the
    // request timeout, which bounds one try, not the retrying.
    let server = serve(vec![limited(Some("1".into()))]).await;
    let mut c = config(&server.url);
    c.request_timeout = Duration::from_millis(800);
    let started = Instant::now();
    let (deltas, end) = run(c).await;
    let err = end.unwrap_err();
    assert_eq!(
        err,
        LlmError::RateLimited { server: host(&server), detail: "Rate limit reached for requests".into(), retries: 3 }
    );
    assert!(err.to_string().contains("still after 3 retries"), "{err}");
    assert_eq!(server.hits(), 4, "one try and three retries");
    assert_eq!(notices(&deltas).iter().map(|n| n.retry).collect::<Vec<_>>(), [1, 2, 3]);
    assert!(started.elapsed() >= Duration::from_secs(3));
}

#[tokio::test]
async fn without_retry_after_the_backoff_grows() {
    let server = serve(vec![limited(None)]).await;
    let mut c = config(&server.url);
    c.retry_base_delay = Duration::from_millis(100);
    let (deltas, end) = run(c).await;
    assert!(matches!(end, Err(LlmError::RateLimited { retries: 3, .. })), "{end:?}");
    let waits: Vec<Duration> = notices(&deltas).iter().map(|n| n.wait).collect();
    // base × 2^n, jittered into its upper half: 50-100, 100-200, 200-400 ms.
    for (wait, full) in waits.iter().zip([100u64, 200, 400]) {
        assert!(*wait >= Duration::from_millis(full / 2) && *wait <= Duration::from_millis(full), "{waits:?}");
    }
    let times = server.record.hit_times.lock().unwrap().clone();
    for (i, wait) in waits.iter().enumerate() {
        assert!(times[i + 1] - times[i] >= *wait, "retry {} came after {:?}", i + 1, times[i + 1] - times[i]);
    }
}

#[tokio::test]
async fn a_server_error_then_success_streams_the_answer() {
    let server = serve(vec![
        Reply::Status { status: 503, headers: vec![], body: "upstream overloaded".into() },
        stream_of(&[text_chunk("recovered", Some("stop"))]),
    ])
    .await;
    let (deltas, end) = run(config(&server.url)).await;
    assert_eq!(end, Ok(()));
    assert_eq!(text(&deltas), "recovered");
    let notices = notices(&deltas);
    assert_eq!(notices.len(), 1);
    assert!(notices[0].why.contains("HTTP 503") && notices[0].why.contains("upstream overloaded"), "{:?}", notices[0]);
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn server_errors_are_retried_then_reported() {
    let server = serve(vec![Reply::Status { status: 503, headers: vec![], body: "upstream overloaded".into() }]).await;
    let (_, end) = run(config(&server.url)).await;
    assert_eq!(end, Err(LlmError::Server { status: 503, detail: "upstream overloaded".into() }));
    assert_eq!(server.hits(), 4);
}

#[tokio::test]
async fn a_bad_request_or_an_empty_quota_is_not_retried() {
    let server = serve(vec![
        Reply::Status {
            status: 400,
            headers: vec![("retry-after", "0".into())],
            body: error_body("This model's maximum context length is 8192 tokens", "invalid_request_error"),
        },
        stream_of(&[text_chunk("unreachable", Some("stop"))]),
    ])
    .await;
    let (deltas, end) = run(config(&server.url)).await;
    let err = end.unwrap_err();
    assert!(
        matches!(&err, LlmError::Http { status: 400, detail } if detail.contains("maximum context length")),
        "{err:?}"
    );
    assert!(deltas.is_empty());
    assert_eq!(server.hits(), 1);
    let server = serve(vec![Reply::Status {
        status: 429,
        headers: vec![("retry-after", "1".into())],
        body: json!({"error": {"message": "You exceeded your current quota", "type": "insufficient_quota", "param": null, "code": "insufficient_quota"}}).to_string(),
    }])
    .await;
    let (_, end) = run(config(&server.url)).await;
    assert_eq!(end, Err(LlmError::QuotaExhausted { detail: "You exceeded your current quota".into() }));
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn a_connection_reset_before_the_answer_is_retried() {
    let (server, dropped) = serve_dropping(1, vec![stream_of(&[text_chunk("second time", Some("stop"))])]).await;
    let (deltas, end) = run(config(&server.url)).await;
    assert_eq!(end, Ok(()));
    assert_eq!(text(&deltas), "second time");
    assert_eq!(dropped.load(std::sync::atomic::Ordering::SeqCst), 1);
    let notices = notices(&deltas);
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(notices[0].why.starts_with("the connection to"), "{:?}", notices[0]);
    // Every time: reported as a lost connection after three retries.
    let (server, dropped) = serve_dropping(usize::MAX, vec![]).await;
    let (_, end) = run(config(&server.url)).await;
    assert!(matches!(end, Err(LlmError::ConnectionLost { .. })), "{end:?}");
    assert_eq!(dropped.load(std::sync::atomic::Ordering::SeqCst), 4);
}

#[tokio::test]
async fn cancelling_during_the_wait_stops_it_at_once() {
    let server = serve(vec![limited(Some("2".into())), stream_of(&[text_chunk("too late", Some("stop"))])]).await;
    install_crypto_provider();
    let model: Arc<dyn ChatModel> = Arc::new(OpenAiModel::new(config(&server.url)).unwrap());
    let persona = discover(&[]).default_persona().cloned().unwrap();
    let mut agent = agent::spawn(persona, Some(model));
    let design = Arc::new(Design::new("Shop"));
    let report = Arc::new(Report {
        design: "Shop".into(),
        findings: vec![],
        accepted: vec![],
        metrics: Metrics::default(),
        not_checked: vec![],
    });
    agent.requests.send(AgentRequest::Critique { turn: 1, design, report }).await.unwrap();
    let event = tokio::time::timeout(Duration::from_secs(5), agent.events.recv()).await.unwrap().unwrap();
    let AgentEvent::Waiting { turn: 1, message } = event else { panic!("{event:?}") };
    assert!(message.starts_with(&format!("rate limited by {}", host(&server))), "{message}");
    assert!(message.contains("trying again in 2 s"), "{message}");
    let asked = Instant::now();
    agent.requests.send(AgentRequest::Cancel { turn: 1 }).await.unwrap();
    let event = tokio::time::timeout(Duration::from_secs(5), agent.events.recv()).await.unwrap().unwrap();
    assert_eq!(event, AgentEvent::Cancelled { turn: 1 });
    assert!(asked.elapsed() < Duration::from_millis(300), "cancel took {:?}", asked.elapsed());
    // The retry the wait led to never happens.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn nobody_listening_is_a_connect_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/v1", listener.local_addr().unwrap());
    drop(listener);
    let started = Instant::now();
    let (_, end) = run(config(&url)).await;
    let err = end.unwrap_err();
    assert!(matches!(&err, LlmError::Connect { url: u, .. } if *u == url), "{err:?}");
    assert!(err.to_string().contains("is the server running"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let server = serve(vec![Reply::Hang]).await;
    let mut c = config(&server.url);
    c.request_timeout = Duration::from_millis(700);
    let started = Instant::now();
    let (_, end) = run(c).await;
    assert!(matches!(end, Err(LlmError::RequestTimeout { .. })), "{end:?}");
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn a_stalled_stream_hits_the_idle_timeout_and_keeps_the_partial_text() {
    let server =
        serve(vec![Reply::Stream(vec![Piece::Bytes(0, event(&text_chunk("partial ", None))), Piece::Stall])]).await;
    let mut c = config(&server.url);
    c.idle_timeout = Duration::from_millis(600);
    let started = Instant::now();
    let (deltas, end) = run(c).await;
    assert_eq!(text(&deltas), "partial ");
    assert!(matches!(end, Err(LlmError::IdleTimeout { .. })), "{end:?}");
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn malformed_chunks_are_reported() {
    let server = serve(vec![Reply::Stream(vec![
        Piece::Bytes(0, event(&text_chunk("before ", None))),
        Piece::Bytes(0, b"data: {\"choices\": [oops\n\n".to_vec()),
        Piece::Bytes(0, done()),
    ])])
    .await;
    let (deltas, end) = run(config(&server.url)).await;
    assert_eq!(text(&deltas), "before ");
    assert!(matches!(end, Err(LlmError::Malformed { .. })), "{end:?}");
}

#[tokio::test]
async fn a_stream_that_ends_early_is_truncated() {
    // No finish_reason and no [DONE]: the server stopped mid-answer.
    let server = serve(vec![Reply::Stream(vec![
        Piece::Bytes(0, event(&text_chunk("half an ", None))),
        Piece::Bytes(0, b"data: {\"choices\":[{\"delta\":{\"content\":\"ans".to_vec()),
    ])])
    .await;
    let (deltas, end) = run(config(&server.url)).await;
    assert_eq!(text(&deltas), "half an ");
    assert_eq!(end, Err(LlmError::Truncated));
}

#[tokio::test]
async fn a_connection_broken_mid_stream_is_reported() {
    let server =
        serve(vec![Reply::Stream(vec![Piece::Bytes(0, event(&text_chunk("so far ", None))), Piece::Abort])]).await;
    let (deltas, end) = run(config(&server.url)).await;
    assert_eq!(text(&deltas), "so far ");
    assert!(matches!(end, Err(LlmError::Broken { .. })), "{end:?}");
    eprintln!("broken connection reads as: {}", end.unwrap_err());
}

#[tokio::test]
async fn an_error_inside_the_stream_is_reported() {
    let server = serve(vec![Reply::Stream(vec![
        Piece::Bytes(0, event(&text_chunk("a ", None))),
        Piece::Bytes(0, event(&json!({"error": {"message": "model crashed", "type": "server_error"}}))),
    ])])
    .await;
    let (_, end) = run(config(&server.url)).await;
    assert_eq!(end, Err(LlmError::Broken { detail: "model crashed".into() }));
}

#[tokio::test]
async fn a_model_without_tool_support_is_asked_again_without_tools() {
    let server = serve(vec![
        Reply::Status {
            status: 400,
            headers: vec![],
            body: error_body("model does not support tools", "invalid_request_error"),
        },
        stream_of(&[text_chunk("plain answer", Some("stop"))]),
    ])
    .await;
    install_crypto_provider();
    let model = OpenAiModel::new(config(&server.url)).unwrap();
    let mut req = request();
    req.tools = true;
    let mut stream = model.stream(req).await.unwrap();
    let first = stream.next().await.unwrap().unwrap();
    assert_eq!(first, Delta::Text("plain answer".into()));
    let bodies = server.record.bodies.lock().unwrap().clone();
    assert_eq!(bodies.len(), 2);
    assert_eq!(bodies[0]["tools"].as_array().map(Vec::len), Some(6));
    assert!(bodies[1].get("tools").is_none());
}
