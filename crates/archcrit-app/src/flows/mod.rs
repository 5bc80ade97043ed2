//! The flows list: each request type with its numbers from the latest
//! critique, opened with `F` or `:flows`; the selected flow lights its path
//! on the canvas. `:flow add|rm|set` change flows (command.rs), and
//! rows.rs turns the numbers into the text the panel and status line show.

mod command;
pub mod rows;

pub use command::{FIELDS, FlowCommand};
pub(crate) use command::{parse, run};

use crate::edit::{keep_in_view, refresh_panes};
use crate::keymap::Cmd;
use crate::state::{Focus, Level, Overlay, State};
use archcrit_core::model::Flow;

/// Which flow the list has selected, by id (it survives edits that keep it).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct FlowsList {
    selected: Option<String>,
}

impl State {
    /// The flow selected in the flows list, while the list is open.
    pub fn lit_flow(&self) -> Option<(&str, &Flow)> {
        if self.focus != Focus::Flows {
            return None;
        }
        let id = self.flows.selected.as_deref()?;
        self.doc.design().flows().get_key_value(id).map(|(k, f)| (k.as_str(), f))
    }

    /// The id of the flow selected in the list (open or not).
    pub fn selected_flow(&self) -> Option<&str> {
        self.flows.selected.as_deref().filter(|id| self.doc.design().flow(id).is_some())
    }
}

/// Opens the flows list (`F`, `:flows`), keeping or choosing a flow.
pub(crate) fn open(state: &mut State) {
    state.focus = Focus::Flows;
    if state.selected_flow().is_none() {
        state.flows.selected = state.doc.design().flows().keys().next().cloned();
    }
    if state.doc.design().flows().is_empty() {
        state.say(Level::Info, "no flows yet: :flow add ID FROM VIA... adds one");
    }
    refresh_panes(state);
    show(state);
}

/// Selects flow `id` in the list.
pub(crate) fn select(state: &mut State, id: &str) {
    state.flows.selected = Some(id.to_string());
}

fn close(state: &mut State) {
    state.focus = Focus::Canvas;
    refresh_panes(state);
    keep_in_view(state);
}

/// Moves the selection `delta` flows on, wrapping around.
pub(crate) fn step(state: &mut State, delta: i64) {
    let ids: Vec<&String> = state.doc.design().flows().keys().collect();
    if ids.is_empty() {
        state.say(Level::Info, "no flows yet: :flow add ID FROM VIA... adds one");
        return;
    }
    let n = ids.len() as i64;
    let next = match state.selected_flow().and_then(|s| ids.iter().position(|i| i.as_str() == s)) {
        Some(i) => (i as i64 + delta).rem_euclid(n),
        None if delta > 0 => 0,
        None => n - 1,
    };
    state.flows.selected = ids.get(next as usize).map(|s| s.to_string());
    show(state);
}

/// Brings the selected flow's client into view.
fn show(state: &mut State) {
    let from = state.lit_flow().map(|(_, f)| f.from.clone());
    if let Some(from) = from {
        state.select(Some(from));
        keep_in_view(state);
    }
}

pub(crate) fn key(state: &mut State, cmd: Option<Cmd>) {
    match cmd {
        Some(Cmd::Down) => step(state, 1),
        Some(Cmd::Up) => step(state, -1),
        Some(Cmd::Cancel) => close(state),
        Some(Cmd::Help) => state.overlay = Overlay::Help { scroll: 0 },
        _ => {}
    }
}
