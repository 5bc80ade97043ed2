//! Prompts and the `:` line: typing, history, Tab completion and what a
//! submitted line does. A refused line stays open with the reason.

mod complete;
mod history;
mod range;

pub use history::CommandHistory;

use crate::effect::Effect;
use crate::keymap::{Cmd, Key, KeyCode};
use crate::refusal::CommandError;
use crate::state::{Overlay, Prompt, PromptKind, State};
use crate::{chat, command, edit, inspector};

pub(crate) fn key(state: &mut State, cmd: Option<Cmd>, key: Key, fx: &mut Vec<Effect>) {
    let Overlay::Input(p) = &mut state.overlay else { return };
    match cmd {
        Some(Cmd::Cancel) => state.overlay = Overlay::None,
        Some(Cmd::Submit) => {
            let prompt = p.clone();
            state.overlay = Overlay::None;
            if let Err(e) = submit(state, &prompt, fx) {
                state.overlay = Overlay::Input(prompt);
                state.refuse_prompt(e);
            }
            if let Overlay::Input(p) = &state.overlay
                && p.error.is_some()
            {
                state.clear_message();
            }
        }
        Some(Cmd::Complete) | Some(Cmd::CompleteBack) => {
            let forward = cmd == Some(Cmd::Complete);
            let pool = complete::completions(state.doc.design(), &state.interviews.library, p);
            let refused = match &mut state.overlay {
                Overlay::Input(p) => complete::complete(p, pool, forward).err(),
                _ => None,
            };
            if let Some(why) = refused {
                state.refuse_prompt(why);
            }
        }
        Some(Cmd::Up) | Some(Cmd::Down) if p.kind == PromptKind::Command => {
            let text = state.command_history.step(cmd == Some(Cmd::Up));
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

/// Carries out a submitted prompt; `Err` keeps it open with the message.
fn submit(state: &mut State, p: &Prompt, fx: &mut Vec<Effect>) -> Result<(), CommandError> {
    let text = p.input.text().trim().to_string();
    match &p.kind {
        PromptKind::Command => {
            if text.is_empty() {
                return Ok(());
            }
            state.command_history.remember(&text);
            command::run(state, &text, fx)
        }
        PromptKind::SaveAs { then_quit } => {
            if text.is_empty() {
                return Err("type a file name, e.g. design.yaml".into());
            }
            edit::save(state, Some(text.into()), *then_quit, false, fx);
            Ok(())
        }
        PromptKind::NewComponent { kind, tech } => {
            let (id, label) = match text.split_once(' ') {
                Some((id, label)) => (id.to_string(), Some(label.trim().to_string())),
                None => (text.clone(), None),
            };
            if let Some(tech) = tech {
                return crate::kindhint::add(state, *kind, &id, label, tech, fx);
            }
            let line = format!("add {kind} {id} {}", label.unwrap_or_default());
            command::run(state, &line, fx)
        }
        PromptKind::Rename { id } => {
            let line = format!("rename {id} {text}");
            command::run(state, &line, fx)
        }
        PromptKind::Field { id, field } => {
            let old = state.doc.design().component(id.as_str()).and_then(|c| c.get(*field)).map(|v| v.to_string());
            edit::set_field(state, id, *field, &text, fx)?;
            if let Some(note) = range::unusual(*field, old.as_deref(), &text) {
                state.say(crate::state::Level::Info, note);
            }
            crate::kindhint::offer(state, id, *field);
            Ok(())
        }
        PromptKind::LinkField { key, field } => inspector::set_link_field(state, key, *field, &text, fx),
        PromptKind::Ask => {
            chat::ask(state, &text, fx);
            Ok(())
        }
        PromptKind::Protocol { from, to } => {
            let line = format!("link {from} {to} {text}");
            command::run(state, &line, fx)?;
            crate::edit::show_boxes(state, &[to.as_str(), from.as_str()]);
            Ok(())
        }
    }
}
