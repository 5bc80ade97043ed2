//! Mermaid export checked by the real Mermaid parser (node/edge counts,
//! subgraph membership, decoded label text), snapshots of the examples, and
//! export -> import round trips.

#[path = "exchange_support/mod.rs"]
mod support;

use archcrit_core::examples::EXAMPLES;
use archcrit_core::exchange::Direction;
use archcrit_core::exchange::escape::slug;
use archcrit_core::exchange::mermaid::{self, MAX_CHARS, MAX_EDGES, Style};
use archcrit_core::file::load_str;
use archcrit_core::synth;
use serde_json::json;
use support::{adversarial, assert_all_valid, case_for, essence};

#[test]
fn every_example_exports_a_diagram_mermaid_reads_back_exactly() {
    let mut cases = Vec::new();
    for (name, text) in EXAMPLES {
        let design = load_str(text, name).unwrap();
        let diagram = mermaid::export(&design, Style::default());
        assert_eq!(diagram.warning, None, "{name}");
        insta::assert_snapshot!(format!("mermaid_{name}"), diagram.text);
        cases.push(case_for(name, &design, &diagram.text));
        let tb = mermaid::export(&design, Style { direction: Direction::TB, findings: None });
        assert!(tb.text.starts_with("flowchart TB\n"));
        cases.push(case_for(name, &design, &tb.text));
    }
    assert_all_valid(&cases);
}

#[test]
fn every_example_round_trips_through_mermaid() {
    for (name, text) in EXAMPLES {
        let design = load_str(text, name).unwrap();
        let diagram = mermaid::export(&design, Style::default());
        let back = mermaid::import(&diagram.text, "x.mmd", "fallback").unwrap();
        assert_eq!(back.warnings, Vec::<String>::new(), "{name}");
        assert_eq!(essence(&back.design), essence(&design), "{name}");
        assert_eq!(back.design.name(), design.name());
        let zones: Vec<&String> = design.zones().keys().collect();
        assert_eq!(back.design.zones().keys().collect::<Vec<_>>(), zones, "{name}");
    }
}

#[test]
fn five_hundred_adversarial_designs_export_valid_exact_diagrams_and_round_trip() {
    let mut cases = Vec::new();
    for seed in 0..520u64 {
        let design = adversarial(seed);
        let diagram = mermaid::export(&design, Style::default());
        assert_eq!(diagram.warning, None);
        cases.push(case_for(&format!("seed {seed}"), &design, &diagram.text));
        let back = mermaid::import(&diagram.text, "x.mmd", "fallback")
            .unwrap_or_else(|e| panic!("seed {seed}: {e}\n{}", diagram.text));
        assert_eq!(essence(&back.design), essence(&design), "seed {seed}\n{}", diagram.text);
        let zones: Vec<&String> = design.zones().keys().collect();
        assert_eq!(back.design.zones().keys().collect::<Vec<_>>(), zones, "seed {seed}");
        assert_eq!(back.design.name(), design.name(), "seed {seed}");
    }
    assert_all_valid(&cases);
}

#[test]
fn a_design_beyond_mermaids_limits_exports_a_valid_overview_with_a_warning() {
    let design = synth::generate(2_000, 7);
    assert!(design.link_count() > MAX_EDGES);
    let diagram = mermaid::export(&design, Style::default());
    let warning = diagram.warning.expect("an overview must warn");
    assert!(warning.contains("--split"), "{warning}");
    assert!(diagram.text.len() <= MAX_CHARS);
    assert!(diagram.text.contains("archcrit: overview"));
    let edges = diagram.text.lines().filter(|l| l.contains("-->") || l.contains("-.->")).count();
    assert!(edges <= MAX_EDGES);
    let verdicts = support::mermaid_verdicts(&[json!({"name": "overview", "source": diagram.text, "dump": true})]);
    assert_eq!(verdicts[0]["ok"], json!(true), "{}", verdicts[0]);
    // One node per group, each naming how many components it stands for.
    let nodes = verdicts[0]["parsed"]["nodes"].as_array().unwrap();
    let counted: usize = nodes
        .iter()
        .map(|n| {
            let label = n["label"].as_str().unwrap();
            let line = label.lines().last().unwrap();
            line.split(' ').next().unwrap().parse::<usize>().unwrap()
        })
        .sum();
    assert_eq!(counted, design.component_count());
}

#[test]
fn many_nodes_and_few_edges_hit_the_character_limit_and_still_export_validly() {
    let mut design = synth::generate(1, 1);
    for i in 0..1_200 {
        let mut c = archcrit_core::model::Component::new(
            archcrit_core::model::ComponentId::new(format!("svc-{i}")).unwrap(),
            archcrit_core::model::Kind::Service,
        );
        c.label = Some(format!("A service with a rather long descriptive label number {i}"));
        design.apply(archcrit_core::model::Edit::AddComponent { component: c, index: None }).unwrap();
    }
    assert!(design.link_count() <= MAX_EDGES);
    let diagram = mermaid::export(&design, Style::default());
    assert!(diagram.warning.is_some());
    assert!(diagram.text.len() <= MAX_CHARS);
    assert_all_valid(&[json!({"name": "chars", "source": diagram.text})]);
}

#[test]
fn split_writes_an_overview_and_one_valid_diagram_per_group() {
    let design = synth::generate(1_000, 3);
    assert!(mermaid::export(&design, Style::default()).warning.is_some(), "too big for one diagram");
    let files = mermaid::split(&design, Style::default());
    assert_eq!(files[0].0, "overview.mmd");
    let groups = match mermaid::grouping(&design) {
        mermaid::Grouping::Zone => {
            let mut zones: Vec<Option<&str>> = design.components().map(|c| c.zone.as_deref()).collect();
            zones.sort();
            zones.dedup();
            zones.len().max(design.zones().len())
        }
        mermaid::Grouping::Kind => {
            let mut kinds: Vec<_> = design.components().map(|c| c.kind).collect();
            kinds.sort();
            kinds.dedup();
            kinds.len()
        }
    };
    assert_eq!(files.len(), groups + 1);
    let cases: Vec<_> = files.iter().map(|(name, d)| json!({"name": name, "source": d.text})).collect();
    for (name, d) in &files {
        assert!(d.text.len() <= MAX_CHARS, "{name}");
    }
    assert_all_valid(&cases);
    // A group's diagram (when it fits) holds every member of the group,
    // under its real id.
    let mut full = 0;
    for (file, d) in &files[1..] {
        if d.warning.is_some() {
            continue;
        }
        full += 1;
        let back = mermaid::import(&d.text, "part.mmd", "part").unwrap();
        let stem = file.strip_suffix(".mmd").unwrap();
        let zone = design.zones().keys().find(|z| slug(z) == stem).expect("one file per zone");
        let members: Vec<_> = design.components().filter(|c| c.zone.as_ref() == Some(zone)).collect();
        assert!(!members.is_empty());
        for m in members {
            assert!(back.design.contains(m.id.as_str()), "{} missing from its zone diagram", m.id);
        }
    }
    assert!(full > 0, "at least one zone fits in one diagram");
}

#[test]
fn with_findings_nodes_are_classed_by_their_worst_severity() {
    use archcrit_core::critic::{Finding, Metrics, Report, Severity};
    use archcrit_core::model::ComponentId;
    let design = load_str(EXAMPLES[0].1, "shop").unwrap();
    let ids: Vec<ComponentId> = design.ids().take(2).cloned().collect();
    let finding = |severity, id: &ComponentId| Finding {
        rule: "x",
        severity,
        components: vec![id.clone()],
        links: vec![],
        message: "m".into(),
        patterns: vec![],
    };
    let report = Report {
        design: "shop".into(),
        findings: vec![
            finding(Severity::Warning, &ids[0]),
            finding(Severity::Error, &ids[0]),
            finding(Severity::Info, &ids[1]),
        ],
        accepted: vec![],
        metrics: Metrics::default(),
        not_checked: vec![],
    };
    let text = mermaid::export(&design, Style { direction: Direction::LR, findings: Some(&report) }).text;
    let names = mermaid::names(&mermaid::View::of(&design));
    assert!(text.contains(&format!("class {} s_error", names.nodes[ids[0].as_str()])), "{text}");
    assert!(text.contains(&format!("class {} s_info", names.nodes[ids[1].as_str()])), "{text}");
    assert!(!text.contains("s_warning"), "a node shows only its worst severity");
    assert_all_valid(&[case_for("findings", &design, &text)]);
}

mod round_trip {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Export then import keeps ids, kinds, links, modes and zones, for
        /// adversarial and realistic designs alike.
        #[test]
        fn export_then_import_keeps_the_design(seed in any::<u64>(), n in 1usize..150, realistic in any::<bool>()) {
            let design = if realistic { synth::generate(n, seed) } else { adversarial(seed) };
            let diagram = mermaid::export(&design, Style::default());
            prop_assume!(diagram.warning.is_none());
            let back = mermaid::import(&diagram.text, "x.mmd", "x").unwrap();
            prop_assert_eq!(essence(&back.design), essence(&design));
            let zones: Vec<&String> = design.zones().keys().collect();
            prop_assert_eq!(back.design.zones().keys().collect::<Vec<_>>(), zones);
        }
    }
}
