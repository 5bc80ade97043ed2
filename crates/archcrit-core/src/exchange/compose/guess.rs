//! What a compose service probably is: its technology and kind from the
//! catalogue (by image, build or service name), and the links its
//! environment implies (connection strings and `*_HOST=name` settings) with
//! their protocols. Heuristics live here only.

use crate::model::Kind;
use crate::tech::{Technology, catalogue};

/// The last path segment of an image, without tag or digest:
/// `docker.io/bitnami/postgresql:16@sha256:…` -> `postgresql`.
pub fn image_name(image: &str) -> String {
    let no_digest = image.split('@').next().unwrap_or(image);
    let last = no_digest.rsplit('/').next().unwrap_or(no_digest);
    last.split(':').next().unwrap_or(last).to_ascii_lowercase()
}

/// The technology a name (image, build context or service name) is, from
/// the catalogue.
pub fn technology_of(name: &str) -> Option<&'static Technology> {
    catalogue().lookup(name)
}

/// The kind a name suggests: the catalogue's kind for the technology it names.
pub fn kind_of(name: &str) -> Option<Kind> {
    technology_of(name).map(|t| t.kind)
}

/// The protocol a URL scheme implies.
pub fn protocol_of_scheme(scheme: &str) -> String {
    match scheme.to_ascii_lowercase().as_str() {
        "postgres" | "postgresql" | "mysql" | "mariadb" | "sqlserver" | "mssql" | "jdbc" | "cockroachdb" => {
            "sql".into()
        }
        "redis" | "rediss" | "valkey" => "redis".into(),
        "amqp" | "amqps" => "amqp".into(),
        "kafka" => "kafka".into(),
        "https" => "https".into(),
        "http" => "http".into(),
        "grpc" => "grpc".into(),
        "ws" | "wss" => "websocket".into(),
        "s3" => "s3".into(),
        "sqs" => "sqs".into(),
        "tcp" => "tcp".into(),
        other => other.to_string(),
    }
}

/// The protocol a link to a component of `kind` most likely speaks, when
/// nothing says (a bare `depends_on`).
pub fn protocol_for_kind(kind: Kind, image: &str) -> Option<String> {
    let p = match kind {
        Kind::Database if image.contains("mongo") => "mongodb",
        Kind::Database => "sql",
        Kind::Cache if image.contains("memcached") => "tcp",
        Kind::Cache => "redis",
        Kind::Queue if image.contains("nats") => "nats",
        Kind::Queue => "amqp",
        Kind::Stream => "kafka",
        Kind::Storage => "s3",
        Kind::Search | Kind::Monitoring | Kind::Identity => "http",
        _ => return None,
    };
    Some(p.to_string())
}

/// Hosts named by one environment setting, with the protocol the setting
/// implies (`None`: decided by the target's kind). Handles
/// `scheme://user:pass@host:port/path` (several, comma-separated, as in
/// broker lists) and `*_HOST`/`*_ADDR`/`*_SERVER(S)`/`*_BROKERS=host[:port]`.
pub fn hosts_in(key: &str, value: &str) -> Vec<(String, Option<String>)> {
    let mut found = Vec::new();
    for part in value.split([',', ' ', ';']).filter(|p| !p.is_empty()) {
        if let Some((scheme, rest)) = part.split_once("://") {
            let scheme = scheme.rsplit(':').next().unwrap_or(scheme); // jdbc:postgresql://
            let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
            let host_port = authority.rsplit('@').next().unwrap_or(authority);
            let host = host_port.split(':').next().unwrap_or(host_port);
            if !host.is_empty() {
                found.push((host.to_string(), Some(protocol_of_scheme(scheme))));
            }
        }
    }
    if !found.is_empty() {
        return found;
    }
    let key = key.to_ascii_uppercase();
    let hosty = [
        "_HOST",
        "_HOSTS",
        "_HOSTNAME",
        "_ADDR",
        "_ADDRESS",
        "_SERVER",
        "_SERVERS",
        "_BROKERS",
        "_BROKER",
        "_ENDPOINT",
        "_URL",
        "_URI",
    ];
    if hosty.iter().any(|s| key.ends_with(s)) || key == "HOST" {
        for part in value.split([',', ' ']).filter(|p| !p.is_empty()) {
            let host = part.split(':').next().unwrap_or(part);
            let protocol = key.contains("KAFKA").then(|| "kafka".to_string());
            found.push((host.to_string(), protocol));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_names_lose_registry_tag_and_digest() {
        assert_eq!(image_name("docker.io/bitnami/postgresql:16@sha256:abc"), "postgresql");
        assert_eq!(image_name("redis"), "redis");
        assert_eq!(image_name("ghcr.io/org/app:${TAG:-latest}"), "app");
    }

    #[test]
    fn kinds_from_names() {
        assert_eq!(kind_of("postgres"), Some(Kind::Database));
        assert_eq!(kind_of("valkey"), Some(Kind::Cache));
        assert_eq!(kind_of("confluentinc/cp-kafka"), Some(Kind::Stream));
        assert_eq!(kind_of("traefik"), Some(Kind::Gateway));
        assert_eq!(kind_of("nginx"), Some(Kind::LoadBalancer));
        assert_eq!(kind_of("otel-collector"), Some(Kind::Monitoring));
        assert_eq!(kind_of("mcr.microsoft.com/azure-sql-edge"), Some(Kind::Database));
        assert_eq!(kind_of("my-api"), None);
    }

    #[test]
    fn hosts_from_connection_strings() {
        assert_eq!(hosts_in("DATABASE_URL", "postgres://u:p@db:5432/app"), [("db".into(), Some("sql".into()))]);
        assert_eq!(hosts_in("X", "jdbc:postgresql://db/app"), [("db".into(), Some("sql".into()))]);
        assert_eq!(hosts_in("REDIS_URL", "redis://cache"), [("cache".into(), Some("redis".into()))]);
        assert_eq!(hosts_in("DB_HOST", "db"), [("db".into(), None)]);
        assert_eq!(hosts_in("KAFKA_BROKERS", "k1:9092,k2:9092").len(), 2);
        assert_eq!(hosts_in("GREETING", "hello world"), []);
        assert_eq!(hosts_in("FLASK_SERVER_ADDR", "flask-app:8000"), [("flask-app".into(), None)]);
        assert_eq!(hosts_in("BACKEND_URL", "backend:3000"), [("backend".into(), None)]);
        assert_eq!(hosts_in("URL", "postgres://${USER}:${PASS}@db/x"), [("db".into(), Some("sql".into()))]);
    }
}
