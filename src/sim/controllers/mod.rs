//! The controllers of the simulated control plane, one file each, and the routing that decides
//! which of them hears about which change (what informer event handlers do in the real ones).
//!
//! Every controller is a level-triggered reconcile function `reconcile(cluster, key)`: it reads
//! the desired and observed state from the store, acts through the API, records events, and asks
//! to be woken later (`enqueue_after`) when it waits for time to pass. The store is always current,
//! so the "expectations" real controllers keep against stale informer caches are not needed.

pub mod cronjob;
pub mod daemonset;
pub mod deployment;
pub mod garbage_collector;
pub mod job;
pub mod namespace;
pub mod node_lifecycle;
pub mod pod_gc;
pub mod pv_binder;
pub mod replicaset;
pub mod serviceaccount;
pub mod statefulset;
pub mod ttl_after_finished;

use super::cluster::Cluster;
use super::object::Kind;
use super::store::{Change, ChangeOp, ObjKey};
use crate::sim::labels::Selector;
use crate::sim::object::Typed;
use crate::sim::pod::Pod;
use k8s_openapi::api::apps::v1::{Deployment, ReplicaSet, StatefulSet};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};

/// Absolute ceiling on the pods one workload (ReplicaSet, StatefulSet, Job) materialises.
/// Kubernetes accepts any int32 count (`replicas: 1000000000` is valid), and without a
/// ResourceQuota the real controllers would create pods until etcd fills; a laptop simulator must
/// not freeze instead. See [`max_pods_per_workload`] for the cap that applies on a cluster.
pub const MAX_PODS_PER_WORKLOAD: usize = 10_000;

/// Pods per node the cap allows for: the kubelet's default `maxPods`.
pub const CAP_PODS_PER_NODE: usize = 110;

/// The cap never goes below this, so small clusters still show plenty of Pending pods.
pub const MIN_PODS_PER_WORKLOAD: usize = 100;

/// The most pods one workload materialises on `c`: what its nodes could ever run
/// (110 per node), at least [`MIN_PODS_PER_WORKLOAD`], at most [`MAX_PODS_PER_WORKLOAD`]. More
/// would only be Pending, and creating them would stall the program.
pub fn max_pods_per_workload(c: &Cluster) -> usize {
    let nodes = c.store.list(Kind::Node, None).count();
    (nodes * CAP_PODS_PER_NODE).clamp(MIN_PODS_PER_WORKLOAD, MAX_PODS_PER_WORKLOAD)
}

/// `wanted` capped at [`max_pods_per_workload`]; when the workload already `has` that many pods
/// and wants more, records the `FailedCreate` Warning that says why no more appear (as a quota
/// rejection would; `field` says who asks for them, e.g. `spec.replicas asks for`).
pub fn cap_pods<T: crate::sim::object::Typed>(
    c: &mut Cluster,
    o: &T,
    field: &str,
    wanted: i64,
    has: usize,
    component: &'static str,
) -> usize {
    let wanted = usize::try_from(wanted.max(0)).unwrap_or(usize::MAX);
    if wanted <= MIN_PODS_PER_WORKLOAD {
        return wanted;
    }
    let cap = max_pods_per_workload(c);
    if wanted > cap && has >= cap {
        c.record_simulator_note(
            o,
            "Warning",
            "FailedCreate",
            &format!(
                "Error creating: kubetutor simulates at most {cap} pods per workload on this cluster ({CAP_PODS_PER_NODE} per node), not the {wanted} {field}"
            ),
            crate::sim::cluster::Source::component(component),
        );
    }
    wanted.min(cap)
}

/// Every controller (and node agent) with a work queue. The order is the order in which queues
/// are drained at one instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ctrl {
    /// Node lifecycle: heartbeats, NotReady/Unknown, unreachable taints, taint-based eviction.
    NodeLifecycle,
    /// Garbage collector: deletes dependents whose owners are gone.
    GarbageCollector,
    /// Pod GC: removes pods bound to nodes that no longer exist.
    PodGc,
    /// Namespace deletion: empties a terminating namespace, then removes it.
    Namespace,
    /// Deployment controller.
    Deployment,
    /// ReplicaSet controller.
    ReplicaSet,
    /// StatefulSet controller.
    StatefulSet,
    /// DaemonSet controller.
    DaemonSet,
    /// Job controller.
    Job,
    /// CronJob controller.
    CronJob,
    /// TTL-after-finished controller: deletes finished Jobs after `ttlSecondsAfterFinished`.
    TtlAfterFinished,
    /// PersistentVolume binder with dynamic provisioning.
    PvBinder,
    /// kube-scheduler.
    Scheduler,
    /// The kubelets.
    Kubelet,
}

/// Runs `ctrl`'s reconcile for `key`.
pub fn reconcile(c: &mut Cluster, ctrl: Ctrl, key: &ObjKey) {
    match ctrl {
        Ctrl::NodeLifecycle => node_lifecycle::reconcile(c, key),
        Ctrl::GarbageCollector => garbage_collector::reconcile(c, key),
        Ctrl::PodGc => pod_gc::reconcile(c, key),
        Ctrl::Namespace => namespace::reconcile(c, key),
        Ctrl::Deployment => deployment::reconcile(c, key),
        Ctrl::ReplicaSet => replicaset::reconcile(c, key),
        Ctrl::StatefulSet => statefulset::reconcile(c, key),
        Ctrl::DaemonSet => daemonset::reconcile(c, key),
        Ctrl::Job => job::reconcile(c, key),
        Ctrl::CronJob => cronjob::reconcile(c, key),
        Ctrl::TtlAfterFinished => ttl_after_finished::reconcile(c, key),
        Ctrl::PvBinder => pv_binder::reconcile(c, key),
        Ctrl::Scheduler => crate::sim::scheduler::reconcile(c, key),
        Ctrl::Kubelet => crate::sim::kubelet::reconcile(c, key),
    }
}

fn owner_ctrl(kind: &str) -> Option<(Ctrl, Kind)> {
    Some(match kind {
        "ReplicaSet" => (Ctrl::ReplicaSet, Kind::ReplicaSet),
        "Deployment" => (Ctrl::Deployment, Kind::Deployment),
        "StatefulSet" => (Ctrl::StatefulSet, Kind::StatefulSet),
        "DaemonSet" => (Ctrl::DaemonSet, Kind::DaemonSet),
        "Job" => (Ctrl::Job, Kind::Job),
        "CronJob" => (Ctrl::CronJob, Kind::CronJob),
        _ => return None,
    })
}

/// Which controllers must look at what, after `ch`.
pub fn interested(c: &Cluster, ch: &Change) -> Vec<(Ctrl, ObjKey)> {
    let mut out = Vec::new();
    let key = &ch.key;
    for o in &ch.owners {
        if let Some((ctrl, kind)) = owner_ctrl(&o.kind) {
            out.push((ctrl, ObjKey::new(kind, &key.namespace, &o.name)));
        }
    }
    if ch.op == ChangeOp::Deleted {
        if !ch.uid.is_empty() {
            for dep in c.store.dependents_of(&ch.uid) {
                out.push((Ctrl::GarbageCollector, dep));
            }
        }
        // An owner in foreground deletion waits for its last dependent.
        for o in &ch.owners {
            if let Some(kind) = Kind::from_api_version_kind(&o.api_version, &o.kind) {
                out.push((
                    Ctrl::GarbageCollector,
                    ObjKey::new(kind, &key.namespace, &o.name),
                ));
            }
        }
        if key.kind.namespaced() {
            let terminating = c
                .store
                .get(Kind::Namespace, "", &key.namespace)
                .is_some_and(|n| n.meta().deletion_timestamp.is_some());
            if terminating {
                out.push((
                    Ctrl::Namespace,
                    ObjKey::new(Kind::Namespace, "", &key.namespace),
                ));
            }
            // pvc-protection: a claim waiting for its pods to go.
            if key.kind == Kind::Pod {
                for pvc in c
                    .store
                    .list(Kind::PersistentVolumeClaim, Some(&key.namespace))
                {
                    if pvc.meta().deletion_timestamp.is_some() {
                        out.push((Ctrl::PvBinder, ObjKey::of(pvc)));
                    }
                }
            }
        }
    }
    match key.kind {
        Kind::Pod => {
            let pod = c.store.get_typed_at::<Pod>(key);
            let unscheduled = pod.is_some_and(|p| {
                p.spec.as_ref().and_then(|s| s.node_name.as_ref()).is_none()
                    && p.metadata.deletion_timestamp.is_none()
            });
            if unscheduled {
                out.push((Ctrl::Scheduler, key.clone()));
            }
            // An orphan wakes the controllers that could adopt it (`addPod`/`updatePod`): the
            // DaemonSets at every change, the ReplicaSets and StatefulSets when it is created or
            // its labels or owners changed, and none once it is being deleted (their handlers
            // pass it to `deletePod`, which ignores an orphan).
            if let Some(p) =
                pod.filter(|p| crate::sim::podutil::controller_ref(&p.metadata).is_none())
            {
                out.extend(daemonset::selecting(c, p));
                if p.metadata.deletion_timestamp.is_none() && labels_or_owners_may_change(ch) {
                    let meta = &p.metadata;
                    out.extend(selecting::<ReplicaSet>(c, meta, Ctrl::ReplicaSet, |r| {
                        r.spec.as_ref().map(|s| &s.selector)
                    }));
                    out.extend(selecting::<StatefulSet>(c, meta, Ctrl::StatefulSet, |s| {
                        s.spec.as_ref().map(|s| &s.selector)
                    }));
                }
            }
            if ch.node.is_some() {
                out.push((Ctrl::Kubelet, key.clone()));
                if ch.op == ChangeOp::Deleted {
                    // Freed resources may let a pending pod fit.
                    out.extend(pending_pods(c));
                }
            }
        }
        Kind::Node => {
            out.push((Ctrl::NodeLifecycle, key.clone()));
            out.extend(pending_pods(c));
            if ch.op == ChangeOp::Deleted {
                out.push((Ctrl::PodGc, key.clone()));
            }
            // Every DaemonSet reconsiders which nodes should run its pod.
            for ds in c.store.list(Kind::DaemonSet, None) {
                out.push((Ctrl::DaemonSet, ObjKey::of(ds)));
            }
        }
        Kind::ReplicaSet => {
            out.push((Ctrl::ReplicaSet, key.clone()));
            // An orphan wakes the Deployments that could adopt it (`addReplicaSet`,
            // `updateReplicaSet`).
            if labels_or_owners_may_change(ch)
                && let Some(rs) = c.store.get_typed_at::<ReplicaSet>(key)
                && rs.metadata.deletion_timestamp.is_none()
                && crate::sim::podutil::controller_ref(&rs.metadata).is_none()
            {
                out.extend(selecting::<Deployment>(
                    c,
                    &rs.metadata,
                    Ctrl::Deployment,
                    |d| d.spec.as_ref().map(|s| &s.selector),
                ));
            }
        }
        Kind::Deployment => out.push((Ctrl::Deployment, key.clone())),
        Kind::StatefulSet => out.push((Ctrl::StatefulSet, key.clone())),
        Kind::DaemonSet => out.push((Ctrl::DaemonSet, key.clone())),
        Kind::Job => {
            out.push((Ctrl::Job, key.clone()));
            out.push((Ctrl::TtlAfterFinished, key.clone()));
        }
        Kind::CronJob => out.push((Ctrl::CronJob, key.clone())),
        Kind::PersistentVolumeClaim => out.push((Ctrl::PvBinder, key.clone())),
        _ => {}
    }
    out
}

/// The workloads of type `T` in the namespace of the orphan with metadata `meta` whose selector
/// matches its labels, as client-go's listers find them (`GetPodReplicaSets`,
/// `GetPodStatefulSets`, `GetPodDaemonSets`, `GetDeploymentsForReplicaSet`): a nil, empty or
/// invalid selector selects nothing.
pub fn selecting<'a, T: Typed>(
    c: &'a Cluster,
    meta: &'a ObjectMeta,
    ctrl: Ctrl,
    selector: impl Fn(&T) -> Option<&LabelSelector> + 'a,
) -> impl Iterator<Item = (Ctrl, ObjKey)> + 'a {
    let ns = meta.namespace.as_deref().unwrap_or_default();
    c.store
        .list_typed::<T>(Some(ns))
        .filter(move |w| {
            Selector::from_label_selector(selector(w))
                .is_ok_and(|s| !s.is_empty() && s.matches_opt(meta.labels.as_ref()))
        })
        .map(move |w| (ctrl, crate::sim::podutil::key_of(w)))
}

/// Whether `ch` created an orphan or changed its labels or owners, as upstream's handlers ask
/// before looking for adopters (`addPod`; `updatePod`'s `labelChanged || controllerRefChanged`).
/// An orphan's change names owners only if it had some before (a released object) or has
/// references that are not its controller's.
fn labels_or_owners_may_change(ch: &Change) -> bool {
    ch.op == ChangeOp::Added || ch.labels_changed || !ch.owners.is_empty()
}

/// Every pod waiting for a node: the scheduler retries them when the cluster changes.
fn pending_pods(c: &Cluster) -> Vec<(Ctrl, ObjKey)> {
    c.store
        .unscheduled_pods()
        .map(|k| (Ctrl::Scheduler, k.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::testutil::{cluster, create};
    use k8s_openapi::api::apps::v1::ReplicaSet;
    use k8s_openapi::api::core::v1::Event;

    /// A workload at the cap that wants more gets the `FailedCreate` warning saying why. It is
    /// the simulator's note, not an event the controller would write, so client-go's spam filter
    /// (which a workload creating its 110 pods exhausts) does not drop it: see
    /// `tests/hostile_input.rs`.
    #[test]
    fn cap_pods_says_why_in_a_failed_create_warning() {
        let mut c = cluster();
        create(
            &mut c,
            "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: big, namespace: default}\nspec:\n  replicas: 0\n  selector: {matchLabels: {app: big}}\n  template:\n    metadata: {labels: {app: big}}\n    spec: {containers: [{name: c, image: nginx}]}\n",
        );
        let rs = c
            .store
            .get_typed::<ReplicaSet>("default", "big")
            .cloned()
            .expect("created");
        let cap = max_pods_per_workload(&c);
        let got = cap_pods(
            &mut c,
            &rs,
            "spec.replicas asks for",
            1_000_000,
            cap,
            "replicaset-controller",
        );
        assert_eq!(got, cap);
        let warning = c
            .store
            .list_typed::<Event>(Some("default"))
            .find(|e| e.reason.as_deref() == Some("FailedCreate"))
            .and_then(|e| e.message.clone());
        assert_eq!(
            warning,
            Some(format!(
                "Error creating: kubetutor simulates at most {cap} pods per workload on this cluster (110 per node), not the 1000000 spec.replicas asks for"
            ))
        );
    }
}
