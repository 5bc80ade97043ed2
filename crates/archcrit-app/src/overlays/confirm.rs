//! Yes/no questions: quitting with unsaved work, replacing a file or its
//! comments, restoring a recovery copy, reloading a file changed on disk.

use crate::edit::{quit, replace_design, save};
use crate::effect::Effect;
use crate::keymap::Cmd;
use crate::state::{Level, Overlay, PromptKind, Question, State};

/// A key while a question waits: y, n, or esc (leaves it unanswered).
pub(crate) fn key(state: &mut State, cmd: Option<Cmd>, fx: &mut Vec<Effect>) {
    let yes = match cmd {
        Some(Cmd::Yes) => true,
        Some(Cmd::No) => false,
        Some(Cmd::Cancel) => {
            state.overlay = Overlay::None;
            return;
        }
        _ => return,
    };
    if let Overlay::Confirm(question) = std::mem::replace(&mut state.overlay, Overlay::None) {
        answer(state, question, yes, fx);
    }
}

/// Answers the open question (`yes` or no).
pub(crate) fn answer(state: &mut State, question: Question, yes: bool, fx: &mut Vec<Effect>) {
    match (question, yes) {
        (Question::QuitUnsaved, true) => save(state, None, true, false, fx),
        (Question::QuitUnsaved, false) => quit(state, fx),
        (Question::OverwriteComments { path, then_quit }, true) => {
            state.doc.has_comments = false;
            save(state, Some(path), then_quit, false, fx);
        }
        (Question::OverwriteFile { path, then_quit }, true) => save(state, Some(path), then_quit, true, fx),
        (Question::OverwriteFile { path, then_quit }, false) => {
            let refusal = format!("{} exists and was not replaced", path.display());
            if state.doc.file().is_none() {
                // No file of its own yet: ask for another name.
                state.overlay = Overlay::prompt(
                    PromptKind::SaveAs { then_quit },
                    "Save as (file name):",
                    path.display().to_string(),
                );
                state.refuse_prompt(format!("{refusal}; type another name"));
            } else {
                let how = format!("`:w! {}` replaces it", path.display());
                state.say(Level::Info, format!("not saved: {refusal} ({how})"));
            }
        }
        (Question::OverwriteComments { .. }, false) => {
            state.say(Level::Info, "not saved; the file keeps its comments");
        }
        (Question::Recover { design }, true) => {
            crate::edit::replace_undoably(state, *design, "restore the recovery copy", fx);
            state.say(Level::Success, "restored the recovery copy (not saved yet; u goes back to the file on disk)");
        }
        (Question::Recover { .. }, false) => {
            fx.push(Effect::DiscardRecovery { file: state.doc.file().map(std::path::Path::to_path_buf) });
            state.say(Level::Info, "discarded the recovery copy");
        }
        (Question::Reload { design, has_comments }, true) => {
            replace_design(state, *design, true, fx);
            state.doc.has_comments = has_comments;
            state.say(Level::Info, "reloaded from disk");
        }
        (Question::Kind { id, from, to, .. }, yes) => crate::kindhint::answer(state, id, from, to, yes, fx),
        (Question::Reload { .. }, false) => {
            state.say(Level::Info, "kept your version; saving will overwrite the file on disk");
        }
    }
}
