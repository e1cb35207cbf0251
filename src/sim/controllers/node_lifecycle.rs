//! Node lifecycle (`pkg/controller/nodelifecycle/node_lifecycle_controller.go`) and taint-based
//! eviction (`pkg/controller/tainteviction/taint_eviction.go`).
//!
//! A node whose kubelet stops reporting is marked `Ready=Unknown` after the node-monitor grace
//! period and tainted `node.kubernetes.io/unreachable` (NoSchedule and NoExecute); its pods are
//! marked not ready. Pods that do not tolerate a NoExecute taint are deleted at once, those that
//! tolerate it for `tolerationSeconds` (300 s by default, added at admission) when that runs out.
//! Their deletion cannot complete while the kubelet is away: they stay Terminating.

use crate::sim::cluster::{Cluster, Source};
use crate::sim::controllers::Ctrl;
use crate::sim::object::{Kind, Typed};
use crate::sim::pod::Pod;
use crate::sim::pod_status::PodCondition;
use crate::sim::podutil;
use crate::sim::store::ObjKey;
use crate::sim::taints;
use jiff::{SignedDuration, Timestamp};
use k8s_openapi::api::core::v1::{Node, Taint};

/// `--node-monitor-grace-period` (50 s since Kubernetes 1.32).
pub const NODE_MONITOR_GRACE: SignedDuration = SignedDuration::from_secs(50);
/// The taint on nodes whose kubelet stopped reporting.
pub const UNREACHABLE_TAINT: &str = "node.kubernetes.io/unreachable";
/// The taint on nodes that report NotReady.
pub const NOT_READY_TAINT: &str = "node.kubernetes.io/not-ready";

/// Reconciles one node: its health, its taints, and evictions of its pods.
pub fn reconcile(c: &mut Cluster, key: &ObjKey) {
    let Some(node) = c.store.get_typed::<Node>("", &key.name).cloned() else {
        return;
    };
    let now = c.now();
    match c.runtime.failed_nodes.get(key.name.as_str()).copied() {
        Some(since) if since + NODE_MONITOR_GRACE > now => {
            c.enqueue_at(Ctrl::NodeLifecycle, key.clone(), since + NODE_MONITOR_GRACE);
        }
        Some(_) => mark_unreachable(c, &node),
        None => mark_reachable(c, &node),
    }
    if let Some(node) = c.store.get_typed::<Node>("", &key.name).cloned() {
        evict_untolerating(c, &node);
    }
}

fn has_taint(node: &Node, key: &str, effect: &str) -> bool {
    node.spec
        .as_ref()
        .and_then(|s| s.taints.as_ref())
        .is_some_and(|ts| ts.iter().any(|t| t.key == key && t.effect == effect))
}

fn mark_unreachable(c: &mut Cluster, node: &Node) {
    let now = c.now_time();
    let name = node.metadata.name.clone().unwrap_or_default();
    let mut n = node.clone();
    let mut changed = false;
    if let Some(conds) = n.status.as_mut().and_then(|s| s.conditions.as_mut()) {
        for cond in conds.iter_mut() {
            if cond.status != "Unknown" {
                cond.status = "Unknown".into();
                cond.reason = Some("NodeStatusUnknown".into());
                cond.message = Some("Kubelet stopped posting node status.".into());
                cond.last_transition_time = Some(now.clone());
                changed = true;
            }
        }
    }
    for effect in ["NoSchedule", "NoExecute"] {
        if !has_taint(&n, UNREACHABLE_TAINT, effect) {
            let spec = n.spec.get_or_insert_with(Default::default);
            spec.taints.get_or_insert_with(Vec::new).push(Taint {
                key: UNREACHABLE_TAINT.into(),
                effect: effect.into(),
                value: None,
                time_added: (effect == "NoExecute").then(|| now.clone()),
            });
            changed = true;
        }
    }
    if changed {
        c.record_event(
            &n,
            "Normal",
            "NodeNotReady",
            &format!("Node {name} status is now: NodeNotReady"),
            Source::component("node-controller"),
        );
        c.write(n);
        // MarkPodsNotReady (pkg/controller/util/node/controller_utils.go).
        let pods: Vec<Pod> = c
            .store
            .pods_on(&name)
            .filter_map(Pod::from_object)
            .cloned()
            .collect();
        for mut p in pods {
            let mut touched = false;
            if let Some(conds) = p.status.as_mut().and_then(|s| s.conditions.as_mut()) {
                for cond in conds
                    .iter_mut()
                    .filter(|c| c.type_ == "Ready" && c.status != "False")
                {
                    cond.status = "False".into();
                    cond.last_transition_time = Some(now.clone());
                    touched = true;
                }
            }
            if touched {
                c.write(p);
            }
        }
    }
}

fn mark_reachable(c: &mut Cluster, node: &Node) {
    let unknown = node
        .status
        .as_ref()
        .and_then(|s| s.conditions.as_ref())
        .is_some_and(|cs| cs.iter().any(|c| c.type_ == "Ready" && c.status != "True"));
    if !unknown
        && !has_taint(node, UNREACHABLE_TAINT, "NoExecute")
        && !has_taint(node, UNREACHABLE_TAINT, "NoSchedule")
    {
        return;
    }
    let now = c.now_time();
    let name = node.metadata.name.clone().unwrap_or_default();
    let mut n = node.clone();
    if let Some(conds) = n.status.as_mut().and_then(|s| s.conditions.as_mut()) {
        for cond in conds.iter_mut() {
            let (status, reason, msg) = match cond.type_.as_str() {
                "Ready" => ("True", "KubeletReady", "kubelet is posting ready status"),
                "MemoryPressure" => (
                    "False",
                    "KubeletHasSufficientMemory",
                    "kubelet has sufficient memory available",
                ),
                "DiskPressure" => (
                    "False",
                    "KubeletHasNoDiskPressure",
                    "kubelet has no disk pressure",
                ),
                "PIDPressure" => (
                    "False",
                    "KubeletHasSufficientPID",
                    "kubelet has sufficient PID available",
                ),
                _ => continue,
            };
            cond.status = status.into();
            cond.reason = Some(reason.into());
            cond.message = Some(msg.into());
            cond.last_transition_time = Some(now.clone());
            cond.last_heartbeat_time = Some(now.clone());
        }
    }
    if let Some(ts) = n.spec.as_mut().and_then(|s| s.taints.as_mut()) {
        ts.retain(|t| t.key != UNREACHABLE_TAINT);
    }
    if n.spec
        .as_ref()
        .and_then(|s| s.taints.as_ref())
        .is_some_and(|t| t.is_empty())
        && let Some(s) = n.spec.as_mut()
    {
        s.taints = None;
    }
    c.record_event(
        &n,
        "Normal",
        "NodeReady",
        &format!("Node {name} status is now: NodeReady"),
        Source::kubelet(&name),
    );
    c.write(n);
    let pods: Vec<ObjKey> = c
        .store
        .pods_on(&name)
        .filter_map(Pod::from_object)
        .map(podutil::key_of)
        .collect();
    for k in pods {
        c.enqueue(Ctrl::Kubelet, k);
    }
}

/// Deletes pods that do not tolerate the node's NoExecute taints, now or when their
/// `tolerationSeconds` run out.
fn evict_untolerating(c: &mut Cluster, node: &Node) {
    let name = node.metadata.name.clone().unwrap_or_default();
    let no_execute: Vec<Taint> = node
        .spec
        .as_ref()
        .and_then(|s| s.taints.clone())
        .unwrap_or_default()
        .into_iter()
        .filter(|t| t.effect == "NoExecute")
        .collect();
    if no_execute.is_empty() {
        return;
    }
    let now = c.now();
    let pods: Vec<Pod> = c
        .store
        .pods_on(&name)
        .filter_map(Pod::from_object)
        .filter(|p| p.metadata.deletion_timestamp.is_none())
        .cloned()
        .collect();
    let mut next: Option<Timestamp> = None;
    for pod in pods {
        let tolerations = pod
            .spec
            .as_ref()
            .and_then(|s| s.tolerations.clone())
            .unwrap_or_default();
        let mut evict_at: Option<Timestamp> = None;
        let mut never = true;
        let mut untolerated = false;
        for taint in &no_execute {
            let matching: Vec<_> = tolerations
                .iter()
                .filter(|t| taints::tolerates(t, taint))
                .collect();
            if matching.is_empty() {
                untolerated = true;
                break;
            }
            // getMinTolerationTime: the smallest tolerationSeconds among matching tolerations;
            // none set means tolerated forever.
            if let Some(secs) = matching.iter().filter_map(|t| t.toleration_seconds).min() {
                never = false;
                let added = taint.time_added.as_ref().map(|t| t.0).unwrap_or(now);
                let at = added + SignedDuration::from_secs(secs.max(0));
                evict_at = Some(evict_at.map_or(at, |e: Timestamp| e.min(at)));
            }
        }
        let due = if untolerated {
            Some(now)
        } else if never {
            None
        } else {
            evict_at
        };
        match due {
            Some(at) if at <= now => evict(c, pod),
            Some(at) => next = Some(next.map_or(at, |n| n.min(at))),
            None => {}
        }
    }
    if let Some(at) = next {
        c.enqueue_at(Ctrl::NodeLifecycle, ObjKey::new(Kind::Node, "", &name), at);
    }
}

fn evict(c: &mut Cluster, mut pod: Pod) {
    let ns = pod.metadata.namespace.clone().unwrap_or_default();
    let name = pod.metadata.name.clone().unwrap_or_default();
    c.record_event(
        &pod,
        "Normal",
        "TaintManagerEviction",
        &format!("Marking for deletion Pod {ns}/{name}"),
        Source::component("taint-eviction-controller"),
    );
    let now = c.now_time();
    if let Some(status) = pod.status.as_mut() {
        let conds = status.conditions.get_or_insert_with(Vec::new);
        conds.retain(|c| c.type_ != "DisruptionTarget");
        conds.push(PodCondition {
            type_: "DisruptionTarget".into(),
            status: "True".into(),
            reason: Some("DeletionByTaintManager".into()),
            message: Some("Taint manager: deleting due to NoExecute taint".into()),
            last_transition_time: Some(now),
            ..Default::default()
        });
    }
    c.write(pod);
    let _ = c.api_delete(Kind::Pod, &ns, &name, Default::default());
}
