//! `:calibrate` (and `archcrit calibrate`): streams trace files off the UI
//! thread into the core's aggregator, one buffered read at a time, and
//! answers `TracesRead` with what they hold or the file:line of what broke.

use std::io::BufReader;
use std::path::PathBuf;

use tokio::sync::mpsc::UnboundedSender;

use archcrit_app::{Action, WorkerError};
use archcrit_core::calibrate::{self, Aggregator, Observed, Options};

/// Why trace files gave nothing to calibrate with, naming the file (and,
/// for a malformed one, the line).
#[derive(Debug, thiserror::Error)]
pub enum TracesError {
    #[error("cannot read {}: {why}", path.display())]
    Unreadable { path: PathBuf, why: std::io::Error },
    #[error(transparent)]
    Malformed(#[from] archcrit_core::exchange::ImportError),
    #[error("the trace files hold no spans")]
    NoSpans,
}

/// Reads every file into one aggregate; `sampling` is the traced share.
pub fn observe(files: &[PathBuf], sampling: f64) -> Result<Observed, TracesError> {
    let mut agg = Aggregator::default();
    for path in files {
        let f = std::fs::File::open(path).map_err(|why| TracesError::Unreadable { path: path.clone(), why })?;
        calibrate::read_traces(BufReader::with_capacity(1 << 16, f), &path.display().to_string(), &mut agg)?;
    }
    let observed = agg.finish(sampling);
    if observed.spans == 0 {
        return Err(TracesError::NoSpans);
    }
    Ok(observed)
}

pub fn spawn(files: Vec<PathBuf>, options: Options, actions: UnboundedSender<Action>) {
    tokio::task::spawn_blocking(move || {
        let observed = observe(&files, options.sampling).map(Box::new);
        let observed = observed.map_err(|e| WorkerError(e.to_string()));
        let _ = actions.send(Action::TracesRead { options, observed });
    });
}
