//! Tab in a prompt: candidates for the word being typed (the command
//! table's for the `:` line, a field's choices, known protocols), cycled
//! in place.

use crate::command;
use crate::refusal::CommandError;
use crate::state::{Completion, Prompt, PromptKind};
use archcrit_core::model::{KNOWN_PROTOCOLS, LinkField};

pub(crate) fn completions(
    design: &archcrit_core::model::Design,
    interviews: &archcrit_core::interview::Library,
    p: &Prompt,
) -> Vec<String> {
    let text = match &p.completion {
        Some(c) => c.prefix.clone(),
        None => p.input.text().to_string(),
    };
    match &p.kind {
        PromptKind::Command => command::candidates(&text, design, interviews),
        PromptKind::Protocol { .. } => KNOWN_PROTOCOLS
            .iter()
            .filter(|k| k.starts_with(text.trim()) && **k != text.trim())
            .map(|s| s.to_string())
            .collect(),
        PromptKind::Field { field, .. } => choices(field.field_type().choices(), &text),
        PromptKind::LinkField { field: LinkField::Protocol, .. } => choices(KNOWN_PROTOCOLS.to_vec(), &text),
        PromptKind::LinkField { field, .. } => choices(field.field_type().choices(), &text),
        _ => Vec::new(),
    }
}

/// The words of a closed list that start with what was typed.
fn choices(words: Vec<&str>, typed: &str) -> Vec<String> {
    let typed = typed.trim();
    words.into_iter().filter(|w| w.starts_with(typed) && *w != typed).map(str::to_string).collect()
}

/// Replaces the word being typed with the next (or previous) candidate;
/// `Err` when there is none.
pub(crate) fn complete(p: &mut Prompt, pool: Vec<String>, forward: bool) -> Result<(), CommandError> {
    if pool.is_empty() {
        return Err("no completions".into());
    }
    let (prefix, index) = match &p.completion {
        Some(c) => {
            let n = c.candidates.len();
            (c.prefix.clone(), if forward { (c.index + 1) % n } else { (c.index + n - 1) % n })
        }
        None => (p.input.text().to_string(), if forward { 0 } else { pool.len() - 1 }),
    };
    let stem = match prefix.rfind(' ') {
        Some(i) => &prefix[..=i],
        None => "",
    };
    let single = pool.len() == 1;
    let mut text = format!("{stem}{}", pool[index]);
    if single {
        text.push(' ');
    }
    p.input.set(text);
    p.completion = if single { None } else { Some(Completion { prefix, candidates: pool, index }) };
    Ok(())
}
