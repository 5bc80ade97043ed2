//! Light text scans of a design file that the YAML parser does not give
//! us: whether it has comments (a save would drop them), whether it is
//! blank, and the line of each component (for SARIF and editors).

use std::collections::HashMap;

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

/// The 1-based line where a second YAML document starts, if the text has
/// one (a `---` after content, or content after a `...` end marker).
pub(super) fn second_document_line(text: &str) -> Option<usize> {
    let (mut content, mut ended) = (false, false);
    for (n, (line, comment)) in text.lines().zip(comment_starts(text)).enumerate() {
        let line = comment.map_or(line, |i| &line[..i]).trim_end();
        let line = line.trim_start_matches('\u{feff}');
        if line == "---" || line.starts_with("--- ") || line.starts_with("---\t") {
            if content || ended {
                return Some(n + 1);
            }
            content = line.len() > 3;
        } else if line == "..." {
            ended = content;
        } else if !line.trim().is_empty() {
            if ended {
                return Some(n + 1);
            }
            content = true;
        }
    }
    None
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

/// Component id -> 1-based line of its key under the top-level
/// `components:` mapping (block style, as archcrit writes and people type).
pub fn component_lines(text: &str) -> HashMap<String, usize> {
    let mut lines = HashMap::new();
    let mut inside = false;
    let mut child_indent: Option<usize> = None;
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = line.len() - trimmed.len();
        if indent == 0 {
            inside = trimmed.starts_with("components:");
            child_indent = None;
            continue;
        }
        if !inside {
            continue;
        }
        let indent_here = *child_indent.get_or_insert(indent);
        if indent == indent_here
            && let Some(colon) = trimmed.find(':')
        {
            let key = trimmed[..colon].trim().trim_matches(['"', '\'']);
            lines.insert(key.to_string(), n + 1);
        }
    }
    lines
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

    #[test]
    fn second_documents_are_found() {
        assert_eq!(second_document_line("a: 1\n---\nb: 2\n"), Some(2));
        assert_eq!(second_document_line("---\na: 1\n---\nb: 2\n"), Some(3));
        assert_eq!(second_document_line("---\na: 1\n...\nb: 2\n"), Some(4));
        assert_eq!(second_document_line("# c\n---\na: 1\n"), None);
    }

    #[test]
    fn component_lines_follow_the_components_block() {
        let text = "archcrit: 1\nname: x\ncomponents:\n  web:\n    kind: client\n  api: {kind: service}\nlinks: []\n";
        let lines = component_lines(text);
        assert_eq!(lines.get("web"), Some(&4));
        assert_eq!(lines.get("api"), Some(&6));
        assert_eq!(lines.len(), 2);
    }
}
