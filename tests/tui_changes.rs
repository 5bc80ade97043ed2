//! Showing what changed and keeping boxes apart, as Action sequences
//! through `update`: a pattern, undo and redo mark what they touched for a
//! few ticks and list it; the selection stays on what was fixed; boxes
//! show their facts; a box moved onto another hops to a free cell.

use archcrit_app::{Action, Effect, Key, KeyCode, Services, Startup, State, TICKS, update};
use archcrit_core::critic::patterns::PatternError;
use archcrit_core::critic::{Finding, Metrics, Report, Severity};
use archcrit_core::model::{Component, ComponentId, Design, Edit, Kind, Link, LinkKey};

mod support;
use support::workshop::screen;

fn id(s: &str) -> ComponentId {
    ComponentId::new(s).unwrap()
}

/// Every service without replicas gets a finding whose pattern adds a
/// cache in front of it and sets its replicas.
fn fake_critique(design: &Design) -> Report {
    let findings = design
        .components()
        .filter(|c| c.kind == Kind::Service && c.replicas.is_none())
        .map(|c| Finding {
            rule: "single-replica",
            severity: Severity::Warning,
            components: vec![c.id.clone()],
            links: vec![],
            message: format!("{} runs as one replica", c.id),
            patterns: vec!["add-cache"],
        })
        .collect();
    Report {
        design: design.name().into(),
        findings,
        accepted: vec![],
        metrics: Metrics::default(),
        not_checked: vec![],
    }
}

fn fake_transform(design: &Design, pattern: &str, finding: &Finding) -> Result<Edit, PatternError> {
    let subject = finding.subject().ok_or_else(|| PatternError::no(pattern, "no subject"))?;
    let cache = design.unused_id(&format!("{subject}-cache"));
    Ok(Edit::Batch {
        label: format!("add a cache to {subject}"),
        edits: vec![
            Edit::AddComponent { component: Component::new(cache.clone(), Kind::Cache), index: None },
            Edit::Connect { link: Link::new(subject.clone(), cache).with_protocol("redis"), index: None },
            Edit::SetComponent {
                id: subject.clone(),
                field: archcrit_core::model::ComponentField::Replicas,
                value: Some(archcrit_core::model::FieldValue::Count(2)),
            },
        ],
    })
}

fn state() -> State {
    let services = Services { critique: fake_critique, transform: fake_transform, exists: |_| false };
    let (mut s, _) = State::new(Startup::new(Design::new("t")), services);
    update(&mut s, Action::Resize { w: 120, h: 40 });
    s
}

fn run(s: &mut State, action: Action) {
    let fx = update(s, action);
    for e in fx {
        if let Effect::Analyze(d) = e {
            let report = (s.session.services.critique)(&d);
            update(s, Action::CritiqueReady { revision: d.revision(), report: Box::new(report) });
        }
    }
}

fn press(s: &mut State, key: Key) {
    run(s, Action::Key(key));
}

fn cmd(s: &mut State, line: &str) {
    run(s, Action::Command(line.into()));
}

fn message(s: &State) -> String {
    s.message().map(|m| m.1.clone()).unwrap_or_default()
}

#[test]
fn a_pattern_marks_what_it_touched_lists_it_and_keeps_the_selection() {
    let mut s = state();
    cmd(&mut s, "add client web");
    cmd(&mut s, "add service api");
    cmd(&mut s, "add service other");
    press(&mut s, Key::ch('n'));
    assert_eq!(s.selected().unwrap().as_str(), "api");
    press(&mut s, Key::ch('p'));
    assert_eq!(message(&s), "add-cache: new cache api-cache, api.replicas = 2, new link api -> api-cache (redis)",);
    let t = s.canvas.touched.clone().expect("marks");
    assert!(t.added.contains(&id("api-cache")) && t.changed.contains(&id("api")));
    assert!(t.links.contains(&LinkKey::new(id("api"), id("api-cache"), Some("redis"))));
    assert_eq!(s.selected().unwrap().as_str(), "api", "the selection stays on what was fixed");
    assert_eq!(s.finding(), None, "not on the next finding");
    // Keys do not clear the marks; ticks do.
    press(&mut s, Key::plain(KeyCode::Tab));
    for _ in 0..TICKS - 1 {
        run(&mut s, Action::Tick);
    }
    assert!(s.canvas.touched.is_some());
    run(&mut s, Action::Tick);
    assert!(s.canvas.touched.is_none());
}

#[test]
fn undo_and_redo_say_and_mark_what_they_changed() {
    let mut s = state();
    cmd(&mut s, "add service api");
    cmd(&mut s, "set api replicas 3");
    press(&mut s, Key::ch('u'));
    assert!(message(&s).starts_with("undid ") && message(&s).ends_with(": api.replicas cleared"), "{}", message(&s));
    assert!(s.canvas.touched.as_ref().is_some_and(|t| t.changed.contains(&id("api"))));
    press(&mut s, Key::ch('U'));
    assert!(message(&s).ends_with(": api.replicas = 3"), "{}", message(&s));
    cmd(&mut s, "add cache c");
    press(&mut s, Key::ch('u'));
    assert!(message(&s).ends_with(": removed c"), "{}", message(&s));
    assert!(s.canvas.touched.is_none(), "nothing left to mark");
    press(&mut s, Key::ch('U'));
    assert!(s.canvas.touched.as_ref().is_some_and(|t| t.added.contains(&id("c"))));
}

#[test]
fn boxes_show_their_facts_and_marks_on_screen() {
    let mut s = state();
    cmd(&mut s, "add gateway gw Public API gateway");
    cmd(&mut s, "set gw replicas 3");
    cmd(&mut s, "set gw auth jwt");
    cmd(&mut s, "set gw rate_limit 100");
    let text = screen(&s);
    assert!(text.contains(" x3 jwt rl100 "), "{text}");
}

#[test]
fn moving_a_box_onto_another_hops_to_a_free_cell() {
    let mut s = state();
    cmd(&mut s, "add service a");
    cmd(&mut s, "add service b");
    cmd(&mut s, "set a at 0,0");
    cmd(&mut s, "set b at 20,0");
    while s.selected().map(|i| i.as_str()) != Some("a") {
        press(&mut s, Key::plain(KeyCode::Tab));
    }
    let mut hopped = false;
    for _ in 0..20 {
        press(&mut s, Key::ch('L'));
        let (a, b) = (s.canvas.layout().rect("a").unwrap(), s.canvas.layout().rect("b").unwrap());
        assert!(!a.overlaps(&b, 0), "a {a:?} on b {b:?}");
        // The message says what happened: stopped short of b, or past it.
        if message(&s).contains("as far as it goes") {
            assert!(a.right() < b.x, "stopped short: {a:?} {b:?}");
        }
        if message(&s).contains("next free cell") {
            assert!(a.x > b.right(), "past b: {a:?} {b:?}");
            hopped = true;
        }
    }
    assert!(hopped, "it said so");
    let (a, b) = (s.canvas.layout().rect("a").unwrap(), s.canvas.layout().rect("b").unwrap());
    assert!(a.x > b.right(), "a went past b: {a:?} {b:?}");
    press(&mut s, Key::ch('u'));
    assert_eq!(s.doc.design().component("a").unwrap().at, Some((0, 0)), "one undo step");
}

#[test]
fn a_box_with_no_room_past_the_one_in_its_way_stays_and_says_why() {
    let mut s = state();
    cmd(&mut s, "add service a");
    cmd(&mut s, "add service b");
    cmd(&mut s, "set b at 0,0");
    cmd(&mut s, "set a at 0,4");
    assert_eq!(
        s.canvas.layout().rect("a").map(|r| r.y),
        Some(4),
        "a is drawn at its pin, b's unpinned neighbour made room"
    );
    while s.selected().map(|i| i.as_str()) != Some("a") {
        press(&mut s, Key::plain(KeyCode::Tab));
    }
    press(&mut s, Key::ch('K'));
    assert_eq!(s.doc.design().component("a").unwrap().at, Some((0, 4)), "it stays");
    assert_eq!(
        message(&s),
        "a cannot move that way: b is in the way and there is no free cell past it (boxes never overlap)"
    );
}

#[test]
fn an_applied_proposal_marks_and_lists_what_it_changed() {
    let mut s = state();
    cmd(&mut s, "add service api");
    let edits = vec![
        Edit::AddComponent { component: Component::new(id("jobs"), Kind::Queue), index: None },
        Edit::Connect { link: Link::new(id("api"), id("jobs")).with_protocol("amqp"), index: None },
    ];
    update(&mut s, Action::AgentProposal { turn: 1, edits, refused: vec![], summary: "add jobs".into() });
    press(&mut s, Key::ch('y'));
    assert!(s.doc.design().contains("jobs"));
    assert_eq!(
        message(&s),
        "applied the proposal (add jobs): new queue jobs, new link api -> jobs (amqp)",
        "{:?}",
        s.log()
    );
    let t = s.canvas.touched.clone().expect("marks");
    assert!(t.added.contains(&id("jobs")));
    assert!(t.links.contains(&LinkKey::new(id("api"), id("jobs"), Some("amqp"))));
}
