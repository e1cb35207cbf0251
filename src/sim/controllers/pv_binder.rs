//! Persistent volumes: the PV controller's binding (`pkg/controller/volume/persistentvolume/pv_controller.go`),
//! a dynamic provisioner for the default StorageClass (like minikube's hostpath provisioner), the
//! reclaim policy, and the `kubernetes.io/pvc-protection` finalizer that keeps a claim in use by a
//! pod in Terminating until the pod is gone.

use crate::sim::cluster::{Cluster, Source};
use crate::sim::object::{Kind, Object};
use crate::sim::pod::Pod;
use crate::sim::podutil;
use crate::sim::store::ObjKey;
use k8s_openapi::api::core::v1::{
    HostPathVolumeSource, ObjectReference, PersistentVolume, PersistentVolumeClaim,
    PersistentVolumeClaimStatus, PersistentVolumeSpec, PersistentVolumeStatus,
};
use k8s_openapi::api::storage::v1::StorageClass;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use std::collections::BTreeMap;

/// Reconciles a claim or a volume.
pub fn reconcile(c: &mut Cluster, key: &ObjKey) {
    match key.kind {
        Kind::PersistentVolumeClaim => reconcile_claim(c, key),
        Kind::PersistentVolume => reconcile_volume(c, key),
        _ => {}
    }
}

/// Whether a non-terminated pod in the claim's namespace mounts it.
fn claim_in_use(c: &Cluster, ns: &str, name: &str) -> bool {
    c.store.list_typed::<Pod>(Some(ns)).any(|p| {
        !podutil::is_terminal(p)
            && p.spec
                .as_ref()
                .and_then(|s| s.volumes.as_ref())
                .is_some_and(|vs| {
                    vs.iter().any(|v| {
                        v.source
                            .persistent_volume_claim
                            .as_ref()
                            .is_some_and(|c| c.claim_name == name)
                    })
                })
    })
}

fn reconcile_claim(c: &mut Cluster, key: &ObjKey) {
    let Some(pvc) = c.store.get_typed_at::<PersistentVolumeClaim>(key).cloned() else {
        return;
    };
    if pvc.metadata.deletion_timestamp.is_some() {
        if claim_in_use(c, &key.namespace, &key.name) {
            return;
        }
        c.store.remove(key);
        if let Some(pv_name) = pvc.spec.as_ref().and_then(|s| s.volume_name.clone()) {
            release_volume(c, &pv_name);
        }
        return;
    }
    let phase = pvc
        .status
        .as_ref()
        .and_then(|s| s.phase.as_deref())
        .unwrap_or("Pending");
    if phase != "Pending" {
        return;
    }
    let spec = pvc.spec.clone().unwrap_or_default();
    let class_name = spec.storage_class_name.clone().unwrap_or_default();
    let Some(class) = c.store.get_typed::<StorageClass>("", &class_name).cloned() else {
        let msg = if class_name.is_empty() {
            "no persistent volumes available for this claim and no storage class is set".to_string()
        } else {
            format!("storageclass.storage.k8s.io \"{class_name}\" not found")
        };
        let reason = if class_name.is_empty() {
            "FailedBinding"
        } else {
            "ProvisioningFailed"
        };
        c.record_event(
            &pvc,
            "Warning",
            reason,
            &msg,
            Source::component("persistentvolume-controller"),
        );
        return;
    };
    let uid = pvc.metadata.uid.clone().unwrap_or_default();
    let pv_name = format!("pvc-{uid}");
    let provisioner = class.provisioner.clone();
    let claim_obj = Object::PersistentVolumeClaim(std::sync::Arc::new(pvc.clone()));
    c.record_event(
        &claim_obj,
        "Normal",
        "ExternalProvisioning",
        &format!("Waiting for a volume to be created either by the external provisioner '{provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered."),
        Source::component("persistentvolume-controller"),
    );
    c.record_event(
        &claim_obj,
        "Normal",
        "Provisioning",
        &format!(
            "External provisioner is provisioning volume for claim \"{}/{}\"",
            key.namespace, key.name
        ),
        Source::component("k8s.io/minikube-hostpath_minikube_provisioner"),
    );
    let capacity = spec
        .resources
        .as_ref()
        .and_then(|r| r.requests.clone())
        .and_then(|r| r.get("storage").cloned())
        .map(|q| BTreeMap::from([("storage".to_string(), q)]));
    let pv_uid = c.new_uid();
    let pv = PersistentVolume {
        metadata: ObjectMeta {
            name: Some(pv_name.clone()),
            uid: Some(pv_uid),
            creation_timestamp: Some(c.now_time()),
            annotations: Some(BTreeMap::from([(
                "pv.kubernetes.io/provisioned-by".to_string(),
                provisioner.clone(),
            )])),
            finalizers: Some(vec!["kubernetes.io/pv-protection".into()]),
            ..Default::default()
        },
        spec: Some(PersistentVolumeSpec {
            access_modes: spec.access_modes.clone(),
            capacity,
            claim_ref: Some(ObjectReference {
                api_version: Some("v1".into()),
                kind: Some("PersistentVolumeClaim".into()),
                name: Some(key.name.to_string()),
                namespace: Some(key.namespace.to_string()),
                uid: Some(uid),
                resource_version: pvc.metadata.resource_version.clone(),
                field_path: None,
            }),
            host_path: Some(HostPathVolumeSource {
                path: format!("/tmp/hostpath-provisioner/{}/{}", key.namespace, key.name),
                type_: Some(String::new()),
            }),
            persistent_volume_reclaim_policy: class
                .reclaim_policy
                .clone()
                .or(Some("Delete".into())),
            storage_class_name: Some(class_name.clone()),
            volume_mode: spec.volume_mode.clone().or(Some("Filesystem".into())),
            ..Default::default()
        }),
        status: Some(PersistentVolumeStatus {
            phase: Some("Bound".into()),
            ..Default::default()
        }),
    };
    c.runtime.volumes.entry(pv_name.clone()).or_default();
    c.write(pv);
    let mut bound = pvc.clone();
    let ann = bound.metadata.annotations.get_or_insert_with(BTreeMap::new);
    ann.insert("pv.kubernetes.io/bind-completed".into(), "yes".into());
    ann.insert("pv.kubernetes.io/bound-by-controller".into(), "yes".into());
    ann.insert(
        "volume.beta.kubernetes.io/storage-provisioner".into(),
        provisioner.clone(),
    );
    ann.insert(
        "volume.kubernetes.io/storage-provisioner".into(),
        provisioner,
    );
    bound.metadata.finalizers.get_or_insert_with(Vec::new);
    if let Some(f) = bound.metadata.finalizers.as_mut()
        && !f.iter().any(|x| x == "kubernetes.io/pvc-protection")
    {
        f.push("kubernetes.io/pvc-protection".into());
    }
    let mut bspec = spec.clone();
    bspec.volume_name = Some(pv_name.clone());
    bound.spec = Some(bspec);
    bound.status = Some(PersistentVolumeClaimStatus {
        phase: Some("Bound".into()),
        access_modes: spec.access_modes.clone(),
        capacity: spec
            .resources
            .as_ref()
            .and_then(|r| r.requests.clone())
            .and_then(|r| r.get("storage").cloned())
            .map(|q| BTreeMap::from([("storage".to_string(), q)])),
        ..Default::default()
    });
    c.record_event(
        &bound,
        "Normal",
        "ProvisioningSucceeded",
        &format!("Successfully provisioned volume {pv_name}"),
        Source::component("k8s.io/minikube-hostpath_minikube_provisioner"),
    );
    c.write(bound);
}

/// The claim of a volume is gone: Delete policy removes the volume (and its data), Retain keeps
/// it as Released.
fn release_volume(c: &mut Cluster, pv_name: &str) {
    let Some(mut pv) = c.store.get_typed::<PersistentVolume>("", pv_name).cloned() else {
        return;
    };
    let policy = pv
        .spec
        .as_ref()
        .and_then(|s| s.persistent_volume_reclaim_policy.clone())
        .unwrap_or_default();
    if policy == "Delete" {
        c.store
            .remove(&ObjKey::new(Kind::PersistentVolume, "", pv_name));
        c.runtime.volumes.remove(pv_name);
    } else {
        pv.status = Some(PersistentVolumeStatus {
            phase: Some("Released".into()),
            ..Default::default()
        });
        c.write(pv);
    }
}

fn reconcile_volume(c: &mut Cluster, key: &ObjKey) {
    let Some(pv) = c
        .store
        .get_typed::<PersistentVolume>("", &key.name)
        .cloned()
    else {
        return;
    };
    if pv.metadata.deletion_timestamp.is_none() {
        return;
    }
    // pv-protection: a volume still bound to an existing claim stays until the claim is gone.
    let claim = pv.spec.as_ref().and_then(|s| s.claim_ref.as_ref());
    let claimed = claim.is_some_and(|r| {
        c.store
            .get(
                Kind::PersistentVolumeClaim,
                r.namespace.as_deref().unwrap_or(""),
                r.name.as_deref().unwrap_or(""),
            )
            .is_some()
    });
    let phase = pv
        .status
        .as_ref()
        .and_then(|s| s.phase.as_deref())
        .unwrap_or("");
    if !claimed || phase != "Bound" {
        c.store.remove(key);
        c.runtime.volumes.remove(key.name.as_str());
    }
}
