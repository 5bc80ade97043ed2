//! The question as words: lower-cased tokens with typos corrected against
//! the classifier's vocabulary (one edit for short words, two for long
//! ones), and the numbers people write ("2x", "double", "10k rps", "500 ms").

use crate::model::Design;

/// Words the questions use besides the intents' own (what to add, how
/// much): together with `intent::INTENT_WORDS`, every word a near miss is
/// corrected to.
const OTHER_WORDS: &[&str] = &[
    "first",
    "cache",
    "caching",
    "redis",
    "memcached",
    "queue",
    "queues",
    "kafka",
    "rabbitmq",
    "replica",
    "replicas",
    "gateway",
    "requests",
    "second",
    "times",
    "percent",
    "more",
    "half",
    "instead",
    "instance",
    "instances",
    "another",
    "pattern",
];

/// Every word the classifier listens for.
fn vocabulary() -> impl Iterator<Item = &'static str> {
    super::intent::INTENT_WORDS.iter().flat_map(|list| list.iter().copied()).chain(OTHER_WORDS.iter().copied())
}

/// Whether `w` is a word the classifier knows (not a name).
pub fn known(w: &str) -> bool {
    vocabulary().any(|v| v == w) || STOP.contains(&w)
}

/// Words that never name a component, however close they look.
pub const STOP: &[&str] = &[
    "a", "an", "the", "is", "it", "if", "of", "to", "in", "on", "or", "and", "what", "whats", "does", "do", "i", "we",
    "us", "my", "our", "me", "this", "that", "be", "can", "for", "at", "by", "with", "too", "so", "are", "was", "how",
    "much", "many", "when", "which", "who", "should", "would", "could", "there", "here", "its",
];

pub struct Words {
    /// As typed, lower-cased; for matching component names.
    pub raw: Vec<String>,
    /// Typos corrected; for the intent.
    pub fixed: Vec<String>,
}

impl Words {
    pub fn new(question: &str, design: &Design) -> Words {
        let lower = join_thousands(&question.to_lowercase().replace(['’', '\''], ""));
        let raw: Vec<String> = lower
            .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_' || c == '.'))
            .map(|w| w.trim_matches('.').to_string())
            .filter(|w| !w.is_empty())
            .collect();
        let names: Vec<String> = design
            .components()
            .flat_map(|c| {
                let mut n = vec![c.id.to_string()];
                n.extend(
                    c.label
                        .iter()
                        .flat_map(|l| l.to_lowercase().split_whitespace().map(str::to_string).collect::<Vec<_>>()),
                );
                n
            })
            .collect();
        let fixed = raw.iter().map(|w| correct(w, &names)).collect();
        Words { raw, fixed }
    }

    pub fn has(&self, any: &[&str]) -> bool {
        self.fixed.iter().any(|w| any.contains(&w.as_str()))
    }

    pub fn phrase(&self, p: &str) -> bool {
        format!(" {} ", self.fixed.join(" ")).contains(&format!(" {p} "))
    }

    /// A load multiplier: "2x", "x3", "double", "triple", "50% more", "half".
    pub fn factor(&self) -> Option<f64> {
        for (i, w) in self.fixed.iter().enumerate() {
            let n = w.strip_suffix('x').or_else(|| w.strip_prefix('x')).and_then(|n| n.parse::<f64>().ok());
            if n.is_some() {
                return n;
            }
            match w.as_str() {
                "double" | "doubles" | "doubled" | "twice" => return Some(2.0),
                "triple" | "triples" | "tripled" => return Some(3.0),
                "half" | "halves" => return Some(0.5),
                "times" => {
                    if let Some(n) = i.checked_sub(1).and_then(|j| number(&self.fixed[j])) {
                        return Some(n);
                    }
                }
                "percent" | "%" => {}
                _ => {}
            }
            if let Some(p) = w.strip_suffix('%').and_then(|n| n.parse::<f64>().ok()) {
                let less = self.fixed.get(i + 1).is_some_and(|n| n == "less" || n == "fewer");
                return Some(if less { 1.0 - p / 100.0 } else { 1.0 + p / 100.0 });
            }
        }
        None
    }

    /// A number followed by `unit` ("1200 rps", "10k requests per second").
    pub fn amount(&self, units: &[&str]) -> Option<f64> {
        for (i, w) in self.fixed.iter().enumerate() {
            for u in units {
                if let Some(n) = w.strip_suffix(u).filter(|n| !n.is_empty()).and_then(number) {
                    return Some(n);
                }
                if w == u
                    && let Some(n) = i.checked_sub(1).and_then(|j| number(&self.fixed[j]))
                {
                    return Some(n);
                }
            }
        }
        None
    }
}

/// "2,000 rps" -> "2000 rps": a comma between a digit and three more
/// digits groups thousands (the word splitter would cut the number there).
fn join_thousands(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let grouping = c == ','
            && i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.get(i + 1..i + 4).is_some_and(|d| d.iter().all(char::is_ascii_digit))
            && !chars.get(i + 4).is_some_and(char::is_ascii_digit);
        if !grouping {
            out.push(c);
        }
    }
    out
}

/// "1,200", "1.5k", "10k", "2m".
pub fn number(w: &str) -> Option<f64> {
    let w = w.replace(',', "");
    let (digits, scale) = match w.chars().last()? {
        'k' => (&w[..w.len() - 1], 1_000.0),
        'm' => (&w[..w.len() - 1], 1_000_000.0),
        _ => (w.as_str(), 1.0),
    };
    digits.parse::<f64>().ok().filter(|n| n.is_finite()).map(|n| n * scale)
}

/// The vocabulary word `w` was meant to be, unless `w` is a known word or
/// a component's name.
fn correct(w: &str, names: &[String]) -> String {
    if w.len() < 4
        || vocabulary().any(|v| v == w)
        || names.iter().any(|n| n == w)
        || w.chars().any(|c| c.is_ascii_digit())
    {
        return w.to_string();
    }
    let budget = if w.len() >= 7 { 2 } else { 1 };
    vocabulary()
        .map(|v| (strsim::osa_distance(w, v), v))
        .filter(|(d, _)| *d <= budget)
        .min_by_key(|(d, _)| *d)
        .map(|(_, v)| v.to_string())
        .unwrap_or_else(|| w.to_string())
}
