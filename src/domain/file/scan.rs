//! Light text scans of a design file that the YAML parser does not give
//! us: whether it has comments (a save would drop them), whether it is
//! blank, and the line of each component (for SARIF and editors).

use std::collections::HashMap;

/// True when the text has at least one YAML comment.
pub fn has_comments(text: &str) -> bool {
    text.lines().any(|line| comment_start(line).is_some())
}

/// True when the text has nothing but blank lines, comments and markers.
pub(super) fn is_blank(text: &str) -> bool {
    text.lines().all(|line| {
        let content = match comment_start(line) {
            Some(i) => &line[..i],
            None => line,
        };
        let t = content.trim().trim_start_matches('\u{feff}');
        t.is_empty() || t == "---" || t == "..."
    })
}

/// The byte offset where a comment starts on this line, if any: a `#` at
/// the start or after whitespace, outside quotes.
fn comment_start(line: &str) -> Option<usize> {
    let (mut single, mut double) = (false, false);
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        match c {
            '\'' if !double => single = !single,
            '"' if !single && prev != '\\' => double = !double,
            '#' if !single && !double && prev.is_whitespace() => return Some(i),
            _ => {}
        }
        prev = c;
    }
    None
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
    fn comments_are_found_outside_quotes_only() {
        assert!(has_comments("a: 1 # note"));
        assert!(has_comments("# top"));
        assert!(!has_comments("a: \"x # y\""));
        assert!(!has_comments("a: b#c"));
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
