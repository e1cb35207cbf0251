//! What a real cluster keeps outside the API: the containers the kubelets run, their logs, the
//! contents of volumes, which images each node has pulled, and whether a node's kubelet is alive.
//!
//! The API objects (pod status, node conditions) are the kubelets' *reports* of this state; the
//! simulator keeps the state itself here so that, for example, a PersistentVolume's files survive
//! the pod that wrote them.

use crate::sim::word::Word;
use jiff::Timestamp;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// One line a container wrote to stdout/stderr.
#[derive(Clone, Debug, PartialEq)]
pub struct LogLine {
    /// When it was written.
    pub at: Timestamp,
    /// The text, without the newline: borrowed when it is an image's fixed line, which every
    /// container of that image writes (no copy a container).
    pub text: Cow<'static, str>,
}

/// What happens to a container once started, decided by [`super::behavior`].
#[derive(Clone, Debug, PartialEq)]
pub struct ContainerRun {
    /// Which start this is (0 for the first, then restartCount).
    pub attempt: i32,
    /// When the process started.
    pub started_at: Timestamp,
    /// When the process exits on its own, if it does.
    pub exits_at: Option<Timestamp>,
    /// Its exit code when it does.
    pub exit_code: i32,
    /// When a readiness probe first succeeds (None: never ready while running).
    pub ready_at: Option<Timestamp>,
}

/// Where one container is in its life.
#[derive(Clone, Debug, PartialEq)]
pub enum ContainerPhase {
    /// Not started: waits for the sandbox, or for the init containers before it.
    Waiting,
    /// Its image is being pulled until the given time.
    Pulling { since: Timestamp, until: Timestamp },
    /// The process runs.
    Running(ContainerRun),
    /// Exited; restarts at `restart_at` if its restart policy says so (CrashLoopBackOff while
    /// waiting for it).
    Exited {
        run: ContainerRun,
        finished_at: Timestamp,
        reason: String,
        restart_at: Option<Timestamp>,
    },
}

/// A container as its kubelet tracks it.
#[derive(Clone, Debug, PartialEq)]
pub struct ContainerRuntime {
    /// Container name.
    pub name: Word,
    /// Whether it is an init container.
    pub init: bool,
    /// Where it is now.
    pub phase: ContainerPhase,
    /// How many times it restarted.
    pub restarts: i32,
    /// The previous run's end, for `lastState` and `kubectl logs --previous` (boxed: most
    /// containers never restart).
    pub last: Option<Box<(ContainerRun, Timestamp, String)>>,
    /// Output of the current (or last) run.
    pub logs: Vec<LogLine>,
    /// Output of the run before, for `--previous`.
    pub previous_logs: Vec<LogLine>,
    /// The number its unique container id is made from (0 before it first starts): the id
    /// itself is 77 bytes, made when asked for.
    pub id_number: u64,
}

impl ContainerRuntime {
    /// Its container id (`containerd://<64 hex digits>`), or "" before it first starts.
    pub fn container_id(&self) -> String {
        container_id_of(self.id_number)
    }
}

/// The container id (`containerd://<64 hex digits>`) of the container numbered `n`, or "" for
/// 0 (not started yet).
pub fn container_id_of(n: u64) -> String {
    if n == 0 {
        return String::new();
    }
    format!(
        "containerd://{}",
        super::behavior::fake_digest(&format!("ctr-{n}"))
    )
}

/// A pod as its kubelet tracks it.
#[derive(Clone, Debug, PartialEq)]
pub struct PodRuntime {
    /// The pod object's uid (a pod recreated with the same name is a new pod).
    pub uid: String,
    /// When the kubelet first saw the pod (`status.startTime`).
    pub start_time: Timestamp,
    /// The next time the kubelet has asked to be woken for this pod.
    pub wake_at: Option<Timestamp>,
    /// The node running it.
    pub node: Word,
    /// The pod IP, once the sandbox exists.
    pub ip: Option<Word>,
    /// When the sandbox (network namespace) is ready.
    pub sandbox_ready_at: Timestamp,
    /// Its containers (init containers first).
    pub containers: Vec<ContainerRuntime>,
    /// When termination started (Killing) and when the containers will be gone.
    pub killing: Option<(Timestamp, Timestamp)>,
    /// The pod's resourceVersion after the kubelet's last sync of it, and the instant of that
    /// sync: the kubelet's own status write coming back at the same instant has nothing left to
    /// do (the real kubelet's pod config does not sync a pod on a status-only update either).
    pub synced: Option<(u64, Timestamp)>,
}

/// A file tree (a volume's contents).
pub type Files = BTreeMap<String, String>;

/// A pod's key in [`Runtime::pods`]: `<namespace>/<name>` (written directly: the kubelet makes
/// one on every sync).
pub fn pod_key(namespace: &str, name: &str) -> String {
    let mut s = String::with_capacity(namespace.len() + 1 + name.len());
    s.push_str(namespace);
    s.push('/');
    s.push_str(name);
    s
}

/// The kubelets' pods by `<namespace>/<name>` (see [`Runtime::pods`]), boxed so the table's
/// spare room costs a pointer, not a whole pod's state, and a sync moves a pointer.
pub type PodRuntimes = std::collections::HashMap<String, Box<PodRuntime>, super::rng::FxState>;

/// The runtime side of the whole cluster.
#[derive(Clone, Debug, Default)]
pub struct Runtime {
    /// Pods known to kubelets, by `<namespace>/<name>`. A hash map with a fixed hasher: a
    /// kubelet looks its pod up on every sync, and nothing reads the pods in map order.
    pub pods: PodRuntimes,
    /// Images each node has pulled.
    pub images: BTreeMap<String, BTreeSet<String>>,
    /// The `imageID` of each image the kubelets have reported, made once: the pods of a
    /// workload all report the same ~100-byte id, and share one copy of it.
    pub image_ids: BTreeMap<String, Arc<str>>,
    /// Nodes whose kubelet is down (`node fail`): since when.
    pub failed_nodes: BTreeMap<String, Timestamp>,
    /// Deleted nodes whose pods wait out pod GC's quarantine: since when.
    pub node_gone_since: BTreeMap<String, Timestamp>,
    /// Contents of PersistentVolumes, by PV name.
    pub volumes: BTreeMap<String, Files>,
    /// Each container's own writable layer (files written outside its volumes), by
    /// `<pod uid>/<container>/<restart count>`: a restarted container starts afresh and the
    /// layers of a pod that is gone are dropped (see `sim/container.rs`).
    pub container_layers: BTreeMap<String, Files>,
    /// Contents of emptyDir volumes, by `<pod uid>/<volume name>`: they live as long as the pod.
    pub empty_dirs: BTreeMap<String, Files>,
    /// Next pod IP host number per node.
    pub next_ip: BTreeMap<String, u32>,
    /// Next ClusterIP host number.
    pub next_cluster_ip: u32,
    /// Next container id.
    pub next_container_id: u64,
    /// The DaemonSet controller's `failedPodsBackoff`, by `<ds uid>/<observedGeneration>/<node>`:
    /// when the delay was last raised and the delay itself.
    pub daemon_pod_backoff: BTreeMap<String, (Timestamp, jiff::SignedDuration)>,
    /// The Job controller's pod-failure back-off memory, by `namespace/name`.
    pub job_backoff: BTreeMap<String, JobBackoff>,
    /// Failed syncs in a row per work item (`replicaset/NS/NAME`), for the work queue's
    /// exponential retry back-off.
    pub sync_failures: BTreeMap<String, u32>,
    /// `kubectl port-forward` listeners on the learner's machine, by local port (client state
    /// kept here so the prompt's and a script's later `curl localhost:PORT` reach them).
    pub port_forwards: BTreeMap<u16, PortForward>,
    /// The shell jobs those port-forwards run as, by job number: the command line `jobs`
    /// shows (`kill %N` ends one).
    pub port_forward_jobs: BTreeMap<u32, String>,
}

/// One forwarded local port: the pod it reaches and the port there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortForward {
    /// Pod namespace.
    pub namespace: String,
    /// Pod name.
    pub pod: String,
    /// Pod uid (a new pod of the same name is another pod: the forward is lost).
    pub uid: String,
    /// The pod's port.
    pub remote: u16,
    /// The shell job (`%N`) of the `kubectl port-forward` that opened it.
    pub job: u32,
}

/// What the Job controller remembers about a Job's recent pod failures to space out replacement
/// pods (`backoffRecord` of `pkg/controller/job/backoff_utils.go`). kube-controller-manager keeps
/// it in memory, not in the API, so it lives here.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JobBackoff {
    /// Pods that failed since the last success.
    pub failures_after_last_success: i32,
    /// When the most recent of them finished.
    pub last_failure_time: Option<Timestamp>,
}

impl Runtime {
    /// The kubelet's state of the pod `name` in `namespace`, if a kubelet runs it.
    pub fn pod(&self, namespace: &str, name: &str) -> Option<&PodRuntime> {
        self.pods.get(&pod_key(namespace, name)).map(|b| &**b)
    }

    /// Counts a failed sync of `item` and returns when to retry: client-go's
    /// DefaultControllerRateLimiter, whose per-item part (ItemExponentialFailureRateLimiter)
    /// waits 5ms × 2^(failures-1), at most 1000s.
    pub fn rate_limit_failure(&mut self, item: &str) -> jiff::SignedDuration {
        let n = self.sync_failures.entry(item.to_string()).or_insert(0);
        let exp = (*n).min(30);
        *n = n.saturating_add(1);
        let ms = 5u64.saturating_mul(1u64 << exp).min(1_000_000);
        jiff::SignedDuration::from_millis(ms as i64)
    }

    /// Forgets `item`'s failures after a sync that went through (the queue's Forget).
    pub fn rate_limit_forget(&mut self, item: &str) {
        self.sync_failures.remove(item);
    }

    /// Whether the kubelet of `node` is alive.
    pub fn node_alive(&self, node: &str) -> bool {
        !self.failed_nodes.contains_key(node)
    }
}
