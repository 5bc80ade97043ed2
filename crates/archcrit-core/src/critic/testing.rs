//! Test-only helpers that build designs through `Edit`s, so unit tests of
//! the critic do not depend on the file reader.

use crate::model::{Component, ComponentField, ComponentId, Design, Edit, FieldValue, Kind, Link, RequirementField};

pub fn id(s: &str) -> ComponentId {
    ComponentId::new(s).unwrap()
}

pub fn link(from: &str, to: &str) -> Link {
    Link::new(id(from), id(to))
}

pub fn design(comps: &[(&str, Kind)], links: &[Link]) -> Design {
    let mut d = Design::new("test");
    for (name, kind) in comps {
        d.apply(Edit::AddComponent { component: Component::new(id(name), *kind), index: None }).unwrap();
    }
    for l in links {
        d.apply(Edit::Connect { link: l.clone(), index: None }).unwrap();
    }
    d
}

pub fn set(d: &mut Design, comp: &str, field: ComponentField, value: FieldValue) {
    d.apply(Edit::SetComponent { id: id(comp), field, value: Some(value) }).unwrap();
}

pub fn require(d: &mut Design, field: RequirementField, value: FieldValue) {
    d.apply(Edit::SetRequirement { field, value: Some(value) }).unwrap();
}
