//! `archcrit import FILE... [-o design.yaml] [--from mermaid|compose|k8s]`:
//! a design from a Mermaid flowchart, a docker-compose file, or Kubernetes
//! manifests (files and directories of them).

use std::path::{Path, PathBuf};

use archcrit_core::exchange::{Imported, compose, k8s, mermaid};
use archcrit_core::file;

use super::{BAD_INPUT, OK};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum From {
    /// A Mermaid flowchart (`flowchart LR` / `graph TD`).
    Mermaid,
    /// A docker-compose file (`services:`).
    Compose,
    /// Kubernetes manifests: files or directories of them (kustomize or
    /// `helm template` output, `kubectl get -o yaml` lists).
    K8s,
}

/// Create a design from a Mermaid flowchart, a docker-compose file or
/// Kubernetes manifests.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The file to read (.mmd, docker-compose.yml, compose.yaml...); for
    /// Kubernetes, any number of manifest files and directories.
    #[arg(required = true, num_args = 1..)]
    pub files: Vec<PathBuf>,
    /// Write the design here instead of standard output (refuses to
    /// overwrite an existing file unless --force).
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
    /// What the file is (default: from its name, else from its content).
    #[arg(long, value_enum)]
    pub from: Option<From>,
    /// Overwrite the output file if it exists.
    #[arg(long)]
    pub force: bool,
}

/// Kubernetes by `apiVersion`/`kind`, compose files by name, Mermaid by
/// extension, else by the first line.
pub fn detect(path: &Path, text: &str) -> From {
    if k8s::looks_like_k8s(text) {
        return From::K8s;
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_ascii_lowercase();
    if name.contains("compose") {
        return From::Compose;
    }
    if name.ends_with(".mmd") || name.ends_with(".mermaid") {
        return From::Mermaid;
    }
    let first = text.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with("%%") && !l.starts_with('#'));
    match first {
        Some(l) if l.starts_with("graph") || l.starts_with("flowchart") || l == "---" => From::Mermaid,
        _ => From::Compose,
    }
}

/// The manifest files under the given paths: files as given, directories
/// walked for `.yaml`, `.yml` and `.json`, in name order so a directory
/// imports the same way every time.
fn manifest_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut stack = vec![path.clone()];
            let mut found = Vec::new();
            while let Some(dir) = stack.pop() {
                let entries = std::fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
                for entry in entries.flatten() {
                    let p = entry.path();
                    if p.is_dir() {
                        stack.push(p);
                    } else if p
                        .extension()
                        .and_then(|e| e.to_str())
                        .is_some_and(|e| matches!(e, "yaml" | "yml" | "json"))
                    {
                        found.push(p);
                    }
                }
            }
            found.sort();
            if found.is_empty() {
                return Err(format!("{}: no .yaml, .yml or .json files in this directory", path.display()));
            }
            out.extend(found);
        } else {
            out.push(path.clone());
        }
    }
    Ok(out)
}

fn read(path: &Path) -> Result<String, String> {
    file::read_text_limited(path, file::MAX_FILE_BYTES).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Reads and converts the files as `archcrit import` does (`:import` in the
/// workshop too): several files or a directory are Kubernetes manifests.
pub fn import_files(files: &[PathBuf], from: Option<From>) -> Result<Imported, String> {
    let Some(first) = files.first() else {
        return Err("name a file to import".to_string());
    };
    let many = files.len() > 1 || first.is_dir();
    let stem = first.file_stem().and_then(|s| s.to_str()).unwrap_or("imported").to_string();
    let from = match from {
        Some(from) => from,
        None if many => From::K8s,
        None => detect(first, &read(first)?),
    };
    if many && from != From::K8s {
        return Err("several files or a directory are read only as Kubernetes manifests (--from k8s)".to_string());
    }
    let result = if from == From::K8s {
        let texts = manifest_files(files).and_then(|files| {
            files.into_iter().map(|f| read(&f).map(|t| (f.display().to_string(), t))).collect::<Result<Vec<_>, _>>()
        })?;
        let sources: Vec<k8s::Source> = texts.iter().map(|(origin, text)| k8s::Source { origin, text }).collect();
        k8s::import(&sources, &stem)
    } else {
        let text = read(first)?;
        let origin = first.display().to_string();
        match from {
            From::Mermaid => mermaid::import(&text, &origin, &stem),
            _ => compose::import(&text, &origin, &stem),
        }
    };
    result.map_err(|e| e.to_string())
}

pub fn run(args: Args) -> u8 {
    let result = import_files(&args.files, args.from);
    let Imported { design, warnings } = match result {
        Ok(i) => i,
        Err(e) => {
            errln!("error: {e}");
            return BAD_INPUT;
        }
    };
    for w in &warnings {
        errln!("warning: {w}");
    }
    let yaml = file::to_yaml(&design);
    match &args.output {
        Some(path) if args.files.iter().any(|input| file::same_file(path, input)) => {
            errln!("error: {} is the file being imported; write the design to another file", path.display());
            BAD_INPUT
        }
        Some(path) if path.exists() && !args.force => {
            errln!("error: {} exists; pass --force to overwrite it", path.display());
            BAD_INPUT
        }
        Some(path) => match file::write_atomic(path, yaml.as_bytes()) {
            Ok(()) => {
                errln!(
                    "imported {} and {} into {}",
                    archcrit_core::text::counted(design.component_count(), "component"),
                    archcrit_core::text::counted(design.link_count(), "link"),
                    path.display()
                );
                OK
            }
            Err(e) => {
                errln!("error: {e}");
                BAD_INPUT
            }
        },
        None => {
            out!("{yaml}");
            OK
        }
    }
}
