//! The small things a newcomer trips over: counts that agree with their
//! noun, titles that do not repeat, keys that answer, a blank board that
//! says how to start, an interview counter that holds still, a chooser for
//! interviews, a recovery copy that can be undone, a message window that
//! leaves the status bar alone, and a legend for the borders.

use archcrit_app::{Action, Key, KeyCode, Overlay, Services, Startup, State, update};
use archcrit_core::model::Design;

mod support;
use support::workshop::{PLAIN, cmd, press, screen, settle};

fn blank() -> State {
    let opened = archcrit::tui::open(&archcrit::tui::Options::default()).unwrap();
    let (mut state, fx) = State::new(opened, Services::builtin());
    settle(&mut state, fx);
    update(&mut state, Action::Resize { w: 120, h: 40 });
    state
}

fn message(state: &State) -> String {
    state.message().map(|m| m.1.clone()).unwrap_or_default()
}

#[test]
fn counts_agree_with_their_noun() {
    let mut s = blank();
    cmd(&mut s, "add service api");
    let text = screen(&s);
    assert!(text.contains("1 component, 0 links"), "{text}");
    cmd(&mut s, "add database db");
    cmd(&mut s, "link api db sql");
    assert!(screen(&s).contains("2 components, 1 link"));
}

#[test]
fn an_id_that_is_its_kind_is_not_said_twice() {
    let mut s = blank();
    cmd(&mut s, "add cdn cdn");
    press(&mut s, Key::ch('e'));
    let text = screen(&s);
    assert!(!text.contains("cdn cdn"), "{text}");
    assert!(text.contains("┌ cdn ─"), "{text}");
}

#[test]
fn asking_for_a_review_says_so() {
    let mut s = blank();
    cmd(&mut s, "add service api");
    press(&mut s, Key::ch('C'));
    assert!(message(&s).contains("review the design"), "{}", message(&s));
}

#[test]
fn the_empty_board_says_how_to_start() {
    let s = blank();
    assert!(screen(&s).contains("press a to add a component"));
}

#[test]
fn the_interview_counter_holds_still_and_matches_the_list() {
    let mut s = blank();
    let total = s.interviews.library.get("new-system").unwrap().questions.len();
    cmd(&mut s, "interview new-system");
    assert!(message(&s).contains(&format!("question 1 of {total}")), "{}", message(&s));
    let mut seen = Vec::new();
    for answer in ["A bookshop", "browser", "1k"] {
        for c in answer.chars() {
            press(&mut s, Key::ch(c));
        }
        press(&mut s, Key::plain(KeyCode::Enter));
        let iv = s.interviews.running.as_ref().unwrap();
        seen.push(iv.progress(&iv.current(s.doc.design()).unwrap()));
    }
    assert!(seen.iter().all(|(_, t)| *t == total), "{seen:?}");
    assert!(seen.windows(2).all(|w| w[0].0 < w[1].0), "numbers only go up: {seen:?}");
}

#[test]
fn i_chooses_among_several_scripts() {
    let mut s = blank();
    assert!(s.interviews.library.scripts().len() > 1, "the built-ins offer several");
    press(&mut s, Key::ch('i'));
    let Overlay::Find(find) = &s.overlay else { panic!("expected the chooser, got {:?}", s.overlay) };
    assert_eq!(archcrit_app::picker::matches(&s, find).len(), s.interviews.library.scripts().len());
    let other = s.interviews.library.scripts().iter().find(|sc| sc.id != "new-system").unwrap().id.clone();
    for c in other.chars() {
        press(&mut s, Key::ch(c));
    }
    press(&mut s, Key::plain(KeyCode::Enter));
    assert_eq!(s.interviews.running.as_ref().map(|iv| iv.session.script().id.clone()), Some(other));
    // Esc pauses; i now resumes it without asking.
    press(&mut s, Key::plain(KeyCode::Esc));
    press(&mut s, Key::ch('i'));
    if !s.doc.design().interview().is_empty() {
        assert!(s.interviews.running.is_some(), "resumed");
    }
}

#[test]
fn a_restored_recovery_copy_is_one_undo_step_from_the_file() {
    let mut on_disk = Design::new("shop");
    on_disk.apply(archcrit_core::model::Edit::SetDescription { description: Some("on disk".into()) }).unwrap();
    let (mut s, fx) = State::new(
        Startup { file: Some("d.yaml".into()), saved: true, ..Startup::new(on_disk.clone()) },
        Services::builtin(),
    );
    settle(&mut s, fx);
    update(&mut s, Action::Resize { w: 120, h: 40 });
    let mut recovered = on_disk.clone();
    for e in ["add service api", "add database db", "link api db sql", "set api replicas 3"] {
        let (mut t, _) = State::new(Startup::new(recovered.clone()), Services::builtin());
        cmd(&mut t, e);
        recovered = t.doc.design().clone();
    }
    recovered.apply(archcrit_core::model::Edit::SetDescription { description: Some("recovered".into()) }).unwrap();
    update(&mut s, Action::RecoveryFound { design: Box::new(recovered.clone()) });
    press(&mut s, Key::ch('y'));
    assert!(*s.doc.design() == recovered, "restored");
    assert!(s.doc.dirty());
    press(&mut s, Key::ch('u'));
    assert!(*s.doc.design() == on_disk, "one undo goes back to the file on disk");
    press(&mut s, Key::ch('U'));
    assert!(*s.doc.design() == recovered);
}

#[test]
fn the_message_window_leaves_the_status_bar_alone() {
    let mut s = blank();
    for i in 0..5 {
        cmd(&mut s, &format!("add service s{i}"));
    }
    press(&mut s, Key::ch('M'));
    let text = screen(&s);
    let rows: Vec<&str> = text.lines().collect();
    let status = rows[rows.len() - 2];
    assert!(status.contains("MESSAGES") && status.contains("5 components"), "{status}");
}

#[test]
fn help_has_a_legend_for_the_borders() {
    let lines: Vec<String> = archcrit::tui::view::help_lines(&PLAIN, 200).iter().map(|l| l.to_string()).collect();
    let text = lines.join("\n");
    assert!(text.contains("┏━━━┓  heavy") && text.contains("the selected box"), "{text}");
    assert!(text.contains("╔═══╗  double") && text.contains("highlighted"), "{text}");
}

#[test]
fn help_has_a_legend_for_lines_marks_and_compact_boxes() {
    let lines: Vec<String> = archcrit::tui::view::help_lines(&PLAIN, 200).iter().map(|l| l.to_string()).collect();
    let text = lines.join("\n");
    assert!(text.contains("Lines and marks on the canvas"), "{text}");
    for (glyphs, meaning) in [
        ("╌╌╌▶  dashed", "asynchronous"),
        ("dim, dashed", "across a box"),
        ("← → ↑ ↓", "past the canvas"),
        ("[ name ]  compact", "a component"),
        ("( name )  compact", "a data store"),
    ] {
        let row = lines.iter().find(|l| l.contains(glyphs)).unwrap_or_else(|| panic!("no {glyphs} row:\n{text}"));
        assert!(row.contains(meaning), "{row}");
    }
}

#[test]
fn help_wraps_its_descriptions_at_words_in_a_narrow_frame() {
    use unicode_width::UnicodeWidthStr;
    let wide: Vec<String> = archcrit::tui::view::help_lines(&PLAIN, 200).iter().map(|l| l.to_string()).collect();
    // 80 columns: the frame's inside is 78 cells.
    let narrow: Vec<String> = archcrit::tui::view::help_lines(&PLAIN, 78).iter().map(|l| l.to_string()).collect();
    let text = narrow.join("\n");
    assert!(narrow.iter().all(|l| l.width() <= 78), "{text}");
    assert!(narrow.len() > wide.len(), "long descriptions take more rows");
    // Every word of the wide help is there, whole, in the same order.
    let words =
        |lines: &[String]| lines.iter().flat_map(|l| l.split_whitespace().map(str::to_string)).collect::<Vec<_>>();
    assert_eq!(words(&narrow), words(&wide));
    // The row the user saw cut: continued under the description column.
    let at = narrow.iter().position(|l| l.contains("select the next box in reading order")).expect(&text);
    assert!(narrow[at + 1].starts_with(&" ".repeat(26)) && narrow[at + 1].contains("column)"), "{text}");
}

#[test]
fn a_long_prompt_reads_whole_beside_the_typed_value() {
    let mut s = blank();
    cmd(&mut s, "add service orders");
    // The inspector's replicas prompt, as `e`, j..., enter opens it.
    s.overlay = Overlay::Input(archcrit_app::Prompt {
        kind: archcrit_app::PromptKind::Command,
        title: "orders.replicas (a whole number of at least 1; empty = default):".into(),
        input: archcrit_app::LineInput::with_text("7"),
        error: None,
        completion: None,
    });
    let text = screen(&s);
    let last = text.lines().last().unwrap_or_default();
    assert!(last.starts_with("orders.replicas (a whole number of at least 1; empty = default): 7"), "{text}");
    // A long value keeps its end (and the cursor) on the line at 80 columns.
    update(&mut s, Action::Resize { w: 80, h: 24 });
    if let Overlay::Input(p) = &mut s.overlay {
        p.input = archcrit_app::LineInput::with_text("12345678901234567890123456789");
    }
    let text = screen(&s);
    let last = text.lines().last().unwrap_or_default();
    assert!(last.contains("orders.replicas (a whole number") && last.contains("123456789"), "{text}");
    assert!(last.trim_end().ends_with("0123456789"), "{text}");
}
