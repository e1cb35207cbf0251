//! The workloads the benchmarks run, shared by every bench file: a cluster of `nodes` workers with
//! a DaemonSet on every node and ten StatefulSets (Parallel pod management) and ten Deployments of
//! `5 * nodes` replicas each, so about 101 pods per node (1,000 nodes: 101,000 pods).

#![allow(dead_code)]

use kubetutor::kubectl::manifest::RealFs;
use kubetutor::runner::{self, ScriptCommand};
use kubetutor::sim::cluster::{Cluster, ClusterConfig};
use kubetutor::sim::pod::Pod;

/// StatefulSets and Deployments in the scale scenario (each).
pub const WORKLOADS: usize = 10;

/// A fresh cluster of `nodes` workers with the default seed and start.
pub fn cluster(nodes: usize) -> Cluster {
    Cluster::new(&ClusterConfig {
        workers: nodes,
        ..ClusterConfig::default()
    })
}

/// Runs script lines on `c`, panicking on a failing command (a broken benchmark must not pass).
pub fn run(c: &mut Cluster, script: &str) -> String {
    let cmds: Vec<ScriptCommand> = runner::parse_script(script).expect("script parses");
    let mut out = String::new();
    for cmd in &cmds {
        let o = runner::run_command(
            c,
            cmd,
            &RealFs {
                base: std::env::temp_dir(),
            },
        );
        assert_eq!(o.code, 0, "{}: {}", cmd.line, o.text());
        out.push_str(&o.text());
    }
    out
}

/// The manifests of the scale scenario for `nodes` workers, as one `kubectl apply` heredoc.
pub fn scale_script(nodes: usize) -> String {
    let replicas = 5 * nodes;
    let mut s = String::from("kubectl apply -f - <<EOF\n");
    s.push_str(
        "apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
      - name: agent
        image: busybox:1.36
        command: [sleep, infinity]
",
    );
    for i in 0..WORKLOADS {
        s.push_str(&format!(
            "---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db-{i}
spec:
  serviceName: db-{i}
  podManagementPolicy: Parallel
  replicas: {replicas}
  selector:
    matchLabels: {{app: db-{i}}}
  template:
    metadata:
      labels: {{app: db-{i}}}
    spec:
      containers:
      - name: db
        image: nginx:1.27
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-{i}
spec:
  replicas: {replicas}
  selector:
    matchLabels: {{app: web-{i}}}
  template:
    metadata:
      labels: {{app: web-{i}}}
    spec:
      containers:
      - name: web
        image: nginx:1.27
"
        ));
    }
    s.push_str("EOF\n");
    s
}

/// How many pods the scale scenario has for `nodes` workers.
pub fn expected_pods(nodes: usize) -> usize {
    // The DaemonSet does not tolerate the control-plane node's taint: one pod per worker.
    nodes + 2 * WORKLOADS * 5 * nodes
}

/// Builds the scale scenario and advances until every pod is Running; returns the cluster.
pub fn scale_up(nodes: usize) -> Cluster {
    let mut c = cluster(nodes);
    run(&mut c, &scale_script(nodes));
    run(&mut c, "sleep 2m");
    c
}

/// How many pods are Running.
pub fn running_pods(c: &Cluster) -> usize {
    c.store
        .list_typed::<Pod>(None)
        .filter(|p| p.status.as_ref().and_then(|s| s.phase.as_deref()) == Some("Running"))
        .count()
}

/// Peak resident memory of this process so far, in bytes (Linux `VmHWM`).
pub fn peak_rss() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|k| k.parse().ok()))
        })
        .map_or(0, |kb: u64| kb * 1024)
}
