//! `Document`: the design, its file and its undo history, owned by `edit`.
//! The design changes only through `apply`, `undo`, `redo` and `replace`,
//! and the saved marker moves only through `begin_save` and `saved`, so
//! "is this what the file holds?" (`dirty`) cannot disagree with history.

use std::path::{Path, PathBuf};

use crate::history::History;
use archcrit_core::model::{Design, Edit, EditError};

/// What `Document::saved` made of a finished save.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SaveLanded {
    /// A save as landed: the design lives in the new file from now on.
    pub moved: bool,
    /// The save wrote the document's own file (else a file it left).
    pub ours: bool,
    /// The save was asked for before quitting (`:wq`, yes to "save first?").
    pub then_quit: bool,
}

pub struct Document {
    design: Design,
    /// `None` for a scratch design: the first save asks for a name.
    file: Option<PathBuf>,
    /// The file the session opened (`None`: a scratch design or an
    /// example). Its recovery copy is this session's too until a save as
    /// moves the design: once that save lands clean, it must go as well.
    started_as: Option<PathBuf>,
    /// What the status bar calls a design without a file (`[scratch]`,
    /// `[example shop]`).
    pub unnamed: String,
    /// The file on disk has comments a save would drop; cleared once the
    /// person agrees (or after any save).
    pub has_comments: bool,
    history: History,
    /// The history state the file on disk holds (`None`: never saved, or
    /// saved at a state undo cannot reach).
    saved_state: Option<u64>,
    /// Saves on their way: the design revision each writes and its
    /// history state, matched when the worker reports `Saved`.
    pending_saves: Vec<(u64, u64)>,
    /// A save as (`:w OTHER`) on its way: the design moves there once saved.
    saving_as: Option<PathBuf>,
    /// The save on its way was asked for before quitting; cleared by
    /// whatever comes of it.
    quit_after_save: bool,
}

impl Document {
    /// `design` as `file` holds it; `saved` says there is nothing to lose yet.
    pub fn new(design: Design, file: Option<PathBuf>, unnamed: String, saved: bool, has_comments: bool) -> Document {
        let history = History::default();
        let saved_state = saved.then(|| history.state());
        Document {
            design,
            started_as: file.clone(),
            file,
            unnamed,
            has_comments,
            history,
            saved_state,
            pending_saves: Vec::new(),
            saving_as: None,
            quit_after_save: false,
        }
    }

    pub fn design(&self) -> &Design {
        &self.design
    }

    /// The design's file, `None` for a scratch design.
    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    /// Every file whose recovery copy this session may have written: the
    /// one it started as and the one it has now (once when they are one).
    pub fn recovery_files(&self) -> Vec<Option<PathBuf>> {
        let mut files = vec![self.file.clone()];
        if self.started_as != self.file {
            files.push(self.started_as.clone());
        }
        files
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    /// The design differs from what its file holds (or it has none).
    pub fn dirty(&self) -> bool {
        self.saved_state != Some(self.history.state())
    }

    /// The file name shown in the status bar.
    pub fn file_label(&self) -> String {
        match &self.file {
            Some(p) => {
                p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| p.display().to_string())
            }
            None => self.unnamed.clone(),
        }
    }

    /// Applies `edit` as one undo step (merged with the last when `tag`
    /// matches it); returns what it did.
    pub fn apply(&mut self, edit: Edit, tag: Option<String>) -> Result<String, EditError> {
        self.history.apply_tagged(&mut self.design, edit, tag)
    }

    /// Undoes the last step (or redoes the last undone one); `None` with
    /// nothing to undo.
    pub fn undo(&mut self, redo: bool) -> Result<Option<String>, EditError> {
        if redo { self.history.redo(&mut self.design) } else { self.history.undo(&mut self.design) }
    }

    /// Puts a whole new design in place: history restarts, and the file
    /// holds it when `saved`.
    pub fn replace(&mut self, design: Design, saved: bool) {
        self.design = design;
        self.history.clear();
        self.saved_state = saved.then(|| self.history.state());
    }

    /// A save on its way was asked for before quitting.
    pub fn quits_after_save(&self) -> bool {
        self.quit_after_save
    }

    /// A save of the design as it is is on its way (to `save_as`, a new
    /// file, when given; then quitting, when `then_quit`): remembers which
    /// history state it writes.
    pub fn begin_save(&mut self, save_as: Option<PathBuf>, then_quit: bool) -> Box<Design> {
        self.quit_after_save = then_quit;
        if save_as.is_some() {
            self.saving_as = save_as;
        }
        self.pending_saves.push((self.design.revision(), self.history.state()));
        Box::new(self.design.clone())
    }

    /// The worker wrote revision `revision` to `path`: a save as moves the
    /// design there, and a save of its file marks the state it wrote.
    pub fn saved(&mut self, path: &Path, revision: u64) -> SaveLanded {
        let written = self.pending_saves.iter().find(|(r, _)| *r == revision).map(|(_, s)| *s).or_else(|| {
            // A save nobody here asked for (it still wrote this design).
            (revision == self.design.revision()).then(|| self.history.state())
        });
        self.pending_saves.retain(|(r, _)| *r > revision);
        let moved = self.saving_as.as_deref() == Some(path);
        if moved {
            self.saving_as = None;
            self.file = Some(path.to_path_buf());
        }
        let ours = self.file.as_deref() == Some(path);
        if ours {
            if written.is_some() {
                self.saved_state = written;
            }
            self.has_comments = false;
            self.history.seal();
        }
        let then_quit = std::mem::take(&mut self.quit_after_save);
        SaveLanded { moved, ours, then_quit }
    }

    /// A save to `path` failed: a save as there no longer moves the design.
    pub fn save_failed(&mut self, path: &Path) {
        self.quit_after_save = false;
        if self.saving_as.as_deref() == Some(path) {
            self.saving_as = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use archcrit_core::model::{Component, ComponentId, Kind};

    fn add(id: &str) -> Edit {
        Edit::AddComponent { component: Component::new(ComponentId::new(id).unwrap(), Kind::Service), index: None }
    }

    fn opened() -> Document {
        Document::new(Design::new("t"), Some(PathBuf::from("d.yaml")), "[scratch]".into(), true, false)
    }

    #[test]
    fn dirty_follows_history_back_to_what_was_saved() {
        let mut doc = opened();
        assert!(!doc.dirty());
        doc.apply(add("api"), None).unwrap();
        assert!(doc.dirty());
        doc.undo(false).unwrap();
        assert!(!doc.dirty(), "undone back to the file's state");
        doc.undo(true).unwrap();
        let revision = doc.design().revision();
        doc.begin_save(None, false);
        doc.apply(add("db"), None).unwrap();
        let landed = doc.saved(Path::new("d.yaml"), revision);
        assert_eq!(landed, SaveLanded { moved: false, ours: true, then_quit: false });
        assert!(doc.dirty(), "the save wrote the state before `db`");
        doc.undo(false).unwrap();
        assert!(!doc.dirty(), "and undo reaches it");
    }

    #[test]
    fn a_save_as_moves_the_file_only_once_written_and_quit_after_clears() {
        let mut doc = opened();
        doc.apply(add("api"), None).unwrap();
        doc.begin_save(Some(PathBuf::from("other.yaml")), true);
        assert!(doc.quits_after_save());
        doc.save_failed(Path::new("other.yaml"));
        assert_eq!(doc.file(), Some(Path::new("d.yaml")));
        assert!(!doc.quits_after_save(), "a failed save does not quit later");
        let revision = doc.design().revision();
        doc.begin_save(Some(PathBuf::from("other.yaml")), true);
        let landed = doc.saved(Path::new("other.yaml"), revision);
        assert_eq!(landed, SaveLanded { moved: true, ours: true, then_quit: true });
        assert_eq!((doc.file(), doc.file_label()), (Some(Path::new("other.yaml")), "other.yaml".to_string()));
        assert!(!doc.dirty() && !doc.quits_after_save());
    }

    #[test]
    fn after_a_save_as_the_started_files_recovery_copy_is_still_this_sessions() {
        let mut doc = Document::new(Design::new("t"), None, "[example shop]".into(), true, false);
        assert_eq!(doc.recovery_files(), [None]);
        doc.apply(add("api"), None).unwrap();
        let revision = doc.design().revision();
        doc.begin_save(Some(PathBuf::from("online-shop.yaml")), false);
        doc.saved(Path::new("online-shop.yaml"), revision);
        assert_eq!(doc.recovery_files(), [Some(PathBuf::from("online-shop.yaml")), None]);
    }

    #[test]
    fn replacing_the_design_restarts_history() {
        let mut doc = opened();
        doc.apply(add("api"), None).unwrap();
        doc.replace(Design::new("reloaded"), true);
        assert!(!doc.dirty() && !doc.history().can_undo());
        assert_eq!(doc.design().name(), "reloaded");
        doc.replace(Design::new("recovered"), false);
        assert!(doc.dirty(), "a design the file does not hold");
    }
}
