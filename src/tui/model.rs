//! What the node grid shows, computed from the cluster once per change: one card per node with
//! its pods as chips, and a lane for pods no node can take. Rendering reads only this, so the
//! screen never walks the store while drawing.

use crate::kubectl::printers::{pod_ready, pod_status_reason};
use crate::sim::cluster::Cluster;
use crate::sim::object::{Kind, Object};
use crate::sim::pod::Pod;
use k8s_openapi::api::core::v1::{Node, PersistentVolumeClaim};
use std::collections::BTreeMap;

/// A pod's status reduced to what a colour and a symbol can say.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StatusClass {
    /// Not yet scheduled or waiting.
    Pending,
    /// Pulling images, starting the sandbox, running init containers.
    Creating,
    /// Running and ready.
    Ready,
    /// Running but not (yet) ready.
    NotReady,
    /// Finished successfully (Job pods).
    Completed,
    /// Failed: Error, OOMKilled, image pull errors, evicted.
    Error,
    /// Restarting with back-off.
    CrashLoop,
    /// Being deleted.
    Terminating,
    /// The node stopped reporting.
    Unknown,
}

impl StatusClass {
    /// Classifies kubectl's STATUS column (`printPod` in pkg/printers/internalversion/printers.go,
    /// computed here by `pod_status_reason`) and the READY count.
    pub fn of(reason: &str, ready: (usize, usize)) -> StatusClass {
        match reason {
            "Pending" => StatusClass::Pending,
            "Running" if ready.0 >= ready.1 => StatusClass::Ready,
            "Running" => StatusClass::NotReady,
            "Completed" | "Succeeded" => StatusClass::Completed,
            "Terminating" => StatusClass::Terminating,
            "Unknown" | "NodeLost" => StatusClass::Unknown,
            "ContainerCreating" | "PodInitializing" => StatusClass::Creating,
            r if r.contains("CrashLoopBackOff") => StatusClass::CrashLoop,
            r if r.starts_with("Init:") && !r.contains("Err") && !r.contains("BackOff") => {
                StatusClass::Creating
            }
            _ => StatusClass::Error,
        }
    }

    /// The symbol that carries the status without colour.
    pub fn symbol(self) -> &'static str {
        match self {
            StatusClass::Pending => "◌",
            StatusClass::Creating => "◐",
            StatusClass::Ready => "●",
            StatusClass::NotReady => "○",
            StatusClass::Completed => "✓",
            StatusClass::Error => "✗",
            StatusClass::CrashLoop => "↻",
            StatusClass::Terminating => "⊘",
            StatusClass::Unknown => "?",
        }
    }

    /// Every class, for the legend.
    pub const ALL: [StatusClass; 9] = [
        StatusClass::Ready,
        StatusClass::NotReady,
        StatusClass::Pending,
        StatusClass::Creating,
        StatusClass::Completed,
        StatusClass::Error,
        StatusClass::CrashLoop,
        StatusClass::Terminating,
        StatusClass::Unknown,
    ];

    /// A one-word legend name.
    pub fn label(self) -> &'static str {
        match self {
            StatusClass::Pending => "Pending",
            StatusClass::Creating => "Creating",
            StatusClass::Ready => "Ready",
            StatusClass::NotReady => "NotReady",
            StatusClass::Completed => "Completed",
            StatusClass::Error => "Error",
            StatusClass::CrashLoop => "CrashLoop",
            StatusClass::Terminating => "Terminating",
            StatusClass::Unknown => "Unknown",
        }
    }
}

/// One pod as a chip.
#[derive(Clone, Debug, PartialEq)]
pub struct PodChip {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// The pod's uid (a recreated pod is a new chip).
    pub uid: String,
    /// The owning workload (`StatefulSet/web`), or the pod itself when it has none.
    pub owner: String,
    /// kubectl's STATUS column.
    pub status: String,
    /// READY as numbers.
    pub ready: (usize, usize),
    /// Reduced status.
    pub class: StatusClass,
    /// Claims it mounts, with the claim's phase (`data-web-0 Bound`).
    pub pvcs: Vec<(String, String)>,
    /// Why it is not scheduled (PodScheduled condition message), for unscheduled pods.
    pub reason: Option<String>,
}

/// Whether a node is a node or the lane of unscheduled pods.
#[derive(Clone, Debug, PartialEq)]
pub enum CardKind {
    /// A Node object.
    Node,
    /// Pods no node has taken.
    Unscheduled,
}

/// One node as a card.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeCard {
    /// Node or lane.
    pub kind: CardKind,
    /// Node name.
    pub name: String,
    /// ROLES as `kubectl get nodes` prints them.
    pub role: String,
    /// STATUS as `kubectl get nodes` prints it (`Ready`, `NotReady,SchedulingDisabled`).
    pub status: String,
    /// Whether the Ready condition is True.
    pub ready: bool,
    /// Taints as `key=value:Effect`.
    pub taints: Vec<String>,
    /// Labels worth showing (zone and anything not from kubernetes.io).
    pub labels: Vec<String>,
    /// Its pods, sorted by owner then name.
    pub pods: Vec<PodChip>,
}

/// The whole grid.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClusterView {
    /// The unscheduled lane first if any pod waits, then node cards in name order.
    pub cards: Vec<NodeCard>,
    /// Owners in first-seen order: a workload's colour is its index here.
    pub owners: BTreeMap<String, usize>,
    /// Pod count.
    pub pod_count: usize,
}

/// `kubectl get nodes` STATUS (`printNode` in pkg/printers/internalversion/printers.go): the Ready
/// condition, `NotReady` for False and Unknown, and `,SchedulingDisabled` when cordoned.
pub fn node_status(n: &Node) -> (String, bool) {
    let ready = n
        .status
        .as_ref()
        .and_then(|s| s.conditions.as_ref())
        .and_then(|cs| cs.iter().find(|c| c.type_ == "Ready"))
        .map(|c| c.status == "True");
    let mut s = match ready {
        Some(true) => "Ready".to_string(),
        Some(false) => "NotReady".to_string(),
        None => "Unknown".to_string(),
    };
    if n.spec.as_ref().and_then(|s| s.unschedulable) == Some(true) {
        s.push_str(",SchedulingDisabled");
    }
    (s, ready == Some(true))
}

fn node_role(n: &Node) -> String {
    let mut roles: Vec<&str> = n
        .metadata
        .labels
        .iter()
        .flatten()
        .filter_map(|(k, _)| k.strip_prefix("node-role.kubernetes.io/"))
        .filter(|r| !r.is_empty())
        .collect();
    roles.sort();
    if roles.is_empty() {
        "<none>".into()
    } else {
        roles.join(",")
    }
}

fn owner_of(p: &Pod) -> String {
    let meta = &p.metadata;
    match meta
        .owner_references
        .iter()
        .flatten()
        .find(|o| o.controller == Some(true))
    {
        Some(o) => format!("{}/{}", o.kind, o.name),
        None => format!("Pod/{}", meta.name.clone().unwrap_or_default()),
    }
}

/// Builds the grid from the cluster.
pub fn build(c: &Cluster) -> ClusterView {
    let mut by_node: BTreeMap<String, Vec<PodChip>> = BTreeMap::new();
    let mut lane = Vec::new();
    let mut owners = BTreeMap::new();
    let mut pod_count = 0;
    for o in c.store.list(Kind::Pod, None) {
        let Object::Pod(p) = o else { continue };
        pod_count += 1;
        let ns = o.namespace().to_string();
        let status = pod_status_reason(p);
        let ready = pod_ready(p);
        let pvcs = p
            .spec
            .iter()
            .flat_map(|s| s.volumes.iter().flatten())
            .filter_map(|v| v.source.persistent_volume_claim.as_ref())
            .map(|claim| {
                let phase = c
                    .store
                    .get_typed::<PersistentVolumeClaim>(&ns, &claim.claim_name)
                    .and_then(|pvc| pvc.status.as_ref()?.phase.clone())
                    .unwrap_or_else(|| "Missing".into());
                (claim.claim_name.clone(), phase)
            })
            .collect();
        let owner = owner_of(p);
        let n = owners.len();
        owners.entry(owner.clone()).or_insert(n);
        let node = p.spec.as_ref().and_then(|s| s.node_name.clone());
        let reason = if node.is_none() {
            p.status
                .as_ref()
                .and_then(|s| s.conditions.as_ref())
                .and_then(|cs| cs.iter().find(|c| c.type_ == "PodScheduled"))
                .and_then(|c| c.message.clone())
        } else {
            None
        };
        let chip = PodChip {
            namespace: ns,
            name: o.name().to_string(),
            uid: o.meta().uid.clone().unwrap_or_default(),
            owner,
            class: StatusClass::of(&status, ready),
            status,
            ready,
            pvcs,
            reason,
        };
        match node {
            Some(n) => by_node.entry(String::from(n)).or_default().push(chip),
            None => lane.push(chip),
        }
    }
    let sort = |v: &mut Vec<PodChip>| {
        v.sort_by(|a, b| (&a.owner, &a.namespace, &a.name).cmp(&(&b.owner, &b.namespace, &b.name)))
    };
    let mut cards = Vec::new();
    for o in c.store.list(Kind::Node, None) {
        let Object::Node(n) = o else { continue };
        let (status, ready) = node_status(n);
        let taints = n
            .spec
            .iter()
            .flat_map(|s| s.taints.iter().flatten())
            .map(|t| match &t.value {
                Some(v) if !v.is_empty() => format!("{}={}:{}", t.key, v, t.effect),
                _ => format!("{}:{}", t.key, t.effect),
            })
            .collect();
        let labels = n
            .metadata
            .labels
            .iter()
            .flatten()
            .filter(|(k, _)| {
                k.starts_with("topology.kubernetes.io/") || !k.contains("kubernetes.io")
            })
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let mut pods = by_node.remove(o.name()).unwrap_or_default();
        sort(&mut pods);
        cards.push(NodeCard {
            kind: CardKind::Node,
            name: o.name().to_string(),
            role: node_role(n),
            status,
            ready,
            taints,
            labels,
            pods,
        });
    }
    // Pods bound to a node that no longer exists still show, in their own card.
    for (name, mut pods) in by_node {
        sort(&mut pods);
        cards.push(NodeCard {
            kind: CardKind::Node,
            name,
            role: "<gone>".into(),
            status: "NotFound".into(),
            ready: false,
            taints: vec![],
            labels: vec![],
            pods,
        });
    }
    if !lane.is_empty() {
        sort(&mut lane);
        cards.insert(
            0,
            NodeCard {
                kind: CardKind::Unscheduled,
                name: "unscheduled".into(),
                role: String::new(),
                status: "Pending".into(),
                ready: false,
                taints: vec![],
                labels: vec![],
                pods: lane,
            },
        );
    }
    ClusterView {
        cards,
        owners,
        pod_count,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_kubectl_status_column() {
        assert_eq!(StatusClass::of("Running", (1, 1)), StatusClass::Ready);
        assert_eq!(StatusClass::of("Running", (0, 1)), StatusClass::NotReady);
        assert_eq!(StatusClass::of("Init:0/2", (0, 1)), StatusClass::Creating);
        assert_eq!(
            StatusClass::of("Init:CrashLoopBackOff", (0, 1)),
            StatusClass::CrashLoop
        );
        assert_eq!(StatusClass::of("Init:Error", (0, 1)), StatusClass::Error);
        assert_eq!(StatusClass::of("OOMKilled", (0, 1)), StatusClass::Error);
        assert_eq!(StatusClass::of("Completed", (0, 1)), StatusClass::Completed);
        assert_eq!(
            StatusClass::of("Terminating", (1, 1)),
            StatusClass::Terminating
        );
    }
}
