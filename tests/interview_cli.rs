//! `archcrit interview` as a user runs it: --list, --print-questions,
//! headless runs that write the design and transcript, and refusals that
//! exit 2 and write nothing.

use std::path::Path;
use std::process::{Command, Output};

use archcrit_core::file::{load_path, yaml};

fn archcrit(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_archcrit"))
        .args(args)
        .current_dir(dir)
        // Keep the user's own scripts out of the test.
        .env("XDG_CONFIG_HOME", dir.join("no-config"))
        .env("HOME", dir)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn list_prints_one_script_per_line_id_first() {
    let dir = tempfile::tempdir().unwrap();
    let out = archcrit(&["interview", "--list"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let ids: Vec<&str> = stdout.lines().map(|l| l.split_whitespace().next().unwrap()).collect();
    assert_eq!(ids, ["new-system", "production-readiness", "scaling"]);
}

#[test]
fn print_questions_is_a_yaml_list_with_every_key() {
    let dir = tempfile::tempdir().unwrap();
    let out = archcrit(&["interview", "--script", "new-system", "--print-questions"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let list: Vec<yaml::Value> = yaml::from_str(&text(&out.stdout)).unwrap();
    assert_eq!(list.len(), 19, "18 questions and request_types");
    for q in &list {
        for key in ["id", "ask", "type", "choices", "min", "max", "unit"] {
            assert!(q.get(key).is_some(), "{key} missing from {q:?}");
        }
    }
    let peak = list.iter().find(|q| q.get("id").and_then(|v| v.as_str()) == Some("peak_rps")).unwrap();
    assert_eq!(peak.get("type").and_then(|v| v.as_str()), Some("number"));
    assert_eq!(peak.get("unit").and_then(|v| v.as_str()), Some("rps"));
    assert_eq!(peak.get("min").and_then(|v| v.as_f64()), Some(1.0));
    let consistency = list.iter().find(|q| q.get("id").and_then(|v| v.as_str()) == Some("consistency")).unwrap();
    let choices: Vec<&str> =
        consistency.get("choices").unwrap().as_sequence().unwrap().iter().filter_map(|c| c.as_str()).collect();
    assert_eq!(choices, ["strong", "eventual"]);
    assert!(consistency.get("min").unwrap().is_null());
}

#[test]
fn a_headless_run_writes_the_design_and_transcript() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("answers.yaml"),
        "purpose: Books\nclients: [browser]\npeak_rps: 400\nconsistency: strong\nasync_work: no\ndata: [pii]\n",
    )
    .unwrap();
    let out = archcrit(&["interview", "books.yaml", "--script", "new-system", "--answers", "answers.yaml"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("[peak_rps] At the busiest minute"), "{stdout}");
    assert!(stdout.contains("  > 400\n  - set requirements.peak_rps = 400"), "{stdout}");
    assert!(stdout.contains("wrote books.yaml"), "{stdout}");
    let critique = &stdout[stdout.find("\ncritique:").expect("a critique follows the transcript")..];
    assert!(critique.contains("single-point-of-failure"), "{critique}");
    let design = load_path(&dir.path().join("books.yaml")).unwrap().design;
    assert_eq!(design.requirements().peak_rps, Some(400.0));
    assert!(design.component("web").is_some());
    let peak = design.interview().iter().find(|e| e.question == "peak_rps").unwrap();
    assert_eq!((peak.script.as_str(), peak.answer.as_str()), ("new-system", "400"));
    assert_eq!(peak.effects, ["set requirements.peak_rps = 400"]);

    // A second script on the same file appends to the transcript.
    std::fs::write(dir.path().join("scale.yaml"), "peak_rps: 4000\n").unwrap();
    let out = archcrit(&["interview", "books.yaml", "--script", "scaling", "--answers", "scale.yaml"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let again = load_path(&dir.path().join("books.yaml")).unwrap().design;
    assert_eq!(again.requirements().peak_rps, Some(4000.0));
    assert!(again.interview().len() > design.interview().len());
    assert!(again.interview().iter().any(|e| e.script == "scaling"));
}

#[test]
fn an_invalid_answer_names_the_question_exits_2_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let design = "archcrit: 1\nname: d\ncomponents:\n  api: {kind: service}\n";
    std::fs::write(dir.path().join("d.yaml"), design).unwrap();
    for (answers, id, words) in [
        ("peak_rps: lots\n", "peak_rps", "not a number"),
        ("consistency: weak\n", "consistency", "not one of the choices"),
        ("data: [pii, secrets]\n", "data", "`secrets`"),
        ("async_work: perhaps\n", "async_work", "yes or no"),
        ("purpose: \"\"\n", "purpose", "empty"),
        ("peak_rpz: 10\n", "peak_rpz", "did you mean `peak_rps`"),
    ] {
        std::fs::write(dir.path().join("a.yaml"), format!("purpose: ok\n{answers}")).unwrap();
        for file in ["d.yaml", "new.yaml"] {
            let out = archcrit(&["interview", file, "--script", "new-system", "--answers", "a.yaml"], dir.path());
            let stderr = text(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{answers}: {stderr}");
            assert!(stderr.contains(&format!("question `{id}`")), "{stderr}");
            assert!(stderr.contains(words), "{stderr}");
            assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
        }
        assert_eq!(std::fs::read_to_string(dir.path().join("d.yaml")).unwrap(), design);
        assert!(!dir.path().join("new.yaml").exists());
    }
}

#[test]
fn bad_inputs_are_refused_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("a.yaml"), "peak_rps: [1, {x: 2}]\n").unwrap();
    let out = archcrit(&["interview", "x.yaml", "--script", "new-system", "--answers", "a.yaml"], p);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("a.yaml:1:"), "{}", text(&out.stderr));

    let out = archcrit(&["interview", "--script", "scalng", "--print-questions"], p);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("did you mean `scaling`"));

    std::fs::write(p.join("s.yaml"), "id: s\ntitle: S\nquestions:\n  - id: a\n    ask: A?\n    type: nmber\n").unwrap();
    let out = archcrit(&["interview", "--script", "s.yaml", "--print-questions"], p);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("s.yaml:6:"), "{}", text(&out.stderr));

    std::fs::write(p.join("c.yaml"), "# keep me\narchcrit: 1\nname: c\n").unwrap();
    std::fs::write(p.join("ok.yaml"), "purpose: x\n").unwrap();
    let out = archcrit(&["interview", "c.yaml", "--script", "new-system", "--answers", "ok.yaml"], p);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--drop-comments"));
    assert!(std::fs::read_to_string(p.join("c.yaml")).unwrap().starts_with("# keep me"));

    let out = archcrit(&["interview", "c.yaml", "--script", "new-system"], p);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--answers"));
}

#[test]
fn a_scripts_directory_overrides_a_built_in() {
    let dir = tempfile::tempdir().unwrap();
    let scripts = dir.path().join("mine");
    std::fs::create_dir(&scripts).unwrap();
    std::fs::write(
        scripts.join("scaling.yaml"),
        "id: scaling\ntitle: Ours\nquestions:\n  - id: a\n    ask: A?\n    type: text\n",
    )
    .unwrap();
    let out = archcrit(&["interview", "--list", "--scripts-dir", "mine"], dir.path());
    let stdout = text(&out.stdout);
    assert!(stdout.lines().any(|l| l.starts_with("scaling") && l.contains("Ours (1 question)")), "{stdout}");
}

#[test]
fn an_answer_whose_question_was_passed_over_says_when_it_is_asked() {
    let dir = tempfile::tempdir().unwrap();
    // `externalize_state` is asked only after `in_memory_state: yes`.
    std::fs::write(dir.path().join("answers.yaml"), "peak_rps: 400\nin_memory_state: no\nexternalize_state: yes\n")
        .unwrap();
    let out = archcrit(&["interview", "s.yaml", "--script", "scaling", "--answers", "answers.yaml"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains(
            "the answer for `externalize_state` was not used: its question is asked only when \
             {answer: in_memory_state, is: yes}, which did not hold"
        ),
        "{}",
        text(&out.stderr)
    );
}
