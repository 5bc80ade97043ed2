//! The strict reader of format 1. It validates while the YAML parser walks
//! the file (serde seeds carry the state), so every error is raised at the
//! scalar or mapping it is about and gets that line and column.

use std::collections::HashSet;
use std::fmt;

use indexmap::IndexMap;
use serde::de::{self, DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};

use super::yaml::Value;
use crate::domain::model::{
    Acceptance, Component, ComponentField, ComponentId, Design, DesignHeader, Extra, FieldType, FieldValue, Kind, Link,
    LinkField, LinkKey, RateLimit, RequirementField, Requirements, TranscriptEntry, Zone, check_id, unknown_field,
};

/// The format versions this build reads.
pub const FORMAT_VERSION: u64 = 1;

const TOP_KEYS: &[&str] =
    &["archcrit", "name", "description", "requirements", "zones", "components", "accepted", "links", "interview"];
const ZONE_KEYS: &[&str] = &["trust", "label"];
const ACCEPT_KEYS: &[&str] = &["rule", "component", "reason"];
const ENTRY_KEYS: &[&str] = &["script", "question", "ask", "answer", "time", "effects"];

/// What the document visitor produces; links that came before the
/// components they name are checked once everything has been read.
pub(super) struct Parsed {
    pub design: Design,
}

/// Problems found only after the whole document was read (no position).
#[derive(Debug)]
pub(super) struct LateError {
    pub message: String,
    pub hint: Option<String>,
}

pub(super) struct DocumentSeed;

impl<'de> DeserializeSeed<'de> for DocumentSeed {
    type Value = Result<Parsed, LateError>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(DocumentVisitor)
    }
}

struct DocumentVisitor;

impl<'de> Visitor<'de> for DocumentVisitor {
    type Value = Result<Parsed, LateError>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a design: a mapping that starts with `archcrit: 1`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut version = None;
        let mut header = DesignHeader::default();
        let mut name = None;
        let mut components: Option<Vec<Component>> = None;
        let mut links: Option<Vec<Link>> = None;
        // Links read before `components:` are checked after the whole file.
        let mut deferred_links = false;
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key_seed(KeySeed { known: TOP_KEYS, seen: &mut seen })? {
            match key.as_str() {
                "archcrit" => version = Some(map.next_value_seed(VersionSeed)?),
                "name" => name = Some(map.next_value_seed(TextSeed { field: "name", required: true })?),
                "description" => {
                    header.description = Some(map.next_value_seed(TextSeed { field: "description", required: false })?)
                }
                "requirements" => header.requirements = map.next_value_seed(RequirementsSeed)?,
                "zones" => header.zones = map.next_value_seed(ZonesSeed)?,
                "components" => components = Some(map.next_value_seed(ComponentsSeed)?),
                "accepted" => header.accepted = map.next_value_seed(ListSeed(AcceptanceSeed))?,
                "interview" => header.interview = map.next_value_seed(ListSeed(EntrySeed))?,
                "links" => {
                    let known: Option<HashSet<&str>> =
                        components.as_ref().map(|cs| cs.iter().map(|c| c.id.as_str()).collect());
                    deferred_links = known.is_none();
                    links = Some(map.next_value_seed(LinksSeed { known: known.as_ref() })?);
                }
                other => {
                    let value: Value = map.next_value()?;
                    header.extra.insert(other.to_string(), value);
                }
            }
        }
        if version.is_none() {
            return Err(A::Error::custom(
                "this is not an archcrit design: the `archcrit: 1` format line is missing (add `archcrit: 1` as the first line)",
            ));
        }
        header.name = name.ok_or_else(|| A::Error::custom("the design has no `name`: add e.g. `name: Online shop`"))?;
        let mut design = Design::from_header(header);
        for component in components.unwrap_or_default() {
            design.insert_component(component, None).map_err(|e| A::Error::custom(e.to_string()))?;
        }
        for (i, link) in links.unwrap_or_default().into_iter().enumerate() {
            if let Err(e) = design.insert_link(link, None) {
                if !deferred_links {
                    return Err(A::Error::custom(e.to_string()));
                }
                return Ok(Err(LateError {
                    message: format!("links[{i}]: {e}"),
                    hint: Some("every link's `from` and `to` must be ids under `components:`".into()),
                }));
            }
        }
        Ok(Ok(Parsed { design }))
    }
}

/// A mapping key: a known field, or the user's own `x-` field. Unknown keys
/// are refused here, so the error points at the key itself.
struct KeySeed<'a> {
    known: &'static [&'static str],
    seen: &'a mut HashSet<String>,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        self.deserialize_checked(d, |_| Ok(()))
    }
}

impl KeySeed<'_> {
    /// Like `deserialize`, with one more check of the key (e.g. whether a
    /// field applies to the component's kind).
    fn deserialize_checked<'de, D: Deserializer<'de>>(
        self,
        d: D,
        more: impl FnOnce(&str) -> Result<(), String>,
    ) -> Result<String, D::Error> {
        let KeySeed { known, seen } = self;
        d.deserialize_any(ScalarText {
            expecting: "a field name",
            check: |key: &str| {
                if !(known.contains(&key) || key.starts_with("x-")) {
                    return Err(unknown_field(key, known));
                }
                if seen.contains(key) {
                    return Err(format!("`{key}` appears twice in the same mapping: keep one"));
                }
                more(key)?;
                seen.insert(key.to_string());
                Ok(())
            },
        })
    }
}

/// Any scalar as text (YAML numbers and booleans in a text field are kept
/// as written: `tech: 5` is the string "5"), checked inside the visitor so
/// that an error carries the scalar's own line and column.
struct ScalarText<F> {
    expecting: &'static str,
    check: F,
}

impl<F: FnOnce(&str) -> Result<(), String>> ScalarText<F> {
    fn accept<E: de::Error>(self, v: String) -> Result<String, E> {
        (self.check)(&v).map_err(E::custom)?;
        Ok(v)
    }
}

impl<'de, F: FnOnce(&str) -> Result<(), String>> Visitor<'de> for ScalarText<F> {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.expecting)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        self.accept(v.to_string())
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        self.accept(v)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        self.accept(v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        self.accept(v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        self.accept(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        self.accept(v.to_string())
    }
}

struct TextSeed {
    field: &'static str,
    required: bool,
}

impl<'de> DeserializeSeed<'de> for TextSeed {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        let (field, required) = (self.field, self.required);
        d.deserialize_any(ScalarText {
            expecting: "text",
            check: |text: &str| {
                if required && text.trim().is_empty() {
                    return Err(format!("`{field}` cannot be empty"));
                }
                Ok(())
            },
        })
    }
}

struct VersionSeed;

impl<'de> DeserializeSeed<'de> for VersionSeed {
    type Value = u64;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<u64, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = u64;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("the format version `1`")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<u64, E> {
                match v {
                    FORMAT_VERSION => Ok(v),
                    0 => Err(E::custom("format version 0 does not exist: this build reads `archcrit: 1`")),
                    _ => Err(E::custom(format!(
                        "format version {v} is newer than this archcrit understands (it reads version {FORMAT_VERSION}): upgrade archcrit"
                    ))),
                }
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<u64, E> {
                Err(E::custom(format!("format version {v} does not exist: this build reads `archcrit: 1`")))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<u64, E> {
                if v == 1.0 {
                    Ok(1)
                } else {
                    Err(E::custom(format!("format version {v} is not supported: use `archcrit: 1`")))
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<u64, E> {
                Err(E::custom(format!("format version `{v}` is not a number: use `archcrit: 1`")))
            }
        }
        d.deserialize_any(V)
    }
}

/// A field value checked against its `FieldType` while it is parsed.
struct ValueSeed {
    field: &'static str,
    ty: FieldType,
}

impl<'de> DeserializeSeed<'de> for ValueSeed {
    type Value = FieldValue;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<FieldValue, D::Error> {
        d.deserialize_any(self)
    }
}

impl ValueSeed {
    fn bad<E: de::Error>(&self, found: impl fmt::Display) -> E {
        E::custom(format!("expected {}, found {found}", self.ty.expected()))
    }

    fn number<E: de::Error>(self, n: f64, shown: String) -> Result<FieldValue, E> {
        let value = match self.ty {
            FieldType::Number(_) => FieldValue::Number(n),
            FieldType::Count(_) if n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n) => {
                FieldValue::Count(n as u32)
            }
            FieldType::RateLimit => FieldValue::RateLimit(RateLimit::PerSecond(n)),
            FieldType::Text => FieldValue::Text(shown),
            FieldType::List => FieldValue::List(vec![shown]),
            _ => return Err(self.bad(format!("the number {shown}"))),
        };
        self.ty.check(&value).map_err(E::custom)?;
        Ok(self.ty.normalise(value))
    }
}

impl<'de> Visitor<'de> for ValueSeed {
    type Value = FieldValue;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}", self.ty.expected())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<FieldValue, E> {
        self.number(v as f64, v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<FieldValue, E> {
        self.number(v as f64, v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<FieldValue, E> {
        self.number(v, v.to_string())
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<FieldValue, E> {
        match (self.ty, v) {
            (FieldType::Flag, _) => Ok(FieldValue::Flag(v)),
            (FieldType::RateLimit, true) => Ok(FieldValue::RateLimit(RateLimit::Enabled)),
            (FieldType::RateLimit, false) => Err(E::custom(
                "`rate_limit: false` is not a value: leave `rate_limit` out when there is no rate limiting",
            )),
            (FieldType::Text, _) => Ok(FieldValue::Text(v.to_string())),
            _ => Err(self.bad(v)),
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<FieldValue, E> {
        match self.ty {
            FieldType::Text => Ok(FieldValue::Text(v.to_string())),
            FieldType::List => Ok(FieldValue::List(vec![v.to_string()])),
            FieldType::Kind | FieldType::Auth | FieldType::Mode | FieldType::Access | FieldType::Consistency => {
                self.ty.parse(v).map_err(E::custom)
            }
            _ => Err(self.bad(format!("`{v}`"))),
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<FieldValue, E> {
        Err(E::custom(format!("`{}` has no value: give {} or remove the line", self.field, self.ty.expected())))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<FieldValue, A::Error> {
        match self.ty {
            FieldType::At => {
                let mut cells = Vec::new();
                while let Some(v) = seq.next_element::<Value>()? {
                    cells.push(v);
                }
                let whole = |v: &Value| v.as_u64().and_then(|n| u32::try_from(n).ok());
                match cells.as_slice() {
                    [c, r] => match (whole(c), whole(r)) {
                        (Some(c), Some(r)) => Ok(FieldValue::At(c, r)),
                        _ => Err(self.bad("other values")),
                    },
                    _ => Err(self.bad(format!("{} values", cells.len()))),
                }
            }
            FieldType::List => {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element_seed(TextSeed { field: self.field, required: true })? {
                    items.push(item);
                }
                Ok(FieldValue::List(items))
            }
            _ => Err(self.bad("a list")),
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, _map: A) -> Result<FieldValue, A::Error> {
        Err(self.bad("a mapping"))
    }
}

/// `zones:`, `accepted:` or `components:` left empty (`null`) means none.
macro_rules! accept_null {
    ($ty:ty) => {
        fn visit_unit<E: de::Error>(self) -> Result<$ty, E> {
            Ok(Default::default())
        }
    };
}

struct RequirementsSeed;

impl<'de> DeserializeSeed<'de> for RequirementsSeed {
    type Value = Requirements;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Requirements, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for RequirementsSeed {
    type Value = Requirements;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a mapping of requirements (peak_rps, availability_slo, ...)")
    }

    accept_null!(Requirements);

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Requirements, A::Error> {
        let mut req = Requirements::default();
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key_seed(KeySeed { known: &RequirementField::NAMES, seen: &mut seen })? {
            if key.starts_with("x-") {
                req.extra.insert(key, map.next_value()?);
                continue;
            }
            let field = RequirementField::parse(&key).map_err(A::Error::custom)?;
            let value = map.next_value_seed(ValueSeed { field: field.as_str(), ty: field.field_type() })?;
            req.set(field, Some(value)).map_err(A::Error::custom)?;
        }
        Ok(req)
    }
}

struct ZonesSeed;

impl<'de> DeserializeSeed<'de> for ZonesSeed {
    type Value = IndexMap<String, Zone>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ZonesSeed {
    type Value = IndexMap<String, Zone>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a mapping of zone names to {trust: ...}")
    }

    accept_null!(IndexMap<String, Zone>);

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut zones = IndexMap::new();
        while let Some(name) = map.next_key_seed(UniqueKeySeed { what: "zone", seen: &zones, check_id: false })? {
            let zone = map.next_value_seed(ZoneSeed)?;
            zones.insert(name, zone);
        }
        Ok(zones)
    }
}

struct ZoneSeed;

impl<'de> DeserializeSeed<'de> for ZoneSeed {
    type Value = Zone;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Zone, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ZoneSeed {
    type Value = Zone;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a zone: {trust: trusted | untrusted, label: ...}")
    }

    accept_null!(Zone);

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Zone, A::Error> {
        let mut zone = Zone::default();
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key_seed(KeySeed { known: ZONE_KEYS, seen: &mut seen })? {
            match key.as_str() {
                "trust" => zone.trust = Some(map.next_value_seed(TextSeed { field: "trust", required: true })?),
                "label" => zone.label = Some(map.next_value_seed(TextSeed { field: "label", required: false })?),
                _ => {
                    zone.extra.insert(key, map.next_value()?);
                }
            }
        }
        Ok(zone)
    }
}

/// A key of a map whose keys are names (components, zones): refuses
/// duplicates (YAML would silently keep the last) and, for components, ids
/// that break the id rule — at the key's own line.
struct UniqueKeySeed<'a, V> {
    what: &'static str,
    seen: &'a IndexMap<String, V>,
    check_id: bool,
}

impl<'de, V> DeserializeSeed<'de> for UniqueKeySeed<'_, V> {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        let UniqueKeySeed { what, seen, check_id: is_id } = self;
        d.deserialize_any(ScalarText {
            expecting: "a name",
            check: |key: &str| {
                if is_id {
                    check_id(key).map_err(|e| format!("component id {e}"))?;
                }
                if seen.contains_key(key) {
                    return Err(format!("duplicate {what} id `{key}`: ids must be unique; rename one of them"));
                }
                Ok(())
            },
        })
    }
}

struct ComponentsSeed;

impl<'de> DeserializeSeed<'de> for ComponentsSeed {
    type Value = Vec<Component>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ComponentsSeed {
    type Value = Vec<Component>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a mapping of component ids to components (`orders: {kind: service}`)")
    }

    accept_null!(Vec<Component>);

    fn visit_seq<A: SeqAccess<'de>>(self, _seq: A) -> Result<Self::Value, A::Error> {
        Err(A::Error::custom(
            "`components` is a mapping keyed by id, not a list: write `orders: {kind: service}` instead of `- id: orders`",
        ))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut components: IndexMap<String, Component> = IndexMap::new();
        while let Some(id) =
            map.next_key_seed(UniqueKeySeed { what: "component", seen: &components, check_id: true })?
        {
            let cid = ComponentId::new(id.clone()).map_err(|e| A::Error::custom(e.to_string()))?;
            let component = map.next_value_seed(ComponentSeed { id: cid })?;
            components.insert(id, component);
        }
        Ok(components.into_values().collect())
    }
}

struct ComponentSeed {
    id: ComponentId,
}

impl<'de> DeserializeSeed<'de> for ComponentSeed {
    type Value = Component;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Component, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ComponentSeed {
    type Value = Component;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "component `{}` as a mapping with at least `kind`", self.id)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Component, E> {
        Err(E::custom(format!(
            "component `{}` has no fields: give it a kind, e.g. `{}: {{kind: service}}`",
            self.id, self.id
        )))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Component, A::Error> {
        let mut kind: Option<Kind> = None;
        let mut values: Vec<(ComponentField, FieldValue)> = Vec::new();
        let mut extra = Extra::new();
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key_seed(ComponentKeySeed {
            keys: KeySeed { known: &ComponentField::NAMES, seen: &mut seen },
            kind,
            id: &self.id,
        })? {
            if key.starts_with("x-") {
                extra.insert(key, map.next_value()?);
                continue;
            }
            let field = ComponentField::parse(&key).map_err(A::Error::custom)?;
            let value = map.next_value_seed(ValueSeed { field: field.as_str(), ty: field.field_type() })?;
            match value {
                FieldValue::Kind(k) => kind = Some(k),
                other => {
                    if let Some(k) = kind
                        && !field.applies_to(k)
                    {
                        return Err(A::Error::custom(format!("component `{}`: {}", self.id, field.not_applicable(k))));
                    }
                    values.push((field, other));
                }
            }
        }
        let kind = kind.ok_or_else(|| {
            A::Error::custom(format!("component `{}` has no `kind`: add one of: {}", self.id, Kind::accepted_list()))
        })?;
        let mut component = Component::new(self.id, kind);
        component.extra = extra;
        for (field, value) in values {
            component
                .set(field, Some(value))
                .map_err(|e| A::Error::custom(format!("component `{}`: {e}", component.id)))?;
        }
        Ok(component)
    }
}

/// A component's field name, refused at its own line when it does not
/// apply to the kind already read (`hit_ratio` on a service).
struct ComponentKeySeed<'a> {
    keys: KeySeed<'a>,
    kind: Option<Kind>,
    id: &'a ComponentId,
}

impl<'de> DeserializeSeed<'de> for ComponentKeySeed<'_> {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        let (kind, id) = (self.kind, self.id);
        self.keys.deserialize_checked(d, |key| match (kind, ComponentField::parse(key)) {
            (Some(kind), Ok(field)) if !field.applies_to(kind) => {
                Err(format!("component `{id}`: {}", field.not_applicable(kind)))
            }
            _ => Ok(()),
        })
    }
}

struct LinksSeed<'a> {
    /// The component ids, when `components:` came before `links:`.
    known: Option<&'a HashSet<&'a str>>,
}

impl<'de> DeserializeSeed<'de> for LinksSeed<'_> {
    type Value = Vec<Link>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<Link>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for LinksSeed<'_> {
    type Value = Vec<Link>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of links (`- {from: web, to: api, protocol: https}`)")
    }

    accept_null!(Vec<Link>);

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Link>, A::Error> {
        let mut links = Vec::new();
        let mut keys: HashSet<LinkKey> = HashSet::new();
        while let Some(link) = seq.next_element_seed(LinkSeed { known: self.known, keys: &keys })? {
            keys.insert(link.key());
            links.push(link);
        }
        Ok(links)
    }
}

struct LinkSeed<'a> {
    known: Option<&'a HashSet<&'a str>>,
    keys: &'a HashSet<LinkKey>,
}

impl<'de> DeserializeSeed<'de> for LinkSeed<'_> {
    type Value = Link;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Link, D::Error> {
        d.deserialize_any(self)
    }
}

impl LinkSeed<'_> {
    fn endpoint<E: de::Error>(&self, role: &str, id: String) -> Result<ComponentId, E> {
        let id = ComponentId::new(id).map_err(|e| E::custom(format!("link `{role}`: {e}")))?;
        if let Some(known) = self.known
            && !known.contains(id.as_str())
        {
            let hint = crate::domain::model::closest(id.as_str(), known.iter().copied())
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            return Err(E::custom(format!(
                "link `{role}: {id}` names a component that does not exist{hint}; define it under `components:` first"
            )));
        }
        Ok(id)
    }
}

impl<'de> Visitor<'de> for LinkSeed<'_> {
    type Value = Link;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a link: {from: ID, to: ID, protocol: ...}")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Link, A::Error> {
        let mut from = None;
        let mut to = None;
        let mut values = Vec::new();
        let mut extra = Extra::new();
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key_seed(KeySeed { known: &LinkField::FILE_KEYS, seen: &mut seen })? {
            match key.as_str() {
                "from" => {
                    let id = map.next_value_seed(TextSeed { field: "from", required: true })?;
                    from = Some(self.endpoint::<A::Error>("from", id)?);
                }
                "to" => {
                    let id = map.next_value_seed(TextSeed { field: "to", required: true })?;
                    to = Some(self.endpoint::<A::Error>("to", id)?);
                }
                k if k.starts_with("x-") => {
                    extra.insert(key, map.next_value()?);
                }
                _ => {
                    let field = LinkField::parse(&key).map_err(A::Error::custom)?;
                    let value = map.next_value_seed(ValueSeed { field: field.as_str(), ty: field.field_type() })?;
                    values.push((field, value));
                }
            }
        }
        let (Some(from), Some(to)) = (from, to) else {
            return Err(A::Error::custom("a link needs both `from` and `to`"));
        };
        if from == to {
            return Err(A::Error::custom(format!(
                "link from `{from}` to itself: self-links are not allowed; remove it or point it at another component"
            )));
        }
        let mut link = Link::new(from, to);
        link.extra = extra;
        for (field, value) in values {
            link.set(field, Some(value)).map_err(A::Error::custom)?;
        }
        if self.keys.contains(&link.key()) {
            return Err(A::Error::custom(format!(
                "duplicate link {}: a link with the same from, to and protocol is already listed; remove one",
                link.key()
            )));
        }
        Ok(link)
    }
}

/// A list whose items are read by a seed; `null` is the empty list.
struct ListSeed<S>(S);

impl<'de, S> DeserializeSeed<'de> for ListSeed<S>
where
    S: DeserializeSeed<'de> + Copy,
{
    type Value = Vec<S::Value>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, S> Visitor<'de> for ListSeed<S>
where
    S: DeserializeSeed<'de> + Copy,
{
    type Value = Vec<S::Value>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self.0)? {
            items.push(item);
        }
        Ok(items)
    }
}

#[derive(Clone, Copy)]
struct AcceptanceSeed;

impl<'de> DeserializeSeed<'de> for AcceptanceSeed {
    type Value = Acceptance;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Acceptance, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for AcceptanceSeed {
    type Value = Acceptance;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an accepted finding: {rule: ID, component: ID, reason: \"...\"}")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Acceptance, A::Error> {
        let (mut rule, mut component, mut reason) = (None, None, None);
        let mut extra = Extra::new();
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key_seed(KeySeed { known: ACCEPT_KEYS, seen: &mut seen })? {
            match key.as_str() {
                "rule" => rule = Some(map.next_value_seed(TextSeed { field: "rule", required: true })?),
                "component" => {
                    let id = map.next_value_seed(TextSeed { field: "component", required: true })?;
                    component = Some(ComponentId::new(id).map_err(|e| A::Error::custom(format!("`component`: {e}")))?);
                }
                "reason" => reason = Some(map.next_value_seed(TextSeed { field: "reason", required: true })?),
                _ => {
                    extra.insert(key, map.next_value()?);
                }
            }
        }
        let rule = rule.ok_or_else(|| A::Error::custom("an accepted finding needs the `rule` it accepts"))?;
        let reason = reason.ok_or_else(|| {
            A::Error::custom(format!("accepting `{rule}` needs a `reason`: say why the team accepts the risk"))
        })?;
        Ok(Acceptance { rule, component, reason, extra })
    }
}

#[derive(Clone, Copy)]
struct EntrySeed;

impl<'de> DeserializeSeed<'de> for EntrySeed {
    type Value = TranscriptEntry;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<TranscriptEntry, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for EntrySeed {
    type Value = TranscriptEntry;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an interview transcript entry {script, question, ask, answer, time, effects}")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TranscriptEntry, A::Error> {
        let mut entry = TranscriptEntry {
            script: String::new(),
            question: String::new(),
            ask: String::new(),
            answer: String::new(),
            time: String::new(),
            effects: Vec::new(),
            extra: Extra::new(),
        };
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key_seed(KeySeed { known: ENTRY_KEYS, seen: &mut seen })? {
            let text = |field| TextSeed { field, required: false };
            match key.as_str() {
                "script" => entry.script = map.next_value_seed(text("script"))?,
                "question" => entry.question = map.next_value_seed(text("question"))?,
                "ask" => entry.ask = map.next_value_seed(text("ask"))?,
                "answer" => entry.answer = map.next_value_seed(text("answer"))?,
                "time" => entry.time = map.next_value_seed(text("time"))?,
                "effects" => {
                    entry.effects = match map.next_value_seed(ValueSeed { field: "effects", ty: FieldType::List })? {
                        FieldValue::List(items) => items,
                        _ => Vec::new(),
                    }
                }
                _ => {
                    entry.extra.insert(key, map.next_value()?);
                }
            }
        }
        if entry.script.is_empty() || entry.question.is_empty() {
            return Err(A::Error::custom("an interview entry needs `script` and `question`"));
        }
        Ok(entry)
    }
}
