//! Changing the design from `update`: applying edits through the history,
//! running command lines, saving and quitting, and keeping the selection
//! on screen after every change.

use std::path::{Component as PathPart, Path, PathBuf};

use super::effect::Effect;
use super::state::{Focus, Level, Overlay, Prompt, PromptKind, Question, State};
use super::update::{quit, refresh_panes};
use archcrit_core::layout::{Rect, Scale, layout, relayout};
use archcrit_core::model::{ComponentField, ComponentId, Design, Edit, FieldValue, LinkKey};

/// Applies one undoable edit; on success reports it and refreshes
/// everything that depends on the design.
pub(super) fn apply(state: &mut State, edit: Edit, tag: Option<String>, fx: &mut Vec<Effect>) -> bool {
    match state.history.apply_tagged(&mut state.design, edit, tag) {
        Ok(label) => {
            state.message = Some((Level::Info, label));
            changed(state, fx);
            true
        }
        Err(e) => {
            state.message = Some((Level::Error, e.to_string()));
            false
        }
    }
}

/// Everything that follows a change of the design: layout, critique,
/// autosave, a valid selection kept in view.
pub(super) fn changed(state: &mut State, fx: &mut Vec<Effect>) {
    relayout(&mut state.layout, &state.design, state.scale);
    if let Some(id) = &state.selected
        && !state.design.contains(id.as_str())
    {
        state.selected = None;
    }
    follow_selected_link(state);
    let snapshot = std::sync::Arc::new(state.design.clone());
    fx.push(Effect::Analyze(snapshot.clone()));
    if state.dirty() {
        fx.push(Effect::Autosave { file: state.file.clone(), design: snapshot });
    } else {
        fx.push(Effect::DiscardRecovery { file: state.file.clone() });
    }
    keep_in_view(state);
}

/// Keeps the inspector's link after an edit changed its key (an undone
/// protocol change): the one link between the same two components, if
/// there is exactly one; otherwise the inspector goes back to the component.
fn follow_selected_link(state: &mut State) {
    let Some(key) = &state.selected_link else { return };
    if state.design.link(key).is_some() {
        return;
    }
    let mut same_pair: Vec<LinkKey> =
        state.design.outgoing(key.from.as_str()).into_iter().filter(|l| l.to == key.to).map(|l| l.key()).collect();
    state.selected_link = if same_pair.len() == 1 { same_pair.pop() } else { None };
}

/// Puts a whole new design in place (reload, recovery): history restarts.
pub(super) fn replace_design(state: &mut State, design: Design, saved: bool, fx: &mut Vec<Effect>) {
    state.design = design;
    state.saved_revision = saved.then(|| state.design.revision());
    state.history.clear();
    state.report = None;
    state.report_revision = None;
    state.finding = None;
    changed(state, fx);
}

pub(super) fn undo(state: &mut State, redo: bool, fx: &mut Vec<Effect>) {
    let result = if redo { state.history.redo(&mut state.design) } else { state.history.undo(&mut state.design) };
    match result {
        Ok(Some(label)) => {
            state.message = Some((Level::Info, format!("{} {label}", if redo { "redid" } else { "undid" })));
            changed(state, fx);
        }
        Ok(None) => state.message = Some((Level::Info, format!("nothing to {}", if redo { "redo" } else { "undo" }))),
        Err(e) => state.message = Some((Level::Error, format!("cannot {}: {e}", if redo { "redo" } else { "undo" }))),
    }
}

/// Hands every box back to auto-layout, as one undoable step, and lays
/// the whole design out afresh (edits only patch the layout in place).
pub(super) fn layout_all(state: &mut State, fx: &mut Vec<Effect>) -> Result<(), String> {
    let edits: Vec<Edit> = state
        .design
        .components()
        .filter(|c| c.at.is_some())
        .map(|c| Edit::Move { id: c.id.clone(), at: None })
        .collect();
    if edits.is_empty() {
        state.layout = layout(&state.design, state.scale);
        keep_in_view(state);
        state.message = Some((Level::Info, "laid out every box afresh".into()));
        return Ok(());
    }
    if apply(state, Edit::Batch { label: "auto-layout".into(), edits }, None, fx) {
        state.layout = layout(&state.design, state.scale);
        keep_in_view(state);
    }
    Ok(())
}

pub(super) fn zoom(state: &mut State) {
    state.scale = match state.scale {
        Scale::Normal => Scale::Compact,
        Scale::Compact => Scale::Normal,
    };
    state.layout = layout(&state.design, state.scale);
    keep_in_view(state);
}

/// The same file, written two ways (`d.yaml`, `./d.yaml`).
fn same_file(a: &Path, b: &Path) -> bool {
    let parts = |p: &Path| {
        p.components().filter(|c| *c != PathPart::CurDir).map(|c| c.as_os_str().to_owned()).collect::<Vec<_>>()
    };
    parts(a) == parts(b)
}

/// Saves to `target` (save as) or the current file; asks for a name, and
/// before replacing another file or dropping comments, unless `force`.
pub(super) fn save(state: &mut State, target: Option<PathBuf>, then_quit: bool, force: bool, fx: &mut Vec<Effect>) {
    if let Some(path) = target {
        let other = state.file.as_deref().is_none_or(|f| !same_file(f, &path));
        if other && !force && (state.services.exists)(&path) {
            state.overlay = Overlay::Confirm(Question::OverwriteFile { path, then_quit });
            return;
        }
        if other {
            // A new file has no comments of ours to lose.
            state.has_comments = false;
            state.saved_revision = None;
            state.file = Some(path);
            fx.push(Effect::Watch(state.file.clone()));
        }
    }
    let Some(path) = state.file.clone() else {
        state.overlay = Overlay::Input(Prompt {
            kind: PromptKind::SaveAs { then_quit },
            title: "Save as (file name):".into(),
            input: super::LineInput::with_text(format!("{}.yaml", ComponentId::slug(state.design.name()))),
            error: None,
            completion: None,
        });
        return;
    };
    if state.has_comments && !force {
        state.overlay = Overlay::Confirm(Question::OverwriteComments { path, then_quit });
        return;
    }
    state.quit_after_save = then_quit;
    state.message = Some((Level::Info, format!("saving {}...", path.display())));
    fx.push(Effect::Save { path, design: Box::new(state.design.clone()) });
}

pub(super) fn ask_quit(state: &mut State, fx: &mut Vec<Effect>) {
    if state.dirty() {
        state.overlay = Overlay::Confirm(Question::QuitUnsaved);
    } else {
        quit(state, fx);
    }
}

/// Answers the open question (`yes` or no).
pub(super) fn answer(state: &mut State, question: Question, yes: bool, fx: &mut Vec<Effect>) {
    match (question, yes) {
        (Question::QuitUnsaved, true) => save(state, None, true, false, fx),
        (Question::QuitUnsaved, false) => quit(state, fx),
        (Question::OverwriteComments { path, then_quit }, true) => {
            state.has_comments = false;
            save(state, Some(path), then_quit, false, fx);
        }
        (Question::OverwriteFile { path, then_quit }, true) => save(state, Some(path), then_quit, true, fx),
        (Question::OverwriteFile { path, then_quit }, false) => {
            let refusal = format!("{} exists and was not replaced", path.display());
            if state.file.is_none() {
                // No file of its own yet: ask for another name.
                state.overlay = Overlay::Input(Prompt {
                    kind: PromptKind::SaveAs { then_quit },
                    title: "Save as (file name):".into(),
                    input: super::LineInput::with_text(path.display().to_string()),
                    error: Some(format!("{refusal}; type another name")),
                    completion: None,
                });
            } else {
                let how = format!("`:w! {}` replaces it", path.display());
                state.message = Some((Level::Info, format!("not saved: {refusal} ({how})")));
            }
        }
        (Question::OverwriteComments { .. }, false) => {
            state.message = Some((Level::Info, "not saved; the file keeps its comments".into()));
        }
        (Question::Recover { design }, true) => {
            replace_design(state, *design, false, fx);
            state.message = Some((Level::Success, "restored the recovery copy (not saved yet)".into()));
        }
        (Question::Recover { .. }, false) => {
            fx.push(Effect::DiscardRecovery { file: state.file.clone() });
            state.message = Some((Level::Info, "discarded the recovery copy".into()));
        }
        (Question::Reload { design, has_comments }, true) => {
            replace_design(state, *design, true, fx);
            state.has_comments = has_comments;
            state.message = Some((Level::Info, "reloaded from disk".into()));
        }
        (Question::Reload { .. }, false) => {
            state.message = Some((Level::Info, "kept your version; saving will overwrite the file on disk".into()));
        }
    }
}

/// Applies the first suggested pattern of the selected finding.
pub(super) fn apply_pattern(state: &mut State, fx: &mut Vec<Effect>) {
    let Some(finding) = state.selected_finding().cloned() else {
        state.message = Some((Level::Info, "select a finding first (n / f)".into()));
        return;
    };
    let Some(pattern) = finding.patterns.first() else {
        state.message = Some((Level::Info, format!("{} has no suggested pattern", finding.rule)));
        return;
    };
    match (state.services.transform)(&state.design, pattern, &finding) {
        Ok(edit) => {
            if apply(state, edit, None, fx) {
                state.message = Some((Level::Success, format!("applied {pattern} (u undoes it)")));
            }
        }
        Err(e) => state.message = Some((Level::Error, format!("cannot apply {pattern}: {e}"))),
    }
}

pub(super) fn accept_proposal(state: &mut State, fx: &mut Vec<Effect>) {
    let Some(proposal) = state.chat.proposal.take() else {
        state.message = Some((Level::Info, "the persona has not proposed anything".into()));
        return;
    };
    let edit = Edit::Batch { label: proposal.summary.clone(), edits: proposal.edits.clone() };
    if !apply(state, edit, None, fx) {
        state.chat.proposal = Some(proposal);
    }
    refresh_panes(state);
}

/// Sets a field from text typed in the inspector; `Err` keeps the prompt open.
pub(super) fn set_field(
    state: &mut State,
    id: &ComponentId,
    field: ComponentField,
    text: &str,
    fx: &mut Vec<Effect>,
) -> Result<(), String> {
    let value: Option<FieldValue> = if text.trim().is_empty() { None } else { Some(field.field_type().parse(text)?) };
    let edit = Edit::SetComponent { id: id.clone(), field, value };
    if apply(state, edit, None, fx) { Ok(()) } else { Err(state.message.take().map(|(_, m)| m).unwrap_or_default()) }
}

/// Scrolls so the selection (or the selected finding's components) shows.
pub(super) fn keep_in_view(state: &mut State) {
    let targets: Vec<Rect> = match (state.focus, state.selected_finding()) {
        (Focus::Findings, Some(f)) => f.components.iter().filter_map(|c| state.layout.rect(c.as_str())).collect(),
        _ => state.selected.iter().filter_map(|s| state.layout.rect(s.as_str())).collect(),
    };
    let Some(first) = targets.first().copied() else { return };
    let bounds = targets.iter().fold(first, |a, r| {
        let (x, y) = (a.x.min(r.x), a.y.min(r.y));
        Rect { x, y, w: a.right().max(r.right()) - x, h: a.bottom().max(r.bottom()) - y }
    });
    // When everything does not fit, the first (the subject) wins.
    let goal = if bounds.w + 2 > i32::from(state.panes.canvas.w) || bounds.h + 2 > i32::from(state.panes.canvas.h) {
        first
    } else {
        bounds
    };
    let (w, h) = (i32::from(state.panes.canvas.w), i32::from(state.panes.canvas.h));
    if w == 0 || h == 0 {
        return;
    }
    let axis = |scroll: i32, lo: i32, hi: i32, size: i32| -> i32 {
        if lo - 1 < scroll {
            (lo - 1).max(0)
        } else if hi + 1 > scroll + size {
            (hi + 1 - size).max(0).min((lo - 1).max(0))
        } else {
            scroll
        }
    };
    state.scroll.0 = axis(state.scroll.0, goal.x, goal.right(), w);
    state.scroll.1 = axis(state.scroll.1, goal.y, goal.bottom(), h);
}
