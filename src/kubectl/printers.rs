//! `kubectl get` rows for the built-in kinds the simulator serves.
//!
//! Each kind's column list and cell values are ported from the API server's
//! table printers in `pkg/printers/internalversion/printers.go` (`printPod`,
//! `printNode`, `printJob`, ...), so that `kubectl get` against the simulator
//! prints exactly what it prints against a real cluster. Cells are computed
//! from the object as given: objects are expected to carry the API server's
//! defaults (as every stored object does); an undefaulted field prints like
//! upstream prints its zero value (e.g. `spec.replicas: None` counts as 0).

use std::collections::{BTreeMap, BTreeSet};

use crate::sim::pod::Pod;
use crate::sim::pod_status::{ContainerStatus, PodCondition};
use jiff::Timestamp;
use k8s_openapi::api::apps::v1::{
    ControllerRevision, DaemonSet, Deployment, ReplicaSet, StatefulSet,
};
use k8s_openapi::api::batch::v1::{CronJob, Job, JobCondition};
use k8s_openapi::api::core::v1::{
    ConfigMap, Container, Endpoints, Event, Namespace, Node, PersistentVolume,
    PersistentVolumeClaim, PodTemplateSpec, Secret, Service,
};
use k8s_openapi::api::storage::v1::StorageClass;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta, Time};

use crate::kubectl::duration::{
    human_duration, translate_micro_timestamp_since, translate_timestamp_since,
};
use crate::kubectl::table::{Column, RenderOptions, Row, Table, format_labels};

/// `labelNodeRolePrefix`: `node-role.kubernetes.io/<role>` marks a node role.
const LABEL_NODE_ROLE_PREFIX: &str = "node-role.kubernetes.io/";
/// `nodeLabelRole`: the older `kubernetes.io/role=<role>` label.
const NODE_LABEL_ROLE: &str = "kubernetes.io/role";
/// `node.NodeUnreachablePodReason`: set on pods of a lost node.
const NODE_UNREACHABLE_POD_REASON: &str = "NodeLost";
/// `loadBalancerWidth`: LoadBalancer addresses are cut to this many bytes
/// unless `-o wide`.
const LOAD_BALANCER_WIDTH: usize = 16;
/// `v1.BetaStorageClassAnnotation`, still preferred over `storageClassName`.
const BETA_STORAGE_CLASS_ANNOTATION: &str = "volume.beta.kubernetes.io/storage-class";

/// A kind `kubectl get` can print as a table: its upstream column
/// definitions and the cells of one object.
pub trait TablePrinter {
    /// The column definitions, wide (priority 1) ones included, in upstream
    /// order.
    fn columns() -> Vec<Column>;

    /// One cell per entry of [`TablePrinter::columns`], wide ones included.
    /// `wide` only matters where upstream prints a cell differently under
    /// `-o wide` (a Service's LoadBalancer addresses are not shortened).
    fn row_with(&self, now: Timestamp, wide: bool) -> Vec<String>;

    /// [`TablePrinter::row_with`] for the default (non-wide) output.
    fn row(&self, now: Timestamp) -> Vec<String> {
        self.row_with(now, false)
    }

    /// The object's metadata, for the NAMESPACE and label columns.
    fn meta(&self) -> &ObjectMeta;
}

/// Builds the table `kubectl get <kind>` renders for `items` (in the order
/// given) at time `now`; pass it to [`crate::kubectl::table::render`] with the
/// same options.
pub fn to_table<T: TablePrinter>(items: &[T], now: Timestamp, opts: &RenderOptions) -> Table {
    Table {
        columns: T::columns(),
        rows: items
            .iter()
            .map(|item| Row::from_meta(item.meta(), item.row_with(now, opts.wide)))
            .collect(),
    }
}

// ---------------------------------------------------------------------------
// Shared helpers (printers.go and the apimachinery helpers it calls)
// ---------------------------------------------------------------------------

fn name_of(meta: &ObjectMeta) -> String {
    meta.name.clone().unwrap_or_default()
}

fn age_of(meta: &ObjectMeta, now: Timestamp) -> String {
    translate_timestamp_since(meta.creation_timestamp.as_ref(), now)
}

fn str_or_empty(s: Option<&String>) -> String {
    s.cloned().unwrap_or_default()
}

fn non_empty(s: Option<&String>) -> Option<&str> {
    s.map(String::as_str).filter(|s| !s.is_empty())
}

fn template_containers(template: Option<&PodTemplateSpec>) -> &[Container] {
    template
        .and_then(|t| t.spec.as_ref())
        .map(|s| s.containers.as_slice())
        .unwrap_or(&[])
}

/// `layoutContainerCells`: container names and images, comma-joined.
fn layout_container_cells(containers: &[Container]) -> (String, String) {
    let names: Vec<&str> = containers.iter().map(|c| c.name.as_str()).collect();
    let images: Vec<&str> = containers
        .iter()
        .map(|c| c.image.as_deref().unwrap_or(""))
        .collect();
    (names.join(","), images.join(","))
}

/// `metav1.LabelSelectorAsSelector(sel).String()`; `Err` where upstream
/// fails to convert (an unknown operator, or a missing/extra value list).
fn selector_string(sel: Option<&LabelSelector>) -> Result<String, ()> {
    let Some(sel) = sel else {
        // labels.Nothing() prints as "".
        return Ok(String::new());
    };
    let mut reqs: Vec<(String, String)> = Vec::new();
    for (k, v) in sel.match_labels.iter().flatten() {
        reqs.push((k.clone(), format!("{k}={v}")));
    }
    for e in sel.match_expressions.iter().flatten() {
        let mut values: Vec<String> = e.values.clone().unwrap_or_default();
        values.sort();
        values.dedup();
        let text = match e.operator.as_str() {
            "In" | "NotIn" => {
                if values.is_empty() {
                    return Err(());
                }
                let op = if e.operator == "In" { "in" } else { "notin" };
                format!("{} {} ({})", e.key, op, values.join(","))
            }
            "Exists" | "DoesNotExist" => {
                if !values.is_empty() {
                    return Err(());
                }
                if e.operator == "Exists" {
                    e.key.clone()
                } else {
                    format!("!{}", e.key)
                }
            }
            _ => return Err(()),
        };
        reqs.push((e.key.clone(), text));
    }
    // internalSelector.Add sorts requirements by key.
    reqs.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(reqs
        .into_iter()
        .map(|(_, t)| t)
        .collect::<Vec<_>>()
        .join(","))
}

/// `metav1.FormatLabelSelector`: `<none>` for an empty selector, `<error>`
/// for one that cannot be converted.
fn format_label_selector(sel: Option<&LabelSelector>) -> String {
    match selector_string(sel) {
        Ok(s) if s.is_empty() => "<none>".to_string(),
        Ok(s) => s,
        Err(()) => "<error>".to_string(),
    }
}

fn format_map_labels(map: Option<&BTreeMap<String, String>>) -> String {
    match map {
        Some(m) => format_labels(m),
        None => "<none>".to_string(),
    }
}

/// `helper.GetAccessModesAsString`: RWO, ROX, RWX, RWOP in that fixed order.
fn access_modes_as_string(modes: Option<&Vec<String>>) -> String {
    let modes = modes.map(Vec::as_slice).unwrap_or(&[]);
    let has = |m: &str| modes.iter().any(|x| x == m);
    let mut out = Vec::new();
    if has("ReadWriteOnce") {
        out.push("RWO");
    }
    if has("ReadOnlyMany") {
        out.push("ROX");
    }
    if has("ReadWriteMany") {
        out.push("RWX");
    }
    if has("ReadWriteOncePod") {
        out.push("RWOP");
    }
    out.join(",")
}

fn print_bool(b: bool) -> String {
    if b { "True" } else { "False" }.to_string()
}

/// `printBoolPtr`: `True`/`False`, or `<unset>` for nil.
fn print_bool_ptr(b: Option<bool>) -> String {
    match b {
        Some(b) => print_bool(b),
        None => "<unset>".to_string(),
    }
}

// ---------------------------------------------------------------------------
// Pods
// ---------------------------------------------------------------------------

/// Everything `printPod` derives from a pod's status.
struct PodSummary {
    reason: String,
    ready: usize,
    total: usize,
    restarts: i64,
    last_restart: Option<Timestamp>,
}

fn last_finished_at(cs: &ContainerStatus) -> Option<Timestamp> {
    cs.last_state
        .as_ref()
        .and_then(|s| s.terminated.as_ref())
        .and_then(|t| t.finished_at.as_ref())
        .map(|t| t.0)
}

fn pod_conditions(pod: &Pod) -> &[PodCondition] {
    pod.status
        .as_ref()
        .and_then(|s| s.conditions.as_deref())
        .unwrap_or(&[])
}

/// `isPodInitializedConditionTrue`: the first Initialized condition decides.
fn is_pod_initialized(pod: &Pod) -> bool {
    pod_conditions(pod)
        .iter()
        .find(|c| c.type_ == "Initialized")
        .is_some_and(|c| c.status == "True")
}

/// `hasPodReadyCondition`.
fn has_pod_ready_condition(pod: &Pod) -> bool {
    pod_conditions(pod)
        .iter()
        .any(|c| c.type_ == "Ready" && c.status == "True")
}

fn summarize_pod(pod: &Pod) -> PodSummary {
    let spec = pod.spec.as_ref();
    let status = pod.status.as_ref();
    let init_containers: &[crate::sim::pod::Container] = spec
        .and_then(|s| s.init_containers.as_deref())
        .unwrap_or(&[]);
    let init_statuses: &[ContainerStatus] = status
        .and_then(|s| s.init_container_statuses.as_deref())
        .unwrap_or(&[]);
    let statuses: &[ContainerStatus] = status
        .and_then(|s| s.container_statuses.as_deref())
        .unwrap_or(&[]);

    // podutil.IsRestartableInitContainer, looked up by name as upstream's map
    // does (a later duplicate name wins).
    let is_restartable = |name: &str| {
        init_containers
            .iter()
            .rev()
            .find(|c| c.name == name)
            .is_some_and(|c| c.restart_policy.as_deref() == Some("Always"))
    };

    let mut total = spec.map(|s| s.containers.len()).unwrap_or(0);
    total += init_containers
        .iter()
        .filter(|c| c.restart_policy.as_deref() == Some("Always"))
        .count();
    let mut ready = 0usize;
    let mut restarts: i64 = 0;
    let mut sidecar_restarts: i64 = 0;
    let mut last_restart: Option<Timestamp> = None;
    let mut last_sidecar_restart: Option<Timestamp> = None;

    let phase = status
        .and_then(|s| s.phase.as_deref())
        .unwrap_or_default()
        .to_string();
    let mut reason = phase.clone();
    if let Some(r) = non_empty(status.and_then(|s| s.reason.as_ref())) {
        reason = r.to_string();
    }
    for c in pod_conditions(pod) {
        if c.type_ == "PodScheduled" && c.reason.as_deref() == Some("SchedulingGated") {
            reason = "SchedulingGated".to_string();
        }
    }

    let mut initializing = false;
    for (i, cs) in init_statuses.iter().enumerate() {
        restarts += i64::from(cs.restart_count);
        last_restart = last_restart.max(last_finished_at(cs));
        let restartable = is_restartable(&cs.name);
        if restartable {
            sidecar_restarts += i64::from(cs.restart_count);
            last_sidecar_restart = last_sidecar_restart.max(last_finished_at(cs));
        }
        let state = cs.state.as_ref();
        let terminated = state.and_then(|s| s.terminated.as_ref());
        let waiting_reason = state
            .and_then(|s| s.waiting.as_ref())
            .and_then(|w| non_empty(w.reason.as_ref()));
        if terminated.is_some_and(|t| t.exit_code == 0) {
            continue;
        }
        if restartable && cs.started == Some(true) {
            if cs.ready {
                ready += 1;
            }
            continue;
        }
        reason = if let Some(t) = terminated {
            match non_empty(t.reason.as_ref()) {
                Some(r) => format!("Init:{r}"),
                None => match t.signal.unwrap_or(0) {
                    0 => format!("Init:ExitCode:{}", t.exit_code),
                    s => format!("Init:Signal:{s}"),
                },
            }
        } else if let Some(w) = waiting_reason.filter(|w| *w != "PodInitializing") {
            format!("Init:{w}")
        } else {
            format!("Init:{}/{}", i, init_containers.len())
        };
        initializing = true;
        break;
    }

    if !initializing || is_pod_initialized(pod) {
        restarts = sidecar_restarts;
        last_restart = last_sidecar_restart;
        let mut has_running = false;
        for cs in statuses.iter().rev() {
            restarts += i64::from(cs.restart_count);
            last_restart = last_restart.max(last_finished_at(cs));
            let state = cs.state.as_ref();
            let terminated = state.and_then(|s| s.terminated.as_ref());
            let waiting_reason = state
                .and_then(|s| s.waiting.as_ref())
                .and_then(|w| non_empty(w.reason.as_ref()));
            if let Some(w) = waiting_reason {
                reason = w.to_string();
            } else if let Some(t) = terminated {
                reason = match non_empty(t.reason.as_ref()) {
                    Some(r) => r.to_string(),
                    None => match t.signal.unwrap_or(0) {
                        0 => format!("ExitCode:{}", t.exit_code),
                        s => format!("Signal:{s}"),
                    },
                };
            } else if cs.ready && state.is_some_and(|s| s.running.is_some()) {
                has_running = true;
                ready += 1;
            }
        }
        // A pod whose first container completed while another still runs.
        if reason == "Completed" && has_running {
            reason = if has_pod_ready_condition(pod) {
                "Running".to_string()
            } else {
                "NotReady".to_string()
            };
        }
    }

    if pod.metadata.deletion_timestamp.is_some() {
        if status.and_then(|s| s.reason.as_deref()) == Some(NODE_UNREACHABLE_POD_REASON) {
            reason = "Unknown".to_string();
        } else if phase != "Succeeded" && phase != "Failed" {
            reason = "Terminating".to_string();
        }
    }

    PodSummary {
        reason,
        ready,
        total,
        restarts,
        last_restart,
    }
}

/// The pod's STATUS column (`Running`, `Init:0/2`, `CrashLoopBackOff`,
/// `Completed`, `Terminating`, ...), exactly as `printPod` computes it; the
/// TUI colours pods by this.
pub fn pod_status_reason(pod: &Pod) -> String {
    summarize_pod(pod).reason
}

/// The pod's READY column as numbers: ready containers (and started, ready
/// sidecars) over containers plus sidecar (`restartPolicy: Always`) init
/// containers.
pub fn pod_ready(pod: &Pod) -> (usize, usize) {
    let s = summarize_pod(pod);
    (s.ready, s.total)
}

impl TablePrinter for Pod {
    fn columns() -> Vec<Column> {
        vec![
            Column::name(),
            Column::new("Ready", 0),
            Column::new("Status", 0),
            Column::new("Restarts", 0),
            Column::new("Age", 0),
            Column::new("IP", 1),
            Column::new("Node", 1),
            Column::new("Nominated Node", 1),
            Column::new("Readiness Gates", 1),
        ]
    }

    fn row_with(&self, now: Timestamp, _wide: bool) -> Vec<String> {
        let s = summarize_pod(self);
        let restarts = match s.last_restart {
            Some(t) if s.restarts != 0 => {
                format!(
                    "{} ({} ago)",
                    s.restarts,
                    translate_timestamp_since(Some(&Time(t)), now)
                )
            }
            _ => s.restarts.to_string(),
        };
        let spec = self.spec.as_ref();
        let status = self.status.as_ref();
        // v1 -> internal conversion fills podIPs from podIP when empty.
        let pod_ip = status
            .and_then(|st| {
                st.pod_ips
                    .as_ref()
                    .and_then(|ips| ips.first())
                    .map(|ip| ip.ip.as_str())
            })
            .or_else(|| status.and_then(|st| st.pod_ip.as_deref()))
            .filter(|ip| !ip.is_empty())
            .unwrap_or("<none>")
            .to_string();
        let node = spec
            .and_then(|sp| sp.node_name.as_deref())
            .filter(|s| !s.is_empty())
            .unwrap_or("<none>")
            .to_string();
        let nominated = non_empty(status.and_then(|st| st.nominated_node_name.as_ref()))
            .unwrap_or("<none>")
            .to_string();
        let gates = spec
            .and_then(|sp| sp.readiness_gates.as_deref())
            .map_or(&[][..], Vec::as_slice);
        let readiness_gates = if gates.is_empty() {
            "<none>".to_string()
        } else {
            let conditions = pod_conditions(self);
            let true_count = gates
                .iter()
                .filter(|g| {
                    conditions
                        .iter()
                        .find(|c| c.type_ == g.condition_type)
                        .is_some_and(|c| c.status == "True")
                })
                .count();
            format!("{}/{}", true_count, gates.len())
        };
        vec![
            name_of(&self.metadata),
            format!("{}/{}", s.ready, s.total),
            s.reason,
            restarts,
            age_of(&self.metadata, now),
            pod_ip,
            node,
            nominated,
            readiness_gates,
        ]
    }

    fn meta(&self) -> &ObjectMeta {
        &self.metadata
    }
}

// ---------------------------------------------------------------------------
// Nodes and namespaces
// ---------------------------------------------------------------------------

/// `findNodeRoles`: sorted, de-duplicated roles from `node-role.kubernetes.io/<role>`
/// label keys and the value of `kubernetes.io/role`.
fn find_node_roles(node: &Node) -> Vec<String> {
    let mut roles = BTreeSet::new();
    for (k, v) in node.metadata.labels.iter().flatten() {
        if let Some(role) = k.strip_prefix(LABEL_NODE_ROLE_PREFIX) {
            if !role.is_empty() {
                roles.insert(role.to_string());
            }
        } else if k == NODE_LABEL_ROLE && !v.is_empty() {
            roles.insert(v.clone());
        }
    }
    roles.into_iter().collect()
}

fn node_address(node: &Node, kind: &str) -> String {
    node.status
        .as_ref()
        .and_then(|s| s.addresses.as_ref())
        .and_then(|a| a.iter().find(|a| a.type_ == kind))
        .map(|a| a.address.clone())
        .unwrap_or_else(|| "<none>".to_string())
}

impl TablePrinter for Node {
    fn columns() -> Vec<Column> {
        vec![
            Column::name(),
            Column::new("Status", 0),
            Column::new("Roles", 0),
            Column::new("Age", 0),
            Column::new("Version", 0),
            Column::new("Internal-IP", 1),
            Column::new("External-IP", 1),
            Column::new("OS-Image", 1),
            Column::new("Kernel-Version", 1),
            Column::new("Container-Runtime", 1),
        ]
    }

    fn row_with(&self, now: Timestamp, _wide: bool) -> Vec<String> {
        let status = self.status.as_ref();
        // Upstream builds a map by type, so the last Ready condition wins.
        let ready = status
            .and_then(|s| s.conditions.as_ref())
            .and_then(|c| c.iter().rev().find(|c| c.type_ == "Ready"));
        let mut parts = vec![match ready {
            Some(c) if c.status == "True" => "Ready".to_string(),
            Some(_) => "NotReady".to_string(),
            None => "Unknown".to_string(),
        }];
        if self.spec.as_ref().and_then(|s| s.unschedulable) == Some(true) {
            parts.push("SchedulingDisabled".to_string());
        }
        let roles = find_node_roles(self).join(",");
        let info = status.and_then(|s| s.node_info.as_ref());
        let or_unknown = |v: Option<&String>| non_empty(v).unwrap_or("<unknown>").to_string();
        vec![
            name_of(&self.metadata),
            parts.join(","),
            if roles.is_empty() {
                "<none>".to_string()
            } else {
                roles
            },
            age_of(&self.metadata, now),
            info.map(|i| i.kubelet_version.clone()).unwrap_or_default(),
            node_address(self, "InternalIP"),
            node_address(self, "ExternalIP"),
            or_unknown(info.map(|i| &i.os_image)),
            or_unknown(info.map(|i| &i.kernel_version)),
            or_unknown(info.map(|i| &i.container_runtime_version)),
        ]
    }

    fn meta(&self) -> &ObjectMeta {
        &self.metadata
    }
}

impl TablePrinter for Namespace {
    fn columns() -> Vec<Column> {
        vec![
            Column::name(),
            Column::new("Status", 0),
            Column::new("Age", 0),
        ]
    }

    fn row_with(&self, now: Timestamp, _wide: bool) -> Vec<String> {
        vec![
            name_of(&self.metadata),
            str_or_empty(self.status.as_ref().and_then(|s| s.phase.as_ref())),
            age_of(&self.metadata, now),
        ]
    }

    fn meta(&self) -> &ObjectMeta {
        &self.metadata
    }
}

// ---------------------------------------------------------------------------
// Services and endpoints
// ---------------------------------------------------------------------------

/// `loadBalancerStatusStringer`: sorted unique ingress IPs (or hostnames),
/// cut to 13 bytes plus `...` unless wide.
fn load_balancer_status(svc: &Service, wide: bool) -> String {
    let set: BTreeSet<String> = svc
        .status
        .as_ref()
        .and_then(|s| s.load_balancer.as_ref())
        .and_then(|lb| lb.ingress.as_ref())
        .into_iter()
        .flatten()
        .filter_map(|i| {
            non_empty(i.ip.as_ref())
                .or_else(|| non_empty(i.hostname.as_ref()))
                .map(str::to_string)
        })
        .collect();
    let r = set.into_iter().collect::<Vec<_>>().join(",");
    if !wide && r.len() > LOAD_BALANCER_WIDTH {
        let mut cut = LOAD_BALANCER_WIDTH - 3;
        while !r.is_char_boundary(cut) {
            cut -= 1;
        }
        return format!("{}...", &r[..cut]);
    }
    r
}

/// `getServiceExternalIP`.
fn service_external_ip(svc: &Service, wide: bool) -> String {
    let spec = svc.spec.as_ref();
    let external_ips: &[String] = spec.and_then(|s| s.external_ips.as_deref()).unwrap_or(&[]);
    match spec.and_then(|s| s.type_.as_deref()).unwrap_or("") {
        "ClusterIP" | "NodePort" => {
            if external_ips.is_empty() {
                "<none>".to_string()
            } else {
                external_ips.join(",")
            }
        }
        "LoadBalancer" => {
            let lb = load_balancer_status(svc, wide);
            if !external_ips.is_empty() {
                let mut results: Vec<String> = Vec::new();
                if !lb.is_empty() {
                    results.extend(lb.split(',').map(str::to_string));
                }
                results.extend(external_ips.iter().cloned());
                return results.join(",");
            }
            if lb.is_empty() {
                "<pending>".to_string()
            } else {
                lb
            }
        }
        "ExternalName" => str_or_empty(spec.and_then(|s| s.external_name.as_ref())),
        _ => "<unknown>".to_string(),
    }
}

/// `makePortString`: `port/PROTO` or `port:nodePort/PROTO`, comma-joined.
fn make_port_string(svc: &Service) -> String {
    svc.spec
        .as_ref()
        .and_then(|s| s.ports.as_ref())
        .into_iter()
        .flatten()
        .map(|p| {
            let proto = p.protocol.as_deref().unwrap_or("");
            match p.node_port {
                Some(np) if np > 0 => format!("{}:{}/{}", p.port, np, proto),
                _ => format!("{}/{}", p.port, proto),
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

impl TablePrinter for Service {
    fn columns() -> Vec<Column> {
        vec![
            Column::name(),
            Column::new("Type", 0),
            Column::new("Cluster-IP", 0),
            Column::new("External-IP", 0),
            Column::new("Port(s)", 0),
            Column::new("Age", 0),
            Column::new("Selector", 1),
        ]
    }

    fn row_with(&self, now: Timestamp, wide: bool) -> Vec<String> {
        let spec = self.spec.as_ref();
        let cluster_ip = spec
            .and_then(|s| s.cluster_ips.as_ref().and_then(|ips| ips.first()).cloned())
            .unwrap_or_else(|| "<none>".to_string());
        let ports = make_port_string(self);
        vec![
            name_of(&self.metadata),
            str_or_empty(spec.and_then(|s| s.type_.as_ref())),
            cluster_ip,
            service_external_ip(self, wide),
            if ports.is_empty() {
                "<none>".to_string()
            } else {
                ports
            },
            age_of(&self.metadata, now),
            format_map_labels(spec.and_then(|s| s.selector.as_ref())),
        ]
    }

    fn meta(&self) -> &ObjectMeta {
        &self.metadata
    }
}

/// `formatEndpoints` with all ports: at most three `ip:port` entries, then
/// ` + N more...`; `<none>` without subsets.
fn format_endpoints(ep: &Endpoints) -> String {
    let subsets = ep.subsets.as_deref().unwrap_or(&[]);
    if subsets.is_empty() {
        return "<none>".to_string();
    }
    const MAX: usize = 3;
    let mut list: Vec<String> = Vec::new();
    let mut more = false;
    let mut count = 0usize;
    for ss in subsets {
        let addresses = ss.addresses.as_deref().unwrap_or(&[]);
        let ports = ss.ports.as_deref().unwrap_or(&[]);
        if ports.is_empty() {
            // Headless services may have no ports.
            count += addresses.len();
            for a in addresses {
                if list.len() == MAX {
                    more = true;
                    break;
                }
                list.push(a.ip.clone());
            }
            continue;
        }
        for port in ports {
            count += addresses.len();
            for a in addresses {
                if list.len() == MAX {
                    more = true;
                    break;
                }
                // net.JoinHostPort brackets IPv6 addresses.
                if a.ip.contains(':') {
                    list.push(format!("[{}]:{}", a.ip, port.port));
                } else {
                    list.push(format!("{}:{}", a.ip, port.port));
                }
            }
        }
    }
    let ret = list.join(",");
    if more {
        return format!("{} + {} more...", ret, count - MAX);
    }
    ret
}

impl TablePrinter for Endpoints {
    fn columns() -> Vec<Column> {
        vec![
            Column::name(),
            Column::new("Endpoints", 0),
            Column::new("Age", 0),
        ]
    }

    fn row_with(&self, now: Timestamp, _wide: bool) -> Vec<String> {
        vec![
            name_of(&self.metadata),
            format_endpoints(self),
            age_of(&self.metadata, now),
        ]
    }

    fn meta(&self) -> &ObjectMeta {
        &self.metadata
    }
}

// ---------------------------------------------------------------------------
// Workloads
// ---------------------------------------------------------------------------

fn workload_columns(leading: &[&str], wide_selector: bool) -> Vec<Column> {
    let mut cols = vec![Column::name()];
    cols.extend(leading.iter().map(|n| Column::new(n, 0)));
    cols.push(Column::new("Age", 0));
    cols.push(Column::new("Containers", 1));
    cols.push(Column::new("Images", 1));
    if wide_selector {
        cols.push(Column::new("Selector", 1));
    }
    cols
}

impl TablePrinter for Deployment {
    fn columns() -> Vec<Column> {
        workload_columns(&["Ready", "Up-to-date", "Available"], true)
    }

    fn row_with(&self, now: Timestamp, _wide: bool) -> Vec<String> {
        let spec = self.spec.as_ref();
        let status = self.status.as_ref();
        let desired = spec.and_then(|s| s.replicas).unwrap_or(0);
        let ready = status.and_then(|s| s.ready_replicas).unwrap_or(0);
        let updated = status.and_then(|s| s.updated_replicas).unwrap_or(0);
        let available = status.and_then(|s| s.available_replicas).unwrap_or(0);
        let (names, images) =
            layout_container_cells(template_containers(spec.map(|s| &s.template)));
        let selector =
            selector_string(spec.map(|s| &s.selector)).unwrap_or_else(|()| "<invalid>".to_string());
        vec![
            name_of(&self.metadata),
            format!("{ready}/{desired}"),
            updated.to_string(),
            available.to_string(),
            age_of(&self.metadata, now),
            names,
            images,
            selector,
        ]
    }

    fn meta(&self) -> &ObjectMeta {
        &self.metadata
    }
}

impl TablePrinter for ReplicaSet {
    fn columns() -> Vec<Column> {
        workload_columns(&["Desired", "Current", "Ready"], true)
    }

    fn row_with(&self, now: Timestamp, _wide: bool) -> Vec<String> {
        let spec = self.spec.as_ref();
        let status = self.status.as_ref();
        let (names, images) =
            layout_container_cells(template_containers(spec.and_then(|s| s.template.as_ref())));
        vec![
            name_of(&self.metadata),
            spec.and_then(|s| s.replicas).unwrap_or(0).to_string(),
            status.map(|s| s.replicas).unwrap_or(0).to_string(),
            status
                .and_then(|s| s.ready_replicas)
                .unwrap_or(0)
                .to_string(),
            age_of(&self.metadata, now),
            names,
            images,
            format_label_selector(spec.map(|s| &s.selector)),
        ]
    }

    fn meta(&self) -> &ObjectMeta {
        &self.metadata
    }
}

impl TablePrinter for StatefulSet {
    fn columns() -> Vec<Column> {
        workload_columns(&["Ready"], false)
    }

    fn row_with(&self, now: Timestamp, _wide: bool) -> Vec<String> {
        let spec = self.spec.as_ref();
        let desired = spec.and_then(|s| s.replicas).unwrap_or(0);
        let ready = self
            .status
            .as_ref()
            .and_then(|s| s.ready_replicas)
            .unwrap_or(0);
        let (names, images) =
            layout_container_cells(template_containers(spec.map(|s| &s.template)));
        vec![
            name_of(&self.metadata),
            format!("{ready}/{desired}"),
            age_of(&self.metadata, now),
            names,
            images,
        ]
    }

    fn meta(&self) -> &ObjectMeta {
        &self.metadata
    }
}

impl TablePrinter for DaemonSet {
    fn columns() -> Vec<Column> {
        vec![
            Column::name(),
            Column::new("Desired", 0),
            Column::new("Current", 0),
            Column::new("Ready", 0),
            Column::new("Up-to-date", 0),
            Column::new("Available", 0),
            Column::new("Node Selector", 0),
            Column::new("Age", 0),
            Column::new("Containers", 1),
            Column::new("Images", 1),
            Column::new("Selector", 1),
        ]
    }

    fn row_with(&self, now: Timestamp, _wide: bool) -> Vec<String> {
        let spec = self.spec.as_ref();
        let status = self.status.as_ref();
        let pod_spec = spec.and_then(|s| s.template.spec.as_ref());
        let (names, images) =
            layout_container_cells(template_containers(spec.map(|s| &s.template)));
        vec![
            name_of(&self.metadata),
            status
                .map(|s| s.desired_number_scheduled)
                .unwrap_or(0)
                .to_string(),
            status
                .map(|s| s.current_number_scheduled)
                .unwrap_or(0)
                .to_string(),
            status.map(|s| s.number_ready).unwrap_or(0).to_string(),
            status
                .and_then(|s| s.updated_number_scheduled)
                .unwrap_or(0)
                .to_string(),
            status
                .and_then(|s| s.number_available)
                .unwrap_or(0)
                .to_string(),
            format_map_labels(pod_spec.and_then(|p| p.node_selector.as_ref())),
            age_of(&self.metadata, now),
            names,
            images,
            format_label_selector(spec.map(|s| &s.selector)),
        ]
    }

    fn meta(&self) -> &ObjectMeta {
        &self.metadata
    }
}

/// `hasJobCondition`: the first condition of that type decides.
fn has_job_condition(conditions: &[JobCondition], type_: &str) -> bool {
    conditions
        .iter()
        .find(|c| c.type_ == type_)
        .is_some_and(|c| c.status == "True")
}

/// The Job STATUS column: Complete, Failed, Terminating, Suspended,
/// FailureTarget, SuccessCriteriaMet (kubernetes#132832, v1.34), else Running.
pub fn job_status(job: &Job) -> String {
    let conditions = job
        .status
        .as_ref()
        .and_then(|s| s.conditions.as_deref())
        .unwrap_or(&[]);
    let status = if has_job_condition(conditions, "Complete") {
        "Complete"
    } else if has_job_condition(conditions, "Failed") {
        "Failed"
    } else if job.metadata.deletion_timestamp.is_some() {
        "Terminating"
    } else if has_job_condition(conditions, "Suspended") {
        "Suspended"
    } else if has_job_condition(conditions, "FailureTarget") {
        "FailureTarget"
    } else if has_job_condition(conditions, "SuccessCriteriaMet") {
        "SuccessCriteriaMet"
    } else {
        "Running"
    };
    status.to_string()
}

impl TablePrinter for Job {
    fn columns() -> Vec<Column> {
        workload_columns(&["Status", "Completions", "Duration"], true)
    }

    fn row_with(&self, now: Timestamp, _wide: bool) -> Vec<String> {
        let spec = self.spec.as_ref();
        let status = self.status.as_ref();
        let succeeded = status.and_then(|s| s.succeeded).unwrap_or(0);
        let completions = match spec.and_then(|s| s.completions) {
            Some(c) => format!("{succeeded}/{c}"),
            None => {
                let parallelism = spec.and_then(|s| s.parallelism).unwrap_or(0);
                if parallelism > 1 {
                    format!("{succeeded}/1 of {parallelism}")
                } else {
                    format!("{succeeded}/1")
                }
            }
        };
        let start = status.and_then(|s| s.start_time.as_ref());
        let completion = status.and_then(|s| s.completion_time.as_ref());
        let duration = match (start, completion) {
            (None, _) => String::new(),
            (Some(s), None) => human_duration(now.duration_since(s.0)),
            (Some(s), Some(c)) => human_duration(c.0.duration_since(s.0)),
        };
        let (names, images) =
            layout_container_cells(template_containers(spec.map(|s| &s.template)));
        vec![
            name_of(&self.metadata),
            job_status(self),
            completions,
            duration,
            age_of(&self.metadata, now),
            names,
            images,
            format_label_selector(spec.and_then(|s| s.selector.as_ref())),
        ]
    }

    fn meta(&self) -> &ObjectMeta {
        &self.metadata
    }
}

impl TablePrinter for CronJob {
    fn columns() -> Vec<Column> {
        workload_columns(
            &["Schedule", "Timezone", "Suspend", "Active", "Last Schedule"],
            true,
        )
    }

    fn row_with(&self, now: Timestamp, _wide: bool) -> Vec<String> {
        let spec = self.spec.as_ref();
        let status = self.status.as_ref();
        let last_schedule = match status.and_then(|s| s.last_schedule_time.as_ref()) {
            Some(t) => translate_timestamp_since(Some(t), now),
            None => "<none>".to_string(),
        };
        let job_spec = spec.and_then(|s| s.job_template.spec.as_ref());
        let (names, images) =
            layout_container_cells(template_containers(job_spec.map(|j| &j.template)));
        vec![
            name_of(&self.metadata),
            spec.map(|s| s.schedule.clone()).unwrap_or_default(),
            spec.and_then(|s| s.time_zone.clone())
                .unwrap_or_else(|| "<none>".to_string()),
            print_bool_ptr(spec.and_then(|s| s.suspend)),
            status
                .and_then(|s| s.active.as_ref())
                .map_or(0, Vec::len)
                .to_string(),
            last_schedule,
            age_of(&self.metadata, now),
            names,
            images,
            format_label_selector(job_spec.and_then(|j| j.selector.as_ref())),
        ]
    }

    fn meta(&self) -> &ObjectMeta {
        &self.metadata
    }
}

/// `schema.ParseGroupVersion(apiVersion).WithKind(kind).GroupKind()`,
/// lower-cased and prefixed: `statefulset.apps/web`.
fn format_controller_ref(api_version: &str, kind: &str, name: &str) -> String {
    let group = match api_version.split_once('/') {
        Some((g, _)) => g,
        None => "",
    };
    let group_kind = if group.is_empty() {
        kind.to_string()
    } else {
        format!("{kind}.{group}")
    };
    if group_kind.is_empty() {
        return name.to_string();
    }
    format!("{}/{}", group_kind.to_lowercase(), name)
}

impl TablePrinter for ControllerRevision {
    fn columns() -> Vec<Column> {
        vec![
            Column::name(),
            Column::new("Controller", 0),
            Column::new("Revision", 0),
            Column::new("Age", 0),
        ]
    }

    fn row_with(&self, now: Timestamp, _wide: bool) -> Vec<String> {
        let controller = self
            .metadata
            .owner_references
            .iter()
            .flatten()
            .find(|r| r.controller == Some(true))
            .map(|r| format_controller_ref(&r.api_version, &r.kind, &r.name))
            .unwrap_or_else(|| "<none>".to_string());
        vec![
            name_of(&self.metadata),
            controller,
            self.revision.to_string(),
            age_of(&self.metadata, now),
        ]
    }

    fn meta(&self) -> &ObjectMeta {
        &self.metadata
    }
}

// ---------------------------------------------------------------------------
// Storage
// ---------------------------------------------------------------------------

impl TablePrinter for PersistentVolumeClaim {
    fn columns() -> Vec<Column> {
        vec![
            Column::name(),
            Column::new("Status", 0),
            Column::new("Volume", 0),
            Column::new("Capacity", 0),
            Column::new("Access Modes", 0),
            Column::new("StorageClass", 0),
            Column::new("VolumeAttributesClass", 0),
            Column::new("Age", 0),
            Column::new("VolumeMode", 1),
        ]
    }

    fn row_with(&self, now: Timestamp, _wide: bool) -> Vec<String> {
        let spec = self.spec.as_ref();
        let status = self.status.as_ref();
        let phase = if self.metadata.deletion_timestamp.is_some() {
            "Terminating".to_string()
        } else {
            str_or_empty(status.and_then(|s| s.phase.as_ref()))
        };
        let volume_name = str_or_empty(spec.and_then(|s| s.volume_name.as_ref()));
        let (capacity, access_modes) = if volume_name.is_empty() {
            (String::new(), String::new())
        } else {
            (
                status
                    .and_then(|s| s.capacity.as_ref())
                    .and_then(|c| c.get("storage"))
                    .map(|q| q.0.clone())
                    .unwrap_or_else(|| "0".to_string()),
                access_modes_as_string(status.and_then(|s| s.access_modes.as_ref())),
            )
        };
        let class = self
            .metadata
            .annotations
            .as_ref()
            .and_then(|a| a.get(BETA_STORAGE_CLASS_ANNOTATION).cloned())
            .or_else(|| spec.and_then(|s| s.storage_class_name.clone()))
            .unwrap_or_default();
        vec![
            name_of(&self.metadata),
            phase,
            volume_name,
            capacity,
            access_modes,
            class,
            spec.and_then(|s| s.volume_attributes_class_name.clone())
                .unwrap_or_else(|| "<unset>".to_string()),
            age_of(&self.metadata, now),
            spec.and_then(|s| s.volume_mode.clone())
                .unwrap_or_else(|| "<unset>".to_string()),
        ]
    }

    fn meta(&self) -> &ObjectMeta {
        &self.metadata
    }
}

impl TablePrinter for PersistentVolume {
    fn columns() -> Vec<Column> {
        vec![
            Column::name(),
            Column::new("Capacity", 0),
            Column::new("Access Modes", 0),
            Column::new("Reclaim Policy", 0),
            Column::new("Status", 0),
            Column::new("Claim", 0),
            Column::new("StorageClass", 0),
            Column::new("VolumeAttributesClass", 0),
            Column::new("Reason", 0),
            Column::new("Age", 0),
            Column::new("VolumeMode", 1),
        ]
    }

    fn row_with(&self, now: Timestamp, _wide: bool) -> Vec<String> {
        let spec = self.spec.as_ref();
        let status = self.status.as_ref();
        let claim = spec
            .and_then(|s| s.claim_ref.as_ref())
            .map(|c| {
                format!(
                    "{}/{}",
                    str_or_empty(c.namespace.as_ref()),
                    str_or_empty(c.name.as_ref())
                )
            })
            .unwrap_or_default();
        let phase = if self.metadata.deletion_timestamp.is_some() {
            "Terminating".to_string()
        } else {
            str_or_empty(status.and_then(|s| s.phase.as_ref()))
        };
        let class = self
            .metadata
            .annotations
            .as_ref()
            .and_then(|a| a.get(BETA_STORAGE_CLASS_ANNOTATION).cloned())
            .or_else(|| spec.and_then(|s| s.storage_class_name.clone()))
            .unwrap_or_default();
        vec![
            name_of(&self.metadata),
            spec.and_then(|s| s.capacity.as_ref())
                .and_then(|c| c.get("storage"))
                .map(|q| q.0.clone())
                .unwrap_or_else(|| "0".to_string()),
            access_modes_as_string(spec.and_then(|s| s.access_modes.as_ref())),
            str_or_empty(spec.and_then(|s| s.persistent_volume_reclaim_policy.as_ref())),
            phase,
            claim,
            class,
            spec.and_then(|s| s.volume_attributes_class_name.clone())
                .unwrap_or_else(|| "<unset>".to_string()),
            str_or_empty(status.and_then(|s| s.reason.as_ref())),
            age_of(&self.metadata, now),
            spec.and_then(|s| s.volume_mode.clone())
                .unwrap_or_else(|| "<unset>".to_string()),
        ]
    }

    fn meta(&self) -> &ObjectMeta {
        &self.metadata
    }
}

/// `storageutil.IsDefaultAnnotation`.
fn is_default_storage_class(meta: &ObjectMeta) -> bool {
    let Some(a) = meta.annotations.as_ref() else {
        return false;
    };
    a.get("storageclass.kubernetes.io/is-default-class")
        .map(String::as_str)
        == Some("true")
        || a.get("storageclass.beta.kubernetes.io/is-default-class")
            .map(String::as_str)
            == Some("true")
}

impl TablePrinter for StorageClass {
    fn columns() -> Vec<Column> {
        vec![
            Column::name(),
            Column::new("Provisioner", 0),
            Column::new("ReclaimPolicy", 0),
            Column::new("VolumeBindingMode", 0),
            Column::new("AllowVolumeExpansion", 0),
            Column::new("Age", 0),
        ]
    }

    fn row_with(&self, now: Timestamp, _wide: bool) -> Vec<String> {
        let mut name = name_of(&self.metadata);
        if is_default_storage_class(&self.metadata) {
            name.push_str(" (default)");
        }
        vec![
            name,
            self.provisioner.clone(),
            self.reclaim_policy
                .clone()
                .unwrap_or_else(|| "Delete".to_string()),
            self.volume_binding_mode
                .clone()
                .unwrap_or_else(|| "Immediate".to_string()),
            self.allow_volume_expansion.unwrap_or(false).to_string(),
            age_of(&self.metadata, now),
        ]
    }

    fn meta(&self) -> &ObjectMeta {
        &self.metadata
    }
}

// ---------------------------------------------------------------------------
// Config and events
// ---------------------------------------------------------------------------

impl TablePrinter for ConfigMap {
    fn columns() -> Vec<Column> {
        vec![
            Column::name(),
            Column::new("Data", 0),
            Column::new("Age", 0),
        ]
    }

    fn row_with(&self, now: Timestamp, _wide: bool) -> Vec<String> {
        let n = self.data.as_ref().map_or(0, BTreeMap::len)
            + self.binary_data.as_ref().map_or(0, BTreeMap::len);
        vec![
            name_of(&self.metadata),
            n.to_string(),
            age_of(&self.metadata, now),
        ]
    }

    fn meta(&self) -> &ObjectMeta {
        &self.metadata
    }
}

impl TablePrinter for Secret {
    fn columns() -> Vec<Column> {
        vec![
            Column::name(),
            Column::new("Type", 0),
            Column::new("Data", 0),
            Column::new("Age", 0),
        ]
    }

    fn row_with(&self, now: Timestamp, _wide: bool) -> Vec<String> {
        // The API server merges stringData into data before storing.
        let mut keys: BTreeSet<&String> = self.data.iter().flat_map(|d| d.keys()).collect();
        keys.extend(self.string_data.iter().flat_map(|d| d.keys()));
        vec![
            name_of(&self.metadata),
            str_or_empty(self.type_.as_ref()),
            keys.len().to_string(),
            age_of(&self.metadata, now),
        ]
    }

    fn meta(&self) -> &ObjectMeta {
        &self.metadata
    }
}

/// `formatEventSource`: component (or reportingController) and host (or
/// reportingInstance), comma-separated when both are set.
fn format_event_source(ev: &Event) -> String {
    let source = ev.source.as_ref();
    let component = non_empty(source.and_then(|s| s.component.as_ref()))
        .or_else(|| non_empty(ev.reporting_component.as_ref()))
        .unwrap_or("");
    let instance = non_empty(source.and_then(|s| s.host.as_ref()))
        .or_else(|| non_empty(ev.reporting_instance.as_ref()))
        .unwrap_or("");
    if instance.is_empty() {
        component.to_string()
    } else {
        format!("{component}, {instance}")
    }
}

impl TablePrinter for Event {
    /// `kubectl get events`: LAST SEEN TYPE REASON OBJECT MESSAGE, with
    /// SUBOBJECT, SOURCE, FIRST SEEN, COUNT and NAME under `-o wide`.
    fn columns() -> Vec<Column> {
        vec![
            Column::new("Last Seen", 0),
            Column::new("Type", 0),
            Column::new("Reason", 0),
            Column::new("Object", 0),
            Column::new("Subobject", 1),
            Column::new("Source", 1),
            Column::new("Message", 0),
            Column::new("First Seen", 1),
            Column::new("Count", 1),
            Column {
                name: "Name".to_string(),
                priority: 1,
                is_name: true,
            },
        ]
    }

    fn row_with(&self, now: Timestamp, _wide: bool) -> Vec<String> {
        let first = match &self.first_timestamp {
            Some(t) => translate_timestamp_since(Some(t), now),
            None => translate_micro_timestamp_since(self.event_time.as_ref(), now),
        };
        let mut last = match &self.last_timestamp {
            Some(t) => translate_timestamp_since(Some(t), now),
            None => first.clone(),
        };
        let mut count = self.count.unwrap_or(0);
        if let Some(series) = &self.series {
            last = translate_micro_timestamp_since(series.last_observed_time.as_ref(), now);
            count = series.count.unwrap_or(0);
        } else if count == 0 {
            // Singleton events don't have a count set in the new API.
            count = 1;
        }
        let obj = &self.involved_object;
        let kind = str_or_empty(obj.kind.as_ref()).to_lowercase();
        let target = match non_empty(obj.name.as_ref()) {
            Some(n) => format!("{kind}/{n}"),
            None => kind,
        };
        vec![
            last,
            str_or_empty(self.type_.as_ref()),
            str_or_empty(self.reason.as_ref()),
            target,
            str_or_empty(obj.field_path.as_ref()),
            format_event_source(self),
            str_or_empty(self.message.as_ref()).trim().to_string(),
            first,
            count.to_string(),
            name_of(&self.metadata),
        ]
    }

    fn meta(&self) -> &ObjectMeta {
        &self.metadata
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kubectl::table::render;
    use serde_json::{Value, json};

    const NOW: &str = "2024-06-01T12:00:00Z";

    fn now() -> Timestamp {
        NOW.parse().unwrap()
    }

    /// RFC 3339 time `secs` seconds before NOW (negative: after).
    fn ago(secs: i64) -> String {
        now()
            .checked_sub(jiff::SignedDuration::from_secs(secs))
            .unwrap()
            .to_string()
    }

    fn obj<T: serde::de::DeserializeOwned>(v: Value) -> T {
        serde_json::from_value(v).unwrap()
    }

    fn cells(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    /// First five (non-wide) cells of a pod row.
    fn pod_cells(v: Value) -> Vec<String> {
        let p: Pod = obj(v);
        p.row(now())[..5].to_vec()
    }

    fn two_containers() -> Value {
        json!({"containers": [{"name": "a"}, {"name": "b"}]})
    }

    fn running() -> Value {
        json!({"running": {}})
    }

    fn last_terminated(secs_ago: i64) -> Value {
        json!({"terminated": {"exitCode": 0, "finishedAt": ago(secs_ago)}})
    }

    const D: i64 = 24 * 3600;

    /// printers_test.go TestPrintPod, cases test1-test20.
    #[test]
    fn upstream_test_print_pod() {
        let cases: Vec<(Value, Vec<&str>)> = vec![
            // test1: name, containers, restarts, container ready status
            (
                json!({"metadata": {"name": "test1"}, "spec": two_containers(), "status": {"phase": "podPhase",
                  "containerStatuses": [{"ready": true, "restartCount": 3, "state": running()}, {"restartCount": 3}]}}),
                vec!["test1", "1/2", "podPhase", "6", "<unknown>"],
            ),
            // test2: container error overwrites pod phase
            (
                json!({"metadata": {"name": "test2"}, "spec": two_containers(), "status": {"phase": "podPhase",
                  "containerStatuses": [{"ready": true, "restartCount": 3, "state": running()},
                    {"state": {"waiting": {"reason": "ContainerWaitingReason"}}, "restartCount": 3}]}}),
                vec!["test2", "1/2", "ContainerWaitingReason", "6", "<unknown>"],
            ),
            // test3: the first container overwrites the rest
            (
                json!({"metadata": {"name": "test3"}, "spec": two_containers(), "status": {"phase": "podPhase",
                  "containerStatuses": [{"state": {"waiting": {"reason": "ContainerWaitingReason"}}, "restartCount": 3},
                    {"state": {"terminated": {"reason": "ContainerTerminatedReason", "exitCode": 0}}, "restartCount": 3}]}}),
                vec!["test3", "0/2", "ContainerWaitingReason", "6", "<unknown>"],
            ),
            // test4: ready is not enough for reporting running
            (
                json!({"metadata": {"name": "test4"}, "spec": two_containers(), "status": {"phase": "podPhase",
                  "containerStatuses": [{"ready": true, "restartCount": 3, "state": running()}, {"ready": true, "restartCount": 3}]}}),
                vec!["test4", "1/2", "podPhase", "6", "<unknown>"],
            ),
            // test5: status.reason wins over phase
            (
                json!({"metadata": {"name": "test5"}, "spec": two_containers(), "status": {"phase": "podPhase", "reason": "podReason",
                  "containerStatuses": [{"ready": true, "restartCount": 3, "state": running()}, {"ready": true, "restartCount": 3}]}}),
                vec!["test5", "1/2", "podReason", "6", "<unknown>"],
            ),
            // test6: one running, one completed, without Ready condition
            (
                json!({"metadata": {"name": "test6"}, "spec": two_containers(), "status": {"phase": "Running",
                  "containerStatuses": [{"ready": true, "restartCount": 3, "state": {"terminated": {"reason": "Completed", "exitCode": 0}}},
                    {"ready": true, "restartCount": 3, "state": running()}]}}),
                vec!["test6", "1/2", "NotReady", "6", "<unknown>"],
            ),
            // test6 with Ready condition
            (
                json!({"metadata": {"name": "test6"}, "spec": two_containers(), "status": {"phase": "Running",
                  "containerStatuses": [{"ready": true, "restartCount": 3, "state": {"terminated": {"reason": "Completed", "exitCode": 0}}},
                    {"ready": true, "restartCount": 3, "state": running()}],
                  "conditions": [{"type": "Ready", "status": "True"}]}}),
                vec!["test6", "1/2", "Running", "6", "<unknown>"],
            ),
            // test7: 1 init container restarting, 1 container not running
            (
                json!({"metadata": {"name": "test7"}, "spec": {"initContainers": [{"name": "i"}], "containers": [{"name": "c"}]},
                  "status": {"phase": "podPhase",
                    "initContainerStatuses": [{"name": "i", "restartCount": 3, "state": running(), "lastState": last_terminated(10)}],
                    "containerStatuses": [{"name": "c", "state": {"waiting": {}}}]}}),
                vec!["test7", "0/1", "Init:0/1", "3 (10s ago)", "<unknown>"],
            ),
            // test8: 2 init containers, one restarting, the other not running
            (
                json!({"metadata": {"name": "test8"}, "spec": {"initContainers": [{"name": "i1"}, {"name": "i2"}], "containers": [{"name": "c"}]},
                  "status": {"phase": "podPhase",
                    "initContainerStatuses": [{"name": "i1", "restartCount": 3, "state": running(), "lastState": last_terminated(10)},
                      {"name": "i2", "state": {"waiting": {}}}],
                    "containerStatuses": [{"name": "c", "state": {"waiting": {}}}]}}),
                vec!["test8", "0/1", "Init:0/2", "3 (10s ago)", "<unknown>"],
            ),
            // test9: first init completed without restarts, second restarting
            (
                json!({"metadata": {"name": "test9"}, "spec": {"initContainers": [{"name": "i1"}, {"name": "i2"}], "containers": [{"name": "c"}]},
                  "status": {"phase": "podPhase",
                    "initContainerStatuses": [{"name": "i1", "state": {"terminated": {"exitCode": 0}}},
                      {"name": "i2", "restartCount": 3, "state": running(), "lastState": last_terminated(10)}],
                    "containerStatuses": [{"name": "c", "state": {"waiting": {}}}]}}),
                vec!["test9", "0/1", "Init:1/2", "3 (10s ago)", "<unknown>"],
            ),
            // test10: first init completed with restarts, second restarting
            (
                json!({"metadata": {"name": "test10"}, "spec": {"initContainers": [{"name": "i1"}, {"name": "i2"}], "containers": [{"name": "c"}]},
                  "status": {"phase": "podPhase",
                    "initContainerStatuses": [{"name": "i1", "restartCount": 2, "state": {"terminated": {"exitCode": 0}}, "lastState": last_terminated(120)},
                      {"name": "i2", "restartCount": 3, "state": running(), "lastState": last_terminated(10)}],
                    "containerStatuses": [{"name": "c", "state": {"waiting": {}}}]}}),
                vec!["test10", "0/1", "Init:1/2", "5 (10s ago)", "<unknown>"],
            ),
            // test11: init completed with restarts, container restarting
            (
                json!({"metadata": {"name": "test11"}, "spec": {"initContainers": [{"name": "i1"}], "containers": [{"name": "c"}]},
                  "status": {"phase": "Running",
                    "initContainerStatuses": [{"name": "i1", "restartCount": 2, "state": {"terminated": {"exitCode": 0}}, "lastState": last_terminated(120)}],
                    "containerStatuses": [{"name": "c", "restartCount": 4, "state": running(), "lastState": last_terminated(20)}]}}),
                vec!["test11", "0/1", "Running", "4 (20s ago)", "<unknown>"],
            ),
            // test12: one container restarted 5d ago
            (
                json!({"metadata": {"name": "test12"}, "spec": {"containers": [{"name": "c"}]}, "status": {"phase": "Running",
                  "containerStatuses": [{"ready": true, "restartCount": 3, "state": running(), "lastState": last_terminated(5 * D)}]}}),
                vec!["test12", "1/1", "Running", "3 (5d ago)", "<unknown>"],
            ),
            // test13: one never restarted, the other restarted 10d ago
            (
                json!({"metadata": {"name": "test13"}, "spec": two_containers(), "status": {"phase": "Running",
                  "containerStatuses": [{"ready": true, "state": running()},
                    {"ready": true, "restartCount": 3, "state": running(), "lastState": last_terminated(10 * D)}]}}),
                vec!["test13", "2/2", "Running", "3 (10d ago)", "<unknown>"],
            ),
            // test14: restarted 5d and 20d ago: the latest restart is shown
            (
                json!({"metadata": {"name": "test14"}, "spec": two_containers(), "status": {"phase": "Running",
                  "containerStatuses": [{"ready": true, "restartCount": 6, "state": running(), "lastState": last_terminated(5 * D)},
                    {"ready": true, "restartCount": 3, "state": running(), "lastState": last_terminated(20 * D)}]}}),
                vec!["test14", "2/2", "Running", "9 (5d ago)", "<unknown>"],
            ),
            // test15: PodScheduled condition with reason SchedulingGated
            (
                json!({"metadata": {"name": "test15"}, "spec": two_containers(), "status": {"phase": "podPhase",
                  "conditions": [{"type": "PodScheduled", "status": "False", "reason": "SchedulingGated"}]}}),
                vec!["test15", "0/2", "SchedulingGated", "0", "<unknown>"],
            ),
            // test16: succeeded
            (
                json!({"metadata": {"name": "test16"}, "spec": {"containers": [{"name": "c"}]}, "status": {"phase": "Succeeded",
                  "containerStatuses": [{"state": {"terminated": {"reason": "Completed", "exitCode": 0}}}]}}),
                vec!["test16", "0/1", "Completed", "0", "<unknown>"],
            ),
            // test17: failed
            (
                json!({"metadata": {"name": "test17"}, "spec": {"containers": [{"name": "c"}]}, "status": {"phase": "Failed",
                  "containerStatuses": [{"state": {"terminated": {"reason": "Error", "exitCode": 1}}}]}}),
                vec!["test17", "0/1", "Error", "0", "<unknown>"],
            ),
            // test18: succeeded with deletion: a terminal pod is not Terminating
            (
                json!({"metadata": {"name": "test18", "deletionTimestamp": ago(10)}, "spec": {"containers": [{"name": "c"}]},
                  "status": {"phase": "Succeeded", "containerStatuses": [{"state": {"terminated": {"reason": "Completed", "exitCode": 0}}}]}}),
                vec!["test18", "0/1", "Completed", "0", "<unknown>"],
            ),
            // test19: running with deletion
            (
                json!({"metadata": {"name": "test19", "deletionTimestamp": ago(10)}, "spec": {"containers": [{"name": "c"}]},
                  "status": {"phase": "Running", "containerStatuses": [{"state": running()}]}}),
                vec!["test19", "0/1", "Terminating", "0", "<unknown>"],
            ),
            // test20: pending with deletion
            (
                json!({"metadata": {"name": "test20", "deletionTimestamp": ago(10)}, "spec": {"containers": [{"name": "c"}]},
                  "status": {"phase": "Pending"}}),
                vec!["test20", "0/1", "Terminating", "0", "<unknown>"],
            ),
        ];
        for (pod, want) in cases {
            assert_eq!(pod_cells(pod.clone()), cells(&want), "{pod}");
        }
    }

    /// printers_test.go TestPrintNonTerminatedPod: the phase is printed as is.
    #[test]
    fn upstream_test_print_non_terminated_pod() {
        for (phase, want) in [
            ("Running", "Running"),
            ("Pending", "Pending"),
            ("Unknown", "Unknown"),
            ("Succeeded", "Succeeded"),
            ("Failed", "Failed"),
        ] {
            let pod = json!({"metadata": {"name": "p"}, "spec": two_containers(), "status": {"phase": phase,
              "containerStatuses": [{"ready": true, "restartCount": 3, "state": running()}, {"restartCount": 3}]}});
            assert_eq!(pod_cells(pod), cells(&["p", "1/2", want, "6", "<unknown>"]));
        }
    }

    /// printPod: a terminating pod on an unreachable node shows Unknown.
    #[test]
    fn node_lost_pod_is_unknown() {
        let pod = json!({"metadata": {"name": "web-0", "deletionTimestamp": ago(5), "creationTimestamp": ago(3600)},
          "spec": {"containers": [{"name": "c"}]},
          "status": {"phase": "Running", "reason": "NodeLost", "containerStatuses": [{"ready": true, "state": running()}]}});
        assert_eq!(
            pod_cells(pod),
            cells(&["web-0", "1/1", "Unknown", "0", "60m"])
        );
    }

    /// printPod: terminated containers without a reason print the signal or
    /// exit code, in init containers with an `Init:` prefix.
    #[test]
    fn signal_and_exit_code_reasons() {
        let pod = json!({"metadata": {"name": "p"}, "spec": {"containers": [{"name": "c"}]}, "status": {"phase": "Running",
          "containerStatuses": [{"state": {"terminated": {"exitCode": 137, "signal": 9}}}]}});
        assert_eq!(pod_cells(pod)[2], "Signal:9");
        let pod = json!({"metadata": {"name": "p"}, "spec": {"initContainers": [{"name": "i"}], "containers": [{"name": "c"}]},
          "status": {"phase": "Pending", "initContainerStatuses": [{"name": "i", "state": {"terminated": {"exitCode": 2}}}]}});
        assert_eq!(pod_cells(pod)[2], "Init:ExitCode:2");
        let pod = json!({"metadata": {"name": "p"}, "spec": {"initContainers": [{"name": "i"}], "containers": [{"name": "c"}]},
          "status": {"phase": "Pending", "initContainerStatuses": [{"name": "i", "restartCount": 4,
            "state": {"waiting": {"reason": "CrashLoopBackOff"}}}]}});
        assert_eq!(pod_cells(pod)[2], "Init:CrashLoopBackOff");
        let pod: Pod = obj(
            json!({"metadata": {"name": "p"}, "spec": {"containers": [{"name": "c"}]}, "status": {"phase": "Pending",
          "containerStatuses": [{"state": {"waiting": {"reason": "ContainerCreating"}}}]}}),
        );
        assert_eq!(pod_status_reason(&pod), "ContainerCreating");
        assert_eq!(pod_ready(&pod), (0, 1));
    }

    fn sidecar_spec() -> Value {
        json!({"initContainers": [{"name": "restartable-init-1", "restartPolicy": "Always"},
          {"name": "restartable-init-2", "restartPolicy": "Always"}], "containers": [{"name": "c"}]})
    }

    /// printers_test.go TestPrintPodWithRestartableInitContainer.
    #[test]
    fn upstream_test_print_pod_with_restartable_init_container() {
        let cases: Vec<(Value, Vec<&str>)> = vec![
            (
                json!({"metadata": {"name": "test1"}, "spec": sidecar_spec(), "status": {"phase": "Pending",
                  "initContainerStatuses": [
                    {"name": "restartable-init-1", "restartCount": 3, "state": running(), "started": false, "lastState": last_terminated(10)},
                    {"name": "restartable-init-2", "state": {"waiting": {}}, "started": false}],
                  "containerStatuses": [{"name": "c", "state": {"waiting": {}}}],
                  "conditions": [{"type": "Initialized", "status": "False"}]}}),
                vec!["test1", "0/3", "Init:0/2", "3 (10s ago)", "<unknown>"],
            ),
            (
                json!({"metadata": {"name": "test1"}, "spec": sidecar_spec(), "status": {"phase": "Pending",
                  "initContainerStatuses": [
                    {"name": "restartable-init-1", "restartCount": 3, "state": running(), "started": true, "lastState": last_terminated(10)},
                    {"name": "restartable-init-2", "state": running(), "started": false}],
                  "containerStatuses": [{"name": "c", "state": {"waiting": {}}}],
                  "conditions": [{"type": "Initialized", "status": "False"}]}}),
                vec!["test1", "0/3", "Init:1/2", "3 (10s ago)", "<unknown>"],
            ),
            (
                json!({"metadata": {"name": "test2"}, "spec": sidecar_spec(), "status": {"phase": "Running",
                  "initContainerStatuses": [
                    {"name": "restartable-init-1", "restartCount": 3, "state": running(), "started": true, "lastState": last_terminated(10)},
                    {"name": "restartable-init-2", "state": running(), "started": true}],
                  "containerStatuses": [{"name": "c", "ready": true, "restartCount": 4, "state": running(), "lastState": last_terminated(20)}],
                  "conditions": [{"type": "Initialized", "status": "True"}]}}),
                vec!["test2", "1/3", "Running", "7 (10s ago)", "<unknown>"],
            ),
            (
                json!({"metadata": {"name": "test3"}, "spec": sidecar_spec(), "status": {"phase": "Succeeded",
                  "initContainerStatuses": [
                    {"name": "restartable-init-1", "restartCount": 3, "state": {"terminated": {"reason": "Error", "exitCode": 137}},
                      "started": false, "lastState": last_terminated(10)},
                    {"name": "restartable-init-2", "state": {"terminated": {"reason": "Error", "exitCode": 137}}, "started": false}],
                  "containerStatuses": [{"name": "c", "restartCount": 4, "state": {"terminated": {"reason": "Completed", "exitCode": 0}},
                    "lastState": last_terminated(20)}],
                  "conditions": [{"type": "Initialized", "status": "True"}]}}),
                vec!["test3", "0/3", "Completed", "7 (10s ago)", "<unknown>"],
            ),
            // Statuses for containers the spec does not have.
            (
                json!({"metadata": {"name": "test4"}, "spec": {"initContainers": [{"name": "init1", "image": "initimage"},
                    {"name": "sidecar1", "image": "sidecarimage", "restartPolicy": "Always"}],
                    "containers": [{"name": "container1", "image": "containerimage"}]},
                  "status": {"phase": "Running",
                    "initContainerStatuses": [{"name": "initinvalid"}, {"name": "init1"}, {"name": "sidecar1"}],
                    "containerStatuses": [{"name": "containerinvalid"}, {"name": "container1"}]}}),
                vec!["test4", "0/2", "Init:0/2", "0", "<unknown>"],
            ),
        ];
        for (pod, want) in cases {
            assert_eq!(pod_cells(pod.clone()), cells(&want), "{pod}");
        }
    }

    /// printers_test.go TestPrintPodwide.
    #[test]
    fn upstream_test_print_pod_wide() {
        let gates = json!([{"conditionType": "condition1"}, {"conditionType": "condition2"}, {"conditionType": "condition3"}]);
        let conditions = json!([{"type": "condition1", "status": "False"}, {"type": "condition2", "status": "True"}]);
        let statuses =
            json!([{"ready": true, "restartCount": 3, "state": running()}, {"restartCount": 3}]);
        let p1: Pod = obj(json!({"metadata": {"name": "test1"},
          "spec": {"containers": [{"name": "a"}, {"name": "b"}], "nodeName": "test1", "readinessGates": gates},
          "status": {"conditions": conditions, "phase": "podPhase", "podIPs": [{"ip": "1.1.1.1"}],
            "containerStatuses": statuses, "nominatedNodeName": "node1"}}));
        assert_eq!(
            p1.row(now()),
            cells(&[
                "test1",
                "1/2",
                "podPhase",
                "6",
                "<unknown>",
                "1.1.1.1",
                "test1",
                "node1",
                "1/3"
            ])
        );
        let p2: Pod = obj(json!({"metadata": {"name": "test1"},
          "spec": {"containers": [{"name": "a"}, {"name": "b"}], "nodeName": "test1", "readinessGates": gates},
          "status": {"conditions": conditions, "phase": "podPhase", "podIPs": [{"ip": "1.1.1.1"}, {"ip": "2001:db8::"}],
            "containerStatuses": statuses, "nominatedNodeName": "node1"}}));
        assert_eq!(p2.row(now())[5], "1.1.1.1");
        let p3: Pod = obj(
            json!({"metadata": {"name": "test2"}, "spec": two_containers(), "status": {"phase": "podPhase",
          "containerStatuses": [{"ready": true, "restartCount": 3, "state": running()},
            {"state": {"waiting": {"reason": "ContainerWaitingReason"}}, "restartCount": 3}]}}),
        );
        assert_eq!(
            p3.row(now()),
            cells(&[
                "test2",
                "1/2",
                "ContainerWaitingReason",
                "6",
                "<unknown>",
                "<none>",
                "<none>",
                "<none>",
                "<none>"
            ])
        );
    }

    /// A whole `kubectl get pods` table, rendered with 3-space gaps.
    #[test]
    fn renders_a_statefulset_pod_listing() {
        let pods: Vec<Pod> = vec![
            obj(
                json!({"metadata": {"name": "web-0", "namespace": "default", "creationTimestamp": ago(300)},
              "spec": {"containers": [{"name": "nginx"}], "nodeName": "node-1"},
              "status": {"phase": "Running", "podIP": "10.244.1.5",
                "containerStatuses": [{"name": "nginx", "ready": true, "state": running()}]}}),
            ),
            obj(
                json!({"metadata": {"name": "web-1", "namespace": "default", "creationTimestamp": ago(20)},
              "spec": {"containers": [{"name": "nginx"}], "nodeName": "node-2"},
              "status": {"phase": "Pending", "containerStatuses": [{"name": "nginx", "state": {"waiting": {"reason": "ContainerCreating"}}}]}}),
            ),
        ];
        let opts = RenderOptions::default();
        let want = "\
NAME    READY   STATUS              RESTARTS   AGE
web-0   1/1     Running             0          5m
web-1   0/1     ContainerCreating   0          20s
";
        assert_eq!(render(&to_table(&pods, now(), &opts), &opts), want);
        let opts = RenderOptions {
            wide: true,
            with_namespace: true,
            ..RenderOptions::default()
        };
        let want = "\
NAMESPACE   NAME    READY   STATUS              RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES
default     web-0   1/1     Running             0          5m    10.244.1.5   node-1   <none>           <none>
default     web-1   0/1     ContainerCreating   0          20s   <none>       node-2   <none>           <none>
";
        assert_eq!(render(&to_table(&pods, now(), &opts), &opts), want);
    }

    fn template(containers: Value) -> Value {
        json!({"spec": {"containers": containers}})
    }

    fn fake_containers() -> Value {
        json!([{"name": "fake-container1", "image": "fake-image1"}, {"name": "fake-container2", "image": "fake-image2"}])
    }

    /// printers_test.go TestPrintDeployment.
    #[test]
    fn upstream_test_print_deployment() {
        let d: Deployment = obj(
            json!({"metadata": {"name": "test1", "creationTimestamp": ago(-1)},
          "spec": {"replicas": 5, "template": template(fake_containers()), "selector": {"matchLabels": {"foo": "bar"}}},
          "status": {"replicas": 10, "updatedReplicas": 2, "availableReplicas": 1, "unavailableReplicas": 4}}),
        );
        assert_eq!(
            d.row(now()),
            cells(&[
                "test1",
                "0/5",
                "2",
                "1",
                "0s",
                "fake-container1,fake-container2",
                "fake-image1,fake-image2",
                "foo=bar"
            ])
        );
        assert_eq!(
            Deployment::columns()
                .iter()
                .filter(|c| c.priority == 0)
                .count(),
            5
        );
    }

    /// printers_test.go TestPrintDaemonSet.
    #[test]
    fn upstream_test_print_daemon_set() {
        let ds: DaemonSet = obj(
            json!({"metadata": {"name": "test1", "creationTimestamp": ago(-1)},
          "spec": {"template": template(fake_containers()), "selector": {"matchLabels": {"foo": "bar"}}},
          "status": {"currentNumberScheduled": 2, "desiredNumberScheduled": 3, "numberReady": 1,
            "updatedNumberScheduled": 2, "numberAvailable": 0, "numberMisscheduled": 0}}),
        );
        assert_eq!(
            ds.row(now()),
            cells(&[
                "test1",
                "3",
                "2",
                "1",
                "2",
                "0",
                "<none>",
                "0s",
                "fake-container1,fake-container2",
                "fake-image1,fake-image2",
                "foo=bar"
            ])
        );
        let ds: DaemonSet = obj(
            json!({"metadata": {"name": "fluentd", "creationTimestamp": ago(3 * D)},
          "spec": {"template": {"spec": {"containers": [{"name": "f", "image": "fluentd"}],
            "nodeSelector": {"kubernetes.io/os": "linux", "disk": "ssd"}}},
            "selector": {"matchLabels": {"app": "fluentd"}, "matchExpressions": [{"key": "tier", "operator": "In", "values": ["b", "a"]}]}},
          "status": {"currentNumberScheduled": 3, "desiredNumberScheduled": 3, "numberReady": 3, "numberMisscheduled": 0}}),
        );
        let row = ds.row(now());
        assert_eq!(row[6], "disk=ssd,kubernetes.io/os=linux");
        assert_eq!(row[7], "3d");
        assert_eq!(row[10], "app=fluentd,tier in (a,b)");
    }

    #[test]
    fn statefulset_and_replicaset_rows() {
        let sts: StatefulSet = obj(
            json!({"metadata": {"name": "web", "creationTimestamp": ago(130)},
          "spec": {"replicas": 3, "serviceName": "nginx", "selector": {"matchLabels": {"app": "nginx"}},
            "template": template(json!([{"name": "nginx", "image": "registry.k8s.io/nginx-slim:0.24"}]))},
          "status": {"replicas": 2, "readyReplicas": 2}}),
        );
        assert_eq!(
            sts.row(now()),
            cells(&[
                "web",
                "2/3",
                "2m10s",
                "nginx",
                "registry.k8s.io/nginx-slim:0.24"
            ])
        );
        let names: Vec<String> = StatefulSet::columns().into_iter().map(|c| c.name).collect();
        assert_eq!(
            names,
            cells(&["Name", "Ready", "Age", "Containers", "Images"])
        );

        let rs: ReplicaSet = obj(
            json!({"metadata": {"name": "web-5d4f", "creationTimestamp": ago(7200)},
          "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}}, "template": template(json!([{"name": "w", "image": "nginx"}]))},
          "status": {"replicas": 2, "readyReplicas": 1}}),
        );
        assert_eq!(
            rs.row(now()),
            cells(&["web-5d4f", "2", "2", "1", "120m", "w", "nginx", "app=web"])
        );
    }

    fn job(spec: Value, status: Value) -> Job {
        let mut spec = spec;
        spec["template"] = template(json!([{"name": "pi", "image": "perl"}]));
        obj(
            json!({"metadata": {"name": "pi", "creationTimestamp": ago(600)}, "spec": spec, "status": status}),
        )
    }

    /// printJob: STATUS precedence, COMPLETIONS forms and DURATION.
    #[test]
    fn job_rows() {
        let complete = job(
            json!({"completions": 1, "parallelism": 1}),
            json!({"succeeded": 1,
          "startTime": ago(600), "completionTime": ago(590),
          "conditions": [{"type": "SuccessCriteriaMet", "status": "True"}, {"type": "Complete", "status": "True"}]}),
        );
        assert_eq!(
            complete.row(now())[..5],
            cells(&["pi", "Complete", "1/1", "10s", "10m"])
        );
        // Work queue: no completions, parallelism > 1.
        let queue = job(
            json!({"parallelism": 3}),
            json!({"succeeded": 1, "active": 2, "startTime": ago(190)}),
        );
        assert_eq!(
            queue.row(now())[..5],
            cells(&["pi", "Running", "1/1 of 3", "3m10s", "10m"])
        );
        let single = job(json!({"parallelism": 1}), json!({}));
        assert_eq!(single.row(now())[1..4], cells(&["Running", "0/1", ""]));
        let failed = job(
            json!({"completions": 3}),
            json!({"failed": 7, "startTime": ago(300), "completionTime": ago(10),
          "conditions": [{"type": "FailureTarget", "status": "True"}, {"type": "Failed", "status": "True"}]}),
        );
        assert_eq!(failed.row(now())[1..4], cells(&["Failed", "0/3", "4m50s"]));
        let suspended = job(
            json!({"completions": 2, "suspend": true}),
            json!({"conditions": [{"type": "Suspended", "status": "True"}]}),
        );
        assert_eq!(job_status(&suspended), "Suspended");
        let target = job(
            json!({}),
            json!({"conditions": [{"type": "FailureTarget", "status": "True"}]}),
        );
        assert_eq!(job_status(&target), "FailureTarget");
        let met = job(
            json!({}),
            json!({"conditions": [{"type": "SuccessCriteriaMet", "status": "True"}]}),
        );
        assert_eq!(job_status(&met), "SuccessCriteriaMet");
        let not_met = job(
            json!({}),
            json!({"conditions": [{"type": "Complete", "status": "False"}]}),
        );
        assert_eq!(job_status(&not_met), "Running");
        let mut deleting = job(json!({}), json!({}));
        deleting.metadata.deletion_timestamp = Some(Time(now()));
        assert_eq!(job_status(&deleting), "Terminating");
        let cols: Vec<String> = Job::columns().into_iter().map(|c| c.name).collect();
        assert_eq!(
            cols,
            cells(&[
                "Name",
                "Status",
                "Completions",
                "Duration",
                "Age",
                "Containers",
                "Images",
                "Selector"
            ])
        );
        let wide = job(
            json!({"selector": {"matchLabels": {"batch.kubernetes.io/controller-uid": "abc"}}}),
            json!({}),
        );
        assert_eq!(
            wide.row(now())[5..],
            cells(&["pi", "perl", "batch.kubernetes.io/controller-uid=abc"])
        );
    }

    #[test]
    fn cronjob_rows() {
        let cj: CronJob = obj(
            json!({"metadata": {"name": "hello", "creationTimestamp": ago(3 * 3600)},
          "spec": {"schedule": "*/1 * * * *", "suspend": false,
            "jobTemplate": {"spec": {"template": template(json!([{"name": "hello", "image": "busybox:1.28"}]))}}},
          "status": {"active": [{"name": "hello-28600000"}], "lastScheduleTime": ago(42)}}),
        );
        assert_eq!(
            cj.row(now()),
            cells(&[
                "hello",
                "*/1 * * * *",
                "<none>",
                "False",
                "1",
                "42s",
                "3h",
                "hello",
                "busybox:1.28",
                "<none>"
            ])
        );
        let cj: CronJob = obj(json!({"metadata": {"name": "nightly"},
          "spec": {"schedule": "0 3 * * *", "timeZone": "Europe/Berlin", "suspend": true,
            "jobTemplate": {"spec": {"template": template(json!([]))}}}}));
        assert_eq!(
            cj.row(now())[..6],
            cells(&[
                "nightly",
                "0 3 * * *",
                "Europe/Berlin",
                "True",
                "0",
                "<none>"
            ])
        );
        let cols: Vec<String> = CronJob::columns()
            .into_iter()
            .filter(|c| c.priority == 0)
            .map(|c| c.name.to_uppercase())
            .collect();
        assert_eq!(
            cols,
            cells(&[
                "NAME",
                "SCHEDULE",
                "TIMEZONE",
                "SUSPEND",
                "ACTIVE",
                "LAST SCHEDULE",
                "AGE"
            ])
        );
    }

    fn node(labels: Value, conditions: Value, unschedulable: bool) -> Node {
        obj(
            json!({"metadata": {"name": "node-1", "labels": labels, "creationTimestamp": ago(10 * D)},
          "spec": {"unschedulable": unschedulable},
          "status": {"conditions": conditions, "nodeInfo": {"kubeletVersion": "v1.34.0", "osImage": "Debian GNU/Linux 12 (bookworm)",
            "kernelVersion": "6.1.0", "containerRuntimeVersion": "containerd://1.7.0", "architecture": "amd64",
            "bootID": "", "kubeProxyVersion": "", "machineID": "", "operatingSystem": "linux", "systemUUID": ""},
            "addresses": [{"type": "InternalIP", "address": "172.18.0.2"}, {"type": "Hostname", "address": "node-1"}]}}),
        )
    }

    /// printNode: STATUS from the Ready condition, SchedulingDisabled when
    /// cordoned; ROLES from role labels (printers_test.go TestPrintNodeRole).
    #[test]
    fn node_rows() {
        let ready = json!([{"type": "MemoryPressure", "status": "False"}, {"type": "Ready", "status": "True"}]);
        let n = node(
            json!({"node-role.kubernetes.io/control-plane": ""}),
            ready.clone(),
            false,
        );
        assert_eq!(
            n.row(now()),
            cells(&[
                "node-1",
                "Ready",
                "control-plane",
                "10d",
                "v1.34.0",
                "172.18.0.2",
                "<none>",
                "Debian GNU/Linux 12 (bookworm)",
                "6.1.0",
                "containerd://1.7.0"
            ])
        );
        let n = node(
            json!({}),
            json!([{"type": "Ready", "status": "False"}]),
            true,
        );
        assert_eq!(
            n.row(now())[1..3],
            cells(&["NotReady,SchedulingDisabled", "<none>"])
        );
        let n = node(
            json!({}),
            json!([{"type": "Ready", "status": "Unknown"}]),
            false,
        );
        assert_eq!(n.row(now())[1], "NotReady");
        let n = node(json!({}), json!([]), true);
        assert_eq!(n.row(now())[1], "Unknown,SchedulingDisabled");
        let n = node(
            json!({"node-role.kubernetes.io/worker": "", "node-role.kubernetes.io/": "", "kubernetes.io/role": "node",
          "node-role.kubernetes.io/control-plane": "true"}),
            ready,
            false,
        );
        assert_eq!(n.row(now())[2], "control-plane,node,worker");
    }

    fn svc(spec: Value, status: Value) -> Service {
        obj(
            json!({"metadata": {"name": "svc", "creationTimestamp": ago(65)}, "spec": spec, "status": status}),
        )
    }

    /// printService: TYPE, CLUSTER-IP, EXTERNAL-IP and PORT(S) rules.
    #[test]
    fn service_rows() {
        let s = svc(
            json!({"type": "ClusterIP", "clusterIP": "10.96.0.10", "clusterIPs": ["10.96.0.10"],
          "ports": [{"port": 53, "protocol": "UDP"}, {"port": 53, "protocol": "TCP"}], "selector": {"k8s-app": "kube-dns"}}),
            json!({}),
        );
        assert_eq!(
            s.row(now()),
            cells(&[
                "svc",
                "ClusterIP",
                "10.96.0.10",
                "<none>",
                "53/UDP,53/TCP",
                "65s",
                "k8s-app=kube-dns"
            ])
        );
        let s = svc(
            json!({"type": "ClusterIP", "clusterIP": "None", "clusterIPs": ["None"]}),
            json!({}),
        );
        assert_eq!(s.row(now())[2..5], cells(&["None", "<none>", "<none>"]));
        let s = svc(
            json!({"type": "NodePort", "clusterIPs": ["10.96.1.1"], "ports": [{"port": 80, "nodePort": 30080, "protocol": "TCP"}]}),
            json!({}),
        );
        assert_eq!(s.row(now())[3..5], cells(&["<none>", "80:30080/TCP"]));
        let s = svc(
            json!({"type": "LoadBalancer", "clusterIPs": ["10.96.1.2"]}),
            json!({}),
        );
        assert_eq!(s.row(now())[3], "<pending>");
        let lb = json!({"loadBalancer": {"ingress": [{"hostname": "a-very-long-hostname.example.com"}]}});
        let s = svc(
            json!({"type": "LoadBalancer", "clusterIPs": ["10.96.1.3"]}),
            lb,
        );
        assert_eq!(s.row(now())[3], "a-very-long-h...");
        assert_eq!(
            s.row_with(now(), true)[3],
            "a-very-long-hostname.example.com"
        );
        let lb = json!({"loadBalancer": {"ingress": [{"ip": "5.6.7.8"}, {"ip": "1.2.3.4"}]}});
        let s = svc(
            json!({"type": "LoadBalancer", "clusterIPs": ["10.96.1.4"], "externalIPs": ["9.9.9.9"]}),
            lb,
        );
        assert_eq!(s.row(now())[3], "1.2.3.4,5.6.7.8,9.9.9.9");
        let s = svc(
            json!({"type": "ExternalName", "externalName": "example.com"}),
            json!({}),
        );
        assert_eq!(
            s.row(now())[2..5],
            cells(&["<none>", "example.com", "<none>"])
        );
    }

    #[test]
    fn endpoints_rows() {
        let ep: Endpoints = obj(json!({"metadata": {"name": "web"}, "subsets": [{
          "addresses": [{"ip": "10.0.0.1"}, {"ip": "10.0.0.2"}, {"ip": "10.0.0.3"}, {"ip": "10.0.0.4"}],
          "ports": [{"port": 80}, {"port": 443}]}]}));
        assert_eq!(
            ep.row(now())[1],
            "10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 5 more..."
        );
        let ep: Endpoints = obj(
            json!({"metadata": {"name": "headless"}, "subsets": [{"addresses": [{"ip": "10.0.0.9"}]}]}),
        );
        assert_eq!(ep.row(now())[1], "10.0.0.9");
        let ep: Endpoints = obj(json!({"metadata": {"name": "none"}}));
        assert_eq!(ep.row(now())[1], "<none>");
    }

    #[test]
    fn storage_rows() {
        let pvc: PersistentVolumeClaim = obj(
            json!({"metadata": {"name": "www-web-0", "creationTimestamp": ago(90)},
          "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}},
            "storageClassName": "standard", "volumeName": "pvc-1234", "volumeMode": "Filesystem"},
          "status": {"phase": "Bound", "accessModes": ["ReadWriteOnce"], "capacity": {"storage": "1Gi"}}}),
        );
        assert_eq!(
            pvc.row(now()),
            cells(&[
                "www-web-0",
                "Bound",
                "pvc-1234",
                "1Gi",
                "RWO",
                "standard",
                "<unset>",
                "90s",
                "Filesystem"
            ])
        );
        let pending: PersistentVolumeClaim = obj(
            json!({"metadata": {"name": "data", "creationTimestamp": ago(5),
            "annotations": {"volume.beta.kubernetes.io/storage-class": "beta"}},
          "spec": {"accessModes": ["ReadWriteOnce"], "storageClassName": "standard"}, "status": {"phase": "Pending"}}),
        );
        assert_eq!(
            pending.row(now())[..8],
            cells(&["data", "Pending", "", "", "", "beta", "<unset>", "5s"])
        );

        let pv: PersistentVolume = obj(
            json!({"metadata": {"name": "pvc-1234", "creationTimestamp": ago(90)},
          "spec": {"capacity": {"storage": "1Gi"}, "accessModes": ["ReadWriteMany", "ReadWriteOnce"],
            "persistentVolumeReclaimPolicy": "Delete", "storageClassName": "standard",
            "claimRef": {"namespace": "default", "name": "www-web-0"}},
          "status": {"phase": "Bound"}}),
        );
        assert_eq!(
            pv.row(now()),
            cells(&[
                "pvc-1234",
                "1Gi",
                "RWO,RWX",
                "Delete",
                "Bound",
                "default/www-web-0",
                "standard",
                "<unset>",
                "",
                "90s",
                "<unset>"
            ])
        );

        let sc: StorageClass = obj(
            json!({"metadata": {"name": "standard", "creationTimestamp": ago(D),
            "annotations": {"storageclass.kubernetes.io/is-default-class": "true"}},
          "provisioner": "rancher.io/local-path", "volumeBindingMode": "WaitForFirstConsumer"}),
        );
        assert_eq!(
            sc.row(now()),
            cells(&[
                "standard (default)",
                "rancher.io/local-path",
                "Delete",
                "WaitForFirstConsumer",
                "false",
                "24h"
            ])
        );
    }

    #[test]
    fn namespace_config_secret_revision_rows() {
        let ns: Namespace = obj(
            json!({"metadata": {"name": "default", "creationTimestamp": ago(5 * D)}, "status": {"phase": "Active"}}),
        );
        assert_eq!(ns.row(now()), cells(&["default", "Active", "5d"]));
        let cm: ConfigMap = obj(
            json!({"metadata": {"name": "cfg", "creationTimestamp": ago(1)},
          "data": {"a": "1", "b": "2"}, "binaryData": {"c": "AA=="}}),
        );
        assert_eq!(cm.row(now()), cells(&["cfg", "3", "1s"]));
        let s: Secret = obj(
            json!({"metadata": {"name": "tok", "creationTimestamp": ago(1)}, "type": "Opaque",
          "data": {"a": "MQ=="}, "stringData": {"a": "x", "b": "y"}}),
        );
        assert_eq!(s.row(now()), cells(&["tok", "Opaque", "2", "1s"]));
        let cr: ControllerRevision = obj(
            json!({"metadata": {"name": "web-7b9c", "creationTimestamp": ago(60),
            "ownerReferences": [{"apiVersion": "apps/v1", "kind": "StatefulSet", "name": "web", "uid": "u", "controller": true}]},
          "revision": 2}),
        );
        assert_eq!(
            cr.row(now()),
            cells(&["web-7b9c", "statefulset.apps/web", "2", "60s"])
        );
        let orphan: ControllerRevision = obj(json!({"metadata": {"name": "x"}, "revision": 1}));
        assert_eq!(orphan.row(now())[1], "<none>");
    }

    /// printEvent: LAST SEEN falls back to FIRST SEEN and eventTime; series
    /// override last seen and count; singleton events count 1.
    #[test]
    fn event_rows() {
        let ev: Event = obj(
            json!({"metadata": {"name": "web-0.17d", "namespace": "default"},
          "involvedObject": {"kind": "Pod", "name": "web-0", "fieldPath": "spec.containers{nginx}"},
          "reason": "Pulled", "type": "Normal", "message": "Successfully pulled image \"nginx\"\n",
          "source": {"component": "kubelet", "host": "node-1"},
          "firstTimestamp": ago(300), "lastTimestamp": ago(30), "count": 3}),
        );
        assert_eq!(
            ev.row(now()),
            cells(&[
                "30s",
                "Normal",
                "Pulled",
                "pod/web-0",
                "spec.containers{nginx}",
                "kubelet, node-1",
                "Successfully pulled image \"nginx\"",
                "5m",
                "3",
                "web-0.17d"
            ])
        );
        let ev: Event = obj(json!({"metadata": {"name": "e2"},
          "involvedObject": {"kind": "StatefulSet", "name": "web"}, "reason": "SuccessfulCreate", "type": "Normal",
          "message": "create Pod web-1 in StatefulSet web successful",
          "eventTime": ago(125), "reportingComponent": "statefulset-controller"}));
        assert_eq!(
            ev.row(now()),
            cells(&[
                "2m5s",
                "Normal",
                "SuccessfulCreate",
                "statefulset/web",
                "",
                "statefulset-controller",
                "create Pod web-1 in StatefulSet web successful",
                "2m5s",
                "1",
                "e2"
            ])
        );
        let ev: Event = obj(
            json!({"metadata": {"name": "e3"}, "involvedObject": {"kind": "Node"},
          "reason": "BackOff", "type": "Warning", "eventTime": ago(600),
          "series": {"count": 12, "lastObservedTime": ago(4)}}),
        );
        let row = ev.row(now());
        assert_eq!(
            (row[0].as_str(), row[3].as_str(), row[8].as_str()),
            ("4s", "node", "12")
        );
        let headers: Vec<String> = Event::columns()
            .into_iter()
            .filter(|c| c.priority == 0)
            .map(|c| c.name.to_uppercase())
            .collect();
        assert_eq!(
            headers,
            cells(&["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"])
        );
    }

    #[test]
    fn label_selector_formatting() {
        let sel: LabelSelector = obj(json!({"matchExpressions": [
          {"key": "env", "operator": "NotIn", "values": ["prod"]},
          {"key": "app", "operator": "Exists"},
          {"key": "gone", "operator": "DoesNotExist"}]}));
        assert_eq!(
            format_label_selector(Some(&sel)),
            "app,env notin (prod),!gone"
        );
        assert_eq!(format_label_selector(None), "<none>");
        assert_eq!(
            format_label_selector(Some(&LabelSelector::default())),
            "<none>"
        );
        let bad: LabelSelector =
            obj(json!({"matchExpressions": [{"key": "a", "operator": "Gt", "values": ["1"]}]}));
        assert_eq!(format_label_selector(Some(&bad)), "<error>");
    }

    /// Every row has exactly one cell per column, wide ones included.
    #[test]
    fn rows_match_column_counts() {
        let n = now();
        assert_eq!(Pod::default().row(n).len(), Pod::columns().len());
        assert_eq!(Node::default().row(n).len(), Node::columns().len());
        assert_eq!(
            Namespace::default().row(n).len(),
            Namespace::columns().len()
        );
        assert_eq!(Service::default().row(n).len(), Service::columns().len());
        assert_eq!(
            Endpoints::default().row(n).len(),
            Endpoints::columns().len()
        );
        assert_eq!(
            Deployment::default().row(n).len(),
            Deployment::columns().len()
        );
        assert_eq!(
            ReplicaSet::default().row(n).len(),
            ReplicaSet::columns().len()
        );
        assert_eq!(
            StatefulSet::default().row(n).len(),
            StatefulSet::columns().len()
        );
        assert_eq!(
            DaemonSet::default().row(n).len(),
            DaemonSet::columns().len()
        );
        assert_eq!(Job::default().row(n).len(), Job::columns().len());
        assert_eq!(CronJob::default().row(n).len(), CronJob::columns().len());
        assert_eq!(
            ControllerRevision::default().row(n).len(),
            ControllerRevision::columns().len()
        );
        assert_eq!(
            PersistentVolumeClaim::default().row(n).len(),
            PersistentVolumeClaim::columns().len()
        );
        assert_eq!(
            PersistentVolume::default().row(n).len(),
            PersistentVolume::columns().len()
        );
        assert_eq!(
            StorageClass::default().row(n).len(),
            StorageClass::columns().len()
        );
        assert_eq!(
            ConfigMap::default().row(n).len(),
            ConfigMap::columns().len()
        );
        assert_eq!(Secret::default().row(n).len(), Secret::columns().len());
        assert_eq!(Event::default().row(n).len(), Event::columns().len());
    }
}
