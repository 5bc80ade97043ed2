//! Redis used as a job queue (RQ, Celery, Sidekiq, Bull...) is drawn as a
//! queue, not a cache, when the file shows it: a setting naming the Redis
//! host whose key says broker or queue (`CELERY_BROKER_URL=redis://redis`,
//! `RQ_REDIS_URL`, `QUEUE_HOST`), or a service that links to it running a
//! job library (`rq worker`, `celery -A app worker`, `rq-dashboard -H
//! redis`). A service's name alone never decides, and a Redis named only
//! as a result backend, cache or session store stays a cache.

use std::collections::HashMap;

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

/// For each service, why it is a queue if it is a Redis (`is_redis`) the
/// file shows used as one (for its notes). One pass over the services'
/// settings and commands, whatever the number of Redis services.
pub(super) fn queues(services: &[View<'_>], is_redis: &[bool]) -> Vec<Option<String>> {
    let index: HashMap<&str, usize> = services.iter().enumerate().map(|(i, s)| (s.name, i)).collect();
    let mut why: Vec<Option<String>> = vec![None; services.len()];
    // A setting whose key says broker or queue and whose value names it.
    for s in services {
        for (key, value) in environment(s.body) {
            let upper = key.to_ascii_uppercase();
            if !QUEUE_KEYS.iter().any(|k| upper.contains(k)) || NOT_QUEUE_KEYS.iter().any(|k| upper.contains(k)) {
                continue;
            }
            for (host, _) in hosts_in(&key, &value) {
                if let Some(&t) = index.get(host.as_str())
                    && is_redis[t]
                    && why[t].is_none()
                {
                    why[t] = Some(format!("{key} in {} names it", s.name));
                }
            }
        }
    }
    // A job library's command in a service that links to it, unless that
    // service's settings put its broker elsewhere (Redis as Celery's result
    // backend beside RabbitMQ).
    for s in services {
        let words = command_words(s.body);
        let Some(library) = JOB_LIBRARIES.iter().find(|l| words.iter().any(|w| w == *l)) else { continue };
        let brokers = brokers(s.body);
        let named = command_hosts(s.body).into_iter().filter_map(|h| index.get(h.as_str()).copied());
        for t in s.targets.iter().copied().chain(named) {
            let host = services[t].name;
            if is_redis[t] && why[t].is_none() && brokers.iter().all(|b| b == host) {
                why[t] = Some(format!("{} runs {library}", s.name));
            }
        }
    }
    why
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

/// The hosts a command names, in a URL (`--broker=redis://redis:6379`) or
/// as a word of its own (`-H redis`).
fn command_hosts(body: &Value) -> Vec<String> {
    let text = match body.get("command") {
        Some(Value::Sequence(items)) => items.iter().filter_map(scalar).collect::<Vec<_>>().join(" "),
        Some(v) => scalar(v).unwrap_or_default(),
        None => return Vec::new(),
    };
    let mut hosts = Vec::new();
    for part in text.split([' ', '=']).filter(|p| !p.is_empty()) {
        let found = hosts_in("", part);
        if found.is_empty() {
            hosts.push(part.to_string());
        }
        hosts.extend(found.into_iter().map(|(h, _)| h));
    }
    hosts
}

/// The hosts a service's `*BROKER*` settings name.
fn brokers(body: &Value) -> Vec<String> {
    environment(body)
        .iter()
        .filter(|(key, _)| key.to_ascii_uppercase().contains("BROKER"))
        .flat_map(|(key, value)| hosts_in(key, value).into_iter().map(|(h, _)| h))
        .collect()
}
