//! Node maintenance verbs: `kubectl cordon`, `uncordon`, `drain` (upstream
//! `staging/src/k8s.io/kubectl/pkg/cmd/drain/drain.go`, `pkg/drain/{drain,filters,cordon}.go`)
//! and `kubectl taint` (`pkg/cmd/taint/taint.go`, helpers in [`crate::sim::taints`]).
//! Draining evicts pods and waits for them to terminate gracefully, so virtual time passes.

use super::args::{self, Flag, bool_flag, val};
use super::common::{go_duration, wait_until};
use super::{Output, namespace_of};
use crate::sim::api::server::DeleteOptions;
use crate::sim::cluster::Cluster;
use crate::sim::labels::Selector;
use crate::sim::object::{Kind, Object};
use crate::sim::pod::Pod;
use crate::sim::podutil::controller_ref;
use crate::sim::store::ObjKey;
use crate::sim::taints;
use jiff::SignedDuration;
use k8s_openapi::api::core::v1::Node;

const CORDON_FLAGS: &[Flag] = &[val("selector", Some('l')), val("dry-run", None)];

const DRAIN_FLAGS: &[Flag] = &[
    val("selector", Some('l')),
    val("dry-run", None),
    bool_flag("force", None),
    bool_flag("ignore-daemonsets", None),
    bool_flag("delete-emptydir-data", None),
    bool_flag("delete-local-data", None),
    val("grace-period", None),
    val("timeout", None),
    val("pod-selector", None),
    bool_flag("disable-eviction", None),
    bool_flag("ignore-errors", None),
    val("skip-wait-for-delete-timeout", None),
    val("chunk-size", None),
];

const TAINT_FLAGS: &[Flag] = &[
    bool_flag("overwrite", None),
    bool_flag("all", None),
    val("selector", Some('l')),
    val("dry-run", None),
    val("output", Some('o')),
    bool_flag("validate", None),
    val("field-manager", None),
];

/// How long a drain waits for evicted pods when `--timeout` is not given: kubectl waits
/// forever; a pod on a dead node would never go, so the simulation stops after this much
/// virtual time.
const DRAIN_CAP: SignedDuration = SignedDuration::from_secs(600);

fn help_for(cmd: &str) -> String {
    match cmd {
        "cordon" => "Mark node as unschedulable.\n\nExamples:\n  # Mark node \"foo\" as unschedulable\n  kubectl cordon foo\n\nOptions:\n    --dry-run='none':\n\tMust be \"none\", \"server\", or \"client\".\n\n    -l, --selector='':\n\tSelector (label query) to filter on\n\nUsage:\n  kubectl cordon NODE [options]".into(),
        "uncordon" => "Mark node as schedulable.\n\nExamples:\n  # Mark node \"foo\" as schedulable\n  kubectl uncordon foo\n\nOptions:\n    --dry-run='none':\n\tMust be \"none\", \"server\", or \"client\".\n\n    -l, --selector='':\n\tSelector (label query) to filter on\n\nUsage:\n  kubectl uncordon NODE [options]".into(),
        "drain" => "Drain node in preparation for maintenance.\n\n The given node will be marked unschedulable to prevent new pods from arriving. 'drain' evicts the pods if the API server supports https://kubernetes.io/docs/concepts/workloads/pods/disruptions/ eviction https://kubernetes.io/docs/concepts/workloads/pods/disruptions/ . Otherwise, it will use normal DELETE to delete the pods. The 'drain' evicts or deletes all pods except mirror pods (which cannot be deleted through the API server).  If there are daemon set-managed pods, drain will not proceed without --ignore-daemonsets, and regardless it will not delete any daemon set-managed pods, because those pods would be immediately replaced by the daemon set controller, which ignores unschedulable markings.  If there are any pods that are neither mirror pods nor managed by a replication controller, replica set, daemon set, stateful set, or job, then drain will not delete any pods unless you use --force.  --force will also allow deletion to proceed if the managing resource of one or more pods is missing.\n\n 'drain' waits for graceful termination. You should not operate on the machine until the command completes.\n\n When you are ready to put the node back into service, use kubectl uncordon, which will make the node schedulable again.\n\nExamples:\n  # Drain node \"foo\", even if there are pods not managed by a replication controller, replica set, job, daemon set, or stateful set on it\n  kubectl drain foo --force\n\n  # As above, but abort if there are pods not managed by a replication controller, replica set, job, daemon set, or stateful set, and use a grace period of 15 minutes\n  kubectl drain foo --grace-period=900\n\nOptions:\n    --delete-emptydir-data=false:\n\tContinue even if there are pods using emptyDir (local data that will be deleted when the node is drained).\n\n    --force=false:\n\tContinue even if there are pods that do not declare a controller.\n\n    --grace-period=-1:\n\tPeriod of time in seconds given to each pod to terminate gracefully. If negative, the default value specified in the pod will be used.\n\n    --ignore-daemonsets=false:\n\tIgnore DaemonSet-managed pods.\n\n    --pod-selector='':\n\tLabel selector to filter pods on the node\n\n    -l, --selector='':\n\tSelector (label query) to filter on\n\n    --timeout=0s:\n\tThe length of time to wait before giving up, zero means infinite\n\nUsage:\n  kubectl drain NODE [options]".into(),
        _ => "Update the taints on one or more nodes.\n\n  *  A taint consists of a key, value, and effect. As an argument here, it is expressed as key=value:effect.\n  *  The key must begin with a letter or number, and may contain letters, numbers, hyphens, dots, and underscores, up to 253 characters.\n  *  Optionally, the key can begin with a DNS subdomain prefix and a single '/', like example.com/my-app.\n  *  The value is optional. If given, it must begin with a letter or number, and may contain letters, numbers, hyphens, dots, and underscores, up to 63 characters.\n  *  The effect must be NoSchedule, PreferNoSchedule or NoExecute.\n  *  Currently taint can only apply to node.\n\nExamples:\n  # Update node 'foo' with a taint with key 'dedicated' and value 'special-user' and effect 'NoSchedule'\n  # If a taint with that key and effect already exists, its value is replaced as specified\n  kubectl taint nodes foo dedicated=special-user:NoSchedule\n\n  # Remove from node 'foo' the taint with key 'dedicated' and effect 'NoSchedule' if one exists\n  kubectl taint nodes foo dedicated:NoSchedule-\n\n  # Remove from node 'foo' all the taints with key 'dedicated'\n  kubectl taint nodes foo dedicated-\n\n  # Add a taint with key 'dedicated' on nodes having label myLabel=X\n  kubectl taint node -l myLabel=X  dedicated=foo:PreferNoSchedule\n\n  # Add to node 'foo' a taint with key 'bar' and no value\n  kubectl taint nodes foo bar:NoSchedule\n\nOptions:\n    --all=false:\n\tSelect all nodes in the cluster\n\n    --overwrite=false:\n\tIf true, allow taints to be overwritten, otherwise reject taint updates that overwrite existing taints.\n\n    -l, --selector='':\n\tSelector (label query) to filter on\n\nUsage:\n  kubectl taint NODE NAME KEY_1=VAL_1:TAINT_EFFECT_1 ... KEY_N=VAL_N:TAINT_EFFECT_N [options]".into(),
    }
}

/// The nodes named by `NODE...` (bare names or `node/NAME`) or `-l`.
fn node_names(c: &Cluster, p: &args::Parsed, cmd: &str) -> Result<Vec<String>, String> {
    if let Some(sel) = p.get("selector") {
        if !p.args.is_empty() {
            return Err("error: cannot specify both a node name and a --selector option".into());
        }
        let s = Selector::parse(sel).map_err(|e| format!("error: {e}"))?;
        return Ok(c
            .store
            .list(Kind::Node, None)
            .filter(|n| s.matches_opt(n.meta().labels.as_ref()))
            .map(|n| n.name().to_string())
            .collect());
    }
    if p.args.is_empty() {
        return Err(format!(
            "error: USAGE: {cmd} NODE [flags]\nSee 'kubectl {cmd} -h' for help and examples"
        ));
    }
    let mut out = Vec::new();
    for a in &p.args {
        let name = match a.split_once('/') {
            Some((t, n)) => {
                if super::resources::resolve(t) != Some(Kind::Node) {
                    return Err("error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'".to_string());
                }
                n
            }
            None => a.as_str(),
        };
        if c.store.get(Kind::Node, "", name).is_none() {
            return Err(format!(
                "Error from server (NotFound): nodes \"{name}\" not found"
            ));
        }
        out.push(name.to_string());
    }
    Ok(out)
}

fn dry_run(p: &args::Parsed) -> Result<bool, String> {
    match p.get("dry-run") {
        None | Some("none") | Some("false") => Ok(false),
        Some("client") | Some("server") | Some("true") => Ok(true),
        Some(o) => Err(format!(
            "error: Invalid dry-run value ({o}). Must be \"none\", \"server\", or \"client\"."
        )),
    }
}

/// Sets `spec.unschedulable`, printing kubectl's line; returns false when the node is gone.
fn cordon_one(c: &mut Cluster, name: &str, desired: bool, dry: bool, out: &mut Output) {
    let Some(mut node) = c.store.get_typed::<Node>("", name).cloned() else {
        return;
    };
    let cur = node.spec.as_ref().and_then(|s| s.unschedulable) == Some(true);
    let suffix = if dry { " (dry run)" } else { "" };
    let verb = if desired { "cordoned" } else { "uncordoned" };
    if cur == desired {
        out.outln(format!("node/{name} already {verb}{suffix}"));
        return;
    }
    if !dry {
        node.spec.get_or_insert_with(Default::default).unschedulable = desired.then_some(true);
        if let Err(e) = c.api_update(node.into()) {
            out.errln(format!(
                "error: unable to {} node \"{name}\": {e}",
                if desired { "cordon" } else { "uncordon" }
            ));
            return;
        }
        c.settle();
    }
    out.outln(format!("node/{name} {verb}{suffix}"));
}

/// `kubectl cordon` / `kubectl uncordon`.
pub fn cordon(c: &mut Cluster, argv: &[String], desired: bool, out: &mut Output) {
    let cmd = if desired { "cordon" } else { "uncordon" };
    let p = match args::parse(argv, CORDON_FLAGS, cmd) {
        Ok(p) => p,
        Err(e) => return out.fail(e),
    };
    if p.is("help") {
        return out.outln(help_for(cmd));
    }
    let dry = match dry_run(&p) {
        Ok(d) => d,
        Err(e) => return out.fail(e),
    };
    let names = match node_names(c, &p, cmd) {
        Ok(n) => n,
        Err(e) => return out.fail(e),
    };
    for n in names {
        cordon_one(c, &n, desired, dry, out);
    }
}

/// What the drain filters decided for one pod (`pkg/drain/filters.go`).
enum Verdict {
    Delete,
    Skip,
    Warn(bool, String),
    Error(String),
}

struct DrainOpts {
    force: bool,
    ignore_ds: bool,
    delete_emptydir: bool,
}

fn finished(p: &Pod) -> bool {
    matches!(
        p.status.as_ref().and_then(|s| s.phase.as_deref()),
        Some("Succeeded") | Some("Failed")
    )
}

/// `makeFilters`: skipDeleted, daemonSet, mirrorPod, localStorage, unreplicated, in order,
/// stopping at the first that keeps the pod.
fn filter(c: &Cluster, pod: &Pod, o: &DrainOpts) -> Verdict {
    // daemonSetFilter
    if let Some(r) = controller_ref(&pod.metadata)
        && r.kind == "DaemonSet"
        && !finished(pod)
    {
        let ns = pod.metadata.namespace.as_deref().unwrap_or("");
        if c.store.get(Kind::DaemonSet, ns, &r.name).is_none() {
            let msg = format!("daemonsets.apps \"{}\" not found", r.name);
            if !o.force {
                return Verdict::Error(msg);
            }
        } else if !o.ignore_ds {
            return Verdict::Error(
                "cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore)".into(),
            );
        } else {
            return Verdict::Warn(false, "ignoring DaemonSet-managed Pods".into());
        }
    }
    // mirrorPodFilter
    if pod
        .metadata
        .annotations
        .as_ref()
        .is_some_and(|a| a.contains_key("kubernetes.io/config.mirror"))
    {
        return Verdict::Skip;
    }
    // localStorageFilter
    let local = pod
        .spec
        .as_ref()
        .and_then(|s| s.volumes.as_ref())
        .is_some_and(|v| v.iter().any(|v| v.source.empty_dir.is_some()));
    // Its "deleting Pods with local storage" warning is overwritten by the next filter, as
    // upstream's TODO notes.
    if local && !finished(pod) && !o.delete_emptydir {
        return Verdict::Error(
            "cannot delete Pods with local storage (use --delete-emptydir-data to override)".into(),
        );
    }
    // unreplicatedFilter
    if finished(pod) || controller_ref(&pod.metadata).is_some() {
        // The last filter's status wins (upstream drops earlier warnings here).
        Verdict::Delete
    } else if o.force {
        Verdict::Warn(true, "deleting Pods that declare no controller".into())
    } else {
        Verdict::Error(
            "cannot delete Pods that declare no controller (use --force to override)".into(),
        )
    }
}

/// `kubectl drain`.
pub fn drain(c: &mut Cluster, argv: &[String], out: &mut Output) {
    let p = match args::parse(argv, DRAIN_FLAGS, "drain") {
        Ok(p) => p,
        Err(e) => return out.fail(e),
    };
    if p.is("help") {
        return out.outln(help_for("drain"));
    }
    let dry = match dry_run(&p) {
        Ok(d) => d,
        Err(e) => return out.fail(e),
    };
    let grace: i64 = match p.get("grace-period").map(str::parse::<i64>).transpose() {
        Ok(g) => g.unwrap_or(-1),
        Err(_) => {
            let v = p.get("grace-period").unwrap_or("");
            return out.fail(format!("error: invalid argument \"{v}\" for \"--grace-period\" flag: strconv.ParseInt: parsing \"{v}\": invalid syntax\nSee 'kubectl drain --help' for usage."));
        }
    };
    let timeout = match p
        .get("timeout")
        .map(|t| go_duration("timeout", t))
        .transpose()
    {
        Ok(t) => t.unwrap_or_default(),
        Err(e) => return out.fail(e),
    };
    let pod_selector = match p.get("pod-selector").map(Selector::parse).transpose() {
        Ok(s) => s,
        Err(_) => {
            return out.fail("error: --pod-selector=<pod_selector> must be a valid label selector");
        }
    };
    let opts = DrainOpts {
        force: p.is("force"),
        ignore_ds: p.is("ignore-daemonsets"),
        delete_emptydir: p.is("delete-emptydir-data") || p.is("delete-local-data"),
    };
    if p.is("delete-local-data") {
        out.errln("Flag --delete-local-data has been deprecated, This option is deprecated and will be deleted. Use --delete-emptydir-data.");
    }
    let names = match node_names(c, &p, "drain") {
        Ok(n) => n,
        Err(e) => return out.fail(e),
    };
    for n in &names {
        cordon_one(c, n, true, dry, out);
    }
    let multi = names.len() > 1;
    let mut drained: Vec<String> = Vec::new();
    for name in &names {
        match drain_node(
            c,
            name,
            &opts,
            pod_selector.as_ref(),
            grace,
            timeout,
            dry,
            out,
        ) {
            Ok(()) => {
                drained.push(name.clone());
                out.outln(format!(
                    "node/{name} drained{}",
                    if dry { " (dry run)" } else { "" }
                ));
            }
            Err(e) => {
                if p.is("ignore-errors") && multi {
                    out.errln(format!(
                        "error: unable to drain node \"{name}\" due to error:{e}, continuing command..."
                    ));
                    continue;
                }
                out.errln(format!(
                    "error: unable to drain node \"{name}\", aborting command...\n"
                ));
                let remaining: Vec<&String> =
                    names.iter().filter(|n| !drained.contains(n)).collect();
                if !remaining.is_empty() {
                    out.errln("There are pending nodes to be drained:");
                    for r in remaining {
                        out.errln(format!(" {r}"));
                    }
                }
                return out.fail(format!("error: {e}"));
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn drain_node(
    c: &mut Cluster,
    node: &str,
    opts: &DrainOpts,
    pod_selector: Option<&Selector>,
    grace: i64,
    timeout: SignedDuration,
    dry: bool,
    out: &mut Output,
) -> Result<(), String> {
    let pods: Vec<Pod> = c
        .store
        .list_typed::<Pod>(None)
        .filter(|p| p.spec.as_ref().and_then(|s| s.node_name.as_deref()) == Some(node))
        .filter(|p| pod_selector.is_none_or(|s| s.matches_opt(p.metadata.labels.as_ref())))
        .cloned()
        .collect();
    let mut to_delete: Vec<Pod> = Vec::new();
    let mut warnings: Vec<(String, Vec<String>)> = Vec::new();
    let mut errors: Vec<(String, Vec<String>)> = Vec::new();
    for pod in pods {
        let id = format!(
            "{}/{}",
            pod.metadata.namespace.as_deref().unwrap_or(""),
            pod.metadata.name.as_deref().unwrap_or("")
        );
        match filter(c, &pod, opts) {
            Verdict::Delete => to_delete.push(pod),
            Verdict::Skip => {}
            Verdict::Warn(del, msg) => {
                match warnings.iter_mut().find(|w| w.0 == msg) {
                    Some(w) => w.1.push(id),
                    None => warnings.push((msg, vec![id])),
                }
                if del {
                    to_delete.push(pod);
                }
            }
            Verdict::Error(msg) => match errors.iter_mut().find(|w| w.0 == msg) {
                Some(w) => w.1.push(id),
                None => errors.push((msg, vec![id])),
            },
        }
    }
    if !errors.is_empty() {
        errors.sort();
        let msgs: Vec<String> = errors
            .iter()
            .map(|(m, p)| format!("{m}: {}", p.join(", ")))
            .collect();
        return Err(if msgs.len() == 1 {
            msgs[0].clone()
        } else {
            format!("[{}]", msgs.join(", "))
        });
    }
    if !warnings.is_empty() {
        warnings.sort();
        let w: Vec<String> = warnings
            .iter()
            .map(|(m, p)| format!("{m}: {}", p.join(", ")))
            .collect();
        out.errln(format!("WARNING: {}", w.join("; ")));
    }
    if dry {
        for p in &to_delete {
            out.outln(format!(
                "evicting pod {}/{} (dry run)",
                p.metadata.namespace.as_deref().unwrap_or(""),
                p.metadata.name.as_deref().unwrap_or("")
            ));
        }
        return Ok(());
    }
    let mut pending: Vec<(ObjKey, String)> = Vec::new();
    for p in &to_delete {
        let ns = p.metadata.namespace.clone().unwrap_or_default();
        let name = p.metadata.name.clone().unwrap_or_default();
        out.outln(format!("evicting pod {ns}/{name}"));
        let del = DeleteOptions {
            grace_period: (grace >= 0).then_some(grace),
            ..Default::default()
        };
        match c.api_delete(Kind::Pod, &ns, &name, del) {
            Ok(_) => pending.push((
                ObjKey::new(Kind::Pod, &ns, &name),
                p.metadata.uid.clone().unwrap_or_default(),
            )),
            Err(e) => return Err(e.status_message()),
        }
    }
    c.settle();
    let deadline = c
        .now()
        .checked_add(if timeout.is_positive() {
            timeout
        } else {
            DRAIN_CAP
        })
        .ok();
    let gone = |c: &Cluster, k: &ObjKey, uid: &str| {
        c.store
            .get_key(k)
            .is_none_or(|o| o.meta().uid.as_deref() != Some(uid))
    };
    let mut reported: Vec<ObjKey> = Vec::new();
    let done = wait_until(
        c,
        deadline,
        |c| {
            for (k, uid) in &pending {
                if !reported.contains(k) && gone(c, k, uid) {
                    reported.push(k.clone());
                }
            }
        },
        |c| pending.iter().all(|(k, uid)| gone(c, k, uid)),
    );
    for k in &reported {
        out.outln(format!("pod/{} evicted", k.name));
    }
    if !done {
        out.errln(format!(
            "There are pending pods in node \"{node}\" when an error occurred: drain did not complete within {}",
            go_duration_string(if timeout.is_positive() { timeout } else { DRAIN_CAP })
        ));
        for (k, uid) in &pending {
            if !gone(c, k, uid) {
                out.errln(format!("pod/{}", k.name));
            }
        }
        return Err(format!(
            "drain did not complete within {}",
            go_duration_string(if timeout.is_positive() {
                timeout
            } else {
                DRAIN_CAP
            })
        ));
    }
    Ok(())
}

/// Go's `time.Duration.String()` for whole seconds (`30s`, `5m0s`, `1h0m0s`).
pub fn go_duration_string(d: SignedDuration) -> String {
    let total = d.as_secs();
    let ms = d.subsec_millis();
    let (h, m, s) = (total / 3600, (total % 3600) / 60, total % 60);
    let secs = if ms > 0 {
        format!("{s}.{:03}", ms).trim_end_matches('0').to_string()
    } else {
        s.to_string()
    };
    if h > 0 {
        format!("{h}h{m}m{secs}s")
    } else if m > 0 {
        format!("{m}m{secs}s")
    } else {
        format!("{secs}s")
    }
}

/// `kubectl taint`.
pub fn taint(c: &mut Cluster, argv: &[String], out: &mut Output) {
    let p = match args::parse(argv, TAINT_FLAGS, "taint") {
        Ok(p) => p,
        Err(e) => return out.fail(e),
    };
    if p.is("help") {
        return out.outln(help_for("taint"));
    }
    let dry = match dry_run(&p) {
        Ok(d) => d,
        Err(e) => return out.fail(e),
    };
    let _ = namespace_of(&p);
    let mut resources: Vec<String> = Vec::new();
    let mut specs: Vec<&str> = Vec::new();
    for a in &p.args {
        let is_taint = a.contains('=') || a.contains(':') || a.ends_with('-');
        if is_taint {
            specs.push(a);
        } else if !specs.is_empty() {
            return out.fail(format!(
                "error: all resources must be specified before taint changes: {a}"
            ));
        } else {
            resources.push(a.clone());
        }
    }
    let (to_add, to_remove) = match taints::parse_taints(&specs) {
        Ok(x) => x,
        Err(e) => return out.fail(format!("error: {e}")),
    };
    if resources.is_empty() {
        return out.fail("error: one or more resources must be specified as <resource> <name>");
    }
    if specs.is_empty() {
        return out.fail("error: at least one taint update is required");
    }
    let first = resources[0].to_ascii_lowercase();
    let (rtype, mut names) = match first.split_once('/') {
        Some((t, _)) => (
            t.to_string(),
            resources
                .iter()
                .map(|r| r.split_once('/').map(|x| x.1).unwrap_or(r).to_string())
                .collect::<Vec<_>>(),
        ),
        None => (first.clone(), resources[1..].to_vec()),
    };
    if rtype != "node" && rtype != "nodes" {
        return out.fail(format!(
            "error: invalid resource type {}, only [\"node\" \"nodes\"] are supported",
            resources[0]
        ));
    }
    if let Err(e) = taints::validate_taint_changes(&to_add, &to_remove) {
        return out.fail(format!("error: {e}"));
    }
    if p.is("all") || p.has("selector") {
        if !names.is_empty() {
            return out
                .fail("error: setting 'all' parameter or a selector but a name was specified");
        }
        let sel = match p.get("selector").map(Selector::parse).transpose() {
            Ok(s) => s,
            Err(e) => return out.fail(format!("error: {e}")),
        };
        names = c
            .store
            .list(Kind::Node, None)
            .filter(|n| {
                sel.as_ref()
                    .is_none_or(|s| s.matches_opt(n.meta().labels.as_ref()))
            })
            .map(|n| n.name().to_string())
            .collect();
    } else if names.is_empty() {
        return out.fail(
            "error: at least one resource name must be specified since 'all' parameter is not set",
        );
    }
    let mut errs: Vec<String> = Vec::new();
    for name in names {
        let Some(mut node) = c.store.get_typed::<Node>("", &name).cloned() else {
            out.fail(format!(
                "Error from server (NotFound): nodes \"{name}\" not found"
            ));
            continue;
        };
        let old = node
            .spec
            .as_ref()
            .and_then(|s| s.taints.clone())
            .unwrap_or_default();
        match taints::update_node_taints(&name, &old, p.is("overwrite"), &to_add, &to_remove) {
            Ok((op, new)) => {
                if !dry {
                    node.spec.get_or_insert_with(Default::default).taints =
                        (!new.is_empty()).then_some(new);
                    if let Err(e) = c.api_update(Object::Node(std::sync::Arc::new(node))) {
                        errs.push(e.to_string());
                        continue;
                    }
                    c.settle();
                }
                out.outln(format!(
                    "node/{name} {op}{}",
                    if dry { " (dry run)" } else { "" }
                ));
            }
            Err(e) => errs.push(e),
        }
    }
    match errs.len() {
        0 => {}
        1 => out.fail(format!("error: {}", errs[0])),
        _ => out.fail(format!("error: [{}]", errs.join(", "))),
    }
}
