//! `archcrit diff` through the real binary on a real git repository: three
//! commits of a design (v1; v2 renames billing to invoicing and fixes the
//! overload; v3 drops the gateway's auth and adds a search service), diffs
//! between them in every format, the `--fail-on-new` gate, and revisions
//! or repositories that do not exist. The Markdown is rendered by a real
//! CommonMark renderer and checked for its folds and tables.

#[path = "support/terminal.rs"]
mod terminal;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff").join(name)
}

fn git(repo: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(["-c", "user.name=archcrit test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(repo)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// A repository whose `design.yaml` went through v1, v2 and v3, one commit each.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q"]);
    for version in ["v1", "v2", "v3"] {
        std::fs::copy(fixture(&format!("{version}.yaml")), dir.path().join("design.yaml")).unwrap();
        git(dir.path(), &["add", "design.yaml"]);
        git(dir.path(), &["commit", "-q", "-m", version]);
    }
    dir
}

fn diff(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_archcrit"))
        .arg("diff")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(dir: &Path, old: &str, new: &str) -> Value {
    let out = diff(dir, &[old, new, "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn ids(v: &Value) -> Vec<&str> {
    v.as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect()
}

fn rules(v: &Value) -> Vec<&str> {
    v.as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap()).collect()
}

const V1: &str = "HEAD~2:design.yaml";
const V2: &str = "HEAD~1:design.yaml";
const V3: &str = "HEAD:design.yaml";

#[test]
fn a_rename_between_commits_is_a_rename() {
    let repo = repository();
    let d = json(repo.path(), V1, V2);
    assert_eq!(d["components"]["renamed"], serde_json::json!([{"from": "billing", "to": "invoicing"}]));
    assert!(ids(&d["components"]["added"]).is_empty() && ids(&d["components"]["removed"]).is_empty());
    // The capacity fix is a field change, old -> new.
    assert_eq!(
        d["components"]["changed"],
        serde_json::json!([{"subject": "orders", "fields": [{"field": "capacity_rps", "old": "400", "new": "1000"}]}])
    );
    assert_eq!(d["links"], serde_json::json!({"added": [], "removed": [], "changed": []}));
    assert!(rules(&d["findings"]["fixed"]).contains(&"overloaded"), "{}", d["findings"]);
    assert!(rules(&d["findings"]["introduced"]).is_empty(), "{}", d["findings"]);
    let moved = d["metrics"].as_array().unwrap();
    let orders = moved.iter().find(|m| m["subject"] == "orders" && m["metric"] == "utilization").unwrap();
    assert!(orders["old"].as_f64().unwrap() >= 1.0 && orders["new"].as_f64().unwrap() < 1.0, "{orders}");
}

#[test]
fn every_format_between_every_pair_of_commits() {
    let repo = repository();
    let dir = repo.path();
    for (old, new) in [(V1, V2), (V2, V3), (V1, V3)] {
        let text = diff(dir, &[old, new]);
        assert_eq!(text.status.code(), Some(0), "{}", stderr(&text));
        let text = stdout(&text);
        assert!(!text.contains('\x1b'), "no colour in a pipe: {text:?}");
        assert!(text.starts_with("Shop\n"), "{text}");

        let d = json(dir, old, new);
        assert_eq!(d["old_name"], "Shop");

        let md = diff(dir, &[old, new, "--format", "markdown"]);
        assert_eq!(md.status.code(), Some(0));
        assert!(stdout(&md).starts_with("## archcrit diff: Shop\n\n**"), "{}", stdout(&md));

        let sarif = diff(dir, &[old, new, "--format", "sarif"]);
        assert_eq!(sarif.status.code(), Some(0));
        let sarif: Value = serde_json::from_slice(&sarif.stdout).unwrap();
        assert_eq!(sarif["version"], "2.1.0");
        // Only what the change brought in.
        let results: Vec<&str> =
            sarif["runs"][0]["results"].as_array().unwrap().iter().map(|r| r["ruleId"].as_str().unwrap()).collect();
        assert_eq!(results, rules(&d["findings"]["introduced"]), "{old} -> {new}");
    }
}

#[test]
fn v3_drops_auth_and_adds_search() {
    let repo = repository();
    let d = json(repo.path(), V2, V3);
    assert_eq!(ids(&d["components"]["added"]), ["search"]);
    assert_eq!(d["links"]["added"], serde_json::json!([{"from": "orders", "to": "search", "protocol": "https"}]));
    assert_eq!(
        d["components"]["changed"][0]["fields"],
        serde_json::json!([{"field": "auth", "old": "oauth2", "new": null}])
    );
    let introduced = &d["findings"]["introduced"];
    let auth = introduced.as_array().unwrap().iter().find(|f| f["rule"] == "missing-auth").expect("missing-auth");
    assert_eq!(auth["severity"], "error");
    assert_eq!(auth["components"][0], "gateway");

    let text = stdout(&diff(repo.path(), &[V2, V3]));
    assert!(text.contains("  + search\n"), "{text}");
    assert!(text.contains("      auth: oauth2 -> (none)\n"), "{text}");
    assert!(text.contains("Findings introduced ("), "{text}");
}

#[test]
fn the_gate_fails_only_on_what_the_change_introduces() {
    let repo = repository();
    let dir = repo.path();
    // v1 has an error (the overload): a change that keeps it passes.
    assert_eq!(diff(dir, &[V1, V1, "--fail-on-new", "info"]).status.code(), Some(0));
    assert_eq!(diff(dir, &[V1, V2, "--fail-on-new", "error"]).status.code(), Some(0));
    // v3 introduces an error.
    assert_eq!(diff(dir, &[V2, V3, "--fail-on-new", "error"]).status.code(), Some(1));
    assert_eq!(diff(dir, &[V2, V3, "--fail-on-new", "warning"]).status.code(), Some(1));
    assert_eq!(diff(dir, &[V1, V3, "--fail-on-new", "error"]).status.code(), Some(1));
    // Without the option the diff only reports.
    assert_eq!(diff(dir, &[V2, V3]).status.code(), Some(0));
    // Going back fixes it and introduces nothing of that level.
    let back = json(dir, V3, V2);
    assert!(rules(&back["findings"]["fixed"]).contains(&"missing-auth"));
    assert_eq!(diff(dir, &[V3, V2, "--fail-on-new", "error"]).status.code(), Some(0));
}

#[test]
fn a_file_on_disk_against_a_revision() {
    let repo = repository();
    let dir = repo.path();
    std::fs::copy(fixture("v1.yaml"), dir.join("design.yaml")).unwrap();
    let d = json(dir, V3, "design.yaml");
    assert!(rules(&d["findings"]["fixed"]).contains(&"missing-auth"));
    assert_eq!(ids(&d["components"]["removed"]), ["search"]);
    assert_eq!(d["components"]["renamed"], serde_json::json!([{"from": "invoicing", "to": "billing"}]));
}

#[test]
fn a_missing_revision_exits_two_with_a_message() {
    let repo = repository();
    let dir = repo.path();
    let out = diff(dir, &["no-such-branch:design.yaml", V3]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.starts_with("error: git cannot show no-such-branch:design.yaml:"), "{err}");
    assert!(stdout(&out).is_empty());

    let out = diff(dir, &["HEAD~1:nope.yaml", V3]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("HEAD~1:nope.yaml"), "{}", stderr(&out));

    let out = diff(dir, &["missing.yaml", V3]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("missing.yaml: cannot read the file"), "{}", stderr(&out));
}

#[test]
fn outside_a_repository_a_revision_exits_two() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("v1.yaml"), dir.path().join("design.yaml")).unwrap();
    let out = diff(dir.path(), &["HEAD:design.yaml", "design.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("not a git repository"), "{err}");
    assert!(err.contains("inside the repository, or pass files"), "{err}");
    // Two files need no repository.
    assert_eq!(diff(dir.path(), &["design.yaml", "design.yaml"]).status.code(), Some(0));
}

#[test]
fn a_bad_design_in_a_revision_names_it_and_its_line() {
    let repo = repository();
    let dir = repo.path();
    std::fs::write(dir.join("design.yaml"), "archcrit: 1\nname: Shop\ncomponents:\n  web: {kind: clien}\n").unwrap();
    git(dir, &["commit", "-q", "-am", "broken"]);
    let out = diff(dir, &[V1.replace("~2", "~3").as_str(), V3]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("HEAD:design.yaml:4"), "{err}");
}

/// The Markdown as GitHub would show it: rendered by a CommonMark renderer
/// with GitHub's table extension, then read back as HTML.
#[test]
fn the_markdown_renders_with_folds_and_tables() {
    use pulldown_cmark::{Options, Parser, html};
    let repo = repository();
    let md = stdout(&diff(repo.path(), &[V1, V3, "--format", "markdown"]));
    let mut rendered = String::new();
    html::push_html(&mut rendered, Parser::new_ext(&md, Options::ENABLE_TABLES));

    // The summary comes first, in bold, before any fold.
    let summary = rendered.find("<p><strong>").expect("a bold summary line");
    assert!(summary < rendered.find("<details>").unwrap(), "{rendered}");
    assert!(rendered.contains("components: 1 added, 1 renamed, 2 changed"), "{rendered}");
    // New findings stay visible: a table outside any fold.
    let new = rendered.find("<h3>New findings</h3>").expect("new findings heading");
    assert!(rendered[new..].trim_start_matches("<h3>New findings</h3>\n").starts_with("<table>"), "{rendered}");
    // Each fold has a summary and renders its Markdown inside as tables.
    let folds: Vec<&str> = rendered.split("<details>").skip(1).collect();
    assert_eq!(folds.len(), 4, "design changes, fixed, still present, numbers: {rendered}");
    for fold in &folds {
        let body = &fold[..fold.find("</details>").expect("every fold closes")];
        assert!(body.trim_start().starts_with("<summary>"), "{body}");
        assert!(body.contains("<table>") && body.contains("<td>"), "a table inside the fold: {body}");
        assert!(!body.contains("| ---"), "no table left as raw text: {body}");
    }
    assert!(
        folds[0].contains("<td>renamed</td>") && folds[0].contains("<code>billing</code> → <code>invoicing</code>")
    );
    assert!(folds[0].contains("<code>auth</code>: oauth2 → <em>none</em>"), "{}", folds[0]);
}

/// Runs `archcrit diff OLD NEW` on a pseudo-terminal and returns what it printed.
fn on_a_terminal(old: &Path, new: &Path, no_color: bool) -> String {
    let (out, code) = terminal::run_on_a_terminal([OsStr::new("diff"), old.as_os_str(), new.as_os_str()], no_color);
    assert_eq!(code, 0);
    out
}

#[test]
fn colour_on_a_terminal_and_never_the_design_s_own_escapes() {
    let dir = tempfile::tempdir().unwrap();
    // A label that would retitle the terminal and clear the screen.
    let hostile = std::fs::read_to_string(fixture("v3.yaml"))
        .unwrap()
        .replace("replicas: 2, rate_limit: 100}", "replicas: 2, rate_limit: 100, label: \"Gate\\e]0;pwned\\a\\e[2J\"}");
    let new = dir.path().join("hostile.yaml");
    std::fs::write(&new, hostile).unwrap();

    let coloured = on_a_terminal(&fixture("v2.yaml"), &new, false);
    assert!(coloured.contains("\x1b[32m+ search"), "additions in green on a terminal: {coloured:?}");
    assert!(coloured.contains("Gate\\e]0;pwned\\u{7}\\e[2J"), "shown as visible escapes: {coloured:?}");
    assert!(!coloured.contains("\x1b]0;") && !coloured.contains("\x1b[2J"), "{coloured:?}");

    let plain = on_a_terminal(&fixture("v2.yaml"), &new, true);
    assert!(!plain.contains("\x1b["), "NO_COLOR respected: {plain:?}");
    assert!(plain.contains("+ search"));
}
