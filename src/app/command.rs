//! The command line (`:add`, `:link`, `:set`, ...): parsing typed lines
//! into commands with messages a person can act on, and completion of
//! command names, kinds, ids, fields and protocols.

use crate::domain::model::{ComponentField, Design, KNOWN_PROTOCOLS, Kind, LinkField};

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
        format: super::export::ExportFormat,
        file: String,
    },
}

/// Every command with its usage, for help and for "unknown command".
pub const USAGE: &[(&str, &str)] = &[
    ("add", "add KIND ID [LABEL]      add a component"),
    ("link", "link FROM TO [PROTOCOL]  link two components"),
    ("unlink", "unlink FROM TO [PROTOCOL]  remove a link"),
    ("rm", "rm ID                    remove a component and its links"),
    ("rename", "rename ID NEW-ID         change a component's id"),
    ("set", "set ID FIELD VALUE       set a field (empty VALUE clears it); ID may be `requirements`"),
    ("setlink", "setlink FROM TO FIELD VALUE  set a link's field (TO@PROTOCOL picks one of two links)"),
    ("layout", "layout                   auto-layout every box"),
    ("zoom", "zoom                     toggle compact zoom"),
    ("undo", "undo                     undo the last change"),
    ("redo", "redo                     redo"),
    ("w", "w [FILE]                 save (to FILE: save as; asks before replacing another file)"),
    ("w!", "w! [FILE]                save without asking (replaces FILE, drops YAML comments)"),
    ("q", "q                        quit (asks if there are unsaved changes)"),
    ("q!", "q!                       quit without saving"),
    ("wq", "wq [FILE]                save and quit (wq! does not ask)"),
    ("help", "help                     list every key and command"),
    ("messages", "messages                 every message of this session (also M)"),
    ("interview", "interview [NAME]         start or resume a guided interview (Tab completes NAME)"),
    ("export", "export FORMAT FILE       write mermaid, dot, json or markdown to FILE"),
];

fn usage(name: &str) -> String {
    USAGE
        .iter()
        .find(|(n, _)| *n == name)
        .map_or_else(String::new, |(_, u)| format!("usage: :{}", u.split("  ").next().unwrap_or(u).trim()))
}

/// Splits into words; the last argument of `add` and `set` keeps its spaces.
pub fn parse(line: &str) -> Result<Command, String> {
    let line = line.trim().trim_start_matches(':').trim();
    let mut words = line.split_whitespace();
    let Some(name) = words.next() else { return Err("type a command, e.g. :add service api (Tab completes)".into()) };
    let args: Vec<&str> = words.collect();
    let rest_from = |n: usize| -> Option<String> {
        // Text after the first n arguments, spaces kept.
        let mut s = line;
        for _ in 0..=n {
            s = s.trim_start();
            s = s.find(char::is_whitespace).map_or("", |i| &s[i..]);
        }
        let s = s.trim();
        (!s.is_empty()).then(|| s.to_string())
    };
    let need = |min: usize, max: usize| -> Result<(), String> {
        if args.len() < min || args.len() > max { Err(usage(name)) } else { Ok(()) }
    };
    Ok(match name {
        "add" | "a" => {
            if args.len() < 2 {
                return Err(usage("add"));
            }
            let kind = args[0].parse::<Kind>().map_err(|e| e.to_string())?;
            Command::Add { kind, id: args[1].to_string(), label: rest_from(2) }
        }
        "link" | "l" | "connect" => {
            need(2, 3)?;
            Command::Link { from: args[0].into(), to: args[1].into(), protocol: args.get(2).map(|s| s.to_string()) }
        }
        "unlink" => {
            need(2, 3)?;
            Command::Unlink { from: args[0].into(), to: args[1].into(), protocol: args.get(2).map(|s| s.to_string()) }
        }
        "rm" | "delete" | "del" => {
            need(1, 1)?;
            Command::Rm { id: args[0].into() }
        }
        "rename" | "mv" => {
            need(2, 2)?;
            Command::Rename { from: args[0].into(), to: args[1].into() }
        }
        "set" => {
            if args.len() < 2 {
                return Err(usage("set"));
            }
            Command::Set { id: args[0].into(), field: args[1].into(), value: rest_from(2).unwrap_or_default() }
        }
        "setlink" | "sl" => {
            if args.len() < 3 {
                return Err(usage("setlink"));
            }
            Command::SetLink {
                from: args[0].into(),
                to: args[1].into(),
                field: args[2].into(),
                value: rest_from(3).unwrap_or_default(),
            }
        }
        "layout" => Command::Layout,
        "zoom" => Command::Zoom,
        "undo" | "u" => Command::Undo,
        "redo" => Command::Redo,
        "w" | "write" | "save" | "w!" | "write!" | "save!" => {
            Command::Write { file: rest_from(0), force: name.ends_with('!') }
        }
        "q" | "quit" => Command::Quit,
        "q!" | "quit!" => Command::ForceQuit,
        "wq" | "x" | "wq!" | "x!" => Command::WriteQuit { file: rest_from(0), force: name.ends_with('!') },
        "help" | "h" => Command::Help,
        "messages" | "mes" | "messages!" => Command::Messages,
        "interview" | "iv" => {
            need(0, 1)?;
            Command::Interview { name: args.first().map(|s| s.to_string()) }
        }
        "export" => {
            if args.len() < 2 {
                return Err(usage("export"));
            }
            let format = super::export::ExportFormat::parse(args[0])?;
            Command::Export { format, file: rest_from(1).unwrap_or_default() }
        }
        other => {
            let names = USAGE.iter().map(|(n, _)| *n);
            let hint = crate::domain::model::closest(other, names)
                .map(|s| format!(" (did you mean :{s}?)"))
                .unwrap_or_default();
            return Err(format!(
                "unknown command :{other}{hint}; commands: {}",
                USAGE.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(" ")
            ));
        }
    })
}

/// Candidates for the word being typed at the end of `line`.
pub fn candidates(line: &str, design: &Design) -> Vec<String> {
    let ends_with_space = line.ends_with(' ');
    let words: Vec<&str> = line.split_whitespace().collect();
    let (index, prefix) =
        if ends_with_space || words.is_empty() { (words.len(), "") } else { (words.len() - 1, words[words.len() - 1]) };
    let ids = || design.ids().map(|i| i.to_string()).collect::<Vec<_>>();
    let pool: Vec<String> = if index == 0 {
        USAGE.iter().map(|(n, _)| n.to_string()).collect()
    } else {
        match (words[0], index) {
            ("add" | "a", 1) => Kind::ALL.iter().map(|k| k.as_str().to_string()).collect(),
            ("link" | "l" | "connect" | "unlink" | "setlink" | "sl", 1 | 2)
            | ("rm" | "delete" | "del" | "rename" | "mv", 1) => ids(),
            ("setlink" | "sl", 3) => LinkField::ALL.iter().map(|f| f.as_str().to_string()).collect(),
            ("setlink" | "sl", 4) => match words.get(3).and_then(|f| LinkField::parse(f).ok()) {
                Some(LinkField::Protocol) => KNOWN_PROTOCOLS.iter().map(|s| s.to_string()).collect(),
                Some(f) => f.field_type().choices().into_iter().map(str::to_string).collect(),
                None => Vec::new(),
            },
            ("link" | "l" | "connect" | "unlink", 3) => KNOWN_PROTOCOLS.iter().map(|s| s.to_string()).collect(),
            ("set", 1) => {
                let mut v = ids();
                v.push("requirements".into());
                v
            }
            ("set", 2) if words.get(1) == Some(&"requirements") => {
                crate::domain::model::RequirementField::NAMES.iter().map(|s| s.to_string()).collect()
            }
            ("export", 1) => super::export::ExportFormat::NAMES.iter().map(|s| s.to_string()).collect(),
            // Only the fields that apply to that component's kind.
            ("set", 2) => {
                let kind = words.get(1).and_then(|id| design.component(id)).map(|c| c.kind);
                ComponentField::ALL
                    .iter()
                    .filter(|f| kind.is_none_or(|k| f.applies_to(k)))
                    .map(|f| f.as_str().to_string())
                    .collect()
            }
            ("set", 3) => match words.get(2).and_then(|f| ComponentField::parse(f).ok()) {
                Some(f) => f.field_type().choices().into_iter().map(str::to_string).collect(),
                None => Vec::new(),
            },
            _ => Vec::new(),
        }
    };
    pool.into_iter().filter(|c| c.starts_with(prefix) && c != prefix).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::{Component, ComponentId, Edit};

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
        assert!(parse("setlink web api").unwrap_err().contains("usage: :setlink FROM TO FIELD VALUE"));
        assert_eq!(parse("messages").unwrap(), Command::Messages);
        assert_eq!(parse("q!").unwrap(), Command::ForceQuit);
        assert_eq!(
            parse("export md docs/my review.md").unwrap(),
            Command::Export { format: super::super::export::ExportFormat::Markdown, file: "docs/my review.md".into() }
        );
        assert!(parse("export png out.png").unwrap_err().contains("formats: mermaid dot json markdown"));
        assert!(parse("export dot").unwrap_err().contains("usage: :export FORMAT FILE"));
    }

    #[test]
    fn bad_commands_say_what_to_type() {
        let e = parse("add servce api").unwrap_err();
        assert!(e.contains("did you mean `service`"), "{e}");
        assert!(parse("link web").unwrap_err().contains("usage: :link FROM TO"));
        assert!(parse("lnk a b").unwrap_err().contains("did you mean :link"));
    }

    #[test]
    fn completion_offers_what_fits_the_position() {
        let mut d = Design::new("t");
        for id in ["web", "worker-1"] {
            d.apply(Edit::AddComponent {
                component: Component::new(ComponentId::new(id).unwrap(), Kind::Service),
                index: None,
            })
            .unwrap();
        }
        assert_eq!(candidates("ad", &d), ["add"]);
        assert_eq!(candidates("add da", &d), ["database"]);
        assert_eq!(candidates("link w", &d), ["web", "worker-1"]);
        assert!(candidates("link web worker-1 gr", &d).contains(&"grpc".to_string()));
        assert_eq!(candidates("set web rep", &d), ["replicas"]);
        assert_eq!(candidates("set web auth j", &d), ["jwt"]);
        assert_eq!(candidates("setlink web worker-1 mo", &d), ["mode"]);
        assert_eq!(candidates("setlink web worker-1 mode ", &d), ["sync", "async"]);
    }
}
