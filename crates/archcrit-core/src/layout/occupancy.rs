//! The cells boxes cover, as sorted runs per band of rows and per band of
//! columns, so whether a straight segment is clear, whether a cell is free
//! and how far a line may run are each a binary search or two, with no
//! hashing and no look at the boxes themselves: the router asks these
//! questions for every state it takes.

use super::Rect;

/// Boxes' cells seen along one axis: the coordinates where the set of boxes
/// crossing a line changes cut the axis into bands, and each band holds the
/// sorted, disjoint runs (half-open) its lines cross boxes in.
struct Bands {
    /// Band `k` covers lines `cuts[k]..cuts[k + 1]`.
    cuts: Vec<i32>,
    /// Band `k`'s runs are `runs[first[k]..first[k + 1]]`.
    first: Vec<u32>,
    runs: Vec<(i32, i32)>,
    /// Band of each line from `cuts[0]` on, when the bands span few enough
    /// lines to look them up directly (else a binary search of `cuts`).
    direct: Vec<u32>,
}

/// Lines the direct band lookup may span (4 MB of lookup at most).
const DIRECT_SPAN: i64 = 1 << 20;

impl Bands {
    /// `spans` are (line from, line to, run from, run to), half-open.
    fn new(spans: impl Iterator<Item = (i32, i32, i32, i32)> + Clone) -> Self {
        let mut cuts: Vec<i32> = spans.clone().flat_map(|s| [s.0, s.1]).collect();
        cuts.sort_unstable();
        cuts.dedup();
        let bands = cuts.len().saturating_sub(1);
        // Runs bucketed by band (a counting sort: many more runs than
        // bands), then each band's few sorted and merged.
        let band_range = |l0: i32, l1: i32| cuts.partition_point(|c| *c < l0)..cuts.partition_point(|c| *c < l1);
        let mut first = vec![0u32; bands + 1];
        for (l0, l1, ..) in spans.clone() {
            for k in band_range(l0, l1) {
                first[k + 1] += 1;
            }
        }
        for k in 0..bands {
            first[k + 1] += first[k];
        }
        let mut fill: Vec<u32> = first[..bands].to_vec();
        let mut runs: Vec<(i32, i32)> = vec![(0, 0); first[bands] as usize];
        for (l0, l1, r0, r1) in spans {
            for k in band_range(l0, l1) {
                runs[fill[k] as usize] = (r0, r1);
                fill[k] += 1;
            }
        }
        // Sort and merge touching or overlapping runs within each band,
        // compacting as we go.
        let mut out = 0usize;
        let mut start = 0usize;
        for k in 0..bands {
            let end = first[k + 1] as usize;
            runs[start..end].sort_unstable();
            let band_first = out;
            for i in start..end {
                let run = runs[i];
                match out.checked_sub(1) {
                    Some(last) if last >= band_first && run.0 <= runs[last].1 => {
                        runs[last].1 = runs[last].1.max(run.1);
                    }
                    _ => {
                        runs[out] = run;
                        out += 1;
                    }
                }
            }
            first[k] = band_first as u32;
            start = end;
        }
        first[bands] = out as u32;
        runs.truncate(out);
        let mut direct = Vec::new();
        if let (Some(&lo), Some(&hi)) = (cuts.first(), cuts.last())
            && i64::from(hi) - i64::from(lo) <= DIRECT_SPAN
        {
            direct = (0..bands).flat_map(|k| std::iter::repeat_n(k as u32, (cuts[k + 1] - cuts[k]) as usize)).collect();
        }
        Bands { cuts, first, runs, direct }
    }

    /// The runs line `line` crosses boxes in.
    fn runs(&self, line: i32) -> &[(i32, i32)] {
        if let Some(&lo) = self.cuts.first()
            && !self.direct.is_empty()
        {
            let Some(&k) = usize::try_from(i64::from(line) - i64::from(lo)).ok().and_then(|i| self.direct.get(i))
            else {
                return &[];
            };
            let k = k as usize;
            return &self.runs[self.first[k] as usize..self.first[k + 1] as usize];
        }
        let k = self.cuts.partition_point(|c| *c <= line);
        if k == 0 || k >= self.cuts.len() {
            return &[];
        }
        let k = k - 1;
        &self.runs[self.first[k] as usize..self.first[k + 1] as usize]
    }

    /// Whether line `line` crosses a box anywhere in `a..=b`.
    fn hits(&self, line: i32, a: i32, b: i32) -> bool {
        let runs = self.runs(line);
        let i = runs.partition_point(|r| r.1 <= a);
        i < runs.len() && runs[i].0 <= b
    }

    /// How many cells a line may run from the free cell `at` on line `line`
    /// (forwards when `ahead`), at most `limit`, before entering a box.
    fn run_from(&self, line: i32, at: i32, ahead: bool, limit: i32) -> i32 {
        let runs = self.runs(line);
        let room = if ahead {
            let i = runs.partition_point(|r| r.1 <= at);
            runs.get(i).map_or(limit, |r| r.0 - at - 1)
        } else {
            let i = runs.partition_point(|r| r.0 <= at);
            if i == 0 { limit } else { at - runs[i - 1].1 }
        };
        room.clamp(0, limit)
    }
}

/// The cells covered by a set of boxes, by rows and by columns.
pub(super) struct Occupancy {
    rows: Bands,
    columns: Bands,
    /// The boxes by their left column, and the widest one's width.
    by_x: Vec<Rect>,
    widest: i32,
}

impl Occupancy {
    pub fn new(rects: &[Rect]) -> Self {
        let present = rects.iter().filter(|r| r.w > 0 && r.h > 0);
        let mut by_x: Vec<Rect> = present.clone().copied().collect();
        by_x.sort_unstable_by_key(|r| (r.x, r.y));
        Occupancy {
            rows: Bands::new(present.clone().map(|r| (r.y, r.bottom(), r.x, r.right()))),
            columns: Bands::new(present.map(|r| (r.x, r.right(), r.y, r.bottom()))),
            widest: by_x.iter().map(|r| r.w).max().unwrap_or(0),
            by_x,
        }
    }

    /// Every box overlapping `r` (see `Index::boxes_within`).
    pub fn boxes_within(&self, r: &Rect, mut each: impl FnMut(&Rect)) {
        let first = self.by_x.partition_point(|b| b.x <= r.x - self.widest);
        self.by_x[first..].iter().take_while(|b| b.x < r.right()).filter(|b| b.overlaps(r, 0)).for_each(&mut each);
    }

    pub fn blocked(&self, x: i32, y: i32) -> bool {
        self.rows.hits(y, x, x)
    }

    /// Whether an axis-aligned segment (both ends included) enters a box.
    pub fn segment_blocked(&self, a: (i32, i32), b: (i32, i32)) -> bool {
        if a.1 == b.1 {
            self.rows.hits(a.1, a.0.min(b.0), a.0.max(b.0))
        } else {
            self.columns.hits(a.0, a.1.min(b.1), a.1.max(b.1))
        }
    }

    /// How far a line may run from the free cell `from` in direction `step`
    /// (a unit step) before entering a box, at most `limit`.
    pub fn free_run(&self, from: (i32, i32), step: (i32, i32), limit: i32) -> i32 {
        match step {
            (dx, 0) => self.rows.run_from(from.1, from.0, dx > 0, limit),
            (_, dy) => self.columns.run_from(from.0, from.1, dy > 0, limit),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Random boxes (some touching, some overlapping, some empty) against
    /// the plain rectangle tests.
    #[test]
    fn answers_as_the_boxes_do() {
        let mut state = 7u64;
        let mut next = |m: i32| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((state >> 33) % m as u64) as i32
        };
        for round in 0..60 {
            let mut rects: Vec<Rect> =
                (0..next(12)).map(|_| Rect { x: next(40) - 5, y: next(30) - 5, w: next(8), h: next(5) }).collect();
            if round % 3 == 0 {
                // Far away too: bands past the direct lookup's reach.
                rects.push(Rect { x: 3_000_000, y: 2_000_000, w: 4, h: 2 });
            }
            let cells = Occupancy::new(&rects);
            let inside = |x: i32, y: i32| rects.iter().any(|r| r.contains(x, y));
            for _ in 0..300 {
                let (x, y) = (next(50) - 8, next(40) - 8);
                assert_eq!(cells.blocked(x, y), inside(x, y), "{x},{y} in {rects:?}");
                let len = next(20);
                let (b, c) = ((x + len, y), (x, y + len));
                assert_eq!(cells.segment_blocked((x, y), b), (x..=x + len).any(|x| inside(x, y)));
                assert_eq!(cells.segment_blocked(c, (x, y)), (y..=y + len).any(|y| inside(x, y)));
                if inside(x, y) {
                    continue;
                }
                for step in [(1, 0), (-1, 0), (0, 1), (0, -1)] {
                    let free = (1..=len).take_while(|k| !inside(x + step.0 * k, y + step.1 * k)).count() as i32;
                    assert_eq!(cells.free_run((x, y), step, len), free, "{x},{y} {step:?} {len} {rects:?}");
                }
            }
        }
    }
}
