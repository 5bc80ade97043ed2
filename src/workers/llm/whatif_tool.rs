//! The `what_if` tool: the model asks for a hypothetical (fail, slow, scale,
//! load, add a pattern), archcrit runs it on a scratch copy with
//! `archcrit_core::whatif` (the design and the undo history stay as they
//! are) and the answer goes back to the model as compact JSON with the
//! numbers before and after, for it to cite. A call that cannot run gets
//! `{"error": ...}` back instead: never a panic, never an edit.

use serde_json::{Map, Value, json};

use super::ToolCall;
use archcrit_core::critic::Report;
use archcrit_core::model::{ComponentId, Design};
use archcrit_core::whatif::{Change, LoadChange, Outcome, PatternKind, Saturation, Slowdown, what_if_from};

/// The tool's name, as the model calls it.
pub const NAME: &str = "what_if";

/// The most entries of one list sent back (requests, components, findings).
const MAX_ITEMS: usize = 12;

/// The chat-completions definition of the tool.
pub fn definition() -> Value {
    let s = |d: &str| json!({"type": "string", "description": d});
    let n = |d: &str| json!({"type": "number", "description": d});
    json!({"type": "function", "function": {
        "name": NAME,
        "description": "Run a what-if on a scratch copy of the design (nothing changes) and get the numbers before and \
            after: each client request's availability and latency, component utilization, findings introduced and fixed, \
            and what saturates first. Cite these numbers in your answer.",
        "parameters": {"type": "object", "properties": {
            "kind": {"type": "string", "enum": ["fail", "slow", "scale", "load", "add"],
                     "description": "fail: the component is down; slow: it answers slower; scale: run N replicas; \
                        load: change the incoming load; add: put a pattern in front of the component"},
            "component": s("component id (fail, slow, scale; for add the component the pattern goes in front of)"),
            "factor": n("slow: latency multiplier (10 = ten times slower); load: load multiplier (2 = double)"),
            "ms": n("slow: the new latency in milliseconds (instead of factor)"),
            "rps": n("load: the new total load in requests per second (instead of factor)"),
            "replicas": {"type": "integer", "description": "scale: the number of replicas"},
            "pattern": {"type": "string", "enum": ["cache", "queue", "replica", "gateway"], "description": "add: which pattern"},
            "via": s("add cache: the service that reads through it (optional)")
        }, "required": ["kind"]}
    }})
}

/// What one what-if call came to: the tool message for the model, and a
/// line for the person watching.
#[derive(Debug, Clone, PartialEq)]
pub struct Ran {
    /// Compact JSON: the numbers, or `{"error": ...}`.
    pub result: String,
    /// "what-if: cache fails" or "what-if refused: ...".
    pub note: String,
}

/// Runs one `what_if` call against `design` (whose report is `report`).
pub fn run(design: &Design, report: &Report, call: &ToolCall) -> Ran {
    match parse(design, &call.arguments)
        .map_err(|BadArguments(why)| why)
        .and_then(|change| what_if_from(design, report, &change).map_err(|e| e.to_string()))
    {
        Ok(out) => Ran { result: result(&out).to_string(), note: format!("what-if: {}", out.change) },
        Err(why) => Ran {
            result: json!({"error": format!("what_if refused: {why}")}).to_string(),
            note: format!("what-if refused: {}", super::one_line(&why, 160)),
        },
    }
}

/// What is wrong with a `what_if` call's arguments, worded for the model
/// (and the person watching) to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct BadArguments(pub String);

/// The arguments as a `Change`, or what is wrong with them.
pub fn parse(design: &Design, arguments: &str) -> Result<Change, BadArguments> {
    change(design, arguments).map_err(BadArguments)
}

fn change(design: &Design, arguments: &str) -> Result<Change, String> {
    let text = if arguments.trim().is_empty() { "{}" } else { arguments };
    let args: Value = serde_json::from_str(text).map_err(|e| format!("its arguments are not JSON ({e})"))?;
    let args = args.as_object().ok_or("its arguments must be a JSON object")?;
    let kind = word(args, "kind")?.ok_or("`kind` is missing: one of fail, slow, scale, load, add")?;
    let component = |key: &str| -> Result<ComponentId, String> {
        let id = word(args, key)?.ok_or_else(|| format!("`{key}` is missing"))?;
        if !design.contains(&id) {
            let hint = archcrit_core::model::closest(&id, design.ids().map(ComponentId::as_str))
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            return Err(format!("there is no component `{}`{hint}", shorten(&id)));
        }
        ComponentId::new(id).map_err(|e| e.to_string())
    };
    Ok(match kind.as_str() {
        "fail" => Change::Fail { component: component("component")? },
        "slow" => {
            let slowdown = match (number(args, "ms")?, number(args, "factor")?) {
                (Some(ms), _) => Slowdown::Ms(positive("ms", ms)?),
                (None, Some(f)) => Slowdown::Factor(positive("factor", f)?),
                (None, None) => return Err("slow needs `factor` (10 = ten times slower) or `ms`".into()),
            };
            Change::Slow { component: component("component")?, slowdown }
        }
        "scale" => {
            let n = number(args, "replicas")?.ok_or("scale needs `replicas`")?;
            if n.fract() != 0.0 || !(1.0..=10_000.0).contains(&n) {
                return Err(format!("`replicas` must be a whole number from 1 to 10000, not {n}"));
            }
            Change::Scale { component: component("component")?, replicas: n as u32 }
        }
        "load" => {
            let load = match (number(args, "rps")?, number(args, "factor")?) {
                (Some(rps), _) => LoadChange::Rps(positive("rps", rps)?),
                (None, Some(f)) => LoadChange::Factor(positive("factor", f)?),
                (None, None) => return Err("load needs `factor` (2 = double) or `rps`".into()),
            };
            Change::Load { load }
        }
        "add" | "add_pattern" | "add-pattern" | "pattern" => {
            let pattern = match word(args, "pattern")?.as_deref() {
                Some("cache") => PatternKind::Cache,
                Some("queue") => PatternKind::Queue,
                Some("replica") => PatternKind::Replica,
                Some("gateway") => PatternKind::Gateway,
                Some(other) => {
                    return Err(format!(
                        "unknown pattern `{}`: add one of cache, queue, replica, gateway",
                        shorten(other)
                    ));
                }
                None => return Err("add needs `pattern`: one of cache, queue, replica, gateway".into()),
            };
            let via = match word(args, "via")? {
                Some(_) => Some(component("via")?),
                None => None,
            };
            Change::Pattern { pattern, target: component("component")?, via }
        }
        other => return Err(format!("unknown kind `{}`: one of fail, slow, scale, load, add", shorten(other))),
    })
}

/// A text argument, trimmed; absent, null or empty is `None`.
fn word(args: &Map<String, Value>, key: &str) -> Result<Option<String>, String> {
    match args.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.trim().to_string())),
        Some(_) => Err(format!("`{key}` must be text")),
    }
}

/// A number argument; models sometimes send numbers as text ("2", "2x").
fn number(args: &Map<String, Value>, key: &str) -> Result<Option<f64>, String> {
    match args.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n.as_f64().map(Some).ok_or_else(|| format!("`{key}` is not a number")),
        Some(Value::String(s)) => {
            let t = s.trim().trim_end_matches(['x', 'X']).trim_end_matches("ms").trim_end_matches("rps").trim();
            t.parse().map(Some).map_err(|_| format!("`{key}` must be a number, not `{}`", shorten(s)))
        }
        Some(_) => Err(format!("`{key}` must be a number")),
    }
}

fn positive(key: &str, n: f64) -> Result<f64, String> {
    if n.is_finite() && n > 0.0 { Ok(n) } else { Err(format!("`{key}` must be a positive number, not {n}")) }
}

fn shorten(s: &str) -> String {
    super::one_line(s, 60)
}

/// Rounded for a model to read: percentages to 0.1, times to 0.1 ms.
fn r1(x: f64) -> Value {
    if x.is_finite() { json!((x * 10.0).round() / 10.0) } else { Value::Null }
}

/// Availabilities to four decimals (99.9897), as the reports print them.
fn r4(x: f64) -> Value {
    if x.is_finite() { json!((x * 10_000.0).round() / 10_000.0) } else { Value::Null }
}

fn pct(u: Option<f64>) -> Value {
    u.map(|u| r1(u * 100.0)).unwrap_or(Value::Null)
}

fn saturation(s: &Option<Saturation>) -> Value {
    match s {
        Some(s) => json!({"component": s.component, "utilization_pct": pct(Some(s.utilization)),
                          "at_load_factor": (s.at_factor * 100.0).round() / 100.0}),
        None => Value::Null,
    }
}

/// The answer the model reads: the change, then the numbers that moved.
pub fn result(out: &Outcome) -> Value {
    let d = &out.delta;
    let requests: Vec<Value> = d
        .requests
        .iter()
        .take(MAX_ITEMS)
        .map(|r| {
            json!({"client": r.client, "rps": r1(r.load_rps), "fails": r.fails, "unbounded_wait": r.unbounded,
                   "availability_pct_before": r4(r.availability_before), "availability_pct_after": r4(r.availability_after),
                   "latency_ms_before": (!r.unbounded_before).then(|| r1(r.latency_ms_before)), "unbounded_wait_before": r.unbounded_before, "latency_ms_after": r.latency_ms_after.map(r1)})
        })
        .collect();
    // Every component whose utilization moved (or that is gone), busiest after first.
    let util = |r: &Report, id: &ComponentId| r.metrics.components.get(id).and_then(|m| m.utilization);
    let mut moved: Vec<(&ComponentId, Option<f64>, Option<f64>)> = out
        .before
        .metrics
        .components
        .keys()
        .map(|id| (id, util(&out.before, id), util(&out.after, id)))
        .filter(|(_, b, a)| match (b, a) {
            (Some(b), Some(a)) => (a - b).abs() >= 0.005,
            (Some(_), None) | (None, Some(_)) => true,
            (None, None) => false,
        })
        .collect();
    moved.sort_by(|x, y| y.2.unwrap_or(-1.0).total_cmp(&x.2.unwrap_or(-1.0)).then(x.0.cmp(y.0)));
    let utilization: Vec<Value> = moved
        .iter()
        .take(MAX_ITEMS)
        .map(|(id, b, a)| {
            json!({"component": id, "utilization_pct_before": pct(*b), "utilization_pct_after": pct(*a),
                   "gone": !out.after.metrics.components.contains_key(*id)})
        })
        .collect();
    let findings = |list: &[archcrit_core::whatif::FindingRef]| -> Vec<Value> {
        list.iter()
            .take(MAX_ITEMS)
            .map(|f| json!({"rule": f.rule, "severity": f.severity, "component": f.component}))
            .collect()
    };
    json!({
        "what_if": out.change,
        "requests": requests,
        "utilization": utilization,
        "findings_introduced": findings(&d.introduced),
        "findings_fixed": findings(&d.fixed),
        "saturates_first_before": saturation(&d.saturates_first_before),
        "saturates_first_after": saturation(&d.saturates_first_after),
        "note": "hypothetical only: the design is unchanged; propose edits with the other tools if it helps",
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use archcrit_core::critic::critique;
    use archcrit_core::model::{Component, Edit, Kind, Link};

    fn id(s: &str) -> ComponentId {
        ComponentId::new(s).unwrap()
    }

    fn design() -> Design {
        let mut d = Design::new("t");
        for (n, k) in [("web", Kind::Client), ("api", Kind::Service), ("db", Kind::Database)] {
            d.apply(Edit::AddComponent { component: Component::new(id(n), k), index: None }).unwrap();
        }
        d.apply(Edit::Connect { link: Link::new(id("web"), id("api")), index: None }).unwrap();
        d.apply(Edit::Connect { link: Link::new(id("api"), id("db")).with_protocol("sql"), index: None }).unwrap();
        d
    }

    fn call(args: &str) -> ToolCall {
        ToolCall { id: "w1".into(), name: NAME.into(), arguments: args.into() }
    }

    #[test]
    fn each_kind_parses_like_the_workshop_command() {
        let d = design();
        let p = |a: &str| parse(&d, a);
        assert_eq!(p(r#"{"kind":"fail","component":"db"}"#), Ok(Change::Fail { component: id("db") }));
        assert_eq!(
            p(r#"{"kind":"slow","component":"db","factor":10}"#),
            Ok(Change::Slow { component: id("db"), slowdown: Slowdown::Factor(10.0) })
        );
        assert_eq!(
            p(r#"{"kind":"slow","component":"db","ms":"300ms"}"#),
            Ok(Change::Slow { component: id("db"), slowdown: Slowdown::Ms(300.0) })
        );
        assert_eq!(p(r#"{"kind":"load","factor":"2x"}"#), Ok(Change::Load { load: LoadChange::Factor(2.0) }));
        assert_eq!(p(r#"{"kind":"load","rps":5000}"#), Ok(Change::Load { load: LoadChange::Rps(5000.0) }));
        assert_eq!(
            p(r#"{"kind":"scale","component":"api","replicas":3}"#),
            Ok(Change::Scale { component: id("api"), replicas: 3 })
        );
        assert_eq!(
            p(r#"{"kind":"add","pattern":"cache","component":"db","via":"api"}"#),
            Ok(Change::Pattern { pattern: PatternKind::Cache, target: id("db"), via: Some(id("api")) })
        );
    }

    #[test]
    fn bad_calls_say_what_is_wrong() {
        let d = design();
        for (args, why) in [
            ("not json", "not JSON"),
            ("[1]", "JSON object"),
            ("{}", "`kind` is missing"),
            (r#"{"kind":"explode"}"#, "unknown kind `explode`"),
            (r#"{"kind":"fail","component":"dbb"}"#, "did you mean `db`?"),
            (r#"{"kind":"fail"}"#, "`component` is missing"),
            (r#"{"kind":"slow","component":"db"}"#, "`factor`"),
            (r#"{"kind":"slow","component":"db","factor":-2}"#, "positive"),
            (r#"{"kind":"scale","component":"db","replicas":2.5}"#, "whole number"),
            (r#"{"kind":"load","rps":"lots"}"#, "must be a number"),
            (r#"{"kind":"add","pattern":"blockchain","component":"db"}"#, "unknown pattern"),
            (r#"{"kind":"fail","component":7}"#, "must be text"),
        ] {
            let err = parse(&d, args).unwrap_err().to_string();
            assert!(err.contains(why), "{args}: {err}");
        }
    }

    #[test]
    fn a_refused_call_answers_an_error_and_a_run_one_the_numbers() {
        let d = design();
        let report = critique(&d);
        let bad = run(&d, &report, &call(r#"{"kind":"fail","component":"web"}"#));
        let v: Value = serde_json::from_str(&bad.result).unwrap();
        assert!(v["error"].as_str().unwrap().contains("is a client"), "{v}");
        assert!(bad.note.starts_with("what-if refused: "), "{}", bad.note);
        let ok = run(&d, &report, &call(r#"{"kind":"fail","component":"db"}"#));
        let v: Value = serde_json::from_str(&ok.result).unwrap();
        assert_eq!(v["what_if"], "db fails");
        assert_eq!(v["requests"][0]["client"], "web");
        assert_eq!(v["requests"][0]["fails"], true);
        assert_eq!(v["requests"][0]["availability_pct_after"], 0.0);
        assert_eq!(ok.note, "what-if: db fails");
        assert_eq!(d, design(), "the design is untouched");
    }
}
