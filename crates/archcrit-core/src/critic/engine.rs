//! Runs the rules over one design: snapshot, capacity model, checks,
//! wording, suppression by the `accepted:` list, stale acceptances, and the
//! stable sort (severity, rule id, subject id) the JSON contract promises.

use super::capacity::Model;
use super::report::{AcceptedFinding, Finding, Report, Severity};
use super::rules::{Ctx, Draft, RULES, RuleInfo, STALE_ACCEPTANCE};
use super::snapshot::Snapshot;
use super::templates::{Fact, Plain, UnknownTarget, Wording};
use crate::model::{Acceptance, Design};

/// What to run and how to word it. `Options::default()` runs every rule in
/// the plain voice.
#[derive(Clone, Copy, Default)]
pub struct Options<'a> {
    /// Only these rule ids (`None`: all). Unknown ids select nothing.
    pub rules: Option<&'a [String]>,
    /// The voice of the messages (`None`: `Plain`).
    pub wording: Option<&'a dyn Wording>,
}

impl Options<'_> {
    fn runs(&self, rule: &str) -> bool {
        self.rules.is_none_or(|list| list.iter().any(|r| r == rule))
    }
}

/// Critiques a design with every rule.
pub fn critique(design: &Design) -> Report {
    critique_with(design, &Options::default())
}

pub fn critique_with(design: &Design, options: &Options<'_>) -> Report {
    let snap = Snapshot::new(design);
    let model = Model::new(&snap);
    let cx = Ctx { s: &snap, m: &model };
    let wording: &dyn Wording = options.wording.unwrap_or(&Plain);
    let mut findings: Vec<Finding> = Vec::new();
    let mut drafts: Vec<Draft> = Vec::new();
    // Only a rule that ran can tell whether an acceptance still matches, so
    // asking for stale acceptances runs every rule; the findings of rules
    // outside the filter are dropped once the acceptances are matched.
    let judge_every_acceptance = options.runs(STALE_ACCEPTANCE.id);
    for rule in RULES {
        if judge_every_acceptance || options.runs(rule.info.id) {
            (rule.check)(&cx, &mut drafts);
            findings.extend(drafts.drain(..).map(|d| word(&snap, &rule.info, d, wording)));
        }
    }

    let acceptances = design.accepted();
    let mut used = vec![false; acceptances.len()];
    findings.retain(|f| {
        let mut silenced = false;
        for (k, a) in acceptances.iter().enumerate() {
            if matches(a, f) {
                used[k] = true;
                silenced = true;
            }
        }
        !silenced && options.runs(f.rule)
    });
    let mut accepted = Vec::new();
    for (a, used) in acceptances.iter().zip(&used) {
        if *used {
            if options.runs(&a.rule) {
                accepted.push(AcceptedFinding {
                    rule: a.rule.clone(),
                    component: a.component.clone(),
                    reason: a.reason.clone(),
                });
            }
        } else if options.runs(&a.rule) || judge_every_acceptance {
            findings.push(stale(design, a, wording));
        }
    }

    Report {
        design: design.name().to_string(),
        findings: sorted(findings),
        accepted,
        metrics: model.to_metrics(&snap),
        not_checked: super::not_checked::not_checked(design),
    }
}

/// Severity, then rule id, then subject id; ties keep the rules' own order
/// (file order). Sorts indices, then moves each finding once: findings are
/// large and a large design has thousands.
fn sorted(findings: Vec<Finding>) -> Vec<Finding> {
    let mut order: Vec<usize> = (0..findings.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&findings[a], &findings[b]);
        (a.severity, a.rule, a.subject().map(|c| c.as_str())).cmp(&(
            b.severity,
            b.rule,
            b.subject().map(|c| c.as_str()),
        ))
    });
    let mut slots: Vec<Option<Finding>> = findings.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

/// A suppression matches its rule and the finding's subject; one without a
/// component matches only design-level findings.
fn matches(a: &Acceptance, f: &Finding) -> bool {
    a.rule == f.rule && a.component.as_ref() == f.subject()
}

fn word(s: &Snapshot<'_>, rule: &RuleInfo, d: Draft, wording: &dyn Wording) -> Finding {
    Finding {
        rule: rule.id,
        severity: d.severity,
        components: d.components.iter().map(|&i| s.comps[i].id.clone()).collect(),
        links: d.links.iter().map(|&j| s.links[j].key()).collect(),
        message: wording.message(&d.fact),
        patterns: d.patterns.unwrap_or(rule.patterns).to_vec(),
    }
}

fn stale(design: &Design, a: &Acceptance, wording: &dyn Wording) -> Finding {
    // A typo matches nothing too: say which, rather than "no longer occurs".
    let ids = || RULES.iter().map(|r| r.info.id).chain([STALE_ACCEPTANCE.id]);
    let unknown = if !ids().any(|id| id == a.rule) {
        Some(UnknownTarget::Rule { closest: crate::model::closest(&a.rule, ids()) })
    } else if a.component.as_ref().is_some_and(|c| !design.contains(c.as_str())) {
        Some(UnknownTarget::Component)
    } else {
        None
    };
    let fact = Fact::StaleAcceptance {
        rule: &a.rule,
        component: a.component.as_ref().map(|c| c.as_str()),
        reason: &a.reason,
        unknown,
    };
    Finding {
        rule: STALE_ACCEPTANCE.id,
        severity: Severity::Info,
        components: a.component.iter().cloned().collect(),
        links: vec![],
        message: wording.message(&fact),
        patterns: vec![],
    }
}
