//! DOT export checked by running the real Graphviz `dot` (CI installs it):
//! every example and adversarial designs lay out, with one SVG node per
//! component, one edge per link and one cluster per zone.

#[path = "exchange_support/mod.rs"]
mod support;

use std::io::Write;
use std::process::{Command, Stdio};

use archcrit_core::examples::EXAMPLES;
use archcrit_core::exchange::{Direction, dot};
use archcrit_core::file::load_str;
use archcrit_core::model::Design;

fn render(source: &str) -> String {
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("Graphviz `dot` is not installed (apt-get install graphviz); this check is never skipped");
    child.stdin.take().unwrap().write_all(source.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "dot failed: {}\n{source}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn check(design: &Design, direction: Direction) {
    let source = dot::export(design, direction, None);
    let svg = render(&source);
    assert_eq!(svg.matches("class=\"node\"").count(), design.component_count(), "{source}");
    assert_eq!(svg.matches("class=\"edge\"").count(), design.link_count(), "{source}");
    // Graphviz draws no frame for a zone without members.
    let zones: std::collections::HashSet<&str> = design.components().filter_map(|c| c.zone.as_deref()).collect();
    assert_eq!(svg.matches("class=\"cluster\"").count(), zones.len(), "{source}");
}

#[test]
fn every_example_renders_with_dot() {
    for (name, text) in EXAMPLES {
        let design = load_str(text, name).unwrap();
        check(&design, Direction::LR);
        check(&design, Direction::TB);
        insta::assert_snapshot!(format!("dot_{name}"), dot::export(&design, Direction::LR, None));
    }
}

#[test]
fn adversarial_designs_render_with_dot() {
    for seed in 0..60 {
        check(&support::adversarial(seed), Direction::LR);
    }
}

#[test]
fn async_links_are_dashed_and_labels_carry_the_protocol() {
    let design = load_str(EXAMPLES[0].1, "shop").unwrap();
    let text = dot::export(&design, Direction::LR, None);
    let async_links = design.links().filter(|l| !l.is_sync()).count();
    assert!(async_links > 0);
    assert_eq!(text.matches("style=dashed").count(), async_links);
    assert!(text.contains("shape=cylinder"));
}
