//! A `ChatModel` that plays back a script: for tests, demos and benches.
//! Each call to `stream` plays the next script (the last one repeats) and
//! records the request it was given.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::future::BoxFuture;

use super::{ChatModel, ChatRequest, Delta, DeltaStream, LlmError, ToolCall};

#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Text(String),
    Tool(ToolCall),
    Wait(Duration),
    Fail(LlmError),
    Done,
}

#[derive(Default)]
pub struct ScriptedModel {
    scripts: Mutex<Vec<Vec<Step>>>,
    calls: Mutex<usize>,
    pub requests: Arc<Mutex<Vec<ChatRequest>>>,
    /// Fails before streaming (like a refused connection).
    pub refuse: Option<LlmError>,
}

impl ScriptedModel {
    pub fn new(scripts: Vec<Vec<Step>>) -> Self {
        ScriptedModel { scripts: Mutex::new(scripts), ..Default::default() }
    }

    /// Words of `text` as tokens, `gap` apart, then `Done`.
    pub fn words(text: &str, gap: Duration) -> Vec<Step> {
        let mut steps = Vec::new();
        for (i, w) in text.split_inclusive(' ').enumerate() {
            if i > 0 && !gap.is_zero() {
                steps.push(Step::Wait(gap));
            }
            steps.push(Step::Text(w.to_string()));
        }
        steps.push(Step::Done);
        steps
    }
}

impl ChatModel for ScriptedModel {
    fn describe(&self) -> String {
        "scripted model".into()
    }

    fn stream(&self, request: ChatRequest) -> BoxFuture<'static, Result<DeltaStream, LlmError>> {
        if let Ok(mut r) = self.requests.lock() {
            r.push(request);
        }
        let script = {
            let scripts = self.scripts.lock().map(|s| s.clone()).unwrap_or_default();
            let mut calls = self.calls.lock().map(|c| *c).unwrap_or(0);
            let s = scripts.get(calls).or(scripts.last()).cloned().unwrap_or_default();
            calls += 1;
            if let Ok(mut c) = self.calls.lock() {
                *c = calls;
            }
            s
        };
        let refuse = self.refuse.clone();
        Box::pin(async move {
            if let Some(e) = refuse {
                return Err(e);
            }
            let stream = futures::stream::unfold(script.into_iter(), |mut steps| async move {
                loop {
                    match steps.next()? {
                        Step::Wait(d) => tokio::time::sleep(d).await,
                        Step::Text(t) => return Some((Ok(Delta::Text(t)), steps)),
                        Step::Tool(c) => return Some((Ok(Delta::ToolCall(c)), steps)),
                        Step::Done => return Some((Ok(Delta::Done), steps)),
                        Step::Fail(e) => return Some((Err(e), Vec::new().into_iter())),
                    }
                }
            });
            Ok(Box::pin(stream) as DeltaStream)
        })
    }
}
