//! The namespace controller (`pkg/controller/namespace/deletion/namespaced_resources_deleter.go`):
//! a namespace being deleted has everything in it deleted, and is removed once empty.

use crate::sim::cluster::Cluster;
use crate::sim::object::Kind;
use crate::sim::store::ObjKey;
use k8s_openapi::api::core::v1::{Namespace, NamespaceStatus};

/// Reconciles one namespace.
pub fn reconcile(c: &mut Cluster, key: &ObjKey) {
    let Some(ns) = c.store.get_typed::<Namespace>("", &key.name).cloned() else {
        return;
    };
    if ns.metadata.deletion_timestamp.is_none() {
        return;
    }
    if ns.status.as_ref().and_then(|s| s.phase.as_deref()) != Some("Terminating") {
        let mut n = ns.clone();
        n.status = Some(NamespaceStatus {
            phase: Some("Terminating".into()),
            conditions: None,
        });
        c.write(n);
    }
    for kind in Kind::ALL.into_iter().filter(|k| k.namespaced()) {
        let keys: Vec<ObjKey> = c
            .store
            .list(kind, Some(&key.name))
            .map(ObjKey::of)
            .collect();
        for k in keys {
            let terminating = c
                .store
                .get_key(&k)
                .is_some_and(|o| o.meta().deletion_timestamp.is_some());
            if !terminating {
                let _ = c.api_delete(k.kind, &k.namespace, &k.name, Default::default());
            }
        }
    }
    let left = Kind::ALL
        .into_iter()
        .filter(|k| k.namespaced() && *k != Kind::Event)
        .any(|k| c.store.list(k, Some(&key.name)).next().is_some());
    // While something is left, deletions in the namespace wake this controller again
    // (routed in `interested`).
    if !left {
        c.store.remove(key);
    }
}
