//! Component ids: the stable names people write in the file
//! (`[a-z0-9][a-z0-9_-]*`). Graph indices never leave the model; these do.

use std::borrow::Borrow;
use std::fmt;
use std::sync::Arc;

/// Shared, immutable text: ids are copied into every link, finding, layout
/// entry and design snapshot, so a copy is a reference count, not an
/// allocation (the critic at 1,000 components spent a fifth of its time
/// cloning and freeing id strings).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ComponentId(Arc<str>);

/// Why a string is not a valid id, in words a person can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadId(pub String);

impl fmt::Display for BadId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadId {}

impl ComponentId {
    pub fn new(s: impl Into<String>) -> Result<Self, BadId> {
        let s = s.into();
        check_id(&s)?;
        Ok(ComponentId(Arc::from(s)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Turns free text ("Orders DB") into the nearest valid id ("orders-db").
    pub fn slug(text: &str) -> ComponentId {
        let mut out = String::new();
        for ch in text.chars().flat_map(char::to_lowercase) {
            if ch.is_ascii_alphanumeric() || ch == '_' {
                out.push(ch);
            } else if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        }
        let trimmed = out.trim_matches(['-', '_']);
        ComponentId(Arc::from(if trimmed.is_empty() { "component" } else { trimmed }))
    }
}

/// The id rule of the format: a lowercase letter or digit first, then
/// lowercase letters, digits, `_` or `-`.
pub fn check_id(s: &str) -> Result<(), BadId> {
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return Err(BadId("an id cannot be empty".into()));
    };
    let fix = "ids use lowercase letters, digits, `_` and `-`, and start with a letter or digit (e.g. `orders-db`)";
    if !(first.is_ascii_lowercase() || first.is_ascii_digit()) {
        return Err(BadId(format!("`{s}` is not a valid id: {fix}")));
    }
    if let Some(bad) = chars.find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_' || *c == '-')) {
        return Err(BadId(format!("`{s}` is not a valid id (`{bad}` is not allowed): {fix}")));
    }
    Ok(())
}

impl fmt::Display for ComponentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Borrow<str> for ComponentId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for ComponentId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for ComponentId {
    type Err = BadId;
    fn from_str(s: &str) -> Result<Self, BadId> {
        ComponentId::new(s)
    }
}

impl serde::Serialize for ComponentId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_id_rule() {
        for ok in ["orders", "orders-db", "a", "0x", "svc_1"] {
            assert!(ComponentId::new(ok).is_ok(), "{ok}");
        }
        for bad in ["", "Orders", "-a", "_a", "a b", "a.b", "ä"] {
            assert!(ComponentId::new(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn slugs_are_valid_ids() {
        assert_eq!(ComponentId::slug("Orders DB").as_str(), "orders-db");
        assert_eq!(ComponentId::slug("  --").as_str(), "component");
        assert!(check_id(ComponentId::slug("Ünïcode 🚀 name").as_str()).is_ok());
    }
}
