//! Making arbitrary text safe inside Mermaid: the entity escaper every label
//! goes through, its inverse (for import and the metadata comments), and the
//! synthetic identifiers (`n_<slug>`, `sg_<slug>`) that never carry user text.

use std::collections::HashSet;

/// Escapes text for a double-quoted Mermaid label. Every character that could
/// end the string, start an entity, a directive (`%%{`), markdown mode, HTML,
/// or trip Mermaid's `style…:…#…;` rewrite is replaced by an entity code; a
/// newline becomes `<br/>`, the only portable line break. Blank text becomes
/// a non-breaking space because Mermaid refuses empty labels.
pub fn label(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape_into(&mut out, text);
    if out.trim().is_empty() {
        out.clear();
        out.push_str("#160;");
    }
    out
}

/// The escaper for metadata comments: one space-free word that decodes back
/// to exactly `text` (spaces and controls become numeric codes too).
pub fn meta(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for ch in text.chars() {
        if ch.is_whitespace() || crate::text::inert::is_active(ch) {
            out.push_str(&format!("#{};", u32::from(ch)));
        } else {
            escape_into(&mut out, ch.encode_utf8(&mut [0; 4]));
        }
    }
    out
}

fn escape_into(out: &mut String, text: &str) {
    for ch in text.chars() {
        match ch {
            '#' => out.push_str("#35;"),
            '"' => out.push_str("#quot;"),
            '%' => out.push_str("#37;"),
            '&' => out.push_str("#amp;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '`' => out.push_str("#96;"),
            ':' => out.push_str("#58;"),
            '\\' => out.push_str("#92;"),
            '\n' => out.push_str("<br/>"),
            // Controls and bidi marks would act in a terminal or reorder the text.
            c if crate::text::inert::is_active(c) => out.push(' '),
            c => out.push(c),
        }
    }
}

/// Decodes what Mermaid (and our exporter) puts in label text: `#code;` and
/// `#name;` entity codes, `&…;` HTML entities and `<br>` line breaks. Unknown
/// sequences are kept as written.
pub fn decode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find(['#', '&', '<']) {
        out.push_str(&rest[..pos]);
        let tail = &rest[pos..];
        if let Some((decoded, used)) = entity(tail).or_else(|| line_break(tail)) {
            out.push_str(&decoded);
            rest = &tail[used..];
        } else {
            let ch_len = tail.chars().next().map_or(1, char::len_utf8);
            out.push_str(&tail[..ch_len]);
            rest = &tail[ch_len..];
        }
    }
    out.push_str(rest);
    out
}

fn line_break(tail: &str) -> Option<(String, usize)> {
    let lower: String = tail.chars().take(6).collect::<String>().to_ascii_lowercase();
    for form in ["<br/>", "<br />", "<br>"] {
        if lower.starts_with(form) {
            return Some(("\n".to_string(), form.len()));
        }
    }
    None
}

/// `#35;`, `#quot;`, `&#35;`, `&#x23;`, `&amp;` ... at the start of `tail`.
fn entity(tail: &str) -> Option<(String, usize)> {
    let start = if tail.starts_with("&#") && !tail.starts_with("&#;") {
        2
    } else if tail.starts_with('#') || tail.starts_with('&') {
        1
    } else {
        return None;
    };
    let end = tail[start..].find(';')? + start;
    let body = &tail[start..end];
    if body.is_empty() || body.len() > 10 {
        return None;
    }
    let ch = if let Some(hex) = body.strip_prefix('x').or_else(|| body.strip_prefix('X')) {
        u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
    } else if body.bytes().all(|b| b.is_ascii_digit()) {
        body.parse::<u32>().ok().and_then(char::from_u32)
    } else {
        named(body)
    }?;
    Some((ch.to_string(), end + 1))
}

fn named(name: &str) -> Option<char> {
    Some(match name {
        "quot" => '"',
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "num" => '#',
        "colon" => ':',
        "semi" => ';',
        "percnt" => '%',
        "bsol" => '\\',
        "grave" => '`',
        "lpar" => '(',
        "rpar" => ')',
        "lsqb" | "lbrack" => '[',
        "rsqb" | "rbrack" => ']',
        "lcub" | "lbrace" => '{',
        "rcub" | "rbrace" => '}',
        "vert" | "verbar" => '|',
        _ => return None,
    })
}

/// Hands out Mermaid identifiers: `prefix` + a `[a-z0-9_]` slug of `name`,
/// unique within one diagram (numeric suffix on collision). The prefix keeps
/// every id clear of Mermaid keywords and of the `o`/`x` arrow endings.
#[derive(Debug, Default)]
pub struct Ids {
    used: HashSet<String>,
}

impl Ids {
    pub fn new() -> Self {
        Ids::default()
    }

    pub fn issue(&mut self, prefix: &str, name: &str) -> String {
        let base = format!("{prefix}{}", slug(name));
        if self.used.insert(base.clone()) {
            return base;
        }
        let mut n = 2usize;
        loop {
            let candidate = format!("{base}_{n}");
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }
}

/// Lowercase ASCII letters and digits; every other run becomes one `_`.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut gap = false;
    for ch in name.chars() {
        if ch.is_ascii_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('_');
            }
            gap = false;
            out.push(ch.to_ascii_lowercase());
        } else {
            gap = true;
        }
    }
    if out.is_empty() {
        out.push('x');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_dangerous_character_is_escaped() {
        let escaped = label("a\"b#c%d&e<f>g`h:i\\j\nk");
        assert_eq!(escaped, "a#quot;b#35;c#37;d#amp;e#lt;f#gt;g#96;h#58;i#92;j<br/>k");
        for bad in ['"', '%', '&', '<', '>', '`', ':', '\\', '\n'] {
            assert!(!escaped.replace("<br/>", "").contains(bad), "{bad} survived");
        }
    }

    #[test]
    fn hash_is_escaped_first_so_entities_in_user_text_stay_literal() {
        assert_eq!(label("issue #12;"), "issue #35;12;");
        assert_eq!(decode(&label("issue #12; &amp;")), "issue #12; &amp;");
    }

    #[test]
    fn directive_and_style_hacks_are_defused() {
        assert!(!label("=%%{x").contains("%%"));
        assert!(!label("style:#35;").contains(':'));
    }

    #[test]
    fn blank_labels_become_a_non_breaking_space() {
        assert_eq!(label(""), "#160;");
        assert_eq!(label("  \t"), "#160;");
        assert_eq!(meta(""), "");
    }

    #[test]
    fn controls_become_spaces() {
        assert_eq!(label("a\u{7}b\u{7f}c"), "a b c");
    }

    #[test]
    fn decode_inverts_the_escaper() {
        for text in ["plain", "a\"b#c%d&e<f>g`h:i\\j\nk", "emoji 🚀 ünï", "#quot; literal", "&lt;", " \t x \r"] {
            assert!(!meta(text).contains(char::is_whitespace));
            assert_eq!(decode(&meta(text)), text);
        }
        assert_eq!(decode("x &#35; y &#x41; #lt;b#gt; a<br>b"), "x # y A <b> a\nb");
        assert_eq!(decode("#notanentity; & #"), "#notanentity; & #");
    }

    #[test]
    fn ids_are_prefixed_slugs_and_unique() {
        let mut ids = Ids::new();
        assert_eq!(ids.issue("n_", "end"), "n_end");
        assert_eq!(ids.issue("n_", "graph-api"), "n_graph_api");
        assert_eq!(ids.issue("n_", "graph_api"), "n_graph_api_2");
        assert_eq!(ids.issue("n_", "9lives"), "n_9lives");
        assert_eq!(ids.issue("sg_", "Ünïcode zone!"), "sg_n_code_zone");
        assert_eq!(ids.issue("n_", "🚀"), "n_x");
        for id in ["n_end", "n_graph_api_2", "sg_n_code_zone"] {
            assert!(id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'));
        }
    }
}
