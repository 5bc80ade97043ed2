//! What the inspector lists: a component's fields followed by its links, or
//! the fields of one link; the value a left-out link field means; and the
//! next word of a closed list, for cycling a field with one key.

use crate::state::State;
use archcrit_core::model::{
    Component, ComponentField, Design, FieldType, FieldValue, Kind, Link, LinkField, LinkKey, default_mode, default_tls,
};

/// One selectable row of the inspector for a component.
#[derive(Debug, Clone, PartialEq)]
pub enum InspectorRow {
    Field(ComponentField),
    /// One of the component's links (outgoing first, then incoming);
    /// opening it shows the link's fields.
    Link(LinkKey),
}

/// The fields the inspector lists for a component, in file order.
pub fn inspector_fields(kind: Kind) -> Vec<ComponentField> {
    ComponentField::ALL.iter().copied().filter(|f| f.applies_to(kind)).collect()
}

/// A component's rows: its fields, then its outgoing and incoming links.
pub fn component_rows(design: &Design, component: &Component) -> Vec<InspectorRow> {
    let mut rows: Vec<InspectorRow> = inspector_fields(component.kind).into_iter().map(InspectorRow::Field).collect();
    let id = component.id.as_str();
    rows.extend(design.outgoing(id).into_iter().map(|l| InspectorRow::Link(l.key())));
    rows.extend(design.incoming(id).into_iter().map(|l| InspectorRow::Link(l.key())));
    rows
}

/// The link the inspector shows, when one is selected and still exists.
pub fn shown_link(state: &State) -> Option<&Link> {
    state.selected_link().and_then(|k| state.doc.design().link(k))
}

/// What a left-out link field means, as the inspector shows it.
pub fn link_default(link: &Link, field: LinkField) -> String {
    match field {
        LinkField::Protocol => "none".into(),
        LinkField::Mode => default_mode(link.protocol.as_deref()).to_string(),
        LinkField::Calls => "1".into(),
        LinkField::Access => link.effective_access().to_string(),
        LinkField::Tls => default_tls(link.protocol.as_deref()).to_string(),
        LinkField::Auth => "none".into(),
        LinkField::Label => "-".into(),
    }
}

/// The value a link field has in effect (its own, or the default), as a word.
fn link_effective(link: &Link, field: LinkField) -> String {
    link.get(field).map_or_else(|| link_default(link, field), |v| v.to_string())
}

/// The value a component field has in effect, as a word, for the fields
/// with a closed list of values.
fn component_effective(component: &Component, field: ComponentField) -> Option<String> {
    if let Some(v) = component.get(field) {
        return Some(v.to_string());
    }
    Some(match field {
        ComponentField::Stateful => component.effective_stateful().to_string(),
        ComponentField::Public | ComponentField::Managed | ComponentField::Dlq => "false".into(),
        ComponentField::Auth => "none".into(),
        _ => return None,
    })
}

/// The word after `current` in a closed list (wrapping round); `None` for
/// fields that are not a closed list. Kinds are left out: changing a kind
/// is a decision, not a toggle.
fn next_word(field_type: FieldType, current: &str) -> Option<FieldValue> {
    if field_type == FieldType::Kind {
        return None;
    }
    let words = field_type.choices();
    let at = words.iter().position(|w| *w == current);
    let next = match at {
        Some(i) => words.get((i + 1) % words.len()),
        None => words.first(),
    }?;
    field_type.parse(next).ok()
}

/// The next value of a link field with a closed list of values.
pub fn next_link_value(link: &Link, field: LinkField) -> Option<FieldValue> {
    next_word(field.field_type(), &link_effective(link, field))
}

/// The next value of a component field with a closed list of values.
pub fn next_component_value(component: &Component, field: ComponentField) -> Option<FieldValue> {
    next_word(field.field_type(), &component_effective(component, field)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use archcrit_core::model::{ComponentId, Edit, Mode};

    fn id(s: &str) -> ComponentId {
        ComponentId::new(s).unwrap()
    }

    #[test]
    fn a_component_lists_its_fields_then_links_out_then_in() {
        let mut d = Design::new("t");
        for (name, kind) in [("web", Kind::Client), ("api", Kind::Service), ("db", Kind::Database)] {
            d.apply(Edit::AddComponent { component: Component::new(id(name), kind), index: None }).unwrap();
        }
        for (a, b) in [("web", "api"), ("api", "db")] {
            d.apply(Edit::Connect { link: Link::new(id(a), id(b)), index: None }).unwrap();
        }
        let api = d.component("api").unwrap();
        let rows = component_rows(&d, api);
        let fields = inspector_fields(Kind::Service).len();
        assert_eq!(rows.len(), fields + 2);
        assert_eq!(rows[fields], InspectorRow::Link(LinkKey::new(id("api"), id("db"), None)));
        assert_eq!(rows[fields + 1], InspectorRow::Link(LinkKey::new(id("web"), id("api"), None)));
    }

    #[test]
    fn cycling_starts_from_the_value_in_effect() {
        let queue = Link::new(id("a"), id("q")).with_protocol("kafka");
        assert_eq!(next_link_value(&queue, LinkField::Mode), Some(FieldValue::Mode(Mode::Sync)));
        let web = Link::new(id("a"), id("b")).with_protocol("https");
        assert_eq!(next_link_value(&web, LinkField::Mode), Some(FieldValue::Mode(Mode::Async)));
        assert_eq!(next_link_value(&web, LinkField::Tls), Some(FieldValue::Flag(false)));
        assert_eq!(next_link_value(&web, LinkField::Calls), None, "numbers are typed, not cycled");
        let db = Component::new(id("db"), Kind::Database);
        assert_eq!(next_component_value(&db, ComponentField::Stateful), Some(FieldValue::Flag(false)));
        assert_eq!(next_component_value(&db, ComponentField::Kind), None);
    }
}
