//! The API server's write path: create, update, delete, with the system fields, defaults,
//! admission and validation a real API server applies before anything is stored.
//!
//! Controllers and kubectl both write through here, so a pod a ReplicaSet creates is defaulted and
//! admitted exactly like one a learner applies.

use super::errors::{ApiError, FieldError};
use crate::sim::cluster::Cluster;
use crate::sim::object::{Kind, Object, Typed};
use crate::sim::pod::Pod;
use crate::sim::pod_status::PodStatus;
use crate::sim::store::ObjKey;
use jiff::SignedDuration;
use k8s_openapi::api::core::v1::Namespace;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;

/// How dependents are treated when their owner is deleted (`--cascade`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Propagation {
    /// Delete the owner now; the garbage collector deletes dependents afterwards (kubectl's default).
    #[default]
    Background,
    /// Delete dependents first, then the owner.
    Foreground,
    /// Leave dependents, removing their owner references.
    Orphan,
}

/// Options of one delete call.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DeleteOptions {
    /// `--grace-period` (None: the pod's own terminationGracePeriodSeconds).
    pub grace_period: Option<i64>,
    /// `--cascade`.
    pub propagation: Propagation,
}

fn spec_json(o: &Object) -> serde_json::Value {
    let mut v = o.to_json();
    if let Some(m) = v.as_object_mut() {
        m.remove("metadata");
        m.remove("status");
        m.remove("apiVersion");
        m.remove("kind");
    }
    v
}

impl Cluster {
    /// Creates `obj` as the API server would: name generation, namespace check, defaults,
    /// admission, validation, then uid, creationTimestamp and generation.
    pub fn api_create(&mut self, mut obj: Object) -> Result<Object, ApiError> {
        let kind = obj.kind();
        if kind.namespaced() {
            if obj.meta().namespace.as_deref().unwrap_or("").is_empty() {
                obj.meta_mut().namespace = Some("default".into());
            }
        } else {
            obj.meta_mut().namespace = None;
        }
        // Admission runs before name generation: errors name the generateName prefix.
        let request_name = match obj.name() {
            "" => obj.meta().generate_name.clone().unwrap_or_default(),
            n => n.to_string(),
        };
        if obj.name().is_empty()
            && let Some(prefix) = obj.meta().generate_name.clone().filter(|g| !g.is_empty())
        {
            let mut name = format!("{prefix}{}", self.rng().name_suffix(5));
            while self.store.get(kind, obj.namespace(), &name).is_some() {
                name = format!("{prefix}{}", self.rng().name_suffix(5));
            }
            obj.meta_mut().name = Some(name);
        }
        if obj.name().is_empty() {
            return Err(ApiError::invalid(
                kind.info().kind,
                kind.info().group,
                "",
                vec![FieldError::required(
                    "metadata.name",
                    "name or generateName is required",
                )],
            ));
        }
        let ns = obj.namespace().to_string();
        let ns_name = obj.name().to_string();
        if kind.namespaced() {
            match self.store.get_typed::<Namespace>("", &ns) {
                None => return Err(ApiError::not_found("namespaces", &ns)),
                Some(n) if n.metadata.deletion_timestamp.is_some() => {
                    return Err(ApiError::forbidden(
                        &kind.qualified_plural(),
                        obj.name(),
                        &format!(
                            "unable to create new content in namespace {ns} because it is being terminated"
                        ),
                    ));
                }
                _ => {}
            }
        }
        if self.store.get(kind, &ns, obj.name()).is_some() {
            return Err(ApiError::already_exists(
                &kind.qualified_plural(),
                obj.name(),
            ));
        }
        let uid = self.new_uid();
        obj.meta_mut().uid = Some(uid);
        crate::sim::api::admission::default_and_admit(self, &mut obj);
        if let Object::Pod(p) = &mut obj {
            crate::sim::controllers::serviceaccount::admit_pod(
                self,
                std::sync::Arc::make_mut(p),
                &request_name,
            )?;
        }
        crate::sim::api::admission::prepare_for_create(&mut obj);
        crate::sim::api::admission::validate_create(self, &obj)?;
        let now = self.now_time();
        let m = obj.meta_mut();
        m.creation_timestamp = Some(now);
        m.generation = kind.tracks_generation().then_some(1);
        m.deletion_timestamp = None;
        m.resource_version = None;
        crate::sim::api::admission::after_create(self, &mut obj);
        let created = self.store.put(obj).clone();
        if kind == Kind::Namespace {
            crate::sim::controllers::serviceaccount::ensure_namespace_defaults(self, &ns_name, "");
        }
        Ok(created)
    }

    /// Replaces an object's metadata and spec (kubectl apply, scale, edit), keeping its status and
    /// system fields, checking update rules, and bumping `generation` when the spec changed.
    pub fn api_update(&mut self, mut obj: Object) -> Result<Object, ApiError> {
        let kind = obj.kind();
        if kind.namespaced() && obj.meta().namespace.as_deref().unwrap_or("").is_empty() {
            obj.meta_mut().namespace = Some("default".into());
        }
        let key = ObjKey::of(&obj);
        let Some(old) = self.store.get_key(&key).cloned() else {
            return Err(ApiError::not_found(&kind.qualified_plural(), &key.name));
        };
        crate::sim::api::admission::default_and_admit(self, &mut obj);
        {
            let om = old.meta();
            let m = obj.meta_mut();
            m.uid = om.uid.clone();
            m.creation_timestamp = om.creation_timestamp.clone();
            m.deletion_timestamp = om.deletion_timestamp.clone();
            m.deletion_grace_period_seconds = om.deletion_grace_period_seconds;
            m.generation = om.generation;
            m.resource_version = om.resource_version.clone();
            if m.owner_references.is_none() {
                m.owner_references = om.owner_references.clone();
            }
            if m.finalizers.is_none() {
                m.finalizers = om.finalizers.clone();
            }
        }
        crate::sim::api::admission::keep_status(&old, &mut obj);
        crate::sim::api::admission::daemon_set_template_generation(Some(&old), &mut obj);
        crate::sim::api::admission::validate_update(self, &old, &obj)?;
        if kind.tracks_generation() && spec_json(&old) != spec_json(&obj) {
            let g = old.meta().generation.unwrap_or(1) + 1;
            obj.meta_mut().generation = Some(g);
        }
        if obj == old {
            return Ok(old);
        }
        let updated = self.store.put(obj).clone();
        crate::sim::controllers::serviceaccount::after_update(
            self,
            kind,
            &key.namespace,
            &key.name,
        );
        Ok(updated)
    }

    /// Writes a controller's or kubelet's change (status, owner references, finalizers) without
    /// defaults or validation: the `/status` subresource and the system's own writes.
    pub fn api_write(&mut self, obj: Object) -> Object {
        self.store.put(obj).clone()
    }

    /// Writes a typed object, as [`Cluster::api_write`].
    pub fn write<T: Typed>(&mut self, obj: T) {
        self.store.put(obj.into_object());
    }

    /// Deletes an object. Pods on a node terminate gracefully (the kubelet removes them); owners'
    /// dependents are handled per `opts.propagation`.
    pub fn api_delete(
        &mut self,
        kind: Kind,
        namespace: &str,
        name: &str,
        opts: DeleteOptions,
    ) -> Result<Object, ApiError> {
        let key = ObjKey::new(kind, namespace, name);
        let Some(obj) = self.store.get_key(&key).cloned() else {
            return Err(ApiError::not_found(&kind.qualified_plural(), name));
        };
        let uid = obj.meta().uid.clone().unwrap_or_default();
        match opts.propagation {
            Propagation::Orphan => {
                for dep in self.store.dependents_of(&uid) {
                    if let Some(mut d) = self.store.get_key(&dep).cloned() {
                        let refs = d.meta_mut().owner_references.take().unwrap_or_default();
                        let kept: Vec<_> = refs.into_iter().filter(|r| r.uid != uid).collect();
                        d.meta_mut().owner_references =
                            if kept.is_empty() { None } else { Some(kept) };
                        self.store.put(d);
                    }
                }
            }
            Propagation::Foreground => {
                if !self.store.dependents_of(&uid).is_empty() {
                    let mut o = obj.clone();
                    let m = o.meta_mut();
                    if m.deletion_timestamp.is_none() {
                        m.deletion_timestamp = Some(self.now_time());
                    }
                    let fins = m.finalizers.get_or_insert_with(Vec::new);
                    if !fins.iter().any(|f| f == "foregroundDeletion") {
                        fins.push("foregroundDeletion".into());
                    }
                    let o = self.store.put(o).clone();
                    for dep in self.store.dependents_of(&uid) {
                        self.enqueue(crate::sim::controllers::Ctrl::GarbageCollector, dep);
                    }
                    return Ok(o);
                }
            }
            Propagation::Background => {}
        }
        match obj {
            Object::Pod(pod) => {
                Ok(self.delete_pod(std::sync::Arc::unwrap_or_clone(pod), opts.grace_period))
            }
            Object::PersistentVolumeClaim(_)
            | Object::PersistentVolume(_)
            | Object::Namespace(_) => {
                // Protected by finalizers (kubernetes.io/pvc-protection, pv-protection,
                // kubernetes): marked now, removed by their controllers when free.
                let mut o = obj;
                if o.meta().deletion_timestamp.is_none() {
                    o.meta_mut().deletion_timestamp = Some(self.now_time());
                    o.meta_mut().deletion_grace_period_seconds = Some(0);
                }
                let o = self.store.put(o).clone();
                crate::sim::api::admission::after_mark_deleted(self, &o);
                Ok(o)
            }
            other => {
                self.store.remove(&key);
                crate::sim::controllers::serviceaccount::after_delete(
                    self, kind, namespace, name, &uid,
                );
                Ok(other)
            }
        }
    }

    /// Graceful pod deletion: unbound pods go at once, bound pods get a deletionTimestamp and the
    /// kubelet stops their containers; `grace == Some(0)` removes the object at once (`--force`).
    fn delete_pod(&mut self, mut pod: Pod, grace: Option<i64>) -> Object {
        let key = ObjKey::new(
            Kind::Pod,
            pod.metadata.namespace.as_deref().unwrap_or(""),
            pod.metadata.name.as_deref().unwrap_or(""),
        );
        let bound = pod
            .spec
            .as_ref()
            .and_then(|s| s.node_name.as_ref())
            .is_some();
        let terminal = matches!(
            pod.status.as_ref().and_then(|s| s.phase.as_deref()),
            Some("Succeeded") | Some("Failed")
        );
        let grace = grace.unwrap_or_else(|| {
            pod.spec
                .as_ref()
                .and_then(|s| s.termination_grace_period_seconds)
                .unwrap_or(30)
        });
        if !bound || grace == 0 {
            self.store.remove(&key);
            return Object::Pod(std::sync::Arc::new(pod));
        }
        let grace = if terminal { 0 } else { grace };
        let deadline = self
            .now()
            .checked_add(SignedDuration::from_secs(grace))
            .unwrap_or(self.now());
        if let Some(existing) = &pod.metadata.deletion_timestamp
            && existing.0 <= deadline
        {
            return Object::Pod(std::sync::Arc::new(pod));
        }
        pod.metadata.deletion_timestamp = Some(Time(deadline));
        pod.metadata.deletion_grace_period_seconds = Some(grace);
        if pod.status.is_none() {
            pod.status = Some(PodStatus::default());
        }
        self.store
            .put(Object::Pod(std::sync::Arc::new(pod)))
            .clone()
    }
}
