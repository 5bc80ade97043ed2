//! Where the catalogue comes from: the file shipped in the binary, plus
//! *.yaml files from a directory that add entries or replace shipped ones
//! by name. The process uses one catalogue, installed once at start-up (the
//! CLI installs the merged one; anything else gets the shipped file).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::Deserialize;

use super::{Catalogue, Technology};
use crate::file::yaml;

/// The catalogue shipped with archcrit.
pub const EMBEDDED: &str = include_str!("../../../../assets/technologies.yaml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    technologies: Vec<Technology>,
}

/// Why a catalogue could not be read; each names the file.
#[derive(Debug, thiserror::Error)]
pub enum CatalogueError {
    /// A file that does not parse, at its line and column.
    #[error("{origin}:{line}:{column}: {message}")]
    At { origin: String, line: usize, column: usize, message: String },
    /// A file that does not parse, with no place.
    #[error("{origin}: {message}")]
    In { origin: String, message: String },
    /// A file that could not be read.
    #[error("{}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Reads one catalogue file; errors name the file, line and column.
pub fn parse(text: &str, origin: &str) -> Result<Vec<Technology>, CatalogueError> {
    yaml::from_str::<File>(text).map(|f| f.technologies).map_err(|e| {
        let origin = origin.to_string();
        match (e.line, e.column) {
            (Some(line), Some(column)) => CatalogueError::At { origin, line, column, message: e.message },
            _ => CatalogueError::In { origin, message: e.message },
        }
    })
}

/// The shipped catalogue plus the *.yaml files of each of `dirs` (files in
/// name order; a later directory wins; a missing directory adds nothing). A
/// broken file is an error: a silently ignored override would leave the
/// user wondering why it has no effect.
pub fn load_dirs(dirs: &[&Path]) -> Result<Catalogue, CatalogueError> {
    let mut list = parse(EMBEDDED, "assets/technologies.yaml")?;
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else { continue };
        let mut files: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
            .collect();
        files.sort();
        for path in files {
            let text =
                std::fs::read_to_string(&path).map_err(|source| CatalogueError::Read { path: path.clone(), source })?;
            list.extend(parse(&text, &path.display().to_string())?);
        }
    }
    Ok(Catalogue::new(list))
}

static INSTALLED: OnceLock<Catalogue> = OnceLock::new();

/// Makes `catalogue` the one the process uses; only the first call counts
/// (returns false when one was already in use).
pub fn install(catalogue: Catalogue) -> bool {
    INSTALLED.set(catalogue).is_ok()
}

/// The process's catalogue: the installed one, else the shipped file. A test
/// guarantees the shipped file parses; were it broken the catalogue would be
/// empty rather than crash.
pub fn catalogue() -> &'static Catalogue {
    INSTALLED.get_or_init(|| load_dirs(&[]).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;

    #[test]
    fn the_shipped_catalogue_parses_and_is_broad() {
        let cat = load_dirs(&[]).unwrap();
        assert!(cat.len() >= 80, "{}", cat.len());
        for kind in [Kind::Database, Kind::Cache, Kind::Queue, Kind::Stream, Kind::Search, Kind::Storage] {
            assert!(cat.all().iter().filter(|t| t.kind == kind).count() >= 3, "{kind}");
        }
        assert!(cat.all().iter().filter(|t| t.managed).count() >= 10);
        assert!(cat.all().iter().filter(|t| t.admin_console).count() >= 8);
        // What a console manages is named as the catalogue names it.
        for t in cat.all() {
            for name in &t.manages {
                assert!(cat.all().iter().any(|m| &m.name == name), "{} manages unknown {name}", t.name);
            }
        }
        assert!(cat.all().iter().filter(|t| !t.manages.is_empty()).count() >= 6);
    }

    #[test]
    fn lookups_by_name_image_and_words() {
        let cat = load_dirs(&[]).unwrap();
        let name = |q: &str| cat.lookup(q).map(|t| t.name.as_str());
        assert_eq!(name("postgres:16-alpine"), Some("PostgreSQL"));
        assert_eq!(name("bitnami/postgresql"), Some("PostgreSQL"));
        assert_eq!(name("docker.io/bitnami/postgresql:16@sha256:abc"), Some("PostgreSQL"));
        assert_eq!(name("mcr.microsoft.com/azure-sql-edge:1.0.4"), Some("Microsoft SQL Server"));
        assert_eq!(name("mcr.microsoft.com/mssql/server:2022-latest"), Some("Microsoft SQL Server"));
        assert_eq!(name("POSTGRESQL"), Some("PostgreSQL"));
        assert_eq!(name("PostgreSQL 16"), Some("PostgreSQL"));
        assert_eq!(name("Redis<br/>Port: 6379"), Some("Redis"));
        assert_eq!(name("Apache Kafka"), Some("Apache Kafka"));
        assert_eq!(name("confluentinc/cp-kafka:7.5.0"), Some("Apache Kafka"));
        assert_eq!(name("provectuslabs/kafka-ui"), Some("Kafka UI"));
        assert_eq!(name("RabbitMQ Queue"), Some("RabbitMQ"));
        assert_eq!(name("dpage/pgadmin4:latest"), Some("pgAdmin"));
        assert_eq!(name("portainer/portainer-ce:2.19.4"), Some("Portainer"));
        assert_eq!(name("docker.elastic.co/kibana/kibana:8.11.0"), Some("Kibana"));
        assert_eq!(name("grafana/grafana-oss"), Some("Grafana"));
        assert_eq!(name("itzg/minecraft-server"), Some("Minecraft server"));
        assert_eq!(name("Rust/axum"), None);
        assert_eq!(name("my-company/orders-api:1.2"), None);
        assert_eq!(name(""), None);
    }

    #[test]
    fn a_directory_adds_and_replaces_by_name() {
        let dir = std::env::temp_dir().join(format!("archcrit-tech-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("ours.yaml"),
            "technologies:\n  - {name: Orders API, images: [acme/orders], kind: service, protocol: grpc}\n  - {name: Redis, also: [redis], kind: database, protocol: redis}\n",
        )
        .unwrap();
        let cat = load_dirs(&[&dir]).unwrap();
        assert_eq!(cat.lookup("ghcr.io/acme/orders:3").map(|t| t.kind), Some(Kind::Service));
        assert_eq!(cat.lookup("redis:7").map(|t| t.kind), Some(Kind::Database));
        std::fs::write(dir.join("ours.yaml"), "technologies:\n  - {name: X, kind: servce, protocol: http}\n").unwrap();
        let err = load_dirs(&[&dir]).unwrap_err().to_string();
        assert!(err.contains("ours.yaml:2:") && err.contains("servce"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
