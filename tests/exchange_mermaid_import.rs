//! Mermaid import: every supported form, agreement with the real Mermaid
//! parser on hand-written diagrams, errors that name the line, and no panic
//! on arbitrary text.

#[path = "exchange_support/mod.rs"]
mod support;

use std::collections::HashMap;

use archcrit_core::exchange::mermaid;
use archcrit_core::model::{Kind, Mode};
use proptest::prelude::*;
use serde_json::json;

const EVERY_FORM: &str = r#"---
title: Hand drawn
---
%% a comment
graph TD
  web([Web app]) -->|HTTPS POST /orders| gw{{API gateway}}
  gw --> orders[Orders service] & catalog(Catalog)
  orders -- sql --> db[(Orders DB)]
  orders -.-> events>Order events]
  events -.->|amqp| mailer[[Mailer]]
  orders ==> cache(((Cache)))
  catalog --- search{Search}
  orders --> blob[\Blobs\] --> cdn((CDN))
  ledger@{ shape: cyl, label: "Ledger" }
  orders --> ledger
  lb[/Load balancer\] --> gw
  idp[\Identity/] ~~~ gw
  stream[/Clicks/]
  subgraph private ["Private network"]
    orders
    db
    subgraph inner
      mailer
    end
  end
  classDef hot fill:#f00
  class orders hot
  style db fill:#eee
  click orders "https://example.com"
  linkStyle 0 stroke:#f00
"#;

#[test]
fn every_supported_form_imports() {
    let imported = mermaid::import(EVERY_FORM, "hand.mmd", "fallback").unwrap();
    let d = &imported.design;
    assert_eq!(d.name(), "Hand drawn");
    let kind = |id: &str| d.component(id).unwrap_or_else(|| panic!("no {id}")).kind;
    let expected = [
        ("web", Kind::Client),
        ("gw", Kind::Gateway),
        ("orders", Kind::Service),
        ("catalog", Kind::Function),
        ("db", Kind::Database),
        ("events", Kind::Queue),
        ("mailer", Kind::Worker),
        ("cache", Kind::Cache),
        ("search", Kind::Search),
        ("blob", Kind::Storage),
        ("cdn", Kind::Cdn),
        ("ledger", Kind::Database),
        ("lb", Kind::LoadBalancer),
        ("idp", Kind::Identity),
        ("stream", Kind::Stream),
    ];
    for (id, k) in expected {
        assert_eq!(kind(id), k, "{id}");
    }
    assert_eq!(d.component_count(), expected.len());
    assert_eq!(d.component("db").unwrap().label.as_deref(), Some("Orders DB"));
    assert_eq!(d.component("ledger").unwrap().label.as_deref(), Some("Ledger"));
    let link = |from: &str, to: &str| {
        d.links().find(|l| l.from.as_str() == from && l.to.as_str() == to).unwrap_or_else(|| panic!("{from}->{to}"))
    };
    let web = link("web", "gw");
    assert_eq!(web.protocol.as_deref(), Some("HTTPS"));
    assert_eq!(web.label.as_deref(), Some("POST /orders"));
    assert_eq!(link("orders", "db").protocol.as_deref(), Some("sql"));
    assert_eq!(link("orders", "events").effective_mode(), Mode::Async);
    assert_eq!(link("events", "mailer").effective_mode(), Mode::Async);
    assert_eq!(link("events", "mailer").mode, None, "amqp is async by default");
    assert_eq!(link("orders", "cache").effective_mode(), Mode::Sync);
    assert_eq!(link("catalog", "search").effective_mode(), Mode::Sync);
    link("gw", "orders");
    link("gw", "catalog");
    link("orders", "blob");
    link("blob", "cdn");
    link("orders", "ledger");
    link("lb", "gw");
    assert!(!d.links().any(|l| l.from.as_str() == "idp"), "~~~ is layout only");
    assert_eq!(d.component("orders").unwrap().zone.as_deref(), Some("private"));
    assert_eq!(d.component("db").unwrap().zone.as_deref(), Some("private"));
    assert_eq!(d.component("mailer").unwrap().zone.as_deref(), Some("inner"));
    assert_eq!(d.component("web").unwrap().zone, None);
    assert_eq!(d.zones()["private"].label.as_deref(), Some("Private network"));
}

#[test]
fn directions_and_statement_separators() {
    for header in ["graph TD", "graph TB", "flowchart LR", "flowchart RL", "graph BT", "graph", "graph TD;"] {
        let text = format!("{header}\n  a-->b;b-->c\n");
        let d = mermaid::import(&text, "x.mmd", "x").unwrap().design;
        assert_eq!(d.link_count(), 2, "{header}");
    }
    let d = mermaid::import("graph LR; a --> b; b --> c", "x.mmd", "x").unwrap().design;
    assert_eq!(d.link_count(), 2);
}

#[test]
fn self_links_duplicates_and_edges_to_subgraphs_are_dropped_with_a_warning() {
    let text = "flowchart LR\n  a --> a\n  a --> b\n  a --> b\n  subgraph s\n    b\n  end\n  a --> s\n";
    let imported = mermaid::import(text, "x.mmd", "x").unwrap();
    assert_eq!(imported.design.link_count(), 1);
    assert_eq!(imported.warnings.len(), 3, "{:?}", imported.warnings);
    assert!(imported.warnings[0].starts_with("x.mmd:2:"), "{:?}", imported.warnings);
    assert!(imported.warnings[1].starts_with("x.mmd:4:"));
    assert!(imported.warnings[2].starts_with("x.mmd:8:"));
}

#[test]
fn bad_input_names_the_line() {
    let cases = [
        ("sequenceDiagram\n  A->>B: hi\n", 1, "not a flowchart"),
        ("flowchart lr\n  a --> b\n", 1, "direction"),
        ("flowchart LR\n  a --> b\n  c[\"open\n", 3, "quote"),
        ("flowchart LR\n  a --> b\n  subgraph s\n  b\n", 3, "never closed"),
        ("flowchart LR\n  a --> b\n  end\n", 3, "end"),
        ("flowchart LR\n\n  a -->\n", 3, "node id"),
        ("flowchart LR\n  a[oops\n", 2, "never closed"),
        ("flowchart LR\n  a -- text\n", 2, "closing arrow"),
        ("flowchart LR\n  a -->|x b\n", 2, "never closed"),
        ("flowchart LR\n  a@{ shape: cyl\n", 2, "never closed"),
        ("---\ntitle: x\nflowchart LR\n", 1, "front-matter"),
        ("", 1, "no flowchart"),
        ("%% only a comment\n", 1, "no flowchart"),
        ("flowchart LR\n  a b\n", 2, "arrow"),
    ];
    for (text, line, words) in cases {
        let err = mermaid::import(text, "bad.mmd", "x").expect_err(text);
        assert_eq!(err.line, line, "{text:?}: {err}");
        assert!(err.to_string().starts_with(&format!("bad.mmd:{line}:")), "{err}");
        assert!(err.message.contains(words), "{text:?}: {err}");
    }
}

/// Diagrams people write, read by both parsers: archcrit must see the same
/// nodes, links and subgraph members as Mermaid itself.
#[test]
fn hand_written_diagrams_read_the_same_as_real_mermaid() {
    let diagrams = [
        EVERY_FORM.replace("  idp[\\Identity/] ~~~ gw\n", ""),
        "graph LR\n  A[Client] --> B{Gateway}\n  B --> C[Svc] & D[Svc 2]\n  C -.-> E[(DB)]\n".into(),
        "flowchart TB\n  subgraph one [\"Zone one\"]\n    a1 --> a2\n  end\n  subgraph two\n    b1\n  end\n  a2 ==> b1\n"
            .into(),
        "graph TD\n  x1 -- reads --> y1\n  y1 -. pushes .-> z1\n  z1 == hot ==> x1\n  api-gw --> svc.v2\n".into(),
        "flowchart LR\n  a[\"quoted #quot;label#quot; #35;1\"] -->|\"text #amp; more\"| b\n  a --> c --> d --> e\n"
            .into(),
        "graph LR;\n  A-->B;\n  B-->C;\n  %% comment\n  C---D\n".into(),
    ];
    let cases: Vec<_> = diagrams
        .iter()
        .enumerate()
        .map(|(i, d)| json!({"name": format!("hand {i}"), "source": d, "dump": true}))
        .collect();
    let verdicts = support::mermaid_verdicts(&cases);
    for (text, verdict) in diagrams.iter().zip(&verdicts) {
        assert_eq!(verdict["ok"], json!(true), "{verdict}\n{text}");
        let parsed = &verdict["parsed"];
        let ours = mermaid::import(text, "hand.mmd", "x").unwrap().design;
        let subgraph_ids: Vec<&str> =
            parsed["subgraphs"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap()).collect();
        // Mermaid lists subgraphs among vertices in some versions; compare nodes proper.
        let nodes: Vec<&str> = parsed["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["id"].as_str().unwrap())
            .filter(|id| !subgraph_ids.contains(id))
            .collect();
        assert_eq!(ours.component_count(), nodes.len(), "{text}");
        let slug: HashMap<&str, String> =
            nodes.iter().map(|id| (*id, archcrit_core::model::ComponentId::slug(id).to_string())).collect();
        let edges: Vec<(String, String)> = parsed["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (slug[e["from"].as_str().unwrap()].clone(), slug[e["to"].as_str().unwrap()].clone()))
            .collect();
        let our_edges: Vec<(String, String)> = ours.links().map(|l| (l.from.to_string(), l.to.to_string())).collect();
        assert_eq!(our_edges, edges, "{text}");
        for sg in parsed["subgraphs"].as_array().unwrap() {
            for member in sg["nodes"].as_array().into_iter().flatten().chain(sg["members"].as_array().unwrap()) {
                let member = member.as_str().unwrap();
                if subgraph_ids.contains(&member) {
                    continue;
                }
                let c = ours.component(&slug[member]).unwrap();
                let title = sg["title"].as_str().unwrap();
                let zone = c.zone.as_deref().unwrap();
                let def = &ours.zones()[zone];
                assert_eq!(def.label.as_deref().unwrap_or(zone), title, "{member} in {text}");
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_text_never_panics_and_errors_name_a_real_line(text in ".{0,400}") {
        check_no_panic(&text);
    }

    #[test]
    fn flowchart_shaped_noise_never_panics(lines in proptest::collection::vec(noise_line(), 0..12)) {
        let text = format!("flowchart LR\n{}", lines.join("\n"));
        check_no_panic(&text);
    }
}

fn noise_line() -> impl Strategy<Value = String> {
    let tokens = prop::sample::select(vec![
        "a", "b", "end", "subgraph", " ", "-->", "---", "-.->", "==>", "--", "-.", "==", "|", "\"", "[", "]", "(", ")",
        "{", "}", "{{", "}}", "[(", ")]", ">", "/", "\\", "&", ";", ":::", "@{", "shape:", "cyl", ",", "%%",
        "classDef", "class", "style", "~~~", "o", "x", "é", "🚀", "#quot;", "#", "\t",
    ]);
    proptest::collection::vec(tokens, 0..10).prop_map(|t| t.concat())
}

fn check_no_panic(text: &str) {
    match mermaid::import(text, "f.mmd", "x") {
        Ok(imported) => assert_eq!(imported.design.verify(), Ok(())),
        Err(e) => {
            let lines = text.lines().count().max(1);
            assert!(e.line >= 1 && e.line <= lines, "line {} of {lines}: {e}", e.line);
            assert!(e.to_string().starts_with(&format!("f.mmd:{}:", e.line)));
        }
    }
}

/// A README-style flowchart: the names decide before the shapes do.
#[test]
fn names_from_the_catalogue_and_plain_words_beat_shapes() {
    let text = "flowchart LR
    client[HTTP Client] --> gw((gateway-service))
    user([User Service]) --> cache[(Redis<br/>Port: 6379)]
    gw --> kafka[Apache Kafka]
    gw --> mq[RabbitMQ Queue]
    gw --> es[(Elasticsearch Search)]
    gw --> sqs[Orders on SQS]
    gw --> orders[Orders]
";
    let d = mermaid::import(text, "readme.mmd", "x").unwrap().design;
    let kind = |id: &str| d.component(id).unwrap_or_else(|| panic!("{id}")).kind;
    assert_eq!(kind("client"), Kind::Client);
    assert_eq!(kind("gw"), Kind::Gateway);
    assert_eq!(kind("user"), Kind::Client, "stadium shape, and no catalogue or kind word overrides it");
    assert_eq!(kind("cache"), Kind::Cache);
    assert_eq!(kind("kafka"), Kind::Stream);
    assert_eq!(kind("mq"), Kind::Queue);
    assert_eq!(kind("es"), Kind::Search);
    assert_eq!(kind("orders"), Kind::Service, "nothing names it: the shape decides");
    let sqs = d.component("sqs").unwrap();
    assert_eq!((sqs.kind, sqs.managed, sqs.tech.as_deref()), (Kind::Queue, Some(true), Some("Amazon SQS")));
    assert_eq!(d.component("cache").unwrap().tech.as_deref(), Some("Redis"));
}
