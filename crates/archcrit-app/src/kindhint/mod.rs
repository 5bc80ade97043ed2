//! The kind a technology implies, from the technology catalogue: the kind
//! picker pre-selects it for a technology typed into it ("postgres" ->
//! database) and says why; after a box's tech or label is edited to a
//! technology of another kind, a question offers `kind → database?` (y
//! changes it as one undo step, n keeps it). A kind never changes silently.

use crate::edit::{keep_in_view, try_apply};
use crate::effect::Effect;
use crate::refusal::CommandError;
use crate::state::{Level, Overlay, Question, State};
use archcrit_core::model::{Component, ComponentField, ComponentId, Edit, FieldValue, Kind};
use archcrit_core::tech::{Technology, catalogue};

/// The shortest text matched as the start of a technology's name (`ngi`).
const PREFIX: usize = 3;

/// A technology typed into the picker and the kind it implies.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    pub kind: Kind,
    /// The catalogue's name (`PostgreSQL`), what the new box's `tech` becomes.
    pub tech: &'static str,
    /// "postgres is a database"
    pub why: String,
}

/// The technology `typed` names (exactly, by image or words, or as the start
/// of a name or other name of three letters or more) and its kind.
pub fn suggest(typed: &str) -> Option<Suggestion> {
    let typed = typed.trim();
    let lower = typed.to_lowercase();
    if !lower.is_empty() && Kind::ALL.iter().any(|k| k.as_str().starts_with(&lower)) {
        // The start of a kind's own name ("serv", "cache") names that kind,
        // never a technology that happens to share the word
        // ("Azure Service Bus").
        return None;
    }
    let cat = catalogue();
    let (t, said) = match cat.lookup(typed) {
        Some(t) => (t, typed.to_string()),
        None => (by_prefix(cat.all(), typed)?, String::new()),
    };
    let said = if said.is_empty() { t.name.clone() } else { said };
    Some(Suggestion { kind: t.kind, tech: t.name.as_str(), why: format!("{said} is {}", with_article(t.kind)) })
}

fn by_prefix(all: &'static [Technology], typed: &str) -> Option<&'static Technology> {
    let typed = typed.to_lowercase();
    if typed.chars().count() < PREFIX {
        return None;
    }
    all.iter().find(|t| std::iter::once(&t.name).chain(&t.also).any(|n| n.to_lowercase().starts_with(&typed)))
}

/// "a database", "an identity"
pub fn with_article(kind: Kind) -> String {
    let word = kind.as_str();
    let an = word.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {word}", if an { "an" } else { "a" })
}

/// What the open picker says about what was typed: "kind: database —
/// postgres is a database" when the suggested kind is selected, "postgres is
/// a database; adding a cache" once the person picked another.
pub fn picker_hint(state: &State) -> Option<String> {
    let Overlay::Picker { index, typed } = &state.overlay else { return None };
    let s = suggest(typed)?;
    let chosen = Kind::ALL.get(*index).copied()?;
    Some(if chosen == s.kind {
        format!("kind: {} — {}", s.kind, s.why)
    } else {
        format!("{}; adding {}", s.why, with_article(chosen))
    })
}

/// Adds a component of `kind` whose `tech` the picker found, as one edit.
pub(crate) fn add(
    state: &mut State,
    kind: Kind,
    id: &str,
    label: Option<String>,
    tech: &str,
    fx: &mut Vec<Effect>,
) -> Result<(), CommandError> {
    let mut component = Component::new(ComponentId::new(id).map_err(|e| e.to_string())?, kind);
    component.label = label.filter(|l| !l.is_empty());
    component.tech = Some(tech.to_string());
    let id = component.id.clone();
    try_apply(state, Edit::AddComponent { component, index: None }, None, fx)?;
    state.select(Some(id));
    keep_in_view(state);
    Ok(())
}

/// After `field` of `id` was edited: when it is the tech or the label and
/// names a technology of another kind, asks whether to change the kind.
pub(crate) fn offer(state: &mut State, id: &ComponentId, field: ComponentField) {
    if !matches!(field, ComponentField::Tech | ComponentField::Label) || !matches!(state.overlay, Overlay::None) {
        return;
    }
    let Some(c) = state.doc.design().component(id.as_str()) else { return };
    // A label names the technology only when no tech is written.
    let text = match (&c.tech, field) {
        (Some(t), ComponentField::Tech) => t,
        (None, ComponentField::Label) => match &c.label {
            Some(l) => l,
            None => return,
        },
        _ => return,
    };
    let Some(t) = catalogue().lookup(text) else { return };
    if t.kind == c.kind {
        return;
    }
    let why = format!("{} is {}; {id} is {}", t.name, with_article(t.kind), with_article(c.kind));
    state.overlay = Overlay::Confirm(Question::Kind { id: id.clone(), from: c.kind, to: t.kind, why });
}

/// The answer to `Question::Kind`.
pub(crate) fn answer(state: &mut State, id: ComponentId, from: Kind, to: Kind, yes: bool, fx: &mut Vec<Effect>) {
    if !yes {
        state.say(Level::Info, format!("{id} stays {}", with_article(from)));
        return;
    }
    let edit = Edit::SetComponent { id: id.clone(), field: ComponentField::Kind, value: Some(FieldValue::Kind(to)) };
    match try_apply(state, edit, None, fx) {
        Ok(()) => state.say(Level::Success, format!("{id} is now {} (u undoes it)", with_article(to))),
        Err(e) => state.say(Level::Error, e),
    }
}
