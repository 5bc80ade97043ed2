//! The file commands through the real binary: new, check, fmt, show, with
//! their exit codes (0 ok, 1 gate failed, 2 bad input) and messages.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn archcrit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_archcrit")).args(args).env("NO_COLOR", "1").output().unwrap()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `check` on bad input: exit 2, and stderr names file:line and the words.
fn assert_bad(text: &str, line: usize, words: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "bad.yaml", text);
    let out = archcrit(&["check", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains(&format!("bad.yaml:{line}:")), "no line {line} in: {err}");
    for w in words {
        assert!(err.contains(w), "`{w}` missing from: {err}");
    }
}

#[test]
fn check_reports_each_class_of_bad_input_with_its_line() {
    assert_bad("archcrit: 1\nname: x\ncomponents:\n  a: {kind: service\n", 5, &["YAML syntax error", "unclosed"]);
    assert_bad("archcrit: 1\nname: x\n  nested: y\n", 3, &["YAML syntax error", "indentation"]);
    assert_bad("archcrit: 1\nname: x\ncomponents:\n\ta: {kind: service}\n", 4, &["YAML syntax error", "tabs"]);
    assert_bad("archcrit: 3\nname: x\n", 1, &["version 3"]);
    assert_bad("archcrit: 1\nname: x\ncomponents:\n  a: {kind: server}\n", 4, &["unknown kind `server`", "service"]);
    assert_bad(
        "archcrit: 1\nname: x\ncomponents:\n  a:\n    kind: service\n    replica: 2\n",
        6,
        &["replica: did you mean replicas?"],
    );
    assert_bad("archcrit: 1\nname: x\ncomponents:\n  a:\n    kind: service\n    replicas: -1\n", 6, &["replicas"]);
    assert_bad("archcrit: 1\nname: x\ncomponents:\n  A_b: {kind: service}\n", 4, &["`A_b`", "lowercase"]);
    assert_bad(
        "archcrit: 1\nname: x\ncomponents:\n  a: {kind: service}\n  a: {kind: service}\n",
        5,
        &["duplicate component id `a`"],
    );
    assert_bad(
        "archcrit: 1\nname: x\ncomponents:\n  a: {kind: service}\nlinks:\n  - {from: a, to: ghost}\n",
        6,
        &["`to: ghost`", "does not exist"],
    );
    assert_bad(
        "archcrit: 1\nname: x\ncomponents:\n  a: {kind: service}\nlinks:\n  - {from: a, to: a}\n",
        6,
        &["self-links"],
    );
    assert_bad(
        "archcrit: 1\nname: x\ncomponents:\n  a: {kind: client}\n  b: {kind: service}\nlinks:\n  - {from: a, to: b}\n  - {from: a, to: b}\n",
        8,
        &["duplicate link"],
    );
    assert_bad("\n\n", 1, &["empty"]);
    // A line indented under `key: value` is the mistake, not the line above
    // it that YAML folded it into (and the folded value is no misspelling).
    let deeper = "archcrit: 1\nname: t\ncomponents:\n  web:\n    kind: client\n      label: Web\n";
    assert_bad(deeper, 6, &["indented deeper than `kind:` on line 5", "indent it like `kind:`"]);
    let folded = "archcrit: 1\nname: t\ncomponents:\n  a: {kind: client}\n  b: {kind: service}\nlinks:\n  - from: a\n      to: b\n";
    assert_bad(folded, 8, &["indented deeper than `from:` on line 7"]);
}

#[test]
fn check_accepts_every_example_and_reports_missing_files() {
    let examples: Vec<String> =
        std::fs::read_dir("assets/examples").unwrap().map(|e| e.unwrap().path().display().to_string()).collect();
    let mut args = vec!["check"];
    args.extend(examples.iter().map(String::as_str));
    let out = archcrit(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = archcrit(&["check", "no/such/file.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no/such/file.yaml"), "{}", stderr(&out));
}

#[test]
fn non_utf8_files_are_refused_with_a_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.yaml");
    std::fs::write(&path, b"archcrit: 1\nname: caf\xe9\n").unwrap();
    let out = archcrit(&["check", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("latin1.yaml:2:10: the file is not UTF-8"), "{}", stderr(&out));
}

#[test]
fn new_writes_a_valid_starter_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.yaml");
    let p = path.to_str().unwrap();
    let out = archcrit(&["new", p, "--name", "Billing: v2"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(archcrit(&["check", p]).status.code(), Some(0));
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(written.contains("name: \"Billing: v2\""), "{written}");
    let out = archcrit(&["new", p]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("already exists"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), written, "the file was touched");
}

#[test]
fn new_writes_examples_out() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.yaml");
    let out = archcrit(&["new", "--example", "shop", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), include_str!("../assets/examples/shop.yaml"));
    let out = archcrit(&["new", "--example", "nope", dir.path().join("x.yaml").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("url-shortener"), "{}", stderr(&out));
}

#[test]
fn fmt_is_idempotent_and_check_gates() {
    let dir = tempfile::tempdir().unwrap();
    let messy = "name: Messy\narchcrit: 1\nlinks:\n- from: a\n  to: b\ncomponents:\n  b: {kind: database, tech: 'PostgreSQL'}\n  a:\n    replicas: 2\n    kind: service\n";
    let path = write(dir.path(), "messy.yaml", messy);
    let p = path.to_str().unwrap();
    assert_eq!(archcrit(&["fmt", "--check", p]).status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), messy, "--check must not write");
    assert_eq!(archcrit(&["fmt", p]).status.code(), Some(0));
    let once = std::fs::read_to_string(&path).unwrap();
    assert!(once.starts_with("archcrit: 1\nname: Messy\n"), "{once}");
    // Component order is the file's, not alphabetical.
    assert!(once.find("  b:").unwrap() < once.find("  a:").unwrap(), "{once}");
    assert_eq!(archcrit(&["fmt", p]).status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), once);
    assert_eq!(archcrit(&["fmt", "--check", p]).status.code(), Some(0));
}

#[test]
fn fmt_refuses_to_drop_comments_unless_told() {
    let dir = tempfile::tempdir().unwrap();
    let text = "archcrit: 1\nname: x   # the name\ncomponents:\n  a: {kind: service}\n";
    let path = write(dir.path(), "c.yaml", text);
    let p = path.to_str().unwrap();
    let out = archcrit(&["fmt", p]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("comments"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    assert_eq!(archcrit(&["fmt", "--drop-comments", p]).status.code(), Some(0));
    assert!(!std::fs::read_to_string(&path).unwrap().contains('#'));
}

#[test]
fn show_summarises_a_design() {
    let out = archcrit(&["show", "assets/examples/shop.yaml"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("Online shop\n"), "{text}");
    assert!(text.contains("components: 14"), "{text}");
    assert!(text.contains("database         2  orders-db, catalog-db"), "{text}");
    assert!(text.contains("links: 15 (11 sync, 4 async)"), "{text}");
    assert!(text.contains("peak_rps           1200"), "{text}");
}

#[test]
fn show_lists_a_flows_members_not_a_made_up_chain() {
    let out = archcrit(&["show", "assets/examples/url-shortener.yaml"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    // links-db and click-stream are both reached from redirect: a branch,
    // so "a -> b -> c" would claim links that do not exist.
    assert!(text.contains("follow-link    from browser via lb, redirect, link-cache, links-db"), "{text}");
    assert!(!text.contains("browser -> lb"), "{text}");
}

#[test]
fn help_and_version_work_everywhere() {
    let out = archcrit(&["--version"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains(env!("CARGO_PKG_VERSION")));
    for sub in ["new", "check", "fmt", "show"] {
        let out = archcrit(&[sub, "--help"]);
        assert_eq!(out.status.code(), Some(0), "{sub} --help");
        assert!(String::from_utf8_lossy(&out.stdout).contains("Usage"), "{sub}");
    }
    assert_eq!(archcrit(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn the_format_example_goes_through_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let example = include_str!("fixtures/format-example.yaml");
    let path = write(dir.path(), "shop.yaml", example);
    let p = path.to_str().unwrap();
    let out = archcrit(&["check", p]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("ok (7 components, 6 links)"));
    let show = |p: &str| String::from_utf8(archcrit(&["show", p]).stdout).unwrap();
    let shown = show(p);
    assert!(shown.contains("components: 7") && shown.contains("links: 6 (4 sync, 2 async)"), "{shown}");
    let out = archcrit(&["critique", p, "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["design"], "Online shop");
    assert!(report["metrics"]["components"]["orders"]["load_rps"].is_number(), "{report}");

    // The example has comments: fmt refuses to drop them unless told.
    let out = archcrit(&["fmt", p]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("comments"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), example);
    assert_eq!(archcrit(&["fmt", "--drop-comments", p]).status.code(), Some(0));
    assert_eq!(archcrit(&["fmt", "--check", p]).status.code(), Some(0));
    assert_eq!(show(p), shown, "formatting changed the meaning");
    let out = archcrit(&["critique", p, "--format", "json"]);
    let after: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(after, report, "formatting changed the critique");
}

#[test]
fn fmt_finds_a_comment_after_an_apostrophe() {
    let dir = tempfile::tempdir().unwrap();
    let text = "archcrit: 1\nname: Bob's shop # keep me\n";
    let path = write(dir.path(), "c.yaml", text);
    let out = archcrit(&["fmt", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn check_puts_errors_found_late_at_their_line() {
    assert_bad(
        "archcrit: 1\nname: x\nlinks:\n  - from: a\n    to: b\ncomponents:\n  a: {kind: client}\n",
        5,
        &["`to: b`", "does not exist"],
    );
    assert_bad(
        "archcrit: 1\nname: x\ncomponents:\n  a:\n    label: A\n    dlq: true\n    kind: service\n",
        6,
        &["`dlq` applies only to queues and streams"],
    );
    assert_bad("\u{feff}archcrit: 1\nname: x\n---\nname: y\n", 3, &["more than one YAML document"]);
}

#[test]
fn check_and_critique_print_every_mistake_of_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let text = "archcrit: 1\nname: x\ncomponents:\n  web: {kind: client}\n  api: {kind: service, replicas: 0}\n  db: {kind: databse}\nlinks:\n  - {from: web, to: api}\n  - {from: api, to: nope}\n";
    let path = write(dir.path(), "bad.yaml", text);
    for command in ["check", "critique"] {
        let out = archcrit(&[command, path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        let err = stderr(&out);
        for (line, words) in [(5, "replicas"), (6, "unknown kind `databse`"), (9, "`to: nope`")] {
            assert!(
                err.contains(&format!("bad.yaml:{line}:")) && err.contains(words),
                "{command}: {line} {words}: {err}"
            );
        }
    }
}

#[test]
fn check_and_the_workshop_end_the_errors_with_one_next_step() {
    let dir = tempfile::tempdir().unwrap();
    let text = "archcrit: 1\nname: x\ncomponents:\n  web: {kind: client}\n  api: {kind: service, replicas: 0}\n  db: {kind: databse}\nlinks:\n  - {from: web, to: api}\n  - {from: api, to: nope}\n";
    let path = write(dir.path(), "bad.yaml", text);
    let p = path.to_str().unwrap();
    let next = format!("fix these in your editor, then run `archcrit check {p}`");
    let check = archcrit(&["check", p]);
    // The workshop refuses the file before it takes the terminal.
    let workshop = Command::new(env!("CARGO_BIN_EXE_archcrit"))
        .arg(p)
        .env("NO_COLOR", "1")
        .env("XDG_CONFIG_HOME", dir.path().join("no-config"))
        .env("HOME", dir.path())
        .output()
        .unwrap();
    for (who, out) in [("check", &check), ("workshop", &workshop)] {
        assert_eq!(out.status.code(), Some(2), "{who}: {}", stderr(out));
        let err = stderr(out);
        assert_eq!(err.lines().last(), Some(next.as_str()), "{who}: the list ends with what to do next:\n{err}");
        assert_eq!(err.matches("fix ").count(), 1, "{who}: said once, not per error:\n{err}");
        assert!(err.contains("bad.yaml:5:") && err.contains("bad.yaml:9:"), "{who}: every error at its line:\n{err}");
    }
    assert_eq!(stderr(&workshop), stderr(&check), "the workshop says what check says");

    // One error: `it`; several files: one line naming the bad ones.
    let one = write(dir.path(), "one.yaml", "archcrit: 1\nname: x\ncomponents:\n  a: {kind: servce}\n");
    let good = write(dir.path(), "good.yaml", "archcrit: 1\nname: x\n");
    let one = one.to_str().unwrap();
    let err = stderr(&archcrit(&["check", one]));
    assert!(err.ends_with(&format!("fix it in your editor, then run `archcrit check {one}`\n")), "{err}");
    let out = archcrit(&["check", p, good.to_str().unwrap(), one, "no/such.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.matches("fix ").count(), 1, "{err}");
    assert!(err.ends_with(&format!("fix these in your editor, then run `archcrit check {p} {one}`\n")), "{err}");
}

#[test]
fn a_missing_file_says_what_to_do_in_its_hint_alone() {
    let out = archcrit(&["check", "no/such/file.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("hint: check the path") && !err.contains("in your editor"), "{err}");
}
