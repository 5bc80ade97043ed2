//! Question types and answer validation: turning what a person typed into
//! a checked `AnswerValue`, or into a message that says what to type
//! instead. No design access here; effects convert values into fields.

use std::fmt;

use crate::model::{closest, format_number};

/// What kind of answer a question takes.
#[derive(Debug, Clone, PartialEq)]
pub enum QuestionType {
    Text,
    Number { unit: Option<String>, min: Option<f64>, max: Option<f64>, whole: bool },
    Choice(Vec<String>),
    MultiChoice(Vec<String>),
    YesNo,
}

/// The word scripts use for a multi-choice answer that picks nothing.
pub const NONE_CHOICE: &str = "none";

/// A validated answer, in its canonical form.
#[derive(Debug, Clone, PartialEq)]
pub enum AnswerValue {
    Text(String),
    Number(f64),
    Choice(String),
    /// Picked choices in the script's order; `none` alone becomes empty.
    Choices(Vec<String>),
    YesNo(bool),
}

impl fmt::Display for AnswerValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnswerValue::Text(s) | AnswerValue::Choice(s) => f.write_str(s),
            AnswerValue::Number(n) => f.write_str(&format_number(*n)),
            AnswerValue::Choices(items) if items.is_empty() => f.write_str(NONE_CHOICE),
            AnswerValue::Choices(items) => f.write_str(&items.join(", ")),
            AnswerValue::YesNo(b) => f.write_str(if *b { "yes" } else { "no" }),
        }
    }
}

impl AnswerValue {
    pub fn as_number(&self) -> Option<f64> {
        match self {
            AnswerValue::Number(n) => Some(*n),
            _ => None,
        }
    }
}

impl QuestionType {
    /// The word scripts and `--print-questions` use for the type.
    pub fn name(&self) -> &'static str {
        match self {
            QuestionType::Text => "text",
            QuestionType::Number { .. } => "number",
            QuestionType::Choice(_) => "choice",
            QuestionType::MultiChoice(_) => "multi-choice",
            QuestionType::YesNo => "yes-no",
        }
    }

    pub const NAMES: [&'static str; 5] = ["text", "number", "choice", "multi-choice", "yes-no"];

    pub fn choices(&self) -> Option<&[String]> {
        match self {
            QuestionType::Choice(c) | QuestionType::MultiChoice(c) => Some(c),
            _ => None,
        }
    }

    /// A short description of what to type, for input boxes and errors.
    pub fn expected(&self) -> String {
        match self {
            QuestionType::Text => "a few words".into(),
            QuestionType::Number { unit, min, max, whole } => {
                let mut s = String::from(if *whole { "a whole number" } else { "a number" });
                match (min, max) {
                    (Some(lo), Some(hi)) => {
                        s.push_str(&format!(" from {} to {}", format_number(*lo), format_number(*hi)))
                    }
                    (Some(lo), None) => s.push_str(&format!(" of at least {}", format_number(*lo))),
                    (None, Some(hi)) => s.push_str(&format!(" of at most {}", format_number(*hi))),
                    (None, None) => {}
                }
                if let Some(u) = unit {
                    s.push_str(&format!(" ({u})"));
                }
                s
            }
            QuestionType::Choice(c) => format!("one of: {}", c.join(", ")),
            QuestionType::MultiChoice(c) => format!("one or more of: {} (comma-separated)", c.join(", ")),
            QuestionType::YesNo => "yes or no".into(),
        }
    }

    /// Checks typed text and returns the canonical answer, or what is wrong.
    pub fn validate(&self, text: &str) -> Result<AnswerValue, BadAnswer> {
        let t = text.trim();
        let expected = || self.expected();
        if t.is_empty() {
            return Err(BadAnswer::Empty { expected: expected() });
        }
        match self {
            QuestionType::Text => Ok(AnswerValue::Text(t.to_string())),
            QuestionType::Number { unit, min, max, whole } => {
                let n = parse_number(t, unit.as_deref())
                    .ok_or_else(|| BadAnswer::NotANumber { text: t.to_string(), expected: expected() })?;
                if *whole && n.fract() != 0.0 {
                    return Err(BadAnswer::NotWhole { text: t.to_string(), expected: expected() });
                }
                if min.is_some_and(|lo| n < lo) || max.is_some_and(|hi| n > hi) {
                    return Err(BadAnswer::OutOfRange { value: n, expected: expected() });
                }
                Ok(AnswerValue::Number(n))
            }
            QuestionType::Choice(choices) => pick(t, choices).map(AnswerValue::Choice),
            QuestionType::MultiChoice(choices) => {
                let inner = t.trim_start_matches('[').trim_end_matches(']');
                let mut picked = Vec::new();
                for part in inner.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                    let choice = pick(part, choices)?;
                    if !picked.contains(&choice) {
                        picked.push(choice);
                    }
                }
                if picked.is_empty() {
                    return Err(BadAnswer::NoneChosen { expected: expected() });
                }
                if picked.len() > 1 && picked.iter().any(|p| p == NONE_CHOICE) {
                    return Err(BadAnswer::NoneCombined);
                }
                // Canonical order is the script's, so transcripts diff cleanly.
                picked.sort_by_key(|p| choices.iter().position(|c| c == p));
                picked.retain(|p| p != NONE_CHOICE);
                Ok(AnswerValue::Choices(picked))
            }
            QuestionType::YesNo => match t.to_ascii_lowercase().as_str() {
                "yes" | "y" | "true" => Ok(AnswerValue::YesNo(true)),
                "no" | "n" | "false" => Ok(AnswerValue::YesNo(false)),
                _ => Err(BadAnswer::NotYesNo { text: t.to_string() }),
            },
        }
    }
}

/// Reads "1200", "1_200", "1,200", "1.2k", "300 ms" (when the unit is ms).
fn parse_number(text: &str, unit: Option<&str>) -> Option<f64> {
    let mut t = text.trim().to_string();
    if let Some(u) = unit {
        let lower = t.to_ascii_lowercase();
        if let Some(stripped) = lower.strip_suffix(&u.to_ascii_lowercase()) {
            t = stripped.trim().to_string();
        }
    }
    t.retain(|c| c != '_' && c != ',');
    let (digits, factor) = match t.chars().last() {
        Some('k' | 'K') => (&t[..t.len() - 1], 1e3),
        Some('m' | 'M') => (&t[..t.len() - 1], 1e6),
        _ => (t.as_str(), 1.0),
    };
    let n: f64 = digits.trim().parse().ok()?;
    let n = n * factor;
    n.is_finite().then_some(n)
}

/// One choice from typed text: exact (case-insensitive) or by 1-based number.
fn pick(text: &str, choices: &[String]) -> Result<String, BadAnswer> {
    if let Some(c) = choices.iter().find(|c| c.eq_ignore_ascii_case(text)) {
        return Ok(c.clone());
    }
    if let Ok(i) = text.parse::<usize>()
        && (1..=choices.len()).contains(&i)
    {
        return Ok(choices[i - 1].clone());
    }
    Err(BadAnswer::NotAChoice {
        text: text.to_string(),
        closest: closest(&text.to_ascii_lowercase(), choices.iter().map(String::as_str)).map(str::to_string),
        choices: choices.to_vec(),
    })
}

/// Why typed text is not an answer to a question; worded for the person
/// answering (`expected` is the question type's own description).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BadAnswer {
    #[error("the answer is empty: type {expected}, or skip the question")]
    Empty { expected: String },
    #[error("`{text}` is not a number: expected {expected}")]
    NotANumber { text: String, expected: String },
    #[error("`{text}` is not a whole number: expected {expected}")]
    NotWhole { text: String, expected: String },
    #[error("{} is out of range: expected {expected}", format_number(*.value))]
    OutOfRange { value: f64, expected: String },
    #[error(
        "`{text}` is not one of the choices{}; choose from: {}",
        .closest.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default(),
        .choices.join(", ")
    )]
    NotAChoice { text: String, closest: Option<String>, choices: Vec<String> },
    #[error("pick at least one: {expected}")]
    NoneChosen { expected: String },
    #[error("`{}` cannot be combined with other choices", NONE_CHOICE)]
    NoneCombined,
    #[error("`{text}` is not yes or no")]
    NotYesNo { text: String },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(min: Option<f64>, max: Option<f64>, whole: bool) -> QuestionType {
        QuestionType::Number { unit: Some("ms".into()), min, max, whole }
    }

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn text_must_not_be_empty() {
        assert_eq!(QuestionType::Text.validate("  a shop "), Ok(AnswerValue::Text("a shop".into())));
        assert!(QuestionType::Text.validate("   ").unwrap_err().to_string().contains("empty"));
    }

    #[test]
    fn numbers_are_parsed_like_people_write_them() {
        let q = number(Some(1.0), Some(10_000.0), false);
        assert_eq!(q.validate("300 ms"), Ok(AnswerValue::Number(300.0)));
        assert_eq!(q.validate("1,200"), Ok(AnswerValue::Number(1200.0)));
        assert_eq!(q.validate("1.5k"), Ok(AnswerValue::Number(1500.0)));
        assert!(q.validate("fast").unwrap_err().to_string().contains("not a number"));
        assert!(q.validate("0").unwrap_err().to_string().contains("out of range"));
        assert!(q.validate("20000").unwrap_err().to_string().contains("from 1 to 10000"));
        assert!(q.validate("inf").is_err());
        let whole = number(Some(1.0), None, true);
        assert!(whole.validate("2.5").unwrap_err().to_string().contains("whole"));
        assert_eq!(whole.validate("3"), Ok(AnswerValue::Number(3.0)));
    }

    #[test]
    fn a_choice_is_one_of_the_list() {
        let q = QuestionType::Choice(strings(&["strong", "eventual"]));
        assert_eq!(q.validate("Strong"), Ok(AnswerValue::Choice("strong".into())));
        assert_eq!(q.validate("2"), Ok(AnswerValue::Choice("eventual".into())));
        let err = q.validate("eventualy").unwrap_err();
        assert_eq!(
            err.to_string(),
            "`eventualy` is not one of the choices (did you mean `eventual`?); choose from: strong, eventual"
        );
        assert!(matches!(err, BadAnswer::NotAChoice { closest: Some(c), .. } if c == "eventual"));
        assert!(q.validate("3").is_err());
    }

    #[test]
    fn multi_choice_is_ordered_deduplicated_and_none_is_alone() {
        let q = QuestionType::MultiChoice(strings(&["pii", "payments", "health", "none"]));
        assert_eq!(q.validate("payments, pii, pii"), Ok(AnswerValue::Choices(strings(&["pii", "payments"]))));
        assert_eq!(q.validate("[health]"), Ok(AnswerValue::Choices(strings(&["health"]))));
        assert_eq!(q.validate("none"), Ok(AnswerValue::Choices(vec![])));
        assert!(q.validate("none, pii").unwrap_err().to_string().contains("cannot be combined"));
        assert!(q.validate("pii, secrets").unwrap_err().to_string().contains("`secrets`"));
        assert!(q.validate(",").unwrap_err().to_string().contains("at least one"));
    }

    #[test]
    fn yes_no_accepts_the_usual_words() {
        for yes in ["yes", "Y", "true"] {
            assert_eq!(QuestionType::YesNo.validate(yes), Ok(AnswerValue::YesNo(true)));
        }
        for no in ["no", "N", "false"] {
            assert_eq!(QuestionType::YesNo.validate(no), Ok(AnswerValue::YesNo(false)));
        }
        assert!(QuestionType::YesNo.validate("maybe").unwrap_err().to_string().contains("yes or no"));
    }

    #[test]
    fn answers_print_canonically() {
        assert_eq!(AnswerValue::YesNo(true).to_string(), "yes");
        assert_eq!(AnswerValue::Choices(vec![]).to_string(), "none");
        assert_eq!(AnswerValue::Number(99.95).to_string(), "99.95");
    }
}
