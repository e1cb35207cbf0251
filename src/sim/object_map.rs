//! The stored objects of one kind: ordered by key for listing, and hashed for reading one.
//!
//! Almost every read in the control plane is of one object by its key: a kubelet reading its pod,
//! a controller reading each pod its index lists, the scheduler reading the pod it binds. In a
//! B-tree of 100,000 pods such a read walks five or six nodes, each a cache miss, comparing the
//! key with a dozen others on the way. Here the key's hash finds the object's place in one probe;
//! the B-tree (of keys and 4-byte places) is walked only to list objects in order.

use super::object::{Kind, Object};
use super::rng::FxState;
use super::store::ObjKey;
use hashbrown::HashTable;
use std::collections::BTreeMap;
use std::hash::{BuildHasher, Hasher};
use std::ops::RangeBounds;

/// One stored object with its key and the key's hash: the table grows without rehashing keys,
/// and a probe checks the key in the slot, without following the object's pointers to its name.
#[derive(Clone, Debug)]
struct Slot {
    hash: u64,
    key: ObjKey,
    object: Object,
}

/// Objects of one kind by key (see the module's doc).
#[derive(Clone, Debug, Default)]
pub struct ObjectMap {
    order: BTreeMap<ObjKey, u32>,
    slots: Vec<Option<Slot>>,
    /// Places of removed objects, reused last-freed first.
    free: Vec<u32>,
    table: HashTable<u32>,
}

/// The hash of a key from its parts: FxHash of kind, namespace and name, finished with
/// MurmurHash3's mix so the low bits a table indexes by depend on every byte.
pub(crate) fn key_hash(kind: Kind, namespace: &[u8], name: &[u8]) -> u64 {
    let mut h = FxState::default().build_hasher();
    h.write_u8(kind as u8);
    h.write(namespace);
    h.write_u8(0xff);
    h.write(name);
    let mut x = h.finish();
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// Whether `key` has these parts.
fn is_at(key: &ObjKey, kind: Kind, namespace: &[u8], name: &[u8]) -> bool {
    key.kind == kind && key.name.as_bytes() == name && key.namespace.as_bytes() == namespace
}

impl ObjectMap {
    /// How many objects there are.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    fn slot(&self, i: u32) -> Option<&Slot> {
        self.slots.get(i as usize).and_then(Option::as_ref)
    }

    /// The place of the object under these key parts.
    fn find(&self, kind: Kind, namespace: &[u8], name: &[u8]) -> Option<u32> {
        self.find_hashed(key_hash(kind, namespace, name), kind, namespace, name)
    }

    /// [`ObjectMap::find`] with the parts' hash already made.
    fn find_hashed(&self, hash: u64, kind: Kind, namespace: &[u8], name: &[u8]) -> Option<u32> {
        self.table
            .find(hash, |&i| {
                self.slot(i)
                    .is_some_and(|s| s.hash == hash && is_at(&s.key, kind, namespace, name))
            })
            .copied()
    }

    /// The object of `kind` at `namespace`/`name` (namespace "" for a cluster-scoped kind).
    pub fn get_parts(&self, kind: Kind, namespace: &str, name: &str) -> Option<&Object> {
        let i = self.find(kind, namespace.as_bytes(), name.as_bytes())?;
        self.slot(i).map(|s| &s.object)
    }

    /// The object at `key`.
    pub fn get(&self, key: &ObjKey) -> Option<&Object> {
        let i = self.find(key.kind, key.namespace.as_bytes(), key.name.as_bytes())?;
        self.slot(i).map(|s| &s.object)
    }

    /// Whether there is an object at `key`.
    pub fn contains_key(&self, key: &ObjKey) -> bool {
        self.get(key).is_some()
    }

    /// The object at `key`, to change in place.
    pub fn get_mut(&mut self, key: &ObjKey) -> Option<&mut Object> {
        let i = self.find(key.kind, key.namespace.as_bytes(), key.name.as_bytes())?;
        self.slots
            .get_mut(i as usize)
            .and_then(Option::as_mut)
            .map(|s| &mut s.object)
    }

    /// Stores `object` at `key`, replacing the object there; returns the stored object.
    pub fn insert(&mut self, key: ObjKey, object: Object) -> &Object {
        let (kind, ns, name) = (key.kind, key.namespace.as_bytes(), key.name.as_bytes());
        let hash = key_hash(kind, ns, name);
        let i = match self.find_hashed(hash, kind, ns, name) {
            Some(i) => i,
            None => {
                // A freed place is always below the vector's length: places are never dropped.
                let i = match self.free.pop() {
                    Some(i) if (i as usize) < self.slots.len() => i,
                    _ => {
                        self.slots.push(None);
                        (self.slots.len() - 1) as u32
                    }
                };
                let slots = &self.slots;
                self.table.insert_unique(hash, i, |&j| {
                    slots
                        .get(j as usize)
                        .and_then(Option::as_ref)
                        .map_or(0, |s| s.hash)
                });
                self.order.insert(key.clone(), i);
                i
            }
        };
        let slot = &mut self.slots[i as usize];
        &slot.insert(Slot { hash, key, object }).object
    }

    /// Takes the object at `key` out, freeing its place.
    pub fn remove(&mut self, key: &ObjKey) -> Option<Object> {
        let (kind, ns, name) = (key.kind, key.namespace.as_bytes(), key.name.as_bytes());
        let hash = key_hash(kind, ns, name);
        let slots = &self.slots;
        let entry = self
            .table
            .find_entry(hash, |&i| {
                slots
                    .get(i as usize)
                    .and_then(Option::as_ref)
                    .is_some_and(|s| s.hash == hash && is_at(&s.key, kind, ns, name))
            })
            .ok()?;
        let (i, _) = entry.remove();
        self.order.remove(key);
        self.free.push(i);
        self.slots
            .get_mut(i as usize)
            .and_then(Option::take)
            .map(|s| s.object)
    }

    /// Every object, in key order.
    pub fn values(&self) -> impl Iterator<Item = &Object> {
        self.order
            .values()
            .filter_map(|&i| self.slot(i).map(|s| &s.object))
    }

    /// The entries with keys in `range`, in key order.
    pub fn range<R: RangeBounds<ObjKey>>(
        &self,
        range: R,
    ) -> impl Iterator<Item = (&ObjKey, &Object)> {
        self.order
            .range(range)
            .filter_map(|(k, &i)| Some((k, &self.slot(i)?.object)))
    }
}

#[cfg(test)]
mod tests {
    use super::ObjectMap;
    use crate::sim::object::{Kind, Object};
    use crate::sim::store::ObjKey;
    use std::collections::BTreeMap;

    fn object(kind: Kind, ns: &str, name: &str) -> Object {
        let mut o = Object::from_json(
            kind,
            serde_json::json!({"metadata": {"name": name, "namespace": ns}}),
        )
        .expect("a bare object decodes");
        o.meta_mut().resource_version = Some(format!("{ns}/{name}"));
        o
    }

    /// Mixed inserts, replacements and removals of pods and nodes (cluster-scoped, read with
    /// an empty namespace) agree with a `BTreeMap` at every step: reads by key, listing in key
    /// order and ranges; removed places are reused, so the slots never outgrow the most
    /// objects held at once.
    #[test]
    fn behaves_as_an_ordered_map() {
        let mut m = ObjectMap::default();
        let mut model: BTreeMap<ObjKey, String> = BTreeMap::new();
        let mut rng = crate::sim::rng::Rng::new(7);
        let mut most = 0;
        for step in 0..20_000u32 {
            let (kind, ns) = if rng.below(3) == 0 {
                (Kind::Node, "")
            } else {
                (
                    Kind::Pod,
                    ["default", "a-much-longer-namespace-name-x"][rng.below(2) as usize],
                )
            };
            // Names long enough to be kept apart from the key's inline bytes, some of them.
            let name = format!("{}-{}", "n".repeat(rng.below(40) as usize), rng.below(300));
            let key = ObjKey::new(kind, ns, &name);
            match rng.below(4) {
                0 => {
                    let gone = m.remove(&key).map(|o| o.name().to_string());
                    assert_eq!(
                        gone,
                        model.remove(&key).map(|_| name.clone()),
                        "step {step}"
                    );
                }
                _ => {
                    let o = object(kind, ns, &name);
                    let rv = format!("{ns}/{name}/{step}");
                    let mut o2 = o.clone();
                    o2.meta_mut().resource_version = Some(rv.clone());
                    let stored = m.insert(key.clone(), o2);
                    assert_eq!(stored.meta().resource_version.as_deref(), Some(rv.as_str()));
                    model.insert(key.clone(), rv);
                }
            }
            most = most.max(model.len());
            let read = m
                .get_parts(kind, ns, &name)
                .and_then(|o| o.meta().resource_version.clone());
            assert_eq!(read.as_ref(), model.get(&key), "step {step}");
            assert_eq!(m.contains_key(&key), model.contains_key(&key));
            assert_eq!(m.len(), model.len());
        }
        let listed: Vec<String> = m
            .values()
            .filter_map(|o| o.meta().resource_version.clone())
            .collect();
        assert_eq!(listed, model.values().cloned().collect::<Vec<_>>());
        let from = ObjKey::new(Kind::Pod, "default", "");
        let ranged: Vec<&ObjKey> = m.range(from.clone()..).map(|(k, _)| k).collect();
        assert_eq!(
            ranged,
            model.range(from..).map(|(k, _)| k).collect::<Vec<_>>()
        );
        assert!(
            m.slots.len() <= most,
            "{} slots for at most {most}",
            m.slots.len()
        );
        // A get_mut change is read back, under the same key.
        if let Some((k, _)) = model.iter().next() {
            let k = k.clone();
            if let Some(o) = m.get_mut(&k) {
                o.meta_mut().resource_version = Some("changed".into());
            }
            let back = m.get(&k).and_then(|o| o.meta().resource_version.clone());
            assert_eq!(back.as_deref(), Some("changed"));
        }
    }

    /// A cluster-scoped object whose metadata carries a namespace is still found under the
    /// empty namespace, as the store keys it.
    #[test]
    fn cluster_scoped_objects_are_found_without_namespace() {
        let mut m = ObjectMap::default();
        let key = ObjKey::new(Kind::Node, "ignored", "worker-1");
        m.insert(key.clone(), object(Kind::Node, "", "worker-1"));
        assert!(m.get_parts(Kind::Node, "", "worker-1").is_some());
        assert!(m.get(&key).is_some());
        assert!(m.get_parts(Kind::Node, "", "worker-2").is_none());
        assert!(m.get_parts(Kind::Pod, "", "worker-1").is_none());
    }
}
