//! What `update` does for an interview: start, the answer box's keys,
//! answer, skip, back, pause, finish, and follow-ups and summaries arriving
//! from a model. Answers change the design only through `edit::apply`.

use super::{DEFAULT_SCRIPT, Interview};
use crate::edit::{refresh_panes, try_apply};
use crate::effect::Effect;
use crate::input::LineInput;
use crate::keymap::{Cmd, Key, KeyCode};
use crate::refusal::CommandError;
use crate::state::{ChatLine, Level, State};
use archcrit_core::interview::{AnswerError, AnswerOutcome, FollowUpRequest, QuestionView, Session};

/// `:interview [NAME]` and the `i` key: resume the named script (or the one
/// last run in this design, or `new-system`) where its transcript stops.
pub(crate) fn start(state: &mut State, name: Option<&str>, fx: &mut Vec<Effect>) -> Result<(), CommandError> {
    let name = match name {
        Some(n) => n.to_string(),
        None => state
            .doc
            .design()
            .interview()
            .iter()
            .rev()
            .map(|e| e.script.clone())
            .find(|s| state.interviews.library.get(s).is_some())
            .unwrap_or_else(|| DEFAULT_SCRIPT.to_string()),
    };
    let script = state.interviews.library.find(&name)?;
    let session = Session::resume_or_start(script, state.doc.design());
    let resumed = session.steps() > 0;
    let title = session.script().title.clone();
    state.interviews.running = Some(Interview::new(session));
    let Some(view) = next_question(state) else {
        finish(state, fx);
        return Ok(());
    };
    let how = if resumed { "resumed" } else { "started" };
    let (number, total) = state.interviews.running.as_ref().map_or((view.number, view.total), |iv| iv.progress(&view));
    state.say(Level::Info, format!("{how} {title}: question {number} of {total} (esc pauses; i resumes)"));
    refresh_panes(state);
    Ok(())
}

/// Shows the next question (pre-filled when the design knows the answer);
/// `None` when the interview is over.
fn next_question(state: &mut State) -> Option<QuestionView> {
    let view = state.interviews.running.as_ref()?.current(state.doc.design())?;
    if let Some(iv) = &mut state.interviews.running {
        iv.shown = view.prefill.clone().unwrap_or_default();
        iv.input = LineInput::prefilled(iv.shown.clone());
        iv.error = None;
    }
    Some(view)
}

/// A key while the interview has the keyboard.
pub(crate) fn key(state: &mut State, cmd: Option<Cmd>, key: Key, fx: &mut Vec<Effect>) {
    match cmd {
        Some(Cmd::Submit) => answer(state, false, fx),
        Some(Cmd::Skip) => answer(state, true, fx),
        Some(Cmd::Back) => back(state, fx),
        Some(Cmd::Cancel) => pause(state),
        Some(Cmd::Clear) => edit_input(state, |i| i.set("")),
        Some(Cmd::Complete) | Some(Cmd::CompleteBack) => complete_choice(state, cmd == Some(Cmd::Complete)),
        _ => match key.code {
            KeyCode::Char('w') if key.ctrl => edit_input(state, LineInput::delete_word),
            KeyCode::Char(c) if !key.ctrl && !key.alt => edit_input(state, |i| i.insert(c)),
            KeyCode::Backspace => edit_input(state, LineInput::backspace),
            KeyCode::Delete => edit_input(state, LineInput::delete),
            KeyCode::Left => edit_input(state, LineInput::left),
            KeyCode::Right => edit_input(state, LineInput::right),
            KeyCode::Home => edit_input(state, LineInput::home),
            KeyCode::End => edit_input(state, LineInput::end),
            _ => {}
        },
    }
}

pub(crate) fn edit_input(state: &mut State, f: impl FnOnce(&mut LineInput)) {
    if let Some(iv) = &mut state.interviews.running {
        f(&mut iv.input);
        iv.error = None;
    }
}

/// Tab on a choice question: cycle the typed text through the choices.
fn complete_choice(state: &mut State, forward: bool) {
    let Some(view) = state.interviews.running.as_ref().and_then(|iv| iv.current(state.doc.design())) else { return };
    let Some(choices) = view.ty.choices().filter(|c| !c.is_empty()) else { return };
    let Some(iv) = &mut state.interviews.running else { return };
    let n = choices.len();
    let now = choices.iter().position(|c| c.eq_ignore_ascii_case(iv.input.text().trim()));
    let next = match now {
        Some(i) if forward => (i + 1) % n,
        Some(i) => (i + n - 1) % n,
        None if forward => 0,
        None => n - 1,
    };
    iv.input.set(choices[next].clone());
    iv.error = None;
}

/// Enter (or skip): hands the answer to the session and applies its edit
/// through the history; a refused answer keeps the question with the reason.
fn answer(state: &mut State, skip: bool, fx: &mut Vec<Effect>) {
    let Some(iv) = &mut state.interviews.running else { return };
    let before = iv.session.clone();
    let text = iv.input.text().to_string();
    let result = if skip { iv.session.skip(state.doc.design()) } else { iv.session.answer(state.doc.design(), &text) };
    let outcome: AnswerOutcome = match result {
        Ok(o) => o,
        Err(AnswerError::Finished) => {
            finish(state, fx);
            return;
        }
        Err(e) => {
            iv.error = Some(match e {
                AnswerError::Invalid { message, .. } => message,
                other => other.to_string(),
            });
            return;
        }
    };
    if let Err(why) = try_apply(state, outcome.edit, None, fx) {
        // The design refused the edit: the session must not move on either.
        if let Some(iv) = &mut state.interviews.running {
            iv.session = before;
            iv.error = Some(format!("the design cannot take this answer: {why}"));
        }
        return;
    }
    let entry = outcome.entry;
    let mut last: Vec<String> = entry.effects.clone();
    last.extend(outcome.notes);
    let said =
        if skip { format!("skipped {}", entry.question) } else { format!("{}: {}", entry.question, entry.answer) };
    state.say(
        Level::Success,
        match entry.effects.len() {
            0 => said,
            n => format!("{said} ({n} change{} to the design; u undoes)", if n == 1 { "" } else { "s" }),
        },
    );
    if let Some(iv) = &mut state.interviews.running {
        iv.last = last;
        // The box is about to be reset, so follow-ups held back while this
        // answer was typed can be asked now, ahead of the next question.
        iv.release_held();
    }
    if next_question(state).is_none() {
        // Nothing would ask follow-ups to the last answer: no model call.
        finish(state, fx);
    } else if let Some(request) = outcome.follow_up
        && state.interviews.follow_ups
        && let Some(iv) = &mut state.interviews.running
    {
        iv.pending.push(request.clone());
        fx.push(Effect::InterviewFollowUps { request, design: Box::new(state.doc.design().clone()) });
    }
    refresh_panes(state);
}

/// Back one answer: the session hands the edit that takes it back out of
/// the design (transcript entry and effects), applied as one undoable step.
fn back(state: &mut State, fx: &mut Vec<Effect>) {
    let Some(iv) = &mut state.interviews.running else { return };
    let before = iv.session.clone();
    let Some(edit) = iv.session.back() else {
        iv.error = Some("nothing to go back to in this run (answers from before a pause stay; u undoes them)".into());
        return;
    };
    if let Err(why) = try_apply(state, edit, None, fx) {
        if let Some(iv) = &mut state.interviews.running {
            iv.session = before;
            iv.error = Some(format!("cannot go back: {why}"));
        }
        return;
    }
    if let Some(iv) = &mut state.interviews.running {
        // Going back drops follow-ups not yet asked, as the session does.
        iv.last.clear();
        iv.pending.clear();
        iv.held.clear();
    }
    if let Some(view) = next_question(state) {
        let (number, total) =
            state.interviews.running.as_ref().map_or((view.number, view.total), |iv| iv.progress(&view));
        state.say(Level::Info, format!("back to question {number} of {total}"));
    }
    refresh_panes(state);
}

/// Esc: put the interview away; the transcript in the design is where
/// `:interview` / `i` picks it up again.
fn pause(state: &mut State) {
    if let Some(iv) = state.interviews.running.take() {
        state.say(
            Level::Info,
            format!(
                "paused {} after {} answer{}; i or :interview {} resumes it (save to keep the transcript)",
                iv.session.script().id,
                iv.session.steps(),
                if iv.session.steps() == 1 { "" } else { "s" },
                iv.session.script().id
            ),
        );
    }
    refresh_panes(state);
}

/// The last question is answered: a summary in the persona's panel (a
/// model may replace the offline one), and the interview closes.
fn finish(state: &mut State, fx: &mut Vec<Effect>) {
    let Some(iv) = state.interviews.running.take() else { return };
    let summary = iv.session.offline_summary(state.doc.design());
    state.chat.lines.push(ChatLine { who: Some("interview".into()), text: summary.clone() });
    if state.interviews.follow_ups {
        fx.push(Effect::InterviewSummary {
            request: iv.session.summary_request(state.doc.design()),
            design: Box::new(state.doc.design().clone()),
        });
    }
    state.say(Level::Success, format!("interview complete. {summary}"));
    refresh_panes(state);
}

/// Follow-up questions a model offered for an answer (none when it failed).
/// Answers nobody asked for, or for a request gone back over, are dropped.
/// They are asked at once when the answer box holds nothing typed, else
/// held until the answer being typed is sent: typed text is never replaced.
pub(crate) fn follow_ups_ready(state: &mut State, request: FollowUpRequest, questions: Vec<String>) {
    let Some(iv) = &mut state.interviews.running else { return };
    let Some(at) = iv.pending.iter().position(|r| *r == request) else { return };
    iv.pending.remove(at);
    let questions: Vec<String> =
        questions.into_iter().map(|q| q.trim().to_string()).filter(|q| !q.is_empty()).collect();
    if questions.is_empty() {
        return;
    }
    iv.held.push_back((request, questions));
    if iv.untouched() && iv.release_held() {
        next_question(state);
        refresh_panes(state);
    } else if !iv.held.is_empty() {
        state
            .say(Level::Info, "the persona has a follow-up question; it comes after the answer you are on".to_string());
    }
}

/// A model's closing words, shown in the persona's panel.
pub(crate) fn summary_ready(state: &mut State, text: String) {
    state.chat.lines.push(ChatLine { who: None, text });
    refresh_panes(state);
}
