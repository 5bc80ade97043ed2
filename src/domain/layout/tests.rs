use super::*;
use crate::domain::model::{Component, ComponentId, Design, Edit, Kind, Link};

fn id(s: &str) -> ComponentId {
    ComponentId::new(s).unwrap()
}

fn design(components: &[(&str, Kind)], links: &[(&str, &str)]) -> Design {
    let mut d = Design::new("t");
    for (name, kind) in components {
        d.apply(Edit::AddComponent { component: Component::new(id(name), *kind), index: None }).unwrap();
    }
    for (a, b) in links {
        d.apply(Edit::Connect { link: Link::new(id(a), id(b)).with_protocol("https"), index: None }).unwrap();
    }
    d
}

/// A pseudo-random design with a mix of kinds, forward links and a few
/// cycles; deterministic so failures reproduce.
fn random(n: usize, seed: u64) -> Design {
    let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    let mut next = move |m: usize| {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((state >> 33) as usize) % m.max(1)
    };
    let mut d = Design::new("random");
    for i in 0..n {
        let kind = if i < n / 20 + 1 { Kind::Client } else { Kind::ALL[1 + next(Kind::ALL.len() - 1)] };
        d.apply(Edit::AddComponent { component: Component::new(id(&format!("c{i}")), kind), index: None }).unwrap();
    }
    for i in 0..n * 2 {
        let a = next(n);
        let b = if i % 17 == 0 { next(n) } else { (a + 1 + next(6)).min(n - 1) };
        let link = Link::new(id(&format!("c{a}")), id(&format!("c{b}")));
        let _ = d.apply(Edit::Connect { link, index: None });
    }
    d
}

fn assert_sound(d: &Design, l: &Layout) {
    for (i, a) in l.boxes.iter().enumerate() {
        for b in &l.boxes[i + 1..] {
            assert!(!a.rect.overlaps(&b.rect, 0), "{} {:?} overlaps {} {:?}", a.id, a.rect, b.id, b.rect);
        }
    }
    assert_eq!(l.routes.len(), d.link_count());
    for (route, link) in l.routes.iter().zip(d.links()) {
        assert!(route.points.len() >= 2, "{}: {:?}", route.key, route.points);
        for w in route.points.windows(2) {
            assert!(w[0].0 == w[1].0 || w[0].1 == w[1].1, "{}: diagonal segment {:?}", route.key, w);
        }
        let from = l.rect(link.from.as_str()).unwrap();
        let to = l.rect(link.to.as_str()).unwrap();
        let (first, last) = (route.points[0], *route.points.last().unwrap());
        let touches = |r: Rect, p: (i32, i32)| {
            !r.contains(p.0, p.1) && Rect { x: r.x - 1, y: r.y - 1, w: r.w + 2, h: r.h + 2 }.contains(p.0, p.1)
        };
        assert!(touches(from, first), "{} starts at {first:?}, not beside {from:?}", route.key);
        assert!(touches(to, last), "{} ends at {last:?}, not beside {to:?}", route.key);
    }
}

fn route_hits_boxes(l: &Layout) -> usize {
    let rects: Vec<Rect> = l.boxes.iter().map(|b| b.rect).collect();
    let index = grid::Index::new(&rects);
    l.routes.iter().filter(|r| index.path_blocked(&r.points)).count()
}

#[test]
fn clients_come_first_and_calls_flow_right() {
    let d = design(
        &[("db", Kind::Database), ("api", Kind::Service), ("web", Kind::Client)],
        &[("web", "api"), ("api", "db")],
    );
    let l = layout(&d, Scale::Normal);
    let (web, api, db) = (l.rect("web").unwrap(), l.rect("api").unwrap(), l.rect("db").unwrap());
    assert!(web.right() < api.x && api.right() < db.x, "{web:?} {api:?} {db:?}");
    // A straight chain is drawn with straight lines.
    assert!(l.routes.iter().all(|r| r.points.len() == 2), "{:?}", l.routes);
    assert_sound(&d, &l);
}

#[test]
fn barycenter_sweeps_untangle_crossed_links() {
    let d = design(
        &[("a", Kind::Client), ("b", Kind::Client), ("x", Kind::Service), ("y", Kind::Service)],
        &[("a", "y"), ("b", "x")],
    );
    let l = layout(&d, Scale::Normal);
    assert_eq!(crossings(&l), 0, "{:?}", l.routes);
    assert_sound(&d, &l);
}

#[test]
fn long_links_and_cycles_route_around_boxes() {
    let d = design(
        &[("web", Kind::Client), ("a", Kind::Service), ("b", Kind::Service), ("c", Kind::Database)],
        &[("web", "a"), ("a", "b"), ("b", "c"), ("web", "c"), ("b", "a")],
    );
    let l = layout(&d, Scale::Normal);
    assert_sound(&d, &l);
    assert_eq!(route_hits_boxes(&l), 0, "{:?}", l.routes);
}

#[test]
fn pinned_boxes_keep_their_cell_and_push_others_away() {
    let mut d = design(
        &[("web", Kind::Client), ("api", Kind::Service), ("db", Kind::Database)],
        &[("web", "api"), ("api", "db")],
    );
    let auto = layout(&d, Scale::Normal);
    let api = auto.rect("api").unwrap();
    // Pin the database right where api sits.
    d.apply(Edit::Move { id: id("db"), at: Some((api.x as u32, api.y as u32)) }).unwrap();
    let l = layout(&d, Scale::Normal);
    assert_eq!((l.rect("db").unwrap().x, l.rect("db").unwrap().y), (api.x, api.y));
    assert!(l.boxes.iter().find(|b| b.id.as_str() == "db").unwrap().pinned);
    assert_sound(&d, &l);
}

#[test]
fn random_designs_are_sound() {
    for seed in 0..6 {
        let d = random(60, seed);
        let l = layout(&d, Scale::Normal);
        assert_sound(&d, &l);
        assert_eq!(route_hits_boxes(&l), 0, "seed {seed}");
        let c = layout(&d, Scale::Compact);
        assert_sound(&d, &c);
    }
}

#[test]
fn boxes_are_sized_by_display_width() {
    let mut d = design(&[("a", Kind::Service), ("b", Kind::Service)], &[]);
    let wide = "注文サービスの長い名前";
    d.apply(Edit::SetComponent {
        id: id("a"),
        field: crate::domain::model::ComponentField::Label,
        value: Some(crate::domain::model::FieldValue::Text(wide.into())),
    })
    .unwrap();
    let l = layout(&d, Scale::Normal);
    assert_eq!(l.rect("a").unwrap().w, 22 + 4);
    assert_eq!(l.rect("b").unwrap().w, 13);
}

#[test]
fn hit_finds_the_box_under_a_cell() {
    let d = design(&[("web", Kind::Client), ("api", Kind::Service)], &[("web", "api")]);
    let l = layout(&d, Scale::Normal);
    let api = l.rect("api").unwrap();
    assert_eq!(l.hit(api.x + 1, api.y + 1).map(|i| i.as_str()), Some("api"));
    assert_eq!(l.hit(api.right() + 3, api.y), None);
}

#[test]
fn relayout_moves_only_what_moved_and_matches_a_full_layout_otherwise() {
    let mut d = design(
        &[("web", Kind::Client), ("api", Kind::Service), ("db", Kind::Database)],
        &[("web", "api"), ("api", "db")],
    );
    let mut l = layout(&d, Scale::Normal);
    // A field that does not change the picture keeps the layout as is.
    d.apply(Edit::SetComponent {
        id: id("api"),
        field: crate::domain::model::ComponentField::Replicas,
        value: Some(crate::domain::model::FieldValue::Count(3)),
    })
    .unwrap();
    relayout(&mut l, &d, Scale::Normal);
    assert_eq!(l, layout(&d, Scale::Normal));
    // Moving a box re-routes its links from its new place.
    d.apply(Edit::Move { id: id("db"), at: Some((60, 20)) }).unwrap();
    relayout(&mut l, &d, Scale::Normal);
    assert_eq!((l.rect("db").unwrap().x, l.rect("db").unwrap().y), (60, 20));
    assert_sound(&d, &l);
    // A structural change is a full layout.
    d.apply(Edit::RemoveComponent { id: id("web") }).unwrap();
    relayout(&mut l, &d, Scale::Normal);
    assert_eq!(l, layout(&d, Scale::Normal));
}

#[test]
fn crowded_pins_stay_fast() {
    // A third of the boxes pinned at random, overlapping spots: A* is
    // bounded, so the layout finishes and every route is still orthogonal.
    let mut d = random(300, 7);
    let ids: Vec<ComponentId> = d.ids().cloned().collect();
    for (i, c) in ids.iter().enumerate().filter(|(i, _)| i % 3 == 0) {
        d.apply(Edit::Move { id: c.clone(), at: Some(((i * 37 % 200) as u32, (i * 11 % 90) as u32)) }).unwrap();
    }
    let started = std::time::Instant::now();
    let l = layout(&d, Scale::Normal);
    assert!(started.elapsed() < std::time::Duration::from_secs(5), "{:?}", started.elapsed());
    for r in &l.routes {
        assert!(r.points.windows(2).all(|w| w[0].0 == w[1].0 || w[0].1 == w[1].1));
    }
}

#[test]
fn a_cell_on_an_arrow_names_its_link() {
    let d = design(&[("web", Kind::Client), ("api", Kind::Service)], &[("web", "api")]);
    let l = layout(&d, Scale::Normal);
    let route = &l.routes[0];
    let (a, b) = (route.points[0], route.points[1]);
    let middle = ((a.0 + b.0) / 2, (a.1 + b.1) / 2);
    assert_eq!(l.link_at(middle.0, middle.1), Some(&route.key));
    let web = l.rect("web").unwrap();
    assert_eq!(l.link_at(web.x + 1, web.y + 1), None, "inside a box is not on the arrow");
}
