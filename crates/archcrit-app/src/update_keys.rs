//! Keys and the mouse in `update`: looks the key up in the keymap for the
//! current context and carries out the command; typing into prompts.

use super::command;
use super::effect::Effect;
use super::input::LineInput;
use super::keymap::{Cmd, Context, Key, KeyCode};
use super::panes::{findings_list, list_offset};
use super::state::{Completion, Drag, Focus, Level, Overlay, Prompt, PromptKind, State};
use super::update::refresh_panes;
use super::update_edit::{self as edit, apply, keep_in_view};
use super::{MouseKind, Panes};
use archcrit_core::layout::Scale;
use archcrit_core::model::{ComponentField, ComponentId, Edit, KNOWN_PROTOCOLS, Kind, LinkField};

pub(super) fn key(state: &mut State, key: Key, fx: &mut Vec<Effect>) {
    if !matches!(state.overlay, Overlay::Input(_)) {
        state.message = None;
    }
    let context = state.context();
    if context == Context::Canvas
        && state.chat.proposal.is_some()
        && let Some(cmd) = state.keymap.lookup(Context::Proposal, key)
    {
        super::update_agent::proposal_key(state, cmd, fx);
        return;
    }
    let cmd = state.keymap.lookup(context, key);
    match context {
        Context::Canvas => {
            if let Some(cmd) = cmd {
                canvas(state, cmd, fx);
            }
        }
        Context::Findings => findings(state, cmd, fx),
        Context::Inspector => super::update_inspect::key(state, cmd, fx),
        Context::Connect => connect(state, cmd, fx),
        Context::Picker => picker(state, cmd, key),
        Context::Input => input(state, cmd, key, fx),
        Context::Interview => super::interview::key(state, cmd, key, fx),
        Context::Confirm => {
            let yes = match cmd {
                Some(Cmd::Yes) => true,
                Some(Cmd::No) => false,
                Some(Cmd::Cancel) => {
                    state.overlay = Overlay::None;
                    return;
                }
                _ => return,
            };
            if let Overlay::Confirm(question) = std::mem::replace(&mut state.overlay, Overlay::None) {
                edit::answer(state, question, yes, fx);
            }
        }
        Context::Proposal => {}
        Context::Messages => {
            let max_back = super::panes::messages_max_back(&state.log, state.screen.0, state.screen.1);
            if let Overlay::Messages { back } = &mut state.overlay {
                match cmd {
                    Some(Cmd::Down) => *back = back.saturating_sub(1),
                    Some(Cmd::Up) => *back = (*back + 1).min(max_back),
                    Some(Cmd::Cancel) => state.overlay = Overlay::None,
                    _ => {}
                }
            }
        }
        Context::Help => {
            if let Overlay::Help { scroll } = &mut state.overlay {
                match cmd {
                    Some(Cmd::Down) => *scroll = scroll.saturating_add(1),
                    Some(Cmd::Up) => *scroll = scroll.saturating_sub(1),
                    Some(Cmd::Cancel) => state.overlay = Overlay::None,
                    _ => {}
                }
            }
        }
    }
}

fn prompt(kind: PromptKind, title: impl Into<String>, text: impl Into<String>) -> Overlay {
    Overlay::Input(Prompt {
        kind,
        title: title.into(),
        input: LineInput::with_text(text),
        error: None,
        completion: None,
    })
}

fn canvas(state: &mut State, cmd: Cmd, fx: &mut Vec<Effect>) {
    let step = |state: &State| if state.scale == Scale::Compact { 1 } else { 2 };
    match cmd {
        Cmd::SelectLeft => state.selected = neighbour(state, state.selected.clone(), (-1, 0)),
        Cmd::SelectRight => state.selected = neighbour(state, state.selected.clone(), (1, 0)),
        Cmd::SelectUp => state.selected = neighbour(state, state.selected.clone(), (0, -1)),
        Cmd::SelectDown => state.selected = neighbour(state, state.selected.clone(), (0, 1)),
        Cmd::SelectNext => state.selected = cycle(state, state.selected.clone(), 1),
        Cmd::SelectPrev => state.selected = cycle(state, state.selected.clone(), -1),
        Cmd::MoveLeft => move_selected(state, (-step(state), 0), fx),
        Cmd::MoveRight => move_selected(state, (step(state), 0), fx),
        Cmd::MoveUp => move_selected(state, (0, -1), fx),
        Cmd::MoveDown => move_selected(state, (0, 1), fx),
        Cmd::PanLeft => state.scroll.0 = (state.scroll.0 - 8).max(0),
        Cmd::PanRight => state.scroll.0 += 8,
        Cmd::PanUp => state.scroll.1 = (state.scroll.1 - 4).max(0),
        Cmd::PanDown => state.scroll.1 += 4,
        Cmd::Add => {
            let index = state
                .selected
                .as_ref()
                .and_then(|s| state.design.component(s.as_str()))
                .and_then(|c| Kind::ALL.iter().position(|k| *k == c.kind))
                .unwrap_or(4);
            state.overlay = Overlay::Picker { index, typed: String::new() };
        }
        Cmd::Connect => match state.selected.clone() {
            Some(from) => {
                let target = neighbour(state, Some(from.clone()), (1, 0))
                    .filter(|t| *t != from)
                    .or_else(|| cycle(state, Some(from.clone()), 1).filter(|t| *t != from));
                state.overlay = Overlay::Connect { from, target };
            }
            None => state.message = Some((Level::Info, "select the component to link from first".into())),
        },
        Cmd::Delete if state.selected_link.is_some() => {
            if let Some(key) = state.selected_link.clone()
                && apply(state, Edit::Disconnect { key: key.clone() }, None, fx)
            {
                state.selected_link = None;
                state.message = Some((Level::Info, format!("removed the link {key} (u undoes it)")));
            }
        }
        Cmd::Delete => {
            if let Some(id) = state.selected.clone() {
                let next = cycle(state, Some(id.clone()), 1).filter(|n| *n != id);
                if apply(state, Edit::RemoveComponent { id: id.clone() }, None, fx) {
                    state.selected = next;
                    state.message = Some((Level::Info, format!("removed {id} (u undoes it)")));
                }
            }
        }
        Cmd::Rename => {
            if let Some(id) = state.selected.clone() {
                let label =
                    state.design.component(id.as_str()).map(|c| c.display_label().to_string()).unwrap_or_default();
                state.overlay = prompt(
                    PromptKind::Field { id: id.clone(), field: ComponentField::Label },
                    format!("Label of {id}:"),
                    label,
                );
            }
        }
        Cmd::Inspect => {
            if state.selected.is_some() {
                state.focus = Focus::Inspector;
                refresh_panes(state);
            } else {
                state.message = Some((Level::Info, "select a component first (tab / arrows / click)".into()));
            }
        }
        Cmd::FocusFindings => {
            state.focus = Focus::Findings;
            if state.finding.is_none() && state.fresh_report().is_some_and(|r| !r.findings.is_empty()) {
                state.finding = Some(0);
            }
            refresh_panes(state);
            keep_in_view(state);
        }
        Cmd::NextFinding | Cmd::PrevFinding => step_finding(state, if cmd == Cmd::NextFinding { 1 } else { -1 }),
        Cmd::ApplyPattern => edit::apply_pattern(state, fx),
        Cmd::AcceptProposal => edit::accept_proposal(state, fx),
        Cmd::Interview => {
            if let Err(e) = super::interview::start(state, None, fx) {
                state.message = Some((Level::Error, e));
            }
        }
        Cmd::Undo => edit::undo(state, false, fx),
        Cmd::Redo => edit::undo(state, true, fx),
        Cmd::Layout => {
            let _ = edit::layout_all(state, fx);
        }
        Cmd::Zoom => edit::zoom(state),
        Cmd::Save => edit::save(state, None, false, false, fx),
        Cmd::CommandLine => {
            state.command_pos = state.commands.len();
            state.overlay = prompt(PromptKind::Command, ":", "");
        }
        Cmd::Help => state.overlay = Overlay::Help { scroll: 0 },
        Cmd::Messages => show_messages(state),
        Cmd::ChatUp | Cmd::ChatDown | Cmd::ChatLatest => {
            let page = super::chat_view::page(state);
            let delta = match cmd {
                Cmd::ChatUp => -page,
                Cmd::ChatDown => page,
                _ => i64::MAX / 2,
            };
            if !super::chat_view::scroll(state, delta) {
                state.message =
                    Some((Level::Info, "the persona's panel is not shown yet (t asks it something)".into()));
            }
            return;
        }
        Cmd::Quit => edit::ask_quit(state, fx),
        Cmd::Cancel if !super::update_agent::cancel(state, fx) => {
            state.selected = None;
            state.finding = None;
        }
        Cmd::Ask => state.overlay = prompt(PromptKind::Ask, format!("Ask {}:", state.chat.persona), ""),
        Cmd::PersonaReview => super::update_agent::review(state, false, fx),
        Cmd::ToggleLive => super::update_agent::toggle_live(state, fx),
        _ => {}
    }
    if !matches!(cmd, Cmd::PanLeft | Cmd::PanRight | Cmd::PanUp | Cmd::PanDown) {
        keep_in_view(state);
    }
}

/// Opens the message log at its end (the newest messages).
pub(super) fn show_messages(state: &mut State) {
    if state.log.is_empty() {
        state.message = Some((Level::Info, "no messages yet".into()));
        return;
    }
    state.overlay = Overlay::Messages { back: 0 };
}

fn step_finding(state: &mut State, delta: i64) {
    let Some(n) = state.fresh_report().or(state.report.as_ref()).map(|r| r.findings.len()).filter(|n| *n > 0) else {
        state.message = Some((Level::Info, "no findings".into()));
        return;
    };
    let next = match state.finding {
        Some(i) => (i as i64 + delta).rem_euclid(n as i64) as usize,
        None if delta > 0 => 0,
        None => n - 1,
    };
    state.finding = Some(next);
    if let Some(subject) = state.selected_finding().and_then(|f| f.subject()).cloned() {
        state.selected = Some(subject);
    }
    // Bring every component of the finding into view, not just the subject.
    let focus = state.focus;
    state.focus = Focus::Findings;
    keep_in_view(state);
    state.focus = focus;
}

fn findings(state: &mut State, cmd: Option<Cmd>, fx: &mut Vec<Effect>) {
    match cmd {
        Some(Cmd::Down) => step_finding(state, 1),
        Some(Cmd::Up) => step_finding(state, -1),
        Some(Cmd::ApplyPattern) => edit::apply_pattern(state, fx),
        Some(Cmd::Submit) | Some(Cmd::Cancel) => {
            state.focus = Focus::Canvas;
            refresh_panes(state);
            keep_in_view(state);
        }
        Some(Cmd::Help) => state.overlay = Overlay::Help { scroll: 0 },
        _ => {}
    }
}

fn connect(state: &mut State, cmd: Option<Cmd>, _fx: &mut [Effect]) {
    let Overlay::Connect { from, target } = &state.overlay else { return };
    let (from, target) = (from.clone(), target.clone());
    let current = target.clone().or_else(|| Some(from.clone()));
    let moved = match cmd {
        Some(Cmd::SelectLeft) => neighbour(state, current, (-1, 0)),
        Some(Cmd::SelectRight) => neighbour(state, current, (1, 0)),
        Some(Cmd::SelectUp) => neighbour(state, current, (0, -1)),
        Some(Cmd::SelectDown) => neighbour(state, current, (0, 1)),
        Some(Cmd::SelectNext) => cycle(state, current, 1),
        Some(Cmd::SelectPrev) => cycle(state, current, -1),
        Some(Cmd::Submit) => {
            match target {
                Some(to) if to != from => {
                    state.overlay = prompt(
                        PromptKind::Protocol { from: from.clone(), to: to.clone() },
                        format!("Link {from} -> {to}, protocol (Tab completes; empty for none):"),
                        "",
                    );
                }
                _ => state.message = Some((Level::Info, "highlight another component with the arrows or tab".into())),
            }
            return;
        }
        Some(Cmd::Cancel) => {
            state.overlay = Overlay::None;
            return;
        }
        _ => return,
    };
    state.overlay = Overlay::Connect { target: moved.filter(|t| *t != from).or(target), from };
}

fn picker(state: &mut State, cmd: Option<Cmd>, key: Key) {
    let Overlay::Picker { index, typed } = &mut state.overlay else { return };
    let n = Kind::ALL.len();
    match cmd {
        Some(Cmd::Down) => *index = (*index + 1) % n,
        Some(Cmd::Up) => *index = (*index + n - 1) % n,
        Some(Cmd::Cancel) => state.overlay = Overlay::None,
        Some(Cmd::Submit) => {
            let kind = Kind::ALL[*index];
            let id = state.design.unused_id(kind.as_str());
            state.overlay =
                prompt(PromptKind::NewComponent { kind }, format!("New {kind}: ID [LABEL]"), id.to_string());
        }
        _ => {
            // Typing jumps to the first kind starting with what was typed.
            if let KeyCode::Char(c) = key.code {
                typed.push(c);
                let find = |prefix: &str| Kind::ALL.iter().position(|k| k.as_str().starts_with(prefix));
                match find(typed) {
                    Some(i) => *index = i,
                    None => {
                        *typed = c.to_string();
                        if let Some(i) = find(typed) {
                            *index = i;
                        }
                    }
                }
            }
        }
    }
}

fn input(state: &mut State, cmd: Option<Cmd>, key: Key, fx: &mut Vec<Effect>) {
    let Overlay::Input(p) = &mut state.overlay else { return };
    match cmd {
        Some(Cmd::Cancel) => state.overlay = Overlay::None,
        Some(Cmd::Submit) => {
            let prompt = p.clone();
            state.overlay = Overlay::None;
            if let Err(e) = submit(state, &prompt, fx) {
                let mut prompt = prompt;
                prompt.error = Some(e);
                prompt.completion = None;
                state.overlay = Overlay::Input(prompt);
            }
            if let Overlay::Input(p) = &state.overlay
                && p.error.is_some()
            {
                state.message = None;
            }
        }
        Some(Cmd::Complete) | Some(Cmd::CompleteBack) => {
            let forward = cmd == Some(Cmd::Complete);
            let pool = completions(&state.design, &state.interviews, p);
            if let Overlay::Input(p) = &mut state.overlay {
                complete(p, pool, forward);
            }
        }
        Some(Cmd::Up) | Some(Cmd::Down) if p.kind == PromptKind::Command => {
            let up = cmd == Some(Cmd::Up);
            let n = state.commands.len();
            let pos = if up { state.command_pos.saturating_sub(1) } else { (state.command_pos + 1).min(n) };
            state.command_pos = pos;
            let text = state.commands.get(pos).cloned().unwrap_or_default();
            if let Overlay::Input(p) = &mut state.overlay {
                p.input.set(text);
            }
        }
        Some(Cmd::Clear) => p.input.set(""),
        _ => {
            // Typing: editing keys belong to the text field, not the keymap.
            p.completion = None;
            p.error = None;
            match key.code {
                KeyCode::Char('w') if key.ctrl => p.input.delete_word(),
                KeyCode::Char(c) if !key.ctrl && !key.alt => p.input.insert(c),
                KeyCode::Backspace => {
                    if p.input.text().is_empty() && p.kind == PromptKind::Command {
                        state.overlay = Overlay::None;
                    } else {
                        p.input.backspace();
                    }
                }
                KeyCode::Delete => p.input.delete(),
                KeyCode::Left => p.input.left(),
                KeyCode::Right => p.input.right(),
                KeyCode::Home => p.input.home(),
                KeyCode::End => p.input.end(),
                _ => {}
            }
        }
    }
}

fn completions(
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

/// Replaces the word being typed with the next (or previous) candidate.
fn complete(p: &mut Prompt, pool: Vec<String>, forward: bool) {
    if pool.is_empty() {
        p.error = Some("no completions".into());
        return;
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
}

/// Carries out a submitted prompt; `Err` keeps it open with the message.
fn submit(state: &mut State, p: &Prompt, fx: &mut Vec<Effect>) -> Result<(), String> {
    let text = p.input.text().trim().to_string();
    match &p.kind {
        PromptKind::Command => {
            if text.is_empty() {
                return Ok(());
            }
            if state.commands.last() != Some(&text) {
                state.commands.push(text.clone());
            }
            if command::run_line(state, &text, fx) {
                Ok(())
            } else {
                Err(state.message.take().map(|(_, m)| m).unwrap_or_default())
            }
        }
        PromptKind::SaveAs { then_quit } => {
            if text.is_empty() {
                return Err("type a file name, e.g. design.yaml".into());
            }
            edit::save(state, Some(text.into()), *then_quit, false, fx);
            Ok(())
        }
        PromptKind::NewComponent { kind } => {
            let (id, label) = match text.split_once(' ') {
                Some((id, label)) => (id.to_string(), Some(label.trim().to_string())),
                None => (text.clone(), None),
            };
            let line = format!("add {kind} {id} {}", label.unwrap_or_default());
            if command::run_line(state, &line, fx) {
                Ok(())
            } else {
                Err(state.message.take().map(|(_, m)| m).unwrap_or_default())
            }
        }
        PromptKind::Rename { id } => {
            let line = format!("rename {id} {text}");
            if command::run_line(state, &line, fx) {
                Ok(())
            } else {
                Err(state.message.take().map(|(_, m)| m).unwrap_or_default())
            }
        }
        PromptKind::Field { id, field } => edit::set_field(state, id, *field, &text, fx),
        PromptKind::LinkField { key, field } => super::update_inspect::set_link_field(state, key, *field, &text, fx),
        PromptKind::Ask => {
            super::update_agent::ask(state, &text, fx);
            Ok(())
        }
        PromptKind::Protocol { from, to } => {
            let line = format!("link {from} {to} {text}");
            if command::run_line(state, &line, fx) {
                Ok(())
            } else {
                Err(state.message.take().map(|(_, m)| m).unwrap_or_default())
            }
        }
    }
}

fn move_selected(state: &mut State, (dx, dy): (i32, i32), fx: &mut Vec<Effect>) {
    let Some(id) = state.selected.clone() else {
        state.message = Some((Level::Info, "select a box to move first".into()));
        return;
    };
    let Some(r) = state.layout.rect(id.as_str()) else { return };
    let at = ((r.x + dx).max(0), (r.y + dy).max(0));
    let div = state.scale.divisor() as i32;
    let at = Some(((at.0 * div) as u32, (at.1 * div) as u32));
    apply(state, Edit::Move { id: id.clone(), at }, Some(format!("move {id}")), fx);
}

/// The nearest box in a direction from `from` (the first box when none).
fn neighbour(state: &State, from: Option<ComponentId>, (dx, dy): (i32, i32)) -> Option<ComponentId> {
    let Some(from) = from else { return state.layout.boxes.first().map(|b| b.id.clone()) };
    let Some(r) = state.layout.rect(from.as_str()) else { return state.layout.boxes.first().map(|b| b.id.clone()) };
    let (cx, cy) = (r.x + r.w / 2, r.y + r.h / 2);
    state
        .layout
        .boxes
        .iter()
        .filter(|b| b.id != from)
        .filter_map(|b| {
            let (bx, by) = (b.rect.x + b.rect.w / 2 - cx, b.rect.y + b.rect.h / 2 - cy);
            // Along the direction must be positive; across costs double.
            let along = bx * dx + by * dy;
            let across = (bx * dy).abs() + (by * dx).abs();
            (along > 0).then_some((along + 2 * across, b))
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, b)| b.id.clone())
        .or(Some(from))
}

fn cycle(state: &State, from: Option<ComponentId>, delta: i64) -> Option<ComponentId> {
    let n = state.design.component_count() as i64;
    if n == 0 {
        return None;
    }
    let i = from.and_then(|f| state.design.position(f.as_str())).map_or(if delta > 0 { -1 } else { 0 }, |p| p as i64);
    state.design.ids().nth((i + delta).rem_euclid(n) as usize).cloned()
}

pub(super) fn mouse(state: &mut State, kind: MouseKind, x: u16, y: u16, fx: &mut Vec<Effect>) {
    let panes: Panes = state.panes;
    let to_canvas = |state: &State| {
        (
            i32::from(x) - i32::from(panes.canvas.x) + state.scroll.0,
            i32::from(y) - i32::from(panes.canvas.y) + state.scroll.1,
        )
    };
    let over_chat = state.interview.is_none() && panes.chat.is_some_and(|a| a.contains(x, y));
    match kind {
        MouseKind::ScrollDown if over_chat => {
            super::chat_view::scroll(state, 3);
        }
        MouseKind::ScrollUp if over_chat => {
            super::chat_view::scroll(state, -3);
        }
        MouseKind::ScrollDown => state.scroll.1 += 3,
        MouseKind::ScrollUp => state.scroll.1 = (state.scroll.1 - 3).max(0),
        MouseKind::ScrollRight => state.scroll.0 += 6,
        MouseKind::ScrollLeft => state.scroll.0 = (state.scroll.0 - 6).max(0),
        MouseKind::Down if !matches!(state.overlay, Overlay::None | Overlay::Connect { .. }) => {}
        MouseKind::Down if panes.canvas.contains(x, y) => {
            let (cx, cy) = to_canvas(state);
            let hit = state.layout.hit(cx, cy).cloned();
            if let Overlay::Connect { from, .. } = &state.overlay {
                let from = from.clone();
                state.overlay = Overlay::Connect { target: hit.filter(|h| *h != from), from };
                return;
            }
            state.focus = Focus::Canvas;
            if hit.is_none()
                && let Some(key) = state.layout.link_at(cx, cy).cloned()
            {
                // A click on an arrow selects that link (from its source).
                state.selected = Some(key.from.clone());
                super::update_inspect::open_link(state, key, "e edits its fields, d deletes it");
                refresh_panes(state);
                return;
            }
            if let Some(id) = &hit
                && let Some(r) = state.layout.rect(id.as_str())
            {
                state.drag = Some(Drag {
                    id: id.clone(),
                    from: (r.x, r.y),
                    grab: (cx - r.x, cy - r.y),
                    at: (r.x, r.y),
                    moved: false,
                });
            }
            state.selected = hit;
            refresh_panes(state);
        }
        MouseKind::Down => {
            if let Some(area) = panes.findings
                && area.contains(x, y)
            {
                state.focus = Focus::Findings;
                let list = findings_list(area);
                if list.contains(x, y) {
                    let offset = list_offset(state.finding.unwrap_or(0), list.h);
                    let row = offset + usize::from(y - list.y);
                    if state.report.as_ref().is_some_and(|r| row < r.findings.len()) {
                        state.finding = Some(row);
                        step_finding(state, 0);
                    }
                }
                refresh_panes(state);
            } else if panes.inspector.is_some_and(|a| a.contains(x, y)) && state.selected.is_some() {
                state.focus = Focus::Inspector;
                refresh_panes(state);
            }
        }
        MouseKind::Drag => {
            let (cx, cy) = to_canvas(state);
            if let Some(drag) = &mut state.drag {
                drag.at = ((cx - drag.grab.0).max(0), (cy - drag.grab.1).max(0));
                drag.moved = true;
                let (id, at) = (drag.id.clone(), drag.at);
                if let Some(b) = state.layout.boxes.iter_mut().find(|b| b.id == id) {
                    b.rect.x = at.0;
                    b.rect.y = at.1;
                }
            }
        }
        MouseKind::Up => {
            if let Some(drag) = state.drag.take()
                && drag.moved
            {
                // Put the preview back so the layout sees a real move.
                if let Some(b) = state.layout.boxes.iter_mut().find(|b| b.id == drag.id) {
                    b.rect.x = drag.from.0;
                    b.rect.y = drag.from.1;
                }
                let div = state.scale.divisor() as i32;
                let at = Some(((drag.at.0 * div) as u32, (drag.at.1 * div) as u32));
                if !apply(state, Edit::Move { id: drag.id, at }, None, fx) {
                    state.layout = archcrit_core::layout::layout(&state.design, state.scale);
                }
            }
        }
    }
}
