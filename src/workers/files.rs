//! The file writer: atomic saves, and autosaves to a recovery file beside
//! the design a few seconds after the last change. One task does both, in
//! order, so a discard always cancels a pending autosave.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::mpsc::{self, UnboundedSender};
use tokio::sync::oneshot;
use tokio::time::Instant;

use super::watch::{self, Watched};
use archcrit_app::Action;
use archcrit_core::file;
use archcrit_core::model::Design;

/// Quiet time after the last change before the recovery copy is written.
pub const AUTOSAVE_DELAY: Duration = Duration::from_secs(2);

pub enum Job {
    Save {
        path: PathBuf,
        design: Box<Design>,
        /// `:w!`: replace a read-only file or one changed on disk.
        force: bool,
    },
    Autosave {
        file: Option<PathBuf>,
        design: Arc<Design>,
    },
    Discard {
        file: Option<PathBuf>,
    },
    /// Write the pending autosave now, then answer (the last resort when
    /// the event loop cannot finish on its own; see `tui::shutdown`).
    Flush {
        done: oneshot::Sender<()>,
    },
}

/// Hands jobs to the writer task; cheap to clone.
#[derive(Clone)]
pub struct Files {
    jobs: mpsc::UnboundedSender<Job>,
}

/// Where recovery copies live. A named design's sits beside it as a hidden
/// file; unnamed work goes to the user's data directory, one file per kind
/// of start, so edits to an example and a scratch design never meet (and
/// quitting one never deletes the other's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovery {
    unnamed: String,
}

impl Default for Recovery {
    fn default() -> Self {
        Recovery::scratch()
    }
}

impl Recovery {
    /// For `archcrit` and `archcrit FILE`.
    pub fn scratch() -> Recovery {
        Recovery { unnamed: "scratch".into() }
    }

    /// For `archcrit --example NAME`.
    pub fn example(name: &str) -> Recovery {
        Recovery { unnamed: format!("example-{name}") }
    }

    /// Where the recovery copy of `file` (or of the unnamed design) lives.
    pub fn path(&self, file: Option<&Path>) -> Option<PathBuf> {
        match file {
            Some(f) => {
                let name = f.file_name()?.to_string_lossy().into_owned();
                Some(f.with_file_name(format!(".{name}.recovery")))
            }
            None => dirs::data_local_dir().map(|d| d.join("archcrit").join(format!("{}.recovery.yaml", self.unnamed))),
        }
    }

    /// Writes the recovery copy now.
    pub fn write(&self, file: Option<&Path>, design: &Design) -> Result<(), RecoveryError> {
        let path = self.path(file).ok_or(RecoveryError::NoPlace)?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|why| RecoveryError::NoFolder { dir: dir.to_path_buf(), why: why.to_string() })?;
        }
        // Recovery copies live at a predictable name: a link planted there is
        // replaced, not followed, and the copy is no more readable than the
        // design (private for an unnamed one).
        let options = file::WriteOptions {
            force: true,
            no_follow: true,
            permissions_like: Some(file.map_or_else(PathBuf::new, Path::to_path_buf)),
            expect: None,
        };
        Ok(file::write_with(&path, file::to_yaml(design).as_bytes(), &options)?)
    }
}

/// Why the recovery copy was not written; said to the person as is.
#[derive(Debug, thiserror::Error)]
pub enum RecoveryError {
    #[error("no place for a recovery file (no data directory)")]
    NoPlace,
    #[error("cannot create {}: {why}", dir.display())]
    NoFolder { dir: PathBuf, why: String },
    #[error(transparent)]
    Write(#[from] file::SaveError),
}

/// Writes the recovery copy off the async threads. A failure goes to the
/// workshop as `AutosaveFailed`: the person must not believe a copy exists.
async fn autosave(recovery: &Recovery, file: Option<PathBuf>, design: Arc<Design>, actions: &UnboundedSender<Action>) {
    let recovery = recovery.clone();
    let result = tokio::task::spawn_blocking(move || recovery.write(file.as_deref(), &design)).await;
    let failure = match result {
        Ok(Ok(())) => return,
        Ok(Err(e)) => e.to_string(),
        Err(e) => e.to_string(),
    };
    // The workshop may be gone already (a flush at exit); nothing to tell then.
    let _ = actions.send(Action::AutosaveFailed { message: failure });
}

impl Files {
    pub fn spawn(actions: UnboundedSender<Action>, watched: Arc<Mutex<Watched>>, recovery: Recovery) -> Files {
        let (jobs, mut rx) = mpsc::unbounded_channel::<Job>();
        tokio::spawn(async move {
            let mut pending: Option<(Instant, Option<PathBuf>, Arc<Design>)> = None;
            loop {
                let job = match &pending {
                    Some((deadline, ..)) => tokio::select! {
                        job = rx.recv() => job,
                        _ = tokio::time::sleep_until(*deadline) => {
                            if let Some((_, file, design)) = pending.take() {
                                autosave(&recovery, file, design, &actions).await;
                            }
                            continue;
                        }
                    },
                    None => rx.recv().await,
                };
                let Some(job) = job else { break };
                match job {
                    Job::Autosave { file, design } => pending = Some((Instant::now() + AUTOSAVE_DELAY, file, design)),
                    Job::Flush { done } => {
                        if let Some((_, file, design)) = pending.take() {
                            autosave(&recovery, file, design, &actions).await;
                        }
                        let _ = done.send(());
                    }
                    Job::Discard { file } => {
                        pending = None;
                        if let Some(path) = recovery.path(file.as_deref()) {
                            let _ = tokio::fs::remove_file(path).await;
                        }
                    }
                    Job::Save { path, design, force } => {
                        let revision = design.revision();
                        let target = path.clone();
                        let expect = if force { None } else { watch::expected(&watched, &path) };
                        let options = file::WriteOptions { force, expect, ..Default::default() };
                        let result =
                            tokio::task::spawn_blocking(move || file::save_path_with(&design, &target, &options)).await;
                        let action = match result {
                            Ok(Ok(())) => {
                                watch::saved(&watched, &path);
                                Action::Saved { path, revision }
                            }
                            Ok(Err(e)) => Action::SaveFailed { path, message: e.to_string() },
                            Err(e) => Action::SaveFailed { path, message: e.to_string() },
                        };
                        if actions.send(action).is_err() {
                            break;
                        }
                    }
                }
            }
        });
        Files { jobs }
    }

    pub fn send(&self, job: Job) {
        let _ = self.jobs.send(job);
    }

    /// Writes any pending autosave and waits until it is on disk.
    pub async fn flush(&self) {
        let (done, written) = oneshot::channel();
        if self.jobs.send(Job::Flush { done }).is_ok() {
            let _ = written.await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_failed_autosave_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        // A file where the recovery copy's folder would be: no write can succeed.
        let blocker = dir.path().join("blocker");
        std::fs::write(&blocker, "not a folder").unwrap();
        let (tx, mut rx) = mpsc::unbounded_channel();
        let files = Files::spawn(tx, Arc::new(Mutex::new(Watched::default())), Recovery::scratch());
        let design = Arc::new(Design::new("t"));
        files.send(Job::Autosave { file: Some(blocker.join("d.yaml")), design });
        files.flush().await;
        match rx.recv().await {
            Some(Action::AutosaveFailed { message }) => assert!(message.contains("blocker"), "{message}"),
            other => panic!("expected AutosaveFailed, got {other:?}"),
        }
    }
}
