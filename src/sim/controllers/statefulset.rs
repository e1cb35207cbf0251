//! The StatefulSet controller (`pkg/controller/statefulset/`: `stateful_set.go`,
//! `stateful_set_control.go`, `stateful_set_utils.go`, `stateful_pod_control.go`,
//! `stateful_set_status_updater.go`, and the ControllerRevision history of
//! `pkg/controller/history/controller_history.go`).
//!
//! Pods get stable identities `<set>-<ordinal>` for ordinals `spec.ordinals.start` ..
//! `start + replicas - 1`, each with its own claims `<template>-<set>-<ordinal>` created before the
//! pod. With `OrderedReady` pods are created one at a time, each after all lower ordinals are
//! Running, Ready and available, and removed highest ordinal first; `Parallel` creates and deletes
//! all at once. Templates are recorded as ControllerRevisions `<set>-<hash>`; a RollingUpdate deletes
//! the highest pod not at the update revision (down to the partition) and waits for its
//! replacement. A pod that exists, even Terminating on an unreachable node, is never replaced until
//! its object is gone: at most one pod per identity.

use crate::sim::cluster::Cluster;
use crate::sim::controllers::Ctrl;
use crate::sim::labels::Selector;
use crate::sim::object::{Kind, Typed};
use crate::sim::pod::Pod;
use crate::sim::podutil::{self, TemplatePods, controller_ref, controller_ref_to, event};
use crate::sim::store::ObjKey;
use crate::sim::word::Word;
use jiff::{SignedDuration, Timestamp};
use k8s_openapi::api::apps::v1::{ControllerRevision, StatefulSet, StatefulSetStatus};
use k8s_openapi::api::core::v1::{
    PersistentVolumeClaim, PersistentVolumeClaimVolumeSource, PodTemplateSpec, Volume,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, OwnerReference};
use k8s_openapi::apimachinery::pkg::runtime::RawExtension;
use std::collections::BTreeMap;
use std::sync::Arc;

const COMPONENT: &str = "statefulset-controller";
/// `apps.StatefulSetPodNameLabel`: the pod's own name, so a Service can select one pod.
pub const POD_NAME_LABEL: &str = "statefulset.kubernetes.io/pod-name";
/// `apps.PodIndexLabel` (feature PodIndexLabel, on by default): the pod's ordinal.
pub const POD_INDEX_LABEL: &str = "apps.kubernetes.io/pod-index";
/// `apps.StatefulSetRevisionLabel`: the name of the ControllerRevision a pod was made from.
pub const REVISION_LABEL: &str = "controller-revision-hash";
/// `history.ControllerRevisionHashLabel`: the hash of a ControllerRevision's data.
pub const REVISION_HASH_LABEL: &str = "controller.kubernetes.io/hash";
/// `MaxBatchSize` of `slowStartBatch`.
const MAX_BATCH_SIZE: usize = 500;
/// How soon a failed sync is retried (the work queue's rate limiter, simplified).
const RETRY_AFTER: SignedDuration = SignedDuration::from_secs(1);

// ---------------------------------------------------------------------------------------------
// Identity (stateful_set_utils.go)
// ---------------------------------------------------------------------------------------------

/// `getParentNameAndOrdinal`: `web-3` is ("web", Some(3)); the regex `(.*)-([0-9]+)$` with a
/// 32-bit ordinal. A name without a numeric suffix has no parent.
pub fn parent_and_ordinal(name: &str) -> (Option<&str>, Option<i32>) {
    match name.rsplit_once('-') {
        Some((parent, digits))
            if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) =>
        {
            (Some(parent), digits.parse::<i32>().ok())
        }
        _ => (None, None),
    }
}

fn pod_name(p: &Pod) -> &str {
    p.metadata.name.as_deref().unwrap_or("")
}

fn ordinal_of(p: &Pod) -> Option<i32> {
    parent_and_ordinal(pod_name(p)).1
}

fn set_name(set: &StatefulSet) -> &str {
    set.metadata.name.as_deref().unwrap_or("")
}

fn set_ns(set: &StatefulSet) -> &str {
    set.metadata.namespace.as_deref().unwrap_or("")
}

fn set_uid(set: &StatefulSet) -> &str {
    set.metadata.uid.as_deref().unwrap_or("")
}

/// `isMemberOf`: the pod's name says it belongs to this set.
fn is_member_of(set: &StatefulSet, p: &Pod) -> bool {
    parent_and_ordinal(pod_name(p)).0 == Some(set_name(set))
}

/// `spec.replicas`, capped at [`super::MAX_PODS_PER_WORKLOAD`] and so that the last ordinal
/// still fits an int32 (upstream's ordinals are Go `int`s; ours are `i32`).
fn replicas_of(set: &StatefulSet) -> i32 {
    let wanted = set
        .spec
        .as_ref()
        .and_then(|s| s.replicas)
        .unwrap_or(1)
        .max(0);
    let room = i64::from(i32::MAX) - i64::from(start_ordinal(set).max(0)) + 1;
    i64::from(wanted)
        .min(super::MAX_PODS_PER_WORKLOAD as i64)
        .min(room)
        .max(0) as i32
}

/// `getStartOrdinal`: `spec.ordinals.start`, else 0.
pub fn start_ordinal(set: &StatefulSet) -> i32 {
    set.spec
        .as_ref()
        .and_then(|s| s.ordinals.as_ref())
        .and_then(|o| o.start)
        .unwrap_or(0)
}

/// `getEndOrdinal` (inclusive).
fn end_ordinal(set: &StatefulSet) -> i32 {
    (i64::from(start_ordinal(set)) + i64::from(replicas_of(set)) - 1) as i32
}

/// `podInOrdinalRange`.
fn in_ordinal_range(set: &StatefulSet, p: &Pod) -> bool {
    ordinal_of(p).is_some_and(|o| ordinal_in_range(set, o))
}

/// Whether `ordinal` is one of the set's `[start, end]`.
fn ordinal_in_range(set: &StatefulSet, ordinal: i32) -> bool {
    ordinal >= start_ordinal(set) && ordinal <= end_ordinal(set)
}

fn min_ready_seconds(set: &StatefulSet) -> i32 {
    set.spec
        .as_ref()
        .and_then(|s| s.min_ready_seconds)
        .unwrap_or(0)
}

fn allows_burst(set: &StatefulSet) -> bool {
    set.spec
        .as_ref()
        .and_then(|s| s.pod_management_policy.as_deref())
        == Some("Parallel")
}

fn strategy_type(set: &StatefulSet) -> &str {
    set.spec
        .as_ref()
        .and_then(|s| s.update_strategy.as_ref())
        .and_then(|u| u.type_.as_deref())
        .unwrap_or("RollingUpdate")
}

/// The partition of a RollingUpdate (None when `rollingUpdate` is unset).
fn partition(set: &StatefulSet) -> Option<i32> {
    set.spec
        .as_ref()
        .and_then(|s| s.update_strategy.as_ref())
        .and_then(|u| u.rolling_update.as_ref())
        .map(|r| r.partition.unwrap_or(0))
}

fn claim_templates(set: &StatefulSet) -> &[PersistentVolumeClaim] {
    set.spec
        .as_ref()
        .and_then(|s| s.volume_claim_templates.as_deref())
        .unwrap_or(&[])
}

/// `getPersistentVolumeClaimName`: `<template>-<set>-<ordinal>`.
pub fn claim_name(template: &str, set: &str, ordinal: i32) -> String {
    format!("{template}-{set}-{ordinal}")
}

/// `getPersistentVolumeClaims`: the claims of the pod with `ordinal`, in template order, labelled
/// with the template's labels plus the set's `matchLabels`.
fn claims_for(set: &StatefulSet, ordinal: i32) -> Vec<(String, PersistentVolumeClaim)> {
    if claim_templates(set).is_empty() {
        // Most sets have no claims: nothing to copy the selector's labels for (this runs for
        // every pod on every sync).
        return Vec::new();
    }
    let match_labels = set
        .spec
        .as_ref()
        .and_then(|s| s.selector.match_labels.clone())
        .unwrap_or_default();
    claim_templates(set)
        .iter()
        .map(|t| {
            let tname = t.metadata.name.clone().unwrap_or_default();
            let mut claim = t.clone();
            claim.metadata.name = Some(claim_name(&tname, set_name(set), ordinal));
            claim.metadata.namespace = Some(set_ns(set).to_string());
            let mut labels = claim.metadata.labels.take().unwrap_or_default();
            labels.extend(match_labels.clone());
            claim.metadata.labels = if labels.is_empty() {
                None
            } else {
                Some(labels)
            };
            claim.status = None;
            (tname, claim)
        })
        .collect()
}

/// `updateStorage`: the claim volumes first, then the pod's other volumes.
fn update_storage(set: &StatefulSet, pod: &mut Pod, ordinal: i32) {
    let claims = claims_for(set, ordinal);
    let spec = pod.spec.get_or_insert_with(Default::default);
    let current = spec.volumes.take().unwrap_or_default();
    let mut volumes: Vec<crate::sim::pod::Volume> = claims
        .iter()
        .map(|(tname, claim)| {
            Volume {
                name: tname.clone(),
                persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource {
                    claim_name: claim.metadata.name.clone().unwrap_or_default(),
                    read_only: Some(false),
                }),
                ..Default::default()
            }
            .into()
        })
        .collect();
    volumes.extend(
        current
            .into_iter()
            .filter(|v| !claims.iter().any(|(t, _)| *t == v.name)),
    );
    spec.volumes = if volumes.is_empty() {
        None
    } else {
        Some(volumes)
    };
}

/// `updateIdentity`: name, namespace and the pod-name / pod-index labels.
fn update_identity(set: &StatefulSet, pod: &mut Pod, ordinal: i32) {
    let name = format!("{}-{ordinal}", set_name(set));
    pod.metadata.name = Some(name.clone());
    pod.metadata.namespace = Some(set_ns(set).to_string());
    let labels = pod.metadata.labels.get_or_insert_with(BTreeMap::new);
    labels.insert(POD_NAME_LABEL.into(), name);
    labels.insert(POD_INDEX_LABEL.into(), ordinal.to_string());
}

/// `identityMatches`.
fn identity_matches(set: &StatefulSet, p: &Pod) -> bool {
    let (parent, ord) = parent_and_ordinal(pod_name(p));
    ord.is_some()
        && parent == Some(set_name(set))
        && p.metadata.namespace.as_deref() == Some(set_ns(set))
        && p.metadata
            .labels
            .as_ref()
            .and_then(|l| l.get(POD_NAME_LABEL))
            .map(String::as_str)
            == Some(pod_name(p))
}

/// `newStatefulSetPod`: the template, owned by the set, with identity, hostname, subdomain and
/// claim volumes.
fn new_stateful_pod(set: &StatefulSet, template: &TemplatePods, ordinal: i32) -> Pod {
    let mut pod = template.pod(set_ns(set), controller_ref_to(set));
    update_identity(set, &mut pod, ordinal);
    let name = pod.metadata.name.clone();
    let service = set
        .spec
        .as_ref()
        .and_then(|s| s.service_name.clone())
        .filter(|s| !s.is_empty());
    let spec = pod.spec.get_or_insert_with(Default::default);
    spec.hostname = name.map(Word::from);
    spec.subdomain = service.map(Word::from);
    update_storage(set, &mut pod, ordinal);
    pod
}

fn pod_revision(p: &Pod) -> &str {
    p.metadata
        .labels
        .as_ref()
        .and_then(|l| l.get(REVISION_LABEL))
        .map(String::as_str)
        .unwrap_or("")
}

// ---------------------------------------------------------------------------------------------
// Pod state predicates (stateful_set_utils.go)
// ---------------------------------------------------------------------------------------------

fn is_terminating(p: &Pod) -> bool {
    p.metadata.deletion_timestamp.is_some()
}

/// What a sync asks of each of its pods, read from the pod once. A sync walks its pods up to six
/// times (counting, placing by ordinal, finding the first unhealthy, processing, counting again,
/// the rolling update); a pod is spread over a dozen cache lines, and a set's 5,000 pods do not
/// stay in the cache from one walk to the next, so the walks read these small records instead.
/// The pods a sync holds are the snapshots it listed, so their facts do not change during it.
#[derive(Clone, Copy, Debug)]
struct Facts {
    /// The ordinal the name gives (`getOrdinal`), if it has one.
    ordinal: Option<i32>,
    /// `isCreated`: the API server gave it a phase.
    created: bool,
    /// Phase Pending.
    pending: bool,
    /// Phase Running.
    running: bool,
    /// Phase Succeeded or Failed.
    terminal: bool,
    /// `isTerminating`.
    terminating: bool,
    /// When its Ready condition became True, if it is True.
    ready_since: Option<Timestamp>,
    /// Its revision label names the sync's current revision.
    at_current: bool,
    /// Its revision label names the sync's update revision.
    at_update: bool,
    /// `identityMatches`.
    identity_ok: bool,
    /// Which of the listed revisions its revision label names, found while the claim reads
    /// the pod (the sync's current and update revisions are known only after; see
    /// [`Facts::resolve`]).
    listed: Option<u16>,
}

impl Facts {
    /// The facts of `p` for a sync whose current and update revisions are named `current` and
    /// `update`.
    fn of(set: &StatefulSet, p: &Pod, current: &str, update: &str) -> Facts {
        let mut f = Facts::read(set, p);
        let revision = pod_revision(p);
        f.at_current = revision == current;
        f.at_update = revision == update;
        f
    }

    /// The facts of `p` as the claim reads it, before the sync's revisions are known: which
    /// listed revision its label names stands in for the two revision matches.
    fn claimed(set: &StatefulSet, p: &Pod, revisions: &[ControllerRevision]) -> Facts {
        let mut f = Facts::read(set, p);
        let revision = pod_revision(p);
        f.listed = revisions
            .iter()
            .position(|cr| cr_name(cr) == revision)
            .and_then(|i| u16::try_from(i).ok());
        f
    }

    /// Sets the revision matches of claimed facts once the sync's revisions are named: the
    /// pod's revision label compared with the two names, as [`Facts::of`] does. The listed
    /// revision the claim found stands in for the label, so the pod is not read again; only a
    /// pod whose label names no listed revision is (a revision this sync created may have its
    /// name).
    fn resolve(&mut self, p: &Pod, revisions: &[ControllerRevision], current: &str, update: &str) {
        let revision = match self.listed.and_then(|i| revisions.get(usize::from(i))) {
            Some(cr) => cr_name(cr),
            None => pod_revision(p),
        };
        self.at_current = revision == current;
        self.at_update = revision == update;
    }

    /// All but the revision matches.
    fn read(set: &StatefulSet, p: &Pod) -> Facts {
        let phase = podutil::phase(p);
        Facts {
            ordinal: ordinal_of(p),
            created: !phase.is_empty(),
            pending: phase == "Pending",
            running: phase == "Running",
            terminal: podutil::is_terminal(p),
            terminating: is_terminating(p),
            ready_since: podutil::ready_since(p),
            at_current: false,
            at_update: false,
            identity_ok: identity_matches(set, p),
            listed: None,
        }
    }

    /// `isRunningAndReady`.
    fn running_and_ready(&self) -> bool {
        self.running && self.ready_since.is_some()
    }

    /// `isRunningAndAvailable`: `IsPodAvailable` with the set's minReadySeconds.
    fn available(&self, min_ready: i32, now: Timestamp) -> bool {
        podutil::available_given(self.ready_since, min_ready, now)
    }

    /// `isUnavailable`: not available, or terminating.
    fn unavailable(&self, min_ready: i32, now: Timestamp) -> bool {
        !self.available(min_ready, now) || self.terminating
    }
}

/// A pod of the sync with its [`Facts`].
type Known = (Arc<Pod>, Facts);

// ---------------------------------------------------------------------------------------------
// ControllerRevisions (pkg/controller/history, stateful_set_utils.go getPatch/newRevision)
// ---------------------------------------------------------------------------------------------

/// `getPatch`: the set's pod template as a strategic merge patch that replaces the template.
pub fn revision_data(template: &PodTemplateSpec) -> serde_json::Value {
    let mut t = serde_json::to_value(template).unwrap_or(serde_json::Value::Null);
    if let Some(m) = t.as_object_mut() {
        m.insert("$patch".into(), serde_json::Value::String("replace".into()));
    }
    serde_json::json!({ "spec": { "template": t } })
}

/// `ApplyRevision`, restricted to what a revision records: the pod template.
fn template_of(cr: &ControllerRevision) -> Option<PodTemplateSpec> {
    let mut t = cr.data.as_ref()?.0.get("spec")?.get("template")?.clone();
    if let Some(m) = t.as_object_mut() {
        m.remove("$patch");
    }
    serde_json::from_value(t).ok()
}

/// `HashControllerRevision`: 32-bit FNV-1 of the data and the collision count, encoded with
/// `rand.SafeEncodeString`.
pub fn revision_hash(data: &serde_json::Value, collision_count: i32) -> String {
    let mut bytes = serde_json::to_string(data).unwrap_or_default().into_bytes();
    bytes.extend(collision_count.to_string().bytes());
    let mut h: u32 = 0x811c_9dc5;
    for b in bytes {
        h = h.wrapping_mul(0x0100_0193);
        h ^= u32::from(b);
    }
    crate::sim::rng::safe_encode_string(&h.to_string())
}

fn cr_data(cr: &ControllerRevision) -> Option<&serde_json::Value> {
    cr.data.as_ref().map(|d| &d.0)
}

fn cr_name(cr: &ControllerRevision) -> &str {
    cr.metadata.name.as_deref().unwrap_or("")
}

/// `SortControllerRevisions`: by revision, then creation time, then name.
fn sort_revisions(revs: &mut [ControllerRevision]) {
    revs.sort_by(|a, b| {
        a.revision
            .cmp(&b.revision)
            .then_with(|| {
                let t =
                    |r: &ControllerRevision| r.metadata.creation_timestamp.as_ref().map(|t| t.0);
                t(a).cmp(&t(b))
            })
            .then_with(|| cr_name(a).cmp(cr_name(b)))
    });
}

/// `ListControllerRevisions` + `AdoptOrphanRevisions`: the set's revisions, adopting orphans that
/// match its selector.
fn list_revisions(
    c: &mut Cluster,
    set: &StatefulSet,
    selector: &Selector,
) -> Vec<ControllerRevision> {
    let uid = set_uid(set).to_string();
    let candidates: Vec<ControllerRevision> = c
        .store
        .list_typed::<ControllerRevision>(Some(set_ns(set)))
        .filter(|r| selector.matches_opt(r.metadata.labels.as_ref()))
        .filter(|r| controller_ref(&r.metadata).is_none_or(|o| o.uid == uid))
        .cloned()
        .collect();
    let mut out = Vec::with_capacity(candidates.len());
    for mut r in candidates {
        if controller_ref(&r.metadata).is_none() {
            if set.metadata.deletion_timestamp.is_some() {
                continue;
            }
            r.metadata
                .owner_references
                .get_or_insert_with(Vec::new)
                .push(controller_ref_to(set));
            c.write(r.clone());
        }
        out.push(r);
    }
    sort_revisions(&mut out);
    out
}

/// `getStatefulSetRevisions`: finds or creates the update revision (rolling an equal older
/// revision forward), and finds the current revision from `status.currentRevision`.
fn get_revisions(
    c: &mut Cluster,
    set: &StatefulSet,
    revisions: &[ControllerRevision],
) -> Result<(ControllerRevision, ControllerRevision, i32), String> {
    let mut collision = set
        .status
        .as_ref()
        .and_then(|s| s.collision_count)
        .unwrap_or(0);
    let template = set
        .spec
        .as_ref()
        .map(|s| s.template.clone())
        .unwrap_or_default();
    let data = revision_data(&template);
    let next = revisions.last().map(|r| r.revision + 1).unwrap_or(1);
    let equal = revisions.iter().rposition(|r| cr_data(r) == Some(&data));
    let update = match equal {
        Some(i) if i + 1 == revisions.len() => revisions[i].clone(),
        Some(i) => {
            // Rollback: the equal revision becomes the newest.
            let mut r = revisions[i].clone();
            r.revision = next;
            c.write(r.clone());
            r
        }
        None => create_revision(c, set, &template, data, next, &mut collision)?,
    };
    let current_name = set
        .status
        .as_ref()
        .and_then(|s| s.current_revision.clone())
        .unwrap_or_default();
    let current = revisions
        .iter()
        .find(|r| cr_name(r) == current_name)
        .cloned()
        .unwrap_or_else(|| update.clone());
    Ok((current, update, collision))
}

/// `NewControllerRevision` + `CreateControllerRevision`: name `<set>-<hash>`, bumping the
/// collision count while a different revision holds the name.
fn create_revision(
    c: &mut Cluster,
    set: &StatefulSet,
    template: &PodTemplateSpec,
    data: serde_json::Value,
    revision: i64,
    collision: &mut i32,
) -> Result<ControllerRevision, String> {
    let mut labels = template
        .metadata
        .as_ref()
        .and_then(|m| m.labels.clone())
        .unwrap_or_default();
    labels.insert(REVISION_HASH_LABEL.into(), revision_hash(&data, *collision));
    let annotations = set.metadata.annotations.clone().filter(|a| !a.is_empty());
    loop {
        let name = format!("{}-{}", set_name(set), revision_hash(&data, *collision));
        if let Some(existing) = c
            .store
            .get_typed::<ControllerRevision>(set_ns(set), &name)
            .cloned()
        {
            if cr_data(&existing) == Some(&data) {
                return Ok(existing);
            }
            *collision += 1;
            continue;
        }
        let cr = ControllerRevision {
            metadata: ObjectMeta {
                name: Some(name),
                namespace: Some(set_ns(set).to_string()),
                labels: Some(labels.clone()),
                annotations: annotations.clone(),
                owner_references: Some(vec![controller_ref_to(set)]),
                ..Default::default()
            },
            data: Some(RawExtension(data.clone())),
            revision,
        };
        return match c.api_create(cr.into()) {
            Ok(o) => ControllerRevision::from_object(&o)
                .cloned()
                .ok_or_else(|| "unexpected object".to_string()),
            Err(e) => Err(e.status_message()),
        };
    }
}

/// `truncateHistory`: deletes the oldest revisions that no pod, and neither the current nor the
/// update revision, uses, beyond `revisionHistoryLimit`.
fn truncate_history(
    c: &mut Cluster,
    set: &StatefulSet,
    revisions: &[ControllerRevision],
    current: &str,
    update: &str,
) {
    let limit = set
        .spec
        .as_ref()
        .and_then(|s| s.revision_history_limit)
        .unwrap_or(10);
    if limit >= 0 && revisions.len() <= limit as usize {
        // Even with no revision in use there would be none to delete: the pods' revisions
        // need not be read (a sync of a set of thousands of pods would read each).
        return;
    }
    // The revisions the set's pods use now.
    let pod_revisions: std::collections::BTreeSet<String> = c
        .store
        .controlled_by(Kind::Pod, Some(set_ns(set)), set_uid(set))
        .filter_map(Pod::from_object)
        .map(|p| pod_revision(p).to_string())
        .collect();
    let live = |name: &str| name == current || name == update || pod_revisions.contains(name);
    let history: Vec<&ControllerRevision> =
        revisions.iter().filter(|r| !live(cr_name(r))).collect();
    if limit < 0 || history.len() <= limit as usize {
        return;
    }
    let n = history.len() - limit as usize;
    for r in history.into_iter().take(n) {
        let _ = c.api_delete(
            Kind::ControllerRevision,
            set_ns(set),
            cr_name(r),
            Default::default(),
        );
    }
}

// ---------------------------------------------------------------------------------------------
// PVC retention policy (stateful_set_utils.go, stateful_pod_control.go)
// ---------------------------------------------------------------------------------------------

/// (whenDeleted is Delete, whenScaled is Delete).
fn retention(set: &StatefulSet) -> (bool, bool) {
    let p = set
        .spec
        .as_ref()
        .and_then(|s| s.persistent_volume_claim_retention_policy.as_ref());
    let del = |v: Option<&String>| v.map(String::as_str) == Some("Delete");
    (
        del(p.and_then(|p| p.when_deleted.as_ref())),
        del(p.and_then(|p| p.when_scaled.as_ref())),
    )
}

fn pod_uid(p: &Pod) -> &str {
    p.metadata.uid.as_deref().unwrap_or("")
}

fn refs(claim: &PersistentVolumeClaim) -> &[OwnerReference] {
    claim.metadata.owner_references.as_deref().unwrap_or(&[])
}

fn is_set_ref(r: &OwnerReference, set: &StatefulSet) -> bool {
    r.api_version == "apps/v1" && r.kind == "StatefulSet" && r.name == set_name(set)
}

fn is_pod_ref(r: &OwnerReference, p: &Pod) -> bool {
    r.api_version == "v1" && r.kind == "Pod" && r.name == pod_name(p)
}

/// `hasOwnerRef`: a reference with this uid.
fn has_owner_ref(claim: &PersistentVolumeClaim, uid: &str) -> bool {
    !uid.is_empty() && refs(claim).iter().any(|r| r.uid == uid)
}

/// `hasStaleOwnerRef`: the first reference to this name and kind has another uid.
fn has_stale_ref(
    claim: &PersistentVolumeClaim,
    matches: impl Fn(&OwnerReference) -> bool,
    uid: &str,
) -> bool {
    refs(claim)
        .iter()
        .find(|r| matches(r))
        .is_some_and(|r| r.uid != uid)
}

/// `hasUnexpectedController`.
fn has_unexpected_controller(claim: &PersistentVolumeClaim, set: &StatefulSet, p: &Pod) -> bool {
    let (wd, ws) = retention(set);
    if !wd && !ws {
        return false;
    }
    for r in refs(claim) {
        if is_set_ref(r, set) {
            if r.uid != set_uid(set) {
                return true;
            }
            continue;
        }
        if is_pod_ref(r, p) {
            if r.uid != pod_uid(p) {
                return true;
            }
            continue;
        }
        if r.controller == Some(true) {
            return true;
        }
    }
    false
}

/// `isClaimOwnerUpToDate`: the claim's references agree with the retention policy.
fn claim_owner_up_to_date(claim: &PersistentVolumeClaim, set: &StatefulSet, p: &Pod) -> bool {
    if has_stale_ref(claim, |r| is_set_ref(r, set), set_uid(set))
        || has_stale_ref(claim, |r| is_pod_ref(r, p), pod_uid(p))
    {
        return true;
    }
    let has_set = has_owner_ref(claim, set_uid(set));
    let has_pod = has_owner_ref(claim, pod_uid(p));
    if has_unexpected_controller(claim, set, p) {
        return !(has_set || has_pod);
    }
    let non_controller = refs(claim).iter().any(|r| {
        (r.uid == set_uid(set) || (!pod_uid(p).is_empty() && r.uid == pod_uid(p)))
            && r.controller != Some(true)
    });
    if non_controller {
        return false;
    }
    let scaled_down = !in_ordinal_range(set, p);
    match retention(set) {
        (false, false) => !has_set && !has_pod,
        (true, false) => has_set && !has_pod,
        (false, true) => !has_set && scaled_down == has_pod,
        (true, true) => scaled_down != has_set && scaled_down == has_pod,
    }
}

fn pod_controller_ref(p: &Pod) -> OwnerReference {
    OwnerReference {
        api_version: "v1".into(),
        kind: "Pod".into(),
        name: pod_name(p).to_string(),
        uid: pod_uid(p).to_string(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

/// `updateClaimOwnerRefForSetAndPod`: scrub our references, then add the controller reference
/// the policy asks for (the set for whenDeleted, the pod of a condemned ordinal for whenScaled).
fn update_claim_owner_refs(claim: &mut PersistentVolumeClaim, set: &StatefulSet, p: &Pod) {
    let unexpected = has_unexpected_controller(claim, set, p);
    let mut rs: Vec<OwnerReference> = refs(claim)
        .iter()
        .filter(|r| !is_set_ref(r, set) && !is_pod_ref(r, p))
        .cloned()
        .collect();
    if !unexpected {
        let scaled_down = !in_ordinal_range(set, p);
        let add = |rs: &mut Vec<OwnerReference>, r: OwnerReference| {
            if !rs.iter().any(|x| x.uid == r.uid) {
                rs.push(r);
            }
        };
        match retention(set) {
            (false, false) => {}
            (true, false) => add(&mut rs, controller_ref_to(set)),
            (false, true) => {
                if scaled_down {
                    add(&mut rs, pod_controller_ref(p));
                }
            }
            (true, true) => {
                if scaled_down {
                    add(&mut rs, pod_controller_ref(p));
                } else {
                    add(&mut rs, controller_ref_to(set));
                }
            }
        }
    }
    claim.metadata.owner_references = if rs.is_empty() { None } else { Some(rs) };
}

fn get_claim(c: &Cluster, ns: &str, name: &str) -> Option<PersistentVolumeClaim> {
    c.store
        .get_typed::<PersistentVolumeClaim>(ns, name)
        .cloned()
}

/// The claims of the pod `p` ([`claims_for`] its ordinal): none for a pod without an ordinal, or
/// for a set without claim templates (whose pods' names need not be read).
fn claims_of_pod(set: &StatefulSet, p: &Pod) -> Vec<(String, PersistentVolumeClaim)> {
    if claim_templates(set).is_empty() {
        return Vec::new();
    }
    ordinal_of(p).map_or_else(Vec::new, |ord| claims_for(set, ord))
}

/// `ClaimsMatchRetentionPolicy`.
fn claims_match_retention(c: &Cluster, set: &StatefulSet, p: &Pod) -> bool {
    claims_of_pod(set, p).iter().all(|(_, want)| {
        get_claim(c, set_ns(set), want.metadata.name.as_deref().unwrap_or(""))
            .is_none_or(|claim| claim_owner_up_to_date(&claim, set, p))
    })
}

/// `UpdatePodClaimForRetentionPolicy`.
fn update_claims_for_retention(c: &mut Cluster, set: &StatefulSet, p: &Pod) {
    for (_, want) in claims_of_pod(set, p) {
        let name = want.metadata.name.clone().unwrap_or_default();
        let Some(mut claim) = get_claim(c, set_ns(set), &name) else {
            continue;
        };
        if has_unexpected_controller(&claim, set, p) {
            event(
                c,
                set,
                "Warning",
                "ConflictingController",
                &format!(
                    "PersistentVolumeClaim {name} has a conflicting OwnerReference that acts as a manging controller, the retention policy is ignored for this claim"
                ),
                COMPONENT,
            );
        }
        if !claim_owner_up_to_date(&claim, set, p) {
            update_claim_owner_refs(&mut claim, set, p);
            c.write(claim);
        }
    }
}

/// `PodClaimIsStale`: with whenScaled Delete, a claim still owned by an earlier pod of this name
/// blocks creation until the garbage collector has removed it.
fn pod_claim_is_stale(c: &Cluster, set: &StatefulSet, p: &Pod, ordinal: i32) -> bool {
    if !retention(set).1 {
        return false;
    }
    claims_for(set, ordinal).iter().any(|(_, want)| {
        get_claim(c, set_ns(set), want.metadata.name.as_deref().unwrap_or(""))
            .is_some_and(|claim| has_stale_ref(&claim, |r| is_pod_ref(r, p), pod_uid(p)))
    })
}

// ---------------------------------------------------------------------------------------------
// Pod control (stateful_pod_control.go)
// ---------------------------------------------------------------------------------------------

/// `recordPodEvent`.
fn record_pod_event(c: &mut Cluster, set: &StatefulSet, verb: &str, pod: &str, err: Option<&str>) {
    let title = title(verb);
    match err {
        None => event(
            c,
            set,
            "Normal",
            &format!("Successful{title}"),
            &format!(
                "{verb} Pod {pod} in StatefulSet {} successful",
                set_name(set)
            ),
            COMPONENT,
        ),
        Some(e) => event(
            c,
            set,
            "Warning",
            &format!("Failed{title}"),
            &format!(
                "{verb} Pod {pod} in StatefulSet {} failed error: {e}",
                set_name(set)
            ),
            COMPONENT,
        ),
    }
}

/// `recordClaimEvent`.
fn record_claim_event(
    c: &mut Cluster,
    set: &StatefulSet,
    verb: &str,
    claim: &str,
    pod: &str,
    err: Option<&str>,
) {
    let title = title(verb);
    match err {
        None => event(
            c,
            set,
            "Normal",
            &format!("Successful{title}"),
            &format!(
                "{verb} Claim {claim} Pod {pod} in StatefulSet {} success",
                set_name(set)
            ),
            COMPONENT,
        ),
        Some(e) => event(
            c,
            set,
            "Warning",
            &format!("Failed{title}"),
            &format!(
                "{verb} Claim {claim} for Pod {pod} in StatefulSet {} failed error: {e}",
                set_name(set)
            ),
            COMPONENT,
        ),
    }
}

fn title(verb: &str) -> String {
    let mut cs = verb.chars();
    match cs.next() {
        Some(f) => f.to_uppercase().chain(cs).collect(),
        None => String::new(),
    }
}

/// `createPersistentVolumeClaims`: creates the pod's missing claims; a claim being deleted is an
/// error (the pod must wait for it to go).
fn create_claims(c: &mut Cluster, set: &StatefulSet, ordinal: i32) -> Result<(), String> {
    let claims = claims_for(set, ordinal);
    if claims.is_empty() {
        // Most sets have no claims (this runs for every pending pod on every sync).
        return Ok(());
    }
    let pod = format!("{}-{ordinal}", set_name(set));
    let mut errs = Vec::new();
    for (_, claim) in claims {
        let name = claim.metadata.name.clone().unwrap_or_default();
        match get_claim(c, set_ns(set), &name) {
            None => match c.api_create(claim.into()) {
                Ok(_) => record_claim_event(c, set, "create", &name, &pod, None),
                Err(e) => {
                    let msg = format!("failed to create PVC {name}: {}", e.status_message());
                    record_claim_event(c, set, "create", &name, &pod, Some(&e.status_message()));
                    errs.push(msg);
                }
            },
            Some(existing) if existing.metadata.deletion_timestamp.is_some() => {
                errs.push(format!("pvc {name} is being deleted"));
            }
            Some(_) => {}
        }
    }
    aggregate(errs)
}

/// `utilerrors.NewAggregate(...).Error()`.
fn aggregate(errs: Vec<String>) -> Result<(), String> {
    match errs.len() {
        0 => Ok(()),
        1 => Err(errs.into_iter().next().unwrap_or_default()),
        _ => Err(format!("[{}]", errs.join(", "))),
    }
}

/// `CreateStatefulPod`: claims first, then the pod, then the claims' retention references.
fn create_stateful_pod(c: &mut Cluster, set: &StatefulSet, pod: &Pod) -> Result<(), String> {
    let ordinal = ordinal_of(pod).unwrap_or(0);
    let name = pod_name(pod).to_string();
    if let Err(e) = create_claims(c, set, ordinal) {
        record_pod_event(c, set, "create", &name, Some(&e));
        return Err(e);
    }
    match c.api_create(pod.clone().into()) {
        Ok(o) => {
            if let Some(created) = Pod::from_object(&o).cloned() {
                update_claims_for_retention(c, set, &created);
            }
            record_pod_event(c, set, "create", &name, None);
            Ok(())
        }
        Err(e) => {
            let msg = e.status_message();
            if c.store.get(Kind::Pod, set_ns(set), &name).is_none() {
                record_pod_event(c, set, "create", &name, Some(&msg));
            }
            Err(msg)
        }
    }
}

/// `DeleteStatefulPod`.
fn delete_stateful_pod(c: &mut Cluster, set: &StatefulSet, pod: &Pod) -> Result<(), String> {
    let name = pod_name(pod).to_string();
    match c.api_delete(Kind::Pod, set_ns(set), &name, Default::default()) {
        Ok(_) => {
            record_pod_event(c, set, "delete", &name, None);
            Ok(())
        }
        Err(e) => {
            let msg = e.status_message();
            record_pod_event(c, set, "delete", &name, Some(&msg));
            Err(msg)
        }
    }
}

/// `UpdateStatefulPod`: restores the identity labels, creates missing claims, fixes the claims'
/// retention references.
fn update_stateful_pod(c: &mut Cluster, set: &StatefulSet, pod: &Pod) -> Result<(), String> {
    let Some(ordinal) = ordinal_of(pod) else {
        return Ok(());
    };
    let name = pod_name(pod).to_string();
    let mut p = pod.clone();
    let mut consistent = true;
    if !identity_matches(set, &p) {
        update_identity(set, &mut p, ordinal);
        consistent = false;
    }
    let storage_ok = claims_for(set, ordinal).iter().all(|(t, claim)| {
        p.spec
            .as_ref()
            .and_then(|s| s.volumes.as_ref())
            .and_then(|vs| vs.iter().find(|v| v.name == *t))
            .and_then(|v| v.source.persistent_volume_claim.as_ref())
            .is_some_and(|pvc| Some(&pvc.claim_name) == claim.metadata.name.as_ref())
    });
    if !storage_ok {
        // Pod volumes are immutable: upstream's attempt to rewrite them is refused by the API
        // server, so only the missing claims are made here.
        if let Err(e) = create_claims(c, set, ordinal) {
            record_pod_event(c, set, "update", &name, Some(&e));
            return Err(e);
        }
    }
    if !claims_match_retention(c, set, &p) {
        update_claims_for_retention(c, set, &p);
        consistent = false;
    }
    if consistent {
        return Ok(());
    }
    if p != *pod {
        c.write(p);
    }
    record_pod_event(c, set, "update", &name, None);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The sync (stateful_set.go, stateful_set_control.go)
// ---------------------------------------------------------------------------------------------

/// Reconciles one StatefulSet.
pub fn reconcile(c: &mut Cluster, key: &ObjKey) {
    let Some(set) = c.store.get_typed_at::<StatefulSet>(key).cloned() else {
        return;
    };
    let spec = set.spec.clone().unwrap_or_default();
    let selector =
        Selector::from_label_selector(Some(&spec.selector)).unwrap_or_else(|_| Selector::nothing());
    let revisions = list_revisions(c, &set, &selector);
    let pods = claim_pods(c, &set, &selector, &revisions);
    let (current, update, collision) = match get_revisions(c, &set, &revisions) {
        Ok(r) => r,
        Err(_) => {
            c.enqueue_after(Ctrl::StatefulSet, key.clone(), RETRY_AFTER);
            return;
        }
    };
    let capped = super::cap_pods(
        c,
        &set,
        "spec.replicas asks for",
        i64::from(spec.replicas.unwrap_or(1)),
        pods.len(),
        COMPONENT,
    );
    // The controller works on the capped count; the stored spec keeps what was asked for.
    let mut effective = set.clone();
    if let Some(s) = effective.spec.as_mut()
        && s.replicas.unwrap_or(1) > capped as i32
    {
        s.replicas = Some(capped as i32);
    }
    let (status, result) = update_stateful_set(
        c,
        &effective,
        (&revisions, &current, &update),
        collision,
        pods,
    );
    write_status(c, key, status);
    truncate_history(c, &set, &revisions, cr_name(&current), cr_name(&update));
    if result.is_err() {
        c.enqueue_after(Ctrl::StatefulSet, key.clone(), RETRY_AFTER);
    }
    // Wake up when a ready pod becomes available under minReadySeconds.
    let min_ready = min_ready_seconds(&set);
    if min_ready > 0 {
        let now = c.now();
        let wake: Vec<Timestamp> = c
            .store
            .controlled_by(Kind::Pod, Some(&key.namespace), set_uid(&set))
            .filter_map(Pod::from_object)
            .filter_map(podutil::ready_since)
            .map(|t| t + SignedDuration::from_secs(i64::from(min_ready)))
            .filter(|at| *at > now)
            .collect();
        for at in wake {
            c.enqueue_at(Ctrl::StatefulSet, key.clone(), at);
        }
    }
}

/// `getPodsForStatefulSet` (`ClaimPods` with the `isMemberOf` filter): keeps owned pods that still
/// match, adopts matching orphans, releases owned pods that no longer match. The kept pods are
/// the store's own, shared (a sync of a set of n pods copies n pointers, not n pods); only the
/// pods it writes are copied. Each kept pod's [`Facts`] are read while the claim has it in hand.
fn claim_pods(
    c: &mut Cluster,
    set: &StatefulSet,
    selector: &Selector,
    revisions: &[ControllerRevision],
) -> Vec<Known> {
    /// The pods to write are boxed: a pod is 1.4 KB inline, and a set of 5,000 pods that keeps
    /// them all would otherwise collect 7 MB of room for the few it writes.
    enum Claim {
        Keep(Arc<Pod>, Facts),
        Release(Box<Pod>),
        Adopt(Box<Pod>),
    }
    let uid = set_uid(set).to_string();
    let deleting = set.metadata.deletion_timestamp.is_some();
    // Only this set's pods and orphans can be kept or adopted: read them from the indexes.
    let claims: Vec<Claim> = crate::sim::podutil::candidates_shared::<Pod>(c, set_ns(set), &uid)
        .into_iter()
        .filter_map(|p| {
            let matches = selector.matches_opt(p.metadata.labels.as_ref()) && is_member_of(set, p);
            match controller_ref(&p.metadata).map(|r| r.uid.as_str()) {
                Some(owner) if owner == uid => {
                    if matches {
                        Some(Claim::Keep(
                            Arc::clone(p),
                            Facts::claimed(set, p, revisions),
                        ))
                    } else if !deleting {
                        Some(Claim::Release(Box::new(Pod::clone(p))))
                    } else {
                        None
                    }
                }
                Some(_) => None,
                None if matches && !deleting && !is_terminating(p) => {
                    Some(Claim::Adopt(Box::new(Pod::clone(p))))
                }
                None => None,
            }
        })
        .collect();
    let mut out = Vec::with_capacity(claims.len());
    for claim in claims {
        match claim {
            Claim::Keep(p, f) => out.push((p, f)),
            Claim::Release(mut p) => {
                let rs: Vec<OwnerReference> = p
                    .metadata
                    .owner_references
                    .take()
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|r| r.uid != uid)
                    .collect();
                p.metadata.owner_references = if rs.is_empty() { None } else { Some(rs) };
                c.write(*p);
            }
            Claim::Adopt(mut p) => {
                p.metadata
                    .owner_references
                    .get_or_insert_with(Vec::new)
                    .push(controller_ref_to(set));
                let f = Facts::claimed(set, &p, revisions);
                out.push((Arc::new(Pod::clone(&p)), f));
                c.write(*p);
            }
        }
    }
    out
}

/// Replica counts of `updateStatus` / `computeReplicaStatus`.
fn count_into<'a>(
    status: &mut StatefulSetStatus,
    pods: impl Iterator<Item = &'a Facts>,
    min_ready: i32,
    now: Timestamp,
) {
    let (mut replicas, mut ready, mut available, mut cur, mut upd) = (0, 0, 0, 0, 0);
    for f in pods {
        if f.created {
            replicas += 1;
        }
        if f.running_and_ready() {
            ready += 1;
            if f.available(min_ready, now) {
                available += 1;
            }
        }
        if f.created && !f.terminating {
            if f.at_current {
                cur += 1;
            }
            if f.at_update {
                upd += 1;
            }
        }
    }
    status.replicas = replicas;
    status.ready_replicas = Some(ready);
    status.available_replicas = Some(available);
    status.current_replicas = Some(cur);
    status.updated_replicas = Some(upd);
}

/// `updateStatefulSet`: the pods in range are created, recreated or waited for, condemned pods
/// removed, then the rolling update advances. Returns the status and whether a step failed.
fn update_stateful_set(
    c: &mut Cluster,
    set: &StatefulSet,
    (revisions, current, update): (
        &[ControllerRevision],
        &ControllerRevision,
        &ControllerRevision,
    ),
    collision: i32,
    mut pods: Vec<Known>,
) -> (StatefulSetStatus, Result<(), String>) {
    let now = c.now();
    let min_ready = min_ready_seconds(set);
    let spec_template = set
        .spec
        .as_ref()
        .map(|s| s.template.clone())
        .unwrap_or_default();
    let current_template = template_of(current).unwrap_or_else(|| spec_template.clone());
    let update_template = template_of(update).unwrap_or(spec_template);
    // Converted once for the pods this sync makes.
    let (current_pods, update_pods) = (
        TemplatePods::new(&current_template),
        TemplatePods::new(&update_template),
    );
    let (cur_name, upd_name) = (cr_name(current).to_string(), cr_name(update).to_string());

    let mut status = StatefulSetStatus {
        observed_generation: set.metadata.generation,
        current_revision: Some(cur_name.clone()),
        update_revision: Some(upd_name.clone()),
        collision_count: Some(collision),
        conditions: set.status.as_ref().and_then(|s| s.conditions.clone()),
        ..Default::default()
    };
    for (p, f) in &mut pods {
        f.resolve(p, revisions, &cur_name, &upd_name);
    }
    count_into(&mut status, pods.iter().map(|(_, f)| f), min_ready, now);

    let start = start_ordinal(set);
    let count = replicas_of(set) as usize;
    let mut slots: Vec<Option<Known>> = vec![None; count];
    let mut condemned: Vec<Known> = Vec::new();
    for (p, f) in pods {
        match f.ordinal {
            Some(o) if ordinal_in_range(set, o) => slots[(o - start) as usize] = Some((p, f)),
            Some(o) if o >= 0 => condemned.push((p, f)),
            _ => {}
        }
    }
    // newVersionedStatefulSetPod for every empty ordinal.
    let replicas: Vec<Known> = slots
        .into_iter()
        .enumerate()
        .map(|(i, slot)| {
            slot.unwrap_or_else(|| {
                let ord = start + i as i32;
                let below_partition = partition(set).is_some_and(|part| ord < start + part)
                    && strategy_type(set) == "RollingUpdate";
                let (tmpl, rev) = if below_partition {
                    (&current_pods, &cur_name)
                } else {
                    (&update_pods, &upd_name)
                };
                let mut pod = new_stateful_pod(set, tmpl, ord);
                pod.metadata
                    .labels
                    .get_or_insert_with(BTreeMap::new)
                    .insert(REVISION_LABEL.into(), rev.clone());
                let f = Facts::of(set, &pod, &cur_name, &upd_name);
                (Arc::new(pod), f)
            })
        })
        .collect();
    condemned.sort_by_key(|(_, f)| std::cmp::Reverse(f.ordinal));

    // The first unhealthy pod: lowest replica, else the lowest condemned.
    let first_unhealthy: Option<String> = replicas
        .iter()
        .find(|(_, f)| f.unavailable(min_ready, now))
        .or_else(|| {
            condemned
                .iter()
                .rev()
                .find(|(_, f)| f.unavailable(min_ready, now))
        })
        .map(|(p, _)| pod_name(p).to_string());

    let recount = |status: &mut StatefulSetStatus, replicas: &[Known], condemned: &[Known]| {
        let all = replicas.iter().chain(condemned.iter()).map(|(_, f)| f);
        count_into(status, all, min_ready, now);
    };

    if set.metadata.deletion_timestamp.is_some() {
        return (status, Ok(()));
    }
    let monotonic = !allows_burst(set);

    // Living replicas.
    let exit = run_for_all(replicas.len(), monotonic, |i| {
        process_replica(c, set, monotonic, &replicas[i], min_ready, now)
    });
    if exit.0 || exit.1.is_err() {
        recount(&mut status, &replicas, &condemned);
        return (status, exit.1);
    }
    // Claims of condemned pods follow the retention policy before the pods go.
    let exit = run_for_all(condemned.len(), monotonic, |i| {
        if !claims_match_retention(c, set, &condemned[i].0) {
            update_claims_for_retention(c, set, &condemned[i].0);
        }
        (false, Ok(()))
    });
    if exit.0 || exit.1.is_err() {
        recount(&mut status, &replicas, &condemned);
        return (status, exit.1);
    }
    // Scale-down, highest ordinal first.
    let exit = run_for_all(condemned.len(), monotonic, |i| {
        process_condemned(
            c,
            set,
            first_unhealthy.as_deref(),
            monotonic,
            &condemned[i],
            min_ready,
            now,
        )
    });
    if exit.0 || exit.1.is_err() {
        recount(&mut status, &replicas, &condemned);
        return (status, exit.1);
    }
    recount(&mut status, &replicas, &condemned);

    if strategy_type(set) == "OnDelete" {
        return (status, Ok(()));
    }
    // RollingUpdate: the highest pod not at the update revision goes first, down to the partition.
    let update_min = partition(set).unwrap_or(0).max(0) as usize;
    for target in (update_min..replicas.len()).rev() {
        let (p, f) = &replicas[target];
        if !f.at_update && !f.terminating {
            let r = delete_stateful_pod(c, set, p);
            status.current_replicas = Some(status.current_replicas.unwrap_or(0) - 1);
            return (status, r);
        }
        if f.unavailable(min_ready, now) {
            return (status, Ok(()));
        }
    }
    (status, Ok(()))
}

/// `runForAll`: in order, stopping at the first blocking step (monotonic), or in slow-start
/// batches of 1, 2, 4, ... stopping after a batch with an error (burst). Returns (should exit,
/// result).
fn run_for_all(
    n: usize,
    monotonic: bool,
    mut f: impl FnMut(usize) -> (bool, Result<(), String>),
) -> (bool, Result<(), String>) {
    if monotonic {
        for i in 0..n {
            let (exit, r) = f(i);
            if exit || r.is_err() {
                return (true, r);
            }
        }
        return (false, Ok(()));
    }
    let mut i = 0;
    let mut batch = n.min(1);
    while batch > 0 {
        let mut errs = Vec::new();
        for _ in 0..batch {
            if let (_, Err(e)) = f(i) {
                errs.push(e);
            }
            i += 1;
        }
        if !errs.is_empty() {
            return (true, aggregate(errs));
        }
        batch = (2 * batch).min(n - i).min(MAX_BATCH_SIZE);
    }
    (false, Ok(()))
}

/// `processReplica`: one pod of the ordinal range.
fn process_replica(
    c: &mut Cluster,
    set: &StatefulSet,
    monotonic: bool,
    (replica, f): &Known,
    min_ready: i32,
    now: Timestamp,
) -> (bool, Result<(), String>) {
    // Failed or Succeeded pods are deleted; the replacement comes once the object is gone.
    if f.terminal {
        if !f.terminating {
            return (true, delete_stateful_pod(c, set, replica));
        }
        return (true, Ok(()));
    }
    if !f.created {
        let ordinal = f.ordinal.unwrap_or(0);
        if pod_claim_is_stale(c, set, replica, ordinal) {
            // The garbage collector removes the stale claim; look again shortly.
            return (true, Err("stale PersistentVolumeClaim".into()));
        }
        if let Err(e) = create_stateful_pod(c, set, replica) {
            return (true, Err(e));
        }
        if monotonic {
            return (true, Ok(()));
        }
    }
    if f.pending {
        let ordinal = f.ordinal.unwrap_or(0);
        if let Err(e) = create_claims(c, set, ordinal) {
            return (true, Err(e));
        }
        update_claims_for_retention(c, set, replica);
    }
    if f.terminating && monotonic {
        return (true, Ok(()));
    }
    if !f.running_and_ready() && monotonic {
        return (true, Ok(()));
    }
    if !f.available(min_ready, now) && monotonic {
        return (true, Ok(()));
    }
    if !f.created {
        return (false, Ok(()));
    }
    let retention_ok = claims_match_retention(c, set, replica);
    let storage_ok = f.ordinal.is_some_and(|ord| {
        claims_for(set, ord).iter().all(|(t, claim)| {
            replica
                .spec
                .as_ref()
                .and_then(|s| s.volumes.as_ref())
                .and_then(|vs| vs.iter().find(|v| v.name == *t))
                .and_then(|v| v.source.persistent_volume_claim.as_ref())
                .is_some_and(|pvc| Some(&pvc.claim_name) == claim.metadata.name.as_ref())
        })
    });
    if f.identity_ok && storage_ok && retention_ok {
        return (false, Ok(()));
    }
    // Read the pod again: an earlier step of this sync may have written it.
    let fresh = c
        .store
        .get_typed::<Pod>(set_ns(set), pod_name(replica))
        .cloned();
    match fresh {
        Some(p) => (false, update_stateful_pod(c, set, &p)),
        None => (false, Ok(())),
    }
}

/// `processCondemned`: one pod beyond the ordinal range.
fn process_condemned(
    c: &mut Cluster,
    set: &StatefulSet,
    first_unhealthy: Option<&str>,
    monotonic: bool,
    (pod, f): &Known,
    min_ready: i32,
    now: Timestamp,
) -> (bool, Result<(), String>) {
    if f.terminating {
        return (monotonic, Ok(()));
    }
    let is_first_unhealthy = first_unhealthy == Some(pod_name(pod));
    if monotonic && !is_first_unhealthy && (!f.running_and_ready() || !f.available(min_ready, now))
    {
        return (true, Ok(()));
    }
    (true, delete_stateful_pod(c, set, pod))
}

/// `completeRollingUpdate` + `updateStatefulSetStatus`: the rollout is complete when every
/// replica is updated and ready; then the current revision becomes the update revision.
fn write_status(c: &mut Cluster, key: &ObjKey, mut status: StatefulSetStatus) {
    let Some(mut set) = c.store.get_typed_at::<StatefulSet>(key).cloned() else {
        return;
    };
    let replicas = replicas_of(&set);
    if strategy_type(&set) == "RollingUpdate"
        && status.updated_replicas == Some(replicas)
        && status.ready_replicas == Some(replicas)
        && status.replicas == replicas
    {
        status.current_replicas = status.updated_replicas;
        status.current_revision = status.update_revision.clone();
    }
    if set.status.as_ref() != Some(&status) {
        set.status = Some(status);
        c.write(set);
    }
}

#[cfg(test)]
mod tests {
    //! Behaviour from the "StatefulSet Basics" tutorial
    //! (kubernetes.io/docs/tutorials/stateful-application/basic-stateful-set/) and the StatefulSet
    //! concept page, checked end to end through the simulated API.

    use super::*;
    use crate::sim::api::server::{DeleteOptions, Propagation};
    use crate::sim::testutil::{cluster, create};
    use k8s_openapi::api::core::v1::{Event, PersistentVolume};
    use std::collections::BTreeSet;

    /// `isRunningAndReady`, read from the pod itself (the controller reads it from [`Facts`]).
    fn is_running_and_ready(p: &Pod) -> bool {
        podutil::phase(p) == "Running" && podutil::is_ready(p)
    }

    const SERVICE: &str = r#"
apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  ports:
  - port: 80
    name: web
  clusterIP: None
  selector:
    app: nginx
"#;

    /// The tutorial's `web.yaml` StatefulSet, with extra spec lines spliced in.
    fn web(replicas: i32, extra: &str) -> String {
        format!(
            r#"
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: "nginx"
  replicas: {replicas}
{extra}
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.24
        ports:
        - containerPort: 80
          name: web
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ "ReadWriteOnce" ]
      resources:
        requests:
          storage: 1Gi
"#
        )
    }

    fn start(replicas: i32, extra: &str) -> Cluster {
        let mut c = cluster();
        create(&mut c, SERVICE);
        create(&mut c, &web(replicas, extra));
        c
    }

    fn pods(c: &Cluster) -> Vec<Pod> {
        c.store
            .list_typed::<Pod>(Some("default"))
            .cloned()
            .collect()
    }

    fn pod(c: &Cluster, name: &str) -> Option<Pod> {
        c.store.get_typed::<Pod>("default", name).cloned()
    }

    fn names(c: &Cluster) -> Vec<String> {
        let mut v: Vec<(i32, String)> = pods(c)
            .iter()
            .map(|p| (ordinal_of(p).unwrap_or(-1), pod_name(p).to_string()))
            .collect();
        v.sort();
        v.into_iter().map(|(_, n)| n).collect()
    }

    fn sts(c: &Cluster) -> StatefulSet {
        c.store
            .get_typed::<StatefulSet>("default", "web")
            .cloned()
            .expect("web exists")
    }

    fn status(c: &Cluster) -> StatefulSetStatus {
        sts(c).status.unwrap_or_default()
    }

    fn claims(c: &Cluster) -> Vec<String> {
        c.store
            .list_typed::<PersistentVolumeClaim>(Some("default"))
            .map(|p| p.metadata.name.clone().unwrap_or_default())
            .collect()
    }

    fn secs(n: i64) -> SignedDuration {
        SignedDuration::from_secs(n)
    }

    fn edit(c: &mut Cluster, f: impl FnOnce(&mut k8s_openapi::api::apps::v1::StatefulSetSpec)) {
        let mut s = sts(c);
        f(s.spec.as_mut().expect("spec"));
        c.api_update(s.into()).expect("update accepted");
        c.settle();
    }

    /// A bare pod named `name` with the labels of `web`'s selector.
    fn bare_pod(name: &str) -> String {
        format!(
            "apiVersion: v1
kind: Pod
metadata: {{name: {name}, namespace: default, labels: {{app: nginx}}}}
spec:
  containers: [{{name: nginx, image: registry.k8s.io/nginx-slim:0.24}}]
"
        )
    }

    /// An orphan named as one of the set's pods and matching its selector wakes the set at once
    /// (`addPod`: "Otherwise, it's an orphan. Get a list of all matching controllers and sync
    /// them to see if anyone wants to adopt it", pkg/controller/statefulset/stateful_set.go):
    /// the set adopts `web-1`, an ordinal past its one replica, and deletes it as a condemned
    /// pod.
    #[test]
    fn an_orphan_with_a_condemned_ordinal_is_adopted_and_deleted_at_once() {
        let mut c = start(1, "");
        c.advance(secs(60));
        create(&mut c, &bare_pod("web-1"));
        assert_eq!(names(&c), ["web-0"]);
        let deleted: Vec<String> = c
            .store
            .list_typed::<Event>(Some("default"))
            .filter(|e| e.reason.as_deref() == Some("SuccessfulDelete"))
            .filter_map(|e| e.message.clone())
            .collect();
        assert_eq!(deleted, ["delete Pod web-1 in StatefulSet web successful"]);
    }

    /// A bare pod that matches the selector but is not named as one of the set's pods is left
    /// alone (`isMemberOf`): it wakes the set, which neither adopts nor deletes it.
    #[test]
    fn an_orphan_not_named_as_a_member_is_left_alone() {
        let mut c = start(1, "");
        c.advance(secs(60));
        create(&mut c, &bare_pod("debug"));
        c.advance(secs(30));
        let debug = pod(&c, "debug").expect("left alone");
        assert!(podutil::controller_ref(&debug.metadata).is_none());
        assert_eq!(status(&c).replicas, 1);
    }

    fn set_image(c: &mut Cluster, image: &str) {
        edit(c, |s| {
            s.template.spec.as_mut().expect("pod spec").containers[0].image = Some(image.into());
        });
    }

    fn image(p: &Pod) -> String {
        p.spec.as_ref().unwrap().containers[0]
            .image
            .clone()
            .unwrap_or_default()
    }

    fn all_ready(c: &Cluster, n: usize) -> bool {
        let ps = pods(c);
        ps.len() == n
            && ps
                .iter()
                .all(|p| is_running_and_ready(p) && !is_terminating(p))
    }

    /// What happened to pods, instant by instant.
    #[derive(Debug, Clone, PartialEq)]
    enum Seen {
        Created(String),
        Deleting(String),
        Gone(String),
    }

    /// Advances `d`, stopping at every instant something is due, and logs pod creations (new uid),
    /// deletions started and objects gone, in order. `check` runs after every instant.
    fn watch(
        c: &mut Cluster,
        d: SignedDuration,
        mut check: impl FnMut(&Cluster, &[Pod]),
    ) -> Vec<Seen> {
        let end = c.now() + d;
        let mut log = Vec::new();
        let snapshot = |c: &Cluster| -> BTreeMap<String, (String, bool)> {
            pods(c)
                .into_iter()
                .map(|p| {
                    (
                        pod_uid(&p).to_string(),
                        (pod_name(&p).to_string(), is_terminating(&p)),
                    )
                })
                .collect()
        };
        let mut before = snapshot(c);
        loop {
            let next = c.next_timer().filter(|t| *t <= end);
            match next {
                Some(t) => c.advance_to(t),
                None => c.advance_to(end),
            }
            let after = snapshot(c);
            let new: Vec<Pod> = pods(c)
                .into_iter()
                .filter(|p| !before.contains_key(pod_uid(p)))
                .collect();
            for (uid, (name, term)) in &before {
                match after.get(uid) {
                    None => log.push(Seen::Gone(name.clone())),
                    Some((_, t2)) if *t2 && !term => log.push(Seen::Deleting(name.clone())),
                    _ => {}
                }
            }
            for p in &new {
                log.push(Seen::Created(pod_name(p).to_string()));
                if is_terminating(p) {
                    log.push(Seen::Deleting(pod_name(p).to_string()));
                }
            }
            check(c, &new);
            before = after;
            if next.is_none() {
                break;
            }
        }
        log
    }

    fn created(log: &[Seen]) -> Vec<String> {
        log.iter()
            .filter_map(|s| match s {
                Seen::Created(n) => Some(n.clone()),
                _ => None,
            })
            .collect()
    }

    fn deleting(log: &[Seen]) -> Vec<String> {
        log.iter()
            .filter_map(|s| match s {
                Seen::Deleting(n) => Some(n.clone()),
                _ => None,
            })
            .collect()
    }

    fn events_for_web(c: &Cluster) -> Vec<(String, String, String)> {
        let mut evs: Vec<&Event> = c
            .store
            .list_typed::<Event>(Some("default"))
            .filter(|e| {
                e.involved_object.kind.as_deref() == Some("StatefulSet")
                    && e.involved_object.name.as_deref() == Some("web")
            })
            .collect();
        evs.sort_by_key(|e| e.metadata.name.clone());
        evs.iter()
            .map(|e| {
                (
                    e.type_.clone().unwrap_or_default(),
                    e.reason.clone().unwrap_or_default(),
                    e.message.clone().unwrap_or_default(),
                )
            })
            .collect()
    }

    /// Lower ordinals are Running, Ready and not terminating when a new pod appears
    /// (OrderedReady: "Before a scaling operation is applied to a Pod, all of its predecessors
    /// must be Running and Ready").
    fn ordered_ready_check(c: &Cluster, new: &[Pod]) {
        let set = sts(c);
        let start = start_ordinal(&set);
        assert!(new.len() <= 1, "OrderedReady creates one pod at a time");
        for p in new {
            let n = ordinal_of(p).unwrap();
            for m in start..n {
                let lower = pod(c, &format!("web-{m}"));
                assert!(
                    lower
                        .as_ref()
                        .is_some_and(|l| is_running_and_ready(l) && !is_terminating(l)),
                    "web-{n} created while web-{m} is not Running and Ready: {:?}",
                    lower.map(|l| l.status)
                );
            }
        }
    }

    #[test]
    fn parent_and_ordinal_follow_the_regex() {
        assert_eq!(parent_and_ordinal("web-0"), (Some("web"), Some(0)));
        assert_eq!(parent_and_ordinal("my-db-12"), (Some("my-db"), Some(12)));
        assert_eq!(parent_and_ordinal("web"), (None, None));
        assert_eq!(parent_and_ordinal("web-x"), (None, None));
        assert_eq!(parent_and_ordinal("web-99999999999"), (Some("web"), None));
    }

    // Tutorial "Ordered Pod creation": web-1 is not launched until web-0 is Running and Ready.
    #[test]
    fn tutorial_creates_web_0_then_web_1_with_claims_identity_and_events() {
        let mut c = cluster();
        create(&mut c, SERVICE);
        create(&mut c, &web(2, ""));
        assert_eq!(names(&c), ["web-0"]);
        let log = watch(&mut c, secs(60), ordered_ready_check);
        assert_eq!(created(&log), ["web-1"]);
        assert!(all_ready(&c, 2));

        let p = pod(&c, "web-0").unwrap();
        let spec = p.spec.as_ref().unwrap();
        assert_eq!(spec.hostname.as_deref(), Some("web-0"));
        assert_eq!(spec.subdomain.as_deref(), Some("nginx"));
        let labels = p.metadata.labels.clone().unwrap();
        assert_eq!(labels["app"], "nginx");
        assert_eq!(labels[POD_NAME_LABEL], "web-0");
        assert_eq!(labels[POD_INDEX_LABEL], "0");
        let rev = labels[REVISION_LABEL].clone();
        assert!(rev.starts_with("web-"), "{rev}");
        let owner = controller_ref(&p.metadata).unwrap();
        assert_eq!(
            (owner.kind.as_str(), owner.name.as_str()),
            ("StatefulSet", "web")
        );
        let vol = &spec.volumes.as_ref().unwrap()[0];
        assert_eq!(vol.name, "www");
        assert_eq!(
            vol.source
                .persistent_volume_claim
                .as_ref()
                .unwrap()
                .claim_name,
            "www-web-0"
        );

        // Claims: `<template>-<set>-<ordinal>`, selector labels, bound by the provisioner, no owner
        // (Retain).
        assert_eq!(claims(&c), ["www-web-0", "www-web-1"]);
        let pvc = get_claim(&c, "default", "www-web-0").unwrap();
        assert_eq!(pvc.metadata.labels.unwrap()["app"], "nginx");
        assert_eq!(pvc.status.unwrap().phase.as_deref(), Some("Bound"));
        assert!(pvc.metadata.owner_references.is_none());

        // The revision and the status.
        let cr = c
            .store
            .get_typed::<ControllerRevision>("default", &rev)
            .unwrap();
        assert_eq!(cr.revision, 1);
        assert_eq!(template_of(cr), Some(sts(&c).spec.unwrap().template));
        let st = status(&c);
        assert_eq!(st.replicas, 2);
        assert_eq!(st.ready_replicas, Some(2));
        assert_eq!(st.available_replicas, Some(2));
        assert_eq!(st.current_replicas, Some(2));
        assert_eq!(st.updated_replicas, Some(2));
        assert_eq!(st.current_revision.as_deref(), Some(rev.as_str()));
        assert_eq!(st.update_revision.as_deref(), Some(rev.as_str()));
        assert_eq!(st.observed_generation, Some(1));
        assert_eq!(st.collision_count, Some(0));

        // `kubectl describe statefulset web` events, as stateful_pod_control.go words them.
        let msgs: Vec<String> = events_for_web(&c).into_iter().map(|e| e.2).collect();
        assert_eq!(
            msgs,
            [
                "create Claim www-web-0 Pod web-0 in StatefulSet web success",
                "create Pod web-0 in StatefulSet web successful",
                "create Claim www-web-1 Pod web-1 in StatefulSet web success",
                "create Pod web-1 in StatefulSet web successful",
            ]
        );
        assert!(
            events_for_web(&c)
                .iter()
                .all(|(t, r, _)| t == "Normal" && r == "SuccessfulCreate")
        );
    }

    // Tutorial "Stable Storage": a deleted pod comes back with the same name and the same claim
    // (and so the same volume).
    #[test]
    fn deleted_pod_comes_back_with_the_same_name_and_claim() {
        let mut c = start(2, "");
        c.advance(secs(60));
        let old = pod(&c, "web-0").unwrap();
        let pv = get_claim(&c, "default", "www-web-0")
            .unwrap()
            .spec
            .unwrap()
            .volume_name;
        c.api_delete(Kind::Pod, "default", "web-0", DeleteOptions::default())
            .unwrap();
        c.settle();
        // Still there, Terminating: no second web-0.
        assert!(is_terminating(&pod(&c, "web-0").unwrap()));
        c.advance(secs(60));
        let new = pod(&c, "web-0").unwrap();
        assert_ne!(new.metadata.uid, old.metadata.uid);
        assert!(is_running_and_ready(&new));
        assert_eq!(
            new.spec.unwrap().volumes.unwrap()[0]
                .source
                .persistent_volume_claim
                .as_ref()
                .unwrap()
                .claim_name,
            "www-web-0"
        );
        let claim = get_claim(&c, "default", "www-web-0").unwrap();
        assert_eq!(claim.spec.unwrap().volume_name, pv);
        assert_eq!(claims(&c).len(), 2, "no new claim");
    }

    // createPersistentVolumeClaims: a claim that is being deleted blocks the pod (FailedCreate)
    // until it is gone; then a fresh claim and pod are made.
    #[test]
    fn claim_being_deleted_blocks_the_pod_until_it_is_gone() {
        let mut c = start(1, "");
        c.advance(secs(30));
        let old_claim = get_claim(&c, "default", "www-web-0").unwrap().metadata.uid;
        c.api_delete(
            Kind::PersistentVolumeClaim,
            "default",
            "www-web-0",
            DeleteOptions::default(),
        )
        .unwrap();
        c.api_delete(Kind::Pod, "default", "web-0", DeleteOptions::default())
            .unwrap();
        c.settle();
        watch(&mut c, secs(60), |c, _| {
            // Never a new web-0 while the old claim is terminating.
            let claim = get_claim(c, "default", "www-web-0");
            if claim.is_some_and(|p| p.metadata.deletion_timestamp.is_some()) {
                assert!(pod(c, "web-0").is_none_or(|p| is_terminating(&p)));
            }
        });
        assert!(all_ready(&c, 1));
        let claim = get_claim(&c, "default", "www-web-0").unwrap();
        assert_ne!(claim.metadata.uid, old_claim);
        assert!(
            events_for_web(&c).contains(&(
                "Warning".to_string(),
                "FailedCreate".to_string(),
                "create Pod web-0 in StatefulSet web failed error: pvc www-web-0 is being deleted"
                    .to_string()
            ))
        );
    }

    // Tutorial "Scaling a StatefulSet": scale up creates web-2..4 in order; scale down removes
    // web-4, then web-3, each after the previous is gone; their claims stay.
    #[test]
    fn scale_up_in_order_then_down_from_the_highest_keeping_claims() {
        let mut c = start(2, "");
        c.advance(secs(60));
        edit(&mut c, |s| s.replicas = Some(5));
        assert_eq!(names(&c), ["web-0", "web-1", "web-2"], "web-2 at once");
        let log = watch(&mut c, secs(120), ordered_ready_check);
        assert_eq!(created(&log), ["web-3", "web-4"]);
        assert!(all_ready(&c, 5));
        edit(&mut c, |s| s.replicas = Some(3));
        assert!(is_terminating(&pod(&c, "web-4").unwrap()), "web-4 first");
        assert!(!is_terminating(&pod(&c, "web-3").unwrap()));
        let log = watch(&mut c, secs(180), |_, _| {});
        assert_eq!(deleting(&log), ["web-3"]);
        let pos = |s: &Seen| log.iter().position(|x| x == s).unwrap();
        assert!(
            pos(&Seen::Gone("web-4".into())) < pos(&Seen::Deleting("web-3".into())),
            "web-3 waits until web-4 is gone: {log:?}"
        );
        assert_eq!(names(&c), ["web-0", "web-1", "web-2"]);
        assert_eq!(
            claims(&c),
            [
                "www-web-0",
                "www-web-1",
                "www-web-2",
                "www-web-3",
                "www-web-4"
            ]
        );
        let msgs: Vec<String> = events_for_web(&c).into_iter().map(|e| e.2).collect();
        assert!(msgs.contains(&"delete Pod web-4 in StatefulSet web successful".to_string()));
        assert_eq!(status(&c).replicas, 3);
        // Scaling back up reuses the kept claims.
        edit(&mut c, |s| s.replicas = Some(4));
        c.advance(secs(60));
        assert!(all_ready(&c, 4));
        assert_eq!(claims(&c).len(), 5);
    }

    // Scale-down is blocked while a pod is unhealthy (OrderedReady).
    #[test]
    fn scale_down_waits_for_unhealthy_pods() {
        let mut c = start(3, "");
        c.advance(secs(90));
        assert!(all_ready(&c, 3));
        // web-0 goes away and is being recreated: web-2 must not be removed meanwhile.
        c.api_delete(Kind::Pod, "default", "web-0", DeleteOptions::default())
            .unwrap();
        edit(&mut c, |s| s.replicas = Some(2));
        assert!(!is_terminating(&pod(&c, "web-2").unwrap()));
        c.advance(secs(120));
        assert_eq!(names(&c), ["web-0", "web-1"]);
        assert!(all_ready(&c, 2));
    }

    // Tutorial "Rolling Update": pods are updated in reverse ordinal order, each after the
    // previous one is Running and Ready.
    #[test]
    fn rolling_update_goes_from_the_highest_ordinal_down() {
        let mut c = start(3, "");
        c.advance(secs(90));
        let rev1 = status(&c).current_revision.unwrap();
        set_image(&mut c, "registry.k8s.io/nginx-slim:0.21");
        let rev2 = status(&c).update_revision.unwrap();
        assert_ne!(rev1, rev2);
        assert!(is_terminating(&pod(&c, "web-2").unwrap()), "web-2 first");
        assert!(!is_terminating(&pod(&c, "web-1").unwrap()));
        let log = watch(&mut c, secs(300), |c, new| {
            // A replacement appears only after all higher ordinals are updated and ready.
            for p in new {
                let n = ordinal_of(p).unwrap();
                for m in n + 1..3 {
                    let h = pod(c, &format!("web-{m}")).unwrap();
                    assert!(is_running_and_ready(&h) && pod_revision(&h) == pod_revision(p));
                }
            }
        });
        assert_eq!(deleting(&log), ["web-1", "web-0"]);
        assert_eq!(created(&log), ["web-2", "web-1", "web-0"]);
        assert!(all_ready(&c, 3));
        assert!(
            pods(&c)
                .iter()
                .all(|p| image(p) == "registry.k8s.io/nginx-slim:0.21" && pod_revision(p) == rev2)
        );
        let st = status(&c);
        assert_eq!(st.current_revision.as_deref(), Some(rev2.as_str()));
        assert_eq!(st.update_revision.as_deref(), Some(rev2.as_str()));
        assert_eq!(
            (st.current_replicas, st.updated_replicas),
            (Some(3), Some(3))
        );
        let cr2 = c
            .store
            .get_typed::<ControllerRevision>("default", &rev2)
            .unwrap();
        assert_eq!(cr2.revision, 2);
        // Both revisions are kept (revisionHistoryLimit 10).
        assert_eq!(
            c.store
                .list_typed::<ControllerRevision>(Some("default"))
                .count(),
            2
        );
    }

    // Tutorial "Staging an update" / "Rolling out a canary": with partition 2 only web-2 is
    // updated; a deleted pod below the partition comes back at the current revision; lowering the
    // partition continues the rollout.
    #[test]
    fn partition_limits_the_update_to_higher_ordinals() {
        let mut c = start(3, "");
        c.advance(secs(90));
        let rev1 = status(&c).current_revision.unwrap();
        edit(&mut c, |s| {
            s.update_strategy
                .as_mut()
                .unwrap()
                .rolling_update
                .as_mut()
                .unwrap()
                .partition = Some(2);
            s.template.spec.as_mut().unwrap().containers[0].image =
                Some("registry.k8s.io/nginx-slim:0.21".into());
        });
        c.advance(secs(120));
        let imgs: Vec<String> = pods(&c).iter().map(image).collect();
        assert_eq!(
            imgs,
            [
                "registry.k8s.io/nginx-slim:0.24",
                "registry.k8s.io/nginx-slim:0.24",
                "registry.k8s.io/nginx-slim:0.21"
            ]
        );
        let st = status(&c);
        assert_eq!(st.current_revision.as_deref(), Some(rev1.as_str()));
        assert_eq!(
            (st.current_replicas, st.updated_replicas),
            (Some(2), Some(1))
        );
        // "Pods below the partition are recreated at the current revision."
        c.api_delete(Kind::Pod, "default", "web-1", DeleteOptions::default())
            .unwrap();
        c.advance(secs(90));
        assert_eq!(
            image(&pod(&c, "web-1").unwrap()),
            "registry.k8s.io/nginx-slim:0.24"
        );
        // Phased roll out: partition 0 updates the rest.
        edit(&mut c, |s| {
            s.update_strategy
                .as_mut()
                .unwrap()
                .rolling_update
                .as_mut()
                .unwrap()
                .partition = Some(0);
        });
        c.advance(secs(200));
        assert!(
            pods(&c)
                .iter()
                .all(|p| image(p) == "registry.k8s.io/nginx-slim:0.21")
        );
        let st = status(&c);
        assert_eq!(st.current_revision, st.update_revision);
    }

    // Tutorial "On Delete": the controller does not replace pods; only deleted pods get the new
    // template.
    #[test]
    fn on_delete_updates_only_deleted_pods() {
        let mut c = start(2, "  updateStrategy:\n    type: OnDelete");
        c.advance(secs(60));
        set_image(&mut c, "registry.k8s.io/nginx-slim:0.21");
        c.advance(secs(120));
        assert!(
            pods(&c)
                .iter()
                .all(|p| image(p) == "registry.k8s.io/nginx-slim:0.24")
        );
        c.api_delete(Kind::Pod, "default", "web-0", DeleteOptions::default())
            .unwrap();
        c.advance(secs(60));
        assert_eq!(
            image(&pod(&c, "web-0").unwrap()),
            "registry.k8s.io/nginx-slim:0.21"
        );
        assert_eq!(
            image(&pod(&c, "web-1").unwrap()),
            "registry.k8s.io/nginx-slim:0.24"
        );
        let st = status(&c);
        assert_eq!(
            (st.current_replicas, st.updated_replicas),
            (Some(1), Some(1))
        );
        assert_ne!(st.current_revision, st.update_revision);
    }

    // Tutorial "Parallel Pod Management": all pods are launched at once, without waiting.
    #[test]
    fn parallel_creates_and_deletes_all_at_once() {
        let mut c = start(3, "  podManagementPolicy: Parallel");
        assert_eq!(names(&c), ["web-0", "web-1", "web-2"]);
        assert!(pods(&c).iter().all(|p| !is_running_and_ready(p)));
        c.advance(secs(60));
        edit(&mut c, |s| s.replicas = Some(1));
        assert!(is_terminating(&pod(&c, "web-1").unwrap()));
        assert!(is_terminating(&pod(&c, "web-2").unwrap()));
        c.advance(secs(60));
        assert_eq!(names(&c), ["web-0"]);
    }

    // `spec.ordinals.start` (StatefulSetStartOrdinal, GA in 1.31): ordinals start..start+replicas-1.
    #[test]
    fn start_ordinal_shifts_the_names() {
        let mut c = start(2, "  ordinals:\n    start: 1");
        c.advance(secs(60));
        assert_eq!(names(&c), ["web-1", "web-2"]);
        assert_eq!(claims(&c), ["www-web-1", "www-web-2"]);
        // Moving the start condemns the pods that leave the range.
        edit(&mut c, |s| s.ordinals.as_mut().unwrap().start = Some(0));
        c.advance(secs(120));
        assert_eq!(names(&c), ["web-0", "web-1"]);
    }

    // minReadySeconds: the next pod waits until the previous one has been ready that long.
    #[test]
    fn min_ready_seconds_delays_the_next_pod() {
        let mut c = start(2, "  minReadySeconds: 30");
        let mut ready0 = None;
        let mut created1 = None;
        watch(&mut c, secs(120), |c, new| {
            if ready0.is_none() {
                ready0 = pod(c, "web-0").and_then(|p| podutil::ready_since(&p));
            }
            if new.iter().any(|p| pod_name(p) == "web-1") {
                created1 = Some(c.now());
            }
        });
        let (r, n) = (ready0.unwrap(), created1.unwrap());
        assert_eq!(
            n,
            r + secs(30),
            "created exactly when web-0 becomes available"
        );
        let st = status(&c);
        assert_eq!(st.available_replicas, Some(2));
    }

    // "Failed or Succeeded pods are deleted and recreated with the same name."
    #[test]
    fn failed_pod_is_replaced_under_the_same_name() {
        let mut c = start(2, "");
        c.advance(secs(60));
        let mut p = pod(&c, "web-1").unwrap();
        let old_uid = p.metadata.uid.clone();
        p.status.as_mut().unwrap().phase = Some("Failed".into());
        c.write(p);
        c.settle();
        c.advance(secs(60));
        let p = pod(&c, "web-1").unwrap();
        assert_ne!(p.metadata.uid, old_uid);
        assert!(all_ready(&c, 2));
    }

    // Deleting the StatefulSet: the garbage collector removes the pods; claims are retained.
    #[test]
    fn deleting_the_set_removes_pods_and_keeps_claims() {
        let mut c = start(2, "");
        c.advance(secs(60));
        c.api_delete(
            Kind::StatefulSet,
            "default",
            "web",
            DeleteOptions::default(),
        )
        .unwrap();
        c.advance(secs(60));
        assert!(pods(&c).is_empty());
        assert_eq!(claims(&c), ["www-web-0", "www-web-1"]);
        assert_eq!(
            c.store
                .list_typed::<ControllerRevision>(Some("default"))
                .count(),
            0
        );
    }

    // Tutorial "Non-cascading delete": orphaned pods are adopted by a new StatefulSet of the same
    // name; the deleted web-0 is recreated with its claim.
    #[test]
    fn orphans_are_adopted_by_a_recreated_set() {
        let mut c = start(2, "");
        c.advance(secs(60));
        c.api_delete(
            Kind::StatefulSet,
            "default",
            "web",
            DeleteOptions {
                grace_period: None,
                propagation: Propagation::Orphan,
            },
        )
        .unwrap();
        c.settle();
        assert_eq!(names(&c), ["web-0", "web-1"]);
        c.api_delete(Kind::Pod, "default", "web-0", DeleteOptions::default())
            .unwrap();
        c.advance(secs(60));
        assert_eq!(names(&c), ["web-1"]);
        let web1 = pod(&c, "web-1").unwrap();
        create(&mut c, &web(2, ""));
        c.advance(secs(60));
        assert!(all_ready(&c, 2));
        let adopted = pod(&c, "web-1").unwrap();
        assert_eq!(
            adopted.metadata.uid, web1.metadata.uid,
            "adopted, not replaced"
        );
        assert_eq!(
            controller_ref(&adopted.metadata).unwrap().uid,
            set_uid(&sts(&c))
        );
        // The orphaned revision is adopted too: no duplicate.
        assert_eq!(
            c.store
                .list_typed::<ControllerRevision>(Some("default"))
                .count(),
            1
        );
    }

    // persistentVolumeClaimRetentionPolicy: whenScaled Delete removes the claims of condemned
    // pods (owner reference to the pod); whenDeleted Delete removes all claims with the set
    // (owner reference to the set).
    #[test]
    fn retention_policy_delete_removes_claims() {
        let mut c = start(
            3,
            "  persistentVolumeClaimRetentionPolicy:\n    whenDeleted: Delete\n    whenScaled: Delete",
        );
        c.advance(secs(90));
        let uid = set_uid(&sts(&c)).to_string();
        let pvc = get_claim(&c, "default", "www-web-2").unwrap();
        let r = &pvc.metadata.owner_references.unwrap()[0];
        assert_eq!(
            (r.kind.as_str(), r.uid.as_str()),
            ("StatefulSet", uid.as_str())
        );
        assert_eq!(r.controller, Some(true));
        edit(&mut c, |s| s.replicas = Some(1));
        c.advance(secs(120));
        assert_eq!(names(&c), ["web-0"]);
        assert_eq!(claims(&c), ["www-web-0"]);
        // Scale up again: fresh claims.
        edit(&mut c, |s| s.replicas = Some(2));
        c.advance(secs(60));
        assert!(all_ready(&c, 2));
        assert_eq!(claims(&c), ["www-web-0", "www-web-1"]);
        c.api_delete(
            Kind::StatefulSet,
            "default",
            "web",
            DeleteOptions::default(),
        )
        .unwrap();
        c.advance(secs(120));
        assert!(pods(&c).is_empty());
        assert!(claims(&c).is_empty());
        // Provisioned volumes have the Delete reclaim policy.
        assert_eq!(c.store.list_typed::<PersistentVolume>(None).count(), 0);
    }

    // The StatefulSet concept page: a pod on an unreachable node is not replaced until its object
    // is really gone (at most one pod per identity); force deletion lets it be recreated.
    #[test]
    fn pod_on_unreachable_node_is_not_replaced_until_force_deleted() {
        let mut c = start(2, "");
        c.advance(secs(60));
        let node = podutil::node_name(&pod(&c, "web-1").unwrap())
            .unwrap()
            .to_string();
        let uid = pod(&c, "web-1").unwrap().metadata.uid;
        let now = c.now();
        c.runtime.failed_nodes.insert(node.clone(), now);
        c.enqueue(Ctrl::NodeLifecycle, ObjKey::new(Kind::Node, "", &node));
        c.advance(secs(600));
        let stuck = pod(&c, "web-1").unwrap();
        assert_eq!(stuck.metadata.uid, uid);
        assert!(is_terminating(&stuck), "evicted, waiting for the kubelet");
        assert_eq!(names(&c), ["web-0", "web-1"]);
        // kubectl delete pod web-1 --force --grace-period=0
        c.api_delete(
            Kind::Pod,
            "default",
            "web-1",
            DeleteOptions {
                grace_period: Some(0),
                propagation: Propagation::Background,
            },
        )
        .unwrap();
        c.advance(secs(120));
        let p = pod(&c, "web-1").unwrap();
        assert_ne!(p.metadata.uid, uid);
        assert_ne!(podutil::node_name(&p), Some(node.as_str()));
        assert!(is_running_and_ready(&p));
    }

    // Revisions: rolling back to an earlier template reuses its ControllerRevision with a new
    // revision number; revisionHistoryLimit prunes unused revisions.
    #[test]
    fn rollback_reuses_the_revision_and_history_is_limited() {
        let mut c = start(1, "  revisionHistoryLimit: 1");
        c.advance(secs(30));
        let rev1 = status(&c).current_revision.unwrap();
        for img in ["0.21", "0.22"] {
            set_image(&mut c, &format!("registry.k8s.io/nginx-slim:{img}"));
            c.advance(secs(60));
        }
        set_image(&mut c, "registry.k8s.io/nginx-slim:0.24");
        c.advance(secs(60));
        let st = status(&c);
        assert_eq!(st.current_revision.as_deref(), Some(rev1.as_str()));
        let revs: Vec<(String, i64)> = c
            .store
            .list_typed::<ControllerRevision>(Some("default"))
            .map(|r| (cr_name(r).to_string(), r.revision))
            .collect();
        // Live: rev1 (now revision 4); history: only the newest unused one (0.22, revision 3).
        assert_eq!(revs.len(), 2, "{revs:?}");
        assert!(revs.contains(&(rev1.clone(), 4)), "{revs:?}");
        assert!(revs.iter().any(|(_, r)| *r == 3), "{revs:?}");
    }

    #[test]
    fn revision_hash_is_stable_and_changes_with_collisions() {
        let t = PodTemplateSpec::default();
        let d = revision_data(&t);
        assert_eq!(revision_hash(&d, 0), revision_hash(&d, 0));
        assert_ne!(revision_hash(&d, 0), revision_hash(&d, 1));
        assert!(
            revision_hash(&d, 0)
                .chars()
                .all(|ch| "bcdfghjklmnpqrstvwxz2456789".contains(ch))
        );
        assert_eq!(d["spec"]["template"]["$patch"], "replace");
    }

    mod prop {
        use super::*;
        use proptest::prelude::*;

        #[derive(Clone, Debug)]
        enum Op {
            Scale(i32),
            DeletePod(i32),
            Advance(i64),
        }

        fn op() -> impl Strategy<Value = Op> {
            prop_oneof![
                (0..5i32).prop_map(Op::Scale),
                (0..5i32).prop_map(Op::DeletePod),
                (1..40i64).prop_map(Op::Advance),
            ]
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

            // At most one pod per identity, never a pod outside the ordinal range being created, and
            // in OrderedReady no pod n+1 before pod n is Running and Ready; in the end the set
            // converges to `replicas` ready pods.
            #[test]
            fn identities_are_unique_and_creation_is_ordered(
                parallel in any::<bool>(),
                ops in proptest::collection::vec(op(), 1..12),
            ) {
                let extra = if parallel { "  podManagementPolicy: Parallel" } else { "" };
                let mut c = start(2, extra);
                let check = |c: &Cluster, new: &[Pod]| {
                    let set = sts(c);
                    let mut seen = BTreeSet::new();
                    for p in pods(c) {
                        let o = ordinal_of(&p).expect("stateful name");
                        assert!(seen.insert(o), "two pods with ordinal {o}");
                    }
                    for p in new {
                        assert!(in_ordinal_range(&set, p), "created outside the range: {}", pod_name(p));
                    }
                    if !allows_burst(&set) {
                        ordered_ready_check(c, new);
                    }
                };
                for op in ops {
                    match op {
                        Op::Scale(n) => edit(&mut c, |s| s.replicas = Some(n)),
                        Op::DeletePod(n) => {
                            let _ = c.api_delete(Kind::Pod, "default", &format!("web-{n}"), DeleteOptions::default());
                            c.settle();
                        }
                        Op::Advance(s) => {
                            watch(&mut c, secs(s), check);
                        }
                    }
                    check(&c, &[]);
                }
                watch(&mut c, secs(600), check);
                let want = replicas_of(&sts(&c)) as usize;
                prop_assert!(all_ready(&c, want), "{:?}", names(&c));
                let st = status(&c);
                prop_assert_eq!(st.ready_replicas, Some(want as i32));
            }
        }
    }
}
