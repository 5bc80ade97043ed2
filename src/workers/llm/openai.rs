//! The one file that uses async-openai: an OpenAI-compatible chat client
//! behind our `ChatModel` trait. Requests and stream chunks use our own
//! lenient types through async-openai's bring-your-own-types calls, so
//! local servers (Ollama, llama.cpp, vLLM) that send `finish_reason: ""`,
//! `null` lists or extra fields still work. Every fault becomes an
//! `LlmError` line; nothing here panics or waits forever.
//!
//! async-openai's built-in retry (three tries inside one call, waiting on
//! `Retry-After` unseen) is replaced by our own HTTP service, which only
//! sends and notes the wait a refusing server asks for; `retry.rs` decides
//! what to do with it, outside the request timeout and in plain sight.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime};

use async_openai::Client;
use async_openai::config::OpenAIConfig;
use async_openai::error::OpenAIError;
use async_openai::middleware::HttpRequestFactory;
use futures::StreamExt;
use futures::future::BoxFuture;
use serde::Deserialize;
use serde_json::{Value, json};

use super::config::LlmConfig;
use super::retry::{Attempt, Failure, start_with_retries};
use super::retry_after::requested_wait;
use super::{ChatModel, ChatRequest, Delta, DeltaStream, LlmError, ToolCall, one_line};

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
        Box::pin(start_with_retries(policy, server, attempt))
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
    let asked = Arc::new(Mutex::new(None));
    let client = Client::build(http.clone(), openai.clone())
        .with_http_service(SendOnce { http: http.clone(), asked: asked.clone() });
    let started =
        tokio::time::timeout(config.request_timeout, client.chat().create_stream_byot::<Value, Chunk>(body)).await;
    match started {
        Err(_) => Err(Failure::from(LlmError::RequestTimeout {
            url: config.base_url.clone(),
            secs: config.request_timeout.as_secs(),
        })),
        Ok(Err(e)) => {
            let asked = asked.lock().ok().and_then(|a| *a);
            Err(Failure { error: request_error(e, config), asked })
        }
        Ok(Ok(inner)) => Ok(Box::pin(chunks(inner, config.idle_timeout)) as DeltaStream),
    }
}

/// The HTTP service under async-openai: sends the request once and, when
/// the server refuses it, keeps the wait its `Retry-After` (or
/// `retry-after-ms`) asks for.
#[derive(Clone)]
struct SendOnce {
    http: reqwest::Client,
    asked: Arc<Mutex<Option<Duration>>>,
}

impl tower_service::Service<HttpRequestFactory> for SendOnce {
    type Response = reqwest::Response;
    type Error = OpenAIError;
    type Future = BoxFuture<'static, Result<reqwest::Response, OpenAIError>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), OpenAIError>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, factory: HttpRequestFactory) -> Self::Future {
        let (http, asked) = (self.http.clone(), self.asked.clone());
        Box::pin(async move {
            let request = factory.build().await?;
            let response = http.execute(request).await.map_err(OpenAIError::Reqwest)?;
            if !response.status().is_success() {
                let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok());
                let wait = requested_wait(header("retry-after"), header("retry-after-ms"), SystemTime::now());
                tracing::debug!(status = response.status().as_u16(), retry_after = ?header("retry-after"), "the server refused the request");
                if let Ok(mut slot) = asked.lock() {
                    *slot = wait;
                }
            }
            Ok(response)
        })
    }
}

fn request_body(model: &str, request: &ChatRequest, tools: bool) -> Value {
    let messages: Vec<Value> =
        request.messages.iter().map(|m| json!({"role": m.role.as_str(), "content": m.content})).collect();
    let mut body = json!({"model": model, "messages": messages, "stream": true});
    if tools {
        body["tools"] = super::tools::definitions();
    }
    body
}

/// One streamed chunk, leniently: every field optional, unknown ones ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Chunk {
    choices: Option<Vec<Choice>>,
    error: Option<Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Choice {
    delta: Option<ChunkDelta>,
    finish_reason: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ChunkDelta {
    content: Option<String>,
    tool_calls: Option<Vec<ToolCallDelta>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ToolCallDelta {
    index: Option<u32>,
    id: Option<String>,
    function: Option<FunctionDelta>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct FunctionDelta {
    name: Option<String>,
    arguments: Option<String>,
}

/// Tool calls arrive in fragments keyed by index; they are joined here and
/// handed on whole when the answer finishes.
#[derive(Default)]
struct Assembly {
    calls: BTreeMap<u32, ToolCall>,
    finished: bool,
    done: bool,
}

impl Assembly {
    fn absorb(&mut self, chunk: Chunk, out: &mut Vec<Result<Delta, LlmError>>) {
        if let Some(err) = chunk.error {
            let detail = err.get("message").and_then(Value::as_str).map(str::to_string).unwrap_or(err.to_string());
            out.push(Err(LlmError::Broken { detail: one_line(&detail, 200) }));
            self.done = true;
            return;
        }
        for choice in chunk.choices.unwrap_or_default() {
            if let Some(delta) = choice.delta {
                if let Some(text) = delta.content.filter(|t| !t.is_empty()) {
                    out.push(Ok(Delta::Text(text)));
                }
                for (n, call) in delta.tool_calls.unwrap_or_default().into_iter().enumerate() {
                    let index = call.index.unwrap_or(n as u32);
                    let entry = self.calls.entry(index).or_insert_with(|| ToolCall {
                        id: String::new(),
                        name: String::new(),
                        arguments: String::new(),
                    });
                    if let Some(id) = call.id.filter(|s| !s.is_empty()) {
                        entry.id = id;
                    }
                    if let Some(f) = call.function {
                        if let Some(name) = f.name.filter(|s| !s.is_empty()) {
                            entry.name = name;
                        }
                        if let Some(args) = f.arguments {
                            entry.arguments.push_str(&args);
                        }
                    }
                }
            }
            // Local servers send `""` on every chunk but the last.
            if choice.finish_reason.is_some_and(|r| !r.trim().is_empty()) {
                self.finished = true;
            }
        }
    }

    fn finish(&mut self, out: &mut Vec<Result<Delta, LlmError>>) {
        for (_, call) in std::mem::take(&mut self.calls) {
            out.push(Ok(Delta::ToolCall(call)));
        }
        out.push(Ok(Delta::Done));
        self.done = true;
    }
}

fn chunks(
    inner: impl futures::Stream<Item = Result<Chunk, OpenAIError>> + Send + Unpin + 'static,
    idle: Duration,
) -> impl futures::Stream<Item = Result<Delta, LlmError>> + Send {
    let state = (inner, Assembly::default(), std::collections::VecDeque::new());
    futures::stream::unfold(state, move |(mut inner, mut asm, mut queue)| async move {
        loop {
            if let Some(item) = queue.pop_front() {
                return Some((item, (inner, asm, queue)));
            }
            if asm.done {
                return None;
            }
            let mut out = Vec::new();
            match tokio::time::timeout(idle, inner.next()).await {
                Err(_) => {
                    out.push(Err(LlmError::IdleTimeout { secs: idle.as_secs().max(1) }));
                    asm.done = true;
                }
                Ok(Some(Ok(chunk))) => {
                    asm.absorb(chunk, &mut out);
                }
                Ok(Some(Err(e))) => {
                    out.push(Err(stream_error(e)));
                    asm.done = true;
                }
                Ok(None) if asm.finished => asm.finish(&mut out),
                Ok(None) => {
                    out.push(Err(LlmError::Truncated));
                    asm.done = true;
                }
            }
            queue.extend(out);
        }
    })
}

fn stream_error(e: OpenAIError) -> LlmError {
    match e {
        OpenAIError::JSONDeserialize(err, content) => {
            LlmError::Malformed { detail: format!("{err} in `{}`", one_line(&content, 80)) }
        }
        // async-openai nests its wording ("stream failed: EventStream error: Transport error: x"); keep x.
        other => {
            let text = other.to_string();
            let last = text.rsplit(": ").next().unwrap_or(&text).to_string();
            LlmError::Broken { detail: one_line(&last, 200) }
        }
    }
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
            LlmError::Connect { url: config.base_url.clone(), detail: one_line(&root_cause(&e), 160) }
        }
        OpenAIError::Reqwest(e) if e.is_timeout() => {
            LlmError::RequestTimeout { url: config.base_url.clone(), secs: config.connect_timeout.as_secs() }
        }
        // Connected, sent, then reset or closed with no answer: worth another try.
        OpenAIError::Reqwest(e) if e.is_request() => {
            LlmError::ConnectionLost { url: config.base_url.clone(), detail: one_line(&root_cause(&e), 160) }
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

fn root_cause(e: &dyn std::error::Error) -> String {
    let mut cause = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        cause = s.to_string();
        source = s.source();
    }
    cause
}
