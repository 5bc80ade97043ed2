//! Undo and redo: stacks of inverse `Edit`s, unlimited. Each entry is one
//! step as the user sees it (a `Batch` is one step). Every state the
//! design passes through gets an id, so "is this what was saved?" holds
//! after undoing back to it (the design's revision only ever grows).

use archcrit_core::model::{Design, Edit, EditError};

#[derive(Debug, Clone)]
struct Step {
    label: String,
    edit: Edit,
    /// Steps with the same tag in a row merge into one (moving a box cell
    /// by cell is one undo step).
    tag: Option<String>,
    /// The id of the state this step's edit leads back to.
    state: u64,
}

#[derive(Debug, Clone, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    /// The id of the design's state now.
    current: u64,
    /// The last id handed out; ids are never reused.
    issued: u64,
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
            self.undo.push(Step { label: label.clone(), edit: inverse, tag, state: self.current });
        }
        self.redo.clear();
        self.current = self.fresh_id();
        Ok(label)
    }

    /// The id of the design's state now: equal ids mean equal designs
    /// (reached by undo and redo), so a saved id tells whether the design
    /// is still what the file holds.
    pub fn state(&self) -> u64 {
        self.current
    }

    fn fresh_id(&mut self) -> u64 {
        self.issued += 1;
        self.issued
    }

    /// Undoes the last step; returns its label, or `None` with nothing to undo.
    pub fn undo(&mut self, design: &mut Design) -> Result<Option<String>, EditError> {
        Self::swap(design, &mut self.current, &mut self.undo, &mut self.redo)
    }

    pub fn redo(&mut self, design: &mut Design) -> Result<Option<String>, EditError> {
        Self::swap(design, &mut self.current, &mut self.redo, &mut self.undo)
    }

    fn swap(
        design: &mut Design,
        current: &mut u64,
        from: &mut Vec<Step>,
        to: &mut Vec<Step>,
    ) -> Result<Option<String>, EditError> {
        let Some(step) = from.pop() else { return Ok(None) };
        match design.apply(step.edit.clone()) {
            Ok(inverse) => {
                to.push(Step { label: step.label.clone(), edit: inverse, tag: None, state: *current });
                *current = step.state;
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

    /// Forgets every step: the design in place is a new state.
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
        self.current = self.fresh_id();
    }
}
