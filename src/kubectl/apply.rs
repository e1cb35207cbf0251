//! `kubectl apply -f` (client-side apply with the last-applied-configuration annotation and a
//! three-way merge) and `kubectl create -f`, printing `statefulset.apps/web created`,
//! `configured` or `unchanged` per object, and kubectl's error for each object that fails.

use super::args::{self, Flag, bool_flag, val};
use super::manifest::{self, DecodeError, Document};
use super::{Env, Output, namespace_of};
use crate::sim::api::errors::{ApiError, StatusReason};
use crate::sim::cluster::Cluster;
use crate::sim::object::{Kind, Object};
use serde_json::{Map, Value};

/// The annotation `kubectl apply` keeps the last applied manifest in.
pub const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// Which verb is running.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// `kubectl apply`.
    Apply,
    /// `kubectl create`.
    Create,
}

const FLAGS: &[Flag] = &[
    val("filename", Some('f')),
    bool_flag("recursive", Some('R')),
    val("output", Some('o')),
    val("dry-run", None),
    val("validate", None),
    bool_flag("server-side", None),
    bool_flag("force-conflicts", None),
    val("field-manager", None),
    bool_flag("overwrite", None),
    bool_flag("prune", None),
    val("selector", Some('l')),
    bool_flag("save-config", None),
    bool_flag("wait", None),
    val("kustomize", Some('k')),
];

/// Dry-run strategy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DryRun {
    None,
    Client,
    Server,
}

fn dry_run(p: &args::Parsed) -> Result<DryRun, String> {
    match p.get("dry-run") {
        None | Some("none") => Ok(DryRun::None),
        Some("client") | Some("true") => Ok(DryRun::Client),
        Some("server") => Ok(DryRun::Server),
        Some(other) => Err(format!(
            "error: Invalid dry-run value ({other}). Must be \"none\", \"server\", or \"client\"."
        )),
    }
}

/// `kubectl apply` / `kubectl create`.
pub fn run(c: &mut Cluster, argv: &[String], env: &Env, mode: Mode, out: &mut Output) {
    let cmd = if mode == Mode::Apply {
        "apply"
    } else {
        "create"
    };
    let p = match args::parse(argv, FLAGS, cmd) {
        Ok(p) => p,
        Err(e) => return out.fail(e),
    };
    if mode == Mode::Create && !p.args.is_empty() {
        return create_subcommand(c, &p, out);
    }
    let dry = match dry_run(&p) {
        Ok(d) => d,
        Err(e) => return out.fail(e),
    };
    let files = p.all("filename", false);
    if files.is_empty() {
        return out.fail(if mode == Mode::Apply {
            "error: must specify one of -f and -k".to_string()
        } else {
            "error: must specify one of -f and -k\n\nerror: unknown command \"\"\nSee 'kubectl create -h' for help and examples".to_string()
        });
    }
    let docs = match manifest::read_sources(&files, env.stdin, env.fs, p.is("recursive")) {
        Ok(d) => d,
        Err(e) => return out.fail(e),
    };
    if docs.is_empty() {
        return out.fail("error: no objects passed to ".to_string() + cmd);
    }
    let flag_ns = p.get("namespace").map(str::to_string);
    let ns = namespace_of(&p);
    let name_only = p.get("output") == Some("name");
    for doc in &docs {
        let res = match dry {
            DryRun::Server => {
                let mut scratch = c.clone();
                apply_one(&mut scratch, doc, &ns, flag_ns.as_deref(), mode)
            }
            DryRun::Client => decode_with_ns(doc, &ns, flag_ns.as_deref()).map(|(o, _)| {
                let existed = c.store.get(o.kind(), o.namespace(), o.name()).is_some();
                (
                    o,
                    if existed && mode == Mode::Apply {
                        "configured"
                    } else {
                        "created"
                    },
                )
            }),
            DryRun::None => apply_one(c, doc, &ns, flag_ns.as_deref(), mode),
        };
        match res {
            Ok((o, verb)) => {
                let suffix = match dry {
                    DryRun::None => "",
                    DryRun::Client => " (dry run)",
                    DryRun::Server => " (server dry run)",
                };
                if name_only {
                    out.outln(format!("{}/{}", o.kind().qualified_singular(), o.name()));
                } else {
                    out.outln(format!(
                        "{}/{} {verb}{suffix}",
                        o.kind().qualified_singular(),
                        o.name()
                    ));
                }
            }
            Err(e) => out.fail(e),
        }
        c.settle();
    }
}

/// Decodes a document and settles its namespace (`-n` must agree with the manifest's).
fn decode_with_ns(
    doc: &Document,
    ns: &str,
    flag_ns: Option<&str>,
) -> Result<(Object, Value), String> {
    // The API server reads at most `MaxRequestBodyBytes` of a create or update body.
    if manifest::request_body_too_large(&doc.value) {
        return Err(
            ApiError::request_entity_too_large(manifest::MAX_REQUEST_BODY_BYTES)
                .with_source("creating", &doc.source)
                .to_string(),
        );
    }
    let mut obj = match manifest::decode(doc) {
        Ok(o) => o,
        Err(DecodeError::Client(m)) => return Err(m),
        Err(DecodeError::BadRequest(m)) => {
            return Err(ApiError::bad_request(&m)
                .with_source("creating", &doc.source)
                .to_string());
        }
    };
    if obj.kind().namespaced() {
        let own = obj.meta().namespace.clone().filter(|n| !n.is_empty());
        match (own, flag_ns) {
            (Some(o), Some(f)) if o != f => {
                return Err(format!(
                    "error: the namespace from the provided object \"{o}\" does not match the namespace \"{f}\". You must pass '--namespace={o}' to perform this operation."
                ));
            }
            (Some(_), _) => {}
            (None, _) => obj.meta_mut().namespace = Some(ns.to_string()),
        }
    }
    let mut applied = doc.value.clone();
    if obj.kind().namespaced()
        && let Some(m) = applied.get_mut("metadata").and_then(Value::as_object_mut)
    {
        m.insert(
            "namespace".into(),
            Value::String(obj.namespace().to_string()),
        );
    }
    Ok((obj, applied))
}

fn apply_one(
    c: &mut Cluster,
    doc: &Document,
    ns: &str,
    flag_ns: Option<&str>,
    mode: Mode,
) -> Result<(Object, &'static str), String> {
    let (mut obj, applied) = decode_with_ns(doc, ns, flag_ns)?;
    let kind = obj.kind();
    let existing = c.store.get(kind, obj.namespace(), obj.name()).cloned();
    let annotation = format!(
        "{}\n",
        serde_json::to_string(&strip_last_applied(applied.clone())).unwrap_or_default()
    );
    match (mode, existing) {
        (Mode::Create, _) | (Mode::Apply, None) => {
            if mode == Mode::Apply {
                obj.meta_mut()
                    .annotations
                    .get_or_insert_with(Default::default)
                    .insert(LAST_APPLIED.into(), annotation);
            }
            if kind == Kind::Node || kind == Kind::Event {
                // Nodes register themselves; the sandbox adds them with `node add`.
                if kind == Kind::Node {
                    return Err(format!(
                        "Error from server (Forbidden): error when creating \"{}\": nodes \"{}\" is forbidden: use `node add {}` to add a node to the simulated cluster",
                        doc.source,
                        obj.name(),
                        obj.name()
                    ));
                }
            }
            c.api_create(obj)
                .map(|o| (o, "created"))
                .map_err(|e| source_err(e, "creating", &doc.source))
        }
        (Mode::Apply, Some(live)) => {
            let live_json = live.to_json();
            let last: Option<Value> = live
                .meta()
                .annotations
                .as_ref()
                .and_then(|a| a.get(LAST_APPLIED))
                .and_then(|s| serde_json::from_str(s).ok());
            let mut desired = applied.clone();
            if let Some(m) = desired
                .pointer_mut("/metadata")
                .and_then(Value::as_object_mut)
            {
                let anns = m
                    .entry("annotations")
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Some(a) = anns.as_object_mut() {
                    a.insert(LAST_APPLIED.into(), Value::String(annotation));
                }
            }
            let merged = three_way(&live_json, last.as_ref(), &desired);
            if merged == live_json {
                return Ok((live, "unchanged"));
            }
            let new = Object::from_json(kind, merged).map_err(|e| {
                ApiError::bad_request(&format!(
                    "{} in version \"v1\" cannot be handled as a {}: {e}",
                    kind, kind
                ))
                .with_source("patching", &doc.source)
                .to_string()
            })?;
            c.api_update(new)
                .map(|o| (o, "configured"))
                .map_err(|e| source_err(e, "patching", &doc.source))
        }
    }
}

fn source_err(e: ApiError, verb: &str, source: &str) -> String {
    if e.reason == StatusReason::Invalid {
        e.to_string()
    } else {
        e.with_source(verb, source).to_string()
    }
}

fn strip_last_applied(mut v: Value) -> Value {
    if let Some(a) = v
        .pointer_mut("/metadata/annotations")
        .and_then(Value::as_object_mut)
    {
        a.remove(LAST_APPLIED);
        if a.is_empty()
            && let Some(m) = v.pointer_mut("/metadata").and_then(Value::as_object_mut)
        {
            m.remove("annotations");
        }
    }
    v
}

fn named_list(v: &Value) -> bool {
    v.as_array().is_some_and(|a| {
        !a.is_empty()
            && a.iter()
                .all(|i| i.get("name").is_some_and(Value::is_string))
    })
}

/// Three-way merge of client-side apply: fields in `desired` are set, fields that were in the
/// last applied manifest but are no longer in `desired` are removed, everything else the server
/// or other clients set is kept. Lists of named items (containers, ports, env, volumes) merge by
/// name, as their strategic-merge-patch keys do; other lists are replaced.
pub fn three_way(live: &Value, last: Option<&Value>, desired: &Value) -> Value {
    match (live, desired) {
        (Value::Object(l), Value::Object(d)) => {
            let mut out = l.clone();
            for (k, dv) in d {
                let lv = l.get(k).unwrap_or(&Value::Null);
                let last_v = last.and_then(|x| x.get(k));
                out.insert(k.clone(), three_way(lv, last_v, dv));
            }
            if let Some(Value::Object(la)) = last {
                for k in la.keys() {
                    if !d.contains_key(k) {
                        out.remove(k);
                    }
                }
            }
            Value::Object(out)
        }
        (Value::Array(l), Value::Array(d)) if named_list(desired) && named_list(live) => {
            let name = |v: &Value| v.get("name").and_then(Value::as_str).map(str::to_string);
            let last_items = last.and_then(Value::as_array);
            let mut out: Vec<Value> = Vec::new();
            for dv in d {
                let n = name(dv);
                let lv = l
                    .iter()
                    .find(|x| name(x) == n)
                    .cloned()
                    .unwrap_or(Value::Null);
                let la = last_items.and_then(|li| li.iter().find(|x| name(x) == n));
                out.push(if lv.is_null() {
                    dv.clone()
                } else {
                    three_way(&lv, la, dv)
                });
            }
            // Items only the server or others added stay; items removed from the manifest go.
            for lv in l {
                let n = name(lv);
                let in_desired = d.iter().any(|x| name(x) == n);
                let in_last = last_items.is_some_and(|li| li.iter().any(|x| name(x) == n));
                if !in_desired && !in_last {
                    out.push(lv.clone());
                }
            }
            Value::Array(out)
        }
        (_, d) => d.clone(),
    }
}

/// `kubectl create namespace NAME` (other `create` subcommands are not simulated yet).
fn create_subcommand(c: &mut Cluster, p: &args::Parsed, out: &mut Output) {
    let sub = p.args[0].as_str();
    match sub {
        "namespace" | "ns" => {
            let Some(name) = p.args.get(1) else {
                return out.fail("error: exactly one NAME is required, got 0\nSee 'kubectl create namespace -h' for help and examples");
            };
            let obj = Object::Namespace(std::sync::Arc::new(k8s_openapi::api::core::v1::Namespace {
                metadata: k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta { name: Some(name.clone()), ..Default::default() },
                ..Default::default()
            }));
            match c.api_create(obj) {
                Ok(o) => out.outln(format!("namespace/{} created", o.name())),
                Err(e) => out.fail(e.to_string()),
            }
        }
        other => out.fail(format!("error: unknown command \"{other}\" for \"kubectl create\"\nSee 'kubectl create -h' for help and examples")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn three_way_sets_keeps_and_removes() {
        let live = json!({"spec": {"replicas": 3, "serviceName": "nginx", "x": 1}, "status": {"ready": 1}});
        let last = json!({"spec": {"replicas": 3, "x": 1}});
        let desired = json!({"spec": {"replicas": 5}});
        assert_eq!(
            three_way(&live, Some(&last), &desired),
            json!({"spec": {"replicas": 5, "serviceName": "nginx"}, "status": {"ready": 1}})
        );
    }

    #[test]
    fn containers_merge_by_name_keeping_server_defaults() {
        let live = json!([{"name": "a", "image": "nginx:1", "imagePullPolicy": "IfNotPresent"}]);
        let last = json!([{"name": "a", "image": "nginx:1"}]);
        let desired = json!([{"name": "a", "image": "nginx:2"}]);
        assert_eq!(
            three_way(&live, Some(&last), &desired),
            json!([{"name": "a", "image": "nginx:2", "imagePullPolicy": "IfNotPresent"}])
        );
    }
}
