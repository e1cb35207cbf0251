//! `kubectl top nodes|pods` (upstream `staging/src/k8s.io/kubectl/pkg/cmd/top/top_{node,pod}.go`
//! and `pkg/metricsutil/metrics_printer.go`). The simulator has no metrics-server; usage is
//! derived deterministically from each running container's requests and image, so the same
//! cluster always shows the same numbers.

use super::args::{self, Flag, bool_flag, val};
use super::{Output, namespace_of};
use crate::sim::cluster::Cluster;
use crate::sim::labels::Selector;
use crate::sim::pod::Pod;
use crate::sim::quantity::Quantity;
use k8s_openapi::api::core::v1::{Container, Node};

const FLAGS: &[Flag] = &[
    val("selector", Some('l')),
    bool_flag("all-namespaces", Some('A')),
    bool_flag("no-headers", None),
    bool_flag("containers", None),
    val("sort-by", None),
    bool_flag("show-capacity", None),
    val("field-selector", None),
    bool_flag("use-protocol-buffers", None),
    bool_flag("sum", None),
];

/// (millicores, bytes) a running container uses: 40% of its requests when it has them,
/// otherwise a small footprint typical of its image.
fn container_usage(ct: &Container) -> (i64, i64) {
    let req = ct.resources.as_ref().and_then(|r| r.requests.as_ref());
    let q = |name: &str| {
        req.and_then(|r| r.get(name))
            .and_then(|q| Quantity::parse(&q.0).ok())
    };
    let image = ct.image.as_deref().unwrap_or("");
    let base = image.rsplit('/').next().unwrap_or(image);
    let base = base.split([':', '@']).next().unwrap_or(base);
    let (cpu0, mem0_mi) = match base {
        "nginx" => (1, 3),
        "busybox" | "alpine" => (0, 1),
        "postgres" => (6, 28),
        "mysql" | "mariadb" => (9, 180),
        "redis" => (3, 4),
        "perl" => (2, 6),
        _ => (2, 8),
    };
    let cpu = q("cpu")
        .map(|q| (q.nanos() / 1_000_000 * 4 / 10) as i64)
        .unwrap_or(cpu0);
    let mem = q("memory")
        .map(|q| q.value() * 6 / 10)
        .unwrap_or(mem0_mi * 1024 * 1024);
    // A little per-container variation from the name, so rows are not all equal.
    let salt: i64 = ct.name.bytes().map(i64::from).sum::<i64>() % 5;
    (cpu + salt / 2, mem + salt * 256 * 1024)
}

fn running(p: &Pod) -> bool {
    p.status.as_ref().and_then(|s| s.phase.as_deref()) == Some("Running")
        && p.metadata.deletion_timestamp.is_none()
}

fn pod_usage(p: &Pod) -> Vec<(String, i64, i64)> {
    p.spec
        .iter()
        .flat_map(|s| s.containers.iter())
        .map(|ct| {
            let (c, m) = container_usage(ct);
            (ct.name.clone(), c, m)
        })
        .collect()
}

/// Renders rows as kubectl's metrics printer does: each cell padded to its column width plus 3
/// (tabwriter padding 3, every cell tab-terminated, so lines end in spaces).
fn render(rows: &[Vec<String>]) -> String {
    let cols = rows.first().map(Vec::len).unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0) + 3)
        .collect();
    let mut s = String::new();
    for r in rows {
        for (i, cell) in r.iter().enumerate() {
            s.push_str(cell);
            s.push_str(&" ".repeat(widths[i].saturating_sub(cell.chars().count())));
        }
        s.push('\n');
    }
    s
}

fn mi(bytes: i64) -> String {
    format!("{}Mi", bytes / (1024 * 1024))
}

/// `kubectl top`.
pub fn run(c: &mut Cluster, argv: &[String], out: &mut Output) {
    let Some(sub) = argv.first() else {
        return out.outln("Display resource (CPU/memory) usage.\n\n The top command allows you to see the resource consumption for nodes or pods.\n\n This command requires Metrics Server to be correctly configured and working on the server.\n\nAvailable Commands:\n  node          Display resource (CPU/memory) usage of nodes\n  pod           Display resource (CPU/memory) usage of pods\n\nUsage:\n  kubectl top [flags] [options]");
    };
    let which = match sub.as_str() {
        "node" | "nodes" | "no" => "node",
        "pod" | "pods" | "po" => "pod",
        "-h" | "--help" => return run(c, &[], out),
        other => {
            return out.fail(format!(
                "error: unknown command \"{other}\" for \"kubectl top\""
            ));
        }
    };
    let p = match args::parse(&argv[1..], FLAGS, &format!("top {which}")) {
        Ok(p) => p,
        Err(e) => return out.fail(e),
    };
    let selector = match p.get("selector").map(Selector::parse).transpose() {
        Ok(s) => s,
        Err(e) => return out.fail(format!("error: {e}")),
    };
    let pods: Vec<Pod> = c.store.list_typed::<Pod>(None).cloned().collect();
    if which == "node" {
        let mut rows = vec![vec![
            "NAME".to_string(),
            "CPU(cores)".into(),
            "CPU(%)".into(),
            "MEMORY(bytes)".into(),
            "MEMORY(%)".into(),
        ]];
        let nodes: Vec<Node> = c
            .store
            .list_typed::<Node>(None)
            .filter(|n| {
                selector
                    .as_ref()
                    .is_none_or(|s| s.matches_opt(n.metadata.labels.as_ref()))
            })
            .filter(|n| {
                p.args
                    .first()
                    .is_none_or(|name| n.metadata.name.as_deref() == Some(name))
            })
            .cloned()
            .collect();
        if let Some(name) = p.args.first()
            && nodes.is_empty()
        {
            return out.fail(format!(
                "Error from server (NotFound): nodes \"{name}\" not found"
            ));
        }
        for n in &nodes {
            let name = n.metadata.name.clone().unwrap_or_default();
            if !c.runtime.node_alive(&name) {
                rows.push(vec![
                    name,
                    "<unknown>".into(),
                    "<unknown>".into(),
                    "<unknown>".into(),
                    "<unknown>".into(),
                ]);
                continue;
            }
            // System daemons (kubelet, container runtime) use some on every node.
            let (mut cpu, mut mem) = (45_i64, 420 * 1024 * 1024_i64);
            for pod in pods.iter().filter(|p| {
                running(p) && p.spec.as_ref().and_then(|s| s.node_name.as_deref()) == Some(&name)
            }) {
                for (_, c_, m) in pod_usage(pod) {
                    cpu += c_;
                    mem += m;
                }
            }
            let alloc = n.status.as_ref().and_then(|s| s.allocatable.as_ref());
            let get = |k: &str| {
                alloc
                    .and_then(|a| a.get(k))
                    .and_then(|q| Quantity::parse(&q.0).ok())
            };
            let cpu_cap = get("cpu")
                .map(|q| (q.nanos() / 1_000_000) as i64)
                .unwrap_or(0);
            let mem_cap = get("memory").map(|q| q.value()).unwrap_or(0);
            let pct = |u: i64, cap: i64| {
                if cap > 0 {
                    format!("{}%", u * 100 / cap)
                } else {
                    "<unknown>".into()
                }
            };
            rows.push(vec![
                name,
                format!("{cpu}m"),
                pct(cpu, cpu_cap),
                mi(mem),
                pct(mem, mem_cap),
            ]);
        }
        if p.is("no-headers") {
            rows.remove(0);
        }
        out.out(render(&rows));
        return;
    }
    let all_ns = p.is("all-namespaces");
    let ns = namespace_of(&p);
    let containers = p.is("containers");
    let mut header = Vec::new();
    if all_ns {
        header.push("NAMESPACE".to_string());
    }
    header.push("NAME".into());
    if containers {
        header.push("NAME".into());
    }
    header.push("CPU(cores)".into());
    header.push("MEMORY(bytes)".into());
    let mut rows = vec![header];
    let wanted = p.args.first().cloned();
    let mut any = false;
    for pod in pods.iter().filter(|x| {
        running(x)
            && (all_ns || x.metadata.namespace.as_deref() == Some(ns.as_str()))
            && selector
                .as_ref()
                .is_none_or(|s| s.matches_opt(x.metadata.labels.as_ref()))
            && wanted
                .as_ref()
                .is_none_or(|w| x.metadata.name.as_deref() == Some(w))
    }) {
        any = true;
        let name = pod.metadata.name.clone().unwrap_or_default();
        let usage = pod_usage(pod);
        let mut prefix = Vec::new();
        if all_ns {
            prefix.push(pod.metadata.namespace.clone().unwrap_or_default());
        }
        prefix.push(name);
        if containers {
            for (cn, cpu, mem) in usage {
                let mut r = prefix.clone();
                r.extend([cn, format!("{cpu}m"), mi(mem)]);
                rows.push(r);
            }
        } else {
            let cpu: i64 = usage.iter().map(|u| u.1).sum();
            let mem: i64 = usage.iter().map(|u| u.2).sum();
            let mut r = prefix;
            r.extend([format!("{cpu}m"), mi(mem)]);
            rows.push(r);
        }
    }
    if !any {
        if let Some(w) = wanted {
            return out.fail(format!("error: pods \"{w}\" not found"));
        }
        if all_ns {
            return out.errln("No resources found");
        }
        return out.errln(format!("No resources found in {ns} namespace."));
    }
    if p.is("no-headers") {
        rows.remove(0);
    }
    out.out(render(&rows));
}
