//! A component (a box on the whiteboard): its fields exactly as the design
//! file spells them, the effective values the critic uses, and field access
//! by name for edits.

use indexmap::IndexMap;

use super::Extra;
use super::field::{FieldType, FieldValue, Range, SetError};
use super::id::ComponentId;
use super::kind::Kind;
use super::words::{Auth, Delivery, RateLimit, Replication};

/// Fields hold what the user wrote (`None` = left out), so saving never
/// invents values; `effective_*` methods apply the format's defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct Component {
    pub id: ComponentId,
    pub kind: Kind,
    pub label: Option<String>,
    pub tech: Option<String>,
    pub zone: Option<String>,
    pub notes: Option<String>,
    pub at: Option<(u32, u32)>,
    pub replicas: Option<u32>,
    pub capacity_rps: Option<f64>,
    pub latency_ms: Option<f64>,
    pub availability: Option<f64>,
    pub stateful: Option<bool>,
    pub public: Option<bool>,
    /// Run by a cloud provider, which owns its replication and failover.
    pub managed: Option<bool>,
    pub auth: Option<Auth>,
    pub rate_limit: Option<RateLimit>,
    pub hit_ratio: Option<f64>,
    pub dlq: Option<bool>,
    pub rps: Option<f64>,
    /// Who takes the writes (database, cache, search, storage).
    pub replication: Option<Replication>,
    /// How many partitions of the keys (database, cache, search, storage).
    pub shards: Option<u32>,
    /// One consumer per message, or every consumer (queue, stream).
    pub delivery: Option<Delivery>,
    /// 99th-percentile latency of one call (the tail the mean hides).
    pub p99_ms: Option<f64>,
    /// `x-` fields, kept verbatim.
    pub extra: Extra,
}

impl Component {
    pub fn new(id: ComponentId, kind: Kind) -> Self {
        Component {
            id,
            kind,
            label: None,
            tech: None,
            zone: None,
            notes: None,
            at: None,
            replicas: None,
            capacity_rps: None,
            latency_ms: None,
            availability: None,
            stateful: None,
            public: None,
            managed: None,
            auth: None,
            rate_limit: None,
            hit_ratio: None,
            dlq: None,
            rps: None,
            replication: None,
            shards: None,
            delivery: None,
            p99_ms: None,
            extra: IndexMap::new(),
        }
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// The label, or the id when there is none.
    pub fn display_label(&self) -> &str {
        self.label.as_deref().unwrap_or(self.id.as_str())
    }

    pub fn effective_replicas(&self) -> u32 {
        self.replicas.unwrap_or(1)
    }

    pub fn effective_capacity_rps(&self) -> f64 {
        self.capacity_rps.unwrap_or(self.kind.defaults().capacity_rps)
    }

    pub fn effective_latency_ms(&self) -> f64 {
        self.latency_ms.unwrap_or(self.kind.defaults().latency_ms)
    }

    /// One replica's availability in percent.
    pub fn effective_availability(&self) -> f64 {
        self.availability.unwrap_or(self.kind.defaults().availability)
    }

    pub fn effective_stateful(&self) -> bool {
        self.stateful.unwrap_or(self.kind.defaults().stateful)
    }

    pub fn effective_hit_ratio(&self) -> f64 {
        self.hit_ratio.unwrap_or(0.8)
    }

    /// Primary-replica for databases and search, sharded for caches and
    /// storage (capacity model v2, section 3); `None` for other kinds.
    pub fn effective_replication(&self) -> Option<Replication> {
        match self.kind {
            Kind::Database | Kind::Search => Some(self.replication.unwrap_or(Replication::PrimaryReplica)),
            Kind::Cache | Kind::Storage => Some(self.replication.unwrap_or(Replication::Sharded)),
            _ => None,
        }
    }

    pub fn effective_shards(&self) -> u32 {
        self.shards.unwrap_or(1).max(1)
    }

    /// Competing for queues, fan-out for streams; `None` for other kinds.
    pub fn effective_delivery(&self) -> Option<Delivery> {
        match self.kind {
            Kind::Queue => Some(self.delivery.unwrap_or(Delivery::Competing)),
            Kind::Stream => Some(self.delivery.unwrap_or(Delivery::Fanout)),
            _ => None,
        }
    }

    /// The 99th percentile of one call: `p99_ms`, else three times the mean.
    pub fn effective_p99_ms(&self) -> f64 {
        self.p99_ms.unwrap_or(3.0 * self.effective_latency_ms())
    }

    pub fn has_auth(&self) -> bool {
        self.auth.is_some_and(Auth::is_some_auth)
    }

    pub fn get(&self, field: ComponentField) -> Option<FieldValue> {
        use ComponentField as F;
        match field {
            F::Kind => Some(FieldValue::Kind(self.kind)),
            F::Label => self.label.clone().map(FieldValue::Text),
            F::Tech => self.tech.clone().map(FieldValue::Text),
            F::Zone => self.zone.clone().map(FieldValue::Text),
            F::Notes => self.notes.clone().map(FieldValue::Text),
            F::At => self.at.map(|(c, r)| FieldValue::At(c, r)),
            F::Replicas => self.replicas.map(FieldValue::Count),
            F::CapacityRps => self.capacity_rps.map(FieldValue::Number),
            F::LatencyMs => self.latency_ms.map(FieldValue::Number),
            F::Availability => self.availability.map(FieldValue::Number),
            F::Stateful => self.stateful.map(FieldValue::Flag),
            F::Public => self.public.map(FieldValue::Flag),
            F::Managed => self.managed.map(FieldValue::Flag),
            F::Auth => self.auth.map(FieldValue::Auth),
            F::RateLimit => self.rate_limit.map(FieldValue::RateLimit),
            F::HitRatio => self.hit_ratio.map(FieldValue::Number),
            F::Dlq => self.dlq.map(FieldValue::Flag),
            F::Rps => self.rps.map(FieldValue::Number),
            F::Replication => self.replication.map(FieldValue::Replication),
            F::Shards => self.shards.map(FieldValue::Count),
            F::Delivery => self.delivery.map(FieldValue::Delivery),
            F::P99Ms => self.p99_ms.map(FieldValue::Number),
        }
    }

    /// Sets (or with `None` clears) a field after checking the value and
    /// that the field applies to this kind; returns the previous value.
    pub fn set(&mut self, field: ComponentField, value: Option<FieldValue>) -> Result<Option<FieldValue>, SetError> {
        use ComponentField as F;
        let kind_after = match (&field, &value) {
            (F::Kind, Some(FieldValue::Kind(k))) => *k,
            (F::Kind, None) => return Err(SetError::KindRequired),
            _ => self.kind,
        };
        let value = match value {
            Some(v) => {
                field.field_type().check(&v).map_err(|source| SetError::Value { field: field.as_str(), source })?;
                Some(field.field_type().normalise(v))
            }
            None => None,
        };
        if value.is_some() && !field.applies_to(kind_after) {
            return Err(SetError::NotApplicable { field, kind: kind_after });
        }
        if field == F::Kind {
            // A new kind must not leave kind-specific fields behind.
            if let Some(stray) =
                ComponentField::ALL.iter().find(|f| self.get(**f).is_some() && !f.applies_to(kind_after))
            {
                return Err(SetError::StrayField { id: self.id.to_string(), kind: kind_after, stray: *stray });
            }
        }
        let old = self.get(field);
        match (field, value) {
            (F::Kind, Some(FieldValue::Kind(k))) => self.kind = k,
            (F::Label, v) => self.label = text(v),
            (F::Tech, v) => self.tech = text(v),
            (F::Zone, v) => self.zone = text(v),
            (F::Notes, v) => self.notes = text(v),
            (F::At, Some(FieldValue::At(c, r))) => self.at = Some((c, r)),
            (F::At, None) => self.at = None,
            (F::Replicas, v) => {
                self.replicas = v.and_then(|v| if let FieldValue::Count(n) = v { Some(n) } else { None })
            }
            (F::CapacityRps, v) => self.capacity_rps = number(v),
            (F::LatencyMs, v) => self.latency_ms = number(v),
            (F::Availability, v) => self.availability = number(v),
            (F::Stateful, v) => self.stateful = flag(v),
            (F::Public, v) => self.public = flag(v),
            (F::Managed, v) => self.managed = flag(v),
            (F::Auth, v) => self.auth = v.and_then(|v| if let FieldValue::Auth(a) = v { Some(a) } else { None }),
            (F::RateLimit, v) => {
                self.rate_limit = v.and_then(|v| if let FieldValue::RateLimit(r) = v { Some(r) } else { None })
            }
            (F::HitRatio, v) => self.hit_ratio = number(v),
            (F::Dlq, v) => self.dlq = flag(v),
            (F::Rps, v) => self.rps = number(v),
            (F::Replication, v) => {
                self.replication = v.and_then(|v| if let FieldValue::Replication(r) = v { Some(r) } else { None })
            }
            (F::Shards, v) => self.shards = v.and_then(|v| if let FieldValue::Count(n) = v { Some(n) } else { None }),
            (F::Delivery, v) => {
                self.delivery = v.and_then(|v| if let FieldValue::Delivery(d) = v { Some(d) } else { None })
            }
            (F::P99Ms, v) => self.p99_ms = number(v),
            (f, v) => return Err(SetError::CannotHold { field: f.as_str(), value: format!("{v:?}") }),
        }
        Ok(old)
    }
}

fn text(v: Option<FieldValue>) -> Option<String> {
    match v {
        Some(FieldValue::Text(s)) => Some(s),
        _ => None,
    }
}

fn number(v: Option<FieldValue>) -> Option<f64> {
    match v {
        Some(FieldValue::Number(n)) => Some(n),
        Some(FieldValue::Count(n)) => Some(f64::from(n)),
        _ => None,
    }
}

fn flag(v: Option<FieldValue>) -> Option<bool> {
    match v {
        Some(FieldValue::Flag(b)) => Some(b),
        _ => None,
    }
}

/// The fields of a component, by their file names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ComponentField {
    Kind,
    Label,
    Tech,
    Zone,
    Notes,
    At,
    Replicas,
    CapacityRps,
    LatencyMs,
    Availability,
    Stateful,
    Public,
    Managed,
    Auth,
    RateLimit,
    HitRatio,
    Dlq,
    Rps,
    Replication,
    Shards,
    Delivery,
    P99Ms,
}

impl ComponentField {
    /// In the order the canonical file writes them.
    pub const ALL: [ComponentField; 22] = [
        ComponentField::Kind,
        ComponentField::Label,
        ComponentField::Tech,
        ComponentField::Zone,
        ComponentField::Notes,
        ComponentField::Replicas,
        ComponentField::Replication,
        ComponentField::Shards,
        ComponentField::CapacityRps,
        ComponentField::LatencyMs,
        ComponentField::P99Ms,
        ComponentField::Availability,
        ComponentField::Stateful,
        ComponentField::Public,
        ComponentField::Managed,
        ComponentField::Auth,
        ComponentField::RateLimit,
        ComponentField::HitRatio,
        ComponentField::Dlq,
        ComponentField::Delivery,
        ComponentField::Rps,
        ComponentField::At,
    ];

    pub const NAMES: [&'static str; 22] = [
        "kind",
        "label",
        "tech",
        "zone",
        "notes",
        "replicas",
        "replication",
        "shards",
        "capacity_rps",
        "latency_ms",
        "p99_ms",
        "availability",
        "stateful",
        "public",
        "managed",
        "auth",
        "rate_limit",
        "hit_ratio",
        "dlq",
        "delivery",
        "rps",
        "at",
    ];

    pub fn as_str(self) -> &'static str {
        let i = ComponentField::ALL.iter().position(|f| *f == self).unwrap_or(0);
        ComponentField::NAMES[i]
    }

    pub fn parse(name: &str) -> Result<Self, UnknownField> {
        ComponentField::NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| ComponentField::ALL[i])
            .ok_or_else(|| UnknownField { name: name.to_string(), known: ComponentField::NAMES.to_vec() })
    }

    pub fn field_type(self) -> FieldType {
        use ComponentField as F;
        match self {
            F::Kind => FieldType::Kind,
            F::Label | F::Tech | F::Zone | F::Notes => FieldType::Text,
            F::At => FieldType::At,
            F::Replicas | F::Shards => FieldType::Count(1),
            F::Replication => FieldType::Replication,
            F::Delivery => FieldType::Delivery,
            F::CapacityRps => FieldType::Number(Range::Positive),
            F::LatencyMs | F::Rps | F::P99Ms => FieldType::Number(Range::NonNegative),
            F::Availability => FieldType::Number(Range::Percent),
            F::HitRatio => FieldType::Number(Range::Ratio),
            F::Stateful | F::Public | F::Managed | F::Dlq => FieldType::Flag,
            F::Auth => FieldType::Auth,
            F::RateLimit => FieldType::RateLimit,
        }
    }

    /// `hit_ratio` is for caches, `dlq` and `delivery` for queues and
    /// streams, `replication` and `shards` for stores that hold data on
    /// nodes, `rps` for clients, `managed` for everything but clients
    /// (nobody operates a browser); everything else applies to every kind.
    pub fn applies_to(self, kind: Kind) -> bool {
        match self {
            ComponentField::HitRatio => kind == Kind::Cache,
            ComponentField::Dlq | ComponentField::Delivery => kind.is_messaging(),
            ComponentField::Replication | ComponentField::Shards => {
                matches!(kind, Kind::Database | Kind::Cache | Kind::Search | Kind::Storage)
            }
            ComponentField::Rps => kind == Kind::Client,
            ComponentField::Managed => kind != Kind::Client,
            _ => true,
        }
    }

    pub fn not_applicable(self, kind: Kind) -> String {
        let for_whom = match self {
            ComponentField::HitRatio => "caches",
            ComponentField::Dlq | ComponentField::Delivery => "queues and streams",
            ComponentField::Replication | ComponentField::Shards => "databases, caches, search and storage",
            ComponentField::Rps => "clients",
            ComponentField::Managed => "components other than clients",
            _ => "every kind",
        };
        format!("`{}` applies only to {for_whom}, not to a {kind}", self.as_str())
    }
}

/// A field name that is not one of a section's fields. Shown as
/// "unknown field replica: did you mean replicas? (known fields: ...)" —
/// the suggestion in the words of the format's contract, unquoted, so the
/// phrase reads (and matches) as the documentation shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownField {
    pub name: String,
    /// The section's field names, in the order the message lists them.
    pub known: Vec<&'static str>,
}

impl std::fmt::Display for UnknownField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (name, known) = (&self.name, self.known.join(", "));
        if name.starts_with("x-") {
            // It does start with `x-`: telling its author so would be wrong.
            return write!(
                f,
                "{name} is one of your own fields: archcrit keeps `x-` fields as written in the file and does not \
                 set them; edit it in the design file (fields archcrit sets: {known})"
            );
        }
        write!(f, "unknown field {name}")?;
        if let Some(s) = super::closest(name, self.known.iter().copied()) {
            write!(f, ": did you mean {s}?")?;
        }
        write!(f, " (known fields: {known}; your own fields must start with `x-`)")
    }
}

impl std::error::Error for UnknownField {}

/// For the callers whose own errors are still text.
impl From<UnknownField> for String {
    fn from(e: UnknownField) -> String {
        e.to_string()
    }
}

/// The words for an unknown key of a section (the file reader's, too).
pub fn unknown_field(name: &str, known: &[&'static str]) -> String {
    UnknownField { name: name.to_string(), known: known.to_vec() }.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_own_field_is_not_told_to_start_with_x() {
        let e = ComponentField::parse("x-evil").unwrap_err().to_string();
        assert!(e.contains("x-evil is one of your own fields"), "{e}");
        assert!(!e.contains("must start with"), "{e}");
    }

    fn svc() -> Component {
        Component::new(ComponentId::new("orders").unwrap(), Kind::Service)
    }

    #[test]
    fn set_returns_the_old_value_and_checks_ranges() {
        let mut c = svc();
        assert_eq!(c.set(ComponentField::Replicas, Some(FieldValue::Count(3))), Ok(None));
        assert_eq!(c.set(ComponentField::Replicas, None), Ok(Some(FieldValue::Count(3))));
        assert!(c.set(ComponentField::Availability, Some(FieldValue::Number(101.0))).is_err());
    }

    #[test]
    fn kind_specific_fields_are_refused_elsewhere() {
        let mut c = svc();
        let err = c.set(ComponentField::HitRatio, Some(FieldValue::Number(0.5))).unwrap_err();
        assert_eq!(err, SetError::NotApplicable { field: ComponentField::HitRatio, kind: Kind::Service });
        let err = err.to_string();
        assert!(err.contains("only to caches"), "{err}");
        let mut cache = Component::new(ComponentId::new("c").unwrap(), Kind::Cache);
        cache.set(ComponentField::HitRatio, Some(FieldValue::Number(0.5))).unwrap();
        assert!(cache.set(ComponentField::Kind, Some(FieldValue::Kind(Kind::Service))).is_err());
    }

    #[test]
    fn field_names_round_trip_and_suggest() {
        for f in ComponentField::ALL {
            assert_eq!(ComponentField::parse(f.as_str()), Ok(f));
        }
        let err = ComponentField::parse("replica").unwrap_err();
        assert_eq!(err.name, "replica");
        assert!(err.to_string().contains("replica: did you mean replicas?"), "{err}");
    }

    #[test]
    fn effective_values_use_kind_defaults() {
        let c = svc();
        assert_eq!(c.effective_replicas(), 1);
        assert_eq!(c.effective_capacity_rps(), Kind::Service.defaults().capacity_rps);
        assert!(!c.effective_stateful());
        assert_eq!(c.display_label(), "orders");
    }
}
