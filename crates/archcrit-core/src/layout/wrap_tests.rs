//! Wrapped boards with zones and pins: the properties a board wrapped to a
//! width keeps (no overlaps, whole frames, inside the width, no link
//! through a box, the same picture every time).

use super::tests::{assert_frames_clean, assert_sound, chain, id, random_zoned, routes_through_other_boxes, zone_of};
use super::*;
use crate::model::{Component, Design, Edit, Kind, Link};

/// A design of `boxes` (id, kind, zone) linked by `links`, in that order.
fn zoned(boxes: &[(&str, Kind, Option<&str>)], links: &[(&str, &str, &str)]) -> Design {
    let mut d = Design::new("zoned");
    for (name, kind, zone) in boxes {
        let mut c = Component::new(id(name), *kind);
        c.zone = zone.map(str::to_string);
        d.apply(Edit::AddComponent { component: c, index: None }).unwrap();
    }
    for (a, b, protocol) in links {
        d.apply(Edit::Connect { link: Link::new(id(a), id(b)).with_protocol(*protocol), index: None }).unwrap();
    }
    d
}

/// A twelve-box shop: two clients on the internet, an edge, a private zone
/// of services and stores that spans five ranks, and a box with no zone.
pub(super) fn shop_like() -> Design {
    let (net, edge, private) = (Some("internet"), Some("edge"), Some("private"));
    zoned(
        &[
            ("web", Kind::Client, net),
            ("mobile", Kind::Client, net),
            ("cdn", Kind::Cdn, edge),
            ("gw", Kind::Gateway, edge),
            ("auth", Kind::Identity, private),
            ("orders", Kind::Service, private),
            ("catalog", Kind::Service, private),
            ("ordersdb", Kind::Database, private),
            ("cache", Kind::Cache, private),
            ("events", Kind::Queue, private),
            ("mailer", Kind::Worker, private),
            ("metrics", Kind::Monitoring, None),
        ],
        &[
            ("web", "cdn", "https"),
            ("mobile", "gw", "https"),
            ("cdn", "gw", "https"),
            ("gw", "auth", "https"),
            ("gw", "orders", "grpc"),
            ("gw", "catalog", "grpc"),
            ("orders", "ordersdb", "sql"),
            ("orders", "events", "amqp"),
            ("catalog", "cache", "redis"),
            ("events", "mailer", "amqp"),
            ("mailer", "metrics", "otlp"),
        ],
    )
}

/// Four zones of three services each, one chain through all of them.
fn zone_chain() -> Design {
    let names: Vec<(String, String)> = (0..12).map(|i| (format!("s{i}"), format!("z{}", i / 3))).collect();
    let boxes: Vec<(&str, Kind, Option<&str>)> = names
        .iter()
        .enumerate()
        .map(|(i, (n, z))| (n.as_str(), if i == 0 { Kind::Client } else { Kind::Service }, Some(z.as_str())))
        .collect();
    let links: Vec<(&str, &str, &str)> = names.windows(2).map(|w| (w[0].0.as_str(), w[1].0.as_str(), "grpc")).collect();
    zoned(&boxes, &links)
}

/// Wrapped to `width` at `scale`: sound, frames whole and apart, no link
/// through a box nor marked as falling back, the same layout again and from
/// the saved file. The layout, for more checks.
fn wrapped_board(d: &Design, scale: Scale, width: i32) -> Layout {
    let l = layout_within(d, scale, Some(width));
    assert_sound(d, &l);
    assert_frames_clean(d, &l);
    assert!(l.frames.iter().all(|f| f.clean), "{:?}", l.frames);
    let through = routes_through_other_boxes(d, &l);
    assert!(through.is_empty(), "{scale:?} at {width}: {through:?}");
    assert!(l.routes.iter().all(|r| !r.fallback), "{scale:?} at {width}: a route falls back");
    assert_eq!(layout_within(d, scale, Some(width)), l, "the same picture every time");
    let reopened = crate::file::load_str(&crate::file::to_yaml(d), "saved.yaml").unwrap();
    assert_eq!(layout_within(&reopened, scale, Some(width)), l, "the same picture from the saved file");
    l
}

/// Whether everything drawn (boxes, frames, links) lies within `width`
/// columns, as `export --width` draws it.
fn inside(l: &Layout, width: i32) -> bool {
    let drawn = picture::bounds(l);
    drawn.x >= 0 && drawn.right() <= width
}

#[test]
fn zoned_designs_wrap_into_bands_with_whole_frames() {
    let shop = shop_like();
    // Unwrapped, the shop is one long row.
    assert!(layout(&shop, Scale::Normal).extent.0 > 120);
    for width in [80, 100, 120] {
        let l = wrapped_board(&shop, Scale::Normal, width);
        assert!(inside(&l, width), "at {width}: {:?}", picture::bounds(&l));
        let rows: std::collections::BTreeSet<i32> = l.boxes.iter().map(|b| b.rect.y).collect();
        assert!(rows.len() > 2, "wrapped into bands at {width}");
        let l = wrapped_board(&shop, Scale::Compact, width);
        assert!(inside(&l, width), "compact at {width}: {:?}", picture::bounds(&l));
    }
    // Zones three ranks wide break between zones: each zone stays whole
    // in one band, the next zone's band below the last.
    let chain = zone_chain();
    let l = wrapped_board(&chain, Scale::Normal, 80);
    assert!(inside(&l, 80), "{:?}", picture::bounds(&l));
    let frames: Vec<Rect> = l.frames.iter().map(|f| f.rect).collect();
    assert_eq!(frames.len(), 4);
    for pair in frames.windows(2) {
        assert!(pair[1].y >= pair[0].bottom(), "each zone's band below the last: {frames:?}");
    }
    // A zone's three boxes in one row, left to right.
    for z in 0..4 {
        let row: Vec<Rect> = (0..3).map(|k| l.rect(&format!("s{}", z * 3 + k)).unwrap()).collect();
        assert!(row.windows(2).all(|p| p[0].y == p[1].y && p[0].right() < p[1].x), "zone {z}: {row:?}");
    }
}

#[test]
fn a_zone_split_between_bands_keeps_one_frame_of_its_own() {
    // The private zone spans more ranks than 80 columns hold: it takes the
    // bottom of one band and the top of the next, under one frame.
    let shop = shop_like();
    let l = wrapped_board(&shop, Scale::Normal, 80);
    let private = l.frames.iter().find(|f| f.zone == "private").unwrap();
    let mine: Vec<&Placed> = l.boxes.iter().filter(|b| zone_of(&shop, b.id.as_str()) == Some("private")).collect();
    let lefts: std::collections::BTreeSet<i32> = mine.iter().map(|b| b.rect.x).collect();
    assert!(mine.iter().any(|b| b.rect.x < l.rect("gw").unwrap().x), "split: {lefts:?}");
    for b in l.boxes.iter().filter(|b| zone_of(&shop, b.id.as_str()) != Some("private")) {
        assert!(!b.rect.overlaps(&private.rect, 0), "{} in the private frame", b.id);
    }
}

#[test]
fn a_zone_that_does_not_fit_the_rest_of_a_band_starts_the_next_whole() {
    // At 120 columns the example shop's private zone's first rank would
    // fit beside the edge, its others not; it wraps whole, as a word goes
    // to the next line, rather than split under a frame left half empty.
    let shop = crate::file::load_str(include_str!("../../../../assets/examples/shop.yaml"), "shop.yaml").unwrap();
    let l = wrapped_board(&shop, Scale::Normal, 120);
    assert!(inside(&l, 120), "{:?}", picture::bounds(&l));
    let private = l.frames.iter().find(|f| f.zone == "private").unwrap();
    let edge = l.frames.iter().find(|f| f.zone == "edge").unwrap();
    assert!(private.rect.y > edge.rect.bottom(), "the private zone below the edge: {private:?} {edge:?}");
    // Within the zone every link reads left to right: none runs out right
    // and back to a box under the band before.
    for link in shop.links() {
        let private = |id: &str| zone_of(&shop, id) == Some("private");
        if private(link.from.as_str()) && private(link.to.as_str()) {
            let (a, b) = (l.rect(link.from.as_str()).unwrap(), l.rect(link.to.as_str()).unwrap());
            assert!(b.x > a.right(), "{} -> {} runs back left: {a:?} {b:?}", link.from, link.to);
        }
    }
}

#[test]
fn random_zoned_designs_wrap_soundly() {
    for seed in 0..4 {
        let d = random_zoned(40, seed, 3);
        for width in [80, 160] {
            for scale in [Scale::Normal, Scale::Compact] {
                let l = layout_within(&d, scale, Some(width));
                assert_sound(&d, &l);
                assert_frames_clean(&d, &l);
                assert_eq!(layout_within(&d, scale, Some(width)), l, "seed {seed}");
            }
        }
    }
}

/// `chain(7)` with `box3` pinned at `at`.
fn pinned_chain(at: (u32, u32)) -> Design {
    let mut d = chain(7);
    d.apply(Edit::Move { id: id("box3"), at: Some(at) }).unwrap();
    d
}

#[test]
fn bands_flow_round_a_pinned_box_at_every_width() {
    for at in [(40, 2), (0, 0), (60, 10), (20, 16), (150, 4)] {
        let d = pinned_chain(at);
        for width in [60, 80, 120, 200] {
            let l = wrapped_board(&d, Scale::Normal, width);
            let pin = l.rect("box3").unwrap();
            assert_eq!((pin.x, pin.y), (at.0 as i32, at.1 as i32), "the pin keeps its place");
            for b in l.boxes.iter().filter(|b| b.id.as_str() != "box3") {
                assert!(!b.rect.overlaps(&pin, 1), "{at:?} at {width}: {} {:?} beside the pin", b.id, b.rect);
                assert!(b.rect.right() <= width.max(pin.right()), "{at:?} at {width}: {} past the width", b.id);
            }
            // Links stay short: none longer than a trip round the board.
            let (w, h) = l.extent;
            for r in &l.routes {
                let length: i32 = r.points.windows(2).map(|s| (s[0].0 - s[1].0).abs() + (s[0].1 - s[1].1).abs()).sum();
                assert!(length <= w + h, "{at:?} at {width}: {} is {length} long in {w}x{h}", r.key);
            }
        }
    }
}

#[test]
fn without_a_width_a_few_pins_are_flowed_round_too() {
    // A board laid out mostly by the ranks (one pin in seven boxes): as
    // wrapped to no width, the rest flow round the pin.
    for at in [(40, 2), (20, 16)] {
        let d = pinned_chain(at);
        let l = layout(&d, Scale::Normal);
        assert_sound(&d, &l);
        let pin = l.rect("box3").unwrap();
        assert_eq!((pin.x, pin.y), (at.0 as i32, at.1 as i32));
        assert!(l.boxes.iter().filter(|b| b.id.as_str() != "box3").all(|b| !b.rect.overlaps(&pin, 1)));
        assert!(routes_through_other_boxes(&d, &l).is_empty() && l.routes.iter().all(|r| !r.fallback));
        assert_eq!(layout(&d, Scale::Normal), l);
    }
}

#[test]
fn a_pin_clear_of_the_bands_moves_nothing_before_it() {
    // Below everything: the ranks before the pinned box's are where they
    // are without a width, and nothing wraps.
    let d = pinned_chain((0, 40));
    let l = layout_within(&d, Scale::Normal, Some(200));
    let plain = layout(&d, Scale::Normal);
    for name in ["box0", "box1", "box2"] {
        assert_eq!(l.rect(name), plain.rect(name), "{name}");
    }
    assert!(l.boxes.iter().filter(|b| b.id.as_str() != "box3").all(|b| b.rect.y == l.rect("box0").unwrap().y));
    assert_eq!(l.rect("box3").map(|r| (r.x, r.y)), Some((0, 40)));
}

/// Adds `new` (a service) linked from `from`, relaying out after each step
/// as the workshop does.
fn add_linked(d: &mut Design, l: &mut Layout, from: &str, new: &str) {
    let c = Component::new(id(new), Kind::Service);
    d.apply(Edit::AddComponent { component: c, index: None }).unwrap();
    relayout(l, d, Scale::Normal);
    d.apply(Edit::Connect { link: Link::new(id(from), id(new)).with_protocol("grpc"), index: None }).unwrap();
    relayout(l, d, Scale::Normal);
}

#[test]
fn an_edit_past_a_bands_end_above_200_stays_inside_the_width() {
    // 240 boxes: an edit patches the layout rather than laying it out
    // afresh (see `relayout`), so the patch must wrap as a fresh layout
    // would.
    let width = 160;
    let mut d = chain(240);
    let mut l = layout_within(&d, Scale::Normal, Some(width));
    let row = l.rect("box0").unwrap().y;
    let band_end = (0..240).map(|i| format!("box{i}")).take_while(|b| l.rect(b).unwrap().y == row).last().unwrap();
    let per_band = band_end[3..].parse::<usize>().unwrap() + 1;
    let first_of_next = l.rect(&format!("box{per_band}")).unwrap();
    let before = l.clone();
    // A box called by the last of the first band: where a fresh layout
    // puts it, in the next band's first rank (below its box, rows opened
    // for it), not past the first band's end nor below the whole board.
    add_linked(&mut d, &mut l, &band_end, "extra");
    let extra = l.rect("extra").unwrap();
    assert!(extra.right() <= width, "{extra:?} past {width}");
    assert_eq!(extra.x, first_of_next.x, "in the next band's first column");
    let third_band = l.rect(&format!("box{}", 2 * per_band)).unwrap();
    assert!(first_of_next.bottom() < extra.y && extra.bottom() < third_band.y, "{extra:?} in the second band");
    // Nothing above the opened rows moved; below them, everything moved
    // down alike.
    let shift = third_band.y - before.rect(&format!("box{}", 2 * per_band)).unwrap().y;
    for b in &before.boxes {
        let now = l.rect(b.id.as_str()).unwrap();
        let dy = if b.rect.y > first_of_next.bottom() { shift } else { 0 };
        assert_eq!(now, Rect { y: b.rect.y + dy, ..b.rect }, "{}", b.id);
    }
    // A box called by the last of the chain: a band of its own when the
    // last band is full, else its next column; inside the width either way.
    add_linked(&mut d, &mut l, "box239", "tail");
    let tail = l.rect("tail").unwrap();
    assert!(tail.right() <= width, "{tail:?} past {width}");
    assert_sound(&d, &l);
    assert!(routes_through_other_boxes(&d, &l).is_empty());
    assert!(l.routes.iter().all(|r| !r.fallback));
}

#[test]
fn a_band_of_pinned_boxes_only_wraps_soundly() {
    // Every box pinned but a new one called by the last: the ranks before
    // it hold pins only. Laid out at every width with nothing out of reach.
    let mut d = chain(4);
    for (k, at) in [(0, (2, 2)), (1, (30, 2)), (2, (58, 2))] {
        d.apply(Edit::Move { id: id(&format!("box{k}")), at: Some(at) }).unwrap();
    }
    for width in [None, Some(40), Some(60), Some(80), Some(200)] {
        let l = layout_within(&d, Scale::Normal, width);
        assert_sound(&d, &l);
        let drawn = picture::bounds(&l);
        assert!(drawn.y >= 0 && drawn.bottom() < 100 && drawn.right() < 300, "{width:?}: {drawn:?}");
        assert!(routes_through_other_boxes(&d, &l).is_empty(), "{width:?}");
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 16, ..Default::default() })]

    /// Random zoned designs, a few boxes pinned at random, at any width:
    /// no two boxes overlap, no box off the canvas, nothing drawn out of
    /// reach (no overflow), and the same
    /// design and width give the same layout.
    #[test]
    fn random_pins_and_zones_wrap_soundly(n in 8usize..50, seed in 0u64..1_000, pins in 0usize..6, width in 20i32..220) {
        let mut d = random_zoned(n, seed, 3);
        let ids: Vec<_> = d.components().map(|c| c.id.clone()).collect();
        for k in 0..pins.min(n) {
            let i = (seed as usize * 31 + k * 17) % n;
            let at = (((seed as usize * 7 + k * 53) % 160) as u32, ((seed as usize * 3 + k * 29) % 60) as u32);
            d.apply(Edit::Move { id: ids[i].clone(), at: Some(at) }).unwrap();
        }
        for max_width in [Some(width), None] {
            let l = layout_within(&d, Scale::Normal, max_width);
            assert_sound(&d, &l);
            let drawn = picture::bounds(&l);
            // Links may take a detour left of the boxes; boxes stay on
            // the canvas.
            proptest::prop_assert!(drawn.x >= -50 && drawn.y >= -50 && drawn.w < 20_000 && drawn.h < 20_000, "{drawn:?}");
            proptest::prop_assert!(l.boxes.iter().all(|b| b.rect.x >= 0 && b.rect.y >= 0));
            proptest::prop_assert_eq!(&layout_within(&d, Scale::Normal, max_width), &l);
        }
    }
}

#[test]
fn a_zone_title_is_never_cut_by_a_line() {
    // Wrapped narrow, links cross the frames' top lines; each zone's name
    // moves along its line to a stretch no link crosses.
    let shop = crate::file::load_str(include_str!("../../../../assets/examples/shop.yaml"), "shop.yaml").unwrap();
    for width in [40, 60, 80, 100, 120] {
        for scale in [Scale::Normal, Scale::Compact] {
            let l = layout_within(&shop, scale, Some(width));
            let text = picture::draw(&shop, &l, picture::bounds(&l), false, &picture::Plain).to_text();
            for frame in l.frames.iter().filter(|f| f.clean) {
                assert!(
                    text.contains(&format!(" {} ", frame.zone)),
                    "{scale:?} at {width}: no `{}`\n{text}",
                    frame.zone
                );
            }
        }
    }
}
