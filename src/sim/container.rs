//! One running container as a process inside it sees it: its identity (hostname, pod IP), its
//! environment as the kubelet builds it, and its file system (image files, its own writable
//! layer, and the volumes mounted into it).
//!
//! Where writes land decides what a lesson can show: a file written under a volumeMount backed by
//! a PersistentVolumeClaim goes to `runtime.volumes[<bound PV>]` and survives the pod; an emptyDir
//! lives in `runtime.empty_dirs` as long as the pod; anything else goes to the container's layer
//! in `runtime.container_layers`, which a restart or the pod's deletion discards.

use crate::sim::cluster::Cluster;
use crate::sim::images::{self, ImageInfo};
use crate::sim::pod::Pod;
use crate::sim::podutil;
use crate::sim::runtime::{ContainerPhase, Files};
use k8s_openapi::api::core::v1::{ConfigMap, Container, PersistentVolumeClaim, Secret, Service};
use std::collections::BTreeMap;

/// The DNS domain of the simulated cluster.
pub const CLUSTER_DOMAIN: &str = "cluster.local";
/// The cluster DNS Service's ClusterIP (kube-dns), the pods' nameserver.
pub const DNS_SERVER: &str = "10.96.0.10";

/// A file-layer value marking a path deleted from the image (an overlayfs whiteout).
const WHITEOUT: &str = "\u{0}whiteout";

/// Why a container cannot be entered.
#[derive(Clone, Debug, PartialEq)]
pub enum EnterError {
    /// The pod does not exist.
    PodNotFound,
    /// No container of that name in the pod spec.
    NoSuchContainer,
    /// The pod has no node yet.
    NoHost,
    /// The container is not running (waiting, pulling, exited).
    NotRunning,
}

/// Everything the shell needs to know about the container it runs in.
#[derive(Clone, Debug)]
pub struct ContainerCtx {
    /// Pod namespace.
    pub namespace: String,
    /// Pod name.
    pub pod: String,
    /// Pod uid.
    pub uid: String,
    /// Container name.
    pub container: String,
    /// Its restart count (its writable layer is per start).
    pub restarts: i32,
    /// The image reference.
    pub image: String,
    /// The node it runs on.
    pub node: String,
    /// The pod IP.
    pub ip: String,
    /// The hostname (`spec.hostname` or the pod name).
    pub hostname: String,
    /// `spec.subdomain`, for the FQDN in /etc/hosts.
    pub subdomain: Option<String>,
    /// The environment, in the order `env` prints it.
    pub env: Vec<(String, String)>,
    /// Volume mounts: mount path -> backing store.
    pub mounts: Vec<(String, Mount)>,
    /// The working directory.
    pub workdir: String,
}

/// What backs a mounted directory.
#[derive(Clone, Debug, PartialEq)]
pub enum Mount {
    /// A PersistentVolume's contents (by PV name), with a subPath.
    Pv(String, String),
    /// An emptyDir (key into `runtime.empty_dirs`), with a subPath.
    EmptyDir(String, String),
    /// Read-only generated files (configMap, secret, downwardAPI, projected token).
    ReadOnly(Files),
}

impl ContainerCtx {
    /// The catalog entry for this container's image.
    pub fn image_info(&self) -> &'static ImageInfo {
        images::lookup(&self.image)
    }

    /// The key of this container's writable layer.
    pub fn layer_key(&self) -> String {
        format!("{}/{}/{}", self.uid, self.container, self.restarts)
    }

    /// The pod's search domains, as the kubelet writes them to /etc/resolv.conf.
    pub fn search_domains(&self) -> Vec<String> {
        vec![
            format!("{}.svc.{CLUSTER_DOMAIN}", self.namespace),
            format!("svc.{CLUSTER_DOMAIN}"),
            CLUSTER_DOMAIN.to_string(),
        ]
    }

    /// The value of an environment variable.
    pub fn getenv(&self, name: &str) -> Option<&str> {
        self.env
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Looks up a running container and builds its context. `container` None picks the first.
pub fn enter(
    c: &Cluster,
    namespace: &str,
    pod_name: &str,
    container: Option<&str>,
) -> Result<ContainerCtx, EnterError> {
    let pod = c
        .store
        .get_typed::<Pod>(namespace, pod_name)
        .ok_or(EnterError::PodNotFound)?;
    let spec = pod.spec.clone().unwrap_or_default();
    let ctr = match container {
        Some(n) => spec
            .containers
            .iter()
            .chain(spec.init_containers.iter().flatten())
            .find(|x| x.name == n)
            .ok_or(EnterError::NoSuchContainer)?,
        None => spec.containers.first().ok_or(EnterError::NoSuchContainer)?,
    };
    let node = spec
        .node_name
        .as_deref()
        .map(String::from)
        .ok_or(EnterError::NoHost)?;
    let rt = c
        .runtime
        .pod(namespace, pod_name)
        .filter(|rt| Some(&rt.uid) == pod.metadata.uid.as_ref())
        .ok_or(EnterError::NotRunning)?;
    let crt = rt
        .containers
        .iter()
        .find(|x| x.name == ctr.name)
        .ok_or(EnterError::NotRunning)?;
    if !matches!(crt.phase, ContainerPhase::Running(_)) || rt.killing.is_some() {
        return Err(EnterError::NotRunning);
    }
    let ip = rt.ip.clone().unwrap_or_default();
    Ok(build(c, pod, ctr, &node, &ip, crt.restarts))
}

/// Builds the context of `ctr` in `pod` (also used for a container that is only about to run).
pub fn build(
    c: &Cluster,
    pod: &Pod,
    ctr: &crate::sim::pod::Container,
    node: &str,
    ip: &str,
    restarts: i32,
) -> ContainerCtx {
    let spec = pod.spec.clone().unwrap_or_default();
    let namespace = pod.metadata.namespace.clone().unwrap_or_default();
    let name = pod.metadata.name.clone().unwrap_or_default();
    let uid = pod.metadata.uid.clone().unwrap_or_default();
    let image = ctr.image.clone().unwrap_or_default();
    let hostname = spec
        .hostname
        .as_deref()
        .map(String::from)
        .unwrap_or_else(|| name.clone());
    let mut ctx = ContainerCtx {
        namespace: namespace.clone(),
        pod: name,
        uid: uid.clone(),
        container: ctr.name.clone(),
        restarts,
        image: image.clone(),
        node: node.to_string(),
        ip: ip.to_string(),
        hostname,
        subdomain: spec.subdomain.as_deref().map(String::from),
        env: Vec::new(),
        mounts: Vec::new(),
        workdir: ctr.working_dir.clone().unwrap_or_else(|| "/".into()),
    };
    ctx.env = environment(c, pod, ctr, &ctx);
    for vm in ctr.volume_mounts.iter().flatten() {
        let Some(vol) = spec.volumes.iter().flatten().find(|v| v.name == vm.name) else {
            continue;
        };
        let sub = vm.sub_path.clone().unwrap_or_default();
        let mount = if let Some(pvc) = &vol.source.persistent_volume_claim {
            let pv = c
                .store
                .get_typed::<PersistentVolumeClaim>(&namespace, &pvc.claim_name)
                .and_then(|p| p.spec.as_ref())
                .and_then(|s| s.volume_name.clone());
            match pv {
                Some(pv) => Mount::Pv(pv, sub),
                None => continue,
            }
        } else if vol.source.empty_dir.is_some() {
            Mount::EmptyDir(format!("{uid}/{}", vol.name), sub)
        } else if let Some(cm) = &vol.source.config_map {
            let data = c
                .store
                .get_typed::<ConfigMap>(&namespace, cm.name.as_str())
                .and_then(|m| m.data.clone())
                .unwrap_or_default();
            Mount::ReadOnly(data.into_iter().collect())
        } else if let Some(sec) = &vol.source.secret {
            let data = c
                .store
                .get_typed::<Secret>(&namespace, sec.secret_name.as_deref().unwrap_or(""))
                .map(|s| {
                    let mut f: Files = s
                        .data
                        .iter()
                        .flatten()
                        .map(|(k, v)| (k.clone(), String::from_utf8_lossy(&v.0).into_owned()))
                        .collect();
                    for (k, v) in s.string_data.iter().flatten() {
                        f.insert(k.clone(), v.clone());
                    }
                    f
                })
                .unwrap_or_default();
            Mount::ReadOnly(data)
        } else if let Some(p) = &vol.source.projected {
            Mount::ReadOnly(projected_files(c, pod, p, &ctx))
        } else {
            Mount::ReadOnly(Files::new())
        };
        ctx.mounts.push((normalize("/", &vm.mount_path), mount));
    }
    ctx.mounts
        .sort_by(|a, b| a.0.len().cmp(&b.0.len()).then(a.0.cmp(&b.0)));
    ctx
}

/// The files of a projected volume as the kubelet writes them (`pkg/volume/projected`): the bound
/// ServiceAccount token, ConfigMap and Secret keys (all, or the listed `items` under their paths),
/// and downward API fields.
fn projected_files(
    c: &Cluster,
    pod: &Pod,
    p: &k8s_openapi::api::core::v1::ProjectedVolumeSource,
    ctx: &ContainerCtx,
) -> Files {
    let mut files = Files::new();
    let pick = |files: &mut Files,
                data: BTreeMap<String, String>,
                items: Option<&Vec<k8s_openapi::api::core::v1::KeyToPath>>| {
        match items {
            Some(items) => {
                for it in items {
                    if let Some(v) = data.get(&it.key) {
                        files.insert(it.path.clone(), v.clone());
                    }
                }
            }
            None => files.extend(data),
        }
    };
    for s in p.sources.iter().flatten() {
        if let Some(t) = &s.service_account_token {
            files.insert(
                t.path.clone(),
                crate::sim::controllers::serviceaccount::token_for(c, pod),
            );
        }
        if let Some(cm) = &s.config_map {
            let data = c
                .store
                .get_typed::<ConfigMap>(&ctx.namespace, cm.name.as_str())
                .and_then(|m| m.data.clone())
                .unwrap_or_default();
            pick(&mut files, data, cm.items.as_ref());
        }
        if let Some(sec) = &s.secret {
            let data = c
                .store
                .get_typed::<Secret>(&ctx.namespace, sec.name.as_str())
                .and_then(|s| s.data.clone())
                .unwrap_or_default()
                .into_iter()
                .map(|(k, v)| (k, String::from_utf8_lossy(&v.0).into_owned()))
                .collect();
            pick(&mut files, data, sec.items.as_ref());
        }
        if let Some(d) = &s.downward_api {
            for it in d.items.iter().flatten() {
                if let Some(f) = &it.field_ref {
                    files.insert(it.path.clone(), field_value(pod, &f.field_path, ctx));
                }
            }
        }
    }
    files
}

/// The container's environment (`pkg/kubelet/kubelet_pods.go` makeEnvironmentVariables and
/// getServiceEnvVarMap, `pkg/kubelet/envvars/envvars.go` FromServices), in a fixed order:
/// PATH, HOSTNAME, the image's ENV, the container's `env` in spec order, then the service link
/// variables sorted, then HOME. (The kubelet hands the runtime a map, so real order varies.)
fn environment(
    c: &Cluster,
    pod: &Pod,
    ctr: &Container,
    ctx: &ContainerCtx,
) -> Vec<(String, String)> {
    let info = images::lookup(&ctx.image);
    let mut env: Vec<(String, String)> = vec![
        (
            "PATH".into(),
            "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".into(),
        ),
        ("HOSTNAME".into(), ctx.hostname.clone()),
    ];
    for (k, v) in &info.env {
        env.push((k.clone(), v.clone()));
    }
    let spec = pod.spec.clone().unwrap_or_default();
    let services = service_env(c, &ctx.namespace, spec.enable_service_links != Some(false));
    let mut own: Vec<(String, String)> = Vec::new();
    for e in ctr.env.iter().flatten() {
        let value = if let Some(v) = &e.value {
            expand_dollar_refs(v, &own, &services)
        } else if let Some(f) = e.value_from.as_ref().and_then(|f| f.field_ref.as_ref()) {
            field_value(pod, &f.field_path, ctx)
        } else if let Some(r) = e
            .value_from
            .as_ref()
            .and_then(|f| f.config_map_key_ref.as_ref())
        {
            c.store
                .get_typed::<ConfigMap>(&ctx.namespace, r.name.as_str())
                .and_then(|m| m.data.as_ref().and_then(|d| d.get(&r.key).cloned()))
                .unwrap_or_default()
        } else if let Some(r) = e
            .value_from
            .as_ref()
            .and_then(|f| f.secret_key_ref.as_ref())
        {
            c.store
                .get_typed::<Secret>(&ctx.namespace, r.name.as_str())
                .and_then(|s| s.data.as_ref().and_then(|d| d.get(&r.key).cloned()))
                .map(|b| String::from_utf8_lossy(&b.0).into_owned())
                .unwrap_or_default()
        } else {
            String::new()
        };
        own.retain(|(k, _)| *k != e.name);
        own.push((e.name.clone(), value));
    }
    for (k, v) in own.iter() {
        env.retain(|(ek, _)| ek != k);
        env.push((k.clone(), v.clone()));
    }
    for (k, v) in services {
        if !env.iter().any(|(ek, _)| *ek == k) {
            env.push((k, v));
        }
    }
    if !env.iter().any(|(k, _)| k == "HOME") {
        let home = if info.user == "root" {
            "/root".to_string()
        } else {
            "/".to_string()
        };
        env.push(("HOME".into(), home));
    }
    env
}

/// `$(VAR)` references in an env value, as the kubelet expands them (`third_party/forked/golang/expansion`).
fn expand_dollar_refs(v: &str, own: &[(String, String)], svc: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    let mut rest = v;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        if let Some(a) = after.strip_prefix('$') {
            out.push('$');
            rest = a;
        } else if let Some(inner) = after.strip_prefix('(')
            && let Some(end) = inner.find(')')
        {
            let name = &inner[..end];
            match own
                .iter()
                .rev()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .or_else(|| svc.get(name).cloned())
            {
                Some(val) => out.push_str(&val),
                None => {
                    out.push_str("$(");
                    out.push_str(name);
                    out.push(')');
                }
            }
            rest = &inner[end + 1..];
        } else {
            out.push('$');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// A downward-API field (`pkg/kubelet/kubelet_pods.go` podFieldSelectorRuntimeValue).
fn field_value(pod: &Pod, path: &str, ctx: &ContainerCtx) -> String {
    let meta = &pod.metadata;
    let bracket = |p: &str, prefix: &str| -> Option<String> {
        p.strip_prefix(prefix)?
            .strip_suffix("']")
            .map(str::to_string)
    };
    if let Some(k) = bracket(path, "metadata.labels['") {
        return meta
            .labels
            .as_ref()
            .and_then(|l| l.get(&k).cloned())
            .unwrap_or_default();
    }
    if let Some(k) = bracket(path, "metadata.annotations['") {
        return meta
            .annotations
            .as_ref()
            .and_then(|l| l.get(&k).cloned())
            .unwrap_or_default();
    }
    let spec = pod.spec.as_ref();
    match path {
        "metadata.name" => ctx.pod.clone(),
        "metadata.namespace" => ctx.namespace.clone(),
        "metadata.uid" => ctx.uid.clone(),
        "spec.nodeName" => ctx.node.clone(),
        "spec.serviceAccountName" => spec
            .and_then(|s| s.service_account_name.as_deref().map(String::from))
            .unwrap_or_else(|| "default".into()),
        "status.podIP" | "status.podIPs" => ctx.ip.clone(),
        "status.hostIP" | "status.hostIPs" => pod
            .status
            .as_ref()
            .and_then(|s| s.host_ip.as_deref().map(String::from))
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// Service link variables for a pod in `namespace`: every Service of the namespace with a
/// ClusterIP (when enableServiceLinks) plus the `kubernetes` Service from `default`.
pub fn service_env(c: &Cluster, namespace: &str, links: bool) -> BTreeMap<String, String> {
    let mut svcs: BTreeMap<String, Service> = BTreeMap::new();
    if let Some(k) = c.store.get_typed::<Service>("default", "kubernetes") {
        svcs.insert("kubernetes".into(), k.clone());
    }
    if links {
        for o in c
            .store
            .list(crate::sim::object::Kind::Service, Some(namespace))
        {
            if let crate::sim::object::Object::Service(s) = o {
                svcs.insert(s.metadata.name.clone().unwrap_or_default(), (**s).clone());
            }
        }
    }
    let mut m = BTreeMap::new();
    for (name, s) in svcs {
        let Some(spec) = s.spec.as_ref() else {
            continue;
        };
        let ip = spec.cluster_ip.clone().unwrap_or_default();
        if ip.is_empty() || ip == "None" {
            continue;
        }
        let ports = spec.ports.clone().unwrap_or_default();
        let Some(first) = ports.first() else { continue };
        let n = name.to_ascii_uppercase().replace('-', "_");
        m.insert(format!("{n}_SERVICE_HOST"), ip.clone());
        m.insert(format!("{n}_SERVICE_PORT"), first.port.to_string());
        for p in &ports {
            if let Some(pn) = p.name.as_deref().filter(|s| !s.is_empty()) {
                m.insert(
                    format!(
                        "{n}_SERVICE_PORT_{}",
                        pn.to_ascii_uppercase().replace('-', "_")
                    ),
                    p.port.to_string(),
                );
            }
        }
        let proto0 = first
            .protocol
            .as_deref()
            .unwrap_or("TCP")
            .to_ascii_lowercase();
        m.insert(
            format!("{n}_PORT"),
            format!("{proto0}://{ip}:{}", first.port),
        );
        for p in &ports {
            let proto = p.protocol.as_deref().unwrap_or("TCP");
            let lower = proto.to_ascii_lowercase();
            let base = format!("{n}_PORT_{}_{}", p.port, proto.to_ascii_uppercase());
            m.insert(base.clone(), format!("{lower}://{ip}:{}", p.port));
            m.insert(format!("{base}_PROTO"), lower);
            m.insert(format!("{base}_PORT"), p.port.to_string());
            m.insert(format!("{base}_ADDR"), ip.clone());
        }
    }
    m
}

/// An absolute, normalized path for `p` relative to `cwd` (`.`/`..` resolved).
pub fn normalize(cwd: &str, p: &str) -> String {
    let joined = if p.starts_with('/') {
        p.to_string()
    } else {
        format!("{cwd}/{p}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    format!("/{}", parts.join("/"))
}

/// One entry of the merged file system view.
#[derive(Clone, Debug, PartialEq)]
pub enum Entry {
    /// A directory.
    Dir,
    /// A file and its content.
    File(String),
}

/// Directories every container has.
const BASE_DIRS: &[&str] = &[
    "/bin",
    "/dev",
    "/etc",
    "/home",
    "/proc",
    "/root",
    "/sys",
    "/tmp",
    "/usr",
    "/usr/bin",
    "/usr/local",
    "/var",
    "/var/log",
];

fn add_with_parents(view: &mut BTreeMap<String, Entry>, path: &str, e: Entry) {
    let mut p = path.to_string();
    view.insert(p.clone(), e);
    while let Some(i) = p.rfind('/') {
        p.truncate(i);
        let key = if p.is_empty() {
            "/".to_string()
        } else {
            p.clone()
        };
        view.entry(key).or_insert(Entry::Dir);
        if p.is_empty() {
            break;
        }
    }
}

fn under(path: &str, dir: &str) -> bool {
    dir == "/" || path == dir || path.starts_with(&format!("{dir}/"))
}

/// The files of a volume store (relative keys; `dir/` keys are directories) seen at `mount`.
fn add_store(view: &mut BTreeMap<String, Entry>, mount: &str, files: &Files, sub: &str) {
    let sub = sub.trim_matches('/');
    for (k, v) in files {
        let rel = if sub.is_empty() {
            k.as_str()
        } else if let Some(r) = k.strip_prefix(&format!("{sub}/")) {
            r
        } else {
            continue;
        };
        if rel.is_empty() {
            continue;
        }
        let abs = normalize(mount, rel.trim_end_matches('/'));
        let e = if k.ends_with('/') {
            Entry::Dir
        } else {
            Entry::File(v.clone())
        };
        add_with_parents(view, &abs, e);
    }
}

/// The whole file system as the container sees it now.
pub fn view(c: &Cluster, ctx: &ContainerCtx) -> BTreeMap<String, Entry> {
    let mut v: BTreeMap<String, Entry> = BTreeMap::new();
    v.insert("/".into(), Entry::Dir);
    for d in BASE_DIRS {
        add_with_parents(&mut v, d, Entry::Dir);
    }
    let info = ctx.image_info();
    for (p, content) in &info.files {
        add_with_parents(&mut v, &normalize("/", p), Entry::File(content.clone()));
    }
    if let Some(layer) = c.runtime.container_layers.get(&ctx.layer_key()) {
        for (p, content) in layer {
            if content == WHITEOUT {
                let p = p.clone();
                v.retain(|k, _| !under(k, &p));
            } else if let Some(d) = p.strip_suffix('/') {
                add_with_parents(&mut v, d, Entry::Dir);
            } else {
                add_with_parents(&mut v, p, Entry::File(content.clone()));
            }
        }
    }
    // Kubelet-managed files.
    add_with_parents(&mut v, "/etc/hosts", Entry::File(hosts_file(ctx)));
    add_with_parents(&mut v, "/etc/resolv.conf", Entry::File(resolv_conf(ctx)));
    add_with_parents(
        &mut v,
        "/etc/hostname",
        Entry::File(format!("{}\n", ctx.hostname)),
    );
    for (mp, m) in &ctx.mounts {
        v.retain(|k, _| !under(k, mp) || k == mp);
        add_with_parents(&mut v, mp, Entry::Dir);
        match m {
            Mount::Pv(pv, sub) => {
                if let Some(files) = c.runtime.volumes.get(pv) {
                    add_store(&mut v, mp, files, sub);
                }
            }
            Mount::EmptyDir(key, sub) => {
                if let Some(files) = c.runtime.empty_dirs.get(key) {
                    add_store(&mut v, mp, files, sub);
                }
            }
            Mount::ReadOnly(files) => add_store(&mut v, mp, files, ""),
        }
    }
    v
}

/// The kubelet's managed /etc/hosts (`pkg/kubelet/kubelet_pods.go` managedHostsFileContent).
fn hosts_file(ctx: &ContainerCtx) -> String {
    let mut s = String::from(
        "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n",
    );
    match &ctx.subdomain {
        Some(sd) if !sd.is_empty() => s.push_str(&format!(
            "{}\t{}.{sd}.{}.svc.{CLUSTER_DOMAIN}\t{}\n",
            ctx.ip, ctx.hostname, ctx.namespace, ctx.hostname
        )),
        _ => s.push_str(&format!("{}\t{}\n", ctx.ip, ctx.hostname)),
    }
    s
}

fn resolv_conf(ctx: &ContainerCtx) -> String {
    format!(
        "search {}\nnameserver {DNS_SERVER}\noptions ndots:5\n",
        ctx.search_domains().join(" ")
    )
}

/// Why a write failed.
#[derive(Clone, Debug, PartialEq)]
pub enum WriteError {
    /// The parent directory does not exist.
    NoDir,
    /// The target is a directory.
    IsDir,
    /// The mount is read-only.
    ReadOnly,
}

enum Target {
    Pv(String, String),
    EmptyDir(String, String),
    ReadOnly,
    Layer(String),
}

fn target(ctx: &ContainerCtx, path: &str) -> Target {
    if matches!(path, "/etc/hosts" | "/etc/resolv.conf" | "/etc/hostname") {
        // Bind-mounted by the kubelet: writable in reality, but rewriting them only confuses.
        return Target::Layer(path.to_string());
    }
    for (mp, m) in ctx.mounts.iter().rev() {
        if under(path, mp) {
            let rel = path
                .strip_prefix(mp.as_str())
                .unwrap_or("")
                .trim_start_matches('/');
            let join = |sub: &str| {
                let sub = sub.trim_matches('/');
                if sub.is_empty() {
                    rel.to_string()
                } else if rel.is_empty() {
                    sub.to_string()
                } else {
                    format!("{sub}/{rel}")
                }
            };
            return match m {
                Mount::Pv(pv, sub) => Target::Pv(pv.clone(), join(sub)),
                Mount::EmptyDir(k, sub) => Target::EmptyDir(k.clone(), join(sub)),
                Mount::ReadOnly(_) => Target::ReadOnly,
            };
        }
    }
    Target::Layer(path.to_string())
}

fn store_mut<'a>(
    c: &'a mut Cluster,
    ctx: &ContainerCtx,
    t: &Target,
) -> Option<(&'a mut Files, String)> {
    match t {
        Target::Pv(pv, rel) => Some((
            c.runtime.volumes.entry(pv.clone()).or_default(),
            rel.clone(),
        )),
        Target::EmptyDir(k, rel) => Some((
            c.runtime.empty_dirs.entry(k.clone()).or_default(),
            rel.clone(),
        )),
        Target::Layer(p) => Some((
            c.runtime
                .container_layers
                .entry(ctx.layer_key())
                .or_default(),
            p.clone(),
        )),
        Target::ReadOnly => None,
    }
}

fn parent(path: &str) -> String {
    match path.rfind('/') {
        Some(0) | None => "/".into(),
        Some(i) => path[..i].to_string(),
    }
}

/// Writes (or appends to) a file at absolute `path`.
pub fn write_file(
    c: &mut Cluster,
    ctx: &ContainerCtx,
    path: &str,
    content: &str,
    append: bool,
) -> Result<(), WriteError> {
    let v = view(c, ctx);
    match v.get(path) {
        Some(Entry::Dir) => return Err(WriteError::IsDir),
        None if v.get(&parent(path)) != Some(&Entry::Dir) => return Err(WriteError::NoDir),
        _ => {}
    }
    let old = match (append, v.get(path)) {
        (true, Some(Entry::File(s))) => s.clone(),
        _ => String::new(),
    };
    let t = target(ctx, path);
    let (files, key) = store_mut(c, ctx, &t).ok_or(WriteError::ReadOnly)?;
    files.insert(key, old + content);
    Ok(())
}

/// Creates a directory (its parent must exist unless `parents`).
pub fn mkdir(
    c: &mut Cluster,
    ctx: &ContainerCtx,
    path: &str,
    parents: bool,
) -> Result<(), WriteError> {
    let v = view(c, ctx);
    match v.get(path) {
        Some(Entry::Dir) => return Ok(()),
        Some(Entry::File(_)) => return Err(WriteError::IsDir),
        None => {}
    }
    if !parents && v.get(&parent(path)) != Some(&Entry::Dir) {
        return Err(WriteError::NoDir);
    }
    let t = target(ctx, path);
    let (files, key) = store_mut(c, ctx, &t).ok_or(WriteError::ReadOnly)?;
    if !key.is_empty() {
        files.insert(format!("{key}/"), String::new());
    }
    Ok(())
}

/// Removes a file or (recursively) a directory.
pub fn remove(c: &mut Cluster, ctx: &ContainerCtx, path: &str) -> Result<(), WriteError> {
    let t = target(ctx, path);
    let in_image = ctx
        .image_info()
        .files
        .keys()
        .any(|k| under(&normalize("/", k), path));
    let (files, key) = store_mut(c, ctx, &t).ok_or(WriteError::ReadOnly)?;
    let is_layer = matches!(t, Target::Layer(_));
    files.retain(|k, _| {
        let k = k.trim_end_matches('/');
        !(k == key || key.is_empty() || k.starts_with(&format!("{key}/")))
    });
    if is_layer && in_image {
        files.insert(key, WHITEOUT.to_string());
    }
    Ok(())
}

/// Drops the writable layers and emptyDirs of pods that are gone (the container runtime's
/// cleanup), so a recreated pod starts from its image again.
pub fn collect_garbage(c: &mut Cluster) {
    let live: std::collections::BTreeSet<String> =
        c.runtime.pods.values().map(|p| p.uid.clone()).collect();
    let restarts: BTreeMap<String, i32> = c
        .runtime
        .pods
        .values()
        .flat_map(|p| {
            p.containers
                .iter()
                .map(move |x| (format!("{}/{}", p.uid, x.name), x.restarts))
        })
        .collect();
    c.runtime.container_layers.retain(|k, _| {
        let mut it = k.rsplitn(2, '/');
        let n: i32 = it.next().and_then(|s| s.parse().ok()).unwrap_or(-1);
        let head = it.next().unwrap_or("");
        restarts.get(head) == Some(&n)
    });
    c.runtime
        .empty_dirs
        .retain(|k, _| live.contains(k.split('/').next().unwrap_or("")));
}

/// Ready pods selected by a Service (its endpoints), sorted by name, with their IPs.
pub fn endpoints<'a>(c: &'a Cluster, svc: &Service) -> Vec<&'a Pod> {
    let ns = svc.metadata.namespace.as_deref().unwrap_or("default");
    let Some(sel) = svc.spec.as_ref().and_then(|s| s.selector.as_ref()) else {
        return Vec::new();
    };
    if sel.is_empty() {
        return Vec::new();
    }
    let sel = crate::sim::labels::Selector::from_set(sel);
    let mut v: Vec<&Pod> = c
        .store
        .list_typed::<Pod>(Some(ns))
        .filter(|p| sel.matches_opt(p.metadata.labels.as_ref()))
        .filter(|p| p.metadata.deletion_timestamp.is_none() && podutil::is_ready(p))
        .filter(|p| p.status.as_ref().and_then(|s| s.pod_ip.as_ref()).is_some())
        .collect();
    v.sort_by(|a, b| a.metadata.name.cmp(&b.metadata.name));
    v
}
