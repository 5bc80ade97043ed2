//! Wrapping ranks to a canvas width: when the next rank's column would
//! pass the width, the ranks from there on start a new band of rows below
//! the last, from the left edge again, so a long chain reads like lines of
//! text instead of scrolling sideways. Links from the last rank of one band
//! to the first of the next get a lane each: right of the band, down to
//! their own row between the bands, left and down into the target. A
//! design that fits is not touched.

/// Columns kept free right of a band's last rank for the lanes down.
const MARGIN: i32 = 4;

/// One band of ranks after wrapping.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Band {
    pub first_rank: usize,
    /// The column just past the band's widest rank.
    pub right: i32,
    /// The first column of the band's first rank.
    pub left: i32,
    /// The first of the rows between this band and the one above (lanes
    /// for the links arriving from it, one row each).
    pub lanes_top: i32,
}

/// What `apply` needs of a ranked layout.
pub(super) struct Ranks<'a> {
    /// Per rank: first column and width (moved in place).
    pub columns: &'a mut [(i32, i32)],
    /// Per node (components, then through slots): top row (moved in place)
    /// and rank.
    pub top: &'a mut [i32],
    pub node_rank: &'a [usize],
    pub height: &'a dyn Fn(usize) -> i32,
    /// Links in layout direction, as ranks: (from, to).
    pub links: &'a [(usize, usize)],
    /// Whether the ranks may be split between `r - 1` and `r` (no zone
    /// spans both).
    pub breakable: &'a dyn Fn(usize) -> bool,
}

/// Splits the ranks into bands no wider than `max_width` (a rank wider than
/// that alone still gets a band), moving columns and rows in place. `None`
/// when everything fits in one band: nothing moved.
pub(super) fn apply(ranks: Ranks, max_width: i32) -> Option<Vec<Band>> {
    let Ranks { columns, top, node_rank, height, links, breakable } = ranks;
    let count = columns.len();
    // Lanes needed where a band would start at rank r: links from r - 1 to r.
    let lanes = |r: usize| links.iter().filter(|&&(a, b)| a + 1 == r && b == r).count() as i32;
    let origin = columns.first().map_or(0, |c| c.0);
    let mut starts = vec![0usize];
    let mut shift = 0;
    for (r, &(x, w)) in columns.iter().enumerate().skip(1) {
        let left = origin + if starts.len() > 1 { 2 + lanes(*starts.last().unwrap_or(&0)) } else { 0 };
        if x - shift + w + MARGIN > max_width && breakable(r) && x - shift > left {
            starts.push(r);
            shift = x - (origin + 2 + lanes(r));
        }
    }
    if starts.len() == 1 {
        return None;
    }
    let band_of = |r: usize| starts.partition_point(|s| *s <= r) - 1;
    // Columns: each band from the left again, after room for its lanes.
    let mut bands: Vec<Band> = Vec::with_capacity(starts.len());
    for (k, &first) in starts.iter().enumerate() {
        let last = starts.get(k + 1).copied().unwrap_or(count);
        let left = if k == 0 { columns[first].0 } else { origin + 2 + lanes(first) };
        let dx = columns[first].0 - left;
        for c in &mut columns[first..last] {
            c.0 -= dx;
        }
        let right = columns[first..last].iter().map(|c| c.0 + c.1).max().unwrap_or(left);
        bands.push(Band { first_rank: first, right, left, lanes_top: 0 });
    }
    // Rows: each band below the one before, past a row per lane and a blank
    // row either side of them.
    let mut floor = i32::MIN;
    let n = top.len();
    for (k, band) in bands.iter_mut().enumerate() {
        let nodes: Vec<usize> = (0..n).filter(|v| band_of(node_rank[*v]) == k).collect();
        let Some(min_top) = nodes.iter().map(|v| top[*v]).min() else { continue };
        if k > 0 {
            let lanes_top = floor + 1;
            band.lanes_top = lanes_top;
            let dy = lanes_top + lanes(band.first_rank) + 1 - min_top;
            for &v in &nodes {
                top[v] += dy;
            }
        }
        floor = nodes.iter().map(|v| top[*v] + height(*v)).max().unwrap_or(floor);
    }
    Some(bands)
}

/// The ranks' bands: which band each rank is in.
pub(super) fn band_of(bands: &[Band], rank: usize) -> usize {
    bands.partition_point(|b| b.first_rank <= rank).saturating_sub(1)
}
