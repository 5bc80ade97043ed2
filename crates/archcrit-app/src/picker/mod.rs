//! The fuzzy picker (`/` or `g`): type to filter the components and flows
//! by id or label, best match first; enter jumps to one (selects it and
//! scrolls the canvas to it, or opens a flow in the flows list), esc
//! cancels. Opened while connecting, it lists the components a new link
//! may go to, and enter picks the link's target. `i` opens it on the
//! interview scripts when there are several to choose from.

mod fuzzy;

pub use fuzzy::score;

use crate::edit::{keep_in_view, refresh_panes};
use crate::effect::Effect;
use crate::input::LineInput;
use crate::keymap::{Cmd, Key, KeyCode};
use crate::state::{Focus, Level, Overlay, State};
use archcrit_core::model::ComponentId;

/// The picker's state: what is typed, the highlighted row, and the source
/// of the link being made when it picks a link's target.
#[derive(Debug, Clone, PartialEq)]
pub struct Find {
    pub query: LineInput,
    pub index: usize,
    /// Picking the target of a link from this component (connect mode).
    pub connect_from: Option<ComponentId>,
    /// Choosing an interview script to start (`i`).
    pub scripts: bool,
}

/// What a row jumps to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hit {
    Component(ComponentId),
    Flow(String),
    /// An interview script, by id.
    Script(String),
}

/// One row of the list: what it jumps to, its text, its score.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub hit: Hit,
    /// `id  label` (components) or `flow id  label`.
    pub text: String,
    pub score: i64,
}

/// Everything the picker can offer now (before filtering).
pub fn candidates(state: &State, find: &Find) -> usize {
    if find.scripts {
        return state.interviews.library.scripts().len();
    }
    let flows = if find.connect_from.is_some() { 0 } else { state.doc.design().flows().len() };
    state.doc.design().component_count() - usize::from(find.connect_from.is_some()) + flows
}

/// The rows matching the query, best first (ties in reading order).
pub fn matches(state: &State, find: &Find) -> Vec<Match> {
    let query = find.query.text();
    let mut out = Vec::new();
    if find.scripts {
        // The default script first, then the library's order.
        let mut scripts: Vec<_> = state.interviews.library.scripts().iter().collect();
        scripts.sort_by_key(|s| s.id != crate::interview::DEFAULT_SCRIPT);
        for s in scripts {
            let n = s.questions.len();
            let text = format!("{}  {} ({n} question{})", s.id, s.title, if n == 1 { "" } else { "s" });
            if let Some(score) =
                [score(query, &s.id), score(query, &s.title).map(|x| x - 1)].into_iter().flatten().max()
            {
                out.push(Match { hit: Hit::Script(s.id.clone()), text, score });
            }
        }
        out.sort_by_key(|m| std::cmp::Reverse(m.score));
        return out;
    }
    let order = crate::edit::reading_order(state.canvas.layout());
    for id in &order {
        if find.connect_from.as_ref() == Some(id) {
            continue;
        }
        let Some(c) = state.doc.design().component(id.as_str()) else { continue };
        let label = c.display_label();
        let score = [score(query, id.as_str()), score(query, label).map(|s| s - 1)].into_iter().flatten().max();
        if let Some(score) = score {
            let text = if label == id.as_str() { id.to_string() } else { format!("{id}  {label}") };
            out.push(Match { hit: Hit::Component(id.clone()), text, score });
        }
    }
    if find.connect_from.is_none() {
        for (fid, flow) in state.doc.design().flows() {
            let label = flow.label.as_deref().unwrap_or("");
            let named = format!("flow {fid}");
            let score = [score(query, fid), score(query, &named), score(query, label).map(|s| s - 1)]
                .into_iter()
                .flatten()
                .max();
            if let Some(score) = score {
                let text = if label.is_empty() { named } else { format!("{named}  {label}") };
                out.push(Match { hit: Hit::Flow(fid.clone()), text, score });
            }
        }
    }
    // Stable: equal scores keep reading order, components before flows.
    out.sort_by_key(|m| std::cmp::Reverse(m.score));
    out
}

/// Opens the picker; `connect_from` when choosing a link's target.
pub(crate) fn open(state: &mut State, connect_from: Option<ComponentId>) {
    if state.doc.design().component_count() == 0 {
        state.say(Level::Info, "nothing to find yet: a adds a component");
        return;
    }
    state.overlay = Overlay::Find(Find { query: LineInput::default(), index: 0, connect_from, scripts: false });
}

/// `i`: resumes the interview the design's transcript is in; else, with
/// several scripts to choose from, opens the picker on them; else starts
/// the one there is.
pub(crate) fn interview(state: &mut State, fx: &mut Vec<Effect>) {
    let under_way = state.doc.design().interview().iter().any(|e| state.interviews.library.get(&e.script).is_some());
    if under_way || state.interviews.library.scripts().len() < 2 {
        if let Err(e) = crate::interview::start(state, None, fx) {
            state.say(Level::Error, e);
        }
        return;
    }
    state.overlay = Overlay::Find(Find { query: LineInput::default(), index: 0, connect_from: None, scripts: true });
    state.say(Level::Info, "which interview? type to filter, enter starts it, esc cancels");
}

/// A key while the picker is open: moving, choosing, or typing the query.
pub(crate) fn key(state: &mut State, cmd: Option<Cmd>, key: Key, fx: &mut Vec<Effect>) {
    let Overlay::Find(find) = &state.overlay else { return };
    let count = matches(state, find).len();
    let Overlay::Find(find) = &mut state.overlay else { return };
    match cmd {
        Some(Cmd::Down) if count > 0 => find.index = (find.index + 1) % count,
        Some(Cmd::Up) if count > 0 => find.index = (find.index + count - 1) % count,
        Some(Cmd::Cancel) => cancel(state),
        Some(Cmd::Submit) => choose(state, fx),
        Some(Cmd::Clear) => {
            find.query.set("");
            find.index = 0;
        }
        _ => {
            match key.code {
                KeyCode::Char('w') if key.ctrl => find.query.delete_word(),
                KeyCode::Char(c) if !key.ctrl && !key.alt => find.query.insert(c),
                KeyCode::Backspace => find.query.backspace(),
                KeyCode::Delete => find.query.delete(),
                KeyCode::Left => find.query.left(),
                KeyCode::Right => find.query.right(),
                KeyCode::Home => find.query.home(),
                KeyCode::End => find.query.end(),
                _ => return,
            }
            find.index = 0;
        }
    }
}

/// Esc: back where the picker was opened (connect mode stays open).
fn cancel(state: &mut State) {
    let Overlay::Find(find) = &state.overlay else { return };
    state.overlay = match find.connect_from.clone() {
        Some(from) => {
            let target = crate::edit::first_target(state, &from);
            Overlay::Connect { from, target }
        }
        None => Overlay::None,
    };
}

fn choose(state: &mut State, fx: &mut Vec<Effect>) {
    let Overlay::Find(find) = &state.overlay else { return };
    let (find, found) = (find.clone(), matches(state, find));
    let Some(chosen) = found.get(find.index.min(found.len().saturating_sub(1))).cloned() else {
        state.say(Level::Info, format!("nothing matches `{}`: backspace, or esc to cancel", find.query.text()));
        return;
    };
    state.overlay = Overlay::None;
    match (chosen.hit, find.connect_from) {
        (Hit::Component(to), Some(from)) => {
            state.overlay = Overlay::new_link(state.doc.design(), from, to);
        }
        (Hit::Component(id), None) => {
            state.select(Some(id.clone()));
            if state.focus != Focus::Canvas && state.focus != Focus::Inspector {
                state.focus = Focus::Canvas;
                refresh_panes(state);
            }
            keep_in_view(state);
            state.say(Level::Info, format!("found {id}"));
        }
        (Hit::Script(id), _) => {
            if let Err(e) = crate::interview::start(state, Some(&id), fx) {
                state.say(Level::Error, e);
            }
        }
        (Hit::Flow(id), _) => {
            crate::flows::select(state, &id);
            crate::flows::open(state);
        }
    }
}
