//! `kubectl delete`: by type and name, `TYPE/NAME`, `-f`, `-l`, `--all`, with `--cascade`,
//! `--grace-period`, `--force`, `--now`, and kubectl's default `--wait`: the command returns
//! when the objects are really gone, so virtual time passes while pods terminate.

use super::args::{self, Flag, bool_flag, val};
use super::get::parse_targets;
use super::manifest::{self, doc_ident};
use super::{Env, Output, namespace_of};
use crate::sim::api::server::{DeleteOptions, Propagation};
use crate::sim::cluster::Cluster;
use crate::sim::labels::Selector;
use crate::sim::object::Kind;
use crate::sim::store::ObjKey;
use jiff::SignedDuration;

const FLAGS: &[Flag] = &[
    val("filename", Some('f')),
    bool_flag("recursive", Some('R')),
    val("selector", Some('l')),
    val("field-selector", None),
    bool_flag("all", None),
    bool_flag("all-namespaces", Some('A')),
    val("grace-period", None),
    bool_flag("force", None),
    bool_flag("now", None),
    val("cascade", None),
    val("wait", None),
    val("timeout", None),
    bool_flag("ignore-not-found", None),
    val("output", Some('o')),
    val("dry-run", None),
    bool_flag("interactive", Some('i')),
];

/// How long `--wait` lets virtual time run before giving up (kubectl waits up to a week; a
/// pod on a dead node would never go).
const WAIT_CAP: SignedDuration = SignedDuration::from_secs(600);

const NO_TARGET: &str = "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

/// Parses a kubectl duration flag value (`30s`, `5m`, `1h`, plain seconds).
pub fn parse_duration(s: &str) -> Option<SignedDuration> {
    let s = s.trim();
    let (num, unit) = s
        .find(|c: char| c.is_ascii_alphabetic())
        .map(|i| s.split_at(i))
        .unwrap_or((s, "s"));
    let n: f64 = num.parse().ok()?;
    let secs = match unit {
        "ms" => n / 1000.0,
        "s" => n,
        "m" => n * 60.0,
        "h" => n * 3600.0,
        "d" => n * 86400.0,
        _ => return None,
    };
    if !(0.0..1e10).contains(&secs) {
        return None;
    }
    Some(SignedDuration::from_millis((secs * 1000.0) as i64))
}

/// `kubectl delete`.
pub fn run(c: &mut Cluster, argv: &[String], env: &Env, out: &mut Output) {
    let p = match args::parse(argv, FLAGS, "delete") {
        Ok(p) => p,
        Err(e) => return out.fail(e),
    };
    let ns = namespace_of(&p);
    let all_ns = p.is("all-namespaces");
    let force = p.is("force");
    let mut grace: i64 = match p.get("grace-period").map(str::parse::<i64>) {
        None => -1,
        Some(Ok(g)) => g,
        Some(Err(_)) => return out.fail(format!("error: invalid argument \"{}\" for \"--grace-period\" flag: strconv.ParseInt: parsing \"{}\": invalid syntax", p.get("grace-period").unwrap_or(""), p.get("grace-period").unwrap_or(""))),
    };
    if p.is("now") {
        if grace != -1 {
            return out.fail("error: --now and --grace-period cannot be specified together");
        }
        grace = 1;
    }
    if grace == 0 && !force {
        grace = 1;
    }
    if force && grace < 0 {
        grace = 0;
    }
    if grace > 0 && force {
        return out
            .fail("error: --force and --grace-period greater than 0 cannot be specified together");
    }
    let propagation = match p.get("cascade").unwrap_or("background") {
        "background" | "true" => Propagation::Background,
        "foreground" => Propagation::Foreground,
        "orphan" | "false" => Propagation::Orphan,
        other => return out.fail(format!("error: invalid cascade value ({other}). Must be \"background\", \"foreground\", or \"orphan\"")),
    };
    let wait = !matches!(p.get("wait"), Some("false"));
    if p.is("all") && p.has("selector") {
        return out.fail("error: cannot set --all and --selector at the same time");
    }
    if grace == 0 && force {
        out.errln("Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.");
    }
    // What to delete: (kind, namespace, name) in order.
    let mut targets: Vec<ObjKey> = Vec::new();
    let files = p.all("filename", false);
    if !files.is_empty() {
        match manifest::read_sources(&files, env.stdin, env.fs, p.is("recursive")) {
            Ok(docs) => {
                for d in docs {
                    let (av, k, name) = doc_ident(&d.value);
                    match Kind::from_api_version_kind(&av, &k) {
                        Some(kind) => {
                            let dns = d.value.pointer("/metadata/namespace").and_then(|x| x.as_str()).unwrap_or(&ns).to_string();
                            targets.push(ObjKey::new(kind, &dns, &name));
                        }
                        None => out.fail(format!("error: resource mapping not found for name: \"{name}\" namespace: \"\" from \"{}\": no matches for kind \"{k}\" in version \"{av}\"\nensure CRDs are installed first", d.source)),
                    }
                }
            }
            Err(e) => return out.fail(e),
        }
    } else {
        let requests = match parse_targets(&p.args) {
            Ok(r) if r.is_empty() => return out.fail(NO_TARGET),
            Ok(r) => r,
            Err(e) => return out.fail(e),
        };
        let selector = match p.get("selector").map(Selector::parse).transpose() {
            Ok(s) => s,
            Err(e) => return out.fail(format!("error: {e}")),
        };
        for r in &requests {
            if r.names.is_empty() {
                if selector.is_none() && !p.is("all") && !p.has("field-selector") {
                    return out.fail("error: resource(s) were provided, but no name was specified");
                }
                let ns_filter = if all_ns || !r.kind.namespaced() {
                    None
                } else {
                    Some(ns.as_str())
                };
                for o in c.store.list(r.kind, ns_filter) {
                    if o.meta().deletion_timestamp.is_some() && r.kind != Kind::Pod {
                        continue;
                    }
                    if selector
                        .as_ref()
                        .is_none_or(|s| s.matches_opt(o.meta().labels.as_ref()))
                    {
                        targets.push(ObjKey::of(o));
                    }
                }
            } else {
                for n in &r.names {
                    targets.push(ObjKey::new(r.kind, &ns, n));
                }
            }
        }
    }
    let dry = p.get("dry-run").is_some_and(|d| d != "none");
    let mut deleted: Vec<(ObjKey, String)> = Vec::new();
    let mut found = 0;
    for key in targets {
        let Some(obj) = c.store.get_key(&key).cloned() else {
            if !p.is("ignore-not-found") {
                out.fail(format!(
                    "Error from server (NotFound): {} \"{}\" not found",
                    key.kind.qualified_plural(),
                    key.name
                ));
            }
            continue;
        };
        found += 1;
        let kind_s = key.kind.qualified_singular();
        let op = if grace == 0 {
            "force deleted"
        } else {
            "deleted"
        };
        if dry {
            out.outln(format!("{kind_s} \"{}\" {op} (dry run)", key.name));
            continue;
        }
        let opts = DeleteOptions {
            grace_period: (grace >= 0).then_some(grace),
            propagation,
        };
        match c.api_delete(key.kind, &key.namespace, &key.name, opts) {
            Ok(_) => {
                if p.get("output") == Some("name") {
                    out.outln(format!("{kind_s}/{}", key.name));
                } else {
                    out.outln(format!("{kind_s} \"{}\" {op}", key.name));
                }
                deleted.push((key, obj.meta().uid.clone().unwrap_or_default()));
            }
            Err(e) => out.fail(e.to_string()),
        }
        c.settle();
    }
    if found == 0 && out.code == 0 {
        out.outln("No resources found");
        return;
    }
    if wait && !dry && !deleted.is_empty() {
        let timeout = p
            .get("timeout")
            .and_then(parse_duration)
            .filter(|d| !d.is_zero())
            .unwrap_or(WAIT_CAP);
        wait_gone(c, &deleted, timeout, out);
    }
}

/// Lets virtual time run until every object (same uid) is gone, or `timeout` passes.
pub fn wait_gone(
    c: &mut Cluster,
    objs: &[(ObjKey, String)],
    timeout: SignedDuration,
    out: &mut Output,
) {
    let deadline = c.now() + timeout;
    let gone = |c: &Cluster| {
        objs.iter().all(|(k, uid)| {
            c.store
                .get_key(k)
                .is_none_or(|o| o.meta().uid.as_deref() != Some(uid.as_str()))
        })
    };
    loop {
        c.settle();
        if gone(c) {
            return;
        }
        match c.next_timer() {
            Some(t) if t <= deadline => c.advance_to(t),
            _ => {
                c.advance_to(deadline);
                break;
            }
        }
    }
    if !gone(c) {
        for (k, uid) in objs {
            if c.store
                .get_key(k)
                .is_some_and(|o| o.meta().uid.as_deref() == Some(uid.as_str()))
            {
                out.fail(format!(
                    "error: timed out waiting for the condition on {}/{}",
                    k.kind.qualified_plural(),
                    k.name
                ));
            }
        }
    }
}
