//! `archcrit interview`: lists scripts, prints a script's questions, and
//! runs a script headless against a design with answers from a file.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::workers::interview::BlockingInterviewer;
use crate::workers::llm::{Setup, connect};
use archcrit_core::critic;
use archcrit_core::file::{self, block_scalar, scalar};
use archcrit_core::interview::{
    AnswerOutcome, FollowUps, Library, Offline, QuestionType, Script, Session, load_script_path, parse_answers,
    run as run_headless,
};
use archcrit_core::model::{Design, format_number};

use super::source::Source;
use super::{BAD_INPUT, OK};

/// Run a guided design interview without a terminal, or list and print scripts.
///
/// Headless: `archcrit interview FILE --script NAME --answers ANSWERS.yaml`
/// answers each question from ANSWERS.yaml (a map from question id to
/// answer; `~` skips), writes the design and its transcript, and prints
/// both. Questions without an answer keep what the design already holds,
/// or are skipped. An invalid answer names the question and writes nothing.
/// With --llm, a language model asks follow-ups after answers (answered from
/// ANSWERS.yaml as `QUESTION.follow-up-N`, else skipped) and sums up the run.
/// In the workshop, `:interview NAME` asks the same questions interactively.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The design file to interview (a new design when it does not exist).
    pub file: Option<PathBuf>,
    /// Interview a shipped example instead of FILE (shop, url-shortener,
    /// chat, pipeline, payments): the transcript and critique are printed,
    /// nothing is written.
    #[arg(long, value_name = "NAME", conflicts_with = "file")]
    pub example: Option<String>,
    /// List the available scripts, one per line, id first.
    #[arg(long, conflicts_with_all = ["file", "example", "print_questions", "answers"])]
    pub list: bool,
    /// The script: a script id (see --list) or the path of a script file.
    #[arg(long, value_name = "NAME")]
    pub script: Option<String>,
    /// Print the script's questions as YAML ({id, ask, type, choices, min, max, unit}).
    #[arg(long, requires = "script", conflicts_with_all = ["file", "example", "answers"])]
    pub print_questions: bool,
    /// The answers: a YAML mapping from question id to answer.
    #[arg(long, value_name = "ANSWERS.yaml")]
    pub answers: Option<PathBuf>,
    /// A directory of extra or replacement scripts (default: the `interviews`
    /// folder in archcrit's config directory, e.g. ~/.config/archcrit/interviews).
    #[arg(long, value_name = "DIR")]
    pub scripts_dir: Option<PathBuf>,
    /// Rewrite the design even though its YAML comments will be lost.
    #[arg(long)]
    pub drop_comments: bool,
    /// Ask an OpenAI-compatible LLM for follow-up questions (answered from
    /// ANSWERS.yaml as `QUESTION.follow-up-N`) and a closing summary, as the
    /// workshop does (OPENAI_API_KEY, OPENAI_BASE_URL; see docs/llm.md).
    #[arg(long, requires = "answers")]
    pub llm: bool,
    #[command(flatten)]
    pub endpoint: super::persona_review::EndpointArgs,
}

/// The follow-up source: the LLM with `--llm` (offline, with a one-line
/// reason, when it is not configured), else none.
fn follow_ups(args: &Args) -> Result<Box<dyn FollowUps>, String> {
    if !args.llm {
        return Ok(Box::new(Offline));
    }
    let env = |k: &str| std::env::var(k).ok();
    let model =
        match connect(&args.endpoint.flags(), &env, dirs::config_dir().as_deref(), args.endpoint.log_file.as_deref()) {
            Ok(m) => m,
            Err(Setup::Usage(e)) => return Err(e),
            Err(Setup::Unavailable(e)) => {
                errln!("archcrit: LLM unavailable: {e}; no follow-ups will be asked");
                return Ok(Box::new(Offline));
            }
        };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    errln!("note: asking {} for follow-ups", model.describe());
    Ok(Box::new(BlockingInterviewer { model, runtime }))
}

fn library(dir: Option<&Path>) -> Result<Library, String> {
    let library = Library::built_in().map_err(|e| e.to_string())?;
    let default_dir = dirs::config_dir().map(|d| d.join("archcrit").join("interviews"));
    match dir.map(Path::to_path_buf).or(default_dir) {
        Some(dir) => library.with_dir(&dir).map_err(|e| e.to_string()),
        None => Ok(library),
    }
}

fn find_script(library: &Library, name: &str) -> Result<Arc<Script>, String> {
    let path = Path::new(name);
    if name.ends_with(".yaml") || name.ends_with(".yml") || path.components().count() > 1 {
        return load_script_path(path).map(Arc::new).map_err(|e| e.to_string());
    }
    library.find(name)
}

/// Why an interview stopped: a message still to print, or a design
/// problem already told (with its exit status).
enum Failed {
    Say(String),
    Told(u8),
}

impl From<String> for Failed {
    fn from(message: String) -> Failed {
        Failed::Say(message)
    }
}

pub fn run(args: Args) -> u8 {
    match run_inner(args) {
        Ok(()) => OK,
        Err(Failed::Say(message)) => {
            errln!("error: {message}");
            BAD_INPUT
        }
        Err(Failed::Told(code)) => code,
    }
}

fn run_inner(args: Args) -> Result<(), Failed> {
    let library = library(args.scripts_dir.as_deref())?;
    if args.list {
        for s in library.scripts() {
            let n = s.questions.len();
            outln!("{:<22} {} ({n} question{})", s.id, s.title, if n == 1 { "" } else { "s" });
        }
        return Ok(());
    }
    let Some(name) = &args.script else {
        let ids: Vec<&str> = library.scripts().iter().map(|s| s.id.as_str()).collect();
        return Err(format!("name a script with --script NAME ({}), or use --list", ids.join(", ")).into());
    };
    let script = find_script(&library, name)?;
    if args.print_questions {
        out!("{}", questions_yaml(&script));
        return Ok(());
    }
    let (true, Some(answers_path)) = (args.file.is_some() || args.example.is_some(), &args.answers) else {
        return Err(format!(
            "a headless interview needs a design and answers: archcrit interview FILE --script {} --answers ANSWERS.yaml \
             (or --example NAME for FILE; to be asked interactively, open the design in the workshop and type `:interview {}`)",
            script.id, script.id
        )
        .into());
    };
    let answers_origin = answers_path.display().to_string();
    let answers_text = archcrit_core::file::read_text_limited(answers_path, archcrit_core::file::MAX_FILE_BYTES)
        .map_err(|e| format!("{answers_origin}: cannot read the answers: {e}"))?;
    let answers = parse_answers(&answers_text, &answers_origin).map_err(|e| e.to_string())?;
    let source = Source { file: args.file.clone(), example: args.example.clone() };
    let design = match (source.path(), &args.example) {
        (_, Some(_)) => source.load().map_err(Failed::Told)?.design,
        (Some(path), None) if path.exists() => {
            let loaded = source.load().map_err(Failed::Told)?;
            if loaded.has_comments && !args.drop_comments {
                return Err(Failed::Say(format!(
                    "{} has YAML comments that saving would drop; move them into `notes:` fields, or pass --drop-comments",
                    path.display()
                )));
            }
            loaded.design
        }
        (path, None) => {
            let stem = path
                .and_then(Path::file_stem)
                .map_or_else(|| "New design".into(), |s| s.to_string_lossy().into_owned());
            errln!("note: {} does not exist; starting a new design", source.origin());
            Design::new(stem)
        }
    };
    let mut follow_ups = follow_ups(&args)?;
    let session = Session::start(script.clone());
    let result = run_headless(session, &design, &answers, follow_ups.as_mut()).map_err(|e| {
        format!("{answers_origin}: question `{}`: {}", e.question().unwrap_or("?"), strip_id(&e.to_string()))
    })?;
    for unused in &result.unused {
        let why = match script.questions.iter().find(|q| q.id == *unused) {
            None => format!("{} has no question `{unused}` (--print-questions lists them)", script.id),
            Some(q) => match &q.when {
                Some(when) => format!("its question is asked only when {when}, which did not hold"),
                None => "its question was not asked".to_string(),
            },
        };
        errln!("warning: {answers_origin}: the answer for `{unused}` was not used: {why}");
    }
    if let Some(path) = source.path() {
        file::save_path(&result.design, path).map_err(|e| e.to_string())?;
    }
    out!("{}", transcript_text(&script, &result.outcomes));
    let changes: usize = result.outcomes.iter().map(|o| o.entry.effects.len()).sum();
    let (n, origin) = (result.outcomes.len(), source.origin());
    match source.path() {
        Some(path) => outln!("\nwrote {} ({n} questions, {changes} changes)", path.display()),
        None => outln!(
            "\n{n} questions, {changes} changes to the example {origin}, not written \
             (`archcrit new FILE --example {origin}` writes it out to interview in place)"
        ),
    }
    if let Some(summary) = &result.summary {
        outln!("\n{summary}");
    }
    let report = critic::critique(&result.design);
    out!("\ncritique:\n{}", critic::render::text(&report, false));
    Ok(())
}

/// AnswerError displays as "id: message"; the caller names the id itself.
fn strip_id(shown: &str) -> String {
    shown.split_once(": ").map_or(shown, |(_, rest)| rest).to_string()
}

/// The transcript of a run as people read it.
pub fn transcript_text(script: &Script, outcomes: &[AnswerOutcome]) -> String {
    let mut out = format!("interview: {} ({})\n", script.title, script.id);
    for o in outcomes {
        let e = &o.entry;
        let _ = writeln!(out, "\n[{}] {}", e.question, e.ask);
        if e.answer.is_empty() {
            let _ = writeln!(out, "  (skipped)");
        } else {
            let _ = writeln!(out, "  > {}", e.answer);
        }
        for effect in &e.effects {
            let _ = writeln!(out, "  - {effect}");
        }
        for note in &o.notes {
            let _ = writeln!(out, "  ({note})");
        }
    }
    out
}

/// `--print-questions`: every question with all seven keys (null where a
/// key does not apply), so scripts and tools can rely on the shape.
pub fn questions_yaml(script: &Script) -> String {
    let mut out = String::new();
    let null = || "null".to_string();
    for q in &script.questions {
        let (choices, min, max, unit) = match &q.ty {
            QuestionType::Number { unit, min, max, .. } => (
                null(),
                min.map_or_else(null, format_number),
                max.map_or_else(null, format_number),
                unit.as_deref().map_or_else(null, scalar),
            ),
            ty => match ty.choices() {
                Some(c) => (
                    format!("[{}]", c.iter().map(|c| scalar(c)).collect::<Vec<_>>().join(", ")),
                    null(),
                    null(),
                    null(),
                ),
                None => (null(), null(), null(), null()),
            },
        };
        let _ = writeln!(out, "- id: {}", scalar(&q.id));
        let _ = writeln!(out, "  ask: {}", block_scalar(&q.ask));
        let _ = writeln!(out, "  type: {}", q.ty.name());
        let _ = writeln!(out, "  choices: {choices}");
        let _ = writeln!(out, "  min: {min}");
        let _ = writeln!(out, "  max: {max}");
        let _ = writeln!(out, "  unit: {unit}");
    }
    out
}
