//! The kind a typed technology implies, through `update`: the kind picker
//! pre-selects a catalogue technology's kind, says why, lets the person
//! choose another and gives the new box its `tech`; editing a box's tech or
//! label to a technology of another kind asks `kind → …?` and never
//! changes the kind unasked.

use archcrit_app::{Action, Key, KeyCode, Overlay, PromptKind, Question, Services, Startup, State, kindhint, update};
use archcrit_core::model::{Design, Kind};

mod support;
use support::workshop::{press, screen, settle};

fn new_state() -> State {
    let (mut state, fx) = State::new(Startup::new(Design::new("t")), Services::builtin());
    settle(&mut state, fx);
    update(&mut state, Action::Resize { w: 100, h: 30 });
    state
}

fn typed(state: &mut State, text: &str) {
    for c in text.chars() {
        press(state, Key::ch(c));
    }
}

fn enter(state: &mut State) {
    press(state, Key::plain(KeyCode::Enter));
}

fn command(state: &mut State, line: &str) {
    let fx = update(state, Action::Command(line.into()));
    settle(state, fx);
}

fn picked(state: &State) -> Kind {
    match &state.overlay {
        Overlay::Picker { index, .. } => Kind::ALL[*index],
        other => panic!("expected the kind picker, got {other:?}"),
    }
}

fn kind_of(state: &State, id: &str) -> Kind {
    state.doc.design().component(id).unwrap().kind
}

#[test]
fn a_typed_technology_selects_its_kind_and_says_why() {
    for (text, kind) in [
        ("postgres", Kind::Database),
        ("Redis", Kind::Cache),
        ("kafka", Kind::Stream),
        ("nginx", Kind::LoadBalancer),
        ("SQS", Kind::Queue),
        ("mongo", Kind::Database),
        ("ngi", Kind::LoadBalancer),
    ] {
        let mut s = new_state();
        press(&mut s, Key::ch('a'));
        typed(&mut s, text);
        assert_eq!(picked(&s), kind, "{text}");
        let hint = kindhint::picker_hint(&s).unwrap_or_default();
        assert!(hint.starts_with(&format!("kind: {kind} — ")), "{text}: {hint}");
    }
    let mut s = new_state();
    press(&mut s, Key::ch('a'));
    typed(&mut s, "postgres");
    assert_eq!(kindhint::picker_hint(&s).as_deref(), Some("kind: database — postgres is a database"));
    // Kind names still work, and text naming nothing says nothing.
    let mut s = new_state();
    press(&mut s, Key::ch('a'));
    typed(&mut s, "cl");
    assert_eq!(picked(&s), Kind::Client);
    assert_eq!(kindhint::picker_hint(&s), None);
    typed(&mut s, "zzz");
    assert_eq!(picked(&s), Kind::Client, "unknown text leaves the selection alone");
    // A kind's whole name is that kind, not a technology sharing the word.
    for (text, kind) in [("service", Kind::Service), ("serv", Kind::Service), ("queue", Kind::Queue)] {
        let mut s = new_state();
        press(&mut s, Key::ch('a'));
        typed(&mut s, text);
        assert_eq!(picked(&s), kind, "{text}");
        assert_eq!(kindhint::picker_hint(&s), None, "{text}: no technology (not Azure Service Bus)");
        enter(&mut s);
        enter(&mut s);
        let added = s.doc.design().components().last().expect("a box was added");
        assert_eq!((added.kind, added.tech.as_deref()), (kind, None), "{text}");
    }
}

/// A newcomer types what the box is ("Mobile app", "orders db"), not a
/// kind: its words pick the kind, and the name becomes the id and label.
#[test]
fn a_typed_name_picks_a_kind_by_its_words_and_names_the_box() {
    for (text, kind, id) in [
        ("Mobile app", Kind::Client, "mobile-app"),
        ("web browser", Kind::Client, "web-browser"),
        ("orders db", Kind::Database, "orders-db"),
        ("payments api", Kind::Service, "payments-api"),
        ("checkout service", Kind::Service, "checkout-service"),
        ("email provider", Kind::External, "email-provider"),
        ("nightly job", Kind::Worker, "nightly-job"),
    ] {
        let mut s = new_state();
        press(&mut s, Key::ch('a'));
        typed(&mut s, text);
        assert_eq!(picked(&s), kind, "{text}");
        let hint = kindhint::picker_hint(&s).unwrap_or_default();
        assert!(hint.contains(&format!("id {id}")), "{text}: {hint}");
        enter(&mut s);
        enter(&mut s);
        let c = s.doc.design().component(id).unwrap_or_else(|| panic!("{text}: no {id} in {:?}", s.doc.design()));
        assert_eq!((c.kind, c.label.as_deref()), (kind, Some(text).filter(|t| *t != id)), "{text}");
    }
    // A name already taken falls back to a numbered id of the kind.
    let mut s = new_state();
    for _ in 0..2 {
        press(&mut s, Key::ch('a'));
        typed(&mut s, "mobile app");
        enter(&mut s);
        enter(&mut s);
    }
    assert!(
        s.doc.design().component("mobile-app").is_some() && s.doc.design().components().count() == 2,
        "{:?}",
        s.doc.design()
    );
}

#[test]
fn the_new_box_gets_the_technology_and_the_person_may_choose_another_kind() {
    let mut s = new_state();
    press(&mut s, Key::ch('a'));
    typed(&mut s, "postgres");
    enter(&mut s);
    match &s.overlay {
        Overlay::Input(p) => {
            assert_eq!(p.kind, PromptKind::NewComponent { kind: Kind::Database, tech: Some("PostgreSQL".into()) });
            assert_eq!(p.title, "New database (PostgreSQL): ID [LABEL]");
            assert_eq!(p.input.text(), "postgres", "the box is named after what was typed");
        }
        other => panic!("expected the id prompt, got {other:?}"),
    }
    // The suggested id is selected: `end` keeps it and types after it.
    press(&mut s, Key::plain(KeyCode::End));
    typed(&mut s, " Orders DB");
    enter(&mut s);
    let c = s.doc.design().component("postgres").unwrap();
    assert_eq!(
        (c.kind, c.tech.as_deref(), c.label.as_deref()),
        (Kind::Database, Some("PostgreSQL"), Some("Orders DB"))
    );
    assert_eq!(s.selected().map(|i| i.as_str()), Some("postgres"));
    assert!(matches!(s.overlay, Overlay::None), "no question: the person chose the kind");
    press(&mut s, Key::ch('u'));
    assert!(s.doc.design().component("postgres").is_none(), "one undo step");

    // Override: Redis typed, then another kind chosen with the arrows.
    press(&mut s, Key::ch('a'));
    typed(&mut s, "redis");
    assert_eq!(picked(&s), Kind::Cache);
    press(&mut s, Key::plain(KeyCode::Up));
    assert_eq!(picked(&s), Kind::Database);
    assert_eq!(kindhint::picker_hint(&s).as_deref(), Some("redis is a cache; adding a database"));
    enter(&mut s);
    enter(&mut s);
    let c = s.doc.design().component("redis").unwrap();
    assert_eq!((c.kind, c.tech.as_deref()), (Kind::Database, Some("Redis")));
    // A provider-run technology comes managed, as the critic needs to know.
    press(&mut s, Key::ch('a'));
    typed(&mut s, "sqs");
    enter(&mut s);
    enter(&mut s);
    assert_eq!(s.doc.design().component("sqs").and_then(|c| c.managed), Some(true));
    assert!(matches!(s.overlay, Overlay::None));

    // Backspace takes letters back; letters that are keys elsewhere type.
    press(&mut s, Key::ch('a'));
    typed(&mut s, "kafkx");
    press(&mut s, Key::plain(KeyCode::Backspace));
    typed(&mut s, "a");
    assert_eq!(picked(&s), Kind::Stream);
}

#[test]
fn editing_the_tech_to_another_kind_asks_before_changing_the_kind() {
    let mut s = new_state();
    command(&mut s, "add service db");
    command(&mut s, "set db tech PostgreSQL 16");
    match &s.overlay {
        Overlay::Confirm(q @ Question::Kind { to, .. }) => {
            assert_eq!(*to, Kind::Database);
            assert_eq!(
                q.text(),
                "kind → database? PostgreSQL is a database; db is a service. y change db to database, n keep service"
            );
        }
        other => panic!("expected the kind question, got {other:?}"),
    }
    assert_eq!(kind_of(&s, "db"), Kind::Service, "nothing changes until answered");
    press(&mut s, Key::ch('y'));
    assert_eq!(kind_of(&s, "db"), Kind::Database);
    assert_eq!(s.doc.design().component("db").unwrap().tech.as_deref(), Some("PostgreSQL 16"));
    assert!(s.message().unwrap().1.contains("db is now a database (u undoes it)"));
    press(&mut s, Key::ch('u'));
    assert_eq!(kind_of(&s, "db"), Kind::Service, "the kind change is its own undo step");
    assert_eq!(s.doc.design().component("db").unwrap().tech.as_deref(), Some("PostgreSQL 16"));

    // n keeps the kind; so does esc.
    command(&mut s, "set db tech redis");
    press(&mut s, Key::ch('n'));
    assert_eq!(kind_of(&s, "db"), Kind::Service);
    assert!(s.message().unwrap().1.contains("db stays a service"));
    command(&mut s, "set db tech kafka");
    press(&mut s, Key::plain(KeyCode::Esc));
    assert_eq!(kind_of(&s, "db"), Kind::Service);

    // Same kind, unknown tech, a cleared tech: no question.
    command(&mut s, "add database store");
    for line in ["set store tech postgres", "set db tech Rust/axum", "set db tech "] {
        command(&mut s, line);
        assert!(matches!(s.overlay, Overlay::None), "{line}: {:?}", s.overlay);
    }
}

#[test]
fn a_label_names_the_technology_only_when_no_tech_is_written() {
    let mut s = new_state();
    command(&mut s, "add service q");
    // Through the inspector's label prompt, as `r` opens it.
    s.select(Some(archcrit_core::model::ComponentId::new("q").unwrap()));
    press(&mut s, Key::ch('r'));
    press(&mut s, Key::ctrl('u'));
    typed(&mut s, "RabbitMQ");
    enter(&mut s);
    assert!(matches!(&s.overlay, Overlay::Confirm(Question::Kind { to: Kind::Queue, .. })), "{:?}", s.overlay);
    press(&mut s, Key::ch('y'));
    assert_eq!(kind_of(&s, "q"), Kind::Queue);
    command(&mut s, "add service api");
    command(&mut s, "set api tech Go");
    command(&mut s, "set api label Kafka");
    assert!(matches!(s.overlay, Overlay::None), "a written tech wins over the label");
}

#[test]
fn the_picker_shows_what_was_typed_and_why() {
    let mut s = new_state();
    press(&mut s, Key::ch('a'));
    let text = screen(&s);
    assert!(text.contains("type a kind or a technology"), "{text}");
    typed(&mut s, "postgres");
    let text = screen(&s);
    assert!(text.contains("typed: postgres") && text.contains("kind: database — postgres is a database"), "{text}");
    insta::assert_snapshot!(text);
}
