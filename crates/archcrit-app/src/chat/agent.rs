//! The persona in `update`: asking, reviews (offline after each critique,
//! live mode after a pause), streamed answers, cancelling, proposals the
//! person accepts or rejects. Turn numbers drop stale events; the agent
//! itself runs in `workers::persona`.

use crate::action::Action;
use crate::edit::{apply, refresh_panes};
use crate::effect::Effect;
use crate::keymap::Cmd;
use crate::state::{ChatLine, Level, Proposal, State};
use archcrit_core::critic::Report;
use archcrit_core::model::Edit;

fn report(state: &State) -> Report {
    match state.fresh_report() {
        Some(r) => r.clone(),
        None => (state.session.services.critique)(state.doc.design()),
    }
}

fn next_turn(state: &mut State) -> u64 {
    state.chat.last_turn += 1;
    state.chat.last_turn
}

fn note(state: &mut State, text: impl Into<String>) {
    state.chat.lines.push(ChatLine { who: Some("note".into()), text: text.into() });
}

/// Sends a question; the answer streams into the panel.
pub(crate) fn ask(state: &mut State, question: &str, fx: &mut Vec<Effect>) {
    let question = question.trim();
    if question.is_empty() {
        return;
    }
    let turn = next_turn(state);
    // Asking shows the newest words again, where the answer will come.
    state.chat.scroll = None;
    state.chat.lines.push(ChatLine { who: Some("you".into()), text: question.to_string() });
    state.chat.busy = Some(turn);
    fx.push(Effect::AgentAsk {
        turn,
        question: question.to_string(),
        design: Box::new(state.doc.design().clone()),
        report: Box::new(report(state)),
    });
    refresh_panes(state);
}

/// Asks for a review of the design as it is now. `auto` reviews replace
/// the previous automatic one in the panel.
pub(crate) fn review(state: &mut State, auto: bool, fx: &mut Vec<Effect>) {
    let turn = next_turn(state);
    if auto {
        let line = state.chat.review.and_then(|(_, line)| line);
        state.chat.review = Some((turn, line));
    } else {
        let count = crate::wrap::counted(state.doc.design().component_count(), "component");
        note(state, format!("review of the design as it is now ({count})"));
        state.say(
            Level::Info,
            format!("asked {} to review the design: the answer shows in its panel", state.chat.persona),
        );
    }
    state.chat.busy = Some(turn);
    fx.push(Effect::AgentCritique {
        turn,
        design: Box::new(state.doc.design().clone()),
        report: Box::new(report(state)),
    });
}

/// Esc: stops the running answer. False when nothing was running.
pub(crate) fn cancel(state: &mut State, fx: &mut Vec<Effect>) -> bool {
    match state.chat.busy {
        Some(turn) => {
            fx.push(Effect::AgentCancel { turn });
            state.say(Level::Info, "stopping the persona's answer");
            true
        }
        None => false,
    }
}

pub(crate) fn toggle_live(state: &mut State, fx: &mut Vec<Effect>) {
    state.chat.live = !state.chat.live;
    let text = if state.chat.live {
        fx.push(Effect::LiveEdited { revision: state.doc.design().revision() });
        "live mode on: the persona re-critiques a few seconds after you stop editing"
    } else {
        "live mode off"
    };
    state.say(Level::Info, text);
}

/// A fresh critique arrived: the offline voice reviews it at once (it is
/// local and fast); an LLM waits for live mode or a request.
pub(crate) fn critiqued(state: &mut State, fx: &mut Vec<Effect>) {
    if !state.chat.llm && state.fresh_report().is_some() && state.chat.busy.is_none() {
        review(state, true, fx);
    }
}

/// y / n while a proposal waits.
pub(crate) fn proposal_key(state: &mut State, cmd: Cmd, fx: &mut Vec<Effect>) {
    match cmd {
        Cmd::AcceptProposal => accept_proposal(state, fx),
        Cmd::RejectProposal => {
            if let Some(p) = state.chat.proposal.take() {
                fx.push(Effect::AgentOutcome { turn: p.turn, applied: false });
                note(state, format!("rejected: {}", p.summary));
                state.say(Level::Info, "proposal rejected; nothing changed");
            }
        }
        _ => {}
    }
    refresh_panes(state);
}

pub(crate) fn accept_proposal(state: &mut State, fx: &mut Vec<Effect>) {
    let Some(proposal) = state.chat.proposal.take() else {
        state.say(Level::Info, "the persona has not proposed anything");
        return;
    };
    let edit = Edit::Batch { label: proposal.summary.clone(), edits: proposal.edits.clone() };
    let before = state.doc.design().clone();
    if apply(state, edit, None, fx) {
        crate::edit::mark(state, &before, &format!("applied the proposal ({})", proposal.summary), false);
        fx.push(Effect::AgentOutcome { turn: proposal.turn, applied: true });
    } else {
        state.chat.proposal = Some(proposal);
    }
    refresh_panes(state);
    // After the panels settle: the canvas may have changed size.
    crate::edit::show_touched(state);
}

fn ends(state: &mut State, turn: u64) -> bool {
    if state.chat.busy == Some(turn) {
        state.chat.busy = None;
        true
    } else {
        false
    }
}

/// Results from the agent.
pub(crate) fn event(state: &mut State, action: Action, fx: &mut Vec<Effect>) {
    match action {
        Action::AgentToken { turn, text } => token(state, turn, text),
        // Only the running turn's wait is news; a stopped one's is stale.
        Action::AgentWaiting { turn, message } if state.chat.busy == Some(turn) => {
            note(state, format!("{message}; esc stops waiting"));
            state.say(Level::Info, message);
        }
        Action::AgentFinished { turn } => {
            ends(state, turn);
        }
        Action::AgentFailed { turn, message, fallback_text } if state.chat.turn.is_none_or(|t| t <= turn) => {
            ends(state, turn);
            state.chat.turn = Some(turn);
            note(state, message);
            state.chat.lines.push(ChatLine { who: None, text: fallback_text });
        }
        Action::AgentCancelled { turn } if ends(state, turn) => note(state, "stopped"),
        Action::AgentProposal { turn, edits, refused, summary } if state.chat.turn.is_none_or(|t| t <= turn) => {
            let text = if edits.is_empty() {
                format!("the persona's proposal was refused: {}", refused.join("; "))
            } else {
                format!("the persona proposes: {summary} (y applies it, n rejects it)")
            };
            state.say(Level::Info, text);
            state.chat.proposal =
                (!edits.is_empty()).then_some(Proposal { turn, edits, refused: refused.clone(), summary });
            if state.chat.proposal.is_none() {
                for r in refused {
                    note(state, format!("refused: {r}"));
                }
            }
        }
        Action::LiveDue { revision }
            if state.chat.live
                && state.chat.llm
                && revision == state.doc.design().revision()
                && state.chat.busy.is_none() =>
        {
            review(state, true, fx)
        }
        _ => {}
    }
    refresh_panes(state);
}

fn token(state: &mut State, turn: u64, text: String) {
    match state.chat.turn {
        Some(t) if t == turn => match state.chat.lines.last_mut() {
            Some(line) if line.who.is_none() => line.text.push_str(&text),
            _ => state.chat.lines.push(ChatLine { who: None, text }),
        },
        Some(t) if t > turn => {}
        _ => {
            state.chat.turn = Some(turn);
            if let Some((auto, line)) = state.chat.review
                && auto == turn
            {
                // A new automatic review replaces the previous one.
                if let Some(i) = line.filter(|i| *i < state.chat.lines.len()) {
                    crate::chat::view::remove_entry(state, i);
                }
                state.chat.review = Some((turn, Some(state.chat.lines.len())));
            }
            // A new answer opens at its first words (the verdict), unless
            // the person is reading further back.
            let following = state.chat.scroll.is_none();
            state.chat.lines.push(ChatLine { who: None, text });
            // The first words may be what makes the panel show.
            refresh_panes(state);
            if following {
                crate::chat::view::open_at(state, state.chat.lines.len() - 1);
            }
        }
    }
}
