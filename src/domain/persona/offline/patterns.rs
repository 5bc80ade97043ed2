//! The offline voice's view of the pattern catalogue: a pattern's name,
//! what it does and what it costs. The catalogue itself belongs to the
//! critic; this file only adapts it.

/// What the voice needs to say about a pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct PatternNote {
    pub id: String,
    pub name: String,
    pub solution: Option<String>,
    pub tradeoff: Option<String>,
}

/// The note for `id`. Until the critic's catalogue is linked in, the name
/// is derived from the id and the rest is left out.
pub fn note(id: &str) -> PatternNote {
    PatternNote { id: id.to_string(), name: title_case(id), solution: None, tradeoff: None }
}

/// Every pattern id the voice can explain.
pub fn known_ids() -> Vec<String> {
    Vec::new()
}

fn title_case(id: &str) -> String {
    id.split('-')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_read_like_words() {
        assert_eq!(super::note("cache-aside").name, "Cache Aside");
    }
}
