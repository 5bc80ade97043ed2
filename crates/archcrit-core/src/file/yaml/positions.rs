//! Where every node of a YAML document is, read in one pass: a path
//! (`components.api.replicas`, `questions[2].effects[0]`) maps to the
//! 1-based line and column of its key and of its value. The one answer to
//! "which line is this key" for designs, interview scripts, SARIF and error
//! messages. Read with a safe event parser (saphyr-parser, used only here);
//! a test proves it agrees with the positions the YAML crate's own parser
//! stamps on its errors (`locate.rs`).

use rustc_hash::FxHashMap;
use saphyr_parser::{Event, Parser, Span};

use super::locate::{Path, Step};

/// (line, column), both 1-based; columns count characters.
pub type At = (usize, usize);

/// Where one node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// The key's position for a mapping value; `None` for a sequence item
    /// and for the document itself.
    pub key: Option<At>,
    /// Where the value starts (for a block mapping, its first key).
    pub value: At,
}

impl Place {
    /// The key's position for a mapping value, the item's own otherwise.
    pub fn at(&self) -> At {
        self.key.unwrap_or(self.value)
    }
}

/// Why the reader stopped before the end of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Broken {
    pub at: At,
    /// A flow collection (`[` or `{`) was still open there.
    pub in_flow: bool,
    /// The error points at the opening quote of a scalar that never closes.
    pub open_quote: bool,
}

/// The positions of a whole document (the first, when the text holds more).
#[derive(Debug, Default)]
pub struct Positions {
    places: Vec<Place>,
    children: FxHashMap<(u32, Step), u32>,
    second_document: Option<usize>,
    first_alias: Option<usize>,
    broken: Option<Broken>,
}

/// What the innermost open collection is waiting for.
enum Frame {
    Map {
        node: u32,
        flow: bool,
        key: Key,
    },
    Seq {
        node: u32,
        flow: bool,
        next: usize,
    },
    /// Inside a mapping or sequence used as a key: nothing is recorded.
    Skip {
        depth: usize,
        flow: bool,
    },
}

enum Key {
    Expected,
    Read(String, At),
    /// A collection as a key: its value has no path.
    Complex(At),
}

/// What a node does in its parent.
enum Role {
    Root,
    Child(u32, Step, Option<At>),
    /// A value without a path (under a complex key), still recorded so
    /// that its children have a parent.
    Orphan(Option<At>),
    KeyText,
    Ignored,
}

impl Positions {
    /// Reads `text` once, recording every node of its first document. Stops
    /// at the first syntax error, keeping what came before it.
    pub fn read(text: &str) -> Positions {
        let mut reader = Reader { text, cursor: (0, 0), pos: Positions::default(), stack: Vec::new() };
        reader.run();
        reader.pos
    }

    fn node(&self, path: &Path) -> Option<u32> {
        if self.places.is_empty() {
            return None;
        }
        let mut node = 0u32;
        for step in &path.0 {
            // The map owns its keys; a lookup needs an owned step (cheap
            // next to a parse, and paths are short).
            node = *self.children.get(&(node, step.clone()))?;
        }
        Some(node)
    }

    /// Where the node at `path` is; `None` when the document has no such
    /// path (or breaks before it).
    pub fn place(&self, path: &Path) -> Option<Place> {
        self.node(path).and_then(|n| self.places.get(n as usize).copied())
    }

    /// A key's position for a path ending in a key, the item's for one
    /// ending in an index (what an editor should jump to).
    pub fn at(&self, path: &Path) -> Option<At> {
        self.place(path).map(|p| p.at())
    }

    /// The keys of the mapping at `path`, with where each key is.
    pub fn keys_under(&self, path: &Path) -> Vec<(&str, At)> {
        let Some(parent) = self.node(path) else { return Vec::new() };
        let mut keys: Vec<(&str, At)> = self
            .children
            .iter()
            .filter(|((p, _), _)| *p == parent)
            .filter_map(|((_, step), child)| match step {
                Step::Key(k) => Some((k.as_str(), self.places.get(*child as usize)?.at())),
                Step::Index(_) => None,
            })
            .collect();
        keys.sort_by_key(|(_, at)| *at);
        keys
    }

    /// Every path of the document with its place, in document order.
    pub fn all(&self) -> Vec<(Path, Place)> {
        let mut parent_of: Vec<Option<(u32, &Step)>> = vec![None; self.places.len()];
        for ((parent, step), child) in &self.children {
            if let Some(slot) = parent_of.get_mut(*child as usize) {
                *slot = Some((*parent, step));
            }
        }
        let path_of = |mut node: u32| {
            let mut steps = Vec::new();
            while let Some(Some((parent, step))) = parent_of.get(node as usize) {
                steps.push((*step).clone());
                node = *parent;
            }
            steps.reverse();
            Path(steps)
        };
        let mut all: Vec<(Path, Place)> = (0..self.places.len() as u32)
            .filter(|n| *n == 0 || parent_of.get(*n as usize).is_some_and(Option::is_some))
            .filter_map(|n| Some((path_of(n), *self.places.get(n as usize)?)))
            .collect();
        all.sort_by_key(|(_, place)| place.at());
        all
    }

    /// The line where a second document starts, if the text has one.
    pub fn second_document_line(&self) -> Option<usize> {
        self.second_document
    }

    /// The line of the first alias (`*name`) of the document.
    pub fn first_alias_line(&self) -> Option<usize> {
        self.first_alias
    }

    /// Where and how the text stopped being YAML, if it did.
    pub fn broken(&self) -> Option<Broken> {
        self.broken
    }
}

/// The event parser alone over `text` (events read), the benches'
/// baseline for what `Positions::read` adds to it.
#[doc(hidden)]
pub fn event_count(text: &str) -> usize {
    Parser::new_from_str(text).count()
}

struct Reader<'t> {
    text: &'t str,
    /// (char index, byte offset) of the last position looked at, so that
    /// finding the character under a marker walks the text once.
    cursor: (usize, usize),
    pos: Positions,
    stack: Vec<Frame>,
}

impl Reader<'_> {
    fn run(&mut self) {
        let mut documents = 0;
        for event in Parser::new_from_str(self.text) {
            let (event, span) = match event {
                Ok(e) => e,
                Err(e) => {
                    let m = e.marker();
                    let in_flow = self.stack.iter().any(|f| match f {
                        Frame::Map { flow, .. } | Frame::Seq { flow, .. } | Frame::Skip { flow, .. } => *flow,
                    });
                    let open_quote = matches!(self.char_at(m.index()), Some('"' | '\''));
                    self.pos.broken = Some(Broken { at: (m.line(), m.col() + 1), in_flow, open_quote });
                    return;
                }
            };
            match event {
                Event::DocumentStart(_) => {
                    documents += 1;
                    if documents > 1 {
                        self.pos.second_document = Some(span.start.line());
                        return;
                    }
                }
                Event::Scalar(text, ..) => self.node(span, Some(text.into_owned()), None),
                Event::Alias(_) => {
                    self.pos.first_alias.get_or_insert(span.start.line());
                    self.node(span, None, None);
                }
                Event::MappingStart(..) => self.node(span, None, Some(true)),
                Event::SequenceStart(..) => self.node(span, None, Some(false)),
                Event::MappingEnd | Event::SequenceEnd => self.end(),
                Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
            }
        }
    }

    fn at(span: Span) -> At {
        (span.start.line(), span.start.col() + 1)
    }

    /// The character at a char index (markers count characters).
    fn char_at(&mut self, index: usize) -> Option<char> {
        if index < self.cursor.0 {
            self.cursor = (0, 0);
        }
        let (mut i, mut byte) = self.cursor;
        let mut chars = self.text.get(byte..)?.chars();
        while i < index {
            byte += chars.next()?.len_utf8();
            i += 1;
        }
        self.cursor = (i, byte);
        chars.next()
    }

    /// One node: a scalar (with its text), an alias, or the start of a
    /// mapping (`Some(true)`) or sequence (`Some(false)`).
    fn node(&mut self, span: Span, scalar: Option<String>, opens: Option<bool>) {
        let at = Reader::at(span);
        let flow = opens.is_some() && matches!(self.char_at(span.start.index()), Some('[' | '{'));
        let role = match self.stack.last_mut() {
            None if self.pos.places.is_empty() => Role::Root,
            None => Role::Ignored,
            Some(Frame::Skip { depth, .. }) => {
                if opens.is_some() {
                    *depth += 1;
                }
                Role::Ignored
            }
            Some(Frame::Seq { node, next, .. }) => {
                *next += 1;
                Role::Child(*node, Step::Index(*next - 1), None)
            }
            Some(Frame::Map { node, key, .. }) => match std::mem::replace(key, Key::Expected) {
                Key::Expected => match scalar {
                    Some(text) => {
                        *key = Key::Read(text, at);
                        Role::KeyText
                    }
                    None => {
                        *key = Key::Complex(at);
                        Role::KeyText
                    }
                },
                Key::Read(text, key_at) => Role::Child(*node, Step::Key(text), Some(key_at)),
                Key::Complex(key_at) => Role::Orphan(Some(key_at)),
            },
        };
        let recorded = match role {
            Role::Root => Some(self.record(Place { key: None, value: at })),
            Role::Child(parent, step, key) => {
                let child = self.record(Place { key, value: at });
                // A duplicate key keeps its first place, as a reader that
                // walks the document finds it first.
                self.pos.children.entry((parent, step)).or_insert(child);
                Some(child)
            }
            Role::Orphan(key) => Some(self.record(Place { key, value: at })),
            Role::KeyText => {
                if opens.is_some() {
                    // A collection as a key: skip it whole.
                    self.stack.push(Frame::Skip { depth: 1, flow });
                }
                return;
            }
            Role::Ignored => None,
        };
        match (opens, recorded) {
            (Some(true), Some(node)) => self.stack.push(Frame::Map { node, flow, key: Key::Expected }),
            (Some(false), Some(node)) => self.stack.push(Frame::Seq { node, flow, next: 0 }),
            _ => {}
        }
    }

    fn record(&mut self, place: Place) -> u32 {
        self.pos.places.push(place);
        (self.pos.places.len() - 1) as u32
    }

    fn end(&mut self) {
        if let Some(Frame::Skip { depth, .. }) = self.stack.last_mut()
            && *depth > 1
        {
            *depth -= 1;
            return;
        }
        self.stack.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DESIGN: &str = "archcrit: 1\nname: x\ncomponents:\n  web:\n    kind: client\n  api: {kind: service, replicas: 3}\n  db:\n    kind: database\n    replicas: 2\nlinks:\n  - from: web\n    to: api\n  - {from: api, to: db}\n";

    fn at(text: &str, path: &str) -> Option<At> {
        Positions::read(text).at(&Path::parse(path))
    }

    #[test]
    fn keys_and_values_are_found_in_block_and_flow_style() {
        let pos = Positions::read(DESIGN);
        assert_eq!(pos.at(&Path::parse("name")), Some((2, 1)));
        assert_eq!(pos.place(&Path::parse("name")).map(|p| p.value), Some((2, 7)));
        assert_eq!(pos.at(&Path::parse("components.web")), Some((4, 3)));
        assert_eq!(pos.place(&Path::parse("components.web")).map(|p| p.value), Some((5, 5)));
        assert_eq!(pos.at(&Path::parse("components.api.replicas")), Some((6, 24)));
        assert_eq!(pos.at(&Path::parse("components.db.replicas")), Some((9, 5)));
        assert_eq!(pos.at(&Path::parse("links[0]")).map(|p| p.0), Some(11));
        assert_eq!(pos.at(&Path::parse("links[1].to")), Some((13, 17)));
        assert_eq!(pos.at(&Path::default()), Some((1, 1)));
    }

    #[test]
    fn keys_under_a_mapping_come_in_document_order() {
        let pos = Positions::read(DESIGN);
        let keys: Vec<_> = pos.keys_under(&Path::parse("components")).into_iter().map(|(k, at)| (k, at.0)).collect();
        assert_eq!(keys, [("web", 4), ("api", 6), ("db", 7)]);
    }

    #[test]
    fn missing_paths_and_broken_text_have_no_place() {
        assert_eq!(at(DESIGN, "components.cache"), None);
        assert_eq!(at(DESIGN, "links[5]"), None);
        assert_eq!(at(DESIGN, "name.inner"), None);
        // What comes before a syntax error is still placed.
        let broken = "a: 1\nb: [2\nc: 3\n";
        assert_eq!(at(broken, "a"), Some((1, 1)));
        assert!(Positions::read(broken).broken().is_some_and(|b| b.in_flow));
        let b = Positions::read("a: \"open\nb: 1\n").broken();
        assert!(b.is_some_and(|b| b.open_quote), "{b:?}");
    }

    #[test]
    fn complex_keys_duplicates_and_aliases() {
        let text = "? [a, b]\n: {x: 1}\nk: &v 1\nk: 2\nr: *v\ns: [*v, 3]\n";
        let pos = Positions::read(text);
        assert_eq!(pos.at(&Path::parse("k")), Some((3, 1)));
        assert_eq!(pos.at(&Path::parse("r")), Some((5, 1)));
        assert_eq!(pos.at(&Path::parse("s[1]")), Some((6, 9)));
        assert_eq!(pos.first_alias_line(), Some(5));
        assert_eq!(pos.at(&Path::parse("x")), None);
    }

    #[test]
    fn second_documents_are_found() {
        let line = |t: &str| Positions::read(t).second_document_line();
        assert_eq!(line("a: 1\n---\nb: 2\n"), Some(2));
        assert_eq!(line("---\na: 1\n---\nb: 2\n"), Some(3));
        assert_eq!(line("---\na: 1\n...\nb: 2\n"), Some(4));
        assert_eq!(line("# c\n---\na: 1\n"), None);
    }

    #[test]
    fn columns_count_characters_and_quotes_start_a_key() {
        let text = "\"é é\": {\"k\": 1}\nnext: 'v'\n";
        let pos = Positions::read(text);
        assert_eq!(pos.at(&Path::parse("é é.k")), Some((1, 9)));
        assert_eq!(pos.place(&Path::parse("next")).map(|p| p.value), Some((2, 7)));
    }
}
