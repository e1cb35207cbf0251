//! The cluster a learner starts with, shaped like a fresh kubeadm/kind cluster: namespaces, a
//! tainted control-plane node, workers, a default StorageClass and the `kubernetes` Service.

use crate::sim::cluster::Cluster;
use crate::sim::object::Object;
use k8s_openapi::api::core::v1::{
    Namespace, NamespaceStatus, Node, NodeAddress, NodeCondition, NodeSpec, NodeStatus,
    NodeSystemInfo, Service, ServicePort, ServiceSpec, Taint,
};
use k8s_openapi::api::storage::v1::StorageClass;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use std::collections::BTreeMap;

/// The kubelet version every simulated node reports.
pub const KUBELET_VERSION: &str = "v1.34.1";
/// The control-plane taint kubeadm puts on control-plane nodes.
pub const CONTROL_PLANE_TAINT: &str = "node-role.kubernetes.io/control-plane";

/// Options for a node added by the operator (`node add NAME --label k=v --taint k=v:Effect`).
#[derive(Clone, Debug, Default)]
pub struct NodeOptions {
    /// Extra labels.
    pub labels: BTreeMap<String, String>,
    /// Taints.
    pub taints: Vec<Taint>,
    /// Whether it is a control-plane node.
    pub control_plane: bool,
    /// CPU cores (default 4).
    pub cpu: Option<String>,
    /// Memory (default 8Gi).
    pub memory: Option<String>,
}

fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Builds a Ready node object with kind-like labels, capacity, addresses and system info.
pub fn node_object(c: &mut Cluster, name: &str, index: usize, opts: &NodeOptions) -> Node {
    let mut l = labels(&[
        ("beta.kubernetes.io/arch", "amd64"),
        ("beta.kubernetes.io/os", "linux"),
        ("kubernetes.io/arch", "amd64"),
        ("kubernetes.io/hostname", name),
        ("kubernetes.io/os", "linux"),
    ]);
    if opts.control_plane {
        l.insert(CONTROL_PLANE_TAINT.into(), String::new());
        l.insert(
            "node.kubernetes.io/exclude-from-external-load-balancers".into(),
            String::new(),
        );
    }
    l.extend(opts.labels.clone());
    let cpu = opts.cpu.clone().unwrap_or_else(|| "4".into());
    let memory = opts.memory.clone().unwrap_or_else(|| "8Gi".into());
    let resources: BTreeMap<String, Quantity> = [
        ("cpu", cpu.as_str()),
        ("ephemeral-storage", "100Gi"),
        ("hugepages-1Gi", "0"),
        ("hugepages-2Mi", "0"),
        ("memory", memory.as_str()),
        ("pods", "110"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), Quantity(v.to_string())))
    .collect();
    let now = Some(c.now_time());
    let ip = format!("172.18.0.{}", index + 2);
    let cond = |t: &str, s: &str, reason: &str, msg: &str| NodeCondition {
        type_: t.into(),
        status: s.into(),
        reason: Some(reason.into()),
        message: Some(msg.into()),
        last_heartbeat_time: now.clone(),
        last_transition_time: now.clone(),
    };
    let taints = {
        let mut t = opts.taints.clone();
        if opts.control_plane {
            t.insert(
                0,
                Taint {
                    key: CONTROL_PLANE_TAINT.into(),
                    effect: "NoSchedule".into(),
                    value: None,
                    time_added: None,
                },
            );
        }
        t
    };
    let uid = c.new_uid();
    Node {
        metadata: ObjectMeta {
            name: Some(name.into()),
            labels: Some(l),
            uid: Some(uid),
            creation_timestamp: now.clone(),
            annotations: Some(
                [("node.alpha.kubernetes.io/ttl".to_string(), "0".to_string())]
                    .into_iter()
                    .collect(),
            ),
            ..Default::default()
        },
        spec: Some(NodeSpec {
            pod_cidr: Some(format!("10.244.{index}.0/24")),
            pod_cidrs: Some(vec![format!("10.244.{index}.0/24")]),
            provider_id: Some(format!("kind://docker/kubetutor/{name}")),
            taints: if taints.is_empty() {
                None
            } else {
                Some(taints)
            },
            ..Default::default()
        }),
        status: Some(NodeStatus {
            addresses: Some(vec![
                NodeAddress {
                    type_: "InternalIP".into(),
                    address: ip,
                },
                NodeAddress {
                    type_: "Hostname".into(),
                    address: name.into(),
                },
            ]),
            allocatable: Some(resources.clone()),
            capacity: Some(resources),
            conditions: Some(vec![
                cond(
                    "MemoryPressure",
                    "False",
                    "KubeletHasSufficientMemory",
                    "kubelet has sufficient memory available",
                ),
                cond(
                    "DiskPressure",
                    "False",
                    "KubeletHasNoDiskPressure",
                    "kubelet has no disk pressure",
                ),
                cond(
                    "PIDPressure",
                    "False",
                    "KubeletHasSufficientPID",
                    "kubelet has sufficient PID available",
                ),
                cond(
                    "Ready",
                    "True",
                    "KubeletReady",
                    "kubelet is posting ready status",
                ),
            ]),
            node_info: Some(NodeSystemInfo {
                architecture: "amd64".into(),
                boot_id: c.new_uid(),
                container_runtime_version: "containerd://2.1.3".into(),
                kernel_version: "6.8.0-64-generic".into(),
                kube_proxy_version: String::new(),
                kubelet_version: KUBELET_VERSION.into(),
                machine_id: c.new_uid().replace('-', ""),
                operating_system: "linux".into(),
                os_image: "Debian GNU/Linux 12 (bookworm)".into(),
                system_uuid: c.new_uid(),
                ..Default::default()
            }),
            ..Default::default()
        }),
    }
}

fn namespace(c: &mut Cluster, name: &str) -> Object {
    let uid = c.new_uid();
    Object::Namespace(std::sync::Arc::new(Namespace {
        metadata: ObjectMeta {
            name: Some(name.into()),
            uid: Some(uid),
            creation_timestamp: Some(c.now_time()),
            labels: Some(labels(&[("kubernetes.io/metadata.name", name)])),
            ..Default::default()
        },
        spec: Some(k8s_openapi::api::core::v1::NamespaceSpec {
            finalizers: Some(vec!["kubernetes".into()]),
        }),
        status: Some(NamespaceStatus {
            phase: Some("Active".into()),
            conditions: None,
        }),
    }))
}

/// Fills an empty cluster with the default namespaces, nodes, StorageClass and Service.
pub fn bootstrap(c: &mut Cluster, workers: usize) {
    for ns in ["default", "kube-node-lease", "kube-public", "kube-system"] {
        let o = namespace(c, ns);
        c.api_write(o);
        crate::sim::controllers::serviceaccount::ensure_namespace_defaults(c, ns, "");
    }
    let cp = node_object(
        c,
        "control-plane",
        0,
        &NodeOptions {
            control_plane: true,
            ..Default::default()
        },
    );
    c.api_write(Object::Node(std::sync::Arc::new(cp)));
    for i in 1..=workers {
        let n = node_object(c, &format!("worker-{i}"), i, &NodeOptions::default());
        c.api_write(Object::Node(std::sync::Arc::new(n)));
    }
    let uid = c.new_uid();
    let sc = StorageClass {
        metadata: ObjectMeta {
            name: Some("standard".into()),
            uid: Some(uid),
            creation_timestamp: Some(c.now_time()),
            annotations: Some(
                [(
                    "storageclass.kubernetes.io/is-default-class".to_string(),
                    "true".to_string(),
                )]
                .into_iter()
                .collect(),
            ),
            ..Default::default()
        },
        provisioner: "k8s.io/minikube-hostpath".into(),
        reclaim_policy: Some("Delete".into()),
        volume_binding_mode: Some("Immediate".into()),
        allow_volume_expansion: None,
        ..Default::default()
    };
    c.api_write(Object::StorageClass(std::sync::Arc::new(sc)));
    let uid = c.new_uid();
    let svc = Service {
        metadata: ObjectMeta {
            name: Some("kubernetes".into()),
            namespace: Some("default".into()),
            uid: Some(uid),
            creation_timestamp: Some(c.now_time()),
            labels: Some(labels(&[
                ("component", "apiserver"),
                ("provider", "kubernetes"),
            ])),
            ..Default::default()
        },
        spec: Some(ServiceSpec {
            cluster_ip: Some("10.96.0.1".into()),
            cluster_ips: Some(vec!["10.96.0.1".into()]),
            type_: Some("ClusterIP".into()),
            session_affinity: Some("None".into()),
            ip_families: Some(vec!["IPv4".into()]),
            ip_family_policy: Some("SingleStack".into()),
            internal_traffic_policy: Some("Cluster".into()),
            ports: Some(vec![ServicePort {
                name: Some("https".into()),
                port: 443,
                protocol: Some("TCP".into()),
                target_port: Some(IntOrString::Int(6443)),
                ..Default::default()
            }]),
            ..Default::default()
        }),
        status: None,
    };
    c.api_write(Object::Service(std::sync::Arc::new(svc)));
    c.runtime.next_cluster_ip = 1;
}
