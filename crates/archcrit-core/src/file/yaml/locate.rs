//! Where a node is: maps a path (`components.api.replicas`,
//! `questions[2].effects[0]`) to its 1-based line and column, as the YAML
//! crate's own parser marks it (flow or block style, quotes, anchors all
//! read as the parser reads them). The walk follows the path and raises an
//! error at the node it wants; the crate stamps that error with the node's
//! position. One parse per lookup, stopping at the node: for the error path
//! and for small files (interview scripts), not for every node of a design.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// One step of a path: a mapping key or a sequence index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// A path into a YAML document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Path(pub Vec<Step>);

impl Path {
    /// Reads `a.b[2].c`: dots between keys, `[N]` for an index. Keys holding
    /// a dot or a bracket need `Path(vec![...])` instead.
    pub fn parse(text: &str) -> Path {
        let mut steps = Vec::new();
        for part in text.split('.').filter(|p| !p.is_empty()) {
            let (key, mut rest) = part.split_once('[').map_or((part, ""), |(k, r)| (k, r));
            if !key.is_empty() {
                steps.push(Step::Key(key.to_string()));
            }
            while let Some((index, after)) = rest.split_once(']') {
                if let Ok(i) = index.parse() {
                    steps.push(Step::Index(i));
                }
                rest = after.strip_prefix('[').unwrap_or(after);
            }
        }
        Path(steps)
    }

    /// This path, then a key.
    pub fn key(&self, key: &str) -> Path {
        let mut steps = self.0.clone();
        steps.push(Step::Key(key.to_string()));
        Path(steps)
    }

    /// This path, then an index.
    pub fn index(&self, i: usize) -> Path {
        let mut steps = self.0.clone();
        steps.push(Step::Index(i));
        Path(steps)
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, step) in self.0.iter().enumerate() {
            match step {
                Step::Key(k) if n == 0 => write!(f, "{k}")?,
                Step::Key(k) => write!(f, ".{k}")?,
                Step::Index(i) => write!(f, "[{i}]")?,
            }
        }
        Ok(())
    }
}

/// The marker our walk raises at the wanted node; never shown.
const FOUND: &str = "\u{0}archcrit: the node is here";

/// (line, column), 1-based, of the node at `path` in `text`: a key's own
/// position for a path ending in a key, the item's for one ending in an
/// index. `None` when the path is not in the document or the text does
/// not parse as far as it.
pub fn locate(text: &str, path: &Path) -> Option<(usize, usize)> {
    super::shallow(text).ok()?;
    let de = serde_yaml::Deserializer::from_str(text);
    match (Walk { path: &path.0 }).deserialize(de) {
        Err(e) if e.to_string().contains(FOUND) => e.location().map(|l| (l.line(), l.column())),
        _ => None,
    }
}

/// Follows the rest of a path from the node the deserializer stands on.
struct Walk<'p> {
    path: &'p [Step],
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        if self.path.is_empty() {
            return d.deserialize_any(Here);
        }
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a mapping or a sequence")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Some((Step::Key(want), rest)) = self.path.split_first() else { return Ok(()) };
        while let Some(matched) = map.next_key_seed(KeyIs { want, last: rest.is_empty() })? {
            if matched {
                return map.next_value_seed(Walk { path: rest });
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Some((Step::Index(want), rest)) = self.path.split_first() else { return Ok(()) };
        for _ in 0..*want {
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Ok(());
            }
        }
        seq.next_element_seed(Walk { path: rest }).map(|_| ())
    }

    // A scalar where the path goes on: the path is not in the document.
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
}

/// Whether a key is the wanted one; the wanted last key raises the marker
/// itself, so the position is the key's.
struct KeyIs<'w> {
    want: &'w str,
    last: bool,
}

impl KeyIs<'_> {
    fn check<E: de::Error>(&self, key: &str) -> Result<bool, E> {
        match key == self.want {
            true if self.last => Err(E::custom(FOUND)),
            matched => Ok(matched),
        }
    }
}

impl<'de> DeserializeSeed<'de> for KeyIs<'_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KeyIs<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        self.check(v)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
        self.check(&v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<bool, E> {
        self.check(&v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<bool, E> {
        self.check(&v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<bool, E> {
        self.check(&v.to_string())
    }
    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        self.check("null")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(false)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(false)
    }
}

/// Raises the marker at whatever node it is asked to read.
struct Here;

impl<'de> Visitor<'de> for Here {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any node")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(de::Error::custom(FOUND))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(de::Error::custom(FOUND))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DESIGN: &str = "archcrit: 1\nname: x\ncomponents:\n  web:\n    kind: client\n  api: {kind: service, replicas: 3}\n  db:\n    kind: database\n    replicas: 2\nlinks:\n  - from: web\n    to: api\n  - {from: api, to: db}\n";

    fn at(text: &str, path: &str) -> Option<(usize, usize)> {
        locate(text, &Path::parse(path))
    }

    #[test]
    fn keys_are_found_in_block_and_flow_style() {
        assert_eq!(at(DESIGN, "name"), Some((2, 1)));
        assert_eq!(at(DESIGN, "components.web"), Some((4, 3)));
        assert_eq!(at(DESIGN, "components.api.replicas"), Some((6, 24)));
        assert_eq!(at(DESIGN, "components.db.replicas"), Some((9, 5)));
    }

    #[test]
    fn items_are_found_by_index() {
        assert_eq!(at(DESIGN, "links[0]").map(|p| p.0), Some(11));
        assert_eq!(at(DESIGN, "links[1]").map(|p| p.0), Some(13));
        assert_eq!(at(DESIGN, "links[1].to"), Some((13, 17)));
    }

    #[test]
    fn a_missing_path_or_a_broken_file_has_no_place() {
        assert_eq!(at(DESIGN, "components.cache"), None);
        assert_eq!(at(DESIGN, "links[5]"), None);
        assert_eq!(at(DESIGN, "name.deeper"), None);
        assert_eq!(at("a: [1, 2\nb: 3\n", "b"), None);
    }

    #[test]
    fn paths_read_and_print_alike() {
        let p = Path::parse("questions[2].effects[0].set");
        assert_eq!(p.to_string(), "questions[2].effects[0].set");
        assert_eq!(p.0.len(), 5);
        assert_eq!(Path::parse("questions").index(1).key("ask").to_string(), "questions[1].ask");
    }
}
