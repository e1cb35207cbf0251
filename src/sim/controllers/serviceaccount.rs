//! What every namespace of a real cluster holds without anyone creating it, and what the
//! `ServiceAccount` admission plugin does to every pod:
//!
//! - the serviceaccounts controller (`pkg/controller/serviceaccount/serviceaccounts_controller.go`)
//!   keeps a ServiceAccount `default` in every active namespace;
//! - the root CA publisher (`pkg/controller/certificates/rootcacertpublisher/publisher.go`) keeps
//!   a ConfigMap `kube-root-ca.crt` with the cluster CA (`ca.crt`) in every namespace, and puts
//!   its data back when someone changes it;
//! - the admission plugin (`plugin/pkg/admission/serviceaccount/admission.go`) sets
//!   `serviceAccountName: default`, rejects pods whose ServiceAccount does not exist, and mounts
//!   the projected `kube-api-access-XXXXX` volume (token, CA, namespace) into every container.
//!
//! Both controllers react within milliseconds of a namespace appearing or their object going
//! away; here they run as side effects of those API writes (`ensure_namespace_defaults`,
//! `after_delete`, `after_update`), which is what a learner observes, and which also lets a pod
//! be created in the same `kubectl apply` as its namespace (upstream admission retries the
//! `default` lookup for exactly that reason).

use crate::sim::api::errors::ApiError;
use crate::sim::cluster::Cluster;
use crate::sim::object::Kind;
use crate::sim::pod::{Pod, Shared};
use crate::sim::rng::Rng;
use k8s_openapi::api::core::v1::{
    ConfigMap, ConfigMapProjection, DownwardAPIProjection, DownwardAPIVolumeFile, KeyToPath,
    Namespace, ObjectFieldSelector, ProjectedVolumeSource, ServiceAccount,
    ServiceAccountTokenProjection, Volume, VolumeMount, VolumeProjection,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// The ServiceAccount pods get when they name none (`DefaultServiceAccountName`).
pub const DEFAULT_SERVICE_ACCOUNT: &str = "default";
/// The ConfigMap the root CA publisher keeps in every namespace (`RootCACertConfigMapName`).
pub const ROOT_CA_CONFIGMAP: &str = "kube-root-ca.crt";
/// Where the token volume is mounted (`DefaultAPITokenMountPath`).
pub const TOKEN_MOUNT_PATH: &str = "/var/run/secrets/kubernetes.io/serviceaccount";
/// The prefix of the injected volume's name (`ServiceAccountVolumeName`).
pub const TOKEN_VOLUME_PREFIX: &str = "kube-api-access-";
/// The token lifetime the admission plugin asks for (`WarnOnlyBoundTokenExpirationSeconds`).
pub const TOKEN_EXPIRATION_SECONDS: i64 = 3607;

/// The publisher's `kubernetes.io/description` annotation (`Description` in publisher.go).
const DESCRIPTION: &str = "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.";

/// The simulated cluster's CA certificate (a self-signed `CN=kubernetes` P-256 certificate, as
/// kubeadm's CA is `CN=kubernetes`), published as `ca.crt`.
pub const CA_CRT: &str = "-----BEGIN CERTIFICATE-----
MIIBfjCCASWgAwIBAgIUSeUg56AFnXkSuzaIddKtVsi2pWswCgYIKoZIzj0EAwIw
FTETMBEGA1UEAwwKa3ViZXJuZXRlczAeFw0yNjExMjMwNDE5MjFaFw0zNjExMjAw
NDE5MjFaMBUxEzARBgNVBAMMCmt1YmVybmV0ZXMwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAASIJwaWxBP+fx1tTJb5Um34BXZ9WIeYEYCc+S9IRD/KeHkGxjKSloJf
uUh+uqvJAyTRQBSr0gchDfy9OueaUVRqo1MwUTAdBgNVHQ4EFgQUceGrY2qirAiM
vnTyAORPl4red/UwHwYDVR0jBBgwFoAUceGrY2qirAiMvnTyAORPl4red/UwDwYD
VR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNHADBEAiBxM9ILZyOQIpzI4gJBKMQy
7TdMEsJ6kLBaAPVq+saZQAIgasMbCcFVURygCUKWoDvWaHdlSkbpl8U5QEcJIG/X
Bw8=
-----END CERTIFICATE-----
";

fn active_namespace(c: &Cluster, ns: &str) -> Option<String> {
    let n = c.store.get_typed::<Namespace>("", ns)?;
    if n.metadata.deletion_timestamp.is_some() {
        return None;
    }
    n.metadata.uid.clone()
}

fn meta(c: &Cluster, ns: &str, name: &str, uid: String) -> ObjectMeta {
    ObjectMeta {
        name: Some(name.into()),
        namespace: Some(ns.into()),
        uid: Some(uid),
        creation_timestamp: Some(c.now_time()),
        ..Default::default()
    }
}

fn root_ca_data() -> BTreeMap<String, String> {
    [("ca.crt".to_string(), CA_CRT.to_string())]
        .into_iter()
        .collect()
}

/// Creates whatever of ServiceAccount `default` and ConfigMap `kube-root-ca.crt` is missing in
/// namespace `ns` (if it exists and is not terminating). `seed` varies the uids drawn: they come
/// from a generator derived from the namespace's uid (itself from the cluster's seeded stream),
/// so creating them does not shift the names generated afterwards.
pub fn ensure_namespace_defaults(c: &mut Cluster, ns: &str, seed: &str) {
    let Some(ns_uid) = active_namespace(c, ns) else {
        return;
    };
    if c.store
        .get_typed::<ServiceAccount>(ns, DEFAULT_SERVICE_ACCOUNT)
        .is_none()
    {
        let uid = Rng::derived(&format!("{ns_uid}/serviceaccounts/default/{seed}")).uuid();
        let sa = ServiceAccount {
            metadata: meta(c, ns, DEFAULT_SERVICE_ACCOUNT, uid),
            ..Default::default()
        };
        c.write(sa);
    }
    match c
        .store
        .get_typed::<ConfigMap>(ns, ROOT_CA_CONFIGMAP)
        .cloned()
    {
        None => {
            let uid = Rng::derived(&format!("{ns_uid}/configmaps/kube-root-ca.crt/{seed}")).uuid();
            let mut m = meta(c, ns, ROOT_CA_CONFIGMAP, uid);
            m.annotations = Some(
                [("kubernetes.io/description".to_string(), DESCRIPTION.into())]
                    .into_iter()
                    .collect(),
            );
            c.write(ConfigMap {
                metadata: m,
                data: Some(root_ca_data()),
                ..Default::default()
            });
        }
        // publisher.go syncNamespace: a changed ConfigMap gets its data (and the annotation) back.
        Some(mut cm) => {
            let anns = cm.metadata.annotations.get_or_insert_with(Default::default);
            let fixed = cm.data.as_ref() == Some(&root_ca_data())
                && cm.binary_data.is_none()
                && anns.get("kubernetes.io/description").map(String::as_str) == Some(DESCRIPTION);
            if !fixed {
                anns.insert("kubernetes.io/description".into(), DESCRIPTION.into());
                cm.data = Some(root_ca_data());
                cm.binary_data = None;
                c.write(cm);
            }
        }
    }
}

/// After an object is deleted: the controllers recreate `default` and `kube-root-ca.crt` in an
/// active namespace (their informers see the deletion), with a new uid derived from the old one.
pub fn after_delete(c: &mut Cluster, kind: Kind, ns: &str, name: &str, old_uid: &str) {
    let ours = (kind == Kind::ServiceAccount && name == DEFAULT_SERVICE_ACCOUNT)
        || (kind == Kind::ConfigMap && name == ROOT_CA_CONFIGMAP);
    if ours {
        ensure_namespace_defaults(c, ns, old_uid);
    }
}

/// After an update: the publisher undoes changes to `kube-root-ca.crt`.
pub fn after_update(c: &mut Cluster, kind: Kind, ns: &str, name: &str) {
    if kind == Kind::ConfigMap && name == ROOT_CA_CONFIGMAP {
        ensure_namespace_defaults(c, ns, "");
    }
}

/// `TokenVolumeSource()`: the projected token, CA and namespace, mode 0644.
fn token_volume_source() -> ProjectedVolumeSource {
    ProjectedVolumeSource {
        default_mode: Some(0o644),
        sources: Some(vec![
            VolumeProjection {
                service_account_token: Some(ServiceAccountTokenProjection {
                    path: "token".into(),
                    expiration_seconds: Some(TOKEN_EXPIRATION_SECONDS),
                    audience: None,
                }),
                ..Default::default()
            },
            VolumeProjection {
                config_map: Some(ConfigMapProjection {
                    name: ROOT_CA_CONFIGMAP.into(),
                    items: Some(vec![KeyToPath {
                        key: "ca.crt".into(),
                        path: "ca.crt".into(),
                        mode: None,
                    }]),
                    optional: None,
                }),
                ..Default::default()
            },
            VolumeProjection {
                downward_api: Some(DownwardAPIProjection {
                    items: Some(vec![DownwardAPIVolumeFile {
                        path: "namespace".into(),
                        field_ref: Some(ObjectFieldSelector {
                            api_version: Some("v1".into()),
                            field_path: "metadata.namespace".into(),
                        }),
                        ..Default::default()
                    }]),
                }),
                ..Default::default()
            },
        ]),
    }
}

/// The token volume's source (every field but its name), made once: every pod's
/// `kube-api-access-*` volume shares it, as the store would have them share equal copies.
static TOKEN_VOLUME_SOURCE: LazyLock<Shared<Volume>> = LazyLock::new(|| {
    Shared::new(Volume {
        projected: Some(token_volume_source()),
        ..Default::default()
    })
});

/// The `ServiceAccount` admission plugin's `Admit` on pod creation. `request_name` is the name
/// the request carried (the `generateName` prefix for generated names, as upstream admission runs
/// before name generation), used in the Forbidden error.
pub fn admit_pod(c: &Cluster, pod: &mut Pod, request_name: &str) -> Result<(), ApiError> {
    let ns = pod.metadata.namespace.clone().unwrap_or_default();
    // Mirror pods are left alone (kubelet static pods; the simulator has none).
    if pod
        .metadata
        .annotations
        .as_ref()
        .is_some_and(|a| a.contains_key("kubernetes.io/config.mirror"))
    {
        return Ok(());
    }
    let pod_uid = pod.metadata.uid.clone().unwrap_or_default();
    let spec = pod.spec.get_or_insert_with(Default::default);
    if spec
        .service_account_name
        .as_deref()
        .unwrap_or("")
        .is_empty()
    {
        spec.service_account_name = Some(DEFAULT_SERVICE_ACCOUNT.into());
    }
    let sa_name = spec.service_account_name.clone().unwrap_or_default();
    let Some(sa) = c.store.get_typed::<ServiceAccount>(&ns, &sa_name) else {
        return Err(ApiError::forbidden(
            "pods",
            request_name,
            &format!(
                "error looking up service account {ns}/{sa_name}: serviceaccount {sa_name:?} not found"
            ),
        ));
    };
    // The deprecated `serviceAccount` field always mirrors serviceAccountName on the way out.
    spec.service_account = Some(sa_name.clone());
    // shouldAutomount: the pod's preference wins, then the ServiceAccount's, else true.
    let automount = spec
        .automount_service_account_token
        .or(sa.automount_service_account_token)
        .unwrap_or(true);
    if automount {
        mount_token(spec, &pod_uid);
    }
    if spec
        .image_pull_secrets
        .as_ref()
        .is_none_or(|s| s.is_empty())
        && let Some(ips) = sa.image_pull_secrets.clone().filter(|s| !s.is_empty())
    {
        spec.image_pull_secrets = Some(Box::new(ips));
    }
    Ok(())
}

/// `mountServiceAccountToken`: reuse a `kube-api-access-*` volume the pod already has, or add one
/// named with a random 5-character suffix; mount it read-only in every init and regular container
/// that has nothing at the mount path yet. The suffix comes from a generator derived from the
/// pod's uid, so it does not shift the pod names generated after it.
fn mount_token(spec: &mut crate::sim::pod::PodSpec, pod_uid: &str) {
    let existing = spec
        .volumes
        .iter()
        .flatten()
        .find(|v| v.name.starts_with(TOKEN_VOLUME_PREFIX))
        .map(|v| v.name.clone());
    let name = existing.clone().unwrap_or_else(|| {
        let mut r = Rng::derived_from(&[pod_uid, "/", TOKEN_VOLUME_PREFIX]);
        format!("{TOKEN_VOLUME_PREFIX}{}", r.name_suffix(5))
    });
    let mount = VolumeMount {
        name: name.clone(),
        read_only: Some(true),
        mount_path: TOKEN_MOUNT_PATH.into(),
        ..Default::default()
    };
    let mut needs = false;
    let init = spec.init_containers.iter_mut().flatten();
    for ctr in init.chain(spec.containers.iter_mut()) {
        let mounts = ctr.volume_mounts.get_or_insert_with(Vec::new);
        if !mounts.iter().any(|m| m.mount_path == TOKEN_MOUNT_PATH) {
            // Kept for the pod's life: room for this one only.
            mounts.reserve_exact(1);
            mounts.push(mount.clone());
            needs = true;
        }
    }
    if existing.is_none() && needs {
        let volumes = spec.volumes.get_or_insert_with(Vec::new);
        volumes.reserve_exact(1);
        volumes.push(crate::sim::pod::Volume {
            name,
            source: TOKEN_VOLUME_SOURCE.clone(),
        });
    }
}

/// The contents of the token file: a JWT-shaped bound token (header, claims, signature) naming the
/// pod and ServiceAccount, as the kubelet's token manager writes it. The signature is a
/// placeholder; nothing in the simulator verifies it.
pub fn token_for(c: &Cluster, pod: &Pod) -> String {
    let ns = pod.metadata.namespace.clone().unwrap_or_default();
    let sa_name = pod
        .spec
        .as_ref()
        .and_then(|s| s.service_account_name.clone())
        .unwrap_or_else(|| DEFAULT_SERVICE_ACCOUNT.into());
    let sa_uid = c
        .store
        .get_typed::<ServiceAccount>(&ns, &sa_name)
        .and_then(|s| s.metadata.uid.clone())
        .unwrap_or_default();
    let iat = pod
        .metadata
        .creation_timestamp
        .as_ref()
        .map(|t| t.0.as_second())
        .unwrap_or(0);
    let header = serde_json::json!({"alg": "RS256", "kid": "kubetutor"});
    let claims = serde_json::json!({
        "aud": ["https://kubernetes.default.svc.cluster.local"],
        "exp": iat + TOKEN_EXPIRATION_SECONDS,
        "iat": iat,
        "iss": "https://kubernetes.default.svc.cluster.local",
        "kubernetes.io": {
            "namespace": ns,
            "node": {"name": pod.spec.as_ref().and_then(|s| s.node_name.clone()).unwrap_or_default()},
            "pod": {"name": pod.metadata.name.clone().unwrap_or_default(), "uid": pod.metadata.uid.clone().unwrap_or_default()},
            "serviceaccount": {"name": sa_name, "uid": sa_uid},
        },
        "nbf": iat,
        "sub": format!("system:serviceaccount:{ns}:{sa_name}"),
    });
    let mut sig = Rng::derived(&claims.to_string());
    let sig_bytes: Vec<u8> = (0..32).flat_map(|_| sig.next_u64().to_le_bytes()).collect();
    format!(
        "{}.{}.{}",
        base64url(header.to_string().as_bytes()),
        base64url(claims.to_string().as_bytes()),
        base64url(&sig_bytes)
    )
}

/// Unpadded base64url (RFC 4648 §5), as JWTs are encoded.
fn base64url(data: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::object::Object;
    use crate::sim::testutil::{cluster, create, obj};

    fn pod_spec(o: &Object) -> k8s_openapi::api::core::v1::PodSpec {
        match o {
            Object::Pod(p) => p.spec.as_ref().map(|s| s.to_core()).unwrap_or_default(),
            _ => panic!("not a pod"),
        }
    }

    #[test]
    fn init_and_regular_containers_get_the_mount_unless_the_path_is_taken() {
        let mut c = cluster();
        let o = create(
            &mut c,
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  initContainers: [{name: i, image: busybox}]\n  containers:\n  - {name: a, image: nginx}\n  - name: b\n    image: nginx\n    volumeMounts: [{name: own, mountPath: /var/run/secrets/kubernetes.io/serviceaccount}]\n  volumes: [{name: own, emptyDir: {}}]\n",
        );
        let spec = pod_spec(&o);
        let vols = spec.volumes.unwrap_or_default();
        assert_eq!(vols.len(), 2);
        assert!(vols[1].name.starts_with(TOKEN_VOLUME_PREFIX));
        assert_eq!(vols[1].name.len(), TOKEN_VOLUME_PREFIX.len() + 5);
        let mounts = |c: &k8s_openapi::api::core::v1::Container| {
            c.volume_mounts.clone().unwrap_or_default().len()
        };
        assert_eq!(mounts(&spec.init_containers.unwrap_or_default()[0]), 1);
        assert_eq!(mounts(&spec.containers[0]), 1);
        assert_eq!(mounts(&spec.containers[1]), 1);
    }

    #[test]
    fn service_account_opt_out_and_missing_account() {
        let mut c = cluster();
        create(
            &mut c,
            "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: robot}\nautomountServiceAccountToken: false\n",
        );
        let o = create(
            &mut c,
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  serviceAccount: robot\n  containers: [{name: a, image: nginx}]\n",
        );
        let spec = pod_spec(&o);
        assert_eq!(spec.service_account_name.as_deref(), Some("robot"));
        assert_eq!(spec.service_account.as_deref(), Some("robot"));
        assert!(spec.volumes.is_none());
        let mut bad = obj(
            "apiVersion: v1\nkind: Pod\nmetadata: {generateName: web-}\nspec:\n  serviceAccountName: nope\n  containers: [{name: a, image: nginx}]\n",
        );
        bad.meta_mut().namespace = Some("default".into());
        let err = c.api_create(bad).expect_err("forbidden");
        assert_eq!(
            err.status_message(),
            "pods \"web-\" is forbidden: error looking up service account default/nope: serviceaccount \"nope\" not found"
        );
    }

    #[test]
    fn controllers_recreate_and_restore_their_objects() {
        let mut c = cluster();
        let uid = |c: &Cluster| {
            c.store
                .get_typed::<ServiceAccount>("default", DEFAULT_SERVICE_ACCOUNT)
                .and_then(|s| s.metadata.uid.clone())
        };
        let before = uid(&c).expect("default exists");
        c.api_delete(
            Kind::ServiceAccount,
            "default",
            "default",
            Default::default(),
        )
        .expect("deleted");
        let after = uid(&c).expect("recreated");
        assert_ne!(before, after);
        let mut cm = c
            .store
            .get_typed::<ConfigMap>("default", ROOT_CA_CONFIGMAP)
            .cloned()
            .expect("published");
        cm.data = Some(
            [("ca.crt".to_string(), "x".to_string())]
                .into_iter()
                .collect(),
        );
        c.api_update(Object::ConfigMap(std::sync::Arc::new(cm)))
            .expect("updated");
        let data = c
            .store
            .get_typed::<ConfigMap>("default", ROOT_CA_CONFIGMAP)
            .and_then(|m| m.data.clone());
        assert_eq!(data, Some(root_ca_data()));
    }

    #[test]
    fn base64url_matches_rfc4648_vectors() {
        assert_eq!(base64url(b"f"), "Zg");
        assert_eq!(base64url(b"fo"), "Zm8");
        assert_eq!(base64url(b"foo"), "Zm9v");
        assert_eq!(base64url(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64url(&[0xfb, 0xff]), "-_8");
    }
}
