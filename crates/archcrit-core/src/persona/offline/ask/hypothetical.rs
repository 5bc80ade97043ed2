//! Answers that run a what-if: more load, a component failing, a component
//! slowing down. Each says what changes with the numbers before and after;
//! `tell` words a delta and records its numbers on the answer.

use std::fmt::Write;

use super::Answer;
use super::WhatIfSummary;
use super::words::Words;
use crate::critic::Report;
use crate::model::{Component, Design, format_number};
use crate::persona::offline::rank::{percent, rps};
use crate::whatif::{Change, LoadChange, Outcome, Slowdown, what_if_from};

/// "Slow" with no number: ten times its latency, a typical bad day.
const DEFAULT_SLOWDOWN: f64 = 10.0;

pub fn capacity(mut a: Answer, design: &Design, report: &Report, words: &Words) -> Answer {
    let today: f64 = report.metrics.requests.values().map(|r| r.load_rps).sum();
    let load = match (words.amount(&["rps", "qps"]), words.factor()) {
        (Some(n), _) => LoadChange::Rps(n),
        (None, Some(f)) => LoadChange::Factor(f),
        (None, None) => {
            a.number("load_rps", today);
            let Some(s) = crate::whatif::first_to_saturate(report) else {
                return a.said("No load enters this design: set `requirements.peak_rps` or a client's `rps` and I can tell you where it breaks.".into());
            };
            a.component(s.component.as_str());
            a.number(format!("{}.utilization", s.component), s.utilization);
            a.number("saturation_factor", s.at_factor);
            a.number("saturation_rps", today * s.at_factor);
            return a.said(format!(
                "At today's {} rps the busiest component is {} at {}%. It reaches 100% at {:.2}x the load ({} rps); that is where this design stops coping. Ask me \"what if traffic doubles?\" for the whole picture at a given load.",
                rps(today),
                s.component,
                format_number((s.utilization * 100.0).round()),
                s.at_factor,
                rps(today * s.at_factor)
            ));
        }
    };
    match what_if_from(design, report, &Change::Load { load }) {
        Ok(out) => {
            let after: f64 = out.after.metrics.requests.values().map(|r| r.load_rps).sum();
            a.number("load_rps_before", today);
            a.number("load_rps_after", after);
            let mut text = format!(
                "At {} rps ({:.2}x today's {} rps):",
                rps(after),
                after / today.max(f64::MIN_POSITIVE),
                rps(today)
            );
            match &out.delta.saturates_first_after {
                Some(s) if s.utilization >= 1.0 => {
                    let _ = write!(
                        text,
                        "\nFirst to saturate: {} at {}%; it already hit 100% at {} rps ({:.2}x today's load).",
                        s.component,
                        format_number((s.utilization * 100.0).round()),
                        rps(after / s.utilization),
                        after / s.utilization / today.max(f64::MIN_POSITIVE)
                    );
                    a.component(s.component.as_str());
                    a.number("saturation_rps", after / s.utilization);
                }
                Some(s) => {
                    let _ = write!(
                        text,
                        "\nIt copes: the busiest component, {}, runs at {}%, with room up to {} rps.",
                        s.component,
                        format_number((s.utilization * 100.0).round()),
                        rps(after / s.utilization)
                    );
                    a.component(s.component.as_str());
                    a.number("saturation_rps", after / s.utilization);
                }
                None => {}
            }
            tell(&mut a, &mut text, &out, report);
            a.said(text)
        }
        Err(e) => a.said(format!("I cannot run that: {e}.")),
    }
}

pub fn failure(mut a: Answer, design: &Design, report: &Report, c: &Component) -> Answer {
    let change = Change::Fail { component: c.id.clone() };
    let out = match what_if_from(design, report, &change) {
        Ok(o) => o,
        Err(e) => return a.said(format!("I cannot run that: {e}.")),
    };
    a.component(c.id.as_str());
    let mut text = format!("If {} fails:", c.id);
    let failing: Vec<&str> = out.delta.requests.iter().filter(|r| r.fails).map(|r| r.client.as_str()).collect();
    // Clients that lose some flows and keep the others.
    let partly: Vec<String> = out
        .delta
        .requests
        .iter()
        .filter(|r| !r.fails && !r.failed_flows.is_empty())
        .map(|r| {
            format!(
                "{}'s {} ({} of {} rps; its other requests keep working)",
                r.client,
                r.failed_flows.join(", "),
                rps(r.load_rps * r.failed_share),
                rps(r.load_rps)
            )
        })
        .collect();
    for r in out.delta.requests.iter().filter(|r| r.failed_share > 0.0) {
        a.number(format!("{}.failed_share", r.client), r.failed_share);
    }
    let pushed = pushed_over(&out, report);
    if !partly.is_empty() {
        let whole = if failing.is_empty() { String::new() } else { format!("{}; ", failing.join(", ")) };
        let _ = write!(text, "\nThese requests fail: {whole}{}.", partly.join("; "));
    } else if failing.is_empty() && !pushed.is_empty() {
        let _ = write!(
            text,
            "\nNo request loses a component it needs, but the load {} carried lands on {}: past 100% requests queue without bound and time out, so in practice they fail.",
            c.id,
            pushed
                .iter()
                .map(|(id, u)| format!("{id} ({}% of its capacity)", format_number((u * 100.0).round())))
                .collect::<Vec<_>>()
                .join(", ")
        );
    } else if failing.is_empty() && c.kind == crate::model::Kind::Cache {
        let _ = write!(
            text,
            "\nNo request fails: its readers fall through to what is behind {}, which now takes every read they sent it.",
            c.id
        );
    } else if failing.is_empty() {
        let _ = write!(text, "\nNo client request fails: nothing calls {} on a synchronous path that needs it.", c.id);
    } else {
        let _ = write!(text, "\nThese requests fail: {}.", failing.join(", "));
    }
    if c.effective_replicas() > 1 {
        let _ = write!(
            text,
            " It runs {} replicas, so this takes all of them at once (a zone or a bad deploy).",
            c.effective_replicas()
        );
    }
    if let Some(fact) = crate::persona::offline::tech_facts::when_managed(c) {
        let _ = write!(text, "\n{fact}.");
    }
    a.number(format!("{}.failed_requests", c.id), failing.len() as f64);
    tell(&mut a, &mut text, &out, report);
    a.said(text)
}

/// "What if X had N replicas": X scaled on a scratch copy.
pub fn scale(mut a: Answer, design: &Design, report: &Report, c: &Component, words: &Words) -> Answer {
    let Some(replicas) = super::intent::replicas(words) else {
        return a.said(format!("How many replicas of {}? Ask e.g. \"what if {} had 3 replicas\".", c.id, c.id));
    };
    let out = match what_if_from(design, report, &Change::Scale { component: c.id.clone(), replicas }) {
        Ok(o) => o,
        Err(e) => return a.said(format!("I cannot run that: {e}.")),
    };
    a.component(c.id.as_str());
    a.number(format!("{}.replicas_before", c.id), f64::from(c.effective_replicas()));
    a.number(format!("{}.replicas_after", c.id), f64::from(replicas));
    let mut text = format!("If {}:", out.change);
    let util = |r: &Report| r.metrics.components.get(&c.id).and_then(|m| m.utilization);
    if let (Some(b), Some(n)) = (util(report), util(&out.after)) {
        a.number(format!("{}.utilization_before", c.id), b);
        a.number(format!("{}.utilization_after", c.id), n);
        let _ = write!(
            text,
            "\n  {}: {}% -> {}% of capacity.",
            c.id,
            format_number((b * 100.0).round()),
            format_number((n * 100.0).round())
        );
        // Replicas of a primary-replica store add read capacity only.
        let primary = c.effective_replication() == Some(crate::model::Replication::PrimaryReplica);
        if primary && replicas > c.effective_replicas() && n >= b - 1e-9 && n > 0.0 {
            text.push_str(if n >= 0.8 {
                " Its writes all land on the one primary (primary-replica), so more replicas add read capacity only: shard it, or take writes off it (batching, a queue in front)."
            } else {
                " Its writes still land on the one primary, so its utilization stays; the replicas add availability and read capacity."
            });
        }
    }
    tell(&mut a, &mut text, &out, report);
    a.said(text)
}

pub fn slowdown(mut a: Answer, design: &Design, report: &Report, c: &Component, words: &Words) -> Answer {
    let slowdown = match (words.amount(&["ms"]), words.factor()) {
        (Some(ms), _) => Slowdown::Ms(ms),
        (None, Some(f)) => Slowdown::Factor(f),
        (None, None) => Slowdown::Factor(DEFAULT_SLOWDOWN),
    };
    let out = match what_if_from(design, report, &Change::Slow { component: c.id.clone(), slowdown }) {
        Ok(o) => o,
        Err(e) => return a.said(format!("I cannot run that: {e}.")),
    };
    a.component(c.id.as_str());
    let mut text = format!("If {}:", out.change);
    if let Some(budget) = design.requirements().latency_budget_ms {
        a.number("latency_budget_ms", budget);
        let _ = write!(text, "\nThe latency budget is {} ms.", format_number(budget));
    }
    tell(&mut a, &mut text, &out, report);
    a.said(text)
}

/// Words the delta (requests, crossings, findings) into `text` and records
/// its numbers on `a`.
pub(super) fn tell(a: &mut Answer, text: &mut String, out: &Outcome, before: &Report) {
    let d = &out.delta;
    for r in &d.requests {
        let id = r.client.as_str();
        a.number(format!("{id}.availability_before"), r.availability_before);
        a.number(format!("{id}.availability_after"), r.availability_after);
        if r.unbounded_before {
            a.number(format!("{id}.unbounded_before"), 1.0);
        } else {
            a.number(format!("{id}.latency_ms_before"), r.latency_ms_before);
        }
        if let Some(l) = r.latency_ms_after {
            a.number(format!("{id}.latency_ms_after"), l);
        }
        if r.unbounded {
            a.number(format!("{id}.unbounded"), 1.0);
        }
        let latency_moved = match r.latency_ms_after {
            Some(l) => r.unbounded_before || (l - r.latency_ms_before).abs() > 1e-9,
            None => false,
        };
        // Availability moves below the shown precision are the model's
        // rounding (a cache's factor leaving the product), not news.
        let availability_moved = (r.availability_after - r.availability_before).abs() >= 0.0005;
        let changed = r.fails || r.unbounded != r.unbounded_before || availability_moved || latency_moved;
        if !changed {
            continue;
        }
        // A saturated path has no mean latency to quote: its queues grow.
        let latency = match (r.unbounded_before, r.latency_ms_after) {
            (true, Some(l)) => format!("latency unbounded (a component on its way was saturated) -> {} ms", ms(l)),
            (true, None) if r.unbounded => "latency still unbounded (a component on its way stays saturated)".into(),
            (false, Some(l)) => format!("latency {} -> {} ms", ms(r.latency_ms_before), ms(l)),
            (false, None) if r.unbounded => {
                format!(
                    "latency {} ms -> unbounded (queues grow while a component is saturated)",
                    ms(r.latency_ms_before)
                )
            }
            (_, None) => "no answer at all".into(),
        };
        if availability_moved || r.fails {
            let _ = write!(
                text,
                "\n  {id}'s request: availability {}% -> {}%, {latency}.",
                percent(r.availability_before),
                percent(r.availability_after)
            );
        } else {
            let _ = write!(text, "\n  {id}'s request: {latency}.");
        }
    }
    if !d.crossings.is_empty() {
        text.push_str("\nUtilization that crosses a line:");
    }
    for x in &d.crossings {
        let id = x.component.as_str();
        a.component(id);
        let pct = |u: Option<f64>| u.map_or("gone".to_string(), |u| format!("{}%", format_number((u * 100.0).round())));
        let load = |r: &Report| r.metrics.components.get(id).map(|m| m.load_rps);
        let loads = match (load(before), load(&out.after)) {
            (Some(b), Some(n)) => format!(" (load {} -> {} rps)", rps(b), rps(n)),
            _ => String::new(),
        };
        let _ = write!(text, "\n  {id}: {} -> {}{loads}", pct(x.before), pct(x.after));
        if x.after.is_some_and(|u| u >= 1.0) {
            text.push_str(", over capacity");
        }
        if let Some(u) = x.before {
            a.number(format!("{id}.utilization_before"), u);
        }
        if let Some(u) = x.after {
            a.number(format!("{id}.utilization_after"), u);
        }
    }
    // Load that moved a lot without crossing a line still matters: the
    // database behind a dead cache at 10x its reads, say.
    let mut moved: Vec<(&str, f64, f64)> = out
        .after
        .metrics
        .components
        .iter()
        .filter(|(id, _)| !d.crossings.iter().any(|x| &x.component == *id))
        .filter(|(_, m)| m.utilization.is_some())
        .filter_map(|(id, m)| {
            let b = before.metrics.components.get(id)?.load_rps;
            (b > 0.0 && (m.load_rps / b >= 1.5 || m.load_rps / b <= 0.5)).then_some((id.as_str(), b, m.load_rps))
        })
        .collect();
    moved.sort_by(|x, y| (y.2 / y.1).total_cmp(&(x.2 / x.1)));
    for (id, b, n) in moved.iter().take(3) {
        a.component(id);
        a.number(format!("{id}.load_rps_before"), *b);
        a.number(format!("{id}.load_rps_after"), *n);
        let util = out
            .after
            .metrics
            .components
            .get(*id)
            .and_then(|m| m.utilization)
            .map_or(String::new(), |u| format!(", {}% of capacity", format_number((u * 100.0).round())));
        let _ = write!(text, "\nLoad on {id}: {} -> {} rps{util}.", rps(*b), rps(*n));
    }
    let list = |refs: &[crate::whatif::FindingRef]| {
        refs.iter()
            .map(|f| format!("{} on {}", f.rule, f.component.as_ref().map_or("the design", |c| c.as_str())))
            .collect::<Vec<_>>()
    };
    let (left, fixed): (Vec<_>, Vec<_>) = d.fixed.iter().cloned().partition(|f| left_with_it(out, f));
    let (new, gone, with_it) = (list(&d.introduced), list(&fixed), list(&left));
    if !new.is_empty() {
        let _ = write!(text, "\nNew findings: {}.", few(&new));
    }
    if !gone.is_empty() && !pushed_over(out, before).is_empty() {
        // Availability read off the remaining path says nothing of a
        // component queueing past its capacity.
        let _ = write!(text, "\nFindings that go away on paper only, with the overload above: {}.", few(&gone));
    } else if !gone.is_empty() {
        let _ = write!(text, "\nFindings that go away: {}.", few(&gone));
    }
    if !with_it.is_empty() {
        let _ = write!(text, "\nFindings that leave with the component (not fixed): {}.", few(&with_it));
    }
    if d.crossings.is_empty() && new.is_empty() && gone.is_empty() && d.requests.iter().all(|r| !r.fails) {
        // "Nothing crosses" must not read as "all is well" when some of it
        // was over the line before and stays there.
        let mut over: Vec<(&str, f64)> = out
            .after
            .metrics
            .components
            .iter()
            .filter_map(|(id, m)| m.utilization.filter(|u| *u >= 1.0).map(|u| (id.as_str(), u)))
            .collect();
        over.sort_by(|a, b| b.1.total_cmp(&a.1));
        if over.is_empty() {
            text.push_str("\nNothing crosses 80% or 100% and the findings stay the same.");
        } else {
            let named: Vec<String> =
                over.iter().take(4).map(|(id, u)| format!("{id} ({}%)", format_number((u * 100.0).round()))).collect();
            let _ = write!(
                text,
                "\nNothing new crosses 80% or 100%, and the findings stay the same: {} {} over capacity before and after.",
                named.join(", "),
                if over.len() == 1 { "was" } else { "were" }
            );
        }
    }
    for f in &d.introduced {
        a.findings.push(f.clone());
    }
    a.number("findings_introduced", d.introduced.len() as f64);
    a.number("findings_fixed", d.fixed.len() as f64);
    a.what_if = Some(WhatIfSummary { change: out.change.clone(), delta: d.clone() });
}

fn few(items: &[String]) -> String {
    let refs: Vec<&str> = items.iter().map(String::as_str).collect();
    crate::persona::offline::rank::few(&refs, 6)
}

fn ms(x: f64) -> String {
    format_number((x * 10.0).round() / 10.0)
}

/// The verdict of a what-if in one sentence: what fails, what overloads,
/// how the findings move. It comes first so a reader sees it at once.
fn verdict(out: &Outcome, before: &Report) -> String {
    let d = &out.delta;
    let failing = d.requests.iter().filter(|r| r.fails).count();
    let over = pushed_over(out, before).len();
    let fixed = d.fixed.iter().filter(|f| !left_with_it(out, f)).count();
    let mut parts = Vec::new();
    if failing > 0 {
        parts.push(format!("{failing} client request{} fail{}", plural(failing), if failing == 1 { "s" } else { "" }));
    }
    if over > 0 {
        parts.push(format!("{over} component{} over capacity", plural(over)));
    }
    if !d.introduced.is_empty() {
        parts.push(format!("{} new finding{}", d.introduced.len(), plural(d.introduced.len())));
    }
    if fixed > 0 {
        parts.push(format!("{fixed} finding{} fixed", plural(fixed)));
    }
    if parts.is_empty() {
        "Verdict: it holds; nothing fails or overloads.".into()
    } else {
        format!("Verdict: {}.", parts.join(", "))
    }
}

/// Components over capacity after the change that it put there or pushed
/// further (load up by half or more), busiest first: a database behind a
/// dead cache that was already over is still the news.
fn pushed_over(out: &Outcome, before: &Report) -> Vec<(String, f64)> {
    let mut over: Vec<(String, f64)> = out
        .after
        .metrics
        .components
        .iter()
        .filter_map(|(id, m)| {
            let u = m.utilization.filter(|u| *u >= 1.0)?;
            let was = before.metrics.components.get(id);
            let crossed = was.and_then(|b| b.utilization).is_none_or(|b| b < 1.0);
            let grew = was.is_some_and(|b| b.load_rps > 0.0 && m.load_rps / b.load_rps >= 1.5);
            (crossed || grew).then(|| (id.to_string(), u))
        })
        .collect();
    over.sort_by(|a, b| b.1.total_cmp(&a.1));
    over
}

/// A finding that is gone because its component is gone (the one that
/// failed): it left with the component, nothing fixed it.
fn left_with_it(out: &Outcome, f: &crate::whatif::FindingRef) -> bool {
    f.component.as_ref().is_some_and(|c| !out.after.metrics.components.contains_key(c.as_str()))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Words a what-if run elsewhere (the workshop's `:whatif`): the verdict
/// first, then the change and its numbers, as `tell` words them.
pub fn outcome(mut a: Answer, out: &Outcome, before: &Report) -> Answer {
    // "orders fails" reads after "If"; "apply Cache-aside to db" needs a subject.
    let subject = if out.change.starts_with("apply ") { "you " } else { "" };
    let mut text = format!("{}\nIf {subject}{}:", verdict(out, before), out.change);
    let failing: Vec<&str> = out.delta.requests.iter().filter(|r| r.fails).map(|r| r.client.as_str()).collect();
    if !failing.is_empty() {
        let _ = write!(text, "\nThese requests fail: {}.", failing.join(", "));
    }
    tell(&mut a, &mut text, out, before);
    if out.edit.is_some() {
        a.offer = Some(out.change.clone());
    }
    a.said(text)
}
