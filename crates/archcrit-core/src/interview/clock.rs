//! Timestamps for transcript entries (RFC 3339, UTC, whole seconds); the
//! calendar arithmetic is the `time` crate's.

use std::time::{SystemTime, UNIX_EPOCH};

/// A source of "now" as RFC 3339 text; tests pass a fixed one.
pub type Clock = fn() -> String;

/// The system clock.
pub fn now() -> String {
    let secs = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    rfc3339(secs)
}

/// Seconds since the Unix epoch as `YYYY-MM-DDTHH:MM:SSZ` (the calendar
/// is the `time` crate's; past its range, the epoch).
pub fn rfc3339(secs: u64) -> String {
    let at = i64::try_from(secs)
        .ok()
        .and_then(|s| time::OffsetDateTime::from_unix_timestamp(s).ok())
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_instants() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_767_225_599), "2025-12-31T23:59:59Z");
        assert!(now().ends_with('Z') && now().len() == 20);
    }
}
