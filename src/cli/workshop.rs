//! `archcrit [FILE]`: the workshop, the product's main job. With no
//! subcommand the command line opens FILE (created on the first save when
//! it does not exist), an embedded example, or a scratch design.

use std::path::PathBuf;

use crate::app::Services;
use crate::tui::{self, Options};

/// Open the whiteboard.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The design file to open; created on the first save if it does not
    /// exist. Without it a scratch design opens and the first save asks
    /// for a name.
    pub file: Option<PathBuf>,
    /// Open a shipped example instead: shop, url-shortener, chat, pipeline, payments.
    #[arg(long, value_name = "NAME", conflicts_with = "file")]
    pub example: Option<String>,
    /// Draw with plain ASCII for terminals without box-drawing glyphs.
    #[arg(long)]
    pub ascii: bool,
}

pub fn run(args: Args) -> u8 {
    tui::run(Options { file: args.file, example: args.example, ascii: args.ascii }, Services::builtin())
}
