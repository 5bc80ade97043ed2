//! The hook through which an interview applies a catalogue pattern. The
//! transformations belong to the critic (`critic::patterns::transform`);
//! this file is the one place the interview reaches for them, so wiring
//! them in is a change here only.

use crate::domain::model::{Design, Edit};

/// Applies pattern `id` where the design's critique suggests it: the edit
/// to apply, `None` when nothing calls for it, or why it cannot be done.
pub type PatternFn = fn(&Design, &str) -> Result<Option<Edit>, String>;

/// The default pattern source.
// TODO(critic merge): run `critic::critique(design)`, take the findings
// whose `patterns` name `id`, and return `critic::patterns::transform(...)`
// for them as one Batch. Until the critic branch lands there is nothing
// to call, and the effect is reported as not applied.
pub fn critic_patterns(_design: &Design, id: &str) -> Result<Option<Edit>, String> {
    Err(format!("this build has no transformation for `{id}` yet"))
}
