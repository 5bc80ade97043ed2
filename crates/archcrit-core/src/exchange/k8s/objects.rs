//! The Kubernetes objects the importer understands, read out of untyped
//! YAML documents: workloads (with their pod templates), Services,
//! Ingresses and Gateway API routes, HorizontalPodAutoscalers and
//! NetworkPolicies. Everything else is counted and skipped.

use crate::file::yaml::Value;

/// Where an object was read: the file and the line its document starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: String,
    pub line: usize,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// Which workload controller runs the pods; decides the kind when the
/// image does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkloadKind {
    Deployment,
    StatefulSet,
    DaemonSet,
    Job,
    CronJob,
    ReplicaSet,
    Pod,
}

/// One container's settings that carry architecture: its image, the
/// addresses in its environment and arguments, and its resource requests.
#[derive(Debug, Clone, Default)]
pub struct Container {
    pub name: String,
    pub image: String,
    /// `(NAME, value)` for env entries with a literal value; args and
    /// command words come as `("", word)`.
    pub settings: Vec<(String, String)>,
    pub requests: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
pub struct Workload {
    pub kind: WorkloadKind,
    pub name: String,
    pub namespace: String,
    pub replicas: Option<u32>,
    pub labels: Vec<(String, String)>,
    pub containers: Vec<Container>,
    pub host_network: bool,
    /// Where its document starts, for the import's notes.
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub struct ServicePort {
    pub name: String,
    pub port: u32,
}

#[derive(Debug, Clone)]
pub struct Service {
    pub name: String,
    pub namespace: String,
    pub selector: Vec<(String, String)>,
    pub ports: Vec<ServicePort>,
    /// `LoadBalancer` or `NodePort`: reachable from outside the cluster.
    pub external: bool,
}

/// An Ingress or a Gateway API route: public entry to some Services.
#[derive(Debug, Clone)]
pub struct Route {
    pub name: String,
    pub namespace: String,
    pub backends: Vec<String>,
    pub tls: bool,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub struct Autoscaler {
    pub namespace: String,
    pub target: String,
    pub min: Option<u32>,
    pub max: Option<u32>,
}

/// The objects of all inputs, in input order.
#[derive(Debug, Default)]
pub struct Objects {
    pub workloads: Vec<Workload>,
    pub services: Vec<Service>,
    pub routes: Vec<Route>,
    pub autoscalers: Vec<Autoscaler>,
    /// Namespaces with a default-deny ingress policy.
    pub deny_by_default: Vec<String>,
    /// Kinds that were skipped, with how many of each.
    pub skipped: Vec<(String, usize)>,
}

/// Text of a scalar (`80`, `true` and `web` alike).
pub fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn path<'v>(v: &'v Value, keys: &[&str]) -> Option<&'v Value> {
    keys.iter().try_fold(v, |v, k| v.get(*k))
}

fn str_at(v: &Value, keys: &[&str]) -> Option<String> {
    path(v, keys).and_then(text)
}

fn seq(v: Option<&Value>) -> &[Value] {
    match v {
        Some(Value::Sequence(items)) => items,
        _ => &[],
    }
}

fn pairs(v: Option<&Value>) -> Vec<(String, String)> {
    match v {
        Some(Value::Mapping(m)) => {
            m.iter().filter_map(|(k, v)| Some((text(k)?, text(v).unwrap_or_default()))).collect()
        }
        _ => Vec::new(),
    }
}

fn whole(v: Option<&Value>) -> Option<u32> {
    v.and_then(text).and_then(|t| t.parse().ok())
}

impl Objects {
    /// Reads one document (a single object or a `List` of them).
    pub fn read(&mut self, doc: &Value, origin: &Origin) {
        if doc.get("kind").and_then(text).as_deref() == Some("List") || doc.get("items").is_some() {
            for item in seq(doc.get("items")) {
                self.read(item, origin);
            }
            return;
        }
        let kind = doc.get("kind").and_then(text).unwrap_or_default();
        let name = str_at(doc, &["metadata", "name"]).unwrap_or_default();
        let namespace = str_at(doc, &["metadata", "namespace"]).unwrap_or_else(|| "default".into());
        let workload = |k| Some(k);
        let workload_kind = match kind.as_str() {
            "Deployment" | "DeploymentConfig" => workload(WorkloadKind::Deployment),
            "StatefulSet" => workload(WorkloadKind::StatefulSet),
            "DaemonSet" => workload(WorkloadKind::DaemonSet),
            "Job" => workload(WorkloadKind::Job),
            "CronJob" => workload(WorkloadKind::CronJob),
            "ReplicaSet" | "ReplicationController" => workload(WorkloadKind::ReplicaSet),
            "Pod" => workload(WorkloadKind::Pod),
            _ => None,
        };
        if let Some(wk) = workload_kind {
            self.workloads.push(read_workload(doc, wk, name, namespace, origin.clone()));
            return;
        }
        match kind.as_str() {
            "Service" => self.services.push(read_service(doc, name, namespace)),
            "Ingress" => self.routes.push(read_ingress(doc, name, namespace, origin.clone())),
            "HTTPRoute" | "GRPCRoute" | "TLSRoute" | "TCPRoute" => {
                let backends = seq(path(doc, &["spec", "rules"]))
                    .iter()
                    .flat_map(|r| seq(r.get("backendRefs")))
                    .filter_map(|b| b.get("name").and_then(text))
                    .collect();
                let tls = kind == "TLSRoute";
                self.routes.push(Route { name, namespace, backends, tls, origin: origin.clone() });
            }
            "HorizontalPodAutoscaler" => self.autoscalers.push(Autoscaler {
                namespace,
                target: str_at(doc, &["spec", "scaleTargetRef", "name"]).unwrap_or_default(),
                min: whole(path(doc, &["spec", "minReplicas"])),
                max: whole(path(doc, &["spec", "maxReplicas"])),
            }),
            "NetworkPolicy" => {
                if denies_all_ingress(doc) && !self.deny_by_default.contains(&namespace) {
                    self.deny_by_default.push(namespace);
                }
            }
            other => {
                let other = if other.is_empty() { "(no kind)" } else { other };
                match self.skipped.iter_mut().find(|(k, _)| k == other) {
                    Some((_, n)) => *n += 1,
                    None => self.skipped.push((other.to_string(), 1)),
                }
            }
        }
    }
}

/// A policy that selects every pod (`podSelector: {}`) for Ingress and
/// allows nothing in: the namespace is closed unless another policy opens it.
fn denies_all_ingress(doc: &Value) -> bool {
    let spec = doc.get("spec");
    let selects_all = match spec.and_then(|s| s.get("podSelector")) {
        Some(Value::Mapping(m)) => {
            m.is_empty() || m.get("matchLabels").is_some_and(|l| matches!(l, Value::Mapping(x) if x.is_empty()))
        }
        _ => false,
    };
    let types: Vec<String> = seq(spec.and_then(|s| s.get("policyTypes"))).iter().filter_map(text).collect();
    let covers_ingress = types.is_empty() || types.iter().any(|t| t == "Ingress");
    let allows_nothing = seq(spec.and_then(|s| s.get("ingress"))).is_empty();
    selects_all && covers_ingress && allows_nothing
}

fn read_workload(doc: &Value, kind: WorkloadKind, name: String, namespace: String, origin: Origin) -> Workload {
    let pod = match kind {
        WorkloadKind::Pod => doc.get("spec"),
        WorkloadKind::CronJob => path(doc, &["spec", "jobTemplate", "spec", "template", "spec"]),
        _ => path(doc, &["spec", "template", "spec"]),
    };
    let labels = match kind {
        WorkloadKind::Pod => pairs(path(doc, &["metadata", "labels"])),
        WorkloadKind::CronJob => pairs(path(doc, &["spec", "jobTemplate", "spec", "template", "metadata", "labels"])),
        _ => pairs(path(doc, &["spec", "template", "metadata", "labels"])),
    };
    let containers = pod.map(|p| seq(p.get("containers")).iter().map(read_container).collect()).unwrap_or_default();
    let host_network = pod.and_then(|p| p.get("hostNetwork")).is_some_and(|v| matches!(v, Value::Bool(true)));
    let replicas = match kind {
        WorkloadKind::Deployment | WorkloadKind::StatefulSet | WorkloadKind::ReplicaSet => {
            Some(whole(path(doc, &["spec", "replicas"])).unwrap_or(1))
        }
        _ => None,
    };
    Workload { kind, name, namespace, replicas, labels, containers, host_network, origin }
}

fn read_container(c: &Value) -> Container {
    let mut settings: Vec<(String, String)> = seq(c.get("env"))
        .iter()
        .filter_map(|e| Some((e.get("name").and_then(text)?, e.get("value").and_then(text)?)))
        .collect();
    for key in ["command", "args"] {
        for word in seq(c.get(key)).iter().filter_map(text) {
            // `--db=postgres:5432` and `--db postgres:5432` alike.
            match word.split_once('=') {
                Some((flag, value)) if flag.starts_with('-') => settings.push((flag.to_string(), value.to_string())),
                _ => settings.push((String::new(), word)),
            }
        }
    }
    Container {
        name: c.get("name").and_then(text).unwrap_or_default(),
        image: c.get("image").and_then(text).unwrap_or_default(),
        settings,
        requests: pairs(path(c, &["resources", "requests"])),
    }
}

fn read_service(doc: &Value, name: String, namespace: String) -> Service {
    let kind = str_at(doc, &["spec", "type"]).unwrap_or_default();
    let ports = seq(path(doc, &["spec", "ports"]))
        .iter()
        .filter_map(|p| {
            Some(ServicePort { name: p.get("name").and_then(text).unwrap_or_default(), port: whole(p.get("port"))? })
        })
        .collect();
    Service {
        name,
        namespace,
        selector: pairs(path(doc, &["spec", "selector"])),
        ports,
        external: kind == "LoadBalancer" || kind == "NodePort",
    }
}

fn read_ingress(doc: &Value, name: String, namespace: String, origin: Origin) -> Route {
    let spec = doc.get("spec");
    let mut backends: Vec<String> = Vec::new();
    let mut push = |b: Option<&Value>| {
        // networking.k8s.io/v1 (`service.name`) and the older v1beta1 (`serviceName`).
        let name = b.and_then(|b| str_at(b, &["service", "name"]).or_else(|| b.get("serviceName").and_then(text)));
        if let Some(n) = name
            && !backends.contains(&n)
        {
            backends.push(n);
        }
    };
    push(spec.and_then(|s| s.get("defaultBackend").or_else(|| s.get("backend"))));
    for rule in seq(spec.and_then(|s| s.get("rules"))) {
        for p in seq(path(rule, &["http", "paths"])) {
            push(p.get("backend"));
        }
    }
    let tls = !seq(spec.and_then(|s| s.get("tls"))).is_empty();
    Route { name, namespace, backends, tls, origin }
}
