//! The canvas's keys: selecting, moving and panning boxes, and the keys
//! that start everything else (add, connect, inspect, findings, the
//! persona, the command line, save, quit).

mod mouse;
mod moving;

pub(crate) use mouse::mouse;
use moving::move_selected;

use crate::edit::{self, apply, cycle, keep_in_view, refresh_panes, select_toward};
use crate::effect::Effect;
use crate::keymap::Cmd;
use crate::state::{Focus, Level, Overlay, PromptKind, State};
use archcrit_core::layout::Scale;
use archcrit_core::model::{ComponentField, Edit, Kind};

pub(crate) fn key(state: &mut State, cmd: Cmd, fx: &mut Vec<Effect>) {
    let step = |state: &State| if state.canvas.scale() == Scale::Compact { 1 } else { 2 };
    match cmd {
        Cmd::SelectLeft => select_toward(state, (-1, 0)),
        Cmd::SelectRight => select_toward(state, (1, 0)),
        Cmd::SelectUp => select_toward(state, (0, -1)),
        Cmd::SelectDown => select_toward(state, (0, 1)),
        Cmd::SelectNext => state.select(cycle(state, state.selected().cloned(), 1)),
        Cmd::SelectPrev => state.select(cycle(state, state.selected().cloned(), -1)),
        Cmd::MoveLeft => move_selected(state, (-step(state), 0), fx),
        Cmd::MoveRight => move_selected(state, (step(state), 0), fx),
        Cmd::MoveUp => move_selected(state, (0, -1), fx),
        Cmd::MoveDown => move_selected(state, (0, 1), fx),
        Cmd::PanLeft => pan_or_say(state, (-8, 0)),
        Cmd::PanRight => pan_or_say(state, (8, 0)),
        Cmd::PanUp => pan_or_say(state, (0, -4)),
        Cmd::PanDown => pan_or_say(state, (0, 4)),
        Cmd::Add => {
            let index = state
                .selected()
                .and_then(|s| state.doc.design().component(s.as_str()))
                .and_then(|c| Kind::ALL.iter().position(|k| *k == c.kind))
                .unwrap_or(4);
            state.overlay = Overlay::Picker { index, typed: String::new() };
        }
        Cmd::Connect => match state.selected().cloned() {
            Some(from) => {
                let target = crate::edit::first_target(state, &from);
                state.overlay = Overlay::Connect { from, target };
            }
            None => state.say(Level::Info, "select the component to link from first"),
        },
        Cmd::Delete if state.selected_link().is_some() => {
            if let Some(key) = state.selected_link().cloned()
                && apply(state, Edit::Disconnect { key: key.clone() }, None, fx)
            {
                state.inspect_link(None);
                state.say(Level::Info, format!("removed the link {key} (u undoes it)"));
            }
        }
        Cmd::Delete => {
            if let Some(id) = state.selected().cloned() {
                let next = cycle(state, Some(id.clone()), 1).filter(|n| *n != id);
                if apply(state, Edit::RemoveComponent { id: id.clone() }, None, fx) {
                    state.select(next);
                    state.say(Level::Info, format!("removed {id} (u undoes it)"));
                }
            }
        }
        Cmd::Rename => {
            if let Some(id) = state.selected().cloned() {
                let label = state
                    .doc
                    .design()
                    .component(id.as_str())
                    .map(|c| c.display_label().to_string())
                    .unwrap_or_default();
                state.overlay = Overlay::prompt(
                    PromptKind::Field { id: id.clone(), field: ComponentField::Label },
                    format!("Label of {id}:"),
                    label,
                );
            }
        }
        Cmd::Inspect => {
            if state.selected().is_some() {
                state.focus = Focus::Inspector;
                refresh_panes(state);
            } else {
                state.say(Level::Info, "select a component first (tab / arrows / click)");
            }
        }
        Cmd::FocusFindings => {
            state.focus = Focus::Findings;
            if state.finding().is_none() && state.fresh_report().is_some_and(|r| !r.findings.is_empty()) {
                state.findings.select(Some(0));
            }
            refresh_panes(state);
            keep_in_view(state);
        }
        Cmd::Flows => crate::flows::open(state),
        Cmd::NextFinding | Cmd::PrevFinding => {
            crate::findings::step_finding(state, if cmd == Cmd::NextFinding { 1 } else { -1 })
        }
        Cmd::ApplyPattern => crate::findings::apply_pattern(state, fx),
        Cmd::AcceptProposal => crate::chat::accept_proposal(state, fx),
        Cmd::Interview => crate::picker::interview(state, fx),
        Cmd::Undo => edit::undo(state, false, fx),
        Cmd::Redo => edit::undo(state, true, fx),
        Cmd::Layout => {
            let _ = edit::layout_all(state, fx);
        }
        Cmd::Zoom => edit::zoom(state),
        Cmd::Save => edit::save(state, None, false, false, fx),
        Cmd::CommandLine => {
            state.command_history.start();
            state.overlay = Overlay::prompt(PromptKind::Command, ":", "");
        }
        Cmd::Help => state.overlay = Overlay::Help { scroll: 0 },
        Cmd::Messages => crate::overlays::show_messages(state),
        Cmd::ChatUp | Cmd::ChatDown | Cmd::ChatLatest => {
            let page = crate::chat::view::page(state);
            let delta = match cmd {
                Cmd::ChatUp => -page,
                Cmd::ChatDown => page,
                _ => i64::MAX / 2,
            };
            if !crate::chat::view::scroll(state, delta) {
                state.say(Level::Info, "the persona's panel is not shown yet (t asks it something)");
            }
            return;
        }
        Cmd::Quit => edit::ask_quit(state, fx),
        Cmd::Cancel if !crate::chat::cancel(state, fx) => {
            state.select(None);
            state.findings.select(None);
        }
        Cmd::Ask => state.overlay = Overlay::prompt(PromptKind::Ask, format!("Ask {}:", state.chat.persona), ""),
        Cmd::PersonaReview => {
            crate::chat::review(state, false, fx);
            refresh_panes(state);
        }
        Cmd::ToggleLive => crate::chat::toggle_live(state, fx),
        Cmd::FailSelected => crate::whatif::fail_selected(state, fx),
        Cmd::Find => crate::picker::open(state, None),
        _ => {}
    }
    if !matches!(cmd, Cmd::PanLeft | Cmd::PanRight | Cmd::PanUp | Cmd::PanDown) {
        keep_in_view(state);
    }
}

/// A pan key: moves the view, or says why it did not (the board ends that
/// way), so a held key does not look like a frozen screen.
fn pan_or_say(state: &mut State, by: (i32, i32)) {
    if !edit::pan(state, by) {
        state.say(Level::Info, "the board ends here");
    }
}
