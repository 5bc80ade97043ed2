//! A box's facts at a glance, as the canvas shows them under its label:
//! replicas as `x3`, auth, rate limit, managed.

use archcrit_core::model::{Component, RateLimit};

/// The facts that matter about `c`, short: `x3 jwt rl100 mgd` (replicas,
/// auth, rate limit per second, managed);
/// empty when it sets none of them.
pub fn line(c: &Component) -> String {
    let mut out: Vec<String> = Vec::new();
    if let Some(n) = c.replicas.filter(|n| *n > 1) {
        out.push(format!("x{n}"));
    }
    if let Some(auth) = c.auth.filter(|a| a.is_some_auth()) {
        out.push(auth.to_string());
    }
    match &c.rate_limit {
        Some(RateLimit::Enabled) => out.push("rl".into()),
        Some(limit) => out.push(format!("rl{limit}")),
        None => {}
    }
    if c.managed == Some(true) {
        out.push("mgd".into());
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::line;
    use archcrit_core::model::{Auth, Component, ComponentId, Kind, RateLimit};

    #[test]
    fn only_the_facts_set_are_shown() {
        let mut c = Component::new(ComponentId::new("gw").unwrap_or_else(|_| unreachable!()), Kind::Gateway);
        assert_eq!(line(&c), "");
        c.replicas = Some(3);
        c.auth = Some(Auth::Jwt);
        c.rate_limit = Some(RateLimit::PerSecond(100.0));
        c.managed = Some(true);
        assert_eq!(line(&c), "x3 jwt rl100 mgd");
    }
}
