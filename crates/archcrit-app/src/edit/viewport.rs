//! `Viewport`: what the canvas shows of the design: its layout at a scale,
//! where it is scrolled, a box being dragged and what the last change
//! touched. The layout is always the design's at `scale` (changed only by
//! the methods here), and a drag's preview is put back before it ends.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use archcrit_core::layout::{Layout, Rect, Scale, layout_within, patch, rewrap, settle};
use archcrit_core::model::{ComponentId, Design, LinkKey};

use super::reach::Moves;

/// How many ticks (seconds) the marks of a change stay.
pub const TICKS: u8 = 4;

/// What the last change touched, marked on the canvas until `ticks` runs out.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Touched {
    /// Components that are new.
    pub added: BTreeSet<ComponentId>,
    /// Components whose fields changed.
    pub changed: BTreeSet<ComponentId>,
    /// Links that are new or changed.
    pub links: BTreeSet<LinkKey>,
    pub ticks: u8,
}

/// A box being dragged with the mouse: where it is shown until release.
#[derive(Debug, Clone, PartialEq)]
pub struct Drag {
    pub id: ComponentId,
    /// Where the box was before the drag (the preview moves it in place).
    pub from: (i32, i32),
    pub grab: (i32, i32),
    pub at: (i32, i32),
    pub moved: bool,
}

pub struct Viewport {
    layout: Layout,
    scale: Scale,
    /// The canvas pane's width when the terminal was last sized: ranks
    /// wider than that wrap into bands below (`None` before the first size).
    width: Option<i32>,
    /// The canvas cell shown at the canvas pane's top-left corner.
    pub scroll: (i32, i32),
    drag: Option<Drag>,
    /// What the last pattern, undo, redo or proposal touched, marked on
    /// the canvas for a few ticks.
    pub touched: Option<Touched>,
    /// Where h/j/k/l lead on `layout`, worked out when first asked and
    /// dropped whenever the layout changes (`layout_mut`).
    moves: OnceLock<Moves>,
    /// An edit was patched in and the board may still settle to the
    /// picture the file reopens to (`settle`, run when the keys stop).
    settle_due: bool,
}

impl Viewport {
    /// `design` laid out at `scale`, scrolled to the top-left corner.
    pub fn new(design: &Design, scale: Scale) -> Viewport {
        Viewport {
            layout: layout_within(design, scale, None),
            scale,
            width: None,
            scroll: (0, 0),
            drag: None,
            touched: None,
            moves: OnceLock::new(),
            settle_due: false,
        }
    }

    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// Where h/j/k/l lead on the layout as it is.
    pub(crate) fn moves(&self) -> &Moves {
        self.moves.get_or_init(|| Moves::of(&self.layout))
    }

    /// The layout, to change: the moves worked out for it go.
    fn layout_mut(&mut self) -> &mut Layout {
        self.moves.take();
        &mut self.layout
    }

    pub fn scale(&self) -> Scale {
        self.scale
    }

    /// The width ranks wrap to (see `set_width`).
    pub fn width(&self) -> Option<i32> {
        self.width
    }

    /// Follows an edit of `design`, moving only what it touched; the rest
    /// of the settling waits for `settle`.
    pub fn relayout(&mut self, design: &Design) {
        let scale = self.scale;
        self.settle_due = patch(self.layout_mut(), design, scale);
    }

    /// Takes `layout`, patched ahead for the design as it now is (a move
    /// tried on a copy), instead of laying the design out again.
    pub(crate) fn adopt(&mut self, layout: Layout) {
        *self.layout_mut() = layout;
        self.settle_due = true;
    }

    /// Whether the board may still settle after the last edit.
    pub fn settle_due(&self) -> bool {
        self.settle_due
    }

    /// Settles the board after an edit (see `archcrit_core::layout::settle`):
    /// where a fresh layout of the file differs from the patch by no more
    /// than lanes, the board becomes the fresh one, so what the file
    /// reopens to is what was on screen.
    pub fn settle(&mut self, design: &Design) {
        if std::mem::take(&mut self.settle_due) {
            settle(self.layout_mut(), design);
        }
    }

    /// Lays the whole of `design` out afresh.
    pub fn lay_out(&mut self, design: &Design) {
        *self.layout_mut() = layout_within(design, self.scale, self.width);
        self.settle_due = false;
    }

    /// The canvas is `width` cells wide now: the layout wraps its ranks to
    /// it (laid out afresh only where that changes the picture).
    pub fn set_width(&mut self, design: &Design, width: i32) {
        let width = Some(width).filter(|w| *w > 0);
        if width != self.width {
            self.width = width;
            rewrap(self.layout_mut(), design, width);
        }
    }

    /// Shows `design` at `scale`, laid out afresh when the scale changes.
    pub fn set_scale(&mut self, design: &Design, scale: Scale) {
        if scale != self.scale {
            self.scale = scale;
            self.lay_out(design);
        }
    }

    /// The box being dragged, if any.
    pub fn drag(&self) -> Option<&Drag> {
        self.drag.as_ref()
    }

    /// Starts dragging `id`, shown at `rect`, held at canvas cell `at`.
    pub fn start_drag(&mut self, id: ComponentId, rect: Rect, at: (i32, i32)) {
        let from = (rect.x, rect.y);
        self.drag = Some(Drag { id, from, grab: (at.0 - rect.x, at.1 - rect.y), at: from, moved: false });
    }

    /// The pointer is at canvas cell `at`: the dragged box's preview follows.
    pub fn drag_to(&mut self, at: (i32, i32)) {
        let Some(drag) = &mut self.drag else { return };
        drag.at = ((at.0 - drag.grab.0).max(0), (at.1 - drag.grab.1).max(0));
        drag.moved = true;
        let (id, to) = (drag.id.clone(), drag.at);
        if let Some(b) = self.layout_mut().boxes.iter_mut().find(|b| b.id == id) {
            (b.rect.x, b.rect.y) = to;
        }
    }

    /// Ends the drag: the preview goes back so the layout sees a real
    /// move; returns the drag when the box moved.
    pub fn end_drag(&mut self) -> Option<Drag> {
        let drag = self.drag.take().filter(|d| d.moved)?;
        if let Some(b) = self.layout_mut().boxes.iter_mut().find(|b| b.id == drag.id) {
            (b.rect.x, b.rect.y) = drag.from;
        }
        Some(drag)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use archcrit_core::layout::layout;
    use archcrit_core::model::{Component, Edit, Kind};

    fn design() -> Design {
        let mut d = Design::new("t");
        for id in ["web", "api"] {
            let component = Component::new(ComponentId::new(id).unwrap(), Kind::Service);
            d.apply(Edit::AddComponent { component, index: None }).unwrap();
        }
        d
    }

    #[test]
    fn the_layout_follows_the_scale() {
        let d = design();
        let mut view = Viewport::new(&d, Scale::Normal);
        view.set_scale(&d, Scale::Compact);
        assert_eq!((view.scale(), view.layout()), (Scale::Compact, &layout(&d, Scale::Compact)));
    }

    #[test]
    fn a_drag_previews_in_place_and_puts_the_box_back_when_it_ends() {
        let d = design();
        let mut view = Viewport::new(&d, Scale::Normal);
        let rect = view.layout().rect("api").unwrap();
        view.start_drag(ComponentId::new("api").unwrap(), rect, (rect.x + 1, rect.y + 1));
        view.drag_to((rect.x + 11, rect.y + 6));
        assert_eq!(view.layout().rect("api").map(|r| (r.x, r.y)), Some((rect.x + 10, rect.y + 5)));
        let drag = view.end_drag().expect("it moved");
        assert_eq!((drag.from, drag.at), ((rect.x, rect.y), (rect.x + 10, rect.y + 5)));
        assert_eq!(view.layout(), &layout(&d, Scale::Normal), "the preview is undone");
        assert!(view.drag().is_none());
    }
}
