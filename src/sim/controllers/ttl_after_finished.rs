//! The TTL-after-finished controller (`pkg/controller/ttlafterfinished/ttlafterfinished_controller.go`):
//! a finished Job with `spec.ttlSecondsAfterFinished` is deleted that many seconds after the
//! transition time of its `Complete`/`Failed` condition, with foreground cascading deletion so
//! its pods go first.

use crate::sim::api::server::{DeleteOptions, Propagation};
use crate::sim::cluster::Cluster;
use crate::sim::controllers::Ctrl;
use crate::sim::controllers::job::{finish_time, is_finished};
use crate::sim::object::Kind;
use crate::sim::store::ObjKey;
use jiff::SignedDuration;
use k8s_openapi::api::batch::v1::Job;

/// Looks at one Job (`processJob`): deletes it when its TTL has expired, otherwise asks to be
/// woken when it will.
pub fn reconcile(c: &mut Cluster, key: &ObjKey) {
    let Some(job) = c.store.get_typed::<Job>(&key.namespace, &key.name).cloned() else {
        return;
    };
    // needsCleanup: not being deleted, finished, with a TTL.
    if job.metadata.deletion_timestamp.is_some() || !is_finished(&job) {
        return;
    }
    let Some(ttl) = job.spec.as_ref().and_then(|s| s.ttl_seconds_after_finished) else {
        return;
    };
    let Some(finished_at) = finish_time(&job) else {
        return;
    };
    let expire_at = finished_at + SignedDuration::from_secs(i64::from(ttl));
    if expire_at > c.now() {
        c.enqueue_at(Ctrl::TtlAfterFinished, key.clone(), expire_at);
        return;
    }
    let _ = c.api_delete(
        Kind::Job,
        &key.namespace,
        &key.name,
        DeleteOptions {
            grace_period: None,
            propagation: Propagation::Foreground,
        },
    );
}
