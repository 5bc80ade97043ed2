//! The optional `--log-file`: tracing events written to a file so a user
//! can see why their endpoint fails. Every write passes through `redact`,
//! which replaces the API key (and any token) with `[redacted]`, whatever logged it.

use std::io::Write;
use std::path::Path;
use std::sync::Mutex;

/// Wraps a writer and scrubs secrets from everything written.
pub struct Redacting<W> {
    inner: W,
    secrets: Vec<String>,
}

impl<W: Write> Redacting<W> {
    pub fn new(inner: W, secrets: Vec<String>) -> Self {
        Redacting { inner, secrets }
    }
}

impl<W: Write> Write for Redacting<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = super::redact::redact(&String::from_utf8_lossy(buf), &self.secrets);
        self.inner.write_all(text.as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Starts logging to `path` (appending). `secrets` are scrubbed from every
/// line. Fails naming the file.
pub fn init(path: &Path, secrets: Vec<String>) -> Result<(), LogError> {
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|source| LogError::Open { path: path.to_path_buf(), source })?;
    let writer = Mutex::new(Redacting::new(file, secrets));
    let filter = tracing_subscriber::EnvFilter::try_from_env("ARCHCRIT_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("archcrit=debug,warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(writer)
        .try_init()
        .map_err(|e| LogError::Start(e.to_string()))
}

/// Why the LLM log could not start.
#[derive(Debug, thiserror::Error)]
pub enum LogError {
    #[error("{}: cannot open the log file: {source}", path.display())]
    Open { path: std::path::PathBuf, source: std::io::Error },
    /// A logger was already installed in this process.
    #[error("cannot start logging: {0}")]
    Start(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_never_reaches_the_file() {
        let mut out = Redacting::new(Vec::new(), vec!["sk-secret-123".into()]);
        write!(out, "Authorization: Bearer sk-secret-123 and again sk-secret-123").unwrap();
        let text = String::from_utf8(out.inner).unwrap();
        assert_eq!(text, "Authorization: Bearer [redacted] and again [redacted]");
    }
}
