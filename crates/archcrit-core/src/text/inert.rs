//! The output-sanitising boundary: makes any foreign string inert for a
//! terminal. Control characters, escape sequences and bidi overrides are
//! shown as visible escapes (`\e[31m`, `\u{202e}`) instead of acting.
//! Pure; every CLI print and every workshop frame goes through it.

use std::borrow::Cow;

/// For one-line places (a label, a status line, a table cell): tabs become
/// a space, line breaks are shown as `\n`/`\r`.
pub fn line(text: &str) -> Cow<'_, str> {
    make_inert(text, false)
}

/// For multi-line places (a report, a transcript, a message body): tabs and
/// line feeds are kept, a carriage return is shown as `\r`.
pub fn text(text: &str) -> Cow<'_, str> {
    make_inert(text, true)
}

/// For JSON that serde wrote: the active characters it leaves raw inside
/// strings (DEL, C1 controls, bidi marks, line separators) become `\uXXXX`
/// escapes, so the JSON means the same and prints inert. Structural line
/// breaks are kept; serde already escaped the C0 controls in strings.
pub fn json(text: String) -> String {
    if is_inert(&text, true) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '\n' | '\t' => out.push(c),
            c if is_active(c) => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

/// True when `text` holds nothing a terminal would act on (line feeds and
/// tabs allowed when `multi_line`).
pub fn is_inert(text: &str, multi_line: bool) -> bool {
    text.chars().all(|c| !is_active(c) || (multi_line && matches!(c, '\n' | '\t')))
}

/// A character a terminal acts on or that reorders the text around it:
/// C0 and C1 controls, DEL, bidi embeddings, overrides, isolates and marks,
/// and the Unicode line and paragraph separators.
pub fn is_active(c: char) -> bool {
    c.is_control() || is_bidi(c) || matches!(c, '\u{2028}' | '\u{2029}')
}

fn is_bidi(c: char) -> bool {
    matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn make_inert(text: &str, multi_line: bool) -> Cow<'_, str> {
    if is_inert(text, multi_line) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '\n' | '\t' if multi_line => out.push(c),
            '\t' => out.push(' '),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\u{1b}' => out.push_str("\\e"),
            c if is_active(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_shown_not_run() {
        assert_eq!(line("a\u{1b}[31mred\u{1b}]2;title\u{7}"), "a\\e[31mred\\e]2;title\\u{7}");
        assert_eq!(line("\u{9b}31m\u{7f}"), "\\u{9b}31m\\u{7f}");
    }

    #[test]
    fn bidi_overrides_and_isolates_are_neutralised() {
        assert_eq!(line("abc\u{202e}fed\u{2066}x\u{2069}"), "abc\\u{202e}fed\\u{2066}x\\u{2069}");
    }

    #[test]
    fn line_breaks_depend_on_the_place() {
        assert_eq!(line("a\nb\tc\r"), "a\\nb c\\r");
        assert_eq!(text("a\nb\tc\r\n"), "a\nb\tc\\r\n");
    }

    #[test]
    fn clean_text_is_borrowed_unchanged() {
        assert!(matches!(line("plain ünïcode ✓ 漢字"), Cow::Borrowed(_)));
        assert!(matches!(text("two\nlines"), Cow::Borrowed(_)));
    }

    #[test]
    fn json_keeps_its_meaning() {
        let raw = serde_json::to_string(&serde_json::json!({"name": "a\u{202e}b\u{9b}\u{7f}\u{1b}"})).unwrap();
        let safe = json(raw.clone());
        assert!(is_inert(&safe, false), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, serde_json::from_str::<serde_json::Value>(&raw).unwrap());
    }

    #[test]
    fn output_is_always_inert() {
        let nasty: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        assert!(is_inert(&line(&nasty), false));
        assert!(is_inert(&text(&nasty), true));
    }
}
