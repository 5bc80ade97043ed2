//! What people see: whole screens rendered through ratatui's TestBackend
//! and kept as insta snapshots. Review a snapshot diff like code.

use archcrit::app::{Action, Effect, Key, KeyCode, Services, State, update};
use archcrit::domain::{examples, file};
use archcrit::tui::theme::Theme;
use archcrit::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const THEME: Theme = Theme { color: false, ascii: false };

/// Runs the critic inline, as the analyzer would.
fn settle(state: &mut State, effects: Vec<Effect>) {
    for e in effects {
        if let Effect::Analyze(d) = e {
            let report = (state.services.critique)(&d);
            update(state, Action::CritiqueReady { revision: d.revision(), report: Box::new(report) });
        }
    }
}

fn example(name: &str, w: u16, h: u16) -> State {
    let design = file::load_str(examples::example(name).unwrap(), name).unwrap();
    let (mut state, fx) = State::new(design, None, false, false, Services::builtin());
    settle(&mut state, fx);
    update(&mut state, Action::Resize { w, h });
    state
}

fn screen(state: &State, theme: Theme) -> String {
    let mut terminal = Terminal::new(TestBackend::new(state.screen.0, state.screen.1)).unwrap();
    terminal.draw(|f| view::render(f, state, &theme)).unwrap();
    let buf = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

fn press(state: &mut State, key: Key) {
    let fx = update(state, Action::Key(key));
    settle(state, fx);
}

#[test]
fn empty_design() {
    let (mut state, fx) =
        State::new(archcrit::domain::model::Design::new("Untitled"), None, false, false, Services::builtin());
    settle(&mut state, fx);
    update(&mut state, Action::Resize { w: 100, h: 24 });
    insta::assert_snapshot!(screen(&state, THEME));
}

#[test]
fn shop_example() {
    let state = example("shop", 150, 40);
    let text = screen(&state, THEME);
    for label in ["Web browser", "API gateway", "Orders", "https", "▶"] {
        assert!(text.contains(label), "{label} missing");
    }
    insta::assert_snapshot!(text);
}

#[test]
fn shop_example_in_ascii() {
    let state = example("shop", 150, 40);
    let text = screen(&state, Theme { color: false, ascii: true });
    let odd: String = text.chars().filter(|c| !c.is_ascii()).collect();
    assert!(odd.is_empty(), "non-ASCII output with --ascii: {odd}");
    insta::assert_snapshot!(text);
}

#[test]
fn help_lists_every_key() {
    let mut state = example("shop", 120, 40);
    press(&mut state, Key::ch('?'));
    insta::assert_snapshot!(screen(&state, THEME));
}

#[test]
fn a_selected_finding_is_highlighted() {
    let mut state = example("shop", 150, 40);
    press(&mut state, Key::ch('f'));
    let finding = state.selected_finding().unwrap().clone();
    let text = screen(&state, THEME);
    // The finding's subject is drawn with the double-line highlight.
    let subject = state.layout.rect(finding.components[0].as_str()).unwrap();
    let row: Vec<char> = text.lines().nth((subject.y - state.scroll.1) as usize).unwrap().chars().collect();
    assert_eq!(row[(subject.x - state.scroll.0) as usize], '╔', "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn the_inspector_shows_capacity_figures() {
    let mut state = example("shop", 150, 40);
    update(&mut state, Action::Command("set orders replicas 2".into()));
    let fx = update(&mut state, Action::Command("rm metrics".into()));
    settle(&mut state, fx);
    while state.selected.as_ref().map(|s| s.as_str()) != Some("orders") {
        press(&mut state, Key::plain(KeyCode::Tab));
    }
    press(&mut state, Key::ch('e'));
    let text = screen(&state, THEME);
    for figure in ["load", "util", "avail", "latency", "INSPECT"] {
        assert!(text.contains(figure), "{figure} missing");
    }
    insta::assert_snapshot!(text);
}

#[test]
fn a_too_small_terminal_gets_a_message() {
    let mut state = example("shop", 20, 5);
    update(&mut state, Action::Resize { w: 20, h: 5 });
    let text = screen(&state, THEME);
    assert!(text.contains("needs at"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn docs_keys_lists_every_binding_and_command() {
    let doc = std::fs::read_to_string("docs/keys.md").unwrap();
    for b in archcrit::app::keymap::BINDINGS {
        let keys = b.keys.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
        assert!(doc.contains(&format!("| {keys} | {} |", b.help)), "docs/keys.md lacks {keys}: {}", b.help);
    }
    for (name, _) in archcrit::app::command::USAGE {
        assert!(doc.contains(&format!("`:{name}")), "docs/keys.md lacks :{name}");
    }
}

/// The canvas alone, `w` x `h` cells from the top-left of the design, so
/// these snapshots show layout and nothing of the side panels.
fn canvas(state: &mut State, w: u16, h: u16) -> String {
    let area = ratatui::layout::Rect::new(0, 0, w, h);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    state.scroll = (0, 0);
    view::canvas::draw(&mut buf, area, state, &THEME);
    let mut out = String::new();
    for y in 0..h {
        let line: String = (0..w).map(|x| buf[(x, y)].symbol()).collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[test]
fn zones_sharing_ranks_get_frames_of_their_own() {
    let mut state = example("payments", 150, 40);
    let text = canvas(&mut state, 240, 24);
    for zone in [" internet ", " pci ", " core "] {
        assert!(text.contains(zone), "no frame for{zone}\n{text}");
    }
    insta::assert_snapshot!(text);
}

#[test]
fn adding_linking_and_moving_keep_the_other_boxes_in_place() {
    let mut state = example("shop", 150, 40);
    let before = state.layout.clone();
    for line in ["add service reviews Reviews", "set reviews zone private", "link orders reviews grpc"] {
        let fx = update(&mut state, Action::Command(line.into()));
        settle(&mut state, fx);
    }
    for _ in 0..3 {
        press(&mut state, Key::ch('J'));
    }
    for b in &before.boxes {
        assert_eq!(state.layout.rect(b.id.as_str()), Some(b.rect), "{} moved", b.id);
    }
    let text = canvas(&mut state, 200, 40);
    assert!(text.contains("Reviews") && text.contains("grpc"), "{text}");
    insta::assert_snapshot!(text);
}
