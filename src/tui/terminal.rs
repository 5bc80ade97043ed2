//! Terminal setup and restore. Everything here must survive a terminal
//! that has gone away (a closed ssh session, a killed tmux): writes then
//! fail with EIO, and `eprintln!` (which ratatui's own restore and panic
//! hook use) panics on a failed write, turning a hang-up into an abort
//! before the recovery copy is written. So setup and restore are ours,
//! and every failure is ignored or returned, never printed.

use std::io::{self, Write, stdout};

use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};
use ratatui::{DefaultTerminal, Terminal};

pub fn enter() -> io::Result<DefaultTerminal> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // A panic on a worker thread is caught by its task, which reports it
        // in the workshop ("the critic failed: ..."), and the workshop goes
        // on: leaving the screen or printing over it would wreck it. It goes
        // to the log (ARCHCRIT_LOG) instead.
        if std::thread::current().name() != Some("main") {
            tracing::error!(%info, "a worker panicked");
            return;
        }
        // Restore first so the panic message lands on the normal screen.
        leave();
        previous(info);
    }));
    enable_raw_mode()?;
    let setup = execute!(stdout(), EnterAlternateScreen, EnableMouseCapture, EnableBracketedPaste)
        .and_then(|()| Terminal::new(CrosstermBackend::new(stdout())));
    if setup.is_err() {
        leave();
    }
    setup
}

/// Puts the terminal back as we found it; safe to call more than once and
/// on a terminal that is gone.
pub fn leave() {
    let _ = execute!(
        stdout(),
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        ratatui::crossterm::cursor::Show
    );
    let _ = disable_raw_mode();
}

/// A line on stderr that cannot panic, for messages after the terminal
/// may have gone.
pub fn report(message: &str) {
    let _ = writeln!(io::stderr(), "{message}");
}

/// Gives up on the terminal without drawing to it again. ratatui's
/// `Terminal` shows the cursor when dropped and prints (panicking) when
/// that fails, which it does on a lost terminal; forgetting it skips that.
/// The process is about to exit, so nothing else is lost.
pub fn abandon(terminal: DefaultTerminal) {
    std::mem::forget(terminal);
}
