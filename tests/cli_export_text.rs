//! `archcrit export --format text`: the whiteboard as text, through the
//! binary, snapshotted so any change to the picture is reviewed.

use std::process::Command;

fn archcrit(args: &[&str]) -> (u8, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_archcrit")).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(255) as u8,
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn shop_file(dir: &tempfile::TempDir) -> String {
    let path = dir.path().join("shop.yaml");
    std::fs::write(&path, archcrit_core::examples::example("shop").unwrap()).unwrap();
    path.to_str().unwrap().to_string()
}

fn export(extra: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let shop = shop_file(&dir);
    let mut args = vec!["export", shop.as_str(), "--format", "text"];
    args.extend_from_slice(extra);
    let (code, out, err) = archcrit(&args);
    assert_eq!(code, 0, "{err}");
    assert!(err.is_empty(), "{err}");
    out
}

/// Every box of the shop by its label, so a snapshot cannot lose one.
fn assert_every_label(out: &str) {
    let design = archcrit_core::file::load_str(archcrit_core::examples::example("shop").unwrap(), "shop").unwrap();
    for c in design.components() {
        let label = c.display_label();
        let shown = out.contains(label) || out.contains(&label[..label.len().min(8)]);
        assert!(shown, "{label} missing from\n{out}");
    }
}

#[test]
fn the_shop_in_unicode() {
    let out = export(&[]);
    assert_every_label(&out);
    // Badges from the critic, protocol labels and zone frames.
    assert!(out.contains('▲') && out.contains("grpc") && out.contains("┊ edge "), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn the_shop_in_ascii() {
    let out = export(&["--ascii"]);
    assert!(out.is_ascii(), "{out}");
    assert_every_label(&out);
    insta::assert_snapshot!(out);
}

#[test]
fn the_shop_at_a_narrow_width() {
    let out = export(&["--width", "60", "--ascii"]);
    for line in out.lines() {
        assert!(line.chars().count() <= 60, "{} cells: {line}", line.chars().count());
    }
    // Its zones wrapped into bands, full size: no strips, every box and
    // every zone's frame drawn once.
    assert!(!out.contains("-- cols"), "{out}");
    assert_every_label(&out);
    for zone in [": internet ", ": edge ", ": private "] {
        assert_eq!(out.matches(zone).count(), 1, "{zone}\n{out}");
    }
    insta::assert_snapshot!(out);
}

#[test]
fn the_shop_cut_into_strips_where_no_band_fits() {
    let out = export(&["--width", "30", "--ascii"]);
    for line in out.lines() {
        assert!(line.chars().count() <= 30, "{} cells: {line}", line.chars().count());
    }
    // Cut into strips, every strip headed by the columns it shows.
    assert!(out.starts_with("-- cols 1-30/"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn text_options_need_the_text_format() {
    let dir = tempfile::tempdir().unwrap();
    let shop = shop_file(&dir);
    let (code, _, err) = archcrit(&["export", &shop, "--format", "dot", "--ascii"]);
    assert_eq!(code, 2);
    assert!(err.contains("--format text"), "{err}");
    let (code, _, err) = archcrit(&["export", &shop, "--format", "text", "--width", "3"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--width"), "{err}");
}

#[test]
fn an_empty_design_prints_nothing_and_a_txt_output_means_text() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.yaml");
    std::fs::write(&empty, "archcrit: 1\nname: empty\n").unwrap();
    let (code, out, err) = archcrit(&["export", empty.to_str().unwrap(), "--format", "text"]);
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
    let shop = shop_file(&dir);
    let txt = dir.path().join("board.txt");
    let (code, _, err) = archcrit(&["export", &shop, "-o", txt.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::read_to_string(&txt).unwrap().contains("┌ gateway"));
}

/// The README's "sketch your first system" board is this command's output
/// on the design the walk-through ends with (tests/fixtures/first.yaml):
/// when the drawing changes, the README must change with it.
#[test]
fn the_readme_shows_what_export_prints_for_the_walkthrough() {
    let fixture = format!("{}/tests/fixtures/first.yaml", env!("CARGO_MANIFEST_DIR"));
    let (code, out, err) = archcrit(&["export", &fixture, "--format", "text"]);
    assert_eq!(code, 0, "{err}");
    let readme = std::fs::read_to_string(format!("{}/README.md", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let after = readme.split("archcrit export first.yaml --format text").nth(1).expect("the walk-through's board");
    let block = after.split("```text\n").nth(1).and_then(|b| b.split("\n```").next()).expect("a text block");
    assert_eq!(block.trim_end(), out.trim_end(), "README.md's board is out of date; paste this in:\n{out}");
}

#[test]
fn a_chain_wider_than_the_width_wraps_into_bands() {
    use archcrit_core::model::{Component, ComponentId, Design, Edit, Kind, Link};
    let mut design = Design::new("chain");
    let boxes = [
        ("client", Kind::Client),
        ("cdn", Kind::Cdn),
        ("gateway", Kind::Gateway),
        ("service", Kind::Service),
        ("cache", Kind::Cache),
        ("db", Kind::Database),
        ("worker", Kind::Worker),
    ];
    for (id, kind) in boxes {
        let component = Component::new(ComponentId::new(id).unwrap(), kind);
        design.apply(Edit::AddComponent { component, index: None }).unwrap();
    }
    for pair in boxes.windows(2) {
        let link = Link::new(ComponentId::new(pair[0].0).unwrap(), ComponentId::new(pair[1].0).unwrap());
        design.apply(Edit::Connect { link: link.with_protocol("https"), index: None }).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chain.yaml");
    std::fs::write(&path, archcrit_core::file::to_yaml(&design)).unwrap();
    let (code, out, err) = archcrit(&["export", path.to_str().unwrap(), "--format", "text", "--width", "80"]);
    assert_eq!(code, 0, "{err}");
    // Full size, in bands, no strips: every line within the width.
    assert!(!out.contains("-- cols"), "{out}");
    assert!(out.lines().all(|l| l.chars().count() <= 80), "{out}");
    for (id, _) in boxes {
        assert!(out.contains(id), "{id} missing from\n{out}");
    }
    insta::assert_snapshot!(out);
}

#[test]
fn the_shop_wraps_its_zones_to_80_columns() {
    let out = export(&["--width", "80"]);
    assert!(!out.contains("-- cols"), "{out}");
    assert!(out.lines().all(|l| l.chars().count() <= 80), "{out}");
    assert_every_label(&out);
    insta::assert_snapshot!(out);
}

/// A chain of seven with its fourth box pinned by hand (`at: [40, 2]`),
/// as a user test found it tangled at 60 columns.
const PINNED_CHAIN: &str = "archcrit: 1
name: pinned chain
components:
  client: {kind: client}
  cdn: {kind: cdn}
  gateway: {kind: gateway}
  service: {kind: service, at: [40, 2]}
  cache: {kind: cache}
  db: {kind: database}
  worker: {kind: worker}
links:
  - {from: client, to: cdn, protocol: https}
  - {from: cdn, to: gateway, protocol: https}
  - {from: gateway, to: service, protocol: https}
  - {from: service, to: cache, protocol: https}
  - {from: cache, to: db, protocol: https}
  - {from: db, to: worker, protocol: https}
";

#[test]
fn a_pinned_box_keeps_its_place_and_the_bands_flow_round_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pinned.yaml");
    std::fs::write(&path, PINNED_CHAIN).unwrap();
    let mut at_60 = String::new();
    for width in ["60", "80", "120", "200"] {
        let (code, out, err) = archcrit(&["export", path.to_str().unwrap(), "--format", "text", "--width", width]);
        assert_eq!(code, 0, "{err}");
        let w: usize = width.parse().unwrap();
        assert!(!out.contains("-- cols") && out.lines().all(|l| l.chars().count() <= w), "{width}:\n{out}");
        // The pinned box where its `at` puts it: row 2 (its top line),
        // column 40.
        let top = out.lines().nth(2).unwrap_or_default();
        assert_eq!(top.chars().skip(40).take(9).collect::<String>(), "┌ service", "{width}:\n{out}");
        if width == "60" {
            at_60 = out;
        }
    }
    insta::assert_snapshot!(at_60);
}
