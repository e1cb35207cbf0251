//! The lesson file format: what an author writes in `lessons/*.yaml`, deserialized strictly
//! (unknown fields are errors, so a typo in a check is reported instead of silently ignored).

use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;

/// One lesson: a starting cluster and the steps a learner goes through.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    /// Stable identifier (progress is saved under it), e.g. `statefulset`.
    pub id: String,
    /// Title shown in the lesson list.
    pub title: String,
    /// One or two sentences on what the learner will do.
    pub summary: String,
    /// Estimated minutes to finish.
    pub minutes: u32,
    /// The cluster the lesson starts from.
    #[serde(default)]
    pub cluster: ClusterSetup,
    /// The steps, in order.
    pub steps: Vec<Step>,
}

/// The cluster a lesson starts from.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ClusterSetup {
    /// Worker nodes `worker-1`..`worker-N` beside the control-plane node.
    #[serde(default = "default_workers")]
    pub workers: usize,
    /// Extra nodes with labels and taints.
    #[serde(default)]
    pub nodes: Vec<ExtraNode>,
    /// Manifests (asset paths) applied before the first step.
    #[serde(default)]
    pub manifests: Vec<String>,
    /// Virtual start time (RFC 3339); default 2025-01-06T09:00:00Z.
    #[serde(default)]
    pub start: Option<String>,
    /// Seed for generated names; default 1.
    #[serde(default)]
    pub seed: Option<u64>,
}

fn default_workers() -> usize {
    3
}

impl Default for ClusterSetup {
    fn default() -> Self {
        ClusterSetup {
            workers: default_workers(),
            nodes: Vec::new(),
            manifests: Vec::new(),
            start: None,
            seed: None,
        }
    }
}

/// A node added before the lesson starts, as `node add NAME --label k=v --taint k=v:Effect`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ExtraNode {
    /// Node name.
    pub name: String,
    /// Labels.
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
    /// Taints as kubectl writes them: `key=value:Effect`.
    #[serde(default)]
    pub taints: Vec<String>,
}

/// One step of a lesson.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Step title.
    pub title: String,
    /// Explanation in a small Markdown subset (headings, emphasis, code, lists).
    #[serde(default)]
    pub text: String,
    /// Asset files shown under the text (manifests the step applies).
    #[serde(default)]
    pub files: Vec<String>,
    /// Commands the TUI offers, one after the other.
    #[serde(default)]
    pub suggest: Vec<String>,
    /// Hints, revealed one at a time.
    #[serde(default)]
    pub hints: Vec<String>,
    /// An optional multiple-choice question.
    #[serde(default)]
    pub question: Option<Question>,
    /// Shown once the step is done: why it worked, what to notice.
    #[serde(default)]
    pub explain: Option<String>,
    /// Conditions on the cluster that finish the step.
    #[serde(default)]
    pub checks: Vec<Check>,
    /// Commands that solve the step (`lessons test` runs them).
    #[serde(default)]
    pub solution: Vec<String>,
}

/// A multiple-choice question.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// The question.
    pub prompt: String,
    /// The answers to choose from.
    pub answers: Vec<Answer>,
}

/// One answer of a question.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    /// The answer's text.
    pub text: String,
    /// Whether it is right.
    #[serde(default)]
    pub correct: bool,
    /// Why it is right or wrong, shown once chosen.
    pub explain: String,
}

/// A condition on the cluster. Exactly one of `kubectl`, `object` or `ran` says what is looked
/// at; the rest says what it must be.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Check {
    /// What the check asks for, in words (`3 pods are Running`).
    pub name: String,
    /// A read-only kubectl command (`get sts web -o jsonpath={.status.readyReplicas}`).
    #[serde(default)]
    pub kubectl: Option<String>,
    /// For `kubectl`: run it with `-o json` and apply this JSONPath to the result.
    #[serde(default)]
    pub jsonpath: Option<String>,
    /// For `kubectl`: what its output must be.
    #[serde(default)]
    pub expect: Option<Matcher>,
    /// A structured condition on objects.
    #[serde(default)]
    pub object: Option<ObjectQuery>,
    /// The learner ran a command starting with these words (`kubectl get nodes`).
    #[serde(default)]
    pub ran: Option<String>,
    /// Give the simulation up to this long (`2m`) after the last command to make it true.
    #[serde(default)]
    pub within: Option<String>,
    /// Once seen true, stays passed (for moments, like a pod Terminating).
    #[serde(default)]
    pub latch: bool,
}

/// Objects selected by kind, name or label selector, filtered by field conditions and counted.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ObjectQuery {
    /// A resource type as kubectl takes it (`pods`, `sts`, `StatefulSet`).
    pub kind: String,
    /// One object by name.
    #[serde(default)]
    pub name: Option<String>,
    /// A label selector (`app=web,tier!=db`).
    #[serde(default)]
    pub selector: Option<String>,
    /// Namespace (default `default`; ignored for cluster-scoped kinds).
    #[serde(default)]
    pub namespace: Option<String>,
    /// Conditions every counted object meets.
    #[serde(default, rename = "where")]
    pub where_: Vec<FieldCondition>,
    /// How many objects must meet them: `3`, `">= 3"`, `"< 2"`, `0` (none). Default: with `name`,
    /// exactly 1; otherwise at least 1.
    #[serde(default, deserialize_with = "opt_scalar")]
    pub count: Option<String>,
}

/// A condition on one field of an object.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FieldCondition {
    /// A JSONPath (`.status.phase`, `{.spec.nodeName}`).
    pub path: String,
    /// What the field's value must be.
    #[serde(flatten)]
    pub is: Matcher,
}

/// What a text must be. Every given test must hold.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Matcher {
    /// Equal to this (trailing newlines ignored).
    #[serde(default, deserialize_with = "opt_scalar")]
    pub equals: Option<String>,
    /// Not equal to this.
    #[serde(default, deserialize_with = "opt_scalar")]
    pub not_equals: Option<String>,
    /// Contains this.
    #[serde(default, deserialize_with = "opt_scalar")]
    pub contains: Option<String>,
    /// Does not contain this.
    #[serde(default, deserialize_with = "opt_scalar")]
    pub not_contains: Option<String>,
    /// Matches this regular expression (Rust `regex` syntax).
    #[serde(default)]
    pub matches: Option<String>,
    /// A number comparison: `3`, `">= 3"`, `"< 10"`, `"!= 0"`.
    #[serde(default, deserialize_with = "opt_scalar")]
    pub number: Option<String>,
    /// Present (`true`) or absent/empty (`false`).
    #[serde(default)]
    pub exists: Option<bool>,
}

impl Matcher {
    /// Whether no test is given.
    pub fn is_empty(&self) -> bool {
        self == &Matcher::default()
    }
}

/// Accepts a string, number or boolean as a string (`equals: 3` means `"3"`).
fn opt_scalar<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Scalar {
        S(String),
        I(i64),
        F(f64),
        B(bool),
    }
    Ok(Option::<Scalar>::deserialize(d)?.map(|s| match s {
        Scalar::S(s) => s,
        Scalar::I(i) => i.to_string(),
        Scalar::F(f) => f.to_string(),
        Scalar::B(b) => b.to_string(),
    }))
}

/// A parsed number comparison (`>= 3`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Comparison {
    /// The operator: `==`, `!=`, `<`, `<=`, `>`, `>=`.
    pub op: &'static str,
    /// The number compared with.
    pub value: f64,
}

impl Comparison {
    /// Parses `3`, `== 3`, `>= 3`, `< 10`, `!= 0`.
    pub fn parse(s: &str) -> Result<Comparison, String> {
        let s = s.trim();
        let ops = ["==", "!=", "<=", ">=", "<", ">", "="];
        let (op, rest) = ops
            .iter()
            .find_map(|op| s.strip_prefix(op).map(|r| (*op, r)))
            .unwrap_or(("==", s));
        let op = if op == "=" { "==" } else { op };
        let value: f64 = rest.trim().parse().map_err(|_| {
            format!("{s:?} is not a number comparison (write 3, \">= 3\", \"< 10\" or \"!= 0\")")
        })?;
        Ok(Comparison { op, value })
    }

    /// Whether `x` satisfies it.
    pub fn holds(&self, x: f64) -> bool {
        match self.op {
            "==" => x == self.value,
            "!=" => x != self.value,
            "<" => x < self.value,
            "<=" => x <= self.value,
            ">" => x > self.value,
            _ => x >= self.value,
        }
    }

    /// In words: `at least 3`.
    pub fn words(&self) -> String {
        let v = fmt_num(self.value);
        match self.op {
            "==" => format!("exactly {v}"),
            "!=" => format!("not {v}"),
            "<" => format!("fewer than {v}"),
            "<=" => format!("at most {v}"),
            ">" => format!("more than {v}"),
            _ => format!("at least {v}"),
        }
    }
}

/// Prints a number without a trailing `.0`.
pub fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}
