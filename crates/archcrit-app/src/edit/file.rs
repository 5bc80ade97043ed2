//! Saving and quitting: which file, whether to ask first, and the effects
//! that do the writing.

use std::path::{Component as PathPart, Path, PathBuf};

use crate::effect::Effect;
use crate::state::{Level, Overlay, PromptKind, Question, State};
use archcrit_core::model::ComponentId;

/// The same file, written two ways (`d.yaml`, `./d.yaml`).
fn same_file(a: &Path, b: &Path) -> bool {
    let parts = |p: &Path| {
        p.components().filter(|c| *c != PathPart::CurDir).map(|c| c.as_os_str().to_owned()).collect::<Vec<_>>()
    };
    parts(a) == parts(b)
}

/// Saves to `target` (save as) or the current file; asks for a name, and
/// before replacing another file or dropping comments, unless `force`.
pub(crate) fn save(state: &mut State, target: Option<PathBuf>, then_quit: bool, force: bool, fx: &mut Vec<Effect>) {
    if let Some(path) = target {
        let other = state.file.as_deref().is_none_or(|f| !same_file(f, &path));
        if other && !force && (state.services.exists)(&path) {
            state.overlay = Overlay::Confirm(Question::OverwriteFile { path, then_quit });
            return;
        }
        if other {
            // The design moves to the new file only once it is written
            // there (Action::Saved); a failed save leaves it where it was.
            state.quit_after_save = then_quit;
            state.say(Level::Info, format!("saving {}...", path.display()));
            state.saving_as = Some(path.clone());
            send_save(state, path, force, fx);
            return;
        }
    }
    let Some(path) = state.file.clone() else {
        let name = format!("{}.yaml", ComponentId::slug(state.design.name()));
        state.overlay = Overlay::prompt(PromptKind::SaveAs { then_quit }, "Save as (file name):", name);
        return;
    };
    if state.has_comments && !force {
        state.overlay = Overlay::Confirm(Question::OverwriteComments { path, then_quit });
        return;
    }
    state.quit_after_save = then_quit;
    state.say(Level::Info, format!("saving {}...", path.display()));
    send_save(state, path, force, fx);
}

/// Hands the design to the file worker, remembering which history state
/// it writes so `Saved` can tell whether undo later returns to it.
fn send_save(state: &mut State, path: PathBuf, force: bool, fx: &mut Vec<Effect>) {
    state.pending_saves.push((state.design.revision(), state.history.state()));
    fx.push(Effect::Save { path, design: Box::new(state.design.clone()), force });
}

pub(crate) fn ask_quit(state: &mut State, fx: &mut Vec<Effect>) {
    if state.dirty() {
        state.overlay = Overlay::Confirm(Question::QuitUnsaved);
    } else {
        quit(state, fx);
    }
}

pub(crate) fn quit(state: &mut State, fx: &mut Vec<Effect>) {
    state.quit = true;
    fx.push(Effect::DiscardRecovery { file: state.file.clone() });
    fx.push(Effect::Quit);
}
