//! The selection: which component, and which of its links the inspector
//! shows. Changed only here, so choosing another component always leaves
//! the link that was inspected.

use super::State;
use archcrit_core::model::{ComponentId, LinkKey};

impl State {
    /// The selected component, if any.
    pub fn selected(&self) -> Option<&ComponentId> {
        self.selected.as_ref()
    }

    /// The link the inspector shows instead of the selected component.
    pub fn selected_link(&self) -> Option<&LinkKey> {
        self.selected_link.as_ref()
    }

    /// Selects `id` (or nothing); another component drops the inspected
    /// link, and the inspector starts again at its first row.
    pub fn select(&mut self, id: Option<ComponentId>) {
        if self.selected != id {
            self.selected_link = None;
            self.panels.inspector_row = 0;
        }
        self.selected = id;
    }

    /// Shows `key` in the inspector (or the component again, with `None`).
    pub fn inspect_link(&mut self, key: Option<LinkKey>) {
        self.selected_link = key;
    }
}
