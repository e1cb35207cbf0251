//! The simulated cluster: object store, virtual clock, agenda of timers, controller work queues and
//! event recorder, advanced as a discrete-event simulation.
//!
//! Nothing here reads the wall clock, spawns a thread or touches a file: the same seed and the same
//! calls give the same cluster, byte for byte. Time only moves in [`Cluster::advance_to`], which
//! jumps from one due timer to the next and lets every controller settle at each instant, so an
//! idle cluster costs nothing however long it sleeps.

use super::controllers::{self, Ctrl};
use super::event_record::NewEvent;
use super::object::{Kind, Object, Typed};
use super::rng::Rng;
use super::runtime::Runtime;
use super::store::{Change, ObjKey, Store};
use jiff::{SignedDuration, Timestamp};
use k8s_openapi::api::core::v1::{Event, ObjectReference};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, Time};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, VecDeque};

/// How the cluster starts: what `kubetutor run --nodes N --seed S --start T` asks for.
#[derive(Clone, Debug)]
pub struct ClusterConfig {
    /// Seed for every generated name and uid.
    pub seed: u64,
    /// Virtual time at start.
    pub start: Timestamp,
    /// Number of worker nodes (`worker-1` .. `worker-N`) beside the control-plane node.
    pub workers: usize,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            seed: 1,
            start: Timestamp::from_second(DEFAULT_START_UNIX).unwrap_or(Timestamp::UNIX_EPOCH),
            workers: 3,
        }
    }
}

/// 2025-01-06T09:00:00Z, a Monday morning: a fixed, readable default start time.
pub const DEFAULT_START_UNIX: i64 = 1_736_154_000;

/// Events older than this are removed, as the API server's `--event-ttl` (1h) does.
const EVENT_TTL: SignedDuration = SignedDuration::from_hours(1);

/// How many reconciles may run at one instant before the cluster declares a livelock.
const MAX_RECONCILES_PER_INSTANT: usize = 1_000_000;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Timer {
    at: Timestamp,
    seq: u64,
    ctrl: Ctrl,
    key: ObjKey,
}

/// A controller's work queue: FIFO, each key at most once, as client-go's workqueue.
#[derive(Clone, Debug, Default)]
struct Queue {
    order: VecDeque<ObjKey>,
    queued: BTreeSet<ObjKey>,
}

impl Queue {
    /// The next key, which may be queued again from now on.
    fn pop(&mut self) -> Option<ObjKey> {
        let k = self.order.pop_front()?;
        self.queued.remove(&k);
        Some(k)
    }
}

/// What makes two events the same for aggregation (client-go's `getEventKey`, less the
/// fields the simulator never varies).
struct EventKey<'a> {
    namespace: &'a str,
    involved_uid: &'a str,
    involved_name: &'a str,
    kind: &'a str,
    type_: &'a str,
    reason: &'a str,
    message: &'a str,
    component: &'a str,
}

impl<'a> EventKey<'a> {
    /// A 64-bit FNV-1a hash of the key: the index holds hashes, not copies of every message.
    fn hash(&self) -> u64 {
        let parts = [
            self.namespace,
            self.involved_uid,
            self.involved_name,
            self.kind,
            self.type_,
            self.reason,
            self.message,
            self.component,
        ];
        // 0xff never occurs in UTF-8, so it separates the parts unambiguously.
        super::rng::fnv1a64(parts.iter().flat_map(|p| p.bytes().chain([0xff])))
    }

    /// The key of a stored event (in `namespace`).
    fn of(namespace: &'a str, ev: &'a Event) -> EventKey<'a> {
        let o = &ev.involved_object;
        EventKey {
            namespace,
            involved_uid: o.uid.as_deref().unwrap_or_default(),
            involved_name: o.name.as_deref().unwrap_or_default(),
            kind: o.kind.as_deref().unwrap_or_default(),
            type_: ev.type_.as_deref().unwrap_or_default(),
            reason: ev.reason.as_deref().unwrap_or_default(),
            message: ev.message.as_deref().unwrap_or_default(),
            component: ev
                .source
                .as_ref()
                .and_then(|s| s.component.as_deref())
                .unwrap_or_default(),
        }
    }

    /// The name of this key's event whose name ends in `nanos`.
    fn event_name(&self, nanos: i128) -> String {
        event_name(self.involved_name, nanos)
    }

    /// Whether `ev` (stored in this key's namespace) is an event of this key.
    fn matches(&self, ev: &Event) -> bool {
        let o = &ev.involved_object;
        o.uid.as_deref().unwrap_or_default() == self.involved_uid
            && o.name.as_deref().unwrap_or_default() == self.involved_name
            && o.kind.as_deref().unwrap_or_default() == self.kind
            && ev.type_.as_deref().unwrap_or_default() == self.type_
            && ev.reason.as_deref().unwrap_or_default() == self.reason
            && ev.message.as_deref().unwrap_or_default() == self.message
            && ev
                .source
                .as_ref()
                .and_then(|s| s.component.as_deref())
                .unwrap_or_default()
                == self.component
    }
}

/// client-go's event name: `<object name>.<hex of unix nanoseconds>`.
fn event_name(base: &str, nanos: i128) -> String {
    format!("{base}.{nanos:x}")
}

/// The nanoseconds an event name made by [`event_name`] ends in.
fn event_name_nanos(name: &str) -> Option<i128> {
    let (_, hex) = name.rsplit_once('.')?;
    i128::from_str_radix(hex, 16).ok()
}

/// Who records an event: the `SOURCE` kubectl describe shows (`default-scheduler`, `kubelet`, ...).
#[derive(Clone, Debug)]
pub struct Source {
    /// Component name.
    pub component: &'static str,
    /// Host (the node name, for the kubelet).
    pub host: Option<String>,
}

impl Source {
    /// A control-plane component without a host.
    pub fn component(component: &'static str) -> Source {
        Source {
            component,
            host: None,
        }
    }

    /// The kubelet of `node`.
    pub fn kubelet(node: &str) -> Source {
        Source {
            component: "kubelet",
            host: Some(node.to_string()),
        }
    }
}

/// What an event can be about: a stored object or a typed one, so recording an event about a
/// pod never needs a copy of the pod.
pub trait EventSubject {
    /// The subject's kind.
    fn subject_kind(&self) -> Kind;
    /// The subject's metadata.
    fn subject_meta(&self) -> &ObjectMeta;
}

impl EventSubject for Object {
    fn subject_kind(&self) -> Kind {
        self.kind()
    }
    fn subject_meta(&self) -> &ObjectMeta {
        self.meta()
    }
}

impl<T: Typed> EventSubject for T {
    fn subject_kind(&self) -> Kind {
        T::KIND
    }
    fn subject_meta(&self) -> &ObjectMeta {
        self.meta()
    }
}

/// The whole simulated cluster.
#[derive(Clone, Debug)]
pub struct Cluster {
    /// Every API object.
    pub store: Store,
    /// What is not an API object: containers, their logs, volume contents, node health.
    pub runtime: Runtime,
    now: Timestamp,
    rng: Rng,
    agenda: BinaryHeap<Reverse<Timer>>,
    timer_seq: u64,
    queues: BTreeMap<Ctrl, Queue>,
    /// Recorded events by the hash of their aggregation key and the suffix of their name
    /// (`<involved object's name>.<hex nanoseconds>`, the name being part of the key): the
    /// events of one key are a range of this set, and no name or message is copied into it.
    event_index: BTreeSet<(u64, i128)>,
    /// The instant of the last event created, and per (namespace, object name) the last name
    /// suffix (nanoseconds) used at that instant.
    event_names: (Timestamp, BTreeMap<(String, String), i128>),
    /// Reconciles run so far (for tests and benchmarks).
    pub reconciles: u64,
    /// The scheduler's per-node summary of the pods each node runs (its NodeInfo cache).
    pub scheduler_cache: super::scheduler::NodeCache,
}

impl Cluster {
    /// An empty cluster (no nodes, no namespaces) at `start`, for tests that build their own.
    pub fn empty(seed: u64, start: Timestamp) -> Cluster {
        Cluster {
            store: Store::new(),
            runtime: Runtime::default(),
            now: start,
            rng: Rng::new(seed),
            agenda: BinaryHeap::new(),
            timer_seq: 0,
            queues: BTreeMap::new(),
            event_index: BTreeSet::new(),
            event_names: (start, BTreeMap::new()),
            reconciles: 0,
            scheduler_cache: Default::default(),
        }
    }

    /// The default cluster: namespaces, a control-plane node, `workers` workers, a default
    /// StorageClass, the `kubernetes` Service, all settled.
    pub fn new(config: &ClusterConfig) -> Cluster {
        let mut c = Cluster::empty(config.seed, config.start);
        super::bootstrap::bootstrap(&mut c, config.workers);
        c.settle();
        c
    }

    /// Virtual time now.
    pub fn now(&self) -> Timestamp {
        self.now
    }

    /// `now` as a Kubernetes `Time`.
    pub fn now_time(&self) -> Time {
        Time(self.now)
    }

    /// The cluster's random number generator (seeded).
    pub fn rng(&mut self) -> &mut Rng {
        &mut self.rng
    }

    /// A fresh uid.
    pub fn new_uid(&mut self) -> String {
        self.rng.uuid()
    }

    /// Asks `ctrl` to reconcile `key` as soon as the current instant settles.
    pub fn enqueue(&mut self, ctrl: Ctrl, key: ObjKey) {
        let q = self.queues.entry(ctrl).or_default();
        if q.queued.insert(key.clone()) {
            q.order.push_back(key);
        }
    }

    /// Asks `ctrl` to reconcile `key` after `after` of virtual time (client-go's AddAfter).
    pub fn enqueue_after(&mut self, ctrl: Ctrl, key: ObjKey, after: SignedDuration) {
        let at = self.now.checked_add(after).unwrap_or(self.now);
        self.enqueue_at(ctrl, key, at);
    }

    /// Asks `ctrl` to reconcile `key` at virtual time `at` (now, if `at` is past).
    pub fn enqueue_at(&mut self, ctrl: Ctrl, key: ObjKey, at: Timestamp) {
        if at <= self.now {
            self.enqueue(ctrl, key);
            return;
        }
        self.timer_seq += 1;
        self.agenda.push(Reverse(Timer {
            at,
            seq: self.timer_seq,
            ctrl,
            key,
        }));
    }

    /// When the next timer is due, if any.
    pub fn next_timer(&self) -> Option<Timestamp> {
        self.agenda.peek().map(|Reverse(t)| t.at)
    }

    /// Runs every controller until nothing more happens at the current instant.
    ///
    /// A controller drains its queue before the next one runs, as each real controller's
    /// workers do while the others work concurrently: the writes of a kubelet starting a hundred
    /// containers wake their ReplicaSet a hundred times, and client-go's work queue holds the key
    /// once, so the ReplicaSet syncs once after them, not after each. When the running queue is
    /// empty, the first non-empty queue in [`Ctrl`] order goes next.
    pub fn settle(&mut self) {
        let mut budget = MAX_RECONCILES_PER_INSTANT;
        let mut running: Option<Ctrl> = None;
        loop {
            let changes = self.store.take_changes();
            for ch in &changes {
                self.route(ch);
            }
            let next = running
                .and_then(|ctrl| Some((ctrl, self.queues.get_mut(&ctrl)?.pop()?)))
                .or_else(|| {
                    self.queues
                        .iter_mut()
                        .find_map(|(ctrl, q)| q.pop().map(|k| (*ctrl, k)))
                });
            let Some((ctrl, key)) = next else {
                if !self.store.has_changes() {
                    break;
                }
                continue;
            };
            running = Some(ctrl);
            self.reconciles += 1;
            controllers::reconcile(self, ctrl, &key);
            budget -= 1;
            if budget == 0 {
                // A controller that never settles must not freeze the program; leave the rest for
                // the next instant.
                break;
            }
        }
    }

    /// Advances virtual time to `t`, firing every timer due on the way, in time order.
    pub fn advance_to(&mut self, t: Timestamp) {
        self.settle();
        while let Some(Reverse(timer)) = self.agenda.peek() {
            if timer.at > t {
                break;
            }
            let at = timer.at;
            if at > self.now {
                self.now = at;
                self.expire_events();
            }
            while let Some(Reverse(timer)) = self.agenda.peek() {
                if timer.at != at {
                    break;
                }
                if let Some(Reverse(timer)) = self.agenda.pop() {
                    self.enqueue(timer.ctrl, timer.key);
                }
            }
            self.settle();
        }
        if t > self.now {
            self.now = t;
            self.expire_events();
        }
        self.settle();
    }

    /// Advances virtual time by `d`.
    pub fn advance(&mut self, d: SignedDuration) {
        let t = self.now.checked_add(d).unwrap_or(self.now);
        self.advance_to(t);
    }

    /// Turns one store write into controller work, as informer event handlers do.
    fn route(&mut self, ch: &Change) {
        if ch.key.kind == Kind::Event {
            return;
        }
        self.scheduler_cache.note(ch);
        for ctrl in controllers::interested(self, ch) {
            self.enqueue(ctrl.0, ctrl.1);
        }
    }

    /// Records an event about `obj`, aggregating repeats as the client-go EventCorrelator does
    /// (same source, object, type, reason and message: count goes up, lastTimestamp moves).
    pub fn record_event(
        &mut self,
        obj: &impl EventSubject,
        type_: &str,
        reason: &str,
        message: &str,
        source: Source,
    ) {
        let meta = obj.subject_meta();
        let kind = obj.subject_kind();
        let namespace = if kind.namespaced() {
            meta.namespace.clone().unwrap_or_default()
        } else {
            "default".to_string()
        };
        let involved = ObjectReference {
            api_version: Some(kind.info().api_version.to_string()),
            kind: Some(kind.info().kind.to_string()),
            name: meta.name.clone(),
            namespace: if kind.namespaced() {
                meta.namespace.clone()
            } else {
                None
            },
            uid: meta.uid.clone(),
            resource_version: meta.resource_version.clone(),
            field_path: None,
        };
        self.record_event_ref(&namespace, involved, type_, reason, message, source);
    }

    /// Records an event about an object reference (used when the object may be gone).
    pub fn record_event_ref(
        &mut self,
        namespace: &str,
        involved: ObjectReference,
        type_: &str,
        reason: &str,
        message: &str,
        source: Source,
    ) {
        let key = EventKey {
            namespace,
            involved_uid: involved.uid.as_deref().unwrap_or_default(),
            involved_name: involved.name.as_deref().unwrap_or_default(),
            kind: involved.kind.as_deref().unwrap_or_default(),
            type_,
            reason,
            message,
            component: source.component,
        };
        let hash = key.hash();
        let now = self.now_time();
        // The newest event of this key, if it is still there.
        let existing = self
            .event_index
            .range((hash, i128::MIN)..=(hash, i128::MAX))
            .rev()
            .map(|&(_, nanos)| key.event_name(nanos))
            .find(|name| {
                self.store
                    .get_typed::<Event>(namespace, name)
                    .is_some_and(|ev| key.matches(ev))
            });
        if let Some(name) = existing {
            self.store.update::<Event>(namespace, &name, |ev| {
                ev.count = Some(ev.count.unwrap_or(1) + 1);
                ev.last_timestamp = Some(now);
            });
            return;
        }
        // client-go names events `<object name>.<hex of unix nanoseconds>`.
        // Names taken at this instant continue from the last one used for the same object, so
        // a burst of events about one object (a StatefulSet creating 500 pods) does not probe
        // every earlier name again.
        let base = involved.name.clone().unwrap_or_default();
        if self.event_names.0 != self.now {
            self.event_names = (self.now, BTreeMap::new());
        }
        let slot = (namespace.to_string(), base.clone());
        let mut nanos = match self.event_names.1.get(&slot) {
            Some(last) => last + 1,
            None => self.now.as_nanosecond(),
        };
        let mut name = event_name(&base, nanos);
        while self
            .store
            .contains(&ObjKey::new(Kind::Event, namespace, &name))
        {
            nanos += 1;
            name = event_name(&base, nanos);
        }
        self.event_names.1.insert(slot, nanos);
        let uid = self.new_uid();
        let at = self.now;
        self.store.create_event(
            namespace,
            &name,
            &NewEvent {
                uid: &uid,
                created: at,
                first: at,
                last: at,
                count: 1,
                type_,
                reason,
                message,
                component: source.component,
                host: source.host.as_deref(),
                reporting_component: source.component,
                reporting_instance: source.host.as_deref().unwrap_or_default(),
                involved: &involved,
            },
        );
        // An event of this key that is gone (expired, deleted) leaves no entry behind.
        let store = &self.store;
        let gone: Vec<(u64, i128)> = self
            .event_index
            .range((hash, i128::MIN)..=(hash, i128::MAX))
            .filter(|(_, n)| {
                !store.contains(&ObjKey::new(Kind::Event, namespace, &event_name(&base, *n)))
            })
            .copied()
            .collect();
        for e in gone {
            self.event_index.remove(&e);
        }
        self.event_index.insert((hash, nanos));
    }

    /// Removes the events last seen an event TTL ago or longer, oldest first.
    fn expire_events(&mut self) {
        let Some(cutoff) = self.now.checked_sub(EVENT_TTL).ok() else {
            return;
        };
        while let Some((t, key)) = self.store.oldest_event()
            && t <= cutoff
        {
            if let Some(ev) = self.store.get_key(&key).and_then(Event::from_object) {
                // Its aggregation entry goes with it: the key's hash, and the name's suffix.
                let hash = EventKey::of(&key.namespace, ev).hash();
                if let Some(nanos) = event_name_nanos(&key.name) {
                    self.event_index.remove(&(hash, nanos));
                }
            }
            self.store.discard_event(&key);
        }
    }

    /// Pending changes are routed by `settle`; this lets the API layer know a write happened.
    pub fn has_pending_work(&self) -> bool {
        self.store.has_changes() || self.queues.values().any(|q| !q.order.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::testutil::{cluster, create};

    fn events_about(c: &Cluster, name: &str) -> Vec<Event> {
        c.store
            .list_typed::<Event>(Some("default"))
            .filter(|e| e.involved_object.name.as_deref() == Some(name))
            .cloned()
            .collect()
    }

    /// The default cluster with a ConfigMap `cfg` to record events about.
    fn cluster_with_config_map() -> (Cluster, Object) {
        let mut c = cluster();
        let cm = create(
            &mut c,
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg, namespace: default}\n",
        );
        (c, cm)
    }

    fn warn(c: &mut Cluster, cm: &Object, message: &str) {
        c.record_event(cm, "Warning", "Test", message, Source::component("tester"));
    }

    /// client-go's EventCorrelator: a repeat of the same event counts up and moves
    /// lastTimestamp; a different message is another event; an event untouched for the API
    /// server's event TTL (1h) is removed, and a repeat after that starts again at count 1.
    #[test]
    fn repeats_aggregate_and_events_expire_an_hour_after_their_last_repeat() {
        let (mut c, cm) = cluster_with_config_map();
        let start = c.now();
        warn(&mut c, &cm, "first");
        c.advance(SignedDuration::from_mins(50));
        warn(&mut c, &cm, "first");
        warn(&mut c, &cm, "second");
        let evs = events_about(&c, "cfg");
        assert_eq!(evs.len(), 2);
        let first = evs
            .iter()
            .find(|e| e.message.as_deref() == Some("first"))
            .expect("first event");
        assert_eq!(first.count, Some(2));
        assert_eq!(first.first_timestamp.as_ref().map(|t| t.0), Some(start));
        assert_eq!(first.last_timestamp.as_ref().map(|t| t.0), Some(c.now()));

        // 50 minutes after its last repeat the event is still there; 70 minutes after, gone.
        c.advance(SignedDuration::from_mins(50));
        assert_eq!(events_about(&c, "cfg").len(), 2);
        c.advance(SignedDuration::from_mins(20));
        assert!(events_about(&c, "cfg").is_empty());
        assert!(c.event_index.is_empty(), "expired events leave the index");

        warn(&mut c, &cm, "first");
        let evs = events_about(&c, "cfg");
        assert_eq!(evs.len(), 1);
        assert_eq!(evs[0].count, Some(1));
        assert_eq!(c.event_index.len(), 1);
    }

    /// An event deleted by hand is not counted up again: the next repeat is a new event.
    #[test]
    fn a_deleted_event_is_not_aggregated_into() {
        let (mut c, cm) = cluster_with_config_map();
        warn(&mut c, &cm, "once");
        let name = events_about(&c, "cfg")[0]
            .metadata
            .name
            .clone()
            .unwrap_or_default();
        c.store.remove(&ObjKey::new(Kind::Event, "default", &name));
        c.advance(SignedDuration::from_secs(1));
        warn(&mut c, &cm, "once");
        let evs = events_about(&c, "cfg");
        assert_eq!(evs.len(), 1);
        assert_eq!(evs[0].count, Some(1));
        assert_ne!(evs[0].metadata.name.as_deref(), Some(name.as_str()));
        assert_eq!(
            c.event_index.len(),
            1,
            "the deleted event's entry is pruned"
        );
    }
}
