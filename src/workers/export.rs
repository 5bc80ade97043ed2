//! `:export`: renders the design off the UI thread and writes the file
//! atomically, then reports `Exported` or `ExportFailed`.

use std::path::PathBuf;

use tokio::sync::mpsc::UnboundedSender;

use archcrit_app::Action;
use archcrit_app::export::ExportFormat;
use archcrit_core::critic::Report;
use archcrit_core::file;
use archcrit_core::model::Design;

pub fn spawn(
    format: ExportFormat,
    path: PathBuf,
    design: Box<Design>,
    report: Box<Report>,
    actions: UnboundedSender<Action>,
) {
    tokio::task::spawn_blocking(move || {
        let text = format.render(&design, &report);
        let action = match file::write_atomic(&path, text.as_bytes()) {
            Ok(()) => Action::Exported { path, format: format.to_string() },
            Err(e) => Action::ExportFailed { path, message: e.to_string() },
        };
        let _ = actions.send(action);
    });
}
