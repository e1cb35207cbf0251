//! Cron schedules exactly as the Kubernetes CronJob controller evaluates them.
//!
//! Kubernetes parses `spec.schedule` with robfig/cron v3 `cron.ParseStandard`
//! (`vendor/github.com/robfig/cron/v3/parser.go`, `spec.go`, `constantdelay.go`)
//! and decides which runs were missed with `mostRecentScheduleTime`,
//! `nextScheduleTime` and `nextScheduleTimeDuration` from
//! `pkg/controller/cronjob/utils.go`. Other cron dialects differ in ways a learner
//! would notice (day-of-month/day-of-week OR rule, `7` for Sunday, macros,
//! field count), so this module ports those Go functions line by line,
//! including the Go `time` package behaviour they rely on (`time.Date`
//! normalisation in DST gaps, `Duration` saturation, `time.ParseDuration`).
//!
//! Times are handled internally as nanoseconds since the Unix epoch (`i128`),
//! so that Go's "zero time" (0001-01-01T00:00:00Z) can be represented too.

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

/// Go `time.Second` in nanoseconds.
const NS_PER_SEC: i128 = 1_000_000_000;
/// robfig `starBit`: set when a field was written with `*` or `?`.
const STAR_BIT: u64 = 1 << 63;
/// Go's zero `time.Time` (January 1, year 1, 00:00:00 UTC) as Unix nanoseconds.
const GO_ZERO_TIME: i128 = -62_135_596_800 * NS_PER_SEC;
/// `nextScheduleDelta` in `pkg/controller/cronjob/cronjob_controllerv2.go`.
const NEXT_SCHEDULE_DELTA_NS: i128 = 100_000_000;
/// Upper bound on the steps of one `Next` search. robfig's search ends after
/// five years of wall-clock time; this only guards against pathological zones.
const MAX_NEXT_STEPS: u32 = 10_000_000;

/// Event reason the controller records when more than 100 start times were missed
/// (`nextScheduleTime` in `pkg/controller/cronjob/utils.go`).
pub const TOO_MANY_MISSED_TIMES_REASON: &str = "TooManyMissedTimes";
/// Event message recorded with [`TOO_MANY_MISSED_TIMES_REASON`].
pub const TOO_MANY_MISSED_TIMES_MESSAGE: &str = "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew";
/// Annotation the controller puts on Jobs with the scheduled time
/// (`batchv1.CronJobScheduledTimestampAnnotation`).
pub const CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION: &str =
    "batch.kubernetes.io/cronjob-scheduled-timestamp";

// ---------------------------------------------------------------------------
// Parser (robfig/cron v3 parser.go)
// ---------------------------------------------------------------------------

/// robfig `ParseOption` bits.
const OPT_SECOND: u32 = 1;
const OPT_SECOND_OPTIONAL: u32 = 1 << 1;
const OPT_MINUTE: u32 = 1 << 2;
const OPT_HOUR: u32 = 1 << 3;
const OPT_DOM: u32 = 1 << 4;
const OPT_MONTH: u32 = 1 << 5;
const OPT_DOW: u32 = 1 << 6;
const OPT_DOW_OPTIONAL: u32 = 1 << 7;
const OPT_DESCRIPTOR: u32 = 1 << 8;
/// robfig `standardParser`, used by `ParseStandard`.
const STANDARD_OPTIONS: u32 =
    OPT_MINUTE | OPT_HOUR | OPT_DOM | OPT_MONTH | OPT_DOW | OPT_DESCRIPTOR;
const PLACES: [u32; 6] = [
    OPT_SECOND, OPT_MINUTE, OPT_HOUR, OPT_DOM, OPT_MONTH, OPT_DOW,
];
const DEFAULTS: [&str; 6] = ["0", "0", "0", "*", "*", "*"];

/// robfig `bounds`: acceptable range of a field plus its names.
#[derive(Clone, Copy)]
struct Bounds {
    min: u64,
    max: u64,
    names: &'static [(&'static str, u64)],
}

const SECONDS: Bounds = Bounds {
    min: 0,
    max: 59,
    names: &[],
};
const MINUTES: Bounds = Bounds {
    min: 0,
    max: 59,
    names: &[],
};
const HOURS: Bounds = Bounds {
    min: 0,
    max: 23,
    names: &[],
};
const DOM: Bounds = Bounds {
    min: 1,
    max: 31,
    names: &[],
};
const MONTHS: Bounds = Bounds {
    min: 1,
    max: 12,
    names: &[
        ("jan", 1),
        ("feb", 2),
        ("mar", 3),
        ("apr", 4),
        ("may", 5),
        ("jun", 6),
        ("jul", 7),
        ("aug", 8),
        ("sep", 9),
        ("oct", 10),
        ("nov", 11),
        ("dec", 12),
    ],
};
const DOW: Bounds = Bounds {
    min: 0,
    max: 6,
    names: &[
        ("sun", 0),
        ("mon", 1),
        ("tue", 2),
        ("wed", 3),
        ("thu", 4),
        ("fri", 5),
        ("sat", 6),
    ],
};

/// robfig `SpecSchedule`: one bit set per field, plus the optional `TZ=` location
/// (`None` is Go's `time.Local`: the zone of the time passed to `Next`).
#[derive(Clone, Debug, PartialEq)]
struct SpecSchedule {
    second: u64,
    minute: u64,
    hour: u64,
    dom: u64,
    month: u64,
    dow: u64,
    location: Option<TimeZone>,
}

#[derive(Clone, Debug, PartialEq)]
enum Kind {
    Spec(SpecSchedule),
    /// robfig `ConstantDelaySchedule` (`@every`), delay in nanoseconds.
    ConstantDelay(i64),
}

/// A parsed CronJob schedule: robfig's `SpecSchedule` bit sets, or a
/// `ConstantDelaySchedule` for `@every <duration>`. Exists so the simulator
/// fires CronJobs at exactly the instants Kubernetes would.
#[derive(Clone, Debug, PartialEq)]
pub struct Schedule {
    kind: Kind,
}

impl Schedule {
    /// robfig v3 `ParseStandard`: five fields (minute hour dom month dow) or a
    /// descriptor (`@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`,
    /// `@midnight`, `@hourly`, `@every <Go duration>`), with an optional leading
    /// `TZ=<zone> ` / `CRON_TZ=<zone> `. Errors carry robfig's exact text, which
    /// the API server shows verbatim in `spec.schedule: Invalid value` messages.
    pub fn parse_standard(spec: &str) -> Result<Schedule, String> {
        parse_with_options(spec, STANDARD_OPTIONS)
    }

    /// Parses a CronJob's schedule the way `syncCronJob` does:
    /// `cron.ParseStandard(formatSchedule(cronJob, recorder))`.
    pub fn for_cronjob(schedule: &str, time_zone: Option<&str>) -> Result<Schedule, String> {
        Schedule::parse_standard(&format_schedule(schedule, time_zone))
    }

    /// robfig `Schedule.Next`: the first activation strictly after `t`.
    /// `tz` plays the role of the Go `time.Time`'s location; it is used unless
    /// the schedule carries its own `TZ=` zone. Wall-clock arithmetic follows Go
    /// (`time.Date`, `AddDate`, the midnight-in-a-DST-gap correction), so DST
    /// transitions behave as in Kubernetes. `None` is robfig's zero time: no
    /// activation within five years.
    pub fn next_after(&self, t: Timestamp, tz: &TimeZone) -> Option<Timestamp> {
        self.next_nanos(t.as_nanosecond(), tz)
            .and_then(to_timestamp)
    }

    fn next_nanos(&self, t: i128, tz: &TimeZone) -> Option<i128> {
        match &self.kind {
            Kind::Spec(s) => spec_next(s, t, tz),
            Kind::ConstantDelay(delay) => Some(t + i128::from(*delay) - t.rem_euclid(NS_PER_SEC)),
        }
    }
}

/// Whether a schedule starts with robfig's `TZ=` or `CRON_TZ=` prefix.
pub fn has_tz_prefix(spec: &str) -> bool {
    spec.starts_with("TZ=") || spec.starts_with("CRON_TZ=")
}

/// The test `validateScheduleFormat` (`pkg/apis/batch/validation/validation.go`)
/// actually applies: `strings.Contains(schedule, "TZ")`, which rejects any
/// schedule mentioning `TZ`, not only a prefix.
pub fn contains_tz(spec: &str) -> bool {
    spec.contains("TZ")
}

/// `formatSchedule` (`pkg/controller/cronjob/cronjob_controllerv2.go`): turns
/// `spec.timeZone` into robfig's `TZ=` prefix. A schedule already containing
/// `TZ` is used as is; an unknown zone leaves the schedule unchanged.
pub fn format_schedule(schedule: &str, time_zone: Option<&str>) -> String {
    if schedule.contains("TZ") {
        return schedule.to_string();
    }
    match time_zone {
        Some(tz) if load_location(tz).is_ok() => format!("TZ={tz} {schedule}"),
        _ => schedule.to_string(),
    }
}

/// Go `time.LoadLocation` with the bundled IANA database: `""` and `"UTC"` are
/// UTC, `"Local"` is the controller's local zone (UTC in the simulator), names are
/// case-sensitive, and errors use Go's text (`unknown time zone X`,
/// `time: invalid location name`), as shown in `spec.timeZone` validation errors.
pub fn load_location(name: &str) -> Result<TimeZone, String> {
    if name.is_empty() || name == "UTC" || name == "Local" {
        return Ok(TimeZone::UTC);
    }
    if name.contains("..") || name.starts_with('/') || name.starts_with('\\') {
        return Err("time: invalid location name".to_string());
    }
    match TimeZone::get(name) {
        Ok(tz) if tz.iana_name() == Some(name) => Ok(tz),
        _ => Err(format!("unknown time zone {name}")),
    }
}

/// robfig `Parser.Parse` for a given option set.
fn parse_with_options(spec: &str, options: u32) -> Result<Schedule, String> {
    if spec.is_empty() {
        return Err("empty spec string".to_string());
    }
    let mut spec = spec;
    let mut loc: Option<TimeZone> = None;
    if has_tz_prefix(spec) {
        // Go: i := strings.Index(spec, " "); eq := strings.Index(spec, "=")
        let eq = if spec.starts_with("TZ=") { 2 } else { 7 };
        let Some(i) = spec.find(' ') else {
            // Go slices spec[eq+1:-1] here and panics.
            return Err("runtime error: slice bounds out of range [:-1]".to_string());
        };
        let name = &spec[eq + 1..i];
        loc = Some(load_location(name).map_err(|e| format!("provided bad location {name}: {e}"))?);
        spec = spec[i..].trim();
    }
    if spec.starts_with('@') {
        if options & OPT_DESCRIPTOR == 0 {
            return Err(format!("parser does not accept descriptors: {spec}"));
        }
        return parse_descriptor(spec, loc);
    }
    let fields: Vec<&str> = spec.split_whitespace().collect();
    let fields = normalize_fields(&fields, options)?;
    Ok(Schedule {
        kind: Kind::Spec(SpecSchedule {
            second: get_field(fields[0], SECONDS)?,
            minute: get_field(fields[1], MINUTES)?,
            hour: get_field(fields[2], HOURS)?,
            dom: get_field(fields[3], DOM)?,
            month: get_field(fields[4], MONTHS)?,
            dow: get_field(fields[5], DOW)?,
            location: loc,
        }),
    })
}

/// robfig `normalizeFields`: validates the field count and fills defaults.
fn normalize_fields<'a>(fields: &[&'a str], options: u32) -> Result<Vec<&'a str>, String> {
    let mut options = options;
    let mut optionals = 0;
    if options & OPT_SECOND_OPTIONAL > 0 {
        options |= OPT_SECOND;
        optionals += 1;
    }
    if options & OPT_DOW_OPTIONAL > 0 {
        options |= OPT_DOW;
        optionals += 1;
    }
    if optionals > 1 {
        return Err("multiple optionals may not be configured".to_string());
    }
    let max = PLACES.iter().filter(|p| options & **p > 0).count();
    let min = max - optionals;
    let count = fields.len();
    if count < min || count > max {
        let list = format!("[{}]", fields.join(" "));
        if min == max {
            return Err(format!(
                "expected exactly {min} fields, found {count}: {list}"
            ));
        }
        return Err(format!(
            "expected {min} to {max} fields, found {count}: {list}"
        ));
    }
    let mut fields: Vec<&str> = fields.to_vec();
    if min < max && fields.len() == min {
        if options & OPT_DOW_OPTIONAL > 0 {
            fields.push(DEFAULTS[5]);
        } else if options & OPT_SECOND_OPTIONAL > 0 {
            fields.insert(0, DEFAULTS[0]);
        } else {
            return Err("unknown optional field".to_string());
        }
    }
    let mut expanded: Vec<&str> = DEFAULTS.to_vec();
    let mut n = 0;
    for (i, place) in PLACES.iter().enumerate() {
        if options & place > 0 {
            expanded[i] = fields[n];
            n += 1;
        }
    }
    Ok(expanded)
}

/// robfig `getField`: a comma-separated list of ranges (empty items are skipped,
/// like Go's `strings.FieldsFunc`).
fn get_field(field: &str, r: Bounds) -> Result<u64, String> {
    let mut bits = 0;
    for expr in field.split(',').filter(|e| !e.is_empty()) {
        bits |= get_range(expr, r)?;
    }
    Ok(bits)
}

/// robfig `getRange`: `number | number "-" number [ "/" number ]`, `*` or `?`.
fn get_range(expr: &str, r: Bounds) -> Result<u64, String> {
    let range_and_step: Vec<&str> = expr.split('/').collect();
    let low_and_high: Vec<&str> = range_and_step[0].split('-').collect();
    let single_digit = low_and_high.len() == 1;
    let (start, mut end, mut extra);
    if low_and_high[0] == "*" || low_and_high[0] == "?" {
        start = r.min;
        end = r.max;
        extra = STAR_BIT;
    } else {
        start = parse_int_or_name(low_and_high[0], r.names)?;
        end = match low_and_high.len() {
            1 => start,
            2 => parse_int_or_name(low_and_high[1], r.names)?,
            _ => return Err(format!("too many hyphens: {expr}")),
        };
        extra = 0;
    }
    let step = match range_and_step.len() {
        1 => 1,
        2 => {
            let step = must_parse_int(range_and_step[1])?;
            // Special handling: "N/step" means "N-max/step".
            if single_digit {
                end = r.max;
            }
            if step > 1 {
                extra = 0;
            }
            step
        }
        _ => return Err(format!("too many slashes: {expr}")),
    };
    if start < r.min {
        return Err(format!(
            "beginning of range ({start}) below minimum ({}): {expr}",
            r.min
        ));
    }
    if end > r.max {
        return Err(format!(
            "end of range ({end}) above maximum ({}): {expr}",
            r.max
        ));
    }
    if start > end {
        return Err(format!(
            "beginning of range ({start}) beyond end of range ({end}): {expr}"
        ));
    }
    if step == 0 {
        return Err(format!("step of range should be a positive number: {expr}"));
    }
    Ok(get_bits(start, end, step) | extra)
}

/// robfig `parseIntOrName`: names are matched case-insensitively.
fn parse_int_or_name(expr: &str, names: &[(&str, u64)]) -> Result<u64, String> {
    let lower = expr.to_lowercase();
    if let Some((_, v)) = names.iter().find(|(n, _)| *n == lower) {
        return Ok(*v);
    }
    must_parse_int(expr)
}

/// robfig `mustParseInt`: Go `strconv.Atoi`, then a negativity check.
fn must_parse_int(expr: &str) -> Result<u64, String> {
    let num = go_atoi(expr).map_err(|e| format!("failed to parse int from {expr}: {e}"))?;
    if num < 0 {
        return Err(format!("negative number ({num}) not allowed: {expr}"));
    }
    Ok(num.unsigned_abs())
}

/// robfig `getBits`: bits in `[min, max]` every `step`.
fn get_bits(min: u64, max: u64, step: u64) -> u64 {
    if step == 1 {
        let high = u64::MAX.checked_shl((max + 1) as u32).unwrap_or(0);
        let low = u64::MAX.checked_shl(min as u32).unwrap_or(0);
        return !high & low;
    }
    let mut bits = 0u64;
    let mut i = min;
    while i <= max {
        bits |= 1 << i;
        match i.checked_add(step) {
            Some(n) => i = n,
            None => break,
        }
    }
    bits
}

/// robfig `all`: every value of a field, plus the star bit.
fn all(r: Bounds) -> u64 {
    get_bits(r.min, r.max, 1) | STAR_BIT
}

/// robfig `parseDescriptor`.
fn parse_descriptor(descriptor: &str, loc: Option<TimeZone>) -> Result<Schedule, String> {
    let spec = |minute: u64, hour: u64, dom: u64, month: u64, dow: u64| Schedule {
        kind: Kind::Spec(SpecSchedule {
            second: 1 << SECONDS.min,
            minute,
            hour,
            dom,
            month,
            dow,
            location: loc.clone(),
        }),
    };
    let m0 = 1 << MINUTES.min;
    let h0 = 1 << HOURS.min;
    match descriptor {
        "@yearly" | "@annually" => {
            return Ok(spec(m0, h0, 1 << DOM.min, 1 << MONTHS.min, all(DOW)));
        }
        "@monthly" => return Ok(spec(m0, h0, 1 << DOM.min, all(MONTHS), all(DOW))),
        "@weekly" => return Ok(spec(m0, h0, all(DOM), all(MONTHS), 1 << DOW.min)),
        "@daily" | "@midnight" => return Ok(spec(m0, h0, all(DOM), all(MONTHS), all(DOW))),
        "@hourly" => return Ok(spec(m0, all(HOURS), all(DOM), all(MONTHS), all(DOW))),
        _ => {}
    }
    if let Some(rest) = descriptor.strip_prefix("@every ") {
        let duration = go_parse_duration(rest)
            .map_err(|e| format!("failed to parse duration {descriptor}: {e}"))?;
        return Ok(Schedule {
            kind: Kind::ConstantDelay(every(duration)),
        });
    }
    Err(format!("unrecognized descriptor: {descriptor}"))
}

/// robfig `Every`: delays under a second become one second; sub-second parts
/// are truncated.
fn every(duration: i64) -> i64 {
    let d = duration.max(1_000_000_000);
    d - d % 1_000_000_000
}

// ---------------------------------------------------------------------------
// Next (robfig/cron v3 spec.go) on top of a port of Go's time arithmetic
// ---------------------------------------------------------------------------

/// Wall-clock fields of an instant in a zone (Go's `t.Year()`, `t.Month()`, ...).
#[derive(Clone, Copy, Debug)]
struct Civil {
    year: i64,
    month: i64,
    day: i64,
    hour: i64,
    minute: i64,
    second: i64,
    /// 0 = Sunday, as Go's `time.Weekday`.
    weekday: i64,
}

fn to_timestamp(n: i128) -> Option<Timestamp> {
    Timestamp::from_nanosecond(n).ok()
}

fn to_timestamp_saturating(n: i128) -> Timestamp {
    to_timestamp(n).unwrap_or(if n < 0 {
        Timestamp::MIN
    } else {
        Timestamp::MAX
    })
}

/// UTC offset in seconds in effect at Unix second `unix`.
fn offset_at(tz: &TimeZone, unix: i64) -> Option<i64> {
    let ts = Timestamp::from_second(unix).ok()?;
    Some(i64::from(tz.to_offset(ts).seconds()))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (month 1..=12).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Inverse of [`days_from_civil`].
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

fn civil(t: i128, tz: &TimeZone) -> Option<Civil> {
    let unix = i64::try_from(t.div_euclid(NS_PER_SEC)).ok()?;
    let local = unix.checked_add(offset_at(tz, unix)?)?;
    let days = local.div_euclid(86_400);
    let sod = local.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    Some(Civil {
        year,
        month,
        day,
        hour: sod / 3600,
        minute: sod % 3600 / 60,
        second: sod % 60,
        weekday: (days + 4).rem_euclid(7),
    })
}

/// Go `norm`: moves overflow of `lo` (in units of `base`) into `hi`.
fn norm(hi: i64, lo: i64, base: i64) -> (i64, i64) {
    (hi + lo.div_euclid(base), lo.rem_euclid(base))
}

/// Go `time.Date`: normalises out-of-range fields, then resolves the wall clock
/// in `tz` the way Go does (a time in a DST gap takes the offset in effect after
/// the transition, so 02:30 in a skipped hour becomes 01:30 standard time; an
/// ambiguous time takes the first occurrence).
#[allow(clippy::too_many_arguments)]
fn go_date(
    year: i64,
    month: i64,
    day: i64,
    hour: i64,
    min: i64,
    sec: i64,
    nsec: i64,
    tz: &TimeZone,
) -> Option<i128> {
    let (year, m) = norm(year, month - 1, 12);
    let month = m + 1;
    let (sec, nsec) = norm(sec, nsec, 1_000_000_000);
    let (min, sec) = norm(min, sec, 60);
    let (hour, min) = norm(hour, min, 60);
    let (day, hour) = norm(day, hour, 24);
    let days = days_from_civil(year, month, 1).checked_add(day - 1)?;
    let local = days
        .checked_mul(86_400)?
        .checked_add(hour * 3600 + min * 60 + sec)?;
    // Go looks up the offset at `local` read as UTC, then re-checks it at the
    // implied UTC instant; the second lookup is the one that wins.
    let first = offset_at(tz, local)?;
    let offset = offset_at(tz, local.checked_sub(first)?)?;
    let unix = local.checked_sub(offset)?;
    Some(i128::from(unix) * NS_PER_SEC + i128::from(nsec))
}

/// Go `t.AddDate(years, months, days)`.
fn add_date(t: i128, months: i64, days: i64, tz: &TimeZone) -> Option<i128> {
    let c = civil(t, tz)?;
    let nsec = i64::try_from(t.rem_euclid(NS_PER_SEC)).ok()?;
    go_date(
        c.year,
        c.month + months,
        c.day + days,
        c.hour,
        c.minute,
        c.second,
        nsec,
        tz,
    )
}

fn bit(set: u64, v: i64) -> bool {
    (0..64).contains(&v) && (1u64 << v) & set != 0
}

/// robfig `dayMatches`: when either day field has a star, both must match;
/// when both are restricted, either may match.
fn day_matches(s: &SpecSchedule, c: &Civil) -> bool {
    let dom_match = bit(s.dom, c.day);
    let dow_match = bit(s.dow, c.weekday);
    if s.dom & STAR_BIT > 0 || s.dow & STAR_BIT > 0 {
        dom_match && dow_match
    } else {
        dom_match || dow_match
    }
}

/// robfig `SpecSchedule.Next`, line by line.
/// robfig's minute and second loops move one unit at a time, stopping when the field matches or
/// wraps to 0. The steps in between can do neither, so they are taken in one jump, to just
/// before the next stop, when the wall clock is seen to have advanced by exactly that many units
/// (no offset change in between, checked at the end of the jump); otherwise `t` is returned
/// unchanged and the caller steps as robfig does. Same result, without two civil conversions
/// per second of the search (the `* * * * *` schedule searches 59 seconds per activation).
fn skip_idle_steps(
    t: i128,
    field: u64,
    unit: i128,
    value: fn(&Civil) -> i64,
    loc: &TimeZone,
) -> i128 {
    let Some(cur) = civil(t, loc).map(|c| value(&c)) else {
        return t;
    };
    let stop = (1..=60).find(|k| {
        let v = (cur + k) % 60;
        v == 0 || bit(field, v)
    });
    let Some(k) = stop.filter(|k| *k > 1) else {
        return t;
    };
    let target = t + i128::from(k - 1) * unit;
    match civil(target, loc) {
        Some(c) if value(&c) == (cur + k - 1) % 60 => target,
        _ => t,
    }
}

fn spec_next(s: &SpecSchedule, t: i128, given: &TimeZone) -> Option<i128> {
    spec_next_impl::<true>(s, t, given)
}

/// robfig `SpecSchedule.Next`; `SKIP` enables [`skip_idle_steps`] (off only to test that it
/// changes nothing).
fn spec_next_impl<const SKIP: bool>(s: &SpecSchedule, t: i128, given: &TimeZone) -> Option<i128> {
    const HOUR: i128 = 3600 * NS_PER_SEC;
    const MINUTE: i128 = 60 * NS_PER_SEC;
    let loc = s.location.as_ref().unwrap_or(given);
    // Start at the earliest possible time (the upcoming second).
    let mut t = t + NS_PER_SEC - t.rem_euclid(NS_PER_SEC);
    let mut added = false;
    let year_limit = civil(t, loc)?.year + 5;
    let mut steps: u32 = 0;
    let mut step = || {
        steps += 1;
        steps <= MAX_NEXT_STEPS
    };

    'wrap: loop {
        if civil(t, loc)?.year > year_limit {
            return None;
        }

        // Find the first applicable month.
        loop {
            let c = civil(t, loc)?;
            if bit(s.month, c.month) {
                break;
            }
            if !step() {
                return None;
            }
            if !added {
                added = true;
                t = go_date(c.year, c.month, 1, 0, 0, 0, 0, loc)?;
            }
            t = add_date(t, 1, 0, loc)?;
            if civil(t, loc)?.month == 1 {
                continue 'wrap;
            }
        }

        // Now get a day in that month, correcting for midnights skipped by DST.
        loop {
            let c = civil(t, loc)?;
            if day_matches(s, &c) {
                break;
            }
            if !step() {
                return None;
            }
            if !added {
                added = true;
                t = go_date(c.year, c.month, c.day, 0, 0, 0, 0, loc)?;
            }
            t = add_date(t, 0, 1, loc)?;
            let h = civil(t, loc)?.hour;
            if h != 0 {
                if h > 12 {
                    t += i128::from(24 - h) * HOUR;
                } else {
                    t -= i128::from(h) * HOUR;
                }
            }
            if civil(t, loc)?.day == 1 {
                continue 'wrap;
            }
        }

        loop {
            let c = civil(t, loc)?;
            if bit(s.hour, c.hour) {
                break;
            }
            if !step() {
                return None;
            }
            if !added {
                added = true;
                t = go_date(c.year, c.month, c.day, c.hour, 0, 0, 0, loc)?;
            }
            t += HOUR;
            if civil(t, loc)?.hour == 0 {
                continue 'wrap;
            }
        }

        loop {
            let c = civil(t, loc)?;
            if bit(s.minute, c.minute) {
                break;
            }
            if !step() {
                return None;
            }
            if !added {
                added = true;
                t -= t.rem_euclid(MINUTE); // t.Truncate(time.Minute)
            }
            if SKIP {
                t = skip_idle_steps(t, s.minute, MINUTE, |c| c.minute, loc);
            }
            t += MINUTE;
            if civil(t, loc)?.minute == 0 {
                continue 'wrap;
            }
        }

        loop {
            let c = civil(t, loc)?;
            if bit(s.second, c.second) {
                break;
            }
            if !step() {
                return None;
            }
            if !added {
                added = true;
                t -= t.rem_euclid(NS_PER_SEC); // t.Truncate(time.Second)
            }
            if SKIP {
                t = skip_idle_steps(t, s.second, NS_PER_SEC, |c| c.second, loc);
            }
            t += NS_PER_SEC;
            if civil(t, loc)?.second == 0 {
                continue 'wrap;
            }
        }

        return Some(t);
    }
}

// ---------------------------------------------------------------------------
// Go strconv / time helpers
// ---------------------------------------------------------------------------

/// Go `strconv.Quote` for the characters that can reach it here.
fn go_strconv_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{07}' => out.push_str("\\a"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{0b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if c.is_control()
                || (c.is_whitespace() && c != ' ')
                || matches!(c as u32, 0xad | 0x200b..=0x200f | 0x202a..=0x202e | 0x2060..=0x2064 | 0xfeff) =>
            {
                if (c as u32) < 0x10000 {
                    out.push_str(&format!("\\u{:04x}", c as u32));
                } else {
                    out.push_str(&format!("\\U{:08x}", c as u32));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Go `strconv.Atoi` (64-bit `int`), with its error text.
fn go_atoi(s: &str) -> Result<i64, String> {
    let syntax = || {
        format!(
            "strconv.Atoi: parsing {}: invalid syntax",
            go_strconv_quote(s)
        )
    };
    let range = || {
        format!(
            "strconv.Atoi: parsing {}: value out of range",
            go_strconv_quote(s)
        )
    };
    let (neg, digits) = match s.as_bytes().first() {
        None => return Err(syntax()),
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        Some(_) => (false, s),
    };
    if digits.is_empty() {
        return Err(syntax());
    }
    let mut n: u64 = 0;
    for b in digits.bytes() {
        if !b.is_ascii_digit() {
            return Err(syntax());
        }
        n = n
            .checked_mul(10)
            .and_then(|n| n.checked_add(u64::from(b - b'0')))
            .ok_or_else(range)?;
    }
    if neg {
        if n > 1 << 63 {
            return Err(range());
        }
        Ok(0i64.wrapping_sub_unsigned(n))
    } else {
        i64::try_from(n).map_err(|_| range())
    }
}

/// The `time` package's own `quote` used in `ParseDuration` errors.
fn go_time_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        if (c as u32) >= 0x80 || c < ' ' {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("\\x{b:02x}"));
            }
        } else {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out.push('"');
    out
}

/// Go `time.ParseDuration`, returning nanoseconds.
fn go_parse_duration(orig: &str) -> Result<i64, String> {
    let invalid = || format!("time: invalid duration {}", go_time_quote(orig));
    let mut s = orig;
    let mut d: u64 = 0;
    let mut neg = false;
    if let Some(c) = s.as_bytes().first()
        && (*c == b'-' || *c == b'+')
    {
        neg = *c == b'-';
        s = &s[1..];
    }
    if s == "0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(invalid());
    }
    while !s.is_empty() {
        let first = s.as_bytes()[0];
        if !(first == b'.' || first.is_ascii_digit()) {
            return Err(invalid());
        }
        // leadingInt
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        let mut v: u64 = 0;
        for b in s[..digits].bytes() {
            if v > (1 << 63) / 10 {
                return Err(invalid());
            }
            v = v * 10 + u64::from(b - b'0');
            if v > 1 << 63 {
                return Err(invalid());
            }
        }
        let pre = digits > 0;
        s = &s[digits..];
        // leadingFraction
        let mut f: u64 = 0;
        let mut scale: f64 = 1.0;
        let mut post = false;
        if s.as_bytes().first() == Some(&b'.') {
            s = &s[1..];
            let fd = s.bytes().take_while(u8::is_ascii_digit).count();
            let mut overflow = false;
            for b in s[..fd].bytes() {
                if overflow {
                    continue;
                }
                if f > ((1u64 << 63) - 1) / 10 {
                    overflow = true;
                    continue;
                }
                let y = f * 10 + u64::from(b - b'0');
                if y > 1 << 63 {
                    overflow = true;
                    continue;
                }
                f = y;
                scale *= 10.0;
            }
            post = fd > 0;
            s = &s[fd..];
        }
        if !pre && !post {
            return Err(invalid());
        }
        // Consume unit.
        let unit_len = s
            .bytes()
            .take_while(|c| !(*c == b'.' || c.is_ascii_digit()))
            .count();
        if unit_len == 0 {
            return Err(format!(
                "time: missing unit in duration {}",
                go_time_quote(orig)
            ));
        }
        let u = &s[..unit_len];
        s = &s[unit_len..];
        let unit: u64 = match u {
            "ns" => 1,
            "us" | "\u{b5}s" | "\u{3bc}s" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            _ => {
                return Err(format!(
                    "time: unknown unit {} in duration {}",
                    go_time_quote(u),
                    go_time_quote(orig)
                ));
            }
        };
        if v > (1 << 63) / unit {
            return Err(invalid());
        }
        v *= unit;
        if f > 0 {
            v += (f as f64 * (unit as f64 / scale)) as u64;
            if v > 1 << 63 {
                return Err(invalid());
            }
        }
        d = d.wrapping_add(v); // uint64 arithmetic, as in Go
        if d > 1 << 63 {
            return Err(invalid());
        }
    }
    if neg {
        return Ok(0i64.wrapping_sub_unsigned(d));
    }
    i64::try_from(d).map_err(|_| invalid())
}

/// Go `t.Sub(u)`: a `Duration` in nanoseconds, saturating at its limits.
fn go_sub(t: i128, u: i128) -> i64 {
    let d = t - u;
    i64::try_from(d).unwrap_or(if d < 0 { i64::MIN } else { i64::MAX })
}

/// Go `Duration.Round(time.Second)`.
fn go_round_second(d: i64) -> i64 {
    const M: i64 = 1_000_000_000;
    let r = d % M;
    let less_than_half = |x: i64| (x as u64).wrapping_add(x as u64) < M as u64;
    if d < 0 {
        let r = -r;
        if less_than_half(r) {
            return d + r;
        }
        return match d.checked_sub(M).and_then(|x| x.checked_add(r)) {
            Some(d1) if d1 < d => d1,
            _ => i64::MIN,
        };
    }
    if less_than_half(r) {
        return d - r;
    }
    match (d + r.wrapping_neg()).checked_add(M) {
        Some(d1) if d1 > d => d1,
        _ => i64::MAX,
    }
}

/// `int64(d.Seconds())`: Go converts through `float64`.
fn go_seconds_i64(d: i64) -> i64 {
    let sec = d / 1_000_000_000;
    let nsec = d % 1_000_000_000;
    (sec as f64 + nsec as f64 / 1e9) as i64
}

// ---------------------------------------------------------------------------
// pkg/controller/cronjob/utils.go
// ---------------------------------------------------------------------------

/// The CronJob fields `mostRecentScheduleTime` reads. Kept separate from the
/// API type so the controller logic can be tested on plain timestamps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CronJobTimes {
    /// `metadata.creationTimestamp`.
    pub creation_timestamp: Timestamp,
    /// `status.lastScheduleTime`.
    pub last_schedule_time: Option<Timestamp>,
    /// `spec.startingDeadlineSeconds`.
    pub starting_deadline_seconds: Option<i64>,
}

impl CronJobTimes {
    /// Reads the fields from a CronJob. `None` without a creation timestamp:
    /// the API server always sets one, and Go's zero time in its place would
    /// make the controller walk every schedule since year 1.
    pub fn from_cronjob(cj: &k8s_openapi::api::batch::v1::CronJob) -> Option<CronJobTimes> {
        Some(CronJobTimes {
            creation_timestamp: cj.metadata.creation_timestamp.as_ref()?.0,
            last_schedule_time: cj
                .status
                .as_ref()
                .and_then(|s| s.last_schedule_time.as_ref())
                .map(|t| t.0),
            starting_deadline_seconds: cj.spec.as_ref().and_then(|s| s.starting_deadline_seconds),
        })
    }
}

/// `missedSchedulesType` from `utils.go`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MissedSchedules {
    /// `noneMissed`.
    None,
    /// `fewMissed`: at least one schedule passed, at most 100.
    Few,
    /// `manyMissed`: more than 100 (the controller warns `TooManyMissedTimes`).
    Many,
}

/// Result of [`most_recent_schedule_time`], mirroring upstream's return values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MostRecentSchedule {
    /// The last schedule time or creation time (moved up to `now -
    /// startingDeadlineSeconds` when that is later and the deadline is included).
    pub earliest_time: Timestamp,
    /// The most recent time a Job should have been created, if any is not after now.
    pub most_recent_time: Option<Timestamp>,
    /// Rough count class of missed schedules.
    pub missed: MissedSchedules,
}

struct MostRecentNanos {
    earliest: i128,
    most_recent: Option<i128>,
    missed: MissedSchedules,
}

/// The zone robfig uses for schedules without `TZ=`: the location of the times
/// the controller passes in, i.e. kube-controller-manager's local zone, which
/// the simulator fixes to UTC.
fn controller_local_zone() -> TimeZone {
    TimeZone::UTC
}

fn most_recent_nanos(
    times: &CronJobTimes,
    now: i128,
    schedule: &Schedule,
    include_starting_deadline_seconds: bool,
) -> Result<MostRecentNanos, String> {
    let local = controller_local_zone();
    let mut earliest = times
        .last_schedule_time
        .unwrap_or(times.creation_timestamp)
        .as_nanosecond();
    if include_starting_deadline_seconds && let Some(sds) = times.starting_deadline_seconds {
        // now.Add(-time.Second * time.Duration(sds)), with int64 wrap-around.
        let deadline = now + i128::from((-1_000_000_000i64).wrapping_mul(sds));
        if deadline > earliest {
            earliest = deadline;
        }
    }
    let none = |earliest| MostRecentNanos {
        earliest,
        most_recent: None,
        missed: MissedSchedules::None,
    };

    let t1 = schedule.next_nanos(earliest, &local);
    let t2 = t1.and_then(|t1| schedule.next_nanos(t1, &local));
    if let Some(t1) = t1 {
        if now < t1 {
            return Ok(none(earliest));
        }
        if let Some(t2) = t2
            && now < t2
        {
            return Ok(MostRecentNanos {
                earliest,
                most_recent: Some(t1),
                missed: MissedSchedules::None,
            });
        }
    }
    let less_than_second =
        || "time difference between two schedules is less than 1 second".to_string();
    // A zero time from Next (no activation within five years, e.g. "59 23 31 2 *")
    // makes the interval non-positive upstream.
    let (Some(t1), Some(t2)) = (t1, t2) else {
        return Err(less_than_second());
    };
    let time_between = go_seconds_i64(go_round_second(go_sub(t2, t1)));
    if time_between < 1 {
        return Err(less_than_second());
    }
    let time_elapsed = go_seconds_i64(go_sub(now, t1));
    let missed_count = (time_elapsed / time_between).wrapping_add(1);

    let back = missed_count
        .wrapping_sub(2)
        .wrapping_mul(time_between)
        .wrapping_mul(1_000_000_000);
    let potential_earliest = t1 + i128::from(back);
    let mut most_recent = None;
    let mut t = schedule.next_nanos(potential_earliest, &local);
    while let Some(tt) = t {
        if tt > now {
            break;
        }
        most_recent = Some(tt);
        t = schedule.next_nanos(tt, &local);
    }

    let missed = if missed_count > 100 {
        MissedSchedules::Many
    } else if missed_count > 0 {
        MissedSchedules::Few
    } else {
        MissedSchedules::None
    };
    Ok(MostRecentNanos {
        earliest,
        most_recent,
        missed,
    })
}

/// `mostRecentScheduleTime` from `pkg/controller/cronjob/utils.go`: the earliest
/// time considered, the most recent schedule at or before `now` (found with
/// upstream's interval-based fast path), and whether none, few or many (>100)
/// schedules were missed. Errors with upstream's text when the schedule has no
/// usable interval (e.g. `59 23 31 2 *`).
pub fn most_recent_schedule_time(
    times: &CronJobTimes,
    now: Timestamp,
    schedule: &Schedule,
    include_starting_deadline_seconds: bool,
) -> Result<MostRecentSchedule, String> {
    let r = most_recent_nanos(
        times,
        now.as_nanosecond(),
        schedule,
        include_starting_deadline_seconds,
    )?;
    Ok(MostRecentSchedule {
        earliest_time: to_timestamp_saturating(r.earliest),
        most_recent_time: r.most_recent.map(to_timestamp_saturating),
        missed: r.missed,
    })
}

/// `nextScheduleTime` from `utils.go`: the scheduled time the controller should
/// start a Job for now (honouring `startingDeadlineSeconds`), with the missed
/// class so the caller can record [`TOO_MANY_MISSED_TIMES_REASON`] when it is
/// [`MissedSchedules::Many`]. `Ok(None)` means nothing is due.
pub fn next_schedule_time(
    times: &CronJobTimes,
    now: Timestamp,
    schedule: &Schedule,
) -> Result<Option<(Timestamp, MissedSchedules)>, String> {
    let r = most_recent_schedule_time(times, now, schedule, true)?;
    match r.most_recent_time {
        Some(t) if t <= now => Ok(Some((t, r.missed))),
        _ => Ok(None),
    }
}

/// `nextScheduleTimeDuration` from `utils.go`: how long until the controller
/// should look at the CronJob again (next schedule + 100ms - now), ignoring
/// `startingDeadlineSeconds` like upstream.
pub fn next_schedule_time_duration(
    times: &CronJobTimes,
    now: Timestamp,
    schedule: &Schedule,
) -> SignedDuration {
    let now_n = now.as_nanosecond();
    let most_recent = match most_recent_nanos(times, now_n, schedule, false) {
        Err(_) => now_n,
        Ok(r) => match r.most_recent {
            Some(t) => t,
            None if r.missed == MissedSchedules::None => r.earliest,
            None => now_n,
        },
    };
    let next = schedule
        .next_nanos(most_recent, &controller_local_zone())
        .unwrap_or(GO_ZERO_TIME);
    SignedDuration::from_nanos(go_sub(next + NEXT_SCHEDULE_DELTA_NS, now_n))
}

/// `getTimeHashInMinutes` from `utils.go`: the scheduled time in Unix minutes,
/// the numeric suffix of Job names created by a CronJob.
pub fn time_hash_in_minutes(t: Timestamp) -> i64 {
    let unix = i64::try_from(t.as_nanosecond().div_euclid(NS_PER_SEC)).unwrap_or(i64::MAX);
    unix / 60
}

/// `getJobName` from `utils.go`: `<cronjob name>-<scheduled time in Unix minutes>`.
pub fn job_name(cronjob_name: &str, scheduled_time: Timestamp) -> String {
    format!("{cronjob_name}-{}", time_hash_in_minutes(scheduled_time))
}

/// Value of [`CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION`] as `getJobFromTemplate2`
/// writes it: the scheduled time in the CronJob's `timeZone` (UTC when unset),
/// formatted with Go's `time.RFC3339` (`Z` for a zero offset).
pub fn scheduled_timestamp_annotation(
    scheduled_time: Timestamp,
    time_zone: Option<&str>,
) -> Result<String, String> {
    let tz = load_location(time_zone.unwrap_or(""))?;
    let n = scheduled_time.as_nanosecond();
    let c = civil(n, &tz).ok_or_else(|| "time out of range".to_string())?;
    let unix = i64::try_from(n.div_euclid(NS_PER_SEC)).map_err(|e| e.to_string())?;
    let offset = offset_at(&tz, unix).ok_or_else(|| "time out of range".to_string())?;
    let zone = if offset == 0 {
        "Z".to_string()
    } else {
        let sign = if offset < 0 { '-' } else { '+' };
        let abs = offset.abs();
        format!("{sign}{:02}:{:02}", abs / 3600, abs % 3600 / 60)
    };
    Ok(format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{zone}",
        c.year, c.month, c.day, c.hour, c.minute, c.second
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// robfig parser_test.go `secondParser`.
    const SECOND_PARSER: u32 = OPT_SECOND
        | OPT_MINUTE
        | OPT_HOUR
        | OPT_DOM
        | OPT_MONTH
        | OPT_DOW_OPTIONAL
        | OPT_DESCRIPTOR;

    fn tz(name: &str) -> TimeZone {
        TimeZone::get(name).unwrap()
    }

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn month_number(name: &str) -> i64 {
        let lower = name.to_lowercase();
        MONTHS.names.iter().find(|(n, _)| *n == lower).unwrap().1 as i64
    }

    /// Port of robfig spec_test.go `getTime` (Local is UTC here): accepts an
    /// optional `TZ=<zone> ` prefix, "Mon Jan 2 15:04[:05[.frac]] 2006" and
    /// "2006-01-02T15:04:05-0700". Returns the instant and its location.
    fn get_time(value: &str) -> Option<(Timestamp, TimeZone)> {
        if value.is_empty() {
            return None;
        }
        let (zone, value) = match value.strip_prefix("TZ=") {
            Some(rest) => {
                let mut parts = rest.split_whitespace();
                let zone = tz(parts.next().unwrap());
                (Some(zone), parts.next().unwrap())
            }
            None => (None, value),
        };
        let parts: Vec<&str> = value.split_whitespace().collect();
        if parts.len() == 5 {
            let zone = zone.unwrap_or(TimeZone::UTC);
            let month = month_number(parts[1]);
            let day: i64 = parts[2].parse().unwrap();
            let year: i64 = parts[4].parse().unwrap();
            let hms: Vec<&str> = parts[3].split(':').collect();
            let hour: i64 = hms[0].parse().unwrap();
            let minute: i64 = hms[1].parse().unwrap();
            let (second, nsec) = match hms.get(2) {
                None => (0, 0),
                Some(s) => match s.split_once('.') {
                    None => (s.parse().unwrap(), 0),
                    Some((s, frac)) => {
                        let scale = 10i64.pow(9 - frac.len() as u32);
                        (s.parse().unwrap(), frac.parse::<i64>().unwrap() * scale)
                    }
                },
            };
            let n = go_date(year, month, day, hour, minute, second, nsec, &zone).unwrap();
            return Some((to_timestamp(n).unwrap(), zone));
        }
        // 2006-01-02T15:04:05-0700
        let (dt, off) = value.split_at(value.len() - 5);
        let sign = if off.starts_with('-') { -1 } else { 1 };
        let off_secs = sign
            * (off[1..3].parse::<i32>().unwrap() * 3600 + off[3..5].parse::<i32>().unwrap() * 60);
        let civil: jiff::civil::DateTime = dt.parse().unwrap();
        let fixed = TimeZone::fixed(jiff::tz::Offset::from_seconds(off_secs).unwrap());
        let instant = fixed.to_timestamp(civil).unwrap();
        let zone = match zone {
            Some(z) => z,
            None if off_secs == 0 => TimeZone::UTC,
            None => fixed,
        };
        Some((instant, zone))
    }

    fn parse_opts(spec: &str, options: u32) -> Schedule {
        parse_with_options(spec, options).unwrap_or_else(|e| panic!("{spec}: {e}"))
    }

    fn spec_schedule(
        second: u64,
        minute: u64,
        hour: u64,
        dom: u64,
        month: u64,
        dow: u64,
        location: Option<TimeZone>,
    ) -> Schedule {
        Schedule {
            kind: Kind::Spec(SpecSchedule {
                second,
                minute,
                hour,
                dom,
                month,
                dow,
                location,
            }),
        }
    }

    fn every5min(loc: Option<TimeZone>) -> Schedule {
        spec_schedule(1, 1 << 5, all(HOURS), all(DOM), all(MONTHS), all(DOW), loc)
    }

    fn every5min5s(loc: Option<TimeZone>) -> Schedule {
        spec_schedule(
            1 << 5,
            1 << 5,
            all(HOURS),
            all(DOM),
            all(MONTHS),
            all(DOW),
            loc,
        )
    }

    fn midnight(loc: Option<TimeZone>) -> Schedule {
        spec_schedule(1, 1, 1, all(DOM), all(MONTHS), all(DOW), loc)
    }

    fn annual(loc: Option<TimeZone>) -> Schedule {
        spec_schedule(1, 1, 1, 1 << 1, 1 << 1, all(DOW), loc)
    }

    fn bounds(min: u64, max: u64) -> Bounds {
        Bounds {
            min,
            max,
            names: &[],
        }
    }

    // ----- robfig/cron v3 parser_test.go -----

    #[test]
    #[rustfmt::skip]
    fn robfig_parser_test_range() {
        let ok: &[(&str, u64, u64, u64)] = &[
            ("5", 0, 7, 1 << 5),
            ("0", 0, 7, 1 << 0),
            ("7", 0, 7, 1 << 7),
            ("5-5", 0, 7, 1 << 5),
            ("5-6", 0, 7, 1 << 5 | 1 << 6),
            ("5-7", 0, 7, 1 << 5 | 1 << 6 | 1 << 7),
            ("5-6/2", 0, 7, 1 << 5),
            ("5-7/2", 0, 7, 1 << 5 | 1 << 7),
            ("5-7/1", 0, 7, 1 << 5 | 1 << 6 | 1 << 7),
            ("*", 1, 3, 1 << 1 | 1 << 2 | 1 << 3 | STAR_BIT),
            ("*/2", 1, 3, 1 << 1 | 1 << 3),
        ];
        for (expr, min, max, expected) in ok {
            assert_eq!(get_range(expr, bounds(*min, *max)), Ok(*expected), "{expr}");
        }
        let errs: &[(&str, u64, u64, &str)] = &[
            ("5--5", 0, 0, "too many hyphens"),
            ("jan-x", 0, 0, "failed to parse int from"),
            ("2-x", 1, 5, "failed to parse int from"),
            ("*/-12", 0, 0, "negative number"),
            ("*//2", 0, 0, "too many slashes"),
            ("1", 3, 5, "below minimum"),
            ("6", 3, 5, "above maximum"),
            ("5-3", 3, 5, "beyond end of range"),
            ("*/0", 0, 0, "should be a positive number"),
        ];
        for (expr, min, max, err) in errs {
            let got = get_range(expr, bounds(*min, *max)).unwrap_err();
            assert!(got.contains(err), "{expr}: {got}");
        }
    }

    #[test]
    fn robfig_parser_test_field() {
        let cases: &[(&str, u64, u64, u64)] = &[
            ("5", 1, 7, 1 << 5),
            ("5,6", 1, 7, 1 << 5 | 1 << 6),
            ("5,6,7", 1, 7, 1 << 5 | 1 << 6 | 1 << 7),
            ("1,5-7/2,3", 1, 7, 1 << 1 | 1 << 5 | 1 << 7 | 1 << 3),
        ];
        for (expr, min, max, expected) in cases {
            assert_eq!(get_field(expr, bounds(*min, *max)), Ok(*expected), "{expr}");
        }
    }

    #[test]
    fn robfig_parser_test_all_and_bits() {
        assert_eq!(all(MINUTES), 0xfff_ffff_ffff_ffff | STAR_BIT);
        assert_eq!(all(HOURS), 0xff_ffff | STAR_BIT);
        assert_eq!(all(DOM), 0xffff_fffe | STAR_BIT);
        assert_eq!(all(MONTHS), 0x1ffe | STAR_BIT);
        assert_eq!(all(DOW), 0x7f | STAR_BIT);
        assert_eq!(get_bits(0, 0, 1), 0x1);
        assert_eq!(get_bits(1, 1, 1), 0x2);
        assert_eq!(get_bits(1, 5, 2), 0x2a);
        assert_eq!(get_bits(1, 4, 2), 0xa);
    }

    #[test]
    fn robfig_parser_test_parse_schedule_errors() {
        let cases = [
            ("* 5 j * * *", "failed to parse int from"),
            ("@every Xm", "failed to parse duration"),
            ("@unrecognized", "unrecognized descriptor"),
            ("* * * *", "expected 5 to 6 fields"),
            ("", "empty spec string"),
        ];
        for (expr, err) in cases {
            let got = parse_with_options(expr, SECOND_PARSER).unwrap_err();
            assert!(got.contains(err), "{expr}: {got}");
        }
    }

    #[test]
    fn robfig_parser_test_parse_schedule() {
        let utc = Some(TimeZone::UTC);
        let tokyo = Some(tz("Asia/Tokyo"));
        let std = STANDARD_OPTIONS;
        let cases: Vec<(u32, &str, Schedule)> = vec![
            (SECOND_PARSER, "0 5 * * * *", every5min(None)),
            (std, "5 * * * *", every5min(None)),
            (
                SECOND_PARSER,
                "CRON_TZ=UTC  0 5 * * * *",
                every5min(utc.clone()),
            ),
            (std, "CRON_TZ=UTC  5 * * * *", every5min(utc.clone())),
            (
                SECOND_PARSER,
                "CRON_TZ=Asia/Tokyo 0 5 * * * *",
                every5min(tokyo.clone()),
            ),
            (
                SECOND_PARSER,
                "@every 5m",
                Schedule {
                    kind: Kind::ConstantDelay(5 * 60 * 1_000_000_000),
                },
            ),
            (SECOND_PARSER, "@midnight", midnight(None)),
            (SECOND_PARSER, "TZ=UTC  @midnight", midnight(utc)),
            (SECOND_PARSER, "TZ=Asia/Tokyo @midnight", midnight(tokyo)),
            (SECOND_PARSER, "@yearly", annual(None)),
            (SECOND_PARSER, "@annually", annual(None)),
            (
                SECOND_PARSER,
                "* 5 * * * *",
                spec_schedule(
                    all(SECONDS),
                    1 << 5,
                    all(HOURS),
                    all(DOM),
                    all(MONTHS),
                    all(DOW),
                    None,
                ),
            ),
        ];
        for (options, expr, expected) in cases {
            assert_eq!(parse_opts(expr, options), expected, "{expr}");
        }
    }

    #[test]
    fn robfig_parser_test_optional_second_schedule() {
        let options = OPT_SECOND_OPTIONAL
            | OPT_MINUTE
            | OPT_HOUR
            | OPT_DOM
            | OPT_MONTH
            | OPT_DOW
            | OPT_DESCRIPTOR;
        assert_eq!(parse_opts("0 5 * * * *", options), every5min(None));
        assert_eq!(parse_opts("5 5 * * * *", options), every5min5s(None));
        assert_eq!(parse_opts("5 * * * *", options), every5min(None));
    }

    #[test]
    #[rustfmt::skip]
    fn robfig_parser_test_normalize_fields() {
        let cases: &[(&str, &[&str], u32, &[&str])] = &[
            ("AllFields_NoOptional", &["0", "5", "*", "*", "*", "*"], OPT_SECOND | OPT_MINUTE | OPT_HOUR | OPT_DOM | OPT_MONTH | OPT_DOW | OPT_DESCRIPTOR, &["0", "5", "*", "*", "*", "*"]),
            (
                "AllFields_SecondOptional_Provided",
                &["0", "5", "*", "*", "*", "*"],
                OPT_SECOND_OPTIONAL
                    | OPT_MINUTE
                    | OPT_HOUR
                    | OPT_DOM
                    | OPT_MONTH
                    | OPT_DOW
                    | OPT_DESCRIPTOR,
                &["0", "5", "*", "*", "*", "*"],
            ),
            (
                "AllFields_SecondOptional_NotProvided",
                &["5", "*", "*", "*", "*"],
                OPT_SECOND_OPTIONAL
                    | OPT_MINUTE
                    | OPT_HOUR
                    | OPT_DOM
                    | OPT_MONTH
                    | OPT_DOW
                    | OPT_DESCRIPTOR,
                &["0", "5", "*", "*", "*", "*"],
            ),
            ("SubsetFields_NoOptional", &["5", "15", "*"], OPT_HOUR | OPT_DOM | OPT_MONTH, &["0", "0", "5", "15", "*", "*"]),
            ("SubsetFields_DowOptional_Provided", &["5", "15", "*", "4"], OPT_HOUR | OPT_DOM | OPT_MONTH | OPT_DOW_OPTIONAL, &["0", "0", "5", "15", "*", "4"]),
            ("SubsetFields_DowOptional_NotProvided", &["5", "15", "*"], OPT_HOUR | OPT_DOM | OPT_MONTH | OPT_DOW_OPTIONAL, &["0", "0", "5", "15", "*", "*"]),
            ("SubsetFields_SecondOptional_NotProvided", &["5", "15", "*"], OPT_SECOND_OPTIONAL | OPT_HOUR | OPT_DOM | OPT_MONTH, &["0", "0", "5", "15", "*", "*"]),
        ];
        for (name, input, options, expected) in cases {
            assert_eq!(
                normalize_fields(input, *options).unwrap(),
                expected.to_vec(),
                "{name}"
            );
        }
        let errors: &[(&str, &[&str], u32)] = &[
            (
                "TwoOptionals",
                &["0", "5", "*", "*", "*", "*"],
                OPT_SECOND_OPTIONAL
                    | OPT_MINUTE
                    | OPT_HOUR
                    | OPT_DOM
                    | OPT_MONTH
                    | OPT_DOW_OPTIONAL,
            ),
            ("TooManyFields", &["0", "5", "*", "*"], OPT_SECOND_OPTIONAL | OPT_MINUTE | OPT_HOUR),
            ("NoFields", &[], OPT_SECOND_OPTIONAL | OPT_MINUTE | OPT_HOUR),
            ("TooFewFields", &["*"], OPT_SECOND_OPTIONAL | OPT_MINUTE | OPT_HOUR),
        ];
        for (name, input, options) in errors {
            assert!(normalize_fields(input, *options).is_err(), "{name}");
        }
    }

    #[test]
    fn robfig_parser_test_standard_spec_schedule() {
        assert_eq!(
            Schedule::parse_standard("5 * * * *").unwrap(),
            spec_schedule(
                1 << SECONDS.min,
                1 << 5,
                all(HOURS),
                all(DOM),
                all(MONTHS),
                all(DOW),
                None
            )
        );
        assert_eq!(
            Schedule::parse_standard("@every 5m").unwrap(),
            Schedule {
                kind: Kind::ConstantDelay(5 * 60 * 1_000_000_000)
            }
        );
        assert!(
            Schedule::parse_standard("5 j * * *")
                .unwrap_err()
                .contains("failed to parse int from")
        );
        assert!(
            Schedule::parse_standard("* * * *")
                .unwrap_err()
                .contains("expected exactly 5 fields")
        );
    }

    #[test]
    fn robfig_parser_test_no_descriptor_parser() {
        assert_eq!(
            parse_with_options("@every 1m", OPT_MINUTE | OPT_HOUR).unwrap_err(),
            "parser does not accept descriptors: @every 1m"
        );
    }

    /// Exact error strings of robfig parser.go (with Go strconv/time texts), as the
    /// API server reports them in `spec.schedule: Invalid value: ...`.
    #[test]
    #[rustfmt::skip]
    fn robfig_parser_go_exact_error_messages() {
        let cases = [
            ("", "empty spec string"),
            ("   ", "expected exactly 5 fields, found 0: []"),
            ("0 0 0 * * *", "expected exactly 5 fields, found 6: [0 0 0 * * *]"),
            ("* * * *", "expected exactly 5 fields, found 4: [* * * *]"),
            ("0 0 * * 7", "end of range (7) above maximum (6): 7"),
            ("61 * * * *", "end of range (61) above maximum (59): 61"),
            ("* * 0 * *", "beginning of range (0) below minimum (1): 0"),
            ("5-1 * * * *", "beginning of range (5) beyond end of range (1): 5-1"),
            ("*/0 * * * *", "step of range should be a positive number: */0"),
            ("1-2-3 * * * *", "too many hyphens: 1-2-3"),
            ("1/2/3 * * * *", "too many slashes: 1/2/3"),
            ("*/-1 * * * *", "negative number (-1) not allowed: -1"),
            ("x * * * *", "failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax"),
            ("-5 * * * *", "failed to parse int from : strconv.Atoi: parsing \"\": invalid syntax"),
            ("99999999999999999999 * * * *", "failed to parse int from 99999999999999999999: strconv.Atoi: parsing \"99999999999999999999\": value out of range"),
            ("0 0 * JANUARY *", "failed to parse int from JANUARY: strconv.Atoi: parsing \"JANUARY\": invalid syntax"),
            ("@every", "unrecognized descriptor: @every"),
            ("@often", "unrecognized descriptor: @often"),
            ("@every 1x", "failed to parse duration @every 1x: time: unknown unit \"x\" in duration \"1x\""),
            ("@every 10", "failed to parse duration @every 10: time: missing unit in duration \"10\""),
            ("@every soon", "failed to parse duration @every soon: time: invalid duration \"soon\""),
            ("TZ=Mars/Olympus 0 * * * *", "provided bad location Mars/Olympus: unknown time zone Mars/Olympus"),
            ("CRON_TZ=../x 0 * * * *", "provided bad location ../x: time: invalid location name"),
        ];
        for (spec, err) in cases {
            assert_eq!(Schedule::parse_standard(spec).unwrap_err(), err, "{spec:?}");
        }
    }

    // ----- robfig/cron v3 spec_test.go -----

    /// spec_test.go `TestActivation` (standard parser; `L` cases are not in v3).
    #[test]
    #[rustfmt::skip]
    fn robfig_spec_test_activation() {
        let cases = [
            ("Mon Jul 9 15:00 2012", "0/15 * * * *", true),
            ("Mon Jul 9 15:45 2012", "0/15 * * * *", true),
            ("Mon Jul 9 15:40 2012", "0/15 * * * *", false),
            ("Mon Jul 9 15:05 2012", "5/15 * * * *", true),
            ("Mon Jul 9 15:20 2012", "5/15 * * * *", true),
            ("Mon Jul 9 15:50 2012", "5/15 * * * *", true),
            ("Sun Jul 15 15:00 2012", "0/15 * * Jul *", true),
            ("Sun Jul 15 15:00 2012", "0/15 * * Jun *", false),
            ("Sun Jul 15 08:30 2012", "30 08 ? Jul Sun", true),
            ("Sun Jul 15 08:30 2012", "30 08 15 Jul ?", true),
            ("Mon Jul 16 08:30 2012", "30 08 ? Jul Sun", false),
            ("Mon Jul 16 08:30 2012", "30 08 15 Jul ?", false),
            ("Mon Jul 9 15:00 2012", "@hourly", true),
            ("Mon Jul 9 15:04 2012", "@hourly", false),
            ("Mon Jul 9 15:00 2012", "@daily", false),
            ("Mon Jul 9 00:00 2012", "@daily", true),
            ("Mon Jul 9 00:00 2012", "@weekly", false),
            ("Sun Jul 8 00:00 2012", "@weekly", true),
            ("Sun Jul 8 01:00 2012", "@weekly", false),
            ("Sun Jul 8 00:00 2012", "@monthly", false),
            ("Sun Jul 1 00:00 2012", "@monthly", true),
            // If both are restricted, then only one needs to match.
            ("Sun Jul 15 00:00 2012", "* * 1,15 * Sun", true),
            ("Fri Jun 15 00:00 2012", "* * 1,15 * Sun", true),
            ("Wed Aug 1 00:00 2012", "* * 1,15 * Sun", true),
            ("Sun Jul 15 00:00 2012", "* * */10 * Sun", true),
            // However, if one has a star, then both need to match.
            ("Sun Jul 15 00:00 2012", "* * * * Mon", false),
            ("Mon Jul 9 00:00 2012", "* * 1,15 * *", false),
            ("Sun Jul 15 00:00 2012", "* * 1,15 * *", true),
            ("Sun Jul 15 00:00 2012", "* * */2 * Sun", true),
        ];
        for (time, spec, expected) in cases {
            let sched = Schedule::parse_standard(spec).unwrap();
            let (t, zone) = get_time(time).unwrap();
            let actual = sched.next_after(t - SignedDuration::from_secs(1), &zone);
            assert_eq!(actual == Some(t), expected, "{spec} on {time}: {actual:?}");
        }
    }

    /// spec_test.go `TestNext` (second parser), including the DST and Sao Paulo
    /// cases (robfig issue #157); the `L` cases are not in v3.
    #[test]
    #[rustfmt::skip]
    fn robfig_spec_test_next() {
        let cases = [
            ("Mon Jul 9 14:45 2012", "0 0/15 * * * *", "Mon Jul 9 15:00 2012"),
            ("Mon Jul 9 14:59 2012", "0 0/15 * * * *", "Mon Jul 9 15:00 2012"),
            ("Mon Jul 9 14:59:59 2012", "0 0/15 * * * *", "Mon Jul 9 15:00 2012"),
            ("Mon Jul 9 15:45 2012", "0 20-35/15 * * * *", "Mon Jul 9 16:20 2012"),
            ("Mon Jul 9 23:46 2012", "0 */15 * * * *", "Tue Jul 10 00:00 2012"),
            ("Mon Jul 9 23:45 2012", "0 20-35/15 * * * *", "Tue Jul 10 00:20 2012"),
            ("Mon Jul 9 23:35:51 2012", "15/35 20-35/15 * * * *", "Tue Jul 10 00:20:15 2012"),
            ("Mon Jul 9 23:35:51 2012", "15/35 20-35/15 1/2 * * *", "Tue Jul 10 01:20:15 2012"),
            ("Mon Jul 9 23:35:51 2012", "15/35 20-35/15 10-12 * * *", "Tue Jul 10 10:20:15 2012"),
            ("Mon Jul 9 23:35:51 2012", "15/35 20-35/15 1/2 */2 * *", "Thu Jul 11 01:20:15 2012"),
            ("Mon Jul 9 23:35:51 2012", "15/35 20-35/15 * 9-20 * *", "Wed Jul 10 00:20:15 2012"),
            ("Mon Jul 9 23:35:51 2012", "15/35 20-35/15 * 9-20 Jul *", "Wed Jul 10 00:20:15 2012"),
            ("Mon Jul 9 23:35 2012", "0 0 0 9 Apr-Oct ?", "Thu Aug 9 00:00 2012"),
            ("Mon Jul 9 23:35 2012", "0 0 0 */5 Apr,Aug,Oct Mon", "Tue Aug 1 00:00 2012"),
            ("Mon Jul 9 23:35 2012", "0 0 0 */5 Oct Mon", "Mon Oct 1 00:00 2012"),
            ("Mon Jul 9 23:35 2012", "0 0 0 * Feb Mon", "Mon Feb 4 00:00 2013"),
            ("Mon Jul 9 23:35 2012", "0 0 0 * Feb Mon/2", "Fri Feb 1 00:00 2013"),
            ("Mon Dec 31 23:59:45 2012", "0 * * * * *", "Tue Jan 1 00:00:00 2013"),
            ("Mon Jul 9 23:35 2012", "0 0 0 29 Feb ?", "Mon Feb 29 00:00 2016"),
            // Daylight savings time 2am EST (-5) -> 3am EDT (-4)
            ("2012-03-11T00:00:00-0500", "TZ=America/New_York 0 30 2 11 Mar ?", "2013-03-11T02:30:00-0400"),
            ("2012-03-11T00:00:00-0500", "TZ=America/New_York 0 0 * * * ?", "2012-03-11T01:00:00-0500"),
            ("2012-03-11T01:00:00-0500", "TZ=America/New_York 0 0 * * * ?", "2012-03-11T03:00:00-0400"),
            ("2012-03-11T03:00:00-0400", "TZ=America/New_York 0 0 * * * ?", "2012-03-11T04:00:00-0400"),
            ("2012-03-11T04:00:00-0400", "TZ=America/New_York 0 0 * * * ?", "2012-03-11T05:00:00-0400"),
            ("2012-03-11T00:00:00-0500", "CRON_TZ=America/New_York 0 0 * * * ?", "2012-03-11T01:00:00-0500"),
            ("2012-03-11T01:00:00-0500", "CRON_TZ=America/New_York 0 0 * * * ?", "2012-03-11T03:00:00-0400"),
            ("2012-03-11T03:00:00-0400", "CRON_TZ=America/New_York 0 0 * * * ?", "2012-03-11T04:00:00-0400"),
            ("2012-03-11T04:00:00-0400", "CRON_TZ=America/New_York 0 0 * * * ?", "2012-03-11T05:00:00-0400"),
            ("2012-03-11T00:00:00-0500", "TZ=America/New_York 0 0 1 * * ?", "2012-03-11T01:00:00-0500"),
            ("2012-03-11T01:00:00-0500", "TZ=America/New_York 0 0 1 * * ?", "2012-03-12T01:00:00-0400"),
            ("2012-03-11T00:00:00-0500", "TZ=America/New_York 0 0 2 * * ?", "2012-03-12T02:00:00-0400"),
            // Daylight savings time 2am EDT (-4) => 1am EST (-5)
            ("2012-11-04T00:00:00-0400", "TZ=America/New_York 0 30 2 04 Nov ?", "2012-11-04T02:30:00-0500"),
            ("2012-11-04T01:45:00-0400", "TZ=America/New_York 0 30 1 04 Nov ?", "2012-11-04T01:30:00-0500"),
            ("2012-11-04T00:00:00-0400", "TZ=America/New_York 0 0 * * * ?", "2012-11-04T01:00:00-0400"),
            ("2012-11-04T01:00:00-0400", "TZ=America/New_York 0 0 * * * ?", "2012-11-04T01:00:00-0500"),
            ("2012-11-04T01:00:00-0500", "TZ=America/New_York 0 0 * * * ?", "2012-11-04T02:00:00-0500"),
            ("2012-11-04T00:00:00-0400", "TZ=America/New_York 0 0 1 * * ?", "2012-11-04T01:00:00-0400"),
            ("2012-11-04T01:00:00-0400", "TZ=America/New_York 0 0 1 * * ?", "2012-11-04T01:00:00-0500"),
            ("2012-11-04T01:00:00-0500", "TZ=America/New_York 0 0 1 * * ?", "2012-11-05T01:00:00-0500"),
            ("2012-11-04T00:00:00-0400", "TZ=America/New_York 0 0 2 * * ?", "2012-11-04T02:00:00-0500"),
            ("2012-11-04T02:00:00-0500", "TZ=America/New_York 0 0 2 * * ?", "2012-11-05T02:00:00-0500"),
            ("2012-11-04T00:00:00-0400", "TZ=America/New_York 0 0 3 * * ?", "2012-11-04T03:00:00-0500"),
            ("2012-11-04T03:00:00-0500", "TZ=America/New_York 0 0 3 * * ?", "2012-11-05T03:00:00-0500"),
            // Location taken from the time (schedule without TZ=)
            ("TZ=America/New_York 2012-11-04T00:00:00-0400", "0 0 * * * ?", "2012-11-04T01:00:00-0400"),
            ("TZ=America/New_York 2012-11-04T01:00:00-0400", "0 0 * * * ?", "2012-11-04T01:00:00-0500"),
            ("TZ=America/New_York 2012-11-04T01:00:00-0500", "0 0 * * * ?", "2012-11-04T02:00:00-0500"),
            ("TZ=America/New_York 2012-11-04T00:00:00-0400", "0 0 1 * * ?", "2012-11-04T01:00:00-0400"),
            ("TZ=America/New_York 2012-11-04T01:00:00-0400", "0 0 1 * * ?", "2012-11-04T01:00:00-0500"),
            ("TZ=America/New_York 2012-11-04T01:00:00-0500", "0 0 1 * * ?", "2012-11-05T01:00:00-0500"),
            ("TZ=America/New_York 2012-11-04T00:00:00-0400", "0 0 2 * * ?", "2012-11-04T02:00:00-0500"),
            ("TZ=America/New_York 2012-11-04T02:00:00-0500", "0 0 2 * * ?", "2012-11-05T02:00:00-0500"),
            ("TZ=America/New_York 2012-11-04T00:00:00-0400", "0 0 3 * * ?", "2012-11-04T03:00:00-0500"),
            ("TZ=America/New_York 2012-11-04T03:00:00-0500", "0 0 3 * * ?", "2012-11-05T03:00:00-0500"),
            // Unsatisfiable
            ("Mon Jul 9 23:35 2012", "0 0 0 30 Feb ?", ""),
            ("Mon Jul 9 23:35 2012", "0 0 0 31 Apr ?", ""),
            // Monthly job
            ("TZ=America/New_York 2012-11-04T00:00:00-0400", "0 0 3 3 * ?", "2012-12-03T03:00:00-0500"),
            // DST making midnight invalid (robfig issue #157)
            ("2018-10-17T05:00:00-0400", "TZ=America/Sao_Paulo 0 0 9 10 * ?", "2018-11-10T06:00:00-0500"),
            ("2018-02-14T05:00:00-0500", "TZ=America/Sao_Paulo 0 0 9 22 * ?", "2018-02-22T07:00:00-0500"),
        ];
        for (time, spec, expected) in cases {
            let sched = parse_opts(spec, SECOND_PARSER);
            let (t, zone) = get_time(time).unwrap();
            let actual = sched.next_after(t, &zone);
            assert_eq!(actual, get_time(expected).map(|e| e.0), "{time}, {spec:?}");
        }
    }

    /// spec_test.go `TestErrors` and `TestSlash0NoHang` (robfig issue #144).
    #[test]
    fn robfig_spec_test_errors() {
        for spec in [
            "xyz",
            "60 0 * * *",
            "0 60 * * *",
            "0 0 * * XYZ",
            "TZ=America/New_York 15/0 * * * *",
        ] {
            assert!(Schedule::parse_standard(spec).is_err(), "{spec}");
        }
    }

    /// spec_test.go `TestNextWithTz`: the location comes from the time's fixed offset.
    #[test]
    #[rustfmt::skip]
    fn robfig_spec_test_next_with_tz() {
        let cases = [
            ("2016-01-03T13:09:03+0530", "14 14 * * *", "2016-01-03T14:14:00+0530"),
            ("2016-01-03T04:09:03+0530", "14 14 * * ?", "2016-01-03T14:14:00+0530"),
            ("2016-01-03T14:09:03+0530", "14 14 * * *", "2016-01-03T14:14:00+0530"),
            ("2016-01-03T14:00:00+0530", "14 14 * * ?", "2016-01-03T14:14:00+0530"),
        ];
        for (time, spec, expected) in cases {
            let sched = Schedule::parse_standard(spec).unwrap();
            let (t, zone) = get_time(time).unwrap();
            assert_eq!(
                sched.next_after(t, &zone),
                get_time(expected).map(|e| e.0),
                "{time} {spec}"
            );
        }
    }

    /// robfig constantdelay_test.go `TestConstantDelayNext`.
    #[test]
    #[rustfmt::skip]
    fn robfig_constantdelay_test_next() {
        const MIN: i64 = 60_000_000_000;
        const SEC: i64 = 1_000_000_000;
        const HOUR: i64 = 60 * MIN;
        let cases = [
            ("Mon Jul 9 14:45 2012", 15 * MIN + 50, "Mon Jul 9 15:00 2012"),
            ("Mon Jul 9 14:59 2012", 15 * MIN, "Mon Jul 9 15:14 2012"),
            ("Mon Jul 9 14:59:59 2012", 15 * MIN, "Mon Jul 9 15:14:59 2012"),
            ("Mon Jul 9 15:45 2012", 35 * MIN, "Mon Jul 9 16:20 2012"),
            ("Mon Jul 9 23:46 2012", 14 * MIN, "Tue Jul 10 00:00 2012"),
            ("Mon Jul 9 23:45 2012", 35 * MIN, "Tue Jul 10 00:20 2012"),
            ("Mon Jul 9 23:35:51 2012", 44 * MIN + 24 * SEC, "Tue Jul 10 00:20:15 2012"),
            ("Mon Jul 9 23:35:51 2012", 25 * HOUR + 44 * MIN + 24 * SEC, "Thu Jul 11 01:20:15 2012"),
            ("Mon Jul 9 23:35 2012", 91 * 24 * HOUR + 25 * MIN, "Thu Oct 9 00:00 2012"),
            ("Mon Dec 31 23:59:45 2012", 15 * SEC, "Tue Jan 1 00:00:00 2013"),
            ("Mon Jul 9 14:45 2012", 15 * MIN + 50, "Mon Jul 9 15:00 2012"),
            ("Mon Jul 9 14:45:00 2012", 15_000_000, "Mon Jul 9 14:45:01 2012"),
            ("Mon Jul 9 14:45:00.005 2012", 15 * MIN, "Mon Jul 9 15:00 2012"),
            ("Mon Jul 9 14:45:00.005 2012", 15 * MIN + 50, "Mon Jul 9 15:00 2012"),
        ];
        for (time, delay, expected) in cases {
            let sched = Schedule {
                kind: Kind::ConstantDelay(every(delay)),
            };
            let (t, zone) = get_time(time).unwrap();
            assert_eq!(
                sched.next_after(t, &zone),
                get_time(expected).map(|e| e.0),
                "{time} {delay}"
            );
        }
    }

    /// Go src/time/time_test.go `dateTests` (Local is America/Los_Angeles there):
    /// the `time.Date` normalisation robfig's `Next` depends on.
    #[test]
    #[rustfmt::skip]
    fn go_time_test_date_tests() {
        let la = tz("America/Los_Angeles");
        // (year, month, day, hour, min, sec, nsec, unix)
        type DateCase = (i64, i64, i64, i64, i64, i64, i64, i64);
        let cases: &[DateCase] = &[
            (2011, 11, 6, 1, 0, 0, 0, 1320566400),
            (2011, 11, 6, 1, 59, 59, 0, 1320569999),
            (2011, 11, 6, 2, 0, 0, 0, 1320573600),
            (2011, 3, 13, 1, 0, 0, 0, 1300006800),
            (2011, 3, 13, 1, 59, 59, 0, 1300010399),
            (2011, 3, 13, 3, 0, 0, 0, 1300010400),
            (2011, 3, 13, 2, 30, 0, 0, 1300008600),
            (2012, 12, 24, 0, 0, 0, 0, 1356336000),
            (2011, 11, 18, 7, 56, 35, 0, 1321631795),
            (2011, 11, 19, -17, 56, 35, 0, 1321631795),
            (2011, 11, 17, 31, 56, 35, 0, 1321631795),
            (2011, 11, 18, 6, 116, 35, 0, 1321631795),
            (2011, 10, 49, 7, 56, 35, 0, 1321631795),
            (2011, 11, 18, 7, 55, 95, 0, 1321631795),
            (2011, 11, 18, 7, 56, 34, 1_000_000_000, 1321631795),
            (2011, 12, -12, 7, 56, 35, 0, 1321631795),
            (2012, 1, -43, 7, 56, 35, 0, 1321631795),
            (2012, 1 - 2, 18, 7, 56, 35, 0, 1321631795),
            (2010, 12 + 11, 18, 7, 56, 35, 0, 1321631795),
        ];
        for &(y, mo, d, h, mi, s, ns, unix) in cases {
            let n = go_date(y, mo, d, h, mi, s, ns, &la).unwrap();
            assert_eq!(
                n,
                i128::from(unix) * NS_PER_SEC,
                "{y}-{mo}-{d} {h}:{mi}:{s}"
            );
        }
    }

    /// spec.go `Next` only re-checks earlier fields after a wrap to zero, so a DST
    /// jump that skips midnight or half an hour can yield a time outside the field
    /// sets. Kubernetes inherits this; the port keeps it.
    #[test]
    fn robfig_quirks_preserved_in_odd_dst_zones() {
        // America/Sao_Paulo, 2018-11-04: 00:00 jumped to 01:00.
        let s = Schedule::parse_standard("0 1,22 3 * *").unwrap();
        assert_eq!(
            s.next_after(ts("2018-11-04T01:30:00Z"), &tz("America/Sao_Paulo")),
            Some(ts("2018-11-04T03:00:00Z")) // 01:00 -02 on the 4th
        );
        // Australia/Lord_Howe, 2024-10-06: 02:00 jumped to 02:30.
        let s = Schedule::parse_standard("45 1 * * *").unwrap();
        assert_eq!(
            s.next_after(ts("2024-10-05T15:16:00Z"), &tz("Australia/Lord_Howe")),
            Some(ts("2024-10-05T15:45:00Z")) // 02:45 +11:00
        );
    }

    // ----- differences from the Rust `cron` crate dialect -----

    fn sequence(spec: &str, start: &str, n: usize) -> Vec<Timestamp> {
        let sched = Schedule::parse_standard(spec).unwrap();
        let mut t = ts(start);
        let mut out = Vec::new();
        for _ in 0..n {
            t = sched.next_after(t, &TimeZone::UTC).unwrap();
            out.push(t);
        }
        out
    }

    fn tss(list: &[&str]) -> Vec<Timestamp> {
        list.iter().map(|s| ts(s)).collect()
    }

    /// Both day fields restricted: OR (spec.go `dayMatches`, spec_test.go
    /// "If both are restricted, then only one needs to match"). The `cron` crate
    /// ANDs them and would fire only on Friday the 13th.
    #[test]
    fn dialect_dom_and_dow_restricted_are_ored() {
        assert_eq!(
            sequence("0 0 13 * 5", "2024-09-01T00:00:00Z", 8),
            tss(&[
                "2024-09-06T00:00:00Z",
                "2024-09-13T00:00:00Z",
                "2024-09-20T00:00:00Z",
                "2024-09-27T00:00:00Z",
                "2024-10-04T00:00:00Z",
                "2024-10-11T00:00:00Z",
                "2024-10-13T00:00:00Z",
                "2024-10-18T00:00:00Z",
            ])
        );
    }

    /// `*/1` keeps the star bit (parser.go only clears it for step > 1), so a
    /// `*/1` day-of-month still ANDs with day-of-week, unlike `1-31`.
    #[test]
    fn dialect_star_slash_one_is_star() {
        assert_eq!(
            Schedule::parse_standard("*/1 * * * *"),
            Schedule::parse_standard("* * * * *")
        );
        assert_eq!(
            sequence("*/1 * * * *", "2024-01-01T00:00:30Z", 2),
            tss(&["2024-01-01T00:01:00Z", "2024-01-01T00:02:00Z"])
        );
        // 2024-01-01 is a Monday.
        assert_eq!(
            sequence("0 0 */1 * 1", "2024-01-01T00:00:00Z", 2),
            tss(&["2024-01-08T00:00:00Z", "2024-01-15T00:00:00Z"])
        );
        assert_eq!(
            sequence("0 0 1-31 * 1", "2024-01-01T00:00:00Z", 2),
            tss(&["2024-01-02T00:00:00Z", "2024-01-03T00:00:00Z"])
        );
    }

    #[test]
    fn dialect_dow_seven_is_an_error() {
        assert_eq!(
            Schedule::parse_standard("0 0 * * 7").unwrap_err(),
            "end of range (7) above maximum (6): 7"
        );
        assert_eq!(
            Schedule::parse_standard("0 0 * * 1-7").unwrap_err(),
            "end of range (7) above maximum (6): 1-7"
        );
        assert!(Schedule::parse_standard("0 0 * * 0").is_ok());
    }

    #[test]
    fn dialect_annually_and_midnight_macros() {
        assert_eq!(
            Schedule::parse_standard("@annually"),
            Schedule::parse_standard("@yearly")
        );
        assert_eq!(
            Schedule::parse_standard("@annually"),
            Schedule::parse_standard("0 0 1 1 *")
        );
        assert_eq!(
            Schedule::parse_standard("@midnight"),
            Schedule::parse_standard("@daily")
        );
        assert_eq!(
            Schedule::parse_standard("@midnight"),
            Schedule::parse_standard("0 0 * * *")
        );
        assert_eq!(
            Schedule::parse_standard("@weekly"),
            Schedule::parse_standard("0 0 * * 0")
        );
        assert_eq!(
            Schedule::parse_standard("@monthly"),
            Schedule::parse_standard("0 0 1 * *")
        );
        assert_eq!(
            Schedule::parse_standard("@hourly"),
            Schedule::parse_standard("0 * * * *")
        );
        assert_eq!(
            sequence("@annually", "2024-03-01T00:00:00Z", 1),
            tss(&["2025-01-01T00:00:00Z"])
        );
        assert_eq!(
            sequence("@midnight", "2024-03-01T12:00:00Z", 1),
            tss(&["2024-03-02T00:00:00Z"])
        );
    }

    #[test]
    fn dialect_six_fields_are_an_error() {
        assert_eq!(
            Schedule::parse_standard("0 0 0 13 * 5").unwrap_err(),
            "expected exactly 5 fields, found 6: [0 0 0 13 * 5]"
        );
    }

    #[test]
    fn dialect_every_two_hours() {
        assert_eq!(
            sequence("0 */2 * * *", "2024-01-01T21:30:00Z", 3),
            tss(&[
                "2024-01-01T22:00:00Z",
                "2024-01-02T00:00:00Z",
                "2024-01-02T02:00:00Z"
            ])
        );
    }

    /// Names are case-insensitive (parser.go `parseIntOrName`).
    #[test]
    fn dialect_weekday_names_range() {
        assert_eq!(
            Schedule::parse_standard("15 10 * * MON-FRI"),
            Schedule::parse_standard("15 10 * * 1-5")
        );
        assert_eq!(
            Schedule::parse_standard("15 10 * * mon-fri"),
            Schedule::parse_standard("15 10 * * 1-5")
        );
        assert_eq!(
            Schedule::parse_standard("0 0 1 jan,JUL *"),
            Schedule::parse_standard("0 0 1 1,7 *")
        );
        // 2024-01-05 is a Friday.
        assert_eq!(
            sequence("15 10 * * MON-FRI", "2024-01-05T10:15:00Z", 2),
            tss(&["2024-01-08T10:15:00Z", "2024-01-09T10:15:00Z"])
        );
    }

    #[test]
    fn dialect_question_mark_is_star() {
        assert_eq!(
            Schedule::parse_standard("0 * * * ?"),
            Schedule::parse_standard("0 * * * *")
        );
    }

    /// `@every` is parsed with Go `time.ParseDuration` (robfig parser.go) and
    /// rounded by `Every` (constantdelay.go): sub-second or negative delays
    /// become one second.
    #[test]
    fn every_descriptor_go_durations() {
        let delay = |s: &str| match Schedule::parse_standard(s).unwrap().kind {
            Kind::ConstantDelay(d) => d,
            Kind::Spec(_) => panic!("{s}"),
        };
        assert_eq!(delay("@every 1h30m"), 5_400_000_000_000);
        assert_eq!(delay("@every 1.5h"), 5_400_000_000_000);
        assert_eq!(delay("@every 90s"), 90_000_000_000);
        assert_eq!(delay("@every 1500ms"), 1_000_000_000);
        assert_eq!(delay("@every 100ms"), 1_000_000_000);
        assert_eq!(delay("@every -5m"), 1_000_000_000);
        assert_eq!(delay("@every 0"), 1_000_000_000);
        assert_eq!(delay("@every 2\u{b5}s"), 1_000_000_000);
    }

    #[test]
    fn tz_prefix_helpers() {
        assert!(has_tz_prefix("TZ=UTC 0 * * * *"));
        assert!(has_tz_prefix("CRON_TZ=UTC 0 * * * *"));
        assert!(!has_tz_prefix("0 * * * *"));
        assert!(contains_tz(" TZ=UTC 0 * * * *"));
        // The prefix form is accepted by robfig itself; Kubernetes validation
        // rejects it separately.
        let s = Schedule::parse_standard("TZ=Europe/Rome 0 9 * * *").unwrap();
        assert_eq!(
            s,
            Schedule::for_cronjob("0 9 * * *", Some("Europe/Rome")).unwrap()
        );
    }

    /// cronjob_controllerv2.go `formatSchedule`.
    #[test]
    fn kubernetes_format_schedule() {
        assert_eq!(
            format_schedule("0 * * * *", Some("Europe/Rome")),
            "TZ=Europe/Rome 0 * * * *"
        );
        assert_eq!(
            format_schedule("0 * * * *", Some("Mars/Olympus")),
            "0 * * * *"
        );
        assert_eq!(format_schedule("0 * * * *", None), "0 * * * *");
        assert_eq!(
            format_schedule("CRON_TZ=UTC 0 * * * *", Some("Europe/Rome")),
            "CRON_TZ=UTC 0 * * * *"
        );
    }

    /// Go `time.LoadLocation` rules.
    #[test]
    fn go_load_location() {
        assert_eq!(load_location(""), Ok(TimeZone::UTC));
        assert_eq!(load_location("UTC"), Ok(TimeZone::UTC));
        assert_eq!(
            load_location("America/New_York"),
            Ok(tz("America/New_York"))
        );
        assert_eq!(
            load_location("america/new_york").unwrap_err(),
            "unknown time zone america/new_york"
        );
        assert_eq!(
            load_location("Europe/Pariss").unwrap_err(),
            "unknown time zone Europe/Pariss"
        );
        assert_eq!(
            load_location("../etc/passwd").unwrap_err(),
            "time: invalid location name"
        );
        assert_eq!(
            load_location("/etc/localtime").unwrap_err(),
            "time: invalid location name"
        );
    }

    /// A CronJob with `spec.timeZone` fires at the zone's wall-clock time.
    #[test]
    fn cronjob_time_zone_shifts_with_dst() {
        let s = Schedule::for_cronjob("0 9 * * *", Some("Europe/Rome")).unwrap();
        assert_eq!(
            s.next_after(ts("2024-03-30T10:00:00Z"), &TimeZone::UTC),
            Some(ts("2024-03-31T07:00:00Z"))
        );
        assert_eq!(
            s.next_after(ts("2024-01-15T10:00:00Z"), &TimeZone::UTC),
            Some(ts("2024-01-16T08:00:00Z"))
        );
    }

    // ----- kubernetes pkg/controller/cronjob/utils_test.go -----

    fn top_of_the_hour() -> Timestamp {
        ts("2016-05-19T10:00:00Z")
    }

    fn delta_after_top_of_the_hour(d: SignedDuration) -> Timestamp {
        top_of_the_hour() + d
    }

    fn mins(m: i64) -> SignedDuration {
        SignedDuration::from_mins(m)
    }

    fn hours(h: i64) -> SignedDuration {
        SignedDuration::from_hours(h)
    }

    fn times(creation: Timestamp, last: Option<Timestamp>, sds: Option<i64>) -> CronJobTimes {
        CronJobTimes {
            creation_timestamp: creation,
            last_schedule_time: last,
            starting_deadline_seconds: sds,
        }
    }

    /// utils_test.go `TestNextScheduleTime`.
    #[test]
    fn kubernetes_utils_test_next_schedule_time() {
        let sched = Schedule::parse_standard("0 * * * ?").unwrap();
        let t1 = top_of_the_hour();
        let t2 = delta_after_top_of_the_hour(hours(1));
        // Case 1: no known start times, and none needed yet.
        let cj = times(t1 - mins(10), None, None);
        assert_eq!(next_schedule_time(&cj, t1 - mins(7), &sched), Ok(None));
        // Case 2: no known start times, and one needed.
        let got = next_schedule_time(&cj, t1 + SignedDuration::from_secs(2), &sched).unwrap();
        assert_eq!(got.map(|g| g.0), Some(t1));
        // Case 3: known LastScheduleTime, no start needed.
        let cj = times(t1 - mins(10), Some(t1), None);
        assert_eq!(next_schedule_time(&cj, t1 + mins(2), &sched), Ok(None));
        // Case 4: known LastScheduleTime, a start needed.
        let got = next_schedule_time(&cj, t2 + mins(5), &sched).unwrap();
        assert_eq!(got.map(|g| g.0), Some(t2));
        // Case 5: known LastScheduleTime, two starts needed.
        let cj = times(t1 - hours(2), Some(t1 - hours(1)), None);
        let got = next_schedule_time(&cj, t2 + mins(5), &sched).unwrap();
        assert_eq!(got.map(|g| g.0), Some(t2));
        // Case 6: now is way way ahead of last start time, and there is no deadline.
        let now = t2 + hours(10 * 24);
        let got = next_schedule_time(&cj, now, &sched).unwrap();
        assert_eq!(
            got,
            Some((ts("2016-05-29T11:00:00Z"), MissedSchedules::Many))
        );
        // Case 7: now is way way ahead of last start time, but there is a short deadline.
        let cj = times(t1 - hours(2), Some(t1 - hours(1)), Some(2 * 60 * 60));
        let got = next_schedule_time(&cj, now, &sched).unwrap();
        assert_eq!(
            got,
            Some((ts("2016-05-29T11:00:00Z"), MissedSchedules::Few))
        );
        // Case 8: ensure the error from mostRecentScheduleTime gets populated up.
        let cj = times(t1 + SignedDuration::from_secs(10), None, None);
        let rogue = Schedule::parse_standard("59 23 31 2 *").unwrap();
        assert_eq!(
            next_schedule_time(&cj, delta_after_top_of_the_hour(hours(1)), &rogue),
            Err("time difference between two schedules is less than 1 second".to_string())
        );
    }

    /// utils_test.go `TestMostRecentScheduleTime`.
    #[test]
    fn kubernetes_utils_test_most_recent_schedule_time() {
        let top = top_of_the_hour();
        let half = delta_after_top_of_the_hour(mins(30));
        let minute_after = delta_after_top_of_the_hour(mins(1));
        let secs = SignedDuration::from_secs;
        struct Case {
            name: &'static str,
            schedule: &'static str,
            cj: CronJobTimes,
            include_sds: bool,
            now: Timestamp,
            earliest: Timestamp,
            recent: Option<Timestamp>,
            missed: MissedSchedules,
        }
        let d = delta_after_top_of_the_hour;
        let cases = [
            Case {
                name: "now before next schedule",
                schedule: "0 * * * *",
                cj: times(top, None, None),
                include_sds: false,
                now: top + secs(30),
                earliest: top,
                recent: None,
                missed: MissedSchedules::None,
            },
            Case {
                name: "now just after next schedule",
                schedule: "0 * * * *",
                cj: times(top, None, None),
                include_sds: false,
                now: top + mins(61),
                earliest: top,
                recent: Some(d(mins(60))),
                missed: MissedSchedules::None,
            },
            Case {
                name: "missed 5 schedules",
                schedule: "0 * * * *",
                cj: times(d(secs(10)), None, None),
                include_sds: false,
                now: d(mins(301)),
                earliest: d(secs(10)),
                recent: Some(d(mins(300))),
                missed: MissedSchedules::Few,
            },
            Case {
                name: "complex schedule",
                schedule: "30 6-16/4 * * 1-5",
                cj: times(top, Some(half), None),
                include_sds: false,
                now: d(hours(24) + mins(31)),
                earliest: half,
                recent: Some(d(hours(24) + mins(30))),
                missed: MissedSchedules::Few,
            },
            Case {
                name: "another complex schedule",
                schedule: "30 10,11,12 * * 1-5",
                cj: times(top, Some(half), None),
                include_sds: false,
                now: d(hours(30) + mins(30)),
                earliest: half,
                recent: None,
                missed: MissedSchedules::Few,
            },
            Case {
                name: "complex schedule with longer diff between executions",
                schedule: "30 6-16/4 * * 1-5",
                cj: times(top, Some(half), None),
                include_sds: false,
                now: d(hours(96) + mins(31)),
                earliest: half,
                recent: Some(d(hours(96) + mins(30))),
                missed: MissedSchedules::Few,
            },
            Case {
                name: "complex schedule with shorter diff between executions",
                schedule: "30 6-16/4 * * 1-5",
                cj: times(top, None, None),
                include_sds: false,
                now: d(hours(24) + mins(31)),
                earliest: top,
                recent: Some(d(hours(24) + mins(30))),
                missed: MissedSchedules::Few,
            },
            Case {
                name: "@every schedule",
                schedule: "@every 1h",
                cj: times(d(mins(-59)), Some(minute_after), Some(10)),
                include_sds: false,
                now: d(hours(7 * 24)),
                earliest: minute_after,
                recent: Some(d(hours(6 * 24 + 23) + mins(1))),
                missed: MissedSchedules::Many,
            },
            Case {
                name: "earliestTime being CreationTimestamp and LastScheduleTime",
                schedule: "0 * * * *",
                cj: times(top, Some(top), None),
                include_sds: false,
                now: d(secs(30)),
                earliest: top,
                recent: None,
                missed: MissedSchedules::None,
            },
            Case {
                name: "earliestTime being LastScheduleTime",
                schedule: "*/5 * * * *",
                cj: times(top, Some(half), None),
                include_sds: false,
                now: d(mins(31)),
                earliest: half,
                recent: None,
                missed: MissedSchedules::None,
            },
            Case {
                name: "earliestTime being LastScheduleTime (within StartingDeadlineSeconds)",
                schedule: "*/5 * * * *",
                cj: times(top, Some(half), Some(60)),
                include_sds: false,
                now: d(mins(31)),
                earliest: half,
                recent: None,
                missed: MissedSchedules::None,
            },
            Case {
                name: "earliestTime being LastScheduleTime (outside StartingDeadlineSeconds)",
                schedule: "*/5 * * * *",
                cj: times(top, Some(half), Some(60)),
                include_sds: true,
                now: d(mins(32)),
                earliest: d(mins(31)),
                recent: None,
                missed: MissedSchedules::None,
            },
        ];
        for c in cases {
            let sched = Schedule::parse_standard(c.schedule).unwrap();
            let got = most_recent_schedule_time(&c.cj, c.now, &sched, c.include_sds).unwrap();
            assert_eq!(
                got,
                MostRecentSchedule {
                    earliest_time: c.earliest,
                    most_recent_time: c.recent,
                    missed: c.missed
                },
                "{}",
                c.name
            );
        }
        // "rogue cronjob"
        let rogue = Schedule::parse_standard("59 23 31 2 *").unwrap();
        let cj = times(d(secs(10)), None, None);
        assert!(most_recent_schedule_time(&cj, d(hours(1)), &rogue, false).is_err());
    }

    /// utils_test.go `TestNextScheduleTimeDuration` (nextScheduleDelta = 100ms).
    #[test]
    #[rustfmt::skip]
    fn kubernetes_utils_test_next_schedule_time_duration() {
        let top = top_of_the_hour();
        let d = delta_after_top_of_the_hour;
        let delta = SignedDuration::from_millis(100);
        let cases = [
            ("complex schedule skipping weekend", "30 6-16/4 * * 1-5", times(top, Some(d(mins(30))), None), d(hours(24) + mins(31)), hours(3) + mins(59) + delta),
            ("another complex schedule skipping weekend", "30 10,11,12 * * 1-5", times(top, Some(d(mins(30))), None), d(hours(30) + mins(30)), hours(66) + delta),
            ("once a week cronjob, missed two runs", "0 12 * * 4", times(top, Some(d(hours(2))), None), d(hours(19 * 24 + 1) + mins(30)), hours(48) + mins(30) + delta),
            ("no previous run of a cronjob", "0 12 * * 5", times(top, None, None), d(hours(6)), hours(20) + delta),
        ];
        for (name, schedule, cj, now, expected) in cases {
            let sched = Schedule::parse_standard(schedule).unwrap();
            assert_eq!(
                next_schedule_time_duration(&cj, now, &sched),
                expected,
                "{name}"
            );
        }
    }

    /// utils.go `getTimeHashInMinutes` / `getJobName`.
    #[test]
    fn kubernetes_job_name_suffix_is_unix_minutes() {
        assert_eq!(time_hash_in_minutes(top_of_the_hour()), 1_463_652_000 / 60);
        assert_eq!(
            time_hash_in_minutes(ts("2016-05-19T10:00:59.999Z")),
            1_463_652_000 / 60
        );
        assert_eq!(
            job_name("mycronjob", top_of_the_hour()),
            "mycronjob-24394200"
        );
    }

    /// utils_test.go `TestGetJobFromTemplate2`: the scheduled-timestamp annotation.
    #[test]
    fn kubernetes_scheduled_timestamp_annotation() {
        let t = top_of_the_hour();
        assert_eq!(
            scheduled_timestamp_annotation(t, Some("UTC")).unwrap(),
            "2016-05-19T10:00:00Z"
        );
        assert_eq!(
            scheduled_timestamp_annotation(t, None).unwrap(),
            "2016-05-19T10:00:00Z"
        );
        assert_eq!(
            scheduled_timestamp_annotation(t, Some("Europe/Rome")).unwrap(),
            "2016-05-19T12:00:00+02:00"
        );
    }

    #[test]
    fn cronjob_times_from_api_object() {
        use k8s_openapi::api::batch::v1::{CronJob, CronJobSpec, CronJobStatus};
        use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
        let mut cj = CronJob::default();
        assert_eq!(CronJobTimes::from_cronjob(&cj), None);
        cj.metadata.creation_timestamp = Some(Time(top_of_the_hour()));
        cj.spec = Some(CronJobSpec {
            starting_deadline_seconds: Some(30),
            ..Default::default()
        });
        cj.status = Some(CronJobStatus {
            last_schedule_time: Some(Time(top_of_the_hour() + mins(5))),
            ..Default::default()
        });
        assert_eq!(
            CronJobTimes::from_cronjob(&cj),
            Some(times(
                top_of_the_hour(),
                Some(top_of_the_hour() + mins(5)),
                Some(30)
            ))
        );
    }

    // ----- properties -----

    fn field_strategy(min: u64, max: u64) -> impl Strategy<Value = String> {
        prop_oneof![
            Just("*".to_string()),
            (min..=max).prop_map(|v| v.to_string()),
            (min..=max, min..=max).prop_map(|(a, b)| format!("{}-{}", a.min(b), a.max(b))),
            (1u64..=max.max(2)).prop_map(|s| format!("*/{s}")),
            (min..=max, 1u64..=7).prop_map(|(a, s)| format!("{a}/{s}")),
            (min..=max, min..=max).prop_map(|(a, b)| format!("{a},{b}")),
        ]
    }

    /// Zones without midnight or sub-hour DST shifts: in those (e.g.
    /// America/Sao_Paulo before 2019, Australia/Lord_Howe) robfig's own algorithm
    /// can return a time outside the field sets, which this port reproduces.
    const ZONES: &[&str] = &[
        "UTC",
        "America/New_York",
        "America/Los_Angeles",
        "Europe/London",
        "Europe/Berlin",
        "Asia/Kolkata",
        "Australia/Sydney",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Skipping the idle minute/second steps gives exactly robfig's step-by-step answer,
        /// also in zones with sub-hour offsets and odd historical (LMT) offsets.
        #[test]
        fn skipping_idle_steps_changes_nothing(
            minute in field_strategy(0, 59),
            hour in field_strategy(0, 23),
            dom in field_strategy(1, 31),
            start in -2_208_988_800i64..2_051_222_400i64,
            nanos in 0i32..1_000_000_000,
            zone in 0usize..9,
        ) {
            let zones = [
                "UTC", "America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Lord_Howe",
                "Asia/Kathmandu", "Europe/Amsterdam", "Africa/Monrovia", "America/St_Johns",
            ];
            let spec = format!("{minute} {hour} {dom} * *");
            let sched = Schedule::parse_standard(&spec).unwrap();
            let Kind::Spec(bits) = &sched.kind else { panic!("{spec}") };
            let zone = tz(zones[zone]);
            let mut t = Timestamp::new(start, nanos).unwrap().as_nanosecond();
            for _ in 0..3 {
                let fast = spec_next_impl::<true>(bits, t, &zone);
                let slow = spec_next_impl::<false>(bits, t, &zone);
                prop_assert_eq!(fast, slow, "{}", spec);
                let Some(n) = fast else { break };
                t = n;
            }
        }

        /// `next_after` is strictly increasing and every activation satisfies
        /// the parsed bit sets (spec.go `Next` and `dayMatches`).
        #[test]
        fn next_after_is_increasing_and_matches_fields(
            minute in field_strategy(0, 59),
            hour in field_strategy(0, 23),
            dom in field_strategy(1, 31),
            month in field_strategy(1, 12),
            dow in field_strategy(0, 6),
            start in 631_152_000i64..2_051_222_400i64,
            nanos in 0i32..1_000_000_000,
            zone in 0usize..ZONES.len(),
        ) {
            let spec = format!("{minute} {hour} {dom} {month} {dow}");
            let sched = Schedule::parse_standard(&spec).unwrap();
            let Kind::Spec(bits) = &sched.kind else { panic!("{spec}") };
            let zone = tz(ZONES[zone]);
            let mut t = Timestamp::new(start, nanos).unwrap();
            for _ in 0..3 {
                let Some(next) = sched.next_after(t, &zone) else { break };
                prop_assert!(next > t, "{spec}: {next} <= {t}");
                let c = civil(next.as_nanosecond(), &zone).unwrap();
                prop_assert_eq!(c.second, 0);
                prop_assert_eq!(next.subsec_nanosecond(), 0);
                prop_assert!(bit(bits.minute, c.minute), "{} minute {:?}", spec, c);
                prop_assert!(bit(bits.hour, c.hour), "{} hour {:?}", spec, c);
                prop_assert!(bit(bits.month, c.month), "{} month {:?}", spec, c);
                prop_assert!(day_matches(bits, &c), "{} day {:?}", spec, c);
                t = next;
            }
        }

        /// `@every` activations are strictly increasing whole seconds.
        #[test]
        fn every_is_increasing(secs in 1i64..100_000, start in 0i64..2_000_000_000, nanos in 0i32..1_000_000_000) {
            let sched = Schedule::parse_standard(&format!("@every {secs}s")).unwrap();
            let t = Timestamp::new(start, nanos).unwrap();
            let next = sched.next_after(t, &TimeZone::UTC).unwrap();
            prop_assert!(next > t);
            prop_assert_eq!(next.subsec_nanosecond(), 0);
            prop_assert_eq!(next.as_second(), start + secs);
        }

        /// Parsing arbitrary text never panics.
        #[test]
        fn parse_never_panics(s in "(TZ=|CRON_TZ=|@every |@)?\\PC{0,40}") {
            let _ = Schedule::parse_standard(&s);
        }
    }
}
