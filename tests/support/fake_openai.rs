//! An OpenAI-compatible chat-completions server on 127.0.0.1 for tests:
//! each request gets the next scripted reply (the last one repeats), and
//! every request's body and Authorization header are recorded.
//! `serve_dropping` puts a front door before it that drops the first
//! connections without an answer (a reset before the response).

#![allow(dead_code)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::post;
use serde_json::{Value, json};

/// One piece of a streamed body.
#[derive(Clone, Debug)]
pub enum Piece {
    /// Wait, then send these bytes as one network chunk.
    Bytes(u64, Vec<u8>),
    /// Break the connection (the body errors out).
    Abort,
    /// Stop sending but keep the connection open.
    Stall,
}

#[derive(Clone, Debug)]
pub enum Reply {
    Stream(Vec<Piece>),
    Status {
        status: u16,
        headers: Vec<(&'static str, String)>,
        body: String,
    },
    /// Accept the request and never answer.
    Hang,
    /// The first reply whose text occurs in the request body, else the last
    /// (a server that answers by what it is asked).
    Choose(Vec<(&'static str, Reply)>, Box<Reply>),
    /// A 200 event stream repeating these bytes forever, as fast as the
    /// client reads (a hostile or broken server).
    Endless(Vec<u8>),
}

#[derive(Clone, Default)]
pub struct Record {
    pub hits: Arc<AtomicUsize>,
    pub bodies: Arc<Mutex<Vec<Value>>>,
    /// Each request's Authorization header; `None` when it had none.
    pub auth: Arc<Mutex<Vec<Option<String>>>>,
    pub hit_times: Arc<Mutex<Vec<Instant>>>,
    /// The wall clock at each request (to check HTTP-date Retry-After).
    pub hit_clock: Arc<Mutex<Vec<SystemTime>>>,
    /// When each streamed piece was handed to the network.
    pub sent: Arc<Mutex<Vec<Instant>>>,
}

#[derive(Clone)]
struct AppState {
    replies: Arc<Vec<Reply>>,
    record: Record,
}

pub struct Server {
    /// The base URL, with /v1.
    pub url: String,
    pub record: Record,
}

impl Server {
    pub fn hits(&self) -> usize {
        self.record.hits.load(Ordering::SeqCst)
    }
}

pub async fn serve(replies: Vec<Reply>) -> Server {
    let record = Record::default();
    let state = AppState { replies: Arc::new(replies), record: record.clone() };
    let app = Router::new().route("/v1/chat/completions", post(handle)).with_state(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Server { url: format!("http://{addr}/v1"), record }
}

async fn handle(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let n = state.record.hits.fetch_add(1, Ordering::SeqCst);
    state.record.hit_times.lock().unwrap().push(Instant::now());
    state.record.hit_clock.lock().unwrap().push(SystemTime::now());
    state.record.bodies.lock().unwrap().push(serde_json::from_slice(&body).unwrap_or(Value::Null));
    let auth = headers.get("authorization").map(|v| v.to_str().unwrap_or("(not text)").to_string());
    state.record.auth.lock().unwrap().push(auth);
    let mut reply = state.replies.get(n).or(state.replies.last()).cloned().unwrap();
    if let Reply::Choose(options, default) = reply {
        let text = String::from_utf8_lossy(&body).into_owned();
        reply = options.into_iter().find(|(needle, _)| text.contains(needle)).map(|(_, r)| r).unwrap_or(*default);
    }
    match reply {
        Reply::Hang => {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            Response::new(Body::empty())
        }
        Reply::Status { status, headers, body } => {
            let mut r = Response::builder().status(StatusCode::from_u16(status).unwrap());
            for (k, v) in headers {
                r = r.header(k, v);
            }
            if !r.headers_ref().is_some_and(|h| h.contains_key("content-type")) {
                r = r.header("content-type", "application/json");
            }
            r.body(Body::from(body)).unwrap()
        }
        Reply::Choose(..) => Response::builder().status(500).body(Body::from("nested Choose")).unwrap(),
        Reply::Endless(bytes) => {
            let bytes = Bytes::from(bytes);
            let stream = futures::stream::repeat_with(move || Ok::<Bytes, std::io::Error>(bytes.clone()));
            Response::builder()
                .status(200)
                .header("content-type", "text/event-stream")
                .body(Body::from_stream(stream))
                .unwrap()
        }
        Reply::Stream(pieces) => {
            let sent = state.record.sent.clone();
            let stream = futures::stream::unfold(pieces.into_iter(), move |mut pieces| {
                let sent = sent.clone();
                async move {
                    match pieces.next()? {
                        Piece::Bytes(ms, bytes) => {
                            if ms > 0 {
                                tokio::time::sleep(Duration::from_millis(ms)).await;
                            }
                            sent.lock().unwrap().push(Instant::now());
                            Some((Ok::<Bytes, std::io::Error>(Bytes::from(bytes)), pieces))
                        }
                        Piece::Abort => {
                            // Let what was sent reach the client before the connection drops.
                            tokio::time::sleep(Duration::from_millis(200)).await;
                            Some((Err(std::io::Error::other("server went away")), Vec::new().into_iter()))
                        }
                        Piece::Stall => {
                            tokio::time::sleep(Duration::from_secs(3600)).await;
                            None
                        }
                    }
                }
            });
            Response::builder()
                .status(200)
                .header("content-type", "text/event-stream")
                .header("cache-control", "no-cache")
                .body(Body::from_stream(stream))
                .unwrap()
        }
    }
}

/// Like `serve`, but the first `drop_first` connections are closed as soon
/// as the request has arrived, with no answer; later ones reach the server.
/// Returns the server and how many connections were dropped so far.
pub async fn serve_dropping(drop_first: usize, replies: Vec<Reply>) -> (Server, Arc<AtomicUsize>) {
    let inner = serve(replies).await;
    let behind = inner.url.trim_start_matches("http://").trim_end_matches("/v1").to_string();
    let front = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = front.local_addr().unwrap();
    let dropped = Arc::new(AtomicUsize::new(0));
    let counter = dropped.clone();
    tokio::spawn(async move {
        while let Ok((mut client, _)) = front.accept().await {
            if counter.load(Ordering::SeqCst) < drop_first {
                counter.fetch_add(1, Ordering::SeqCst);
                let mut buf = [0u8; 4096];
                let _ = tokio::io::AsyncReadExt::read(&mut client, &mut buf).await;
                drop(client);
                continue;
            }
            let behind = behind.clone();
            tokio::spawn(async move {
                if let Ok(mut server) = tokio::net::TcpStream::connect(behind).await {
                    let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                }
            });
        }
    });
    (Server { url: format!("http://{addr}/v1"), record: inner.record }, dropped)
}

/// A `chat.completion.chunk` carrying text.
pub fn text_chunk(text: &str, finish: Option<&str>) -> Value {
    json!({"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "m",
           "choices": [{"index": 0, "delta": {"role": "assistant", "content": text}, "finish_reason": finish}]})
}

/// A chunk carrying a tool-call fragment.
pub fn tool_chunk(index: u32, id: Option<&str>, name: Option<&str>, args: &str) -> Value {
    let mut call = json!({"index": index, "function": {"arguments": args}});
    if let Some(id) = id {
        call["id"] = json!(id);
        call["type"] = json!("function");
    }
    if let Some(name) = name {
        call["function"]["name"] = json!(name);
    }
    json!({"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "m",
           "choices": [{"index": 0, "delta": {"tool_calls": [call]}, "finish_reason": null}]})
}

pub fn finish_chunk(reason: &str) -> Value {
    json!({"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "m",
           "choices": [{"index": 0, "delta": {}, "finish_reason": reason}]})
}

/// One SSE event per chunk.
pub fn event(chunk: &Value) -> Vec<u8> {
    format!("data: {chunk}\n\n").into_bytes()
}

pub fn done() -> Vec<u8> {
    b"data: [DONE]\n\n".to_vec()
}

/// A whole, well-formed stream: each chunk in its own network write.
pub fn stream_of(chunks: &[Value]) -> Reply {
    let mut pieces: Vec<Piece> = chunks.iter().map(|c| Piece::Bytes(0, event(c))).collect();
    pieces.push(Piece::Bytes(0, done()));
    Reply::Stream(pieces)
}

pub fn error_body(message: &str, kind: &str) -> String {
    json!({"error": {"message": message, "type": kind, "param": null, "code": null}}).to_string()
}
