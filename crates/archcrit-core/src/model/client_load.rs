//! How a design's load enters it: each client's own `rps`, or an even
//! share of what `peak_rps` leaves once the clients that state theirs are
//! counted (never below zero). The critic's capacity model and the
//! interview's request-type split both read it from here, so they never
//! disagree on who sends what.

use super::{Component, Design, Kind};

/// The split of the design's entering load over its clients.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClientLoad {
    /// What a client without its own `rps` sends.
    unset_share: f64,
    /// Whether any load is stated at all (`peak_rps` or a client's `rps`).
    stated: bool,
}

impl ClientLoad {
    /// What `client` sends into the design, in requests per second.
    pub fn entering(&self, client: &Component) -> f64 {
        client.rps.map(clean).unwrap_or(self.unset_share)
    }

    /// Whether the design states any load (else nothing enters).
    pub fn stated(&self) -> bool {
        self.stated
    }
}

impl Design {
    /// How the stated load splits over the clients.
    pub fn client_load(&self) -> ClientLoad {
        let peak = self.requirements().peak_rps.map(clean);
        let (mut set_total, mut unset, mut any_rps) = (0.0_f64, 0_usize, false);
        for client in self.components().filter(|c| c.kind == Kind::Client) {
            match client.rps {
                Some(rps) => {
                    set_total = clean(set_total + clean(rps));
                    any_rps = true;
                }
                None => unset += 1,
            }
        }
        let unset_share = match peak {
            Some(p) if unset > 0 => clean((p - set_total) / unset as f64),
            _ => 0.0,
        };
        ClientLoad { unset_share, stated: peak.is_some() || any_rps }
    }
}

/// A rate as arithmetic can use it: NaN counts as nothing, infinities as
/// the largest finite rate, negatives as zero.
fn clean(x: f64) -> f64 {
    if x.is_nan() { 0.0 } else { x.clamp(0.0, f64::MAX) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn design(text: &str) -> Design {
        crate::file::load_str(&format!("archcrit: 1\nname: t\n{text}"), "t.yaml").unwrap()
    }

    #[test]
    fn clients_without_rps_share_what_the_peak_leaves() {
        let d = design(
            "requirements: {peak_rps: 1000}\ncomponents:\n  web: {kind: client, rps: 400}\n  ios: {kind: client}\n  android: {kind: client}\n",
        );
        let load = d.client_load();
        let rps = |id: &str| load.entering(d.component(id).unwrap());
        assert_eq!((rps("web"), rps("ios"), rps("android")), (400.0, 300.0, 300.0));
        assert!(load.stated());
    }

    #[test]
    fn stated_rates_past_the_peak_leave_nothing_and_nothing_stated_sends_nothing() {
        let d = design(
            "requirements: {peak_rps: 100}\ncomponents:\n  web: {kind: client, rps: 400}\n  ios: {kind: client}\n",
        );
        assert_eq!(d.client_load().entering(d.component("ios").unwrap()), 0.0);
        let d = design("components:\n  web: {kind: client}\n");
        assert_eq!(d.client_load().entering(d.component("web").unwrap()), 0.0);
        assert!(!d.client_load().stated());
    }
}
