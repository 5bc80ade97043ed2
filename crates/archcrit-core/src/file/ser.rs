//! The canonical writer: a fixed key order, components in their existing
//! order (so a one-field change is a one-line diff), links one per line in
//! flow style, and scalars quoted only when YAML would misread them.

use std::fmt::Write as _;

use super::yaml::Value;
use crate::model::{ComponentField, Design, Extra, FieldValue, LinkField, RequirementField, format_number};

/// Renders a design in canonical form. Infallible: every value the model
/// can hold has a YAML spelling.
pub fn to_yaml(design: &Design) -> String {
    let mut out = String::with_capacity(64 + design.component_count() * 96 + design.link_count() * 64);
    out.push_str("archcrit: 1\n");
    let _ = writeln!(out, "name: {}", block_scalar(design.name()));
    if let Some(d) = design.description() {
        let _ = writeln!(out, "description: {}", block_scalar(d));
    }
    write_requirements(&mut out, design);
    if !design.unstated().is_empty() {
        let words: Vec<&str> = design.unstated().iter().map(|u| u.as_str()).collect();
        let _ = writeln!(out, "unstated: [{}]", words.join(", "));
    }
    if !design.zones().is_empty() {
        out.push_str("zones:\n");
        for (name, zone) in design.zones() {
            let mut fields = Vec::new();
            if let Some(t) = &zone.trust {
                fields.push(format!("trust: {}", scalar(t)));
            }
            if let Some(l) = &zone.label {
                fields.push(format!("label: {}", scalar(l)));
            }
            push_extra_flow(&mut fields, &zone.extra);
            let _ = writeln!(out, "  {}: {{{}}}", scalar(name), fields.join(", "));
        }
    }
    write_components(&mut out, design);
    if !design.accepted().is_empty() {
        out.push_str("accepted:\n");
        for a in design.accepted() {
            let mut fields = vec![format!("rule: {}", scalar(&a.rule))];
            if let Some(c) = &a.component {
                fields.push(format!("component: {}", scalar(c.as_str())));
            }
            fields.push(format!("reason: {}", scalar(&a.reason)));
            push_extra_flow(&mut fields, &a.extra);
            let _ = writeln!(out, "  - {{{}}}", fields.join(", "));
        }
    }
    if design.link_count() > 0 {
        out.push_str("links:\n");
        for link in design.links() {
            let mut fields =
                vec![format!("from: {}", scalar(link.from.as_str())), format!("to: {}", scalar(link.to.as_str()))];
            for field in LinkField::ALL {
                if let Some(v) = link.get(field) {
                    fields.push(format!("{}: {}", field.as_str(), value(&v)));
                }
            }
            push_extra_flow(&mut fields, &link.extra);
            let _ = writeln!(out, "  - {{{}}}", fields.join(", "));
        }
    }
    write_flows(&mut out, design);
    if !design.interview().is_empty() {
        out.push_str("interview:\n");
        for e in design.interview() {
            let _ = writeln!(out, "  - script: {}", block_scalar(&e.script));
            let _ = writeln!(out, "    question: {}", block_scalar(&e.question));
            let _ = writeln!(out, "    ask: {}", block_scalar(&e.ask));
            let _ = writeln!(out, "    answer: {}", block_scalar(&e.answer));
            let _ = writeln!(out, "    time: {}", block_scalar(&e.time));
            let effects: Vec<String> = e.effects.iter().map(|x| scalar(x)).collect();
            let _ = writeln!(out, "    effects: [{}]", effects.join(", "));
            for (k, v) in &e.extra {
                let _ = writeln!(out, "    {}: {}", scalar(k), flow(v));
            }
        }
    }
    for (k, v) in design.extra() {
        let _ = writeln!(out, "{}: {}", scalar(k), flow(v));
    }
    out
}

fn write_requirements(out: &mut String, design: &Design) {
    let req = design.requirements();
    let fields: Vec<(RequirementField, FieldValue)> =
        RequirementField::ALL.iter().filter_map(|f| req.get(*f).map(|v| (*f, v))).collect();
    if fields.is_empty() && req.extra.is_empty() {
        return;
    }
    out.push_str("requirements:\n");
    for (f, v) in fields {
        let _ = writeln!(out, "  {}: {}", f.as_str(), block_value(&v));
    }
    for (k, v) in &req.extra {
        let _ = writeln!(out, "  {}: {}", scalar(k), flow(v));
    }
}

fn write_flows(out: &mut String, design: &Design) {
    if design.flows().is_empty() {
        return;
    }
    out.push_str("flows:\n");
    for (id, flow) in design.flows() {
        let _ = writeln!(out, "  {}:", scalar(id));
        let _ = writeln!(out, "    from: {}", scalar(flow.from.as_str()));
        if let Some(rps) = flow.rps {
            let _ = writeln!(out, "    rps: {}", format_number(rps));
        }
        let via: Vec<String> = flow.via.iter().map(|v| scalar(v.as_str())).collect();
        let _ = writeln!(out, "    via: [{}]", via.join(", "));
        let numbers = [
            ("latency_budget_ms", flow.latency_budget_ms),
            ("p99_budget_ms", flow.p99_budget_ms),
            ("availability_slo", flow.availability_slo),
        ];
        for (name, value) in numbers {
            if let Some(v) = value {
                let _ = writeln!(out, "    {name}: {}", format_number(v));
            }
        }
        if let Some(label) = &flow.label {
            let _ = writeln!(out, "    label: {}", block_scalar(label));
        }
        for (k, v) in &flow.extra {
            let _ = writeln!(out, "    {}: {}", scalar(k), self::flow(v));
        }
    }
}

fn write_components(out: &mut String, design: &Design) {
    if design.component_count() == 0 {
        return;
    }
    out.push_str("components:\n");
    for c in design.components() {
        // An id such as `1e3`, `0x1f` or `null` is quoted, so that every
        // YAML reader sees text.
        let _ = writeln!(out, "  {}:", scalar(c.id.as_str()));
        for field in ComponentField::ALL {
            if let Some(v) = c.get(field) {
                let _ = writeln!(out, "    {}: {}", field.as_str(), block_value(&v));
            }
        }
        for (k, v) in &c.extra {
            let _ = writeln!(out, "    {}: {}", scalar(k), flow(v));
        }
    }
}

fn push_extra_flow(fields: &mut Vec<String>, extra: &Extra) {
    for (k, v) in extra {
        fields.push(format!("{}: {}", scalar(k), flow(v)));
    }
}

fn block_value(v: &FieldValue) -> String {
    match v {
        FieldValue::Text(s) => block_scalar(s),
        other => value(other),
    }
}

fn value(v: &FieldValue) -> String {
    match v {
        FieldValue::Text(s) => scalar(s),
        FieldValue::List(items) => format!("[{}]", items.iter().map(|s| scalar(s)).collect::<Vec<_>>().join(", ")),
        FieldValue::Number(n) => format_number(*n),
        other => other.to_string(),
    }
}

/// Any YAML value in flow style (valid in block and flow context alike).
pub fn flow(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => scalar(s),
        Value::Sequence(items) => format!("[{}]", items.iter().map(flow).collect::<Vec<_>>().join(", ")),
        Value::Mapping(map) => {
            let fields: Vec<String> = map.iter().map(|(k, v)| format!("{}: {}", flow(k), flow(v))).collect();
            format!("{{{}}}", fields.join(", "))
        }
        Value::Tagged(t) => format!("{} {}", t.tag, flow(&t.value)),
    }
}

/// A string as a YAML scalar: plain when a YAML 1.2 (and 1.1) reader gets
/// exactly this string back, double-quoted otherwise.
pub fn scalar(s: &str) -> String {
    if is_plain_safe(s, true) { s.to_string() } else { double_quoted(s) }
}

/// Like `scalar`, for a value in block context, where commas and brackets
/// inside the text need no quotes ("Checkout path, end to end").
pub fn block_scalar(s: &str) -> String {
    if is_plain_safe(s, false) { s.to_string() } else { double_quoted(s) }
}

fn is_plain_safe(s: &str, flow: bool) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if s.trim() != s || "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.ends_with(':') {
        return false;
    }
    // In flow context libyaml also stumbles on `:` before `?` (and other
    // flow indicators): no colon goes there unquoted.
    let flow_indicator = |c: char| flow && ",[]{}:".contains(c);
    if s.chars().any(|c| needs_escape(c) || flow_indicator(c) || "\"'\\".contains(c)) {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    let special = ["null", "~", "true", "false", "yes", "no", "on", "off", "y", "n", ".inf", "-.inf", ".nan"];
    if special.contains(&lower.as_str()) {
        return false;
    }
    !might_read_as_number(s)
}

/// Whether some YAML reader (1.2 core, or 1.1 with its `1_000`, `0b1`,
/// `1:30` and dates) could read this as a number or a date. Generous on
/// purpose: a needless quote is harmless, a missing one changes meaning.
fn might_read_as_number(s: &str) -> bool {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let radix_prefixed = ["0x", "0X", "0o", "0O", "0b", "0B"].iter().any(|p| body.starts_with(p))
        && body[2..].chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let decimal_like = body.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && body.chars().all(|c| c.is_ascii_digit() || "_.:eE+-tTzZ ".contains(c));
    radix_prefixed || decimal_like
}

/// Characters a YAML reader would not keep as they are: controls, the byte
/// order mark, the Unicode line and paragraph separators (line breaks to a
/// YAML 1.1 reader) and the two non-characters YAML forbids.
fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{feff}' | '\u{2028}' | '\u{2029}' | '\u{fffe}' | '\u{ffff}')
}

fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ambiguous_strings_are_quoted() {
        for s in ["yes", "No", "1e3", "12", "", " a", "a: b", "x #y", "[a]", "-x", "null", "~", "a,b", "0.5"] {
            assert!(scalar(s).starts_with('"'), "{s:?} -> {}", scalar(s));
        }
        for s in ["Online shop", "Rust/axum", "orders-db", "PostgreSQL 16", "Ünïcode ✓", "3d-renderer", "2fa"] {
            assert_eq!(scalar(s), s);
        }
        for s in ["0x1f", "0o17", "0b101", "1_000", "1:30", "2024-01-01", "+5", ".5", "1e-3", "3.10", "007"] {
            assert!(scalar(s).starts_with('"'), "{s:?} -> {}", scalar(s));
        }
    }

    #[test]
    fn block_context_allows_commas() {
        assert_eq!(block_scalar("a, b [c]"), "a, b [c]");
        assert!(scalar("a, b").starts_with('"'));
        assert!(block_scalar("[a]").starts_with('"'));
        assert_eq!(block_scalar("a:?"), "a:?");
        assert!(scalar("a:?").starts_with('"'), "libyaml refuses `:?` in a flow mapping");
    }

    #[test]
    fn quoting_escapes_control_characters() {
        assert_eq!(scalar("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
        assert_eq!(scalar("\u{7}"), "\"\\u0007\"");
        assert_eq!(block_scalar("a\u{2028}b"), "\"a\\u2028b\"");
    }
}
