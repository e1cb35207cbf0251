//! Fuzz target: the kubectl argument parser and every verb behind it, plus the script runner's
//! line splitter. Real command lines from the golden scenarios are mutated at the word level
//! (words dropped, repeated, swapped, borrowed from other commands, flags with odd values) and at
//! the character level, then run on a cluster with a Deployment, a StatefulSet, a DaemonSet and a
//! CronJob: every command gives output or a kubectl-style error; no panic, no hang, no unbounded
//! memory.
//!
//! Short run: `cargo test --test fuzz_args`; long run:
//! `FUZZ_CASES=100000 cargo test --release --test fuzz_args`.

mod fuzz_support;

use fuzz_support::{Counting, ODD, fuzz, mutate, scenario_commands};
use kubetutor::kubectl::manifest::RealFs;
use kubetutor::runner::{ScriptCommand, parse_script_partial, run_command};
use kubetutor::sim::cluster::{Cluster, ClusterConfig};
use proptest::prelude::*;
use std::sync::OnceLock;

#[global_allocator]
static ALLOC: Counting = Counting;

const SETUP: &str = "kubectl create deployment web --image=nginx:1.27 --replicas=2
kubectl apply -f manifests/web.yaml
kubectl apply -f manifests/daemonset.yaml
kubectl apply -f manifests/cronjob.yaml
kubectl run box --image=busybox --command -- sleep 3600
sleep 40s
";

fn fs() -> RealFs {
    RealFs {
        base: fuzz_support::root().join("tests/scenarios"),
    }
}

fn base() -> &'static Cluster {
    static BASE: OnceLock<Cluster> = OnceLock::new();
    BASE.get_or_init(|| {
        let mut c = Cluster::new(&ClusterConfig {
            workers: 2,
            ..Default::default()
        });
        kubetutor::runner::run_script_on(&mut c, SETUP, false, &fs());
        c
    })
}

fn corpus() -> &'static (Vec<ScriptCommand>, Vec<String>) {
    static C: OnceLock<(Vec<ScriptCommand>, Vec<String>)> = OnceLock::new();
    C.get_or_init(|| {
        let cmds = scenario_commands();
        let mut vocab: Vec<String> = cmds.iter().flat_map(|c| c.words.clone()).collect();
        vocab.extend(
            [
                "--replicas=2147483647",
                "--replicas=-1",
                "--timeout=0",
                "--timeout=8760h",
                "-o",
                "jsonpath={..}",
                "--for=delete",
                "--all",
                "-A",
                "--",
                "-",
                "=",
                "--",
                "-l",
                "a in (b,c),!d",
                "--sort-by=.metadata.name",
                "--field-selector=status.phase!=Running",
                "--watch",
                "-w",
                "--since=1h",
                "--tail=-1",
                "--to-revision=99",
                "--grace-period=-1",
                "--revision=0",
            ]
            .iter()
            .map(|s| s.to_string()),
        );
        vocab.extend(ODD.iter().map(|s| s.to_string()));
        vocab.sort();
        vocab.dedup();
        (cmds, vocab)
    })
}

#[derive(Clone, Debug)]
enum WordEdit {
    Drop(usize),
    Dup(usize),
    Swap(usize, usize),
    Insert(usize, usize),
    Replace(usize, usize),
    Chars(usize, Vec<fuzz_support::Edit>),
    Join(usize),
}

fn word_edit() -> impl Strategy<Value = WordEdit> {
    let p = any::<usize>();
    prop_oneof![
        p.prop_map(WordEdit::Drop),
        p.prop_map(WordEdit::Dup),
        (p, any::<usize>()).prop_map(|(a, b)| WordEdit::Swap(a, b)),
        (p, any::<usize>()).prop_map(|(a, b)| WordEdit::Insert(a, b)),
        (p, any::<usize>()).prop_map(|(a, b)| WordEdit::Replace(a, b)),
        (p, prop::collection::vec(edit_strategy(), 1..4)).prop_map(|(a, e)| WordEdit::Chars(a, e)),
        p.prop_map(WordEdit::Join),
    ]
}

fn edit_strategy() -> impl Strategy<Value = fuzz_support::Edit> {
    use fuzz_support::Edit;
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(p, b)| Edit::Flip(p, b)),
        any::<usize>().prop_map(Edit::Truncate),
        (any::<usize>(), 0..ODD.len()).prop_map(|(p, i)| Edit::Odd(p, i)),
        (any::<usize>(), 1usize..16, 1u8..4).prop_map(|(p, n, k)| Edit::Repeat(p, n, k)),
    ]
}

/// A mutated command: its words (first word kept as the runner verb most of the time).
fn command() -> impl Strategy<Value = (Vec<String>, Option<String>)> {
    let (cmds, _) = corpus();
    (0..cmds.len(), prop::collection::vec(word_edit(), 0..5)).prop_map(|(i, edits)| {
        let (cmds, vocab) = corpus();
        let cmd = &cmds[i];
        let mut w = cmd.words.clone();
        for e in edits {
            let n = w.len().max(1);
            match e {
                WordEdit::Drop(a) if !w.is_empty() => {
                    w.remove(a % n);
                }
                WordEdit::Dup(a) if !w.is_empty() => {
                    let x = w[a % n].clone();
                    w.insert(a % n, x);
                }
                WordEdit::Swap(a, b) if !w.is_empty() => w.swap(a % n, b % n),
                WordEdit::Insert(a, v) => {
                    w.insert(a % (w.len() + 1), vocab[v % vocab.len()].clone())
                }
                WordEdit::Replace(a, v) if !w.is_empty() => {
                    w[a % n] = vocab[v % vocab.len()].clone()
                }
                WordEdit::Chars(a, edits) if !w.is_empty() => {
                    w[a % n] = mutate(&w[a % n], &edits, vocab);
                }
                WordEdit::Join(a) if w.len() > 1 => {
                    let i = a % (w.len() - 1);
                    let next = w.remove(i + 1);
                    w[i] = format!("{}={next}", w[i]);
                }
                _ => {}
            }
        }
        (w, cmd.stdin.clone())
    })
}

/// Whether the command succeeded (got past argument parsing and validation).
fn exercise(words: Vec<String>, stdin: Option<String>, line: &str) -> bool {
    // Long sleeps on a cluster with a per-minute CronJob cost what their runs cost (the
    // performance benchmarks' concern, not a robustness one): keep them to a day.
    if words.first().map(String::as_str) == Some("sleep")
        && words
            .get(1)
            .and_then(|s| kubetutor::runner::parse_sleep(s))
            .is_some_and(|d| d > jiff::SignedDuration::from_hours(24))
    {
        return false;
    }
    // The runner's own splitter and heredoc reader, on the mutated line as raw text.
    let _ = parse_script_partial(line);
    let _ = kubetutor::kubectl::args::split_command_line(line);
    let mut c = base().clone();
    let cmd = ScriptCommand::single(line, words, stdin);
    let out = run_command(&mut c, &cmd, &fs());
    // `curl -s` fails silently by design (`--silent`: "Silent or quiet mode. Do not show
    // progress meter or error messages"); everything else says why it failed.
    let silent_by_design = cmd.words.first().map(String::as_str) == Some("curl");
    if out.code != 0 && !silent_by_design {
        assert!(!out.text().trim().is_empty(), "silent failure");
    }
    out.code == 0
}

#[test]
fn command_lines_never_panic_hang_or_blow_up() {
    fuzz(
        "fuzz_args",
        400,
        command(),
        |(words, _)| format!("{words:?}"),
        |(words, stdin)| exercise(words.clone(), stdin.clone(), &words.join(" ")),
    );
}
