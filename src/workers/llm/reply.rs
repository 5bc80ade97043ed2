//! Reading one chat-completions reply body into `Delta`s, whatever the
//! server sends: an event stream of chunks (OpenAI, llama.cpp, Ollama,
//! vLLM and their quirks), a plain JSON completion from a server that
//! ignored `stream: true`, or something else entirely (a web page), which
//! is named. Refusals, `finish_reason: "length"` and `"content_filter"`
//! end the answer with an error that says so. At most `max_bytes` are
//! read: past that the reply ends with `TooLong`, so an endless stream
//! costs bounded memory. Pure and synchronous, so it is fuzzed directly
//! (tests/fuzz_sse.rs); `openai.rs` feeds it the network's bytes.
//! (Over 400 lines only with its unit tests, which pin each reply shape.)

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use super::sse::{Event, SseParser};
use super::{Delta, LlmError, ToolCall, one_line};

/// The default cap on one reply's bytes as they come off the network
/// (SSE framing included). A long answer of 4,000 tokens streams about
/// 1 MiB of chunks; 8 MiB leaves room for verbose servers.
pub const DEFAULT_MAX_REPLY_BYTES: usize = 8 * 1024 * 1024;

/// How much of a reply is kept to decide what it is before it is read.
const SNIFF_LIMIT: usize = 1024;

type Out = Vec<Result<Delta, LlmError>>;

/// One streamed chunk (or a whole completion), leniently: every field
/// optional, unknown ones ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Chunk {
    choices: Option<Vec<Choice>>,
    error: Option<Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Choice {
    delta: Option<Message>,
    /// A non-streamed completion carries `message` instead of `delta`.
    message: Option<Message>,
    finish_reason: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Message {
    content: Option<String>,
    refusal: Option<String>,
    tool_calls: Option<Vec<ToolCallPart>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ToolCallPart {
    index: Option<u32>,
    id: Option<String>,
    function: Option<FunctionPart>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct FunctionPart {
    name: Option<String>,
    arguments: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Nothing but whitespace seen yet.
    Sniffing,
    Sse,
    Json,
}

/// Decodes one reply body.
pub struct Decoder {
    mode: Mode,
    content_type: String,
    max_bytes: usize,
    read: usize,
    /// Bytes kept while sniffing, or the whole body in JSON mode.
    held: Vec<u8>,
    sse: SseParser,
    calls: BTreeMap<u32, ToolCall>,
    refusal: String,
    finish_reason: Option<String>,
    done: bool,
}

impl Decoder {
    /// `content_type` is the response's header (used in messages and to
    /// trust an event stream that starts oddly).
    pub fn new(content_type: Option<&str>, max_bytes: usize) -> Self {
        Decoder {
            mode: Mode::Sniffing,
            content_type: content_type.unwrap_or("no content type").to_string(),
            max_bytes,
            read: 0,
            held: Vec::new(),
            sse: SseParser::new(),
            calls: BTreeMap::new(),
            refusal: String::new(),
            finish_reason: None,
            done: false,
        }
    }

    /// Whether the reply is over (finished, failed or capped): read no more.
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// Bytes held awaiting more input: never more than `max_bytes`.
    pub fn held(&self) -> usize {
        self.held.len() + self.sse.pending()
    }

    /// Ends the reply for a reason found outside the body (a timeout, a
    /// broken connection): nothing more is decoded.
    pub fn stop(&mut self) {
        self.done = true;
    }

    /// Feeds the next network bytes.
    pub fn feed(&mut self, bytes: &[u8], out: &mut Out) {
        if self.done {
            return;
        }
        let room = self.max_bytes.saturating_sub(self.read);
        let over = bytes.len() > room;
        let bytes = &bytes[..bytes.len().min(room)];
        self.read += bytes.len();
        self.take(bytes, out);
        if over && !self.done {
            out.push(Err(LlmError::TooLong { limit: self.max_bytes }));
            self.done = true;
        }
    }

    /// The body ended.
    pub fn end(&mut self, out: &mut Out) {
        if self.done {
            return;
        }
        match self.mode {
            Mode::Sniffing if self.held.iter().all(u8::is_ascii_whitespace) => self.fail(LlmError::Truncated, out),
            Mode::Sniffing => self.not_a_stream(out),
            Mode::Json => self.json_body(out),
            Mode::Sse if self.finish_reason.is_some() => self.finish(out),
            Mode::Sse => self.fail(LlmError::Truncated, out),
        }
    }

    fn take(&mut self, bytes: &[u8], out: &mut Out) {
        match self.mode {
            Mode::Sse => self.sse_bytes(bytes, out),
            Mode::Json => self.held.extend_from_slice(bytes),
            Mode::Sniffing => {
                self.held.extend_from_slice(bytes);
                let start = self.held.iter().position(|b| !b.is_ascii_whitespace() && !b"\xEF\xBB\xBF".contains(b));
                let Some(first) = start.map(|i| self.held[i]) else { return };
                let looks_sse = matches!(first, b'd' | b'e' | b'i' | b'r' | b':');
                let trusted_sse = self.content_type.contains("event-stream") && first != b'<';
                if first == b'{' || first == b'[' {
                    self.mode = Mode::Json;
                } else if looks_sse || trusted_sse {
                    self.mode = Mode::Sse;
                    let held = std::mem::take(&mut self.held);
                    self.sse_bytes(&held, out);
                } else if self.held.len() >= SNIFF_LIMIT || first == b'<' {
                    self.not_a_stream(out);
                }
            }
        }
    }

    fn sse_bytes(&mut self, bytes: &[u8], out: &mut Out) {
        let mut events = Vec::new();
        self.sse.feed(bytes, &mut events);
        for event in events {
            if self.done {
                return;
            }
            self.event(event, out);
        }
    }

    fn event(&mut self, event: Event, out: &mut Out) {
        let data = event.data.trim();
        if data == "[DONE]" {
            // An explicit end: a server that never sent a finish_reason is still done.
            self.finish(out);
            return;
        }
        if matches!(event.name.as_str(), "keepalive" | "ping") || data.is_empty() {
            return;
        }
        match serde_json::from_str::<Chunk>(data) {
            Ok(chunk) => self.chunk(chunk, out),
            Err(e) => self.fail(LlmError::Malformed { detail: format!("{e} in `{}`", one_line(data, 80)) }, out),
        }
    }

    fn chunk(&mut self, chunk: Chunk, out: &mut Out) {
        if let Some(err) = chunk.error {
            let detail = err.get("message").and_then(Value::as_str).map(str::to_string).unwrap_or(err.to_string());
            self.fail(LlmError::Broken { detail: one_line(&detail, 200) }, out);
            return;
        }
        for choice in chunk.choices.unwrap_or_default() {
            if let Some(message) = choice.delta.or(choice.message) {
                self.message(message, out);
            }
            // Local servers send `""` on every chunk but the last.
            if let Some(reason) = choice.finish_reason.filter(|r| !r.trim().is_empty()) {
                self.finish_reason = Some(reason);
            }
        }
    }

    fn message(&mut self, message: Message, out: &mut Out) {
        if let Some(text) = message.content.filter(|t| !t.is_empty()) {
            out.push(Ok(Delta::Text(text)));
        }
        if let Some(refusal) = message.refusal {
            // Refusals stream in pieces like text; a cap keeps a hostile one small.
            if self.refusal.len() < 2_000 {
                self.refusal.push_str(&refusal);
            }
        }
        for (n, call) in message.tool_calls.unwrap_or_default().into_iter().enumerate() {
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

    /// A non-streamed body: a completion, or an error object.
    fn json_body(&mut self, out: &mut Out) {
        let body = std::mem::take(&mut self.held);
        match serde_json::from_slice::<Chunk>(&body) {
            Ok(chunk) if chunk.error.is_some() || chunk.choices.is_some() => {
                self.chunk(chunk, out);
                if !self.done {
                    // A complete completion is finished even if it names no reason.
                    self.finish(out);
                }
            }
            Ok(_) => self.not_a_stream_body(&body, out),
            Err(e) => {
                let text = String::from_utf8_lossy(&body);
                self.fail(LlmError::Malformed { detail: format!("{e} in `{}`", one_line(&text, 80)) }, out);
            }
        }
    }

    fn finish(&mut self, out: &mut Out) {
        if self.done {
            return;
        }
        let refusal = one_line(&self.refusal, 300);
        if !refusal.is_empty() {
            return self.fail(LlmError::Refused { text: refusal }, out);
        }
        match self.finish_reason.as_deref() {
            Some("length") => return self.fail(LlmError::CutShort, out),
            Some("content_filter") => return self.fail(LlmError::Filtered, out),
            _ => {}
        }
        for (n, (_, mut call)) in std::mem::take(&mut self.calls).into_iter().enumerate() {
            // The id ties the outcome sent back later to this call.
            if call.id.is_empty() {
                call.id = format!("call_{n}");
            }
            out.push(Ok(Delta::ToolCall(call)));
        }
        out.push(Ok(Delta::Done));
        self.done = true;
    }

    fn not_a_stream(&mut self, out: &mut Out) {
        let body = std::mem::take(&mut self.held);
        self.not_a_stream_body(&body, out);
    }

    fn not_a_stream_body(&mut self, body: &[u8], out: &mut Out) {
        let start = one_line(&String::from_utf8_lossy(&body[..body.len().min(SNIFF_LIMIT)]), 80);
        let error = LlmError::NotAStream { content_type: one_line(&self.content_type, 60), start };
        self.fail(error, out);
    }

    fn fail(&mut self, error: LlmError, out: &mut Out) {
        out.push(Err(error));
        self.done = true;
    }
}

/// Decodes a whole body given in pieces: what `openai.rs` does over the
/// network, for tests and the fuzzer.
pub fn decode_all(content_type: Option<&str>, max_bytes: usize, pieces: &[&[u8]]) -> Out {
    let mut decoder = Decoder::new(content_type, max_bytes);
    let mut out = Vec::new();
    for piece in pieces {
        decoder.feed(piece, &mut out);
        if decoder.is_done() {
            return out;
        }
    }
    decoder.end(&mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SSE: Option<&str> = Some("text/event-stream");

    fn text(out: &Out) -> String {
        out.iter().filter_map(|d| if let Ok(Delta::Text(t)) = d { Some(t.as_str()) } else { None }).collect()
    }

    fn last(out: &Out) -> &Result<Delta, LlmError> {
        out.last().unwrap()
    }

    #[test]
    fn a_refusal_is_an_error_that_says_so() {
        let body = br#"data: {"choices":[{"delta":{"refusal":"I can't help"}}]}

data: {"choices":[{"delta":{"refusal":" with that."},"finish_reason":"stop"}]}

data: [DONE]

"#;
        let out = decode_all(SSE, 1 << 20, &[body]);
        assert_eq!(last(&out), &Err(LlmError::Refused { text: "I can't help with that.".into() }));
    }

    #[test]
    fn length_and_content_filter_keep_the_text_and_say_why() {
        for (reason, error) in [("length", LlmError::CutShort), ("content_filter", LlmError::Filtered)] {
            let body = format!(
                "data: {{\"choices\":[{{\"delta\":{{\"content\":\"half\"}},\"finish_reason\":\"{reason}\"}}]}}\n\n"
            );
            let out = decode_all(SSE, 1 << 20, &[body.as_bytes()]);
            assert_eq!(text(&out), "half");
            assert_eq!(last(&out), &Err(error.clone()));
            assert!(error.to_string().contains(reason));
        }
    }

    #[test]
    fn a_plain_json_completion_is_accepted_tool_calls_included() {
        let body = br#"{"id":"x","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant",
            "content":"Whole answer.","tool_calls":[{"id":"c9","type":"function","function":{"name":"remove","arguments":"{}"}}]},
            "finish_reason":"tool_calls"}]}"#;
        let out = decode_all(Some("application/json"), 1 << 20, &[&body[..10], &body[10..]]);
        assert_eq!(
            out,
            [
                Ok(Delta::Text("Whole answer.".into())),
                Ok(Delta::ToolCall(ToolCall { id: "c9".into(), name: "remove".into(), arguments: "{}".into() })),
                Ok(Delta::Done)
            ]
        );
    }

    #[test]
    fn a_web_page_is_named_not_called_a_closed_stream() {
        let out = decode_all(Some("text/html"), 1 << 20, &[b"\n<!doctype html><title>Login</title>"]);
        let Err(e) = last(&out) else { panic!("{out:?}") };
        assert!(matches!(e, LlmError::NotAStream { .. }), "{e:?}");
        assert!(e.to_string().contains("text/html") && e.to_string().contains("<!doctype html>"), "{e}");
    }

    #[test]
    fn an_endless_stream_stops_at_the_cap() {
        let mut decoder = Decoder::new(SSE, 4096);
        let mut out = Vec::new();
        let chunk = b"data: {\"choices\":[{\"delta\":{\"content\":\"spam \"}}]}\n\n";
        let mut fed = 0;
        while !decoder.is_done() && fed < 1_000_000 {
            decoder.feed(chunk, &mut out);
            fed += 1;
        }
        assert!(fed < 100, "{fed}");
        assert_eq!(last(&out), &Err(LlmError::TooLong { limit: 4096 }));
        assert!(decoder.sse.pending() <= 4096);
        assert_eq!(
            LlmError::TooLong { limit: 8 << 20 }.to_string().split(" (").next(),
            Some("the answer passed 8 MiB")
        );
    }

    #[test]
    fn done_without_a_finish_reason_is_done_and_tool_calls_get_ids() {
        let body = b"data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"function\":{\"name\":\"remove\",\"arguments\":\"{}\"}}]}}]}\n\ndata: [DONE]\n\n";
        let out = decode_all(SSE, 1 << 20, &[body]);
        assert_eq!(
            out,
            [
                Ok(Delta::ToolCall(ToolCall { id: "call_0".into(), name: "remove".into(), arguments: "{}".into() })),
                Ok(Delta::Done)
            ]
        );
    }
}
