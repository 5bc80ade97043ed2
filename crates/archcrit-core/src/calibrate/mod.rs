//! Calibration (`archcrit calibrate`, `:calibrate`): OpenTelemetry traces
//! (OTLP/JSON, Jaeger JSON) streamed into per-service numbers, compared
//! with what the design says, and applied as one edit. Reading is from any
//! `std::io::Read` the caller opens: the core opens no file.
//!
//! span.rs the span the readers produce; otlp.rs and jaeger.rs the
//! readers; aggregate.rs the bounded streaming join; sketch.rs the p99
//! sketch; own_time.rs a request's own time; observed.rs the result; mapping.rs service names to ids;
//! availability.rs when errors measure availability; drift.rs the report; apply.rs the edit.

mod aggregate;
mod apply;
mod availability;
mod drift;
mod jaeger;
mod mapping;
mod observed;
mod otlp;
mod own_time;
mod sketch;
mod span;
mod stream;

use std::io::{BufRead, Read};

pub use aggregate::{Aggregator, MAX_NAMES, MAX_OPEN_TRACES, MAX_SPANS_PER_TRACE};
pub use apply::{Plan, PlannedFlow};
pub use availability::{MIN_FAILURES, Verdict, judge};
pub use drift::{Drift, Row};
pub use jaeger::MAX_JAEGER_TRACE_SPANS;
pub use mapping::{How, Mapping, MappingError, normalise, parse_option};
pub use observed::{Observed, ObservedEdge, ObservedEntry, ObservedNode};
pub use sketch::Sketch;
pub use span::{Node, Peer, RawSpan, SpanKind};

use crate::exchange::ImportError;
use crate::model::Design;

/// The two trace formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Otlp,
    Jaeger,
}

/// Tells the format from the first bytes: `resourceSpans` is OTLP, `data`
/// is Jaeger.
pub fn detect(head: &[u8]) -> Option<Format> {
    let text = String::from_utf8_lossy(head);
    let otlp = ["\"resourceSpans\"", "\"resource_spans\""].iter().filter_map(|k| text.find(k)).min();
    let jaeger = text.find("\"data\"");
    match (otlp, jaeger) {
        (Some(o), Some(j)) => Some(if o < j { Format::Otlp } else { Format::Jaeger }),
        (Some(_), None) => Some(Format::Otlp),
        (None, Some(_)) => Some(Format::Jaeger),
        (None, None) => None,
    }
}

/// Reads one trace file into `agg`, telling its format from its start.
/// Errors name the file, the line and the column.
pub fn read_traces(mut reader: impl BufRead, origin: &str, agg: &mut Aggregator) -> Result<Format, ImportError> {
    let head = reader.fill_buf().map_err(|e| err(origin, 0, 0, format!("cannot read: {e}")))?.to_vec();
    if head.iter().all(u8::is_ascii_whitespace) {
        return Ok(Format::Otlp);
    }
    let format = detect(&head).ok_or_else(|| {
        err(
            origin,
            1,
            0,
            "neither OTLP/JSON (`{\"resourceSpans\": ...}`) nor a Jaeger export (`{\"data\": [...]}`)".to_string(),
        )
    })?;
    read_as(format, reader, origin, agg)?;
    Ok(format)
}

/// Reads one trace file of a known format into `agg`.
pub fn read_as(format: Format, reader: impl Read, origin: &str, agg: &mut Aggregator) -> Result<(), ImportError> {
    let result = match format {
        Format::Otlp => otlp::read(reader, agg),
        Format::Jaeger => jaeger::read(reader, agg),
    };
    result.map_err(|e| {
        let what = if format == Format::Otlp { "OTLP/JSON" } else { "Jaeger JSON" };
        let mut message = e.to_string();
        if let Some(i) = message.find(" at line ") {
            message.truncate(i);
        }
        err(origin, e.line(), e.column(), format!("{what}: {message}"))
    })
}

fn err(origin: &str, line: usize, column: usize, message: String) -> ImportError {
    ImportError { origin: origin.to_string(), line: line.max(1), column, message }
}

/// How to calibrate.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// `--map svc=id`.
    pub map: Vec<(String, String)>,
    /// `--add`: unmapped services become components, unlinked calls links.
    pub add: bool,
    /// `--sampling`: the share of requests that were traced (1: all);
    /// rates are divided by it when the traces are read.
    pub sampling: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options { map: Vec::new(), add: false, sampling: 1.0 }
    }
}

/// `--sampling`'s value: the traced share, more than 0 and at most 1.
pub fn check_sampling(sampling: f64) -> Result<f64, SamplingError> {
    if sampling > 0.0 && sampling <= 1.0 { Ok(sampling) } else { Err(SamplingError(sampling)) }
}

/// A `--sampling` share outside (0, 1].
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
#[error("--sampling {0}: give the traced share, more than 0 and at most 1 (0.1 for 10%)")]
pub struct SamplingError(pub f64);

/// Everything a calibration found: the numbers, the mapping, the drift
/// report and the edit that applies them.
#[derive(Debug, Clone, PartialEq)]
pub struct Calibration {
    pub observed: Observed,
    pub mapping: Mapping,
    pub drift: Drift,
    pub plan: Plan,
}

/// Compares the traces' numbers with the design and plans the edit.
pub fn calibrate(design: &Design, observed: Observed, options: &Options) -> Result<Calibration, MappingError> {
    let mapping = mapping::map(design, &observed, &options.map)?;
    let plan = apply::plan(design, &observed, &mapping, options.add);
    let drift = drift::drift(design, &observed, &mapping, &plan);
    Ok(Calibration { observed, mapping, drift, plan })
}
