//! What plain words in a diagram's node mean when no technology is named:
//! "client", "user" or "browser" is a client, "gateway" a gateway. Used
//! by the Mermaid importer before a node's shape decides.

use crate::model::Kind;

/// Words that make a node a client: the people and programs that start requests.
const CLIENT_WORDS: &[&str] = &[
    "client",
    "clients",
    "user",
    "users",
    "browser",
    "browsers",
    "app",
    "mobile",
    "customer",
    "customers",
    "frontend",
];

/// Words that make a name a server-side thing even next to a client word
/// (`User Service`, `Mobile App Backend`).
const SERVER_WORDS: &[&str] =
    &["service", "svc", "api", "server", "backend", "manager", "management", "db", "database", "store", "handler"];

/// Words that name a kind outright, checked after the catalogue.
const KIND_WORDS: &[(&str, Kind)] = &[
    ("gateway", Kind::Gateway),
    ("cdn", Kind::Cdn),
    ("lb", Kind::LoadBalancer),
    ("balancer", Kind::LoadBalancer),
    ("proxy", Kind::LoadBalancer),
    ("database", Kind::Database),
    ("db", Kind::Database),
    ("cache", Kind::Cache),
    ("queue", Kind::Queue),
    ("broker", Kind::Queue),
    ("topic", Kind::Stream),
    ("stream", Kind::Stream),
    ("bucket", Kind::Storage),
    ("storage", Kind::Storage),
    ("search", Kind::Search),
    ("worker", Kind::Worker),
    ("consumer", Kind::Worker),
    ("lambda", Kind::Function),
    ("function", Kind::Function),
    ("auth", Kind::Identity),
    ("identity", Kind::Identity),
    ("monitoring", Kind::Monitoring),
];

/// The words of a name, lower-case: `HTTP Client` -> [http, client],
/// `gateway-service` -> [gateway, service], `Redis<br/>Port: 6379` -> [redis, br, port, 6379].
pub(crate) fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '.'))
        .map(|w| w.trim_matches('.').to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether the words of a name say it is a client (`HTTP Client`, `Web browser`, `Mobile app`, `user`).
pub fn means_client(text: &str) -> bool {
    let w = words(text);
    w.iter().any(|w| CLIENT_WORDS.contains(&w.as_str())) && !w.iter().any(|w| SERVER_WORDS.contains(&w.as_str()))
}

/// Words a name may end with that say nothing of its kind (`gateway-service`, `db-1`).
const FILLER: &[&str] = &["service", "svc", "server", "node", "instance", "cluster", "container", "primary"];

/// The kind the name's last word states, English putting the noun last
/// (`Search cache` is a cache, `orders-db` a database, `gateway-service` a
/// gateway); `search-api` names none (an API that searches is a service).
pub fn kind_word(text: &str) -> Option<Kind> {
    let w = words(text);
    let last = w.iter().rev().find(|w| !FILLER.contains(&w.as_str()) && !w.chars().all(|c| c.is_ascii_digit()))?;
    KIND_WORDS.iter().find(|(k, _)| k == last).map(|(_, kind)| *kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_markup_and_punctuation() {
        assert_eq!(words("Redis<br/>Port: 6379"), ["redis", "br", "port", "6379"]);
        assert_eq!(words("gateway-service"), ["gateway", "service"]);
    }

    #[test]
    fn clients_and_kind_words() {
        assert!(means_client("HTTP Client"));
        assert!(means_client("Web browser"));
        assert!(!means_client("orders service"));
        assert!(!means_client("User Service"));
        assert_eq!(kind_word("gateway-service"), Some(Kind::Gateway));
        assert_eq!(kind_word("Orders DB"), Some(Kind::Database));
        assert_eq!(kind_word("Search cache"), Some(Kind::Cache));
        assert_eq!(kind_word("orders"), None);
        assert_eq!(kind_word("search-api"), None);
        assert_eq!(kind_word("db-1"), Some(Kind::Database));
    }
}
