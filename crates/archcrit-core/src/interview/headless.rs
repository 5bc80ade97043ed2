//! Running a script without a terminal: answers come from a map of
//! question id to answer (an ANSWERS.yaml file), the design is changed on a
//! copy, and nothing is returned unless every answer was valid.

use indexmap::IndexMap;

use super::followup::FollowUps;
use super::load::{FromNode, Node};
use super::session::{AnswerError, AnswerOutcome, FOLLOW_UP_MARK, Session};
use crate::file::LoadError;
use crate::file::yaml::{self, Value};
use crate::model::{Design, closest, format_number};

/// Answers by question id; `None` (a YAML null) skips the question.
pub type AnswerMap = IndexMap<String, Option<String>>;

/// One answer's YAML value as text: lists become `a, b`, booleans yes/no.
struct AnswerText(Option<String>);

impl FromNode for AnswerText {
    fn from_node(v: Value) -> Result<Self, String> {
        let scalar = |v: &Value| match v {
            Value::String(s) => Some(s.clone()),
            Value::Bool(b) => Some(if *b { "yes" } else { "no" }.to_string()),
            Value::Number(n) => n.as_f64().map(format_number),
            _ => None,
        };
        match &v {
            Value::Null => Ok(AnswerText(None)),
            Value::Sequence(items) => {
                let parts: Option<Vec<String>> = items.iter().map(scalar).collect();
                parts.map(|p| AnswerText(Some(p.join(", ")))).ok_or_else(|| "a list answer holds words".to_string())
            }
            other => scalar(other)
                .map(|s| AnswerText(Some(s)))
                .ok_or_else(|| "an answer is a word, a number, yes/no, a list, or null to skip".to_string()),
        }
    }
}

/// Reads an answers file: a mapping from question id to answer.
pub fn parse_answers(text: &str, origin: &str) -> Result<AnswerMap, LoadError> {
    if text.trim().is_empty() {
        return Ok(AnswerMap::new());
    }
    let raw: IndexMap<String, Node<AnswerText>> = yaml::from_str(text).map_err(|e| {
        let err = LoadError::new(origin, e.message).with_hint("answers are a mapping: question id -> answer");
        match (e.line, e.column) {
            (Some(l), Some(c)) => err.at(l, c),
            _ => err,
        }
    })?;
    Ok(raw.into_iter().map(|(k, v)| (k, v.0.0)).collect())
}

/// The result of a headless run.
#[derive(Debug, Clone)]
pub struct HeadlessRun {
    pub design: Design,
    pub outcomes: Vec<AnswerOutcome>,
    /// Answers given for questions whose condition kept them from being asked.
    pub unused: Vec<String>,
    pub summary: Option<String>,
}

/// Runs `session` to the end against a copy of `design`. Questions without
/// an answer are confirmed when the design pre-fills them and skipped
/// otherwise. Any invalid answer, or an answer for a question the script
/// does not have, stops the run with an error naming the question.
pub fn run(
    mut session: Session,
    design: &Design,
    answers: &AnswerMap,
    follow_ups: &mut dyn FollowUps,
) -> Result<HeadlessRun, AnswerError> {
    for id in answers.keys() {
        let base = id.split_once(FOLLOW_UP_MARK).map_or(id.as_str(), |(b, _)| b);
        if session.script().question(base).is_none() {
            let mut message = format!("script `{}` has no such question", session.script().id);
            if let Some(s) = closest(id, session.script().questions.iter().map(|q| q.id.as_str())) {
                message.push_str(&format!(" (did you mean `{s}`?)"));
            }
            return Err(AnswerError::Invalid { question: id.clone(), message });
        }
    }
    let mut design = design.clone();
    let mut outcomes = Vec::new();
    let mut asked = Vec::new();
    while let Some(view) = session.current(&design) {
        asked.push(view.id.clone());
        let outcome = match answers.get(&view.id) {
            Some(Some(text)) => session.answer(&design, text)?,
            Some(None) => session.skip(&design)?,
            None if view.prefill.is_some() => session.answer(&design, "")?,
            None => session.skip(&design)?,
        };
        design
            .apply(outcome.edit.clone())
            .map_err(|e| AnswerError::Rejected { question: view.id.clone(), message: e.to_string() })?;
        if let Some(request) = &outcome.follow_up {
            let questions = follow_ups.follow_ups(request, &design);
            session.offer_follow_ups(request, questions);
        }
        outcomes.push(outcome);
    }
    let unused = answers.keys().filter(|k| !asked.contains(k)).cloned().collect();
    let summary = follow_ups.summary(&session.summary_request(&design), &design);
    Ok(HeadlessRun { design, outcomes, unused, summary })
}
