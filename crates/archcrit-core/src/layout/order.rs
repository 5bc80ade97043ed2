//! Ordering the nodes of each rank to cut link crossings: barycenter sweeps
//! down and up, each followed by transposing neighbours that cross less the
//! other way round, from the file's order and from a few shuffles with a
//! fixed seed (so the same file always gives the same picture), keeping the
//! order with the fewest crossings. Zones stay contiguous: a node moves
//! only within its group, and groups keep one order shared by all ranks.

use super::rank::Groups;
use crate::seeded::SplitMix64;

/// Sweeps one ordering may spend, times the square of a sweep's size
/// (nodes plus links): effort falls with the square of the design's size,
/// so small designs get every restart and a full layout of 1,000
/// components four sweeps, keeping its time budget.
const WORK: f64 = 1.0e9;
/// Sweeps never cut below one restart's worth of patience.
const MIN_SWEEPS: usize = 4;
/// Orders tried: the file's, then shuffles.
const MAX_RESTARTS: usize = 16;
/// Sweeps per restart, and how many in a row may fail to improve on the
/// best before the restart ends.
const MAX_SWEEPS: usize = 24;
const PATIENCE: usize = 4;
/// Transposition passes over all ranks after each sweep.
const TRANSPOSE_PASSES: usize = 4;

/// Orders `layers` in place. Returns each group's key in the shared order
/// of groups (see `regroup`).
pub(super) fn order(
    layers: &mut [Vec<usize>],
    preds: &[Vec<usize>],
    succs: &[Vec<usize>],
    total: usize,
    groups: &Groups,
) -> Vec<f64> {
    let mut pos = vec![0usize; total];
    let mut key = if groups.zoned() { regroup(layers, groups) } else { vec![0.0; groups.count] };
    index(layers, &mut pos);
    let mut best = layers.to_vec();
    let mut best_key = key.clone();
    let mut best_crossings = count(layers, succs, &pos);
    let segments: usize = succs.iter().map(Vec::len).sum();
    let size = (segments + total).max(1) as f64;
    let mut sweeps_left = ((WORK / (size * size)) as usize).max(MIN_SWEEPS);
    let start = layers.to_vec();
    let mut rng = SplitMix64::new(0x9e37_79b9_7f4a_7c15);
    let mut group_sum = vec![(0.0f64, 0usize); groups.count];
    for restart in 0..MAX_RESTARTS {
        if best_crossings == 0 || sweeps_left == 0 {
            break;
        }
        if restart > 0 {
            for (layer, from) in layers.iter_mut().zip(&start) {
                layer.clone_from(from);
                shuffle(&mut rng, layer);
            }
            if groups.zoned() {
                key = regroup(layers, groups);
            }
            index(layers, &mut pos);
        }
        let mut stale = 0;
        for sweep in 0..MAX_SWEEPS.min(sweeps_left) {
            sweeps_left -= 1;
            sweep_once(layers, preds, succs, &mut pos, groups, sweep % 2 == 0, &mut group_sum);
            transpose(layers, preds, succs, &mut pos, groups);
            if groups.zoned() {
                key = regroup(layers, groups);
                index(layers, &mut pos);
            }
            let c = count(layers, succs, &pos);
            if c < best_crossings {
                best_crossings = c;
                best.clone_from_slice(layers);
                best_key.clone_from(&key);
                stale = 0;
            } else {
                stale += 1;
            }
            if best_crossings == 0 || stale >= PATIENCE {
                break;
            }
        }
    }
    layers.clone_from_slice(&best);
    best_key
}

fn index(layers: &[Vec<usize>], pos: &mut [usize]) {
    for layer in layers {
        for (i, v) in layer.iter().enumerate() {
            pos[*v] = i;
        }
    }
}

/// One barycenter pass over every rank, top-down from the second rank or
/// bottom-up from the last but one. With zones, each rank's groups are
/// sorted by their members' mean barycenter first.
fn sweep_once(
    layers: &mut [Vec<usize>],
    preds: &[Vec<usize>],
    succs: &[Vec<usize>],
    pos: &mut [usize],
    groups: &Groups,
    down: bool,
    group_sum: &mut [(f64, usize)],
) {
    let ranks: Vec<usize> =
        if down { (1..layers.len()).collect() } else { (0..layers.len().saturating_sub(1)).rev().collect() };
    let neighbours = if down { preds } else { succs };
    // Per node: (group's key, group, own key, place now), the keys as
    // ordered bits, sorted unstably: the place breaks every tie as a stable
    // sort would, at a fraction of the cost (sorting took a third of the
    // ordering at 1,000 components).
    let mut keyed: Vec<(u64, usize, u64, usize)> = Vec::new();
    for r in ranks {
        let barycenter = |v: usize| {
            let ns = &neighbours[v];
            if ns.is_empty() { pos[v] as f64 } else { ns.iter().map(|n| pos[*n] as f64).sum::<f64>() / ns.len() as f64 }
        };
        keyed.clear();
        keyed.extend(layers[r].iter().enumerate().map(|(i, &v)| (0, v, ordered(barycenter(v)), i)));
        if groups.zoned() {
            for &(_, v, _, _) in &keyed {
                let s = &mut group_sum[groups.of[v]];
                *s = (s.0 + barycenter(v), s.1 + 1);
            }
            for item in &mut keyed {
                let g = groups.of[item.1];
                let (sum, n) = group_sum[g];
                item.0 = ordered(groups.bias(g) * 1e12 + sum / n as f64);
            }
            for &(_, v, _, _) in &keyed {
                group_sum[groups.of[v]] = (0.0, 0);
            }
        }
        for item in &mut keyed {
            item.1 = groups.of[item.1];
        }
        keyed.sort_unstable();
        let layer = &mut layers[r];
        let before = std::mem::take(layer);
        layer.extend(keyed.iter().map(|&(_, _, _, i)| before[i]));
        for (i, v) in layer.iter().enumerate() {
            pos[*v] = i;
        }
    }
}

/// `x`'s bits turned so that comparing them as integers orders the numbers
/// as `f64::total_cmp` does.
fn ordered(x: f64) -> u64 {
    let bits = x.to_bits();
    if bits >> 63 == 1 { !bits } else { bits | 1 << 63 }
}

/// Swaps neighbours of the same group wherever that crosses fewer links
/// with both adjacent ranks, a few passes or until nothing improves.
fn transpose(
    layers: &mut [Vec<usize>],
    preds: &[Vec<usize>],
    succs: &[Vec<usize>],
    pos: &mut [usize],
    groups: &Groups,
) {
    for _ in 0..TRANSPOSE_PASSES {
        let mut improved = false;
        for layer in layers.iter_mut() {
            for i in 0..layer.len().saturating_sub(1) {
                let (u, v) = (layer[i], layer[i + 1]);
                if groups.of[u] != groups.of[v] {
                    continue;
                }
                let (keep, swap) = pair_crossings(&preds[u], &preds[v], pos);
                let (keep2, swap2) = pair_crossings(&succs[u], &succs[v], pos);
                if swap + swap2 < keep + keep2 {
                    layer.swap(i, i + 1);
                    pos[u] = i + 1;
                    pos[v] = i;
                    improved = true;
                }
            }
        }
        if !improved {
            break;
        }
    }
}

/// Crossings between the links of `u` and of `v` to one adjacent rank:
/// with `u` before `v`, and the other way round.
fn pair_crossings(nu: &[usize], nv: &[usize], pos: &[usize]) -> (usize, usize) {
    let (mut keep, mut swap) = (0, 0);
    for a in nu {
        for b in nv {
            let (pa, pb) = (pos[*a], pos[*b]);
            keep += usize::from(pa > pb);
            swap += usize::from(pb > pa);
        }
    }
    (keep, swap)
}

/// Orders every rank's groups by one key per group (the mean relative
/// position of its nodes over all ranks), keeping the order inside each
/// group, so two groups that share ranks are stacked the same way in all
/// of them. Returns the keys.
fn regroup(layers: &mut [Vec<usize>], groups: &Groups) -> Vec<f64> {
    let mut sum = vec![(0.0f64, 0usize); groups.count];
    for layer in layers.iter() {
        let len = layer.len() as f64;
        for (i, v) in layer.iter().enumerate() {
            let s = &mut sum[groups.of[*v]];
            *s = (s.0 + (i as f64 + 0.5) / len, s.1 + 1);
        }
    }
    let key: Vec<f64> =
        sum.iter().enumerate().map(|(g, (s, n))| groups.bias(g) + if *n == 0 { 0.0 } else { s / *n as f64 }).collect();
    // Each group's place in the order of keys: one integer per comparison.
    let mut by_key: Vec<usize> = (0..groups.count).collect();
    by_key.sort_by(|&a, &b| key[a].total_cmp(&key[b]).then(a.cmp(&b)));
    let mut place = vec![0usize; groups.count];
    for (p, g) in by_key.into_iter().enumerate() {
        place[g] = p;
    }
    for layer in layers.iter_mut() {
        if !layer.is_sorted_by_key(|v| place[groups.of[*v]]) {
            layer.sort_by_key(|v| place[groups.of[*v]]);
        }
    }
    key
}

/// Crossings between adjacent layers, counted as inversions. Each layer
/// must be in the order of `pos`: its links are then taken in order of
/// their upper ends without sorting them all.
pub(super) fn count(layers: &[Vec<usize>], succs: &[Vec<usize>], pos: &[usize]) -> usize {
    let mut total = 0;
    let mut tree: Vec<usize> = Vec::new();
    let mut ends: Vec<usize> = Vec::new();
    for r in 0..layers.len().saturating_sub(1) {
        let width = layers[r + 1].len() + 1;
        tree.clear();
        tree.resize(width + 1, 0);
        let mut seen = 0;
        for &a in &layers[r] {
            ends.clear();
            ends.extend(succs[a].iter().map(|&b| pos[b]));
            ends.sort_unstable();
            for &b in &ends {
                // Fenwick tree: how many earlier links end at or before b.
                let mut i = b + 1;
                let mut le = 0;
                while i > 0 {
                    le += tree[i];
                    i -= i & i.wrapping_neg();
                }
                total += seen - le;
                seen += 1;
                let mut i = b + 1;
                while i <= width {
                    tree[i] += 1;
                    i += i & i.wrapping_neg();
                }
            }
        }
    }
    total
}

/// Fisher-Yates with the core's one seeded generator: shuffles that are
/// the same on every run and machine.
fn shuffle(rng: &mut SplitMix64, items: &mut [usize]) {
    for i in (1..items.len()).rev() {
        items.swap(i, rng.below(i + 1));
    }
}
