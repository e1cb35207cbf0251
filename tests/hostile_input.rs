//! Hostile input gets an error, not an outage: YAML alias bombs, 100 MB files and pastes, deeply
//! nested documents, binary garbage, huge replica counts, names at and past their length limits,
//! and Unicode names. Each case runs under the fuzz watchdog (a hang or a memory blow-up fails
//! with the input) and must end with kubectl-style output.

mod fuzz_support;

use fuzz_support::{Counting, guarded};
use kubetutor::kubectl::manifest::RealFs;
use kubetutor::runner::{ScriptCommand, run_command};
use kubetutor::sim::cluster::{Cluster, ClusterConfig};

#[global_allocator]
static ALLOC: Counting = Counting;

fn cluster() -> Cluster {
    Cluster::new(&ClusterConfig {
        workers: 2,
        ..Default::default()
    })
}

fn run(c: &mut Cluster, line: &str, stdin: Option<&str>) -> (i32, String) {
    let cmd = ScriptCommand::single(
        line,
        kubetutor::kubectl::args::split_command_line(line).expect("words"),
        stdin.map(str::to_string),
    );
    let fs = RealFs {
        base: std::env::temp_dir(),
    };
    let out = run_command(c, &cmd, &fs);
    (out.code, out.text())
}

/// Runs `line` with `stdin` under the watchdog; returns its exit code and text.
fn hostile(name: &'static str, c: &mut Cluster, line: &str, stdin: Option<&str>) -> (i32, String) {
    let shown = format!(
        "{line}\n{}",
        stdin.map(|s| &s[..s.len().min(300)]).unwrap_or("")
    );
    guarded(name, &shown, || run(c, line, stdin))
}

fn billion_laughs() -> String {
    let mut s = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let mut prev = 'a';
    for name in "bcdefghi".chars() {
        s.push_str(&format!(
            "{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
        prev = name;
    }
    s
}

#[test]
fn yaml_alias_bomb_is_an_error() {
    let mut c = cluster();
    let doc = format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\ndata:\n  x: y\n{}",
        billion_laughs()
    );
    let (code, text) = hostile("alias_bomb", &mut c, "kubectl apply -f -", Some(&doc));
    assert_ne!(code, 0, "{text}");
    assert!(text.contains("error"), "{text}");
}

#[test]
fn a_100_mb_file_is_refused() {
    let mut c = cluster();
    let path = std::env::temp_dir().join(format!("kubetutor-100mb-{}.yaml", std::process::id()));
    let mut big =
        String::from("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  x: \"");
    big.push_str(&"a".repeat(100 << 20));
    big.push_str("\"\n");
    std::fs::write(&path, &big).expect("write");
    let line = format!("kubectl apply -f {}", path.display());
    let (code, text) = hostile("file_100mb", &mut c, &line, None);
    let _ = std::fs::remove_file(&path);
    assert_ne!(code, 0, "{text}");
    assert!(text.starts_with("error: "), "{text}");
}

#[test]
fn a_100_mb_paste_is_refused() {
    let mut c = cluster();
    let mut big =
        String::from("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  x: \"");
    big.push_str(&"a".repeat(100 << 20));
    big.push_str("\"\n");
    let (code, text) = hostile("paste_100mb", &mut c, "kubectl apply -f -", Some(&big));
    assert_ne!(code, 0, "{}", &text[..text.len().min(500)]);
    assert!(text.len() < 10_000, "the error repeats the input");
}

#[test]
fn one_object_over_the_request_limit_is_refused_by_the_server() {
    let mut c = cluster();
    let mut big =
        String::from("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  x: \"");
    big.push_str(&"a".repeat(4 << 20));
    big.push_str("\"\n");
    let (code, text) = hostile("object_4mb", &mut c, "kubectl apply -f -", Some(&big));
    assert_ne!(code, 0, "{}", &text[..text.len().min(500)]);
    assert!(
        text.contains("Request entity too large: limit is 3145728"),
        "{text}"
    );
}

#[test]
fn deeply_nested_documents_are_errors() {
    for (what, doc) in [
        (
            "flow",
            format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
        ),
        (
            "maps",
            format!("{}{}", "{a: ".repeat(50_000), "}".repeat(50_000)),
        ),
        (
            "block",
            (0..3_000)
                .map(|i| format!("{}a:\n", " ".repeat(i)))
                .collect::<String>(),
        ),
        (
            "json",
            format!("{}{}", "{\"a\":".repeat(50_000), "}".repeat(50_000)),
        ),
        (
            "labels",
            format!(
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\n  labels: {}1{}\n",
                "[".repeat(10_000),
                "]".repeat(10_000)
            ),
        ),
    ] {
        let mut c = cluster();
        let (code, text) = hostile("deep_nesting", &mut c, "kubectl apply -f -", Some(&doc));
        assert_ne!(code, 0, "{what}: {text}");
        assert!(text.contains("error"), "{what}: {text}");
    }
}

#[test]
fn binary_garbage_is_an_error() {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let bytes: Vec<u8> = (0..1 << 20)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let mut c = cluster();
    let (code, out) = hostile("binary", &mut c, "kubectl apply -f -", Some(&text));
    assert_ne!(code, 0);
    assert!(out.len() < 10_000, "the error repeats the input");
    let with_nul = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \u{0}\u{1}\n";
    let (code, out) = hostile("binary", &mut c, "kubectl apply -f -", Some(with_nul));
    assert_ne!(code, 0, "{out}");
}

fn pods(c: &Cluster) -> usize {
    c.store.list_typed::<kubetutor::sim::pod::Pod>(None).count()
}

/// `replicas: 1000000000` is valid Kubernetes (`spec.replicas` is an int32 >= 0), but no laptop
/// holds a billion pods: the controllers materialise at most `MAX_PODS_PER_WORKLOAD`, say so in
/// a Warning event, and `kubectl get` still shows what was asked for. (A Deployment at int32 max
/// creates nothing: `replicas + maxSurge` wraps in Go's int32 arithmetic, as upstream.)
#[test]
fn huge_replica_counts_are_capped_and_said() {
    for (what, manifest, get) in [
        (
            "deployment",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: big}\nspec:\n  replicas: 1000000000\n  selector: {matchLabels: {app: big}}\n  template:\n    metadata: {labels: {app: big}}\n    spec: {containers: [{name: c, image: nginx}]}\n",
            "kubectl get deployment big",
        ),
        (
            "deployment at int32 max",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: big}\nspec:\n  replicas: 2147483647\n  selector: {matchLabels: {app: big}}\n  template:\n    metadata: {labels: {app: big}}\n    spec: {containers: [{name: c, image: nginx}]}\n",
            "kubectl get deployment big",
        ),
        (
            "replicaset",
            "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: big}\nspec:\n  replicas: 2147483647\n  selector: {matchLabels: {app: big}}\n  template:\n    metadata: {labels: {app: big}}\n    spec: {containers: [{name: c, image: nginx}]}\n",
            "kubectl get replicaset big",
        ),
        (
            "statefulset",
            "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: big}\nspec:\n  replicas: 1000000000\n  podManagementPolicy: Parallel\n  serviceName: big\n  selector: {matchLabels: {app: big}}\n  template:\n    metadata: {labels: {app: big}}\n    spec: {containers: [{name: c, image: nginx}]}\n",
            "kubectl get statefulset big",
        ),
        (
            "statefulset at the last ordinals",
            "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: big}\nspec:\n  replicas: 2147483647\n  ordinals: {start: 2147483647}\n  serviceName: big\n  selector: {matchLabels: {app: big}}\n  template:\n    metadata: {labels: {app: big}}\n    spec: {containers: [{name: c, image: nginx}]}\n",
            "kubectl get statefulset big",
        ),
        (
            "job",
            "apiVersion: batch/v1\nkind: Job\nmetadata: {name: big}\nspec:\n  parallelism: 1000000000\n  completions: 2147483647\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: c, image: busybox, command: [sleep, '10']}]\n",
            "kubectl get job big",
        ),
        (
            "work queue job",
            "apiVersion: batch/v1\nkind: Job\nmetadata: {name: big}\nspec:\n  parallelism: 2147483647\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: c, image: busybox, command: [sleep, '10']}]\n",
            "kubectl get job big",
        ),
    ] {
        // The control plane alone: the smallest cap (110 pods, all Pending on its taint), so the
        // case stays fast in a debug build; the cap scales with nodes (unit-tested in
        // `src/sim/controllers`).
        let mut c = Cluster::new(&ClusterConfig {
            workers: 0,
            ..Default::default()
        });
        let (code, text) = hostile(
            "huge_replicas",
            &mut c,
            "kubectl apply -f -",
            Some(manifest),
        );
        assert_eq!(code, 0, "{what}: {text}");
        guarded("huge_replicas", manifest, || {
            c.advance(jiff::SignedDuration::from_secs(30))
        });
        let max = kubetutor::sim::controllers::max_pods_per_workload(&c);
        assert_eq!(max, 110);
        let n = pods(&c);
        assert!(n <= max, "{what}: {n} pods");
        if !what.contains("int32 max") && !what.contains("last ordinals") {
            assert_eq!(n, max, "{what}: the cap is reached");
        }
        let (_, events) = hostile("huge_replicas", &mut c, "kubectl get events", None);
        // Upstream creates nothing at int32 max (the surge wraps), and a StatefulSet starting at
        // the last ordinal has room for one pod only.
        let capped = !what.contains("int32 max") && !what.contains("last ordinals");
        assert!(
            !capped || events.contains(&format!("at most {max} pods")),
            "{what}: no warning in\n{}",
            &events[events.len().saturating_sub(2000)..]
        );
        let (_, shown) = hostile("huge_replicas", &mut c, get, None);
        assert!(
            shown.contains("1000000000") || shown.contains("2147483647"),
            "{what}: {shown}"
        );
    }
    // Scaling there and back.
    let mut c = Cluster::new(&ClusterConfig {
        workers: 0,
        ..Default::default()
    });
    hostile(
        "huge_replicas",
        &mut c,
        "kubectl create deployment web --image=nginx",
        None,
    );
    let (code, text) = hostile(
        "huge_replicas",
        &mut c,
        "kubectl scale deployment web --replicas=2147483647",
        None,
    );
    assert_eq!(code, 0, "{text}");
    guarded("huge_replicas", "scale", || {
        c.advance(jiff::SignedDuration::from_secs(60))
    });
    hostile(
        "huge_replicas",
        &mut c,
        "kubectl scale deployment web --replicas=1",
        None,
    );
    guarded("huge_replicas", "scale down", || {
        c.advance(jiff::SignedDuration::from_secs(120))
    });
    let (_, shown) = hostile("huge_replicas", &mut c, "kubectl get deployment web", None);
    assert!(shown.contains("0/1"), "{shown}");
    assert_eq!(pods(&c), 1, "scaled back down to one (Pending) pod");
}

/// Names at their limits: 253 characters for a DNS subdomain (a ConfigMap), 63 for a DNS label
/// (a Service); one more is the API server's Invalid error, never a panic. Unicode names are
/// invalid too.
#[test]
fn names_at_and_past_their_limits() {
    let mut c = cluster();
    let cm = |name: &str| format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n");
    let (code, text) = hostile(
        "names",
        &mut c,
        "kubectl apply -f -",
        Some(&cm(&"a".repeat(253))),
    );
    assert_eq!(code, 0, "{text}");
    let (code, text) = hostile(
        "names",
        &mut c,
        "kubectl apply -f -",
        Some(&cm(&"a".repeat(254))),
    );
    assert_ne!(code, 0, "{text}");
    assert!(
        text.contains("must be no more than 253 characters"),
        "{text}"
    );
    for name in ["ünïcødé", "日本", "a\u{200b}b", "🚀", "\"\\u0000\""] {
        let (code, text) = hostile("names", &mut c, "kubectl apply -f -", Some(&cm(name)));
        assert_ne!(code, 0, "{name}: {text}");
        assert!(text.contains("Invalid value"), "{name}: {text}");
    }
    let (code, text) = hostile(
        "names",
        &mut c,
        &format!(
            "kubectl create service clusterip {} --tcp=80:80",
            "s".repeat(64)
        ),
        None,
    );
    assert_ne!(code, 0, "{text}");
    // Workloads whose generated names outgrow the limits: the API server refuses what the
    // controllers derive, as a Warning event, not a crash.
    for kind in ["deployment", "statefulset", "daemonset", "job", "cronjob"] {
        for len in [52, 53, 63, 64, 253] {
            let name = "w".repeat(len);
            let line = match kind {
                "deployment" => format!("kubectl create deployment {name} --image=nginx"),
                "job" => format!("kubectl create job {name} --image=busybox"),
                "cronjob" => {
                    format!(
                        "kubectl create cronjob {name} --image=busybox --schedule='*/1 * * * *'"
                    )
                }
                _ => String::new(),
            };
            let manifest = match kind {
                "statefulset" => Some(format!(
                    "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {{name: {name}}}\nspec:\n  serviceName: x\n  replicas: 1\n  selector: {{matchLabels: {{app: x}}}}\n  template:\n    metadata: {{labels: {{app: x}}}}\n    spec: {{containers: [{{name: c, image: nginx}}]}}\n"
                )),
                "daemonset" => Some(format!(
                    "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {{name: {name}}}\nspec:\n  selector: {{matchLabels: {{app: x}}}}\n  template:\n    metadata: {{labels: {{app: x}}}}\n    spec: {{containers: [{{name: c, image: nginx}}]}}\n"
                )),
                _ => None,
            };
            let mut c = cluster();
            let (_, text) = match &manifest {
                Some(m) => hostile("names", &mut c, "kubectl apply -f -", Some(m)),
                None => hostile("names", &mut c, &line, None),
            };
            assert!(!text.trim().is_empty(), "{kind} {len}");
            guarded("names", &format!("{kind} {len}"), || {
                c.advance(jiff::SignedDuration::from_secs(120))
            });
            let (_, all) = hostile("names", &mut c, "kubectl get all,events", None);
            assert!(!all.trim().is_empty(), "{kind} {len}");
        }
    }
}
