//! What people see: whole screens rendered through ratatui's TestBackend
//! and kept as insta snapshots. Review a snapshot diff like code.

use archcrit::tui::theme::Theme;
use archcrit::tui::view;
use archcrit_app::{Action, Key, KeyCode, Services, State, update};
use archcrit_app::{ChatLine, MouseKind};
use archcrit_core::examples;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

mod support;
use support::workshop::{PLAIN as THEME, press, screen, screen_with, settle};

/// An example opened as `archcrit --example NAME` opens it.
fn example(name: &str, w: u16, h: u16) -> State {
    let opened =
        archcrit::tui::open(&archcrit::tui::Options { example: Some(name.into()), ..Default::default() }).unwrap();
    assert!(examples::example(name).is_some());
    let (mut state, fx) = State::new(opened, Services::builtin());
    settle(&mut state, fx);
    update(&mut state, Action::Resize { w, h });
    state
}

#[test]
fn empty_design() {
    let opened = archcrit::tui::open(&archcrit::tui::Options::default()).unwrap();
    let (mut state, fx) = State::new(opened, Services::builtin());
    settle(&mut state, fx);
    update(&mut state, Action::Resize { w: 100, h: 24 });
    insta::assert_snapshot!(screen(&state));
}

#[test]
fn shop_example() {
    let state = example("shop", 150, 40);
    let text = screen(&state);
    assert!(!text.contains("[+]"), "an example is clean until edited");
    for label in ["Web browser", "API gateway", "Orders", "https", "▶"] {
        assert!(text.contains(label), "{label} missing");
    }
    insta::assert_snapshot!(text);
}

#[test]
fn shop_example_in_ascii() {
    let state = example("shop", 150, 40);
    let text = screen_with(&state, Theme { color: false, ascii: true });
    let odd: String = text.chars().filter(|c| !c.is_ascii()).collect();
    assert!(odd.is_empty(), "non-ASCII output with --ascii: {odd}");
    insta::assert_snapshot!(text);
}

#[test]
fn help_lists_every_key() {
    let mut state = example("shop", 120, 40);
    press(&mut state, Key::ch('?'));
    insta::assert_snapshot!(screen(&state));
}

#[test]
fn a_selected_finding_is_highlighted() {
    let mut state = example("shop", 150, 40);
    press(&mut state, Key::ch('f'));
    let finding = state.selected_finding().unwrap().clone();
    let text = screen(&state);
    // The finding's subject is drawn with the double-line highlight.
    let subject = state.canvas.layout().rect(finding.components[0].as_str()).unwrap();
    let row: Vec<char> = text.lines().nth((subject.y - state.canvas.scroll.1) as usize).unwrap().chars().collect();
    assert_eq!(row[(subject.x - state.canvas.scroll.0) as usize], '╔', "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn the_inspector_shows_capacity_figures() {
    let mut state = example("shop", 150, 40);
    update(&mut state, Action::Command("set orders replicas 2".into()));
    let fx = update(&mut state, Action::Command("rm metrics".into()));
    settle(&mut state, fx);
    while state.selected().map(|s| s.as_str()) != Some("orders") {
        press(&mut state, Key::plain(KeyCode::Tab));
    }
    press(&mut state, Key::ch('e'));
    let text = screen(&state);
    for figure in ["load", "util", "avail", "latency", "INSPECT"] {
        assert!(text.contains(figure), "{figure} missing");
    }
    insta::assert_snapshot!(text);
}

#[test]
fn a_too_small_terminal_gets_a_message() {
    let mut state = example("shop", 20, 5);
    update(&mut state, Action::Resize { w: 20, h: 5 });
    let text = screen(&state);
    assert!(text.contains("needs at"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn docs_keys_lists_every_binding_and_command() {
    let doc = std::fs::read_to_string("docs/keys.md").unwrap();
    for b in archcrit_app::keymap::BINDINGS {
        let keys = b.keys.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
        assert!(doc.contains(&format!("| {keys} | {} |", b.help)), "docs/keys.md lacks {keys}: {}", b.help);
    }
    // The command table's rows, exactly: one per command, in the table's order.
    let commands = doc.split("## Commands").nth(1).expect("docs/keys.md has a Commands section");
    let documented: Vec<&str> = commands
        .lines()
        .take_while(|l| !l.starts_with("## "))
        .filter_map(|l| l.strip_prefix("| `:"))
        .filter_map(|l| l.split('`').next())
        .collect();
    let table: Vec<&str> = archcrit_app::command::COMMANDS.iter().map(|c| c.usage).collect();
    assert_eq!(documented, table, "docs/keys.md's commands differ from the command table");
}

#[test]
fn a_link_in_the_inspector() {
    let mut state = example("shop", 150, 40);
    while state.selected().map(|s| s.as_str()) != Some("gateway") {
        press(&mut state, Key::plain(KeyCode::Tab));
    }
    press(&mut state, Key::ch('e'));
    // Down to the link row gateway -> orders, open it, go to mode.
    let gateway = state.doc.design().component("gateway").unwrap();
    let to_orders = archcrit_app::inspect::component_rows(state.doc.design(), gateway)
        .iter()
        .position(|r| matches!(r, archcrit_app::InspectorRow::Link(k) if k.to.as_str() == "orders"))
        .unwrap();
    for _ in 0..to_orders {
        press(&mut state, Key::plain(KeyCode::Down));
    }
    let components = screen(&state);
    assert!(components.contains("links (enter opens one)") && components.contains("-> orders"), "{components}");
    press(&mut state, Key::plain(KeyCode::Enter));
    press(&mut state, Key::plain(KeyCode::Down));
    press(&mut state, Key::ch(' '));
    let text = screen(&state);
    for shown in ["gateway -> orders", "protocol", "grpc", "mode", "async", "calls", "access", "tls", "auth", "label"] {
        assert!(text.contains(shown), "{shown} missing:\n{text}");
    }
    assert!(text.contains("set gateway -> orders (grpc) mode = async"), "the change is reported:\n{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn a_long_message_wraps_above_the_status_bar() {
    let mut state = example("shop", 100, 24);
    update(&mut state, Action::Command("frobnicate".into()));
    let (_, message) = state.message().cloned().unwrap();
    assert!(message.len() > 100, "the message must be longer than the screen is wide");
    let text = screen(&state);
    let lines: Vec<&str> = text.lines().collect();
    // Every word of the message is on screen, the status bar just above it.
    let bottom: String = lines[lines.len() - 2..].join(" ");
    for word in message.split_whitespace() {
        assert!(bottom.contains(word), "{word} cut off:\n{text}");
    }
    assert!(lines[lines.len() - 3].contains("NORMAL"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn a_prompt_refusal_too_long_for_the_line_shows_above_it() {
    let mut state = example("shop", 100, 24);
    press(&mut state, Key::ch(':'));
    for c in "set orders kind servise".chars() {
        press(&mut state, Key::ch(c));
    }
    press(&mut state, Key::plain(KeyCode::Enter));
    let text = screen(&state);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[lines.len() - 1].starts_with(": set orders kind servise"), "{text}");
    assert!(text.contains("did you mean `service`"), "{text}");
    assert!(text.contains("monitoring, external"), "the end of the list shows:\n{text}");
    insta::assert_snapshot!(text);

    // Shorter than the screen is wide, but not than the room beside a
    // long prompt title: it goes above the line too.
    update(&mut state, Action::Resize { w: 160, h: 45 });
    let error = "unknown mode `sometimes` (did you mean `sync`?); expected one of: sync, async".to_string();
    state.overlay = archcrit_app::Overlay::Input(archcrit_app::Prompt {
        kind: archcrit_app::PromptKind::Command,
        title: format!("{}:", "a long prompt title ".repeat(5)),
        input: archcrit_app::LineInput::with_text("sometimes"),
        error: Some(error.clone()),
        completion: None,
    });
    let text = screen(&state);
    assert!(text.contains(&error), "the refusal is shown whole:\n{text}");
    assert!(text.lines().last().unwrap().contains("sometimes"), "{text}");
}

#[test]
fn the_message_history() {
    let mut state = example("shop", 100, 24);
    let fx = update(&mut state, Action::Command("set orders replicas 3".into()));
    settle(&mut state, fx);
    update(&mut state, Action::Command("frobnicate".into()));
    press(&mut state, Key::ch('M'));
    let text = screen(&state);
    assert!(text.contains("set orders.replicas = 3") && text.contains("unknown command :frobnicate"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn the_persona_panel_scrolled_back() {
    let mut state = example("shop", 120, 30);
    for i in 1..=30 {
        state.chat.lines.push(ChatLine { who: Some("note".into()), text: format!("line {i} of the conversation") });
    }
    update(&mut state, Action::Resize { w: 120, h: 30 });
    let chat = state.panels.panes().chat.unwrap();
    let (x, y) = (chat.x + 2, chat.y + 2);
    update(&mut state, Action::Mouse { kind: MouseKind::ScrollUp, x, y });
    update(&mut state, Action::Mouse { kind: MouseKind::ScrollUp, x, y });
    let before = screen(&state);
    assert!(before.contains("scrolled back"), "{before}");
    assert!(!before.contains("line 30 of"), "{before}");
    // New words arrive: the rows being read stay put.
    update(&mut state, Action::AgentToken { turn: 99, text: "a brand new answer".into() });
    let after = screen(&state);
    let panel =
        |t: &str| t.lines().map(|l| l.chars().skip(usize::from(chat.x)).collect::<String>()).collect::<Vec<_>>();
    assert_eq!(panel(&before)[3..8], panel(&after)[3..8], "the view did not move");
    assert!(after.contains("scrolled back · 7 more ↓ · end"), "{after}");
    insta::assert_snapshot!(after);
    press(&mut state, Key::plain(KeyCode::End));
    let end = screen(&state);
    assert!(end.contains("a brand new answer") && !end.contains("scrolled back"), "{end}");
}

#[test]
fn a_long_message_before_a_resize_arrives_does_not_break_drawing() {
    let mut state = example("shop", 40, 10);
    update(&mut state, Action::Command("frobnicate".into()));
    for (w, h) in [(200, 60), (40, 10), (45, 12)] {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal.draw(|f| view::render(f, &state, &THEME)).unwrap();
        let buf = terminal.backend().buffer();
        let text: String = (0..h).flat_map(|y| (0..w).map(move |x| (x, y))).map(|p| buf[p].symbol()).collect();
        assert!(text.contains("frobnicate"), "{text}");
        if (w, h) == (40, 10) {
            // Three rows at most on a 10-row screen, then the mark.
            assert!(text.contains("… M shows it all"), "{text}");
        }
    }
}

/// The canvas alone, `w` x `h` cells from the top-left of the design, so
/// these snapshots show layout and nothing of the side panels.
fn canvas(state: &mut State, w: u16, h: u16) -> String {
    let area = ratatui::layout::Rect::new(0, 0, w, h);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    state.canvas.scroll = (0, 0);
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
    // Wide enough for the shop in one band: a wrapped board is laid out
    // afresh on every edit, as it reopens (see `layout::relayout`).
    let mut state = example("shop", 250, 40);
    let before = state.canvas.layout().clone();
    for line in ["add service reviews Reviews", "set reviews zone private", "link orders reviews grpc"] {
        let fx = update(&mut state, Action::Command(line.into()));
        settle(&mut state, fx);
    }
    for _ in 0..3 {
        press(&mut state, Key::ch('J'));
    }
    for b in &before.boxes {
        assert_eq!(state.canvas.layout().rect(b.id.as_str()), Some(b.rect), "{} moved", b.id);
    }
    let text = canvas(&mut state, 200, 40);
    assert!(text.contains("Reviews") && text.contains("grpc"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn a_seven_box_chain_wraps_to_an_80_column_terminal() {
    // A newcomer's chain at 80x24: the boxes wrap into bands below each
    // other instead of running off the right edge; with the panels hidden
    // (`v`) all of it shows.
    let chain = ["web", "cdn", "gw", "orders", "cache", "db", "mailer"];
    let kinds = ["client", "cdn", "gateway", "service", "cache", "database", "worker"];
    let mut state = sketched_chain((80, 24), &chain, &kinds);
    for _ in 0..3 {
        if state.panels.panes().canvas.w < 80 {
            press(&mut state, Key::ch('v'));
        }
    }
    let width = i32::from(state.panels.panes().canvas.w);
    assert_eq!(width, 80, "the canvas alone");
    let layout = state.canvas.layout();
    assert!(layout.extent.0 <= width, "needs {} columns, the canvas has {width}", layout.extent.0);
    let rows: std::collections::BTreeSet<i32> = layout.boxes.iter().map(|b| b.rect.y).collect();
    assert!(rows.len() >= 2, "one band: {rows:?}");
    let text = screen(&state);
    for id in chain {
        assert!(text.contains(id), "{id} off screen\n{text}");
    }
    insta::assert_snapshot!(text);
}

#[test]
fn a_long_chain_wraps_to_the_room_the_panels_leave() {
    // At 120x40 every panel shows and the canvas has about 80 columns: the
    // board wraps to those, not to the terminal, so no box sits behind a
    // panel; hiding the panels (`v`) widens it again.
    let chain = ["web", "cdn", "gw", "orders", "cache", "db", "jobs", "mailer"];
    let kinds = ["client", "cdn", "gateway", "service", "cache", "database", "queue", "worker"];
    let mut state = sketched_chain((120, 40), &chain, &kinds);
    let within = |state: &State| {
        let width = i32::from(state.panels.panes().canvas.w);
        let extent = state.canvas.layout().extent.0;
        (width, extent)
    };
    let (width, extent) = within(&state);
    assert!(width < 120, "panels take room: {width}");
    assert!(extent <= width, "the board needs {extent} columns, the canvas has {width}");
    let text = screen(&state);
    for id in chain {
        assert!(text.contains(id), "{id} hidden\n{text}");
    }
    for _ in 0..3 {
        if state.panels.panes().canvas.w < 120 {
            press(&mut state, Key::ch('v'));
        }
    }
    let (width, extent) = within(&state);
    assert_eq!(width, 120, "the canvas alone");
    assert!(extent <= width && extent > 80, "the wider canvas takes more of the chain in a band: {extent}");
}

#[test]
fn the_kind_picker_on_a_short_screen_says_how_many_kinds_it_hides() {
    let opened = archcrit::tui::open(&archcrit::tui::Options::default()).unwrap();
    let (mut state, fx) = State::new(opened, Services::builtin());
    settle(&mut state, fx);
    update(&mut state, Action::Resize { w: 80, h: 16 });
    press(&mut state, Key::ch('a'));
    let text = screen(&state);
    // Service is offered first; client is above it, eleven kinds below.
    assert!(text.contains("↑ 1 more") && text.contains("↓ 11 more"), "no scroll marks on the kind picker\n{text}");
}

#[test]
fn the_hint_line_shows_whole_hints_only() {
    let opened =
        archcrit::tui::open(&archcrit::tui::Options { example: Some("shop".into()), ..Default::default() }).unwrap();
    let (mut state, fx) = State::new(opened, Services::builtin());
    settle(&mut state, fx);
    for w in [60u16, 80, 100] {
        update(&mut state, Action::Resize { w, h: 24 });
        let text = screen(&state);
        let last = text.lines().last().unwrap_or("").trim_end().to_string();
        let helps: Vec<&str> =
            archcrit_app::keymap::Keymap::hints(archcrit_app::Context::Canvas, 6).iter().map(|(_, h)| *h).collect();
        assert!(helps.iter().any(|h| last.ends_with(h)), "a hint cut short at {w} columns: `{last}`");
    }
}

/// A blank workshop at `size` with `chain` added (each of its kind) and
/// linked in a row over https, every result settled.
fn sketched_chain(size: (u16, u16), chain: &[&str], kinds: &[&str]) -> State {
    let opened = archcrit::tui::open(&archcrit::tui::Options::default()).unwrap();
    let (mut state, fx) = State::new(opened, Services::builtin());
    settle(&mut state, fx);
    update(&mut state, Action::Resize { w: size.0, h: size.1 });
    for (id, kind) in chain.iter().zip(kinds) {
        let fx = update(&mut state, Action::Command(format!("add {kind} {id}")));
        settle(&mut state, fx);
    }
    for pair in chain.windows(2) {
        let fx = update(&mut state, Action::Command(format!("link {} {} https", pair[0], pair[1])));
        settle(&mut state, fx);
    }
    state
}

#[test]
fn a_board_cut_by_the_canvas_edges_says_where_it_goes_on() {
    // 100x30: the shop wraps to the room the panels leave and goes on below
    // the canvas's bottom edge. Going to the mailer scrolls the board:
    // boxes and lines then go on past the top edge too.
    let mut state = example("shop", 100, 30);
    let text = screen(&state);
    let bottom = text.lines().nth(27).unwrap_or_default();
    assert!(bottom.contains('↓'), "the board going on below is marked:\n{text}");
    press(&mut state, Key::ch('/'));
    "mailer".chars().for_each(|c| press(&mut state, Key::ch(c)));
    press(&mut state, Key::plain(KeyCode::Enter));
    assert!(state.canvas.scroll.1 > 0, "scrolled down to the mailer");
    let text = screen(&state);
    assert!(text.lines().next().is_some_and(|l| l.contains('↑')), "the top edge is marked:\n{text}");
    insta::assert_snapshot!(text);
    let ascii = screen_with(&state, Theme { color: false, ascii: true });
    assert!(ascii.lines().next().is_some_and(|l| l.contains('^')), "{ascii}");
}

#[test]
fn an_edge_mark_never_sits_on_a_box() {
    // The shop scrolled down a row, then further and sideways: boxes cut
    // by the canvas's edges keep their borders and words whole; each mark
    // sits on a free cell of the edge beside them, or is left out.
    let mut state = example("shop", 100, 30);
    let (w, h) = (70u16, 20u16);
    let mut marks = 0;
    for scroll in [(0, 1), (0, 2), (0, 5), (3, 1), (10, 14), (20, 25)] {
        state.canvas.scroll = scroll;
        let area = ratatui::layout::Rect::new(0, 0, w, h);
        let mut buf = ratatui::buffer::Buffer::empty(area);
        view::canvas::draw(&mut buf, area, &state, &THEME);
        for y in 0..h {
            for x in 0..w {
                if !["←", "→", "↑", "↓"].contains(&buf[(x, y)].symbol()) {
                    continue;
                }
                marks += 1;
                let (cx, cy) = (scroll.0 + i32::from(x), scroll.1 + i32::from(y));
                let under = state.canvas.layout().boxes.iter().find(|b| b.rect.contains(cx, cy));
                let row: String = (0..w).map(|x| buf[(x, y)].symbol()).collect();
                assert!(
                    under.is_none(),
                    "scrolled {scroll:?}: a mark on {:?} at ({x}, {y}):\n{row}",
                    under.map(|b| &b.id)
                );
            }
        }
    }
    assert!(marks > 10, "the cut board is marked at all ({marks} marks)");
}
