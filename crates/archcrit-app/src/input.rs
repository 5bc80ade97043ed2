//! A one-line text field (command line, prompts): the text and a cursor
//! counted in characters. Plain data, so `update` owns it and tests can
//! type into it; the TUI draws it with ratatui-textarea. A pre-filled
//! field starts with its text selected, as a text box does: typing
//! replaces it, backspace clears it, an arrow keeps it and moves the cursor.

#[derive(Debug, Clone, Default, PartialEq)]
pub struct LineInput {
    text: String,
    /// Cursor position in chars.
    cursor: usize,
    /// The whole text is selected (a pre-filled value not yet touched).
    selected: bool,
}

impl LineInput {
    pub fn with_text(text: impl Into<String>) -> Self {
        let text = text.into();
        let cursor = text.chars().count();
        LineInput { text, cursor, selected: false }
    }

    /// A field pre-filled with `text`, selected: the first letter typed
    /// replaces it, an arrow or `home`/`end` keeps it for editing.
    pub fn prefilled(text: impl Into<String>) -> Self {
        let mut input = LineInput::with_text(text);
        input.selected = !input.text.is_empty();
        input
    }

    /// Whether the whole text is selected (typing replaces it).
    pub fn selected(&self) -> bool {
        self.selected
    }

    /// Drops a selected text (before typing or deleting over it).
    fn take_selection(&mut self) -> bool {
        let had = std::mem::take(&mut self.selected);
        if had {
            self.text.clear();
            self.cursor = 0;
        }
        had
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn set(&mut self, text: impl Into<String>) {
        *self = LineInput::with_text(text);
    }

    fn byte(&self, char_index: usize) -> usize {
        self.text.char_indices().nth(char_index).map_or(self.text.len(), |(i, _)| i)
    }

    pub fn insert(&mut self, c: char) {
        self.take_selection();
        let at = self.byte(self.cursor);
        self.text.insert(at, c);
        self.cursor += 1;
    }

    pub fn backspace(&mut self) {
        if self.take_selection() {
            return;
        }
        if self.cursor > 0 {
            self.cursor -= 1;
            let at = self.byte(self.cursor);
            self.text.remove(at);
        }
    }

    pub fn delete(&mut self) {
        if self.take_selection() {
            return;
        }
        if self.cursor < self.text.chars().count() {
            let at = self.byte(self.cursor);
            self.text.remove(at);
        }
    }

    /// Deletes the word before the cursor (ctrl-w).
    pub fn delete_word(&mut self) {
        if self.take_selection() {
            return;
        }
        let chars: Vec<char> = self.text.chars().collect();
        let mut start = self.cursor;
        while start > 0 && chars[start - 1] == ' ' {
            start -= 1;
        }
        while start > 0 && chars[start - 1] != ' ' {
            start -= 1;
        }
        let (a, b) = (self.byte(start), self.byte(self.cursor));
        self.text.replace_range(a..b, "");
        self.cursor = start;
    }

    pub fn left(&mut self) {
        // Leaving a selection puts the cursor at its start, as a text box does.
        if std::mem::take(&mut self.selected) {
            self.cursor = 0;
            return;
        }
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub fn right(&mut self) {
        if std::mem::take(&mut self.selected) {
            return;
        }
        self.cursor = (self.cursor + 1).min(self.text.chars().count());
    }

    pub fn home(&mut self) {
        self.selected = false;
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.selected = false;
        self.cursor = self.text.chars().count();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editing_keeps_the_cursor_on_char_boundaries() {
        let mut input = LineInput::with_text("añb");
        input.left();
        input.backspace();
        assert_eq!(input.text(), "ab");
        input.insert('é');
        assert_eq!((input.text(), input.cursor()), ("aéb", 2));
        input.end();
        input.insert(' ');
        input.insert('x');
        input.delete_word();
        assert_eq!(input.text(), "aéb ");
    }

    #[test]
    fn a_prefilled_value_is_replaced_by_typing_and_kept_by_arrows() {
        let mut input = LineInput::prefilled("3");
        assert!(input.selected());
        input.insert('3');
        assert_eq!((input.text(), input.selected()), ("3", false));
        input.insert('0');
        assert_eq!(input.text(), "30");

        let mut input = LineInput::prefilled("web");
        input.right();
        input.insert('2');
        assert_eq!(input.text(), "web2");
        let mut input = LineInput::prefilled("web");
        input.left();
        input.insert('x');
        assert_eq!(input.text(), "xweb");
        let mut input = LineInput::prefilled("web");
        input.backspace();
        assert_eq!((input.text(), input.cursor()), ("", 0));
        assert!(!LineInput::prefilled("").selected());
    }
}
