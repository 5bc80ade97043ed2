//! Talking to a language model: our own message types and the `ChatModel`
//! trait the agent uses, the one-line faults a user sees, configuration,
//! prompts and tool-call validation. async-openai is used only in
//! `openai.rs`; everything else sees the types below.

pub mod config;
pub mod log;
pub mod openai;
pub mod prompt;
pub mod redact;
pub mod reply;
pub mod retry;
pub mod retry_after;
pub mod scripted;
pub mod sse;
pub mod tools;
pub mod whatif_tool;

use std::path::Path;
use std::pin::Pin;
use std::sync::Arc;

use futures::Stream;
use futures::future::BoxFuture;
use thiserror::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    System,
    User,
    Assistant,
    /// The outcome of one tool call, replayed to the model.
    Tool,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::System => "system",
            Role::User => "user",
            Role::Assistant => "assistant",
            Role::Tool => "tool",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatMessage {
    pub role: Role,
    pub content: String,
    /// An assistant turn's tool calls, as the model made them.
    pub tool_calls: Vec<ToolCall>,
    /// For a `Tool` message: the call it answers.
    pub tool_call_id: Option<String>,
}

impl ChatMessage {
    fn new(role: Role, content: impl Into<String>) -> Self {
        ChatMessage { role, content: content.into(), tool_calls: Vec::new(), tool_call_id: None }
    }
    pub fn system(content: impl Into<String>) -> Self {
        ChatMessage::new(Role::System, content)
    }
    pub fn user(content: impl Into<String>) -> Self {
        ChatMessage::new(Role::User, content)
    }
    pub fn assistant(content: impl Into<String>) -> Self {
        ChatMessage::new(Role::Assistant, content)
    }
    /// An assistant turn that called tools (its text may be empty).
    pub fn assistant_calls(content: impl Into<String>, calls: Vec<ToolCall>) -> Self {
        ChatMessage { tool_calls: calls, ..ChatMessage::new(Role::Assistant, content) }
    }
    /// What became of the tool call `call_id`.
    pub fn tool_outcome(call_id: impl Into<String>, outcome: impl Into<String>) -> Self {
        ChatMessage { tool_call_id: Some(call_id.into()), ..ChatMessage::new(Role::Tool, outcome) }
    }
}

/// One request: the conversation, and whether the model may propose edits.
#[derive(Debug, Clone, PartialEq)]
pub struct ChatRequest {
    pub messages: Vec<ChatMessage>,
    pub tools: bool,
}

/// A tool call as the model made it; `arguments` is its JSON text,
/// validated later by `tools::to_edit`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolCall {
    pub id: String,
    pub name: String,
    pub arguments: String,
}

/// What a streaming answer yields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delta {
    Text(String),
    /// A complete tool call (argument fragments already joined).
    ToolCall(ToolCall),
    /// The server said the answer is complete.
    Done,
    /// Before any text: the request failed in passing (rate limit, server
    /// error) and will be tried again after the wait the notice names.
    Waiting(retry::RetryNotice),
}

pub type DeltaStream = Pin<Box<dyn Stream<Item = Result<Delta, LlmError>> + Send>>;

/// Anything that streams chat answers: the OpenAI-compatible client, or a
/// script in tests.
pub trait ChatModel: Send + Sync {
    /// "gpt-4o-mini at https://api.openai.com/v1" (never the key).
    fn describe(&self) -> String;
    fn stream(&self, request: ChatRequest) -> BoxFuture<'static, Result<DeltaStream, LlmError>>;
}

/// Why an answer failed, as one line a person can act on. Details from the
/// server are shortened and never contain the API key.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LlmError {
    #[error("no language model configured: set OPENAI_API_KEY or OPENAI_BASE_URL (see docs/llm.md)")]
    NotConfigured,
    #[error("the server refused the API key (HTTP {status}): check OPENAI_API_KEY or api_key_env in the config")]
    Auth { status: u16 },
    #[error("the server does not know model `{model}` (HTTP 404): pick another with --model or ARCHCRIT_MODEL")]
    UnknownModel { model: String },
    /// `retries` is how many retries were made before giving up.
    #[error("rate limited by {server} (HTTP 429), still after {retries} retries: {detail}; try again later")]
    RateLimited { server: String, detail: String, retries: u32 },
    /// The server asked for a longer wait than we make a person sit through.
    #[error(
        "rate limited by {server}; the server asks to wait {secs} s (archcrit waits at most {cap} s by itself, see max_retry_wait_secs): try again then"
    )]
    RateLimitWait { server: String, secs: u64, cap: u64 },
    /// A 429 that waiting will not cure (OpenAI's `insufficient_quota`).
    #[error("the account behind the API key has no quota left (HTTP 429): {detail}; check its plan and billing")]
    QuotaExhausted { detail: String },
    #[error("the server failed (HTTP {status}): {detail}")]
    Server { status: u16, detail: String },
    #[error("HTTP {status} from the server: {detail}")]
    Http { status: u16, detail: String },
    #[error("cannot reach {url}: {detail}; is the server running and is the base URL right?")]
    Connect { url: String, detail: String },
    /// The connection was reset or closed after the request went out and
    /// before any answer came back.
    #[error("the connection to {url} broke before the answer began: {detail}")]
    ConnectionLost { url: String, detail: String },
    #[error("no answer from {url} within {secs} s; raise request_timeout_secs in the config if the model is slow")]
    RequestTimeout { url: String, secs: u64 },
    #[error(
        "the server went silent for {secs} s mid-answer; raise idle_timeout_secs in the config if the model is slow"
    )]
    IdleTimeout { secs: u64 },
    #[error("the server sent something that is not a chat-completions chunk: {detail}")]
    Malformed { detail: String },
    /// A 200 whose body is neither an event stream nor a JSON completion
    /// (a web page, a proxy's login form): usually a wrong base URL.
    #[error(
        "the server answered with {content_type}, not an event stream or a chat completion (`{start}`); the base URL usually ends in /v1"
    )]
    NotAStream { content_type: String, start: String },
    #[error("the server closed the stream before the answer was complete")]
    Truncated,
    /// The model declined to answer (an OpenAI `refusal`).
    #[error("the model refused to answer: {text}")]
    Refused { text: String },
    /// `finish_reason: "length"`: the text shown so far is all there is.
    #[error("the answer was cut short: the model reached its output token limit (finish_reason \"length\")")]
    CutShort,
    /// `finish_reason: "content_filter"`.
    #[error("the server's content filter stopped the answer (finish_reason \"content_filter\")")]
    Filtered,
    /// The reply passed `max_reply_bytes`; reading stopped there.
    #[error("the answer passed {} (max_reply_bytes in the config); reading stopped there", size(*.limit))]
    TooLong { limit: usize },
    /// The reply took longer than `max_reply_secs` from the request.
    #[error("the answer took longer than {secs} s (max_reply_secs in the config); reading stopped there")]
    TooSlow { secs: u64 },
    #[error("the connection broke mid-answer: {detail}")]
    Broken { detail: String },
    #[error("{0}")]
    Other(String),
}

/// A byte count as people read limits: "8 MiB", "64 KiB", "900 bytes".
pub fn size(bytes: usize) -> String {
    const KIB: usize = 1024;
    match bytes {
        b if b >= KIB * KIB && b % (KIB * KIB) == 0 => format!("{} MiB", b / (KIB * KIB)),
        b if b >= KIB && b % KIB == 0 => format!("{} KiB", b / KIB),
        b => format!("{b} bytes"),
    }
}

/// Cuts server text to one short line for a message.
pub fn one_line(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let cut: String = flat.chars().take(max).collect();
    format!("{cut}…")
}

/// Installs rustls' ring provider once; reqwest is built without one so
/// the choice stays ours. Safe to call many times.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// Why no model could be set up: a usage problem (bad config file, log
/// file) that should stop the command, or an LLM that is simply not there
/// (fall back to the offline voice).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Setup {
    Usage(String),
    Unavailable(LlmError),
}

/// Builds the OpenAI-compatible model from flags, the environment (`env`)
/// and the config file under `config_dir`; starts `--log-file` logging
/// with the key redacted. For the CLI and the workshop alike.
pub fn connect(
    flags: &config::Flags,
    env: &dyn Fn(&str) -> Option<String>,
    config_dir: Option<&Path>,
    log_file: Option<&Path>,
) -> Result<Arc<dyn ChatModel>, Setup> {
    let file = match config_dir.map(config::default_path) {
        Some(path) => config::FileConfig::load(&path).map_err(|e| Setup::Usage(e.to_string()))?,
        None => None,
    };
    let config = config::LlmConfig::resolve(flags, env, file.as_ref()).map_err(Setup::Unavailable)?;
    if let Some(path) = log_file {
        let secrets = config.api_key.iter().map(|k| k.expose().to_string()).collect();
        log::init(path, secrets).map_err(|e| Setup::Usage(e.to_string()))?;
    }
    Ok(Arc::new(openai::OpenAiModel::new(config).map_err(Setup::Unavailable)?))
}
