//! The stored events: found by name through a hash table, and ordered by when each was last seen.
//!
//! A cluster of 100,000 pods holds half a million events, and nearly every access to them is by
//! name (a component writing or counting up its event) or by time (the events pane reading the
//! newest, the API server's TTL removing the oldest). So the names are hashed, not kept in a
//! B-tree: a write finds its place in one probe, where a tree of half a million names walks six
//! nodes comparing 40-byte names. The time index is ordered by when an event was last seen,
//! then by write: new events go in at its end, the node a write last touched. Listing in store
//! order (`kubectl get events`, `describe`) is the rare case, and sorts the events it lists.

use super::object::Kind;
use super::object_map::key_hash;
use super::rng::FxState;
use hashbrown::{HashMap, HashTable};
use jiff::Timestamp;
use std::collections::BTreeMap;

/// One stored event with its name, the name's hash (the table grows without hashing names
/// again) and its place in the time index. The namespace is a number: a cluster has a few, and
/// its half a million events would each repeat one.
#[derive(Clone, Debug)]
struct Entry<V> {
    hash: u64,
    namespace: u32,
    name: Box<str>,
    at: TimeKey,
    value: V,
}

/// Where an event is stored: its namespace and name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct EventName<'a> {
    /// `metadata.namespace`.
    pub namespace: &'a str,
    /// `metadata.name`.
    pub name: &'a str,
}

/// A place in the time index: when the event was last seen, then the table's write count when
/// it was written (so of two events seen at one instant, the one written last is the newer).
type TimeKey = (Timestamp, u64);

/// Places in fixed-size chunks, not one vector: a vector of half a million events grows by
/// copying itself whole, and while it copies, both the old and the new buffer are resident
/// (twice what the events need at that moment, where an allocator cannot move pages instead).
#[derive(Clone, Debug)]
struct Chunks<T> {
    chunks: Vec<Vec<Option<T>>>,
}

/// Places in a chunk (in tests, few, so that a test's events span many).
#[cfg(not(test))]
const CHUNK: usize = 1024;
#[cfg(test)]
const CHUNK: usize = 64;

impl<T> Chunks<T> {
    /// How many places there are, empty or not.
    fn len(&self) -> usize {
        self.chunks
            .last()
            .map_or(0, |c| (self.chunks.len() - 1) * CHUNK + c.len())
    }

    fn get(&self, i: u32) -> Option<&T> {
        let i = i as usize;
        self.chunks.get(i / CHUNK)?.get(i % CHUNK)?.as_ref()
    }

    /// Place `i`, to fill, change or empty.
    fn place(&mut self, i: u32) -> Option<&mut Option<T>> {
        let i = i as usize;
        self.chunks.get_mut(i / CHUNK)?.get_mut(i % CHUNK)
    }

    /// Adds an empty place, returning its number.
    fn push_empty(&mut self) -> u32 {
        let full = self.chunks.last().is_none_or(|c| c.len() == CHUNK);
        if full {
            self.chunks.push(Vec::with_capacity(CHUNK));
        }
        if let Some(c) = self.chunks.last_mut() {
            c.push(None);
        }
        (self.len() - 1) as u32
    }

    fn iter(&self) -> impl Iterator<Item = &T> {
        self.chunks.iter().flatten().flatten()
    }
}

/// Events by name and by time (see the module's doc).
#[derive(Clone, Debug)]
pub struct EventTable<V> {
    slots: Chunks<Entry<V>>,
    /// Places of removed events, reused last-freed first.
    free: Vec<u32>,
    table: HashTable<u32>,
    by_time: BTreeMap<TimeKey, u32>,
    writes: u64,
    /// The namespaces events were written in, by number, and their numbers.
    namespaces: Vec<Box<str>>,
    namespace_numbers: HashMap<Box<str>, u32, FxState>,
}

/// The hash of an event's key (as the store's other maps hash keys).
fn hash(namespace: &str, name: &str) -> u64 {
    key_hash(Kind::Event, namespace.as_bytes(), name.as_bytes())
}

/// Whether `e` is the event `name` in `namespace`, whose hash is `hash` (its namespace
/// numbered in `namespaces`). A free function: a removal asks it while it holds the table.
fn is_at<V>(namespaces: &[Box<str>], e: &Entry<V>, hash: u64, namespace: &str, name: &str) -> bool {
    e.hash == hash
        && *e.name == *name
        && namespaces
            .get(e.namespace as usize)
            .is_some_and(|n| **n == *namespace)
}

impl<V> Default for EventTable<V> {
    fn default() -> EventTable<V> {
        EventTable {
            slots: Chunks { chunks: Vec::new() },
            free: Vec::new(),
            table: HashTable::new(),
            by_time: BTreeMap::new(),
            writes: 0,
            namespaces: Vec::new(),
            namespace_numbers: HashMap::default(),
        }
    }
}

impl<V> EventTable<V> {
    /// How many events there are.
    pub fn len(&self) -> usize {
        self.by_time.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.by_time.is_empty()
    }

    fn entry(&self, i: u32) -> Option<&Entry<V>> {
        self.slots.get(i)
    }

    /// The namespace numbered `n`.
    fn namespace(&self, n: u32) -> &str {
        self.namespaces.get(n as usize).map_or("", |s| s)
    }

    /// Where `e` is stored.
    fn name_of<'a>(&'a self, e: &'a Entry<V>) -> EventName<'a> {
        EventName {
            namespace: self.namespace(e.namespace),
            name: &e.name,
        }
    }

    /// The number of `namespace`, given it if it has none yet.
    fn number(&mut self, namespace: &str) -> u32 {
        if let Some(&n) = self.namespace_numbers.get(namespace) {
            return n;
        }
        let n = self.namespaces.len() as u32;
        self.namespaces.push(namespace.into());
        self.namespace_numbers.insert(namespace.into(), n);
        n
    }

    /// The place of the event `name` in `namespace`, whose hash is `hash`.
    fn find(&self, hash: u64, namespace: &str, name: &str) -> Option<u32> {
        self.table
            .find(hash, |&i| {
                self.entry(i)
                    .is_some_and(|e| is_at(&self.namespaces, e, hash, namespace, name))
            })
            .copied()
    }

    /// The event named `name` in `namespace`, with where it is stored.
    pub fn get(&self, namespace: &str, name: &str) -> Option<(EventName<'_>, &V)> {
        let e = self.entry(self.find(hash(namespace, name), namespace, name)?)?;
        Some((self.name_of(e), &e.value))
    }

    /// The event named `name` in `namespace`, to change in place (its time stays as it was).
    pub fn get_mut(&mut self, namespace: &str, name: &str) -> Option<&mut V> {
        let i = self.find(hash(namespace, name), namespace, name)?;
        self.slots
            .place(i)
            .and_then(Option::as_mut)
            .map(|e| &mut e.value)
    }

    /// Whether there is an event named `name` in `namespace`.
    pub fn contains(&self, namespace: &str, name: &str) -> bool {
        self.find(hash(namespace, name), namespace, name).is_some()
    }

    /// Puts `value` as the event `name` in `namespace`, last seen at `time`, returning the
    /// event it replaces (whose place it takes, moved to `time` in the time index).
    pub fn insert(&mut self, namespace: &str, name: &str, time: Timestamp, value: V) -> Option<V> {
        let hash = hash(namespace, name);
        self.writes += 1;
        let at = (time, self.writes);
        if let Some(i) = self.find(hash, namespace, name)
            && let Some(e) = self.slots.place(i).and_then(Option::as_mut)
        {
            self.by_time.remove(&e.at);
            self.by_time.insert(at, i);
            e.at = at;
            return Some(std::mem::replace(&mut e.value, value));
        }
        let namespace = self.number(namespace);
        // A freed place is always below the vector's length: places are never dropped.
        let i = match self.free.pop() {
            Some(i) if (i as usize) < self.slots.len() => i,
            _ => self.slots.push_empty(),
        };
        let slots = &self.slots;
        self.table
            .insert_unique(hash, i, |&j| slots.get(j).map_or(0, |e| e.hash));
        self.by_time.insert(at, i);
        if let Some(place) = self.slots.place(i) {
            *place = Some(Entry {
                hash,
                namespace,
                name: name.into(),
                at,
                value,
            });
        }
        None
    }

    /// Changes the event named `name` in `namespace` with `f`, which gives the time it was
    /// last seen after the change, and moves it there in the time index (as a write of it
    /// would). Returns false, calling nothing, if there is no such event.
    pub fn change(
        &mut self,
        namespace: &str,
        name: &str,
        f: impl FnOnce(&mut V) -> Timestamp,
    ) -> bool {
        let Some(i) = self.find(hash(namespace, name), namespace, name) else {
            return false;
        };
        let Some(e) = self.slots.place(i).and_then(Option::as_mut) else {
            return false;
        };
        self.writes += 1;
        let at = (f(&mut e.value), self.writes);
        self.by_time.remove(&e.at);
        self.by_time.insert(at, i);
        e.at = at;
        true
    }

    /// Takes the event named `name` in `namespace` out, freeing its place.
    pub fn remove(&mut self, namespace: &str, name: &str) -> Option<V> {
        let hash = hash(namespace, name);
        let (slots, namespaces) = (&self.slots, &self.namespaces);
        let found = self.table.find_entry(hash, |&i| {
            slots
                .get(i)
                .is_some_and(|e| is_at(namespaces, e, hash, namespace, name))
        });
        let (i, _) = found.ok()?.remove();
        self.free.push(i);
        let e = self.slots.place(i).and_then(Option::take)?;
        self.by_time.remove(&e.at);
        Some(e.value)
    }

    /// Every event, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (EventName<'_>, &V)> {
        self.slots.iter().map(|e| (self.name_of(e), &e.value))
    }

    /// The events in `namespace` (or all) that `keep` keeps, in store order (by namespace,
    /// then name): sorted here, as only a listing asks for it.
    pub fn in_key_order<'a>(
        &'a self,
        namespace: Option<&str>,
        keep: impl Fn(EventName<'_>, &V) -> bool,
    ) -> Vec<(EventName<'a>, &'a V)> {
        let mut found: Vec<(EventName<'_>, &V)> = self
            .iter()
            .filter(|&(k, v)| namespace.is_none_or(|n| k.namespace == n) && keep(k, v))
            .collect();
        found.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        found
    }

    /// The events, the most recently seen first (and of those seen at one instant, the last
    /// written first).
    pub fn newest_first(&self) -> impl Iterator<Item = (EventName<'_>, &V)> {
        self.by_time
            .values()
            .rev()
            .filter_map(|&i| self.entry(i).map(|e| (self.name_of(e), &e.value)))
    }

    /// The least recently seen event's time and where it is stored.
    pub fn oldest(&self) -> Option<(Timestamp, EventName<'_>)> {
        let (&(t, _), &i) = self.by_time.first_key_value()?;
        self.entry(i).map(|e| (t, self.name_of(e)))
    }
}

#[cfg(test)]
mod tests {
    use super::{EventName, EventTable};
    use jiff::Timestamp;
    use std::collections::BTreeMap;

    /// A namespace and name, owned: the model's key.
    type Key = (String, String);

    fn owned(k: EventName<'_>) -> Key {
        (k.namespace.to_string(), k.name.to_string())
    }

    fn at(s: i64) -> Timestamp {
        Timestamp::from_second(s).unwrap_or(Timestamp::UNIX_EPOCH)
    }

    /// Mixed inserts, replacements and removals agree with a model at every step: by name,
    /// in store order, by time (ties in write order) and in the places held, which
    /// never grow past the most events held at once.
    #[test]
    fn agrees_with_a_model_by_name_and_by_time() {
        let mut t: EventTable<u32> = EventTable::default();
        // name -> (time, write number, value)
        let mut model: BTreeMap<Key, (i64, u64, u32)> = BTreeMap::new();
        let (mut most, mut writes) = (0, 0u64);
        let mut x: u64 = 99;
        for step in 0..20_000u32 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let ns = ["default", "kube-system"][(x >> 60) as usize % 2];
            // Long names, as events' are, and short ones.
            let name = if (x >> 40).is_multiple_of(2) {
                format!("web-{}.187a3f0c9d2e4b51", (x >> 33) % 300)
            } else {
                format!("p{}", (x >> 33) % 300)
            };
            let k: Key = (ns.to_string(), name);
            let time = ((x >> 20) % 50) as i64;
            match (x >> 16) % 4 {
                0..=2 => {
                    writes += 1;
                    let old = model.insert(k.clone(), (time, writes, step)).map(|m| m.2);
                    assert_eq!(t.insert(&k.0, &k.1, at(time), step), old, "step {step}");
                }
                _ => assert_eq!(
                    t.remove(&k.0, &k.1),
                    model.remove(&k).map(|m| m.2),
                    "step {step}"
                ),
            }
            most = most.max(model.len());
            assert_eq!(t.len(), model.len());
            assert!(t.slots.len() <= most, "step {step}");
            if step % 500 == 0 {
                for (k, m) in &model {
                    let got = t.get(&k.0, &k.1);
                    assert_eq!(got.map(|(s, v)| (owned(s), *v)), Some((k.clone(), m.2)));
                    assert!(t.contains(&k.0, &k.1));
                }
                let listed: Vec<(Key, u32)> = t
                    .in_key_order(None, |_, _| true)
                    .into_iter()
                    .map(|(k, v)| (owned(k), *v))
                    .collect();
                let want: Vec<(Key, u32)> = model.iter().map(|(k, m)| (k.clone(), m.2)).collect();
                assert_eq!(listed, want);
                let system: Vec<u32> = t
                    .in_key_order(Some("kube-system"), |_, &v| v % 2 == 0)
                    .into_iter()
                    .map(|(_, v)| *v)
                    .collect();
                let want: Vec<u32> = model
                    .iter()
                    .filter(|(k, m)| k.0 == "kube-system" && m.2 % 2 == 0)
                    .map(|(_, m)| m.2)
                    .collect();
                assert_eq!(system, want);
                let mut by_time: Vec<(i64, u64, u32)> = model.values().copied().collect();
                by_time.sort();
                let newest: Vec<u32> = t.newest_first().map(|(_, v)| *v).collect();
                let want: Vec<u32> = by_time.iter().rev().map(|m| m.2).collect();
                assert_eq!(newest, want, "step {step}");
                let oldest = model
                    .iter()
                    .min_by_key(|(_, m)| (m.0, m.1))
                    .map(|(k, m)| (at(m.0), k.clone()));
                assert_eq!(t.oldest().map(|(t, k)| (t, owned(k))), oldest);
            }
        }
    }

    /// Changing an event in place keeps its place in time; writing it again moves it.
    #[test]
    fn a_change_in_place_keeps_the_time_and_a_write_moves_it() {
        let mut t: EventTable<&str> = EventTable::default();
        t.insert("default", "a", at(10), "a1");
        t.insert("default", "b", at(20), "b1");
        assert!(!t.contains("kube-system", "a"));
        if let Some(v) = t.get_mut("default", "a") {
            *v = "a2";
        }
        let order = |t: &EventTable<&'static str>| -> Vec<&'static str> {
            t.newest_first().map(|(_, v)| *v).collect()
        };
        assert_eq!(order(&t), ["b1", "a2"]);
        assert_eq!(t.insert("default", "a", at(30), "a3"), Some("a2"));
        assert_eq!(order(&t), ["a3", "b1"]);
        assert_eq!(t.oldest().map(|(s, k)| (s, k.name)), Some((at(20), "b")));
    }
}
