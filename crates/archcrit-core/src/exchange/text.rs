//! The design as the workshop draws it, as plain text for READMEs, pull
//! requests and terminals without the workshop: boxes, routes, labels,
//! zone frames and finding badges, in Unicode or 7-bit ASCII.

use std::collections::HashMap;

use crate::critic::{Report, Severity};
use crate::layout::picture::{self, Emphasis};
use crate::layout::{Rect, Scale, layout_within};
use crate::model::{ComponentId, Design};

/// How to draw.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Only 7-bit characters.
    pub ascii: bool,
    /// The widest line wanted, in cells; `None` for no limit.
    pub width: Option<usize>,
}

/// Badges from the critic's report: each component's worst severity.
struct Badges<'a>(HashMap<&'a str, Severity>);

impl Emphasis for Badges<'_> {
    fn worst(&self, id: &ComponentId) -> Option<Severity> {
        self.0.get(id.as_str()).copied()
    }
}

/// The whiteboard as text. A picture wider than `width` has its ranks
/// wrapped into bands below each other to fit, full size, else compact;
/// one that still does not fit is drawn compact and unwrapped, cut into
/// strips of `width` columns, one below the other, each headed by the
/// columns it shows (`-- cols 1-60/135 --`), so nothing is lost.
pub fn export(design: &Design, report: Option<&Report>, options: Options) -> String {
    let limit = options.width.map(|w| w.clamp(1, i32::MAX as usize) as i32);
    let fits = |r: &Rect| limit.is_none_or(|w| r.w <= w);
    // Ranks wider than the limit wrap into bands below it first.
    let mut laid = layout_within(design, Scale::Normal, limit);
    let mut bounds = picture::bounds(&laid);
    if !fits(&bounds) {
        laid = layout_within(design, Scale::Compact, limit);
        bounds = picture::bounds(&laid);
    }
    if !fits(&bounds) {
        // Wrapping did not make it fit: the strips read better unwrapped.
        laid = layout_within(design, Scale::Compact, None);
        bounds = picture::bounds(&laid);
    }
    let badges = Badges(report.map(Report::worst_by_component).unwrap_or_default());
    let Some(limit) = limit.filter(|_| !fits(&bounds)) else {
        return picture::draw(design, &laid, bounds, options.ascii, &badges).to_text();
    };
    // Strips: a header line names each strip's columns (1-based).
    let mut out = String::new();
    let mut x = bounds.x;
    while x < bounds.right() {
        let w = limit.min(bounds.right() - x);
        let window = Rect { x, y: bounds.y, w, h: bounds.h };
        let first = x - bounds.x + 1;
        let header = format!("-- cols {}-{}/{} --", first, first + w - 1, bounds.w);
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&crate::layout::picture::fit(&header, limit as usize, true));
        out.push('\n');
        out.push_str(&picture::draw(design, &laid, window, options.ascii, &badges).to_text());
        x += w;
    }
    out
}
