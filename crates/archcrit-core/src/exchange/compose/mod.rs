//! docker-compose import: services become components (kind from the image
//! or build name), `depends_on` and connection strings in `environment`
//! become links, `deploy.replicas` replicas, published ports `public`.
//! Anchors and `<<` merge keys are resolved; `${VAR}` stays as written.

mod guess;

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;

use crate::exchange::imported::{ImportError, Imported, MAX_IMPORT_EDGES, MAX_IMPORT_NODES};
use crate::file::yaml::{self, Value};
use crate::model::{Component, ComponentId, Design, Edit, Kind, Link};

pub use guess::{hosts_in, image_name, kind_of, protocol_for_kind};

/// Reads a compose file. `origin` names it in errors; `fallback` names the
/// design when the file has no top-level `name:`.
pub fn import(text: &str, origin: &str, fallback: &str) -> Result<Imported, ImportError> {
    let error = |line: usize, message: String| ImportError { origin: origin.to_string(), line, column: 0, message };
    let root = yaml::from_str_merged(text).map_err(|e| ImportError {
        origin: origin.to_string(),
        line: e.line.unwrap_or(1),
        column: e.column.unwrap_or(0),
        message: e.message,
    })?;
    let services = match root.get("services") {
        Some(Value::Mapping(m)) => m,
        Some(_) => return Err(error(line_of(text, "services"), "`services` must be a map of service names".into())),
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
        body: &'a Value,
    }
    if services.len() > MAX_IMPORT_NODES {
        return Err(error(
            line_of(text, "services"),
            format!("{} services: archcrit imports at most {MAX_IMPORT_NODES}", services.len()),
        ));
    }
    // One pass over the text for every service's line (a search per
    // service made the import quadratic in the number of services).
    let key_lines = KeyLines::new(text);
    let mut list: Vec<Service> = Vec::new();
    let mut taken = HashSet::new();
    for (key, body) in services {
        let Some(sname) = scalar(key) else { continue };
        if !matches!(body, Value::Mapping(_) | Value::Null) {
            return Err(error(key_lines.at(&sname), format!("service `{sname}` must be a map of settings")));
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
        let kind = kind_of(&image_name(&image))
            .or_else(|| (!build.is_empty()).then(|| kind_of(build.trim_end_matches('/'))).flatten())
            .or_else(|| kind_of(&sname))
            .unwrap_or(Kind::Service);
        list.push(Service { name: sname, id, kind, image, body });
    }
    let by_name: HashMap<&str, usize> = list.iter().enumerate().map(|(i, s)| (s.name.as_str(), i)).collect();

    let mut edits = Vec::new();
    for s in &list {
        let mut c = Component::new(s.id.clone(), s.kind);
        if s.id.as_str() != s.name {
            c.label = Some(s.name.clone());
        }
        if !s.image.is_empty() {
            c.tech = Some(s.image.clone());
        }
        let at = key_lines.at(&s.name);
        if let Some(r) = replicas(s.body) {
            match r {
                Ok(n) if n >= 1 => c.replicas = Some(n),
                Ok(_) => warnings.push(format!("{origin}:{at}: `{}` has 0 replicas: left at the default 1", s.name)),
                Err(v) => {
                    warnings.push(format!("{origin}:{at}: `{}`: replicas `{v}` is not a number: ignored", s.name))
                }
            }
        }
        if published(s.body) {
            c.public = Some(true);
        }
        if let Some(Value::Sequence(p)) = s.body.get("profiles") {
            c.extra.insert("x-compose-profiles".into(), Value::Sequence(p.clone()));
        }
        edits.push(Edit::AddComponent { component: c, index: None });
    }

    // Links: environment first (it knows the protocol), then depends_on.
    let mut links = 0usize;
    for s in &list {
        let mut targets: IndexMap<usize, Option<String>> = IndexMap::new();
        for (key, value) in environment(s.body) {
            for (host, protocol) in hosts_in(&key, &value) {
                if let Some(&t) = by_name.get(host.as_str()) {
                    targets.entry(t).or_insert(protocol);
                }
            }
        }
        for dep in depends_on(s.body).into_iter().chain(legacy_links(s.body)) {
            match by_name.get(dep.as_str()) {
                Some(&t) => {
                    targets.entry(t).or_insert(None);
                }
                None => warnings.push(format!(
                    "{origin}:{}: `{}` depends on `{dep}`, which is not a service here: no link",
                    key_lines.at(&s.name),
                    s.name
                )),
            }
        }
        for (t, protocol) in targets {
            let target = &list[t];
            if target.id == s.id {
                continue;
            }
            let mut link = Link::new(s.id.clone(), target.id.clone());
            link.protocol = protocol.or_else(|| guess::protocol_for_kind(target.kind, &image_name(&target.image)));
            edits.push(Edit::Connect { link, index: None });
            links += 1;
            if links > MAX_IMPORT_EDGES {
                return Err(error(
                    key_lines.at(&s.name),
                    format!("the services make more than {MAX_IMPORT_EDGES} links; archcrit imports at most that"),
                ));
            }
        }
    }
    let mut design = Design::new(if name.trim().is_empty() { fallback.to_string() } else { name });
    design
        .apply(Edit::Batch { label: "import compose".into(), edits })
        .map_err(|e| error(1, format!("the services do not make a valid design: {e}")))?;
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

/// The first line of each `key:` in the text, found in one pass.
struct KeyLines(HashMap<String, usize>);

impl KeyLines {
    fn new(text: &str) -> KeyLines {
        let mut lines = HashMap::new();
        for (i, l) in text.lines().enumerate() {
            let t = l.trim_start().trim_start_matches(['"', '\'']);
            if let Some(colon) = t.find(':') {
                let key = t[..colon].trim_end().trim_end_matches(['"', '\'']);
                lines.entry(key.to_string()).or_insert(i + 1);
            }
        }
        KeyLines(lines)
    }

    /// Like `line_of`: 1 when the key is not found.
    fn at(&self, key: &str) -> usize {
        self.0.get(key).copied().unwrap_or(1)
    }
}

/// The first line that starts (after indentation) with `key:`, for errors
/// about a value YAML has already parsed (values carry no positions).
fn line_of(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            let t = l.trim_start().trim_start_matches(['"', '\'']);
            t.strip_prefix(key).is_some_and(|r| r.trim_start_matches(['"', '\'']).trim_start().starts_with(':'))
        })
        .map_or(1, |i| i + 1)
}

fn replicas(body: &Value) -> Option<Result<u32, String>> {
    let v = body.get("deploy").and_then(|d| d.get("replicas")).or_else(|| body.get("scale"))?;
    let text = scalar(v)?;
    Some(text.parse::<u32>().map_err(|_| text))
}

/// Whether any port is published on the host (`"8080:80"`, `"80"`, or the
/// long form with `published`). `expose:` is internal and does not count.
fn published(body: &Value) -> bool {
    let Some(Value::Sequence(ports)) = body.get("ports") else { return false };
    ports.iter().any(|p| match p {
        Value::Mapping(_) => p.get("published").is_some() || p.get("target").is_some(),
        other => scalar(other).is_some(),
    })
}

/// `environment` as (key, value) pairs, list (`KEY=value`) or map form.
fn environment(body: &Value) -> Vec<(String, String)> {
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
