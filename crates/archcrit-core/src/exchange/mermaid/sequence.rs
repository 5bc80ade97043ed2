//! One flow as a Mermaid `sequenceDiagram`: its client and `via` as
//! participants, each link of the flow as a message in call order (a
//! synchronous call and its reply, an async message `-)`), `calls` above 1
//! as a `loop` and below 1 (or a cache miss) as an `opt`. Text is reduced
//! to a safe character set: the diagram must always parse.

use std::fmt::Write as _;

use crate::model::{Design, Kind, format_number};

/// More messages than this and the diagram stops with a note: a flow over
/// a large design must still render.
const MAX_MESSAGES: usize = 400;

/// Why a flow cannot be drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoSuchFlow {
    pub id: String,
    pub known: Vec<String>,
}

impl std::fmt::Display for NoSuchFlow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.known.is_empty() {
            write!(f, "no flow `{}`: the design has no flows (add them under `flows:`)", self.id)
        } else {
            write!(f, "no flow `{}`; flows: {}", self.id, self.known.join(", "))
        }
    }
}

/// Letters, digits, spaces and a few harmless marks; anything else (`;`,
/// `#`, `%`, `:`, arrows, quotes, line breaks) becomes a space.
fn safe(text: &str) -> String {
    let cleaned: String =
        text.chars().map(|c| if c.is_alphanumeric() || " -_.,()/".contains(c) { c } else { ' ' }).collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    if words.is_empty() { "-".into() } else { words.join(" ") }
}

pub fn sequence(design: &Design, flow_id: &str) -> Result<String, NoSuchFlow> {
    let Some(flow) = design.flow(flow_id) else {
        return Err(NoSuchFlow { id: flow_id.to_string(), known: design.flows().keys().cloned().collect() });
    };
    let members: Vec<&str> = flow.members().into_iter().map(|c| c.as_str()).collect();
    let name = |id: &str| format!("p{}", members.iter().position(|m| *m == id).unwrap_or(0));
    let mut out = String::from("sequenceDiagram\n");
    if let Some(label) = &flow.label {
        let _ = writeln!(out, "    title {}", safe(label));
    }
    for id in &members {
        let label = design.component(id).map_or(*id, |c| c.display_label());
        let _ = writeln!(out, "    participant {} as {}", name(id), safe(label));
    }
    let mut walk = Walk { design, members: &members, out, messages: 0, stack: Vec::new() };
    walk.from(flow.from.as_str(), 1);
    if walk.messages > MAX_MESSAGES {
        let _ = writeln!(walk.out, "    Note over {}: more calls not drawn", name(flow.from.as_str()));
    }
    Ok(walk.out)
}

struct Walk<'a> {
    design: &'a Design,
    members: &'a [&'a str],
    out: String,
    messages: usize,
    stack: Vec<&'a str>,
}

impl<'a> Walk<'a> {
    fn name(&self, id: &str) -> String {
        format!("p{}", self.members.iter().position(|m| *m == id).unwrap_or(0))
    }

    fn from(&mut self, at: &'a str, depth: usize) {
        self.stack.push(at);
        let design = self.design;
        for link in design.outgoing(at) {
            let to = link.to.as_str();
            if !self.members.contains(&to) || self.stack.contains(&to) || self.messages > MAX_MESSAGES {
                continue;
            }
            self.messages += 1;
            let pad = "    ".repeat(depth);
            let calls = link.effective_calls();
            let miss = match (design.component(at), design.component(to)) {
                (Some(a), _) if a.kind == Kind::Cache => Some(1.0 - a.effective_hit_ratio()),
                _ => None,
            };
            let block = if calls > 1.0 {
                Some(format!("loop {} calls per request", format_number(calls)))
            } else if calls < 1.0 {
                Some(format!("opt {}% of requests", format_number((calls * 1000.0).round() / 10.0)))
            } else {
                miss.map(|m| format!("opt on a cache miss ({}%)", format_number((m * 1000.0).round() / 10.0)))
            };
            let inner = if block.is_some() { format!("{pad}    ") } else { pad.clone() };
            if let Some(b) = &block {
                let _ = writeln!(self.out, "{pad}{b}");
            }
            let what = safe(link.label.as_deref().or(link.protocol.as_deref()).unwrap_or("call"));
            let (a, b) = (self.name(at), self.name(to));
            if link.is_sync() {
                let _ = writeln!(self.out, "{inner}{a}->>{b}: {what}");
                self.from(to, depth + usize::from(block.is_some()) + 1);
                let _ = writeln!(self.out, "{inner}{b}-->>{a}: reply");
            } else {
                let _ = writeln!(self.out, "{inner}{a}-){b}: {what} (async)");
                self.from(to, depth + usize::from(block.is_some()) + 1);
            }
            if block.is_some() {
                let _ = writeln!(self.out, "{pad}end");
            }
        }
        self.stack.pop();
    }
}
