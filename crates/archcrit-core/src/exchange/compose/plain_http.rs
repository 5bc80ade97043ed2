//! An app people log in to (Nextcloud, WordPress, Gitea, Grafana...)
//! published straight from a compose file on plain HTTP (`80:80`) with no
//! TLS port: unless something outside the file terminates TLS, passwords
//! and session cookies cross the network in clear. The design format
//! cannot state "nothing terminates TLS" (links from the outside world are
//! not drawn), so the import says it, naming the port. An app of the
//! team's own on `8000:8000` is a development stack's usual shape, and is
//! not noted: saying it of every sample would be crying wolf.

use crate::tech::Technology;

/// Ports that serve TLS in practice.
const TLS_PORTS: [u16; 2] = [443, 8443];

/// The note for a published service, if it is a login app on plain HTTP
/// only. `specs` are its published port entries as written (`8080:80`,
/// `0.0.0.0:80:80/tcp`), loopback-only ones already left out.
pub(super) fn note(name: &str, specs: &[String], tech: Option<&Technology>) -> Option<String> {
    let tech = tech.filter(|t| t.own_login && t.protocol == "http")?;
    let ports: Vec<(u16, u16, &str)> = specs.iter().filter_map(|s| parse(s).map(|(h, c)| (h, c, s.as_str()))).collect();
    if ports.iter().any(|&(host, container, _)| TLS_PORTS.contains(&host) || TLS_PORTS.contains(&container)) {
        return None;
    }
    let (_, _, spec) = ports.first()?;
    let tech = &tech.name;
    Some(format!(
        "`{name}` ({tech}) is published on `{spec}`, plain HTTP, and on no TLS port: unless a proxy outside this file \
         terminates TLS, passwords and session cookies cross the network in clear; put a TLS-terminating proxy \
         (Caddy, Traefik, nginx) in front, or publish 443"
    ))
}

/// (host port, container port) of a short or long spec; `None` for ranges,
/// UDP and what does not parse.
fn parse(spec: &str) -> Option<(u16, u16)> {
    let (ports, proto) = spec.split_once('/').unwrap_or((spec, "tcp"));
    if proto != "tcp" {
        return None;
    }
    let mut parts = ports.rsplit(':');
    let container: u16 = parts.next()?.trim().parse().ok()?;
    let host = match parts.next() {
        Some(h) => h.trim().parse().ok()?,
        None => container,
    };
    Some((host, container))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn specs(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_login_app_on_plain_http_only_is_noted() {
        let cat = crate::tech::catalogue();
        let tech = |name: &str| cat.lookup(name);
        let n = note("nc", &specs(&["80:80"]), tech("nextcloud")).unwrap();
        assert!(n.starts_with("`nc` (Nextcloud) is published on `80:80`, plain HTTP"), "{n}");
        assert!(note("gitea", &specs(&["0.0.0.0:3000:3000/tcp"]), tech("gitea")).is_some());
        assert_eq!(note("wp", &specs(&["80:80", "443:443"]), tech("wordpress")), None, "a TLS port");
        assert_eq!(note("wp", &specs(&["8443:443"]), tech("wordpress")), None);
        assert_eq!(note("app", &specs(&["8000:8000"]), None), None, "the team's own app: a dev stack's shape");
        assert_eq!(note("prometheus", &specs(&["9090:9090"]), tech("prometheus")), None, "no login to leak");
        assert_eq!(note("portainer", &specs(&["9443:9443"]), tech("portainer")), None, "serves https");
        assert_eq!(note("wp", &specs(&["53:53/udp"]), tech("wordpress")), None);
        assert_eq!(note("wp", &specs(&["8000-8010:8000-8010"]), tech("wordpress")), None);
    }
}
