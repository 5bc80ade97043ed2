//! Where an interview reads from and writes to: `Target` paths
//! (`requirements.peak_rps`, `every:service.replicas`, `description`) and
//! the `Selector`s that pick components (`orders`, `first:database`,
//! `every:entry`). Resolution only reads the design; edits live in effects.

use std::collections::{HashSet, VecDeque};
use std::fmt;

use crate::model::{
    ComponentField, ComponentId, Design, FieldType, FieldValue, Kind, LinkField, RequirementField, check_id,
};

/// A set of components: a kind or one of a few named groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Kind(Kind),
    /// service, worker, function
    ServiceLike,
    /// database, cache, storage, search, queue, stream
    DataStore,
    /// the public front doors (see docs/interviews.md)
    Entry,
    /// what a request waits on that runs as instances: load balancers,
    /// gateways and service-like components on a client's synchronous
    /// call tree (data stores have their own replica questions)
    RequestPath,
}

/// Why a target, selector or group was refused; the text is the message
/// script authors see.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    /// Not a kind (the kind's own refusal) nor a group.
    #[error("{0}; or one of the groups service-like, data-store, entry")]
    NotAGroup(String),
    /// Not an id (the id's own refusal) nor a `first:`/`every:` selector.
    #[error("{0}; or first:KIND / every:KIND")]
    NotASelector(String),
    /// No `.FIELD` part.
    #[error(
        "`{0}` is not a target: use name, description, requirements.FIELD or SELECTOR.FIELD (e.g. every:service.replicas)"
    )]
    NotATarget(String),
    /// A field an interview must not write.
    #[error("`{0}` cannot be set by an interview")]
    NotSettable(&'static str),
    /// The field's or id's own refusal.
    #[error("{0}")]
    Invalid(String),
}

/// For the loaders that still carry their errors as text.
impl From<TargetError> for String {
    fn from(e: TargetError) -> String {
        e.to_string()
    }
}

impl Group {
    pub fn parse(word: &str) -> Result<Group, TargetError> {
        match word {
            "service-like" => Ok(Group::ServiceLike),
            "data-store" => Ok(Group::DataStore),
            "entry" => Ok(Group::Entry),
            "request-path" => Ok(Group::RequestPath),
            _ => word.parse::<Kind>().map(Group::Kind).map_err(|e| TargetError::NotAGroup(e.to_string())),
        }
    }

    /// Members in file order.
    pub fn members(self, design: &Design) -> Vec<ComponentId> {
        match self {
            Group::Entry => entries(design),
            Group::RequestPath => request_path(design),
            _ => design.components().filter(|c| self.holds(c.kind)).map(|c| c.id.clone()).collect(),
        }
    }

    fn holds(self, kind: Kind) -> bool {
        match self {
            Group::Kind(k) => k == kind,
            Group::ServiceLike => kind.is_service_like(),
            Group::DataStore => kind.is_data_store(),
            Group::Entry => kind == Kind::Gateway || kind.is_service_like(),
            Group::RequestPath => matches!(kind, Kind::Gateway | Kind::LoadBalancer) || kind.is_service_like(),
        }
    }
}

impl fmt::Display for Group {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Group::Kind(k) => write!(f, "{k}"),
            Group::ServiceLike => f.write_str("service-like"),
            Group::DataStore => f.write_str("data-store"),
            Group::Entry => f.write_str("entry"),
            Group::RequestPath => f.write_str("request-path"),
        }
    }
}

/// The entries: the first gateway or service-like component reached from
/// a client through cdn/load-balancer components only, plus any gateway or
/// service-like component marked `public`.
fn entries(design: &Design) -> Vec<ComponentId> {
    let mut found: HashSet<ComponentId> = HashSet::new();
    let mut seen: HashSet<&str> = HashSet::new();
    let mut queue: VecDeque<&str> =
        design.components().filter(|c| c.kind == Kind::Client).map(|c| c.id.as_str()).collect();
    while let Some(id) = queue.pop_front() {
        for link in design.outgoing(id) {
            let Some(next) = design.component(link.to.as_str()) else { continue };
            if Group::Entry.holds(next.kind) {
                found.insert(next.id.clone());
            } else if matches!(next.kind, Kind::Cdn | Kind::LoadBalancer) && seen.insert(next.id.as_str()) {
                queue.push_back(next.id.as_str());
            }
        }
    }
    design
        .components()
        .filter(|c| found.contains(&c.id) || (c.public == Some(true) && Group::Entry.holds(c.kind)))
        .map(|c| c.id.clone())
        .collect()
}

/// The request path: every load balancer, gateway and service-like
/// component a client reaches over synchronous links (through anything,
/// CDNs and caches included), in file order.
fn request_path(design: &Design) -> Vec<ComponentId> {
    let mut seen: HashSet<&str> = HashSet::new();
    let mut queue: VecDeque<&str> =
        design.components().filter(|c| c.kind == Kind::Client).map(|c| c.id.as_str()).collect();
    while let Some(id) = queue.pop_front() {
        for link in design.outgoing(id).into_iter().filter(|l| l.is_sync()) {
            if seen.insert(link.to.as_str()) {
                queue.push_back(link.to.as_str());
            }
        }
    }
    design
        .components()
        .filter(|c| seen.contains(c.id.as_str()) && Group::RequestPath.holds(c.kind))
        .map(|c| c.id.clone())
        .collect()
}

/// Picks components: one by id, the first of a group, or every member.
#[derive(Debug, Clone, PartialEq)]
pub enum Selector {
    Id(ComponentId),
    First(Group),
    Every(Group),
}

impl Selector {
    pub fn parse(text: &str) -> Result<Selector, TargetError> {
        if let Some(group) = text.strip_prefix("first:") {
            return Group::parse(group).map(Selector::First);
        }
        if let Some(group) = text.strip_prefix("every:") {
            return Group::parse(group).map(Selector::Every);
        }
        check_id(text).map_err(|e| TargetError::NotASelector(e.to_string()))?;
        ComponentId::new(text).map(Selector::Id).map_err(|e| TargetError::Invalid(e.to_string()))
    }

    /// The components selected now (empty when none match).
    pub fn resolve(&self, design: &Design) -> Vec<ComponentId> {
        match self {
            Selector::Id(id) => design.contains(id.as_str()).then(|| id.clone()).into_iter().collect(),
            Selector::First(g) => g.members(design).into_iter().take(1).collect(),
            Selector::Every(g) => g.members(design),
        }
    }
}

impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Selector::Id(id) => write!(f, "{id}"),
            Selector::First(g) => write!(f, "first:{g}"),
            Selector::Every(g) => write!(f, "every:{g}"),
        }
    }
}

/// A place in the design an answer can come from or go to.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Name,
    Description,
    Requirement(RequirementField),
    Component(Selector, ComponentField),
    /// A field of every link (`every:link.tls`): an answer about all
    /// traffic ("encrypted on every hop") is a fact about each link.
    Links(LinkField),
}

impl Target {
    pub fn parse(text: &str) -> Result<Target, TargetError> {
        let text = text.trim();
        match text {
            "name" => return Ok(Target::Name),
            "description" => return Ok(Target::Description),
            _ => {}
        }
        if let Some(field) = text.strip_prefix("requirements.") {
            return RequirementField::parse(field)
                .map(Target::Requirement)
                .map_err(|e| TargetError::Invalid(e.to_string()));
        }
        if let Some(field) = text.strip_prefix("every:link.") {
            return LinkField::parse(field).map(Target::Links).map_err(|e| TargetError::Invalid(e.to_string()));
        }
        let Some((selector, field)) = text.rsplit_once('.') else {
            return Err(TargetError::NotATarget(text.to_string()));
        };
        let field = ComponentField::parse(field).map_err(|e| TargetError::Invalid(e.to_string()))?;
        if matches!(field, ComponentField::Kind | ComponentField::At) {
            return Err(TargetError::NotSettable(field.as_str()));
        }
        Ok(Target::Component(Selector::parse(selector)?, field))
    }

    pub fn field_type(&self) -> FieldType {
        match self {
            Target::Name | Target::Description => FieldType::Text,
            Target::Requirement(f) => f.field_type(),
            Target::Component(_, f) => f.field_type(),
            Target::Links(f) => f.field_type(),
        }
    }

    /// What the design holds there now (for a selector, its first match).
    pub fn read(&self, design: &Design) -> Option<FieldValue> {
        match self {
            Target::Name => Some(FieldValue::Text(design.name().to_string())),
            Target::Description => design.description().map(|d| FieldValue::Text(d.to_string())),
            Target::Requirement(f) => design.requirements().get(*f),
            Target::Component(sel, f) => {
                sel.resolve(design).first().and_then(|id| design.component(id.as_str())).and_then(|c| c.get(*f))
            }
            Target::Links(f) => design.links().next().and_then(|l| l.get(*f)),
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Name => f.write_str("name"),
            Target::Description => f.write_str("description"),
            Target::Requirement(r) => write!(f, "requirements.{}", r.as_str()),
            Target::Component(s, c) => write!(f, "{s}.{}", c.as_str()),
            Target::Links(l) => write!(f, "every:link.{}", l.as_str()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::file::load_str;

    const DESIGN: &str = "archcrit: 1\nname: t\nrequirements: {peak_rps: 50}\ncomponents:\n  web: {kind: client}\n  \
        lb: {kind: load-balancer}\n  api: {kind: service, replicas: 2}\n  admin: {kind: service, public: true}\n  \
        worker: {kind: worker}\n  db: {kind: database}\nlinks:\n  - {from: web, to: lb}\n  - {from: lb, to: api}\n  \
        - {from: api, to: db}\n";

    #[test]
    fn targets_parse_and_print_back() {
        for t in [
            "name",
            "description",
            "requirements.peak_rps",
            "every:service.replicas",
            "first:entry.auth",
            "db.tech",
            "every:link.tls",
        ] {
            assert_eq!(Target::parse(t).unwrap().to_string(), t);
        }
        assert!(Target::parse("requirements.peak").unwrap_err().to_string().contains("peak: did you mean peak_rps?"));
        assert!(Target::parse("every:servce.replicas").unwrap_err().to_string().contains("did you mean `service`"));
        assert!(Target::parse("db.kind").unwrap_err().to_string().contains("cannot be set"));
        assert!(Target::parse("Orders.replicas").is_err());
        assert!(Target::parse("replicas").is_err());
    }

    #[test]
    fn selectors_resolve_in_file_order() {
        let d = load_str(DESIGN, "t").unwrap();
        let ids = |s: &str| Selector::parse(s).unwrap().resolve(&d).iter().map(|c| c.to_string()).collect::<Vec<_>>();
        assert_eq!(ids("every:service"), ["api", "admin"]);
        assert_eq!(ids("every:service-like"), ["api", "admin", "worker"]);
        assert_eq!(ids("first:data-store"), ["db"]);
        assert_eq!(ids("every:entry"), ["api", "admin"]);
        assert_eq!(ids("every:cache"), Vec::<String>::new());
        assert_eq!(ids("nope"), Vec::<String>::new());
    }

    #[test]
    fn read_gives_what_the_design_holds() {
        let d = load_str(DESIGN, "t").unwrap();
        assert_eq!(Target::parse("requirements.peak_rps").unwrap().read(&d), Some(FieldValue::Number(50.0)));
        assert_eq!(Target::parse("first:service.replicas").unwrap().read(&d), Some(FieldValue::Count(2)));
        assert_eq!(Target::parse("first:worker.replicas").unwrap().read(&d), None);
        assert_eq!(Target::parse("requirements.latency_budget_ms").unwrap().read(&d), None);
    }
}
