//! docker-compose import over files using every form listed in the issue,
//! the result a valid design (it survives the design file's own loader),
//! and bad input with line numbers, never a panic.

use archcrit_core::exchange::compose;
use archcrit_core::file::{load_str, to_yaml};
use archcrit_core::model::{Kind, Mode};
use proptest::prelude::*;

const EVERY_FORM: &str = include_str!("fixtures/compose/every-form.yml");

#[test]
fn every_form_becomes_the_right_components_and_links() {
    let imported = compose::import(EVERY_FORM, "every-form.yml", "fallback").unwrap();
    let d = &imported.design;
    assert_eq!(d.name(), "${PROJECT:-shopfront}", "interpolation is left as written");
    let kinds = [
        ("proxy", Kind::LoadBalancer),
        ("api", Kind::Service),
        ("worker", Kind::Worker),
        ("db", Kind::Database),
        ("cache", Kind::Cache),
        ("rabbit", Kind::Queue),
        ("kafka", Kind::Stream),
        ("search", Kind::Search),
        ("blobs", Kind::Storage),
        ("otel", Kind::Monitoring),
        ("auth", Kind::Identity),
        ("gateway", Kind::Gateway),
    ];
    for (id, kind) in kinds {
        assert_eq!(d.component(id).unwrap_or_else(|| panic!("no {id}")).kind, kind, "{id}");
    }
    assert_eq!(d.component_count(), kinds.len());
    let api = d.component("api").unwrap();
    assert_eq!(api.replicas, Some(3), "deploy.replicas");
    assert_eq!(d.component("gateway").unwrap().replicas, Some(2), "scale");
    assert_eq!(d.component("proxy").unwrap().public, Some(true), "short port form");
    assert_eq!(d.component("rabbit").unwrap().public, Some(true), "long port form");
    assert_eq!(d.component("kafka").unwrap().public, None, "expose is not published");
    assert_eq!(d.component("db").unwrap().tech.as_deref(), Some("docker.io/library/postgres:16@sha256:0000"));
    assert!(d.component("worker").unwrap().extra.contains_key("x-compose-profiles"));

    let protocol = |from: &str, to: &str| {
        d.links()
            .find(|l| l.from.as_str() == from && l.to.as_str() == to)
            .unwrap_or_else(|| panic!("no link {from} -> {to}"))
            .protocol
            .clone()
    };
    assert_eq!(protocol("proxy", "api").as_deref(), Some("http"), "a proxy in front of a plain service speaks http");
    assert_eq!(protocol("api", "db").as_deref(), Some("sql"), "connection string wins over depends_on map");
    assert_eq!(protocol("api", "cache").as_deref(), Some("redis"));
    assert_eq!(protocol("api", "rabbit").as_deref(), Some("amqp"));
    assert_eq!(protocol("api", "search").as_deref(), Some("http"));
    assert_eq!(protocol("api", "otel").as_deref(), Some("http"), "merged from the anchor");
    assert_eq!(protocol("worker", "rabbit").as_deref(), Some("amqp"), "list-form environment");
    assert_eq!(protocol("worker", "kafka").as_deref(), Some("kafka"));
    assert_eq!(protocol("worker", "db").as_deref(), Some("sql"), "*_HOST takes the target's protocol");
    assert_eq!(protocol("auth", "db").as_deref(), Some("sql"), "legacy links");
    let api_links = d.outgoing("api").len();
    assert_eq!(api_links, 5, "db and cache appear once each");
    assert_eq!(d.links().find(|l| l.to.as_str() == "rabbit").unwrap().effective_mode(), Mode::Async);
    // The one note: a password written into a connection string.
    assert_eq!(imported.warnings.len(), 1, "{:?}", imported.warnings);
    assert!(imported.warnings[0].starts_with("every-form.yml:19: `api` writes AMQP_URL (a password in its URL)"));
}

#[test]
fn the_result_is_a_valid_design_file() {
    let d = compose::import(EVERY_FORM, "every-form.yml", "x").unwrap().design;
    let text = to_yaml(&d);
    let back = load_str(&text, "imported.yaml").unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(back, d);
}

#[test]
fn minimal_and_odd_files_import() {
    let d = compose::import("services:\n  app:\n    image: myorg/app\n  empty:\n", "c.yml", "fallback").unwrap().design;
    assert_eq!(d.name(), "fallback");
    assert_eq!(d.component_count(), 2);
    let odd = "services:\n  Web.App:\n    image: nginx\n    depends_on: [missing]\n    deploy: {replicas: 0}\n";
    let imported = compose::import(odd, "c.yml", "x").unwrap();
    assert!(imported.design.contains("web-app"));
    assert_eq!(imported.warnings.len(), 2, "{:?}", imported.warnings);
    assert!(imported.warnings.iter().all(|w| w.starts_with("c.yml:2:")), "{:?}", imported.warnings);
}

#[test]
fn bad_files_name_the_line() {
    let cases = [
        // The parser notices the missing `]` at the end of the input.
        ("services:\n  a:\n    image: [unclosed\n", 4),
        ("version: '3'\nnetworks: {}\n", 1),
        ("name: x\nservices: [a, b]\n", 2),
        ("services:\n  a: {image: x}\n  b: just-a-string\n", 3),
        ("services:\n  a:\n    <<: *missing\n", 3),
        // Errors at the end of input point at the last line, not past it,
        // and a lone carriage return ends a line as it does for YAML.
        ("{", 1),
        ("{\r¡", 2),
    ];
    for (text, line) in cases {
        let err = compose::import(text, "bad.yml", "x").expect_err(text);
        assert_eq!(err.line, line, "{text:?}: {err}");
        assert!(err.to_string().starts_with(&format!("bad.yml:{line}")), "{err}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,300}") {
        if let Err(e) = compose::import(&text, "c.yml", "x") {
            prop_assert!(e.line >= 1 && e.line <= yaml_lines(&text), "{}", e);
        }
    }

    #[test]
    fn compose_shaped_noise_never_panics(lines in proptest::collection::vec(compose_line(), 0..15)) {
        let text = format!("services:\n{}", lines.join("\n"));
        match compose::import(&text, "c.yml", "x") {
            Ok(imported) => prop_assert_eq!(imported.design.verify(), Ok(())),
            Err(e) => prop_assert!(e.line >= 1 && e.line <= yaml_lines(&text), "{}", e),
        }
    }
}

/// Lines as an editor (and YAML) shows them: a lone `\r` ends a line too,
/// and text after the last line break is one more line.
fn yaml_lines(text: &str) -> usize {
    text.replace("\r\n", "\n").replace('\r', "\n").split('\n').count()
}

fn compose_line() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "  a:",
        "  b:",
        "  db:",
        "    image: postgres",
        "    image: redis:7",
        "    depends_on: [a]",
        "    depends_on:",
        "      - db",
        "      db: {condition: x}",
        "    environment:",
        "      - X=redis://b",
        "      URL: postgres://db",
        "    ports: ['80:80']",
        "    deploy: {replicas: 2}",
        "    <<: *x",
        "  x: &x {image: kafka}",
        "    build: .",
        "    profiles: [p]",
        "  - oops",
        "    : :",
        "\t",
    ]);
    pieces.prop_map(str::to_string)
}
