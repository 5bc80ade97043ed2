//! Word wrapping into rows of terminal cells. `update` and the views both
//! use it, so the rows a panel scrolls through are exactly the rows drawn.
//! Text comes as pieces tagged with a tone (how the view will style them).

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// One drawn row: pieces of text with their tone, at most `width` cells.
pub type Row<T> = Vec<(T, String)>;

/// Wraps one logical line at word boundaries into rows of at most `width`
/// cells. Spaces where a row breaks are dropped; a word wider than a row
/// is cut. An empty line is one empty row. A list item ("  - text",
/// "2. text") keeps its text lined up after the marker on every row.
pub fn wrap<T: Copy + PartialEq>(pieces: &[(T, &str)], width: usize) -> Vec<Row<T>> {
    let width = width.max(1);
    let hang = pieces.first().map_or(0, |(_, text)| hanging_indent(text)).min(width / 2);
    let mut rows: Vec<Row<T>> = vec![Vec::new()];
    let mut used = 0;
    // At the start of a continuation row: a blank there is the break itself.
    let mut continued = false;
    for (tone, text) in pieces {
        let break_row = |rows: &mut Vec<Row<T>>, used: &mut usize| {
            // A space that fitted at the end of the row is the break too.
            if let Some(row) = rows.last_mut() {
                if let Some((_, last)) = row.last_mut() {
                    last.truncate(last.trim_end_matches(' ').len());
                }
                row.retain(|(_, text)| !text.is_empty());
            }
            rows.push(Vec::new());
            *used = 0;
            if hang > 0 {
                push(rows, *tone, &" ".repeat(hang));
                *used = hang;
            }
        };
        // Chat, messages and transcripts carry text from files and models:
        // shown inert, measured as shown.
        let text = archcrit_core::text::inert::line(text);
        for token in tokens(&text) {
            let w = token.width();
            let blank = token.chars().all(char::is_whitespace);
            if used + w <= width {
                if !(blank && continued) {
                    push(&mut rows, *tone, token);
                    used += w;
                    continued = false;
                }
            } else if blank {
                // The break goes here; the space goes with it.
                break_row(&mut rows, &mut used);
                continued = true;
            } else {
                if used > hang && w <= width - hang {
                    break_row(&mut rows, &mut used);
                }
                for g in token.graphemes(true) {
                    let gw = g.width();
                    if used + gw > width && used > hang {
                        break_row(&mut rows, &mut used);
                    }
                    push(&mut rows, *tone, g);
                    used += gw;
                }
                continued = false;
            }
        }
    }
    rows
}

/// The width of a line's leading spaces plus a list marker after them
/// (`-`, `*`, `•` or a number with `.` or `)`, then a space); 0 when the
/// line is not a list item.
fn hanging_indent(line: &str) -> usize {
    let body = line.trim_start_matches(' ');
    let indent = line.len() - body.len();
    let marker = if let Some(rest) = body.strip_prefix(['-', '*', '•']) {
        body.len() - rest.len()
    } else {
        let digits = body.bytes().take_while(u8::is_ascii_digit).count();
        match body.as_bytes().get(digits) {
            Some(b'.' | b')') if digits > 0 && digits <= 3 => digits + 1,
            _ => return 0,
        }
    };
    if body[marker..].starts_with(' ') { indent + body[..marker].width() + 1 } else { 0 }
}

pub use archcrit_core::text::counted;

/// How many rows `wrap` makes, without keeping them.
pub fn row_count<T: Copy + PartialEq>(pieces: &[(T, &str)], width: usize) -> usize {
    wrap(pieces, width).len()
}

/// Appends to the last row, merging with a piece of the same tone.
fn push<T: Copy + PartialEq>(rows: &mut [Row<T>], tone: T, text: &str) {
    let Some(row) = rows.last_mut() else { return };
    match row.last_mut() {
        Some((t, s)) if *t == tone => s.push_str(text),
        _ => row.push((tone, text.to_string())),
    }
}

/// Runs of spaces and runs of everything else, in order.
fn tokens(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let first = rest.chars().next()?;
        let blank = first.is_whitespace();
        let end = rest.find(|c: char| c.is_whitespace() != blank).unwrap_or(rest.len());
        let (token, after) = rest.split_at(end);
        rest = after;
        Some(token)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str, width: usize) -> Vec<String> {
        wrap(&[((), text)], width).into_iter().map(|row| row.into_iter().map(|(_, s)| s).collect()).collect()
    }

    #[test]
    fn words_wrap_at_spaces_and_long_words_are_cut() {
        assert_eq!(plain("the quick brown fox", 9), ["the quick", "brown fox"]);
        assert_eq!(plain("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(plain("", 5), [""]);
        assert_eq!(plain("fits", 10), ["fits"]);
        assert_eq!(plain("a  b", 2), ["a", "b"]);
    }

    #[test]
    fn rows_never_exceed_the_width_even_with_wide_characters() {
        for text in ["日本語のテキストです 長い", "emoji 🎉🎉🎉 here and there", "x"] {
            for width in 1..12 {
                for row in plain(text, width) {
                    assert!(row.width() <= width.max(2), "{row:?} wider than {width}");
                }
            }
        }
    }

    #[test]
    fn list_items_hang_their_continuation_rows_after_the_marker() {
        assert_eq!(
            plain("  - three async links keep callers", 16),
            ["  - three async", "    links keep", "    callers"]
        );
        assert_eq!(plain("12. one two three", 9), ["12. one", "    two", "    three"]);
        assert_eq!(plain("-not a list item here", 10), ["-not a", "list item", "here"]);
        assert_eq!(plain("- x", 1), ["-", "x"], "too narrow to hang");
        for row in plain("  - averyveryverylongword and more", 10) {
            assert!(row.width() <= 10, "{row:?}");
        }
    }

    #[test]
    fn tones_are_kept_across_rows() {
        let rows = wrap(&[(1, "note: "), (2, "a long message")], 8);
        assert_eq!(rows[0], [(1, "note: ".to_string()), (2, "a".to_string())], "the space at the break goes");
        assert_eq!(rows[1], [(2, "long".to_string())]);
        assert_eq!(rows[2], [(2, "message".to_string())]);
        assert_eq!(row_count(&[(1, "note: "), (2, "a long message")], 8), 3);
    }
}
