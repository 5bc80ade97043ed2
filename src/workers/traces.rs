//! `:calibrate` (and `archcrit calibrate`): streams trace files off the UI
//! thread into the core's aggregator, one buffered read at a time, and
//! answers `TracesRead` with what they hold or the file:line of what broke.

use std::io::BufReader;
use std::path::PathBuf;

use tokio::sync::mpsc::UnboundedSender;

use archcrit_app::{Action, WorkerError};
use archcrit_core::calibrate::{self, Aggregator, Observed, Options};

/// Reads every file into one aggregate; `sampling` is the traced share.
pub fn observe(files: &[PathBuf], sampling: f64) -> Result<Observed, String> {
    let mut agg = Aggregator::default();
    for path in files {
        let f = std::fs::File::open(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        calibrate::read_traces(BufReader::with_capacity(1 << 16, f), &path.display().to_string(), &mut agg)
            .map_err(|e| e.to_string())?;
    }
    let observed = agg.finish(sampling);
    if observed.spans == 0 {
        return Err("the trace files hold no spans".to_string());
    }
    Ok(observed)
}

pub fn spawn(files: Vec<PathBuf>, options: Options, actions: UnboundedSender<Action>) {
    tokio::task::spawn_blocking(move || {
        let observed = observe(&files, options.sampling).map(Box::new);
        let _ = actions.send(Action::TracesRead { options, observed: observed.map_err(WorkerError) });
    });
}
