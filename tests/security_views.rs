//! Each workshop view makes text from designs, persona files and models
//! inert where it builds it (issue 10, point 1): a hostile label shows as
//! visible escapes in that view's part of a TestBackend buffer, and the
//! frame's last guard (the scrub, which would leave U+FFFD) finds nothing.

use std::path::PathBuf;

use archcrit_app::{Action, Focus, Key, KeyCode, Overlay, Services, Startup, State, panes, update};
use archcrit_core::critic::{Finding, Report, Severity};
use archcrit_core::model::ComponentId;
use archcrit_core::text::inert;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

mod support;
use support::workshop::{PLAIN, cmd, press, settle};

/// A title change, a bell and a right-to-left override.
const NASTY: &str = "x\u{1b}]2;pwned\u{7}\u{202e}z";
/// How the views must show it: every active character as a visible escape.
const SHOWN: &str = "x\\e]2;pwned\\u{7}\\u{202e}z";
/// As a YAML double-quoted scalar.
const QUOTED: &str = "\"x\\e]2;pwned\\a\\u202ez\"";

fn design_text(label: &str) -> String {
    format!(
        "archcrit: 1\nname: {label}\nrequirements:\n  peak_rps: 100\n\
         components:\n  web:\n    kind: client\n  api:\n    kind: service\n    label: {label}\n    tech: {label}\n\
         \x20 db:\n    kind: database\n\
         links:\n  - {{from: web, to: api, protocol: {label}}}\n  - {{from: api, to: db}}\n\
         flows:\n  browse:\n    from: web\n    via: [api, db]\n    label: {label}\n"
    )
}

/// The builtin critic, plus a finding whose text carries the hostile label
/// (as a finding quoting a label would).
fn hostile_critique(design: &archcrit_core::model::Design) -> Report {
    let mut report = (Services::builtin().critique)(design);
    let api = ComponentId::new("api").unwrap();
    report.findings.insert(
        0,
        Finding {
            rule: "hostile-text",
            severity: Severity::Error,
            components: vec![api],
            links: vec![],
            message: format!("api ({NASTY}) is hostile"),
            patterns: vec![],
        },
    );
    report
}

fn opened() -> State {
    let design = archcrit_core::file::load_str(&design_text(QUOTED), "d.yaml").unwrap();
    assert_eq!(design.name(), NASTY, "the YAML escapes decode to the raw characters");
    let services = Services { critique: hostile_critique, exists: |_| true, ..Services::builtin() };
    let (mut state, fx) =
        State::new(Startup { file: Some(PathBuf::from("d.yaml")), saved: true, ..Startup::new(design) }, services);
    settle(&mut state, fx);
    update(&mut state, Action::Resize { w: 180, h: 50 });
    state
}

fn select(state: &mut State, id: &str) {
    for _ in 0..10 {
        if state.selected().map(|s| s.as_str()) == Some(id) {
            return;
        }
        press(state, Key::plain(KeyCode::Tab));
    }
    panic!("{id} never selected");
}

/// The rows of `area` (the whole screen when `None`) as text, after
/// checking the frame: nothing active, and nothing the scrub had to replace.
fn drawn(what: &str, state: &State, area: Option<panes::Area>) -> String {
    let mut terminal = Terminal::new(TestBackend::new(state.panels.screen().0, state.panels.screen().1)).unwrap();
    terminal.draw(|f| archcrit::tui::view::render(f, state, &PLAIN)).unwrap();
    let buf = terminal.backend().buffer();
    let area = area.unwrap_or(panes::Area { x: 0, y: 0, w: buf.area.width, h: buf.area.height });
    let mut out = String::new();
    for y in area.y..area.y + area.h {
        for x in area.x..area.x + area.w {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    let whole: String = buf.content.iter().map(|c| c.symbol()).collect();
    assert!(inert::is_inert(&whole, false), "{what}: an active character reached the buffer");
    assert!(!whole.contains('\u{fffd}'), "{what}: the scrub had to replace text a view let through:\n{out}");
    out
}

fn assert_shows(what: &str, text: &str, shown: &str) {
    // Panels cut long rows: the visible start of the escape is enough.
    let joined: String = text.lines().map(str::trim_end).collect::<Vec<_>>().join("");
    assert!(joined.contains(shown), "{what}: `{shown}` not shown:\n{text}");
}

#[test]
fn the_inspector_shows_design_name_fields_and_links_inert() {
    let mut s = opened();
    s.select(None);
    let inspector = s.panels.panes().inspector.unwrap();
    assert_shows("design summary", &drawn("design summary", &s, Some(inspector)), SHOWN);

    select(&mut s, "api");
    let fields = drawn("component fields", &s, Some(s.panels.panes().inspector.unwrap()));
    assert_shows("component label", &fields, "x\\e]2;pwned");
    assert!(fields.matches("x\\e]2;pwned").count() >= 2, "label and tech:\n{fields}");

    press(&mut s, Key::ch('e'));
    let api = s.doc.design().component("api").unwrap();
    let to_web = archcrit_app::inspect::component_rows(s.doc.design(), api)
        .iter()
        .position(|r| matches!(r, archcrit_app::InspectorRow::Link(k) if k.from.as_str() == "web"))
        .unwrap();
    for _ in 0..to_web {
        press(&mut s, Key::plain(KeyCode::Down));
    }
    let rows = drawn("component link rows", &s, Some(s.panels.panes().inspector.unwrap()));
    assert_shows("link row protocol", &rows, "x\\e]2;pwned");
    press(&mut s, Key::plain(KeyCode::Enter));
    let link = drawn("link fields", &s, Some(s.panels.panes().inspector.unwrap()));
    assert!(link.contains("web -> api"), "{link}");
    assert_shows("link protocol", &link, "x\\e]2;pwned");
}

#[test]
fn the_findings_panel_shows_a_findings_text_inert() {
    let mut s = opened();
    press(&mut s, Key::ch('f'));
    assert_eq!(s.focus, Focus::Findings);
    assert_eq!(s.selected_finding().map(|f| f.rule), Some("hostile-text"));
    let panel = drawn("findings", &s, s.panels.panes().findings);
    assert_shows("finding detail", &panel, &format!("api ({SHOWN}) is hostile"));
}

#[test]
fn the_flows_list_shows_a_flows_label_inert() {
    let mut s = opened();
    press(&mut s, Key::ch('F'));
    assert_eq!(s.focus, Focus::Flows);
    let panel = drawn("flows", &s, s.panels.panes().findings);
    assert!(panel.contains("browse"), "{panel}");
    assert_shows("flow label", &panel, "x\\e]2;pwned");
}

#[test]
fn the_diff_panel_shows_changed_text_inert() {
    let mut s = opened();
    cmd(&mut s, "diff HEAD");
    let base = design_text("plain");
    let fx = update(&mut s, Action::BaseRead { rev: Some("HEAD".into()), text: Ok(base) });
    settle(&mut s, fx);
    assert!(s.diff.is_some(), "the diff is on show");
    press(&mut s, Key::ch('j'));
    let panel = drawn("diff", &s, s.panels.panes().findings);
    assert_shows("diff change", &panel, "x\\e]2;pwned");
}

#[test]
fn messages_and_their_history_show_foreign_text_inert() {
    let mut s = opened();
    update(&mut s, Action::FileUnreadable { message: format!("unknown field `{NASTY}`") });
    let line = drawn("bottom line", &s, Some(s.panels.panes().line));
    assert_shows("message", &line, SHOWN);
    press(&mut s, Key::ch('M'));
    assert!(matches!(s.overlay, Overlay::Messages { .. }), "{:?}", s.overlay);
    assert_shows("message history", &drawn("message history", &s, None), SHOWN);
}

#[test]
fn a_question_naming_a_hostile_path_shows_it_inert() {
    let mut s = opened();
    cmd(&mut s, &format!("w other{}.yaml", "\u{1b}]2;pwned\u{7}"));
    assert!(matches!(s.overlay, Overlay::Confirm(_)), "{:?}", s.overlay);
    assert_shows("question", &drawn("question", &s, None), "other\\e]2;pwned\\u{7}.yaml");
}

#[test]
fn the_persona_panel_shows_names_and_replies_inert() {
    let mut s = opened();
    s.chat.persona = format!("Evil {NASTY}");
    press(&mut s, Key::ch('t'));
    for c in "why?".chars() {
        press(&mut s, Key::ch(c));
    }
    let fx = update(&mut s, Action::Key(Key::plain(KeyCode::Enter)));
    let turn = fx
        .iter()
        .find_map(|e| match e {
            archcrit_app::Effect::AgentAsk { turn, .. } => Some(*turn),
            _ => None,
        })
        .expect("the question is asked");
    update(&mut s, Action::AgentToken { turn, text: format!("because {NASTY}") });
    let panel = drawn("persona panel", &s, s.panels.panes().chat);
    assert_shows("persona name", &panel, &format!("Evil {SHOWN}"));
    assert_shows("persona reply", &panel, &format!("because {SHOWN}"));
}
