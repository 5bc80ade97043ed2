//! Availability from traces: the success ratio error spans give, and the
//! rule for when a sample is large enough for `--write` to save it.
//!
//! A ratio of successes is only as good as the failures behind it: 2
//! errors in 200 requests says "about 99%", give or take the luck of two
//! events, and 0 errors in 200 says only "above about 98.5%" (3/n). So the
//! observed availability `a` is written only from `MIN_FAILURES / (1 - a)`
//! requests on, that is once the sample holds `MIN_FAILURES` failed
//! requests: a Poisson count of 10 is within about a third of its mean
//! (sqrt(10)/10), so 99.9% needs 10,000 requests and 95% needs 200. A
//! sample with no errors never writes (no count of clean requests proves
//! 100%); the design's number stands.

/// Failed requests a sample needs before its availability is written.
pub const MIN_FAILURES: u64 = 10;

/// What the traces say of one component's availability.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Verdict {
    /// Enough failures: the observed percentage, and the per-replica
    /// availability that gives it through the capacity model's
    /// `1 - (1 - a)^replicas` (the same number with one replica).
    Write { observed: f64, per_replica: f64 },
    /// Some failures, too few to measure: `needed` requests at this
    /// error rate would hold `MIN_FAILURES`.
    TooFew { observed: f64, errors: u64, requests: u64, needed: u64 },
    /// No failures (or no requests): nothing to measure.
    NoErrors,
}

/// Judges a sample of `requests` with `errors` failures, for a component
/// of `replicas` replicas.
pub fn judge(requests: u64, errors: u64, replicas: u32) -> Verdict {
    if requests == 0 || errors == 0 {
        return Verdict::NoErrors;
    }
    let errors = errors.min(requests);
    let down = errors as f64 / requests as f64;
    let observed = 100.0 * (1.0 - down);
    if errors < MIN_FAILURES {
        // MIN_FAILURES / (1 - a) requests, with 1 - a = errors / requests.
        let needed = MIN_FAILURES.saturating_mul(requests).div_ceil(errors);
        return Verdict::TooFew { observed, errors, requests, needed };
    }
    let r = f64::from(replicas.max(1));
    let per_replica = 100.0 * (1.0 - down.powf(1.0 / r));
    Verdict::Write { observed, per_replica: written(per_replica) }
}

/// The value saved: three decimals, inside the field's range (above 0,
/// and never a perfect 100 from a sample that had failures).
fn written(percent: f64) -> f64 {
    let rounded = (percent * 1000.0).round() / 1000.0;
    rounded.clamp(0.001, 99.999)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_failures_make_a_measurement() {
        // 12 of 300 fail: 96%; with one replica that is the number written.
        assert_eq!(judge(300, 12, 1), Verdict::Write { observed: 96.0, per_replica: 96.0 });
        // Two replicas: 1 - (1 - a)^2 = 0.96 gives a = 1 - 0.2 = 80%.
        assert_eq!(judge(300, 12, 2), Verdict::Write { observed: 96.0, per_replica: 80.0 });
        // Exactly ten failures is enough.
        assert!(matches!(judge(10_000, 10, 1), Verdict::Write { per_replica, .. } if per_replica == 99.9));
    }

    #[test]
    fn fewer_failures_say_how_many_requests_it_would_take() {
        // 3 of 300: 99%; 10 / (1 - 0.99) = 1000 requests.
        assert_eq!(judge(300, 3, 1), Verdict::TooFew { observed: 99.0, errors: 3, requests: 300, needed: 1000 });
        // 4 of 40 (the shop's payments): 90%, 100 requests would do.
        assert!(matches!(judge(40, 4, 1), Verdict::TooFew { needed: 100, .. }));
        assert_eq!(judge(5000, 0, 1), Verdict::NoErrors);
        assert_eq!(judge(0, 0, 1), Verdict::NoErrors);
    }

    #[test]
    fn written_values_stay_in_range() {
        // Every request failed: the field takes no 0.
        assert!(matches!(judge(20, 20, 1), Verdict::Write { per_replica, .. } if per_replica == 0.001));
        // Ten failures in ten million rounds to 100: kept below it.
        assert!(matches!(judge(10_000_000, 10, 1), Verdict::Write { per_replica, .. } if per_replica == 99.999));
    }
}
