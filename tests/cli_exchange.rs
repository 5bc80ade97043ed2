//! `archcrit export` and `archcrit import` end to end through the binary.

use std::process::Command;

fn archcrit(args: &[&str]) -> (u8, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_archcrit")).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(255) as u8,
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn export_then_import_gives_the_design_back() {
    let dir = tempfile::tempdir().unwrap();
    let design = dir.path().join("shop.yaml");
    std::fs::write(&design, archcrit_core::examples::example("shop").unwrap()).unwrap();
    let mmd = dir.path().join("shop.mmd");
    let (code, _, err) = archcrit(&["export", design.to_str().unwrap(), "-o", mmd.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::read_to_string(&mmd).unwrap().starts_with("flowchart LR"));
    let back = dir.path().join("back.yaml");
    let (code, _, err) = archcrit(&["import", mmd.to_str().unwrap(), "-o", back.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let original = archcrit_core::file::load_path(&design).unwrap().design;
    let imported = archcrit_core::file::load_path(&back).unwrap().design;
    let ids = |d: &archcrit_core::model::Design| d.ids().map(|i| i.to_string()).collect::<Vec<_>>();
    assert_eq!(ids(&imported), ids(&original));
    assert_eq!(imported.link_count(), original.link_count());
    // No silent overwrite.
    let (code, _, err) = archcrit(&["import", mmd.to_str().unwrap(), "-o", back.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("--force"), "{err}");
}

#[test]
fn every_format_exports() {
    let dir = tempfile::tempdir().unwrap();
    let design = dir.path().join("chat.yaml");
    std::fs::write(&design, archcrit_core::examples::example("chat").unwrap()).unwrap();
    let d = design.to_str().unwrap();
    let (code, out, _) = archcrit(&["export", d, "--format", "dot", "--direction", "TB"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("digraph") && out.contains("rankdir=TB"));
    let (code, out, _) = archcrit(&["export", d, "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["archcrit_json"], 1);
    assert!(v["design"]["components"].is_object());
    assert!(v["report"]["findings"].is_array(), "the critic's report is included");
    let (code, out, _) = archcrit(&["export", d, "--format", "markdown"]);
    assert_eq!(code, 0);
    assert!(out.contains("```mermaid\nflowchart LR"));
    assert!(out.contains("## Findings") && !out.contains("not run"), "{out}");
    assert!(out.contains("## Metrics"), "{out}");
    let (code, out, _) = archcrit(&["export", d, "--with-findings"]);
    assert_eq!(code, 0);
    assert!(out.contains("class n_") && out.contains(" s_"), "findings classes:\n{out}");
}

#[test]
fn split_writes_files_and_a_big_design_warns() {
    let dir = tempfile::tempdir().unwrap();
    let design = dir.path().join("big.yaml");
    let big = archcrit_core::synth::generate(1_500, 2);
    std::fs::write(&design, archcrit_core::file::to_yaml(&big)).unwrap();
    let d = design.to_str().unwrap();
    let (code, out, err) = archcrit(&["export", d]);
    assert_eq!(code, 0);
    assert!(err.contains("warning:") && err.contains("--split"), "{err}");
    assert!(out.contains("archcrit: overview"));
    let parts = dir.path().join("parts");
    let (code, _, err) = archcrit(&["export", d, "--split", parts.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(parts.join("overview.mmd").is_file());
    assert!(std::fs::read_dir(&parts).unwrap().count() > 2);
}

#[test]
fn compose_import_and_bad_input_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let compose = dir.path().join("docker-compose.yml");
    std::fs::write(&compose, include_str!("fixtures/compose/every-form.yml")).unwrap();
    let (code, out, err) = archcrit(&["import", compose.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(archcrit_core::file::load_str(&out, "stdout").is_ok());
    let bad = dir.path().join("bad.mmd");
    std::fs::write(&bad, "flowchart LR\n  a --> b\n  c[\"open\n").unwrap();
    let (code, _, err) = archcrit(&["import", bad.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("bad.mmd:3:"), "{err}");
    let (code, _, _) = archcrit(&["export", "/nonexistent.yaml"]);
    assert_eq!(code, 2);
}
