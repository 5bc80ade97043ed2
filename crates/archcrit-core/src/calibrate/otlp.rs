//! OTLP/JSON, as the OpenTelemetry collector's file exporter writes it:
//! `ExportTraceServiceRequest`s (`{"resourceSpans": [...]}`), one per line
//! or one per file. Read as a stream with serde seeds: each span goes to
//! the aggregator as soon as it is parsed, so a file of any size is read
//! in the memory of one span (plus the open traces).

use std::fmt;
use std::io::Read;

use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::aggregate::Aggregator;
use super::span::{RawSpan, SpanKind, id_of, peer_of};
use super::stream::{Each, Element};

impl<'de> Element<'de> for Aggregator {
    fn next<A: SeqAccess<'de>>(&mut self, seq: &mut A) -> Result<bool, A::Error> {
        Ok(seq.next_element_seed(ResourceSpans { agg: self, service: None, pending: Vec::new() })?.is_some())
    }
}

impl<'de> Element<'de> for ResourceSpans<'_> {
    fn next<A: SeqAccess<'de>>(&mut self, seq: &mut A) -> Result<bool, A::Error> {
        Ok(seq.next_element_seed(Scope { owner: self })?.is_some())
    }
}

/// The `spans` list of one scope.
struct SpansOf<'a, 'b>(&'a mut ResourceSpans<'b>);

impl<'de> Element<'de> for SpansOf<'_, '_> {
    fn next<A: SeqAccess<'de>>(&mut self, seq: &mut A) -> Result<bool, A::Error> {
        Ok(seq.next_element_seed(OneSpan { owner: &mut *self.0 })?.is_some())
    }
}

/// Reads every request in `reader` into `agg`; errors carry serde_json's
/// line and column (`TraceError` adds the file).
pub fn read(reader: impl Read, agg: &mut Aggregator) -> Result<(), serde_json::Error> {
    let mut de = serde_json::Deserializer::from_reader(reader);
    loop {
        if de.end().is_ok() {
            return Ok(());
        }
        RequestSeed { agg: &mut *agg }.deserialize(&mut de)?;
    }
}

struct RequestSeed<'a> {
    agg: &'a mut Aggregator,
}

impl<'de> DeserializeSeed<'de> for RequestSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RequestSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an ExportTraceServiceRequest object ({\"resourceSpans\": [...]})")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == "resourceSpans" || key == "resource_spans" {
                map.next_value_seed(Each(&mut *self.agg))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

/// One `resourceSpans` entry: the resource names the service; spans read
/// before it (an unusual key order) wait for it.
struct ResourceSpans<'a> {
    agg: &'a mut Aggregator,
    service: Option<String>,
    pending: Vec<RawSpan>,
}

impl<'de> DeserializeSeed<'de> for ResourceSpans<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

#[derive(Deserialize)]
struct Resource {
    #[serde(default)]
    attributes: Vec<KeyValue>,
}

#[derive(Deserialize)]
struct KeyValue {
    key: String,
    #[serde(default)]
    value: Value,
}

impl<'de> Visitor<'de> for ResourceSpans<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a resourceSpans object")
    }
    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "resource" => {
                    let r: Resource = map.next_value()?;
                    let name = r.attributes.iter().find(|kv| kv.key == "service.name").and_then(|kv| text(&kv.value));
                    self.service = Some(name.unwrap_or_else(|| "unknown_service".to_string()));
                }
                "scopeSpans" | "scope_spans" | "instrumentationLibrarySpans" => {
                    map.next_value_seed(Each(&mut self))?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let service = self.service.unwrap_or_else(|| "unknown_service".to_string());
        for mut span in self.pending.drain(..) {
            span.service.clone_from(&service);
            self.agg.push(span);
        }
        Ok(())
    }
}

struct Scope<'a, 'b> {
    owner: &'a mut ResourceSpans<'b>,
}

impl<'de> DeserializeSeed<'de> for Scope<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Scope<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a scopeSpans object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == "spans" {
                map.next_value_seed(Each(&mut SpansOf(&mut *self.owner)))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

struct OneSpan<'a, 'b> {
    owner: &'a mut ResourceSpans<'b>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OtlpSpan {
    #[serde(alias = "trace_id")]
    trace_id: String,
    #[serde(alias = "span_id")]
    span_id: String,
    #[serde(default, alias = "parent_span_id")]
    parent_span_id: Option<String>,
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: Value,
    #[serde(alias = "start_time_unix_nano")]
    start_time_unix_nano: Value,
    #[serde(alias = "end_time_unix_nano")]
    end_time_unix_nano: Value,
    #[serde(default)]
    attributes: Vec<KeyValue>,
    #[serde(default)]
    status: Option<Status>,
}

#[derive(Deserialize)]
struct Status {
    #[serde(default)]
    code: Value,
}

impl<'de> DeserializeSeed<'de> for OneSpan<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        use serde::de::Error;
        let s = OtlpSpan::deserialize(d)?;
        if s.trace_id.trim().is_empty() || s.span_id.trim().is_empty() {
            return Err(D::Error::custom("a span needs a traceId and a spanId"));
        }
        let start = nanos(&s.start_time_unix_nano)
            .ok_or_else(|| D::Error::custom("startTimeUnixNano: expected nanoseconds, as a number or a string"))?;
        let end = nanos(&s.end_time_unix_nano)
            .ok_or_else(|| D::Error::custom("endTimeUnixNano: expected nanoseconds, as a number or a string"))?;
        let attr = |k: &str| s.attributes.iter().find(|kv| kv.key == k).and_then(|kv| text(&kv.value));
        let error = s.status.as_ref().and_then(|st| text(&st.code)).is_some_and(|c| {
            let c = c.to_ascii_uppercase();
            c == "2" || c == "STATUS_CODE_ERROR" || c == "ERROR"
        });
        let raw = RawSpan {
            trace: id_of(&s.trace_id),
            id: id_of(&s.span_id) as u64,
            parent: s.parent_span_id.as_deref().filter(|p| !p.trim().is_empty()).map(|p| id_of(p) as u64),
            service: self.owner.service.clone().unwrap_or_default(),
            kind: text(&s.kind).map(|k| SpanKind::parse(&k)),
            peer: peer_of(&attr),
            name: s.name,
            start,
            end,
            error,
        };
        if self.owner.service.is_some() {
            self.owner.agg.push(raw);
        } else {
            self.owner.pending.push(raw);
        }
        Ok(())
    }
}

/// An OTLP/JSON `AnyValue` (`{"stringValue": "x"}`, `{"intValue": "3"}`)
/// or a plain JSON scalar, as text.
pub(crate) fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Object(o) => o.values().next().and_then(text),
        _ => None,
    }
}

fn nanos(v: &Value) -> Option<u64> {
    match v {
        Value::String(s) => s.trim().parse().ok(),
        Value::Number(n) => n.as_u64().or_else(|| n.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64)),
        _ => None,
    }
}
