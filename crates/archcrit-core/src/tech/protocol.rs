//! The protocol a new link most likely speaks, for the workshop to offer
//! when someone draws one: what the target's technology serves (PostgreSQL:
//! sql, Redis: redis), else what its kind usually speaks, with `https`
//! wherever a request comes in from a client, an edge or the outside.

use crate::exchange::compose::protocol_for_kind;
use crate::model::{Component, Kind};

/// The protocol a link from `from` to `to` most likely speaks, if one is
/// likely at all (nothing links into a client).
pub fn likely_protocol(from: &Component, to: &Component) -> Option<String> {
    if to.kind == Kind::Client {
        return None;
    }
    // A consumer speaks its queue's or stream's protocol.
    if from.kind.is_messaging() {
        return likely_protocol_of(from);
    }
    likely_protocol_of(to).map(|p| if p == "http" && outside(from.kind) { "https".to_string() } else { p })
}

/// What `c` serves: its technology's protocol, else its kind's usual one.
fn likely_protocol_of(c: &Component) -> Option<String> {
    if let Some(t) = super::of(c).filter(|t| !t.protocol.is_empty()) {
        return Some(t.protocol.clone());
    }
    let tech = c.tech.as_deref().unwrap_or_default().to_lowercase();
    match c.kind {
        Kind::Client => None,
        // Telemetry goes out over OpenTelemetry's protocol nowadays.
        Kind::Monitoring => Some("otlp".into()),
        _ => protocol_for_kind(c.kind, &tech).or_else(|| Some("https".into())),
    }
}

/// Requests from these cross a trust boundary more often than not.
fn outside(kind: Kind) -> bool {
    matches!(kind, Kind::Client | Kind::External | Kind::Cdn | Kind::LoadBalancer | Kind::Gateway)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ComponentId;

    fn c(id: &str, kind: Kind, tech: Option<&str>) -> Component {
        let mut c = Component::new(ComponentId::new(id).unwrap(), kind);
        c.tech = tech.map(str::to_string);
        c
    }

    #[test]
    fn the_target_decides_and_the_outside_gets_https() {
        let web = c("web", Kind::Client, None);
        let gw = c("gw", Kind::Gateway, None);
        let api = c("api", Kind::Service, None);
        let pg = c("db", Kind::Database, Some("postgres"));
        let mongo = c("docs", Kind::Database, Some("MongoDB"));
        let cache = c("cache", Kind::Cache, None);
        let events = c("events", Kind::Stream, Some("kafka"));
        let jobs = c("jobs", Kind::Queue, None);
        let mailer = c("mailer", Kind::Worker, None);
        let metrics = c("metrics", Kind::Monitoring, None);
        let p = |a: &Component, b: &Component| likely_protocol(a, b);
        assert_eq!(p(&web, &gw).as_deref(), Some("https"));
        assert_eq!(p(&gw, &api).as_deref(), Some("https"));
        assert_eq!(p(&api, &pg).as_deref(), Some("sql"));
        assert_eq!(p(&api, &mongo).as_deref(), Some("mongodb"));
        assert_eq!(p(&api, &cache).as_deref(), Some("redis"));
        assert_eq!(p(&api, &events).as_deref(), Some("kafka"));
        assert_eq!(p(&events, &mailer).as_deref(), Some("kafka"), "a consumer speaks its stream's protocol");
        assert_eq!(p(&jobs, &mailer).as_deref(), Some("amqp"));
        assert_eq!(p(&api, &metrics).as_deref(), Some("otlp"));
        assert_eq!(p(&api, &web), None);
    }
}
