//! The one redaction function: whatever a server sends back (an error body
//! echoing the request, a "helpful" stream), the API key and anything that
//! looks like a credential (`Bearer …`, `sk-…`) is replaced before it can
//! be printed, shown in a panel or logged. `OpenAiModel` applies it to
//! everything it yields; the `--log-file` writer applies it to every line.

use super::LlmError;

/// What replaces a secret.
pub const REDACTED: &str = "[redacted]";

/// Keys shorter than this are not searched for: replacing every "ab" in a
/// message would garble it and hide nothing worth hiding.
const MIN_SECRET_LEN: usize = 4;

/// Shorter words after `Bearer`/`sk-` are prose, not tokens ("a bearer of
/// news"); the configured key itself is replaced whatever its length.
const MIN_TOKEN_LEN: usize = 8;

/// `text` with every secret in `secrets`, every `Bearer <token>` and every
/// `sk-…` token replaced by `[redacted]`.
pub fn redact(text: &str, secrets: &[String]) -> String {
    let mut out = text.to_string();
    for secret in secrets.iter().filter(|s| s.len() >= MIN_SECRET_LEN) {
        if out.contains(secret.as_str()) {
            out = out.replace(secret.as_str(), REDACTED);
        }
    }
    redact_tokens(&out)
}

/// Token-shaped credentials, whoever's they are: the word after `Bearer`
/// (any case) and any `sk-` token of eight or more token characters.
fn redact_tokens(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(after) = strip_prefix_ignore_case(rest, "bearer")
            && after.starts_with([' ', '\t'])
            && !preceded_by_word(text, rest)
        {
            let spaces = after.len() - after.trim_start_matches([' ', '\t']).len();
            let token_len = token_prefix_len(&after[spaces..]);
            if token_len >= MIN_TOKEN_LEN {
                out.push_str(&rest[..rest.len() - after.len() + spaces]);
                out.push_str(REDACTED);
                rest = &after[spaces + token_len..];
                continue;
            }
        }
        if rest.starts_with("sk-") && !preceded_by_word(text, rest) {
            let token_len = token_prefix_len(&rest[3..]);
            if token_len >= MIN_TOKEN_LEN {
                out.push_str(REDACTED);
                rest = &rest[3 + token_len..];
                continue;
            }
        }
        let Some(c) = rest.chars().next() else { break };
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &text[prefix.len()..])
}

/// Whether `rest` (a suffix of `whole`) starts in the middle of a word, so
/// "desk-…" or "unbearer" are left alone.
fn preceded_by_word(whole: &str, rest: &str) -> bool {
    whole[..whole.len() - rest.len()].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

/// Length in bytes of the token at the start of `text`: the characters
/// keys and JWTs are made of.
fn token_prefix_len(text: &str) -> usize {
    text.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~' | '+' | '/' | '=')))
        .unwrap_or(text.len())
}

impl LlmError {
    /// This error with every server-chosen text passed through `redact`.
    pub fn redacted(self, secrets: &[String]) -> LlmError {
        let r = |s: String| redact(&s, secrets);
        match self {
            LlmError::UnknownModel { model } => LlmError::UnknownModel { model: r(model) },
            LlmError::RateLimited { server, detail, retries } => {
                LlmError::RateLimited { server: r(server), detail: r(detail), retries }
            }
            LlmError::RateLimitWait { server, secs, cap } => LlmError::RateLimitWait { server: r(server), secs, cap },
            LlmError::QuotaExhausted { detail } => LlmError::QuotaExhausted { detail: r(detail) },
            LlmError::Server { status, detail } => LlmError::Server { status, detail: r(detail) },
            LlmError::Http { status, detail } => LlmError::Http { status, detail: r(detail) },
            LlmError::Connect { url, detail } => LlmError::Connect { url: r(url), detail: r(detail) },
            LlmError::ConnectionLost { url, detail } => LlmError::ConnectionLost { url: r(url), detail: r(detail) },
            LlmError::RequestTimeout { url, secs } => LlmError::RequestTimeout { url: r(url), secs },
            LlmError::Malformed { detail } => LlmError::Malformed { detail: r(detail) },
            LlmError::NotAStream { content_type, start } => {
                LlmError::NotAStream { content_type: r(content_type), start: r(start) }
            }
            LlmError::Broken { detail } => LlmError::Broken { detail: r(detail) },
            LlmError::Refused { text } => LlmError::Refused { text: r(text) },
            LlmError::Other(text) => LlmError::Other(r(text)),
            other @ (LlmError::NotConfigured
            | LlmError::Auth { .. }
            | LlmError::IdleTimeout { .. }
            | LlmError::Truncated
            | LlmError::CutShort
            | LlmError::Filtered
            | LlmError::TooLong { .. }
            | LlmError::TooSlow { .. }) => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_and_token_shapes_are_replaced() {
        let key = vec!["my-local-key-42".to_string()];
        assert_eq!(
            redact("you sent Authorization: Bearer my-local-key-42 (my-local-key-42)", &key),
            "you sent Authorization: Bearer [redacted] ([redacted])"
        );
        assert_eq!(redact("token sk-proj-AbC_123456789xyz here", &[]), "token [redacted] here");
        assert_eq!(redact("BEARER\teyJhbGciOi.J9.x=", &[]), "BEARER\t[redacted]");
    }

    #[test]
    fn ordinary_text_is_left_alone() {
        for text in [
            "desk-top sk-short",
            "unbearer x",
            "Bearer",
            "risk-assessment done",
            "Grüße 🚀 sk-",
            "a bearer of bad news",
        ] {
            assert_eq!(redact(text, &["ab".to_string()]), text);
        }
    }
}
