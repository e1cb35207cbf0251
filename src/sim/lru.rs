//! A least-recently-used cache of 128-bit keys, as compact as it can be: each kubelet and
//! controller keeps three of them (client-go's event correlator, `super::event_correlator`),
//! and a cluster of 100,000 pods holds some 700,000 entries.
//!
//! Entries live side by side in one vector, linked newest to oldest by their positions; a
//! linear-probing table of positions (4 bytes a bucket, at most half full) finds them by key.
//! Nothing depends on hash order: the same calls give the same evictions.

/// A position in `slots`, or none.
type Pos = u32;
const NIL: Pos = Pos::MAX;

/// One entry and its neighbours in recency order.
#[derive(Clone, Debug)]
struct Slot<V> {
    /// The key, as two words (a `u128` would align the whole slot to 16 bytes).
    key: [u64; 2],
    newer: Pos,
    older: Pos,
    value: V,
}

/// A `groupcache/lru.Cache` of 128-bit keys: `get` and `add` make an entry the most recent,
/// and an `add` past the capacity evicts the least recent.
#[derive(Clone, Debug)]
pub struct Lru<V> {
    slots: Vec<Slot<V>>,
    /// Positions in `slots` by key hash, [`NIL`] for an empty bucket; its length is a power of
    /// two at least twice the entries.
    table: Vec<Pos>,
    newest: Pos,
    oldest: Pos,
    capacity: usize,
}

fn split(key: u128) -> [u64; 2] {
    [(key >> 64) as u64, key as u64]
}

/// The bucket a key starts its search from. The keys are FNV hashes, whose low bits mix
/// poorly, so both words are folded and mixed (splitmix64's finaliser).
fn home(key: [u64; 2], mask: usize) -> usize {
    let mut z = key[0] ^ key[1].rotate_left(32);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    z as usize & mask
}

impl<V> Lru<V> {
    /// An empty cache of at most `capacity` entries (at least one).
    pub fn new(capacity: usize) -> Lru<V> {
        Lru {
            slots: Vec::new(),
            table: Vec::new(),
            newest: NIL,
            oldest: NIL,
            capacity: capacity.max(1),
        }
    }

    /// How many entries it holds.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// The table bucket holding `key`'s position, if it is here.
    fn find(&self, key: [u64; 2]) -> Option<usize> {
        if self.table.is_empty() {
            return None;
        }
        let mask = self.table.len() - 1;
        let mut b = home(key, mask);
        loop {
            let p = self.table[b];
            if p == NIL {
                return None;
            }
            if self.slots[p as usize].key == key {
                return Some(b);
            }
            b = (b + 1) & mask;
        }
    }

    /// The table bucket holding position `pos` (which must be in the table).
    fn bucket_of(&self, pos: Pos) -> usize {
        let mask = self.table.len() - 1;
        let mut b = home(self.slots[pos as usize].key, mask);
        while self.table[b] != pos {
            b = (b + 1) & mask;
        }
        b
    }

    fn place(table: &mut [Pos], key: [u64; 2], pos: Pos) {
        let mask = table.len() - 1;
        let mut b = home(key, mask);
        while table[b] != NIL {
            b = (b + 1) & mask;
        }
        table[b] = pos;
    }

    /// Empties bucket `b`, moving later entries of its run back so every search still finds
    /// them (backward-shift deletion, Knuth's Algorithm R).
    fn clear_bucket(&mut self, mut b: usize) {
        let mask = self.table.len() - 1;
        let mut next = (b + 1) & mask;
        loop {
            let p = self.table[next];
            if p == NIL {
                break;
            }
            let h = home(self.slots[p as usize].key, mask);
            // Move it back unless its home lies cyclically in (b, next].
            let stays = if b <= next {
                b < h && h <= next
            } else {
                b < h || h <= next
            };
            if !stays {
                self.table[b] = p;
                b = next;
            }
            next = (next + 1) & mask;
        }
        self.table[b] = NIL;
    }

    fn grow_table(&mut self) {
        let size = (self.table.len() * 2).max(8);
        let mut table = vec![NIL; size];
        for (i, s) in self.slots.iter().enumerate() {
            Self::place(&mut table, s.key, i as Pos);
        }
        self.table = table;
    }

    /// The neighbours of the slot at `pos`: (newer, older).
    fn links(&self, pos: Pos) -> (Pos, Pos) {
        let s = &self.slots[pos as usize];
        (s.newer, s.older)
    }

    /// Points the neighbours `(newer, older)` of one place in the list: the newer one's `older`
    /// link (or `newest`, at the top) to `down`, the older one's `newer` link (or `oldest`, at
    /// the bottom) to `up`. Unlinking, moving and pushing a slot are each one call.
    fn repoint(&mut self, (newer, older): (Pos, Pos), down: Pos, up: Pos) {
        match newer {
            NIL => self.newest = down,
            n => self.slots[n as usize].older = down,
        }
        match older {
            NIL => self.oldest = up,
            o => self.slots[o as usize].newer = up,
        }
    }

    fn unlink(&mut self, pos: Pos) {
        let (newer, older) = self.links(pos);
        self.repoint((newer, older), older, newer);
    }

    /// Removes the entry at `pos` (found at table bucket `bucket`) and returns its value. The
    /// last slot moves into its place, so the slots stay side by side.
    fn remove_at(&mut self, pos: Pos, bucket: usize) -> V {
        self.unlink(pos);
        self.clear_bucket(bucket);
        let last = (self.slots.len() - 1) as Pos;
        if pos != last {
            let b = self.bucket_of(last);
            self.table[b] = pos;
            // Its neighbours now find it at `pos`.
            self.repoint(self.links(last), pos, pos);
        }
        self.slots.swap_remove(pos as usize).value
    }

    /// Removes and returns the entry of `key`. Followed by an `add` of the same key, this is
    /// upstream's `Get` then `Add`: both leave the entry the most recent.
    pub fn take(&mut self, key: u128) -> Option<V> {
        let key = split(key);
        let b = self.find(key)?;
        let pos = self.table[b];
        Some(self.remove_at(pos, b))
    }

    /// `Add`: the entry of `key` is `v` and the most recent; past capacity, the least recent
    /// entry is evicted.
    pub fn add(&mut self, key: u128, v: V) {
        let key = split(key);
        if let Some(b) = self.find(key) {
            let pos = self.table[b];
            self.remove_at(pos, b);
        }
        if (self.slots.len() + 1) * 2 > self.table.len() {
            self.grow_table();
        }
        if self.slots.len() == self.slots.capacity() {
            // Half again, not double: a kubelet's caches hold a few hundred entries each, and
            // doubling would leave a third of the room unused on average.
            let more = (self.slots.len() / 2).max(4);
            self.slots.reserve_exact(more);
        }
        let pos = self.slots.len() as Pos;
        let older = self.newest;
        self.slots.push(Slot {
            key,
            newer: NIL,
            older,
            value: v,
        });
        // On top of the list: it is the newest, and the old newest (or, in an empty list, the
        // bottom) points up to it.
        self.repoint((NIL, older), pos, pos);
        Self::place(&mut self.table, key, pos);
        while self.slots.len() > self.capacity {
            self.pop_oldest();
        }
    }

    fn pop_oldest(&mut self) -> Option<V> {
        let pos = self.oldest;
        if pos == NIL {
            return None;
        }
        let b = self.bucket_of(pos);
        Some(self.remove_at(pos, b))
    }

    /// Drops least-recent entries while `absent` says they are the same as no entry. Only the
    /// least recent go, so every other entry keeps the same number of more recent entries ahead
    /// of it, and is evicted exactly when it would have been.
    pub fn drop_oldest_while(&mut self, absent: impl Fn(&V) -> bool) {
        while self.oldest != NIL && absent(&self.slots[self.oldest as usize].value) {
            self.pop_oldest();
        }
    }

    /// The keys from the most recent to the least (for tests).
    #[cfg(test)]
    fn keys_by_recency(&self) -> Vec<u128> {
        let mut out = Vec::new();
        let mut p = self.newest;
        while p != NIL {
            let s = &self.slots[p as usize];
            out.push((u128::from(s.key[0]) << 64) | u128::from(s.key[1]));
            p = s.older;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::VecDeque;

    /// The cache against a plain model (a list, most recent first) over a long run of mixed
    /// calls with keys that collide in the table: same contents, same order, same evictions.
    #[test]
    fn behaves_as_a_list_ordered_by_recency() {
        let mut lru: Lru<u32> = Lru::new(37);
        let mut model: VecDeque<(u128, u32)> = VecDeque::new();
        let mut rng = crate::sim::rng::Rng::new(7);
        for step in 0..20_000u32 {
            // Few distinct keys, so hits, removals and evictions all happen often.
            let key = u128::from(rng.below(80)) * 0x1_0000_0000_0000_0001;
            match rng.below(10) {
                0..=5 => {
                    lru.add(key, step);
                    model.retain(|(k, _)| *k != key);
                    model.push_front((key, step));
                    model.truncate(37);
                }
                6..=8 => {
                    let got = lru.take(key);
                    let want = model.iter().position(|(k, _)| *k == key);
                    assert_eq!(got, want.and_then(|i| model.remove(i)).map(|(_, v)| v));
                }
                _ => {
                    let cutoff = step.saturating_sub(300);
                    lru.drop_oldest_while(|v| *v < cutoff);
                    while model.back().is_some_and(|(_, v)| *v < cutoff) {
                        model.pop_back();
                    }
                }
            }
            assert_eq!(lru.len(), model.len());
            assert_eq!(
                lru.keys_by_recency(),
                model.iter().map(|(k, _)| *k).collect::<Vec<_>>(),
                "step {step}"
            );
            for (k, v) in &model {
                let b = lru.find(split(*k)).expect("every entry is found");
                assert_eq!(lru.slots[lru.table[b] as usize].value, *v);
            }
        }
    }

    #[test]
    fn the_table_stays_at_most_half_full() {
        let mut lru: Lru<()> = Lru::new(4096);
        for k in 0..3000u128 {
            lru.add(k << 70, ());
            assert!(lru.len() * 2 <= lru.table.len());
        }
        assert!(!lru.is_empty());
    }
}
