//! The technology catalogue: what archcrit knows about technologies people
//! run (kind, served protocol, managed, own login, admin console, default
//! numbers), shipped as data in assets/technologies.yaml and looked up
//! case-insensitively by name or container image. The compose and Mermaid
//! importers, the critic and the workshop all read this one catalogue.

mod index;
mod protocol;
mod source;
mod words;

use serde::Deserialize;

use crate::model::{Component, Kind};

pub use index::Catalogue;
pub use protocol::likely_protocol;
pub use source::{CatalogueError, EMBEDDED, catalogue, install, load_dirs};
pub use words::{kind_word, means_client};

/// One technology as the catalogue file spells it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Technology {
    pub name: String,
    /// Other names, matched as whole words (`postgres`, `apache kafka`).
    #[serde(default)]
    pub also: Vec<String>,
    /// Image repositories without registry or tag (`bitnami/postgresql`).
    #[serde(default)]
    pub images: Vec<String>,
    #[serde(deserialize_with = "kind_from_text")]
    pub kind: Kind,
    /// The protocol it serves (`https`, `sql`, `dns`, `udp`...).
    pub protocol: String,
    /// A cloud provider runs it (replication and failover are theirs).
    #[serde(default)]
    pub managed: bool,
    /// People log in to it with its own accounts (WordPress, Grafana...).
    #[serde(default)]
    pub own_login: bool,
    /// An admin or operations console (pgAdmin, Portainer, Kibana...).
    #[serde(default)]
    pub admin_console: bool,
    /// For a console of data stores: the technologies it manages, by
    /// catalogue name (pgAdmin manages PostgreSQL). A compose file names no
    /// server for it (its user types one); the import links it to these.
    #[serde(default)]
    pub manages: Vec<String>,
    pub capacity_rps: Option<f64>,
    pub latency_ms: Option<f64>,
    pub availability: Option<f64>,
    /// One short fact a senior engineer knows about it (`partitions bound
    /// consumers: ...`), said by the offline persona.
    #[serde(default)]
    pub note: Option<String>,
}

impl Technology {
    /// Whether it serves requests (https, http, grpc, graphql, websocket),
    /// the protocols an authentication check applies to.
    pub fn serves_requests(&self) -> bool {
        is_request_protocol(&self.protocol)
    }
}

/// The catalogue entry of a component: by its `tech`, else its label or
/// id. The label and id count only when the entry's kind is the
/// component's (a service labelled "Kafka consumer" is not Kafka), and
/// only when `tech` is absent (a written `tech` the catalogue does not
/// know is the user's own software, whatever its id says).
pub fn of(c: &Component) -> Option<&'static Technology> {
    let cat = catalogue();
    match &c.tech {
        Some(t) => cat.lookup(t),
        // Without a `tech`, a label or id that names a technology ("Redis")
        // stands for it, but never a managed cloud service: "API gateway"
        // or an id `gateway` is somebody's gateway, not Amazon's, and
        // saying the provider runs its replicas would invent a fact.
        None => [c.label.as_deref(), Some(c.id.as_str())]
            .into_iter()
            .flatten()
            .filter_map(|name| cat.lookup(name))
            .find(|t| t.kind == c.kind && !t.managed),
    }
}

/// The request protocols of the critic's contract: an entry serving one of
/// these is expected to authenticate its callers.
pub fn is_request_protocol(protocol: &str) -> bool {
    ["https", "http", "grpc", "graphql", "websocket"].iter().any(|p| p.eq_ignore_ascii_case(protocol.trim()))
}

fn kind_from_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Kind, D::Error> {
    let text = String::deserialize(d)?;
    text.parse::<Kind>().map_err(|e| serde::de::Error::custom(e.to_string()))
}
