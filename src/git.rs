//! Reading a file as it was in a git revision (`git show REV:PATH`), for
//! `archcrit diff` and the workshop's `:diff`: one place that runs git and
//! turns its complaint into something to act on.

use std::path::Path;
use std::process::Command;

/// Why a revision's file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum GitShowError {
    #[error("cannot run git to read `{spec}`: {source}; is git installed?")]
    CannotRun { spec: String, source: std::io::Error },
    /// git ran and refused; `said` is its first line, without "fatal: ".
    #[error("git cannot show {spec}: {said} ({})", hint(said))]
    Refused { spec: String, said: String },
    #[error("{spec}: the file in that revision is not UTF-8 text")]
    NotUtf8 { spec: String },
}

/// `git show REV:PATH` run in `dir` (`spec` is `REV:PATH`; a path starting
/// `./` is relative to `dir`, wherever the repository's root is).
pub fn show(dir: &Path, spec: &str) -> Result<String, GitShowError> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["show", "--no-textconv", "--end-of-options", spec])
        .output()
        .map_err(|source| GitShowError::CannotRun { spec: spec.to_string(), source })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let said = stderr.lines().find(|l| !l.trim().is_empty()).unwrap_or("").trim();
        let said = said.strip_prefix("fatal: ").unwrap_or(said).trim_end_matches('.');
        return Err(GitShowError::Refused { spec: spec.to_string(), said: said.to_string() });
    }
    String::from_utf8(output.stdout).map_err(|_| GitShowError::NotUtf8 { spec: spec.to_string() })
}

/// What to do about git's complaint.
fn hint(said: &str) -> &'static str {
    if said.contains("not a git repository") {
        "run archcrit inside the repository, or pass files"
    } else if said.contains("exists on disk, but not in") || said.contains("does not exist in") {
        "the file is not in that revision; `git log --oneline -- PATH` lists the ones that have it"
    } else {
        "check the revision with `git rev-parse REV` and the path with `git ls-tree -r REV --name-only`"
    }
}
