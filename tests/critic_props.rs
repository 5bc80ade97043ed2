//! Property tests: on random designs (cycles, isolated components, missing
//! requirements, zero and huge numbers) the critic never panics, every
//! metric is finite, findings are sorted, every renderer copes, and every
//! pattern transformation yields an edit that applies.

use std::collections::HashMap;

use archcrit_core::critic::patterns::transform;
use archcrit_core::critic::{critique, render};
use archcrit_core::model::{
    Acceptance, Access, Component, ComponentId, Design, Edit, Kind, Link, Mode, RateLimit, Requirements,
};
use archcrit_core::synth;
use proptest::prelude::*;

/// Numbers from tiny to huge, including the edges of each field's range.
fn magnitude() -> impl Strategy<Value = f64> {
    prop_oneof![Just(0.0), Just(1e-300), Just(1e300), Just(f64::MAX), 0.0..10.0f64, 1.0..1e6f64]
}

#[derive(Debug, Clone)]
struct Spec {
    kind: usize,
    replicas: Option<u32>,
    capacity: Option<f64>,
    latency: Option<f64>,
    availability: Option<f64>,
    stateful: Option<bool>,
    public: Option<bool>,
    hit: Option<f64>,
    rps: Option<f64>,
    zone: Option<u8>,
    rate_limit: bool,
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        (0..Kind::ALL.len(), prop::option::of(prop_oneof![Just(1u32), Just(2), Just(u32::MAX), 1..10u32])),
        (prop::option::of(magnitude()), prop::option::of(magnitude()), prop::option::of(1e-9..=100.0f64)),
        (any::<Option<bool>>(), any::<Option<bool>>(), prop::option::of(0.0..=1.0f64), prop::option::of(magnitude())),
        (prop::option::of(0..3u8), any::<bool>()),
    )
        .prop_map(
            |((kind, replicas), (capacity, latency, availability), (stateful, public, hit, rps), (zone, rl))| Spec {
                kind,
                replicas,
                capacity: capacity.filter(|c| *c > 0.0),
                latency,
                availability,
                stateful,
                public,
                hit,
                rps,
                zone,
                rate_limit: rl,
            },
        )
}

const PROTOCOLS: &[Option<&str>] = &[None, Some("https"), Some("http"), Some("sql"), Some("kafka"), Some("amqp")];

#[derive(Debug, Clone)]
struct LinkSpec {
    from: usize,
    to: usize,
    protocol: usize,
    mode: Option<bool>,
    calls: Option<f64>,
    access: Option<usize>,
}

fn link_spec() -> impl Strategy<Value = LinkSpec> {
    (
        any::<usize>(),
        any::<usize>(),
        0..PROTOCOLS.len(),
        any::<Option<bool>>(),
        prop::option::of(magnitude()),
        prop::option::of(0..3usize),
    )
        .prop_map(|(from, to, protocol, mode, calls, access)| LinkSpec {
            from,
            to,
            protocol,
            mode,
            calls: calls.filter(|c| *c > 0.0),
            access,
        })
}

fn build(specs: &[Spec], links: &[LinkSpec], req: &Requirements, accepted: &[(usize, usize)]) -> Design {
    let mut d = Design::new("random");
    for (i, s) in specs.iter().enumerate() {
        let kind = Kind::ALL[s.kind];
        let mut c = Component::new(ComponentId::new(format!("c{i}")).unwrap(), kind);
        c.replicas = s.replicas;
        c.capacity_rps = s.capacity;
        c.latency_ms = s.latency;
        c.availability = s.availability;
        c.stateful = s.stateful;
        c.public = s.public;
        c.zone = s.zone.map(|z| format!("z{z}"));
        c.rate_limit = s.rate_limit.then_some(RateLimit::Enabled);
        if kind == Kind::Cache {
            c.hit_ratio = s.hit;
        }
        if kind == Kind::Client {
            c.rps = s.rps;
        }
        if kind.is_messaging() {
            c.dlq = s.stateful;
        }
        d.apply(Edit::AddComponent { component: c, index: None }).unwrap();
    }
    if !specs.is_empty() {
        for l in links {
            let (from, to) = (l.from % specs.len(), l.to % specs.len());
            if from == to {
                continue;
            }
            let mut link =
                Link::new(ComponentId::new(format!("c{from}")).unwrap(), ComponentId::new(format!("c{to}")).unwrap());
            link.protocol = PROTOCOLS[l.protocol].map(str::to_string);
            link.mode = l.mode.map(|s| if s { Mode::Sync } else { Mode::Async });
            link.calls = l.calls;
            link.access = l.access.map(|a| Access::ALL[a]);
            // Duplicates are refused by the model; skipping them is fine.
            let _ = d.apply(Edit::Connect { link, index: None });
        }
    }
    for field in archcrit_core::model::RequirementField::ALL {
        if let Some(v) = req.get(field) {
            d.apply(Edit::SetRequirement { field, value: Some(v) }).unwrap();
        }
    }
    let rules = ["single-point-of-failure", "overloaded", "orphan-component", "no-observability", "nope"];
    for (r, c) in accepted {
        let component = (!specs.is_empty()).then(|| ComponentId::new(format!("c{}", c % specs.len())).unwrap());
        let acceptance = Acceptance {
            rule: rules[r % rules.len()].into(),
            component,
            reason: "r".into(),
            extra: Default::default(),
        };
        d.apply(Edit::Accept { acceptance, index: None }).unwrap();
    }
    d
}

fn requirements() -> impl Strategy<Value = Requirements> {
    (
        prop::option::of(magnitude()),
        prop::option::of(magnitude()),
        prop::option::of(1e-9..=100.0f64),
        prop::option::of(magnitude()),
        any::<bool>(),
    )
        .prop_map(|(peak, ratio, slo, budget, pii)| Requirements {
            peak_rps: peak,
            read_write_ratio: ratio,
            availability_slo: slo,
            latency_budget_ms: budget.filter(|b| *b > 0.0),
            data: if pii { vec!["pii".into()] } else { vec![] },
            ..Requirements::default()
        })
}

fn check(design: &Design, transforms: bool) {
    let report = critique(design);
    for (id, m) in &report.metrics.components {
        assert!(m.load_rps.is_finite() && m.load_rps >= 0.0, "{id} load {}", m.load_rps);
        assert!(m.latency_ms.is_finite() && m.latency_ms >= 0.0, "{id} latency {}", m.latency_ms);
        assert!(m.availability.is_finite() && (0.0..=100.0).contains(&m.availability), "{id} {}", m.availability);
        assert!(m.utilization.is_none_or(|u| u.is_finite() && u >= 0.0), "{id} {:?}", m.utilization);
    }
    for (id, m) in &report.metrics.requests {
        assert!(m.load_rps.is_finite() && m.latency_ms.is_finite() && m.availability.is_finite(), "{id} {m:?}");
    }
    assert_eq!(report.metrics.components.len(), design.component_count());
    let keys: Vec<_> = report.findings.iter().map(|f| (f.severity, f.rule, f.subject().cloned())).collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]), "unsorted");
    let json: serde_json::Value = serde_json::from_str(&render::json(&report)).unwrap();
    assert!(json["findings"].is_array());
    let _ = render::text(&report, true);
    let _ = render::markdown(&report);
    let sarif: serde_json::Value = serde_json::from_str(&render::sarif(&report, "d.yaml", &HashMap::new())).unwrap();
    assert_eq!(sarif["runs"][0]["results"].as_array().map(Vec::len), Some(report.findings.len()));
    for f in report.findings.iter().filter(|_| transforms) {
        for p in &f.patterns {
            if let Ok(edit) = transform(design, p, f) {
                let mut copy = design.clone();
                copy.apply(edit).unwrap_or_else(|e| panic!("{p} on {}: {e}", f.rule));
                let _ = critique(&copy);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn the_critic_never_panics_and_stays_finite(
        specs in prop::collection::vec(spec(), 0..14),
        links in prop::collection::vec(link_spec(), 0..40),
        req in requirements(),
        accepted in prop::collection::vec((0..5usize, 0..14usize), 0..3),
    ) {
        check(&build(&specs, &links, &req, &accepted), true);
    }
}

#[test]
fn generated_designs_stay_finite_too() {
    for (n, seed) in [(1, 1), (50, 2), (120, 3)] {
        check(&synth::generate(n, seed), true);
    }
    check(&synth::generate(3_000, 4), false);
}
