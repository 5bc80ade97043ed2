//! `Panels`: the screen and how it is shared: its size, the person's
//! choice of panels, the panes placed from them, and the inspector's row.
//! `panes` changes only through `arrange`, from the size and choice held
//! here, so a choice cannot be made without the panes following it.

use crate::panes::{Arrangement, Panel, PanelChoice, Panes, Show, Wants};

pub struct Panels {
    screen: (u16, u16),
    panes: Panes,
    /// Which panels the person asked for (`v`, `o`); `panes` follows it
    /// at the next `arrange`.
    pub choice: PanelChoice,
    /// The inspector's row with the keys (`State::select` starts it over).
    pub inspector_row: usize,
}

impl Panels {
    /// An 80x24 screen until the terminal says its size.
    pub fn new() -> Panels {
        let (w, h) = (80, 24);
        let show = Show { arrangement: Arrangement::for_size(w, h), ..Default::default() };
        Panels { screen: (w, h), panes: Panes::arrange(w, h, show), choice: PanelChoice::default(), inspector_row: 0 }
    }

    /// The terminal's size, columns and rows.
    pub fn screen(&self) -> (u16, u16) {
        self.screen
    }

    /// Where each panel is on screen.
    pub fn panes(&self) -> &Panes {
        &self.panes
    }

    /// The terminal is `w` x `h` now; `arrange` places the panels on it.
    pub fn resize(&mut self, w: u16, h: u16) {
        self.screen = (w, h);
    }

    /// The arrangement in effect on this screen.
    pub fn arrangement(&self) -> Arrangement {
        self.choice.arrangement(self.screen.0, self.screen.1)
    }

    /// Places the panels for the screen and the choice. A panel stays
    /// maximised while it has the keys; the persona's panel, which never
    /// takes them, while the canvas has them.
    pub fn arrange(&mut self, wants: Wants) {
        let keeps = match self.choice.maximised {
            Some(Panel::Chat) => wants.focused.is_none() && wants.chat,
            other => other.is_some() && other == wants.focused,
        };
        if !keeps {
            self.choice.maximised = None;
        }
        let (w, h) = self.screen;
        let show = Show {
            arrangement: self.arrangement(),
            focused: wants.focused,
            maximised: self.choice.maximised,
            chat: wants.chat,
            chat_needed: wants.chat_needed,
        };
        self.panes = Panes::arrange(w, h, show);
        if wants.wide_chat {
            self.panes.widen_chat();
        }
    }
}

impl Default for Panels {
    fn default() -> Self {
        Panels::new()
    }
}
