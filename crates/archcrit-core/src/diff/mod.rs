//! What a change to a design does: components, links, zones, flows, requirements
//! and accepted findings added, removed or changed field by field; renames;
//! findings introduced, fixed and still present; and how the capacity
//! model's numbers move. Pure: two designs in, one `DesignDiff` out.
//!
//! `compare` critiques both sides itself, so callers cannot pair a report
//! with the wrong design.

mod findings;
mod metrics;
pub mod render;
mod structure;

use serde::Serialize;

use crate::critic::{self, Finding, Report, Severity};
use crate::model::{ComponentId, Design, LinkKey};

pub use findings::{FindingChanges, StillPresent};
pub use metrics::MetricDelta;
pub use structure::{AcceptedRef, ComponentChanges, Rename, Renames};

/// One field whose value differs; values as the file would show them,
/// `None` when the field is left out on that side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// Something present on both sides with different fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Changed<K> {
    pub subject: K,
    pub fields: Vec<FieldChange>,
}

/// Added, removed and changed items of one kind (links, zones).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section<K> {
    pub added: Vec<K>,
    pub removed: Vec<K>,
    pub changed: Vec<Changed<K>>,
}

impl<K> Default for Section<K> {
    fn default() -> Self {
        Section { added: Vec::new(), removed: Vec::new(), changed: Vec::new() }
    }
}

impl<K> Section<K> {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// A link as JSON shows it: `{from, to, protocol}` like the critic's report.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LinkRef(pub LinkKey);

impl Serialize for LinkRef {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let key = &self.0;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("from", &key.from)?;
        map.serialize_entry("to", &key.to)?;
        if let Some(p) = &key.protocol {
            map.serialize_entry("protocol", p)?;
        }
        map.end()
    }
}

impl std::fmt::Display for LinkRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// Everything a change does to a design. The JSON of `archcrit diff
/// --format json` is this struct.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DesignDiff {
    /// The design's name on each side.
    pub old_name: String,
    pub new_name: String,
    /// Top-level fields: name, description, `x-` fields.
    pub design: Vec<FieldChange>,
    pub requirements: Vec<FieldChange>,
    pub components: ComponentChanges,
    pub links: Section<LinkRef>,
    pub zones: Section<String>,
    /// Flows by id: added, removed, or changed field by field.
    pub flows: Section<String>,
    pub accepted: Section<AcceptedRef>,
    pub findings: FindingChanges,
    /// Only the numbers that moved; see `metrics.rs` for which are compared.
    pub metrics: Vec<MetricDelta>,
}

impl DesignDiff {
    /// Whether the two designs mean the same (findings and numbers follow).
    pub fn is_empty(&self) -> bool {
        self.design.is_empty()
            && self.requirements.is_empty()
            && self.components.is_empty()
            && self.links.is_empty()
            && self.zones.is_empty()
            && self.flows.is_empty()
            && self.accepted.is_empty()
    }

    /// The findings a gate on this change judges: the introduced ones and
    /// the still-present ones whose severity rose (a warning that became an
    /// error is an error this change introduced), at their new severity.
    pub fn new_findings(&self) -> impl Iterator<Item = &Finding> + '_ {
        self.findings
            .introduced
            .iter()
            .chain(self.findings.still_present.iter().filter(|s| s.worsened()).map(|s| &s.finding))
    }

    /// The worst severity among `new_findings`.
    pub fn worst_new(&self) -> Option<Severity> {
        self.new_findings().map(|f| f.severity).min()
    }
}

/// Compares two designs, critiquing each.
pub fn compare(old: &Design, new: &Design) -> DesignDiff {
    let old_report = critic::critique(old);
    let new_report = critic::critique(new);
    compare_with(old, new, &old_report, &new_report)
}

/// Compares two designs whose reports the caller already has (each report
/// must be the critique of its design).
pub fn compare_with(old: &Design, new: &Design, old_report: &Report, new_report: &Report) -> DesignDiff {
    let renames = structure::find_renames(old, new);
    DesignDiff {
        old_name: old.name().to_string(),
        new_name: new.name().to_string(),
        design: structure::design_fields(old, new),
        requirements: structure::requirements(old.requirements(), new.requirements()),
        components: structure::components(old, new, &renames),
        links: structure::links(old, new, &renames),
        zones: structure::zones(old.zones(), new.zones()),
        flows: structure::flows(old, new, &renames),
        accepted: structure::accepted(old, new, &renames),
        findings: findings::compare(&old_report.findings, &new_report.findings, &renames),
        metrics: metrics::compare(&old_report.metrics, &new_report.metrics, &renames),
    }
}

/// The new name of an old component id (itself unless it was renamed).
fn renamed<'a>(renames: &'a Renames, id: &'a ComponentId) -> &'a ComponentId {
    renames.get(id).unwrap_or(id)
}

#[cfg(test)]
mod tests;
