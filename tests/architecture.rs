//! Keeps the layering true. The crate boundaries do most of it: the core
//! and app crates cannot name what is not in their dependency tree, so these
//! tests check the trees themselves, and the two "one file" rules the
//! compiler cannot see.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Crates that touch a terminal, a task runtime, the network or the
/// command line: none may appear below the binary crate.
const EDGE_CRATES: [&str; 7] = ["tokio", "ratatui", "crossterm", "async-openai", "reqwest", "clap", "futures"];

/// The names of every crate in `package`'s normal and build dependency tree.
fn dependency_tree(package: &str) -> Vec<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args([
            "tree",
            "--locked",
            "--offline",
            "-p",
            package,
            "-e",
            "normal,build",
            "--prefix",
            "none",
            "--format",
            "{p}",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo tree runs");
    assert!(out.status.success(), "cargo tree -p {package} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_core_crate_builds_without_terminal_runtime_network_or_cli_crates() {
    let tree = dependency_tree("archcrit-core");
    assert!(tree.iter().any(|name| name == "petgraph"), "the tree was read: {tree:?}");
    for edge in EDGE_CRATES {
        assert!(!tree.iter().any(|name| name == edge), "archcrit-core must not depend on {edge}: {tree:?}");
    }
    assert!(!tree.iter().any(|name| name == "archcrit-app"), "the core must not depend on the app");
}

#[test]
fn the_app_crate_depends_on_the_core_and_nothing_at_the_edge() {
    let tree = dependency_tree("archcrit-app");
    assert!(tree.iter().any(|name| name == "archcrit-core"));
    for edge in EDGE_CRATES {
        assert!(!tree.iter().any(|name| name == edge), "archcrit-app must not depend on {edge}: {tree:?}");
    }
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return out };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

fn files_naming(roots: &[&str], needle: &str) -> Vec<PathBuf> {
    roots
        .iter()
        .flat_map(|root| rust_files(Path::new(root)))
        .filter(|p| {
            std::fs::read_to_string(p).unwrap().lines().any(|l| !l.trim_start().starts_with("//") && l.contains(needle))
        })
        .collect()
}

#[test]
fn one_module_names_the_yaml_crate() {
    let hits = files_naming(&["src", "crates"], "serde_yaml");
    let module = Path::new("crates/archcrit-core/src/file/yaml");
    assert!(hits.iter().any(|p| p == &module.join("mod.rs")), "{hits:?}");
    assert!(hits.iter().all(|p| p.starts_with(module)), "the YAML crate named outside its module: {hits:?}");
}

/// The crates `file/yaml` wraps; their types stay inside it.
const YAML_CRATES: [&str; 2] = ["serde_yaml", "saphyr_parser"];

/// Lines of one `file/yaml` source that put a YAML crate's type in a public
/// item: a `pub` line (any `pub` in `mod.rs`, whose `pub(super)` reaches
/// `file/`), the rest of a public item's header when it wraps (a long
/// `pub fn` signature), or a trait impl's header.
fn yaml_leaks(text: &str, root: bool) -> Vec<String> {
    let mut leaks = Vec::new();
    let mut in_header = false;
    for (n, line) in text.lines().enumerate() {
        let t = line.trim_start();
        if t.starts_with("//") {
            continue;
        }
        let public = t.starts_with("pub ") || t.starts_with("pub(crate)") || (root && t.starts_with("pub"));
        if public || t.starts_with("impl") {
            in_header = true;
        }
        if in_header && YAML_CRATES.iter().any(|c| t.contains(c)) {
            leaks.push(format!("{}: {t}", n + 1));
        }
        if t.ends_with('{') || t.ends_with(';') || t.ends_with('}') {
            in_header = false;
        }
    }
    leaks
}

#[test]
fn the_yaml_module_exposes_no_yaml_crate_type() {
    // The check itself sees the leaks it is for.
    assert_eq!(yaml_leaks("pub use serde_yaml::Value;", false).len(), 1);
    assert_eq!(yaml_leaks("pub(crate) fn f(\n    v: serde_yaml::Value,\n) -> u8 {", false).len(), 1);
    assert_eq!(yaml_leaks("impl From<serde_yaml::Value> for Value {", false).len(), 1);
    assert_eq!(yaml_leaks("pub(super) fn f(v: serde_yaml::Value) {", true).len(), 1);
    assert!(yaml_leaks("pub(super) fn f(v: serde_yaml::Value) {\n    let x: serde_yaml::Value;", false).is_empty());

    let module = Path::new("crates/archcrit-core/src/file/yaml");
    let files = rust_files(module);
    assert!(files.iter().any(|p| p.ends_with("value.rs")), "our own YAML value lives there");
    let leaks: Vec<String> = files
        .iter()
        .flat_map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            let root = p.ends_with("mod.rs");
            yaml_leaks(&text, root).into_iter().map(move |l| format!("{}:{l}", p.display()))
        })
        .collect();
    assert!(leaks.is_empty(), "a YAML crate's type in file/yaml's public items: {leaks:#?}");
}

#[test]
fn async_openai_stays_inside_its_adapter_module() {
    let hits = files_naming(&["src", "crates"], "async_openai");
    assert!(!hits.is_empty(), "the adapter names it");
    let adapter = Path::new("src/workers/llm/openai");
    let outside: Vec<_> = hits.iter().filter(|p| !p.starts_with(adapter)).collect();
    assert!(outside.is_empty(), "async-openai must stay inside {}: {outside:?}", adapter.display());
}
