//! Showing what a change did: after a pattern, an undo, a redo or an
//! applied proposal, the boxes and links it touched stay marked for a few
//! seconds (ticks clear them) and the message line lists them
//! ("rate-limiting: gw.rate_limit = 100, gw.auth = jwt").

use super::viewport::{TICKS, Touched};
use crate::state::{Level, State};
use archcrit_core::critic::{Metrics, Report};
use archcrit_core::diff::compare_with;
use archcrit_core::model::Design;

fn empty_report(design: &Design) -> Report {
    Report {
        design: design.name().into(),
        findings: vec![],
        accepted: vec![],
        metrics: Metrics::default(),
        not_checked: vec![],
    }
}

/// Marks what changed from `before` to the design as it is now and says
/// it, after `what` ("applied rate-limiting", "undid ..."). An undo puts
/// back what the step took away, so what it adds is "restored", not "new".
pub(crate) fn mark(state: &mut State, before: &Design, what: &str, undoing: bool) {
    let new = if undoing { "restored" } else { "new" };
    let diff = compare_with(before, state.doc.design(), &empty_report(before), &empty_report(state.doc.design()));
    let mut touched = Touched { ticks: TICKS, ..Touched::default() };
    let mut said: Vec<String> = Vec::new();
    for id in &diff.components.added {
        touched.added.insert(id.clone());
        let kind = state.doc.design().component(id.as_str()).map(|c| c.kind.as_str()).unwrap_or("component");
        said.push(format!("{new} {kind} {id}"));
    }
    for id in &diff.components.removed {
        said.push(format!("removed {id}"));
    }
    for r in &diff.components.renamed {
        touched.changed.insert(r.to.clone());
        said.push(format!("{} renamed {}", r.from, r.to));
    }
    for c in &diff.components.changed {
        touched.changed.insert(c.subject.clone());
        for f in &c.fields {
            match &f.new {
                Some(v) => said.push(format!("{}.{} = {v}", c.subject, f.field)),
                None => said.push(format!("{}.{} cleared", c.subject, f.field)),
            }
        }
    }
    for l in diff.links.added.iter().chain(diff.links.changed.iter().map(|c| &c.subject)) {
        touched.links.insert(l.0.clone());
    }
    for l in &diff.links.added {
        said.push(format!("{new} link {}", l.0));
    }
    for l in &diff.links.removed {
        said.push(format!("removed link {}", l.0));
    }
    for c in &diff.links.changed {
        for f in &c.fields {
            said.push(format!("{}.{} = {}", c.subject.0, f.field, f.new.as_deref().unwrap_or("-")));
        }
    }
    if said.is_empty() {
        state.say(Level::Success, what.to_string());
    } else {
        state.say(Level::Success, format!("{what}: {}", said.join(", ")));
    }
    state.canvas.touched =
        (!touched.added.is_empty() || !touched.changed.is_empty() || !touched.links.is_empty()).then_some(touched);
}

/// One tick of the clock: the marks fade after `TICKS` of them.
pub(crate) fn tick(state: &mut State) {
    if let Some(t) = &mut state.canvas.touched {
        t.ticks = t.ticks.saturating_sub(1);
        if t.ticks == 0 {
            state.canvas.touched = None;
        }
    }
}
