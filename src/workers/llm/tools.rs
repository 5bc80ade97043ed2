//! The tools a model may call to propose changes, and their validation
//! (the one tool that only asks, `what_if`, is in `whatif_tool.rs`).
//! A tool call becomes an `Edit` only if every id, kind, field and value is
//! valid and the edit applies cleanly to a copy of the design; otherwise it
//! is refused with a reason. Nothing here changes the user's design:
//! proposals are shown as a diff the user accepts or rejects.

use serde_json::{Value, json};

use super::ToolCall;
use archcrit_core::critic::{Report, patterns};
use archcrit_core::model::{
    Component, ComponentField, ComponentId, Design, Edit, FieldValue, Kind, Link, LinkField, LinkKey,
};

/// The JSON schema of every tool, as the chat-completions `tools` field.
pub fn definitions() -> Value {
    let s = |d: &str| json!({"type": "string", "description": d});
    let tool = |name: &str, description: &str, props: Value, required: &[&str]| {
        json!({"type": "function", "function": {"name": name, "description": description,
            "parameters": {"type": "object", "properties": props, "required": required}}})
    };
    json!([
        tool(
            "add_component",
            "Propose a new component.",
            json!({"id": s("new id: lowercase letters, digits, - and _"), "kind": s(&format!("one of: {}", Kind::accepted_list())),
                   "label": s("display label (optional)"), "tech": s("technology (optional)")}),
            &["id", "kind"]
        ),
        tool(
            "connect",
            "Propose a link from one existing component to another.",
            json!({"from": s("caller id"), "to": s("callee id"), "protocol": s("e.g. https, grpc, sql, kafka (optional)"),
                   "mode": s("sync or async (optional)")}),
            &["from", "to"]
        ),
        tool(
            "set_field",
            "Propose setting a field of a component, or of the link component -> to when `to` is given.",
            json!({"component": s("component id"), "to": s("callee id, to set a link field (optional)"),
                   "field": s("field name, e.g. replicas, auth, rate_limit, tls"), "value": s("new value as text")}),
            &["component", "field", "value"]
        ),
        tool(
            "remove",
            "Propose removing a component (and its links), or the link component -> to when `to` is given.",
            json!({"component": s("component id"), "to": s("callee id, to remove only a link (optional)")}),
            &["component"]
        ),
        tool(
            "apply_pattern",
            "Propose applying a catalogue pattern to the finding about a component.",
            json!({"pattern": s("pattern id, e.g. redundancy, cache-aside"), "component": s("the finding's subject id")}),
            &["pattern", "component"]
        ),
        super::whatif_tool::definition(),
    ])
}

/// A tool call the workshop will not turn into an edit: which tool and
/// why, read as "`tool` refused: why" by the model and the person.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{tool} refused: {why}")]
pub struct ToolRefusal {
    /// The tool's name as called (`tool call` when it had none).
    pub tool: String,
    pub why: String,
}

/// Turns one tool call into a validated edit (not applied), or the reason
/// it is refused.
pub fn to_edit(design: &Design, report: &Report, call: &ToolCall) -> Result<Edit, ToolRefusal> {
    let tool = if call.name.is_empty() { "tool call" } else { &call.name };
    let refuse = |why: String| ToolRefusal { tool: tool.to_string(), why };
    let args: Value = serde_json::from_str(if call.arguments.trim().is_empty() { "{}" } else { &call.arguments })
        .map_err(|e| refuse(format!("its arguments are not JSON ({e})")))?;
    let edit = build(design, report, &call.name, &args).map_err(refuse)?;
    let mut scratch = design.clone();
    scratch.apply(edit.clone()).map_err(|e| refuse(e.to_string()))?;
    Ok(edit)
}

fn build(design: &Design, report: &Report, name: &str, args: &Value) -> Result<Edit, String> {
    let text = |key: &str| -> Result<Option<String>, String> {
        match args.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => plain_text(key, s.trim()).map(Some),
            Some(v @ (Value::Number(_) | Value::Bool(_))) => Ok(Some(v.to_string())),
            Some(_) => Err(format!("`{key}` must be text")),
        }
    };
    let required = |key: &str| text(key)?.filter(|s| !s.is_empty()).ok_or_else(|| format!("`{key}` is missing"));
    let existing = |key: &str| -> Result<ComponentId, String> {
        let id = required(key)?;
        if !design.contains(&id) {
            let known: Vec<&str> = design.ids().map(ComponentId::as_str).collect();
            let hint = archcrit_core::model::closest(&id, known.iter().copied())
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            return Err(format!("there is no component `{}`{hint}", shorten(&id)));
        }
        ComponentId::new(id).map_err(|e| e.to_string())
    };
    match name {
        "add_component" => {
            let id = ComponentId::new(required("id")?).map_err(|e| e.to_string())?;
            let kind: Kind = required("kind")?.parse().map_err(|e: archcrit_core::model::UnknownKind| e.to_string())?;
            let mut c = Component::new(id, kind);
            c.label = text("label")?.filter(|s| !s.is_empty());
            c.tech = text("tech")?.filter(|s| !s.is_empty());
            Ok(Edit::AddComponent { component: c, index: None })
        }
        "connect" => {
            let mut link = Link::new(existing("from")?, existing("to")?);
            if let Some(p) = text("protocol")?.filter(|s| !s.is_empty()) {
                link = link.with_protocol(p);
            }
            if let Some(m) = text("mode")?.filter(|s| !s.is_empty()) {
                link.mode = Some(m.parse().map_err(|e: archcrit_core::model::UnknownWord| e.to_string())?);
            }
            Ok(Edit::Connect { link, index: None })
        }
        "set_field" => {
            let id = existing("component")?;
            let field = required("field")?;
            let value = required("value")?;
            match text("to")?.filter(|s| !s.is_empty()) {
                None => {
                    let field = ComponentField::parse(&field)?;
                    if matches!(field, ComponentField::At) {
                        return Err("positions are the user's to choose".into());
                    }
                    let value: FieldValue =
                        field.field_type().parse(&value).map_err(|e| format!("{id}.{}: {e}", field.as_str()))?;
                    Ok(Edit::SetComponent { id, field, value: Some(value) })
                }
                Some(_) => {
                    let key = link_key(design, &id, &existing("to")?)?;
                    let field = LinkField::parse(&field)?;
                    let value =
                        field.field_type().parse(&value).map_err(|e| format!("{key} {}: {e}", field.as_str()))?;
                    Ok(Edit::SetLink { key, field, value: Some(value) })
                }
            }
        }
        "remove" => {
            let id = existing("component")?;
            match text("to")?.filter(|s| !s.is_empty()) {
                None => Ok(Edit::RemoveComponent { id }),
                Some(_) => Ok(Edit::Disconnect { key: link_key(design, &id, &existing("to")?)? }),
            }
        }
        "apply_pattern" => {
            let pattern = required("pattern")?;
            let subject = existing("component")?;
            // A pattern answers a finding: only one the critic actually raised.
            let finding = report
                .findings
                .iter()
                .find(|f| f.subject() == Some(&subject) && f.patterns.contains(&pattern.as_str()))
                .ok_or_else(|| format!("no finding about {subject} suggests `{}`", shorten(&pattern)))?;
            patterns::transform(design, &pattern, finding).map_err(|e| e.to_string())
        }
        other => Err(format!(
            "unknown tool `{}`; the tools are add_component, connect, set_field, remove, apply_pattern, what_if",
            shorten(other)
        )),
    }
}

/// The longest text a proposal may carry in one field.
const MAX_PROPOSED_TEXT: usize = 200;

/// Model-chosen text that would end up in the design (a label, a tech, a
/// value): one line of printable characters, without bidi overrides that
/// make it read differently from what it is, and short. The design file
/// would keep anything; a proposal is held to more because no person
/// typed it.
fn plain_text(key: &str, text: &str) -> Result<String, String> {
    if let Some(c) = text.chars().find(|c| c.is_control() || is_bidi_control(*c)) {
        return Err(format!("`{key}` contains the control character U+{:04X}", u32::from(c)));
    }
    if text.chars().count() > MAX_PROPOSED_TEXT {
        return Err(format!("`{key}` is longer than {MAX_PROPOSED_TEXT} characters"));
    }
    Ok(text.to_string())
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The link from `from` to `to`; several links between the same pair are
/// ambiguous without a protocol, so the first in file order is taken.
fn link_key(design: &Design, from: &ComponentId, to: &ComponentId) -> Result<LinkKey, String> {
    design
        .outgoing(from.as_str())
        .into_iter()
        .find(|l| l.to == *to)
        .map(|l| l.key())
        .ok_or_else(|| format!("there is no link {from} -> {to}"))
}

/// Model-chosen text quoted back in a message stays short.
fn shorten(s: &str) -> String {
    super::one_line(s, 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> ComponentId {
        ComponentId::new(s).unwrap()
    }

    fn call(name: &str, args: &str) -> ToolCall {
        ToolCall { id: "c1".into(), name: name.into(), arguments: args.into() }
    }

    fn report() -> Report {
        Report {
            design: "t".into(),
            findings: vec![archcrit_core::critic::Finding {
                rule: "single-point-of-failure",
                severity: archcrit_core::critic::Severity::Error,
                components: vec![id("db")],
                links: vec![],
                message: "db has one replica".into(),
                patterns: vec!["redundancy"],
            }],
            accepted: vec![],
            metrics: Default::default(),
            not_checked: vec![],
        }
    }

    fn design() -> Design {
        let mut d = Design::new("t");
        for (n, k) in [("web", Kind::Client), ("api", Kind::Service), ("db", Kind::Database)] {
            d.apply(Edit::AddComponent { component: Component::new(id(n), k), index: None }).unwrap();
        }
        d.apply(Edit::Connect { link: Link::new(id("api"), id("db")).with_protocol("sql"), index: None }).unwrap();
        d
    }

    #[test]
    fn valid_calls_become_edits_without_touching_the_design() {
        let d = design();
        let before = d.clone();
        let e =
            to_edit(&d, &report(), &call("set_field", r#"{"component":"db","field":"replicas","value":2}"#)).unwrap();
        assert_eq!(
            e,
            Edit::SetComponent { id: id("db"), field: ComponentField::Replicas, value: Some(FieldValue::Count(2)) }
        );
        let e =
            to_edit(&d, &report(), &call("add_component", r#"{"id":"cache","kind":"cache","label":"Redis"}"#)).unwrap();
        assert_eq!(e.describe(), "add cache cache");
        let e = to_edit(&d, &report(), &call("connect", r#"{"from":"web","to":"api","protocol":"https"}"#)).unwrap();
        assert_eq!(e.describe(), "link web -> api (https)");
        let e =
            to_edit(&d, &report(), &call("set_field", r#"{"component":"api","to":"db","field":"tls","value":"true"}"#))
                .unwrap();
        assert_eq!(e.describe(), "set api -> db (sql) tls = true");
        assert_eq!(to_edit(&d, &report(), &call("remove", r#"{"component":"web"}"#)).unwrap().describe(), "remove web");
        let e = to_edit(&d, &report(), &call("apply_pattern", r#"{"pattern":"redundancy","component":"db"}"#)).unwrap();
        assert!(matches!(&e, Edit::Batch { label, .. } if label == "apply Redundancy to db"), "{e:?}");
        assert_eq!(d, before);
        assert_eq!(d.revision(), before.revision());
    }

    #[test]
    fn bad_calls_are_refused_with_a_reason() {
        let d = design();
        for (name, args, why) in [
            ("remove", r#"{"component":"everything"}"#, "there is no component `everything`"),
            ("set_field", r#"{"component":"apii","field":"replicas","value":"2"}"#, "did you mean `api`?"),
            ("add_component", r#"{"id":"x","kind":"databse"}"#, "did you mean `database`?"),
            ("add_component", r#"{"id":"Bad Id","kind":"cache"}"#, "not a valid id"),
            ("add_component", r#"{"id":"api","kind":"service"}"#, "already exists"),
            ("set_field", r#"{"component":"db","field":"replicas","value":"0"}"#, "db.replicas: `0` is not valid"),
            ("set_field", r#"{"component":"db","field":"availability","value":"250"}"#, "out of range"),
            ("set_field", r#"{"component":"api","field":"hit_ratio","value":"0.5"}"#, "only to caches"),
            ("set_field", r#"{"component":"db","field":"replica","value":"2"}"#, "replica: did you mean replicas?"),
            ("connect", r#"{"from":"api","to":"api"}"#, "cannot link to itself"),
            ("connect", r#"{"from":"web","to":"api","mode":"sometimes"}"#, "unknown mode"),
            ("remove", r#"{"component":"web","to":"db"}"#, "no link web -> db"),
            ("drop_table", r#"{}"#, "unknown tool `drop_table`"),
            ("remove", "not json", "not JSON"),
            ("add_component", r#"{"id":"c","kind":"cache","label":"Redis\u001b]2;pwned\u0007"}"#, "U+001B"),
            ("add_component", r#"{"id":"c","kind":"cache","tech":"\u202egnp.exe"}"#, "`tech` contains"),
            ("connect", r#"{"from":"web","to":"api","protocol":"a\nb"}"#, "U+000A"),
            (
                "set_field",
                &format!(r#"{{"component":"api","field":"label","value":"{}"}}"#, "x".repeat(201)),
                "longer than 200",
            ),
            (
                "apply_pattern",
                r#"{"pattern":"cache-aside","component":"db"}"#,
                "no finding about db suggests `cache-aside`",
            ),
            ("apply_pattern", r#"{"pattern":"redundancy","component":"api"}"#, "no finding about api"),
        ] {
            let refusal = to_edit(&d, &report(), &call(name, args)).unwrap_err();
            assert_eq!(refusal.tool, name);
            let err = refusal.to_string();
            assert!(err.contains(why), "{name} {args}: {err}");
            assert!(err.starts_with(&format!("{name} refused: ")), "{err}");
        }
    }

    #[test]
    fn every_tool_has_a_schema() {
        let defs = definitions();
        let names: Vec<&str> =
            defs.as_array().unwrap().iter().map(|t| t["function"]["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["add_component", "connect", "set_field", "remove", "apply_pattern", "what_if"]);
    }
}
