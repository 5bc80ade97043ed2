//! `:diff` in the workshop: the command asks the workers for the base, the
//! base's text comes back as an action, the canvas marks what changed and
//! the panel steps through it; `:diff off` and Esc clear it. Plus the
//! worker's `git show` in a real repository, and the screen.

use std::path::PathBuf;
use std::process::Command;

use archcrit_app::diff::{ChangeKind, Subject};
use archcrit_app::{Action, Effect, Focus, Key, KeyCode, Level, Services, Startup, State, update};
use archcrit_core::file::load_str;
use archcrit_core::layout::picture::Tone;
use archcrit_core::model::ComponentId;

mod support;
use support::workshop::{screen, settle};

const BASE: &str = "archcrit: 1
name: Shop
requirements:
  peak_rps: 300
components:
  web: {kind: client, label: Web, at: [2, 2]}
  gateway: {kind: gateway, replicas: 2, at: [30, 2]}
  orders: {kind: service, replicas: 2, at: [58, 2]}
  billing: {kind: service, replicas: 2, label: Billing, at: [58, 10]}
  search: {kind: search, at: [30, 10]}
links:
  - {from: web, to: gateway, protocol: https}
  - {from: gateway, to: orders, protocol: grpc}
  - {from: orders, to: billing, protocol: grpc}
  - {from: gateway, to: search, protocol: https}
flows:
  checkout: {from: web, via: [gateway, orders, billing]}
";

fn id(s: &str) -> ComponentId {
    ComponentId::new(s).unwrap()
}

/// The design opened from `shop.yaml`, as the file says, on a 120 x 36 screen.
fn opened() -> State {
    opened_from(BASE)
}

fn opened_from(text: &str) -> State {
    let design = load_str(text, "shop.yaml").unwrap();
    let (mut state, fx) = State::new(
        Startup { file: Some(PathBuf::from("shop.yaml")), saved: true, ..Startup::new(design) },
        Services::builtin(),
    );
    settle(&mut state, fx);
    update(&mut state, Action::Resize { w: 120, h: 36 });
    state
}

fn cmd(state: &mut State, line: &str) -> Vec<Effect> {
    let fx = update(state, Action::Command(line.into()));
    settle(state, fx)
}

fn press(state: &mut State, key: Key) -> Vec<Effect> {
    let fx = update(state, Action::Key(key));
    settle(state, fx)
}

/// Renames billing, removes search, adds a cache and changes orders.
fn edited() -> State {
    let mut state = opened();
    cmd(&mut state, "rename billing invoicing");
    cmd(&mut state, "rm search");
    cmd(&mut state, "add cache orders-cache");
    cmd(&mut state, "link orders orders-cache redis");
    cmd(&mut state, "set orders replicas 4");
    state
}

/// `:diff REV` as the workers would answer it with `text`.
fn diff_against(state: &mut State, rev: &str, text: Result<String, archcrit_app::WorkerError>) {
    let fx = cmd(state, &format!("diff {rev}"));
    let asked: Vec<(PathBuf, Option<String>)> = fx
        .iter()
        .filter_map(|e| match e {
            Effect::ReadBase { path, rev } => Some((path.clone(), rev.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(asked, [(PathBuf::from("shop.yaml"), Some(rev.to_string()))]);
    let fx = update(state, Action::BaseRead { rev: Some(rev.to_string()), text });
    settle(state, fx);
}

fn rows(state: &State) -> Vec<(ChangeKind, String)> {
    state.diff.as_ref().unwrap().changes.iter().map(|c| (c.kind, c.text.clone())).collect()
}

#[test]
fn diff_marks_added_removed_renamed_and_changed() {
    let mut state = edited();
    diff_against(&mut state, "HEAD", Ok(BASE.to_string()));
    assert_eq!(state.focus, Focus::Diff);
    let rows = rows(&state);
    for want in [
        (ChangeKind::Added, "orders-cache"),
        (ChangeKind::Removed, "search"),
        (ChangeKind::Renamed, "billing -> invoicing (renamed)"),
        (ChangeKind::Changed, "orders: replicas 2 -> 4"),
        (ChangeKind::Added, "orders -> orders-cache (redis)"),
        (ChangeKind::Removed, "gateway -> search (https)"),
    ] {
        assert!(rows.iter().any(|(k, t)| (*k, t.as_str()) == want), "{want:?} not in {rows:?}");
    }
    // The renamed component's link and flow are not removed and added.
    assert!(!rows.iter().any(|(_, t)| t.contains("-> billing")), "{rows:?}");
    assert!(!rows.iter().any(|(_, t)| t.contains("flow checkout")), "{rows:?}");
    let view = state.diff.as_ref().unwrap();
    assert_eq!(view.marks.components.get(&id("orders-cache")), Some(&Tone::Added));
    assert_eq!(view.marks.components.get(&id("search")), Some(&Tone::Removed));
    assert_eq!(view.marks.components.get(&id("orders")), Some(&Tone::Changed));
    assert_eq!(view.marks.components.get(&id("invoicing")), Some(&Tone::Changed));
    // The ghost of the removed box is drawn from a design that has it back.
    let ghosts = view.ghosts.as_ref().expect("a removed box has a ghost");
    assert!(ghosts.contains("search") && !state.doc.design().contains("search"));
}

#[test]
fn stepping_selects_each_change_and_esc_clears() {
    let mut state = edited();
    diff_against(&mut state, "HEAD", Ok(BASE.to_string()));
    let subjects: Vec<Subject> = state.diff.as_ref().unwrap().changes.iter().map(|c| c.subject.clone()).collect();
    press(&mut state, Key::ch('j'));
    assert_eq!(subjects[0], Subject::Component(id("orders-cache")));
    assert_eq!(state.selected(), Some(&id("orders-cache")));
    press(&mut state, Key::ch('j'));
    // A removed component is a ghost: nothing in the design to select.
    assert_eq!(subjects[1], Subject::Component(id("search")));
    assert_eq!(state.selected(), None);
    press(&mut state, Key::ch('j'));
    assert_eq!(state.selected(), Some(&id("invoicing")), "a rename selects the new id");
    press(&mut state, Key::ch('k'));
    press(&mut state, Key::ch('k'));
    press(&mut state, Key::ch('k'));
    assert_eq!(state.diff.as_ref().unwrap().selected, Some(subjects.len() - 1), "k wraps to the last change");
    press(&mut state, Key::plain(KeyCode::Esc));
    assert!(state.diff.is_none());
    assert_eq!(state.focus, Focus::Canvas);
}

#[test]
fn stepping_onto_a_far_ghost_scrolls_to_it() {
    let base = BASE.replace(
        "  search: {kind: search, at: [30, 10]}\n",
        "  search: {kind: search, at: [30, 10]}\n  far: {kind: worker, at: [300, 80]}\n",
    );
    let mut state = opened_from(&base);
    cmd(&mut state, "rm far");
    diff_against(&mut state, "HEAD", Ok(base.clone()));
    let before = state.canvas.scroll;
    press(&mut state, Key::ch('j'));
    assert_eq!(state.diff.as_ref().unwrap().selected_change().unwrap().text, "far");
    assert_ne!(state.canvas.scroll, before);
    assert_eq!(state.canvas.scroll, (298, 78), "the ghost is in view");
}

#[test]
fn enter_keeps_the_marks_and_diff_off_clears_them() {
    let mut state = edited();
    diff_against(&mut state, "main", Ok(BASE.to_string()));
    press(&mut state, Key::plain(KeyCode::Enter));
    assert_eq!(state.focus, Focus::Canvas);
    assert!(state.diff.is_some());
    press(&mut state, Key::ch('f'));
    assert!(screen(&state).contains("Findings"), "f shows the findings while a diff is on");
    press(&mut state, Key::plain(KeyCode::Esc));
    assert!(screen(&state).contains("Diff against main"), "back on the canvas the diff shows again");
    cmd(&mut state, "diff off");
    assert!(state.diff.is_none());
}

#[test]
fn the_diff_follows_later_edits() {
    let mut state = edited();
    diff_against(&mut state, "HEAD", Ok(BASE.to_string()));
    cmd(&mut state, "set orders replicas 2");
    let rows = rows(&state);
    assert!(!rows.iter().any(|(_, t)| t.starts_with("orders:")), "orders is back as it was: {rows:?}");
}

#[test]
fn errors_become_messages() {
    let mut state = opened();
    diff_against(&mut state, "nope", Err("git cannot show nope:./shop.yaml: invalid object name 'nope'".into()));
    assert!(state.diff.is_none());
    let (level, text) = state.message().unwrap();
    assert_eq!(*level, Level::Error);
    assert!(text.contains("cannot diff against nope") && text.contains("invalid object name"), "{text}");

    diff_against(&mut state, "HEAD", Ok("archcrit: 1\nname: [broken".into()));
    assert!(state.diff.is_none());
    assert_eq!(state.message().unwrap().0, Level::Error);

    let (mut scratch, fx) = State::new(Startup::new(load_str(BASE, "x").unwrap()), Services::builtin());
    settle(&mut scratch, fx);
    let fx = cmd(&mut scratch, "diff");
    assert!(!fx.iter().any(|e| matches!(e, Effect::ReadBase { .. })));
    assert!(scratch.message().unwrap().1.contains("no file to compare with"), "{:?}", scratch.message());
}

#[test]
fn no_argument_compares_with_the_file_on_disk() {
    let mut state = opened();
    let fx = cmd(&mut state, "diff");
    assert!(fx.iter().any(|e| matches!(e, Effect::ReadBase { rev: None, .. })));
    update(&mut state, Action::BaseRead { rev: None, text: Ok(BASE.to_string()) });
    assert!(rows(&state).is_empty());
    assert!(state.message().unwrap().1.contains("no changes against the file on disk"));
}

#[test]
fn the_diff_panel_and_ghosts_on_screen() {
    let mut state = edited();
    diff_against(&mut state, "HEAD", Ok(BASE.to_string()));
    press(&mut state, Key::ch('j'));
    let text = screen(&state);
    for want in ["Diff against HEAD", "+ orders-cache", "- search", "> billing -> invoicing (renamed)", "DIFF"] {
        assert!(text.contains(want), "{want} missing:\n{text}");
    }
    assert!(text.contains("Search") || text.contains("search"), "the ghost of search is drawn:\n{text}");
    insta::assert_snapshot!(text);
}

fn git(dir: &std::path::Path, args: &[&str]) {
    let ok = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"])
        .args(args)
        .status()
        .unwrap()
        .success();
    assert!(ok, "git {args:?}");
}

#[test]
fn the_worker_reads_a_revision_with_git() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("designs");
    std::fs::create_dir(&sub).unwrap();
    let path = sub.join("shop.yaml");
    git(dir.path(), &["init", "-q"]);
    std::fs::write(&path, BASE).unwrap();
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "one"]);
    std::fs::write(&path, BASE.replace("peak_rps: 300", "peak_rps: 400")).unwrap();
    assert_eq!(archcrit::workers::diff::git_show(&path, "HEAD").unwrap(), BASE);
    let err = archcrit::workers::diff::git_show(&path, "no-such-rev").unwrap_err();
    assert!(err.contains("git cannot show no-such-rev:./shop.yaml"), "{err}");
}
