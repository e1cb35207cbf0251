//! `kubectl create deployment|job|cronjob|service clusterip|namespace|configmap` from flags
//! (upstream `staging/src/k8s.io/kubectl/pkg/cmd/create/create_{deployment,job,cronjob,service,
//! namespace,configmap}.go`), including `create job NAME --from=cronjob/CJ`. Objects are built
//! exactly as kubectl builds them, so `--dry-run=client -o yaml` prints what kubectl prints.

use super::args::{self, Flag, bool_flag, val};
use super::{Output, jsonpath, namespace_of};
use crate::sim::cluster::Cluster;
use crate::sim::object::{Kind, Object};
use k8s_openapi::api::batch::v1::CronJob;
use serde_json::{Value, json};

const FLAGS: &[Flag] = &[
    val("image", None),
    val("replicas", Some('r')),
    val("port", None),
    val("schedule", None),
    val("restart", None),
    val("from", None),
    val("tcp", None),
    val("clusterip", None),
    val("from-literal", None),
    val("from-file", None),
    val("from-env-file", None),
    val("dry-run", None),
    val("output", Some('o')),
    bool_flag("save-config", None),
    val("field-manager", None),
    val("validate", None),
    bool_flag("append-hash", None),
    bool_flag("allow-missing-template-keys", None),
    bool_flag("show-managed-fields", None),
    val("template", None),
];

/// The subcommands handled here (`kubectl create SUB ...`).
pub const SUBCOMMANDS: &[&str] = &[
    "deployment",
    "deploy",
    "job",
    "cronjob",
    "cj",
    "service",
    "svc",
    "namespace",
    "ns",
    "configmap",
    "cm",
    "serviceaccount",
    "sa",
];

fn meta(name: &str) -> Value {
    json!({"creationTimestamp": null, "name": name})
}

fn container(name: &str, image: &str, command: &[String]) -> Value {
    let mut c = json!({"image": image, "name": name, "resources": {}});
    if !command.is_empty() {
        c["command"] = json!(command);
    }
    c
}

/// A DNS-1123 label-ish container name from an image (`create_deployment.go` buildPodSpec:
/// the image's last path element, without tag or digest).
fn container_name(image: &str) -> String {
    let base = image.rsplit('/').next().unwrap_or(image);
    let base = base.split(['@', ':']).next().unwrap_or(base);
    base.to_string()
}

fn usage(sub: &str) -> &'static str {
    match sub {
        "deployment" => "error: required flag(s) \"image\" not set",
        _ => "",
    }
}

/// `kubectl create SUBCOMMAND` with flags; `sub` is one of [`SUBCOMMANDS`].
pub fn run(c: &mut Cluster, sub: &str, argv: &[String], out: &mut Output) {
    let cmd = format!("create {sub}");
    let p = match args::parse(argv, FLAGS, &cmd) {
        Ok(p) => p,
        Err(e) => return out.fail(e),
    };
    let ns = namespace_of(&p);
    let Some(name) = p.args.first().cloned() else {
        return out.fail(format!(
            "error: exactly one NAME is required, got 0\nSee 'kubectl {cmd} -h' for help and examples"
        ));
    };
    let output = p.get("output").unwrap_or("").to_string();
    if let Err(e) = check_output(&output) {
        return out.fail(e);
    }
    let dry = match p.get("dry-run") {
        None | Some("none") | Some("false") => false,
        Some("client") | Some("server") | Some("true") => true,
        Some(o) => {
            return out.fail(format!(
                "error: Invalid dry-run value ({o}). Must be \"none\", \"server\", or \"client\"."
            ));
        }
    };
    let command: Vec<String> = p.after_dashdash.clone();
    let built: Result<Value, String> = match sub {
        "deployment" | "deploy" => {
            let images = p.all("image", false);
            if images.is_empty() {
                return out.fail(usage("deployment"));
            }
            if images.len() > 1 && !command.is_empty() {
                return out.fail("error: cannot specify multiple --image options and command");
            }
            let replicas: i64 = match p.get("replicas").map(str::parse::<i64>).transpose() {
                Ok(r) => r.unwrap_or(1),
                Err(_) => {
                    let v = p.get("replicas").unwrap_or("");
                    return out.fail(format!("error: invalid argument \"{v}\" for \"-r, --replicas\" flag: strconv.ParseInt: parsing \"{v}\": invalid syntax\nSee 'kubectl create deployment --help' for usage."));
                }
            };
            let mut containers: Vec<Value> = images
                .iter()
                .map(|i| container(&container_name(i), i, &command))
                .collect();
            if let Some(port) = p.get("port") {
                match port.parse::<i64>() {
                    Ok(n) if (1..=65535).contains(&n) => {
                        if let Some(first) = containers.first_mut() {
                            first["ports"] = json!([{"containerPort": n}]);
                        }
                    }
                    _ => return out.fail(format!("error: invalid argument \"{port}\" for \"--port\" flag: strconv.ParseInt: parsing \"{port}\": invalid syntax\nSee 'kubectl create deployment --help' for usage.")),
                }
            }
            let mut m = meta(&name);
            m["labels"] = json!({"app": name});
            let mut spec = json!({
                "selector": {"matchLabels": {"app": name}},
                "strategy": {},
                "template": {
                    "metadata": {"creationTimestamp": null, "labels": {"app": name}},
                    "spec": {"containers": containers},
                },
            });
            spec["replicas"] = json!(replicas);
            Ok(
                json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": m, "spec": spec, "status": {}}),
            )
        }
        "job" => {
            if let Some(from) = p.get("from") {
                job_from(c, &ns, &name, from)
            } else {
                let Some(image) = p.get("image") else {
                    return out.fail("error: either --image or --from must be specified");
                };
                Ok(json!({
                    "apiVersion": "batch/v1", "kind": "Job", "metadata": meta(&name),
                    "spec": {"template": {"metadata": {"creationTimestamp": null},
                        "spec": {"containers": [container(&name, image, &command)], "restartPolicy": "Never"}}},
                    "status": {},
                }))
            }
        }
        "cronjob" | "cj" => {
            let Some(image) = p.get("image") else {
                return out.fail("error: required flag(s) \"image\", \"schedule\" not set");
            };
            let Some(schedule) = p.get("schedule") else {
                return out.fail("error: required flag(s) \"schedule\" not set");
            };
            let restart = p.get("restart").unwrap_or("OnFailure");
            Ok(json!({
                "apiVersion": "batch/v1", "kind": "CronJob", "metadata": meta(&name),
                "spec": {"jobTemplate": {"metadata": meta(&name), "spec": {"template": {
                    "metadata": {"creationTimestamp": null},
                    "spec": {"containers": [container(&name, image, &command)], "restartPolicy": restart}}}},
                    "schedule": schedule},
                "status": {},
            }))
        }
        "service" | "svc" => {
            if p.args.first().map(String::as_str) != Some("clusterip") {
                return out.fail("error: only `kubectl create service clusterip NAME --tcp=PORT:TARGET` is simulated");
            }
            let Some(name) = p.args.get(1).cloned() else {
                return out.fail("error: exactly one NAME is required, got 0\nSee 'kubectl create service clusterip -h' for help and examples");
            };
            let tcp = p.all("tcp", true);
            if tcp.is_empty() && p.get("clusterip") != Some("None") {
                return out.fail("error: at least one tcp port specifier must be provided");
            }
            let mut ports = Vec::new();
            for t in &tcp {
                let (port, target) = t.split_once(':').unwrap_or((t, t));
                let (Ok(pn), Ok(tn)) = (port.parse::<i64>(), target.parse::<i64>()) else {
                    return out.fail(format!("error: {t} is not a valid port specification"));
                };
                ports.push(json!({"name": format!("{port}-{target}"), "port": pn, "protocol": "TCP", "targetPort": tn}));
            }
            let mut m = meta(&name);
            m["labels"] = json!({"app": name});
            let mut spec = json!({"ports": ports, "selector": {"app": name}, "type": "ClusterIP"});
            if let Some(ip) = p.get("clusterip") {
                spec["clusterIP"] = json!(ip);
            }
            Ok(
                json!({"apiVersion": "v1", "kind": "Service", "metadata": m, "spec": spec, "status": {"loadBalancer": {}}}),
            )
        }
        "namespace" | "ns" => Ok(json!({
            "apiVersion": "v1", "kind": "Namespace", "metadata": meta(&name), "spec": {}, "status": {},
        })),
        // `create_serviceaccount.go`: a ServiceAccount with only its name.
        "serviceaccount" | "sa" => Ok(json!({
            "apiVersion": "v1", "kind": "ServiceAccount", "metadata": meta(&name),
        })),
        _ => {
            let mut data = serde_json::Map::new();
            for lit in p.all("from-literal", false) {
                let Some((k, v)) = lit.split_once('=') else {
                    return out.fail(format!(
                        "error: invalid literal source {lit}, expected key=value"
                    ));
                };
                data.insert(k.to_string(), json!(v));
            }
            if p.has("from-file") || p.has("from-env-file") {
                return out.fail("error: --from-file is not available in the simulator; use --from-literal or a manifest");
            }
            let mut v = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": meta(&name)});
            if !data.is_empty() {
                v["data"] = Value::Object(data);
            }
            Ok(v)
        }
    };
    let mut v = match built {
        Ok(v) => v,
        Err(e) => return out.fail(e),
    };
    let kind = match v["kind"]
        .as_str()
        .and_then(|k| Kind::from_api_version_kind(v["apiVersion"].as_str().unwrap_or(""), k))
    {
        Some(k) => k,
        None => return out.fail("error: unexpected object"),
    };
    let obj_name = v["metadata"]["name"].as_str().unwrap_or("").to_string();
    if p.has("namespace") && kind.namespaced() {
        v["metadata"]["namespace"] = json!(ns);
    }
    if dry {
        return print(&v, kind, &obj_name, &output, " (dry run)", out);
    }
    let mut to_create = v.clone();
    if kind.namespaced() {
        to_create["metadata"]["namespace"] = json!(ns);
    }
    let obj = match Object::from_json(kind, to_create) {
        Ok(o) => o,
        Err(e) => return out.fail(format!("error: {e}")),
    };
    match c.api_create(obj) {
        Ok(o) => print(&o.to_json(), kind, &obj_name, &output, "", out),
        Err(e) => out.fail(e.to_string()),
    }
}

/// Prints a created (or, with `suffix` " (dry run)", a dry-run) object as `-o` asks: YAML, JSON,
/// `kind/name`, or kubectl's `kind/name created` line.
pub(crate) fn print(
    v: &Value,
    kind: Kind,
    name: &str,
    output: &str,
    suffix: &str,
    out: &mut Output,
) {
    match output {
        "yaml" => out.out(super::yaml::to_yaml(v)),
        "json" => out.outln(super::json_text(v)),
        "name" => out.outln(format!("{}/{name}", kind.qualified_singular())),
        "" => out.outln(format!(
            "{}/{name} created{suffix}",
            kind.qualified_singular()
        )),
        other => match jsonpath::output_template(other) {
            Some((tmpl, as_json)) => match jsonpath::print_output(tmpl, as_json, v) {
                Ok(text) => out.out(text),
                Err(e) => out.fail(e),
            },
            None => out.fail(unknown_output(other)),
        },
    }
}

/// Whether [`print`] can print `output`, or kubectl's error: kubectl makes its printer (parsing
/// a JSONPath template) before it creates anything.
pub(crate) fn check_output(output: &str) -> Result<(), String> {
    match output {
        "yaml" | "json" | "name" | "" => Ok(()),
        other => match jsonpath::output_template(other) {
            Some((tmpl, _)) => jsonpath::parse_for_output(tmpl).map(|_| ()),
            None => Err(unknown_output(other)),
        },
    }
}

/// kubectl's error for an output format it has no printer for.
fn unknown_output(output: &str) -> String {
    format!(
        "error: unable to match a printer suitable for the output format \"{output}\", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml"
    )
}

/// `createJobFromCronJob`: the CronJob's job template, annotated
/// `cronjob.kubernetes.io/instantiate: manual`, owned (not controlled) by the CronJob.
fn job_from(c: &Cluster, ns: &str, name: &str, from: &str) -> Result<Value, String> {
    let Some((t, cj_name)) = from.split_once('/') else {
        return Err(format!(
            "error: from must be of the form <resource>/<name>, got: {from}"
        ));
    };
    if super::resources::resolve(t) != Some(Kind::CronJob) {
        return Err(format!("error: from must be an existing cronjob: {t}"));
    }
    let Some(cj) = c.store.get_typed::<CronJob>(ns, cj_name) else {
        return Err(format!(
            "Error from server (NotFound): cronjobs.batch \"{cj_name}\" not found"
        ));
    };
    let tmpl = cj
        .spec
        .as_ref()
        .map(|s| s.job_template.clone())
        .unwrap_or_default();
    let tm = tmpl.metadata.clone().unwrap_or_default();
    let mut annotations = tm.annotations.clone().unwrap_or_default();
    annotations.insert("cronjob.kubernetes.io/instantiate".into(), "manual".into());
    let mut m = json!({
        "annotations": annotations,
        "creationTimestamp": null,
        "name": name,
        "ownerReferences": [{
            "apiVersion": "batch/v1",
            "kind": "CronJob",
            "name": cj.metadata.name.clone().unwrap_or_default(),
            "uid": cj.metadata.uid.clone().unwrap_or_default(),
        }],
    });
    if let Some(l) = tm.labels.filter(|l| !l.is_empty()) {
        m["labels"] = json!(l);
    }
    let spec = serde_json::to_value(tmpl.spec.unwrap_or_default()).unwrap_or(Value::Null);
    Ok(json!({"apiVersion": "batch/v1", "kind": "Job", "metadata": m, "spec": spec, "status": {}}))
}
