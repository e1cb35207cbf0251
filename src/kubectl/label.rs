//! `kubectl label` and `kubectl annotate` (upstream `staging/src/k8s.io/kubectl/pkg/cmd/label/
//! label.go`, `pkg/cmd/annotate/annotate.go`): `key=value` adds, `key-` removes, `--overwrite`,
//! `--all`, `-l`, `-A`, `--list`, `--dry-run`, with kubectl's messages and errors.

use super::Output;
use super::args::{self, Flag, bool_flag, val};
use super::common::{self, fetch, ref_name};
use crate::sim::cluster::Cluster;
use crate::sim::labels::{is_qualified_name, is_valid_label_value};
use std::collections::BTreeMap;

const FLAGS: &[Flag] = &[
    bool_flag("overwrite", None),
    bool_flag("all", None),
    bool_flag("all-namespaces", Some('A')),
    val("selector", Some('l')),
    val("field-selector", None),
    bool_flag("list", None),
    bool_flag("local", None),
    val("dry-run", None),
    val("output", Some('o')),
    val("resource-version", None),
    val("filename", Some('f')),
    bool_flag("recursive", Some('R')),
    val("field-manager", None),
];

/// Which of the two verbs runs.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// `kubectl label`.
    Label,
    /// `kubectl annotate`.
    Annotate,
}

fn help(w: Which) -> &'static str {
    match w {
        Which::Label => {
            "Update the labels on a resource.\n\n  *  A label key and value must begin with a letter or number, and may contain letters, numbers, hyphens, dots, and underscores, up to 63 characters each.\n  *  Optionally, the key can begin with a DNS subdomain prefix and a single '/', like example.com/my-app.\n  *  If --overwrite is true, then existing labels can be overwritten, otherwise attempting to overwrite a label will result in an error.\n  *  If --resource-version is specified, then updates will use this resource version, otherwise the existing resource-version will be used.\n\nExamples:\n  # Update pod 'foo' with the label 'unhealthy' and the value 'true'\n  kubectl label pods foo unhealthy=true\n\n  # Update pod 'foo' with the label 'status' and the value 'unhealthy', overwriting any existing value\n  kubectl label --overwrite pods foo status=unhealthy\n\n  # Update all pods in the namespace\n  kubectl label pods --all status=unhealthy\n\n  # Update pod 'foo' only if the resource is unchanged from version 1\n  kubectl label pods foo status=unhealthy --resource-version=1\n\n  # Update pod 'foo' by removing a label named 'bar' if it exists\n  # Does not require the --overwrite flag\n  kubectl label pods foo bar-\n\nUsage:\n  kubectl label [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version] [options]"
        }
        Which::Annotate => {
            "Update the annotations on one or more resources.\n\n All Kubernetes objects support the ability to store additional data with the object as annotations. Annotations are key/value pairs that can be larger than labels and include arbitrary string values such as structured JSON. Tools and system extensions may use annotations to store their own data.\n\n Attempting to set an annotation that already exists will fail unless --overwrite is set. If --resource-version is specified and does not match the current resource version on the server the command will fail.\n\nExamples:\n  # Update pod 'foo' with the annotation 'description' and the value 'my frontend'\n  # If the same annotation is set multiple times, only the last value will be applied\n  kubectl annotate pods foo description='my frontend'\n\n  # Update pod 'foo' with the annotation 'description' and the value 'my frontend running nginx', overwriting any existing value\n  kubectl annotate --overwrite pods foo description='my frontend running nginx'\n\n  # Update all pods in the namespace\n  kubectl annotate pods --all description='my frontend running nginx'\n\n  # Update pod 'foo' by removing an annotation named 'description' if it exists\n  # Does not require the --overwrite flag\n  kubectl annotate pods foo description-\n\nUsage:\n  kubectl annotate [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version] [options]"
        }
    }
}

/// `GetResourcesAndPairs` + `parseLabels`/`parseAnnotations`: splits resources from changes.
#[allow(clippy::type_complexity)]
fn split(
    argv: &[String],
    w: Which,
) -> Result<(Vec<String>, BTreeMap<String, String>, Vec<String>), String> {
    let noun = if w == Which::Label {
        "label"
    } else {
        "annotation"
    };
    let mut resources = Vec::new();
    let mut pairs: Vec<&String> = Vec::new();
    for a in argv {
        if a.contains('=') || a.ends_with('-') {
            pairs.push(a);
        } else if !pairs.is_empty() {
            return Err(format!(
                "error: all resources must be specified before {noun} changes: {a}"
            ));
        } else {
            resources.push(a.clone());
        }
    }
    let mut add = BTreeMap::new();
    let mut remove = Vec::new();
    for p in pairs {
        if let Some((k, v)) = p.split_once('=') {
            if w == Which::Label {
                let mut errs = is_qualified_name(k);
                errs.extend(is_valid_label_value(v));
                if !errs.is_empty() {
                    return Err(format!(
                        "error: invalid label spec: {p}, {}",
                        errs.join("; ")
                    ));
                }
            } else if k.is_empty() {
                return Err(format!("error: invalid annotation format: {p}"));
            }
            add.insert(k.to_string(), v.to_string());
        } else if let Some(k) = p.strip_suffix('-') {
            remove.push(k.to_string());
        }
    }
    for r in &remove {
        if add.contains_key(r) {
            return Err(format!(
                "error: can not both modify and remove {noun} in the same command"
            ));
        }
    }
    Ok((resources, add, remove))
}

/// `kubectl label` / `kubectl annotate`.
pub fn run(c: &mut Cluster, argv: &[String], w: Which, out: &mut Output) {
    let cmd = if w == Which::Label {
        "label"
    } else {
        "annotate"
    };
    let p = match args::parse(argv, FLAGS, cmd) {
        Ok(p) => p,
        Err(e) => return out.fail(e),
    };
    if p.is("help") {
        return out.outln(help(w));
    }
    let (resources, add, remove) = match split(&p.args, w) {
        Ok(x) => x,
        Err(e) => return out.fail(e),
    };
    let list = p.is("list") && w == Which::Label;
    if add.is_empty() && remove.is_empty() && !list {
        return out.fail(format!(
            "error: at least one {} update is required\nSee 'kubectl {cmd} -h' for help and examples",
            if w == Which::Label { "label" } else { "annotation" }
        ));
    }
    if p.is("all") && p.has("selector") {
        return out.fail("error: cannot set --all and --selector at the same time");
    }
    let dry = matches!(p.get("dry-run"), Some("client" | "server" | "true"));
    let keys = match common::keys(c, &p, &resources) {
        Ok(k) => k,
        Err(e) => return out.fail(e),
    };
    if keys.is_empty() {
        out.errln("No resources found");
        return;
    }
    let mut errs: Vec<String> = Vec::new();
    for key in keys {
        let mut o = match fetch(c, &key) {
            Ok(o) => o,
            Err(e) => {
                out.fail(e);
                continue;
            }
        };
        if list {
            for (k, v) in o.meta().labels.iter().flatten() {
                out.outln(format!("{k}={v}"));
            }
            continue;
        }
        let before = o.clone();
        let meta = o.meta_mut();
        let cur = if w == Which::Label {
            meta.labels.clone()
        } else {
            meta.annotations.clone()
        }
        .unwrap_or_default();
        if !p.is("overwrite") {
            if w == Which::Label {
                if let Some((k, v)) = add
                    .iter()
                    .find_map(|(k, v)| cur.get(k).filter(|cv| *cv != v).map(|cv| (k, cv)))
                {
                    errs.push(format!(
                        "'{k}' already has a value ({v}), and --overwrite is false"
                    ));
                    continue;
                }
            } else {
                let found: Vec<String> = add
                    .iter()
                    .filter(|(k, _)| k.as_str() != super::rollout::CHANGE_CAUSE)
                    .filter_map(|(k, v)| {
                        cur.get(k)
                            .filter(|cv| *cv != v)
                            .map(|cv| format!("'{k}' already has a value ({cv})"))
                    })
                    .collect();
                if !found.is_empty() {
                    errs.push(format!(
                        "--overwrite is false but found the following declared annotation(s): {}",
                        found.join("; ")
                    ));
                    continue;
                }
            }
        }
        let mut next = cur.clone();
        for r in &remove {
            if next.remove(r).is_none() && w == Which::Label {
                out.outln(format!("label \"{r}\" not found."));
            }
        }
        for (k, v) in &add {
            next.insert(k.clone(), v.clone());
        }
        let value = (!next.is_empty()).then_some(next.clone());
        if w == Which::Label {
            meta.labels = value;
        } else {
            meta.annotations = value;
        }
        let name = ref_name(key.kind, &key.name);
        let msg = if w == Which::Annotate {
            "annotated"
        } else if next == cur {
            "not labeled"
        } else if !p.is("overwrite")
            && serde_json::to_string(&next).map(|s| s.len()).unwrap_or(0)
                < serde_json::to_string(&cur).map(|s| s.len()).unwrap_or(0)
        {
            "unlabeled"
        } else {
            "labeled"
        };
        let suffix = if dry { " (dry run)" } else { "" };
        if !dry && o != before {
            if let Err(e) = c.api_update(o) {
                errs.push(e.to_string());
                continue;
            }
            c.settle();
        }
        if p.get("output") == Some("name") {
            out.outln(name);
        } else {
            out.outln(format!("{name} {msg}{suffix}"));
        }
    }
    match errs.len() {
        0 => {}
        1 => out.fail(
            if errs[0].starts_with("Error from server") || errs[0].starts_with("The ") {
                errs[0].clone()
            } else {
                format!("error: {}", errs[0])
            },
        ),
        _ => out.fail(format!("error: [{}]", errs.join(", "))),
    }
}
