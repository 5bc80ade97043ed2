//! Reading how long a server asks us to wait: `Retry-After` as seconds or
//! as an HTTP date (RFC 9110), and the millisecond `retry-after-ms` that
//! OpenAI and Azure send beside it. Pure: the caller passes the clock.

use std::time::{Duration, SystemTime};

/// The wait a response asks for, if its headers say one we can read.
/// `retry_after_ms` wins because it is the more precise of the two.
pub fn requested_wait(retry_after: Option<&str>, retry_after_ms: Option<&str>, now: SystemTime) -> Option<Duration> {
    if let Some(ms) =
        retry_after_ms.and_then(|v| v.trim().parse::<f64>().ok()).filter(|ms| ms.is_finite() && *ms >= 0.0)
    {
        return Some(Duration::from_secs_f64(ms / 1000.0));
    }
    let value = retry_after?.trim();
    // Integers per the RFC; some servers send fractions, which cost nothing to accept.
    if let Ok(secs) = value.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs.min(u32::MAX as f64)));
    }
    let at = parse_http_date(value)?;
    // A date already past means "now".
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Parses an IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`, the one form
/// RFC 9110 lets servers send; the obsolete RFC 850 and asctime forms are
/// read too, as the RFC asks of recipients (the `httpdate` crate's reader).
pub fn parse_http_date(text: &str) -> Option<SystemTime> {
    httpdate::parse_http_date(text).ok()
}

/// Formats `at` as an IMF-fixdate (for tests and logs).
pub fn format_http_date(at: SystemTime) -> String {
    httpdate::fmt_http_date(at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    #[test]
    fn the_three_http_date_forms_read_the_same() {
        // The RFC's own example: 784111777 s after the epoch.
        let want = Some(at(784_111_777));
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), want);
        assert_eq!(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), want);
        assert_eq!(parse_http_date("Sun Nov  6 08:49:37 1994"), want);
        assert_eq!(format_http_date(at(784_111_777)), "Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(parse_http_date("Thu, 29 Feb 2024 23:59:59 GMT"), Some(at(1_709_251_199)));
        assert_eq!(format_http_date(at(1_709_251_199)), "Thu, 29 Feb 2024 23:59:59 GMT");
    }

    #[test]
    fn nonsense_is_not_a_date() {
        for bad in
            ["", "soon", "Sun, 06 Nov 1994 08:49 GMT", "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT"]
        {
            assert_eq!(parse_http_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn seconds_dates_and_milliseconds_become_a_wait() {
        let now = at(1_000_000);
        assert_eq!(requested_wait(Some("7"), None, now), Some(Duration::from_secs(7)));
        assert_eq!(requested_wait(Some(" 0 "), None, now), Some(Duration::ZERO));
        assert_eq!(requested_wait(Some("1.5"), None, now), Some(Duration::from_millis(1500)));
        assert_eq!(requested_wait(Some(&format_http_date(at(1_000_030))), None, now), Some(Duration::from_secs(30)));
        assert_eq!(
            requested_wait(Some(&format_http_date(at(999_000))), None, now),
            Some(Duration::ZERO),
            "a past date"
        );
        assert_eq!(requested_wait(Some("7"), Some("250"), now), Some(Duration::from_millis(250)));
        assert_eq!(requested_wait(Some("-3"), None, now), None);
        assert_eq!(requested_wait(Some("whenever"), None, now), None);
        assert_eq!(requested_wait(None, None, now), None);
    }
}
