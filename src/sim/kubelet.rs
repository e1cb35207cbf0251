//! The kubelets: run the containers of pods bound to their node, and report them in pod status.
//!
//! Follows the life a real kubelet gives a pod (`pkg/kubelet/kuberuntime/kuberuntime_manager.go`
//! SyncPod, `kuberuntime_container.go` startContainer, `pkg/kubelet/status/generate.go`): sandbox,
//! image pull (`Pulling`/`Pulled` events), `Created`/`Started`, readiness, exit, restart with the
//! CrashLoopBackOff back-off (10s doubling to 5m, `pkg/kubelet/kubelet.go` backOffPeriod), and
//! graceful termination (`Killing`). Each step takes virtual time so a learner sees ordering.

use crate::sim::behavior::{self, Behavior};
use crate::sim::cluster::{Cluster, Source};
use crate::sim::controllers::Ctrl;
use crate::sim::object::Kind;
use crate::sim::pod::Pod;
use crate::sim::pod_status::{
    ContainerId, ContainerState, ContainerStatus, HostIP, PodCondition, PodIP, PodStatus,
};
use crate::sim::runtime::{ContainerPhase, ContainerRun, ContainerRuntime, LogLine, PodRuntime};
use crate::sim::store::ObjKey;
use crate::sim::word::Word;
use jiff::{SignedDuration, Timestamp};
use k8s_openapi::api::batch::v1::Job;
use k8s_openapi::api::core::v1::{
    Container, ContainerStateRunning, ContainerStateTerminated, ContainerStateWaiting, Node,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use std::collections::BTreeMap;
use std::sync::Arc;

/// How long creating a pod's sandbox (network namespace, pause container) takes.
const SANDBOX_TAKES: SignedDuration = SignedDuration::from_secs(1);
/// First CrashLoopBackOff delay; doubles up to [`MAX_BACKOFF`].
const INITIAL_BACKOFF: SignedDuration = SignedDuration::from_secs(10);
/// The kubelet's maximum container restart back-off (5 minutes).
const MAX_BACKOFF: SignedDuration = SignedDuration::from_secs(300);

/// The kubelets' key for the pod at `key` ([`crate::sim::runtime::pod_key`]).
fn rt_key(key: &ObjKey) -> String {
    crate::sim::runtime::pod_key(&key.namespace, &key.name)
}

/// [`rt_key`] written into `buf`, if it fits.
fn short_rt_key<'a>(buf: &'a mut [u8], key: &ObjKey) -> Option<&'a str> {
    let (ns, name) = (key.namespace.as_bytes(), key.name.as_bytes());
    let len = ns.len() + 1 + name.len();
    let out = buf.get_mut(..len)?;
    out[..ns.len()].copy_from_slice(ns);
    out[ns.len()] = b'/';
    out[ns.len() + 1..].copy_from_slice(name);
    std::str::from_utf8(out).ok()
}

/// Go's `time.Duration.String()` for the durations the kubelet prints (`2.345s`, `512ms`).
pub fn go_duration(d: SignedDuration) -> String {
    let ms = d.as_millis();
    if ms < 1000 {
        return format!("{ms}ms");
    }
    let secs = ms / 1000;
    let frac = ms % 1000;
    let base = if secs >= 60 {
        let m = secs / 60;
        let s = secs % 60;
        if m >= 60 {
            format!("{}h{}m{}", m / 60, m % 60, s)
        } else {
            format!("{m}m{s}")
        }
    } else {
        secs.to_string()
    };
    if frac == 0 {
        format!("{base}s")
    } else {
        let f = format!("{frac:03}");
        format!("{base}.{}s", f.trim_end_matches('0'))
    }
}

/// The kubelet's reconcile for one pod.
pub fn reconcile(c: &mut Cluster, key: &ObjKey) {
    // Most pod keys are short: the runtime's key is written on the stack, not allocated, for
    // each of the half a dozen times a pod's kubelet reconciles it.
    let mut buf = [0u8; 96];
    let long: String;
    let rk: &str = match short_rt_key(&mut buf, key) {
        Some(k) => k,
        None => {
            long = rt_key(key);
            &long
        }
    };
    let Some(pod) = c.store.get_shared_at::<Pod>(key) else {
        // The pod object is gone: its containers are killed as orphans.
        c.runtime.pods.remove(rk);
        return;
    };
    let uid = pod.metadata.uid.as_deref().unwrap_or_default();
    let now = c.now();
    let rv = pod
        .metadata
        .resource_version
        .as_deref()
        .and_then(|v| v.parse::<u64>().ok());
    if let Some(rt) = c.runtime.pods.get(rk)
        && rt.uid == uid
        && rv.is_some()
        && rt.synced == rv.map(|v| (v, now))
    {
        // Nothing changed since this instant's sync (its own status write, echoed back):
        // stepping and building the status again would give what the pod already says.
        // (Checked first: it is half of all a kubelet's reconciles.)
        return;
    }
    let Some(node) = pod.spec.as_ref().and_then(|s| s.node_name.clone()) else {
        return;
    };
    if c.store.get(Kind::Node, "", &node).is_none() || !c.runtime.node_alive(&node) {
        return;
    }
    // The runtime is taken out (the steps below write the cluster) with its key, which goes
    // back in with it.
    let (rk, mut rt) = match c.runtime.pods.remove_entry(rk) {
        Some((k, rt)) if rt.uid == uid => (k, rt),
        _ => (rk.to_string(), Box::new(new_runtime(&pod, &node, now))),
    };
    let phase = pod
        .status
        .as_ref()
        .and_then(|s| s.phase.as_deref())
        .unwrap_or("");
    let deleting = pod.metadata.deletion_timestamp.is_some();
    if deleting && terminate(c, &pod, &mut rt, key) {
        return;
    }
    let settled = deleting || phase == "Succeeded" || phase == "Failed" || step(c, &pod, &mut rt);
    let status = build_status(c, &pod, &rt);
    let mut synced_rv = rv;
    if pod.status.as_ref() != Some(&status) {
        // Written in place: with this reference dropped the store holds the only one, so the
        // pod is not copied.
        drop(pod);
        c.store.update_pod_status_at(key, status);
        synced_rv = Some(c.store.resource_version());
    }
    rt.synced = synced_rv.filter(|_| settled).map(|v| (v, now));
    if let Some(t) = next_wake(&rt, now)
        && rt.wake_at != Some(t)
    {
        rt.wake_at = Some(t);
        c.enqueue_at(Ctrl::Kubelet, key.clone(), t);
    }
    c.runtime.pods.insert(rk, rt);
}

fn new_runtime(pod: &Pod, node: &str, now: Timestamp) -> PodRuntime {
    let default = crate::sim::pod::PodSpec::default();
    let spec = pod.spec.as_ref().unwrap_or(&default);
    let mk = |ctr: &Container, init: bool| ContainerRuntime {
        name: ctr.name.as_str().into(),
        init,
        phase: ContainerPhase::Waiting,
        restarts: 0,
        last: None,
        logs: Vec::new(),
        previous_logs: Vec::new(),
        id_number: 0,
    };
    let mut containers: Vec<ContainerRuntime> = spec
        .init_containers
        .iter()
        .flatten()
        .map(|ctr| mk(ctr, true))
        .collect();
    containers.extend(spec.containers.iter().map(|ctr| mk(ctr, false)));
    PodRuntime {
        uid: pod.metadata.uid.clone().unwrap_or_default(),
        start_time: now,
        wake_at: None,
        node: node.into(),
        ip: None,
        sandbox_ready_at: now + SANDBOX_TAKES,
        containers,
        killing: None,
        synced: None,
    }
}

fn container_spec<'a>(
    pod: &'a Pod,
    ctr: &ContainerRuntime,
) -> Option<&'a crate::sim::pod::Container> {
    let spec = pod.spec.as_ref()?;
    if ctr.init {
        spec.init_containers
            .as_ref()?
            .iter()
            .find(|x| x.name == ctr.name)
    } else {
        spec.containers.iter().find(|x| x.name == ctr.name)
    }
}

fn pod_event(c: &mut Cluster, pod: &Pod, node: &str, type_: &str, reason: &str, msg: &str) {
    c.record_event(pod, type_, reason, msg, Source::kubelet(node));
}

/// How many earlier attempts of "this work" failed: restarts of the container, plus, for a Job's
/// pods, the failed pods the Job has counted (so `fail-attempts` spans replacement pods).
fn attempt_number(c: &Cluster, pod: &Pod, ctr: &ContainerRuntime) -> i32 {
    let job_failed = pod
        .metadata
        .owner_references
        .iter()
        .flatten()
        .find(|r| r.kind == "Job")
        .and_then(|r| {
            c.store
                .get_typed::<Job>(pod.metadata.namespace.as_deref().unwrap_or(""), &r.name)
        })
        .and_then(|j| j.status.as_ref().and_then(|s| s.failed))
        .unwrap_or(0);
    ctr.restarts + job_failed
}

fn format_date(t: Timestamp) -> String {
    // busybox/coreutils `date` in UTC: "Mon Jan  6 09:00:05 UTC 2025".
    t.strftime("%a %b %e %H:%M:%S UTC %Y").to_string()
}

fn start_container(
    c: &mut Cluster,
    pod: &Pod,
    node: &str,
    ctr: &mut ContainerRuntime,
    b: &Behavior,
    now: Timestamp,
) {
    c.runtime.next_container_id += 1;
    ctr.id_number = c.runtime.next_container_id;
    let probe_delay = container_spec(pod, ctr)
        .and_then(|s| s.readiness_probe.as_ref())
        .map(|p| SignedDuration::from_secs(i64::from(p.initial_delay_seconds.unwrap_or(0)).max(1)));
    let ready_delay = b
        .ready_after
        .or(probe_delay)
        .unwrap_or(SignedDuration::ZERO);
    let run = ContainerRun {
        attempt: ctr.restarts,
        started_at: now,
        exits_at: b.runs_for.map(|d| now + d),
        exit_code: b.exit_code,
        ready_at: Some(now + ready_delay),
    };
    ctr.logs = b
        .logs
        .iter()
        .map(|(off, text)| {
            let at = now + *off;
            LogLine {
                at,
                text: if text.contains("@DATE@") {
                    text.replace("@DATE@", &format_date(at)).into()
                } else {
                    text.clone()
                },
            }
        })
        .collect();
    let name = ctr.name.clone();
    pod_event(
        c,
        pod,
        node,
        "Normal",
        "Created",
        &format!("Created container: {name}"),
    );
    pod_event(
        c,
        pod,
        node,
        "Normal",
        "Started",
        &format!("Started container {name}"),
    );
    ctr.phase = ContainerPhase::Running(run);
}

fn restart_policy(pod: &Pod) -> &str {
    pod.spec
        .as_ref()
        .and_then(|s| s.restart_policy.as_deref())
        .unwrap_or("Always")
}

/// Advances every container of the pod to `now`. Returns false if a container stopped with
/// transitions still due (more at one instant than a step makes), so the pod is synced again.
fn step(c: &mut Cluster, pod: &Pod, rt: &mut PodRuntime) -> bool {
    let now = c.now();
    let node = rt.node.clone();
    let mut settled = true;
    if now < rt.sandbox_ready_at {
        return settled;
    }
    if rt.ip.is_none() {
        rt.ip = Some(allocate_pod_ip(c, &node).into());
    }
    let policy = restart_policy(pod).to_string();
    let n = rt.containers.len();
    for i in 0..n {
        let init = rt.containers[i].init;
        if init {
            // Init containers run one at a time, in order; later ones wait.
            let earlier_done = rt.containers[..i].iter().all(|x| !x.init || init_done(x));
            if !earlier_done {
                break;
            }
        } else if !rt.containers.iter().filter(|x| x.init).all(init_done) {
            break;
        }
        let mut ctr = rt.containers[i].clone();
        let Some(spec) = container_spec(pod, &ctr) else {
            continue;
        };
        let image = spec.image.clone().unwrap_or_default();
        // Loop so that several transitions due at the same instant all happen.
        let mut transitions = 0;
        loop {
            if transitions == 8 {
                settled = false;
                break;
            }
            transitions += 1;
            let attempt = attempt_number(c, pod, &ctr);
            let b = behavior::behavior(pod, spec, attempt);
            match ctr.phase.clone() {
                ContainerPhase::Waiting => {
                    let pull_policy = spec.image_pull_policy.as_deref().unwrap_or("IfNotPresent");
                    let present = c
                        .runtime
                        .images
                        .get(node.as_str())
                        .is_some_and(|s| s.contains(&image));
                    if pull_policy == "Never" || (present && pull_policy != "Always") {
                        pod_event(
                            c,
                            pod,
                            &node,
                            "Normal",
                            "Pulled",
                            &format!("Container image \"{image}\" already present on machine"),
                        );
                        start_container(c, pod, &node, &mut ctr, &b, now);
                    } else {
                        pod_event(
                            c,
                            pod,
                            &node,
                            "Normal",
                            "Pulling",
                            &format!("Pulling image \"{image}\""),
                        );
                        let takes = if present {
                            SignedDuration::from_millis(400)
                        } else {
                            b.pull_takes
                        };
                        ctr.phase = ContainerPhase::Pulling {
                            since: now,
                            until: now + takes,
                        };
                    }
                }
                ContainerPhase::Pulling { since, until } if until <= now => {
                    c.runtime
                        .images
                        .entry(node.to_string())
                        .or_default()
                        .insert(image.clone());
                    let took = until.duration_since(since);
                    let d = go_duration(took);
                    pod_event(
                        c,
                        pod,
                        &node,
                        "Normal",
                        "Pulled",
                        &format!(
                            "Successfully pulled image \"{image}\" in {d} ({d} including waiting). Image size: {} bytes.",
                            b.image_size
                        ),
                    );
                    start_container(c, pod, &node, &mut ctr, &b, now);
                }
                ContainerPhase::Running(run) if run.exits_at.is_some_and(|t| t <= now) => {
                    let finished_at = run.exits_at.unwrap_or(now);
                    let reason = if run.exit_code == 0 {
                        "Completed"
                    } else {
                        "Error"
                    }
                    .to_string();
                    let restart = match policy.as_str() {
                        "Never" => false,
                        "OnFailure" => run.exit_code != 0,
                        _ => !init || run.exit_code != 0,
                    };
                    let restart_at = restart.then(|| {
                        if ctr.restarts == 0 {
                            now
                        } else {
                            let factor = 1i64 << (ctr.restarts - 1).clamp(0, 10);
                            now + (INITIAL_BACKOFF * factor as i32).min(MAX_BACKOFF)
                        }
                    });
                    if let Some(at) = restart_at
                        && at > now
                    {
                        let name = ctr.name.clone();
                        pod_event(
                            c,
                            pod,
                            &node,
                            "Warning",
                            "BackOff",
                            &format!(
                                "Back-off restarting failed container {name} in pod {}",
                                pod_ref(pod)
                            ),
                        );
                    }
                    ctr.phase = ContainerPhase::Exited {
                        run,
                        finished_at,
                        reason,
                        restart_at,
                    };
                }
                ContainerPhase::Exited {
                    run,
                    finished_at,
                    reason,
                    restart_at: Some(at),
                } if at <= now => {
                    ctr.last = Some(Box::new((run, finished_at, reason)));
                    ctr.restarts += 1;
                    ctr.previous_logs = std::mem::take(&mut ctr.logs);
                    let b = behavior::behavior(pod, spec, attempt_number(c, pod, &ctr));
                    pod_event(
                        c,
                        pod,
                        &node,
                        "Normal",
                        "Pulled",
                        &format!("Container image \"{image}\" already present on machine"),
                    );
                    start_container(c, pod, &node, &mut ctr, &b, now);
                }
                _ => break,
            }
        }
        rt.containers[i] = ctr;
    }
    settled
}

/// `format.Pod`: `name_namespace(uid)`, as kubelet messages name pods.
fn pod_ref(pod: &Pod) -> String {
    format!(
        "{}_{}({})",
        pod.metadata.name.as_deref().unwrap_or(""),
        pod.metadata.namespace.as_deref().unwrap_or(""),
        pod.metadata.uid.as_deref().unwrap_or("")
    )
}

fn init_done(x: &ContainerRuntime) -> bool {
    matches!(&x.phase, ContainerPhase::Exited { run, restart_at: None, .. } if run.exit_code == 0)
}

fn allocate_pod_ip(c: &mut Cluster, node: &str) -> String {
    let cidr = c
        .store
        .get_typed::<Node>("", node)
        .and_then(|n| n.spec.as_ref().and_then(|s| s.pod_cidr.clone()))
        .unwrap_or_else(|| "10.244.0.0/24".into());
    let base: Vec<&str> = cidr
        .split('/')
        .next()
        .unwrap_or("10.244.0.0")
        .split('.')
        .collect();
    let next = c.runtime.next_ip.entry(node.to_string()).or_insert(1);
    *next += 1;
    let host = *next % 254 + 1;
    format!(
        "{}.{}.{}.{}",
        base.first().unwrap_or(&"10"),
        base.get(1).unwrap_or(&"244"),
        base.get(2).unwrap_or(&"0"),
        host
    )
}

/// Handles a pod with a deletionTimestamp: SIGTERM, wait, SIGKILL at the grace deadline, then
/// the object is removed. Returns true when the pod is gone.
fn terminate(c: &mut Cluster, pod: &Pod, rt: &mut PodRuntime, key: &ObjKey) -> bool {
    let now = c.now();
    let node = rt.node.clone();
    let deadline = pod
        .metadata
        .deletion_timestamp
        .as_ref()
        .map(|t| t.0)
        .unwrap_or(now);
    if rt.killing.is_none() {
        let mut done = now;
        for i in 0..rt.containers.len() {
            let ctr = rt.containers[i].clone();
            if let ContainerPhase::Running(_) = ctr.phase {
                let spec = container_spec(pod, &ctr).cloned().unwrap_or_default();
                let b = behavior::behavior(pod, &spec, ctr.restarts);
                let stop = b
                    .stop_takes
                    .map(|d| now + d)
                    .unwrap_or(deadline)
                    .min(deadline);
                done = done.max(stop);
                pod_event(
                    c,
                    pod,
                    &node,
                    "Normal",
                    "Killing",
                    &format!("Stopping container {}", ctr.name),
                );
            }
        }
        rt.killing = Some((now, done.max(now)));
    }
    let Some((_, done)) = rt.killing else {
        return false;
    };
    if done > now {
        return false;
    }
    // Containers are gone: the kubelet confirms, the API server removes the object.
    c.store.remove(key);
    c.runtime.pods.remove(&rt_key(key));
    true
}

fn next_wake(rt: &PodRuntime, now: Timestamp) -> Option<Timestamp> {
    let mut times = vec![];
    if rt.sandbox_ready_at > now {
        times.push(rt.sandbox_ready_at);
    }
    if let Some((_, done)) = rt.killing {
        times.push(done);
    }
    for ctr in &rt.containers {
        match &ctr.phase {
            ContainerPhase::Pulling { until, .. } => times.push(*until),
            ContainerPhase::Running(run) => {
                times.extend(run.exits_at);
                times.extend(run.ready_at.filter(|t| *t > now));
            }
            ContainerPhase::Exited {
                restart_at: Some(t),
                ..
            } => times.push(*t),
            _ => {}
        }
    }
    times.into_iter().filter(|t| *t > now).min()
}

fn terminated_state(
    run: &ContainerRun,
    finished_at: Timestamp,
    reason: &str,
    id: &str,
) -> ContainerState {
    ContainerState {
        terminated: Some(Box::new(ContainerStateTerminated {
            exit_code: run.exit_code,
            reason: Some(reason.to_string()),
            started_at: Some(Time(run.started_at)),
            finished_at: Some(Time(finished_at)),
            container_id: if id.is_empty() {
                None
            } else {
                Some(id.to_string())
            },
            ..Default::default()
        })),
        ..Default::default()
    }
}

fn image_id(image: &str) -> String {
    let repo = image.split(['@']).next().unwrap_or(image);
    let repo = match repo.rfind(':') {
        Some(i) if !repo[i..].contains('/') => &repo[..i],
        _ => repo,
    };
    let full = if repo.contains('/') {
        if repo
            .split('/')
            .next()
            .is_some_and(|h| h.contains('.') || h.contains(':'))
        {
            repo.to_string()
        } else {
            format!("docker.io/{repo}")
        }
    } else {
        format!("docker.io/library/{repo}")
    };
    format!("{full}@sha256:{}", behavior::fake_digest(image))
}

/// The `imageID` of a container whose image is not pulled yet: empty, one copy for all.
static NOT_PULLED: std::sync::LazyLock<Arc<str>> = std::sync::LazyLock::new(|| Arc::from(""));

/// The image id of `image`, from `ids` (made and kept there the first time).
fn shared_image_id(ids: &mut BTreeMap<String, Arc<str>>, image: &str) -> Arc<str> {
    if let Some(id) = ids.get(image) {
        return id.clone();
    }
    let id: Arc<str> = image_id(image).into();
    ids.insert(image.to_string(), id.clone());
    id
}

fn container_status(
    pod: &Pod,
    ctr: &ContainerRuntime,
    now: Timestamp,
    initialized: bool,
    image_ids: &mut BTreeMap<String, Arc<str>>,
) -> ContainerStatus {
    let image = container_spec(pod, ctr)
        .and_then(|c| c.image.as_deref())
        .unwrap_or_default();
    let started = matches!(ctr.phase, ContainerPhase::Running(_));
    let (state, ready) = match &ctr.phase {
        ContainerPhase::Waiting | ContainerPhase::Pulling { .. } => {
            let reason = if ctr.init || initialized {
                "ContainerCreating"
            } else {
                "PodInitializing"
            };
            (
                ContainerState {
                    waiting: Some(ContainerStateWaiting {
                        reason: Some(reason.into()),
                        message: None,
                    }),
                    ..Default::default()
                },
                false,
            )
        }
        ContainerPhase::Running(run) => (
            ContainerState {
                running: Some(ContainerStateRunning {
                    started_at: Some(Time(run.started_at)),
                }),
                ..Default::default()
            },
            run.ready_at.is_some_and(|t| t <= now),
        ),
        ContainerPhase::Exited {
            run,
            finished_at,
            reason,
            restart_at,
        } => match restart_at {
            Some(_) if ctr.restarts > 0 || *restart_at != Some(*finished_at) => (
                ContainerState {
                    waiting: Some(ContainerStateWaiting {
                        reason: Some("CrashLoopBackOff".into()),
                        message: Some(format!(
                            "back-off {} restarting failed container={} pod={}",
                            go_duration(
                                restart_at
                                    .map(|t| t.duration_since(*finished_at))
                                    .unwrap_or_default()
                            ),
                            ctr.name,
                            pod_ref(pod)
                        )),
                    }),
                    ..Default::default()
                },
                false,
            ),
            _ => (
                terminated_state(run, *finished_at, reason, &ctr.container_id()),
                init_done(ctr),
            ),
        },
    };
    let pulled = !matches!(
        ctr.phase,
        ContainerPhase::Waiting | ContainerPhase::Pulling { .. }
    ) || ctr.restarts > 0;
    ContainerStatus {
        name: ctr.name.as_str().into(),
        image: image.into(),
        image_id: if pulled {
            shared_image_id(image_ids, image)
        } else {
            NOT_PULLED.clone()
        },
        container_id: (ctr.id_number != 0).then_some(ContainerId::Number(ctr.id_number)),
        ready: ready && !ctr.init,
        restart_count: ctr.restarts,
        started: Some(started),
        state: Some(state),
        last_state: Some(match ctr.last.as_deref() {
            Some((run, fin, reason)) => terminated_state(run, *fin, reason, ""),
            None => ContainerState::default(),
        }),
        // Spelled out, not `..Default::default()`: that would make (and drop) an empty
        // `imageID` on every status build.
        allocated_resources: None,
        allocated_resources_status: None,
        resources: None,
        stop_signal: None,
        user: None,
        volume_mounts: None,
    }
}

fn condition(
    old: Option<&PodStatus>,
    type_: &str,
    ok: bool,
    reason: Option<&str>,
    message: Option<String>,
    now: Timestamp,
) -> PodCondition {
    let status = if ok { "True" } else { "False" };
    let prev = old
        .and_then(|s| s.conditions.as_ref())
        .and_then(|cs| cs.iter().find(|c| c.type_ == type_));
    let since = match prev {
        Some(p) if p.status == status => p.last_transition_time.clone(),
        _ => Some(Time(now)),
    };
    PodCondition {
        type_: type_.into(),
        status: status.into(),
        last_transition_time: since,
        last_probe_time: None,
        reason: if ok { None } else { reason.map(Word::from) },
        message: if ok { None } else { message },
        observed_generation: None,
    }
}

/// The pod status a kubelet reports for `rt` (`pkg/kubelet/kubelet_pods.go` generateAPIPodStatus).
fn build_status(c: &mut Cluster, pod: &Pod, rt: &PodRuntime) -> PodStatus {
    let now = c.now();
    let old = pod.status.as_ref();
    let inits: Vec<&ContainerRuntime> = rt.containers.iter().filter(|x| x.init).collect();
    let mains: Vec<&ContainerRuntime> = rt.containers.iter().filter(|x| !x.init).collect();
    let initialized = inits.iter().all(|x| init_done(x));
    let init_failed = inits.iter().any(|x| {
        matches!(&x.phase, ContainerPhase::Exited { run, restart_at: None, .. } if run.exit_code != 0)
    });
    let all_exited = mains.iter().all(|x| {
        matches!(
            x.phase,
            ContainerPhase::Exited {
                restart_at: None,
                ..
            }
        )
    });
    let all_zero = mains
        .iter()
        .all(|x| matches!(&x.phase, ContainerPhase::Exited { run, .. } if run.exit_code == 0));
    let ever_ran = mains.iter().any(|x| {
        !matches!(
            x.phase,
            ContainerPhase::Waiting | ContainerPhase::Pulling { .. }
        )
    });
    let phase = if init_failed || (all_exited && !all_zero && !mains.is_empty()) {
        "Failed"
    } else if all_exited && !mains.is_empty() {
        "Succeeded"
    } else if ever_ran && initialized {
        "Running"
    } else {
        "Pending"
    };
    let ids = &mut c.runtime.image_ids;
    let statuses: Vec<ContainerStatus> = mains
        .iter()
        .map(|x| container_status(pod, x, now, initialized, ids))
        .collect();
    let init_statuses: Vec<ContainerStatus> = inits
        .iter()
        .map(|x| container_status(pod, x, now, initialized, ids))
        .collect();
    let unready: Vec<&str> = statuses
        .iter()
        .filter(|s| !s.ready)
        .map(|s| s.name.as_str())
        .collect();
    let incomplete: Vec<&str> = inits
        .iter()
        .filter(|x| !init_done(x))
        .map(|x| x.name.as_str())
        .collect();
    let terminal = phase == "Succeeded" || phase == "Failed";
    let ready_reason = if terminal {
        "PodCompleted"
    } else {
        "ContainersNotReady"
    };
    let ready = unready.is_empty() && !terminal;
    // A true condition has no message: made only for a false one.
    let ready_msg = (!ready && !terminal)
        .then(|| format!("containers with unready status: [{}]", unready.join(" ")));
    let sandbox = rt.ip.is_some() && !terminal;
    let mut conditions = vec![
        condition(old, "PodReadyToStartContainers", sandbox, None, None, now),
        condition(
            old,
            "Initialized",
            initialized,
            Some("ContainersNotInitialized"),
            (!initialized).then(|| {
                format!(
                    "containers with incomplete status: [{}]",
                    incomplete.join(" ")
                )
            }),
            now,
        ),
        condition(
            old,
            "Ready",
            ready,
            Some(ready_reason),
            ready_msg.clone(),
            now,
        ),
        condition(
            old,
            "ContainersReady",
            ready,
            Some(ready_reason),
            ready_msg,
            now,
        ),
    ];
    if let Some(sched) = old
        .and_then(|s| s.conditions.as_ref())
        .and_then(|cs| cs.iter().find(|c| c.type_ == "PodScheduled"))
    {
        // Kept for the pod's life: room for this one only.
        conditions.reserve_exact(1);
        conditions.push(sched.clone());
    }
    let host_ip = c
        .store
        .get_typed::<Node>("", &rt.node)
        .and_then(|n| n.status.as_ref())
        .and_then(|s| s.addresses.as_ref())
        .and_then(|a| {
            a.iter()
                .find(|a| a.type_ == "InternalIP")
                .map(|a| Word::from(&a.address))
        });
    PodStatus {
        phase: Some(phase.into()),
        conditions: Some(conditions),
        host_ip: host_ip.clone(),
        host_ips: host_ip.map(|ip| vec![HostIP { ip }]),
        pod_ip: rt.ip.as_deref().map(Word::from),
        pod_ips: rt.ip.as_deref().map(|ip| vec![PodIP { ip: ip.into() }]),
        start_time: Some(Time(rt.start_time)),
        container_statuses: Some(statuses),
        init_container_statuses: if init_statuses.is_empty() {
            None
        } else {
            Some(init_statuses)
        },
        qos_class: old.and_then(|s| s.qos_class.clone()),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key written on the stack is the allocated one whenever it fits, up to the buffer's
    /// last byte, and none past it (multi-byte names included).
    #[test]
    fn a_runtime_key_on_the_stack_is_the_allocated_one() {
        let mut buf = [0u8; 96];
        for (ns, len) in [
            ("default", 1),
            ("default", 88),
            ("default", 89),
            ("ns-é", 40),
        ] {
            let name = "p".repeat(len);
            let key = ObjKey::new(Kind::Pod, ns, &name);
            let want = rt_key(&key);
            let got = short_rt_key(&mut buf, &key);
            if want.len() <= 96 {
                assert_eq!(got, Some(want.as_str()), "{ns} {len}");
            } else {
                assert_eq!(got, None, "{ns} {len}");
            }
        }
    }

    #[test]
    fn go_duration_formats_like_time_duration_string() {
        assert_eq!(go_duration(SignedDuration::from_millis(512)), "512ms");
        assert_eq!(go_duration(SignedDuration::from_millis(2345)), "2.345s");
        assert_eq!(go_duration(SignedDuration::from_millis(2300)), "2.3s");
        assert_eq!(go_duration(SignedDuration::from_secs(10)), "10s");
        assert_eq!(go_duration(SignedDuration::from_secs(90)), "1m30s");
    }

    #[test]
    fn image_ids_are_fully_qualified() {
        assert!(image_id("nginx:1.27").starts_with("docker.io/library/nginx@sha256:"));
        assert!(
            image_id("registry.k8s.io/nginx-slim:0.24")
                .starts_with("registry.k8s.io/nginx-slim@sha256:")
        );
        assert!(image_id("prom/node-exporter").starts_with("docker.io/prom/node-exporter@sha256:"));
    }
}
