//! The kinds of API objects the simulated API server stores, and a single enum over them.
//!
//! Objects are the real Kubernetes types from `k8s-openapi`, so manifests written for a real cluster
//! parse unchanged and `kubectl get -o yaml` shows real objects.

use crate::sim::pod::Pod;
use k8s_openapi::api::apps::v1::{
    ControllerRevision, DaemonSet, Deployment, ReplicaSet, StatefulSet,
};
use k8s_openapi::api::batch::v1::{CronJob, Job};
use k8s_openapi::api::core::v1::{
    ConfigMap, Event, Namespace, Node, PersistentVolume, PersistentVolumeClaim, Secret, Service,
    ServiceAccount,
};
use k8s_openapi::api::storage::v1::StorageClass;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use std::fmt;
use std::sync::Arc;

/// Every kind the simulator knows. The order is the order `kubectl get all` and other
/// multi-kind listings use, and the order in which the store keeps objects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Namespace,
    Node,
    Pod,
    Service,
    Deployment,
    ReplicaSet,
    StatefulSet,
    DaemonSet,
    Job,
    CronJob,
    PersistentVolumeClaim,
    PersistentVolume,
    StorageClass,
    ConfigMap,
    Secret,
    ServiceAccount,
    ControllerRevision,
    Event,
}

/// Static facts about a kind: what kubectl and the API server call it.
#[derive(Debug)]
pub struct KindInfo {
    /// `Kind` as written in manifests.
    pub kind: &'static str,
    /// `apiVersion` as written in manifests.
    pub api_version: &'static str,
    /// API group ("" for core).
    pub group: &'static str,
    /// Lower-case plural resource name (`statefulsets`).
    pub plural: &'static str,
    /// Lower-case singular name (`statefulset`).
    pub singular: &'static str,
    /// kubectl short names (`sts`).
    pub short_names: &'static [&'static str],
    /// Whether objects live in a namespace.
    pub namespaced: bool,
}

impl Kind {
    /// All kinds, in store order.
    pub const ALL: [Kind; 18] = [
        Kind::Namespace,
        Kind::Node,
        Kind::Pod,
        Kind::Service,
        Kind::Deployment,
        Kind::ReplicaSet,
        Kind::StatefulSet,
        Kind::DaemonSet,
        Kind::Job,
        Kind::CronJob,
        Kind::PersistentVolumeClaim,
        Kind::PersistentVolume,
        Kind::StorageClass,
        Kind::ConfigMap,
        Kind::Secret,
        Kind::ServiceAccount,
        Kind::ControllerRevision,
        Kind::Event,
    ];

    /// Names and scope of this kind, as the API server's discovery reports them.
    pub fn info(self) -> &'static KindInfo {
        macro_rules! info {
            ($kind:literal, $av:literal, $group:literal, $plural:literal, $singular:literal, [$($s:literal),*], $ns:literal) => {{
                static I: KindInfo = KindInfo {
                    kind: $kind,
                    api_version: $av,
                    group: $group,
                    plural: $plural,
                    singular: $singular,
                    short_names: &[$($s),*],
                    namespaced: $ns,
                };
                &I
            }};
        }
        match self {
            Kind::Namespace => info!(
                "Namespace",
                "v1",
                "",
                "namespaces",
                "namespace",
                ["ns"],
                false
            ),
            Kind::Node => info!("Node", "v1", "", "nodes", "node", ["no"], false),
            Kind::Pod => info!("Pod", "v1", "", "pods", "pod", ["po"], true),
            Kind::Service => info!("Service", "v1", "", "services", "service", ["svc"], true),
            Kind::Deployment => info!(
                "Deployment",
                "apps/v1",
                "apps",
                "deployments",
                "deployment",
                ["deploy"],
                true
            ),
            Kind::ReplicaSet => info!(
                "ReplicaSet",
                "apps/v1",
                "apps",
                "replicasets",
                "replicaset",
                ["rs"],
                true
            ),
            Kind::StatefulSet => info!(
                "StatefulSet",
                "apps/v1",
                "apps",
                "statefulsets",
                "statefulset",
                ["sts"],
                true
            ),
            Kind::DaemonSet => info!(
                "DaemonSet",
                "apps/v1",
                "apps",
                "daemonsets",
                "daemonset",
                ["ds"],
                true
            ),
            Kind::Job => info!("Job", "batch/v1", "batch", "jobs", "job", [], true),
            Kind::CronJob => info!(
                "CronJob",
                "batch/v1",
                "batch",
                "cronjobs",
                "cronjob",
                ["cj"],
                true
            ),
            Kind::PersistentVolumeClaim => info!(
                "PersistentVolumeClaim",
                "v1",
                "",
                "persistentvolumeclaims",
                "persistentvolumeclaim",
                ["pvc"],
                true
            ),
            Kind::PersistentVolume => info!(
                "PersistentVolume",
                "v1",
                "",
                "persistentvolumes",
                "persistentvolume",
                ["pv"],
                false
            ),
            Kind::StorageClass => info!(
                "StorageClass",
                "storage.k8s.io/v1",
                "storage.k8s.io",
                "storageclasses",
                "storageclass",
                ["sc"],
                false
            ),
            Kind::ConfigMap => info!(
                "ConfigMap",
                "v1",
                "",
                "configmaps",
                "configmap",
                ["cm"],
                true
            ),
            Kind::Secret => info!("Secret", "v1", "", "secrets", "secret", [], true),
            Kind::ServiceAccount => info!(
                "ServiceAccount",
                "v1",
                "",
                "serviceaccounts",
                "serviceaccount",
                ["sa"],
                true
            ),
            Kind::ControllerRevision => info!(
                "ControllerRevision",
                "apps/v1",
                "apps",
                "controllerrevisions",
                "controllerrevision",
                [],
                true
            ),
            Kind::Event => info!("Event", "v1", "", "events", "event", ["ev"], true),
        }
    }

    /// `statefulsets.apps`, `pods`: the resource name the API server uses in its messages.
    pub fn qualified_plural(self) -> String {
        let i = self.info();
        if i.group.is_empty() {
            i.plural.to_string()
        } else {
            format!("{}.{}", i.plural, i.group)
        }
    }

    /// `statefulset.apps`, `pod`: the prefix kubectl prints before a name (`-o name`, apply).
    pub fn qualified_singular(self) -> String {
        let i = self.info();
        if i.group.is_empty() {
            i.singular.to_string()
        } else {
            format!("{}.{}", i.singular, i.group)
        }
    }

    /// The kind for a manifest's `apiVersion` and `kind`, if the simulator serves it.
    pub fn from_api_version_kind(api_version: &str, kind: &str) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .find(|k| k.info().kind == kind && k.info().api_version == api_version)
    }

    /// Whether objects of this kind live in a namespace.
    pub fn namespaced(self) -> bool {
        self.info().namespaced
    }

    /// Whether the API server keeps `metadata.generation` for this kind: set to 1 on create and
    /// counted up when the spec changes. Only the kinds whose registry strategy does so (the
    /// workloads' `PrepareForCreate`/`PrepareForUpdate` in `pkg/registry/apps/...` and
    /// `pkg/registry/batch/...`, and the Pod's since v1.33's observed-generation tracking, on
    /// by default in v1.34); a ConfigMap, Service, Node or ServiceAccount has none, so
    /// `kubectl get -o yaml` shows no `generation` for them.
    pub fn tracks_generation(self) -> bool {
        matches!(
            self,
            Kind::Pod
                | Kind::Deployment
                | Kind::ReplicaSet
                | Kind::StatefulSet
                | Kind::DaemonSet
                | Kind::Job
                | Kind::CronJob
        )
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.info().kind)
    }
}

/// One stored object of any kind. Each kind is behind an `Arc`: copying an object (a watch
/// recording it, a lesson check copying the cluster, a controller reading one to change it
/// later) copies a pointer, and a write copies the object only if it is still shared
/// (`Arc::make_mut`).
#[derive(Clone, Debug, PartialEq)]
pub enum Object {
    Namespace(Arc<Namespace>),
    Node(Arc<Node>),
    Pod(Arc<Pod>),
    Service(Arc<Service>),
    Deployment(Arc<Deployment>),
    ReplicaSet(Arc<ReplicaSet>),
    StatefulSet(Arc<StatefulSet>),
    DaemonSet(Arc<DaemonSet>),
    Job(Arc<Job>),
    CronJob(Arc<CronJob>),
    PersistentVolumeClaim(Arc<PersistentVolumeClaim>),
    PersistentVolume(Arc<PersistentVolume>),
    StorageClass(Arc<StorageClass>),
    ConfigMap(Arc<ConfigMap>),
    Secret(Arc<Secret>),
    ServiceAccount(Arc<ServiceAccount>),
    ControllerRevision(Arc<ControllerRevision>),
    Event(Arc<Event>),
}

/// Runs `$body` with `$o` bound to the inner typed object, whatever its kind.
#[macro_export]
macro_rules! with_object {
    ($obj:expr, $o:ident => $body:expr) => {
        match $obj {
            $crate::sim::object::Object::Namespace($o) => $body,
            $crate::sim::object::Object::Node($o) => $body,
            $crate::sim::object::Object::Pod($o) => $body,
            $crate::sim::object::Object::Service($o) => $body,
            $crate::sim::object::Object::Deployment($o) => $body,
            $crate::sim::object::Object::ReplicaSet($o) => $body,
            $crate::sim::object::Object::StatefulSet($o) => $body,
            $crate::sim::object::Object::DaemonSet($o) => $body,
            $crate::sim::object::Object::Job($o) => $body,
            $crate::sim::object::Object::CronJob($o) => $body,
            $crate::sim::object::Object::PersistentVolumeClaim($o) => $body,
            $crate::sim::object::Object::PersistentVolume($o) => $body,
            $crate::sim::object::Object::StorageClass($o) => $body,
            $crate::sim::object::Object::ConfigMap($o) => $body,
            $crate::sim::object::Object::Secret($o) => $body,
            $crate::sim::object::Object::ServiceAccount($o) => $body,
            $crate::sim::object::Object::ControllerRevision($o) => $body,
            $crate::sim::object::Object::Event($o) => $body,
        }
    };
}

/// A decoded API pod is stored as the simulator's [`Pod`](crate::sim::pod::Pod).
impl From<k8s_openapi::api::core::v1::Pod> for Object {
    fn from(p: k8s_openapi::api::core::v1::Pod) -> Object {
        Object::Pod(Arc::new(p.into()))
    }
}

impl Object {
    /// The object's kind.
    pub fn kind(&self) -> Kind {
        match self {
            Object::Namespace(_) => Kind::Namespace,
            Object::Node(_) => Kind::Node,
            Object::Pod(_) => Kind::Pod,
            Object::Service(_) => Kind::Service,
            Object::Deployment(_) => Kind::Deployment,
            Object::ReplicaSet(_) => Kind::ReplicaSet,
            Object::StatefulSet(_) => Kind::StatefulSet,
            Object::DaemonSet(_) => Kind::DaemonSet,
            Object::Job(_) => Kind::Job,
            Object::CronJob(_) => Kind::CronJob,
            Object::PersistentVolumeClaim(_) => Kind::PersistentVolumeClaim,
            Object::PersistentVolume(_) => Kind::PersistentVolume,
            Object::StorageClass(_) => Kind::StorageClass,
            Object::ConfigMap(_) => Kind::ConfigMap,
            Object::Secret(_) => Kind::Secret,
            Object::ServiceAccount(_) => Kind::ServiceAccount,
            Object::ControllerRevision(_) => Kind::ControllerRevision,
            Object::Event(_) => Kind::Event,
        }
    }

    /// The object's metadata.
    pub fn meta(&self) -> &ObjectMeta {
        with_object!(self, o => &o.metadata)
    }

    /// The object's metadata, for changing.
    pub fn meta_mut(&mut self) -> &mut ObjectMeta {
        with_object!(self, o => &mut Arc::make_mut(o).metadata)
    }

    /// The object's name ("" when unset).
    pub fn name(&self) -> &str {
        self.meta().name.as_deref().unwrap_or("")
    }

    /// The object's namespace ("" for cluster-scoped objects).
    pub fn namespace(&self) -> &str {
        self.meta().namespace.as_deref().unwrap_or("")
    }

    /// The object as JSON, with `apiVersion` and `kind`, keys sorted as kubectl prints them.
    pub fn to_json(&self) -> serde_json::Value {
        with_object!(self, o => serde_json::to_value(&**o).unwrap_or(serde_json::Value::Null))
    }

    /// Decodes a JSON object of the given kind.
    pub fn from_json(kind: Kind, v: serde_json::Value) -> Result<Object, serde_json::Error> {
        Ok(match kind {
            Kind::Namespace => Object::Namespace(Arc::new(serde_json::from_value(v)?)),
            Kind::Node => Object::Node(Arc::new(serde_json::from_value(v)?)),
            Kind::Pod => Object::Pod(Arc::new(serde_json::from_value(v)?)),
            Kind::Service => Object::Service(Arc::new(serde_json::from_value(v)?)),
            Kind::Deployment => Object::Deployment(Arc::new(serde_json::from_value(v)?)),
            Kind::ReplicaSet => Object::ReplicaSet(Arc::new(serde_json::from_value(v)?)),
            Kind::StatefulSet => Object::StatefulSet(Arc::new(serde_json::from_value(v)?)),
            Kind::DaemonSet => Object::DaemonSet(Arc::new(serde_json::from_value(v)?)),
            Kind::Job => Object::Job(Arc::new(serde_json::from_value(v)?)),
            Kind::CronJob => Object::CronJob(Arc::new(serde_json::from_value(v)?)),
            Kind::PersistentVolumeClaim => {
                Object::PersistentVolumeClaim(Arc::new(serde_json::from_value(v)?))
            }
            Kind::PersistentVolume => {
                Object::PersistentVolume(Arc::new(serde_json::from_value(v)?))
            }
            Kind::StorageClass => Object::StorageClass(Arc::new(serde_json::from_value(v)?)),
            Kind::ConfigMap => Object::ConfigMap(Arc::new(serde_json::from_value(v)?)),
            Kind::Secret => Object::Secret(Arc::new(serde_json::from_value(v)?)),
            Kind::ServiceAccount => Object::ServiceAccount(Arc::new(serde_json::from_value(v)?)),
            Kind::ControllerRevision => {
                Object::ControllerRevision(Arc::new(serde_json::from_value(v)?))
            }
            Kind::Event => Object::Event(Arc::new(serde_json::from_value(v)?)),
        })
    }
}

/// A typed kind that can be taken out of, and put into, an [`Object`].
pub trait Typed: Clone + Sized + 'static {
    /// The kind this type is.
    const KIND: Kind;
    /// Wraps the typed value.
    fn into_object(self) -> Object;
    /// Borrows the typed value if `o` is of this kind.
    fn from_object(o: &Object) -> Option<&Self>;
    /// Mutably borrows the typed value if `o` is of this kind.
    fn from_object_mut(o: &mut Object) -> Option<&mut Self>;
    /// The shared value if `o` is of this kind: cloning it copies a pointer, not the object.
    fn from_object_shared(o: &Object) -> Option<&Arc<Self>>;
    /// The typed value's metadata.
    fn meta(&self) -> &ObjectMeta;
    /// The typed value's metadata, for changing.
    fn meta_mut(&mut self) -> &mut ObjectMeta;
}

macro_rules! typed {
    ($($t:ident),*) => {$(
        impl Typed for $t {
            const KIND: Kind = Kind::$t;
            fn into_object(self) -> Object { Object::$t(Arc::new(self)) }
            fn from_object(o: &Object) -> Option<&Self> {
                if let Object::$t(x) = o { Some(x) } else { None }
            }
            fn from_object_mut(o: &mut Object) -> Option<&mut Self> {
                if let Object::$t(x) = o { Some(Arc::make_mut(x)) } else { None }
            }
            fn from_object_shared(o: &Object) -> Option<&Arc<Self>> {
                if let Object::$t(x) = o { Some(x) } else { None }
            }
            fn meta(&self) -> &ObjectMeta { &self.metadata }
            fn meta_mut(&mut self) -> &mut ObjectMeta { &mut self.metadata }
        }
        impl From<$t> for Object {
            fn from(x: $t) -> Object { Object::$t(Arc::new(x)) }
        }
    )*};
}

typed!(
    Namespace,
    Node,
    Pod,
    Service,
    Deployment,
    ReplicaSet,
    StatefulSet,
    DaemonSet,
    Job,
    CronJob,
    PersistentVolumeClaim,
    PersistentVolume,
    StorageClass,
    ConfigMap,
    Secret,
    ServiceAccount,
    ControllerRevision,
    Event
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_api_version_and_kind() {
        for k in Kind::ALL {
            let i = k.info();
            assert_eq!(Kind::from_api_version_kind(i.api_version, i.kind), Some(k));
        }
        assert_eq!(Kind::from_api_version_kind("v1", "StatefulSet"), None);
    }

    #[test]
    fn qualified_names_match_kubectl() {
        assert_eq!(Kind::StatefulSet.qualified_plural(), "statefulsets.apps");
        assert_eq!(Kind::Pod.qualified_plural(), "pods");
        assert_eq!(Kind::Job.qualified_singular(), "job.batch");
    }
}
