//! The catalogue and its lookup. Every name, other name and image is put in
//! one hash map up front, so a lookup costs a few hash probes over the
//! words of the query, never a scan of the catalogue.

use std::collections::HashMap;

use super::Technology;
use super::words::words;

#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    technologies: Vec<Technology>,
    /// Lower-case name, other name or image -> index in `technologies`.
    keys: HashMap<String, usize>,
}

/// The longest run of words tried as one name (`apache kafka`, `nginx proxy manager`).
const MAX_WORDS: usize = 3;

impl Catalogue {
    /// Builds the index. A later technology with the name of an earlier one
    /// replaces it (that is how a directory overrides the shipped file).
    pub fn new(list: Vec<Technology>) -> Catalogue {
        let mut technologies: Vec<Technology> = Vec::with_capacity(list.len());
        for t in list {
            match technologies.iter().position(|old| old.name.eq_ignore_ascii_case(&t.name)) {
                Some(i) => technologies[i] = t,
                None => technologies.push(t),
            }
        }
        let mut keys = HashMap::new();
        // Names first, then other names, then images: a name always finds its own entry.
        for (i, t) in technologies.iter().enumerate() {
            keys.insert(t.name.to_lowercase(), i);
        }
        for (i, t) in technologies.iter().enumerate() {
            for k in t.also.iter().chain(&t.images) {
                keys.entry(k.to_lowercase()).or_insert(i);
            }
        }
        Catalogue { technologies, keys }
    }

    pub fn all(&self) -> &[Technology] {
        &self.technologies
    }

    pub fn len(&self) -> usize {
        self.technologies.len()
    }

    pub fn is_empty(&self) -> bool {
        self.technologies.is_empty()
    }

    /// The technology a name, a `tech:` value or an image names:
    /// `PostgreSQL 16`, `postgres:16-alpine`, `bitnami/postgresql`,
    /// `mcr.microsoft.com/azure-sql-edge`, `Redis<br/>Port: 6379`.
    pub fn lookup(&self, query: &str) -> Option<&Technology> {
        let q = query.trim().to_lowercase();
        if q.is_empty() {
            return None;
        }
        if let Some(&i) = self.keys.get(&q) {
            return Some(&self.technologies[i]);
        }
        if !q.contains(char::is_whitespace)
            && let Some(i) = self.image(&q)
        {
            return Some(&self.technologies[i]);
        }
        self.by_words(&q).map(|i| &self.technologies[i])
    }

    /// An image reference: registry, tag and digest dropped, then the
    /// repository path, then its last segment.
    fn image(&self, image: &str) -> Option<usize> {
        let no_digest = image.split('@').next().unwrap_or(image);
        let (path, last) = match no_digest.rsplit_once('/') {
            Some((p, l)) => (Some(p), l),
            None => (None, no_digest),
        };
        let last = last.split(':').next().unwrap_or(last);
        let mut segments: Vec<&str> = path.map(|p| p.split('/').collect()).unwrap_or_default();
        // The first segment is a registry when it looks like a host.
        if segments.first().is_some_and(|s| s.contains('.') || s.contains(':') || *s == "localhost") {
            segments.remove(0);
        }
        if segments.first() == Some(&"library") {
            segments.remove(0);
        }
        segments.push(last);
        for start in 0..segments.len() {
            if let Some(&i) = self.keys.get(&segments[start..].join("/")) {
                return Some(i);
            }
        }
        None
    }

    /// Runs of up to three words, longest first, joined by a space, a dash
    /// or nothing (`kafka ui`, `kafka-ui`, `pgadmin`).
    fn by_words(&self, text: &str) -> Option<usize> {
        let w = words(text);
        for n in (1..=MAX_WORDS.min(w.len())).rev() {
            for run in w.windows(n) {
                for sep in [" ", "-", ""] {
                    if n == 1 && sep != " " {
                        continue;
                    }
                    if let Some(&i) = self.keys.get(&run.join(sep)) {
                        return Some(i);
                    }
                }
            }
        }
        None
    }
}
