//! The kube-scheduler filter plugins the simulator needs, as pure functions, and the
//! `FailedScheduling` message the scheduler builds when no node fits.
//!
//! Sources (kubernetes/kubernetes):
//! - `pkg/scheduler/apis/config/v1/default_plugins.go`: filter order NodeUnschedulable,
//!   NodeName, TaintToleration, NodeAffinity, (NodePorts), NodeResourcesFit, ...
//! - `pkg/scheduler/framework/runtime/framework.go` `RunFilterPlugins`: a node's status is the
//!   first failing plugin's status (later plugins are not run).
//! - `pkg/scheduler/framework/plugins/nodeunschedulable/node_unschedulable.go`
//! - `pkg/scheduler/framework/plugins/nodename/node_name.go`
//! - `pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go`
//! - `pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go` and
//!   `staging/src/k8s.io/component-helpers/scheduling/corev1/nodeaffinity/nodeaffinity.go`
//! - `pkg/scheduler/framework/plugins/noderesources/fit.go` and
//!   `staging/src/k8s.io/component-helpers/resource/helpers.go` (`PodRequests`)
//! - `pkg/scheduler/framework/types.go` (`FitError.Error`)
//! - `pkg/scheduler/framework/preemption/preemption.go` and
//!   `pkg/scheduler/framework/plugins/defaultpreemption/default_preemption.go` (the
//!   `preemption: ...` suffix).
//!
//! Not modelled: NodePorts, volume plugins, pod (anti-)affinity, topology spread, DRA,
//! pod-level resources and priorities (every pod is assumed to have the same priority, so
//! preemption never finds victims).

use std::collections::BTreeMap;
use std::fmt;

use crate::sim::pod::Pod;
use k8s_openapi::api::core::v1::{
    Container, Node, NodeSelectorRequirement, NodeSelectorTerm, Toleration,
};

use crate::sim::labels::{Operator, Requirement, Selector};
use crate::sim::quantity::Quantity;
use crate::sim::taints::{
    EFFECT_NO_SCHEDULE, TAINT_NODE_UNSCHEDULABLE, do_not_schedule_taints_filter, find_untolerated,
    taint, tolerations_tolerate_taint,
};

/// Scheduler status codes that matter for the message (`fwk.Code`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Code {
    /// Preemption might help (`Unschedulable`).
    Unschedulable,
    /// Preemption cannot help (`UnschedulableAndUnresolvable`).
    UnschedulableAndUnresolvable,
}

/// Why a node was rejected; `Display` is the plugin's exact status reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// NodeUnschedulable: `node(s) were unschedulable`.
    NodeUnschedulable,
    /// NodeName: `node(s) didn't match the requested node name`.
    NodeNameMismatch,
    /// TaintToleration: `node(s) had untolerated taint {key: value}`.
    UntoleratedTaint {
        /// Taint key.
        key: String,
        /// Taint value (empty when unset).
        value: String,
    },
    /// NodeAffinity: `node(s) didn't match Pod's node affinity/selector`.
    NodeAffinityMismatch,
    /// NodeResourcesFit: `Insufficient <resource>`; `unresolvable` when the request exceeds
    /// the node's whole allocatable amount.
    Insufficient {
        /// Resource name (`cpu`, `memory`, `ephemeral-storage`, `example.com/gpu`).
        resource: String,
        /// Whether preemption cannot help.
        unresolvable: bool,
    },
    /// NodeResourcesFit: `Too many pods`.
    TooManyPods,
    /// A node left out by a PreFilter result (DaemonSet pods pin a node with
    /// `matchFields metadata.name`): `node(s) didn't satisfy plugin(s) [NodeAffinity]`.
    DidNotSatisfyPlugins(Vec<String>),
}

impl Reason {
    /// The status code the plugin returns with this reason.
    pub fn code(&self) -> Code {
        match self {
            Reason::Insufficient {
                unresolvable: false,
                ..
            }
            | Reason::TooManyPods => Code::Unschedulable,
            _ => Code::UnschedulableAndUnresolvable,
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::NodeUnschedulable => f.write_str("node(s) were unschedulable"),
            Reason::NodeNameMismatch => f.write_str("node(s) didn't match the requested node name"),
            Reason::UntoleratedTaint { key, value } => {
                write!(f, "node(s) had untolerated taint {{{key}: {value}}}")
            }
            Reason::NodeAffinityMismatch => {
                f.write_str("node(s) didn't match Pod's node affinity/selector")
            }
            Reason::Insufficient { resource, .. } => write!(f, "Insufficient {resource}"),
            Reason::TooManyPods => f.write_str("Too many pods"),
            Reason::DidNotSatisfyPlugins(p) => {
                write!(f, "node(s) didn't satisfy plugin(s) [{}]", p.join(" "))
            }
        }
    }
}

/// Resources a pod asks for, in the scheduler's units (`framework.Resource`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Resources {
    /// CPU in millicores (`MilliValue()`).
    pub cpu_milli: i64,
    /// Memory in bytes (`Value()`).
    pub memory: i64,
    /// Ephemeral storage in bytes.
    pub ephemeral_storage: i64,
    /// Extended / hugepages resources in whole units, by name.
    pub scalar: BTreeMap<String, i64>,
}

/// What already runs on a node: requests of its non-terminal pods and their number
/// (`NodeInfo.Requested` and `len(NodeInfo.Pods)`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NodeUsage {
    /// Sum of pod CPU requests, millicores.
    pub cpu_milli: i64,
    /// Sum of pod memory requests, bytes.
    pub memory: i64,
    /// Sum of pod ephemeral-storage requests, bytes.
    pub ephemeral_storage: i64,
    /// Sums of extended resource requests.
    pub scalar: BTreeMap<String, i64>,
    /// Number of pods counted against `allocatable.pods`.
    pub pods: usize,
}

impl NodeUsage {
    /// Usage from the pods bound to a node, summed from scratch (the invariant tests check the
    /// scheduler against it). Succeeded and Failed pods are skipped, like the
    /// scheduler's pod informer (`status.phase!=Succeeded,status.phase!=Failed`).
    pub fn from_pods(pods: &[&Pod]) -> Self {
        let mut u = NodeUsage::default();
        for p in pods {
            let phase = p.status.as_ref().and_then(|s| s.phase.as_deref());
            if matches!(phase, Some("Succeeded") | Some("Failed")) {
                continue;
            }
            u.add_pod(p);
        }
        u
    }

    /// Adds one pod (`NodeInfo.AddPod`).
    pub fn add_pod(&mut self, pod: &Pod) {
        let r = pod_requests(pod);
        self.cpu_milli = self.cpu_milli.saturating_add(r.cpu_milli);
        self.memory = self.memory.saturating_add(r.memory);
        self.ephemeral_storage = self.ephemeral_storage.saturating_add(r.ephemeral_storage);
        for (k, v) in r.scalar {
            let e = self.scalar.entry(k).or_insert(0);
            *e = e.saturating_add(v);
        }
        self.pods += 1;
    }
}

fn is_scalar_resource(name: &str) -> bool {
    name.contains('/') || name.starts_with("hugepages-") || name.starts_with("attachable-volumes-")
}

type NanoList = BTreeMap<String, i128>;

/// A container's requests after API defaulting (a missing request defaults to the limit,
/// `SetDefaults_Pod` in `pkg/apis/core/v1/defaults.go`), in nano-units. Unparseable values
/// count as zero (the API server would have rejected them).
fn container_requests(c: &Container) -> NanoList {
    let mut out = NanoList::new();
    let Some(res) = c.resources.as_ref() else {
        return out;
    };
    if let Some(limits) = res.limits.as_ref() {
        for (k, q) in limits {
            if let Ok(q) = Quantity::from_k8s(q) {
                out.insert(k.clone(), q.nanos());
            }
        }
    }
    if let Some(reqs) = res.requests.as_ref() {
        for (k, q) in reqs {
            if let Ok(q) = Quantity::from_k8s(q) {
                out.insert(k.clone(), q.nanos());
            }
        }
    }
    out
}

fn add_list(into: &mut NanoList, from: &NanoList) {
    for (k, v) in from {
        let e = into.entry(k.clone()).or_insert(0);
        *e = e.saturating_add(*v);
    }
}

fn max_list(into: &mut NanoList, from: &NanoList) {
    for (k, v) in from {
        let e = into.entry(k.clone()).or_insert(*v);
        if *v > *e {
            *e = *v;
        }
    }
}

/// `resource.PodRequests`: sum of app containers; each init container counts as itself plus
/// the restartable (sidecar) init containers before it, and the pod needs the max of that and
/// the running total; sidecars add to the total; `spec.overhead` is added.
pub fn pod_requests(pod: &Pod) -> Resources {
    let mut reqs = NanoList::new();
    let Some(spec) = pod.spec.as_ref() else {
        return Resources::default();
    };
    for c in &spec.containers {
        add_list(&mut reqs, &container_requests(c));
    }
    let mut restartable = NanoList::new();
    let mut init_max = NanoList::new();
    for c in spec.init_containers.as_deref().unwrap_or_default() {
        let creq = container_requests(c);
        if c.restart_policy.as_deref() == Some("Always") {
            add_list(&mut reqs, &creq);
            add_list(&mut restartable, &creq);
            max_list(&mut init_max, &restartable);
        } else {
            let mut tmp = creq;
            add_list(&mut tmp, &restartable);
            max_list(&mut init_max, &tmp);
        }
    }
    max_list(&mut reqs, &init_max);
    if let Some(overhead) = spec.overhead.as_deref() {
        for (k, q) in overhead {
            if let Ok(q) = Quantity::from_k8s(q) {
                let e = reqs.entry(k.clone()).or_insert(0);
                *e = e.saturating_add(q.nanos());
            }
        }
    }
    let mut out = Resources::default();
    for (name, nanos) in reqs {
        let q = Quantity::from_nanos(nanos, crate::sim::quantity::Format::DecimalSI);
        match name.as_str() {
            "cpu" => out.cpu_milli = q.milli_value(),
            "memory" => out.memory = q.value(),
            "ephemeral-storage" => out.ephemeral_storage = q.value(),
            n if is_scalar_resource(n) => {
                out.scalar.insert(name.clone(), q.value());
            }
            _ => {}
        }
    }
    out
}

fn pod_tolerations(pod: &Pod) -> &[Toleration] {
    pod.spec
        .as_ref()
        .and_then(|s| s.tolerations.as_deref())
        .map(Vec::as_slice)
        .unwrap_or_default()
}

fn node_name_of(node: &Node) -> &str {
    node.metadata.name.as_deref().unwrap_or_default()
}

/// NodeUnschedulable: a cordoned node rejects pods unless they tolerate
/// `node.kubernetes.io/unschedulable:NoSchedule`.
pub fn node_unschedulable(pod: &Pod, node: &Node) -> Result<(), Reason> {
    let cordoned = node
        .spec
        .as_ref()
        .and_then(|s| s.unschedulable)
        .unwrap_or(false);
    // As upstream's Filter (`nodeunschedulable.go`), an uncordoned node passes before any
    // toleration is looked at.
    if !cordoned {
        return Ok(());
    }
    let tolerated = tolerations_tolerate_taint(
        pod_tolerations(pod),
        &taint(TAINT_NODE_UNSCHEDULABLE, "", EFFECT_NO_SCHEDULE),
    );
    if !tolerated {
        return Err(Reason::NodeUnschedulable);
    }
    Ok(())
}

/// NodeName: a pod with `spec.nodeName` only fits that node.
pub fn node_name(pod: &Pod, node: &Node) -> Result<(), Reason> {
    let wanted = pod
        .spec
        .as_ref()
        .and_then(|s| s.node_name.as_deref())
        .unwrap_or_default();
    if wanted.is_empty() || wanted == node_name_of(node) {
        Ok(())
    } else {
        Err(Reason::NodeNameMismatch)
    }
}

/// TaintToleration: the first NoSchedule/NoExecute taint the pod does not tolerate
/// (PreferNoSchedule only affects scoring). Not-ready and unreachable nodes are excluded this
/// way, through their `node.kubernetes.io/not-ready` / `unreachable` taints.
pub fn taint_toleration(pod: &Pod, node: &Node) -> Result<(), Reason> {
    let taints = node
        .spec
        .as_ref()
        .and_then(|s| s.taints.as_deref())
        .unwrap_or_default();
    match find_untolerated(taints, pod_tolerations(pod), do_not_schedule_taints_filter) {
        None => Ok(()),
        Some(t) => Err(Reason::UntoleratedTaint {
            key: t.key.clone(),
            value: t.value.clone().unwrap_or_default(),
        }),
    }
}

fn node_selector_requirement(r: &NodeSelectorRequirement) -> Option<Requirement> {
    let op = match r.operator.as_str() {
        "In" => Operator::In,
        "NotIn" => Operator::NotIn,
        "Exists" => Operator::Exists,
        "DoesNotExist" => Operator::DoesNotExist,
        "Gt" => Operator::GreaterThan,
        "Lt" => Operator::LessThan,
        _ => return None,
    };
    Requirement::new(&r.key, op, r.values.clone().unwrap_or_default()).ok()
}

/// One `nodeSelectorTerm` (`nodeSelectorTerm.match`): matchExpressions against labels AND
/// matchFields against `metadata.name`. `None` for a term that does not parse (it matches
/// nothing).
fn term_matches(term: &NodeSelectorTerm, node: &Node) -> Option<bool> {
    let exprs = term.match_expressions.as_deref().unwrap_or_default();
    let fields = term.match_fields.as_deref().unwrap_or_default();
    let empty = BTreeMap::new();
    let labels = node.metadata.labels.as_ref().unwrap_or(&empty);
    let mut label_ok = true;
    if !exprs.is_empty() {
        let reqs: Option<Vec<Requirement>> = exprs.iter().map(node_selector_requirement).collect();
        label_ok = reqs?.iter().all(|r| r.matches(labels));
    }
    let mut field_ok = true;
    if !fields.is_empty() {
        let name = node_name_of(node);
        let mut checks = Vec::new();
        for f in fields {
            let values = f.values.as_deref().unwrap_or_default();
            if values.len() != 1 || !matches!(f.operator.as_str(), "In" | "NotIn") {
                return None;
            }
            let actual = if f.key == "metadata.name" { name } else { "" };
            checks.push(if f.operator == "In" {
                actual == values[0]
            } else {
                actual != values[0]
            });
        }
        // Fields are only checked when the node has any (a name).
        if !name.is_empty() {
            field_ok = checks.iter().all(|c| *c);
        }
    }
    Some(label_ok && field_ok)
}

/// `nodeaffinity.GetRequiredNodeAffinity(pod).Match(node)`: `spec.nodeSelector` (all pairs)
/// AND the required node affinity (terms ORed, expressions within a term ANDed; empty terms
/// are skipped and match nothing).
pub fn required_node_affinity_matches(pod: &Pod, node: &Node) -> bool {
    let Some(spec) = pod.spec.as_ref() else {
        return true;
    };
    let empty = BTreeMap::new();
    // The node's labels are read only for a pod that selects on them.
    let labels = || node.metadata.labels.as_ref().unwrap_or(&empty);
    if let Some(sel) = spec.node_selector.as_ref().filter(|s| !s.is_empty())
        && !Selector::from_set(sel).matches(labels())
    {
        return false;
    }
    let required = spec
        .affinity
        .as_ref()
        .and_then(|a| a.node_affinity.as_ref())
        .and_then(|na| {
            na.required_during_scheduling_ignored_during_execution
                .as_ref()
        });
    let Some(required) = required else {
        return true;
    };
    required.node_selector_terms.iter().any(|term| {
        let is_empty = term
            .match_expressions
            .as_deref()
            .unwrap_or_default()
            .is_empty()
            && term.match_fields.as_deref().unwrap_or_default().is_empty();
        !is_empty && term_matches(term, node) == Some(true)
    })
}

/// NodeAffinity filter.
pub fn node_affinity(pod: &Pod, node: &Node) -> Result<(), Reason> {
    if required_node_affinity_matches(pod, node) {
        Ok(())
    } else {
        Err(Reason::NodeAffinityMismatch)
    }
}

/// A node's `status.allocatable` parsed: resources and the pod count (`allocatable.pods`).
pub type Allocatable = (Resources, i64);

/// Parses a node's `status.allocatable` (the scheduler keeps it in its NodeInfo, parsed once).
pub fn allocatable(node: &Node) -> Allocatable {
    let mut r = Resources::default();
    let mut pods = 0;
    if let Some(alloc) = node.status.as_ref().and_then(|s| s.allocatable.as_ref()) {
        for (k, q) in alloc {
            let Ok(q) = Quantity::from_k8s(q) else {
                continue;
            };
            match k.as_str() {
                "cpu" => r.cpu_milli = q.milli_value(),
                "memory" => r.memory = q.value(),
                "ephemeral-storage" => r.ephemeral_storage = q.value(),
                "pods" => pods = q.value(),
                n if is_scalar_resource(n) => {
                    r.scalar.insert(k.clone(), q.value());
                }
                _ => {}
            }
        }
    }
    (r, pods)
}

/// A node's pod count as the resource filter compares it with `allocatable.pods`.
fn pod_count(pods: usize) -> i64 {
    i64::try_from(pods).unwrap_or(i64::MAX)
}

/// NodeResourcesFit (`fitsRequest`): pod count against `allocatable.pods`, then each
/// requested resource against allocatable minus what other pods request. All failures are
/// returned, in upstream order (pods, cpu, memory, ephemeral-storage, extended by name).
pub fn node_resources_fit(pod: &Pod, node: &Node, usage: &NodeUsage) -> Result<(), Vec<Reason>> {
    resources_fit(&pod_requests(pod), &allocatable(node), usage)
}

/// [`node_resources_fit`] on requests and allocatable already parsed.
fn resources_fit(
    req: &Resources,
    alloc: &Allocatable,
    usage: &NodeUsage,
) -> Result<(), Vec<Reason>> {
    let (alloc, alloc_pods) = (&alloc.0, alloc.1);
    let mut out = Vec::new();
    if pod_count(usage.pods).saturating_add(1) > alloc_pods {
        out.push(Reason::TooManyPods);
    }
    let all_zero = req.cpu_milli == 0
        && req.memory == 0
        && req.ephemeral_storage == 0
        && req.scalar.is_empty();
    if !all_zero {
        let mut check = |name: &str, want: i64, cap: i64, used: i64| {
            if want > 0 && want > cap.saturating_sub(used) {
                out.push(Reason::Insufficient {
                    resource: name.to_string(),
                    unresolvable: want > cap,
                });
            }
        };
        check("cpu", req.cpu_milli, alloc.cpu_milli, usage.cpu_milli);
        check("memory", req.memory, alloc.memory, usage.memory);
        check(
            "ephemeral-storage",
            req.ephemeral_storage,
            alloc.ephemeral_storage,
            usage.ephemeral_storage,
        );
        for (name, want) in &req.scalar {
            let cap = alloc.scalar.get(name).copied().unwrap_or(0);
            let used = usage.scalar.get(name).copied().unwrap_or(0);
            check(name, *want, cap, used);
        }
    }
    if out.is_empty() { Ok(()) } else { Err(out) }
}

/// Runs the filters in the default profile's order and returns the first failing plugin's
/// reasons (one reason, or several for NodeResourcesFit), as `RunFilterPlugins` does.
pub fn filter_node(pod: &Pod, node: &Node, usage: &NodeUsage) -> Result<(), Vec<Reason>> {
    filter_candidate(
        pod,
        &pod_requests(pod),
        &Candidate::new(node, usage, &allocatable(node)),
    )
}

/// [`filter_node`] with the pod's requests and the node's allocatable already parsed.
fn filter_candidate(pod: &Pod, req: &Resources, n: &Candidate<'_>) -> Result<(), Vec<Reason>> {
    // An uncordoned, untainted node passes these two without being read: the scheduler runs
    // them on hundreds of nodes for every pod, and each node read is a cache miss.
    if n.fit.flags.cordoned {
        node_unschedulable(pod, n.node).map_err(|r| vec![r])?;
    }
    node_name(pod, n.node).map_err(|r| vec![r])?;
    if n.fit.flags.tainted {
        taint_toleration(pod, n.node).map_err(|r| vec![r])?;
    }
    node_affinity(pod, n.node).map_err(|r| vec![r])?;
    resources_fit(req, n.allocatable, n.usage)
}

/// What the filters need to know of a pod before the nodes: whether it names a node, and whether
/// it selects nodes by labels or required affinity. Without either, NodeName and NodeAffinity
/// pass every node, and the hundreds of nodes a pod is filtered against need not ask.
#[derive(Clone, Copy, Debug)]
struct PodFilterNeeds {
    node_name: bool,
    affinity: bool,
}

impl PodFilterNeeds {
    fn of(pod: &Pod) -> PodFilterNeeds {
        let spec = pod.spec.as_ref();
        PodFilterNeeds {
            node_name: spec
                .and_then(|s| s.node_name.as_deref())
                .is_some_and(|n| !n.is_empty()),
            affinity: spec.is_some_and(|s| {
                s.node_selector.as_ref().is_some_and(|m| !m.is_empty())
                    || s.affinity
                        .as_ref()
                        .and_then(|a| a.node_affinity.as_ref())
                        .is_some_and(|na| {
                            na.required_during_scheduling_ignored_during_execution
                                .is_some()
                        })
            }),
        }
    }
}

impl PodFilterNeeds {
    /// Whether a node's packed [`FitRow`] decides alone, for a pod with these needs and
    /// requests `req`, whether an unflagged node passes every filter: the pod names no node,
    /// selects none and asks for no extended resource. The row pass of [`visit_feasible`] and
    /// [`feasible_window`] both stand on this; a filter added to [`passes_filters`] that an
    /// unflagged node can fail must be added here.
    fn rows_decide(self, req: &Resources) -> bool {
        !self.node_name && !self.affinity && req.scalar.is_empty()
    }
}

/// Whether `n` passes every filter: [`filter_candidate`] without the reasons, asking only the
/// filters `needs` says the pod can fail. The resources of a pod without extended ones are
/// checked against the node's packed [`FitRow`] alone.
fn passes_filters(pod: &Pod, needs: PodFilterNeeds, req: &Resources, n: &Candidate<'_>) -> bool {
    let flags = n.fit.flags;
    !(flags.cordoned && node_unschedulable(pod, n.node).is_err()
        || needs.node_name && node_name(pod, n.node).is_err()
        || flags.tainted && taint_toleration(pod, n.node).is_err()
        || needs.affinity && !required_node_affinity_matches(pod, n.node))
        && if req.scalar.is_empty() {
            n.fit.fits(req)
        } else {
            resources_fit_ok(req, n.allocatable, n.usage)
        }
}

/// What the filter pass and the scorer read of one node, in one small row: the room left for
/// each resource, what its pods request, and its flags. The scheduler keeps a row per node
/// beside its NodeInfos and each pod reads hundreds of them in a run, so the rows are packed
/// together rather than spread over the NodeInfos' cache lines.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FitRow {
    /// `allocatable - requested` CPU in millicores (saturating): what `fitsRequest` compares
    /// a pod's request with.
    pub cpu_free: i64,
    /// `allocatable - requested` memory, bytes.
    pub memory_free: i64,
    /// `allocatable - requested` ephemeral storage, bytes.
    pub ephemeral_storage_free: i64,
    /// CPU requested by the node's pods, millicores (for scoring).
    pub cpu_requested: i64,
    /// Pods counted on the node (for scoring).
    pub pods: i64,
    /// Whether one more pod fits under `allocatable.pods`.
    pub pod_room: bool,
    /// Whether the node is cordoned or tainted.
    pub flags: NodeFlags,
}

impl FitRow {
    /// The row of a node with allocatable `alloc`, pods requesting `usage`, and `flags`.
    pub fn of(alloc: &Allocatable, usage: &NodeUsage, flags: NodeFlags) -> FitRow {
        let (cap, cap_pods) = (&alloc.0, alloc.1);
        let pods = pod_count(usage.pods);
        FitRow {
            cpu_free: cap.cpu_milli.saturating_sub(usage.cpu_milli),
            memory_free: cap.memory.saturating_sub(usage.memory),
            ephemeral_storage_free: cap
                .ephemeral_storage
                .saturating_sub(usage.ephemeral_storage),
            cpu_requested: usage.cpu_milli,
            pods,
            pod_room: pods.saturating_add(1) <= cap_pods,
            flags,
        }
    }

    /// [`resources_fit_ok`] for requests without extended resources, read from the row.
    fn fits(&self, req: &Resources) -> bool {
        self.fits_need(Need::of(req))
    }

    /// Whether the node is neither cordoned nor tainted and has room for one more pod: then a
    /// pod that requests nothing and that no filter but the resources can reject (most pods)
    /// fits it, without reading anything else. The scheduler keeps the other nodes in a set.
    pub fn is_open(&self) -> bool {
        !self.flags.any() && self.pod_room
    }

    /// [`FitRow::fits`] for requests already made a [`Need`]: four comparisons, no branch.
    fn fits_need(&self, need: Need) -> bool {
        self.pod_room
            & (need.cpu_milli <= self.cpu_free)
            & (need.memory <= self.memory_free)
            & (need.ephemeral_storage <= self.ephemeral_storage_free)
    }
}

/// A pod's requests as a row check compares them, made once per pod: a resource the pod does
/// not request (zero or less, which `fitsRequest` skips) is asked as `i64::MIN`, which any room
/// satisfies.
#[derive(Clone, Copy, Debug)]
struct Need {
    cpu_milli: i64,
    memory: i64,
    ephemeral_storage: i64,
}

impl Need {
    fn of(req: &Resources) -> Need {
        let need = |want: i64| if want <= 0 { i64::MIN } else { want };
        Need {
            cpu_milli: need(req.cpu_milli),
            memory: need(req.memory),
            ephemeral_storage: need(req.ephemeral_storage),
        }
    }
}

/// Whether [`resources_fit`] passes, without the reasons it would give: the filter pass asks
/// this of hundreds of nodes for each pod, and the reasons are made only for a pod that fits
/// nowhere.
fn resources_fit_ok(req: &Resources, alloc: &Allocatable, usage: &NodeUsage) -> bool {
    let (alloc, alloc_pods) = (&alloc.0, alloc.1);
    let fits = |want: i64, cap: i64, used: i64| want <= 0 || want <= cap.saturating_sub(used);
    pod_count(usage.pods).saturating_add(1) <= alloc_pods
        && fits(req.cpu_milli, alloc.cpu_milli, usage.cpu_milli)
        && fits(req.memory, alloc.memory, usage.memory)
        && fits(
            req.ephemeral_storage,
            alloc.ephemeral_storage,
            usage.ephemeral_storage,
        )
        && req.scalar.iter().all(|(name, want)| {
            let cap = alloc.scalar.get(name).copied().unwrap_or(0);
            let used = usage.scalar.get(name).copied().unwrap_or(0);
            fits(*want, cap, used)
        })
}

/// What the filters need to know of a node before reading it: whether it is cordoned
/// (`spec.unschedulable`) and whether it has taints. Without either, NodeUnschedulable and
/// TaintToleration pass it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NodeFlags {
    /// `spec.unschedulable`.
    pub cordoned: bool,
    /// `spec.taints` is not empty.
    pub tainted: bool,
}

impl NodeFlags {
    /// Whether the node is cordoned or tainted: whether a filter beyond resources may reject it.
    pub fn any(self) -> bool {
        self.cordoned | self.tainted
    }

    /// The flags of `node`.
    pub fn of(node: &Node) -> NodeFlags {
        let spec = node.spec.as_ref();
        NodeFlags {
            cordoned: spec.and_then(|s| s.unschedulable).unwrap_or(false),
            tainted: spec
                .and_then(|s| s.taints.as_ref())
                .is_some_and(|t| !t.is_empty()),
        }
    }
}

/// A node as the filters see it: the object, what its pods request (the scheduler's NodeInfo)
/// and its parsed allocatable.
#[derive(Clone, Copy, Debug)]
pub struct Candidate<'a> {
    /// The node.
    pub node: &'a Node,
    /// What the pods bound to it request.
    pub usage: &'a NodeUsage,
    /// Its `status.allocatable`, parsed.
    pub allocatable: &'a Allocatable,
    /// Its [`FitRow`], made from the three above.
    pub fit: FitRow,
}

impl<'a> Candidate<'a> {
    /// The candidate `node`, with its row made from `usage` and `allocatable`.
    pub fn new(node: &'a Node, usage: &'a NodeUsage, allocatable: &'a Allocatable) -> Self {
        Candidate {
            node,
            usage,
            allocatable,
            fit: FitRow::of(allocatable, usage, NodeFlags::of(node)),
        }
    }
}

/// kube-scheduler's `numFeasibleNodesToFind` (`pkg/scheduler/schedule_one.go`): on 100 nodes or
/// more it stops filtering once it has found `50 - nodes/125` percent of them feasible (at
/// least 5%, at least 100 nodes), so a big cluster costs less per pod.
pub fn num_feasible_nodes_to_find(all_nodes: usize) -> usize {
    const MIN_FEASIBLE_NODES_TO_FIND: usize = 100;
    const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND: usize = 5;
    if all_nodes < MIN_FEASIBLE_NODES_TO_FIND {
        return all_nodes;
    }
    let percentage = 50usize
        .saturating_sub(all_nodes / 125)
        .max(MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND);
    (all_nodes * percentage / 100).max(MIN_FEASIBLE_NODES_TO_FIND)
}

/// What one filtering pass found: the indexes (into the candidates) of the feasible nodes, in
/// the order examined, and how many nodes were examined (`processedNodes`, which moves the
/// scheduler's `nextStartNodeIndex`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Feasible {
    /// Indexes of feasible nodes.
    pub nodes: Vec<usize>,
    /// Nodes examined.
    pub processed: usize,
}

/// The NodeAffinity PreFilter result: `Some(names)` when every required term pins
/// `metadata.name In [...]` (DaemonSet pods), `Some(empty)` when those pins conflict, `None`
/// when all nodes are candidates.
pub fn prefilter_node_names(pod: &Pod) -> Option<Vec<String>> {
    let terms = pod
        .spec
        .as_ref()?
        .affinity
        .as_ref()?
        .node_affinity
        .as_ref()?
        .required_during_scheduling_ignored_during_execution
        .as_ref()?
        .node_selector_terms
        .as_slice();
    if terms.is_empty() {
        return None;
    }
    let mut names: std::collections::BTreeSet<String> = Default::default();
    for t in terms {
        let mut term_names: Option<std::collections::BTreeSet<String>> = None;
        for r in t.match_fields.as_deref().unwrap_or_default() {
            if r.key == "metadata.name" && r.operator == "In" {
                let s: std::collections::BTreeSet<String> =
                    r.values.iter().flatten().cloned().collect();
                term_names = Some(match term_names {
                    None => s,
                    Some(prev) => prev.intersection(&s).cloned().collect(),
                });
            }
        }
        names.extend(term_names?);
    }
    Some(names.into_iter().collect())
}

/// `FitError.Error()`: `0/N nodes are available: [<prefilter msg>.] [<sorted "count reason"
/// list>.] [<postfilter msg>]`. The histogram is sorted as strings (so `10 x` sorts before
/// `2 y`), exactly like upstream's `sort.Strings`.
pub fn fit_error_message(
    total_nodes: usize,
    pre_filter_msg: Option<&str>,
    histogram: &[(String, usize)],
    post_filter_msg: Option<&str>,
) -> String {
    let mut msg = format!("0/{total_nodes} nodes are available:");
    match pre_filter_msg.filter(|m| !m.is_empty()) {
        Some(pre) => msg.push_str(&format!(" {pre}.")),
        None => {
            let mut items: Vec<String> =
                histogram.iter().map(|(r, n)| format!("{n} {r}")).collect();
            items.sort();
            if !items.is_empty() {
                msg.push_str(&format!(" {}.", items.join(", ")));
            }
        }
    }
    if let Some(post) = post_filter_msg.filter(|m| !m.is_empty()) {
        msg.push(' ');
        msg.push_str(post);
    }
    msg
}

fn histogram<I: IntoIterator<Item = String>>(items: I) -> Vec<(String, usize)> {
    let mut m: BTreeMap<String, usize> = BTreeMap::new();
    for r in items {
        *m.entry(r).or_insert(0) += 1;
    }
    m.into_iter().collect()
}

/// How the DefaultPreemption PostFilter reacts to a pod that does not fit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preemption {
    /// No PostFilter output (preemption disabled).
    Off,
    /// DefaultPreemption runs; with equal priorities it never finds victims.
    Default,
    /// The pod has `preemptionPolicy: Never`.
    NeverPolicy,
}

/// The `FailedScheduling` message for a pod no node accepts. `node_failures` holds, for
/// every node, the reasons of the plugin that rejected it ([`filter_node`]'s error). With
/// preemption on, the suffix is DefaultPreemption's own FitError: nodes rejected with
/// `UnschedulableAndUnresolvable` count as `Preemption is not helpful for scheduling`, the
/// others as `No preemption victims found for incoming pod`. With no nodes at all the
/// scheduler reports `no nodes available to schedule pods`.
pub fn failed_scheduling_message(
    total_nodes: usize,
    node_failures: &[Vec<Reason>],
    preemption: Preemption,
) -> String {
    if total_nodes == 0 {
        return "no nodes available to schedule pods".to_string();
    }
    let hist = histogram(
        node_failures
            .iter()
            .flat_map(|rs| rs.iter().map(|r| r.to_string())),
    );
    let post = match preemption {
        Preemption::Off => None,
        Preemption::NeverPolicy => {
            Some("preemption: not eligible due to preemptionPolicy=Never.".to_string())
        }
        Preemption::Default => {
            let mut statuses: Vec<String> = node_failures
                .iter()
                .map(|rs| {
                    if rs
                        .iter()
                        .any(|r| r.code() == Code::UnschedulableAndUnresolvable)
                    {
                        "Preemption is not helpful for scheduling".to_string()
                    } else {
                        "No preemption victims found for incoming pod".to_string()
                    }
                })
                .collect();
            // Nodes without a status are "absent": not helpful.
            for _ in node_failures.len()..total_nodes {
                statuses.push("Preemption is not helpful for scheduling".to_string());
            }
            let inner = fit_error_message(total_nodes, None, &histogram(statuses), None);
            Some(format!("preemption: {inner}"))
        }
    };
    fit_error_message(total_nodes, None, &hist, post.as_deref())
}

/// `Preemption` setting implied by the pod (`spec.preemptionPolicy: Never`).
pub fn preemption_for(pod: &Pod) -> Preemption {
    match pod
        .spec
        .as_ref()
        .and_then(|s| s.preemption_policy.as_deref())
    {
        Some("Never") => Preemption::NeverPolicy,
        _ => Preemption::Default,
    }
}

/// One scheduling attempt over all nodes (`schedulePod` + PostFilter): the names of the
/// nodes that pass every filter, in input order, or the exact `FailedScheduling` message.
/// Includes the NodeAffinity PreFilter (`node(s) didn't satisfy plugin(s) [NodeAffinity]`
/// for nodes a DaemonSet pod is not pinned to, `pod affinity terms conflict`).
pub fn find_nodes_that_fit(pod: &Pod, nodes: &[(&Node, NodeUsage)]) -> Result<Vec<String>, String> {
    let allocs: Vec<Allocatable> = nodes.iter().map(|(n, _)| allocatable(n)).collect();
    let candidates: Vec<Candidate<'_>> = nodes
        .iter()
        .zip(&allocs)
        .map(|((node, usage), allocatable)| Candidate::new(node, usage, allocatable))
        .collect();
    let found = find_feasible(pod, candidates.as_slice(), candidates.len(), 0)?;
    Ok(found
        .nodes
        .into_iter()
        .map(|i| node_name_of(candidates[i].node).to_string())
        .collect())
}

/// The nodes a filtering pass may examine, by index in name order: a slice of candidates, or
/// the scheduler's cache read in place, so a pass over a thousand nodes builds no list of them
/// for each pod.
pub trait CandidateNodes {
    /// How many nodes there are.
    fn len(&self) -> usize;
    /// The node at `i` (`i < len()`), as the filters see it.
    fn candidate(&self, i: usize) -> Candidate<'_>;
    /// Every node's [`FitRow`] in one slice, if they are kept so: a pod the filters need ask
    /// nothing else of is then checked against the rows alone.
    fn fit_rows(&self) -> Option<&[FitRow]> {
        None
    }
    /// Whether there are no nodes.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl CandidateNodes for [Candidate<'_>] {
    fn len(&self) -> usize {
        <[Candidate<'_>]>::len(self)
    }
    fn candidate(&self, i: usize) -> Candidate<'_> {
        self[i]
    }
}

/// The index of the node named `name` among `nodes` (sorted by name).
fn index_of(nodes: &(impl CandidateNodes + ?Sized), name: &str) -> Option<usize> {
    let (mut lo, mut hi) = (0, nodes.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        match node_name_of(nodes.candidate(mid).node).cmp(name) {
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
            std::cmp::Ordering::Equal => return Some(mid),
        }
    }
    None
}

/// `findNodesThatFitPod`: runs the filters over `nodes` (sorted by name) from index `start`
/// round the list, stopping after `want` feasible ones. A pod pinned to node names (the
/// NodeAffinity PreFilter, as DaemonSet pods are) is only checked against those. With no
/// feasible node the error is the `FailedScheduling` message over every node.
pub fn find_feasible(
    pod: &Pod,
    nodes: &(impl CandidateNodes + ?Sized),
    want: usize,
    start: usize,
) -> Result<Feasible, String> {
    let mut found = Vec::with_capacity(want.min(nodes.len()));
    let processed = visit_feasible(pod, nodes, want, start, |i| found.push(i))?;
    Ok(Feasible {
        nodes: found,
        processed,
    })
}

/// [`find_feasible`] handing each feasible node's index to `visit` as it is found, in the
/// order examined, and returning how many nodes it examined. The scheduler scores a node
/// there and then, while its row is in cache, instead of listing the nodes and reading their
/// rows again: at a thousand nodes each pod examines hundreds.
pub fn visit_feasible(
    pod: &Pod,
    nodes: &(impl CandidateNodes + ?Sized),
    want: usize,
    start: usize,
    mut visit: impl FnMut(usize),
) -> Result<usize, String> {
    if nodes.is_empty() {
        return Err("no nodes available to schedule pods".to_string());
    }
    let preemption = preemption_for(pod);
    let total = nodes.len();
    let pinned = prefilter_node_names(pod);
    if let Some(names) = &pinned
        && names.is_empty()
    {
        let post = match preemption {
            Preemption::Default => Some(format!(
                "preemption: {}",
                fit_error_message(
                    total,
                    None,
                    &[(
                        "Preemption is not helpful for scheduling".to_string(),
                        total
                    )],
                    None
                )
            )),
            Preemption::NeverPolicy => {
                Some("preemption: not eligible due to preemptionPolicy=Never.".to_string())
            }
            Preemption::Off => None,
        };
        return Err(fit_error_message(
            total,
            Some("pod affinity terms conflict"),
            &[],
            post.as_deref(),
        ));
    }
    // The nodes to examine: every node, or only the pinned ones that exist (nodes are sorted
    // by name, so each is found by binary search).
    let order: Option<Vec<usize>> = pinned.as_ref().map(|names| {
        let mut v: Vec<usize> = names.iter().filter_map(|n| index_of(nodes, n)).collect();
        v.sort_unstable();
        v.dedup();
        v
    });
    let examined = order.as_ref().map_or(total, Vec::len);
    let req = pod_requests(pod);
    let want = want.clamp(1, examined.max(1));
    let needs = PodFilterNeeds::of(pod);
    let mut feasible = 0;
    let mut processed = 0;
    // Positions go round from `start`, counted on rather than divided for each node.
    let mut at = start % examined.max(1);
    // Most pods name no node, select none and ask for no extended resource, and most nodes are
    // neither cordoned nor tainted: for those the resource rows decide alone, read in order.
    let plain = needs.rows_decide(&req);
    let plain_rows = match (&order, nodes.fit_rows()) {
        (None, Some(rows)) if plain => Some(rows),
        _ => None,
    };
    if let Some(rows) = plain_rows {
        debug_assert_eq!(rows.len(), examined, "a row for every node");
        let need = Need::of(&req);
        // The rows from `at` to the end, then from the first to `at`; true once `want` are found.
        let mut pass = |first: usize, rows: &[FitRow]| {
            for (k, row) in rows.iter().enumerate() {
                processed += 1;
                let fits = if row.flags.any() {
                    passes_filters(pod, needs, &req, &nodes.candidate(first + k))
                } else {
                    row.fits_need(need)
                };
                if fits {
                    visit(first + k);
                    feasible += 1;
                    if feasible >= want {
                        return true;
                    }
                }
            }
            false
        };
        let (before, after) = rows.split_at(at.min(rows.len()));
        if !pass(at, after) {
            pass(0, before);
        }
    } else {
        for _ in 0..examined {
            let idx = match &order {
                None => at,
                Some(order) => order[at],
            };
            at += 1;
            if at == examined {
                at = 0;
            }
            processed += 1;
            if passes_filters(pod, needs, &req, &nodes.candidate(idx)) {
                visit(idx);
                feasible += 1;
                if feasible >= want {
                    break;
                }
            }
        }
    }
    if feasible > 0 {
        return Ok(processed);
    }
    // Nothing fits: the diagnosis covers every node, in name order, as upstream's histogram.
    let failures: Vec<Vec<Reason>> = (0..total)
        .map(|i| {
            if order.as_ref().is_some_and(|o| o.binary_search(&i).is_err()) {
                vec![Reason::DidNotSatisfyPlugins(vec![
                    "NodeAffinity".to_string(),
                ])]
            } else {
                filter_candidate(pod, &req, &nodes.candidate(i))
                    .err()
                    .unwrap_or_default()
            }
        })
        .collect();
    Err(failed_scheduling_message(total, &failures, preemption))
}

/// Puts node positions met in search order into name order. The search goes from a start
/// round the nodes (kept in name order), so what it meets is one ascending run, or two when it
/// wrapped: turning the second run to the front sorts them without a sort.
pub fn into_name_order(found: &mut [usize]) {
    if let Some(wrap) = found.windows(2).position(|w| w[1] < w[0]) {
        found.rotate_left(wrap + 1);
    }
    debug_assert!(found.is_sorted(), "{found:?}");
}

/// What the filter pass of [`visit_feasible`] finds for a pod that every open node fits (see
/// [`feasible_window`]), told without reading the open nodes one by one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Window {
    /// The runs of positions examined, ascending and apart: every open node in them is
    /// feasible.
    pub runs: Vec<(usize, usize)>,
    /// The nodes examined that are not open but passed every filter, ascending.
    pub closed_feasible: Vec<usize>,
    /// Nodes examined (`processedNodes`).
    pub processed: usize,
}

/// [`visit_feasible`] for a pod that requests nothing and that only the resource rows can
/// reject (no node name, selector or required node affinity), given the positions of the nodes
/// that are not open ([`FitRow::is_open`]), ascending: every open node fits such a pod, so the
/// pass examines the same nodes as reading each row would, and reads only the closed ones.
/// `None` when the pod is not such a pod, or when no node is feasible (the caller's full pass
/// then writes the `FailedScheduling` message).
pub fn feasible_window(
    pod: &Pod,
    nodes: &(impl CandidateNodes + ?Sized),
    want: usize,
    start: usize,
    closed: &std::collections::BTreeSet<usize>,
) -> Option<Window> {
    let rows = nodes.fit_rows()?;
    let total = nodes.len();
    let needs = PodFilterNeeds::of(pod);
    if total == 0 || rows.len() != total || needs.affinity {
        return None;
    }
    let req = pod_requests(pod);
    let requests_nothing = req.cpu_milli <= 0 && req.memory <= 0 && req.ephemeral_storage <= 0;
    if !needs.rows_decide(&req) || !requests_nothing || prefilter_node_names(pod).is_some() {
        return None;
    }
    let need = Need::of(&req);
    let want = want.clamp(1, total);
    let at = start % total;
    // Positions counted on from `at` past the end (`total + i` is node `i` again).
    let mut found = 0;
    let mut next = at;
    let mut end = None;
    let mut closed_feasible = Vec::new();
    let ahead = closed.range(at..).copied();
    let wrapped = closed.range(..at).map(|&i| i + total);
    for q in ahead.chain(wrapped) {
        let open = q - next;
        if found + open >= want {
            end = Some(next + (want - found));
            found = want;
            break;
        }
        found += open;
        let i = if q >= total { q - total } else { q };
        let row = &rows[i];
        let fits = if row.flags.any() {
            passes_filters(pod, needs, &req, &nodes.candidate(i))
        } else {
            row.fits_need(need)
        };
        next = q + 1;
        if fits {
            closed_feasible.push(i);
            found += 1;
            if found == want {
                end = Some(next);
                break;
            }
        }
    }
    let end = end.unwrap_or_else(|| {
        let open = at + total - next;
        if found + open >= want {
            let end = next + (want - found);
            found = want;
            end
        } else {
            found += open;
            at + total
        }
    });
    if found == 0 {
        return None;
    }
    let runs = if end <= total {
        vec![(at, end)]
    } else {
        vec![(0, end - total), (at, total)]
    };
    into_name_order(&mut closed_feasible);
    Some(Window {
        runs,
        closed_feasible,
        processed: end - at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::core::v1::{
        Affinity, NodeAffinity, NodeSelector, NodeSpec, NodeStatus, PodSpec, ResourceRequirements,
    };
    use k8s_openapi::apimachinery::pkg::api::resource::Quantity as KQ;
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

    /// The flags that let the filters skip reading a node say exactly when NodeUnschedulable
    /// and TaintToleration could reject it: a node without them passes both for any pod.
    #[test]
    fn node_flags_mark_cordoned_and_tainted_nodes() {
        let plain = node("a", &[]);
        assert_eq!(NodeFlags::of(&plain), NodeFlags::default());
        let mut cordoned = node("b", &[]);
        if let Some(s) = cordoned.spec.as_mut() {
            s.unschedulable = Some(true);
        }
        assert!(NodeFlags::of(&cordoned).cordoned);
        let mut tainted = node("c", &[]);
        if let Some(s) = tainted.spec.as_mut() {
            s.taints = Some(vec![taint("k", "v", EFFECT_NO_SCHEDULE)]);
        }
        let flags = NodeFlags::of(&tainted);
        assert!(flags.tainted && !flags.cordoned);
        let pod = Pod::default();
        assert!(taint_toleration(&pod, &tainted).is_err());
        assert!(node_unschedulable(&pod, &cordoned).is_err());
        assert!(taint_toleration(&pod, &plain).is_ok() && node_unschedulable(&pod, &plain).is_ok());
    }

    fn node(name: &str, labels: &[(&str, &str)]) -> Node {
        Node {
            metadata: ObjectMeta {
                name: Some(name.to_string()),
                labels: Some(
                    labels
                        .iter()
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .collect(),
                ),
                ..Default::default()
            },
            spec: Some(NodeSpec::default()),
            status: Some(NodeStatus {
                allocatable: Some(
                    [("cpu", "2"), ("memory", "4Gi"), ("pods", "110")]
                        .iter()
                        .map(|(k, v)| (k.to_string(), KQ(v.to_string())))
                        .collect(),
                ),
                ..Default::default()
            }),
        }
    }

    fn container(cpu: Option<&str>, mem: Option<&str>) -> Container {
        let mut reqs = BTreeMap::new();
        if let Some(c) = cpu {
            reqs.insert("cpu".to_string(), KQ(c.to_string()));
        }
        if let Some(m) = mem {
            reqs.insert("memory".to_string(), KQ(m.to_string()));
        }
        Container {
            name: "c".into(),
            resources: Some(ResourceRequirements {
                requests: Some(reqs),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    /// A pod `p` with one container `c`, and `spec` (YAML lines, indented as fields of the
    /// spec or, after it, of the container) appended.
    fn pod(spec: &str) -> Pod {
        let core: k8s_openapi::api::core::v1::Pod = serde_yaml::from_str(&format!(
            "metadata: {{name: p}}\nspec:\n  containers:\n  - name: c\n    image: i\n{spec}"
        ))
        .expect("test pod parses");
        Pod::from(core)
    }

    /// A slice of candidates that also hands out their rows in one slice, as the scheduler's
    /// cache does.
    struct WithRows<'a>(&'a [Candidate<'a>], Vec<FitRow>);

    impl CandidateNodes for WithRows<'_> {
        fn len(&self) -> usize {
            self.0.len()
        }
        fn candidate(&self, i: usize) -> Candidate<'_> {
            self.0[i]
        }
        fn fit_rows(&self) -> Option<&[FitRow]> {
            Some(&self.1)
        }
    }

    /// The pass over packed rows finds the nodes, in the order, and examines as many, as the
    /// pass that runs the filters on each candidate: from every start, for every number
    /// wanted, for pods with and without requests, tolerations, a node name or a selector, over
    /// plain, labelled, cordoned, tainted, busy and full nodes.
    #[test]
    fn the_row_pass_finds_what_the_filter_pass_finds() {
        let pods = [
            pod(""),
            pod("    resources: {requests: {cpu: 500m}}\n"),
            pod("    resources: {requests: {memory: 3Gi}}\n"),
            pod("    resources: {requests: {cpu: '8'}}\n"),
            pod("  tolerations:\n  - {key: k, operator: Exists}\n"),
            pod("  nodeName: b\n"),
            pod("  nodeSelector: {disk: ssd}\n"),
        ];
        let mut nodes: Vec<Node> = ["a", "b", "c", "d", "e", "f", "g"]
            .iter()
            .map(|n| node(n, &[("disk", if *n == "b" { "ssd" } else { "hdd" })]))
            .collect();
        if let Some(s) = nodes[2].spec.as_mut() {
            s.unschedulable = Some(true);
        }
        if let Some(s) = nodes[3].spec.as_mut() {
            s.taints = Some(vec![taint("k", "v", EFFECT_NO_SCHEDULE)]);
        }
        let usages: Vec<NodeUsage> = (0..nodes.len())
            .map(|i| NodeUsage {
                // e is too busy for 500m; g has exactly 500m left.
                cpu_milli: match i {
                    4 => 1900,
                    6 => 1500,
                    _ => 100,
                },
                memory: if i == 0 { 2 << 30 } else { 0 },
                pods: if i == 5 { 110 } else { 3 },
                ..Default::default()
            })
            .collect();
        let allocs: Vec<Allocatable> = nodes.iter().map(allocatable).collect();
        let cands: Vec<Candidate<'_>> = nodes
            .iter()
            .zip(&usages)
            .zip(&allocs)
            .map(|((n, u), a)| Candidate::new(n, u, a))
            .collect();
        let rows = WithRows(&cands, cands.iter().map(|c| c.fit).collect());
        let total = nodes.len();
        let closed: std::collections::BTreeSet<usize> =
            (0..total).filter(|&i| !rows.1[i].is_open()).collect();
        let mut outcomes = std::collections::BTreeSet::new();
        let mut windows = 0;
        for p in &pods {
            let req = pod_requests(p);
            for start in 0..total {
                for want in 1..=total {
                    let by_filters = find_feasible(p, cands.as_slice(), want, start);
                    let by_rows = find_feasible(p, &rows, want, start);
                    assert_eq!(by_rows, by_filters, "start {start}, want {want}");
                    // The window over the closed nodes alone examines as many and finds the
                    // same nodes, for the pods it takes (no requests, only resources reject).
                    if let Some(w) = feasible_window(p, &rows, want, start, &closed) {
                        windows += 1;
                        let f = by_rows.as_ref().expect("a window only where a node fits");
                        let mut found: Vec<usize> = w
                            .runs
                            .iter()
                            .flat_map(|&(lo, hi)| lo..hi)
                            .filter(|i| !closed.contains(i))
                            .chain(w.closed_feasible.iter().copied())
                            .collect();
                        found.sort_unstable();
                        let mut expected = f.nodes.clone();
                        expected.sort_unstable();
                        assert_eq!((found, w.processed), (expected, f.processed));
                        assert!(w.closed_feasible.is_sorted());
                    }
                    // Each filter run on its own, node by node round from `start`, reads no
                    // row for resources: the answer neither pass could share a mistake with.
                    let mut expected = Vec::new();
                    let mut processed = 0;
                    for idx in (start..total).chain(0..start) {
                        processed += 1;
                        if filter_candidate(p, &req, &cands[idx]).is_ok() {
                            expected.push(idx);
                            if expected.len() == want {
                                break;
                            }
                        }
                    }
                    match by_rows {
                        Ok(f) => {
                            assert_eq!((f.nodes, f.processed), (expected, processed));
                            outcomes.insert(true);
                        }
                        Err(_) => {
                            assert!(expected.is_empty());
                            outcomes.insert(false);
                        }
                    }
                }
            }
        }
        // Some pods fit somewhere and one fits nowhere; the window took the plain pod and the
        // tolerating one from every start.
        assert_eq!(outcomes.len(), 2);
        assert_eq!(windows, 2 * total * total);
    }

    /// The filtering pass asks only the filters a pod can fail, and so decides every node as
    /// the full filter run does: pods with and without a node name, node selector, required
    /// affinity, tolerations and requests, on plain, labelled, cordoned, tainted and full nodes.
    #[test]
    fn the_filter_pass_agrees_with_every_filter() {
        let pods = [
            pod(""),
            pod("  nodeName: b\n"),
            pod("  nodeSelector: {disk: ssd}\n"),
            pod(
                "  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        nodeSelectorTerms:\n        - matchExpressions:\n          - {key: disk, operator: In, values: [ssd]}\n",
            ),
            pod(
                "  tolerations:\n  - {key: k, operator: Exists}\n  - {key: node.kubernetes.io/unschedulable, operator: Exists}\n",
            ),
            pod(
                "  containers:\n  - name: c\n    image: i\n    resources: {requests: {cpu: '3'}}\n",
            ),
        ];
        let mut nodes = vec![node("a", &[]), node("b", &[("disk", "ssd")])];
        let mut cordoned = node("c", &[("disk", "ssd")]);
        if let Some(s) = cordoned.spec.as_mut() {
            s.unschedulable = Some(true);
        }
        nodes.push(cordoned);
        let mut tainted = node("d", &[]);
        if let Some(s) = tainted.spec.as_mut() {
            s.taints = Some(vec![taint("k", "v", EFFECT_NO_SCHEDULE)]);
        }
        nodes.push(tainted);
        let full = NodeUsage {
            pods: 110,
            ..Default::default()
        };
        let mut decided = [0usize; 2];
        for p in &pods {
            let needs = PodFilterNeeds::of(p);
            let req = pod_requests(p);
            for n in &nodes {
                for usage in [NodeUsage::default(), full.clone()] {
                    let alloc = allocatable(n);
                    let c = Candidate::new(n, &usage, &alloc);
                    let all = filter_candidate(p, &req, &c).is_ok();
                    assert_eq!(passes_filters(p, needs, &req, &c), all, "{p:?} on {n:?}");
                    decided[usize::from(all)] += 1;
                }
            }
        }
        assert!(decided[0] > 0 && decided[1] > 0, "{decided:?}");
    }

    fn pod_with(containers: Vec<Container>) -> Pod {
        Pod {
            spec: Some(
                PodSpec {
                    containers,
                    ..Default::default()
                }
                .into(),
            ),
            ..Default::default()
        }
    }

    fn req(key: &str, op: &str, values: &[&str]) -> NodeSelectorRequirement {
        NodeSelectorRequirement {
            key: key.into(),
            operator: op.into(),
            values: if values.is_empty() {
                None
            } else {
                Some(values.iter().map(|s| s.to_string()).collect())
            },
        }
    }

    fn affinity_pod(terms: Vec<NodeSelectorTerm>) -> Pod {
        let mut p = pod_with(vec![]);
        if let Some(s) = p.spec.as_mut() {
            s.affinity = Some(
                Affinity {
                    node_affinity: Some(NodeAffinity {
                        required_during_scheduling_ignored_during_execution: Some(NodeSelector {
                            node_selector_terms: terms,
                        }),
                        ..Default::default()
                    }),
                    ..Default::default()
                }
                .into(),
            );
        }
        p
    }

    fn term(
        exprs: Vec<NodeSelectorRequirement>,
        fields: Vec<NodeSelectorRequirement>,
    ) -> NodeSelectorTerm {
        NodeSelectorTerm {
            match_expressions: if exprs.is_empty() { None } else { Some(exprs) },
            match_fields: if fields.is_empty() {
                None
            } else {
                Some(fields)
            },
        }
    }

    // nodeaffinity_test.go TestRequiredNodeAffinity / node_affinity_test.go TestNodeAffinity
    // (selected cases)
    #[test]
    fn node_affinity_cases() {
        let n = node(
            "node1",
            &[
                ("foo", "bar"),
                ("kernel-version", "0206"),
                ("GPU", "NVIDIA-GRID-K1"),
            ],
        );
        // no selector
        assert!(node_affinity(&pod_with(vec![]), &n).is_ok());
        // nodeSelector must match all pairs
        let mut p = pod_with(vec![]);
        if let Some(s) = p.spec.as_mut() {
            s.node_selector = Some([("foo".to_string(), "bar".to_string())].into());
        }
        assert!(node_affinity(&p, &n).is_ok());
        if let Some(s) = p.spec.as_mut() {
            s.node_selector = Some([("foo".to_string(), "baz".to_string())].into());
        }
        assert_eq!(node_affinity(&p, &n), Err(Reason::NodeAffinityMismatch));
        // In
        let p = affinity_pod(vec![term(
            vec![req("foo", "In", &["value1", "bar"])],
            vec![],
        )]);
        assert!(node_affinity(&p, &n).is_ok());
        // Gt / Lt with number-valued labels
        let p = affinity_pod(vec![term(
            vec![req("kernel-version", "Gt", &["0204"])],
            vec![],
        )]);
        assert!(node_affinity(&p, &n).is_ok());
        let p = affinity_pod(vec![term(
            vec![req("kernel-version", "Lt", &["0204"])],
            vec![],
        )]);
        assert!(node_affinity(&p, &n).is_err());
        // NotIn / DoesNotExist
        let p = affinity_pod(vec![term(
            vec![
                req("mem-type", "NotIn", &["DDR", "DDR2"]),
                req("GPU", "Exists", &[]),
            ],
            vec![],
        )]);
        assert!(node_affinity(&p, &n).is_ok());
        let p = affinity_pod(vec![term(vec![req("GPU", "DoesNotExist", &[])], vec![])]);
        assert!(node_affinity(&p, &n).is_err());
        // terms are ORed
        let p = affinity_pod(vec![
            term(vec![req("foo", "In", &["nope"])], vec![]),
            term(vec![req("GPU", "Exists", &[])], vec![]),
        ]);
        assert!(node_affinity(&p, &n).is_ok());
        // empty term list and empty terms match nothing
        assert!(node_affinity(&affinity_pod(vec![]), &n).is_err());
        assert!(node_affinity(&affinity_pod(vec![term(vec![], vec![])]), &n).is_err());
        // invalid operator: the term matches nothing
        let p = affinity_pod(vec![term(vec![req("foo", "Bogus", &["bar"])], vec![])]);
        assert!(node_affinity(&p, &n).is_err());
        // matchFields on metadata.name
        let p = affinity_pod(vec![term(
            vec![],
            vec![req("metadata.name", "In", &["node1"])],
        )]);
        assert!(node_affinity(&p, &n).is_ok());
        let p = affinity_pod(vec![term(
            vec![],
            vec![req("metadata.name", "In", &["node2"])],
        )]);
        assert!(node_affinity(&p, &n).is_err());
        let p = affinity_pod(vec![term(
            vec![req("foo", "In", &["bar"])],
            vec![req("metadata.name", "In", &["node1"])],
        )]);
        assert!(node_affinity(&p, &n).is_ok());
        let p = affinity_pod(vec![term(
            vec![req("foo", "In", &["nope"])],
            vec![req("metadata.name", "In", &["node1"])],
        )]);
        assert!(node_affinity(&p, &n).is_err());
    }

    #[test]
    fn reasons_render_like_plugins() {
        assert_eq!(
            Reason::UntoleratedTaint {
                key: "node-role.kubernetes.io/control-plane".into(),
                value: String::new()
            }
            .to_string(),
            "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"
        );
        assert_eq!(
            Reason::NodeUnschedulable.to_string(),
            "node(s) were unschedulable"
        );
        assert_eq!(
            Reason::NodeNameMismatch.to_string(),
            "node(s) didn't match the requested node name"
        );
        assert_eq!(
            Reason::NodeAffinityMismatch.to_string(),
            "node(s) didn't match Pod's node affinity/selector"
        );
        assert_eq!(Reason::TooManyPods.to_string(), "Too many pods");
        assert_eq!(
            Reason::DidNotSatisfyPlugins(vec!["NodeAffinity".into()]).to_string(),
            "node(s) didn't satisfy plugin(s) [NodeAffinity]"
        );
    }

    // fit.go: requests sum over containers, init containers take the max
    #[test]
    fn pod_requests_with_init_containers() {
        let mut p = pod_with(vec![
            container(Some("100m"), Some("128Mi")),
            container(Some("200m"), None),
        ]);
        assert_eq!(pod_requests(&p).cpu_milli, 300);
        assert_eq!(pod_requests(&p).memory, 128 << 20);
        if let Some(s) = p.spec.as_mut() {
            s.init_containers = Some(vec![container(Some("1"), Some("64Mi")).into()]);
        }
        let r = pod_requests(&p);
        assert_eq!((r.cpu_milli, r.memory), (1000, 128 << 20));
        // a sidecar (restartPolicy Always) adds to the sum and to later init containers
        if let Some(s) = p.spec.as_mut() {
            let mut sidecar = container(Some("50m"), None);
            sidecar.restart_policy = Some("Always".into());
            s.init_containers = Some(vec![sidecar.into(), container(Some("300m"), None).into()]);
        }
        assert_eq!(pod_requests(&p).cpu_milli, 350);
        // limits without requests default the request
        let mut c = container(None, None);
        if let Some(r) = c.resources.as_mut() {
            r.limits = Some([("cpu".to_string(), KQ("500m".into()))].into());
        }
        assert_eq!(pod_requests(&pod_with(vec![c])).cpu_milli, 500);
    }

    // fit_test.go style: insufficient resources and pod count
    #[test]
    fn resources_fit() {
        let n = node("n", &[]);
        let p = pod_with(vec![container(Some("1500m"), Some("1Gi"))]);
        assert!(node_resources_fit(&p, &n, &NodeUsage::default()).is_ok());
        let used = NodeUsage {
            cpu_milli: 1000,
            memory: (3 << 30) + 1,
            pods: 3,
            ..Default::default()
        };
        assert_eq!(
            node_resources_fit(&p, &n, &used),
            Err(vec![
                Reason::Insufficient {
                    resource: "cpu".into(),
                    unresolvable: false
                },
                Reason::Insufficient {
                    resource: "memory".into(),
                    unresolvable: false
                }
            ])
        );
        let huge = pod_with(vec![container(Some("3"), None)]);
        assert_eq!(
            node_resources_fit(&huge, &n, &NodeUsage::default()),
            Err(vec![Reason::Insufficient {
                resource: "cpu".into(),
                unresolvable: true
            }])
        );
        let full = NodeUsage {
            pods: 110,
            ..Default::default()
        };
        assert_eq!(
            node_resources_fit(&pod_with(vec![]), &n, &full),
            Err(vec![Reason::TooManyPods])
        );
        // Terminated pods do not count
        let mut done = pod_with(vec![container(Some("2"), None)]);
        done.status = Some(crate::sim::pod_status::PodStatus {
            phase: Some("Succeeded".into()),
            ..Default::default()
        });
        let running = pod_with(vec![container(Some("250m"), Some("1Mi"))]);
        let u = NodeUsage::from_pods(&[&done, &running]);
        assert_eq!((u.cpu_milli, u.memory, u.pods), (250, 1 << 20, 1));
    }

    #[test]
    fn cordon_name_and_taints() {
        let mut n = node("n1", &[]);
        let p = pod_with(vec![]);
        if let Some(s) = n.spec.as_mut() {
            s.unschedulable = Some(true);
        }
        assert_eq!(
            filter_node(&p, &n, &NodeUsage::default()),
            Err(vec![Reason::NodeUnschedulable])
        );
        let mut tolerant = pod_with(vec![]);
        if let Some(s) = tolerant.spec.as_mut() {
            s.tolerations = Some(
                vec![Toleration {
                    key: Some(TAINT_NODE_UNSCHEDULABLE.into()),
                    operator: Some("Exists".into()),
                    effect: Some("NoSchedule".into()),
                    ..Default::default()
                }]
                .into(),
            );
        }
        assert!(node_unschedulable(&tolerant, &n).is_ok());

        let mut named = pod_with(vec![]);
        if let Some(s) = named.spec.as_mut() {
            s.node_name = Some("other".into());
        }
        assert_eq!(
            node_name(&named, &node("n1", &[])),
            Err(Reason::NodeNameMismatch)
        );

        let mut tainted = node("cp", &[]);
        if let Some(s) = tainted.spec.as_mut() {
            s.taints = Some(vec![
                taint("soft", "", "PreferNoSchedule"),
                taint("node.kubernetes.io/not-ready", "", "NoSchedule"),
            ]);
        }
        assert_eq!(
            taint_toleration(&p, &tainted),
            Err(Reason::UntoleratedTaint {
                key: "node.kubernetes.io/not-ready".into(),
                value: String::new()
            })
        );
    }

    // types.go FitError.Error + preemption.go, checked against the message shape real
    // clusters print (see module docs).
    #[test]
    fn failed_scheduling_messages() {
        let taint_reason = vec![Reason::UntoleratedTaint {
            key: "node-role.kubernetes.io/control-plane".into(),
            value: String::new(),
        }];
        let cpu = vec![Reason::Insufficient {
            resource: "cpu".into(),
            unresolvable: false,
        }];
        let failures = vec![taint_reason.clone(), cpu.clone(), cpu.clone(), cpu.clone()];
        assert_eq!(
            failed_scheduling_message(4, &failures, Preemption::Default),
            "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod."
        );
        assert_eq!(
            failed_scheduling_message(4, &failures, Preemption::Off),
            "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu."
        );
        assert_eq!(
            failed_scheduling_message(1, std::slice::from_ref(&cpu), Preemption::NeverPolicy),
            "0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never."
        );
        // A node with two reasons counts once per reason.
        let both = vec![
            Reason::Insufficient {
                resource: "cpu".into(),
                unresolvable: false,
            },
            Reason::Insufficient {
                resource: "memory".into(),
                unresolvable: false,
            },
        ];
        assert_eq!(
            failed_scheduling_message(1, &[both], Preemption::Default),
            "0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."
        );
        // String sort: "10 ..." before "2 ..."
        let mut many = vec![cpu.clone(); 10];
        many.extend(vec![taint_reason.clone(); 2]);
        assert!(
            failed_scheduling_message(12, &many, Preemption::Off)
                .starts_with("0/12 nodes are available: 10 Insufficient cpu, 2 node(s)")
        );
        assert_eq!(
            failed_scheduling_message(0, &[], Preemption::Default),
            "no nodes available to schedule pods"
        );
    }

    #[test]
    fn daemonset_style_pinned_pod() {
        let mut cp = node("cp", &[]);
        if let Some(s) = cp.spec.as_mut() {
            s.taints = Some(vec![taint(
                "node-role.kubernetes.io/control-plane",
                "",
                "NoSchedule",
            )]);
        }
        let w1 = node("w1", &[]);
        let w2 = node("w2", &[]);
        let p = affinity_pod(vec![term(
            vec![],
            vec![req("metadata.name", "In", &["cp"])],
        )]);
        let nodes = vec![
            (&cp, NodeUsage::default()),
            (&w1, NodeUsage::default()),
            (&w2, NodeUsage::default()),
        ];
        assert_eq!(
            find_nodes_that_fit(&p, &nodes),
            Err("0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.".to_string())
        );
        let p = affinity_pod(vec![term(
            vec![],
            vec![req("metadata.name", "In", &["w2"])],
        )]);
        assert_eq!(find_nodes_that_fit(&p, &nodes), Ok(vec!["w2".to_string()]));
        let conflict = affinity_pod(vec![term(
            vec![],
            vec![
                req("metadata.name", "In", &["w1"]),
                req("metadata.name", "In", &["w2"]),
            ],
        )]);
        assert_eq!(
            find_nodes_that_fit(&conflict, &nodes),
            Err("0/3 nodes are available: pod affinity terms conflict. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.".to_string())
        );
        assert_eq!(
            find_nodes_that_fit(&pod_with(vec![]), &nodes),
            Ok(vec!["w1".to_string(), "w2".to_string()])
        );
    }

    /// `numFeasibleNodesToFind` in `pkg/scheduler/schedule_one.go`: all nodes below 100,
    /// then `50 - n/125` percent, never under 5% nor under 100 nodes.
    #[test]
    fn feasible_nodes_to_find_follows_the_scheduler() {
        assert_eq!(num_feasible_nodes_to_find(3), 3);
        assert_eq!(num_feasible_nodes_to_find(99), 99);
        assert_eq!(num_feasible_nodes_to_find(100), 100);
        assert_eq!(num_feasible_nodes_to_find(1000), 420);
        assert_eq!(num_feasible_nodes_to_find(5000), 500);
        assert_eq!(num_feasible_nodes_to_find(6000), 300);
    }

    /// The filter pass's quick answer is the resource filter's: over requests, capacities and
    /// usage at, under and over each limit (pods, cpu, memory, ephemeral storage, an extended
    /// resource the node has or lacks).
    #[test]
    fn the_quick_resource_check_agrees_with_the_filter() {
        let values = [i64::MIN, -1, 0, 1, 2, 3, i64::MAX];
        let mut checked = 0;
        for &want in &values {
            for &cap in &values {
                for &used in &values {
                    for which in 0..5 {
                        let mut req = Resources::default();
                        let mut alloc = Resources {
                            cpu_milli: 2,
                            memory: 2,
                            ephemeral_storage: 2,
                            ..Default::default()
                        };
                        let mut usage = NodeUsage::default();
                        let mut pods = 3;
                        match which {
                            0 => {
                                pods = cap;
                                usage.pods = used as usize;
                            }
                            1 => {
                                (req.cpu_milli, alloc.cpu_milli, usage.cpu_milli) =
                                    (want, cap, used)
                            }
                            2 => (req.memory, alloc.memory, usage.memory) = (want, cap, used),
                            3 => {
                                (req.ephemeral_storage, alloc.ephemeral_storage) = (want, cap);
                                usage.ephemeral_storage = used;
                            }
                            _ => {
                                req.scalar.insert("example.com/gpu".into(), want);
                                if cap > 0 {
                                    alloc.scalar.insert("example.com/gpu".into(), cap);
                                }
                                usage.scalar.insert("example.com/gpu".into(), used);
                            }
                        }
                        let alloc = (alloc, pods);
                        let full = super::resources_fit(&req, &alloc, &usage).is_ok();
                        assert_eq!(
                            resources_fit_ok(&req, &alloc, &usage),
                            full,
                            "{which}: want {want}, cap {cap}, used {used}"
                        );
                        // The packed row answers for requests without extended resources.
                        if req.scalar.is_empty() {
                            let row = FitRow::of(&alloc, &usage, NodeFlags::default());
                            assert_eq!(
                                row.fits(&req),
                                full,
                                "row {which}: want {want}, cap {cap}, used {used}"
                            );
                        }
                        checked += 1;
                    }
                }
            }
        }
        assert_eq!(checked, 7 * 7 * 7 * 5);
    }

    /// The search starts where the last one stopped and ends once it has found enough
    /// (`nextStartNodeIndex` in `findNodesThatFitPod`).
    #[test]
    fn feasible_search_rotates_and_stops_early() {
        let ns: Vec<Node> = (0..6).map(|i| node(&format!("n{i}"), &[])).collect();
        let usage = NodeUsage::default();
        let allocs: Vec<Allocatable> = ns.iter().map(allocatable).collect();
        let cands: Vec<Candidate<'_>> = ns
            .iter()
            .zip(&allocs)
            .map(|(node, allocatable)| Candidate::new(node, &usage, allocatable))
            .collect();
        let p = pod_with(vec![]);
        assert_eq!(
            find_feasible(&p, cands.as_slice(), 2, 4),
            Ok(Feasible {
                nodes: vec![4, 5],
                processed: 2
            })
        );
        assert_eq!(
            find_feasible(&p, cands.as_slice(), 3, 5),
            Ok(Feasible {
                nodes: vec![5, 0, 1],
                processed: 3
            })
        );
    }
}
