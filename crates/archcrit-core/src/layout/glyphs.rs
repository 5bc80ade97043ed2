//! Line glyphs: a cell's link directions as a bit set, merged so crossings
//! and joins become `┼`, `├`, `┬`..., box corners and severity marks, in
//! Unicode or plain ASCII. Shared by the workshop's canvas and the text
//! export, so both draw the same picture.

use crate::critic::Severity;

pub const UP: u8 = 1;
pub const RIGHT: u8 = 2;
pub const DOWN: u8 = 4;
pub const LEFT: u8 = 8;

/// The glyph for a set of directions. `dashed` draws async links.
pub fn line(mask: u8, dashed: bool, ascii: bool) -> &'static str {
    if ascii {
        return match mask {
            0 => " ",
            m if m == LEFT | RIGHT || m == LEFT || m == RIGHT => {
                if dashed {
                    "."
                } else {
                    "-"
                }
            }
            m if m == UP | DOWN || m == UP || m == DOWN => {
                if dashed {
                    ":"
                } else {
                    "|"
                }
            }
            _ => "+",
        };
    }
    match mask {
        0 => " ",
        m if m == LEFT | RIGHT || m == LEFT || m == RIGHT => {
            if dashed {
                "╌"
            } else {
                "─"
            }
        }
        m if m == UP | DOWN || m == UP || m == DOWN => {
            if dashed {
                "╎"
            } else {
                "│"
            }
        }
        m if m == RIGHT | DOWN => "╭",
        m if m == LEFT | DOWN => "╮",
        m if m == UP | RIGHT => "╰",
        m if m == UP | LEFT => "╯",
        m if m == UP | DOWN | RIGHT => "├",
        m if m == UP | DOWN | LEFT => "┤",
        m if m == LEFT | RIGHT | DOWN => "┬",
        m if m == LEFT | RIGHT | UP => "┴",
        _ => "┼",
    }
}

/// The arrow head for a link arriving while moving in (dx, dy).
pub fn arrow(dx: i32, dy: i32, ascii: bool) -> &'static str {
    match (dx.signum(), dy.signum(), ascii) {
        (1, _, false) => "▶",
        (-1, _, false) => "◀",
        (_, 1, false) => "▼",
        (_, _, false) => "▲",
        (1, _, true) => ">",
        (-1, _, true) => "<",
        (_, 1, true) => "v",
        (_, _, true) => "^",
    }
}

/// Box corners and edges: top-left, top-right, bottom-left, bottom-right,
/// horizontal, vertical.
pub struct BoxGlyphs {
    pub tl: &'static str,
    pub tr: &'static str,
    pub bl: &'static str,
    pub br: &'static str,
    pub h: &'static str,
    pub v: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoxStyle {
    Plain,
    /// Data stores: rounded corners.
    Round,
    Selected,
    Highlighted,
}

pub fn boxes(style: BoxStyle, ascii: bool) -> BoxGlyphs {
    let g = |tl, tr, bl, br, h, v| BoxGlyphs { tl, tr, bl, br, h, v };
    if ascii {
        return match style {
            BoxStyle::Plain => g("+", "+", "+", "+", "-", "|"),
            BoxStyle::Round => g("(", ")", "(", ")", "-", "|"),
            BoxStyle::Selected => g("#", "#", "#", "#", "=", "#"),
            BoxStyle::Highlighted => g("*", "*", "*", "*", "*", "*"),
        };
    }
    match style {
        BoxStyle::Plain => g("┌", "┐", "└", "┘", "─", "│"),
        BoxStyle::Round => g("╭", "╮", "╰", "╯", "─", "│"),
        BoxStyle::Selected => g("┏", "┓", "┗", "┛", "━", "┃"),
        BoxStyle::Highlighted => g("╔", "╗", "╚", "╝", "═", "║"),
    }
}

/// A finding badge readable without colour.
pub fn mark(s: Severity, ascii: bool) -> &'static str {
    match (s, ascii) {
        (Severity::Error, false) => "✖",
        (Severity::Warning, false) => "▲",
        (Severity::Info, false) => "●",
        (Severity::Error, true) => "E",
        (Severity::Warning, true) => "W",
        (Severity::Info, true) => "i",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crossings_and_joins_merge() {
        assert_eq!(line(UP | DOWN | LEFT | RIGHT, false, false), "┼");
        assert_eq!(line(UP | DOWN | RIGHT, false, false), "├");
        assert_eq!(line(LEFT | RIGHT | DOWN, false, false), "┬");
        assert_eq!(line(LEFT | RIGHT, true, false), "╌");
        assert_eq!(line(UP | DOWN | LEFT | RIGHT, false, true), "+");
    }
}
