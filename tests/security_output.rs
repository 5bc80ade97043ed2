//! Hostile text never reaches a terminal raw: designs, persona files and
//! error messages carrying escape sequences, C1 controls and bidi marks go
//! through every command of the real binary and every workshop view, and
//! what comes out holds none of them (issue 10, point 1).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use archcrit_app::{Action, Services, Startup, State, update};
use archcrit_core::text::inert;
use proptest::prelude::*;

mod support;
use support::workshop::{PLAIN, screen_with, settle};

/// Title change, clipboard write, hyperlink, C1 CSI, DEL, bidi override.
const NASTY: &str =
    "x\u{1b}]2;pwned\u{7}\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}]8;;http://evil\u{1b}\\\u{9b}5m\u{7f}\u{202e}gnp.exe\u{2066}";

fn archcrit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_archcrit")).args(args).env("NO_COLOR", "1").output().unwrap()
}

/// A YAML double-quoted scalar for any text: every non-printable character
/// as a `\uXXXX` escape, which YAML decodes back into the raw character.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if inert::is_active(c) => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn hostile_design(text: &str) -> String {
    let q = quoted(text);
    format!(
        "archcrit: 1\nname: {q}\ndescription: {q}\nrequirements:\n  peak_rps: 100\n  data: [{q}]\n\
         zones:\n  {q}: {{trust: untrusted}}\ncomponents:\n  web:\n    kind: client\n    label: {q}\n    zone: {q}\n\
         \x20 db:\n    kind: database\n    label: {q}\n    tech: {q}\n    notes: {q}\n\
         accepted:\n  - {{rule: single-point-of-failure, component: db, reason: {q}}}\n\
         links:\n  - {{from: web, to: db, protocol: {q}}}\n"
    )
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn assert_inert(what: &str, o: &Output) {
    for (stream, bytes) in [("stdout", &o.stdout), ("stderr", &o.stderr)] {
        let text = String::from_utf8_lossy(bytes);
        assert!(inert::is_inert(&text, true), "{what}: raw control or bidi character on {stream}:\n{text:?}");
    }
}

/// Every command that prints, on one design file.
fn every_command(dir: &Path, design: &Path) -> Vec<(String, Output)> {
    let d = design.to_str().unwrap();
    let mut runs: Vec<Vec<&str>> = vec![vec!["check", d], vec!["show", d], vec!["fmt", "--check", d]];
    for format in ["text", "markdown", "json", "sarif"] {
        runs.push(vec!["critique", d, "--format", format, "--fail-on", "never"]);
    }
    runs.push(vec!["critique", d, "--persona", "backend-architect", "--fail-on", "never"]);
    for format in ["mermaid", "dot", "json", "markdown"] {
        runs.push(vec!["export", d, "--format", format]);
    }
    let mermaid = dir.join("d.mmd");
    runs.push(vec!["import", mermaid.to_str().unwrap()]);
    runs.into_iter().map(|args| (args.join(" "), archcrit(&args))).collect()
}

#[test]
fn no_command_prints_a_design_files_escape_sequences() {
    let dir = tempfile::tempdir().unwrap();
    let design = write(dir.path(), "d.yaml", &hostile_design(NASTY));
    write(dir.path(), "d.mmd", &format!("flowchart LR\n  a[\"{NASTY}\"] -->|\"{NASTY}\"| b\n"));
    let check = archcrit(&["check", design.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(0), "{}", String::from_utf8_lossy(&check.stderr));
    let show = archcrit(&["show", design.to_str().unwrap()]);
    let shown = String::from_utf8_lossy(&show.stdout);
    assert!(shown.contains("\\e]2;pwned"), "the escape is shown visibly: {shown}");
    for (what, out) in every_command(dir.path(), &design) {
        assert_inert(&what, &out);
    }
}

#[test]
fn error_messages_quoting_the_file_are_inert() {
    let dir = tempfile::tempdir().unwrap();
    let key = quoted(&format!("evil{NASTY}"));
    let bad = write(dir.path(), "bad.yaml", &format!("archcrit: 1\nname: x\n{key}: 1\n"));
    let out = archcrit(&["check", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.yaml:3"), "{}", String::from_utf8_lossy(&out.stderr));
    assert_inert("check with a hostile unknown field", &out);
    let named = write(dir.path(), "x\u{1b}[2J.yaml", "archcrit: 1\n");
    assert_inert("check of a hostile file name", &archcrit(&["check", named.to_str().unwrap()]));
}

#[test]
fn persona_files_are_listed_inert() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "evil.md", &format!("---\nname: evil\ndescription: {}\n---\nYou are {NASTY}.\n", quoted(NASTY)));
    write(dir.path(), "broken.md", &format!("---\nname: {}\n", quoted(NASTY)));
    let out = archcrit(&["personas", "--persona-dir", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("evil"));
    assert_inert("personas", &out);
}

#[test]
fn markdown_gets_no_html_or_links_from_a_design() {
    let dir = tempfile::tempdir().unwrap();
    let name = "<img src=x onerror=alert(1)> see https://evil.example and www.evil.example or me@evil.example";
    let design = write(dir.path(), "d.yaml", &hostile_design(name));
    for args in [vec!["critique", "--format", "markdown", "--fail-on", "never"], vec!["export", "--format", "markdown"]]
    {
        let mut args = args.clone();
        args.insert(1, design.to_str().unwrap());
        let out = archcrit(&args);
        // The fenced Mermaid block is drawn by Mermaid, not read as Markdown.
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let mut fenced = false;
        let prose: Vec<&str> = stdout
            .lines()
            .filter(|l| {
                if l.starts_with("```") {
                    fenced = !fenced;
                }
                !fenced
            })
            .collect();
        let md = prose.join("\n");
        let raw_tags: Vec<&str> =
            md.lines().filter(|l| l.match_indices('<').any(|(i, _)| !l[..i].ends_with('\\'))).collect();
        assert!(raw_tags.is_empty(), "{args:?}: raw HTML in {raw_tags:?}");
        for link in ["https://", "www.evil", "me@evil"] {
            assert!(!md.contains(link), "{args:?}: `{link}` would be linked in {md}");
        }
    }
}

/// The workshop's whole screen for a design, as plain text.
fn workshop_screen(design_text: &str, w: u16, h: u16) -> String {
    let design = archcrit_core::file::load_str(design_text, "d.yaml").unwrap();
    let (mut state, fx) = State::new(Startup { saved: true, ..Startup::new(design) }, Services::builtin());
    settle(&mut state, fx);
    update(&mut state, Action::Resize { w, h });
    screen_with(&state, PLAIN)
}

#[test]
fn the_workshop_shows_escapes_instead_of_sending_them() {
    let screen = workshop_screen(&hostile_design(NASTY), 160, 45);
    assert!(inert::is_inert(&screen, true), "{screen:?}");
    assert!(screen.contains("\\e]2;pwned"), "the canvas label shows the escape visibly:\n{screen}");
}

/// Text with control characters, escapes and bidi marks among plain words.
fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-z ]{0,6}",
        Just("\u{1b}[31m".to_string()),
        Just("\u{1b}]0;t\u{7}".to_string()),
        (0u32..0x20).prop_map(|c| char::from_u32(c).unwrap().to_string()),
        (0x7fu32..0xa0).prop_map(|c| char::from_u32(c).unwrap().to_string()),
        prop::sample::select(vec!['\u{202a}', '\u{202e}', '\u{2066}', '\u{2069}', '\u{200f}', '\u{2028}'])
            .prop_map(String::from),
    ];
    prop::collection::vec(piece, 1..8).prop_map(|p| format!("n{}", p.concat()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn random_hostile_text_never_reaches_a_view(text in hostile_text()) {
        let design = hostile_design(&text);
        // A string the YAML reader refuses (a NUL, say) is another test's business.
        prop_assume!(archcrit_core::file::load_str(&design, "d.yaml").is_ok());
        let screen = workshop_screen(&design, 140, 40);
        prop_assert!(inert::is_inert(&screen, true), "{:?}", screen);
    }

    #[test]
    fn random_hostile_text_never_reaches_a_command_output(text in hostile_text()) {
        let dir = tempfile::tempdir().unwrap();
        let design = write(dir.path(), "d.yaml", &hostile_design(&text));
        write(dir.path(), "d.mmd", &format!("flowchart LR\n  a[\"{}\"] --> b\n", text.replace('"', "'")));
        for (what, out) in every_command(dir.path(), &design) {
            for bytes in [&out.stdout, &out.stderr] {
                let shown = String::from_utf8_lossy(bytes);
                prop_assert!(inert::is_inert(&shown, true), "{}: {:?}", what, shown);
            }
        }
    }
}
