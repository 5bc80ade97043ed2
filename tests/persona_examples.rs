//! The offline voice on every shipped example, for every built-in persona:
//! it speaks about the real components, answers questions about each of
//! them, and says the same thing every time.

use archcrit_core::critic::{Report, critique};
use archcrit_core::examples::EXAMPLES;
use archcrit_core::file::load_str;
use archcrit_core::model::Design;
use archcrit_core::persona::{discover, offline};

fn examples() -> Vec<(Design, Report)> {
    EXAMPLES
        .iter()
        .map(|(name, text)| {
            let d = load_str(text, name).unwrap();
            let r = critique(&d);
            (d, r)
        })
        .collect()
}

#[test]
fn every_persona_reviews_every_example() {
    let personas = discover(&[]).personas;
    for (design, report) in examples() {
        for p in &personas {
            let text = offline::review(p, &design, &report);
            assert!(text.starts_with(&format!("{} on \"{}\"\n", p.title(), design.name())), "{text}");
            assert!(text.contains("\nVerdict: "), "{text}");
            assert!(text.contains("\nWhat I like:\n  - "), "{text}");
            assert_eq!(text, offline::review(p, &design, &report));
        }
    }
}

#[test]
fn the_shop_example_earns_specific_praise() {
    let (design, report) = examples().into_iter().find(|(d, _)| d.name() == "Online shop").unwrap();
    let sec = discover(&[]).get("security-reviewer").cloned().unwrap();
    let text = offline::review(&sec, &design, &report);
    // The security reviewer leads with the gateway's identity check.
    let first_like = text.split("What I like:\n").nth(1).and_then(|t| t.lines().next()).unwrap();
    assert_eq!(first_like, "  - the front door checks identity (gateway)", "{text}");
    let sre = discover(&[]).get("sre").cloned().unwrap();
    let text = offline::review(&sre, &design, &report);
    let first_like = text.split("What I like:\n").nth(1).and_then(|t| t.lines().next()).unwrap();
    assert!(
        first_like.starts_with("  - no single point of failure; replicated: gateway, identity, catalog, orders"),
        "{text}"
    );
}

#[test]
fn personas_disagree_on_the_payments_example() {
    let (design, report) = examples().into_iter().find(|(d, _)| d.name() == "Payments service").unwrap();
    assert!(report.findings.len() >= 5, "{:?}", report.findings);
    let first = |name: &str| {
        let p = discover(&[]).get(name).cloned().unwrap();
        offline::ranked(&p, &report)[0].rule
    };
    assert_eq!(first("security-reviewer"), "no-rate-limit");
    assert_eq!(first("sre"), "single-point-of-failure");
    let p = discover(&[]).get("sre").cloned().unwrap();
    let fix = offline::answer(&p, &design, &report, "what should I fix first?");
    assert!(fix.starts_with("Fix this first: [error] single-point-of-failure — ledger-db"), "{fix}");
    assert!(fix.contains("Redundancy (`redundancy`)"), "{fix}");
    let why = offline::answer(&p, &design, &report, "why backlog-growth?");
    assert!(why.contains("reconciler receives 400 rps of messages but handles 200 rps"), "{why}");
}

#[test]
fn questions_about_every_component_are_answered() {
    let p = discover(&[]).get("backend-architect").cloned().unwrap();
    for (design, report) in examples() {
        for c in design.components() {
            let a = offline::answer(&p, &design, &report, &format!("what about {}?", c.id));
            assert!(a.starts_with(&format!("{} is a {}", c.id, c.kind)), "{a}");
            let callers = design.incoming(c.id.as_str());
            if let Some(first) = callers.first() {
                assert!(a.contains(&format!("Called by: {}", first.from)), "{a}");
            }
        }
    }
}
