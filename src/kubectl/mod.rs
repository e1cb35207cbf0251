//! The kubectl layer: argument parsing, verbs and printers over the simulated cluster. The TUI
//! prompt, the headless runner and the lesson checks all call [`run`] with the words a learner
//! typed, so a command behaves the same everywhere.

pub mod apply;
pub mod args;
pub mod common;
pub mod create_cmd;
pub mod custom_columns;
pub mod delete;
pub mod describe;
pub mod duration;
pub mod exec;
pub mod explain;
pub mod get;
pub mod help;
pub mod info;
pub mod jsonpath;
pub mod label;
pub mod logs;
pub mod manifest;
pub mod nodes;
pub mod patch;
pub mod portforward;
pub mod printers;
pub mod resources;
pub mod rollout;
pub mod run;
pub mod scale;
pub mod table;
pub mod top;
pub mod wait;
pub mod watch;
pub mod yaml;

use crate::sim::cluster::Cluster;
use manifest::FileSource;

/// Which stream a piece of output went to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    /// Standard output.
    Out,
    /// Standard error.
    Err,
}

/// What a command printed, in order, and how it ended.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Output {
    /// Chunks of text in the order they were written.
    pub chunks: Vec<(Stream, String)>,
    /// Exit code (0 success).
    pub code: i32,
}

impl Output {
    /// Appends to stdout.
    pub fn out(&mut self, s: impl Into<String>) {
        self.chunks.push((Stream::Out, s.into()));
    }

    /// Appends a line to stdout.
    pub fn outln(&mut self, s: impl AsRef<str>) {
        self.chunks.push((Stream::Out, format!("{}\n", s.as_ref())));
    }

    /// Appends a line to stderr and marks the command failed.
    pub fn fail(&mut self, s: impl AsRef<str>) {
        self.chunks.push((Stream::Err, format!("{}\n", s.as_ref())));
        self.code = 1;
    }

    /// Appends a line to stderr without failing (warnings, "No resources found").
    pub fn errln(&mut self, s: impl AsRef<str>) {
        self.chunks.push((Stream::Err, format!("{}\n", s.as_ref())));
    }

    /// Everything, both streams interleaved, as a terminal shows it.
    pub fn text(&self) -> String {
        self.chunks.iter().map(|(_, s)| s.as_str()).collect()
    }

    /// Standard output only.
    pub fn stdout(&self) -> String {
        self.chunks
            .iter()
            .filter(|(s, _)| *s == Stream::Out)
            .map(|(_, s)| s.as_str())
            .collect()
    }
}

/// What a command can read besides the cluster.
pub struct Env<'a> {
    /// Files for `-f`.
    pub fs: &'a dyn FileSource,
    /// Standard input (`-f -`, heredocs).
    pub stdin: Option<&'a str>,
}

/// The verbs this kubectl knows, for help and completion.
pub const VERBS: &[&str] = &[
    "annotate",
    "api-resources",
    "apply",
    "cluster-info",
    "config",
    "cordon",
    "create",
    "delete",
    "describe",
    "drain",
    "edit",
    "exec",
    "explain",
    "get",
    "label",
    "logs",
    "patch",
    "port-forward",
    "rollout",
    "run",
    "scale",
    "set",
    "taint",
    "top",
    "uncordon",
    "version",
    "wait",
];

/// Runs one kubectl command; `argv` excludes the program name (`["get", "pods"]`).
pub fn run(c: &mut Cluster, argv: &[String], env: &Env) -> Output {
    let mut out = Output::default();
    let Some(verb) = argv.first() else {
        out.outln(HELP);
        return out;
    };
    let rest = &argv[1..];
    if let Some(text) = help::for_args(verb, rest) {
        out.out(text);
        return out;
    }
    match verb.as_str() {
        "get" => get::run(c, rest, env, &mut out),
        "apply" => apply::run(c, rest, env, apply::Mode::Apply, &mut out),
        "create" => match rest.first() {
            Some(sub) if create_cmd::SUBCOMMANDS.contains(&sub.as_str()) => {
                create_cmd::run(c, sub, &rest[1..], &mut out)
            }
            _ => apply::run(c, rest, env, apply::Mode::Create, &mut out),
        },
        "delete" => delete::run(c, rest, env, &mut out),
        "describe" => describe::run(c, rest, env, &mut out),
        "logs" => logs::run(c, rest, &mut out),
        "scale" => scale::run(c, rest, env, &mut out),
        "exec" => exec::run(c, rest, &mut out),
        "run" => run::run(c, rest, &mut out),
        "rollout" => rollout::run(c, rest, &mut out),
        "cordon" => nodes::cordon(c, rest, true, &mut out),
        "uncordon" => nodes::cordon(c, rest, false, &mut out),
        "drain" => nodes::drain(c, rest, &mut out),
        "taint" => nodes::taint(c, rest, &mut out),
        "label" => label::run(c, rest, label::Which::Label, &mut out),
        "annotate" => label::run(c, rest, label::Which::Annotate, &mut out),
        "patch" => patch::patch(c, rest, env, &mut out),
        "port-forward" => portforward::run(c, rest, &mut out),
        "set" => patch::set(c, rest, &mut out),
        "edit" => patch::edit(c, rest, &mut out),
        "wait" => wait::run(c, rest, &mut out),
        "top" => top::run(c, rest, &mut out),
        "api-resources" => info::api_resources(rest, &mut out),
        "config" => info::config(rest, &mut out),
        "cluster-info" => info::cluster_info(c, rest, &mut out),
        "explain" => explain::run(rest, &mut out),
        "version" => {
            out.outln(format!(
                "Client Version: {}",
                crate::sim::bootstrap::KUBELET_VERSION
            ));
            out.outln("Kustomize Version: v5.7.1");
            out.outln(format!(
                "Server Version: {}",
                crate::sim::bootstrap::KUBELET_VERSION
            ));
        }
        "help" | "--help" | "-h" => match rest.first() {
            Some(v) if VERBS.contains(&v.as_str()) => {
                let mut argv = vec![v.clone()];
                argv.extend(rest[1..].iter().cloned());
                argv.push("--help".into());
                return run(c, &argv, env);
            }
            _ => out.outln(HELP),
        },
        other => out.fail(format!(
            "error: unknown command \"{other}\" for \"kubectl\"\n\nDid you mean this?\n{}",
            suggest(other)
        )),
    }
    // Whatever the command changed, the controllers react at once (no time passes).
    c.settle();
    out
}

fn suggest(word: &str) -> String {
    let mut best: Vec<&str> = VERBS
        .iter()
        .copied()
        .filter(|v| edit_distance(v, word) <= 2)
        .collect();
    best.sort();
    if best.is_empty() {
        "\trun 'kubectl help' for usage.".into()
    } else {
        best.iter()
            .map(|b| format!("\t{b}"))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Levenshtein distance, for "did you mean".
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// `kubectl help`.
pub const HELP: &str = "kubectl controls the (simulated) Kubernetes cluster manager.

Basic Commands (Beginner):
  create          Create a resource from a file or from stdin
  run             Run a particular image on the cluster
  set             Set specific features on objects

Basic Commands (Intermediate):
  explain         Get documentation for a resource
  get             Display one or many resources
  edit            Edit a resource on the server
  delete          Delete resources by file names, stdin, resources and names, or by resources and label selector

Deploy Commands:
  rollout         Manage the rollout of a resource
  scale           Set a new size for a deployment, replica set, or stateful set

Cluster Management Commands:
  cluster-info    Display cluster information
  top             Display resource (CPU/memory) usage
  cordon          Mark node as unschedulable
  uncordon        Mark node as schedulable
  drain           Drain node in preparation for maintenance
  taint           Update the taints on one or more nodes

Troubleshooting and Debugging Commands:
  describe        Show details of a specific resource or group of resources
  logs            Print the logs for a container in a pod
  exec            Execute a command in a container
  port-forward    Forward one or more local ports to a pod

Advanced Commands:
  apply           Apply a configuration to a resource by file name or stdin
  patch           Update fields of a resource
  wait            Experimental: Wait for a specific condition on one or many resources

Settings Commands:
  label           Update the labels on a resource
  annotate        Update the annotations on a resource

Other Commands:
  api-resources   Print the supported API resources on the server
  config          Modify kubeconfig files
  version         Print the client and server version information

Usage:
  kubectl [flags] [options]

Use \"kubectl <command> --help\" for more information about a given command.";

/// `v` as kubectl's JSON printer (`cli-runtime/pkg/printers/json.go`) writes it, without the
/// final newline: `json.MarshalIndent(obj, "", "    ")`, four spaces a level.
pub fn json_text(v: &serde_json::Value) -> String {
    crate::gojson::marshal_indent(v, "    ")
}

/// The namespace a command works in: `-n`, else `default`.
pub fn namespace_of(p: &args::Parsed) -> String {
    p.get("namespace")
        .filter(|s| !s.is_empty())
        .unwrap_or("default")
        .to_string()
}
