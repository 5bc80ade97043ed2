//! Each kind of effect, through the session: set (from the answer, from a
//! literal with `{answer}`), raise, add, link and pattern, and answers the
//! design cannot take.

use std::sync::Arc;

use archcrit_core::file::load_str;
use archcrit_core::interview::{AnswerError, AnswerOutcome, Session, load_script};
use archcrit_core::model::{Auth, Design, Edit, Kind, Zone};

const DESIGN: &str = "archcrit: 1\nname: d\ncomponents:\n  web: {kind: client}\n  gw: {kind: gateway}\n  \
    a: {kind: service, replicas: 4}\n  b: {kind: service}\n  db: {kind: database}\nlinks:\n  - {from: web, to: gw, protocol: https}\n  \
    - {from: gw, to: a, protocol: grpc}\n  - {from: a, to: db, protocol: sql}\n";

/// Runs a one-question script with `effects` against the design.
fn one(ty: &str, effects: &str, answer: &str) -> (Design, Result<AnswerOutcome, AnswerError>) {
    one_with(ty, effects, answer, |s| s)
}

fn one_with(
    ty: &str,
    effects: &str,
    answer: &str,
    setup: impl FnOnce(Session) -> Session,
) -> (Design, Result<AnswerOutcome, AnswerError>) {
    let text = format!("id: t\ntitle: T\nquestions:\n  - id: q\n    ask: Q?\n    {ty}\n    effects:\n{effects}");
    let script = Arc::new(load_script(&text, "t.yaml").unwrap_or_else(|e| panic!("{e}\n{text}")));
    let mut design = load_str(DESIGN, "d").unwrap();
    let mut session = setup(Session::start(script));
    let outcome = session.answer(&design, answer);
    if let Ok(o) = &outcome {
        design.apply(o.edit.clone()).unwrap();
    }
    (design, outcome)
}

#[test]
fn set_from_the_answer() {
    let (d, o) = one("type: number", "      - set: requirements.latency_budget_ms\n", "250");
    assert_eq!(d.requirements().latency_budget_ms, Some(250.0));
    assert_eq!(o.unwrap().entry.effects, ["set requirements.latency_budget_ms = 250"]);
    let (d, _) = one("type: text", "      - set: name\n", "Checkout");
    assert_eq!(d.name(), "Checkout");
    let (d, _) = one("type: choice\n    choices: [oauth2, jwt]", "      - set: every:entry.auth\n", "jwt");
    assert_eq!(d.component("gw").unwrap().auth, Some(Auth::Jwt));
    assert_eq!(d.component("a").unwrap().auth, None, "a is not an entry");
}

#[test]
fn set_a_literal_with_the_answer_in_it() {
    let (d, _) =
        one("type: text", "      - set: every:service.notes\n        value: \"Owner: {answer}\"\n", "team payments");
    assert_eq!(d.component("a").unwrap().notes.as_deref(), Some("Owner: team payments"));
    assert_eq!(d.component("b").unwrap().notes.as_deref(), Some("Owner: team payments"));
}

#[test]
fn raise_never_lowers() {
    let (d, o) = one("type: yes-no", "      - raise: every:service.replicas\n        to: 2\n", "yes");
    assert_eq!(d.component("a").unwrap().replicas, Some(4));
    assert_eq!(d.component("b").unwrap().replicas, Some(2));
    assert_eq!(o.unwrap().entry.effects, ["set b.replicas = 2"]);
}

#[test]
fn add_keeps_an_existing_component() {
    let (d, o) = one(
        "type: yes-no",
        "      - add: {id: jobs, kind: queue, dlq: true, label: \"Jobs: {answer}\"}\n      - add: {id: db, kind: cache}\n",
        "yes",
    );
    let jobs = d.component("jobs").unwrap();
    assert_eq!((jobs.kind, jobs.dlq, jobs.label.as_deref()), (Kind::Queue, Some(true), Some("Jobs: yes")));
    assert_eq!(d.component("db").unwrap().kind, Kind::Database);
    assert_eq!(o.unwrap().notes, ["kept the existing db"]);
}

#[test]
fn link_joins_every_match_and_skips_what_exists() {
    let (d, o) = one(
        "type: yes-no",
        "      - add: {id: q, kind: queue}\n      - link: {from: every:service, to: q, protocol: amqp}\n      \
         - link: {from: a, to: db, protocol: sql}\n      - link: {from: every:service, to: first:service}\n      \
         - link: {from: every:cache, to: db}\n",
        "yes",
    );
    assert_eq!(d.incoming("q").len(), 2);
    assert!(!d.outgoing("a").iter().any(|l| l.to.as_str() == "a"), "no self-links");
    assert_eq!(d.outgoing("b").iter().filter(|l| l.to.as_str() == "a").count(), 1);
    let o = o.unwrap();
    assert_eq!(o.entry.effects.iter().filter(|e| e.starts_with("link")).count(), 3);
    assert_eq!(o.notes, ["no link added: nothing matches every:cache"]);
}

fn marker(design: &Design, id: &str) -> Result<Option<Edit>, String> {
    if id == "observability" {
        return Ok(None);
    }
    let _ = design;
    Ok(Some(Edit::SetZone { name: format!("applied-{id}"), zone: Some(Zone::default()) }))
}

#[test]
fn patterns_go_through_the_pattern_hook() {
    let (d, o) =
        one_with("type: yes-no", "      - pattern: redundancy\n      - pattern: observability\n", "yes", |s| {
            s.with_patterns(marker)
        });
    assert!(d.zones().contains_key("applied-redundancy"));
    assert_eq!(o.unwrap().notes, ["pattern observability: nothing in the design calls for it"]);
    // By default the critic finds where the pattern is called for and its
    // transformation does the work: the single database gets a replica.
    let (d, o) = one("type: yes-no", "      - pattern: redundancy\n", "yes");
    assert_eq!(d.component("db").unwrap().replicas, Some(2));
    let o = o.unwrap();
    assert!(o.notes.is_empty(), "{:?}", o.notes);
    assert!(!o.entry.effects.is_empty());
    // Only patterns with a transformation may be named.
    let text =
        "id: t\ntitle: T\nquestions:\n  - id: q\n    ask: Q?\n    type: yes-no\n    effects:\n      - pattern: saga\n";
    let e = load_script(text, "t.yaml").unwrap_err().to_string();
    assert!(e.starts_with("t.yaml:8:") && e.contains("`saga` has no transformation"), "{e}");
}

#[test]
fn effect_conditions_see_earlier_effects_of_the_same_answer() {
    let (d, o) = one(
        "type: yes-no",
        "      - add: {id: c, kind: cache}\n      - when: {has: cache}\n        link: {from: a, to: c, protocol: redis}\n      \
         - when: {is: no}\n        add: {id: never, kind: worker}\n",
        "yes",
    );
    assert_eq!(d.outgoing("a").len(), 2);
    assert!(d.component("never").is_none());
    assert_eq!(o.unwrap().fired, [0, 1]);
}

#[test]
fn answers_the_design_cannot_take_are_rejected_whole() {
    let (d, o) = one("type: text", "      - add: {id: x, kind: worker}\n      - set: requirements.peak_rps\n", "lots");
    match o {
        Err(AnswerError::Rejected { question, message }) => {
            assert_eq!(question, "q");
            assert!(message.contains("`lots` is not valid"), "{message}");
        }
        other => panic!("expected a rejection, got {other:?}"),
    }
    assert!(d.component("x").is_none(), "nothing of a rejected answer is applied");
    let (_, o) = one("type: number", "      - set: every:service.replicas\n", "2.5");
    assert!(matches!(o, Err(AnswerError::Rejected { .. })), "{o:?}");
}

#[test]
fn set_a_field_of_every_link() {
    let (d, o) =
        one("type: yes-no", "      - when: {is: yes}\n        set: every:link.tls\n        value: true\n", "yes");
    assert!(d.links().all(|l| l.tls == Some(true)), "{:?}", d.links().collect::<Vec<_>>());
    assert_eq!(o.unwrap().entry.effects.len(), 3, "one edit per link");
    let (d, _) =
        one("type: yes-no", "      - when: {is: yes}\n        set: every:link.tls\n        value: true\n", "no");
    assert!(d.links().all(|l| l.tls.is_none()));
}
