//! Interview scripts: the shipped ones load, and every class of bad
//! script is refused with the file, the line and what to change.

use archcrit_core::file::LoadError;
use archcrit_core::interview::{BUILT_IN, Library, QuestionType, load_script, load_script_path};

fn err(text: &str) -> LoadError {
    match load_script(text, "bad.yaml") {
        Ok(_) => panic!("expected an error for:\n{text}"),
        Err(e) => e,
    }
}

/// Asserts the error's line and that its text has every word.
fn assert_err(text: &str, line: usize, words: &[&str]) {
    let e = err(text);
    let shown = e.to_string();
    assert_eq!(e.line, Some(line), "wrong line for {shown}");
    assert!(shown.starts_with(&format!("bad.yaml:{line}:")), "{shown}");
    for w in words {
        assert!(shown.contains(w), "`{w}` missing from: {shown}");
    }
}

const HEAD: &str = "id: t\ntitle: T\nquestions:\n";

#[test]
fn every_shipped_script_loads() {
    let library = Library::built_in().unwrap_or_else(|e| panic!("{e}"));
    let ids: Vec<&str> = library.scripts().iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["new-system", "production-readiness", "scaling"]);
    assert_eq!(BUILT_IN.len(), 3);
    for script in library.scripts() {
        assert!(script.questions.len() >= 10, "{} has only {} questions", script.id, script.questions.len());
        for q in &script.questions {
            assert!(q.line > 0, "{}: {} has no line", script.id, q.id);
            assert!(q.ask.contains('?'), "{}: `{}` is not a question", script.id, q.ask);
        }
    }
}

#[test]
fn the_new_system_interview_covers_the_brief() {
    let script = Library::built_in().unwrap().find("new-system").unwrap();
    let binds: Vec<String> = script.questions.iter().filter_map(|q| q.bind.as_ref().map(|b| b.to_string())).collect();
    for required in [
        "description",
        "requirements.peak_rps",
        "requirements.read_write_ratio",
        "requirements.consistency",
        "requirements.data",
        "requirements.availability_slo",
        "requirements.latency_budget_ms",
    ] {
        assert!(binds.iter().any(|b| b == required), "nothing binds {required}");
    }
    for id in ["clients", "async_work", "integrations"] {
        assert!(script.question(id).is_some(), "no `{id}` question");
    }
}

#[test]
fn types_carry_their_details() {
    let s = load_script(
        &format!(
            "{HEAD}  - id: n\n    ask: How many?\n    type: number\n    unit: rps\n    min: 1\n    max: 10\n    whole: true\n\
             \x20 - id: c\n    ask: Which?\n    type: choice\n    choices: [a, b]\n"
        ),
        "ok.yaml",
    )
    .unwrap();
    assert_eq!(
        s.questions[0].ty,
        QuestionType::Number { unit: Some("rps".into()), min: Some(1.0), max: Some(10.0), whole: true }
    );
    assert_eq!(s.questions[1].ty, QuestionType::Choice(vec!["a".into(), "b".into()]));
    assert_eq!((s.questions[0].line, s.questions[1].line), (4, 11));
}

#[test]
fn yaml_and_shape_errors_name_the_line() {
    assert_err(&format!("{HEAD}  - id: a\n    ask: Why?\n    typ: text\n"), 6, &["unknown field `typ`"]);
    assert_err(
        &format!("{HEAD}  - id: a\n    ask: Why?\n    type: txt\n"),
        6,
        &["unknown question type `txt`", "did you mean `text`"],
    );
    assert_err("id: t\ntitle: [x\n", 2, &[]);
    assert_err(&format!("{HEAD}  - id: a\n    type: text\n"), 4, &["missing field `ask`"]);
}

#[test]
fn node_errors_point_at_the_node() {
    let text = format!("{HEAD}  - id: a\n    ask: Why?\n    type: text\n    bind: requirements.peak\n");
    assert_err(&text, 7, &["peak: did you mean peak_rps?"]);
    let text = format!("{HEAD}  - id: a\n    ask: Why?\n    type: text\n    when: {{has: databse}}\n");
    assert_err(&text, 7, &["did you mean `database`"]);
    let text = format!(
        "{HEAD}  - id: a\n    ask: Why?\n    type: text\n    effects:\n      - add: {{id: q, kind: service, dlq: true}}\n"
    );
    assert_err(&text, 8, &["`dlq` applies only to queues and streams"]);
    let text = format!(
        "{HEAD}  - id: a\n    ask: Why?\n    type: text\n    effects:\n      - set: requirements.peak_rps\n        value: lots\n"
    );
    assert_err(&text, 8, &["`lots` is not valid"]);
    let text = format!(
        "{HEAD}  - id: a\n    ask: Why?\n    type: text\n    effects:\n      - link: {{from: a}}\n        set: name\n"
    );
    assert_err(&text, 8, &["one change per effect"]);
}

#[test]
fn cross_reference_errors_name_the_question_and_line() {
    let later = format!(
        "{HEAD}  - id: first\n    ask: One?\n    type: yes-no\n    when: {{answer: second, is: yes}}\n  - id: second\n    ask: Two?\n    type: yes-no\n"
    );
    assert_err(&later, 7, &["question `first`", "`second`, which is not an earlier question"]);
    let typo = format!(
        "{HEAD}  - id: async_work\n    ask: One?\n    type: yes-no\n  - id: b\n    ask: Two?\n    type: text\n    when: {{answer: async_wrk, is: yes}}\n"
    );
    assert_err(&typo, 10, &["did you mean `async_work`"]);
    let wrong_choice = format!(
        "{HEAD}  - id: c\n    ask: One?\n    type: choice\n    choices: [strong, eventual]\n  - id: b\n    ask: Two?\n    type: text\n    when: {{answer: c, is: weak}}\n"
    );
    assert_err(&wrong_choice, 11, &["`weak` is not one of its choices"]);
    let dup = format!("{HEAD}  - id: a\n    ask: One?\n    type: text\n  - id: a\n    ask: Two?\n    type: text\n");
    assert_err(&dup, 7, &["question `a`", "used by an earlier question"]);
    let misfit = format!("{HEAD}  - id: a\n    ask: One?\n    type: yes-no\n    bind: requirements.peak_rps\n");
    assert_err(&misfit, 7, &["bind requirements.peak_rps", "expected"]);
    let bad_choice = format!(
        "{HEAD}  - id: a\n    ask: One?\n    type: choice\n    choices: [strong, weak]\n    bind: requirements.consistency\n"
    );
    assert_err(&bad_choice, 8, &["`weak`", "consistency"]);
    let effect = format!(
        "{HEAD}  - id: a\n    ask: One?\n    type: yes-no\n    effects:\n      - when: {{is: maybe}}\n        add: {{id: c, kind: cache}}\n"
    );
    assert_err(&effect, 8, &["effect 1", "`maybe` is not yes or no"]);
}

#[test]
fn type_details_are_checked() {
    assert_err(&format!("{HEAD}  - id: a\n    ask: One?\n    type: choice\n    choices: [x]\n"), 6, &["at least two"]);
    assert_err(&format!("{HEAD}  - id: a\n    ask: One?\n    type: text\n    unit: ms\n"), 6, &["go with number"]);
    assert_err(
        &format!("{HEAD}  - id: a\n    ask: One?\n    type: number\n    min: 5\n    max: 1\n"),
        6,
        &["min (5) is above max (1)"],
    );
    assert_err(
        &format!("{HEAD}  - id: a\n    ask: One?\n    type: choice\n    choices: [x, X]\n"),
        6,
        &["listed twice"],
    );
    assert_err(&format!("{HEAD}  - id: A\n    ask: One?\n    type: text\n"), 4, &["not a valid id"]);
    assert_err(&format!("{HEAD}  - id: a\n    ask: \"  \"\n    type: text\n"), 5, &["`ask` is empty"]);
}

#[test]
fn a_directory_overrides_and_extends_the_built_ins() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("mine.yaml"),
        "id: scaling\ntitle: Our scaling review\nquestions:\n  - id: a\n    ask: Ready?\n    type: yes-no\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("extra.yml"),
        "id: extra\ntitle: Extra\nquestions:\n  - id: a\n    ask: Go?\n    type: text\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a script").unwrap();
    let library = Library::built_in().unwrap().with_dir(dir.path()).unwrap();
    assert_eq!(library.find("scaling").unwrap().title, "Our scaling review");
    assert_eq!(library.scripts().len(), 4);
    assert!(library.find("extra").is_ok());
    assert!(library.find("scalng").unwrap_err().contains("did you mean `scaling`"));

    std::fs::write(
        dir.path().join("broken.yaml"),
        "id: b\ntitle: B\nquestions:\n  - id: a\n    ask: X?\n    type: maybe\n",
    )
    .unwrap();
    let e = Library::built_in().unwrap().with_dir(dir.path()).unwrap_err();
    assert!(e.to_string().contains("broken.yaml:6:"), "{e}");
    assert!(load_script_path(&dir.path().join("missing.yaml")).unwrap_err().to_string().contains("cannot read"));
}
