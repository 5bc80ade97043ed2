//! Reading interview scripts: YAML in, a checked `Script` out, or a
//! `LoadError` with the file, the line and what to change. Node-level
//! problems (a bad condition, target or effect) are raised while the YAML
//! parser stands on that node, so they carry its line; cross-references
//! (a condition naming a later question) are placed by the YAML module's
//! one-pass position index (`yaml::Positions`), from the question's path.

use std::collections::HashSet;
use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

use super::answer::{AnswerValue, QuestionType};
use super::condition::{Condition, scalar_text};
use super::effects::answer_to_field;
use super::script::{Effect, EffectOp, Question, Script};
use super::target::{Selector, Target};
use crate::file::LoadError;
use crate::file::yaml::{self, Value};
use crate::model::{ComponentField, ComponentId, FieldType, Kind, LinkField, check_id, format_number};

/// Something built from one YAML node, with errors raised at that node.
pub(super) trait FromNode: Sized {
    fn from_node(v: Value) -> Result<Self, String>;
}

/// Deserializes a node into a `Value` and converts it inside the visitor,
/// so the parser attaches the node's position to any error.
pub(super) struct Node<T>(pub T);

impl<'de, T: FromNode> Deserialize<'de> for Node<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NodeVisitor(PhantomData))
    }
}

struct NodeVisitor<T>(PhantomData<T>);

impl<T: FromNode> NodeVisitor<T> {
    fn finish<E: de::Error>(v: Value) -> Result<Node<T>, E> {
        T::from_node(v).map(Node).map_err(E::custom)
    }
}

impl<'de, T: FromNode> Visitor<'de> for NodeVisitor<T> {
    type Value = Node<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node<T>, E> {
        Self::finish(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node<T>, E> {
        Self::finish(Value::Number(v.into()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node<T>, E> {
        Self::finish(Value::Number(v.into()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node<T>, E> {
        Self::finish(Value::Number(v.into()))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node<T>, E> {
        Self::finish(Value::String(v.to_string()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Node<T>, E> {
        Self::finish(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Node<T>, E> {
        Self::finish(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node<T>, A::Error> {
        let mut items = Vec::new();
        while let Some(v) = seq.next_element::<Value>()? {
            items.push(v);
        }
        Self::finish(Value::Sequence(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node<T>, A::Error> {
        let mut out = Value::Mapping(Default::default());
        while let Some((k, v)) = map.next_entry::<Value, Value>()? {
            if let Value::Mapping(m) = &mut out {
                m.insert(k, v);
            }
        }
        Self::finish(out)
    }
}

impl FromNode for Target {
    fn from_node(v: Value) -> Result<Self, String> {
        match v {
            Value::String(s) => Target::parse(&s).map_err(String::from),
            _ => Err("a target is text like requirements.peak_rps or every:service.replicas".into()),
        }
    }
}

/// A question's own `when:` (a subject is required).
struct QuestionCondition(Condition);

impl FromNode for QuestionCondition {
    fn from_node(v: Value) -> Result<Self, String> {
        Condition::parse(&v, false).map(QuestionCondition)
    }
}

impl FromNode for QuestionType {
    fn from_node(v: Value) -> Result<Self, String> {
        let word = v.as_str().unwrap_or_default();
        match word {
            "text" => Ok(QuestionType::Text),
            "number" => Ok(QuestionType::Number { unit: None, min: None, max: None, whole: false }),
            "choice" => Ok(QuestionType::Choice(Vec::new())),
            "multi-choice" => Ok(QuestionType::MultiChoice(Vec::new())),
            "yes-no" => Ok(QuestionType::YesNo),
            _ => {
                let mut msg = format!("unknown question type `{word}`");
                if let Some(s) = crate::model::closest(word, QuestionType::NAMES) {
                    msg.push_str(&format!(" (did you mean `{s}`?)"));
                }
                msg.push_str(&format!("; types: {}", QuestionType::NAMES.join(", ")));
                Err(msg)
            }
        }
    }
}

/// A literal field value as the text `FieldType::parse` reads.
fn field_text(v: &Value) -> Option<String> {
    match v {
        Value::Bool(b) => Some(b.to_string()),
        Value::Sequence(items) => {
            Some(format!("[{}]", items.iter().filter_map(field_text).collect::<Vec<_>>().join(", ")))
        }
        other => scalar_text(other),
    }
}

/// Checks a literal now unless it waits for `{answer}`.
fn check_literal(ty: FieldType, text: &str, what: &str) -> Result<(), String> {
    if text.contains("{answer}") {
        return Ok(());
    }
    ty.parse(text).map(|_| ()).map_err(|e| format!("{what}: {e}"))
}

const EFFECT_OPS: &[&str] = &["set", "raise", "add", "link", "pattern", "flow"];
const EFFECT_KEYS: &[&str] = &["when", "set", "value", "raise", "to", "add", "link", "pattern", "flow"];

impl FromNode for Effect {
    fn from_node(v: Value) -> Result<Self, String> {
        let Value::Mapping(map) = &v else {
            return Err("an effect is a mapping, e.g. {set: requirements.peak_rps}".into());
        };
        let get = |k: &str| map.get(Value::String(k.to_string()));
        for key in map.keys() {
            let k = key.as_str().unwrap_or_default();
            if !EFFECT_KEYS.contains(&k) {
                return Err(
                    crate::model::unknown_field(k, EFFECT_KEYS).replace("; your own fields must start with `x-`", "")
                );
            }
        }
        let ops: Vec<&str> = EFFECT_OPS.iter().copied().filter(|k| get(k).is_some()).collect();
        let op = match ops.as_slice() {
            [one] => *one,
            [] => return Err(format!("an effect needs one of: {}", EFFECT_OPS.join(", "))),
            many => return Err(format!("one change per effect, not {}; list them separately", many.join(" and "))),
        };
        if get("value").is_some() && op != "set" {
            return Err("`value` goes with `set`".into());
        }
        if get("to").is_some() && op != "raise" {
            return Err("`to` goes with `raise`".into());
        }
        let when = get("when").map(|c| Condition::parse(c, true)).transpose()?;
        let text_of = |k: &str| get(k).and_then(field_text).ok_or_else(|| format!("`{k}` needs a value"));
        let op = match op {
            "set" => {
                let target = Target::parse(&text_of("set")?)?;
                let value =
                    get("value").map(|v| field_text(v).ok_or("`value` must be a scalar or a list")).transpose()?;
                if let Some(value) = &value {
                    check_literal(target.field_type(), value, &format!("value for {target}"))?;
                }
                EffectOp::Set { target, value }
            }
            "raise" => {
                let target = Target::parse(&text_of("raise")?)?;
                let to = get("to").and_then(Value::as_f64).ok_or("`raise` needs `to: NUMBER`")?;
                answer_to_field(&AnswerValue::Number(to), target.field_type())
                    .map_err(|e| format!("raise {target} to {}: {e}", format_number(to)))?;
                if !matches!(target.field_type(), FieldType::Number(_) | FieldType::Count(_)) {
                    return Err(format!("`raise` works on numbers; {target} is not one"));
                }
                EffectOp::Raise { target, to }
            }
            "add" => parse_add(get("add").unwrap_or(&Value::Null))?,
            "link" => parse_link(get("link").unwrap_or(&Value::Null))?,
            "flow" => EffectOp::Flow(super::flows::parse(get("flow").unwrap_or(&Value::Null), field_text)?),
            _ => {
                let id = text_of("pattern")?;
                if !super::patterns::is_transformable(&id) {
                    return Err(format!(
                        "pattern `{id}` has no transformation; these do: {}",
                        crate::critic::patterns::TRANSFORMABLE.join(", ")
                    ));
                }
                EffectOp::Pattern { id }
            }
        };
        Ok(Effect { when, op })
    }
}

fn parse_add(v: &Value) -> Result<EffectOp, String> {
    let Value::Mapping(map) = v else {
        return Err("`add` takes a component, e.g. {id: jobs, kind: queue, label: Background jobs}".into());
    };
    let (mut id, mut kind, mut fields) = (None, None, Vec::new());
    for (k, val) in map {
        let k = k.as_str().unwrap_or_default();
        let text = field_text(val).ok_or_else(|| format!("`{k}` needs a value"))?;
        match k {
            "id" => id = Some(ComponentId::new(text).map_err(|e| e.to_string())?),
            "kind" => kind = Some(text.parse::<Kind>().map_err(|e| e.to_string())?),
            _ => {
                let field = ComponentField::parse(k)?;
                fields.push((field, text));
            }
        }
    }
    let (Some(id), Some(kind)) = (id, kind) else {
        return Err("`add` needs `id` and `kind`".into());
    };
    for (field, text) in &fields {
        if !field.applies_to(kind) {
            return Err(field.not_applicable(kind));
        }
        check_literal(field.field_type(), text, &format!("{id}.{}", field.as_str()))?;
    }
    Ok(EffectOp::Add { id, kind, fields })
}

fn parse_link(v: &Value) -> Result<EffectOp, String> {
    let Value::Mapping(map) = v else {
        return Err("`link` takes {from: SELECTOR, to: SELECTOR, protocol: ...}".into());
    };
    let (mut from, mut to, mut fields) = (None, None, Vec::new());
    for (k, val) in map {
        let k = k.as_str().unwrap_or_default();
        let text = field_text(val).ok_or_else(|| format!("`{k}` needs a value"))?;
        match k {
            "from" => from = Some(Selector::parse(&text)?),
            "to" => to = Some(Selector::parse(&text)?),
            _ => {
                let field = LinkField::parse(k)?;
                check_literal(field.field_type(), &text, &format!("link {}", field.as_str()))?;
                fields.push((field, text));
            }
        }
    }
    let (Some(from), Some(to)) = (from, to) else {
        return Err("`link` needs `from` and `to`".into());
    };
    Ok(EffectOp::Link { from, to, fields })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScript {
    id: String,
    title: String,
    #[serde(default)]
    description: Option<String>,
    questions: Vec<RawQuestion>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: String,
    ask: String,
    #[serde(default)]
    why: Option<String>,
    #[serde(rename = "type")]
    ty: Node<QuestionType>,
    #[serde(default)]
    choices: Option<Vec<String>>,
    #[serde(default)]
    min: Option<f64>,
    #[serde(default)]
    max: Option<f64>,
    #[serde(default)]
    unit: Option<String>,
    #[serde(default)]
    whole: bool,
    #[serde(default)]
    when: Option<Node<QuestionCondition>>,
    #[serde(default)]
    bind: Option<Node<Target>>,
    #[serde(default)]
    effects: Vec<Node<Effect>>,
    #[serde(default = "yes")]
    follow_ups: bool,
}

fn yes() -> bool {
    true
}

/// Parses and checks a script; `origin` names the file in errors.
pub fn load_script(text: &str, origin: &str) -> Result<Script, LoadError> {
    let raw: RawScript = yaml::from_str(text).map_err(|e| {
        let mut err = LoadError::new(origin, e.message).with_hint("see docs/interviews.md for the script format");
        if let (Some(l), Some(c)) = (e.line, e.column) {
            err = err.at(l, c);
        }
        err
    })?;
    let positions = yaml::Positions::read(text);
    let at = |path: &str| positions.at(&yaml::Path::parse(path));
    let fail = |at: Option<(usize, usize)>, msg: String| {
        let err = LoadError::new(origin, msg);
        match at {
            Some((l, c)) => err.at(l, c),
            None => err,
        }
    };
    check_id(&raw.id).map_err(|e| fail(at("id"), format!("script id: {e}")))?;
    if raw.questions.is_empty() {
        return Err(fail(at("questions"), "a script needs at least one question".into()));
    }
    let mut questions: Vec<Question> = Vec::with_capacity(raw.questions.len());
    let mut seen = HashSet::new();
    for (i, rq) in raw.questions.into_iter().enumerate() {
        let item = yaml::Path::parse("questions").index(i);
        let start = positions.at(&item);
        let at_key = |key: &str| positions.at(&item.key(key)).or(start);
        let qid = rq.id.clone();
        let err = |key: &str, msg: String| fail(at_key(key), format!("question `{qid}`: {msg}"));
        check_id(&qid).map_err(|e| err("id", format!("id: {e}")))?;
        if !seen.insert(qid.clone()) {
            return Err(err("id", "this id is used by an earlier question; ids must be unique".into()));
        }
        if rq.ask.trim().is_empty() {
            return Err(err("ask", "`ask` is empty: write what the persona says".into()));
        }
        let ty = build_type(rq.ty.0.clone(), &rq).map_err(|m| err("type", m))?;
        let when = rq.when.map(|c| c.0.0);
        if let Some(c) = &when {
            check_refs(c, &questions, None).map_err(|m| err("when", m))?;
        }
        let bind = rq.bind.map(|b| b.0);
        if let Some(target) = &bind {
            check_answer_fits(&ty, target).map_err(|m| err("bind", format!("bind {target}: {m}")))?;
        }
        let effects: Vec<Effect> = rq.effects.into_iter().map(|e| e.0).collect();
        for (n, effect) in effects.iter().enumerate() {
            let here = positions.at(&item.key("effects").index(n)).or_else(|| at_key("effects"));
            let effect_err = |m: String| fail(here, format!("question `{qid}`, effect {}: {m}", n + 1));
            if let Some(c) = &effect.when {
                check_refs(c, &questions, Some((&qid, &ty))).map_err(effect_err)?;
            }
            if let EffectOp::Set { target, value: None } = &effect.op {
                check_answer_fits(&ty, target).map_err(|m| effect_err(format!("set {target}: {m}")))?;
            }
        }
        questions.push(Question {
            id: qid,
            ask: rq.ask.trim().to_string(),
            why: rq.why.map(|w| w.trim().to_string()),
            ty,
            when,
            bind,
            effects,
            follow_ups: rq.follow_ups,
            line: start.map_or(0, |(line, _)| line),
        });
    }
    Ok(Script {
        id: raw.id,
        title: raw.title.trim().to_string(),
        description: raw.description.map(|d| d.trim().to_string()),
        questions,
        origin: origin.to_string(),
    })
}

fn build_type(ty: QuestionType, rq: &RawQuestion) -> Result<QuestionType, String> {
    let numeric = rq.min.is_some() || rq.max.is_some() || rq.unit.is_some() || rq.whole;
    match ty {
        QuestionType::Number { .. } => {
            if rq.choices.is_some() {
                return Err("`choices` goes with choice and multi-choice questions".into());
            }
            if let (Some(lo), Some(hi)) = (rq.min, rq.max)
                && lo > hi
            {
                return Err(format!("min ({}) is above max ({})", format_number(lo), format_number(hi)));
            }
            Ok(QuestionType::Number { unit: rq.unit.clone(), min: rq.min, max: rq.max, whole: rq.whole })
        }
        other => {
            if numeric {
                return Err("min, max, unit and whole go with number questions".into());
            }
            match other {
                QuestionType::Choice(_) | QuestionType::MultiChoice(_) => {
                    let choices = rq.choices.clone().unwrap_or_default();
                    if choices.len() < 2 {
                        return Err(format!("a {} question needs `choices` with at least two entries", other.name()));
                    }
                    let mut seen = HashSet::new();
                    if let Some(dup) = choices.iter().find(|c| !seen.insert(c.to_ascii_lowercase())) {
                        return Err(format!("choice `{dup}` is listed twice"));
                    }
                    if let Some(bad) = choices.iter().find(|c| c.trim().is_empty() || c.contains(',')) {
                        return Err(format!("choice `{bad}` must be a non-empty word without commas"));
                    }
                    Ok(if matches!(other, QuestionType::Choice(_)) {
                        QuestionType::Choice(choices)
                    } else {
                        QuestionType::MultiChoice(choices)
                    })
                }
                _ if rq.choices.is_some() => Err("`choices` goes with choice and multi-choice questions".into()),
                _ => Ok(other),
            }
        }
    }
}

/// Conditions may name only earlier questions (or, in an effect, the
/// question itself), with tests its answers can satisfy.
fn check_refs(c: &Condition, earlier: &[Question], own: Option<(&str, &QuestionType)>) -> Result<(), String> {
    for (question, test) in c.answer_tests() {
        let ty = match question {
            None => own.map(|(_, ty)| ty).ok_or("a condition without a subject needs `answer: ID`")?,
            Some(id) if own.is_some_and(|(own_id, _)| own_id == id) => own.map(|(_, ty)| ty).ok_or("")?,
            Some(id) => match earlier.iter().find(|q| q.id == id) {
                Some(q) => &q.ty,
                None => {
                    let mut msg = format!("the condition names `{id}`, which is not an earlier question");
                    if let Some(s) = crate::model::closest(id, earlier.iter().map(|q| q.id.as_str())) {
                        msg.push_str(&format!(" (did you mean `{s}`?)"));
                    }
                    return Err(msg);
                }
            },
        };
        test.check_against(ty).map_err(|e| format!("{}: {e}", question.unwrap_or("this answer")))?;
    }
    Ok(())
}

/// Whether every possible answer of `ty` can be written to `target`.
fn check_answer_fits(ty: &QuestionType, target: &Target) -> Result<(), String> {
    let field = target.field_type();
    let samples: Vec<AnswerValue> = match ty {
        QuestionType::Text => return Ok(()),
        QuestionType::Number { .. } => {
            return match field {
                FieldType::Number(_) | FieldType::Count(_) | FieldType::RateLimit | FieldType::Text => Ok(()),
                _ => Err(format!("a number answer cannot go there (it takes {})", field.expected())),
            };
        }
        QuestionType::Choice(cs) => cs.iter().map(|c| AnswerValue::Choice(c.clone())).collect(),
        QuestionType::MultiChoice(cs) => vec![AnswerValue::Choices(cs.clone())],
        QuestionType::YesNo => vec![AnswerValue::YesNo(true), AnswerValue::YesNo(false)],
    };
    samples.iter().try_for_each(|s| answer_to_field(s, field).map(|_| ()).map_err(String::from))
}
