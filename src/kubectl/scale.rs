//! `kubectl scale TYPE NAME --replicas=N` for Deployments, ReplicaSets and StatefulSets (the
//! kinds with a `scale` subresource here), with `--current-replicas` as a precondition.

use super::args::{self, Flag, bool_flag, val};
use super::get::parse_targets;
use super::manifest::{self, doc_ident};
use super::{Env, Output, namespace_of};
use crate::sim::cluster::Cluster;
use crate::sim::object::{Kind, Object};
use crate::sim::store::ObjKey;

const FLAGS: &[Flag] = &[
    val("replicas", None),
    val("current-replicas", None),
    val("filename", Some('f')),
    val("selector", Some('l')),
    bool_flag("all", None),
    val("output", Some('o')),
    val("timeout", None),
    val("resource-version", None),
    val("dry-run", None),
];

fn replicas_of(o: &Object) -> Option<i32> {
    match o {
        Object::Deployment(d) => d.spec.as_ref().and_then(|s| s.replicas),
        Object::ReplicaSet(r) => r.spec.as_ref().and_then(|s| s.replicas),
        Object::StatefulSet(s) => s.spec.as_ref().and_then(|s| s.replicas),
        _ => None,
    }
}

fn set_replicas(o: &mut Object, n: i32) -> bool {
    match o {
        Object::Deployment(d) => {
            std::sync::Arc::make_mut(d)
                .spec
                .get_or_insert_with(Default::default)
                .replicas = Some(n)
        }
        Object::ReplicaSet(r) => {
            std::sync::Arc::make_mut(r)
                .spec
                .get_or_insert_with(Default::default)
                .replicas = Some(n)
        }
        Object::StatefulSet(s) => {
            std::sync::Arc::make_mut(s)
                .spec
                .get_or_insert_with(Default::default)
                .replicas = Some(n)
        }
        _ => return false,
    }
    true
}

/// `kubectl scale`.
pub fn run(c: &mut Cluster, argv: &[String], env: &Env, out: &mut Output) {
    let p = match args::parse(argv, FLAGS, "scale") {
        Ok(p) => p,
        Err(e) => return out.fail(e),
    };
    let Some(rep) = p.get("replicas") else {
        return out.fail("error: required flag(s) \"replicas\" not set");
    };
    let replicas: i32 = match rep.parse() {
        Ok(n) if n >= 0 => n,
        Ok(_) => return out.fail("error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0"),
        Err(_) => return out.fail(format!("error: invalid argument \"{rep}\" for \"--replicas\" flag: strconv.ParseInt: parsing \"{rep}\": invalid syntax\nSee 'kubectl scale --help' for usage.")),
    };
    let ns = namespace_of(&p);
    let mut keys: Vec<ObjKey> = Vec::new();
    let files = p.all("filename", false);
    if !files.is_empty() {
        match manifest::read_sources(&files, env.stdin, env.fs, false) {
            Ok(docs) => {
                for d in docs {
                    let (av, k, name) = doc_ident(&d.value);
                    if let Some(kind) = Kind::from_api_version_kind(&av, &k) {
                        keys.push(ObjKey::new(kind, &ns, &name));
                    }
                }
            }
            Err(e) => return out.fail(e),
        }
    } else {
        match parse_targets(&p.args) {
            Ok(r) if r.is_empty() => {
                return out.fail("error: required resource not specified");
            }
            Ok(r) => {
                for req in r {
                    if req.names.is_empty() {
                        return out
                            .fail("error: resource(s) were provided, but no name was specified");
                    }
                    for n in req.names {
                        keys.push(ObjKey::new(req.kind, &ns, &n));
                    }
                }
            }
            Err(e) => return out.fail(e),
        }
    }
    if keys.is_empty() {
        return out.fail("error: no objects passed to scale");
    }
    for key in keys {
        let Some(mut obj) = c.store.get_key(&key).cloned() else {
            out.fail(format!(
                "Error from server (NotFound): {} \"{}\" not found",
                key.kind.qualified_plural(),
                key.name
            ));
            continue;
        };
        if let Some(cur) = p
            .get("current-replicas")
            .and_then(|s| s.parse::<i32>().ok())
            && replicas_of(&obj) != Some(cur)
        {
            out.fail(format!(
                "error: Expected replicas to be {cur}, was {}",
                replicas_of(&obj).unwrap_or(0)
            ));
            continue;
        }
        if !set_replicas(&mut obj, replicas) {
            out.fail("error: the server could not find the requested resource");
            continue;
        }
        match c.api_update(obj) {
            Ok(_) => out.outln(format!(
                "{}/{} scaled",
                key.kind.qualified_singular(),
                key.name
            )),
            Err(e) => out.fail(e.to_string()),
        }
        c.settle();
    }
}
