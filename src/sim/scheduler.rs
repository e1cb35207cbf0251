//! kube-scheduler: binds each pending pod to a node that passes every filter plugin, preferring
//! nodes with fewer pods of the same owner and more free resources; reports an unschedulable pod
//! with the `FailedScheduling` event and `PodScheduled=False` condition worded like the real one.

use crate::sim::cluster::{Cluster, Source};
use crate::sim::object::{Object, Typed};
use crate::sim::podutil;
use crate::sim::predicates::{self, NodeUsage};
use crate::sim::store::ObjKey;
use k8s_openapi::api::core::v1::{Node, PersistentVolumeClaim, Pod, PodCondition};
use std::collections::BTreeMap;

/// The scheduler's name, which pods select with `spec.schedulerName`.
pub const SCHEDULER_NAME: &str = "default-scheduler";

/// What the scheduler knows about the pods one node runs (`framework.NodeInfo`): their summed
/// requests and how many each controller owns, recomputed only when a pod on the node changes.
#[derive(Clone, Debug, Default)]
pub struct NodeInfo {
    generation: u64,
    usage: NodeUsage,
    by_controller: BTreeMap<String, usize>,
}

/// The scheduler's cache of [`NodeInfo`] by node name (the real scheduler's `Cache`).
pub type NodeCache = BTreeMap<String, NodeInfo>;

/// Brings the cached summary of every node up to date with the store.
fn refresh_cache(c: &mut Cluster) {
    let mut cache = std::mem::take(&mut c.scheduler_cache);
    let mut live = std::collections::BTreeSet::new();
    for n in c.store.list_typed::<Node>(None) {
        let name = n.metadata.name.clone().unwrap_or_default();
        let generation = c.store.node_generation(&name);
        let fresh = cache
            .get(&name)
            .is_some_and(|i| i.generation == generation && generation != 0);
        if !fresh {
            let mut info = NodeInfo {
                generation,
                ..Default::default()
            };
            for p in c.store.pods_on(&name).filter_map(Pod::from_object) {
                if matches!(podutil::phase(p), "Succeeded" | "Failed") {
                    continue;
                }
                info.usage.add_pod(p);
                if let Some(r) = podutil::controller_ref(&p.metadata) {
                    *info.by_controller.entry(r.uid.clone()).or_default() += 1;
                }
            }
            cache.insert(name.clone(), info);
        }
        live.insert(name);
    }
    cache.retain(|n, _| live.contains(n));
    c.scheduler_cache = cache;
}

/// Tries to schedule one pod.
pub fn reconcile(c: &mut Cluster, key: &ObjKey) {
    let Some(pod) = c.store.get_typed::<Pod>(&key.namespace, &key.name).cloned() else {
        return;
    };
    let spec = pod.spec.clone().unwrap_or_default();
    if spec.node_name.is_some() || pod.metadata.deletion_timestamp.is_some() {
        return;
    }
    if spec.scheduler_name.as_deref().unwrap_or(SCHEDULER_NAME) != SCHEDULER_NAME {
        return;
    }
    refresh_cache(c);
    match decide(c, &pod) {
        Ok(top) => {
            let pick = c.rng().below(top.len() as u64) as usize;
            let node_name = top.into_iter().nth(pick).unwrap_or_default();
            bind(c, pod, &node_name);
        }
        Err(msg) => unschedulable(c, pod, &msg),
    }
}

/// Filters and scores the nodes for `pod`: the best-scoring node names (one is picked at
/// random), or the `FailedScheduling` message. Reads the cluster only, borrowing nodes in place.
fn decide(c: &Cluster, pod: &Pod) -> Result<Vec<String>, String> {
    let nodes: Vec<&Node> = c.store.list_typed::<Node>(None).collect();
    if let Some(reason) = volume_prefilter(c, pod) {
        let total = nodes.len();
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
    let owner_uid = podutil::controller_ref(&pod.metadata).map(|r| r.uid.clone());
    let usages: Vec<(NodeUsage, usize)> = nodes
        .iter()
        .map(|n| {
            node_usage(
                c,
                n.metadata.name.as_deref().unwrap_or(""),
                owner_uid.as_deref(),
            )
        })
        .collect();
    let candidates: Vec<(&Node, NodeUsage)> = nodes
        .iter()
        .zip(usages.iter())
        .map(|(n, (u, _))| (*n, u.clone()))
        .collect();
    let fit: std::collections::BTreeSet<String> =
        predicates::find_nodes_that_fit(pod, &candidates)?
            .into_iter()
            .collect();
    let feasible: Vec<(usize, &Node, &NodeUsage)> = nodes
        .iter()
        .zip(usages.iter())
        .filter(|(n, _)| n.metadata.name.as_ref().is_some_and(|m| fit.contains(m)))
        .map(|(n, (u, same))| (*same, *n, u))
        .collect();
    // Score: spread pods of one owner (SelectorSpread/PodTopologySpread defaults), then the
    // least allocated node (NodeResourcesFit LeastAllocated); ties broken at random, as the
    // real scheduler does, with the cluster's seeded generator.
    let scored: Vec<(i64, &Node)> = feasible
        .iter()
        .map(|(same, n, usage)| {
            (
                -(*same as i64) * 1_000_000 - usage.pods as i64 * 1000 - usage.cpu_milli / 100,
                *n,
            )
        })
        .collect();
    let best = scored.iter().map(|(s, _)| *s).max().unwrap_or(0);
    Ok(scored
        .iter()
        .filter(|(s, _)| *s == best)
        .map(|(_, n)| n.metadata.name.clone().unwrap_or_default())
        .collect())
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
        let Some(claim) = &v.persistent_volume_claim else {
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

/// What the pods bound to `node` request, and how many of them share `owner_uid` (from the
/// cache, which [`refresh_cache`] has brought up to date).
fn node_usage(c: &Cluster, node: &str, owner_uid: Option<&str>) -> (NodeUsage, usize) {
    match c.scheduler_cache.get(node) {
        Some(info) => (
            info.usage.clone(),
            owner_uid
                .and_then(|u| info.by_controller.get(u).copied())
                .unwrap_or(0),
        ),
        None => (NodeUsage::default(), 0),
    }
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

fn bind(c: &mut Cluster, mut pod: Pod, node: &str) {
    let now = c.now_time();
    pod.spec.get_or_insert_with(Default::default).node_name = Some(node.to_string());
    set_scheduled_condition(&mut pod, true, None, now);
    let msg = format!(
        "Successfully assigned {}/{} to {node}",
        pod.metadata.namespace.as_deref().unwrap_or(""),
        pod.metadata.name.as_deref().unwrap_or("")
    );
    c.record_event(
        &Object::Pod(pod.clone()),
        "Normal",
        "Scheduled",
        &msg,
        Source::component(SCHEDULER_NAME),
    );
    c.write(pod);
}

fn unschedulable(c: &mut Cluster, mut pod: Pod, msg: &str) {
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
        &Object::Pod(pod.clone()),
        "Warning",
        "FailedScheduling",
        msg,
        Source::component(SCHEDULER_NAME),
    );
    if !unchanged {
        set_scheduled_condition(&mut pod, false, Some(msg.to_string()), now);
        c.write(pod);
    }
}
