//! Kubernetes import through the real binary and the core: fixtures in
//! tests/fixtures/k8s are modelled on real manifests (a microservice shop
//! with `*_ADDR` settings and a LoadBalancer front; a StatefulSet database
//! behind a headless Service, an autoscaler, an Ingress with TLS, a CronJob;
//! two namespaces with a default-deny NetworkPolicy; the guestbook tutorial,
//! whose frontend names its Redis only in its code).

use std::process::Command;

use archcrit_core::exchange::k8s::{self, Source};
use archcrit_core::model::{Design, Kind};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/k8s/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn import(files: &[&str]) -> (Design, Vec<String>) {
    let texts: Vec<(String, String)> = files.iter().map(|f| (f.to_string(), fixture(f))).collect();
    let sources: Vec<Source> = texts.iter().map(|(o, t)| Source { origin: o, text: t }).collect();
    let imported = k8s::import(&sources, "test").unwrap();
    (imported.design, imported.warnings)
}

fn linked(design: &Design, from: &str, to: &str) -> Option<String> {
    design
        .links()
        .find(|l| l.from.as_str() == from && l.to.as_str() == to)
        .map(|l| l.protocol.clone().unwrap_or_default())
}

#[test]
fn a_microservice_shop_becomes_its_call_graph() {
    let (design, warnings) = import(&["shop.yaml"]);
    assert_eq!(design.component_count(), 12, "11 Deployments and redis");
    assert_eq!(design.component("redis-cart").unwrap().kind, Kind::Cache);
    assert_eq!(design.component("frontend").unwrap().kind, Kind::Service);
    // The load generator stands in for users: a client, so it starts no
    // chain of services and is not counted as one.
    assert_eq!(design.component("loadgenerator").unwrap().kind, Kind::Client);
    // Links from *_ADDR settings, with the protocol from the Service's port name.
    assert_eq!(linked(&design, "frontend", "checkoutservice").as_deref(), Some("grpc"));
    assert_eq!(linked(&design, "checkoutservice", "paymentservice").as_deref(), Some("grpc"));
    assert_eq!(linked(&design, "loadgenerator", "frontend").as_deref(), Some("http"));
    // `tcp-redis`: the transport, then what it speaks.
    assert_eq!(linked(&design, "cartservice", "redis-cart").as_deref(), Some("redis"));
    assert_eq!(design.link_count(), 7 + 6 + 1 + 1 + 1);
    // The LoadBalancer Service makes the frontend public, and only it.
    let public: Vec<&str> = design.components().filter(|c| c.public == Some(true)).map(|c| c.id.as_str()).collect();
    assert_eq!(public, ["frontend"]);
    assert!(warnings.iter().any(|w| w.contains("1 ServiceAccount")), "{warnings:?}");
    // Resource requests are kept for the reader.
    assert!(design.component("emailservice").unwrap().notes.as_deref().unwrap().contains("cpu 100m"));
}

#[test]
fn statefulsets_autoscalers_ingresses_and_external_hosts() {
    let (design, warnings) = import(&["stateful.yaml"]);
    // A password inside a connection string in env is named, never shown.
    let secret: Vec<&String> = warnings.iter().filter(|w| w.contains("in plain text")).collect();
    assert_eq!(secret.len(), 1, "{warnings:?}");
    assert!(secret[0].contains("`web` writes DATABASE_URL (a password in its URL)"), "{}", secret[0]);
    assert!(secret[0].contains("secretKeyRef") && !secret[0].contains("postgres://"), "{}", secret[0]);
    let db = design.component("orders-db").unwrap();
    assert_eq!(db.kind, Kind::Database, "a StatefulSet of an unknown image is a data store candidate");
    assert_eq!(db.replicas, Some(3));
    assert!(db.notes.as_deref().unwrap().contains("data store"));
    // The autoscaler's maximum is the capacity that matters; the minimum is noted.
    let web = design.component("web").unwrap();
    assert_eq!(web.replicas, Some(10));
    assert!(web.notes.as_deref().unwrap().contains("autoscaled 2..10"));
    // Reached through the Ingress, not published itself: no proxy-bypass.
    assert_eq!(web.public, None, "an Ingress backend is reached through its load balancer");
    // The pod DNS name `orders-db-0.orders-db` is not a Service: the URL's own
    // scheme still says sql, and the headless Service resolves by name.
    assert_eq!(design.component("nightly-report").unwrap().kind, Kind::Worker);
    assert_eq!(linked(&design, "nightly-report", "orders-db").as_deref(), Some("sql"));
    // An address that points at nothing in the input is an external, named after its host.
    let external = design.components().find(|c| c.kind == Kind::External).unwrap();
    assert_eq!(external.display_label(), "api.payments.example.com");
    assert_eq!(linked(&design, "web", external.id.as_str()).as_deref(), Some("https"));
    // The Ingress is a load balancer in front of its backend, with TLS.
    let lb = design.components().find(|c| c.kind == Kind::LoadBalancer).unwrap();
    // It ends the users' TLS and calls the backend's port: http, TLS on
    // that hop unstated.
    let link = design.links().find(|l| l.from == lb.id && l.to.as_str() == "web").unwrap();
    assert_eq!((link.protocol.as_deref(), link.tls), (Some("http"), None));
    // The internet's users come in through it over TLS.
    let users = design.components().find(|c| c.kind == Kind::Client).unwrap();
    let entry = design.links().find(|l| l.from == users.id).unwrap();
    assert_eq!((entry.to.as_str(), entry.protocol.as_deref(), entry.tls), (lb.id.as_str(), Some("https"), Some(true)));
    let report = archcrit_core::critic::critique(&design);
    assert!(!report.findings.iter().any(|f| f.rule == "proxy-bypass"), "{:?}", report.findings);
    // The cluster's ingress controller runs it: the platform's replicas,
    // not a single point of failure of these manifests.
    assert_eq!(lb.managed, Some(true));
    assert!(!report.findings.iter().any(|f| f.rule == "single-point-of-failure" && f.subject() == Some(&lb.id)));
}

#[test]
fn namespaces_become_zones_and_default_deny_is_a_trust_boundary() {
    let (design, warnings) = import(&["multi-ns/api.yaml", "multi-ns/data.yaml"]);
    assert_eq!(design.zones().len(), 2);
    assert_eq!(design.zones()["data"].trust.as_deref(), Some("trusted"));
    assert_eq!(design.zones()["apps"].trust, None);
    assert_eq!(design.component("cache").unwrap().zone.as_deref(), Some("data"));
    assert_eq!(design.component("cache").unwrap().kind, Kind::Cache);
    assert_eq!(design.component("kafka").unwrap().kind, Kind::Stream);
    assert_eq!(linked(&design, "api", "cache").as_deref(), Some("redis"));
    assert_eq!(linked(&design, "api", "kafka").as_deref(), Some("kafka"));
    assert_eq!(design.component("api").unwrap().public, Some(true), "a NodePort Service is reachable from outside");
    assert!(warnings.iter().any(|w| w.contains("1 ConfigMap")));
}

#[test]
fn malformed_manifests_name_their_file_and_line() {
    let text = "apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: [unclosed\n";
    let err = k8s::import(&[Source { origin: "bad.yaml", text }], "x").unwrap_err();
    assert_eq!(err.origin, "bad.yaml");
    assert!((8..=9).contains(&err.line), "the error is in the second document: {err}");
    let none =
        k8s::import(&[Source { origin: "cm.yaml", text: "apiVersion: v1\nkind: ConfigMap\n" }], "x").unwrap_err();
    assert!(none.to_string().contains("no workloads"), "{none}");
}

#[test]
fn the_binary_imports_a_directory_and_detects_manifests() {
    let bin = env!("CARGO_BIN_EXE_archcrit");
    let dir = format!("{}/tests/fixtures/k8s/multi-ns", env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(bin).args(["import", &dir]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let yaml = String::from_utf8(out.stdout).unwrap();
    let design = archcrit_core::file::load_str(&yaml, "imported.yaml").unwrap();
    assert_eq!(design.component_count(), 3);
    // One manifest file is recognised by its apiVersion/kind, no --from needed.
    let file = format!("{}/tests/fixtures/k8s/shop.yaml", env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(bin).args(["import", &file]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("redis-cart"));
    // And the result is a design the critic reads.
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("shop.yaml");
    let out = Command::new(bin).args(["import", &file, "-o", path.to_str().unwrap()]).output().unwrap();
    assert!(out.status.success());
    let out = Command::new(bin).args(["critique", path.to_str().unwrap(), "--fail-on", "never"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn the_guestbook_is_three_tiers_and_says_why_it_has_no_links() {
    let (design, warnings) = import(&["guestbook.yaml"]);
    let kind = |id: &str| design.component(id).map(|c| c.kind);
    assert_eq!(kind("frontend"), Some(Kind::Service));
    assert_eq!(kind("redis-leader"), Some(Kind::Cache));
    assert_eq!(kind("redis-follower"), Some(Kind::Cache), "the follower image is named after redis");
    let replicas = |id: &str| design.component(id).and_then(|c| c.replicas);
    assert_eq!((replicas("frontend"), replicas("redis-follower")), (Some(3), Some(2)));
    assert!(design.component("frontend").is_some_and(|c| c.public == Some(true)), "a LoadBalancer Service");
    assert_eq!(design.link_count(), 0);
    assert!(warnings.iter().any(|w| w.starts_with("no links found") && w.contains("*_ADDR")), "{warnings:?}");

    let (shop, warnings) = import(&["shop.yaml"]);
    assert!(shop.link_count() > 0);
    assert!(!warnings.iter().any(|w| w.starts_with("no links found")), "{warnings:?}");
}
