//! Consoles for data stores (Adminer, pgAdmin, phpMyAdmin, Mongo Express,
//! RedisInsight, Kafka UI) name no server in a compose file: whoever logs
//! in types one. Left unlinked they read as leftovers ("no links: it can
//! go"); what they are there for is the stores of the technologies they
//! manage on a network they share, so the import links them there.

use crate::tech::Technology;

/// One service as the console linking sees it.
pub(super) struct View<'a> {
    pub tech: Option<&'static Technology>,
    /// The networks it joins (`zones::joined`).
    pub networks: &'a [String],
    /// Whether the file already links it to something.
    pub linked: bool,
}

/// For each service, the services it manages as a console: only for a
/// console the file links to nothing, and only stores it can reach.
pub(super) fn managed(services: &[View<'_>]) -> Vec<Vec<usize>> {
    services
        .iter()
        .map(|console| {
            let Some(tech) = console.tech.filter(|t| !t.manages.is_empty() && !console.linked) else {
                return Vec::new();
            };
            services
                .iter()
                .enumerate()
                .filter(|(_, store)| store.tech.is_some_and(|s| tech.manages.contains(&s.name)))
                .filter(|(_, store)| store.networks.iter().any(|n| console.networks.contains(n)))
                .map(|(i, _)| i)
                .collect()
        })
        .collect()
}
