//! `when:` conditions: tests on earlier answers (`{answer: data, includes:
//! pii}`), on requirements (`{requirement: peak_rps, above: 1000}`) and on
//! what the design contains (`{lacks: monitoring}`), combined with `all`,
//! `any` and `not`. Parsing from YAML and evaluation; no edits.

use std::collections::HashMap;

use super::answer::{AnswerValue, QuestionType};
use super::target::Group;
use crate::file::yaml::Value;
use crate::model::{Design, FieldValue, RequirementField, format_number};

#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// `question: None` means the question whose effect this is.
    Answer {
        question: Option<String>,
        test: Test,
    },
    Requirement {
        field: RequirementField,
        test: Test,
    },
    Has {
        group: Group,
        at_least: usize,
    },
    Lacks(Group),
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    Is(String),
    In(Vec<String>),
    Includes(String),
    Above(f64),
    Below(f64),
    AtLeast(f64),
    AtMost(f64),
    /// `answered: true|false` / `set: true|false`
    Present(bool),
}

const SUBJECTS: &[&str] = &["answer", "requirement", "has", "lacks", "all", "any", "not"];
const TESTS: &[&str] = &["is", "in", "includes", "above", "below", "at_least", "at_most", "answered", "set"];

/// Answers so far: absent = not asked; `None` = skipped.
pub type Answers = HashMap<String, Option<AnswerValue>>;

/// A YAML scalar as the text a person would write (`true` reads as yes).
pub(super) fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(if *b { "yes" } else { "no" }.to_string()),
        Value::Number(n) => n.as_f64().map(format_number),
        _ => None,
    }
}

fn number(v: &Value, key: &str) -> Result<f64, String> {
    match v {
        Value::Number(n) => n.as_f64().filter(|x| x.is_finite()).ok_or_else(|| format!("`{key}` needs a number")),
        _ => Err(format!("`{key}` needs a number")),
    }
}

impl Condition {
    /// Parses one condition; `local` allows a test without a subject (an
    /// effect's condition on its own question's answer).
    pub(crate) fn parse(v: &Value, local: bool) -> Result<Condition, String> {
        let Value::Mapping(map) = v else {
            return Err("a condition is a mapping, e.g. {answer: async_work, is: yes} or {lacks: cache}".into());
        };
        let mut subject: Option<(&str, &Value)> = None;
        let mut test: Option<Test> = None;
        let mut at_least_value: Option<&Value> = None;
        for (k, val) in map {
            let Some(key) = k.as_str() else { return Err("condition keys are words".into()) };
            if SUBJECTS.contains(&key) {
                if let Some((other, _)) = subject {
                    return Err(format!("a condition has one subject, not both `{other}` and `{key}`; use all/any"));
                }
                subject = Some((key, val));
            } else if TESTS.contains(&key) {
                if test.is_some() {
                    return Err(format!("one test per condition (found a second: `{key}`); combine with all/any"));
                }
                if key == "at_least" {
                    at_least_value = Some(val);
                }
                test = Some(Test::parse(key, val)?);
            } else {
                let known: Vec<&str> = SUBJECTS.iter().chain(TESTS).copied().collect();
                return Err(
                    crate::model::unknown_field(key, &known).replace("; your own fields must start with `x-`", "")
                );
            }
        }
        let needs_test = |t: Option<Test>, what: &str| {
            t.ok_or_else(|| {
                format!("`{what}` needs a test: is, in, includes, above, below, at_least, at_most or answered")
            })
        };
        match subject {
            Some(("answer", q)) => {
                let q = scalar_text(q).ok_or("`answer` names a question id")?;
                Ok(Condition::Answer { question: Some(q), test: needs_test(test, "answer")? })
            }
            Some(("requirement", r)) => {
                let name = scalar_text(r).ok_or("`requirement` names a requirement")?;
                let field = RequirementField::parse(&name)?;
                Ok(Condition::Requirement { field, test: needs_test(test, "requirement")? })
            }
            Some(("has", g)) => {
                let group = Group::parse(&scalar_text(g).ok_or("`has` names a kind or group")?)?;
                let at_least = match (test, at_least_value) {
                    (None, _) => 1,
                    (Some(Test::AtLeast(_)), Some(v)) => {
                        let n = number(v, "at_least")?;
                        if n < 1.0 || n.fract() != 0.0 {
                            return Err("`at_least` with `has` is a whole number of 1 or more".into());
                        }
                        n as usize
                    }
                    (Some(_), _) => return Err("`has` takes only `at_least: N`".into()),
                };
                Ok(Condition::Has { group, at_least })
            }
            Some(("lacks", g)) => {
                if test.is_some() {
                    return Err("`lacks` takes no test".into());
                }
                Ok(Condition::Lacks(Group::parse(&scalar_text(g).ok_or("`lacks` names a kind or group")?)?))
            }
            Some((combinator @ ("all" | "any"), list)) => {
                if test.is_some() {
                    return Err(format!("`{combinator}` takes a list of conditions and no test"));
                }
                let Value::Sequence(items) = list else {
                    return Err(format!("`{combinator}` takes a list of conditions"));
                };
                let parsed = items.iter().map(|c| Condition::parse(c, local)).collect::<Result<Vec<_>, _>>()?;
                Ok(if combinator == "all" { Condition::All(parsed) } else { Condition::Any(parsed) })
            }
            Some(("not", inner)) => {
                if test.is_some() {
                    return Err("`not` takes one condition and no test".into());
                }
                Ok(Condition::Not(Box::new(Condition::parse(inner, local)?)))
            }
            Some((other, _)) => Err(format!("unknown condition `{other}`")),
            None if local => Ok(Condition::Answer { question: None, test: needs_test(test, "answer")? }),
            None => {
                Err("a question's condition needs a subject: answer, requirement, has, lacks, all, any or not".into())
            }
        }
    }

    pub fn eval(&self, answers: &Answers, current: Option<&AnswerValue>, design: &Design) -> bool {
        match self {
            Condition::Answer { question: None, test } => test.on_answer(Some(current)),
            Condition::Answer { question: Some(q), test } => test.on_answer(answers.get(q).map(Option::as_ref)),
            Condition::Requirement { field, test } => test.on_value(design.requirements().get(*field).as_ref()),
            Condition::Has { group, at_least } => group.members(design).len() >= *at_least,
            Condition::Lacks(group) => group.members(design).is_empty(),
            Condition::All(cs) => cs.iter().all(|c| c.eval(answers, current, design)),
            Condition::Any(cs) => cs.iter().any(|c| c.eval(answers, current, design)),
            Condition::Not(c) => !c.eval(answers, current, design),
        }
    }

    /// Every answer test in this condition, with the question it names.
    pub fn answer_tests(&self) -> Vec<(Option<&str>, &Test)> {
        match self {
            Condition::Answer { question, test } => vec![(question.as_deref(), test)],
            Condition::All(cs) | Condition::Any(cs) => cs.iter().flat_map(Condition::answer_tests).collect(),
            Condition::Not(c) => c.answer_tests(),
            _ => Vec::new(),
        }
    }
}

/// A condition written back the way a script writes it
/// (`{answer: data, includes: pii}`, `{lacks: cache}`, `{all: [...]}`), to
/// tell a person why a question was passed over.
impl std::fmt::Display for Condition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let list = |f: &mut std::fmt::Formatter<'_>, word: &str, cs: &[Condition]| {
            write!(f, "{{{word}: [")?;
            for (i, c) in cs.iter().enumerate() {
                write!(f, "{}{c}", if i > 0 { ", " } else { "" })?;
            }
            f.write_str("]}")
        };
        match self {
            Condition::Answer { question: Some(q), test } => write!(f, "{{answer: {q}, {test}}}"),
            Condition::Answer { question: None, test } => write!(f, "{{{test}}}"),
            Condition::Requirement { field, test } => write!(f, "{{requirement: {}, {test}}}", field.as_str()),
            Condition::Has { group, at_least: 1 } => write!(f, "{{has: {group}}}"),
            Condition::Has { group, at_least } => write!(f, "{{has: {group}, at_least: {at_least}}}"),
            Condition::Lacks(group) => write!(f, "{{lacks: {group}}}"),
            Condition::All(cs) => list(f, "all", cs),
            Condition::Any(cs) => list(f, "any", cs),
            Condition::Not(c) => write!(f, "{{not: {c}}}"),
        }
    }
}

impl std::fmt::Display for Test {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = |x: &f64| format_number(*x);
        match self {
            Test::Is(v) => write!(f, "is: {v}"),
            Test::In(vs) => write!(f, "in: [{}]", vs.join(", ")),
            Test::Includes(v) => write!(f, "includes: {v}"),
            Test::Above(x) => write!(f, "above: {}", n(x)),
            Test::Below(x) => write!(f, "below: {}", n(x)),
            Test::AtLeast(x) => write!(f, "at_least: {}", n(x)),
            Test::AtMost(x) => write!(f, "at_most: {}", n(x)),
            Test::Present(b) => write!(f, "answered: {b}"),
        }
    }
}

impl Test {
    fn parse(key: &str, v: &Value) -> Result<Test, String> {
        let text = |v: &Value| scalar_text(v).ok_or_else(|| format!("`{key}` needs a word or number"));
        Ok(match key {
            "is" => Test::Is(text(v)?),
            "includes" => Test::Includes(text(v)?),
            "in" => match v {
                Value::Sequence(items) => Test::In(items.iter().map(text).collect::<Result<_, _>>()?),
                _ => return Err("`in` takes a list, e.g. in: [strong, eventual]".into()),
            },
            "above" => Test::Above(number(v, key)?),
            "below" => Test::Below(number(v, key)?),
            "at_least" => Test::AtLeast(number(v, key)?),
            "at_most" => Test::AtMost(number(v, key)?),
            _ => match v {
                Value::Bool(b) => Test::Present(*b),
                _ => return Err(format!("`{key}` is true or false")),
            },
        })
    }

    /// `None` = the question was not asked; `Some(None)` = it was skipped.
    fn on_answer(&self, answer: Option<Option<&AnswerValue>>) -> bool {
        let given = answer.flatten();
        if let Test::Present(want) = self {
            return given.is_some() == *want;
        }
        let Some(a) = given else { return false };
        match (self, a) {
            (Test::Is(w), AnswerValue::YesNo(b)) => (w == "yes") == *b,
            (Test::Is(w), AnswerValue::Number(n)) => w.parse::<f64>().is_ok_and(|x| x == *n),
            (Test::Is(w), AnswerValue::Text(s) | AnswerValue::Choice(s)) => s.eq_ignore_ascii_case(w),
            (Test::In(ws), _) => ws.iter().any(|w| Test::Is(w.clone()).on_answer(Some(Some(a)))),
            (Test::Includes(w), AnswerValue::Choices(items)) => items.iter().any(|i| i.eq_ignore_ascii_case(w)),
            (Test::Includes(w), AnswerValue::Text(s)) => s.to_lowercase().contains(&w.to_lowercase()),
            (t, AnswerValue::Number(n)) => t.on_number(*n),
            _ => false,
        }
    }

    fn on_value(&self, value: Option<&FieldValue>) -> bool {
        if let Test::Present(want) = self {
            return value.is_some() == *want;
        }
        match (self, value) {
            (Test::Is(w), Some(v)) => v.to_string().eq_ignore_ascii_case(w),
            (Test::In(ws), Some(v)) => ws.iter().any(|w| v.to_string().eq_ignore_ascii_case(w)),
            (Test::Includes(w), Some(FieldValue::List(items))) => items.iter().any(|i| i.eq_ignore_ascii_case(w)),
            (t, Some(FieldValue::Number(n))) => t.on_number(*n),
            _ => false,
        }
    }

    fn on_number(&self, n: f64) -> bool {
        match self {
            Test::Above(x) => n > *x,
            Test::Below(x) => n < *x,
            Test::AtLeast(x) => n >= *x,
            Test::AtMost(x) => n <= *x,
            _ => false,
        }
    }

    /// Whether this test can ever hold for answers of `ty`; the error says
    /// how to fix the script.
    pub(crate) fn check_against(&self, ty: &QuestionType) -> Result<(), String> {
        let words = |ws: &[String]| -> Result<(), String> {
            match ty {
                QuestionType::Choice(choices) | QuestionType::MultiChoice(choices) => {
                    match ws.iter().find(|w| !choices.iter().any(|c| c.eq_ignore_ascii_case(w))) {
                        Some(w) => Err(format!("`{w}` is not one of its choices ({})", choices.join(", "))),
                        None => Ok(()),
                    }
                }
                QuestionType::YesNo => match ws.iter().find(|w| *w != "yes" && *w != "no") {
                    Some(w) => Err(format!("`{w}` is not yes or no")),
                    None => Ok(()),
                },
                QuestionType::Number { .. } => match ws.iter().find(|w| w.parse::<f64>().is_err()) {
                    Some(w) => Err(format!("`{w}` is not a number")),
                    None => Ok(()),
                },
                QuestionType::Text => Ok(()),
            }
        };
        match (self, ty) {
            (Test::Present(_), _) => Ok(()),
            (Test::Is(_) | Test::In(_), QuestionType::MultiChoice(_)) => {
                Err("a multi-choice answer is tested with `includes`, not `is`/`in`".into())
            }
            (Test::Is(w) | Test::Includes(w), _) => {
                if matches!(self, Test::Includes(_)) && !matches!(ty, QuestionType::MultiChoice(_) | QuestionType::Text)
                {
                    return Err(format!("`includes` applies to multi-choice and text answers, not {}", ty.name()));
                }
                words(std::slice::from_ref(w))
            }
            (Test::In(ws), _) => words(ws),
            (_, QuestionType::Number { .. }) => Ok(()),
            _ => Err(format!("above/below/at_least/at_most apply to number answers, not {}", ty.name())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::file::{load_str, yaml};

    fn cond(text: &str) -> Condition {
        Condition::parse(&yaml::from_str::<Value>(text).unwrap(), true).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn design() -> Design {
        load_str(
            "archcrit: 1\nname: t\nrequirements: {peak_rps: 1500, data: [pii]}\ncomponents:\n  a: {kind: service}\n  \
             b: {kind: service}\n  db: {kind: database}\n",
            "t",
        )
        .unwrap()
    }

    fn answers() -> Answers {
        let mut a = Answers::new();
        a.insert("async".into(), Some(AnswerValue::YesNo(true)));
        a.insert("data".into(), Some(AnswerValue::Choices(vec!["pii".into(), "payments".into()])));
        a.insert("peak".into(), Some(AnswerValue::Number(800.0)));
        a.insert("store".into(), Some(AnswerValue::Choice("postgresql".into())));
        a.insert("skipped".into(), None);
        a.insert("note".into(), Some(AnswerValue::Text("Sessions live in Redis".into())));
        a
    }

    /// Each subject and each test word, once holding and once failing, on
    /// answers and on requirements; a new word without a case here fails.
    #[test]
    fn every_subject_and_test_holds_in_one_case_and_fails_in_another() {
        let (d, a) = (design(), answers());
        let t = |text: &str| cond(text).eval(&a, None, &d);
        let cases = [
            ("{answer: async, is: yes}", "{answer: async, is: no}"),
            ("{answer: peak, is: 800}", "{answer: peak, is: 801}"),
            ("{answer: store, is: PostgreSQL}", "{answer: store, is: mysql}"),
            ("{answer: store, in: [mysql, postgresql]}", "{answer: store, in: [mysql, sqlite]}"),
            ("{answer: data, includes: payments}", "{answer: data, includes: health}"),
            ("{answer: note, includes: redis}", "{answer: note, includes: memcached}"),
            ("{answer: peak, above: 799}", "{answer: peak, above: 800}"),
            ("{answer: peak, below: 801}", "{answer: peak, below: 800}"),
            ("{answer: peak, at_least: 800}", "{answer: peak, at_least: 801}"),
            ("{answer: peak, at_most: 800}", "{answer: peak, at_most: 799}"),
            ("{answer: peak, answered: true}", "{answer: skipped, answered: true}"),
            ("{answer: skipped, answered: false}", "{answer: peak, answered: false}"),
            ("{requirement: peak_rps, is: 1500}", "{requirement: peak_rps, is: 1000}"),
            ("{requirement: peak_rps, in: [1000, 1500]}", "{requirement: peak_rps, in: [1000]}"),
            ("{requirement: data, includes: pii}", "{requirement: data, includes: payments}"),
            ("{requirement: peak_rps, above: 1499}", "{requirement: peak_rps, above: 1500}"),
            ("{requirement: peak_rps, below: 1501}", "{requirement: peak_rps, below: 1500}"),
            ("{requirement: peak_rps, at_least: 1500}", "{requirement: peak_rps, at_least: 1501}"),
            ("{requirement: peak_rps, at_most: 1500}", "{requirement: peak_rps, at_most: 1499}"),
            ("{requirement: peak_rps, set: true}", "{requirement: availability_slo, set: true}"),
            ("{requirement: availability_slo, set: false}", "{requirement: peak_rps, set: false}"),
            ("{has: database}", "{has: queue}"),
            ("{lacks: queue}", "{lacks: service}"),
            ("{all: [{has: service}, {lacks: queue}]}", "{all: [{has: service}, {has: queue}]}"),
            ("{any: [{has: queue}, {has: service}]}", "{any: [{has: queue}, {has: cache}]}"),
            ("{not: {has: queue}}", "{not: {has: service}}"),
        ];
        for (holds, fails) in cases {
            assert!(t(holds), "{holds} should hold");
            assert!(!t(fails), "{fails} should fail");
        }
        let written: String = cases.iter().flat_map(|(h, f)| [*h, *f]).collect();
        for word in SUBJECTS.iter().chain(TESTS) {
            assert!(written.contains(&format!("{word}:")), "no case for `{word}`");
        }
    }

    #[test]
    fn answer_tests() {
        let (d, a) = (design(), answers());
        let t = |text: &str| cond(text).eval(&a, None, &d);
        assert!(t("{answer: async, is: yes}"));
        assert!(!t("{answer: async, is: no}"));
        assert!(t("{answer: data, includes: pii}"));
        assert!(!t("{answer: data, includes: health}"));
        assert!(t("{answer: peak, above: 500}"));
        assert!(!t("{answer: peak, at_least: 801}"));
        assert!(t("{answer: peak, below: 801}"));
        assert!(t("{answer: store, in: [mysql, PostgreSQL]}"));
        assert!(t("{answer: skipped, answered: false}"));
        assert!(!t("{answer: skipped, is: yes}"));
        assert!(!t("{answer: never-asked, answered: true}"));
    }

    #[test]
    fn design_and_requirement_tests() {
        let (d, a) = (design(), answers());
        let t = |text: &str| cond(text).eval(&a, None, &d);
        assert!(t("{has: service, at_least: 2}"));
        assert!(!t("{has: service, at_least: 3}"));
        assert!(t("{has: data-store}"));
        assert!(t("{lacks: cache}"));
        assert!(!t("{lacks: database}"));
        assert!(t("{requirement: peak_rps, above: 1000}"));
        assert!(t("{requirement: data, includes: pii}"));
        assert!(t("{requirement: availability_slo, set: false}"));
        assert!(!t("{requirement: availability_slo, at_least: 0}"));
    }

    #[test]
    fn combinators_and_local_tests() {
        let (d, a) = (design(), answers());
        let t = |text: &str, current: Option<&AnswerValue>| cond(text).eval(&a, current, &d);
        assert!(t("{all: [{answer: async, is: yes}, {lacks: queue}]}", None));
        assert!(!t("{all: [{answer: async, is: yes}, {has: queue}]}", None));
        assert!(t("{any: [{has: queue}, {has: database}]}", None));
        assert!(t("{not: {has: queue}}", None));
        assert!(t("{includes: email}", Some(&AnswerValue::Choices(vec!["email".into()]))));
        assert!(!t("{is: yes}", Some(&AnswerValue::YesNo(false))));
    }

    #[test]
    fn bad_conditions_say_what_is_wrong() {
        let bad =
            |text: &str, local: bool| Condition::parse(&yaml::from_str::<Value>(text).unwrap(), local).expect_err(text);
        assert!(bad("{answr: x, is: yes}", true).contains("answr: did you mean answer?"));
        assert!(bad("{is: yes}", false).contains("needs a subject"));
        assert!(bad("{answer: x}", false).contains("needs a test"));
        assert!(bad("{answer: x, is: yes, above: 3}", false).contains("one test"));
        assert!(bad("{has: databse}", false).contains("did you mean `database`"));
        assert!(bad("{requirement: peak, above: 3}", false).contains("peak_rps"));
        assert!(bad("{answer: x, above: lots}", false).contains("needs a number"));
        assert!(bad("[a]", false).contains("mapping"));
    }

    #[test]
    fn tests_are_checked_against_question_types() {
        let choice = QuestionType::Choice(vec!["strong".into(), "eventual".into()]);
        assert!(Test::Is("strong".into()).check_against(&choice).is_ok());
        assert!(Test::Is("weak".into()).check_against(&choice).unwrap_err().contains("not one of"));
        assert!(Test::Is("maybe".into()).check_against(&QuestionType::YesNo).is_err());
        assert!(Test::Above(3.0).check_against(&QuestionType::YesNo).is_err());
        let multi = QuestionType::MultiChoice(vec!["pii".into()]);
        assert!(Test::Is("pii".into()).check_against(&multi).unwrap_err().contains("includes"));
        assert!(Test::Includes("pii".into()).check_against(&multi).is_ok());
        assert!(Test::Includes("x".into()).check_against(&QuestionType::YesNo).is_err());
    }
}
