//! Panels that make room: `v` cycles the arrangements, `o` fills the
//! screen with one panel, `0` zooms the canvas to fit the whole design,
//! and each size of terminal starts with panels that leave the canvas room.
//! Action sequences through `update`, checked on the state and the screen.

use archcrit_app::panes::Arrangement;
use archcrit_app::{Action, Effect, Focus, Key, KeyCode, Services, State, update};
use archcrit_core::layout::Scale;

mod support;
use support::workshop::{cmd, press, screen, settle};

/// The shop example as `archcrit --example shop` opens it on a `w` x `h`
/// terminal, with the offline persona's first review in its panel.
fn shop(w: u16, h: u16) -> State {
    let opened =
        archcrit::tui::open(&archcrit::tui::Options { example: Some("shop".into()), ..Default::default() }).unwrap();
    let (mut state, fx) = State::new(opened, Services::builtin());
    let rest = settle(&mut state, fx);
    review(&mut state, rest);
    update(&mut state, Action::Resize { w, h });
    state
}

/// Answers the persona's reviews as the agent worker does with no model.
fn review(state: &mut State, effects: Vec<Effect>) {
    let catalogue = archcrit_core::persona::discover(&[]);
    let persona = catalogue.default_persona().expect("a built-in persona");
    for effect in effects {
        if let Effect::AgentCritique { turn, design, report } = effect {
            let text = archcrit_core::persona::offline::review(persona, &design, &report);
            update(state, Action::AgentToken { turn, text });
            update(state, Action::AgentFinished { turn });
        }
    }
}

/// How many of the design's boxes lie wholly inside the canvas pane.
fn boxes_in_view(state: &State) -> usize {
    let (cw, ch) = (i32::from(state.panels.panes().canvas.w), i32::from(state.panels.panes().canvas.h));
    let (sx, sy) = state.canvas.scroll;
    state
        .canvas
        .layout()
        .boxes
        .iter()
        .filter(|b| b.rect.x >= sx && b.rect.y >= sy && b.rect.right() <= sx + cw && b.rect.bottom() <= sy + ch)
        .count()
}

#[test]
fn each_size_starts_with_panels_that_leave_the_canvas_room() {
    let small = shop(80, 24);
    assert!(
        small.panels.panes().inspector.is_none() && small.panels.panes().chat.is_none(),
        "{:?}",
        small.panels.panes()
    );
    let strip = small.panels.panes().findings.expect("the findings below the canvas");
    assert_eq!((strip.x, strip.w), (0, 80), "a strip across the screen");
    assert_eq!(small.panels.panes().canvas.w, 80);
    assert_eq!(small.canvas.scale(), Scale::Compact, "a small screen starts compact");
    assert!(boxes_in_view(&small) >= 5, "only {} boxes in view", boxes_in_view(&small));

    let wide = shop(200, 60);
    assert!(
        wide.panels.panes().findings.is_some()
            && wide.panels.panes().inspector.is_some()
            && wide.panels.panes().chat.is_some()
    );
    assert_eq!(wide.canvas.scale(), Scale::Normal);
}

#[test]
fn v_cycles_canvas_only_findings_and_all_panels() {
    let mut s = shop(120, 40);
    assert!(s.panels.panes().inspector.is_some(), "120 columns start with every panel");
    press(&mut s, Key::ch('v'));
    assert_eq!(s.panels.choice.arrangement, Some(Arrangement::Canvas));
    assert_eq!((s.panels.panes().canvas.w, s.panels.panes().canvas.h), (120, 38), "the canvas takes the screen");
    assert!(
        s.panels.panes().findings.is_none() && s.panels.panes().inspector.is_none() && s.panels.panes().chat.is_none()
    );
    assert!(screen(&s).contains("panels: canvas only"));

    press(&mut s, Key::ch('v'));
    let findings = s.panels.panes().findings.expect("the findings");
    assert!(s.panels.panes().inspector.is_none() && s.panels.panes().chat.is_none());
    assert_eq!(findings.h, 38, "the findings have the side column to themselves");

    press(&mut s, Key::ch('v'));
    assert!(s.panels.panes().inspector.is_some() && s.panels.panes().chat.is_some());

    // The choice outlives a resize.
    press(&mut s, Key::ch('v'));
    update(&mut s, Action::Resize { w: 200, h: 60 });
    assert!(s.panels.panes().findings.is_none(), "still canvas only");
}

#[test]
fn a_hidden_panel_shows_while_it_has_the_keys() {
    let mut s = shop(120, 40);
    press(&mut s, Key::ch('v'));
    press(&mut s, Key::ch('e'));
    assert_eq!(s.focus, Focus::Inspector);
    assert!(s.panels.panes().inspector.is_some(), "e shows the inspector");
    assert!(screen(&s).contains("INSPECT"));
    press(&mut s, Key::plain(KeyCode::Esc));
    assert!(s.panels.panes().inspector.is_none(), "and esc hides it again");
    press(&mut s, Key::ch('f'));
    assert!(s.panels.panes().findings.is_some(), "f shows the findings");
}

#[test]
fn o_fills_the_screen_with_the_focused_panel_and_back() {
    let mut s = shop(120, 40);
    press(&mut s, Key::ch('e'));
    press(&mut s, Key::ch('o'));
    let inspector = s.panels.panes().inspector.expect("the inspector");
    assert_eq!((inspector.w, inspector.h), (120, 38));
    assert_eq!(s.panels.panes().canvas.w, 0, "no canvas behind it");
    let text = screen(&s);
    for field in ["stateful", "public", "auth", "rate_limit"] {
        assert!(text.contains(field), "{field} shows in a full-screen inspector:\n{text}");
    }
    press(&mut s, Key::ch('o'));
    assert_eq!(s.panels.panes().inspector.unwrap().w, 40, "back in the side column");

    // Leaving the panel restores the others too.
    press(&mut s, Key::ch('o'));
    press(&mut s, Key::plain(KeyCode::Esc));
    assert_eq!(s.focus, Focus::Canvas);
    assert!(s.panels.choice.maximised.is_none());
    assert!(s.panels.panes().canvas.w > 0 && s.panels.panes().findings.is_some());

    // From the canvas, o fills the screen with the persona's panel.
    press(&mut s, Key::ch('o'));
    assert_eq!(s.panels.panes().chat.map(|c| c.h), Some(38));
    press(&mut s, Key::ch('o'));
    assert!(s.panels.panes().chat.unwrap().h < 38);
}

#[test]
fn zero_fits_the_whole_design_in_the_canvas() {
    // Beside the panels at 200x45 only compact holds the whole shop.
    let mut s = shop(200, 45);
    assert_eq!(s.canvas.scale(), Scale::Normal);
    press(&mut s, Key::ch('0'));
    assert_eq!(s.canvas.scale(), Scale::Compact, "beside the panels the shop fits compact");
    assert_eq!(boxes_in_view(&s), 14, "{}", screen(&s));
    assert!(screen(&s).contains("zoomed to fit: 14 boxes, compact"));
    press(&mut s, Key::ch('v'));
    press(&mut s, Key::ch('0'));
    assert_eq!(s.canvas.scale(), Scale::Normal, "the shop fits 200x43 full size");
    assert_eq!(boxes_in_view(&s), 14, "{}", screen(&s));
    // At 200x60 it fits full size even beside the panels (wrapped below
    // the edge zone): 0 keeps the scale.
    let mut s = shop(200, 60);
    press(&mut s, Key::ch('0'));
    assert_eq!(s.canvas.scale(), Scale::Normal, "{}", screen(&s));
    assert_eq!(boxes_in_view(&s), 14, "{}", screen(&s));

    // Too big even compact: it says so and shows the top-left corner.
    let mut s = shop(80, 24);
    press(&mut s, Key::ch('0'));
    assert_eq!(s.canvas.scale(), Scale::Compact);
    assert!(screen(&s).contains("even compact"), "{}", screen(&s));
    let said = |s: &State| s.message().map(|m| m.1.clone()).unwrap_or_default();
    assert!(said(&s).ends_with("v hides panels, ctrl-arrows pan"), "the findings strip can still go: {}", said(&s));
    // With the panels already hidden there is nothing left for v to hide.
    while s.panels.choice.arrangement(80, 24) != archcrit_app::panes::Arrangement::Canvas {
        press(&mut s, Key::ch('v'));
    }
    press(&mut s, Key::ch('0'));
    let shown = said(&s);
    assert!(shown.contains("even compact") && shown.ends_with(": ctrl-arrows pan"), "{shown}");
}

#[test]
fn the_zoom_chosen_stays_when_the_screen_changes() {
    let mut s = shop(80, 24);
    assert_eq!(s.canvas.scale(), Scale::Compact);
    press(&mut s, Key::ch('z'));
    assert_eq!(s.canvas.scale(), Scale::Normal);
    update(&mut s, Action::Resize { w: 90, h: 30 });
    assert_eq!(s.canvas.scale(), Scale::Normal, "the person chose full size");
    let mut s = shop(80, 24);
    update(&mut s, Action::Resize { w: 150, h: 40 });
    assert_eq!(s.canvas.scale(), Scale::Normal, "a wider screen, full size");
}

#[test]
fn the_inspector_starts_at_the_top_for_another_component() {
    let mut s = shop(120, 40);
    press(&mut s, Key::ch('e'));
    for _ in 0..5 {
        press(&mut s, Key::ch('j'));
    }
    assert_eq!(s.panels.inspector_row, 5);
    press(&mut s, Key::plain(KeyCode::Esc));
    press(&mut s, Key::plain(KeyCode::Tab));
    press(&mut s, Key::ch('e'));
    assert_eq!(s.panels.inspector_row, 0, "another component's inspector starts at its first row");
    // Five down from the top is replicas, not notes.
    for _ in 0..5 {
        press(&mut s, Key::ch('j'));
    }
    press(&mut s, Key::plain(KeyCode::Enter));
    assert!(screen(&s).contains(".replicas ("), "{}", screen(&s));
}

#[test]
fn every_inspector_row_is_reachable_and_scrolled_into_view() {
    // 80x24, every panel: the inspector has a dozen rows for 20-odd lines.
    let mut s = shop(80, 24);
    press(&mut s, Key::ch('v'));
    while s.selected().map(|c| c.as_str()) != Some("gateway") {
        press(&mut s, Key::plain(KeyCode::Tab));
    }
    press(&mut s, Key::ch('e'));
    let text = screen(&s);
    assert!(text.contains("↓") && text.contains("more"), "the hidden rows are counted:\n{text}");
    let rows =
        archcrit_app::inspect::component_rows(s.doc.design(), s.doc.design().component("gateway").unwrap()).len();
    let mut seen = String::new();
    for _ in 0..rows {
        seen.push_str(&screen(&s));
        press(&mut s, Key::ch('j'));
    }
    for word in ["stateful", "public", "auth", "rate_limit", "-> orders", "<- cdn"] {
        assert!(seen.contains(word), "{word} never showed");
    }
    // At the last row the frame counts what is above.
    press(&mut s, Key::ch('k'));
    press(&mut s, Key::ch('k'));
    let text = screen(&s);
    assert!(text.contains("↑"), "{text}");
}

#[test]
fn a_long_findings_list_says_how_many_rows_it_hides() {
    let mut s = shop(80, 24);
    // More findings than rows: public services without auth, one apiece.
    for i in 0..8 {
        let fx = update(&mut s, Action::Command(format!("add service svc{i}")));
        settle(&mut s, fx);
    }
    let total = s.fresh_report().unwrap().findings.len();
    // Nothing selected yet: under the list only the one-row hint.
    let strip = s.panels.panes().findings.unwrap();
    let list = archcrit_app::panes::findings_list_with(strip, false);
    assert_eq!(list.h, strip.h - 3, "every row but the hint's lists findings at 80x24: {list:?}");
    assert!(total > usize::from(list.h), "{total} findings");
    let text = screen(&s);
    let below = total - usize::from(list.h);
    assert!(text.contains(&format!("↓ {below} more")), "{text}");
    press(&mut s, Key::ch('f'));
    for _ in 0..total - 1 {
        press(&mut s, Key::ch('j'));
    }
    let text = screen(&s);
    assert!(text.contains(&format!("{total}/{total}")), "the title counts: {text}");
    // Selected, the finding's text takes the rows under a shorter list.
    let above = total - usize::from(archcrit_app::panes::findings_list(strip).h);
    assert!(text.contains(&format!("↑ {above} more")), "{text}");
}

/// Every run of label cells in the shop's picture at `scale`, with where
/// it starts, after checking no label cell lies on a vertical stretch of
/// any link (a crossing or a join).
fn labels_of(scale: Scale) -> Vec<(i32, i32, String)> {
    use archcrit_core::layout::picture::{self, Ink, Plain};
    let design = shop(200, 60).doc.design().clone();
    let layout = archcrit_core::layout::layout(&design, scale);
    let window = archcrit_core::layout::Rect { x: 0, y: 0, w: layout.extent.0 + 2, h: layout.extent.1 + 2 };
    let pic = picture::draw(&design, &layout, window, false, &Plain);
    let mut vertical = std::collections::HashSet::new();
    for r in &layout.routes {
        for s in r.points.windows(2) {
            let ((x0, y0), (x1, y1)) = (s[0], s[1]);
            if x0 == x1 {
                vertical.extend((y0.min(y1)..=y0.max(y1)).map(|y| (x0, y)));
            }
        }
    }
    let mut runs = Vec::new();
    for y in 0..window.h {
        let mut run: Option<(i32, String)> = None;
        for x in 0..=window.w {
            let cell = (x < window.w).then(|| pic.get(x, y)).flatten();
            match cell {
                Some(c) if matches!(c.ink, Ink::Label(_)) => {
                    assert!(!vertical.contains(&(x, y)), "a label on a crossing at ({x}, {y}) at {scale:?}");
                    run.get_or_insert((x, String::new())).1.push_str(&c.symbol);
                }
                _ => runs.extend(run.take().map(|(x0, text)| (x0, y, text))),
            }
        }
    }
    runs
}

#[test]
fn link_labels_are_whole_words_off_every_crossing() {
    let design = shop(200, 60).doc.design().clone();
    let protocols: Vec<String> = design.links().filter_map(|l| l.protocol.clone()).collect();
    for scale in [Scale::Normal, Scale::Compact] {
        let labels = labels_of(scale);
        assert!(
            labels.len() >= if scale == Scale::Normal { 12 } else { 6 },
            "most links keep their label at {scale:?}: {labels:?}"
        );
        for (x, y, text) in labels {
            assert!(protocols.contains(&text), "half a label `{text}` at ({x}, {y}) at {scale:?}");
        }
    }
}

/// The shop at each size: as it opens, with every panel, with the canvas
/// alone, and zoomed to fit. Review these as a user would.
#[test]
fn the_shop_at_80x24_120x40_and_200x60() {
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        let mut s = shop(w, h);
        let opened = screen(&s);
        assert!(opened.contains("Findings"), "the findings show from the start at {w}x{h}");
        insta::assert_snapshot!(format!("shop_{w}x{h}_as_it_opens"), opened);
        while s.panels.choice.arrangement(w, h) != Arrangement::All {
            press(&mut s, Key::ch('v'));
        }
        insta::assert_snapshot!(format!("shop_{w}x{h}_all_panels"), screen(&s));
        press(&mut s, Key::ch('v'));
        assert_eq!(s.panels.choice.arrangement, Some(Arrangement::Canvas));
        insta::assert_snapshot!(format!("shop_{w}x{h}_canvas_only"), screen(&s));
        press(&mut s, Key::ch('0'));
        insta::assert_snapshot!(format!("shop_{w}x{h}_canvas_only_zoomed_to_fit"), screen(&s));
    }
}

#[test]
fn the_shop_zoomed_to_fit_beside_every_panel() {
    let mut s = shop(200, 60);
    press(&mut s, Key::ch('0'));
    assert_eq!(boxes_in_view(&s), 14);
    insta::assert_snapshot!(screen(&s));
}

#[test]
fn a_finding_too_long_for_its_panel_says_so_and_o_shows_it_whole() {
    let mut s = shop(80, 24);
    press(&mut s, Key::ch('f'));
    let text = screen(&s);
    let strip: Vec<&str> = text.lines().skip(usize::from(s.panels.panes().findings.unwrap().y)).collect();
    let bottom = strip[usize::from(s.panels.panes().findings.unwrap().h) - 1];
    assert!(bottom.contains("↓") && bottom.contains("more"), "the cut text is counted:\n{text}");
    press(&mut s, Key::ch('o'));
    let text = screen(&s);
    assert!(text.contains("applies transactional-outbox"), "{text}");
    assert!(!text.contains("more ┘"), "{text}");
}

/// At 80 columns a long prompt is cut with a mark and a space: what is
/// typed never runs on from the title ("completes;https").
#[test]
fn a_prompt_cut_at_80_columns_keeps_the_typed_text_apart() {
    let mut s = shop(80, 24);
    // Ids long enough that "Link A -> B, protocol:" cannot fit beside the field.
    for line in ["add service checkout-orchestrator-service", "add database customer-profiles-primary-database"] {
        let fx = update(&mut s, Action::Command(line.into()));
        settle(&mut s, fx);
    }
    s.select(Some(archcrit_core::model::ComponentId::new("checkout-orchestrator-service").unwrap()));
    press(&mut s, Key::ch('c'));
    press(&mut s, Key::ch('/'));
    for ch in "customer-profiles".chars() {
        press(&mut s, Key::ch(ch));
    }
    press(&mut s, Key::plain(KeyCode::Enter));
    for ch in "https".chars() {
        press(&mut s, Key::ch(ch));
    }
    let shown = screen(&s);
    let last = shown.lines().last().unwrap();
    assert!(last.starts_with("Link ") && last.contains("… https"), "{last}");
}

/// A service calling five others, no zones (nothing drawn below the last box),
/// on a `w` x `h` terminal with the side panels hidden.
fn chain(w: u16, h: u16) -> State {
    let opened = archcrit::tui::open(&archcrit::tui::Options::default()).unwrap();
    let (mut s, fx) = State::new(opened, Services::builtin());
    settle(&mut s, fx);
    update(&mut s, Action::Resize { w, h });
    cmd(&mut s, "add service gw");
    for k in 1..=5 {
        cmd(&mut s, &format!("add service s{k}"));
        cmd(&mut s, &format!("link gw s{k} https"));
    }
    while s.panels.choice.arrangement(w, h) != Arrangement::Canvas {
        press(&mut s, Key::ch('v'));
    }
    s
}

#[test]
fn zero_keeps_full_size_when_the_board_fills_the_canvas_exactly() {
    // The canvas as tall as the full-size drawing, to the row: `0` keeps
    // full size (it once counted a margin below the last box and went
    // compact).
    let probe = chain(200, 80);
    let drawn = archcrit_core::layout::picture::bounds(probe.canvas.layout());
    let overhead = 80 - i32::from(probe.panels.panes().canvas.h);
    let rows = u16::try_from(drawn.bottom() + overhead).unwrap();
    let mut s = chain(200, rows);
    assert_eq!(i32::from(s.panels.panes().canvas.h), drawn.bottom(), "the canvas is as tall as the board");
    press(&mut s, Key::ch('0'));
    assert_eq!(s.canvas.scale(), Scale::Normal, "{}", screen(&s));
    assert_eq!(boxes_in_view(&s), 6, "{}", screen(&s));
}

#[test]
fn a_zoom_never_leaves_the_board_scrolled_past_its_end() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut s = shop(w, h);
        for _ in 0..14 {
            press(&mut s, Key::plain(KeyCode::Tab));
            for _ in 0..2 {
                press(&mut s, Key::ch('z'));
                let drawn = archcrit_core::layout::picture::bounds(s.canvas.layout());
                let (cw, ch) = (i32::from(s.panels.panes().canvas.w), i32::from(s.panels.panes().canvas.h));
                let (sx, sy) = s.canvas.scroll;
                assert!(sy <= (drawn.bottom() - ch).max(0), "{w}x{h}: empty rows below the board\n{}", screen(&s));
                assert!(sx <= (drawn.right() - cw).max(0), "{w}x{h}: empty columns right of the board\n{}", screen(&s));
            }
        }
    }
}
