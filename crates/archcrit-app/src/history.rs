//! Undo and redo: stacks of inverse `Edit`s, unlimited. Each entry is one
//! step as the user sees it (a `Batch` is one step).

use archcrit_core::model::{Design, Edit, EditError};

#[derive(Debug, Clone)]
struct Step {
    label: String,
    edit: Edit,
    /// Steps with the same tag in a row merge into one (moving a box cell
    /// by cell is one undo step).
    tag: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
}

impl History {
    /// Applies `edit` and records its inverse; clears the redo stack.
    pub fn apply(&mut self, design: &mut Design, edit: Edit) -> Result<String, EditError> {
        self.apply_tagged(design, edit, None)
    }

    /// Like `apply`, but merges into the previous step when it carries the
    /// same tag: undo then goes back to before the first of them.
    pub fn apply_tagged(&mut self, design: &mut Design, edit: Edit, tag: Option<String>) -> Result<String, EditError> {
        let label = edit.describe();
        let inverse = design.apply(edit)?;
        let merge = tag.is_some() && self.redo.is_empty() && self.undo.last().is_some_and(|s| s.tag == tag);
        if merge {
            if let Some(last) = self.undo.last_mut() {
                last.label = label.clone();
            }
        } else {
            self.undo.push(Step { label: label.clone(), edit: inverse, tag });
        }
        self.redo.clear();
        Ok(label)
    }

    /// Undoes the last step; returns its label, or `None` with nothing to undo.
    pub fn undo(&mut self, design: &mut Design) -> Result<Option<String>, EditError> {
        Self::swap(design, &mut self.undo, &mut self.redo)
    }

    pub fn redo(&mut self, design: &mut Design) -> Result<Option<String>, EditError> {
        Self::swap(design, &mut self.redo, &mut self.undo)
    }

    fn swap(design: &mut Design, from: &mut Vec<Step>, to: &mut Vec<Step>) -> Result<Option<String>, EditError> {
        let Some(step) = from.pop() else { return Ok(None) };
        match design.apply(step.edit.clone()) {
            Ok(inverse) => {
                to.push(Step { label: step.label.clone(), edit: inverse, tag: None });
                Ok(Some(step.label))
            }
            Err(e) => {
                from.push(step);
                Err(e)
            }
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Ends merging: the next tagged edit starts a new step.
    pub fn seal(&mut self) {
        if let Some(last) = self.undo.last_mut() {
            last.tag = None;
        }
    }

    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }
}
