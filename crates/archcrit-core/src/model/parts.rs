//! The smaller parts of a design: requirements, zones, accepted findings
//! and interview transcript entries.

use super::Extra;
use super::field::{FieldType, FieldValue, Range};
use super::id::ComponentId;
use super::words::Consistency;

/// What the system must achieve; the critic's thresholds come from here.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Requirements {
    pub peak_rps: Option<f64>,
    pub read_write_ratio: Option<f64>,
    pub availability_slo: Option<f64>,
    pub latency_budget_ms: Option<f64>,
    /// The 99th-percentile budget of a request (capacity model v2, section 5).
    pub p99_budget_ms: Option<f64>,
    pub consistency: Option<Consistency>,
    pub data: Vec<String>,
    pub extra: Extra,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RequirementField {
    PeakRps,
    ReadWriteRatio,
    AvailabilitySlo,
    LatencyBudgetMs,
    P99BudgetMs,
    Consistency,
    Data,
}

impl RequirementField {
    pub const ALL: [RequirementField; 7] = [
        RequirementField::PeakRps,
        RequirementField::ReadWriteRatio,
        RequirementField::AvailabilitySlo,
        RequirementField::LatencyBudgetMs,
        RequirementField::P99BudgetMs,
        RequirementField::Consistency,
        RequirementField::Data,
    ];

    pub const NAMES: [&'static str; 7] = [
        "peak_rps",
        "read_write_ratio",
        "availability_slo",
        "latency_budget_ms",
        "p99_budget_ms",
        "consistency",
        "data",
    ];

    pub fn as_str(self) -> &'static str {
        let i = RequirementField::ALL.iter().position(|f| *f == self).unwrap_or(0);
        RequirementField::NAMES[i]
    }

    pub fn parse(name: &str) -> Result<Self, super::component::UnknownField> {
        RequirementField::NAMES.iter().position(|n| *n == name).map(|i| RequirementField::ALL[i]).ok_or_else(|| {
            super::component::UnknownField { name: name.to_string(), known: RequirementField::NAMES.to_vec() }
        })
    }

    pub fn field_type(self) -> FieldType {
        match self {
            RequirementField::PeakRps | RequirementField::ReadWriteRatio => FieldType::Number(Range::NonNegative),
            RequirementField::AvailabilitySlo => FieldType::Number(Range::Percent),
            RequirementField::LatencyBudgetMs | RequirementField::P99BudgetMs => FieldType::Number(Range::Positive),
            RequirementField::Consistency => FieldType::Consistency,
            RequirementField::Data => FieldType::List,
        }
    }
}

impl Requirements {
    pub fn get(&self, field: RequirementField) -> Option<FieldValue> {
        match field {
            RequirementField::PeakRps => self.peak_rps.map(FieldValue::Number),
            RequirementField::ReadWriteRatio => self.read_write_ratio.map(FieldValue::Number),
            RequirementField::AvailabilitySlo => self.availability_slo.map(FieldValue::Number),
            RequirementField::LatencyBudgetMs => self.latency_budget_ms.map(FieldValue::Number),
            RequirementField::P99BudgetMs => self.p99_budget_ms.map(FieldValue::Number),
            RequirementField::Consistency => self.consistency.map(FieldValue::Consistency),
            RequirementField::Data => (!self.data.is_empty()).then(|| FieldValue::List(self.data.clone())),
        }
    }

    pub fn set(
        &mut self,
        field: RequirementField,
        value: Option<FieldValue>,
    ) -> Result<Option<FieldValue>, super::field::SetError> {
        let value = match value {
            Some(v) => {
                field
                    .field_type()
                    .check(&v)
                    .map_err(|source| super::field::SetError::Value { field: field.as_str(), source })?;
                Some(field.field_type().normalise(v))
            }
            None => None,
        };
        let old = self.get(field);
        let number = |v: &Option<FieldValue>| match v {
            Some(FieldValue::Number(n)) => Some(*n),
            _ => None,
        };
        match field {
            RequirementField::PeakRps => self.peak_rps = number(&value),
            RequirementField::ReadWriteRatio => self.read_write_ratio = number(&value),
            RequirementField::AvailabilitySlo => self.availability_slo = number(&value),
            RequirementField::LatencyBudgetMs => self.latency_budget_ms = number(&value),
            RequirementField::P99BudgetMs => self.p99_budget_ms = number(&value),
            RequirementField::Consistency => {
                self.consistency = match value {
                    Some(FieldValue::Consistency(c)) => Some(c),
                    _ => None,
                }
            }
            RequirementField::Data => {
                self.data = match value {
                    Some(FieldValue::List(items)) => items,
                    _ => Vec::new(),
                }
            }
        }
        Ok(old)
    }

    /// Whether the design handles personal or payment data.
    pub fn handles_sensitive_data(&self) -> bool {
        self.data.iter().any(|d| {
            let d = d.to_ascii_lowercase();
            d == "pii" || d == "payments"
        })
    }
}

/// A trust boundary or group, drawn as a frame / subgraph.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Zone {
    /// `trusted`, `untrusted`, or the team's own word.
    pub trust: Option<String>,
    pub label: Option<String>,
    pub extra: Extra,
}

/// A finding the team has looked at and accepted, with the reason.
#[derive(Debug, Clone, PartialEq)]
pub struct Acceptance {
    pub rule: String,
    /// The finding's subject; absent for design-level findings.
    pub component: Option<ComponentId>,
    pub reason: String,
    pub extra: Extra,
}

/// One answered question of a guided interview, kept in the design so the
/// reasoning travels with it.
#[derive(Debug, Clone, PartialEq)]
pub struct TranscriptEntry {
    /// The interview script's id.
    pub script: String,
    /// The question's id in the script.
    pub question: String,
    /// The words the persona asked.
    pub ask: String,
    /// The answer as given (`skipped` questions are recorded with an empty answer).
    pub answer: String,
    /// When it was answered (RFC 3339, UTC).
    pub time: String,
    /// What the answer changed, in words ("set requirements.peak_rps = 1200").
    pub effects: Vec<String>,
    pub extra: Extra,
}
