//! Reading how long a server asks us to wait: `Retry-After` as seconds or
//! as an HTTP date (RFC 9110), and the millisecond `retry-after-ms` that
//! OpenAI and Azure send beside it. Pure: the caller passes the clock.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

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
/// read too, as the RFC asks of recipients.
pub fn parse_http_date(text: &str) -> Option<SystemTime> {
    let words: Vec<&str> = text.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    let (day, month, year, clock) = match words.as_slice() {
        // Sun, 06 Nov 1994 08:49:37 GMT
        [_, day, month, year, clock, "GMT"] => (day.parse().ok()?, *month, year.parse().ok()?, *clock),
        // Sunday, 06-Nov-94 08:49:37 GMT
        [_, date, clock, "GMT"] => {
            let mut parts = date.split('-');
            let (day, month, yy) = (parts.next()?, parts.next()?, parts.next()?);
            let yy: i64 = yy.parse().ok()?;
            // Two-digit years: 70-99 are the 1900s, the rest this century (near enough
            // to RFC 9110's fifty-year rule for a header that says "wait until").
            let year = if yy < 100 { if yy < 70 { 2000 + yy } else { 1900 + yy } } else { yy };
            (day.parse().ok()?, month, year, *clock)
        }
        // Sun Nov  6 08:49:37 1994
        [_, month, day, clock, year] => (day.parse().ok()?, *month, year.parse().ok()?, *clock),
        _ => return None,
    };
    let month = month_number(month)?;
    let mut hms = clock.split(':').map(|p| p.parse::<i64>().ok());
    let (hour, minute, second) = (hms.next()??, hms.next()??, hms.next()??);
    if hms.next().is_some() || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let days = days_since_epoch(year, month, day);
    let secs = days * 86_400 + hour * 3_600 + minute * 60 + second;
    let secs = u64::try_from(secs).ok()?;
    UNIX_EPOCH.checked_add(Duration::from_secs(secs))
}

/// Formats `at` as an IMF-fixdate (for tests and logs).
pub fn format_http_date(at: SystemTime) -> String {
    let secs = at.duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0) as i64;
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    format!(
        "{}, {day:02} {} {year} {:02}:{:02}:{:02} GMT",
        WEEKDAYS[days.rem_euclid(7) as usize],
        MONTHS[(month - 1) as usize],
        rest / 3_600,
        rest % 3_600 / 60,
        rest % 60
    )
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

fn month_number(name: &str) -> Option<i64> {
    MONTHS.iter().position(|m| m.eq_ignore_ascii_case(name)).map(|i| i as i64 + 1)
}

/// Days from 1970-01-01 to the given date in the proleptic Gregorian
/// calendar (Howard Hinnant's `days_from_civil`).
fn days_since_epoch(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The inverse of `days_since_epoch`: (year, month, day).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (year_of_era + era * 400 + i64::from(month <= 2), month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

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
