//! Facts a source cannot state: the design-level `unstated:` list. An
//! imported compose file says nothing of auth, rate limits, TLS, capacity
//! or SLOs, nor whether a link reads or writes; the importer records that here so the critic reports one info
//! per rule ("not stated, here is how to state it") instead of an error or
//! warning for every component. Setting the fact on a component (even
//! `auth: none`) or removing the word from the list brings the rule back
//! to full strength.

use std::fmt;

use super::UnknownWord;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Unstated {
    Auth,
    RateLimit,
    Tls,
    Capacity,
    Slo,
    /// Whether links read or write (and so which way messages flow).
    Access,
}

impl Unstated {
    pub const ALL: [Unstated; 6] =
        [Unstated::Auth, Unstated::RateLimit, Unstated::Tls, Unstated::Capacity, Unstated::Slo, Unstated::Access];

    pub fn as_str(self) -> &'static str {
        match self {
            Unstated::Auth => "auth",
            Unstated::RateLimit => "rate_limit",
            Unstated::Tls => "tls",
            Unstated::Capacity => "capacity",
            Unstated::Slo => "slo",
            Unstated::Access => "access",
        }
    }

    /// The words, in the order of `ALL`.
    pub const WORDS: &'static [&'static str] = &["auth", "rate_limit", "tls", "capacity", "slo", "access"];

    pub fn parse(word: &str) -> Result<Unstated, UnknownWord> {
        Unstated::ALL.into_iter().find(|u| u.as_str() == word).ok_or_else(|| UnknownWord {
            what: "unstated fact",
            given: word.to_string(),
            accepted: Unstated::WORDS,
        })
    }
}

impl fmt::Display for Unstated {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_round_trip_and_typos_are_named() {
        for u in Unstated::ALL {
            assert_eq!(Unstated::parse(u.as_str()), Ok(u));
        }
        let err = Unstated::parse("rate-limit").unwrap_err().to_string();
        assert!(err.contains("did you mean `rate_limit`?"), "{err}");
        assert_eq!(Unstated::WORDS, Unstated::ALL.map(Unstated::as_str));
    }
}
