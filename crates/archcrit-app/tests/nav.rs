//! Navigation over the canvas: h/j/k/l pick the nearest box in that
//! direction's cone (hand-made layouts), every box is reachable from every
//! other by them (synthetic designs), tab follows reading order.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;

use archcrit_app::{reading_order, toward};
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
fn an_empty_cone_falls_back_to_the_half_plane_and_the_edge_stays() {
    let l = board(&[("a", 0, 0), ("b", 16, 30)]);
    assert_eq!(go(&l, "a", L), "b", "nothing in the cone: the nearest box on that side");
    assert_eq!(go(&l, "b", L), "b", "nothing to the right: stay");
}

#[test]
fn tab_goes_in_reading_order_row_then_column() {
    let l = board(&[("c", 30, 8), ("a", 0, 0), ("d", 0, 8), ("b", 30, 0)]);
    let order: Vec<String> = reading_order(&l).iter().map(|i| i.to_string()).collect();
    assert_eq!(order, ["a", "b", "d", "c"]);
}

fn reachable(l: &Layout, start: &ComponentId) -> BTreeSet<ComponentId> {
    let mut seen = BTreeSet::from([start.clone()]);
    let mut todo = vec![start.clone()];
    while let Some(at) = todo.pop() {
        for dir in [H, J, K, L] {
            if let Some(next) = toward(l, Some(at.clone()), dir)
                && seen.insert(next.clone())
            {
                todo.push(next);
            }
        }
    }
    seen
}

#[test]
fn every_box_reaches_every_other_by_hjkl_on_synthetic_designs() {
    for (n, seed) in [(5, 1), (12, 2), (30, 3), (60, 4), (120, 5), (60, 6), (90, 7), (200, 8)] {
        let design = archcrit_core::synth::generate(n, seed);
        for scale in [Scale::Normal, Scale::Compact] {
            let l = layout(&design, scale);
            for b in &l.boxes {
                let seen = reachable(&l, &b.id);
                assert_eq!(seen.len(), l.boxes.len(), "n={n} seed={seed} {scale:?}: from {} reached {seen:?}", b.id);
            }
        }
    }
}
