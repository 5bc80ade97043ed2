//! Colours and glyph sets. With NO_COLOR everything is told apart by marks
//! and text attributes alone; with `--ascii` only 7-bit characters are drawn.

use ratatui::style::{Color, Modifier, Style};

use archcrit_core::critic::Severity;
use archcrit_core::model::Kind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    pub ascii: bool,
}

impl Theme {
    /// Colour unless NO_COLOR is set to anything non-empty.
    pub fn from_env(ascii: bool) -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme { color: !no_color, ascii }
    }

    fn fg(&self, c: Color) -> Style {
        if self.color { Style::new().fg(c) } else { Style::new() }
    }

    pub fn severity(&self, s: Severity) -> Style {
        match s {
            Severity::Error => self.fg(Color::LightRed).add_modifier(Modifier::BOLD),
            Severity::Warning => self.fg(Color::Yellow),
            Severity::Info => self.fg(Color::Cyan),
        }
    }

    /// A mark readable without colour.
    pub fn mark(&self, s: Severity) -> &'static str {
        archcrit_core::layout::glyphs::mark(s, self.ascii)
    }

    pub fn kind(&self, k: Kind) -> Style {
        let c = match k {
            Kind::Client | Kind::External => Color::LightBlue,
            Kind::Cdn | Kind::LoadBalancer | Kind::Gateway | Kind::Identity => Color::LightMagenta,
            Kind::Service | Kind::Worker | Kind::Function => Color::LightGreen,
            Kind::Database | Kind::Storage | Kind::Search => Color::LightYellow,
            Kind::Cache => Color::LightCyan,
            Kind::Queue | Kind::Stream => Color::Rgb(255, 170, 90),
            Kind::Monitoring => Color::Gray,
        };
        self.fg(c)
    }

    pub fn link(&self) -> Style {
        self.fg(Color::Gray)
    }

    pub fn dim(&self) -> Style {
        if self.color { Style::new().fg(Color::DarkGray) } else { Style::new().add_modifier(Modifier::DIM) }
    }

    pub fn zone(&self) -> Style {
        self.fg(Color::DarkGray)
    }

    pub fn selected(&self) -> Style {
        self.fg(Color::White).add_modifier(Modifier::BOLD)
    }

    /// Components and links of the selected finding.
    pub fn highlight(&self) -> Style {
        if self.color {
            Style::new().fg(Color::LightRed).add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        }
    }

    /// A `:diff` mark: added green, changed yellow, removed (a ghost) dim
    /// red and struck through; without colour, bold, italic and struck.
    pub fn diff(&self, tone: archcrit_core::layout::picture::Tone) -> Style {
        use archcrit_core::layout::picture::Tone;
        match tone {
            Tone::Added => self.fg(Color::LightGreen).add_modifier(Modifier::BOLD),
            Tone::Changed => self.fg(Color::Yellow).add_modifier(Modifier::ITALIC),
            Tone::Removed => self.fg(Color::Red).add_modifier(Modifier::DIM | Modifier::CROSSED_OUT),
            _ => Style::new(),
        }
    }

    pub fn focus_row(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn border(&self, focused: bool) -> Style {
        if focused { self.fg(Color::LightCyan).add_modifier(Modifier::BOLD) } else { self.fg(Color::DarkGray) }
    }

    pub fn status(&self) -> Style {
        if self.color {
            Style::new().bg(Color::Rgb(40, 44, 52)).fg(Color::White)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    pub fn error(&self) -> Style {
        self.fg(Color::LightRed).add_modifier(Modifier::BOLD)
    }

    pub fn success(&self) -> Style {
        self.fg(Color::LightGreen)
    }

    pub fn persona(&self, rgb: Option<(u8, u8, u8)>) -> Style {
        match rgb {
            Some((r, g, b)) => self.fg(Color::Rgb(r, g, b)),
            None => self.fg(Color::LightMagenta),
        }
    }
}
