//! The garbage collector (`pkg/controller/garbagecollector/garbagecollector.go`): an object whose
//! owners are all gone is deleted (background cascade); dangling references to some owners are
//! removed; owners in foreground deletion wait until their dependents are gone.

use crate::sim::api::server::{DeleteOptions, Propagation};
use crate::sim::cluster::Cluster;
use crate::sim::podutil::owner_kind;
use crate::sim::store::ObjKey;

/// Looks at one object: its owners' existence, or (in foreground deletion) its dependents.
pub fn reconcile(c: &mut Cluster, key: &ObjKey) {
    let Some(obj) = c.store.get_key(key).cloned() else {
        return;
    };
    let uid = obj.meta().uid.clone().unwrap_or_default();
    let foreground = obj
        .meta()
        .finalizers
        .iter()
        .flatten()
        .any(|f| f == "foregroundDeletion");
    if foreground && obj.meta().deletion_timestamp.is_some() && !c.store.has_dependents(&uid) {
        c.store.remove(key);
        return;
    }
    let refs = obj.meta().owner_references.clone().unwrap_or_default();
    if refs.is_empty() {
        return;
    }
    let mut alive = Vec::new();
    let mut owner_foreground = false;
    for r in &refs {
        let Some(kind) = owner_kind(r) else {
            alive.push(r.clone());
            continue;
        };
        match c.store.get(kind, &key.namespace, &r.name) {
            Some(o) if o.meta().uid.as_deref() == Some(r.uid.as_str()) => {
                let fg = o.meta().deletion_timestamp.is_some()
                    && o.meta()
                        .finalizers
                        .iter()
                        .flatten()
                        .any(|f| f == "foregroundDeletion");
                if fg && r.block_owner_deletion == Some(true) {
                    owner_foreground = true;
                } else {
                    alive.push(r.clone());
                }
            }
            _ => {}
        }
    }
    if alive.is_empty() {
        if obj.meta().deletion_timestamp.is_none() {
            let propagation = if owner_foreground {
                Propagation::Foreground
            } else {
                Propagation::Background
            };
            let _ = c.api_delete(
                key.kind,
                &key.namespace,
                &key.name,
                DeleteOptions {
                    grace_period: None,
                    propagation,
                },
            );
        }
    } else if alive.len() < refs.len() && !owner_foreground {
        let mut o = obj;
        o.meta_mut().owner_references = Some(alive);
        c.api_write(o);
    }
}
