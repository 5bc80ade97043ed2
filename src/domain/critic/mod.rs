//! The critic: rules over a design and its capacity model, producing a
//! `Report` of findings with the numbers behind them.

pub mod report;

pub use report::{AcceptedFinding, ComponentMetrics, Finding, Metrics, Report, RequestMetrics, Severity};
