//! A report as text for people: plain or coloured terminal text, Markdown
//! for a pull request, JSON (the contract) and SARIF 2.1.0 for code
//! scanning. Pure string building; the CLI decides where it goes.

mod markdown;
mod sarif;
mod text;

pub use markdown::markdown;
pub use sarif::sarif;
pub use text::text;

use super::report::Report;

/// The contract's JSON object, pretty-printed, with a trailing newline.
pub fn json(report: &Report) -> String {
    let mut s = serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    crate::text::inert::json(s)
}
