//! Redis used as a job queue (RQ, Celery, Sidekiq, Bull...) is drawn as a
//! queue, not a cache, when the file shows it: a setting naming the Redis
//! host whose key says broker or queue (`CELERY_BROKER_URL=redis://redis`,
//! `RQ_REDIS_URL`, `QUEUE_HOST`), or a service that links to it running a
//! job library (`rq worker`, `celery -A app worker`, `rq-dashboard -H
//! redis`). A service's name alone never decides, and a Redis named only
//! as a result backend, cache or session store stays a cache.

use crate::file::yaml::Value;

use super::{environment, guess::hosts_in, scalar};

/// Words of a command that name a job-queue library.
const JOB_LIBRARIES: &[&str] =
    &["rq", "celery", "sidekiq", "bull", "bullmq", "resque", "dramatiq", "huey", "arq", "kue", "faktory"];

/// Setting keys (upper case) that name a queue's host.
const QUEUE_KEYS: &[&str] = &["BROKER", "QUEUE", "RQ_", "SIDEKIQ", "BULL", "RESQUE", "JOBS"];

/// Setting keys that name a store used for something else: a Celery
/// result backend, a cache, sessions.
const NOT_QUEUE_KEYS: &[&str] = &["RESULT", "BACKEND", "CACHE", "SESSION"];

/// One service as the queue check sees it.
pub(super) struct View<'a> {
    pub name: &'a str,
    pub body: &'a Value,
    /// Indexes of the services it links to.
    pub targets: Vec<usize>,
}

/// Why a Redis service is a queue (for its notes), or `None`.
pub(super) fn evidence(redis: usize, services: &[View<'_>]) -> Option<String> {
    let host = services[redis].name;
    // A setting whose key says broker or queue and whose value names it.
    for s in services {
        for (key, value) in environment(s.body) {
            let upper = key.to_ascii_uppercase();
            let queue_key = QUEUE_KEYS.iter().any(|k| upper.contains(k));
            let other_use = NOT_QUEUE_KEYS.iter().any(|k| upper.contains(k));
            if queue_key && !other_use && hosts_in(&key, &value).iter().any(|(h, _)| h == host) {
                return Some(format!("{key} in {} names it", s.name));
            }
        }
    }
    // A job library's command in a service that links to it, unless that
    // service's settings put its broker elsewhere (Redis as Celery's result
    // backend beside RabbitMQ).
    for s in services.iter().filter(|s| s.targets.contains(&redis) || names_host(s.body, host)) {
        let words = command_words(s.body);
        let Some(library) = JOB_LIBRARIES.iter().find(|l| words.iter().any(|w| w == *l)) else { continue };
        if broker_elsewhere(s.body, host) {
            continue;
        }
        return Some(format!("{} runs {library}", s.name));
    }
    None
}

/// Whether a service consumes the queue: its command runs a worker
/// (`celery ... worker`, `rq worker`, `sidekiq`, `run_worker`).
pub(super) fn consumes(body: &Value) -> bool {
    command_words(body).iter().any(|w| w == "worker" || w == "sidekiq")
}

/// Whether a service only watches the queue (`rq-dashboard`, Celery's
/// `flower`): it reads its state when asked, so its link stays synchronous.
pub(super) fn watches(body: &Value) -> bool {
    command_words(body).iter().any(|w| w == "dashboard" || w == "flower")
}

/// The words of `command` and `entrypoint`, lower case, split at anything
/// not a letter or digit (`rq-dashboard` is `rq`, `dashboard`).
fn command_words(body: &Value) -> Vec<String> {
    let mut words = Vec::new();
    for key in ["command", "entrypoint"] {
        let text = match body.get(key) {
            Some(Value::Sequence(items)) => items.iter().filter_map(scalar).collect::<Vec<_>>().join(" "),
            Some(v) => scalar(v).unwrap_or_default(),
            None => continue,
        };
        words.extend(
            text.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_ascii_lowercase),
        );
    }
    words
}

/// Whether the command names `host` in a URL (`--broker=redis://redis:6379`)
/// or as an option's value (`-H redis`).
fn names_host(body: &Value, host: &str) -> bool {
    let text = match body.get("command") {
        Some(Value::Sequence(items)) => items.iter().filter_map(scalar).collect::<Vec<_>>().join(" "),
        Some(v) => scalar(v).unwrap_or_default(),
        None => return false,
    };
    text.split([' ', '=']).any(|part| part == host || hosts_in("", part).iter().any(|(h, _)| h == host))
}

/// A `*BROKER*` setting naming a host other than `host`.
fn broker_elsewhere(body: &Value, host: &str) -> bool {
    environment(body).iter().any(|(key, value)| {
        key.to_ascii_uppercase().contains("BROKER") && hosts_in(key, value).iter().any(|(h, _)| h != host)
    })
}
