//! Usual ranges of numeric fields: a value outside one is accepted (the
//! person may mean it) but echoed with what it was, so a slip (`33` for
//! `3`) does not pass unseen.

use archcrit_core::model::ComponentField;

/// The range most designs keep a field in, as (low, high).
pub(crate) fn usual(field: ComponentField) -> Option<(f64, f64)> {
    use ComponentField as F;
    Some(match field {
        F::Replicas => (1.0, 20.0),
        F::Shards => (1.0, 64.0),
        F::CapacityRps => (1.0, 100_000.0),
        F::LatencyMs => (0.1, 2_000.0),
        F::P99Ms => (1.0, 5_000.0),
        F::Rps => (0.0, 1_000_000.0),
        F::Availability => (90.0, 99.999),
        _ => return None,
    })
}

fn number(text: &str) -> String {
    match text.parse::<f64>() {
        Ok(v) if v.fract() == 0.0 && v.abs() < 1e15 => format!("{}", v as i64),
        _ => text.to_string(),
    }
}

/// "replicas 33 - was 3; usual range 1-20?" when `new` lies outside the
/// field's usual range; `None` when it is usual (or not a number).
pub(crate) fn unusual(field: ComponentField, old: Option<&str>, new: &str) -> Option<String> {
    let (lo, hi) = usual(field)?;
    let value: f64 = new.trim().parse().ok()?;
    if (lo..=hi).contains(&value) {
        return None;
    }
    let was = old.map_or_else(|| "unset".to_string(), number);
    let range = format!("{}-{}", number(&lo.to_string()), number(&hi.to_string()));
    Some(format!("{} {} - was {was}; usual range {range}?", field.as_str(), number(new.trim())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_values_outside_the_usual_range_are_echoed() {
        assert_eq!(
            unusual(ComponentField::Replicas, Some("3"), "33").as_deref(),
            Some("replicas 33 - was 3; usual range 1-20?")
        );
        assert_eq!(unusual(ComponentField::Replicas, Some("3"), "4"), None);
        assert_eq!(unusual(ComponentField::Notes, None, "9999"), None);
        assert!(unusual(ComponentField::Availability, None, "50").is_some_and(|m| m.contains("was unset")));
    }
}
