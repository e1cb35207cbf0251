//! The pod as the store keeps it. A cluster of 100,000 pods holds 100,000 copies of a handful of
//! pod templates: the API's `PodSpec` would repeat each workload's containers, tolerations and
//! volume sources in every pod (about 8 KB a pod). This `Pod` has the same fields with those parts
//! shared between the pods that have them equal ([`SharedParts`]), so a pod costs its own fields
//! only, and a write to one pod (its status, its node) copies pointers, not containers.
//!
//! Everything that leaves the simulator (YAML, JSON, tables, validation errors) sees the API's
//! `Pod`: serialisation goes through [`Pod::to_core`], decoding through `From<core::Pod>`.

use crate::sim::pod_status::PodStatus;
use crate::sim::word::Word;
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use std::collections::BTreeMap;
use std::ops::{Deref, DerefMut};
use std::sync::Arc;

/// A value shared between pods and copied only when one of them changes it (`Arc::make_mut`):
/// reads go through `Deref`, writes through `DerefMut`.
#[derive(Default)]
pub struct Shared<T>(Arc<T>);

impl<T> Shared<T> {
    /// A value not yet shared with anything.
    pub fn new(v: T) -> Shared<T> {
        Shared(Arc::new(v))
    }

    /// Whether nothing else holds this value.
    pub fn is_unique(this: &Shared<T>) -> bool {
        Arc::strong_count(&this.0) == 1
    }

    /// Whether both are the same allocation (not merely equal).
    pub fn ptr_eq(a: &Shared<T>, b: &Shared<T>) -> bool {
        Arc::ptr_eq(&a.0, &b.0)
    }
}

impl<T: Clone> Shared<T> {
    /// The value, moved out when nothing else shares it, else copied.
    pub fn into_inner(self) -> T {
        Arc::try_unwrap(self.0).unwrap_or_else(|a| (*a).clone())
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Shared<T> {
        Shared(Arc::clone(&self.0))
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: Clone> DerefMut for Shared<T> {
    fn deref_mut(&mut self) -> &mut T {
        Arc::make_mut(&mut self.0)
    }
}

/// Read and write access to a value that may be shared ([`Shared`], a pod's [`Container`]) or
/// owned, for code that fills in what is missing: it reads first, and a shared value is copied
/// only when there is something to write.
pub trait CopyOnWrite<T> {
    /// The value, for reading.
    fn read(&self) -> &T;
    /// The value, for writing (a shared one is copied first).
    fn write(&mut self) -> &mut T;
}

/// An owned value is read and written in place.
macro_rules! owned_copy_on_write {
    ($($t:ty),*) => {$(
        impl CopyOnWrite<$t> for $t {
            fn read(&self) -> &$t {
                self
            }
            fn write(&mut self) -> &mut $t {
                self
            }
        }
    )*};
}
owned_copy_on_write!(core::Container, core::Volume);

impl<T: Clone> CopyOnWrite<T> for Shared<T> {
    fn read(&self) -> &T {
        self
    }
    fn write(&mut self) -> &mut T {
        self
    }
}

impl<T: PartialEq> PartialEq for Shared<T> {
    fn eq(&self, other: &Shared<T>) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || *self.0 == *other.0
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Shared<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl<T> From<T> for Shared<T> {
    fn from(v: T) -> Shared<T> {
        Shared::new(v)
    }
}

impl<'a, T> IntoIterator for &'a Shared<Vec<T>> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// Converts each item into a new vector of its own size. (Collecting `into_iter().map(..)` would
/// reuse the old vector's allocation, sized for the API's 2-3 KB containers and volumes, for
/// the few bytes each of ours takes.)
pub(crate) fn convert<T, U: From<T>>(v: Vec<T>) -> Vec<U> {
    let mut out = Vec::with_capacity(v.len());
    out.extend(v.into_iter().map(U::from));
    out
}

/// A pod: `core::Pod`'s fields, with the spec kept as [`PodSpec`] and the status as
/// [`PodStatus`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pod {
    /// As `core::Pod`'s.
    pub metadata: ObjectMeta,
    /// As `core::Pod`'s, with shared parts.
    pub spec: Option<PodSpec>,
    /// As `core::Pod`'s, compactly.
    pub status: Option<PodStatus>,
}

impl From<core::Pod> for Pod {
    fn from(p: core::Pod) -> Pod {
        let core::Pod {
            metadata,
            spec,
            status,
        } = p;
        Pod {
            metadata,
            spec: spec.map(PodSpec::from),
            status: status.map(PodStatus::from),
        }
    }
}

impl Pod {
    /// The pod as the API's `Pod` (a copy).
    pub fn to_core(&self) -> core::Pod {
        self.clone().into_core()
    }

    /// The pod as the API's `Pod`, moving the parts nothing else shares.
    pub fn into_core(self) -> core::Pod {
        core::Pod {
            metadata: self.metadata,
            spec: self.spec.map(PodSpec::into_core),
            status: self.status.map(PodStatus::into_core),
        }
    }
}

impl serde::Serialize for Pod {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_core().serialize(s)
    }
}

impl<'de> serde::Deserialize<'de> for Pod {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Pod, D::Error> {
        core::Pod::deserialize(d).map(Pod::from)
    }
}

impl k8s_openapi::Resource for Pod {
    const API_VERSION: &'static str = <core::Pod as k8s_openapi::Resource>::API_VERSION;
    const GROUP: &'static str = <core::Pod as k8s_openapi::Resource>::GROUP;
    const KIND: &'static str = <core::Pod as k8s_openapi::Resource>::KIND;
    const VERSION: &'static str = <core::Pod as k8s_openapi::Resource>::VERSION;
    const URL_PATH_SEGMENT: &'static str = <core::Pod as k8s_openapi::Resource>::URL_PATH_SEGMENT;
    type Scope = k8s_openapi::NamespaceResourceScope;
}

/// A pod's container: its volume mounts, and the rest of it (a `core::Container` without
/// mounts), which the pods of a workload share. The token volume that ServiceAccount admission
/// mounts has a different name in every pod, so the mounts are each pod's own. The other fields
/// are read through `Deref`; a function that needs the mounts takes this type (a
/// `&core::Container` reached through `Deref` has none).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Container {
    /// The container's `volumeMounts`.
    pub volume_mounts: Option<Vec<core::VolumeMount>>,
    base: Shared<core::Container>,
}

impl From<core::Container> for Container {
    fn from(mut c: core::Container) -> Container {
        Container {
            volume_mounts: c.volume_mounts.take(),
            base: Shared::new(c),
        }
    }
}

impl Container {
    /// The container as the API's `Container` (a copy).
    pub fn to_core(&self) -> core::Container {
        self.clone().into_core()
    }

    /// The container as the API's `Container`, moving what nothing else shares.
    pub fn into_core(self) -> core::Container {
        // Mounts written through `DerefMut` would land here and be overwritten below.
        debug_assert!(
            self.base.volume_mounts.is_none(),
            "a container's mounts are its own field"
        );
        let mut c = self.base.into_inner();
        c.volume_mounts = self.volume_mounts;
        c
    }
}

impl CopyOnWrite<core::Container> for Container {
    fn read(&self) -> &core::Container {
        &self.base
    }
    fn write(&mut self) -> &mut core::Container {
        &mut self.base
    }
}

impl Deref for Container {
    type Target = core::Container;
    fn deref(&self) -> &core::Container {
        &self.base
    }
}

/// Changes the container's other fields (copying them first if other pods share them). Its
/// mounts are [`Container::volume_mounts`], not the shared part's.
impl DerefMut for Container {
    fn deref_mut(&mut self) -> &mut core::Container {
        &mut self.base
    }
}

/// A pod volume: its name, and its source (a `core::Volume` whose own name is left empty), which
/// the pods of a workload share.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Volume {
    /// The volume's name, which containers mount it by.
    pub name: String,
    /// Where its contents come from: every field of `core::Volume` but the name.
    pub source: Shared<core::Volume>,
}

impl From<core::Volume> for Volume {
    fn from(mut v: core::Volume) -> Volume {
        Volume {
            name: std::mem::take(&mut v.name),
            source: Shared::new(v),
        }
    }
}

impl Volume {
    /// The volume as the API's `Volume` (a copy).
    pub fn to_core(&self) -> core::Volume {
        self.clone().into_core()
    }

    /// The volume as the API's `Volume`, moving the source if nothing else shares it.
    pub fn into_core(self) -> core::Volume {
        let mut v = self.source.into_inner();
        v.name = self.name;
        v
    }
}

/// A pod's spec as the store keeps it: every field of `PodSpec`, with the parts a workload's pods
/// have in common (containers, tolerations, affinity, security context, volume sources) shared
/// between them, and the large fields few pods set boxed (an unset one costs a pointer, not the
/// 24 to 72 bytes of the value inline). Field names and meanings are `PodSpec`'s.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PodSpec {
    pub active_deadline_seconds: Option<i64>,
    pub affinity: Option<Shared<core::Affinity>>,
    pub automount_service_account_token: Option<bool>,
    pub containers: Vec<Container>,
    pub dns_config: Option<Box<core::PodDNSConfig>>,
    pub dns_policy: Option<Word>,
    pub enable_service_links: Option<bool>,
    pub ephemeral_containers: Option<Box<Vec<core::EphemeralContainer>>>,
    pub host_aliases: Option<Box<Vec<core::HostAlias>>>,
    pub host_ipc: Option<bool>,
    pub host_network: Option<bool>,
    pub host_pid: Option<bool>,
    pub host_users: Option<bool>,
    pub hostname: Option<Word>,
    pub hostname_override: Option<Word>,
    pub image_pull_secrets: Option<Box<Vec<core::LocalObjectReference>>>,
    pub init_containers: Option<Vec<Container>>,
    pub node_name: Option<Word>,
    pub node_selector: Option<BTreeMap<String, String>>,
    pub os: Option<Box<core::PodOS>>,
    pub overhead: Option<Box<BTreeMap<String, Quantity>>>,
    pub preemption_policy: Option<Word>,
    pub priority: Option<i32>,
    pub priority_class_name: Option<Word>,
    pub readiness_gates: Option<Box<Vec<core::PodReadinessGate>>>,
    pub resource_claims: Option<Box<Vec<core::PodResourceClaim>>>,
    pub resources: Option<Box<core::ResourceRequirements>>,
    pub restart_policy: Option<Word>,
    pub runtime_class_name: Option<Word>,
    pub scheduler_name: Option<Word>,
    pub scheduling_gates: Option<Box<Vec<core::PodSchedulingGate>>>,
    pub security_context: Option<Shared<core::PodSecurityContext>>,
    pub service_account: Option<Word>,
    pub service_account_name: Option<Word>,
    pub set_hostname_as_fqdn: Option<bool>,
    pub share_process_namespace: Option<bool>,
    pub subdomain: Option<Word>,
    pub termination_grace_period_seconds: Option<i64>,
    pub tolerations: Option<Shared<Vec<core::Toleration>>>,
    pub topology_spread_constraints: Option<Box<Vec<core::TopologySpreadConstraint>>>,
    pub volumes: Option<Vec<Volume>>,
}

impl From<core::PodSpec> for PodSpec {
    fn from(s: core::PodSpec) -> PodSpec {
        let core::PodSpec {
            active_deadline_seconds,
            affinity,
            automount_service_account_token,
            containers,
            dns_config,
            dns_policy,
            enable_service_links,
            ephemeral_containers,
            host_aliases,
            host_ipc,
            host_network,
            host_pid,
            host_users,
            hostname,
            hostname_override,
            image_pull_secrets,
            init_containers,
            node_name,
            node_selector,
            os,
            overhead,
            preemption_policy,
            priority,
            priority_class_name,
            readiness_gates,
            resource_claims,
            resources,
            restart_policy,
            runtime_class_name,
            scheduler_name,
            scheduling_gates,
            security_context,
            service_account,
            service_account_name,
            set_hostname_as_fqdn,
            share_process_namespace,
            subdomain,
            termination_grace_period_seconds,
            tolerations,
            topology_spread_constraints,
            volumes,
        } = s;
        PodSpec {
            active_deadline_seconds,
            affinity: affinity.map(Shared::new),
            automount_service_account_token,
            containers: convert(containers),
            dns_config: dns_config.map(Box::new),
            dns_policy: dns_policy.map(Word::from),
            enable_service_links,
            ephemeral_containers: ephemeral_containers.map(Box::new),
            host_aliases: host_aliases.map(Box::new),
            host_ipc,
            host_network,
            host_pid,
            host_users,
            hostname: hostname.map(Word::from),
            hostname_override: hostname_override.map(Word::from),
            image_pull_secrets: image_pull_secrets.map(Box::new),
            init_containers: init_containers.map(convert),
            node_name: node_name.map(Word::from),
            node_selector,
            os: os.map(Box::new),
            overhead: overhead.map(Box::new),
            preemption_policy: preemption_policy.map(Word::from),
            priority,
            priority_class_name: priority_class_name.map(Word::from),
            readiness_gates: readiness_gates.map(Box::new),
            resource_claims: resource_claims.map(Box::new),
            resources: resources.map(Box::new),
            restart_policy: restart_policy.map(Word::from),
            runtime_class_name: runtime_class_name.map(Word::from),
            scheduler_name: scheduler_name.map(Word::from),
            scheduling_gates: scheduling_gates.map(Box::new),
            security_context: security_context.map(Shared::new),
            service_account: service_account.map(Word::from),
            service_account_name: service_account_name.map(Word::from),
            set_hostname_as_fqdn,
            share_process_namespace,
            subdomain: subdomain.map(Word::from),
            termination_grace_period_seconds,
            tolerations: tolerations.map(Shared::new),
            topology_spread_constraints: topology_spread_constraints.map(Box::new),
            volumes: volumes.map(convert),
        }
    }
}

impl PodSpec {
    /// The spec as the API's `PodSpec` (a copy): what serialisation, validation and printing read.
    /// A copy of ours shares its parts, so moving it out copies them.
    pub fn to_core(&self) -> core::PodSpec {
        self.clone().into_core()
    }

    /// The spec as the API's `PodSpec`, moving the parts nothing else shares.
    pub fn into_core(self) -> core::PodSpec {
        let PodSpec {
            active_deadline_seconds,
            affinity,
            automount_service_account_token,
            containers,
            dns_config,
            dns_policy,
            enable_service_links,
            ephemeral_containers,
            host_aliases,
            host_ipc,
            host_network,
            host_pid,
            host_users,
            hostname,
            hostname_override,
            image_pull_secrets,
            init_containers,
            node_name,
            node_selector,
            os,
            overhead,
            preemption_policy,
            priority,
            priority_class_name,
            readiness_gates,
            resource_claims,
            resources,
            restart_policy,
            runtime_class_name,
            scheduler_name,
            scheduling_gates,
            security_context,
            service_account,
            service_account_name,
            set_hostname_as_fqdn,
            share_process_namespace,
            subdomain,
            termination_grace_period_seconds,
            tolerations,
            topology_spread_constraints,
            volumes,
        } = self;
        core::PodSpec {
            active_deadline_seconds,
            affinity: affinity.map(Shared::into_inner),
            automount_service_account_token,
            containers: containers.into_iter().map(Container::into_core).collect(),
            dns_config: dns_config.map(|b| *b),
            dns_policy: dns_policy.map(String::from),
            enable_service_links,
            ephemeral_containers: ephemeral_containers.map(|b| *b),
            host_aliases: host_aliases.map(|b| *b),
            host_ipc,
            host_network,
            host_pid,
            host_users,
            hostname: hostname.map(String::from),
            hostname_override: hostname_override.map(String::from),
            image_pull_secrets: image_pull_secrets.map(|b| *b),
            init_containers: init_containers
                .map(|v| v.into_iter().map(Container::into_core).collect()),
            node_name: node_name.map(String::from),
            node_selector,
            os: os.map(|b| *b),
            overhead: overhead.map(|b| *b),
            preemption_policy: preemption_policy.map(String::from),
            priority,
            priority_class_name: priority_class_name.map(String::from),
            readiness_gates: readiness_gates.map(|b| *b),
            resource_claims: resource_claims.map(|b| *b),
            resources: resources.map(|b| *b),
            restart_policy: restart_policy.map(String::from),
            runtime_class_name: runtime_class_name.map(String::from),
            scheduler_name: scheduler_name.map(String::from),
            scheduling_gates: scheduling_gates.map(|b| *b),
            security_context: security_context.map(Shared::into_inner),
            service_account: service_account.map(String::from),
            service_account_name: service_account_name.map(String::from),
            set_hostname_as_fqdn,
            share_process_namespace,
            subdomain: subdomain.map(String::from),
            termination_grace_period_seconds,
            tolerations: tolerations.map(Shared::into_inner),
            topology_spread_constraints: topology_spread_constraints.map(|b| *b),
            volumes: volumes.map(|v| v.into_iter().map(Volume::into_core).collect()),
        }
    }
}

/// The parts each controller's pods last had, so that a new pod whose parts are equal shares
/// them instead of holding its own copy. Keyed by the controller's uid.
#[derive(Clone, Debug, Default)]
pub struct SharedParts {
    by_controller: BTreeMap<String, Parts>,
}

#[derive(Clone, Debug, Default)]
struct Parts {
    containers: Vec<Shared<core::Container>>,
    tolerations: Option<Shared<Vec<core::Toleration>>>,
    security_context: Option<Shared<core::PodSecurityContext>>,
    affinity: Option<Shared<core::Affinity>>,
    volume_sources: Vec<Shared<core::Volume>>,
}

/// Makes `part` share `last` if they are equal, else remembers `part` as the last one.
fn share<T: PartialEq>(part: &mut Shared<T>, last: &mut Option<Shared<T>>) {
    match last {
        Some(l) if Shared::ptr_eq(l, part) => {}
        Some(l) if **l == **part => *part = l.clone(),
        _ => *last = Some(part.clone()),
    }
}

impl SharedParts {
    /// Whether `pod` has parts of its own that [`share`](Self::share) may find shared copies of:
    /// a new pod does; a pod written again (its status, its node) already shares them.
    pub fn wants(pod: &Pod) -> bool {
        let Some(spec) = pod.spec.as_ref() else {
            return false;
        };
        spec.tolerations.as_ref().is_some_and(Shared::is_unique)
            || spec.containers.iter().any(|c| Shared::is_unique(&c.base))
            || spec
                .security_context
                .as_ref()
                .is_some_and(Shared::is_unique)
            || spec
                .volumes
                .iter()
                .flatten()
                .any(|v| Shared::is_unique(&v.source))
    }

    /// Shares `pod`'s parts with its controller's earlier pods where they are equal.
    pub fn share(&mut self, pod: &mut Pod) {
        let Some(owner) = pod
            .metadata
            .owner_references
            .as_ref()
            .and_then(|refs| refs.iter().find(|r| r.controller == Some(true)))
        else {
            return;
        };
        let Some(spec) = pod.spec.as_mut() else {
            return;
        };
        let parts = match self.by_controller.get_mut(owner.uid.as_str()) {
            Some(p) => p,
            None => self.by_controller.entry(owner.uid.clone()).or_default(),
        };
        for c in &mut spec.containers {
            share_in_list(&mut c.base, &mut parts.containers);
        }
        if let Some(t) = spec.tolerations.as_mut() {
            share(t, &mut parts.tolerations);
        }
        if let Some(s) = spec.security_context.as_mut() {
            share(s, &mut parts.security_context);
        }
        if let Some(a) = spec.affinity.as_mut() {
            share(a, &mut parts.affinity);
        }
        for v in spec.volumes.iter_mut().flatten() {
            share_in_list(&mut v.source, &mut parts.volume_sources);
        }
    }

    /// Forgets a controller's parts (it was deleted).
    pub fn forget(&mut self, controller_uid: &str) {
        self.by_controller.remove(controller_uid);
    }
}

/// Makes `part` share an equal one of `list`, or adds it to the list (dropping the oldest beyond
/// [`MAX_SHARED`]).
fn share_in_list<T: PartialEq>(part: &mut Shared<T>, list: &mut Vec<Shared<T>>) {
    match list
        .iter()
        .find(|s| Shared::ptr_eq(s, part) || ***s == **part)
    {
        Some(s) => *part = s.clone(),
        None => {
            if list.len() >= MAX_SHARED {
                list.remove(0);
            }
            list.push(part.clone());
        }
    }
}

/// How many distinct containers, or volume sources, a controller's pods are compared against: a
/// pod has a few; a StatefulSet's claims differ in every pod and must not grow the list.
const MAX_SHARED: usize = 8;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::object::Object;
    use crate::sim::testutil::{WEB_REPLICA_SET, cluster, create};

    /// A pod with something in every part that is kept apart or shared.
    fn api_pod() -> core::Pod {
        serde_yaml::from_str(
            r#"
apiVersion: v1
kind: Pod
metadata:
  name: p
  namespace: default
  ownerReferences:
  - {apiVersion: apps/v1, kind: ReplicaSet, name: rs, uid: u1, controller: true}
spec:
  nodeName: node-1
  hostname: h
  securityContext: {runAsUser: 1000}
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
        - matchFields: [{key: metadata.name, operator: In, values: [node-1]}]
  tolerations:
  - {key: k, operator: Exists, effect: NoSchedule}
  containers:
  - name: c
    image: nginx:1.27
    volumeMounts: [{name: data, mountPath: /data}]
  volumes:
  - name: data
    persistentVolumeClaim: {claimName: data-p}
  - name: cache
    emptyDir: {}
status:
  phase: Running
"#,
        )
        .expect("pod parses")
    }

    #[test]
    fn the_api_pod_comes_back_unchanged_by_copy_and_by_move() {
        let api = api_pod();
        let pod = Pod::from(api.clone());
        assert_eq!(pod.to_core(), api);
        assert_eq!(pod.into_core(), api);
    }

    #[test]
    fn converted_lists_do_not_keep_the_api_types_allocation() {
        let spec = PodSpec::from(api_pod().spec.unwrap());
        assert_eq!(spec.containers.capacity(), 1);
        assert_eq!(spec.volumes.as_ref().unwrap().capacity(), 2);
    }

    #[test]
    fn volume_names_are_kept_apart_from_their_shared_sources() {
        let pod = Pod::from(api_pod());
        let vols = pod.spec.as_ref().and_then(|s| s.volumes.as_ref()).unwrap();
        assert_eq!(vols[0].name, "data");
        assert_eq!(vols[0].source.name, "");
        assert_eq!(
            vols[0]
                .source
                .persistent_volume_claim
                .as_ref()
                .unwrap()
                .claim_name,
            "data-p"
        );
        assert_eq!(vols[1].to_core().name, "cache");
    }

    #[test]
    fn serialises_and_decodes_as_the_api_pod() {
        let api = api_pod();
        let pod = Pod::from(api.clone());
        assert_eq!(
            serde_json::to_value(&pod).unwrap(),
            serde_json::to_value(&api).unwrap()
        );
        let back: Pod = serde_json::from_value(serde_json::to_value(&api).unwrap()).unwrap();
        assert_eq!(back, pod);
    }

    #[test]
    fn equal_parts_of_one_controllers_pods_are_shared_and_copied_on_write() {
        let mut parts = SharedParts::default();
        let mut a = Pod::from(api_pod());
        let mut b = Pod::from(api_pod());
        assert!(SharedParts::wants(&a));
        parts.share(&mut a);
        parts.share(&mut b);
        let (sa, sb) = (a.spec.as_ref().unwrap(), b.spec.as_ref().unwrap());
        let (ta, tb) = (
            sa.tolerations.as_ref().unwrap(),
            sb.tolerations.as_ref().unwrap(),
        );
        assert!(Shared::ptr_eq(ta, tb));
        assert!(Shared::ptr_eq(
            &sa.containers[0].base,
            &sb.containers[0].base
        ));
        let (va, vb) = (sa.volumes.as_ref().unwrap(), sb.volumes.as_ref().unwrap());
        assert!(Shared::ptr_eq(&va[1].source, &vb[1].source));
        assert!(!SharedParts::wants(&b));

        // A write to one pod's part copies it; the other pod keeps the old value.
        let spec = b.spec.as_mut().unwrap();
        spec.tolerations.as_mut().unwrap()[0].key = Some("other".into());
        let ta = a.spec.as_ref().unwrap().tolerations.as_ref().unwrap();
        assert_eq!(ta[0].key.as_deref(), Some("k"));
        assert_eq!(
            b.to_core().spec.unwrap().tolerations.unwrap()[0]
                .key
                .as_deref(),
            Some("other")
        );
    }

    #[test]
    fn different_parts_and_other_controllers_pods_are_not_shared() {
        let mut parts = SharedParts::default();
        let mut a = Pod::from(api_pod());
        let mut other = api_pod();
        other.spec.as_mut().unwrap().tolerations = None;
        other.metadata.owner_references.as_mut().unwrap()[0].uid = "u2".into();
        let mut b = Pod::from(other);
        let mut c = Pod::from(api_pod());
        c.spec.as_mut().unwrap().containers[0].image = Some("nginx:1.28".into());
        parts.share(&mut a);
        parts.share(&mut b);
        parts.share(&mut c);
        let vols = |p: &Pod| p.spec.as_ref().unwrap().volumes.clone().unwrap();
        assert!(!Shared::ptr_eq(&vols(&a)[1].source, &vols(&b)[1].source));
        let (sa, sc) = (a.spec.as_ref().unwrap(), c.spec.as_ref().unwrap());
        assert!(!Shared::ptr_eq(
            &sa.containers[0].base,
            &sc.containers[0].base
        ));
        assert!(Shared::ptr_eq(&vols(&a)[1].source, &vols(&c)[1].source));
        assert_eq!(
            c.spec.as_ref().unwrap().containers[0].image.as_deref(),
            Some("nginx:1.28")
        );
    }

    #[test]
    fn a_replica_sets_pods_share_their_token_volume_sources_in_the_store() {
        let mut c = cluster();
        create(&mut c, WEB_REPLICA_SET);
        c.advance(jiff::SignedDuration::from_secs(5));
        let pods: Vec<Pod> = c
            .store
            .list_typed::<Pod>(Some("default"))
            .cloned()
            .collect();
        assert_eq!(pods.len(), 3);
        let token = |p: &Pod| p.spec.as_ref().unwrap().volumes.clone().unwrap().remove(0);
        let (a, b) = (token(&pods[0]), token(&pods[1]));
        // Each pod names its token volume; the source behind the name is one allocation.
        assert_ne!(a.name, b.name);
        assert!(a.name.starts_with("kube-api-access-"));
        assert!(Shared::ptr_eq(&a.source, &b.source));
        let tol = |p: &Pod| p.spec.as_ref().unwrap().tolerations.clone().unwrap();
        assert!(Shared::ptr_eq(&tol(&pods[0]), &tol(&pods[2])));
        let ctr = |p: &Pod| p.spec.as_ref().unwrap().containers[0].clone();
        assert!(Shared::ptr_eq(&ctr(&pods[0]).base, &ctr(&pods[2]).base));
        assert_ne!(ctr(&pods[0]).volume_mounts, ctr(&pods[2]).volume_mounts);
        // Read back as the API's pod, each is whole.
        let api = Object::from(pods[0].to_core());
        assert_eq!(api.to_json()["spec"]["volumes"][0]["name"], a.name.as_str());
    }
}
