//! The event loop: wait for a terminal event, a worker result or a signal,
//! drain everything else already waiting, run `update` on each, then draw
//! once. Redraws are spaced at least a frame apart so a flood of events
//! costs one frame, not one per event.

use std::time::Duration;

use futures::StreamExt;
use ratatui::crossterm::event::EventStream;
use tokio::sync::mpsc;
use tokio::time::Instant;

use super::theme::Theme;
use super::{keys, shutdown, terminal, view};
use crate::workers::Workers;
use crate::workers::files::Recovery;
use archcrit_app::{Action, Effect, State, update};
use archcrit_core::file;

const FRAME: Duration = Duration::from_millis(16);
/// How long after the last frame with no key the board settles after an
/// edit (see `Action::Settle`).
const SETTLE_AFTER: Duration = Duration::from_millis(60);

/// A recovery copy that is newer than the design and differs from it; a
/// link planted at the copy's name is refused, never followed.
fn find_recovery(state: &State, recovery: &Recovery) -> Option<Action> {
    let path = recovery.path(state.doc.file())?;
    let looked = std::fs::symlink_metadata(&path).ok()?;
    let refused = |e: std::io::Error| Action::RecoveryRefused { path: path.clone(), message: e.to_string() };
    if looked.file_type().is_symlink() {
        return file::read_text_no_follow(&path, file::MAX_FILE_BYTES).err().map(refused);
    }
    let recovered_at = looked.modified().ok()?;
    if let Some(f) = state.doc.file()
        && let Ok(saved_at) = std::fs::metadata(f).and_then(|m| m.modified())
        && saved_at > recovered_at
    {
        return None;
    }
    let text = match file::read_text_no_follow(&path, file::MAX_FILE_BYTES) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::InvalidInput => return Some(refused(e)),
        Err(_) => return None,
    };
    let design = file::load_str(&text, &path.display().to_string()).ok()?;
    (design != *state.doc.design()).then(|| Action::RecoveryFound { design: Box::new(design) })
}

/// Why the loop ended other than by the person quitting.
enum Ending {
    /// SIGTERM or SIGHUP: the terminal may still be there.
    Signalled(shutdown::Stop),
    /// The terminal stopped answering: input ended or output failed.
    TerminalLost(Option<String>),
}

/// Exit code for a terminal that went away: the same as for the hang-up
/// signal a shell would have sent.
const TERMINAL_LOST: u8 = 129;

pub async fn run(mut state: State, first: Vec<Effect>, theme: Theme, agent: super::Agent, recovery: Recovery) -> u8 {
    let (tx, mut rx) = mpsc::unbounded_channel::<Action>();
    let mut workers = Workers::spawn_with(state.session.services, tx.clone(), recovery.clone())
        .with_interview_model(agent.model.clone(), tx.clone());
    workers.start_persona(agent.persona, agent.model, agent.live_delay);
    workers.run(first);
    if let Some(found) = find_recovery(&state, &recovery) {
        let _ = tx.send(found);
    }
    let Ok(mut stop) = shutdown::listen(workers.files()) else {
        terminal::report("error: cannot listen for signals");
        return crate::exit::BAD_INPUT;
    };
    let mut terminal = match terminal::enter() {
        Ok(t) => t,
        Err(e) => {
            terminal::report(&format!("error: cannot set up the terminal: {e}"));
            return crate::exit::BAD_INPUT;
        }
    };
    if let Ok(size) = terminal.size() {
        let fx = update(&mut state, Action::Resize { w: size.width, h: size.height });
        workers.run(fx);
    }
    let mut events = EventStream::new();
    let mut last_draw = Instant::now() - FRAME;
    // A second's tick while something fades (what a change touched).
    let mut ticker = tokio::time::interval(Duration::from_secs(1));
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut dirty = true;
    let ending = 'run: loop {
        if dirty && last_draw.elapsed() >= FRAME {
            if let Err(e) = terminal.draw(|f| view::render(f, &state, &theme)) {
                break 'run Ending::TerminalLost(Some(format!("drawing failed: {e}")));
            }
            last_draw = Instant::now();
            dirty = false;
        }
        let mut batch: Vec<Action> = Vec::new();
        let next_frame = last_draw + FRAME;
        tokio::select! {
            event = events.next() => match event {
                Some(Ok(e)) => batch.extend(keys::action(e)),
                Some(Err(e)) => break 'run Ending::TerminalLost(Some(format!("reading the terminal failed: {e}"))),
                None => break 'run Ending::TerminalLost(None),
            },
            Some(action) = rx.recv() => batch.push(action),
            Ok(signal) = &mut stop => break 'run Ending::Signalled(signal),
            _ = tokio::time::sleep_until(next_frame), if dirty => {}
            _ = ticker.tick(), if state.canvas.touched.is_some() => batch.push(Action::Tick),
            // The frame after an edit is drawn first; the board settles
            // once no key came for a moment (a full layout below 200
            // components, kept off the keystroke's path).
            _ = tokio::time::sleep_until(last_draw + SETTLE_AFTER), if !dirty && state.canvas.settle_due() => {
                batch.push(Action::Settle);
            }
        }
        // Drain whatever else is already waiting before drawing.
        // (Polled in a biased select rather than `now_or_never`: crossterm's
        // stream remembers the waker of its first pending poll, and a no-op
        // waker there would leave the loop deaf to keys.)
        loop {
            tokio::select! {
                biased;
                event = events.next() => match event {
                    Some(Ok(e)) => batch.extend(keys::action(e)),
                    // Handled (as a lost terminal) by the next turn's select.
                    _ => break,
                },
                _ = std::future::ready(()) => break,
            }
        }
        while let Ok(action) = rx.try_recv() {
            batch.push(action);
        }
        for action in batch {
            let fx = update(&mut state, action);
            dirty = true;
            if workers.run(fx) || state.session.quitting() {
                terminal::leave();
                // Quitting means the work is saved or deliberately dropped;
                // removed here, not by the writer, which may not get to run.
                for file in state.doc.recovery_files() {
                    if let Some(path) = recovery.path(file.as_deref()) {
                        let _ = std::fs::remove_file(path);
                    }
                }
                return crate::exit::OK;
            }
        }
    };
    // Keep the work before touching the terminal again: a lost terminal can
    // fail or block any write to it.
    if state.doc.dirty()
        && let Err(e) = recovery.write(state.doc.file(), state.doc.design())
    {
        terminal::report(&format!("error: could not write the recovery copy: {e}"));
    }
    match ending {
        Ending::Signalled(stop) => {
            // A hang-up usually means the terminal is gone too.
            terminal::abandon(terminal);
            terminal::leave();
            stop.exit_code
        }
        Ending::TerminalLost(why) => {
            terminal::abandon(terminal);
            terminal::leave();
            if let Some(why) = why {
                terminal::report(&format!(
                    "error: the terminal went away ({why}); unsaved work is in the recovery copy"
                ));
            }
            TERMINAL_LOST
        }
    }
}
