//! The one table of how each component kind looks in a flowchart: classic
//! shape delimiters, the class (colours) that tells kinds apart where two
//! share a shape, and the reverse mapping used by the importer (classic and
//! Mermaid 11 `@{ shape: … }` names).

use crate::model::Kind;

/// How one kind is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Look {
    /// Classic delimiters around the quoted label: `open"label"close`.
    pub open: &'static str,
    pub close: &'static str,
    /// The shape's name as Mermaid's parser reports it (`vertex.type`).
    pub parsed: &'static str,
    /// The `classDef` body: hex colours only (rule 12 of the safe subset).
    pub style: &'static str,
}

pub fn look(kind: Kind) -> Look {
    let (open, close, parsed, style) = match kind {
        Kind::Client => ("([", "])", "stadium", "fill:#e8f1fb,stroke:#2f6db5"),
        Kind::Cdn => ("((", "))", "circle", "fill:#eaf7f7,stroke:#2a8c8c"),
        Kind::LoadBalancer => ("[/", "\\]", "trapezoid", "fill:#eef4e6,stroke:#5b8a2e"),
        Kind::Gateway => ("{{", "}}", "hexagon", "fill:#f1ecfa,stroke:#6a4bb0"),
        Kind::Service => ("[", "]", "square", "fill:#ffffff,stroke:#333333"),
        Kind::Worker => ("[[", "]]", "subroutine", "fill:#f7f7f7,stroke:#555555"),
        Kind::Function => ("(", ")", "round", "fill:#fdf6e3,stroke:#a07a1f"),
        Kind::Database => ("[(", ")]", "cylinder", "fill:#e6eefc,stroke:#2d4f9e"),
        Kind::Cache => ("(((", ")))", "doublecircle", "fill:#fdecea,stroke:#b23a2e"),
        Kind::Queue => (">", "]", "odd", "fill:#fff4e0,stroke:#c47a00"),
        Kind::Stream => ("[/", "/]", "lean_right", "fill:#fff0e6,stroke:#c25400"),
        Kind::Storage => ("[\\", "\\]", "lean_left", "fill:#eef0f2,stroke:#4a5560"),
        Kind::Search => ("{", "}", "diamond", "fill:#f9f9e0,stroke:#8a8a1f"),
        Kind::Identity => ("[\\", "/]", "inv_trapezoid", "fill:#fbeaf4,stroke:#a3306f"),
        // The two kinds without a classic shape of their own: a rounded box
        // and a plain box, told apart from function and service by colour
        // and (external) a dashed border.
        Kind::Monitoring => ("(", ")", "round", "fill:#f3e8fd,stroke:#7b2fb5,stroke-width:2px"),
        Kind::External => ("[", "]", "square", "fill:#f4f4f4,stroke:#888888,stroke-dasharray:5 5"),
    };
    Look { open, close, parsed, style }
}

/// The class name for a kind: `k_` + the kind with `_` for `-`.
pub fn class_name(kind: Kind) -> String {
    format!("k_{}", kind.as_str().replace('-', "_"))
}

/// The kind a `k_…` class names, if it is one of ours.
pub fn kind_of_class(class: &str) -> Option<Kind> {
    let word = class.strip_prefix("k_")?.replace('_', "-");
    word.parse().ok()
}

/// The kind a classic shape (its opening and closing delimiters) means when a diagram says nothing else; `None`
/// for delimiters this table does not know.
pub fn kind_of_classic(open: &str, close: &str) -> Option<Kind> {
    // Monitoring and external share their shapes with function and service
    // and come last in `Kind::ALL`: the first kind with the shape wins, so
    // the shape alone reads back as the latter.
    Kind::ALL.into_iter().find(|k| look(*k).open == open && look(*k).close == close)
}

/// The kind a Mermaid 11 shape name (`A@{ shape: cyl }`) means. Unknown names
/// give `None` (the importer warns and uses service).
pub fn kind_of_named(shape: &str) -> Option<Kind> {
    Some(match shape.trim().to_ascii_lowercase().as_str() {
        "rect" | "proc" | "process" | "rectangle" | "square" | "text" => Kind::Service,
        "rounded" | "event" | "round" => Kind::Function,
        "stadium" | "pill" | "terminal" => Kind::Client,
        "circle" | "circ" => Kind::Cdn,
        "dbl-circ" | "double-circle" | "doublecircle" => Kind::Cache,
        "cyl" | "cylinder" | "database" | "db" => Kind::Database,
        "h-cyl" | "das" | "horizontal-cylinder" | "lin-cyl" | "disk" | "lined-cylinder" => Kind::Storage,
        "hex" | "hexagon" | "prepare" => Kind::Gateway,
        "subproc" | "subprocess" | "subroutine" | "fr-rect" | "framed-rectangle" => Kind::Worker,
        "odd" | "flag" | "paper-tape" => Kind::Queue,
        "lean-r" | "lean-right" | "in-out" => Kind::Stream,
        "lean-l" | "lean-left" | "out-in" | "doc" | "document" | "docs" | "documents" | "st-doc" => Kind::Storage,
        "diam" | "diamond" | "decision" | "question" => Kind::Search,
        "trap-b" | "trapezoid-bottom" | "priority" | "trapezoid" => Kind::LoadBalancer,
        "trap-t" | "trapezoid-top" | "manual" | "inv-trapezoid" => Kind::Identity,
        "cloud" => Kind::External,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_kind_looks_different() {
        let looks: HashSet<(&str, &str, &str)> =
            Kind::ALL.iter().map(|k| (look(*k).open, look(*k).close, look(*k).style)).collect();
        assert_eq!(looks.len(), Kind::ALL.len());
    }

    #[test]
    fn classes_name_their_kind() {
        for k in Kind::ALL {
            assert_eq!(kind_of_class(&class_name(k)), Some(k));
            assert!(class_name(k).bytes().all(|b| b.is_ascii_lowercase() || b == b'_'));
        }
        assert_eq!(kind_of_class("k_nonsense"), None);
    }

    #[test]
    fn classic_shapes_read_back_as_their_kind() {
        for k in Kind::ALL {
            let back = kind_of_classic(look(k).open, look(k).close);
            match k {
                Kind::Monitoring => assert_eq!(back, Some(Kind::Function)),
                Kind::External => assert_eq!(back, Some(Kind::Service)),
                _ => assert_eq!(back, Some(k), "{k}"),
            }
        }
    }

    #[test]
    fn styles_use_hex_colours_only() {
        for k in Kind::ALL {
            assert!(!look(k).style.contains("rgb"), "{k}");
        }
    }
}
