//! `archcrit interview --llm` as a user runs it, against an
//! OpenAI-compatible server on 127.0.0.1: the model's follow-ups are asked
//! (and answered from the answers file as `QUESTION.follow-up-N`) and its
//! summary closes the run, as in the workshop.

mod support;

use std::process::Command;

use archcrit_core::file::load_path;
use support::fake_openai::*;

#[test]
fn a_headless_interview_asks_the_llm_for_follow_ups_and_a_summary() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let summary =
        stream_of(&[text_chunk("Books for 400 rps in three regions; the database is the risk.", Some("stop"))]);
    let follow_ups = stream_of(&[text_chunk(r#"{"questions": ["How many regions?"]}"#, Some("stop"))]);
    let server = rt
        .block_on(serve(vec![Reply::Choose(vec![("Summarise this design interview", summary)], Box::new(follow_ups))]));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("answers.yaml"),
        "purpose: Books\npurpose.follow-up-1: three regions\nclients: [browser]\npeak_rps: 400\nconsistency: strong\nasync_work: no\ndata: [pii]\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_archcrit"))
        .args(["interview", "books.yaml", "--script", "new-system", "--answers", "answers.yaml"])
        .args(["--llm", "--base-url", &server.url])
        .current_dir(dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join("no-config"))
        .env("HOME", dir.path())
        .env_remove("OPENAI_API_KEY")
        .output()
        .unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains("How many regions?\n  > three regions"), "{stdout}");
    assert!(stdout.contains("\nBooks for 400 rps in three regions; the database is the risk.\n"), "{stdout}");
    assert!(server.hits() >= 2, "follow-ups and a summary were asked: {}", server.hits());
    let design = load_path(&dir.path().join("books.yaml")).unwrap().design;
    let follow_up = design.interview().iter().find(|e| e.question == "purpose.follow-up-1").expect("recorded");
    assert_eq!((follow_up.ask.as_str(), follow_up.answer.as_str()), ("How many regions?", "three regions"));
    // Without --llm nothing is asked, and the follow-up answer goes unused.
    let before = server.hits();
    let out = Command::new(env!("CARGO_BIN_EXE_archcrit"))
        .args(["interview", "other.yaml", "--script", "new-system", "--answers", "answers.yaml"])
        .current_dir(dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join("no-config"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("purpose.follow-up-1"), "reported as unused");
    assert_eq!(server.hits(), before);
}
