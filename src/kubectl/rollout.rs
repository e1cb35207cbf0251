//! `kubectl rollout status|history|undo|restart|pause|resume` for Deployments, StatefulSets and
//! DaemonSets (upstream `staging/src/k8s.io/kubectl/pkg/cmd/rollout/` and
//! `pkg/polymorphichelpers/{rollout_status,history,rollback,objectrestarter,objectpauser,
//! objectresumer}.go`). `status` lets virtual time run while it waits.

use super::Output;
use super::args::{self, Flag, bool_flag, val};
use super::common::{self, deadline, fetch, go_duration, ref_name, wait_until};
use crate::sim::cluster::Cluster;
use crate::sim::object::{Kind, Object, Typed};
use crate::sim::podutil::is_controlled_by;
use crate::sim::store::ObjKey;
use k8s_openapi::api::apps::v1::{ControllerRevision, Deployment, ReplicaSet};
use k8s_openapi::api::core::v1::PodTemplateSpec;
use std::collections::BTreeMap;

/// The annotation `kubectl rollout history` shows as CHANGE-CAUSE.
pub const CHANGE_CAUSE: &str = "kubernetes.io/change-cause";
/// The pod template annotation `rollout restart` sets.
pub const RESTARTED_AT: &str = "kubectl.kubernetes.io/restartedAt";
const REVISION: &str = "deployment.kubernetes.io/revision";

const STATUS_FLAGS: &[Flag] = &[
    bool_flag("watch", Some('w')),
    val("timeout", None),
    val("revision", None),
    val("selector", Some('l')),
    val("filename", Some('f')),
    bool_flag("recursive", Some('R')),
];
const HISTORY_FLAGS: &[Flag] = &[
    val("revision", None),
    val("selector", Some('l')),
    val("output", Some('o')),
    val("filename", Some('f')),
    bool_flag("recursive", Some('R')),
];
const UNDO_FLAGS: &[Flag] = &[
    val("to-revision", None),
    val("selector", Some('l')),
    val("dry-run", None),
    val("output", Some('o')),
    val("filename", Some('f')),
    bool_flag("recursive", Some('R')),
];
const SIMPLE_FLAGS: &[Flag] = &[
    val("selector", Some('l')),
    val("output", Some('o')),
    val("field-manager", None),
    val("filename", Some('f')),
    bool_flag("recursive", Some('R')),
];

/// `kubectl rollout` help (abridged from `rollout.go`).
pub const HELP: &str = "Manage the rollout of one or many resources.

 Valid resource types include:

  *  deployments
  *  daemonsets
  *  statefulsets

Examples:
  # Rollback to the previous deployment
  kubectl rollout undo deployment/abc

  # Check the rollout status of a daemonset
  kubectl rollout status daemonset/foo

  # Restart a deployment
  kubectl rollout restart deployment/abc

  # Restart deployments with the 'app=nginx' label
  kubectl rollout restart deployment --selector=app=nginx

Available Commands:
  history       View rollout history
  pause         Mark the provided resource as paused
  restart       Restart a resource
  resume        Resume a paused resource
  status        Show the status of the rollout
  undo          Undo a previous rollout

Usage:
  kubectl rollout SUBCOMMAND [options]

Use \"kubectl rollout <command> --help\" for more information about a given command.";

/// `kubectl rollout SUBCOMMAND`.
pub fn run(c: &mut Cluster, argv: &[String], out: &mut Output) {
    let Some(sub) = argv.first() else {
        out.outln(HELP);
        return;
    };
    let rest = &argv[1..];
    match sub.as_str() {
        "status" => status(c, rest, out),
        "history" => history(c, rest, out),
        "undo" => undo(c, rest, out),
        "restart" => simple(c, rest, out, Action::Restart),
        "pause" => simple(c, rest, out, Action::Pause),
        "resume" => simple(c, rest, out, Action::Resume),
        "-h" | "--help" | "help" => out.outln(HELP),
        other => out.fail(format!(
            "error: unknown command \"{other}\" for \"kubectl rollout\"{}",
            suggest(other)
        )),
    }
}

fn suggest(word: &str) -> String {
    let subs = ["history", "pause", "restart", "resume", "status", "undo"];
    let hits: Vec<String> = subs
        .iter()
        .filter(|s| super::edit_distance(s, word) <= 2)
        .map(|s| format!("\t{s}"))
        .collect();
    if hits.is_empty() {
        String::new()
    } else {
        format!("\n\nDid you mean this?\n{}", hits.join("\n"))
    }
}

fn parse(argv: &[String], flags: &[Flag], cmd: &str, out: &mut Output) -> Option<args::Parsed> {
    match args::parse(argv, flags, cmd) {
        Ok(p) if p.is("help") => {
            out.outln(sub_help(cmd));
            None
        }
        Ok(p) => Some(p),
        Err(e) => {
            out.fail(e);
            None
        }
    }
}

fn sub_help(cmd: &str) -> String {
    let (what, usage) = match cmd {
        "rollout status" => (
            "Show the status of the rollout.\n\n By default 'rollout status' will watch the status of the latest rollout until it's done. If you don't want to wait for the rollout to finish then you can use --watch=false. Note that if a new rollout starts in-between, then 'rollout status' will continue watching the latest revision. If you want to pin to a specific revision and abort if it is rolled over by another revision, use --revision=N where N is the revision you need to watch for.\n\nExamples:\n  # Watch the rollout status of a deployment\n  kubectl rollout status deployment/nginx\n\nOptions:\n    --revision=0:\n\tPin to a specific revision for showing its status. Defaults to 0 (last revision).\n\n    --timeout=0s:\n\tThe length of time to wait before ending watch, zero means never. Any other values should contain a corresponding time unit (e.g. 1s, 2m, 3h).\n\n    -w, --watch=true:\n\tWatch the status of the rollout until it's done.",
            "kubectl rollout status (TYPE NAME | TYPE/NAME) [flags] [options]",
        ),
        "rollout history" => (
            "View previous rollout revisions and configurations.\n\nExamples:\n  # View the rollout history of a deployment\n  kubectl rollout history deployment/abc\n\n  # View the details of daemonset revision 3\n  kubectl rollout history daemonset/abc --revision=3\n\nOptions:\n    --revision=0:\n\tSee the details, including podTemplate of the revision specified",
            "kubectl rollout history (TYPE NAME | TYPE/NAME) [flags] [options]",
        ),
        "rollout undo" => (
            "Roll back to a previous rollout.\n\nExamples:\n  # Roll back to the previous deployment\n  kubectl rollout undo deployment/abc\n\n  # Roll back to daemonset revision 3\n  kubectl rollout undo daemonset/abc --to-revision=3\n\nOptions:\n    --to-revision=0:\n\tThe revision to rollback to. Default to 0 (last revision).",
            "kubectl rollout undo (TYPE NAME | TYPE/NAME) [flags] [options]",
        ),
        "rollout restart" => (
            "Restart a resource.\n\n        Resource rollout will be restarted.\n\nExamples:\n  # Restart all deployments in the test-namespace namespace\n  kubectl rollout restart deployment -n test-namespace\n\n  # Restart a deployment\n  kubectl rollout restart deployment/nginx\n\n  # Restart a daemon set\n  kubectl rollout restart daemonset/abc\n\n  # Restart deployments with the app=nginx label\n  kubectl rollout restart deployment --selector=app=nginx",
            "kubectl rollout restart RESOURCE [options]",
        ),
        "rollout pause" => (
            "Mark the provided resource as paused.\n\n Paused resources will not be reconciled by a controller. Use \"kubectl rollout resume\" to resume a paused resource. Currently only deployments support being paused.\n\nExamples:\n  # Mark the nginx deployment as paused\n  # Any current state of the deployment will continue its function; new updates\n  # to the deployment will not have an effect as long as the deployment is paused\n  kubectl rollout pause deployment/nginx",
            "kubectl rollout pause RESOURCE [options]",
        ),
        _ => (
            "Resume a paused resource.\n\n Paused resources will not be reconciled by a controller. By resuming a resource, we allow it to be reconciled again. Currently only deployments support being resumed.\n\nExamples:\n  # Resume an already paused deployment\n  kubectl rollout resume deployment/nginx",
            "kubectl rollout resume RESOURCE [options]",
        ),
    };
    format!(
        "{what}\n\nUsage:\n  {usage}\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands)."
    )
}

fn group_kind(k: Kind) -> String {
    let i = k.info();
    if i.group.is_empty() {
        i.kind.to_string()
    } else {
        format!("{}.{}", i.kind, i.group)
    }
}

fn targets(c: &Cluster, p: &args::Parsed, out: &mut Output) -> Option<Vec<ObjKey>> {
    // `rollout restart deployment` (no name) means every deployment in the namespace.
    let mut p2 = p.clone();
    if p.args.len() == 1 && !p.args[0].contains('/') {
        p2.flags.insert("all".into(), vec!["true".into()]);
    }
    match common::keys(c, &p2, &p.args) {
        Ok(k) if k.is_empty() => {
            out.fail(format!(
                "error: no objects passed to {}",
                p.args.first().map(String::as_str).unwrap_or("rollout")
            ));
            None
        }
        Ok(k) => Some(k),
        Err(e) => {
            out.fail(e);
            None
        }
    }
}

/// `DeploymentStatusViewer`, `DaemonSetStatusViewer`, `StatefulSetStatusViewer`.
/// Ok((message, done)); Err is the error text (without `error: `).
pub fn status_of(o: &Object) -> Result<(String, bool), String> {
    match o {
        Object::Deployment(d) => {
            let name = d.metadata.name.as_deref().unwrap_or("");
            let st = d.status.clone().unwrap_or_default();
            let spec_replicas = d.spec.as_ref().and_then(|s| s.replicas);
            if d.metadata.generation.unwrap_or(0) <= st.observed_generation.unwrap_or(0) {
                let timed_out = st.conditions.iter().flatten().any(|c| {
                    c.type_ == "Progressing"
                        && c.reason.as_deref() == Some("ProgressDeadlineExceeded")
                });
                if timed_out {
                    return Err(format!(
                        "deployment \"{name}\" exceeded its progress deadline"
                    ));
                }
                let updated = st.updated_replicas.unwrap_or(0);
                if let Some(r) = spec_replicas
                    && updated < r
                {
                    return Ok((
                        format!(
                            "Waiting for deployment \"{name}\" rollout to finish: {updated} out of {r} new replicas have been updated..."
                        ),
                        false,
                    ));
                }
                let replicas = st.replicas.unwrap_or(0);
                if replicas > updated {
                    return Ok((
                        format!(
                            "Waiting for deployment \"{name}\" rollout to finish: {} old replicas are pending termination...",
                            replicas - updated
                        ),
                        false,
                    ));
                }
                let avail = st.available_replicas.unwrap_or(0);
                if avail < updated {
                    return Ok((
                        format!(
                            "Waiting for deployment \"{name}\" rollout to finish: {avail} of {updated} updated replicas are available..."
                        ),
                        false,
                    ));
                }
                return Ok((
                    format!("deployment \"{name}\" successfully rolled out"),
                    true,
                ));
            }
            Ok((
                "Waiting for deployment spec update to be observed...".into(),
                false,
            ))
        }
        Object::DaemonSet(ds) => {
            let name = ds.metadata.name.as_deref().unwrap_or("");
            let ty = ds
                .spec
                .as_ref()
                .and_then(|s| s.update_strategy.as_ref())
                .and_then(|u| u.type_.as_deref())
                .unwrap_or("RollingUpdate");
            if ty != "RollingUpdate" {
                return Err(
                    "rollout status is only available for RollingUpdate strategy type".into(),
                );
            }
            let st = ds.status.clone().unwrap_or_default();
            if ds.metadata.generation.unwrap_or(0) <= st.observed_generation.unwrap_or(0) {
                let updated = st.updated_number_scheduled.unwrap_or(0);
                let desired = st.desired_number_scheduled;
                if updated < desired {
                    return Ok((
                        format!(
                            "Waiting for daemon set \"{name}\" rollout to finish: {updated} out of {desired} new pods have been updated..."
                        ),
                        false,
                    ));
                }
                let avail = st.number_available.unwrap_or(0);
                if avail < desired {
                    return Ok((
                        format!(
                            "Waiting for daemon set \"{name}\" rollout to finish: {avail} of {desired} updated pods are available..."
                        ),
                        false,
                    ));
                }
                return Ok((
                    format!("daemon set \"{name}\" successfully rolled out"),
                    true,
                ));
            }
            Ok((
                "Waiting for daemon set spec update to be observed...".into(),
                false,
            ))
        }
        Object::StatefulSet(s) => {
            let spec = s.spec.clone().unwrap_or_default();
            let strategy = spec.update_strategy.clone().unwrap_or_default();
            if strategy.type_.as_deref().unwrap_or("RollingUpdate") != "RollingUpdate" {
                return Err(
                    "rollout status is only available for RollingUpdate strategy type".into(),
                );
            }
            let st = s.status.clone().unwrap_or_default();
            let observed = st.observed_generation.unwrap_or(0);
            if observed == 0 || s.metadata.generation.unwrap_or(0) > observed {
                return Ok((
                    "Waiting for statefulset spec update to be observed...".into(),
                    false,
                ));
            }
            let ready = st.ready_replicas.unwrap_or(0);
            if let Some(r) = spec.replicas
                && ready < r
            {
                return Ok((
                    format!("Waiting for {} pods to be ready...", r - ready),
                    false,
                ));
            }
            let updated = st.updated_replicas.unwrap_or(0);
            if let Some(ru) = &strategy.rolling_update {
                if let (Some(r), Some(part)) = (spec.replicas, ru.partition)
                    && updated < r - part
                {
                    return Ok((
                        format!(
                            "Waiting for partitioned roll out to finish: {updated} out of {} new pods have been updated...",
                            r - part
                        ),
                        false,
                    ));
                }
                return Ok((
                    format!(
                        "partitioned roll out complete: {updated} new pods have been updated..."
                    ),
                    true,
                ));
            }
            let cur = st.current_revision.clone().unwrap_or_default();
            let upd = st.update_revision.clone().unwrap_or_default();
            if upd != cur {
                return Ok((
                    format!(
                        "waiting for statefulset rolling update to complete {updated} pods at revision {upd}..."
                    ),
                    false,
                ));
            }
            Ok((
                format!(
                    "statefulset rolling update complete {} pods at revision {cur}...",
                    st.current_replicas.unwrap_or(0)
                ),
                true,
            ))
        }
        other => Err(format!(
            "no status viewer has been implemented for {}",
            group_kind(other.kind())
        )),
    }
}

fn deployment_revision(d: &Deployment) -> i64 {
    d.metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get(REVISION))
        .and_then(|r| r.parse().ok())
        .unwrap_or(0)
}

fn status(c: &mut Cluster, argv: &[String], out: &mut Output) {
    let Some(p) = parse(argv, STATUS_FLAGS, "rollout status", out) else {
        return;
    };
    let watch = p.get("watch") != Some("false");
    let timeout = match p
        .get("timeout")
        .map(|t| go_duration("timeout", t))
        .transpose()
    {
        Ok(t) => t.unwrap_or_default(),
        Err(e) => return out.fail(e),
    };
    let revision: i64 = match p.get("revision").map(str::parse::<i64>).transpose() {
        Ok(r) => r.unwrap_or(0),
        Err(_) => {
            let v = p.get("revision").unwrap_or("");
            return out.fail(format!("error: invalid argument \"{v}\" for \"--revision\" flag: strconv.ParseInt: parsing \"{v}\": invalid syntax\nSee 'kubectl rollout status --help' for usage."));
        }
    };
    if revision < 0 {
        return out.fail("error: revision must be a positive integer: -1");
    }
    let Some(keys) = targets(c, &p, out) else {
        return;
    };
    if keys.len() != 1 {
        // status.go: "rollout status is only supported on individual resources and resource
        // collections, but N resources were found"
        return out.fail(format!(
            "error: rollout status is only supported on individual resources and resource collections, but {} resources were found",
            keys.len()
        ));
    }
    let key = keys[0].clone();
    if let Err(e) = fetch(c, &key) {
        return out.fail(e);
    }
    if !matches!(
        key.kind,
        Kind::Deployment | Kind::DaemonSet | Kind::StatefulSet
    ) {
        return out.fail(format!(
            "error: no status viewer has been implemented for {}",
            group_kind(key.kind)
        ));
    }
    let deadline = deadline(c, timeout);
    let mut last = String::new();
    let mut failure: Option<String> = None;
    let mut lines: Vec<String> = Vec::new();
    let check = |c: &Cluster| -> Result<(String, bool), String> {
        let Some(o) = c.store.get_key(&key) else {
            return Err("object has been deleted".to_string());
        };
        if revision > 0
            && let Object::Deployment(d) = o
        {
            let r = deployment_revision(d);
            if r != revision {
                return Err(format!(
                    "desired revision ({revision}) is different from the running revision ({r})"
                ));
            }
        }
        status_of(o)
    };
    let finished = wait_until(
        c,
        deadline,
        |c| {
            if failure.is_some() {
                return;
            }
            match check(c) {
                Ok((msg, _)) => {
                    if msg != last {
                        lines.push(msg.clone());
                        last = msg;
                    }
                }
                Err(e) => failure = Some(e),
            }
        },
        |c| !watch || matches!(check(c), Ok((_, true)) | Err(_)),
    );
    for l in lines {
        out.outln(l);
    }
    if let Some(e) = failure {
        return out.fail(format!("error: {e}"));
    }
    if !finished {
        out.fail("error: timed out waiting for the condition");
    }
}

/// The revisions of an object: (revision number, change-cause, pod template), oldest first.
fn revisions(c: &Cluster, o: &Object) -> Vec<(i64, String, PodTemplateSpec)> {
    let uid = o.meta().uid.clone().unwrap_or_default();
    let ns = o.namespace().to_string();
    let cause = |m: &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta| {
        m.annotations
            .as_ref()
            .and_then(|a| a.get(CHANGE_CAUSE))
            .cloned()
            .unwrap_or_default()
    };
    let mut v: Vec<(i64, String, PodTemplateSpec)> = match o {
        Object::Deployment(_) => c
            .store
            .list_typed::<ReplicaSet>(Some(&ns))
            .filter(|rs| is_controlled_by(&rs.metadata, &uid))
            .filter_map(|rs| {
                let r: i64 = rs
                    .metadata
                    .annotations
                    .as_ref()
                    .and_then(|a| a.get(REVISION))
                    .and_then(|r| r.parse().ok())?;
                let t = rs.spec.as_ref().and_then(|s| s.template.clone())?;
                Some((r, cause(&rs.metadata), t))
            })
            .collect(),
        _ => c
            .store
            .list_typed::<ControllerRevision>(Some(&ns))
            .filter(|cr| is_controlled_by(&cr.metadata, &uid))
            .filter_map(|cr| {
                let mut t = cr.data.as_ref()?.0.get("spec")?.get("template")?.clone();
                if let Some(m) = t.as_object_mut() {
                    m.remove("$patch");
                }
                let t: PodTemplateSpec = serde_json::from_value(t).ok()?;
                Some((cr.revision, cause(&cr.metadata), t))
            })
            .collect(),
    };
    v.sort_by_key(|x| x.0);
    v
}

fn template_of(o: &Object) -> Option<PodTemplateSpec> {
    match o {
        Object::Deployment(d) => d.spec.as_ref().map(|s| s.template.clone()),
        Object::StatefulSet(s) => s.spec.as_ref().map(|s| s.template.clone()),
        Object::DaemonSet(d) => d.spec.as_ref().map(|s| s.template.clone()),
        _ => None,
    }
}

fn set_template(o: &mut Object, t: PodTemplateSpec) {
    match o {
        Object::Deployment(d) => {
            std::sync::Arc::make_mut(d)
                .spec
                .get_or_insert_with(Default::default)
                .template = t
        }
        Object::StatefulSet(s) => {
            std::sync::Arc::make_mut(s)
                .spec
                .get_or_insert_with(Default::default)
                .template = t
        }
        Object::DaemonSet(d) => {
            std::sync::Arc::make_mut(d)
                .spec
                .get_or_insert_with(Default::default)
                .template = t
        }
        _ => {}
    }
}

fn without_hash(mut t: PodTemplateSpec) -> PodTemplateSpec {
    if let Some(l) = t.metadata.as_mut().and_then(|m| m.labels.as_mut()) {
        l.remove("pod-template-hash");
        l.remove("controller-revision-hash");
    }
    t
}

/// `printTemplate`: the pod template as `DescribePodTemplate` writes it (abridged); kubectl
/// prints it through a plain prefix writer, so the tabs stay raw.
pub fn describe_template(t: &PodTemplateSpec) -> String {
    let mut s = String::from("Pod Template:\n");
    let meta = t.metadata.clone().unwrap_or_default();
    let map_lines = |m: Option<&BTreeMap<String, String>>, title: &str| -> String {
        match m.filter(|m| !m.is_empty()) {
            None => format!("  {title}:\t<none>\n"),
            Some(m) => {
                let mut r = String::new();
                for (i, (k, v)) in m.iter().enumerate() {
                    if i == 0 {
                        r.push_str(&format!("  {title}:\t{k}={v}\n"));
                    } else {
                        r.push_str(&format!("\t{k}={v}\n"));
                    }
                }
                r
            }
        }
    };
    s.push_str(&map_lines(meta.labels.as_ref(), "Labels"));
    if let Some(a) = meta.annotations.as_ref().filter(|a| !a.is_empty()) {
        for (i, (k, v)) in a.iter().enumerate() {
            if i == 0 {
                s.push_str(&format!("  Annotations:\t{k}: {v}\n"));
            } else {
                s.push_str(&format!("\t{k}: {v}\n"));
            }
        }
    }
    let spec = t.spec.clone().unwrap_or_default();
    s.push_str("  Containers:\n");
    for ct in &spec.containers {
        s.push_str(&format!("   {}:\n", ct.name));
        s.push_str(&format!(
            "    Image:\t{}\n",
            ct.image.as_deref().unwrap_or("")
        ));
        let ports: Vec<String> = ct
            .ports
            .iter()
            .flatten()
            .map(|p| {
                format!(
                    "{}/{}",
                    p.container_port,
                    p.protocol.as_deref().unwrap_or("TCP")
                )
            })
            .collect();
        if ports.is_empty() {
            s.push_str("    Port:\t<none>\n    Host Port:\t<none>\n");
        } else {
            s.push_str(&format!(
                "    Port:\t{}\n    Host Port:\t0/TCP\n",
                ports.join(", ")
            ));
        }
        if let Some(cmd) = &ct.command {
            s.push_str("    Command:\n");
            for w in cmd {
                s.push_str(&format!("      {w}\n"));
            }
        }
        if let Some(a) = &ct.args {
            s.push_str("    Args:\n");
            for w in a {
                s.push_str(&format!("      {w}\n"));
            }
        }
        let env: Vec<String> = ct
            .env
            .iter()
            .flatten()
            .map(|e| format!("      {}:\t{}", e.name, e.value.as_deref().unwrap_or("")))
            .collect();
        if env.is_empty() {
            s.push_str("    Environment:\t<none>\n");
        } else {
            s.push_str("    Environment:\n");
            for e in env {
                s.push_str(&e);
                s.push('\n');
            }
        }
        let mounts: Vec<String> = ct
            .volume_mounts
            .iter()
            .flatten()
            .map(|m| {
                format!(
                    "      {} from {} ({})",
                    m.mount_path,
                    m.name,
                    if m.read_only == Some(true) {
                        "ro"
                    } else {
                        "rw"
                    }
                )
            })
            .collect();
        if mounts.is_empty() {
            s.push_str("    Mounts:\t<none>\n");
        } else {
            s.push_str("    Mounts:\n");
            for m in mounts {
                s.push_str(&m);
                s.push('\n');
            }
        }
    }
    if spec.volumes.as_ref().is_none_or(|v| v.is_empty()) {
        s.push_str("  Volumes:\t<none>\n");
    } else {
        s.push_str("  Volumes:\n");
        for v in spec.volumes.iter().flatten() {
            s.push_str(&format!("   {}:\n", v.name));
        }
    }
    s.push_str(&map_lines(spec.node_selector.as_ref(), "Node-Selectors"));
    if spec.tolerations.as_ref().is_none_or(|t| t.is_empty()) {
        s.push_str("  Tolerations:\t<none>\n");
    } else {
        for (i, t) in spec.tolerations.iter().flatten().enumerate() {
            let mut txt = t.key.clone().unwrap_or_default();
            if let Some(v) = t.value.as_deref().filter(|v| !v.is_empty()) {
                txt.push('=');
                txt.push_str(v);
            }
            if let Some(e) = t.effect.as_deref().filter(|v| !v.is_empty()) {
                txt.push(':');
                txt.push_str(e);
            }
            if t.operator.as_deref() == Some("Exists") && t.key.is_none() {
                txt = "op=Exists".into();
            } else if t.operator.as_deref() == Some("Exists") {
                txt.push_str(" op=Exists");
            }
            if i == 0 {
                s.push_str(&format!("  Tolerations:\t{txt}\n"));
            } else {
                s.push_str(&format!("\t{txt}\n"));
            }
        }
    }
    s
}

fn history(c: &mut Cluster, argv: &[String], out: &mut Output) {
    let Some(p) = parse(argv, HISTORY_FLAGS, "rollout history", out) else {
        return;
    };
    let revision: i64 = match p.get("revision").map(str::parse::<i64>).transpose() {
        Ok(r) => r.unwrap_or(0),
        Err(_) => {
            let v = p.get("revision").unwrap_or("");
            return out.fail(format!("error: invalid argument \"{v}\" for \"--revision\" flag: strconv.ParseInt: parsing \"{v}\": invalid syntax\nSee 'kubectl rollout history --help' for usage."));
        }
    };
    if revision < 0 {
        return out.fail(format!(
            "error: revision must be a positive integer: {revision}"
        ));
    }
    let Some(keys) = targets(c, &p, out) else {
        return;
    };
    for key in keys {
        let o = match fetch(c, &key) {
            Ok(o) => o,
            Err(e) => {
                out.fail(e);
                continue;
            }
        };
        if !matches!(
            key.kind,
            Kind::Deployment | Kind::DaemonSet | Kind::StatefulSet
        ) {
            out.fail(format!(
                "error: no history viewer has been implemented for \"{}\"",
                group_kind(key.kind)
            ));
            continue;
        }
        let revs = revisions(c, &o);
        let name = ref_name(key.kind, &key.name);
        if revision > 0 {
            match revs.iter().find(|r| r.0 == revision) {
                Some((_, _, t)) => {
                    out.outln(format!("{name} with revision #{revision}"));
                    out.out(describe_template(t));
                    out.out("\n");
                }
                None => out.fail("error: unable to find the specified revision"),
            }
            continue;
        }
        if revs.is_empty() {
            out.outln(format!("{name} \nNo rollout history found.\n"));
            continue;
        }
        let mut table = String::from("REVISION\tCHANGE-CAUSE\n");
        for (r, cause, _) in &revs {
            let cause = if cause.is_empty() { "<none>" } else { cause };
            table.push_str(&format!("{r}\t{cause}\n"));
        }
        out.outln(format!("{name} "));
        out.out(common::tabwrite(&table, 2));
        out.out("\n");
    }
}

fn undo(c: &mut Cluster, argv: &[String], out: &mut Output) {
    let Some(p) = parse(argv, UNDO_FLAGS, "rollout undo", out) else {
        return;
    };
    let to: i64 = match p.get("to-revision").map(str::parse::<i64>).transpose() {
        Ok(r) => r.unwrap_or(0),
        Err(_) => {
            let v = p.get("to-revision").unwrap_or("");
            return out.fail(format!("error: invalid argument \"{v}\" for \"--to-revision\" flag: strconv.ParseInt: parsing \"{v}\": invalid syntax\nSee 'kubectl rollout undo --help' for usage."));
        }
    };
    let dry = p
        .get("dry-run")
        .is_some_and(|d| d != "none" && d != "false");
    let Some(keys) = targets(c, &p, out) else {
        return;
    };
    for key in keys {
        let mut o = match fetch(c, &key) {
            Ok(o) => o,
            Err(e) => {
                out.fail(e);
                continue;
            }
        };
        if !matches!(
            key.kind,
            Kind::Deployment | Kind::DaemonSet | Kind::StatefulSet
        ) {
            out.fail(format!(
                "error: no rollbacker has been implemented for \"{}\"",
                group_kind(key.kind)
            ));
            continue;
        }
        if let Object::Deployment(d) = &o
            && d.spec.as_ref().and_then(|s| s.paused) == Some(true)
        {
            out.fail(format!("error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/{}' and try again", key.name));
            continue;
        }
        let revs = revisions(c, &o);
        let current = template_of(&o).map(without_hash);
        let target = if to > 0 {
            match revs.iter().find(|r| r.0 == to) {
                Some(r) => r.clone(),
                None => {
                    out.fail(format!(
                        "error: unable to find specified revision {to} in history"
                    ));
                    continue;
                }
            }
        } else {
            // The previous revision: the newest one whose template is not the current one
            // (deployments: the second newest ReplicaSet).
            let prev = if key.kind == Kind::Deployment {
                let cur_rev = match &o {
                    Object::Deployment(d) => deployment_revision(d),
                    _ => 0,
                };
                revs.iter().rev().find(|r| r.0 != cur_rev).cloned()
            } else {
                revs.iter().rev().nth(1).cloned()
            };
            match prev {
                Some(r) => r,
                None => {
                    if key.kind == Kind::Deployment {
                        out.fail(format!(
                            "error: no rollout history found for deployment \"{}\"",
                            key.name
                        ));
                    } else {
                        out.fail("error: no last revision to roll back to");
                    }
                    continue;
                }
            }
        };
        let name = ref_name(key.kind, &key.name);
        let wanted = without_hash(target.2.clone());
        if Some(&wanted) == current.as_ref() {
            out.outln(format!(
                "{name} skipped rollback (current template already matches revision {})",
                target.0
            ));
            continue;
        }
        if dry {
            out.outln(format!("{name} rolled back (dry run)"));
            continue;
        }
        set_template(&mut o, wanted);
        if key.kind == Kind::Deployment {
            // setDeploymentAnnotationsTo: the change-cause follows the template.
            let ann = o.meta_mut().annotations.get_or_insert_with(BTreeMap::new);
            if target.1.is_empty() {
                ann.remove(CHANGE_CAUSE);
            } else {
                ann.insert(CHANGE_CAUSE.into(), target.1.clone());
            }
        }
        match c.api_update(o) {
            Ok(_) => out.outln(format!("{name} rolled back")),
            Err(e) => out.fail(e.to_string()),
        }
        c.settle();
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Action {
    Restart,
    Pause,
    Resume,
}

fn simple(c: &mut Cluster, argv: &[String], out: &mut Output, action: Action) {
    let cmd = match action {
        Action::Restart => "rollout restart",
        Action::Pause => "rollout pause",
        Action::Resume => "rollout resume",
    };
    let Some(p) = parse(argv, SIMPLE_FLAGS, cmd, out) else {
        return;
    };
    let Some(keys) = targets(c, &p, out) else {
        return;
    };
    let now = c.now().strftime("%Y-%m-%dT%H:%M:%SZ").to_string();
    for key in keys {
        let mut o = match fetch(c, &key) {
            Ok(o) => o,
            Err(e) => {
                out.fail(e);
                continue;
            }
        };
        let res = key.kind.qualified_plural();
        let name = ref_name(key.kind, &key.name);
        let err = |msg: &str| format!("error: {res} \"{}\" {msg}", key.name);
        match action {
            Action::Restart => {
                if let Object::Deployment(d) = &o
                    && d.spec.as_ref().and_then(|s| s.paused) == Some(true)
                {
                    out.fail(err(
                        "can't restart paused deployment (run rollout resume first)",
                    ));
                    continue;
                }
                let Some(mut t) = template_of(&o) else {
                    out.fail(err("restarting is not supported"));
                    continue;
                };
                let ann = t
                    .metadata
                    .get_or_insert_with(Default::default)
                    .annotations
                    .get_or_insert_with(BTreeMap::new);
                if ann.get(RESTARTED_AT) == Some(&now) {
                    out.fail(format!("error: failed to create patch for {}: if restart has already been triggered within the past second, please wait before attempting to trigger another", key.name));
                    continue;
                }
                ann.insert(RESTARTED_AT.into(), now.clone());
                set_template(&mut o, t);
                match c.api_update(o) {
                    Ok(_) => out.outln(format!("{name} restarted")),
                    Err(e) => out.fail(e.to_string()),
                }
            }
            Action::Pause | Action::Resume => {
                let pause = action == Action::Pause;
                let Some(d) = Deployment::from_object_mut(&mut o) else {
                    out.fail(err(if pause {
                        "pausing is not supported"
                    } else {
                        "resuming is not supported"
                    }));
                    continue;
                };
                let paused = d.spec.as_ref().and_then(|s| s.paused) == Some(true);
                if pause && paused {
                    out.fail(err("is already paused"));
                    continue;
                }
                if !pause && !paused {
                    out.fail(err("is not paused"));
                    continue;
                }
                d.spec.get_or_insert_with(Default::default).paused = pause.then_some(true);
                match c.api_update(o) {
                    Ok(_) => out.outln(format!(
                        "{name} {}",
                        if pause { "paused" } else { "resumed" }
                    )),
                    Err(e) => out.fail(e.to_string()),
                }
            }
        }
        c.settle();
    }
}
