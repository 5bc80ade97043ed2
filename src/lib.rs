//! archcrit: a terminal design workshop for software architecture, with a
//! rule-based critic and an architect persona that critiques as you draw.
//!
//! This crate is the top of the workspace: `cli` (one file per
//! subcommand), `tui` (the terminal) and `workers` (tokio tasks: analyzer,
//! agent, files). It builds on `archcrit_core` (the pure domain) and
//! `archcrit_app` (state and `update`), which never see a terminal, a task
//! runtime or the network; their crate boundaries keep that true.
// Product code never unwraps: a panic in a terminal app loses the user's
// screen and, worse, their edits. Tests may.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod cli;
pub mod exit;
pub mod git;
pub mod tui;
pub mod workers;
