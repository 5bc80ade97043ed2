//! The table of `:` commands: for each, its name, aliases, usage, help
//! line, how its arguments complete and how they parse. The command line,
//! Tab completion, the help overlay and docs/keys.md all read this table.

use super::{Args, Command, Completing, Spec};
use crate::refusal::CommandError;
use archcrit_core::model::{ComponentField, KNOWN_PROTOCOLS, Kind, LinkField, RequirementField};

fn strings(words: &[&str]) -> Vec<String> {
    words.iter().map(|s| s.to_string()).collect()
}

fn nothing(_: &Completing) -> Vec<String> {
    Vec::new()
}

fn ids(c: &Completing) -> Vec<String> {
    c.design.ids().map(|i| i.to_string()).collect()
}

fn protocols() -> Vec<String> {
    strings(KNOWN_PROTOCOLS)
}

/// FROM TO [PROTOCOL]: ids, then protocols.
fn link_ends(c: &Completing) -> Vec<String> {
    match c.index {
        1 | 2 => ids(c),
        3 => protocols(),
        _ => Vec::new(),
    }
}

fn one_id(c: &Completing) -> Vec<String> {
    if c.index == 1 { ids(c) } else { Vec::new() }
}

fn complete_add(c: &Completing) -> Vec<String> {
    if c.index == 1 { Kind::ALL.iter().map(|k| k.as_str().to_string()).collect() } else { Vec::new() }
}

fn complete_set(c: &Completing) -> Vec<String> {
    match c.index {
        1 => {
            let mut v = ids(c);
            v.push("requirements".into());
            v
        }
        2 if c.words.get(1) == Some(&"requirements") => strings(&RequirementField::NAMES),
        // Only the fields that apply to that component's kind.
        2 => {
            let kind = c.words.get(1).and_then(|id| c.design.component(id)).map(|comp| comp.kind);
            ComponentField::ALL
                .iter()
                .filter(|f| kind.is_none_or(|k| f.applies_to(k)))
                .map(|f| f.as_str().to_string())
                .collect()
        }
        3 => match c.words.get(2).and_then(|f| ComponentField::parse(f).ok()) {
            Some(f) => f.field_type().choices().into_iter().map(str::to_string).collect(),
            None => Vec::new(),
        },
        _ => Vec::new(),
    }
}

fn complete_setlink(c: &Completing) -> Vec<String> {
    match c.index {
        1 | 2 => ids(c),
        3 => LinkField::ALL.iter().map(|f| f.as_str().to_string()).collect(),
        4 => match c.words.get(3).and_then(|f| LinkField::parse(f).ok()) {
            Some(LinkField::Protocol) => protocols(),
            Some(f) => f.field_type().choices().into_iter().map(str::to_string).collect(),
            None => Vec::new(),
        },
        _ => Vec::new(),
    }
}

fn complete_interview(c: &Completing) -> Vec<String> {
    if c.index == 1 { c.interviews.scripts().iter().map(|s| s.id.clone()).collect() } else { Vec::new() }
}

fn complete_export(c: &Completing) -> Vec<String> {
    if c.index == 1 { strings(crate::export::ExportFormat::NAMES) } else { Vec::new() }
}

/// `:flow add ID CLIENT VIA...`, `:flow rm|set ID`, `:flow set ID FIELD`.
fn complete_flow(c: &Completing) -> Vec<String> {
    let flows = || c.design.flows().keys().cloned().collect::<Vec<_>>();
    match (c.index, c.words.get(1).copied()) {
        (1, _) => strings(&["add", "rm", "set"]),
        (2, Some("rm" | "set")) => flows(),
        (3, Some("add")) => {
            c.design.components().filter(|k| k.kind == Kind::Client).map(|k| k.id.to_string()).collect()
        }
        (3, Some("set")) => strings(crate::flows::FIELDS),
        (n, Some("add")) if n > 3 => ids(c),
        _ => Vec::new(),
    }
}

/// `:whatif fail|slow|load|scale|add ...`.
fn complete_whatif(c: &Completing) -> Vec<String> {
    crate::whatif::complete(c.index, c.words, ids(c))
}

/// `:diff [REV|off]`.
fn complete_diff(c: &Completing) -> Vec<String> {
    if c.index == 1 { strings(&["HEAD", "HEAD~1", "main", "off"]) } else { Vec::new() }
}

fn parse_diff(a: &Args) -> Result<Command, CommandError> {
    a.between(0, 1)?;
    Ok(match a.words.first() {
        Some(&"off") => Command::DiffOff,
        Some(rev) => Command::Diff { rev: Some(rev.to_string()) },
        None => Command::Diff { rev: None },
    })
}

fn parse_add(a: &Args) -> Result<Command, CommandError> {
    a.at_least(2)?;
    let kind = a.words[0].parse::<Kind>().map_err(|e| e.to_string())?;
    Ok(Command::Add { kind, id: a.words[1].to_string(), label: a.rest_from(2) })
}

fn parse_link(a: &Args) -> Result<Command, CommandError> {
    a.between(2, 3)?;
    Ok(Command::Link { from: a.word(0), to: a.word(1), protocol: a.words.get(2).map(|s| s.to_string()) })
}

fn parse_unlink(a: &Args) -> Result<Command, CommandError> {
    a.between(2, 3)?;
    Ok(Command::Unlink { from: a.word(0), to: a.word(1), protocol: a.words.get(2).map(|s| s.to_string()) })
}

fn parse_rm(a: &Args) -> Result<Command, CommandError> {
    a.between(1, 1)?;
    Ok(Command::Rm { id: a.word(0) })
}

fn parse_rename(a: &Args) -> Result<Command, CommandError> {
    a.between(2, 2)?;
    Ok(Command::Rename { from: a.word(0), to: a.word(1) })
}

fn parse_set(a: &Args) -> Result<Command, CommandError> {
    a.at_least(2)?;
    Ok(Command::Set { id: a.word(0), field: a.word(1), value: a.rest_from(2).unwrap_or_default() })
}

fn parse_setlink(a: &Args) -> Result<Command, CommandError> {
    a.at_least(3)?;
    Ok(Command::SetLink { from: a.word(0), to: a.word(1), field: a.word(2), value: a.rest_from(3).unwrap_or_default() })
}

fn parse_write(a: &Args) -> Result<Command, CommandError> {
    Ok(Command::Write { file: a.rest_from(0), force: a.bang() })
}

fn parse_write_quit(a: &Args) -> Result<Command, CommandError> {
    Ok(Command::WriteQuit { file: a.rest_from(0), force: a.bang() })
}

fn parse_interview(a: &Args) -> Result<Command, CommandError> {
    a.between(0, 1)?;
    Ok(Command::Interview { name: a.words.first().map(|s| s.to_string()) })
}

fn parse_flow(a: &Args) -> Result<Command, CommandError> {
    crate::flows::parse(&a.words, a.rest(3)).map(Command::Flow)
}

fn parse_export(a: &Args) -> Result<Command, CommandError> {
    a.at_least(2)?;
    let format = crate::export::ExportFormat::parse(a.words[0])?;
    Ok(Command::Export { format, file: a.rest_from(1).unwrap_or_default() })
}

const fn spec(
    name: &'static str,
    aliases: &'static [&'static str],
    usage: &'static str,
    help: &'static str,
    complete: fn(&Completing) -> Vec<String>,
    parse: fn(&Args) -> Result<Command, CommandError>,
) -> Spec {
    Spec { name, aliases, usage, help, complete, parse }
}

/// Every command, in the order help and completion list them.
pub const COMMANDS: &[Spec] = &[
    spec("add", &["a"], "add KIND ID [LABEL]", "add a component", complete_add, parse_add),
    spec("link", &["l", "connect"], "link FROM TO [PROTOCOL]", "link two components", link_ends, parse_link),
    spec("unlink", &[], "unlink FROM TO [PROTOCOL]", "remove a link", link_ends, parse_unlink),
    spec("rm", &["delete", "del"], "rm ID", "remove a component and its links", one_id, parse_rm),
    spec("rename", &["mv"], "rename ID NEW-ID", "change a component's id", one_id, parse_rename),
    spec(
        "set",
        &[],
        "set ID FIELD VALUE",
        "set a field (empty VALUE clears it); ID may be `requirements`",
        complete_set,
        parse_set,
    ),
    spec(
        "setlink",
        &["sl"],
        "setlink FROM TO FIELD VALUE",
        "set a link's field (TO@PROTOCOL picks one of two links)",
        complete_setlink,
        parse_setlink,
    ),
    spec("layout", &[], "layout", "auto-layout every box", nothing, |_| Ok(Command::Layout)),
    spec("zoom", &[], "zoom", "toggle compact zoom", nothing, |_| Ok(Command::Zoom)),
    spec("undo", &["u"], "undo", "undo the last change", nothing, |_| Ok(Command::Undo)),
    spec("redo", &[], "redo", "redo", nothing, |_| Ok(Command::Redo)),
    spec(
        "w",
        &["write", "save"],
        "w [FILE]",
        "save (to FILE: save as; asks before replacing another file)",
        nothing,
        parse_write,
    ),
    spec(
        "w!",
        &["write!", "save!"],
        "w! [FILE]",
        "save without asking (replaces FILE, drops YAML comments)",
        nothing,
        parse_write,
    ),
    spec("q", &["quit"], "q", "quit (asks if there are unsaved changes)", nothing, |_| Ok(Command::Quit)),
    spec("q!", &["quit!"], "q!", "quit without saving", nothing, |_| Ok(Command::ForceQuit)),
    spec("wq", &["x", "wq!", "x!"], "wq [FILE]", "save and quit (wq! does not ask)", nothing, parse_write_quit),
    spec("help", &["h"], "help", "list every key and command", nothing, |_| Ok(Command::Help)),
    spec("messages", &["mes", "messages!"], "messages", "every message of this session (also M)", nothing, |_| {
        Ok(Command::Messages)
    }),
    spec(
        "interview",
        &["iv"],
        "interview [NAME]",
        "start or resume a guided interview (Tab completes NAME)",
        complete_interview,
        parse_interview,
    ),
    spec(
        "export",
        &[],
        "export FORMAT FILE",
        "write mermaid, dot, json or markdown to FILE",
        complete_export,
        parse_export,
    ),
    spec("flows", &[], "flows", "list the flows with their numbers (also F)", nothing, |_| Ok(Command::Flows)),
    spec(
        "flow",
        &[],
        "flow add ID FROM VIA... | rm ID | set ID FIELD VALUE",
        "add, remove or change a flow (FIELD: rps, latency_budget_ms, p99_budget_ms, availability_slo, label)",
        complete_flow,
        parse_flow,
    ),
    spec(
        "whatif",
        &["wi"],
        "whatif fail/slow/load/scale/add ...",
        "what if ID fails, is slow (10x, 300ms), load grows (2x, 5000rps), ID scales to N, a pattern is added",
        complete_whatif,
        |a| crate::whatif::parse(&a.words).map(|change| Command::WhatIf { change }),
    ),
    spec(
        "diff",
        &[],
        "diff [REV]",
        "mark what changed against git REV of the file (or the file on disk); `:diff off` clears",
        complete_diff,
        parse_diff,
    ),
    spec(
        "calibrate",
        &["cal"],
        "calibrate [--add] [--map SVC=ID]... [--sampling SHARE] TRACES...",
        "measured numbers from OTLP/JSON or Jaeger traces, applied as one undoable step (M: the drift report)",
        nothing,
        |a| Ok(Command::Calibrate(crate::calibrate::parse(&a.words)?)),
    ),
    spec(
        "import",
        &[],
        "import FILE...",
        "merge a Mermaid flowchart, a compose file or Kubernetes manifests into the design (one undo step)",
        nothing,
        |a| crate::import::parse(&a.words).map(|files| Command::Import { files }),
    ),
];
