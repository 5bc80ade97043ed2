//! The diff as a list a person steps through: one row per added, removed,
//! renamed or changed component, link and flow, with what the canvas marks.

use std::collections::HashMap;

use archcrit_core::diff::DesignDiff;
use archcrit_core::layout::picture::Tone;
use archcrit_core::model::{ComponentId, LinkKey};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Added,
    Removed,
    Renamed,
    Changed,
}

impl ChangeKind {
    /// The mark the panel shows before the row.
    pub fn mark(self) -> &'static str {
        match self {
            ChangeKind::Added => "+",
            ChangeKind::Removed => "-",
            ChangeKind::Renamed => ">",
            ChangeKind::Changed => "~",
        }
    }

    /// How the canvas marks it.
    pub fn tone(self) -> Tone {
        match self {
            ChangeKind::Added => Tone::Added,
            ChangeKind::Removed => Tone::Removed,
            ChangeKind::Renamed | ChangeKind::Changed => Tone::Changed,
        }
    }
}

/// What a row is about: stepping onto it selects this.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// A component of the design (for a removed one: its ghost's id).
    Component(ComponentId),
    Link(LinkKey),
    /// A flow, shown by selecting its client.
    Flow {
        id: String,
        from: Option<ComponentId>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub kind: ChangeKind,
    pub subject: Subject,
    /// The row's text: `orders`, `billing -> invoicing`, `replicas 3 -> 4`.
    pub text: String,
}

/// The rows of a diff, components then links then flows; `from` finds a
/// flow's client on the side that has it.
pub fn list(diff: &DesignDiff, flow_from: &dyn Fn(&str) -> Option<ComponentId>) -> Vec<Change> {
    let mut out = Vec::new();
    let c = &diff.components;
    let row = |kind, subject, text: String| Change { kind, subject, text };
    for id in &c.added {
        out.push(row(ChangeKind::Added, Subject::Component(id.clone()), id.to_string()));
    }
    for id in &c.removed {
        out.push(row(ChangeKind::Removed, Subject::Component(id.clone()), id.to_string()));
    }
    for r in &c.renamed {
        out.push(row(
            ChangeKind::Renamed,
            Subject::Component(r.to.clone()),
            format!("{} -> {} (renamed)", r.from, r.to),
        ));
    }
    for ch in &c.changed {
        out.push(row(ChangeKind::Changed, Subject::Component(ch.subject.clone()), fields(&ch.subject, &ch.fields)));
    }
    let l = &diff.links;
    for k in &l.added {
        out.push(row(ChangeKind::Added, Subject::Link(k.0.clone()), k.to_string()));
    }
    for k in &l.removed {
        out.push(row(ChangeKind::Removed, Subject::Link(k.0.clone()), k.to_string()));
    }
    for ch in &l.changed {
        out.push(row(ChangeKind::Changed, Subject::Link(ch.subject.0.clone()), fields(&ch.subject, &ch.fields)));
    }
    let f = &diff.flows;
    let flow = |id: &String| Subject::Flow { id: id.clone(), from: flow_from(id) };
    for id in &f.added {
        out.push(row(ChangeKind::Added, flow(id), format!("flow {id}")));
    }
    for id in &f.removed {
        out.push(row(ChangeKind::Removed, flow(id), format!("flow {id}")));
    }
    for ch in &f.changed {
        out.push(row(ChangeKind::Changed, flow(&ch.subject), fields(&format!("flow {}", ch.subject), &ch.fields)));
    }
    out
}

fn fields(subject: &dyn std::fmt::Display, fields: &[archcrit_core::diff::FieldChange]) -> String {
    let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".to_string());
    let parts: Vec<String> =
        fields.iter().map(|f| format!("{} {} -> {}", f.field, show(&f.old), show(&f.new))).collect();
    format!("{subject}: {}", parts.join(", "))
}

/// How each component and link is marked on the canvas.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Marks {
    pub components: HashMap<ComponentId, Tone>,
    pub links: HashMap<LinkKey, Tone>,
}

pub fn marks(changes: &[Change]) -> Marks {
    let mut m = Marks::default();
    for c in changes {
        match &c.subject {
            Subject::Component(id) => {
                m.components.insert(id.clone(), c.kind.tone());
            }
            Subject::Link(key) => {
                m.links.insert(key.clone(), c.kind.tone());
            }
            Subject::Flow { .. } => {}
        }
    }
    m
}
