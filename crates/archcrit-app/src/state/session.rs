//! `Session`: what this run of the workshop works with (the key table,
//! the services) and whether it is ending. Quitting is one way: once asked
//! for, it stays asked for.

use crate::keymap::Keymap;
use crate::services::Services;

pub struct Session {
    quit: bool,
    pub keymap: Keymap,
    pub services: Services,
}

impl Session {
    pub fn new(keymap: Keymap, services: Services) -> Session {
        Session { quit: false, keymap, services }
    }

    /// The workshop is ending: the loop stops after this batch.
    pub fn quitting(&self) -> bool {
        self.quit
    }

    pub(crate) fn quit(&mut self) {
        self.quit = true;
    }
}
