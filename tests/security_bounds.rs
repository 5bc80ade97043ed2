//! Bounds on hostile input (issue 10, points 4 and 6): deep YAML, alias
//! bombs, Mermaid `&` fan-out and huge compose files are refused fast, at
//! their line, and compose import grows linearly.

use std::fmt::Write as _;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use archcrit_core::exchange::{compose, mermaid};
use archcrit_core::file;

fn archcrit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_archcrit")).args(args).env("NO_COLOR", "1").output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn a_64_kb_bracket_tower_is_refused_fast_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deep.yaml");
    std::fs::write(&path, format!("archcrit: 1\nname: x\nnotes: {}\n", "[".repeat(64 * 1024))).unwrap();
    let started = Instant::now();
    let out = archcrit(&["check", path.to_str().unwrap()]);
    let took = started.elapsed();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("deep.yaml:3:"), "{}", stderr(&out));
    assert!(stderr(&out).contains("nests more than 64 levels"), "{}", stderr(&out));
    assert!(took < Duration::from_secs(5), "took {took:?}");
}

#[test]
fn deep_block_nesting_is_refused_at_its_line() {
    let mut text = String::from("archcrit: 1\nname: x\nx-deep:\n");
    for level in 1..200 {
        let _ = writeln!(text, "{}k{level}:", " ".repeat(level * 2));
    }
    let e = file::load_str(&text, "d.yaml").unwrap_err();
    assert!(e.message.contains("nests more than"), "{e}");
    assert!(e.line.is_some_and(|l| l > 3 && l < 80), "{e}");
}

#[test]
fn an_alias_bomb_is_refused_with_a_line() {
    let mut text =
        String::from("archcrit: 1\nname: x\nx-bomb:\n  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    let mut prev = 'a';
    for name in 'b'..='j' {
        let refs = vec![format!("*{prev}"); 9].join(", ");
        let _ = writeln!(text, "  {name}: &{name} [{refs}]");
        prev = name;
    }
    let started = Instant::now();
    let e = file::load_str(&text, "bomb.yaml").unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(e.line, Some(5), "{e}");
    assert!(e.to_string().contains("alias"), "{e}");
}

#[test]
fn mermaid_fan_out_is_refused_at_its_line() {
    let left: Vec<String> = (0..1500).map(|i| format!("a{i}")).collect();
    let right: Vec<String> = (0..1500).map(|i| format!("b{i}")).collect();
    let text = format!("flowchart LR\n  x --> y\n  {} --> {}\n", left.join(" & "), right.join(" & "));
    let started = Instant::now();
    let e = mermaid::import(&text, "fan.mmd", "fan").unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
    assert_eq!(e.line, 3, "{e}");
    assert!(e.message.contains("50000 links"), "{e}");
}

#[test]
fn too_many_mermaid_nodes_are_refused_at_their_line() {
    let mut text = String::from("flowchart LR\n");
    for i in 0..10_001 {
        let _ = writeln!(text, "  n{i}");
    }
    let e = mermaid::import(&text, "many.mmd", "many").unwrap_err();
    assert_eq!(e.line, 10_002, "{e}");
}

fn compose_file(services: usize) -> String {
    let mut text = String::from("services:\n");
    for i in 0..services {
        let _ = writeln!(text, "  svc{i}:\n    image: app:{i}\n    depends_on: [svc{}]", (i + 1) % services);
    }
    text
}

fn import_time(services: usize) -> Duration {
    let text = compose_file(services);
    let started = Instant::now();
    let imported = compose::import(&text, "c.yml", "c").unwrap();
    assert_eq!(imported.design.component_count(), services);
    started.elapsed()
}

#[test]
fn compose_import_grows_linearly() {
    import_time(500);
    let small = import_time(1_500);
    let large = import_time(6_000);
    // Four times the services: linear is about 4x, quadratic 16x.
    assert!(large < small * 9, "1500 services: {small:?}, 6000 services: {large:?}");
}

#[test]
fn too_many_compose_services_are_refused() {
    let e = compose::import(&compose_file(10_001), "c.yml", "c").unwrap_err();
    assert_eq!(e.line, 1, "{e}");
    assert!(e.message.contains("at most 10000"), "{e}");
}
