//! Human-readable ages, exactly as kubectl prints them.
//!
//! Ports `k8s.io/apimachinery/pkg/util/duration/duration.go` (`HumanDuration`,
//! `ShortHumanDuration`) and `translateTimestampSince` from
//! `pkg/printers/internalversion/printers.go`.

use jiff::{SignedDuration, Timestamp};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{MicroTime, Time};

const MINUTE: i64 = 60;
const HOUR: i64 = 60 * MINUTE;
const DAY_HOURS: i64 = 24;
const YEAR_DAYS: i64 = 365;

/// Formats a duration the way every AGE / DURATION / LAST SEEN column does
/// (`duration.HumanDuration`): about 2-3 significant figures, `<invalid>` for
/// more than a second in the future, `0s` for clock skew under two seconds.
pub fn human_duration(d: SignedDuration) -> String {
    // Go: int(d.Seconds()) truncates toward zero, as does as_secs().
    let seconds = d.as_secs();
    if seconds < -1 {
        return "<invalid>".to_string();
    } else if seconds < 0 {
        return "0s".to_string();
    } else if seconds < MINUTE * 2 {
        return format!("{seconds}s");
    }
    let minutes = seconds / MINUTE;
    if minutes < 10 {
        let s = seconds % MINUTE;
        if s == 0 {
            return format!("{minutes}m");
        }
        return format!("{minutes}m{s}s");
    } else if minutes < 60 * 3 {
        return format!("{minutes}m");
    }
    let hours = seconds / HOUR;
    if hours < 8 {
        let m = minutes % 60;
        if m == 0 {
            return format!("{hours}h");
        }
        return format!("{hours}h{m}m");
    } else if hours < 48 {
        return format!("{hours}h");
    } else if hours < DAY_HOURS * 8 {
        let h = hours % DAY_HOURS;
        if h == 0 {
            return format!("{}d", hours / DAY_HOURS);
        }
        return format!("{}d{}h", hours / DAY_HOURS, h);
    } else if hours < DAY_HOURS * YEAR_DAYS * 2 {
        return format!("{}d", hours / DAY_HOURS);
    } else if hours < DAY_HOURS * YEAR_DAYS * 8 {
        let dy = (hours / DAY_HOURS) % YEAR_DAYS;
        if dy == 0 {
            return format!("{}y", hours / DAY_HOURS / YEAR_DAYS);
        }
        return format!("{}y{}d", hours / DAY_HOURS / YEAR_DAYS, dy);
    }
    format!("{}y", hours / DAY_HOURS / YEAR_DAYS)
}

/// The one-unit variant (`duration.ShortHumanDuration`), used by a few
/// kubectl views such as `kubectl events`; kept beside `human_duration` so
/// callers never hand-roll either.
pub fn short_human_duration(d: SignedDuration) -> String {
    let seconds = d.as_secs();
    if seconds < -1 {
        return "<invalid>".to_string();
    } else if seconds < 0 {
        return "0s".to_string();
    } else if seconds < MINUTE {
        return format!("{seconds}s");
    }
    let minutes = seconds / MINUTE;
    if minutes < 60 {
        return format!("{minutes}m");
    }
    let hours = seconds / HOUR;
    if hours < DAY_HOURS {
        return format!("{hours}h");
    } else if hours < DAY_HOURS * YEAR_DAYS {
        return format!("{}d", hours / DAY_HOURS);
    }
    format!("{}y", hours / DAY_HOURS / YEAR_DAYS)
}

/// `translateTimestampSince`: the age of a timestamp at `now`, or
/// `<unknown>` when the timestamp is unset (Go's zero `metav1.Time`).
pub fn translate_timestamp_since(t: Option<&Time>, now: Timestamp) -> String {
    match t {
        Some(t) => human_duration(now.duration_since(t.0)),
        None => "<unknown>".to_string(),
    }
}

/// `translateMicroTimestampSince`: as [`translate_timestamp_since`] for the
/// `MicroTime` fields of events (`eventTime`, `series.lastObservedTime`).
pub fn translate_micro_timestamp_since(t: Option<&MicroTime>, now: Timestamp) -> String {
    match t {
        Some(t) => human_duration(now.duration_since(t.0)),
        None => "<unknown>".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: i64) -> SignedDuration {
        SignedDuration::from_secs(s)
    }
    fn ms(m: i64) -> SignedDuration {
        SignedDuration::from_millis(m)
    }
    const M: i64 = 60;
    const H: i64 = 3600;
    const D: i64 = 24 * H;
    const Y: i64 = 365 * D;

    /// apimachinery duration_test.go TestHumanDuration.
    #[test]
    fn upstream_test_human_duration() {
        let cases = [
            (secs(1), "1s"),
            (secs(70), "70s"),
            (secs(190), "3m10s"),
            (secs(70 * M), "70m"),
            (secs(47 * H), "47h"),
            (secs(49 * H), "2d1h"),
            (secs((8 * 24 + 2) * H), "8d"),
            (secs(367 * 24 * H), "367d"),
            (secs((365 * 2 * 24 + 25) * H), "2y1d"),
            (secs((365 * 8 * 24 + 2) * H), "8y"),
        ];
        for (d, want) in cases {
            assert_eq!(human_duration(d), want, "{d:?}");
        }
    }

    /// apimachinery duration_test.go TestHumanDurationBoundaries.
    #[test]
    fn upstream_test_human_duration_boundaries() {
        let cases = [
            (secs(-2), "<invalid>"),
            (secs(-2) + SignedDuration::from_nanos(1), "0s"),
            (secs(0), "0s"),
            (ms(1000 - 1), "0s"),
            (ms(2 * M * 1000 - 1), "119s"),
            (secs(2 * M), "2m"),
            (secs(2 * M + 1), "2m1s"),
            (ms(10 * M * 1000 - 1), "9m59s"),
            (secs(10 * M), "10m"),
            (secs(10 * M + 1), "10m"),
            (ms(3 * H * 1000 - 1), "179m"),
            (secs(3 * H), "3h"),
            (secs(3 * H + M), "3h1m"),
            (ms(8 * H * 1000 - 1), "7h59m"),
            (secs(8 * H), "8h"),
            (secs(8 * H + 59 * M), "8h"),
            (ms(2 * D * 1000 - 1), "47h"),
            (secs(2 * D), "2d"),
            (secs(2 * D + H), "2d1h"),
            (ms(8 * D * 1000 - 1), "7d23h"),
            (secs(8 * D), "8d"),
            (secs(8 * D + 23 * H), "8d"),
            (ms(2 * Y * 1000 - 1), "729d"),
            (secs(2 * Y), "2y"),
            (secs(2 * Y + 23 * H), "2y"),
            (secs(2 * Y + 23 * H + 59 * M), "2y"),
            (ms((2 * Y + D) * 1000 - 1), "2y"),
            (secs(2 * Y + D), "2y1d"),
            (secs(3 * Y), "3y"),
            (secs(4 * Y), "4y"),
            (secs(5 * Y), "5y"),
            (secs(6 * Y), "6y"),
            (secs(7 * Y), "7y"),
            (ms(8 * Y * 1000 - 1), "7y364d"),
            (secs(8 * Y), "8y"),
            (secs(8 * Y + 364 * D), "8y"),
            (secs(9 * Y), "9y"),
        ];
        for (d, want) in cases {
            assert_eq!(human_duration(d), want, "{d:?}");
        }
    }

    /// apimachinery duration_test.go TestShortHumanDurationBoundaries.
    #[test]
    fn upstream_test_short_human_duration_boundaries() {
        let cases = [
            (secs(-2), "<invalid>"),
            (secs(-2) + SignedDuration::from_nanos(1), "0s"),
            (secs(0), "0s"),
            (ms(999), "0s"),
            (secs(1), "1s"),
            (ms(1999), "1s"),
            (ms(M * 1000 - 1), "59s"),
            (secs(M), "1m"),
            (ms(2 * M * 1000 - 1), "1m"),
            (ms(H * 1000 - 1), "59m"),
            (secs(H), "1h"),
            (ms(2 * H * 1000 - 1), "1h"),
            (ms(D * 1000 - 1), "23h"),
            (secs(D), "1d"),
            (ms(2 * D * 1000 - 1), "1d"),
            (ms(Y * 1000 - 1), "364d"),
            (secs(Y), "1y"),
            (ms(2 * Y * 1000 - 1), "1y"),
            (secs(2 * Y), "2y"),
        ];
        for (d, want) in cases {
            assert_eq!(short_human_duration(d), want, "{d:?}");
        }
    }

    /// printers_test.go TestTranslateTimestampSince.
    #[test]
    fn upstream_test_translate_timestamp_since() {
        let now: Timestamp = "2024-06-01T12:00:00Z".parse().unwrap();
        let at = |d: SignedDuration| Time(now.checked_add(d).unwrap());
        let cases = [
            (Some(at(ms(2100))), "<invalid>"),
            (Some(at(ms(1900))), "0s"),
            (Some(at(secs(0))), "0s"),
            (None, "<unknown>"),
            (Some(at(secs(-30))), "30s"),
            (Some(at(secs(-300))), "5m"),
            (Some(at(secs(-6000))), "100m"),
            (Some(at(secs(-2 * D))), "2d"),
            (Some(at(secs(-90 * D))), "90d"),
            (Some(at(secs(-10 * Y))), "10y"),
        ];
        for (t, want) in cases {
            assert_eq!(translate_timestamp_since(t.as_ref(), now), want, "{t:?}");
        }
    }

    #[test]
    fn micro_time_unset_is_unknown() {
        let now: Timestamp = "2024-06-01T12:00:00Z".parse().unwrap();
        assert_eq!(translate_micro_timestamp_since(None, now), "<unknown>");
        let t = MicroTime(now.checked_sub(secs(42)).unwrap());
        assert_eq!(translate_micro_timestamp_since(Some(&t), now), "42s");
    }
}
