//! client-go's `EventCorrelator`, as the components that record core/v1 events through
//! `k8s.io/client-go/tools/record` run it before every write
//! (`staging/src/k8s.io/client-go/tools/record/events_cache.go`, `event.go`).
//!
//! `EventCorrelate` runs three steps, in this order, and `recordToSink`/`recordEvent` then write:
//!
//! 1. **`EventAggregator`** (`EventAggregatorByReasonFunc`): events alike in source, involved
//!    object, type and reason (and reporting controller and instance) share a record of the
//!    distinct messages seen, restarted when the last one is older than
//!    `defaultAggregateIntervalInSeconds` (600 s). Once the record holds
//!    `defaultAggregateMaxEvents` (10) messages, the event is replaced by one whose message is
//!    `(combined from similar events): <message>`, keyed by the aggregate key: every later
//!    similar event counts that one up, and its message follows the latest.
//! 2. **`eventLogger.eventObserve`**: a client-side cache by the full event key (or the
//!    aggregate key) of the name, first timestamp and count last written; a hit turns the event
//!    into a PATCH of that name with count + 1. The cache is updated before the spam filter runs,
//!    so a filtered event still counts.
//! 3. **`EventSourceObjectSpamFilter`**: a token bucket per source and involved object
//!    (`getSpamKey`: not type, reason or message) of `defaultSpamBurst` (25) tokens refilled at
//!    `defaultSpamQPS` (one every 300 s, `flowcontrol.NewTokenBucketRateLimiterWithClock` over
//!    `golang.org/x/time/rate`, full at first); an event without a token is not written.
//! 4. **`recordEvent`** PATCHes when the count is above 1, and CREATEs the event, with the same
//!    name, count and first timestamp, when the PATCH finds it gone (deleted, or expired by the
//!    API server's event TTL). `UpdateState` then caches what was written under the written
//!    event's own key (for a combined event, a key with the combined message).
//!
//! Each cache is a `groupcache/lru` of `maxLruCacheEntries` (4096) per correlator, and each
//! `StartRecordingToSink` makes one correlator: a kubelet has one, and in kube-controller-manager
//! every controller starts its own broadcaster (`job_controller.go`'s `NewController` and its
//! siblings), so the simulator keeps one [`EventCorrelator`] per source component and host.
//!
//! Nothing here reads a clock or iterates a hash map: the same calls give the same decisions.
//! The caches hold 128-bit FNV-1a hashes of the keys, never copies of names or messages, and
//! records that are the same as no record (an aggregate record past its interval, a full token
//! bucket) are dropped once they are the least recently used, which changes no decision.

use super::lru::Lru;
use jiff::{SignedDuration, Timestamp};

/// `maxLruCacheEntries` (events_cache.go): the size of each of a correlator's three LRU caches.
pub const LRU_CACHE_ENTRIES: usize = 4096;

/// `defaultAggregateMaxEvents`: distinct messages of similar events before they are combined.
pub const AGGREGATE_MAX_EVENTS: usize = 10;

/// `defaultAggregateIntervalInSeconds`: a similar event this long after the last one starts a
/// fresh aggregate record.
pub const AGGREGATE_INTERVAL: SignedDuration = SignedDuration::from_secs(600);

/// `defaultSpamBurst`: events a source may write about one object at once.
pub const SPAM_BURST: i32 = 25;

/// `1 / defaultSpamQPS`: the time one spam-filter token takes to come back. (Upstream's rate is
/// the float32 `1./300.`, a hair faster: a token is back some microseconds before 300 s.)
pub const SPAM_REFILL: SignedDuration = SignedDuration::from_secs(300);

/// `EventAggregatorByReasonMessageFunc`'s prefix of a combined event's message.
pub const COMBINED_PREFIX: &str = "(combined from similar events): ";

/// The fields of a core/v1 event that the correlator reads, as `makeEvent` and `generateEvent`
/// fill them (the reporting controller and instance are the source's component and host).
#[derive(Clone, Copy, Debug, Default)]
pub struct EventFields<'a> {
    /// `source.component`.
    pub component: &'a str,
    /// `source.host` (empty when unset).
    pub host: &'a str,
    /// `involvedObject.kind`.
    pub kind: &'a str,
    /// `involvedObject.namespace` (empty for a cluster-scoped object).
    pub namespace: &'a str,
    /// `involvedObject.name`.
    pub name: &'a str,
    /// `involvedObject.uid`.
    pub uid: &'a str,
    /// `involvedObject.apiVersion`.
    pub api_version: &'a str,
    /// `involvedObject.fieldPath`.
    pub field_path: &'a str,
    /// `type` (`Normal`, `Warning`).
    pub type_: &'a str,
    /// `reason`.
    pub reason: &'a str,
    /// `message`.
    pub message: &'a str,
}

/// What `recordToSink` does with one event, decided by [`EventCorrelator::correlate`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// The spam filter had no token: nothing is written (the caches already counted it).
    Skip,
    /// A new event (count 1): CREATE it.
    Create(Write),
    /// A repeat: PATCH the event of this name with the count, `lastTimestamp` now and the
    /// message; if it is gone, CREATE it with this name, count and first timestamp.
    Patch(Write),
}

/// The event a [`Decision`] writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Write {
    /// The unix nanoseconds its name (`<involved name>.<hex nanoseconds>`) ends in.
    pub name_nanos: i128,
    /// Its `count`.
    pub count: i32,
    /// Its `firstTimestamp`.
    pub first: Timestamp,
    /// Whether it is the aggregator's combined event: its message is [`COMBINED_PREFIX`] and
    /// the event's message, and it has no reporting controller or instance (the aggregator's
    /// copy of the event sets neither).
    pub combined: bool,
}

/// A 128-bit hash of a key's parts. A part is taken whole, eight bytes at a time, its last
/// bytes padded to a word and followed by a word holding its length under a top byte of 0xff;
/// a tag is one word under 0xfe. UTF-8 never holds either byte, so the words of a key spell its
/// parts and tags in one way only, and parts cannot run into each other as upstream's
/// `strings.Join(..., "")` lets them. Each word is mixed in by FNV-1a's step on a 128-bit state
/// (xor, multiply by the FNV prime) and a fold of the high half into the low one; both are
/// invertible, so two keys whose words differ in one never meet. (A byte at a time cost a
/// 128-bit multiply per byte, some 250 for each event a component records.) Copied at will:
/// keys that share a beginning hash it once.
#[derive(Clone, Copy)]
struct KeyHash {
    state: u128,
}

impl KeyHash {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
    const END_OF_PART: u64 = 0xff << 56;
    const TAG: u64 = 0xfe << 56;

    /// A hash started with `tag`, so that keys of different kinds never collide by shape.
    fn tagged(tag: u8) -> KeyHash {
        KeyHash {
            state: Self::OFFSET,
        }
        .tag(tag)
    }

    fn mix(state: u128, word: u64) -> u128 {
        let s = (state ^ u128::from(word)).wrapping_mul(Self::PRIME);
        s ^ (s >> 64)
    }

    /// Goes on with a tag.
    fn tag(self, t: u8) -> KeyHash {
        KeyHash {
            state: Self::mix(self.state, Self::TAG | u64::from(t)),
        }
    }

    /// Goes on with the part `s`.
    fn part(self, s: &str) -> KeyHash {
        self.joined(&[s])
    }

    /// Goes on with one part spelled by `pieces` one after another (the combined event's
    /// message is a prefix and the message, as one).
    fn joined(self, pieces: &[&str]) -> KeyHash {
        let mut state = self.state;
        let mut word = [0u8; 8];
        let (mut pending, mut len) = (0, 0u64);
        for piece in pieces {
            let mut bytes = piece.as_bytes();
            len += bytes.len() as u64;
            if pending != 0 {
                let take = (8 - pending).min(bytes.len());
                word[pending..pending + take].copy_from_slice(&bytes[..take]);
                pending += take;
                bytes = &bytes[take..];
                if pending < 8 {
                    continue;
                }
                state = Self::mix(state, u64::from_le_bytes(word));
            }
            let mut words = bytes.chunks_exact(8);
            for w in &mut words {
                word.copy_from_slice(w);
                state = Self::mix(state, u64::from_le_bytes(word));
            }
            let rest = words.remainder();
            word[..rest.len()].copy_from_slice(rest);
            pending = rest.len();
        }
        word[pending..].fill(0);
        state = Self::mix(state, u64::from_le_bytes(word));
        state = Self::mix(state, Self::END_OF_PART | len);
        KeyHash { state }
    }

    fn finish(self) -> u128 {
        self.state
    }
}

/// The keys of one event: `getEventKey`, `EventAggregatorByReasonFunc` (aggregate and local),
/// `getSpamKey`, and `getEventKey` of the combined event.
struct Keys {
    event: u128,
    aggregate: u128,
    local: u128,
    spam: u128,
    combined_event: u128,
}

impl Keys {
    /// Every key shares the source and the involved object, so those are hashed once and each
    /// key goes on from there with what it adds, ended by its own tag (the keys are the
    /// simulator's, so only what they tell apart matters, not the order upstream joins them in).
    fn of(e: &EventFields) -> Keys {
        let source_object = KeyHash::tagged(b'K')
            .part(e.component)
            .part(e.host)
            .part(e.kind)
            .part(e.namespace)
            .part(e.name)
            .part(e.uid)
            .part(e.api_version);
        let type_reason = source_object.part(e.type_).part(e.reason);
        // getEventKey adds the field path and the message.
        let event_prefix = type_reason.part(e.field_path).tag(b'E');
        Keys {
            event: event_prefix.part(e.message).finish(),
            // EventAggregatorByReasonFunc adds the reporting controller and instance, which
            // makeEvent sets to the source's component and host.
            aggregate: type_reason
                .part(e.component)
                .part(e.host)
                .tag(b'A')
                .finish(),
            local: KeyHash::tagged(b'M').part(e.message).finish(),
            spam: source_object.tag(b'S').finish(),
            // getEventKey of the combined event: its message is the prefix and the message.
            combined_event: event_prefix.joined(&[COMBINED_PREFIX, e.message]).finish(),
        }
    }
}

/// `aggregateRecord`: the distinct messages (hashed) of similar events and when the last was
/// seen. Never empty; the first message is inline, so the common one-message record allocates
/// nothing.
#[derive(Clone, Debug)]
struct AggregateRecord {
    last: Timestamp,
    /// The first message's key, in two words (a `u128` field would align the record, and the
    /// cache slot holding it, to 16 bytes).
    first_local: [u64; 2],
    more_local: Vec<u128>,
}

fn halves(k: u128) -> [u64; 2] {
    [(k >> 64) as u64, k as u64]
}

fn whole(h: [u64; 2]) -> u128 {
    (u128::from(h[0]) << 64) | u128::from(h[1])
}

impl AggregateRecord {
    fn len(&self) -> usize {
        1 + self.more_local.len()
    }

    fn insert(&mut self, key: u128) {
        if whole(self.first_local) != key && !self.more_local.contains(&key) {
            self.more_local.push(key);
        }
    }

    /// `localKeys.PopAny()`: Go removes whichever key its randomized map iteration meets first;
    /// the simulator removes the smallest hash, an arbitrary but reproducible choice.
    fn pop_any(&mut self) {
        let smallest_more = self
            .more_local
            .iter()
            .enumerate()
            .min_by_key(|(_, k)| **k)
            .map(|(i, k)| (i, *k));
        match smallest_more {
            Some((i, k)) if k < whole(self.first_local) => {
                self.more_local.swap_remove(i);
            }
            Some(_) => {
                if let Some(k) = self.more_local.pop() {
                    self.first_local = halves(k);
                }
            }
            None => {}
        }
    }

    /// Whether a similar event at `now` would start a fresh record anyway.
    fn expired(&self, now: Timestamp) -> bool {
        now.duration_since(self.last) > AGGREGATE_INTERVAL
    }
}

/// `eventLog`: what was last written for a key. The name is kept as its offset from the first
/// timestamp (the involved object's name is part of every key it is cached under).
#[derive(Clone, Copy, Debug)]
struct EventLog {
    first: Timestamp,
    name_offset: i64,
    count: u32,
}

impl EventLog {
    fn new(first: Timestamp, name_nanos: i128, count: u32) -> EventLog {
        // A name is taken at its first timestamp, a few nanoseconds on at most.
        let name_offset = i64::try_from(name_nanos - first.as_nanosecond()).unwrap_or(0);
        EventLog {
            first,
            name_offset,
            count,
        }
    }

    fn name_nanos(&self) -> i128 {
        self.first.as_nanosecond() + i128::from(self.name_offset)
    }
}

/// `spamRecord`'s token bucket, as the instant it is full again: it holds
/// `SPAM_BURST - (full_at - now) / SPAM_REFILL` tokens, which is `x/time/rate`'s continuous
/// refill capped at the burst, in exact integer time.
#[derive(Clone, Copy, Debug)]
struct SpamRecord {
    full_at: Timestamp,
}

impl SpamRecord {
    /// `TryAccept`: takes a token if there is one.
    fn try_accept(&mut self, now: Timestamp) -> bool {
        let from = self.full_at.max(now);
        let max_debt = SPAM_REFILL.saturating_mul(SPAM_BURST - 1);
        if from.duration_since(now) > max_debt {
            return false;
        }
        self.full_at = from.checked_add(SPAM_REFILL).unwrap_or(Timestamp::MAX);
        true
    }
}

/// One client's `EventCorrelator` (one per `StartRecordingToSink`): its aggregator, event
/// logger and spam filter caches.
#[derive(Clone, Debug)]
pub struct EventCorrelator {
    aggregator: Lru<AggregateRecord>,
    logger: Lru<EventLog>,
    spam: Lru<SpamRecord>,
}

impl Default for EventCorrelator {
    fn default() -> Self {
        EventCorrelator::with_capacity(LRU_CACHE_ENTRIES)
    }
}

impl EventCorrelator {
    /// A correlator whose caches hold `capacity` entries each (upstream: 4096), so tests can
    /// reach eviction.
    pub fn with_capacity(capacity: usize) -> EventCorrelator {
        EventCorrelator {
            aggregator: Lru::new(capacity),
            logger: Lru::new(capacity),
            spam: Lru::new(capacity),
        }
    }

    /// `EventCorrelate` and the write `recordToSink` makes of it, for an event recorded at
    /// `now`. `new_name` gives the nanoseconds of a fresh name (`makeEvent`'s `t.UnixNano()`),
    /// asked only when the event is not a repeat the logger remembers.
    pub fn correlate(
        &mut self,
        now: Timestamp,
        ev: &EventFields,
        new_name: impl FnOnce() -> i128,
    ) -> Decision {
        self.correlate_with(now, ev, new_name, true)
    }

    /// [`EventCorrelator::correlate`], with the spam filter (`spam_filter`) or without it: the
    /// simulator's own notes are aggregated and counted like the component's events, but must
    /// always show.
    pub fn correlate_with(
        &mut self,
        now: Timestamp,
        ev: &EventFields,
        new_name: impl FnOnce() -> i128,
        spam_filter: bool,
    ) -> Decision {
        let keys = Keys::of(ev);
        let combined = self.aggregate(now, &keys);

        // eventObserve: a cached key makes this a PATCH of the cached name with count + 1.
        let observe_key = if combined { keys.aggregate } else { keys.event };
        let log = match self.logger.take(observe_key) {
            Some(l) if l.count > 0 => EventLog {
                count: l.count.saturating_add(1),
                ..l
            },
            _ => EventLog::new(now, new_name(), 1),
        };
        self.logger.add(observe_key, log);

        // The spam filter runs after the logger has counted the event.
        if spam_filter {
            self.spam.drop_oldest_while(|r| r.full_at <= now);
            let mut bucket = self
                .spam
                .take(keys.spam)
                .unwrap_or(SpamRecord { full_at: now });
            let accepted = bucket.try_accept(now);
            self.spam.add(keys.spam, bucket);
            if !accepted {
                return Decision::Skip;
            }
        }

        // UpdateState: the written event is cached under its own key.
        let written_key = if combined {
            keys.combined_event
        } else {
            keys.event
        };
        self.logger.add(written_key, log);

        let write = Write {
            name_nanos: log.name_nanos(),
            count: i32::try_from(log.count).unwrap_or(i32::MAX),
            first: log.first,
            combined,
        };
        if log.count > 1 {
            Decision::Patch(write)
        } else {
            Decision::Create(write)
        }
    }

    /// `EventAggregate`: records the event's message under its aggregate key and says whether
    /// the event is to be replaced by the combined one.
    fn aggregate(&mut self, now: Timestamp, keys: &Keys) -> bool {
        self.aggregator.drop_oldest_while(|r| r.expired(now));
        let mut record = match self.aggregator.take(keys.aggregate) {
            Some(r) if !r.expired(now) => r,
            _ => AggregateRecord {
                last: now,
                first_local: halves(keys.local),
                more_local: Vec::new(),
            },
        };
        record.insert(keys.local);
        record.last = now;
        let combine = record.len() >= AGGREGATE_MAX_EVENTS;
        if combine {
            // Upstream pops from the very set the cache holds (a Go map is a reference).
            record.pop_any();
        }
        self.aggregator.add(keys.aggregate, record);
        combine
    }

    /// Entries held in the aggregator, logger and spam-filter caches (for tests of memory).
    pub fn cache_sizes(&self) -> [usize; 3] {
        [self.aggregator.len(), self.logger.len(), self.spam.len()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t0() -> Timestamp {
        Timestamp::from_second(1_736_154_000).unwrap_or(Timestamp::UNIX_EPOCH)
    }

    fn at(secs: i64) -> Timestamp {
        t0().checked_add(SignedDuration::from_secs(secs))
            .unwrap_or(Timestamp::MAX)
    }

    /// The key hash tells apart keys whose parts differ in any byte, in length (trailing zero
    /// bytes too), or only in where one part ends and the next begins, and a part from a tag.
    #[test]
    fn key_hashes_tell_keys_apart() {
        let text = "Started container web-0 in pod default/web-0 (combined) \u{0}\u{0}";
        let hash = |parts: &[&str]| {
            parts
                .iter()
                .fold(KeyHash::tagged(b'T'), |h, p| h.part(p))
                .finish()
        };
        let mut keys: Vec<Vec<String>> = Vec::new();
        for n in 0..=text.len() {
            if let Some((a, b)) = text.split_at_checked(n) {
                keys.push(vec![a.to_string()]);
                keys.push(vec![a.to_string(), b.to_string()]);
            }
        }
        for i in 0..text.len() {
            let mut b = text.as_bytes().to_vec();
            b[i] ^= 1;
            keys.push(vec![String::from_utf8_lossy(&b).into_owned()]);
        }
        keys.push(vec![format!("{text}\u{0}")]);
        let mut seen = std::collections::BTreeMap::new();
        for k in &keys {
            let parts: Vec<&str> = k.iter().map(String::as_str).collect();
            if let Some(other) = seen.insert(hash(&parts), k.clone()) {
                assert_eq!(&other, k, "two keys with one hash");
            }
        }
        let distinct: std::collections::BTreeSet<&Vec<String>> = keys.iter().collect();
        assert_eq!(seen.len(), distinct.len());
        // A part spelled in pieces is the part whole, however it is cut.
        for cut in 0..=text.len() {
            for cut2 in cut..=text.len() {
                let (Some(a), Some(b), Some(c)) =
                    (text.get(..cut), text.get(cut..cut2), text.get(cut2..))
                else {
                    continue;
                };
                assert_eq!(
                    KeyHash::tagged(b'T').joined(&[a, b, c]).finish(),
                    hash(&[text]),
                    "cut at {cut} and {cut2}"
                );
            }
        }
        assert_ne!(
            KeyHash::tagged(b'T').tag(b'E').finish(),
            KeyHash::tagged(b'T').part("E").finish()
        );
        assert_ne!(
            KeyHash::tagged(b'T').finish(),
            KeyHash::tagged(b'U').finish()
        );
    }

    fn ev<'a>(reason: &'a str, message: &'a str) -> EventFields<'a> {
        EventFields {
            component: "cronjob-controller",
            kind: "CronJob",
            namespace: "default",
            name: "hello",
            uid: "u-1",
            api_version: "batch/v1",
            type_: "Normal",
            reason,
            message,
            ..Default::default()
        }
    }

    /// The combined event's key is `getEventKey` of an event whose message is the prefix and
    /// the message, as upstream keys it; the event's own key is not.
    #[test]
    fn the_combined_key_is_the_key_of_the_combined_message() {
        let message = "Created pod: hello-29000000-abcde";
        let combined = format!("{COMBINED_PREFIX}{message}");
        let keys = Keys::of(&ev("SuccessfulCreate", message));
        assert_eq!(
            keys.combined_event,
            Keys::of(&ev("SuccessfulCreate", &combined)).event
        );
        assert_ne!(keys.combined_event, keys.event);
    }

    /// Correlates `e` at `now`, naming new events after `now` as `makeEvent` does.
    fn record(c: &mut EventCorrelator, now: Timestamp, e: &EventFields) -> Decision {
        c.correlate(now, e, || now.as_nanosecond())
    }

    fn write(d: &Decision) -> &Write {
        match d {
            Decision::Create(w) | Decision::Patch(w) => w,
            Decision::Skip => panic!("expected a write, got {d:?}"),
        }
    }

    /// events_cache.go `EventAggregate`: nine distinct messages are written as they are; the
    /// tenth similar event (same source, object, type, reason) becomes the combined event, and
    /// every later one PATCHes that one event, counting up.
    #[test]
    fn events_cache_go_tenth_similar_event_is_combined_and_counts_up() {
        let mut c = EventCorrelator::default();
        let msgs: Vec<String> = (0..14).map(|i| format!("Created job hello-{i}")).collect();
        for (i, m) in msgs.iter().take(9).enumerate() {
            let d = record(&mut c, at(i as i64 * 10), &ev("SuccessfulCreate", m));
            let w = write(&d);
            assert!(matches!(d, Decision::Create(_)), "{i}: {d:?}");
            assert!(!w.combined);
            assert_eq!(w.count, 1);
        }
        let tenth = record(&mut c, at(90), &ev("SuccessfulCreate", &msgs[9]));
        let Decision::Create(w) = &tenth else {
            panic!("the tenth is created as the combined event: {tenth:?}");
        };
        assert!(w.combined);
        assert_eq!(w.name_nanos, at(90).as_nanosecond());
        for (i, m) in msgs.iter().enumerate().skip(10) {
            let d = record(&mut c, at(i as i64 * 10), &ev("SuccessfulCreate", m));
            let Decision::Patch(p) = &d else {
                panic!("{i}: {d:?}");
            };
            assert!(p.combined);
            assert_eq!(
                p.name_nanos,
                at(90).as_nanosecond(),
                "the same combined event"
            );
            assert_eq!(p.first, at(90));
            assert_eq!(p.count, i as i32 - 8);
        }
        // Another reason is another aggregate: written as it is.
        let d = record(&mut c, at(200), &ev("SawCompletedJob", "Saw completed job"));
        assert!(!write(&d).combined);
    }

    /// events_cache.go: an exact repeat counts up its event whatever the aggregator does.
    #[test]
    fn events_cache_go_exact_repeats_count_up_one_event() {
        let mut c = EventCorrelator::default();
        let e = ev("BackOff", "Back-off restarting failed container");
        assert!(matches!(record(&mut c, at(0), &e), Decision::Create(_)));
        for i in 1..5 {
            let d = record(&mut c, at(i * 10), &e);
            let Decision::Patch(w) = &d else {
                panic!("{d:?}");
            };
            assert_eq!(w.count, i as i32 + 1);
            assert_eq!(w.first, at(0));
            assert_eq!(w.name_nanos, at(0).as_nanosecond());
        }
    }

    /// events_cache.go `maxIntervalInSeconds`: a similar event more than 600 s after the last
    /// starts a fresh record (at exactly 600 s it does not), so nine more distinct messages
    /// are written as they are.
    #[test]
    fn events_cache_go_aggregate_record_restarts_after_600_seconds() {
        let mut c = EventCorrelator::default();
        let m = |i: i32| format!("m{i}");
        for i in 0..9 {
            record(&mut c, at(0), &ev("R", &m(i)));
        }
        // 600 s after the last: still the same record, so the tenth is combined.
        let d = record(&mut c, at(600), &ev("R", &m(9)));
        assert!(write(&d).combined);
        // 601 s after that: fresh; nine distinct messages pass, the tenth combines again.
        for i in 10..19 {
            let d = record(&mut c, at(1201), &ev("R", &m(i)));
            assert!(!write(&d).combined, "{i}");
        }
        let d = record(&mut c, at(1201), &ev("R", &m(19)));
        assert!(write(&d).combined);
    }

    /// events_cache.go `EventSourceObjectSpamFilter` (token bucket of `defaultSpamBurst` 25,
    /// refilled at `defaultSpamQPS` 1/300): 25 events about one object pass, the 26th is
    /// skipped but still counted by the logger, and one token comes back every 300 s. The
    /// bucket is per source and object: another reason shares it, another object does not.
    #[test]
    fn events_cache_go_spam_filter_burst_25_then_one_per_300_seconds() {
        let mut c = EventCorrelator::default();
        let e = ev("BackOff", "Back-off restarting failed container");
        for i in 0..25 {
            let d = record(&mut c, at(0), &e);
            assert_eq!(write(&d).count, i + 1);
        }
        assert_eq!(record(&mut c, at(0), &e), Decision::Skip);
        assert_eq!(record(&mut c, at(1), &ev("Other", "x")), Decision::Skip);
        let other_object = EventFields { name: "other", ..e };
        assert!(matches!(
            record(&mut c, at(1), &other_object),
            Decision::Create(_)
        ));
        assert_eq!(record(&mut c, at(299), &e), Decision::Skip);
        // 300 s on, one token: the write carries every count the filter skipped.
        let d = record(&mut c, at(300), &e);
        let Decision::Patch(w) = &d else {
            panic!("{d:?}");
        };
        assert_eq!(w.count, 28);
        assert_eq!(record(&mut c, at(300), &e), Decision::Skip);
        assert_eq!(record(&mut c, at(599), &e), Decision::Skip);
        assert_eq!(write(&record(&mut c, at(600), &e)).count, 31);
        // 25 * 300 s after the last token taken, the bucket is full again.
        let full = 600 + 25 * 300;
        for i in 0..25 {
            assert_ne!(record(&mut c, at(full), &e), Decision::Skip, "{i}");
        }
        assert_eq!(record(&mut c, at(full), &e), Decision::Skip);
    }

    /// A new event the spam filter skips is still cached with its name: its repeat is written
    /// (as a PATCH that will find nothing, so a CREATE) under that name with count 2 and the
    /// skipped event's first timestamp (event.go `recordEvent`).
    #[test]
    fn event_go_skipped_new_event_is_later_written_under_its_first_name() {
        let mut c = EventCorrelator::default();
        for i in 0..25 {
            record(&mut c, at(0), &ev("R", &format!("x{i}")));
        }
        let e = ev("Late", "late");
        assert_eq!(record(&mut c, at(10), &e), Decision::Skip);
        let d = record(&mut c, at(300), &e);
        assert_eq!(
            d,
            Decision::Patch(Write {
                name_nanos: at(10).as_nanosecond(),
                count: 2,
                first: at(10),
                combined: false,
            })
        );
    }

    /// The logger's cache keeps an event after the API server dropped it: the next repeat
    /// PATCHes the old name with the next count (the caller re-creates it).
    #[test]
    fn event_go_repeat_of_an_expired_event_keeps_name_and_count() {
        let mut c = EventCorrelator::default();
        let e = ev("BackOff", "b");
        record(&mut c, at(0), &e);
        record(&mut c, at(60), &e);
        let d = record(&mut c, at(7200), &e);
        assert_eq!(
            d,
            Decision::Patch(Write {
                name_nanos: at(0).as_nanosecond(),
                count: 3,
                first: at(0),
                combined: false,
            })
        );
    }

    /// `groupcache/lru`: past its capacity the least recently used key is forgotten, so its
    /// repeat is a new event.
    #[test]
    fn lru_evicts_the_least_recently_used_key() {
        let mut c = EventCorrelator::with_capacity(2);
        let objs = ["a", "b", "c"];
        let e = |n| EventFields {
            name: n,
            ..ev("R", "m")
        };
        record(&mut c, at(0), &e(objs[0]));
        record(&mut c, at(1), &e(objs[1]));
        // Touch "a", then "c" evicts "b".
        assert!(matches!(
            record(&mut c, at(2), &e(objs[0])),
            Decision::Patch(_)
        ));
        record(&mut c, at(3), &e(objs[2]));
        assert!(matches!(
            record(&mut c, at(4), &e(objs[0])),
            Decision::Patch(_)
        ));
        assert!(matches!(
            record(&mut c, at(5), &e(objs[1])),
            Decision::Create(_)
        ));
    }

    /// Stale aggregate records and full token buckets are dropped once least recent: after a
    /// quiet hour only the logger remembers anything.
    #[test]
    fn records_equal_to_no_record_are_dropped() {
        let mut c = EventCorrelator::default();
        for i in 0..100 {
            let name = format!("pod-{i}");
            let e = EventFields {
                name: &name,
                ..ev("Pulled", "pulled")
            };
            record(&mut c, at(0), &e);
        }
        assert_eq!(c.cache_sizes(), [100, 100, 100]);
        record(&mut c, at(3600), &ev("Pulled", "pulled"));
        assert_eq!(c.cache_sizes(), [1, 101, 1]);
    }

    /// `PopAny` keeps the record at nine messages: a repeat of a message still in it is
    /// written as its own event again, one not in it is combined.
    #[test]
    fn pop_any_keeps_nine_messages() {
        let mut r = AggregateRecord {
            last: t0(),
            first_local: halves(5),
            more_local: vec![9, 3, 7],
        };
        r.pop_any();
        assert_eq!(r.len(), 3);
        let mut all: Vec<u128> = std::iter::once(whole(r.first_local))
            .chain(r.more_local.iter().copied())
            .collect();
        all.sort_unstable();
        assert_eq!(all, vec![5, 7, 9]);
        r.pop_any();
        let mut all: Vec<u128> = std::iter::once(whole(r.first_local))
            .chain(r.more_local.iter().copied())
            .collect();
        all.sort_unstable();
        assert_eq!(all, vec![7, 9]);
    }
}
