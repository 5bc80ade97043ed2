//! The real async-openai client (through our `OpenAiModel`) against an
//! OpenAI-compatible server on 127.0.0.1: streaming, split chunks, tool-call
//! deltas, and every fault a real endpoint produces.

mod support;

use std::time::{Duration, Instant};

use archcrit::workers::llm::config::{ApiKey, LlmConfig};
use archcrit::workers::llm::openai::OpenAiModel;
use archcrit::workers::llm::{ChatMessage, ChatModel, ChatRequest, Delta, LlmError, install_crypto_provider};
use futures::StreamExt;
use serde_json::json;
use support::fake_openai::*;

fn config(url: &str) -> LlmConfig {
    let mut c = LlmConfig::local(url, "test-model");
    c.api_key = Some(ApiKey::new("sk-test-secret"));
    c.request_timeout = Duration::from_secs(5);
    c.idle_timeout = Duration::from_secs(5);
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
    assert_eq!(server.record.auth.lock().unwrap()[0], "Bearer sk-test-secret");
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

#[tokio::test]
async fn rate_limits_are_retried_honouring_retry_after() {
    let limited = Reply::Status {
        status: 429,
        headers: vec![("retry-after", "1".into())],
        body: error_body("Rate limit reached", "requests"),
    };
    let server = serve(vec![limited, stream_of(&[text_chunk("finally", Some("stop"))])]).await;
    let started = Instant::now();
    let (deltas, end) = run(config(&server.url)).await;
    assert_eq!(end, Ok(()));
    assert_eq!(text(&deltas), "finally");
    assert_eq!(server.hits(), 2);
    let times = server.record.hit_times.lock().unwrap().clone();
    assert!(times[1] - times[0] >= Duration::from_millis(950), "waited {:?}", times[1] - times[0]);
    assert!(started.elapsed() < Duration::from_secs(4));
}

#[tokio::test]
async fn a_persistent_rate_limit_gives_up_with_a_message() {
    let server = serve(vec![Reply::Status {
        status: 429,
        headers: vec![("retry-after", "0".into())],
        body: error_body("Rate limit reached for requests", "requests"),
    }])
    .await;
    let (_, end) = run(config(&server.url)).await;
    let err = end.unwrap_err();
    assert!(matches!(&err, LlmError::RateLimited { detail } if detail.contains("Rate limit reached")), "{err:?}");
    assert_eq!(server.hits(), 4, "one try and three retries");
}

#[tokio::test]
async fn server_errors_are_retried_then_reported() {
    let server = serve(vec![Reply::Status { status: 503, headers: vec![], body: "upstream overloaded".into() }]).await;
    let (_, end) = run(config(&server.url)).await;
    assert_eq!(end, Err(LlmError::Server { status: 503, detail: "upstream overloaded".into() }));
    assert_eq!(server.hits(), 4);
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
    assert_eq!(bodies[0]["tools"].as_array().map(Vec::len), Some(5));
    assert!(bodies[1].get("tools").is_none());
}
