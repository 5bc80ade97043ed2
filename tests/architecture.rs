//! Keeps the layering true: the pure layers name no terminal, runtime or
//! network crate, and only one file names the YAML crate or async-openai.

use std::path::{Path, PathBuf};

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
    out
}

fn files_naming(root: &str, needle: &str) -> Vec<PathBuf> {
    rust_files(Path::new(root))
        .into_iter()
        .filter(|p| {
            std::fs::read_to_string(p).unwrap().lines().any(|l| !l.trim_start().starts_with("//") && l.contains(needle))
        })
        .collect()
}

#[test]
fn pure_layers_use_no_terminal_runtime_or_network_crates() {
    for layer in ["src/domain", "src/app"] {
        for krate in ["tokio", "ratatui", "crossterm", "async_openai", "reqwest", "clap"] {
            let hits = files_naming(layer, &format!("{krate}::"));
            assert!(hits.is_empty(), "{layer} must not use {krate}: {hits:?}");
        }
    }
}

#[test]
fn the_app_layer_depends_only_on_the_domain() {
    for layer in ["workers", "tui", "cli"] {
        let hits = files_naming("src/app", &format!("crate::{layer}"));
        assert!(hits.is_empty(), "src/app must not use crate::{layer}: {hits:?}");
    }
    for layer in ["app", "workers", "tui", "cli"] {
        let hits = files_naming("src/domain", &format!("crate::{layer}"));
        assert!(hits.is_empty(), "src/domain must not use crate::{layer}: {hits:?}");
    }
}

#[test]
fn one_file_names_the_yaml_crate() {
    let hits = files_naming("src", "serde_yaml");
    assert_eq!(hits, vec![PathBuf::from("src/domain/file/yaml.rs")]);
}

#[test]
fn at_most_one_file_names_async_openai() {
    let hits = files_naming("src", "async_openai");
    assert!(hits.len() <= 1, "async-openai must stay behind one file: {hits:?}");
}
