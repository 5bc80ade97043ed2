//! Where the LLM lives and how long to wait for it: flags, then environment
//! (OPENAI_BASE_URL / legacy OPENAI_API_BASE, OPENAI_API_KEY, ARCHCRIT_MODEL),
//! then the user's config file, then defaults. The key is read from the
//! environment only and never written, printed or logged.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use super::LlmError;
use super::retry::{MAX_RETRIES, RetryPolicy};
use archcrit_core::file::yaml;

pub const OPENAI_BASE: &str = "https://api.openai.com/v1";
pub const DEFAULT_MODEL: &str = "gpt-4o-mini";

/// An API key. Its `Debug` and `Display` never show it.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    pub fn new(key: impl Into<String>) -> Self {
        ApiKey(key.into())
    }
    /// The key itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(redacted)")
    }
}

/// The config file (`<config dir>/archcrit/config.yaml`). It names the
/// environment variable holding the key, never the key.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FileConfig {
    pub base_url: Option<String>,
    pub model: Option<String>,
    pub api_key_env: Option<String>,
    pub connect_timeout_secs: Option<u64>,
    pub request_timeout_secs: Option<u64>,
    pub idle_timeout_secs: Option<u64>,
    /// The longest single wait before a retry (a longer `Retry-After` is reported at once).
    pub max_retry_wait_secs: Option<u64>,
    /// The first backoff when the server names no wait.
    pub retry_base_delay_ms: Option<u64>,
    /// The most bytes one answer may take off the network.
    pub max_reply_bytes: Option<usize>,
    /// The longest one answer may take, from the request to its end.
    pub max_reply_secs: Option<u64>,
}

/// Why the config file was not used: it could not be read, or it says
/// something the workshop does not take. Names the file (and line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigError {
    Unreadable { path: PathBuf, why: String },
    Invalid { path: PathBuf, line: Option<usize>, message: String },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Unreadable { path, why } => write!(f, "{}: cannot read: {why}", path.display()),
            ConfigError::Invalid { path, line, message } => {
                write!(f, "{}", path.display())?;
                if let Some(l) = line {
                    write!(f, ":{l}")?;
                }
                write!(f, ": {message}; allowed keys: {ALLOWED_KEYS}")
            }
        }
    }
}

impl std::error::Error for ConfigError {}

impl FileConfig {
    /// `None` when the file does not exist; an error naming the file when
    /// it cannot be read or parsed.
    pub fn load(path: &Path) -> Result<Option<FileConfig>, ConfigError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(ConfigError::Unreadable { path: path.to_path_buf(), why: e.to_string() }),
        };
        if text.trim().is_empty() {
            return Ok(Some(FileConfig::default()));
        }
        yaml::from_str(&text).map(Some).map_err(|e| ConfigError::Invalid {
            path: path.to_path_buf(),
            line: e.line,
            message: e.message.to_string(),
        })
    }
}

const ALLOWED_KEYS: &str = "base_url, model, api_key_env, connect_timeout_secs, request_timeout_secs, idle_timeout_secs, max_retry_wait_secs, retry_base_delay_ms, max_reply_bytes, max_reply_secs";

/// Defaults for waiting before a retry (docs/llm.md names them).
pub const DEFAULT_MAX_RETRY_WAIT: Duration = Duration::from_secs(20);
pub const DEFAULT_RETRY_BASE_DELAY: Duration = Duration::from_millis(500);
/// The longest one answer may stream (docs/llm.md names it): a slow local
/// model writes a long review in a minute or two.
pub const DEFAULT_MAX_REPLY_TIME: Duration = Duration::from_secs(300);
pub use super::reply::DEFAULT_MAX_REPLY_BYTES;

/// The config file's usual place, under the user's config directory.
pub fn default_path(config_dir: &Path) -> PathBuf {
    config_dir.join("archcrit").join("config.yaml")
}

/// What the command line says (wins over everything else).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Flags {
    pub base_url: Option<String>,
    pub model: Option<String>,
}

/// Everything the client needs.
#[derive(Debug, Clone, PartialEq)]
pub struct LlmConfig {
    pub base_url: String,
    pub model: String,
    pub api_key: Option<ApiKey>,
    pub connect_timeout: Duration,
    pub request_timeout: Duration,
    pub idle_timeout: Duration,
    /// The longest single wait before a retry; a server asking for more
    /// (429 with a long `Retry-After`) is reported at once.
    pub retry_wait_cap: Duration,
    /// The first backoff when the server names no wait (doubled per retry, jittered).
    pub retry_base_delay: Duration,
    /// One answer's cap in bytes off the network; reading stops there.
    pub max_reply_bytes: usize,
    /// One answer's cap in time from the request; reading stops there.
    pub max_reply_time: Duration,
}

impl LlmConfig {
    /// A config for a server at `base_url` with no key (tests, local servers).
    pub fn local(base_url: &str, model: &str) -> Self {
        LlmConfig {
            base_url: normalise_base_url(base_url),
            model: model.to_string(),
            api_key: None,
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(60),
            idle_timeout: Duration::from_secs(30),
            retry_wait_cap: DEFAULT_MAX_RETRY_WAIT,
            retry_base_delay: DEFAULT_RETRY_BASE_DELAY,
            max_reply_bytes: DEFAULT_MAX_REPLY_BYTES,
            max_reply_time: DEFAULT_MAX_REPLY_TIME,
        }
    }

    /// How failed requests are retried.
    pub fn retry_policy(&self) -> RetryPolicy {
        RetryPolicy { max_retries: MAX_RETRIES, wait_cap: self.retry_wait_cap, base_delay: self.retry_base_delay }
    }

    /// The server as messages name it: host and port, never credentials
    /// someone put in the URL.
    pub fn server(&self) -> String {
        let rest = self.base_url.split_once("://").map(|(_, r)| r).unwrap_or(&self.base_url);
        let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
        authority.rsplit_once('@').map(|(_, host)| host).unwrap_or(authority).to_string()
    }

    /// Resolves the configuration. `env` looks up environment variables
    /// (a function so tests need not touch the process environment).
    pub fn resolve(
        flags: &Flags,
        env: &dyn Fn(&str) -> Option<String>,
        file: Option<&FileConfig>,
    ) -> Result<LlmConfig, LlmError> {
        let env = |k: &str| env(k).filter(|v| !v.trim().is_empty());
        let file = file.cloned().unwrap_or_default();
        let base_explicit = flags
            .base_url
            .clone()
            .or_else(|| env("OPENAI_BASE_URL"))
            .or_else(|| env("OPENAI_API_BASE"))
            .or(file.base_url.clone());
        let key_var = file.api_key_env.clone().unwrap_or_else(|| "OPENAI_API_KEY".into());
        let api_key = env(&key_var).map(|k| ApiKey::new(k.trim()));
        if base_explicit.is_none() && api_key.is_none() {
            return Err(LlmError::NotConfigured);
        }
        let model =
            flags.model.clone().or_else(|| env("ARCHCRIT_MODEL")).or(file.model).unwrap_or(DEFAULT_MODEL.into());
        let secs = |v: Option<u64>, d: u64| Duration::from_secs(v.filter(|s| *s > 0).unwrap_or(d));
        Ok(LlmConfig {
            base_url: normalise_base_url(base_explicit.as_deref().unwrap_or(OPENAI_BASE)),
            model,
            api_key,
            connect_timeout: secs(file.connect_timeout_secs, 10),
            request_timeout: secs(file.request_timeout_secs, 60),
            idle_timeout: secs(file.idle_timeout_secs, 30),
            // Zero is meaningful here: never wait on Retry-After / retry at once.
            retry_wait_cap: file.max_retry_wait_secs.map(Duration::from_secs).unwrap_or(DEFAULT_MAX_RETRY_WAIT),
            retry_base_delay: file.retry_base_delay_ms.map(Duration::from_millis).unwrap_or(DEFAULT_RETRY_BASE_DELAY),
            max_reply_bytes: file.max_reply_bytes.filter(|b| *b > 0).unwrap_or(DEFAULT_MAX_REPLY_BYTES),
            max_reply_time: secs(file.max_reply_secs, DEFAULT_MAX_REPLY_TIME.as_secs()),
        })
    }
}

/// Accepts what people paste: with or without `/v1`, a trailing slash, or
/// the full `/chat/completions` endpoint; a bare host gets `/v1`.
pub fn normalise_base_url(raw: &str) -> String {
    let mut url = raw.trim().trim_end_matches('/').to_string();
    if !url.contains("://") {
        let local = url.starts_with("localhost") || url.starts_with("127.") || url.starts_with("[::1]");
        url = format!("{}://{url}", if local { "http" } else { "https" });
    }
    for tail in ["/chat/completions", "/completions", "/chat"] {
        if let Some(stripped) = url.strip_suffix(tail) {
            url = stripped.trim_end_matches('/').to_string();
            break;
        }
    }
    let after_scheme = url.split_once("://").map(|(_, rest)| rest).unwrap_or(&url);
    if !after_scheme.contains('/') {
        url.push_str("/v1");
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string())
    }

    #[test]
    fn base_urls_are_normalised() {
        for (given, want) in [
            ("http://localhost:11434", "http://localhost:11434/v1"),
            ("http://localhost:11434/", "http://localhost:11434/v1"),
            ("http://localhost:11434/v1/", "http://localhost:11434/v1"),
            ("http://127.0.0.1:8080/v1/chat/completions", "http://127.0.0.1:8080/v1"),
            ("https://api.openai.com/v1/chat/completions/", "https://api.openai.com/v1"),
            ("localhost:8000", "http://localhost:8000/v1"),
            ("https://example.com/openai/v1", "https://example.com/openai/v1"),
            ("https://gen.example.com/v1beta/openai", "https://gen.example.com/v1beta/openai"),
        ] {
            assert_eq!(normalise_base_url(given), want, "{given}");
        }
    }

    #[test]
    fn the_server_is_named_by_host_and_port_only() {
        for (url, want) in [
            ("https://api.openai.com/v1", "api.openai.com"),
            ("http://127.0.0.1:8080/v1", "127.0.0.1:8080"),
            ("https://user:sk-secret@llm.example.com/v1", "llm.example.com"),
        ] {
            assert_eq!(LlmConfig::local(url, "m").server(), want, "{url}");
        }
    }

    #[test]
    fn precedence_is_flags_env_file_defaults() {
        let file = FileConfig {
            base_url: Some("http://file:1".into()),
            model: Some("file-model".into()),
            idle_timeout_secs: Some(5),
            ..Default::default()
        };
        let env = env_of(&[("OPENAI_API_BASE", "http://legacy:2"), ("ARCHCRIT_MODEL", "env-model")]);
        let c = LlmConfig::resolve(&Flags::default(), &env, Some(&file)).unwrap();
        assert_eq!(c.base_url, "http://legacy:2/v1");
        assert_eq!(c.model, "env-model");
        assert_eq!(c.idle_timeout, Duration::from_secs(5));
        assert_eq!(c.api_key, None);
        assert_eq!((c.retry_wait_cap, c.retry_base_delay), (DEFAULT_MAX_RETRY_WAIT, DEFAULT_RETRY_BASE_DELAY));
        let env = env_of(&[("OPENAI_BASE_URL", "http://new:3"), ("OPENAI_API_BASE", "http://legacy:2")]);
        let flags = Flags { base_url: None, model: Some("flag-model".into()) };
        let c = LlmConfig::resolve(&flags, &env, Some(&file)).unwrap();
        assert_eq!((c.base_url.as_str(), c.model.as_str()), ("http://new:3/v1", "flag-model"));
        let flags = Flags { base_url: Some("http://flag:4/v1".into()), model: None };
        assert_eq!(LlmConfig::resolve(&flags, &env, None).unwrap().base_url, "http://flag:4/v1");
    }

    #[test]
    fn a_key_alone_means_openai_and_nothing_means_not_configured() {
        let c = LlmConfig::resolve(&Flags::default(), &env_of(&[("OPENAI_API_KEY", "sk-test")]), None).unwrap();
        assert_eq!(c.base_url, OPENAI_BASE);
        assert_eq!(c.model, DEFAULT_MODEL);
        assert!(!format!("{c:?}").contains("sk-test"));
        assert_eq!(LlmConfig::resolve(&Flags::default(), &env_of(&[]), None), Err(LlmError::NotConfigured));
        let file = FileConfig { api_key_env: Some("MY_KEY".into()), ..Default::default() };
        let c = LlmConfig::resolve(&Flags::default(), &env_of(&[("MY_KEY", "k2")]), Some(&file)).unwrap();
        assert_eq!(c.api_key.as_ref().map(ApiKey::expose), Some("k2"));
    }

    #[test]
    fn the_config_file_is_checked() {
        let dir = tempfile::tempdir().unwrap();
        let path = default_path(dir.path());
        assert_eq!(FileConfig::load(&path), Ok(None));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "base_url: http://localhost:11434\nmodel: llama3.2\n").unwrap();
        let f = FileConfig::load(&path).unwrap().unwrap();
        assert_eq!(f.model.as_deref(), Some("llama3.2"));
        std::fs::write(&path, "max_retry_wait_secs: 5\nretry_base_delay_ms: 40\n").unwrap();
        let f = FileConfig::load(&path).unwrap();
        let c = LlmConfig::resolve(&Flags::default(), &env_of(&[("OPENAI_API_KEY", "k")]), f.as_ref()).unwrap();
        assert_eq!(
            c.retry_policy(),
            RetryPolicy { max_retries: 3, wait_cap: Duration::from_secs(5), base_delay: Duration::from_millis(40) }
        );
        std::fs::write(&path, "max_reply_bytes: 65536\nmax_reply_secs: 9\n").unwrap();
        let f = FileConfig::load(&path).unwrap();
        let c = LlmConfig::resolve(&Flags::default(), &env_of(&[("OPENAI_API_KEY", "k")]), f.as_ref()).unwrap();
        assert_eq!((c.max_reply_bytes, c.max_reply_time), (65536, Duration::from_secs(9)));
        std::fs::write(&path, "model: x\napi_key: sk-oops\n").unwrap();
        let err = FileConfig::load(&path).unwrap_err();
        assert!(matches!(err, ConfigError::Invalid { .. }), "{err:?}");
        let err = err.to_string();
        assert!(err.contains("config.yaml") && err.contains("api_key_env"), "{err}");
    }
}
