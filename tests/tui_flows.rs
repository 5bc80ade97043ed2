//! Flows in the workshop: `:flow` commands as undoable edits with clear
//! refusals, the flows list (`F`, `:flows`) and its selection lighting a
//! path on the canvas, and headroom in the status line.

use archcrit::tui::view;
use archcrit_app::flows::rows;
use archcrit_app::{Action, Focus, Key, KeyCode, Level, Services, State, update};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

mod support;
use support::workshop::{PLAIN as THEME, press, screen, settle};

fn example(name: &str, w: u16, h: u16) -> State {
    let opened =
        archcrit::tui::open(&archcrit::tui::Options { example: Some(name.into()), ..Default::default() }).unwrap();
    let (mut state, fx) = State::new(opened, Services::builtin());
    settle(&mut state, fx);
    update(&mut state, Action::Resize { w, h });
    state
}

fn run(state: &mut State, line: &str) {
    let fx = update(state, Action::Command(line.into()));
    settle(state, fx);
}

fn error(state: &State) -> String {
    match state.message() {
        Some((Level::Error, text)) => text.clone(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// The shop with two flows: browsing the catalog and placing an order.
fn shop_with_flows() -> State {
    let mut s = example("shop", 150, 40);
    run(&mut s, "flow add browse web cdn gateway catalog catalog-cache catalog-db");
    run(&mut s, "flow add order mobile cdn gateway orders orders-db");
    s
}

#[test]
fn flow_commands_are_undoable_edits() {
    let mut s = shop_with_flows();
    let browse = s.doc.design().flow("browse").expect("browse added");
    assert_eq!(browse.from.as_str(), "web");
    assert_eq!(browse.via.len(), 5);
    assert_eq!(s.doc.design().flows().keys().collect::<Vec<_>>(), ["browse", "order"]);

    run(&mut s, "flow set browse rps 300");
    run(&mut s, "flow set browse p99_budget_ms 250");
    run(&mut s, "flow set browse availability_slo 99.9");
    run(&mut s, "flow set browse label Browse  the catalog");
    let browse = s.doc.design().flow("browse").unwrap();
    assert_eq!(browse.rps, Some(300.0));
    assert_eq!(browse.p99_budget_ms, Some(250.0));
    assert_eq!(browse.availability_slo, Some(99.9));
    assert_eq!(browse.label.as_deref(), Some("Browse  the catalog"), "a label keeps its spaces");

    // Each is one undo step; an empty value clears a field.
    run(&mut s, "undo");
    assert_eq!(s.doc.design().flow("browse").unwrap().label, None);
    run(&mut s, "flow set browse rps");
    assert_eq!(s.doc.design().flow("browse").unwrap().rps, None);
    run(&mut s, "undo");
    assert_eq!(s.doc.design().flow("browse").unwrap().rps, Some(300.0));

    run(&mut s, "flow rm order");
    assert!(s.doc.design().flow("order").is_none());
    run(&mut s, "undo");
    assert_eq!(s.doc.design().flows().keys().collect::<Vec<_>>(), ["browse", "order"], "back in its place");
}

#[test]
fn flow_commands_refuse_with_reasons() {
    let mut s = shop_with_flows();
    let before = s.doc.design().clone();
    run(&mut s, "flow add lost web catalog");
    assert!(error(&s).contains("`catalog` cannot be reached from `web`"), "{}", error(&s));
    run(&mut s, "flow add bad web cdn nowhere");
    assert!(error(&s).contains("`nowhere`, which does not exist"), "{}", error(&s));
    run(&mut s, "flow add svc gateway catalog");
    assert!(error(&s).contains("a flow starts at a client"), "{}", error(&s));
    run(&mut s, "flow add browse web cdn");
    assert!(error(&s).contains("flow `browse` exists"), "{}", error(&s));
    run(&mut s, "flow rm brwse");
    assert!(error(&s).contains("no flow `brwse` (did you mean `browse`?)"), "{}", error(&s));
    run(&mut s, "flow set browse colour red");
    assert!(error(&s).contains("no field `colour`"), "{}", error(&s));
    run(&mut s, "flow set browse rps lots");
    assert!(error(&s).contains("`lots` is not a number"), "{}", error(&s));
    run(&mut s, "flow set browse availability_slo 120");
    assert!(error(&s).contains("availability_slo"), "{}", error(&s));
    run(&mut s, "flow zap browse");
    assert!(error(&s).starts_with("usage: :flow add ID FROM VIA..."), "{}", error(&s));
    assert!(*s.doc.design() == before, "no refusal changed the design");
}

#[test]
fn the_flows_list_selects_and_lights_a_path() {
    let mut s = shop_with_flows();
    assert!(s.lit_flow().is_none(), "nothing lights up while the list is closed");
    press(&mut s, Key::plain(KeyCode::Esc));
    press(&mut s, Key::ch('F'));
    assert_eq!(s.focus, Focus::Flows);
    // The last flow added stays selected.
    assert_eq!(s.lit_flow().map(|(id, _)| id), Some("order"));
    press(&mut s, Key::ch('j'));
    assert_eq!(s.lit_flow().map(|(id, _)| id), Some("browse"), "wraps around");
    assert_eq!(s.selected().map(|c| c.as_str()), Some("web"), "the flow's client is selected");
    press(&mut s, Key::ch('k'));
    assert_eq!(s.lit_flow().map(|(id, _)| id), Some("order"));
    press(&mut s, Key::plain(KeyCode::Esc));
    assert_eq!(s.focus, Focus::Canvas);
    assert!(s.lit_flow().is_none());
    run(&mut s, "flows");
    assert_eq!(s.focus, Focus::Flows);
    assert_eq!(s.lit_flow().map(|(id, _)| id), Some("order"), "the list remembers its flow");
}

#[test]
fn rows_show_numbers_and_mark_a_missed_budget() {
    let mut s = shop_with_flows();
    run(&mut s, "flow set browse p99_budget_ms 0.001");
    let report = s.fresh_report().expect("a critique of the design as it is");
    let all = rows::rows(s.doc.design(), Some(report));
    assert_eq!(all.iter().map(|r| (r.id.as_str(), r.over)).collect::<Vec<_>>(), [("browse", true), ("order", false)]);
    assert!(all[0].summary.contains(" rps  p99 "), "{}", all[0].summary);
    let flow = s.doc.design().flow("browse").unwrap();
    let lines = rows::detail(flow, report.metrics.flows.get("browse"));
    let text: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
    assert!(text[0].ends_with("rps: web > cdn > gateway > catalog > catalog-cache > catalog-db"), "{text:?}");
    assert!(text[1].starts_with("mean "), "{text:?}");
    assert!(text[2].contains("OVER budget 0.0 ms"), "{text:?}");
    assert!(lines[2].over && !lines[1].over);
    assert!(text[3].starts_with("availability "), "{text:?}");
}

#[test]
fn headroom_reads_from_the_report() {
    let s = example("shop", 150, 40);
    let report = s.fresh_report().unwrap();
    let h = report.metrics.headroom.as_ref().expect("the shop has load");
    let line = rows::headroom_status(report);
    assert_eq!(line, format!("headroom {:.1}x: {}", h.factor, h.first[0]));
    assert!(screen(&s).contains(&line), "the status line shows {line}");
    let mut empty = report.clone();
    empty.metrics.headroom = None;
    assert_eq!(rows::headroom_status(&empty), "headroom -");
}

#[test]
fn a_selected_flow_on_screen() {
    let mut s = shop_with_flows();
    run(&mut s, "flow set browse p99_budget_ms 1");
    run(&mut s, "flow set browse label Browse the catalog");
    // The flow just changed is the one the list opens on.
    press(&mut s, Key::ch('F'));
    assert_eq!(s.lit_flow().map(|(id, _)| id), Some("browse"));
    let text = screen(&s);
    for part in ["FLOWS", " Flows ", "! browse", "Browse the catalog", "OVER budget", "headroom "] {
        assert!(text.contains(part), "{part} missing:\n{text}");
    }
    insta::assert_snapshot!(text);

    // The path's boxes are drawn highlighted; others are not.
    let mut terminal = Terminal::new(TestBackend::new(150, 40)).unwrap();
    terminal.draw(|f| view::render(f, &s, &THEME)).unwrap();
    let buf = terminal.backend().buffer().clone();
    let style_at = |id: &str| {
        let r = s.canvas.layout().rect(id).unwrap();
        let (x, y) = (r.x - s.canvas.scroll.0, r.y - s.canvas.scroll.1);
        assert!(x >= 0 && y >= 0 && x < i32::from(s.panels.panes().canvas.w), "{id} is in view");
        buf[(x as u16, y as u16)].style()
    };
    let lit = style_at("gateway");
    assert_eq!(lit, style_at("cdn"));
    assert_ne!(lit, style_at("orders"), "a box off the path is not lit");
    assert_ne!(lit, style_at("identity"));
}

#[test]
fn tab_completes_flow_words() {
    let s = shop_with_flows();
    let lib = archcrit_core::interview::Library::default();
    let c = |line: &str| archcrit_app::command::candidates(line, s.doc.design(), &lib);
    assert_eq!(c("flo"), ["flows", "flow"]);
    assert_eq!(c("flow r"), ["rm"]);
    assert_eq!(c("flow set b"), ["browse"]);
    assert_eq!(c("flow set browse p99"), ["p99_budget_ms"]);
    assert_eq!(c("flow add x "), ["web", "mobile"]);
    assert_eq!(c("flow add x web cd"), ["cdn"]);
}

#[test]
fn an_empty_flows_list_says_how_to_add_one() {
    let mut s = example("shop", 150, 40);
    press(&mut s, Key::ch('F'));
    assert_eq!(s.focus, Focus::Flows);
    assert!(s.lit_flow().is_none());
    assert!(s.message().is_some_and(|(_, m)| m.contains(":flow add ID FROM VIA")));
    assert!(screen(&s).contains("No flows. :flow add ID FROM VIA..."));
    press(&mut s, Key::ch('j'));
    assert!(s.lit_flow().is_none(), "nothing to step to");
}
