//! `kubectl run NAME --image=IMAGE [--restart=Never] [--rm] [-i] [-t] [--command] -- [COMMAND] [args...]`,
//! after `staging/src/k8s.io/kubectl/pkg/cmd/run/run.go` and the pod generator
//! (`pkg/generate/versioned/run.go`): a Pod labelled `run=NAME` whose single container is named
//! after it.
//!
//! Attached runs (`-i`/`--attach`) in a script: virtual time advances until the container runs
//! (image pull and start-up), the command runs in the simulated shell to completion in that
//! instant, its output is printed, then `--rm` deletes the pod (`pod "NAME" deleted`). With `-t`
//! kubectl's attach notice `If you don't see a command prompt, try pressing enter.` is printed,
//! as a terminal would show it. Stdin is empty: a bare shell (`-it busybox`) exits at once.
//! A command that would run forever (a server image) is not waited for: the run returns after
//! printing what it wrote in the first instant.

use super::args::{self, Flag, bool_flag, val};
use super::{Output, namespace_of};
use crate::sim::cluster::Cluster;
use crate::sim::container;
use crate::sim::object::{Kind, Object};
use crate::sim::pod::Pod;
use crate::sim::podutil;
use crate::sim::shell;
use jiff::SignedDuration;
use k8s_openapi::api::core::v1::{Container, ContainerPort, EnvVar, PodSpec};
use std::collections::BTreeMap;

const FLAGS: &[Flag] = &[
    val("image", None),
    val("restart", None),
    bool_flag("rm", None),
    bool_flag("stdin", Some('i')),
    bool_flag("tty", Some('t')),
    bool_flag("attach", None),
    bool_flag("command", None),
    bool_flag("quiet", Some('q')),
    bool_flag("leave-stdin-open", None),
    val("labels", Some('l')),
    val("env", None),
    val("port", None),
    val("annotations", None),
    val("image-pull-policy", None),
    val("dry-run", None),
    val("output", Some('o')),
    val("pod-running-timeout", None),
    val("overrides", None),
    bool_flag("privileged", None),
    bool_flag("expose", None),
];

/// How long an attached run waits for its pod to start (kubectl's `--pod-running-timeout`).
const START_TIMEOUT: SignedDuration = SignedDuration::from_secs(60);

/// `kubectl run`.
pub fn run(c: &mut Cluster, argv: &[String], out: &mut Output) {
    let p = match args::parse(argv, FLAGS, "run") {
        Ok(p) => p,
        Err(e) => return out.fail(e),
    };
    let usage = "See 'kubectl run -h' for help and examples";
    let Some(name) = p.args.first().cloned() else {
        return out.fail(format!("error: NAME is required for run\n{usage}"));
    };
    let Some(image) = p.get("image").map(str::to_string) else {
        return out.fail("error: required flag(s) \"image\" not set");
    };
    if image.is_empty() {
        return out.fail(format!("error: --image is required\n{usage}"));
    }
    let attach = p.is("stdin") || p.is("attach") || p.is("tty");
    let dry = p.get("dry-run").is_some_and(|d| d != "none");
    if dry && attach {
        return out.fail(format!("error: --dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)\n{usage}"));
    }
    if p.is("rm") && !attach {
        return out.fail(format!(
            "error: --rm should only be used for attached containers\n{usage}"
        ));
    }
    let restart = p.get("restart").unwrap_or("Always").to_string();
    if !matches!(restart.as_str(), "Always" | "OnFailure" | "Never") {
        return out.fail(format!("error: invalid restart policy: {restart}\n{usage}"));
    }
    let ns = namespace_of(&p);
    let mut labels = BTreeMap::new();
    match p.get("labels") {
        Some(l) => {
            for kv in l.split(',').filter(|s| !s.is_empty()) {
                match kv.split_once('=') {
                    Some((k, v)) => labels.insert(k.to_string(), v.to_string()),
                    None => {
                        return out.fail(format!("error: invalid label spec: {kv}"));
                    }
                };
            }
        }
        None => {
            labels.insert("run".to_string(), name.clone());
        }
    }
    let mut env = Vec::new();
    for e in p.all("env", false) {
        let (k, v) = e.split_once('=').unwrap_or((e.as_str(), ""));
        env.push(EnvVar {
            name: k.to_string(),
            value: Some(v.to_string()),
            ..Default::default()
        });
    }
    let extra = p.after_dashdash.clone();
    let (command, cargs) = if p.is("command") {
        (Some(extra), None)
    } else if extra.is_empty() {
        (None, None)
    } else {
        (None, Some(extra))
    };
    let port = match p.get("port") {
        Some(s) => match s.parse::<i32>() {
            Ok(n) => Some(vec![ContainerPort {
                container_port: n,
                ..Default::default()
            }]),
            Err(_) => {
                return out.fail(format!(
                    "error: strconv.Atoi: parsing \"{s}\": invalid syntax"
                ));
            }
        },
        None => None,
    };
    let annotations: BTreeMap<String, String> = p
        .all("annotations", false)
        .iter()
        .filter_map(|a| {
            a.split_once('=')
                .map(|(k, v)| (k.to_string(), v.to_string()))
        })
        .collect();
    let ctr = Container {
        name: name.clone(),
        image: Some(image.clone()),
        command,
        args: cargs,
        env: (!env.is_empty()).then_some(env),
        ports: port,
        image_pull_policy: p.get("image-pull-policy").map(str::to_string),
        stdin: p.is("stdin").then_some(true),
        stdin_once: (p.is("stdin") && !p.is("leave-stdin-open")).then_some(true),
        tty: p.is("tty").then_some(true),
        ..Default::default()
    };
    let mut pod = Pod {
        spec: Some(
            PodSpec {
                containers: vec![ctr],
                restart_policy: Some(restart.clone()),
                ..Default::default()
            }
            .into(),
        ),
        ..Default::default()
    };
    pod.metadata.name = Some(name.clone());
    pod.metadata.namespace = Some(ns.clone());
    pod.metadata.labels = Some(labels);
    if !annotations.is_empty() {
        pod.metadata.annotations = Some(annotations);
    }
    let output = p.get("output").unwrap_or("");
    if let Err(e) = super::create_cmd::check_output(output) {
        return out.fail(e);
    }
    if dry {
        // The pod as kubectl's generator builds it on the client (`BasicPod.Generate`): no
        // namespace, `dnsPolicy: ClusterFirst`, empty resources, and the zero creation time and
        // status a typed object serialises as.
        let mut v = Object::Pod(std::sync::Arc::new(pod)).to_json();
        if let Some(m) = v["metadata"].as_object_mut() {
            m.remove("namespace");
            m.insert("creationTimestamp".into(), serde_json::Value::Null);
        }
        v["spec"]["dnsPolicy"] = "ClusterFirst".into();
        if let Some(ctr) = v["spec"]["containers"][0].as_object_mut() {
            ctr.entry("resources")
                .or_insert_with(|| serde_json::json!({}));
        }
        v["status"] = serde_json::json!({});
        return super::create_cmd::print(&v, Kind::Pod, &name, output, " (dry run)", out);
    }
    let created = match c.api_create(Object::Pod(std::sync::Arc::new(pod))) {
        Ok(o) => o,
        Err(e) => return out.fail(e.to_string()),
    };
    c.settle();
    if !attach {
        return super::create_cmd::print(&created.to_json(), Kind::Pod, &name, output, "", out);
    }
    let uid = created.meta().uid.clone().unwrap_or_default();
    let same = |c: &Cluster| {
        c.store
            .get_typed::<Pod>(&ns, &name)
            .filter(|p| p.metadata.uid.as_deref() == Some(uid.as_str()))
            .cloned()
    };
    // Wait for the container to run (or the pod to end).
    let deadline = c.now() + START_TIMEOUT;
    let mut ran = None;
    loop {
        c.settle();
        let Some(pod) = same(c) else { break };
        if let Ok(ctx) = container::enter(c, &ns, &name, Some(&name)) {
            let spec_ctr = pod
                .spec
                .as_ref()
                .and_then(|s| s.containers.first())
                .cloned()
                .unwrap_or_default();
            let argv: Vec<String> = spec_ctr
                .command
                .iter()
                .flatten()
                .chain(spec_ctr.args.iter().flatten())
                .cloned()
                .collect();
            let argv = if argv.is_empty() {
                default_argv(&image)
            } else {
                argv
            };
            if p.is("tty") && !p.is("quiet") {
                out.errln("If you don't see a command prompt, try pressing enter.");
            }
            ran = if argv.is_empty() {
                None
            } else {
                shell::exec_argv(c, ctx, &argv)
            };
            break;
        }
        let phase = podutil::phase(&pod);
        if phase == "Succeeded" || phase == "Failed" {
            break;
        }
        match c.next_timer() {
            Some(t) if t <= deadline => c.advance_to(t),
            _ => {
                c.advance_to(deadline);
                if same(c).is_some_and(|p| podutil::phase(&p) == "Pending") {
                    out.fail("error: timed out waiting for the condition");
                    return;
                }
                break;
            }
        }
    }
    if let Some(r) = &ran {
        super::exec::emit(r, p.is("tty"), out);
    }
    // With restartPolicy Never kubectl waits for the pod to finish and reports its exit code.
    let wait_exit = restart == "Never";
    if wait_exit {
        let deadline = c.now() + START_TIMEOUT;
        loop {
            c.settle();
            let Some(pod) = same(c) else { break };
            let phase = podutil::phase(&pod);
            if phase == "Succeeded" || phase == "Failed" {
                break;
            }
            match c.next_timer() {
                Some(t) if t <= deadline => c.advance_to(t),
                _ => break,
            }
        }
    }
    if p.is("rm") && same(c).is_some() {
        let opts = crate::sim::api::server::DeleteOptions::default();
        match c.api_delete(Kind::Pod, &ns, &name, opts) {
            Ok(_) => out.outln(format!("pod \"{name}\" deleted")),
            Err(e) => out.fail(e.to_string()),
        }
        c.settle();
    }
    if wait_exit
        && let Some(r) = ran
        && r.code != 0
    {
        out.errln(format!("pod {ns}/{name} terminated (Error)"));
        out.code = r.code;
    }
}

/// The default command of an image run without arguments (what its entrypoint does at once).
fn default_argv(image: &str) -> Vec<String> {
    let info = crate::sim::images::lookup(image);
    if info.has("sh") && info.listen.is_empty() {
        // A shell reading an empty stdin exits at once.
        vec!["sh".into(), "-c".into(), ":".into()]
    } else {
        Vec::new()
    }
}
