//! Our retry policy for a chat request that has not started streaming:
//! which failures deserve another try (429, 408, 500/502/503/504, a
//! connection lost before the answer), how long to wait (what the server
//! asks, up to a cap, else jittered exponential backoff), and what the
//! person is told while waiting or when we give up. async-openai's own
//! retry is switched off (see `openai.rs`), so every wait here is announced
//! (`Delta::Waiting`) and stops the moment the caller drops the stream.

use std::fmt;
use std::hash::BuildHasher;
use std::time::Duration;

use futures::StreamExt;
use futures::future::BoxFuture;

use super::{Delta, DeltaStream, LlmError};

/// Retries after the first try; docs/llm.md promises three.
pub const MAX_RETRIES: u32 = 3;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    pub max_retries: u32,
    /// The longest single wait. A server asking for more is reported at
    /// once rather than waited on in silence.
    pub wait_cap: Duration,
    /// The first backoff when the server names no wait; it doubles with
    /// each retry and is jittered so many clients do not retry in step.
    pub base_delay: Duration,
}

/// A failed try, and the wait the server asked for (`Retry-After`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub error: LlmError,
    pub asked: Option<Duration>,
}

impl From<LlmError> for Failure {
    fn from(error: LlmError) -> Self {
        Failure { error, asked: None }
    }
}

/// What the person sees while we wait to try again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryNotice {
    /// What went wrong, e.g. "rate limited by api.openai.com (HTTP 429)".
    pub why: String,
    pub wait: Duration,
    /// Which retry this wait leads to, of how many.
    pub retry: u32,
    pub of: u32,
}

impl fmt::Display for RetryNotice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}; trying again in {} (retry {} of {})", self.why, seconds(self.wait), self.retry, self.of)
    }
}

/// "0.4 s" below a second (backoff), whole seconds above (what servers ask).
pub fn seconds(wait: Duration) -> String {
    if wait < Duration::from_secs(1) {
        format!("{:.1} s", wait.as_secs_f64())
    } else {
        format!("{} s", whole_seconds(wait))
    }
}

/// Rounded up, so "wait 1.2 s" is never shown as 1.
fn whole_seconds(wait: Duration) -> u64 {
    wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Retry(RetryNotice),
    GiveUp(LlmError),
}

impl RetryPolicy {
    /// Decides what follows `failure` after `retries_done` retries, for a
    /// server called `server` in messages; `jitter` is in [0, 1).
    pub fn decide(&self, failure: Failure, retries_done: u32, server: &str, jitter: f64) -> Verdict {
        let Failure { error, asked } = failure;
        if !retryable(&error) {
            return Verdict::GiveUp(error);
        }
        if let Some(asked) = asked.filter(|a| *a > self.wait_cap) {
            // Waiting minutes in silence is worse than saying so: report now.
            return Verdict::GiveUp(match error {
                LlmError::RateLimited { .. } => LlmError::RateLimitWait {
                    server: server.to_string(),
                    secs: whole_seconds(asked),
                    cap: whole_seconds(self.wait_cap),
                },
                other => other,
            });
        }
        if retries_done >= self.max_retries {
            return Verdict::GiveUp(match error {
                LlmError::RateLimited { server, detail, .. } => {
                    LlmError::RateLimited { server, detail, retries: retries_done }
                }
                other => other,
            });
        }
        let wait = asked.unwrap_or_else(|| self.backoff(retries_done, jitter));
        let why = match &error {
            LlmError::RateLimited { server, .. } => format!("rate limited by {server} (HTTP 429)"),
            other => other.to_string(),
        };
        Verdict::Retry(RetryNotice { why, wait, retry: retries_done + 1, of: self.max_retries })
    }

    /// base × 2^n, scaled into its upper half by `jitter`, never past the cap.
    fn backoff(&self, retries_done: u32, jitter: f64) -> Duration {
        let full = self.base_delay.saturating_mul(1 << retries_done.min(16));
        full.mul_f64(0.5 + 0.5 * jitter.clamp(0.0, 1.0)).min(self.wait_cap)
    }
}

/// Worth trying again: the server said "later" or failed in passing. Other
/// 4xx (a bad key, an unknown model, a bad request) will not change.
fn retryable(error: &LlmError) -> bool {
    match error {
        LlmError::RateLimited { .. } | LlmError::ConnectionLost { .. } => true,
        LlmError::Server { status, .. } => matches!(status, 500 | 502 | 503 | 504),
        LlmError::Http { status, .. } => *status == 408,
        _ => false,
    }
}

/// A number in [0, 1) that differs between calls and processes; jitter
/// needs no better randomness than the standard library's hasher keys.
fn jitter() -> f64 {
    let bits = std::collections::hash_map::RandomState::new().hash_one(std::time::SystemTime::now());
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

/// One try at starting the answer.
pub type Attempt = Box<dyn FnMut() -> BoxFuture<'static, Result<DeltaStream, Failure>> + Send>;

/// Starts an answer with `attempt`, retrying as `policy` says. Resolves
/// once the first try is decided: a stream, or the error when it is not
/// worth retrying. When it is, the stream first yields a
/// `Delta::Waiting` notice, waits, and tries again (and so on); it ends
/// with the answer or with the error we gave up on. Dropping the stream
/// stops a wait at once and sends nothing more.
pub async fn start_with_retries(
    policy: RetryPolicy,
    server: String,
    attempt: Attempt,
) -> Result<DeltaStream, LlmError> {
    let mut session = Session { policy, server, attempt, retries: 0 };
    match session.try_once().await {
        Next::Answer(stream) => Ok(stream),
        Next::Stop(error) => Err(error),
        Next::Wait(notice) => Ok(Box::pin(session.waiting(notice))),
    }
}

struct Session {
    policy: RetryPolicy,
    server: String,
    attempt: Attempt,
    retries: u32,
}

enum Next {
    Answer(DeltaStream),
    Wait(RetryNotice),
    Stop(LlmError),
}

enum Phase {
    Announce(RetryNotice),
    Sleep(Duration),
    Answer(DeltaStream),
    Over,
}

impl Session {
    async fn try_once(&mut self) -> Next {
        match (self.attempt)().await {
            Ok(stream) => Next::Answer(stream),
            Err(failure) => match self.policy.decide(failure, self.retries, &self.server, jitter()) {
                Verdict::Retry(notice) => {
                    self.retries += 1;
                    tracing::info!(why = %notice.why, wait_ms = notice.wait.as_millis() as u64, retry = notice.retry, "waiting to retry the chat request");
                    Next::Wait(notice)
                }
                Verdict::GiveUp(error) => {
                    if self.retries > 0 {
                        tracing::warn!(error = %error, retries = self.retries, "giving up on the chat request");
                    }
                    Next::Stop(error)
                }
            },
        }
    }

    fn waiting(self, first: RetryNotice) -> impl futures::Stream<Item = Result<Delta, LlmError>> + Send {
        futures::stream::unfold((self, Phase::Announce(first)), |(mut session, mut phase)| async move {
            loop {
                match phase {
                    Phase::Announce(notice) => {
                        let wait = notice.wait;
                        return Some((Ok(Delta::Waiting(notice)), (session, Phase::Sleep(wait))));
                    }
                    Phase::Sleep(wait) => {
                        tokio::time::sleep(wait).await;
                        phase = match session.try_once().await {
                            Next::Answer(stream) => Phase::Answer(stream),
                            Next::Wait(notice) => Phase::Announce(notice),
                            Next::Stop(error) => return Some((Err(error), (session, Phase::Over))),
                        };
                    }
                    Phase::Answer(mut stream) => {
                        let item = stream.next().await?;
                        return Some((item, (session, Phase::Answer(stream))));
                    }
                    Phase::Over => return None,
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RetryPolicy {
        RetryPolicy { max_retries: 3, wait_cap: Duration::from_secs(20), base_delay: Duration::from_millis(500) }
    }

    fn limited(asked: Option<u64>) -> Failure {
        Failure {
            error: LlmError::RateLimited { server: "api.example.com".into(), detail: "slow down".into(), retries: 0 },
            asked: asked.map(Duration::from_secs),
        }
    }

    #[test]
    fn a_rate_limit_waits_as_asked_then_gives_up_after_three_retries() {
        let p = policy();
        match p.decide(limited(Some(7)), 0, "api.example.com", 0.3) {
            Verdict::Retry(n) => {
                assert_eq!((n.wait, n.retry, n.of), (Duration::from_secs(7), 1, 3));
                assert_eq!(
                    n.to_string(),
                    "rate limited by api.example.com (HTTP 429); trying again in 7 s (retry 1 of 3)"
                );
            }
            other => panic!("{other:?}"),
        }
        let Verdict::GiveUp(e) = p.decide(limited(Some(1)), 3, "api.example.com", 0.3) else { panic!("retried") };
        assert_eq!(
            e,
            LlmError::RateLimited { server: "api.example.com".into(), detail: "slow down".into(), retries: 3 }
        );
        assert!(e.to_string().starts_with("rate limited by api.example.com (HTTP 429), still after 3 retries"), "{e}");
    }

    #[test]
    fn a_wait_past_the_cap_is_reported_at_once() {
        let Verdict::GiveUp(e) = policy().decide(limited(Some(120)), 0, "api.example.com", 0.0) else { panic!() };
        assert_eq!(e, LlmError::RateLimitWait { server: "api.example.com".into(), secs: 120, cap: 20 });
        assert!(e.to_string().starts_with("rate limited by api.example.com; the server asks to wait 120 s"), "{e}");
        // Exactly the cap is still waited for.
        assert!(matches!(policy().decide(limited(Some(20)), 0, "s", 0.0), Verdict::Retry(_)));
    }

    #[test]
    fn backoff_doubles_with_jitter_and_stays_under_the_cap() {
        let p = policy();
        let wait =
            |n, j| match p.decide(Failure::from(LlmError::Server { status: 503, detail: "busy".into() }), n, "s", j) {
                Verdict::Retry(notice) => notice.wait,
                other => panic!("{other:?}"),
            };
        assert_eq!(wait(0, 0.0), Duration::from_millis(250));
        let top = wait(0, 0.999_999);
        assert!(top > Duration::from_millis(499) && top < Duration::from_millis(500), "{top:?}");
        assert_eq!(wait(1, 0.0), Duration::from_millis(500));
        assert_eq!(wait(2, 0.5), Duration::from_millis(1500));
        let tiny_cap = RetryPolicy { wait_cap: Duration::from_millis(300), ..policy() };
        assert!(matches!(
            tiny_cap.decide(Failure::from(LlmError::Server { status: 502, detail: "x".into() }), 2, "s", 0.9),
            Verdict::Retry(RetryNotice { wait, .. }) if wait == Duration::from_millis(300)
        ));
        let j = jitter();
        assert!((0.0..1.0).contains(&j), "{j}");
    }

    #[test]
    fn only_passing_failures_are_retried() {
        let p = policy();
        for error in [
            LlmError::Auth { status: 401 },
            LlmError::Http { status: 400, detail: "bad".into() },
            LlmError::Http { status: 422, detail: "bad".into() },
            LlmError::UnknownModel { model: "m".into() },
            LlmError::Server { status: 501, detail: "no".into() },
            LlmError::QuotaExhausted { detail: "pay".into() },
            LlmError::Connect { url: "u".into(), detail: "refused".into() },
            LlmError::RequestTimeout { url: "u".into(), secs: 60 },
        ] {
            assert_eq!(p.decide(Failure::from(error.clone()), 0, "s", 0.5), Verdict::GiveUp(error));
        }
        for error in [
            LlmError::Http { status: 408, detail: "slow".into() },
            LlmError::Server { status: 500, detail: "oops".into() },
            LlmError::Server { status: 504, detail: "gateway".into() },
            LlmError::ConnectionLost { url: "u".into(), detail: "reset".into() },
        ] {
            assert!(matches!(p.decide(Failure::from(error), 0, "s", 0.5), Verdict::Retry(_)));
        }
    }

    #[test]
    fn waits_read_as_seconds() {
        assert_eq!(seconds(Duration::from_millis(420)), "0.4 s");
        assert_eq!(seconds(Duration::from_millis(1200)), "2 s");
        assert_eq!(seconds(Duration::from_secs(3)), "3 s");
    }
}
