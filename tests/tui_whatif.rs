//! `:whatif` and `X` in the workshop, through `update` on the shop example:
//! the design and the undo history stay as they were, the answer opens at
//! its verdict in the persona's panel, and a pattern what-if's edit is
//! offered like a proposal (`y` applies it as one undoable step).

use archcrit_app::{Action, Key, Level, Services, State, update};
use archcrit_core::model::ComponentId;

mod support;
use support::workshop::{press, screen, settle};

fn shop(w: u16, h: u16) -> State {
    let opened =
        archcrit::tui::open(&archcrit::tui::Options { example: Some("shop".into()), ..Default::default() }).unwrap();
    let (mut state, fx) = State::new(opened, Services::builtin());
    settle(&mut state, fx);
    update(&mut state, Action::Resize { w, h });
    state
}

fn command(state: &mut State, line: &str) {
    let fx = update(state, Action::Command(line.into()));
    settle(state, fx);
}

fn answer(state: &State) -> String {
    state.chat.lines.iter().rev().find(|l| l.who.is_none()).map(|l| l.text.clone()).unwrap_or_default()
}

fn last_message(state: &State) -> String {
    state.log().last().map(|m| m.1.clone()).unwrap_or_default()
}

#[test]
fn a_failure_what_if_leaves_the_design_and_history_alone() {
    let mut s = shop(150, 40);
    let before = s.doc.design().clone();
    let revision = s.doc.design().revision();
    command(&mut s, "whatif fail orders-db");
    assert_eq!(*s.doc.design(), before, "the design is untouched");
    assert_eq!(s.doc.design().revision(), revision);
    assert!(!s.doc.history().can_undo(), "nothing to undo after a what-if");
    assert!(!s.doc.dirty());
    let text = answer(&s);
    assert!(text.starts_with("Verdict: "), "the verdict comes first: {text}");
    assert!(text.contains("If orders-db fails"), "{text}");
    assert!(text.contains("%"), "with numbers: {text}");
    assert!(s.chat.proposal.is_none(), "a failure has nothing to apply");
}

#[test]
fn f_fails_the_selected_box() {
    let mut s = shop(150, 40);
    s.select(Some(ComponentId::new("catalog-cache").unwrap()));
    press(&mut s, Key::ch('X'));
    let text = answer(&s);
    assert!(text.contains("If catalog-cache fails"), "{text}");
    // The database behind a dead cache takes its reads.
    assert!(text.contains("catalog-db"), "{text}");
    assert!(!s.doc.history().can_undo());
}

#[test]
fn the_answer_opens_at_its_verdict() {
    let mut s = shop(150, 40);
    command(&mut s, "whatif fail orders-db");
    command(&mut s, "whatif fail catalog-cache");
    let top = s.chat.scroll.expect("opened at the answer, not the end");
    let width = usize::from(s.panels.panes().chat.unwrap().inner().w);
    let rows = archcrit_app::chat_view::rows(&s.chat, width);
    let first: String = rows[top].iter().map(|(_, t)| t.as_str()).collect();
    assert!(first.starts_with("Verdict:"), "{first}");
    assert!(screen(&s).contains("Verdict:"), "the verdict is on screen");
}

#[test]
fn y_applies_an_offered_pattern_as_one_undoable_edit() {
    let mut s = shop(150, 40);
    let before = s.doc.design().clone();
    command(&mut s, "whatif add cache orders-db");
    assert_eq!(*s.doc.design(), before, "offered, not applied");
    assert!(s.chat.proposal.is_some(), "{}", last_message(&s));
    let count = s.doc.design().component_count();
    press(&mut s, Key::ch('y'));
    assert!(s.chat.proposal.is_none());
    assert!(s.doc.design().component_count() > count, "the cache is in");
    command(&mut s, "undo");
    assert_eq!(s.doc.design().component_count(), count, "one undo takes it out");
    assert!(!s.doc.history().can_undo());
}

#[test]
fn n_declines_an_offered_pattern() {
    let mut s = shop(150, 40);
    let before = s.doc.design().clone();
    command(&mut s, "whatif add cache orders-db");
    press(&mut s, Key::ch('n'));
    assert!(s.chat.proposal.is_none());
    assert_eq!(*s.doc.design(), before);
    assert!(!s.doc.history().can_undo());
}

#[test]
fn unknown_ids_and_bad_lines_are_refused_with_a_hint() {
    let mut s = shop(150, 40);
    command(&mut s, "whatif fail orders-bd");
    let (level, text) = s.log().last().unwrap().clone();
    assert_eq!(level, Level::Error);
    assert!(text.contains("did you mean `orders-db`"), "{text}");
    command(&mut s, "whatif slow orders fast");
    assert!(last_message(&s).contains("300ms"), "{}", last_message(&s));
}

#[test]
fn load_slow_and_scale_answer_with_numbers() {
    let mut s = shop(150, 40);
    for line in ["whatif load 3x", "whatif slow orders-db 10x", "whatif scale orders 4", "whatif load 5000rps"] {
        command(&mut s, line);
        let text = answer(&s);
        assert!(text.starts_with("Verdict: "), "{line}: {text}");
        assert!(text.chars().any(|c| c.is_ascii_digit()), "{line}: {text}");
    }
    assert!(!s.doc.history().can_undo());
}

#[test]
fn the_panel_with_a_what_if_answer() {
    let mut s = shop(150, 40);
    command(&mut s, "whatif fail catalog-cache");
    insta::assert_snapshot!(screen(&s));
}
