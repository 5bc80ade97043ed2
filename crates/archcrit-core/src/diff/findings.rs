//! Findings introduced, fixed and still present. Matched by what a finding
//! is about (rule, components, links), never by its message: messages carry
//! numbers that move with every change.

use std::collections::{HashMap, VecDeque};

use serde::Serialize;

use super::renamed;
use super::structure::Renames;
use crate::critic::{Finding, Severity};
use crate::model::{ComponentId, LinkKey};

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct FindingChanges {
    /// New-side findings with no match on the old side.
    pub introduced: Vec<Finding>,
    /// Old-side findings with no match on the new side (old ids).
    pub fixed: Vec<Finding>,
    pub still_present: Vec<StillPresent>,
}

/// A finding on both sides, as the new side words it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StillPresent {
    #[serde(flatten)]
    pub finding: Finding,
    pub old_severity: Severity,
}

impl FindingChanges {
    /// The findings on both sides at a severity no worse than before: the
    /// ones made worse are counted with the new findings, not here too.
    pub fn unchanged(&self) -> impl Iterator<Item = &StillPresent> + '_ {
        self.still_present.iter().filter(|s| !s.worsened())
    }
}

impl StillPresent {
    /// Whether the severity rose (warning -> error).
    pub fn worsened(&self) -> bool {
        self.finding.severity < self.old_severity
    }
}

/// What a finding is about: rule, components, links.
type ExactKey<'a> = (&'a str, Vec<ComponentId>, Vec<LinkKey>);

/// Two passes: first the exact subject (rule, every component, every link,
/// old ids renamed), then rule and first component, for a finding whose
/// other components moved (an overloaded service with a new caller is the
/// same problem). Within a key, findings pair up in report order.
pub fn compare(old: &[Finding], new: &[Finding], renames: &Renames) -> FindingChanges {
    let mut new_matched: Vec<Option<Severity>> = vec![None; new.len()];
    let mut old_matched = vec![false; old.len()];

    let mut exact: HashMap<ExactKey, VecDeque<usize>> = HashMap::new();
    for (i, f) in new.iter().enumerate() {
        exact.entry((f.rule, f.components.clone(), f.links.clone())).or_default().push_back(i);
    }
    for (j, f) in old.iter().enumerate() {
        let components = f.components.iter().map(|c| renamed(renames, c).clone()).collect();
        let links = f.links.iter().map(|l| rename_link(l, renames)).collect();
        if let Some(i) = exact.get_mut(&(f.rule, components, links)).and_then(VecDeque::pop_front) {
            new_matched[i] = Some(f.severity);
            old_matched[j] = true;
        }
    }

    let mut by_subject: HashMap<(&str, Option<&ComponentId>), VecDeque<usize>> = HashMap::new();
    for (i, f) in new.iter().enumerate().filter(|(i, _)| new_matched[*i].is_none()) {
        by_subject.entry((f.rule, f.subject())).or_default().push_back(i);
    }
    for (j, f) in old.iter().enumerate() {
        if old_matched[j] {
            continue;
        }
        let subject = f.subject().map(|s| renamed(renames, s));
        if let Some(i) = by_subject.get_mut(&(f.rule, subject)).and_then(VecDeque::pop_front) {
            new_matched[i] = Some(f.severity);
            old_matched[j] = true;
        }
    }

    let mut changes = FindingChanges::default();
    for (f, matched) in new.iter().zip(new_matched) {
        match matched {
            None => changes.introduced.push(f.clone()),
            Some(old_severity) => changes.still_present.push(StillPresent { finding: f.clone(), old_severity }),
        }
    }
    changes.fixed = old.iter().zip(old_matched).filter(|(_, m)| !m).map(|(f, _)| f.clone()).collect();
    changes
}

fn rename_link(link: &LinkKey, renames: &Renames) -> LinkKey {
    LinkKey {
        from: renamed(renames, &link.from).clone(),
        to: renamed(renames, &link.to).clone(),
        protocol: link.protocol.clone(),
    }
}
