//! `kubectl wait --for=condition=X|delete|create|jsonpath='{...}'=value` (upstream
//! `staging/src/k8s.io/kubectl/pkg/cmd/wait/{wait,condition,delete,json}.go`): virtual time
//! runs until every object meets the condition or `--timeout` (default 30s) passes.

use super::Output;
use super::args::{self, Flag, bool_flag, val};
use super::common::{self, go_duration, ref_name, wait_until};
use crate::sim::cluster::Cluster;
use crate::sim::store::ObjKey;
use jiff::SignedDuration;
use serde_json::Value;

const FLAGS: &[Flag] = &[
    val("for", None),
    val("timeout", None),
    val("selector", Some('l')),
    val("field-selector", None),
    bool_flag("all", None),
    bool_flag("all-namespaces", Some('A')),
    val("filename", Some('f')),
    bool_flag("recursive", Some('R')),
    bool_flag("local", None),
    val("output", Some('o')),
];

const HELP: &str = "Experimental: Wait for a specific condition on one or many resources.\n\n The command takes multiple resources and waits until the specified condition is seen in the Status field of every given resource.\n\n Alternatively, the command can wait for the given set of resources to be created or deleted by providing the \"create\" or \"delete\" keyword as the value to the --for flag.\n\n A successful message will be printed to stdout indicating when the specified condition has been met. You can use -o option to change to output destination.\n\nExamples:\n  # Wait for the pod \"busybox1\" to contain the status condition of type \"Ready\"\n  kubectl wait --for=condition=Ready pod/busybox1\n\n  # Wait for the pod \"busybox1\" to contain the status phase to be \"Running\"\n  kubectl wait --for=jsonpath='{.status.phase}'=Running pod/busybox1\n\n  # Wait for the pod \"busybox1\" to be deleted, with a timeout of 60s, after having issued the \"delete\" command\n  kubectl delete pod/busybox1\n  kubectl wait --for=delete pod/busybox1 --timeout=60s\n\nOptions:\n    --for='':\n\tThe condition to wait on: [create|delete|condition=condition-name[=condition-value]|jsonpath='{JSONPath expression}'=[JSONPath value]]. The default condition-value is true.  Condition values are compared after Unicode simple case folding, which is a more general form of case-insensitivity.\n\n    --timeout=30s:\n\tThe length of time to wait before giving up.  Zero means check once and don't wait, negative means wait for a week.\n\nUsage:\n  kubectl wait ([-f FILENAME] | resource.group/resource.name | resource.group [(-l label | --all)]) [--for=create|--for=delete|--for condition=available|--for=jsonpath='{}'[=value]] [options]";

#[derive(Clone)]
enum For {
    Delete,
    Create,
    Condition(String, String),
    JsonPath(super::jsonpath::JsonPath, Option<String>),
}

fn parse_for(s: &str) -> Result<For, String> {
    let lower = s.to_ascii_lowercase();
    if lower == "delete" {
        return Ok(For::Delete);
    }
    if lower == "create" {
        return Ok(For::Create);
    }
    if let Some(rest) = s.strip_prefix("condition=") {
        let (name, value) = rest.split_once('=').unwrap_or((rest, "true"));
        return Ok(For::Condition(name.to_string(), value.to_string()));
    }
    if let Some(rest) = s.strip_prefix("jsonpath=") {
        // `{.status.phase}=Running`: the expression ends at the last `}`.
        let (expr, value) = match rest.rfind('}') {
            Some(i) if rest[i + 1..].starts_with('=') => {
                (&rest[..=i], Some(rest[i + 2..].to_string()))
            }
            _ => (rest, None),
        };
        if expr.is_empty() {
            return Err("error: jsonpath expression cannot be empty".into());
        }
        let jp = super::jsonpath::parse(&super::get::relaxed(expr))
            .map_err(|e| format!("error: {e}"))?;
        return Ok(For::JsonPath(jp, value));
    }
    Err(format!("error: unrecognized condition: \"{s}\""))
}

fn met(obj: Option<&Value>, f: &For) -> bool {
    match f {
        For::Delete => obj.is_none(),
        For::Create => obj.is_some(),
        For::Condition(name, want) => obj
            .and_then(|o| o.pointer("/status/conditions"))
            .and_then(Value::as_array)
            .is_some_and(|cs| {
                cs.iter().any(|c| {
                    c.get("type")
                        .and_then(Value::as_str)
                        .is_some_and(|t| t.eq_ignore_ascii_case(name))
                        && c.get("status")
                            .and_then(Value::as_str)
                            .is_some_and(|s| s.eq_ignore_ascii_case(want))
                })
            }),
        For::JsonPath(jp, want) => obj.is_some_and(|o| match jp.execute(o, true) {
            Ok(got) => match want {
                Some(w) => got == *w,
                None => !got.is_empty(),
            },
            Err(_) => false,
        }),
    }
}

/// `kubectl wait`.
pub fn run(c: &mut Cluster, argv: &[String], out: &mut Output) {
    let p = match args::parse(argv, FLAGS, "wait") {
        Ok(p) => p,
        Err(e) => return out.fail(e),
    };
    if p.is("help") {
        return out.outln(HELP);
    }
    let Some(for_s) = p.get("for") else {
        return out.fail("error: --for must be specified");
    };
    let cond = match parse_for(for_s) {
        Ok(f) => f,
        Err(e) => return out.fail(e),
    };
    let timeout = match p
        .get("timeout")
        .map(|t| go_duration("timeout", t))
        .transpose()
    {
        Ok(t) => t.unwrap_or(SignedDuration::from_secs(30)),
        Err(e) => return out.fail(e),
    };
    let timeout = if timeout.is_negative() {
        SignedDuration::from_hours(24 * 7)
    } else {
        timeout
    };
    let keys: Vec<ObjKey> = match common::keys(c, &p, &p.args) {
        Ok(k) => k,
        Err(e) => return out.fail(e),
    };
    if keys.is_empty() {
        return out.fail("error: no matching resources found");
    }
    if !matches!(cond, For::Create | For::Delete) {
        for k in &keys {
            if c.store.get_key(k).is_none() {
                return out.fail(common::not_found(k));
            }
        }
    }
    let deadline = c.now().checked_add(timeout).ok();
    let uids: Vec<Option<String>> = keys
        .iter()
        .map(|k| c.store.get_key(k).and_then(|o| o.meta().uid.clone()))
        .collect();
    let view = |c: &Cluster, i: usize| -> Option<Value> {
        let o = c.store.get_key(&keys[i])?;
        // A deleted and recreated object (same name, new uid) counts as deleted.
        if matches!(cond, For::Delete) && uids[i].is_some() && o.meta().uid != uids[i] {
            return None;
        }
        Some(o.to_json())
    };
    for (i, k) in keys.iter().enumerate() {
        let ok = wait_until(c, deadline, |_| {}, |c| met(view(c, i).as_ref(), &cond));
        if ok {
            out.outln(format!("{} condition met", ref_name(k.kind, &k.name)));
        } else {
            return out.fail(format!(
                "error: timed out waiting for the condition on {}/{}",
                k.kind.qualified_plural(),
                k.name
            ));
        }
    }
}
