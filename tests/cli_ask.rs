//! `archcrit ask` through the real binary, on designs where the right answer
//! is unambiguous (tests/fixtures/ask): one clear biggest risk, a cache
//! whose loss overloads its database, a request that fails when one service
//! is down. Each intent is asked at least five ways (typos, labels, ids).

use std::process::Command;

use serde_json::Value;

fn run(file: &str, question: &str, extra: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_archcrit"))
        .args(["ask", &format!("tests/fixtures/ask/{file}"), question])
        .args(extra)
        .output()
        .unwrap()
}

fn ask_as(file: &str, question: &str, persona: &str) -> Value {
    let out = run(file, question, &["--format", "json", "--persona", persona]);
    assert!(out.status.success(), "{question}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn ask(file: &str, question: &str) -> Value {
    ask_as(file, question, "backend-architect")
}

fn num(a: &Value, key: &str) -> f64 {
    a["numbers"][key].as_f64().unwrap_or_else(|| panic!("no number {key} in {a:#}"))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-3
}

fn components(a: &Value) -> Vec<&str> {
    a["components"].as_array().unwrap().iter().filter_map(Value::as_str).collect()
}

#[test]
fn the_biggest_risk_is_the_overloaded_database() {
    for q in [
        "what is the biggest risk here?",
        "What should I fix first?",
        "whats the riskiest part of this",
        "biggest problme?",
        "what's most important to fix",
        "Which issue worries you most?",
    ] {
        let a = ask("risky.yaml", q);
        assert_eq!(a["intent"], "biggest_risk", "{q}: {a:#}");
        assert_eq!(a["findings"][0]["rule"], "overloaded", "{q}");
        assert_eq!(a["findings"][0]["component"], "orders-db", "{q}");
        assert_eq!(components(&a)[0], "orders-db", "{q}");
        // Capacity model v2: all 900 writes land on the one primary (150 rps).
        assert!(close(num(&a, "orders-db.utilization"), 6.0), "{q}");
        assert_eq!(num(&a, "orders-db.blast_radius"), 1.0, "{q}");
        assert!(a["text"].as_str().unwrap().contains("Why first: it is an error"), "{q}");
    }
}

#[test]
fn each_persona_ranks_by_its_own_priorities() {
    let q = "what should I fix first?";
    let architect = ask_as("mixed.yaml", q, "backend-architect");
    let security = ask_as("mixed.yaml", q, "security-reviewer");
    let sre = ask_as("mixed.yaml", q, "sre");
    assert_eq!(architect["findings"][0]["rule"], "overloaded");
    assert_eq!(architect["findings"][1]["rule"], "missing-auth");
    assert_eq!(security["findings"][0]["rule"], "missing-auth");
    assert_eq!(security["findings"][0]["component"], "admin");
    assert_eq!(sre["findings"][0]["rule"], "overloaded");
    assert_eq!(sre["findings"][1]["rule"], "single-point-of-failure");
    assert_eq!(sre["persona"], "sre");
}

#[test]
fn about_a_component_gives_its_numbers_and_findings() {
    for q in [
        "why is orders-db flagged?",
        "tell me about the Orders database",
        "what about ordrs-db",
        "describe orders db",
        "how is the orders-db doing?",
    ] {
        let a = ask("risky.yaml", q);
        assert_eq!(a["intent"], "about", "{q}: {a:#}");
        assert_eq!(components(&a), ["orders-db"], "{q}");
        // Capacity model v2: writes go to the primary only, 900 on 150.
        assert!(close(num(&a, "orders-db.utilization"), 6.0), "{q}");
        assert!(close(num(&a, "orders-db.load_rps"), 900.0), "{q}");
        assert!(a["findings"].as_array().unwrap().iter().any(|f| f["rule"] == "overloaded"), "{q}");
    }
}

#[test]
fn more_traffic_reruns_the_capacity_model() {
    for q in [
        "can it handle 2400 rps?",
        "what if traffic doubles?",
        "whta if trafic doubles",
        "can we survive 2x the load",
        "what happens at double the load?",
    ] {
        let a = ask("cached.yaml", q);
        assert_eq!(a["intent"], "capacity", "{q}: {a:#}");
        assert!(close(num(&a, "load_rps_before"), 1200.0), "{q}");
        assert!(close(num(&a, "load_rps_after"), 2400.0), "{q}");
        // api is busiest: 2,000 of 4,000 rps at twice the load, full at 4,800.
        assert_eq!(components(&a)[0], "api", "{q}");
        assert!(close(num(&a, "saturation_rps"), 4800.0), "{q}");
    }
    let far = ask("cached.yaml", "can it handle 10k rps?");
    assert!(far["what_if"]["delta"]["crossings"].as_array().unwrap().iter().any(|c| c["component"] == "db"));
}

#[test]
fn a_dead_cache_overloads_its_database() {
    for q in [
        "what if the cache fails?",
        "What happens if the Catalog cache goes down",
        "what if cahce dies?",
        "the catalog cache crashed, then what?",
        "cache outage: what happens?",
    ] {
        let a = ask("cached.yaml", q);
        assert_eq!(a["intent"], "failure", "{q}: {a:#}");
        assert_eq!(components(&a)[..2], ["cache", "db"], "{q}");
        assert!(close(num(&a, "db.utilization_before"), 100.0 / 600.0), "{q}");
        assert!(close(num(&a, "db.utilization_after"), 1000.0 / 600.0), "{q}");
        assert!(num(&a, "web.availability_after") > 99.0, "{q}: the api falls back to the database");
        assert!(a["findings"].as_array().unwrap().iter().any(|f| f["rule"] == "overloaded" && f["component"] == "db"));
    }
}

#[test]
fn a_dead_service_fails_the_request_that_needs_it() {
    for q in [
        "what if api fails?",
        "what if the Catalog API goes down",
        "what happens when api is unavailable",
        "what if we lose the catalog api?",
        "api crashes",
    ] {
        let a = ask("cached.yaml", q);
        assert_eq!(a["intent"], "failure", "{q}: {a:#}");
        assert_eq!(components(&a)[0], "api", "{q}");
        assert_eq!(num(&a, "api.failed_requests"), 1.0, "{q}");
        assert_eq!(num(&a, "web.availability_after"), 0.0, "{q}");
        assert!(num(&a, "mobile.availability_after") > 99.9, "{q}: mobile goes through search only");
    }
}

#[test]
fn a_slow_database_adds_latency_to_the_request() {
    for q in [
        "what if db is slow?",
        "what if the Catalog DB gets 10x slower",
        "db latency goes to 200 ms",
        "what if postgres is sluggish",
        "catalog db slows down x10",
    ] {
        let a = ask("cached.yaml", q);
        assert_eq!(a["intent"], "slowdown", "{q}: {a:#}");
        assert_eq!(components(&a)[0], "db", "{q}");
        // The api reads the database on its 10% of misses: +18 ms.
        let added = num(&a, "web.latency_ms_after") - num(&a, "web.latency_ms_before");
        assert!(close(added, 18.0), "{q}: {added}");
        assert!(close(num(&a, "mobile.latency_ms_after"), num(&a, "mobile.latency_ms_before")), "{q}");
    }
}

#[test]
fn adding_a_cache_is_tried_on_a_copy_and_offered() {
    for q in [
        "should I add a cache in front of db?",
        "Should I put Redis in front of Postgres for the catalog API?",
        "would a cache between api and db help?",
        "shoud I add caching for the Catalog DB",
        "is a cache in front of the database worth it?",
    ] {
        let a = ask("uncached.yaml", q);
        assert_eq!(a["intent"], "add_pattern", "{q}: {a:#}");
        assert!(components(&a).contains(&"db"), "{q}");
        assert!(close(num(&a, "db.utilization_before"), 1000.0 / 600.0), "{q}");
        // A new cache at the default 80% hit ratio.
        assert!(close(num(&a, "db.utilization_after"), 200.0 / 600.0), "{q}");
        assert!(num(&a, "findings_fixed") >= 1.0, "{q}");
        assert!(a["offer"].as_str().unwrap().contains("Cache-aside"), "{q}");
    }
    let file = std::fs::read_to_string("tests/fixtures/ask/uncached.yaml").unwrap();
    assert!(!file.contains("db-cache"), "asking never changes the file");
}

#[test]
fn a_cache_beats_a_queue_for_an_overloaded_read_database() {
    for q in [
        "cache or queue for db?",
        "should I use a cache or a queue in front of the db",
        "cache vs queue?",
        "compare a cache and a queue for the Catalog DB",
        "which is better: redis or kafka before db",
    ] {
        let a = ask("uncached.yaml", q);
        assert_eq!(a["intent"], "compare", "{q}: {a:#}");
        assert_eq!(num(&a, "option1.errors"), 0.0, "{q}");
        assert_eq!((num(&a, "option1.warnings"), num(&a, "option2.warnings")), (0.0, 1.0), "{q}");
        // The queue only moves the backlog: db still gets all 1,000 rps, and
        // the relay's link states no access, so capacity model v2 counts it
        // on the write side: one primary of 300 rps.
        assert!(close(num(&a, "option2.busiest_utilization"), 1000.0 / 300.0), "{q}");
        assert!(a["text"].as_str().unwrap().contains("I would take a cache"), "{q}");
    }
}

#[test]
fn strengths_unknowns_and_anything_else() {
    for q in [
        "what does this design do well?",
        "what's good about it",
        "any strengths?",
        "what do you like",
        "what is it doing rigth",
    ] {
        let a = ask("cached.yaml", q);
        assert_eq!(a["intent"], "strengths", "{q}: {a:#}");
        assert!(a["text"].as_str().unwrap().contains("the busiest component, api, runs at 25% (1,000 rps)"), "{q}");
    }
    for q in [
        "what is unknown?",
        "what did you assume?",
        "what are your assumptions",
        "what can't you check?",
        "any blind spots?",
    ] {
        let a = ask("cached.yaml", q);
        assert_eq!(a["intent"], "unknowns", "{q}: {a:#}");
        assert_eq!(num(&a, "assumed_capacity"), 1.0, "{q}");
        assert_eq!(components(&a), ["metrics"], "{q}");
    }
    for q in ["hello", "sing me a song", "asdf qwer", "tell me a joke", "¿qué tal?"] {
        let a = ask("cached.yaml", q);
        assert_eq!(a["intent"], "help", "{q}: {a:#}");
        let text = a["text"].as_str().unwrap();
        assert!(text.contains("\"can it handle 2,400 rps?\""), "{q}: {text}");
        assert!(text.contains("goes down?\""), "{q}: {text}");
    }
}

#[test]
fn bad_input_is_named() {
    let out = run("missing.yaml", "what?", &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("tests/fixtures/ask/missing.yaml: cannot read the file"));
    let out = run("cached.yaml", "   ", &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the question is empty"));
    let out = run("cached.yaml", "hi", &["--persona", "nobody"]);
    assert_eq!(out.status.code(), Some(2));
    let text = run("cached.yaml", "what if api fails?", &[]);
    assert!(String::from_utf8_lossy(&text.stdout).starts_with("Backend Architect:\nIf api fails:"));
}

#[test]
fn more_load_scales_the_flows_own_rates_and_reads_thousands() {
    // Both flows set their rps: scaling only the client would change nothing.
    for q in ["can it handle 3x traffic?", "can it handle 3,000 rps?", "what if traffic triples"] {
        let a = ask("flows.yaml", q);
        assert_eq!(a["intent"], "capacity", "{q}: {a:#}");
        assert!(close(num(&a, "load_rps_after"), 3000.0), "{q}");
        assert!(close(num(&a, "api.utilization_after"), 2.5), "{q}");
        // Saturated: the wait grows without bound, not a number below today's.
        assert_eq!(num(&a, "web.unbounded"), 1.0, "{q}");
        assert!(a["numbers"].get("web.latency_ms_after").is_none(), "{q}");
        assert!(a["text"].as_str().unwrap().contains("unbounded"), "{q}");
    }
}

#[test]
fn a_kind_word_names_the_only_component_of_that_kind() {
    for q in ["what if the database fails?", "what if the db goes down", "what happens if our database dies"] {
        let a = ask("risky.yaml", q);
        assert_eq!(a["intent"], "failure", "{q}: {a:#}");
        assert_eq!(components(&a), ["orders-db"], "{q}");
    }
    // "a cache" is the pattern to add, not a component to name.
    let a = ask("uncached.yaml", "should I add a cache in front of the database?");
    assert_eq!(a["intent"], "add_pattern", "{a:#}");
    assert_eq!(components(&a), ["db"]);
}

#[test]
fn a_comparison_is_weighed_by_the_persona_asking() {
    // The analysts call the dashboards directly (client-bypasses-gateway, on
    // the security reviewer's list) while the enricher falls behind its
    // stream at the 30,000 rps peak (backlog-growth, on the backend
    // architect's and the SRE's). "A replica" is as many as bring the
    // enricher to 70%.
    for q in ["gateway or replica?", "a gateway or a replica", "gateway vs replica"] {
        let architect = ask_as("pipeline.yaml", q, "backend-architect");
        let security = ask_as("pipeline.yaml", q, "security-reviewer");
        let sre = ask_as("pipeline.yaml", q, "sre");
        for a in [&architect, &security, &sre] {
            assert_eq!(a["intent"], "compare", "{q}: {a:#}");
        }
        assert_eq!(security["persona"], "security-reviewer");
        let text = |a: &Value| a["text"].as_str().unwrap().to_string();
        assert!(text(&architect).contains("I would take a replica at enricher"), "{q}: {}", text(&architect));
        assert!(text(&sre).contains("I would take a replica at enricher"), "{q}: {}", text(&sre));
        assert!(text(&security).contains("I would take a gateway for analyst's requests"), "{q}: {}", text(&security));
        assert!(
            text(&security).contains("(the other leaves client-bypasses-gateway on analyst)"),
            "{}",
            text(&security)
        );
        assert!(text(&architect).contains("(the other leaves backlog-growth on enricher)"), "{}", text(&architect));
        // The same two scratch runs, counted against each persona's own list.
        assert_eq!(num(&security, "option1.errors"), num(&architect, "option1.errors"));
        assert_eq!((num(&security, "option1.focus_left"), num(&security, "option2.focus_left")), (0.0, 1.0), "{q}");
        assert!(num(&architect, "option1.focus_left") > num(&architect, "option2.focus_left"), "{q}");
    }
}

/// Losing a cache overloads the database behind it: no request loses a
/// component, yet the answer must not read as good news.
#[test]
fn a_dead_cache_that_overloads_its_database_is_not_good_news() {
    let a = ask("cached.yaml", "what if the cache fails?");
    let text = a["text"].as_str().unwrap();
    assert!(text.contains("lands on db (167% of its capacity)"), "{text}");
    assert!(text.contains("in practice they fail"), "{text}");
    assert!(!text.contains("No client request fails"), "{text}");
    assert!((num(&a, "db.utilization_after") - 1.6667).abs() < 0.01, "{a:#}");
}

/// Scaling a read database that is already saturated: the request's wait
/// was unbounded before (no mean latency is quoted for it) and has a number
/// after; replicas of a primary take no more writes, and the answer says so.
#[test]
fn more_replicas_of_a_saturated_read_database_give_the_request_a_latency_again() {
    for q in [
        "what if catalog-db had 3 replicas",
        "scale the Catalogue DB to 3 replicas",
        "what if we scale catalog-db to 3",
        "what if postgres ran 3 instances?",
        "whta if catlog-db had 3 replcias",
    ] {
        let a = ask("saturated.yaml", q);
        assert_eq!(a["intent"], "scale", "{q}: {a:#}");
        assert_eq!(components(&a)[0], "catalog-db", "{q}");
        assert!(close(num(&a, "catalog-db.utilization_before"), 1.25), "{q}");
        assert!(close(num(&a, "catalog-db.utilization_after"), 1000.0 / 2400.0), "{q}");
        assert_eq!(num(&a, "web.unbounded_before"), 1.0, "{q}");
        assert!(a["numbers"].get("web.latency_ms_before").is_none(), "no mean for a saturated path: {a:#}");
        // 10 ms + 20 ms of service time; at 42% over 48 servers the wait is negligible.
        let after = num(&a, "web.latency_ms_after");
        assert!((30.0..30.5).contains(&after), "{q}: {after}");
        let text = a["text"].as_str().unwrap();
        assert!(text.contains("latency unbounded (a component on its way was saturated) ->"), "{q}: {text}");
    }
    let a = ask("saturated.yaml", "what if audit-db had 4 replicas");
    assert_eq!(a["intent"], "scale", "{a:#}");
    let text = a["text"].as_str().unwrap();
    assert!(!text.contains("add read capacity only"), "audit-db is not saturated by writes: {text}");
    assert!(text.contains("writes still land on the one primary"), "{text}");
}

/// The risky design's orders-db is saturated by writes (900 on one primary):
/// replicas cannot help, and the answer says what would.
#[test]
fn replicas_do_not_take_writes_off_a_primary() {
    let a = ask("risky.yaml", "what if orders-db had 5 replicas");
    assert_eq!(a["intent"], "scale", "{a:#}");
    assert!(close(num(&a, "orders-db.utilization_after"), num(&a, "orders-db.utilization_before")), "{a:#}");
    let text = a["text"].as_str().unwrap();
    assert!(text.contains("more replicas add read capacity only: shard it"), "{text}");
}

/// "the cache" and "redis" name the one cache when the question is about
/// it (not about adding one); a cache with a database behind it fails
/// nobody; one that is the only store of its data fails its readers; a name
/// the design lacks is said to be missing, with what it has.
#[test]
fn the_cache_by_kind_or_technology_and_what_its_loss_means() {
    for q in [
        "what if the cache fails?",
        "what if redis fails?",
        "what if the Redis goes down",
        "cache dies, then what?",
        "what if catalog cache crashes",
    ] {
        let a = ask("cached.yaml", q);
        assert_eq!(a["intent"], "failure", "{q}: {a:#}");
        assert_eq!(components(&a)[0], "cache", "{q}");
        let text = a["text"].as_str().unwrap();
        assert!(!text.contains("availability 99.9"), "a tiny availability rise is noise, not news: {text}");
    }
    let a = ask("cached.yaml", "should I add a cache?");
    assert_eq!(a["intent"], "add_pattern", "{a:#}");

    let dir = tempfile::tempdir().unwrap();
    let only = dir.path().join("presence.yaml");
    std::fs::write(
        &only,
        "archcrit: 1\nname: p\nrequirements: {peak_rps: 100}\ncomponents:\n  app: {kind: client}\n  presence: {kind: service, replicas: 2}\n  \
         state: {kind: cache, tech: Redis, replicas: 2}\nlinks:\n  - {from: app, to: presence, protocol: https}\n  - {from: presence, to: state, protocol: redis}\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_archcrit"))
        .args(["ask", only.to_str().unwrap(), "what if the cache fails?", "--format", "json"])
        .output()
        .unwrap();
    let a: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(num(&a, "state.failed_requests"), 1.0, "nothing behind it: presence lookups fail: {a:#}");

    let a = ask("pipeline.yaml", "what if orders-db had 3 replicas");
    let text = a["text"].as_str().unwrap();
    assert!(text.contains("I do not see `orders-db`") && text.contains("database: warehouse"), "{text}");
}

/// On the shop every client already passes the CDN and gateway, and no
/// finding asks for a replica: the answer says the gateway is not needed
/// and recommends doing neither.
#[test]
fn gateway_or_replica_on_a_design_that_needs_neither() {
    let out = Command::new(env!("CARGO_BIN_EXE_archcrit"))
        .args(["ask", "assets/examples/shop.yaml", "gateway or replica?"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("not needed, its requests already pass cdn"), "{text}");
    assert!(text.contains("so I would do neither for now"), "{text}");
    assert!(!text.contains("(s)"), "plurals are written out: {text}");
}

/// With flows, a failure fails the flows that reach it, not the client's
/// every request: chat's presence cache takes the presence lookups (500 of
/// 3,000 rps) with it; reading and sending keep working.
#[test]
fn a_failure_fails_the_flows_that_need_it() {
    let out = Command::new(env!("CARGO_BIN_EXE_archcrit"))
        .args(["ask", "assets/examples/chat.yaml", "what if presence-cache fails?", "--format", "json"])
        .output()
        .unwrap();
    let a: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(close(num(&a, "app.failed_share"), 500.0 / 3000.0), "{a:#}");
    let after = num(&a, "app.availability_after");
    assert!((83.0..83.5).contains(&after), "five sixths of the requests still answer: {after}");
    let text = a["text"].as_str().unwrap();
    assert!(text.contains("app's presence (500 of 3,000 rps; its other requests keep working)"), "{text}");
    assert_eq!(a["what_if"]["delta"]["requests"][0]["failed_flows"][0], "presence");
}
