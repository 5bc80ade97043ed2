//! Interview follow-ups and summaries from a language model, off the UI
//! thread: each request becomes a tokio task that asks the model and
//! reports back as an `Action`. Without a model nothing is asked (the app
//! does not even issue the effects then). The model's reply is untrusted:
//! follow-ups must be a small JSON object, and anything else (prose, too
//! many, too long, a failure or timeout) comes back as no follow-ups, so
//! the script simply goes on. A failed summary becomes a note.

use std::sync::Arc;

use futures::StreamExt;
use serde_json::Value;
use tokio::sync::mpsc::UnboundedSender;

use super::llm::{ChatMessage, ChatModel, ChatRequest, Delta, LlmError, one_line};
use archcrit_app::Action;
use archcrit_core::interview::{FollowUpRequest, FollowUps, MAX_FOLLOW_UPS, SummaryRequest};
use archcrit_core::model::Design;

const FOLLOW_UP_SYSTEM: &str = "You are a senior backend architect running a design interview. \
Given the question just answered, the answer and the design, ask at most two short follow-up \
questions whose answers would change the design. Reply with JSON only, no prose and no code fence: \
{\"questions\": [\"first question?\", \"second question?\"]}. \
If nothing needs asking, reply {\"questions\": []}.";

const SUMMARY_SYSTEM: &str = "You are a senior backend architect. Summarise this design interview \
in three or four plain sentences: what was decided, what changed in the design, and the biggest \
open risk. No lists, no headings.";

/// A follow-up reply longer than this is not two short questions; reading
/// stops there and the reply is dropped.
const MAX_FOLLOW_UP_REPLY: usize = 4_000;
/// One follow-up longer than this (in characters) is left out.
pub const MAX_QUESTION_CHARS: usize = 300;
/// A summary is cut to this many characters.
pub const MAX_SUMMARY_CHARS: usize = 1_500;

#[derive(Clone)]
pub struct Interviewer {
    model: Option<Arc<dyn ChatModel>>,
    actions: UnboundedSender<Action>,
}

impl Interviewer {
    pub fn new(model: Option<Arc<dyn ChatModel>>, actions: UnboundedSender<Action>) -> Interviewer {
        Interviewer { model, actions }
    }

    pub fn follow_ups(&self, request: FollowUpRequest, design: Box<Design>) {
        let Some(model) = self.model.clone() else { return };
        let actions = self.actions.clone();
        tokio::spawn(async move {
            // Always answer, even with nothing, so the app stops waiting.
            let questions = follow_up_questions(model.as_ref(), &request, &design).await;
            let _ = actions.send(Action::InterviewFollowUps { request, questions });
        });
    }

    pub fn summary(&self, request: SummaryRequest, design: Box<Design>) {
        let Some(model) = self.model.clone() else { return };
        let actions = self.actions.clone();
        tokio::spawn(async move {
            if let Some(text) = summary_text(model.as_ref(), &request, &design).await {
                let _ = actions.send(Action::InterviewSummary { text });
            }
        });
    }
}

/// The follow-ups a model asks after one answer; none when its reply is
/// not usable (the reason goes to the log).
pub async fn follow_up_questions(model: &dyn ChatModel, request: &FollowUpRequest, design: &Design) -> Vec<String> {
    let user = format!(
        "Interview: {}\nQuestion: {}\nAnswer: {}\nWhat the answer changed: {}\nDesign: {}",
        request.script,
        request.ask,
        request.answer,
        if request.effects.is_empty() { "nothing".to_string() } else { request.effects.join("; ") },
        outline(design),
    );
    match ask(model, FOLLOW_UP_SYSTEM, user, MAX_FOLLOW_UP_REPLY).await {
        Ok(reply) if reply.cut => {
            tracing::info!(limit = MAX_FOLLOW_UP_REPLY, "follow-up reply too long; none asked");
            Vec::new()
        }
        Ok(reply) => parse_questions(&reply.text).unwrap_or_else(|why| {
            tracing::info!(%why, "follow-up reply not usable; none asked");
            Vec::new()
        }),
        Err(e) => {
            tracing::info!(error = %e, "no follow-ups from the model");
            Vec::new()
        }
    }
}

/// The closing summary a model writes, or a one-line note when it failed;
/// `None` when it said nothing.
pub async fn summary_text(model: &dyn ChatModel, request: &SummaryRequest, design: &Design) -> Option<String> {
    let mut user = format!("Interview: {}\nDesign: {}\nTranscript:\n", request.title, outline(design));
    for e in &request.entries {
        let answer = if e.answer.is_empty() { "(skipped)" } else { e.answer.as_str() };
        user.push_str(&format!("- {} -> {}", e.ask, answer));
        if !e.effects.is_empty() {
            user.push_str(&format!(" [{}]", e.effects.join("; ")));
        }
        user.push('\n');
    }
    match ask(model, SUMMARY_SYSTEM, user, MAX_SUMMARY_CHARS).await {
        Ok(reply) if reply.text.trim().is_empty() => None,
        Ok(reply) => Some(cut_summary(&reply.text, reply.cut)),
        Err(e) => Some(format!("(no summary from the model: {})", one_line(&e.to_string(), 120))),
    }
}

/// The same hook for headless runs (`archcrit interview --llm`): each
/// request blocks on `runtime` until the model answers or fails.
pub struct BlockingInterviewer {
    pub model: Arc<dyn ChatModel>,
    pub runtime: tokio::runtime::Runtime,
}

impl FollowUps for BlockingInterviewer {
    fn follow_ups(&mut self, request: &FollowUpRequest, design: &Design) -> Vec<String> {
        self.runtime.block_on(follow_up_questions(self.model.as_ref(), request, design))
    }
    fn summary(&mut self, request: &SummaryRequest, design: &Design) -> Option<String> {
        self.runtime.block_on(summary_text(self.model.as_ref(), request, design))
    }
}

/// What a model said, and whether reading stopped at the limit.
struct Reply {
    text: String,
    cut: bool,
}

/// Streams one answer, reading no more than `limit` characters of it.
async fn ask(model: &dyn ChatModel, system: &str, user: String, limit: usize) -> Result<Reply, LlmError> {
    let request = ChatRequest { messages: vec![ChatMessage::system(system), ChatMessage::user(user)], tools: false };
    let mut stream = model.stream(request).await?;
    let mut text = String::new();
    let mut chars = 0;
    while let Some(delta) = stream.next().await {
        match delta? {
            Delta::Text(t) => {
                chars += t.chars().count();
                text.push_str(&t);
            }
            Delta::ToolCall(_) | Delta::Waiting(_) => {}
            Delta::Done => break,
        }
        if chars > limit {
            return Ok(Reply { text: text.chars().take(limit).collect(), cut: true });
        }
    }
    Ok(Reply { text, cut: false })
}

/// A summary as shown: trimmed, and marked when it was cut short.
fn cut_summary(text: &str, cut: bool) -> String {
    let text = text.trim();
    if cut || text.chars().count() > MAX_SUMMARY_CHARS {
        let kept: String = text.chars().take(MAX_SUMMARY_CHARS).collect();
        format!("{}…", kept.trim_end())
    } else {
        text.to_string()
    }
}

/// Components and links in one line each, enough for a model to ask well.
fn outline(design: &Design) -> String {
    let components: Vec<String> = design.components().map(|c| format!("{} ({})", c.id, c.kind)).collect();
    let links: Vec<String> = design.links().map(|l| format!("{}->{}", l.from, l.to)).collect();
    format!("components: {}; links: {}", components.join(", "), links.join(", "))
}

/// Reads a follow-up reply: `{"questions": [...]}` (a bare list is taken
/// too, and a code fence around either is ignored, as models add them).
/// Each question is put on one line; empty ones and ones over
/// `MAX_QUESTION_CHARS` are left out, and only the first `MAX_FOLLOW_UPS`
/// kept. Anything else is refused with the reason, for the log.
pub fn parse_questions(text: &str) -> Result<Vec<String>, String> {
    let body = strip_fence(text.trim());
    let value: Value = serde_json::from_str(body).map_err(|e| format!("not JSON ({e}): {}", one_line(body, 80)))?;
    let items = match &value {
        Value::Array(items) => items,
        Value::Object(map) => match map.get("questions") {
            Some(Value::Array(items)) => items,
            _ => return Err("a JSON object without a \"questions\" list".to_string()),
        },
        _ => return Err("JSON, but neither an object with \"questions\" nor a list".to_string()),
    };
    Ok(items
        .iter()
        .filter_map(Value::as_str)
        .map(|q| q.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|q| !q.is_empty() && q.chars().count() <= MAX_QUESTION_CHARS)
        .take(MAX_FOLLOW_UPS)
        .collect())
}

/// The inside of a Markdown code fence (```json ... ```), else `text`.
fn strip_fence(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("```") else { return text };
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_alphanumeric());
    rest.strip_suffix("```").unwrap_or(rest).trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_come_from_a_json_list_one_line_each_at_most_two() {
        let text = r#"{"questions": ["How many\nregions?", "  ", "Who owns the queue?", "A third one?"]}"#;
        assert_eq!(parse_questions(text).unwrap(), ["How many regions?", "Who owns the queue?"]);
        assert_eq!(parse_questions(r#"{"questions": []}"#).unwrap(), Vec::<String>::new());
        assert_eq!(parse_questions("```json\n[\"Sharded?\"]\n```").unwrap(), ["Sharded?"]);
    }

    #[test]
    fn prose_and_odd_json_are_refused_and_long_questions_left_out() {
        assert!(parse_questions("1. How many regions?\n2. Who owns it?").is_err());
        assert!(parse_questions("").is_err());
        assert!(parse_questions(r#"{"qs": ["a?"]}"#).is_err());
        assert!(parse_questions("42").is_err());
        let long = "x".repeat(MAX_QUESTION_CHARS + 1);
        assert_eq!(parse_questions(&format!(r#"["{long}", 7, "Short?"]"#)).unwrap(), ["Short?"]);
    }

    #[test]
    fn a_summary_cut_short_says_so() {
        assert_eq!(cut_summary("  Done.  ", false), "Done.");
        let long = "word ".repeat(MAX_SUMMARY_CHARS);
        let shown = cut_summary(&long, true);
        assert!(shown.ends_with('…') && shown.chars().count() <= MAX_SUMMARY_CHARS + 1);
    }
}
