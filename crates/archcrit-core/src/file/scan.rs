//! Light text scans of a design file that no YAML parser gives us: whether
//! it has comments (a save would drop them; parsers skip comments) and
//! whether it is blank. Positions come from `yaml::Positions`.

/// True when the text has at least one YAML comment.
pub fn has_comments(text: &str) -> bool {
    comment_starts(text).iter().any(Option::is_some)
}

/// True when the text has nothing but blank lines, comments and markers.
/// Stops at the first line with content, so a real design costs a line.
pub(super) fn is_blank(text: &str) -> bool {
    text.lines().all(|line| {
        let t = line.trim().trim_start_matches('\u{feff}');
        let marker = ["---", "..."].into_iter().find_map(|m| t.strip_prefix(m));
        match marker {
            // A marker alone or followed by a comment (`--- # start`).
            Some(rest) => rest.is_empty() || (rest.starts_with([' ', '\t']) && rest.trim_start().starts_with('#')),
            None => t.is_empty() || t.starts_with('#'),
        }
    })
}

/// For each line, the byte offset where a comment starts, if any. A `#`
/// starts a comment at the start of a line or after whitespace, outside
/// quoted scalars and outside the body of a block scalar (`notes: |`). A
/// quote opens a quoted scalar only where a scalar can start, so the
/// apostrophe in `label: Bob's shop # note` does not hide the comment.
fn comment_starts(text: &str) -> Vec<Option<usize>> {
    let mut starts = Vec::new();
    // Inside a quoted scalar that continues on the next line.
    let mut quote: Option<char> = None;
    // Inside a block scalar opened on a line of this indentation.
    let mut block_parent: Option<usize> = None;
    for line in text.lines() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(parent) = block_parent {
            if line.trim().is_empty() || indent > parent {
                starts.push(None);
                continue;
            }
            block_parent = None;
        }
        let chars: Vec<(usize, char)> = line.char_indices().collect();
        let followed_by_space = |k: usize| chars.get(k + 1).is_none_or(|(_, c)| c.is_whitespace());
        let mut comment = None;
        let mut scalar_may_start = true;
        let mut prev = ' ';
        let mut k = 0;
        while k < chars.len() {
            let (i, c) = chars[k];
            match quote {
                Some('"') => match c {
                    '\\' => k += 1,
                    '"' => quote = None,
                    _ => {}
                },
                Some(_) => {
                    if c == '\'' {
                        if chars.get(k + 1).is_some_and(|(_, n)| *n == '\'') {
                            k += 1;
                        } else {
                            quote = None;
                        }
                    }
                }
                None => match c {
                    '#' if prev.is_whitespace() => {
                        comment = Some(i);
                        break;
                    }
                    '"' | '\'' if scalar_may_start => {
                        quote = Some(c);
                        scalar_may_start = false;
                    }
                    '|' | '>' if scalar_may_start && block_header(&line[i + 1..]) => {
                        block_parent = Some(indent);
                        scalar_may_start = false;
                    }
                    c if c.is_whitespace() => {}
                    '-' | '?' | ':' if followed_by_space(k) => scalar_may_start = true,
                    '[' | '{' | ',' => scalar_may_start = true,
                    _ => scalar_may_start = false,
                },
            }
            prev = c;
            k += 1;
        }
        starts.push(comment);
    }
    starts
}

/// Whether what follows a `|` or `>` makes it a block scalar header:
/// optional indentation and chomping indicators, then nothing or a comment.
fn block_header(rest: &str) -> bool {
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit() || c == '+' || c == '-');
    let trimmed = rest.trim_start();
    trimmed.is_empty() || (trimmed.starts_with('#') && rest.len() > trimmed.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_means_only_comments_markers_and_space() {
        for blank in ["", "\n\n", "# only a comment\n", "---\n", "--- # start\n...\n", "\u{feff}\n  # indented\n"] {
            assert!(is_blank(blank), "{blank:?}");
        }
        for content in ["a: 1", "# c\nname: x", "--- {a: 1}", "---x", "... # end\nkey: v"] {
            assert!(!is_blank(content), "{content:?}");
        }
    }

    #[test]
    fn comments_are_found_outside_quotes_only() {
        assert!(has_comments("a: 1 # note"));
        assert!(has_comments("# top"));
        assert!(!has_comments("a: \"x # y\""));
        assert!(!has_comments("a: b#c"));
        assert!(!has_comments("a: 'it''s # not'"));
        assert!(!has_comments("a: \"esc \\\" # still inside\""));
        assert!(!has_comments("a: \"two\n  lines # inside\"\nb: 1"));
    }

    #[test]
    fn an_apostrophe_in_plain_text_does_not_hide_a_comment() {
        assert!(has_comments("label: Bob's shop # note"));
        assert!(has_comments("- {from: a, to: b, label: it's} # why"));
    }

    #[test]
    fn block_scalar_bodies_are_not_comments() {
        let text = "notes: |\n  # Heading\n  step #1\nname: x\n";
        assert!(!has_comments(text));
        assert!(has_comments(&format!("{text}# after the block\n")));
        assert!(has_comments("notes: > # folded\n  text\n"));
    }
}
