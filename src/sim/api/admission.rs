//! What the API server does to an object between decoding and storing it: defaulting (the
//! `pkg/apis/*/v1/defaults.go` functions), admission (DefaultTolerationSeconds, ServiceAccount),
//! validation, and the fields the registry strategies set on create (ClusterIP allocation, the
//! Job's generated selector, initial status).

use super::errors::ApiError;
use crate::sim::cluster::Cluster;
use crate::sim::controllers::Ctrl;
use crate::sim::object::{Kind, Object};
use crate::sim::pod_status::PodStatus;
use crate::sim::store::ObjKey;
use k8s_openapi::api::core::v1::{NamespaceStatus, PersistentVolumeClaimStatus};

/// Applies defaults and mutating admission to an object about to be created or updated.
pub fn default_and_admit(_c: &mut Cluster, obj: &mut Object) {
    use super::defaults as d;
    match obj {
        Object::Pod(p) => d::default_pod(std::sync::Arc::make_mut(p)),
        Object::Deployment(x) => d::default_deployment(std::sync::Arc::make_mut(x)),
        Object::ReplicaSet(x) => d::default_replica_set(std::sync::Arc::make_mut(x)),
        Object::StatefulSet(x) => d::default_stateful_set(std::sync::Arc::make_mut(x)),
        Object::DaemonSet(x) => d::default_daemon_set(std::sync::Arc::make_mut(x)),
        Object::Job(x) => d::default_job(std::sync::Arc::make_mut(x)),
        Object::CronJob(x) => d::default_cron_job(std::sync::Arc::make_mut(x)),
        Object::Service(x) => d::default_service(std::sync::Arc::make_mut(x)),
        Object::PersistentVolumeClaim(x) => {
            d::default_persistent_volume_claim(std::sync::Arc::make_mut(x));
            default_storage_class(_c, std::sync::Arc::make_mut(x));
        }
        _ => {}
    }
}

/// The DefaultStorageClass admission plugin: a claim without `storageClassName` gets the
/// cluster's default class.
fn default_storage_class(c: &Cluster, pvc: &mut k8s_openapi::api::core::v1::PersistentVolumeClaim) {
    let spec = pvc.spec.get_or_insert_with(Default::default);
    if spec.storage_class_name.is_some() {
        return;
    }
    let default = c
        .store
        .list_typed::<k8s_openapi::api::storage::v1::StorageClass>(None)
        .find(|sc| {
            sc.metadata
                .annotations
                .as_ref()
                .and_then(|a| a.get("storageclass.kubernetes.io/is-default-class"))
                .is_some_and(|v| v == "true")
        })
        .and_then(|sc| sc.metadata.name.clone());
    spec.storage_class_name = default;
}

/// The pod's QoS class (`pkg/apis/core/v1/helper/qos/qos.go`): Guaranteed when every container
/// sets equal cpu and memory requests and limits, BestEffort when none sets any, else Burstable.
pub fn qos_class(pod: &crate::sim::pod::Pod) -> String {
    let Some(spec) = pod.spec.as_ref() else {
        return "BestEffort".into();
    };
    let all = spec
        .containers
        .iter()
        .chain(spec.init_containers.iter().flatten());
    let mut any = false;
    let mut guaranteed = true;
    for c in all {
        let req = c
            .resources
            .as_ref()
            .and_then(|r| r.requests.clone())
            .unwrap_or_default();
        let lim = c
            .resources
            .as_ref()
            .and_then(|r| r.limits.clone())
            .unwrap_or_default();
        if !req.is_empty() || !lim.is_empty() {
            any = true;
        }
        for r in ["cpu", "memory"] {
            let l = lim.get(r);
            let q = req.get(r).or(l);
            if l.is_none() || q.map(|q| &q.0) != l.map(|l| &l.0) {
                guaranteed = false;
            }
        }
    }
    if !any {
        "BestEffort".into()
    } else if guaranteed {
        "Guaranteed".into()
    } else {
        "Burstable".into()
    }
}

/// Validates an object about to be created.
pub fn validate_create(_c: &Cluster, obj: &Object) -> Result<(), ApiError> {
    use super::validation as v;
    let errs = match obj {
        Object::Pod(x) => v::validate_pod(x),
        Object::StatefulSet(x) => v::validate_stateful_set(x),
        Object::Deployment(x) => v::validate_deployment(x),
        Object::ReplicaSet(x) => v::validate_replica_set(x),
        Object::DaemonSet(x) => v::validate_daemon_set(x),
        Object::Job(x) => v::validate_job(x),
        Object::CronJob(x) => v::validate_cron_job(x, &schedule_check),
        Object::Service(x) => v::validate_service(x),
        Object::PersistentVolumeClaim(x) => v::validate_persistent_volume_claim(x),
        other => {
            let rule = if matches!(other.kind(), Kind::Namespace) {
                v::NameRule::Dns1123Label
            } else {
                v::NameRule::Dns1123Subdomain
            };
            v::validate_object_meta(other.meta(), rule)
        }
    };
    invalid(obj, errs)
}

/// `ValidatePodUpdate` (`pkg/apis/core/validation/validation.go`): a running pod's spec is
/// immutable except container images, activeDeadlineSeconds, added tolerations and a few more.
fn pod_update_errors(
    old: &crate::sim::pod::Pod,
    new: &crate::sim::pod::Pod,
) -> Vec<super::errors::FieldError> {
    let (Some(os), Some(ns)) = (old.spec.as_ref(), new.spec.as_ref()) else {
        return Vec::new();
    };
    // Take the old spec, let the mutable fields come from the new one, and compare.
    let mut allowed = os.clone();
    for (a, n) in allowed.containers.iter_mut().zip(ns.containers.iter()) {
        a.image = n.image.clone();
    }
    if let (Some(a), Some(n)) = (
        allowed.init_containers.as_mut(),
        ns.init_containers.as_ref(),
    ) {
        for (a, n) in a.iter_mut().zip(n.iter()) {
            a.image = n.image.clone();
        }
    }
    allowed.active_deadline_seconds = ns.active_deadline_seconds;
    let old_tolerations = os.tolerations.clone().unwrap_or_default();
    if ns
        .tolerations
        .as_ref()
        .is_some_and(|t| old_tolerations.iter().all(|o| t.contains(o)))
    {
        allowed.tolerations = ns.tolerations.clone();
    }
    if os.termination_grace_period_seconds.is_some_and(|g| g < 0) {
        allowed.termination_grace_period_seconds = ns.termination_grace_period_seconds;
    }
    allowed.scheduling_gates = ns.scheduling_gates.clone();
    // The scheduler's binding is not the client's to change, and clients do not send it.
    allowed.node_name = ns.node_name.clone().or(allowed.node_name);
    let mut n = ns.clone();
    n.node_name = allowed.node_name.clone();
    if allowed == n {
        return Vec::new();
    }
    vec![super::errors::FieldError::forbidden(
        "spec",
        "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
    )]
}

/// Kubernetes parses CronJob schedules with robfig/cron's standard parser.
fn schedule_check(s: &str) -> Result<(), String> {
    crate::sim::cron::Schedule::parse_standard(s).map(|_| ())
}

fn invalid(obj: &Object, errs: Vec<super::errors::FieldError>) -> Result<(), ApiError> {
    if errs.is_empty() {
        Ok(())
    } else {
        Err(ApiError::invalid(
            obj.kind().info().kind,
            obj.kind().info().group,
            obj.name(),
            errs,
        ))
    }
}

/// Validates an update from `old` to `new`.
pub fn validate_update(c: &Cluster, old: &Object, new: &Object) -> Result<(), ApiError> {
    use super::validation as v;
    validate_create(c, new)?;
    let errs = match (old, new) {
        (Object::StatefulSet(o), Object::StatefulSet(n)) => v::validate_stateful_set_update(o, n),
        (Object::Deployment(o), Object::Deployment(n)) => v::validate_deployment_update(o, n),
        (Object::ReplicaSet(o), Object::ReplicaSet(n)) => v::validate_replica_set_update(o, n),
        (Object::DaemonSet(o), Object::DaemonSet(n)) => v::validate_daemon_set_update(o, n),
        (Object::Job(o), Object::Job(n)) => v::validate_job_update(o, n),
        (Object::Pod(o), Object::Pod(n)) => pod_update_errors(o, n),
        (Object::CronJob(o), Object::CronJob(n)) => {
            v::validate_cron_job_update(o, n, &schedule_check)
        }
        _ => Vec::new(),
    };
    invalid(new, errs)
}

/// Sets what the registry sets on create: initial status, ClusterIPs, the Job selector.
pub fn after_create(c: &mut Cluster, obj: &mut Object) {
    match obj {
        Object::Pod(p) => {
            let qos = qos_class(p);
            std::sync::Arc::make_mut(p).status = Some(PodStatus {
                phase: Some("Pending".into()),
                qos_class: Some(qos.into()),
                ..Default::default()
            });
        }
        Object::PersistentVolumeClaim(p) => {
            std::sync::Arc::make_mut(p).status = Some(PersistentVolumeClaimStatus {
                phase: Some("Pending".into()),
                ..Default::default()
            });
        }
        Object::Namespace(n) => {
            let mut spec = n.spec.clone().unwrap_or_default();
            spec.finalizers = Some(vec!["kubernetes".into()]);
            std::sync::Arc::make_mut(n).spec = Some(spec);
            std::sync::Arc::make_mut(n).status = Some(NamespaceStatus {
                phase: Some("Active".into()),
                conditions: None,
            });
            let name = n.metadata.name.clone().unwrap_or_default();
            std::sync::Arc::make_mut(n)
                .metadata
                .labels
                .get_or_insert_with(Default::default)
                .insert("kubernetes.io/metadata.name".into(), name);
        }
        Object::Service(s) => {
            let spec = std::sync::Arc::make_mut(s)
                .spec
                .get_or_insert_with(Default::default);
            let headless = spec.cluster_ip.as_deref() == Some("None");
            if !headless && spec.cluster_ip.as_deref().unwrap_or("").is_empty() {
                c.runtime.next_cluster_ip += 1;
                let n = c.runtime.next_cluster_ip;
                let ip = format!("10.96.{}.{}", (n / 250) % 256, n % 250 + 1);
                spec.cluster_ip = Some(ip.clone());
                spec.cluster_ips = Some(vec![ip]);
            } else if headless {
                spec.cluster_ips = Some(vec!["None".into()]);
            }
        }
        Object::DaemonSet(_) => daemon_set_template_generation(None, obj),
        _ => {}
    }
}

/// The registry strategies' PrepareForCreate that runs before validation: the Job's generated
/// selector and labels (`pkg/registry/batch/job/strategy.go`).
pub fn prepare_for_create(obj: &mut Object) {
    let uid = obj.meta().uid.clone().unwrap_or_default();
    if let Object::Job(j) = obj {
        super::defaults::job_generate_selector(std::sync::Arc::make_mut(j), &uid);
    }
}

/// The annotation apps/v1 shows the DaemonSet's internal `spec.templateGeneration` as.
pub const DAEMON_SET_TEMPLATE_GENERATION: &str = "deprecated.daemonset.template.generation";

/// The DaemonSet registry strategy (`pkg/registry/apps/daemonset/strategy.go`): the template
/// generation is 1 on create (or what the client sent, if higher) and goes up by one whenever an
/// update changes the pod template; clients cannot set it on update. The DaemonSet controller
/// stamps it on pods as `pod-template-generation`.
pub fn daemon_set_template_generation(old: Option<&Object>, new: &mut Object) {
    let Object::DaemonSet(ds) = new else {
        return;
    };
    let parse = |d: &k8s_openapi::api::apps::v1::DaemonSet| -> i64 {
        d.metadata
            .annotations
            .as_ref()
            .and_then(|a| a.get(DAEMON_SET_TEMPLATE_GENERATION))
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let generation = match old {
        Some(Object::DaemonSet(o)) => {
            let template = |d: &k8s_openapi::api::apps::v1::DaemonSet| {
                d.spec.as_ref().map(|s| s.template.clone())
            };
            parse(o) + i64::from(template(o) != template(ds))
        }
        _ => parse(ds).max(1),
    };
    std::sync::Arc::make_mut(ds)
        .metadata
        .annotations
        .get_or_insert_with(Default::default)
        .insert(
            DAEMON_SET_TEMPLATE_GENERATION.into(),
            generation.to_string(),
        );
}

/// Keeps the stored status when a client replaces an object (status is its own subresource).
pub fn keep_status(old: &Object, new: &mut Object) {
    let old_json = old.to_json();
    let mut new_json = new.to_json();
    if let (Some(n), Some(s)) = (new_json.as_object_mut(), old_json.get("status")) {
        n.insert("status".into(), s.clone());
    } else if let Some(n) = new_json.as_object_mut() {
        n.remove("status");
    }
    if let Ok(o) = Object::from_json(new.kind(), new_json) {
        *new = o;
    }
}

/// Hands an object marked for deletion (deletionTimestamp set, finalizers pending) to the
/// controller that finishes it.
pub fn after_mark_deleted(c: &mut Cluster, obj: &Object) {
    let key = ObjKey::of(obj);
    match obj.kind() {
        Kind::PersistentVolumeClaim | Kind::PersistentVolume => c.enqueue(Ctrl::PvBinder, key),
        Kind::Namespace => c.enqueue(Ctrl::Namespace, key),
        _ => {}
    }
}
