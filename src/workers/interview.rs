//! Interview follow-ups and summaries from a language model, off the UI
//! thread: each request becomes a tokio task that asks the model and
//! reports back as an `Action`. Without a model nothing is asked (the app
//! does not even issue the effects then). A failure is dropped quietly for
//! follow-ups (the script goes on) and becomes a note for summaries.

use std::sync::Arc;

use futures::StreamExt;
use tokio::sync::mpsc::UnboundedSender;

use super::llm::{ChatMessage, ChatModel, ChatRequest, Delta, LlmError, one_line};
use crate::app::Action;
use crate::domain::interview::{FollowUpRequest, MAX_FOLLOW_UPS, SummaryRequest};
use crate::domain::model::Design;

const FOLLOW_UP_SYSTEM: &str = "You are a senior backend architect running a design interview. \
Given the question just answered, the answer and the design, ask at most two short follow-up \
questions that would change the design. One question per line, no numbering, nothing else. \
If nothing needs asking, answer with an empty line.";

const SUMMARY_SYSTEM: &str = "You are a senior backend architect. Summarise this design interview \
in three or four plain sentences: what was decided, what changed in the design, and the biggest \
open risk. No lists, no headings.";

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
            let user = format!(
                "Interview: {}\nQuestion: {}\nAnswer: {}\nWhat the answer changed: {}\nDesign: {}",
                request.script,
                request.ask,
                request.answer,
                if request.effects.is_empty() { "nothing".to_string() } else { request.effects.join("; ") },
                outline(&design),
            );
            if let Ok(text) = ask(model.as_ref(), FOLLOW_UP_SYSTEM, user).await {
                let questions = parse_questions(&text);
                if !questions.is_empty() {
                    let _ = actions.send(Action::InterviewFollowUps { request, questions });
                }
            }
        });
    }

    pub fn summary(&self, request: SummaryRequest, design: Box<Design>) {
        let Some(model) = self.model.clone() else { return };
        let actions = self.actions.clone();
        tokio::spawn(async move {
            let mut user = format!("Interview: {}\nDesign: {}\nTranscript:\n", request.title, outline(&design));
            for e in &request.entries {
                let answer = if e.answer.is_empty() { "(skipped)" } else { e.answer.as_str() };
                user.push_str(&format!("- {} -> {}", e.ask, answer));
                if !e.effects.is_empty() {
                    user.push_str(&format!(" [{}]", e.effects.join("; ")));
                }
                user.push('\n');
            }
            let text = match ask(model.as_ref(), SUMMARY_SYSTEM, user).await {
                Ok(t) if !t.trim().is_empty() => t.trim().to_string(),
                Ok(_) => return,
                Err(e) => format!("(no summary from the model: {})", one_line(&e.to_string(), 120)),
            };
            let _ = actions.send(Action::InterviewSummary { text });
        });
    }
}

async fn ask(model: &dyn ChatModel, system: &str, user: String) -> Result<String, LlmError> {
    let request = ChatRequest { messages: vec![ChatMessage::system(system), ChatMessage::user(user)], tools: false };
    let mut stream = model.stream(request).await?;
    let mut text = String::new();
    while let Some(delta) = stream.next().await {
        match delta? {
            Delta::Text(t) => text.push_str(&t),
            Delta::ToolCall(_) => {}
            Delta::Done => break,
        }
    }
    Ok(text)
}

/// Components and links in one line each, enough for a model to ask well.
fn outline(design: &Design) -> String {
    let components: Vec<String> = design.components().map(|c| format!("{} ({})", c.id, c.kind)).collect();
    let links: Vec<String> = design.links().map(|l| format!("{}->{}", l.from, l.to)).collect();
    format!("components: {}; links: {}", components.join(", "), links.join(", "))
}

/// One question per non-empty line; list marks stripped; at most two.
pub fn parse_questions(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.trim().trim_start_matches(['-', '*', '•']).trim())
        .map(|l| l.trim_start_matches(|c: char| c.is_ascii_digit()).trim_start_matches(['.', ')']).trim())
        .filter(|l| l.len() > 3)
        .take(MAX_FOLLOW_UPS)
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_are_one_per_line_without_list_marks() {
        let text = "1. How many regions?\n\n- Who owns the queue?\nA third one?";
        assert_eq!(parse_questions(text), ["How many regions?", "Who owns the queue?"]);
        assert!(parse_questions("\n  \n").is_empty());
    }
}
