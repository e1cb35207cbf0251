//! Fuzz target: the CronJob schedule parser (robfig/cron v3 `ParseStandard` as the CronJob
//! controller uses it) and the next-activation search, in UTC and DST zones. Schedules are built
//! from cron's own grammar (fields, ranges, steps, lists, names, descriptors, `@every`, `TZ=`),
//! mutated, or random; every one that parses is asked for its next activations from random
//! instants: no panic, no hang, no unbounded memory.
//!
//! Short run: `cargo test --test fuzz_cron`; long run:
//! `FUZZ_CASES=100000 cargo test --release --test fuzz_cron`.

mod fuzz_support;

use fuzz_support::{Counting, fuzz, input};
use jiff::Timestamp;
use kubetutor::sim::cron::{self, CronJobTimes, Schedule};
use proptest::prelude::*;

#[global_allocator]
static ALLOC: Counting = Counting;

const ATOMS: &[&str] = &[
    "*",
    "?",
    "0",
    "1",
    "5",
    "7",
    "12",
    "23",
    "29",
    "30",
    "31",
    "59",
    "60",
    "61",
    "99",
    "-1",
    "MON",
    "mon",
    "FRI",
    "SUN",
    "JAN",
    "dec",
    "FEB",
    "L",
    "W",
    "#",
    "",
    "4294967296",
    "18446744073709551616",
];
const DESCRIPTORS: &[&str] = &[
    "@yearly",
    "@annually",
    "@monthly",
    "@weekly",
    "@daily",
    "@midnight",
    "@hourly",
    "@every 1s",
    "@every 90m",
    "@every 0s",
    "@every -1s",
    "@every 1ns",
    "@every 2562047h47m16.854775807s",
    "@every 9999999999h",
    "@every 1.5h",
    "@every",
    "@reboot",
    "@",
];
const ZONES: &[&str] = &[
    "UTC",
    "Local",
    "",
    "Europe/London",
    "America/New_York",
    "Australia/Lord_Howe",
    "Asia/Kathmandu",
    "Pacific/Chatham",
    "America/Santiago",
    "Nope/Nowhere",
    "../etc/passwd",
    "utc",
    "Etc/GMT+14",
];

fn field() -> impl Strategy<Value = String> {
    let atom = prop::sample::select(ATOMS).prop_map(str::to_string);
    let range = (prop::sample::select(ATOMS), prop::sample::select(ATOMS))
        .prop_map(|(a, b)| format!("{a}-{b}"));
    let base = prop_oneof![atom, range];
    let stepped =
        (base, prop::option::of(prop::sample::select(ATOMS))).prop_map(|(b, s)| match s {
            Some(s) => format!("{b}/{s}"),
            None => b,
        });
    prop::collection::vec(stepped, 1..4).prop_map(|v| v.join(","))
}

fn schedule() -> impl Strategy<Value = String> {
    let fields = prop::collection::vec(field(), 1..8).prop_map(|v| v.join(" "));
    let desc = prop::sample::select(DESCRIPTORS).prop_map(str::to_string);
    let body = prop_oneof![4 => fields, 1 => desc];
    let tz = prop::option::of(
        (
            prop::sample::select(&["TZ=", "CRON_TZ=", "TZ", "CRON_TZ"][..]),
            prop::sample::select(ZONES),
        )
            .prop_map(|(p, z)| format!("{p}{z} ")),
    );
    let seeds: Vec<String> = [
        "*/1 * * * *",
        "0 0 * * * *",
        "59 23 31 2 *",
        "0 9 * * MON-FRI",
        "TZ=Europe/Berlin 30 2 * 3 SUN",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    prop_oneof![
        3 => (tz, body).prop_map(|(t, b)| format!("{}{b}", t.unwrap_or_default())),
        1 => input(seeds, 4),
    ]
}

/// Whether the schedule parsed (and so was stepped through).
fn exercise(spec: &str, zone: Option<&str>, start: i64) -> bool {
    let _ = cron::load_location(zone.unwrap_or(""));
    let _ = cron::format_schedule(spec, zone);
    let Ok(s) = Schedule::for_cronjob(spec, zone) else {
        return false;
    };
    let tz = cron::load_location(zone.unwrap_or("UTC")).unwrap_or(jiff::tz::TimeZone::UTC);
    let Ok(mut t) = Timestamp::from_second(start) else {
        return true;
    };
    for _ in 0..16 {
        match s.next_after(t, &tz) {
            Some(n) => {
                assert!(n > t, "next activation {n} is not after {t} for {spec:?}");
                t = n;
            }
            None => break,
        }
    }
    // The controller's views of the same schedule.
    let created = Timestamp::from_second(start).unwrap_or(Timestamp::UNIX_EPOCH);
    let times = CronJobTimes {
        creation_timestamp: created,
        last_schedule_time: None,
        starting_deadline_seconds: Some(200),
    };
    let now = created
        .checked_add(jiff::SignedDuration::from_hours(24 * 30))
        .unwrap_or(created);
    let _ = cron::most_recent_schedule_time(&times, now, &s, true);
    let _ = cron::next_schedule_time(&times, now, &s);
    let _ = cron::next_schedule_time_duration(&times, now, &s);
    true
}

#[test]
fn schedules_never_panic_hang_or_blow_up() {
    fuzz(
        "fuzz_cron",
        2000,
        (
            schedule(),
            prop::option::of(prop::sample::select(ZONES)),
            // 1970 .. 2200, plus the edges jiff supports.
            prop_oneof![
                0i64..7_258_118_400,
                Just(-377_705_116_800i64),
                Just(253_402_207_200i64)
            ],
        ),
        |(spec, zone, start)| format!("{spec:?} zone={zone:?} start={start}"),
        |(spec, zone, start)| exercise(spec, *zone, *start),
    );
}
