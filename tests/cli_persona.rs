//! Personas on the command line: `archcrit personas`, `--persona-dir` with
//! a file in the seed persona's exact shape, broken files, and the persona
//! review that `critique` prints (offline voice and `--llm`).

mod support;

use std::path::Path;
use std::process::{Command, Output};

use archcrit::cli::persona_review::{EndpointArgs, PersonaArgs, speak_to};
use archcrit_core::critic::{Metrics, Report};
use archcrit_core::file::load_str;
use archcrit_core::model::Design;
use support::fake_openai::*;

fn archcrit(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_archcrit"))
        .args(args)
        .current_dir(cwd)
        .env("XDG_CONFIG_HOME", cwd)
        .env("HOME", cwd)
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn fixture_dir() -> String {
    format!("{}/tests/fixtures/personas", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn personas_lists_the_built_ins() {
    let dir = tempfile::tempdir().unwrap();
    let out = archcrit(&["personas"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert!(lines[0].starts_with("backend-architect  ") && lines[0].ends_with("(built-in)"), "{stdout}");
    assert!(lines[1].starts_with("security-reviewer  "), "{stdout}");
    assert!(lines[2].starts_with("sre  "), "{stdout}");
}

#[test]
fn a_seed_shaped_persona_loads_from_persona_dir() {
    let dir = tempfile::tempdir().unwrap();
    let out = archcrit(&["personas", "--persona-dir", &fixture_dir()], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).is_empty(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let line = stdout.lines().find(|l| l.starts_with("data-platform-lead")).unwrap_or_else(|| panic!("{stdout}"));
    assert!(line.contains("Data platform lead for pipelines, warehouses and streaming"), "{line}");
    assert!(line.contains("tests/fixtures/personas/data-platform-lead.md"), "{line}");
    assert_eq!(stdout.lines().count(), 4, "{stdout}");
}

#[test]
fn a_broken_persona_is_reported_and_the_others_still_load() {
    let dir = tempfile::tempdir().unwrap();
    let personas = dir.path().join("mine");
    std::fs::create_dir(&personas).unwrap();
    std::fs::write(personas.join("broken.md"), "---\nname: [oops\n---\n# x\n").unwrap();
    std::fs::write(personas.join("nameless.md"), "---\ndescription: no name\n---\n# x\n").unwrap();
    std::fs::write(personas.join("sre.md"), "---\nname: sre\ndescription: my own SRE\ncolor: cyan\n---\n# Mine\n")
        .unwrap();
    let out = archcrit(&["personas", "--persona-dir", "mine"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let err = text(&out.stderr);
    assert!(err.contains("mine/broken.md:") && err.contains("not valid YAML"), "{err}");
    assert!(err.contains("mine/nameless.md: the front matter has no `name:`"), "{err}");
    let stdout = text(&out.stdout);
    assert!(stdout.contains("sre                my own SRE  (mine/sre.md)"), "{stdout}");
    assert_eq!(stdout.lines().count(), 3, "{stdout}");
    // ./personas is searched too, after --persona-dir.
    std::fs::rename(&personas, dir.path().join("personas")).unwrap();
    let out = archcrit(&["personas"], dir.path());
    assert!(text(&out.stdout).contains("my own SRE  (personas/sre.md)"), "{}", text(&out.stdout));
    let out = archcrit(&["personas", "--persona-dir", "nowhere"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--persona-dir nowhere: not a directory"), "{}", text(&out.stderr));
}

fn shop() -> (Design, Report) {
    let design = load_str(archcrit_core::examples::example("shop").unwrap(), "shop.yaml").unwrap();
    let report = Report {
        design: design.name().into(),
        findings: vec![],
        accepted: vec![],
        metrics: Metrics::default(),
        not_checked: vec![],
    };
    (design, report)
}

fn speak(args: &PersonaArgs, env: &[(&str, String)]) -> (u8, String, String) {
    let (design, report) = shop();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let env = |k: &str| env.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone());
    let code = speak_to(args, &design, &report, &mut out, &mut err, &env);
    (code, text(&out), text(&err))
}

#[test]
fn critique_persona_prints_the_offline_voice() {
    let args = PersonaArgs { persona: Some("sre".into()), ..Default::default() };
    let (code, out, err) = speak(&args, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Site Reliability Engineer on \""), "{out}");
    assert!(out.contains("Verdict: sound."), "{out}");
    let args = PersonaArgs { persona: Some("sre2".into()), ..Default::default() };
    let (code, _, err) = speak(&args, &[]);
    assert_eq!(code, 2);
    assert!(err.contains("no persona named `sre2` (did you mean `sre`?)"), "{err}");
    let args = PersonaArgs {
        persona: Some("data-platform-lead".into()),
        persona_dir: Some(fixture_dir().into()),
        ..Default::default()
    };
    let (code, out, _) = speak(&args, &[]);
    assert_eq!(code, 0);
    assert!(out.contains("Data Platform Lead on \""), "{out}");
}

#[test]
fn critique_llm_streams_and_falls_back_on_faults() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(serve(vec![
        stream_of(&[text_chunk("Replicate ", None), text_chunk("the database.", Some("stop"))]),
        Reply::Status { status: 500, headers: vec![], body: "boom".into() },
    ]));
    let args = PersonaArgs {
        llm: true,
        endpoint: EndpointArgs { base_url: Some(server.url.clone()), model: Some("local".into()), log_file: None },
        ..Default::default()
    };
    let (code, out, err) = speak(&args, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(&format!("Backend Architect (local at {}):\nReplicate the database.\n", server.url)), "{out}");
    assert!(err.is_empty(), "{err}");
    let (code, out, err) = speak(&args, &[]);
    assert_eq!(code, 0);
    // Each retry is announced, then the failure is one line.
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 4, "{err}");
    for (n, line) in lines[..3].iter().enumerate() {
        assert!(line.starts_with("archcrit: the server failed (HTTP 500): boom; trying again in "), "{line}");
        assert!(line.ends_with(&format!("(retry {} of 3)", n + 1)), "{line}");
    }
    assert_eq!(lines[3], "archcrit: LLM failed: the server failed (HTTP 500): boom; using the offline voice");
    assert!(out.contains("Backend Architect on \""), "{out}");
    // Nothing configured at all: say so, then speak offline.
    let args = PersonaArgs { llm: true, ..Default::default() };
    let (code, out, err) = speak(&args, &[]);
    assert_eq!(code, 0);
    assert!(err.starts_with("archcrit: LLM unavailable: no language model configured"), "{err}");
    assert!(out.contains("Verdict:"), "{out}");
}

#[test]
fn critique_llm_reports_a_long_rate_limit_wait_at_once() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(serve(vec![Reply::Status {
        status: 429,
        headers: vec![("retry-after", "90".into())],
        body: error_body("Rate limit reached for requests", "requests"),
    }]));
    let args = PersonaArgs {
        llm: true,
        endpoint: EndpointArgs { base_url: Some(server.url.clone()), ..Default::default() },
        ..Default::default()
    };
    let started = std::time::Instant::now();
    let (code, out, err) = speak(&args, &[]);
    assert!(started.elapsed() < std::time::Duration::from_secs(5), "it waited: {:?}", started.elapsed());
    assert_eq!(code, 0, "an LLM failure leaves the exit code to the rule report");
    let host = server.url.trim_start_matches("http://").trim_end_matches("/v1");
    let line = err.trim();
    assert!(
        line.starts_with(&format!("archcrit: LLM failed: rate limited by {host}; the server asks to wait 90 s")),
        "{line}"
    );
    assert_eq!(line.lines().count(), 1, "{line}");
    assert!(out.contains("Backend Architect on \""), "the offline voice answers: {out}");
    assert_eq!(server.hits(), 1);
}

#[test]
fn critique_prints_the_persona_after_the_rule_report() {
    let dir = tempfile::tempdir().unwrap();
    let file = format!("{}/assets/examples/shop.yaml", env!("CARGO_MANIFEST_DIR"));
    let out = archcrit(&["critique", &file, "--persona", "security-reviewer", "--fail-on", "never"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let review = stdout.find("Security Reviewer on \"Online shop\"").unwrap_or_else(|| panic!("{stdout}"));
    assert!(review > 0, "the rule report comes first: {stdout}");
    assert!(stdout[review..].contains("Verdict: "), "{stdout}");
    let out = archcrit(&["critique", &file, "--persona", "sre", "--format", "json"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    // --llm with nothing configured: one line on stderr, then the offline voice.
    let out = Command::new(env!("CARGO_BIN_EXE_archcrit"))
        .args(["critique", &file, "--llm", "--fail-on", "never"])
        .current_dir(dir.path())
        .env("XDG_CONFIG_HOME", dir.path())
        .env_remove("OPENAI_API_KEY")
        .env_remove("OPENAI_BASE_URL")
        .env_remove("OPENAI_API_BASE")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stderr).trim(),
        "archcrit: LLM unavailable: no language model configured: set OPENAI_API_KEY or OPENAI_BASE_URL (see docs/llm.md); using the offline voice"
    );
    assert!(text(&out.stdout).contains("Backend Architect on \"Online shop\""));
}
