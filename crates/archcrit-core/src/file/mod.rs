//! Reading and writing design files (format 1): strict loading with
//! file:line errors, canonical and atomic saving. No terminal, no network.

mod de;
mod depth;
mod error;
mod hints;
mod more;
mod read;
mod scan;
mod ser;
mod write;
pub mod yaml;

use std::collections::HashMap;
use std::path::Path;

pub use de::FORMAT_VERSION;
pub use error::{LoadError, SaveError};
pub use read::{read_limited, read_text_limited, read_text_no_follow};
pub use scan::has_comments;
pub use ser::{block_scalar, flow, scalar, to_yaml};
pub use write::{Fingerprint, WriteOptions, same_file, write_atomic, write_with};

use crate::model::Design;

/// Files larger than this are refused before parsing: a real design is a
/// few hundred kilobytes even at ten thousand components.
pub const MAX_FILE_BYTES: usize = 50 * 1024 * 1024;

/// A design read from disk, with what the writer needs to know about it.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub design: Design,
    /// The file had YAML comments, which a save would drop.
    pub has_comments: bool,
}

/// Parses design text; `origin` names the file in error messages. A
/// design error comes with the file's others (up to 20, the rest counted:
/// see `more`); a YAML syntax error comes alone.
pub fn load_str(text: &str, origin: &str) -> Result<Design, LoadError> {
    first_error(text, origin).map_err(|first| more::collect(text, first, |t| first_error(t, origin).err()))
}

/// One reading of design text: the design, or its first error.
fn first_error(text: &str, origin: &str) -> Result<Design, LoadError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(LoadError::new(
            origin,
            format!("the file is {} MB; archcrit reads designs of up to 50 MB", text.len() / (1024 * 1024)),
        )
        .with_hint(TOO_LARGE_HINT));
    }
    if scan::is_blank(text) {
        return Err(LoadError::new(origin, "the file is empty")
            .at(1, 1)
            .with_hint("a design starts with `archcrit: 1` and `name: ...`; `archcrit new FILE` writes a starter"));
    }
    // A byte order mark is allowed at the start of a YAML stream, but the
    // parser reads the line after it wrongly; it carries no meaning.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match read(text, &de::Hints::default()) {
        Ok(design) => Ok(design),
        // Found once the whole file was read (a link before `components:`
        // names an id defined later): the position index places it.
        Err(ReadError::Late(late)) => Err(ReadError::Late(late).into_load_error(text, origin)),
        Err(first) => {
            // The second reading earns its keep for errors raised while
            // parsing whose right node depends on something later in the
            // file: a field before its component's `kind`, a component
            // without `kind` (known only at its mapping's end), a `null`
            // text (the first reading reads text as written and the parser
            // cannot place a null then). A reading that knows every id and
            // kind up front raises them at their own node. Costs a second
            // parse, but only on the error path.
            let mut hints = yaml::from_str_seed(text, hints::HintsSeed).unwrap_or_default();
            hints.second_reading = true;
            match read(text, &hints) {
                Err(second) => Err(second.into_load_error(text, origin)),
                Ok(_) => Err(first.into_load_error(text, origin)),
            }
        }
    }
}

/// Why one reading of a design failed.
enum ReadError {
    /// Raised while parsing, with the position the parser gave.
    Parse(yaml::YamlError),
    /// Found after the whole document was read, with the path it is about.
    Late(de::LateError),
}

fn read(text: &str, hints: &de::Hints) -> Result<Design, ReadError> {
    match yaml::from_str_seed(text, de::DocumentSeed { hints }) {
        Ok(Ok(parsed)) => Ok(parsed.design),
        Ok(Err(late)) => Err(ReadError::Late(late)),
        Err(e) => Err(ReadError::Parse(e)),
    }
}

impl ReadError {
    fn into_load_error(self, text: &str, origin: &str) -> LoadError {
        let e = match self {
            ReadError::Late(late) => {
                // Worded as the parser words errors at a node: path first.
                let mut err = LoadError::new(origin, format!("{}: {}", late.path, late.message));
                err.hint = late.hint;
                if let Some(place) = yaml::Positions::read(text).place(&late.path) {
                    err = err.at(place.value.0, place.value.1);
                }
                return err;
            }
            ReadError::Parse(e) => e,
        };
        if e.kind == yaml::YamlErrorKind::MoreThanOneDocument {
            let mut err =
                LoadError::new(origin, "the file holds more than one YAML document: a design is one document")
                    .with_hint("remove the `---` line that starts the second document, or split the file in two");
            if let Some(line) = yaml::Positions::read(text).second_document_line() {
                err = err.at(line, 1);
            }
            return err;
        }
        // Tell YAML syntax errors apart from design errors: only the former
        // also stop a plain parse.
        // (Into nothing at all: a duplicate key is a design error, not syntax.)
        let syntax = yaml::from_str::<serde::de::IgnoredAny>(text).is_err();
        let bounded = matches!(e.kind, yaml::YamlErrorKind::TooDeep | yaml::YamlErrorKind::AliasBomb);
        let mut err = if bounded {
            // One of archcrit's own bounds (yaml.rs), not a typing mistake.
            LoadError::new(origin, e.message.clone())
                .with_hint("a design nests a few levels and uses few aliases; see docs/security.md for the bounds")
        } else if syntax {
            let message = match yaml::Positions::read(text).broken() {
                // The reader met this inside a `{` or `[` the text never
                // closes (at or before where it stops being YAML): what it names (a "field" `vip`) is most likely
                // the next line read into the open brace, so a suggestion
                // (`did you mean via?`) would point at the wrong fix.
                Some(b) if b.in_flow && e.line.zip(e.column).is_some_and(|at| at <= b.at) => {
                    without_suggestion(&e.message)
                }
                _ => e.message.clone(),
            };
            // A line indented under `key: value` reads as more of that value:
            // the mistake is on the deeper line, so point there (and no
            // did-you-mean: the value was not misspelled).
            if let Some(deeper) = e.line.and_then(|l| indented_under_value(text, l)) {
                let err = LoadError::new(origin, format!("YAML syntax error: {}", without_suggestion(&message)));
                return err.at(deeper.line, deeper.column).with_hint(format!(
                    "this line is indented deeper than `{}:` on line {}, so YAML reads it as more of that value; \
                     indent it like `{}:`",
                    deeper.key,
                    deeper.line - 1,
                    deeper.key
                ));
            }
            LoadError::new(origin, format!("YAML syntax error: {message}")).with_hint(syntax_hint(text, &e))
        } else {
            LoadError::new(origin, e.message)
        };
        match (e.line, e.column) {
            (Some(line), Some(col)) => err = err.at(line, col),
            (Some(line), None) => err.line = Some(line),
            _ => {}
        }
        err
    }
}

/// A line indented deeper than the `key: value` line above it.
struct Deeper {
    line: usize,
    column: usize,
    key: String,
}

/// Whether the line after 1-based `line` is indented deeper than `line`
/// while `line` holds a key with a plain value on it (`kind: client`): YAML
/// then folds the next line into that value (`client label`), and the
/// error lands on the line above the mistake.
fn indented_under_value(text: &str, line: usize) -> Option<Deeper> {
    let mut lines = text.lines().skip(line.checked_sub(1)?);
    let (this, next) = (lines.next()?, lines.next()?);
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let body = this.trim_start_matches(' ').trim_start_matches("- ");
    let (key, value) = body.split_once(": ")?;
    let value = value.trim();
    let plain = !value.is_empty() && !value.starts_with(['#', '"', '\'', '{', '[', '|', '>', '&', '*', '!']);
    let next_body = next.trim();
    let simple_key = !key.is_empty() && !key.contains([' ', '"', '\'', '{', '[']);
    (plain && simple_key && !next_body.is_empty() && !next_body.starts_with('#') && indent(next) > indent(this))
        .then(|| Deeper { line: line + 1, column: indent(next) + 1, key: key.to_string() })
}

/// `message` without its did-you-mean (`: did you mean via?`, or
/// `` (did you mean `db`?)``), the words model errors suggest with.
fn without_suggestion(message: &str) -> String {
    let mut out = message.to_string();
    for (open, close) in [(" (did you mean `", "?)"), (": did you mean ", "?")] {
        while let Some(start) = out.find(open) {
            let Some(len) = out[start..].find(close) else { break };
            out.replace_range(start..start + len + close.len(), "");
        }
    }
    out
}

/// Advice for the YAML mistakes people make most, decided from the text
/// and from where the position index stopped, never from the parser's
/// wording: a tab in the indentation of the error's line; a flow
/// collection or quoted scalar still open where the text stops being YAML;
/// an error pointing at a `:` (a value holding `: `, or a line indented
/// under a scalar).
fn syntax_hint(text: &str, e: &yaml::YamlError) -> String {
    let line_text = e.line.and_then(|l| text.lines().nth(l.saturating_sub(1))).unwrap_or("");
    let indentation = &line_text[..line_text.len() - line_text.trim_start_matches([' ', '\t']).len()];
    let broken = yaml::Positions::read(text).broken();
    let char_at =
        |(line, column): yaml::At| text.lines().nth(line.checked_sub(1)?)?.chars().nth(column.checked_sub(1)?);
    let at_colon = |at: Option<yaml::At>| at.and_then(char_at) == Some(':');
    let reported = e.line.zip(e.column);
    if indentation.contains('\t') {
        "indent with spaces; YAML does not allow tabs for indentation".into()
    } else if broken.is_some_and(|b| b.in_flow || b.open_quote) {
        "look for an unclosed quote, bracket or brace before this point".into()
    } else if at_colon(reported) || at_colon(broken.map(|b| b.at)) {
        "check the indentation of this line, or quote a value that contains `: `".into()
    } else {
        "check the indentation and quoting around this line".into()
    }
}

/// A design of 10,000 components is about 2 MB, so 50 MB is not a design
/// someone wrote: most likely the wrong file.
const TOO_LARGE_HINT: &str = "check that this is the design you meant: 10,000 components take about 2 MB; drop generated `notes` or data if you have them";

/// The error for a read cut at the limit: a device or pipe that kept
/// giving data is named as such, since no design file was meant.
fn too_large(path: &Path, origin: &str, e: &std::io::Error) -> LoadError {
    let regular = std::fs::metadata(path).map(|m| m.is_file()).unwrap_or(true);
    if regular {
        LoadError::new(origin, format!("the file is too large: {e}")).with_hint(TOO_LARGE_HINT)
    } else {
        LoadError::new(origin, "this is not a regular file and it gave more than 50 MB without ending")
            .with_hint("pass a design file (`archcrit new FILE` writes a starter)")
    }
}

/// Component id -> 1-based line of its key under `components:` (for SARIF
/// and editors), from the one position index; any style YAML allows.
pub fn component_lines(text: &str) -> HashMap<String, usize> {
    let components = yaml::Path::parse("components");
    yaml::Positions::read(text)
        .keys_under(&components)
        .into_iter()
        .map(|(id, (line, _))| (id.to_string(), line))
        .collect()
}

/// Reads and parses a design file.
/// An I/O error as a person reads it: the system's words without the
/// "(os error 2)" tail.
pub fn io_reason(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.rfind(" (os error ") {
        Some(cut) if text.ends_with(')') => text[..cut].to_string(),
        _ => text,
    }
}

pub fn load_path(path: &Path) -> Result<Loaded, LoadError> {
    let origin = path.display().to_string();
    let bytes = read_limited(path, MAX_FILE_BYTES).map_err(|e| {
        if e.kind() == std::io::ErrorKind::FileTooLarge {
            too_large(path, &origin, &e)
        } else {
            LoadError::new(&origin, format!("cannot read the file: {}", io_reason(&e)))
                .with_hint("check the path; `archcrit new FILE` creates a design")
        }
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let before = &e.as_bytes()[..valid];
        let line = before.iter().filter(|b| **b == b'\n').count() + 1;
        let column = valid - before.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1) + 1;
        LoadError::new(&origin, "the file is not UTF-8 text").at(line, column).with_hint("save the file as UTF-8")
    })?;
    let design = load_str(&text, &origin)?;
    Ok(Loaded { design, has_comments: has_comments(&text) })
}

/// Writes a design atomically: a temporary file beside the target, fsync,
/// then rename over it, so a crash leaves either the old or the new file.
pub fn save_path(design: &Design, path: &Path) -> Result<(), SaveError> {
    write_atomic(path, to_yaml(design).as_bytes())
}

/// `save_path` with options (force, the content expected on disk).
pub fn save_path_with(design: &Design, path: &Path, options: &WriteOptions) -> Result<(), SaveError> {
    write_with(path, to_yaml(design).as_bytes(), options)
}

#[cfg(test)]
mod tests {
    /// The too-large hint quotes a figure; keep it true.
    /// The advice for each common YAML mistake, decided from the text and
    /// where the parsers stopped.
    #[test]
    fn syntax_errors_get_the_advice_for_their_mistake() {
        const TAB: &str = "indent with spaces";
        const UNCLOSED: &str = "look for an unclosed quote, bracket or brace";
        const COLON: &str = "quote a value that contains `: `";
        const OTHER: &str = "check the indentation and quoting around this line";
        let head = "archcrit: 1\nname: x\n";
        let cases = [
            ("components:\n\tweb: {kind: client}\n", TAB),
            ("components:\n  web:\n  \tkind: client\n", TAB),
            ("components:\n  a: {kind: service\n", UNCLOSED),
            ("x-list: [one, two\ncomponents: {}\n", UNCLOSED),
            // A design error read before the broken bracket: still advised.
            ("description: [one, two\ncomponents: {}\n", UNCLOSED),
            ("components:\n  a: {kind: service\n  b: {kind: client}\n", UNCLOSED),
            ("description: \"open\ncomponents: {}\n", UNCLOSED),
            ("description: 'open\ncomponents: {}\n", UNCLOSED),
            ("description: a: b\n", COLON),
            ("  nested: y\n", COLON),
            ("components:\n  a: {kind: client}\n - b\n", OTHER),
        ];
        for (body, want) in cases {
            let text = format!("{head}{body}");
            let e = super::load_str(&text, "t.yaml").unwrap_err();
            assert!(e.message.starts_with("YAML syntax error"), "{text:?}: {e}");
            assert!(e.hint.as_deref().is_some_and(|h| h.contains(want)), "{text:?}: {e}");
        }
    }

    #[test]
    fn component_lines_follow_the_components_mapping_in_any_style() {
        let text = "archcrit: 1\nname: x\ncomponents:\n  web:\n    kind: client\n  api: {kind: service}\n  \"db\": {kind: database}\nlinks: []\nx-other: {components: {z: 1}}\n";
        let lines = super::component_lines(text);
        assert_eq!(lines.get("web"), Some(&4));
        assert_eq!(lines.get("api"), Some(&6));
        assert_eq!(lines.get("db"), Some(&7));
        assert_eq!(lines.len(), 3);
        let flow = super::component_lines("archcrit: 1\ncomponents: {a: {kind: client},\n  b: {kind: service}}\n");
        assert_eq!((flow.get("a"), flow.get("b")), (Some(&2), Some(&3)));
    }

    #[test]
    fn ten_thousand_components_take_about_two_megabytes() {
        let text = super::to_yaml(&crate::synth::generate(10_000, 42));
        let mb = text.len() as f64 / (1024.0 * 1024.0);
        assert!((1.5..3.0).contains(&mb), "{mb:.1} MB");
    }
}
