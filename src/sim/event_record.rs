//! Events as the store keeps them: compact records, turned back into `core/v1` Events when read.
//!
//! A started pod leaves five or six events behind, so at 100,000 pods the events outnumber every
//! other object together. A k8s-openapi `Event` is about a kilobyte before its seventeen strings,
//! while what the control plane writes in one varies only in a few fields: the object it is about,
//! the message and the times. A record keeps those, with the repeated words (reasons, types,
//! components, hosts, kinds) interned once per store. An event with anything a record cannot hold
//! (labels, a series, a related object: what a user may `kubectl apply`) is kept whole instead,
//! so reading an event back always gives exactly what was written.

use jiff::Timestamp;
use k8s_openapi::api::core::v1::{Event, EventSource, ObjectReference};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, Time};
use std::collections::HashMap;
use std::sync::Arc;

/// Interned strings: the few words that recur in every event, each stored once; and the last
/// few messages, shared by the events that repeat one.
#[derive(Clone, Debug, Default)]
pub struct Symbols {
    ids: HashMap<Arc<str>, u32, super::rng::FxState>,
    names: Vec<Arc<str>>,
    /// The last message seen in each slot, by the message's hash (see [`Symbols::message`]).
    recent_messages: Vec<Option<Arc<str>>>,
}

/// Slots of [`Symbols::recent_messages`].
const RECENT_MESSAGES: usize = 256;

/// A symbol id; [`NONE`] stands for an unset field.
type Sym = u32;
const NONE: Sym = u32::MAX;

impl Symbols {
    fn intern(&mut self, s: Option<&str>) -> Sym {
        let Some(s) = s else { return NONE };
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = self.names.len() as Sym;
        let s: Arc<str> = Arc::from(s);
        self.names.push(s.clone());
        self.ids.insert(s, id);
        id
    }

    /// `m`, shared with the last message of its slot if that is the same: every pod's
    /// Created event says "Created container: web", and three of a pod's five events repeat
    /// another's message. Messages are not interned for good (most are unique, and events
    /// expire): a slot holds one, the latest.
    fn message(&mut self, m: &str) -> Arc<str> {
        use std::hash::{BuildHasher, Hasher};
        let mut h = super::rng::FxState::default().build_hasher();
        h.write(m.as_bytes());
        // The hash's top bits: they depend on every byte.
        let slot = (h.finish() >> 56) as usize % RECENT_MESSAGES;
        if self.recent_messages.len() < RECENT_MESSAGES {
            self.recent_messages.resize(RECENT_MESSAGES, None);
        }
        match &self.recent_messages[slot] {
            Some(s) if **s == *m => s.clone(),
            _ => {
                let s: Arc<str> = Arc::from(m);
                self.recent_messages[slot] = Some(s.clone());
                s
            }
        }
    }

    fn get(&self, id: Sym) -> Option<String> {
        self.name(id).map(str::to_string)
    }

    fn name(&self, id: Sym) -> Option<&str> {
        self.names.get(id as usize).map(|s| &**s)
    }
}

/// `8-4-4-4-12` lower-case hex, as the API server writes uids; anything else is not a UUID here.
pub(crate) fn parse_uuid(s: &str) -> Option<[u8; 16]> {
    // Each event records its object's uid, so this runs for every event: the digits are read
    // in pairs through a table, with one check for any byte that is not a digit.
    const BAD: u8 = 0xff;
    const VALUE: [u8; 256] = {
        let mut t = [BAD; 256];
        let mut c = 0;
        while c < 16 {
            t[b"0123456789abcdef"[c] as usize] = c as u8;
            c += 1;
        }
        t
    };
    /// Where each byte's two digits start.
    const AT: [usize; 16] = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];
    let b: &[u8; 36] = s.as_bytes().try_into().ok()?;
    if b[8] != b'-' || b[13] != b'-' || b[18] != b'-' || b[23] != b'-' {
        return None;
    }
    let mut out = [0u8; 16];
    let mut bad = 0;
    for (o, &at) in out.iter_mut().zip(&AT) {
        let (hi, lo) = (VALUE[usize::from(b[at])], VALUE[usize::from(b[at + 1])]);
        bad |= hi | lo;
        *o = (hi << 4) | (lo & 0xf);
    }
    (bad & 0xf0 == 0).then_some(out)
}

/// A resourceVersion as a record keeps it: the store's are decimal counters from 1, and 0
/// stands for none; one that would not print back the same (or is 0) is not a number here.
fn parse_rv(s: &str) -> Option<u64> {
    // Prints back the same: digits only (no sign), no leading zero; parse refuses overflow.
    let canonical = !s.starts_with('0') && s.bytes().all(|b| b.is_ascii_digit());
    s.parse::<u64>().ok().filter(|&n| canonical && n != 0)
}

/// A timestamp in two parts, so a record's three times take 36 bytes instead of 72 (an
/// `Option<Timestamp>` is 24); [`NO_SECONDS`] stands for an unset time (jiff's range ends
/// long before it).
#[derive(Clone, Copy, Debug)]
struct Seconds(i64);
const NO_SECONDS: i64 = i64::MIN;

fn split_time(t: Option<Timestamp>) -> (Seconds, u32) {
    match t {
        None => (Seconds(NO_SECONDS), 0),
        // Before 1970 the nanoseconds are negative, as the seconds are: their bits go through
        // the u32 and come back the same.
        Some(t) => (Seconds(t.as_second()), t.subsec_nanosecond() as u32),
    }
}

fn join_time(s: Seconds, nanos: u32) -> Option<Timestamp> {
    if s.0 == NO_SECONDS {
        return None;
    }
    Timestamp::new(s.0, nanos as i32).ok()
}

/// The flags of a record: which compact fields hold a value, and which values are in
/// [`Rare`] instead.
mod flag {
    /// `metadata.uid` is the 16 bytes of `uid` (else it is `Rare::uid`).
    pub const UID: u8 = 1;
    /// `involvedObject.uid` is the 16 bytes of `involved_uid` (else `Rare::involved_uid`).
    pub const INVOLVED_UID: u8 = 2;
    /// `involvedObject.name` is the event's own name up to its last dot, as every event a
    /// component names (`<object name>.<hex nanoseconds>`) has it (else `Rare::involved_name`).
    pub const NAME_FROM_KEY: u8 = 4;
    /// `source` is set (to `component` and `host`).
    pub const SOURCE: u8 = 8;
    /// `involvedObject.resourceVersion` is `involved_rv` (else `Rare::involved_rv`).
    pub const INVOLVED_RV: u8 = 16;
    /// `reportingComponent` and `reportingInstance` are the source's component and host (or
    /// ""), as `makeEvent` sets them (else `Rare::reporting`).
    pub const REPORTING_IS_SOURCE: u8 = 32;
    /// `involvedObject.namespace` is the event's own (else `Rare::involved_namespace`).
    pub const NAMESPACE_FROM_KEY: u8 = 64;
}

/// What most records never need: uids that are not the API server's UUIDs (a kubelet's events
/// about its node carry the node's name), an involved name of another shape, an involved
/// resourceVersion that is not a counter, an event about an object in another namespace (or
/// none), reporting fields other than the source's (the aggregator's combined events); each
/// in a record only if the flag for its compact form is unset.
#[derive(Clone, Debug, Default, PartialEq)]
struct Rare {
    uid: Option<Box<str>>,
    involved_uid: Option<Box<str>>,
    involved_name: Option<Box<str>>,
    involved_rv: Option<Box<str>>,
    involved_namespace: Option<Sym>,
    reporting: Option<(Sym, Sym)>,
}

impl Rare {
    fn is_empty(&self) -> bool {
        *self == Rare::default()
    }
}

/// The key name's part before its last dot: the name of the object a component's event is
/// about.
fn name_before_suffix(key_name: &str) -> Option<&str> {
    key_name.rfind('.').map(|i| &key_name[..i])
}

/// A new event as a component reports it, borrowed: what [`EventRecord::new`] keeps without
/// building the whole `Event` first (that would be twenty allocations to throw away).
#[derive(Clone, Copy, Debug)]
pub struct NewEvent<'a> {
    /// `metadata.uid`, as the UUID's bytes: the store keeps a record's uid as bytes, and a
    /// new event's is made as bytes, so it is never written out as text to be read back.
    pub uid: [u8; 16],
    /// `metadata.creationTimestamp`.
    pub created: Timestamp,
    /// `firstTimestamp`.
    pub first: Timestamp,
    /// `lastTimestamp`.
    pub last: Timestamp,
    /// `count`.
    pub count: i32,
    /// `type` (Normal, Warning).
    pub type_: &'a str,
    /// `reason`.
    pub reason: &'a str,
    /// `message`.
    pub message: &'a str,
    /// `source.component`.
    pub component: &'a str,
    /// `source.host`.
    pub host: Option<&'a str>,
    /// `reportingComponent` (the component, except on an aggregator's combined event).
    pub reporting_component: &'a str,
    /// `reportingInstance` (the host or "", except on an aggregator's combined event).
    pub reporting_instance: &'a str,
    /// `involvedObject`.
    pub involved: InvolvedRef<'a>,
}

/// An event's `involvedObject`, borrowed from the object it is about: recording an event copies
/// none of its strings (a record keeps most of them as flags and interned words anyway).
#[derive(Clone, Copy, Debug, Default)]
pub struct InvolvedRef<'a> {
    /// `apiVersion`.
    pub api_version: Option<&'a str>,
    /// `kind`.
    pub kind: Option<&'a str>,
    /// `name`.
    pub name: Option<&'a str>,
    /// `namespace`.
    pub namespace: Option<&'a str>,
    /// `uid`.
    pub uid: Option<&'a str>,
    /// `resourceVersion`.
    pub resource_version: Option<&'a str>,
    /// `fieldPath`.
    pub field_path: Option<&'a str>,
}

impl<'a> InvolvedRef<'a> {
    /// The fields of a whole `ObjectReference`, borrowed. Every field is named, so a field
    /// added to `ObjectReference` is a compile error here rather than silently dropped.
    pub fn of(r: &'a ObjectReference) -> InvolvedRef<'a> {
        let ObjectReference {
            api_version,
            field_path,
            kind,
            name,
            namespace,
            resource_version,
            uid,
        } = r;
        InvolvedRef {
            api_version: api_version.as_deref(),
            kind: kind.as_deref(),
            name: name.as_deref(),
            namespace: namespace.as_deref(),
            uid: uid.as_deref(),
            resource_version: resource_version.as_deref(),
            field_path: field_path.as_deref(),
        }
    }
}

/// An event's fields as a record takes them, borrowed, whether from a whole `Event` or from a
/// component's report; `count` is already its sentinel form.
struct Fields<'a> {
    uid: Option<&'a str>,
    created: Option<Timestamp>,
    first: Option<Timestamp>,
    last: Option<Timestamp>,
    count: i32,
    type_: Option<&'a str>,
    reason: Option<&'a str>,
    message: Option<&'a str>,
    /// `source`: its component and host, if it is set.
    source: Option<(Option<&'a str>, Option<&'a str>)>,
    /// `reportingComponent` and `reportingInstance`.
    reporting: (Option<&'a str>, Option<&'a str>),
    involved: InvolvedRef<'a>,
}

/// One event, compactly: 144 bytes and its message, where a k8s-openapi `Event` is a kilobyte
/// before its seventeen strings. Its namespace and name are the store's key, not repeated here;
/// unset numbers and times are sentinels, not `Option`s (each would double its field).
#[derive(Clone, Debug)]
pub struct EventRecord {
    uid: [u8; 16],
    involved_uid: [u8; 16],
    /// `metadata.resourceVersion`, 0 for none.
    resource_version: u64,
    /// `involvedObject.resourceVersion` (see [`flag::INVOLVED_RV`]), 0 for none.
    involved_rv: u64,
    created: Seconds,
    first: Seconds,
    last: Seconds,
    created_nanos: u32,
    first_nanos: u32,
    last_nanos: u32,
    /// `count`; [`NO_COUNT`] for none.
    count: i32,
    type_: Sym,
    reason: Sym,
    component: Sym,
    host: Sym,
    involved_api_version: Sym,
    involved_kind: Sym,
    involved_field_path: Sym,
    /// See [`flag`].
    flags: u8,
    /// Shared with other events of the same message (see [`Symbols::message`]).
    message: Option<Arc<str>>,
    rare: Option<Box<Rare>>,
}

/// An unset `count`; a record does not keep an event whose count is this.
const NO_COUNT: i32 = i32::MIN;

/// The compact parts of a uid: its bytes and whether they hold it, or the text to keep aside.
fn split_uid(s: Option<&str>) -> ([u8; 16], bool, Option<Box<str>>) {
    match s.map(|s| (s, parse_uuid(s))) {
        Some((_, Some(b))) => (b, true, None),
        Some((s, None)) => ([0; 16], false, Some(s.into())),
        None => ([0; 16], false, None),
    }
}

/// The parts of an involved object's fields a record keeps (the event is `key_name` in
/// `key_namespace`): flags, uid bytes, rv, and the rare rest.
fn split_involved(
    (key_namespace, key_name): (&str, &str),
    io: &InvolvedRef<'_>,
    syms: &mut Symbols,
    flags: &mut u8,
    rare: &mut Rare,
) -> ([u8; 16], u64) {
    if io.namespace == Some(key_namespace) {
        *flags |= flag::NAMESPACE_FROM_KEY;
    } else {
        rare.involved_namespace = Some(syms.intern(io.namespace));
    }
    let (involved_uid, is_uuid, text) = split_uid(io.uid);
    if is_uuid {
        *flags |= flag::INVOLVED_UID;
    }
    rare.involved_uid = text;
    match io.name {
        Some(n) if name_before_suffix(key_name) == Some(n) => *flags |= flag::NAME_FROM_KEY,
        n => rare.involved_name = n.map(Box::from),
    }
    let involved_rv = match io.resource_version.map(|v| (v, parse_rv(v))) {
        Some((_, Some(n))) => {
            *flags |= flag::INVOLVED_RV;
            n
        }
        Some((v, None)) => {
            rare.involved_rv = Some(v.into());
            0
        }
        None => {
            *flags |= flag::INVOLVED_RV;
            0
        }
    };
    (involved_uid, involved_rv)
}

/// Sets [`flag::REPORTING_IS_SOURCE`], or keeps the reporting fields aside.
fn split_reporting(
    (component, host): (Sym, Sym),
    (reporting_component, reporting_instance): (Option<&str>, Option<&str>),
    syms: &mut Symbols,
    flags: &mut u8,
    rare: &mut Rare,
) {
    let rc = syms.intern(reporting_component);
    let ri = syms.intern(reporting_instance);
    let host_or_empty = if host == NONE {
        syms.intern(Some(""))
    } else {
        host
    };
    if *flags & flag::SOURCE != 0 && rc == component && ri == host_or_empty {
        *flags |= flag::REPORTING_IS_SOURCE;
    } else {
        rare.reporting = Some((rc, ri));
    }
}

impl EventRecord {
    /// The record of `e`, or None if `e` has a field a record does not keep (then the store keeps
    /// the whole event). Every field is named below, so a field added to `Event` is a compile
    /// error here rather than silently dropped.
    pub fn of(e: &Event, syms: &mut Symbols) -> Option<EventRecord> {
        let Event {
            action,
            count,
            event_time,
            first_timestamp,
            involved_object,
            last_timestamp,
            message,
            metadata,
            reason,
            related,
            reporting_component,
            reporting_instance,
            series,
            source,
            type_,
        } = e;
        let ObjectMeta {
            annotations,
            creation_timestamp,
            deletion_grace_period_seconds,
            deletion_timestamp,
            finalizers,
            generate_name,
            generation,
            labels,
            managed_fields,
            name: meta_name,
            namespace: meta_namespace,
            owner_references,
            resource_version,
            self_link,
            uid,
        } = metadata;
        // The name and namespace are the store's key, given back on reading: an event without
        // them is kept whole so that it reads back without them.
        let whole_only = meta_namespace.is_none()
            || action.is_some()
            || event_time.is_some()
            || related.is_some()
            || series.is_some()
            || annotations.is_some()
            || deletion_grace_period_seconds.is_some()
            || deletion_timestamp.is_some()
            || finalizers.is_some()
            || generate_name.is_some()
            || generation.is_some()
            || labels.is_some()
            || managed_fields.is_some()
            || owner_references.is_some()
            || self_link.is_some()
            || *count == Some(NO_COUNT);
        let key_name = meta_name.as_deref()?;
        if whole_only {
            return None;
        }
        let resource_version = match resource_version.as_deref() {
            None => 0,
            Some(v) => parse_rv(v)?,
        };
        let mut record = EventRecord::build(
            (meta_namespace.as_deref().unwrap_or_default(), key_name),
            &Fields {
                uid: uid.as_deref(),
                created: creation_timestamp.as_ref().map(|t| t.0),
                first: first_timestamp.as_ref().map(|t| t.0),
                last: last_timestamp.as_ref().map(|t| t.0),
                count: count.unwrap_or(NO_COUNT),
                type_: type_.as_deref(),
                reason: reason.as_deref(),
                message: message.as_deref(),
                source: source
                    .as_ref()
                    .map(|EventSource { component, host }| (component.as_deref(), host.as_deref())),
                reporting: (
                    reporting_component.as_deref(),
                    reporting_instance.as_deref(),
                ),
                involved: InvolvedRef::of(involved_object),
            },
            syms,
        );
        record.resource_version = resource_version;
        Some(record)
    }

    /// The record of a new event named `name` in `namespace`, as a control-plane component
    /// writes one: the same record [`EventRecord::of`] would make of the whole event.
    pub fn new(namespace: &str, name: &str, e: &NewEvent<'_>, syms: &mut Symbols) -> EventRecord {
        let mut record = EventRecord::build(
            (namespace, name),
            &Fields {
                uid: None,
                created: Some(e.created),
                first: Some(e.first),
                last: Some(e.last),
                count: e.count,
                type_: Some(e.type_),
                reason: Some(e.reason),
                message: Some(e.message),
                source: Some((Some(e.component), e.host)),
                reporting: (Some(e.reporting_component), Some(e.reporting_instance)),
                involved: e.involved,
            },
            syms,
        );
        record.uid = e.uid;
        record.flags |= flag::UID;
        record
    }

    /// The record of an event named `name` in `namespace` with `f`'s fields (no
    /// resourceVersion yet): what [`EventRecord::of`] and [`EventRecord::new`] both make.
    fn build((namespace, name): (&str, &str), f: &Fields<'_>, syms: &mut Symbols) -> EventRecord {
        let mut flags = 0;
        let mut rare = Rare::default();
        let (uid, is_uuid, text) = split_uid(f.uid);
        if is_uuid {
            flags |= flag::UID;
        }
        rare.uid = text;
        let (involved_uid, involved_rv) =
            split_involved((namespace, name), &f.involved, syms, &mut flags, &mut rare);
        let (component, host) = match f.source {
            Some((component, host)) => {
                flags |= flag::SOURCE;
                (syms.intern(component), syms.intern(host))
            }
            None => (NONE, NONE),
        };
        split_reporting((component, host), f.reporting, syms, &mut flags, &mut rare);
        let (created, created_nanos) = split_time(f.created);
        let (first, first_nanos) = split_time(f.first);
        let (last, last_nanos) = split_time(f.last);
        EventRecord {
            uid,
            involved_uid,
            resource_version: 0,
            involved_rv,
            created,
            first,
            last,
            created_nanos,
            first_nanos,
            last_nanos,
            count: f.count,
            type_: syms.intern(f.type_),
            reason: syms.intern(f.reason),
            component,
            host,
            involved_api_version: syms.intern(f.involved.api_version),
            involved_kind: syms.intern(f.involved.kind),
            involved_field_path: syms.intern(f.involved.field_path),
            flags,
            message: f.message.map(|m| syms.message(m)),
            rare: (!rare.is_empty()).then(|| Box::new(rare)),
        }
    }

    /// Sets the resourceVersion the store stamps on a write (its counter starts above 0).
    pub fn set_resource_version(&mut self, rv: u64) {
        self.resource_version = rv;
    }

    /// A repeat of the event: seen `count` times, last at `last`, with `message` (an aggregated
    /// event's message follows its latest instance).
    pub fn repeat(&mut self, count: i32, last: Timestamp, message: &str) {
        self.count = count;
        (self.last, self.last_nanos) = split_time(Some(last));
        if self.message.as_deref() != Some(message) {
            self.message = Some(message.into());
        }
    }

    fn rare(&self) -> Option<&Rare> {
        self.rare.as_deref()
    }

    fn has(&self, f: u8) -> bool {
        self.flags & f != 0
    }

    /// `involvedObject.name`, given the event's own name (the store's key).
    fn involved_name<'a>(&'a self, key_name: &'a str) -> Option<&'a str> {
        if self.has(flag::NAME_FROM_KEY) {
            name_before_suffix(key_name)
        } else {
            self.rare().and_then(|r| r.involved_name.as_deref())
        }
    }

    /// The event this record stands for, named `name` in `namespace`.
    pub fn to_event(&self, namespace: &str, name: &str, syms: &Symbols) -> Event {
        let uid = |bytes: &[u8; 16], f: u8, text: fn(&Rare) -> &Option<Box<str>>| {
            if self.has(f) {
                Some(super::rng::format_uuid(bytes))
            } else {
                self.rare()
                    .and_then(|r| text(r).as_deref())
                    .map(str::to_string)
            }
        };
        let (reporting_component, reporting_instance) = if self.has(flag::REPORTING_IS_SOURCE) {
            (
                syms.get(self.component),
                Some(syms.get(self.host).unwrap_or_default()),
            )
        } else {
            let (rc, ri) = self
                .rare()
                .and_then(|r| r.reporting)
                .unwrap_or((NONE, NONE));
            (syms.get(rc), syms.get(ri))
        };
        Event {
            metadata: ObjectMeta {
                name: Some(name.to_string()),
                namespace: Some(namespace.to_string()),
                uid: uid(&self.uid, flag::UID, |r| &r.uid),
                resource_version: (self.resource_version != 0)
                    .then(|| self.resource_version.to_string()),
                creation_timestamp: join_time(self.created, self.created_nanos).map(Time),
                ..Default::default()
            },
            involved_object: ObjectReference {
                api_version: syms.get(self.involved_api_version),
                field_path: syms.get(self.involved_field_path),
                kind: syms.get(self.involved_kind),
                name: self.involved_name(name).map(str::to_string),
                namespace: if self.has(flag::NAMESPACE_FROM_KEY) {
                    Some(namespace.to_string())
                } else {
                    self.rare()
                        .and_then(|r| r.involved_namespace)
                        .and_then(|n| syms.get(n))
                },
                resource_version: if self.has(flag::INVOLVED_RV) {
                    (self.involved_rv != 0).then(|| self.involved_rv.to_string())
                } else {
                    self.rare()
                        .and_then(|r| r.involved_rv.as_deref())
                        .map(str::to_string)
                },
                uid: uid(&self.involved_uid, flag::INVOLVED_UID, |r| &r.involved_uid),
            },
            reason: syms.get(self.reason),
            message: self.message.as_deref().map(str::to_string),
            source: self.has(flag::SOURCE).then(|| EventSource {
                component: syms.get(self.component),
                host: syms.get(self.host),
            }),
            first_timestamp: join_time(self.first, self.first_nanos).map(Time),
            last_timestamp: join_time(self.last, self.last_nanos).map(Time),
            count: (self.count != NO_COUNT).then_some(self.count),
            type_: syms.get(self.type_),
            reporting_component,
            reporting_instance,
            action: None,
            event_time: None,
            related: None,
            series: None,
        }
    }

    /// When the event was last seen, as [`event_time`] computes it for a whole event.
    pub fn time(&self) -> Timestamp {
        let last = join_time(self.last, self.last_nanos);
        let seen = last.or(join_time(self.first, self.first_nanos));
        seen.max(join_time(self.created, self.created_nanos))
            .unwrap_or(Timestamp::UNIX_EPOCH)
    }

    /// `source.component`, without reading the event whole.
    pub fn source_component<'a>(&self, syms: &'a Symbols) -> Option<&'a str> {
        if self.has(flag::SOURCE) {
            syms.name(self.component)
        } else {
            None
        }
    }

    /// Whether the event (named `key_name`) is about an object named `name` (a cheap first
    /// filter before the event is read whole).
    pub fn involves_name(&self, key_name: &str, name: &str) -> bool {
        self.involved_name(key_name) == Some(name)
    }
}

/// Checks that [`EventRecord::time`] and [`event_time`] agree (they must: the store's time
/// index is built from one or the other).
#[cfg(test)]
fn times_agree(e: &Event, r: &EventRecord) -> bool {
    super::store::event_time(e) == r.time()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A message seen again is shared, not copied; any message reads back as given, whichever
    /// others took its slot in between.
    #[test]
    fn repeated_messages_are_shared() {
        let mut syms = Symbols::default();
        let a = syms.message("Created container: web");
        let b = syms.message("Created container: web");
        assert!(Arc::ptr_eq(&a, &b));
        let many: Vec<String> = (0..2000).map(|i| format!("Created pod: web-{i}")).collect();
        for m in &many {
            assert_eq!(&*syms.message(m), m.as_str());
        }
        assert_eq!(
            &*syms.message("Created container: web"),
            "Created container: web"
        );
        let c = syms.message("Created pod: web-7");
        assert!(Arc::ptr_eq(&c, &syms.message("Created pod: web-7")));
        assert_eq!(syms.recent_messages.len(), RECENT_MESSAGES);
    }

    /// A resourceVersion is kept as a number only if the number prints back as the same text,
    /// as `n.to_string() == s` decides (signs, leading zeros, overflow and 0 are text).
    #[test]
    fn resource_versions_are_numbers_only_when_they_print_back_the_same() {
        for s in [
            "",
            "0",
            "00",
            "1",
            "01",
            "+1",
            "-1",
            " 1",
            "1 ",
            "12a",
            "123",
            "9",
            "18446744073709551615",
            "18446744073709551616",
            "٣",
        ] {
            let printed_back = s
                .parse::<u64>()
                .ok()
                .filter(|&n| n != 0 && n.to_string() == s);
            assert_eq!(super::parse_rv(s), printed_back, "{s:?}");
        }
    }

    fn sample() -> Event {
        let t = |s: &str| Time(s.parse().expect("timestamp"));
        Event {
            metadata: ObjectMeta {
                name: Some("web-0.181a2b3c4d5e6f70".into()),
                namespace: Some("default".into()),
                uid: Some("6951c595-b9fd-4983-b97c-1e3b5d1f14c5".into()),
                resource_version: Some("1037".into()),
                creation_timestamp: Some(t("2025-01-06T09:00:00Z")),
                ..Default::default()
            },
            involved_object: ObjectReference {
                api_version: Some("v1".into()),
                kind: Some("Pod".into()),
                name: Some("web-0".into()),
                namespace: Some("default".into()),
                uid: Some("d8552dd6-a89d-48eb-89b1-d73980d19013".into()),
                resource_version: Some("1030".into()),
                field_path: Some("spec.containers{nginx}".into()),
            },
            reason: Some("Started".into()),
            message: Some("Started container nginx".into()),
            source: Some(EventSource {
                component: Some("kubelet".into()),
                host: Some("worker-1".into()),
            }),
            first_timestamp: Some(t("2025-01-06T09:00:04Z")),
            last_timestamp: Some(t("2025-01-06T09:00:04.5Z")),
            count: Some(1),
            type_: Some("Normal".into()),
            reporting_component: Some("kubelet".into()),
            reporting_instance: Some("worker-1".into()),
            ..Default::default()
        }
    }

    fn round_trip(e: &Event) -> Option<Event> {
        let mut syms = Symbols::default();
        let r = EventRecord::of(e, &mut syms)?;
        assert!(times_agree(e, &r));
        Some(r.to_event(
            e.metadata.namespace.as_deref().unwrap_or(""),
            e.metadata.name.as_deref().unwrap_or(""),
            &syms,
        ))
    }

    #[test]
    fn an_event_written_by_the_control_plane_reads_back_unchanged() {
        let e = sample();
        assert_eq!(round_trip(&e), Some(e));
    }

    /// A record made straight from a component's report is the record of the whole event it
    /// stands for, so both ways of writing an event read back the same.
    #[test]
    fn a_new_record_is_the_record_of_the_whole_event() {
        let mut e = sample();
        e.metadata.resource_version = None;
        let t = |s: &str| s.parse::<Timestamp>().expect("timestamp");
        let new = NewEvent {
            uid: parse_uuid("6951c595-b9fd-4983-b97c-1e3b5d1f14c5").expect("a uuid"),
            created: t("2025-01-06T09:00:00Z"),
            first: t("2025-01-06T09:00:04Z"),
            last: t("2025-01-06T09:00:04.5Z"),
            count: 1,
            type_: "Normal",
            reason: "Started",
            message: "Started container nginx",
            component: "kubelet",
            host: Some("worker-1"),
            reporting_component: "kubelet",
            reporting_instance: "worker-1",
            involved: InvolvedRef::of(&e.involved_object),
        };
        let mut syms = Symbols::default();
        let r = EventRecord::new("default", "web-0.181a2b3c4d5e6f70", &new, &mut syms);
        assert_eq!(r.to_event("default", "web-0.181a2b3c4d5e6f70", &syms), e);
        let mut r = r;
        r.repeat(3, t("2025-01-06T09:10:00Z"), "Started container nginx");
        let back = r.to_event("default", "web-0.181a2b3c4d5e6f70", &syms);
        assert_eq!(back.count, Some(3));
        assert_eq!(back.last_timestamp, Some(Time(t("2025-01-06T09:10:00Z"))));
        assert_eq!(r.time(), t("2025-01-06T09:10:00Z"));
    }

    #[test]
    fn unset_fields_and_odd_uids_read_back_unchanged() {
        let mut e = sample();
        e.involved_object.uid = Some("worker-1".into()); // kubelet events about a node
        e.metadata.uid = Some("6951C595-B9FD-4983-B97C-1E3B5D1F14C5".into()); // not lower case
        e.source = Some(EventSource::default());
        e.message = None;
        e.count = None;
        e.involved_object.namespace = None;
        assert_eq!(round_trip(&e), Some(e.clone()));
        e.source = None;
        e.metadata.uid = Some(String::new());
        assert_eq!(round_trip(&e), Some(e));
    }

    #[test]
    fn names_versions_and_times_of_other_shapes_read_back_unchanged() {
        let t = |s: &str| Time(s.parse().expect("timestamp"));
        let mut e = sample();
        // Not `<involved name>.<suffix>`: the involved name is kept aside.
        e.metadata.name = Some("hand-written".into());
        e.involved_object.resource_version = Some("not-a-counter".into());
        e.first_timestamp = Some(t("1969-12-31T23:59:58.25Z"));
        e.last_timestamp = Some(t("1901-06-01T00:00:00.000000001Z"));
        assert_eq!(round_trip(&e), Some(e.clone()));
        e.metadata.name = Some("web-0.suffix.more".into());
        e.involved_object.resource_version = Some("0".into());
        e.involved_object.name = None;
        e.first_timestamp = None;
        assert_eq!(round_trip(&e), Some(e.clone()));
        e.metadata.name = Some("web-0.suffix".into());
        e.involved_object.resource_version = None;
        e.metadata.creation_timestamp = None;
        assert_eq!(round_trip(&e), Some(e.clone()));
        // A controller's event (no host, an empty reporting instance) about an object in
        // another namespace; then reporting fields that are not the source's.
        e.source = Some(EventSource {
            component: Some("kubelet".into()),
            host: None,
        });
        e.reporting_instance = Some(String::new());
        e.involved_object.namespace = Some("other".into());
        assert_eq!(round_trip(&e), Some(e.clone()));
        e.reporting_component = None;
        assert_eq!(round_trip(&e), Some(e.clone()));
        // What a sentinel stands for is kept whole.
        e.count = Some(i32::MIN);
        assert!(round_trip(&e).is_none());
        let mut e = sample();
        e.metadata.resource_version = Some("0".into());
        assert!(round_trip(&e).is_none());
    }

    /// Half a million events at 100,000 pods: every byte of a record is 0.5 MB.
    #[test]
    fn a_record_stays_compact() {
        assert!(
            size_of::<EventRecord>() <= 144,
            "{}",
            size_of::<EventRecord>()
        );
    }

    #[test]
    fn events_with_fields_a_record_lacks_are_kept_whole() {
        let mut e = sample();
        e.metadata.labels = Some([("a".to_string(), "b".to_string())].into());
        assert!(round_trip(&e).is_none());
        let mut e = sample();
        e.action = Some("Binding".into());
        assert!(round_trip(&e).is_none());
        let mut e = sample();
        e.metadata.resource_version = Some("0012".into());
        assert!(round_trip(&e).is_none());
        let mut e = sample();
        e.metadata.namespace = None;
        assert!(round_trip(&e).is_none());
    }

    #[test]
    fn uuids_print_back_as_parsed() {
        let u = "00000000-0000-0000-0000-00000000000f";
        assert_eq!(
            parse_uuid(u).map(|b| crate::sim::rng::format_uuid(&b)),
            Some(u.to_string())
        );
        assert_eq!(parse_uuid("0000000000000-0000-0000-00000000000f"), None);
        assert_eq!(parse_uuid("g0000000-0000-0000-0000-00000000000f"), None);
        let mut rng = crate::sim::rng::Rng::new(7);
        for _ in 0..200 {
            let bytes = rng.uuid_bytes();
            let text = crate::sim::rng::format_uuid(&bytes);
            assert_eq!(parse_uuid(&text), Some(bytes), "{text}");
            // Any one byte out of place (an upper-case or other digit, a dash moved) is not
            // a uid as the API server writes them.
            for i in 0..text.len() {
                for c in ['A', 'F', 'g', '-', '0', '/', ':', '`'] {
                    let mut t = text.clone().into_bytes();
                    t[i] = c as u8;
                    let t = String::from_utf8(t).unwrap_or_default();
                    let valid = if matches!(i, 8 | 13 | 18 | 23) {
                        c == '-'
                    } else {
                        c.is_ascii_digit() || ('a'..='f').contains(&c)
                    };
                    assert_eq!(parse_uuid(&t).is_some(), valid, "{t}");
                }
            }
        }
        assert_eq!(parse_uuid(""), None);
        assert_eq!(parse_uuid("00000000-0000-0000-0000-00000000000f0"), None);
    }
}
