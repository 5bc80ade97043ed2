//! The whiteboard in the frame's buffer: the domain draws the visible
//! window as a picture of cells (`domain::layout::picture`, shared with
//! the text export); this turns each cell's ink into the theme's style.

use std::collections::HashMap;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect as Area;
use ratatui::style::Style;

use crate::tui::theme::Theme;
use archcrit_app::State;
use archcrit_core::critic::{Finding, Report, Severity};
use archcrit_core::layout::picture::{self, Emphasis, Ink, Tone};
use archcrit_core::layout::{Rect, relayout};
use archcrit_core::model::{ComponentId, Flow, Link, LinkKey};

pub use archcrit_core::layout::picture::fit;

/// What the workshop makes stand out: the selected finding, the
/// selection, the link being inspected, the connect target and the path of
/// the flow selected in the flows list.
struct Workshop<'a> {
    state: &'a State,
    finding: Option<&'a Finding>,
    /// Each component's worst finding, gathered once a frame.
    worst: HashMap<&'a str, Severity>,
    connect_target: Option<&'a ComponentId>,
    /// The flow selected in the flows list: its path lights up.
    flow: Option<&'a Flow>,
}

impl Workshop<'_> {
    /// How a `:diff` marks it, when a diff is on show.
    fn marks(&self) -> Option<&archcrit_app::diff::Marks> {
        self.state.diff.as_ref().map(|d| &d.marks)
    }
}

impl Emphasis for Workshop<'_> {
    fn box_tone(&self, id: &ComponentId) -> Tone {
        let on_flow = self.flow.is_some_and(|f| f.from == *id || f.via.contains(id));
        let touched = self.state.canvas.touched.as_ref();
        if on_flow || self.finding.is_some_and(|f| f.components.contains(id)) || self.connect_target == Some(id) {
            Tone::Highlighted
        } else if touched.is_some_and(|t| t.added.contains(id)) {
            // What the last pattern, undo, redo or proposal touched.
            Tone::Added
        } else if touched.is_some_and(|t| t.changed.contains(id)) {
            Tone::Changed
        } else if self.state.selected() == Some(id) {
            Tone::Selected
        } else {
            self.marks().and_then(|m| m.components.get(id)).copied().unwrap_or(Tone::Plain)
        }
    }

    fn link_tone(&self, key: &LinkKey, link: &Link) -> Tone {
        let in_flow = |f: &Flow, id: &ComponentId| f.from == *id || f.via.contains(id);
        let on_flow = self.flow.is_some_and(|f| in_flow(f, &link.from) && in_flow(f, &link.to));
        let mark = self.marks().and_then(|m| m.links.get(key)).copied();
        if on_flow || self.finding.is_some_and(|f| f.concerns(key)) || self.state.selected_link() == Some(key) {
            Tone::Highlighted
        } else if self.state.canvas.touched.as_ref().is_some_and(|t| t.links.contains(key)) {
            Tone::Added
        } else if let Some(mark) = mark {
            mark
        } else if self.state.selected().is_some_and(|s| *s == link.from || *s == link.to) {
            Tone::Selected
        } else {
            Tone::Plain
        }
    }

    fn worst(&self, id: &ComponentId) -> Option<Severity> {
        self.worst.get(id.as_str()).copied()
    }
}

pub fn draw(buf: &mut Buffer, area: Area, state: &State, theme: &Theme) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let connect_target = match &state.overlay {
        archcrit_app::Overlay::Connect { target, .. } => target.as_ref(),
        _ => None,
    };
    let emphasis = Workshop {
        state,
        finding: state.selected_finding(),
        worst: state.latest_report().map(Report::worst_by_component).unwrap_or_default(),
        connect_target,
        flow: state.lit_flow().map(|(_, f)| f),
    };
    let window = Rect {
        x: state.canvas.scroll.0,
        y: state.canvas.scroll.1,
        w: i32::from(area.width),
        h: i32::from(area.height),
    };
    // A diff's ghosts: the design with what the base lost put back, laid
    // out around the boxes where they are.
    let ghosts = state.diff.as_ref().and_then(|d| d.ghosts.as_ref()).map(|g| {
        let mut layout = state.canvas.layout().clone();
        relayout(&mut layout, g, state.canvas.scale());
        (g, layout)
    });
    let (design, layout) = match &ghosts {
        Some((g, layout)) => (*g, layout),
        None => (state.doc.design(), state.canvas.layout()),
    };
    if design.component_count() == 0 {
        empty_hint(buf, area, theme);
        return;
    }
    let picture = picture::draw(design, layout, window, theme.ascii, &emphasis);
    for (i, cell) in picture.cells.iter().enumerate() {
        let Some(cell) = cell else { continue };
        let (lx, ly) = (i as i32 % window.w, i as i32 / window.w);
        if let Some(target) = buf.cell_mut((area.x + lx as u16, area.y + ly as u16)) {
            target.set_symbol(&cell.symbol).set_style(style_of(cell.ink, theme));
        }
    }
    if state.canvas.scale() == archcrit_core::layout::Scale::Normal {
        super::badges::draw(buf, area, window, state, theme);
    }
    // Last, so a cut box or line never hides that the board goes on.
    super::edges::draw(buf, area, layout, window, theme);
}

/// A blank board says how to start.
fn empty_hint(buf: &mut Buffer, area: Area, theme: &Theme) {
    let rows = ["The board is empty.", "press a to add a component", ": for commands, ? for every key"];
    let top = area.y + area.height.saturating_sub(rows.len() as u16) / 2;
    for (i, text) in rows.iter().enumerate() {
        let w = (text.len() as u16).min(area.width);
        let x = area.x + (area.width - w) / 2;
        let style = if i == 1 { theme.title() } else { theme.dim() };
        buf.set_stringn(x, top + i as u16, text, usize::from(w), style);
    }
}

fn style_of(ink: Ink, theme: &Theme) -> Style {
    let tone = |t: Tone, plain: Style| match t {
        Tone::Highlighted => theme.highlight(),
        Tone::Selected => theme.selected(),
        Tone::Plain => plain,
        diff => theme.diff(diff),
    };
    match ink {
        Ink::Blank => Style::new(),
        Ink::Zone => theme.zone(),
        Ink::Link(t) => tone(t, theme.link()),
        Ink::Across(t) => tone(t, theme.dim()),
        Ink::Label(t) => tone(t, theme.dim()),
        Ink::Border(t, kind) => tone(t, theme.kind(kind)),
        Ink::Title => theme.title(),
        Ink::Dim => theme.dim(),
        Ink::Badge(s) => theme.severity(s),
    }
}
