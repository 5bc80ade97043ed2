//! Conversion between our `Value` and the YAML crate's, kept private to `file/yaml`.
//!
//! Only merge keys (`<<`, applied by the crate) and typed reads of a value
//! already parsed need the crate's own value; nothing outside sees it.

use super::value::{Mapping, Number, Tag, TaggedValue, Value};

/// The crate's value as ours.
pub(super) fn from_lib(value: serde_yaml::Value) -> Value {
    match value {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(b) => Value::Bool(b),
        serde_yaml::Value::Number(n) => Value::Number(number_from_lib(&n)),
        serde_yaml::Value::String(s) => Value::String(s),
        serde_yaml::Value::Sequence(items) => Value::Sequence(items.into_iter().map(from_lib).collect()),
        serde_yaml::Value::Mapping(map) => {
            Value::Mapping(map.into_iter().map(|(k, v)| (from_lib(k), from_lib(v))).collect())
        }
        serde_yaml::Value::Tagged(tagged) => {
            let tagged = *tagged;
            Value::Tagged(Box::new(TaggedValue {
                tag: Tag::new(tagged.tag.to_string()),
                value: from_lib(tagged.value),
            }))
        }
    }
}

/// Ours as the crate's value.
pub(super) fn to_lib(value: Value) -> serde_yaml::Value {
    match value {
        Value::Null => serde_yaml::Value::Null,
        Value::Bool(b) => serde_yaml::Value::Bool(b),
        Value::Number(Number::PosInt(n)) => serde_yaml::Value::Number(n.into()),
        Value::Number(Number::NegInt(n)) => serde_yaml::Value::Number(n.into()),
        Value::Number(Number::Float(f)) => serde_yaml::Value::Number(f.into()),
        Value::String(s) => serde_yaml::Value::String(s),
        Value::Sequence(items) => serde_yaml::Value::Sequence(items.into_iter().map(to_lib).collect()),
        Value::Mapping(map) => serde_yaml::Value::Mapping(mapping_to_lib(map)),
        Value::Tagged(tagged) => {
            let TaggedValue { tag, value } = *tagged;
            serde_yaml::Value::Tagged(Box::new(serde_yaml::value::TaggedValue {
                tag: serde_yaml::value::Tag::new(tag.name()),
                value: to_lib(value),
            }))
        }
    }
}

fn mapping_to_lib(map: Mapping) -> serde_yaml::Mapping {
    map.into_iter().map(|(k, v)| (to_lib(k), to_lib(v))).collect()
}

fn number_from_lib(n: &serde_yaml::Number) -> Number {
    if let Some(u) = n.as_u64() {
        Number::PosInt(u)
    } else if let Some(i) = n.as_i64() {
        Number::NegInt(i)
    } else {
        n.as_f64().map_or(Number::Float(f64::NAN), Number::from)
    }
}
