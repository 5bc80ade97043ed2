//! The command line (`:add`, `:link`, `:set`, ...): typed lines become
//! `Command`s through the one table in table.rs, with messages a person can
//! act on; Tab completes through the same table; run.rs carries them out.

mod run;
mod table;

pub(crate) use run::{run, run_line};
pub use table::COMMANDS;

use crate::refusal::CommandError;
use archcrit_core::interview::Library;
use archcrit_core::model::{Design, Kind};

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Add {
        kind: Kind,
        id: String,
        label: Option<String>,
    },
    Link {
        from: String,
        to: String,
        protocol: Option<String>,
    },
    Unlink {
        from: String,
        to: String,
        protocol: Option<String>,
    },
    Rm {
        id: String,
    },
    Rename {
        from: String,
        to: String,
    },
    Set {
        id: String,
        field: String,
        value: String,
    },
    /// `to` may name the protocol as `TO@PROTOCOL` when two links join the same pair.
    SetLink {
        from: String,
        to: String,
        field: String,
        value: String,
    },
    Layout,
    Zoom,
    Undo,
    Redo,
    /// `force`: replace another existing file (and drop comments) without asking.
    Write {
        file: Option<String>,
        force: bool,
    },
    Quit,
    ForceQuit,
    WriteQuit {
        file: Option<String>,
        force: bool,
    },
    Help,
    Messages,
    Interview {
        name: Option<String>,
    },
    Export {
        format: crate::export::ExportFormat,
        file: String,
    },
    Flows,
    Flow(crate::flows::FlowCommand),
    WhatIf {
        change: archcrit_core::whatif::Change,
    },
    /// `:diff [REV]`: against a git revision of the file, or the file on disk.
    Diff {
        rev: Option<String>,
    },
    DiffOff,
    /// `:calibrate [--add] [--map SVC=ID]... [--sampling SHARE] TRACES...`.
    Calibrate(crate::calibrate::Request),
    /// `:import FILE...`: merged into the open design.
    Import {
        files: Vec<std::path::PathBuf>,
    },
}

/// One `:` command. `name` is what help and completion show; `aliases`
/// are other spellings the line accepts.
pub struct Spec {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    /// What to type, e.g. `add KIND ID [LABEL]`.
    pub usage: &'static str,
    pub help: &'static str,
    pub complete: fn(&Completing) -> Vec<String>,
    pub parse: fn(&Args) -> Result<Command, CommandError>,
}

impl Spec {
    /// The line help shows: usage, then what it does, in a column.
    pub fn help_line(&self) -> String {
        let width = (self.usage.len() + 2).max(25);
        format!("{:<width$}{}", self.usage, self.help)
    }

    fn answers_to(&self, word: &str) -> bool {
        self.name == word || self.aliases.contains(&word)
    }
}

/// The command with this name or alias.
pub fn find(word: &str) -> Option<&'static Spec> {
    COMMANDS.iter().find(|s| s.answers_to(word))
}

/// A typed line split for a command's `parse`.
pub struct Args<'a> {
    spec: &'static Spec,
    /// The name as typed (`wq!`, `x`...).
    typed: &'a str,
    line: &'a str,
    pub words: Vec<&'a str>,
}

impl Args<'_> {
    fn usage(&self) -> CommandError {
        CommandError::Usage { usage: self.spec.usage }
    }

    fn at_least(&self, min: usize) -> Result<(), CommandError> {
        if self.words.len() < min { Err(self.usage()) } else { Ok(()) }
    }

    fn between(&self, min: usize, max: usize) -> Result<(), CommandError> {
        if self.words.len() < min || self.words.len() > max { Err(self.usage()) } else { Ok(()) }
    }

    /// Text after the first n arguments, spaces kept (for a command
    /// module that parses its own words).
    pub(crate) fn rest(&self, n: usize) -> Option<String> {
        self.rest_from(n)
    }

    fn word(&self, i: usize) -> String {
        self.words[i].to_string()
    }

    /// Typed with a `!`: do it without asking.
    fn bang(&self) -> bool {
        self.typed.ends_with('!')
    }

    /// Text after the first n arguments, spaces kept.
    fn rest_from(&self, n: usize) -> Option<String> {
        let mut s = self.line;
        for _ in 0..=n {
            s = s.trim_start();
            s = s.find(char::is_whitespace).map_or("", |i| &s[i..]);
        }
        let s = s.trim();
        (!s.is_empty()).then(|| s.to_string())
    }
}

/// What completion of argument `index` (1 is the first) knows.
pub struct Completing<'a> {
    pub index: usize,
    pub words: &'a [&'a str],
    pub design: &'a Design,
    pub interviews: &'a Library,
}

/// Splits into words; the last argument of `add` and `set` keeps its spaces.
pub fn parse(line: &str) -> Result<Command, CommandError> {
    let line = line.trim().trim_start_matches(':').trim();
    let mut words = line.split_whitespace();
    let Some(name) = words.next() else { return Err(CommandError::Empty) };
    let Some(spec) = find(name) else {
        let commands: Vec<&'static str> = COMMANDS.iter().map(|s| s.name).collect();
        let suggestion = archcrit_core::model::closest(name, commands.iter().copied());
        return Err(CommandError::Unknown { name: name.to_string(), suggestion, commands });
    };
    (spec.parse)(&Args { spec, typed: name, line, words: words.collect() })
}

/// Candidates for the word being typed at the end of `line`.
pub fn candidates(line: &str, design: &Design, interviews: &Library) -> Vec<String> {
    let ends_with_space = line.ends_with(' ');
    let words: Vec<&str> = line.split_whitespace().collect();
    let (index, prefix) =
        if ends_with_space || words.is_empty() { (words.len(), "") } else { (words.len() - 1, words[words.len() - 1]) };
    let pool: Vec<String> = if index == 0 {
        COMMANDS.iter().map(|s| s.name.to_string()).collect()
    } else {
        match find(words[0]) {
            Some(spec) => (spec.complete)(&Completing { index, words: &words, design, interviews }),
            None => Vec::new(),
        }
    };
    pool.into_iter().filter(|c| c.starts_with(prefix) && c != prefix).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use archcrit_core::model::{Component, ComponentId, Edit};

    #[test]
    fn commands_parse_with_labels_keeping_spaces() {
        assert_eq!(
            parse(":add service api Orders API").unwrap(),
            Command::Add { kind: Kind::Service, id: "api".into(), label: Some("Orders API".into()) }
        );
        assert_eq!(
            parse("link web api https").unwrap(),
            Command::Link { from: "web".into(), to: "api".into(), protocol: Some("https".into()) }
        );
        assert_eq!(
            parse("set api notes Owns  orders").unwrap(),
            Command::Set { id: "api".into(), field: "notes".into(), value: "Owns  orders".into() }
        );
        assert_eq!(parse("w out.yaml").unwrap(), Command::Write { file: Some("out.yaml".into()), force: false });
        assert_eq!(parse("w! my out.yaml").unwrap(), Command::Write { file: Some("my out.yaml".into()), force: true });
        assert_eq!(parse("wq").unwrap(), Command::WriteQuit { file: None, force: false });
        assert_eq!(
            parse("setlink web api@https mode async").unwrap(),
            Command::SetLink {
                from: "web".into(),
                to: "api@https".into(),
                field: "mode".into(),
                value: "async".into()
            }
        );
        assert!(parse("setlink web api").unwrap_err().to_string().contains("usage: :setlink FROM TO FIELD VALUE"));
        assert_eq!(parse("messages").unwrap(), Command::Messages);
        assert_eq!(parse("q!").unwrap(), Command::ForceQuit);
        assert_eq!(
            parse("export md docs/my review.md").unwrap(),
            Command::Export { format: crate::export::ExportFormat::Markdown, file: "docs/my review.md".into() }
        );
        assert!(parse("export png out.png").unwrap_err().to_string().contains("formats: mermaid dot json markdown"));
        assert!(parse("export dot").unwrap_err().to_string().contains("usage: :export FORMAT FILE"));
    }

    #[test]
    fn bad_commands_say_what_to_type() {
        let e = parse("add servce api").unwrap_err().to_string();
        assert!(e.contains("did you mean `service`"), "{e}");
        assert!(parse("link web").unwrap_err().to_string().contains("usage: :link FROM TO"));
        assert!(parse("lnk a b").unwrap_err().to_string().contains("did you mean :link"));
        // An alias's mistake names the command's usage.
        assert_eq!(parse("l web").unwrap_err(), CommandError::Usage { usage: "link FROM TO [PROTOCOL]" });
    }

    #[test]
    fn completion_offers_what_fits_the_position() {
        let candidates_in = |line: &str, d: &Design| candidates(line, d, &Library::default());
        let mut d = Design::new("t");
        for id in ["web", "worker-1"] {
            d.apply(Edit::AddComponent {
                component: Component::new(ComponentId::new(id).unwrap(), Kind::Service),
                index: None,
            })
            .unwrap();
        }
        assert_eq!(candidates_in("ad", &d), ["add"]);
        assert_eq!(candidates_in("add da", &d), ["database"]);
        assert_eq!(candidates_in("link w", &d), ["web", "worker-1"]);
        assert!(candidates_in("link web worker-1 gr", &d).contains(&"grpc".to_string()));
        assert_eq!(candidates_in("set web rep", &d), ["replicas"]);
        assert_eq!(candidates_in("set web auth j", &d), ["jwt"]);
        assert_eq!(candidates_in("setlink web worker-1 mo", &d), ["mode"]);
        assert_eq!(candidates_in("setlink web worker-1 mode ", &d), ["sync", "async"]);
    }
}

#[cfg(test)]
mod table_tests {
    use super::*;

    #[test]
    fn names_and_aliases_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for spec in COMMANDS {
            for word in std::iter::once(&spec.name).chain(spec.aliases) {
                assert!(seen.insert(*word), "`{word}` names two commands");
            }
        }
    }

    #[test]
    fn help_lines_keep_a_column() {
        assert_eq!(find("a").map(Spec::help_line).unwrap(), "add KIND ID [LABEL]      add a component");
        assert_eq!(find("unlink").map(Spec::help_line).unwrap(), "unlink FROM TO [PROTOCOL]  remove a link");
    }
}
