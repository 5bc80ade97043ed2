//! The app's shape, checked from its source: feature modules (the folders
//! under src/) do not call each other in a cycle, nor do files (modules)
//! unless the cycle is listed with its reason, the shared modules beside
//! them do not reach into features, and no file passes 400 lines unless its
//! header says why. Reads `crate::` and `super::` paths, the only way one
//! module of the crate names another.

// A test: an unreadable source folder should fail it loudly.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const LIMIT: usize = 400;

/// Modules every feature may use and that must not use any feature.
/// The one folder that is not a feature: `State`, every feature's data.
const COMPOSITION: &str = "state";

const SHARED: &[&str] =
    &["action", "effect", "export", "history", "input", "keymap", "panes", "refusal", "services", "wrap"];

struct Module {
    /// Path from the crate root: `["canvas", "mouse"]`.
    path: Vec<String>,
    file: PathBuf,
    text: String,
}

fn modules(dir: &Path, prefix: &[String], out: &mut Vec<Module>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            let mut p = prefix.to_vec();
            p.push(name);
            modules(&path, &p, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let mut p = prefix.to_vec();
            if name != "mod" && name != "lib" {
                p.push(name);
            }
            let text = std::fs::read_to_string(&path).unwrap();
            out.push(Module { path: p, file: path, text });
        }
    }
}

/// The code of a file without its unit tests (they may use anything).
fn product_code(text: &str) -> &str {
    text.split("#[cfg(test)]").next().unwrap_or(text)
}

/// Every module path a file names: `crate::a::b`, `super::x`, and the
/// items of `use crate::{a, b::c}` groups, resolved from the file's module.
fn named_paths(m: &Module) -> Vec<Vec<String>> {
    let code = product_code(&m.text);
    let mut out = Vec::new();
    let text = code;
    for (start, root) in text
        .match_indices("crate::")
        .map(|(i, _)| (i, "crate"))
        .chain(text.match_indices("super::").map(|(i, _)| (i, "super")))
    {
        // Skip `archcrit_core::...` and the like: only whole-word roots.
        // (and not the second `super` of `super::super::`, read with the first).
        if let Some(before) = text[..start].chars().last()
            && (before.is_alphanumeric() || before == '_' || before == ':')
        {
            continue;
        }
        let mut rest = &text[start + root.len() + 2..];
        let base: Vec<String> = if root == "crate" {
            Vec::new()
        } else {
            // `super` of a file's module; a mod.rs is its folder's module.
            let mut p = m.path.clone();
            p.pop();
            while let Some(r) = rest.strip_prefix("super::") {
                p.pop();
                rest = r;
            }
            p
        };
        for tail in expand(rest) {
            let mut p = base.clone();
            p.extend(tail);
            out.push(p);
        }
    }
    out
}

/// `a::b::c`, or `{a, b::c}` groups, after a root; one path per leaf.
fn expand(rest: &str) -> Vec<Vec<String>> {
    if let Some(group) = rest.strip_prefix('{') {
        let mut depth = 1;
        let mut end = 0;
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = i;
                        break;
                    }
                }
                _ => {}
            }
        }
        return group[..end].split(',').map(|item| words(item.trim())).filter(|p| !p.is_empty()).collect();
    }
    vec![words(rest)]
}

fn words(text: &str) -> Vec<String> {
    let path: String = text.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':').collect();
    path.split("::").filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// The top-level module a path lands in, if it names one of the crate's.
fn owner(path: &[String], known: &BTreeSet<String>) -> Option<String> {
    path.first().filter(|first| known.contains(*first)).cloned()
}

fn load() -> Vec<Module> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    modules(&src, &[], &mut all);
    assert!(all.len() > 20, "found only {} files under {}", all.len(), src.display());
    all
}

/// Which top-level modules each top-level module names.
fn graph(all: &[Module]) -> BTreeMap<String, BTreeSet<String>> {
    let known: BTreeSet<String> = all.iter().filter_map(|m| m.path.first().cloned()).collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for m in all {
        let Some(from) = m.path.first().cloned() else { continue };
        for p in named_paths(m) {
            if let Some(to) = owner(&p, &known)
                && to != from
            {
                edges.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    edges
}

/// The folders under src/, but `state`: it composes every feature's data,
/// so it names their types by design (and calls none of their code).
fn features(all: &[Module]) -> BTreeSet<String> {
    all.iter()
        .filter(|m| m.path.len() >= 2 || m.file.ends_with("mod.rs"))
        .filter_map(|m| m.path.first().cloned())
        .filter(|f| f != COMPOSITION)
        .collect()
}

/// A cycle through `node`, if the graph restricted to `within` has one.
fn cycle_from(
    node: &str,
    edges: &BTreeMap<String, BTreeSet<String>>,
    within: &BTreeSet<String>,
    stack: &mut Vec<String>,
    done: &mut BTreeSet<String>,
) -> Option<Vec<String>> {
    if let Some(at) = stack.iter().position(|n| n == node) {
        let mut cycle = stack[at..].to_vec();
        cycle.push(node.to_string());
        return Some(cycle);
    }
    if done.contains(node) {
        return None;
    }
    stack.push(node.to_string());
    for next in edges.get(node).into_iter().flatten().filter(|n| within.contains(*n)) {
        if let Some(c) = cycle_from(next, edges, within, stack, done) {
            return Some(c);
        }
    }
    stack.pop();
    done.insert(node.to_string());
    None
}

#[test]
fn feature_modules_do_not_call_each_other_in_a_cycle() {
    let all = load();
    let edges = graph(&all);
    let features = features(&all);
    for expected in ["canvas", "chat", "command", "edit", "findings", "inspector", "interview", "overlays", "prompt"] {
        assert!(features.contains(expected), "no feature folder `{expected}`: {features:?}");
    }
    let mut done = BTreeSet::new();
    for f in &features {
        if let Some(cycle) = cycle_from(f, &edges, &features, &mut Vec::new(), &mut done) {
            panic!("feature modules call each other in a cycle: {}", cycle.join(" -> "));
        }
    }
}

/// The file a path lands in: the longest start of it that is a module of
/// the crate (`crate::canvas::mouse::drag` lands in canvas/mouse.rs).
fn file_of(path: &[String], files: &BTreeSet<Vec<String>>) -> Option<String> {
    (1..=path.len()).rev().map(|n| path[..n].to_vec()).find(|p| files.contains(p)).map(|p| p.join("::"))
}

/// Which files (modules, named `a::b`) each file names through `crate::`
/// and `super::` paths.
fn file_graph(all: &[Module]) -> BTreeMap<String, BTreeSet<String>> {
    let files: BTreeSet<Vec<String>> = all.iter().map(|m| m.path.clone()).collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for m in all {
        let from = m.path.join("::");
        for p in named_paths(m) {
            if let Some(to) = file_of(&p, &files)
                && to != from
                && !to.is_empty()
            {
                edges.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    edges
}

/// File cycles allowed, each with its reason; every other one fails.
const ALLOWED_FILE_CYCLES: &[(&[&str], &str)] = &[(
    &["state", "diff", "edit"],
    "state/mod.rs holds a `DiffView` (it composes every feature's data and calls none of their code); \
     diff/mod.rs keeps the view in place through edit's `keep_in_view`/`refresh_panes`, which take the State",
)];

#[test]
fn files_do_not_name_each_other_in_a_cycle() {
    let all = load();
    let edges = file_graph(&all);
    let within: BTreeSet<String> = all.iter().map(|m| m.path.join("::")).collect();
    let mut done = BTreeSet::new();
    // One entry per set of files, however many starts find it.
    let mut found: BTreeMap<BTreeSet<String>, String> = BTreeMap::new();
    for f in &within {
        if let Some(cycle) = cycle_from(f, &edges, &within, &mut Vec::new(), &mut done) {
            found.entry(cycle.iter().cloned().collect()).or_insert_with(|| cycle.join(" -> "));
        }
    }
    let found: Vec<String> = found.into_values().collect();
    let unexplained: Vec<&String> = found
        .iter()
        .filter(|c| {
            !ALLOWED_FILE_CYCLES.iter().any(|(files, _)| files.iter().all(|f| c.split(" -> ").any(|x| x == *f)))
        })
        .collect();
    assert!(unexplained.is_empty(), "files name each other in a cycle:\n{}", found.join("\n"));
}

#[test]
fn shared_modules_do_not_reach_into_features() {
    let all = load();
    let edges = graph(&all);
    let features = features(&all);
    for shared in SHARED {
        let into: Vec<&String> = edges.get(*shared).into_iter().flatten().filter(|t| features.contains(*t)).collect();
        assert!(into.is_empty(), "the shared module `{shared}` uses feature modules {into:?}");
    }
}

#[test]
fn no_file_passes_the_line_limit_without_a_reason() {
    for m in load() {
        let lines = m.text.lines().count();
        let header: String = m.text.lines().take_while(|l| l.starts_with("//!")).collect::<Vec<_>>().join("\n");
        let reason = header.contains(&format!("over {LIMIT} lines"));
        assert!(
            lines <= LIMIT || reason,
            "{} has {lines} lines (limit {LIMIT}, or say why in its header)",
            m.file.display()
        );
    }
}

/// The checker itself: a cycle planted in text is found, and paths resolve.
#[test]
fn the_checker_finds_a_planted_cycle() {
    let module = |path: &[&str], text: &str| Module {
        path: path.iter().map(|s| s.to_string()).collect(),
        file: PathBuf::from(path.join("/")),
        text: text.to_string(),
    };
    let all = vec![
        module(&["a"], "use crate::b::{x, y::z};\n"),
        module(&["b", "inner"], "fn f() { super::super::c::g() }\nuse crate::c;"),
        module(&["c"], "pub fn g() { crate::a::h() }\n#[cfg(test)]\nmod tests { use crate::b::x; }"),
    ];
    let edges = graph(&all);
    assert_eq!(edges["a"], BTreeSet::from(["b".to_string()]));
    assert_eq!(edges["c"], BTreeSet::from(["a".to_string()]), "test modules are not counted");
    let within: BTreeSet<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
    let cycle = cycle_from("a", &edges, &within, &mut Vec::new(), &mut BTreeSet::new()).expect("a cycle");
    assert_eq!(cycle, ["a", "b", "c", "a"]);
}
