//! One span as the readers hand it to the aggregator: compact, with names
//! already interned, so an open trace costs a few dozen bytes a span.
//! Non-hex trace ids are hashed with a hand-written 128-bit FNV-1a, not a
//! crate's hasher: a trace id is 128 bits and must not collide across the
//! traces of a file, and the value must stay the same across versions and
//! platforms (`rustc-hash` gives 64 bits and promises no stable output).

/// What a span is in its trace (OpenTelemetry's span kinds; Jaeger's
/// `span.kind` tag).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanKind {
    Internal,
    Server,
    Client,
    Producer,
    Consumer,
}

impl SpanKind {
    /// OTLP's numbers (1 internal ... 5 consumer) and names
    /// (`SPAN_KIND_SERVER`), Jaeger's words (`server`); anything else is
    /// internal, as OpenTelemetry says of unspecified.
    pub fn parse(text: &str) -> SpanKind {
        let t = text.trim().to_ascii_lowercase();
        let t = t.strip_prefix("span_kind_").unwrap_or(&t);
        match t {
            "2" | "server" => SpanKind::Server,
            "3" | "client" => SpanKind::Client,
            "4" | "producer" => SpanKind::Producer,
            "5" | "consumer" => SpanKind::Consumer,
            _ => SpanKind::Internal,
        }
    }

    /// A call leaving the service: its time is not the service's own.
    pub fn is_exit(self) -> bool {
        matches!(self, SpanKind::Client | SpanKind::Producer)
    }
}

/// Who a client or producer span talks to when no span of the callee
/// answers it: `peer.service`, a database (`db.system`, `db.name`), a
/// message destination (`messaging.destination.name`), or a host.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Peer {
    Service(String),
    Database { system: String, name: Option<String> },
    Messaging { system: Option<String>, destination: String },
    Host(String),
}

/// A node of the observed graph: a service that reports spans, or a peer
/// only seen from its callers' side.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Node {
    Service(String),
    Peer(Peer),
}

impl Node {
    /// The name the mapping matches: the service name, the peer service,
    /// the database's name (else its system), the destination, the host.
    pub fn name(&self) -> &str {
        match self {
            Node::Service(s) => s,
            Node::Peer(Peer::Service(s) | Peer::Host(s)) => s,
            Node::Peer(Peer::Database { system, name }) => name.as_deref().unwrap_or(system),
            Node::Peer(Peer::Messaging { destination, .. }) => destination,
        }
    }

    /// The technology it names, for the catalogue (`postgresql`, `kafka`).
    pub fn technology(&self) -> Option<&str> {
        match self {
            Node::Peer(Peer::Database { system, .. }) => Some(system),
            Node::Peer(Peer::Messaging { system, .. }) => system.as_deref(),
            _ => None,
        }
    }
}

/// One span, interned: `service` and `peer` index the aggregator's nodes,
/// `name` its operation names.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Span {
    pub id: u64,
    /// `None` for a root span.
    pub parent: Option<u64>,
    pub service: u32,
    pub name: u32,
    pub kind: SpanKind,
    /// Nanoseconds since the epoch, in the reporting service's own clock.
    pub start: u64,
    /// Nanoseconds; never negative (an end before the start counts as 0).
    pub duration: u64,
    pub error: bool,
    pub peer: Option<u32>,
}

/// A span as a reader builds it, before interning.
#[derive(Debug, Clone, Default)]
pub struct RawSpan {
    pub trace: u128,
    pub id: u64,
    pub parent: Option<u64>,
    pub service: String,
    pub name: String,
    pub kind: Option<SpanKind>,
    pub start: u64,
    pub end: u64,
    pub error: bool,
    pub peer: Option<Peer>,
}

/// Hex ids (`5b8efff798038103d269b633813fc60c`) as numbers; anything else
/// (base64 from older exporters, odd test data) by a stable hash.
pub fn id_of(text: &str) -> u128 {
    let t = text.trim();
    if !t.is_empty() && t.len() <= 32 && t.bytes().all(|b| b.is_ascii_hexdigit()) {
        return u128::from_str_radix(t, 16).unwrap_or(0);
    }
    // FNV-1a, 128 bits.
    let mut h: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    for b in t.bytes() {
        h ^= u128::from(b);
        h = h.wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013B);
    }
    h
}

/// The peer a span's attributes name, most specific first.
pub fn peer_of(attr: &dyn Fn(&str) -> Option<String>) -> Option<Peer> {
    if let Some(d) = attr("messaging.destination.name").or_else(|| attr("messaging.destination")) {
        return Some(Peer::Messaging { system: attr("messaging.system"), destination: d });
    }
    if let Some(s) = attr("peer.service") {
        return Some(Peer::Service(s));
    }
    if let Some(system) = attr("db.system.name").or_else(|| attr("db.system")) {
        return Some(Peer::Database { system, name: attr("db.namespace").or_else(|| attr("db.name")) });
    }
    attr("server.address").or_else(|| attr("net.peer.name")).map(Peer::Host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_read_every_spelling() {
        assert_eq!(SpanKind::parse("SPAN_KIND_SERVER"), SpanKind::Server);
        assert_eq!(SpanKind::parse("3"), SpanKind::Client);
        assert_eq!(SpanKind::parse("producer"), SpanKind::Producer);
        assert_eq!(SpanKind::parse("whatever"), SpanKind::Internal);
    }

    #[test]
    fn ids_are_hex_or_hashed() {
        assert_eq!(id_of("00f0"), 0xf0);
        assert_ne!(id_of("not hex!"), id_of("not hex?"));
    }
}
