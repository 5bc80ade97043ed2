//! Protocol labels: each on a straight horizontal run of its own link,
//! with a cell of its line either side, clear of other links' lines (so
//! never on or beside a crossing) and of other labels; nearest the target
//! first, since links fanning out of one box share their first run.

use rustc_hash::FxHashMap as FastMap;

/// The cells labels already take.
pub(super) type Taken = rustc_hash::FxHashSet<(i32, i32)>;

/// Every link's segments, to ask whether a row's cells are free of the
/// other links. Vertical segments sorted by column; horizontal ones by row.
pub(super) struct Lines {
    /// (x, top, bottom, link)
    vertical: Vec<(i32, i32, i32, usize)>,
    /// Per vertical segment, the lowest row any segment of its column up
    /// to it (in `vertical`'s order) reaches: whether a column crosses a
    /// row is then a binary search.
    reach: Vec<i32>,
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
        let mut reach = Vec::with_capacity(vertical.len());
        for (k, v) in vertical.iter().enumerate() {
            let before = reach.last().filter(|_| k > 0 && vertical[k - 1].0 == v.0).copied();
            reach.push(before.map_or(v.2, |r: i32| r.max(v.2)));
        }
        Lines { vertical, reach, horizontal }
    }

    /// The cells of row `y` within `x0..=x1` that links other than `me`
    /// draw on, as column ranges: gathered once for all the places a label
    /// may try along one run.
    fn taken(&self, me: usize, x0: i32, x1: i32, y: i32) -> Vec<(i32, i32)> {
        let mut out = Vec::new();
        let mut i = self.vertical.partition_point(|v| v.0 < x0);
        while let Some(&(x, ..)) = self.vertical.get(i).filter(|v| v.0 <= x1) {
            let column = &self.vertical[i..];
            let column = &column[..column.partition_point(|v| v.0 == x)];
            // Segments of the column starting at or above the row; one of
            // them reaches it only if the lowest reach among them does.
            let above = column.partition_point(|v| v.1 <= y);
            if above > 0
                && self.reach[i + above - 1] >= y
                && column[..above].iter().any(|&(_, _, bottom, link)| link != me && y <= bottom)
            {
                out.push((x, x));
            }
            i += column.len();
        }
        let along =
            self.horizontal.get(&y).into_iter().flatten().filter(|&&(l, r, link)| link != me && l <= x1 && x0 <= r);
        out.extend(along.map(|&(l, r, _)| (l, r)));
        out
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
    used: &mut Taken,
) -> Option<(i32, i32)> {
    if width == 0 {
        return None;
    }
    let free_of_labels = |x: i32, y: i32, used: &Taken| !(x - 1..x + width + 1).any(|c| used.contains(&(c, y)));
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
        // Every place tried lies within middle - TRIES + 1 ..= middle + TRIES.
        let (lo, hi) = (first.max(middle - TRIES + 1), last.min(middle + TRIES));
        let taken = lines.taken(me, lo - 1, hi + width, y);
        let clear = |x: i32| !taken.iter().any(|&(l, r)| l <= x + width && x - 1 <= r);
        (0..TRIES)
            .flat_map(|k| [middle - k, middle + k + 1])
            .filter(|x| (first..=last).contains(x))
            .find(|&x| clear(x) && free_of_labels(x, y, used))
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
