//! Flows and the capacity model v2 fields in the file: strict loading with
//! the line of each mistake, canonical saving, and flows kept whole by
//! edits (undoable like every edit).

use archcrit_core::file::{LoadError, load_str, to_yaml};
use archcrit_core::model::{ComponentId, Delivery, Edit, Flow, Link, Replication};

const BASE: &str = "archcrit: 1
name: Timeline
requirements: {peak_rps: 1000, p99_budget_ms: 400}
components:
  reader: {kind: client}
  gateway: {kind: gateway}
  timeline: {kind: service, p99_ms: 90}
  cache: {kind: cache, replication: sharded, shards: 4}
  db: {kind: database, replicas: 3, replication: primary-replica}
  events: {kind: queue, delivery: fanout}
links:
  - {from: reader, to: gateway}
  - {from: gateway, to: timeline}
  - {from: timeline, to: cache}
  - {from: timeline, to: db, access: read}
  - {from: timeline, to: events}
";

fn err(text: &str) -> LoadError {
    match load_str(text, "bad.yaml") {
        Ok(_) => panic!("expected an error for:\n{text}"),
        Err(e) => e,
    }
}

fn assert_err(text: &str, line: usize, words: &[&str]) {
    let e = err(text);
    let shown = e.to_string();
    assert_eq!(e.line, Some(line), "wrong line for {shown}");
    for w in words {
        assert!(shown.contains(w), "`{w}` missing from: {shown}");
    }
}

fn id(s: &str) -> ComponentId {
    ComponentId::new(s).unwrap()
}

#[test]
fn flows_and_new_fields_load_and_save_canonically() {
    let text = format!(
        "{BASE}flows:\n  read:\n    from: reader\n    rps: 800\n    via: [gateway, timeline, cache, db]\n    p99_budget_ms: 300\n    label: Read the timeline\n  post: {{from: reader, via: [gateway, timeline, events]}}\n"
    );
    let d = load_str(&text, "t.yaml").unwrap();
    assert_eq!(d.flows().len(), 2);
    let read = d.flow("read").unwrap();
    assert_eq!(read.rps, Some(800.0));
    assert_eq!(read.via.len(), 4);
    assert_eq!(d.component("cache").unwrap().shards, Some(4));
    assert_eq!(d.component("db").unwrap().replication, Some(Replication::PrimaryReplica));
    assert_eq!(d.component("events").unwrap().delivery, Some(Delivery::Fanout));
    assert_eq!(d.component("timeline").unwrap().p99_ms, Some(90.0));
    assert_eq!(d.requirements().p99_budget_ms, Some(400.0));
    let saved = to_yaml(&d);
    assert!(saved.contains("flows:\n  read:\n    from: reader\n    rps: 800\n"), "{saved}");
    let again = load_str(&saved, "again.yaml").unwrap();
    assert_eq!(again, d);
    assert_eq!(to_yaml(&again), saved);
}

#[test]
fn an_unknown_via_id_is_refused_at_its_line() {
    let text = format!("{BASE}flows:\n  read:\n    from: reader\n    via:\n      - gateway\n      - timline\n");
    assert_err(&text, 22, &["`via: timline`", "does not exist", "did you mean `timeline`?"]);
}

#[test]
fn an_unreachable_via_is_refused_with_the_flow() {
    // db is in the flow but timeline, which links to it, is not.
    let text = format!("{BASE}flows:\n  read:\n    from: reader\n    via: [gateway, db]\n");
    assert_err(&text, 19, &["flow `read`", "`db` cannot be reached from `reader`", "add the components in between"]);
}

#[test]
fn flows_before_links_are_still_checked_at_their_line() {
    let (head, links) = BASE.split_at(BASE.find("links:").unwrap());
    let text = format!("{head}flows:\n  read: {{from: reader, via: [gateway, db]}}\n{links}");
    assert_err(&text, 12, &["`db` cannot be reached"]);
}

#[test]
fn a_flow_starts_at_a_client_and_has_sane_numbers() {
    assert_err(&format!("{BASE}flows:\n  x: {{from: gateway, via: [timeline]}}\n"), 18, &["is a gateway", "client"]);
    assert_err(&format!("{BASE}flows:\n  x: {{from: reader, rps: -1, via: [gateway]}}\n"), 18, &["0 or more"]);
    assert_err(&format!("{BASE}flows:\n  x: {{via: [gateway]}}\n"), 18, &["has no `from`"]);
    assert_err(
        &format!("{BASE}flows:\n  x: {{from: reader, via: [gateway], budget: 3}}\n"),
        18,
        &["unknown field budget"],
    );
    assert_err(&format!("{BASE}flows:\n  x: {{from: reader, via: [gateway, gateway]}}\n"), 18, &["appears twice"]);
}

#[test]
fn new_fields_apply_only_where_they_mean_something() {
    let bad = BASE.replace("timeline: {kind: service, p99_ms: 90}", "timeline: {kind: service, shards: 2}");
    assert_err(&bad, 7, &["`shards` applies only to databases, caches, search and storage"]);
    let bad = BASE.replace("delivery: fanout", "delivery: broadcast");
    assert_err(&bad, 10, &["unknown delivery `broadcast`", "competing, fanout"]);
    let bad = BASE.replace("shards: 4", "shards: 0");
    assert_err(&bad, 8, &["whole number of at least 1"]);
}

fn with_flow() -> archcrit_core::model::Design {
    let text = format!("{BASE}flows:\n  read: {{from: reader, via: [gateway, timeline, db]}}\n");
    load_str(&text, "t.yaml").unwrap()
}

#[test]
fn flow_edits_are_undoable_and_checked() {
    let mut d = with_flow();
    let before = d.clone();
    let flow = Flow::new(id("reader"), vec![id("gateway"), id("timeline"), id("events")]);
    let undo = d.apply(Edit::SetFlow { id: "post".into(), flow: Some(flow), index: Some(0) }).unwrap();
    assert_eq!(d.flows().keys().collect::<Vec<_>>(), ["post", "read"]);
    d.apply(undo).unwrap();
    assert_eq!(d, before);
    let undo = d.apply(Edit::SetFlow { id: "read".into(), flow: None, index: None }).unwrap();
    assert!(d.flows().is_empty());
    d.apply(undo).unwrap();
    assert_eq!(d, before);
    let broken = Flow::new(id("reader"), vec![id("db")]);
    let e = d.apply(Edit::SetFlow { id: "x".into(), flow: Some(broken), index: None }).unwrap_err();
    assert!(e.to_string().contains("cannot be reached"), "{e}");
    assert_eq!(d, before);
}

#[test]
fn flows_follow_renames_and_removals_and_undo_restores_them() {
    let mut d = with_flow();
    let before = d.clone();
    d.apply(Edit::RenameComponent { from: id("timeline"), to: id("tl") }).unwrap();
    assert_eq!(d.flow("read").unwrap().via[1], id("tl"));
    let mut d = before.clone();
    // Removing timeline cuts db off: nothing else leads there, so it leaves the flow.
    let undo = d.apply(Edit::RemoveComponent { id: id("timeline") }).unwrap();
    assert_eq!(d.flow("read").unwrap().via, [id("gateway")]);
    assert_eq!(d.verify(), Ok(()));
    d.apply(undo).unwrap();
    assert_eq!(d, before);
    // Removing the client removes its flows; undo brings them back.
    let undo = d.apply(Edit::RemoveComponent { id: id("reader") }).unwrap();
    assert!(d.flows().is_empty());
    d.apply(undo).unwrap();
    assert_eq!(d, before);
}

#[test]
fn a_rerouted_link_takes_the_new_component_into_the_flow() {
    // What queue-load-leveling or api-gateway do: a -> b becomes a -> x -> b.
    let mut d = with_flow();
    let before = d.clone();
    let mut x = archcrit_core::model::Component::new(id("proxy"), archcrit_core::model::Kind::Gateway);
    x.label = Some("proxy".into());
    let undo = d
        .apply_all(
            "insert proxy",
            vec![
                Edit::AddComponent { component: x, index: None },
                Edit::Disconnect { key: Link::new(id("timeline"), id("db")).key() },
                Edit::Connect { link: Link::new(id("timeline"), id("proxy")), index: None },
                Edit::Connect { link: Link::new(id("proxy"), id("db")), index: None },
            ],
        )
        .unwrap();
    assert_eq!(d.flow("read").unwrap().via, [id("gateway"), id("timeline"), id("proxy"), id("db")]);
    d.apply(undo).unwrap();
    assert_eq!(d, before);
}
