//! Where each part of the screen goes, as plain rectangles. The TUI draws
//! into these and `update` uses them for mouse hits and keeping the
//! selection in view, so both agree without sharing terminal types.

/// A rectangle of screen cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Area {
    pub x: u16,
    pub y: u16,
    pub w: u16,
    pub h: u16,
}

impl Area {
    pub fn contains(&self, x: u16, y: u16) -> bool {
        x >= self.x && x < self.x + self.w && y >= self.y && y < self.y + self.h
    }
}

/// The smallest terminal the workshop draws in; below it a message says so.
pub const MIN_SIZE: (u16, u16) = (40, 10);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Panes {
    pub canvas: Area,
    pub findings: Option<Area>,
    pub inspector: Option<Area>,
    pub chat: Option<Area>,
    pub status: Area,
    /// The bottom line: hints, messages, the command line and prompts.
    pub line: Area,
    pub too_small: bool,
}

/// Which panels share the screen with the canvas (`v` cycles them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Arrangement {
    /// The canvas alone; a panel shows only while it has the keys.
    Canvas,
    /// The canvas and the findings (below it on screens under 100 columns).
    Findings,
    /// The canvas, the findings, the inspector and the persona's panel.
    #[default]
    All,
}

impl Arrangement {
    /// What a `w` x `h` screen starts with: every panel from 100 columns,
    /// the findings below the canvas from 80, the canvas alone below that.
    pub fn for_size(w: u16, _h: u16) -> Arrangement {
        match w {
            100.. => Arrangement::All,
            80.. => Arrangement::Findings,
            _ => Arrangement::Canvas,
        }
    }

    /// The next arrangement `v` gives.
    pub fn next(self) -> Arrangement {
        match self {
            Arrangement::Canvas => Arrangement::Findings,
            Arrangement::Findings => Arrangement::All,
            Arrangement::All => Arrangement::Canvas,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Arrangement::Canvas => "canvas only",
            Arrangement::Findings => "canvas and findings",
            Arrangement::All => "all panels",
        }
    }
}

/// A panel that can fill the screen (`o`). The findings panel is also
/// where the flows list and the diff show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    Findings,
    Inspector,
    Chat,
}

/// What the screen is asked to show, beyond its size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Show {
    pub arrangement: Arrangement,
    /// The panel with the keys (not the canvas): it always shows.
    pub focused: Option<Panel>,
    /// The panel filling the screen in the canvas's place.
    pub maximised: Option<Panel>,
    /// The persona's panel has words to show.
    pub chat: bool,
    /// The persona's panel must show (an interview, a proposal waiting).
    pub chat_needed: bool,
}

/// What the rest of the workshop says about the panels when they are
/// placed: who has the keys and whether the persona has words to show.
#[derive(Debug, Clone, Copy, Default)]
pub struct Wants {
    /// The panel with the keys (not the canvas).
    pub focused: Option<Panel>,
    /// The persona's panel has words to show.
    pub chat: bool,
    /// The persona's panel must show (an interview, a proposal waiting).
    pub chat_needed: bool,
    /// The persona's panel takes more room (an interview under way).
    pub wide_chat: bool,
}

/// The person's choices of panels, kept across resizes: an arrangement
/// chosen with `v` (until then the screen size picks one) and a maximised
/// panel (`o`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PanelChoice {
    pub arrangement: Option<Arrangement>,
    pub maximised: Option<Panel>,
    /// The zoom was chosen (`z`, `0`): the screen size no longer picks it.
    pub zoom_chosen: bool,
}

impl PanelChoice {
    /// The arrangement in effect on a `w` x `h` screen.
    pub fn arrangement(&self, w: u16, h: u16) -> Arrangement {
        self.arrangement.unwrap_or(Arrangement::for_size(w, h))
    }
}

impl Panes {
    /// Places the panels `show` asks for on a `w` x `h` screen. A
    /// maximised panel takes the whole area above the status bar; the side
    /// column holds the findings, the inspector and the persona's panel,
    /// or (the findings alone on a screen under 100 columns) the findings
    /// go in a strip below the canvas.
    pub fn arrange(w: u16, h: u16, show: Show) -> Panes {
        if w < MIN_SIZE.0 || h < MIN_SIZE.1 {
            return Panes { too_small: true, ..Panes::default() };
        }
        let main = Area { x: 0, y: 0, w, h: h - 2 };
        let mut panes = Panes {
            canvas: main,
            status: Area { x: 0, y: h - 2, w, h: 1 },
            line: Area { x: 0, y: h - 1, w, h: 1 },
            ..Panes::default()
        };
        let all = show.arrangement == Arrangement::All;
        let findings = show.arrangement != Arrangement::Canvas || show.focused == Some(Panel::Findings);
        let inspector = all || show.focused == Some(Panel::Inspector);
        let chat = show.chat && (all || show.chat_needed);
        // Narrow screens, or a panel asked to fill the screen: one panel.
        let alone = show.maximised.or(if w < 80 { show.focused } else { None });
        if let Some(panel) = alone {
            panes.canvas = Area::default();
            match panel {
                Panel::Findings => panes.findings = Some(main),
                Panel::Inspector => panes.inspector = Some(main),
                Panel::Chat => panes.chat = Some(main),
            }
            return panes;
        }
        if w < 80 || !(findings || inspector || chat) {
            return panes;
        }
        if !all && !inspector && !chat && w < 100 {
            let strip = (main.h / 3).clamp(6.min(main.h), 12);
            panes.canvas.h = main.h - strip;
            panes.findings = Some(Area { y: main.h - strip, h: strip, ..main });
            return panes;
        }
        let side_w = (w / 3).clamp(34, 56);
        panes.canvas.w = w - side_w;
        let side = Area { x: w - side_w, w: side_w, ..main };
        let chat_h = if chat { side.h / 3 } else { 0 };
        let rest = side.h - chat_h;
        let findings_h = match (findings, inspector) {
            (true, true) => (rest * 11 / 20).max(3),
            (true, false) => rest,
            _ => 0,
        };
        if findings {
            panes.findings = Some(Area { h: findings_h, ..side });
        }
        if inspector {
            panes.inspector = Some(Area { y: side.y + findings_h, h: rest - findings_h, ..side });
        }
        if chat {
            panes.chat = Some(Area { y: side.y + rest, h: chat_h, ..side });
        }
        panes
    }

    /// Splits a `w` x `h` screen with every panel. The side panel goes
    /// away on narrow screens unless it has the focus, when it takes the
    /// canvas's place.
    pub fn split(w: u16, h: u16, side_focused: bool, chat: bool) -> Panes {
        if w < MIN_SIZE.0 || h < MIN_SIZE.1 {
            return Panes { too_small: true, ..Panes::default() };
        }
        let main_h = h - 2;
        let status = Area { x: 0, y: h - 2, w, h: 1 };
        let line = Area { x: 0, y: h - 1, w, h: 1 };
        let (canvas, side) = if w >= 80 {
            let side_w = (w / 3).clamp(34, 56);
            (Area { x: 0, y: 0, w: w - side_w, h: main_h }, Some(Area { x: w - side_w, y: 0, w: side_w, h: main_h }))
        } else if side_focused {
            (Area::default(), Some(Area { x: 0, y: 0, w, h: main_h }))
        } else {
            (Area { x: 0, y: 0, w, h: main_h }, None)
        };
        let (mut findings, mut inspector, mut chat_area) = (None, None, None);
        if let Some(side) = side {
            let chat_h = if chat { side.h / 3 } else { 0 };
            let rest = side.h - chat_h;
            let findings_h = (rest * 11 / 20).max(3);
            findings = Some(Area { h: findings_h, ..side });
            inspector = Some(Area { y: side.y + findings_h, h: rest - findings_h, ..side });
            if chat {
                chat_area = Some(Area { y: side.y + rest, h: chat_h, ..side });
            }
        }
        Panes { canvas, findings, inspector, chat: chat_area, status, line, too_small: false }
    }

    /// Gives the persona's panel half the side column while it asks: the
    /// question, its reason and the answer box need the room more than the
    /// inspector does.
    pub fn widen_chat(&mut self) {
        if let (Some(inspector), Some(chat)) = (&mut self.inspector, &mut self.chat) {
            let bottom = chat.y + chat.h;
            let want = ((bottom - inspector.y) * 3 / 5).max(chat.h);
            let take = want - chat.h;
            if inspector.h > take + 3 {
                inspector.h -= take;
                chat.y -= take;
                chat.h += take;
            }
        }
    }
}

/// Where the message history pops up on a `w` x `h` screen.
pub fn messages_popup(w: u16, h: u16) -> Area {
    // From the second row down to just above the status bar, which stays.
    let (pw, ph) = (w.saturating_sub(4).min(120), h.saturating_sub(3));
    Area { x: (w - pw) / 2, y: 1.min(h), w: pw, h: ph }
}

/// How many rows the message history scrolls back at most: its wrapped
/// rows (each message indented by two cells) less the rows that show.
pub fn messages_max_back(log: &[(super::Level, String)], w: u16, h: u16) -> usize {
    let inner = messages_popup(w, h).inner();
    let width = usize::from(inner.w.saturating_sub(2)).max(1);
    let total: usize = log.iter().map(|(_, t)| super::wrap::row_count(&[((), t.as_str())], width)).sum();
    total.saturating_sub(usize::from(inner.h))
}

/// Lines under the findings list for the selected finding's full text.
pub const FINDING_DETAIL: u16 = 5;

/// The first row of a scrolled list that keeps `selected` visible.
pub fn list_offset(selected: usize, height: u16) -> usize {
    let h = usize::from(height.max(1));
    if selected < h { 0 } else { selected + 1 - h }
}

impl Area {
    /// The area inside a one-cell border.
    pub fn inner(&self) -> Area {
        Area { x: self.x + 1, y: self.y + 1, w: self.w.saturating_sub(2), h: self.h.saturating_sub(2) }
    }
}

/// Rows of the findings list inside the findings pane.
/// The selected finding's text gets at most half of a short panel, so the
/// list keeps more than one row.
pub fn findings_list(area: Area) -> Area {
    let inner = area.inner();
    let detail = FINDING_DETAIL.min(inner.h / 2);
    Area { h: inner.h.saturating_sub(detail).max(1), ..inner }
}

/// The findings panel's list: with no finding selected the detail below
/// is a two-row hint, so the list takes the rest rather than leave rows
/// empty while findings stay hidden.
pub fn findings_list_with(area: Area, selected: bool) -> Area {
    if selected {
        return findings_list(area);
    }
    let inner = area.inner();
    let detail = hint_rows(inner.w).min(inner.h / 2);
    Area { h: inner.h.saturating_sub(detail).max(1), ..inner }
}

/// The hint under a findings list with nothing selected.
pub const FINDINGS_HINT: &str = "n / N step through findings, f focuses this list";

/// The rows the hint takes at `width`: one in a wide strip, two where it
/// wraps (a side panel), so no row under the list stays blank while
/// findings are hidden.
fn hint_rows(width: u16) -> u16 {
    if usize::from(width) >= FINDINGS_HINT.len() { 1 } else { 2 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panes_tile_the_screen() {
        let p = Panes::split(120, 40, false, true);
        let side = p.findings.unwrap();
        assert_eq!(p.canvas.w + side.w, 120);
        assert_eq!(side.h + p.inspector.unwrap().h + p.chat.unwrap().h, 38);
        assert_eq!((p.status.y, p.line.y), (38, 39));
        assert!(Panes::split(20, 5, false, false).too_small);
        assert!(Panes::split(60, 20, false, false).findings.is_none());
        assert!(Panes::split(60, 20, true, false).findings.is_some());
    }

    #[test]
    fn arrangements_place_what_they_show() {
        let show =
            |arrangement, focused, maximised| Show { arrangement, focused, maximised, chat: true, chat_needed: false };
        // 80 columns, the findings alone: a strip under the canvas.
        let p = Panes::arrange(80, 24, show(Arrangement::Findings, None, None));
        let strip = p.findings.unwrap();
        assert_eq!((strip.x, strip.w, strip.y + strip.h), (0, 80, 22));
        assert_eq!((p.canvas.w, p.canvas.h + strip.h), (80, 22));
        assert!(p.inspector.is_none() && p.chat.is_none());
        assert!(findings_list(strip).h >= 2, "more than one row of findings");
        // With nothing selected, the one-row hint leaves the list the rest.
        assert_eq!(findings_list_with(strip, false).h, strip.h - 2 - 1);
        // Canvas only, until a panel has the keys.
        let p = Panes::arrange(120, 40, show(Arrangement::Canvas, None, None));
        assert_eq!((p.canvas.w, p.canvas.h), (120, 38));
        assert!(p.findings.is_none() && p.inspector.is_none() && p.chat.is_none());
        let p = Panes::arrange(120, 40, show(Arrangement::Canvas, Some(Panel::Inspector), None));
        assert_eq!(p.inspector.map(|a| a.h), Some(38));
        // Maximised: the one panel, no canvas.
        let p = Panes::arrange(120, 40, show(Arrangement::All, Some(Panel::Findings), Some(Panel::Findings)));
        assert_eq!(p.findings, Some(Area { x: 0, y: 0, w: 120, h: 38 }));
        assert_eq!(p.canvas.w, 0);
        // The default for each size.
        assert_eq!(Arrangement::for_size(79, 24), Arrangement::Canvas);
        assert_eq!(Arrangement::for_size(80, 24), Arrangement::Findings);
        assert_eq!(Arrangement::for_size(100, 24), Arrangement::All);
    }
}
