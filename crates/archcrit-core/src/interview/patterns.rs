//! The hook through which an interview applies a catalogue pattern: the
//! critic finds where the pattern is called for, and its transformations
//! (`critic::patterns::transform`) build the edits. This is the only file
//! of the interview that reaches into the critic.

use std::collections::HashSet;

use crate::critic::{self, patterns::PatternError};
use crate::model::{ComponentId, Design, Edit};

/// Applies pattern `id` where the design's critique suggests it: the edit
/// to apply, `None` when nothing calls for it, or why it cannot be done.
pub type PatternFn = fn(&Design, &str) -> Result<Option<Edit>, String>;

/// A transformation can fix more than the finding it was given, so the
/// design is critiqued again after each one; this bounds the loop.
const MAX_APPLICATIONS: usize = 64;

/// The default pattern source: applies the pattern to every finding that
/// suggests it, one after the other, as one Batch.
pub fn critic_patterns(design: &Design, id: &str) -> Result<Option<Edit>, String> {
    let mut work = design.clone();
    let mut edits = Vec::new();
    let mut tried: HashSet<(&'static str, Vec<ComponentId>)> = HashSet::new();
    for _ in 0..MAX_APPLICATIONS {
        let report = critic::critique(&work);
        let Some(finding) = report
            .findings
            .iter()
            .find(|f| f.patterns.contains(&id) && !tried.contains(&(f.rule, f.components.clone())))
        else {
            break;
        };
        tried.insert((finding.rule, finding.components.clone()));
        match critic::patterns::transform(&work, id, finding) {
            Ok(edit) => {
                work.apply(edit.clone()).map_err(|e| e.to_string())?;
                edits.push(edit);
            }
            Err(PatternError::DoesNotApply { .. }) => continue,
            Err(e) => return Err(e.to_string()),
        }
    }
    Ok((!edits.is_empty()).then(|| Edit::Batch { label: format!("apply {id}"), edits }))
}

/// Whether scripts may name `id` in a `pattern:` effect.
pub fn is_transformable(id: &str) -> bool {
    critic::patterns::TRANSFORMABLE.contains(&id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::file::load_str;

    #[test]
    fn applies_a_pattern_wherever_the_critique_suggests_it() {
        let d = load_str(
            "archcrit: 1\nname: t\nrequirements: {peak_rps: 100, availability_slo: 99.95}\ncomponents:\n  \
             web: {kind: client}\n  gw: {kind: gateway, auth: jwt, rate_limit: 10}\n  a: {kind: service}\n  \
             db: {kind: database}\nlinks:\n  - {from: web, to: gw, protocol: https}\n  - {from: gw, to: a, protocol: grpc}\n  \
             - {from: a, to: db, protocol: sql}\n",
            "t",
        )
        .unwrap();
        let before = critic::critique(&d).findings.iter().filter(|f| f.rule == "single-point-of-failure").count();
        assert!(before >= 2, "the fixture needs several single points of failure");
        let edit = critic_patterns(&d, "redundancy").unwrap().expect("redundancy is called for");
        let mut after = d.clone();
        after.apply(edit).unwrap();
        let left = critic::critique(&after).findings.iter().filter(|f| f.rule == "single-point-of-failure").count();
        assert_eq!(left, 0);
        assert_eq!(critic_patterns(&after, "redundancy"), Ok(None), "nothing left to do");
        assert!(critic_patterns(&d, "no-such-pattern").is_ok_and(|e| e.is_none()), "no finding suggests it");
    }
}
