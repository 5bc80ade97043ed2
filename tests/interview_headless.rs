//! Every shipped script, run headless end to end, with answer sets that
//! between them take every branch: each conditional question is asked in
//! one run and passed over in another, and each conditional effect fires
//! in one run and stays quiet in another where its question was asked.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use archcrit_core::examples::example;
use archcrit_core::file::{load_str, to_yaml};
use archcrit_core::interview::{
    FollowUpRequest, FollowUps, HeadlessRun, Library, Offline, Script, Session, SummaryRequest, parse_answers, run,
};
use archcrit_core::model::{Design, Edit, Kind, Zone};

fn script(id: &str) -> Arc<Script> {
    Library::built_in().unwrap().find(id).unwrap()
}

/// Stands in for the critic's transformations: marks the design with a
/// zone named after the pattern, so tests can see it was applied.
fn fake_patterns(design: &Design, id: &str) -> Result<Option<Edit>, String> {
    let name = format!("pattern-{id}");
    Ok((!design.zones().contains_key(&name)).then(|| Edit::SetZone { name, zone: Some(Zone::default()) }))
}

fn id(s: &str) -> archcrit_core::model::ComponentId {
    archcrit_core::model::ComponentId::new(s).unwrap()
}

fn fixed_clock() -> String {
    "2025-01-02T03:04:05Z".into()
}

fn run_script(script: &Arc<Script>, design: &Design, answers: &str) -> HeadlessRun {
    let answers = parse_answers(answers, "answers.yaml").unwrap_or_else(|e| panic!("{e}"));
    let session = Session::start(script.clone()).with_patterns(fake_patterns).with_clock(fixed_clock);
    let result = run(session, design, &answers, &mut Offline).unwrap_or_else(|e| panic!("{}: {e}", script.id));
    assert!(result.unused.is_empty(), "{}: unused answers {:?}", script.id, result.unused);
    assert_eq!(result.design.verify(), Ok(()));
    // What was written reads back the same.
    let again = load_str(&to_yaml(&result.design), "round-trip").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again, result.design);
    result
}

/// The fake patterns applied to a design.
fn patterns(design: &Design) -> Vec<&str> {
    design.zones().keys().map(String::as_str).filter(|z| z.starts_with("pattern-")).collect()
}

fn shipped(name: &str) -> Design {
    load_str(example(name).unwrap(), name).unwrap()
}

/// Which questions were asked and which effects fired, over several runs.
#[derive(Default)]
struct Coverage {
    asked: HashMap<String, usize>,
    runs: usize,
    /// (question, effect index) -> (fired, asked but quiet)
    effects: HashMap<(String, usize), (bool, bool)>,
}

impl Coverage {
    fn add(&mut self, script: &Script, result: &HeadlessRun) {
        self.runs += 1;
        for o in &result.outcomes {
            *self.asked.entry(o.entry.question.clone()).or_default() += 1;
            if o.entry.answer.is_empty() {
                continue;
            }
            let q = script.question(&o.entry.question).unwrap();
            for i in 0..q.effects.len() {
                let slot = self.effects.entry((q.id.clone(), i)).or_default();
                if o.fired.contains(&i) {
                    slot.0 = true;
                } else {
                    slot.1 = true;
                }
            }
        }
    }

    fn assert_complete(&self, script: &Script) {
        let mut missing = BTreeSet::new();
        for q in &script.questions {
            let asked = self.asked.get(&q.id).copied().unwrap_or(0);
            if asked == 0 {
                missing.insert(format!("{} never asked", q.id));
            }
            if q.when.is_some() && asked == self.runs {
                missing.insert(format!("{} asked in every run: its condition never failed", q.id));
            }
            for (i, e) in q.effects.iter().enumerate() {
                let (fired, quiet) = self.effects.get(&(q.id.clone(), i)).copied().unwrap_or_default();
                if !fired {
                    missing.insert(format!("{} effect {} never fired", q.id, i + 1));
                }
                if e.when.is_some() && !quiet {
                    missing.insert(format!("{} effect {} fired every time", q.id, i + 1));
                }
            }
        }
        assert!(
            missing.is_empty(),
            "{}: branches not exercised:\n  {}",
            script.id,
            missing.into_iter().collect::<Vec<_>>().join("\n  ")
        );
    }
}

const NEW_SYSTEM_GREENFIELD: &str = "
purpose: Sells second-hand books to readers across Europe
clients: [browser, mobile-app, partner-api, internal-tools]
peak_rps: 1200
read_write_ratio: 20
stale_reads: yes
consistency: eventual
datastore: PostgreSQL
data: [pii, payments]
encryption: yes
auth: oauth2
availability: 99.95
replicas: 3
latency: 300
async_work: yes
failed_jobs: dead-letter-queue
integrations: [payments-provider, email, identity-provider]
observability: yes
request_types: browse books 1000, place order 200
";

const NEW_SYSTEM_LEAN: &str = "
purpose: Internal tool that tracks office plants
clients: [partner-api]
peak_rps: 5
read_write_ratio: 1
consistency: strong
datastore: SQLite
data: [health]
encryption: no
auth: none
availability: 99
latency: 2000
async_work: no
integrations: [email, object-storage, search]
observability: no
";

#[test]
fn new_system_runs_end_to_end_on_every_branch() {
    let s = script("new-system");
    let mut coverage = Coverage::default();

    let green = run_script(&s, &Design::new("books"), NEW_SYSTEM_GREENFIELD);
    let d = &green.design;
    assert_eq!(d.description(), Some("Sells second-hand books to readers across Europe"));
    assert_eq!(d.requirements().peak_rps, Some(1200.0));
    assert_eq!(d.requirements().data, ["pii", "payments"]);
    for (id, kind) in
        [("web", Kind::Client), ("mobile", Kind::Client), ("gateway", Kind::Gateway), ("cache", Kind::Cache)]
    {
        assert_eq!(d.component(id).map(|c| c.kind), Some(kind), "{id}");
    }
    assert_eq!(d.component("db").unwrap().tech.as_deref(), Some("PostgreSQL"));
    assert_eq!(d.component("app").unwrap().replicas, Some(3));
    assert_eq!(d.component("jobs").unwrap().dlq, Some(true));
    assert!(d.zones().contains_key("pattern-tls-everywhere"));
    assert_eq!(d.outgoing("web").len(), 1);
    // Four clients share the peak evenly, so each request type typed is
    // split over them (the rates are the system's; none keeps an implicit
    // flow on top of them).
    let clients = d.components().filter(|c| c.kind == Kind::Client).count();
    assert_eq!(clients, 4);
    assert_eq!(d.flow("browse-books-web").and_then(|f| f.rps), Some(250.0));
    assert_eq!(d.flow("browse-books-mobile").and_then(|f| f.rps), Some(250.0));
    let total: f64 = d.flows().values().filter_map(|f| f.rps).sum();
    assert_eq!(total, 1200.0, "browse 1000 + order 200, once");
    let order = d.flow("place-order-mobile").unwrap();
    assert!(order.via.iter().all(|c| c.as_str() != "cache"), "an order is a write: {order:?}");
    assert_eq!(d.interview().len(), green.outcomes.len());
    assert!(d.interview().iter().all(|e| e.script == "new-system" && e.time == "2025-01-02T03:04:05Z"));
    coverage.add(&s, &green);

    let lean = run_script(&s, &Design::new("plants"), NEW_SYSTEM_LEAN);
    let d = &lean.design;
    assert!(d.component("cache").is_none() && d.component("jobs").is_none() && d.component("monitoring").is_none());
    assert!(d.requirements().data == ["health"]);
    assert_eq!(d.component("gateway").unwrap().auth.map(|a| a.to_string()).as_deref(), Some("none"));
    assert!(
        d.outgoing("app").iter().any(|l| l.to.as_str() == "email-provider"),
        "email from the service when there is no worker"
    );
    coverage.add(&s, &lean);

    // An existing design: what it already has is not asked again, and
    // bound questions left unanswered keep the design's values.
    let shop = shipped("shop");
    let existing = run_script(
        &s,
        &shop,
        "purpose: The shop\ndata: none\nasync_work: yes\nfailed_jobs: retried-forever\nintegrations: none\n",
    );
    let asked: Vec<&str> = existing.outcomes.iter().map(|o| o.entry.question.as_str()).collect();
    for not_asked in ["clients", "datastore", "observability", "stale_reads"] {
        assert!(!asked.contains(&not_asked), "{not_asked} asked of a design that has it");
    }
    assert_eq!(existing.design.requirements().peak_rps, shop.requirements().peak_rps);
    assert!(existing.design.requirements().data.is_empty());
    assert_eq!(
        existing.design.component_count(),
        shop.component_count(),
        "a design with a queue and worker gets none added"
    );
    coverage.add(&s, &existing);

    // A platform with a gateway and a service but no clients drawn yet.
    let platform = load_str(
        "archcrit: 1\nname: platform\ncomponents:\n  edge: {kind: gateway}\n  core: {kind: service}\n",
        "platform",
    )
    .unwrap();
    let internal =
        run_script(&s, &platform, "purpose: Platform API\nclients: [browser]\nread_write_ratio: 5\nstale_reads: no\n");
    let d = &internal.design;
    assert!(d.component("gateway").is_none() && d.component("app").is_none(), "kept the existing gateway and service");
    assert!(d.link(&archcrit_core::model::LinkKey::new(id("web"), id("edge"), Some("https"))).is_some());
    assert!(d.component("cache").is_none());
    coverage.add(&s, &internal);

    // Skipping the callers leaves no entry, so there is no front door to ask about.
    let skipped = run_script(&s, &Design::new("sketch"), "purpose: A sketch\nclients: ~\n");
    assert!(skipped.outcomes.iter().all(|o| o.entry.question != "auth"));
    coverage.add(&s, &skipped);

    coverage.assert_complete(&s);
}

#[test]
fn production_readiness_runs_end_to_end_on_every_branch() {
    let s = script("production-readiness");
    let mut coverage = Coverage::default();

    let payments = shipped("payments");
    let all_good = run_script(
        &s,
        &payments,
        "owner: Payments team, runbook in the wiki\navailability: 99.95\nlatency: 400\npeak_rps: 300\nload_tested: yes\n\
         redundancy: yes\ndb_failover: yes\nbackups: this-quarter\nauth: oauth2\nrate_limited: yes\nrate_limit: 50\n\
         tls: yes\npoison_messages: dead-letter-queue\nobservability: datadog\ntimeouts: yes\ndeploys: canary\n",
    );
    let d = &all_good.design;
    assert!(d.components().filter(|c| c.kind == Kind::Service).all(|c| c.effective_replicas() >= 2));
    assert!(d.components().filter(|c| c.kind == Kind::Database).all(|c| c.effective_replicas() >= 2));
    assert!(d.components().filter(|c| c.kind == Kind::Queue).all(|c| c.dlq == Some(true)));
    assert_eq!(d.component("monitoring").unwrap().tech.as_deref(), Some("datadog"));
    assert!(patterns(d).is_empty(), "no pattern applied when everything is in place: {:?}", patterns(d));
    coverage.add(&s, &all_good);

    let chat = shipped("chat");
    let gaps = run_script(
        &s,
        &chat,
        "owner: nobody yet\navailability: 99.9\nlatency: 250\npeak_rps: 2000\nload_tested: no\nredundancy: no\n\
         add_redundancy: yes\ndb_failover: no\nbackups: never\nauth: jwt\nrate_limited: no\nadd_rate_limit: yes\n\
         tls: no\nadd_tls: yes\npoison_messages: dead-letter-queue\nobservability: nowhere-yet\ntimeouts: no\n\
         deploys: all-at-once\nrollback_minutes: 45\n",
    );
    let d = &gaps.design;
    for pattern in ["redundancy", "rate-limiting", "tls-everywhere", "observability"] {
        assert!(d.zones().contains_key(&format!("pattern-{pattern}")), "{pattern} not applied");
    }
    assert!(d.components().filter(|c| c.kind == Kind::Stream).all(|c| c.dlq == Some(true)));
    coverage.add(&s, &gaps);

    let declines = run_script(
        &s,
        &payments,
        "owner: ops\nredundancy: no\nadd_redundancy: no\nrate_limited: no\nadd_rate_limit: no\ntls: no\nadd_tls: no\n\
         poison_messages: dropped\nobservability: prometheus-grafana\ndeploys: rolling\n",
    );
    assert_eq!(patterns(&declines.design), ["pattern-dead-letter-queue"]);
    coverage.add(&s, &declines);

    // A bare design: nothing to ask about services, databases, queues or entries.
    let bare = run_script(&s, &Design::new("bare"), "owner: me\ntls: yes\ndeploys: canary\n");
    let asked: Vec<&str> = bare.outcomes.iter().map(|o| o.entry.question.as_str()).collect();
    assert!(!asked.contains(&"redundancy") && !asked.contains(&"auth") && !asked.contains(&"load_tested"), "{asked:?}");
    coverage.add(&s, &bare);

    // A design that already has monitoring is not asked where metrics go.
    let shop = run_script(&s, &shipped("shop"), "owner: shop team\n");
    assert!(shop.outcomes.iter().all(|o| o.entry.question != "observability"));
    coverage.add(&s, &shop);

    coverage.assert_complete(&s);
}

#[test]
fn accepted_fixes_are_applied_by_the_critics_transformations() {
    use archcrit_core::critic::critique;
    let payments = shipped("payments");
    let rules = |d: &Design| critique(d).findings.iter().map(|f| f.rule).collect::<Vec<_>>();
    let before = rules(&payments);
    let answers = parse_answers(
        "redundancy: no\nadd_redundancy: yes\nrate_limited: no\nadd_rate_limit: yes\ntls: no\nadd_tls: yes\n\
         observability: nowhere-yet\n",
        "answers.yaml",
    )
    .unwrap();
    // The default session uses the critic's pattern transformations.
    let result = run(Session::start(script("production-readiness")), &payments, &answers, &mut Offline).unwrap();
    let after = rules(&result.design);
    for rule in ["single-point-of-failure", "no-rate-limit", "no-observability"] {
        assert!(before.contains(&rule), "the payments example should start with {rule}");
        assert!(!after.contains(&rule), "{rule} left after its fix was accepted: {after:?}");
    }
    let fix = result.outcomes.iter().find(|o| o.entry.question == "add_redundancy").unwrap();
    assert!(fix.entry.effects.iter().any(|e| e.contains("replicas")), "{:?}", fix.entry.effects);
}

#[test]
fn scaling_runs_end_to_end_on_every_branch() {
    let s = script("scaling");
    let mut coverage = Coverage::default();

    let shop = shipped("shop");
    let read_heavy = run_script(
        &s,
        &shop,
        "peak_rps: 12000\ngrowth_driver: more-users\nread_write_ratio: 30\nhit_ratio: 0.9\nin_memory_state: yes\n\
         externalize_state: yes\nreplicas: 6\ncapacity_rps: 800\ndb_nodes: 3\nbursts: no\nautoscaling: request-rate\n",
    );
    let d = &read_heavy.design;
    assert_eq!(d.requirements().peak_rps, Some(12000.0));
    assert!(
        d.components().filter(|c| c.kind == Kind::Service).all(|c| c.replicas == Some(6) && c.stateful == Some(false))
    );
    assert!(d.components().filter(|c| c.kind == Kind::Database).all(|c| c.replicas == Some(3)));
    assert_eq!(d.components().find(|c| c.kind == Kind::Cache).unwrap().hit_ratio, Some(0.9));
    assert!(d.component("session-store").is_some());
    assert_eq!(d.incoming("session-store").len(), 2);
    coverage.add(&s, &read_heavy);

    // A write-heavy design without a cache or queue.
    let mut write_heavy = Design::new("ledger");
    let text = "archcrit: 1\nname: ledger\ncomponents:\n  web: {kind: client}\n  api: {kind: service}\n  db: {kind: database}\n\
                links:\n  - {from: web, to: api, protocol: https}\n  - {from: api, to: db, protocol: sql}\n";
    write_heavy = load_str(text, "ledger").unwrap_or(write_heavy);
    let writes = run_script(
        &s,
        &write_heavy,
        "peak_rps: 900\ngrowth_driver: batch-jobs\nread_write_ratio: 0.5\nin_memory_state: no\nreplicas: 2\n\
         partition_key: tenant\nbursts: yes\nlevel_load: yes\nautoscaling: queue-depth\n",
    );
    assert!(writes.design.zones().contains_key("pattern-queue-load-leveling"));
    assert_eq!(writes.design.component("api").unwrap().stateful, Some(false));
    coverage.add(&s, &writes);

    let reads_no_cache = run_script(
        &s,
        &write_heavy,
        "peak_rps: 300\ngrowth_driver: new-features\nread_write_ratio: 10\nstale_reads: yes\nin_memory_state: yes\n\
         externalize_state: no\nbursts: yes\nlevel_load: no\nautoscaling: manual\n",
    );
    assert!(reads_no_cache.design.zones().contains_key("pattern-cache-aside"));
    assert_eq!(reads_no_cache.design.component("api").unwrap().stateful, Some(true));
    coverage.add(&s, &reads_no_cache);

    let declined = run_script(&s, &write_heavy, "read_write_ratio: 8\nstale_reads: no\nbursts: no\n");
    assert!(patterns(&declined.design).is_empty());
    coverage.add(&s, &declined);

    let empty = run_script(&s, &Design::new("empty"), "peak_rps: 10\n");
    coverage.add(&s, &empty);

    coverage.assert_complete(&s);
}

/// The scripts the end-to-end tests above cover; a new built-in needs one.
const COVERED: [&str; 3] = ["new-system", "production-readiness", "scaling"];

#[test]
fn every_built_in_script_has_an_end_to_end_test() {
    let mut shipped: Vec<String> = Library::built_in().unwrap().scripts().iter().map(|s| s.id.clone()).collect();
    shipped.sort();
    assert_eq!(shipped, COVERED, "add an *_runs_end_to_end_on_every_branch test for each new script");
}

/// A synchronous follow-up source, as a headless run with a model would use.
struct Asks(Vec<String>);

impl FollowUps for Asks {
    fn follow_ups(&mut self, request: &FollowUpRequest, _: &Design) -> Vec<String> {
        if request.question == "purpose" { self.0.clone() } else { Vec::new() }
    }
    fn summary(&mut self, request: &SummaryRequest, _: &Design) -> Option<String> {
        Some(format!("{} answers", request.entries.len()))
    }
}

#[test]
fn headless_follow_ups_are_answered_from_the_answers_file_and_at_most_two_asked() {
    let answers = parse_answers(
        "purpose: Sells books\npurpose.follow-up-1: Readers\npurpose.follow-up-2: ~\nclients: browser\n",
        "answers.yaml",
    )
    .unwrap();
    let asks = vec!["Who buys?".to_string(), "Where?".to_string(), "A third?".to_string()];
    let session = Session::start(script("new-system")).with_clock(fixed_clock);
    let result = run(session, &Design::new("b"), &answers, &mut Asks(asks)).unwrap();
    let entries: Vec<(&str, &str, &str)> = result
        .design
        .interview()
        .iter()
        .take(4)
        .map(|e| (e.question.as_str(), e.ask.as_str(), e.answer.as_str()))
        .collect();
    assert_eq!(
        entries,
        [
            ("purpose", entries[0].1, "Sells books"),
            ("purpose.follow-up-1", "Who buys?", "Readers"),
            ("purpose.follow-up-2", "Where?", ""),
            ("clients", entries[3].1, "browser"),
        ]
    );
    assert!(result.unused.is_empty());
    assert_eq!(result.summary.as_deref(), Some(format!("{} answers", result.outcomes.len()).as_str()));

    // Offline the same answers file asks no follow-ups: theirs go unused.
    let session = Session::start(script("new-system")).with_clock(fixed_clock);
    let offline = run(session, &Design::new("b"), &answers, &mut Offline).unwrap();
    assert_eq!(offline.unused, ["purpose.follow-up-1", "purpose.follow-up-2"]);
    assert!(offline.summary.is_none());
    assert!(!offline.design.interview().iter().any(|e| e.question.contains(".follow-up-")));
}

/// An answer that changes nothing says why, so nobody wonders whether it
/// was heard: the design already held it, or it only steers later questions.
#[test]
fn answers_that_change_nothing_say_why() {
    let shop = shipped("shop");
    let result = run_script(
        &script("scaling"),
        &shop,
        "peak_rps: 5000\ngrowth_driver: batch-jobs\nread_write_ratio: 20\nhit_ratio: 0.8\nin_memory_state: no\nreplicas: 3\ncapacity_rps: 800\ndb_nodes: 2\n",
    );
    let notes = |question: &str| -> Vec<String> {
        result.outcomes.iter().find(|o| o.entry.question == question).map(|o| o.notes.clone()).unwrap_or_default()
    };
    let held = shop.component("catalog").and_then(|c| c.capacity_rps);
    assert_eq!(held, Some(800.0), "the shop's catalog is measured at 800 rps");
    assert_eq!(notes("capacity_rps"), ["catalog already capacity_rps = 800: no change"]);
    assert_eq!(notes("db_nodes"), ["orders-db, catalog-db already replicas = 2: no change"]);
    let growth = notes("growth_driver");
    assert_eq!(growth.len(), 1, "{growth:?}");
    assert!(growth[0].starts_with("recorded"), "{growth:?}");
    // An answer that changed the design carries no such note.
    assert!(notes("peak_rps").is_empty(), "{:?}", notes("peak_rps"));
}
