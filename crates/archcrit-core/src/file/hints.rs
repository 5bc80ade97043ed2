//! A quick first look at a design file that failed to load: every
//! component id and kind, read without judging anything else, so that the
//! strict reader can read the file again and point at the line of the real
//! mistake (a link before `components:`, a field before `kind`).

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

use super::de::Hints;
use super::yaml::Value;
use crate::model::{ComponentField, Kind};

/// Reads the hints out of a whole document; any shape it does not expect
/// is an error, and the caller then does without hints.
pub(super) struct HintsSeed;

impl<'de> DeserializeSeed<'de> for HintsSeed {
    type Value = Hints;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Hints, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for HintsSeed {
    type Value = Hints;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a design")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Hints, A::Error> {
        let mut hints = Hints::default();
        while let Some(key) = map.next_key::<String>()? {
            if key == "components" {
                let found = map.next_value_seed(ComponentsHints)?;
                hints.ids = Some(found.ids);
                hints.kinds = found.kinds;
                hints.kindless = found.kindless;
            } else if key == "links" {
                // Only the ends matter; a shape the strict reader refuses
                // leaves the hint out.
                let links: Value = map.next_value()?;
                hints.links = link_ends(&links);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(hints)
    }
}

/// `(from, to)` of every link, when each is a mapping with both as text.
fn link_ends(links: &Value) -> Option<Vec<(String, String)>> {
    let mut ends = Vec::new();
    for link in links.as_sequence()? {
        let end = |k: &str| link.get(k).and_then(Value::as_str).map(str::to_string);
        ends.push((end("from")?, end("to")?));
    }
    Some(ends)
}

struct ComponentsHints;

#[derive(Default)]
struct Found {
    ids: HashSet<String>,
    kinds: HashMap<String, Kind>,
    kindless: HashSet<String>,
}

impl<'de> DeserializeSeed<'de> for ComponentsHints {
    type Value = Found;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ComponentsHints {
    type Value = Found;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("components")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found = Found::default();
        while let Some(id) = map.next_key_seed(RawText)? {
            if found.ids.contains(&id) {
                // A duplicate id (refused by the strict reader): which of
                // the two a hint would describe is unknown, so give none.
                found.kinds.remove(&id);
                found.kindless.remove(&id);
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            match map.next_value_seed(KindOf)? {
                KindField::Valid(kind) => {
                    found.kinds.insert(id.clone(), kind);
                }
                KindField::Missing => {
                    found.kindless.insert(id.clone());
                }
                KindField::Other => {}
            }
            found.ids.insert(id);
        }
        Ok(found)
    }
}

/// A scalar exactly as written (ids are text, whatever YAML makes of them).
struct RawText;

impl<'de> DeserializeSeed<'de> for RawText {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for RawText {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("text")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }
}

/// What one component says about its kind.
enum KindField {
    Valid(Kind),
    /// A mapping with no `kind` key.
    Missing,
    /// Anything else: an unknown kind, or not a mapping at all (the strict
    /// reader explains those where they are).
    Other,
}

struct KindOf;

impl<'de> DeserializeSeed<'de> for KindOf {
    type Value = KindField;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<KindField, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KindOf {
    type Value = KindField;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a component")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<KindField, A::Error> {
        let mut kind = KindField::Missing;
        while let Some(key) = map.next_key_seed(RawText)? {
            if !(ComponentField::NAMES.contains(&key.as_str()) || key.starts_with("x-")) {
                // An unknown key is the better first error for this
                // component than its missing kind.
                kind = KindField::Other;
                map.next_value::<IgnoredAny>()?;
            } else if matches!(kind, KindField::Other) {
                map.next_value::<IgnoredAny>()?;
            } else if key == "kind" {
                kind = match map.next_value_seed(RawText)?.parse().ok() {
                    Some(k) => KindField::Valid(k),
                    None => KindField::Other,
                };
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(kind)
    }

    fn visit_unit<E: de::Error>(self) -> Result<KindField, E> {
        Ok(KindField::Other)
    }

    fn visit_str<E: de::Error>(self, _v: &str) -> Result<KindField, E> {
        Ok(KindField::Other)
    }
}
