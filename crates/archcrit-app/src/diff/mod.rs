//! `:diff [REV]`: the open design against the file on disk or a git
//! revision of it. The workers read the base (an `Effect`), the text comes
//! back as an `Action`; this marks what was added, removed (ghosts),
//! renamed and changed on the canvas, lists it in a panel and steps
//! through it. `:diff off` or Esc in the panel clears it.

mod changes;

pub use changes::{Change, ChangeKind, Marks, Subject};

use archcrit_core::critic::Report;
use archcrit_core::diff::{DesignDiff, compare_with};
use archcrit_core::model::{Design, Edit};

use crate::action::WorkerError;
use crate::edit::{keep_in_view, refresh_panes};
use crate::effect::Effect;
use crate::keymap::Cmd;
use crate::refusal::CommandError;
use crate::state::{Focus, Level, Overlay, State};

/// A diff on show: the base it compares with, and the rows.
#[derive(Debug, Clone)]
pub struct DiffView {
    /// `HEAD`, `main`... or `None` for the file on disk.
    pub rev: Option<String>,
    base: Design,
    base_report: Report,
    /// The design revision the diff describes.
    revision: u64,
    pub diff: DesignDiff,
    pub changes: Vec<Change>,
    pub marks: Marks,
    /// The design with the base's removed components and links put back,
    /// for the canvas to draw as ghosts; `None` when nothing was removed.
    pub ghosts: Option<Design>,
    pub selected: Option<usize>,
}

impl DiffView {
    /// What the panel's title calls the base.
    pub fn base_label(&self) -> String {
        match &self.rev {
            Some(rev) => rev.clone(),
            None => "file on disk".to_string(),
        }
    }

    pub fn selected_change(&self) -> Option<&Change> {
        self.selected.and_then(|i| self.changes.get(i))
    }

    fn build(rev: Option<String>, base: Design, base_report: Report, design: &Design, report: &Report) -> Self {
        let diff = compare_with(&base, design, &base_report, report);
        let flow_from = |id: &str| design.flow(id).or_else(|| base.flow(id)).map(|f| f.from.clone());
        let changes = changes::list(&diff, &flow_from);
        let marks = changes::marks(&changes);
        let ghosts = ghosts(&base, design, &diff);
        DiffView { rev, base, base_report, revision: design.revision(), diff, changes, marks, ghosts, selected: None }
    }
}

/// The design plus what the base had and it lost, at the base's places.
fn ghosts(base: &Design, design: &Design, diff: &DesignDiff) -> Option<Design> {
    if diff.components.removed.is_empty() && diff.links.removed.is_empty() {
        return None;
    }
    let mut out = design.clone();
    for id in &diff.components.removed {
        if let Some(c) = base.component(id.as_str()) {
            // A ghost that cannot go back (its id now names another kind
            // of thing) is left out rather than failing the diff.
            let _ = out.apply(Edit::AddComponent { component: c.clone(), index: None });
        }
    }
    for key in &diff.links.removed {
        if let Some(link) = base.link(&key.0) {
            let _ = out.apply(Edit::Connect { link: link.clone(), index: None });
        }
    }
    Some(out)
}

/// `:diff [REV]`: asks the workers for the base.
pub(crate) fn start(state: &mut State, rev: Option<String>, fx: &mut Vec<Effect>) -> Result<(), CommandError> {
    let Some(path) = state.doc.file().map(std::path::Path::to_path_buf) else {
        return Err(CommandError::from("this design has no file to compare with (:w FILE first)".to_string()));
    };
    let what = rev.as_deref().map_or("the file on disk".to_string(), |r| format!("{r}:{}", state.doc.file_label()));
    state.say(Level::Info, format!("reading {what}..."));
    fx.push(Effect::ReadBase { path, rev });
    Ok(())
}

/// `:diff off`.
pub(crate) fn off(state: &mut State) {
    if state.diff.take().is_some() {
        state.say(Level::Info, "diff cleared");
    }
    if state.focus == Focus::Diff {
        state.focus = Focus::Canvas;
    }
    refresh_panes(state);
}

/// The base's text arrived (or could not be read).
pub(crate) fn base_ready(state: &mut State, rev: Option<String>, text: Result<String, WorkerError>) {
    let label = rev.clone().unwrap_or_else(|| "the file on disk".to_string());
    let text = match text {
        Ok(t) => t,
        Err(e) => return state.say(Level::Error, format!("cannot diff against {label}: {e}")),
    };
    let base = match archcrit_core::file::load_str(&text, &label) {
        Ok(d) => d,
        Err(e) => return state.say(Level::Error, format!("cannot diff against {label}: {e}")),
    };
    let base_report = (state.session.services.critique)(&base);
    let report = match state.fresh_report() {
        Some(r) => r.clone(),
        None => (state.session.services.critique)(state.doc.design()),
    };
    let view = DiffView::build(rev, base, base_report, state.doc.design(), &report);
    let n = view.changes.len();
    let note = if n == 0 {
        format!("no changes against {label}")
    } else {
        format!("{n} change{} against {label} (j/k step, esc clears)", if n == 1 { "" } else { "s" })
    };
    state.diff = Some(view);
    state.focus = Focus::Diff;
    state.say(Level::Info, note);
    refresh_panes(state);
}

/// A critique of the design as it is: the diff follows the design.
pub(crate) fn critiqued(state: &mut State) {
    let Some(view) = state.diff.take() else { return };
    let now = state.doc.design().revision();
    let Some(report) = state.fresh_report().cloned().filter(|_| view.revision != now) else {
        state.diff = Some(view);
        return;
    };
    let keep = view.selected_change().map(|c| c.subject.clone());
    let mut fresh = DiffView::build(view.rev, view.base, view.base_report, state.doc.design(), &report);
    fresh.selected = keep.and_then(|s| fresh.changes.iter().position(|c| c.subject == s));
    state.diff = Some(fresh);
}

pub(crate) fn key(state: &mut State, cmd: Option<Cmd>) {
    match cmd {
        Some(Cmd::Down) => step(state, 1),
        Some(Cmd::Up) => step(state, -1),
        Some(Cmd::Submit) => {
            state.focus = Focus::Canvas;
            refresh_panes(state);
            keep_in_view(state);
        }
        Some(Cmd::Cancel) => off(state),
        Some(Cmd::Help) => state.overlay = Overlay::Help { scroll: 0 },
        _ => {}
    }
}

/// Scrolls the canvas to a removed component's ghost when it is out of
/// view, laid out as the canvas lays it out (around the boxes in place).
fn show_ghost(state: &mut State, id: &str) {
    let Some(ghosts) = state.diff.as_ref().and_then(|d| d.ghosts.as_ref()) else { return };
    let mut layout = state.canvas.layout().clone();
    archcrit_core::layout::relayout(&mut layout, ghosts, state.canvas.scale());
    let Some(r) = layout.rect(id) else { return };
    let (w, h) = (i32::from(state.panels.panes().canvas.w), i32::from(state.panels.panes().canvas.h));
    let (sx, sy) = state.canvas.scroll;
    if r.x < sx || r.y < sy || r.right() > sx + w || r.bottom() > sy + h {
        state.canvas.scroll = ((r.x - 2).max(0), (r.y - 2).max(0));
    }
}

/// Selects the next (or previous) change and shows it on the canvas.
pub(crate) fn step(state: &mut State, delta: i64) {
    let Some(view) = state.diff.as_mut() else { return };
    let n = view.changes.len();
    if n == 0 {
        state.say(Level::Info, "no changes");
        return;
    }
    let next = match view.selected {
        Some(i) => (i as i64 + delta).rem_euclid(n as i64) as usize,
        None if delta > 0 => 0,
        None => n - 1,
    };
    view.selected = Some(next);
    let subject = view.changes[next].subject.clone();
    match subject {
        Subject::Component(id) if state.doc.design().contains(id.as_str()) => state.select(Some(id)),
        Subject::Component(id) => {
            state.select(None);
            show_ghost(state, id.as_str());
            return;
        }
        Subject::Link(key) => {
            let from = state.doc.design().contains(key.from.as_str()).then(|| key.from.clone());
            state.select(from);
            if state.doc.design().link(&key).is_some() {
                state.inspect_link(Some(key));
            }
        }
        Subject::Flow { from, .. } => state.select(from.filter(|f| state.doc.design().contains(f.as_str()))),
    }
    keep_in_view(state);
}
