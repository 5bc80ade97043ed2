//! The session API as the TUI drives it: answer, see the design change,
//! get refused and ask again, skip, go back, quit and resume, progress,
//! pre-filled answers, and follow-ups offered by an LLM.

use std::sync::Arc;

use archcrit_core::file::{load_str, to_yaml};
use archcrit_core::interview::{AnswerError, FollowUpRequest, QuestionType, Script, Session, load_script};
use archcrit_core::model::{Design, Kind};

const SCRIPT: &str = "
id: demo
title: Demo interview
questions:
  - id: peak
    ask: How many requests per second at peak?
    type: number
    unit: rps
    min: 1
    max: 100000
    bind: requirements.peak_rps
  - id: queue
    ask: Is there background work?
    type: yes-no
    effects:
      - when: {is: yes}
        add: {id: jobs, kind: queue, label: Jobs}
      - when: {is: yes}
        link: {from: first:service, to: jobs, protocol: amqp}
  - id: dlq
    ask: Where do failing jobs go?
    type: choice
    choices: [dead-letter-queue, nowhere]
    when: {answer: queue, is: yes}
    effects:
      - when: {is: dead-letter-queue}
        set: jobs.dlq
        value: true
  - id: data
    ask: Which sensitive data?
    type: multi-choice
    choices: [pii, payments, none]
    bind: requirements.data
  - id: owner
    ask: Who owns it?
    type: text
";

fn script() -> Arc<Script> {
    Arc::new(load_script(SCRIPT, "demo.yaml").unwrap_or_else(|e| panic!("{e}")))
}

fn design() -> Design {
    load_str("archcrit: 1\nname: d\ncomponents:\n  api: {kind: service}\n", "d").unwrap()
}

fn clock() -> String {
    "2025-06-01T12:00:00Z".into()
}

/// Answers like the TUI does: ask the session, apply its edit to the design.
fn answer(session: &mut Session, design: &mut Design, text: &str) {
    let outcome = session.answer(design, text).unwrap_or_else(|e| panic!("{text}: {e}"));
    design.apply(outcome.edit).unwrap();
}

#[test]
fn answering_two_questions_changes_the_design() {
    let mut d = design();
    let mut s = Session::start(script()).with_clock(clock);
    let first = s.current(&d).unwrap();
    assert_eq!((first.id.as_str(), first.number, first.total), ("peak", 1, 4), "dlq is not counted until queue=yes");
    assert_eq!(first.ty.name(), "number");

    answer(&mut s, &mut d, "1200");
    assert_eq!(d.requirements().peak_rps, Some(1200.0));
    let second = s.current(&d).unwrap();
    assert_eq!((second.id.as_str(), second.number), ("queue", 2));

    answer(&mut s, &mut d, "yes");
    assert_eq!(d.component("jobs").map(|c| c.kind), Some(Kind::Queue));
    assert_eq!(d.outgoing("api").len(), 1);
    let third = s.current(&d).unwrap();
    assert_eq!((third.id.as_str(), third.number, third.total), ("dlq", 3, 5));

    assert_eq!(d.interview().len(), 2);
    let e = &d.interview()[1];
    assert_eq!((e.script.as_str(), e.question.as_str(), e.answer.as_str()), ("demo", "queue", "yes"));
    assert_eq!(e.effects, ["add queue jobs", "link api -> jobs (amqp)"]);
    assert_eq!(e.time, "2025-06-01T12:00:00Z");
}

#[test]
fn one_undo_removes_one_answer_and_its_effects() {
    let mut d = design();
    let before = d.clone();
    let mut s = Session::start(script());
    let outcome = s.answer(&d, "yes").map(|_| ()).unwrap_err();
    assert!(matches!(outcome, AnswerError::Invalid { ref question, .. } if question == "peak"));
    answer(&mut s, &mut d, "50");
    let outcome = s.answer(&d, "y").unwrap();
    let inverse = d.apply(outcome.edit).unwrap();
    d.apply(inverse).unwrap();
    let mut expected = before.clone();
    answer(&mut Session::start(script()), &mut expected, "50");
    assert_eq!(d.requirements(), expected.requirements());
    assert!(d.component("jobs").is_none());
    assert_eq!(d.interview().len(), 1);
}

#[test]
fn invalid_answers_are_refused_for_every_type_and_change_nothing() {
    let mut d = design();
    let mut s = Session::start(script());
    let refuse = |s: &mut Session, d: &Design, text: &str, id: &str, words: &str| {
        let steps = s.steps();
        match s.answer(d, text) {
            Err(AnswerError::Invalid { question, message }) => {
                assert_eq!(question, id);
                assert!(message.contains(words), "{message}");
            }
            other => panic!("`{text}` for {id}: expected a refusal, got {other:?}"),
        }
        assert_eq!(s.steps(), steps);
        assert_eq!(s.current(d).unwrap().id, id, "the same question is asked again");
    };
    refuse(&mut s, &d, "lots", "peak", "not a number");
    refuse(&mut s, &d, "0", "peak", "out of range");
    refuse(&mut s, &d, "", "peak", "empty");
    answer(&mut s, &mut d, "100 rps");
    refuse(&mut s, &d, "perhaps", "queue", "yes or no");
    answer(&mut s, &mut d, "yes");
    refuse(&mut s, &d, "trash", "dlq", "not one of the choices");
    answer(&mut s, &mut d, "dead-letter-queue");
    assert_eq!(d.component("jobs").unwrap().dlq, Some(true));
    refuse(&mut s, &d, "pii, secrets", "data", "`secrets`");
    refuse(&mut s, &d, "none, pii", "data", "cannot be combined");
    answer(&mut s, &mut d, "payments, pii");
    assert_eq!(d.requirements().data, ["pii", "payments"]);
    refuse(&mut s, &d, "   ", "owner", "empty");
    answer(&mut s, &mut d, "Team Platform");
    assert!(s.current(&d).is_none());
    assert!(matches!(s.answer(&d, "x"), Err(AnswerError::Finished)));
    assert!(matches!(s.skip(&d), Err(AnswerError::Finished)));
}

#[test]
fn bound_questions_are_prefilled_and_an_empty_answer_confirms() {
    let mut d = design();
    d.apply(archcrit_core::model::Edit::SetRequirement {
        field: archcrit_core::model::RequirementField::PeakRps,
        value: Some(archcrit_core::model::FieldValue::Number(750.0)),
    })
    .unwrap();
    let mut s = Session::start(script());
    let view = s.current(&d).unwrap();
    assert_eq!(view.prefill.as_deref(), Some("750"));
    assert!(view.check("").is_ok());
    let outcome = s.answer(&d, "").unwrap();
    assert_eq!(outcome.entry.answer, "750");
    assert!(outcome.entry.effects.is_empty(), "confirming changes nothing");
    d.apply(outcome.edit).unwrap();
    assert_eq!(d.requirements().peak_rps, Some(750.0));
    // A value the question cannot take is not offered.
    answer(&mut s, &mut d, "no");
    let data = s.current(&d).unwrap();
    assert_eq!((data.id.as_str(), data.prefill.as_deref()), ("data", None));
    assert!(matches!(data.ty, QuestionType::MultiChoice(_)));
}

#[test]
fn skip_and_back() {
    let mut d = design();
    let mut s = Session::start(script());
    assert!(s.back().is_none(), "nothing to go back to");
    let skipped = s.skip(&d).unwrap();
    assert_eq!(skipped.entry.answer, "");
    d.apply(skipped.edit).unwrap();
    assert_eq!(d.requirements().peak_rps, None);
    answer(&mut s, &mut d, "yes");
    assert_eq!(s.current(&d).unwrap().id, "dlq");
    let after_yes = d.clone();

    let undo = s.back().unwrap();
    d.apply(undo).unwrap();
    assert!(d.component("jobs").is_none(), "going back undoes the answer's effects");
    assert_eq!(d.interview().len(), 1);
    assert_eq!(s.current(&d).unwrap().id, "queue");
    answer(&mut s, &mut d, "no");
    assert_eq!(s.current(&d).unwrap().id, "data", "dlq is passed over after a no");
    assert_ne!(d, after_yes);
}

#[test]
fn quit_and_resume_continues_where_it_stopped() {
    let mut d = design();
    let mut s = Session::start(script());
    answer(&mut s, &mut d, "80");
    answer(&mut s, &mut d, "yes");
    drop(s);
    // The transcript travels in the file.
    let d = load_str(&to_yaml(&d), "saved.yaml").unwrap();
    let mut resumed = Session::resume_or_start(script(), &d);
    let view = resumed.current(&d).unwrap();
    assert_eq!((view.id.as_str(), view.number), ("dlq", 3), "conditions see the resumed answers");
    // Back over a resumed answer forgets its transcript entry.
    let mut d2 = d.clone();
    d2.apply(resumed.back().unwrap()).unwrap();
    assert_eq!(d2.interview().len(), 1);
    assert_eq!(resumed.current(&d2).unwrap().id, "queue");

    // A finished run is not resumed: a new one starts.
    let mut s = Session::resume(script(), &d);
    let mut d = d;
    answer(&mut s, &mut d, "nowhere");
    answer(&mut s, &mut d, "none");
    answer(&mut s, &mut d, "me");
    assert!(Session::resume(script(), &d).is_finished(&d));
    let fresh = Session::resume_or_start(script(), &d);
    assert_eq!(fresh.current(&d).unwrap().id, "peak");
    // ...and once the new run has begun, resuming picks it, not the old one.
    let mut s = fresh;
    answer(&mut s, &mut d, "90");
    let again = Session::resume_or_start(script(), &d);
    assert_eq!(again.current(&d).unwrap().id, "queue");
}

#[test]
fn conditions_on_the_design_are_read_when_the_question_comes_up() {
    let text = "id: t\ntitle: T\nquestions:\n  - id: a\n    ask: A?\n    type: text\n  - id: b\n    ask: B?\n    type: text\n    when: {has: cache}\n";
    let script = Arc::new(load_script(text, "t.yaml").unwrap());
    let mut d = design();
    let mut s = Session::start(script);
    answer(&mut s, &mut d, "x");
    assert!(s.current(&d).is_none());
    // The user draws a cache on the canvas between questions.
    let cache = archcrit_core::model::Component::new(archcrit_core::model::ComponentId::new("c").unwrap(), Kind::Cache);
    d.apply(archcrit_core::model::Edit::AddComponent { component: cache, index: None }).unwrap();
    assert_eq!(s.current(&d).unwrap().id, "b");
}

#[test]
fn follow_ups_are_asked_after_their_answer_and_only_when_offered() {
    let mut d = design();
    let mut s = Session::start(script());
    let outcome = s.answer(&d, "300").unwrap();
    let request: FollowUpRequest = outcome.follow_up.clone().unwrap();
    assert_eq!((request.question.as_str(), request.answer.as_str()), ("peak", "300"));
    d.apply(outcome.edit).unwrap();
    // Offline nothing is offered and the script goes on.
    assert_eq!(s.current(&d).unwrap().id, "queue");

    let offered = vec!["Is 300 the peak or the average?".to_string(), "Spiky?".into(), "A third one".into()];
    assert_eq!(s.offer_follow_ups(&request, offered.clone()), 2, "at most two");
    assert_eq!(s.offer_follow_ups(&request, offered), 0, "once per answer");
    let fu = s.current(&d).unwrap();
    assert!(fu.follow_up);
    assert_eq!((fu.id.as_str(), fu.ask.as_str()), ("peak.follow-up-1", "Is 300 the peak or the average?"));
    answer(&mut s, &mut d, "The peak, measured last Black Friday");
    assert_eq!(s.current(&d).unwrap().id, "peak.follow-up-2");
    // Back over a follow-up asks it again.
    d.apply(s.back().unwrap()).unwrap();
    assert_eq!(s.current(&d).unwrap().id, "peak.follow-up-1");
    answer(&mut s, &mut d, "Peak");
    let skipped = s.skip(&d).unwrap();
    assert_eq!(skipped.entry.question, "peak.follow-up-2");
    d.apply(skipped.edit).unwrap();
    assert_eq!(s.current(&d).unwrap().id, "queue");
    let ids: Vec<&str> = d.interview().iter().map(|e| e.question.as_str()).collect();
    assert_eq!(ids, ["peak", "peak.follow-up-1", "peak.follow-up-2"]);

    // A second offer for an answer already followed up is refused.
    answer(&mut s, &mut d, "no");
    assert_eq!(s.offer_follow_ups(&request, vec!["late".into()]), 0);
    assert!(s.summary_request(&d).entries.len() >= 4);
    assert!(s.offline_summary(&d).starts_with("Demo interview: "));
}

#[test]
fn follow_ups_to_an_earlier_answer_are_asked_after_the_latest_while_it_stands() {
    let mut d = design();
    let mut s = Session::start(script());
    let peak = s.answer(&d, "300").unwrap();
    d.apply(peak.edit).unwrap();
    let peak = peak.follow_up.unwrap();
    let queue = s.answer(&d, "yes").unwrap();
    d.apply(queue.edit).unwrap();
    let queue = queue.follow_up.unwrap();

    // The person answered `queue` before the model was done with `peak`.
    assert_eq!(s.offer_follow_ups(&peak, vec!["Peak or average?".into()]), 1);
    assert_eq!(s.offer_follow_ups(&queue, vec!["Which broker?".into()]), 0, "one batch at a time");
    let fu = s.current(&d).unwrap();
    assert_eq!((fu.id.as_str(), fu.number), ("peak.follow-up-1", 1), "numbered after the answer it follows");
    assert!(fu.why.as_deref().is_some_and(|w| w.contains("300") && w.contains("requests per second")), "{fu:?}");
    answer(&mut s, &mut d, "Peak");
    assert_eq!(s.current(&d).unwrap().id, "dlq");
    assert_eq!(s.offer_follow_ups(&queue, vec!["Which broker?".into()]), 1, "now the queue's turn");
    assert_eq!(s.current(&d).unwrap().id, "queue.follow-up-1");
    answer(&mut s, &mut d, "RabbitMQ");
    assert_eq!(s.offer_follow_ups(&peak, vec!["Again?".into()]), 0, "an answer is followed up once");

    // Resuming keeps each follow-up with its own question.
    let resumed = Session::resume(script(), &load_str(&to_yaml(&d), "d").unwrap());
    assert_eq!(resumed.steps(), 4);
    assert_eq!(resumed.current(&d).unwrap().id, "dlq");

    // An answer gone back over and changed takes no follow-ups meant for the old one.
    let mut s = Session::start(script());
    let mut d = design();
    let first = s.answer(&d, "300").unwrap();
    d.apply(first.edit).unwrap();
    d.apply(s.back().unwrap()).unwrap();
    answer(&mut s, &mut d, "500");
    assert_eq!(s.offer_follow_ups(&first.follow_up.unwrap(), vec!["Peak?".into()]), 0);
}
