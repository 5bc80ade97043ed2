//! The persona's panel: the conversation and proposals (`agent`), and the
//! panel as rows of text with its scroll position (`view`).

mod agent;
pub mod view;

pub(crate) use agent::{accept_proposal, ask, cancel, critiqued, event, proposal_key, review, toggle_live};
