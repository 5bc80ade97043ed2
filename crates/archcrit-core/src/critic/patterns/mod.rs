//! The pattern catalogue (assets/patterns.yaml, embedded; a file on disk
//! can replace it) and the mechanical transformations that apply a pattern
//! to a design as one undoable `Edit::Batch`. Transformations only build
//! edits; the caller applies them.

mod build;
mod reroute;
mod settings;

use std::sync::OnceLock;

use serde::Deserialize;
use thiserror::Error;

use super::report::Finding;
use crate::file::yaml;
use crate::model::{Design, Edit};

/// The catalogue shipped with archcrit.
pub const EMBEDDED: &str = include_str!("../../../../../assets/patterns.yaml");

/// The patterns that have a mechanical transformation.
pub const TRANSFORMABLE: &[&str] = &[
    "redundancy",
    "cache-aside",
    "queue-load-leveling",
    "api-gateway",
    "rate-limiting",
    "oauth2-jwt",
    "tls-everywhere",
    "dead-letter-queue",
    "observability",
    "transactional-outbox",
    "batching",
    "publish-subscribe",
];

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pattern {
    pub id: String,
    pub name: String,
    pub problem: String,
    pub solution: String,
    pub trade_offs: String,
    pub when_not: String,
    #[serde(default)]
    pub related_rules: Vec<String>,
}

impl Pattern {
    pub fn has_transformation(&self) -> bool {
        TRANSFORMABLE.contains(&self.id.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    pub patterns: Vec<Pattern>,
}

impl Catalogue {
    /// Reads a catalogue in the format of assets/patterns.yaml; `origin`
    /// names the file in the error.
    pub fn from_yaml(text: &str, origin: &str) -> Result<Catalogue, CatalogueError> {
        yaml::from_str::<Catalogue>(text)
            .map_err(|error| CatalogueError { origin: origin.to_string(), error: Box::new(error) })
    }

    pub fn get(&self, id: &str) -> Option<&Pattern> {
        self.patterns.iter().find(|p| p.id == id)
    }
}

/// The embedded catalogue, parsed once. A test guarantees it parses; were
/// it ever broken the catalogue would be empty rather than crash the app.
pub fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        Catalogue::from_yaml(EMBEDDED, "assets/patterns.yaml").unwrap_or(Catalogue { patterns: Vec::new() })
    })
}

/// A catalogue file that does not parse: which file, and the YAML error
/// (shown as `file:line:column: message`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueError {
    pub origin: String,
    pub error: Box<yaml::YamlError>,
}

impl std::fmt::Display for CatalogueError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.error.line, self.error.column) {
            (Some(l), Some(c)) => write!(f, "{}:{l}:{c}: {}", self.origin, self.error.message),
            _ => write!(f, "{}: {}", self.origin, self.error.message),
        }
    }
}

impl std::error::Error for CatalogueError {}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PatternError {
    #[error("there is no pattern `{0}` in the catalogue")]
    Unknown(String),
    #[error("{0} has no mechanical transformation: its catalogue entry says how to apply it by hand")]
    NotMechanical(String),
    #[error("{pattern} does not apply to this finding: {reason}")]
    DoesNotApply { pattern: String, reason: String },
}

impl PatternError {
    /// A refusal of `pattern` for this finding, with the reason.
    pub fn no(pattern: &str, reason: impl Into<String>) -> Self {
        PatternError::DoesNotApply { pattern: pattern.to_string(), reason: reason.into() }
    }
}

/// Builds the edit that applies `pattern_id` to the problem `finding`
/// describes in `design`: one `Edit::Batch` (one undo step). The design is
/// not changed.
pub fn transform(design: &Design, pattern_id: &str, finding: &Finding) -> Result<Edit, PatternError> {
    let Some(pattern) = catalogue().get(pattern_id) else {
        return Err(PatternError::Unknown(pattern_id.to_string()));
    };
    let edits = match pattern_id {
        "redundancy" => settings::redundancy(design, finding)?,
        "rate-limiting" => settings::rate_limiting(design, finding)?,
        "oauth2-jwt" => settings::oauth2_jwt(design, finding)?,
        "tls-everywhere" => settings::tls_everywhere(design, finding)?,
        "dead-letter-queue" => settings::dead_letter_queue(design, finding)?,
        "observability" => settings::observability(design, finding)?,
        "batching" => settings::batching(design, finding)?,
        "publish-subscribe" => settings::publish_subscribe(design, finding)?,
        "cache-aside" => reroute::cache_aside(design, finding)?,
        "queue-load-leveling" => reroute::queue_load_leveling(design, finding)?,
        "api-gateway" => reroute::api_gateway(design, finding)?,
        "transactional-outbox" => reroute::transactional_outbox(design, finding)?,
        _ => return Err(PatternError::NotMechanical(pattern.name.clone())),
    };
    if edits.is_empty() {
        return Err(PatternError::no(&pattern.name, "the design already does what it asks"));
    }
    let subject = finding.subject().map(|s| format!(" to {s}")).unwrap_or_default();
    Ok(Edit::Batch { label: format!("apply {}{subject}", pattern.name), edits })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::critic::rules;

    #[test]
    fn the_embedded_catalogue_parses_and_covers_every_suggested_pattern() {
        let cat = Catalogue::from_yaml(EMBEDDED, "patterns.yaml").unwrap();
        assert_eq!(catalogue(), &cat);
        for p in &cat.patterns {
            assert!(
                !p.problem.is_empty() && !p.solution.is_empty() && !p.trade_offs.is_empty() && !p.when_not.is_empty()
            );
            for r in &p.related_rules {
                assert!(rules::find(r).is_some(), "{} names unknown rule {r}", p.id);
            }
        }
        for rule in rules::all() {
            for id in rule.patterns {
                assert!(cat.get(id).is_some(), "{} suggests {id}, missing from the catalogue", rule.id);
            }
        }
        for id in TRANSFORMABLE {
            assert!(cat.get(id).is_some(), "{id}");
        }
    }

    #[test]
    fn a_broken_catalogue_names_file_and_line() {
        let err = Catalogue::from_yaml("patterns:\n  - id: x\n    nme: y\n", "mine.yaml").unwrap_err().to_string();
        assert!(err.starts_with("mine.yaml:3:"), "{err}");
    }
}
