//! The file watcher: polls the open file's modification time (portable,
//! no extra dependency) and reports changes made by others. Our own saves
//! record their new time first, so they are not mistaken for outside edits.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use tokio::sync::mpsc::UnboundedSender;

use archcrit_app::Action;
use archcrit_core::file::{self, Fingerprint};

const POLL: Duration = Duration::from_millis(500);

#[derive(Debug, Default)]
pub struct Watched {
    path: Option<PathBuf>,
    stamp: Option<(SystemTime, u64)>,
    /// What the file held when last read or saved by us: a save refuses to
    /// replace anything else (the poll may not have seen a change yet).
    content: Option<Fingerprint>,
}

fn stamp(path: &Path) -> Option<(SystemTime, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

fn lock(watched: &Mutex<Watched>) -> std::sync::MutexGuard<'_, Watched> {
    watched.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Starts watching `path` as it is now (`None` stops).
pub fn set(watched: &Mutex<Watched>, path: Option<PathBuf>) {
    let content = path.as_deref().and_then(Fingerprint::read);
    let mut w = lock(watched);
    w.stamp = path.as_deref().and_then(stamp);
    w.content = content;
    w.path = path;
}

/// What a save of `path` may replace: the content last read or saved, when
/// `path` is the watched file.
pub fn expected(watched: &Mutex<Watched>, path: &Path) -> Option<Fingerprint> {
    let w = lock(watched);
    if w.path.as_deref() == Some(path) { w.content } else { None }
}

/// Records the state after our own save of `path`.
pub fn saved(watched: &Mutex<Watched>, path: &Path) {
    let content = Fingerprint::read(path);
    let mut w = lock(watched);
    if w.path.as_deref() == Some(path) {
        w.stamp = stamp(path);
        w.content = content;
    }
}

pub fn spawn(watched: Arc<Mutex<Watched>>, actions: UnboundedSender<Action>) {
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(POLL).await;
            let changed = {
                let mut w = lock(&watched);
                match w.path.clone() {
                    Some(path) => {
                        let now = stamp(&path);
                        if now.is_some() && now != w.stamp {
                            w.stamp = now;
                            Some(path)
                        } else {
                            None
                        }
                    }
                    None => None,
                }
            };
            let Some(path) = changed else { continue };
            let seen = Arc::clone(&watched);
            let reload = move || {
                // The person is told of this change, so a later save may replace it.
                let content = Fingerprint::read(&path);
                let loaded = file::load_path(&path);
                let mut w = lock(&seen);
                if w.path.as_deref() == Some(path.as_path()) {
                    w.content = content;
                }
                loaded
            };
            let action = match tokio::task::spawn_blocking(reload).await {
                Ok(Ok(loaded)) => {
                    Action::FileChanged { design: Box::new(loaded.design), has_comments: loaded.has_comments }
                }
                Ok(Err(e)) => Action::FileUnreadable { message: e.to_string() },
                Err(e) => Action::FileUnreadable { message: e.to_string() },
            };
            if actions.send(action).is_err() {
                break;
            }
        }
    });
}
