//! `--log-file`: a failing endpoint is explained in the log, and the API
//! key never reaches the file. (Own test binary: logging is process-wide.)

mod support;

use std::time::Duration;

use archcrit::workers::llm::config::{ApiKey, LlmConfig};
use archcrit::workers::llm::openai::OpenAiModel;
use archcrit::workers::llm::{ChatMessage, ChatModel, ChatRequest, install_crypto_provider, log};
use support::fake_openai::*;

#[tokio::test]
async fn the_log_explains_failures_and_never_holds_the_key() {
    let key = "sk-log-secret-0123456789";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("archcrit.log");
    log::init(&path, vec![key.to_string()]).unwrap();
    // The server echoes the key back in its error, as some do.
    let server = serve(vec![Reply::Status {
        status: 401,
        headers: vec![],
        body: error_body(&format!("Incorrect API key provided: {key}"), "invalid_request_error"),
    }])
    .await;
    install_crypto_provider();
    let mut c = LlmConfig::local(&server.url, "m");
    c.api_key = Some(ApiKey::new(key));
    c.request_timeout = Duration::from_secs(5);
    let model = OpenAiModel::new(c).unwrap();
    let err = model.stream(ChatRequest { messages: vec![ChatMessage::user("hi")], tools: false }).await.err().unwrap();
    assert!(!err.to_string().contains(key));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("chat request failed"), "{text}");
    assert!(text.contains("refused the API key"), "{text}");
    assert!(text.contains("Incorrect API key provided: [redacted]"), "{text}");
    assert!(!text.contains(key), "{text}");
    assert_eq!(server.record.auth.lock().unwrap()[0], Some(format!("Bearer {key}")));
}
