//! A count with its noun agreeing (`1 component`, `2 components`, `3
//! boxes`): one helper for every message that counts, so none says
//! "1 components" or falls back to "error(s)".

/// `n` and `noun`, plural unless `n` is 1. The plural adds `es` after s,
/// x, z, ch and sh (`boxes`, `searches`), else `s`.
pub fn counted(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {}", plural(noun)) }
}

/// The regular English plural of `noun`.
pub fn plural(noun: &str) -> String {
    let es = ["s", "x", "z", "ch", "sh"].iter().any(|end| noun.ends_with(end));
    if es { format!("{noun}es") } else { format!("{noun}s") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nouns_agree_with_their_count() {
        assert_eq!(counted(1, "component"), "1 component");
        assert_eq!(counted(0, "link"), "0 links");
        assert_eq!(counted(3, "box"), "3 boxes");
        assert_eq!(counted(2, "search"), "2 searches");
        assert_eq!(counted(2, "error"), "2 errors");
    }
}
