//! `:calibrate [--add] [--map SVC=ID]... [--sampling SHARE] TRACES...`: the
//! workers read the trace files (an `Effect`, at the sampling asked) and
//! hand back what they hold; this compares them with the design, applies
//! the measured numbers as one undoable edit, marks what changed on the
//! board (the diff panel, against the design as it was), shows the drift
//! report in the persona's panel and sums it up on the message line.

use std::path::PathBuf;

use archcrit_core::calibrate::{self, Observed, Options};

use crate::action::WorkerError;
use crate::edit::try_apply;
use crate::effect::Effect;
use crate::refusal::CommandError;
use crate::state::{ChatLine, Level, State};

/// What `:calibrate` was asked: the files and the options.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub files: Vec<PathBuf>,
    pub options: Options,
}

/// Parses the words after `:calibrate`.
pub fn parse(words: &[&str]) -> Result<Request, CommandError> {
    let mut options = Options::default();
    let mut files = Vec::new();
    let mut it = words.iter();
    while let Some(w) = it.next() {
        match *w {
            "--add" => options.add = true,
            "--map" => {
                let pair = it.next().ok_or("--map needs SERVICE=ID (orders-svc=orders)")?;
                options.map.push(calibrate::parse_option(pair)?);
            }
            w if w.starts_with("--map=") => options.map.push(calibrate::parse_option(&w["--map=".len()..])?),
            "--sampling" => {
                let share = it.next().ok_or("--sampling needs the traced share (0.1 for 10%)")?;
                options.sampling = sampling(share)?;
            }
            w if w.starts_with("--sampling=") => options.sampling = sampling(&w["--sampling=".len()..])?,
            w if w.starts_with("--") => {
                return Err(format!("unknown option {w}: use --add, --map SERVICE=ID or --sampling SHARE").into());
            }
            w => files.push(PathBuf::from(w)),
        }
    }
    if files.is_empty() {
        return Err("name the trace files: :calibrate TRACES... (OTLP/JSON or Jaeger JSON)".into());
    }
    Ok(Request { files, options })
}

/// `--sampling SHARE`: a number, checked as the CLI checks it.
fn sampling(text: &str) -> Result<f64, CommandError> {
    let share = text.parse::<f64>().map_err(|_| format!("--sampling {text}: give the traced share (0.1 for 10%)"))?;
    calibrate::check_sampling(share).map_err(|e| CommandError::Refused(e.to_string()))
}

/// Asks the workers to read the traces.
pub(crate) fn start(state: &mut State, request: Request, fx: &mut Vec<Effect>) -> Result<(), CommandError> {
    let n = request.files.len();
    state.say(Level::Info, format!("reading {n} trace file{}...", if n == 1 { "" } else { "s" }));
    fx.push(Effect::ReadTraces { files: request.files, options: request.options });
    Ok(())
}

/// The traces were read (or not): calibrate and apply as one step.
pub(crate) fn read(
    state: &mut State,
    options: Options,
    observed: Result<Box<Observed>, WorkerError>,
    fx: &mut Vec<Effect>,
) {
    let observed = match observed {
        Ok(o) => *o,
        Err(e) => return state.say(Level::Error, format!("cannot calibrate: {e}")),
    };
    let c = match calibrate::calibrate(state.doc.design(), observed, &options) {
        Ok(c) => c,
        Err(e) => return state.say(Level::Error, format!("cannot calibrate: {e}")),
    };
    for w in &c.plan.warnings {
        state.say(Level::Info, w.clone());
    }
    let Some(edit) = c.plan.edit else {
        show_report(state, &c.drift);
        return state.say(Level::Info, format!("nothing to calibrate: {}", c.drift.summary()));
    };
    let before = archcrit_core::file::to_yaml(state.doc.design());
    if let Err(e) = try_apply(state, edit, None, fx) {
        return state.say(Level::Error, format!("cannot calibrate: {e}"));
    }
    crate::diff::base_ready(state, Some("before :calibrate".to_string()), Ok(before));
    show_report(state, &c.drift);
    state.say(
        Level::Success,
        format!("calibrated (u undoes): {}; the report is in the persona's panel", c.drift.summary()),
    );
}

/// The drift report in the persona's panel, opened at its start.
fn show_report(state: &mut State, drift: &archcrit_core::calibrate::Drift) {
    let index = state.chat.lines.len();
    let text = drift.to_lines();
    let (head, body) = text.split_once('\n').unwrap_or((text.as_str(), ""));
    state.chat.lines.push(ChatLine { who: Some("calibrate".into()), text: head.to_string() });
    state.chat.lines.push(ChatLine { who: None, text: body.to_string() });
    crate::chat::view::open_at(state, index);
}
