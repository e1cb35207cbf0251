//! API-server defaulting for the objects the simulator stores, so that `kubectl get -o yaml`
//! shows the same filled-in fields as a real cluster.
//!
//! Ports of `pkg/apis/core/v1/defaults.go`, `pkg/apis/apps/v1/defaults.go`,
//! `pkg/apis/batch/v1/defaults.go`, the Pod admission plugins that always run
//! (`DefaultTolerationSeconds`, `Priority`, `ServiceAccount`), Service IP-family defaulting from
//! `pkg/registry/core/service/storage/alloc.go`, and the Job selector generation of
//! `pkg/registry/batch/job/strategy.go`.

use std::collections::BTreeMap;
use std::ops::Deref;

use crate::sim::pod::{CopyOnWrite, Pod};
use k8s_openapi::api::apps::v1::{
    DaemonSet, DaemonSetUpdateStrategy, Deployment, DeploymentStrategy, ReplicaSet,
    RollingUpdateDaemonSet, RollingUpdateDeployment, RollingUpdateStatefulSetStrategy, StatefulSet,
    StatefulSetPersistentVolumeClaimRetentionPolicy, StatefulSetUpdateStrategy,
};
use k8s_openapi::api::batch::v1::{CronJob, Job};
use k8s_openapi::api::core::v1::{
    Container, EmptyDirVolumeSource, PersistentVolumeClaim, PersistentVolumeClaimSpec,
    PersistentVolumeClaimStatus, PodSpec, PodTemplateSpec, Probe, Service, Toleration, Volume,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

/// Label on Job pods holding the Job's UID (legacy, unprefixed).
pub const LEGACY_CONTROLLER_UID_LABEL: &str = "controller-uid";
/// Label on Job pods holding the Job's UID.
pub const CONTROLLER_UID_LABEL: &str = "batch.kubernetes.io/controller-uid";
/// Label on Job pods holding the Job's name (legacy, unprefixed).
pub const LEGACY_JOB_NAME_LABEL: &str = "job-name";
/// Label on Job pods holding the Job's name.
pub const JOB_NAME_LABEL: &str = "batch.kubernetes.io/job-name";

/// Taint key of nodes whose Ready condition is False.
pub const TAINT_NODE_NOT_READY: &str = "node.kubernetes.io/not-ready";
/// Taint key of nodes whose Ready condition is Unknown.
pub const TAINT_NODE_UNREACHABLE: &str = "node.kubernetes.io/unreachable";

fn set_str<S: Deref<Target = str> + From<&'static str>>(
    field: &mut Option<S>,
    value: &'static str,
) {
    if field.as_deref().unwrap_or("").is_empty() {
        *field = Some(value.into());
    }
}

/// `imagePullPolicy` default of `SetDefaults_Container`: `Always` for `:latest` or an image with
/// neither tag nor digest, otherwise `IfNotPresent`.
pub fn default_image_pull_policy(image: &str) -> &'static str {
    // parsers.ParseImageName: a digest ("@sha256:...") wins; a tag is the part after the last ':'
    // that follows the last '/'.
    if image.contains('@') {
        return "IfNotPresent";
    }
    let last_segment = image.rsplit('/').next().unwrap_or(image);
    match last_segment.rsplit_once(':') {
        Some((_, "latest")) => "Always",
        Some(_) => "IfNotPresent",
        None => "Always",
    }
}

fn default_probe(p: &mut Probe) {
    // SetDefaults_Probe and SetDefaults_HTTPGetAction.
    p.timeout_seconds.get_or_insert(1);
    p.period_seconds.get_or_insert(10);
    p.success_threshold.get_or_insert(1);
    p.failure_threshold.get_or_insert(3);
    if let Some(h) = p.http_get.as_mut() {
        set_str(&mut h.path, "/");
        set_str(&mut h.scheme, "HTTP");
    }
}

fn unset(field: &Option<String>) -> bool {
    field.as_deref().unwrap_or("").is_empty()
}

/// `SetDefaults_Container` and the defaults of its probes, ports and env. A shared container
/// (a workload's pods share theirs) is read first and copied only when a default may be
/// missing (a template's containers were defaulted when the workload was stored): one with
/// probes is copied to default them, whatever they hold.
fn default_container(c: &mut impl CopyOnWrite<Container>) {
    let r = c.read();
    if unset(&r.image_pull_policy) {
        let policy = default_image_pull_policy(r.image.as_deref().unwrap_or(""));
        c.write().image_pull_policy = Some(policy.to_string());
    }
    if unset(&c.read().termination_message_path) {
        c.write().termination_message_path = Some("/dev/termination-log".to_string());
    }
    if unset(&c.read().termination_message_policy) {
        c.write().termination_message_policy = Some("File".to_string());
    }
    // `resources` is a struct, not a pointer, in the Go type: it is always there, `{}` when
    // empty, so the server's answers show it on every container.
    if c.read().resources.is_none() {
        c.write().resources = Some(Default::default());
    }
    if c.read().ports.iter().flatten().any(|p| unset(&p.protocol)) {
        for p in c.write().ports.iter_mut().flatten() {
            set_str(&mut p.protocol, "TCP");
        }
    }
    let r = c.read();
    if r.liveness_probe.is_some() || r.readiness_probe.is_some() || r.startup_probe.is_some() {
        let w = c.write();
        for probe in [
            w.liveness_probe.as_mut(),
            w.readiness_probe.as_mut(),
            w.startup_probe.as_mut(),
        ]
        .into_iter()
        .flatten()
        {
            default_probe(probe);
        }
    }
    let field_ref_unset = |e: &k8s_openapi::api::core::v1::EnvVar| {
        e.value_from
            .as_ref()
            .and_then(|v| v.field_ref.as_ref())
            .is_some_and(|f| unset(&f.api_version))
    };
    if c.read().env.iter().flatten().any(field_ref_unset) {
        for e in c.write().env.iter_mut().flatten() {
            if let Some(fr) = e.value_from.as_mut().and_then(|v| v.field_ref.as_mut()) {
                set_str(&mut fr.api_version, "v1");
            }
        }
    }
    // SetDefaults_Pod: limits without requests copy the limits into requests (made, empty
    // if need be, whenever there are limits).
    let missing_request = c.read().resources.as_ref().is_some_and(|res| {
        res.limits.is_some() && res.requests.is_none()
            || res
                .limits
                .iter()
                .flatten()
                .any(|(k, _)| res.requests.as_ref().is_none_or(|r| !r.contains_key(k)))
    });
    if missing_request && let Some(res) = c.write().resources.as_mut() {
        let limits = res.limits.clone().unwrap_or_default();
        let requests = res.requests.get_or_insert_with(BTreeMap::new);
        for (k, v) in limits {
            requests.entry(k).or_insert(v);
        }
    }
}

/// `SetDefaults_Volume` and its sources' default modes; a shared volume source is copied only
/// when a default is missing.
fn default_volume(v: &mut impl CopyOnWrite<Volume>) {
    let r = v.read();
    let has_source = r.host_path.is_some()
        || r.empty_dir.is_some()
        || r.persistent_volume_claim.is_some()
        || r.config_map.is_some()
        || r.secret.is_some()
        || r.projected.is_some()
        || r.downward_api.is_some()
        || r.nfs.is_some()
        || r.csi.is_some()
        || r.ephemeral.is_some()
        || r.image.is_some()
        || r.iscsi.is_some()
        || r.fc.is_some()
        || r.git_repo.is_some();
    let mode_unset = r
        .config_map
        .as_ref()
        .is_some_and(|cm| cm.default_mode.is_none())
        || r.secret.as_ref().is_some_and(|s| s.default_mode.is_none());
    if has_source && !mode_unset {
        return;
    }
    let w = v.write();
    if !has_source {
        w.empty_dir = Some(EmptyDirVolumeSource::default());
    }
    if let Some(cm) = w.config_map.as_mut() {
        cm.default_mode.get_or_insert(0o644);
    }
    if let Some(s) = w.secret.as_mut() {
        s.default_mode.get_or_insert(0o644);
    }
}

/// `SetDefaults_PodSpec`'s own fields, written once for both forms of a spec: the API's
/// `PodSpec` (workload templates) and the store's [`crate::sim::pod::PodSpec`] (pods), whose
/// fields have the same names.
macro_rules! default_pod_spec_fields {
    ($spec:expr) => {{
        let spec = $spec;
        set_str(&mut spec.dns_policy, "ClusterFirst");
        set_str(&mut spec.restart_policy, "Always");
        if spec.security_context.is_none() {
            spec.security_context = Some(Default::default());
        }
        spec.termination_grace_period_seconds.get_or_insert(30);
        set_str(&mut spec.scheduler_name, "default-scheduler");
        // The v1 <-> internal conversion (`pkg/apis/core/v1/conversion.go`): the deprecated
        // `serviceAccount` fills an empty `serviceAccountName`, and always mirrors it on the
        // way out.
        if spec
            .service_account_name
            .as_deref()
            .unwrap_or("")
            .is_empty()
        {
            spec.service_account_name = spec.service_account.clone().filter(|s| !s.is_empty());
        }
        if spec.service_account_name.is_some() {
            spec.service_account = spec.service_account_name.clone();
        }
        // SetDefaults_Pod (also applies to templates through the generated defaulters).
        spec.enable_service_links.get_or_insert(true);
        for c in spec.containers.iter_mut() {
            default_container(c);
        }
        for c in spec.init_containers.iter_mut().flatten() {
            default_container(c);
        }
    }};
}

/// `SetDefaults_PodSpec` (+ container, probe, volume defaults) as applied to every pod spec,
/// including those inside workload templates.
pub fn default_pod_spec(spec: &mut PodSpec) {
    default_pod_spec_fields!(&mut *spec);
    for v in spec.volumes.iter_mut().flatten() {
        default_volume(v);
    }
}

/// Pod-spec defaults for a `PodTemplateSpec` inside a workload (no admission plugins run on
/// templates, so no tolerations, priority or service account are added).
pub fn default_pod_template_spec(t: &mut PodTemplateSpec) {
    if let Some(spec) = t.spec.as_mut() {
        default_pod_spec(spec);
    }
}

/// Defaults of a Pod created through the API: the pod-spec defaults plus what the always-on
/// admission plugins add: `ServiceAccount` (`serviceAccountName: default`), `Priority`
/// (`priority: 0`, `preemptionPolicy: PreemptLowerPriority`) and `DefaultTolerationSeconds`
/// (not-ready/unreachable `NoExecute` tolerations for 300s). Filled in the store's form, in
/// place: the parts a pod shares with its workload's template are copied only if they lack a
/// default.
pub fn default_pod(pod: &mut Pod) {
    let spec = pod.spec.get_or_insert_with(Default::default);
    default_pod_spec_fields!(&mut *spec);
    for v in spec.volumes.iter_mut().flatten() {
        default_volume(&mut v.source);
    }
    set_str(&mut spec.service_account_name, "default");
    spec.service_account = spec.service_account_name.clone();
    if spec.priority_class_name.as_deref().unwrap_or("").is_empty() {
        spec.priority.get_or_insert(0);
        set_str(&mut spec.preemption_policy, "PreemptLowerPriority");
    }
    add_default_toleration_seconds(spec.tolerations.get_or_insert_with(Default::default));
}

/// The `DefaultTolerationSeconds` admission plugin
/// (`plugin/pkg/admission/defaulttolerationseconds/admission.go`).
fn add_default_toleration_seconds(tolerations: &mut impl CopyOnWrite<Vec<Toleration>>) {
    let tolerates = |tols: &Vec<Toleration>, key: &str| {
        tols.iter().any(|t| {
            let effect = t.effect.as_deref().unwrap_or("");
            (effect.is_empty() || effect == "NoExecute") && t.key.as_deref() == Some(key)
        })
    };
    let has_not_ready = tolerates(tolerations.read(), TAINT_NODE_NOT_READY);
    let has_unreachable = tolerates(tolerations.read(), TAINT_NODE_UNREACHABLE);
    for (present, key) in [
        (has_not_ready, TAINT_NODE_NOT_READY),
        (has_unreachable, TAINT_NODE_UNREACHABLE),
    ] {
        if !present {
            tolerations.write().push(Toleration {
                key: Some(key.to_string()),
                operator: Some("Exists".to_string()),
                effect: Some("NoExecute".to_string()),
                toleration_seconds: Some(300),
                value: None,
            });
        }
    }
}

/// `SetDefaults_Deployment` (apps/v1).
pub fn default_deployment(d: &mut Deployment) {
    let spec = d.spec.get_or_insert_with(Default::default);
    spec.replicas.get_or_insert(1);
    let strategy = spec
        .strategy
        .get_or_insert_with(DeploymentStrategy::default);
    set_str(&mut strategy.type_, "RollingUpdate");
    if strategy.type_.as_deref() == Some("RollingUpdate") {
        let ru = strategy
            .rolling_update
            .get_or_insert_with(RollingUpdateDeployment::default);
        ru.max_unavailable
            .get_or_insert_with(|| IntOrString::String("25%".to_string()));
        ru.max_surge
            .get_or_insert_with(|| IntOrString::String("25%".to_string()));
    }
    spec.revision_history_limit.get_or_insert(10);
    spec.progress_deadline_seconds.get_or_insert(600);
    default_pod_template_spec(&mut spec.template);
}

/// `SetDefaults_ReplicaSet` (apps/v1).
pub fn default_replica_set(rs: &mut ReplicaSet) {
    let spec = rs.spec.get_or_insert_with(Default::default);
    spec.replicas.get_or_insert(1);
    if let Some(t) = spec.template.as_mut() {
        default_pod_template_spec(t);
    }
}

/// `SetDefaults_StatefulSet` (apps/v1), including the defaults of the volume claim templates.
pub fn default_stateful_set(s: &mut StatefulSet) {
    let spec = s.spec.get_or_insert_with(Default::default);
    set_str(&mut spec.pod_management_policy, "OrderedReady");
    let us = spec
        .update_strategy
        .get_or_insert_with(StatefulSetUpdateStrategy::default);
    set_str(&mut us.type_, "RollingUpdate");
    if us.type_.as_deref() == Some("RollingUpdate") {
        let ru = us
            .rolling_update
            .get_or_insert_with(RollingUpdateStatefulSetStrategy::default);
        ru.partition.get_or_insert(0);
    }
    let policy = spec
        .persistent_volume_claim_retention_policy
        .get_or_insert_with(StatefulSetPersistentVolumeClaimRetentionPolicy::default);
    set_str(&mut policy.when_deleted, "Retain");
    set_str(&mut policy.when_scaled, "Retain");
    spec.replicas.get_or_insert(1);
    spec.revision_history_limit.get_or_insert(10);
    if let Some(vcts) = spec.volume_claim_templates.as_mut() {
        for pvc in vcts {
            default_persistent_volume_claim(pvc);
        }
    }
    default_pod_template_spec(&mut spec.template);
}

/// `SetDefaults_DaemonSet` (apps/v1).
pub fn default_daemon_set(ds: &mut DaemonSet) {
    let spec = ds.spec.get_or_insert_with(Default::default);
    let us = spec
        .update_strategy
        .get_or_insert_with(DaemonSetUpdateStrategy::default);
    set_str(&mut us.type_, "RollingUpdate");
    if us.type_.as_deref() == Some("RollingUpdate") {
        let ru = us
            .rolling_update
            .get_or_insert_with(RollingUpdateDaemonSet::default);
        ru.max_unavailable.get_or_insert(IntOrString::Int(1));
        ru.max_surge.get_or_insert(IntOrString::Int(0));
    }
    spec.revision_history_limit.get_or_insert(10);
    default_pod_template_spec(&mut spec.template);
}

/// `SetDefaults_Job` (batch/v1). The Job's own labels are taken from the template labels when it
/// has none (upstream shares the map, see [`job_generate_selector`]).
pub fn default_job(job: &mut Job) {
    let spec = job.spec.get_or_insert_with(Default::default);
    if spec.completions.is_none() && spec.parallelism.is_none() {
        spec.completions = Some(1);
        spec.parallelism = Some(1);
    }
    spec.parallelism.get_or_insert(1);
    if spec.backoff_limit.is_none() {
        spec.backoff_limit = Some(if spec.backoff_limit_per_index.is_some() {
            i32::MAX
        } else {
            6
        });
    }
    let template_labels = spec
        .template
        .metadata
        .as_ref()
        .and_then(|m| m.labels.clone());
    if let Some(labels) = template_labels {
        let meta_labels = &mut job.metadata.labels;
        if meta_labels.as_ref().is_none_or(|l| l.is_empty()) {
            *meta_labels = Some(labels);
        }
    }
    set_str(&mut spec.completion_mode, "NonIndexed");
    spec.suspend.get_or_insert(false);
    spec.manual_selector.get_or_insert(false);
    if let Some(pfp) = spec.pod_failure_policy.as_mut() {
        for rule in pfp.rules.iter_mut() {
            if let Some(conds) = rule.on_pod_conditions.as_mut() {
                for c in conds {
                    if c.status.is_empty() {
                        c.status = "True".to_string();
                    }
                }
            }
        }
    }
    if spec.pod_replacement_policy.is_none() {
        let policy = if spec.pod_failure_policy.is_some() {
            "Failed"
        } else {
            "TerminatingOrFailed"
        };
        spec.pod_replacement_policy = Some(policy.to_string());
    }
    default_pod_template_spec(&mut spec.template);
}

/// `generateSelector` of `pkg/registry/batch/job/strategy.go` (run by `PrepareForCreate` when
/// `manualSelector` is not true): adds `job-name`, `batch.kubernetes.io/job-name`,
/// `controller-uid`, `batch.kubernetes.io/controller-uid` to the template labels (keeping values
/// the user set) and selects on `batch.kubernetes.io/controller-uid`.
///
/// Upstream, defaulting makes the Job's labels *the same map* as the template labels, so the
/// generated labels show up on the Job too; this is reproduced when the Job's labels equal the
/// template labels before generation.
pub fn job_generate_selector(job: &mut Job, uid: &str) {
    let name = job.metadata.name.clone().unwrap_or_default();
    let Some(spec) = job.spec.as_mut() else {
        return;
    };
    if spec.manual_selector == Some(true) {
        return;
    }
    let tmeta = spec.template.metadata.get_or_insert_with(Default::default);
    let aliased = match (&job.metadata.labels, &tmeta.labels) {
        (Some(j), Some(t)) => !t.is_empty() && j == t,
        _ => false,
    };
    let labels = tmeta.labels.get_or_insert_with(BTreeMap::new);
    for k in [LEGACY_JOB_NAME_LABEL, JOB_NAME_LABEL] {
        labels.entry(k.to_string()).or_insert_with(|| name.clone());
    }
    for k in [LEGACY_CONTROLLER_UID_LABEL, CONTROLLER_UID_LABEL] {
        labels
            .entry(k.to_string())
            .or_insert_with(|| uid.to_string());
    }
    if aliased {
        job.metadata.labels = Some(labels.clone());
    }
    let sel = spec.selector.get_or_insert_with(LabelSelector::default);
    sel.match_labels
        .get_or_insert_with(BTreeMap::new)
        .entry(CONTROLLER_UID_LABEL.to_string())
        .or_insert_with(|| uid.to_string());
}

/// `SetDefaults_CronJob` (batch/v1) plus pod-spec defaults of the job template. The job
/// template's `JobSpec` itself is not defaulted (that happens when the Job is created).
pub fn default_cron_job(cj: &mut CronJob) {
    let spec = cj.spec.get_or_insert_with(Default::default);
    set_str(&mut spec.concurrency_policy, "Allow");
    spec.suspend.get_or_insert(false);
    spec.successful_jobs_history_limit.get_or_insert(3);
    spec.failed_jobs_history_limit.get_or_insert(1);
    if let Some(js) = spec.job_template.spec.as_mut() {
        default_pod_template_spec(&mut js.template);
    }
}

/// `SetDefaults_Service` plus the IP-family defaulting done when the Service is allocated on a
/// single-stack IPv4 cluster (`ipFamilyPolicy` `SingleStack`, or `RequireDualStack` for headless
/// services without selector; `ipFamilies: [IPv4]`). ClusterIP allocation is left to the store.
pub fn default_service(svc: &mut Service) {
    let spec = svc.spec.get_or_insert_with(Default::default);
    set_str(&mut spec.session_affinity, "None");
    set_str(&mut spec.type_, "ClusterIP");
    let ty = spec.type_.clone().unwrap_or_default();
    if let Some(ports) = spec.ports.as_mut() {
        for p in ports {
            set_str(&mut p.protocol, "TCP");
            let unset = match &p.target_port {
                None => true,
                Some(IntOrString::Int(0)) => true,
                Some(IntOrString::String(s)) => s.is_empty(),
                _ => false,
            };
            if unset {
                p.target_port = Some(IntOrString::Int(p.port));
            }
        }
    }
    if ty == "NodePort" || ty == "LoadBalancer" {
        set_str(&mut spec.external_traffic_policy, "Cluster");
    }
    if ty != "ExternalName" {
        set_str(&mut spec.internal_traffic_policy, "Cluster");
        if spec.ip_family_policy.is_none() {
            let headless = spec.cluster_ip.as_deref() == Some("None");
            let selectorless = spec.selector.as_ref().is_none_or(|s| s.is_empty());
            let policy = if headless && selectorless {
                "RequireDualStack"
            } else {
                "SingleStack"
            };
            spec.ip_family_policy = Some(policy.to_string());
        }
        if spec.ip_families.as_ref().is_none_or(|f| f.is_empty()) {
            spec.ip_families = Some(vec!["IPv4".to_string()]);
        }
    }
    if ty == "LoadBalancer" {
        spec.allocate_load_balancer_node_ports.get_or_insert(true);
    }
}

/// `SetDefaults_PersistentVolumeClaimSpec`: `volumeMode: Filesystem`.
pub fn default_persistent_volume_claim_spec(spec: &mut PersistentVolumeClaimSpec) {
    set_str(&mut spec.volume_mode, "Filesystem");
}

/// `SetDefaults_PersistentVolumeClaim`: spec defaults and `status.phase: Pending`.
pub fn default_persistent_volume_claim(pvc: &mut PersistentVolumeClaim) {
    default_persistent_volume_claim_spec(pvc.spec.get_or_insert_with(Default::default));
    let status = pvc
        .status
        .get_or_insert_with(PersistentVolumeClaimStatus::default);
    set_str(&mut status.phase, "Pending");
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::core::v1::ContainerPort;

    fn pod_spec(image: &str) -> PodSpec {
        PodSpec {
            containers: vec![Container {
                name: "web".into(),
                image: Some(image.into()),
                ports: Some(vec![ContainerPort {
                    container_port: 80,
                    ..Default::default()
                }]),
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    /// Pods made from a stored (so defaulted) template keep sharing its container through
    /// their own defaulting; a pod from a template that lacks a default gets the default in
    /// a copy of its own, and the template's container is left as it was. Either way the pod
    /// is defaulted as the API's form of the spec is.
    #[test]
    fn a_pod_copies_a_shared_container_only_to_default_it() {
        use crate::sim::podutil::TemplatePods;
        let owner = k8s_openapi::apimachinery::pkg::apis::meta::v1::OwnerReference {
            api_version: "apps/v1".into(),
            kind: "ReplicaSet".into(),
            name: "web".into(),
            uid: "u".into(),
            controller: Some(true),
            ..Default::default()
        };
        let template = |spec: PodSpec| {
            TemplatePods::new(&PodTemplateSpec {
                metadata: None,
                spec: Some(spec),
            })
        };
        let mut defaulted = pod_spec("nginx:1.27");
        default_pod_spec(&mut defaulted);
        let stored = template(defaulted);
        let (mut a, mut b) = (
            stored.pod("default", owner.clone()),
            stored.pod("default", owner.clone()),
        );
        default_pod(&mut a);
        default_pod(&mut b);
        let first = |p: &Pod| -> *const Container { &*p.spec.as_ref().unwrap().containers[0] };
        assert!(
            std::ptr::eq(first(&a), first(&b)),
            "the container was copied"
        );

        let bare = template(pod_spec("nginx"));
        let mut c = bare.pod("default", owner.clone());
        default_pod(&mut c);
        let ctr = &c.spec.as_ref().unwrap().containers[0];
        assert_eq!(ctr.image_pull_policy.as_deref(), Some("Always"));
        let again = bare.pod("default", owner);
        assert_eq!(
            again.spec.as_ref().unwrap().containers[0].image_pull_policy,
            None
        );

        // The same defaults as the API's form gets.
        let mut api = pod_spec("nginx");
        default_pod_spec(&mut api);
        let ours = c.spec.as_ref().unwrap();
        assert_eq!(ctr.to_core().ports, api.containers[0].ports);
        assert_eq!(
            ctr.termination_message_path,
            api.containers[0].termination_message_path
        );
        assert_eq!(ours.dns_policy.as_deref(), api.dns_policy.as_deref());
        assert_eq!(
            ours.security_context.as_deref(),
            api.security_context.as_ref()
        );
        assert_eq!(ours.tolerations.as_ref().map(|t| t.len()), Some(2));
    }

    /// A pod's containers and volumes, defaulted in the store's form, are what the API's form
    /// of the same spec becomes: probes, ports, env field references, requests from limits,
    /// volume sources and modes.
    #[test]
    fn a_stored_pod_is_defaulted_as_its_api_form_is() {
        use k8s_openapi::api::core::v1::{
            ConfigMapVolumeSource, EnvVar, EnvVarSource, HTTPGetAction, ObjectFieldSelector,
            ResourceRequirements, SecretVolumeSource,
        };
        use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
        use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
        let mut spec = pod_spec("busybox");
        let c = &mut spec.containers[0];
        c.readiness_probe = Some(Probe {
            http_get: Some(HTTPGetAction {
                port: IntOrString::Int(80),
                ..Default::default()
            }),
            ..Default::default()
        });
        c.env = Some(vec![EnvVar {
            name: "NODE".into(),
            value_from: Some(EnvVarSource {
                field_ref: Some(ObjectFieldSelector {
                    api_version: None,
                    field_path: "spec.nodeName".into(),
                }),
                ..Default::default()
            }),
            ..Default::default()
        }]);
        c.resources = Some(ResourceRequirements {
            limits: Some(BTreeMap::from([("cpu".to_string(), Quantity("1".into()))])),
            ..Default::default()
        });
        spec.init_containers = Some(vec![Container {
            name: "init".into(),
            image: Some("busybox:1.36".into()),
            resources: Some(ResourceRequirements {
                limits: Some(BTreeMap::new()),
                ..Default::default()
            }),
            ..Default::default()
        }]);
        spec.volumes = Some(vec![
            Volume {
                name: "scratch".into(),
                ..Default::default()
            },
            Volume {
                name: "config".into(),
                config_map: Some(ConfigMapVolumeSource {
                    name: "app".into(),
                    ..Default::default()
                }),
                ..Default::default()
            },
            Volume {
                name: "secret".into(),
                secret: Some(SecretVolumeSource::default()),
                ..Default::default()
            },
        ]);
        let mut pod = Pod {
            metadata: Default::default(),
            spec: Some(spec.clone().into()),
            status: None,
        };
        default_pod(&mut pod);
        default_pod_spec(&mut spec);
        let ours = pod.spec.as_ref().unwrap();
        let containers: Vec<Container> = ours.containers.iter().map(|c| c.to_core()).collect();
        assert_eq!(containers, spec.containers);
        let init: Vec<Container> = ours
            .init_containers
            .iter()
            .flatten()
            .map(|c| c.to_core())
            .collect();
        assert_eq!(Some(init), spec.init_containers);
        let volumes: Vec<Volume> = ours.volumes.iter().flatten().map(|v| v.to_core()).collect();
        assert_eq!(Some(volumes), spec.volumes);
        // And those are the upstream defaults.
        let c = &spec.containers[0];
        assert_eq!(
            c.resources.as_ref().and_then(|r| r.requests.clone()),
            Some(BTreeMap::from([("cpu".to_string(), Quantity("1".into()))]))
        );
        let probe = c.readiness_probe.as_ref().unwrap();
        assert_eq!(
            (probe.period_seconds, probe.timeout_seconds),
            (Some(10), Some(1))
        );
        assert_eq!(
            probe.http_get.as_ref().unwrap().scheme.as_deref(),
            Some("HTTP")
        );
        let env = &c.env.as_ref().unwrap()[0];
        let field = env.value_from.as_ref().unwrap().field_ref.as_ref().unwrap();
        assert_eq!(field.api_version.as_deref(), Some("v1"));
        assert_eq!(
            c.ports.as_ref().unwrap()[0].protocol.as_deref(),
            Some("TCP")
        );
        let init = &spec.init_containers.as_ref().unwrap()[0];
        assert_eq!(init.image_pull_policy.as_deref(), Some("IfNotPresent"));
        // Limits, even none, make requests (`make(v1.ResourceList)`).
        assert_eq!(
            init.resources.as_ref().and_then(|r| r.requests.clone()),
            Some(BTreeMap::new())
        );
        let vols = spec.volumes.as_ref().unwrap();
        assert!(vols[0].empty_dir.is_some());
        assert_eq!(
            vols[1].config_map.as_ref().unwrap().default_mode,
            Some(0o644)
        );
        assert_eq!(vols[2].secret.as_ref().unwrap().default_mode, Some(0o644));
    }

    // pkg/apis/core/v1/defaults_test.go TestSetDefaultPodSpec / TestSetDefaultContainer.
    #[test]
    fn pod_spec_defaults() {
        let mut s = pod_spec("nginx:1.27");
        default_pod_spec(&mut s);
        assert_eq!(s.restart_policy.as_deref(), Some("Always"));
        assert_eq!(s.dns_policy.as_deref(), Some("ClusterFirst"));
        assert_eq!(s.scheduler_name.as_deref(), Some("default-scheduler"));
        assert_eq!(s.termination_grace_period_seconds, Some(30));
        assert_eq!(
            s.security_context,
            Some(k8s_openapi::api::core::v1::PodSecurityContext::default())
        );
        assert_eq!(s.enable_service_links, Some(true));
        let c = &s.containers[0];
        assert_eq!(c.image_pull_policy.as_deref(), Some("IfNotPresent"));
        assert_eq!(
            c.termination_message_path.as_deref(),
            Some("/dev/termination-log")
        );
        assert_eq!(c.termination_message_policy.as_deref(), Some("File"));
        // The Go field is a struct, so the server always shows it (`resources: {}`).
        assert_eq!(c.resources, Some(Default::default()));
        assert_eq!(
            c.ports.as_ref().and_then(|p| p[0].protocol.as_deref()),
            Some("TCP")
        );
        assert!(s.tolerations.is_none());
    }

    // defaults_test.go TestSetDefaultImagePullPolicy cases.
    #[test]
    fn image_pull_policy() {
        assert_eq!(default_image_pull_policy("nginx"), "Always");
        assert_eq!(default_image_pull_policy("nginx:latest"), "Always");
        assert_eq!(default_image_pull_policy("nginx:1.27"), "IfNotPresent");
        assert_eq!(default_image_pull_policy("localhost:5000/nginx"), "Always");
        assert_eq!(
            default_image_pull_policy("localhost:5000/nginx:v1"),
            "IfNotPresent"
        );
        assert_eq!(
            default_image_pull_policy("nginx@sha256:0123456789abcdef"),
            "IfNotPresent"
        );
    }

    #[test]
    fn pod_admission_defaults() {
        let mut p = Pod {
            spec: Some(pod_spec("busybox").into()),
            ..Default::default()
        };
        default_pod(&mut p);
        let s = p.spec.as_ref().unwrap();
        assert_eq!(s.priority, Some(0));
        assert_eq!(s.preemption_policy.as_deref(), Some("PreemptLowerPriority"));
        assert_eq!(s.service_account_name.as_deref(), Some("default"));
        let t = s.tolerations.as_ref().unwrap();
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].key.as_deref(), Some(TAINT_NODE_NOT_READY));
        assert_eq!(t[1].key.as_deref(), Some(TAINT_NODE_UNREACHABLE));
        for x in t {
            assert_eq!(x.operator.as_deref(), Some("Exists"));
            assert_eq!(x.effect.as_deref(), Some("NoExecute"));
            assert_eq!(x.toleration_seconds, Some(300));
        }
    }

    // admission_test.go: an existing toleration for the key (any effect "" or NoExecute) wins.
    #[test]
    fn existing_toleration_not_duplicated() {
        let mut spec = pod_spec("busybox");
        spec.tolerations = Some(vec![Toleration {
            key: Some(TAINT_NODE_UNREACHABLE.into()),
            operator: Some("Exists".into()),
            effect: Some("NoExecute".into()),
            toleration_seconds: Some(60),
            value: None,
        }]);
        let mut p = Pod {
            spec: Some(spec.into()),
            ..Default::default()
        };
        default_pod(&mut p);
        let t = p.spec.unwrap().tolerations.unwrap();
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].toleration_seconds, Some(60));
        assert_eq!(t[1].key.as_deref(), Some(TAINT_NODE_NOT_READY));
    }

    #[test]
    fn statefulset_defaults() {
        let mut s = StatefulSet {
            spec: Some(k8s_openapi::api::apps::v1::StatefulSetSpec {
                template: PodTemplateSpec {
                    spec: Some(pod_spec("nginx")),
                    ..Default::default()
                },
                volume_claim_templates: Some(vec![PersistentVolumeClaim::default()]),
                ..Default::default()
            }),
            ..Default::default()
        };
        default_stateful_set(&mut s);
        let spec = s.spec.unwrap();
        assert_eq!(spec.replicas, Some(1));
        assert_eq!(spec.pod_management_policy.as_deref(), Some("OrderedReady"));
        let us = spec.update_strategy.unwrap();
        assert_eq!(us.type_.as_deref(), Some("RollingUpdate"));
        assert_eq!(us.rolling_update.unwrap().partition, Some(0));
        assert_eq!(spec.revision_history_limit, Some(10));
        let p = spec.persistent_volume_claim_retention_policy.unwrap();
        assert_eq!(p.when_deleted.as_deref(), Some("Retain"));
        assert_eq!(p.when_scaled.as_deref(), Some("Retain"));
        let vct = &spec.volume_claim_templates.unwrap()[0];
        assert_eq!(
            vct.spec.as_ref().unwrap().volume_mode.as_deref(),
            Some("Filesystem")
        );
        assert_eq!(
            vct.status.as_ref().unwrap().phase.as_deref(),
            Some("Pending")
        );
        assert_eq!(
            spec.template.spec.unwrap().restart_policy.as_deref(),
            Some("Always")
        );
    }

    #[test]
    fn deployment_and_daemonset_defaults() {
        let mut d = Deployment {
            spec: Some(Default::default()),
            ..Default::default()
        };
        default_deployment(&mut d);
        let spec = d.spec.unwrap();
        assert_eq!(spec.replicas, Some(1));
        let ru = spec.strategy.unwrap().rolling_update.unwrap();
        assert_eq!(ru.max_unavailable, Some(IntOrString::String("25%".into())));
        assert_eq!(ru.max_surge, Some(IntOrString::String("25%".into())));
        assert_eq!(spec.revision_history_limit, Some(10));
        assert_eq!(spec.progress_deadline_seconds, Some(600));

        let mut ds = DaemonSet {
            spec: Some(Default::default()),
            ..Default::default()
        };
        default_daemon_set(&mut ds);
        let spec = ds.spec.unwrap();
        let ru = spec.update_strategy.unwrap().rolling_update.unwrap();
        assert_eq!(ru.max_unavailable, Some(IntOrString::Int(1)));
        assert_eq!(ru.max_surge, Some(IntOrString::Int(0)));
        assert_eq!(spec.revision_history_limit, Some(10));
    }

    // pkg/apis/batch/v1/defaults_test.go TestSetDefaultJob cases.
    #[test]
    fn job_completions_parallelism_rules() {
        let mut j = Job {
            spec: Some(Default::default()),
            ..Default::default()
        };
        default_job(&mut j);
        let s = j.spec.unwrap();
        assert_eq!((s.completions, s.parallelism), (Some(1), Some(1)));
        assert_eq!(s.backoff_limit, Some(6));
        assert_eq!(s.completion_mode.as_deref(), Some("NonIndexed"));
        assert_eq!(s.suspend, Some(false));
        assert_eq!(s.manual_selector, Some(false));
        assert_eq!(
            s.pod_replacement_policy.as_deref(),
            Some("TerminatingOrFailed")
        );

        // Only completions set: parallelism defaults to 1, completions kept.
        let mut j = Job {
            spec: Some(k8s_openapi::api::batch::v1::JobSpec {
                completions: Some(5),
                ..Default::default()
            }),
            ..Default::default()
        };
        default_job(&mut j);
        let s = j.spec.unwrap();
        assert_eq!((s.completions, s.parallelism), (Some(5), Some(1)));

        // Only parallelism set: completions stays nil (work queue).
        let mut j = Job {
            spec: Some(k8s_openapi::api::batch::v1::JobSpec {
                parallelism: Some(3),
                backoff_limit_per_index: Some(1),
                ..Default::default()
            }),
            ..Default::default()
        };
        default_job(&mut j);
        let s = j.spec.unwrap();
        assert_eq!((s.completions, s.parallelism), (None, Some(3)));
        assert_eq!(s.backoff_limit, Some(i32::MAX));
    }

    #[test]
    fn job_selector_generation() {
        let mut labels = BTreeMap::new();
        labels.insert("app".to_string(), "pi".to_string());
        let mut j = Job {
            metadata: k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta {
                name: Some("pi".into()),
                ..Default::default()
            },
            spec: Some(k8s_openapi::api::batch::v1::JobSpec {
                template: PodTemplateSpec {
                    metadata: Some(k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta {
                        labels: Some(labels),
                        ..Default::default()
                    }),
                    spec: Some(pod_spec("perl")),
                },
                ..Default::default()
            }),
            ..Default::default()
        };
        default_job(&mut j);
        job_generate_selector(&mut j, "uid-1");
        let spec = j.spec.as_ref().unwrap();
        let tl = spec
            .template
            .metadata
            .as_ref()
            .unwrap()
            .labels
            .as_ref()
            .unwrap();
        assert_eq!(tl.get("job-name").map(String::as_str), Some("pi"));
        assert_eq!(tl.get(JOB_NAME_LABEL).map(String::as_str), Some("pi"));
        assert_eq!(tl.get("controller-uid").map(String::as_str), Some("uid-1"));
        assert_eq!(
            tl.get(CONTROLLER_UID_LABEL).map(String::as_str),
            Some("uid-1")
        );
        let ml = spec
            .selector
            .as_ref()
            .unwrap()
            .match_labels
            .as_ref()
            .unwrap();
        assert_eq!(ml.len(), 1);
        assert_eq!(
            ml.get(CONTROLLER_UID_LABEL).map(String::as_str),
            Some("uid-1")
        );
        assert_eq!(j.metadata.labels.as_ref().unwrap().len(), 5);
    }

    #[test]
    fn cronjob_defaults() {
        let mut cj = CronJob {
            spec: Some(Default::default()),
            ..Default::default()
        };
        default_cron_job(&mut cj);
        let s = cj.spec.unwrap();
        assert_eq!(s.concurrency_policy.as_deref(), Some("Allow"));
        assert_eq!(s.suspend, Some(false));
        assert_eq!(s.successful_jobs_history_limit, Some(3));
        assert_eq!(s.failed_jobs_history_limit, Some(1));
    }

    #[test]
    fn service_defaults() {
        let mut svc = Service {
            spec: Some(k8s_openapi::api::core::v1::ServiceSpec {
                ports: Some(vec![k8s_openapi::api::core::v1::ServicePort {
                    port: 80,
                    ..Default::default()
                }]),
                selector: Some([("app".to_string(), "web".to_string())].into()),
                cluster_ip: Some("None".into()),
                ..Default::default()
            }),
            ..Default::default()
        };
        default_service(&mut svc);
        let s = svc.spec.unwrap();
        assert_eq!(s.type_.as_deref(), Some("ClusterIP"));
        assert_eq!(s.session_affinity.as_deref(), Some("None"));
        let p = &s.ports.unwrap()[0];
        assert_eq!(p.protocol.as_deref(), Some("TCP"));
        assert_eq!(p.target_port, Some(IntOrString::Int(80)));
        assert_eq!(s.ip_family_policy.as_deref(), Some("SingleStack"));
        assert_eq!(s.ip_families, Some(vec!["IPv4".to_string()]));
        assert_eq!(s.internal_traffic_policy.as_deref(), Some("Cluster"));
    }
}
