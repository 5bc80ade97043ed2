//! `CommandError`: why a `:` command or a prompt was refused, typed at the
//! app's boundary. Its `Display` is exactly what the person reads (the
//! prompt shows it, the status line says it); variants tell a caller why.

use std::fmt;

/// Why a typed line (a `:` command or a prompt's answer) was not carried out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommandError {
    /// Nothing was typed after the `:`.
    Empty,
    /// No command answers to `name`; `suggestion` is the closest one.
    Unknown { name: String, suggestion: Option<&'static str>, commands: Vec<&'static str> },
    /// The words do not fit the command: what to type instead.
    Usage { usage: &'static str },
    /// The command was understood and refused, with the reason as said.
    Refused(String),
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CommandError::Empty => f.write_str("type a command, e.g. :add service api (Tab completes)"),
            CommandError::Unknown { name, suggestion, commands } => {
                write!(f, "unknown command :{name}")?;
                if let Some(s) = suggestion {
                    write!(f, " (did you mean :{s}?)")?;
                }
                write!(f, "; commands: {}", commands.join(" "))
            }
            CommandError::Usage { usage } => write!(f, "usage: :{usage}"),
            CommandError::Refused(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for CommandError {}

impl From<String> for CommandError {
    fn from(why: String) -> Self {
        CommandError::Refused(why)
    }
}

impl From<&str> for CommandError {
    fn from(why: &str) -> Self {
        CommandError::Refused(why.to_string())
    }
}

/// The words as the person reads them (the status line and log keep text).
impl From<CommandError> for String {
    fn from(e: CommandError) -> Self {
        e.to_string()
    }
}

/// The core's typed errors, refused in their own words.
macro_rules! refused_as_said {
    ($($error:ty),* $(,)?) => {$(
        impl From<$error> for CommandError {
            fn from(e: $error) -> Self {
                CommandError::Refused(e.to_string())
            }
        }
    )*};
}

refused_as_said!(
    archcrit_core::model::EditError,
    archcrit_core::model::FieldError,
    archcrit_core::model::UnknownField,
    archcrit_core::calibrate::MappingError,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_reads_as_the_person_sees_it() {
        assert_eq!(CommandError::Usage { usage: "rm ID" }.to_string(), "usage: :rm ID");
        let unknown =
            CommandError::Unknown { name: "lnk".into(), suggestion: Some("link"), commands: vec!["add", "link"] };
        assert_eq!(unknown.to_string(), "unknown command :lnk (did you mean :link?); commands: add link");
        let bare = CommandError::Unknown { name: "zz".into(), suggestion: None, commands: vec!["add"] };
        assert_eq!(bare.to_string(), "unknown command :zz; commands: add");
        assert_eq!(CommandError::from("no component `x`").to_string(), "no component `x`");
    }
}
