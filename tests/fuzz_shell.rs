//! Fuzz target: the container shell behind `kubectl exec` and `kubectl run -- sh -c`. Shell
//! snippets from the golden scenarios and a grammar of the constructs the shell supports (pipes,
//! `&&`/`||`, `if`/`for`/`while`, `$(...)`, redirections, variables) are composed, mutated and
//! run in a busybox and an nginx container: every run ends (the shell's step and output bounds
//! hold), with no panic, no hang and no unbounded memory.
//!
//! Short run: `cargo test --test fuzz_shell`; long run:
//! `FUZZ_CASES=100000 cargo test --release --test fuzz_shell`.

mod fuzz_support;

use fuzz_support::{Counting, fuzz, input, scenario_commands};
use kubetutor::kubectl::manifest::RealFs;
use kubetutor::sim::cluster::{Cluster, ClusterConfig};
use kubetutor::sim::shell::{self, MAX_OUTPUT};
use proptest::prelude::*;
use std::sync::OnceLock;

#[global_allocator]
static ALLOC: Counting = Counting;

const SETUP: &str = "kubectl run box --image=busybox --command -- sleep 3600
kubectl run web --image=nginx
kubectl create service clusterip web --tcp=80:80
sleep 40s
";

fn base() -> &'static Cluster {
    static BASE: OnceLock<Cluster> = OnceLock::new();
    BASE.get_or_init(|| {
        let mut c = Cluster::new(&ClusterConfig {
            workers: 1,
            ..Default::default()
        });
        let fs = RealFs {
            base: std::env::temp_dir(),
        };
        kubetutor::runner::run_script_on(&mut c, SETUP, false, &fs);
        c
    })
}

/// Simple commands the images have.
const SIMPLE: &[&str] = &[
    "echo hi",
    "echo $X",
    "echo \"$(hostname)\"",
    "X=1",
    "export Y=2",
    "true",
    "false",
    ":",
    "cat /etc/hostname",
    "cat /nope",
    "ls /",
    "ls -la /data",
    "mkdir -p /data/a/b",
    "echo x > /data/f",
    "echo y >> /data/f",
    "cat < /data/f",
    "rm /data/f",
    "rmdir /data/a",
    "touch /tmp/t",
    "wc -l /etc/hosts",
    "head -n 2 /etc/hosts",
    "tail -n 1 /etc/hosts",
    "grep -v a",
    "grep -c .",
    "printf '%s\\n' a b",
    "printf %d 99999999999999999999",
    "env",
    "printenv HOME",
    "id",
    "whoami",
    "uname -a",
    "date",
    "ps",
    "hostname",
    "nslookup web",
    "nslookup nope",
    "getent hosts web",
    "wget -qO- http://web/",
    "curl -s http://web/",
    "curl -sS http://localhost:81/",
    "ping -c 1 web",
    "sleep 1",
    "sleep 99999999",
    "exit 3",
    "cd /tmp",
    "pwd",
    "test -f /etc/hosts",
    "[ 1 = 1 ]",
    "nginx -v",
    "echo $? $$ $# $0 $9",
    "echo ${X:-d}",
    "echo $((1+1))",
    "set -e",
    "shift",
    "read X",
    "exec echo e",
    "kill -9 1",
    "yes",
    "cat",
    "seq 1 1000000",
    "redis-cli ping",
    "perl -e 1",
];

fn snippet() -> impl Strategy<Value = String> {
    let leaf = prop::sample::select(SIMPLE).prop_map(str::to_string);
    leaf.prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            (
                inner.clone(),
                prop::sample::select(&["; ", " && ", " || ", " | ", "\n"][..]),
                inner.clone()
            )
                .prop_map(|(a, op, b)| format!("{a}{op}{b}")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("if {a}; then {b}; fi")),
            (inner.clone(), inner.clone())
                .prop_map(|(a, b)| format!("if {a}; then {b}; else {a}; fi")),
            inner
                .clone()
                .prop_map(|a| format!("for i in 1 2 3; do {a}; done")),
            inner
                .clone()
                .prop_map(|a| format!("while true; do {a}; done")),
            inner
                .clone()
                .prop_map(|a| format!("until false; do {a}; done")),
            inner.clone().prop_map(|a| format!("echo \"$({a})\"")),
            inner
                .clone()
                .prop_map(|a| format!("X=`{a}`; echo $X$X$X$X")),
            inner
                .clone()
                .prop_map(|a| format!("{{ {a}; }} > /data/out 2>&1")),
            inner.clone().prop_map(|a| format!("( {a} ) 2>/dev/null")),
            inner.clone().prop_map(|a| format!("! {a}")),
            inner.prop_map(|a| format!("sh -c '{}'", a.replace('\'', ""))),
        ]
    })
}

fn seeds() -> Vec<String> {
    let mut out: Vec<String> = scenario_commands()
        .into_iter()
        .filter_map(|c| {
            let dash = c.words.iter().position(|w| w == "--")?;
            let argv = &c.words[dash + 1..];
            match argv {
                [sh, flag, script, ..] if sh == "sh" && flag == "-c" => Some(script.clone()),
                _ => Some(argv.join(" ")),
            }
        })
        .collect();
    out.extend(SIMPLE.iter().map(|s| s.to_string()));
    out
}

/// Whether the script ran with exit status 0.
fn exercise(script: &str, busybox: bool) -> bool {
    let mut c = base().clone();
    let pod = if busybox { "box" } else { "web" };
    match shell::exec_line(&mut c, "default", pod, None, script) {
        Ok((out, err, code)) => {
            // The shell's own bound, plus the truncation notice.
            assert!(
                out.len() + err.len() <= MAX_OUTPUT + 4096,
                "output beyond the bound"
            );
            code == 0
        }
        Err(e) => panic!("the container could not be entered: {e:?}"),
    }
}

#[test]
fn shell_scripts_never_panic_hang_or_blow_up() {
    fuzz(
        "fuzz_shell",
        400,
        (prop_oneof![snippet(), input(seeds(), 6)], any::<bool>()),
        |(script, _)| script.clone(),
        |(script, busybox)| exercise(script, *busybox),
    );
}
