//! The critic against its contract, finding by finding: small adversarial
//! designs written as design files, each asserting the complete list of
//! findings (rule, severity, components, links) so that a rule firing too
//! often, too rarely or naming the wrong things fails. Cases sit at and
//! just past every threshold, and beside look-alikes that must stay silent.

use archcrit_core::critic::{Finding, Report, critique};
use archcrit_core::file::load_str;

fn crit(body: &str) -> Report {
    let text = format!("archcrit: 1\nname: t\n{body}");
    let design = load_str(&text, "t.yaml").unwrap_or_else(|e| panic!("{e}\n{text}"));
    critique(&design)
}

/// `rule severity [components] {links}`, a link as `from>to` or
/// `from>to:protocol`.
fn line(f: &Finding) -> String {
    let components: Vec<&str> = f.components.iter().map(|c| c.as_str()).collect();
    let links: Vec<String> = f
        .links
        .iter()
        .map(|k| match &k.protocol {
            Some(p) => format!("{}>{}:{p}", k.from, k.to),
            None => format!("{}>{}", k.from, k.to),
        })
        .collect();
    format!("{} {} [{}] {{{}}}", f.rule, f.severity, components.join(","), links.join(","))
}

/// Every finding of the design, in report order.
fn all(body: &str) -> Vec<String> {
    crit(body).findings.iter().map(line).collect()
}

// ---- single-point-of-failure ----

const ONE_GATEWAY: &str = "requirements: {availability_slo: SLO}
components:
  web: {kind: client}
  gw: {kind: gateway, auth: oauth2, rate_limit: 100 GW}
  api: {kind: service, replicas: 2}
links:
  - {from: web, to: gw, protocol: https}
  - {from: gw, to: api, protocol: grpc}
";

#[test]
fn spof_severity_turns_on_the_slo_at_three_nines() {
    let at = |slo: &str, gw: &str| all(&ONE_GATEWAY.replace("SLO", slo).replace(" GW", gw));
    assert_eq!(at("99.9", ""), ["single-point-of-failure error [gw] {}"]);
    assert_eq!(at("99.89", ""), ["single-point-of-failure warning [gw] {}"]);
    assert_eq!(at("99.9", ", replicas: 1"), ["single-point-of-failure error [gw] {}"], "replicas: 1 is one replica");
    assert!(at("99.99", ", replicas: 2").is_empty());
    let no_slo = all(&ONE_GATEWAY.replace("requirements: {availability_slo: SLO}\n", "").replace(" GW", ""));
    assert_eq!(no_slo, ["single-point-of-failure warning [gw] {}"], "no SLO: a warning");
}

#[test]
fn spof_exempts_clients_cdn_external_monitoring_but_not_routers_or_identity() {
    let found = all("requirements: {availability_slo: 99.5}
components:
  web: {kind: client}
  cdn: {kind: cdn, rate_limit: 10}
  gw: {kind: gateway, replicas: 2, auth: jwt}
  idp: {kind: identity}
  lb: {kind: load-balancer}
  api: {kind: service, replicas: 2}
  pay: {kind: external}
  mon: {kind: monitoring}
links:
  - {from: web, to: cdn, protocol: https}
  - {from: cdn, to: gw, protocol: https}
  - {from: gw, to: idp, protocol: https}
  - {from: gw, to: lb, protocol: https}
  - {from: lb, to: api, protocol: https}
  - {from: api, to: pay, protocol: https}
  - {from: api, to: mon, protocol: https}
");
    assert_eq!(found, ["single-point-of-failure warning [idp] {}", "single-point-of-failure warning [lb] {}"]);
}

#[test]
fn spof_off_the_request_path_only_for_stateful_data_stores() {
    let found = all("components:
  api: {kind: service, replicas: 2}
  q: {kind: queue}
  w: {kind: worker}
  db: {kind: database, stateful: false}
  cache: {kind: cache}
  sessions: {kind: service, stateful: true}
links:
  - {from: api, to: q, protocol: kafka}
  - {from: q, to: w, protocol: kafka}
  - {from: w, to: db, protocol: sql}
  - {from: w, to: cache, protocol: redis}
  - {from: w, to: sessions, protocol: grpc}
");
    assert_eq!(
        found,
        [
            "single-point-of-failure warning [cache] {}",
            "single-point-of-failure warning [q] {}",
            "no-observability info [] {}",
            "queue-without-dlq info [q] {}",
        ]
    );
}

#[test]
fn spof_on_the_path_even_when_stateless_and_not_behind_async_links() {
    // The stateless cache is on web's synchronous call tree; the worker
    // behind the queue is not.
    let found = all("components:
  web: {kind: client}
  gw: {kind: gateway, replicas: 2, auth: oauth2, rate_limit: 10}
  api: {kind: service, replicas: 2}
  scratch: {kind: cache, stateful: false}
  q: {kind: queue, replicas: 2, dlq: true}
  w: {kind: worker}
links:
  - {from: web, to: gw, protocol: https}
  - {from: gw, to: api, protocol: grpc}
  - {from: api, to: scratch, protocol: redis}
  - {from: api, to: q, protocol: amqp}
  - {from: q, to: w, protocol: amqp}
");
    assert_eq!(found, ["single-point-of-failure warning [scratch] {}"]);
}

// ---- overloaded / backlog-growth ----

const GATEWAY_TO_API: &str = "requirements: {peak_rps: 1000}
components:
  web: {kind: client}
  gw: {kind: gateway, replicas: 2, auth: oauth2, rate_limit: 50}
  api: {kind: service, replicas: 2, capacity_rps: CAP}
links:
  - {from: web, to: gw, protocol: https}
  - {from: gw, to: api, protocol: grpc}
";

#[test]
fn overloaded_thresholds_are_inclusive() {
    let at = |cap: &str| all(&GATEWAY_TO_API.replace("CAP", cap));
    assert_eq!(at("499"), ["overloaded error [api] {}"]);
    assert_eq!(at("500"), ["overloaded error [api] {}"], "exactly 100%");
    assert_eq!(at("501"), ["overloaded warning [api] {}"]);
    assert_eq!(at("625"), ["overloaded warning [api] {}"], "exactly 80%");
    assert!(at("626").is_empty(), "79.9%");
}

#[test]
fn load_enters_from_client_rps_alone_and_not_at_all_without_it() {
    let with_rps = GATEWAY_TO_API.replace("requirements: {peak_rps: 1000}\n", "").replace("CAP", "500");
    assert!(all(&with_rps).is_empty(), "no peak_rps and no client rps: no load");
    assert_eq!(all(&with_rps.replace("{kind: client}", "{kind: client, rps: 800}")), ["overloaded warning [api] {}"]);
}

#[test]
fn clients_without_rps_share_what_is_left_of_the_peak() {
    let r = crit(
        "requirements: {peak_rps: 1000}
components:
  web: {kind: client, rps: 700}
  app: {kind: client}
  ios: {kind: client}
  big: {kind: client, rps: 0}
  api: {kind: service, replicas: 2, capacity_rps: 10000, auth: jwt, rate_limit: 1}
links:
  - {from: web, to: api, protocol: https}
  - {from: app, to: api, protocol: https}
  - {from: ios, to: api, protocol: https, calls: 2}
  - {from: big, to: api, protocol: https}
",
    );
    let load = |id: &str| r.metrics.requests[id].load_rps;
    assert_eq!((load("web"), load("app"), load("ios"), load("big")), (700.0, 150.0, 150.0, 0.0));
    assert_eq!(r.metrics.components["api"].load_rps, 1150.0, "700 + 150 + 2 x 150");
    let r = crit(
        "requirements: {peak_rps: 1000}
components:
  web: {kind: client, rps: 1500}
  app: {kind: client}
  api: {kind: service, replicas: 2, auth: jwt, rate_limit: 1}
links:
  - {from: web, to: api, protocol: https}
  - {from: app, to: api, protocol: https}
",
    );
    assert_eq!(r.metrics.requests["app"].load_rps, 0.0, "never below zero");
}

const BEHIND_A_QUEUE: &str = "requirements: {peak_rps: 1000}
components:
  web: {kind: client}
  gw: {kind: gateway, replicas: 2, auth: oauth2, rate_limit: 50}
  api: {kind: service, replicas: 4}
  q: {kind: queue, replicas: 2, capacity_rps: QCAP, dlq: true}
  w: {kind: worker, replicas: 2, capacity_rps: WCAP}
links:
  - {from: web, to: gw, protocol: https}
  - {from: gw, to: api, protocol: grpc}
  - {from: api, to: q, protocol: kafka}
  - {from: q, to: w, protocol: kafka}
";

#[test]
fn queues_are_overloaded_and_their_async_consumers_grow_a_backlog() {
    let at = |q: &str, w: &str| all(&BEHIND_A_QUEUE.replace("QCAP", q).replace("WCAP", w));
    assert_eq!(at("500", "500"), ["overloaded error [q] {}", "backlog-growth warning [w] {}"]);
    assert_eq!(at("625", "556"), ["overloaded warning [q] {}"], "a consumer at 90% is not judged by overloaded");
    assert!(at("626", "501").is_empty());
    // A synchronous caller makes the worker overloaded's business: 1,000
    // rps from the queue plus 1,000 from api on 2 x 1,250 is 80%.
    let mixed = format!("{}  - {{from: api, to: w, protocol: grpc}}\n", BEHIND_A_QUEUE);
    assert_eq!(all(&mixed.replace("QCAP", "5000").replace("WCAP", "1250")), ["overloaded warning [w] {}"]);
    assert_eq!(
        all(&mixed.replace("QCAP", "5000").replace("WCAP", "500")),
        ["overloaded error [w] {}"],
        "never backlog-growth as well"
    );
}

#[test]
fn an_async_link_straight_from_a_service_also_feeds_a_backlog() {
    let found = all("requirements: {peak_rps: 300}
components:
  web: {kind: client}
  api: {kind: service, replicas: 2, auth: jwt, rate_limit: 5}
  mailer: {kind: worker, replicas: 2, capacity_rps: 150}
links:
  - {from: web, to: api, protocol: https}
  - {from: api, to: mailer, protocol: amqp}
");
    assert_eq!(
        found,
        ["backlog-growth warning [mailer] {}", "client-bypasses-gateway warning [web,api] {web>api:https}"]
    );
}

// ---- deep-sync-chain / sync-cycle ----

const CHAIN: &str = "components:
  gw: {kind: gateway}
  a: {kind: service}
  b: {kind: worker}
  c: {kind: function}
  d: {kind: service}
  mon: {kind: monitoring}
links:
  - {from: mon, to: gw, mode: async}
  - {from: gw, to: a}
  - {from: a, to: b}
  - {from: b, to: c}
  - {from: c, to: d LAST}
";

#[test]
fn deep_sync_chain_from_four_service_like_components() {
    let at = |last: &str| all(&CHAIN.replace(" LAST", last));
    assert_eq!(at(""), ["deep-sync-chain warning [a,b,c,d] {a>b,b>c,c>d}"], "the gateway starts nothing");
    assert!(at(", protocol: kafka").is_empty(), "an async link breaks the chain");
    assert!(at(", mode: async").is_empty());
    let three = CHAIN.replace("  - {from: c, to: d LAST}\n", "");
    assert_eq!(all(&three), ["orphan-component info [d] {}"], "three in a row");
    let through_a_store = CHAIN
        .replace("d: {kind: service}", "d: {kind: database, replicas: 2}")
        .replace(" LAST", "")
        .replace("mon: {kind: monitoring}", "mon: {kind: monitoring}\n  e: {kind: service}")
        + "  - {from: d, to: e}\n";
    assert!(all(&through_a_store).is_empty(), "a database breaks the chain");
}

#[test]
fn deep_sync_chain_once_per_start_for_its_longest_chain() {
    let found = all("components:
  a: {kind: service}
  b: {kind: service}
  c: {kind: service}
  d: {kind: service}
  e: {kind: service}
  x: {kind: service}
  mon: {kind: monitoring}
links:
  - {from: mon, to: a, mode: async}
  - {from: a, to: e}
  - {from: a, to: b}
  - {from: b, to: c}
  - {from: c, to: d}
  - {from: x, to: b}
");
    assert_eq!(
        found,
        ["deep-sync-chain warning [a,b,c,d] {a>b,b>c,c>d}", "deep-sync-chain warning [x,b,c,d] {x>b,b>c,c>d}"]
    );
}

#[test]
fn a_sync_cycle_is_one_error_and_its_chain_starts_where_requests_enter() {
    // gw enters the loop at c, so the depth-first walk closes it with b -> c.
    let found = all("components:
  gw: {kind: gateway}
  a: {kind: service}
  b: {kind: service}
  c: {kind: service}
  d: {kind: service}
  mon: {kind: monitoring}
links:
  - {from: mon, to: gw, mode: async}
  - {from: gw, to: c}
  - {from: a, to: b}
  - {from: b, to: c}
  - {from: c, to: d}
  - {from: d, to: a}
");
    assert_eq!(
        found,
        ["sync-cycle error [a,b,c,d] {a>b,b>c,c>d,d>a}", "deep-sync-chain warning [c,d,a,b] {c>d,d>a,a>b}"]
    );
}

#[test]
fn a_loop_closed_by_an_async_link_leaves_the_sync_chain_whole() {
    // c -> d -> q -> a -> b -> c: the request enters at c, so a walk over
    // every link closes the loop at b -> c. Only the async hop closes a
    // cycle; a -> b -> c -> d is four synchronous calls in a row.
    let found = all("components:
  gw: {kind: gateway}
  a: {kind: service}
  b: {kind: service}
  c: {kind: service}
  d: {kind: service}
  q: {kind: queue, replicas: 2, dlq: true}
  mon: {kind: monitoring}
links:
  - {from: mon, to: gw, mode: async}
  - {from: gw, to: c}
  - {from: c, to: d}
  - {from: d, to: q, protocol: kafka}
  - {from: q, to: a, protocol: kafka}
  - {from: a, to: b}
  - {from: b, to: c}
");
    assert_eq!(found, ["deep-sync-chain warning [a,b,c,d] {a>b,b>c,c>d}"]);
}

#[test]
fn sync_cycles_one_per_strongly_connected_set_and_never_through_async() {
    let found = all("components:
  a: {kind: service}
  b: {kind: service}
  p: {kind: gateway}
  r: {kind: service}
  x: {kind: service}
  y: {kind: service}
  mon: {kind: monitoring}
links:
  - {from: mon, to: a, mode: async}
  - {from: a, to: b}
  - {from: b, to: a, protocol: grpc}
  - {from: p, to: r}
  - {from: r, to: p}
  - {from: x, to: y}
  - {from: y, to: x, protocol: kafka}
");
    assert_eq!(found, ["sync-cycle error [a,b] {a>b,b>a:grpc}", "sync-cycle error [p,r] {p>r,r>p}"]);
}

// ---- data rules ----

#[test]
fn shared_database_and_distributed_write_name_stores_and_writers_only() {
    let found = all("components:
  gw: {kind: gateway}
  a: {kind: service}
  b: {kind: worker}
  c: {kind: function}
  db: {kind: database, replicas: 2}
  idx: {kind: search, replicas: 2}
  hot: {kind: cache, replicas: 2}
  mon: {kind: monitoring}
links:
  - {from: mon, to: gw, mode: async}
  - {from: gw, to: db}
  - {from: a, to: db, protocol: sql}
  - {from: a, to: db, protocol: tcp}
  - {from: b, to: db, access: write}
  - {from: c, to: db, access: read}
  - {from: a, to: idx, access: read}
  - {from: b, to: idx, access: readwrite}
  - {from: a, to: hot}
  - {from: c, to: hot}
");
    // Version 2: a reads idx, which only b writes.
    assert_eq!(
        found,
        [
            "distributed-write warning [b,db,idx] {}",
            "read-coupling warning [a,idx,b] {}",
            "shared-database warning [db,a,b] {}"
        ]
    );
}

#[test]
fn shared_storage_counts_but_a_shared_cache_does_not() {
    let found = all("components:
  a: {kind: service}
  b: {kind: service}
  files: {kind: storage, replicas: 2}
  hot: {kind: cache, replicas: 2}
links:
  - {from: a, to: files, protocol: s3}
  - {from: b, to: files, protocol: s3, access: write}
  - {from: a, to: hot, protocol: redis}
  - {from: b, to: hot, protocol: redis}
");
    assert_eq!(found, ["shared-database warning [files,a,b] {}"]);
}

const READER: &str = "requirements: {read_write_ratio: RATIO}
components:
  api: {kind: service}
  db: {kind: database, replicas: 2}
  files: {kind: storage, replicas: 2}
  hot: {kind: cache, replicas: 2}
links:
  - {from: api, to: db, access: ACCESS}
  - {from: api, to: files, access: read}
";

#[test]
fn missing_cache_for_read_heavy_database_readers_without_a_cache() {
    let at = |ratio: &str, access: &str| all(&READER.replace("RATIO", ratio).replace("ACCESS", access));
    // The unused cache is an orphan in every variant but the linked one.
    let orphan = "orphan-component info [hot] {}";
    assert_eq!(at("3", "read"), ["missing-cache info [api,db] {}", orphan]);
    assert_eq!(at("9", "readwrite"), ["missing-cache info [api,db] {}", orphan]);
    assert_eq!(at("2.9", "read"), [orphan]);
    assert_eq!(at("9", "write"), [orphan]);
    let no_ratio = READER.replace("requirements: {read_write_ratio: RATIO}\n", "").replace("ACCESS", "read");
    assert_eq!(all(&no_ratio), [orphan]);
    let cached = format!("{}  - {{from: api, to: hot}}\n", READER.replace("RATIO", "9").replace("ACCESS", "read"));
    assert!(all(&cached).is_empty());
}

#[test]
fn queues_consumed_without_dlq_and_queues_nobody_consumes() {
    let found = all("components:
  api: {kind: service, replicas: 2}
  pushed: {kind: queue, replicas: 2}
  pulled: {kind: stream, replicas: 2}
  safe: {kind: queue, replicas: 2, dlq: true}
  dead: {kind: queue, replicas: 2}
  idle: {kind: queue, replicas: 2}
  w: {kind: worker, replicas: 2}
links:
  - {from: api, to: pushed, protocol: amqp}
  - {from: pushed, to: w, protocol: amqp}
  - {from: api, to: pulled, protocol: kafka}
  - {from: w, to: pulled, protocol: kafka, access: read}
  - {from: api, to: safe, protocol: sqs}
  - {from: safe, to: w, protocol: sqs}
  - {from: api, to: dead, protocol: amqp}
  - {from: api, to: idle, protocol: amqp, access: read}
");
    assert_eq!(
        found,
        [
            "distributed-write warning [api,pushed,pulled,safe,dead] {}",
            "unconsumed-queue warning [dead] {}",
            "queue-without-dlq info [idle] {}",
            "queue-without-dlq info [pulled] {}",
            "queue-without-dlq info [pushed] {}",
        ]
    );
}

#[test]
fn distributed_write_ignores_caches_reads_and_a_second_link_to_one_store() {
    let body = "components:
  svc: {kind: service}
  db: {kind: database, replicas: 2}
  hot: {kind: cache, replicas: 2}
  idx: {kind: search, replicas: 2}
  q: {kind: stream, replicas: 2, dlq: true}
  w: {kind: worker}
links:
  - {from: svc, to: db, protocol: sql}
  - {from: svc, to: db, protocol: tcp}
  - {from: svc, to: hot}
  - {from: svc, to: idx, access: read}
  - {from: svc, to: q, protocol: kafka, access: ACCESS}
  - {from: q, to: w, protocol: kafka}
";
    assert_eq!(all(&body.replace("ACCESS", "write")), ["distributed-write warning [svc,db,q] {}"]);
    assert!(all(&body.replace("ACCESS", "read")).is_empty());
}

// ---- security rules ----

#[test]
fn clients_linking_straight_to_services_or_data_stores() {
    let found = all("components:
  web: {kind: client}
  gw: {kind: gateway, replicas: 2, auth: oauth2, rate_limit: 10}
  api: {kind: service, replicas: 2, auth: jwt, rate_limit: 10}
  w: {kind: worker, replicas: 2, auth: jwt, rate_limit: 10}
  hot: {kind: cache, replicas: 2}
  q: {kind: queue, replicas: 2, dlq: true}
links:
  - {from: web, to: gw, protocol: https}
  - {from: gw, to: api, protocol: grpc}
  - {from: web, to: api, protocol: https}
  - {from: web, to: api, protocol: grpc}
  - {from: web, to: w, protocol: sqs}
  - {from: web, to: hot, protocol: https}
  - {from: web, to: q, protocol: sqs}
  - {from: q, to: w, protocol: sqs}
");
    assert_eq!(
        found,
        [
            "client-to-data-store error [web,hot] {web>hot:https}",
            "client-to-data-store error [web,q] {web>q:sqs}",
            // Version 2: a store a client reaches is exposed, and api is
            // behind gw yet called directly.
            "exposed-data-store error [hot] {}",
            "exposed-data-store error [q] {}",
            "client-bypasses-gateway warning [web,api] {web>api:https,web>api:grpc}",
            "client-bypasses-gateway warning [web,w] {web>w:sqs}",
            "proxy-bypass warning [api,gw] {}",
        ]
    );
}

const TLS: &str = "requirements: {data: DATA}
zones: {dmz: {trust: untrusted}, core: {trust: trusted}}
components:
  web: {kind: client}
  partner: {kind: external}
  gw: {kind: gateway, zone: dmz, replicas: 2, auth: oauth2, rate_limit: 10}
  api: {kind: service, zone: core, replicas: 2}
  db: {kind: database, zone: core, replicas: 2}
  log: {kind: storage, replicas: 2}
links:
  - {from: web, to: gw, protocol: http}
  - {from: partner, to: gw, protocol: tcp}
  - {from: gw, to: api, protocol: grpc}
  - {from: gw, to: api, protocol: http, tls: true}
  - {from: api, to: db, protocol: sql}
  - {from: gw, to: db, protocol: sql}
  - {from: gw, to: log, protocol: tcp}
  - {from: api, to: gw, protocol: https, tls: false, mode: async}
";

#[test]
fn unencrypted_links_from_outside_or_across_zones() {
    let expect = |severity: &str| {
        ["api,gw] {api>gw:https}", "gw,db] {gw>db:sql}", "partner,gw] {partner>gw:tcp}", "web,gw] {web>gw:http}"]
            .map(|rest| format!("unencrypted-link {severity} [{rest}"))
    };
    assert_eq!(all(&TLS.replace("DATA", "[analytics]")), expect("warning"));
    assert_eq!(all(&TLS.replace("DATA", "[]")), expect("warning"));
    assert_eq!(all(&TLS.replace("DATA", "[pii]")), expect("error"));
    assert_eq!(all(&TLS.replace("DATA", "[analytics, payments]")), expect("error"));
}

const FRONT_DOOR: &str = "components:
  web: {kind: client}
  cdn: {kind: cdn CDN}
  lb: {kind: load-balancer, replicas: 2}
  gw: {kind: gateway, replicas: 2 GW}
  api: {kind: service, replicas: 2}
links:
  - {from: web, to: cdn, protocol: https}
  - {from: cdn, to: lb, protocol: https}
  - {from: lb, to: gw, protocol: https LINK}
  - {from: gw, to: api, protocol: grpc}
";

#[test]
fn the_entry_behind_cdn_and_load_balancer_needs_auth_and_a_rate_limit() {
    let at = |cdn: &str, gw: &str, link: &str| {
        all(&FRONT_DOOR.replace(" CDN", cdn).replace(" GW", gw).replace(" LINK", link))
    };
    let both = ["missing-auth error [gw] {}", "no-rate-limit warning [gw] {}"];
    assert_eq!(at("", "", ""), both, "api is behind the entry");
    assert_eq!(at("", ", auth: none", ", auth: none"), both, "`none` is no auth");
    assert_eq!(at(", rate_limit: 100", "", ""), ["missing-auth error [gw] {}"]);
    assert_eq!(at("", ", auth: oauth2", ""), ["no-rate-limit warning [gw] {}"]);
    assert_eq!(at("", ", rate_limit: true", ", auth: jwt"), Vec::<String>::new());
}

#[test]
fn one_open_path_is_enough_and_public_entries_are_front_doors() {
    let found = all("components:
  web: {kind: client}
  app: {kind: client}
  cdn: {kind: cdn, rate_limit: 50}
  gw: {kind: gateway, replicas: 2, auth: jwt}
  hooks: {kind: function, public: true}
  admin: {kind: service, public: true, auth: mtls, rate_limit: 5}
  inner: {kind: service, replicas: 2}
links:
  - {from: web, to: cdn, protocol: https}
  - {from: cdn, to: gw, protocol: https}
  - {from: app, to: gw, protocol: https}
  - {from: gw, to: inner, protocol: grpc}
");
    assert_eq!(
        found,
        [
            "missing-auth error [hooks] {}",
            "no-rate-limit warning [gw] {}",
            "no-rate-limit warning [hooks] {}",
            // Version 2: app reaches gw without the cdn in front of it.
            "proxy-bypass warning [gw,cdn] {}",
            "no-observability info [] {}",
            "orphan-component info [admin] {}",
            "orphan-component info [hooks] {}",
        ]
    );
}

#[test]
fn only_cdn_and_load_balancers_lead_to_an_entry() {
    // Past an identity provider the gateway is no front door.
    let found = all("components:
  web: {kind: client}
  idp: {kind: identity, replicas: 2}
  gw: {kind: gateway, replicas: 2}
links:
  - {from: web, to: idp, protocol: https}
  - {from: idp, to: gw, protocol: https}
");
    assert!(found.is_empty(), "{found:#?}");
}

// ---- wide-fan-out ----

const FAN: &str = "components:
  agg: {kind: KIND}
  s1: {kind: service}
  s2: {kind: service}
  s3: {kind: worker}
  s4: {kind: function}
  s5: {kind: service}
  mon: {kind: monitoring}
links:
  - {from: mon, to: agg, mode: async}
  - {from: agg, to: s1}
  - {from: agg, to: s1, protocol: grpc}
  - {from: agg, to: s2}
  - {from: agg, to: s3}
  - {from: agg, to: s4}
  - {from: agg, to: s5, protocol: FIFTH}
";

#[test]
fn wide_fan_out_at_five_distinct_sync_service_callees() {
    let at = |kind: &str, fifth: &str| all(&FAN.replace("KIND", kind).replace("FIFTH", fifth));
    assert_eq!(at("service", "grpc"), ["wide-fan-out warning [agg,s1,s2,s3,s4,s5] {}"]);
    assert_eq!(at("function", "https"), ["wide-fan-out warning [agg,s1,s2,s3,s4,s5] {}"]);
    assert!(at("service", "kafka").is_empty(), "four synchronous callees");
    assert!(at("gateway", "grpc").is_empty(), "gateways route");
    assert!(at("load-balancer", "grpc").is_empty(), "load-balancers route");
}

// ---- operability ----

#[test]
fn orphans_and_observability() {
    let body = "components:
  a: {kind: service}
  b: {kind: worker}
  c: {kind: function}
  lonely: {kind: database, replicas: 2}
EXTRA
links:
  - {from: a, to: b}
  - {from: b, to: c, protocol: kafka}
";
    assert_eq!(all(&body.replace("EXTRA", "")), ["no-observability info [] {}", "orphan-component info [lonely] {}"]);
    assert_eq!(
        all(&body.replace("EXTRA", "  mon: {kind: monitoring}")),
        ["orphan-component info [lonely] {}", "orphan-component info [mon] {}"]
    );
    let two = "components:\n  a: {kind: service}\n  b: {kind: service}\n  db: {kind: search, replicas: 2}\nlinks:\n  - {from: a, to: b}\n  - {from: db, to: b, mode: async}\n";
    assert!(all(two).is_empty(), "two services and no orphan");
}

// ---- availability-below-slo / latency-over-budget ----

const REQUEST: &str = "requirements: {REQ}
components:
  web: {kind: client}
  gw: {kind: gateway, replicas: 2, auth: oauth2, rate_limit: 10}
  api: {kind: service, replicas: 2, availability: 99, latency_ms: 20}
  hot: {kind: cache, replicas: 2, hit_ratio: 0.8}
  db: {kind: database, replicas: 2, latency_ms: 10}
  q: {kind: queue, replicas: 2, latency_ms: 500, dlq: true}
  w: {kind: worker, replicas: 2}
links:
  - {from: web, to: gw, protocol: https}
  - {from: gw, to: api, protocol: grpc}
  - {from: api, to: hot, protocol: redis}
  - {from: api, to: db, protocol: sql, access: read}
  - {from: api, to: q, protocol: kafka}
  - {from: q, to: w, protocol: kafka}
";

#[test]
fn availability_below_slo_strictly_below_and_only_with_an_slo() {
    let r = crit(&REQUEST.replace("REQ", "availability_slo: 99.99"));
    // gw 99.999975, api 99.99, hot 99.9999, db 99.999975: 99.98987...
    let a = r.metrics.requests["web"].availability;
    assert!((a - 99.98987).abs() < 1e-4, "{a}");
    let found: Vec<String> = r.findings.iter().map(line).collect();
    assert_eq!(found, ["availability-below-slo error [web,api,hot,gw] {}"]);
    assert!(all(&REQUEST.replace("REQ", "availability_slo: 99.98")).is_empty());
    assert!(all(&REQUEST.replace("REQ", "peak_rps: 1")).is_empty());
}

#[test]
fn latency_over_budget_strictly_over_following_the_slowest_sync_path() {
    // gw 3 + api (20 + hot 1 + 0.2 misses x db 10) = 26 ms; the queue is async.
    let r = crit(&REQUEST.replace("REQ", "latency_budget_ms: 25.9"));
    assert!((r.metrics.requests["web"].latency_ms - 26.0).abs() < 1e-9);
    let found: Vec<String> = r.findings.iter().map(line).collect();
    assert_eq!(found, ["latency-over-budget warning [web,gw,api,db] {}"]);
    assert!(all(&REQUEST.replace("REQ", "latency_budget_ms: 26")).is_empty());
}

// ---- stateful-scaled-out ----

#[test]
fn stateful_scaled_out_for_stateful_service_like_replicas_only() {
    let found = all("components:
  a: {kind: service, replicas: 2, stateful: true}
  b: {kind: function, replicas: 2}
  c: {kind: worker, stateful: true}
  d: {kind: worker, replicas: 3, stateful: true}
  db: {kind: database, replicas: 3}
links:
  - {from: a, to: b}
  - {from: b, to: c, protocol: kafka}
  - {from: c, to: db}
  - {from: d, to: db, access: read}
");
    assert_eq!(
        found,
        [
            // Version 2: d reads db, which only c writes.
            "read-coupling warning [d,db,c] {}",
            "stateful-scaled-out warning [a] {}",
            "stateful-scaled-out warning [d] {}",
            "no-observability info [] {}"
        ]
    );
}

// ---- suppressions ----

#[test]
fn an_acceptance_silences_its_rule_on_its_subject_only() {
    let base = ONE_GATEWAY.replace("SLO", "99.9").replace(" GW", "");
    let accept = |entries: &str| crit(&base.replace("links:", &format!("accepted:\n{entries}links:")));

    let r = accept("  - {rule: single-point-of-failure, component: gw, reason: managed}\n");
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    assert_eq!(r.accepted.len(), 1);
    assert_eq!((r.accepted[0].rule.as_str(), r.accepted[0].reason.as_str()), ("single-point-of-failure", "managed"));
    assert_eq!(r.accepted[0].component.as_ref().map(|c| c.as_str()), Some("gw"));

    // The wrong subject, or none, matches nothing: the finding stays and
    // the acceptance is stale.
    let r = accept("  - {rule: single-point-of-failure, component: api, reason: wrong one}\n");
    let found: Vec<String> = r.findings.iter().map(line).collect();
    assert_eq!(found, ["single-point-of-failure error [gw] {}", "stale-acceptance info [api] {}"]);
    assert!(r.accepted.is_empty());
    let r = accept("  - {rule: single-point-of-failure, reason: all of them}\n");
    let found: Vec<String> = r.findings.iter().map(line).collect();
    assert_eq!(found, ["single-point-of-failure error [gw] {}", "stale-acceptance info [] {}"]);

    let r = accept("  - {rule: overloaded, component: gw, reason: other rule}\n");
    let found: Vec<String> = r.findings.iter().map(line).collect();
    assert_eq!(found, ["single-point-of-failure error [gw] {}", "stale-acceptance info [gw] {}"]);
}

#[test]
fn design_level_findings_are_accepted_without_a_component() {
    let body = "components:
  a: {kind: service}
  b: {kind: service}
  c: {kind: service}
accepted:
  - {rule: no-observability, reason: the platform team traces}
links:
  - {from: a, to: b}
  - {from: b, to: c}
";
    let r = crit(body);
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    assert_eq!(r.accepted.len(), 1);
    assert_eq!(r.accepted[0].component, None);
    let v: serde_json::Value = serde_json::from_str(&archcrit_core::critic::render::json(&r)).unwrap();
    assert_eq!(
        v["accepted"],
        serde_json::json!([{"rule": "no-observability", "component": null, "reason": "the platform team traces"}]),
        "every accepted entry has the three fields"
    );
}

#[test]
fn one_acceptance_silences_every_finding_of_its_rule_on_its_subject() {
    let r = crit(
        "zones: {a: {}, b: {}}
components:
  web: {kind: client}
  gw: {kind: gateway, replicas: 2, auth: oauth2, rate_limit: 5}
  cdn: {kind: cdn, zone: a, rate_limit: 5}
  api: {kind: service, zone: b, replicas: 2, auth: jwt}
accepted:
  - {rule: unencrypted-link, component: web, reason: an intranet kiosk}
links:
  - {from: web, to: gw, protocol: http}
  - {from: web, to: cdn, protocol: http}
  - {from: cdn, to: gw, protocol: https}
  - {from: gw, to: api, protocol: grpc}
  - {from: cdn, to: api, protocol: tcp}
",
    );
    let found: Vec<String> = r.findings.iter().map(line).collect();
    // Version 2: web also reaches gw without the cdn in front of it.
    assert_eq!(found, ["proxy-bypass warning [gw,cdn] {}", "unencrypted-link warning [cdn,api] {cdn>api:tcp}"]);
    assert_eq!(r.accepted.len(), 1);
}

#[test]
fn a_filter_on_stale_acceptance_still_judges_every_acceptance() {
    use archcrit_core::critic::{Options, critique_with};
    let text = format!(
        "archcrit: 1\nname: t\n{}",
        ONE_GATEWAY.replace("SLO", "99.9").replace(" GW", "").replace(
            "links:",
            "accepted:
  - {rule: single-point-of-failure, component: gw, reason: managed}
  - {rule: overloaded, component: api, reason: last year's peak}
links:"
        )
    );
    let design = load_str(&text, "t.yaml").unwrap();
    let only = ["stale-acceptance".to_string()];
    let r = critique_with(&design, &Options { rules: Some(&only), wording: None });
    let found: Vec<String> = r.findings.iter().map(line).collect();
    assert_eq!(found, ["stale-acceptance info [api] {}"], "the gateway's acceptance still matches");
    let only = ["overloaded".to_string()];
    let r = critique_with(&design, &Options { rules: Some(&only), wording: None });
    let found: Vec<String> = r.findings.iter().map(line).collect();
    assert_eq!(found, ["stale-acceptance info [api] {}"]);
    assert!(r.accepted.is_empty(), "the accepted single point of failure is outside the filter");
}

// ---- the JSON report through the real binary ----

mod binary {
    use std::path::Path;
    use std::process::{Command, Output};

    use serde_json::Value;

    fn critique(args: &[&str]) -> Output {
        let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/critic/contract.yaml");
        Command::new(env!("CARGO_BIN_EXE_archcrit")).arg("critique").arg(file).args(args).output().unwrap()
    }

    fn keys(v: &Value) -> Vec<&str> {
        v.as_object().unwrap_or_else(|| panic!("not an object: {v}")).keys().map(String::as_str).collect()
    }

    fn number(v: &Value) -> f64 {
        let x = v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"));
        assert!(x.is_finite());
        x
    }

    fn close(v: &Value, expected: f64) -> bool {
        (number(v) - expected).abs() < 1e-9 * expected.abs().max(1.0)
    }

    #[test]
    fn json_matches_the_contract_field_by_field() {
        let out = critique(&["--format", "json"]);
        assert_eq!(out.status.code(), Some(1), "an error remains: the default gate fails");
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(keys(&v), ["design", "findings", "accepted", "metrics", "not_checked"]);
        assert_eq!(v["design"], "Online shop");

        let findings = v["findings"].as_array().unwrap();
        let summary: Vec<(&str, &str, Value)> = findings
            .iter()
            .map(|f| (f["rule"].as_str().unwrap(), f["severity"].as_str().unwrap(), f["components"].clone()))
            .collect();
        assert_eq!(
            summary,
            [
                ("overloaded", "error", serde_json::json!(["orders"])),
                ("distributed-write", "warning", serde_json::json!(["orders", "orders-db", "events"])),
                ("unencrypted-link", "warning", serde_json::json!(["web", "gateway"])),
                ("queue-without-dlq", "info", serde_json::json!(["events"])),
            ]
        );
        for f in findings {
            assert_eq!(keys(f), ["rule", "severity", "components", "links", "message", "patterns"]);
            assert!(f["message"].as_str().is_some_and(|m| !m.is_empty()));
            assert!(f["patterns"].as_array().unwrap().iter().all(Value::is_string));
        }
        let overloaded = &findings[0];
        assert_eq!(overloaded["links"], serde_json::json!([]));
        assert!(
            overloaded["message"]
                .as_str()
                .unwrap()
                .starts_with("orders runs at 140% of its capacity at the 1,200 rps peak: 1,680 rps on 3 x 400"),
            "{}",
            overloaded["message"]
        );
        // Capacity model v2, section 6: the overload names its cause (the
        // gateway calls orders 1.4 times per request) and suggests by it.
        assert!(
            overloaded["message"].as_str().unwrap().contains("gateway calls orders 1.4 times per request: 1,680 rps"),
            "{}",
            overloaded["message"]
        );
        assert_eq!(
            overloaded["patterns"],
            serde_json::json!(["batching", "horizontal-scaling", "queue-load-leveling"])
        );
        assert_eq!(findings[1]["links"], serde_json::json!([]), "distributed-write names components only");
        assert_eq!(findings[2]["links"], serde_json::json!([{"from": "web", "to": "gateway", "protocol": "http"}]));
        assert_eq!(findings[2]["patterns"], serde_json::json!(["tls-everywhere"]));
        assert_eq!(findings[3]["patterns"], serde_json::json!(["dead-letter-queue"]));

        assert_eq!(
            v["accepted"],
            serde_json::json!([{
                "rule": "single-point-of-failure",
                "component": "orders-db",
                "reason": "managed DB with automatic failover"
            }])
        );
        assert_eq!(keys(&v["accepted"][0]), ["rule", "component", "reason"]);

        let metrics = &v["metrics"];
        // Capacity model v2 adds `flows` (one implicit flow per client here)
        // and `headroom`; `components` and `requests` keep their shape.
        assert_eq!(keys(metrics), ["components", "requests", "flows", "headroom"]);
        assert_eq!(keys(&metrics["flows"]), ["web"]);
        number(&metrics["headroom"]["factor"]);
        let components = &metrics["components"];
        assert_eq!(keys(components), ["web", "gateway", "orders", "orders-db", "events", "mailer"]);
        for (id, m) in components.as_object().unwrap() {
            assert_eq!(keys(m), ["load_rps", "utilization", "availability", "latency_ms"], "{id}");
            number(&m["load_rps"]);
            number(&m["availability"]);
            number(&m["latency_ms"]);
            if id == "web" {
                assert!(m["utilization"].is_null(), "clients have no utilization");
            } else {
                number(&m["utilization"]);
            }
        }
        let orders = &components["orders"];
        assert!(close(&orders["load_rps"], 1680.0));
        assert!(close(&orders["utilization"], 1.4));
        assert!(close(&orders["availability"], (1.0 - 0.001f64.powi(3)) * 100.0), "{}", orders["availability"]);
        // Capacity model v2 adds each component's M/M/c wait: orders-db has
        // 25 servers (5,000 rps x 5 ms) at 33.6%, a wait of about 1e-6 ms;
        // orders itself is saturated, so it shows its service time.
        let near = |v: &Value, x: f64| (number(v) - x).abs() < 1e-4;
        assert!(near(&orders["latency_ms"], 25.0), "own 20 + the database's 5; the queue is async");
        assert!(close(&components["orders-db"]["availability"], 99.95), "one replica");
        assert!(close(&components["gateway"]["availability"], (1.0 - 0.0005f64.powi(2)) * 100.0));
        assert!(close(&components["mailer"]["load_rps"], 1680.0), "load follows async links too");

        assert_eq!(keys(&metrics["requests"]), ["web"]);
        let web = &metrics["requests"]["web"];
        assert_eq!(keys(web), ["load_rps", "availability", "latency_ms"]);
        assert!(close(&web["load_rps"], 1200.0));
        assert!(near(&web["latency_ms"], 3.0 + 1.4 * 25.0), "{}", web["latency_ms"]);
        let flow = &metrics["flows"]["web"];
        assert!(flow["latency_ms"].is_null() && flow["unbounded"] == true, "orders runs at 140%: no finite latency");
        let tree = (1.0 - 0.0005f64.powi(2)) * (1.0 - 0.001f64.powi(3)) * 0.9995 * 100.0;
        assert!(close(&web["availability"], tree), "{} vs {tree}", web["availability"]);
    }

    #[test]
    fn fail_on_levels_decide_the_exit_code() {
        let code = |args: &[&str]| critique(args).status.code();
        // Worst finding: error.
        assert_eq!(code(&[]), Some(1));
        assert_eq!(code(&["--fail-on", "error"]), Some(1));
        assert_eq!(code(&["--fail-on", "never"]), Some(0));
        // Worst finding: warning.
        let warning = ["--rule", "unencrypted-link", "--rule", "queue-without-dlq"];
        assert_eq!(code(&[&warning[..], &["--fail-on", "error"]].concat()), Some(0));
        assert_eq!(code(&[&warning[..], &["--fail-on", "warning"]].concat()), Some(1));
        assert_eq!(code(&[&warning[..], &["--fail-on", "info"]].concat()), Some(1));
        // Worst finding: info.
        assert_eq!(code(&["--rule", "queue-without-dlq", "--fail-on", "warning"]), Some(0));
        assert_eq!(code(&["--rule", "queue-without-dlq", "--fail-on", "info"]), Some(1));
        // An accepted error never trips a gate.
        let out = critique(&["--rule", "single-point-of-failure", "--fail-on", "info", "--format", "json"]);
        assert_eq!(out.status.code(), Some(0));
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["findings"], serde_json::json!([]));
        assert_eq!(v["accepted"][0]["component"], "orders-db");
        // A gate that is not a severity is a usage error.
        assert_eq!(code(&["--fail-on", "critical"]), Some(2));
    }
}

#[test]
fn a_finding_without_links_concerns_the_links_between_its_subject_and_the_others() {
    use archcrit_core::model::{ComponentId, LinkKey};
    let key = |from: &str, to: &str, protocol: Option<&str>| {
        LinkKey::new(ComponentId::new(from).unwrap(), ComponentId::new(to).unwrap(), protocol)
    };
    let r = crit(
        "components:
  svc: {kind: service}
  db: {kind: database, replicas: 2}
  idx: {kind: search, replicas: 2}
  q: {kind: stream, replicas: 2, dlq: true}
  w: {kind: worker}
links:
  - {from: svc, to: db, protocol: sql}
  - {from: svc, to: idx, access: read}
  - {from: svc, to: q, protocol: kafka}
  - {from: q, to: w, protocol: kafka}
",
    );
    let f = &r.findings[0];
    assert_eq!(line(f), "distributed-write warning [svc,db,q] {}");
    assert!(f.concerns(&key("svc", "db", Some("sql"))) && f.concerns(&key("svc", "q", Some("kafka"))));
    assert!(!f.concerns(&key("svc", "idx", None)), "idx is not named");
    assert!(!f.concerns(&key("q", "w", Some("kafka"))), "neither end is the subject");
    // A finding that lists links concerns exactly those.
    let r = crit(
        "components:\n  a: {kind: service}\n  b: {kind: service}\nlinks:\n  - {from: a, to: b}\n  - {from: b, to: a}\n  - {from: a, to: b, protocol: kafka}\n",
    );
    let f = &r.findings[0];
    assert_eq!(line(f), "sync-cycle error [a,b] {a>b,b>a}");
    assert!(f.concerns(&key("b", "a", None)));
    assert!(!f.concerns(&key("a", "b", Some("kafka"))));
}
