//! Secrets written in plain text in a service's settings (a compose
//! `POSTGRES_PASSWORD: example`, a Kubernetes env `value:`, a password
//! inside a connection string). No critic rule covers secrets
//! (docs/rules.md), so the importers say it as an import note, naming the
//! setting and never its value.

/// Words in a setting's key that say its value is a secret.
const SECRET_WORDS: &[&str] = &["PASSWORD", "PASSWD", "SECRET", "TOKEN", "API_KEY", "APIKEY", "PRIVATE_KEY"];

/// Keys that mention a secret but hold none: a path to a secrets file
/// (`POSTGRES_PASSWORD_FILE`), a flag (`MYSQL_RANDOM_ROOT_PASSWORD=yes`).
const NOT_SECRET_WORDS: &[&str] = &["_FILE", "_PATH", "ALLOW_EMPTY", "RANDOM", "GENERATE", "LENGTH", "EXPIRY"];

/// The settings of one service (`(KEY, value)` as written) that hold a
/// secret in the file itself, as the note names them (`DATABASE_URL (a
/// password in its URL)`).
pub(crate) fn plaintext(settings: impl IntoIterator<Item = (String, String)>) -> Vec<String> {
    let mut found = Vec::new();
    for (key, value) in settings {
        let upper = key.to_ascii_uppercase();
        let secret_key = (SECRET_WORDS.iter().any(|w| upper.contains(w)) || upper.split('_').any(|w| w == "PASS"))
            && !NOT_SECRET_WORDS.iter().any(|w| upper.contains(w));
        let what = if secret_key && written_here(&value) {
            key
        } else if url_password(&value) {
            format!("{key} (a password in its URL)")
        } else {
            continue;
        };
        if !found.contains(&what) {
            found.push(what);
        }
    }
    found
}

/// Whether a value is written in the file: not empty, not a flag, not
/// only a `${VAR}` taken from the environment (a `${VAR:-default}` default
/// is written here).
fn written_here(value: &str) -> bool {
    let v = value.trim();
    if v.is_empty() || ["yes", "no", "true", "false", "0", "1"].contains(&v.to_ascii_lowercase().as_str()) {
        return false;
    }
    !only_interpolation(v)
}

/// `${VAR}`, `$VAR`, `${VAR:?error}`: the value comes from outside the
/// file. `${VAR:-default}` has its default written here.
fn only_interpolation(v: &str) -> bool {
    let is_name = |c: char| c.is_ascii_alphanumeric() || c == '_';
    if let Some(inner) = v.strip_prefix("${").and_then(|r| r.strip_suffix('}')) {
        let rest = &inner[inner.find(|c: char| !is_name(c)).unwrap_or(inner.len())..];
        if rest.starts_with(":?") || rest.starts_with('?') {
            return true;
        }
        return rest.trim_start_matches([':', '-', '+']).is_empty();
    }
    v.strip_prefix('$').is_some_and(|name| !name.is_empty() && name.chars().all(is_name))
}

/// A password inside a URL's authority (`postgres://app:s3cret@db/app`),
/// unless it is a `${VAR}`.
fn url_password(value: &str) -> bool {
    value.split([',', ' ', ';']).any(|part| {
        let Some((_, rest)) = part.split_once("://") else { return false };
        let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
        let Some((userinfo, _)) = authority.rsplit_once('@') else { return false };
        userinfo.split_once(':').is_some_and(|(_, password)| written_here(password))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The compose importer's reading of an `environment:` block.
    fn body(env: &str) -> Vec<(String, String)> {
        let body = crate::file::yaml::from_str_merged(&format!("environment:\n{env}")).unwrap();
        crate::exchange::compose::environment(&body)
    }

    #[test]
    fn passwords_written_in_the_file_are_found_by_key() {
        let b = body(
            "  POSTGRES_PASSWORD: example\n  MYSQL_ROOT_PASSWORD: ${ROOT_PW}\n  DB_PASS: hunter2\n  \
             REDIS_PASSWORD_FILE: /run/secrets/redis\n  MYSQL_RANDOM_ROOT_PASSWORD: 'yes'\n  \
             GRAFANA_TOKEN: ${TOKEN:-dev-token}\n  PASSENGER_ENV: production\n  APP_SECRET:\n",
        );
        assert_eq!(plaintext(b), ["POSTGRES_PASSWORD", "DB_PASS", "GRAFANA_TOKEN"]);
    }

    #[test]
    fn passwords_in_connection_strings_count_unless_interpolated() {
        let b = body(
            "  - DATABASE_URL=postgres://app:s3cret@db:5432/app\n  - AMQP_URL=amqp://guest:guest@mq\n  \
             - CACHE_URL=redis://cache:6379\n  - OTHER_URL=postgres://app:${DB_PASSWORD}@db/app\n",
        );
        assert_eq!(plaintext(b), ["DATABASE_URL (a password in its URL)", "AMQP_URL (a password in its URL)"]);
    }
}
