//! `kubectl get`: tables (`-o wide`), `-o name|yaml|json|jsonpath=...|custom-columns=...`,
//! `-l`, `--field-selector`, `-n`, `-A`, `--no-headers`, `--show-labels`, `-L`, `--sort-by`,
//! several types at once, `TYPE/NAME`, and `all`.

use super::args::{self, Flag, bool_flag, val};
use super::manifest;
use super::printers::to_table;
use super::resources::{self, ALL_CATEGORY};
use super::table::{self, Column, RenderOptions, Row, Table};
use super::{Env, Output, namespace_of};
use crate::sim::cluster::Cluster;
use crate::sim::labels::Selector;
use crate::sim::object::{Kind, Object};
use jiff::Timestamp;

const FLAGS: &[Flag] = &[
    val("output", Some('o')),
    bool_flag("all-namespaces", Some('A')),
    val("selector", Some('l')),
    val("field-selector", None),
    bool_flag("no-headers", None),
    bool_flag("show-labels", None),
    val("label-columns", Some('L')),
    bool_flag("watch", Some('w')),
    bool_flag("watch-only", None),
    bool_flag("output-watch-events", None),
    val("sort-by", None),
    val("filename", Some('f')),
    bool_flag("recursive", Some('R')),
    bool_flag("ignore-not-found", None),
    val("chunk-size", None),
    bool_flag("show-kind", None),
    bool_flag("show-managed-fields", None),
];

/// One requested resource type and, optionally, names.
#[derive(Clone, Debug)]
pub struct Request {
    /// The kind.
    pub kind: Kind,
    /// Names asked for (empty: list).
    pub names: Vec<String>,
    /// The namespace a manifest named (`get -f`); otherwise `-n` or the default applies.
    pub namespace: Option<String>,
}

/// Parses `TYPE[,TYPE] [NAME...]` or `TYPE/NAME...` into requests, as kubectl's resource builder.
pub fn parse_targets(argv: &[String]) -> Result<Vec<Request>, String> {
    if argv.is_empty() {
        return Ok(Vec::new());
    }
    if argv.iter().any(|a| a.contains('/')) {
        if !argv.iter().all(|a| a.contains('/')) {
            return Err("error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'".into());
        }
        let mut out: Vec<Request> = Vec::new();
        for a in argv {
            let (t, n) = a.split_once('/').unwrap_or((a, ""));
            if n.is_empty() {
                return Err(
                    "error: arguments in resource/name form must have a single resource and name"
                        .to_string(),
                );
            }
            let kind = resources::resolve(t).ok_or_else(|| resources::unknown_type_error(t))?;
            match out.iter_mut().find(|r| r.kind == kind) {
                Some(r) => r.names.push(n.to_string()),
                None => out.push(Request {
                    kind,
                    names: vec![n.to_string()],
                    namespace: None,
                }),
            }
        }
        return Ok(out);
    }
    let mut out = Vec::new();
    for t in argv[0].split(',').filter(|t| !t.is_empty()) {
        if t == "all" {
            out.extend(ALL_CATEGORY.iter().map(|k| Request {
                kind: *k,
                names: vec![],
                namespace: None,
            }));
            continue;
        }
        let kind = resources::resolve(t).ok_or_else(|| resources::unknown_type_error(t))?;
        out.push(Request {
            kind,
            names: argv[1..].to_vec(),
            namespace: None,
        });
    }
    Ok(out)
}

/// `get -f FILE`: the objects a manifest names, one request per kind and namespace in the
/// order they appear (kubectl's resource builder visits the file's documents in order).
fn targets_of_files(files: &[String], env: &Env, recursive: bool) -> Result<Vec<Request>, String> {
    let docs = manifest::read_sources(files, env.stdin, env.fs, recursive)?;
    let mut out: Vec<Request> = Vec::new();
    for d in docs {
        let (av, k, name) = manifest::doc_ident(&d.value);
        let Some(kind) = Kind::from_api_version_kind(&av, &k) else {
            return Err(format!(
                "error: resource mapping not found for name: \"{name}\" namespace: \"\" from \"{}\": no matches for kind \"{k}\" in version \"{av}\"\nensure CRDs are installed first",
                d.source
            ));
        };
        let namespace = d
            .value
            .pointer("/metadata/namespace")
            .and_then(|x| x.as_str())
            .map(String::from);
        match out
            .iter_mut()
            .find(|r| r.kind == kind && r.namespace == namespace)
        {
            Some(r) => r.names.push(name),
            None => out.push(Request {
                kind,
                names: vec![name],
                namespace,
            }),
        }
    }
    Ok(out)
}

const NO_TYPE: &str = "You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples";

/// Builds the kubectl table for objects of one kind.
pub fn table_for(kind: Kind, objs: &[&Object], now: Timestamp, opts: &RenderOptions) -> Table {
    macro_rules! typed {
        ($t:ty) => {{
            let items: Vec<$t> = objs
                .iter()
                .filter_map(|o| <$t as crate::sim::object::Typed>::from_object(o).cloned())
                .collect();
            to_table(&items, now, opts)
        }};
    }
    use k8s_openapi::api::{
        apps::v1 as apps, batch::v1 as batch, core::v1 as core, storage::v1 as storage,
    };
    match kind {
        Kind::Namespace => typed!(core::Namespace),
        Kind::Node => typed!(core::Node),
        Kind::Pod => typed!(crate::sim::pod::Pod),
        Kind::Service => typed!(core::Service),
        Kind::Deployment => typed!(apps::Deployment),
        Kind::ReplicaSet => typed!(apps::ReplicaSet),
        Kind::StatefulSet => typed!(apps::StatefulSet),
        Kind::DaemonSet => typed!(apps::DaemonSet),
        Kind::Job => typed!(batch::Job),
        Kind::CronJob => typed!(batch::CronJob),
        Kind::PersistentVolumeClaim => typed!(core::PersistentVolumeClaim),
        Kind::PersistentVolume => typed!(core::PersistentVolume),
        Kind::StorageClass => typed!(storage::StorageClass),
        Kind::ConfigMap => typed!(core::ConfigMap),
        Kind::Secret => typed!(core::Secret),
        Kind::ControllerRevision => typed!(apps::ControllerRevision),
        Kind::Event => typed!(core::Event),
        Kind::ServiceAccount => Table {
            columns: vec![
                Column::name(),
                Column::new("Secrets", 0),
                Column::new("Age", 0),
            ],
            rows: objs
                .iter()
                .map(|o| {
                    Row::from_meta(
                        o.meta(),
                        vec![
                            o.name().to_string(),
                            "0".into(),
                            super::duration::translate_timestamp_since(
                                o.meta().creation_timestamp.as_ref(),
                                now,
                            ),
                        ],
                    )
                })
                .collect(),
        },
    }
}

/// Field selectors the API server supports for the kinds here (`metadata.name`,
/// `metadata.namespace`, and for pods `spec.nodeName`, `status.phase`, ...).
pub fn field_matches(o: &Object, selector: &str) -> Result<bool, String> {
    let v = o.to_json();
    for req in selector.split(',').filter(|s| !s.is_empty()) {
        let (field, want, neg) = if let Some((f, w)) = req.split_once("!=") {
            (f, w, true)
        } else if let Some((f, w)) = req.split_once("==") {
            (f, w, false)
        } else if let Some((f, w)) = req.split_once('=') {
            (f, w, false)
        } else {
            return Err(format!(
                "error: invalid selector: '{req}'; can't understand '{req}'"
            ));
        };
        let allowed: &[&str] = match o.kind() {
            Kind::Pod => &[
                "metadata.name",
                "metadata.namespace",
                "spec.nodeName",
                "spec.restartPolicy",
                "spec.schedulerName",
                "spec.serviceAccountName",
                "status.phase",
                "status.podIP",
                "status.nominatedNodeName",
            ],
            Kind::Event => &[
                "metadata.name",
                "metadata.namespace",
                "involvedObject.kind",
                "involvedObject.name",
                "involvedObject.namespace",
                "involvedObject.uid",
                "reason",
                "source",
                "type",
            ],
            Kind::Node => &["metadata.name", "spec.unschedulable"],
            Kind::Job => &["metadata.name", "metadata.namespace", "status.successful"],
            _ => &["metadata.name", "metadata.namespace"],
        };
        if !allowed.contains(&field) {
            return Err(format!(
                "Error from server (BadRequest): Unable to find {{\"{}\" \"v1\" \"{}\"}} that match label selector \"\", field selector \"{selector}\": \"{field}\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"",
                o.kind().info().group,
                o.kind().info().plural
            ));
        }
        let ptr = format!("/{}", field.replace('.', "/"));
        let got = match v.pointer(&ptr) {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(serde_json::Value::Bool(b)) => b.to_string(),
            Some(serde_json::Value::Number(n)) => n.to_string(),
            _ => String::new(),
        };
        if (got == want) == neg {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `kubectl get`.
pub fn run(c: &mut Cluster, argv: &[String], env: &Env, out: &mut Output) {
    let p = match args::parse(argv, FLAGS, "get") {
        Ok(p) => p,
        Err(e) => return out.fail(e),
    };
    let all_ns = p.is("all-namespaces");
    let ns = namespace_of(&p);
    let files = p.all("filename", false);
    let targets = if files.is_empty() {
        parse_targets(&p.args)
    } else if !p.args.is_empty() {
        // staging/src/k8s.io/cli-runtime/pkg/resource/builder.go (visitorResult)
        Err("error: when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well".into())
    } else {
        targets_of_files(&files, env, p.is("recursive"))
    };
    let requests = match targets {
        Ok(r) if r.is_empty() => return out.fail(NO_TYPE),
        Ok(r) => r,
        Err(e) => return out.fail(e),
    };
    let selector = match p.get("selector").map(Selector::parse).transpose() {
        Ok(s) => s,
        Err(e) => return out.fail(format!("error: {e}")),
    };
    if p.is("watch") || p.is("watch-only") {
        if let Some(w) = super::watch::Watch::start(c, &p, &requests, &ns, selector, out) {
            super::watch::run_to_end(c, w, out);
        }
        return;
    }
    let output = p.get("output").unwrap_or("").to_string();
    let now = c.now();
    let mut groups: Vec<(Kind, Vec<Object>)> = Vec::new();
    let mut errors: Vec<String> = Vec::new();
    let named = requests.iter().any(|r| !r.names.is_empty());
    for r in &requests {
        let ns_filter = if all_ns || !r.kind.namespaced() {
            None
        } else {
            Some(ns.as_str())
        };
        let mut objs: Vec<Object> = Vec::new();
        if r.names.is_empty() {
            for o in c.store.list(r.kind, ns_filter) {
                if let Some(sel) = &selector
                    && !sel.matches_opt(o.meta().labels.as_ref())
                {
                    continue;
                }
                if let Some(fs) = p.get("field-selector") {
                    match field_matches(o, fs) {
                        Ok(true) => {}
                        Ok(false) => continue,
                        Err(e) => return out.fail(e),
                    }
                }
                objs.push(o.clone());
            }
        } else {
            for n in &r.names {
                match c
                    .store
                    .get(r.kind, r.namespace.as_deref().unwrap_or(&ns), n)
                {
                    Some(o) => objs.push(o.clone()),
                    None if p.is("ignore-not-found") => {}
                    None => errors.push(format!(
                        "Error from server (NotFound): {} \"{n}\" not found",
                        r.kind.qualified_plural()
                    )),
                }
            }
        }
        if let Some(key) = p.get("sort-by") {
            sort_by(&mut objs, key);
        }
        groups.push((r.kind, objs));
    }
    let total: usize = groups.iter().map(|(_, o)| o.len()).sum();
    let single = requests.len() == 1
        && named
        && total == 1
        && errors.is_empty()
        && requests[0].names.len() == 1;
    let ignore_not_found = p.is("ignore-not-found");
    match output.as_str() {
        // `--ignore-not-found` and nothing found: nothing printed, in any format (`printGeneric`
        // returns first; the table printer's "No resources found" is skipped too).
        _ if ignore_not_found && total == 0 => {}
        "" | "wide" => {
            let multi = requests.len() > 1 || p.is("show-kind");
            let mut first = true;
            for (kind, objs) in &groups {
                if objs.is_empty() {
                    continue;
                }
                let opts = RenderOptions {
                    wide: output == "wide",
                    no_headers: p.is("no-headers"),
                    with_namespace: all_ns && kind.namespaced(),
                    show_labels: p.is("show-labels"),
                    label_columns: p.all("label-columns", true),
                    kind: multi.then(|| kind.qualified_singular()),
                };
                let refs: Vec<&Object> = objs.iter().collect();
                let t = table_for(*kind, &refs, now, &opts);
                if !first && !opts.no_headers {
                    out.out("\n");
                }
                first = false;
                out.out(table::render(&t, &opts));
            }
        }
        "name" => {
            for (kind, objs) in &groups {
                for o in objs {
                    out.outln(format!("{}/{}", kind.qualified_singular(), o.name()));
                }
            }
        }
        "yaml" | "json" => {
            if total > 0 || errors.is_empty() {
                let v = if single {
                    groups
                        .iter()
                        .flat_map(|(_, o)| o)
                        .next()
                        .map(Object::to_json)
                        .unwrap_or_default()
                } else {
                    list_json(&groups)
                };
                if output == "yaml" {
                    out.out(super::yaml::to_yaml(&v));
                } else {
                    out.outln(super::json_text(&v));
                }
            }
        }
        // A name asked for alone and not found: only its error is printed (`printGeneric`
        // returns a single item's error before printing; for several names it prints the
        // empty list through the template, then the errors).
        o if templated(o)
            && total == 0
            && !errors.is_empty()
            && named
            && requests.len() == 1
            && requests[0].names.len() == 1 => {}
        o if templated(o) => {
            let v = if single {
                groups
                    .iter()
                    .flat_map(|(_, o)| o)
                    .next()
                    .map(Object::to_json)
                    .unwrap_or_default()
            } else {
                list_json(&groups)
            };
            if let Some(spec) = o.strip_prefix("custom-columns=") {
                let items: Vec<serde_json::Value> = groups
                    .iter()
                    .flat_map(|(_, o)| o.iter().map(Object::to_json))
                    .collect();
                match super::custom_columns::render(spec, &items, p.is("no-headers")) {
                    Ok(s) => out.out(s),
                    Err(e) => return out.fail(e),
                }
            } else {
                let (tmpl, as_json) = super::jsonpath::output_template(o).unwrap_or(("", false));
                match super::jsonpath::print_output(tmpl, as_json, &v) {
                    Ok(s) => out.out(s),
                    Err(e) => return out.fail(e),
                }
            }
        }
        other => {
            return out.fail(format!(
                "error: unable to match a printer suitable for the output format \"{other}\", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml"
            ));
        }
    }
    if total == 0
        && errors.is_empty()
        && !ignore_not_found
        && !matches!(output.as_str(), "yaml" | "json")
    {
        let any_namespaced = requests.iter().any(|r| r.kind.namespaced());
        out.errln(table::no_resources_found(
            (!all_ns && any_namespaced).then_some(ns.as_str()),
        ));
    }
    for e in errors {
        out.fail(e);
    }
}

/// Whether `-o` names a template printer (JSONPath or custom columns).
fn templated(output: &str) -> bool {
    ["jsonpath=", "jsonpath-as-json=", "custom-columns="]
        .iter()
        .any(|p| output.starts_with(p))
}

/// Starts `kubectl get -w ...` without running it to its end: prints the current list and
/// returns the watch for a caller that drives the clock itself (the TUI prompt).
pub fn start_watch(
    c: &mut Cluster,
    argv: &[String],
    env: &Env,
    out: &mut Output,
) -> Option<super::watch::Watch> {
    let p = match args::parse(argv, FLAGS, "get") {
        Ok(p) => p,
        Err(e) => {
            out.fail(e);
            return None;
        }
    };
    if !(p.is("watch") || p.is("watch-only")) {
        // Not a watch after all (`-owide` looked like one): an ordinary get.
        run(c, argv, env, out);
        return None;
    }
    let ns = namespace_of(&p);
    let requests = match parse_targets(&p.args) {
        Ok(r) if r.is_empty() => {
            out.fail(NO_TYPE);
            return None;
        }
        Ok(r) => r,
        Err(e) => {
            out.fail(e);
            return None;
        }
    };
    let selector = match p.get("selector").map(Selector::parse).transpose() {
        Ok(s) => s,
        Err(e) => {
            out.fail(format!("error: {e}"));
            return None;
        }
    };
    super::watch::Watch::start(c, &p, &requests, &ns, selector, out)
}

/// `RelaxedJSONPathExpression` (kubectl `get/customcolumn.go`): `name.x`, `.name.x`,
/// `{name.x}` and `{.name.x}` all mean `{.name.x}`.
pub fn relaxed(t: &str) -> String {
    let inner = t
        .strip_prefix('{')
        .and_then(|x| x.strip_suffix('}'))
        .unwrap_or(t);
    let inner = inner.strip_prefix('.').unwrap_or(inner);
    format!("{{.{inner}}}")
}

fn list_json(groups: &[(Kind, Vec<Object>)]) -> serde_json::Value {
    let items: Vec<serde_json::Value> = groups
        .iter()
        .flat_map(|(_, o)| o.iter().map(Object::to_json))
        .collect();
    serde_json::json!({"apiVersion": "v1", "items": items, "kind": "List", "metadata": {"resourceVersion": ""}})
}

/// `--sort-by=.metadata.name` (a JSONPath into each object; numbers compare as numbers).
fn sort_by(objs: &mut [Object], key: &str) {
    let Ok(jp) = super::jsonpath::parse(&relaxed(key)) else {
        return;
    };
    let keyed = |o: &Object| -> String { jp.execute(&o.to_json(), true).unwrap_or_default() };
    objs.sort_by(|a, b| {
        let (ka, kb) = (keyed(a), keyed(b));
        match (ka.parse::<f64>(), kb.parse::<f64>()) {
            (Ok(x), Ok(y)) => x.partial_cmp(&y).unwrap_or(std::cmp::Ordering::Equal),
            _ => ka.cmp(&kb),
        }
    });
}
