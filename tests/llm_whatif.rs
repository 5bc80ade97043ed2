//! The model asks for a what-if and cites its numbers: the real
//! async-openai client against a fake server on 127.0.0.1. The what-if's
//! result goes back as a `tool` message in the same turn, the follow-up
//! streams on, bad calls get an error result, and the rounds are bounded.
//! Through the agent (the workshop's panel) and `archcrit critique --llm`.

mod support;

use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use archcrit::workers::agent::{AgentEvent, AgentHandle, AgentRequest, MAX_ROUNDS, spawn};
use archcrit::workers::llm::config::LlmConfig;
use archcrit::workers::llm::openai::OpenAiModel;
use archcrit::workers::llm::{ChatModel, install_crypto_provider};
use archcrit_core::critic::critique;
use archcrit_core::file::load_str;
use archcrit_core::model::Design;
use archcrit_core::persona::discover;
use serde_json::Value;
use support::fake_openai::*;

/// A cache (90% hits) in front of a database sized for the misses: when the
/// cache fails, the database takes all 1,000 reads on 600 rps of capacity.
const CACHED: &str = "archcrit: 1
name: cached
requirements: {availability_slo: 99.9, latency_budget_ms: 300}
components:
  web: {kind: client, rps: 1000}
  api: {kind: service, replicas: 2, capacity_rps: 2000, latency_ms: 10}
  cache: {kind: cache, replicas: 2, hit_ratio: 0.9}
  db: {kind: database, replicas: 2, capacity_rps: 300, latency_ms: 20}
links:
  - {from: web, to: api, protocol: https}
  - {from: api, to: cache, protocol: redis, access: read}
  - {from: api, to: db, protocol: sql, access: read}
";

fn design() -> Design {
    load_str(CACHED, "cached.yaml").unwrap()
}

fn model(url: &str) -> Arc<dyn ChatModel> {
    install_crypto_provider();
    let mut c = LlmConfig::local(url, "m");
    c.request_timeout = Duration::from_secs(5);
    Arc::new(OpenAiModel::new(c).unwrap())
}

fn what_if_call(id: &str, args: &str) -> Reply {
    stream_of(&[tool_chunk(0, Some(id), Some("what_if"), args), finish_chunk("tool_calls")])
}

fn says(text: &str) -> Reply {
    stream_of(&[text_chunk(text, Some("stop"))])
}

/// Asks `question` and collects the turn's events to its end.
async fn ask(url: &str, question: &str) -> Vec<AgentEvent> {
    let d = design();
    let report = critique(&d);
    let mut h: AgentHandle = spawn(discover(&[]).default_persona().cloned().unwrap(), Some(model(url)));
    let request =
        AgentRequest::Ask { turn: 1, question: question.into(), design: Arc::new(d), report: Arc::new(report) };
    h.requests.send(request).await.unwrap();
    let mut got = Vec::new();
    loop {
        let e = tokio::time::timeout(Duration::from_secs(20), h.events.recv()).await.expect("hung").expect("gone");
        let end = matches!(e, AgentEvent::Finished { .. } | AgentEvent::Failed { .. } | AgentEvent::Cancelled { .. });
        got.push(e);
        if end {
            return got;
        }
    }
}

fn tokens(events: &[AgentEvent]) -> String {
    events
        .iter()
        .filter_map(|e| if let AgentEvent::Token { text, .. } = e { Some(text.as_str()) } else { None })
        .collect()
}

/// The tool messages of request `n` (0-based), by the call they answer.
fn tool_results(server: &Server, n: usize) -> Vec<(String, Value)> {
    let bodies = server.record.bodies.lock().unwrap();
    bodies[n]["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["role"] == "tool")
        .map(|m| {
            let content = m["content"].as_str().unwrap();
            let value = serde_json::from_str(content).unwrap_or(Value::String(content.into()));
            (m["tool_call_id"].as_str().unwrap().to_string(), value)
        })
        .collect()
}

fn component<'v>(result: &'v Value, id: &str) -> &'v Value {
    result["utilization"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["component"] == id)
        .unwrap_or_else(|| panic!("{result}"))
}

#[tokio::test]
async fn the_model_gets_the_what_if_numbers_in_the_same_turn_and_cites_them() {
    let server = serve(vec![
        what_if_call("w1", r#"{"kind":"fail","component":"cache"}"#),
        says("Without the cache db runs at 166.7%: add a second cache node."),
    ])
    .await;
    let events = ask(&server.url, "what if the cache dies?").await;
    assert!(matches!(events.last(), Some(AgentEvent::Finished { turn: 1 })), "{events:?}");
    assert_eq!(server.hits(), 2, "one follow-up request in the same turn");
    assert!(!events.iter().any(|e| matches!(e, AgentEvent::Proposal { .. })), "a what-if is not a proposal");
    let text = tokens(&events);
    assert!(text.contains("[what-if: cache fails"), "{text}");
    assert!(text.ends_with("db runs at 166.7%: add a second cache node."), "{text}");

    // The second request replays the call, then carries its result.
    let bodies = server.record.bodies.lock().unwrap().clone();
    let messages = bodies[1]["messages"].as_array().unwrap();
    let call = &messages[messages.len() - 2];
    assert_eq!(call["role"], "assistant");
    assert_eq!(call["tool_calls"][0]["id"], "w1");
    assert_eq!(call["tool_calls"][0]["function"]["name"], "what_if");
    let results = tool_results(&server, 1);
    assert_eq!(results.len(), 1);
    let (id, result) = &results[0];
    assert_eq!(id, "w1");
    assert!(result["what_if"].as_str().unwrap().starts_with("cache fails"), "{result}");
    let db = component(result, "db");
    assert_eq!(db["utilization_pct_before"], 16.7, "100 misses of 600 rps: {db}");
    assert_eq!(db["utilization_pct_after"], 166.7, "all 1,000 reads on 600 rps: {db}");
    assert_eq!(component(result, "cache")["gone"], true);
    assert_eq!(result["saturates_first_after"]["component"], "db");
    assert!(
        result["findings_introduced"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "overloaded" && f["component"] == "db")
    );
    assert_eq!(result["requests"][0]["client"], "web");
    assert_eq!(result["requests"][0]["fails"], false, "cache-aside readers survive their cache");
    let availability = result["requests"][0]["availability_pct_before"].as_f64().unwrap();
    assert_eq!(availability, (availability * 1e4).round() / 1e4, "four decimals, as reports print it");
    // The tool is offered with the others.
    let names: Vec<&str> =
        bodies[0]["tools"].as_array().unwrap().iter().map(|t| t["function"]["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"what_if") && names.contains(&"apply_pattern"), "{names:?}");
}

#[tokio::test]
async fn bad_what_ifs_get_an_error_result_and_proposals_still_wait_for_the_user() {
    let server = serve(vec![
        stream_of(&[
            tool_chunk(0, Some("w1"), Some("what_if"), r#"{"kind":"fail","component":"nosuch"}"#),
            tool_chunk(1, Some("w2"), Some("what_if"), "{not json"),
            tool_chunk(2, Some("w3"), Some("what_if"), r#"{"kind":"teleport"}"#),
            tool_chunk(3, Some("p1"), Some("set_field"), r#"{"component":"db","field":"replicas","value":"3"}"#),
            finish_chunk("tool_calls"),
        ]),
        says("I could not run those; the replica proposal stands."),
    ])
    .await;
    let events = ask(&server.url, "what if it all breaks?").await;
    assert!(matches!(events.last(), Some(AgentEvent::Finished { .. })), "{events:?}");
    assert_eq!(server.hits(), 2);
    let results = tool_results(&server, 1);
    let by_id = |id: &str| &results.iter().find(|(i, _)| i == id).unwrap_or_else(|| panic!("{results:?}")).1;
    assert!(by_id("w1")["error"].as_str().unwrap().contains("there is no component `nosuch`"), "{results:?}");
    assert!(by_id("w2")["error"].as_str().unwrap().contains("not JSON"), "{results:?}");
    assert!(by_id("w3")["error"].as_str().unwrap().contains("unknown kind `teleport`"), "{results:?}");
    assert!(by_id("p1").as_str().unwrap().starts_with("proposed to the user"), "{results:?}");
    let text = tokens(&events);
    assert!(text.contains("[what-if refused: there is no component `nosuch`"), "{text}");
    let proposal = events.iter().find_map(|e| match e {
        AgentEvent::Proposal { edits, refused, .. } => Some((edits.len(), refused.len())),
        _ => None,
    });
    assert_eq!(proposal, Some((1, 0)), "{events:?}");
}

#[tokio::test]
async fn a_model_that_keeps_asking_is_stopped_at_the_bound() {
    // Every reply is another what-if (the last reply repeats).
    let server = serve(vec![what_if_call("w", r#"{"kind":"load","factor":2}"#)]).await;
    let events = ask(&server.url, "and then?").await;
    assert!(matches!(events.last(), Some(AgentEvent::Finished { .. })), "{events:?}");
    assert_eq!(server.hits(), MAX_ROUNDS, "at most {MAX_ROUNDS} requests in one turn");
    let text = tokens(&events);
    assert_eq!(text.matches("[what-if: load is 2x").count(), MAX_ROUNDS - 1, "{text}");
    assert!(text.contains("[stopped: the model asked for more what-ifs than one answer allows"), "{text}");
    let doubled = &tool_results(&server, 1)[0].1;
    assert_eq!(doubled["requests"][0]["rps"], 2000.0, "{doubled}");
}

#[test]
fn critique_llm_runs_what_ifs_too() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(serve(vec![
        what_if_call("w1", r#"{"kind":"fail","component":"cache"}"#),
        says("Losing the cache puts db at 166.7%."),
    ]));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cached.yaml");
    std::fs::write(&file, CACHED).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_archcrit"))
        .args(["critique", file.to_str().unwrap(), "--llm", "--base-url", &server.url, "--fail-on", "never"])
        .env("XDG_CONFIG_HOME", dir.path())
        .env("HOME", dir.path())
        .env_remove("OPENAI_API_KEY")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("[what-if: cache fails"), "{stdout}");
    assert!(stdout.contains("Losing the cache puts db at 166.7%."), "{stdout}");
    let db = component(&tool_results(&server, 1)[0].1, "db").clone();
    assert_eq!(db["utilization_pct_after"], 166.7);
}

/// The workshop: `t`, a question, the real agent worker; the model asks for
/// a what-if, its follow-up lands in the persona's panel, and nothing in
/// the design or its undo history moves.
#[test]
fn the_workshop_panel_shows_the_what_if_and_the_follow_up() {
    use archcrit::workers::Workers;
    use archcrit::workers::llm::ToolCall;
    use archcrit::workers::llm::scripted::{ScriptedModel, Step};
    use archcrit_app::{Action, Key, KeyCode, Services, Startup, State, update};
    use support::workshop::settle;

    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    rt.block_on(async {
        let design = load_str(archcrit_core::examples::example("shop").unwrap(), "shop").unwrap();
        let (mut s, fx) = State::new(Startup::new(design), Services::builtin());
        s.chat.llm = true;
        update(&mut s, Action::Resize { w: 140, h: 44 });
        settle(&mut s, fx);
        let before = (s.doc.design().clone(), s.doc.design().revision());
        let call = ToolCall {
            id: "w1".into(),
            name: "what_if".into(),
            arguments: r#"{"kind":"fail","component":"catalog-cache"}"#.into(),
        };
        let model = Arc::new(ScriptedModel::new(vec![
            vec![Step::Tool(call), Step::Done],
            ScriptedModel::words("Then catalog-db takes every read.", Duration::ZERO),
        ]));
        let requests = model.requests.clone();
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let mut workers = Workers::spawn(Services::builtin(), tx);
        workers.start_persona(discover(&[]).default_persona().unwrap().clone(), Some(model), Duration::from_secs(60));
        let press = |s: &mut State, key: Key| {
            let fx = update(s, Action::Key(key));
            settle(s, fx)
        };
        press(&mut s, Key::ch('t'));
        for c in "what if the catalog cache dies?".chars() {
            press(&mut s, Key::ch(c));
        }
        let fx = press(&mut s, Key::plain(KeyCode::Enter));
        workers.run(fx);
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while s.chat.busy.is_some() {
            let action = tokio::time::timeout_at(deadline, rx.recv()).await.expect("the agent answers").unwrap();
            let fx = update(&mut s, action);
            workers.run(fx);
        }
        let panel: String = s.chat.lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n");
        assert!(panel.contains("[what-if: catalog-cache fails"), "{panel}");
        assert!(panel.contains("Then catalog-db takes every read."), "{panel}");
        assert!(s.chat.proposal.is_none(), "a what-if proposes nothing");
        assert_eq!((s.doc.design().clone(), s.doc.design().revision()), before, "the design did not move");
        let requests = requests.lock().unwrap();
        assert_eq!(requests.len(), 2);
        let result = &requests[1].messages.last().unwrap().content;
        let result: Value = serde_json::from_str(result).unwrap();
        assert_eq!(component(&result, "catalog-cache")["gone"], true, "{result}");
        assert!(component(&result, "catalog-db")["utilization_pct_after"].as_f64().unwrap() > 0.0, "{result}");
    });
}
