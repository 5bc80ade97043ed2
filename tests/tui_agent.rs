//! The persona in the workshop: asking, streaming, cancelling, reviews,
//! live mode, proposals and `:export`, through `update` (and, at the end,
//! through the real agent worker with a scripted model).

mod support;
use support::workshop::{screen, settle};

use std::sync::Arc;
use std::time::Duration;

use archcrit::workers::Workers;
use archcrit::workers::llm::ToolCall;
use archcrit::workers::llm::scripted::{ScriptedModel, Step};
use archcrit_app::{Action, Effect, Key, KeyCode, Overlay, PromptKind, Services, Startup, State, update};
use archcrit_core::model::{Component, ComponentId, Edit, Kind};
use archcrit_core::{examples, file, persona};

fn shop(llm: bool) -> State {
    let design = file::load_str(examples::example("shop").unwrap(), "shop").unwrap();
    let (mut s, fx) = State::new(Startup::new(design), Services::builtin());
    s.chat.llm = llm;
    update(&mut s, Action::Resize { w: 140, h: 44 });
    settle(&mut s, fx);
    s
}

fn press(s: &mut State, key: Key) -> Vec<Effect> {
    let fx = update(s, Action::Key(key));
    settle(s, fx)
}

fn ask(s: &mut State, question: &str) -> Vec<Effect> {
    press(s, Key::ch('t'));
    assert!(matches!(&s.overlay, Overlay::Input(p) if p.kind == PromptKind::Ask));
    for c in question.chars() {
        press(s, Key::ch(c));
    }
    press(s, Key::plain(KeyCode::Enter))
}

fn asked_turn(fx: &[Effect]) -> u64 {
    fx.iter()
        .find_map(|e| match e {
            Effect::AgentAsk { turn, .. } => Some(*turn),
            _ => None,
        })
        .expect("an AgentAsk effect")
}

fn persona_text(s: &State) -> String {
    s.chat.lines.iter().filter(|l| l.who.is_none()).map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n")
}

#[test]
fn asking_streams_the_answer_and_esc_cancels() {
    let mut s = shop(true);
    let fx = ask(&mut s, "why distributed-write?");
    let turn = asked_turn(&fx);
    assert!(
        fx.iter().any(|e| matches!(e, Effect::AgentAsk { question, .. } if question == "why distributed-write?")),
        "{fx:?}"
    );
    assert_eq!(s.chat.lines.last().unwrap().who.as_deref(), Some("you"));
    assert_eq!(s.chat.busy, Some(turn));
    update(&mut s, Action::AgentToken { turn, text: "Because the".into() });
    update(&mut s, Action::AgentToken { turn, text: " writes".into() });
    assert_eq!(s.chat.lines.last().unwrap().text, "Because the writes");
    let fx = press(&mut s, Key::plain(KeyCode::Esc));
    assert!(fx.iter().any(|e| matches!(e, Effect::AgentCancel { turn: t } if *t == turn)), "{fx:?}");
    assert!(s.selected().is_some(), "esc stops the answer instead of clearing the selection");
    update(&mut s, Action::AgentCancelled { turn });
    assert_eq!(s.chat.busy, None);
    assert_eq!(s.chat.lines.last().unwrap().text, "stopped");
    assert!(persona_text(&s).contains("Because the writes"), "partial text is kept");
    // Nothing running now: esc is back to clearing the selection.
    let fx = press(&mut s, Key::plain(KeyCode::Esc));
    assert!(!fx.iter().any(|e| matches!(e, Effect::AgentCancel { .. })));
    assert!(s.selected().is_none());
}

#[test]
fn a_failed_answer_keeps_partial_text_and_falls_back() {
    let mut s = shop(true);
    let turn = asked_turn(&ask(&mut s, "what first?"));
    update(&mut s, Action::AgentToken { turn, text: "Start with".into() });
    update(&mut s, Action::AgentFailed { turn, message: "HTTP 500".into(), fallback_text: "Offline: fix X".into() });
    let texts: Vec<&str> = s.chat.lines.iter().map(|l| l.text.as_str()).collect();
    assert!(texts.ends_with(&["Start with", "HTTP 500", "Offline: fix X"]), "{texts:?}");
    assert_eq!(s.chat.busy, None);
}

fn queue_proposal(s: &mut State, turn: u64) {
    let edits = vec![Edit::AddComponent {
        component: Component::new(ComponentId::new("jobs").unwrap(), Kind::Queue),
        index: None,
    }];
    update(
        s,
        Action::AgentProposal { turn, edits, refused: vec!["no component `ghost`".into()], summary: "add jobs".into() },
    );
}

#[test]
fn proposals_wait_for_y_and_n_rejects_them() {
    let mut s = shop(true);
    let before = s.doc.design().component_count();
    let turn = asked_turn(&ask(&mut s, "what would you add?"));
    queue_proposal(&mut s, turn);
    assert_eq!(s.doc.design().component_count(), before, "never applied silently");
    let finding = s.finding();
    let fx = press(&mut s, Key::ch('n'));
    assert!(
        fx.iter().any(|e| matches!(e, Effect::AgentOutcome { turn: t, applied: false } if *t == turn)),
        "the persona is told: {fx:?}"
    );
    assert_eq!(s.doc.design().component_count(), before);
    assert!(s.chat.proposal.is_none());
    assert_eq!(s.finding(), finding, "n answered the proposal, it did not step findings");
    assert!(s.chat.lines.last().unwrap().text.starts_with("rejected"));
    // With no proposal waiting, n is the canvas's "next finding" again.
    press(&mut s, Key::ch('n'));
    assert_ne!(s.finding(), finding);

    queue_proposal(&mut s, turn);
    let fx = press(&mut s, Key::ch('y'));
    assert!(
        fx.iter().any(|e| matches!(e, Effect::AgentOutcome { turn: t, applied: true } if *t == turn)),
        "the persona is told: {fx:?}"
    );
    assert!(s.doc.design().contains("jobs"));
    assert!(fx.iter().any(|e| matches!(e, Effect::Autosave { .. })));
    press(&mut s, Key::ch('u'));
    assert!(!s.doc.design().contains("jobs"), "one undo takes the whole proposal back");
}

#[test]
fn offline_reviews_follow_each_critique_and_replace_the_last() {
    let design = file::load_str(examples::example("shop").unwrap(), "shop").unwrap();
    let (mut s, fx) = State::new(Startup::new(design), Services::builtin());
    update(&mut s, Action::Resize { w: 140, h: 44 });
    let fx = settle(&mut s, fx);
    let (turn, report) = fx
        .iter()
        .find_map(|e| match e {
            Effect::AgentCritique { turn, report, .. } => Some((*turn, report.clone())),
            _ => None,
        })
        .expect("the offline voice reviews the first critique");
    assert_eq!(report.findings.len(), s.fresh_report().unwrap().findings.len());
    update(&mut s, Action::AgentToken { turn, text: "first review".into() });
    update(&mut s, Action::AgentFinished { turn });
    let fx = update(&mut s, Action::Command("add cache c".into()));
    let fx = settle(&mut s, fx);
    let Some(Effect::AgentCritique { turn: t2, design, .. }) =
        fx.iter().find(|e| matches!(e, Effect::AgentCritique { .. }))
    else {
        panic!("no review after the edit: {fx:?}");
    };
    assert!(design.contains("c"), "the review is of the edited design");
    update(&mut s, Action::AgentToken { turn: *t2, text: "second review".into() });
    let text = persona_text(&s);
    assert!(text.contains("second review") && !text.contains("first review"), "{text}");
}

#[test]
fn live_mode_reviews_when_quiet_and_edits_cancel_a_live_review() {
    let mut s = shop(true);
    assert!(!settle_has_review(&mut s), "an LLM is not asked on every critique");
    let fx = press(&mut s, Key::ch('T'));
    assert!(s.chat.live);
    assert!(fx.iter().any(|e| matches!(e, Effect::LiveEdited { .. })));
    let fx = update(&mut s, Action::Command("add cache c1".into()));
    let rev = s.doc.design().revision();
    assert!(fx.iter().any(|e| matches!(e, Effect::LiveEdited { revision } if *revision == rev)), "{fx:?}");
    settle(&mut s, fx);
    // A stale due (the design moved on) is ignored.
    assert!(update(&mut s, Action::LiveDue { revision: rev - 1 }).is_empty());
    let fx = update(&mut s, Action::LiveDue { revision: rev });
    let turn = fx
        .iter()
        .find_map(|e| match e {
            Effect::AgentCritique { turn, .. } => Some(*turn),
            _ => None,
        })
        .expect("a live review");
    update(&mut s, Action::AgentToken { turn, text: "Looking at".into() });
    let fx = update(&mut s, Action::Command("add cache c2".into()));
    assert!(fx.iter().any(|e| matches!(e, Effect::AgentCancel { turn: t } if *t == turn)), "{fx:?}");
    press(&mut s, Key::ch('T'));
    assert!(!s.chat.live);
    let fx = update(&mut s, Action::Command("add cache c3".into()));
    assert!(!fx.iter().any(|e| matches!(e, Effect::LiveEdited { .. })));
}

fn settle_has_review(s: &mut State) -> bool {
    let fx = update(s, Action::Command("add cache probe".into()));
    settle(s, fx).iter().any(|e| matches!(e, Effect::AgentCritique { .. }))
}

#[test]
fn export_command_hands_the_design_to_the_writer() {
    let mut s = shop(false);
    let fx = update(&mut s, Action::Command("export dot out/shop.dot".into()));
    let Some(Effect::Export { format, path, design, report }) = fx.first() else { panic!("{fx:?}") };
    assert_eq!(format.to_string(), "dot");
    assert_eq!(path.to_str(), Some("out/shop.dot"));
    assert_eq!(design.component_count(), s.doc.design().component_count());
    let text = format.render(design, report);
    assert!(text.starts_with("digraph") && text.contains("orders"), "{text}");
    update(&mut s, Action::Exported { path: path.clone(), format: "dot".into() });
    assert_eq!(s.message().unwrap().1, "exported dot to out/shop.dot");
    // A bad format keeps the command line open with the reason.
    press(&mut s, Key::ch(':'));
    for c in "export svg x.svg".chars() {
        press(&mut s, Key::ch(c));
    }
    let fx = press(&mut s, Key::plain(KeyCode::Enter));
    assert!(fx.is_empty());
    let Overlay::Input(p) = &s.overlay else { panic!("the line stays open") };
    assert!(p.error.as_deref().unwrap().contains("formats: mermaid dot json markdown"));
}

#[test]
fn persona_panel_with_an_answer_and_a_proposal() {
    let mut s = shop(true);
    s.chat.persona = "Senior Backend Architect".into();
    let turn = asked_turn(&ask(&mut s, "what should I fix first?"));
    update(&mut s, Action::AgentToken { turn, text: "Fix the dual write in orders:\n".into() });
    update(&mut s, Action::AgentToken { turn, text: "add an outbox.".into() });
    queue_proposal(&mut s, turn);
    let text = screen(&s);
    assert!(text.contains("Senior Backend Architect"), "{text}");
    assert!(text.contains("+ add"), "the proposal reads as a diff: {text}");
    insta::assert_snapshot!(text);
}

#[test]
fn waiting_for_a_rate_limit_shows_in_the_panel_and_esc_stops_the_wait() {
    let mut s = shop(true);
    let turn = asked_turn(&ask(&mut s, "what should I fix first?"));
    let message = "rate limited by api.example.com (HTTP 429); trying again in 12 s (retry 1 of 3)";
    update(&mut s, Action::AgentWaiting { turn, message: message.into() });
    let last = s.chat.lines.last().unwrap();
    assert_eq!(
        (last.who.as_deref(), last.text.as_str()),
        (Some("note"), format!("{message}; esc stops waiting").as_str())
    );
    assert!(screen(&s).contains("rate limited by api.example.com"), "{}", screen(&s));
    assert_eq!(s.chat.busy, Some(turn), "still running while it waits");
    // A wait from a turn that is no longer running is not news.
    let lines = s.chat.lines.len();
    update(&mut s, Action::AgentWaiting { turn: turn - 1, message: "rate limited by old".into() });
    assert_eq!(s.chat.lines.len(), lines);
    let fx = press(&mut s, Key::plain(KeyCode::Esc));
    assert!(fx.iter().any(|e| matches!(e, Effect::AgentCancel { turn: t } if *t == turn)), "{fx:?}");
    update(&mut s, Action::AgentCancelled { turn });
    assert_eq!(s.chat.busy, None);
    assert_eq!(s.chat.lines.last().unwrap().text, "stopped");
}

/// The whole loop with the real agent worker: keys -> effects -> agent ->
/// actions -> panel, offline voice and a scripted model with a tool call.
#[test]
fn the_worker_answers_through_update() {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    rt.block_on(async {
        let catalogue = persona::discover(&[]);
        let architect = catalogue.default_persona().unwrap().clone();
        for scripted in [false, true] {
            let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
            let mut s = shop(scripted);
            let mut workers = Workers::spawn(Services::builtin(), tx);
            let model: Option<Arc<dyn archcrit::workers::llm::ChatModel>> = scripted.then(|| {
                let mut steps = ScriptedModel::words("Add a queue in front of the mailer.", Duration::from_millis(2));
                steps.insert(
                    steps.len() - 1,
                    Step::Tool(ToolCall {
                        id: "1".into(),
                        name: "add_component".into(),
                        arguments: r#"{"id":"mail-jobs","kind":"queue"}"#.into(),
                    }),
                );
                Arc::new(ScriptedModel::new(vec![steps])) as Arc<dyn archcrit::workers::llm::ChatModel>
            });
            workers.start_persona(architect.clone(), model, Duration::from_millis(50));
            let fx = ask(&mut s, "what should I fix first?");
            workers.run(fx);
            let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
            while s.chat.busy.is_some() {
                let action = tokio::time::timeout_at(deadline, rx.recv()).await.expect("the agent answers").unwrap();
                let fx = update(&mut s, action);
                workers.run(fx);
            }
            let answer = persona_text(&s);
            if scripted {
                assert!(answer.contains("Add a queue in front of the mailer."), "{answer}");
                assert!(s.chat.proposal.is_some(), "the tool call became a proposal");
                assert!(!s.doc.design().contains("mail-jobs"));
                press(&mut s, Key::ch('y'));
                assert!(s.doc.design().contains("mail-jobs"));
            } else {
                let expected = persona::offline::answer(
                    &architect,
                    s.doc.design(),
                    s.fresh_report().unwrap(),
                    "what should I fix first?",
                );
                assert!(answer.ends_with(expected.trim_end()), "{answer}");
            }
        }
    });
}

fn review_turn(fx: &[Effect]) -> u64 {
    fx.iter()
        .find_map(|e| match e {
            Effect::AgentCritique { turn, .. } => Some(*turn),
            _ => None,
        })
        .expect("an offline review")
}

#[test]
fn the_persona_panel_scrolls_back_and_new_words_do_not_move_it() {
    use archcrit_app::MouseKind;
    use archcrit_app::chat_view::{rows, window};
    let design = file::load_str(examples::example("shop").unwrap(), "shop").unwrap();
    let (mut s, fx) = State::new(Startup { saved: true, ..Startup::new(design) }, Services::builtin());
    update(&mut s, Action::Resize { w: 140, h: 44 });
    let turn = review_turn(&settle(&mut s, fx));
    update(&mut s, Action::AgentToken { turn, text: "first review".into() });
    update(&mut s, Action::AgentFinished { turn });
    for i in 1..=60 {
        s.chat.lines.push(archcrit_app::ChatLine { who: Some("note".into()), text: format!("point {i}") });
    }
    let inner = s.panels.panes().chat.unwrap().inner();
    let shown = |s: &State| window(s.chat.scroll, rows(&s.chat, usize::from(inner.w)).len(), usize::from(inner.h));
    // The review opened at its verdict; end goes to the newest words.
    press(&mut s, Key::plain(KeyCode::End));
    let end = shown(&s);
    assert_eq!(end.below, 0, "end shows the newest words");

    press(&mut s, Key::plain(KeyCode::PageUp));
    let back = shown(&s);
    assert!(back.start < end.start && back.below > 0, "{back:?} vs {end:?}");
    // An edit brings a new review, which replaces the old one at the end;
    // the rows being read stay where they are.
    let top_row = |s: &State| {
        let all = rows(&s.chat, usize::from(inner.w));
        all[shown(s).start].iter().map(|(_, t)| t.clone()).collect::<String>()
    };
    s.chat.scroll = Some(3);
    let reading = top_row(&s);
    let fx = update(&mut s, Action::Command("set orders replicas 5".into()));
    let t2 = review_turn(&settle(&mut s, fx));
    update(&mut s, Action::AgentToken { turn: t2, text: "a new review\nwith two lines".into() });
    assert!(persona_text(&s).contains("a new review") && !persona_text(&s).contains("first review"));
    assert_eq!(top_row(&s), reading, "not yanked to the new words");
    assert!(shown(&s).below > 0);

    // The wheel over the panel scrolls it; over the canvas it pans.
    let chat = s.panels.panes().chat.unwrap();
    let canvas_scroll = s.canvas.scroll;
    update(&mut s, Action::Mouse { kind: MouseKind::ScrollDown, x: chat.x + 3, y: chat.y + 3 });
    assert_eq!(shown(&s).start, 5, "three rows on from 2");
    assert_eq!(s.canvas.scroll, canvas_scroll, "the canvas did not pan");
    update(&mut s, Action::Mouse { kind: MouseKind::ScrollDown, x: 5, y: 5 });
    assert_ne!(s.canvas.scroll, canvas_scroll);

    press(&mut s, Key::plain(KeyCode::PageDown));
    assert!(s.chat.scroll.is_some(), "one page is not yet the end");
    press(&mut s, Key::plain(KeyCode::End));
    assert_eq!(s.chat.scroll, None, "end follows the newest words again");
    // Asking shows the newest words too.
    press(&mut s, Key::plain(KeyCode::PageUp));
    ask(&mut s, "why?");
    assert_eq!(s.chat.scroll, None);
}

#[test]
fn scrolling_back_past_a_replaced_review_keeps_the_rows_being_read() {
    let design = file::load_str(examples::example("shop").unwrap(), "shop").unwrap();
    let (mut s, fx) = State::new(Startup { saved: true, ..Startup::new(design) }, Services::builtin());
    update(&mut s, Action::Resize { w: 140, h: 44 });
    let turn = review_turn(&settle(&mut s, fx));
    update(&mut s, Action::AgentToken { turn, text: "old review\nsecond line\nthird line".into() });
    update(&mut s, Action::AgentFinished { turn });
    for i in 0..30 {
        s.chat.lines.push(archcrit_app::ChatLine { who: Some("you".into()), text: format!("question {i}") });
    }
    // Reading "question 10": three review rows and ten questions above it.
    s.chat.scroll = Some(13);
    let fx = update(&mut s, Action::Command("set orders replicas 5".into()));
    let t2 = review_turn(&settle(&mut s, fx));
    update(&mut s, Action::AgentToken { turn: t2, text: "new review".into() });
    assert!(!persona_text(&s).contains("old review"));
    assert_eq!(s.chat.scroll, Some(10), "the removed review's rows above the view are taken off");
}
