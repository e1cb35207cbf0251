//! An ordered map for many large values: the keys in a B-tree with each value's position, the
//! values side by side in one vector. A B-tree's nodes are a third to a half empty (it splits
//! full nodes in two), and a node holding the values themselves wastes that share of them: for
//! half a million events of about 170 bytes, some 40 MB. Here the nodes hold 4-byte positions,
//! and the vector has no gaps but the places of removed values, which the next insert reuses.

use std::borrow::Borrow;
use std::collections::BTreeMap;
use std::collections::btree_map::Entry;
use std::ops::RangeBounds;

/// A map ordered by key, with values stored apart (see the module's doc).
#[derive(Clone, Debug)]
pub struct SlabMap<K, V> {
    at: BTreeMap<K, u32>,
    slots: Vec<Option<V>>,
    /// Places of removed values, reused last-freed first.
    free: Vec<u32>,
}

impl<K, V> Default for SlabMap<K, V> {
    fn default() -> SlabMap<K, V> {
        SlabMap {
            at: BTreeMap::new(),
            slots: Vec::new(),
            free: Vec::new(),
        }
    }
}

impl<K: Ord, V> SlabMap<K, V> {
    /// The value at place `i`.
    fn slot(&self, i: u32) -> Option<&V> {
        self.slots.get(i as usize).and_then(Option::as_ref)
    }

    /// How many entries there are.
    pub fn len(&self) -> usize {
        self.at.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.at.is_empty()
    }

    /// The value at `q`.
    pub fn get<Q: Ord + ?Sized>(&self, q: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.slot(*self.at.get(q)?)
    }

    /// The stored key and value at `q`.
    pub fn get_key_value<Q: Ord + ?Sized>(&self, q: &Q) -> Option<(&K, &V)>
    where
        K: Borrow<Q>,
    {
        let (k, &i) = self.at.get_key_value(q)?;
        Some((k, self.slot(i)?))
    }

    /// The value at `q`, to change in place.
    pub fn get_mut<Q: Ord + ?Sized>(&mut self, q: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
    {
        let i = *self.at.get(q)?;
        self.slots.get_mut(i as usize).and_then(Option::as_mut)
    }

    /// Whether there is a value at `q`.
    pub fn contains_key<Q: Ord + ?Sized>(&self, q: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.at.contains_key(q)
    }

    /// Puts `v` at `k`, returning the value it replaces (whose place it takes).
    pub fn insert(&mut self, k: K, v: V) -> Option<V> {
        match self.at.entry(k) {
            Entry::Occupied(e) => self
                .slots
                .get_mut(*e.get() as usize)
                .and_then(|s| s.replace(v)),
            Entry::Vacant(e) => {
                // A freed place is always below the vector's length: places are never dropped.
                let i = match self.free.pop() {
                    Some(i) if (i as usize) < self.slots.len() => {
                        self.slots[i as usize] = Some(v);
                        i
                    }
                    _ => {
                        self.slots.push(Some(v));
                        (self.slots.len() - 1) as u32
                    }
                };
                e.insert(i);
                None
            }
        }
    }

    /// Takes the value at `q` out, freeing its place.
    pub fn remove<Q: Ord + ?Sized>(&mut self, q: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        let i = self.at.remove(q)?;
        self.free.push(i);
        self.slots.get_mut(i as usize).and_then(Option::take)
    }

    /// Every entry, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.at
            .iter()
            .filter_map(|(k, &i)| Some((k, self.slot(i)?)))
    }

    /// The entries with keys in `range`, in key order.
    pub fn range<R: RangeBounds<K>>(&self, range: R) -> impl Iterator<Item = (&K, &V)> {
        self.at
            .range(range)
            .filter_map(|(k, &i)| Some((k, self.slot(i)?)))
    }
}

#[cfg(test)]
mod tests {
    use super::SlabMap;
    use std::collections::BTreeMap;

    /// Mixed inserts, replacements and removals agree with a `BTreeMap` at every step, and
    /// the vector never grows past the most entries held at once.
    #[test]
    fn behaves_as_an_ordered_map() {
        let mut m: SlabMap<u32, String> = SlabMap::default();
        let mut model: BTreeMap<u32, String> = BTreeMap::new();
        let mut most = 0;
        let mut x: u64 = 12345;
        for step in 0..20_000u32 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let k = ((x >> 33) % 500) as u32;
            match (x >> 20) % 3 {
                0 | 1 => assert_eq!(
                    m.insert(k, format!("v{step}")),
                    model.insert(k, format!("v{step}"))
                ),
                _ => assert_eq!(m.remove(&k), model.remove(&k)),
            }
            most = most.max(model.len());
            assert_eq!(m.len(), model.len());
            assert!(m.slots.len() <= most);
            assert_eq!(m.get(&k), model.get(&k));
            if step % 1000 == 0 {
                assert!(m.iter().eq(model.iter()));
                assert!(m.range(100..200).eq(model.range(100..200)));
            }
        }
        if let Some(v) = m.get_mut(&7) {
            v.push('!');
        }
        if let Some(v) = model.get_mut(&7) {
            v.push('!');
        }
        assert!(m.iter().eq(model.iter()));
        assert_eq!(m.get_key_value(&7), model.get_key_value(&7));
        assert_eq!(m.contains_key(&7), model.contains_key(&7));
    }
}
