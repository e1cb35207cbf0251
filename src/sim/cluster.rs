//! The simulated cluster: object store, virtual clock, agenda of timers, controller work queues and
//! event recorder, advanced as a discrete-event simulation.
//!
//! Nothing here reads the wall clock, spawns a thread or touches a file: the same seed and the same
//! calls give the same cluster, byte for byte. Time only moves in [`Cluster::advance_to`], which
//! jumps from one due timer to the next and lets every controller settle at each instant, so an
//! idle cluster costs nothing however long it sleeps.

use super::controllers::{self, Ctrl};
use super::event_correlator::{COMBINED_PREFIX, Decision, EventCorrelator, EventFields};
use super::event_record::{InvolvedRef, NewEvent};
use super::object::{Kind, Object, Typed};
use super::rng::{FxState, Rng};
use super::runtime::Runtime;
use super::store::{Change, ObjKey, Store};
use hashbrown::HashTable;
use jiff::{SignedDuration, Timestamp};
use k8s_openapi::api::core::v1::Event;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, Time};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap, VecDeque};

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

/// The timers: when each is due and, kept apart, what it wakes. A cluster of 100,000 pods holds
/// a timer for most of them, and a pop sifts through some 17 levels of the heap: its entries are
/// 32 bytes (when due, the order timers were set in, and a slot), so the heap of a 1,000-node
/// cluster (3 MB) stays in the cache where one of whole 104-byte timers (10 MB) did not. The
/// controller and key wait in their slot until the timer fires; freed slots are reused last
/// freed first.
#[derive(Clone, Debug, Default)]
struct Agenda {
    /// `(at, seq, slot)`: due at `at`; of timers due together, the one set first fires first.
    heap: BinaryHeap<Reverse<(Timestamp, u64, u32)>>,
    wakes: Vec<Option<(Ctrl, ObjKey)>>,
    free: Vec<u32>,
    /// Timers set so far (each timer's `seq`).
    set: u64,
}

impl Agenda {
    /// Sets a timer to wake `ctrl` for `key` at `at`.
    fn push(&mut self, at: Timestamp, ctrl: Ctrl, key: ObjKey) {
        self.set += 1;
        let slot = match self.free.pop() {
            Some(slot) => {
                self.wakes[slot as usize] = Some((ctrl, key));
                slot
            }
            None => {
                self.wakes.push(Some((ctrl, key)));
                (self.wakes.len() - 1) as u32
            }
        };
        self.heap.push(Reverse((at, self.set, slot)));
    }

    /// When the next timer is due.
    fn next_at(&self) -> Option<Timestamp> {
        self.heap.peek().map(|Reverse((at, _, _))| *at)
    }

    /// The next timer, taken off the agenda.
    fn pop(&mut self) -> Option<(Ctrl, ObjKey)> {
        let Reverse((_, _, slot)) = self.heap.pop()?;
        let wake = self.wakes.get_mut(slot as usize)?.take();
        self.free.push(slot);
        wake
    }
}

/// A controller's work queue: FIFO, each key at most once, as client-go's workqueue. A
/// kubelet's queue can hold every pod of the cluster at once, so which keys are queued is a
/// hash table of 16-byte entries (each key's place in the queue and its hash) rather than a
/// second copy of every 72-byte key; it is only looked up, so its hash order never shows.
#[derive(Clone, Debug, Default)]
struct Queue {
    order: VecDeque<ObjKey>,
    /// How many keys were ever taken out: the key queued as number `n` is at
    /// `order[n - popped]`.
    popped: u64,
    /// `(n, hash)` of every key in `order`.
    queued: HashTable<(u64, u64)>,
}

impl Queue {
    /// Queues `key` unless it is queued already; whether it was queued now.
    fn push(&mut self, key: ObjKey) -> bool {
        let hash = key.hash64();
        let (order, popped) = (&self.order, self.popped);
        let queued = self.queued.find(hash, |&(n, h)| {
            h == hash
                && n.checked_sub(popped)
                    .and_then(|at| usize::try_from(at).ok())
                    .and_then(|at| order.get(at))
                    .is_some_and(|k| *k == key)
        });
        if queued.is_some() {
            return false;
        }
        let n = self.popped + self.order.len() as u64;
        self.queued.insert_unique(hash, (n, hash), |&(_, h)| h);
        self.order.push_back(key);
        true
    }

    /// The next key, which may be queued again from now on.
    fn pop(&mut self) -> Option<ObjKey> {
        let k = self.order.pop_front()?;
        let n = self.popped;
        self.popped += 1;
        if let Ok(e) = self.queued.find_entry(k.hash64(), |&(m, _)| m == n) {
            e.remove();
        }
        Some(k)
    }
}

/// What makes two scheduler events the same (the key of the events.k8s.io recorder's cache, as
/// far as the simulator varies it).
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
    // `format!("{base}.{nanos:x}")` (a negative number in two's complement, as `{:x}` has it).
    let mut s = String::with_capacity(base.len() + 17);
    s.push_str(base);
    s.push('.');
    super::rng::push_hex(&mut s, nanos as u128, 0);
    s
}

/// The nanoseconds an event name made by [`event_name`] ends in.
fn event_name_nanos(name: &str) -> Option<i128> {
    let (_, hex) = name.rsplit_once('.')?;
    i128::from_str_radix(hex, 16).ok()
}

/// The namespace an event about `obj` goes in ("default" for a cluster-scoped object) and the
/// reference to it.
fn involved_ref(obj: &impl EventSubject) -> (&str, InvolvedRef<'_>) {
    let meta = obj.subject_meta();
    let kind = obj.subject_kind();
    let namespace = if kind.namespaced() {
        meta.namespace.as_deref().unwrap_or_default()
    } else {
        "default"
    };
    let involved = InvolvedRef {
        api_version: Some(kind.info().api_version),
        kind: Some(kind.info().kind),
        name: meta.name.as_deref(),
        namespace: if kind.namespaced() {
            meta.namespace.as_deref()
        } else {
            None
        },
        uid: meta.uid.as_deref(),
        resource_version: meta.resource_version.as_deref(),
        field_path: None,
    };
    (namespace, involved)
}

/// The nanoseconds a new event about `base` (in `namespace`) at `now` is named after
/// (`<object name>.<hex of unix nanoseconds>`, as client-go's `makeEvent` names events). Names
/// taken at this instant continue from the last one used for the same object, so a burst of
/// events about one object (a StatefulSet creating 500 pods) does not probe every earlier name
/// again.
fn new_event_name_nanos(
    store: &Store,
    names: &mut EventNames,
    now: Timestamp,
    namespace: &str,
    base: &str,
) -> i128 {
    if names.at != now {
        // The last suffix each object took is the highest it took at that instant.
        let highest = names.last.values().copied().max();
        names.before = names.before.max(highest.unwrap_or(i128::MIN));
        names.at = now;
        names.last.clear();
    }
    // The slot is a hash of namespace and name: two objects sharing one only start their
    // search further on, and the search below still finds a free name.
    let slot = super::rng::fnv1a64(
        namespace
            .bytes()
            .chain(std::iter::once(0xff))
            .chain(base.bytes()),
    );
    let mut nanos = match names.last.get(&slot) {
        Some(last) => last + 1,
        None => now.as_nanosecond(),
    };
    // This instant's names of this object are below `nanos` (it continues from the last), and
    // so are earlier instants' names if `nanos` is above every suffix they were given: then only
    // an event written whole (by a user) can hold the name, and unless there is one, the events
    // need not be searched.
    if nanos <= names.before || store.has_events_written_whole() {
        while store.contains_named(Kind::Event, namespace, &event_name(base, nanos)) {
            nanos += 1;
        }
    }
    names.last.insert(slot, nanos);
    nanos
}

/// What new event names are made from (see [`new_event_name_nanos`]).
#[derive(Clone, Debug)]
struct EventNames {
    /// The instant of the last event named.
    at: Timestamp,
    /// Per (namespace, object name) hash, the last name suffix (nanoseconds) used at `at`.
    last: HashMap<u64, i128, FxState>,
    /// The highest suffix given before the instant `at`: a higher one cannot be the name of
    /// an event the cluster made at an earlier instant.
    before: i128,
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
    agenda: Agenda,
    queues: BTreeMap<Ctrl, Queue>,
    /// The scheduler's recorded events by the hash of their key and the suffix of their name
    /// (`<involved object's name>.<hex nanoseconds>`, the name being part of the key): the
    /// events of one key are a range of this set, and no name or message is copied into it.
    event_index: BTreeSet<(u64, i128)>,
    /// The EventCorrelator of each client that records through client-go's `tools/record`, by
    /// source component, then host (`""` for none): one per kubelet and per controller. Hosts
    /// are hashed: every event a kubelet records finds its correlator among a thousand, and
    /// nothing reads them in order.
    correlators: BTreeMap<&'static str, hashbrown::HashMap<String, EventCorrelator, FxState>>,
    /// How the next event's name is found free.
    event_names: EventNames,
    /// Reconciles run so far (for tests and benchmarks).
    pub reconciles: u64,
    /// The scheduler's per-node summary of the pods each node runs (its NodeInfo cache).
    pub scheduler_cache: super::scheduler::NodeCache,
    /// What each ReplicaSet's status counted of its pods at its last sync, and the pods
    /// written since.
    pub replica_counts: controllers::replicaset::KeptCounts,
}

impl Cluster {
    /// An empty cluster (no nodes, no namespaces) at `start`, for tests that build their own.
    pub fn empty(seed: u64, start: Timestamp) -> Cluster {
        Cluster {
            store: Store::new(),
            runtime: Runtime::default(),
            now: start,
            rng: Rng::new(seed),
            agenda: Agenda::default(),
            queues: BTreeMap::new(),
            event_index: BTreeSet::new(),
            correlators: BTreeMap::new(),
            event_names: EventNames {
                at: start,
                last: HashMap::default(),
                before: i128::MIN,
            },
            reconciles: 0,
            scheduler_cache: Default::default(),
            replica_counts: Default::default(),
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
        q.push(key);
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
        self.agenda.push(at, ctrl, key);
    }

    /// When the next timer is due, if any.
    pub fn next_timer(&self) -> Option<Timestamp> {
        self.agenda.next_at()
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
        while let Some(at) = self.agenda.next_at() {
            if at > t {
                break;
            }
            if at > self.now {
                self.now = at;
                self.expire_events();
            }
            while self.agenda.next_at() == Some(at) {
                if let Some((ctrl, key)) = self.agenda.pop() {
                    self.enqueue(ctrl, key);
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
        self.scheduler_cache.note(ch, &self.store);
        self.replica_counts.note(ch);
        for ctrl in controllers::interested(self, ch) {
            self.enqueue(ctrl.0, ctrl.1);
        }
    }

    /// Records an event about `obj` as the recording component's client-go would: through the
    /// EventCorrelator (see [`super::event_correlator`]) for `tools/record` clients, or counting
    /// up exact repeats for the scheduler.
    pub fn record_event(
        &mut self,
        obj: &impl EventSubject,
        type_: &str,
        reason: &str,
        message: &str,
        source: Source,
    ) {
        let (namespace, involved) = involved_ref(obj);
        self.record_event_ref(namespace, involved, type_, reason, message, source);
    }

    /// Forgets the event correlator of a node's kubelet: a node added again under the same name
    /// runs a new kubelet, whose `StartRecordingToSink` makes a new correlator (client-go
    /// `tools/record/event.go`), and a removed node's caches are not kept.
    pub fn forget_kubelet_events(&mut self, node: &str) {
        if let Some(kubelets) = self.correlators.get_mut("kubelet") {
            kubelets.remove(node);
        }
    }

    /// Records a note of the simulator's own (the pod cap) in a component's name. It is not an
    /// event that component would write, so client-go's spam filter, which would drop it behind
    /// the pods the component just created, does not apply: it always shows, aggregated and
    /// counted as the component's events are.
    pub fn record_simulator_note(
        &mut self,
        obj: &impl EventSubject,
        type_: &str,
        reason: &str,
        message: &str,
        source: Source,
    ) {
        let (namespace, involved) = involved_ref(obj);
        let event = (type_, reason, message);
        self.record_correlated(namespace, involved, event, source, false);
    }

    /// Records an event about an object reference (used when the object may be gone).
    ///
    /// Every component but the scheduler records core/v1 events through client-go's
    /// `tools/record`, whose EventCorrelator aggregates, counts and rate-limits them on the
    /// client (`events_cache.go`); the write follows `recordEvent` (`event.go`): a repeat is a
    /// PATCH of the cached name, and a PATCH of an event that is gone creates it again with that
    /// name, count and first timestamp.
    pub fn record_event_ref(
        &mut self,
        namespace: &str,
        involved: InvolvedRef<'_>,
        type_: &str,
        reason: &str,
        message: &str,
        source: Source,
    ) {
        if source.component == super::scheduler::SCHEDULER_NAME {
            self.record_counting_repeats(namespace, involved, type_, reason, message, source);
            return;
        }
        let event = (type_, reason, message);
        self.record_correlated(namespace, involved, event, source, true);
    }

    /// Records through the component's EventCorrelator, with its spam filter or (for the
    /// simulator's notes) without.
    fn record_correlated(
        &mut self,
        namespace: &str,
        involved: InvolvedRef<'_>,
        (type_, reason, message): (&str, &str, &str),
        source: Source,
        spam_filter: bool,
    ) {
        let now = self.now;
        let host = source.host.as_deref().unwrap_or_default();
        let fields = EventFields {
            component: source.component,
            host,
            kind: involved.kind.unwrap_or_default(),
            namespace: involved.namespace.unwrap_or_default(),
            name: involved.name.unwrap_or_default(),
            uid: involved.uid.unwrap_or_default(),
            api_version: involved.api_version.unwrap_or_default(),
            field_path: involved.field_path.unwrap_or_default(),
            type_,
            reason,
            message,
        };
        let clients = self.correlators.entry(source.component).or_default();
        let correlator = clients.entry_ref(host).or_default();
        let store = &self.store;
        let names = &mut self.event_names;
        let decision = correlator.correlate_with(
            now,
            &fields,
            || new_event_name_nanos(store, names, now, namespace, fields.name),
            spam_filter,
        );
        let (write, patch) = match decision {
            Decision::Skip => return,
            Decision::Create(w) => (w, false),
            Decision::Patch(w) => (w, true),
        };
        let name = event_name(fields.name, write.name_nanos);
        let message: std::borrow::Cow<'_, str> = if write.combined {
            format!("{COMBINED_PREFIX}{message}").into()
        } else {
            message.into()
        };
        // The strategic merge patch eventObserve builds: count, lastTimestamp, message.
        if patch
            && self
                .store
                .repeat_event(namespace, &name, write.count, now, &message)
        {
            return;
        }
        // A new event, or a PATCH that found nothing: created with the name, count and first
        // timestamp the correlator gave.
        self.create_event(
            (namespace, &name),
            involved,
            (type_, reason, &message),
            &source,
            (write.count, write.first),
            write.combined,
        );
    }

    /// Stores a new event. The aggregator's combined event has no reporting controller or
    /// instance: `EventAggregate`'s copy of the event sets neither.
    fn create_event(
        &mut self,
        (namespace, name): (&str, &str),
        involved: InvolvedRef<'_>,
        (type_, reason, message): (&str, &str, &str),
        source: &Source,
        (count, first): (i32, Timestamp),
        combined: bool,
    ) {
        let uid = self.rng.uuid_bytes();
        let (reporting_component, reporting_instance) = if combined {
            ("", "")
        } else {
            (source.component, source.host.as_deref().unwrap_or_default())
        };
        self.store.create_event(
            namespace,
            name,
            &NewEvent {
                uid,
                created: self.now,
                first,
                last: self.now,
                count,
                type_,
                reason,
                message,
                component: source.component,
                host: source.host.as_deref(),
                reporting_component,
                reporting_instance,
                involved,
            },
        );
    }

    /// Records without client-go's EventCorrelator, as the scheduler does (it uses the
    /// events.k8s.io library, `client-go/tools/events`, which has neither the aggregator nor the
    /// spam filter of `tools/record`): an exact repeat of an event still stored counts it up;
    /// otherwise the event is new.
    fn record_counting_repeats(
        &mut self,
        namespace: &str,
        involved: InvolvedRef<'_>,
        type_: &str,
        reason: &str,
        message: &str,
        source: Source,
    ) {
        let key = EventKey {
            namespace,
            involved_uid: involved.uid.unwrap_or_default(),
            involved_name: involved.name.unwrap_or_default(),
            kind: involved.kind.unwrap_or_default(),
            type_,
            reason,
            message,
            component: source.component,
        };
        let hash = key.hash();
        // The newest event of this key, if it is still there, and its count.
        let existing = self
            .event_index
            .range((hash, i128::MIN)..=(hash, i128::MAX))
            .rev()
            .map(|&(_, nanos)| key.event_name(nanos))
            .find_map(|name| {
                let ev = self.store.get_typed::<Event>(namespace, &name)?;
                key.matches(ev).then(|| (ev.count.unwrap_or(1), name))
            });
        if let Some((count, name)) = existing {
            let count = count.saturating_add(1);
            self.store
                .repeat_event(namespace, &name, count, self.now, message);
            return;
        }
        let base = involved.name.unwrap_or_default();
        let nanos = new_event_name_nanos(
            &self.store,
            &mut self.event_names,
            self.now,
            namespace,
            base,
        );
        let name = event_name(base, nanos);
        self.create_event(
            (namespace, &name),
            involved,
            (type_, reason, message),
            &source,
            (1, self.now),
            false,
        );
        // An event of this key that is gone (expired, deleted) leaves no entry behind.
        let store = &self.store;
        let gone: Vec<(u64, i128)> = self
            .event_index
            .range((hash, i128::MIN)..=(hash, i128::MAX))
            .filter(|(_, n)| !store.contains_named(Kind::Event, namespace, &event_name(base, *n)))
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
            // Only the scheduler's events are read whole, for their index entry.
            if self.store.event_source_component(&key) == Some(super::scheduler::SCHEDULER_NAME)
                && let Some(ev) = self.store.get_key(&key).and_then(Event::from_object)
            {
                // Its entry goes with it: the key's hash, and the name's suffix. (The
                // EventCorrelators keep theirs, as client-go's caches do.)
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

    /// Each timer taken is the one due first, and of those due together the one set first,
    /// whatever slot its wake was kept in (slots are reused as timers fire): checked against a
    /// list of every timer set and not yet taken.
    #[test]
    fn the_agenda_fires_timers_by_due_time_then_by_setting_order() {
        let mut rng = Rng::new(3);
        let mut agenda = Agenda::default();
        // (due second, setting order, name) of every timer set and not taken.
        let mut pending: Vec<(i64, usize, String)> = Vec::new();
        let mut seq = 0;
        let mut taken = 0;
        for round in 0..60 {
            for i in 0..rng.below(30) {
                let at = rng.below(20) as i64;
                let name = format!("p-{round}-{i}");
                let due = Timestamp::from_second(at).unwrap_or_default();
                agenda.push(due, Ctrl::Kubelet, ObjKey::new(Kind::Pod, "default", &name));
                pending.push((at, seq, name));
                seq += 1;
            }
            let last_round = round == 59;
            for _ in 0..if last_round { u64::MAX } else { rng.below(25) } {
                let first = pending.iter().min().cloned();
                let at = agenda.next_at();
                let popped = agenda.pop();
                let Some(first) = first else {
                    assert!(at.is_none() && popped.is_none());
                    break;
                };
                assert_eq!(at.map(|t| t.as_second()), Some(first.0));
                let (ctrl, key) = popped.expect("a timer is set");
                assert_eq!(
                    (ctrl, key.name.to_string()),
                    (Ctrl::Kubelet, first.2.clone())
                );
                pending.retain(|t| *t != first);
                taken += 1;
            }
        }
        assert!(pending.is_empty() && taken > 500, "{taken} taken");
        assert!(agenda.wakes.iter().all(Option::is_none));
        assert!(agenda.wakes.len() < taken, "slots are reused");
    }

    fn events_about(c: &Cluster, name: &str) -> Vec<Event> {
        c.store
            .list_typed::<Event>(Some("default"))
            .filter(|e| e.involved_object.name.as_deref() == Some(name))
            .cloned()
            .collect()
    }

    /// The work queue holds each key once, in the order first queued, and a key taken out may
    /// be queued again: 20,000 mixed pushes and pops agree with a list and a set, with long
    /// names (kept apart from the key) among the short ones.
    #[test]
    fn work_queues_hold_each_key_once_in_order() {
        let mut q = Queue::default();
        let mut model: (VecDeque<ObjKey>, std::collections::HashSet<ObjKey>) = Default::default();
        let mut rng = Rng::new(3);
        for step in 0..20_000 {
            if rng.below(5) < 3 {
                let name = format!("{}-{}", "p".repeat(rng.below(40) as usize), rng.below(200));
                let key = ObjKey::new(Kind::Pod, "default", &name);
                let fresh = model.1.insert(key.clone());
                if fresh {
                    model.0.push_back(key.clone());
                }
                assert_eq!(q.push(key), fresh, "step {step}");
            } else {
                let want = model.0.pop_front();
                if let Some(k) = &want {
                    model.1.remove(k);
                }
                assert_eq!(q.pop(), want, "step {step}");
            }
            assert_eq!(q.order.len(), model.0.len());
            assert_eq!(q.queued.len(), model.1.len());
        }
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

    fn find<'a>(evs: &'a [Event], message: &str) -> &'a Event {
        evs.iter()
            .find(|e| e.message.as_deref() == Some(message))
            .unwrap_or_else(|| panic!("no event {message:?} in {evs:#?}"))
    }

    fn name_of(e: &Event) -> String {
        e.metadata.name.clone().unwrap_or_default()
    }

    /// client-go's `makeEvent` names an event `<object>.<hex unix nanoseconds>`; the API server
    /// refuses a second object of one name. Events made in one instant about one object take
    /// the next free nanosecond, and an event a user created under the name the next one would
    /// take is neither overwritten nor shadowed: the new event takes the nanosecond after it.
    #[test]
    fn new_event_names_never_take_a_stored_name() {
        let (mut c, cm) = cluster_with_config_map();
        for i in 0..3 {
            warn(&mut c, &cm, &format!("burst {i}"));
        }
        let evs = events_about(&c, "cfg");
        let mut names: Vec<String> = evs.iter().map(name_of).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), 3, "{names:?}");
        // One nanosecond later, the burst's names are still taken: the next is after them.
        let burst_start = c.now().as_nanosecond();
        c.advance(SignedDuration::from_nanos(1));
        warn(&mut c, &cm, "a nanosecond later");
        let evs = events_about(&c, "cfg");
        let later = find(&evs, "a nanosecond later");
        assert_eq!(name_of(later), event_name("cfg", burst_start + 3));

        c.advance(SignedDuration::from_secs(1));
        let taken = event_name("cfg", c.now().as_nanosecond());
        create(
            &mut c,
            &format!(
                "apiVersion: v1\nkind: Event\nmetadata: {{name: {taken}, namespace: default}}\n\
                 involvedObject: {{kind: ConfigMap, name: cfg, namespace: default}}\n\
                 reason: ByHand\nmessage: mine\n"
            ),
        );
        warn(&mut c, &cm, "after");
        let evs = events_about(&c, "cfg");
        let mine = find(&evs, "mine");
        assert_eq!(name_of(mine), taken);
        assert_eq!(mine.reason.as_deref(), Some("ByHand"));
        let after = find(&evs, "after");
        assert_eq!(
            name_of(after),
            event_name("cfg", c.now().as_nanosecond() + 1)
        );
    }

    /// events_cache.go `eventObserve`: a repeat of the same event counts up and moves
    /// lastTimestamp; a different message is another event. An event untouched for the API
    /// server's event TTL (1h) is removed, but the client's cache still holds it, so its next
    /// repeat is a PATCH that finds nothing and, as event.go `recordEvent` does, creates it again
    /// under the same name with the next count and the first timestamp of long ago.
    #[test]
    fn events_cache_go_repeats_count_up_and_survive_the_event_ttl() {
        let (mut c, cm) = cluster_with_config_map();
        let start = c.now();
        warn(&mut c, &cm, "first");
        c.advance(SignedDuration::from_mins(50));
        warn(&mut c, &cm, "first");
        warn(&mut c, &cm, "second");
        let evs = events_about(&c, "cfg");
        assert_eq!(evs.len(), 2);
        let first = find(&evs, "first");
        let first_name = name_of(first);
        assert_eq!(first.count, Some(2));
        assert_eq!(first.first_timestamp.as_ref().map(|t| t.0), Some(start));
        assert_eq!(first.last_timestamp.as_ref().map(|t| t.0), Some(c.now()));

        // 50 minutes after its last repeat the event is still there; 70 minutes after, gone.
        c.advance(SignedDuration::from_mins(50));
        assert_eq!(events_about(&c, "cfg").len(), 2);
        c.advance(SignedDuration::from_mins(20));
        assert!(events_about(&c, "cfg").is_empty());

        warn(&mut c, &cm, "first");
        let evs = events_about(&c, "cfg");
        assert_eq!(evs.len(), 1);
        assert_eq!(name_of(&evs[0]), first_name);
        assert_eq!(evs[0].count, Some(3));
        assert_eq!(evs[0].first_timestamp.as_ref().map(|t| t.0), Some(start));
        assert_eq!(evs[0].last_timestamp.as_ref().map(|t| t.0), Some(c.now()));
    }

    /// event.go `recordEvent`: an event deleted by hand is re-created by its next repeat, under
    /// the same name, with a higher count and its first timestamp.
    #[test]
    fn event_go_recreates_a_deleted_event_with_its_name_and_next_count() {
        let (mut c, cm) = cluster_with_config_map();
        let start = c.now();
        warn(&mut c, &cm, "once");
        warn(&mut c, &cm, "once");
        let name = name_of(&events_about(&c, "cfg")[0]);
        c.store.remove(&ObjKey::new(Kind::Event, "default", &name));
        c.advance(SignedDuration::from_secs(1));
        warn(&mut c, &cm, "once");
        let evs = events_about(&c, "cfg");
        assert_eq!(evs.len(), 1);
        assert_eq!(name_of(&evs[0]), name);
        assert_eq!(evs[0].count, Some(3));
        assert_eq!(evs[0].first_timestamp.as_ref().map(|t| t.0), Some(start));
        assert_eq!(
            evs[0].metadata.creation_timestamp.as_ref().map(|t| t.0),
            Some(c.now())
        );
    }

    /// events_cache.go `EventAggregate`: nine similar events (same source, object, type,
    /// reason) with distinct messages are stored as they are; from the tenth on they count up
    /// one `(combined from similar events): ...` event whose message follows the latest and
    /// which has no reporting controller (the aggregator's copy sets none).
    #[test]
    fn events_cache_go_combines_from_the_tenth_similar_event() {
        let (mut c, cm) = cluster_with_config_map();
        for i in 0..9 {
            warn(&mut c, &cm, &format!("m{i}"));
            c.advance(SignedDuration::from_secs(10));
        }
        let combined_at = c.now();
        for i in 9..13 {
            warn(&mut c, &cm, &format!("m{i}"));
            c.advance(SignedDuration::from_secs(10));
        }
        let evs = events_about(&c, "cfg");
        assert_eq!(evs.len(), 10, "{evs:#?}");
        for i in 0..9 {
            assert_eq!(find(&evs, &format!("m{i}")).count, Some(1));
        }
        let combined = find(&evs, "(combined from similar events): m12");
        assert_eq!(combined.count, Some(4));
        assert_eq!(
            combined.first_timestamp.as_ref().map(|t| t.0),
            Some(combined_at)
        );
        assert_eq!(combined.reason.as_deref(), Some("Test"));
        assert_eq!(combined.reporting_component.as_deref(), Some(""));
        let source = combined
            .source
            .as_ref()
            .and_then(|s| s.component.as_deref());
        assert_eq!(source, Some("tester"));
    }

    /// events_cache.go `EventSourceObjectSpamFilter`: a source writes at most 25 events about
    /// one object at once, then one every 300 s; the skipped ones still count, so the next
    /// write of a repeat carries them all.
    #[test]
    fn events_cache_go_spam_filter_lets_25_through_then_one_per_5_minutes() {
        let (mut c, cm) = cluster_with_config_map();
        for i in 0..5 {
            warn(&mut c, &cm, &format!("m{i}"));
        }
        for _ in 0..20 {
            warn(&mut c, &cm, "again");
        }
        // 25 written; these are counted but not written.
        for _ in 0..5 {
            warn(&mut c, &cm, "again");
        }
        warn(&mut c, &cm, "new");
        let evs = events_about(&c, "cfg");
        assert_eq!(evs.len(), 6);
        assert_eq!(find(&evs, "again").count, Some(20));
        c.advance(SignedDuration::from_secs(299));
        warn(&mut c, &cm, "again");
        assert_eq!(find(&events_about(&c, "cfg"), "again").count, Some(20));
        c.advance(SignedDuration::from_secs(1));
        warn(&mut c, &cm, "again");
        assert_eq!(find(&events_about(&c, "cfg"), "again").count, Some(27));
        // "new" was skipped; written 300 s later, it keeps its first name and count.
        c.advance(SignedDuration::from_secs(300));
        warn(&mut c, &cm, "new");
        let evs = events_about(&c, "cfg");
        assert_eq!(evs.len(), 7);
        let new = find(&evs, "new");
        assert_eq!(new.count, Some(2));
        assert_eq!(
            new.first_timestamp.as_ref().map(|t| t.0),
            c.now().checked_sub(SignedDuration::from_secs(600)).ok()
        );
        // Another source's bucket is its own.
        c.record_event(&cm, "Normal", "Other", "x", Source::component("other"));
        assert_eq!(events_about(&c, "cfg").len(), 8);
    }

    /// The scheduler records through events.k8s.io (`client-go/tools/events`), with no
    /// aggregator or spam filter: 30 distinct messages are 30 events, and exact repeats count
    /// up.
    #[test]
    fn scheduler_events_are_neither_combined_nor_filtered() {
        let (mut c, cm) = cluster_with_config_map();
        let sched = || Source::component(crate::sim::scheduler::SCHEDULER_NAME);
        for i in 0..30 {
            c.record_event(
                &cm,
                "Warning",
                "FailedScheduling",
                &format!("m{i}"),
                sched(),
            );
        }
        for _ in 0..30 {
            c.record_event(&cm, "Warning", "FailedScheduling", "m0", sched());
        }
        let evs = events_about(&c, "cfg");
        assert_eq!(evs.len(), 30);
        assert!(evs.iter().all(|e| {
            !e.message
                .as_deref()
                .unwrap_or_default()
                .starts_with(COMBINED_PREFIX)
        }));
        assert_eq!(find(&evs, "m0").count, Some(31));
    }

    /// The correlators stay small: a kubelet remembers about four writes a pod in its logger
    /// (Pulling, Pulled, Created, Started), and after a quiet hour its next event finds every
    /// aggregate record stale and every token bucket full, so those caches drop to one entry.
    #[test]
    fn correlator_caches_stay_bounded_and_drop_stale_records() {
        let mut c = cluster();
        create(
            &mut c,
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: default}\nspec:\n  replicas: 90\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: nginx}]}\n",
        );
        c.advance(SignedDuration::from_mins(2));
        let kubelets = &c.correlators["kubelet"];
        let logger: usize = kubelets.values().map(|k| k.cache_sizes()[1]).sum();
        assert!((90 * 3..=90 * 6).contains(&logger), "{logger}");
        c.advance(SignedDuration::from_hours(1));
        let cm = create(
            &mut c,
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg, namespace: default}\n",
        );
        c.record_event(&cm, "Normal", "R", "m", Source::kubelet("worker-1"));
        let [aggregates, _, buckets] = c.correlators["kubelet"]["worker-1"].cache_sizes();
        assert_eq!((aggregates, buckets), (1, 1));
    }

    /// A node removed and added again under its name runs a new kubelet with a new correlator
    /// (client-go `tools/record/event.go`: `StartRecordingToSink`): the old one's spent spam
    /// budget does not silence it.
    #[test]
    fn a_node_added_again_has_a_fresh_kubelet_correlator() {
        let (mut c, cm) = cluster_with_config_map();
        for i in 0..30 {
            let msg = format!("m{i}");
            c.record_event(&cm, "Normal", "R", &msg, Source::kubelet("worker-1"));
        }
        let written = events_about(&c, "cfg").len();
        c.record_event(&cm, "Normal", "Other", "x", Source::kubelet("worker-1"));
        assert_eq!(
            events_about(&c, "cfg").len(),
            written,
            "budget spent: dropped"
        );
        assert!(c.remove_node("worker-1").is_ok());
        assert!(!c.correlators["kubelet"].contains_key("worker-1"));
        c.record_event(&cm, "Normal", "Other", "x", Source::kubelet("worker-1"));
        assert_eq!(events_about(&c, "cfg").len(), written + 1);
    }

    /// Each kubelet is its own client: the same event about the same object from two nodes is
    /// two events, each with its own spam bucket.
    #[test]
    fn each_kubelet_has_its_own_correlator() {
        let (mut c, cm) = cluster_with_config_map();
        for _ in 0..30 {
            c.record_event(&cm, "Normal", "R", "m", Source::kubelet("worker-1"));
            c.record_event(&cm, "Normal", "R", "m", Source::kubelet("worker-2"));
        }
        let evs = events_about(&c, "cfg");
        assert_eq!(evs.len(), 2);
        assert!(evs.iter().all(|e| e.count == Some(25)));
    }
}
