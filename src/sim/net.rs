//! The pod network as seen from inside a container: which address answers on which port, and
//! what the process there replies to an HTTP GET. ClusterIPs forward to a ready endpoint as
//! kube-proxy does (the Service port's targetPort, named ports looked up in the pod), pod IPs
//! reach the pod's containers, node IPs reach hostNetwork pods. What answers comes from the
//! image catalog (`assets/images.yaml`).

use crate::sim::behavior;
use crate::sim::cluster::Cluster;
use crate::sim::container::{self, ContainerCtx, Entry, endpoints};
use crate::sim::images;
use crate::sim::pod::Pod;
use k8s_openapi::api::core::v1::{Node, Service};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

/// Why a connection or request failed.
#[derive(Clone, Debug, PartialEq)]
pub enum NetError {
    /// Nothing listens there (RST): curl (7), wget "Connection refused".
    Refused,
    /// No host answers at that address.
    Unreachable,
    /// The server is not HTTP and speaks first: curl (1).
    Http09,
    /// The server closed without a reply: curl (52).
    Empty,
}

/// An HTTP response.
#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    /// Status code.
    pub status: u16,
    /// Body.
    pub body: String,
    /// `Location` for redirects.
    pub location: Option<String>,
    /// `Server` header.
    pub server: String,
    /// `Content-Type` header.
    pub content_type: String,
}

/// The reason phrase of a status code.
pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Not Allowed",
        _ => "Unknown",
    }
}

fn pod_ip(p: &Pod) -> Option<&str> {
    p.status.as_ref().and_then(|s| s.pod_ip.as_deref())
}

/// Which pod and port a connection to `ip:port` from `from` reaches.
fn route(c: &Cluster, from: &ContainerCtx, ip: &str, port: u16) -> Result<(Pod, u16), NetError> {
    if ip == "127.0.0.1" || ip == from.ip {
        let p = c
            .store
            .get_typed::<Pod>(&from.namespace, &from.pod)
            .ok_or(NetError::Unreachable)?;
        return Ok((p.clone(), port));
    }
    for s in c.store.list_typed::<Service>(None) {
        let Some(spec) = s.spec.as_ref() else {
            continue;
        };
        if spec.cluster_ip.as_deref() != Some(ip) {
            continue;
        }
        let sp = spec
            .ports
            .iter()
            .flatten()
            .find(|p| p.port == i32::from(port))
            .ok_or(NetError::Refused)?;
        let eps = endpoints(c, s);
        if eps.is_empty() {
            return Err(NetError::Refused);
        }
        // kube-proxy picks an endpoint at random; a hash of the instant and the caller keeps
        // the choice reproducible.
        let seed = format!("{}/{}/{}", c.now().as_nanosecond(), from.pod, ip);
        let h = behavior::fake_digest(&seed);
        let idx = usize::from_str_radix(&h[..8], 16).unwrap_or(0) % eps.len();
        let pod = eps[idx].clone();
        let target = match &sp.target_port {
            Some(IntOrString::Int(n)) => u16::try_from(*n).unwrap_or(port),
            Some(IntOrString::String(name)) => pod
                .spec
                .iter()
                .flat_map(|s| s.containers.iter())
                .flat_map(|ct| ct.ports.iter().flatten())
                .find(|p| p.name.as_deref() == Some(name.as_str()))
                .and_then(|p| u16::try_from(p.container_port).ok())
                .ok_or(NetError::Refused)?,
            None => port,
        };
        return Ok((pod, target));
    }
    if let Some(p) = c.store.list_typed::<Pod>(None).find(|p| {
        pod_ip(p) == Some(ip) && p.spec.as_ref().and_then(|s| s.host_network) != Some(true)
    }) {
        return Ok((p.clone(), port));
    }
    // A node address: the hostNetwork pods on it.
    let node = c.store.list_typed::<Node>(None).find(|n| {
        n.status
            .as_ref()
            .and_then(|s| s.addresses.as_ref())
            .is_some_and(|a| a.iter().any(|a| a.address == ip))
    });
    if let Some(n) = node {
        let name = n.metadata.name.clone().unwrap_or_default();
        for p in c.store.list_typed::<Pod>(None) {
            let spec = p.spec.as_ref();
            if spec.and_then(|s| s.node_name.as_deref()) != Some(name.as_str())
                || spec.and_then(|s| s.host_network) != Some(true)
            {
                continue;
            }
            if listening_container(c, p, port).is_some() {
                return Ok((p.clone(), port));
            }
        }
        return Err(NetError::Refused);
    }
    Err(NetError::Unreachable)
}

/// The running container of `pod` whose process listens on `port`.
fn listening_container(c: &Cluster, pod: &Pod, port: u16) -> Option<ContainerCtx> {
    let ns = pod.metadata.namespace.as_deref().unwrap_or("");
    let name = pod.metadata.name.as_deref().unwrap_or("");
    for ct in pod.spec.iter().flat_map(|s| s.containers.iter()) {
        let img = ct.image.as_deref().unwrap_or("");
        if images::lookup(img).listener(port).is_none() {
            continue;
        }
        if let Ok(ctx) = container::enter(c, ns, name, Some(&ct.name)) {
            return Some(ctx);
        }
    }
    None
}

/// Whether `ip` answers ICMP echo (a running pod, a node, loopback; ClusterIPs do not).
pub fn pingable(c: &Cluster, from: &ContainerCtx, ip: &str) -> Option<bool> {
    if ip == "127.0.0.1" || ip == from.ip {
        return Some(true);
    }
    let pod = c
        .store
        .list_typed::<Pod>(None)
        .find(|p| pod_ip(p) == Some(ip));
    if let Some(p) = pod {
        let running = c
            .runtime
            .pods
            .values()
            .any(|r| Some(&r.uid) == p.metadata.uid.as_ref() && r.ip.as_deref() == Some(ip));
        return Some(running);
    }
    let node = c.store.list_typed::<Node>(None).any(|n| {
        n.status
            .as_ref()
            .and_then(|s| s.addresses.as_ref())
            .is_some_and(|a| a.iter().any(|a| a.address == ip))
    });
    node.then_some(true)
}

/// Whether `ip` is on the caller's node (one hop fewer: ttl 64 rather than 63).
pub fn same_node(c: &Cluster, from: &ContainerCtx, ip: &str) -> bool {
    ip == "127.0.0.1"
        || ip == from.ip
        || c.store.list_typed::<Pod>(None).any(|p| {
            pod_ip(p) == Some(ip)
                && p.spec.as_ref().and_then(|s| s.node_name.as_deref()) == Some(from.node.as_str())
        })
}

/// An HTTP GET of `path` on `ip:port` from the container `from`. Serving may write files (the
/// stateful app remembers its identity), hence `&mut Cluster`.
pub fn http_get(
    c: &mut Cluster,
    from: &ContainerCtx,
    ip: &str,
    port: u16,
    path: &str,
) -> Result<Response, NetError> {
    let (pod, port) = route(c, from, ip, port)?;
    let ctx = listening_container(c, &pod, port).ok_or(NetError::Refused)?;
    let info = ctx.image_info();
    let Some(l) = info.listener(port) else {
        return Err(NetError::Refused);
    };
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let path = if path.is_empty() { "/" } else { path };
    match l.http.as_str() {
        "nginx" => Ok(nginx(
            c,
            &ctx,
            l.root.as_deref().unwrap_or("/usr/share/nginx/html"),
            path,
        )),
        "metrics" => Ok(metrics(c, &ctx, path)),
        "stateful-app" => Ok(stateful_app(c, &ctx)),
        "none-empty" => Err(NetError::Empty),
        _ => Err(NetError::Http09),
    }
}

fn nginx_version(ctx: &ContainerCtx) -> String {
    ctx.getenv("NGINX_VERSION").unwrap_or("1.27.3").to_string()
}

/// nginx's built-in error page (`ngx_http_special_response.c`).
fn nginx_error(ctx: &ContainerCtx, status: u16) -> Response {
    let line = format!("{status} {}", reason(status));
    Response {
        status,
        body: format!(
            "<html>\n<head><title>{line}</title></head>\n<body>\n<center><h1>{line}</h1></center>\n<hr><center>nginx/{}</center>\n</body>\n</html>\n",
            nginx_version(ctx)
        ),
        location: None,
        server: format!("nginx/{}", nginx_version(ctx)),
        content_type: "text/html".into(),
    }
}

fn nginx(c: &Cluster, ctx: &ContainerCtx, root: &str, path: &str) -> Response {
    let fs = container::view(c, ctx);
    let full = container::normalize(root, path.trim_start_matches('/'));
    let ok = |body: String| Response {
        status: 200,
        body,
        location: None,
        server: format!("nginx/{}", nginx_version(ctx)),
        content_type: "text/html".into(),
    };
    match fs.get(&full) {
        Some(Entry::File(s)) => ok(s.clone()),
        Some(Entry::Dir) if !path.ends_with('/') => {
            let mut r = nginx_error(ctx, 301);
            r.location = Some(format!("{path}/"));
            r
        }
        Some(Entry::Dir) => match fs.get(&format!("{}/index.html", full.trim_end_matches('/'))) {
            Some(Entry::File(s)) => ok(s.clone()),
            _ => nginx_error(ctx, 403),
        },
        None => nginx_error(ctx, 404),
    }
}

fn metrics(c: &Cluster, ctx: &ContainerCtx, path: &str) -> Response {
    if path != "/metrics" {
        return Response {
            status: 200,
            body: "<html>\n<head><title>Node Exporter</title></head>\n<body>\n<h1>Node Exporter</h1>\n<p><a href=\"/metrics\">Metrics</a></p>\n</body>\n</html>\n".into(),
            location: None,
            server: String::new(),
            content_type: "text/html; charset=UTF-8".into(),
        };
    }
    let node = ctx.node.clone();
    let h = behavior::fake_digest(&format!("{node}/{}", c.now().as_second() / 60));
    let load = |i: usize| {
        let v = u32::from_str_radix(&h[i..i + 4], 16).unwrap_or(0) % 200;
        format!("{}.{:02}", v / 100, v % 100)
    };
    let boot = c.now().as_second() - 86_400;
    let body = format!(
        "# HELP node_boot_time_seconds Node boot time, in unixtime.\n# TYPE node_boot_time_seconds gauge\nnode_boot_time_seconds {boot}\n# HELP node_load1 1m load average.\n# TYPE node_load1 gauge\nnode_load1 {}\n# HELP node_load15 15m load average.\n# TYPE node_load15 gauge\nnode_load15 {}\n# HELP node_load5 5m load average.\n# TYPE node_load5 gauge\nnode_load5 {}\n# HELP node_memory_MemAvailable_bytes Memory information field MemAvailable_bytes.\n# TYPE node_memory_MemAvailable_bytes gauge\nnode_memory_MemAvailable_bytes 6.442450944e+09\n# HELP node_uname_info Labeled system information as provided by the uname system call.\n# TYPE node_uname_info gauge\nnode_uname_info{{domainname=\"(none)\",machine=\"x86_64\",nodename=\"{node}\",release=\"6.8.0-1015-gcp\",sysname=\"Linux\",version=\"#17-Ubuntu SMP\"}} 1\n",
        load(0),
        load(4),
        load(8),
    );
    Response {
        status: 200,
        body,
        location: None,
        server: String::new(),
        content_type: "text/plain; version=0.0.4; charset=utf-8; escaping=underscores".into(),
    }
}

/// The StatefulSet demo app: remembers the hostname of its first request in /data/hostname.txt.
fn stateful_app(c: &mut Cluster, ctx: &ContainerCtx) -> Response {
    let path = "/data/hostname.txt";
    let stored = match container::view(c, ctx).get(path) {
        Some(Entry::File(s)) => s.trim_end().to_string(),
        _ => {
            // Without a /data directory the app cannot remember; it still answers.
            let _ = container::mkdir(c, ctx, "/data", true);
            let _ = container::write_file(c, ctx, path, &format!("{}\n", ctx.hostname), false);
            ctx.hostname.clone()
        }
    };
    Response {
        status: 200,
        body: format!(
            "Hello from Pod: {}\nMy stable identity is: {stored}\n",
            ctx.hostname
        ),
        location: None,
        server: String::new(),
        content_type: "text/plain".into(),
    }
}
