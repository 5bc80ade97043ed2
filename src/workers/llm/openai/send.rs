//! The HTTP layer under async-openai: our own `tower` service that sends
//! each request once (async-openai's retry is off; `retry.rs` decides),
//! leaves out `Authorization` when there is no key, follows redirects
//! itself, notes the wait a refusing server asks for, caps error bodies,
//! and keeps a successful answer's body for `reply.rs` to read.

use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime};

use async_openai::error::OpenAIError;
use async_openai::middleware::HttpRequestFactory;
use futures::future::BoxFuture;

use crate::workers::llm::LlmError;
use crate::workers::llm::retry_after::requested_wait;

/// An error body longer than this is cut before anything reads it.
const MAX_ERROR_BODY: usize = 64 * 1024;

/// The HTTP service under async-openai: sends the request once (with no
/// `Authorization` header at all when there is no key: local servers need
/// none); when the server refuses it, keeps the wait its `Retry-After` (or
/// `retry-after-ms`) asks for and cuts the error body to `MAX_ERROR_BODY`;
/// when it answers, keeps the answer for `chunks` and hands async-openai an
/// empty body in its place.
#[derive(Clone)]
pub struct SendOnce {
    pub http: reqwest::Client,
    pub asked: Arc<Mutex<Option<Duration>>>,
    pub answer: Arc<Mutex<Option<reqwest::Response>>>,
    pub send_key: bool,
    /// A failure we named ourselves (a redirect that cannot be followed).
    pub problem: Arc<Mutex<Option<LlmError>>>,
}

/// Redirects followed at most, as a browser would give up on a loop.
const MAX_REDIRECTS: usize = 5;

/// Sends `request`, following 307/308 redirects ourselves (reqwest's own
/// policy is off): they keep the POST and its body, the key goes only to
/// the host it was set for, and a failure further on names the URL that
/// failed. A 301/302/303 would turn the POST into a GET, which no chat
/// endpoint answers: that is reported with where it points instead.
async fn follow_redirects(
    http: &reqwest::Client,
    mut request: reqwest::Request,
    problem: &Mutex<Option<LlmError>>,
) -> Result<reqwest::Response, OpenAIError> {
    let first = request.url().clone();
    for _ in 0..=MAX_REDIRECTS {
        let again = request.try_clone();
        let response = http.execute(request).await.map_err(OpenAIError::Reqwest)?;
        let status = response.status();
        if !status.is_redirection() {
            return Ok(response);
        }
        let location = response.headers().get(reqwest::header::LOCATION).and_then(|v| v.to_str().ok());
        let target = location.and_then(|l| response.url().join(l).ok());
        let (Some(mut next), Some(target)) = (again, target) else {
            return Ok(response);
        };
        if !matches!(status.as_u16(), 307 | 308) {
            let message = format!(
                "{first} redirects to {} (HTTP {}), which would lose the request; set the base URL to that address",
                shown_url(&target),
                status.as_u16()
            );
            return Err(named(problem, LlmError::Other(message)));
        }
        if target.host_str() != next.url().host_str()
            || target.port_or_known_default() != next.url().port_or_known_default()
        {
            // The key was given for one server, not for wherever it sends us.
            next.headers_mut().remove(reqwest::header::AUTHORIZATION);
        }
        *next.url_mut() = target;
        request = next;
    }
    Err(named(
        problem,
        LlmError::Other(format!(
            "{first} redirects more than {MAX_REDIRECTS} times; set the base URL to where it ends up"
        )),
    ))
}

fn named(slot: &Mutex<Option<LlmError>>, error: LlmError) -> OpenAIError {
    let message = error.to_string();
    if let Ok(mut slot) = slot.lock() {
        *slot = Some(error);
    }
    OpenAIError::InvalidArgument(message)
}

/// A URL as messages show it: no credentials, no query.
pub fn shown_url(url: &reqwest::Url) -> String {
    let mut shown = url.clone();
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    shown.set_query(None);
    shown.to_string()
}

impl tower_service::Service<HttpRequestFactory> for SendOnce {
    type Response = reqwest::Response;
    type Error = OpenAIError;
    type Future = BoxFuture<'static, Result<reqwest::Response, OpenAIError>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), OpenAIError>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, factory: HttpRequestFactory) -> Self::Future {
        let (http, asked, answer, send_key, problem) =
            (self.http.clone(), self.asked.clone(), self.answer.clone(), self.send_key, self.problem.clone());
        Box::pin(async move {
            let mut request = factory.build().await?;
            if !send_key {
                request.headers_mut().remove(reqwest::header::AUTHORIZATION);
            }
            let response = follow_redirects(&http, request, &problem).await?;
            if !response.status().is_success() {
                let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok());
                let wait = requested_wait(header("retry-after"), header("retry-after-ms"), SystemTime::now());
                tracing::debug!(status = response.status().as_u16(), retry_after = ?header("retry-after"), "the server refused the request");
                if let Ok(mut slot) = asked.lock() {
                    *slot = wait;
                }
                return Ok(capped(response, MAX_ERROR_BODY).await);
            }
            let empty = http::Response::builder()
                .status(response.status())
                .header(reqwest::header::CONTENT_TYPE, "text/event-stream")
                .body(reqwest::Body::from(""))
                .map_err(|e| OpenAIError::InvalidArgument(e.to_string()))?;
            if let Ok(mut slot) = answer.lock() {
                *slot = Some(response);
            }
            Ok(reqwest::Response::from(empty))
        })
    }
}

/// The same response with at most `cap` bytes of its body, so a server
/// cannot make async-openai read an endless error page.
async fn capped(mut response: reqwest::Response, cap: usize) -> reqwest::Response {
    let mut body = Vec::new();
    while body.len() < cap {
        match response.chunk().await {
            Ok(Some(bytes)) => body.extend_from_slice(&bytes[..bytes.len().min(cap - body.len())]),
            Ok(None) | Err(_) => break,
        }
    }
    let mut rebuilt = http::Response::new(reqwest::Body::from(body));
    *rebuilt.status_mut() = response.status();
    *rebuilt.headers_mut() = response.headers().clone();
    // The length of the body it no longer has would confuse its reader.
    rebuilt.headers_mut().remove(reqwest::header::CONTENT_LENGTH);
    reqwest::Response::from(rebuilt)
}
