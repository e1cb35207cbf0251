//! Every prefix of every real command line must give output or a kubectl-style error, never a
//! panic: the learner types commands one word at a time, and half-typed commands reach
//! `kubectl::run` from the TUI's live preview and from scripts.

use kubetutor::kubectl::manifest::RealFs;
use kubetutor::kubectl::{self, Env};
use kubetutor::runner::parse_script_partial;
use kubetutor::sim::cluster::{Cluster, ClusterConfig};
use std::path::Path;

/// Command lines beyond the golden scenarios: flag forms and odd inputs.
const EXTRA: &[&str] = &[
    "kubectl rollout undo deployment/web --to-revision=1 --dry-run=client",
    "kubectl rollout history statefulset/web --revision=1",
    "kubectl rollout status daemonset/agent --timeout=10s --watch=false",
    "kubectl drain worker-1 --ignore-daemonsets --delete-emptydir-data --force --grace-period=5 --timeout=30s",
    "kubectl taint node worker-1 a=b:NoExecute a:NoExecute- b-",
    "kubectl label pods --all -l app=web x=y --overwrite",
    "kubectl annotate pods -A --all note=1",
    "kubectl patch deployment web --type json -p [{\"op\":\"add\",\"path\":\"/spec/template/spec/containers/-\",\"value\":{\"name\":\"x\",\"image\":\"y\"}}]",
    "kubectl patch deployment web --type merge -p {\"metadata\":{\"labels\":null}}",
    "kubectl patch deployment web -p [1,2]",
    "kubectl set image deployment web nginx=nginx:1.28 --dry-run=client",
    "kubectl create deployment x --image=a --image=b -r 2 --port 8080 -o name",
    "kubectl create cronjob c --image=busybox --schedule=@hourly --restart=Never -o json --dry-run=server",
    "kubectl wait --for=jsonpath={.status.readyReplicas}=1 deployment/web --timeout=-1s",
    "kubectl wait --for=condition=Available=false deploy --all --timeout=0",
    "kubectl top pod -A -l app=web --no-headers",
    "kubectl top node worker-1",
    "kubectl explain jobs.spec.parallelism --recursive",
    "kubectl api-resources -o name --api-group=apps",
    "kubectl help drain",
    "kubectl config get-contexts",
    "kubectl cordon -l kubernetes.io/hostname=worker-1 --dry-run=server",
];

fn corpus() -> Vec<Vec<String>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    let mut out = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("scenarios")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "sh"))
        .collect();
    paths.sort();
    for p in paths {
        let text = std::fs::read_to_string(&p).expect("script");
        // A scenario may end on a line that cannot be parsed on purpose: take what comes before.
        for cmd in parse_script_partial(&text).0 {
            if matches!(cmd.words.first().map(String::as_str), Some("kubectl" | "k")) {
                out.push(cmd.words[1..].to_vec());
            }
        }
    }
    for line in EXTRA {
        let words = kubetutor::kubectl::args::split_command_line(line).expect("split");
        out.push(words[1..].to_vec());
    }
    out
}

#[test]
fn no_command_panics_on_any_prefix_of_its_arguments() {
    let mut base = Cluster::new(&ClusterConfig {
        workers: 1,
        ..Default::default()
    });
    let fs = RealFs {
        base: Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios"),
    };
    let env = Env {
        fs: &fs,
        stdin: Some("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n"),
    };
    for setup in [
        "create deployment web --image=nginx:1.27 --replicas=2",
        "create cronjob tick --image=busybox --schedule=*/5 * * * *",
    ] {
        let words = kubetutor::kubectl::args::split_command_line(setup).expect("split");
        kubectl::run(&mut base, &words, &env);
    }
    base.advance(jiff::SignedDuration::from_secs(30));
    let mut every = corpus();
    every.dedup();
    for words in every {
        let mut c = base.clone();
        for n in 0..=words.len() {
            let out = kubectl::run(&mut c, &words[..n], &env);
            // Failures must say something.
            if out.code != 0 {
                assert!(
                    !out.text().trim().is_empty(),
                    "silent failure: {:?}",
                    &words[..n]
                );
            }
        }
    }
}
