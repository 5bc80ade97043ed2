//! Action sequences through `update`: what a person does, and what the
//! state and effects are afterwards. No terminal, no tasks.

use std::path::{Path, PathBuf};

use archcrit_app::{
    Action, Effect, Focus, Key, KeyCode, Level, Overlay, PromptKind, Question, Services, Startup, State, update,
};
use archcrit_core::critic::patterns::PatternError;
use archcrit_core::critic::{Finding, Metrics, Report, Severity};
use archcrit_core::model::{Component, ComponentId, Design, Edit, Kind, Link, LinkKey, Mode};

fn id(s: &str) -> ComponentId {
    ComponentId::new(s).unwrap()
}

/// A stand-in critic: every service without replicas gets a finding whose
/// pattern adds a cache in front of it.
fn fake_critique(design: &Design) -> Report {
    let findings = design
        .components()
        .filter(|c| c.kind == Kind::Service && c.replicas.is_none())
        .map(|c| Finding {
            rule: "single-replica",
            severity: Severity::Warning,
            components: vec![c.id.clone()],
            links: vec![],
            message: format!("{} runs as one replica", c.id),
            patterns: vec!["add-cache"],
        })
        .collect();
    Report {
        design: design.name().into(),
        findings,
        accepted: vec![],
        metrics: Metrics::default(),
        not_checked: vec![],
    }
}

fn fake_transform(design: &Design, pattern: &str, finding: &Finding) -> Result<Edit, PatternError> {
    let subject = finding.subject().ok_or_else(|| PatternError::no(pattern, "no subject"))?;
    if pattern != "add-cache" {
        return Err(PatternError::Unknown(pattern.to_string()));
    }
    let cache = design.unused_id(&format!("{subject}-cache"));
    Ok(Edit::Batch {
        label: format!("add a cache to {subject}"),
        edits: vec![
            Edit::AddComponent { component: Component::new(cache.clone(), Kind::Cache), index: None },
            Edit::Connect { link: Link::new(subject.clone(), cache).with_protocol("redis"), index: None },
        ],
    })
}

/// A stand-in file system where only files named `taken...` exist.
fn fake_exists(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n.to_string_lossy().starts_with("taken"))
}

fn services() -> Services {
    Services { critique: fake_critique, transform: fake_transform, exists: fake_exists }
}

fn new_state(file: Option<&str>, on_disk: bool) -> State {
    let (mut state, effects) = State::new(
        Startup { file: file.map(PathBuf::from), saved: on_disk, ..Startup::new(Design::new("t")) },
        services(),
    );
    assert!(matches!(effects[0], Effect::Analyze(_)));
    update(&mut state, Action::Resize { w: 120, h: 40 });
    state
}

fn cmd(state: &mut State, line: &str) -> Vec<Effect> {
    update(state, Action::Command(line.into()))
}

fn press(state: &mut State, key: Key) -> Vec<Effect> {
    update(state, Action::Key(key))
}

fn typed(state: &mut State, text: &str) {
    for c in text.chars() {
        press(state, Key::ch(c));
    }
}

fn enter(state: &mut State) -> Vec<Effect> {
    press(state, Key::plain(KeyCode::Enter))
}

/// Runs the analyzer's job inline, as the worker would.
fn analyze(state: &mut State, effects: &[Effect]) {
    for e in effects {
        if let Effect::Analyze(d) = e {
            let report = (state.session.services.critique)(d);
            update(state, Action::CritiqueReady { revision: d.revision(), report: Box::new(report) });
        }
    }
}

fn ids(state: &State) -> Vec<String> {
    state.doc.design().ids().map(|i| i.to_string()).collect()
}

#[test]
fn add_connect_undo_redo() {
    let mut s = new_state(None, false);
    let fx = cmd(&mut s, "add client web Web browser");
    assert!(fx.iter().any(|e| matches!(e, Effect::Analyze(_))));
    assert!(fx.iter().any(|e| matches!(e, Effect::Autosave { file: None, .. })));
    cmd(&mut s, "add service api");
    cmd(&mut s, "link web api https");
    assert_eq!(ids(&s), ["web", "api"]);
    assert_eq!(s.doc.design().component("web").unwrap().display_label(), "Web browser");
    let key = LinkKey::new(id("web"), id("api"), Some("https"));
    assert!(s.doc.design().link(&key).is_some());
    assert!(s.canvas.layout().route(&key).is_some(), "the new link is routed");
    assert!(s.doc.dirty());

    press(&mut s, Key::ch('u'));
    assert_eq!(s.doc.design().link_count(), 0);
    press(&mut s, Key::ctrl('z'));
    assert_eq!(ids(&s), ["web"]);
    press(&mut s, Key::ch('U'));
    press(&mut s, Key::ctrl('r'));
    assert!(s.doc.design().link(&key).is_some());
    let fx = press(&mut s, Key::ch('U'));
    assert!(fx.is_empty());
    assert!(s.message().unwrap().1.contains("nothing to redo"));
}

#[test]
fn adding_and_connecting_with_keys() {
    let mut s = new_state(None, false);
    press(&mut s, Key::ch('a'));
    assert!(matches!(s.overlay, Overlay::Picker { .. }));
    typed(&mut s, "cl");
    enter(&mut s);
    match &s.overlay {
        Overlay::Input(p) => {
            assert_eq!(p.kind, PromptKind::NewComponent { kind: Kind::Client, tech: None });
            assert_eq!(p.input.text(), "client");
        }
        other => panic!("expected a prompt, got {other:?}"),
    }
    // The suggested id is selected: `end` keeps it, then a label follows.
    press(&mut s, Key::plain(KeyCode::End));
    typed(&mut s, " Browser");
    enter(&mut s);
    assert_eq!(s.doc.design().component("client").unwrap().display_label(), "Browser");
    cmd(&mut s, "add service api");
    // Select the client, then connect to the box on its right.
    press(&mut s, Key::plain(KeyCode::Tab));
    assert_eq!(s.selected().unwrap().as_str(), "client");
    press(&mut s, Key::ch('c'));
    match &s.overlay {
        Overlay::Connect { from, target } => {
            assert_eq!(from.as_str(), "client");
            assert_eq!(target.as_ref().unwrap().as_str(), "api");
        }
        other => panic!("expected connecting, got {other:?}"),
    }
    enter(&mut s);
    typed(&mut s, "gr");
    press(&mut s, Key::plain(KeyCode::Tab));
    enter(&mut s);
    assert!(s.doc.design().link(&LinkKey::new(id("client"), id("api"), Some("grpc"))).is_some(), "{:?}", s.message());
}

/// The protocol prompt offers what the target most likely speaks, so a
/// newcomer's enter gives every link a label: https into the gateway, sql
/// into PostgreSQL, redis into a cache, kafka out of a stream.
#[test]
fn a_new_link_offers_the_protocol_its_target_speaks() {
    let mut s = new_state(None, false);
    for line in [
        "add client web",
        "add gateway gw",
        "add service api",
        "add database db",
        "add stream events",
        "add worker mailer",
    ] {
        cmd(&mut s, line);
    }
    cmd(&mut s, "set db tech postgres");
    for (from, to, expected) in [
        ("web", "gw", "https"),
        ("gw", "api", "https"),
        ("api", "db", "sql"),
        ("api", "events", "kafka"),
        ("events", "mailer", "kafka"),
    ] {
        s.select(Some(id(from)));
        press(&mut s, Key::ch('c'));
        press(&mut s, Key::ch('/'));
        typed(&mut s, to);
        enter(&mut s);
        match &s.overlay {
            Overlay::Input(p) => assert_eq!(p.input.text(), expected, "{from} -> {to}"),
            other => panic!("expected the protocol prompt, got {other:?}"),
        }
        enter(&mut s);
        assert!(s.doc.design().link(&LinkKey::new(id(from), id(to), Some(expected))).is_some(), "{from} -> {to}");
    }
    // Typing replaces the offer.
    s.select(Some(id("api")));
    press(&mut s, Key::ch('c'));
    press(&mut s, Key::ch('/'));
    typed(&mut s, "mailer");
    enter(&mut s);
    typed(&mut s, "grpc");
    enter(&mut s);
    assert!(s.doc.design().link(&LinkKey::new(id("api"), id("mailer"), Some("grpc"))).is_some());
}

/// On a narrow canvas a link drawn to the end of a long chain scrolls to
/// show the box it joined (a relayout may have moved it off screen).
#[test]
fn a_new_link_scrolls_its_target_into_view() {
    let mut s = new_state(None, false);
    update(&mut s, Action::Resize { w: 60, h: 20 });
    let ids = ["c1", "c2", "c3", "c4", "c5", "c6", "c7"];
    cmd(&mut s, "add client c1");
    for id in &ids[1..] {
        cmd(&mut s, &format!("add service {id}"));
    }
    for pair in ids[..6].windows(2) {
        cmd(&mut s, &format!("link {} {} https", pair[0], pair[1]));
    }
    s.select(Some(id("c1")));
    press(&mut s, Key::ch('0'));
    s.select(Some(id("c6")));
    press(&mut s, Key::ch('c'));
    press(&mut s, Key::ch('/'));
    typed(&mut s, "c7");
    enter(&mut s);
    enter(&mut s);
    assert!(s.doc.design().link(&LinkKey::new(id("c6"), id("c7"), Some("https"))).is_some());
    let r = s.canvas.layout().rect("c7").unwrap();
    let canvas = s.panels.panes().canvas;
    let (x, y) = s.canvas.scroll;
    assert!(
        r.x >= x && r.right() <= x + i32::from(canvas.w) && r.y >= y && r.bottom() <= y + i32::from(canvas.h),
        "c7 at {r:?} outside the view at ({x}, {y}) of {}x{}",
        canvas.w,
        canvas.h
    );
}

#[test]
fn tab_in_connect_mode_steps_over_the_source_and_wraps_both_ways() {
    let mut s = new_state(None, false);
    for c in ["a", "b", "c", "d"] {
        cmd(&mut s, &format!("add service {c}"));
    }
    // Connect from c: tab must reach d, a, b, d... never stick before c.
    cmd(&mut s, "layout");
    while s.selected().map(|i| i.as_str()) != Some("c") {
        press(&mut s, Key::plain(KeyCode::Tab));
    }
    press(&mut s, Key::ch('c'));
    let target = |s: &State| match &s.overlay {
        Overlay::Connect { target, .. } => target.as_ref().map(|t| t.to_string()),
        other => panic!("expected connecting, got {other:?}"),
    };
    let mut seen = Vec::new();
    for _ in 0..6 {
        press(&mut s, Key::plain(KeyCode::Tab));
        seen.push(target(&s).unwrap());
    }
    assert!(!seen.contains(&"c".to_string()), "{seen:?}");
    for id in ["a", "b", "d"] {
        assert!(seen.contains(&id.to_string()), "tab reaches {id}: {seen:?}");
    }
    let mut back = Vec::new();
    for _ in 0..6 {
        press(&mut s, Key::plain(KeyCode::BackTab));
        back.push(target(&s).unwrap());
    }
    for id in ["a", "b", "d"] {
        assert!(back.contains(&id.to_string()), "backtab reaches {id}: {back:?}");
    }
}

#[test]
fn applying_a_pattern_is_one_undo_step() {
    let mut s = new_state(None, false);
    cmd(&mut s, "add client web");
    let fx = cmd(&mut s, "add service api");
    analyze(&mut s, &fx);
    assert_eq!(s.fresh_report().unwrap().findings.len(), 1);
    press(&mut s, Key::ch('n'));
    assert_eq!(s.finding(), Some(0));
    assert_eq!(s.selected().unwrap().as_str(), "api", "the finding's subject is selected");
    let fx = press(&mut s, Key::ch('p'));
    assert_eq!(ids(&s), ["web", "api", "api-cache"]);
    assert_eq!(s.doc.design().outgoing("api").len(), 1);
    analyze(&mut s, &fx);
    press(&mut s, Key::ch('u'));
    assert_eq!(ids(&s), ["web", "api"]);
    assert_eq!(s.doc.design().link_count(), 0);
}

#[test]
fn stale_critiques_are_dropped() {
    let mut s = new_state(None, false);
    let old = cmd(&mut s, "add service api");
    cmd(&mut s, "set api replicas 2");
    analyze(&mut s, &old);
    assert!(s.report().is_none(), "a report for an older revision must not show");
    let fx = cmd(&mut s, "set api replicas 3");
    analyze(&mut s, &fx);
    assert_eq!(s.fresh_report().unwrap().findings.len(), 0);
}

#[test]
fn saving_a_named_file_and_a_scratch_design() {
    let mut s = new_state(Some("d.yaml"), false);
    cmd(&mut s, "add service api");
    let fx = press(&mut s, Key::ctrl('s'));
    let saved = fx.iter().find_map(|e| match e {
        Effect::Save { path, design, .. } => Some((path.clone(), design.revision())),
        _ => None,
    });
    let (path, revision) = saved.expect("a save effect");
    assert_eq!(path, PathBuf::from("d.yaml"));
    let fx = update(&mut s, Action::Saved { path, revision });
    assert!(!s.doc.dirty());
    assert!(fx.iter().any(|e| matches!(e, Effect::DiscardRecovery { .. })));

    let mut scratch = new_state(None, false);
    cmd(&mut scratch, "add service api");
    let fx = cmd(&mut scratch, "w");
    assert!(!fx.iter().any(|e| matches!(e, Effect::Save { .. })), "a scratch design asks for a name first");
    assert!(matches!(&scratch.overlay, Overlay::Input(p) if matches!(p.kind, PromptKind::SaveAs { .. })));
    press(&mut scratch, Key::ctrl('u'));
    typed(&mut scratch, "mine.yaml");
    let fx = enter(&mut scratch);
    let (path, revision) = fx
        .iter()
        .find_map(|e| match e {
            Effect::Save { path, design, .. } => Some((path.clone(), design.revision())),
            _ => None,
        })
        .expect("a save effect");
    assert_eq!(path, PathBuf::from("mine.yaml"));
    assert_eq!(scratch.doc.file(), None, "the design moves to the file once it is written there");
    let fx = update(&mut scratch, Action::Saved { path, revision });
    assert_eq!(scratch.doc.file(), Some(Path::new("mine.yaml")));
    assert!(fx.iter().any(|e| matches!(e, Effect::Watch(Some(p)) if p == &PathBuf::from("mine.yaml"))));
    assert!(!scratch.doc.dirty());
}

#[test]
fn undoing_back_to_what_was_saved_is_not_unsaved() {
    let mut s = new_state(Some("d.yaml"), true);
    assert!(!s.doc.dirty(), "opened from its file");
    cmd(&mut s, "add service api");
    assert!(s.doc.dirty());
    press(&mut s, Key::ch('u'));
    assert!(!s.doc.dirty(), "undo returned to the file's design");
    press(&mut s, Key::ch('U'));
    assert!(s.doc.dirty(), "redo left it again");

    // Saved in the middle of the history: undo past it and redo back.
    let fx = press(&mut s, Key::ctrl('s'));
    let revision = fx
        .iter()
        .find_map(|e| match e {
            Effect::Save { design, .. } => Some(design.revision()),
            _ => None,
        })
        .expect("a save effect");
    cmd(&mut s, "add database db");
    update(&mut s, Action::Saved { path: PathBuf::from("d.yaml"), revision });
    assert!(s.doc.dirty(), "the save wrote the design before `db` was added");
    press(&mut s, Key::ch('u'));
    assert!(!s.doc.dirty(), "undoing `db` is back to what the file holds");
    press(&mut s, Key::ch('u'));
    assert!(s.doc.dirty(), "one step further is not what the file holds");
    press(&mut s, Key::ch('U'));
    assert!(!s.doc.dirty());
}

#[test]
fn a_failed_save_as_leaves_the_design_at_its_file() {
    let mut s = new_state(Some("d.yaml"), false);
    cmd(&mut s, "add service api");
    let fx = cmd(&mut s, "w /no/such/dir/other.yaml");
    assert_eq!(saves(&fx), vec![PathBuf::from("/no/such/dir/other.yaml")]);
    update(
        &mut s,
        Action::SaveFailed { path: PathBuf::from("/no/such/dir/other.yaml"), message: "no such directory".into() },
    );
    assert_eq!(s.doc.file(), Some(Path::new("d.yaml")), "the open design's path must not move");
    assert!(s.doc.dirty());
    let fx = cmd(&mut s, "w");
    assert_eq!(saves(&fx), vec![PathBuf::from("d.yaml")]);
}

#[test]
fn write_bang_forces_and_write_does_not() {
    let mut s = new_state(Some("d.yaml"), false);
    cmd(&mut s, "add service api");
    let forced =
        |fx: &[Effect]| fx.iter().find_map(|e| if let Effect::Save { force, .. } = e { Some(*force) } else { None });
    assert_eq!(forced(&cmd(&mut s, "w")), Some(false));
    assert_eq!(forced(&cmd(&mut s, "w!")), Some(true));
}

#[test]
fn a_file_with_comments_asks_before_saving() {
    let (mut s, _) = State::new(
        Startup { file: Some("c.yaml".into()), saved: true, has_comments: true, ..Startup::new(Design::new("t")) },
        services(),
    );
    cmd(&mut s, "add service api");
    let fx = cmd(&mut s, "w");
    assert!(fx.is_empty());
    assert!(matches!(s.overlay, Overlay::Confirm(_)));
    let fx = press(&mut s, Key::ch('y'));
    assert!(fx.iter().any(|e| matches!(e, Effect::Save { .. })));
}

#[test]
fn quitting_with_unsaved_changes_asks() {
    let mut s = new_state(Some("q.yaml"), false);
    cmd(&mut s, "add service api");
    let fx = press(&mut s, Key::ch('q'));
    assert!(!fx.iter().any(|e| matches!(e, Effect::Quit)));
    assert!(matches!(s.overlay, Overlay::Confirm(_)));
    press(&mut s, Key::plain(KeyCode::Esc));
    assert!(!s.session.quitting());
    press(&mut s, Key::ch('q'));
    let fx = press(&mut s, Key::ch('n'));
    assert!(fx.iter().any(|e| matches!(e, Effect::Quit)));
    let mut forced = new_state(None, false);
    cmd(&mut forced, "add service api");
    assert!(cmd(&mut forced, "q!").iter().any(|e| matches!(e, Effect::Quit)));
}

#[test]
fn a_bad_command_keeps_the_line_open_with_a_message() {
    let mut s = new_state(None, false);
    press(&mut s, Key::ch(':'));
    typed(&mut s, "add servce api");
    enter(&mut s);
    match &s.overlay {
        Overlay::Input(p) => {
            assert!(p.error.as_ref().unwrap().contains("did you mean `service`"), "{:?}", p.error);
            assert_eq!(p.input.text(), "add servce api");
        }
        other => panic!("expected the command line, got {other:?}"),
    }
    assert_eq!(s.doc.design().component_count(), 0);
}

#[test]
fn the_inspector_validates_fields() {
    let mut s = new_state(None, false);
    cmd(&mut s, "add service api");
    press(&mut s, Key::ch('e'));
    let availability =
        archcrit_app::inspector_fields(Kind::Service).iter().position(|f| f.as_str() == "availability").unwrap();
    for _ in 0..availability {
        press(&mut s, Key::plain(KeyCode::Down));
    }
    enter(&mut s);
    typed(&mut s, "120");
    enter(&mut s);
    assert!(matches!(&s.overlay, Overlay::Input(p) if p.error.as_ref().is_some_and(|e| e.contains("out of range"))));
    press(&mut s, Key::ctrl('u'));
    typed(&mut s, "99.5");
    enter(&mut s);
    assert_eq!(s.doc.design().component("api").unwrap().availability, Some(99.5));
}

#[test]
fn outside_changes_reload_when_clean_and_ask_when_not() {
    let mut s = new_state(Some("w.yaml"), true);
    let mut theirs = Design::new("t");
    theirs.apply(Edit::AddComponent { component: Component::new(id("db"), Kind::Database), index: None }).unwrap();
    update(&mut s, Action::FileChanged { design: Box::new(theirs.clone()), has_comments: false });
    assert_eq!(ids(&s), ["db"]);
    assert!(!s.doc.dirty());
    cmd(&mut s, "add service api");
    update(&mut s, Action::FileChanged { design: Box::new(theirs), has_comments: false });
    assert!(matches!(s.overlay, Overlay::Confirm(_)));
    press(&mut s, Key::ch('n'));
    assert_eq!(ids(&s), ["db", "api"], "keeping ours");
}

#[test]
fn moving_a_box_pins_it_and_merges_into_one_step() {
    let mut s = new_state(None, false);
    cmd(&mut s, "add service api");
    let start = s.canvas.layout().rect("api").unwrap();
    for _ in 0..3 {
        press(&mut s, Key::ch('L'));
    }
    press(&mut s, Key::ch('J'));
    let r = s.canvas.layout().rect("api").unwrap();
    assert_eq!((r.x, r.y), (start.x + 6, start.y + 1));
    assert_eq!(s.doc.design().component("api").unwrap().at, Some(((start.x + 6) as u32, (start.y + 1) as u32)));
    press(&mut s, Key::ch('u'));
    assert_eq!(s.doc.design().component("api").unwrap().at, None, "one undo puts it back");
}

#[test]
fn stale_persona_tokens_are_dropped() {
    let mut s = new_state(None, false);
    update(&mut s, Action::AgentToken { turn: 2, text: "Hello".into() });
    update(&mut s, Action::AgentToken { turn: 1, text: " stale".into() });
    update(&mut s, Action::AgentToken { turn: 2, text: " there".into() });
    assert_eq!(s.chat.lines.last().unwrap().text, "Hello there");
    let edits = vec![Edit::AddComponent { component: Component::new(id("q"), Kind::Queue), index: None }];
    update(&mut s, Action::AgentProposal { turn: 2, edits, refused: vec![], summary: "add a queue".into() });
    press(&mut s, Key::ch('y'));
    assert_eq!(ids(&s), ["q"]);
    assert!(s.panels.panes().chat.is_some(), "the persona panel has room once it speaks");
}

#[test]
fn dragging_a_box_moves_it_and_its_links_in_one_step() {
    use archcrit_app::MouseKind;
    let mut s = new_state(None, false);
    cmd(&mut s, "add client web");
    cmd(&mut s, "add service api");
    cmd(&mut s, "link web api");
    let r = s.canvas.layout().rect("api").unwrap();
    let canvas = s.panels.panes().canvas;
    let (x, y) = (
        (canvas.x as i32 + r.x + 1 - s.canvas.scroll.0) as u16,
        (canvas.y as i32 + r.y + 1 - s.canvas.scroll.1) as u16,
    );
    update(&mut s, Action::Mouse { kind: MouseKind::Down, x, y });
    assert_eq!(s.selected().unwrap().as_str(), "api");
    update(&mut s, Action::Mouse { kind: MouseKind::Drag, x: x + 10, y: y + 6 });
    update(&mut s, Action::Mouse { kind: MouseKind::Up, x: x + 10, y: y + 6 });
    let moved = s.canvas.layout().rect("api").unwrap();
    assert_eq!((moved.x, moved.y), (r.x + 10, r.y + 6));
    let route = s.canvas.layout().route(&LinkKey::new(id("web"), id("api"), None)).unwrap();
    let end = *route.points.last().unwrap();
    assert!(!moved.contains(end.0, end.1) && (end.0 - moved.x).abs() <= moved.w + 1, "{route:?} vs {moved:?}");
    press(&mut s, Key::ch('u'));
    assert_eq!(s.doc.design().component("api").unwrap().at, None);
}

fn saves(fx: &[Effect]) -> Vec<PathBuf> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Save { path, .. } => Some(path.clone()),
            _ => None,
        })
        .collect()
}

fn web_api(protocol: &str) -> State {
    let mut s = new_state(None, false);
    cmd(&mut s, "add client web");
    cmd(&mut s, "add service api");
    cmd(&mut s, &format!("link web api {protocol}"));
    s
}

fn prompt_error(s: &State) -> Option<String> {
    match &s.overlay {
        Overlay::Input(p) => p.error.clone(),
        _ => None,
    }
}

/// Opens the inspector on `web`'s first link row.
fn inspect_web_link(s: &mut State) {
    while s.selected().map(|i| i.as_str()) != Some("web") {
        press(s, Key::plain(KeyCode::Tab));
    }
    press(s, Key::ch('e'));
    assert_eq!(s.focus, Focus::Inspector);
    for _ in 0..archcrit_app::inspector_fields(Kind::Client).len() {
        press(s, Key::plain(KeyCode::Down));
    }
    enter(s);
}

#[test]
fn link_fields_are_edited_in_the_inspector_one_undo_step_each() {
    let mut s = web_api("https");
    let https = LinkKey::new(id("web"), id("api"), Some("https"));
    inspect_web_link(&mut s);
    assert_eq!(s.selected_link().cloned(), Some(https.clone()), "enter on the link row opens the link");
    let link = |s: &State| s.doc.design().links().next().unwrap().clone();

    // mode: space cycles from the default (sync) to async.
    press(&mut s, Key::plain(KeyCode::Down));
    press(&mut s, Key::ch(' '));
    assert_eq!(link(&s).mode, Some(Mode::Async));
    // A bad value is refused with what is accepted; the prompt stays open.
    enter(&mut s);
    press(&mut s, Key::ctrl('u'));
    typed(&mut s, "sometimes");
    enter(&mut s);
    let e = prompt_error(&s).expect("a refusal");
    assert!(e.contains("sync, async"), "{e}");
    press(&mut s, Key::ctrl('u'));
    typed(&mut s, "sync");
    enter(&mut s);
    assert_eq!(link(&s).mode, Some(Mode::Sync));

    // calls: range checked.
    press(&mut s, Key::plain(KeyCode::Down));
    enter(&mut s);
    typed(&mut s, "0");
    enter(&mut s);
    assert!(prompt_error(&s).is_some_and(|e| e.contains("greater than 0")), "{:?}", prompt_error(&s));
    press(&mut s, Key::ctrl('u'));
    typed(&mut s, "2");
    enter(&mut s);
    assert_eq!(link(&s).calls, Some(2.0));

    // protocol: the link gets a new key and the inspector follows it.
    press(&mut s, Key::plain(KeyCode::Up));
    press(&mut s, Key::plain(KeyCode::Up));
    enter(&mut s);
    press(&mut s, Key::ctrl('u'));
    typed(&mut s, "gr");
    press(&mut s, Key::plain(KeyCode::Tab));
    enter(&mut s);
    let grpc = LinkKey::new(id("web"), id("api"), Some("grpc"));
    assert!(s.doc.design().link(&grpc).is_some(), "{:?}", s.message());
    assert_eq!(s.selected_link().cloned(), Some(grpc));

    // Each change was one step: four undos go back to the plain link.
    for _ in 0..4 {
        cmd(&mut s, "undo");
    }
    let back = link(&s);
    assert_eq!((back.protocol.as_deref(), back.mode, back.calls), (Some("https"), None, None));
    assert_eq!(s.selected_link().cloned(), Some(https.clone()), "the inspector follows the undone protocol");
    cmd(&mut s, "undo");
    assert_eq!(s.doc.design().link_count(), 0);
    assert_eq!(s.selected_link().cloned(), None, "the link is gone, the inspector shows the component");
    cmd(&mut s, "redo");

    // x clears a field; esc goes back to the component, then to the canvas.
    s.inspect_link(Some(https.clone()));
    s.panels.inspector_row = 5; // auth
    cmd(&mut s, "setlink web api auth jwt");
    assert!(link(&s).auth.is_some());
    press(&mut s, Key::ch('x'));
    assert!(link(&s).auth.is_none());
    press(&mut s, Key::plain(KeyCode::Esc));
    assert_eq!(s.selected_link().cloned(), None);
    assert_eq!(s.focus, Focus::Inspector);
    press(&mut s, Key::plain(KeyCode::Esc));
    assert_eq!(s.focus, Focus::Canvas);
}

#[test]
fn a_protocol_change_that_duplicates_a_link_is_refused() {
    let mut s = web_api("https");
    cmd(&mut s, "link web api grpc");
    inspect_web_link(&mut s);
    assert_eq!(s.selected_link().cloned(), Some(LinkKey::new(id("web"), id("api"), Some("https"))));
    enter(&mut s);
    press(&mut s, Key::ctrl('u'));
    typed(&mut s, "GRPC");
    enter(&mut s);
    let e = prompt_error(&s).expect("a refusal");
    assert!(e.contains("already exists"), "{e}");
    assert_eq!(s.doc.design().link_count(), 2);
}

#[test]
fn setlink_names_a_link_and_asks_which_when_two_join_a_pair() {
    let mut s = web_api("https");
    cmd(&mut s, "setlink web api mode async");
    assert_eq!(s.doc.design().links().next().unwrap().mode, Some(Mode::Async));
    cmd(&mut s, "link web api kafka");
    assert!(!update(&mut s, Action::Command("setlink web api tls true".into())).iter().any(|_| true));
    let (level, text) = s.message().cloned().unwrap();
    assert_eq!(level, Level::Error);
    assert!(text.contains("api@PROTOCOL") && text.contains("https, kafka"), "{text}");
    cmd(&mut s, "setlink web api@kafka tls true");
    let kafka = s.doc.design().link(&LinkKey::new(id("web"), id("api"), Some("kafka"))).unwrap();
    assert_eq!(kafka.tls, Some(true));
    cmd(&mut s, "setlink web api@https calls -1");
    assert!(s.message().unwrap().1.contains("out of range"), "{:?}", s.message());
}

#[test]
fn clicking_an_arrow_selects_the_link_and_d_deletes_only_the_link() {
    use archcrit_app::MouseKind;
    let mut s = web_api("https");
    let key = LinkKey::new(id("web"), id("api"), Some("https"));
    let route = s.canvas.layout().route(&key).unwrap().clone();
    let (a, b) = (route.points[0], route.points[1]);
    let (cx, cy) = ((a.0 + b.0) / 2, (a.1 + b.1) / 2);
    let canvas = s.panels.panes().canvas;
    let (x, y) = ((canvas.x as i32 + cx - s.canvas.scroll.0) as u16, (canvas.y as i32 + cy - s.canvas.scroll.1) as u16);
    update(&mut s, Action::Mouse { kind: MouseKind::Down, x, y });
    update(&mut s, Action::Mouse { kind: MouseKind::Up, x, y });
    assert_eq!(s.selected_link().cloned(), Some(key.clone()));
    assert_eq!(s.selected().unwrap().as_str(), "web");
    press(&mut s, Key::ch('d'));
    assert_eq!(s.doc.design().link_count(), 0);
    assert_eq!(ids(&s), ["web", "api"], "the boxes stay");
    press(&mut s, Key::ch('u'));
    assert!(s.doc.design().link(&key).is_some());
    // Choosing another box leaves the link.
    s.inspect_link(Some(key));
    press(&mut s, Key::plain(KeyCode::Tab));
    assert_eq!(s.selected_link().cloned(), None);
}

#[test]
fn saving_over_another_existing_file_asks_and_w_bang_forces() {
    let mut s = new_state(Some("mine.yaml"), true);
    cmd(&mut s, "add service api");
    let fx = cmd(&mut s, "w taken.yaml");
    assert!(saves(&fx).is_empty(), "nothing written before the answer");
    assert!(matches!(&s.overlay, Overlay::Confirm(Question::OverwriteFile { .. })));
    press(&mut s, Key::ch('n'));
    assert_eq!(s.doc.file(), Some(Path::new("mine.yaml")), "still the same file");
    assert!(s.message().unwrap().1.contains("not replaced"), "{:?}", s.message());

    cmd(&mut s, "w taken.yaml");
    let fx = press(&mut s, Key::ch('y'));
    assert_eq!(saves(&fx), [PathBuf::from("taken.yaml")]);
    assert_eq!(s.doc.file(), Some(Path::new("mine.yaml")), "moved only once written");
    let revision = s.doc.design().revision();
    update(&mut s, Action::Saved { path: PathBuf::from("taken.yaml"), revision });
    assert_eq!(s.doc.file(), Some(Path::new("taken.yaml")));

    // The open file itself, however it is written, is not "another file".
    assert_eq!(saves(&cmd(&mut s, "w ./taken.yaml")), [PathBuf::from("taken.yaml")]);
    assert_eq!(saves(&cmd(&mut s, "w! taken-too.yaml")), [PathBuf::from("taken-too.yaml")]);
    assert_eq!(saves(&cmd(&mut s, "w fresh.yaml")), [PathBuf::from("fresh.yaml")], "a new file needs no question");
    let revision = s.doc.design().revision();
    update(&mut s, Action::Saved { path: PathBuf::from("fresh.yaml"), revision });
    let fx = cmd(&mut s, "wq taken.yaml");
    assert!(saves(&fx).is_empty());
    let fx = press(&mut s, Key::ch('y'));
    assert_eq!(saves(&fx), [PathBuf::from("taken.yaml")]);
    assert!(s.doc.quits_after_save());
}

#[test]
fn a_scratch_design_named_after_an_existing_file_asks_for_another_name() {
    let mut s = new_state(None, false);
    cmd(&mut s, "add service api");
    cmd(&mut s, "w");
    press(&mut s, Key::ctrl('u'));
    typed(&mut s, "taken.yaml");
    let fx = enter(&mut s);
    assert!(saves(&fx).is_empty());
    press(&mut s, Key::ch('n'));
    match &s.overlay {
        Overlay::Input(p) => {
            assert!(matches!(p.kind, PromptKind::SaveAs { .. }));
            assert!(p.error.as_ref().unwrap().contains("taken.yaml exists"), "{:?}", p.error);
        }
        other => panic!("expected the file name prompt again, got {other:?}"),
    }
    press(&mut s, Key::ctrl('u'));
    typed(&mut s, "mine.yaml");
    assert_eq!(saves(&enter(&mut s)), [PathBuf::from("mine.yaml")]);
}

#[test]
fn every_message_is_kept_and_m_shows_them() {
    let mut s = new_state(None, false);
    cmd(&mut s, "add service api");
    cmd(&mut s, "frobnicate everything");
    press(&mut s, Key::ch(':'));
    typed(&mut s, "set api replicas zero");
    enter(&mut s);
    press(&mut s, Key::plain(KeyCode::Esc));
    let texts: Vec<&str> = s.log().iter().map(|(_, t)| t.as_str()).collect();
    assert!(texts[0].contains("add service api"), "{texts:?}");
    assert!(texts.iter().any(|t| t.starts_with("unknown command :frobnicate")), "{texts:?}");
    assert!(texts.iter().any(|t| t.contains("`zero` is not valid")), "prompt refusals are kept: {texts:?}");
    press(&mut s, Key::ch('M'));
    assert!(matches!(s.overlay, Overlay::Messages { back: 0 }));
    press(&mut s, Key::ch('k'));
    press(&mut s, Key::plain(KeyCode::Esc));
    assert!(matches!(s.overlay, Overlay::None));
    cmd(&mut s, "messages");
    assert!(matches!(s.overlay, Overlay::Messages { .. }));
}

#[test]
fn an_example_opens_clean_and_its_first_save_asks_for_a_name() {
    let options = archcrit::tui::Options { example: Some("shop".into()), ..Default::default() };
    let opened = archcrit::tui::open(&options).unwrap();
    let (mut s, _) = State::new(opened, services());
    update(&mut s, Action::Resize { w: 120, h: 40 });
    assert!(!s.doc.dirty(), "nothing edited yet");
    let fx = press(&mut s, Key::ch('q'));
    assert!(fx.iter().any(|e| matches!(e, Effect::Quit)), "quitting an untouched example does not ask");

    let opened = archcrit::tui::open(&options).unwrap();
    let (mut s, _) = State::new(opened, services());
    cmd(&mut s, "set orders replicas 4");
    assert!(s.doc.dirty());
    let fx = cmd(&mut s, "w");
    assert!(saves(&fx).is_empty());
    assert!(matches!(&s.overlay, Overlay::Input(p) if matches!(p.kind, PromptKind::SaveAs { .. })));
}

#[test]
fn edits_keep_boxes_in_place_until_layout_is_asked_for() {
    let mut s = new_state(None, false);
    cmd(&mut s, "add service api");
    let api = s.canvas.layout().rect("api").unwrap();
    cmd(&mut s, "add client web");
    assert_eq!(s.canvas.layout().rect("api"), Some(api), "adding moves no other box");
    cmd(&mut s, "link web api");
    // A box's first link puts it where a layered layout would: the client
    // first, what it calls to its right.
    let (web, linked) = (s.canvas.layout().rect("web").unwrap(), s.canvas.layout().rect("api").unwrap());
    assert!(web.right() < linked.x, "{web:?} {linked:?}");
    assert!(s.canvas.layout().route(&LinkKey::new(id("web"), id("api"), None)).is_some());
    // `:layout` with nothing pinned lays the design out afresh: ranks
    // from the client.
    cmd(&mut s, "layout");
    let (web, api) = (s.canvas.layout().rect("web").unwrap(), s.canvas.layout().rect("api").unwrap());
    assert!(web.right() < api.x, "{web:?} {api:?}");
    let fresh = archcrit_core::layout::layout_within(s.doc.design(), s.canvas.scale(), s.canvas.width());
    assert_eq!(*s.canvas.layout(), fresh);
}

#[test]
fn background_failures_are_told_to_the_person() {
    let mut s = new_state(Some("d.yaml"), true);
    update(&mut s, Action::AutosaveFailed { message: "cannot write .d.yaml.recovery: disk full".into() });
    let shown = (Level::Error, "recovery copy not saved: cannot write .d.yaml.recovery: disk full".to_string());
    assert_eq!(s.message().cloned(), Some(shown.clone()));
    assert_eq!(s.log().last(), Some(&shown));

    // A link planted at the recovery copy's name is refused, with why, and
    // nothing is offered.
    update(
        &mut s,
        Action::RecoveryRefused { path: ".d.yaml.recovery".into(), message: "it is a symbolic link".into() },
    );
    let shown = (Level::Error, "recovery copy .d.yaml.recovery not read: it is a symbolic link".to_string());
    assert_eq!(s.message().cloned(), Some(shown));
    assert!(matches!(s.overlay, Overlay::None), "{:?}", s.overlay);

    // A critic that panicked says so, not that the file changed on disk.
    let revision = s.doc.design().revision();
    update(&mut s, Action::CritiqueFailed { revision, message: "rule R9 divided by zero".into() });
    let shown = (Level::Error, "the critic failed: rule R9 divided by zero".to_string());
    assert_eq!(s.message().cloned(), Some(shown.clone()));
    assert_eq!(s.log().last(), Some(&shown));

    // A failure for a design since edited is stale: the next critique decides.
    cmd(&mut s, "add service api");
    let before = s.message().cloned();
    update(&mut s, Action::CritiqueFailed { revision, message: "old".into() });
    assert_eq!(s.message().cloned(), before);
}
