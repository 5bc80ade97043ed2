//! Paths into a YAML document (`components.api.replicas`,
//! `questions[2].effects[0]`) and `locate`, the one-off question "where is
//! this path" answered by the one-pass position index (`positions.rs`);
//! callers asking about many paths of one text read a `Positions` once.

use std::fmt;

/// One step of a path: a mapping key or a sequence index.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// A path into a YAML document.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
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

/// (line, column), 1-based, of the node at `path` in `text`: a key's own
/// position for a path ending in a key, the item's for one ending in an
/// index. `None` when the path is not in the document or the text does
/// not parse as far as it.
pub fn locate(text: &str, path: &Path) -> Option<(usize, usize)> {
    super::Positions::read(text).at(path)
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
