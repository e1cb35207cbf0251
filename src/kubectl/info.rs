//! Informational verbs: `kubectl api-resources`, `version`, `config view` and `cluster-info`
//! (upstream `staging/src/k8s.io/kubectl/pkg/cmd/{apiresources,version,config,clusterinfo}/`).
//! `explain` lives in [`super::explain`].

use super::Output;
use super::args::{self, Flag, bool_flag, val};
use crate::sim::cluster::Cluster;
use crate::sim::object::Kind;

/// The address the simulated API server pretends to listen on.
pub const SERVER: &str = "https://127.0.0.1:6443";

/// `kubectl api-resources`: NAME SHORTNAMES APIVERSION NAMESPACED KIND, in discovery order
/// (core group first, then apps, batch, storage.k8s.io; resources by name within a group).
pub fn api_resources(argv: &[String], out: &mut Output) {
    let flags: &[Flag] = &[
        bool_flag("namespaced", None),
        val("api-group", None),
        val("output", Some('o')),
        bool_flag("no-headers", None),
        val("sort-by", None),
        val("verbs", None),
        bool_flag("cached", None),
        val("categories", None),
    ];
    let p = match args::parse(argv, flags, "api-resources") {
        Ok(p) => p,
        Err(e) => return out.fail(e),
    };
    let group_rank = |g: &str| match g {
        "" => 0,
        "apps" => 1,
        "batch" => 2,
        _ => 3,
    };
    let mut kinds: Vec<Kind> = Kind::ALL.to_vec();
    kinds.sort_by(|a, b| {
        let (ia, ib) = (a.info(), b.info());
        group_rank(ia.group)
            .cmp(&group_rank(ib.group))
            .then(ia.plural.cmp(ib.plural))
    });
    if let Some(ns) = p.get("namespaced") {
        let want = ns == "true";
        kinds.retain(|k| k.namespaced() == want);
    }
    if let Some(g) = p.get("api-group") {
        kinds.retain(|k| k.info().group == g);
    }
    if p.get("output") == Some("name") {
        for k in kinds {
            let i = k.info();
            if i.group.is_empty() {
                out.outln(i.plural);
            } else {
                out.outln(format!("{}.{}", i.plural, i.group));
            }
        }
        return;
    }
    let mut s = String::new();
    if !p.is("no-headers") {
        s.push_str("NAME\tSHORTNAMES\tAPIVERSION\tNAMESPACED\tKIND\n");
    }
    for k in kinds {
        let i = k.info();
        s.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\n",
            i.plural,
            i.short_names.join(","),
            i.api_version,
            i.namespaced,
            i.kind
        ));
    }
    out.out(super::table::tabwriter(&s));
}

/// `kubectl cluster-info` (kubectl colours the names; the simulator prints plain text so
/// transcripts and the TUI stay free of escape codes).
pub fn cluster_info(c: &Cluster, argv: &[String], out: &mut Output) {
    if argv.first().map(String::as_str) == Some("dump") {
        return out.fail(
            "error: cluster-info dump is not simulated; use kubectl get and kubectl describe",
        );
    }
    if let Err(e) = args::parse(argv, &[], "cluster-info") {
        return out.fail(e);
    }
    out.outln(format!("Kubernetes control plane is running at {SERVER}"));
    for svc in c
        .store
        .list_typed::<k8s_openapi::api::core::v1::Service>(Some("kube-system"))
    {
        let labels = svc.metadata.labels.clone().unwrap_or_default();
        if labels
            .get("kubernetes.io/cluster-service")
            .map(String::as_str)
            != Some("true")
        {
            continue;
        }
        let name = labels
            .get("kubernetes.io/name")
            .cloned()
            .unwrap_or_else(|| svc.metadata.name.clone().unwrap_or_default());
        let port = svc
            .spec
            .as_ref()
            .and_then(|s| s.ports.as_ref())
            .and_then(|p| p.first())
            .map(|p| p.name.clone().unwrap_or_else(|| p.port.to_string()))
            .unwrap_or_default();
        out.outln(format!(
            "{name} is running at {SERVER}/api/v1/namespaces/kube-system/services/{}:{port}/proxy",
            svc.metadata.name.as_deref().unwrap_or("")
        ));
    }
    out.outln("\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.");
}

/// The kubeconfig of the simulated cluster, as `kubectl config view` shows it (secrets
/// redacted as `DATA+OMITTED`).
pub const KUBECONFIG: &str = "apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: DATA+OMITTED
    server: https://127.0.0.1:6443
  name: kind-kubetutor
contexts:
- context:
    cluster: kind-kubetutor
    user: kind-kubetutor
  name: kind-kubetutor
current-context: kind-kubetutor
kind: Config
preferences: {}
users:
- name: kind-kubetutor
  user:
    client-certificate-data: DATA+OMITTED
    client-key-data: DATA+OMITTED
";

/// `kubectl config view|current-context|get-contexts`.
pub fn config(argv: &[String], out: &mut Output) {
    match argv.first().map(String::as_str) {
        Some("view") => out.out(KUBECONFIG),
        Some("current-context") => out.outln("kind-kubetutor"),
        Some("get-contexts") => out.out(super::table::tabwriter(
            "CURRENT\tNAME\tCLUSTER\tAUTHINFO\tNAMESPACE\n*\tkind-kubetutor\tkind-kubetutor\tkind-kubetutor\t\n",
        )),
        Some(other) if !other.starts_with('-') => out.fail(format!(
            "error: the simulated kubeconfig is read-only: `kubectl config {other}` is not available (try config view, current-context, get-contexts)"
        )),
        _ => out.outln("Modify kubeconfig files using subcommands like \"kubectl config set current-context my-context\".\n\nAvailable Commands:\n  current-context   Display the current-context\n  get-contexts      Describe one or many contexts\n  view              Display merged kubeconfig settings or a specified kubeconfig file\n\nUsage:\n  kubectl config SUBCOMMAND [options]"),
    }
}
