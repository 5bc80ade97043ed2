//! A link (an arrow between two components): its fields as the file spells
//! them, effective values, the key that makes links unique, and field access.

use std::fmt;

use indexmap::IndexMap;

use super::Extra;
use super::field::{FieldType, FieldValue, Range};
use super::id::ComponentId;
use super::words::{Access, Auth, Mode, default_mode, default_tls};

#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub from: ComponentId,
    pub to: ComponentId,
    pub protocol: Option<String>,
    pub mode: Option<Mode>,
    pub calls: Option<f64>,
    pub access: Option<Access>,
    pub tls: Option<bool>,
    pub auth: Option<Auth>,
    pub label: Option<String>,
    pub extra: Extra,
}

/// Two links with the same from, to and protocol (case-insensitive, absent
/// counting as one value) are the same link: the format forbids duplicates.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LinkKey {
    pub from: ComponentId,
    pub to: ComponentId,
    /// Lowercased protocol; `None` when the link names none.
    pub protocol: Option<String>,
}

impl LinkKey {
    pub fn new(from: ComponentId, to: ComponentId, protocol: Option<&str>) -> Self {
        LinkKey { from, to, protocol: protocol.map(str::to_lowercase) }
    }
}

impl fmt::Display for LinkKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} -> {}", self.from, self.to)?;
        if let Some(p) = &self.protocol {
            write!(f, " ({p})")?;
        }
        Ok(())
    }
}

impl Link {
    pub fn new(from: ComponentId, to: ComponentId) -> Self {
        Link {
            from,
            to,
            protocol: None,
            mode: None,
            calls: None,
            access: None,
            tls: None,
            auth: None,
            label: None,
            extra: IndexMap::new(),
        }
    }

    pub fn with_protocol(mut self, protocol: impl Into<String>) -> Self {
        self.protocol = Some(protocol.into());
        self
    }

    pub fn key(&self) -> LinkKey {
        LinkKey::new(self.from.clone(), self.to.clone(), self.protocol.as_deref())
    }

    pub fn effective_mode(&self) -> Mode {
        self.mode.unwrap_or_else(|| default_mode(self.protocol.as_deref()))
    }

    pub fn is_sync(&self) -> bool {
        self.effective_mode() == Mode::Sync
    }

    pub fn effective_calls(&self) -> f64 {
        self.calls.unwrap_or(1.0)
    }

    pub fn effective_access(&self) -> Access {
        self.access.unwrap_or(Access::ReadWrite)
    }

    pub fn effective_tls(&self) -> bool {
        self.tls.unwrap_or_else(|| default_tls(self.protocol.as_deref()))
    }

    pub fn has_auth(&self) -> bool {
        self.auth.is_some_and(Auth::is_some_auth)
    }

    pub fn get(&self, field: LinkField) -> Option<FieldValue> {
        match field {
            LinkField::Protocol => self.protocol.clone().map(FieldValue::Text),
            LinkField::Mode => self.mode.map(FieldValue::Mode),
            LinkField::Calls => self.calls.map(FieldValue::Number),
            LinkField::Access => self.access.map(FieldValue::Access),
            LinkField::Tls => self.tls.map(FieldValue::Flag),
            LinkField::Auth => self.auth.map(FieldValue::Auth),
            LinkField::Label => self.label.clone().map(FieldValue::Text),
        }
    }

    /// Sets or clears a field after checking it; returns the previous value.
    /// Changing `protocol` changes the link's key: the design handles that.
    pub fn set(
        &mut self,
        field: LinkField,
        value: Option<FieldValue>,
    ) -> Result<Option<FieldValue>, super::field::SetError> {
        let value = match value {
            Some(v) => {
                field
                    .field_type()
                    .check(&v)
                    .map_err(|source| super::field::SetError::Value { field: field.as_str(), source })?;
                Some(field.field_type().normalise(v))
            }
            None => None,
        };
        let old = self.get(field);
        match (field, value) {
            (LinkField::Protocol, Some(FieldValue::Text(s))) => self.protocol = Some(s),
            (LinkField::Label, Some(FieldValue::Text(s))) => self.label = Some(s),
            (LinkField::Mode, Some(FieldValue::Mode(m))) => self.mode = Some(m),
            (LinkField::Calls, Some(FieldValue::Number(n))) => self.calls = Some(n),
            (LinkField::Access, Some(FieldValue::Access(a))) => self.access = Some(a),
            (LinkField::Tls, Some(FieldValue::Flag(b))) => self.tls = Some(b),
            (LinkField::Auth, Some(FieldValue::Auth(a))) => self.auth = Some(a),
            (LinkField::Protocol, None) => self.protocol = None,
            (LinkField::Label, None) => self.label = None,
            (LinkField::Mode, None) => self.mode = None,
            (LinkField::Calls, None) => self.calls = None,
            (LinkField::Access, None) => self.access = None,
            (LinkField::Tls, None) => self.tls = None,
            (LinkField::Auth, None) => self.auth = None,
            (f, v) => {
                return Err(super::field::SetError::CannotHold { field: f.as_str(), value: format!("{v:?}") });
            }
        }
        Ok(old)
    }
}

/// The settable fields of a link (from and to are its identity).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinkField {
    Protocol,
    Mode,
    Calls,
    Access,
    Tls,
    Auth,
    Label,
}

impl LinkField {
    pub const ALL: [LinkField; 7] = [
        LinkField::Protocol,
        LinkField::Mode,
        LinkField::Calls,
        LinkField::Access,
        LinkField::Tls,
        LinkField::Auth,
        LinkField::Label,
    ];

    /// Every key a link may have in the file, in canonical order.
    pub const FILE_KEYS: [&'static str; 9] =
        ["from", "to", "protocol", "mode", "calls", "access", "tls", "auth", "label"];

    pub fn as_str(self) -> &'static str {
        match self {
            LinkField::Protocol => "protocol",
            LinkField::Mode => "mode",
            LinkField::Calls => "calls",
            LinkField::Access => "access",
            LinkField::Tls => "tls",
            LinkField::Auth => "auth",
            LinkField::Label => "label",
        }
    }

    pub fn parse(name: &str) -> Result<Self, super::component::UnknownField> {
        LinkField::ALL.iter().copied().find(|f| f.as_str() == name).ok_or_else(|| super::component::UnknownField {
            name: name.to_string(),
            known: LinkField::FILE_KEYS.to_vec(),
        })
    }

    pub fn field_type(self) -> FieldType {
        match self {
            LinkField::Protocol | LinkField::Label => FieldType::Text,
            LinkField::Mode => FieldType::Mode,
            LinkField::Calls => FieldType::Number(Range::Positive),
            LinkField::Access => FieldType::Access,
            LinkField::Tls => FieldType::Flag,
            LinkField::Auth => FieldType::Auth,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> ComponentId {
        ComponentId::new(s).unwrap()
    }

    #[test]
    fn keys_ignore_protocol_case() {
        let a = Link::new(id("a"), id("b")).with_protocol("HTTPS");
        let b = Link::new(id("a"), id("b")).with_protocol("https");
        assert_eq!(a.key(), b.key());
        assert_ne!(a.key(), Link::new(id("a"), id("b")).key());
        let upper = Link::new(id("a"), id("b")).with_protocol("ÜDP");
        assert_eq!(upper.key(), Link::new(id("a"), id("b")).with_protocol("üdp").key());
    }

    #[test]
    fn effective_values_follow_the_protocol() {
        let l = Link::new(id("a"), id("q")).with_protocol("kafka");
        assert!(!l.is_sync());
        assert!(!l.effective_tls());
        assert_eq!(l.effective_calls(), 1.0);
        let l = Link::new(id("a"), id("b")).with_protocol("grpc");
        assert!(l.is_sync());
        assert!(l.effective_tls());
    }

    #[test]
    fn calls_must_be_positive() {
        let mut l = Link::new(id("a"), id("b"));
        assert!(l.set(LinkField::Calls, Some(FieldValue::Number(0.0))).is_err());
        assert_eq!(l.set(LinkField::Calls, Some(FieldValue::Count(2))), Ok(None));
        assert_eq!(l.calls, Some(2.0));
    }
}
