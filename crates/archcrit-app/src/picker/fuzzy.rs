//! Fuzzy matching as pickers do it (helix, lazygit, fzf): the query's
//! letters in order anywhere in the text, scored so whole words, prefixes
//! and runs of letters beat scattered ones.

/// The score of `query` against `text` (higher is better), or `None` when
/// the query's letters do not all appear in order. Case is ignored; an
/// empty query matches everything with score 0.
pub fn score(query: &str, text: &str) -> Option<i64> {
    let query: Vec<char> = query.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect();
    if query.is_empty() {
        return Some(0);
    }
    let text: Vec<char> = text.chars().flat_map(char::to_lowercase).collect();
    let word_start = |j: usize| j == 0 || !text[j - 1].is_alphanumeric();
    // best[j]: the best score with the query's letters so far matched and
    // the last one at text[j] (dynamic programming over the text).
    let mut best: Vec<Option<i64>> = (0..text.len())
        .map(|j| (text[j] == query[0]).then(|| 10 + if word_start(j) { 8 } else { 0 } - j.min(10) as i64))
        .collect();
    for q in &query[1..] {
        let mut next = vec![None; text.len()];
        for j in 0..text.len() {
            if text[j] != *q {
                continue;
            }
            let bonus = 10 + if word_start(j) { 8 } else { 0 };
            next[j] = (0..j)
                .filter_map(|i| {
                    let prev = best[i]?;
                    let step = if i + 1 == j { 12 } else { -((j - i - 1).min(10) as i64) };
                    Some(prev + bonus + step)
                })
                .max();
        }
        best = next;
    }
    let total = best.into_iter().flatten().max()?;
    // Of two equal matches, the shorter text is the closer one.
    Some(total * 4 - text.len().min(40) as i64)
}

#[cfg(test)]
mod tests {
    use super::score;

    #[test]
    fn letters_in_order_match_and_runs_and_prefixes_win() {
        assert!(score("gw", "gateway").is_some());
        assert!(score("wg", "gateway").is_none());
        assert!(score("ORD", "orders").is_some(), "case is ignored");
        assert!(score("ord", "orders") > score("ord", "checkout-records"));
        assert!(score("db", "orders-db") > score("db", "dashboard"), "a word start beats a scattered letter");
        assert_eq!(score("", "anything"), Some(0));
    }
}
