//! Keeping every box reachable by h/j/k/l. The cones alone can strand a
//! box (every box that has it in a cone has a better aligned one there
//! too); then a direction with nothing in its cone gets a bridge out of
//! the stranded group: the nearest box on that side outside it. When no
//! empty direction of the group has the rest on its side, the one cone
//! choice that loses least by it turns to a box in its cone outside the
//! group instead (a box between two rows, say, that both rows' boxes
//! pass over for one in line).

use archcrit_core::layout::Layout;

use super::cone::{cost, offset, step, within_cone};

const DIRS: [(i32, i32); 4] = [(-1, 0), (1, 0), (0, -1), (0, 1)];

/// Past this many boxes no bridge is worked out: it compares every pair
/// of boxes, and boards that large come from files, laid out in ranks the
/// cones already join.
const LIMIT: usize = 400;

/// Where h/j/k/l lead from every box of one layout: the cones' choices
/// with the bridges and turns the board needs. Worked out once per layout
/// (the canvas keeps it until the layout changes); past `LIMIT` boxes
/// it holds nothing and each move asks the cone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Moves(Option<Vec<[Option<usize>; 4]>>);

impl Moves {
    pub fn of(layout: &Layout) -> Moves {
        let n = layout.boxes.len();
        Moves((n <= LIMIT).then(|| connected(layout)))
    }

    /// The box `dir` from box `from` (indices into `layout.boxes`, the
    /// layout this was worked out for).
    pub(super) fn from(&self, layout: &Layout, from: usize, dir: (i32, i32)) -> Option<usize> {
        match (&self.0, DIRS.iter().position(|x| *x == dir)) {
            (Some(table), Some(d)) => table.get(from)?[d],
            _ => within_cone(layout, from, dir),
        }
    }
}

/// The cones' choices for every box, then bridges and turns until every
/// box reaches every other.
fn connected(layout: &Layout) -> Vec<[Option<usize>; 4]> {
    let n = layout.boxes.len();
    let mut edges: Vec<[Option<usize>; 4]> = (0..n).map(|i| DIRS.map(|dir| within_cone(layout, i, dir))).collect();
    // Each bridge lets a group no edge left reach another, so the groups
    // merge; at most one bridge per box and direction.
    for _ in 0..4 * n {
        let group = groups(&edges);
        let count = group.iter().max().map_or(0, |g| g + 1);
        if count <= 1 {
            break;
        }
        let mut left = vec![false; count];
        for (i, out) in edges.iter().enumerate() {
            for j in out.iter().flatten() {
                if group[*j] != group[i] {
                    left[group[i]] = true;
                }
            }
        }
        let (out, group) = (&edges, &group);
        let best = (0..count).filter(|g| !left[*g]).find_map(|sink| {
            (0..n)
                .filter(|i| group[*i] == sink)
                .flat_map(|i| (0..4).filter(move |d| out[i][*d].is_none()).map(move |d| (i, d)))
                .flat_map(|(i, d)| {
                    (0..n)
                        .filter(move |j| group[*j] != sink)
                        .filter_map(move |j| offset(layout, i, j, DIRS[d]).map(|o| (cost(o), i, d, j)))
                })
                .min()
        });
        let Some((_, i, d, j)) = best.or_else(|| turn(layout, &edges, group, &left)) else { break };
        edges[i][d] = Some(j);
    }
    edges
}

/// The cone choice to turn out of a group no edge leaves: the box in the
/// cone outside the group whose score is nearest the choice's own.
fn turn(
    layout: &Layout,
    edges: &[[Option<usize>; 4]],
    group: &[usize],
    left: &[bool],
) -> Option<(i64, usize, usize, usize)> {
    let n = edges.len();
    (0..left.len()).filter(|g| !left[*g]).find_map(|sink| {
        (0..n)
            .filter(|i| group[*i] == sink)
            .flat_map(|i| (0..4).filter_map(move |d| Some((i, d, edges[i][d]?))))
            .flat_map(|(i, d, chosen)| {
                let kept = offset(layout, i, chosen, DIRS[d]).map_or(0, cost);
                (0..n).filter(move |j| group[*j] != sink).filter_map(move |j| {
                    let o = offset(layout, i, j, DIRS[d])?;
                    step(o)?;
                    Some((cost(o) - kept, i, d, j))
                })
            })
            .min()
    })
}

/// Each box's strongly connected group (Kosaraju): boxes in one group
/// reach each other.
fn groups(edges: &[[Option<usize>; 4]]) -> Vec<usize> {
    let n = edges.len();
    let mut order = Vec::with_capacity(n);
    let mut seen = vec![false; n];
    for start in 0..n {
        if seen[start] {
            continue;
        }
        seen[start] = true;
        let mut stack = vec![(start, 0)];
        while let Some((i, k)) = stack.pop() {
            if k < 4 {
                stack.push((i, k + 1));
                if let Some(j) = edges[i][k]
                    && !seen[j]
                {
                    seen[j] = true;
                    stack.push((j, 0));
                }
            } else {
                order.push(i);
            }
        }
    }
    let mut back = vec![Vec::new(); n];
    for (i, out) in edges.iter().enumerate() {
        for j in out.iter().flatten() {
            back[*j].push(i);
        }
    }
    let mut group = vec![usize::MAX; n];
    let mut count = 0;
    for &start in order.iter().rev() {
        if group[start] != usize::MAX {
            continue;
        }
        group[start] = count;
        let mut stack = vec![start];
        while let Some(i) = stack.pop() {
            for &j in &back[i] {
                if group[j] == usize::MAX {
                    group[j] = count;
                    stack.push(j);
                }
            }
        }
        count += 1;
    }
    group
}
