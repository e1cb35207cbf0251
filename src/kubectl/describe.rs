//! `kubectl describe`: the human-readable reports of kubectl's describers, section by section,
//! ending with the object's events.
//!
//! Ports `staging/src/k8s.io/kubectl/pkg/describe/describe.go` (PodDescriber, NodeDescriber,
//! StatefulSetDescriber, DaemonSetDescriber, JobDescriber, CronJobDescriber, DeploymentDescriber,
//! ReplicaSetDescriber, PersistentVolumeClaimDescriber, PersistentVolumeDescriber,
//! ServiceDescriber, NamespaceDescriber, ConfigMap/Secret/ServiceAccount/StorageClass describers)
//! and the command in `staging/src/k8s.io/kubectl/pkg/cmd/describe/describe.go` (several objects
//! separated by a blank line, `TYPE NAME_PREFIX` matching, `No resources found`). Output goes
//! through a port of Go's `text/tabwriter` with describe's settings (minwidth 0, padding 2), and
//! the events table is flushed separately, as `DescribeEvents` does.

use super::args::{self, Flag, bool_flag, val};
use super::duration::{human_duration, translate_timestamp_since};
use super::get::parse_targets;
use super::manifest::{self, doc_ident};
use super::{Env, Output, namespace_of};
use crate::sim::cluster::Cluster;
use crate::sim::labels::{Selector, format_label_selector};
use crate::sim::object::{Kind, Object};
use crate::sim::pod::Pod;
use crate::sim::pod_status::{ContainerState, ContainerStatus};
use crate::sim::quantity::{Format, Quantity as Q};
use jiff::Timestamp;
use k8s_openapi::api::apps::v1::{DaemonSet, Deployment, ReplicaSet, StatefulSet};
use k8s_openapi::api::batch::v1::{CronJob, Job, JobTemplateSpec};
use k8s_openapi::api::core::v1::{
    ConfigMap, Container, Event, Namespace, Node, PersistentVolume, PersistentVolumeClaim,
    PodTemplateSpec, Probe, Secret, Service, ServiceAccount, Toleration, Volume,
};
use k8s_openapi::api::storage::v1::StorageClass;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, Time};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use std::collections::BTreeMap;

const FLAGS: &[Flag] = &[
    val("selector", Some('l')),
    bool_flag("all-namespaces", Some('A')),
    bool_flag("show-events", None),
    val("filename", Some('f')),
    bool_flag("recursive", Some('R')),
    val("kustomize", Some('k')),
    val("chunk-size", None),
];

/// `kubectl describe`.
pub fn run(c: &mut Cluster, argv: &[String], env: &Env, out: &mut Output) {
    let p = match args::parse(argv, FLAGS, "describe") {
        Ok(p) => p,
        Err(e) => return out.fail(e),
    };
    let all_ns = p.is("all-namespaces");
    let ns = namespace_of(&p);
    let show_events = !matches!(p.get("show-events"), Some("false"));
    let files = p.all("filename", false);
    if p.args.is_empty() && files.is_empty() {
        return out.fail("error: You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.\n");
    }
    let selector = match p.get("selector").map(Selector::parse).transpose() {
        Ok(s) => s,
        Err(e) => return out.fail(format!("error: {e}")),
    };
    let mut objs: Vec<Object> = Vec::new();
    let mut errors: Vec<String> = Vec::new();
    if !files.is_empty() {
        let docs = match manifest::read_sources(&files, env.stdin, env.fs, p.is("recursive")) {
            Ok(d) => d,
            Err(e) => return out.fail(e),
        };
        for d in docs {
            let (av, k, name) = doc_ident(&d.value);
            let Some(kind) = Kind::from_api_version_kind(&av, &k) else {
                errors.push(format!("error: resource mapping not found for name: \"{name}\" namespace: \"\" from \"{}\": no matches for kind \"{k}\" in version \"{av}\"\nensure CRDs are installed first", d.source));
                continue;
            };
            let dns = d
                .value
                .pointer("/metadata/namespace")
                .and_then(|x| x.as_str())
                .unwrap_or(&ns)
                .to_string();
            match c.store.get(kind, &dns, &name) {
                Some(o) => objs.push(o.clone()),
                None => errors.push(not_found(kind, &name)),
            }
        }
    } else {
        let requests = match parse_targets(&p.args) {
            Ok(r) => r,
            Err(e) => return out.fail(e),
        };
        for r in &requests {
            if r.names.is_empty() {
                let ns_filter = if all_ns || !r.kind.namespaced() {
                    None
                } else {
                    Some(ns.as_str())
                };
                for o in c.store.list(r.kind, ns_filter) {
                    if selector
                        .as_ref()
                        .is_some_and(|s| !s.matches_opt(o.meta().labels.as_ref()))
                    {
                        continue;
                    }
                    objs.push(o.clone());
                }
                continue;
            }
            if all_ns {
                return out
                    .fail("error: a resource cannot be retrieved by name across all namespaces");
            }
            for n in &r.names {
                match c.store.get(r.kind, &ns, n) {
                    Some(o) => objs.push(o.clone()),
                    None => errors.push(not_found(r.kind, n)),
                }
            }
        }
        // `kubectl describe TYPE NAME_PREFIX`: a name that is not found is tried as a prefix
        // (DescribeMatchingResources); each match is printed followed by a newline.
        if p.args.len() == 2
            && !p.args[0].contains('/')
            && !errors.is_empty()
            && let [r] = requests.as_slice()
        {
            {
                let ns_filter = (r.kind.namespaced()).then_some(ns.as_str());
                let prefix = &p.args[1];
                let matches: Vec<Object> = c
                    .store
                    .list(r.kind, ns_filter)
                    .filter(|o| o.name().starts_with(prefix.as_str()))
                    .cloned()
                    .collect();
                if !matches.is_empty() {
                    let now = c.now();
                    for o in &matches {
                        out.out(format!("{}\n", describe_object(c, o, now, show_events)));
                    }
                    return;
                }
            }
        }
    }
    let now = c.now();
    let mut first = true;
    for o in &objs {
        let s = describe_object(c, o, now, show_events);
        if first {
            first = false;
            out.out(s);
        } else {
            out.out(format!("\n\n{s}"));
        }
    }
    if objs.is_empty() && errors.is_empty() {
        if all_ns {
            out.errln("No resources found");
        } else {
            out.errln(format!("No resources found in {ns} namespace."));
        }
    }
    for e in errors {
        out.fail(e);
    }
}

fn not_found(kind: Kind, name: &str) -> String {
    format!(
        "Error from server (NotFound): {} \"{name}\" not found",
        kind.qualified_plural()
    )
}

/// The report for one object, as its describer prints it.
pub fn describe_object(c: &Cluster, o: &Object, now: Timestamp, show_events: bool) -> String {
    let mut w = W::new(now);
    let events = show_events.then(|| events_for(c, o));
    match o {
        Object::Pod(p) => pod(&mut w, p),
        Object::Node(n) => node(&mut w, c, n),
        Object::StatefulSet(s) => statefulset(&mut w, c, s),
        Object::DaemonSet(d) => daemonset(&mut w, c, d),
        Object::Job(j) => job(&mut w, j),
        Object::CronJob(cj) => cronjob(&mut w, cj),
        Object::Deployment(d) => deployment(&mut w, c, d),
        Object::ReplicaSet(r) => replicaset(&mut w, c, r),
        Object::PersistentVolumeClaim(pvc) => claim(&mut w, c, pvc),
        Object::PersistentVolume(pv) => volume(&mut w, pv),
        Object::Service(s) => service(&mut w, c, s),
        Object::Namespace(n) => {
            namespace(&mut w, n);
            return w.finish();
        }
        Object::ConfigMap(cm) => configmap(&mut w, cm),
        Object::Secret(s) => {
            secret(&mut w, s);
            return w.finish();
        }
        Object::ServiceAccount(sa) => serviceaccount(&mut w, sa),
        Object::StorageClass(sc) => storageclass(&mut w, sc),
        other => generic(&mut w, other),
    }
    if let Some(ev) = events {
        describe_events(&mut w, &ev);
    }
    w.finish()
}

// ---------------------------------------------------------------------------------------------
// Output: a PrefixWriter over a tabwriter.

/// Describe's writer: `Write(level, text)` indents by two spaces per level; text is collected and
/// aligned at `flush` like a `tabwriter.Writer` initialised with `(0, 8, 2, ' ', 0)`.
struct W {
    now: Timestamp,
    buf: String,
    done: String,
}

impl W {
    fn new(now: Timestamp) -> W {
        W {
            now,
            buf: String::new(),
            done: String::new(),
        }
    }

    /// `w.Write(level, ...)`.
    fn w(&mut self, level: usize, s: impl AsRef<str>) {
        for _ in 0..level {
            self.buf.push_str("  ");
        }
        self.buf.push_str(s.as_ref());
    }

    /// `w.WriteLine(s)`.
    fn line(&mut self, s: &str) {
        self.buf.push_str(s);
        self.buf.push('\n');
    }

    /// `w.Flush()`: aligns what was written so far on its own.
    fn flush(&mut self) {
        let text = std::mem::take(&mut self.buf);
        self.done.push_str(&tabwrite(&text, 2));
    }

    fn finish(mut self) -> String {
        self.flush();
        self.done
    }

    fn age(&self, t: Option<&Time>) -> String {
        translate_timestamp_since(t, self.now)
    }
}

/// Go's `text/tabwriter` with minwidth 0 and padchar ' ', as kubectl's describers set it up.
pub fn tabwrite(text: &str, padding: usize) -> String {
    super::table::tabwriter_with(text, 0, padding)
}

// ---------------------------------------------------------------------------------------------
// Shared helpers.

/// Go's `time.RFC1123Z` in UTC: `Mon, 06 Jan 2025 09:00:00 +0000`.
pub fn rfc1123z(t: Timestamp) -> String {
    t.strftime("%a, %d %b %Y %H:%M:%S +0000").to_string()
}

fn date(t: Option<&Time>) -> String {
    // A zero metav1.Time formats as Go's zero time.
    t.map(|t| rfc1123z(t.0))
        .unwrap_or_else(|| "Mon, 01 Jan 0001 00:00:00 +0000".to_string())
}

/// `printLabelsMultilineWithIndent`.
fn labels_multiline(
    w: &mut W,
    initial: &str,
    title: &str,
    inner: &str,
    labels: Option<&BTreeMap<String, String>>,
) {
    w.w(0, format!("{initial}{title}:{inner}"));
    let Some(labels) = labels.filter(|l| !l.is_empty()) else {
        w.line("<none>");
        return;
    };
    for (i, (k, v)) in labels.iter().enumerate() {
        if i != 0 {
            w.w(0, initial);
            w.w(0, inner);
        }
        w.w(0, format!("{k}={v}\n"));
    }
}

fn labels(w: &mut W, title: &str, l: Option<&BTreeMap<String, String>>) {
    labels_multiline(w, "", title, "\t", l);
}

const MAX_ANNOTATION_LEN: usize = 140;

/// `printAnnotationsMultiline`: sorted, `kubectl.kubernetes.io/last-applied-configuration`
/// skipped, long or multi-line values on their own indented lines.
fn annotations(w: &mut W, title: &str, a: Option<&BTreeMap<String, String>>) {
    w.w(0, format!("{title}:\t"));
    let keys: Vec<(&String, &String)> = a
        .into_iter()
        .flatten()
        .filter(|(k, _)| k.as_str() != "kubectl.kubernetes.io/last-applied-configuration")
        .collect();
    if keys.is_empty() {
        w.line("<none>");
        return;
    }
    for (i, (k, v)) in keys.iter().enumerate() {
        if i != 0 {
            w.w(0, "\t");
        }
        let value = v.strip_suffix('\n').unwrap_or(v);
        if value.len() + k.len() + 2 > MAX_ANNOTATION_LEN || value.contains('\n') {
            w.w(0, format!("{k}:\n"));
            for s in value.split('\n') {
                let s = if s.len() > MAX_ANNOTATION_LEN - 2 {
                    format!("{}...", truncate(s, MAX_ANNOTATION_LEN - 2))
                } else {
                    s.to_string()
                };
                w.w(0, format!("\t  {s}\n"));
            }
        } else {
            w.w(0, format!("{k}: {value}\n"));
        }
    }
}

fn truncate(s: &str, n: usize) -> &str {
    let mut end = n.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// `metav1.GetControllerOf` as `Kind/name`.
fn controller(meta: &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta) -> Option<String> {
    meta.owner_references
        .iter()
        .flatten()
        .find(|r| r.controller == Some(true))
        .map(|r| format!("{}/{}", r.kind, r.name))
}

/// `labels.Selector.String()` of `LabelSelectorAsSelector` (empty for nil or empty).
fn selector_string(s: Option<&LabelSelector>) -> String {
    let f = format_label_selector(s);
    if f == "<none>" { String::new() } else { f }
}

/// `Quantity.String()`: the canonical form.
fn qty(q: &Quantity) -> String {
    Q::parse(&q.0)
        .map(|x| x.to_string())
        .unwrap_or_else(|_| q.0.clone())
}

fn int_or_string(v: &IntOrString) -> String {
    match v {
        IntOrString::Int(i) => i.to_string(),
        IntOrString::String(s) => s.clone(),
    }
}

/// Go's `%v` of a `[]string`: `[a b]`.
fn go_list(v: &[String]) -> String {
    format!("[{}]", v.join(" "))
}

fn bool_title(b: bool) -> &'static str {
    if b { "True" } else { "False" }
}

/// `storageutil.GetAccessModesAsString`.
fn access_modes(modes: Option<&Vec<String>>) -> String {
    let modes = modes.cloned().unwrap_or_default();
    let mut out = Vec::new();
    for (m, short) in [
        ("ReadWriteOnce", "RWO"),
        ("ReadOnlyMany", "ROX"),
        ("ReadWriteMany", "RWX"),
        ("ReadWriteOncePod", "RWOP"),
    ] {
        if modes.iter().any(|x| x == m) {
            out.push(short);
        }
    }
    out.join(",")
}

// ---------------------------------------------------------------------------------------------
// Events.

/// The events about `o`: same namespace (any, for cluster-scoped objects), matched by the
/// involved object's uid (kubelet events about a node carry the node's name as uid), name and,
/// except for pods, kind, as `searchEvents` asks the API server.
pub fn events_for(c: &Cluster, o: &Object) -> Vec<Event> {
    let kind = o.kind();
    let ns = kind.namespaced().then(|| o.namespace());
    let uid = o.meta().uid.clone().unwrap_or_default();
    c.store
        .events_about(ns, o.name())
        .filter(|e| {
            let io = &e.involved_object;
            let uid_ok = io.uid.as_deref() == Some(uid.as_str())
                || (kind == Kind::Node && io.uid.as_deref() == Some(o.name()));
            let kind_ok = kind == Kind::Pod || io.kind.as_deref() == Some(kind.info().kind);
            uid_ok && kind_ok && io.name.as_deref() == Some(o.name())
        })
        .cloned()
        .collect()
}

fn event_time(e: &Event) -> Option<Timestamp> {
    if let Some(s) = &e.series
        && let Some(t) = &s.last_observed_time
    {
        return Some(t.0);
    }
    e.last_timestamp
        .as_ref()
        .map(|t| t.0)
        .or(e.event_time.as_ref().map(|t| t.0))
}

/// One row of the events table: `Type`, `Reason`, `Age` (`5s`, or `10s (x3 over 2m)` for a
/// repeated event), `From`, `Message`.
pub fn event_row(e: &Event, now: Timestamp) -> [String; 5] {
    let first = match &e.event_time {
        Some(t) => human_duration(now.duration_since(t.0)),
        None => translate_timestamp_since(e.first_timestamp.as_ref(), now),
    };
    let count = e.count.unwrap_or(0);
    let interval = if let Some(s) = &e.series {
        format!(
            "{} (x{} over {first})",
            s.last_observed_time
                .as_ref()
                .map(|t| human_duration(now.duration_since(t.0)))
                .unwrap_or_else(|| "<unknown>".into()),
            s.count.unwrap_or(0)
        )
    } else if count > 1 {
        format!(
            "{} (x{count} over {first})",
            translate_timestamp_since(e.last_timestamp.as_ref(), now)
        )
    } else {
        first
    };
    let source = e
        .source
        .as_ref()
        .and_then(|s| s.component.clone())
        .filter(|s| !s.is_empty())
        .or_else(|| e.reporting_component.clone())
        .unwrap_or_default();
    let mut message = e.message.clone().unwrap_or_default().trim().to_string();
    if let Some(fp) = e
        .involved_object
        .field_path
        .as_ref()
        .filter(|f| !f.is_empty())
    {
        message = format!("{fp}: {message}");
    }
    [
        e.type_.clone().unwrap_or_default(),
        e.reason.clone().unwrap_or_default(),
        interval,
        source,
        message,
    ]
}

/// `DescribeEvents`: `Events:  <none>`, or the table sorted by last time seen.
fn describe_events(w: &mut W, events: &[Event]) {
    if events.is_empty() {
        w.w(0, "Events:\t<none>\n");
        return;
    }
    w.flush();
    let mut sorted: Vec<&Event> = events.iter().collect();
    sorted.sort_by_key(|e| event_time(e));
    w.w(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
    w.w(1, "----\t------\t----\t----\t-------\n");
    for e in sorted {
        let r = event_row(e, w.now);
        w.w(
            1,
            format!("{}\t{}\t{}\t{}\t{}\n", r[0], r[1], r[2], r[3], r[4]),
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Pods and pod templates.

fn pod(w: &mut W, p: &Pod) {
    // Describe reads the pod as the API serves it.
    let spec = p.spec.as_ref().map(|s| s.to_core()).unwrap_or_default();
    let status = p.status.clone().unwrap_or_default();
    let m = &p.metadata;
    w.w(0, format!("Name:\t{}\n", m.name.as_deref().unwrap_or("")));
    w.w(
        0,
        format!("Namespace:\t{}\n", m.namespace.as_deref().unwrap_or("")),
    );
    if let Some(pr) = spec.priority {
        w.w(0, format!("Priority:\t{pr}\n"));
    }
    if let Some(pc) = spec.priority_class_name.as_ref().filter(|s| !s.is_empty()) {
        w.w(0, format!("Priority Class Name:\t{pc}\n"));
    }
    if let Some(rc) = spec.runtime_class_name.as_ref().filter(|s| !s.is_empty()) {
        w.w(0, format!("Runtime Class Name:\t{rc}\n"));
    }
    if let Some(sa) = spec.service_account_name.as_ref().filter(|s| !s.is_empty()) {
        w.w(0, format!("Service Account:\t{sa}\n"));
    }
    match spec.node_name.as_deref().filter(|s| !s.is_empty()) {
        None => w.w(0, "Node:\t<none>\n"),
        Some(n) => w.w(
            0,
            format!("Node:\t{n}/{}\n", status.host_ip.as_deref().unwrap_or("")),
        ),
    }
    if let Some(st) = &status.start_time {
        w.w(0, format!("Start Time:\t{}\n", rfc1123z(st.0)));
    }
    labels(w, "Labels", m.labels.as_ref());
    annotations(w, "Annotations", m.annotations.as_ref());
    let phase = status.phase.clone().unwrap_or_default();
    if let Some(dt) = &m.deletion_timestamp
        && phase != "Failed"
        && phase != "Succeeded"
    {
        w.w(
            0,
            format!("Status:\tTerminating (lasts {})\n", w.age(Some(dt))),
        );
        w.w(
            0,
            format!(
                "Termination Grace Period:\t{}s\n",
                m.deletion_grace_period_seconds.unwrap_or(0)
            ),
        );
    } else {
        w.w(0, format!("Status:\t{phase}\n"));
    }
    if let Some(r) = status.reason.as_ref().filter(|s| !s.is_empty()) {
        w.w(0, format!("Reason:\t{r}\n"));
    }
    if let Some(msg) = status.message.as_ref().filter(|s| !s.is_empty()) {
        w.w(0, format!("Message:\t{msg}\n"));
    }
    w.w(
        0,
        format!("IP:\t{}\n", status.pod_ip.as_deref().unwrap_or("")),
    );
    match status.pod_ips.as_ref().filter(|v| !v.is_empty()) {
        None => w.w(0, "IPs:\t<none>\n"),
        Some(ips) => {
            w.w(0, "IPs:\n");
            for ip in ips {
                w.w(1, format!("IP:\t{}\n", ip.ip));
            }
        }
    }
    if let Some(cb) = controller(m) {
        w.w(0, format!("Controlled By:\t{cb}\n"));
    }
    if let Some(nn) = status
        .nominated_node_name
        .as_ref()
        .filter(|s| !s.is_empty())
    {
        w.w(0, format!("NominatedNodeName:\t{nn}\n"));
    }
    let env = pod_env(p);
    if let Some(inits) = spec.init_containers.as_ref().filter(|v| !v.is_empty()) {
        containers(
            w,
            "Init Containers",
            inits,
            status.init_container_statuses.as_deref(),
            Some(&env),
            "",
        );
    }
    containers(
        w,
        "Containers",
        &spec.containers,
        status.container_statuses.as_deref(),
        Some(&env),
        "",
    );
    if let Some(conds) = status.conditions.as_ref().filter(|v| !v.is_empty()) {
        w.w(0, "Conditions:\n  Type\tStatus\n");
        for c in conds {
            w.w(1, format!("{} \t{} \n", c.type_, c.status));
        }
    }
    volumes(w, spec.volumes.as_deref().unwrap_or(&[]), "");
    let qos = status
        .qos_class
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| crate::sim::api::admission::qos_class(p));
    w.w(0, format!("QoS Class:\t{qos}\n"));
    labels(w, "Node-Selectors", spec.node_selector.as_ref());
    tolerations(w, "", "Tolerations", spec.tolerations.as_deref());
}

/// The values `$(VAR)`-free env vars and downward-API fields resolve to in a running pod.
fn pod_env(p: &Pod) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    m.insert(
        "metadata.name".to_string(),
        p.metadata.name.clone().unwrap_or_default(),
    );
    m.insert(
        "metadata.namespace".to_string(),
        p.metadata.namespace.clone().unwrap_or_default(),
    );
    m.insert(
        "metadata.uid".to_string(),
        p.metadata.uid.clone().unwrap_or_default(),
    );
    if let Some(s) = &p.spec {
        m.insert(
            "spec.nodeName".to_string(),
            s.node_name.as_deref().map(String::from).unwrap_or_default(),
        );
        m.insert(
            "spec.serviceAccountName".to_string(),
            s.service_account_name
                .as_deref()
                .map(String::from)
                .unwrap_or_default(),
        );
    }
    if let Some(s) = &p.status {
        m.insert(
            "status.podIP".to_string(),
            s.pod_ip.as_deref().unwrap_or_default().to_string(),
        );
        m.insert(
            "status.hostIP".to_string(),
            s.host_ip.as_deref().unwrap_or_default().to_string(),
        );
    }
    for (k, v) in p.metadata.labels.iter().flatten() {
        m.insert(format!("metadata.labels['{k}']"), v.clone());
    }
    for (k, v) in p.metadata.annotations.iter().flatten() {
        m.insert(format!("metadata.annotations['{k}']"), v.clone());
    }
    m
}

/// `describeContainers`.
fn containers(
    w: &mut W,
    label: &str,
    list: &[Container],
    statuses: Option<&[ContainerStatus]>,
    env: Option<&BTreeMap<String, String>>,
    space: &str,
) {
    let none = if list.is_empty() { " <none>" } else { "" };
    w.w(0, format!("{space}{label}:{none}\n"));
    let name_indent = if space.is_empty() { "" } else { " " };
    for ctr in list {
        let status = statuses.and_then(|s| s.iter().find(|s| s.name == ctr.name));
        w.w(1, format!("{name_indent}{}:\n", ctr.name));
        if let Some(s) = status {
            w.w(
                2,
                format!(
                    "Container ID:\t{}\n",
                    s.container_id
                        .as_ref()
                        .map(|id| id.text())
                        .unwrap_or_default()
                ),
            );
        }
        w.w(
            2,
            format!("Image:\t{}\n", ctr.image.as_deref().unwrap_or("")),
        );
        if let Some(s) = status {
            w.w(2, format!("Image ID:\t{}\n", s.image_id));
        }
        let ports = ctr.ports.as_deref().unwrap_or(&[]);
        let fmt_port = |port: i32, p: &k8s_openapi::api::core::v1::ContainerPort| {
            let mut s = format!("{port}/{}", p.protocol.as_deref().unwrap_or(""));
            if let Some(n) = p.name.as_ref().filter(|n| !n.is_empty()) {
                s = format!("{s} ({n})");
            }
            s
        };
        let port_str: Vec<String> = ports
            .iter()
            .map(|p| fmt_port(p.container_port, p))
            .collect();
        let host_str: Vec<String> = ports
            .iter()
            .map(|p| fmt_port(p.host_port.unwrap_or(0), p))
            .collect();
        let (ps, hs) = (port_str.join(", "), host_str.join(", "));
        if ps.contains(',') {
            w.w(2, format!("Ports:\t{ps}\n"));
        } else {
            w.w(2, format!("Port:\t{}\n", or_none(&ps)));
        }
        if hs.contains(',') {
            w.w(2, format!("Host Ports:\t{hs}\n"));
        } else {
            w.w(2, format!("Host Port:\t{}\n", or_none(&hs)));
        }
        if let Some(cmd) = ctr.command.as_ref().filter(|v| !v.is_empty()) {
            w.w(2, "Command:\n");
            for c in cmd {
                for s in c.split('\n') {
                    w.w(3, format!("{s}\n"));
                }
            }
        }
        if let Some(a) = ctr.args.as_ref().filter(|v| !v.is_empty()) {
            w.w(2, "Args:\n");
            for c in a {
                for s in c.split('\n') {
                    w.w(3, format!("{s}\n"));
                }
            }
        }
        if let Some(s) = status {
            container_state(w, "State", s.state.as_ref());
            if let Some(ls) = &s.last_state
                && ls.terminated.is_some()
            {
                container_state(w, "Last State", Some(ls));
            }
            w.w(2, format!("Ready:\t{}\n", bool_title(s.ready)));
            w.w(2, format!("Restart Count:\t{}\n", s.restart_count));
        }
        if let Some(r) = &ctr.resources {
            for (title, list) in [("Limits", &r.limits), ("Requests", &r.requests)] {
                if let Some(l) = list.as_ref().filter(|l| !l.is_empty()) {
                    w.w(2, format!("{title}:\n"));
                    for (k, v) in l {
                        w.w(3, format!("{k}:\t{}\n", qty(v)));
                    }
                }
            }
        }
        for (title, probe) in [
            ("Liveness", &ctr.liveness_probe),
            ("Readiness", &ctr.readiness_probe),
            ("Startup", &ctr.startup_probe),
        ] {
            if let Some(pr) = probe {
                w.w(2, format!("{title}:\t{}\n", describe_probe(pr)));
            }
        }
        if let Some(ef) = ctr.env_from.as_ref().filter(|v| !v.is_empty()) {
            w.w(2, "Environment Variables from:\n");
            for e in ef {
                let (from, name, optional) = if let Some(r) = &e.config_map_ref {
                    ("ConfigMap", r.name.clone(), r.optional.unwrap_or(false))
                } else if let Some(r) = &e.secret_ref {
                    ("Secret", r.name.clone(), r.optional.unwrap_or(false))
                } else {
                    ("", String::new(), false)
                };
                match e.prefix.as_ref().filter(|p| !p.is_empty()) {
                    None => w.w(3, format!("{name}\t{from}\tOptional: {optional}\n")),
                    Some(p) => w.w(
                        3,
                        format!("{name}\t{from} with prefix '{p}'\tOptional: {optional}\n"),
                    ),
                }
            }
        }
        let envs = ctr.env.as_deref().unwrap_or(&[]);
        w.w(
            2,
            format!(
                "Environment:{}\n",
                if envs.is_empty() { "\t<none>" } else { "" }
            ),
        );
        for e in envs {
            let Some(from) = &e.value_from else {
                for (i, s) in e.value.as_deref().unwrap_or("").split('\n').enumerate() {
                    if i == 0 {
                        w.w(3, format!("{}:\t{s}\n", e.name));
                    } else {
                        w.w(3, format!("\t{s}\n"));
                    }
                }
                continue;
            };
            if let Some(f) = &from.field_ref {
                let v = env
                    .and_then(|m| m.get(&f.field_path).cloned())
                    .unwrap_or_default();
                w.w(
                    3,
                    format!(
                        "{}:\t{v} ({}:{})\n",
                        e.name,
                        f.api_version.as_deref().unwrap_or("v1"),
                        f.field_path
                    ),
                );
            } else if let Some(r) = &from.resource_field_ref {
                w.w(3, format!("{}:\t ({})\n", e.name, r.resource));
            } else if let Some(s) = &from.secret_key_ref {
                w.w(
                    3,
                    format!(
                        "{}:\t<set to the key '{}' in secret '{}'>\tOptional: {}\n",
                        e.name,
                        s.key,
                        s.name,
                        s.optional.unwrap_or(false)
                    ),
                );
            } else if let Some(s) = &from.config_map_key_ref {
                w.w(
                    3,
                    format!(
                        "{}:\t<set to the key '{}' of config map '{}'>\tOptional: {}\n",
                        e.name,
                        s.key,
                        s.name,
                        s.optional.unwrap_or(false)
                    ),
                );
            }
        }
        let mut mounts = ctr.volume_mounts.clone().unwrap_or_default();
        w.w(
            2,
            format!(
                "Mounts:{}\n",
                if mounts.is_empty() { "\t<none>" } else { "" }
            ),
        );
        mounts.sort_by(|a, b| a.mount_path.cmp(&b.mount_path));
        for m in &mounts {
            let mut flags = vec![
                if m.read_only == Some(true) {
                    "ro"
                } else {
                    "rw"
                }
                .to_string(),
            ];
            if let Some(sp) = m.sub_path.as_ref().filter(|s| !s.is_empty()) {
                flags.push(format!("path={sp:?}"));
            }
            w.w(
                3,
                format!("{} from {} ({})\n", m.mount_path, m.name, flags.join(",")),
            );
        }
    }
}

fn or_none(s: &str) -> &str {
    if s.is_empty() { "<none>" } else { s }
}

/// `describeStatus`.
fn container_state(w: &mut W, name: &str, state: Option<&ContainerState>) {
    let st = state.cloned().unwrap_or_default();
    if let Some(r) = &st.running {
        w.w(2, format!("{name}:\tRunning\n"));
        w.w(3, format!("Started:\t{}\n", date(r.started_at.as_ref())));
    } else if let Some(wt) = &st.waiting {
        w.w(2, format!("{name}:\tWaiting\n"));
        if let Some(r) = wt.reason.as_ref().filter(|s| !s.is_empty()) {
            w.w(3, format!("Reason:\t{r}\n"));
        }
    } else if let Some(t) = &st.terminated {
        w.w(2, format!("{name}:\tTerminated\n"));
        if let Some(r) = t.reason.as_ref().filter(|s| !s.is_empty()) {
            w.w(3, format!("Reason:\t{r}\n"));
        }
        if let Some(m) = t.message.as_ref().filter(|s| !s.is_empty()) {
            w.w(3, format!("Message:\t{m}\n"));
        }
        w.w(3, format!("Exit Code:\t{}\n", t.exit_code));
        if let Some(sig) = t.signal.filter(|s| *s > 0) {
            w.w(3, format!("Signal:\t{sig}\n"));
        }
        w.w(3, format!("Started:\t{}\n", date(t.started_at.as_ref())));
        w.w(3, format!("Finished:\t{}\n", date(t.finished_at.as_ref())));
    } else {
        w.w(2, format!("{name}:\tWaiting\n"));
    }
}

/// `DescribeProbe`.
fn describe_probe(p: &Probe) -> String {
    let attrs = format!(
        "delay={}s timeout={}s period={}s #success={} #failure={}",
        p.initial_delay_seconds.unwrap_or(0),
        p.timeout_seconds.unwrap_or(1),
        p.period_seconds.unwrap_or(10),
        p.success_threshold.unwrap_or(1),
        p.failure_threshold.unwrap_or(3)
    );
    if let Some(e) = &p.exec {
        return format!(
            "exec {} {attrs}",
            go_list(e.command.as_deref().unwrap_or(&[]))
        );
    }
    if let Some(h) = &p.http_get {
        let scheme = h.scheme.as_deref().unwrap_or("HTTP").to_lowercase();
        let host = h.host.clone().unwrap_or_default();
        let port = int_or_string(&h.port);
        let hostport = if port.is_empty() {
            host
        } else if host.contains(':') {
            format!("[{host}]:{port}")
        } else {
            format!("{host}:{port}")
        };
        return format!(
            "http-get {scheme}://{hostport}{} {attrs}",
            h.path.as_deref().unwrap_or("")
        );
    }
    if let Some(t) = &p.tcp_socket {
        return format!(
            "tcp-socket {}:{} {attrs}",
            t.host.as_deref().unwrap_or(""),
            int_or_string(&t.port)
        );
    }
    if let Some(g) = &p.grpc {
        return format!(
            "grpc <pod>:{} {} {attrs}",
            g.port,
            g.service.as_deref().unwrap_or("")
        );
    }
    format!("unknown {attrs}")
}

/// `describeVolumes`.
fn volumes(w: &mut W, vols: &[Volume], space: &str) {
    if vols.is_empty() {
        w.w(0, format!("{space}Volumes:\t<none>\n"));
        return;
    }
    w.w(0, format!("{space}Volumes:\n"));
    let name_indent = if space.is_empty() { "" } else { " " };
    for v in vols {
        w.w(1, format!("{name_indent}{}:\n", v.name));
        if let Some(h) = &v.host_path {
            w.w(2, format!("Type:\tHostPath (bare host directory volume)\n    Path:\t{}\n    HostPathType:\t{}\n", h.path, h.type_.as_deref().unwrap_or("")));
        } else if let Some(e) = &v.empty_dir {
            let size = e
                .size_limit
                .as_ref()
                .map(qty)
                .filter(|s| s != "0")
                .unwrap_or_else(|| "<unset>".into());
            w.w(2, format!("Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t{}\n    SizeLimit:\t{size}\n", e.medium.as_deref().unwrap_or("")));
        } else if let Some(s) = &v.secret {
            w.w(2, format!("Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t{}\n    Optional:\t{}\n", s.secret_name.as_deref().unwrap_or(""), s.optional.unwrap_or(false)));
        } else if let Some(cm) = &v.config_map {
            w.w(2, format!("Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t{}\n    Optional:\t{}\n", cm.name, cm.optional.unwrap_or(false)));
        } else if let Some(c) = &v.persistent_volume_claim {
            w.w(2, format!("Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t{}\n    ReadOnly:\t{}\n", c.claim_name, c.read_only.unwrap_or(false)));
        } else if let Some(d) = &v.downward_api {
            w.w(
                2,
                "Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n",
            );
            for item in d.items.iter().flatten() {
                if let Some(f) = &item.field_ref {
                    w.w(3, format!("{} -> {}\n", f.field_path, item.path));
                }
                if let Some(r) = &item.resource_field_ref {
                    w.w(3, format!("{} -> {}\n", r.resource, item.path));
                }
            }
        } else if let Some(p) = &v.projected {
            w.w(
                2,
                "Type:\tProjected (a volume that contains injected data from multiple sources)\n",
            );
            for s in p.sources.iter().flatten() {
                if let Some(sec) = &s.secret {
                    w.w(
                        2,
                        format!(
                            "SecretName:\t{}\n    Optional:\t{}\n",
                            sec.name,
                            sec.optional.unwrap_or(false)
                        ),
                    );
                } else if s.downward_api.is_some() {
                    w.w(2, "DownwardAPI:\ttrue\n");
                } else if let Some(cm) = &s.config_map {
                    w.w(
                        2,
                        format!(
                            "ConfigMapName:\t{}\n    Optional:\t{}\n",
                            cm.name,
                            cm.optional.unwrap_or(false)
                        ),
                    );
                } else if let Some(t) = &s.service_account_token {
                    w.w(
                        2,
                        format!(
                            "TokenExpirationSeconds:\t{}\n",
                            t.expiration_seconds.unwrap_or(3607)
                        ),
                    );
                }
            }
        } else if let Some(n) = &v.nfs {
            w.w(2, format!("Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t{}\n    Path:\t{}\n    ReadOnly:\t{}\n", n.server, n.path, n.read_only.unwrap_or(false)));
        } else {
            w.w(1, "<unknown>\n");
        }
    }
}

/// `printTolerationsMultilineWithIndent`.
fn tolerations(w: &mut W, initial: &str, title: &str, list: Option<&[Toleration]>) {
    w.w(0, format!("{initial}{title}:\t"));
    let Some(list) = list.filter(|l| !l.is_empty()) else {
        w.line("<none>");
        return;
    };
    let mut sorted: Vec<&Toleration> = list.iter().collect();
    sorted.sort_by(|a, b| a.key.cmp(&b.key));
    for (i, t) in sorted.iter().enumerate() {
        if i != 0 {
            w.w(0, initial);
            w.w(0, "\t");
        }
        let key = t.key.as_deref().unwrap_or("");
        let value = t.value.as_deref().unwrap_or("");
        let effect = t.effect.as_deref().unwrap_or("");
        let mut s = key.to_string();
        if !value.is_empty() {
            s.push_str(&format!("={value}"));
        }
        if !effect.is_empty() {
            s.push_str(&format!(":{effect}"));
        }
        if t.operator.as_deref() == Some("Exists") && value.is_empty() {
            if !key.is_empty() || !effect.is_empty() {
                s.push_str(" op=Exists");
            } else {
                s.push_str("op=Exists");
            }
        }
        if let Some(secs) = t.toleration_seconds {
            s.push_str(&format!(" for {secs}s"));
        }
        w.w(0, format!("{s}\n"));
    }
}

/// `DescribePodTemplate`.
fn pod_template(w: &mut W, t: &PodTemplateSpec) {
    w.w(0, "Pod Template:\n");
    let meta = t.metadata.clone().unwrap_or_default();
    let spec = t.spec.clone().unwrap_or_default();
    labels(w, "  Labels", meta.labels.as_ref());
    if meta.annotations.as_ref().is_some_and(|a| !a.is_empty()) {
        annotations(w, "  Annotations", meta.annotations.as_ref());
    }
    if let Some(sa) = spec.service_account_name.as_ref().filter(|s| !s.is_empty()) {
        w.w(1, format!("Service Account:\t{sa}\n"));
    }
    if let Some(inits) = spec.init_containers.as_ref().filter(|v| !v.is_empty()) {
        containers(w, "Init Containers", inits, None, None, "  ");
    }
    containers(w, "Containers", &spec.containers, None, None, "  ");
    volumes(w, spec.volumes.as_deref().unwrap_or(&[]), "  ");
    if let Some(pc) = spec.priority_class_name.as_ref().filter(|s| !s.is_empty()) {
        w.w(1, format!("Priority Class Name:\t{pc}\n"));
    }
    labels(w, "  Node-Selectors", spec.node_selector.as_ref());
    tolerations(w, "", "  Tolerations", spec.tolerations.as_deref());
}

/// `getPodStatusForController`: pods selected and controlled by `uid`, counted by phase.
fn pod_counts(c: &Cluster, ns: &str, sel: Option<&LabelSelector>, uid: &str) -> String {
    let (mut running, mut waiting, mut succeeded, mut failed) = (0, 0, 0, 0);
    let selector = Selector::from_label_selector(sel).unwrap_or_else(|_| Selector::nothing());
    for p in c.store.list_typed::<Pod>(Some(ns)) {
        if !selector.matches_opt(p.metadata.labels.as_ref()) {
            continue;
        }
        let owned = p
            .metadata
            .owner_references
            .iter()
            .flatten()
            .any(|r| r.controller == Some(true) && r.uid == uid);
        if !owned {
            continue;
        }
        match p.status.as_ref().and_then(|s| s.phase.as_deref()) {
            Some("Running") => running += 1,
            Some("Pending") => waiting += 1,
            Some("Succeeded") => succeeded += 1,
            Some("Failed") => failed += 1,
            _ => {}
        }
    }
    format!("{running} Running / {waiting} Waiting / {succeeded} Succeeded / {failed} Failed")
}

// ---------------------------------------------------------------------------------------------
// Workloads.

fn statefulset(w: &mut W, c: &Cluster, s: &StatefulSet) {
    let m = &s.metadata;
    let spec = s.spec.clone().unwrap_or_default();
    let status = s.status.clone().unwrap_or_default();
    w.w(0, format!("Name:\t{}\n", m.name.as_deref().unwrap_or("")));
    w.w(
        0,
        format!("Namespace:\t{}\n", m.namespace.as_deref().unwrap_or("")),
    );
    w.w(
        0,
        format!(
            "CreationTimestamp:\t{}\n",
            date(m.creation_timestamp.as_ref())
        ),
    );
    w.w(
        0,
        format!("Selector:\t{}\n", selector_string(Some(&spec.selector))),
    );
    labels(w, "Labels", m.labels.as_ref());
    annotations(w, "Annotations", m.annotations.as_ref());
    w.w(
        0,
        format!(
            "Replicas:\t{} desired | {} total\n",
            spec.replicas.unwrap_or(1),
            status.replicas
        ),
    );
    let us = spec.update_strategy.clone().unwrap_or_default();
    w.w(
        0,
        format!("Update Strategy:\t{}\n", us.type_.as_deref().unwrap_or("")),
    );
    if let Some(ru) = &us.rolling_update
        && let Some(part) = ru.partition
    {
        w.w(1, format!("Partition:\t{part}\n"));
        if let Some(mu) = &ru.max_unavailable {
            w.w(1, format!("MaxUnavailable:\t{}\n", int_or_string(mu)));
        }
    }
    w.w(
        0,
        format!(
            "Pods Status:\t{}\n",
            pod_counts(
                c,
                m.namespace.as_deref().unwrap_or(""),
                Some(&spec.selector),
                m.uid.as_deref().unwrap_or("")
            )
        ),
    );
    pod_template(w, &spec.template);
    let vcts = spec.volume_claim_templates.clone().unwrap_or_default();
    if vcts.is_empty() {
        w.w(0, "Volume Claims:\t<none>\n");
    } else {
        w.w(0, "Volume Claims:\n");
        for pvc in &vcts {
            let ps = pvc.spec.clone().unwrap_or_default();
            w.w(
                1,
                format!("Name:\t{}\n", pvc.metadata.name.as_deref().unwrap_or("")),
            );
            w.w(
                1,
                format!(
                    "StorageClass:\t{}\n",
                    ps.storage_class_name.as_deref().unwrap_or("")
                ),
            );
            labels_multiline(w, "  ", "Labels", "\t", pvc.metadata.labels.as_ref());
            labels_multiline(
                w,
                "  ",
                "Annotations",
                "\t",
                pvc.metadata.annotations.as_ref(),
            );
            match ps
                .resources
                .as_ref()
                .and_then(|r| r.requests.as_ref())
                .and_then(|r| r.get("storage"))
            {
                Some(q) => w.w(1, format!("Capacity:\t{}\n", qty(q))),
                None => w.w(1, "Capacity:\t<default>\n"),
            }
            w.w(
                1,
                format!(
                    "Access Modes:\t{}\n",
                    go_list(ps.access_modes.as_deref().unwrap_or(&[]))
                ),
            );
        }
    }
}

fn daemonset(w: &mut W, c: &Cluster, d: &DaemonSet) {
    let m = &d.metadata;
    let spec = d.spec.clone().unwrap_or_default();
    let status = d.status.clone().unwrap_or_default();
    w.w(0, format!("Name:\t{}\n", m.name.as_deref().unwrap_or("")));
    w.w(
        0,
        format!("Namespace:\t{}\n", m.namespace.as_deref().unwrap_or("")),
    );
    w.w(
        0,
        format!("Selector:\t{}\n", selector_string(Some(&spec.selector))),
    );
    let node_sel = spec
        .template
        .spec
        .as_ref()
        .and_then(|s| s.node_selector.clone())
        .unwrap_or_default();
    w.w(
        0,
        format!(
            "Node-Selector:\t{}\n",
            super::table::format_labels(&node_sel)
        ),
    );
    labels(w, "Labels", m.labels.as_ref());
    annotations(w, "Annotations", m.annotations.as_ref());
    w.w(
        0,
        format!(
            "Desired Number of Nodes Scheduled: {}\n",
            status.desired_number_scheduled
        ),
    );
    w.w(
        0,
        format!(
            "Current Number of Nodes Scheduled: {}\n",
            status.current_number_scheduled
        ),
    );
    w.w(
        0,
        format!(
            "Number of Nodes Scheduled with Up-to-date Pods: {}\n",
            status.updated_number_scheduled.unwrap_or(0)
        ),
    );
    w.w(
        0,
        format!(
            "Number of Nodes Scheduled with Available Pods: {}\n",
            status.number_available.unwrap_or(0)
        ),
    );
    w.w(
        0,
        format!(
            "Number of Nodes Misscheduled: {}\n",
            status.number_misscheduled
        ),
    );
    w.w(
        0,
        format!(
            "Pods Status:\t{}\n",
            pod_counts(
                c,
                m.namespace.as_deref().unwrap_or(""),
                Some(&spec.selector),
                m.uid.as_deref().unwrap_or("")
            )
        ),
    );
    pod_template(w, &spec.template);
}

fn job(w: &mut W, j: &Job) {
    let m = &j.metadata;
    let spec = j.spec.clone().unwrap_or_default();
    let status = j.status.clone().unwrap_or_default();
    w.w(0, format!("Name:\t{}\n", m.name.as_deref().unwrap_or("")));
    w.w(
        0,
        format!("Namespace:\t{}\n", m.namespace.as_deref().unwrap_or("")),
    );
    match Selector::from_label_selector(spec.selector.as_ref()) {
        Ok(_) => w.w(
            0,
            format!("Selector:\t{}\n", selector_string(spec.selector.as_ref())),
        ),
        Err(e) => w.w(0, format!("Selector:\tFailed to get selector: {e}\n")),
    }
    labels(w, "Labels", m.labels.as_ref());
    annotations(w, "Annotations", m.annotations.as_ref());
    if let Some(cb) = controller(m) {
        w.w(0, format!("Controlled By:\t{cb}\n"));
    }
    if let Some(p) = spec.parallelism {
        w.w(0, format!("Parallelism:\t{p}\n"));
    }
    match spec.completions {
        Some(n) => w.w(0, format!("Completions:\t{n}\n")),
        None => w.w(0, "Completions:\t<unset>\n"),
    }
    if let Some(cm) = &spec.completion_mode {
        w.w(0, format!("Completion Mode:\t{cm}\n"));
    }
    if let Some(s) = spec.suspend {
        w.w(0, format!("Suspend:\t{s}\n"));
    }
    if let Some(b) = spec.backoff_limit {
        w.w(0, format!("Backoff Limit:\t{b}\n"));
    }
    if let Some(t) = spec.ttl_seconds_after_finished {
        w.w(0, format!("TTL Seconds After Finished:\t{t}\n"));
    }
    if let Some(st) = &status.start_time {
        w.w(0, format!("Start Time:\t{}\n", rfc1123z(st.0)));
    }
    if let Some(ct) = &status.completion_time {
        w.w(0, format!("Completed At:\t{}\n", rfc1123z(ct.0)));
    }
    if let (Some(st), Some(ct)) = (&status.start_time, &status.completion_time) {
        w.w(
            0,
            format!("Duration:\t{}\n", human_duration(ct.0.duration_since(st.0))),
        );
    }
    if let Some(a) = spec.active_deadline_seconds {
        w.w(0, format!("Active Deadline Seconds:\t{a}s\n"));
    }
    let (active, succeeded, failed) = (
        status.active.unwrap_or(0),
        status.succeeded.unwrap_or(0),
        status.failed.unwrap_or(0),
    );
    match status.ready {
        None => w.w(
            0,
            format!("Pods Statuses:\t{active} Active / {succeeded} Succeeded / {failed} Failed\n"),
        ),
        Some(r) => w.w(
            0,
            format!(
                "Pods Statuses:\t{active} Active ({r} Ready) / {succeeded} Succeeded / {failed} Failed\n"
            ),
        ),
    }
    if spec.completion_mode.as_deref() == Some("Indexed") {
        w.w(
            0,
            format!(
                "Completed Indexes:\t{}\n",
                cap_indexes(status.completed_indexes.as_deref().unwrap_or(""), 50)
            ),
        );
    }
    pod_template(w, &spec.template);
}

/// `capIndexesListOrNone`.
fn cap_indexes(indexes: &str, soft_limit: usize) -> String {
    if indexes.is_empty() {
        return "<none>".into();
    }
    let b = indexes.as_bytes();
    let mut ix = soft_limit;
    while ix < b.len() && b[ix] != b',' {
        ix += 1;
    }
    if ix >= b.len() {
        return indexes.to_string();
    }
    format!("{}...", &indexes[..=ix])
}

fn cronjob(w: &mut W, cj: &CronJob) {
    let m = &cj.metadata;
    let spec = cj.spec.clone().unwrap_or_default();
    let status = cj.status.clone().unwrap_or_default();
    w.w(0, format!("Name:\t{}\n", m.name.as_deref().unwrap_or("")));
    w.w(
        0,
        format!("Namespace:\t{}\n", m.namespace.as_deref().unwrap_or("")),
    );
    labels(w, "Labels", m.labels.as_ref());
    annotations(w, "Annotations", m.annotations.as_ref());
    w.w(0, format!("Schedule:\t{}\n", spec.schedule));
    w.w(
        0,
        format!(
            "Concurrency Policy:\t{}\n",
            spec.concurrency_policy.as_deref().unwrap_or("")
        ),
    );
    w.w(
        0,
        format!(
            "Suspend:\t{}\n",
            spec.suspend.map(bool_title).unwrap_or("<unset>")
        ),
    );
    let unset = |v: Option<String>| v.unwrap_or_else(|| "<unset>".into());
    w.w(
        0,
        format!("Time Zone:\t{}\n", unset(spec.time_zone.clone())),
    );
    w.w(
        0,
        format!(
            "Successful Job History Limit:\t{}\n",
            unset(spec.successful_jobs_history_limit.map(|v| v.to_string()))
        ),
    );
    w.w(
        0,
        format!(
            "Failed Job History Limit:\t{}\n",
            unset(spec.failed_jobs_history_limit.map(|v| v.to_string()))
        ),
    );
    w.w(
        0,
        format!(
            "Starting Deadline Seconds:\t{}\n",
            unset(spec.starting_deadline_seconds.map(|v| format!("{v}s")))
        ),
    );
    job_template(w, &spec.job_template);
    w.w(
        0,
        format!(
            "Last Schedule Time:\t{}\n",
            unset(status.last_schedule_time.as_ref().map(|t| rfc1123z(t.0)))
        ),
    );
    w.w(0, "Active Jobs:\t");
    let active = status.active.unwrap_or_default();
    if active.is_empty() {
        w.line("<none>");
    } else {
        let names: Vec<String> = active
            .iter()
            .map(|r| r.name.clone().unwrap_or_default())
            .collect();
        w.line(&names.join(", "));
    }
}

fn job_template(w: &mut W, t: &JobTemplateSpec) {
    let spec = t.spec.clone().unwrap_or_default();
    match &spec.selector {
        Some(s) => w.w(0, format!("Selector:\t{}\n", selector_string(Some(s)))),
        None => w.w(0, "Selector:\t<unset>\n"),
    }
    match spec.parallelism {
        Some(p) => w.w(0, format!("Parallelism:\t{p}\n")),
        None => w.w(0, "Parallelism:\t<unset>\n"),
    }
    match spec.completions {
        Some(p) => w.w(0, format!("Completions:\t{p}\n")),
        None => w.w(0, "Completions:\t<unset>\n"),
    }
    if let Some(a) = spec.active_deadline_seconds {
        w.w(0, format!("Active Deadline Seconds:\t{a}s\n"));
    }
    pod_template(w, &spec.template);
}

fn deployment(w: &mut W, c: &Cluster, d: &Deployment) {
    let m = &d.metadata;
    let spec = d.spec.clone().unwrap_or_default();
    let status = d.status.clone().unwrap_or_default();
    w.w(0, format!("Name:\t{}\n", m.name.as_deref().unwrap_or("")));
    w.w(
        0,
        format!("Namespace:\t{}\n", m.namespace.as_deref().unwrap_or("")),
    );
    w.w(
        0,
        format!(
            "CreationTimestamp:\t{}\n",
            date(m.creation_timestamp.as_ref())
        ),
    );
    labels(w, "Labels", m.labels.as_ref());
    annotations(w, "Annotations", m.annotations.as_ref());
    w.w(
        0,
        format!("Selector:\t{}\n", selector_string(Some(&spec.selector))),
    );
    w.w(
        0,
        format!(
            "Replicas:\t{} desired | {} updated | {} total | {} available | {} unavailable\n",
            spec.replicas.unwrap_or(1),
            status.updated_replicas.unwrap_or(0),
            status.replicas.unwrap_or(0),
            status.available_replicas.unwrap_or(0),
            status.unavailable_replicas.unwrap_or(0)
        ),
    );
    let strategy = spec.strategy.clone().unwrap_or_default();
    w.w(
        0,
        format!(
            "StrategyType:\t{}\n",
            strategy.type_.as_deref().unwrap_or("")
        ),
    );
    w.w(
        0,
        format!(
            "MinReadySeconds:\t{}\n",
            spec.min_ready_seconds.unwrap_or(0)
        ),
    );
    if let Some(ru) = &strategy.rolling_update {
        let s = |v: &Option<IntOrString>| v.as_ref().map(int_or_string).unwrap_or_default();
        w.w(
            0,
            format!(
                "RollingUpdateStrategy:\t{} max unavailable, {} max surge\n",
                s(&ru.max_unavailable),
                s(&ru.max_surge)
            ),
        );
    }
    pod_template(w, &spec.template);
    if let Some(conds) = status.conditions.as_ref().filter(|c| !c.is_empty()) {
        w.w(0, "Conditions:\n  Type\tStatus\tReason\n");
        w.w(1, "----\t------\t------\n");
        for cd in conds {
            w.w(
                1,
                format!(
                    "{} \t{}\t{}\n",
                    cd.type_,
                    cd.status,
                    cd.reason.as_deref().unwrap_or("")
                ),
            );
        }
    }
    // deploymentutil.GetAllReplicaSets: owned ReplicaSets; the new one has the Deployment's
    // pod template (ignoring the pod-template-hash label).
    let uid = m.uid.clone().unwrap_or_default();
    let owned: Vec<&ReplicaSet> = c
        .store
        .list_typed::<ReplicaSet>(m.namespace.as_deref())
        .filter(|rs| {
            rs.metadata
                .owner_references
                .iter()
                .flatten()
                .any(|r| r.controller == Some(true) && r.uid == uid)
        })
        .collect();
    let strip = |t: &PodTemplateSpec| {
        let mut t = t.clone();
        if let Some(md) = t.metadata.as_mut()
            && let Some(l) = md.labels.as_mut()
        {
            l.remove("pod-template-hash");
        }
        t
    };
    let want = strip(&spec.template);
    let mut new_rs: Vec<&ReplicaSet> = Vec::new();
    let mut old_rs: Vec<&ReplicaSet> = Vec::new();
    for rs in owned {
        let t = rs
            .spec
            .as_ref()
            .and_then(|s| s.template.clone())
            .unwrap_or_default();
        if new_rs.is_empty() && strip(&t) == want {
            new_rs.push(rs);
        } else {
            old_rs.push(rs);
        }
    }
    if !old_rs.is_empty() || !new_rs.is_empty() {
        w.w(0, format!("OldReplicaSets:\t{}\n", rs_list(&old_rs)));
        w.w(0, format!("NewReplicaSet:\t{}\n", rs_list(&new_rs)));
    }
}

fn rs_list(v: &[&ReplicaSet]) -> String {
    let s: Vec<String> = v
        .iter()
        .map(|rs| {
            format!(
                "{} ({}/{} replicas created)",
                rs.metadata.name.as_deref().unwrap_or(""),
                rs.status.as_ref().map(|s| s.replicas).unwrap_or(0),
                rs.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1)
            )
        })
        .collect();
    if s.is_empty() {
        "<none>".into()
    } else {
        s.join(", ")
    }
}

fn replicaset(w: &mut W, c: &Cluster, rs: &ReplicaSet) {
    let m = &rs.metadata;
    let spec = rs.spec.clone().unwrap_or_default();
    let status = rs.status.clone().unwrap_or_default();
    w.w(0, format!("Name:\t{}\n", m.name.as_deref().unwrap_or("")));
    w.w(
        0,
        format!("Namespace:\t{}\n", m.namespace.as_deref().unwrap_or("")),
    );
    w.w(
        0,
        format!(
            "Selector:\t{}\n",
            format_label_selector(Some(&spec.selector))
        ),
    );
    labels(w, "Labels", m.labels.as_ref());
    annotations(w, "Annotations", m.annotations.as_ref());
    if let Some(cb) = controller(m) {
        w.w(0, format!("Controlled By:\t{cb}\n"));
    }
    w.w(
        0,
        format!(
            "Replicas:\t{} current / {} desired\n",
            status.replicas,
            spec.replicas.unwrap_or(1)
        ),
    );
    w.w(0, "Pods Status:\t");
    w.w(
        0,
        format!(
            "{}\n",
            pod_counts(
                c,
                m.namespace.as_deref().unwrap_or(""),
                Some(&spec.selector),
                m.uid.as_deref().unwrap_or("")
            )
        ),
    );
    pod_template(w, &spec.template.clone().unwrap_or_default());
    if let Some(conds) = status.conditions.as_ref().filter(|c| !c.is_empty()) {
        w.w(0, "Conditions:\n  Type\tStatus\tReason\n");
        w.w(1, "----\t------\t------\n");
        for cd in conds {
            w.w(
                1,
                format!(
                    "{} \t{}\t{}\n",
                    cd.type_,
                    cd.status,
                    cd.reason.as_deref().unwrap_or("")
                ),
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Storage, services, namespaces, nodes.

fn claim(w: &mut W, c: &Cluster, pvc: &PersistentVolumeClaim) {
    let m = &pvc.metadata;
    let spec = pvc.spec.clone().unwrap_or_default();
    let status = pvc.status.clone().unwrap_or_default();
    w.w(0, format!("Name:\t{}\n", m.name.as_deref().unwrap_or("")));
    w.w(
        0,
        format!("Namespace:\t{}\n", m.namespace.as_deref().unwrap_or("")),
    );
    w.w(
        0,
        format!(
            "StorageClass:\t{}\n",
            spec.storage_class_name.as_deref().unwrap_or("")
        ),
    );
    match &m.deletion_timestamp {
        Some(dt) => w.w(
            0,
            format!("Status:\tTerminating (lasts {})\n", w.age(Some(dt))),
        ),
        None => w.w(
            0,
            format!("Status:\t{}\n", status.phase.as_deref().unwrap_or("")),
        ),
    }
    let vol = spec.volume_name.clone().unwrap_or_default();
    w.w(0, format!("Volume:\t{vol}\n"));
    labels(w, "Labels", m.labels.as_ref());
    annotations(w, "Annotations", m.annotations.as_ref());
    w.w(
        0,
        format!(
            "Finalizers:\t{}\n",
            go_list(m.finalizers.as_deref().unwrap_or(&[]))
        ),
    );
    let (capacity, modes) = if vol.is_empty() {
        (String::new(), String::new())
    } else {
        (
            status
                .capacity
                .as_ref()
                .and_then(|c| c.get("storage"))
                .map(qty)
                .unwrap_or_else(|| "0".into()),
            access_modes(status.access_modes.as_ref()),
        )
    };
    w.w(0, format!("Capacity:\t{capacity}\n"));
    w.w(0, format!("Access Modes:\t{modes}\n"));
    if let Some(vm) = &spec.volume_mode {
        w.w(0, format!("VolumeMode:\t{vm}\n"));
    }
    // getPodsForPVC: pods mounting the claim, then pods owning it.
    let name = m.name.clone().unwrap_or_default();
    let mut used: Vec<String> = Vec::new();
    for p in c.store.list_typed::<Pod>(m.namespace.as_deref()) {
        let mounts = p
            .spec
            .as_ref()
            .and_then(|s| s.volumes.as_ref())
            .into_iter()
            .flatten()
            .filter(|v| {
                v.source
                    .persistent_volume_claim
                    .as_ref()
                    .is_some_and(|c| c.claim_name == name)
            })
            .count();
        for _ in 0..mounts {
            used.push(p.metadata.name.clone().unwrap_or_default());
        }
    }
    used.sort();
    w.w(0, "Used By:\t");
    if used.is_empty() {
        w.line("<none>");
    } else {
        for (i, u) in used.iter().enumerate() {
            if i != 0 {
                w.w(0, "\t");
            }
            w.w(0, format!("{u}\n"));
        }
    }
    if let Some(conds) = status.conditions.as_ref().filter(|c| !c.is_empty()) {
        w.w(0, "Conditions:\n");
        w.w(
            1,
            "Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n",
        );
        w.w(
            1,
            "----\t------\t-----------------\t------------------\t------\t-------\n",
        );
        for cd in conds {
            w.w(
                1,
                format!(
                    "{} \t{} \t{} \t{} \t{} \t{}\n",
                    cd.type_,
                    cd.status,
                    date(cd.last_probe_time.as_ref()),
                    date(cd.last_transition_time.as_ref()),
                    cd.reason.as_deref().unwrap_or(""),
                    cd.message.as_deref().unwrap_or("")
                ),
            );
        }
    }
}

fn volume(w: &mut W, pv: &PersistentVolume) {
    let m = &pv.metadata;
    let spec = pv.spec.clone().unwrap_or_default();
    let status = pv.status.clone().unwrap_or_default();
    w.w(0, format!("Name:\t{}\n", m.name.as_deref().unwrap_or("")));
    labels(w, "Labels", m.labels.as_ref());
    annotations(w, "Annotations", m.annotations.as_ref());
    w.w(
        0,
        format!(
            "Finalizers:\t{}\n",
            go_list(m.finalizers.as_deref().unwrap_or(&[]))
        ),
    );
    w.w(
        0,
        format!(
            "StorageClass:\t{}\n",
            spec.storage_class_name.as_deref().unwrap_or("")
        ),
    );
    match &m.deletion_timestamp {
        Some(dt) => w.w(
            0,
            format!("Status:\tTerminating (lasts {})\n", w.age(Some(dt))),
        ),
        None => w.w(
            0,
            format!("Status:\t{}\n", status.phase.as_deref().unwrap_or("")),
        ),
    }
    match &spec.claim_ref {
        Some(r) => w.w(
            0,
            format!(
                "Claim:\t{}/{}\n",
                r.namespace.as_deref().unwrap_or(""),
                r.name.as_deref().unwrap_or("")
            ),
        ),
        None => w.w(0, "Claim:\t\n"),
    }
    w.w(
        0,
        format!(
            "Reclaim Policy:\t{}\n",
            spec.persistent_volume_reclaim_policy
                .as_deref()
                .unwrap_or("")
        ),
    );
    w.w(
        0,
        format!(
            "Access Modes:\t{}\n",
            access_modes(spec.access_modes.as_ref())
        ),
    );
    if let Some(vm) = &spec.volume_mode {
        w.w(0, format!("VolumeMode:\t{vm}\n"));
    }
    let cap = spec
        .capacity
        .as_ref()
        .and_then(|c| c.get("storage"))
        .map(qty)
        .unwrap_or_else(|| "0".into());
    w.w(0, format!("Capacity:\t{cap}\n"));
    w.w(0, "Node Affinity:\t");
    match spec
        .node_affinity
        .as_ref()
        .and_then(|a| a.required.as_ref())
    {
        None => w.line("<none>"),
        Some(req) => {
            w.line("");
            w.w(1, "Required Terms:\t");
            if req.node_selector_terms.is_empty() {
                w.line("<none>");
            } else {
                w.line("");
                for (i, term) in req.node_selector_terms.iter().enumerate() {
                    w.w(2, format!("Term {i}:\t"));
                    let exprs = term.match_expressions.clone().unwrap_or_default();
                    if exprs.is_empty() {
                        w.line("<none>");
                    }
                    for (j, e) in exprs.iter().enumerate() {
                        if j != 0 {
                            w.w(2, "\t");
                        }
                        let mut s = format!("{} {}", e.key, e.operator.to_lowercase());
                        if let Some(v) = e.values.as_ref().filter(|v| !v.is_empty()) {
                            s = format!("{s} [{}]", v.join(", "));
                        }
                        w.w(0, format!("{s}\n"));
                    }
                }
            }
        }
    }
    w.w(
        0,
        format!("Message:\t{}\n", status.message.as_deref().unwrap_or("")),
    );
    w.w(0, "Source:\n");
    if let Some(h) = &spec.host_path {
        w.w(2, format!("Type:\tHostPath (bare host directory volume)\n    Path:\t{}\n    HostPathType:\t{}\n", h.path, h.type_.as_deref().unwrap_or("")));
    } else if let Some(l) = &spec.local {
        w.w(
            2,
            format!(
                "Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n    Path:\t{}\n",
                l.path
            ),
        );
    } else if let Some(n) = &spec.nfs {
        w.w(2, format!("Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t{}\n    Path:\t{}\n    ReadOnly:\t{}\n", n.server, n.path, n.read_only.unwrap_or(false)));
    } else if let Some(csi) = &spec.csi {
        w.w(2, format!("Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t{}\n    FSType:\t{}\n    VolumeHandle:\t{}\n    ReadOnly:\t{}\n", csi.driver, csi.fs_type.as_deref().unwrap_or(""), csi.volume_handle, csi.read_only.unwrap_or(false)));
        w.w(2, "VolumeAttributes:\t");
        let attrs = csi.volume_attributes.clone().unwrap_or_default();
        if attrs.is_empty() {
            w.line("<none>");
        }
        for (i, (k, v)) in attrs.iter().enumerate() {
            if i != 0 {
                w.w(2, "\t");
            }
            w.w(2, format!("{k}={v}\n"));
        }
    } else {
        w.w(1, "<unknown>\n");
    }
}

/// The ready endpoints of a Service as `formatEndpointSlices` lists them: `ip:port` of ready pods
/// the selector matches, at most three then `+ N more...`; `<none>` without a selector (no
/// EndpointSlices).
fn endpoints(c: &Cluster, s: &Service, port: &k8s_openapi::api::core::v1::ServicePort) -> String {
    let ns = s.metadata.namespace.as_deref().unwrap_or("");
    let spec = s.spec.clone().unwrap_or_default();
    if ns == "default" && s.metadata.name.as_deref() == Some("kubernetes") {
        // The API server's own EndpointSlice: the control plane's address on 6443.
        let ip = c
            .store
            .list_typed::<Node>(None)
            .find(|n| {
                n.metadata
                    .labels
                    .as_ref()
                    .is_some_and(|l| l.contains_key("node-role.kubernetes.io/control-plane"))
            })
            .and_then(|n| n.status.as_ref()?.addresses.as_ref()?.first().cloned())
            .map(|a| a.address)
            .unwrap_or_default();
        return format!("{ip}:6443");
    }
    let Some(sel) = spec.selector.filter(|s| !s.is_empty()) else {
        return "<none>".into();
    };
    let selector = Selector::from_set(&sel);
    let mut list = Vec::new();
    for p in c.store.list_typed::<Pod>(Some(ns)) {
        if !selector.matches_opt(p.metadata.labels.as_ref())
            || !crate::sim::podutil::is_ready(p)
            || p.metadata.deletion_timestamp.is_some()
        {
            continue;
        }
        let Some(ip) = p.status.as_ref().and_then(|s| s.pod_ip.clone()) else {
            continue;
        };
        let target = match &port.target_port {
            Some(IntOrString::Int(i)) => i.to_string(),
            Some(IntOrString::String(name)) => p
                .spec
                .iter()
                .flat_map(|s| s.containers.iter())
                .flat_map(|c| c.ports.iter().flatten())
                .find(|cp| cp.name.as_deref() == Some(name.as_str()))
                .map(|cp| cp.container_port.to_string())
                .unwrap_or_default(),
            None => port.port.to_string(),
        };
        if target.is_empty() {
            continue;
        }
        list.push(format!("{ip}:{target}"));
    }
    if list.len() > 3 {
        let more = list.len() - 3;
        list.truncate(3);
        return format!("{} + {more} more...", list.join(","));
    }
    list.join(",")
}

fn service(w: &mut W, c: &Cluster, s: &Service) {
    let m = &s.metadata;
    let spec = s.spec.clone().unwrap_or_default();
    let status = s.status.clone().unwrap_or_default();
    w.w(0, format!("Name:\t{}\n", m.name.as_deref().unwrap_or("")));
    w.w(
        0,
        format!("Namespace:\t{}\n", m.namespace.as_deref().unwrap_or("")),
    );
    labels(w, "Labels", m.labels.as_ref());
    annotations(w, "Annotations", m.annotations.as_ref());
    w.w(
        0,
        format!(
            "Selector:\t{}\n",
            super::table::format_labels(&spec.selector.clone().unwrap_or_default())
        ),
    );
    w.w(
        0,
        format!("Type:\t{}\n", spec.type_.as_deref().unwrap_or("")),
    );
    if let Some(p) = &spec.ip_family_policy {
        w.w(0, format!("IP Family Policy:\t{p}\n"));
    }
    match spec.ip_families.as_ref().filter(|v| !v.is_empty()) {
        Some(f) => w.w(0, format!("IP Families:\t{}\n", f.join(","))),
        None => w.w(0, "IP Families:\t<none>\n"),
    }
    w.w(
        0,
        format!("IP:\t{}\n", spec.cluster_ip.as_deref().unwrap_or("")),
    );
    match spec.cluster_ips.as_ref().filter(|v| !v.is_empty()) {
        Some(ips) => w.w(0, format!("IPs:\t{}\n", ips.join(","))),
        None => w.w(0, "IPs:\t<none>\n"),
    }
    if let Some(e) = spec.external_ips.as_ref().filter(|v| !v.is_empty()) {
        w.w(0, format!("External IPs:\t{}\n", e.join(",")));
    }
    if let Some(ip) = spec.load_balancer_ip.as_ref().filter(|s| !s.is_empty()) {
        w.w(0, format!("Desired LoadBalancer IP:\t{ip}\n"));
    }
    if let Some(n) = spec.external_name.as_ref().filter(|s| !s.is_empty()) {
        w.w(0, format!("External Name:\t{n}\n"));
    }
    let ingress = status
        .load_balancer
        .and_then(|lb| lb.ingress)
        .unwrap_or_default();
    if !ingress.is_empty() {
        let list: Vec<String> = ingress
            .iter()
            .map(|i| i.ip.clone().or(i.hostname.clone()).unwrap_or_default())
            .collect();
        w.w(0, format!("LoadBalancer Ingress:\t{}\n", list.join(", ")));
    }
    for sp in spec.ports.iter().flatten() {
        let name = sp
            .name
            .clone()
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "<unset>".into());
        let proto = sp.protocol.clone().unwrap_or_else(|| "TCP".into());
        w.w(0, format!("Port:\t{name}\t{}/{proto}\n", sp.port));
        let target = sp
            .target_port
            .as_ref()
            .map(int_or_string)
            .unwrap_or_else(|| sp.port.to_string());
        w.w(0, format!("TargetPort:\t{target}/{proto}\n"));
        if let Some(ap) = &sp.app_protocol {
            w.w(0, format!("AppProtocol:\t{ap}\n"));
        }
        if let Some(np) = sp.node_port.filter(|p| *p != 0) {
            w.w(0, format!("NodePort:\t{name}\t{np}/{proto}\n"));
        }
        w.w(0, format!("Endpoints:\t{}\n", endpoints(c, s, sp)));
    }
    w.w(
        0,
        format!(
            "Session Affinity:\t{}\n",
            spec.session_affinity.as_deref().unwrap_or("")
        ),
    );
    if let Some(p) = spec
        .external_traffic_policy
        .as_ref()
        .filter(|s| !s.is_empty())
    {
        w.w(0, format!("External Traffic Policy:\t{p}\n"));
    }
    if let Some(p) = &spec.internal_traffic_policy {
        w.w(0, format!("Internal Traffic Policy:\t{p}\n"));
    }
    if let Some(p) = spec.health_check_node_port.filter(|p| *p != 0) {
        w.w(0, format!("HealthCheck NodePort:\t{p}\n"));
    }
}

fn namespace(w: &mut W, n: &Namespace) {
    let m = &n.metadata;
    let status = n.status.clone().unwrap_or_default();
    w.w(0, format!("Name:\t{}\n", m.name.as_deref().unwrap_or("")));
    labels(w, "Labels", m.labels.as_ref());
    annotations(w, "Annotations", m.annotations.as_ref());
    w.w(
        0,
        format!("Status:\t{}\n", status.phase.as_deref().unwrap_or("")),
    );
    if let Some(conds) = status.conditions.as_ref().filter(|c| !c.is_empty()) {
        w.w(0, "Conditions:\n");
        w.w(1, "Type\tStatus\tLastTransitionTime\tReason\tMessage\n");
        w.w(1, "----\t------\t------------------\t------\t-------\n");
        for cd in conds {
            w.w(
                1,
                format!(
                    "{}\t{}\t{}\t{}\t{}\n",
                    cd.type_,
                    cd.status,
                    date(cd.last_transition_time.as_ref()),
                    cd.reason.as_deref().unwrap_or(""),
                    cd.message.as_deref().unwrap_or("")
                ),
            );
        }
    }
    // The simulator serves no ResourceQuotas or LimitRanges: both lists are empty.
    w.w(0, "\n");
    w.w(0, "No resource quota.\n");
    w.w(0, "\n");
    w.w(0, "No LimitRange resource.\n");
}

fn configmap(w: &mut W, cm: &ConfigMap) {
    let m = &cm.metadata;
    w.w(0, format!("Name:\t{}\n", m.name.as_deref().unwrap_or("")));
    w.w(
        0,
        format!("Namespace:\t{}\n", m.namespace.as_deref().unwrap_or("")),
    );
    labels(w, "Labels", m.labels.as_ref());
    annotations(w, "Annotations", m.annotations.as_ref());
    w.w(0, "\nData\n====\n");
    for (k, v) in cm.data.iter().flatten() {
        w.w(0, format!("{k}:\n----\n"));
        w.w(0, format!("{v}\n"));
        w.w(0, "\n");
    }
    w.w(0, "\nBinaryData\n====\n");
    for (k, v) in cm.binary_data.iter().flatten() {
        w.w(0, format!("{k}: {} bytes\n", v.0.len()));
    }
    w.w(0, "\n");
}

fn secret(w: &mut W, s: &Secret) {
    let m = &s.metadata;
    w.w(0, format!("Name:\t{}\n", m.name.as_deref().unwrap_or("")));
    w.w(
        0,
        format!("Namespace:\t{}\n", m.namespace.as_deref().unwrap_or("")),
    );
    labels(w, "Labels", m.labels.as_ref());
    annotations(w, "Annotations", m.annotations.as_ref());
    w.w(
        0,
        format!("\nType:\t{}\n", s.type_.as_deref().unwrap_or("")),
    );
    w.w(0, "\nData\n====\n");
    let mut data: BTreeMap<String, usize> = BTreeMap::new();
    for (k, v) in s.data.iter().flatten() {
        data.insert(k.clone(), v.0.len());
    }
    for (k, v) in s.string_data.iter().flatten() {
        data.insert(k.clone(), v.len());
    }
    for (k, n) in data {
        w.w(0, format!("{k}:\t{n} bytes\n"));
    }
}

fn serviceaccount(w: &mut W, sa: &ServiceAccount) {
    let m = &sa.metadata;
    w.w(0, format!("Name:\t{}\n", m.name.as_deref().unwrap_or("")));
    w.w(
        0,
        format!("Namespace:\t{}\n", m.namespace.as_deref().unwrap_or("")),
    );
    labels(w, "Labels", m.labels.as_ref());
    annotations(w, "Annotations", m.annotations.as_ref());
    // The three lists in header order (upstream sorts the header strings); no token Secrets
    // exist on a modern cluster, so `Tokens` is always <none>.
    let pull: Vec<String> = sa
        .image_pull_secrets
        .iter()
        .flatten()
        .map(|s| s.name.clone())
        .collect();
    let mountable: Vec<String> = sa
        .secrets
        .iter()
        .flatten()
        .filter_map(|s| s.name.clone())
        .collect();
    for (header, names) in [
        ("Image pull secrets:", pull),
        ("Mountable secrets: ", mountable),
        ("Tokens:            ", Vec::new()),
    ] {
        if names.is_empty() {
            w.w(0, format!("{header}\t<none>\n"));
        } else {
            let mut prefix = header;
            for n in names {
                w.w(0, format!("{prefix}\t{n}\n"));
                prefix = "                   ";
            }
        }
    }
}

fn storageclass(w: &mut W, sc: &StorageClass) {
    let m = &sc.metadata;
    let ann = m.annotations.clone().unwrap_or_default();
    let default = match ann
        .get("storageclass.kubernetes.io/is-default-class")
        .or(ann.get("storageclass.beta.kubernetes.io/is-default-class"))
    {
        Some(v) if v == "true" => "Yes",
        _ => "No",
    };
    w.w(0, format!("Name:\t{}\n", m.name.as_deref().unwrap_or("")));
    w.w(0, format!("IsDefaultClass:\t{default}\n"));
    w.w(
        0,
        format!("Annotations:\t{}\n", super::table::format_labels(&ann)),
    );
    w.w(0, format!("Provisioner:\t{}\n", sc.provisioner));
    w.w(
        0,
        format!(
            "Parameters:\t{}\n",
            super::table::format_labels(&sc.parameters.clone().unwrap_or_default())
        ),
    );
    w.w(
        0,
        format!(
            "AllowVolumeExpansion:\t{}\n",
            sc.allow_volume_expansion
                .map(bool_title)
                .unwrap_or("<unset>")
        ),
    );
    match sc.mount_options.as_ref().filter(|v| !v.is_empty()) {
        None => w.w(0, "MountOptions:\t<none>\n"),
        Some(opts) => {
            w.w(0, "MountOptions:\n");
            for o in opts {
                w.w(1, format!("{o}\n"));
            }
        }
    }
    if let Some(r) = &sc.reclaim_policy {
        w.w(0, format!("ReclaimPolicy:\t{r}\n"));
    }
    if let Some(b) = &sc.volume_binding_mode {
        w.w(0, format!("VolumeBindingMode:\t{b}\n"));
    }
}

/// The generic describer for kinds without their own: name, namespace, labels, annotations.
fn generic(w: &mut W, o: &Object) {
    w.w(0, format!("Name:\t{}\n", o.name()));
    w.w(0, format!("Namespace:\t{}\n", o.namespace()));
    labels(w, "Labels", o.meta().labels.as_ref());
    annotations(w, "Annotations", o.meta().annotations.as_ref());
}

/// `findNodeRoles`.
fn node_roles(n: &Node) -> Vec<String> {
    let mut roles: Vec<String> = Vec::new();
    for (k, v) in n.metadata.labels.iter().flatten() {
        if let Some(r) = k.strip_prefix("node-role.kubernetes.io/") {
            if !r.is_empty() {
                roles.push(r.to_string());
            }
        } else if k == "kubernetes.io/role" && !v.is_empty() {
            roles.push(v.clone());
        }
    }
    roles.sort();
    roles.dedup();
    roles
}

/// Sum of quantities, formatted like the first one (`Quantity.Add`).
fn sum_qty(qs: &[String]) -> Option<Q> {
    let mut it = qs.iter().filter_map(|s| Q::parse(s).ok());
    let first = it.next()?;
    let fmt = first.format();
    let total: i128 = first.nanos() + it.map(|q| q.nanos()).sum::<i128>();
    Some(Q::from_nanos(total, fmt))
}

/// `resourcehelper.PodRequests` / `PodLimits` for one resource: containers summed, then the
/// largest init container if that is more.
fn pod_resource(p: &Pod, resource: &str, limits: bool) -> Option<Q> {
    let spec = p.spec.as_ref()?;
    let get = |c: &Container| -> Option<String> {
        let r = c.resources.as_ref()?;
        let l = if limits { &r.limits } else { &r.requests };
        l.as_ref()?.get(resource).map(|q| q.0.clone())
    };
    let main: Vec<String> = spec.containers.iter().filter_map(|c| get(c)).collect();
    let mut total = sum_qty(&main);
    for ic in spec.init_containers.iter().flatten() {
        if let Some(v) = get(ic).and_then(|s| Q::parse(&s).ok())
            && total.as_ref().is_none_or(|t| v.nanos() > t.nanos())
        {
            total = Some(v);
        }
    }
    total
}

fn pct(v: Option<&Q>, alloc: Option<&Q>, milli: bool) -> i64 {
    let (Some(v), Some(a)) = (v, alloc) else {
        return 0;
    };
    let (num, den) = if milli {
        (v.milli_value() as f64, a.milli_value() as f64)
    } else {
        (v.value() as f64, a.value() as f64)
    };
    if den == 0.0 {
        return 0;
    }
    (num / den * 100.0) as i64
}

fn qstr(v: Option<&Q>) -> String {
    v.map(|q| q.to_string()).unwrap_or_else(|| "0".into())
}

fn node(w: &mut W, c: &Cluster, n: &Node) {
    let m = &n.metadata;
    let name = m.name.clone().unwrap_or_default();
    let spec = n.spec.clone().unwrap_or_default();
    let status = n.status.clone().unwrap_or_default();
    w.w(0, format!("Name:\t{name}\n"));
    let roles = node_roles(n);
    if roles.is_empty() {
        w.w(0, "Roles:\t<none>\n");
    } else {
        w.w(0, format!("Roles:\t{}\n", roles.join(",")));
    }
    labels(w, "Labels", m.labels.as_ref());
    annotations(w, "Annotations", m.annotations.as_ref());
    w.w(
        0,
        format!(
            "CreationTimestamp:\t{}\n",
            date(m.creation_timestamp.as_ref())
        ),
    );
    w.w(0, "Taints:\t");
    let mut taints = spec.taints.clone().unwrap_or_default();
    if taints.is_empty() {
        w.line("<none>");
    } else {
        taints.sort_by(|a, b| {
            format!("{},{}", a.effect, a.key).cmp(&format!("{},{}", b.effect, b.key))
        });
        for (i, t) in taints.iter().enumerate() {
            if i != 0 {
                w.w(0, "\t");
            }
            match t.value.as_ref().filter(|v| !v.is_empty()) {
                Some(v) => w.w(0, format!("{}={v}:{}\n", t.key, t.effect)),
                None => w.w(0, format!("{}:{}\n", t.key, t.effect)),
            }
        }
    }
    w.w(
        0,
        format!("Unschedulable:\t{}\n", spec.unschedulable.unwrap_or(false)),
    );
    // The node's Lease in kube-node-lease: held by the kubelet, renewed every 10s while it runs.
    let created = m.creation_timestamp.as_ref().map(|t| t.0).unwrap_or(w.now);
    let renew = match c.runtime.failed_nodes.get(&name) {
        Some(since) => *since,
        None => {
            let secs = w.now.duration_since(created).as_secs().max(0);
            created + jiff::SignedDuration::from_secs(secs - secs % 10)
        }
    };
    w.w(0, "Lease:\n");
    w.w(1, format!("HolderIdentity:\t{name}\n"));
    w.w(1, "AcquireTime:\t<unset>\n");
    w.w(1, format!("RenewTime:\t{}\n", rfc1123z(renew)));
    if let Some(conds) = status.conditions.as_ref().filter(|c| !c.is_empty()) {
        w.w(
            0,
            "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n",
        );
        w.w(
            1,
            "----\t------\t-----------------\t------------------\t------\t-------\n",
        );
        for cd in conds {
            w.w(
                1,
                format!(
                    "{} \t{} \t{} \t{} \t{} \t{}\n",
                    cd.type_,
                    cd.status,
                    date(cd.last_heartbeat_time.as_ref()),
                    date(cd.last_transition_time.as_ref()),
                    cd.reason.as_deref().unwrap_or(""),
                    cd.message.as_deref().unwrap_or("")
                ),
            );
        }
    }
    w.w(0, "Addresses:\n");
    for a in status.addresses.iter().flatten() {
        w.w(1, format!("{}:\t{}\n", a.type_, a.address));
    }
    let parse_list = |l: &Option<BTreeMap<String, Quantity>>| -> BTreeMap<String, Q> {
        l.iter()
            .flatten()
            .filter_map(|(k, v)| Q::parse(&v.0).ok().map(|q| (k.clone(), q)))
            .collect()
    };
    let capacity = parse_list(&status.capacity);
    let mut allocatable = parse_list(&status.allocatable);
    for (title, list) in [("Capacity", &capacity), ("Allocatable", &allocatable)] {
        if !list.is_empty() {
            w.w(0, format!("{title}:\n"));
            for (k, v) in list {
                w.w(0, format!("  {k}:\t{v}\n"));
            }
        }
    }
    let info = status.node_info.clone().unwrap_or_default();
    w.w(0, "System Info:\n");
    w.w(0, format!("  Machine ID:\t{}\n", info.machine_id));
    w.w(0, format!("  System UUID:\t{}\n", info.system_uuid));
    w.w(0, format!("  Boot ID:\t{}\n", info.boot_id));
    w.w(0, format!("  Kernel Version:\t{}\n", info.kernel_version));
    w.w(0, format!("  OS Image:\t{}\n", info.os_image));
    w.w(
        0,
        format!("  Operating System:\t{}\n", info.operating_system),
    );
    w.w(0, format!("  Architecture:\t{}\n", info.architecture));
    w.w(
        0,
        format!(
            "  Container Runtime Version:\t{}\n",
            info.container_runtime_version
        ),
    );
    w.w(0, format!("  Kubelet Version:\t{}\n", info.kubelet_version));
    if let Some(cidr) = spec.pod_cidr.as_ref().filter(|s| !s.is_empty()) {
        w.w(0, format!("PodCIDR:\t{cidr}\n"));
    }
    if let Some(cidrs) = spec.pod_cidrs.as_ref().filter(|v| !v.is_empty()) {
        w.w(0, format!("PodCIDRs:\t{}\n", cidrs.join(",")));
    }
    if let Some(pid) = spec.provider_id.as_ref().filter(|s| !s.is_empty()) {
        w.w(0, format!("ProviderID:\t{pid}\n"));
    }
    // describeNodeResource: pods bound here that have not terminated.
    let pods: Vec<&Pod> = c
        .store
        .list_typed::<Pod>(None)
        .filter(|p| {
            p.spec.as_ref().and_then(|s| s.node_name.as_deref()) == Some(name.as_str())
                && !matches!(
                    p.status.as_ref().and_then(|s| s.phase.as_deref()),
                    Some("Succeeded" | "Failed")
                )
        })
        .collect();
    if allocatable.is_empty() {
        allocatable = capacity.clone();
    }
    let cpu_alloc = allocatable.get("cpu");
    let mem_alloc = allocatable.get("memory");
    w.w(
        0,
        format!("Non-terminated Pods:\t({} in total)\n", pods.len()),
    );
    w.w(
        1,
        "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n",
    );
    w.w(
        1,
        "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n",
    );
    let mut totals: BTreeMap<(&str, bool), Vec<String>> = BTreeMap::new();
    for p in &pods {
        let cr = pod_resource(p, "cpu", false);
        let cl = pod_resource(p, "cpu", true);
        let mr = pod_resource(p, "memory", false);
        let ml = pod_resource(p, "memory", true);
        w.w(
            1,
            format!(
                "{}\t{}\t\t{} ({}%)\t{} ({}%)\t{} ({}%)\t{} ({}%)\t{}\n",
                p.metadata.namespace.as_deref().unwrap_or(""),
                p.metadata.name.as_deref().unwrap_or(""),
                qstr(cr.as_ref()),
                pct(cr.as_ref(), cpu_alloc, true),
                qstr(cl.as_ref()),
                pct(cl.as_ref(), cpu_alloc, true),
                qstr(mr.as_ref()),
                pct(mr.as_ref(), mem_alloc, false),
                qstr(ml.as_ref()),
                pct(ml.as_ref(), mem_alloc, false),
                w.age(p.metadata.creation_timestamp.as_ref())
            ),
        );
        for res in ["cpu", "memory", "ephemeral-storage"] {
            for lim in [false, true] {
                if let Some(q) = pod_resource(p, res, lim) {
                    totals.entry((res, lim)).or_default().push(q.to_string());
                }
            }
        }
    }
    w.w(
        0,
        "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n",
    );
    w.w(1, "Resource\tRequests\tLimits\n");
    w.w(1, "--------\t--------\t------\n");
    for (res, milli) in [
        ("cpu", true),
        ("memory", false),
        ("ephemeral-storage", false),
    ] {
        let req = totals.get(&(res, false)).and_then(|v| sum_qty(v));
        let lim = totals.get(&(res, true)).and_then(|v| sum_qty(v));
        let alloc = allocatable.get(res);
        w.w(
            1,
            format!(
                "{res}\t{} ({}%)\t{} ({}%)\n",
                qstr(req.as_ref()),
                pct(req.as_ref(), alloc, milli),
                qstr(lim.as_ref()),
                pct(lim.as_ref(), alloc, milli)
            ),
        );
    }
    for (res, alloc) in &allocatable {
        if res.starts_with("hugepages-") {
            let zero = Q::from_value(0, Format::DecimalSI);
            let _ = alloc;
            w.w(1, format!("{res}\t{zero} (0%)\t{zero} (0%)\n"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::core::v1::{EventSource, ObjectReference};

    fn ev(reason: &str, first: i64, last: i64, count: i32) -> Event {
        let t0 = Timestamp::from_second(1_736_154_000).unwrap();
        Event {
            type_: Some("Normal".into()),
            reason: Some(reason.into()),
            message: Some(format!("  {reason} happened \n")),
            count: Some(count),
            first_timestamp: Some(Time(t0 + jiff::SignedDuration::from_secs(first))),
            last_timestamp: Some(Time(t0 + jiff::SignedDuration::from_secs(last))),
            source: Some(EventSource {
                component: Some("kubelet".into()),
                host: None,
            }),
            involved_object: ObjectReference::default(),
            ..Default::default()
        }
    }

    /// `DescribeEvents` (describe.go): a repeated event shows `LAST (xCOUNT over FIRST)`, a
    /// single one its age; messages are trimmed; rows are sorted by last time seen.
    #[test]
    fn events_aggregate_repeats_and_sort_by_last_seen() {
        let now = Timestamp::from_second(1_736_154_000 + 300).unwrap();
        let mut w = W::new(now);
        let events = vec![ev("BackOff", 10, 290, 5), ev("Pulled", 5, 5, 1)];
        describe_events(&mut w, &events);
        let s = w.finish();
        assert_eq!(
            s,
            "Events:\n  Type    Reason   Age                  From     Message\n  ----    ------   ----                 ----     -------\n  Normal  Pulled   4m55s                kubelet  Pulled happened\n  Normal  BackOff  10s (x5 over 4m50s)  kubelet  BackOff happened\n"
        );
        let mut w = W::new(now);
        describe_events(&mut w, &[]);
        assert_eq!(w.finish(), "Events:  <none>\n");
    }

    #[test]
    fn tabwriter_blocks_end_at_lines_without_tabs() {
        let s = tabwrite("Name:\tweb\nNamespace:\tdefault\nContainers:\n  a:\tb\n", 2);
        assert_eq!(
            s,
            "Name:       web\nNamespace:  default\nContainers:\n  a:  b\n"
        );
    }

    #[test]
    fn dates_use_rfc1123z() {
        let t = Timestamp::from_second(1_736_154_000).unwrap();
        assert_eq!(rfc1123z(t), "Mon, 06 Jan 2025 09:00:00 +0000");
    }

    #[test]
    fn indexes_are_capped() {
        assert_eq!(cap_indexes("", 50), "<none>");
        assert_eq!(cap_indexes("0-3", 50), "0-3");
        assert_eq!(cap_indexes("1,3,5,7", 2), "1,3,...");
    }
}
