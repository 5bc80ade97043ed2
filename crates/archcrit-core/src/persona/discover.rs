//! Finding personas: directories given in precedence order, then the
//! built-ins embedded in the binary. A persona found earlier hides a later
//! one of the same name; a broken file is reported and the rest still load.

use std::fmt;
use std::path::{Path, PathBuf};

use super::{Persona, PersonaError};

/// The personas shipped inside the binary (file name, text).
pub const BUILT_IN: &[(&str, &str)] = &[
    ("backend-architect.md", include_str!("../../../../personas/backend-architect.md")),
    ("security-reviewer.md", include_str!("../../../../personas/security-reviewer.md")),
    ("sre.md", include_str!("../../../../personas/sre.md")),
];

/// Where a persona came from, for `archcrit personas` and error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    BuiltIn,
    File(PathBuf),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::BuiltIn => f.write_str("built-in"),
            Origin::File(p) => write!(f, "{}", p.display()),
        }
    }
}

/// A directory to search, with the reason it is searched ("--persona-dir").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDir {
    pub path: PathBuf,
    pub why: String,
}

/// Every persona that loaded, and every file that did not.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    pub personas: Vec<Persona>,
    pub problems: Vec<PersonaError>,
}

impl Catalogue {
    pub fn get(&self, name: &str) -> Option<&Persona> {
        self.personas.iter().find(|p| p.name == name)
    }

    /// The persona the product is built around, or the first one found.
    pub fn default_persona(&self) -> Option<&Persona> {
        self.get("backend-architect").or_else(|| self.personas.first())
    }

    /// "no persona `x`; known: a, b (did you mean `b`?)"
    pub fn unknown(&self, name: &str) -> String {
        let names: Vec<&str> = self.personas.iter().map(|p| p.name.as_str()).collect();
        let mut msg = format!("no persona named `{name}`");
        if let Some(s) = crate::model::closest(name, names.iter().copied()) {
            msg.push_str(&format!(" (did you mean `{s}`?)"));
        }
        msg.push_str(&format!("; known personas: {} (see `archcrit personas`)", names.join(", ")));
        msg
    }

    fn add(&mut self, persona: Persona) {
        if self.get(&persona.name).is_none() {
            self.personas.push(persona);
        }
    }
}

/// Loads the personas of `dirs` (earlier wins) and then the built-ins.
/// A directory that does not exist is skipped: callers check the ones the
/// user named explicitly.
pub fn discover(dirs: &[SearchDir]) -> Catalogue {
    let mut catalogue = Catalogue::default();
    for dir in dirs {
        load_dir(&dir.path, &mut catalogue);
    }
    for (file, text) in BUILT_IN {
        match Persona::parse(text, &format!("built-in {file}"), Origin::BuiltIn) {
            Ok(p) => catalogue.add(p),
            Err(e) => catalogue.problems.push(e),
        }
    }
    catalogue
}

fn load_dir(dir: &Path, catalogue: &mut Catalogue) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("md")) && p.is_file())
        .collect();
    files.sort();
    let mut seen_here: Vec<String> = Vec::new();
    for path in files {
        let shown = path.display().to_string();
        let text = match crate::file::read_text_limited(&path, super::MAX_PERSONA_BYTES) {
            Ok(t) => t,
            Err(e) => {
                catalogue.problems.push(PersonaError { path: shown, line: None, message: format!("cannot read: {e}") });
                continue;
            }
        };
        match Persona::parse(&text, &shown, Origin::File(path.clone())) {
            Ok(p) if seen_here.contains(&p.name) => catalogue.problems.push(PersonaError {
                path: shown,
                line: None,
                message: format!("another file in this directory already defines persona `{}`; rename one", p.name),
            }),
            Ok(p) => {
                seen_here.push(p.name.clone());
                catalogue.add(p);
            }
            Err(e) => catalogue.problems.push(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_ins_all_load_with_distinct_focus() {
        let c = discover(&[]);
        assert!(c.problems.is_empty(), "{:?}", c.problems);
        let names: Vec<&str> = c.personas.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["backend-architect", "security-reviewer", "sre"]);
        for p in &c.personas {
            assert_eq!(p.origin, Origin::BuiltIn);
            assert!(p.color.is_some(), "{} has no color", p.name);
            assert!(!p.focus.is_empty(), "{} has no focus", p.name);
        }
        assert_ne!(c.personas[1].focus.first(), c.personas[2].focus.first());
        assert_eq!(c.default_persona().map(|p| p.name.as_str()), Some("backend-architect"));
    }

    #[test]
    fn unknown_names_get_a_suggestion() {
        let c = discover(&[]);
        let msg = c.unknown("sre2");
        assert!(msg.contains("did you mean `sre`"), "{msg}");
        assert!(msg.contains("backend-architect"), "{msg}");
    }
}
