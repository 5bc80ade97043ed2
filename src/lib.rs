//! archcrit: a terminal design workshop for software architecture, with a
//! rule-based critic and an architect persona that critiques as you draw.
//!
//! Layers, each depending only on those below it: `domain` (pure model,
//! file format, critic, exchange), `app` (state and `update`, no I/O),
//! `workers` (tokio tasks), `tui` (the terminal) and `cli`.

pub mod domain;

#[cfg(feature = "workshop")]
pub mod cli;
#[cfg(feature = "workshop")]
pub mod workers;
