//! Jaeger's JSON export (`{"data": [{"traceID", "spans", "processes"}]}`,
//! what the UI's "Download JSON" and the query API return). Read as a
//! stream, one trace at a time: a trace's spans wait for its `processes`
//! (which name the services and come after them), then go to the
//! aggregator, and the trace is closed.

use std::collections::HashMap;
use std::fmt;
use std::io::Read;

use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer, Error, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::aggregate::{Aggregator, MAX_SPANS_PER_TRACE};
use super::otlp::text;
use super::span::{RawSpan, SpanKind, id_of, peer_of};
use super::stream::{Each, Element};

/// Most spans one trace of a Jaeger file may hold: past it the file is
/// refused at that span (it is held whole until its processes are read).
pub const MAX_JAEGER_TRACE_SPANS: usize = 10 * MAX_SPANS_PER_TRACE;

pub fn read(reader: impl Read, agg: &mut Aggregator) -> Result<(), serde_json::Error> {
    let mut de = serde_json::Deserializer::from_reader(reader);
    loop {
        if de.end().is_ok() {
            return Ok(());
        }
        Top { agg: &mut *agg }.deserialize(&mut de)?;
    }
}

struct Top<'a> {
    agg: &'a mut Aggregator,
}

impl<'de> DeserializeSeed<'de> for Top<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Top<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a Jaeger export object ({\"data\": [...]})")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == "data" {
                map.next_value_seed(Each(&mut Traces(&mut *self.agg)))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

struct Traces<'a>(&'a mut Aggregator);

impl<'de> Element<'de> for Traces<'_> {
    fn next<A: SeqAccess<'de>>(&mut self, seq: &mut A) -> Result<bool, A::Error> {
        Ok(seq.next_element_seed(Trace { agg: &mut *self.0 })?.is_some())
    }
}

struct Trace<'a> {
    agg: &'a mut Aggregator,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct JaegerSpan {
    #[serde(rename = "traceID")]
    trace_id: String,
    #[serde(rename = "spanID")]
    span_id: String,
    #[serde(default, rename = "parentSpanID")]
    parent_span_id: Option<String>,
    #[serde(default)]
    operation_name: String,
    #[serde(default)]
    references: Vec<Reference>,
    start_time: u64,
    duration: Value,
    #[serde(default)]
    tags: Vec<Tag>,
    #[serde(default, rename = "processID")]
    process_id: Option<String>,
    #[serde(default)]
    process: Option<Process>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Reference {
    #[serde(default)]
    ref_type: String,
    #[serde(rename = "spanID")]
    span_id: String,
}

#[derive(Deserialize)]
struct Tag {
    key: String,
    #[serde(default)]
    value: Value,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Process {
    service_name: String,
}

struct SpanList<'a>(&'a mut Vec<JaegerSpan>);

impl<'de> Element<'de> for SpanList<'_> {
    fn next<A: SeqAccess<'de>>(&mut self, seq: &mut A) -> Result<bool, A::Error> {
        if self.0.len() >= MAX_JAEGER_TRACE_SPANS {
            return Err(A::Error::custom(format!(
                "a trace with more than {MAX_JAEGER_TRACE_SPANS} spans: split the export"
            )));
        }
        match seq.next_element::<JaegerSpan>()? {
            Some(s) => {
                self.0.push(s);
                Ok(true)
            }
            None => Ok(false),
        }
    }
}

impl<'de> DeserializeSeed<'de> for Trace<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Trace<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a trace object ({\"traceID\", \"spans\", \"processes\"})")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut spans: Vec<JaegerSpan> = Vec::new();
        let mut processes: HashMap<String, Process> = HashMap::new();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "spans" => map.next_value_seed(Each(&mut SpanList(&mut spans)))?,
                "processes" => processes = map.next_value()?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let mut traces: Vec<u128> = Vec::new();
        for s in spans {
            if s.trace_id.trim().is_empty() || s.span_id.trim().is_empty() {
                return Err(A::Error::custom("a span needs a traceID and a spanID"));
            }
            let service = match (&s.process, s.process_id.as_ref().and_then(|p| processes.get(p))) {
                (Some(p), _) | (None, Some(p)) => p.service_name.clone(),
                (None, None) => {
                    return Err(A::Error::custom(format!(
                        "span {} names processID {:?}, which `processes` does not list",
                        s.span_id,
                        s.process_id.unwrap_or_default()
                    )));
                }
            };
            let attr = |k: &str| s.tags.iter().find(|t| t.key == k).and_then(|t| text(&t.value));
            let follows = s.references.iter().find(|r| r.ref_type.eq_ignore_ascii_case("FOLLOWS_FROM"));
            let child_of = s.references.iter().find(|r| r.ref_type.eq_ignore_ascii_case("CHILD_OF"));
            let parent = child_of.or(follows).map(|r| r.span_id.as_str()).or(s.parent_span_id.as_deref());
            let kind = match attr("span.kind") {
                Some(k) => Some(SpanKind::parse(&k)),
                None if child_of.is_none() && follows.is_some() => Some(SpanKind::Consumer),
                None => None,
            };
            let error = attr("error").is_some_and(|e| e.eq_ignore_ascii_case("true"))
                || attr("otel.status_code").is_some_and(|c| c.eq_ignore_ascii_case("error"));
            let duration_us = match &s.duration {
                Value::Number(n) => n.as_f64().unwrap_or(0.0).max(0.0),
                _ => return Err(A::Error::custom(format!("span {}: duration must be microseconds", s.span_id))),
            };
            let start = s.start_time.saturating_mul(1000);
            let trace = id_of(&s.trace_id);
            if !traces.contains(&trace) {
                traces.push(trace);
            }
            let raw = RawSpan {
                trace,
                id: id_of(&s.span_id) as u64,
                parent: parent.filter(|p| !p.trim().is_empty()).map(|p| id_of(p) as u64),
                service,
                kind,
                peer: peer_of(&attr),
                name: s.operation_name.clone(),
                start,
                end: start.saturating_add((duration_us * 1000.0) as u64),
                error,
            };
            self.agg.push(raw);
        }
        for t in traces {
            self.agg.close(t);
        }
        Ok(())
    }
}
