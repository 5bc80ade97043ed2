//! `:import`: reads and converts the files off the UI thread exactly as
//! `archcrit import` does, and answers `ImportRead`.

use std::path::PathBuf;

use tokio::sync::mpsc::UnboundedSender;

use archcrit_app::{Action, WorkerError};

pub fn spawn(files: Vec<PathBuf>, actions: UnboundedSender<Action>) {
    tokio::task::spawn_blocking(move || {
        let label = files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>().join(" ");
        let imported = crate::cli::import::import_files(&files, None).map(Box::new);
        let _ = actions.send(Action::ImportRead { label, imported: imported.map_err(WorkerError) });
    });
}
