//! Terminal setup and restore. `ratatui::try_init` restores raw mode and
//! the alternate screen on panic but not mouse capture or bracketed paste,
//! so our own hook (installed first, so it runs after ratatui's) turns
//! those off too; `leave` does the same on every normal or signalled exit.

use std::io::{self, stdout};

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture};
use ratatui::crossterm::execute;

fn release_input_modes() {
    let _ = execute!(stdout(), DisableMouseCapture, DisableBracketedPaste);
}

pub fn enter() -> io::Result<DefaultTerminal> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        release_input_modes();
        previous(info);
    }));
    let terminal = ratatui::try_init()?;
    if let Err(e) = execute!(stdout(), EnableMouseCapture, EnableBracketedPaste) {
        leave();
        return Err(e);
    }
    Ok(terminal)
}

pub fn leave() {
    release_input_modes();
    ratatui::restore();
}
