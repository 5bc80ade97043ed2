//! docker-compose import: services become components (technology and kind
//! from the catalogue, by image, build or service name), `depends_on`,
//! `links` and host names in `environment` become links, `deploy.replicas`
//! replicas; ports published beyond loopback and `network_mode: host` make
//! a component `public`; networks the public side is not on are zones
//! (zones.rs); Redis used as a job queue is a queue (queue.rs); secrets
//! written in the file are an import note (secrets.rs); ports, healthchecks
//! and restart policies go into `notes`. What compose cannot say (auth,
//! rate limits, TLS, capacity, SLOs, link access) is recorded in
//! `unstated:`. Anchors and `<<` merge keys are resolved; `${VAR}` stays as
//! written. Linear in the number of services.

mod consoles;
mod guess;
mod plain_http;
mod queue;
mod zones;

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;

use crate::exchange::imported::{ImportError, Imported, MAX_IMPORT_EDGES, MAX_IMPORT_NODES};
use crate::file::yaml::{self, Value};
use crate::model::{Access, Component, ComponentId, Design, Edit, Kind, Link, Mode, Unstated};

pub use guess::{hosts_in, image_name, kind_of, protocol_for_kind, technology_of};

/// Reads a compose file. `origin` names it in errors; `fallback` names the
/// design when the file has no top-level `name:`.
pub fn import(text: &str, origin: &str, fallback: &str) -> Result<Imported, ImportError> {
    let error = |line: usize, message: String| ImportError { origin: origin.to_string(), line, column: 0, message };
    let lines = KeyLines::new(text);
    let root = yaml::from_str_merged(text).map_err(|e| ImportError {
        origin: origin.to_string(),
        line: e.line.unwrap_or(1),
        column: e.column.unwrap_or(0),
        message: e.message,
    })?;
    let services = match root.get("services") {
        Some(Value::Mapping(m)) => m,
        Some(_) => return Err(error(lines.of("services"), "`services` must be a map of service names".into())),
        None => {
            return Err(error(1, "no `services:` here: is this a docker-compose file?".into()));
        }
    };
    let name = root.get("name").and_then(scalar).unwrap_or_else(|| fallback.to_string());
    let mut warnings = Vec::new();

    // First pass: ids and kinds, so links can name any service.
    struct Service<'a> {
        name: String,
        id: ComponentId,
        kind: Kind,
        image: String,
        /// What the catalogue says it is.
        tech: Option<&'static crate::tech::Technology>,
        /// What the catalogue says it serves.
        protocol: Option<&'static str>,
        body: &'a Value,
    }
    if services.len() > MAX_IMPORT_NODES {
        return Err(error(
            lines.of("services"),
            format!("{} services: archcrit imports at most {MAX_IMPORT_NODES}", services.len()),
        ));
    }
    // One pass over the text for every service's line (a search per
    // service made the import quadratic in the number of services).
    let mut list: Vec<Service> = Vec::new();
    let mut taken = HashSet::new();
    // A bare image name given to a service built here (`build: .` with
    // `image: web`) tags the local build: it names the team's own code, not
    // a technology, so it is no `tech` (nor is it for the services that
    // reuse that image).
    let local_tags: HashSet<String> = services
        .iter()
        .filter(|(_, body)| body.get("build").is_some())
        .filter_map(|(_, body)| body.get("image").and_then(scalar))
        .filter(|image| !image.contains(['/', ':', '@']) && technology_of(image).is_none())
        .collect();
    for (key, body) in services {
        let Some(sname) = scalar(key) else { continue };
        if !matches!(body, Value::Mapping(_) | Value::Null) {
            return Err(error(lines.of(&sname), format!("service `{sname}` must be a map of settings")));
        }
        let mut id = ComponentId::slug(&sname);
        let mut n = 2;
        while !taken.insert(id.to_string()) {
            id = ComponentId::slug(&format!("{sname}-{n}"));
            n += 1;
        }
        let image = body.get("image").and_then(scalar).unwrap_or_default();
        let build = match body.get("build") {
            Some(Value::String(ctx)) => ctx.clone(),
            Some(b) => b.get("context").and_then(scalar).unwrap_or_default(),
            None => String::new(),
        };
        let build_name = build.trim_end_matches('/').rsplit('/').next().unwrap_or_default().to_string();
        let tech = (!image.is_empty())
            .then(|| technology_of(&image))
            .flatten()
            .or_else(|| (!build_name.is_empty()).then(|| technology_of(&build_name)).flatten())
            .or_else(|| technology_of(&sname));
        // No technology known: the service's own name may say what it is
        // (`proxy` built from an nginx Dockerfile, `worker`, `db`).
        let kind = tech.map(|t| t.kind).or_else(|| crate::tech::kind_word(&sname)).unwrap_or(Kind::Service);
        let protocol = tech.map(|t| t.protocol.as_str());
        list.push(Service { name: sname, id, kind, image, tech, protocol, body });
    }
    let by_name: HashMap<&str, usize> = list.iter().enumerate().map(|(i, s)| (s.name.as_str(), i)).collect();

    // What each service links to: environment first (it knows the
    // protocol), then depends_on and links.
    let mut all_targets: Vec<IndexMap<usize, Option<String>>> = Vec::with_capacity(list.len());
    for s in &list {
        let mut targets: IndexMap<usize, Option<String>> = IndexMap::new();
        for (key, value) in environment(s.body) {
            for (host, protocol) in hosts_in(&key, &value) {
                if let Some(&t) = by_name.get(host.as_str()) {
                    targets.entry(t).or_insert(protocol);
                }
            }
        }
        // A job worker or a queue dashboard talks through the broker: its
        // depends_on on the web app only orders start-up (migrations first),
        // it sends no requests there.
        let through_broker = queue::consumes(s.body) || queue::watches(s.body);
        let deps = depends_on(s.body).into_iter().map(|d| (d, true));
        for (dep, ordering) in deps.chain(legacy_links(s.body).into_iter().map(|d| (d, false))) {
            match by_name.get(dep.as_str()) {
                Some(&t) if ordering && through_broker && list[t].kind.is_service_like() => {}
                Some(&t) => {
                    targets.entry(t).or_insert(None);
                }
                None => warnings.push(format!(
                    "{origin}:{}: `{}` depends on `{dep}`, which is not a service here: no link",
                    lines.of(&s.name),
                    s.name
                )),
            }
        }
        all_targets.push(targets);
    }
    // Traefik reads its routes from the other services' labels
    // (`traefik.http.routers.app.rule=Host(...)`): each labelled service is
    // a target of every Traefik in the file.
    let traefiks: Vec<usize> = (0..list.len()).filter(|&i| is_traefik(&list[i].image)).collect();
    for (t, s) in list.iter().enumerate() {
        if !traefiks.contains(&t) && routed_by_traefik(s.body) {
            for &proxy in &traefiks {
                all_targets[proxy].entry(t).or_insert(None);
            }
        }
    }

    // A console for data stores names no server: it manages the stores of
    // its technologies on a network it shares.
    let networks: Vec<Vec<String>> = list.iter().map(|s| zones::joined(s.body)).collect();
    let console_views: Vec<consoles::View> = list
        .iter()
        .zip(&networks)
        .zip(&all_targets)
        .map(|((s, networks), targets)| consoles::View { tech: s.tech, networks, linked: !targets.is_empty() })
        .collect();
    let managed = consoles::managed(&console_views);
    drop(console_views);
    for (i, stores) in managed.into_iter().enumerate() {
        if stores.is_empty() {
            continue;
        }
        let names: Vec<&str> = stores.iter().map(|&t| list[t].name.as_str()).collect();
        warnings.push(format!(
            "{origin}:{}: `{}` is a console and this file names no server for it: linked to {}, the store it manages on a network it shares",
            lines.of(&list[i].name),
            list[i].name,
            crate::critic::templates::and_list(&names),
        ));
        for t in stores {
            all_targets[i].entry(t).or_insert(None);
        }
    }

    // Redis that the file shows used as a job queue is a queue.
    let views: Vec<queue::View> = list
        .iter()
        .zip(&all_targets)
        .map(|(s, t)| queue::View { name: &s.name, body: s.body, targets: t.keys().copied().collect() })
        .collect();
    let is_redis: Vec<bool> = list.iter().map(|s| s.kind == Kind::Cache && s.protocol == Some("redis")).collect();
    let queued = queue::queues(&views, &is_redis);
    drop(views);
    for (s, why) in list.iter_mut().zip(&queued) {
        if why.is_some() {
            s.kind = Kind::Queue;
        }
    }

    // Networks the public side is not on are zones.
    let zoning = {
        let views: Vec<zones::View> = list
            .iter()
            .map(|s| zones::View { body: s.body, published: published(s.body) || host_network(s.body) })
            .collect();
        zones::zoning(root.get("networks"), &views)
    };
    let mut edits: Vec<Edit> = zoning
        .zones
        .iter()
        .map(|(name, zone)| Edit::SetZone { name: name.clone(), zone: Some(zone.clone()) })
        .collect();
    for (i, s) in list.iter().enumerate() {
        let mut c = Component::new(s.id.clone(), s.kind);
        if s.id.as_str() != s.name {
            c.label = Some(s.name.clone());
        }
        if !s.image.is_empty() && !local_tags.contains(&s.image) {
            c.tech = Some(s.image.clone());
        }
        let at = lines.of(&s.name);
        if let Some(r) = replicas(s.body) {
            match r {
                Ok(n) if n >= 1 => c.replicas = Some(n),
                Ok(_) => warnings.push(format!("{origin}:{at}: `{}` has 0 replicas: left at the default 1", s.name)),
                Err(v) => {
                    warnings.push(format!("{origin}:{at}: `{}`: replicas `{v}` is not a number: ignored", s.name))
                }
            }
        }
        match &zoning.cut_off[i] {
            Some(nets) => warnings.push(format!(
                "{origin}:{at}: `{}` publishes ports but its only network{} {} internal: true: Docker publishes \
                 no port from an internal network, so it is not public (under swarm's ingress it would be)",
                s.name,
                if nets.len() == 1 { "" } else { "s" },
                if nets.len() == 1 { format!("`{}` is", nets[0]) } else { format!("`{}` are", nets.join("`, `")) },
            )),
            None if published(s.body) || host_network(s.body) => {
                c.public = Some(true);
                if let Some(note) = plain_http::note(&s.name, &public_ports(s.body), s.tech) {
                    warnings.push(format!("{origin}:{at}: {note}"));
                }
            }
            None => {}
        }
        c.zone.clone_from(&zoning.zone[i]);
        let mut notes = notes(s.body);
        if let Some(why) = &queued[i] {
            let sep = if notes.is_empty() { "" } else { "; " };
            notes = format!("{notes}{sep}a job queue: {why}");
        }
        if !notes.is_empty() {
            c.notes = Some(notes);
        }
        let secrets = super::secrets::plaintext(environment(s.body));
        if !secrets.is_empty() {
            let them = if secrets.len() == 1 { "it" } else { "them" };
            warnings.push(format!(
                "{origin}:{at}: `{}` writes {} in plain text: whoever can read the file has {them}; use `secrets:` \
                 (the image's `*_FILE` setting) or `${{VAR}}` from an untracked .env",
                s.name,
                secrets.join(", "),
            ));
        }
        if let Some(Value::Sequence(p)) = s.body.get("profiles") {
            c.extra.insert("x-compose-profiles".into(), Value::Sequence(p.clone()));
        }
        edits.push(Edit::AddComponent { component: c, index: None });
    }

    // Links, in the order found.
    let mut links = 0usize;
    for (s, targets) in list.iter().zip(all_targets) {
        for (t, protocol) in targets {
            let target = &list[t];
            if target.id == s.id {
                continue;
            }
            let mut link = Link::new(s.id.clone(), target.id.clone());
            link.protocol = protocol
                .or_else(|| target.protocol.map(str::to_string))
                .or_else(|| guess::protocol_for_kind(target.kind, &image_name(&target.image)))
                .or_else(|| proxies_http(s.kind, target.kind).then(|| "http".to_string()));
            if queued[t].is_some() && !queue::watches(s.body) {
                // Enqueueing does not wait for the job; a worker pulls.
                link.mode = Some(Mode::Async);
                if queue::consumes(s.body) || s.kind == Kind::Worker {
                    link.access = Some(Access::Read);
                }
            }
            edits.push(Edit::Connect { link, index: None });
            links += 1;
            if links > MAX_IMPORT_EDGES {
                return Err(error(
                    lines.of(&s.name),
                    format!("the services make more than {MAX_IMPORT_EDGES} links; archcrit imports at most that"),
                ));
            }
        }
    }
    let mut design = Design::new(if name.trim().is_empty() { fallback.to_string() } else { name });
    design
        .apply(Edit::Batch { label: "import compose".into(), edits })
        .map_err(|e| error(1, format!("the services do not make a valid design: {e}")))?;
    design.set_unstated(Unstated::ALL.to_vec());
    if design.link_count() == 0 && design.component_count() > 1 {
        warnings.push(
            "no links found: links are read from depends_on, links and addresses in environment (host:port, URLs); \
             these name none; draw the links in the workshop (`c`) or add them under `links:`"
                .to_string(),
        );
    }
    Ok(Imported { design, warnings })
}

/// A scalar as text (`8080`, `true` and `name` alike).
fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The first line of each mapping key (`key:` after indentation, quotes
/// allowed), for errors about values YAML has already parsed (values carry
/// no positions). Built in one pass, so naming 20,000 services stays linear.
struct KeyLines<'t> {
    first: HashMap<&'t str, usize>,
}

impl<'t> KeyLines<'t> {
    fn new(text: &'t str) -> Self {
        let mut first = HashMap::new();
        for (i, line) in text.lines().enumerate() {
            let t = line.trim_start().trim_start_matches(['"', '\'']);
            let Some((key, _)) = t.split_once(':') else { continue };
            let key = key.trim_end().trim_end_matches(['"', '\'']);
            if !key.is_empty() {
                first.entry(key).or_insert(i + 1);
            }
        }
        KeyLines { first }
    }

    fn of(&self, key: &str) -> usize {
        self.first.get(key).copied().unwrap_or(1)
    }
}

fn replicas(body: &Value) -> Option<Result<u32, String>> {
    let v = body.get("deploy").and_then(|d| d.get("replicas")).or_else(|| body.get("scale"))?;
    let text = scalar(v)?;
    Some(text.parse::<u32>().map_err(|_| text))
}

/// Whether any port is published beyond the host itself (`"8080:80"`,
/// `"80"`, `"0.0.0.0:80:80"`, or the long form). A port bound to a loopback
/// address (`127.0.0.1:8080:80`, `[::1]:80:80`, `host_ip: 127.0.0.1`) is
/// reachable from that machine only; `expose:` is internal; neither counts.
fn published(body: &Value) -> bool {
    let Some(Value::Sequence(ports)) = body.get("ports") else { return false };
    ports.iter().any(|p| match p {
        Value::Mapping(_) => {
            (p.get("published").is_some() || p.get("target").is_some())
                && !p.get("host_ip").and_then(scalar).is_some_and(|ip| loopback(&ip))
        }
        other => scalar(other).is_some_and(|spec| !loopback(host_ip(&spec))),
    })
}

/// The published port entries reachable beyond the host, as written.
fn public_ports(body: &Value) -> Vec<String> {
    let Some(Value::Sequence(ports)) = body.get("ports") else { return Vec::new() };
    ports
        .iter()
        .filter(|p| match p {
            Value::Mapping(_) => !p.get("host_ip").and_then(scalar).is_some_and(|ip| loopback(&ip)),
            other => scalar(other).is_some_and(|spec| !loopback(host_ip(&spec))),
        })
        .map(port_text)
        .collect()
}

/// The host address of a short port spec: `127.0.0.1` in `127.0.0.1:8080:80`,
/// empty in `8080:80` or `80`.
fn host_ip(spec: &str) -> &str {
    let spec = spec.split('/').next().unwrap_or(spec);
    let parts: Vec<&str> = spec.rsplitn(3, ':').collect();
    if parts.len() == 3 { parts[2] } else { "" }
}

/// 127.0.0.0/8, ::1 or localhost (also as the default of `${HOST_IP:-127.0.0.1}`).
fn loopback(ip: &str) -> bool {
    let ip = ip.trim().trim_start_matches('[').trim_end_matches(']');
    let ip = ip.rsplit(":-").next().unwrap_or(ip).trim_end_matches('}');
    ip.starts_with("127.") || ip == "::1" || ip.eq_ignore_ascii_case("localhost")
}

/// `network_mode: host` shares the host's network: every port it listens on is published.
fn host_network(body: &Value) -> bool {
    body.get("network_mode").and_then(scalar).is_some_and(|m| m.trim() == "host")
}

/// A port entry as written, short or long form (`127.0.0.1:5432:5432`, `8080:80/udp`).
fn port_text(p: &Value) -> String {
    match p {
        Value::Mapping(_) => {
            let part = |k: &str| p.get(k).and_then(scalar);
            let host: Vec<String> = [part("host_ip"), part("published")].into_iter().flatten().collect();
            let target = part("target").unwrap_or_default();
            let proto = part("protocol").map(|x| format!("/{x}")).unwrap_or_default();
            if host.is_empty() { format!("{target}{proto}") } else { format!("{}:{target}{proto}", host.join(":")) }
        }
        other => scalar(other).unwrap_or_default(),
    }
}

/// What the design format has no field for, kept as prose in `notes`:
/// ports, exposed ports, network mode, healthcheck and restart policy.
fn notes(body: &Value) -> String {
    let list = |key: &str| -> Vec<String> {
        match body.get(key) {
            Some(Value::Sequence(items)) => items.iter().map(port_text).collect(),
            _ => Vec::new(),
        }
    };
    let mut parts = Vec::new();
    for key in ["ports", "expose"] {
        let items = list(key);
        if !items.is_empty() {
            parts.push(format!("{key}: {}", items.join(", ")));
        }
    }
    if let Some(mode) = body.get("network_mode").and_then(scalar) {
        parts.push(format!("network_mode: {mode}"));
    }
    if let Some(h) = body.get("healthcheck") {
        let words: Vec<String> = match h.get("test") {
            Some(Value::Sequence(items)) => items.iter().filter_map(scalar).collect(),
            Some(v) => scalar(v).into_iter().collect(),
            None => Vec::new(),
        };
        let skip = usize::from(words.first().is_some_and(|w| w == "CMD" || w == "CMD-SHELL"));
        let test = words.get(skip..).unwrap_or_default().join(" ");
        let disabled = h.get("disable").and_then(scalar).is_some_and(|d| d == "true") || test == "NONE";
        parts.push(if disabled { "healthcheck: disabled".to_string() } else { format!("healthcheck: {test}") });
    }
    let restart = body.get("restart").and_then(scalar).or_else(|| {
        body.get("deploy").and_then(|d| d.get("restart_policy")).and_then(|r| r.get("condition")).and_then(scalar)
    });
    if let Some(r) = restart {
        parts.push(format!("restart: {r}"));
    }
    parts.join("; ")
}

/// `environment` as (key, value) pairs, list (`KEY=value`) or map form.
pub(crate) fn environment(body: &Value) -> Vec<(String, String)> {
    match body.get("environment") {
        Some(Value::Sequence(items)) => items
            .iter()
            .filter_map(scalar)
            .map(|kv| match kv.split_once('=') {
                Some((k, v)) => (k.to_string(), v.to_string()),
                None => (kv, String::new()),
            })
            .collect(),
        Some(Value::Mapping(m)) => {
            m.iter().filter_map(|(k, v)| Some((scalar(k)?, scalar(v).unwrap_or_default()))).collect()
        }
        _ => Vec::new(),
    }
}

/// Whether an image is the Traefik proxy's.
fn is_traefik(image: &str) -> bool {
    image_name(image).rsplit('/').next().is_some_and(|n| n == "traefik")
}

/// Whether a service's labels give Traefik a route to it: a router rule, or
/// `traefik.enable=true` (Traefik's default rule then routes by name).
fn routed_by_traefik(body: &Value) -> bool {
    let labels: Vec<(String, String)> = match body.get("labels") {
        Some(Value::Sequence(items)) => items
            .iter()
            .filter_map(scalar)
            .map(|kv| match kv.split_once('=') {
                Some((k, v)) => (k.trim().to_string(), v.trim().to_string()),
                None => (kv, String::new()),
            })
            .collect(),
        Some(Value::Mapping(m)) => {
            m.iter().filter_map(|(k, v)| Some((scalar(k)?, scalar(v).unwrap_or_default()))).collect()
        }
        _ => Vec::new(),
    };
    labels.iter().any(|(k, v)| {
        let k = k.to_ascii_lowercase();
        (k.starts_with("traefik.http.routers.") && k.ends_with(".rule"))
            || (k.starts_with("traefik.tcp.routers.") && k.ends_with(".rule"))
            || (k == "traefik.enable" && v.eq_ignore_ascii_case("true"))
    })
}

/// `depends_on` in list form or map form (`db: {condition: …}`).
fn depends_on(body: &Value) -> Vec<String> {
    match body.get("depends_on") {
        Some(Value::Sequence(items)) => items.iter().filter_map(scalar).collect(),
        Some(Value::Mapping(m)) => m.keys().filter_map(scalar).collect(),
        _ => Vec::new(),
    }
}

/// The legacy `links:` list (`db` or `db:alias`).
fn legacy_links(body: &Value) -> Vec<String> {
    match body.get("links") {
        Some(Value::Sequence(items)) => {
            items.iter().filter_map(scalar).map(|l| l.split(':').next().unwrap_or("").to_string()).collect()
        }
        _ => Vec::new(),
    }
}

/// A reverse proxy (nginx, traefik...) in front of an app speaks HTTP to
/// it: compose says nothing of the protocol, but a reviewer would write it.
fn proxies_http(from: Kind, to: Kind) -> bool {
    matches!(from, Kind::LoadBalancer | Kind::Gateway | Kind::Cdn)
        && matches!(to, Kind::Service | Kind::Function | Kind::Gateway | Kind::LoadBalancer)
}
