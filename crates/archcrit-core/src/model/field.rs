//! Typed field values and their rules (ranges, whole numbers), shared by the
//! file reader, `Edit::Set*`, the TUI inspector and interview effects, so a
//! value is judged the same way wherever it comes from.

use std::fmt;

use super::kind::{Kind, UnknownKind};
use super::words::{Access, Auth, Consistency, Delivery, Mode, RateLimit, Replication, UnknownWord};

/// Why a value does not fit a field; worded for the person who typed it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FieldError {
    #[error("{} is out of range: expected {}", format_number(*.value), .range.describe())]
    OutOfRange { value: f64, range: Range },
    #[error("`{text}` is not valid here: expected {expected}")]
    Invalid { text: String, expected: String },
    #[error(transparent)]
    Kind(#[from] UnknownKind),
    #[error(transparent)]
    Word(#[from] UnknownWord),
}

/// Why a component's, link's or the requirements' field cannot be set.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SetError {
    #[error("`kind` is required and cannot be removed")]
    KindRequired,
    /// The value does not fit the field (`field` is its file name).
    #[error("{field}: {source}")]
    Value {
        field: &'static str,
        #[source]
        source: FieldError,
    },
    /// The field means nothing for the component's kind.
    #[error("{}", .field.not_applicable(*.kind))]
    NotApplicable { field: super::ComponentField, kind: Kind },
    /// A new kind would leave a field behind that it cannot have.
    #[error("cannot make `{id}` a {kind}: remove its `{}` first ({})", .stray.as_str(), .stray.not_applicable(*.kind))]
    StrayField { id: String, kind: Kind, stray: super::ComponentField },
    /// A checked value of the wrong shape for the field (a bug upstream).
    #[error("{field}: cannot hold {value}")]
    CannotHold { field: &'static str, value: String },
}

/// For the callers whose own errors are still text (interview planning).
impl From<SetError> for String {
    fn from(e: SetError) -> String {
        e.to_string()
    }
}

/// For the callers whose own errors are still text (the TUI's prompts).
impl From<FieldError> for String {
    fn from(e: FieldError) -> String {
        e.to_string()
    }
}

/// One field's value, as the model stores it.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    Text(String),
    Number(f64),
    Count(u32),
    Flag(bool),
    Kind(Kind),
    Auth(Auth),
    Mode(Mode),
    Access(Access),
    Consistency(Consistency),
    Replication(Replication),
    Delivery(Delivery),
    RateLimit(RateLimit),
    At(u32, u32),
    List(Vec<String>),
}

impl fmt::Display for FieldValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldValue::Text(s) => f.write_str(s),
            FieldValue::Number(n) => f.write_str(&format_number(*n)),
            FieldValue::Count(n) => write!(f, "{n}"),
            FieldValue::Flag(b) => write!(f, "{b}"),
            FieldValue::Kind(k) => write!(f, "{k}"),
            FieldValue::Auth(a) => write!(f, "{a}"),
            FieldValue::Mode(m) => write!(f, "{m}"),
            FieldValue::Access(a) => write!(f, "{a}"),
            FieldValue::Consistency(c) => write!(f, "{c}"),
            FieldValue::Replication(r) => write!(f, "{r}"),
            FieldValue::Delivery(d) => write!(f, "{d}"),
            FieldValue::RateLimit(r) => write!(f, "{r}"),
            FieldValue::At(c, r) => write!(f, "[{c}, {r}]"),
            FieldValue::List(items) => write!(f, "[{}]", items.join(", ")),
        }
    }
}

/// Prints a number the way a person writes it: `1200`, `0.85`, `99.95`.
pub fn format_number(n: f64) -> String {
    if n.is_finite() && n.fract() == 0.0 && n.abs() < 1e15 { format!("{}", n as i64) } else { format!("{n}") }
}

/// The allowed range of a numeric field.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Range {
    /// x > 0
    Positive,
    /// x >= 0
    NonNegative,
    /// 0 < x <= 100
    Percent,
    /// 0 <= x <= 1
    Ratio,
}

impl Range {
    pub fn check(self, n: f64) -> Result<f64, FieldError> {
        let ok = n.is_finite()
            && match self {
                Range::Positive => n > 0.0,
                Range::NonNegative => n >= 0.0,
                Range::Percent => n > 0.0 && n <= 100.0,
                Range::Ratio => (0.0..=1.0).contains(&n),
            };
        if ok { Ok(n) } else { Err(FieldError::OutOfRange { value: n, range: self }) }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Range::Positive => "a number greater than 0",
            Range::NonNegative => "a number of 0 or more",
            Range::Percent => "a percentage greater than 0 and at most 100 (e.g. 99.9)",
            Range::Ratio => "a ratio between 0 and 1 (e.g. 0.85)",
        }
    }
}

/// What a field accepts; drives parsing from text and from YAML alike.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FieldType {
    Text,
    Number(Range),
    /// A whole number of at least this.
    Count(u32),
    Flag,
    Kind,
    Auth,
    Mode,
    Access,
    Consistency,
    Replication,
    Delivery,
    RateLimit,
    At,
    List,
}

impl FieldType {
    /// What to tell a person who gave a bad value.
    pub fn expected(self) -> String {
        match self {
            FieldType::Text => "text".into(),
            FieldType::Number(r) => r.describe().into(),
            FieldType::Count(min) => format!("a whole number of at least {min}"),
            FieldType::Flag => "true or false".into(),
            FieldType::Kind => format!("one of: {}", Kind::accepted_list()),
            FieldType::Auth => format!("one of: {}", Auth::WORDS.join(", ")),
            FieldType::Mode => format!("one of: {}", Mode::WORDS.join(", ")),
            FieldType::Access => format!("one of: {}", Access::WORDS.join(", ")),
            FieldType::Consistency => format!("one of: {}", Consistency::WORDS.join(", ")),
            FieldType::Replication => format!("one of: {}", Replication::WORDS.join(", ")),
            FieldType::Delivery => format!("one of: {}", Delivery::WORDS.join(", ")),
            FieldType::RateLimit => "a number greater than 0, or true".into(),
            FieldType::At => "a cell [column, row] of whole numbers of 0 or more".into(),
            FieldType::List => "a list of words, e.g. [pii, payments]".into(),
        }
    }

    /// The words a field of this type accepts, when they are a closed
    /// list (for completion and for cycling through choices); empty for
    /// free text and numbers.
    pub fn choices(self) -> Vec<&'static str> {
        match self {
            FieldType::Flag => vec!["true", "false"],
            FieldType::Kind => Kind::ALL.iter().map(|k| k.as_str()).collect(),
            FieldType::Auth => Auth::WORDS.to_vec(),
            FieldType::Mode => Mode::WORDS.to_vec(),
            FieldType::Access => Access::WORDS.to_vec(),
            FieldType::Consistency => Consistency::WORDS.to_vec(),
            FieldType::Replication => Replication::WORDS.to_vec(),
            FieldType::Delivery => Delivery::WORDS.to_vec(),
            _ => Vec::new(),
        }
    }

    /// Parses a value typed by a person (`:set orders replicas 3`).
    pub fn parse(self, text: &str) -> Result<FieldValue, FieldError> {
        let t = text.trim();
        let bad = || FieldError::Invalid { text: t.to_string(), expected: self.expected() };
        match self {
            FieldType::Text => Ok(FieldValue::Text(t.to_string())),
            FieldType::Number(range) => {
                let n: f64 = t.replace('_', "").parse().map_err(|_| bad())?;
                range.check(n).map(FieldValue::Number)
            }
            FieldType::Count(min) => {
                let n = whole_number(t).ok_or_else(bad)?;
                if n < min { Err(bad()) } else { Ok(FieldValue::Count(n)) }
            }
            FieldType::Flag => match t {
                "true" => Ok(FieldValue::Flag(true)),
                "false" => Ok(FieldValue::Flag(false)),
                _ => Err(bad()),
            },
            FieldType::Kind => t.parse().map(FieldValue::Kind).map_err(FieldError::from),
            FieldType::Auth => t.parse().map(FieldValue::Auth).map_err(|e: UnknownWord| FieldError::from(e)),
            FieldType::Mode => t.parse().map(FieldValue::Mode).map_err(|e: UnknownWord| FieldError::from(e)),
            FieldType::Access => t.parse().map(FieldValue::Access).map_err(|e: UnknownWord| FieldError::from(e)),
            FieldType::Consistency => {
                t.parse().map(FieldValue::Consistency).map_err(|e: UnknownWord| FieldError::from(e))
            }
            FieldType::Replication => {
                t.parse().map(FieldValue::Replication).map_err(|e: UnknownWord| FieldError::from(e))
            }
            FieldType::Delivery => t.parse().map(FieldValue::Delivery).map_err(|e: UnknownWord| FieldError::from(e)),
            FieldType::RateLimit => {
                if t == "true" {
                    return Ok(FieldValue::RateLimit(RateLimit::Enabled));
                }
                let n: f64 = t.parse().map_err(|_| bad())?;
                Range::Positive.check(n).map(|n| FieldValue::RateLimit(RateLimit::PerSecond(n)))
            }
            FieldType::At => {
                let inner = t.trim_start_matches('[').trim_end_matches(']');
                let mut parts = inner.split([',', ' ']).filter(|p| !p.is_empty());
                let (Some(c), Some(r), None) = (parts.next(), parts.next(), parts.next()) else {
                    return Err(bad());
                };
                let c = whole_number(c).ok_or_else(bad)?;
                let r = whole_number(r).ok_or_else(bad)?;
                Ok(FieldValue::At(c, r))
            }
            FieldType::List => {
                let inner = t.trim_start_matches('[').trim_end_matches(']');
                Ok(FieldValue::List(
                    inner.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect(),
                ))
            }
        }
    }

    /// Checks a value built in code (an interview effect, an LLM proposal)
    /// against the same rules as typed text.
    pub fn check(self, value: &FieldValue) -> Result<(), FieldError> {
        let wrong = || FieldError::Invalid { text: value.to_string(), expected: self.expected() };
        match (self, value) {
            (FieldType::Text, FieldValue::Text(_))
            | (FieldType::Flag, FieldValue::Flag(_))
            | (FieldType::Kind, FieldValue::Kind(_))
            | (FieldType::Auth, FieldValue::Auth(_))
            | (FieldType::Mode, FieldValue::Mode(_))
            | (FieldType::Access, FieldValue::Access(_))
            | (FieldType::Consistency, FieldValue::Consistency(_))
            | (FieldType::Replication, FieldValue::Replication(_))
            | (FieldType::Delivery, FieldValue::Delivery(_))
            | (FieldType::At, FieldValue::At(..))
            | (FieldType::List, FieldValue::List(_))
            | (FieldType::RateLimit, FieldValue::RateLimit(RateLimit::Enabled)) => Ok(()),
            (FieldType::RateLimit, FieldValue::RateLimit(RateLimit::PerSecond(n))) => {
                Range::Positive.check(*n).map(|_| ())
            }
            (FieldType::Number(r), FieldValue::Number(n)) => r.check(*n).map(|_| ()),
            (FieldType::Number(r), FieldValue::Count(n)) => r.check(f64::from(*n)).map(|_| ()),
            (FieldType::Count(min), FieldValue::Count(n)) if *n >= min => Ok(()),
            _ => Err(wrong()),
        }
    }

    /// Coerces a checked value to the stored representation (a whole
    /// number given for a number field becomes a number).
    pub fn normalise(self, value: FieldValue) -> FieldValue {
        match (self, value) {
            (FieldType::Number(_), FieldValue::Count(n)) => FieldValue::Number(f64::from(n)),
            (_, v) => v,
        }
    }
}

/// A whole number of 0 or more typed as `3` or `3.0` (as the file reads it).
fn whole_number(text: &str) -> Option<u32> {
    text.parse::<u32>().ok().or_else(|| {
        let n = text.parse::<f64>().ok()?;
        (n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n)).then_some(n as u32)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_range_checked() {
        assert!(FieldType::Number(Range::Percent).parse("99.95").is_ok());
        let err = FieldType::Number(Range::Percent).parse("120").unwrap_err();
        assert_eq!(err, FieldError::OutOfRange { value: 120.0, range: Range::Percent });
        assert_eq!(
            err.to_string(),
            "120 is out of range: expected a percentage greater than 0 and at most 100 (e.g. 99.9)"
        );
        assert_eq!(
            FieldType::Count(1).parse("x").unwrap_err().to_string(),
            "`x` is not valid here: expected a whole number of at least 1"
        );
        assert!(FieldType::Number(Range::Ratio).parse("1.5").is_err());
        assert!(FieldType::Count(1).parse("0").is_err());
        assert!(FieldType::Count(1).parse("2.5").is_err());
        assert_eq!(FieldType::Count(1).parse("3"), Ok(FieldValue::Count(3)));
        assert_eq!(FieldType::Count(1).parse("3.0"), Ok(FieldValue::Count(3)));
        assert!(FieldType::Count(1).parse("-1").is_err());
        assert!(FieldType::Count(1).parse("NaN").is_err());
    }

    #[test]
    fn cells_and_lists_parse_from_text() {
        assert_eq!(FieldType::At.parse("[30, 8]"), Ok(FieldValue::At(30, 8)));
        assert_eq!(FieldType::At.parse("4 5"), Ok(FieldValue::At(4, 5)));
        assert_eq!(FieldType::At.parse("[30.0, 8]"), Ok(FieldValue::At(30, 8)));
        assert!(FieldType::At.parse("[1.5, 2]").is_err());
        assert!(FieldType::At.parse("[1]").is_err());
        assert_eq!(
            FieldType::List.parse("[pii, payments]"),
            Ok(FieldValue::List(vec!["pii".into(), "payments".into()]))
        );
    }

    #[test]
    fn closed_lists_offer_their_words_and_each_parses() {
        assert_eq!(FieldType::Mode.choices(), ["sync", "async"]);
        assert!(FieldType::Text.choices().is_empty());
        for t in [FieldType::Flag, FieldType::Kind, FieldType::Auth, FieldType::Mode, FieldType::Access] {
            for word in t.choices() {
                assert!(t.parse(word).is_ok(), "{word}");
            }
        }
    }

    #[test]
    fn numbers_print_like_a_person_writes_them() {
        assert_eq!(format_number(1200.0), "1200");
        assert_eq!(format_number(0.85), "0.85");
        assert_eq!(format_number(99.95), "99.95");
    }
}
