//! Personas: the reviewers who speak about a design. A persona file is YAML
//! front matter (`name`, `description`, `color`, optional `focus`) and a
//! Markdown body; this module parses it, finds persona files on disk and in
//! the binary, and (in `offline`) gives each persona a rule-based voice.
//! No I/O beyond reading persona files; no network, no tasks.

mod discover;
pub mod offline;

use indexmap::IndexMap;
use thiserror::Error;

use crate::file::yaml::{self, Value};

pub use discover::{BUILT_IN, Catalogue, Origin, SearchDir, discover};

/// Persona files larger than this are skipped with a problem: a persona is
/// a page of prose, and its text goes into every prompt.
pub const MAX_PERSONA_BYTES: usize = 256 * 1024;

/// One persona as read from its file.
#[derive(Debug, Clone, PartialEq)]
pub struct Persona {
    pub name: String,
    pub description: String,
    /// A colour word (`green`) or `#rrggbb`, as written; the TUI tints the
    /// persona's panel with it.
    pub color: Option<String>,
    /// Rule ids this persona raises first, most important first.
    pub focus: Vec<String>,
    /// The Markdown body: who the persona is. Sent as the system prompt in
    /// LLM mode.
    pub body: String,
    /// Front-matter keys this program does not use, kept as written.
    pub extra: IndexMap<String, Value>,
    pub origin: Origin,
}

/// A persona file that could not be read, with where and why.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{path}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct PersonaError {
    pub path: String,
    pub line: Option<usize>,
    pub message: String,
}

impl Persona {
    /// The body's first `# ` heading ("Senior Backend Architect"), or the name.
    pub fn title(&self) -> &str {
        self.body
            .lines()
            .find_map(|l| l.strip_prefix("# "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .unwrap_or(&self.name)
    }

    /// The colour as RGB, for tinting the persona's panel: a basic colour
    /// word or `#rrggbb`; `None` when absent or not understood.
    pub fn rgb(&self) -> Option<(u8, u8, u8)> {
        let c = self.color.as_deref()?.trim().to_ascii_lowercase();
        if let Some(hex) = c.strip_prefix('#').filter(|h| h.len() == 6) {
            let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
            return Some((byte(0)?, byte(2)?, byte(4)?));
        }
        Some(match c.as_str() {
            "black" => (0, 0, 0),
            "red" => (205, 49, 49),
            "green" => (13, 188, 121),
            "yellow" => (229, 229, 16),
            "blue" => (36, 114, 200),
            "magenta" | "purple" => (188, 63, 188),
            "cyan" => (17, 168, 205),
            "white" => (229, 229, 229),
            "gray" | "grey" => (128, 128, 128),
            "orange" => (230, 140, 30),
            _ => return None,
        })
    }

    /// Where rule `rule` sits in this persona's focus list, if it is there.
    pub fn focus_rank(&self, rule: &str) -> Option<usize> {
        self.focus.iter().position(|f| f == rule)
    }

    /// Parses a persona file. `path` is only used in error messages.
    pub fn parse(text: &str, path: &str, origin: Origin) -> Result<Persona, PersonaError> {
        let err = |line: Option<usize>, message: String| PersonaError { path: path.to_string(), line, message };
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut lines = text.split_inclusive('\n');
        let first = lines.next().unwrap_or("");
        if first.trim_end() != "---" {
            return Err(err(
                Some(1),
                "a persona file starts with a `---` line, then `name:`, `description:` and `color:`, then `---` and the Markdown body".into(),
            ));
        }
        let mut front = String::new();
        let mut body_start = None;
        let mut offset = first.len();
        for line in lines.by_ref() {
            if line.trim_end() == "---" {
                body_start = Some(offset + line.len());
                break;
            }
            front.push_str(line);
            offset += line.len();
        }
        let Some(body_start) = body_start else {
            return Err(err(None, "the front matter is never closed: add a `---` line after the `color:` line".into()));
        };
        let body = text.get(body_start.min(text.len())..).unwrap_or("").trim().to_string();
        let mut keys: IndexMap<String, Value> = yaml::from_str(&front).map_err(|e| {
            // +1: the opening `---` line comes before the front matter.
            err(e.line.map(|l| l + 1), format!("front matter is not valid YAML: {}", e.message))
        })?;
        let name = take_text(&mut keys, "name").map_err(|m| err(None, m))?;
        let description = take_text(&mut keys, "description").map_err(|m| err(None, m))?;
        let name = name.ok_or_else(|| err(None, "the front matter has no `name:` (e.g. `name: \"sre\"`)".into()))?;
        if name.trim().is_empty() {
            return Err(err(None, "`name` is empty".into()));
        }
        let description = description.unwrap_or_default();
        let color = take_text(&mut keys, "color").map_err(|m| err(None, m))?;
        let focus = match keys.shift_remove("focus") {
            None => Vec::new(),
            Some(v) => yaml::from_value::<Vec<String>>(v)
                .map_err(|_| err(None, "`focus` must be a list of rule ids, e.g. `focus: [missing-auth]`".into()))?,
        };
        if body.is_empty() {
            return Err(err(None, "the persona has no body: write who it is below the closing `---`".into()));
        }
        Ok(Persona { name, description, color, focus, body, extra: keys, origin })
    }
}

fn take_text(keys: &mut IndexMap<String, Value>, key: &str) -> Result<Option<String>, String> {
    match keys.shift_remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(Value::Bool(b)) => Ok(Some(b.to_string())),
        Some(_) => Err(format!("`{key}` must be text")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHAPE: &str = "---\nname: \"tester\"\ndescription: \"Checks things\"\ncolor: \"blue\"\nmood: calm\n---\n\n# The Tester\n\nI test.\n";

    #[test]
    fn parses_front_matter_and_keeps_unknown_keys() {
        let p = Persona::parse(SHAPE, "t.md", Origin::BuiltIn).unwrap();
        assert_eq!(p.name, "tester");
        assert_eq!(p.description, "Checks things");
        assert_eq!(p.color.as_deref(), Some("blue"));
        assert_eq!(p.title(), "The Tester");
        assert_eq!(p.extra.get("mood"), Some(&Value::String("calm".into())));
        assert!(p.body.starts_with("# The Tester"));
        assert!(p.focus.is_empty());
    }

    #[test]
    fn colours_read_as_rgb() {
        let mut p = Persona::parse(SHAPE, "t.md", Origin::BuiltIn).unwrap();
        assert_eq!(p.rgb(), Some((36, 114, 200)));
        p.color = Some("#FF8000".into());
        assert_eq!(p.rgb(), Some((255, 128, 0)));
        p.color = Some("#zz0000".into());
        assert_eq!(p.rgb(), None);
        p.color = Some("chartreuse".into());
        assert_eq!(p.rgb(), None);
    }

    #[test]
    fn problems_name_the_file_and_say_what_to_do() {
        let e = Persona::parse("# no front matter", "p/x.md", Origin::BuiltIn).unwrap_err();
        assert!(e.to_string().starts_with("p/x.md:1: a persona file starts with"), "{e}");
        let e = Persona::parse("---\nname: x\n", "p/x.md", Origin::BuiltIn).unwrap_err();
        assert!(e.to_string().contains("never closed"), "{e}");
        let e = Persona::parse("---\ndescription: d\n---\nbody\n", "p/x.md", Origin::BuiltIn).unwrap_err();
        assert!(e.to_string().contains("no `name:`"), "{e}");
        let e = Persona::parse("---\nname: [\n---\nbody\n", "p/x.md", Origin::BuiltIn).unwrap_err();
        assert!(e.to_string().starts_with("p/x.md:"), "{e}");
        assert!(e.to_string().contains("not valid YAML"), "{e}");
        let e = Persona::parse("---\nname: x\nfocus: 3\n---\nbody\n", "p/x.md", Origin::BuiltIn).unwrap_err();
        assert!(e.to_string().contains("`focus` must be a list"), "{e}");
    }

    #[test]
    fn windows_line_endings_and_a_bom_are_fine() {
        let text = format!("\u{feff}{}", SHAPE.replace('\n', "\r\n"));
        let p = Persona::parse(&text, "t.md", Origin::BuiltIn).unwrap();
        assert_eq!(p.name, "tester");
        assert_eq!(p.title(), "The Tester");
    }
}
