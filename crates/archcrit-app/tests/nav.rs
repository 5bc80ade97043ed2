//! Navigation over the canvas: h/j/k/l pick the nearest box in that
//! direction's cone (hand-made layouts), every box is reachable from every
//! other by them (synthetic designs), tab follows reading order.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;

use archcrit_app::{Moves, reading_order, toward, toward_with};
use archcrit_core::layout::{Layout, Scale, layout};
use archcrit_core::model::{Component, ComponentId, Design, Edit, Kind};

fn id(s: &str) -> ComponentId {
    ComponentId::new(s).unwrap()
}

/// A design whose boxes sit where given (cells), all the same size.
fn board(boxes: &[(&str, u32, u32)]) -> Layout {
    let mut d = Design::new("t");
    for (name, x, y) in boxes {
        let mut c = Component::new(id(name), Kind::Service);
        c.at = Some((*x, *y));
        d.apply(Edit::AddComponent { component: c, index: None }).unwrap();
    }
    layout(&d, Scale::Normal)
}

const L: (i32, i32) = (1, 0);
const H: (i32, i32) = (-1, 0);
const J: (i32, i32) = (0, 1);
const K: (i32, i32) = (0, -1);

fn go(l: &Layout, from: &str, dir: (i32, i32)) -> String {
    toward(l, Some(id(from)), dir).unwrap().to_string()
}

#[test]
fn l_picks_the_box_to_the_right_not_the_one_above() {
    // `above` is nearer in cells but straight up; `right` is on the same row.
    let l = board(&[("a", 0, 10), ("above", 4, 4), ("right", 30, 10)]);
    assert_eq!(go(&l, "a", L), "right");
    assert_eq!(go(&l, "a", K), "above");
    assert_eq!(go(&l, "right", H), "a");
    assert_eq!(go(&l, "above", J), "a");
}

#[test]
fn the_nearest_in_the_cone_wins_and_off_axis_costs_more() {
    let l = board(&[("a", 0, 10), ("near-diag", 20, 13), ("far-level", 40, 10)]);
    // 20 cells right and 3 rows down: inside the cone, nearer.
    assert_eq!(go(&l, "a", L), "near-diag");
    let l = board(&[("a", 0, 10), ("steep", 16, 22), ("level", 40, 10)]);
    // steep lies more below than right: outside l's cone, so level wins.
    assert_eq!(go(&l, "a", L), "level");
    assert_eq!(go(&l, "a", J), "steep");
}

#[test]
fn the_cone_widens_in_steps_and_then_nothing_is_that_way() {
    // Nothing within 45°: a box up to about 60° off the axis still counts.
    let l = board(&[("a", 0, 20), ("up-right", 30, 11)]);
    assert_eq!(go(&l, "a", L), "up-right", "more right than up once rows count double");
    // Past that a box is above, not to the right: `l` stays.
    let l = board(&[("a", 0, 0), ("b", 16, 30)]);
    assert_eq!(go(&l, "a", L), "a", "b is below, not to the right");
    assert_eq!(go(&l, "a", J), "b");
    assert_eq!(go(&l, "b", L), "b", "nothing to the right: stay");
    // The user test's case: a box up and a little right is not `l`'s.
    let l = board(&[("a", 0, 20), ("above", 6, 4)]);
    assert_eq!(go(&l, "a", L), "a");
    assert_eq!(go(&l, "a", K), "above");
}

#[test]
fn a_box_in_line_beats_a_nearer_one_rows_off_the_axis() {
    // The user's case: from the database, `h` took the service down and
    // to the left over the gateway on the database's own row.
    let l = board(&[("db", 100, 10), ("gateway", 60, 10), ("orders", 74, 15)]);
    assert_eq!(go(&l, "db", H), "gateway", "the box in line, though farther");
    // A box in line but far away loses to one a row off and much nearer.
    let l = board(&[("db", 100, 10), ("gateway", 0, 10), ("orders", 80, 11)]);
    assert_eq!(go(&l, "db", H), "orders");
}

#[test]
fn tab_goes_in_reading_order_row_then_column() {
    let l = board(&[("c", 30, 8), ("a", 0, 0), ("d", 0, 8), ("b", 30, 0)]);
    let order: Vec<String> = reading_order(&l).iter().map(|i| i.to_string()).collect();
    assert_eq!(order, ["a", "b", "d", "c"]);
}

/// For every box, the boxes h/j/k/l chains reach from it.
fn reach_all(l: &Layout) -> std::collections::BTreeMap<ComponentId, BTreeSet<ComponentId>> {
    let table = Moves::of(l);
    let moves: std::collections::BTreeMap<ComponentId, Vec<ComponentId>> = l
        .boxes
        .iter()
        .map(|b| {
            (b.id.clone(), [H, J, K, L].iter().filter_map(|d| toward_with(l, &table, Some(b.id.clone()), *d)).collect())
        })
        .collect();
    let mut all = std::collections::BTreeMap::new();
    for start in moves.keys() {
        let mut seen = BTreeSet::from([start.clone()]);
        let mut todo = vec![start.clone()];
        while let Some(at) = todo.pop() {
            for next in &moves[&at] {
                if seen.insert(next.clone()) {
                    todo.push(next.clone());
                }
            }
        }
        all.insert(start.clone(), seen);
    }
    all
}

#[test]
fn every_box_reaches_every_other_by_hjkl_on_synthetic_designs() {
    for (n, seed) in
        [(5, 1), (12, 2), (30, 3), (60, 4), (120, 5), (60, 6), (90, 7), (200, 8), (32, 3), (41, 16), (50, 5)]
    {
        let design = archcrit_core::synth::generate(n, seed);
        for scale in [Scale::Normal, Scale::Compact] {
            every_box_reaches_every_other(&layout(&design, scale), &format!("n={n} seed={seed} {scale:?}"));
        }
    }
}

fn every_box_reaches_every_other(l: &Layout, what: &str) {
    for (from, seen) in reach_all(l) {
        assert_eq!(seen.len(), l.boxes.len(), "{what}: from {from} reached {seen:?}");
    }
}

#[test]
fn every_box_reaches_every_other_by_hjkl_on_the_examples() {
    for (name, text) in archcrit_core::examples::EXAMPLES {
        let design = archcrit_core::file::load_str(text, name).unwrap();
        for scale in [Scale::Normal, Scale::Compact] {
            for width in [None, Some(60), Some(90), Some(140)] {
                let l = archcrit_core::layout::layout_within(&design, scale, width);
                every_box_reaches_every_other(&l, &format!("{name} {scale:?} width {width:?}"));
            }
        }
    }
}

/// A small deterministic generator (xorshift): the same cases every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[test]
fn every_box_reaches_every_other_by_hjkl_wherever_the_boxes_are_put() {
    // Boxes dropped anywhere (as a person drags them), tight or sparse,
    // with labels of every length: the narrower cones must not strand one.
    for seed in 1..=400u64 {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let n = 2 + rng.below(11) as usize;
        let spread = [40, 80, 160][rng.below(3) as usize];
        let mut d = Design::new("t");
        for i in 0..n {
            let mut c = Component::new(id(&format!("b{i}")), Kind::ALL[rng.below(Kind::ALL.len() as u64) as usize]);
            c.at = Some((rng.below(spread) as u32, rng.below(spread / 3) as u32));
            c.label = Some("x".repeat(1 + rng.below(24) as usize));
            d.apply(Edit::AddComponent { component: c, index: None }).unwrap();
        }
        let l = layout(&d, Scale::Normal);
        every_box_reaches_every_other(&l, &format!("seed {seed}"));
    }
}
