//! `:export FORMAT FILE`: the formats the workshop can write and how each
//! is rendered from the design and its report. Pure; the file writer
//! worker calls `render` and writes the text atomically.

use std::fmt;

use crate::refusal::CommandError;
use archcrit_core::critic::Report;
use archcrit_core::exchange::{Direction, dot, json, markdown, mermaid};
use archcrit_core::model::Design;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Mermaid,
    Dot,
    Json,
    Markdown,
}

impl ExportFormat {
    pub const NAMES: &[&str] = &["mermaid", "dot", "json", "markdown"];

    pub fn parse(text: &str) -> Result<ExportFormat, CommandError> {
        Ok(match text.to_ascii_lowercase().as_str() {
            "mermaid" | "mmd" => ExportFormat::Mermaid,
            "dot" | "gv" | "graphviz" => ExportFormat::Dot,
            "json" => ExportFormat::Json,
            "markdown" | "md" => ExportFormat::Markdown,
            other => {
                return Err(CommandError::from(format!(
                    "unknown export format `{other}`; formats: {}",
                    ExportFormat::NAMES.join(" ")
                )));
            }
        })
    }

    /// The design in this format; diagrams are coloured by findings.
    pub fn render(self, design: &Design, report: &Report) -> String {
        match self {
            ExportFormat::Mermaid => {
                mermaid::export(design, mermaid::Style { direction: Direction::default(), findings: Some(report) }).text
            }
            ExportFormat::Dot => dot::export(design, Direction::default(), Some(report)),
            ExportFormat::Json => json::to_string(design, Some(report)),
            ExportFormat::Markdown => markdown::export(design, Some(report), Direction::default()),
        }
    }
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ExportFormat::Mermaid => "mermaid",
            ExportFormat::Dot => "dot",
            ExportFormat::Json => "json",
            ExportFormat::Markdown => "markdown",
        })
    }
}

/// `:export FORMAT FILE`: hands the design and its report to the writer.
pub(super) fn run(
    state: &mut super::State,
    format: ExportFormat,
    file: String,
    fx: &mut Vec<super::Effect>,
) -> Result<(), CommandError> {
    if file.trim().is_empty() {
        return Err("usage: :export FORMAT FILE".into());
    }
    let report = match state.fresh_report() {
        Some(r) => r.clone(),
        None => (state.session.services.critique)(state.doc.design()),
    };
    state.say(super::Level::Info, format!("exporting {format} to {file}..."));
    fx.push(super::Effect::Export {
        format,
        path: file.into(),
        design: Box::new(state.doc.design().clone()),
        report: Box::new(report),
    });
    Ok(())
}
