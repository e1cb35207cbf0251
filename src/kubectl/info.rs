//! Informational verbs: `kubectl api-resources`, `version`, `config view`, `cluster-info` and
//! `explain` (upstream `staging/src/k8s.io/kubectl/pkg/cmd/{apiresources,version,config,
//! clusterinfo,explain}/`). `explain` uses a curated set of field descriptions taken from the
//! API's OpenAPI documentation (the k8s-openapi doc comments) for the fields the lessons use,
//! rather than compiling the whole schema in.

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

/// One curated `kubectl explain` entry: kind, dotted field path, type, enum values, text.
struct Field {
    kind: Kind,
    path: &'static str,
    ty: &'static str,
    enums: &'static [&'static str],
    text: &'static str,
}

const FIELDS: &[Field] = &[
    Field {
        kind: Kind::StatefulSet,
        path: "spec.podManagementPolicy",
        ty: "string",
        enums: &["OrderedReady", "Parallel"],
        text: "podManagementPolicy controls how pods are created during initial scale up, when replacing pods on nodes, or when scaling down. The default policy is `OrderedReady`, where pods are created in increasing order (pod-0, then pod-1, etc) and the controller will wait until each pod is ready before continuing. When scaling down, the pods are removed in the opposite order. The alternative policy is `Parallel` which will create pods in parallel to match the desired scale without waiting, and on scale down will delete all pods at once.",
    },
    Field {
        kind: Kind::StatefulSet,
        path: "spec.serviceName",
        ty: "string",
        enums: &[],
        text: "serviceName is the name of the service that governs this StatefulSet. This service must exist before the StatefulSet, and is responsible for the network identity of the set. Pods get DNS/hostnames that follow the pattern: pod-specific-string.serviceName.default.svc.cluster.local where \"pod-specific-string\" is managed by the StatefulSet controller.",
    },
    Field {
        kind: Kind::StatefulSet,
        path: "spec.persistentVolumeClaimRetentionPolicy",
        ty: "StatefulSetPersistentVolumeClaimRetentionPolicy",
        enums: &[],
        text: "persistentVolumeClaimRetentionPolicy describes the lifecycle of persistent volume claims created from volumeClaimTemplates. By default, all persistent volume claims are created as needed and retained until manually deleted. This policy allows the lifecycle to be altered, for example by deleting persistent volume claims when their stateful set is deleted, or when their pod is scaled down.",
    },
    Field {
        kind: Kind::Job,
        path: "spec.completions",
        ty: "integer",
        enums: &[],
        text: "Specifies the desired number of successfully finished pods the job should be run with.  Setting to null means that the success of any pod signals the success of all pods, and allows parallelism to have any positive value.  Setting to 1 means that parallelism is limited to 1 and the success of that pod signals the success of the job. More info: https://kubernetes.io/docs/concepts/workloads/controllers/jobs-run-to-completion/",
    },
    Field {
        kind: Kind::Job,
        path: "spec.parallelism",
        ty: "integer",
        enums: &[],
        text: "Specifies the maximum desired number of pods the job should run at any given time. The actual number of pods running in steady state will be less than this number when ((.spec.completions - .status.successful) < .spec.parallelism), i.e. when the work left to do is less than max parallelism. More info: https://kubernetes.io/docs/concepts/workloads/controllers/jobs-run-to-completion/",
    },
    Field {
        kind: Kind::Job,
        path: "spec.backoffLimit",
        ty: "integer",
        enums: &[],
        text: "Specifies the number of retries before marking this job failed. Defaults to 6, unless backoffLimitPerIndex (only Indexed Job) is specified. When backoffLimitPerIndex is specified, backoffLimit defaults to 2147483647.",
    },
    Field {
        kind: Kind::CronJob,
        path: "spec.schedule",
        ty: "string -required-",
        enums: &[],
        text: "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.",
    },
    Field {
        kind: Kind::CronJob,
        path: "spec.concurrencyPolicy",
        ty: "string",
        enums: &["Allow", "Forbid", "Replace"],
        text: "Specifies how to treat concurrent executions of a Job. Valid values are:\n\n- \"Allow\" (default): allows CronJobs to run concurrently; - \"Forbid\": forbids concurrent runs, skipping next run if previous run hasn't finished yet; - \"Replace\": cancels currently running job and replaces it with a new one",
    },
];

/// Word-wraps `text` to kubectl explain's 80 columns with a 4-space indent.
fn wrap(text: &str) -> String {
    let mut out = String::new();
    for para in text.split('\n') {
        if para.is_empty() {
            out.push('\n');
            continue;
        }
        let mut line = String::new();
        for w in para.split(' ') {
            if !line.is_empty() && line.len() + 1 + w.len() > 76 {
                out.push_str(&format!("    {line}\n"));
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(w);
        }
        out.push_str(&format!("    {line}\n"));
    }
    out
}

/// `kubectl explain TYPE.FIELD`.
pub fn explain(argv: &[String], out: &mut Output) {
    let p = match args::parse(
        argv,
        &[
            bool_flag("recursive", None),
            val("api-version", None),
            val("output", Some('o')),
        ],
        "explain",
    ) {
        Ok(p) => p,
        Err(e) => return out.fail(e),
    };
    let Some(arg) = p.args.first() else {
        return out.fail("error: You must specify the type of resource to explain. Use \"kubectl api-resources\" for a complete list of supported resources.");
    };
    let (ty, path) = arg.split_once('.').unwrap_or((arg.as_str(), ""));
    let Some(kind) = super::resources::resolve(ty) else {
        return out.fail(format!(
            "error: the server doesn't have a resource type \"{ty}\""
        ));
    };
    let info = kind.info();
    let version = info.api_version.rsplit('/').next().unwrap_or("v1");
    let head = format!(
        "GROUP:      {}\nKIND:       {}\nVERSION:    {version}\n\n",
        info.group, info.kind
    );
    let head = if info.group.is_empty() {
        format!("KIND:       {}\nVERSION:    {version}\n\n", info.kind)
    } else {
        head
    };
    if path.is_empty() {
        let fields: Vec<&Field> = FIELDS.iter().filter(|f| f.kind == kind).collect();
        let mut s = format!(
            "{head}DESCRIPTION:\n{}\n",
            wrap(&format!(
                "{} is an API object of the simulated cluster. Fields with curated documentation here:",
                info.kind
            ))
        );
        for f in fields {
            s.push_str(&format!("  {}\t<{}>\n", f.path, f.ty));
        }
        return out.out(s);
    }
    match FIELDS
        .iter()
        .find(|f| f.kind == kind && f.path.eq_ignore_ascii_case(path))
    {
        Some(f) => {
            let field = f.path.rsplit('.').next().unwrap_or(f.path);
            let mut s = format!("{head}FIELD: {field} <{}>\n", f.ty);
            if !f.enums.is_empty() {
                s.push_str("ENUM:\n");
                for e in f.enums {
                    s.push_str(&format!("    {e}\n"));
                }
            }
            s.push_str(&format!("\nDESCRIPTION:\n{}\n", wrap(f.text)));
            out.out(s);
        }
        None => {
            let known: Vec<&str> = FIELDS
                .iter()
                .filter(|f| f.kind == kind)
                .map(|f| f.path)
                .collect();
            out.fail(format!(
                "error: field \"{path}\" is not documented in the simulator's explain (documented for {}: {})",
                info.plural,
                if known.is_empty() { "none".to_string() } else { known.join(", ") }
            ));
        }
    }
}
