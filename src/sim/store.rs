//! The object store: what etcd and the API server's storage layer are to a real cluster.
//!
//! Objects are kept by kind, namespace and name in a sorted map, so every listing comes out in the
//! order the API server returns it (by namespace, then name) and iteration is deterministic.
//! Every write bumps a resourceVersion and is recorded as a [`Change`] that the cluster turns
//! into controller work, the way informers turn watch events into work-queue items.

use super::event_record::{EventRecord, NewEvent, Symbols};
use super::event_table::{EventName, EventTable};
use super::object::{Kind, Object, Typed};
use super::object_map::ObjectMap;
use super::pod::{Pod, SharedParts};
use super::pod_status::PodStatus;
use jiff::Timestamp;
use k8s_openapi::api::core::v1::Event;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::OwnerReference;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex, OnceLock};

/// A name or namespace in a key, held inline when short (a pod's name usually is). Keys are
/// compared on every step down the store's maps and indexes, and the queues' and the
/// scheduler's: inline, a comparison reads the tree node it is already in, where a `String`
/// would send it to another cache line for each key it passes. A longer one (an event's name:
/// its object's name and 17 more characters) is shared between its copies.
#[derive(Clone)]
pub struct KeyStr(KeyRepr);

#[derive(Clone)]
enum KeyRepr {
    Inline {
        len: u8,
        bytes: [u8; KeyStr::INLINE],
    },
    Heap(std::sync::Arc<str>),
}

impl KeyStr {
    /// Longest string kept inline.
    const INLINE: usize = 30;

    /// The bytes of the string: comparisons use them, with no UTF-8 check (byte order is the
    /// order of the strings).
    pub(crate) fn as_bytes(&self) -> &[u8] {
        match &self.0 {
            KeyRepr::Inline { len, bytes } => &bytes[..usize::from(*len)],
            KeyRepr::Heap(s) => s.as_bytes(),
        }
    }

    /// The string.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            KeyRepr::Inline { len, bytes } => {
                // The bytes were copied from a `&str` up to a char boundary (the whole string).
                std::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or_default()
            }
            KeyRepr::Heap(s) => s,
        }
    }
}

impl From<&str> for KeyStr {
    fn from(s: &str) -> KeyStr {
        if s.len() <= KeyStr::INLINE {
            let mut bytes = [0u8; KeyStr::INLINE];
            bytes[..s.len()].copy_from_slice(s.as_bytes());
            KeyStr(KeyRepr::Inline {
                len: s.len() as u8,
                bytes,
            })
        } else {
            KeyStr(KeyRepr::Heap(s.into()))
        }
    }
}

impl From<String> for KeyStr {
    fn from(s: String) -> KeyStr {
        KeyStr::from(s.as_str())
    }
}

impl From<&String> for KeyStr {
    fn from(s: &String) -> KeyStr {
        KeyStr::from(s.as_str())
    }
}

impl std::ops::Deref for KeyStr {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for KeyStr {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Display for KeyStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Debug for KeyStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl KeyStr {
    /// The 8 inline bytes from `at`, big-endian: two inline strings compare in at most four
    /// integer comparisons instead of a call to `memcmp`. (A fixed-length copy is one load.)
    fn word(bytes: &[u8; KeyStr::INLINE], at: usize) -> u64 {
        let mut w = [0u8; 8];
        w.copy_from_slice(&bytes[at..at + 8]);
        u64::from_be_bytes(w)
    }

    /// The last inline bytes (after three whole words), big-endian and padded with zeros.
    fn last_word(bytes: &[u8; KeyStr::INLINE]) -> u64 {
        const REST: usize = KeyStr::INLINE - 24;
        let mut w = [0u8; 8];
        w[..REST].copy_from_slice(&bytes[24..]);
        u64::from_be_bytes(w)
    }

    /// Compares two inline strings' padded bytes, a word at a time; equal bytes (the common
    /// case of a namespace) are found in one comparison of the arrays.
    fn cmp_inline(x: &[u8; KeyStr::INLINE], y: &[u8; KeyStr::INLINE]) -> std::cmp::Ordering {
        if x == y {
            return std::cmp::Ordering::Equal;
        }
        for at in [0, 8, 16] {
            let (a, b) = (KeyStr::word(x, at), KeyStr::word(y, at));
            if a != b {
                return a.cmp(&b);
            }
        }
        KeyStr::last_word(x).cmp(&KeyStr::last_word(y))
    }
}

impl PartialEq for KeyStr {
    fn eq(&self, other: &KeyStr) -> bool {
        match (&self.0, &other.0) {
            (KeyRepr::Inline { len: a, bytes: x }, KeyRepr::Inline { len: b, bytes: y }) => {
                a == b && x == y
            }
            _ => self.as_bytes() == other.as_bytes(),
        }
    }
}

impl Eq for KeyStr {}

impl PartialOrd for KeyStr {
    fn partial_cmp(&self, other: &KeyStr) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// The order of the strings, as `String`'s. Two inline strings compare as their zero-padded
/// bytes, then by length: where the padded bytes first differ, either both strings have a byte
/// there or the shorter one has ended and is a prefix of the other, so it sorts first either way;
/// padded bytes that are all equal leave the prefix case, which the length settles.
impl Ord for KeyStr {
    fn cmp(&self, other: &KeyStr) -> std::cmp::Ordering {
        match (&self.0, &other.0) {
            (KeyRepr::Inline { len: a, bytes: x }, KeyRepr::Inline { len: b, bytes: y }) => {
                KeyStr::cmp_inline(x, y).then(a.cmp(b))
            }
            _ => self.as_bytes().cmp(other.as_bytes()),
        }
    }
}

/// Hashes the bytes (not as `str` does): `KeyStr` is never borrowed as a `str` in a map, so
/// nothing needs the two hashes to agree.
impl std::hash::Hash for KeyStr {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.as_bytes().hash(h);
    }
}

crate::sim::word::str_comparisons!(KeyStr);

impl Default for KeyStr {
    fn default() -> KeyStr {
        KeyStr::from("")
    }
}

/// Where an object lives: kind, namespace ("" when cluster-scoped) and name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObjKey {
    /// The object's kind.
    pub kind: Kind,
    /// The namespace, "" for cluster-scoped kinds.
    pub namespace: KeyStr,
    /// The object's name.
    pub name: KeyStr,
}

impl ObjKey {
    /// A key for a namespaced or cluster-scoped object.
    pub fn new(kind: Kind, namespace: &str, name: &str) -> ObjKey {
        let namespace = if kind.namespaced() { namespace } else { "" };
        ObjKey {
            kind,
            namespace: KeyStr::from(namespace),
            name: KeyStr::from(name),
        }
    }

    /// The key of a stored object.
    pub fn of(o: &Object) -> ObjKey {
        ObjKey::new(o.kind(), o.namespace(), o.name())
    }

    /// A 64-bit hash of the key, for the hash tables that find keys by it.
    pub(crate) fn hash64(&self) -> u64 {
        super::object_map::key_hash(self.kind, self.namespace.as_bytes(), self.name.as_bytes())
    }
}

/// What happened to an object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeOp {
    /// Created.
    Added,
    /// Updated in place.
    Modified,
    /// Removed from the store.
    Deleted,
}

/// An owner reference as routing reads it: which owner, not the whole reference (a write of
/// a pod would otherwise copy its references' four strings each, every time).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangeOwner {
    /// `apiVersion`.
    pub api_version: KeyStr,
    /// `kind`.
    pub kind: KeyStr,
    /// `name`.
    pub name: KeyStr,
    /// [`uid_hash`] of `uid`: a cache kept by owner uid finds its owner without the uid's
    /// 36 bytes copied into every change.
    pub uid_hash: u64,
}

impl ChangeOwner {
    fn of(r: &OwnerReference) -> ChangeOwner {
        ChangeOwner {
            api_version: KeyStr::from(r.api_version.as_str()),
            kind: KeyStr::from(r.kind.as_str()),
            name: KeyStr::from(r.name.as_str()),
            uid_hash: uid_hash(&r.uid),
        }
    }
}

/// A 64-bit hash of an owner's uid (FxHash). Equal uids hash alike; a cache that keys by it
/// still compares the uid itself.
pub fn uid_hash(uid: &str) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = super::rng::FxState::default().build_hasher();
    h.write(uid.as_bytes());
    h.finish()
}

/// One write, as a watch event: enough to route it to the controllers that care.
#[derive(Clone, Debug)]
pub struct Change {
    /// The object written.
    pub key: ObjKey,
    /// What happened.
    pub op: ChangeOp,
    /// The object's uid (owners are found by uid).
    pub uid: String,
    /// Owners before and after the write (so both old and new owners hear of it).
    pub owners: Vec<ChangeOwner>,
    /// For pods: the node it is bound to, before or after.
    pub node: Option<String>,
    /// Whether the write was of the status alone (the status subresource): the owners, spec
    /// and metadata are as they were.
    pub status_only: bool,
    /// Whether the object was created or its labels changed: an orphan is worth a look by the
    /// controllers that might adopt it only after such a write (or a change of owners).
    pub labels_changed: bool,
}

/// The store itself.
#[derive(Clone, Debug, Default)]
pub struct Store {
    /// Objects, one map a kind (in [`Kind`] order, so walking them in turn is store order): a
    /// node or a ReplicaSet is found among its own kind, not among 100,000 pods.
    objects: [ObjectMap; Kind::ALL.len()],
    /// Events, kept apart from the other objects and compactly (see [`EventRecord`]): a cluster
    /// of 100,000 pods holds half a million of them, found by name and ordered by time
    /// ([`EventTable`]).
    events: EventTable<EventSlot>,
    /// The words events repeat, interned once.
    symbols: Symbols,
    /// Events read whole since the last write, whose whole copies are let go at the next write.
    materialised: Materialised,
    resource_version: u64,
    changes: Vec<Change>,
    /// Every write with the object as written, while a client watch (`kubectl get -w`) runs.
    recorder: Option<Vec<(ChangeOp, Object)>>,
    /// Whether an event was ever written whole (`put`, as a user's `kubectl create` of one
    /// does) rather than reported by a component, whose names the cluster chose itself.
    events_written_whole: bool,
    index: Indexes,
    /// The pod parts each controller's pods share.
    pod_parts: SharedParts,
}

/// A stored event: a compact record (with the whole event once it has been read, until the next
/// write), or, for an event a record cannot hold, the whole event.
#[derive(Debug)]
struct EventSlot {
    stored: StoredEvent,
    /// Boxed: most events are never read whole, and an empty box costs 8 bytes less.
    read: OnceLock<Box<Object>>,
}

/// A copy of the store reads its events whole again when it needs them.
impl Clone for EventSlot {
    fn clone(&self) -> EventSlot {
        EventSlot {
            stored: self.stored.clone(),
            read: OnceLock::new(),
        }
    }
}

/// Records are the common case: boxing them to even the variants out would cost an allocation
/// per event to save space only on the rare whole one.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug)]
enum StoredEvent {
    Record(EventRecord),
    Whole(Object),
}

impl EventSlot {
    /// What the event contributes to the indexes: a record nothing (it has no owners), a whole
    /// event its owner references, if a user gave it any.
    fn entry(&self) -> Option<OwnedEntry> {
        match &self.stored {
            StoredEvent::Record(_) => None,
            StoredEvent::Whole(o) => Some(OwnedEntry::of(o)),
        }
    }

    /// When the event was last seen ([`event_time`]), for the time index.
    fn time(&self) -> Timestamp {
        match &self.stored {
            StoredEvent::Record(r) => r.time(),
            StoredEvent::Whole(o) => {
                Event::from_object(o).map_or(Timestamp::UNIX_EPOCH, event_time)
            }
        }
    }

    /// Whether the event (at `key_name`) is about an object named `name`.
    fn involves_name(&self, key_name: &str, name: &str) -> bool {
        match &self.stored {
            StoredEvent::Record(r) => r.involves_name(key_name, name),
            StoredEvent::Whole(o) => Event::from_object(o)
                .is_some_and(|e| e.involved_object.name.as_deref() == Some(name)),
        }
    }
}

/// The keys of events read whole through `&self`, so the next write (`&mut self`) can let the
/// whole copies go: readers get references, and the borrow checker guarantees none is left by
/// then.
#[derive(Debug, Default)]
struct Materialised(Mutex<Vec<ObjKey>>);

/// A copy of the store starts with no whole copies (see [`EventSlot`]'s `Clone`).
impl Clone for Materialised {
    fn clone(&self) -> Materialised {
        Materialised::default()
    }
}

/// One of two iterators: a listing of events or of other objects.
enum Either<A, B> {
    Left(A),
    Right(B),
}

impl<T, A: Iterator<Item = T>, B: Iterator<Item = T>> Iterator for Either<A, B> {
    type Item = T;
    fn next(&mut self) -> Option<T> {
        match self {
            Either::Left(a) => a.next(),
            Either::Right(b) => b.next(),
        }
    }
}

/// Secondary indexes over the stored objects, kept in step with every write, as the indexers of
/// client-go's shared informers are: controllers look up their pods by owner, the scheduler and
/// kubelets by node, so no lookup scans the whole store. Each set keeps store order (kind,
/// namespace, name), so results come out exactly as a filtered listing would.
#[derive(Clone, Debug, Default)]
struct Indexes {
    /// Objects by the uid of every owner they reference but their controller (those are in
    /// `by_controller`: most objects' one owner is their controller, and a second set of
    /// 100,000 pod keys would repeat the first).
    by_owner: BTreeMap<String, BTreeSet<ObjKey>>,
    /// Objects by the uid of their controller (the owner reference with `controller: true`).
    by_controller: BTreeMap<String, BTreeSet<ObjKey>>,
    /// Objects without a controller, except Events (nothing adopts those).
    orphans: BTreeSet<ObjKey>,
    /// Pods by the node they are bound to.
    pods_by_node: BTreeMap<String, BTreeSet<ObjKey>>,
    /// Pods not bound to a node and not being deleted: the scheduler's queue.
    unscheduled: BTreeSet<ObjKey>,
}

/// When an event was last seen, for ordering and expiry: its `lastTimestamp` (or
/// `firstTimestamp`, or `eventTime`), but never before it was created, so an event written with
/// timestamps from the past still lives an hour from its creation, as the API server's TTL counts.
pub fn event_time(e: &Event) -> Timestamp {
    let seen = e
        .last_timestamp
        .as_ref()
        .or(e.first_timestamp.as_ref())
        .map(|t| t.0)
        .or(e.event_time.as_ref().map(|t| t.0));
    let created = e.metadata.creation_timestamp.as_ref().map(|t| t.0);
    seen.max(created).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// What an object contributes to the indexes.
struct IndexEntry<'a> {
    owners: Vec<&'a str>,
    controller: Option<&'a str>,
    node: Option<&'a str>,
    unscheduled: bool,
}

impl<'a> IndexEntry<'a> {
    /// A pod's node, and whether it waits for one (unbound and not being deleted).
    fn of_node(o: &'a Object) -> (Option<&'a str>, bool) {
        match o {
            Object::Pod(p) => {
                let node = p.spec.as_ref().and_then(|s| s.node_name.as_deref());
                (
                    node,
                    node.is_none() && p.metadata.deletion_timestamp.is_none(),
                )
            }
            _ => (None, false),
        }
    }

    fn of(o: &'a Object) -> IndexEntry<'a> {
        let refs = o.meta().owner_references.as_deref().unwrap_or(&[]);
        let (node, unscheduled) = IndexEntry::of_node(o);
        IndexEntry {
            owners: refs.iter().map(|r| r.uid.as_str()).collect(),
            controller: refs
                .iter()
                .find(|r| r.controller == Some(true))
                .map(|r| r.uid.as_str()),
            node,
            unscheduled,
        }
    }

    fn same(&self, other: &IndexEntry<'_>) -> bool {
        self.owners == other.owners
            && self.controller == other.controller
            && self.node == other.node
            && self.unscheduled == other.unscheduled
    }
}

/// An [`IndexEntry`] that does not borrow the object, so the object can change in place while
/// the entry it had is still known.
struct OwnedEntry {
    owners: Vec<String>,
    controller: Option<String>,
    node: Option<String>,
    unscheduled: bool,
}

impl OwnedEntry {
    fn of(o: &Object) -> OwnedEntry {
        let e = IndexEntry::of(o);
        OwnedEntry {
            owners: e.owners.iter().map(|u| u.to_string()).collect(),
            controller: e.controller.map(str::to_string),
            node: e.node.map(str::to_string),
            unscheduled: e.unscheduled,
        }
    }

    fn borrow(&self) -> IndexEntry<'_> {
        IndexEntry {
            owners: self.owners.iter().map(String::as_str).collect(),
            controller: self.controller.as_deref(),
            node: self.node.as_deref(),
            unscheduled: self.unscheduled,
        }
    }
}

fn set_remove(map: &mut BTreeMap<String, BTreeSet<ObjKey>>, at: &str, key: &ObjKey) {
    if let Some(set) = map.get_mut(at) {
        set.remove(key);
        if set.is_empty() {
            map.remove(at);
        }
    }
}

impl Indexes {
    /// Moves a pod's node entries: from its node (and whether it waited for one) before a
    /// binding to those after.
    fn move_node(
        &mut self,
        key: &ObjKey,
        (old, old_waits): (Option<&str>, bool),
        (new, new_waits): (Option<&str>, bool),
    ) {
        if old != new {
            if let Some(n) = old {
                set_remove(&mut self.pods_by_node, n, key);
            }
            if let Some(n) = new {
                self.pods_by_node
                    .entry(n.to_string())
                    .or_default()
                    .insert(key.clone());
            }
        }
        if old_waits != new_waits {
            if new_waits {
                self.unscheduled.insert(key.clone());
            } else {
                self.unscheduled.remove(key);
            }
        }
    }

    fn remove(&mut self, key: &ObjKey, e: &IndexEntry<'_>) {
        for u in e.owners.iter().filter(|u| Some(**u) != e.controller) {
            set_remove(&mut self.by_owner, u, key);
        }
        match e.controller {
            Some(u) => set_remove(&mut self.by_controller, u, key),
            None => {
                self.orphans.remove(key);
            }
        }
        if let Some(n) = e.node {
            set_remove(&mut self.pods_by_node, n, key);
        }
        if e.unscheduled {
            self.unscheduled.remove(key);
        }
    }

    fn insert(&mut self, key: &ObjKey, e: &IndexEntry<'_>) {
        for u in e.owners.iter().filter(|u| Some(**u) != e.controller) {
            self.by_owner
                .entry(u.to_string())
                .or_default()
                .insert(key.clone());
        }
        match e.controller {
            Some(u) => {
                self.by_controller
                    .entry(u.to_string())
                    .or_default()
                    .insert(key.clone());
            }
            None if key.kind != Kind::Event => {
                self.orphans.insert(key.clone());
            }
            None => {}
        }
        if let Some(n) = e.node {
            self.pods_by_node
                .entry(n.to_string())
                .or_default()
                .insert(key.clone());
        }
        if e.unscheduled {
            self.unscheduled.insert(key.clone());
        }
    }
}

/// Where the event at `key` is stored, as the events table names it.
fn event_name(key: &ObjKey) -> EventName<'_> {
    EventName {
        namespace: &key.namespace,
        name: &key.name,
    }
}

/// What a write in place may change (see [`Store::write_in_place`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum WriteScope {
    /// Anything: metadata, spec, status.
    Whole,
    /// A pod's status alone, as the status subresource writes it: not the owners, node or
    /// anything else the indexes or a routed change are made of.
    Status,
    /// A pod's binding to a node (`spec.nodeName`, and its status), as the binding subresource
    /// writes it: of the indexes only the node's entries change, and the owners stay.
    Binding,
}

/// What a write in place remembers of the object before it (see [`WriteScope`]).
enum Before {
    /// Index entries, owner references and node.
    Whole(OwnedEntry, Vec<OwnerReference>, Option<String>),
    /// The node, and whether the pod waited for one.
    Node(Option<String>, bool),
    Nothing,
}

/// The change a write of `obj` at `key` makes: its owners and node before and after, so both the
/// old and the new owner (and node) hear of it.
fn change_of(
    key: &ObjKey,
    op: ChangeOp,
    obj: &Object,
    old_owners: &[OwnerReference],
    old_node: Option<String>,
) -> Change {
    let new_refs = obj.meta().owner_references.as_deref().unwrap_or(&[]);
    let mut owners: Vec<ChangeOwner> = new_refs.iter().map(ChangeOwner::of).collect();
    for o in old_owners {
        if !new_refs.iter().any(|n| n.uid == o.uid) {
            owners.push(ChangeOwner::of(o));
        }
    }
    Change {
        key: key.clone(),
        op,
        uid: obj.meta().uid.clone().unwrap_or_default(),
        owners,
        node: pod_node(obj).or(old_node),
        status_only: false,
        labels_changed: false,
    }
}

/// Whether writes of `kind` are routed to the controllers. No controller watches Events (the
/// simulator's controllers, like the real ones, only record them), and a pod's start writes
/// six, so their writes leave no change to route; a client watch still sees them.
fn watched(kind: Kind) -> bool {
    kind != Kind::Event
}

fn pod_node(o: &Object) -> Option<String> {
    match o {
        Object::Pod(p) => p
            .spec
            .as_ref()
            .and_then(|s| s.node_name.as_deref().map(String::from)),
        _ => None,
    }
}

impl Store {
    /// An empty store.
    pub fn new() -> Store {
        Store {
            objects: Default::default(),
            events: EventTable::default(),
            symbols: Symbols::default(),
            materialised: Materialised::default(),
            resource_version: 1000,
            changes: Vec::new(),
            recorder: None,
            events_written_whole: false,
            index: Indexes::default(),
            pod_parts: SharedParts::default(),
        }
    }

    /// The object at `key`.
    pub fn get_key(&self, key: &ObjKey) -> Option<&Object> {
        if key.kind == Kind::Event || (!key.kind.namespaced() && !key.namespace.is_empty()) {
            return self.get(key.kind, &key.namespace, &key.name);
        }
        self.objects[key.kind as usize].get(key)
    }

    /// The object of `kind` named `name` in `namespace`.
    pub fn get(&self, kind: Kind, namespace: &str, name: &str) -> Option<&Object> {
        let namespace = if kind.namespaced() { namespace } else { "" };
        if kind != Kind::Event {
            return self.objects[kind as usize].get_parts(kind, namespace, name);
        }
        self.events
            .get(namespace, name)
            .map(|(k, slot)| self.read_event(k, slot))
    }

    /// Whether there is an object of `kind` named `name` in `namespace` (without reading a
    /// compact event whole).
    pub fn contains_named(&self, kind: Kind, namespace: &str, name: &str) -> bool {
        let namespace = if kind.namespaced() { namespace } else { "" };
        if kind != Kind::Event {
            return self.objects[kind as usize]
                .get_parts(kind, namespace, name)
                .is_some();
        }
        self.events.contains(namespace, name)
    }

    /// Whether there is an object at `key` (without reading a compact event whole).
    pub fn contains(&self, key: &ObjKey) -> bool {
        self.contains_named(key.kind, &key.namespace, &key.name)
    }

    /// A stored event as an object: a record is turned into the whole event once, and kept
    /// until the next write.
    fn read_event<'a>(&'a self, at: EventName<'_>, slot: &'a EventSlot) -> &'a Object {
        match &slot.stored {
            StoredEvent::Whole(o) => o,
            StoredEvent::Record(r) => {
                if let Some(o) = slot.read.get() {
                    return o;
                }
                let o = slot.read.get_or_init(|| {
                    let e = r.to_event(at.namespace, at.name, &self.symbols);
                    Box::new(Object::Event(Arc::new(e)))
                });
                if let Ok(mut keys) = self.materialised.0.lock() {
                    keys.push(ObjKey::new(Kind::Event, at.namespace, at.name));
                }
                o
            }
        }
    }

    /// Lets go of the whole copies of events read since the last write.
    fn forget_read_events(&mut self) {
        let keys = match self.materialised.0.get_mut() {
            Ok(keys) if !keys.is_empty() => std::mem::take(keys),
            _ => return,
        };
        for k in keys {
            if let Some(slot) = self.events.get_mut(&k.namespace, &k.name) {
                slot.read.take();
            }
        }
    }

    /// A typed object.
    pub fn get_typed<T: Typed>(&self, namespace: &str, name: &str) -> Option<&T> {
        self.get(T::KIND, namespace, name).and_then(T::from_object)
    }

    /// The object of `T`'s kind under `key`'s namespace and name: a reconcile holding its work
    /// item's key looks it up as it is, its strings not rebuilt or checked again.
    pub fn get_typed_at<T: Typed>(&self, key: &ObjKey) -> Option<&T> {
        if key.kind != T::KIND {
            return self.get_typed(&key.namespace, &key.name);
        }
        self.get_key(key).and_then(T::from_object)
    }

    /// The stored object as a shared pointer: a reader that must let go of the store (to write
    /// other things) keeps it without copying it.
    pub fn get_shared<T: Typed>(&self, namespace: &str, name: &str) -> Option<std::sync::Arc<T>> {
        self.get(T::KIND, namespace, name)
            .and_then(T::from_object_shared)
            .cloned()
    }

    /// The stored object at `key` as a shared pointer, as [`Store::get_shared`] (a reconcile
    /// holds its work item's key: looked up as it is, not rebuilt from its two strings).
    pub fn get_shared_at<T: Typed>(&self, key: &ObjKey) -> Option<std::sync::Arc<T>> {
        self.get_key(key).and_then(T::from_object_shared).cloned()
    }

    /// The events in `namespace` (or all) about an object named `name`, in store order. Only
    /// those are read whole: `kubectl describe` of one pod does not read every event.
    pub fn events_about<'a>(
        &'a self,
        namespace: Option<&'a str>,
        name: &'a str,
    ) -> impl Iterator<Item = &'a Event> + 'a {
        self.events
            .in_key_order(namespace, |k, slot| slot.involves_name(k.name, name))
            .into_iter()
            .filter_map(|(k, slot)| Event::from_object(self.read_event(k, slot)))
    }

    /// The `source.component` of the event at `key`, without reading it whole.
    pub fn event_source_component(&self, key: &ObjKey) -> Option<&str> {
        match &self.events.get(&key.namespace, &key.name)?.1.stored {
            StoredEvent::Record(r) => r.source_component(&self.symbols),
            StoredEvent::Whole(o) => Event::from_object(o)
                .and_then(|e| e.source.as_ref())
                .and_then(|s| s.component.as_deref()),
        }
    }

    /// Every object of `kind`, in one namespace or (None) all, sorted by namespace and name.
    pub fn list(&self, kind: Kind, namespace: Option<&str>) -> impl Iterator<Item = &Object> {
        let start = ObjKey {
            kind,
            namespace: namespace.unwrap_or("").into(),
            name: KeyStr::default(),
        };
        let ns = namespace.map(|s| {
            if kind.namespaced() {
                s.to_string()
            } else {
                String::new()
            }
        });
        if kind == Kind::Event {
            let events = self
                .events
                .in_key_order(ns.as_deref(), |_, _| true)
                .into_iter()
                .map(|(k, slot)| self.read_event(k, slot));
            return Either::Left(events);
        }
        Either::Right(
            self.objects[kind as usize]
                .range(start..)
                .take_while(move |(k, _)| ns.as_ref().is_none_or(|n| &k.namespace == n))
                .map(|(_, o)| o),
        )
    }

    /// Every object of a typed kind.
    pub fn list_typed<T: Typed>(&self, namespace: Option<&str>) -> impl Iterator<Item = &T> {
        self.list(T::KIND, namespace).filter_map(T::from_object)
    }

    /// How many objects are stored.
    pub fn len(&self) -> usize {
        self.objects.iter().map(ObjectMap::len).sum::<usize>() + self.events.len()
    }

    /// Whether the store is empty.
    pub fn is_empty(&self) -> bool {
        self.objects.iter().all(ObjectMap::is_empty) && self.events.is_empty()
    }

    fn next_rv(&mut self) -> String {
        self.next_rv_number().to_string()
    }

    fn next_rv_number(&mut self) -> u64 {
        self.resource_version += 1;
        self.resource_version
    }

    /// Writes `obj` (created or replaced), stamping a new resourceVersion. Returns the stored copy.
    pub fn put(&mut self, mut obj: Object) -> &Object {
        self.forget_read_events();
        let key = ObjKey::of(&obj);
        let rv = self.next_rv();
        obj.meta_mut().resource_version = Some(rv);
        if key.kind == Kind::Event {
            return self.put_event(key, obj);
        }
        if let Object::Pod(p) = &mut obj
            && SharedParts::wants(p)
        {
            self.pod_parts.share(Arc::make_mut(p));
        }
        let old = self.objects[key.kind as usize].get(&key);
        let op = if old.is_some() {
            ChangeOp::Modified
        } else {
            ChangeOp::Added
        };
        if watched(key.kind) {
            let old_owners = old.and_then(|o| o.meta().owner_references.as_deref());
            let mut change = change_of(
                &key,
                op,
                &obj,
                old_owners.unwrap_or(&[]),
                old.and_then(pod_node),
            );
            change.labels_changed = old.is_none_or(|o| o.meta().labels != obj.meta().labels);
            self.changes.push(change);
        }
        if let Some(r) = &mut self.recorder {
            r.push((op, obj.clone()));
        }
        let new = IndexEntry::of(&obj);
        match old {
            Some(old) => {
                let old = IndexEntry::of(old);
                if !old.same(&new) {
                    self.index.remove(&key, &old);
                    self.index.insert(&key, &new);
                }
            }
            None => self.index.insert(&key, &new),
        }
        self.objects[key.kind as usize].insert(key, obj)
    }

    /// Writes an event: compactly if a record can hold it. The whole event just written is what
    /// a reader gets until the next write.
    fn put_event(&mut self, key: ObjKey, obj: Object) -> &Object {
        self.events_written_whole = true;
        let record = Event::from_object(&obj).and_then(|e| EventRecord::of(e, &mut self.symbols));
        let slot = match record {
            Some(r) => {
                if let Ok(keys) = self.materialised.0.get_mut() {
                    keys.push(key.clone());
                }
                EventSlot {
                    stored: StoredEvent::Record(r),
                    read: OnceLock::from(Box::new(obj)),
                }
            }
            None => EventSlot {
                stored: StoredEvent::Whole(obj),
                read: OnceLock::new(),
            },
        };
        self.write_event_slot(key.clone(), slot);
        match self.events.get(&key.namespace, &key.name) {
            Some((k, slot)) => self.read_event(k, slot),
            None => unreachable!("the event was just written"),
        }
    }

    /// Creates (or replaces) the event `name` in `namespace` from a component's report, as
    /// `put` of the whole event would, without building it (unless a watch records it).
    pub fn create_event(&mut self, namespace: &str, name: &str, e: &NewEvent<'_>) {
        self.forget_read_events();
        let key = ObjKey::new(Kind::Event, namespace, name);
        let rv = self.next_rv_number();
        let mut record = EventRecord::new(namespace, name, e, &mut self.symbols);
        record.set_resource_version(rv);
        let slot = EventSlot {
            stored: StoredEvent::Record(record),
            read: OnceLock::new(),
        };
        self.write_event_slot(key, slot);
    }

    /// Counts up the event `name` in `namespace`: `count`, `lastTimestamp` and (for an
    /// aggregated event) `message`, as a PATCH of them would. Returns false if it is gone.
    pub fn repeat_event(
        &mut self,
        namespace: &str,
        name: &str,
        count: i32,
        last: Timestamp,
        message: &str,
    ) -> bool {
        let Some((_, slot)) = self.events.get(namespace, name) else {
            return false;
        };
        if !matches!(slot.stored, StoredEvent::Record(_)) {
            let last = k8s_openapi::apimachinery::pkg::apis::meta::v1::Time(last);
            return self.update::<Event>(namespace, name, |ev| {
                ev.count = Some(count);
                ev.last_timestamp = Some(last);
                ev.message = Some(message.to_string());
            });
        }
        self.forget_read_events();
        let rv = self.next_rv_number();
        // A record has no index entries: only its place in time moves.
        let changed = self.events.change(namespace, name, |slot| {
            if let StoredEvent::Record(r) = &mut slot.stored {
                r.repeat(count, last, message);
                r.set_resource_version(rv);
            }
            slot.read = OnceLock::new();
            slot.time()
        });
        if changed
            && self.recorder.is_some()
            && let Some((k, slot)) = self.events.get(namespace, name)
        {
            let whole = self.whole_event(k, slot);
            if let Some(r) = &mut self.recorder {
                r.push((ChangeOp::Modified, whole));
            }
        }
        changed
    }

    /// Writes a new event slot at `key`, replacing any there (one search of the events map).
    fn write_event_slot(&mut self, key: ObjKey, slot: EventSlot) {
        let entry = slot.entry();
        let time = slot.time();
        let whole = self
            .recorder
            .is_some()
            .then(|| self.whole_event(event_name(&key), &slot));
        let old = self.events.insert(&key.namespace, &key.name, time, slot);
        // Only an event written whole has index entries (its owners).
        if let Some(e) = old.as_ref().and_then(EventSlot::entry) {
            self.index.remove(&key, &e.borrow());
        }
        if let Some(e) = &entry {
            self.index.insert(&key, &e.borrow());
        }
        let op = match old {
            Some(_) => ChangeOp::Modified,
            None => ChangeOp::Added,
        };
        if let (Some(r), Some(whole)) = (&mut self.recorder, whole) {
            r.push((op, whole));
        }
    }

    /// The whole event in `slot`, for a watch: the writer's, if it had one; else made from the
    /// record.
    fn whole_event(&self, at: EventName<'_>, slot: &EventSlot) -> Object {
        match (&slot.stored, slot.read.get()) {
            (StoredEvent::Whole(o), _) => o.clone(),
            (_, Some(o)) => Object::clone(o),
            (StoredEvent::Record(r), None) => {
                Object::Event(Arc::new(r.to_event(at.namespace, at.name, &self.symbols)))
            }
        }
    }

    /// Whether an event was ever written whole: its name may be any, so a new event's name
    /// must be checked against the stored ones.
    pub fn has_events_written_whole(&self) -> bool {
        self.events_written_whole
    }

    /// The resourceVersion of the last write (what the object just written carries).
    pub fn resource_version(&self) -> u64 {
        self.resource_version
    }

    /// Changes a stored object in place: what `put` of a changed copy does, without the copy. The
    /// object is copied only if something else still shares it, so a kubelet writing a pod's
    /// status a few times as it starts, or the scheduler binding it, does not copy the whole pod
    /// each time. Returns false, writing nothing, if there is no such object.
    pub fn update<T: Typed>(
        &mut self,
        namespace: &str,
        name: &str,
        f: impl FnOnce(&mut T),
    ) -> bool {
        self.update_at(&ObjKey::new(T::KIND, namespace, name), f)
    }

    /// Writes `status` as the status of the pod at `key`, in place: [`Store::update_at`] for a
    /// write that changes nothing else, as the kubelet's status updates (the status
    /// subresource) do. Its owners, node and index entries stay as they were, so, unlike a
    /// general update, it need not copy them first to see what changed: a starting pod's
    /// status is written two or three times. Returns false if there is no such pod.
    pub fn update_pod_status_at(&mut self, key: &ObjKey, status: PodStatus) -> bool {
        key.kind == Kind::Pod
            && self.write_in_place(key, WriteScope::Status, |obj| {
                Pod::from_object_mut(obj).map(|p| p.status = Some(status))
            })
    }

    /// Binds the pod at `key` with `f`, which sets its `spec.nodeName` (and may change its
    /// status), as the binding subresource does: a write of the node alone, whose owners the
    /// write does not copy to compare (see [`WriteScope::Binding`]). Returns false, writing
    /// nothing, if there is no such pod.
    pub fn bind_pod_at(&mut self, key: &ObjKey, f: impl FnOnce(&mut Pod)) -> bool {
        key.kind == Kind::Pod
            && self.write_in_place(key, WriteScope::Binding, |obj| {
                Pod::from_object_mut(obj).map(f)
            })
    }

    /// [`Store::update`] of the object of `T`'s kind under `key`'s namespace and name, for a
    /// reconcile that holds its work item's key.
    pub fn update_at<T: Typed>(&mut self, key: &ObjKey, f: impl FnOnce(&mut T)) -> bool {
        if key.kind != T::KIND {
            return self.update(&key.namespace, &key.name, f);
        }
        if key.kind == Kind::Event {
            // A record is read whole, changed and written back.
            let Some(mut obj) = self.get_key(key).cloned() else {
                return false;
            };
            self.forget_read_events();
            if let Some(typed) = T::from_object_mut(&mut obj) {
                f(typed);
            }
            // Changed in place: it stays under its key whatever `f` did to its name.
            let meta = obj.meta_mut();
            meta.name = Some(key.name.to_string());
            meta.namespace = Some(key.namespace.to_string());
            self.put(obj);
            return true;
        }
        self.write_in_place(key, WriteScope::Whole, |obj| T::from_object_mut(obj).map(f))
    }

    /// Changes the stored object at `key` (not an event) in place with `f`, which gives `None`,
    /// changing nothing, if the object is not of the kind it expects; then stamps the write and
    /// records it. A write of [`WriteScope::Whole`] compares the owners, node and index entries
    /// before and after; one of [`WriteScope::Binding`] only the node's; one of
    /// [`WriteScope::Status`] changes none of them. Returns whether it wrote.
    fn write_in_place(
        &mut self,
        key: &ObjKey,
        scope: WriteScope,
        f: impl FnOnce(&mut Object) -> Option<()>,
    ) -> bool {
        self.forget_read_events();
        let Some(obj) = self.objects[key.kind as usize].get_mut(key) else {
            return false;
        };
        // (A whole write in place is rare: copying the labels to compare costs little.)
        let labels_before = matches!(scope, WriteScope::Whole).then(|| obj.meta().labels.clone());
        let before = match scope {
            WriteScope::Whole => Before::Whole(
                OwnedEntry::of(obj),
                obj.meta().owner_references.clone().unwrap_or_default(),
                pod_node(obj),
            ),
            WriteScope::Binding => {
                let (node, waits) = IndexEntry::of_node(obj);
                Before::Node(node.map(String::from), waits)
            }
            WriteScope::Status => Before::Nothing,
        };
        if f(obj).is_none() {
            return false;
        }
        if let Before::Whole(..) = before {
            // It stays under its key whatever `f` did to its name, as the API server keeps a
            // name and namespace an update cannot change.
            if obj.name() != key.name {
                obj.meta_mut().name = Some(key.name.to_string());
            }
            if key.kind.namespaced() && obj.namespace() != key.namespace {
                obj.meta_mut().namespace = Some(key.namespace.to_string());
            }
        }
        self.resource_version += 1;
        obj.meta_mut().resource_version = Some(self.resource_version.to_string());
        // A binding or a status write leaves the owners as they were (those after are those
        // before), and a status write the node too.
        let status_only = matches!(before, Before::Nothing);
        let (old_refs, old_node) = match before {
            Before::Whole(old, refs, node) => {
                let new = IndexEntry::of(obj);
                if !old.borrow().same(&new) {
                    self.index.remove(key, &old.borrow());
                    self.index.insert(key, &new);
                }
                (refs, node)
            }
            Before::Node(node, waited) => {
                self.index
                    .move_node(key, (node.as_deref(), waited), IndexEntry::of_node(obj));
                (Vec::new(), node)
            }
            Before::Nothing => (Vec::new(), None),
        };
        if watched(key.kind) {
            let mut change = change_of(key, ChangeOp::Modified, obj, &old_refs, old_node);
            change.status_only = status_only;
            change.labels_changed = labels_before.is_some_and(|l| l != obj.meta().labels);
            self.changes.push(change);
        }
        if let Some(r) = &mut self.recorder {
            r.push((ChangeOp::Modified, obj.clone()));
        }
        true
    }

    /// Removes the object at `key`, returning it.
    pub fn remove(&mut self, key: &ObjKey) -> Option<Object> {
        if key.kind == Kind::Event {
            let old = self.get_key(key)?.clone();
            self.discard_event(key);
            return Some(old);
        }
        self.forget_read_events();
        let old = self.objects[key.kind as usize].remove(key)?;
        self.index.remove(key, &IndexEntry::of(&old));
        if key.kind != Kind::Pod
            && let Some(uid) = old.meta().uid.as_deref()
        {
            self.pod_parts.forget(uid);
        }
        self.resource_version += 1;
        if watched(key.kind) {
            self.changes.push(Change {
                key: key.clone(),
                op: ChangeOp::Deleted,
                uid: old.meta().uid.clone().unwrap_or_default(),
                owners: old
                    .meta()
                    .owner_references
                    .iter()
                    .flatten()
                    .map(ChangeOwner::of)
                    .collect(),
                node: pod_node(&old),
                status_only: false,
                labels_changed: false,
            });
        }
        if let Some(r) = &mut self.recorder {
            r.push((ChangeOp::Deleted, old.clone()));
        }
        Some(old)
    }

    /// Removes the event at `key` without reading it whole (unless a watch records it): the
    /// event TTL removes events by the hundred thousand. Returns whether there was one.
    pub fn discard_event(&mut self, key: &ObjKey) -> bool {
        if self.recorder.is_some()
            && let Some(o) = self.get_key(key).cloned()
            && let Some(r) = &mut self.recorder
        {
            r.push((ChangeOp::Deleted, o));
        }
        self.forget_read_events();
        let Some(slot) = self.events.remove(&key.namespace, &key.name) else {
            return false;
        };
        if let Some(e) = slot.entry() {
            self.index.remove(key, &e.borrow());
        }
        self.resource_version += 1;
        true
    }

    /// Takes the writes recorded since the last call.
    pub fn take_changes(&mut self) -> Vec<Change> {
        std::mem::take(&mut self.changes)
    }

    /// Whether writes are waiting to be routed.
    pub fn has_changes(&self) -> bool {
        !self.changes.is_empty()
    }

    /// The writes waiting to be routed (a reconcile's own writes so far), for a cache that must
    /// see them before the routing does.
    pub fn pending_changes(&self) -> &[Change] {
        &self.changes
    }

    /// Starts (or restarts) keeping a copy of every write, as a watch connection receives
    /// them: `kubectl get -w` prints intermediate states that the controllers' own change
    /// routing coalesces.
    pub fn start_recording(&mut self) {
        self.recorder = Some(Vec::new());
    }

    /// The writes recorded since the last call (empty when not recording).
    pub fn take_recorded(&mut self) -> Vec<(ChangeOp, Object)> {
        self.recorder
            .as_mut()
            .map(std::mem::take)
            .unwrap_or_default()
    }

    /// Stops recording writes.
    pub fn stop_recording(&mut self) {
        self.recorder = None;
    }

    /// Every stored object, in store order.
    pub fn iter(&self) -> impl Iterator<Item = &Object> {
        let events = self
            .events
            .in_key_order(None, |_, _| true)
            .into_iter()
            .map(|(k, slot)| self.read_event(k, slot));
        self.objects
            .iter()
            .flat_map(ObjectMap::values)
            .chain(events)
    }

    /// Objects that list `uid` among their owner references, in store order.
    pub fn dependents_of(&self, uid: &str) -> Vec<ObjKey> {
        let owned = self.index.by_owner.get(uid).into_iter().flatten();
        let controlled = self.index.by_controller.get(uid).into_iter().flatten();
        let mut keys: Vec<ObjKey> = owned.chain(controlled).cloned().collect();
        keys.sort();
        keys.dedup();
        keys
    }

    /// Whether any object lists `uid` among its owner references.
    pub fn has_dependents(&self, uid: &str) -> bool {
        self.index.by_owner.contains_key(uid) || self.index.by_controller.contains_key(uid)
    }

    fn keys_in<'a>(
        &'a self,
        set: Option<&'a BTreeSet<ObjKey>>,
        kind: Kind,
        namespace: Option<&'a str>,
    ) -> impl Iterator<Item = &'a Object> + 'a {
        set.into_iter()
            .flatten()
            .filter(move |k| k.kind == kind && namespace.is_none_or(|n| k.namespace == n))
            .filter_map(|k| self.get_key(k))
    }

    /// Objects of `kind` whose controller has `uid`, in one namespace or all, in store order:
    /// the same as filtering [`Store::list`] by controller reference.
    pub fn controlled_by<'a>(
        &'a self,
        kind: Kind,
        namespace: Option<&'a str>,
        uid: &str,
    ) -> impl Iterator<Item = &'a Object> + 'a {
        self.keys_in(self.index.by_controller.get(uid), kind, namespace)
    }

    /// Objects of `kind` without a controller (what a controller may adopt), in store order.
    pub fn orphans<'a>(
        &'a self,
        kind: Kind,
        namespace: Option<&'a str>,
    ) -> impl Iterator<Item = &'a Object> + 'a {
        self.orphan_keys(kind, namespace)
            .filter_map(|k| self.get_key(k))
    }

    /// The keys of [`Store::orphans`], in order.
    fn orphan_keys<'a>(
        &'a self,
        kind: Kind,
        namespace: Option<&'a str>,
    ) -> impl Iterator<Item = &'a ObjKey> + 'a {
        let start = ObjKey {
            kind,
            namespace: namespace.unwrap_or("").into(),
            name: KeyStr::default(),
        };
        self.index
            .orphans
            .range(start..)
            .take_while(move |k| k.kind == kind && namespace.is_none_or(|n| k.namespace == n))
    }

    /// Objects of `kind` in `namespace` that `uid` controls or that have no controller (what a
    /// controller's claim reads), in store order: the two indexes merged by key, so a caller
    /// need not sort 5,000 pods by their names (each comparison reading two names off the heap).
    pub fn controlled_by_or_orphans<'a>(
        &'a self,
        kind: Kind,
        namespace: &'a str,
        uid: &str,
    ) -> impl Iterator<Item = &'a Object> + 'a {
        let mut owned = self
            .index
            .by_controller
            .get(uid)
            .into_iter()
            .flatten()
            .filter(move |k| k.kind == kind && k.namespace == namespace)
            .peekable();
        let mut free = self.orphan_keys(kind, Some(namespace)).peekable();
        std::iter::from_fn(move || match (owned.peek(), free.peek()) {
            (Some(a), Some(b)) if b < a => free.next(),
            (Some(_), _) => owned.next(),
            (None, _) => free.next(),
        })
        .filter_map(|k| self.get_key(k))
    }

    /// Pods bound to `node`, in store order.
    pub fn pods_on<'a>(&'a self, node: &str) -> impl Iterator<Item = &'a Object> + 'a {
        self.keys_in(self.index.pods_by_node.get(node), Kind::Pod, None)
    }

    /// Events, the most recently seen first ([`event_time`]; of those seen at one instant, the
    /// last written first). The events pane reads a screenful of them, without a pass over all.
    pub fn events_newest_first(&self) -> impl Iterator<Item = &Event> {
        self.events
            .newest_first()
            .filter_map(|(k, slot)| Event::from_object(self.read_event(k, slot)))
    }

    /// The least recently seen event and its [`event_time`]: the API server's event TTL removes
    /// events from the oldest.
    pub fn oldest_event(&self) -> Option<(Timestamp, ObjKey)> {
        self.events
            .oldest()
            .map(|(t, k)| (t, ObjKey::new(Kind::Event, k.namespace, k.name)))
    }

    /// Pods waiting for a node (unbound, not being deleted), in store order.
    pub fn unscheduled_pods(&self) -> impl Iterator<Item = &ObjKey> {
        self.index.unscheduled.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::pod::Pod;
    use k8s_openapi::api::core::v1::Node;
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

    fn pod(ns: &str, name: &str) -> Object {
        Object::Pod(std::sync::Arc::new(Pod {
            metadata: ObjectMeta {
                name: Some(name.into()),
                namespace: Some(ns.into()),
                ..Default::default()
            },
            ..Default::default()
        }))
    }

    /// Key strings, inline or not, order, compare and print as the strings they hold.
    #[test]
    fn key_strings_behave_as_their_strings() {
        let words = [
            "",
            "a",
            "web-0",
            "web-0.181a2b3c4d5e6f70",
            "abcdefghijklmnopqrstuvwxyz0123",  // 30 bytes: inline
            "abcdefghijklmnopqrstuvwxyz01234", // 31 bytes: on the heap
            "abcdefghijklmnopqrstuvwxyz012",
            "ünïcödé",
        ];
        for a in words {
            let ka = KeyStr::from(a);
            assert_eq!(ka.as_str(), a);
            assert_eq!(ka.to_string(), a);
            for b in words {
                let kb = KeyStr::from(b);
                assert_eq!(ka.cmp(&kb), a.cmp(b), "{a:?} vs {b:?}");
                assert_eq!(ka == kb, a == b);
            }
        }
    }

    #[test]
    fn lists_by_namespace_in_name_order() {
        let mut s = Store::new();
        s.put(pod("default", "web-1"));
        s.put(pod("default", "web-0"));
        s.put(pod("kube-system", "a"));
        let names: Vec<_> = s
            .list(Kind::Pod, Some("default"))
            .map(|o| o.name().to_string())
            .collect();
        assert_eq!(names, ["web-0", "web-1"]);
        assert_eq!(s.list(Kind::Pod, None).count(), 3);
        assert_eq!(s.list(Kind::Node, None).count(), 0);
    }

    /// `update` is a write like `put`: the node index follows the binding, the change is
    /// recorded with the node, and the stored pod is changed in place when nothing shares it.
    #[test]
    fn update_in_place_keeps_the_indexes_and_copies_only_shared_objects() {
        let mut s = Store::new();
        s.put(pod("default", "a"));
        let rv = s
            .get(Kind::Pod, "default", "a")
            .map(|o| o.meta().resource_version.clone());
        s.take_changes();
        assert_eq!(s.unscheduled_pods().count(), 1);
        let before = s
            .get_shared::<Pod>("default", "a")
            .map(|p| std::sync::Arc::as_ptr(&p));
        assert!(s.update::<Pod>("default", "a", |p| {
            p.spec.get_or_insert_with(Default::default).node_name = Some("n1".into());
        }));
        let after = s
            .get_shared::<Pod>("default", "a")
            .map(|p| std::sync::Arc::as_ptr(&p));
        assert_eq!(before, after, "an unshared pod is not copied");
        assert_eq!(s.unscheduled_pods().count(), 0);
        assert_eq!(s.pods_on("n1").count(), 1);
        assert_ne!(
            rv,
            s.get(Kind::Pod, "default", "a")
                .map(|o| o.meta().resource_version.clone())
        );
        let changes = s.take_changes();
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].op, ChangeOp::Modified);
        assert_eq!(changes[0].node.as_deref(), Some("n1"));

        // A reader still holding the pod keeps its version; the store gets a copy.
        let held = s.get_shared::<Pod>("default", "a");
        s.update::<Pod>("default", "a", |p| p.status = Some(Default::default()));
        assert!(held.is_some_and(|p| p.status.is_none()));
        assert!(
            s.get_typed::<Pod>("default", "a")
                .is_some_and(|p| p.status.is_some())
        );
        assert!(!s.update::<Pod>("default", "missing", |_| {}));
        assert!(!s.update::<Node>("default", "a", |_| {}));
    }

    /// Pod `a` in `default` (uid `u-a`), controlled by the `kind` named `name` with uid `uid`.
    fn controlled_pod(kind: &str, name: &str, uid: &str) -> Object {
        let mut owned = pod("default", "a");
        let meta = owned.meta_mut();
        meta.uid = Some("u-a".into());
        meta.owner_references = Some(vec![OwnerReference {
            api_version: "apps/v1".into(),
            kind: kind.into(),
            name: name.into(),
            uid: uid.into(),
            controller: Some(true),
            ..Default::default()
        }]);
        owned
    }

    /// Two stores that were written alike hold the same object at `key`, and give the same
    /// routed changes (but for whether a write was of the status only) and the same watch
    /// records since the last look. Returns `b`'s changes.
    fn assert_same_writes(a: &mut Store, b: &mut Store, key: &ObjKey) -> Vec<Change> {
        assert_eq!(a.get_key(key), b.get_key(key));
        let unscoped = |changes: &[Change]| {
            let mut changes = changes.to_vec();
            changes.iter_mut().for_each(|c| c.status_only = false);
            format!("{changes:?}")
        };
        let b_changes = b.take_changes();
        assert_eq!(unscoped(&a.take_changes()), unscoped(&b_changes));
        assert_eq!(format!("{:?}", a.recorder), format!("{:?}", b.recorder));
        b_changes
    }

    /// A status written by `update_pod_status_at` leaves the store as a general update of the
    /// status does: the pod, its resourceVersion, the change routed (owners, node) and what a
    /// watch sees.
    #[test]
    fn a_status_write_is_the_update_of_the_status() {
        let owned = controlled_pod("ReplicaSet", "web-1", "u-rs");
        let mut stores = [Store::new(), Store::new()];
        for s in &mut stores {
            s.put(owned.clone());
            s.update::<Pod>("default", "a", |p| {
                p.spec.get_or_insert_with(Default::default).node_name = Some("n1".into());
            });
            s.take_changes();
            s.start_recording();
        }
        let status = PodStatus {
            phase: Some("Running".into()),
            ..Default::default()
        };
        let key = ObjKey::new(Kind::Pod, "default", "a");
        assert!(stores[0].update_at::<Pod>(&key, |p| p.status = Some(status.clone())));
        assert!(stores[1].update_pod_status_at(&key, status));
        let [general, status_only] = &mut stores;
        let changes = assert_same_writes(general, status_only, &key);
        assert!(changes.iter().all(|c| c.status_only), "{changes:?}");
        assert_eq!(status_only.pods_on("n1").count(), 1);
        assert!(!status_only.update_pod_status_at(
            &ObjKey::new(Kind::Pod, "default", "missing"),
            PodStatus::default()
        ));
    }

    /// A binding writes what a general update of the node does: the pod, the change routed
    /// (owners, node), what a watch sees, and the pod moved from the scheduler's queue to its
    /// node's list; and a pod moved on to another node leaves the first one's.
    #[test]
    fn a_binding_is_the_update_of_the_node() {
        let owned = controlled_pod("StatefulSet", "db", "u-sts");
        let mut stores = [Store::new(), Store::new()];
        let key = ObjKey::new(Kind::Pod, "default", "a");
        for s in &mut stores {
            s.put(owned.clone());
            s.take_changes();
            s.start_recording();
            assert_eq!(s.unscheduled_pods().collect::<Vec<_>>(), [&key]);
        }
        let to = |node: &'static str| {
            move |p: &mut Pod| {
                p.spec.get_or_insert_with(Default::default).node_name = Some(node.into());
                p.status.get_or_insert_with(Default::default).phase = Some("Pending".into());
            }
        };
        for node in ["n1", "n2"] {
            assert!(stores[0].update_at::<Pod>(&key, to(node)));
            assert!(stores[1].bind_pod_at(&key, to(node)));
            let [general, binding] = &mut stores;
            let changes = assert_same_writes(general, binding, &key);
            assert!(changes.iter().all(|c| !c.status_only));
            for s in [&*general, &*binding] {
                assert_eq!(s.unscheduled_pods().count(), 0);
                assert_eq!(s.pods_on(node).count(), 1, "{node}");
            }
        }
        assert_eq!(stores[1].pods_on("n1").count(), 0);
        assert!(!stores[1].bind_pod_at(&ObjKey::new(Kind::Pod, "default", "missing"), to("n1")));
    }

    /// Dependents are found by any owner's uid, controller or not, in store order, and are
    /// forgotten once deleted (`by_owner` holds only the owners that are not the controller).
    #[test]
    fn dependents_are_found_by_every_owner() {
        use k8s_openapi::apimachinery::pkg::apis::meta::v1::OwnerReference;
        let owned = |name: &str, refs: &[(&str, bool)]| {
            let mut o = pod("default", name);
            if let Object::Pod(p) = &mut o {
                std::sync::Arc::make_mut(p).metadata.owner_references = Some(
                    refs.iter()
                        .map(|(uid, controller)| OwnerReference {
                            uid: uid.to_string(),
                            controller: Some(*controller),
                            ..Default::default()
                        })
                        .collect(),
                );
            }
            o
        };
        let mut s = Store::new();
        s.put(owned("c", &[("rs", true), ("cm", false)]));
        s.put(owned("a", &[("cm", false)]));
        s.put(owned("b", &[("rs", true)]));
        let names = |keys: Vec<ObjKey>| -> Vec<String> {
            keys.iter().map(|k| k.name.to_string()).collect()
        };
        assert_eq!(names(s.dependents_of("rs")), ["b", "c"]);
        assert_eq!(names(s.dependents_of("cm")), ["a", "c"]);
        assert!(s.has_dependents("rs") && s.has_dependents("cm"));
        assert!(s.remove(&ObjKey::new(Kind::Pod, "default", "c")).is_some());
        assert_eq!(names(s.dependents_of("cm")), ["a"]);
        assert!(s.remove(&ObjKey::new(Kind::Pod, "default", "b")).is_some());
        assert!(!s.has_dependents("rs"));
        assert!(s.dependents_of("rs").is_empty());
    }

    /// A claim's candidates (its pods and the orphans) come merged in name order, as listing
    /// every pod and keeping those would give them: only those of the kind and namespace asked
    /// for, none twice, whichever of the two indexes runs out first.
    #[test]
    fn controlled_and_orphans_merge_in_store_order() {
        use k8s_openapi::apimachinery::pkg::apis::meta::v1::OwnerReference;
        let owned = |ns: &str, name: &str, uid: Option<&str>| {
            let mut o = pod(ns, name);
            if let (Object::Pod(p), Some(uid)) = (&mut o, uid) {
                std::sync::Arc::make_mut(p).metadata.owner_references =
                    Some(vec![OwnerReference {
                        uid: uid.to_string(),
                        controller: Some(true),
                        ..Default::default()
                    }]);
            }
            o
        };
        let mut rng = crate::sim::rng::Rng::new(7);
        for round in 0..200 {
            let mut s = Store::new();
            for i in 0..rng.below(12) {
                let ns = ["default", "other", "a"][rng.below(3) as usize];
                let uid = [Some("set"), None, Some("rs")][rng.below(3) as usize];
                s.put(owned(ns, &format!("p-{}-{i}", rng.below(40)), uid));
            }
            for ns in ["default", "other", "zz"] {
                let merged: Vec<String> = s
                    .controlled_by_or_orphans(Kind::Pod, ns, "set")
                    .map(|o| o.name().to_string())
                    .collect();
                let listed: Vec<String> = s
                    .list(Kind::Pod, Some(ns))
                    .filter(|o| {
                        let refs = o.meta().owner_references.as_deref().unwrap_or(&[]);
                        refs.is_empty() || refs.iter().any(|r| r.uid == "set")
                    })
                    .map(|o| o.name().to_string())
                    .collect();
                assert_eq!(merged, listed, "round {round}, namespace {ns}");
            }
        }
    }

    fn event(ns: &str, name: &str, created: i64, last: Option<i64>) -> Object {
        use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
        let at = |s: i64| Time(Timestamp::from_second(s).unwrap_or(Timestamp::UNIX_EPOCH));
        Object::Event(std::sync::Arc::new(Event {
            metadata: ObjectMeta {
                name: Some(name.into()),
                namespace: Some(ns.into()),
                creation_timestamp: Some(at(created)),
                ..Default::default()
            },
            last_timestamp: last.map(at),
            ..Default::default()
        }))
    }

    /// The time index lists events newest first (the last written first, at one instant),
    /// follows an event seen again, and never dates one before its creation.
    #[test]
    fn events_are_indexed_by_when_they_were_last_seen() {
        let mut s = Store::new();
        s.put(event("default", "a", 100, Some(100)));
        s.put(event("default", "b", 100, Some(300)));
        s.put(event("kube-system", "b", 100, Some(300)));
        s.put(event("default", "c", 200, Some(200)));
        // Written at 400 with a lastTimestamp from long before: it counts from its creation.
        s.put(event("default", "old", 400, Some(5)));
        let order = |s: &Store| -> Vec<String> {
            s.events_newest_first()
                .map(|e| {
                    format!(
                        "{}/{}",
                        e.metadata.namespace.as_deref().unwrap_or(""),
                        e.metadata.name.as_deref().unwrap_or("")
                    )
                })
                .collect()
        };
        assert_eq!(
            order(&s),
            [
                "default/old",
                "kube-system/b",
                "default/b",
                "default/c",
                "default/a"
            ]
        );
        assert_eq!(
            s.oldest_event()
                .map(|(t, k)| (t.as_second(), k.name.to_string())),
            Some((100, "a".to_string()))
        );
        s.update::<Event>("default", "a", |e| {
            e.last_timestamp = Some(k8s_openapi::apimachinery::pkg::apis::meta::v1::Time(
                Timestamp::from_second(500).unwrap_or(Timestamp::UNIX_EPOCH),
            ));
        });
        assert_eq!(order(&s)[0], "default/a");
        assert_eq!(
            s.oldest_event().map(|(_, k)| k.name.to_string()),
            Some("c".to_string())
        );
        s.remove(&ObjKey::new(Kind::Event, "default", "c"));
        assert_eq!(
            s.oldest_event().map(|(_, k)| k.name.to_string()),
            Some("b".to_string())
        );
        assert_eq!(s.events_newest_first().count(), 4);
    }

    /// Events are kept as compact records but read back exactly as written, whole events (with
    /// labels, say) stay whole, and a whole copy made for a reader is let go at the next write.
    #[test]
    fn events_read_back_as_written_and_their_read_copies_are_let_go() {
        let mut s = Store::new();
        let about = |o: Object, name: &str| -> Object {
            let mut o = o;
            if let Object::Event(e) = &mut o {
                std::sync::Arc::make_mut(e).involved_object.name = Some(name.into());
            }
            o
        };
        let written = s
            .put(about(event("default", "a", 100, Some(100)), "web-0"))
            .clone();
        let mut labelled = about(event("default", "b", 100, None), "web-1");
        labelled.meta_mut().labels = Some([("k".to_string(), "v".to_string())].into());
        let labelled = s.put(labelled).clone();
        s.put(about(event("other", "c", 100, None), "web-0"));
        assert_eq!(s.get(Kind::Event, "default", "a"), Some(&written));
        assert_eq!(s.get(Kind::Event, "default", "b"), Some(&labelled));
        assert!(matches!(
            s.events.get("default", "a").map(|e| &e.1.stored),
            Some(StoredEvent::Record(_))
        ));
        assert!(matches!(
            s.events.get("default", "b").map(|e| &e.1.stored),
            Some(StoredEvent::Whole(_))
        ));
        let names = |it: &mut dyn Iterator<Item = &Event>| -> Vec<String> {
            it.map(|e| e.metadata.name.clone().unwrap_or_default())
                .collect()
        };
        assert_eq!(names(&mut s.events_about(Some("default"), "web-0")), ["a"]);
        assert_eq!(names(&mut s.events_about(None, "web-0")), ["a", "c"]);
        assert_eq!(names(&mut s.list_typed::<Event>(Some("other"))), ["c"]);
        assert_eq!(s.len(), 3);

        let held = s.get_shared::<Event>("default", "a");
        assert_eq!(held.as_ref().map(std::sync::Arc::strong_count), Some(2));
        s.put(pod("default", "p"));
        assert_eq!(held.as_ref().map(std::sync::Arc::strong_count), Some(1));
        assert!(s.contains(&ObjKey::new(Kind::Event, "default", "a")));
        assert!(s.discard_event(&ObjKey::new(Kind::Event, "default", "a")));
        assert!(!s.contains(&ObjKey::new(Kind::Event, "default", "a")));
        assert_eq!(s.events_newest_first().count(), 2);
    }

    /// An event created from a component's report is what `put` of the whole event stores, a
    /// repeat counts it up and moves it in the time index, and a watch sees both writes whole.
    #[test]
    fn events_created_and_repeated_from_reports_match_whole_writes() {
        use crate::sim::event_record::NewEvent;
        use k8s_openapi::api::core::v1::{EventSource, ObjectReference};
        use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
        let at = |s: i64| Timestamp::from_second(s).unwrap_or(Timestamp::UNIX_EPOCH);
        let involved = ObjectReference {
            api_version: Some("v1".into()),
            kind: Some("Pod".into()),
            name: Some("web-0".into()),
            namespace: Some("default".into()),
            uid: Some("d8552dd6-a89d-48eb-89b1-d73980d19013".into()),
            ..Default::default()
        };
        let whole = Event {
            metadata: ObjectMeta {
                name: Some("web-0.1".into()),
                namespace: Some("default".into()),
                uid: Some("6951c595-b9fd-4983-b97c-1e3b5d1f14c5".into()),
                creation_timestamp: Some(Time(at(100))),
                ..Default::default()
            },
            involved_object: involved.clone(),
            reason: Some("Started".into()),
            message: Some("Started container web".into()),
            source: Some(EventSource {
                component: Some("kubelet".into()),
                host: Some("worker-1".into()),
            }),
            first_timestamp: Some(Time(at(100))),
            last_timestamp: Some(Time(at(100))),
            count: Some(1),
            type_: Some("Normal".into()),
            reporting_component: Some("kubelet".into()),
            reporting_instance: Some("worker-1".into()),
            ..Default::default()
        };
        let mut by_put = Store::new();
        by_put.put(whole.clone().into_object());
        let mut s = Store::new();
        s.put(event("default", "other", 150, Some(150)));
        s.start_recording();
        let report = NewEvent {
            uid: crate::sim::event_record::parse_uuid("6951c595-b9fd-4983-b97c-1e3b5d1f14c5")
                .expect("a uuid"),
            created: at(100),
            first: at(100),
            last: at(100),
            count: 1,
            type_: "Normal",
            reason: "Started",
            message: "Started container web",
            component: "kubelet",
            host: Some("worker-1"),
            reporting_component: "kubelet",
            reporting_instance: "worker-1",
            involved: crate::sim::event_record::InvolvedRef::of(&involved),
        };
        s.create_event("default", "web-0.1", &report);
        let stored = s.get_typed::<Event>("default", "web-0.1").cloned();
        let mut expected = whole.clone();
        expected.metadata.resource_version = stored
            .as_ref()
            .and_then(|e| e.metadata.resource_version.clone());
        assert_eq!(stored.as_ref(), Some(&expected));
        let mut put_copy = by_put.get_typed::<Event>("default", "web-0.1").cloned();
        if let Some(e) = &mut put_copy {
            e.metadata.resource_version = expected.metadata.resource_version.clone();
        }
        assert_eq!(put_copy.as_ref(), Some(&expected));
        assert_eq!(
            s.oldest_event().map(|(_, k)| k.name.to_string()),
            Some("web-0.1".to_string())
        );

        assert!(s.repeat_event("default", "web-0.1", 2, at(200), "Started container web"));
        assert!(!s.repeat_event("default", "gone", 2, at(200), "x"));
        let e = s.get_typed::<Event>("default", "web-0.1").cloned();
        assert_eq!(e.as_ref().and_then(|e| e.count), Some(2));
        assert_eq!(
            e.as_ref().and_then(|e| e.last_timestamp.clone()),
            Some(Time(at(200)))
        );
        assert_ne!(
            e.as_ref().and_then(|e| e.metadata.resource_version.clone()),
            expected.metadata.resource_version
        );
        assert_eq!(
            s.oldest_event().map(|(_, k)| k.name.to_string()),
            Some("other".to_string())
        );
        let seen: Vec<(ChangeOp, Option<i32>)> = s
            .take_recorded()
            .iter()
            .map(|(op, o)| (*op, Event::from_object(o).and_then(|e| e.count)))
            .collect();
        assert_eq!(
            seen,
            [(ChangeOp::Added, Some(1)), (ChangeOp::Modified, Some(2))]
        );
    }

    /// Inline keys compare a word at a time; whatever the strings (NULs, lengths either side of
    /// the inline limit, multi-byte characters), the order and equality are the strings'.
    #[test]
    fn key_strings_order_as_strings_do() {
        let mut rng = crate::sim::rng::Rng::new(3);
        let alphabet = ['\0', 'a', 'b', '-', 'z', 'é', '~'];
        let mut word = || {
            let len = rng.below(34) as usize;
            (0..len)
                .map(|_| alphabet[rng.below(alphabet.len() as u64) as usize])
                .collect::<String>()
        };
        let words: Vec<String> = (0..400).map(|_| word()).collect();
        for a in &words {
            for b in words.iter().take(60) {
                let (x, y) = (KeyStr::from(a), KeyStr::from(b));
                assert_eq!(x.cmp(&y), a.cmp(b), "{a:?} {b:?}");
                assert_eq!(x == y, a == b, "{a:?} {b:?}");
                // Prefixes: the shorter sorts first.
                let p = KeyStr::from(&a[..a.char_indices().last().map_or(0, |(i, _)| i)]);
                assert_eq!(p.cmp(&x), a[..p.len()].cmp(a.as_str()));
            }
        }
    }

    /// The store keeps a map a kind, found by the kind's number and walked in turn for store
    /// order: both rely on `Kind::ALL` listing the kinds in declaration order.
    #[test]
    fn kinds_are_numbered_in_store_order() {
        for (i, k) in Kind::ALL.into_iter().enumerate() {
            assert_eq!(k as usize, i, "{k:?}");
        }
        let mut s = Store::new();
        s.put(pod("default", "b"));
        s.put(Object::from(k8s_openapi::api::core::v1::Namespace {
            metadata: ObjectMeta {
                name: Some("z".into()),
                ..Default::default()
            },
            ..Default::default()
        }));
        s.put(pod("default", "a"));
        let names: Vec<String> = s.iter().map(|o| o.name().to_string()).collect();
        assert_eq!(names, ["z", "a", "b"]);
        assert_eq!(s.len(), 3);
    }

    #[test]
    fn every_write_bumps_the_resource_version_and_is_recorded() {
        let mut s = Store::new();
        let rv1 = s.put(pod("default", "a")).meta().resource_version.clone();
        let rv2 = s.put(pod("default", "a")).meta().resource_version.clone();
        assert_ne!(rv1, rv2);
        s.remove(&ObjKey::new(Kind::Pod, "default", "a"));
        let ops: Vec<_> = s.take_changes().into_iter().map(|c| c.op).collect();
        assert_eq!(
            ops,
            [ChangeOp::Added, ChangeOp::Modified, ChangeOp::Deleted]
        );
        assert!(s.is_empty());
    }
}
