//! The DaemonSet controller: one pod per eligible node.
//!
//! Sources (kubernetes/kubernetes):
//! - `pkg/controller/daemon/daemon_controller.go`: `syncDaemonSet`, `manage`,
//!   `podsShouldBeOnNode`, `syncNodes`, `NodeShouldRunDaemonPod`, `updateDaemonSetStatus`,
//!   `getNodesToDaemonPods`, `podByCreationTimestampAndPhase`, the failed-pod back-off.
//! - `pkg/controller/daemon/update.go`: `rollingUpdate` (maxUnavailable and maxSurge),
//!   `findUpdatedPodsOnNode`, `constructHistory`, `snapshot`, `dedupCurHistories`,
//!   `cleanupHistory`, `updatedDesiredNodeCounts`.
//! - `pkg/controller/daemon/util/daemonset_util.go`: `AddOrUpdateDaemonPodTolerations`,
//!   `CreatePodTemplate`, `IsPodUpdated`, `ReplaceDaemonSetPodNodeNameNodeAffinity`,
//!   `GetTargetNodeName`, `SurgeCount`, `UnavailableCount`.
//! - `pkg/controller/controller_utils.go` (`RealPodControl` events) and
//!   `pkg/controller/controller_ref_manager.go` (adoption and release).
//!
//! Pods are created unscheduled, pinned to their node with the required node affinity
//! `matchFields metadata.name In [node]`, and the default scheduler binds them. A pod on a node
//! that should no longer run it is deleted; a pod whose node is deleted is left to pod GC. The
//! store is always current, so upstream's expectations reduce to "a sync that created or deleted
//! pods leaves the rolling update to the next sync", which the pod changes trigger.

use crate::sim::api::admission::DAEMON_SET_TEMPLATE_GENERATION;
use crate::sim::api::errors::ApiError;
use crate::sim::cluster::Cluster;
use crate::sim::controllers::Ctrl;
use crate::sim::labels::Selector;
use crate::sim::object::{Kind, Typed};
use crate::sim::pod::{Pod, Shared};
use crate::sim::podutil::{self, controller_ref_to, event};
use crate::sim::predicates;
use crate::sim::store::ObjKey;
use crate::sim::taints::{
    self, EFFECT_NO_EXECUTE, EFFECT_NO_SCHEDULE, TAINT_NODE_DISK_PRESSURE,
    TAINT_NODE_MEMORY_PRESSURE, TAINT_NODE_NETWORK_UNAVAILABLE, TAINT_NODE_NOT_READY,
    TAINT_NODE_PID_PRESSURE, TAINT_NODE_UNREACHABLE, TAINT_NODE_UNSCHEDULABLE,
};
use jiff::{SignedDuration, Timestamp};
use k8s_openapi::api::apps::v1::{ControllerRevision, DaemonSet, DaemonSetStatus};
use k8s_openapi::api::core::v1::{
    Affinity, Node, NodeAffinity, NodeSelector, NodeSelectorRequirement, NodeSelectorTerm, PodSpec,
    PodTemplateSpec, Toleration,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::apimachinery::pkg::runtime::RawExtension;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::sync::Arc;

const COMPONENT: &str = "daemonset-controller";
/// The label tying pods and ControllerRevisions to one template (`DefaultDaemonSetUniqueLabelKey`).
pub const CONTROLLER_REVISION_HASH: &str = "controller-revision-hash";
/// The label carrying the DaemonSet's template generation (`DaemonSetTemplateGenerationKey`).
pub const POD_TEMPLATE_GENERATION: &str = "pod-template-generation";
/// `BurstReplicas`: at most this many creations or deletions per sync.
const BURST_REPLICAS: usize = 250;
/// `failedPodsBackoff` as kube-controller-manager builds it: `flowcontrol.NewBackOff(1s, 15m)`.
const BACKOFF_INITIAL: SignedDuration = SignedDuration::from_secs(1);
const BACKOFF_MAX: SignedDuration = SignedDuration::from_mins(15);

/// Event reasons (`daemon_controller.go` and `controller_utils.go`).
const FAILED_DAEMON_POD: &str = "FailedDaemonPod";
const SUCCEEDED_DAEMON_POD: &str = "SucceededDaemonPod";

/// Reconciles one DaemonSet (`syncDaemonSet`).
pub fn reconcile(c: &mut Cluster, key: &ObjKey) {
    let Some(ds) = get(c, key) else {
        return;
    };
    // A DaemonSet being deleted is left alone: its status cannot be computed reliably.
    if ds.metadata.deletion_timestamp.is_some() {
        return;
    }
    let spec = ds.spec.clone().unwrap_or_default();
    let Ok(selector) = Selector::from_label_selector(Some(&spec.selector)) else {
        return;
    };
    // The nodes are the store's, shared: a sync reads every node and writes none.
    let nodes: Vec<Arc<Node>> = c
        .store
        .list(Kind::Node, None)
        .filter_map(Node::from_object_shared)
        .cloned()
        .collect();
    podutil::claim::<Pod, _>(c, &ds, &selector, |_| true, None);
    podutil::claim::<ControllerRevision, _>(c, &ds, &selector, |_| true, None);
    let Some((hash, old)) = construct_history(c, &ds) else {
        return;
    };
    let Some(ds) = get(c, key) else {
        return;
    };
    let check = DaemonPodCheck::new(&ds);
    let acted = manage(c, &ds, &nodes, &hash, &check);
    let strategy = spec
        .update_strategy
        .as_ref()
        .and_then(|s| s.type_.as_deref())
        .unwrap_or("RollingUpdate");
    if !acted && strategy == "RollingUpdate" {
        rolling_update(c, &ds, &nodes, &hash, &check);
    }
    cleanup_history(c, &ds, old);
    update_status(c, key, &nodes, &hash, &check);
}

/// `getDaemonSetsForPod`: the DaemonSets in the pod's namespace whose selector matches it, so
/// that an orphan is adopted (and, being a second pod on its node, judged) at once.
pub fn selecting(c: &Cluster, pod: &Pod) -> Vec<(Ctrl, ObjKey)> {
    super::selecting::<DaemonSet>(c, &pod.metadata, Ctrl::DaemonSet, |d| {
        d.spec.as_ref().map(|s| &s.selector)
    })
    .collect()
}

fn get(c: &Cluster, key: &ObjKey) -> Option<DaemonSet> {
    c.store.get_typed_at::<DaemonSet>(key).cloned()
}

fn ds_uid(ds: &DaemonSet) -> String {
    ds.metadata.uid.clone().unwrap_or_default()
}

fn ds_namespace(ds: &DaemonSet) -> String {
    ds.metadata.namespace.clone().unwrap_or_default()
}

fn ds_name(ds: &DaemonSet) -> String {
    ds.metadata.name.clone().unwrap_or_default()
}

fn ds_template(ds: &DaemonSet) -> PodTemplateSpec {
    ds.spec
        .as_ref()
        .map(|s| s.template.clone())
        .unwrap_or_default()
}

fn min_ready_seconds(ds: &DaemonSet) -> i32 {
    ds.spec
        .as_ref()
        .and_then(|s| s.min_ready_seconds)
        .unwrap_or(0)
}

// ---------------------------------------------------------------------------------------------
// Which nodes should run the pod
// ---------------------------------------------------------------------------------------------

/// The tolerations `AddOrUpdateDaemonPodTolerations` gives every daemon pod: not-ready and
/// unreachable `NoExecute` forever (so node problems never evict it), the pressure and
/// unschedulable `NoSchedule` taints, and network-unavailable for host-network pods. The
/// control-plane taint is not among them.
pub fn add_or_update_daemon_pod_tolerations(spec: &mut PodSpec) {
    let mut wanted = vec![
        (TAINT_NODE_NOT_READY, EFFECT_NO_EXECUTE),
        (TAINT_NODE_UNREACHABLE, EFFECT_NO_EXECUTE),
        (TAINT_NODE_DISK_PRESSURE, EFFECT_NO_SCHEDULE),
        (TAINT_NODE_MEMORY_PRESSURE, EFFECT_NO_SCHEDULE),
        (TAINT_NODE_PID_PRESSURE, EFFECT_NO_SCHEDULE),
        (TAINT_NODE_UNSCHEDULABLE, EFFECT_NO_SCHEDULE),
    ];
    if spec.host_network == Some(true) {
        wanted.push((TAINT_NODE_NETWORK_UNAVAILABLE, EFFECT_NO_SCHEDULE));
    }
    for (key, effect) in wanted {
        add_or_update_toleration(
            spec,
            Toleration {
                key: Some(key.into()),
                operator: Some("Exists".into()),
                effect: Some(effect.into()),
                value: None,
                toleration_seconds: None,
            },
        );
    }
}

/// `v1helper.AddOrUpdateTolerationInPodSpec`: replaces the tolerations that `MatchToleration`
/// (same key, operator, value and effect) with `t`, or appends it.
fn add_or_update_toleration(spec: &mut PodSpec, t: Toleration) {
    let s = |o: &Option<String>| o.clone().unwrap_or_default();
    let same = |a: &Toleration| {
        s(&a.key) == s(&t.key)
            && s(&a.operator) == s(&t.operator)
            && s(&a.value) == s(&t.value)
            && s(&a.effect) == s(&t.effect)
    };
    let tolerations = spec.tolerations.get_or_insert_with(Vec::new);
    if tolerations.contains(&t) {
        return;
    }
    let mut replaced = false;
    for x in tolerations.iter_mut() {
        if same(x) {
            *x = t.clone();
            replaced = true;
        }
    }
    if !replaced {
        tolerations.push(t);
    }
}

/// `NewPod`: the pod the DaemonSet would run on a node, for the scheduling checks, without the
/// node's name (`NewPod` sets it as `spec.nodeName`, which none of the checks reads).
fn new_pod(ds: &DaemonSet) -> Pod {
    let template = ds_template(ds);
    let mut spec = template.spec.unwrap_or_default();
    add_or_update_daemon_pod_tolerations(&mut spec);
    let mut meta = template.metadata.unwrap_or_default();
    meta.namespace = ds.metadata.namespace.clone();
    Pod {
        metadata: meta,
        spec: Some(spec.into()),
        status: None,
    }
}

/// `NodeShouldRunDaemonPod`: `(shouldRun, shouldContinueRunning)`. The node must match the
/// template's nodeName, nodeSelector and required node affinity; every NoSchedule and
/// NoExecute taint must be tolerated for a new pod, while a pod already there keeps running as
/// long as every NoExecute taint is tolerated. Cordoning does not matter (the unschedulable
/// taint is tolerated).
pub fn node_should_run_daemon_pod(node: &Node, ds: &DaemonSet) -> (bool, bool) {
    DaemonPodCheck::new(ds).should_run(node)
}

/// What [`node_should_run_daemon_pod`] reads of a DaemonSet, made once for all the nodes a sync
/// judges (three times each): the pod `NewPod` makes for a node differs from the others only in
/// its nodeName, which the checks do not read (the template's own nodeName is compared apart).
pub struct DaemonPodCheck {
    /// The template's nodeName.
    wanted: Option<String>,
    /// The pod `NewPod` makes, with the daemon tolerations.
    pod: Pod,
}

impl DaemonPodCheck {
    /// The check for `ds`'s template as it is now.
    pub fn new(ds: &DaemonSet) -> DaemonPodCheck {
        let pod = new_pod(ds);
        let wanted = ds
            .spec
            .as_ref()
            .and_then(|s| s.template.spec.as_ref())
            .and_then(|s| s.node_name.clone());
        DaemonPodCheck { wanted, pod }
    }

    /// `NodeShouldRunDaemonPod` for `node`: see [`node_should_run_daemon_pod`].
    pub fn should_run(&self, node: &Node) -> (bool, bool) {
        let name = node.metadata.name.as_deref().unwrap_or_default();
        if self
            .wanted
            .as_deref()
            .is_some_and(|w| !w.is_empty() && w != name)
        {
            return (false, false);
        }
        if !predicates::required_node_affinity_matches(&self.pod, node) {
            return (false, false);
        }
        let taints = node
            .spec
            .as_ref()
            .and_then(|s| s.taints.as_deref())
            .unwrap_or_default();
        let tolerations = self
            .pod
            .spec
            .as_ref()
            .and_then(|s| s.tolerations.as_deref())
            .map(Vec::as_slice)
            .unwrap_or_default();
        if taints::find_untolerated(taints, tolerations, taints::do_not_schedule_taints_filter)
            .is_some()
        {
            let untolerated_no_execute =
                taints::find_untolerated(taints, tolerations, |t| t.effect == EFFECT_NO_EXECUTE);
            return (false, untolerated_no_execute.is_none());
        }
        (true, true)
    }
}

// ---------------------------------------------------------------------------------------------
// Pods of the DaemonSet
// ---------------------------------------------------------------------------------------------

/// `GetTargetNodeName`: the node a daemon pod is bound to, or pinned to by its affinity.
pub fn target_node_name(pod: &Pod) -> Option<String> {
    if let Some(n) = podutil::node_name(pod).filter(|n| !n.is_empty()) {
        return Some(n.to_string());
    }
    let terms = &pod
        .spec
        .as_ref()?
        .affinity
        .as_ref()?
        .node_affinity
        .as_ref()?
        .required_during_scheduling_ignored_during_execution
        .as_ref()?
        .node_selector_terms;
    for term in terms {
        for r in term.match_fields.iter().flatten() {
            if r.key == "metadata.name" && r.operator == "In" {
                let values = r.values.as_deref().unwrap_or_default();
                return (values.len() == 1).then(|| values[0].clone());
            }
        }
    }
    None
}

/// `getNodesToDaemonPods`: the DaemonSet's pods by target node. Terminal pods already being
/// deleted are left out unless `include_deleted_terminal`.
fn nodes_to_daemon_pods(
    c: &Cluster,
    ds: &DaemonSet,
    include_deleted_terminal: bool,
) -> BTreeMap<String, Vec<Arc<Pod>>> {
    let mut out: BTreeMap<String, Vec<Arc<Pod>>> = BTreeMap::new();
    for p in podutil::owned_pods(c, &ds_namespace(ds), &ds_uid(ds)) {
        if !include_deleted_terminal
            && podutil::is_terminal(&p)
            && p.metadata.deletion_timestamp.is_some()
        {
            continue;
        }
        if let Some(node) = target_node_name(&p) {
            out.entry(node).or_default().push(p);
        }
    }
    out
}

/// `podByCreationTimestampAndPhase`: scheduled pods first, then oldest first, then by name.
fn pod_by_creation_timestamp_and_phase(a: &Pod, b: &Pod) -> Ordering {
    let unscheduled = |p: &Pod| podutil::node_name(p).is_none_or(str::is_empty);
    let created = |p: &Pod| p.metadata.creation_timestamp.as_ref().map(|t| t.0);
    unscheduled(a)
        .cmp(&unscheduled(b))
        .then(created(a).cmp(&created(b)))
        .then_with(|| a.metadata.name.cmp(&b.metadata.name))
}

fn template_generation(ds: &DaemonSet) -> Option<i64> {
    ds.metadata
        .annotations
        .as_ref()?
        .get(DAEMON_SET_TEMPLATE_GENERATION)?
        .parse()
        .ok()
}

/// `IsPodUpdated`: the pod carries the current revision hash or template generation.
fn is_pod_updated(pod: &Pod, hash: &str, generation: Option<i64>) -> bool {
    let labels = pod.metadata.labels.clone().unwrap_or_default();
    let template_matches =
        generation.is_some_and(|g| labels.get(POD_TEMPLATE_GENERATION) == Some(&g.to_string()));
    let hash_matches =
        !hash.is_empty() && labels.get(CONTROLLER_REVISION_HASH).map(String::as_str) == Some(hash);
    hash_matches || template_matches
}

/// `CreatePodTemplate`: the template with the daemon tolerations and the generation and hash
/// labels.
fn create_pod_template(ds: &DaemonSet, hash: &str) -> PodTemplateSpec {
    let mut t = ds_template(ds);
    add_or_update_daemon_pod_tolerations(t.spec.get_or_insert_with(Default::default));
    let labels = t
        .metadata
        .get_or_insert_with(Default::default)
        .labels
        .get_or_insert_with(Default::default);
    if let Some(g) = template_generation(ds) {
        labels.insert(POD_TEMPLATE_GENERATION.into(), g.to_string());
    }
    if !hash.is_empty() {
        labels.insert(CONTROLLER_REVISION_HASH.into(), hash.into());
    }
    t
}

/// `ReplaceDaemonSetPodNodeNameNodeAffinity`: the required node affinity becomes exactly
/// `matchFields metadata.name In [node]` (other required terms are replaced; preferred terms
/// and pod (anti-)affinity stay).
pub fn replace_node_name_node_affinity(affinity: Option<Affinity>, node: &str) -> Affinity {
    let selector = NodeSelector {
        node_selector_terms: vec![NodeSelectorTerm {
            match_expressions: None,
            match_fields: Some(vec![NodeSelectorRequirement {
                key: "metadata.name".into(),
                operator: "In".into(),
                values: Some(vec![node.to_string()]),
            }]),
        }],
    };
    let mut a = affinity.unwrap_or_default();
    let na = a.node_affinity.get_or_insert_with(NodeAffinity::default);
    na.required_during_scheduling_ignored_during_execution = Some(selector);
    a
}

// ---------------------------------------------------------------------------------------------
// manage / syncNodes
// ---------------------------------------------------------------------------------------------

/// `manage`: creates the missing pods, deletes the ones that must go. Returns whether it created
/// or deleted anything.
fn manage(
    c: &mut Cluster,
    ds: &DaemonSet,
    nodes: &[Arc<Node>],
    hash: &str,
    check: &DaemonPodCheck,
) -> bool {
    let map = nodes_to_daemon_pods(c, ds, false);
    let mut need = Vec::new();
    let mut delete = Vec::new();
    for node in nodes {
        let (n, d) = pods_should_be_on_node(c, node, &map, ds, hash, check);
        need.extend(n);
        delete.extend(d);
    }
    // Unscheduled pods pinned to nodes that no longer exist: pod GC never sees them.
    for (node, pods) in &map {
        if nodes
            .iter()
            .any(|n| n.metadata.name.as_deref() == Some(node.as_str()))
        {
            continue;
        }
        for p in pods {
            if podutil::node_name(p).is_none_or(str::is_empty) {
                delete.push(p.metadata.name.clone().unwrap_or_default());
            }
        }
    }
    sync_nodes(c, ds, &delete, &need, hash)
}

fn backoff_key(ds: &DaemonSet, node: &str) -> String {
    let observed = ds
        .status
        .as_ref()
        .and_then(|s| s.observed_generation)
        .unwrap_or(0);
    format!("{}/{observed}/{node}", ds_uid(ds))
}

/// `flowcontrol.Backoff.IsInBackOffSinceUpdate`: the current delay if still waiting it out.
fn in_backoff(c: &Cluster, key: &str, now: Timestamp) -> Option<SignedDuration> {
    let (last, delay) = c.runtime.daemon_pod_backoff.get(key)?;
    let since = now.duration_since(*last);
    if since > BACKOFF_MAX * 2 {
        return None;
    }
    (since < *delay).then_some(*delay)
}

/// `flowcontrol.Backoff.Next`: 1 s, doubling to 15 min; forgotten after 30 min of quiet.
fn next_backoff(c: &mut Cluster, key: &str, now: Timestamp) {
    let delay = match c.runtime.daemon_pod_backoff.get(key) {
        Some((last, d)) if now.duration_since(*last) <= BACKOFF_MAX * 2 => {
            (*d * 2).min(BACKOFF_MAX)
        }
        _ => BACKOFF_INITIAL,
    };
    c.runtime
        .daemon_pod_backoff
        .insert(key.to_string(), (now, delay));
}

/// `podsShouldBeOnNode`: `(nodes needing a pod, pods to delete)` for one node.
fn pods_should_be_on_node(
    c: &mut Cluster,
    node: &Node,
    map: &BTreeMap<String, Vec<Arc<Pod>>>,
    ds: &DaemonSet,
    hash: &str,
    check: &DaemonPodCheck,
) -> (Vec<String>, Vec<String>) {
    let name = node.metadata.name.clone().unwrap_or_default();
    let (should_run, should_continue) = check.should_run(node);
    let pods = map.get(&name);
    let mut need = Vec::new();
    let mut delete = Vec::new();
    match pods {
        None if should_run => need.push(name),
        Some(pods) if should_continue => {
            let mut running: Vec<&Pod> = Vec::new();
            for pod in pods {
                if pod.metadata.deletion_timestamp.is_some() {
                    continue;
                }
                let pod_name = pod.metadata.name.clone().unwrap_or_default();
                let ns = ds_namespace(ds);
                match podutil::phase(pod) {
                    "Failed" => {
                        // The DaemonSet often fights a kubelet that rejects its pods: back off.
                        let key = backoff_key(ds, &name);
                        let now = c.now();
                        if let Some(delay) = in_backoff(c, &key, now) {
                            c.enqueue_after(Ctrl::DaemonSet, podutil::key_of(ds), delay);
                            continue;
                        }
                        next_backoff(c, &key, now);
                        event(
                            c,
                            ds,
                            "Warning",
                            FAILED_DAEMON_POD,
                            &format!(
                                "Found failed daemon pod {ns}/{pod_name} on node {name}, will try to kill it"
                            ),
                            COMPONENT,
                        );
                        delete.push(pod_name);
                    }
                    "Succeeded" => {
                        event(
                            c,
                            ds,
                            "Normal",
                            SUCCEEDED_DAEMON_POD,
                            &format!(
                                "Found succeeded daemon pod {ns}/{pod_name} on node {name}, will try to delete it"
                            ),
                            COMPONENT,
                        );
                        delete.push(pod_name);
                    }
                    _ => running.push(pod),
                }
            }
            running.sort_by(|a, b| pod_by_creation_timestamp_and_phase(a, b));
            if !allows_surge(ds) {
                // More than one running pod: all but the oldest go.
                delete.extend(
                    running
                        .iter()
                        .skip(1)
                        .map(|p| p.metadata.name.clone().unwrap_or_default()),
                );
            } else if running.is_empty() {
                if should_run {
                    need.push(name);
                }
            } else if running.len() > 1 {
                // Surging: keep the oldest new pod and the oldest old pod; the old one goes once
                // it is not ready or the new one is available.
                let mut oldest_new: Option<&Pod> = None;
                let mut oldest_old: Option<&Pod> = None;
                for p in &running {
                    let is_new = p
                        .metadata
                        .labels
                        .as_ref()
                        .and_then(|l| l.get(CONTROLLER_REVISION_HASH))
                        .map(String::as_str)
                        == Some(hash);
                    let slot = if is_new {
                        &mut oldest_new
                    } else {
                        &mut oldest_old
                    };
                    if slot.is_none() {
                        *slot = Some(p);
                    } else {
                        delete.push(p.metadata.name.clone().unwrap_or_default());
                    }
                }
                if let (Some(new), Some(old)) = (oldest_new, oldest_old)
                    && (!podutil::is_ready(old)
                        || podutil::is_available(new, min_ready_seconds(ds), c.now()))
                {
                    delete.push(old.metadata.name.clone().unwrap_or_default());
                }
            }
        }
        Some(pods) if !should_continue => {
            // The node should not run the pod: every daemon pod there goes.
            delete.extend(
                pods.iter()
                    .filter(|p| p.metadata.deletion_timestamp.is_none())
                    .map(|p| p.metadata.name.clone().unwrap_or_default()),
            );
        }
        _ => {}
    }
    (need, delete)
}

/// `syncNodes`: creates pods for `need` (pinned to their node) and deletes `delete`, at most
/// `BurstReplicas` of each, with `RealPodControl`'s events. Returns whether it did anything.
fn sync_nodes(
    c: &mut Cluster,
    ds: &DaemonSet,
    delete: &[String],
    need: &[String],
    hash: &str,
) -> bool {
    let ns = ds_namespace(ds);
    let template = podutil::TemplatePods::new(&create_pod_template(ds, hash));
    for node in need.iter().take(BURST_REPLICAS) {
        let mut pod = template.pod(&ns, controller_ref_to(ds));
        pod.metadata.generate_name = Some(format!("{}-", ds_name(ds)));
        let spec = pod.spec.get_or_insert_with(Default::default);
        let affinity = spec.affinity.take().map(Shared::into_inner);
        spec.affinity = Some(Shared::new(replace_node_name_node_affinity(affinity, node)));
        match c.api_create(pod.into_object()) {
            Ok(created) => event(
                c,
                ds,
                "Normal",
                "SuccessfulCreate",
                &format!("Created pod: {}", created.name()),
                COMPONENT,
            ),
            Err(e) => {
                // The namespace is being torn down: every create would fail, quietly.
                if !is_namespace_terminating(&e) {
                    event(
                        c,
                        ds,
                        "Warning",
                        "FailedCreate",
                        &format!("Error creating: {}", e.status_message()),
                        COMPONENT,
                    );
                }
                // Slow start: a failed batch skips the rest until the next sync.
                break;
            }
        }
    }
    for name in delete.iter().take(BURST_REPLICAS) {
        match c.api_delete(Kind::Pod, &ns, name, Default::default()) {
            Ok(_) => event(
                c,
                ds,
                "Normal",
                "SuccessfulDelete",
                &format!("Deleted pod: {name}"),
                COMPONENT,
            ),
            Err(e) => {
                if c.store.get(Kind::Pod, &ns, name).is_some() {
                    event(
                        c,
                        ds,
                        "Warning",
                        "FailedDelete",
                        &format!("Error deleting: {}", e.status_message()),
                        COMPONENT,
                    );
                }
            }
        }
    }
    !need.is_empty() || !delete.is_empty()
}

fn is_namespace_terminating(e: &ApiError) -> bool {
    e.status_message()
        .contains("because it is being terminated")
}

// ---------------------------------------------------------------------------------------------
// Rolling update
// ---------------------------------------------------------------------------------------------

/// `intstr.GetScaledValueFromIntOrPercent` rounding up; unparsable values count as 0.
fn scaled_up(v: Option<&IntOrString>, total: i32) -> i32 {
    match v {
        Some(IntOrString::Int(i)) => *i,
        Some(IntOrString::String(s)) => match s.strip_suffix('%').map(str::parse::<i64>) {
            Some(Ok(p)) => ((p * i64::from(total) + 99).div_euclid(100)) as i32,
            _ => 0,
        },
        None => 0,
    }
}

fn rolling_params(ds: &DaemonSet) -> Option<k8s_openapi::api::apps::v1::RollingUpdateDaemonSet> {
    let us = ds.spec.as_ref()?.update_strategy.as_ref()?;
    if us.type_.as_deref().unwrap_or("RollingUpdate") != "RollingUpdate" {
        return None;
    }
    us.rolling_update.clone()
}

/// `SurgeCount`.
fn surge_count(ds: &DaemonSet, desired: i32) -> i32 {
    rolling_params(ds).map_or(0, |r| scaled_up(r.max_surge.as_ref(), desired))
}

/// `UnavailableCount`.
fn unavailable_count(ds: &DaemonSet, desired: i32) -> i32 {
    rolling_params(ds).map_or(0, |r| scaled_up(r.max_unavailable.as_ref(), desired))
}

/// `AllowsSurge`.
fn allows_surge(ds: &DaemonSet) -> bool {
    surge_count(ds, 1) != 0
}

/// `findUpdatedPodsOnNode`: the node's (new, old) pod among those not being deleted, or `None`
/// when there is more than one of either.
fn find_updated_pods_on_node<'a>(
    ds: &DaemonSet,
    pods: &'a [Arc<Pod>],
    hash: &str,
) -> Option<(Option<&'a Pod>, Option<&'a Pod>)> {
    let generation = template_generation(ds);
    let mut new = None;
    let mut old = None;
    for p in pods
        .iter()
        .map(|p| &**p)
        .filter(|p| p.metadata.deletion_timestamp.is_none())
    {
        let slot = if is_pod_updated(p, hash, generation) {
            &mut new
        } else {
            &mut old
        };
        if slot.is_some() {
            return None;
        }
        *slot = Some(p);
    }
    Some((new, old))
}

/// `rollingUpdate`: replaces old pods without exceeding maxUnavailable unavailable nodes (or,
/// with maxSurge, by starting new pods beside the old ones). Nodes are taken in name order.
fn rolling_update(
    c: &mut Cluster,
    ds: &DaemonSet,
    nodes: &[Arc<Node>],
    hash: &str,
    check: &DaemonPodCheck,
) {
    let mut map = nodes_to_daemon_pods(c, ds, false);
    // updatedDesiredNodeCounts
    let mut desired = 0;
    for node in nodes {
        if check.should_run(node).0 {
            desired += 1;
            map.entry(node.metadata.name.clone().unwrap_or_default())
                .or_default();
        }
    }
    let mut max_unavailable = unavailable_count(ds, desired);
    let max_surge = surge_count(ds, desired);
    if desired > 0 && max_unavailable == 0 && max_surge == 0 {
        max_unavailable = 1;
    }
    let now = c.now();
    let min_ready = min_ready_seconds(ds);
    let available = |p: &Pod| podutil::is_available(p, min_ready, now);
    let node_of = |name: &str| {
        nodes
            .iter()
            .find(|n| n.metadata.name.as_deref() == Some(name))
    };
    let pod_name = |p: &Pod| p.metadata.name.clone().unwrap_or_default();

    if max_surge == 0 {
        let mut num_unavailable = 0;
        let mut allowed = Vec::new();
        let mut candidates = Vec::new();
        for pods in map.values() {
            let Some((new, old)) = find_updated_pods_on_node(ds, pods, hash) else {
                num_unavailable += 1;
                continue;
            };
            match (new, old) {
                (None, None) | (Some(_), Some(_)) => num_unavailable += 1,
                (Some(new), None) => {
                    if !available(new) {
                        num_unavailable += 1;
                    }
                }
                (None, Some(old)) => {
                    if !available(old) {
                        allowed.push(pod_name(old));
                        num_unavailable += 1;
                    } else if num_unavailable < max_unavailable {
                        candidates.push(pod_name(old));
                    }
                }
            }
        }
        let remaining = (max_unavailable - num_unavailable).max(0) as usize;
        allowed.extend(candidates.into_iter().take(remaining));
        sync_nodes(c, ds, &allowed, &[], hash);
        return;
    }

    let mut old_to_delete = Vec::new();
    let mut should_not_run_to_delete = Vec::new();
    let mut candidate_new_nodes = Vec::new();
    let mut allowed_new_nodes = Vec::new();
    let mut num_surge = 0;
    let mut num_available = 0;
    for (node_name, pods) in &map {
        let Some((new, old)) = find_updated_pods_on_node(ds, pods, hash) else {
            num_surge += 1;
            continue;
        };
        if let Some(p) = old.or(new)
            && available(p)
        {
            num_available += 1;
        }
        let should_run = || node_of(node_name).is_some_and(|n| check.should_run(n).0);
        match (new, old) {
            (_, None) => {}
            (None, Some(old)) => {
                if !available(old) {
                    if !should_run() {
                        old_to_delete.push(pod_name(old));
                        continue;
                    }
                    allowed_new_nodes.push(node_name.clone());
                } else {
                    if !should_run() {
                        should_not_run_to_delete.push(pod_name(old));
                        continue;
                    }
                    if num_surge >= max_surge {
                        continue;
                    }
                    candidate_new_nodes.push(node_name.clone());
                }
            }
            (Some(new), Some(old)) => {
                if !available(new) {
                    num_surge += 1;
                    continue;
                }
                old_to_delete.push(pod_name(old));
            }
        }
    }
    let remaining_surge = (max_surge - num_surge).max(0) as usize;
    // With surge the owner expects full availability: pods on nodes that no longer qualify go
    // only as pods elsewhere become available.
    let deletable = (num_available - desired).max(0) as usize;
    old_to_delete.extend(should_not_run_to_delete.into_iter().take(deletable));
    allowed_new_nodes.extend(candidate_new_nodes.into_iter().take(remaining_surge));
    sync_nodes(c, ds, &old_to_delete, &allowed_new_nodes, hash);
}

// ---------------------------------------------------------------------------------------------
// ControllerRevisions
// ---------------------------------------------------------------------------------------------

/// `getPatch`: what a ControllerRevision stores, `{"spec":{"template":{...,"$patch":"replace"}}}`.
fn patch(ds: &DaemonSet) -> serde_json::Value {
    let mut template = serde_json::to_value(ds_template(ds)).unwrap_or_default();
    if let Some(m) = template.as_object_mut() {
        m.insert("$patch".into(), "replace".into());
    }
    serde_json::json!({ "spec": { "template": template } })
}

fn revision_hash(cr: &ControllerRevision) -> Option<&String> {
    cr.metadata.labels.as_ref()?.get(CONTROLLER_REVISION_HASH)
}

/// `constructHistory`: the current revision's hash and the old revisions, creating the current
/// revision (`<ds>-<hash>`, revision = highest old + 1) or renumbering it when it comes back.
/// `None` after a hash collision (the collision count went up and the status write requeues).
fn construct_history(c: &mut Cluster, ds: &DaemonSet) -> Option<(String, Vec<ControllerRevision>)> {
    let uid = ds_uid(ds);
    let ns = ds_namespace(ds);
    let want = patch(ds);
    let mut current = Vec::new();
    let mut old = Vec::new();
    let histories: Vec<ControllerRevision> = c
        .store
        .list_typed::<ControllerRevision>(Some(&ns))
        .filter(|cr| podutil::is_controlled_by(&cr.metadata, &uid))
        .cloned()
        .collect();
    for mut h in histories {
        if revision_hash(&h).is_none() {
            let name = h.metadata.name.clone().unwrap_or_default();
            h.metadata
                .labels
                .get_or_insert_with(Default::default)
                .insert(CONTROLLER_REVISION_HASH.into(), name);
            c.write(h.clone());
        }
        if h.data.as_ref().map(|d| &d.0) == Some(&want) {
            current.push(h);
        } else {
            old.push(h);
        }
    }
    let next_revision = old.iter().map(|h| h.revision).max().unwrap_or(0) + 1;
    let cur = if current.is_empty() {
        snapshot(c, ds, next_revision, &want)?
    } else {
        let mut cur = dedup_current(c, ds, current);
        if cur.revision < next_revision {
            cur.revision = next_revision;
            c.write(cur.clone());
        }
        cur
    };
    Some((revision_hash(&cur).cloned().unwrap_or_default(), old))
}

/// `snapshot`: creates the ControllerRevision for the current template.
fn snapshot(
    c: &mut Cluster,
    ds: &DaemonSet,
    revision: i64,
    data: &serde_json::Value,
) -> Option<ControllerRevision> {
    let ns = ds_namespace(ds);
    let collision = ds.status.as_ref().and_then(|s| s.collision_count);
    let hash = podutil::compute_hash(&ds_template(ds), collision);
    let name = format!("{}-{hash}", ds_name(ds));
    let mut labels = ds_template(ds)
        .metadata
        .and_then(|m| m.labels)
        .unwrap_or_default();
    labels.insert(CONTROLLER_REVISION_HASH.into(), hash);
    let cr = ControllerRevision {
        metadata: ObjectMeta {
            name: Some(name.clone()),
            namespace: Some(ns.clone()),
            labels: Some(labels),
            annotations: ds.metadata.annotations.clone(),
            owner_references: Some(vec![controller_ref_to(ds)]),
            ..Default::default()
        },
        data: Some(RawExtension(data.clone())),
        revision,
    };
    match c.api_create(cr.into_object()) {
        Ok(o) => ControllerRevision::from_object(&o).cloned(),
        Err(_) => {
            let existing = c
                .store
                .get_typed::<ControllerRevision>(&ns, &name)
                .cloned()?;
            if existing.data.as_ref().map(|d| &d.0) == Some(data) {
                return Some(existing);
            }
            // A different template with the same hash: bump the collision count and retry.
            let mut fresh = c.store.get_typed::<DaemonSet>(&ns, &ds_name(ds)).cloned()?;
            let status = fresh.status.get_or_insert_with(Default::default);
            status.collision_count = Some(status.collision_count.unwrap_or(0) + 1);
            c.write(fresh);
            None
        }
    }
}

/// `dedupCurHistories`: keeps the highest revision among identical ones, relabels the pods to
/// its hash and deletes the rest.
fn dedup_current(
    c: &mut Cluster,
    ds: &DaemonSet,
    current: Vec<ControllerRevision>,
) -> ControllerRevision {
    let mut keep = current[0].clone();
    for cr in &current {
        if cr.revision >= keep.revision {
            keep = cr.clone();
        }
    }
    if current.len() == 1 {
        return keep;
    }
    let keep_hash = revision_hash(&keep).cloned().unwrap_or_default();
    // Only the pods to relabel are copied out of the store.
    let ns = ds_namespace(ds);
    let stale: Vec<Pod> = c
        .store
        .controlled_by(Kind::Pod, Some(&ns), &ds_uid(ds))
        .filter_map(Pod::from_object)
        .filter(|p| {
            p.metadata
                .labels
                .as_ref()
                .and_then(|l| l.get(CONTROLLER_REVISION_HASH))
                != Some(&keep_hash)
        })
        .cloned()
        .collect();
    for mut p in stale {
        p.metadata
            .labels
            .get_or_insert_with(Default::default)
            .insert(CONTROLLER_REVISION_HASH.into(), keep_hash.clone());
        c.write(p);
    }
    for cr in current {
        if cr.metadata.name != keep.metadata.name {
            let name = cr.metadata.name.unwrap_or_default();
            let _ = c.api_delete(
                Kind::ControllerRevision,
                &ds_namespace(ds),
                &name,
                Default::default(),
            );
        }
    }
    keep
}

/// `cleanupHistory`: deletes the oldest revisions beyond `revisionHistoryLimit`, except those
/// some pod still runs.
fn cleanup_history(c: &mut Cluster, ds: &DaemonSet, mut old: Vec<ControllerRevision>) {
    let keep = ds
        .spec
        .as_ref()
        .and_then(|s| s.revision_history_limit)
        .unwrap_or(10)
        .max(0) as usize;
    if old.len() <= keep {
        return;
    }
    let mut to_kill = old.len() - keep;
    let live: Vec<String> = nodes_to_daemon_pods(c, ds, true)
        .values()
        .flatten()
        .filter_map(|p| {
            p.metadata
                .labels
                .as_ref()
                .and_then(|l| l.get(CONTROLLER_REVISION_HASH))
                .cloned()
        })
        .collect();
    old.sort_by_key(|h| h.revision);
    for h in old {
        if to_kill == 0 {
            break;
        }
        if revision_hash(&h).is_some_and(|x| live.contains(x)) {
            continue;
        }
        let name = h.metadata.name.unwrap_or_default();
        let _ = c.api_delete(
            Kind::ControllerRevision,
            &ds_namespace(ds),
            &name,
            Default::default(),
        );
        to_kill -= 1;
    }
}

// ---------------------------------------------------------------------------------------------
// Status
// ---------------------------------------------------------------------------------------------

/// `updateDaemonSetStatus`: counts over the nodes, judging each node by its oldest pod.
/// Fields the API omits when zero (`omitempty`) are left unset then.
fn update_status(
    c: &mut Cluster,
    key: &ObjKey,
    nodes: &[Arc<Node>],
    hash: &str,
    check: &DaemonPodCheck,
) {
    let Some(mut ds) = get(c, key) else {
        return;
    };
    let map = nodes_to_daemon_pods(c, &ds, false);
    let now = c.now();
    let min_ready = min_ready_seconds(&ds);
    let generation = template_generation(&ds);
    let (mut desired, mut current, mut misscheduled) = (0, 0, 0);
    let (mut ready, mut available, mut updated) = (0, 0, 0);
    for node in nodes {
        let (should_run, _) = check.should_run(node);
        let pods = map
            .get(node.metadata.name.as_deref().unwrap_or_default())
            .filter(|p| !p.is_empty());
        match (should_run, pods) {
            (true, None) => desired += 1,
            (true, Some(pods)) => {
                desired += 1;
                current += 1;
                let mut pods: Vec<&Pod> = pods.iter().map(|p| &**p).collect();
                pods.sort_by(|a, b| pod_by_creation_timestamp_and_phase(a, b));
                let pod = pods[0];
                if podutil::is_ready(pod) {
                    ready += 1;
                    if podutil::is_available(pod, min_ready, now) {
                        available += 1;
                    }
                }
                if is_pod_updated(pod, hash, generation) {
                    updated += 1;
                }
            }
            (false, Some(_)) => misscheduled += 1,
            (false, None) => {}
        }
    }
    let old = ds.status.clone().unwrap_or_default();
    let nonzero = |n: i32| (n != 0).then_some(n);
    let status = DaemonSetStatus {
        desired_number_scheduled: desired,
        current_number_scheduled: current,
        number_misscheduled: misscheduled,
        number_ready: ready,
        number_available: nonzero(available),
        number_unavailable: nonzero(desired - available),
        updated_number_scheduled: nonzero(updated),
        observed_generation: ds.metadata.generation,
        collision_count: old.collision_count,
        conditions: old.conditions.clone(),
    };
    // Resync after minReadySeconds so that ready pods are counted available in time.
    if min_ready > 0 && ready != available {
        c.enqueue_after(
            Ctrl::DaemonSet,
            key.clone(),
            SignedDuration::from_secs(i64::from(min_ready)),
        );
    }
    if ds.status.as_ref() != Some(&status) {
        ds.status = Some(status);
        c.write(ds);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::bootstrap::{NodeOptions, node_object};
    use crate::sim::object::Object;
    use crate::sim::testutil::{cluster, create, obj};
    use k8s_openapi::api::core::v1::{Event, Taint};
    use proptest::prelude::*;

    /// `https://kubernetes.io/examples/controllers/daemonset.yaml` from the DaemonSet concept page.
    const FLUENTD: &str = r#"
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: fluentd-elasticsearch
  namespace: kube-system
  labels:
    k8s-app: fluentd-logging
spec:
  selector:
    matchLabels:
      name: fluentd-elasticsearch
  template:
    metadata:
      labels:
        name: fluentd-elasticsearch
    spec:
      tolerations:
      # these tolerations are to have the daemonset runnable on control plane nodes
      # remove them if your control plane nodes should not run pods
      - key: node-role.kubernetes.io/control-plane
        operator: Exists
        effect: NoSchedule
      - key: node-role.kubernetes.io/master
        operator: Exists
        effect: NoSchedule
      containers:
      - name: fluentd-elasticsearch
        image: quay.io/fluentd_elasticsearch/fluentd:v2.5.2
        resources:
          limits:
            memory: 200Mi
          requests:
            cpu: 100m
            memory: 200Mi
        volumeMounts:
        - name: varlog
          mountPath: /var/log
      # it may be desirable to set this to a value greater than the default of 30s.
      terminationGracePeriodSeconds: 30
      volumes:
      - name: varlog
        hostPath:
          path: /var/log
"#;

    /// A DaemonSet without the control-plane toleration.
    fn agent(extra_spec: &str, strategy: &str) -> String {
        format!(
            r#"
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels:
      app: agent
{strategy}
  template:
    metadata:
      labels:
        app: agent
    spec:
{extra_spec}
      containers:
      - name: agent
        image: busybox:1.36
        command: ["sleep", "infinity"]
"#
        )
    }

    fn ds(c: &Cluster, ns: &str, name: &str) -> DaemonSet {
        c.store.get_typed::<DaemonSet>(ns, name).cloned().unwrap()
    }

    fn status(c: &Cluster, ns: &str, name: &str) -> DaemonSetStatus {
        ds(c, ns, name).status.unwrap()
    }

    fn pods(c: &Cluster, ns: &str, name: &str) -> Vec<Pod> {
        let uid = ds_uid(&ds(c, ns, name));
        podutil::owned_pods(c, ns, &uid)
            .into_iter()
            .map(Arc::unwrap_or_clone)
            .collect()
    }

    /// Node name of every pod not being deleted, sorted.
    fn live_nodes(c: &Cluster, ns: &str, name: &str) -> Vec<String> {
        let mut v: Vec<String> = pods(c, ns, name)
            .iter()
            .filter(|p| p.metadata.deletion_timestamp.is_none())
            .map(|p| podutil::node_name(p).unwrap_or("<none>").to_string())
            .collect();
        v.sort();
        v
    }

    fn events(c: &Cluster, ns: &str, reason: &str) -> Vec<String> {
        c.store
            .list_typed::<Event>(Some(ns))
            .filter(|e| e.reason.as_deref() == Some(reason))
            .map(|e| e.message.clone().unwrap_or_default())
            .collect()
    }

    fn node(c: &Cluster, name: &str) -> Node {
        c.store.get_typed::<Node>("", name).cloned().unwrap()
    }

    fn edit_node(c: &mut Cluster, name: &str, f: impl FnOnce(&mut Node)) {
        let mut n = node(c, name);
        f(&mut n);
        c.api_write(Object::Node(std::sync::Arc::new(n)));
        c.settle();
    }

    fn add_taint(c: &mut Cluster, name: &str, key: &str, effect: &str) {
        edit_node(c, name, |n| {
            n.spec
                .get_or_insert_with(Default::default)
                .taints
                .get_or_insert_with(Vec::new)
                .push(Taint {
                    key: key.into(),
                    value: None,
                    effect: effect.into(),
                    time_added: None,
                });
        });
    }

    fn add_node(c: &mut Cluster, name: &str, index: usize) {
        let n = node_object(c, name, index, &NodeOptions::default());
        c.api_write(Object::Node(std::sync::Arc::new(n)));
        c.settle();
    }

    fn secs(s: i64) -> SignedDuration {
        SignedDuration::from_secs(s)
    }

    const ALL_NODES: [&str; 4] = [
        "kubetutor-control-plane",
        "worker-1",
        "worker-2",
        "worker-3",
    ];

    fn control_plane(c: &Cluster) -> String {
        c.store
            .list_typed::<Node>(None)
            .find(|n| {
                n.metadata
                    .labels
                    .as_ref()
                    .is_some_and(|l| l.contains_key("node-role.kubernetes.io/control-plane"))
            })
            .and_then(|n| n.metadata.name.clone())
            .unwrap()
    }

    // The DaemonSet concept page: the fluentd-elasticsearch example tolerates the control-plane
    // taint and so runs on every node, the control plane included.
    #[test]
    fn docs_fluentd_example_runs_on_every_node() {
        let mut c = cluster();
        let cp = control_plane(&c);
        create(&mut c, FLUENTD);
        c.advance(secs(60));
        let ns = "kube-system";
        let name = "fluentd-elasticsearch";
        let mut expected: Vec<String> = c
            .store
            .list_typed::<Node>(None)
            .map(|n| n.metadata.name.clone().unwrap())
            .collect();
        expected.sort();
        assert!(expected.contains(&cp));
        assert_eq!(expected.len(), ALL_NODES.len());
        assert_eq!(live_nodes(&c, ns, name), expected);
        let d = ds(&c, ns, name);
        assert_eq!(
            d.metadata.annotations.as_ref().unwrap()[DAEMON_SET_TEMPLATE_GENERATION],
            "1"
        );
        let revisions: Vec<ControllerRevision> = c
            .store
            .list_typed::<ControllerRevision>(Some(ns))
            .cloned()
            .collect();
        assert_eq!(revisions.len(), 1);
        let hash = revision_hash(&revisions[0]).unwrap().clone();
        assert_eq!(
            revisions[0].metadata.name.as_deref(),
            Some(format!("{name}-{hash}").as_str())
        );
        assert_eq!(revisions[0].revision, 1);
        for p in pods(&c, ns, name) {
            let pname = p.metadata.name.clone().unwrap();
            assert!(pname.starts_with("fluentd-elasticsearch-"));
            assert_eq!(pname.len(), "fluentd-elasticsearch-".len() + 5);
            let labels = p.metadata.labels.clone().unwrap();
            assert_eq!(labels[CONTROLLER_REVISION_HASH], hash);
            assert_eq!(labels[POD_TEMPLATE_GENERATION], "1");
            assert_eq!(labels["name"], "fluentd-elasticsearch");
            let owner = podutil::controller_ref(&p.metadata).unwrap();
            assert_eq!(
                (owner.kind.as_str(), owner.name.as_str()),
                ("DaemonSet", name)
            );
            // Pinned to its node by required node affinity, bound by the scheduler.
            assert_eq!(
                target_node_name(&p),
                podutil::node_name(&p).map(String::from)
            );
            let spec = p.spec.clone().unwrap();
            let tols = spec.tolerations.unwrap();
            for key in [TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE] {
                let t = tols.iter().find(|t| t.key.as_deref() == Some(key)).unwrap();
                assert_eq!(t.toleration_seconds, None, "{key} tolerated forever");
                assert_eq!(t.effect.as_deref(), Some("NoExecute"));
            }
            assert!(
                !tols
                    .iter()
                    .any(|t| t.key.as_deref() == Some(TAINT_NODE_NETWORK_UNAVAILABLE)),
                "network-unavailable only for hostNetwork pods"
            );
            assert_eq!(podutil::phase(&p), "Running");
        }
        let st = status(&c, ns, name);
        assert_eq!(
            (
                st.desired_number_scheduled,
                st.current_number_scheduled,
                st.number_ready,
                st.number_available,
                st.number_unavailable,
                st.updated_number_scheduled,
                st.number_misscheduled,
                st.observed_generation,
            ),
            (4, 4, 4, Some(4), None, Some(4), 0, Some(1))
        );
        let created = events(&c, ns, "SuccessfulCreate");
        assert_eq!(created.len(), 4);
        assert!(
            created
                .iter()
                .all(|m| m.starts_with("Created pod: fluentd-elasticsearch-"))
        );
    }

    // "If you do not specify ... the DaemonSet controller will create Pods on all nodes" except
    // those with taints it does not tolerate: kubeadm's control-plane taint is not tolerated
    // automatically.
    #[test]
    fn without_control_plane_toleration_runs_on_workers_only() {
        let mut c = cluster();
        create(&mut c, &agent("", ""));
        c.advance(secs(30));
        assert_eq!(
            live_nodes(&c, "default", "agent"),
            ["worker-1", "worker-2", "worker-3"]
        );
        let st = status(&c, "default", "agent");
        assert_eq!(st.desired_number_scheduled, 3);
        assert_eq!(st.number_ready, 3);
        assert_eq!(st.number_misscheduled, 0);
    }

    // "As nodes are added to the cluster, Pods are added to them. As nodes are removed from the
    // cluster, those Pods are garbage collected."
    #[test]
    fn node_added_gets_a_pod_and_node_removed_loses_it_to_pod_gc() {
        let mut c = cluster();
        create(&mut c, &agent("", ""));
        c.advance(secs(30));
        add_node(&mut c, "worker-4", 4);
        c.advance(secs(30));
        assert_eq!(
            live_nodes(&c, "default", "agent"),
            ["worker-1", "worker-2", "worker-3", "worker-4"]
        );
        assert_eq!(status(&c, "default", "agent").number_available, Some(4));

        c.api_delete(Kind::Node, "", "worker-2", Default::default())
            .unwrap();
        c.settle();
        let st = status(&c, "default", "agent");
        assert_eq!(
            (st.desired_number_scheduled, st.current_number_scheduled),
            (3, 3)
        );
        // The pod stays until pod GC's quarantine runs out.
        assert!(live_nodes(&c, "default", "agent").contains(&"worker-2".to_string()));
        c.advance(secs(45));
        assert_eq!(
            live_nodes(&c, "default", "agent"),
            ["worker-1", "worker-3", "worker-4"]
        );
    }

    // nodeSelector: "the DaemonSet controller will create Pods on nodes which match that node
    // selector"; a node relabelled so it no longer matches loses its pod.
    #[test]
    fn node_selector_follows_relabelling() {
        let mut c = cluster();
        create(
            &mut c,
            &agent("      nodeSelector:\n        disktype: ssd", ""),
        );
        c.advance(secs(10));
        assert!(live_nodes(&c, "default", "agent").is_empty());
        assert_eq!(status(&c, "default", "agent").desired_number_scheduled, 0);
        for n in ["worker-1", "worker-3"] {
            edit_node(&mut c, n, |n| {
                n.metadata
                    .labels
                    .get_or_insert_with(Default::default)
                    .insert("disktype".into(), "ssd".into());
            });
        }
        c.advance(secs(10));
        assert_eq!(live_nodes(&c, "default", "agent"), ["worker-1", "worker-3"]);
        edit_node(&mut c, "worker-1", |n| {
            n.metadata.labels.as_mut().unwrap().remove("disktype");
        });
        assert_eq!(live_nodes(&c, "default", "agent"), ["worker-3"]);
        assert!(
            events(&c, "default", "SuccessfulDelete")
                .iter()
                .any(|m| m.starts_with("Deleted pod: agent-"))
        );
        c.advance(secs(40));
        assert_eq!(pods(&c, "default", "agent").len(), 1);
        let st = status(&c, "default", "agent");
        assert_eq!((st.desired_number_scheduled, st.number_ready), (1, 1));
    }

    // Daemon pods tolerate `node.kubernetes.io/unschedulable:NoSchedule`: "the DaemonSet
    // controller can create pods on cordoned nodes".
    #[test]
    fn cordoned_node_still_gets_a_pod() {
        let mut c = cluster();
        edit_node(&mut c, "worker-2", |n| {
            n.spec.get_or_insert_with(Default::default).unschedulable = Some(true);
        });
        add_taint(
            &mut c,
            "worker-2",
            TAINT_NODE_UNSCHEDULABLE,
            EFFECT_NO_SCHEDULE,
        );
        create(&mut c, &agent("", ""));
        c.advance(secs(30));
        assert_eq!(
            live_nodes(&c, "default", "agent"),
            ["worker-1", "worker-2", "worker-3"]
        );
        assert_eq!(status(&c, "default", "agent").number_ready, 3);
    }

    // The unreachable NoExecute toleration has no tolerationSeconds: taint-based eviction never
    // removes a daemon pod. The node's unreachable:NoSchedule taint is not tolerated, so the
    // node stops counting as desired and its pod counts as misscheduled.
    #[test]
    fn node_failure_leaves_the_daemon_pod_in_place() {
        let mut c = cluster();
        create(&mut c, &agent("", ""));
        c.advance(secs(30));
        let before = pods(&c, "default", "agent");
        let now = c.now();
        c.runtime.failed_nodes.insert("worker-1".into(), now);
        c.enqueue(Ctrl::NodeLifecycle, ObjKey::new(Kind::Node, "", "worker-1"));
        c.advance(secs(600));
        let after = pods(&c, "default", "agent");
        assert_eq!(before.len(), after.len());
        assert!(
            after
                .iter()
                .all(|p| p.metadata.deletion_timestamp.is_none())
        );
        assert!(events(&c, "default", "TaintManagerEviction").is_empty());
        let st = status(&c, "default", "agent");
        assert_eq!(
            (
                st.desired_number_scheduled,
                st.current_number_scheduled,
                st.number_misscheduled
            ),
            (2, 2, 1)
        );
    }

    // `NodeShouldRunDaemonPod`: an untolerated NoExecute taint means the pod must not even keep
    // running; an untolerated NoSchedule taint only stops new pods.
    #[test]
    fn taints_stop_or_remove_daemon_pods() {
        let mut c = cluster();
        create(&mut c, &agent("", ""));
        c.advance(secs(30));
        add_taint(&mut c, "worker-2", "dedicated", EFFECT_NO_SCHEDULE);
        c.advance(secs(5));
        assert_eq!(
            live_nodes(&c, "default", "agent"),
            ["worker-1", "worker-2", "worker-3"]
        );
        let st = status(&c, "default", "agent");
        assert_eq!(
            (st.desired_number_scheduled, st.number_misscheduled),
            (2, 1)
        );

        add_taint(&mut c, "worker-3", "evict", EFFECT_NO_EXECUTE);
        assert_eq!(live_nodes(&c, "default", "agent"), ["worker-1", "worker-2"]);
        c.advance(secs(60));
        assert_eq!(
            pods(&c, "default", "agent").len(),
            2,
            "not recreated on worker-3"
        );
        let st = status(&c, "default", "agent");
        assert_eq!(
            (st.desired_number_scheduled, st.number_misscheduled),
            (1, 1)
        );
    }

    // `podsShouldBeOnNode`: more than one running daemon pod on a node, all but the oldest go.
    #[test]
    fn extra_pod_on_a_node_is_deleted() {
        let mut c = cluster();
        create(&mut c, &agent("", ""));
        c.advance(secs(30));
        let original = pods(&c, "default", "agent")
            .into_iter()
            .find(|p| podutil::node_name(p) == Some("worker-1"))
            .unwrap();
        c.advance(secs(5));
        // An orphan with matching labels is adopted, then found to be a second pod there.
        create(
            &mut c,
            r#"
apiVersion: v1
kind: Pod
metadata:
  name: stray
  labels:
    app: agent
spec:
  nodeName: worker-1
  containers:
  - name: agent
    image: busybox:1.36
"#,
        );
        // The newest goes (it had not started yet, so the kubelet removes it at once).
        let stray = c.store.get_typed::<Pod>("default", "stray");
        assert!(stray.is_none_or(|p| p.metadata.deletion_timestamp.is_some()));
        assert!(events(&c, "default", "SuccessfulDelete").contains(&"Deleted pod: stray".into()));
        let kept = c
            .store
            .get_typed::<Pod>("default", original.metadata.name.as_deref().unwrap())
            .unwrap();
        assert!(kept.metadata.deletion_timestamp.is_none());
    }

    // Failed daemon pods are deleted (with a FailedDaemonPod warning) and replaced.
    #[test]
    fn failed_daemon_pod_is_replaced() {
        let mut c = cluster();
        create(&mut c, &agent("", ""));
        c.advance(secs(30));
        let mut victim = pods(&c, "default", "agent")
            .into_iter()
            .find(|p| podutil::node_name(p) == Some("worker-3"))
            .unwrap();
        let vname = victim.metadata.name.clone().unwrap();
        victim.status.as_mut().unwrap().phase = Some("Failed".into());
        c.write(victim);
        c.settle();
        assert_eq!(
            events(&c, "default", FAILED_DAEMON_POD),
            [format!(
                "Found failed daemon pod default/{vname} on node worker-3, will try to kill it"
            )]
        );
        c.advance(secs(30));
        let now_there: Vec<Pod> = pods(&c, "default", "agent")
            .into_iter()
            .filter(|p| podutil::node_name(p) == Some("worker-3"))
            .collect();
        assert_eq!(now_there.len(), 1);
        assert_ne!(now_there[0].metadata.name.as_deref(), Some(vname.as_str()));
        assert_eq!(podutil::phase(&now_there[0]), "Running");
    }

    fn set_image(c: &mut Cluster, ns: &str, name: &str, image: &str) {
        let mut d = ds(c, ns, name);
        d.spec
            .as_mut()
            .unwrap()
            .template
            .spec
            .as_mut()
            .unwrap()
            .containers[0]
            .image = Some(image.into());
        c.api_update(d.into_object()).unwrap();
        c.settle();
    }

    fn image_of(p: &Pod) -> String {
        p.spec.as_ref().unwrap().containers[0]
            .image
            .clone()
            .unwrap()
    }

    // "With RollingUpdate update strategy, after you update a DaemonSet template, old DaemonSet
    // pods will be killed, and new DaemonSet pods will be created automatically, in a controlled
    // fashion. At most one pod of the DaemonSet will be running on each node during the whole
    // update process" (maxUnavailable 1, maxSurge 0 by default).
    #[test]
    fn rolling_update_replaces_one_node_at_a_time() {
        let mut c = cluster();
        create(&mut c, &agent("", ""));
        c.advance(secs(30));
        set_image(&mut c, "default", "agent", "busybox:1.37");
        let d = ds(&c, "default", "agent");
        assert_eq!(d.metadata.generation, Some(2));
        assert_eq!(
            d.metadata.annotations.as_ref().unwrap()[DAEMON_SET_TEMPLATE_GENERATION],
            "2"
        );
        let mut replaced_order = Vec::new();
        for _ in 0..300 {
            let ps = pods(&c, "default", "agent");
            let mut per_node: BTreeMap<String, usize> = BTreeMap::new();
            for p in &ps {
                *per_node
                    .entry(target_node_name(p).unwrap_or_default())
                    .or_default() += 1;
            }
            assert!(per_node.values().all(|n| *n == 1), "{per_node:?}");
            let unavailable = ps
                .iter()
                .filter(|p| {
                    !podutil::is_available(p, 0, c.now()) || p.metadata.deletion_timestamp.is_some()
                })
                .count();
            assert!(unavailable <= 1, "at most maxUnavailable=1 node down");
            for p in &ps {
                let n = podutil::node_name(p).unwrap_or_default().to_string();
                if image_of(p) == "busybox:1.37" && !replaced_order.contains(&n) && !n.is_empty() {
                    replaced_order.push(n);
                }
            }
            c.advance(secs(1));
        }
        assert_eq!(replaced_order, ["worker-1", "worker-2", "worker-3"]);
        let ps = pods(&c, "default", "agent");
        assert_eq!(ps.len(), 3);
        assert!(ps.iter().all(|p| image_of(p) == "busybox:1.37"));
        let st = status(&c, "default", "agent");
        assert_eq!(
            (
                st.updated_number_scheduled,
                st.number_available,
                st.observed_generation
            ),
            (Some(3), Some(3), Some(2))
        );
        let mut revs: Vec<i64> = c
            .store
            .list_typed::<ControllerRevision>(Some("default"))
            .map(|r| r.revision)
            .collect();
        revs.sort();
        assert_eq!(revs, [1, 2]);
        assert!(
            ps.iter()
                .all(|p| p.metadata.labels.as_ref().unwrap()[POD_TEMPLATE_GENERATION] == "2")
        );
    }

    // maxSurge: the new pod starts beside the old one, which goes once the new one is available.
    #[test]
    fn rolling_update_with_surge_keeps_old_pod_until_new_is_available() {
        let mut c = cluster();
        create(
            &mut c,
            &agent(
                "",
                "  updateStrategy:\n    rollingUpdate:\n      maxSurge: 1\n      maxUnavailable: 0",
            ),
        );
        c.advance(secs(30));
        set_image(&mut c, "default", "agent", "busybox:1.37");
        for _ in 0..300 {
            let ps = pods(&c, "default", "agent");
            let available = ps
                .iter()
                .filter(|p| {
                    p.metadata.deletion_timestamp.is_none() && podutil::is_available(p, 0, c.now())
                })
                .count();
            assert!(available >= 3, "maxUnavailable 0: {available}");
            c.advance(secs(1));
        }
        let ps: Vec<Pod> = pods(&c, "default", "agent");
        assert_eq!(ps.len(), 3);
        assert!(ps.iter().all(|p| image_of(p) == "busybox:1.37"));
    }

    // OnDelete: "new DaemonSet pods will only be created when you manually delete old
    // DaemonSet pods".
    #[test]
    fn on_delete_waits_for_manual_deletion() {
        let mut c = cluster();
        create(&mut c, &agent("", "  updateStrategy:\n    type: OnDelete"));
        c.advance(secs(30));
        set_image(&mut c, "default", "agent", "busybox:1.37");
        c.advance(secs(60));
        let ps = pods(&c, "default", "agent");
        assert!(ps.iter().all(|p| image_of(p) == "busybox:1.36"));
        assert_eq!(
            status(&c, "default", "agent").updated_number_scheduled,
            None
        );
        let on_w1 = ps
            .iter()
            .find(|p| podutil::node_name(p) == Some("worker-1"))
            .unwrap();
        c.api_delete(
            Kind::Pod,
            "default",
            on_w1.metadata.name.as_deref().unwrap(),
            Default::default(),
        )
        .unwrap();
        c.advance(secs(60));
        let ps = pods(&c, "default", "agent");
        let new: Vec<String> = ps
            .iter()
            .filter(|p| image_of(p) == "busybox:1.37")
            .map(|p| podutil::node_name(p).unwrap().to_string())
            .collect();
        assert_eq!(new, ["worker-1"]);
        assert_eq!(
            status(&c, "default", "agent").updated_number_scheduled,
            Some(1)
        );
    }

    // Deleting the DaemonSet (background cascade) removes its pods and ControllerRevisions, which
    // it owns.
    #[test]
    fn deleting_the_daemonset_removes_pods_and_revisions() {
        let mut c = cluster();
        create(&mut c, &agent("", ""));
        c.advance(secs(30));
        c.api_delete(Kind::DaemonSet, "default", "agent", Default::default())
            .unwrap();
        c.advance(secs(60));
        assert_eq!(c.store.list(Kind::Pod, Some("default")).count(), 0);
        assert_eq!(
            c.store
                .list(Kind::ControllerRevision, Some("default"))
                .count(),
            0
        );
    }

    // `failedPodsBackoff = flowcontrol.NewBackOff(1s, 15m)`: the delay doubles per failure up to
    // 15 min and is forgotten after twice that without failures.
    #[test]
    fn failed_pod_backoff_doubles_caps_and_expires() {
        let mut c = cluster();
        let t0 = c.now();
        let key = "uid/1/worker-1";
        assert_eq!(in_backoff(&c, key, t0), None);
        let mut delays = Vec::new();
        let mut t = t0;
        for _ in 0..12 {
            next_backoff(&mut c, key, t);
            let d = in_backoff(&c, key, t).unwrap();
            delays.push(d.as_secs());
            assert_eq!(
                in_backoff(&c, key, t + d),
                None,
                "over once the delay has passed"
            );
            t += d;
        }
        assert_eq!(&delays[..5], [1, 2, 4, 8, 16]);
        assert_eq!(*delays.last().unwrap(), 900);
        next_backoff(&mut c, key, t + SignedDuration::from_mins(31));
        assert_eq!(
            in_backoff(&c, key, t + SignedDuration::from_mins(31)),
            Some(secs(1))
        );
    }

    #[test]
    fn daemon_tolerations_replace_matching_and_add_network_for_host_network() {
        let mut spec = PodSpec {
            host_network: Some(true),
            tolerations: Some(vec![Toleration {
                key: Some(TAINT_NODE_UNREACHABLE.into()),
                operator: Some("Exists".into()),
                effect: Some("NoExecute".into()),
                toleration_seconds: Some(60),
                value: None,
            }]),
            ..Default::default()
        };
        add_or_update_daemon_pod_tolerations(&mut spec);
        let tols = spec.tolerations.unwrap();
        assert_eq!(tols.len(), 7);
        assert_eq!(tols[0].key.as_deref(), Some(TAINT_NODE_UNREACHABLE));
        assert_eq!(tols[0].toleration_seconds, None);
        assert!(
            tols.iter()
                .any(|t| t.key.as_deref() == Some(TAINT_NODE_NETWORK_UNAVAILABLE))
        );
    }

    #[test]
    fn node_affinity_replaces_required_terms_only() {
        let a: Affinity = serde_json::from_value(serde_json::json!({
            "nodeAffinity": {
                "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
                    {"matchExpressions": [{"key": "disktype", "operator": "In", "values": ["ssd"]}]}
                ]},
                "preferredDuringSchedulingIgnoredDuringExecution": [
                    {"weight": 1, "preference": {"matchExpressions": [{"key": "zone", "operator": "Exists"}]}}
                ]
            }
        }))
        .unwrap();
        let got =
            serde_json::to_value(replace_node_name_node_affinity(Some(a), "worker-1")).unwrap();
        assert_eq!(
            got["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"],
            serde_json::json!({"nodeSelectorTerms": [
                {"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["worker-1"]}]}
            ]})
        );
        assert!(got["nodeAffinity"]["preferredDuringSchedulingIgnoredDuringExecution"].is_array());
    }

    #[test]
    fn should_run_checks_template_node_name_and_affinity() {
        let mut c = cluster();
        let d = match obj(&agent("      nodeName: worker-2", "")) {
            Object::DaemonSet(d) => d,
            _ => unreachable!(),
        };
        assert_eq!(
            node_should_run_daemon_pod(&node(&c, "worker-1"), &d),
            (false, false)
        );
        assert_eq!(
            node_should_run_daemon_pod(&node(&c, "worker-2"), &d),
            (true, true)
        );
        let cp = control_plane(&c);
        assert_eq!(
            node_should_run_daemon_pod(&node(&c, &cp), &d),
            (false, false)
        );
        let d = match obj(&agent("", "")) {
            Object::DaemonSet(d) => d,
            _ => unreachable!(),
        };
        // The control-plane taint is NoSchedule: not a new pod, but one there may stay.
        assert_eq!(
            node_should_run_daemon_pod(&node(&c, &cp), &d),
            (false, true)
        );
        c.settle();
    }

    #[derive(Clone, Debug)]
    enum Op {
        AddNode,
        RemoveNode(usize),
        Label(usize, bool),
        Taint(usize, bool),
        Untaint(usize),
        Cordon(usize, bool),
        Advance(i64),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            Just(Op::AddNode),
            (0..8usize).prop_map(Op::RemoveNode),
            (0..8usize, any::<bool>()).prop_map(|(i, b)| Op::Label(i, b)),
            (0..8usize, any::<bool>()).prop_map(|(i, b)| Op::Taint(i, b)),
            (0..8usize).prop_map(Op::Untaint),
            (0..8usize, any::<bool>()).prop_map(|(i, b)| Op::Cordon(i, b)),
            (1..40i64).prop_map(Op::Advance),
        ]
    }

    fn pick(c: &Cluster, i: usize) -> Option<String> {
        let names: Vec<String> = c
            .store
            .list_typed::<Node>(None)
            .filter_map(|n| n.metadata.name.clone())
            .collect();
        (!names.is_empty()).then(|| names[i % names.len()].clone())
    }

    /// Pods of the DaemonSet per target node, counting every pod not yet Failed/Succeeded
    /// (terminating ones included).
    fn per_node(c: &Cluster) -> BTreeMap<String, usize> {
        let mut m = BTreeMap::new();
        for p in pods(c, "default", "agent") {
            if podutil::is_terminal(&p) {
                continue;
            }
            *m.entry(target_node_name(&p).unwrap_or_default())
                .or_default() += 1;
        }
        m
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        // One pod per node at most, always; once settled, exactly one on every node that
        // should run it and none on a node where it may not even keep running.
        #[test]
        fn at_most_one_pod_per_node_and_every_eligible_node_covered(
            ops in proptest::collection::vec(op(), 1..14)
        ) {
            let mut c = cluster();
            create(&mut c, &agent("      nodeSelector:\n        agent: \"yes\"", ""));
            for n in ["worker-1", "worker-2", "worker-3"] {
                edit_node(&mut c, n, |n| {
                    n.metadata.labels.get_or_insert_with(Default::default).insert("agent".into(), "yes".into());
                });
            }
            let mut added = 0;
            for o in ops {
                match o {
                    Op::AddNode => {
                        added += 1;
                        let name = format!("extra-{added}");
                        let mut opts = NodeOptions::default();
                        opts.labels.insert("agent".into(), "yes".into());
                        let n = node_object(&mut c, &name, 4 + added, &opts);
                        c.api_write(Object::Node(std::sync::Arc::new(n)));
                    }
                    Op::RemoveNode(i) => {
                        if let Some(n) = pick(&c, i) {
                            let _ = c.api_delete(Kind::Node, "", &n, Default::default());
                        }
                    }
                    Op::Label(i, on) => if let Some(n) = pick(&c, i) {
                        edit_node(&mut c, &n, |n| {
                            let l = n.metadata.labels.get_or_insert_with(Default::default);
                            if on { l.insert("agent".into(), "yes".into()); } else { l.remove("agent"); }
                        });
                    },
                    Op::Taint(i, no_execute) => if let Some(n) = pick(&c, i) {
                        let effect = if no_execute { EFFECT_NO_EXECUTE } else { EFFECT_NO_SCHEDULE };
                        add_taint(&mut c, &n, &format!("t-{effect}"), effect);
                    },
                    Op::Untaint(i) => if let Some(n) = pick(&c, i) {
                        edit_node(&mut c, &n, |n| {
                            if let Some(ts) = n.spec.as_mut().and_then(|s| s.taints.as_mut()) {
                                ts.retain(|t| !t.key.starts_with("t-"));
                            }
                        });
                    },
                    Op::Cordon(i, on) => if let Some(n) = pick(&c, i) {
                        edit_node(&mut c, &n, |n| {
                            n.spec.get_or_insert_with(Default::default).unschedulable = Some(on);
                        });
                    },
                    Op::Advance(s) => {
                        for _ in 0..s {
                            c.advance(secs(1));
                            prop_assert!(per_node(&c).values().all(|n| *n <= 1), "{:?}", per_node(&c));
                        }
                    }
                }
                c.settle();
                prop_assert!(per_node(&c).values().all(|n| *n <= 1), "{:?}", per_node(&c));
            }
            c.advance(secs(120));
            let d = ds(&c, "default", "agent");
            let m = per_node(&c);
            let mut desired = 0;
            for n in c.store.list_typed::<Node>(None) {
                let name = n.metadata.name.clone().unwrap();
                let live = pods(&c, "default", "agent").iter().filter(|p| {
                    p.metadata.deletion_timestamp.is_none()
                        && podutil::node_name(p) == Some(name.as_str())
                }).count();
                match node_should_run_daemon_pod(n, &d) {
                    (true, _) => {
                        desired += 1;
                        prop_assert_eq!(live, 1, "eligible node {} covered", name);
                    }
                    (false, false) => prop_assert_eq!(m.get(&name).copied().unwrap_or(0), 0, "ineligible node {} empty", name),
                    (false, true) => prop_assert!(live <= 1),
                }
            }
            prop_assert_eq!(status(&c, "default", "agent").desired_number_scheduled, desired);
        }
    }
}
