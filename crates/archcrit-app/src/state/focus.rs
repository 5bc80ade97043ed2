//! Which part of the workshop has the keys, and how loud a message is.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Canvas,
    Findings,
    /// The flows list (`F`, `:flows`).
    Flows,
    Inspector,
    /// The `:diff` panel (in the findings panel's place).
    Diff,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Success,
    Error,
}
