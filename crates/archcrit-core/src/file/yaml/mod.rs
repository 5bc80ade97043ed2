//! The one place that names the YAML crate. `serde_yaml` here is the YAML
//! organisation's maintained fork (`yaml_serde`), renamed in Cargo.toml;
//! swapping it means touching only this file.

mod convert;
mod locate;
mod mapping;
#[cfg(test)]
mod oracle;
mod positions;
mod value;
mod value_serde;
#[cfg(test)]
mod value_tests;

use serde::de::{DeserializeOwned, DeserializeSeed};

pub use locate::{Path, Step, locate};
pub use positions::{At, Broken, Place, Positions, event_count};

pub use value::{Key, Mapping, Number, Sequence, Tag, TaggedValue, Value};

/// A YAML error reduced to what we show people: where and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub kind: YamlErrorKind,
}

/// What kind of refusal an error is, told apart by where it comes from
/// (our own bounds) and by what the crate reports and the text holds,
/// never by the crate's wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum YamlErrorKind {
    /// Not YAML, or not the shape asked for.
    #[default]
    Other,
    /// Nests deeper than `depth::MAX_DEPTH` (checked before parsing).
    TooDeep,
    /// Aliases expand past the parser's repetition limit: the parser gives
    /// no place, and the text has aliases.
    AliasBomb,
    /// A second document in the stream: the parser gives no place, and
    /// the text has one.
    MoreThanOneDocument,
}

impl YamlError {
    fn from_lib(err: serde_yaml::Error) -> Self {
        let location = err.location();
        let mut message = err.to_string();
        // The library appends " at line L column C"; we print the location
        // ourselves in `file:line:column` form.
        if let Some(cut) = message.find(" at line ") {
            message.truncate(cut);
        }
        YamlError {
            line: location.as_ref().map(|l| l.line()),
            column: location.map(|l| l.column()),
            message,
            kind: YamlErrorKind::Other,
        }
    }

    /// Keeps the reported position inside `text`. The parser reports errors
    /// found at the end of input on the line after the last one, which an
    /// editor cannot jump to; those point at the last line instead.
    fn within(mut self, text: &str) -> Self {
        let unplaced = self.line.is_none() && self.kind == YamlErrorKind::Other;
        let positions = if unplaced { Positions::read(text) } else { Positions::default() };
        if positions.second_document_line().is_some() {
            self.kind = YamlErrorKind::MoreThanOneDocument;
        } else if let Some(alias) = positions.first_alias_line() {
            // An alias bomb: the parser gives no place; point at the first
            // alias, where the expansion starts.
            self.kind = YamlErrorKind::AliasBomb;
            self.line = Some(alias);
            self.message = format!(
                "{}: aliases (`*name`) here expand into too many values; archcrit refuses alias bombs",
                self.message
            );
        }
        let last = yaml_line_count(text);
        if self.line.is_some_and(|line| line > last) {
            self.line = Some(last);
            self.column = None;
        }
        self
    }
}

/// Refuses text nested deeper than `depth::MAX_DEPTH` before the parser
/// recurses into it.
fn shallow(text: &str) -> Result<(), YamlError> {
    match super::depth::too_deep(text, super::depth::MAX_DEPTH) {
        None => Ok(()),
        Some((line, column)) => Err(YamlError {
            line: Some(line),
            column: Some(column),
            message: format!(
                "the YAML nests more than {} levels deep here; no design, persona or compose file needs that",
                super::depth::MAX_DEPTH
            ),
            kind: YamlErrorKind::TooDeep,
        }),
    }
}

/// Lines as YAML counts them: `\n`, `\r\n` and a lone `\r` each end one
/// (a file of old Mac line endings is still several lines).
pub fn yaml_line_count(text: &str) -> usize {
    let bytes = text.as_bytes();
    let breaks = bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count();
    breaks + 1
}

/// Deserializes one document through a seed (how the design reader keeps
/// its validation state while still getting line numbers from the parser).
pub fn from_str_seed<'de, S>(text: &'de str, seed: S) -> Result<S::Value, YamlError>
where
    S: DeserializeSeed<'de>,
{
    shallow(text)?;
    let de = serde_yaml::Deserializer::from_str(text);
    seed.deserialize(de).map_err(|e| YamlError::from_lib(e).within(text))
}

/// Plain typed deserialization (personas, interview scripts, patterns...).
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    shallow(text)?;
    serde_yaml::from_str(text).map_err(|e| YamlError::from_lib(e).within(text))
}

/// Converts an already-parsed value into a type.
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, YamlError> {
    serde_yaml::from_value(convert::to_lib(value)).map_err(YamlError::from_lib)
}

/// Serializes a value as block YAML (used for the user's `x-` fields).
pub fn to_string<T: serde::Serialize>(value: &T) -> Result<String, YamlError> {
    serde_yaml::to_string(value).map_err(YamlError::from_lib)
}

/// Parses one document into a `Value` with anchors resolved and `<<` merge
/// keys applied (docker-compose files lean on both).
pub fn from_str_merged(text: &str) -> Result<Value, YamlError> {
    shallow(text)?;
    let mut value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| YamlError::from_lib(e).within(text))?;
    value.apply_merge().map_err(YamlError::from_lib)?;
    Ok(convert::from_lib(value))
}
