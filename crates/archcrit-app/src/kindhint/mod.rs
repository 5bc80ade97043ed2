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
use archcrit_core::tech::{Technology, catalogue, kind_word, means_client};

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

/// Words the catalogue's word reader (`tech::kind_word`, `means_client`,
/// made for Mermaid node names) leaves open but a person naming a new box
/// means as a kind: "payments api" is a service here, even though an
/// imported node called `search-api` keeps its shape's kind.
const MORE_KIND_WORDS: &[(&str, Kind)] = &[
    ("web", Kind::Client),
    ("ios", Kind::Client),
    ("android", Kind::Client),
    ("desktop", Kind::Client),
    ("spa", Kind::Client),
    ("cli", Kind::Client),
    ("ingress", Kind::LoadBalancer),
    ("api", Kind::Service),
    ("backend", Kind::Service),
    ("microservice", Kind::Service),
    ("server", Kind::Service),
    ("svc", Kind::Service),
    ("job", Kind::Worker),
    ("jobs", Kind::Worker),
    ("cron", Kind::Worker),
    ("serverless", Kind::Function),
    ("sql", Kind::Database),
    ("mq", Kind::Queue),
    ("events", Kind::Stream),
    ("blob", Kind::Storage),
    ("files", Kind::Storage),
    ("index", Kind::Search),
    ("idp", Kind::Identity),
    ("sso", Kind::Identity),
    ("login", Kind::Identity),
    ("metrics", Kind::Monitoring),
    ("logs", Kind::Monitoring),
    ("tracing", Kind::Monitoring),
    ("observability", Kind::Monitoring),
    ("partner", Kind::External),
    ("provider", Kind::External),
    ("third-party", Kind::External),
    ("saas", Kind::External),
];

/// The kind a name implies by its words ("mobile app" -> client, "orders
/// db" -> database): a kind's own name among the words, else what the
/// catalogue's word reader says, else the last word that implies one (the
/// noun comes last: "payments api").
pub fn kind_of_words(typed: &str) -> Option<Kind> {
    let lower = typed.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric() && c != '-').filter(|w| !w.is_empty()).collect();
    if words.len() > 1
        && let Some(k) = words.iter().rev().find_map(|w| Kind::ALL.iter().find(|k| k.as_str() == *w))
    {
        return Some(*k);
    }
    if means_client(typed) {
        return Some(Kind::Client);
    }
    kind_word(typed).or_else(|| {
        words.iter().rev().find_map(|w| MORE_KIND_WORDS.iter().find(|(word, _)| word == w).map(|(_, k)| *k))
    })
}

/// The id and label a name typed into the picker gives the new box when it
/// is neither a kind nor a technology: "Mobile app" -> `mobile-app Mobile app`.
pub fn name_prefill(typed: &str) -> Option<String> {
    let typed = typed.trim();
    let lower = typed.to_lowercase();
    if typed.is_empty() || suggest(typed).is_some() || Kind::ALL.iter().any(|k| k.as_str().starts_with(&lower)) {
        return None;
    }
    if !typed.chars().any(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let id = ComponentId::slug(typed).to_string();
    let id: String = id.chars().take(40).collect();
    let id = id.trim_end_matches(['-', '_']);
    if !id.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    Some(if id == typed { id.to_string() } else { format!("{id} {typed}") })
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
    let chosen = Kind::ALL.get(*index).copied()?;
    let Some(s) = suggest(typed) else {
        // A name, not a technology: say what the box will be called.
        let id = name_prefill(typed)?;
        let id = id.split(' ').next().unwrap_or_default();
        return Some(match kind_of_words(typed) {
            Some(k) if k == chosen => format!("kind: {k}; id {id}"),
            _ => format!("adding {} with id {id}", with_article(chosen)),
        });
    };
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
    // A provider-run technology (SQS, S3) is managed: the critic then
    // judges it as the provider's, as the persona describes it.
    if catalogue().lookup(tech).is_some_and(|t| t.managed) {
        component.managed = Some(true);
    }
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
