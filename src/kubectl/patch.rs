//! `kubectl patch` (upstream `staging/src/k8s.io/kubectl/pkg/cmd/patch/patch.go`) with
//! `--type merge` (RFC 7386), `--type json` (RFC 6902) and the default strategic merge for the
//! common list cases; `kubectl set image` (`pkg/cmd/set/set_image.go`); and `kubectl edit`,
//! which needs an editor: the TUI runs it through [`edit_prepare`]/[`edit_finish`], a script
//! gets a clear error.

use super::args::{self, Flag, bool_flag, val};
use super::common::{self, fetch, ref_name};
use super::{Env, Output};
use crate::sim::cluster::Cluster;
use crate::sim::object::{Kind, Object};
use crate::sim::store::ObjKey;
use serde_json::{Map, Value};

const PATCH_FLAGS: &[Flag] = &[
    val("patch", Some('p')),
    val("patch-file", None),
    val("type", None),
    val("dry-run", None),
    val("output", Some('o')),
    val("filename", Some('f')),
    bool_flag("local", None),
    val("subresource", None),
    val("field-manager", None),
    bool_flag("recursive", Some('R')),
];

const SET_IMAGE_FLAGS: &[Flag] = &[
    bool_flag("all", None),
    val("selector", Some('l')),
    val("dry-run", None),
    val("output", Some('o')),
    bool_flag("local", None),
    val("filename", Some('f')),
    bool_flag("recursive", Some('R')),
    val("field-manager", None),
];

/// The merge key of a list field in a strategic merge patch (`patchMergeKey` in the API
/// types); lists without one are replaced.
fn merge_key(field: &str) -> Option<&'static str> {
    Some(match field {
        "containers"
        | "initContainers"
        | "ephemeralContainers"
        | "volumes"
        | "env"
        | "imagePullSecrets"
        | "hostAliases" => "name",
        "ports" => "containerPort",
        "volumeMounts" => "mountPath",
        "volumeDevices" => "devicePath",
        "conditions" => "type",
        _ => return None,
    })
}

/// RFC 7386 JSON merge patch.
pub fn merge_patch(target: &Value, patch: &Value) -> Value {
    let Value::Object(p) = patch else {
        return patch.clone();
    };
    let mut t = match target {
        Value::Object(m) => m.clone(),
        _ => Map::new(),
    };
    for (k, v) in p {
        if v.is_null() {
            t.remove(k);
        } else {
            let cur = t.get(k).cloned().unwrap_or(Value::Null);
            t.insert(k.clone(), merge_patch(&cur, v));
        }
    }
    Value::Object(t)
}

/// A strategic merge patch for the cases lessons use: maps merge, lists with a merge key
/// merge element by element (`$patch: delete` removes one), other lists are replaced,
/// `$patch: replace` replaces a map.
pub fn strategic_patch(target: &Value, patch: &Value) -> Value {
    let Value::Object(p) = patch else {
        return patch.clone();
    };
    if p.get("$patch").and_then(Value::as_str) == Some("replace") {
        let mut r = p.clone();
        r.remove("$patch");
        return Value::Object(r);
    }
    let mut t = match target {
        Value::Object(m) => m.clone(),
        _ => Map::new(),
    };
    for (k, v) in p {
        if k.starts_with('$') {
            continue;
        }
        if v.is_null() {
            t.remove(k);
            continue;
        }
        let cur = t.get(k).cloned().unwrap_or(Value::Null);
        let merged = match (v, merge_key(k)) {
            (Value::Array(items), Some(key)) => {
                let mut list = cur.as_array().cloned().unwrap_or_default();
                for item in items {
                    let id = item.get(key).cloned();
                    let del = item.get("$patch").and_then(Value::as_str) == Some("delete");
                    let pos = id
                        .as_ref()
                        .and_then(|id| list.iter().position(|e| e.get(key) == Some(id)));
                    match (pos, del) {
                        (Some(i), true) => {
                            list.remove(i);
                        }
                        (None, true) => {}
                        (Some(i), false) => list[i] = strategic_patch(&list[i], item),
                        (None, false) => list.push(strategic_patch(&Value::Null, item)),
                    }
                }
                Value::Array(list)
            }
            (Value::Object(_), _) => strategic_patch(&cur, v),
            _ => v.clone(),
        };
        t.insert(k.clone(), merged);
    }
    Value::Object(t)
}

fn unescape(tok: &str) -> String {
    tok.replace("~1", "/").replace("~0", "~")
}

fn pointer_parts(path: &str) -> Result<Vec<String>, String> {
    if path.is_empty() {
        return Ok(Vec::new());
    }
    let Some(rest) = path.strip_prefix('/') else {
        return Err(format!("invalid JSON pointer: {path:?}"));
    };
    Ok(rest.split('/').map(unescape).collect())
}

fn get_mut<'a>(v: &'a mut Value, parts: &[String]) -> Option<&'a mut Value> {
    let mut cur = v;
    for p in parts {
        cur = match cur {
            Value::Object(m) => m.get_mut(p)?,
            Value::Array(a) => a.get_mut(p.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(cur)
}

fn add_at(doc: &mut Value, path: &str, value: Value) -> Result<(), String> {
    let parts = pointer_parts(path)?;
    let Some((last, parent)) = parts.split_last() else {
        *doc = value;
        return Ok(());
    };
    let missing =
        || format!("add operation does not apply: doc is missing path: \"{path}\": missing value");
    match get_mut(doc, parent).ok_or_else(missing)? {
        Value::Object(m) => {
            m.insert(last.clone(), value);
        }
        Value::Array(a) => {
            if last == "-" {
                a.push(value);
            } else {
                let i: usize = last.parse().map_err(|_| missing())?;
                if i > a.len() {
                    return Err(format!(
                        "add operation does not apply: doc is missing path: \"{path}\": missing value"
                    ));
                }
                a.insert(i, value);
            }
        }
        _ => return Err(missing()),
    }
    Ok(())
}

fn remove_at(doc: &mut Value, path: &str) -> Result<Value, String> {
    let parts = pointer_parts(path)?;
    let missing = || {
        format!("remove operation does not apply: doc is missing path: \"{path}\": missing value")
    };
    let Some((last, parent)) = parts.split_last() else {
        return Err(missing());
    };
    match get_mut(doc, parent).ok_or_else(missing)? {
        Value::Object(m) => m.remove(last).ok_or_else(missing),
        Value::Array(a) => {
            let i: usize = last.parse().map_err(|_| missing())?;
            if i < a.len() {
                Ok(a.remove(i))
            } else {
                Err(missing())
            }
        }
        _ => Err(missing()),
    }
}

/// RFC 6902 JSON patch: add, remove, replace, move, copy, test.
pub fn json_patch(doc: &Value, ops: &Value) -> Result<Value, String> {
    let Some(ops) = ops.as_array() else {
        return Err("json: cannot unmarshal object into Go value of type jsonpatch.Patch".into());
    };
    let mut d = doc.clone();
    for op in ops {
        let kind = op.get("op").and_then(Value::as_str).unwrap_or("");
        let path = op.get("path").and_then(Value::as_str).unwrap_or("");
        let value = op.get("value").cloned();
        match kind {
            "add" => add_at(&mut d, path, value.unwrap_or(Value::Null))?,
            "remove" => {
                remove_at(&mut d, path)?;
            }
            "replace" => {
                let parts = pointer_parts(path)?;
                let slot = get_mut(&mut d, &parts).ok_or_else(|| {
                    format!("replace operation does not apply: doc is missing key: {path}: missing value")
                })?;
                *slot = value.unwrap_or(Value::Null);
            }
            "move" | "copy" => {
                let from = op.get("from").and_then(Value::as_str).unwrap_or("");
                let v = if kind == "move" {
                    remove_at(&mut d, from)?
                } else {
                    d.pointer(from).cloned().ok_or_else(|| {
                        format!("copy operation does not apply: doc is missing from path: {from}")
                    })?
                };
                add_at(&mut d, path, v)?;
            }
            "test" => {
                if d.pointer(path) != value.as_ref() {
                    return Err(format!("testing value {path} failed: test failed"));
                }
            }
            other => return Err(format!("Unexpected kind: {other}")),
        }
    }
    Ok(d)
}

fn parse_patch_text(text: &str) -> Result<Value, String> {
    serde_json::from_str(text)
        .or_else(|_| serde_yaml::from_str::<Value>(text))
        .map_err(|e| format!("error: unable to parse \"{text}\": {e}"))
}

/// `kubectl patch`.
pub fn patch(c: &mut Cluster, argv: &[String], env: &Env, out: &mut Output) {
    let p = match args::parse(argv, PATCH_FLAGS, "patch") {
        Ok(p) => p,
        Err(e) => return out.fail(e),
    };
    if p.is("help") {
        return out.outln("Update fields of a resource using strategic merge patch, a JSON merge patch, or a JSON patch.\n\n JSON and YAML formats are accepted.\n\nExamples:\n  # Partially update a node using a strategic merge patch, specifying the patch as JSON\n  kubectl patch node k8s-node-1 -p '{\"spec\":{\"unschedulable\":true}}'\n\n  # Update a container's image; spec.containers[*].name is required because it's a merge key\n  kubectl patch pod valid-pod -p '{\"spec\":{\"containers\":[{\"name\":\"kubernetes-serve-hostname\",\"image\":\"new image\"}]}}'\n\n  # Update a container's image using a JSON patch with positional arrays\n  kubectl patch pod valid-pod --type='json' -p='[{\"op\": \"replace\", \"path\": \"/spec/containers/0/image\", \"value\":\"new image\"}]'\n\nOptions:\n    -p, --patch='':\n\tThe patch to be applied to the resource JSON file.\n\n    --patch-file='':\n\tA file containing a patch to be applied to the resource.\n\n    --type='strategic':\n\tThe type of patch being provided; one of [json merge strategic]\n\nUsage:\n  kubectl patch (-f FILENAME | TYPE NAME) [-p PATCH|--patch-file FILE] [options]");
    }
    let ty = p.get("type").unwrap_or("strategic").to_string();
    if !matches!(ty.as_str(), "json" | "merge" | "strategic") {
        return out.fail(format!(
            "error: --type must be one of [json merge strategic], not \"{ty}\""
        ));
    }
    let text = match (p.get("patch"), p.get("patch-file")) {
        (Some(_), Some(_)) => {
            return out.fail("error: cannot specify --patch and --patch-file together");
        }
        (Some(t), None) => t.to_string(),
        (None, Some(f)) => match env.fs.read(f) {
            Ok(t) => t,
            Err(e) => return out.fail(format!("error: unable to read patch file: {e}")),
        },
        (None, None) => {
            return out.fail(
                "error: must specify --patch or --patch-file containing the contents of the patch",
            );
        }
    };
    if text.trim().is_empty() {
        return out.fail(
            "error: must specify --patch or --patch-file containing the contents of the patch",
        );
    }
    let patch_v = match parse_patch_text(&text) {
        Ok(v) => v,
        Err(e) => return out.fail(e),
    };
    let dry = matches!(p.get("dry-run"), Some("client" | "server" | "true"));
    let keys = match common::keys(c, &p, &p.args) {
        Ok(k) => k,
        Err(e) => return out.fail(e),
    };
    for key in keys {
        let o = match fetch(c, &key) {
            Ok(o) => o,
            Err(e) => {
                out.fail(e);
                continue;
            }
        };
        let cur = o.to_json();
        let next = match ty.as_str() {
            "merge" => merge_patch(&cur, &patch_v),
            "strategic" => {
                if !patch_v.is_object() {
                    out.fail(format!("Error from server (BadRequest): json: cannot unmarshal {} into Go value of type map[string]interface {{}}", json_kind(&patch_v)));
                    continue;
                }
                strategic_patch(&cur, &patch_v)
            }
            _ => match json_patch(&cur, &patch_v) {
                Ok(v) => v,
                Err(_) => {
                    // The API server answers 422 without detail; kubectl prints this.
                    out.fail("The request is invalid: the server rejected our request due to an error in our request");
                    continue;
                }
            },
        };
        apply_change(c, &key, o, next, "patched", dry, p.get("output"), out);
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Array(_) => "array",
        Value::String(_) => "string",
        Value::Number(_) => "number",
        Value::Bool(_) => "bool",
        _ => "object",
    }
}

/// Decodes the changed JSON and updates the object, printing `<ref> <verb>` or
/// `<ref> <verb> (no change)`.
#[allow(clippy::too_many_arguments)]
fn apply_change(
    c: &mut Cluster,
    key: &ObjKey,
    old: Object,
    next: Value,
    verb: &str,
    dry: bool,
    output: Option<&str>,
    out: &mut Output,
) {
    let name = ref_name(key.kind, &key.name);
    let new = match Object::from_json(key.kind, next) {
        Ok(o) => o,
        Err(e) => {
            return out.fail(format!(
                "Error from server (BadRequest): error decoding patch result: {e}"
            ));
        }
    };
    if new.name() != old.name() {
        return out.fail(format!(
            "The {} \"{}\" is invalid: metadata.name: Invalid value: \"{}\": field is immutable",
            key.kind.info().kind,
            key.name,
            new.name()
        ));
    }
    let suffix = if dry { " (dry run)" } else { "" };
    if new == old {
        return out.outln(format!("{name} {verb} (no change){suffix}"));
    }
    if dry {
        return out.outln(format!("{name} {verb}{suffix}"));
    }
    match c.api_update(new) {
        Ok(stored) => {
            match output {
                Some("yaml") => out.out(super::yaml::to_yaml(&stored.to_json())),
                Some("json") => out.outln(super::json_text(&stored.to_json())),
                Some("name") => out.outln(name),
                _ => out.outln(format!("{name} {verb}")),
            }
            c.settle();
        }
        Err(e) => out.fail(e.to_string()),
    }
}

/// `kubectl set SUBCOMMAND` (only `image` is simulated).
pub fn set(c: &mut Cluster, argv: &[String], out: &mut Output) {
    match argv.first().map(String::as_str) {
        Some("image") => set_image(c, &argv[1..], out),
        None | Some("-h") | Some("--help") => out.outln("Configure application resources.\n\n These commands help you make changes to existing application resources.\n\nAvailable Commands:\n  image           Update the image of a pod template\n\nUsage:\n  kubectl set SUBCOMMAND [options]"),
        Some(other) => out.fail(format!(
            "error: unknown command \"{other}\" for \"kubectl set\" (the simulator supports set image)"
        )),
    }
}

fn set_image(c: &mut Cluster, argv: &[String], out: &mut Output) {
    let p = match args::parse(argv, SET_IMAGE_FLAGS, "set image") {
        Ok(p) => p,
        Err(e) => return out.fail(e),
    };
    if p.is("help") {
        return out.outln("Update existing container image(s) of resources.\n\n Possible resources include (case insensitive):\n\n        pod (po), replicationcontroller (rc), deployment (deploy), daemonset (ds), statefulset (sts), cronjob (cj), replicaset (rs)\n\nExamples:\n  # Set a deployment's nginx container image to 'nginx:1.9.1', and its busybox container image to 'busybox'\n  kubectl set image deployment/nginx busybox=busybox nginx=nginx:1.9.1\n\n  # Update all deployments' and rc's nginx container's image to 'nginx:1.9.1'\n  kubectl set image deployments,rc nginx=nginx:1.9.1 --all\n\n  # Update image of all containers of daemonset abc to 'nginx:1.9.1'\n  kubectl set image daemonset abc *=nginx:1.9.1\n\nUsage:\n  kubectl set image (-f FILENAME | TYPE NAME) CONTAINER_NAME_1=CONTAINER_IMAGE_1 ... CONTAINER_NAME_N=CONTAINER_IMAGE_N [options]");
    }
    let mut resources = Vec::new();
    let mut images: Vec<(String, String)> = Vec::new();
    for a in &p.args {
        if let Some((k, v)) = a.split_once('=') {
            images.push((k.to_string(), v.to_string()));
        } else if !images.is_empty() {
            return out.fail(format!(
                "error: all resources must be specified before image changes: {a}"
            ));
        } else {
            resources.push(a.clone());
        }
    }
    if images.is_empty() {
        return out.fail("error: at least one image update is required\nSee 'kubectl set image -h' for help and examples");
    }
    let keys = match common::keys(c, &p, &resources) {
        Ok(k) => k,
        Err(e) => return out.fail(e),
    };
    let dry = matches!(p.get("dry-run"), Some("client" | "server" | "true"));
    for key in keys {
        let o = match fetch(c, &key) {
            Ok(o) => o,
            Err(e) => {
                out.fail(e);
                continue;
            }
        };
        let spec_ptr = match key.kind {
            Kind::Pod => "/spec",
            Kind::CronJob => "/spec/jobTemplate/spec/template/spec",
            Kind::Deployment
            | Kind::StatefulSet
            | Kind::DaemonSet
            | Kind::ReplicaSet
            | Kind::Job => "/spec/template/spec",
            _ => {
                out.fail(format!(
                    "error: {} \"{}\" does not have a pod template",
                    key.kind.qualified_plural(),
                    key.name
                ));
                continue;
            }
        };
        let mut v = o.to_json();
        let Some(spec) = v.pointer_mut(spec_ptr) else {
            continue;
        };
        let mut missing = Vec::new();
        for (cname, image) in &images {
            let mut found = false;
            for list in ["initContainers", "containers"] {
                if let Some(cs) = spec.get_mut(list).and_then(Value::as_array_mut) {
                    for ct in cs {
                        if cname == "*" || ct.get("name").and_then(Value::as_str) == Some(cname) {
                            ct["image"] = Value::String(image.clone());
                            found = true;
                        }
                    }
                }
            }
            if !found {
                missing.push(cname.clone());
            }
        }
        if let Some(m) = missing.first() {
            out.fail(format!("error: unable to find container named \"{m}\""));
            continue;
        }
        let name = ref_name(key.kind, &key.name);
        let new = match Object::from_json(key.kind, v) {
            Ok(n) => n,
            Err(e) => {
                out.fail(format!("error: {e}"));
                continue;
            }
        };
        if new == o {
            continue;
        }
        if dry {
            out.outln(format!("{name} image updated (dry run)"));
            continue;
        }
        match c.api_update(new) {
            Ok(_) => out.outln(format!("{name} image updated")),
            Err(e) => out.fail(e.to_string()),
        }
        c.settle();
    }
}

/// `kubectl edit` without a terminal: kubectl would open `$EDITOR`; a script cannot.
pub fn edit(c: &mut Cluster, argv: &[String], out: &mut Output) {
    let (key, text) = match edit_prepare(c, argv) {
        Ok(x) => x,
        Err(e) => return out.fail(e),
    };
    if !EXTERNAL_EDITOR.load(std::sync::atomic::Ordering::Relaxed) {
        return out.fail("error: kubectl edit opens $EDITOR and needs the interactive terminal; in a script, use kubectl patch, kubectl set image or kubectl apply instead");
    }
    let (path, edited) = match launch_editor(&text) {
        Ok(x) => x,
        Err(e) => return out.fail(format!("error: {e}")),
    };
    let mut res = Output::default();
    edit_finish(c, &key, &edited, &mut res);
    let failed = res.code != 0;
    out.chunks.extend(res.chunks);
    if failed {
        // kubectl reopens the file with the error as a comment header; with no one at the
        // terminal, the error is reported and the edit kept where kubectl keeps it.
        out.fail(format!(
            "A copy of your changes has been stored to \"{}\"\nerror: Edit cancelled, no valid changes were saved.",
            path.display()
        ));
    } else {
        let _ = std::fs::remove_file(&path);
    }
}

/// Whether `kubectl edit` may start `$KUBE_EDITOR`/`$EDITOR`: only `kubetutor run` and
/// `kubetutor shell` turn it on, so tests and lessons never start a process.
static EXTERNAL_EDITOR: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Lets `kubectl edit` run the learner's editor (the headless runner and the line shell).
pub fn enable_external_editor() {
    EXTERNAL_EDITOR.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// Writes `text` to a temporary `kubectl-edit-*.yaml`, runs the editor on it as kubectl's
/// `editor.NewDefaultEditor` does (`$KUBE_EDITOR`, else `$EDITOR`, else `vi`; through `sh -c`
/// so a command with arguments works) and reads the file back.
pub fn launch_editor(text: &str) -> Result<(std::path::PathBuf, String), String> {
    let editor = std::env::var("KUBE_EDITOR")
        .ok()
        .filter(|s| !s.is_empty())
        .or_else(|| std::env::var("EDITOR").ok().filter(|s| !s.is_empty()))
        .unwrap_or_else(|| "vi".to_string());
    let dir = std::env::temp_dir();
    let mut n = std::process::id() as u64;
    // Claimed by creating it (O_EXCL, as Go's os.CreateTemp does): another kubetutor editing
    // at the same moment, or a copy a failed edit left behind, is never overwritten.
    let (path, mut file) = loop {
        let p = dir.join(format!("kubectl-edit-{n}.yaml"));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&p)
        {
            Ok(f) => break (p, f),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => n += 1,
            Err(e) => return Err(format!("unable to write {}: {e}", p.display())),
        }
    };
    std::io::Write::write_all(&mut file, text.as_bytes())
        .map_err(|e| format!("unable to write {}: {e}", path.display()))?;
    drop(file);
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$0\""))
        .arg(&path)
        .status()
        .map_err(|e| format!("unable to launch the editor \"{editor}\": {e}"))?;
    if !status.success() {
        return Err(format!("there was a problem with the editor \"{editor}\""));
    }
    let edited = std::fs::read_to_string(&path)
        .map_err(|e| format!("unable to read {}: {e}", path.display()))?;
    Ok((path, edited))
}

/// For the TUI: the object to edit and the YAML kubectl would put in the editor.
pub fn edit_prepare(c: &Cluster, argv: &[String]) -> Result<(ObjKey, String), String> {
    let p = args::parse(argv, &[val("output", Some('o'))], "edit")?;
    let keys = common::keys(c, &p, &p.args)?;
    let Some(key) = keys.into_iter().next() else {
        return Err(common::NO_RESOURCE.into());
    };
    let o = fetch(c, &key)?;
    let header = "# Please edit the object below. Lines beginning with a '#' will be ignored,\n# and an empty file will abort the edit. If an error occurs while saving this file will be\n# reopened with the relevant failures.\n#\n";
    Ok((
        key,
        format!("{header}{}", super::yaml::to_yaml(&o.to_json())),
    ))
}

/// For the TUI: applies the edited YAML (`Edit cancelled, no changes made.` when unchanged).
pub fn edit_finish(c: &mut Cluster, key: &ObjKey, edited: &str, out: &mut Output) {
    let body: String = edited
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    if body.trim().is_empty() {
        return out.fail("Edit cancelled, no changes made.");
    }
    let v: Value = match serde_yaml::from_str(&body) {
        Ok(v) => v,
        Err(e) => return out.fail(format!("error: {e}")),
    };
    let Ok(old) = fetch(c, key) else {
        return out.fail(common::not_found(key));
    };
    if v == old.to_json() {
        return out.outln("Edit cancelled, no changes made.");
    }
    apply_change(c, key, old, v, "edited", false, None, out);
}
