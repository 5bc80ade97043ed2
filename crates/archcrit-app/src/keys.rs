//! A key press: looked up in the keymap for where the keyboard is, and
//! handed to the feature that owns that place.

use crate::effect::Effect;
use crate::keymap::{Cmd, Context, Key};
use crate::state::{Overlay, State};
use crate::{canvas, chat, diff, findings, inspector, interview, overlays, prompt};

pub(crate) fn key(state: &mut State, key: Key, fx: &mut Vec<Effect>) {
    if !matches!(state.overlay, Overlay::Input(_)) {
        state.clear_message();
    }
    let context = state.context();
    if context == Context::Canvas
        && state.chat.proposal.is_some()
        && let Some(cmd) = state.session.keymap.lookup(Context::Proposal, key)
    {
        chat::proposal_key(state, cmd, fx);
        return;
    }
    let cmd = state.session.keymap.lookup(context, key);
    if let Some(cmd @ (Cmd::Arrange | Cmd::Maximise | Cmd::Fit)) = cmd {
        crate::panels::key(state, cmd);
        return;
    }
    match context {
        Context::Canvas => {
            if let Some(cmd) = cmd {
                canvas::key(state, cmd, fx);
            }
        }
        Context::Findings => findings::key(state, cmd, fx),
        Context::Flows => crate::flows::key(state, cmd),
        Context::Diff => diff::key(state, cmd),
        Context::Inspector => inspector::key(state, cmd, fx),
        Context::Connect => overlays::connect::key(state, cmd),
        Context::Picker => overlays::picker::key(state, cmd, key),
        Context::Find => crate::picker::key(state, cmd, key, fx),
        Context::Input => prompt::key(state, cmd, key, fx),
        Context::Interview => interview::key(state, cmd, key, fx),
        Context::Confirm => overlays::confirm::key(state, cmd, fx),
        Context::Proposal => {}
        Context::Messages => overlays::messages_key(state, cmd),
        Context::Help => overlays::help_key(state, cmd),
    }
}
