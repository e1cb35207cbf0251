//! `kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [-i] [-t] -- COMMAND [args...]`, after
//! `staging/src/k8s.io/kubectl/pkg/cmd/exec/exec.go` (Complete, Validate, Run) and
//! `pkg/cmd/util/podcmd` (FindOrDefaultContainerByName): the command runs in the simulated
//! container shell (`sim/shell.rs`) in one instant of virtual time.
//!
//! With `-t` the remote stderr shares the terminal with stdout, as kubectl's raw TTY does. In a
//! script `-t` is honoured as if run from a terminal (no "Unable to use a TTY" warning).

use super::args::{self, Flag, bool_flag, val};
use super::{Output, namespace_of, resources};
use crate::sim::cluster::Cluster;
use crate::sim::container::{self, EnterError};
use crate::sim::labels::Selector;
use crate::sim::object::{Kind, Object};
use crate::sim::pod::Pod;
use crate::sim::podutil;
use crate::sim::shell::{self, Fd, RunResult};

const FLAGS: &[Flag] = &[
    val("container", Some('c')),
    bool_flag("stdin", Some('i')),
    bool_flag("tty", Some('t')),
    bool_flag("quiet", Some('q')),
    val("filename", Some('f')),
    val("pod-running-timeout", None),
];

/// The annotation naming the container kubectl picks by default.
pub const DEFAULT_CONTAINER_ANNOTATION: &str = "kubectl.kubernetes.io/default-container";

/// `kubectl exec`.
pub fn run(c: &mut Cluster, argv: &[String], out: &mut Output) {
    let p = match args::parse(argv, FLAGS, "exec") {
        Ok(p) => p,
        Err(e) => return out.fail(e),
    };
    if !p.dashdash && p.args.len() > 1 {
        return out.fail(
            "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples",
        );
    }
    let Some(resource) = p.args.first().cloned() else {
        return out.fail("error: pod, type/name or --filename must be specified");
    };
    let command = p.after_dashdash.clone();
    if command.is_empty() {
        return out.fail("error: you must specify at least one command for the container");
    }
    let ns = namespace_of(&p);
    let pod = match find_pod(c, &ns, &resource) {
        Ok(p) => p,
        Err(e) => return out.fail(e),
    };
    let tty = p.is("tty") && p.is("stdin");
    let quiet = p.is("quiet");
    let res = exec_in(c, &pod, p.get("container"), &command, quiet, out);
    if let Some(r) = res {
        emit(&r, tty, out);
        if r.code != 0 {
            out.errln(format!("command terminated with exit code {}", r.code));
            out.code = r.code;
        }
    }
}

/// Copies a shell run's output into kubectl's output (stderr onto stdout under a TTY).
pub fn emit(r: &RunResult, tty: bool, out: &mut Output) {
    for (fd, s) in &r.chunks {
        match fd {
            Fd::Out => out.out(s.clone()),
            Fd::Err if tty => out.out(s.clone()),
            Fd::Err => out.chunks.push((super::Stream::Err, s.clone())),
        }
    }
}

/// Resolves `POD` or `TYPE/NAME` to a pod, as `AttachablePodForObjectFn` does (a workload's
/// first active pod).
pub fn find_pod(c: &Cluster, ns: &str, resource: &str) -> Result<Pod, String> {
    let (kind, name) = match resource.split_once('/') {
        Some((t, n)) => (
            resources::resolve(t).ok_or_else(|| resources::unknown_type_error(t))?,
            n.to_string(),
        ),
        None => (Kind::Pod, resource.to_string()),
    };
    let not_found = || {
        format!(
            "Error from server (NotFound): {} \"{name}\" not found",
            kind.qualified_plural()
        )
    };
    let obj = c.store.get(kind, ns, &name).ok_or_else(not_found)?;
    let selector = match obj {
        Object::Pod(p) => return Ok((**p).clone()),
        Object::Deployment(d) => d.spec.as_ref().map(|s| s.selector.clone()),
        Object::ReplicaSet(r) => r.spec.as_ref().map(|s| s.selector.clone()),
        Object::StatefulSet(s) => s.spec.as_ref().map(|s| s.selector.clone()),
        Object::DaemonSet(d) => d.spec.as_ref().map(|s| s.selector.clone()),
        Object::Job(j) => j.spec.as_ref().and_then(|s| s.selector.clone()),
        Object::Service(s) => {
            let set = s
                .spec
                .as_ref()
                .and_then(|s| s.selector.clone())
                .unwrap_or_default();
            let sel = Selector::from_set(&set);
            return first_pod(c, ns, &sel).ok_or_else(|| {
                format!("error: cannot attach to *v1.Service: invalid service '{name}': Service is defined without a selector")
            });
        }
        _ => {
            return Err(format!(
                "error: cannot attach to {}: selector for {} not implemented",
                kind.info().kind,
                kind.info().kind
            ));
        }
    };
    let sel =
        Selector::from_label_selector(selector.as_ref()).map_err(|e| format!("error: {e}"))?;
    first_pod(c, ns, &sel).ok_or_else(|| "error: timed out waiting for the condition".to_string())
}

/// `GetFirstPod`: the most active pod (ready, running, then newest... here: then by name).
fn first_pod(c: &Cluster, ns: &str, sel: &Selector) -> Option<Pod> {
    let mut pods: Vec<&Pod> = c
        .store
        .list_typed::<Pod>(Some(ns))
        .filter(|p| sel.matches_opt(p.metadata.labels.as_ref()))
        .filter(|p| p.metadata.deletion_timestamp.is_none())
        .collect();
    pods.sort_by_key(|p| {
        (
            !podutil::is_ready(p),
            podutil::phase(p) != "Running",
            p.metadata.name.clone(),
        )
    });
    pods.first().map(|p| (*p).clone())
}

/// The default container name and kubectl's notice when it had to pick one.
fn default_container(pod: &Pod) -> Option<(String, Option<String>)> {
    let spec = pod.spec.as_ref()?;
    if let Some(n) = pod
        .metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get(DEFAULT_CONTAINER_ANNOTATION))
        && spec.containers.iter().any(|c| &c.name == n)
    {
        return Some((n.clone(), None));
    }
    let first = spec.containers.first()?.name.clone();
    let note = (spec.containers.len() > 1).then(|| {
        let mut names: Vec<String> = spec.containers.iter().map(|c| c.name.clone()).collect();
        names.extend(
            spec.init_containers
                .iter()
                .flatten()
                .map(|c| format!("{} (init)", c.name)),
        );
        format!(
            "Defaulted container \"{first}\" out of: {}",
            names.join(", ")
        )
    });
    Some((first, note))
}

/// Runs `command` in a container of `pod`, reporting kubectl's and the API server's errors into
/// `out`. None when it could not run.
pub fn exec_in(
    c: &mut Cluster,
    pod: &Pod,
    container: Option<&str>,
    command: &[String],
    quiet: bool,
    out: &mut Output,
) -> Option<RunResult> {
    let name = pod.metadata.name.clone().unwrap_or_default();
    let ns = pod.metadata.namespace.clone().unwrap_or_default();
    let phase = podutil::phase(pod);
    if phase == "Succeeded" || phase == "Failed" {
        out.fail(format!(
            "error: cannot exec into a container in a completed pod; current phase is {phase}"
        ));
        return None;
    }
    let ctr = match container {
        Some(n) => n.to_string(),
        None => {
            let Some((n, note)) = default_container(pod) else {
                out.fail(format!(
                    "error: pod {ns}/{name} does not have any containers"
                ));
                return None;
            };
            if let Some(note) = note
                && !quiet
            {
                out.errln(note);
            }
            n
        }
    };
    match container::enter(c, &ns, &name, Some(&ctr)) {
        Ok(ctx) => {
            let id = c
                .runtime
                .pod(&ns, &name)
                .and_then(|rt| rt.containers.iter().find(|x| x.name == ctr))
                .map(|x| {
                    x.container_id()
                        .trim_start_matches("containerd://")
                        .to_string()
                })
                .unwrap_or_default();
            match shell::exec_argv(c, ctx, command) {
                Some(r) => Some(r),
                None => {
                    let prog = command.first().cloned().unwrap_or_default();
                    let exec_id = crate::sim::behavior::fake_digest(&format!(
                        "exec/{id}/{}",
                        c.now().as_nanosecond()
                    ));
                    out.fail(format!(
                        "error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec \"{exec_id}\": OCI runtime exec failed: exec failed: unable to start container process: exec: \"{prog}\": executable file not found in $PATH: unknown"
                    ));
                    None
                }
            }
        }
        Err(EnterError::PodNotFound) => {
            out.fail(format!(
                "Error from server (NotFound): pods \"{name}\" not found"
            ));
            None
        }
        Err(EnterError::NoSuchContainer) => {
            out.fail(format!(
                "Error from server (BadRequest): container {ctr} is not valid for pod {name}"
            ));
            None
        }
        Err(EnterError::NoHost) => {
            out.fail(format!(
                "Error from server (BadRequest): pod {name} does not have a host assigned"
            ));
            None
        }
        Err(EnterError::NotRunning) => {
            out.fail(format!(
                "error: unable to upgrade connection: container not found (\"{ctr}\")"
            ));
            None
        }
    }
}
