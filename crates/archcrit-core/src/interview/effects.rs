//! Turning an answer into `Edit`s: each effect whose condition holds is
//! planned against a working copy of the design and applied there at
//! once, so later effects see earlier ones (add a queue, then link to it)
//! and the caller gets edits that are known to apply.

use super::answer::AnswerValue;
use super::condition::Answers;
use super::patterns::PatternFn;
use super::script::{EffectOp, Question};
use super::target::Target;
use crate::model::{Component, Design, Edit, FieldError, FieldType, FieldValue, Link, Range, format_number};

/// Why an answer cannot become a field's value.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AnswerFieldError {
    /// A number that is not a whole number in the field's range.
    #[error("{} is not valid here: expected {expected}", format_number(*.value))]
    NotWhole { value: f64, expected: String },
    /// A yes/no or choice answer for a field of another type.
    #[error("a {answer} answer cannot go there: expected {expected}")]
    WrongType { answer: String, expected: String },
    #[error(transparent)]
    Field(#[from] FieldError),
}

/// For the planners whose own errors are still text.
impl From<AnswerFieldError> for String {
    fn from(e: AnswerFieldError) -> String {
        e.to_string()
    }
}

/// What an answer's effects did to the working copy.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Planned {
    /// In the order applied.
    pub edits: Vec<Edit>,
    /// Effects that did nothing and why ("no cache to set hit_ratio on").
    pub notes: Vec<String>,
    /// Indices (into the question's `effects`) of effects whose condition held.
    pub fired: Vec<usize>,
    /// The inverse of each edit, in the order applied.
    pub inverses: Vec<Edit>,
}

/// Converts an answer into a value for a field of type `ty`.
pub fn answer_to_field(answer: &AnswerValue, ty: FieldType) -> Result<FieldValue, AnswerFieldError> {
    match (answer, ty) {
        (AnswerValue::Number(n), FieldType::Count(min)) => {
            if n.fract() != 0.0 || *n < f64::from(min) || *n > f64::from(u32::MAX) {
                return Err(AnswerFieldError::NotWhole { value: *n, expected: ty.expected() });
            }
            Ok(FieldValue::Count(*n as u32))
        }
        (AnswerValue::Number(n), FieldType::Number(range)) => Ok(FieldValue::Number(range.check(*n)?)),
        (AnswerValue::Number(n), FieldType::RateLimit) => {
            Ok(FieldValue::RateLimit(crate::model::RateLimit::PerSecond(Range::Positive.check(*n)?)))
        }
        (AnswerValue::YesNo(b), FieldType::Flag) => Ok(FieldValue::Flag(*b)),
        (AnswerValue::Choices(items), FieldType::List) => Ok(FieldValue::List(items.clone())),
        (a, FieldType::Text) => Ok(FieldValue::Text(a.to_string())),
        (AnswerValue::Choices(_) | AnswerValue::YesNo(_), _) => {
            Err(AnswerFieldError::WrongType { answer: answer.to_string(), expected: ty.expected() })
        }
        (a, _) => Ok(ty.parse(&a.to_string())?),
    }
}

/// Plans and applies, on `work`, the effects of `question` answered with
/// `answer`. The bound target (if any) receives the answer first unless an
/// effect sets it explicitly.
pub fn plan(
    question: &Question,
    answer: &AnswerValue,
    answers: &Answers,
    work: &mut Design,
    patterns: PatternFn,
) -> Result<Planned, String> {
    let mut planned = Planned::default();
    if let Some(bind) = &question.bind {
        let explicit = question.effects.iter().any(|e| matches!(&e.op, EffectOp::Set { target, .. } if target == bind));
        if !explicit {
            let value = answer_to_field(answer, bind.field_type())?;
            set(bind, value, work, &mut planned)?;
        }
    }
    for (i, effect) in question.effects.iter().enumerate() {
        if let Some(c) = &effect.when
            && !c.eval(answers, Some(answer), work)
        {
            continue;
        }
        planned.fired.push(i);
        let fill = |text: &str| text.replace("{answer}", &answer.to_string());
        match &effect.op {
            EffectOp::Set { target, value } => {
                let v = match value {
                    None => answer_to_field(answer, target.field_type())?,
                    Some(text) => target.field_type().parse(&fill(text)).map_err(|e| format!("{target}: {e}"))?,
                };
                set(target, v, work, &mut planned)?;
            }
            EffectOp::Raise { target, to } => raise(target, *to, work, &mut planned)?,
            EffectOp::Add { id, kind, fields } => {
                if work.contains(id.as_str()) {
                    planned.notes.push(format!("kept the existing {id}"));
                    continue;
                }
                let mut component = Component::new(id.clone(), *kind);
                for (field, text) in fields {
                    let value =
                        field.field_type().parse(&fill(text)).map_err(|e| format!("{id}.{}: {e}", field.as_str()))?;
                    component.set(*field, Some(value))?;
                }
                apply(work, Edit::AddComponent { component, index: None }, &mut planned)?;
            }
            EffectOp::Link { from, to, fields } => {
                let (froms, tos) = (from.resolve(work), to.resolve(work));
                if froms.is_empty() || tos.is_empty() {
                    let missing = if froms.is_empty() { from } else { to };
                    planned.notes.push(format!("no link added: nothing matches {missing}"));
                    continue;
                }
                for f in &froms {
                    for t in tos.iter().filter(|t| *t != f) {
                        let mut link = Link::new(f.clone(), t.clone());
                        for (field, text) in fields {
                            let value = field
                                .field_type()
                                .parse(&fill(text))
                                .map_err(|e| format!("link {}: {e}", field.as_str()))?;
                            link.set(*field, Some(value))?;
                        }
                        if work.link(&link.key()).is_some() {
                            continue;
                        }
                        apply(work, Edit::Connect { link, index: None }, &mut planned)?;
                    }
                }
            }
            EffectOp::Pattern { id } => match patterns(work, id) {
                Ok(Some(edit)) => apply(work, edit, &mut planned)?,
                Ok(None) => planned.notes.push(format!("pattern {id}: nothing in the design calls for it")),
                Err(e) => planned.notes.push(format!("pattern {id} not applied: {e}")),
            },
            EffectOp::Flow(op) => {
                let (edits, notes) = super::flows::plan(op, answer, work)?;
                planned.notes.extend(notes);
                for edit in edits {
                    apply(work, edit, &mut planned)?;
                }
            }
        }
    }
    Ok(planned)
}

fn apply(work: &mut Design, edit: Edit, planned: &mut Planned) -> Result<(), String> {
    let inverse = work.apply(edit.clone()).map_err(|e| e.to_string())?;
    planned.edits.push(edit);
    planned.inverses.push(inverse);
    Ok(())
}

fn set(target: &Target, value: FieldValue, work: &mut Design, planned: &mut Planned) -> Result<(), String> {
    let value = target.field_type().normalise(value);
    match target {
        Target::Name => match value {
            FieldValue::Text(name) if work.name() != name => apply(work, Edit::SetName { name }, planned),
            _ => Ok(()),
        },
        Target::Description => match value {
            FieldValue::Text(d) if work.description() != Some(d.as_str()) => {
                apply(work, Edit::SetDescription { description: Some(d) }, planned)
            }
            _ => Ok(()),
        },
        Target::Requirement(field) => {
            if work.requirements().get(*field).as_ref() == Some(&value) {
                planned.notes.push(format!("requirements.{} is already {value}: no change", field.as_str()));
                return Ok(());
            }
            apply(work, Edit::SetRequirement { field: *field, value: Some(value) }, planned)
        }
        Target::Component(selector, field) => {
            let ids = selector.resolve(work);
            if ids.is_empty() {
                planned.notes.push(format!("{target} not set: nothing matches {selector}"));
            }
            let (mut changed, mut already) = (0, Vec::new());
            for id in ids {
                if work.component(id.as_str()).and_then(|c| c.get(*field)).as_ref() == Some(&value) {
                    already.push(id);
                } else {
                    apply(work, Edit::SetComponent { id, field: *field, value: Some(value.clone()) }, planned)?;
                    changed += 1;
                }
            }
            // An answer that matches what the design holds changes nothing:
            // say so, or the person wonders whether it was heard.
            if changed == 0 && !already.is_empty() {
                let ids: Vec<&str> = already.iter().map(|id| id.as_str()).collect();
                planned.notes.push(format!("{} already {} = {value}: no change", some(&ids), field.as_str()));
            }
            Ok(())
        }
        Target::Links(field) => {
            let keys: Vec<_> =
                work.links().filter(|l| l.get(*field).as_ref() != Some(&value)).map(|l| l.key()).collect();
            if work.link_count() == 0 {
                planned.notes.push(format!("{target} not set: the design has no links yet"));
            } else if keys.is_empty() {
                planned.notes.push(format!("every link already has {} = {value}: no change", field.as_str()));
            }
            for key in keys {
                apply(work, Edit::SetLink { key, field: *field, value: Some(value.clone()) }, planned)?;
            }
            Ok(())
        }
    }
}

/// Up to three ids, then how many more: "a, b, c and 4 more".
fn some(ids: &[&str]) -> String {
    match ids.len() {
        0..=3 => ids.join(", "),
        n => format!("{} and {} more", ids[..3].join(", "), n - 3),
    }
}

fn raise(target: &Target, to: f64, work: &mut Design, planned: &mut Planned) -> Result<(), String> {
    let below = |v: Option<FieldValue>| match v {
        Some(FieldValue::Number(n)) => n < to,
        Some(FieldValue::Count(n)) => f64::from(n) < to,
        _ => true,
    };
    let value = answer_to_field(&AnswerValue::Number(to), target.field_type())?;
    match target {
        Target::Requirement(field) => {
            if below(work.requirements().get(*field)) {
                apply(work, Edit::SetRequirement { field: *field, value: Some(value) }, planned)?;
            } else {
                planned.notes.push(format!("requirements.{} is already {value} or more: no change", field.as_str()));
            }
        }
        Target::Component(selector, field) => {
            let ids = selector.resolve(work);
            if ids.is_empty() {
                planned.notes.push(format!("{target} not raised: nothing matches {selector}"));
            }
            let (mut raised, mut already) = (0, Vec::new());
            for id in ids {
                if below(work.component(id.as_str()).and_then(|c| c.get(*field))) {
                    apply(work, Edit::SetComponent { id, field: *field, value: Some(value.clone()) }, planned)?;
                    raised += 1;
                } else {
                    already.push(id);
                }
            }
            if raised == 0 && !already.is_empty() {
                let ids: Vec<&str> = already.iter().map(|id| id.as_str()).collect();
                planned.notes.push(format!("{} already {} >= {value}: no change", some(&ids), field.as_str()));
            }
        }
        Target::Links(field) => {
            let keys: Vec<_> = work.links().filter(|l| below(l.get(*field))).map(|l| l.key()).collect();
            for key in keys {
                apply(work, Edit::SetLink { key, field: *field, value: Some(value.clone()) }, planned)?;
            }
        }
        Target::Name | Target::Description => return Err(format!("{target} is not a number")),
    }
    Ok(())
}
