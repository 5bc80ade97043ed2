//! A flow exported as a Mermaid `sequenceDiagram`, checked by the real
//! Mermaid parser: participants, messages in call order, and nasty labels
//! that must not break it. Also the CLI's `--flow`.

#[path = "exchange_support/mod.rs"]
mod support;

use std::process::Command;

use archcrit_core::exchange::mermaid;
use archcrit_core::file::load_str;
use serde_json::json;
use support::mermaid_verdicts;

const DESIGN: &str = "archcrit: 1
name: Timeline
components:
  reader: {kind: client, label: \"Reader; #1 -->x\"}
  gateway: {kind: gateway}
  timeline: {kind: service, label: \"Timeline %%{init}%% end\"}
  cache: {kind: cache, hit_ratio: 0.9}
  tweets: {kind: service}
  db: {kind: database}
  fanout: {kind: queue}
links:
  - {from: reader, to: gateway, protocol: https}
  - {from: gateway, to: timeline, protocol: grpc}
  - {from: timeline, to: cache, access: read}
  - {from: cache, to: db, label: \"miss: read \\\"through\\\"\"}
  - {from: timeline, to: tweets, calls: 20}
  - {from: tweets, to: fanout, protocol: sqs}
  - {from: timeline, to: db, calls: 0.25}
flows:
  read:
    from: reader
    via: [gateway, timeline, cache, db, tweets, fanout]
    label: \"Read: the home timeline\"
";

#[test]
fn a_flow_exports_a_sequence_diagram_mermaid_parses() {
    let d = load_str(DESIGN, "t.yaml").unwrap();
    let text = mermaid::sequence(&d, "read").unwrap();
    assert!(text.starts_with("sequenceDiagram\n"), "{text}");
    assert!(text.contains("loop 20 calls per request"), "{text}");
    assert!(text.contains("opt 25% of requests"), "{text}");
    assert!(text.contains("opt on a cache miss (10%)"), "{text}");
    let verdicts = mermaid_verdicts(&[json!({"name": "read", "source": text, "dump": true})]);
    assert_eq!(verdicts[0]["ok"], json!(true), "{}\n{text}", verdicts[0]);
    let parsed = &verdicts[0]["parsed"];
    assert_eq!(parsed["actors"].as_array().unwrap().len(), 7, "{parsed}");
    let messages: Vec<(String, String)> = parsed["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["from"].as_str().unwrap().to_string(), m["to"].as_str().unwrap().to_string()))
        .collect();
    // reader->gateway->timeline, cache (->db), tweets (->fanout), db; with replies.
    let first: Vec<(&str, &str)> = messages.iter().take(3).map(|(a, b)| (a.as_str(), b.as_str())).collect();
    assert_eq!(first, [("p0", "p1"), ("p1", "p2"), ("p2", "p3")]);
    // 7 links, 6 of them sync (a reply each): 13 messages.
    assert_eq!(messages.len(), 13, "{messages:?}");
}

#[test]
fn the_cli_exports_a_flow_and_names_the_flows_it_knows() {
    let dir = std::env::temp_dir().join(format!("archcrit-flow-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("t.yaml");
    std::fs::write(&file, DESIGN).unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_archcrit")).arg("export").arg(&file).args(args).output().unwrap()
    };
    let ok = run(&["--format", "mermaid", "--flow", "read"]);
    assert_eq!(ok.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&ok.stdout).starts_with("sequenceDiagram"));
    let bad = run(&["--format", "mermaid", "--flow", "write"]);
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("no flow `write`; flows: read"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
