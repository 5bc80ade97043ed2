//! Addresses in a pod's settings and what they point at: `host:port`,
//! URLs, `*_ADDR`/`*_HOST`/`*_URL` settings and cluster DNS names
//! (`svc`, `svc.ns`, `svc.ns.svc.cluster.local`), and the protocol a port
//! implies by its name or conventional number.

use crate::exchange::compose::hosts_in;

/// One address found in a setting: the host as written, its port if any,
/// and the protocol the setting itself states (a URL's scheme).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    pub host: String,
    pub port: Option<u32>,
    pub protocol: Option<String>,
}

/// Addresses in one setting. URLs and host-like keys come from the
/// compose reader's rules (one set of rules for both importers); a bare
/// `name:port` word, common in Kubernetes env values and args, counts too.
pub fn addresses_in(key: &str, value: &str) -> Vec<Address> {
    let port_of = |host: &str| {
        let after = value.split(host).nth(1)?;
        let digits: String = after.strip_prefix(':')?.chars().take_while(char::is_ascii_digit).collect();
        digits.parse().ok()
    };
    let mut found: Vec<Address> = hosts_in(key, value)
        .into_iter()
        .map(|(host, protocol)| Address { port: port_of(&host), host, protocol })
        .collect();
    if found.is_empty() {
        for word in value.split([',', ' ', ';']).filter(|w| !w.is_empty()) {
            if let Some((host, port)) = word.rsplit_once(':')
                && let Ok(port) = port.parse::<u32>()
                && is_host(host)
            {
                found.push(Address { host: host.to_string(), port: Some(port), protocol: None });
            }
        }
    }
    found.retain(|a| is_host(&a.host) && !is_loopback(&a.host));
    found
}

fn is_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 253
        && host.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        && host.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
}

fn is_loopback(host: &str) -> bool {
    host == "localhost" || host.starts_with("127.") || host == "0.0.0.0"
}

/// An IPv4 address: names nothing we can put on a board.
pub fn is_ip(host: &str) -> bool {
    host.split('.').count() == 4 && host.split('.').all(|p| p.parse::<u8>().is_ok())
}

/// The (service, namespace) pairs a cluster DNS name may mean, most
/// likely first: `cart` -> (cart, here); `cart.shop` -> (cart, shop), or a
/// StatefulSet pod `db-0.db` -> (db, here); `db-0.db.shop` -> (db, shop).
/// `.svc` and `.svc.cluster.local` suffixes are dropped first. `None` for
/// the namespace means the caller's own.
pub fn cluster_names(host: &str) -> Vec<(&str, Option<&str>)> {
    let host = host.strip_suffix(".cluster.local").unwrap_or(host);
    let host = host.strip_suffix(".svc").unwrap_or(host);
    let labels: Vec<&str> = host.split('.').collect();
    match labels.as_slice() {
        [service] => vec![(service, None)],
        [first, second] => vec![(first, Some(second)), (second, None)],
        [_pod, service, namespace] => vec![(service, Some(namespace))],
        _ => Vec::new(),
    }
}

/// The protocol a port speaks, from its name (the `<protocol>[-suffix]`
/// convention Istio and many charts use) or else its conventional number.
/// A transport word alone says little: `tcp-redis` speaks redis, and a
/// plain `tcp` port on 6379 too.
pub fn protocol_of_port(name: &str, number: Option<u32>) -> Option<String> {
    let words: Vec<String> = name.split(['-', '_']).map(str::to_ascii_lowercase).collect();
    let named: Vec<&'static str> = words.iter().filter_map(|w| protocol_word(w)).collect();
    let by_name = named.iter().copied().find(|p| *p != "tcp").or_else(|| named.first().copied());
    match by_name {
        Some("tcp") | None => {}
        Some(p) => return Some(p.to_string()),
    }
    by_number(number).or(by_name).map(str::to_string)
}

/// The protocol a word of a port's name says.
fn protocol_word(word: &str) -> Option<&'static str> {
    match word {
        "" => None,
        "http" | "http2" | "web" => Some("http"),
        "https" | "tls" => Some("https"),
        "grpc" => Some("grpc"),
        "redis" => Some("redis"),
        "postgres" | "postgresql" | "pg" | "mysql" | "mariadb" | "sql" | "mssql" => Some("sql"),
        "mongo" | "mongodb" => Some("mongodb"),
        "amqp" | "rabbitmq" => Some("amqp"),
        "kafka" => Some("kafka"),
        "tcp" => Some("tcp"),
        "ws" | "websocket" => Some("websocket"),
        _ => None,
    }
}

/// The protocol a conventional port number speaks.
fn by_number(number: Option<u32>) -> Option<&'static str> {
    let protocol = match number? {
        80 | 8080 | 8000 | 3000 | 5000 | 9200 | 8081 => "http",
        443 | 8443 => "https",
        50051 => "grpc",
        5432 | 3306 | 1433 | 26257 | 1521 => "sql",
        6379 => "redis",
        5672 => "amqp",
        9092 => "kafka",
        27017 => "mongodb",
        _ => return None,
    };
    Some(protocol)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_from_env_values_and_args() {
        assert_eq!(
            addresses_in("PRODUCT_CATALOG_SERVICE_ADDR", "productcatalogservice:3550"),
            [Address { host: "productcatalogservice".into(), port: Some(3550), protocol: None }]
        );
        assert_eq!(
            addresses_in("DATABASE_URL", "postgres://u:p@db.data.svc.cluster.local:5432/app"),
            [Address { host: "db.data.svc.cluster.local".into(), port: Some(5432), protocol: Some("sql".into()) }]
        );
        assert_eq!(addresses_in("", "redis-cart:6379")[0].host, "redis-cart");
        assert!(addresses_in("GREETING", "hello: world").is_empty());
        assert!(addresses_in("LISTEN_ADDR", "localhost:8080").is_empty());
    }

    #[test]
    fn cluster_dns_names() {
        assert_eq!(cluster_names("cart"), [("cart", None)]);
        assert_eq!(cluster_names("cart.shop"), [("cart", Some("shop")), ("shop", None)]);
        assert_eq!(cluster_names("cart.shop.svc.cluster.local")[0], ("cart", Some("shop")));
        assert_eq!(cluster_names("db-0.db.shop"), [("db", Some("shop"))]);
        assert!(cluster_names("eu.api.stripe.com").is_empty());
    }

    #[test]
    fn protocols_from_port_names_then_numbers() {
        assert_eq!(protocol_of_port("grpc-api", Some(9555)).as_deref(), Some("grpc"));
        assert_eq!(protocol_of_port("tcp-redis", Some(6379)).as_deref(), Some("redis"));
        assert_eq!(protocol_of_port("tcp", Some(6379)).as_deref(), Some("redis"));
        assert_eq!(protocol_of_port("tcp-app", Some(7000)).as_deref(), Some("tcp"));
        assert_eq!(protocol_of_port("", Some(5432)).as_deref(), Some("sql"));
        assert_eq!(protocol_of_port("metrics", Some(9999)), None);
    }
}
