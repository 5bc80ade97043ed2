//! The application: `State`, the `Action`s that change it, the `Effect`s
//! it asks for, and `update`, the only code that changes state. No I/O, no
//! tasks, no terminal: everything here runs the same in a test.
//!
//! Organised by feature: each folder owns the keys and data of one part of
//! the workshop (canvas, prompt, findings, inspector, chat, interview,
//! overlays, command); `edit` is what they all change the design through.
//! tests/modules.rs checks the features do not call each other in a
//! cycle and that no file grows past 400 lines.

mod action;
pub mod calibrate;
mod canvas;
mod chat;
pub mod command;
pub mod diff;
mod edit;
mod effect;
pub mod export;
pub mod facts;
mod findings;
pub mod flows;
mod history;
pub mod import;
mod input;
mod inspector;
pub mod interview;
pub mod keymap;
mod keys;
pub mod kindhint;
mod overlays;
pub mod panels;
pub mod panes;
pub mod picker;
mod prompt;
mod refusal;
pub mod services;
mod startup;
mod state;
mod update;
pub mod whatif;
pub mod wrap;

pub use chat::view as chat_view;
pub use inspector::rows as inspect;

pub use action::{Action, MouseKind, WorkerError};
pub use edit::{Document, Drag, Moves, SaveLanded, TICKS, Touched, Viewport, reading_order, toward, toward_with};
pub use effect::Effect;
pub use history::History;
pub use input::LineInput;
pub use inspect::{InspectorRow, inspector_fields};
pub use interview::Interview;
pub use keymap::{Cmd, Context, Key, KeyCode, Keymap};
pub use panels::screen::Panels;
pub use panes::{Area, Panes};
pub use refusal::CommandError;
pub use services::Services;
pub use startup::{PersonaStart, Startup};
pub use state::{Chat, ChatLine, Focus, Level, Overlay, Prompt, PromptKind, Proposal, Question, Session, State};
pub use update::update;
