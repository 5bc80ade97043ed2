//! SIGTERM and SIGHUP end the workshop, even when the terminal has stopped
//! taking output. The event loop normally hears the signal and exits on its
//! own, writing the recovery copy; but a draw blocked on a terminal nobody
//! reads (a frozen ssh session, a pty whose reader stopped) would leave it
//! deaf forever, with the signal's default action replaced by our handler.
//! So a watchdog task gives the loop a grace period, then writes the
//! pending autosave and ends the process itself.

use std::time::Duration;

use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::oneshot;

use crate::workers::files::Files;

/// How long the event loop has to finish after a signal before the
/// watchdog ends the process.
pub const GRACE: Duration = Duration::from_secs(2);

/// The signal that asked us to stop, as the exit code a shell expects
/// (128 + the signal number).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stop {
    pub exit_code: u8,
}

const SIGHUP: u8 = 1;
const SIGTERM: u8 = 15;

/// Starts listening; the returned receiver fires once, on the first signal.
/// After `GRACE` without the process ending, the watchdog flushes `files`
/// and exits with the signal's code.
pub fn listen(files: Files) -> std::io::Result<oneshot::Receiver<Stop>> {
    let mut term = signal(SignalKind::terminate())?;
    let mut hup = signal(SignalKind::hangup())?;
    let (tx, rx) = oneshot::channel();
    tokio::spawn(async move {
        let signo = tokio::select! {
            _ = term.recv() => SIGTERM,
            _ = hup.recv() => SIGHUP,
        };
        let stop = Stop { exit_code: 128 + signo };
        let _ = tx.send(stop);
        tokio::time::sleep(GRACE).await;
        // Still here: the loop is stuck. The autosave writer holds the
        // latest edit not yet on disk; a bounded wait so a stuck disk
        // cannot keep us alive either.
        let _ = tokio::time::timeout(GRACE, files.flush()).await;
        std::process::exit(i32::from(stop.exit_code));
    });
    Ok(rx)
}
