//! `:whatif ...` and `X` ("knock this out") in the workshop: the what-if runs on
//! a scratch copy (the design and the undo history stay as they are), the
//! answer opens in the persona's panel at its verdict, and a what-if that
//! carries an edit offers it like a proposal (`y` applies, `n` declines).

use crate::edit::refresh_panes;
use crate::effect::Effect;
use crate::refusal::CommandError;
use crate::state::{ChatLine, Level, Proposal, State};
use archcrit_core::model::ComponentId;
use archcrit_core::persona::offline::what_if_answer;
use archcrit_core::whatif::{Change, LoadChange, PatternKind, Slowdown, what_if_from};

const USAGE: &str = "usage: :whatif fail ID | slow ID FACTORx|Nms | load FACTORx|Nrps | scale ID N | add cache|queue|replica|gateway ID";

/// The kinds of what-if, as the first word after `:whatif`.
pub const KINDS: &[&str] = &["fail", "slow", "load", "scale", "add"];
const PATTERNS: &[&str] = &["cache", "queue", "replica", "gateway"];

fn id(text: Option<&&str>) -> Result<ComponentId, CommandError> {
    let text = text.ok_or_else(|| USAGE.to_string())?;
    ComponentId::new(*text).map_err(|e| CommandError::from(e.to_string()))
}

/// A positive number with a unit suffix: `2x`, `300ms`, `5000rps`.
fn amount(text: &str, unit: &str) -> Option<f64> {
    let n: f64 = text.strip_suffix(unit)?.trim().parse().ok()?;
    (n.is_finite() && n > 0.0).then_some(n)
}

/// Parses the words after `:whatif`.
pub fn parse(words: &[&str]) -> Result<Change, CommandError> {
    let usage = || USAGE.to_string();
    let change = match words.first().copied() {
        Some("fail") if words.len() == 2 => Change::Fail { component: id(words.get(1))? },
        Some("slow") if words.len() == 3 => {
            let w = words[2];
            let slowdown = match (amount(w, "ms"), amount(w, "x")) {
                (Some(ms), _) => Slowdown::Ms(ms),
                (None, Some(f)) => Slowdown::Factor(f),
                _ => return Err(CommandError::from(format!("`{w}`: say how slow as FACTORx (10x) or Nms (300ms)"))),
            };
            Change::Slow { component: id(words.get(1))?, slowdown }
        }
        Some("load") if words.len() == 2 => {
            let w = words[1];
            let load = match (amount(w, "rps"), amount(w, "x")) {
                (Some(r), _) => LoadChange::Rps(r),
                (None, Some(f)) => LoadChange::Factor(f),
                _ => return Err(CommandError::from(format!("`{w}`: say the load as FACTORx (2x) or Nrps (5000rps)"))),
            };
            Change::Load { load }
        }
        Some("scale") if words.len() == 3 => {
            let replicas = words[2]
                .parse::<u32>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| format!("`{}`: replicas are a whole number above 0", words[2]))?;
            Change::Scale { component: id(words.get(1))?, replicas }
        }
        Some("add") if words.len() == 3 => {
            let pattern = match words[1] {
                "cache" => PatternKind::Cache,
                "queue" => PatternKind::Queue,
                "replica" => PatternKind::Replica,
                "gateway" => PatternKind::Gateway,
                other => {
                    return Err(CommandError::from(format!("`{other}`: add one of cache, queue, replica, gateway")));
                }
            };
            Change::Pattern { pattern, target: id(words.get(2))?, via: None }
        }
        _ => return Err(CommandError::from(usage())),
    };
    Ok(change)
}

/// Tab completion: the kind, then patterns or ids.
pub fn complete(index: usize, words: &[&str], ids: Vec<String>) -> Vec<String> {
    let strings = |w: &[&str]| w.iter().map(|s| s.to_string()).collect();
    match (index, words.get(1).copied()) {
        (1, _) => strings(KINDS),
        (2, Some("add")) => strings(PATTERNS),
        (2, Some("fail" | "slow" | "scale")) | (3, Some("add")) => ids,
        _ => Vec::new(),
    }
}

fn component_of(change: &Change) -> Option<&ComponentId> {
    match change {
        Change::Fail { component } | Change::Slow { component, .. } | Change::Scale { component, .. } => {
            Some(component)
        }
        Change::Pattern { target, .. } => Some(target),
        Change::Load { .. } => None,
    }
}

/// Runs `change` on a scratch copy and shows the answer in the panel.
pub(crate) fn run(state: &mut State, change: Change, fx: &mut Vec<Effect>) -> Result<(), CommandError> {
    let _ = fx;
    if let Some(c) = component_of(&change)
        && !state.doc.design().contains(c.as_str())
    {
        let hint = archcrit_core::model::closest(c.as_str(), state.doc.design().ids().map(|i| i.as_str()))
            .map(|s| format!(" (did you mean `{s}`?)"))
            .unwrap_or_default();
        return Err(CommandError::from(format!("no component `{c}`{hint}")));
    }
    let before = match state.fresh_report() {
        Some(r) => r.clone(),
        None => (state.session.services.critique)(state.doc.design()),
    };
    let out = what_if_from(state.doc.design(), &before, &change).map_err(|e| e.to_string())?;
    let answer = what_if_answer(&state.chat.persona, &change, &out, &before);
    state.chat.lines.push(ChatLine { who: Some("what if".into()), text: out.change.clone() });
    let index = state.chat.lines.len();
    state.chat.lines.push(ChatLine { who: None, text: answer.text.clone() });
    let verdict = answer.text.lines().next().unwrap_or_default().to_string();
    match out.edit {
        Some(edit) => {
            state.chat.last_turn += 1;
            let summary = out.change.clone();
            state.chat.proposal =
                Some(Proposal { turn: state.chat.last_turn, edits: vec![edit], refused: vec![], summary });
            state.say(Level::Info, format!("what-if ({}): {verdict} (y applies it, n declines)", out.change));
        }
        None => state.say(Level::Info, format!("what-if ({}): {verdict}", out.change)),
    }
    refresh_panes(state);
    crate::chat::view::open_at(state, index);
    Ok(())
}

/// `X`: what if the selected component fails.
pub(crate) fn fail_selected(state: &mut State, fx: &mut Vec<Effect>) {
    let Some(component) = state.selected().cloned() else {
        state.say(Level::Info, "select a component first (X asks what if it fails)");
        return;
    };
    if let Err(e) = run(state, Change::Fail { component }, fx) {
        state.say(Level::Error, e);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(line: &str) -> Result<Change, CommandError> {
        let words: Vec<&str> = line.split_whitespace().collect();
        parse(&words)
    }

    #[test]
    fn each_kind_parses_with_its_units() {
        let db = ComponentId::new("db").unwrap();
        assert_eq!(change("fail db"), Ok(Change::Fail { component: db.clone() }));
        assert_eq!(change("slow db 10x"), Ok(Change::Slow { component: db.clone(), slowdown: Slowdown::Factor(10.0) }));
        assert_eq!(change("slow db 300ms"), Ok(Change::Slow { component: db.clone(), slowdown: Slowdown::Ms(300.0) }));
        assert_eq!(change("load 2x"), Ok(Change::Load { load: LoadChange::Factor(2.0) }));
        assert_eq!(change("load 5000rps"), Ok(Change::Load { load: LoadChange::Rps(5000.0) }));
        assert_eq!(change("scale db 3"), Ok(Change::Scale { component: db.clone(), replicas: 3 }));
        assert_eq!(change("add cache db"), Ok(Change::Pattern { pattern: PatternKind::Cache, target: db, via: None }));
    }

    #[test]
    fn bad_lines_say_what_to_type() {
        assert_eq!(change("fail"), Err(CommandError::from(USAGE.to_string())));
        assert!(change("slow db fast").unwrap_err().to_string().contains("300ms"));
        assert!(change("load -2x").unwrap_err().to_string().contains("FACTORx"));
        assert!(change("scale db 0").unwrap_err().to_string().contains("whole number"));
        assert!(change("add blockchain db").unwrap_err().to_string().contains("cache, queue"));
    }
}
