//! The findings the panel shows: the latest critique, the design revision
//! it describes, and which finding is selected. Only a critique of the
//! design as it is replaces the report, and the selection moves with it.

use archcrit_core::critic::{Finding, Report};

#[derive(Debug, Default)]
pub struct Findings {
    report: Option<Report>,
    /// The design revision `report` describes.
    revision: Option<u64>,
    selected: Option<usize>,
}

impl Findings {
    /// The latest report, perhaps of an older revision.
    pub fn report(&self) -> Option<&Report> {
        self.report.as_ref()
    }

    /// The report if it describes revision `now`.
    pub fn fresh(&self, now: u64) -> Option<&Report> {
        self.report.as_ref().filter(|_| self.revision == Some(now))
    }

    /// The selected finding's place in the report.
    pub fn selected_index(&self) -> Option<usize> {
        self.selected
    }

    pub fn selected(&self) -> Option<&Finding> {
        self.report.as_ref().and_then(|r| self.selected.and_then(|i| r.findings.get(i)))
    }

    /// Selects finding `index` (nothing when the report has no such finding).
    pub(crate) fn select(&mut self, index: Option<usize>) {
        let count = self.report.as_ref().map_or(0, |r| r.findings.len());
        self.selected = index.filter(|i| *i < count);
    }

    /// Forgets the report (a whole new design is in place).
    pub(crate) fn clear(&mut self) {
        *self = Findings::default();
    }

    /// A critique of `revision` arrived: it replaces the report, keeping
    /// the same finding selected when it survives, or the same place.
    pub(crate) fn arrived(&mut self, revision: u64, report: Report) {
        let keep = self.selected().map(|f| (f.rule, f.components.first().cloned()));
        self.selected = match keep {
            Some((rule, subject)) => report
                .findings
                .iter()
                .position(|f| f.rule == rule && f.components.first() == subject.as_ref())
                .or_else(|| self.selected.map(|i| i.min(report.findings.len().saturating_sub(1))))
                .filter(|_| !report.findings.is_empty()),
            None => None,
        };
        self.report = Some(report);
        self.revision = Some(revision);
    }
}
