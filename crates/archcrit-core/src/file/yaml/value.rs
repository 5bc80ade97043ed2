//! Our own YAML value, so the YAML crate's `Value` never leaves `file/yaml` (issue #11).
//!
//! It keeps what the crate's value keeps and the rest of archcrit relies
//! on: mappings in insertion order with any key (not only strings), the
//! three kinds of number, and `!tags`. Its serde impls (in `value_serde.rs`)
//! write exactly what the crate's value wrote, so design files, `x-` fields
//! and JSON exports are byte for byte what they were.

use std::fmt;
use std::hash::{Hash, Hasher};

pub use super::mapping::{Key, Mapping};

/// One YAML node: a scalar, a sequence, a mapping or a tagged node.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value {
    #[default]
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Sequence(Sequence),
    Mapping(Mapping),
    Tagged(Box<TaggedValue>),
}

/// A YAML sequence.
pub type Sequence = Vec<Value>;

/// A YAML number: YAML tells integers from floats, and so do we.
#[derive(Debug, Clone, Copy)]
pub enum Number {
    PosInt(u64),
    NegInt(i64),
    Float(f64),
}

/// A `!tag` (kept without its `!`; `!Thing` and `Thing` are the same tag).
#[derive(Debug, Clone)]
pub struct Tag(String);

/// A node with a `!tag`, as in `port: !env PORT`.
#[derive(Debug, Clone, PartialEq, Hash)]
pub struct TaggedValue {
    pub tag: Tag,
    pub value: Value,
}

impl Value {
    /// The node under `key` when this is a mapping (tags looked through).
    pub fn get<K: Key>(&self, key: K) -> Option<&Value> {
        self.as_mapping().and_then(|m| m.get(key))
    }

    /// This node without its tags.
    pub fn untag_ref(&self) -> &Value {
        let mut current = self;
        while let Value::Tagged(tagged) = current {
            current = &tagged.value;
        }
        current
    }

    pub fn is_null(&self) -> bool {
        matches!(self.untag_ref(), Value::Null)
    }

    pub fn is_string(&self) -> bool {
        self.as_str().is_some()
    }

    pub fn is_number(&self) -> bool {
        matches!(self.untag_ref(), Value::Number(_))
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.untag_ref() {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self.untag_ref() {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_u64(&self) -> Option<u64> {
        match self.untag_ref() {
            Value::Number(n) => n.as_u64(),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self.untag_ref() {
            Value::Number(n) => n.as_i64(),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self.untag_ref() {
            Value::Number(n) => n.as_f64(),
            _ => None,
        }
    }

    pub fn as_sequence(&self) -> Option<&Sequence> {
        match self.untag_ref() {
            Value::Sequence(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_mapping(&self) -> Option<&Mapping> {
        match self.untag_ref() {
            Value::Mapping(m) => Some(m),
            _ => None,
        }
    }
}

/// `value["key"]`: the node under `key`, or null when there is none.
impl std::ops::Index<&str> for Value {
    type Output = Value;
    fn index(&self, key: &str) -> &Value {
        self.get(key).unwrap_or(&NULL)
    }
}

/// `value[i]`: the `i`th item of a sequence, or null when there is none.
impl std::ops::Index<usize> for Value {
    type Output = Value;
    fn index(&self, i: usize) -> &Value {
        self.as_sequence().and_then(|items| items.get(i)).unwrap_or(&NULL)
    }
}

static NULL: Value = Value::Null;

impl Eq for Value {}

impl Hash for Value {
    fn hash<H: Hasher>(&self, state: &mut H) {
        match self {
            Value::Null => 0u8.hash(state),
            Value::Bool(b) => (1u8, b).hash(state),
            Value::Number(n) => (2u8, n).hash(state),
            Value::String(s) => hash_string(s, state),
            Value::Sequence(s) => (4u8, s).hash(state),
            Value::Mapping(m) => (5u8, m.len()).hash(state),
            Value::Tagged(t) => (6u8, t).hash(state),
        }
    }
}

/// How a string key hashes, shared by `Value::String` and a `&str` lookup.
pub(super) fn hash_string<H: Hasher>(s: &str, state: &mut H) {
    3u8.hash(state);
    s.hash(state);
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<u64> for Value {
    fn from(n: u64) -> Self {
        Value::Number(n.into())
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Self {
        Value::Number(n.into())
    }
}

impl From<f64> for Value {
    fn from(n: f64) -> Self {
        Value::Number(n.into())
    }
}

impl From<Mapping> for Value {
    fn from(m: Mapping) -> Self {
        Value::Mapping(m)
    }
}

impl From<Sequence> for Value {
    fn from(s: Sequence) -> Self {
        Value::Sequence(s)
    }
}

impl Number {
    pub fn as_u64(&self) -> Option<u64> {
        match *self {
            Number::PosInt(n) => Some(n),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match *self {
            Number::PosInt(n) => i64::try_from(n).ok(),
            Number::NegInt(n) => Some(n),
            Number::Float(_) => None,
        }
    }

    /// Every number has one (large integers lose precision).
    #[allow(clippy::cast_precision_loss)]
    pub fn as_f64(&self) -> Option<f64> {
        Some(match *self {
            Number::PosInt(n) => n as f64,
            Number::NegInt(n) => n as f64,
            Number::Float(f) => f,
        })
    }
}

macro_rules! number_from_int {
    ($($unsigned:ty),* ; $($signed:ty),*) => {
        $(impl From<$unsigned> for Number {
            fn from(n: $unsigned) -> Self {
                Number::PosInt(n as u64)
            }
        })*
        $(impl From<$signed> for Number {
            fn from(n: $signed) -> Self {
                // Non-negative integers are `PosInt`, whichever way they came in.
                let n = n as i64;
                u64::try_from(n).map_or(Number::NegInt(n), Number::PosInt)
            }
        })*
    };
}

number_from_int!(u8, u16, u32, u64, usize; i8, i16, i32, i64, isize);

impl From<f64> for Number {
    fn from(f: f64) -> Self {
        // YAML has one NaN: drop its sign and payload.
        Number::Float(if f.is_nan() { f64::NAN.copysign(1.0) } else { f })
    }
}

impl PartialEq for Number {
    fn eq(&self, other: &Number) -> bool {
        match (*self, *other) {
            (Number::PosInt(a), Number::PosInt(b)) => a == b,
            (Number::NegInt(a), Number::NegInt(b)) => a == b,
            (Number::Float(a), Number::Float(b)) => a == b || (a.is_nan() && b.is_nan()),
            _ => false,
        }
    }
}

impl Eq for Number {}

impl Hash for Number {
    fn hash<H: Hasher>(&self, state: &mut H) {
        match *self {
            // Floats as keys are rare; one bucket keeps `0.0 == -0.0` and NaN consistent.
            Number::Float(_) => 3u8.hash(state),
            Number::PosInt(n) => (1u8, n).hash(state),
            Number::NegInt(n) => (2u8, n).hash(state),
        }
    }
}

/// As YAML writes it: `.nan`, `.inf`, `-.inf`, and the shortest float
/// that reads back the same (`ryu`), as the YAML crate prints numbers.
impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Number::PosInt(n) => write!(f, "{n}"),
            Number::NegInt(n) => write!(f, "{n}"),
            Number::Float(x) if x.is_nan() => f.write_str(".nan"),
            Number::Float(x) if x.is_infinite() => f.write_str(if x < 0.0 { "-.inf" } else { ".inf" }),
            Number::Float(x) => f.write_str(ryu::Buffer::new().format_finite(x)),
        }
    }
}

impl Tag {
    /// A tag from its name, with or without the leading `!`.
    pub fn new(name: impl Into<String>) -> Self {
        let name: String = name.into();
        Tag(nobang(&name).to_string())
    }

    /// The tag's name, without `!`.
    pub fn name(&self) -> &str {
        &self.0
    }
}

fn nobang(name: &str) -> &str {
    match name.strip_prefix('!') {
        Some("") | None => name,
        Some(rest) => rest,
    }
}

impl PartialEq for Tag {
    fn eq(&self, other: &Tag) -> bool {
        self.0 == other.0
    }
}

impl Eq for Tag {}

impl<T: AsRef<str> + ?Sized> PartialEq<T> for Tag {
    fn eq(&self, other: &T) -> bool {
        self.0 == nobang(other.as_ref())
    }
}

impl Hash for Tag {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "!{}", self.0)
    }
}
