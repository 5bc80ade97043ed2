//! The compose importer and the critic on files modelled on real public
//! compose files (docker/awesome-compose, the voting app): what must be said
//! (every published data store an error, public consoles, a proxy bypassed)
//! and what must not (no error on a file without a real problem: VPN, DNS,
//! game servers and apps with their own login pass `--fail-on error`).

use std::process::Command;

use archcrit_core::critic::{Report, Severity, critique};
use archcrit_core::exchange::compose;
use archcrit_core::model::{Design, Kind, Unstated};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/compose/{name}.yml", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn import(name: &str) -> Design {
    compose::import(&fixture(name), name, name).unwrap_or_else(|e| panic!("{name}: {e}")).design
}

/// `rule [subject]` of the findings at warning or above.
fn loud(r: &Report) -> Vec<String> {
    r.findings
        .iter()
        .filter(|f| f.severity.at_least(Severity::Warning))
        .map(|f| format!("{} {} [{}]", f.rule, f.severity, f.subject().map(|c| c.as_str()).unwrap_or("")))
        .collect()
}

const ALL: &[&str] = &[
    "angular",
    "azure-sql-edge",
    "celery-redis",
    "django-redis-cache",
    "elasticsearch-logstash-kibana",
    "flask-redis",
    "flask-rq",
    "gitea-postgres",
    "host-network",
    "loopback-dev",
    "minecraft",
    "nextcloud-redis-mariadb",
    "nginx-flask-mysql",
    "nginx-golang-postgres",
    "nginx-nodejs-redis",
    "pihole",
    "portainer",
    "postgresql-pgadmin",
    "prometheus-grafana",
    "rabbitmq-workers",
    "react-express-mongodb",
    "react-java-mysql",
    "sparkjava-mysql",
    "traefik-internal",
    "voting-app",
    "wireguard",
    "wordpress-mysql",
];

/// What a senior engineer says about each file at warning or above; every
/// other file must have nothing that loud.
const EXPECTED: &[(&str, &[&str])] = &[
    (
        "elasticsearch-logstash-kibana",
        &["exposed-data-store error [elasticsearch]", "public-admin-console warning [kibana]"],
    ),
    ("flask-redis", &["exposed-data-store error [redis]"]),
    ("nginx-flask-mysql", &["proxy-bypass warning [backend]"]),
    ("portainer", &["public-admin-console warning [portainer]"]),
    ("postgresql-pgadmin", &["exposed-data-store error [postgres]", "public-admin-console warning [pgadmin]"]),
    ("prometheus-grafana", &["public-admin-console warning [grafana]", "public-admin-console warning [prometheus]"]),
];

#[test]
fn every_fixture_gets_what_a_senior_would_say_and_nothing_louder() {
    for name in ALL {
        let found = loud(&critique(&import(name)));
        let expected: Vec<String> = EXPECTED
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, e)| e.iter().map(|s| s.to_string()).collect())
            .unwrap_or_default();
        assert_eq!(found, expected, "{name}");
    }
}

#[test]
fn kinds_come_from_the_catalogue() {
    let kind = |file: &str, id: &str| import(file).component(id).unwrap_or_else(|| panic!("{file}: {id}")).kind;
    assert_eq!(kind("azure-sql-edge", "db"), Kind::Database, "mcr.microsoft.com/azure-sql-edge");
    assert_eq!(kind("loopback-dev", "db"), Kind::Database, "bitnami/postgresql");
    assert_eq!(kind("elasticsearch-logstash-kibana", "elasticsearch"), Kind::Search);
    assert_eq!(kind("elasticsearch-logstash-kibana", "kibana"), Kind::Monitoring);
    assert_eq!(kind("host-network", "mosquitto"), Kind::Queue);
    assert_eq!(kind("nginx-flask-mysql", "proxy"), Kind::LoadBalancer, "built from ./proxy: the name says it");
    assert_eq!(kind("voting-app", "worker"), Kind::Worker);
    assert_eq!(kind("wordpress-mysql", "db"), Kind::Database, "mariadb");
}

#[test]
fn published_means_beyond_loopback_and_host_network_is_public() {
    let d = import("loopback-dev");
    for id in ["api", "db", "cache", "adminer"] {
        assert_eq!(d.component(id).unwrap().public, None, "{id} is bound to a loopback address");
    }
    assert_eq!(import("host-network").component("homeassistant").unwrap().public, Some(true));
    assert_eq!(import("host-network").component("mosquitto").unwrap().public, None, "expose alone");
    assert_eq!(import("wordpress-mysql").component("db").unwrap().public, None, "expose alone");
    assert_eq!(import("pihole").component("pihole").unwrap().public, Some(true));
}

#[test]
fn links_from_depends_on_links_and_environment_host_names() {
    let linked =
        |file: &str, from: &str, to: &str| import(file).links().any(|l| l.from.as_str() == from && l.to.as_str() == to);
    assert!(linked("wordpress-mysql", "wordpress", "db"), "WORDPRESS_DB_HOST=db, list form");
    assert!(linked("gitea-postgres", "gitea", "db"), "DB_HOST=db:5432");
    assert!(linked("nextcloud-redis-mariadb", "nc", "redis"), "REDIS_HOST=redis");
    assert!(linked("loopback-dev", "api", "db"), "a URL in map form");
    assert!(linked("loopback-dev", "api", "cache"), "redis:// URL");
    assert!(linked("rabbitmq-workers", "dispatch", "rabbitmq"), "AMQP_HOST");
    assert!(linked("nginx-flask-mysql", "proxy", "backend"), "depends_on list");
    assert!(linked("voting-app", "worker", "db"), "depends_on map");
    assert!(!linked("wordpress-mysql", "db", "wordpress"), "MYSQL_DATABASE=wordpress is a name, not a host");
    let text = "services:\n  web:\n    image: nginx\n    environment:\n      FLASK_SERVER_ADDR: flask-app:8000\n  flask-app:\n    build: app\n";
    let d = compose::import(text, "t.yml", "t").unwrap().design;
    assert!(d.links().any(|l| l.from.as_str() == "web" && l.to.as_str() == "flask-app"));
}

#[test]
fn ports_healthchecks_and_restart_are_kept_in_notes_and_unstated_is_recorded() {
    let d = import("nginx-flask-mysql");
    let db = d.component("db").unwrap().notes.clone().unwrap_or_default();
    assert!(db.contains("expose: 3306, 33060"), "{db}");
    assert!(db.contains("healthcheck: mysqladmin ping"), "{db}");
    assert!(db.contains("restart: always"), "{db}");
    let backend = d.component("backend").unwrap().notes.clone().unwrap_or_default();
    assert!(backend.contains("ports: 8000:8000"), "{backend}");
    assert_eq!(d.unstated(), Unstated::ALL);
    let cache = import("loopback-dev").component("cache").unwrap().notes.clone().unwrap_or_default();
    assert!(cache.contains("ports: 127.0.0.1:6379:6379"), "{cache}");
}

#[test]
fn the_queue_direction_compose_cannot_state_is_no_warning() {
    let r = critique(&import("rabbitmq-workers"));
    assert!(loud(&r).is_empty(), "{:?}", loud(&r));
    assert!(r.findings.iter().any(|f| f.rule == "unconsumed-queue" && f.severity == Severity::Info));
}

#[test]
fn thousands_of_services_import_in_linear_time() {
    let mut text = String::from("services:\n");
    // 9,000 components: just under the importers' 10,000-component bound.
    for i in 0..4_500 {
        text.push_str(&format!(
            "  svc{i}:\n    image: acme/svc:1\n    environment:\n      DB_HOST: db{i}\n    depends_on: [db{i}]\n  db{i}:\n    image: postgres:16\n"
        ));
    }
    let start = std::time::Instant::now();
    let d = compose::import(&text, "big.yml", "big").unwrap().design;
    // Debug build on a shared machine: generous; tests/security_bounds.rs
    // checks the growth rate itself.
    assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
    assert_eq!(d.component_count(), 9_000);
}

#[test]
fn the_binary_gates_only_on_real_exposure() {
    let dir = std::env::temp_dir().join(format!("archcrit-compose-real-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let exe = env!("CARGO_BIN_EXE_archcrit");
    for (name, gate_fails) in [("wireguard", false), ("wordpress-mysql", false), ("postgresql-pgadmin", true)] {
        let out = dir.join(format!("{name}.yaml"));
        let src = format!("{}/tests/fixtures/compose/{name}.yml", env!("CARGO_MANIFEST_DIR"));
        let st = Command::new(exe).args(["import", &src, "-o"]).arg(&out).arg("--force").status().unwrap();
        assert!(st.success(), "{name}");
        let o = Command::new(exe).arg("critique").arg(&out).output().unwrap();
        assert_eq!(
            o.status.code(),
            Some(if gate_fails { 1 } else { 0 }),
            "{name}: {}",
            String::from_utf8_lossy(&o.stdout)
        );
        let text = String::from_utf8_lossy(&o.stdout);
        assert!(text.contains("capacity not checked: no peak_rps or client rps"), "{text}");
    }
    let o = Command::new(exe).args(["tech", "mcr.microsoft.com/azure-sql-edge"]).output().unwrap();
    assert!(o.status.success());
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.starts_with("Microsoft SQL Server\n") && text.contains("kind:          database"), "{text}");
    let o = Command::new(exe).args(["tech", "no-such-thing-at-all"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let o = Command::new(exe).arg("tech").output().unwrap();
    assert!(String::from_utf8_lossy(&o.stdout).lines().count() >= 80);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The infos of `rule`, by message.
fn infos(r: &Report, rule: &str) -> Vec<String> {
    r.findings.iter().filter(|f| f.rule == rule && f.severity == Severity::Info).map(|f| f.message.clone()).collect()
}

#[test]
fn a_published_proxy_is_the_public_edge_of_the_apps_behind_it() {
    // nginx is the only published service: what it forwards to is reached
    // from outside, and compose cannot say whether anything checks auth or
    // limits the rate there, so one info per rule names the edge.
    for (file, proxy, apps) in
        [("nginx-golang-postgres", "proxy", &["backend"][..]), ("nginx-nodejs-redis", "nginx", &["web1", "web2"][..])]
    {
        let d = import(file);
        assert_eq!(d.component(proxy).unwrap().public, Some(true), "{file}");
        let r = critique(&d);
        assert!(loud(&r).is_empty(), "{file}: {:?}", loud(&r));
        let auth = infos(&r, "missing-auth");
        assert_eq!(auth.len(), 1, "{file}: {auth:?}");
        let rate = infos(&r, "no-rate-limit");
        assert_eq!(rate.len(), 1, "{file}: {rate:?}");
        for app in apps {
            let edge = format!("{proxy} is the public edge; nothing shows auth in front of {app}.");
            assert!(auth[0].contains(&edge), "{file}: {}", auth[0]);
            let edge = format!("{proxy} is the public edge; nothing shows rate limiting in front of {app}.");
            assert!(rate[0].contains(&edge), "{file}: {}", rate[0]);
        }
        // The proxy itself and the stores behind the apps are no entry.
        let f = r.findings.iter().find(|f| f.rule == "missing-auth").unwrap();
        let subjects: Vec<&str> = f.components.iter().map(|c| c.as_str()).collect();
        assert_eq!(subjects, apps, "{file}");
    }
}

#[test]
fn stating_auth_brings_the_rule_back_to_full_strength_behind_the_edge() {
    let mut d = import("nginx-golang-postgres");
    let keep: Vec<Unstated> = d.unstated().iter().copied().filter(|u| *u != Unstated::Auth).collect();
    d.set_unstated(keep);
    let r = critique(&d);
    let auth: Vec<_> = r.findings.iter().filter(|f| f.rule == "missing-auth").collect();
    assert_eq!(auth.len(), 1, "{:?}", loud(&r));
    assert_eq!(auth[0].severity, Severity::Error);
    assert_eq!(auth[0].subject().unwrap().as_str(), "backend");
    assert!(auth[0].message.contains("proxy reaches it with no credentials"), "{}", auth[0].message);
    // A rate limit on the proxy covers the path: no-rate-limit stays an
    // info about what compose could not state, and names no edge.
    let mut d = import("nginx-golang-postgres");
    let field = archcrit_core::model::ComponentField::RateLimit;
    let value = Some(field.field_type().parse("100").unwrap());
    let id = archcrit_core::model::ComponentId::new("proxy").unwrap();
    d.apply(archcrit_core::model::Edit::SetComponent { id, field, value }).unwrap();
    let r = critique(&d);
    assert!(infos(&r, "no-rate-limit").is_empty(), "{:?}", infos(&r, "no-rate-limit"));
}
