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
        let other = state.doc.file().is_none_or(|f| !same_file(f, &path));
        if other && !force && (state.session.services.exists)(&path) {
            state.overlay = Overlay::Confirm(Question::OverwriteFile { path, then_quit });
            return;
        }
        if other {
            // The design moves to the new file only once it is written
            // there (Action::Saved); a failed save leaves it where it was.
            state.say(Level::Info, format!("saving {}...", path.display()));
            let design = state.doc.begin_save(Some(path.clone()), then_quit);
            fx.push(Effect::Save { path, design, force });
            return;
        }
    }
    let Some(path) = state.doc.file().map(Path::to_path_buf) else {
        let name = format!("{}.yaml", ComponentId::slug(state.doc.design().name()));
        state.overlay = Overlay::prompt(PromptKind::SaveAs { then_quit }, "Save as (file name):", name);
        return;
    };
    if state.doc.has_comments && !force {
        state.overlay = Overlay::Confirm(Question::OverwriteComments { path, then_quit });
        return;
    }
    state.say(Level::Info, format!("saving {}...", path.display()));
    // The document remembers which history state this writes, so `Saved`
    // can tell whether undo later returns to it.
    let design = state.doc.begin_save(None, then_quit);
    fx.push(Effect::Save { path, design, force });
}

pub(crate) fn ask_quit(state: &mut State, fx: &mut Vec<Effect>) {
    if state.doc.dirty() {
        state.overlay = Overlay::Confirm(Question::QuitUnsaved);
    } else {
        quit(state, fx);
    }
}

pub(crate) fn quit(state: &mut State, fx: &mut Vec<Effect>) {
    state.session.quit();
    // The copy of what the session started as too: after a save as, the
    // example's (or the first file's) copy would otherwise outlive the work.
    for file in state.doc.recovery_files() {
        fx.push(Effect::DiscardRecovery { file });
    }
    fx.push(Effect::Quit);
}
