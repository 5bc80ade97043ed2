//! `update`: the only function that changes `State`. It turns an `Action`
//! into state changes and returns the `Effect`s to run. This file holds the
//! dispatch and the results of background work; each feature module owns
//! its keys and data (keys.rs hands a key to the right one). Nothing is
//! repaired afterwards: the code that changes a part keeps it valid
//! (`State::select`, `State::say`, `edit::changed`).

use super::action::Action;
use super::edit::{keep_in_view, quit, replace_design};
use super::effect::Effect;
use super::state::{Level, Overlay, Question, State};
use super::{canvas, chat, diff, findings, interview, keys};

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    let mut fx = Vec::new();
    match action {
        Action::Key(key) => keys::key(state, key, &mut fx),
        Action::Mouse { kind, x, y } => canvas::mouse(state, kind, x, y, &mut fx),
        Action::Resize { w, h } => {
            state.panels.resize(w, h);
            super::panels::resized(state);
            super::panels::refresh(state);
            keep_in_view(state);
        }
        Action::Paste(text) => {
            if let Overlay::Input(prompt) = &mut state.overlay {
                for c in text.chars().filter(|c| !c.is_control()) {
                    prompt.input.insert(c);
                }
                prompt.completion = None;
            } else if let Overlay::Find(find) = &mut state.overlay {
                text.chars().filter(|c| !c.is_control()).for_each(|c| find.query.insert(c));
                find.index = 0;
            } else if state.interviews.running.is_some() && matches!(state.overlay, Overlay::None) {
                interview::edit_input(state, |i| text.chars().filter(|c| !c.is_control()).for_each(|c| i.insert(c)));
            }
        }
        Action::InterviewFollowUps { request, questions } => interview::follow_ups_ready(state, request, questions),
        Action::InterviewSummary { text } => interview::summary_ready(state, text),
        Action::Command(line) => {
            super::command::run_line(state, &line, &mut fx);
        }
        Action::CritiqueReady { revision, report } => {
            findings::critique_ready(state, revision, *report);
            diff::critiqued(state);
            chat::critiqued(state, &mut fx);
        }
        Action::Saved { path, revision } => {
            let landed = state.doc.saved(&path, revision);
            if landed.moved {
                fx.push(Effect::Watch(Some(path.clone())));
            }
            if landed.ours {
                let dirty = state.doc.dirty();
                let note = if dirty { " (changed since; not all saved)" } else { "" };
                state.say(Level::Success, format!("saved {}{note}", path.display()));
                if !dirty {
                    // The saved file holds the work: no copy of it is needed,
                    // neither the new file's nor (after a save as) the one
                    // the session started as, which the next start would offer.
                    for file in state.doc.recovery_files() {
                        fx.push(Effect::DiscardRecovery { file });
                    }
                }
                if landed.then_quit && !dirty {
                    quit(state, &mut fx);
                }
            }
        }
        Action::SaveFailed { path, message } => {
            state.doc.save_failed(&path);
            state.say(Level::Error, format!("could not save {}: {message}", path.display()));
        }
        Action::FileChanged { design, has_comments } => {
            if *design == *state.doc.design() {
                // Our own save, or an edit that changed nothing we keep.
                return fx;
            }
            if state.doc.dirty() {
                state.overlay = Overlay::Confirm(Question::Reload { design, has_comments });
            } else {
                replace_design(state, *design, true, &mut fx);
                state.doc.has_comments = has_comments;
                state.say(Level::Info, format!("reloaded {}: it changed on disk", state.doc.file_label()));
            }
        }
        Action::FileUnreadable { message } => {
            state.say(Level::Error, format!("the file changed on disk but does not load: {message}"));
        }
        Action::CritiqueFailed { revision, message } => {
            if revision == state.doc.design().revision() {
                state.say(Level::Error, format!("the critic failed: {message}"));
            }
        }
        Action::AutosaveFailed { message } => {
            state.say(Level::Error, format!("recovery copy not saved: {message}"));
        }
        Action::RecoveryFound { design } => {
            state.overlay = Overlay::Confirm(Question::Recover { design });
        }
        Action::RecoveryRefused { path, message } => {
            state.say(Level::Error, format!("recovery copy {} not read: {message}", path.display()));
        }
        action @ (Action::AgentToken { .. }
        | Action::AgentWaiting { .. }
        | Action::AgentFinished { .. }
        | Action::AgentFailed { .. }
        | Action::AgentCancelled { .. }
        | Action::AgentProposal { .. }
        | Action::LiveDue { .. }) => chat::event(state, action, &mut fx),
        Action::Exported { path, format } => {
            state.say(Level::Success, format!("exported {format} to {}", path.display()));
        }
        Action::ExportFailed { path, message } => {
            state.say(Level::Error, format!("could not export to {}: {message}", path.display()));
        }
        Action::BaseRead { rev, text } => diff::base_ready(state, rev, text),
        Action::Tick => super::edit::tick(state),
        Action::Settle => state.canvas.settle(state.doc.design()),
        Action::TracesRead { options, observed } => crate::calibrate::read(state, options, observed, &mut fx),
        Action::ImportRead { label, imported } => crate::import::read(state, label, imported, &mut fx),
    }
    fx
}
