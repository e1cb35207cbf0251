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

/// Interned strings: the few words that recur in every event, each stored once.
#[derive(Clone, Debug, Default)]
pub struct Symbols {
    ids: HashMap<Arc<str>, u32>,
    names: Vec<Arc<str>>,
}

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

    fn get(&self, id: Sym) -> Option<String> {
        self.name(id).map(str::to_string)
    }

    fn name(&self, id: Sym) -> Option<&str> {
        self.names.get(id as usize).map(|s| &**s)
    }
}

/// A uid: the API server's UUIDs in 16 bytes, anything else (kubelet events about a node carry
/// the node's name) as written.
#[derive(Clone, Debug, PartialEq)]
enum Uid {
    Absent,
    Uuid([u8; 16]),
    Text(Box<str>),
}

impl Uid {
    fn of(s: Option<&str>) -> Uid {
        match s {
            None => Uid::Absent,
            Some(s) => parse_uuid(s).map_or_else(|| Uid::Text(s.into()), Uid::Uuid),
        }
    }

    fn to_string_opt(&self) -> Option<String> {
        match self {
            Uid::Absent => None,
            Uid::Uuid(b) => Some(format_uuid(b)),
            Uid::Text(s) => Some(s.to_string()),
        }
    }
}

/// `8-4-4-4-12` lower-case hex, as the API server writes uids; anything else is not a UUID here.
fn parse_uuid(s: &str) -> Option<[u8; 16]> {
    let b = s.as_bytes();
    if b.len() != 36 {
        return None;
    }
    let mut out = [0u8; 16];
    let mut nibbles = 0;
    for (i, &c) in b.iter().enumerate() {
        if matches!(i, 8 | 13 | 18 | 23) {
            if c != b'-' {
                return None;
            }
            continue;
        }
        let v = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            _ => return None,
        };
        out[nibbles / 2] |= if nibbles % 2 == 0 { v << 4 } else { v };
        nibbles += 1;
    }
    Some(out)
}

fn format_uuid(b: &[u8; 16]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(36);
    for (i, byte) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            s.push('-');
        }
        s.push(char::from(HEX[usize::from(byte >> 4)]));
        s.push(char::from(HEX[usize::from(byte & 0xf)]));
    }
    s
}

/// A resourceVersion: the store's are decimal counters; one that would not print back the same
/// is not kept in a record.
fn parse_rv(s: Option<&str>) -> Result<Option<u64>, ()> {
    match s {
        None => Ok(None),
        Some(s) => match s.parse::<u64>() {
            Ok(n) if n.to_string() == s => Ok(Some(n)),
            _ => Err(()),
        },
    }
}

/// A new event as a component reports it, borrowed: what [`EventRecord::new`] keeps without
/// building the whole `Event` first (that would be twenty allocations to throw away).
#[derive(Clone, Copy, Debug)]
pub struct NewEvent<'a> {
    /// `metadata.uid`.
    pub uid: &'a str,
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
    pub involved: &'a ObjectReference,
}

/// One event, compactly. Its namespace and name are the store's key, not repeated here.
#[derive(Clone, Debug)]
pub struct EventRecord {
    uid: Uid,
    resource_version: Option<u64>,
    created: Option<Timestamp>,
    first: Option<Timestamp>,
    last: Option<Timestamp>,
    count: Option<i32>,
    type_: Sym,
    reason: Sym,
    message: Option<Box<str>>,
    /// `source`: None, or its component and host.
    source: Option<(Sym, Sym)>,
    reporting_component: Sym,
    reporting_instance: Sym,
    involved_api_version: Sym,
    involved_kind: Sym,
    involved_namespace: Sym,
    involved_field_path: Sym,
    involved_name: Option<Box<str>>,
    involved_uid: Uid,
    involved_resource_version: Option<Box<str>>,
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
        let ObjectReference {
            api_version,
            field_path,
            kind,
            name,
            namespace,
            resource_version: involved_rv,
            uid: involved_uid,
        } = involved_object;
        // The name and namespace are the store's key, given back on reading: an event without
        // them is kept whole so that it reads back without them.
        let whole_only = meta_name.is_none()
            || meta_namespace.is_none()
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
            || self_link.is_some();
        if whole_only {
            return None;
        }
        let resource_version = parse_rv(resource_version.as_deref()).ok()?;
        let source = source.as_ref().map(|EventSource { component, host }| {
            (
                syms.intern(component.as_deref()),
                syms.intern(host.as_deref()),
            )
        });
        Some(EventRecord {
            uid: Uid::of(uid.as_deref()),
            resource_version,
            created: creation_timestamp.as_ref().map(|t| t.0),
            first: first_timestamp.as_ref().map(|t| t.0),
            last: last_timestamp.as_ref().map(|t| t.0),
            count: *count,
            type_: syms.intern(type_.as_deref()),
            reason: syms.intern(reason.as_deref()),
            message: message.as_deref().map(Box::from),
            source,
            reporting_component: syms.intern(reporting_component.as_deref()),
            reporting_instance: syms.intern(reporting_instance.as_deref()),
            involved_api_version: syms.intern(api_version.as_deref()),
            involved_kind: syms.intern(kind.as_deref()),
            involved_namespace: syms.intern(namespace.as_deref()),
            involved_field_path: syms.intern(field_path.as_deref()),
            involved_name: name.as_deref().map(Box::from),
            involved_uid: Uid::of(involved_uid.as_deref()),
            involved_resource_version: involved_rv.as_deref().map(Box::from),
        })
    }

    /// The record of a new event, as a control-plane component writes one: the same record
    /// [`EventRecord::of`] would make of the whole event.
    pub fn new(e: &NewEvent<'_>, syms: &mut Symbols) -> EventRecord {
        let io = e.involved;
        EventRecord {
            uid: Uid::of(Some(e.uid)),
            resource_version: None,
            created: Some(e.created),
            first: Some(e.first),
            last: Some(e.last),
            count: Some(e.count),
            type_: syms.intern(Some(e.type_)),
            reason: syms.intern(Some(e.reason)),
            message: Some(e.message.into()),
            source: Some((syms.intern(Some(e.component)), syms.intern(e.host))),
            reporting_component: syms.intern(Some(e.reporting_component)),
            reporting_instance: syms.intern(Some(e.reporting_instance)),
            involved_api_version: syms.intern(io.api_version.as_deref()),
            involved_kind: syms.intern(io.kind.as_deref()),
            involved_namespace: syms.intern(io.namespace.as_deref()),
            involved_field_path: syms.intern(io.field_path.as_deref()),
            involved_name: io.name.as_deref().map(Box::from),
            involved_uid: Uid::of(io.uid.as_deref()),
            involved_resource_version: io.resource_version.as_deref().map(Box::from),
        }
    }

    /// Sets the resourceVersion the store stamps on a write.
    pub fn set_resource_version(&mut self, rv: u64) {
        self.resource_version = Some(rv);
    }

    /// A repeat of the event: seen `count` times, last at `last`, with `message` (an aggregated
    /// event's message follows its latest instance).
    pub fn repeat(&mut self, count: i32, last: Timestamp, message: &str) {
        self.count = Some(count);
        self.last = Some(last);
        if self.message.as_deref() != Some(message) {
            self.message = Some(message.into());
        }
    }

    /// The event this record stands for, named `name` in `namespace`.
    pub fn to_event(&self, namespace: &str, name: &str, syms: &Symbols) -> Event {
        let time = |t: &Option<Timestamp>| t.map(Time);
        Event {
            metadata: ObjectMeta {
                name: Some(name.to_string()),
                namespace: Some(namespace.to_string()),
                uid: self.uid.to_string_opt(),
                resource_version: self.resource_version.map(|n| n.to_string()),
                creation_timestamp: time(&self.created),
                ..Default::default()
            },
            involved_object: ObjectReference {
                api_version: syms.get(self.involved_api_version),
                field_path: syms.get(self.involved_field_path),
                kind: syms.get(self.involved_kind),
                name: self.involved_name.as_deref().map(str::to_string),
                namespace: syms.get(self.involved_namespace),
                resource_version: self
                    .involved_resource_version
                    .as_deref()
                    .map(str::to_string),
                uid: self.involved_uid.to_string_opt(),
            },
            reason: syms.get(self.reason),
            message: self.message.as_deref().map(str::to_string),
            source: self.source.map(|(c, h)| EventSource {
                component: syms.get(c),
                host: syms.get(h),
            }),
            first_timestamp: time(&self.first),
            last_timestamp: time(&self.last),
            count: self.count,
            type_: syms.get(self.type_),
            reporting_component: syms.get(self.reporting_component),
            reporting_instance: syms.get(self.reporting_instance),
            action: None,
            event_time: None,
            related: None,
            series: None,
        }
    }

    /// When the event was last seen, as [`event_time`] computes it for a whole event.
    pub fn time(&self) -> Timestamp {
        let seen = self.last.or(self.first);
        seen.max(self.created).unwrap_or(Timestamp::UNIX_EPOCH)
    }

    /// `source.component`, without reading the event whole.
    pub fn source_component<'a>(&self, syms: &'a Symbols) -> Option<&'a str> {
        self.source.and_then(|(c, _)| syms.name(c))
    }

    /// Whether the event is about an object named `name` (a cheap first filter before the
    /// event is read whole).
    pub fn involves_name(&self, name: &str) -> bool {
        self.involved_name.as_deref() == Some(name)
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
            uid: "6951c595-b9fd-4983-b97c-1e3b5d1f14c5",
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
            involved: &e.involved_object,
        };
        let mut syms = Symbols::default();
        let r = EventRecord::new(&new, &mut syms);
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
        assert_eq!(parse_uuid(u).map(|b| format_uuid(&b)), Some(u.to_string()));
        assert_eq!(parse_uuid("0000000000000-0000-0000-00000000000f"), None);
        assert_eq!(parse_uuid("g0000000-0000-0000-0000-00000000000f"), None);
    }
}
