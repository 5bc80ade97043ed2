//! Our `Value` against the YAML crate's: the same text in, the same YAML, JSON and refusals out.

use proptest::prelude::*;

use super::convert::{from_lib, to_lib};
use super::value::{Mapping, Number, Tag, TaggedValue, Value};

/// Scalars, including the ones YAML would read back as something else.
fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<u64>().prop_map(Value::from),
        (i64::MIN..0).prop_map(Value::from),
        prop_oneof![any::<f64>(), Just(f64::NAN), Just(f64::INFINITY), Just(-0.0), Just(1e20), Just(0.1)]
            .prop_map(Value::from),
        prop_oneof![
            "[a-z0-9 :#!&*\"'\\-\n]{0,8}",
            Just("yes".to_string()),
            Just("1.0".to_string()),
            Just("~".to_string()),
            Just("!x".to_string()),
        ]
        .prop_map(Value::String),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(4, 40, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Sequence),
            prop::collection::vec(
                (prop_oneof![3 => "[a-z!]{1,4}".prop_map(Value::String), 1 => scalar()], inner.clone()),
                0..5
            )
            .prop_map(|entries| Value::Mapping(entries.into_iter().collect())),
            ("[a-z][a-z0-9]{0,4}", inner)
                .prop_map(|(tag, value)| Value::Tagged(Box::new(TaggedValue { tag: Tag::new(tag), value }))),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Written as YAML and JSON, ours is byte for byte the crate's; read
    /// back, both read the same; converting there and back is lossless.
    #[test]
    fn writes_and_reads_as_the_crate_does(v in value()) {
        let lib = to_lib(v.clone());
        prop_assert_eq!(from_lib(lib.clone()), v.clone());
        let ours = serde_yaml::to_string(&v).map_err(|e| e.to_string());
        let theirs = serde_yaml::to_string(&lib).map_err(|e| e.to_string());
        prop_assert_eq!(&ours, &theirs);
        prop_assert_eq!(
            serde_json::to_string(&v).map_err(|e| e.to_string()),
            serde_json::to_string(&lib).map_err(|e| e.to_string())
        );
        if let Ok(text) = ours {
            let read: Result<Value, _> = serde_yaml::from_str(&text).map_err(|e| e.to_string());
            let lib_read: Result<serde_yaml::Value, _> = serde_yaml::from_str(&text).map_err(|e| e.to_string());
            prop_assert_eq!(read, lib_read.map(from_lib), "\n{}", text);
        }
    }
}

/// Reads `text` with ours and with the crate's value; both must agree,
/// refusals word for word.
fn same_reading(text: &str) -> Result<Value, String> {
    let ours: Result<Value, String> = serde_yaml::from_str(text).map_err(|e| e.to_string());
    let theirs: Result<serde_yaml::Value, String> = serde_yaml::from_str(text).map_err(|e| e.to_string());
    assert_eq!(ours, theirs.map(from_lib), "{text}");
    ours
}

#[test]
fn tags_non_string_keys_and_order_are_kept() {
    let text = "z: 1\n1: one\ntrue: yes\n~: nothing\n[1, 2]: pair\nport: !env PORT\nlist: !many [1, -2, 3.5]\na: end\n";
    let v = same_reading(text).unwrap();
    let keys: Vec<String> = v.as_mapping().unwrap().keys().map(|k| serde_yaml::to_string(k).unwrap()).collect();
    assert_eq!(keys, ["z\n", "1\n", "true\n", "null\n", "- 1\n- 2\n", "port\n", "list\n", "a\n"]);
    assert_eq!(v.get("port").and_then(Value::as_str), Some("PORT"), "tags are looked through");
    match v.get("port") {
        Some(Value::Tagged(t)) => assert!(t.tag == "env" && t.tag == "!env" && format!("{}", t.tag) == "!env"),
        other => panic!("{other:?}"),
    }
    assert_eq!(v["list"].as_sequence().map(Vec::len), Some(3));
    assert_eq!(v.get(Value::from(1u64)).and_then(Value::as_str), Some("one"));
    assert_eq!(serde_yaml::to_string(&v).unwrap(), serde_yaml::to_string(&to_lib(v.clone())).unwrap());
}

#[test]
fn numbers_keep_their_kind() {
    let v = same_reading("[1, -1, 1.0, .nan, -.inf, 18446744073709551615]").unwrap();
    let items = v.as_sequence().unwrap();
    assert_eq!(items[0], Value::Number(Number::PosInt(1)));
    assert_eq!(items[1], Value::Number(Number::NegInt(-1)));
    assert_eq!(items[2], Value::Number(Number::Float(1.0)));
    assert_ne!(items[0], items[2], "1 and 1.0 are different YAML");
    assert!(items[3].as_f64().is_some_and(f64::is_nan));
    assert_eq!(items[5].as_u64(), Some(u64::MAX));
    assert_eq!(items[1].as_u64(), None);
    assert_eq!(items[1].as_i64(), Some(-1));
}

#[test]
fn duplicate_keys_are_refused_in_the_crate_s_words() {
    for text in
        ["a: 1\na: 2\n", "1: x\n1: y\n", "1.5: x\n1.5: y\n", "true: x\ntrue: y\n", "~: x\n~: y\n", "[1]: x\n[1]: y\n"]
    {
        let err = same_reading(text).unwrap_err();
        assert!(err.starts_with("duplicate entry"), "{err}");
    }
    assert_eq!(same_reading("a: 1\na: 2\n").unwrap_err(), "duplicate entry with key \"a\"");
}

#[test]
fn anchors_and_empty_documents_read_alike() {
    same_reading("a: &x {k: v}\nb: *x\n").unwrap();
    same_reading("<<: {k: v}\n").unwrap();
    assert_eq!(same_reading("").unwrap(), Value::Null);
    for odd in ["! x", "a: !!str 1\nb: !!int 3\n", "? [a, b]\n: c\n", "a: !t\n"] {
        let _ = same_reading(odd);
    }
}

#[test]
fn a_mapping_keeps_the_first_place_of_a_replaced_key() {
    let mut m: Mapping = [("a", 1u64), ("b", 2)].into_iter().map(|(k, v)| (k.into(), v.into())).collect();
    assert_eq!(m.insert("a".into(), 3u64.into()), Some(1u64.into()));
    let keys: Vec<_> = m.keys().filter_map(Value::as_str).collect();
    assert_eq!(keys, ["a", "b"]);
    assert!(m.contains_key("b") && !m.contains_key("c"));
}
