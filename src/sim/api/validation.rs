//! API-server validation of the objects the simulator stores, producing the same field errors
//! (paths, values, messages, order) as the real API server.
//!
//! Ports (partial, focused on what learners get wrong) of:
//! - `pkg/apis/core/validation/validation.go` (object meta, pod spec, containers, volumes,
//!   resources, Service, PersistentVolumeClaim),
//! - `k8s.io/apimachinery/pkg/util/validation/validation.go` (DNS names, label keys/values,
//!   port names, percentages),
//! - `k8s.io/apimachinery/pkg/apis/meta/v1/validation` (labels, label selectors),
//! - `pkg/apis/apps/validation/validation.go` (StatefulSet, Deployment, ReplicaSet, DaemonSet),
//! - `pkg/apis/batch/validation/validation.go` (Job, CronJob).
//!
//! All functions expect *defaulted* objects (see `crate::sim::api::defaults`), as upstream
//! validation runs after defaulting; Jobs additionally after `job_generate_selector`.

use std::collections::{BTreeMap, BTreeSet};

use crate::sim::pod::Pod;
use k8s_openapi::api::apps::v1::{DaemonSet, Deployment, ReplicaSet, StatefulSet};
use k8s_openapi::api::batch::v1::{CronJob, Job, JobSpec};
use k8s_openapi::api::core::v1::{
    PersistentVolumeClaim, PersistentVolumeClaimSpec, PodSpec, PodTemplateSpec,
    ResourceRequirements, Service,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use serde_json::{Value, json};

use crate::sim::api::errors::{BadValue, FieldError, child, go_json, go_quote, index, key};

type Labels = BTreeMap<String, String>;

/// Detail of `ValidateNonnegativeField`.
pub const NONNEGATIVE_MSG: &str = "must be greater than or equal to 0";
/// `apimachineryvalidation.FieldImmutableErrorMsg`.
pub const IMMUTABLE_MSG: &str = "field is immutable";

// ---------------------------------------------------------------------------------------------
// apimachinery/pkg/util/validation: names, labels, ports
// ---------------------------------------------------------------------------------------------

/// `validation.RegexError` (with its double space between examples).
fn regex_error(msg: &str, fmt: &str, examples: &[&str]) -> String {
    if examples.is_empty() {
        return format!("{msg} (regex used for validation is '{fmt}')");
    }
    let mut out = format!("{msg} (e.g. ");
    for (i, e) in examples.iter().enumerate() {
        if i > 0 {
            out.push_str(" or ");
        }
        out.push_str(&format!("'{e}', "));
    }
    out.push_str(&format!("regex used for validation is '{fmt}')"));
    out
}

/// `validation.MaxLenError`.
fn max_len_error(n: usize) -> String {
    format!("must be no more than {n} characters")
}

const DNS1123_LABEL_FMT: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_SUBDOMAIN_FMT: &str =
    "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
const DNS1035_LABEL_FMT: &str = "[a-z]([-a-z0-9]*[a-z0-9])?";
const QUALIFIED_NAME_FMT: &str = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const LABEL_VALUE_FMT: &str = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";

fn is_lower_alnum(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

fn matches_dns1123_label(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| is_lower_alnum(c) || c == '-')
        && s.chars().next().is_some_and(is_lower_alnum)
        && s.chars().last().is_some_and(is_lower_alnum)
}

fn matches_dns1123_subdomain(s: &str) -> bool {
    s.split('.').all(matches_dns1123_label)
}

fn matches_qualified_name_part(s: &str) -> bool {
    let alnum = |c: char| c.is_ascii_alphanumeric();
    !s.is_empty()
        && s.chars()
            .all(|c| alnum(c) || c == '-' || c == '_' || c == '.')
        && s.chars().next().is_some_and(alnum)
        && s.chars().last().is_some_and(alnum)
}

/// `validation.IsDNS1123Label`.
pub fn is_dns1123_label(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > 63 {
        errs.push(max_len_error(63));
    }
    if !matches_dns1123_label(value) {
        if matches_dns1123_subdomain(value) {
            errs.push("must not contain dots".to_string());
        } else {
            errs.push(regex_error(
                "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
                DNS1123_LABEL_FMT,
                &["my-name", "123-abc"],
            ));
        }
    }
    errs
}

/// `validation.IsDNS1123Subdomain`.
pub fn is_dns1123_subdomain(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > 253 {
        errs.push(max_len_error(253));
    }
    if !matches_dns1123_subdomain(value) {
        errs.push(regex_error(
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
            DNS1123_SUBDOMAIN_FMT,
            &["example.com"],
        ));
    }
    errs
}

/// `validation.IsDNS1035Label`.
pub fn is_dns1035_label(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > 63 {
        errs.push(max_len_error(63));
    }
    let ok = !value.is_empty()
        && value.chars().all(|c| is_lower_alnum(c) || c == '-')
        && value.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && value.chars().last().is_some_and(is_lower_alnum);
    if !ok {
        errs.push(regex_error(
            "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
            DNS1035_LABEL_FMT,
            &["my-name", "abc-123"],
        ));
    }
    errs
}

/// `validation.IsQualifiedName` (label keys).
pub fn is_qualified_name(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    let qname_msg = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    let parts: Vec<&str> = value.split('/').collect();
    let name = match parts.as_slice() {
        [n] => *n,
        [prefix, n] => {
            if prefix.is_empty() {
                errs.push("prefix part must be non-empty".to_string());
            } else {
                for m in is_dns1123_subdomain(prefix) {
                    errs.push(format!("prefix part {m}"));
                }
            }
            *n
        }
        _ => {
            errs.push(format!(
                "a qualified name {} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
                regex_error(qname_msg, QUALIFIED_NAME_FMT, &["MyName", "my.name", "123-abc"])
            ));
            return errs;
        }
    };
    if name.is_empty() {
        errs.push("name part must be non-empty".to_string());
    } else if name.len() > 63 {
        errs.push(format!("name part {}", max_len_error(63)));
    }
    if !matches_qualified_name_part(name) {
        errs.push(format!(
            "name part {}",
            regex_error(
                qname_msg,
                QUALIFIED_NAME_FMT,
                &["MyName", "my.name", "123-abc"]
            )
        ));
    }
    errs
}

/// `validation.IsValidLabelValue`.
pub fn is_valid_label_value(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > 63 {
        errs.push(max_len_error(63));
    }
    if !value.is_empty() && !matches_qualified_name_part(value) {
        errs.push(regex_error(
            "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
            LABEL_VALUE_FMT,
            &["MyValue", "my_value", "12345"],
        ));
    }
    errs
}

/// `validation.IsValidPortName` (IANA_SVC_NAME).
pub fn is_valid_port_name(port: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if port.len() > 15 {
        errs.push("must be no more than 15 characters".to_string());
    }
    if !port
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        errs.push(
            "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)".to_string(),
        );
    }
    if !port.chars().any(|c| c.is_ascii_lowercase()) {
        errs.push("must contain at least one letter (a-z)".to_string());
    }
    if port.contains("--") {
        errs.push("must not contain consecutive hyphens".to_string());
    }
    if port.starts_with('-') || port.ends_with('-') {
        errs.push("must not begin or end with a hyphen".to_string());
    }
    errs
}

/// `validation.IsValidPortNum` message.
fn port_range_msg() -> String {
    "must be between 1 and 65535, inclusive".to_string()
}

/// `validation.IsValidPercent`.
fn is_valid_percent(s: &str) -> Vec<String> {
    let ok = s
        .strip_suffix('%')
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    if ok {
        Vec::new()
    } else {
        vec![regex_error(
            "a valid percent string must be a numeric string followed by an ending '%'",
            "[0-9]+%",
            &["1%", "93%"],
        )]
    }
}

/// The name rule of a kind (`ValidateObjectMeta`'s `nameFn`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameRule {
    /// `NameIsDNSSubdomain` (Pod, Deployment, ReplicaSet, DaemonSet, Job, CronJob, PVC).
    Dns1123Subdomain,
    /// `NameIsDNSLabel` (StatefulSet, Namespace).
    Dns1123Label,
    /// `NameIsDNS1035Label` (Service).
    Dns1035Label,
}

fn name_msgs(rule: NameRule, name: &str, prefix: bool) -> Vec<String> {
    // maskTrailingDash: a generateName prefix may end with '-'.
    let masked;
    let name = if prefix && name.len() > 1 && name.ends_with('-') {
        masked = format!("{}a", &name[..name.len() - 1]);
        masked.as_str()
    } else {
        name
    };
    match rule {
        NameRule::Dns1123Subdomain => is_dns1123_subdomain(name),
        NameRule::Dns1123Label => is_dns1123_label(name),
        NameRule::Dns1035Label => is_dns1035_label(name),
    }
}

// ---------------------------------------------------------------------------------------------
// Object meta, labels, selectors
// ---------------------------------------------------------------------------------------------

/// `ValidateLabels`: every key a qualified name, every value a valid label value.
pub fn validate_labels(labels: Option<&Labels>, path: &str) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for (k, v) in labels.into_iter().flatten() {
        for m in is_qualified_name(k) {
            errs.push(FieldError::invalid(path, k, m));
        }
        for m in is_valid_label_value(v) {
            errs.push(FieldError::invalid(path, v, m));
        }
    }
    errs
}

/// `ValidateObjectMeta` for namespaced objects: name (or generateName) by the kind's rule,
/// namespace (when set) as a DNS label, labels.
pub fn validate_object_meta(meta: &ObjectMeta, rule: NameRule) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if let Some(gn) = meta.generate_name.as_deref().filter(|g| !g.is_empty()) {
        for m in name_msgs(rule, gn, true) {
            errs.push(FieldError::invalid("metadata.generateName", gn, m));
        }
    }
    match meta.name.as_deref() {
        None | Some("") => errs.push(FieldError::required(
            "metadata.name",
            "name or generateName is required",
        )),
        Some(n) => {
            for m in name_msgs(rule, n, false) {
                errs.push(FieldError::invalid("metadata.name", n, m));
            }
        }
    }
    if let Some(ns) = meta.namespace.as_deref().filter(|n| !n.is_empty()) {
        for m in is_dns1123_label(ns) {
            errs.push(FieldError::invalid("metadata.namespace", ns, m));
        }
    }
    errs.extend(validate_labels(meta.labels.as_ref(), "metadata.labels"));
    errs
}

/// `ValidateObjectMetaUpdate` (the parts a user can get wrong): name and namespace immutable.
pub fn validate_object_meta_update(new: &ObjectMeta, old: &ObjectMeta) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if new.name != old.name {
        errs.push(FieldError::invalid(
            "metadata.name",
            new.name.clone().unwrap_or_default(),
            IMMUTABLE_MSG,
        ));
    }
    if new.namespace != old.namespace {
        errs.push(FieldError::invalid(
            "metadata.namespace",
            new.namespace.clone().unwrap_or_default(),
            IMMUTABLE_MSG,
        ));
    }
    errs.extend(validate_labels(new.labels.as_ref(), "metadata.labels"));
    errs
}

/// True when a k8s-openapi selector stands for a nil Go selector (k8s-openapi defaults a missing
/// required `selector` to an empty struct).
pub fn selector_is_nil(sel: &LabelSelector) -> bool {
    sel.match_labels.is_none() && sel.match_expressions.is_none()
}

fn selector_is_empty(sel: &LabelSelector) -> bool {
    sel.match_labels.as_ref().is_none_or(|m| m.is_empty())
        && sel.match_expressions.as_ref().is_none_or(|m| m.is_empty())
}

/// Go JSON of a `metav1.LabelSelector` (omitempty fields dropped).
pub fn selector_json(sel: &LabelSelector) -> Value {
    let mut obj = serde_json::Map::new();
    if let Some(ml) = sel.match_labels.as_ref().filter(|m| !m.is_empty()) {
        obj.insert("matchLabels".into(), json!(ml));
    }
    if let Some(me) = sel.match_expressions.as_ref().filter(|m| !m.is_empty()) {
        let exprs: Vec<Value> = me
            .iter()
            .map(|r| {
                let mut o = serde_json::Map::new();
                o.insert("key".into(), json!(r.key));
                o.insert("operator".into(), json!(r.operator));
                if let Some(v) = r.values.as_ref().filter(|v| !v.is_empty()) {
                    o.insert("values".into(), json!(v));
                }
                Value::Object(o)
            })
            .collect();
        obj.insert("matchExpressions".into(), Value::Array(exprs));
    }
    Value::Object(obj)
}

/// Go JSON of a label map as a `field.Invalid` value (`null` for a nil map).
fn labels_json(labels: Option<&Labels>) -> Value {
    match labels {
        Some(l) => json!(l),
        None => Value::Null,
    }
}

/// `ValidateLabelSelector` (strict label values).
pub fn validate_label_selector(sel: &LabelSelector, path: &str) -> Vec<FieldError> {
    let mut errs = validate_labels(sel.match_labels.as_ref(), &child(path, "matchLabels"));
    for (i, r) in sel.match_expressions.iter().flatten().enumerate() {
        let p = index(&child(path, "matchExpressions"), i);
        let nvalues = r.values.as_ref().map_or(0, Vec::len);
        match r.operator.as_str() {
            "In" | "NotIn" => {
                if nvalues == 0 {
                    errs.push(FieldError::required(
                        child(&p, "values"),
                        "must be specified when `operator` is 'In' or 'NotIn'",
                    ));
                }
            }
            "Exists" | "DoesNotExist" => {
                if nvalues > 0 {
                    errs.push(FieldError::forbidden(
                        child(&p, "values"),
                        "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                    ));
                }
            }
            op => errs.push(FieldError::invalid(
                child(&p, "operator"),
                op,
                "not a valid selector operator",
            )),
        }
        for m in is_qualified_name(&r.key) {
            errs.push(FieldError::invalid(child(&p, "key"), &r.key, m));
        }
        for (vi, v) in r.values.iter().flatten().enumerate() {
            for m in is_valid_label_value(v) {
                errs.push(FieldError::invalid(index(&child(&p, "values"), vi), v, m));
            }
        }
    }
    errs
}

/// A parsed `labels.Selector`: `Nothing` for a nil selector, otherwise requirements.
enum Selector {
    Nothing,
    Reqs(Vec<(String, String, Vec<String>)>),
}

/// `metav1.LabelSelectorAsSelector`; `Err` when the selector cannot be converted.
fn selector_as_selector(sel: &LabelSelector) -> Result<Selector, ()> {
    if selector_is_nil(sel) {
        return Ok(Selector::Nothing);
    }
    let mut reqs = Vec::new();
    for (k, v) in sel.match_labels.iter().flatten() {
        if !is_qualified_name(k).is_empty() || !is_valid_label_value(v).is_empty() {
            return Err(());
        }
        reqs.push((k.clone(), "In".to_string(), vec![v.clone()]));
    }
    for r in sel.match_expressions.iter().flatten() {
        let values = r.values.clone().unwrap_or_default();
        match r.operator.as_str() {
            "In" | "NotIn" if values.is_empty() => return Err(()),
            "Exists" | "DoesNotExist" if !values.is_empty() => return Err(()),
            "In" | "NotIn" | "Exists" | "DoesNotExist" => {}
            _ => return Err(()),
        }
        if !is_qualified_name(&r.key).is_empty()
            || values.iter().any(|v| !is_valid_label_value(v).is_empty())
        {
            return Err(());
        }
        reqs.push((r.key.clone(), r.operator.clone(), values));
    }
    Ok(Selector::Reqs(reqs))
}

impl Selector {
    fn is_empty(&self) -> bool {
        matches!(self, Selector::Reqs(r) if r.is_empty())
    }

    fn matches(&self, labels: Option<&Labels>) -> bool {
        let Selector::Reqs(reqs) = self else {
            return false;
        };
        reqs.iter().all(|(k, op, values)| {
            let got = labels.and_then(|l| l.get(k));
            match op.as_str() {
                "In" => got.is_some_and(|g| values.contains(g)),
                "NotIn" => got.is_none_or(|g| !values.contains(g)),
                "Exists" => got.is_some(),
                "DoesNotExist" => got.is_none(),
                _ => false,
            }
        })
    }
}

/// Whether a label selector selects the given labels (`LabelSelectorAsSelector` + `Matches`);
/// a nil or unconvertible selector selects nothing, an empty one everything.
pub fn selector_matches(sel: &LabelSelector, labels: Option<&Labels>) -> bool {
    match selector_as_selector(sel) {
        Ok(s) => s.is_empty() || s.matches(labels),
        Err(()) => false,
    }
}

fn template_labels(t: &PodTemplateSpec) -> Option<&Labels> {
    t.metadata.as_ref().and_then(|m| m.labels.as_ref())
}

fn mismatch_error(path: &str, t: &PodTemplateSpec) -> FieldError {
    FieldError::invalid(
        child(path, "metadata.labels"),
        labels_json(template_labels(t)),
        "`selector` does not match template `labels`",
    )
}

// ---------------------------------------------------------------------------------------------
// Quantities
// ---------------------------------------------------------------------------------------------

/// Parses a `resource.Quantity` string into its value (as f64, enough for comparisons).
/// `None` when it does not match `^([+-]?[0-9.]+)([eEinumkKMGTPE]*[-+]?[0-9]*)$` semantics.
pub fn parse_quantity(s: &str) -> Option<f64> {
    let s = s.trim();
    let num_end = s
        .char_indices()
        .find(|(i, c)| !(c.is_ascii_digit() || *c == '.' || (*i == 0 && (*c == '+' || *c == '-'))))
        .map_or(s.len(), |(i, _)| i);
    let (num, suffix) = s.split_at(num_end);
    if num.is_empty() || num == "+" || num == "-" || num.matches('.').count() > 1 {
        return None;
    }
    let base: f64 = num.parse().ok()?;
    let mult = match suffix {
        "" => 1.0,
        "n" => 1e-9,
        "u" => 1e-6,
        "m" => 1e-3,
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "P" => 1e15,
        "E" => 1e18,
        "Ki" => 1024.0,
        "Mi" => 1024f64.powi(2),
        "Gi" => 1024f64.powi(3),
        "Ti" => 1024f64.powi(4),
        "Pi" => 1024f64.powi(5),
        "Ei" => 1024f64.powi(6),
        _ => {
            let exp = suffix.strip_prefix(['e', 'E'])?;
            10f64.powi(exp.parse::<i32>().ok()?)
        }
    };
    Some(base * mult)
}

fn is_standard_container_resource(name: &str) -> bool {
    matches!(name, "cpu" | "memory" | "ephemeral-storage") || name.starts_with("hugepages-")
}

/// `ValidateResourceRequirements` for a container: names, non-negative values, requests not
/// above limits.
fn validate_resources(res: &ResourceRequirements, path: &str) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let lim_path = child(path, "limits");
    let req_path = child(path, "requests");
    let check_name = |name: &str, p: &str, errs: &mut Vec<FieldError>| {
        if !name.contains('/') && !is_standard_container_resource(name) {
            errs.push(FieldError::invalid(
                p,
                name,
                "must be a standard resource for containers",
            ));
        }
    };
    let check_value = |q: &str, p: &str, errs: &mut Vec<FieldError>| {
        if parse_quantity(q).is_some_and(|v| v < 0.0) {
            errs.push(FieldError::invalid(p, q, NONNEGATIVE_MSG));
        }
    };
    for (name, q) in res.limits.iter().flatten() {
        let p = key(&lim_path, name);
        check_name(name, &p, &mut errs);
        check_value(&q.0, &p, &mut errs);
    }
    for (name, q) in res.requests.iter().flatten() {
        let p = key(&req_path, name);
        check_name(name, &p, &mut errs);
        check_value(&q.0, &p, &mut errs);
        if let Some(limit) = res.limits.as_ref().and_then(|l| l.get(name))
            && let (Some(r), Some(l)) = (parse_quantity(&q.0), parse_quantity(&limit.0))
            && r > l
        {
            errs.push(FieldError::invalid(
                &req_path,
                &q.0,
                format!("must be less than or equal to {name} limit of {}", limit.0),
            ));
        }
    }
    errs
}

// ---------------------------------------------------------------------------------------------
// Pod spec
// ---------------------------------------------------------------------------------------------

fn validate_container(
    c: &crate::sim::pod::Container,
    path: &dyn Fn() -> String,
    volumes: &BTreeSet<String>,
    all_names: &mut BTreeSet<String>,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let name_path = || child(&path(), "name");
    if c.name.is_empty() {
        errs.push(FieldError::required(name_path(), ""));
    } else {
        for m in is_dns1123_label(&c.name) {
            errs.push(FieldError::invalid(name_path(), &c.name, m));
        }
    }
    if !c.name.is_empty() && !all_names.insert(c.name.clone()) {
        errs.push(FieldError::duplicate(name_path(), &c.name));
    }
    let image = c.image.as_deref().unwrap_or("");
    if image.is_empty() {
        errs.push(FieldError::required(child(&path(), "image"), ""));
    } else if image.trim() != image {
        errs.push(FieldError::invalid(
            child(&path(), "image"),
            image,
            "must not have leading or trailing whitespace",
        ));
    }
    // validateContainerPorts
    let mut port_names = BTreeSet::new();
    for (i, p) in c.ports.iter().flatten().enumerate() {
        let pp = || index(&child(&path(), "ports"), i);
        if let Some(n) = p.name.as_deref().filter(|n| !n.is_empty()) {
            let msgs = is_valid_port_name(n);
            if !msgs.is_empty() {
                for m in msgs {
                    errs.push(FieldError::invalid(child(&pp(), "name"), n, m));
                }
            } else if !port_names.insert(n.to_string()) {
                errs.push(FieldError::duplicate(child(&pp(), "name"), n));
            }
        }
        if p.container_port == 0 {
            errs.push(FieldError::required(child(&pp(), "containerPort"), ""));
        } else if !(1..=65535).contains(&p.container_port) {
            errs.push(FieldError::invalid(
                child(&pp(), "containerPort"),
                p.container_port,
                port_range_msg(),
            ));
        }
        if let Some(hp) = p.host_port.filter(|h| *h != 0)
            && !(1..=65535).contains(&hp)
        {
            errs.push(FieldError::invalid(
                child(&pp(), "hostPort"),
                hp,
                port_range_msg(),
            ));
        }
        match p.protocol.as_deref().unwrap_or("") {
            "" => errs.push(FieldError::required(child(&pp(), "protocol"), "")),
            "TCP" | "UDP" | "SCTP" => {}
            other => errs.push(FieldError::not_supported(
                child(&pp(), "protocol"),
                other,
                &["SCTP", "TCP", "UDP"],
            )),
        }
    }
    // validateVolumeMounts
    let mut mount_points = BTreeSet::new();
    for (i, m) in c.volume_mounts.iter().flatten().enumerate() {
        let mp = || index(&child(&path(), "volumeMounts"), i);
        if m.name.is_empty() {
            errs.push(FieldError::required(child(&mp(), "name"), ""));
        }
        if !volumes.contains(&m.name) {
            errs.push(FieldError::not_found(child(&mp(), "name"), &m.name));
        }
        if m.mount_path.is_empty() {
            errs.push(FieldError::required(child(&mp(), "mountPath"), ""));
        }
        if !mount_points.insert(m.mount_path.clone()) {
            errs.push(FieldError::invalid(
                child(&mp(), "mountPath"),
                &m.mount_path,
                "must be unique",
            ));
        }
    }
    if let Some(res) = &c.resources {
        errs.extend(validate_resources(res, &child(&path(), "resources")));
    }
    errs
}

/// `ValidatePodSpec` (common subset). `extra_volumes` are volume names that exist implicitly
/// (a StatefulSet's volume claim templates). A template's spec is checked as a pod's is, in the
/// form the store keeps pods in (see [`validate_stored_pod_spec`]).
pub fn validate_pod_spec(spec: &PodSpec, path: &str, extra_volumes: &[String]) -> Vec<FieldError> {
    let stored = crate::sim::pod::PodSpec::from(spec.clone());
    validate_stored_pod_spec(&stored, path, extra_volumes)
}

/// [`validate_pod_spec`] of a spec in the form the store keeps pods in (mounts and volume names
/// apart from the parts a workload's pods share), so that creating a pod does not copy its spec
/// into the API's types to check it.
fn validate_stored_pod_spec(
    spec: &crate::sim::pod::PodSpec,
    path: &str,
    extra_volumes: &[String],
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    // ValidateVolumes
    let mut volumes: BTreeSet<String> = BTreeSet::new();
    for (i, v) in spec.volumes.iter().flatten().enumerate() {
        let (name, source) = (v.name.as_str(), &*v.source);
        let vp = || index(&child(path, "volumes"), i);
        if name.is_empty() {
            errs.push(FieldError::required(child(&vp(), "name"), ""));
        } else {
            for m in is_dns1123_label(name) {
                errs.push(FieldError::invalid(child(&vp(), "name"), name, m));
            }
            if !volumes.insert(name.to_string()) {
                errs.push(FieldError::duplicate(child(&vp(), "name"), name));
            }
        }
        if let Some(pvc) = &source.persistent_volume_claim
            && pvc.claim_name.is_empty()
        {
            errs.push(FieldError::required(
                child(&child(&vp(), "persistentVolumeClaim"), "claimName"),
                "",
            ));
        }
    }
    volumes.extend(extra_volumes.iter().cloned());
    // validateContainers / validateInitContainers
    let mut all_names = BTreeSet::new();
    // Field paths are written out only for the errors that name them.
    if spec.containers.is_empty() {
        errs.push(FieldError::required(child(path, "containers"), ""));
    }
    for (i, c) in spec.containers.iter().enumerate() {
        let cpath = || index(&child(path, "containers"), i);
        errs.extend(validate_container(c, &cpath, &volumes, &mut all_names));
    }
    for (i, c) in spec.init_containers.iter().flatten().enumerate() {
        let ipath = || index(&child(path, "initContainers"), i);
        errs.extend(validate_container(c, &ipath, &volumes, &mut all_names));
    }
    // validateRestartPolicy
    let rp_path = || child(path, "restartPolicy");
    match spec.restart_policy.as_deref().unwrap_or("") {
        "Always" | "OnFailure" | "Never" => {}
        "" => errs.push(FieldError::required(rp_path(), "")),
        other => errs.push(FieldError::not_supported(
            rp_path(),
            other,
            &["Always", "OnFailure", "Never"],
        )),
    }
    // validateDNSPolicy
    let dp_path = || child(path, "dnsPolicy");
    match spec.dns_policy.as_deref().unwrap_or("") {
        "ClusterFirstWithHostNet" | "ClusterFirst" | "Default" | "None" => {}
        "" => errs.push(FieldError::required(dp_path(), "")),
        other => errs.push(FieldError::not_supported(
            dp_path(),
            other,
            &["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"],
        )),
    }
    if let Some(selector) = spec.node_selector.as_ref() {
        errs.extend(validate_labels(
            Some(selector),
            &child(path, "nodeSelector"),
        ));
    }
    if let Some(v) = spec.termination_grace_period_seconds
        && v < 0
    {
        errs.push(FieldError::invalid(
            child(path, "terminationGracePeriodSeconds"),
            v,
            NONNEGATIVE_MSG,
        ));
    }
    if let Some(v) = spec.active_deadline_seconds
        && !(1..=i64::from(i32::MAX)).contains(&v)
    {
        errs.push(FieldError::invalid(
            child(path, "activeDeadlineSeconds"),
            v,
            "must be between 1 and 2147483647, inclusive",
        ));
    }
    errs
}

/// `ValidatePodTemplateSpec`: template labels (at `<path>.labels`, as upstream) and pod spec.
pub fn validate_pod_template_spec(
    t: &PodTemplateSpec,
    path: &str,
    extra_volumes: &[String],
) -> Vec<FieldError> {
    let mut errs = validate_labels(template_labels(t), &child(path, "labels"));
    match &t.spec {
        Some(spec) => errs.extend(validate_pod_spec(spec, &child(path, "spec"), extra_volumes)),
        None => errs.extend(validate_pod_spec(
            &PodSpec::default(),
            &child(path, "spec"),
            extra_volumes,
        )),
    }
    errs
}

/// `ValidatePodCreate`: object meta (DNS subdomain name) and pod spec.
pub fn validate_pod(pod: &Pod) -> Vec<FieldError> {
    let mut errs = validate_object_meta(&pod.metadata, NameRule::Dns1123Subdomain);
    let default = crate::sim::pod::PodSpec::default();
    let spec = pod.spec.as_ref().unwrap_or(&default);
    errs.extend(validate_stored_pod_spec(spec, "spec", &[]));
    errs
}

fn nonneg(v: Option<i64>, path: &str, errs: &mut Vec<FieldError>) {
    if let Some(v) = v
        && v < 0
    {
        errs.push(FieldError::invalid(path, v, NONNEGATIVE_MSG));
    }
}

fn restart_policy_of(t: &PodTemplateSpec) -> &str {
    t.spec
        .as_ref()
        .and_then(|s| s.restart_policy.as_deref())
        .unwrap_or("")
}

fn int_or_string_json(v: &IntOrString) -> Value {
    match v {
        IntOrString::Int(i) => json!(i),
        IntOrString::String(s) => json!(s),
    }
}

fn int_or_percent_value(v: &IntOrString) -> i64 {
    match v {
        IntOrString::Int(i) => i64::from(*i),
        IntOrString::String(s) => {
            if is_valid_percent(s).is_empty() {
                s.trim_end_matches('%').parse().unwrap_or(0)
            } else {
                // IntOrString.IntValue() of a non-numeric string is 0.
                s.parse().unwrap_or(0)
            }
        }
    }
}

/// `ValidatePositiveIntOrPercent`.
fn validate_positive_int_or_percent(v: &IntOrString, path: &str) -> Vec<FieldError> {
    match v {
        IntOrString::String(s) => is_valid_percent(s)
            .into_iter()
            .map(|m| FieldError::invalid(path, int_or_string_json(v), m))
            .collect(),
        IntOrString::Int(i) if *i < 0 => {
            vec![FieldError::invalid(path, i64::from(*i), NONNEGATIVE_MSG)]
        }
        IntOrString::Int(_) => Vec::new(),
    }
}

/// `IsNotMoreThan100Percent`.
fn not_more_than_100_percent(v: &IntOrString, path: &str) -> Vec<FieldError> {
    match v {
        IntOrString::String(s)
            if is_valid_percent(s).is_empty() && int_or_percent_value(v) > 100 =>
        {
            vec![FieldError::invalid(
                path,
                int_or_string_json(v),
                "must not be greater than 100%",
            )]
        }
        _ => Vec::new(),
    }
}

/// Internal-type JSON of an update strategy as upstream prints it for NotSupported
/// (`{"Type":"Foo","RollingUpdate":null}`); the rolling-update part is abbreviated.
fn strategy_json(ty: &str, has_rolling_update: bool) -> BadValue {
    let ru = if has_rolling_update { "{...}" } else { "null" };
    BadValue::Raw(format!(
        "{{\"Type\":{},\"RollingUpdate\":{ru}}}",
        go_quote(ty)
    ))
}

// ---------------------------------------------------------------------------------------------
// apps: StatefulSet
// ---------------------------------------------------------------------------------------------

fn validate_stateful_set_spec(
    s: &StatefulSet,
    allow_invalid_service_name: bool,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let default_spec = Default::default();
    let spec: &k8s_openapi::api::apps::v1::StatefulSetSpec =
        s.spec.as_ref().unwrap_or(&default_spec);
    match spec.pod_management_policy.as_deref().unwrap_or("") {
        "" => errs.push(FieldError::required("spec.podManagementPolicy", "")),
        "OrderedReady" | "Parallel" => {}
        other => errs.push(FieldError::invalid(
            "spec.podManagementPolicy",
            other,
            "must be 'OrderedReady' or 'Parallel'",
        )),
    }
    let us = spec.update_strategy.clone().unwrap_or_default();
    match us.type_.as_deref().unwrap_or("") {
        "" => errs.push(FieldError::required("spec.updateStrategy", "")),
        "OnDelete" => {
            if us.rolling_update.is_some() {
                errs.push(FieldError::invalid(
                    "spec.updateStrategy.rollingUpdate",
                    BadValue::Raw(rolling_update_sts_json(&us.rolling_update)),
                    "only allowed for updateStrategy 'RollingUpdate'",
                ));
            }
        }
        "RollingUpdate" => {
            if let Some(ru) = &us.rolling_update {
                let p = "spec.updateStrategy.rollingUpdate";
                nonneg(
                    ru.partition.map(i64::from),
                    &child(p, "partition"),
                    &mut errs,
                );
                if let Some(mu) = &ru.max_unavailable {
                    let mp = child(p, "maxUnavailable");
                    errs.extend(validate_positive_int_or_percent(mu, &mp));
                    if int_or_percent_value(mu) == 0 {
                        errs.push(FieldError::invalid(
                            &mp,
                            int_or_string_json(mu),
                            "cannot be 0",
                        ));
                    }
                    errs.extend(not_more_than_100_percent(mu, &mp));
                }
            }
        }
        other => errs.push(FieldError::invalid(
            "spec.updateStrategy",
            strategy_json(other, us.rolling_update.is_some()),
            "must be 'RollingUpdate' or 'OnDelete'",
        )),
    }
    if let Some(p) = &spec.persistent_volume_claim_retention_policy {
        for (v, f) in [
            (&p.when_deleted, "whenDeleted"),
            (&p.when_scaled, "whenScaled"),
        ] {
            let v = v.as_deref().unwrap_or("");
            if v != "Retain" && v != "Delete" {
                errs.push(FieldError::not_supported(
                    format!("spec.persistentVolumeClaimRetentionPolicy.{f}"),
                    v,
                    &["Retain", "Delete"],
                ));
            }
        }
    }
    let mut claim_names = Vec::new();
    for (i, pvc) in spec.volume_claim_templates.iter().flatten().enumerate() {
        let p = index("spec.volumeClaimTemplates", i);
        if let Some(ps) = &pvc.spec {
            errs.extend(validate_pvc_spec(ps, &child(&p, "spec")));
        } else {
            errs.extend(validate_pvc_spec(&Default::default(), &child(&p, "spec")));
        }
        if let Some(n) = pvc.metadata.name.clone() {
            claim_names.push(n);
        }
    }
    nonneg(spec.replicas.map(i64::from), "spec.replicas", &mut errs);
    nonneg(
        spec.min_ready_seconds.map(i64::from),
        "spec.minReadySeconds",
        &mut errs,
    );
    if let Some(o) = &spec.ordinals {
        nonneg(o.start.map(i64::from), "spec.ordinals.start", &mut errs);
    }
    if !allow_invalid_service_name
        && let Some(sn) = spec.service_name.as_deref().filter(|s| !s.is_empty())
    {
        for m in is_dns1123_label(sn) {
            errs.push(FieldError::invalid("spec.serviceName", sn, m));
        }
    }
    let sel = &spec.selector;
    if selector_is_nil(sel) {
        errs.push(FieldError::required("spec.selector", ""));
    } else {
        errs.extend(validate_label_selector(sel, "spec.selector"));
        if selector_is_empty(sel) {
            errs.push(FieldError::invalid(
                "spec.selector",
                selector_json(sel),
                "empty selector is invalid for statefulset",
            ));
        }
    }
    match selector_as_selector(sel) {
        Err(()) => errs.push(FieldError::invalid("spec.selector", selector_json(sel), "")),
        Ok(selector) => {
            // ValidatePodTemplateSpecForStatefulSet
            if !selector.is_empty() && !selector.matches(template_labels(&spec.template)) {
                errs.push(mismatch_error("spec.template", &spec.template));
            }
            errs.extend(validate_pod_template_spec(
                &spec.template,
                "spec.template",
                &claim_names,
            ));
        }
    }
    let rp = restart_policy_of(&spec.template);
    if rp != "Always" {
        errs.push(FieldError::not_supported(
            "spec.template.spec.restartPolicy",
            rp,
            &["Always"],
        ));
    }
    if spec
        .template
        .spec
        .as_ref()
        .is_some_and(|s| s.active_deadline_seconds.is_some())
    {
        errs.push(FieldError::forbidden(
            "spec.template.spec.activeDeadlineSeconds",
            "activeDeadlineSeconds in StatefulSet is not Supported",
        ));
    }
    errs
}

fn rolling_update_sts_json(
    ru: &Option<k8s_openapi::api::apps::v1::RollingUpdateStatefulSetStrategy>,
) -> String {
    match ru {
        None => "null".to_string(),
        Some(r) => {
            let mu = match &r.max_unavailable {
                None => "null".to_string(),
                Some(v) => int_or_string_json(v).to_string(),
            };
            format!(
                "{{\"Partition\":{},\"MaxUnavailable\":{mu}}}",
                r.partition.unwrap_or(0)
            )
        }
    }
}

/// `ValidateStatefulSet` (create). The name must be a DNS-1123 label.
pub fn validate_stateful_set(s: &StatefulSet) -> Vec<FieldError> {
    let mut errs = validate_object_meta(&s.metadata, NameRule::Dns1123Label);
    errs.extend(validate_stateful_set_spec(s, false));
    errs
}

/// `ValidateStatefulSetUpdate`: the new spec must be valid and only `replicas`, `ordinals`,
/// `template`, `updateStrategy`, `revisionHistoryLimit`, `persistentVolumeClaimRetentionPolicy`
/// and `minReadySeconds` may change.
pub fn validate_stateful_set_update(old: &StatefulSet, new: &StatefulSet) -> Vec<FieldError> {
    let mut errs = validate_object_meta_update(&new.metadata, &old.metadata);
    errs.extend(validate_stateful_set_spec(new, true));
    let mut clone = new.spec.clone().unwrap_or_default();
    let old_spec = old.spec.clone().unwrap_or_default();
    clone.replicas = old_spec.replicas;
    clone.template = old_spec.template.clone();
    clone.update_strategy = old_spec.update_strategy.clone();
    clone.min_ready_seconds = old_spec.min_ready_seconds;
    clone.ordinals = old_spec.ordinals.clone();
    clone.revision_history_limit = old_spec.revision_history_limit;
    clone.persistent_volume_claim_retention_policy =
        old_spec.persistent_volume_claim_retention_policy.clone();
    if clone != old_spec {
        errs.push(FieldError::forbidden(
            "spec",
            "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
        ));
    }
    errs
}

// ---------------------------------------------------------------------------------------------
// apps: Deployment, ReplicaSet, DaemonSet
// ---------------------------------------------------------------------------------------------

/// Selector + `ValidatePodTemplateSpecForReplicaSet` shared by Deployment and ReplicaSet.
fn validate_rs_like(
    sel: &LabelSelector,
    template: &PodTemplateSpec,
    kind_word: &str,
    errs: &mut Vec<FieldError>,
) {
    if selector_is_nil(sel) {
        errs.push(FieldError::required("spec.selector", ""));
    } else {
        errs.extend(validate_label_selector(sel, "spec.selector"));
        if selector_is_empty(sel) {
            errs.push(FieldError::invalid(
                "spec.selector",
                selector_json(sel),
                format!("empty selector is invalid for {kind_word}"),
            ));
        }
    }
    match selector_as_selector(sel) {
        Err(()) => errs.push(FieldError::invalid(
            "spec.selector",
            selector_json(sel),
            "invalid label selector",
        )),
        Ok(selector) => {
            if !selector.is_empty() && !selector.matches(template_labels(template)) {
                errs.push(mismatch_error("spec.template", template));
            }
            errs.extend(validate_pod_template_spec(template, "spec.template", &[]));
            let rp = restart_policy_of(template);
            if rp != "Always" {
                errs.push(FieldError::not_supported(
                    "spec.template.spec.restartPolicy",
                    rp,
                    &["Always"],
                ));
            }
            if template
                .spec
                .as_ref()
                .is_some_and(|s| s.active_deadline_seconds.is_some())
            {
                errs.push(FieldError::forbidden(
                    "spec.template.spec.activeDeadlineSeconds",
                    "activeDeadlineSeconds in ReplicaSet is not Supported",
                ));
            }
        }
    }
}

/// `ValidateDeployment` (create).
pub fn validate_deployment(d: &Deployment) -> Vec<FieldError> {
    let mut errs = validate_object_meta(&d.metadata, NameRule::Dns1123Subdomain);
    let spec = d.spec.clone().unwrap_or_default();
    nonneg(spec.replicas.map(i64::from), "spec.replicas", &mut errs);
    validate_rs_like(&spec.selector, &spec.template, "deployment", &mut errs);
    // ValidateDeploymentStrategy
    let st = spec.strategy.clone().unwrap_or_default();
    match st.type_.as_deref().unwrap_or("") {
        "Recreate" => {
            if st.rolling_update.is_some() {
                errs.push(FieldError::forbidden(
                    "spec.strategy.rollingUpdate",
                    "may not be specified when strategy `type` is 'Recreate'",
                ));
            }
        }
        "RollingUpdate" => match &st.rolling_update {
            None => errs.push(FieldError::required(
                "spec.strategy.rollingUpdate",
                "this should be defaulted and never be nil",
            )),
            Some(ru) => {
                let p = "spec.strategy.rollingUpdate";
                let mu = ru.max_unavailable.clone().unwrap_or(IntOrString::Int(0));
                let ms = ru.max_surge.clone().unwrap_or(IntOrString::Int(0));
                errs.extend(validate_positive_int_or_percent(
                    &mu,
                    &child(p, "maxUnavailable"),
                ));
                errs.extend(validate_positive_int_or_percent(&ms, &child(p, "maxSurge")));
                if int_or_percent_value(&mu) == 0 && int_or_percent_value(&ms) == 0 {
                    errs.push(FieldError::invalid(
                        child(p, "maxUnavailable"),
                        int_or_string_json(&mu),
                        "may not be 0 when `maxSurge` is 0",
                    ));
                }
                errs.extend(not_more_than_100_percent(&mu, &child(p, "maxUnavailable")));
            }
        },
        other => errs.push(FieldError::not_supported(
            "spec.strategy",
            strategy_json(other, st.rolling_update.is_some()),
            &["Recreate", "RollingUpdate"],
        )),
    }
    let min_ready = spec.min_ready_seconds.unwrap_or(0);
    nonneg(
        Some(i64::from(min_ready)),
        "spec.minReadySeconds",
        &mut errs,
    );
    nonneg(
        spec.revision_history_limit.map(i64::from),
        "spec.revisionHistoryLimit",
        &mut errs,
    );
    if let Some(pds) = spec.progress_deadline_seconds {
        nonneg(
            Some(i64::from(pds)),
            "spec.progressDeadlineSeconds",
            &mut errs,
        );
        if pds <= min_ready {
            errs.push(FieldError::invalid(
                "spec.progressDeadlineSeconds",
                pds,
                "must be greater than minReadySeconds",
            ));
        }
    }
    errs
}

fn immutable_selector(old: &LabelSelector, new: &LabelSelector, errs: &mut Vec<FieldError>) {
    if selector_json(old) != selector_json(new) {
        errs.push(FieldError::invalid(
            "spec.selector",
            selector_json(new),
            IMMUTABLE_MSG,
        ));
    }
}

/// `ValidateDeploymentUpdate`: selector immutable.
pub fn validate_deployment_update(old: &Deployment, new: &Deployment) -> Vec<FieldError> {
    let mut errs = validate_object_meta_update(&new.metadata, &old.metadata);
    errs.extend(
        validate_deployment(new)
            .into_iter()
            .filter(|e| !e.path.starts_with("metadata.")),
    );
    let (o, n) = (
        old.spec.clone().unwrap_or_default(),
        new.spec.clone().unwrap_or_default(),
    );
    immutable_selector(&o.selector, &n.selector, &mut errs);
    errs
}

/// `ValidateReplicaSet` (create).
pub fn validate_replica_set(rs: &ReplicaSet) -> Vec<FieldError> {
    let mut errs = validate_object_meta(&rs.metadata, NameRule::Dns1123Subdomain);
    let spec = rs.spec.clone().unwrap_or_default();
    nonneg(spec.replicas.map(i64::from), "spec.replicas", &mut errs);
    nonneg(
        spec.min_ready_seconds.map(i64::from),
        "spec.minReadySeconds",
        &mut errs,
    );
    let template = spec.template.clone().unwrap_or_default();
    validate_rs_like(&spec.selector, &template, "deployment", &mut errs);
    errs
}

/// `ValidateReplicaSetUpdate`: selector immutable.
pub fn validate_replica_set_update(old: &ReplicaSet, new: &ReplicaSet) -> Vec<FieldError> {
    let mut errs = validate_object_meta_update(&new.metadata, &old.metadata);
    errs.extend(
        validate_replica_set(new)
            .into_iter()
            .filter(|e| !e.path.starts_with("metadata.")),
    );
    let (o, n) = (
        old.spec.clone().unwrap_or_default(),
        new.spec.clone().unwrap_or_default(),
    );
    immutable_selector(&o.selector, &n.selector, &mut errs);
    errs
}

fn validate_daemon_set_spec(ds: &DaemonSet) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let spec = ds.spec.clone().unwrap_or_default();
    let sel = &spec.selector;
    errs.extend(validate_label_selector(sel, "spec.selector"));
    if let Ok(selector) = selector_as_selector(sel)
        && !selector.is_empty()
        && !selector.matches(template_labels(&spec.template))
    {
        errs.push(mismatch_error("spec.template", &spec.template));
    }
    if !selector_is_nil(sel) && selector_is_empty(sel) {
        errs.push(FieldError::invalid(
            "spec.selector",
            selector_json(sel),
            "empty selector is invalid for daemonset",
        ));
    }
    errs.extend(validate_pod_template_spec(
        &spec.template,
        "spec.template",
        &[],
    ));
    let rp = restart_policy_of(&spec.template);
    if rp != "Always" {
        errs.push(FieldError::not_supported(
            "spec.template.spec.restartPolicy",
            rp,
            &["Always"],
        ));
    }
    if spec
        .template
        .spec
        .as_ref()
        .is_some_and(|s| s.active_deadline_seconds.is_some())
    {
        errs.push(FieldError::forbidden(
            "spec.template.spec.activeDeadlineSeconds",
            "activeDeadlineSeconds in DaemonSet is not Supported",
        ));
    }
    nonneg(
        spec.min_ready_seconds.map(i64::from),
        "spec.minReadySeconds",
        &mut errs,
    );
    let us = spec.update_strategy.clone().unwrap_or_default();
    match us.type_.as_deref().unwrap_or("") {
        "OnDelete" => {}
        "RollingUpdate" => match &us.rolling_update {
            None => errs.push(FieldError::required(
                "spec.updateStrategy.rollingUpdate",
                "",
            )),
            Some(ru) => {
                let p = "spec.updateStrategy.rollingUpdate";
                let mu = ru.max_unavailable.clone().unwrap_or(IntOrString::Int(0));
                let ms = ru.max_surge.clone().unwrap_or(IntOrString::Int(0));
                errs.extend(validate_positive_int_or_percent(
                    &mu,
                    &child(p, "maxUnavailable"),
                ));
                errs.extend(validate_positive_int_or_percent(&ms, &child(p, "maxSurge")));
                errs.extend(not_more_than_100_percent(&mu, &child(p, "maxUnavailable")));
                errs.extend(not_more_than_100_percent(&ms, &child(p, "maxSurge")));
                let has_u = int_or_percent_value(&mu) != 0;
                let has_s = int_or_percent_value(&ms) != 0;
                if has_u && has_s {
                    errs.push(FieldError::invalid(
                        child(p, "maxSurge"),
                        int_or_string_json(&ms),
                        "may not be set when maxUnavailable is non-zero",
                    ));
                } else if !has_u && !has_s {
                    errs.push(FieldError::required(
                        child(p, "maxUnavailable"),
                        "cannot be 0 when maxSurge is 0",
                    ));
                }
            }
        },
        other => errs.push(FieldError::not_supported(
            "spec.updateStrategy",
            strategy_json(other, us.rolling_update.is_some()),
            &["RollingUpdate", "OnDelete"],
        )),
    }
    nonneg(
        spec.revision_history_limit.map(i64::from),
        "spec.revisionHistoryLimit",
        &mut errs,
    );
    errs
}

/// `ValidateDaemonSet` (create).
pub fn validate_daemon_set(ds: &DaemonSet) -> Vec<FieldError> {
    let mut errs = validate_object_meta(&ds.metadata, NameRule::Dns1123Subdomain);
    errs.extend(validate_daemon_set_spec(ds));
    errs
}

/// `ValidateDaemonSetUpdate`: selector immutable (checked before the spec, as upstream).
pub fn validate_daemon_set_update(old: &DaemonSet, new: &DaemonSet) -> Vec<FieldError> {
    let mut errs = validate_object_meta_update(&new.metadata, &old.metadata);
    let (o, n) = (
        old.spec.clone().unwrap_or_default(),
        new.spec.clone().unwrap_or_default(),
    );
    immutable_selector(&o.selector, &n.selector, &mut errs);
    errs.extend(validate_daemon_set_spec(new));
    errs
}

// ---------------------------------------------------------------------------------------------
// batch: Job, CronJob
// ---------------------------------------------------------------------------------------------

fn validate_job_spec_common(spec: &JobSpec, path: &str) -> Vec<FieldError> {
    let mut errs = Vec::new();
    nonneg(
        spec.parallelism.map(i64::from),
        &child(path, "parallelism"),
        &mut errs,
    );
    nonneg(
        spec.completions.map(i64::from),
        &child(path, "completions"),
        &mut errs,
    );
    nonneg(
        spec.active_deadline_seconds,
        &child(path, "activeDeadlineSeconds"),
        &mut errs,
    );
    nonneg(
        spec.backoff_limit.map(i64::from),
        &child(path, "backoffLimit"),
        &mut errs,
    );
    nonneg(
        spec.ttl_seconds_after_finished.map(i64::from),
        &child(path, "ttlSecondsAfterFinished"),
        &mut errs,
    );
    nonneg(
        spec.backoff_limit_per_index.map(i64::from),
        &child(path, "backoffLimitPerIndex"),
        &mut errs,
    );
    if let Some(m) = spec.max_failed_indexes {
        nonneg(
            Some(i64::from(m)),
            &child(path, "maxFailedIndexes"),
            &mut errs,
        );
        if spec.backoff_limit_per_index.is_none() {
            errs.push(FieldError::required(
                child(path, "backoffLimitPerIndex"),
                "when maxFailedIndexes is specified",
            ));
        }
    }
    let mode = spec.completion_mode.as_deref();
    if let Some(m) = mode {
        if m != "NonIndexed" && m != "Indexed" {
            errs.push(FieldError::not_supported(
                child(path, "completionMode"),
                BadValue::Json(json!(m)),
                &["NonIndexed", "Indexed"],
            ));
        }
        if m == "Indexed" {
            if spec.completions.is_none() {
                errs.push(FieldError::required(
                    child(path, "completions"),
                    "when completion mode is Indexed",
                ));
            }
            if let Some(p) = spec.parallelism
                && p > 100_000
            {
                errs.push(FieldError::invalid(
                    child(path, "parallelism"),
                    p,
                    "must be less than or equal to 100000 when completion mode is Indexed",
                ));
            }
            if let (Some(c), Some(m)) = (spec.completions, spec.max_failed_indexes)
                && m > c
            {
                errs.push(FieldError::invalid(
                    child(path, "maxFailedIndexes"),
                    m,
                    "must be less than or equal to completions",
                ));
            }
        }
    }
    if mode.is_none() || mode == Some("NonIndexed") {
        if let Some(b) = spec.backoff_limit_per_index {
            errs.push(FieldError::invalid(
                child(path, "backoffLimitPerIndex"),
                b,
                "requires indexed completion mode",
            ));
        }
        if let Some(m) = spec.max_failed_indexes {
            errs.push(FieldError::invalid(
                child(path, "maxFailedIndexes"),
                m,
                "requires indexed completion mode",
            ));
        }
    }
    if let Some(prp) = spec.pod_replacement_policy.as_deref() {
        if spec.pod_failure_policy.is_some() {
            if prp != "Failed" {
                errs.push(FieldError::not_supported(
                    child(path, "podReplacementPolicy"),
                    prp,
                    &["Failed"],
                ));
            }
        } else if prp != "Failed" && prp != "TerminatingOrFailed" {
            errs.push(FieldError::not_supported(
                child(path, "podReplacementPolicy"),
                prp,
                &["Failed", "TerminatingOrFailed"],
            ));
        }
    }
    let tpath = child(path, "template");
    errs.extend(validate_pod_template_spec(&spec.template, &tpath, &[]));
    let rp_path = child(&tpath, "spec.restartPolicy");
    match restart_policy_of(&spec.template) {
        "Always" | "" => errs.push(FieldError::required(
            &rp_path,
            "valid values: \"OnFailure\", \"Never\"",
        )),
        "OnFailure" | "Never" => {
            if spec.pod_failure_policy.is_some() && restart_policy_of(&spec.template) != "Never" {
                errs.push(FieldError::invalid(
                    &rp_path,
                    restart_policy_of(&spec.template),
                    "only \"Never\" is supported when podFailurePolicy is specified",
                ));
            }
        }
        other => errs.push(FieldError::not_supported(
            &rp_path,
            other,
            &["OnFailure", "Never"],
        )),
    }
    errs
}

/// `ValidateJobSpec` for a Job (selector required and matching the template).
fn validate_job_spec(spec: &JobSpec) -> Vec<FieldError> {
    let mut errs = validate_job_spec_common(spec, "spec");
    match &spec.selector {
        None => errs.push(FieldError::required("spec.selector", "")),
        Some(sel) => errs.extend(validate_label_selector(sel, "spec.selector")),
    }
    if let Some(sel) = &spec.selector
        && let Ok(selector) = selector_as_selector(sel)
        && !(selector.is_empty() || selector.matches(template_labels(&spec.template)))
    {
        errs.push(mismatch_error("spec.template", &spec.template));
    }
    errs
}

/// `ValidateJob` (create); run on a Job that went through defaulting and
/// `job_generate_selector`.
pub fn validate_job(job: &Job) -> Vec<FieldError> {
    let mut errs = validate_object_meta(&job.metadata, NameRule::Dns1123Subdomain);
    let spec = job.spec.clone().unwrap_or_default();
    // validateGeneratedSelector
    if spec.manual_selector != Some(true)
        && let Some(sel) = &spec.selector
    {
        let uid = job.metadata.uid.clone().unwrap_or_default();
        let name = job.metadata.name.clone().unwrap_or_default();
        if uid.is_empty() {
            errs.push(FieldError::required("metadata.uid", ""));
        }
        let tl = template_labels(&spec.template);
        for (k, want) in [
            ("controller-uid", &uid),
            ("job-name", &name),
            ("batch.kubernetes.io/controller-uid", &uid),
            ("batch.kubernetes.io/job-name", &name),
        ] {
            let p = key("spec.template.metadata.labels", k);
            match tl.and_then(|l| l.get(k)) {
                None => errs.push(FieldError::required(p, format!("must be '{want}'"))),
                Some(v) if v != want => errs.push(FieldError::invalid(
                    p,
                    labels_json(tl),
                    format!("must be '{want}'"),
                )),
                Some(_) => {}
            }
        }
        let expected: Labels = [
            ("controller-uid", &uid),
            ("job-name", &name),
            ("batch.kubernetes.io/controller-uid", &uid),
            ("batch.kubernetes.io/job-name", &name),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
        if let Ok(s) = selector_as_selector(sel)
            && !(s.is_empty() || s.matches(Some(&expected)))
        {
            errs.push(FieldError::invalid(
                "spec.selector",
                selector_json(sel),
                "`selector` not auto-generated",
            ));
        }
    }
    errs.extend(validate_job_spec(&spec));
    if spec.completion_mode.as_deref() == Some("Indexed")
        && let Some(c) = spec.completions.filter(|c| *c > 0)
    {
        let name = job.metadata.name.clone().unwrap_or_default();
        let hostname = format!("{name}-{}", c - 1);
        if !is_dns1123_label(&hostname).is_empty() {
            errs.push(FieldError::invalid(
                "metadata.name",
                &name,
                format!("will not able to create pod with invalid DNS label: {hostname}"),
            ));
        }
    }
    errs
}

/// Rendering of a Job's pod template as upstream prints it in `field is immutable` errors: the
/// JSON of the internal `core.PodTemplateSpec`, whose metadata is inlined (`{"labels":...}`)
/// and whose `Spec` uses Go field names. The spec part is abbreviated to `{...}`.
pub fn template_immutable_value(t: &PodTemplateSpec) -> String {
    let mut parts = Vec::new();
    if let Some(m) = &t.metadata {
        if let Some(n) = m.name.as_deref().filter(|n| !n.is_empty()) {
            parts.push(format!("\"name\":{}", go_json(&json!(n))));
        }
        if let Some(l) = m.labels.as_ref().filter(|l| !l.is_empty()) {
            parts.push(format!("\"labels\":{}", go_json(&json!(l))));
        }
        if let Some(a) = m.annotations.as_ref().filter(|a| !a.is_empty()) {
            parts.push(format!("\"annotations\":{}", go_json(&json!(a))));
        }
    }
    parts.push("\"Spec\":{...}".to_string());
    format!("{{{}}}", parts.join(","))
}

/// `ValidateJobUpdate`: completions (non-indexed), selector, completionMode, template
/// (unless the Job was suspended and never started, where scheduling directives, labels and
/// annotations may change) are immutable.
pub fn validate_job_update(old: &Job, new: &Job) -> Vec<FieldError> {
    // jobStrategy.ValidateUpdate: ValidateJob(new) followed by ValidateJobUpdate.
    let mut errs = validate_job(new);
    errs.extend(validate_object_meta_update(&new.metadata, &old.metadata));
    let (o, n) = (
        old.spec.clone().unwrap_or_default(),
        new.spec.clone().unwrap_or_default(),
    );
    let indexed = n.completion_mode.as_deref() == Some("Indexed");
    if !indexed {
        if o.completions != n.completions {
            let v = match n.completions {
                Some(c) => BadValue::Int(i64::from(c)),
                None => BadValue::Raw("null".to_string()),
            };
            errs.push(FieldError::invalid("spec.completions", v, IMMUTABLE_MSG));
        }
    } else if o.completions != n.completions
        && let Some(c) = n.completions
        && Some(c) != n.parallelism
    {
        errs.push(FieldError::invalid(
            "spec.completions",
            c,
            "can only be modified in tandem with spec.parallelism",
        ));
    }
    let (os, ns) = (
        o.selector.clone().unwrap_or_default(),
        n.selector.clone().unwrap_or_default(),
    );
    if selector_json(&os) != selector_json(&ns) {
        errs.push(FieldError::invalid(
            "spec.selector",
            selector_json(&ns),
            IMMUTABLE_MSG,
        ));
    }
    // validatePodTemplateUpdate
    let mut old_t = o.template.clone();
    let suspended_not_started =
        o.suspend == Some(true) && old.status.as_ref().is_none_or(|s| s.start_time.is_none());
    if suspended_not_started {
        let nm = n.template.metadata.clone().unwrap_or_default();
        let om = old_t.metadata.get_or_insert_with(Default::default);
        om.labels = nm.labels;
        om.annotations = nm.annotations;
        if let (Some(os), Some(ns)) = (old_t.spec.as_mut(), n.template.spec.as_ref()) {
            os.node_selector = ns.node_selector.clone();
            os.tolerations = ns.tolerations.clone();
            os.scheduling_gates = ns.scheduling_gates.clone();
            match (os.affinity.as_mut(), ns.affinity.as_ref()) {
                (Some(oa), Some(na)) => oa.node_affinity = na.node_affinity.clone(),
                (None, Some(na)) => {
                    os.affinity = Some(k8s_openapi::api::core::v1::Affinity {
                        node_affinity: na.node_affinity.clone(),
                        ..Default::default()
                    })
                }
                (Some(oa), None) => {
                    oa.node_affinity = None;
                    if *oa == k8s_openapi::api::core::v1::Affinity::default() {
                        os.affinity = None;
                    }
                }
                (None, None) => {}
            }
        }
    }
    if old_t != n.template {
        errs.push(FieldError::invalid(
            "spec.template",
            BadValue::Raw(template_immutable_value(&n.template)),
            IMMUTABLE_MSG,
        ));
    }
    if o.completion_mode != n.completion_mode {
        let v = match &n.completion_mode {
            Some(m) => BadValue::Json(json!(m)),
            None => BadValue::Raw("null".to_string()),
        };
        errs.push(FieldError::invalid("spec.completionMode", v, IMMUTABLE_MSG));
    }
    if o.backoff_limit_per_index != n.backoff_limit_per_index {
        let v = match n.backoff_limit_per_index {
            Some(b) => BadValue::Int(i64::from(b)),
            None => BadValue::Raw("null".to_string()),
        };
        errs.push(FieldError::invalid(
            "spec.backoffLimitPerIndex",
            v,
            IMMUTABLE_MSG,
        ));
    }
    errs
}

fn validate_cron_job_spec(
    cj: &CronJob,
    old: Option<&CronJob>,
    schedule_check: &dyn Fn(&str) -> Result<(), String>,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let spec = cj.spec.clone().unwrap_or_default();
    let old_spec = old.and_then(|o| o.spec.clone());
    if spec.schedule.is_empty() {
        errs.push(FieldError::required("spec.schedule", ""));
    } else {
        // validateScheduleFormat
        let allow_tz = old_spec.as_ref().is_some_and(|o| o.schedule.contains("TZ"));
        if let Err(e) = schedule_check(&spec.schedule) {
            errs.push(FieldError::invalid("spec.schedule", &spec.schedule, e));
        }
        if allow_tz && spec.schedule.contains("TZ") && spec.time_zone.is_some() {
            errs.push(FieldError::invalid(
                "spec.schedule",
                &spec.schedule,
                "cannot use both timeZone field and TZ or CRON_TZ in schedule",
            ));
        } else if !allow_tz && spec.schedule.contains("TZ") {
            errs.push(FieldError::invalid(
                "spec.schedule",
                &spec.schedule,
                "cannot use TZ or CRON_TZ in schedule, use timeZone field instead",
            ));
        }
    }
    nonneg(
        spec.starting_deadline_seconds,
        "spec.startingDeadlineSeconds",
        &mut errs,
    );
    if old_spec
        .as_ref()
        .is_none_or(|o| o.time_zone != spec.time_zone)
    {
        errs.extend(validate_time_zone(
            spec.time_zone.as_deref(),
            "spec.timeZone",
        ));
    }
    match spec.concurrency_policy.as_deref().unwrap_or("") {
        "Allow" | "Forbid" | "Replace" => {}
        "" => errs.push(FieldError::required("spec.concurrencyPolicy", "")),
        other => errs.push(FieldError::not_supported(
            "spec.concurrencyPolicy",
            other,
            &["Allow", "Forbid", "Replace"],
        )),
    }
    // ValidateJobTemplateSpec
    let jt_path = "spec.jobTemplate.spec";
    let js = spec.job_template.spec.clone().unwrap_or_default();
    errs.extend(validate_job_spec_common(&js, jt_path));
    if let Some(sel) = &js.selector {
        errs.push(FieldError::invalid(
            child(jt_path, "selector"),
            selector_json(sel),
            "`selector` will be auto-generated",
        ));
    }
    if js.manual_selector == Some(true) {
        errs.push(FieldError::not_supported(
            child(jt_path, "manualSelector"),
            true,
            &["nil", "false"],
        ));
    }
    nonneg(
        spec.successful_jobs_history_limit.map(i64::from),
        "spec.successfulJobsHistoryLimit",
        &mut errs,
    );
    nonneg(
        spec.failed_jobs_history_limit.map(i64::from),
        "spec.failedJobsHistoryLimit",
        &mut errs,
    );
    errs
}

/// `validateTimeZone`: IANA names only (looked up with jiff's bundled tzdb, standing in for
/// Go's `time.LoadLocation`).
pub fn validate_time_zone(tz: Option<&str>, path: &str) -> Vec<FieldError> {
    let Some(tz) = tz else {
        return Vec::new();
    };
    let value = BadValue::Json(json!(tz));
    if tz.is_empty() {
        return vec![FieldError::invalid(
            path,
            value,
            "timeZone must be nil or non-empty string",
        )];
    }
    for part in tz.split('/') {
        let chars_ok = !part.is_empty()
            && part.len() <= 14
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '+'));
        if part == "." || part == ".." || part.starts_with('-') || !chars_ok {
            return vec![FieldError::invalid(
                path,
                value,
                format!("unknown time zone {tz}"),
            )];
        }
    }
    let mut errs = Vec::new();
    if tz.eq_ignore_ascii_case("Local") {
        errs.push(FieldError::invalid(
            path,
            value.clone(),
            "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones",
        ));
    }
    if jiff::tz::TimeZone::get(tz).is_err() {
        errs.push(FieldError::invalid(
            path,
            value,
            format!("unknown time zone {tz}"),
        ));
    }
    errs
}

/// `ValidateCronJobCreate`. `schedule_check` is the robfig/cron `ParseStandard` equivalent; its
/// `Err` text becomes the detail of `spec.schedule: Invalid value: "...": <error>`.
pub fn validate_cron_job(
    cj: &CronJob,
    schedule_check: &dyn Fn(&str) -> Result<(), String>,
) -> Vec<FieldError> {
    let mut errs = validate_object_meta(&cj.metadata, NameRule::Dns1123Subdomain);
    errs.extend(validate_cron_job_spec(cj, None, schedule_check));
    let name = cj.metadata.name.clone().unwrap_or_default();
    if name.len() > 52 {
        errs.push(FieldError::invalid(
            "metadata.name",
            &name,
            max_len_error(52),
        ));
    }
    errs
}

/// `ValidateCronJobUpdate` (no 52-character name limit; TZ in schedule tolerated when the old
/// schedule had it).
pub fn validate_cron_job_update(
    old: &CronJob,
    new: &CronJob,
    schedule_check: &dyn Fn(&str) -> Result<(), String>,
) -> Vec<FieldError> {
    let mut errs = validate_object_meta_update(&new.metadata, &old.metadata);
    errs.extend(validate_cron_job_spec(new, Some(old), schedule_check));
    errs
}

// ---------------------------------------------------------------------------------------------
// core: Service, PersistentVolumeClaim
// ---------------------------------------------------------------------------------------------

/// `ValidateService` (common subset): DNS-1035 name, type, ports, selector, session affinity.
pub fn validate_service(svc: &Service) -> Vec<FieldError> {
    let mut errs = validate_object_meta(&svc.metadata, NameRule::Dns1035Label);
    let spec = svc.spec.clone().unwrap_or_default();
    let ty = spec.type_.clone().unwrap_or_default();
    let headless = spec.cluster_ip.as_deref() == Some("None");
    let ports = spec.ports.clone().unwrap_or_default();
    if ty != "ExternalName" && !headless && ports.is_empty() {
        errs.push(FieldError::required("spec.ports", ""));
    }
    if ty == "ExternalName" && spec.external_name.as_deref().unwrap_or("").is_empty() {
        errs.push(FieldError::required("spec.externalName", ""));
    }
    let mut names = BTreeSet::new();
    let require_name = ports.len() > 1;
    for (i, p) in ports.iter().enumerate() {
        let pp = index("spec.ports", i);
        let name = p.name.as_deref().unwrap_or("");
        if require_name && name.is_empty() {
            errs.push(FieldError::required(child(&pp, "name"), ""));
        } else if !name.is_empty() {
            for m in is_dns1123_label(name) {
                errs.push(FieldError::invalid(child(&pp, "name"), name, m));
            }
            if !names.insert(name.to_string()) {
                errs.push(FieldError::duplicate(child(&pp, "name"), name));
            }
        }
        if !(1..=65535).contains(&p.port) {
            errs.push(FieldError::invalid(
                child(&pp, "port"),
                p.port,
                port_range_msg(),
            ));
        }
        match p.protocol.as_deref().unwrap_or("") {
            "" => errs.push(FieldError::required(child(&pp, "protocol"), "")),
            "TCP" | "UDP" | "SCTP" => {}
            other => errs.push(FieldError::not_supported(
                child(&pp, "protocol"),
                other,
                &["SCTP", "TCP", "UDP"],
            )),
        }
        match &p.target_port {
            Some(IntOrString::Int(t)) if !(1..=65535).contains(t) => errs.push(
                FieldError::invalid(child(&pp, "targetPort"), *t, port_range_msg()),
            ),
            Some(IntOrString::String(s)) => {
                for m in is_valid_port_name(s) {
                    errs.push(FieldError::invalid(child(&pp, "targetPort"), s, m));
                }
            }
            _ => {}
        }
    }
    match ty.as_str() {
        "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName" => {}
        "" => errs.push(FieldError::required("spec.type", "")),
        other => errs.push(FieldError::not_supported(
            "spec.type",
            other,
            &["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"],
        )),
    }
    if headless && ty != "ClusterIP" && ty != "ExternalName" && !ty.is_empty() {
        errs.push(FieldError::invalid(
            "spec.clusterIPs[0]",
            "None",
            "may only be set to 'None' for ClusterIP services",
        ));
    }
    errs.extend(validate_labels(spec.selector.as_ref(), "spec.selector"));
    match spec.session_affinity.as_deref().unwrap_or("") {
        "None" | "ClientIP" => {}
        "" => errs.push(FieldError::required("spec.sessionAffinity", "")),
        other => errs.push(FieldError::not_supported(
            "spec.sessionAffinity",
            other,
            &["ClientIP", "None"],
        )),
    }
    errs
}

/// `ValidatePersistentVolumeClaimSpec` (access modes, storage request, volume mode).
pub fn validate_pvc_spec(spec: &PersistentVolumeClaimSpec, path: &str) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let modes = spec.access_modes.clone().unwrap_or_default();
    if modes.is_empty() {
        errs.push(FieldError::required(
            child(path, "accessModes"),
            "at least 1 access mode is required",
        ));
    }
    for m in &modes {
        if !matches!(
            m.as_str(),
            "ReadWriteOnce" | "ReadOnlyMany" | "ReadWriteMany" | "ReadWriteOncePod"
        ) {
            errs.push(FieldError::not_supported(
                child(path, "accessModes"),
                m,
                &[
                    "ReadOnlyMany",
                    "ReadWriteMany",
                    "ReadWriteOnce",
                    "ReadWriteOncePod",
                ],
            ));
        }
    }
    let storage_path = key(&child(path, "resources"), "storage");
    let storage = spec
        .resources
        .as_ref()
        .and_then(|r| r.requests.as_ref())
        .and_then(|r| r.get("storage"));
    match storage {
        None => errs.push(FieldError::required(&storage_path, "")),
        Some(q) => {
            if parse_quantity(&q.0).is_some_and(|v| v <= 0.0) {
                errs.push(FieldError::invalid(
                    &storage_path,
                    &q.0,
                    "must be greater than zero",
                ));
            }
        }
    }
    if let Some(vm) = spec.volume_mode.as_deref()
        && vm != "Filesystem"
        && vm != "Block"
    {
        errs.push(FieldError::not_supported(
            child(path, "volumeMode"),
            vm,
            &["Block", "Filesystem"],
        ));
    }
    errs
}

/// `ValidatePersistentVolumeClaim` (create).
pub fn validate_persistent_volume_claim(pvc: &PersistentVolumeClaim) -> Vec<FieldError> {
    let mut errs = validate_object_meta(&pvc.metadata, NameRule::Dns1123Subdomain);
    errs.extend(validate_pvc_spec(
        &pvc.spec.clone().unwrap_or_default(),
        "spec",
    ));
    errs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::api::defaults;
    use crate::sim::api::errors::ApiError;

    fn strs(errs: &[FieldError]) -> Vec<String> {
        errs.iter().map(ToString::to_string).collect()
    }

    fn parse<T: serde::de::DeserializeOwned>(y: &str) -> T {
        match serde_yaml::from_str(y) {
            Ok(v) => v,
            Err(e) => panic!("test manifest does not parse: {e}"),
        }
    }

    fn sts(y: &str) -> StatefulSet {
        let mut s: StatefulSet = parse(y);
        defaults::default_stateful_set(&mut s);
        s
    }

    fn job(y: &str) -> Job {
        let mut j: Job = parse(y);
        defaults::default_job(&mut j);
        j.metadata.uid = Some("8ab3c3c1-2d7a-4c55-9b1e-5f0c1b1f0e01".into());
        defaults::job_generate_selector(&mut j, "8ab3c3c1-2d7a-4c55-9b1e-5f0c1b1f0e01");
        j
    }

    const SUBDOMAIN_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    const LABEL_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    const WEB_STS: &str = r#"
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
  namespace: default
spec:
  serviceName: nginx
  replicas: 3
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.24
        ports:
        - containerPort: 80
          name: web
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: ["ReadWriteOnce"]
      resources:
        requests:
          storage: 1Gi
"#;

    // The StatefulSet from the "StatefulSet Basics" tutorial is valid (its volumeMount refers to
    // the claim template, which ValidateStatefulSetSpec adds as a volume).
    #[test]
    fn tutorial_statefulset_is_valid() {
        assert_eq!(
            strs(&validate_stateful_set(&sts(WEB_STS))),
            Vec::<String>::new()
        );
    }

    #[test]
    fn statefulset_selector_mismatch_kubectl_line() {
        let s = sts(&WEB_STS.replace(
            "      labels:\n        app: nginx",
            "      labels:\n        app: web",
        ));
        let errs = validate_stateful_set(&s);
        let err = ApiError::invalid_for_kind("StatefulSet", "web", errs)
            .with_source("creating", "web.yaml");
        assert_eq!(
            err.to_string(),
            "The StatefulSet \"web\" is invalid: spec.template.metadata.labels: Invalid value: {\"app\":\"web\"}: `selector` does not match template `labels`"
        );
    }

    // apps validation: StatefulSet names are DNS-1123 labels (ValidateStatefulSetName).
    #[test]
    fn statefulset_bad_name() {
        let s = sts(&WEB_STS.replace("name: web\n  namespace", "name: Web_1\n  namespace"));
        assert_eq!(
            strs(&validate_stateful_set(&s)),
            vec![format!(
                "metadata.name: Invalid value: \"Web_1\": {LABEL_MSG}"
            )]
        );
        let s = sts(&WEB_STS.replace("name: web\n  namespace", "name: web.v1\n  namespace"));
        assert_eq!(
            strs(&validate_stateful_set(&s)),
            vec!["metadata.name: Invalid value: \"web.v1\": must not contain dots".to_string()]
        );
    }

    // validation_test.go "negative replicas" / "invalid pod management policy".
    #[test]
    fn statefulset_replicas_and_policy() {
        let mut s = sts(WEB_STS);
        if let Some(spec) = s.spec.as_mut() {
            spec.replicas = Some(-1);
            spec.pod_management_policy = Some("foo".into());
        }
        assert_eq!(
            strs(&validate_stateful_set(&s)),
            vec![
                "spec.podManagementPolicy: Invalid value: \"foo\": must be 'OrderedReady' or 'Parallel'".to_string(),
                "spec.replicas: Invalid value: -1: must be greater than or equal to 0".to_string(),
            ]
        );
    }

    #[test]
    fn statefulset_restart_policy_and_missing_selector() {
        let mut s = sts(WEB_STS);
        if let Some(spec) = s.spec.as_mut() {
            spec.selector = LabelSelector::default();
            if let Some(ps) = spec.template.spec.as_mut() {
                ps.restart_policy = Some("Never".into());
            }
        }
        assert_eq!(
            strs(&validate_stateful_set(&s)),
            vec![
                "spec.selector: Required value".to_string(),
                "spec.template.metadata.labels: Invalid value: {\"app\":\"nginx\"}: `selector` does not match template `labels`".to_string(),
                "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"".to_string(),
            ]
        );
    }

    #[test]
    fn statefulset_update_rules() {
        let old = sts(WEB_STS);
        // Scaling and changing the image are allowed.
        let mut new = old.clone();
        if let Some(spec) = new.spec.as_mut() {
            spec.replicas = Some(5);
            if let Some(ps) = spec.template.spec.as_mut() {
                ps.containers[0].image = Some("nginx:1.27".into());
            }
        }
        assert!(validate_stateful_set_update(&old, &new).is_empty());
        // Growing a volume claim template is not.
        let new = sts(&WEB_STS.replace("storage: 1Gi", "storage: 2Gi"));
        let err = ApiError::invalid_for_kind(
            "StatefulSet",
            "web",
            validate_stateful_set_update(&old, &new),
        );
        assert_eq!(
            err.to_string(),
            "The StatefulSet \"web\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"
        );
    }

    #[test]
    fn statefulset_volume_mount_not_found() {
        let s = sts(&WEB_STS.replace(
            "- name: www\n          mountPath",
            "- name: data\n          mountPath",
        ));
        assert_eq!(
            strs(&validate_stateful_set(&s)),
            vec![
                "spec.template.spec.containers[0].volumeMounts[0].name: Not found: \"data\""
                    .to_string()
            ]
        );
    }

    const PI_JOB: &str = r#"
apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  template:
    spec:
      containers:
      - name: pi
        image: perl:5.34.0
        command: ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"]
      restartPolicy: Never
  backoffLimit: 4
"#;

    #[test]
    fn pi_job_is_valid() {
        assert_eq!(strs(&validate_job(&job(PI_JOB))), Vec::<String>::new());
    }

    // The most common Job mistake: no restartPolicy (defaulted to Always).
    #[test]
    fn job_without_restart_policy() {
        let j = job(&PI_JOB.replace("      restartPolicy: Never\n", ""));
        let err = ApiError::invalid_for_kind("Job", "pi", validate_job(&j))
            .with_source("creating", "pi.yaml");
        assert_eq!(
            err.to_string(),
            "The Job \"pi\" is invalid: spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\""
        );
        let j = job(&PI_JOB.replace("restartPolicy: Never", "restartPolicy: Sometimes"));
        assert_eq!(
            strs(&validate_job(&j)),
            vec![
                "spec.template.spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"".to_string(),
                "spec.template.spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"OnFailure\", \"Never\"".to_string(),
            ]
        );
    }

    // batch validation_test.go: negative counts, Indexed without completions.
    // ValidateHasLabel: a user-set job-name label that differs from the Job name.
    #[test]
    fn job_conflicting_generated_label() {
        let j = job(&PI_JOB.replace(
            "  template:\n    spec:",
            "  template:\n    metadata:\n      labels:\n        job-name: other\n    spec:",
        ));
        let errs = strs(&validate_job(&j));
        assert_eq!(errs.len(), 1);
        assert!(errs[0].starts_with(
            "spec.template.metadata.labels[job-name]: Invalid value: {\"batch.kubernetes.io/controller-uid\":"
        ));
        assert!(errs[0].ends_with("\"job-name\":\"other\"}: must be 'pi'"));
    }

    #[test]
    fn job_spec_numbers() {
        let mut j = job(PI_JOB);
        if let Some(s) = j.spec.as_mut() {
            s.parallelism = Some(-1);
            s.backoff_limit = Some(-1);
            s.completions = None;
            s.completion_mode = Some("Indexed".into());
        }
        assert_eq!(
            strs(&validate_job(&j)),
            vec![
                "spec.parallelism: Invalid value: -1: must be greater than or equal to 0"
                    .to_string(),
                "spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0"
                    .to_string(),
                "spec.completions: Required value: when completion mode is Indexed".to_string(),
            ]
        );
    }

    #[test]
    fn job_several_errors_multiline() {
        let j = job(&PI_JOB
            .replace("      restartPolicy: Never\n", "")
            .replace("        image: perl:5.34.0\n", ""));
        let err = ApiError::invalid_for_kind("Job", "pi", validate_job(&j));
        assert_eq!(
            err.to_string(),
            "The Job \"pi\" is invalid: \n* spec.template.spec.containers[0].image: Required value\n* spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\""
        );
    }

    #[test]
    fn job_template_is_immutable() {
        let old = job(PI_JOB);
        let mut new = old.clone();
        if let Some(ps) = new.spec.as_mut().and_then(|s| s.template.spec.as_mut()) {
            ps.containers[0].image = Some("perl:5.36".into());
        }
        let errs = validate_job_update(&old, &new);
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].path, "spec.template");
        assert!(errs[0].to_string().ends_with(": field is immutable"));
        assert!(errs[0]
            .to_string()
            .starts_with("spec.template: Invalid value: {\"labels\":{\"batch.kubernetes.io/controller-uid\":\"8ab3c3c1-2d7a-4c55-9b1e-5f0c1b1f0e01\",\"batch.kubernetes.io/job-name\":\"pi\",\"controller-uid\":"));
        // Changing parallelism is fine; completions is immutable for NonIndexed jobs.
        let mut new = old.clone();
        if let Some(s) = new.spec.as_mut() {
            s.parallelism = Some(3);
        }
        assert!(validate_job_update(&old, &new).is_empty());
        let mut new = old.clone();
        if let Some(s) = new.spec.as_mut() {
            s.completions = Some(3);
        }
        assert_eq!(
            strs(&validate_job_update(&old, &new)),
            vec!["spec.completions: Invalid value: 3: field is immutable".to_string()]
        );
    }

    const CRON: &str = r#"
apiVersion: batch/v1
kind: CronJob
metadata:
  name: hello
spec:
  schedule: "* * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: hello
            image: busybox:1.28
          restartPolicy: OnFailure
"#;

    fn cron(y: &str) -> CronJob {
        let mut c: CronJob = parse(y);
        defaults::default_cron_job(&mut c);
        c
    }

    fn fake_parser(s: &str) -> Result<(), String> {
        // Stand-in for robfig/cron ParseStandard: exactly five fields.
        let n = s.split_whitespace().filter(|f| !f.contains("TZ=")).count();
        if n == 5 {
            Ok(())
        } else {
            Err(format!("expected exactly 5 fields, found {n}: [{s}]"))
        }
    }

    #[test]
    fn cronjob_hello_is_valid() {
        assert!(validate_cron_job(&cron(CRON), &fake_parser).is_empty());
    }

    // batch validation_test.go TestValidateCronJob: "spec.schedule: cannot use TZ ...",
    // "spec.timeZone: unknown time zone", name length 52.
    #[test]
    fn cronjob_errors() {
        let c = cron(&CRON.replace("\"* * * * *\"", "\"TZ=UTC 0 * * * *\""));
        assert_eq!(
            strs(&validate_cron_job(&c, &fake_parser)),
            vec!["spec.schedule: Invalid value: \"TZ=UTC 0 * * * *\": cannot use TZ or CRON_TZ in schedule, use timeZone field instead".to_string()]
        );
        let c = cron(&CRON.replace("\"* * * * *\"", "\"* * * *\""));
        assert_eq!(
            strs(&validate_cron_job(&c, &fake_parser)),
            vec!["spec.schedule: Invalid value: \"* * * *\": expected exactly 5 fields, found 4: [* * * *]".to_string()]
        );
        let c = cron(&CRON.replace(
            "  jobTemplate:",
            "  timeZone: Mars/Olympus_Mons\n  jobTemplate:",
        ));
        assert_eq!(
            strs(&validate_cron_job(&c, &fake_parser)),
            vec!["spec.timeZone: Invalid value: \"Mars/Olympus_Mons\": unknown time zone Mars/Olympus_Mons".to_string()]
        );
        let c = cron(&CRON.replace(
            "  jobTemplate:",
            "  timeZone: Europe/Berlin\n  jobTemplate:",
        ));
        assert!(validate_cron_job(&c, &fake_parser).is_empty());
        let c = cron(&CRON.replace("  jobTemplate:", "  timeZone: Local\n  jobTemplate:"));
        assert_eq!(
            strs(&validate_cron_job(&c, &fake_parser))[0],
            "spec.timeZone: Invalid value: \"Local\": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"
        );
        let long = "a".repeat(53);
        let c = cron(&CRON.replace("name: hello", &format!("name: {long}")));
        assert_eq!(
            strs(&validate_cron_job(&c, &fake_parser)),
            vec![format!(
                "metadata.name: Invalid value: \"{long}\": must be no more than 52 characters"
            )]
        );
        let c = cron(&CRON.replace("restartPolicy: OnFailure", "restartPolicy: Always"));
        assert_eq!(
            strs(&validate_cron_job(&c, &fake_parser)),
            vec!["spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\"".to_string()]
        );
    }

    #[test]
    fn cronjob_update_tolerates_old_tz() {
        let old = cron(&CRON.replace("\"* * * * *\"", "\"CRON_TZ=UTC 0 * * * *\""));
        let new = old.clone();
        assert!(validate_cron_job_update(&old, &new, &fake_parser).is_empty());
    }

    const DEPLOY: &str = r#"
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-deployment
spec:
  replicas: 3
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.14.2
        ports:
        - containerPort: 80
"#;

    fn deploy(y: &str) -> Deployment {
        let mut d: Deployment = parse(y);
        defaults::default_deployment(&mut d);
        d
    }

    #[test]
    fn deployment_cases() {
        assert!(validate_deployment(&deploy(DEPLOY)).is_empty());
        let mut d = deploy(DEPLOY);
        if let Some(ps) = d.spec.as_mut().and_then(|s| s.template.spec.as_mut()) {
            ps.restart_policy = Some("Never".into());
        }
        let err =
            ApiError::invalid_for_kind("Deployment", "nginx-deployment", validate_deployment(&d));
        assert_eq!(
            err.to_string(),
            "The Deployment \"nginx-deployment\" is invalid: spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\""
        );
        let d = deploy(&DEPLOY.replace("name: nginx-deployment", "name: Nginx_Deployment"));
        assert_eq!(
            strs(&validate_deployment(&d)),
            vec![format!(
                "metadata.name: Invalid value: \"Nginx_Deployment\": {SUBDOMAIN_MSG}"
            )]
        );
        let mut d = deploy(DEPLOY);
        if let Some(ru) = d
            .spec
            .as_mut()
            .and_then(|s| s.strategy.as_mut())
            .and_then(|s| s.rolling_update.as_mut())
        {
            ru.max_unavailable = Some(IntOrString::Int(0));
            ru.max_surge = Some(IntOrString::String("0%".into()));
        }
        assert_eq!(
            strs(&validate_deployment(&d)),
            vec!["spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0".to_string()]
        );
    }

    #[test]
    fn deployment_selector_immutable() {
        let old = deploy(DEPLOY);
        let new = deploy(&DEPLOY.replace("app: nginx", "app: web"));
        assert_eq!(
            strs(&validate_deployment_update(&old, &new)),
            vec!["spec.selector: Invalid value: {\"matchLabels\":{\"app\":\"web\"}}: field is immutable".to_string()]
        );
    }

    #[test]
    fn daemonset_rolling_update_zero() {
        let y = r#"
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: fluentd
spec:
  selector:
    matchLabels:
      name: fluentd
  updateStrategy:
    rollingUpdate:
      maxUnavailable: 0
  template:
    metadata:
      labels:
        name: fluentd
    spec:
      containers:
      - name: fluentd
        image: quay.io/fluentd_elasticsearch/fluentd:v5.0.1
"#;
        let mut ds: DaemonSet = parse(y);
        defaults::default_daemon_set(&mut ds);
        assert_eq!(
            strs(&validate_daemon_set(&ds)),
            vec!["spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0".to_string()]
        );
    }

    /// A stored pod (mounts and volume names kept apart from what its workload's pods share) is
    /// checked as its copy in the API's types is: volumes, mounts and init containers alike.
    #[test]
    fn stored_pods_are_checked_as_the_api_pod() {
        let y = r#"
metadata:
  name: web
spec:
  volumes:
  - name: data
    persistentVolumeClaim: {claimName: ""}
  - name: data
    emptyDir: {}
  - name: Bad_Name
    emptyDir: {}
  initContainers:
  - name: init
    image: busybox
    volumeMounts:
    - {name: data, mountPath: /d}
    - {name: missing, mountPath: /d}
  containers:
  - name: web
    image: nginx
    volumeMounts:
    - {name: data, mountPath: /x}
    - {name: "", mountPath: ""}
"#;
        let mut p: Pod = parse(y);
        defaults::default_pod(&mut p);
        let stored = strs(&validate_pod(&p));
        let spec = p.spec.as_ref().map(|s| s.to_core()).unwrap_or_default();
        let api = strs(&validate_pod_spec(&spec, "spec", &[]));
        assert_eq!(stored, api);
        for want in [
            "spec.volumes[0].persistentVolumeClaim.claimName: Required value",
            "spec.volumes[1].name: Duplicate value: \"data\"",
            "spec.initContainers[0].volumeMounts[1].name: Not found: \"missing\"",
            "spec.initContainers[0].volumeMounts[1].mountPath: Invalid value: \"/d\": must be unique",
            "spec.containers[0].volumeMounts[1].mountPath: Required value",
        ] {
            assert!(
                stored.iter().any(|e| e == want),
                "{want} not in {stored:#?}"
            );
        }
    }

    #[test]
    fn pod_container_errors() {
        let y = r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: Web
    image: nginx
    ports:
    - containerPort: 0
    resources:
      requests:
        cpu: "2"
      limits:
        cpu: "1"
  - name: Web
"#;
        let mut p: Pod = parse(y);
        defaults::default_pod(&mut p);
        assert_eq!(
            strs(&validate_pod(&p)),
            vec![
                format!("spec.containers[0].name: Invalid value: \"Web\": {LABEL_MSG}"),
                "spec.containers[0].ports[0].containerPort: Required value".to_string(),
                "spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1".to_string(),
                format!("spec.containers[1].name: Invalid value: \"Web\": {LABEL_MSG}"),
                "spec.containers[1].name: Duplicate value: \"Web\"".to_string(),
                "spec.containers[1].image: Required value".to_string(),
            ]
        );
        let mut p: Pod = parse("metadata:\n  name: empty\nspec:\n  containers: []\n");
        defaults::default_pod(&mut p);
        assert_eq!(
            strs(&validate_pod(&p)),
            vec!["spec.containers: Required value".to_string()]
        );
    }

    #[test]
    fn service_and_pvc() {
        let mut s: Service = parse(
            "metadata:\n  name: my_svc\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n",
        );
        defaults::default_service(&mut s);
        assert_eq!(
            strs(&validate_service(&s)),
            vec!["metadata.name: Invalid value: \"my_svc\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')".to_string()]
        );
        let mut s: Service = parse(
            "metadata:\n  name: nginx\nspec:\n  clusterIP: None\n  selector:\n    app: nginx\n",
        );
        defaults::default_service(&mut s);
        assert!(validate_service(&s).is_empty());

        let mut pvc: PersistentVolumeClaim = parse("metadata:\n  name: data\nspec: {}\n");
        defaults::default_persistent_volume_claim(&mut pvc);
        assert_eq!(
            strs(&validate_persistent_volume_claim(&pvc)),
            vec![
                "spec.accessModes: Required value: at least 1 access mode is required".to_string(),
                "spec.resources[storage]: Required value".to_string(),
            ]
        );
    }

    #[test]
    fn label_value_and_selector_operator() {
        let mut labels = Labels::new();
        labels.insert("app".into(), "my app".into());
        assert_eq!(
            strs(&validate_labels(Some(&labels), "metadata.labels")),
            vec!["metadata.labels: Invalid value: \"my app\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')".to_string()]
        );
        let sel: LabelSelector =
            parse("matchExpressions:\n- key: app\n  operator: Equals\n  values: [web]\n");
        assert_eq!(
            strs(&validate_label_selector(&sel, "spec.selector")),
            vec!["spec.selector.matchExpressions[0].operator: Invalid value: \"Equals\": not a valid selector operator".to_string()]
        );
        assert!(!selector_matches(&sel, None));
    }

    #[test]
    fn quantities() {
        assert_eq!(parse_quantity("500m"), Some(0.5));
        assert_eq!(parse_quantity("1Gi"), Some(1073741824.0));
        assert_eq!(parse_quantity("1e3"), Some(1000.0));
        assert_eq!(parse_quantity("abc"), None);
        assert_eq!(parse_quantity("1Gb"), None);
    }
}
