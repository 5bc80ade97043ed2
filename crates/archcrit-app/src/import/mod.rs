//! `:import FILE...`: a Mermaid flowchart, a docker-compose file or
//! Kubernetes manifests (files or directories), read and converted by the
//! workers, MERGED into the open design as one undoable edit: components
//! whose id the design already has are kept as they are (and named), links
//! between components that exist are added, zones and flows the design
//! lacks are added. On an empty design that is opening the import; undo
//! takes it all back. What changed is marked on the board.

use std::path::PathBuf;

use archcrit_core::exchange::Imported;
use archcrit_core::model::{Component, Design, Edit};

use crate::action::WorkerError;
use crate::edit::try_apply;
use crate::effect::Effect;
use crate::refusal::CommandError;
use crate::state::{Level, State};

/// Parses the words after `:import`.
pub fn parse(words: &[&str]) -> Result<Vec<PathBuf>, CommandError> {
    if words.is_empty() {
        return Err("name what to import: :import FILE... (Mermaid, docker-compose, Kubernetes manifests)".into());
    }
    Ok(words.iter().map(PathBuf::from).collect())
}

/// Asks the workers to read and convert the files.
pub(crate) fn start(state: &mut State, files: Vec<PathBuf>, fx: &mut Vec<Effect>) -> Result<(), CommandError> {
    let label = files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>().join(" ");
    state.say(Level::Info, format!("importing {label}..."));
    fx.push(Effect::Import { files });
    Ok(())
}

/// The edit that merges `imported` into `design`, and the ids it skipped.
pub fn merge(design: &Design, imported: &Design, label: &str) -> (Option<Edit>, Vec<String>) {
    let mut edits = Vec::new();
    let mut skipped = Vec::new();
    for c in imported.components() {
        if design.contains(c.id.as_str()) {
            skipped.push(c.id.to_string());
        } else {
            // Placed by the auto-layout among the boxes already drawn.
            let component = Component { at: None, ..c.clone() };
            edits.push(Edit::AddComponent { component, index: None });
        }
    }
    for link in imported.links() {
        if design.link(&link.key()).is_none() {
            edits.push(Edit::Connect { link: link.clone(), index: None });
        }
    }
    for (name, zone) in imported.zones() {
        if !design.zones().contains_key(name) {
            edits.push(Edit::SetZone { name: name.clone(), zone: Some(zone.clone()) });
        }
    }
    for (id, flow) in imported.flows() {
        if design.flow(id).is_none() {
            edits.push(Edit::SetFlow { id: id.clone(), flow: Some(flow.clone()), index: None });
        }
    }
    // What the source could not state (auth, TLS, an SLO in a compose
    // file) says how far to trust its findings: an import onto an empty
    // board is that source's design and keeps it, as `archcrit import`
    // does; merged into a drawn design it would soften the user's own.
    if design.component_count() == 0 && design.unstated() != imported.unstated() {
        edits.push(Edit::SetUnstated { facts: imported.unstated().to_vec() });
    }
    let edit = (!edits.is_empty()).then(|| Edit::Batch { label: format!("import {label}"), edits });
    (edit, skipped)
}

/// The import was read (or not): merge it as one step.
pub(crate) fn read(
    state: &mut State,
    label: String,
    imported: Result<Box<Imported>, WorkerError>,
    fx: &mut Vec<Effect>,
) {
    let imported = match imported {
        Ok(i) => *i,
        Err(e) => return state.say(Level::Error, format!("cannot import {label}: {e}")),
    };
    for w in &imported.warnings {
        state.say(Level::Info, format!("import: {w}"));
    }
    let (edit, skipped) = merge(state.doc.design(), &imported.design, &label);
    let Some(edit) = edit else {
        return state.say(Level::Info, format!("{label}: nothing new to import"));
    };
    let before = archcrit_core::file::to_yaml(state.doc.design());
    let (c0, l0) = (state.doc.design().component_count(), state.doc.design().link_count());
    if let Err(e) = try_apply(state, edit, None, fx) {
        return state.say(Level::Error, format!("cannot import {label}: {e}"));
    }
    if c0 > 0 {
        crate::diff::base_ready(state, Some(format!("before :import {label}")), Ok(before));
    }
    let mut note = format!(
        "imported {} and {} from {label} (u undoes)",
        archcrit_core::text::counted(state.doc.design().component_count() - c0, "component"),
        archcrit_core::text::counted(state.doc.design().link_count() - l0, "link")
    );
    if !skipped.is_empty() {
        note.push_str(&format!("; kept the design's own {}", skipped.join(", ")));
    }
    // The notes went to the messages before this line covered them.
    match imported.warnings.len() {
        0 => {}
        1 => note.push_str("; 1 import note (M shows it)"),
        n => note.push_str(&format!("; {n} import notes (M shows them)")),
    }
    state.say(Level::Success, note);
}
