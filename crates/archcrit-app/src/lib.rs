//! The application: `State`, the `Action`s that change it, the `Effect`s
//! it asks for, and `update`, the only code that changes state. No I/O, no
//! tasks, no terminal: everything here runs the same in a test.

mod action;
pub mod chat_view;
pub mod command;
mod effect;
pub mod export;
mod history;
mod input;
pub mod inspect;
pub mod interview;
pub mod keymap;
pub mod panes;
pub mod services;
mod startup;
mod state;
mod update;
mod update_agent;
mod update_edit;
mod update_inspect;
mod update_keys;
pub mod wrap;

pub use action::{Action, MouseKind};
pub use effect::Effect;
pub use history::History;
pub use input::LineInput;
pub use inspect::{InspectorRow, inspector_fields};
pub use interview::Interview;
pub use keymap::{Cmd, Context, Key, KeyCode, Keymap};
pub use panes::{Area, Panes};
pub use services::Services;
pub use startup::{PersonaStart, Startup};
pub use state::{Chat, ChatLine, Focus, Level, Overlay, Prompt, PromptKind, Proposal, Question, State};
pub use update::update;
