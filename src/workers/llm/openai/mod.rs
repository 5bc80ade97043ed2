//! The one file that uses async-openai: an OpenAI-compatible chat client
//! behind our `ChatModel` trait. async-openai builds and sends the request
//! (our own JSON through its bring-your-own-types call) and reads error
//! replies; the answer's body is read by `reply.rs` instead of
//! async-openai's event reader, which has no size cap, buffers unread
//! events without bound and drops non-streamed replies. Every fault
//! becomes an `LlmError` line; nothing here panics or waits forever, and
//! everything handed out passes through `redact` first.
//!
//! async-openai's built-in retry (three tries inside one call, waiting on
//! `Retry-After` unseen) is replaced by our own HTTP service (`send.rs`),
//! which only sends and notes the wait a refusing server asks for;
//! `retry.rs` decides what to do with it, outside the request timeout and
//! in plain sight.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use async_openai::Client;
use async_openai::config::OpenAIConfig;
use async_openai::error::OpenAIError;
use futures::StreamExt;
use futures::future::BoxFuture;
use serde_json::{Value, json};

use super::config::LlmConfig;
use super::redact::redact;
use super::reply::Decoder;
use super::retry::{Attempt, Failure, start_with_retries};
use super::{ChatMessage, ChatModel, ChatRequest, Delta, DeltaStream, LlmError, one_line};
use send::{SendOnce, shown_url};

mod send;

pub struct OpenAiModel {
    http: reqwest::Client,
    openai: OpenAIConfig,
    config: LlmConfig,
}

impl OpenAiModel {
    pub fn new(config: LlmConfig) -> Result<Self, LlmError> {
        super::install_crypto_provider();
        let http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            // Redirects are followed by `follow_redirects`, which keeps the POST.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| LlmError::Other(format!("cannot set up the HTTP client: {e}")))?;
        let key = config.api_key.as_ref().map(|k| k.expose().to_string()).unwrap_or_default();
        let openai = OpenAIConfig::new().with_api_base(config.base_url.clone()).with_api_key(key);
        Ok(OpenAiModel { http, openai, config })
    }
}

impl ChatModel for OpenAiModel {
    fn describe(&self) -> String {
        format!("{} at {}", self.config.model, self.config.base_url)
    }

    fn stream(&self, request: ChatRequest) -> BoxFuture<'static, Result<DeltaStream, LlmError>> {
        let (http, openai, config) = (self.http.clone(), self.openai.clone(), self.config.clone());
        let (policy, server) = (config.retry_policy(), config.server());
        let request = Arc::new(request);
        // Once a server refuses tools it is not offered them again on a retry.
        let tools = Arc::new(AtomicBool::new(request.tools));
        let attempt: Attempt = Box::new(move || {
            let (http, openai, config, request, tools) =
                (http.clone(), openai.clone(), config.clone(), request.clone(), tools.clone());
            Box::pin(async move {
                match start(&http, &openai, &config, &request, tools.load(Ordering::SeqCst)).await {
                    // Some local models refuse the `tools` field outright (Ollama: "does not
                    // support tools"); ask again without it rather than fail every turn.
                    Err(Failure { error: LlmError::Http { status: 400, detail }, .. })
                        if tools.swap(false, Ordering::SeqCst) =>
                    {
                        tracing::info!(%detail, "the server refused tools; asking again without them");
                        start(&http, &openai, &config, &request, false).await
                    }
                    other => other,
                }
            })
        });
        let secrets: Arc<[String]> = self.config.api_key.iter().map(|k| k.expose().to_string()).collect();
        let started = start_with_retries(policy, server, attempt);
        Box::pin(async move {
            match started.await {
                Err(e) => Err(e.redacted(&secrets)),
                Ok(stream) => Ok(Box::pin(stream.map(move |item| redacted(item, &secrets))) as DeltaStream),
            }
        })
    }
}

/// The boundary: nothing a server sent leaves here with the key in it.
fn redacted(item: Result<Delta, LlmError>, secrets: &[String]) -> Result<Delta, LlmError> {
    match item {
        Ok(Delta::Text(text)) => Ok(Delta::Text(redact(&text, secrets))),
        Ok(Delta::ToolCall(mut call)) => {
            call.name = redact(&call.name, secrets);
            call.arguments = redact(&call.arguments, secrets);
            Ok(Delta::ToolCall(call))
        }
        Ok(Delta::Waiting(mut notice)) => {
            notice.why = redact(&notice.why, secrets);
            Ok(Delta::Waiting(notice))
        }
        Ok(Delta::Done) => Ok(Delta::Done),
        Err(e) => Err(e.redacted(secrets)),
    }
}

/// One try: the request, with `request_timeout` for the answer to begin.
async fn start(
    http: &reqwest::Client,
    openai: &OpenAIConfig,
    config: &LlmConfig,
    request: &ChatRequest,
    tools: bool,
) -> Result<DeltaStream, Failure> {
    let body = request_body(&config.model, request, tools);
    tracing::debug!(model = %config.model, base_url = %config.base_url, messages = request.messages.len(), tools, "chat request");
    // A client per try so the wait this response asks for is this try's alone.
    let send = SendOnce {
        http: http.clone(),
        asked: Arc::default(),
        answer: Arc::default(),
        send_key: config.api_key.is_some(),
        problem: Arc::default(),
    };
    let client = Client::build(http.clone(), openai.clone()).with_http_service(send.clone());
    let requested = tokio::time::Instant::now();
    let started =
        tokio::time::timeout(config.request_timeout, client.chat().create_stream_byot::<Value, Value>(body)).await;
    match started {
        Err(_) => Err(Failure::from(LlmError::RequestTimeout {
            url: config.base_url.clone(),
            secs: config.request_timeout.as_secs(),
        })),
        Ok(Err(e)) => {
            let asked = send.asked.lock().ok().and_then(|a| *a);
            let named = send.problem.lock().ok().and_then(|mut p| p.take());
            Err(Failure { error: named.unwrap_or_else(|| request_error(e, config)), asked })
        }
        Ok(Ok(_empty)) => {
            let Some(response) = send.answer.lock().ok().and_then(|mut a| a.take()) else {
                return Err(Failure::from(LlmError::Other("the HTTP layer lost the answer".into())));
            };
            let limits = Limits {
                max_bytes: config.max_reply_bytes,
                idle: config.idle_timeout,
                total: config.max_reply_time,
                deadline: requested + config.max_reply_time,
            };
            Ok(Box::pin(chunks(response, limits)) as DeltaStream)
        }
    }
}

fn request_body(model: &str, request: &ChatRequest, tools: bool) -> Value {
    let messages: Vec<Value> = request.messages.iter().map(message_json).collect();
    let mut body = json!({"model": model, "messages": messages, "stream": true});
    if tools {
        body["tools"] = super::tools::definitions();
    }
    body
}

/// One message in the chat-completions wire format: an assistant turn
/// that called tools carries them (and `null` content when it said
/// nothing), a tool message names the call it answers.
fn message_json(m: &ChatMessage) -> Value {
    let mut message = json!({"role": m.role.as_str(), "content": m.content});
    if !m.tool_calls.is_empty() {
        let calls: Vec<Value> = m
            .tool_calls
            .iter()
            .map(|c| json!({"id": c.id, "type": "function", "function": {"name": c.name, "arguments": c.arguments}}))
            .collect();
        message["tool_calls"] = Value::Array(calls);
        if m.content.is_empty() {
            message["content"] = Value::Null;
        }
    }
    if let Some(id) = &m.tool_call_id {
        message["tool_call_id"] = json!(id);
    }
    message
}

/// Reads the reply body with our bounded decoder: no more than
/// `max_reply_bytes`, no longer than `max_reply_secs` from the request, and
/// no silence longer than `idle`. Dropping the stream drops the connection.
fn chunks(response: reqwest::Response, limits: Limits) -> impl futures::Stream<Item = Result<Delta, LlmError>> + Send {
    let content_type =
        response.headers().get(reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_string);
    let decoder = Decoder::new(content_type.as_deref(), limits.max_bytes);
    let body = Box::pin(response.bytes_stream());
    let state = (body, decoder, std::collections::VecDeque::new());
    futures::stream::unfold(state, move |(mut body, mut decoder, mut queue)| async move {
        loop {
            if let Some(item) = queue.pop_front() {
                return Some((item, (body, decoder, queue)));
            }
            if decoder.is_done() {
                return None;
            }
            let mut out = Vec::new();
            let wait_until = (tokio::time::Instant::now() + limits.idle).min(limits.deadline);
            match tokio::time::timeout_at(wait_until, body.next()).await {
                Err(_) if wait_until >= limits.deadline => {
                    out.push(Err(LlmError::TooSlow { secs: limits.total.as_secs() }));
                    decoder.stop();
                }
                Err(_) => {
                    out.push(Err(LlmError::IdleTimeout { secs: limits.idle.as_secs().max(1) }));
                    decoder.stop();
                }
                Ok(Some(Ok(bytes))) => decoder.feed(&bytes, &mut out),
                Ok(Some(Err(e))) => {
                    // reqwest nests its wording ("error decoding response body: x"); keep x.
                    out.push(Err(LlmError::Broken { detail: one_line(&root_cause(&e), 200) }));
                    decoder.stop();
                }
                Ok(None) => decoder.end(&mut out),
            }
            queue.extend(out);
        }
    })
}

/// How long and how much one reply may take.
#[derive(Clone, Copy)]
struct Limits {
    max_bytes: usize,
    idle: Duration,
    total: Duration,
    deadline: tokio::time::Instant,
}

fn request_error(e: OpenAIError, config: &LlmConfig) -> LlmError {
    let err = match e {
        OpenAIError::ApiError(api) => {
            let status = api.status_code.as_u16();
            let detail = one_line(&api.api_error.message, 200);
            // The server's own words go to the log file (scrubbed of the key) for diagnosis.
            tracing::debug!(status, server_message = %api.api_error.message, "server refused the request");
            let no_quota =
                [&api.api_error.code, &api.api_error.r#type].iter().any(|v| v.as_deref() == Some("insufficient_quota"));
            match status {
                401 | 403 => LlmError::Auth { status },
                404 => LlmError::UnknownModel { model: config.model.clone() },
                429 if no_quota => LlmError::QuotaExhausted { detail },
                429 => LlmError::RateLimited { server: config.server(), detail, retries: 0 },
                s if s >= 500 => LlmError::Server { status, detail },
                _ => LlmError::Http { status, detail },
            }
        }
        // Nothing listening (or no connection within connect_timeout): say so at
        // once; retrying a closed port only delays the news.
        OpenAIError::Reqwest(e) if e.is_connect() => {
            LlmError::Connect { url: failed_url(&e, config), detail: one_line(&root_cause(&e), 160) }
        }
        OpenAIError::Reqwest(e) if e.is_timeout() => {
            LlmError::RequestTimeout { url: failed_url(&e, config), secs: config.connect_timeout.as_secs() }
        }
        // Connected, sent, then reset or closed with no answer: worth another try.
        OpenAIError::Reqwest(e) if e.is_request() => {
            LlmError::ConnectionLost { url: failed_url(&e, config), detail: one_line(&root_cause(&e), 160) }
        }
        OpenAIError::JSONDeserialize(_, body) => LlmError::Other(format!(
            "the server answered with an error that is not OpenAI JSON (`{}`); the base URL usually ends in /v1",
            one_line(&body, 80)
        )),
        other => LlmError::Other(one_line(&other.to_string(), 200)),
    };
    tracing::warn!(error = %err, "chat request failed");
    err
}

/// The URL a request failed at: the base URL, or, when the server
/// redirected elsewhere, where it was sent (without credentials or query),
/// so the message points at the host that actually failed.
fn failed_url(e: &reqwest::Error, config: &LlmConfig) -> String {
    let Some(url) = e.url() else { return config.base_url.clone() };
    let shown = shown_url(url);
    if shown.starts_with(&config.base_url) {
        config.base_url.clone()
    } else {
        format!("{shown} (redirected from {})", config.base_url)
    }
}

fn root_cause(e: &dyn std::error::Error) -> String {
    let mut cause = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        cause = s.to_string();
        source = s.source();
    }
    cause
}
