//! The strict reader of format 1. It validates while the YAML parser walks
//! the file (serde seeds carry the state), so every error is raised at the
//! scalar or mapping it is about and gets that line and column.

use std::collections::{HashMap, HashSet};
use std::fmt;

use indexmap::IndexMap;
use serde::de::{self, DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};

use super::yaml::{Path, Value};
use crate::model::{
    Acceptance, Component, ComponentField, ComponentId, Design, DesignHeader, Extra, FLOW_KEYS, FieldType, FieldValue,
    Flow, Kind, Link, LinkField, LinkKey, Range, RateLimit, RequirementField, Requirements, TranscriptEntry, Unstated,
    Zone, check_id, unknown_field,
};

/// The format versions this build reads.
pub const FORMAT_VERSION: u64 = 1;

const TOP_KEYS: &[&str] = &[
    "archcrit",
    "name",
    "description",
    "requirements",
    "unstated",
    "zones",
    "components",
    "accepted",
    "links",
    "flows",
    "interview",
];
const ZONE_KEYS: &[&str] = &["trust", "label"];
const ACCEPT_KEYS: &[&str] = &["rule", "component", "reason"];
const ENTRY_KEYS: &[&str] = &["script", "question", "ask", "answer", "time", "effects"];

/// What the document visitor produces; links that came before the
/// components they name are checked once everything has been read.
pub(super) struct Parsed {
    pub design: Design,
}

/// Problems found only after the whole document was read: the parser has
/// moved on, so they carry the path of the node they are about and the
/// position index (`yaml::Positions`) places them.
#[derive(Debug)]
pub(super) struct LateError {
    pub path: Path,
    pub message: String,
    pub hint: Option<String>,
}

/// A link's or flow's end naming no component, in the words used wherever
/// it is found (at the node while reading, or after the whole file).
fn unknown_endpoint<'a>(owner: &str, role: &str, id: &str, known: impl Iterator<Item = &'a str>) -> String {
    let hint = crate::model::closest(id, known).map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default();
    format!("{owner} `{role}: {id}` names a component that does not exist{hint}; define it under `components:` first")
}

/// Checks a link read before `components:` against the whole design.
fn late_link(design: &mut Design, i: usize, link: Link) -> Result<(), LateError> {
    let item = Path::default().key("links").index(i);
    let hint = Some("every link's `from` and `to` must be ids under `components:`".to_string());
    for (role, id) in [("from", &link.from), ("to", &link.to)] {
        if !design.contains(id.as_str()) {
            let message = unknown_endpoint("link", role, id.as_str(), design.ids().map(|c| c.as_str()));
            return Err(LateError { path: item.key(role), message, hint });
        }
    }
    design.insert_link(link, None).map_err(|e| LateError { path: item, message: e.to_string(), hint })
}

/// Checks a flow read before the components or links it names.
fn late_flow(design: &mut Design, id: String, flow: Flow) -> Result<(), LateError> {
    let at = Path::default().key("flows").key(&id);
    let hint = Some("a flow's `from` is a client and its `via` lists the components it passes".to_string());
    let ends = std::iter::once((at.key("from"), "from", &flow.from))
        .chain(flow.via.iter().enumerate().map(|(i, v)| (at.key("via").index(i), "via", v)));
    for (path, role, end) in ends {
        if !design.contains(end.as_str()) {
            let message = unknown_endpoint("flow", role, end.as_str(), design.ids().map(|c| c.as_str()));
            return Err(LateError { path, message, hint });
        }
    }
    design.insert_flow(id, flow).map_err(|e| LateError { path: at, message: e.to_string(), hint })
}

/// What a first reading of a file that failed tells the second one, so
/// that errors which depend on something later in the file get the line
/// of the thing that is wrong: a link read before `components:`, a field
/// read before its component's `kind`.
#[derive(Debug, Default)]
pub(super) struct Hints {
    /// Every component id in the file, when it could be read.
    pub ids: Option<HashSet<String>>,
    /// Each component's kind, where it names a valid one.
    pub kinds: HashMap<String, Kind>,
    /// Components written as a mapping without `kind`.
    pub kindless: HashSet<String>,
    /// Every link's ends, when `links:` could be read: with `ids` and
    /// `kinds`, enough to check flows at their own line.
    pub links: Option<Vec<(String, String)>>,
    /// This reading follows one that failed (see `Pass`).
    pub second_reading: bool,
}

impl Hints {
    /// A design with only the ids, kinds and link ends of the file, on a
    /// second reading where they are all known.
    fn scratch_design(&self) -> Option<Design> {
        if !self.second_reading {
            return None;
        }
        let (ids, links) = (self.ids.as_ref()?, self.links.as_ref()?);
        let mut design = Design::new("scratch");
        for id in ids {
            let kind = self.kinds.get(id).copied().unwrap_or(Kind::Service);
            let Ok(cid) = ComponentId::new(id.clone()) else { continue };
            let _ = design.insert_component(Component::new(cid, kind), None);
        }
        for (from, to) in links {
            if let (Ok(from), Ok(to)) = (ComponentId::new(from.clone()), ComponentId::new(to.clone())) {
                // A duplicate or stray link is the links section's error.
                let _ = design.insert_link(Link::new(from, to), None);
            }
        }
        Some(design)
    }
}

pub(super) struct DocumentSeed<'h> {
    pub hints: &'h Hints,
}

impl<'de> DeserializeSeed<'de> for DocumentSeed<'_> {
    type Value = Result<Parsed, LateError>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(DocumentVisitor { hints: self.hints })
    }
}

struct DocumentVisitor<'h> {
    hints: &'h Hints,
}

impl<'de> Visitor<'de> for DocumentVisitor<'_> {
    type Value = Result<Parsed, LateError>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a design: a mapping that starts with `archcrit: 1`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let pass = Pass { second: self.hints.second_reading };
        let mut version = None;
        let mut header = DesignHeader::default();
        let mut name = None;
        let mut components: Option<Vec<Component>> = None;
        let mut links: Option<Vec<Link>> = None;
        let mut flows: Vec<(String, Flow)> = Vec::new();
        // On a second reading, a stand-in design from the hints lets each
        // flow be checked at its own line.
        let scratch = self.hints.scratch_design();
        // Links read before `components:` are checked after the whole file
        // (on a second reading the hints know the ids up front).
        let mut deferred_links = false;
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key_seed(KeySeed { known: TOP_KEYS, seen: &mut seen })? {
            match key.as_str() {
                "archcrit" => version = Some(map.next_value_seed(VersionSeed)?),
                "name" => name = Some(map.next_value_seed(pass.text("name", true))?),
                "description" => header.description = Some(map.next_value_seed(pass.text("description", false))?),
                "requirements" => header.requirements = map.next_value_seed(RequirementsSeed { pass })?,
                "zones" => header.zones = map.next_value_seed(ZonesSeed { pass })?,
                "unstated" => header.unstated = map.next_value_seed(ListSeed(UnstatedSeed { pass }))?,
                "components" => {
                    components = Some(map.next_value_seed(ComponentsSeed {
                        kinds: &self.hints.kinds,
                        kindless: &self.hints.kindless,
                        pass,
                    })?)
                }
                "accepted" => header.accepted = map.next_value_seed(ListSeed(AcceptanceSeed { pass }))?,
                "interview" => header.interview = map.next_value_seed(ListSeed(EntrySeed { pass }))?,
                "flows" => flows = map.next_value_seed(FlowsSeed { scratch: scratch.as_ref(), pass })?,
                "links" => {
                    let known: Option<HashSet<&str>> = match &components {
                        Some(cs) => Some(cs.iter().map(|c| c.id.as_str()).collect()),
                        None => self.hints.ids.as_ref().map(|ids| ids.iter().map(String::as_str).collect()),
                    };
                    deferred_links = known.is_none();
                    links = Some(map.next_value_seed(LinksSeed { known: known.as_ref(), pass })?);
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
            if !deferred_links {
                design.insert_link(link, None).map_err(|e| A::Error::custom(e.to_string()))?;
            } else if let Err(late) = late_link(&mut design, i, link) {
                return Ok(Err(late));
            }
        }
        for (id, flow) in flows {
            if let Err(late) = late_flow(&mut design, id, flow) {
                return Ok(Err(late));
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
        d.deserialize_str(ScalarText {
            expecting: "a field name",
            check: |key: &str| {
                if key == "<<" {
                    return Err("`<<` merge keys are not part of YAML 1.2, which archcrit reads: write the fields \
                                out (an alias such as `*base` can still stand for a whole value)"
                        .into());
                }
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

/// A scalar as text, checked inside the visitor so that an error carries
/// the scalar's own line and column. Driven by `deserialize_str`, the YAML
/// reader hands over the scalar exactly as written (`tech: 3.10` is
/// "3.10", not the number 3.1); the other visitors serve readers that
/// cannot do that.
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

/// Which reading of the file this is. The first reads text exactly as
/// written (`tech: 3.10` is "3.10"), but on that path the YAML reader
/// cannot place a `null`; the second reading, only after an error, reads
/// text through YAML's own types so that a null is refused at its own line.
/// Text values hardly matter then, only where the error is (in theory two
/// links whose protocols are numbers spelt differently, `1.0` and `1.00`,
/// could then collide).
#[derive(Clone, Copy)]
struct Pass {
    second: bool,
}

impl Pass {
    fn text(self, field: &'static str, required: bool) -> TextSeed {
        TextSeed { field, required, pass: self }
    }
}

/// A text field. `null` (or nothing after the colon) is refused: a field
/// that has no value is left out, never silently read as empty text.
struct TextSeed {
    field: &'static str,
    required: bool,
    pass: Pass,
}

impl TextSeed {
    fn check(field: &str, required: bool, text: &str) -> Result<(), String> {
        if required && text.trim().is_empty() {
            return Err(format!("`{field}` cannot be empty"));
        }
        Ok(())
    }

    fn accept<E: de::Error>(&self, text: String) -> Result<String, E> {
        TextSeed::check(self.field, self.required, &text).map_err(E::custom)?;
        Ok(text)
    }
}

impl<'de> DeserializeSeed<'de> for TextSeed {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        if self.pass.second { d.deserialize_any(self) } else { d.deserialize_option(self) }
    }
}

impl<'de> Visitor<'de> for TextSeed {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "text for `{}` (quote it if it contains `: ` or starts with a bracket)", self.field)
    }

    fn visit_none<E: de::Error>(self) -> Result<String, E> {
        Err(E::custom(format!("`{}` has no value: give it text, or remove the line", self.field)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        self.visit_none()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        // Checked inside the scalar's own visitor, so an error has its line.
        let (field, required) = (self.field, self.required);
        d.deserialize_str(ScalarText { expecting: "text", check: |text: &str| TextSeed::check(field, required, text) })
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        self.accept(v.to_string())
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

/// A component id where the file names one (`from`, `to`, an accepted
/// finding's `component`), read exactly as written and checked against
/// the id rule.
struct IdSeed {
    field: &'static str,
}

impl<'de> DeserializeSeed<'de> for IdSeed {
    type Value = ComponentId;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<ComponentId, D::Error> {
        let field = self.field;
        let text = d.deserialize_str(ScalarText {
            expecting: "a component id",
            check: |id: &str| check_id(id).map_err(|e| format!("`{field}`: {e}")),
        })?;
        ComponentId::new(text).map_err(|e| D::Error::custom(format!("`{field}`: {e}")))
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
    pass: Pass,
}

impl<'de> DeserializeSeed<'de> for ValueSeed {
    type Value = FieldValue;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<FieldValue, D::Error> {
        if self.ty == FieldType::Text {
            // Text is read as written, not through YAML's number and
            // boolean types.
            return self.pass.text(self.field, false).deserialize(d).map(FieldValue::Text);
        }
        d.deserialize_any(self)
    }
}

impl ValueSeed {
    fn bad<E: de::Error>(&self, found: impl fmt::Display) -> E {
        E::custom(format!("expected {}, found {found}", self.ty.expected()))
    }

    fn number<E: de::Error>(self, n: f64, shown: String) -> Result<FieldValue, E> {
        if matches!(self.ty, FieldType::Count(_)) && n.fract() == 0.0 && n > f64::from(u32::MAX) {
            return Err(E::custom(format!(
                "{shown} is too large: expected {}, at most {}",
                self.ty.expected(),
                u32::MAX
            )));
        }
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
    // Integers past 64 bits: the parser hands them over whole.
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<FieldValue, E> {
        self.number(v as f64, v.to_string())
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<FieldValue, E> {
        self.number(v as f64, v.to_string())
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
            FieldType::Kind
            | FieldType::Auth
            | FieldType::Mode
            | FieldType::Access
            | FieldType::Consistency
            | FieldType::Replication
            | FieldType::Delivery => self.ty.parse(v).map_err(E::custom),
            // A number past the largest a float holds (`1e309`) reaches
            // here as text: say what it is.
            _ if v.trim().parse::<f64>().is_ok_and(f64::is_infinite) => {
                Err(E::custom(format!("`{v}` is too large a number: expected {}", self.ty.expected())))
            }
            // "the text" because `replicas: "3"` shows as `3`: the quotes made it text.
            _ => Err(self.bad(format!("the text `{v}`"))),
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
                // `30` and `30.0` are the same cell; `30.5` is not a cell.
                let whole = |v: &Value| match v.as_u64() {
                    Some(n) => u32::try_from(n).ok(),
                    None => v
                        .as_f64()
                        .filter(|n| n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(n))
                        .map(|n| n as u32),
                };
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
                while let Some(item) = seq.next_element_seed(self.pass.text(self.field, true))? {
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

/// A section given as an empty collection of the other shape (`components:
/// []`) still means "none"; a non-empty one is refused with `message`.
fn refuse_unless_empty<'de, A: SeqAccess<'de>, T: Default>(mut seq: A, message: &'static str) -> Result<T, A::Error> {
    seq.next_element_seed(Refuse(message))?;
    Ok(T::default())
}

fn refuse_unless_empty_map<'de, A: MapAccess<'de>, T: Default>(
    mut map: A,
    message: &'static str,
) -> Result<T, A::Error> {
    map.next_key_seed(Refuse(message))?;
    Ok(T::default())
}

/// Refuses whatever item it is given, at that item's line.
struct Refuse(&'static str);

impl<'de> DeserializeSeed<'de> for Refuse {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Refuse {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.0)
    }
    fn visit_map<A: MapAccess<'de>>(self, _map: A) -> Result<(), A::Error> {
        Err(A::Error::custom(self.0))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _seq: A) -> Result<(), A::Error> {
        Err(A::Error::custom(self.0))
    }
    fn visit_str<E: de::Error>(self, _v: &str) -> Result<(), E> {
        Err(E::custom(self.0))
    }
    fn visit_bool<E: de::Error>(self, _v: bool) -> Result<(), E> {
        Err(E::custom(self.0))
    }
    fn visit_i64<E: de::Error>(self, _v: i64) -> Result<(), E> {
        Err(E::custom(self.0))
    }
    fn visit_u64<E: de::Error>(self, _v: u64) -> Result<(), E> {
        Err(E::custom(self.0))
    }
    fn visit_f64<E: de::Error>(self, _v: f64) -> Result<(), E> {
        Err(E::custom(self.0))
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Err(E::custom(self.0))
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

struct RequirementsSeed {
    pass: Pass,
}

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
            let value =
                map.next_value_seed(ValueSeed { field: field.as_str(), ty: field.field_type(), pass: self.pass })?;
            req.set(field, Some(value)).map_err(A::Error::custom)?;
        }
        Ok(req)
    }
}

struct ZonesSeed {
    pass: Pass,
}

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

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        refuse_unless_empty(seq, "`zones` is a mapping keyed by zone name: write e.g. `internet: {trust: untrusted}`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut zones = IndexMap::new();
        while let Some(name) =
            map.next_key_seed(UniqueKeySeed { what: "zone", seen: &zones, check_id: false, kindless: None })?
        {
            let zone = map.next_value_seed(ZoneSeed { pass: self.pass })?;
            zones.insert(name, zone);
        }
        Ok(zones)
    }
}

struct ZoneSeed {
    pass: Pass,
}

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
                "trust" => zone.trust = Some(map.next_value_seed(self.pass.text("trust", true))?),
                "label" => zone.label = Some(map.next_value_seed(self.pass.text("label", false))?),
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
    /// Components known (on a second reading) to have no `kind`: refused
    /// at the id's own line.
    kindless: Option<&'a HashSet<String>>,
}

impl<'de, V> DeserializeSeed<'de> for UniqueKeySeed<'_, V> {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        let UniqueKeySeed { what, seen, check_id: is_id, kindless } = self;
        // Names are read as written: `007:` is the id "007", `1e3:` is
        // "1e3", never a number.
        d.deserialize_str(ScalarText {
            expecting: "a name",
            check: |key: &str| {
                if is_id {
                    check_id(key).map_err(|e| format!("component id {e}"))?;
                }
                if seen.contains_key(key) {
                    return Err(format!("duplicate {what} id `{key}`: ids must be unique; rename one of them"));
                }
                if kindless.is_some_and(|k| k.contains(key)) {
                    return Err(no_kind(key));
                }
                Ok(())
            },
        })
    }
}

struct ComponentsSeed<'h> {
    kinds: &'h HashMap<String, Kind>,
    kindless: &'h HashSet<String>,
    pass: Pass,
}

impl<'de> DeserializeSeed<'de> for ComponentsSeed<'_> {
    type Value = Vec<Component>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ComponentsSeed<'_> {
    type Value = Vec<Component>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a mapping of component ids to components (`orders: {kind: service}`)")
    }

    accept_null!(Vec<Component>);

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        refuse_unless_empty(
            seq,
            "`components` is a mapping keyed by id, not a list: write `orders: {kind: service}` instead of `- id: orders`",
        )
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut components: IndexMap<String, Component> = IndexMap::new();
        while let Some(id) = map.next_key_seed(UniqueKeySeed {
            what: "component",
            seen: &components,
            check_id: true,
            kindless: Some(self.kindless),
        })? {
            let cid = ComponentId::new(id.clone()).map_err(|e| A::Error::custom(e.to_string()))?;
            let hinted_kind = self.kinds.get(&id).copied();
            let component = map.next_value_seed(ComponentSeed { id: cid, hinted_kind, pass: self.pass })?;
            components.insert(id, component);
        }
        Ok(components.into_values().collect())
    }
}

struct ComponentSeed {
    id: ComponentId,
    /// The kind this component turned out to have, on a second reading.
    hinted_kind: Option<Kind>,
    pass: Pass,
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

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Component, E> {
        Err(E::custom(format!(
            "component `{}` is a mapping of fields, not `{v}`: write e.g. `{}: {{kind: service}}`",
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
            kind: kind.or(self.hinted_kind),
            id: &self.id,
        })? {
            if key.starts_with("x-") {
                extra.insert(key, map.next_value()?);
                continue;
            }
            let field = ComponentField::parse(&key).map_err(A::Error::custom)?;
            let value =
                map.next_value_seed(ValueSeed { field: field.as_str(), ty: field.field_type(), pass: self.pass })?;
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
        let kind = kind.ok_or_else(|| A::Error::custom(no_kind(self.id.as_str())))?;
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

fn no_kind(id: &str) -> String {
    format!("component `{id}` has no `kind`: add one of: {}", Kind::accepted_list())
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
    /// The component ids, when `components:` came before `links:` (or this
    /// is the second reading).
    known: Option<&'a HashSet<&'a str>>,
    pass: Pass,
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

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Vec<Link>, A::Error> {
        refuse_unless_empty_map(map, "`links` is a list: write each link as `- {from: web, to: api}`")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Link>, A::Error> {
        let mut links = Vec::new();
        let mut keys: HashSet<LinkKey> = HashSet::new();
        while let Some(link) = seq.next_element_seed(LinkSeed { known: self.known, keys: &keys, pass: self.pass })? {
            keys.insert(link.key());
            links.push(link);
        }
        Ok(links)
    }
}

struct LinkSeed<'a> {
    known: Option<&'a HashSet<&'a str>>,
    keys: &'a HashSet<LinkKey>,
    pass: Pass,
}

impl<'de> DeserializeSeed<'de> for LinkSeed<'_> {
    type Value = Link;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Link, D::Error> {
        d.deserialize_any(self)
    }
}

/// A link's `from` or `to`: a valid id that names a component, checked at
/// the id's own line (against the ids read so far, or all of them when the
/// file is read a second time after an error).
struct EndpointSeed<'a> {
    /// "link" or "flow": whose field this is.
    owner: &'static str,
    role: &'static str,
    known: Option<&'a HashSet<&'a str>>,
}

impl<'de> DeserializeSeed<'de> for EndpointSeed<'_> {
    type Value = ComponentId;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<ComponentId, D::Error> {
        let (owner, role, known) = (self.owner, self.role, self.known);
        let text = d.deserialize_str(ScalarText {
            expecting: "a component id",
            check: |id: &str| {
                check_id(id).map_err(|e| format!("{owner} `{role}`: {e}"))?;
                if let Some(known) = known
                    && !known.contains(id)
                {
                    return Err(unknown_endpoint(owner, role, id, known.iter().copied()));
                }
                Ok(())
            },
        })?;
        ComponentId::new(text).map_err(|e| D::Error::custom(format!("{owner} `{role}`: {e}")))
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
                    from = Some(map.next_value_seed(EndpointSeed { owner: "link", role: "from", known: self.known })?)
                }
                "to" => {
                    to = Some(map.next_value_seed(EndpointSeed { owner: "link", role: "to", known: self.known })?)
                }
                k if k.starts_with("x-") => {
                    extra.insert(key, map.next_value()?);
                }
                _ => {
                    let field = LinkField::parse(&key).map_err(A::Error::custom)?;
                    let value = map.next_value_seed(ValueSeed {
                        field: field.as_str(),
                        ty: field.field_type(),
                        pass: self.pass,
                    })?;
                    values.push((field, value));
                }
            }
        }
        let (from, to) = match (from, to) {
            (Some(from), Some(to)) => (from, to),
            (None, None) => return Err(A::Error::custom("a link needs `from` and `to` (component ids)")),
            (None, Some(to)) => {
                return Err(A::Error::custom(format!("the link to `{to}` has no `from`: add the id it starts at")));
            }
            (Some(from), None) => {
                return Err(A::Error::custom(format!("the link from `{from}` has no `to`: add the id it points at")));
            }
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

/// The refusal of one value where a list goes.
fn one_item<E: de::Error>(v: impl fmt::Display) -> E {
    E::custom(format!(
        "this is a list, and `{v}` is one value: write `[{v}]`, or each item on its own line starting with `- `"
    ))
}

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

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        refuse_unless_empty_map(map, "this is a list: write each item on its own line starting with `- `")
    }

    // A lone value where a list goes: say how to write it as one.
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Err(one_item(v))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Err(one_item(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Err(one_item(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Err(one_item(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Err(one_item(v))
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
struct AcceptanceSeed {
    pass: Pass,
}

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
                "rule" => rule = Some(map.next_value_seed(self.pass.text("rule", true))?),
                "component" => component = Some(map.next_value_seed(IdSeed { field: "component" })?),
                "reason" => reason = Some(map.next_value_seed(self.pass.text("reason", true))?),
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
struct EntrySeed {
    pass: Pass,
}

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
            let text = |field| self.pass.text(field, false);
            match key.as_str() {
                "script" => entry.script = map.next_value_seed(text("script"))?,
                "question" => entry.question = map.next_value_seed(text("question"))?,
                "ask" => entry.ask = map.next_value_seed(text("ask"))?,
                "answer" => entry.answer = map.next_value_seed(text("answer"))?,
                "time" => entry.time = map.next_value_seed(text("time"))?,
                "effects" => {
                    entry.effects = match map.next_value_seed(ValueSeed {
                        field: "effects",
                        ty: FieldType::List,
                        pass: self.pass,
                    })? {
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

/// One word of the `unstated:` list (auth, rate_limit, tls, capacity, slo).
#[derive(Clone, Copy)]
struct UnstatedSeed {
    pass: Pass,
}

impl<'de> DeserializeSeed<'de> for UnstatedSeed {
    type Value = Unstated;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Unstated, D::Error> {
        let word = self.pass.text("unstated", true).deserialize(d)?;
        Unstated::parse(word.trim()).map_err(D::Error::custom)
    }
}

/// `flows:`, a mapping of flow ids to flows. Each flow is checked against
/// the design at its own line when the components and links are known
/// (`scratch`, on a second reading); otherwise once the file is read.
struct FlowsSeed<'a> {
    scratch: Option<&'a Design>,
    pass: Pass,
}

impl<'de> DeserializeSeed<'de> for FlowsSeed<'_> {
    type Value = Vec<(String, Flow)>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for FlowsSeed<'_> {
    type Value = Vec<(String, Flow)>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a mapping of flow ids to flows (`read-timeline: {from: reader, via: [api, db]}`)")
    }

    accept_null!(Vec<(String, Flow)>);

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        refuse_unless_empty(
            seq,
            "`flows` is a mapping keyed by flow id: write e.g. `checkout: {from: web, via: [api]}`",
        )
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut flows: IndexMap<String, Flow> = IndexMap::new();
        while let Some(id) =
            map.next_key_seed(UniqueKeySeed { what: "flow", seen: &flows, check_id: true, kindless: None })?
        {
            let flow = map.next_value_seed(FlowSeed { id: &id, scratch: self.scratch, pass: self.pass })?;
            flows.insert(id, flow);
        }
        Ok(flows.into_iter().collect())
    }
}

struct FlowSeed<'a> {
    id: &'a str,
    scratch: Option<&'a Design>,
    pass: Pass,
}

impl<'de> DeserializeSeed<'de> for FlowSeed<'_> {
    type Value = Flow;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Flow, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for FlowSeed<'_> {
    type Value = Flow;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "flow `{}` as a mapping: {{from: CLIENT, via: [ID, ...], rps: ...}}", self.id)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Flow, A::Error> {
        let known: Option<HashSet<&str>> = self.scratch.map(|d| d.ids().map(|c| c.as_str()).collect());
        let mut from = None;
        let mut via = Vec::new();
        let mut numbers: [Option<f64>; 4] = [None; 4];
        let mut label = None;
        let mut extra = Extra::new();
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key_seed(KeySeed { known: FLOW_KEYS, seen: &mut seen })? {
            let slot = |name: &str| match name {
                "rps" => Some((0, Range::NonNegative)),
                "latency_budget_ms" => Some((1, Range::Positive)),
                "p99_budget_ms" => Some((2, Range::Positive)),
                "availability_slo" => Some((3, Range::Percent)),
                _ => None,
            };
            match key.as_str() {
                "from" => {
                    from = Some(map.next_value_seed(EndpointSeed {
                        owner: "flow",
                        role: "from",
                        known: known.as_ref(),
                    })?)
                }
                "via" => via = map.next_value_seed(ViaSeed { known: known.as_ref() })?,
                "label" => label = Some(map.next_value_seed(self.pass.text("label", false))?),
                k if k.starts_with("x-") => {
                    extra.insert(key, map.next_value()?);
                }
                other => {
                    if let Some((i, range)) = slot(other) {
                        let field = FLOW_KEYS.iter().copied().find(|k| *k == other).unwrap_or("rps");
                        let value =
                            map.next_value_seed(ValueSeed { field, ty: FieldType::Number(range), pass: self.pass })?;
                        if let FieldValue::Number(n) = value {
                            numbers[i] = Some(n);
                        }
                    }
                }
            }
        }
        let from = from.ok_or_else(|| {
            A::Error::custom(format!("flow `{}` has no `from`: name the client that sends it", self.id))
        })?;
        let mut flow = Flow::new(from, via);
        [flow.rps, flow.latency_budget_ms, flow.p99_budget_ms, flow.availability_slo] = numbers;
        flow.label = label;
        flow.extra = extra;
        if let Some(design) = self.scratch {
            design.check_flow(self.id, &flow).map_err(A::Error::custom)?;
        }
        Ok(flow)
    }
}

/// A flow's `via`: a list of component ids, each checked at its own line
/// when the ids are known.
struct ViaSeed<'a> {
    known: Option<&'a HashSet<&'a str>>,
}

impl<'de> DeserializeSeed<'de> for ViaSeed<'_> {
    type Value = Vec<ComponentId>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ViaSeed<'_> {
    type Value = Vec<ComponentId>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of component ids (`via: [gateway, orders, orders-db]`)")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut ids = Vec::new();
        while let Some(id) = seq.next_element_seed(EndpointSeed { owner: "flow", role: "via", known: self.known })? {
            ids.push(id);
        }
        Ok(ids)
    }
}
