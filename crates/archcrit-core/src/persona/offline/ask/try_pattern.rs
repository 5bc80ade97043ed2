//! "Should I add a cache / queue / replica / gateway (in front of X,
//! between A and B)?" and "A or B?": the pattern is applied to a scratch
//! copy, the critic re-runs, and the answer shows before and after and
//! offers the change as one undoable step.

use std::fmt::Write;

use super::hypothetical::tell;
use super::intent::{Question, patterns};
use super::{Answer, risk};
use crate::critic::{Report, Severity};
use crate::model::{ComponentId, Design, Kind, format_number};
use crate::persona::Persona;
use crate::persona::offline::count;
use crate::persona::offline::patterns::note;
use crate::whatif::{Change, Outcome, PatternKind, first_to_saturate, what_if_from};

fn catalogue_id(k: PatternKind) -> &'static str {
    match k {
        PatternKind::Cache => "cache-aside",
        PatternKind::Queue => "queue-load-leveling",
        PatternKind::Replica => "redundancy",
        PatternKind::Gateway => "api-gateway",
    }
}

/// Where to put `kind`: what the question names, else where the findings
/// (in the persona's order) ask for it, else the busiest fitting component.
fn placement(
    persona: &Persona,
    design: &Design,
    report: &Report,
    q: &Question<'_, '_>,
    kind: PatternKind,
) -> Option<(ComponentId, Option<ComponentId>)> {
    let same = |k: Kind| match kind {
        PatternKind::Cache => k == Kind::Cache,
        PatternKind::Queue => k.is_messaging(),
        PatternKind::Gateway => k == Kind::Gateway,
        PatternKind::Replica => false,
    };
    // A cache is not put in front of a cache: "the cache" names the pattern.
    // Nor does "gateway or replica?" name a component called `gateway`: the
    // words were the patterns asked about.
    let asked = patterns(q.words);
    let named: Vec<_> = q
        .named
        .iter()
        .map(|m| m.component)
        .filter(|c| !same(c.kind))
        .filter(|c| !(asked.len() >= 2 && asked.iter().any(|k| c.id.as_str() == k.as_str())))
        .collect();
    if kind == PatternKind::Cache {
        let via = named.iter().find(|c| c.kind.is_service_like()).map(|c| c.id.clone());
        let reads = |svc: &ComponentId| {
            design
                .outgoing(svc.as_str())
                .into_iter()
                .filter(|l| l.effective_access().reads())
                .filter_map(|l| design.component(l.to.as_str()))
                .filter(|c| c.kind == Kind::Database)
                .map(|c| c.id.clone())
                .collect::<Vec<_>>()
        };
        let named_db = named.iter().find(|c| c.kind == Kind::Database).map(|c| c.id.clone());
        if let Some(v) = &via {
            let dbs = reads(v);
            let db = named_db.clone().filter(|d| dbs.contains(d)).or_else(|| dbs.first().cloned());
            if let Some(db) = db {
                return Some((db, Some(v.clone())));
            }
        }
        if let Some(db) = named_db {
            return Some((db, None));
        }
    }
    if let Some(c) = named.iter().find(|c| c.kind != Kind::Client || kind == PatternKind::Gateway) {
        return Some((c.id.clone(), None));
    }
    let id = catalogue_id(kind);
    if let Some(s) = risk::risk_order(persona, design, report)
        .into_iter()
        .find(|(f, _)| f.patterns.contains(&id))
        .and_then(|(f, _)| f.subject().cloned())
    {
        return Some((s, None));
    }
    let fits = |k: Kind| match kind {
        PatternKind::Cache => k == Kind::Database,
        PatternKind::Gateway => k == Kind::Client,
        _ => k != Kind::Client,
    };
    report
        .metrics
        .components
        .iter()
        .filter(|(id, _)| design.component(id.as_str()).is_some_and(|c| fits(c.kind)))
        .max_by(|a, b| a.1.utilization.unwrap_or(0.0).total_cmp(&b.1.utilization.unwrap_or(0.0)))
        .map(|(id, _)| (id.clone(), None))
}

fn run(
    design: &Design,
    report: &Report,
    kind: PatternKind,
    at: &(ComponentId, Option<ComponentId>),
) -> Result<Outcome, String> {
    let change = Change::Pattern { pattern: kind, target: at.0.clone(), via: at.1.clone() };
    what_if_from(design, report, &change).map_err(|e| e.to_string())
}

fn place(design: &Design, kind: PatternKind, at: &(ComponentId, Option<ComponentId>)) -> String {
    let client = design.component(at.0.as_str()).is_some_and(|c| c.kind == Kind::Client);
    match &at.1 {
        Some(v) => format!("a {} between {v} and {}", kind.as_str(), at.0),
        // A gateway goes between a client and what it calls, not "at" it.
        None if client => format!("a {} for {}'s requests", kind.as_str(), at.0),
        None => format!("a {} at {}", kind.as_str(), at.0),
    }
}

pub fn add(mut a: Answer, persona: &Persona, design: &Design, report: &Report, q: &Question<'_, '_>) -> Answer {
    let Some(&kind) = patterns(q.words).first() else { return a };
    let Some(at) = placement(persona, design, report, q, kind) else {
        return a.said(format!(
            "Where would the {} go? Name a component, e.g. \"should I add a {} in front of X?\"",
            kind.as_str(),
            kind.as_str()
        ));
    };
    a.component(at.0.as_str());
    if let Some(v) = &at.1 {
        a.component(v.as_str());
    }
    let out = match run(design, report, kind, &at) {
        Ok(o) => o,
        Err(e) => return a.said(format!("I would not: {e}.")),
    };
    let mut text = format!("I tried {} on a scratch copy ({}):", place(design, kind, &at), out.change);
    tell(&mut a, &mut text, &out, report);
    let n = note(catalogue_id(kind));
    if let Some(t) = &n.tradeoff {
        let _ = write!(text, "\nThe trade-off ({}): {t}", n.name);
    }
    let worth = !out.delta.fixed.is_empty() && out.delta.introduced.iter().all(|f| f.severity == Severity::Info);
    let _ = write!(
        text,
        "\n{} Applying it is one step, and one undo: {}.",
        if worth { "I would do it." } else { "It does not fix anything the critic flags, so I would hold off." },
        out.change
    );
    a.offer = Some(out.change.clone());
    a.said(text)
}

struct Scored {
    label: String,
    /// Findings (warning or worse) left after it that this persona ranks first.
    focus_left: usize,
    /// Them, as "rule on subject".
    focus: Vec<String>,
    errors: usize,
    warnings: usize,
    fixed: usize,
    worst: f64,
}

/// For a gateway for a client's requests: the front door they already
/// pass (every link of the client goes to a gateway, load balancer or cdn).
fn already_fronted(design: &Design, kind: PatternKind, client: &ComponentId) -> Option<String> {
    if kind != PatternKind::Gateway || design.component(client.as_str()).is_none_or(|c| c.kind != Kind::Client) {
        return None;
    }
    let out = design.outgoing(client.as_str());
    let front = |k: Kind| matches!(k, Kind::Gateway | Kind::LoadBalancer | Kind::Cdn);
    let all_fronted =
        !out.is_empty() && out.iter().all(|l| design.component(l.to.as_str()).is_some_and(|c| front(c.kind)));
    all_fronted.then(|| out.iter().map(|l| l.to.to_string()).collect::<Vec<_>>().join(", "))
}

/// The focus findings the option not taken leaves and `best` does not.
fn left_only_by_the_other<'s>(best: &Scored, scored: &'s [Scored]) -> Vec<&'s str> {
    let Some(other) = scored.iter().find(|s| s.label != best.label) else { return Vec::new() };
    let mut out: Vec<&str> = Vec::new();
    for f in &other.focus {
        if !best.focus.contains(f) && !out.contains(&f.as_str()) {
            out.push(f);
        }
    }
    out
}

/// "A or B?": both tried on scratch copies and weighed as `persona` weighs
/// them: first by how many of the concerns it ranks first (its `focus`)
/// each leaves behind, then by errors, warnings and what each fixes.
pub fn compare(mut a: Answer, persona: &Persona, design: &Design, report: &Report, q: &Question<'_, '_>) -> Answer {
    let kinds = patterns(q.words);
    let options: Vec<(PatternKind, (ComponentId, Option<ComponentId>))> = if kinds.len() >= 2 {
        kinds.iter().take(2).filter_map(|&k| placement(persona, design, report, q, k).map(|p| (k, p))).collect()
    } else {
        q.named.iter().take(2).map(|m| (kinds[0], (m.component.id.clone(), None))).collect()
    };
    let mut scored = Vec::new();
    let mut text = String::from("I tried both on scratch copies:");
    for (i, (kind, at)) in options.iter().enumerate() {
        let label = place(design, *kind, at);
        a.component(at.0.as_str());
        if let Some(front) = already_fronted(design, *kind, &at.0) {
            let _ = write!(text, "\n  {}. {label}: not needed, its requests already pass {front}.", i + 1);
            continue;
        }
        match run(design, report, *kind, at) {
            Ok(out) => {
                let focus: Vec<&'static str> = out
                    .after
                    .findings
                    .iter()
                    .filter(|f| f.severity <= Severity::Warning && persona.focus_rank(f.rule).is_some())
                    .map(|f| f.rule)
                    .collect();
                let s = Scored {
                    label: label.clone(),
                    focus_left: focus.len(),
                    focus: out
                        .after
                        .findings
                        .iter()
                        .filter(|f| f.severity <= Severity::Warning && persona.focus_rank(f.rule).is_some())
                        .map(|f| match f.subject() {
                            Some(at) => format!("{} on {at}", f.rule),
                            None => f.rule.to_string(),
                        })
                        .collect(),
                    errors: out.after.count(Severity::Error),
                    warnings: out.after.count(Severity::Warning),
                    fixed: out.delta.fixed.len(),
                    worst: first_to_saturate(&out.after).map_or(0.0, |s| s.utilization),
                };
                let _ = write!(
                    text,
                    "\n  {}. {label}: {} of the kinds I rank first {}{}; {}, {} after; fixes {}, adds {}; busiest component at {}%.",
                    i + 1,
                    count(s.focus_left, "finding"),
                    if s.focus_left == 1 { "remains" } else { "remain" },
                    priorities(&focus),
                    count(s.errors, "error"),
                    count(s.warnings, "warning"),
                    s.fixed,
                    out.delta.introduced.len(),
                    format_number((s.worst * 100.0).round())
                );
                let k = format!("option{}", i + 1);
                a.number(format!("{k}.focus_left"), s.focus_left as f64);
                a.number(format!("{k}.errors"), s.errors as f64);
                a.number(format!("{k}.warnings"), s.warnings as f64);
                a.number(format!("{k}.fixed"), s.fixed as f64);
                a.number(format!("{k}.busiest_utilization"), s.worst);
                scored.push(s);
            }
            Err(e) => {
                let _ = write!(text, "\n  {}. {label}: does not apply ({e}).", i + 1);
            }
        }
    }
    let key = |s: &Scored| (s.focus_left, s.errors, s.warnings, std::cmp::Reverse(s.fixed));
    let best = scored.iter().min_by(|x, y| key(x).cmp(&key(y)).then(x.worst.total_cmp(&y.worst)));
    match best {
        Some(_)
            if scored.len() == 2
                && key(&scored[0]) == key(&scored[1])
                && (scored[0].worst - scored[1].worst).abs() < 0.01 =>
        {
            let _ = write!(
                text,
                "\nThey come out even on the critic's numbers; I would take {}, the one named first, unless the trade-offs below the numbers say otherwise.",
                scored[0].label
            );
        }
        Some(b) if scored.len() == 2 && scored[0].focus_left != scored[1].focus_left => {
            let _ = write!(
                text,
                "\nI would take {}: it leaves the fewest of the problems I weigh first behind (the other leaves {}).",
                b.label,
                left_only_by_the_other(b, &scored).join(", ")
            );
            let fewest = scored.iter().map(|s| s.errors).min().unwrap_or(0);
            if b.errors > fewest {
                let _ = write!(
                    text,
                    " It leaves {} the other would not; those come right after.",
                    crate::text::counted(b.errors - fewest, "error")
                );
            }
        }
        Some(b) if scored.iter().all(|s| s.fixed == 0) => {
            let _ = write!(
                text,
                "\nNeither fixes anything the critic flags, so I would do neither for now; {} would only buy headroom.",
                b.label
            );
        }
        Some(b) if scored.len() == 2 => {
            let _ = write!(text, "\nI would take {}: it leaves the fewest problems behind.", b.label);
        }
        Some(b) => {
            let _ = write!(text, "\nOnly {} applies here.", b.label);
        }
        None => text.push_str("\nNeither applies to this design as it stands."),
    }
    a.said(text)
}

/// " (missing-auth, overloaded)": the focus rules left, each once.
fn priorities(rules: &[&str]) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for r in rules {
        if !seen.contains(r) {
            seen.push(r);
        }
    }
    if seen.is_empty() { String::new() } else { format!(" ({})", seen.join(", ")) }
}
