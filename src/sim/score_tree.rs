//! A segment tree over the scheduler's node positions holding each node's score key for one
//! controller, with the count of nodes at the minimum: the best nodes in any run of positions,
//! and the k-th of them in name order, are found in a few dozen steps instead of reading every
//! node in the run. kube-scheduler examines up to 42% of a big cluster's nodes for each pod
//! (`numFeasibleNodesToFind`); the simulator finds the same nodes and the same ties without
//! reading them one by one, so a cluster ten times the size does not cost forty times the
//! scheduling.

/// The key of a position no pod may be placed at by the tree (the node is read one by one).
pub const EXCLUDED: i64 = i64::MAX;

/// Minimum keys and how many positions hold them, over runs of positions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScoreTree {
    /// Leaves start at `size`; node `i` covers its children `2i` and `2i + 1`.
    min: Vec<i64>,
    count: Vec<u32>,
    size: usize,
    len: usize,
}

impl ScoreTree {
    /// A tree over `keys`, one per position ([`EXCLUDED`] for a position left out).
    pub fn new(keys: impl ExactSizeIterator<Item = i64>) -> ScoreTree {
        let len = keys.len();
        let size = len.next_power_of_two().max(1);
        let mut min = vec![EXCLUDED; 2 * size];
        let mut count = vec![0; 2 * size];
        for (i, k) in keys.enumerate() {
            min[size + i] = k;
            count[size + i] = u32::from(k != EXCLUDED);
        }
        let mut t = ScoreTree {
            min,
            count,
            size,
            len,
        };
        for i in (1..size).rev() {
            t.pull(i);
        }
        t
    }

    fn pull(&mut self, i: usize) {
        let (l, r) = (2 * i, 2 * i + 1);
        let (ml, mr) = (self.min[l], self.min[r]);
        self.min[i] = ml.min(mr);
        self.count[i] = if ml == mr {
            self.count[l].saturating_add(self.count[r])
        } else if ml < mr {
            self.count[l]
        } else {
            self.count[r]
        };
    }

    /// Sets the key at `at` (a position past the end is ignored).
    pub fn set(&mut self, at: usize, key: i64) {
        if at >= self.len {
            return;
        }
        let mut i = self.size + at;
        if self.min[i] == key {
            return;
        }
        self.min[i] = key;
        self.count[i] = u32::from(key != EXCLUDED);
        while i > 1 {
            i /= 2;
            self.pull(i);
        }
    }

    /// The least key over positions `lo..hi` and how many positions hold it; `(EXCLUDED, 0)`
    /// for a run with no position in the tree.
    pub fn min_count(&self, lo: usize, hi: usize) -> (i64, u32) {
        let (mut best, mut n) = (EXCLUDED, 0u32);
        let mut take = |i: usize| {
            let m = self.min[i];
            if m < best {
                best = m;
                n = self.count[i];
            } else if m == best {
                n = n.saturating_add(self.count[i]);
            }
        };
        let (mut l, mut r) = (lo.min(self.len) + self.size, hi.min(self.len) + self.size);
        while l < r {
            if l & 1 == 1 {
                take(l);
                l += 1;
            }
            if r & 1 == 1 {
                r -= 1;
                take(r);
            }
            l /= 2;
            r /= 2;
        }
        if best == EXCLUDED {
            (EXCLUDED, 0)
        } else {
            (best, n)
        }
    }

    /// The `k`-th (from 0) position in `lo..hi`, in position order, whose key is `best`, where
    /// `best` is no more than any key in `lo..hi` (as [`ScoreTree::min_count`] gives it).
    pub fn nth_at_min(&self, lo: usize, hi: usize, best: i64, k: u32) -> Option<usize> {
        let hi = hi.min(self.len);
        if lo >= hi || best == EXCLUDED {
            return None;
        }
        self.nth_in(1, 0, self.size, lo, hi, best, k).ok()
    }

    /// Searches node `i` (covering `nl..nr`) for the `k`-th position at `best` in `lo..hi`;
    /// `Err(n)` when it holds only `n` of them.
    #[allow(clippy::too_many_arguments)]
    fn nth_in(
        &self,
        i: usize,
        nl: usize,
        nr: usize,
        lo: usize,
        hi: usize,
        best: i64,
        k: u32,
    ) -> Result<usize, u32> {
        // A node only partly in the run may hold a lesser key outside it.
        if nr <= lo || hi <= nl || self.min[i] > best {
            return Err(0);
        }
        if lo <= nl && nr <= hi {
            if self.min[i] != best {
                return Err(0);
            }
            if self.count[i] <= k {
                return Err(self.count[i]);
            }
            if nr - nl == 1 {
                return Ok(nl);
            }
        }
        let mid = (nl + nr) / 2;
        match self.nth_in(2 * i, nl, mid, lo, hi, best, k) {
            Ok(at) => Ok(at),
            Err(n) => self
                .nth_in(2 * i + 1, mid, nr, lo, hi, best, k - n)
                .map_err(|m| n + m),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The positions in `lo..hi` at the least key, read one by one: what the tree must give.
    fn by_hand(keys: &[i64], lo: usize, hi: usize) -> (i64, Vec<usize>) {
        let run = &keys[lo.min(keys.len())..hi.min(keys.len())];
        let best = run
            .iter()
            .copied()
            .filter(|&k| k != EXCLUDED)
            .min()
            .unwrap_or(EXCLUDED);
        let at: Vec<usize> = (lo..hi.min(keys.len()))
            .filter(|&i| best != EXCLUDED && keys[i] == best)
            .collect();
        (best, at)
    }

    #[test]
    fn minimum_count_and_nth_agree_with_reading_every_position() {
        let mut rng = crate::sim::rng::Rng::new(7);
        for len in [0usize, 1, 2, 3, 5, 8, 13, 100, 257] {
            let mut keys: Vec<i64> = (0..len)
                .map(|_| match rng.below(5) {
                    0 => EXCLUDED,
                    k => k as i64,
                })
                .collect();
            let mut tree = ScoreTree::new(keys.iter().copied());
            for round in 0..60 {
                if len > 0 {
                    let at = rng.below(len as u64) as usize;
                    let key = if round % 7 == 0 {
                        EXCLUDED
                    } else {
                        rng.below(4) as i64
                    };
                    keys[at] = key;
                    tree.set(at, key);
                    let alone = if key == EXCLUDED {
                        (EXCLUDED, 0)
                    } else {
                        (key, 1)
                    };
                    assert_eq!(tree.min_count(at, at + 1), alone);
                }
                let lo = rng.below(len as u64 + 1) as usize;
                let hi = lo + rng.below((len - lo) as u64 + 2) as usize;
                let (best, at) = by_hand(&keys, lo, hi);
                assert_eq!(
                    tree.min_count(lo, hi),
                    (best, at.len() as u32),
                    "{keys:?} {lo}..{hi}"
                );
                for (k, want) in at.iter().enumerate() {
                    assert_eq!(tree.nth_at_min(lo, hi, best, k as u32), Some(*want));
                }
                assert_eq!(tree.nth_at_min(lo, hi, best, at.len() as u32), None);
            }
        }
    }
}
