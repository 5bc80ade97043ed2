//! The YAML mapping of our `Value`: insertion order kept, keys of any kind, looked up by `&str` without allocating.

use std::hash::{Hash, Hasher};

use indexmap::IndexMap;
use indexmap::map::{Entry, Iter, IterMut, Keys, Values};

use super::value::{Value, hash_string};

/// A YAML mapping: insertion order kept, keys of any kind, no duplicates.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mapping {
    map: IndexMap<Value, Value>,
}

/// What a mapping can be looked up by: a string or a whole node.
pub trait Key {
    #[doc(hidden)]
    fn lookup_in<'m>(&self, map: &'m IndexMap<Value, Value>) -> Option<&'m Value>;
}

impl Key for str {
    fn lookup_in<'m>(&self, map: &'m IndexMap<Value, Value>) -> Option<&'m Value> {
        map.get(&StrKey(self))
    }
}

impl Key for String {
    fn lookup_in<'m>(&self, map: &'m IndexMap<Value, Value>) -> Option<&'m Value> {
        map.get(&StrKey(self))
    }
}

impl<K: Key + ?Sized> Key for &K {
    fn lookup_in<'m>(&self, map: &'m IndexMap<Value, Value>) -> Option<&'m Value> {
        (**self).lookup_in(map)
    }
}

impl Key for Value {
    fn lookup_in<'m>(&self, map: &'m IndexMap<Value, Value>) -> Option<&'m Value> {
        map.get(self)
    }
}

/// A `&str` that finds `Value::String` keys without allocating one.
struct StrKey<'a>(&'a str);

impl Hash for StrKey<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        hash_string(self.0, state);
    }
}

impl indexmap::Equivalent<Value> for StrKey<'_> {
    fn equivalent(&self, key: &Value) -> bool {
        matches!(key, Value::String(s) if s == self.0)
    }
}

impl Mapping {
    pub fn new() -> Self {
        Mapping::default()
    }

    pub fn with_capacity(capacity: usize) -> Self {
        Mapping { map: IndexMap::with_capacity(capacity) }
    }

    pub fn get<K: Key>(&self, key: K) -> Option<&Value> {
        key.lookup_in(&self.map)
    }

    pub fn contains_key<K: Key>(&self, key: K) -> bool {
        self.get(key).is_some()
    }

    /// Adds or replaces `key`, keeping its first place; returns the old value.
    pub fn insert(&mut self, key: Value, value: Value) -> Option<Value> {
        self.map.insert(key, value)
    }

    pub fn entry(&mut self, key: Value) -> Entry<'_, Value, Value> {
        self.map.entry(key)
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    pub fn iter(&self) -> Iter<'_, Value, Value> {
        self.map.iter()
    }

    pub fn iter_mut(&mut self) -> IterMut<'_, Value, Value> {
        self.map.iter_mut()
    }

    pub fn keys(&self) -> Keys<'_, Value, Value> {
        self.map.keys()
    }

    pub fn values(&self) -> Values<'_, Value, Value> {
        self.map.values()
    }
}

impl<'a> IntoIterator for &'a Mapping {
    type Item = (&'a Value, &'a Value);
    type IntoIter = Iter<'a, Value, Value>;
    fn into_iter(self) -> Self::IntoIter {
        self.map.iter()
    }
}

impl IntoIterator for Mapping {
    type Item = (Value, Value);
    type IntoIter = indexmap::map::IntoIter<Value, Value>;
    fn into_iter(self) -> Self::IntoIter {
        self.map.into_iter()
    }
}

impl FromIterator<(Value, Value)> for Mapping {
    fn from_iter<I: IntoIterator<Item = (Value, Value)>>(iter: I) -> Self {
        Mapping { map: iter.into_iter().collect() }
    }
}
