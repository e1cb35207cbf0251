//! Cluster DNS as CoreDNS's `kubernetes` plugin answers it in a `cluster.local` cluster
//! (the Kubernetes DNS specification, `cluster/addons/dns/README` and
//! https://github.com/kubernetes/dns/blob/master/docs/specification.md):
//!
//! - `<svc>.<ns>.svc.cluster.local`: the ClusterIP, or for a headless Service the IPs of its
//!   ready endpoints (one A record each);
//! - `<hostname>.<svc>.<ns>.svc.cluster.local`: a pod whose `spec.hostname`/`spec.subdomain`
//!   match a headless Service selecting it (StatefulSet pods: `web-0.nginx.default.svc...`);
//! - `<a-b-c-d>.<ns>.pod.cluster.local`: any IP, as `pods insecure` answers;
//! - PTR records for ClusterIPs and endpoint pods.
//!
//! Pods resolve through the search path of their /etc/resolv.conf
//! (`<ns>.svc.cluster.local svc.cluster.local cluster.local`, `ndots:5`). There is no world
//! outside the cluster: other names are NXDOMAIN.

use crate::sim::cluster::Cluster;
use crate::sim::container::{CLUSTER_DOMAIN, ContainerCtx, DNS_SERVER, endpoints};
use crate::sim::pod::Pod;
use k8s_openapi::api::core::v1::Service;

/// A successful lookup: the name that answered and its addresses.
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    /// The fully qualified name that matched (without the trailing dot).
    pub fqdn: String,
    /// A records, in order.
    pub ips: Vec<String>,
}

fn svc_suffix() -> String {
    format!(".svc.{CLUSTER_DOMAIN}")
}

/// Answers one fully qualified name (no search path).
pub fn lookup_fqdn(c: &Cluster, fqdn: &str) -> Option<Vec<String>> {
    let name = fqdn.trim_end_matches('.').to_ascii_lowercase();
    if name == format!("kube-dns.kube-system.svc.{CLUSTER_DOMAIN}") {
        return Some(vec![DNS_SERVER.to_string()]);
    }
    if let Some(rest) = name.strip_suffix(&format!(".pod.{CLUSTER_DOMAIN}")) {
        let (ipdash, _ns) = rest.split_once('.')?;
        let ip = ipdash.replace('-', ".");
        return (ip.split('.').count() == 4 && ip.split('.').all(|p| p.parse::<u8>().is_ok()))
            .then(|| vec![ip]);
    }
    let rest = name.strip_suffix(&svc_suffix())?;
    let parts: Vec<&str> = rest.split('.').collect();
    match parts.as_slice() {
        [svc, ns] => {
            let s = c.store.get_typed::<Service>(ns, svc)?;
            let ip = s.spec.as_ref().and_then(|x| x.cluster_ip.clone());
            match ip.as_deref() {
                Some("None") => Some(
                    endpoints(c, s)
                        .iter()
                        .filter_map(|p| p.status.as_ref().and_then(|st| st.pod_ip.as_deref()))
                        .map(String::from)
                        .collect(),
                ),
                Some(ip) if !ip.is_empty() => Some(vec![ip.to_string()]),
                _ => None,
            }
        }
        [host, svc, ns] => {
            let s = c.store.get_typed::<Service>(ns, svc)?;
            if s.spec.as_ref().and_then(|x| x.cluster_ip.as_deref()) != Some("None") {
                return None;
            }
            endpoints(c, s)
                .iter()
                .find(|p| host_matches(p, host, svc))
                .and_then(|p| p.status.as_ref().and_then(|st| st.pod_ip.as_deref()))
                .map(|ip| vec![ip.to_string()])
        }
        _ => None,
    }
}

fn host_matches(p: &Pod, host: &str, svc: &str) -> bool {
    let spec = p.spec.as_ref();
    spec.and_then(|s| s.hostname.as_deref()) == Some(host)
        && spec.and_then(|s| s.subdomain.as_deref()) == Some(svc)
}

/// The names a resolver tries for `name`, in order (ndots:5 and the pod's search path).
pub fn candidates(ctx: &ContainerCtx, name: &str) -> Vec<String> {
    if let Some(abs) = name.strip_suffix('.') {
        return vec![abs.to_string()];
    }
    let searched: Vec<String> = ctx
        .search_domains()
        .iter()
        .map(|d| format!("{name}.{d}"))
        .collect();
    if name.matches('.').count() >= 5 {
        std::iter::once(name.to_string()).chain(searched).collect()
    } else {
        searched
            .into_iter()
            .chain(std::iter::once(name.to_string()))
            .collect()
    }
}

/// Resolves `name` through the search path. Err carries the first name tried, as busybox's
/// nslookup reports it.
pub fn resolve(c: &Cluster, ctx: &ContainerCtx, name: &str) -> Result<Answer, String> {
    let cands = candidates(ctx, name);
    for cand in &cands {
        if let Some(ips) = lookup_fqdn(c, cand).filter(|v| !v.is_empty()) {
            return Ok(Answer {
                fqdn: cand.trim_end_matches('.').to_string(),
                ips,
            });
        }
    }
    Err(cands.first().cloned().unwrap_or_else(|| name.to_string()))
}

/// Resolves a host the way libc's getaddrinfo does for curl/ping/wget: IP literals, then
/// /etc/hosts (localhost, the pod's own hostname), then DNS.
pub fn resolve_host(c: &Cluster, ctx: &ContainerCtx, host: &str) -> Option<String> {
    if is_ipv4(host) {
        return Some(host.to_string());
    }
    if host == "localhost" {
        return Some("127.0.0.1".into());
    }
    if host == ctx.hostname {
        return Some(ctx.ip.clone());
    }
    resolve(c, ctx, host)
        .ok()
        .and_then(|a| a.ips.first().cloned())
}

/// Whether `s` is a dotted IPv4 address.
pub fn is_ipv4(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.parse::<u8>().is_ok())
}

/// The PTR name of an IP (CoreDNS answers for ClusterIPs and endpoint pods).
pub fn reverse(c: &Cluster, ip: &str) -> Option<String> {
    if ip == DNS_SERVER {
        return Some(format!("kube-dns.kube-system.svc.{CLUSTER_DOMAIN}"));
    }
    for s in c.store.list_typed::<Service>(None) {
        let ns = s.metadata.namespace.as_deref().unwrap_or("");
        let name = s.metadata.name.as_deref().unwrap_or("");
        let cip = s.spec.as_ref().and_then(|x| x.cluster_ip.as_deref());
        if cip == Some(ip) {
            return Some(format!("{name}.{ns}.svc.{CLUSTER_DOMAIN}"));
        }
    }
    for s in c.store.list_typed::<Service>(None) {
        if s.spec.as_ref().and_then(|x| x.cluster_ip.as_deref()) != Some("None") {
            continue;
        }
        let ns = s.metadata.namespace.as_deref().unwrap_or("");
        let name = s.metadata.name.as_deref().unwrap_or("");
        for p in endpoints(c, s) {
            if p.status.as_ref().and_then(|st| st.pod_ip.as_deref()) != Some(ip) {
                continue;
            }
            let spec = p.spec.as_ref();
            let host = match (
                spec.and_then(|x| x.hostname.as_deref()),
                spec.and_then(|x| x.subdomain.as_deref()),
            ) {
                (Some(h), Some(sd)) if sd == name => h.to_string(),
                _ => ip.replace('.', "-"),
            };
            return Some(format!("{host}.{name}.{ns}.svc.{CLUSTER_DOMAIN}"));
        }
    }
    None
}
