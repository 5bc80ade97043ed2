//! Capacity model v2, one test per contract section, with the numbers
//! worked by hand in the comments (designs written as YAML for reading).

use super::capacity::{Model, Side};
use super::snapshot::Snapshot;
use super::tail::{LogNormal, Rng};
use crate::file::load_str;
use crate::model::Design;

fn load(yaml: &str) -> Design {
    load_str(&format!("archcrit: 1\nname: t\n{yaml}"), "t.yaml").unwrap()
}

fn model(d: &Design) -> (Snapshot<'_>, Model) {
    let s = Snapshot::new(d);
    let m = Model::new(&s);
    (s, m)
}

fn at(s: &Snapshot<'_>, id: &str) -> usize {
    s.index_of(id).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

#[test]
fn writes_land_on_the_primary() {
    // 27,000 writes/s on a primary-replica PostgreSQL with 3 nodes of
    // 12,000: reads could spread over 36,000, but every write lands on the
    // one primary: 27,000 / 12,000 = 225%. Version 1 said 27,000 / 36,000 = 75%.
    let d = load(
        "requirements: {peak_rps: 27000}
components:
  poster: {kind: client}
  svc: {kind: service, capacity_rps: 100000}
  db: {kind: database, replicas: 3, capacity_rps: 12000}
links:
  - {from: poster, to: svc}
  - {from: svc, to: db, access: write}
",
    );
    let (s, m) = model(&d);
    let db = at(&s, "db");
    assert!(close(m.utilization[db].unwrap(), 2.25), "{:?}", m.utilization[db]);
    assert_eq!(m.side[db], (Side::Writes, 12_000.0));
    // Sharded 3 ways, the same writes spread over 3 primaries: 75%.
    let sharded = load(
        "requirements: {peak_rps: 27000}
components:
  poster: {kind: client}
  svc: {kind: service, capacity_rps: 100000}
  db: {kind: database, replicas: 3, shards: 3, capacity_rps: 12000}
links:
  - {from: poster, to: svc}
  - {from: svc, to: db, access: write}
",
    );
    let (s, m) = model(&sharded);
    assert!(close(m.utilization[at(&s, "db")].unwrap(), 0.75));
}

#[test]
fn only_reads_are_cached_and_only_by_a_cache_that_is_read() {
    // 10,000 reads and a cache that is only written: no read is cached.
    let d = load(
        "requirements: {peak_rps: 10000}
components:
  web: {kind: client}
  svc: {kind: service, capacity_rps: 100000}
  cache: {kind: cache, hit_ratio: 0.99}
  db: {kind: database, capacity_rps: 50000}
links:
  - {from: web, to: svc}
  - {from: svc, to: cache, access: write}
  - {from: svc, to: db, access: read}
",
    );
    let (s, m) = model(&d);
    assert!(close(m.load[at(&s, "db")], 10_000.0));
    // With a read/write ratio of 4, a readwrite link is 80% reads and 20%
    // writes; reading the cache (hit 0.9) leaves 8,000 x 0.1 = 800 reads,
    // and all 2,000 writes still reach the database: 2,800.
    let d = load(
        "requirements: {peak_rps: 10000, read_write_ratio: 4}
components:
  web: {kind: client}
  svc: {kind: service, capacity_rps: 100000}
  cache: {kind: cache, hit_ratio: 0.9}
  db: {kind: database, capacity_rps: 50000}
links:
  - {from: web, to: svc}
  - {from: svc, to: cache, access: read}
  - {from: svc, to: db}
",
    );
    let (s, m) = model(&d);
    let db = at(&s, "db");
    assert!(close(m.reads[db], 800.0), "{}", m.reads[db]);
    assert!(close(m.writes[db], 2_000.0));
    assert!(close(m.load[db], 2_800.0));
}

#[test]
fn competing_consumers_split_by_capacity_and_fanout_copies() {
    // 1,000 messages/s; consumers of 300 and 100 rps compete: 750 and 250.
    let d = load(
        "requirements: {peak_rps: 1000}
components:
  web: {kind: client}
  q: {kind: queue}
  a: {kind: worker, capacity_rps: 300}
  b: {kind: worker, capacity_rps: 100}
links:
  - {from: web, to: q, protocol: sqs}
  - {from: q, to: a, protocol: sqs}
  - {from: q, to: b, protocol: sqs}
",
    );
    let (s, m) = model(&d);
    assert!(close(m.load[at(&s, "a")], 750.0));
    assert!(close(m.load[at(&s, "b")], 250.0));
    let fanout = load(
        "requirements: {peak_rps: 1000}
components:
  web: {kind: client}
  q: {kind: queue, delivery: fanout}
  a: {kind: worker, capacity_rps: 300}
  b: {kind: worker, capacity_rps: 100}
links:
  - {from: web, to: q, protocol: sqs}
  - {from: q, to: a, protocol: sqs}
  - {from: q, to: b, protocol: sqs}
",
    );
    let (s, m) = model(&fanout);
    assert!(close(m.load[at(&s, "a")], 1000.0) && close(m.load[at(&s, "b")], 1000.0));
}

#[test]
fn a_cdc_relay_carries_the_writes_of_its_store() {
    // 1,000 requests, 1 in 5 a write (ratio 4): 200 writes reach the
    // database, and the outbox relay reading it by CDC carries those 200
    // on to the queue, not 0 (version 1) and not the 1,000.
    let d = load(
        "requirements: {peak_rps: 1000, read_write_ratio: 4}
components:
  web: {kind: client}
  svc: {kind: service, capacity_rps: 10000}
  db: {kind: database, capacity_rps: 10000}
  relay: {kind: worker}
  q: {kind: queue}
links:
  - {from: web, to: svc}
  - {from: svc, to: db}
  - {from: db, to: relay, protocol: cdc}
  - {from: relay, to: q, protocol: sqs}
",
    );
    let (s, m) = model(&d);
    assert!(close(m.load[at(&s, "relay")], 200.0), "{}", m.load[at(&s, "relay")]);
    assert!(close(m.load[at(&s, "q")], 200.0));
}

#[test]
fn flows_carry_their_own_load_down_their_own_path() {
    // Posting never calls ads; reading does. Each flow gets its rps.
    let d = load(
        "requirements: {peak_rps: 1000, availability_slo: 99.9}
components:
  user: {kind: client}
  svc: {kind: service, capacity_rps: 100000, replicas: 2}
  db: {kind: database, capacity_rps: 100000, replicas: 2}
  ads: {kind: external, availability: 99.5}
links:
  - {from: user, to: svc}
  - {from: svc, to: db}
  - {from: svc, to: ads}
flows:
  post: {from: user, rps: 100, via: [svc, db]}
  read: {from: user, rps: 900, via: [svc, db, ads]}
",
    );
    let (s, m) = model(&d);
    assert!(close(m.load[at(&s, "ads")], 900.0));
    assert!(close(m.load[at(&s, "svc")], 1000.0));
    let post = m.flows.iter().find(|f| f.id == "post").unwrap();
    let read = m.flows.iter().find(|f| f.id == "read").unwrap();
    assert!(!post.weakest.contains(&at(&s, "ads")));
    assert_eq!(read.weakest.first(), Some(&at(&s, "ads")));
    assert!(post.availability > 0.999 && read.availability < 0.995);
}

#[test]
fn a_busy_component_waits_as_erlang_c_says() {
    // One replica of 100 rps with S = 10 ms: c = round(100 x 10 / 1000) = 1
    // server, at 80 rps u = 0.8: M/M/1 wait 0.8 x 10 / 0.2 = 40 ms, so the
    // component takes 50 ms at peak, not its idle 10.
    let d = load(
        "requirements: {peak_rps: 80}
components:
  web: {kind: client}
  svc: {kind: service, capacity_rps: 100, latency_ms: 10}
links:
  - {from: web, to: svc}
",
    );
    let (s, m) = model(&d);
    assert!(close(m.own_latency[at(&s, "svc")], 50.0), "{}", m.own_latency[at(&s, "svc")]);
    assert!(close(m.flows[0].latency.unwrap(), 50.0));
    let (factor, first) = m.headroom.clone().unwrap();
    assert!(close(factor, 1.25));
    assert_eq!(first, [at(&s, "svc")]);
}

/// One draw of a component: a log-normal of mean `mean` and p99 `p99`.
fn draw(rng: &mut Rng, mean: f64, p99: f64) -> f64 {
    let ln = LogNormal::fit(mean, p99).unwrap();
    (ln.mu + ln.sigma * rng.normal()).exp()
}

#[test]
fn a_branching_flow_p99_matches_a_million_sample_monte_carlo() {
    // api (20 ms, p99 60) reads the cache (1 ms, p99 3) and, on the 30%
    // misses, the database (8 ms, p99 40); 1 in 4 requests also calls the
    // external (100 ms, p99 300) and every request calls auth twice (2 ms,
    // p99 6). No load enters, so nothing waits.
    let d = load(
        "components:
  web: {kind: client}
  api: {kind: service}
  cache: {kind: cache, hit_ratio: 0.7}
  db: {kind: database, latency_ms: 8, p99_ms: 40}
  ext: {kind: external}
  auth: {kind: service, latency_ms: 2}
links:
  - {from: web, to: api}
  - {from: api, to: cache, access: read}
  - {from: api, to: db, access: read}
  - {from: api, to: ext, calls: 0.25}
  - {from: api, to: auth, calls: 2}
",
    );
    let (_, m) = model(&d);
    let flow = &m.flows[0];
    assert!(flow.sampled);
    let mut rng = Rng::new(12345);
    let n = 1_000_000;
    let mut samples: Vec<f64> = (0..n)
        .map(|_| {
            let mut t = draw(&mut rng, 20.0, 60.0) + draw(&mut rng, 1.0, 3.0);
            if rng.uniform() < 0.3 {
                t += draw(&mut rng, 8.0, 40.0);
            }
            if rng.uniform() < 0.25 {
                t += draw(&mut rng, 100.0, 300.0);
            }
            t + draw(&mut rng, 2.0, 6.0) + draw(&mut rng, 2.0, 6.0)
        })
        .collect();
    samples.sort_unstable_by(f64::total_cmp);
    let (p50, p99) = (samples[n / 2], samples[n * 99 / 100]);
    let mean: f64 = samples.iter().sum::<f64>() / n as f64;
    let within = |got: f64, want: f64| (got - want).abs() <= 0.05 * want;
    assert!(within(flow.p99.unwrap(), p99), "p99 {} vs Monte Carlo {p99}", flow.p99.unwrap());
    assert!(within(flow.p50.unwrap(), p50), "p50 {} vs Monte Carlo {p50}", flow.p50.unwrap());
    // The mean is exact: 20 + 1 + 0.3 x 8 + 0.25 x 100 + 2 x 2 = 52.4.
    assert!(close(flow.latency.unwrap(), 52.4), "{}", flow.latency.unwrap());
    assert!(within(mean, 52.4));
}
