//! kube-scheduler: binds each pending pod to a node that passes every filter plugin, preferring
//! nodes with fewer pods of the same owner and more free resources; reports an unschedulable pod
//! with the `FailedScheduling` event and `PodScheduled=False` condition worded like the real one.

use crate::sim::cluster::{Cluster, Source};
use crate::sim::object::Kind;
use crate::sim::pod::Pod;
use crate::sim::pod_status::PodCondition;
use crate::sim::podutil;
use crate::sim::predicates::{self, NodeUsage};
use crate::sim::score_tree::{self, ScoreTree};
use crate::sim::store::{Change, ObjKey, Store};
use crate::sim::word::Word;
use k8s_openapi::api::core::v1::{Node, PersistentVolumeClaim};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// The scheduler's name, which pods select with `spec.schedulerName`.
pub const SCHEDULER_NAME: &str = "default-scheduler";

/// What the scheduler knows about one node (`framework.NodeInfo`): its parsed allocatable, what
/// its pods request, and how many pods each controller has on it.
#[derive(Clone, Debug, Default)]
struct NodeInfo {
    allocatable: predicates::Allocatable,
    /// Whether the node is cordoned or tainted, kept here so the filters need not read
    /// every node.
    flags: predicates::NodeFlags,
    usage: NodeUsage,
    /// Exact sums behind `usage` (which saturates), so removing a pod undoes adding it.
    sums: Sums,
    /// Pods per controller, by [`uid_key`] of the controller's uid, sorted by key: a node holds
    /// pods of a few controllers, and scoring looks one up on every feasible node for every
    /// pod, so a short sorted list beats a tree.
    by_controller: Vec<(u64, usize)>,
}

impl NodeInfo {
    /// The packed row the filters and the scorer read.
    fn fit_row(&self) -> predicates::FitRow {
        predicates::FitRow::of(&self.allocatable, &self.usage, self.flags)
    }

    /// How many pods of the controller with uid key `u` this node runs.
    fn pods_of(&self, u: u64) -> usize {
        self.by_controller
            .binary_search_by_key(&u, |e| e.0)
            .map_or(0, |at| self.by_controller[at].1)
    }
}

/// A count of pods as a row of [`NodeCache::owner_rows`] holds it.
fn row_count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// What the scorer minimises for a node with `same` pods of the pod's controller: spread pods of
/// one owner (SelectorSpread/PodTopologySpread defaults), then the least allocated node
/// (NodeResourcesFit LeastAllocated). The score kube-scheduler maximises, negated.
fn score_key(same: u32, fit: &predicates::FitRow) -> i64 {
    i64::from(same) * 1_000_000 + fit.pods * 1000 + fit.cpu_requested / 100
}

/// The key an open node has in a controller's [`ScoreTree`]; a node that is not open is read
/// one by one, so it is left out of the tree.
fn tree_key(same: u32, fit: &predicates::FitRow) -> i64 {
    if fit.is_open() {
        score_key(same, fit)
    } else {
        score_tree::EXCLUDED
    }
}

/// For one controller, how many of its pods each node runs, by node position, and the tree of
/// the open nodes' score keys for its pods.
#[derive(Clone, Debug)]
struct OwnerRow {
    owner: u64,
    counts: Vec<u32>,
    tree: ScoreTree,
}

impl OwnerRow {
    /// The row of controller `owner` with `counts` over the nodes of `fits`.
    fn new(owner: u64, counts: Vec<u32>, fits: &[predicates::FitRow]) -> OwnerRow {
        let tree = ScoreTree::new(counts.iter().zip(fits).map(|(&n, f)| tree_key(n, f)));
        OwnerRow {
            owner,
            counts,
            tree,
        }
    }
}

/// A controller uid as a 64-bit FNV-1a hash: scoring looks it up on every feasible node for
/// every pod, and integer keys compare in one step (a collision would only blur spreading).
fn uid_key(uid: &str) -> u64 {
    crate::sim::rng::fnv1a64(uid.bytes())
}

/// Summed requests in nano-free units, wide enough never to overflow.
#[derive(Clone, Debug, Default)]
struct Sums {
    cpu_milli: i128,
    memory: i128,
    ephemeral_storage: i128,
    scalar: BTreeMap<String, i128>,
}

/// What one pod adds to the node it is bound to.
#[derive(Clone, Debug, PartialEq)]
struct PodEntry {
    node: Word,
    requests: predicates::Resources,
    controller: Option<u64>,
    /// The pod's uid as 16 bytes, if it is a UUID: a pod deleted and created again under its
    /// name is another pod, whose requests must be read again.
    uid: Option<[u8; 16]>,
}

/// The scheduler's cache (the real scheduler's `Cache` of NodeInfos), kept up to date from the
/// writes the cluster routes ([`NodeCache::note`]) and brought current before each scheduling
/// attempt, touching only the pods and nodes written since: scheduling a pod costs the nodes it
/// examines, not every pod in the cluster.
#[derive(Clone, Debug, Default)]
pub struct NodeCache {
    /// Node names, sorted as the store lists nodes, the nodes themselves (shared with the
    /// store) and their infos at the same positions: a scheduling attempt reads them in place,
    /// without listing the nodes or looking each one up.
    names: Vec<String>,
    nodes: Vec<Arc<Node>>,
    infos: Vec<NodeInfo>,
    /// Each info's [`predicates::FitRow`], at the same positions: all the filter pass and the
    /// scorer read of hundreds of nodes a pod, packed together (a NodeInfo spans several
    /// cache lines, of which they would read a few words).
    fits: Vec<predicates::FitRow>,
    /// Every non-terminal pod bound to a node, and what it adds there.
    pods: BTreeMap<ObjKey, PodEntry>,
    /// Pods still bound to a node but not counted, because a write finished them (Succeeded or
    /// Failed): a status write may make one run again.
    finished: BTreeSet<ObjKey>,
    dirty_pods: BTreeSet<ObjKey>,
    dirty_nodes: BTreeSet<String>,
    /// Where the next filtering pass starts (`nextStartNodeIndex`).
    next_start: usize,
    /// For the controllers whose pods were scored last (most recent first), how many of their
    /// pods each node runs, by node position, and the tree of score keys over the open nodes:
    /// a controller's pods come to the scheduler in runs, so a row read in place beats a search
    /// of each node's list, and the tree finds a pod's best nodes among hundreds without reading
    /// them. Kept current by [`NodeCache::put_fit`]; dropped when a node comes or goes
    /// (positions move).
    owner_rows: Vec<OwnerRow>,
    /// Positions of the nodes that are not open ([`predicates::FitRow::is_open`]): cordoned,
    /// tainted or full. The filter pass reads these one by one.
    closed: BTreeSet<usize>,
    /// Whether to read every node examined even where a tree could stand in: the test that
    /// the two place every pod alike sets it.
    #[cfg(test)]
    read_every_node: bool,
    /// How many pods a tree placed (for that test).
    #[cfg(test)]
    tree_picks: usize,
}

/// How many controllers' rows [`NodeCache::owner_rows`] keeps.
const OWNER_ROWS: usize = 8;

impl NodeCache {
    /// Notes a write, to be applied at the next refresh.
    pub fn note(&mut self, ch: &Change, store: &Store) {
        match ch.key.kind {
            // A pod bound to no node before or after the write (a pod created, or written while
            // it waits) adds nothing to any node, and the cache holds nothing of it: the write
            // that unbound or removed a counted pod named its node.
            Kind::Pod if ch.node.is_some() => {
                // A pod the cache counts, written in its status alone and still not finished,
                // adds what it added: its node, requests, controller and uid are outside the
                // status, and of the status only the phase counts here. So the kubelets' status
                // writes of running pods are not queued. A bound pod the cache does not count
                // was either not brought in yet (the write that bound or created it queued it
                // already) or dropped when a write finished it, which its kubelet may put right:
                // those are kept in `finished` and looked at. So a status write is judged
                // without searching the map of every bound pod.
                if ch.status_only
                    && !self.finished.contains(&ch.key)
                    && store
                        .get_typed_at::<Pod>(&ch.key)
                        .is_some_and(|p| !podutil::is_terminal(p))
                {
                    return;
                }
                self.dirty_pods.insert(ch.key.clone());
            }
            Kind::Node => {
                self.dirty_nodes.insert(ch.key.name.to_string());
            }
            _ => {}
        }
    }

    fn apply(&mut self, e: &PodEntry, sign: i128) {
        let Ok(node_at) = self.names.binary_search_by(|n| n.as_str().cmp(&e.node)) else {
            return;
        };
        let info = &mut self.infos[node_at];
        let r = &e.requests;
        info.sums.cpu_milli += sign * r.cpu_milli as i128;
        info.sums.memory += sign * r.memory as i128;
        info.sums.ephemeral_storage += sign * r.ephemeral_storage as i128;
        for (k, v) in &r.scalar {
            let s = info.sums.scalar.entry(k.clone()).or_default();
            *s += sign * *v as i128;
            if *s == 0 {
                info.sums.scalar.remove(k);
            }
        }
        if sign > 0 {
            info.usage.pods += 1;
        } else {
            info.usage.pods = info.usage.pods.saturating_sub(1);
        }
        if let Some(u) = &e.controller {
            let list = &mut info.by_controller;
            let at = match list.binary_search_by_key(u, |e| e.0) {
                Ok(at) => at,
                Err(at) => {
                    list.insert(at, (*u, 0));
                    at
                }
            };
            if sign > 0 {
                list[at].1 += 1;
            } else {
                list[at].1 = list[at].1.saturating_sub(1);
            }
            let count = list[at].1;
            if count == 0 {
                list.remove(at);
            }
            if let Some(row) = self.owner_rows.iter_mut().find(|r| r.owner == *u)
                && let Some(c) = row.counts.get_mut(node_at)
            {
                *c = row_count(count);
            }
        }
        let sat = |v: i128| v.clamp(i64::MIN as i128, i64::MAX as i128) as i64;
        info.usage.cpu_milli = sat(info.sums.cpu_milli);
        info.usage.memory = sat(info.sums.memory);
        info.usage.ephemeral_storage = sat(info.sums.ephemeral_storage);
        info.usage.scalar = info
            .sums
            .scalar
            .iter()
            .map(|(k, v)| (k.clone(), sat(*v)))
            .collect();
        let fit = info.fit_row();
        self.put_fit(node_at, fit);
    }

    /// Sets the row of the node at `at`, keeping the closed set and the owners' trees current
    /// (their counts at `at` already are).
    fn put_fit(&mut self, at: usize, fit: predicates::FitRow) {
        self.fits[at] = fit;
        if fit.is_open() {
            self.closed.remove(&at);
        } else {
            self.closed.insert(at);
        }
        for row in &mut self.owner_rows {
            let same = row.counts.get(at).copied().unwrap_or(0);
            row.tree.set(at, tree_key(same, &fit));
        }
    }

    /// The closed set counted again from the rows, after nodes came or went.
    fn count_closed(&self) -> BTreeSet<usize> {
        (0..self.fits.len())
            .filter(|&i| !self.fits[i].is_open())
            .collect()
    }

    /// Whether the cache, brought up to date, holds what a cache built from scratch over `store`
    /// would: the invariant the incremental updates must keep (checked by the chaos test).
    /// Writes not yet routed cannot be judged, so a store with pending changes passes.
    pub fn check(&self, store: &Store) -> Result<(), String> {
        if store.has_changes() {
            return Ok(());
        }
        let mut kept = self.clone();
        kept.refresh(store);
        let mut fresh = NodeCache::default();
        for n in store.list(Kind::Node, None) {
            fresh.dirty_nodes.insert(n.name().to_string());
        }
        fresh.refresh(store);
        if kept.names != fresh.names {
            return Err(format!(
                "scheduler cache nodes {:?}, store nodes {:?}",
                kept.names, fresh.names
            ));
        }
        if kept.nodes != fresh.nodes {
            return Err("scheduler cache holds a stale copy of a node".to_string());
        }
        for row in &kept.owner_rows {
            let u = row.owner;
            let counted = kept.count_row(u);
            if row.counts != counted {
                return Err(format!(
                    "scheduler cache row of controller {u:x}: {:?}, counted: {counted:?}",
                    row.counts
                ));
            }
            if row.tree != OwnerRow::new(u, counted, &kept.fits).tree {
                return Err(format!(
                    "scheduler cache score tree of controller {u:x} differs from its row"
                ));
            }
        }
        // A finished pod the cache does not know of would not be counted again if its kubelet
        // put its phase right (extra ones, on nodes gone, only cost a look).
        if let Some(k) = fresh.finished.iter().find(|k| !kept.finished.contains(*k)) {
            return Err(format!(
                "scheduler cache does not know that pod {}/{} is finished",
                k.namespace, k.name
            ));
        }
        if kept.closed != kept.count_closed() {
            return Err(format!(
                "scheduler cache closed nodes {:?}, counted: {:?}",
                kept.closed,
                kept.count_closed()
            ));
        }
        if kept.fits.len() != kept.infos.len() {
            return Err("scheduler cache rows and infos differ in number".to_string());
        }
        for (((name, a), b), fit) in kept
            .names
            .iter()
            .zip(&kept.infos)
            .zip(&fresh.infos)
            .zip(&kept.fits)
        {
            if *fit != b.fit_row() {
                return Err(format!(
                    "scheduler cache row of node {name}: {fit:?}, rebuilt: {:?}",
                    b.fit_row()
                ));
            }
            if a.usage != b.usage
                || a.by_controller != b.by_controller
                || a.allocatable != b.allocatable
                || a.flags != b.flags
            {
                return Err(format!(
                    "scheduler cache of node {name}: {:?} {:?}, rebuilt: {:?} {:?}",
                    a.usage, a.by_controller, b.usage, b.by_controller
                ));
            }
        }
        Ok(())
    }

    /// How many pods of the controller with uid key `u` each node runs, by node position,
    /// counted from the nodes' lists.
    fn count_row(&self, u: u64) -> Vec<u32> {
        self.infos.iter().map(|i| row_count(i.pods_of(u))).collect()
    }

    /// Puts first in [`NodeCache::owner_rows`] the row of the controller with uid key `u`: how
    /// many of its pods each node runs, by node position.
    fn load_owner_row(&mut self, u: u64) {
        match self.owner_rows.iter().position(|r| r.owner == u) {
            Some(0) => {}
            Some(at) => {
                let row = self.owner_rows.remove(at);
                self.owner_rows.insert(0, row);
            }
            None => {
                let row = OwnerRow::new(u, self.count_row(u), &self.fits);
                self.owner_rows.insert(0, row);
                self.owner_rows.truncate(OWNER_ROWS);
            }
        }
    }

    /// Applies the writes noted since the last refresh.
    fn refresh(&mut self, store: &Store) {
        let mut moved = false;
        for name in std::mem::take(&mut self.dirty_nodes) {
            match store.get_shared::<Node>("", &name) {
                Some(n) => {
                    let alloc = predicates::allocatable(&n);
                    let flags = predicates::NodeFlags::of(&n);
                    match self.names.binary_search(&name) {
                        Ok(at) => {
                            self.infos[at].allocatable = alloc;
                            self.infos[at].flags = flags;
                            let fit = self.infos[at].fit_row();
                            self.nodes[at] = n;
                            // (After a node came or went, the closed set is counted again below.)
                            self.put_fit(at, fit);
                            continue;
                        }
                        Err(at) => {
                            moved = true;
                            self.owner_rows.clear();
                            self.names.insert(at, name.clone());
                            self.nodes.insert(at, n);
                            let info = NodeInfo {
                                allocatable: alloc,
                                flags,
                                ..Default::default()
                            };
                            self.fits.insert(at, info.fit_row());
                            self.infos.insert(at, info);
                            // Nothing counted under this name was counted on the new node:
                            // pods still bound to it are added below, not taken away, and a
                            // pod deleted while the name had no node (pod GC) is not taken
                            // off it either.
                            self.pods.retain(|_, e| e.node.as_str() != name);
                        }
                    }
                }
                None => {
                    if let Ok(at) = self.names.binary_search(&name) {
                        moved = true;
                        self.owner_rows.clear();
                        self.names.remove(at);
                        self.nodes.remove(at);
                        self.infos.remove(at);
                        self.fits.remove(at);
                    }
                }
            }
            // The node came or went: its pods count there, or no longer.
            for p in store.pods_on(&name) {
                self.dirty_pods.insert(ObjKey::of(p));
            }
        }
        if moved {
            self.closed = self.count_closed();
        }
        for key in std::mem::take(&mut self.dirty_pods) {
            let known = self.pods.get(&key);
            let pod = store.get_typed_at::<Pod>(&key);
            let finished =
                pod.is_some_and(|p| podutil::is_terminal(p) && podutil::node_name(p).is_some());
            let entry = pod.filter(|p| !podutil::is_terminal(p)).and_then(|p| {
                let node = p.spec.as_ref().and_then(|s| s.node_name.as_deref())?;
                let uid = p
                    .metadata
                    .uid
                    .as_deref()
                    .and_then(crate::sim::event_record::parse_uuid);
                // A pod's requests cannot change (its resources are immutable): the same
                // pod, already counted on this node, keeps the ones it was counted with.
                let requests = match known {
                    Some(e) if e.node == node && uid.is_some() && e.uid == uid => {
                        e.requests.clone()
                    }
                    _ => predicates::pod_requests(p),
                };
                Some(PodEntry {
                    node: node.into(),
                    requests,
                    controller: podutil::controller_ref(&p.metadata).map(|r| uid_key(&r.uid)),
                    uid,
                })
            });
            if finished {
                self.finished.insert(key.clone());
            } else if !self.finished.is_empty() {
                self.finished.remove(&key);
            }
            // Most writes of a bound pod are its status: what it adds to its node is the same.
            if entry.is_some() && entry.as_ref() == known {
                continue;
            }
            // The entry is swapped by one more search of the map (it holds every bound pod).
            let old = match entry {
                Some(entry) => {
                    self.apply(&entry, 1);
                    self.pods.insert(key, entry)
                }
                None => self.pods.remove(&key),
            };
            if let Some(old) = old {
                self.apply(&old, -1);
            }
        }
    }
}

/// Tries to schedule one pod.
pub fn reconcile(c: &mut Cluster, key: &ObjKey) {
    let Some(pod) = c.store.get_shared_at::<Pod>(key) else {
        return;
    };
    let spec = pod.spec.as_ref();
    if spec.is_some_and(|s| s.node_name.is_some()) || pod.metadata.deletion_timestamp.is_some() {
        return;
    }
    let scheduler = spec.and_then(|s| s.scheduler_name.as_deref());
    if scheduler.unwrap_or(SCHEDULER_NAME) != SCHEDULER_NAME {
        return;
    }
    let mut cache = std::mem::take(&mut c.scheduler_cache);
    cache.refresh(&c.store);
    let decided = decide(c, &mut cache, &pod);
    let decided = decided.map(|best| {
        // Only the picked node's name is copied.
        let pick = c.rng().below(best.len() as u64) as usize;
        cache
            .nth_best(&best, pick)
            .map(|i| cache.names[i].clone())
            .unwrap_or_default()
    });
    c.scheduler_cache = cache;
    match decided {
        Ok(node_name) => {
            bind(c, key, pod, &node_name);
        }
        Err(msg) => unschedulable(c, key, pod, &msg),
    }
}

/// The best-scoring feasible nodes for a pod, one of which is picked at random: as the ties
/// kube-scheduler's `selectHost` picks from, taken in name order.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Best {
    /// Node positions, ascending.
    Listed(Vec<usize>),
    /// The open nodes in `runs` (ascending, apart) whose key in `owner`'s tree is `key`, and
    /// the nodes of `closed` (ascending; feasible nodes that are not open, at `key` too).
    Tree {
        owner: u64,
        runs: Vec<(usize, usize)>,
        key: i64,
        closed: Vec<usize>,
        count: usize,
    },
}

impl Best {
    /// How many nodes tie.
    fn len(&self) -> usize {
        match self {
            Best::Listed(v) => v.len(),
            Best::Tree { count, .. } => *count,
        }
    }
}

impl NodeCache {
    /// The position of the `k`-th (from 0) of `best`'s nodes in name order.
    fn nth_best(&self, best: &Best, k: usize) -> Option<usize> {
        let (owner, runs, key, closed) = match best {
            Best::Listed(v) => return v.get(k).copied(),
            Best::Tree {
                owner,
                runs,
                key,
                closed,
                ..
            } => (*owner, runs, *key, closed),
        };
        let tree = &self.owner_rows.iter().find(|r| r.owner == owner)?.tree;
        let mut k = u32::try_from(k).ok()?;
        // The tree's nodes at `key` in the runs, from `from` up to `to`: the k-th of them, or
        // how many there are.
        let nth_between = |from: usize, to: usize, k: u32| -> Result<usize, u32> {
            let mut seen = 0u32;
            for &(lo, hi) in runs {
                let (lo, hi) = (lo.max(from), hi.min(to));
                if lo >= hi {
                    continue;
                }
                let (m, n) = tree.min_count(lo, hi);
                if m != key {
                    continue;
                }
                if k - seen < n {
                    let at = tree.nth_at_min(lo, hi, key, k - seen);
                    debug_assert!(at.is_some(), "the tree counts {n} at {key} in {lo}..{hi}");
                    return at.ok_or(seen);
                }
                seen += n;
            }
            Err(seen)
        };
        let mut from = 0;
        for &b in closed {
            match nth_between(from, b, k) {
                Ok(at) => return Some(at),
                Err(n) => k -= n,
            }
            if k == 0 {
                return Some(b);
            }
            k -= 1;
            from = b + 1;
        }
        nth_between(from, usize::MAX, k).ok()
    }
}

/// Filters and scores the nodes for `pod`: the best-scoring nodes (one is picked at random), or
/// the `FailedScheduling` message. Reads the cluster only, borrowing nodes in place; moves the
/// cache's `next_start` past the nodes it examined.
fn decide(c: &Cluster, cache: &mut NodeCache, pod: &Pod) -> Result<Best, String> {
    if let Some(reason) = volume_prefilter(c, pod) {
        let total = cache.nodes.len();
        let post = match predicates::preemption_for(pod) {
            predicates::Preemption::NeverPolicy => {
                "preemption: not eligible due to preemptionPolicy=Never.".to_string()
            }
            _ => format!(
                "preemption: {}",
                predicates::fit_error_message(
                    total,
                    None,
                    &[(
                        "Preemption is not helpful for scheduling".to_string(),
                        total
                    )],
                    None
                )
            ),
        };
        let msg = predicates::fit_error_message(total, Some(&reason), &[], Some(&post));
        return Err(msg);
    }
    let owner = podutil::controller_ref(&pod.metadata).map(|r| uid_key(&r.uid));
    let total = cache.nodes.len();
    let want = predicates::num_feasible_nodes_to_find(total);
    let start = cache.next_start % total.max(1);
    if let Some(u) = owner {
        cache.load_owner_row(u);
    }
    let row: &[u32] = match (owner, cache.owner_rows.first()) {
        (Some(_), Some(r)) => &r.counts,
        _ => &[],
    };
    let fits = &cache.fits;
    let key_at = |i: usize| score_key(row.get(i).copied().unwrap_or(0), &fits[i]);
    // Score ([`score_key`]); ties broken at random, as the real scheduler does, with the
    // cluster's seeded generator, among the best nodes in name order (the cache's), as before
    // the search started from a rotating index.
    //
    // Most pods request nothing and only the resources can reject them, so every open node fits
    // them: the filter pass reads the closed nodes alone and the owner's tree finds the best
    // open ones.
    #[cfg(test)]
    let trees = !cache.read_every_node;
    #[cfg(not(test))]
    let trees = true;
    if trees
        && let (Some(u), Some(tree)) = (owner, cache.owner_rows.first().map(|r| &r.tree))
        && let Some(window) =
            predicates::feasible_window(pod, &CacheView(cache), want, start, &cache.closed)
    {
        let mut key = score_tree::EXCLUDED;
        let mut count = 0usize;
        for &(lo, hi) in &window.runs {
            let (m, n) = tree.min_count(lo, hi);
            if n > 0 && m < key {
                (key, count) = (m, n as usize);
            } else if n > 0 && m == key {
                count += n as usize;
            }
        }
        let keyed: Vec<(usize, i64)> = window
            .closed_feasible
            .iter()
            .map(|&i| (i, key_at(i)))
            .collect();
        if let Some(least) = keyed.iter().map(|e| e.1).min()
            && least < key
        {
            (key, count) = (least, 0);
        }
        let closed: Vec<usize> = keyed.iter().filter(|e| e.1 == key).map(|e| e.0).collect();
        count += closed.len();
        cache.next_start = (start + window.processed) % total.max(1);
        #[cfg(test)]
        {
            cache.tree_picks += 1;
        }
        return Ok(Best::Tree {
            owner: u,
            runs: window.runs,
            key,
            closed,
            count,
        });
    }
    let mut best = i64::MAX;
    // One allocation: when every node examined scores alike, all of them are the best.
    let mut top: Vec<usize> = Vec::with_capacity(want.min(total));
    // Each feasible node is scored as the filter pass finds it.
    let processed = predicates::visit_feasible(pod, &CacheView(cache), want, start, |i| {
        let key = key_at(i);
        if key < best || top.is_empty() {
            best = key;
            top.clear();
            top.push(i);
        } else if key == best {
            top.push(i);
        }
    })?;
    cache.next_start = (start + processed) % total.max(1);
    predicates::into_name_order(&mut top);
    Ok(Best::Listed(top))
}

/// The cache's nodes as the filters read them, in place.
struct CacheView<'a>(&'a NodeCache);

impl predicates::CandidateNodes for CacheView<'_> {
    fn len(&self) -> usize {
        self.0.nodes.len()
    }
    fn candidate(&self, i: usize) -> predicates::Candidate<'_> {
        let info = &self.0.infos[i];
        predicates::Candidate {
            node: &self.0.nodes[i],
            usage: &info.usage,
            allocatable: &info.allocatable,
            fit: self.0.fits[i],
        }
    }
    fn fit_rows(&self) -> Option<&[predicates::FitRow]> {
        Some(&self.0.fits)
    }
}

fn volume_prefilter(c: &Cluster, pod: &Pod) -> Option<String> {
    let ns = pod.metadata.namespace.clone().unwrap_or_default();
    for v in pod
        .spec
        .as_ref()
        .and_then(|s| s.volumes.as_ref())
        .into_iter()
        .flatten()
    {
        let Some(claim) = &v.source.persistent_volume_claim else {
            continue;
        };
        match c
            .store
            .get_typed::<PersistentVolumeClaim>(&ns, &claim.claim_name)
        {
            None => {
                return Some(format!(
                    "persistentvolumeclaim \"{}\" not found",
                    claim.claim_name
                ));
            }
            Some(pvc) if pvc.metadata.deletion_timestamp.is_some() => {
                return Some(format!(
                    "persistentvolumeclaim \"{}\" is being deleted",
                    claim.claim_name
                ));
            }
            Some(pvc) if pvc.status.as_ref().and_then(|s| s.phase.as_deref()) != Some("Bound") => {
                return Some("pod has unbound immediate PersistentVolumeClaims".into());
            }
            _ => {}
        }
    }
    None
}

fn set_scheduled_condition(
    pod: &mut Pod,
    ok: bool,
    message: Option<String>,
    now: k8s_openapi::apimachinery::pkg::apis::meta::v1::Time,
) {
    let status = pod.status.get_or_insert_with(Default::default);
    let conds = status.conditions.get_or_insert_with(Vec::new);
    let s = if ok { "True" } else { "False" };
    if let Some(existing) = conds.iter_mut().find(|c| c.type_ == "PodScheduled") {
        if existing.status != s {
            existing.last_transition_time = Some(now);
        }
        existing.status = s.into();
        existing.reason = (!ok).then(|| "Unschedulable".into());
        existing.message = message;
    } else {
        conds.push(PodCondition {
            type_: "PodScheduled".into(),
            status: s.into(),
            last_transition_time: Some(now),
            reason: (!ok).then(|| "Unschedulable".into()),
            message,
            ..Default::default()
        });
    }
}

/// Binds `pod` to `node` (the Binding subresource): the pod is changed in place in the store.
fn bind(c: &mut Cluster, key: &ObjKey, pod: Arc<Pod>, node: &str) {
    let now = c.now_time();
    let msg = format!(
        "Successfully assigned {}/{} to {node}",
        pod.metadata.namespace.as_deref().unwrap_or(""),
        pod.metadata.name.as_deref().unwrap_or("")
    );
    c.record_event(
        &*pod,
        "Normal",
        "Scheduled",
        &msg,
        Source::component(SCHEDULER_NAME),
    );
    // With this reference dropped the store holds the only one: the pod is not copied.
    drop(pod);
    c.store.bind_pod_at(key, |p| {
        p.spec.get_or_insert_with(Default::default).node_name = Some(node.into());
        set_scheduled_condition(p, true, None, now);
    });
}

fn unschedulable(c: &mut Cluster, key: &ObjKey, pod: Arc<Pod>, msg: &str) {
    let now = c.now_time();
    let unchanged = pod
        .status
        .as_ref()
        .and_then(|s| s.conditions.as_ref())
        .is_some_and(|cs| {
            cs.iter()
                .any(|c| c.type_ == "PodScheduled" && c.message.as_deref() == Some(msg))
        });
    c.record_event(
        &*pod,
        "Warning",
        "FailedScheduling",
        msg,
        Source::component(SCHEDULER_NAME),
    );
    if !unchanged {
        drop(pod);
        c.store.update_at::<Pod>(key, |p| {
            set_scheduled_condition(p, false, Some(msg.to_string()), now);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::NodeCache;
    use crate::kubectl::manifest::RealFs;
    use crate::runner;
    use crate::sim::bootstrap::NodeOptions;
    use crate::sim::cluster::{Cluster, ClusterConfig};
    use crate::sim::rng::Rng;
    use crate::sim::store::Store;
    use crate::sim::testutil::{cluster, create, obj};

    /// Terminated pods do not count on their node, like the scheduler's pod informer
    /// (`status.phase!=Succeeded,status.phase!=Failed`).
    #[test]
    fn cache_skips_finished_pods() {
        let mut store = Store::new();
        store.put(obj("apiVersion: v1
kind: Node
metadata: {name: n1}
"));
        store.put(obj("apiVersion: v1
kind: Pod
metadata: {name: done, namespace: default}
spec:
  nodeName: n1
  containers:
  - {name: c, image: busybox, resources: {requests: {cpu: '2'}}}
status: {phase: Succeeded}
"));
        store.put(obj("apiVersion: v1
kind: Pod
metadata: {name: running, namespace: default}
spec:
  nodeName: n1
  containers:
  - {name: c, image: busybox, resources: {requests: {cpu: 250m, memory: 1Mi}}}
"));
        let mut cache = NodeCache::default();
        for ch in store.take_changes() {
            cache.note(&ch, &store);
        }
        cache.refresh(&store);
        let u = &cache.infos[0].usage;
        assert_eq!((u.cpu_milli, u.memory, u.pods), (250, 1 << 20, 1));
    }

    /// A pod named `name` in `default`, bound to `node` by its `spec.nodeName`, requesting `cpu`.
    fn pinned_pod(name: &str, node: &str, cpu: &str) -> String {
        format!(
            "apiVersion: v1
kind: Pod
metadata: {{name: {name}, namespace: default}}
spec:
  nodeName: {node}
  containers:
  - name: c
    image: nginx:1.27
    resources: {{requests: {{cpu: {cpu}}}}}
"
        )
    }

    /// Where the scheduler's cache keeps `node`.
    fn cached_at(cache: &NodeCache, node: &str) -> usize {
        cache
            .names
            .binary_search_by(|n| n.as_str().cmp(node))
            .expect("the node is cached")
    }

    /// The CPU the scheduler's cache counts as requested on `node`, brought current first.
    fn cached_cpu_milli(c: &mut crate::sim::cluster::Cluster, node: &str) -> i64 {
        c.scheduler_cache.refresh(&c.store);
        let cache = &c.scheduler_cache;
        cache.infos[cached_at(cache, node)].usage.cpu_milli
    }

    /// The packed rows the filter pass and the scorer read follow the NodeInfos: a bound pod's
    /// request leaves less room on its node, a cordon shows in the row's flags, and a row left
    /// stale is caught by the cache's check.
    #[test]
    fn fit_rows_follow_the_node_infos() {
        let mut c = cluster();
        let before = cached_cpu_milli(&mut c, "worker-1");
        create(&mut c, &pinned_pod("p", "worker-1", "300m"));
        c.settle();
        assert_eq!(cached_cpu_milli(&mut c, "worker-1"), before + 300);
        let cache = &c.scheduler_cache;
        let at = cached_at(cache, "worker-1");
        let (row, info) = (cache.fits[at], &cache.infos[at]);
        assert_eq!(row.cpu_requested, before + 300);
        assert_eq!(row.cpu_free, info.allocatable.0.cpu_milli - before - 300);
        assert_eq!(row.pods, info.usage.pods as i64);
        assert!(row.pod_room && !row.flags.cordoned);

        c.store
            .update::<k8s_openapi::api::core::v1::Node>("", "worker-1", |n| {
                n.spec.get_or_insert_with(Default::default).unschedulable = Some(true);
            });
        c.settle();
        c.scheduler_cache.refresh(&c.store);
        assert!(c.scheduler_cache.fits[at].flags.cordoned);
        assert_eq!(c.scheduler_cache.check(&c.store), Ok(()));

        let mut stale = c.scheduler_cache.clone();
        stale.fits[at].cpu_free += 1;
        assert!(stale.check(&c.store).is_err());
    }

    /// A pod bound (by `spec.nodeName`) to a node that does not exist yet counts on that node
    /// once it is added, once, and leaves it when deleted: the incremental cache stays equal to
    /// one rebuilt from the store.
    #[test]
    fn cache_counts_pods_bound_before_their_node_exists() {
        let mut c = cluster();
        create(&mut c, &pinned_pod("early", "worker-9", "500m"));
        create(
            &mut c,
            "apiVersion: v1
kind: Pod
metadata: {name: later, namespace: default}
spec:
  containers:
  - name: c
    image: nginx:1.27
",
        );
        assert_eq!(c.scheduler_cache.check(&c.store), Ok(()));
        c.add_node("worker-9", &NodeOptions::default())
            .expect("node added");
        c.settle();
        assert_eq!(c.scheduler_cache.check(&c.store), Ok(()));
        assert_eq!(cached_cpu_milli(&mut c, "worker-9"), 500);
        c.remove_node("worker-9").expect("node removed");
        c.settle();
        assert_eq!(c.scheduler_cache.check(&c.store), Ok(()));
    }

    /// A pod whose node was removed, deleted by pod GC before the cache looked again, is not
    /// taken off a node added later under the same name: the new node starts from nothing.
    #[test]
    fn a_pod_gone_with_its_node_does_not_count_against_a_new_node_of_its_name() {
        let mut c = cluster();
        c.add_node("worker-9", &NodeOptions::default())
            .expect("node added");
        create(&mut c, &pinned_pod("p", "worker-9", "500m"));
        c.settle();
        let before = cached_cpu_milli(&mut c, "worker-9");
        assert!(before >= 500, "{before}");
        c.remove_node("worker-9").expect("node removed");
        c.scheduler_cache.refresh(&c.store);
        // Pod GC deletes the pods of a node that no longer exists; nothing is scheduled
        // meanwhile, so the cache has not looked at the deletion when the name comes back.
        c.advance(jiff::SignedDuration::from_secs(120));
        assert!(
            c.store
                .get(crate::sim::object::Kind::Pod, "default", "p")
                .is_none()
        );
        c.add_node("worker-9", &NodeOptions::default())
            .expect("node added again");
        assert_eq!(c.scheduler_cache.check(&c.store), Ok(()));
        assert_eq!(cached_cpu_milli(&mut c, "worker-9"), before - 500);
    }

    fn deployment(name: &str, replicas: u32) -> String {
        format!(
            "apiVersion: apps/v1
kind: Deployment
metadata: {{name: {name}, namespace: default}}
spec:
  replicas: {replicas}
  selector: {{matchLabels: {{app: {name}}}}}
  template:
    metadata: {{labels: {{app: {name}}}}}
    spec:
      containers:
      - name: c
        image: nginx:1.27
"
        )
    }

    /// The rows of pods per node kept for the controllers scored last stay equal to the
    /// counts they stand for while pods of several controllers are bound and deleted and nodes
    /// come and go, and spreading still reads them: a controller's pods are spread evenly.
    #[test]
    fn owner_rows_follow_binds_deletions_and_nodes() {
        let mut c = cluster();
        create(&mut c, &deployment("a", 6));
        create(&mut c, &deployment("b", 4));
        c.settle();
        assert!(!c.scheduler_cache.owner_rows.is_empty());
        assert_eq!(c.scheduler_cache.check(&c.store), Ok(()));
        let cache = &c.scheduler_cache;
        let row = &cache.owner_rows[0].counts;
        let on_workers: Vec<u32> = (cache.names.iter().zip(row))
            .filter(|(n, _)| n.starts_with("worker"))
            .map(|(_, &k)| k)
            .collect();
        assert!(on_workers.iter().sum::<u32>() > 0, "{row:?}");
        let (lo, hi) = (on_workers.iter().min(), on_workers.iter().max());
        assert!(
            hi.zip(lo).is_some_and(|(h, l)| h - l <= 1),
            "spread: {row:?}"
        );

        c.store
            .update::<k8s_openapi::api::apps::v1::Deployment>("default", "a", |d| {
                if let Some(s) = d.spec.as_mut() {
                    s.replicas = Some(2);
                }
            });
        c.settle();
        assert_eq!(c.scheduler_cache.check(&c.store), Ok(()));
        c.add_node("worker-9", &NodeOptions::default())
            .expect("node added");
        c.settle();
        create(&mut c, &deployment("c", 5));
        c.settle();
        assert_eq!(c.scheduler_cache.check(&c.store), Ok(()));
        c.remove_node("worker-1").expect("node removed");
        c.settle();
        create(&mut c, &deployment("d", 2));
        c.settle();
        assert_eq!(c.scheduler_cache.check(&c.store), Ok(()));
    }

    /// Nodes met by a search that started part-way and wrapped, or did not, come out in name
    /// order (as kube-scheduler lists the best-scoring nodes before picking one at random).
    #[test]
    fn nodes_met_in_search_order_are_put_in_name_order() {
        for (met, want) in [
            (vec![5, 7, 9, 1, 3], vec![1, 3, 5, 7, 9]),
            (vec![9, 0], vec![0, 9]),
            (vec![2, 4, 6], vec![2, 4, 6]),
            (vec![4], vec![4]),
            (vec![], vec![]),
        ] {
            let mut v = met.clone();
            super::predicates::into_name_order(&mut v);
            assert_eq!(v, want, "{met:?}");
        }
    }

    /// The kubelet's status writes of a running pod leave the cache nothing to bring current;
    /// the one that finishes the pod frees what it requested.
    #[test]
    fn only_the_status_write_that_finishes_a_pod_changes_the_cache() {
        let mut c = cluster();
        create(
            &mut c,
            "apiVersion: v1
kind: Pod
metadata: {name: task, namespace: default}
spec:
  nodeName: worker-1
  restartPolicy: Never
  containers:
  - name: c
    image: busybox:1.36
    command: [sh, -c, 'sleep 30']
    resources: {requests: {cpu: 500m}}
",
        );
        assert_eq!(cached_cpu_milli(&mut c, "worker-1"), 500);
        c.advance(jiff::SignedDuration::from_secs(10));
        let phase = |c: &crate::sim::cluster::Cluster| {
            c.store
                .get_typed::<crate::sim::pod::Pod>("default", "task")
                .and_then(|p| p.status.as_ref()?.phase.clone())
        };
        assert_eq!(phase(&c).as_deref(), Some("Running"));
        assert!(c.scheduler_cache.dirty_pods.is_empty());
        c.advance(jiff::SignedDuration::from_secs(60));
        assert_eq!(phase(&c).as_deref(), Some("Succeeded"));
        assert!(!c.scheduler_cache.dirty_pods.is_empty());
        assert_eq!(cached_cpu_milli(&mut c, "worker-1"), 0);
        assert_eq!(c.scheduler_cache.check(&c.store), Ok(()));
    }

    /// A running pod marked Failed by a general write leaves the cache; when its kubelet puts
    /// the phase right with a status write, the pod is counted again.
    #[test]
    fn a_pod_whose_kubelet_puts_its_phase_right_is_counted_again() {
        let mut c = cluster();
        create(&mut c, &pinned_pod("web", "worker-1", "500m"));
        c.advance(jiff::SignedDuration::from_secs(30));
        assert_eq!(cached_cpu_milli(&mut c, "worker-1"), 500);
        assert!(
            c.store
                .update::<crate::sim::pod::Pod>("default", "web", |p| {
                    if let Some(s) = p.status.as_mut() {
                        s.phase = Some("Failed".into());
                    }
                })
        );
        // The scheduler looks at the cache before the kubelet puts the phase right.
        for ch in c.store.take_changes() {
            c.scheduler_cache.note(&ch, &c.store);
        }
        assert_eq!(cached_cpu_milli(&mut c, "worker-1"), 0);
        let key = crate::sim::store::ObjKey::new(crate::sim::object::Kind::Pod, "default", "web");
        crate::sim::kubelet::reconcile(&mut c, &key);
        c.settle();
        let phase = c
            .store
            .get_typed::<crate::sim::pod::Pod>("default", "web")
            .and_then(|p| p.status.as_ref()?.phase.clone());
        assert_eq!(phase.as_deref(), Some("Running"));
        assert_eq!(cached_cpu_milli(&mut c, "worker-1"), 500);
        assert_eq!(c.scheduler_cache.check(&c.store), Ok(()));
    }

    /// A pod deleted and created again under its name on the same node, between two scheduling
    /// attempts, is counted with the new pod's requests, not the old one's.
    #[test]
    fn a_pod_created_again_under_its_name_is_counted_anew() {
        let mut c = cluster();
        let pod = |cpu: &str| pinned_pod("pinned", "worker-1", cpu);
        create(&mut c, &pod("500m"));
        c.scheduler_cache.refresh(&c.store);
        let key =
            crate::sim::store::ObjKey::new(crate::sim::object::Kind::Pod, "default", "pinned");
        c.store.remove(&key);
        create(&mut c, &pod("1500m"));
        assert_eq!(cached_cpu_milli(&mut c, "worker-1"), 1500);
        assert_eq!(c.scheduler_cache.check(&c.store), Ok(()));
    }

    /// A random script of what moves pods between nodes and opens or closes nodes: workloads
    /// made and scaled (some so large that nodes fill up; more controllers than the cache keeps
    /// rows for), pods that request CPU, have no owner or tolerate every taint (so closed nodes
    /// are feasible), taints, cordons (sometimes of most nodes, leaving fewer open than the
    /// pass wants), and nodes added, failed and removed. Placements are listed after each
    /// scaling, so pods deleted before the end are compared too.
    fn placement_script(rng: &mut Rng, workers: usize) -> String {
        let mut s = String::new();
        let node = |rng: &mut Rng| format!("worker-{}", 1 + rng.below(workers as u64));
        for step in 0..30 {
            let line = match rng.below(13) {
                0..=2 => format!(
                    "kubectl create deployment d{} --image=nginx --replicas={}",
                    rng.below(11),
                    1 + rng.below(workers as u64 + 40)
                ),
                3 => format!(
                    "kubectl scale deployment d{} --replicas={}\n\
                     kubectl get pods -o wide --no-headers --sort-by=.metadata.name",
                    rng.below(11),
                    rng.below(workers as u64 + 200)
                ),
                4 => format!("kubectl taint nodes {} k=v:NoSchedule", node(rng)),
                5 => format!("kubectl taint nodes {} k=v:NoSchedule-", node(rng)),
                // Sometimes most nodes at once: fewer open nodes than the pass wants.
                6 if rng.below(4) == 0 => (1..=workers)
                    .filter(|i| i % 5 != 0)
                    .fold("kubectl cordon".to_string(), |line, i| {
                        format!("{line} worker-{i}")
                    }),
                6 => format!("kubectl cordon {}", node(rng)),
                7 => format!("kubectl uncordon {}", node(rng)),
                8 => match rng.below(4) {
                    0 => format!("node add extra-{step}"),
                    1 => format!("node remove {}", node(rng)),
                    2 => format!("node fail {}", node(rng)),
                    _ => format!("node recover {}", node(rng)),
                },
                9 => format!("kubectl run bare-{step} --image=nginx"),
                10 => format!(
                    "kubectl apply -f - <<EOF\napiVersion: apps/v1\nkind: Deployment\n\
                     metadata: {{name: heavy}}\nspec:\n  replicas: {}\n  \
                     selector: {{matchLabels: {{app: heavy}}}}\n  template:\n    \
                     metadata: {{labels: {{app: heavy}}}}\n    spec:\n      containers:\n      \
                     - {{name: c, image: nginx, resources: {{requests: {{cpu: 900m}}}}}}\nEOF",
                    1 + rng.below(workers as u64 * 3)
                ),
                11 => format!(
                    "kubectl apply -f - <<EOF\napiVersion: apps/v1\nkind: Deployment\n\
                     metadata: {{name: tolerant}}\nspec:\n  replicas: {}\n  \
                     selector: {{matchLabels: {{app: tolerant}}}}\n  template:\n    \
                     metadata: {{labels: {{app: tolerant}}}}\n    spec:\n      \
                     tolerations: [{{operator: Exists}}]\n      containers:\n      \
                     - {{name: c, image: nginx}}\nEOF",
                    1 + rng.below(workers as u64 * 2 + 20)
                ),
                _ => format!("sleep {}s", 1 + rng.below(90)),
            };
            s.push_str(&line);
            s.push('\n');
        }
        s.push_str("kubectl get pods -o wide --sort-by=.metadata.name\n");
        s
    }

    /// Runs `script` on a fresh cluster of `workers`, the tree standing in for reading nodes or
    /// not: the transcript, and how many pods a tree placed.
    fn run_placements(script: &str, workers: usize, trees: bool) -> (String, usize) {
        let mut c = Cluster::new(&ClusterConfig {
            workers,
            ..ClusterConfig::default()
        });
        c.scheduler_cache.read_every_node = !trees;
        let mut out = String::new();
        let cmds = runner::parse_script(script).expect("script parses");
        for cmd in &cmds {
            let o = runner::run_command(
                &mut c,
                cmd,
                &RealFs {
                    base: std::env::temp_dir(),
                },
            );
            out.push_str(&o.text());
            assert_eq!(
                c.scheduler_cache.check(&c.store),
                Ok(()),
                "after {}",
                cmd.line
            );
        }
        (out, c.scheduler_cache.tree_picks)
    }

    /// The score trees and the closed set stand in for reading each examined node: on random
    /// clusters, small (every node examined) and past 100 nodes (kube-scheduler's
    /// `numFeasibleNodesToFind` stops early, so the window matters), with nodes filling up,
    /// tainted, cordoned, added and removed, every pod lands where reading every node puts it,
    /// and the seeded generator is drawn alike (the whole transcript is the same).
    #[test]
    fn score_trees_place_every_pod_where_reading_every_node_does() {
        let mut rng = Rng::new(15);
        let mut tree_picks = 0;
        for case in 0..8 {
            let workers = [3, 4, 130, 7, 150, 2, 230, 120][case];
            let script = placement_script(&mut rng, workers);
            let (read, none) = run_placements(&script, workers, false);
            assert_eq!(none, 0);
            let (treed, picks) = run_placements(&script, workers, true);
            if read != treed {
                let at = read
                    .lines()
                    .zip(treed.lines())
                    .position(|(a, b)| a != b)
                    .unwrap_or(0);
                panic!(
                    "case {case} ({workers} workers) differs at line {at}:\n{}\n---\n{}\n\
                     script:\n{script}",
                    read.lines().nth(at).unwrap_or(""),
                    treed.lines().nth(at).unwrap_or("")
                );
            }
            tree_picks += picks;
        }
        assert!(tree_picks > 1000, "{tree_picks}");
    }
}
