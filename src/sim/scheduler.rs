//! kube-scheduler: binds each pending pod to a node that passes every filter plugin, preferring
//! nodes with fewer pods of the same owner and more free resources; reports an unschedulable pod
//! with the `FailedScheduling` event and `PodScheduled=False` condition worded like the real one.

use crate::sim::cluster::{Cluster, Source};
use crate::sim::object::Object;
use crate::sim::podutil;
use crate::sim::predicates::{self, NodeUsage};
use crate::sim::store::ObjKey;
use k8s_openapi::api::core::v1::{Node, PersistentVolumeClaim, Pod, PodCondition};

/// The scheduler's name, which pods select with `spec.schedulerName`.
pub const SCHEDULER_NAME: &str = "default-scheduler";

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
    let nodes: Vec<Node> = c.store.list_typed::<Node>(None).cloned().collect();
    if let Some(reason) = volume_prefilter(c, &pod) {
        let total = nodes.len();
        let post = match predicates::preemption_for(&pod) {
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
        unschedulable(c, pod, &msg);
        return;
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
        .map(|(n, (u, _))| (n, u.clone()))
        .collect();
    let fit = match predicates::find_nodes_that_fit(&pod, &candidates) {
        Ok(names) => names,
        Err(msg) => {
            unschedulable(c, pod, &msg);
            return;
        }
    };
    let feasible: Vec<(usize, &Node, &NodeUsage)> = nodes
        .iter()
        .zip(usages.iter())
        .filter(|(n, _)| {
            fit.iter()
                .any(|f| Some(f.as_str()) == n.metadata.name.as_deref())
        })
        .map(|(n, (u, same))| (*same, n, u))
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
    let top: Vec<&Node> = scored
        .iter()
        .filter(|(s, _)| *s == best)
        .map(|(_, n)| *n)
        .collect();
    let pick = c.rng().below(top.len() as u64) as usize;
    let node_name = top[pick].metadata.name.clone().unwrap_or_default();
    bind(c, pod, &node_name);
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

/// What the pods bound to `node` request, and how many of them share `owner_uid`.
fn node_usage(c: &Cluster, node: &str, owner_uid: Option<&str>) -> (NodeUsage, usize) {
    let mut usage = NodeUsage::default();
    let mut same = 0;
    for p in c.store.list_typed::<Pod>(None) {
        if podutil::node_name(p) != Some(node)
            || matches!(podutil::phase(p), "Succeeded" | "Failed")
        {
            continue;
        }
        usage.add_pod(p);
        if owner_uid.is_some()
            && podutil::controller_ref(&p.metadata).map(|r| r.uid.as_str()) == owner_uid
        {
            same += 1;
        }
    }
    (usage, same)
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
