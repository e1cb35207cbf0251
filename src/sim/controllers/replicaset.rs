//! The ReplicaSet controller (`pkg/controller/replicaset/replica_set.go`): keeps
//! `spec.replicas` active pods matching the selector, adopting orphans, creating from the template
//! (`<rs>-<5 random>`) and deleting the least valuable pods first (`controller.ActivePods` order).

use crate::sim::cluster::Cluster;
use crate::sim::labels::Selector;
use crate::sim::object::{Kind, Typed};
use crate::sim::pod::Pod;
use crate::sim::podutil::{self, controller_ref_to, event, is_active};
use crate::sim::rng::FxState;
use crate::sim::store::{Change, ChangeOp, ObjKey, uid_hash};
use k8s_openapi::api::apps::v1::{ReplicaSet, ReplicaSetCondition, ReplicaSetStatus};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};

const COMPONENT: &str = "replicaset-controller";
/// `BurstReplicas`: at most this many creations or deletions per sync.
const BURST_REPLICAS: usize = 500;

/// Reconciles one ReplicaSet.
pub fn reconcile(c: &mut Cluster, key: &ObjKey) {
    let Some(rs) = c.store.get_typed_at::<ReplicaSet>(key).cloned() else {
        return;
    };
    let uid = rs.metadata.uid.clone().unwrap_or_default();
    let spec = rs.spec.clone().unwrap_or_default();
    let selector =
        Selector::from_label_selector(Some(&spec.selector)).unwrap_or_else(|_| Selector::nothing());
    // `claimPods` over the active pods: adopt matching orphans, and release pods relabelled out.
    // Of the pods it controls, only those created or relabelled since its last sync can have
    // stopped matching: with kept counts, those are the ones looked at (every pod otherwise).
    if rs.metadata.deletion_timestamp.is_none() {
        let relabelled = c.replica_counts.relabelled_since(&uid, &key.namespace);
        podutil::claim::<Pod, _>(c, &rs, &selector, is_active, relabelled.as_deref());
    }
    // The active pods are read once, in place (only the pods to delete are copied out of the
    // store): upstream computes the status from the pods it listed before creating or deleting
    // any, so what this sync does shows in the next sync's status.
    let counts = StatusCounts::kept(c, &rs, &key.namespace, &uid);
    let active_count = counts.replicas;
    let mut failed: Option<String> = None;
    if rs.metadata.deletion_timestamp.is_none() {
        let want = super::cap_pods(
            c,
            &rs,
            "spec.replicas asks for",
            i64::from(spec.replicas.unwrap_or(1)),
            active_count,
            COMPONENT,
        );
        if active_count < want {
            let n = (want - active_count).min(BURST_REPLICAS);
            let template =
                podutil::TemplatePods::new(spec.template.as_ref().unwrap_or(&Default::default()));
            for _ in 0..n {
                let mut pod = template.pod(&key.namespace, controller_ref_to(&rs));
                pod.metadata.generate_name = Some(format!("{}-", key.name));
                match c.api_create(pod.into()) {
                    Ok(created) => event(
                        c,
                        &rs,
                        "Normal",
                        "SuccessfulCreate",
                        &format!("Created pod: {}", created.name()),
                        COMPONENT,
                    ),
                    Err(e) => {
                        event(
                            c,
                            &rs,
                            "Warning",
                            "FailedCreate",
                            &format!("Error creating: {}", e.status_message()),
                            COMPONENT,
                        );
                        failed = Some(e.status_message());
                        break;
                    }
                }
            }
        } else if active_count > want {
            let mut ranked: Vec<Pod> = active_pods(c, &key.namespace, &uid).cloned().collect();
            ranked.sort_by(active_pods_less);
            for p in ranked
                .into_iter()
                .take((active_count - want).min(BURST_REPLICAS))
            {
                let name = p.metadata.name.clone().unwrap_or_default();
                if c.api_delete(
                    crate::sim::object::Kind::Pod,
                    &key.namespace,
                    &name,
                    Default::default(),
                )
                .is_ok()
                {
                    event(
                        c,
                        &rs,
                        "Normal",
                        "SuccessfulDelete",
                        &format!("Deleted pod: {name}"),
                        COMPONENT,
                    );
                }
            }
        }
    }
    let want = i64::from(spec.replicas.unwrap_or(1));
    let failure = failed.as_ref().map(|msg| {
        let reason = if (active_count as i64) < want {
            "FailedCreate"
        } else {
            "FailedDelete"
        };
        (reason, msg.clone())
    });
    update_status(c, key, failure, &counts);
    // A failed sync is retried with the work queue's per-item exponential back-off, a success
    // forgets it (replica_set.go processNextWorkItem: AddRateLimited / Forget).
    let item = format!("replicaset/{}/{}", key.namespace, key.name);
    if failed.is_some() {
        let delay = c.runtime.rate_limit_failure(&item);
        c.enqueue_after(super::Ctrl::ReplicaSet, key.clone(), delay);
    } else {
        c.runtime.rate_limit_forget(&item);
    }
}

/// The active pods `uid` controls in `ns`, in store order, borrowed from the store.
fn active_pods<'a>(c: &'a Cluster, ns: &'a str, uid: &str) -> impl Iterator<Item = &'a Pod> + 'a {
    c.store
        .controlled_by(Kind::Pod, Some(ns), uid)
        .filter_map(Pod::from_object)
        .filter(|p| is_active(p))
}

fn phase_rank(p: &Pod) -> u8 {
    match podutil::phase(p) {
        "Pending" => 0,
        "Unknown" => 1,
        "Running" => 2,
        _ => 3,
    }
}

/// `controller.ActivePods.Less`: the pod to delete first sorts first.
pub fn active_pods_less(a: &Pod, b: &Pod) -> Ordering {
    let assigned = |p: &Pod| podutil::node_name(p).is_some();
    let restarts = |p: &Pod| -> i32 {
        p.status
            .as_ref()
            .and_then(|s| s.container_statuses.as_ref())
            .map(|cs| cs.iter().map(|c| c.restart_count).max().unwrap_or(0))
            .unwrap_or(0)
    };
    assigned(a)
        .cmp(&assigned(b))
        .then(phase_rank(a).cmp(&phase_rank(b)))
        .then(podutil::is_ready(a).cmp(&podutil::is_ready(b)))
        .then_with(|| {
            // Ready for less time sorts first.
            match (podutil::ready_since(a), podutil::ready_since(b)) {
                (Some(x), Some(y)) => y.cmp(&x),
                _ => Ordering::Equal,
            }
        })
        .then(restarts(b).cmp(&restarts(a)))
        .then_with(|| {
            let t = |p: &Pod| p.metadata.creation_timestamp.as_ref().map(|t| t.0);
            t(b).cmp(&t(a))
        })
}

/// What `calculateStatus` counts of the active pods a sync listed, and when a ready pod
/// becomes available (under `minReadySeconds`).
struct StatusCounts {
    replicas: usize,
    fully_labeled: i32,
    ready: i32,
    available: i32,
    wake: Vec<jiff::Timestamp>,
}

/// The template's labels (a pod with all of them is fully labeled).
fn template_labels(rs: &ReplicaSet) -> Option<&BTreeMap<String, String>> {
    rs.spec
        .as_ref()
        .and_then(|s| s.template.as_ref())
        .and_then(|t| t.metadata.as_ref())
        .and_then(|m| m.labels.as_ref())
}

/// Whether `p` has every label of `template` (`calculateStatus`'s fully labeled pods).
fn fully_labeled(p: &Pod, template: Option<&BTreeMap<String, String>>) -> bool {
    let l = p.metadata.labels.as_ref();
    template
        .into_iter()
        .flatten()
        .all(|(k, v)| l.and_then(|l| l.get(k)) == Some(v))
}

/// What `calculateStatus` counts of one active pod, when `minReadySeconds` is 0.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Counted {
    replicas: usize,
    fully_labeled: i32,
    ready: i32,
}

impl Counted {
    fn of(p: &Pod, template: Option<&BTreeMap<String, String>>) -> Counted {
        Counted {
            replicas: 1,
            fully_labeled: i32::from(fully_labeled(p, template)),
            ready: i32::from(podutil::is_ready(p)),
        }
    }

    fn add(&mut self, o: Counted) {
        self.replicas += o.replicas;
        self.fully_labeled += o.fully_labeled;
        self.ready += o.ready;
    }

    fn sub(&mut self, o: Counted) {
        self.replicas -= o.replicas;
        self.fully_labeled -= o.fully_labeled;
        self.ready -= o.ready;
    }
}

/// The status counts of each ReplicaSet (with `minReadySeconds` 0) as its last sync found them,
/// and the pods written under it since. Upstream's `syncReplicaSet` lists and counts every pod
/// at every sync; a ReplicaSet of 5,000 pods creating them 500 at a time (`BurstReplicas`) syncs
/// ten times at one instant, so counting them all reads 22,500 pods (and twice the pods four
/// and a half times as many), each spread over a dozen cache lines. Kept counts give the same
/// numbers from the pods written since: every write of a pod in the set's namespace that names
/// the set's uid as an owner (under any kind or name, before or after the write) is noted here
/// when it is routed, and the sync's own writes not yet routed (the orphans it just adopted) are
/// noted when it counts, so a pod whose count may have changed is always read again. With
/// `minReadySeconds` a pod's availability changes with time alone, so such a set is counted
/// whole, as before.
#[derive(Clone, Debug, Default)]
pub struct KeptCounts {
    /// By [`uid_hash`] of the ReplicaSet's uid.
    sets: HashMap<u64, Kept, FxState>,
}

/// One ReplicaSet's kept counts.
#[derive(Clone, Debug)]
struct Kept {
    uid: String,
    namespace: String,
    /// The template labels the pods were judged fully labeled against.
    template_labels: Option<BTreeMap<String, String>>,
    /// Each active pod counted, and what it counted for.
    pods: HashMap<ObjKey, Counted, FxState>,
    totals: Counted,
    /// Pods written since the last sync (some perhaps more than once).
    written: Vec<ObjKey>,
    /// Of those, the pods created or relabelled: the only ones that may have stopped matching
    /// the selector, so the only ones `claimPods` must look at to release.
    relabelled: Vec<ObjKey>,
}

impl KeptCounts {
    /// The pods created or relabelled under the ReplicaSet `uid` in `ns` since its last sync
    /// (some perhaps more than once), if its counts are kept; `None` if they are not, when any
    /// of its pods may have changed unnoticed.
    pub fn relabelled_since(&self, uid: &str, ns: &str) -> Option<Vec<ObjKey>> {
        self.sets
            .get(&uid_hash(uid))
            .filter(|k| k.uid == uid && k.namespace == ns)
            .map(|k| k.relabelled.clone())
    }

    /// Notes a routed write: a pod written under a kept ReplicaSet is read again at its next
    /// sync; a deleted ReplicaSet's counts are let go.
    pub fn note(&mut self, ch: &Change) {
        if self.sets.is_empty() {
            return;
        }
        match ch.key.kind {
            Kind::Pod => {
                for o in &ch.owners {
                    let Some(kept) = self
                        .sets
                        .get_mut(&o.uid_hash)
                        .filter(|k| ch.key.namespace == k.namespace.as_str())
                    else {
                        continue;
                    };
                    let noted = kept.written.len() + kept.relabelled.len();
                    if noted < 4 * (kept.pods.len() + BURST_REPLICAS) {
                        kept.written.push(ch.key.clone());
                        if ch.labels_changed {
                            kept.relabelled.push(ch.key.clone());
                        }
                    } else {
                        // More writes than a sync would read pods for (a pod that names the set
                        // as its owner under another kind wakes no sync of it): the next sync
                        // counts every pod instead, and the list stays bounded.
                        self.sets.remove(&o.uid_hash);
                    }
                }
            }
            Kind::ReplicaSet if ch.op == ChangeOp::Deleted => {
                let h = uid_hash(&ch.uid);
                if self.sets.get(&h).is_some_and(|k| k.uid == ch.uid) {
                    self.sets.remove(&h);
                }
            }
            _ => {}
        }
    }
}

impl StatusCounts {
    /// The counts of `rs`'s active pods now: from its kept counts and the pods written since
    /// (see [`KeptCounts`]), or read whole. The kept entry is taken out while the pods are
    /// read and put back after; a set with `minReadySeconds` keeps none.
    fn kept(c: &mut Cluster, rs: &ReplicaSet, ns: &str, uid: &str) -> StatusCounts {
        // This sync's own writes (adoptions, releases) are routed only after it: note them now
        // (a write noted twice is only read twice).
        for ch in c.store.pending_changes() {
            c.replica_counts.note(ch);
        }
        let min_ready = rs
            .spec
            .as_ref()
            .and_then(|s| s.min_ready_seconds)
            .unwrap_or(0);
        let h = uid_hash(uid);
        let kept = c.replica_counts.sets.remove(&h);
        if min_ready != 0 {
            return StatusCounts::of(c, rs, ns, uid);
        }
        let template = template_labels(rs);
        let kept = kept.filter(|k| {
            k.uid == uid && k.namespace == ns && k.template_labels.as_ref() == template
        });
        let kept = match kept {
            Some(mut kept) => {
                kept.relabelled.clear();
                for key in std::mem::take(&mut kept.written) {
                    if let Some(was) = kept.pods.remove(&key) {
                        kept.totals.sub(was);
                    }
                    let now = c.store.get_typed_at::<Pod>(&key).filter(|p| {
                        key.namespace == ns
                            && is_active(p)
                            && podutil::controller_ref(&p.metadata).is_some_and(|r| r.uid == uid)
                    });
                    if let Some(p) = now {
                        let counted = Counted::of(p, template);
                        kept.totals.add(counted);
                        kept.pods.insert(key, counted);
                    }
                }
                kept
            }
            None => {
                let mut kept = Kept {
                    uid: uid.to_string(),
                    namespace: ns.to_string(),
                    template_labels: template.cloned(),
                    pods: HashMap::default(),
                    totals: Counted::default(),
                    written: Vec::new(),
                    relabelled: Vec::new(),
                };
                for p in active_pods(c, ns, uid) {
                    let counted = Counted::of(p, template);
                    kept.totals.add(counted);
                    let name = p.metadata.name.as_deref().unwrap_or_default();
                    kept.pods.insert(ObjKey::new(Kind::Pod, ns, name), counted);
                }
                kept
            }
        };
        let totals = kept.totals;
        c.replica_counts.sets.insert(h, kept);
        let counts = StatusCounts {
            replicas: totals.replicas,
            fully_labeled: totals.fully_labeled,
            ready: totals.ready,
            // With minReadySeconds 0 a ready pod is available.
            available: totals.ready,
            wake: Vec::new(),
        };
        // Every test in a debug build checks the kept counts against counting every pod.
        #[cfg(debug_assertions)]
        {
            let whole = StatusCounts::of(c, rs, ns, uid);
            assert_eq!(
                (
                    whole.replicas,
                    whole.fully_labeled,
                    whole.ready,
                    whole.available,
                    &whole.wake
                ),
                (
                    counts.replicas,
                    counts.fully_labeled,
                    counts.ready,
                    counts.available,
                    &counts.wake
                ),
                "kept counts of ReplicaSet {ns}/{uid}"
            );
        }
        counts
    }

    /// The counts of `rs`'s active pods now, read in place.
    fn of(c: &Cluster, rs: &ReplicaSet, ns: &str, uid: &str) -> StatusCounts {
        let spec = rs.spec.as_ref();
        let min_ready = spec.and_then(|s| s.min_ready_seconds).unwrap_or(0);
        let template = template_labels(rs);
        let now = c.now();
        let mut counts = StatusCounts {
            replicas: 0,
            fully_labeled: 0,
            ready: 0,
            available: 0,
            wake: Vec::new(),
        };
        for p in active_pods(c, ns, uid) {
            counts.replicas += 1;
            if fully_labeled(p, template) {
                counts.fully_labeled += 1;
            }
            // The Ready condition is looked for once, for all three.
            let ready_since = podutil::ready_since(p);
            if ready_since.is_some() {
                counts.ready += 1;
            }
            if podutil::available_given(ready_since, min_ready, now) {
                counts.available += 1;
            }
            // Available only after minReadySeconds: check again then.
            if min_ready > 0
                && let Some(t) = ready_since
            {
                let at = t + jiff::SignedDuration::from_secs(i64::from(min_ready));
                if at > now {
                    counts.wake.push(at);
                }
            }
        }
        counts
    }
}

/// `calculateStatus` (replica_set_utils.go): counts of the pods the sync listed before it
/// created or deleted any, and the ReplicaFailure condition, set while creating or deleting
/// pods fails and removed by the next sync that goes through.
fn update_status(
    c: &mut Cluster,
    key: &ObjKey,
    failure: Option<(&str, String)>,
    counts: &StatusCounts,
) {
    let Some(mut rs) = c.store.get_typed_at::<ReplicaSet>(key).cloned() else {
        return;
    };
    let old = rs.status.clone().unwrap_or_default();
    let status = ReplicaSetStatus {
        replicas: counts.replicas as i32,
        fully_labeled_replicas: Some(counts.fully_labeled),
        ready_replicas: Some(counts.ready),
        available_replicas: Some(counts.available),
        observed_generation: rs.metadata.generation,
        conditions: failure_conditions(old.conditions.clone(), failure, c.now_time()),
        terminating_replicas: None,
    };
    for &at in &counts.wake {
        c.enqueue_at(crate::sim::controllers::Ctrl::ReplicaSet, key.clone(), at);
    }
    if rs.status.as_ref() != Some(&status) {
        rs.status = Some(status);
        c.write(rs);
    }
}

/// The status conditions after a sync: a ReplicaFailure condition is added on the first failed
/// sync (kept as it is while failures go on) and removed by a sync without error.
fn failure_conditions(
    old: Option<Vec<ReplicaSetCondition>>,
    failure: Option<(&str, String)>,
    now: Time,
) -> Option<Vec<ReplicaSetCondition>> {
    let mut conds = old.unwrap_or_default();
    let existing = conds.iter().any(|c| c.type_ == "ReplicaFailure");
    match failure {
        Some((reason, message)) if !existing => conds.push(ReplicaSetCondition {
            type_: "ReplicaFailure".into(),
            status: "True".into(),
            reason: Some(reason.into()),
            message: Some(message),
            last_transition_time: Some(now),
        }),
        None if existing => conds.retain(|c| c.type_ != "ReplicaFailure"),
        _ => {}
    }
    if conds.is_empty() { None } else { Some(conds) }
}

#[cfg(test)]
mod tests {
    use crate::sim::object::Object;
    use crate::sim::testutil::{WEB_REPLICA_SET, cluster, create};

    /// A bare pod with the labels of `web`'s selector.
    const STRAY: &str = "apiVersion: v1
kind: Pod
metadata: {name: stray, namespace: default, labels: {app: web}}
spec:
  containers: [{name: web, image: nginx:1.27}]
";

    /// The ReplicaSet `web` of three pods, Running a minute.
    fn running_web() -> crate::sim::cluster::Cluster {
        let mut c = cluster();
        create(&mut c, WEB_REPLICA_SET);
        c.advance(jiff::SignedDuration::from_secs(60));
        c
    }

    /// The uid of `web`.
    fn web_uid(c: &crate::sim::cluster::Cluster) -> String {
        c.store
            .get_typed::<k8s_openapi::api::apps::v1::ReplicaSet>("default", "web")
            .and_then(|r| r.metadata.uid.clone())
            .unwrap_or_default()
    }

    /// The messages of the `SuccessfulDelete` events in `default`.
    fn deletions(c: &crate::sim::cluster::Cluster) -> Vec<String> {
        c.store
            .list_typed::<k8s_openapi::api::core::v1::Event>(Some("default"))
            .filter(|e| e.reason.as_deref() == Some("SuccessfulDelete"))
            .filter_map(|e| e.message.clone())
            .collect()
    }

    fn creations(c: &crate::sim::cluster::Cluster) -> usize {
        c.store
            .list_typed::<k8s_openapi::api::core::v1::Event>(Some("default"))
            .filter(|e| e.reason.as_deref() == Some("SuccessfulCreate"))
            .map(|e| e.count.unwrap_or(1) as usize)
            .sum()
    }

    /// An orphan adopted by a sync counts in that sync's status, as upstream's `claimPods`
    /// returns it among the pods `manageReplicas` and `calculateStatus` see: scaling to four
    /// with a matching orphan adopts it and creates nothing.
    #[test]
    fn an_orphan_adopted_by_a_sync_counts_in_that_sync() {
        use super::*;
        let mut c = running_web();
        let Some(mut rs) = c.store.get_typed::<ReplicaSet>("default", "web").cloned() else {
            panic!("web is stored");
        };
        if let Some(spec) = rs.spec.as_mut() {
            spec.replicas = Some(4);
        }
        // The scale-up and the orphan arrive at one instant: the sync they wake finds both.
        assert!(c.api_update(rs.into()).is_ok());
        assert!(c.api_create(crate::sim::testutil::obj(STRAY)).is_ok());
        c.settle();
        assert_eq!(creations(&c), 3, "the adopted orphan is the fourth pod");
        let uid = web_uid(&c);
        assert_eq!(active_pods(&c, "default", &uid).count(), 4);
    }

    /// An orphan relabelled to match a ReplicaSet wakes it too (`updatePod`: "If anything
    /// changed, sync matching controllers to see if anyone wants to adopt it now"), as
    /// `kubectl label pod other app=web --overwrite` does in the ReplicaSet tutorial's demo.
    #[test]
    fn an_orphan_relabelled_to_match_is_adopted_at_once() {
        use super::*;
        let mut c = running_web();
        create(&mut c, &STRAY.replace("app: web", "app: other"));
        c.advance(jiff::SignedDuration::from_secs(30));
        assert_eq!(creations(&c), 3);
        let Some(mut p) = c.store.get_typed::<Pod>("default", "stray").cloned() else {
            panic!("stray is stored");
        };
        p.metadata.labels = Some([("app".to_string(), "web".to_string())].into());
        assert!(c.api_update(p.into()).is_ok());
        c.settle();
        assert_eq!(
            deletions(&c).len(),
            1,
            "adopted, one pod too many, one deleted"
        );
        let uid = web_uid(&c);
        assert_eq!(active_pods(&c, "default", &uid).count(), 3);
    }

    /// A pod relabelled out of its ReplicaSet is released (`ClaimObject`: "Owned by us but
    /// selector doesn't match. Try to release"): it lives on as an orphan, kept for debugging,
    /// and the set makes a replacement.
    #[test]
    fn a_pod_relabelled_out_is_released_and_replaced() {
        use super::*;
        let mut c = running_web();
        let uid = web_uid(&c);
        let Some(mut p) = active_pods(&c, "default", &uid).next().cloned() else {
            panic!("web has pods");
        };
        let name = p.metadata.name.clone().unwrap_or_default();
        p.metadata.labels = Some([("app".to_string(), "debug".to_string())].into());
        assert!(c.api_update(p.into()).is_ok());
        c.settle();
        let released = c.store.get_typed::<Pod>("default", &name);
        assert!(released.is_some_and(|p| p.metadata.owner_references.is_none()));
        assert_eq!(creations(&c), 4, "a replacement");
        let kept: Vec<String> = active_pods(&c, "default", &uid)
            .filter_map(|p| p.metadata.name.clone())
            .collect();
        assert_eq!(kept.len(), 3);
        assert!(!kept.contains(&name));
    }

    /// A pod created already naming the set as its controller, with labels the selector does
    /// not match (a pod recreated from another's `-o yaml` with its labels edited), is released
    /// at the set's next sync, as `ClaimObject` releases any such pod: it is not counted, and
    /// lives on as an orphan.
    #[test]
    fn a_pod_created_under_a_set_it_does_not_match_is_released() {
        use super::*;
        let mut c = running_web();
        let Some(rs) = c.store.get_typed::<ReplicaSet>("default", "web").cloned() else {
            panic!("web is stored");
        };
        let uid = rs.metadata.uid.clone().unwrap_or_default();
        let mut crafted = crate::sim::testutil::obj(&STRAY.replace("app: web", "app: other"));
        crafted.meta_mut().owner_references = Some(vec![controller_ref_to(&rs)]);
        assert!(c.api_create(crafted).is_ok());
        c.settle();
        let stray = c.store.get_typed::<Pod>("default", "stray");
        assert!(stray.is_some_and(|p| p.metadata.owner_references.is_none()));
        assert_eq!(active_pods(&c, "default", &uid).count(), 3);
        assert_eq!(creations(&c), 3, "nothing deleted, nothing made");
    }

    /// An orphan matching a ReplicaSet's selector wakes it at once (`addPod`: "Otherwise, it's
    /// an orphan. Get a list of all matching ReplicaSets and sync them to see if anyone wants to
    /// adopt it", pkg/controller/replicaset/replica_set.go): the set adopts it, has one pod too
    /// many, and deletes the one `ActivePods` ranks first, the new pod not yet on a node.
    #[test]
    fn an_orphan_matching_a_replicaset_is_adopted_and_the_surplus_deleted_at_once() {
        use super::*;
        let mut c = running_web();
        create(&mut c, STRAY);
        assert_eq!(deletions(&c), ["Deleted pod: stray"]);
        // Deleted before it reached a node, it is gone at once (no kubelet to wait for).
        assert!(c.store.get_typed::<Pod>("default", "stray").is_none());
        let uid = web_uid(&c);
        let kept: Vec<String> = active_pods(&c, "default", &uid)
            .filter_map(|p| p.metadata.name.clone())
            .collect();
        assert_eq!(kept.len(), 3);
        assert!(kept.iter().all(|n| n.starts_with("web-")), "{kept:?}");
        assert_eq!(creations(&c), 3);
    }

    /// A pod in another namespace naming the ReplicaSet's uid as its controller is not the
    /// set's: its lister and its counts are of its own namespace.
    #[test]
    fn a_pod_of_another_namespace_never_counts() {
        use super::*;
        let mut c = running_web();
        let uid = web_uid(&c);
        create(
            &mut c,
            "apiVersion: v1\nkind: Namespace\nmetadata: {name: other}\n",
        );
        let forged = format!(
            "apiVersion: v1
kind: Pod
metadata:
  name: stray
  namespace: other
  labels: {{app: web}}
  ownerReferences: [{{apiVersion: apps/v1, kind: ReplicaSet, name: web, uid: {uid}, controller: true}}]
spec:
  containers: [{{name: web, image: nginx:1.27}}]
"
        );
        create(&mut c, &forged);
        // Any change to the set makes it sync.
        c.enqueue(
            crate::sim::controllers::Ctrl::ReplicaSet,
            ObjKey::new(Kind::ReplicaSet, "default", "web"),
        );
        c.settle();
        let replicas = c
            .store
            .get_typed::<ReplicaSet>("default", "web")
            .and_then(|r| r.status.as_ref())
            .map(|s| s.replicas);
        assert_eq!(
            (active_pods(&c, "default", &uid).count(), replicas),
            (3, Some(3))
        );
    }

    /// A pod naming the ReplicaSet as its controller under another kind is counted by the
    /// set (ownership is by uid) but wakes no sync of it: its writes are noted for the set
    /// only up to a bound, past which the set's next sync counts every pod. The counts stay
    /// right (every sync of a debug build checks them against counting every pod).
    #[test]
    fn writes_noted_for_a_replicaset_stay_bounded() {
        use super::*;
        let mut c = cluster();
        let rs = create(&mut c, WEB_REPLICA_SET);
        c.advance(jiff::SignedDuration::from_secs(60));
        let uid = rs.meta().uid.clone().unwrap_or_default();
        let h = uid_hash(&uid);
        assert!(c.replica_counts.sets.contains_key(&h), "kept after a sync");
        let forged = format!(
            "apiVersion: v1
kind: Pod
metadata:
  name: forged
  namespace: default
  labels: {{app: web}}
  ownerReferences:
  - {{apiVersion: apps/v1, kind: Deployment, name: other, uid: {uid}, controller: true}}
spec:
  containers: [{{name: c, image: nginx:1.27}}]
"
        );
        create(&mut c, &forged);
        let mut longest = 0;
        for i in 0..3_000 {
            c.store.update::<Pod>("default", "forged", |p| {
                p.metadata
                    .annotations
                    .get_or_insert_with(Default::default)
                    .insert("n".into(), i.to_string());
            });
            c.settle();
            let written = c.replica_counts.sets.get(&h).map_or(0, |k| k.written.len());
            longest = longest.max(written);
        }
        assert!(longest > 100, "writes were noted: {longest}");
        assert!(longest <= 4 * (3 + 1 + BURST_REPLICAS), "{longest} noted");
        // The set's next sync counts the forged pod too, as upstream's claim by uid would, so
        // it finds four pods and deletes one; the debug check inside each sync compares the
        // kept counts with a full count.
        c.enqueue(crate::sim::controllers::Ctrl::ReplicaSet, ObjKey::of(&rs));
        c.settle();
        let active = active_pods(&c, "default", &uid).count();
        let status = c
            .store
            .get_typed::<ReplicaSet>("default", "web")
            .and_then(|r| r.status.clone())
            .map(|s| s.replicas);
        assert_eq!((active, status), (3, Some(3)), "one of four pods deleted");
    }

    /// As upstream's `syncReplicaSet` (`pkg/controller/replicaset/replica_set.go`), a sync
    /// reports the pods it listed before creating any: the sync that creates three pods writes
    /// a status of none, and the sync their creation wakes writes three.
    #[test]
    fn a_sync_reports_the_pods_it_found_not_the_ones_it_made() {
        let mut c = cluster();
        c.store.start_recording();
        create(&mut c, WEB_REPLICA_SET);
        let statuses: Vec<(i32, i32)> = c
            .store
            .take_recorded()
            .into_iter()
            .filter_map(|(_, o)| match o {
                Object::ReplicaSet(rs) => rs
                    .status
                    .as_ref()
                    .map(|s| (s.replicas, s.fully_labeled_replicas.unwrap_or(0))),
                _ => None,
            })
            .collect();
        assert_eq!(statuses, [(0, 0), (3, 3)]);
    }
}
