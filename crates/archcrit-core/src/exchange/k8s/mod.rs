//! Kubernetes import: manifests (multi-document files, `List`s, the output
//! of kustomize, `helm template` and `kubectl get -o yaml`) become a design.
//! Workloads become components, Services map names to workloads by
//! selector, addresses in env values and args become links, LoadBalancer/
//! NodePort Services make their backends public, Ingress/Gateway routes
//! become a load balancer with the internet's users in front, namespaces
//! become zones. docs/import.md has the mapping table.

mod addresses;
mod objects;

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;

use crate::exchange::compose::{image_name, kind_of, protocol_for_kind};
use crate::exchange::imported::{ImportError, Imported, MAX_IMPORT_NODES};
use crate::file::yaml::{self, Value};
use crate::model::{Component, ComponentId, Design, Edit, Kind, Link, Unstated, Zone};

use addresses::{addresses_in, cluster_names, is_ip, protocol_of_port};
use objects::{Objects, Origin, WorkloadKind};

/// Most documents one import reads; a bound so a hostile input cannot make
/// the importer allocate without end. Real clusters export a few thousand.
pub const MAX_DOCUMENTS: usize = 50_000;

/// One input file: its name for messages and its text.
pub struct Source<'a> {
    pub origin: &'a str,
    pub text: &'a str,
}

/// True when some document of `text` has a top-level `apiVersion` and
/// `kind`: how `archcrit import` tells a manifest from a compose file.
pub fn looks_like_k8s(text: &str) -> bool {
    let mut api = false;
    let mut kind = false;
    for line in text.lines() {
        if line.starts_with("---") {
            if api && kind {
                return true;
            }
            (api, kind) = (false, false);
        }
        api |= line.starts_with("apiVersion:");
        kind |= line.starts_with("kind:");
    }
    api && kind
}

/// Reads every document of every source and builds one design named `name`.
pub fn import(sources: &[Source<'_>], name: &str) -> Result<Imported, ImportError> {
    let mut objects = Objects::default();
    let mut documents = 0usize;
    for source in sources {
        for (line, doc) in documents_of(source)? {
            documents += 1;
            if documents > MAX_DOCUMENTS {
                return Err(ImportError {
                    origin: source.origin.to_string(),
                    line,
                    column: 0,
                    message: format!(
                        "more than {MAX_DOCUMENTS} documents: import a namespace or a directory at a time"
                    ),
                });
            }
            objects.read(&doc, &Origin { file: source.origin.to_string(), line });
        }
    }
    if objects.workloads.is_empty() {
        let origin = sources.first().map_or("input", |s| s.origin).to_string();
        return Err(ImportError {
            origin,
            line: 1,
            column: 0,
            message: "no workloads here (Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod): is this a Kubernetes manifest?"
                .into(),
        });
    }
    if objects.workloads.len() > MAX_IMPORT_NODES {
        let origin = sources.first().map_or("input", |s| s.origin).to_string();
        return Err(ImportError {
            origin,
            line: 1,
            column: 0,
            message: format!(
                "{} workloads: archcrit imports at most {MAX_IMPORT_NODES}; import a namespace at a time",
                objects.workloads.len()
            ),
        });
    }
    Ok(Builder::new(&objects).build(name))
}

/// The documents of one source with the line each starts on. Documents are
/// split at `---` lines (a marker at column 0 always ends a document) so an
/// error in the fifth document still names its own line.
fn documents_of(source: &Source<'_>) -> Result<Vec<(usize, Value)>, ImportError> {
    let mut out = Vec::new();
    let mut start = 0usize; // byte offset of the current document
    let mut first_line = 1usize;
    let mut offset = 0usize;
    let text = source.text;
    let flush = |from: usize, to: usize, line: usize, out: &mut Vec<(usize, Value)>| -> Result<(), ImportError> {
        let chunk = &text[from..to];
        if chunk.trim().is_empty() {
            return Ok(());
        }
        let value = yaml::from_str_merged(chunk).map_err(|e| ImportError {
            origin: source.origin.to_string(),
            line: line + e.line.unwrap_or(1) - 1,
            column: e.column.unwrap_or(0),
            message: e.message,
        })?;
        if !matches!(value, Value::Null) {
            out.push((line, value));
        }
        Ok(())
    };
    for (line_no, line) in (1usize..).zip(text.split_inclusive('\n')) {
        let rest = line.strip_prefix("---").map(str::trim_start);
        let is_marker = rest.is_some_and(|r| r.is_empty() || r.starts_with('#'));
        if is_marker {
            flush(start, offset, first_line, &mut out)?;
            start = offset + line.len();
            first_line = line_no + 1;
        }
        offset += line.len();
    }
    flush(start, text.len(), first_line, &mut out)?;
    Ok(out)
}

/// Turns the objects into edits, keeping the maps from names to ids.
struct Builder<'o> {
    objects: &'o Objects,
    /// Workload index -> component id.
    ids: Vec<ComponentId>,
    /// (namespace, workload name) -> workload index.
    by_name: HashMap<(&'o str, &'o str), usize>,
    /// (namespace, service name) -> service index.
    services: HashMap<(&'o str, &'o str), usize>,
    zoned: bool,
    warnings: Vec<String>,
}

impl<'o> Builder<'o> {
    fn new(objects: &'o Objects) -> Self {
        let namespaces: HashSet<&str> = objects.workloads.iter().map(|w| w.namespace.as_str()).collect();
        let mut taken = HashSet::new();
        let ids = objects
            .workloads
            .iter()
            .map(|w| {
                let mut id = ComponentId::slug(&w.name);
                if !taken.insert(id.to_string()) {
                    id = ComponentId::slug(&format!("{}-{}", w.name, w.namespace));
                    let mut n = 2;
                    while !taken.insert(id.to_string()) {
                        id = ComponentId::slug(&format!("{}-{}-{n}", w.name, w.namespace));
                        n += 1;
                    }
                }
                id
            })
            .collect();
        Builder {
            objects,
            ids,
            by_name: objects
                .workloads
                .iter()
                .enumerate()
                .map(|(i, w)| ((w.namespace.as_str(), w.name.as_str()), i))
                .collect(),
            services: objects
                .services
                .iter()
                .enumerate()
                .map(|(i, s)| ((s.namespace.as_str(), s.name.as_str()), i))
                .collect(),
            zoned: namespaces.len() > 1,
            warnings: Vec::new(),
        }
    }

    /// The workloads a Service selects (same namespace, every selector label matching).
    fn selected(&self, service: usize) -> Vec<usize> {
        let s = &self.objects.services[service];
        if s.selector.is_empty() {
            return Vec::new();
        }
        self.objects
            .workloads
            .iter()
            .enumerate()
            .filter(|(_, w)| w.namespace == s.namespace && s.selector.iter().all(|kv| w.labels.contains(kv)))
            .map(|(i, _)| i)
            .collect()
    }

    /// What a host names from `namespace`: workloads (through a Service or by
    /// name) and the Service's port name for the given port, if known.
    fn resolve(&self, host: &str, port: Option<u32>, namespace: &'o str) -> Option<(Vec<usize>, Option<String>)> {
        cluster_names(host).into_iter().find_map(|(name, ns)| self.resolve_one(name, ns.unwrap_or(namespace), port))
    }

    fn resolve_one(&self, name: &str, ns: &str, port: Option<u32>) -> Option<(Vec<usize>, Option<String>)> {
        if let Some(&si) = self.services.get(&(ns, name)) {
            let service = &self.objects.services[si];
            let only = (service.ports.len() == 1).then(|| &service.ports[0]);
            let port_name = match port {
                Some(p) => service.ports.iter().find(|sp| sp.port == p).map(|sp| sp.name.as_str()),
                None => only.map(|sp| sp.name.as_str()),
            };
            let protocol = protocol_of_port(port_name.unwrap_or(""), port.or(only.map(|sp| sp.port)));
            return Some((self.selected(si), protocol));
        }
        let &wi = self.by_name.get(&(ns, name))?;
        Some((vec![wi], port.and_then(|p| protocol_of_port("", Some(p)))))
    }

    fn component(&self, i: usize, public: bool) -> Component {
        let w = &self.objects.workloads[i];
        let image = w.containers.first().map(|c| c.image.as_str()).unwrap_or("");
        let by_image = w.containers.iter().find_map(|c| kind_of(&image_name(&c.image)));
        let (kind, guessed) = match (by_image, w.kind) {
            (Some(k), _) => (k, None),
            (None, WorkloadKind::StatefulSet) => (
                Kind::Database,
                Some("a StatefulSet of an unknown image: taken for a data store; change the kind if it is not"),
            ),
            (None, WorkloadKind::CronJob | WorkloadKind::Job) => (Kind::Worker, None),
            (None, WorkloadKind::DaemonSet) => (Kind::Worker, Some("a DaemonSet: one pod per node")),
            (None, _) => (Kind::Service, None),
        };
        let mut c = Component::new(self.ids[i].clone(), kind);
        if c.id.as_str() != w.name {
            c.label = Some(w.name.clone());
        }
        if !image.is_empty() {
            c.tech = Some(image.to_string());
        }
        if self.zoned {
            c.zone = Some(w.namespace.clone());
        }
        let mut notes: Vec<String> = Vec::new();
        let mut replicas = w.replicas;
        if let Some(hpa) = self.objects.autoscalers.iter().find(|h| h.namespace == w.namespace && h.target == w.name) {
            if let Some(max) = hpa.max {
                replicas = Some(max);
            }
            notes.push(format!(
                "autoscaled {}..{} (HorizontalPodAutoscaler); replicas is the maximum",
                hpa.min.unwrap_or(1),
                hpa.max.map_or("?".into(), |m| m.to_string())
            ));
        }
        if let Some(r) = replicas.filter(|&r| r >= 1) {
            c.replicas = Some(r);
        }
        if let Some(reason) = guessed {
            notes.push(reason.to_string());
        }
        for container in &w.containers {
            if !container.requests.is_empty() {
                let list: Vec<String> = container.requests.iter().map(|(k, v)| format!("{k} {v}")).collect();
                notes.push(format!("{} requests {}", container.name, list.join(", ")));
            }
        }
        if matches!(w.kind, WorkloadKind::CronJob) {
            notes.push("runs on a schedule (CronJob)".into());
        }
        if !notes.is_empty() {
            c.notes = Some(notes.join("; "));
        }
        if public || w.host_network {
            c.public = Some(true);
        }
        c
    }

    fn build(mut self, name: &str) -> Imported {
        let objects = self.objects;
        // Who is reachable from outside: external Services' and routes' backends.
        let mut public = vec![false; objects.workloads.len()];
        for (si, s) in objects.services.iter().enumerate() {
            if s.external {
                for w in self.selected(si) {
                    public[w] = true;
                }
            }
        }
        let mut route_targets: Vec<(usize, Vec<usize>)> = Vec::new();
        for (ri, r) in objects.routes.iter().enumerate() {
            let mut targets = Vec::new();
            for backend in &r.backends {
                match self.services.get(&(r.namespace.as_str(), backend.as_str())) {
                    Some(&si) => targets.extend(self.selected(si)),
                    None => self.warnings.push(format!(
                        "{}: route `{}` sends to `{backend}`, which is not a Service here",
                        r.origin, r.name
                    )),
                }
            }
            // Backends are reached through the route's load balancer, not
            // published themselves: marking them public would read as a
            // bypass of the very proxy in front of them.
            route_targets.push((ri, targets));
        }

        let mut edits = Vec::new();
        if self.zoned {
            let mut seen = HashSet::new();
            for w in &objects.workloads {
                if seen.insert(w.namespace.as_str()) {
                    let closed = objects.deny_by_default.contains(&w.namespace);
                    let zone = Zone {
                        trust: closed.then(|| "trusted".to_string()),
                        label: Some(if closed {
                            format!("namespace {} (default-deny NetworkPolicy)", w.namespace)
                        } else {
                            format!("namespace {}", w.namespace)
                        }),
                        ..Zone::default()
                    };
                    edits.push(Edit::SetZone { name: w.namespace.clone(), zone: Some(zone) });
                }
            }
        }
        for (i, &is_public) in public.iter().enumerate() {
            edits.push(Edit::AddComponent { component: self.component(i, is_public), index: None });
        }
        // Secrets written into the manifests, named, never their values.
        for w in &objects.workloads {
            let env = w.containers.iter().flat_map(|c| c.settings.iter()).filter(|(key, _)| !key.is_empty());
            let secrets = crate::exchange::secrets::plaintext(env.cloned());
            if !secrets.is_empty() {
                let them = if secrets.len() == 1 { "it" } else { "them" };
                self.warnings.push(format!(
                    "{}: `{}` writes {} in plain text in its env: whoever can read the manifests has {them}; \
                     use a Secret (`valueFrom: secretKeyRef`)",
                    w.origin,
                    w.name,
                    secrets.join(", "),
                ));
            }
        }

        // Links from addresses, each pair once; the first protocol found wins.
        let mut links: IndexMap<(usize, usize), Option<String>> = IndexMap::new();
        let mut externals: IndexMap<String, Vec<(usize, Option<String>)>> = IndexMap::new();
        for (i, w) in objects.workloads.iter().enumerate() {
            for (key, value) in w.containers.iter().flat_map(|c| c.settings.iter()) {
                for address in addresses_in(key, value) {
                    match self.resolve(&address.host, address.port, &w.namespace) {
                        Some((targets, port_protocol)) => {
                            for t in targets.into_iter().filter(|&t| t != i) {
                                let protocol = address.protocol.clone().or_else(|| port_protocol.clone());
                                links.entry((i, t)).or_insert(protocol);
                            }
                        }
                        None if address.host.contains('.')
                            && !is_ip(&address.host)
                            && !is_cluster_local(&address.host) =>
                        {
                            let protocol = address.protocol.clone().or_else(|| protocol_of_port("", address.port));
                            externals.entry(address.host.to_ascii_lowercase()).or_default().push((i, protocol));
                        }
                        None => {}
                    }
                }
            }
        }
        let mut taken: HashSet<String> = self.ids.iter().map(|id| id.to_string()).collect();
        let mut external_ids = Vec::new();
        for (host, _) in &externals {
            let mut id = ComponentId::slug(host);
            let mut n = 2;
            while !taken.insert(id.to_string()) {
                id = ComponentId::slug(&format!("{host}-{n}"));
                n += 1;
            }
            let mut c = Component::new(id.clone(), Kind::External).with_label(host.clone());
            c.notes = Some("named in the manifests' settings but not defined in them".into());
            edits.push(Edit::AddComponent { component: c, index: None });
            external_ids.push(id);
        }
        for ((from, to), protocol) in links {
            let target = &objects.workloads[to];
            let mut link = Link::new(self.ids[from].clone(), self.ids[to].clone());
            let target_kind = self.component(to, false).kind;
            let image = target.containers.first().map(|c| image_name(&c.image)).unwrap_or_default();
            link.protocol = protocol.or_else(|| protocol_for_kind(target_kind, &image));
            edits.push(Edit::Connect { link, index: None });
        }
        for ((_, callers), id) in externals.iter().zip(&external_ids) {
            let mut seen = HashSet::new();
            for (from, protocol) in callers {
                if seen.insert(*from) {
                    let mut link = Link::new(self.ids[*from].clone(), id.clone());
                    link.protocol = protocol.clone();
                    edits.push(Edit::Connect { link, index: None });
                }
            }
        }

        // Each route becomes the load balancer in front of its backends, with
        // the internet's users in front of it (one client for all routes).
        let users = route_targets.iter().any(|(_, t)| !t.is_empty()).then(|| {
            let mut id = ComponentId::slug("users");
            let mut n = 2;
            while !taken.insert(id.to_string()) {
                id = ComponentId::slug(&format!("users-{n}"));
                n += 1;
            }
            let client = Component::new(id.clone(), Kind::Client).with_label("Users (internet)");
            edits.push(Edit::AddComponent { component: client, index: None });
            id
        });
        for (ri, targets) in route_targets {
            let r = &objects.routes[ri];
            if targets.is_empty() {
                continue;
            }
            let mut id = ComponentId::slug(&format!("{}-ingress", r.name));
            let mut n = 2;
            while !taken.insert(id.to_string()) {
                id = ComponentId::slug(&format!("{}-ingress-{n}", r.name));
                n += 1;
            }
            let mut lb = Component::new(id.clone(), Kind::LoadBalancer).with_label(format!("{} (ingress)", r.name));
            lb.public = Some(true);
            // The cluster's ingress controller serves the route; the
            // platform runs it (replicas, failover), not these manifests,
            // so its one box is no single point of failure of theirs.
            lb.managed = Some(true);
            lb.notes = Some("served by the cluster's ingress controller, which the platform runs".to_string());
            if self.zoned {
                lb.zone = Some(r.namespace.clone());
            }
            edits.push(Edit::AddComponent { component: lb, index: None });
            if let Some(users) = &users {
                let mut link = Link::new(users.clone(), id.clone());
                link.protocol = Some(if r.tls { "https" } else { "http" }.to_string());
                link.tls = Some(r.tls);
                edits.push(Edit::Connect { link, index: None });
            }
            let mut seen = HashSet::new();
            for t in targets {
                if seen.insert(t) {
                    // The ingress controller ends the users' TLS and calls
                    // the Service's port, plain HTTP unless the cluster
                    // says otherwise (that is `unstated: tls`).
                    let mut link = Link::new(id.clone(), self.ids[t].clone());
                    link.protocol = Some("http".to_string());
                    edits.push(Edit::Connect { link, index: None });
                }
            }
        }

        if !objects.skipped.is_empty() {
            let list: Vec<String> = objects.skipped.iter().map(|(k, n)| format!("{n} {k}")).collect();
            self.warnings.push(format!("skipped what a design does not draw: {}", list.join(", ")));
        }
        let mut design = Design::new(name);
        // Manifests say nothing of application-level auth, rate limits,
        // service-to-service TLS, capacity, SLOs or which way links read
        // and write: the critic says so once instead of crying wolf.
        design.set_unstated(Unstated::ALL.to_vec());
        let mut warnings = self.warnings;
        if let Err(e) = design.apply(Edit::Batch { label: "import kubernetes".into(), edits }) {
            // Ids are made unique above, so this is a bug, not bad input: say so, keep going empty.
            warnings.push(format!("the manifests did not make a valid design ({e}); please report this"));
        }
        if design.link_count() == 0 && design.component_count() > 1 {
            // A frontend that finds its backends by names compiled into its
            // code (the guestbook) names none here: say why the board has no
            // lines rather than let "no links" read as the system's truth.
            warnings.push(
                "no links found: links are read from addresses in containers' env and args (host:port, URLs, \
                 *_ADDR/*_HOST/*_URL) and from Ingress routes, and these name none; draw the links in the \
                 workshop (`c`) or add them under `links:`"
                    .to_string(),
            );
        }
        Imported { design, warnings }
    }
}

/// A name under the cluster's own DNS suffix that matched nothing: a
/// Service from another input, not a third party.
fn is_cluster_local(host: &str) -> bool {
    host.ends_with(".cluster.local") || host.ends_with(".svc")
}
