//! Small shared facts about pods and owners that several controllers need, each as the upstream
//! helper it mirrors (`pkg/api/v1/pod/util.go`, `pkg/controller/controller_utils.go`).

use crate::sim::cluster::Cluster;
use crate::sim::labels::Selector;
use crate::sim::object::{Kind, Typed};
use crate::sim::pod::Pod;
use crate::sim::store::ObjKey;
use jiff::Timestamp;
use k8s_openapi::api::core::v1::PodTemplateSpec;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, OwnerReference};
use std::collections::BTreeMap;

/// The pod's phase ("" when unset).
pub fn phase(p: &Pod) -> &str {
    p.status
        .as_ref()
        .and_then(|s| s.phase.as_deref())
        .unwrap_or("")
}

/// `IsPodTerminal`: the pod Succeeded or Failed, and its containers will not run again.
pub fn is_terminal(p: &Pod) -> bool {
    matches!(phase(p), "Succeeded" | "Failed")
}

/// `IsPodActive`: not Succeeded, not Failed, not being deleted.
pub fn is_active(p: &Pod) -> bool {
    !is_terminal(p) && p.metadata.deletion_timestamp.is_none()
}

/// `IsPodReady`: the Ready condition is True.
pub fn is_ready(p: &Pod) -> bool {
    ready_since(p).is_some()
}

/// When the pod's Ready condition last became True, if it is True.
pub fn ready_since(p: &Pod) -> Option<Timestamp> {
    p.status
        .as_ref()?
        .conditions
        .as_ref()?
        .iter()
        .find(|c| c.type_ == "Ready" && c.status == "True")
        .map(|c| {
            c.last_transition_time
                .as_ref()
                .map(|t| t.0)
                .unwrap_or(Timestamp::UNIX_EPOCH)
        })
}

/// `IsPodAvailable`: ready for at least `min_ready_seconds`.
pub fn is_available(p: &Pod, min_ready_seconds: i32, now: Timestamp) -> bool {
    available_given(ready_since(p), min_ready_seconds, now)
}

/// [`is_available`] of a pod ready since `ready_since` ([`ready_since`] of it), for a caller
/// that has read that already.
pub fn available_given(
    ready_since: Option<Timestamp>,
    min_ready_seconds: i32,
    now: Timestamp,
) -> bool {
    match ready_since {
        Some(t) => {
            min_ready_seconds <= 0
                || t + jiff::SignedDuration::from_secs(i64::from(min_ready_seconds)) <= now
        }
        None => false,
    }
}

/// The node a pod is bound to.
pub fn node_name(p: &Pod) -> Option<&str> {
    p.spec.as_ref().and_then(|s| s.node_name.as_deref())
}

/// The owner reference marked `controller: true`.
pub fn controller_ref(meta: &ObjectMeta) -> Option<&OwnerReference> {
    meta.owner_references
        .iter()
        .flatten()
        .find(|r| r.controller == Some(true))
}

/// Whether `meta` is controlled by the object with `uid`.
pub fn is_controlled_by(meta: &ObjectMeta, uid: &str) -> bool {
    controller_ref(meta).is_some_and(|r| r.uid == uid)
}

/// An owner reference with `controller` and `blockOwnerDeletion` set, as controllers stamp on
/// what they create (`metav1.NewControllerRef`).
pub fn controller_ref_to<T: Typed + k8s_openapi::Resource>(owner: &T) -> OwnerReference {
    OwnerReference {
        api_version: T::API_VERSION.to_string(),
        kind: <T as k8s_openapi::Resource>::KIND.to_string(),
        name: owner.meta().name.clone().unwrap_or_default(),
        uid: owner.meta().uid.clone().unwrap_or_default(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

/// A pod from a template, as `GetPodFromTemplate` builds it: template labels, annotations,
/// finalizers and spec, owned by `owner`.
pub fn pod_from_template(
    template: &PodTemplateSpec,
    namespace: &str,
    owner: OwnerReference,
) -> Pod {
    TemplatePods::new(template).pod(namespace, owner)
}

/// A pod template in the store's form, converted once for all the pods a sync makes from it:
/// each pod copies the converted spec, sharing its parts (containers, volume sources,
/// tolerations) with the others, instead of copying the API's spec and converting it again.
pub struct TemplatePods {
    labels: Option<BTreeMap<String, String>>,
    annotations: Option<BTreeMap<String, String>>,
    finalizers: Option<Vec<String>>,
    spec: Option<crate::sim::pod::PodSpec>,
}

impl TemplatePods {
    /// What `GetPodFromTemplate` reads of `template`.
    pub fn new(template: &PodTemplateSpec) -> TemplatePods {
        let tm = template.metadata.as_ref();
        TemplatePods {
            labels: tm.and_then(|m| m.labels.clone()),
            annotations: tm.and_then(|m| m.annotations.clone()),
            finalizers: tm.and_then(|m| m.finalizers.clone()),
            spec: template.spec.clone().map(Into::into),
        }
    }

    /// `GetPodFromTemplate`: a pod of the template's labels, annotations, finalizers and spec,
    /// owned by `owner`.
    pub fn pod(&self, namespace: &str, owner: OwnerReference) -> Pod {
        Pod {
            metadata: ObjectMeta {
                namespace: Some(namespace.to_string()),
                labels: self.labels.clone(),
                annotations: self.annotations.clone(),
                finalizers: self.finalizers.clone(),
                owner_references: Some(vec![owner]),
                ..Default::default()
            },
            spec: self.spec.clone(),
            status: None,
        }
    }
}

/// The key of a typed object.
pub fn key_of<T: Typed>(o: &T) -> ObjKey {
    ObjKey::new(
        T::KIND,
        o.meta().namespace.as_deref().unwrap_or(""),
        o.meta().name.as_deref().unwrap_or(""),
    )
}

/// Records an event on a typed object, from a control-plane component.
pub fn event<T: Typed>(
    c: &mut Cluster,
    o: &T,
    type_: &str,
    reason: &str,
    msg: &str,
    component: &'static str,
) {
    c.record_event(
        o,
        type_,
        reason,
        msg,
        crate::sim::cluster::Source::component(component),
    );
}

/// Pods in `namespace` controlled by the owner with `uid`, as the store's shared objects: a
/// controller that keeps them past its next write copies pointers, not pods.
pub fn owned_pods(c: &Cluster, namespace: &str, uid: &str) -> Vec<std::sync::Arc<Pod>> {
    c.store
        .controlled_by(Kind::Pod, Some(namespace), uid)
        .filter_map(Pod::from_object_shared)
        .cloned()
        .collect()
}

/// Kind of an owner reference, if the simulator stores it.
pub fn owner_kind(r: &OwnerReference) -> Option<Kind> {
    Kind::from_api_version_kind(&r.api_version, &r.kind)
}

/// Objects of kind `T` in `namespace` that the owner with `uid` controls, and the orphans it might
/// adopt, in store order: what `ClaimObjects` looks at, without scanning every object.
pub fn candidates<'a, T: Typed>(c: &'a Cluster, namespace: &'a str, uid: &str) -> Vec<&'a T> {
    candidates_shared::<T>(c, namespace, uid)
        .into_iter()
        .map(|x| &**x)
        .collect()
}

/// [`candidates`] as the store's shared objects: a controller that keeps them past its next
/// write clones pointers, not objects.
pub fn candidates_shared<'a, T: Typed>(
    c: &'a Cluster,
    namespace: &'a str,
    uid: &str,
) -> Vec<&'a std::sync::Arc<T>> {
    c.store
        .controlled_by_or_orphans(T::KIND, namespace, uid)
        .filter_map(T::from_object_shared)
        .collect()
}

/// `ControllerRefManager.ClaimObject` over the objects of kind `T` that `owner` controls and the
/// orphans (`pkg/controller/controller_ref_manager.go`): adopts matching orphans not being
/// deleted, and releases controlled objects whose labels the selector no longer matches (a pod
/// relabelled out of its ReplicaSet lives on as an orphan, and the set makes a replacement).
/// Only the objects `considered` are looked at (a ReplicaSet claims only its active pods), and
/// of those it controls only the ones at `changed` if given (a caller that knows which of its
/// objects were created or relabelled since it last looked: the others still match). The
/// caller skips the claim while the owner is being deleted, as upstream's `canAdopt` and
/// release do.
pub fn claim<T: Typed, O: Typed + k8s_openapi::Resource>(
    c: &mut Cluster,
    owner: &O,
    selector: &Selector,
    considered: impl Fn(&T) -> bool,
    changed: Option<&[ObjKey]>,
) {
    let uid = owner.meta().uid.clone().unwrap_or_default();
    let ns = owner.meta().namespace.clone().unwrap_or_default();
    let objects: Vec<&T> = match changed {
        None => candidates::<T>(c, &ns, &uid),
        Some(keys) => {
            // A key changed twice is listed twice: only the few to release are deduplicated
            // (below), not every key listed.
            let controlled = keys
                .iter()
                .filter(|k| k.kind == T::KIND)
                .filter_map(|k| c.store.get_key(k))
                .filter_map(T::from_object)
                .filter(|o| controller_ref(o.meta()).is_some_and(|r| r.uid == uid));
            c.store
                .orphans(T::KIND, Some(&ns))
                .filter_map(T::from_object)
                .chain(controlled)
                .collect()
        }
    };
    // Only those to release or adopt are copied out.
    let mut objects: Vec<T> = objects
        .into_iter()
        .filter(|o| considered(o))
        .filter(|o| {
            let matches = selector.matches_opt(o.meta().labels.as_ref());
            match controller_ref(o.meta()) {
                Some(r) => r.uid == uid && !matches,
                None => matches && o.meta().deletion_timestamp.is_none(),
            }
        })
        .cloned()
        .collect();
    // In store order (they are all in one namespace), each once.
    objects.sort_by(|a, b| a.meta().name.cmp(&b.meta().name));
    objects.dedup_by(|a, b| a.meta().name == b.meta().name);
    for mut o in objects {
        let ours = controller_ref(o.meta()).is_some_and(|r| r.uid == uid);
        let m = o.meta_mut();
        if ours {
            if let Some(refs) = m.owner_references.as_mut() {
                refs.retain(|r| r.uid != uid);
                if refs.is_empty() {
                    m.owner_references = None;
                }
            }
        } else {
            // The adoption patch merges by uid: a reference to the owner that was not its
            // controller's becomes the controller reference.
            let refs = m.owner_references.get_or_insert_with(Vec::new);
            refs.retain(|r| r.uid != uid);
            refs.push(controller_ref_to(owner));
        }
        c.write(o);
    }
}

/// `controller.ComputeHash` (`pkg/controller/controller_utils.go`): 32-bit FNV-1a of the
/// template's JSON and the collision count, spelled with `rand.SafeEncodeString`; names
/// ReplicaSets and DaemonSet ControllerRevisions.
pub fn compute_hash(template: &PodTemplateSpec, collision_count: Option<i32>) -> String {
    let json = serde_json::to_string(template).unwrap_or_default();
    let mut h: u32 = 0x811c_9dc5;
    let mut feed = |b: u8| {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    };
    json.bytes().for_each(&mut feed);
    if let Some(n) = collision_count {
        // Eight bytes, the count little-endian in the first four (`binary.LittleEndian.PutUint32`
        // into `make([]byte, 8)`).
        let mut bytes = [0u8; 8];
        bytes[..4].copy_from_slice(&(n as u32).to_le_bytes());
        bytes.into_iter().for_each(&mut feed);
    }
    crate::sim::rng::safe_encode_string(&h.to_string())
}
