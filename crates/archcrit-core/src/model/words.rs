//! The small closed vocabularies of the format (mode, access, auth,
//! consistency) and the did-you-mean helper shared by every parser.

use std::fmt;
use std::str::FromStr;

/// The closest candidate to a misspelt word, when it is close enough to be
/// a plausible typo: Jaro-Winkler, so prefixes like `replica` score high,
/// or one edit away (a swapped pair in `wbe` for `web`, which Jaro-Winkler
/// scores low on short words).
pub fn closest<'a>(given: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let long_enough = given.chars().count() >= 3;
    candidates
        .into_iter()
        .map(|c| {
            let score = strsim::jaro_winkler(given, c);
            let one_edit = long_enough && strsim::osa_distance(given, c) <= 1;
            (if one_edit { score.max(0.8) } else { score }, c)
        })
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// A word that is not in a closed vocabulary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownWord {
    pub what: &'static str,
    pub given: String,
    pub accepted: &'static [&'static str],
}

impl fmt::Display for UnknownWord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown {} `{}`", self.what, self.given)?;
        if let Some(s) = closest(&self.given, self.accepted.iter().copied()) {
            write!(f, " (did you mean `{s}`?)")?;
        }
        write!(f, "; expected one of: {}", self.accepted.join(", "))
    }
}

impl std::error::Error for UnknownWord {}

macro_rules! word_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal, { $($variant:ident => $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const WORDS: &'static [&'static str] = &[$($word),+];
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownWord;
            fn from_str(s: &str) -> Result<Self, UnknownWord> {
                match s {
                    $($word => Ok($name::$variant),)+
                    _ => Err(UnknownWord { what: $what, given: s.to_string(), accepted: Self::WORDS }),
                }
            }
        }
    };
}

word_enum!(
    /// Whether the caller waits for the callee.
    Mode, "mode", { Sync => "sync", Async => "async" }
);

word_enum!(
    /// What a link does to the component it points at.
    Access, "access", { Read => "read", Write => "write", ReadWrite => "readwrite" }
);

word_enum!(
    /// How a component or link authenticates its callers.
    Auth, "auth", {
        None => "none",
        ApiKey => "apikey",
        Basic => "basic",
        Jwt => "jwt",
        OAuth2 => "oauth2",
        Mtls => "mtls",
    }
);

word_enum!(
    /// The consistency the business needs from its data.
    Consistency, "consistency", { Strong => "strong", Eventual => "eventual" }
);

word_enum!(
    /// How a data store spreads its data over its nodes (capacity model
    /// v2, section 3): who takes the writes.
    Replication, "replication", {
        PrimaryReplica => "primary-replica",
        MultiPrimary => "multi-primary",
        Sharded => "sharded",
    }
);

word_enum!(
    /// How a queue or stream hands a message to its consumers: to one of
    /// them (`competing`) or to each (`fanout`).
    Delivery, "delivery", { Competing => "competing", Fanout => "fanout" }
);

impl Access {
    /// Read and readwrite links read.
    pub fn reads(self) -> bool {
        matches!(self, Access::Read | Access::ReadWrite)
    }

    /// Write and readwrite links write.
    pub fn writes(self) -> bool {
        matches!(self, Access::Write | Access::ReadWrite)
    }
}

impl Auth {
    /// `none` and absent mean the same: nobody is asked who they are.
    pub fn is_some_auth(self) -> bool {
        self != Auth::None
    }
}

/// `rate_limit`: a number of requests per second per client, or `true` for
/// "limited, number not stated".
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RateLimit {
    PerSecond(f64),
    Enabled,
}

impl fmt::Display for RateLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RateLimit::PerSecond(n) => write!(f, "{}", super::format_number(*n)),
            RateLimit::Enabled => f.write_str("true"),
        }
    }
}

/// The protocols the format names; anything else is free text.
pub const KNOWN_PROTOCOLS: &[&str] =
    &["https", "http", "grpc", "graphql", "websocket", "tcp", "sql", "redis", "amqp", "kafka", "sqs", "s3", "cdc"];

/// amqp, kafka, sqs and cdc (change data capture) default to async;
/// everything else to sync.
pub fn default_mode(protocol: Option<&str>) -> Mode {
    if is_one_of(protocol, &["amqp", "kafka", "sqs", "cdc"]) { Mode::Async } else { Mode::Sync }
}

/// A change-data-capture link carries the writes of the store it reads
/// (capacity model v2, section 4).
pub fn is_cdc(protocol: Option<&str>) -> bool {
    is_one_of(protocol, &["cdc"])
}

/// https, grpc, graphql, websocket, sqs and s3 default to TLS on.
pub fn default_tls(protocol: Option<&str>) -> bool {
    is_one_of(protocol, &["https", "grpc", "graphql", "websocket", "sqs", "s3"])
}

/// Case-insensitive membership without allocating: these run for every
/// link on every critique.
fn is_one_of(protocol: Option<&str>, words: &[&str]) -> bool {
    protocol.is_some_and(|p| words.iter().any(|w| p.eq_ignore_ascii_case(w)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_parse_and_print() {
        assert_eq!("readwrite".parse::<Access>(), Ok(Access::ReadWrite));
        assert_eq!(Auth::OAuth2.to_string(), "oauth2");
        let err = "oauth".parse::<Auth>().unwrap_err().to_string();
        assert!(err.contains("did you mean `oauth2`"), "{err}");
    }

    #[test]
    fn protocol_defaults_follow_the_format() {
        assert_eq!(default_mode(Some("Kafka")), Mode::Async);
        assert_eq!(default_mode(Some("grpc")), Mode::Sync);
        assert_eq!(default_mode(None), Mode::Sync);
        assert!(default_tls(Some("s3")));
        assert!(!default_tls(Some("sql")));
        assert!(!default_tls(Some("my-proto")));
    }

    #[test]
    fn closest_ignores_far_words() {
        assert_eq!(closest("replica", ["replicas", "rps"]), Some("replicas"));
        assert_eq!(closest("zzz", ["replicas", "rps"]), None);
        assert_eq!(closest("wbe", ["web", "api"]), Some("web"));
        assert_eq!(closest("b", ["a", "c"]), None);
    }
}
