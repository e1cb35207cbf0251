//! Evaluating checks against a cluster, and saying in plain words what the cluster shows when a
//! check fails. Checks only read: kubectl checks are limited to read-only verbs and run against a
//! copy of the cluster, structured checks read the object store directly.

use super::model::{Check, Comparison, FieldCondition, Matcher, ObjectQuery, fmt_num};
use crate::kubectl::{self, Env, jsonpath, manifest::FileSource};
use crate::sim::cluster::Cluster;
use crate::sim::labels::Selector;
use crate::sim::object::Object;
use serde_json::Value;

/// kubectl verbs a check may run: they never change the cluster. `exec` is here so a check can
/// read a file in a pod (e.g. data that must survive the pod): checks run on a copy of the
/// cluster, so even a writing command inside the container leaves the learner's cluster alone.
pub const READ_ONLY_VERBS: &[&str] = &[
    "get",
    "exec",
    "describe",
    "logs",
    "explain",
    "version",
    "api-resources",
    "api-versions",
    "top",
    "events",
    "cluster-info",
];

/// How a check stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckState {
    /// True now (or seen true, for a latched check).
    Passed,
    /// Not true yet, but the simulation still has time (`within`) to make it so.
    Waiting,
    /// Not true.
    Failed,
}

/// A check's outcome, with words for the learner.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckResult {
    /// The check's name.
    pub name: String,
    /// Where it stands.
    pub state: CheckState,
    /// When not passed: what the cluster shows instead.
    pub explanation: Option<String>,
}

/// A file source with nothing in it: checks never read files.
struct NoFiles;

impl FileSource for NoFiles {
    fn read(&self, path: &str) -> std::io::Result<String> {
        Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("checks read no files ({path})"),
        ))
    }
    fn list_dir(&self, _path: &str) -> std::io::Result<Option<Vec<String>>> {
        Ok(None)
    }
}

/// Splits a check's kubectl command into arguments (without `kubectl`), refusing verbs that
/// could change the cluster.
pub fn kubectl_args(cmd: &str) -> Result<Vec<String>, String> {
    let mut words = kubectl::args::split_command_line(cmd.trim())?;
    if matches!(words.first().map(String::as_str), Some("kubectl" | "k")) {
        words.remove(0);
    }
    let verb = words
        .iter()
        .find(|w| !w.starts_with('-'))
        .cloned()
        .unwrap_or_default();
    if verb.is_empty() {
        return Err("the kubectl check has no command".into());
    }
    if !READ_ONLY_VERBS.contains(&verb.as_str()) {
        return Err(format!(
            "a check may only read the cluster; \"kubectl {verb}\" can change it (read-only verbs: {})",
            READ_ONLY_VERBS.join(", ")
        ));
    }
    if words.iter().any(|w| w == "-w" || w.starts_with("--watch")) {
        return Err("a check cannot watch (-w): it looks at the cluster once".into());
    }
    Ok(words)
}

/// Whether `line` (a command the learner ran) starts with the words of `want`; `k` counts as
/// `kubectl`.
pub fn ran_matches(want: &str, line: &str) -> bool {
    let norm = |s: &str| -> Vec<String> {
        let mut w = kubectl::args::split_command_line(s)
            .unwrap_or_else(|_| s.split_whitespace().map(String::from).collect());
        if w.first().map(String::as_str) == Some("k") {
            w[0] = "kubectl".into();
        }
        w
    };
    let (want, got) = (norm(want), norm(line));
    !want.is_empty() && got.len() >= want.len() && got[..want.len()] == want[..]
}

/// Quotes text for an explanation, shortened.
fn show(s: &str) -> String {
    let t = s.trim_end_matches('\n');
    if t.is_empty() {
        return "nothing".into();
    }
    let short: String = t.chars().take(300).collect();
    if short.len() < t.len() {
        format!("{:?}…", short)
    } else {
        format!("{short:?}")
    }
}

/// Tests `text` against `m`; on failure, why (`it is "2", not "3"`).
pub fn match_text(m: &Matcher, text: &str, present: bool) -> Result<(), String> {
    let t = text.trim_end_matches('\n');
    if let Some(e) = m.exists
        && e != (present && !t.is_empty())
    {
        return Err(if e {
            "it is missing or empty".into()
        } else {
            format!("it is set to {}", show(t))
        });
    }
    if let Some(want) = &m.equals
        && t != want.trim_end_matches('\n')
    {
        return Err(format!("it is {}, not {}", show(t), show(want)));
    }
    if let Some(want) = &m.not_equals
        && t == want.trim_end_matches('\n')
    {
        return Err(format!("it is still {}", show(t)));
    }
    if let Some(want) = &m.contains
        && !t.contains(want.as_str())
    {
        return Err(format!(
            "it is {}, which does not contain {}",
            show(t),
            show(want)
        ));
    }
    if let Some(want) = &m.not_contains
        && t.contains(want.as_str())
    {
        return Err(format!("it is {}, which contains {}", show(t), show(want)));
    }
    if let Some(re) = &m.matches {
        let r = regex::Regex::new(re).map_err(|e| format!("the check's regex is invalid: {e}"))?;
        if !r.is_match(t) {
            return Err(format!("it is {}, which does not match /{re}/", show(t)));
        }
    }
    if let Some(cmp) = &m.number {
        let c = Comparison::parse(cmp)?;
        match t.trim().parse::<f64>() {
            Ok(x) if c.holds(x) => {}
            Ok(x) => return Err(format!("it is {}, not {}", fmt_num(x), c.words())),
            Err(_) if t.trim().is_empty() && c.holds(0.0) => {}
            Err(_) => {
                return Err(format!(
                    "it is {}, not a number ({} wanted)",
                    show(t),
                    c.words()
                ));
            }
        }
    }
    Ok(())
}

/// Evaluates one check now; `history` is the commands the learner ran in this step.
pub fn evaluate(
    check: &Check,
    c: &Cluster,
    scratch: &mut Option<Cluster>,
    history: &[String],
) -> Result<(), String> {
    if let Some(cmd) = &check.kubectl {
        return eval_kubectl(check, cmd, c, scratch);
    }
    if let Some(q) = &check.object {
        return eval_object(q, c);
    }
    if let Some(want) = &check.ran {
        if history.iter().any(|l| ran_matches(want, l)) {
            return Ok(());
        }
        return Err(format!("you have not run `{want}` in this step yet"));
    }
    Err("the check says nothing to look at (give kubectl, object or ran)".into())
}

fn eval_kubectl(
    check: &Check,
    cmd: &str,
    c: &Cluster,
    scratch: &mut Option<Cluster>,
) -> Result<(), String> {
    let mut args = kubectl_args(cmd)?;
    if check.jsonpath.is_some() {
        args.push("-o".into());
        args.push("json".into());
    }
    // kubectl needs a mutable cluster (it settles controllers afterwards): give it a copy, made
    // once per evaluation round.
    let copy = scratch.get_or_insert_with(|| c.clone());
    let out = kubectl::run(
        copy,
        &args,
        &Env {
            fs: &NoFiles,
            stdin: None,
        },
    );
    let shown = format!("kubectl {}", args.join(" "));
    if out.code != 0 {
        let err = out.text();
        return Err(format!(
            "`{shown}` failed: {}",
            err.trim_end().lines().next().unwrap_or("")
        ));
    }
    let mut text = out.stdout();
    if let Some(path) = &check.jsonpath {
        let jp =
            jsonpath::parse(path).map_err(|e| format!("the check's jsonpath is invalid: {e}"))?;
        let v: Value = serde_json::from_str(&text)
            .map_err(|e| format!("`{shown}` did not print JSON: {e}"))?;
        let vals = jp.evaluate_values(&v)?;
        let present = vals.iter().any(|l| !l.is_empty());
        text = jp.execute(&v, true)?;
        let m = check.expect.clone().unwrap_or_default();
        return match_text(&m, &text, present).map_err(|why| format!("`{shown}` at {path}: {why}"));
    }
    let m = check.expect.clone().unwrap_or_default();
    match_text(&m, &text, true).map_err(|why| {
        if text.trim().is_empty() {
            let err = out.text();
            format!("`{shown}` printed {}", show(&err))
        } else {
            let why = why.strip_prefix("it is ").unwrap_or(&why).to_string();
            format!("`{shown}` printed {why}")
        }
    })
}

/// The objects a query selects, before `where` filtering.
pub fn select<'a>(q: &ObjectQuery, c: &'a Cluster) -> Result<Vec<&'a Object>, String> {
    let kind =
        kubectl::resources::resolve(&q.kind).ok_or_else(|| format!("unknown kind {:?}", q.kind))?;
    let ns = q.namespace.as_deref().unwrap_or("default");
    let ns_filter = if kind.namespaced() { Some(ns) } else { None };
    let sel = match &q.selector {
        Some(s) => Some(Selector::parse(s)?),
        None => None,
    };
    Ok(c.store
        .list(kind, ns_filter)
        .filter(|o| q.name.as_deref().is_none_or(|n| o.name() == n))
        .filter(|o| {
            sel.as_ref()
                .is_none_or(|s| s.matches_opt(o.meta().labels.as_ref()))
        })
        .collect())
}

/// The text of a field, as `kubectl get -o jsonpath` prints it, and whether it is present.
pub fn field_text(path: &str, v: &Value) -> Result<(String, bool), String> {
    let rel = if path.contains('{') {
        path.to_string()
    } else {
        jsonpath::relaxed_json_path_expression(path)?
    };
    let jp = jsonpath::parse(&rel)?;
    let present = jp.evaluate_values(v)?.iter().any(|l| !l.is_empty());
    Ok((jp.execute(v, true)?, present))
}

fn cond_words(f: &FieldCondition) -> String {
    let m = &f.is;
    let mut parts = Vec::new();
    if let Some(v) = &m.equals {
        parts.push(format!("is {v}"));
    }
    if let Some(v) = &m.not_equals {
        parts.push(format!("is not {v}"));
    }
    if let Some(v) = &m.contains {
        parts.push(format!("contains {v:?}"));
    }
    if let Some(v) = &m.not_contains {
        parts.push(format!("does not contain {v:?}"));
    }
    if let Some(v) = &m.matches {
        parts.push(format!("matches /{v}/"));
    }
    if let Some(Ok(c)) = m.number.as_deref().map(Comparison::parse) {
        parts.push(format!("is {}", c.words()));
    }
    if let Some(e) = m.exists {
        parts.push(if e { "is set" } else { "is not set" }.to_string());
    }
    format!("{} {}", f.path, parts.join(" and "))
}

/// Describes a query's selection in words: `pods with label app=web`.
pub fn describe_query(q: &ObjectQuery) -> String {
    let kind = kubectl::resources::resolve(&q.kind);
    let plural = kind.map(|k| k.info().plural).unwrap_or(q.kind.as_str());
    let singular = kind.map(|k| k.info().singular).unwrap_or(q.kind.as_str());
    let mut s = match &q.name {
        Some(n) => format!("{singular} {n}"),
        None => plural.to_string(),
    };
    if let Some(sel) = &q.selector {
        s.push_str(&format!(" with labels {sel}"));
    }
    if let Some(k) = kind
        && k.namespaced()
    {
        s.push_str(&format!(
            " in namespace {}",
            q.namespace.as_deref().unwrap_or("default")
        ));
    }
    s
}

fn eval_object(q: &ObjectQuery, c: &Cluster) -> Result<(), String> {
    let selected = select(q, c)?;
    let count = match &q.count {
        Some(s) => Comparison::parse(s)?,
        None if q.name.is_some() => Comparison {
            op: "==",
            value: 1.0,
        },
        None => Comparison {
            op: ">=",
            value: 1.0,
        },
    };
    let mut matching = Vec::new();
    let mut misses: Vec<String> = Vec::new();
    for o in &selected {
        let v = o.to_json();
        let mut ok = true;
        for f in &q.where_ {
            let (text, present) = field_text(&f.path, &v)?;
            if let Err(why) = match_text(&f.is, &text, present) {
                let why = why.strip_prefix("it ").unwrap_or(&why).to_string();
                misses.push(format!(
                    "{} {}: {} {why}",
                    o.kind().info().singular,
                    o.name(),
                    f.path
                ));
                ok = false;
                break;
            }
        }
        if ok {
            matching.push(o.name().to_string());
        }
    }
    let n = matching.len() as f64;
    if count.holds(n) {
        return Ok(());
    }
    let what = describe_query(q);
    let conds = if q.where_.is_empty() {
        String::new()
    } else {
        format!(
            " where {}",
            q.where_
                .iter()
                .map(cond_words)
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let wanted = if q.name.is_some() && q.count.is_none() {
        format!("wanted {what}{conds}")
    } else {
        format!("wanted {} {what}{conds}", count.words())
    };
    let mut msg = if selected.is_empty() {
        format!("{wanted}, but the cluster has no {what}",)
    } else if q.where_.is_empty() {
        format!(
            "{wanted}; the cluster has {}: {}",
            selected.len(),
            list(
                &selected
                    .iter()
                    .map(|o| o.name().to_string())
                    .collect::<Vec<_>>()
            )
        )
    } else {
        format!(
            "{wanted}; {} of {} match{}",
            matching.len(),
            selected.len(),
            if matching.is_empty() {
                String::new()
            } else {
                format!(" ({})", list(&matching))
            }
        )
    };
    if q.name.is_some() && selected.is_empty() {
        msg = format!("{wanted}, but it does not exist");
    }
    if !misses.is_empty() {
        let shown: Vec<String> = misses.iter().take(4).cloned().collect();
        msg.push_str(&format!(". {}", shown.join("; ")));
        if misses.len() > 4 {
            msg.push_str(&format!("; and {} more", misses.len() - 4));
        }
    }
    Err(msg)
}

fn list(names: &[String]) -> String {
    if names.len() > 6 {
        format!("{} and {} more", names[..6].join(", "), names.len() - 6)
    } else {
        names.join(", ")
    }
}
