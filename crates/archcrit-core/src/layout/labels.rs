//! Protocol labels: each on a straight horizontal run of its own link,
//! with a cell of its line either side, clear of other links' lines (so
//! never on or beside a crossing) and of other labels; nearest the target
//! first, since links fanning out of one box share their first run.

use std::collections::HashSet;

use rustc_hash::FxHashMap as FastMap;

/// Every link's segments, to ask whether a row's cells are free of the
/// other links. Vertical segments sorted by column; horizontal ones by row.
pub(super) struct Lines {
    /// (x, top, bottom, link)
    vertical: Vec<(i32, i32, i32, usize)>,
    /// row -> (left, right, link)
    horizontal: FastMap<i32, Vec<(i32, i32, usize)>>,
}

impl Lines {
    pub fn new<'a>(routes: impl Iterator<Item = &'a [(i32, i32)]>) -> Lines {
        let mut vertical = Vec::new();
        let mut horizontal: FastMap<i32, Vec<(i32, i32, usize)>> = FastMap::default();
        for (link, points) in routes.enumerate() {
            for w in points.windows(2) {
                let ((x0, y0), (x1, y1)) = (w[0], w[1]);
                if x0 == x1 {
                    vertical.push((x0, y0.min(y1), y0.max(y1), link));
                } else {
                    horizontal.entry(y0).or_default().push((x0.min(x1), x0.max(x1), link));
                }
            }
        }
        vertical.sort_unstable();
        Lines { vertical, horizontal }
    }

    /// Whether no link but `me` draws on cells `x0..=x1` of row `y`.
    fn clear(&self, me: usize, x0: i32, x1: i32, y: i32) -> bool {
        let first = self.vertical.partition_point(|v| v.0 < x0);
        let crossed = self.vertical[first..]
            .iter()
            .take_while(|v| v.0 <= x1)
            .any(|&(_, top, bottom, link)| link != me && top <= y && y <= bottom);
        let shared = self
            .horizontal
            .get(&y)
            .is_some_and(|runs| runs.iter().any(|&(l, r, link)| link != me && l <= x1 && x0 <= r));
        !crossed && !shared
    }
}

/// Positions tried along one run, from its middle outwards.
const TRIES: i32 = 12;

/// Where link `me`'s label of `width` cells starts: on a run clear of other
/// links when there is one, else (rather than no label) on the run nearest
/// the target with room, as long as no other label is there. Records the
/// cells taken in `used`.
pub(super) fn place(
    points: &[(i32, i32)],
    width: i32,
    me: usize,
    lines: &Lines,
    used: &mut HashSet<(i32, i32)>,
) -> Option<(i32, i32)> {
    if width == 0 {
        return None;
    }
    let free_of_labels =
        |x: i32, y: i32, used: &HashSet<(i32, i32)>| !(x - 1..x + width + 1).any(|c| used.contains(&(c, y)));
    let runs = || {
        points.windows(2).rev().filter_map(|w| {
            let (a, b) = (w[0], w[1]);
            let (lo, hi) = (a.0.min(b.0), a.0.max(b.0));
            // Label cells x..x+width with a cell of line each side, off the
            // run's end cells (arrow heads and corners).
            (a.1 == b.1 && hi - lo > width + 2).then_some((lo + 2, hi - 1 - width, a.1))
        })
    };
    let clear = runs().find_map(|(first, last, y)| {
        let middle = (first + last) / 2;
        (0..TRIES)
            .flat_map(|k| [middle - k, middle + k + 1])
            .filter(|x| (first..=last).contains(x))
            .find(|&x| lines.clear(me, x - 1, x + width, y) && free_of_labels(x, y, used))
            .map(|x| (x, y))
    });
    let at = clear.or_else(|| {
        runs().find_map(|(first, last, y)| {
            let x = (first + last) / 2;
            free_of_labels(x, y, used).then_some((x, y))
        })
    })?;
    used.extend((at.0..at.0 + width).map(|c| (c, at.1)));
    Some(at)
}
