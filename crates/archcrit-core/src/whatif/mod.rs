//! What-if: the critic run on a hypothetical. A `Change` (fail a component,
//! slow it down, scale it, change the load, apply a pattern) is applied to a
//! scratch copy of the design, the critic re-runs, and the answer is the
//! before and after reports with a typed `Delta`. The design passed in is
//! never changed, so no undo history is touched.

mod change;
mod delta;

use serde::Serialize;
use thiserror::Error;

use crate::critic::{Report, critique};
use crate::model::{Design, Edit};

pub use change::{Change, LoadChange, PatternKind, Slowdown, dependents_by_component, failing_flows, sync_dependents};
pub use delta::{Delta, FindingRef, RequestDelta, Saturation, UtilizationCrossing, first_to_saturate};

/// Why a what-if could not be run; each says what to ask instead.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum WhatIfError {
    #[error("there is no component `{0}` in this design")]
    UnknownComponent(String),
    #[error("{0}")]
    CannotApply(String),
}

/// The result of one hypothetical.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// The change in words ("orders fails").
    pub change: String,
    #[serde(skip)]
    pub before: Report,
    #[serde(skip)]
    pub after: Report,
    pub delta: Delta,
    /// The edit that would make the change real (pattern what-ifs), for an
    /// "apply it" offer; the caller decides whether to apply it.
    #[serde(skip)]
    pub edit: Option<Edit>,
}

/// Runs `change` on a scratch copy of `design`, critiquing both.
pub fn what_if(design: &Design, change: &Change) -> Result<Outcome, WhatIfError> {
    what_if_from(design, &critique(design), change)
}

/// `what_if` reusing a report already made for `design` (the workshop and
/// the answers have one), so only the hypothetical is critiqued.
pub fn what_if_from(design: &Design, before: &Report, change: &Change) -> Result<Outcome, WhatIfError> {
    let plan = change::plan(design, before, change)?;
    let mut scratch = design.clone();
    if !plan.edits.is_empty() {
        scratch.apply_all("what-if", plan.edits.clone()).map_err(|e| WhatIfError::CannotApply(e.to_string()))?;
    }
    let after = critique(&scratch);
    let mut delta = delta::between(design, before, &after, &plan.failed_clients, &plan.failed_flows);
    if matches!(change, Change::Fail { .. }) {
        // What a failure cuts off is unreachable for a while, not an orphan
        // in the design: the finding would only be noise here.
        delta.introduced.retain(|f| f.rule != "orphan-component");
    }
    let edit = plan.real_edit;
    Ok(Outcome { change: plan.description, before: before.clone(), after, delta, edit })
}

#[cfg(test)]
mod tests;
