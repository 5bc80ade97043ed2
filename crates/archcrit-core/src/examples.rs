//! The example designs shipped in assets/examples, embedded in the binary
//! so `archcrit new --example shop` and the README's run command work
//! anywhere.

/// (name, YAML text) of every shipped example, in a stable order.
pub const EXAMPLES: &[(&str, &str)] = &[
    ("shop", include_str!("../../../assets/examples/shop.yaml")),
    ("url-shortener", include_str!("../../../assets/examples/url-shortener.yaml")),
    ("chat", include_str!("../../../assets/examples/chat.yaml")),
    ("pipeline", include_str!("../../../assets/examples/pipeline.yaml")),
    ("payments", include_str!("../../../assets/examples/payments.yaml")),
];

/// The YAML text of an example by name.
pub fn example(name: &str) -> Option<&'static str> {
    EXAMPLES.iter().find(|(n, _)| *n == name).map(|(_, text)| *text)
}

/// "shop, url-shortener, ..." for help and error messages.
pub fn names() -> String {
    EXAMPLES.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
}

/// No shipped example has this name; says which do. Every `--example`
/// (the workshop, `new`, and the commands that read one design) refuses
/// with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no example `{name}`; examples: {}", names())]
pub struct UnknownExample {
    pub name: String,
}

/// The YAML text of an example by name, or why there is none.
pub fn find(name: &str) -> Result<&'static str, UnknownExample> {
    example(name).ok_or_else(|| UnknownExample { name: name.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::file::{load_str, to_yaml};
    use crate::model::Kind;
    use std::collections::HashSet;

    #[test]
    fn every_example_loads_and_formats_idempotently() {
        for (name, text) in EXAMPLES {
            let design = load_str(text, name).unwrap_or_else(|e| panic!("{e}"));
            let canonical = to_yaml(&design);
            let again = load_str(&canonical, name).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(again, design, "{name}");
            assert_eq!(to_yaml(&again), canonical, "{name}");
        }
    }

    #[test]
    fn the_examples_use_every_kind() {
        let mut kinds = HashSet::new();
        for (name, text) in EXAMPLES {
            let design = load_str(text, name).unwrap_or_else(|e| panic!("{e}"));
            kinds.extend(design.components().map(|c| c.kind));
        }
        let missing: Vec<_> = Kind::ALL.iter().filter(|k| !kinds.contains(k)).collect();
        assert!(missing.is_empty(), "kinds no example uses: {missing:?}");
    }
}
