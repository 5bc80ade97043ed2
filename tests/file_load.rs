//! Loading design files: the format's own example, and one test per class
//! of bad input asserting the line and the words of the message.

use archcrit_core::file::{LoadError, load_str, to_yaml};
use archcrit_core::model::{Kind, Mode};

const EXAMPLE: &str = include_str!("fixtures/format-example.yaml");

fn err(text: &str) -> LoadError {
    match load_str(text, "bad.yaml") {
        Ok(_) => panic!("expected an error for:\n{text}"),
        Err(e) => e,
    }
}

fn assert_err(text: &str, line: usize, words: &[&str]) {
    let e = err(text);
    assert_eq!(e.line, Some(line), "wrong line for {e}");
    let shown = e.to_string();
    assert!(shown.starts_with(&format!("bad.yaml:{line}:")), "{shown}");
    for w in words {
        assert!(shown.contains(w), "`{w}` missing from: {shown}");
    }
}

#[test]
fn the_format_example_loads_with_every_field() {
    let d = load_str(EXAMPLE, "example.yaml").unwrap();
    assert_eq!(d.name(), "Online shop");
    assert_eq!(d.component_count(), 7);
    assert_eq!(d.link_count(), 6);
    assert_eq!(d.requirements().peak_rps, Some(1200.0));
    assert_eq!(d.requirements().data, vec!["pii", "payments"]);
    let orders = d.component("orders").unwrap();
    assert_eq!(orders.replicas, Some(3));
    assert_eq!(orders.at, Some((30, 8)));
    assert_eq!(d.component("orders-cache").unwrap().kind, Kind::Cache);
    let to_events = d.outgoing("orders").into_iter().find(|l| l.to.as_str() == "events").unwrap();
    assert_eq!(to_events.effective_mode(), Mode::Async);
    assert_eq!(d.zones().len(), 2);
    let ids: Vec<_> = d.ids().map(|i| i.to_string()).collect();
    assert_eq!(ids, ["web", "gateway", "orders", "orders-cache", "orders-db", "events", "mailer"]);
}

#[test]
fn canonical_form_round_trips_and_is_idempotent() {
    let d = load_str(EXAMPLE, "example.yaml").unwrap();
    let once = to_yaml(&d);
    let again = load_str(&once, "once.yaml").unwrap();
    assert_eq!(again, d);
    assert_eq!(to_yaml(&again), once);
}

#[test]
fn yaml_syntax_errors_name_the_line() {
    assert_err("archcrit: 1\nname: x\ncomponents:\n  a: {kind: service\n", 5, &[]);
    let e = err("archcrit: 1\nname: [unclosed\n");
    assert!(e.line.is_some(), "{e}");
}

#[test]
fn an_empty_file_is_refused_with_advice() {
    let e = err("  \n# only a comment\n");
    assert!(e.to_string().contains("empty"), "{e}");
    assert!(e.to_string().contains("archcrit new"), "{e}");
}

#[test]
fn missing_or_unknown_versions_are_refused() {
    let e = err("name: x\n");
    assert!(e.to_string().contains("archcrit: 1"), "{e}");
    assert_err("archcrit: 2\nname: x\n", 1, &["version 2", "upgrade"]);
    assert_err("archcrit: one\nname: x\n", 1, &["not a number"]);
}

#[test]
fn unknown_kinds_list_the_accepted_ones() {
    assert_err(
        "archcrit: 1\nname: x\ncomponents:\n  a:\n    kind: databse\n",
        5,
        &["unknown kind `databse`", "did you mean `database`", "load-balancer", "monitoring"],
    );
}

#[test]
fn unknown_fields_suggest_the_closest() {
    assert_err(
        "archcrit: 1\nname: x\ncomponents:\n  a:\n    kind: service\n    replica: 3\n",
        6,
        &["unknown field replica: did you mean replicas?", "x-"],
    );
    assert_err("archcrit: 1\nname: x\nrequirments: {}\n", 3, &["requirments: did you mean requirements?"]);
    assert_err(
        "archcrit: 1\nname: x\ncomponents:\n  a: {kind: client}\n  b: {kind: service}\nlinks:\n  - {from: a, to: b, protocl: http}\n",
        7,
        &["did you mean protocol?"],
    );
}

#[test]
fn bad_and_out_of_range_numbers_are_refused() {
    let base = "archcrit: 1\nname: x\ncomponents:\n  a:\n    kind: service\n";
    assert_err(&format!("{base}    replicas: 0\n"), 6, &["replicas", "whole number of at least 1"]);
    assert_err(&format!("{base}    replicas: 2.5\n"), 6, &["replicas"]);
    assert_err(&format!("{base}    availability: 101\n"), 6, &["out of range", "percentage"]);
    assert_err(&format!("{base}    capacity_rps: many\n"), 6, &["capacity_rps", "greater than 0"]);
    assert_err(&format!("{base}    latency_ms: -1\n"), 6, &["latency_ms"]);
    assert_err("archcrit: 1\nname: x\nrequirements:\n  availability_slo: 0\n", 4, &["availability_slo"]);
    assert_err(
        "archcrit: 1\nname: x\ncomponents:\n  c:\n    kind: cache\n    hit_ratio: 1.2\n",
        6,
        &["hit_ratio", "between 0 and 1"],
    );
}

#[test]
fn fields_on_the_wrong_kind_are_refused() {
    assert_err(
        "archcrit: 1\nname: x\ncomponents:\n  a:\n    kind: service\n    hit_ratio: 0.5\n",
        6,
        &["hit_ratio", "only to caches"],
    );
}

#[test]
fn ids_that_break_the_rule_are_refused() {
    assert_err("archcrit: 1\nname: x\ncomponents:\n  Orders:\n    kind: service\n", 4, &["`Orders`", "lowercase"]);
    assert_err("archcrit: 1\nname: x\ncomponents:\n  my.svc: {kind: service}\n", 4, &["`my.svc`"]);
}

#[test]
fn duplicate_ids_are_refused_at_the_second_one() {
    assert_err(
        "archcrit: 1\nname: x\ncomponents:\n  a: {kind: service}\n  b: {kind: service}\n  a: {kind: worker}\n",
        6,
        &["duplicate component id `a`"],
    );
}

#[test]
fn links_to_missing_components_are_refused() {
    assert_err(
        "archcrit: 1\nname: x\ncomponents:\n  web: {kind: client}\n  api: {kind: service}\nlinks:\n  - {from: web, to: apu}\n",
        7,
        &["`to: apu`", "does not exist", "did you mean `api`"],
    );
}

#[test]
fn links_before_components_are_still_checked_at_their_line() {
    assert_err(
        "archcrit: 1\nname: x\nlinks:\n  - {from: a, to: b}\ncomponents:\n  a: {kind: client}\n",
        4,
        &["links[0]", "`to: b`", "does not exist"],
    );
}

#[test]
fn late_errors_point_at_the_end_they_are_about_in_block_style_too() {
    let e = err("archcrit: 1\nname: x\nlinks:\n  - from: a\n    to: b\ncomponents:\n  a: {kind: client}\n");
    assert_eq!((e.line, e.column), (Some(5), Some(9)), "{e}");
    assert!(e.message.starts_with("links[0].to: link `to: b` names a component that does not exist"), "{e}");
    let e = err(
        "archcrit: 1\nname: x\nflows:\n  f:\n    from: a\n    via:\n      - b\n      - cc\ncomponents:\n  a: {kind: client}\n  b: {kind: service}\n  c: {kind: database}\nlinks:\n  - {from: a, to: b}\n",
    );
    assert_eq!((e.line, e.column), (Some(8), Some(9)), "{e}");
    assert!(e.message.starts_with("flows.f.via[1]: flow `via: cc`"), "{e}");
    assert!(e.message.contains("did you mean `c`?"), "{e}");
}

#[test]
fn self_links_are_refused() {
    assert_err(
        "archcrit: 1\nname: x\ncomponents:\n  a: {kind: service}\nlinks:\n  - {from: a, to: a}\n",
        6,
        &["self-links are not allowed"],
    );
}

#[test]
fn duplicate_links_are_refused_case_insensitively() {
    assert_err(
        "archcrit: 1\nname: x\ncomponents:\n  a: {kind: client}\n  b: {kind: service}\nlinks:\n  - {from: a, to: b, protocol: HTTPS}\n  - {from: a, to: b, protocol: https}\n",
        8,
        &["duplicate link a -> b"],
    );
}

#[test]
fn x_fields_survive_a_round_trip() {
    let text = "archcrit: 1\nname: x\nx-owner: team-a\ncomponents:\n  a:\n    kind: service\n    x-cost: {monthly: 120, currency: EUR}\n  b: {kind: database}\nlinks:\n  - {from: a, to: b, x-note: [1, two]}\n";
    let d = load_str(text, "x.yaml").unwrap();
    let out = to_yaml(&d);
    assert!(out.contains("x-owner: team-a"), "{out}");
    assert!(out.contains("x-cost: {monthly: 120, currency: EUR}"), "{out}");
    assert_eq!(load_str(&out, "out.yaml").unwrap(), d);
}

#[test]
fn yaml_1_2_core_schema() {
    let d = load_str("archcrit: 1\nname: yes\nrequirements:\n  peak_rps: 1e3\n", "s.yaml").unwrap();
    assert_eq!(d.name(), "yes");
    assert_eq!(d.requirements().peak_rps, Some(1000.0));
}

#[test]
fn null_sections_are_empty() {
    let d = load_str("archcrit: 1\nname: x\nzones:\ncomponents:\naccepted:\nlinks:\n", "n.yaml").unwrap();
    assert_eq!(d.component_count(), 0);
}

#[test]
fn oversized_text_is_refused() {
    let big = format!("archcrit: 1\nname: x\n#{}\n", "a".repeat(51 * 1024 * 1024));
    let e = err(&big);
    assert!(e.to_string().contains("50 MB"), "{e}");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

    /// Whatever the bytes, loading answers with a design or an error that
    /// points at a line the file has: never a panic, never past the end.
    #[test]
    fn arbitrary_text_never_panics_and_errors_point_inside_the_file(text in "(archcrit: 1\n)?.{0,200}") {
        if let Err(e) = load_str(&text, "any.yaml") {
            let lines = text.replace("\r\n", "\n").replace('\r', "\n").split('\n').count();
            if let Some(line) = e.line {
                proptest::prop_assert!(line >= 1 && line <= lines, "line {line} of {lines}: {e}");
            }
        }
    }
}

#[test]
fn numbers_too_large_and_lone_values_for_lists_say_what_to_write() {
    let head = "archcrit: 1\nname: t\n";
    assert_err(
        &format!("{head}components:\n  a: {{kind: service, replicas: 4294967297}}\n"),
        4,
        &["replicas", "4294967297 is too large", "at most 4294967295"],
    );
    assert_err(
        &format!("{head}components:\n  a: {{kind: service, replicas: 99999999999999999999999}}\n"),
        4,
        &["is too large", "whole number"],
    );
    let e = err(&format!("{head}components:\n  a: {{kind: service, replicas: 99999999999999999999999}}\n"));
    assert!(!e.to_string().contains("u128") && !e.to_string().contains("invalid type"), "{e}");
    assert_err(&format!("{head}requirements: {{peak_rps: 1e309}}\n"), 3, &["`1e309` is too large a number"]);
    assert_err(&format!("{head}unstated: auth\n"), 3, &["this is a list", "write `[auth]`"]);
}

const FLOWS: &str = "archcrit: 1\nname: x\ncomponents:\n  web: {kind: client}\n  api: {kind: service}\n  db: {kind: database}\nlinks:\n  - {from: web, to: api}\n  - {from: api, to: db}\nflows:\n";

#[test]
fn a_flow_brace_left_open_suggests_no_field_for_the_next_flow() {
    // `browse` never closes its brace, so the next flow, `vip`, is read as
    // one of its fields: `did you mean via?` would send the reader to fix
    // a field that is not one.
    let text = format!(
        "{FLOWS}  browse: {{from: web, rps: 800, via: [api, db],\n  vip: {{from: web, rps: 200, via: [api, db]}}\n"
    );
    let e = err(&text);
    let shown = e.to_string();
    assert!(!shown.contains("did you mean"), "{shown}");
    assert!(shown.contains("unknown field vip"), "{shown}");
    assert!(shown.contains("unclosed quote, bracket or brace"), "{shown}");
    assert_eq!(e.line, Some(12), "{shown}");

    // A real typo in a closed brace still gets its suggestion.
    let text = format!("{FLOWS}  browse: {{from: web, rps: 800, vai: [api, db]}}\n");
    assert!(err(&text).to_string().contains("did you mean via?"), "{}", err(&text));
    let text = format!("{FLOWS}  browse: {{from: web, rps: 800, via: [api, dbb]}}\n");
    assert!(err(&text).to_string().contains("(did you mean `db`?)"), "{}", err(&text));
}

#[test]
fn every_design_error_of_a_file_is_listed_each_at_its_line() {
    let text = "archcrit: 1
name: many mistakes
components:
  web: {kind: client}
  api:
    kind: service
    replicas: -3
  db: {kind: databse}
  cache: {kind: cache, colour: red}
  cache: {kind: cache}
links:
  - {from: web, to: api}
  - {from: api, to: nope}
  - {from: api, to: db}
  - {from: api, to: cache, mode: sometimes}
flows:
  browse: {from: web, via: [api, dbb]}
";
    let e = err(text);
    let listed: Vec<(Option<usize>, String)> =
        e.all().map(|e| (e.line, e.message.split(':').next().unwrap_or_default().to_string())).collect();
    let expected = [
        (7, "components.api.replicas"),
        (8, "components.db.kind"),
        (9, "components.cache"),
        (10, "components"),
        (13, "links[1].to"),
        (15, "links[3].mode"),
        (17, "flows.browse.via[1]"),
    ];
    let expected: Vec<(Option<usize>, String)> = expected.iter().map(|(l, p)| (Some(*l), p.to_string())).collect();
    assert_eq!(listed, expected, "{e}");
    let shown = e.to_string();
    // Each with its place and what to do; none that only follows from
    // another (links naming the components above are not listed).
    assert!(shown.contains("bad.yaml:10:3: components: duplicate component id `cache`"), "{shown}");
    assert!(shown.contains("bad.yaml:15:34: links[3].mode: unknown mode `sometimes`"), "{shown}");
    assert!(!shown.contains("`to: api`"), "{shown}");
    assert_eq!(e.unlisted(), 0);
}

#[test]
fn past_twenty_errors_the_rest_are_counted() {
    let mut text = String::from("archcrit: 1\nname: x\ncomponents:\n");
    for i in 0..30 {
        text.push_str(&format!("  s{i}: {{kind: service, replicas: 0}}\n"));
    }
    let e = err(&text);
    assert_eq!((e.all().count(), e.unlisted()), (20, 10), "{e}");
    assert_eq!(e.more().last().and_then(|m| m.line), Some(23), "{e}");
    assert!(e.to_string().ends_with("and 10 more, listed once these are fixed"), "{e}");
}

#[test]
fn a_yaml_syntax_error_comes_alone() {
    let e = err("archcrit: 1\nname: x\ncomponents:\n  a: {kind: service, replicas: 0}\n  b: [unclosed\n");
    assert!(e.more().is_empty() && e.unlisted() == 0, "{e}");
}
