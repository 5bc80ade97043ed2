//! Getting around the workshop and editing with confidence, as Action
//! sequences through `update` (and a screen or two): the fuzzy picker,
//! pre-filled prompts that select their text, unusual values echoed.

use archcrit_app::{Action, Key, KeyCode, MouseKind, Overlay, PromptKind, Services, State, update};
use archcrit_core::examples;

mod support;
use support::workshop::{cmd, press, screen, settle};

fn example(name: &str, w: u16, h: u16) -> State {
    let opened =
        archcrit::tui::open(&archcrit::tui::Options { example: Some(name.into()), ..Default::default() }).unwrap();
    assert!(examples::example(name).is_some());
    let (mut state, fx) = State::new(opened, Services::builtin());
    settle(&mut state, fx);
    update(&mut state, Action::Resize { w, h });
    state
}

fn blank() -> State {
    let opened = archcrit::tui::open(&archcrit::tui::Options::default()).unwrap();
    let (mut state, fx) = State::new(opened, Services::builtin());
    settle(&mut state, fx);
    update(&mut state, Action::Resize { w: 120, h: 40 });
    state
}

fn typed(state: &mut State, text: &str) {
    text.chars().for_each(|c| press(state, Key::ch(c)));
}

fn enter(state: &mut State) {
    press(state, Key::plain(KeyCode::Enter));
}

fn selected(state: &State) -> String {
    state.selected().map(|s| s.to_string()).unwrap_or_default()
}

fn message(state: &State) -> String {
    state.message().map(|m| m.1.clone()).unwrap_or_default()
}

#[test]
fn the_picker_jumps_to_a_component_by_a_fuzzy_name() {
    let mut s = example("shop", 120, 40);
    press(&mut s, Key::ch('/'));
    assert!(matches!(s.overlay, Overlay::Find(_)));
    typed(&mut s, "ordb");
    let Overlay::Find(find) = &s.overlay else { panic!("the picker closed") };
    let found = archcrit_app::picker::matches(&s, find);
    assert!(found[0].text.starts_with("orders-db"), "{found:?}");
    enter(&mut s);
    assert!(matches!(s.overlay, Overlay::None));
    assert_eq!(selected(&s), "orders-db");
    let r = s.canvas.layout().rect("orders-db").unwrap();
    assert!(r.x >= s.canvas.scroll.0 && r.y >= s.canvas.scroll.1, "scrolled into view");

    // `g` opens it too; esc leaves the selection where it was.
    press(&mut s, Key::ch('g'));
    typed(&mut s, "web");
    press(&mut s, Key::plain(KeyCode::Esc));
    assert!(matches!(s.overlay, Overlay::None));
    assert_eq!(selected(&s), "orders-db");
}

#[test]
fn the_picker_lists_flows_and_opens_one_in_the_flows_list() {
    let mut s = blank();
    cmd(&mut s, "add client web");
    cmd(&mut s, "add service api");
    cmd(&mut s, "link web api https");
    cmd(&mut s, "flow add checkout web api");
    let flow = "checkout";
    press(&mut s, Key::ch('/'));
    typed(&mut s, "chk");
    enter(&mut s);
    assert_eq!(s.focus, archcrit_app::Focus::Flows);
    assert_eq!(s.selected_flow(), Some(flow));
}

#[test]
fn inside_connect_mode_the_picker_picks_the_links_target() {
    let mut s = blank();
    for c in ["web", "api", "orders-db"] {
        cmd(&mut s, &format!("add service {c}"));
    }
    while selected(&s) != "web" {
        press(&mut s, Key::plain(KeyCode::Tab));
    }
    press(&mut s, Key::ch('c'));
    press(&mut s, Key::ch('/'));
    let Overlay::Find(find) = &s.overlay else { panic!("no picker") };
    let offered: Vec<String> = archcrit_app::picker::matches(&s, find).into_iter().map(|m| m.text).collect();
    assert!(!offered.contains(&"web".to_string()), "not the source: {offered:?}");
    typed(&mut s, "odb");
    enter(&mut s);
    match &s.overlay {
        Overlay::Input(p) => {
            assert_eq!(p.kind, PromptKind::Protocol { from: "web".parse().unwrap(), to: "orders-db".parse().unwrap() })
        }
        other => panic!("expected the protocol prompt, got {other:?}"),
    }
    typed(&mut s, "sql");
    enter(&mut s);
    assert_eq!(s.doc.design().outgoing("web").len(), 1);

    // Esc in the picker goes back to connecting, not out of it.
    press(&mut s, Key::ch('c'));
    press(&mut s, Key::ch('g'));
    press(&mut s, Key::plain(KeyCode::Esc));
    assert!(matches!(s.overlay, Overlay::Connect { .. }), "{:?}", s.overlay);
}

#[test]
fn the_picker_on_screen_counts_its_matches() {
    let mut s = example("shop", 120, 30);
    press(&mut s, Key::ch('/'));
    typed(&mut s, "or");
    let text = screen(&s);
    assert!(text.contains("Go to ("), "{text}");
    assert!(text.contains("> or"), "{text}");
    assert!(text.contains("FIND"), "{text}");
    insta::assert_snapshot!(text);
}

/// Opens the inspector on `id`'s `field` and starts editing it.
fn edit_field(s: &mut State, id: &str, field: &str) {
    while selected(s) != id {
        press(s, Key::plain(KeyCode::Tab));
    }
    press(s, Key::ch('e'));
    let kind = s.doc.design().component(id).unwrap().kind;
    let row = archcrit_app::inspector_fields(kind).iter().position(|f| f.as_str() == field).unwrap();
    while s.panels.inspector_row != row {
        press(s, Key::plain(KeyCode::Down));
    }
    enter(s);
}

#[test]
fn a_prefilled_prompt_is_replaced_by_typing() {
    let mut s = blank();
    cmd(&mut s, "add service api");
    cmd(&mut s, "set api replicas 3");
    edit_field(&mut s, "api", "replicas");
    match &s.overlay {
        Overlay::Input(p) => assert!(p.input.selected() && p.input.text() == "3"),
        other => panic!("expected the prompt, got {other:?}"),
    }
    typed(&mut s, "3");
    enter(&mut s);
    assert_eq!(s.doc.design().component("api").unwrap().replicas, Some(3), "typing replaced the 3, not appended");
    assert!(!message(&s).contains("usual"), "{}", message(&s));

    // An arrow keeps the value for editing: end, then type, appends.
    press(&mut s, Key::plain(KeyCode::Esc));
    edit_field(&mut s, "api", "replicas");
    press(&mut s, Key::plain(KeyCode::End));
    typed(&mut s, "3");
    enter(&mut s);
    assert_eq!(s.doc.design().component("api").unwrap().replicas, Some(33), "accepted");
    assert_eq!(message(&s), "replicas 33 - was 3; usual range 1-20?");

    // Rename pre-fills the label, selected too.
    press(&mut s, Key::plain(KeyCode::Esc));
    press(&mut s, Key::ch('r'));
    typed(&mut s, "Orders API");
    enter(&mut s);
    assert_eq!(s.doc.design().component("api").unwrap().display_label(), "Orders API");
}

#[test]
fn the_command_lines_history_is_not_selected() {
    let mut s = blank();
    cmd(&mut s, "add service api");
    press(&mut s, Key::ch(':'));
    typed(&mut s, "add service b");
    enter(&mut s);
    press(&mut s, Key::ch(':'));
    press(&mut s, Key::plain(KeyCode::Up));
    typed(&mut s, "2");
    match &s.overlay {
        Overlay::Input(p) => assert_eq!(p.input.text(), "add service b2"),
        other => panic!("expected the command line, got {other:?}"),
    }
}

#[test]
fn in_connect_mode_the_arrows_pass_over_the_source() {
    let mut s = blank();
    for (c, x) in [("a", 0), ("b", 20), ("c", 40)] {
        cmd(&mut s, &format!("add service {c}"));
        cmd(&mut s, &format!("set {c} at {x},0"));
    }
    while selected(&s) != "b" {
        press(&mut s, Key::plain(KeyCode::Tab));
    }
    press(&mut s, Key::ch('c'));
    let target = |s: &State| match &s.overlay {
        Overlay::Connect { target, .. } => target.as_ref().map(|t| t.to_string()).unwrap_or_default(),
        other => panic!("expected connecting, got {other:?}"),
    };
    assert_eq!(target(&s), "c", "the box to the right first");
    press(&mut s, Key::ch('h'));
    assert_eq!(target(&s), "a", "h goes past the source b to a");
    press(&mut s, Key::ch('l'));
    assert_eq!(target(&s), "c");
}

#[test]
fn pasting_into_the_picker_filters_it() {
    let mut s = example("shop", 120, 40);
    press(&mut s, Key::ch('g'));
    update(&mut s, Action::Paste("orders-db".into()));
    enter(&mut s);
    assert_eq!(selected(&s), "orders-db");
}

#[test]
fn l_with_nothing_to_the_right_stays_and_says_so() {
    // The user test's board: `above` is up and a little to the right of
    // `a`; `l` used to jump to it.
    let mut s = blank();
    for (c, at) in [("a", "0,20"), ("above", "6,4")] {
        cmd(&mut s, &format!("add service {c}"));
        cmd(&mut s, &format!("set {c} at {at}"));
    }
    while selected(&s) != "a" {
        press(&mut s, Key::plain(KeyCode::Tab));
    }
    press(&mut s, Key::ch('l'));
    assert_eq!(selected(&s), "a");
    assert_eq!(message(&s), "nothing to the right of a");
    press(&mut s, Key::plain(KeyCode::Right));
    assert_eq!(selected(&s), "a");
    press(&mut s, Key::ch('k'));
    assert_eq!(selected(&s), "above");
    press(&mut s, Key::ch('j'));
    assert_eq!(selected(&s), "a");
    press(&mut s, Key::ch('h'));
    assert_eq!(message(&s), "nothing to the left of a");
}

#[test]
fn h_from_a_database_takes_the_box_on_its_row() {
    // The shop zoomed out (`z`): orders-db's row holds orders further
    // left; identity sits a row above, nearer. `h` used to take identity.
    let mut s = example("shop", 120, 40);
    press(&mut s, Key::ch('z'));
    let rect = |s: &State, id: &str| s.canvas.layout().rect(id).unwrap();
    let (db, orders, identity) = (rect(&s, "orders-db"), rect(&s, "orders"), rect(&s, "identity"));
    assert!(orders.y == db.y && orders.x < db.x, "premise: orders on orders-db's row, left of it");
    assert!(identity.y < db.y && identity.right() > orders.right(), "premise: identity above, nearer");
    press(&mut s, Key::ch('/'));
    typed(&mut s, "orders-db");
    enter(&mut s);
    assert_eq!(selected(&s), "orders-db");
    press(&mut s, Key::ch('h'));
    assert_eq!(selected(&s), "orders", "the box on the row, not identity above it");
    press(&mut s, Key::ch('l'));
    assert_eq!(selected(&s), "orders-db");
}

/// A sketched chain, as a newcomer builds it: seven boxes, six links,
/// every box placed by the layout (none pinned).
fn chain() -> State {
    let mut s = blank();
    let boxes = [
        ("client", "web"),
        ("gateway", "gw"),
        ("service", "orders"),
        ("database", "db"),
        ("cache", "cache"),
        ("stream", "events"),
        ("worker", "mailer"),
    ];
    for (kind, id) in boxes {
        cmd(&mut s, &format!("add {kind} {id}"));
    }
    let links = [("web", "gw"), ("gw", "orders"), ("orders", "db"), ("orders", "cache"), ("orders", "events")];
    for (from, to) in links.into_iter().chain([("events", "mailer")]) {
        cmd(&mut s, &format!("link {from} {to}"));
    }
    s
}

type Rects = Vec<(String, archcrit_core::layout::Rect)>;

fn rects(s: &State) -> Rects {
    s.canvas.layout().boxes.iter().map(|b| (b.id.to_string(), b.rect)).collect()
}

/// Only `moved` moved, and it lies on no other box.
fn only_moved(before: &Rects, s: &State, moved: &str, what: &str) {
    let after = rects(s);
    for ((id, was), (_, now)) in before.iter().zip(&after) {
        if id != moved {
            assert_eq!(was, now, "{what}: {id} moved, but only {moved} was touched ({})", message(s));
        }
    }
    let r = s.canvas.layout().rect(moved).unwrap();
    for (id, other) in after.iter().filter(|(id, _)| id != moved) {
        assert!(!r.overlaps(other, 0), "{what}: {moved} lies on {id}");
    }
}

#[test]
fn moving_a_box_with_hjkl_never_moves_another() {
    for (key, zoom) in [('H', false), ('J', false), ('K', false), ('L', false), ('H', true), ('J', true)] {
        for target in ["gw", "orders", "cache", "mailer"] {
            let mut s = chain();
            if zoom {
                press(&mut s, Key::ch('z'));
            }
            while selected(&s) != target {
                press(&mut s, Key::plain(KeyCode::Tab));
            }
            for n in 0..12 {
                let before = rects(&s);
                press(&mut s, Key::ch(key));
                only_moved(&before, &s, target, &format!("{key} #{n} on {target}, compact {zoom}"));
            }
        }
    }
}

#[test]
fn dropping_a_box_on_another_puts_it_beside_it_not_the_other_aside() {
    let mut s = chain();
    let canvas = s.panels.panes().canvas;
    let at = |s: &State, id: &str| {
        let r = s.canvas.layout().rect(id).unwrap();
        let x = canvas.x as i32 + r.x - s.canvas.scroll.0 + 1;
        let y = canvas.y as i32 + r.y - s.canvas.scroll.1 + 1;
        (x as u16, y as u16)
    };
    // Drag the mailer by its corner onto the cache: the cache was placed
    // by the layout, and used to make room for the dropped box.
    let (from, onto) = (at(&s, "mailer"), at(&s, "cache"));
    let before = rects(&s);
    update(&mut s, Action::Mouse { kind: MouseKind::Down, x: from.0, y: from.1 });
    update(&mut s, Action::Mouse { kind: MouseKind::Drag, x: onto.0, y: onto.1 });
    let fx = update(&mut s, Action::Mouse { kind: MouseKind::Up, x: onto.0, y: onto.1 });
    settle(&mut s, fx);
    only_moved(&before, &s, "mailer", "dropped on the cache");
    assert_ne!(
        s.canvas.layout().rect("mailer"),
        before.iter().find(|b| b.0 == "mailer").map(|b| b.1),
        "it moved: {}",
        message(&s)
    );
    assert!(message(&s).starts_with("moved mailer to the nearest free cell (cache is there)"), "{}", message(&s));
    // One undo puts it back.
    press(&mut s, Key::ch('u'));
    assert_eq!(rects(&s), before);
}

#[test]
fn every_box_of_a_fresh_board_moves_into_free_room() {
    // A box alone in its rank (orders, between the gateway and its three
    // stores) used to be refused every way: pinning it closed its column up,
    // which would have moved every box after it.
    for target in ["web", "gw", "orders", "db", "cache", "events", "mailer"] {
        let mut moved = Vec::new();
        for key in ['H', 'J', 'K', 'L'] {
            let mut s = chain();
            while selected(&s) != target {
                press(&mut s, Key::plain(KeyCode::Tab));
            }
            let before = rects(&s);
            press(&mut s, Key::ch(key));
            if rects(&s) != before {
                moved.push(key);
            }
        }
        assert!(moved.len() >= 2, "{target} moved only {moved:?}");
    }
}

#[test]
fn a_box_at_the_edge_of_the_board_says_so() {
    let mut s = chain();
    let x = |s: &State| s.canvas.layout().rect(selected(s).as_str()).map_or(-1, |r| r.x);
    // The client sits at the board's left edge.
    while selected(&s) != "web" {
        press(&mut s, Key::plain(KeyCode::Tab));
    }
    assert_eq!(x(&s), 0, "web starts at the left edge");
    let before = rects(&s);
    press(&mut s, Key::ch('H'));
    assert_eq!(rects(&s), before);
    assert!(message(&s).contains("web is at the left edge of the board"), "{}", message(&s));
}

#[test]
fn connect_mode_first_offers_a_box_not_yet_linked_either_way() {
    let mut s = example("shop", 120, 36);
    let design = s.doc.design().clone();
    let linked = |a: &str, b: &str| {
        design
            .links()
            .any(|l| (l.from.as_str() == a && l.to.as_str() == b) || (l.from.as_str() == b && l.to.as_str() == a))
    };
    let client = |id: &str| design.component(id).is_some_and(|c| c.kind == archcrit_core::model::Kind::Client);
    // The web client (the box to its right, the CDN, linked already), the
    // gateway and a queue: each offers a box it has no link with, either
    // way, and not a client (clients call; nobody calls them).
    for from in ["web", "gateway", "order-events"] {
        press(&mut s, Key::ch('/'));
        typed(&mut s, from);
        enter(&mut s);
        assert_eq!(selected(&s), from);
        press(&mut s, Key::ch('c'));
        let Overlay::Connect { target: Some(to), .. } = &s.overlay else { panic!("no target: {:?}", s.overlay) };
        let to = to.to_string();
        assert!(to != from && !linked(from, &to), "{from} offers {to}, already linked");
        assert!(!client(&to), "{from} offers the client {to}");
        // Nearest such box after the source in reading order: every box
        // between them is linked to it or a client.
        let order = archcrit_app::reading_order(s.canvas.layout());
        let at = order.iter().position(|i| i.as_str() == from).unwrap();
        let between: Vec<_> = order.iter().cycle().skip(at + 1).take_while(|i| i.as_str() != to).collect();
        assert!(
            between.iter().all(|b| linked(from, b.as_str()) || client(b.as_str())),
            "{from}: skipped {between:?} for {to}"
        );
        // Tab still reaches every other box.
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..order.len() {
            press(&mut s, Key::plain(KeyCode::Tab));
            if let Overlay::Connect { target: Some(t), .. } = &s.overlay {
                seen.insert(t.to_string());
            }
        }
        assert_eq!(seen.len(), order.len() - 1, "{seen:?}");
        press(&mut s, Key::plain(KeyCode::Esc));
    }
}

#[test]
fn panning_stops_where_the_board_ends_and_says_so() {
    let mut s = example("shop", 120, 36);
    let drawn = archcrit_core::layout::picture::bounds(s.canvas.layout());
    let canvas = *s.panels.panes();
    let (w, h) = (i32::from(canvas.canvas.w), i32::from(canvas.canvas.h));
    assert!(drawn.bottom() > h, "the shop is taller than the canvas at 120x36");
    let key = |k: &str| Key::parse(k).unwrap();
    // Twelve pans down (the user's count) and more: the board's last row
    // stays on the canvas's last row, no blank rows below it.
    for _ in 0..20 {
        press(&mut s, key("ctrl-down"));
    }
    assert_eq!(s.canvas.scroll.1, drawn.bottom() - h, "stops with the board's bottom at the canvas's");
    assert_eq!(message(&s), "the board ends here");
    let right = (drawn.right() - w).max(0);
    for _ in 0..20 {
        press(&mut s, key("ctrl-right"));
    }
    assert_eq!(s.canvas.scroll.0, right);
    assert_eq!(message(&s), "the board ends here");
    for _ in 0..30 {
        press(&mut s, key("ctrl-up"));
        press(&mut s, key("ctrl-left"));
    }
    assert_eq!(s.canvas.scroll, (0, 0));
    assert_eq!(message(&s), "the board ends here");
    // One step that does move says nothing.
    press(&mut s, key("ctrl-down"));
    assert_eq!(s.canvas.scroll.1, 4.min(drawn.bottom() - h));
    assert_eq!(message(&s), "");
    // The wheel stops there too.
    for _ in 0..40 {
        update(&mut s, Action::Mouse { kind: MouseKind::ScrollDown, x: 5, y: 5 });
    }
    assert_eq!(s.canvas.scroll.1, drawn.bottom() - h);
}

/// Every box a change touched lies inside the canvas's view.
fn touched_in_view(s: &State) -> Result<(), String> {
    let t = s.canvas.touched.as_ref().ok_or("nothing marked")?;
    let canvas = s.panels.panes().canvas;
    let (x0, y0) = s.canvas.scroll;
    let (x1, y1) = (x0 + i32::from(canvas.w), y0 + i32::from(canvas.h));
    let ends = t.links.iter().flat_map(|l| [l.from.clone(), l.to.clone()]);
    for id in t.added.iter().cloned().chain(t.changed.iter().cloned()).chain(ends) {
        let r = s.canvas.layout().rect(id.as_str()).ok_or(format!("{id} not laid out"))?;
        if r.x < x0 || r.y < y0 || r.right() > x1 || r.bottom() > y1 {
            return Err(format!("{id} at {r:?} is outside the view {x0},{y0}..{x1},{y1}"));
        }
    }
    Ok(())
}

#[test]
fn a_pattern_its_undo_and_redo_show_what_they_touched() {
    let mut s = example("shop", 120, 36);
    press(&mut s, Key::ch('n'));
    let subject = selected(&s);
    press(&mut s, Key::ch('p'));
    assert!(message(&s).contains("new link"), "{}", message(&s));
    touched_in_view(&s).unwrap();
    assert_eq!(selected(&s), subject, "the selection stays on what was fixed");
    // Undo puts the removed link back: said as restored, not new.
    press(&mut s, Key::ch('u'));
    let said = message(&s);
    assert!(said.contains("restored link orders -> order-events (amqp)"), "{said}");
    assert!(!said.contains("new link"), "{said}");
    assert!(said.contains("removed link orders-db -> orders-outbox-relay"), "{said}");
    touched_in_view(&s).unwrap();
    press(&mut s, Key::ch('U'));
    assert!(message(&s).contains("new link"), "{}", message(&s));
    touched_in_view(&s).unwrap();
}
