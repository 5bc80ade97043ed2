//! `:calibrate` and `:import` in the workshop: the command asks the workers
//! to read the files (an effect), the real worker function reads them, its
//! answer comes back as an action, the design changes in one undoable step,
//! the diff panel marks what changed and the message line says the drift.

use std::path::PathBuf;

use archcrit::workers::traces::observe;
use archcrit_app::{Action, Effect, Focus, Key, KeyCode, Level, Services, Startup, State, update};
use archcrit_core::file::load_str;

mod support;
use support::workshop::{screen, settle};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR")))
}

fn opened(text: &str) -> State {
    let design = load_str(text, "shop.yaml").unwrap();
    let (mut state, fx) = State::new(
        Startup { file: Some(PathBuf::from("shop.yaml")), saved: true, ..Startup::new(design) },
        Services::builtin(),
    );
    settle(&mut state, fx);
    update(&mut state, Action::Resize { w: 140, h: 40 });
    state
}

fn cmd(state: &mut State, line: &str) -> Vec<Effect> {
    let fx = update(state, Action::Command(line.into()));
    settle(state, fx)
}

fn message(state: &State) -> String {
    state.message().map(|(_, m)| m.clone()).unwrap_or_default()
}

/// `:calibrate ...` answered as the trace worker answers it.
fn calibrate(state: &mut State, line: &str) {
    let fx = cmd(state, line);
    let (files, options) = fx
        .into_iter()
        .find_map(|e| if let Effect::ReadTraces { files, options } = e { Some((files, options)) } else { None })
        .expect("a ReadTraces effect");
    let observed =
        observe(&files, options.sampling).map(Box::new).map_err(|e| archcrit_app::WorkerError(e.to_string()));
    let fx = update(state, Action::TracesRead { options, observed });
    settle(state, fx);
}

#[test]
fn calibrate_applies_one_undoable_step_and_marks_the_board() {
    let text = std::fs::read_to_string(fixture("traces/shop.yaml")).unwrap();
    let mut state = opened(&text);
    let traces = fixture("traces/shop.otlp.jsonl");
    calibrate(&mut state, &format!("calibrate --map payments=payment {}", traces.display()));
    let checkout = state.doc.design().component("checkout").unwrap();
    assert_eq!(checkout.latency_ms, Some(22.0));
    assert!(state.doc.design().flow("post-checkout").is_some());
    let said = message(&state);
    assert!(said.starts_with("calibrated (u undoes): 700 spans"), "{said}");
    // The whole report is in the persona's panel, biggest drift first.
    let report = &state.chat.lines.last().unwrap().text;
    assert!(report.contains("checkout -> inventory calls: 1 -> 2 (+100%)"), "{report}");
    assert!(report.contains("inventory latency_ms: 5 -> 20 (+300%)"), "{report}");
    // What changed is marked, in the diff panel.
    assert_eq!(state.focus, Focus::Diff);
    let shown = screen(&state);
    assert!(shown.contains("before :calibrate"), "{shown}");
    // One undo takes it all back.
    update(&mut state, Action::Key(Key::plain(KeyCode::Esc)));
    update(&mut state, Action::Command("undo".into()));
    assert_eq!(state.doc.design().component("checkout").unwrap().latency_ms, Some(30.0));
    assert!(state.doc.design().flow("post-checkout").is_none());
}

/// `:calibrate --sampling 0.1` means what `archcrit calibrate --sampling
/// 0.1` means: a tenth of the requests were traced, so rates are ten times
/// what the spans count; a share outside (0, 1] keeps the line open.
#[test]
fn calibrate_takes_sampling_as_the_cli_does() {
    let text = std::fs::read_to_string(fixture("traces/shop.yaml")).unwrap();
    let mut state = opened(&text);
    let traces = fixture("traces/shop.otlp.jsonl");
    let fx = update(&mut state, Action::Command(format!("calibrate --sampling 0.1 {}", traces.display())));
    let options = fx
        .iter()
        .find_map(|e| if let Effect::ReadTraces { options, .. } = e { Some(options.clone()) } else { None })
        .expect("a ReadTraces effect");
    assert_eq!(options.sampling, 0.1);
    calibrate(&mut state, &format!("calibrate --map payments=payment --sampling=0.1 {}", traces.display()));
    // 40 checkouts over 19.83 s, a tenth traced: 20.17 rps, not 2.
    let rps = state.doc.design().flow("post-checkout").and_then(|f| f.rps);
    assert_eq!(rps, Some(20.2), "{}", message(&state));
    for bad in ["calibrate --sampling 0 x.jsonl", "calibrate --sampling 1.5 x.jsonl", "calibrate --sampling"] {
        let fx = update(&mut state, Action::Command(bad.into()));
        assert!(fx.iter().all(|e| !matches!(e, Effect::ReadTraces { .. })), "{bad}");
        assert!(message(&state).contains("--sampling"), "{bad}: {}", message(&state));
    }
}

#[test]
fn calibrate_refuses_without_files_and_reports_broken_traces() {
    let mut state = opened("archcrit: 1\nname: t\ncomponents:\n  a: {kind: service}\n");
    let fx = update(&mut state, Action::Command("calibrate".into()));
    assert!(fx.iter().all(|e| !matches!(e, Effect::ReadTraces { .. })));
    assert!(message(&state).contains("name the trace files"), "{}", message(&state));
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": [\n{\"spanId\": \"1\"}]}]}]}").unwrap();
    calibrate(&mut state, &format!("calibrate {}", bad.display()));
    let said = message(&state);
    assert!(said.contains("bad.json:2:") && said.contains("traceId"), "{said}");
    assert_eq!(state.message().map(|(l, _)| *l), Some(Level::Error));
    assert_eq!(state.doc.design().revision(), 0);
}

#[test]
fn import_merges_into_the_open_design_in_one_step() {
    let mut state = opened("archcrit: 1\nname: t\ncomponents:\n  frontend: {kind: service, label: Mine}\n");
    let fx = cmd(&mut state, &format!("import {}", fixture("traces/shop.yaml").display()));
    assert!(fx.iter().any(|e| matches!(e, Effect::Import { .. })));
    // The worker's conversion, as it runs it, of a Mermaid flowchart.
    let dir = tempfile::tempdir().unwrap();
    let mmd = dir.path().join("flow.mmd");
    std::fs::write(&mmd, "flowchart LR\n  web[Web] --> frontend[Front]\n  frontend --> db[(Orders DB)]\n").unwrap();
    let imported = archcrit::cli::import::import_files(std::slice::from_ref(&mmd), None)
        .map(Box::new)
        .map_err(archcrit_app::WorkerError);
    let fx = update(&mut state, Action::ImportRead { label: "flow.mmd".into(), imported });
    settle(&mut state, fx);
    assert_eq!(state.doc.design().component("frontend").unwrap().label.as_deref(), Some("Mine"));
    assert!(state.doc.design().contains("web") && state.doc.design().contains("db"));
    assert_eq!(state.doc.design().link_count(), 2);
    let said = message(&state);
    assert!(
        said.contains("imported 2 components and 2 links") && said.contains("kept the design's own frontend"),
        "{said}"
    );
    update(&mut state, Action::Command("undo".into()));
    assert_eq!(state.doc.design().component_count(), 1);
}

/// A compose file imported onto an empty board is that file's design: it
/// keeps what compose cannot state (auth, an SLO), so the workshop's
/// findings are the ones `archcrit import` + `critique` give, and undo
/// takes it all back. Merged into a drawn design it changes nothing of that.
#[test]
fn import_onto_an_empty_board_keeps_what_the_source_cannot_state() {
    let file = fixture("compose/traefik-internal.yml");
    let imported = archcrit::cli::import::import_files(std::slice::from_ref(&file), None).unwrap();
    assert!(!imported.design.unstated().is_empty(), "compose states no auth or SLO");
    let expected: Vec<(&str, archcrit_core::critic::Severity)> =
        archcrit_core::critic::critique(&imported.design).findings.iter().map(|f| (f.rule, f.severity)).collect();

    let mut state = opened("archcrit: 1\nname: t\n");
    let fx =
        update(&mut state, Action::ImportRead { label: "compose".into(), imported: Ok(Box::new(imported.clone())) });
    settle(&mut state, fx);
    assert_eq!(state.doc.design().unstated(), imported.design.unstated());
    assert!(!imported.warnings.is_empty(), "the file publishes ports on an internal network");
    let said = message(&state);
    assert!(said.contains("import notes (M shows them)"), "{said}");
    let report = archcrit_core::critic::critique(state.doc.design());
    let got: Vec<_> = report.findings.iter().map(|f| (f.rule, f.severity)).collect();
    assert_eq!(got, expected, "the workshop judges the import as the command line does");
    update(&mut state, Action::Command("undo".into()));
    assert!(state.doc.design().unstated().is_empty() && state.doc.design().component_count() == 0);

    let mut drawn = opened("archcrit: 1\nname: t\ncomponents:\n  mine: {kind: service}\n");
    let fx = update(&mut drawn, Action::ImportRead { label: "compose".into(), imported: Ok(Box::new(imported)) });
    settle(&mut drawn, fx);
    assert!(drawn.doc.design().unstated().is_empty(), "a merge keeps the drawn design's own standards");
}

/// The trace worker itself reads at the sampling `:calibrate` asked: what
/// it answers carries rates ten times what the spans count at 0.1.
#[tokio::test]
async fn the_trace_worker_reads_at_the_sampling_asked() {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let files = vec![fixture("traces/errors.otlp.jsonl")];
    let options = archcrit_core::calibrate::Options { sampling: 0.1, ..Default::default() };
    archcrit::workers::traces::spawn(files, options, tx);
    let Some(Action::TracesRead { options, observed }) = rx.recv().await else { panic!("no TracesRead") };
    assert_eq!(options.sampling, 0.1);
    let observed = observed.unwrap();
    let api = observed.nodes.iter().find(|n| n.node.name() == "api").unwrap();
    // 300 requests over 29.95 s, a tenth traced: 100.2 rps.
    assert!((api.rps.unwrap() - 3000.0 / 29.95).abs() < 1e-6, "{:?}", api.rps);
    assert_eq!(api.requests, 300, "the sample is what was traced");
}
