//! Every command that reads one design takes `--example NAME` instead of
//! FILE, as the workshop and `archcrit new` do: the same design, the same
//! refusal of an unknown name, said in `--help`. Through the real binary.

use std::path::Path;
use std::process::{Command, Output};

fn archcrit(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_archcrit"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        // Keep the user's own personas and scripts out of the test.
        .env("XDG_CONFIG_HOME", dir.join("no-config"))
        .env("HOME", dir)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A directory holding the shop example as `shop.yaml`.
fn with_shop() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("shop.yaml"), archcrit_core::examples::example("shop").unwrap()).unwrap();
    dir
}

/// The commands that read one design, FILE in place of the `@`.
const COMMANDS: &[&[&str]] = &[
    &["export", "@", "--format", "text"],
    &["export", "@", "--format", "mermaid"],
    &["export", "@", "--format", "json"],
    &["critique", "@", "--format", "json"],
    &["critique", "@"],
    &["show", "@"],
    &["ask", "@", "what is the biggest risk?"],
];

fn with(command: &[&str], design: &[&str]) -> Vec<String> {
    command.iter().flat_map(|a| if *a == "@" { design.to_vec() } else { vec![*a] }).map(String::from).collect()
}

#[test]
fn each_command_reads_an_example_as_it_reads_the_file() {
    let dir = with_shop();
    for command in COMMANDS {
        let from_file =
            archcrit(&with(command, &["shop.yaml"]).iter().map(String::as_str).collect::<Vec<_>>(), dir.path());
        let args = with(command, &["--example", "shop"]);
        let from_example = archcrit(&args.iter().map(String::as_str).collect::<Vec<_>>(), dir.path());
        assert_eq!(from_example.status.code(), from_file.status.code(), "{args:?}: {}", text(&from_example.stderr));
        assert!(!from_example.stdout.is_empty(), "{args:?}");
        assert_eq!(text(&from_example.stdout), text(&from_file.stdout), "{args:?}");
    }
    // `check` names what it checked.
    let out = archcrit(&["check", "--example", "shop"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "shop: ok (14 components, 15 links)\n");
}

#[test]
fn export_text_of_an_example_is_the_readme_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = archcrit(&["export", "--example", "shop", "--format", "text"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let board = text(&out.stdout);
    assert!(board.contains("API gateway") && board.contains("Orders DB"), "{board}");
}

#[test]
fn an_unknown_example_is_refused_as_the_workshop_and_new_refuse_it() {
    let dir = tempfile::tempdir().unwrap();
    let said = "error: no example `nope`; examples: shop, url-shortener, chat, pipeline, payments\n";
    let mut commands: Vec<Vec<String>> = COMMANDS.iter().map(|c| with(c, &["--example", "nope"])).collect();
    for other in [
        vec!["check", "--example", "nope"],
        vec!["--example", "nope"],
        vec!["new", "x.yaml", "--example", "nope"],
        vec!["interview", "--example", "nope", "--script", "scaling", "--answers", "a.yaml"],
    ] {
        commands.push(other.into_iter().map(String::from).collect());
    }
    std::fs::write(dir.path().join("a.yaml"), "peak_rps: 4000\n").unwrap();
    for args in commands {
        let out = archcrit(&args.iter().map(String::as_str).collect::<Vec<_>>(), dir.path());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(text(&out.stderr), said, "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn a_file_and_an_example_together_are_refused() {
    let dir = with_shop();
    for command in
        [&["export", "shop.yaml"][..], &["critique", "shop.yaml"], &["show", "shop.yaml"], &["check", "shop.yaml"]]
    {
        let mut args = command.to_vec();
        args.extend(["--example", "shop"]);
        let out = archcrit(&args, dir.path());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(text(&out.stderr).contains("cannot be used with"), "{args:?}: {}", text(&out.stderr));
    }
    let out = archcrit(&["export"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("<FILE>"), "{}", text(&out.stderr));
}

#[test]
fn help_says_every_design_command_takes_an_example() {
    let dir = tempfile::tempdir().unwrap();
    let names = archcrit_core::examples::names();
    for command in ["export", "critique", "show", "check", "ask", "interview", "new"] {
        let out = archcrit(&[command, "--help"], dir.path());
        assert_eq!(out.status.code(), Some(0), "{command}");
        let help = text(&out.stdout).split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(help.contains("--example <NAME>"), "{command}: {help}");
        assert!(help.contains(&names), "{command} lists the examples: {help}");
    }
}

#[test]
fn an_interview_of_an_example_prints_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.yaml"), "peak_rps: 4000\n").unwrap();
    let out = archcrit(&["interview", "--example", "shop", "--script", "scaling", "--answers", "a.yaml"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(said.contains("interview: Scaling review (scaling)"), "{said}");
    assert!(said.contains("> 4000"), "{said}");
    assert!(said.contains("to the example shop, not written"), "{said}");
    assert!(said.contains("critique:"), "{said}");
    let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(files, ["a.yaml"], "nothing written beside the answers");
}
