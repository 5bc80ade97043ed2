//! Interviews create flows: the `flow` effect's load errors (file:line),
//! what it does to a design (one flow per request type, writes skip the
//! cache, undo takes them out, answers it cannot read are refused), and the
//! new-system interview run end to end, headless and in the workshop.

mod support;

use std::path::Path;
use std::process::{Command, Output};
use std::sync::Arc;

use archcrit_app::{Action, Effect, Key, KeyCode, Services, Startup, State, update};
use archcrit_core::file::{load_path, load_str};
use archcrit_core::interview::{AnswerError, AnswerOutcome, Session, load_script};
use archcrit_core::model::Design;
use support::workshop::settle;

const HEAD: &str = "id: t\ntitle: T\nquestions:\n  - id: q\n    ask: Q?\n    type: text\n    effects:\n";

const DESIGN: &str = "archcrit: 1\nname: d\ncomponents:\n  web: {kind: client, rps: 1000}\n  gw: {kind: gateway}\n  \
    app: {kind: service}\n  cache: {kind: cache}\n  db: {kind: database}\nlinks:\n  - {from: web, to: gw, protocol: https}\n  \
    - {from: gw, to: app, protocol: grpc}\n  - {from: app, to: cache, protocol: redis, access: read}\n  \
    - {from: app, to: db, protocol: sql}\n";

fn load_err(effects: &str) -> String {
    match load_script(&format!("{HEAD}{effects}"), "bad.yaml") {
        Ok(_) => panic!("expected an error for {effects}"),
        Err(e) => e.to_string(),
    }
}

fn one(effects: &str, answer: &str) -> (Design, Design, Result<AnswerOutcome, AnswerError>) {
    let script = Arc::new(load_script(&format!("{HEAD}{effects}"), "t.yaml").unwrap_or_else(|e| panic!("{e}")));
    let before = load_str(DESIGN, "d").unwrap();
    let mut design = before.clone();
    let outcome = Session::start(script).answer(&design, answer);
    if let Ok(o) = &outcome {
        design.apply(o.edit.clone()).unwrap();
    }
    (before, design, outcome)
}

#[test]
fn bad_flow_effects_are_refused_at_their_line() {
    for (effect, words) in [
        ("      - flow: {via: [first:service]}\n", "`flow` needs `from`"),
        ("      - flow: {from: first:clinet}\n", "did you mean `client`"),
        ("      - flow: {from: first:client, rps: 5}\n", "`rps` and `label` go with `id`"),
        ("      - flow: {from: first:client, id: Bad Id}\n", "flow id `Bad Id` is not a valid id"),
        ("      - flow: {from: first:client, id: reads, rps: lots}\n", "`lots` is not a number"),
        ("      - flow: {from: first:client, via: first:service}\n", "`via` is a list"),
        (
            "      - flow: {from: first:client, path: [db]}\n",
            "unknown key `path` in `flow`; it takes from, via, id, rps, label",
        ),
        ("      - flow: first:client\n", "`flow` takes {from: SELECTOR}"),
    ] {
        let e = load_err(effect);
        assert!(e.starts_with("bad.yaml:8:"), "{effect}: {e}");
        assert!(e.contains(words), "{effect}: `{words}` missing from {e}");
    }
    let e = load_err("      - flow: {from: first:client}\n        pattern: redundancy\n");
    assert!(e.contains("one change per effect, not pattern and flow"), "{e}");
}

#[test]
fn each_request_type_becomes_a_flow_and_writes_skip_the_cache() {
    let (before, after, outcome) = one("      - flow: {from: first:client}\n", "timeline read 20000, post tweet 500");
    let outcome = outcome.unwrap();
    let ids: Vec<&str> = after.flows().keys().map(String::as_str).collect();
    assert_eq!(ids, ["timeline-read", "post-tweet"]);
    let read = after.flow("timeline-read").unwrap();
    assert_eq!((read.from.as_str(), read.rps, read.label.as_deref()), ("web", Some(20000.0), Some("timeline read")));
    let via = |f: &archcrit_core::model::Flow| f.via.iter().map(|c| c.to_string()).collect::<Vec<_>>();
    assert_eq!(via(read), ["gw", "app", "cache", "db"]);
    let post = after.flow("post-tweet").unwrap();
    assert_eq!(post.rps, Some(500.0));
    assert_eq!(via(post), ["gw", "app", "db"], "a write goes to the system of record, not through the read cache");
    assert_eq!(outcome.entry.effects, ["set flow timeline-read", "set flow post-tweet"]);
    // One undoable step: its inverse takes the flows (and the answer) out.
    let mut undone = before.clone();
    let inverse = undone.apply(outcome.edit.clone()).unwrap();
    undone.apply(inverse).unwrap();
    assert!(undone.flows().is_empty());
    assert_eq!(undone.interview(), before.interview());
    // The critic sees the two loads.
    let report = archcrit_core::critic::critique(&after);
    assert_eq!(report.metrics.flows.get("post-tweet").map(|f| f.load_rps), Some(500.0));
}

/// Two clients: the rates typed are the system's, split by the clients'
/// shares of `peak_rps` (web 1,000 set; mobile takes the 3,000 left), and
/// no client keeps an implicit flow on top, so the load is not counted twice.
#[test]
fn request_types_are_split_over_every_client_by_their_share_of_the_peak() {
    let design = DESIGN
        .replace("name: d\n", "name: d\nrequirements:\n  peak_rps: 4000\n")
        .replace("links:\n", "  mobile: {kind: client}\nlinks:\n  - {from: mobile, to: gw, protocol: https}\n");
    let script = Arc::new(load_script(&format!("{HEAD}      - flow: {{from: every:client}}\n"), "t.yaml").unwrap());
    let mut d = load_str(&design, "d").unwrap();
    let o = Session::start(script).answer(&d, "timeline read 20000, post tweet 500").unwrap();
    d.apply(o.edit).unwrap();
    let rps = |id: &str| d.flow(id).and_then(|f| f.rps);
    assert_eq!(rps("timeline-read-web"), Some(5000.0), "web sends 1,000 of 4,000: a quarter");
    assert_eq!(rps("timeline-read-mobile"), Some(15000.0));
    assert_eq!((rps("post-tweet-web"), rps("post-tweet-mobile")), (Some(125.0), Some(375.0)));
    assert_eq!(d.flow("post-tweet-mobile").unwrap().from.as_str(), "mobile");
    assert!(o.notes.iter().any(|n| n.contains("split over the clients") && n.contains("mobile 75%")), "{:?}", o.notes);
    // The types add up to five times the stated peak: one figure is wrong.
    assert!(
        o.notes.iter().any(|n| n.contains("add up to 20,500 rps, but requirements.peak_rps says 4,000")),
        "{:?}",
        o.notes
    );
    // The critic's load at the service is the typed total, once.
    let report = archcrit_core::critic::critique(&d);
    let flows: f64 = report.metrics.flows.values().map(|f| f.load_rps).sum();
    assert_eq!(flows, 20500.0);
    assert!(!report.metrics.flows.contains_key("web") && !report.metrics.flows.contains_key("mobile"));
}

#[test]
fn a_named_flow_takes_its_rate_from_the_answer_and_an_existing_one_is_updated() {
    let effect = "      - flow: {from: web, id: checkout, rps: \"{answer}\", via: [gw, app, db], label: Check out}\n";
    let script =
        Arc::new(load_script(&format!("{}{effect}", HEAD.replace("type: text", "type: number")), "t.yaml").unwrap());
    let mut design = load_str(DESIGN, "d").unwrap();
    let o = Session::start(script.clone()).answer(&design, "300").unwrap();
    design.apply(o.edit).unwrap();
    let f = design.flow("checkout").unwrap();
    assert_eq!((f.rps, f.label.as_deref(), f.via.len()), (Some(300.0), Some("Check out"), 3));
    let o = Session::start(script).answer(&design, "450").unwrap();
    design.apply(o.edit).unwrap();
    assert_eq!(design.flow("checkout").unwrap().rps, Some(450.0), "answering again updates the rate");
    assert_eq!(design.flows().len(), 1);
}

#[test]
fn answers_it_cannot_read_are_refused_and_change_nothing() {
    for (answer, why) in [
        ("timeline read, post tweet 500", "`timeline read`: how many per second at peak?"),
        ("lots of reads", "how many per second"),
    ] {
        let (before, after, outcome) = one("      - flow: {from: first:client}\n", answer);
        let Err(e) = outcome else { panic!("{answer} was taken") };
        assert!(e.to_string().contains(why), "{answer}: {e}");
        assert_eq!(before, after);
    }
    // Nothing to start at: a note, not an error.
    let (_, after, outcome) = one("      - flow: {from: mobile}\n", "reads 10");
    assert!(after.flows().is_empty());
    let o = outcome.unwrap();
    assert!(o.entry.effects.is_empty() || o.notes.iter().any(|n| n.contains("nothing matches")), "{o:?}");
}

fn archcrit(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_archcrit")).args(args).current_dir(dir).env("NO_COLOR", "1").output().unwrap()
}

#[test]
fn the_new_system_interview_creates_flows_headless() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("answers.yaml"),
        "purpose: A microblog\nclients: [browser]\npeak_rps: 20500\nread_write_ratio: 40\nstale_reads: yes\n\
         datastore: PostgreSQL\nasync_work: no\nrequest_types: timeline read 20000, post tweet 500\n",
    )
    .unwrap();
    let out = archcrit(&["interview", "blog.yaml", "--script", "new-system", "--answers", "answers.yaml"], dir.path());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("[request_types] What are the main request types"), "{stdout}");
    assert!(stdout.contains("  - set flow timeline-read\n  - set flow post-tweet"), "{stdout}");
    let design = load_path(&dir.path().join("blog.yaml")).unwrap().design;
    let read = design.flow("timeline-read").expect("a flow for timeline reads");
    assert_eq!((read.from.as_str(), read.rps), ("web", Some(20000.0)));
    assert!(read.via.iter().any(|c| c.as_str() == "cache"), "{read:?}");
    let post = design.flow("post-tweet").unwrap();
    assert!(!post.via.iter().any(|c| c.as_str() == "cache") && post.via.iter().any(|c| c.as_str() == "db"), "{post:?}");
    // A bad answer names the question and writes nothing.
    std::fs::write(dir.path().join("bad.yaml"), "clients: [browser]\nrequest_types: lots\n").unwrap();
    let out = archcrit(&["interview", "other.yaml", "--script", "new-system", "--answers", "bad.yaml"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(String::from_utf8_lossy(&out.stderr).contains("request_types"), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!dir.path().join("other.yaml").exists());
}

fn press(state: &mut State, key: Key) -> Vec<Effect> {
    let fx = update(state, Action::Key(key));
    settle(state, fx)
}

fn answer(state: &mut State, text: &str) {
    press(state, Key::ctrl('u'));
    for c in text.chars() {
        press(state, Key::ch(c));
    }
    press(state, Key::plain(KeyCode::Enter));
}

fn asking(state: &State) -> Option<String> {
    state.interviews.running.as_ref().and_then(|iv| iv.current(state.doc.design())).map(|q| q.id)
}

#[test]
fn the_workshop_interview_creates_flows_and_u_takes_them_out() {
    let (mut state, fx) = State::new(Startup::new(Design::new("Blog")), Services::builtin());
    settle(&mut state, fx);
    update(&mut state, Action::Resize { w: 160, h: 45 });
    let fx = update(&mut state, Action::Command("interview new-system".into()));
    settle(&mut state, fx);
    let answers =
        [("purpose", "A microblog"), ("clients", "browser"), ("datastore", "PostgreSQL"), ("async_work", "no")];
    let mut guard = 0;
    while let Some(id) = asking(&state) {
        guard += 1;
        assert!(guard < 40, "the interview never reached request_types");
        if id == "request_types" {
            break;
        }
        match answers.iter().find(|(q, _)| *q == id) {
            Some((_, a)) => answer(&mut state, a),
            None => {
                press(&mut state, Key::ctrl('n'));
            }
        }
    }
    answer(&mut state, "home feed 9000; send message 300");
    let ids: Vec<&str> = state.doc.design().flows().keys().map(String::as_str).collect();
    assert_eq!(ids, ["home-feed", "send-message"], "{:?}", state.chat.lines.last());
    assert_eq!(state.doc.design().flow("send-message").unwrap().rps, Some(300.0));
    // The interview closes after its last question; `u` takes the answer out like any edit.
    assert!(state.interviews.running.is_none() || asking(&state).is_none());
    press(&mut state, Key::plain(KeyCode::Esc));
    press(&mut state, Key::ch('u'));
    assert!(state.doc.design().flows().is_empty(), "u undoes the flows with their answer");
}
