//! Facts a source cannot state, as the rules see them: the one info that
//! stands for the findings a rule held back, and whether a link's access
//! (read or write) is known.

use super::{Draft, NO_LINKS};
use crate::critic::report::Severity;
use crate::critic::snapshot::Snapshot;
use crate::critic::templates::Fact;
use crate::model::Unstated;

/// The one info that stands for every finding a rule held back because the
/// source could not state `fact` (contract: "facts a source cannot state").
pub(crate) fn not_stated<'d>(s: &Snapshot<'d>, out: &mut Vec<Draft<'d>>, fact: Unstated, held_back: Vec<usize>) {
    not_stated_behind(s, out, fact, held_back, Vec::new());
}

/// `not_stated` for held-back subjects with what is at stake for each
/// (`(subject, clause)`), said before what the source could not state.
pub(crate) fn not_stated_at_stake<'d>(
    s: &Snapshot<'d>,
    out: &mut Vec<Draft<'d>>,
    fact: Unstated,
    held_back: Vec<(usize, String)>,
) {
    push(s, out, fact, held_back.into_iter().map(|(i, stake)| (i, Some(stake))).collect(), Vec::new());
}

/// `not_stated`, naming for each held-back entry reached only through a
/// published proxy that proxy (`edges`: entry, then the public front): the
/// proxy is the public edge, and nothing shows the fact in front of it.
pub(crate) fn not_stated_behind<'d>(
    s: &Snapshot<'d>,
    out: &mut Vec<Draft<'d>>,
    fact: Unstated,
    held_back: Vec<usize>,
    edges: Vec<(usize, usize)>,
) {
    push(s, out, fact, held_back.into_iter().map(|i| (i, None)).collect(), edges);
}

/// The one info for `held_back` (each subject once, with its stake if any).
fn push<'d>(
    s: &Snapshot<'d>,
    out: &mut Vec<Draft<'d>>,
    fact: Unstated,
    mut held_back: Vec<(usize, Option<String>)>,
    mut edges: Vec<(usize, usize)>,
) {
    if held_back.is_empty() {
        return;
    }
    let mut seen = vec![false; s.len()];
    held_back.retain(|&(i, _)| !std::mem::replace(&mut seen[i], true));
    edges.retain(|&(e, _)| held_back.iter().any(|&(i, _)| i == e));
    edges.dedup();
    let (components, stakes): (Vec<usize>, Vec<Option<String>>) = held_back.into_iter().unzip();
    out.push(Draft {
        severity: Severity::Info,
        fact: Fact::NotStated {
            fact,
            subjects: components.iter().map(|&i| s.comps[i].id.as_str()).collect(),
            edges: edges.iter().map(|&(e, f)| (s.comps[f].id.as_str(), s.comps[e].id.as_str())).collect(),
            stakes: stakes.into_iter().flatten().collect(),
        },
        components,
        links: NO_LINKS,
        patterns: None,
    });
}

/// Whether link `j`'s access is unknown: the design's source could not
/// state access and the link does not either.
pub(crate) fn access_unknown(s: &Snapshot<'_>, j: usize) -> bool {
    s.links[j].access.is_none() && s.design.is_unstated(Unstated::Access)
}
