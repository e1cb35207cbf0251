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
    let Some(job) = c.store.get_typed_at::<Job>(key).cloned() else {
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

#[cfg(test)]
mod tests {
    use crate::sim::pod::Pod;
    use crate::sim::testutil::{cluster, create};
    use jiff::SignedDuration;
    use k8s_openapi::api::batch::v1::Job;

    const JOB: &str = r#"
apiVersion: batch/v1
kind: Job
metadata:
  name: short
spec:
  ttlSecondsAfterFinished: 30
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: c
        image: busybox:1.36
        command: ["sh", "-c", "echo done"]
"#;

    fn pods(c: &crate::sim::cluster::Cluster) -> usize {
        c.store.list_typed::<Pod>(Some("default")).count()
    }

    /// "Automatic Cleanup for Finished Jobs": the Job and its pods are deleted
    /// ttlSecondsAfterFinished after the Job finished, not before.
    #[test]
    fn finished_job_and_pods_deleted_after_ttl() {
        let mut c = cluster();
        create(&mut c, JOB);
        let mut finished_at = None;
        for _ in 0..60 {
            c.advance(SignedDuration::from_secs(1));
            let job = c
                .store
                .get_typed::<Job>("default", "short")
                .cloned()
                .unwrap();
            if let Some(t) = crate::sim::controllers::job::finish_time(&job) {
                finished_at = Some(t);
                break;
            }
        }
        let finished_at = finished_at.expect("the Job finishes");
        assert_eq!(pods(&c), 1);
        c.advance_to(finished_at + SignedDuration::from_secs(29));
        assert!(c.store.get_typed::<Job>("default", "short").is_some());
        assert_eq!(pods(&c), 1);
        c.advance_to(finished_at + SignedDuration::from_secs(30));
        assert!(c.store.get_typed::<Job>("default", "short").is_none());
        assert_eq!(pods(&c), 0, "the pods go with the Job");
    }

    /// A Job without ttlSecondsAfterFinished stays.
    #[test]
    fn job_without_ttl_stays() {
        let mut c = cluster();
        create(&mut c, &JOB.replace("  ttlSecondsAfterFinished: 30\n", ""));
        c.advance(SignedDuration::from_hours(2));
        assert!(c.store.get_typed::<Job>("default", "short").is_some());
        assert_eq!(pods(&c), 1);
    }
}
