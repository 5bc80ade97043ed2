//! The findings panel: the critique as it arrives (keeping the selected
//! finding when it survives), stepping through findings, and applying a
//! finding's suggested pattern.

mod list;

pub use list::Findings;

use crate::edit::{apply, keep_in_view, refresh_panes};
use crate::effect::Effect;
use crate::keymap::Cmd;
use crate::state::{Focus, Level, Overlay, State};
use archcrit_core::critic::Report;

/// A critique arrived; one of an older revision than the design is stale.
pub(crate) fn critique_ready(state: &mut State, revision: u64, report: Report) {
    if revision == state.doc.design().revision() {
        state.findings.arrived(revision, report);
    }
}

pub(crate) fn step_finding(state: &mut State, delta: i64) {
    let Some(n) = state.latest_report().map(|r| r.findings.len()).filter(|n| *n > 0) else {
        state.say(Level::Info, "no findings");
        return;
    };
    let next = match state.finding() {
        Some(i) => (i as i64 + delta).rem_euclid(n as i64) as usize,
        None if delta > 0 => 0,
        None => n - 1,
    };
    state.findings.select(Some(next));
    if let Some(subject) = state.selected_finding().and_then(|f| f.subject()).cloned() {
        state.select(Some(subject));
    }
    // Bring every component of the finding into view, not just the subject.
    let focus = state.focus;
    state.focus = Focus::Findings;
    keep_in_view(state);
    state.focus = focus;
}

pub(crate) fn key(state: &mut State, cmd: Option<Cmd>, fx: &mut Vec<Effect>) {
    match cmd {
        Some(Cmd::Down) => step_finding(state, 1),
        Some(Cmd::Up) => step_finding(state, -1),
        Some(Cmd::ApplyPattern) => apply_pattern(state, fx),
        Some(Cmd::Submit) | Some(Cmd::Cancel) => {
            state.focus = Focus::Canvas;
            refresh_panes(state);
            keep_in_view(state);
        }
        Some(Cmd::Help) => state.overlay = Overlay::Help { scroll: 0 },
        _ => {}
    }
}

/// Applies the first suggested pattern of the selected finding.
pub(crate) fn apply_pattern(state: &mut State, fx: &mut Vec<Effect>) {
    let Some(finding) = state.selected_finding().cloned() else {
        state.say(Level::Info, "select a finding first (n / f)");
        return;
    };
    let Some(pattern) = finding.patterns.first() else {
        state.say(Level::Info, format!("{} has no suggested pattern", finding.rule));
        return;
    };
    let before = state.doc.design().clone();
    match (state.session.services.transform)(state.doc.design(), pattern, &finding) {
        Ok(edit) => {
            if apply(state, edit, None, fx) {
                // The selection stays on what was fixed; n goes on.
                state.findings.select(None);
                if let Some(subject) = finding.subject().filter(|s| state.doc.design().contains(s.as_str())) {
                    state.select(Some(subject.clone()));
                }
                crate::edit::mark(state, &before, pattern, false);
                crate::edit::show_touched(state);
            }
        }
        Err(e) => state.say(Level::Error, format!("cannot apply {pattern}: {e}")),
    }
}
