//! `:diff`: reads the base of a diff off the UI thread: the open file as it
//! is on disk, or `git show REV:./FILE` run in the file's folder. Answers
//! `BaseRead` with the text or a message to act on.

use std::path::{Path, PathBuf};

use tokio::sync::mpsc::UnboundedSender;

use archcrit_app::{Action, WorkerError};

pub fn spawn(path: PathBuf, rev: Option<String>, actions: UnboundedSender<Action>) {
    tokio::task::spawn_blocking(move || {
        let text = match &rev {
            None => archcrit_core::file::read_text_limited(&path, archcrit_core::file::MAX_FILE_BYTES)
                .map_err(|e| format!("cannot read {}: {e}", path.display())),
            Some(rev) => git_show(&path, rev),
        };
        let _ = actions.send(Action::BaseRead { rev, text: text.map_err(WorkerError) });
    });
}

/// `git show REV:./NAME` in the file's folder, so the path is the file's
/// wherever the repository's root is.
pub fn git_show(path: &Path, rev: &str) -> Result<String, String> {
    let name = path.file_name().ok_or_else(|| format!("{} is not a file", path.display()))?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    crate::git::show(&dir, &format!("{rev}:./{}", name.to_string_lossy())).map_err(|e| e.to_string())
}
