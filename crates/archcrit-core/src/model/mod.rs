//! The design model: components, links, zones, requirements and accepted
//! findings, and the `Edit`s that change them. Pure data: no I/O.

mod client_load;
mod component;
mod design;
mod edit;
mod field;
mod flow;
mod id;
mod kind;
mod link;
mod parts;
mod unstated;
mod words;

/// The user's own `x-` fields, kept verbatim and in order.
pub type Extra = indexmap::IndexMap<String, crate::file::yaml::Value>;

pub use client_load::ClientLoad;
pub use component::{Component, ComponentField, UnknownField, unknown_field};
pub(crate) use design::DesignHeader;
pub use design::{BrokenInvariant, Design};
pub use edit::{Edit, EditError};
pub use field::{FieldError, FieldType, FieldValue, Range, SetError, format_number};
pub use flow::{FLOW_KEYS, Flow, FlowError, Flows};
pub use id::{BadId, ComponentId, check_id};
pub use kind::{Kind, KindDefaults, UnknownKind};
pub use link::{Link, LinkField, LinkKey};
pub use parts::{Acceptance, RequirementField, Requirements, TranscriptEntry, Zone};
pub use unstated::Unstated;
pub use words::{
    Access, Auth, Consistency, Delivery, KNOWN_PROTOCOLS, Mode, RateLimit, Replication, UnknownWord, closest,
    default_mode, default_tls, is_cdc,
};
