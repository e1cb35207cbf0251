//! The Deployment controller (`pkg/controller/deployment/`: `sync.go`, `rolling.go`,
//! `recreate.go`, `util/deployment_util.go`): one ReplicaSet per pod template, named
//! `<deployment>-<pod-template-hash>`, rolled forward within maxSurge/maxUnavailable (or all at
//! once with Recreate), with the `ScalingReplicaSet` events and the Available/Progressing
//! conditions kubectl shows.

use crate::sim::cluster::Cluster;
use crate::sim::labels::Selector;
use crate::sim::object::Kind;
use crate::sim::pod::Pod;
use crate::sim::podutil::{self, controller_ref_to, event, is_controlled_by};
use crate::sim::store::ObjKey;
use k8s_openapi::api::apps::v1::{
    Deployment, DeploymentCondition, DeploymentStatus, ReplicaSet, ReplicaSetSpec,
};
use k8s_openapi::api::core::v1::PodTemplateSpec;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, Time};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use std::collections::BTreeMap;

const COMPONENT: &str = "deployment-controller";
/// The label that ties a ReplicaSet and its pods to one pod template.
pub const POD_TEMPLATE_HASH: &str = "pod-template-hash";
const REVISION: &str = "deployment.kubernetes.io/revision";
const DESIRED: &str = "deployment.kubernetes.io/desired-replicas";
const MAX: &str = "deployment.kubernetes.io/max-replicas";

fn strip_hash(t: &PodTemplateSpec) -> PodTemplateSpec {
    let mut t = t.clone();
    if let Some(l) = t.metadata.as_mut().and_then(|m| m.labels.as_mut()) {
        l.remove(POD_TEMPLATE_HASH);
    }
    t
}

/// `EqualIgnoreHash`: whether `rs`'s pod template is `stripped` (a template without its
/// `pod-template-hash` label), its own hash label aside.
fn has_template(rs: &ReplicaSet, stripped: &PodTemplateSpec) -> bool {
    rs.spec
        .as_ref()
        .and_then(|s| s.template.as_ref())
        .map(strip_hash)
        .as_ref()
        == Some(stripped)
}

/// `intstr.GetScaledValueFromIntOrPercent`.
fn scaled(v: Option<&IntOrString>, total: i32, round_up: bool) -> i32 {
    match v {
        Some(IntOrString::Int(i)) => *i,
        Some(IntOrString::String(s)) => {
            let p: f64 = s.trim_end_matches('%').parse().unwrap_or(0.0);
            let x = p * f64::from(total) / 100.0;
            if round_up {
                x.ceil() as i32
            } else {
                x.floor() as i32
            }
        }
        None => 0,
    }
}

/// `ResolveFenceposts`: (maxSurge, maxUnavailable).
fn fenceposts(d: &Deployment) -> (i32, i32) {
    let spec = d.spec.clone().unwrap_or_default();
    let replicas = spec.replicas.unwrap_or(1);
    let ru = spec
        .strategy
        .and_then(|s| s.rolling_update)
        .unwrap_or_default();
    let surge = scaled(ru.max_surge.as_ref(), replicas, true);
    let mut unavailable = scaled(ru.max_unavailable.as_ref(), replicas, false);
    if surge == 0 && unavailable == 0 {
        unavailable = 1;
    }
    (surge, unavailable.min(replicas))
}

fn rs_replicas(rs: &ReplicaSet) -> i32 {
    rs.spec.as_ref().and_then(|s| s.replicas).unwrap_or(0)
}

fn rs_available(rs: &ReplicaSet) -> i32 {
    rs.status
        .as_ref()
        .and_then(|s| s.available_replicas)
        .unwrap_or(0)
}

fn revision(rs: &ReplicaSet) -> i64 {
    rs.metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get(REVISION))
        .and_then(|r| r.parse().ok())
        .unwrap_or(0)
}

/// Annotations a ReplicaSet does not inherit from its Deployment (`annotationsToSkip`).
const SKIP_ANNOTATIONS: &[&str] = &[
    "kubectl.kubernetes.io/last-applied-configuration",
    REVISION,
    "deployment.kubernetes.io/revision-history",
    DESIRED,
    MAX,
    "deprecated.deployment.rollback.to",
];

/// `SetNewReplicaSetAnnotations` + `SetDeploymentRevision` (`deployment/util`): the new
/// ReplicaSet copies the Deployment's annotations (so `kubernetes.io/change-cause` shows in
/// `kubectl rollout history`) and takes the next revision when an old template comes back
/// (`rollout undo`), keeping the old number in `revision-history`; the Deployment records the
/// revision it runs.
fn sync_revision(
    c: &mut Cluster,
    d: &Deployment,
    rs: ReplicaSet,
    all: &[ReplicaSet],
) -> ReplicaSet {
    let name = rs.metadata.name.clone().unwrap_or_default();
    let max_old = all
        .iter()
        .filter(|o| o.metadata.name.as_deref() != Some(name.as_str()))
        .map(revision)
        .max()
        .unwrap_or(0);
    let mut updated = rs.clone();
    let ann = updated
        .metadata
        .annotations
        .get_or_insert_with(BTreeMap::new);
    for (k, v) in d.metadata.annotations.iter().flatten() {
        if !SKIP_ANNOTATIONS.contains(&k.as_str()) {
            ann.insert(k.clone(), v.clone());
        }
    }
    let old_rev = revision(&rs);
    let new_rev = max_old + 1;
    if old_rev < new_rev {
        ann.insert(REVISION.into(), new_rev.to_string());
        if old_rev > 0 {
            let hist = ann
                .get("deployment.kubernetes.io/revision-history")
                .filter(|h| !h.is_empty())
                .map(|h| format!("{h},{old_rev}"))
                .unwrap_or_else(|| old_rev.to_string());
            ann.insert("deployment.kubernetes.io/revision-history".into(), hist);
        }
    }
    let rs = if updated != rs {
        match c.api_update(updated.into()) {
            Ok(o) => <ReplicaSet as crate::sim::object::Typed>::from_object(&o)
                .cloned()
                .unwrap_or(rs),
            Err(_) => rs,
        }
    } else {
        rs
    };
    let rev = revision(&rs).to_string();
    if let Some(mut cur) = c
        .store
        .get_typed::<Deployment>(
            d.metadata.namespace.as_deref().unwrap_or(""),
            d.metadata.name.as_deref().unwrap_or(""),
        )
        .cloned()
        && cur
            .metadata
            .annotations
            .as_ref()
            .and_then(|a| a.get(REVISION))
            != Some(&rev)
    {
        cur.metadata
            .annotations
            .get_or_insert_with(BTreeMap::new)
            .insert(REVISION.into(), rev);
        c.api_write(cur.into());
    }
    rs
}

/// Reconciles one Deployment.
pub fn reconcile(c: &mut Cluster, key: &ObjKey) {
    let Some(d) = c.store.get_typed_at::<Deployment>(key).cloned() else {
        return;
    };
    let uid = d.metadata.uid.clone().unwrap_or_default();
    let spec = d.spec.clone().unwrap_or_default();
    // `getReplicaSetsForDeployment`: adopt matching orphan ReplicaSets (a Deployment deleted with
    // `--cascade=orphan` and created again takes its ReplicaSet back) and release those
    // relabelled out. An empty selector selects nothing here (upstream refuses it outright).
    if d.metadata.deletion_timestamp.is_none()
        && let Ok(selector) = Selector::from_label_selector(Some(&spec.selector))
        && !selector.is_empty()
    {
        podutil::claim::<ReplicaSet, _>(c, &d, &selector, |_| true, None);
    }
    let mut all: Vec<ReplicaSet> = c
        .store
        .list_typed::<ReplicaSet>(Some(&key.namespace))
        .filter(|rs| is_controlled_by(&rs.metadata, &uid))
        .cloned()
        .collect();
    all.sort_by(|a, b| {
        a.metadata
            .creation_timestamp
            .as_ref()
            .map(|t| t.0)
            .cmp(&b.metadata.creation_timestamp.as_ref().map(|t| t.0))
    });
    if d.metadata.deletion_timestamp.is_some() {
        update_status(c, &d, &all);
        return;
    }
    if spec.paused == Some(true) {
        // `sync`: a paused Deployment rolls nothing out, but it still scales.
        scale_paused(c, &d, &all);
        let all: Vec<ReplicaSet> = all
            .iter()
            .filter_map(|rs| c.store.get_typed_at::<ReplicaSet>(&podutil::key_of(rs)))
            .cloned()
            .collect();
        update_status(c, &d, &all);
        return;
    }
    let template = spec.template.clone();
    let stripped = strip_hash(&template);
    let new_rs = all.iter().find(|rs| has_template(rs, &stripped));
    let replicas = spec.replicas.unwrap_or(1);
    let recreate = spec.strategy.as_ref().and_then(|s| s.type_.as_deref()) == Some("Recreate");
    let (surge, _) = fenceposts(&d);
    let new_rs = match new_rs {
        Some(rs) => rs.clone(),
        None => {
            let olds_running = all.iter().any(|rs| rs_replicas(rs) > 0);
            if recreate && olds_running {
                // Recreate: first scale every old ReplicaSet to zero.
                for rs in all.clone() {
                    scale(c, &d, rs, 0, replicas.wrapping_add(surge));
                }
                update_status(c, &d, &all);
                return;
            }
            if recreate && any_old_pods(c, &key.namespace, &all) {
                update_status(c, &d, &all);
                return;
            }
            let start = if recreate {
                replicas
            } else {
                let current: i32 = all.iter().map(rs_replicas).sum();
                // Go's int32 `replicas + maxSurge` wraps (replicas near 2^31): no panic, and the
                // same (stalled) scale-up as upstream's `NewRSNewReplicas`.
                replicas
                    .wrapping_add(surge)
                    .wrapping_sub(current)
                    .clamp(0, replicas)
            };
            match create_new_rs(c, &d, &all, start, surge) {
                Some(rs) => {
                    all.push(rs.clone());
                    set_progressing(
                        c,
                        key,
                        "NewReplicaSetCreated",
                        &format!(
                            "Created new replica set \"{}\"",
                            rs.metadata.name.as_deref().unwrap_or("")
                        ),
                    );
                    rs
                }
                None => return,
            }
        }
    };
    let new_name = new_rs.metadata.name.clone().unwrap_or_default();
    let new_rs = sync_revision(c, &d, new_rs, &all);
    let olds: Vec<ReplicaSet> = all
        .iter()
        .filter(|rs| rs.metadata.name.as_deref() != Some(&new_name))
        .cloned()
        .collect();
    if recreate {
        if olds.iter().any(|rs| rs_replicas(rs) > 0) {
            for rs in olds.clone() {
                scale(c, &d, rs, 0, replicas);
            }
        } else if !any_old_pods(c, &key.namespace, &olds) && rs_replicas(&new_rs) != replicas {
            scale(c, &d, new_rs.clone(), replicas, replicas);
        }
    } else {
        rolling(c, &d, &new_rs, &olds);
    }
    let all: Vec<ReplicaSet> = all
        .iter()
        .filter_map(|rs| {
            c.store
                .get_typed::<ReplicaSet>(&key.namespace, rs.metadata.name.as_deref().unwrap_or(""))
                .cloned()
        })
        .collect();
    cleanup(c, &d, &all, &new_name);
    update_status(c, &d, &all);
}

/// `DeploymentController.scale` for a paused Deployment (`FindActiveOrLatest`): the one
/// ReplicaSet with replicas (or, with none, the new one, else the newest) is scaled to the
/// Deployment's replicas; a saturated new ReplicaSet scales the old ones to zero. Several active
/// ReplicaSets mid-rollout are scaled in proportion upstream; here they are left as they are.
fn scale_paused(c: &mut Cluster, d: &Deployment, all: &[ReplicaSet]) {
    let spec = d.spec.clone().unwrap_or_default();
    let replicas = spec.replicas.unwrap_or(1);
    let (surge, _) = fenceposts(d);
    let max = replicas.wrapping_add(surge);
    let template = strip_hash(&spec.template);
    let is_new = |rs: &ReplicaSet| has_template(rs, &template);
    let new_rs = all.iter().find(|rs| is_new(rs));
    let active: Vec<&ReplicaSet> = all.iter().filter(|rs| rs_replicas(rs) > 0).collect();
    let target = match active.as_slice() {
        [] => new_rs.or(all.last()),
        [one] => Some(*one),
        _ => None,
    };
    if let Some(rs) = target {
        if rs_replicas(rs) != replicas {
            scale(c, d, rs.clone(), replicas, max);
        }
        return;
    }
    let saturated = new_rs.is_some_and(|rs| {
        rs_replicas(rs) == replicas
            && rs
                .status
                .as_ref()
                .and_then(|s| s.available_replicas)
                .unwrap_or(0)
                >= replicas
    });
    if saturated {
        for old in active.into_iter().filter(|rs| !is_new(rs)) {
            scale(c, d, old.clone(), 0, max);
        }
    }
}

fn any_old_pods(c: &Cluster, ns: &str, olds: &[ReplicaSet]) -> bool {
    olds.iter().any(|rs| {
        let uid = rs.metadata.uid.clone().unwrap_or_default();
        c.store
            .list_typed::<Pod>(Some(ns))
            .any(|p| is_controlled_by(&p.metadata, &uid))
    })
}

fn create_new_rs(
    c: &mut Cluster,
    d: &Deployment,
    all: &[ReplicaSet],
    replicas: i32,
    surge: i32,
) -> Option<ReplicaSet> {
    let spec = d.spec.clone().unwrap_or_default();
    let ns = d.metadata.namespace.clone().unwrap_or_default();
    let name = d.metadata.name.clone().unwrap_or_default();
    // `ComputeHash(template, status.collisionCount)`: a collision with a ReplicaSet that is not
    // this Deployment's (one relabelled out of it, or another's) bumps the count below.
    let collisions = d.status.as_ref().and_then(|s| s.collision_count);
    let hash = crate::sim::podutil::compute_hash(&spec.template, collisions);
    let mut template = spec.template.clone();
    template
        .metadata
        .get_or_insert_with(Default::default)
        .labels
        .get_or_insert_with(BTreeMap::new)
        .insert(POD_TEMPLATE_HASH.into(), hash.clone());
    let mut selector = spec.selector.clone();
    selector
        .match_labels
        .get_or_insert_with(BTreeMap::new)
        .insert(POD_TEMPLATE_HASH.into(), hash.clone());
    let mut labels = template
        .metadata
        .as_ref()
        .and_then(|m| m.labels.clone())
        .unwrap_or_default();
    labels.insert(POD_TEMPLATE_HASH.into(), hash.clone());
    let rev = all.iter().map(revision).max().unwrap_or(0) + 1;
    let d_replicas = spec.replicas.unwrap_or(1);
    let rs = ReplicaSet {
        metadata: ObjectMeta {
            name: Some(format!("{name}-{hash}")),
            namespace: Some(ns),
            labels: Some(labels),
            annotations: Some(BTreeMap::from([
                (DESIRED.to_string(), d_replicas.to_string()),
                (MAX.to_string(), d_replicas.wrapping_add(surge).to_string()),
                (REVISION.to_string(), rev.to_string()),
            ])),
            owner_references: Some(vec![controller_ref_to(d)]),
            ..Default::default()
        },
        spec: Some(ReplicaSetSpec {
            replicas: Some(replicas),
            min_ready_seconds: spec.min_ready_seconds,
            selector,
            template: Some(template),
        }),
        status: None,
    };
    match c.api_create(rs.into()) {
        Ok(o) => {
            let created: ReplicaSet =
                <ReplicaSet as crate::sim::object::Typed>::from_object(&o).cloned()?;
            event(
                c,
                d,
                "Normal",
                "ScalingReplicaSet",
                &format!("Scaled up replica set {} from 0 to {replicas}", o.name()),
                COMPONENT,
            );
            Some(created)
        }
        Err(e) if e.reason == crate::sim::api::errors::StatusReason::AlreadyExists => {
            // `getNewReplicaSet`: the set of that name is this Deployment's new one if it
            // controls it and its template is the Deployment's; otherwise a hash collision:
            // bump `status.collisionCount` (no event) and try again at the next sync, which the
            // status write wakes.
            let ns = d.metadata.namespace.as_deref().unwrap_or_default();
            let existing = c
                .store
                .get_typed::<ReplicaSet>(ns, &format!("{name}-{hash}"))
                .cloned();
            let uid = d.metadata.uid.as_deref().unwrap_or_default();
            let stripped = strip_hash(&spec.template);
            if let Some(rs) = existing
                .filter(|rs| is_controlled_by(&rs.metadata, uid) && has_template(rs, &stripped))
            {
                return Some(rs);
            }
            let key = podutil::key_of(d);
            if let Some(mut cur) = c.store.get_typed_at::<Deployment>(&key).cloned() {
                let status = cur.status.get_or_insert_with(Default::default);
                status.collision_count = Some(collisions.unwrap_or(0).saturating_add(1));
                c.write(cur);
            }
            None
        }
        Err(e) => {
            event(
                c,
                d,
                "Warning",
                "FailedCreate",
                &e.status_message(),
                COMPONENT,
            );
            None
        }
    }
}

fn scale(c: &mut Cluster, d: &Deployment, mut rs: ReplicaSet, to: i32, max: i32) {
    let from = rs_replicas(&rs);
    let d_replicas = d.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1);
    let ann = rs.metadata.annotations.get_or_insert_with(BTreeMap::new);
    let ann_changed =
        ann.get(DESIRED) != Some(&d_replicas.to_string()) || ann.get(MAX) != Some(&max.to_string());
    ann.insert(DESIRED.into(), d_replicas.to_string());
    ann.insert(MAX.into(), max.to_string());
    if from == to && !ann_changed {
        return;
    }
    rs.spec.get_or_insert_with(Default::default).replicas = Some(to);
    let name = rs.metadata.name.clone().unwrap_or_default();
    let _ = c.api_update(rs.into());
    if from != to {
        let dir = if to > from { "up" } else { "down" };
        event(
            c,
            d,
            "Normal",
            "ScalingReplicaSet",
            &format!("Scaled {dir} replica set {name} from {from} to {to}"),
            COMPONENT,
        );
    }
}

/// `rolloutRolling`: scale the new ReplicaSet up within maxSurge, then old ones down within
/// maxUnavailable.
fn rolling(c: &mut Cluster, d: &Deployment, new_rs: &ReplicaSet, olds: &[ReplicaSet]) {
    let replicas = d.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1);
    let (surge, unavailable) = fenceposts(d);
    let ns = d.metadata.namespace.clone().unwrap_or_default();
    let fresh = |c: &Cluster, rs: &ReplicaSet| {
        c.store
            .get_typed::<ReplicaSet>(&ns, rs.metadata.name.as_deref().unwrap_or(""))
            .cloned()
            .unwrap_or_else(|| rs.clone())
    };
    // reconcileNewReplicaSet
    let new_rs = fresh(c, new_rs);
    let new_count = rs_replicas(&new_rs);
    if new_count > replicas {
        scale(c, d, new_rs.clone(), replicas, replicas.wrapping_add(surge));
    } else if new_count < replicas {
        let current: i32 = olds
            .iter()
            .map(|rs| rs_replicas(&fresh(c, rs)))
            .sum::<i32>()
            + new_count;
        let max_total = replicas.wrapping_add(surge);
        if current < max_total {
            let up = (max_total - current).min(replicas - new_count);
            scale(
                c,
                d,
                new_rs.clone(),
                new_count + up,
                replicas.wrapping_add(surge),
            );
        }
    }
    // reconcileOldReplicaSets
    let new_rs = fresh(c, &new_rs);
    let olds: Vec<ReplicaSet> = olds.iter().map(|rs| fresh(c, rs)).collect();
    let old_count: i32 = olds.iter().map(rs_replicas).sum();
    if old_count == 0 {
        return;
    }
    let all_count = old_count + rs_replicas(&new_rs);
    let min_available = replicas - unavailable;
    let new_unavailable = rs_replicas(&new_rs) - rs_available(&new_rs);
    let mut max_scaled_down = all_count - min_available - new_unavailable;
    if max_scaled_down <= 0 {
        return;
    }
    // cleanupUnhealthyReplicas
    let mut olds = olds;
    for rs in olds.iter_mut() {
        if max_scaled_down <= 0 {
            break;
        }
        let unhealthy = rs_replicas(rs) - rs_available(rs);
        if unhealthy <= 0 {
            continue;
        }
        let down = unhealthy.min(max_scaled_down);
        let to = rs_replicas(rs) - down;
        scale(c, d, rs.clone(), to, replicas.wrapping_add(surge));
        *rs = fresh(c, rs);
        max_scaled_down -= down;
    }
    // scaleDownOldReplicaSetsForRollingUpdate
    let available: i32 = olds.iter().map(rs_available).sum::<i32>() + rs_available(&new_rs);
    if available <= min_available {
        return;
    }
    let mut total = available - min_available;
    for rs in olds {
        if total <= 0 {
            break;
        }
        let cur = rs_replicas(&rs);
        if cur == 0 {
            continue;
        }
        let down = cur.min(total);
        scale(c, d, rs, cur - down, replicas.wrapping_add(surge));
        total -= down;
    }
}

/// Deletes old ReplicaSets with no replicas beyond `revisionHistoryLimit`, oldest first.
fn cleanup(c: &mut Cluster, d: &Deployment, all: &[ReplicaSet], new_name: &str) {
    let limit = d
        .spec
        .as_ref()
        .and_then(|s| s.revision_history_limit)
        .unwrap_or(10)
        .max(0) as usize;
    let ns = d.metadata.namespace.clone().unwrap_or_default();
    let mut idle: Vec<&ReplicaSet> = all
        .iter()
        .filter(|rs| rs.metadata.name.as_deref() != Some(new_name))
        .filter(|rs| {
            rs_replicas(rs) == 0 && rs.status.as_ref().map(|s| s.replicas).unwrap_or(0) == 0
        })
        .collect();
    if idle.len() <= limit {
        return;
    }
    idle.sort_by_key(|rs| revision(rs));
    let n = idle.len() - limit;
    for rs in idle.into_iter().take(n) {
        let _ = c.api_delete(
            Kind::ReplicaSet,
            &ns,
            rs.metadata.name.as_deref().unwrap_or(""),
            Default::default(),
        );
    }
}

fn set_progressing(c: &mut Cluster, key: &ObjKey, reason: &str, message: &str) {
    let Some(mut d) = c.store.get_typed_at::<Deployment>(key).cloned() else {
        return;
    };
    let now = c.now_time();
    let status = d.status.get_or_insert_with(Default::default);
    set_condition(status, "Progressing", "True", reason, message, now);
    c.write(d);
}

fn set_condition(
    status: &mut DeploymentStatus,
    type_: &str,
    s: &str,
    reason: &str,
    message: &str,
    now: Time,
) {
    let conds = status.conditions.get_or_insert_with(Vec::new);
    if let Some(cond) = conds.iter_mut().find(|c| c.type_ == type_) {
        if cond.status == s
            && cond.reason.as_deref() == Some(reason)
            && cond.message.as_deref() == Some(message)
        {
            return;
        }
        if cond.status != s {
            cond.last_transition_time = Some(now.clone());
        }
        cond.status = s.into();
        cond.reason = Some(reason.into());
        cond.message = Some(message.into());
        cond.last_update_time = Some(now);
    } else {
        conds.push(DeploymentCondition {
            type_: type_.into(),
            status: s.into(),
            reason: Some(reason.into()),
            message: Some(message.into()),
            last_transition_time: Some(now.clone()),
            last_update_time: Some(now),
        });
    }
}

/// `calculateStatus` and the Available/Progressing conditions (`sync.go`, `progress.go`).
fn update_status(c: &mut Cluster, d: &Deployment, all: &[ReplicaSet]) {
    let key = podutil::key_of(d);
    let Some(mut cur) = c.store.get_typed_at::<Deployment>(&key).cloned() else {
        return;
    };
    let spec = cur.spec.clone().unwrap_or_default();
    let replicas = spec.replicas.unwrap_or(1);
    let (_, unavailable) = fenceposts(&cur);
    let template = strip_hash(&spec.template);
    let new_rs = all.iter().find(|rs| has_template(rs, &template));
    let sum = |f: &dyn Fn(&ReplicaSet) -> i32| all.iter().map(f).sum::<i32>();
    let actual = sum(&|rs| rs.status.as_ref().map(|s| s.replicas).unwrap_or(0));
    let ready = sum(&|rs| {
        rs.status
            .as_ref()
            .and_then(|s| s.ready_replicas)
            .unwrap_or(0)
    });
    let available = sum(&rs_available);
    let updated = new_rs
        .map(|rs| rs.status.as_ref().map(|s| s.replicas).unwrap_or(0))
        .unwrap_or(0);
    let now = c.now_time();
    let mut status = cur.status.clone().unwrap_or_default();
    status.observed_generation = cur.metadata.generation;
    status.replicas = Some(actual);
    status.updated_replicas = Some(updated);
    status.ready_replicas = Some(ready);
    status.available_replicas = Some(available);
    status.unavailable_replicas = Some((replicas - available).max(0));
    if available >= replicas - unavailable {
        set_condition(
            &mut status,
            "Available",
            "True",
            "MinimumReplicasAvailable",
            "Deployment has minimum availability.",
            now.clone(),
        );
    } else {
        set_condition(
            &mut status,
            "Available",
            "False",
            "MinimumReplicasUnavailable",
            "Deployment does not have minimum availability.",
            now.clone(),
        );
    }
    if let Some(rs) = new_rs {
        let name = rs.metadata.name.clone().unwrap_or_default();
        let complete = updated == replicas && available == replicas && actual == replicas;
        if complete {
            set_condition(
                &mut status,
                "Progressing",
                "True",
                "NewReplicaSetAvailable",
                &format!("ReplicaSet \"{name}\" has successfully progressed."),
                now,
            );
        } else if status
            .conditions
            .iter()
            .flatten()
            .any(|c| c.type_ == "Progressing")
        {
            let created = status.conditions.iter().flatten().any(|c| {
                c.type_ == "Progressing"
                    && c.reason.as_deref() == Some("NewReplicaSetCreated")
                    && c.message.as_deref().is_some_and(|m| m.contains(&name))
            });
            if !created {
                set_condition(
                    &mut status,
                    "Progressing",
                    "True",
                    "ReplicaSetUpdated",
                    &format!("ReplicaSet \"{name}\" is progressing."),
                    now,
                );
            }
        }
    }
    // progress.go syncRolloutStatus: the new ReplicaSet's ReplicaFailure condition (else any
    // ReplicaSet's) becomes the Deployment's, as ConditionFromReplicaSetCondition copies it.
    let failure = new_rs
        .into_iter()
        .chain(all.iter())
        .flat_map(|rs| rs.status.iter().flat_map(|s| s.conditions.iter().flatten()))
        .find(|c| c.type_ == "ReplicaFailure")
        .cloned();
    let conds = status.conditions.get_or_insert_with(Vec::new);
    match failure {
        Some(f) => {
            let cond = DeploymentCondition {
                type_: f.type_,
                status: f.status,
                reason: f.reason,
                message: f.message,
                last_update_time: f.last_transition_time.clone(),
                last_transition_time: f.last_transition_time,
            };
            // SetDeploymentCondition: unchanged status and reason keep the old condition.
            let same = conds.iter().any(|c| {
                c.type_ == cond.type_ && c.status == cond.status && c.reason == cond.reason
            });
            if !same {
                conds.retain(|c| c.type_ != "ReplicaFailure");
                conds.push(cond);
            }
        }
        None => conds.retain(|c| c.type_ != "ReplicaFailure"),
    }
    if conds.is_empty() {
        status.conditions = None;
    }
    if cur.status.as_ref() != Some(&status) {
        cur.status = Some(status);
        c.write(cur);
    }
}
