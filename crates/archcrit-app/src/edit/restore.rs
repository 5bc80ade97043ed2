//! Putting a whole other design in place as one undoable step (restoring
//! a recovery copy): the edits that take the design there, checked on a
//! copy first; `u` then goes back to the file as it was on disk.

use crate::effect::Effect;
use crate::state::{Level, State};
use archcrit_core::model::{Design, Edit, RequirementField};

/// The edits that turn `from` into `to`: everything of `from` taken out,
/// everything of `to` put in, in file order.
fn rebuild(from: &Design, to: &Design) -> Vec<Edit> {
    let mut edits: Vec<Edit> = Vec::new();
    edits.extend(from.flows().keys().map(|id| Edit::SetFlow { id: id.clone(), flow: None, index: None }));
    edits.extend((0..from.accepted().len()).map(|_| Edit::Unaccept { index: 0 }));
    edits.extend((0..from.interview().len()).map(|_| Edit::ForgetLastAnswer));
    edits.extend(from.ids().map(|id| Edit::RemoveComponent { id: id.clone() }));
    edits.extend(from.zones().keys().map(|name| Edit::SetZone { name: name.clone(), zone: None }));
    edits.push(Edit::SetName { name: to.name().to_string() });
    edits.push(Edit::SetDescription { description: to.description().map(str::to_string) });
    edits.push(Edit::SetUnstated { facts: to.unstated().to_vec() });
    for field in RequirementField::ALL {
        edits.push(Edit::SetRequirement { field, value: to.requirements().get(field) });
    }
    edits.extend(to.zones().iter().map(|(name, zone)| Edit::SetZone { name: name.clone(), zone: Some(zone.clone()) }));
    edits.extend(to.components().map(|c| Edit::AddComponent { component: c.clone(), index: None }));
    edits.extend(to.links().map(|l| Edit::Connect { link: l.clone(), index: None }));
    edits.extend(to.flows().iter().map(|(id, f)| Edit::SetFlow { id: id.clone(), flow: Some(f.clone()), index: None }));
    edits.extend(to.accepted().iter().map(|a| Edit::Accept { acceptance: a.clone(), index: None }));
    edits.extend(to.interview().iter().map(|e| Edit::RecordAnswer { entry: e.clone() }));
    edits
}

/// Puts `design` in place as one undoable step labelled `label`. When no
/// edits can say it exactly (fields only a file holds), it replaces the
/// design outright and the history restarts, as before.
pub(crate) fn replace_undoably(state: &mut State, design: Design, label: &str, fx: &mut Vec<Effect>) {
    let batch = Edit::Batch { label: label.to_string(), edits: rebuild(state.doc.design(), &design) };
    let mut trial = state.doc.design().clone();
    if trial.apply(batch.clone()).is_ok() && trial == design {
        match state.doc.apply(batch, None) {
            Ok(_) => {
                super::changed(state, fx);
                return;
            }
            Err(e) => state.say(Level::Error, format!("could not restore it as an undoable step: {e}")),
        }
    }
    super::replace_design(state, design, false, fx);
}
