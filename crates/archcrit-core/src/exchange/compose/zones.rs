//! Compose `networks:` as zones, when the file declares networks. A
//! network is private when it is declared
//! `internal: true`, or when the file publishes some service and none of
//! the published ones is on it (the backend network the public proxy is
//! not on). A service whose networks are all private sits in a zone named
//! after the first of them; a service on any other network (the proxy, an
//! app bridging front and back) has no zone, so only the private side is
//! marked and the critic can tell it from the public one.
//!
//! A service whose every network is `internal: true` gets no published
//! port from Docker (an internal bridge forwards none), so its `ports:` do
//! not make it public; the import says so.

use std::collections::HashSet;

use indexmap::IndexMap;

use crate::file::yaml::Value;
use crate::model::Zone;

use super::scalar;

/// One service as the zoning sees it.
pub(super) struct View<'a> {
    pub body: &'a Value,
    /// Published ports or the host's network.
    pub published: bool,
}

/// What the networks make of the services, index for index.
#[derive(Debug, Default)]
pub(super) struct Zoning {
    /// The zones to declare, in the file's order of networks.
    pub zones: Vec<(String, Zone)>,
    /// Each service's zone.
    pub zone: Vec<Option<String>>,
    /// Services that publish ports but sit only on internal networks:
    /// their internal networks, to name in the note.
    pub cut_off: Vec<Option<Vec<String>>>,
}

/// The networks a service joins: `networks:` as a list or a map, else the
/// project's `default` network; none with a `network_mode`.
pub(super) fn joined(body: &Value) -> Vec<String> {
    if body.get("network_mode").is_some() {
        return Vec::new();
    }
    match body.get("networks") {
        Some(Value::Sequence(items)) => items.iter().filter_map(scalar).collect(),
        Some(Value::Mapping(m)) => m.keys().filter_map(scalar).collect(),
        _ => vec!["default".to_string()],
    }
}

/// Reads the top-level `networks:` and the services' networks.
pub(super) fn zoning(declared: Option<&Value>, services: &[View<'_>]) -> Zoning {
    let internal = |name: &str| {
        declared.and_then(|d| d.get(name)).and_then(|n| n.get("internal")).and_then(scalar).is_some_and(|v| v == "true")
    };
    // A file that declares no networks separates nothing: every service is
    // on the project's one default network.
    if declared.is_none_or(|d| !matches!(d, Value::Mapping(m) if !m.is_empty())) {
        return Zoning { zones: Vec::new(), zone: vec![None; services.len()], cut_off: vec![None; services.len()] };
    }
    let joined: Vec<Vec<String>> = services.iter().map(|s| joined(s.body)).collect();
    let cut_off: Vec<Option<Vec<String>>> = services
        .iter()
        .zip(&joined)
        .map(|(s, nets)| (s.published && !nets.is_empty() && nets.iter().all(|n| internal(n))).then(|| nets.clone()))
        .collect();
    let public: Vec<bool> = services.iter().zip(&cut_off).map(|(s, cut)| s.published && cut.is_none()).collect();
    let any_public = public.iter().any(|p| *p);
    // Every network some service joins, in the order first joined.
    let mut members: IndexMap<&str, bool> = IndexMap::new();
    for (nets, &p) in joined.iter().zip(&public) {
        for n in nets {
            *members.entry(n.as_str()).or_insert(false) |= p;
        }
    }
    let private = |n: &str| internal(n) || (any_public && members.get(n).is_some_and(|has_public| !has_public));
    let zone: Vec<Option<String>> = joined
        .iter()
        .map(|nets| (!nets.is_empty() && nets.iter().all(|n| private(n))).then(|| nets[0].clone()))
        .collect();
    let used: HashSet<&str> = zone.iter().flatten().map(String::as_str).collect();
    let zones = members
        .keys()
        .filter(|n| used.contains(**n))
        .map(|n| {
            let z = if internal(n) {
                Zone {
                    trust: Some("trusted".to_string()),
                    label: Some(format!("network {n} (internal: no traffic in or out)")),
                    ..Zone::default()
                }
            } else {
                Zone { label: Some(format!("network {n} (no published service on it)")), ..Zone::default() }
            };
            (n.to_string(), z)
        })
        .collect();
    Zoning { zones, zone, cut_off }
}
