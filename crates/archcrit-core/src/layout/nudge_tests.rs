//! Nudging (`nudge.rs`): no line of one link runs along, ends on or turns
//! on a line of a link between two other boxes, on the shipped examples
//! and synth designs, without crossing a box or losing its ends.

use std::collections::{BTreeSet, HashMap};

use super::glyphs::{DOWN, LEFT, RIGHT, UP};
use super::reading_tests::cells;
use super::tests::{assert_sound, routes_through_other_boxes, unpinned_synth};
use super::*;
use crate::model::Design;

/// Cells where lines of two links with a different source and a different
/// target both draw, other than a plain crossing (each runs straight
/// through, `┼`): there one reads as a branch of the other. `ends` are the
/// links' (from, to).
fn joined_cells<T: PartialEq>(routes: &[&[(i32, i32)]], ends: &[(T, T)]) -> BTreeSet<(i32, i32)> {
    joined_where(routes, |i, j| ends[i].0 != ends[j].0 && ends[i].1 != ends[j].1)
}

/// Cells where two routes `apart(i, j)` join or run together.
fn joined_where(routes: &[&[(i32, i32)]], apart: impl Fn(usize, usize) -> bool) -> BTreeSet<(i32, i32)> {
    let drawn: Vec<HashMap<(i32, i32), u8>> = routes.iter().map(|p| cells(p)).collect();
    let mut owners: HashMap<(i32, i32), Vec<usize>> = HashMap::new();
    for (i, c) in drawn.iter().enumerate() {
        for cell in c.keys() {
            owners.entry(*cell).or_default().push(i);
        }
    }
    let straight = |b: u8| b == LEFT | RIGHT || b == UP | DOWN;
    let mut out = BTreeSet::new();
    for (cell, here) in owners {
        let bad = here.iter().enumerate().any(|(k, &i)| {
            here[k + 1..].iter().any(|&j| {
                let (a, b) = (drawn[i][&cell], drawn[j][&cell]);
                apart(i, j) && !(straight(a) && straight(b) && a & b == 0)
            })
        });
        if bad {
            out.insert(cell);
        }
    }
    out
}

fn joined(d: &Design, l: &Layout) -> BTreeSet<(i32, i32)> {
    let routes: Vec<&[(i32, i32)]> = l.routes.iter().map(|r| r.points.as_slice()).collect();
    let ends: Vec<(&str, &str)> = d.links().map(|k| (k.from.as_str(), k.to.as_str())).collect();
    joined_cells(&routes, &ends)
}

/// As `joined`, counting only links that share no box (not a line into a
/// box beside a line out of it).
fn joined_apart(d: &Design, l: &Layout) -> BTreeSet<(i32, i32)> {
    let routes: Vec<&[(i32, i32)]> = l.routes.iter().map(|r| r.points.as_slice()).collect();
    let links: Vec<_> = d.links().collect();
    let apart = |i: usize, j: usize| {
        let (a, b) = (links[i], links[j]);
        ![&a.from, &a.to].iter().any(|x| *x == &b.from || *x == &b.to)
    };
    joined_where(&routes, apart)
}

#[test]
fn lines_of_links_between_other_boxes_are_moved_apart() {
    // Two links between four boxes whose routes share a whole column and
    // meet end to end on a row: A -> D and B -> C both jog at x = 20.
    let rects = vec![
        Rect { x: 0, y: 0, w: 10, h: 3 },
        Rect { x: 0, y: 10, w: 10, h: 3 },
        Rect { x: 30, y: 0, w: 10, h: 3 },
        Rect { x: 30, y: 10, w: 10, h: 3 },
    ];
    let edges = [(0, 3), (1, 2)];
    let index = grid::Index::new(rects.clone());
    let route = |from: &str, to: &str, points: Vec<(i32, i32)>| Route {
        key: crate::model::LinkKey::new(tests::id(from), tests::id(to), None),
        points,
        label_at: None,
        fallback: false,
    };
    let mut routes = vec![
        route("a", "d", vec![(10, 1), (20, 1), (20, 11), (29, 11)]),
        route("b", "c", vec![(10, 11), (20, 11), (20, 1), (29, 1)]),
    ];
    let before: Vec<&[(i32, i32)]> = routes.iter().map(|r| r.points.as_slice()).collect();
    assert!(!joined_cells(&before, &edges).is_empty());
    super::nudge::apart(&mut routes, &index, &edges);
    let after: Vec<&[(i32, i32)]> = routes.iter().map(|r| r.points.as_slice()).collect();
    assert_eq!(joined_cells(&after, &edges), BTreeSet::new(), "{after:?}");
    for (r, &(from, to)) in routes.iter().zip(&edges) {
        assert!(!index.path_blocked(&r.points), "{:?} crosses a box", r.points);
        // Still joined up, with its ends where they were: beside the
        // same sides of its boxes.
        for w in r.points.windows(2) {
            assert!(w[0] != w[1] && (w[0].0 == w[1].0 || w[0].1 == w[1].1), "{:?}", r.points);
        }
        let (first, last) = (r.points[0], r.points[r.points.len() - 1]);
        assert_eq!(first.0, rects[from].right(), "{:?}", r.points);
        assert_eq!(last.0, rects[to].x - 1, "{:?}", r.points);
    }
}

#[test]
fn examples_show_no_line_joined_to_another_boxes_link() {
    // Before nudging, at full size: no join at the natural width, 2 cells
    // at 80 and 120 columns (see docs/benchmarks.md). In the compact view
    // a box has one row, where the lines into it and out of it both
    // meet its sides: those (links sharing a box) are its known
    // exception, as in `reading_tests`; lines of links between four
    // different boxes never join.
    let mut bad = Vec::new();
    for (name, text) in crate::examples::EXAMPLES {
        let d = crate::file::load_str(text, "example.yaml").unwrap();
        for scale in [Scale::Normal, Scale::Compact] {
            for width in [None, Some(80), Some(120)] {
                let l = layout_within(&d, scale, width);
                assert_sound(&d, &l);
                assert_eq!(routes_through_other_boxes(&d, &l), Vec::<String>::new(), "{name} {scale:?}");
                let (all, unrelated) = (joined(&d, &l), joined_apart(&d, &l));
                eprintln!(
                    "{name} {scale:?} {width:?}: {} joined cells, {} of unrelated links",
                    all.len(),
                    unrelated.len()
                );
                let cells = if scale == Scale::Normal { all } else { unrelated };
                if !cells.is_empty() {
                    bad.push(format!("{name} {scale:?} {width:?}: {cells:?}"));
                }
            }
        }
    }
    assert_eq!(bad, Vec::<String>::new());
}

#[test]
fn synth_designs_join_few_lines_of_links_between_other_boxes() {
    // Joined cells before nudging: 88 at 100 components and 736 at 300
    // (normal), 252 and 1,614 (compact). At 300 the work allowed one
    // layout (`nudge::WORK`) runs out first.
    for (n, normal, compact) in [(100, 0, 260), (300, 736, 1_614)] {
        let d = unpinned_synth(n, 42);
        for (scale, most) in [(Scale::Normal, normal), (Scale::Compact, compact)] {
            let l = layout(&d, scale);
            assert_sound(&d, &l);
            let through = routes_through_other_boxes(&d, &l);
            let cells = joined(&d, &l).len();
            let unrelated = joined_apart(&d, &l).len();
            eprintln!(
                "synth {n} {scale:?}: {cells} joined cells ({unrelated} of links sharing no box), crossings {}",
                crossings(&l)
            );
            assert!(through.is_empty(), "{n} {scale:?}: {through:?}");
            assert!(cells <= most, "synth {n} {scale:?}: {cells} joined cells, at most {most}");
            assert_eq!(layout(&d, scale), l, "{n} {scale:?}: not deterministic");
        }
    }
}
