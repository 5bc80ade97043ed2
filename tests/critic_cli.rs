//! `archcrit critique` through the real binary: every format, the
//! `--fail-on` gate and exit codes, `--rule`, and colour only on a terminal
//! without NO_COLOR.

#[path = "support/terminal.rs"]
mod terminal;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/critic").join(name)
}

fn critique(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_archcrit")).arg("critique").args(args).env_remove("NO_COLOR").output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn path(name: &str) -> String {
    fixture(name).to_string_lossy().into_owned()
}

#[test]
fn text_groups_by_severity_without_colour_when_piped() {
    let out = critique(&[&path("overloaded.yaml")]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(!text.contains('\x1b'), "no ANSI codes in a pipe: {text:?}");
    let errors = text.find("Errors (1)").expect("error group");
    let warnings = text.find("Warnings (1)").expect("warning group");
    assert!(errors < warnings);
    assert!(text.contains("orders runs at 140% of its capacity at the 1,200 rps peak: 1,680 rps on 3 x 400"), "{text}");
    assert!(text.contains("1 error, 1 warning, 0 notes"));
}

#[test]
fn the_gate_decides_the_exit_code() {
    let bad = path("overloaded.yaml");
    let good = path("good.yaml");
    assert_eq!(critique(&[&good]).status.code(), Some(0));
    assert_eq!(critique(&[&good, "--fail-on", "info"]).status.code(), Some(0));
    assert_eq!(critique(&[&bad, "--fail-on", "never"]).status.code(), Some(0));
    assert_eq!(critique(&[&bad, "--fail-on", "warning"]).status.code(), Some(1));
    // Only the warning left: passes the default gate, fails a warning gate.
    assert_eq!(critique(&[&bad, "--rule", "unconsumed-queue"]).status.code(), Some(0));
    assert_eq!(critique(&[&bad, "--rule", "unconsumed-queue", "--fail-on", "warning"]).status.code(), Some(1));
}

#[test]
fn bad_input_exits_two_with_a_message() {
    let out = critique(&["/nonexistent/design.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("/nonexistent/design.yaml"));
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.yaml");
    std::fs::write(&broken, "archcrit: 1\nname: x\ncomponents:\n  a: {kind: servce}\n").unwrap();
    let out = critique(&[broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("broken.yaml:4:"), "{}", stderr(&out));
    let out = critique(&[&path("good.yaml"), "--rule", "overload"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("did you mean `overloaded`"), "{}", stderr(&out));
    assert_eq!(critique(&[&path("good.yaml"), "--format", "yaml"]).status.code(), Some(2));
}

#[test]
fn json_is_the_contract_object() {
    let out = critique(&[&path("overloaded.yaml"), "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["design"], "Overloaded orders");
    assert_eq!(v["findings"][0]["rule"], "overloaded");
    assert_eq!(v["findings"][1]["rule"], "unconsumed-queue");
    assert!(v["accepted"].as_array().unwrap().is_empty());
    assert!((v["metrics"]["components"]["orders"]["load_rps"].as_f64().unwrap() - 1680.0).abs() < 1e-9);
    assert_eq!(v["metrics"]["requests"]["web"]["load_rps"].as_f64(), Some(1200.0));
    // Stable: the same input gives the same bytes.
    assert_eq!(stdout(&out), stdout(&critique(&[&path("overloaded.yaml"), "--format", "json"])));
}

#[test]
fn sarif_points_at_the_component_lines() {
    let out = critique(&[&path("overloaded.yaml"), "--format", "sarif"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "archcrit");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.iter().any(|r| r["id"] == "overloaded"));
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    let text = std::fs::read_to_string(fixture("overloaded.yaml")).unwrap();
    let line_of = |key: &str| text.lines().position(|l| l.trim_start().starts_with(key)).unwrap() + 1;
    let first = &results[0];
    assert_eq!(first["ruleId"], "overloaded");
    assert_eq!(first["level"], "error");
    let loc = &first["locations"][0]["physicalLocation"];
    assert!(loc["artifactLocation"]["uri"].as_str().unwrap().ends_with("overloaded.yaml"));
    assert_eq!(loc["region"]["startLine"].as_u64(), Some(line_of("orders:") as u64));
    assert_eq!(results[1]["level"], "warning");
    assert_eq!(
        results[1]["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64(),
        Some(line_of("events:") as u64)
    );
    let rule_index = first["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[rule_index]["id"], "overloaded");
}

#[test]
fn markdown_is_a_table_per_severity() {
    let out = critique(&[&path("overloaded.yaml"), "--format", "markdown"]);
    let md = stdout(&out);
    assert!(md.starts_with("## archcrit: Overloaded orders"), "{md}");
    assert!(md.contains("### Errors") && md.contains("### Warnings") && !md.contains("### Notes"));
    assert!(md.contains("| `overloaded` | `orders` |"), "{md}");
    assert!(!md.contains('\x1b'));
}

/// Runs `archcrit critique` on a pseudo-terminal and returns what it printed.
fn on_a_terminal(no_color: bool) -> String {
    let (out, code) = terminal::run_on_a_terminal(["critique", &path("overloaded.yaml")], no_color);
    assert_eq!(code, 1);
    out
}

#[test]
fn colour_on_a_terminal_unless_no_color() {
    let coloured = on_a_terminal(false);
    assert!(coloured.contains("\x1b[1;31m"), "errors in red on a terminal: {coloured:?}");
    assert!(coloured.contains("overloaded"));
    let plain = on_a_terminal(true);
    assert!(!plain.contains("\x1b["), "NO_COLOR respected: {plain:?}");
    assert!(plain.contains("overloaded"));
}
