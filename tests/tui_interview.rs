//! Guided interviews in the workshop: `update` sequences (start, answers
//! good and bad, skip, back, pause and resume, follow-ups) against the
//! shipped new-system script, and the screen after two answers.

mod support;
use support::workshop::{screen, settle};

use archcrit_app::{Action, Context, Effect, Key, KeyCode, Overlay, Services, Startup, State, update};
use archcrit_core::model::Design;

fn new_state() -> State {
    let (mut state, fx) = State::new(Startup::new(Design::new("Bookshop")), Services::builtin());
    settle(&mut state, fx);
    update(&mut state, Action::Resize { w: 160, h: 45 });
    state
}

fn press(state: &mut State, key: Key) -> Vec<Effect> {
    let fx = update(state, Action::Key(key));
    settle(state, fx)
}

fn enter(state: &mut State) -> Vec<Effect> {
    press(state, Key::plain(KeyCode::Enter))
}

/// Types `text` into whatever has the keyboard, replacing any pre-fill.
fn type_in(state: &mut State, text: &str) {
    press(state, Key::ctrl('u'));
    for c in text.chars() {
        press(state, Key::ch(c));
    }
}

fn answer(state: &mut State, text: &str) -> Vec<Effect> {
    type_in(state, text);
    enter(state)
}

fn command(state: &mut State, line: &str) -> Vec<Effect> {
    let fx = update(state, Action::Command(line.into()));
    settle(state, fx)
}

/// The id of the question being asked.
fn asking(state: &State) -> String {
    let iv = state.interviews.running.as_ref().expect("an interview is running");
    iv.current(state.doc.design()).expect("a question is current").id
}

#[test]
fn answers_change_the_design_and_bad_ones_are_asked_again() {
    let mut state = new_state();
    command(&mut state, "interview new-system");
    assert_eq!(state.context(), Context::Interview);
    assert_eq!(asking(&state), "purpose");

    answer(&mut state, "Sells second-hand books");
    assert_eq!(state.doc.design().description(), Some("Sells second-hand books"));
    assert_eq!(state.doc.design().interview().len(), 1);

    answer(&mut state, "browser");
    for id in ["web", "gateway", "app"] {
        assert!(state.doc.design().contains(id), "the clients answer should add {id}");
    }
    assert!(state.fresh_report().is_some(), "the critique follows the answer");

    assert_eq!(asking(&state), "peak_rps");
    answer(&mut state, "lots");
    let iv = state.interviews.running.as_ref().unwrap();
    assert!(iv.error.as_deref().is_some_and(|e| e.contains("not a number")), "{:?}", iv.error);
    assert_eq!(asking(&state), "peak_rps", "a bad answer is asked again");
    assert_eq!(state.doc.design().interview().len(), 2, "a bad answer records nothing");
    assert_eq!(state.doc.design().requirements().peak_rps, None);

    // Typing clears the complaint.
    press(&mut state, Key::plain(KeyCode::Backspace));
    assert!(state.interviews.running.as_ref().unwrap().error.is_none());

    answer(&mut state, "1.2k");
    assert_eq!(state.doc.design().requirements().peak_rps, Some(1200.0));
    assert_eq!(asking(&state), "read_write_ratio");
    let last = &state.interviews.running.as_ref().unwrap().last;
    assert!(last.iter().any(|l| l.contains("peak_rps")), "the panel lists what changed: {last:?}");
}

#[test]
fn skip_records_an_empty_answer_and_back_takes_an_answer_out() {
    let mut state = new_state();
    press(&mut state, Key::ch('i'));
    assert!(matches!(state.overlay, archcrit_app::Overlay::Find(_)), "several scripts: i asks which");
    enter(&mut state);
    assert_eq!(asking(&state), "purpose", "the default script comes first");
    press(&mut state, Key::ctrl('n'));
    assert_eq!(state.doc.design().interview().len(), 1);
    assert_eq!(state.doc.design().interview()[0].answer, "");
    assert_eq!(state.doc.design().description(), None);

    answer(&mut state, "browser, mobile-app");
    assert!(state.doc.design().contains("mobile"));
    press(&mut state, Key::ctrl('p'));
    assert_eq!(asking(&state), "clients");
    assert!(
        !state.doc.design().contains("mobile") && !state.doc.design().contains("gateway"),
        "back removes the effects"
    );
    assert_eq!(state.doc.design().interview().len(), 1);

    // A choice question cycles its choices with tab.
    press(&mut state, Key::ctrl('u'));
    press(&mut state, Key::plain(KeyCode::Tab));
    assert_eq!(state.interviews.running.as_ref().unwrap().input.text(), "browser");
    press(&mut state, Key::plain(KeyCode::Tab));
    assert_eq!(state.interviews.running.as_ref().unwrap().input.text(), "mobile-app");
    enter(&mut state);
    assert!(state.doc.design().contains("mobile") && !state.doc.design().contains("web"));
}

#[test]
fn pausing_and_resuming_continues_from_the_transcript() {
    let mut state = new_state();
    command(&mut state, "interview new-system");
    answer(&mut state, "A bookshop");
    answer(&mut state, "browser");
    press(&mut state, Key::plain(KeyCode::Esc));
    assert!(state.interviews.running.is_none());
    assert_eq!(state.context(), Context::Canvas);

    // Between questions the canvas is the person's again, undo included.
    press(&mut state, Key::ch('u'));
    assert!(!state.doc.design().contains("web"), "u undoes the last answer like any edit");
    assert_eq!(state.doc.design().interview().len(), 1);

    press(&mut state, Key::ch('i'));
    assert_eq!(asking(&state), "clients", "resumes after the last recorded answer");
    let view = state.interviews.running.as_ref().unwrap().current(state.doc.design()).unwrap();
    assert_eq!(view.number, 2);
    answer(&mut state, "browser");
    assert_eq!(asking(&state), "peak_rps");
}

#[test]
fn interview_names_complete_and_unknown_ones_are_refused() {
    let mut state = new_state();
    press(&mut state, Key::ch(':'));
    for c in "interview sc".chars() {
        press(&mut state, Key::ch(c));
    }
    press(&mut state, Key::plain(KeyCode::Tab));
    let Overlay::Input(p) = &state.overlay else { panic!("the command line stays open") };
    assert_eq!(p.input.text(), "interview scaling ");

    command(&mut state, "interview new-sytem");
    assert!(state.interviews.running.is_none());
    let (_, message) = state.message().cloned().unwrap();
    assert!(message.contains("did you mean `new-system`"), "{message}");
}

#[test]
fn offline_asks_no_model_and_follow_ups_are_asked_when_one_offers_them() {
    let mut state = new_state();
    command(&mut state, "interview new-system");
    let fx = answer(&mut state, "A bookshop");
    assert!(!fx.iter().any(|e| matches!(e, Effect::InterviewFollowUps { .. })), "offline: no model is asked");

    state.interviews.follow_ups = true;
    let fx = answer(&mut state, "browser");
    let Some(Effect::InterviewFollowUps { request, .. }) =
        fx.into_iter().find(|e| matches!(e, Effect::InterviewFollowUps { .. }))
    else {
        panic!("with a model, an answer asks for follow-ups");
    };
    assert_eq!(request.question, "clients");
    let questions = vec!["Do partners need their own rate limits?".to_string()];
    update(&mut state, Action::InterviewFollowUps { request, questions });
    let view = state.interviews.running.as_ref().unwrap().current(state.doc.design()).unwrap();
    assert!(view.follow_up && view.ask.contains("rate limits"), "{view:?}");
    answer(&mut state, "Not yet");
    assert_eq!(asking(&state), "peak_rps");
    let last = state.doc.design().interview().last().unwrap();
    assert_eq!((last.question.as_str(), last.answer.as_str()), ("clients.follow-up-1", "Not yet"));
}

#[test]
fn the_last_answer_closes_the_interview_with_a_summary() {
    let mut state = new_state();
    command(&mut state, "interview scaling");
    let mut guard = 0;
    while state.interviews.running.is_some() && guard < 40 {
        press(&mut state, Key::ctrl('n'));
        guard += 1;
    }
    assert!(state.interviews.running.is_none(), "skipping every question ends the interview");
    let note = state.chat.lines.last().expect("a summary in the persona's panel");
    assert!(note.text.contains("skipped"), "{}", note.text);
}

#[test]
fn two_answers_show_on_screen() {
    let mut state = new_state();
    command(&mut state, "interview new-system");
    let before = screen(&state);
    assert!(before.contains("question 1 of"), "{before}");
    assert!(before.contains("what does this system do"), "{before}");
    assert!(!before.contains("Web browser"));

    answer(&mut state, "Sells second-hand books");
    answer(&mut state, "browser, mobile-app");
    let after = screen(&state);
    assert!(after.contains("question 3 of"), "{after}");
    assert!(after.contains("requests per second"), "{after}");
    for label in ["Web browser", "Mobile app", "API gateway"] {
        assert!(after.contains(label), "the canvas shows {label}:\n{after}");
    }
    assert!(after.contains("3 components") || after.contains("4 components"), "{after}");

    // A bad answer is explained under the box.
    type_in(&mut state, "lots");
    assert!(screen(&state).contains("is not a number"));
    enter(&mut state);
    assert!(screen(&state).contains("✗"));
}

/// The follow-up request an answer's effects carry (a model is assumed).
fn follow_up_request(fx: Vec<Effect>) -> archcrit_core::interview::FollowUpRequest {
    fx.into_iter()
        .find_map(|e| match e {
            Effect::InterviewFollowUps { request, .. } => Some(request),
            _ => None,
        })
        .expect("with a model, an answer asks for follow-ups")
}

fn typed(state: &State) -> String {
    state.interviews.running.as_ref().unwrap().input.text().to_string()
}

#[test]
fn follow_ups_arriving_while_typing_wait_for_the_answer_and_keep_the_text() {
    let mut state = new_state();
    state.interviews.follow_ups = true;
    command(&mut state, "interview new-system");
    let purpose = follow_up_request(answer(&mut state, "A bookshop"));
    assert_eq!(asking(&state), "clients", "the next question is there at once");

    // The person is half-way through the next answer when the model speaks.
    for c in "browser, mob".chars() {
        press(&mut state, Key::ch(c));
    }
    let questions = vec!["Who buys: consumers or shops?".to_string(), "Which countries first?".to_string()];
    update(&mut state, Action::InterviewFollowUps { request: purpose, questions });
    assert_eq!(typed(&state), "browser, mob", "typed text is never replaced");
    assert_eq!(asking(&state), "clients", "the question does not change under the person");
    let (_, note) = state.message().cloned().unwrap();
    assert!(note.contains("follow-up") && note.contains("after"), "{note}");

    // Typing goes on into the same box, and the answer goes to its question.
    for c in "ile-app".chars() {
        press(&mut state, Key::ch(c));
    }
    let clients = follow_up_request(enter(&mut state));
    assert!(state.doc.design().contains("mobile") && state.doc.design().contains("web"), "the typed answer was used");
    assert_eq!(state.doc.design().interview().last().unwrap().answer, "browser, mobile-app");

    // Then the held follow-ups are asked, about the answer they follow.
    let view = state.interviews.running.as_ref().unwrap().current(state.doc.design()).unwrap();
    assert_eq!(view.id, "purpose.follow-up-1");
    assert_eq!(view.number, 1, "it follows up question 1");
    assert!(view.why.as_deref().is_some_and(|w| w.contains("A bookshop")), "{:?}", view.why);
    assert_eq!(typed(&state), "");

    // Follow-ups to the clients answer arrive while those are asked: held too.
    type_in(&mut state, "Consum");
    update(
        &mut state,
        Action::InterviewFollowUps {
            request: clients,
            questions: vec!["Do partners need their own rate limits?".to_string()],
        },
    );
    assert_eq!((asking(&state), typed(&state)), ("purpose.follow-up-1".to_string(), "Consum".to_string()));
    type_in(&mut state, "Consumers");
    enter(&mut state);
    assert_eq!(asking(&state), "purpose.follow-up-2");
    answer(&mut state, "Germany");
    assert_eq!(asking(&state), "clients.follow-up-1");
    answer(&mut state, "Not yet");
    assert_eq!(asking(&state), "peak_rps");

    let ids: Vec<(&str, &str)> =
        state.doc.design().interview().iter().map(|e| (e.question.as_str(), e.answer.as_str())).collect();
    assert_eq!(
        ids,
        [
            ("purpose", "A bookshop"),
            ("clients", "browser, mobile-app"),
            ("purpose.follow-up-1", "Consumers"),
            ("purpose.follow-up-2", "Germany"),
            ("clients.follow-up-1", "Not yet"),
        ]
    );
}

#[test]
fn follow_ups_slip_in_when_nothing_is_typed_and_the_prefill_comes_back() {
    let design =
        archcrit_core::file::load_str("archcrit: 1\nname: Bookshop\nrequirements:\n  peak_rps: 1200\n", "d.yaml")
            .unwrap();
    let (mut state, fx) = State::new(Startup::new(design), Services::builtin());
    settle(&mut state, fx);
    update(&mut state, Action::Resize { w: 160, h: 45 });
    state.interviews.follow_ups = true;
    command(&mut state, "interview new-system");
    answer(&mut state, "A bookshop");
    let request = follow_up_request(answer(&mut state, "browser"));
    assert_eq!(asking(&state), "peak_rps");
    assert_eq!(typed(&state), "1200", "pre-filled from the design, nothing typed");

    update(&mut state, Action::InterviewFollowUps { request, questions: vec!["Partners too?".into()] });
    assert_eq!(asking(&state), "clients.follow-up-1", "an untouched box lets the follow-up in at once");
    assert_eq!(typed(&state), "");
    answer(&mut state, "Later");
    assert_eq!(asking(&state), "peak_rps");
    assert_eq!(typed(&state), "1200", "the pre-fill comes back");
    enter(&mut state);
    assert_eq!(asking(&state), "read_write_ratio");
}

#[test]
fn follow_ups_nobody_asked_for_or_gone_back_over_are_dropped() {
    let mut state = new_state();
    command(&mut state, "interview new-system");
    // Offline: nothing is pending, so an unsolicited offer changes nothing.
    let request = archcrit_core::interview::FollowUpRequest {
        script: "new-system".into(),
        question: "purpose".into(),
        ask: "What does this system do?".into(),
        answer: "A bookshop".into(),
        effects: vec![],
    };
    let fx = answer(&mut state, "A bookshop");
    assert!(!fx.iter().any(|e| matches!(e, Effect::InterviewFollowUps { .. })), "offline: no model is asked");
    update(&mut state, Action::InterviewFollowUps { request, questions: vec!["Sneaky?".into()] });
    assert_eq!(asking(&state), "clients");

    // With a model: going back drops follow-ups held for later.
    state.interviews.follow_ups = true;
    let clients = follow_up_request(answer(&mut state, "browser"));
    type_in(&mut state, "12");
    update(&mut state, Action::InterviewFollowUps { request: clients, questions: vec!["Partners?".into()] });
    assert_eq!(typed(&state), "12");
    press(&mut state, Key::ctrl('p'));
    assert_eq!(asking(&state), "clients");
    answer(&mut state, "browser");
    assert_eq!(asking(&state), "peak_rps", "the held follow-up went with the answer gone back over");
}
