//! The `:` line's history: lines run before, and where up/down has got to.

/// Lines typed on the `:` line, oldest first, without repeats in a row.
#[derive(Debug, Default)]
pub struct CommandHistory {
    lines: Vec<String>,
    /// The line up/down shows; `lines.len()` is the empty new line.
    pos: usize,
}

impl CommandHistory {
    /// A new `:` line starts after the newest entry.
    pub(crate) fn start(&mut self) {
        self.pos = self.lines.len();
    }

    pub(crate) fn remember(&mut self, line: &str) {
        if self.lines.last().map(String::as_str) != Some(line) {
            self.lines.push(line.to_string());
        }
    }

    /// One step back (`up`) or forward; the text to show there.
    pub(crate) fn step(&mut self, up: bool) -> String {
        self.pos = if up { self.pos.saturating_sub(1) } else { (self.pos + 1).min(self.lines.len()) };
        self.lines.get(self.pos).cloned().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn up_walks_back_and_down_returns_to_an_empty_line() {
        let mut h = CommandHistory::default();
        for line in ["add service a", "add service a", "layout"] {
            h.remember(line);
        }
        h.start();
        assert_eq!(h.step(true), "layout");
        assert_eq!(h.step(true), "add service a", "a repeat in a row is kept once");
        assert_eq!(h.step(true), "add service a");
        assert_eq!(h.step(false), "layout");
        assert_eq!(h.step(false), "");
        assert_eq!(h.step(false), "");
    }
}
