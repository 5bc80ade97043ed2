//! Zoom to fit (`0`): the scale and scroll that show the whole design in
//! the canvas pane, full size when it fits, else compact.

use crate::state::{Level, State};
use archcrit_core::layout::{Layout, Rect, Scale, layout_within, picture};

/// The cells the drawing of `layout` covers: its boxes, zone frames and
/// routes, exactly (a board that fills the canvas to its last row fits).
pub fn bounds(layout: &Layout) -> Option<Rect> {
    (!layout.boxes.is_empty()).then(|| picture::bounds(layout))
}

/// Chooses the largest scale at which the design fits the canvas and
/// scrolls to show all of it, centred; says so, or how much is left out.
pub fn fit(state: &mut State) {
    let (cw, ch) = (i32::from(state.panels.panes().canvas.w), i32::from(state.panels.panes().canvas.h));
    if cw == 0 || ch == 0 {
        state.say(Level::Info, "no canvas on screen: o restores the panels");
        return;
    }
    let fits = |r: &Rect| r.w <= cw && r.h <= ch;
    let mut chosen = None;
    for scale in [Scale::Normal, Scale::Compact] {
        let laid = if scale == state.canvas.scale() {
            state.canvas.layout().clone()
        } else {
            layout_within(state.doc.design(), scale, state.canvas.width())
        };
        let Some(b) = bounds(&laid) else {
            state.say(Level::Info, "nothing to fit: a adds a component");
            return;
        };
        let done = fits(&b) || scale == Scale::Compact;
        chosen = Some((scale, b));
        if done {
            break;
        }
    }
    let Some((scale, b)) = chosen else { return };
    state.canvas.set_scale(state.doc.design(), scale);
    state.panels.choice.zoom_chosen = true;
    // The board starts at cell 0 and scrolling never goes below it, so a
    // board that fits shows from its top-left corner.
    let axis = |lo: i32, size: i32, room: i32| (lo - (room - size).max(0) / 2).max(0);
    state.canvas.scroll = (axis(b.x, b.w, cw), axis(b.y, b.h, ch));
    let zoom = if scale == Scale::Compact { "compact" } else { "full size" };
    if fits(&b) {
        let n = state.doc.design().component_count();
        state.say(Level::Info, format!("zoomed to fit: {n} boxes, {zoom} (z toggles the zoom)"));
    } else {
        let panels_shown = state.panels.arrangement() != crate::panes::Arrangement::Canvas;
        let advice = if panels_shown { "v hides panels, ctrl-arrows pan" } else { "ctrl-arrows pan" };
        state.say(
            Level::Info,
            format!("the design needs {}x{} cells even compact, the canvas has {cw}x{ch}: {advice}", b.w, b.h),
        );
    }
}
