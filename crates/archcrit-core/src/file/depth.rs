//! How deep a YAML text nests, found by one linear scan before the parser
//! sees it: the parser recurses per level and spends quadratic time before
//! it refuses deep input (a 64 KB line of `[` took 79 s), so deep input is
//! refused here, at its line, in microseconds.

/// Deeper than any real design, persona, script or compose file (a design
/// nests about five levels; `x-` fields a few more).
pub const MAX_DEPTH: usize = 64;

/// Where the text first nests deeper than `max`: (line, column), 1-based.
/// Counts flow brackets (`[`, `{`) outside quotes and comments, plus block
/// levels (indentation, and `- ` or `? ` markers that open a nested node
/// on the same line). Generous: it may count a level the parser would not,
/// never the other way round by much.
pub fn too_deep(text: &str, max: usize) -> Option<(usize, usize)> {
    let mut flow = 0usize;
    let mut quote: Option<u8> = None;
    // Indentation of each open block level.
    let mut blocks: Vec<usize> = Vec::new();
    for (index, line) in text.split('\n').enumerate() {
        let bytes = line.as_bytes();
        let mut col = 0;
        if quote.is_none() && flow == 0 {
            let indent = bytes.iter().take_while(|b| **b == b' ').count();
            let rest = &bytes[indent..];
            if rest.is_empty() || rest[0] == b'#' || rest == b"\r" {
                continue;
            }
            while blocks.last().is_some_and(|&open| open >= indent) {
                blocks.pop();
            }
            blocks.push(indent);
            // `- - - x` and `? ? x` open one level per marker.
            col = indent;
            while col + 1 < bytes.len() && matches!(bytes[col], b'-' | b'?') && bytes[col + 1] == b' ' {
                blocks.push(col + 2);
                col += 2;
                while col < bytes.len() && bytes[col] == b' ' {
                    col += 1;
                }
            }
            if blocks.len() > max {
                return Some((index + 1, col + 1));
            }
        }
        while col < bytes.len() {
            let b = bytes[col];
            match quote {
                Some(b'"') if b == b'\\' => col += 1,
                Some(q) if b == q => quote = None,
                Some(_) => {}
                None => match b {
                    b'"' | b'\'' => quote = Some(b),
                    b'#' if col == 0 || bytes[col - 1] == b' ' || bytes[col - 1] == b'\t' => break,
                    b'[' | b'{' => {
                        flow += 1;
                        if flow + blocks.len() > max {
                            return Some((index + 1, col + 1));
                        }
                    }
                    b']' | b'}' => flow = flow.saturating_sub(1),
                    _ => {}
                },
            }
            col += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_flow_nesting_is_found_at_its_column() {
        let text = format!("archcrit: 1\nname: {}\n", "[".repeat(100));
        assert_eq!(too_deep(&text, MAX_DEPTH), Some((2, 6 + MAX_DEPTH)));
    }

    #[test]
    fn deep_block_nesting_is_found_at_its_line() {
        let mut text = String::new();
        for level in 0..100 {
            text.push_str(&format!("{}k{level}:\n", " ".repeat(level)));
        }
        assert_eq!(too_deep(&text, MAX_DEPTH).map(|(line, _)| line), Some(MAX_DEPTH + 1));
        assert!(too_deep(&format!("{}x\n", "- ".repeat(100)), MAX_DEPTH).is_some());
    }

    #[test]
    fn brackets_in_quotes_and_comments_do_not_count() {
        let text = format!("a: \"{0}\"\nb: '{0}'\nc: 1 # {0}\n", "[".repeat(100));
        assert_eq!(too_deep(&text, MAX_DEPTH), None);
    }

    #[test]
    fn real_designs_are_shallow() {
        for (name, text) in crate::examples::EXAMPLES {
            assert_eq!(too_deep(text, 8), None, "{name}");
        }
    }
}
