//! Compose import read as a senior reads a file (#13): Redis used as a job
//! queue is a queue, plaintext passwords are said, and networks the public
//! side cannot reach are zones. Fixtures modelled on real files.

use archcrit_core::critic::{Severity, critique};
use archcrit_core::exchange::Imported;
use archcrit_core::exchange::compose;
use archcrit_core::model::{Access, Design, Kind, Link, Mode};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/compose/{name}.yml", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn imported(name: &str) -> Imported {
    compose::import(&fixture(name), &format!("{name}.yml"), name).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn import(name: &str) -> Design {
    imported(name).design
}

fn link<'d>(d: &'d Design, from: &str, to: &str) -> &'d Link {
    d.links().find(|l| l.from.as_str() == from && l.to.as_str() == to).unwrap_or_else(|| panic!("no {from} -> {to}"))
}

fn loud(d: &Design) -> Vec<String> {
    critique(d)
        .findings
        .iter()
        .filter(|f| f.severity.at_least(Severity::Warning))
        .map(|f| format!("{} [{}]", f.rule, f.subject().map(|c| c.as_str()).unwrap_or("")))
        .collect()
}

/// Flask + RQ: nothing names a broker, but rq-dashboard (`rq-dashboard -H
/// redis`) shows what the Redis is for. The worker pulls, the app enqueues.
#[test]
fn a_flask_rq_redis_is_a_queue() {
    let d = import("flask-rq");
    let redis = d.component("redis").unwrap();
    assert_eq!(redis.kind, Kind::Queue);
    assert_eq!(redis.tech.as_deref(), Some("redis:6.2-alpine"), "the tech stays redis");
    // `build: .` tagged `image: web` is the team's own code, not a technology.
    for own in ["web", "worker", "dashboard"] {
        assert_eq!(d.component(own).unwrap().tech, None, "{own}");
    }
    assert!(redis.notes.as_deref().unwrap_or("").contains("a job queue: dashboard runs rq"), "{:?}", redis.notes);
    let enqueue = link(&d, "web", "redis");
    assert_eq!((enqueue.mode, enqueue.access, enqueue.protocol.as_deref()), (Some(Mode::Async), None, Some("redis")));
    let pull = link(&d, "worker", "redis");
    assert_eq!((pull.mode, pull.access), (Some(Mode::Async), Some(Access::Read)));
    // The dashboard reads the queue's state when asked: no async hop.
    assert_eq!(link(&d, "dashboard", "redis").mode, None);
    // A queue with a consumer: nothing louder than an info.
    assert!(loud(&d).is_empty(), "{:?}", loud(&d));
    let r = critique(&d);
    assert!(!r.findings.iter().any(|f| f.rule == "unconsumed-queue"), "the worker consumes it");
}

/// Celery with a Redis broker: `CELERY_BROKER_URL=redis://redis:6379/0`.
#[test]
fn a_celery_redis_broker_is_a_queue() {
    let d = import("celery-redis");
    let redis = d.component("redis").unwrap();
    assert_eq!(redis.kind, Kind::Queue);
    assert!(redis.notes.as_deref().unwrap_or("").contains("CELERY_BROKER_URL in web names it"), "{:?}", redis.notes);
    assert_eq!(link(&d, "worker", "redis").access, Some(Access::Read), "`celery ... worker` consumes");
    assert_eq!(link(&d, "web", "redis").mode, Some(Mode::Async));
    assert_eq!(link(&d, "dashboard", "redis").mode, None, "flower watches");
    // `depends_on: [web]` on the worker and flower orders start-up; they
    // talk through the broker, not to the web app.
    for (from, to) in [("worker", "web"), ("dashboard", "web"), ("dashboard", "worker")] {
        assert!(!d.links().any(|l| l.from.as_str() == from && l.to.as_str() == to), "{from} -> {to}");
    }
    assert!(loud(&d).is_empty(), "{:?}", loud(&d));
}

/// Redis as cache, session store and Celery result backend, with the broker
/// on RabbitMQ: the Redis stays a cache, its links as they were.
#[test]
fn a_redis_cache_and_result_backend_stays_a_cache() {
    let d = import("django-redis-cache");
    assert_eq!(d.component("redis").unwrap().kind, Kind::Cache);
    assert_eq!(d.component("rabbitmq").unwrap().kind, Kind::Queue);
    assert_eq!(link(&d, "worker", "redis").mode, None);
    assert_eq!(link(&d, "web", "redis").access, None);
    // The awesome-compose files: a plain cache, and the voting app whose
    // worker's name alone is no evidence.
    for (file, id) in [("flask-redis", "redis"), ("nextcloud-redis-mariadb", "redis"), ("voting-app", "redis")] {
        assert_eq!(import(file).component(id).unwrap().kind, Kind::Cache, "{file}");
    }
}

/// The evidence a file can hold, one at a time; the name alone never.
#[test]
fn queue_evidence_comes_from_settings_and_commands_not_names() {
    let kind = |text: &str| compose::import(text, "t.yml", "t").unwrap().design.component("jobs").unwrap().kind;
    let base = "services:\n  jobs:\n    image: redis:7\n";
    assert_eq!(kind(&format!("{base}  worker:\n    build: .\n    depends_on: [jobs]\n")), Kind::Cache, "names only");
    let env = |key: &str, value: &str| {
        format!("{base}  app:\n    build: .\n    environment:\n      {key}: {value}\n    depends_on: [jobs]\n")
    };
    assert_eq!(kind(&env("BROKER_URL", "redis://jobs:6379/0")), Kind::Queue);
    assert_eq!(kind(&env("RQ_REDIS_URL", "redis://jobs")), Kind::Queue);
    assert_eq!(kind(&env("QUEUE_HOST", "jobs")), Kind::Queue);
    assert_eq!(kind(&env("REDIS_URL", "redis://jobs")), Kind::Cache);
    assert_eq!(kind(&env("CELERY_RESULT_BACKEND", "redis://jobs")), Kind::Cache);
    let cmd = |command: &str| format!("{base}  app:\n    build: .\n    command: {command}\n    depends_on: [jobs]\n");
    assert_eq!(kind(&cmd("bundle exec sidekiq -C config/sidekiq.yml")), Kind::Queue);
    assert_eq!(kind(&cmd("[\"rq\", \"worker\", \"--url\", \"redis://jobs\"]")), Kind::Queue);
    assert_eq!(kind(&cmd("node server.js")), Kind::Cache);
    // A job library whose broker is elsewhere: the Redis is not its queue.
    let elsewhere = format!(
        "{base}  mq:\n    image: rabbitmq:3\n  app:\n    build: .\n    command: celery -A x worker\n    \
         environment:\n      CELERY_BROKER_URL: amqp://mq\n    depends_on: [jobs, mq]\n"
    );
    assert_eq!(kind(&elsewhere), Kind::Cache);
}

/// Passwords written into `environment:` are an import note (no critic rule
/// covers secrets): the setting is named, its value never; `*_FILE`
/// settings, `${VAR}` and flags are not plaintext.
#[test]
fn plaintext_passwords_are_an_import_note_naming_the_setting_not_the_value() {
    let notes = |name: &str| -> Vec<String> {
        imported(name).warnings.into_iter().filter(|w| w.contains("in plain text")).collect()
    };
    let wp = notes("wordpress-mysql");
    assert_eq!(wp.len(), 2, "{wp:?}");
    assert!(wp[0].starts_with("wordpress-mysql.yml:2: `db` writes MYSQL_ROOT_PASSWORD, MYSQL_PASSWORD in plain text"));
    assert!(wp[0].contains("use `secrets:`") && wp[0].contains("from an untracked .env"), "{}", wp[0]);
    assert!(wp[1].contains("`wordpress` writes WORDPRESS_DB_PASSWORD"), "{}", wp[1]);
    // No value of the file appears in a note (`wordpress` is also a name).
    assert!(fixture("wordpress-mysql").contains("MYSQL_ROOT_PASSWORD=somewordpress"));
    assert!(wp.iter().all(|w| !w.contains("somewordpress")), "{wp:?}");
    // Secrets through files, and ${VAR} from outside: nothing to say.
    assert!(notes("nginx-flask-mysql").is_empty(), "MYSQL_ROOT_PASSWORD_FILE");
    assert!(
        notes("django-redis-cache").iter().all(|w| !w.contains("DATABASE_URL")),
        "postgres://app:${{DB_PASSWORD}}@db"
    );
    let dj = notes("django-redis-cache");
    assert!(dj.iter().any(|w| w.contains("`web` writes CELERY_BROKER_URL (a password in its URL)")), "{dj:?}");
    // The critic adds no rule for it.
    let d = import("wordpress-mysql");
    assert!(critique(&d).findings.iter().all(|f| !f.message.to_lowercase().contains("plain text")));
}

/// Networks the public side is not on are zones: `backend` is internal
/// (trusted), `cache-net` has no published service; the proxy and the app
/// bridging both sides have none. An internal-only service's ports are
/// not published by Docker, so it is not public: the exposure rules see a
/// private database and console, where the same file without `internal:
/// true` publishes both.
#[test]
fn networks_the_public_side_is_not_on_are_zones() {
    let im = imported("traefik-internal");
    let d = &im.design;
    let zone = |id: &str| d.component(id).unwrap().zone.clone();
    assert_eq!(zone("db").as_deref(), Some("backend"));
    assert_eq!(zone("adminer").as_deref(), Some("backend"));
    assert_eq!(zone("cache").as_deref(), Some("cache-net"));
    assert_eq!((zone("app"), zone("traefik")), (None, None), "on the public network too");
    let backend = d.zones().get("backend").unwrap();
    assert_eq!(backend.trust.as_deref(), Some("trusted"));
    assert_eq!(backend.label.as_deref(), Some("network backend (internal: no traffic in or out)"));
    assert_eq!(d.zones().get("cache-net").unwrap().trust, None);
    assert!(!d.zones().contains_key("web"), "the proxy's network is no zone");
    assert_eq!(d.component("traefik").unwrap().public, Some(true));
    // Traefik's route to the app is in the app's labels.
    assert_eq!(link(d, "traefik", "app").protocol.as_deref(), Some("http"));
    assert_eq!(d.outgoing("traefik").len(), 1, "only the labelled service is routed");
    assert_eq!(d.component("db").unwrap().public, None, "ports on an internal-only network");
    let cut: Vec<&String> = im.warnings.iter().filter(|w| w.contains("Docker publishes no port")).collect();
    assert_eq!(cut.len(), 2, "{:?}", im.warnings);
    assert!(
        cut[0].starts_with("traefik-internal.yml:31: `db` publishes ports but its only network `backend` is internal")
    );
    assert!(loud(d).is_empty(), "{:?}", loud(d));
    // Without `internal: true` the same ports are published: said loudly.
    let open = fixture("traefik-internal").replace("    internal: true\n", "");
    let d = compose::import(&open, "open.yml", "open").unwrap().design;
    assert_eq!(d.component("db").unwrap().public, Some(true));
    assert_eq!(loud(&d), ["exposed-data-store [db]", "public-admin-console [adminer]"]);
    // The awesome-compose file whose database sits on a network the
    // published frontend is not on.
    let d = import("react-java-mysql");
    assert_eq!(d.component("db").unwrap().zone.as_deref(), Some("spring-mysql"));
    assert_eq!(d.component("backend").unwrap().zone, None);
    // A file that declares no networks has no zones.
    assert!(import("flask-redis").zones().is_empty());
    assert!(import("host-network").zones().is_empty());
}

/// The queue, secret and network readings stay linear: thousands of Redis
/// brokers, workers and networks import in a moment.
#[test]
fn queues_secrets_and_networks_stay_linear() {
    let mut text = String::from("services:\n");
    let mut nets = String::from("networks:\n  web:\n");
    for i in 0..3_000 {
        text.push_str(&format!(
            "  w{i}:\n    build: .\n    command: celery -A app worker\n    environment:\n      \
             CELERY_BROKER_URL: redis://r{i}:6379/0\n      DB_PASSWORD: pw\n    networks: [n{i}]\n  \
             r{i}:\n    image: redis:7\n    networks: [n{i}]\n"
        ));
        nets.push_str(&format!("  n{i}:\n"));
    }
    text.push_str("  proxy:\n    image: nginx\n    ports: ['80:80']\n    networks: [web]\n");
    text.push_str(&nets);
    let start = std::time::Instant::now();
    let im = compose::import(&text, "big.yml", "big").unwrap();
    assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
    let d = &im.design;
    assert_eq!(d.component("r2999").unwrap().kind, Kind::Queue);
    assert_eq!(d.component("r2999").unwrap().zone.as_deref(), Some("n2999"));
    assert_eq!(link(d, "w7", "r7").access, Some(Access::Read));
    assert_eq!(im.warnings.iter().filter(|w| w.contains("in plain text")).count(), 3_000);
}

/// `networks:` in map form (aliases), the implicit `default` network and a
/// `network_mode` service, as compose writes them.
#[test]
fn network_forms_map_default_and_network_mode() {
    let text = "services:\n  \
        web:\n    image: nginx\n    ports: ['443:443']\n  \
        api:\n    build: .\n    networks:\n      default:\n      private:\n        aliases: [api.internal]\n  \
        db:\n    image: postgres:16\n    networks:\n      private:\n        ipv4_address: 10.0.0.5\n  \
        vpn:\n    image: wireguard\n    network_mode: service:web\n\
        networks:\n  private:\n";
    let d = compose::import(text, "t.yml", "t").unwrap().design;
    let zone = |id: &str| d.component(id).unwrap().zone.clone();
    // web (published) is on `default`, so only `private` is private.
    assert_eq!(zone("db").as_deref(), Some("private"));
    assert_eq!(zone("api"), None, "also on the default network the published web is on");
    assert_eq!((zone("web"), zone("vpn")), (None, None));
    assert_eq!(d.zones().keys().collect::<Vec<_>>(), ["private"]);
}

/// A console for data stores names no server (its user types one): the
/// import links it to the stores of its technologies on a network it
/// shares, says so, and the critic neither calls it an orphan nor a second
/// writer coupled to the schema.
#[test]
fn a_database_console_manages_the_stores_it_can_reach() {
    let im = imported("traefik-internal");
    let d = &im.design;
    assert_eq!(link(d, "adminer", "db").protocol.as_deref(), Some("sql"));
    assert!(d.links().filter(|l| l.from.as_str() == "adminer").count() == 1, "not the cache: Adminer manages no Redis");
    assert!(
        im.warnings
            .iter()
            .any(|w| w.contains("`adminer` is a console and this file names no server") && w.contains("linked to db")),
        "{:?}",
        im.warnings
    );
    let rules: Vec<String> = critique(d).findings.iter().map(|f| f.rule.to_string()).collect();
    assert!(!rules.iter().any(|r| r == "orphan-component" || r == "shared-database"), "{rules:?}");

    // The console links only to the stores it manages, only on a network it
    // shares, and a console the file already links keeps its own links.
    let text = "services:\n  \
        pgadmin:\n    image: dpage/pgadmin4\n    networks: [a]\n  \
        pg:\n    image: postgres:16\n    networks: [a]\n  \
        other-pg:\n    image: postgres:16\n    networks: [b]\n  \
        mysql:\n    image: mysql:8\n    networks: [a]\n  \
        phpmyadmin:\n    image: phpmyadmin\n    environment:\n      PMA_HOST: mysql\n    depends_on: [mysql]\n    networks: [a]\n\
        networks:\n  a:\n  b:\n";
    let d = compose::import(text, "t.yml", "t").unwrap().design;
    let targets = |from: &str| -> Vec<String> {
        d.links().filter(|l| l.from.as_str() == from).map(|l| l.to.to_string()).collect()
    };
    assert_eq!(targets("pgadmin"), ["pg"]);
    assert_eq!(targets("phpmyadmin"), ["mysql"]);
}

/// An app people log in to, published on plain HTTP only, is said once,
/// naming the port; a development stack's own app on 8000 is not.
#[test]
fn a_login_app_on_plain_http_is_an_import_note() {
    let im = imported("nextcloud-redis-mariadb");
    let plain: Vec<&String> = im.warnings.iter().filter(|w| w.contains("plain HTTP")).collect();
    assert_eq!(plain.len(), 1, "{:?}", im.warnings);
    assert!(plain[0].contains("`nc` (Nextcloud) is published on `80:80`"), "{}", plain[0]);
    assert!(!imported("flask-redis").warnings.iter().any(|w| w.contains("plain HTTP")));
    let both = fixture("nextcloud-redis-mariadb").replace("      - 80:80\n", "      - 80:80\n      - 443:443\n");
    let im = compose::import(&both, "nc.yml", "nc").unwrap();
    assert!(!im.warnings.iter().any(|w| w.contains("plain HTTP")), "{:?}", im.warnings);
}
