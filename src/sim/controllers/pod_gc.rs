//! Pod garbage collection (`pkg/controller/podgc/gc_controller.go` gcOrphaned): pods bound to a
//! node that no longer exists are force-deleted after a 40 s quarantine.

use crate::sim::cluster::Cluster;
use crate::sim::controllers::Ctrl;
use crate::sim::pod::Pod;
use crate::sim::podutil;
use crate::sim::store::ObjKey;
use jiff::SignedDuration;

/// How long a node must be gone before its pods are deleted (`quarantineTime`).
pub const QUARANTINE: SignedDuration = SignedDuration::from_secs(40);

/// Called for a deleted node: waits out the quarantine, then deletes its pods.
pub fn reconcile(c: &mut Cluster, key: &ObjKey) {
    if c.store.get_key(key).is_some() {
        return;
    }
    let pending = c.runtime.node_gone_since.get(key.name.as_str()).copied();
    let now = c.now();
    let since = match pending {
        Some(t) => t,
        None => {
            c.runtime.node_gone_since.insert(key.name.to_string(), now);
            now
        }
    };
    if since + QUARANTINE > now {
        c.enqueue_at(Ctrl::PodGc, key.clone(), since + QUARANTINE);
        return;
    }
    c.runtime.node_gone_since.remove(key.name.as_str());
    let orphans: Vec<ObjKey> = c
        .store
        .list_typed::<Pod>(None)
        .filter(|p| podutil::node_name(p) == Some(key.name.as_str()))
        .map(podutil::key_of)
        .collect();
    for k in orphans {
        // Force deletion: the node is gone, nobody will confirm termination.
        c.store.remove(&k);
    }
    c.runtime
        .pods
        .retain(|_, p| p.node.as_str() != key.name.as_str());
}
