//! Test-only: where the YAML crate's own parser (the one that reads
//! designs) puts a node, found by a walk that raises an error at the node
//! and reading the position the crate stamps on it. The reference the
//! one-pass index (`positions.rs`) is proved against; never used to answer.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::locate::{Path, Step};

/// The marker our walk raises at the wanted node; never shown.
const FOUND: &str = "\u{0}archcrit: the node is here";

/// (line, column), 1-based, of the node at `path` in `text`: a key's own
/// position for a path ending in a key, the item's for one ending in an
/// index. `None` when the path is not in the document or the text does
/// not parse as far as it.
pub fn parser_position(text: &str, path: &Path) -> Option<(usize, usize)> {
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
    use crate::file::yaml::Positions;

    /// Every YAML file of the project's fixtures, examples and interview
    /// scripts (one document each; multi-document streams are imports).
    fn corpus() -> Vec<(String, String)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut dirs = vec![root.join("tests/fixtures"), root.join("assets")];
        let mut files = Vec::new();
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    if Positions::read(&text).second_document_line().is_none() {
                        files.push((path.display().to_string(), text));
                    }
                }
            }
        }
        files
    }

    #[test]
    fn the_index_and_the_parser_agree_on_every_node_of_every_fixture() {
        let files = corpus();
        assert!(files.len() >= 20, "{} files", files.len());
        let designs = files.iter().filter(|(_, t)| t.contains("archcrit: 1")).count();
        let interviews = files.iter().filter(|(_, t)| t.contains("questions:")).count();
        assert!(designs >= 5 && interviews >= 3, "{designs} designs, {interviews} interview scripts");
        let mut checked = 0;
        for (name, text) in &files {
            let index = Positions::read(text);
            assert_eq!(index.broken(), None, "{name}");
            for (path, place) in index.all().into_iter().filter(|(p, _)| !p.0.is_empty()) {
                assert_eq!(parser_position(text, &path), Some(place.at()), "{name}: {path}");
                checked += 1;
            }
        }
        assert!(checked > 1000, "{checked} nodes");
    }
}
