//! Field-level validation errors and the API status errors kubectl prints.
//!
//! Ports of:
//! - `k8s.io/apimachinery/pkg/util/validation/field/errors.go` (`Error.Error()`, `ErrorBody()`,
//!   `ErrorList.ToAggregate()`),
//! - `k8s.io/apimachinery/pkg/api/errors/errors.go` (`NewInvalid`, `NewNotFound`,
//!   `NewAlreadyExists`, `NewForbidden`, `NewBadRequest`, `NewConflict`),
//! - `k8s.io/kubectl/pkg/cmd/util/helpers.go` (`checkErr`, `StandardErrorMessage`,
//!   `MultilineError`, `AddSourceToErr`).

use std::collections::BTreeSet;
use std::fmt;

/// The kind of a field error; mirrors apimachinery's `field.ErrorType`, whose `String()` is the
/// text shown between the field path and the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldErrorKind {
    /// `FieldValueNotFound` ("Not found").
    NotFound,
    /// `FieldValueRequired` ("Required value").
    Required,
    /// `FieldValueDuplicate` ("Duplicate value").
    Duplicate,
    /// `FieldValueInvalid` ("Invalid value").
    Invalid,
    /// `FieldValueNotSupported` ("Unsupported value").
    NotSupported,
    /// `FieldValueForbidden` ("Forbidden").
    Forbidden,
    /// `FieldValueTooLong` ("Too long").
    TooLong,
    /// `FieldValueTooMany` ("Too many").
    TooMany,
    /// `InternalError` ("Internal error").
    Internal,
}

impl FieldErrorKind {
    /// The canonical message of `ErrorType.String()`.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldErrorKind::NotFound => "Not found",
            FieldErrorKind::Required => "Required value",
            FieldErrorKind::Duplicate => "Duplicate value",
            FieldErrorKind::Invalid => "Invalid value",
            FieldErrorKind::NotSupported => "Unsupported value",
            FieldErrorKind::Forbidden => "Forbidden",
            FieldErrorKind::TooLong => "Too long",
            FieldErrorKind::TooMany => "Too many",
            FieldErrorKind::Internal => "Internal error",
        }
    }

    /// The `reason` of the matching `metav1.StatusCause` (`FieldValueInvalid`, ...).
    pub fn cause_type(self) -> &'static str {
        match self {
            FieldErrorKind::NotFound => "FieldValueNotFound",
            FieldErrorKind::Required => "FieldValueRequired",
            FieldErrorKind::Duplicate => "FieldValueDuplicate",
            FieldErrorKind::Invalid => "FieldValueInvalid",
            FieldErrorKind::NotSupported => "FieldValueNotSupported",
            FieldErrorKind::Forbidden => "FieldValueForbidden",
            FieldErrorKind::TooLong => "FieldValueTooLong",
            FieldErrorKind::TooMany => "FieldValueTooMany",
            FieldErrorKind::Internal => "InternalError",
        }
    }
}

/// A bad value, rendered the way `field.Error.ErrorBody()` renders `BadValue`: integers and
/// booleans with `%v`, strings with Go's `%q`, anything else as JSON (`json.Marshal`).
#[derive(Clone, Debug, PartialEq)]
pub enum BadValue {
    /// A Go string; rendered with `%q`.
    Str(String),
    /// A Go integer; rendered with `%v`.
    Int(i64),
    /// A Go bool; rendered with `%v`.
    Bool(bool),
    /// A structured value (maps, selectors, pointers to strings, ...); rendered as Go JSON.
    Json(serde_json::Value),
    /// Text that is already rendered (used where upstream prints an internal Go type).
    Raw(String),
}

impl BadValue {
    /// Renders the value as it appears after `Invalid value: `.
    pub fn render(&self) -> String {
        match self {
            BadValue::Str(s) => go_quote(s),
            BadValue::Int(i) => i.to_string(),
            BadValue::Bool(b) => b.to_string(),
            BadValue::Json(v) => go_json(v),
            BadValue::Raw(s) => s.clone(),
        }
    }
}

impl From<&str> for BadValue {
    fn from(s: &str) -> Self {
        BadValue::Str(s.to_string())
    }
}

impl From<String> for BadValue {
    fn from(s: String) -> Self {
        BadValue::Str(s)
    }
}

impl From<&String> for BadValue {
    fn from(s: &String) -> Self {
        BadValue::Str(s.clone())
    }
}

impl From<i64> for BadValue {
    fn from(i: i64) -> Self {
        BadValue::Int(i)
    }
}

impl From<i32> for BadValue {
    fn from(i: i32) -> Self {
        BadValue::Int(i64::from(i))
    }
}

impl From<bool> for BadValue {
    fn from(b: bool) -> Self {
        BadValue::Bool(b)
    }
}

impl From<serde_json::Value> for BadValue {
    fn from(v: serde_json::Value) -> Self {
        BadValue::Json(v)
    }
}

/// One field-level validation error, the simulator's `field.Error`.
///
/// `value` holds the already rendered bad value; it is `None` for the error types whose body does
/// not show the value (Required, Forbidden, TooLong, Internal).
#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    /// What went wrong.
    pub kind: FieldErrorKind,
    /// JSON path of the field, e.g. `spec.template.spec.containers[0].image`.
    pub path: String,
    /// The rendered bad value, if the error type shows it.
    pub value: Option<String>,
    /// Free-form detail appended after `: `.
    pub detail: String,
}

impl FieldError {
    /// `field.Required(path, detail)`.
    pub fn required(path: impl Into<String>, detail: impl Into<String>) -> Self {
        FieldError {
            kind: FieldErrorKind::Required,
            path: path.into(),
            value: None,
            detail: detail.into(),
        }
    }

    /// `field.Invalid(path, value, detail)`.
    pub fn invalid(
        path: impl Into<String>,
        value: impl Into<BadValue>,
        detail: impl Into<String>,
    ) -> Self {
        FieldError {
            kind: FieldErrorKind::Invalid,
            path: path.into(),
            value: Some(value.into().render()),
            detail: detail.into(),
        }
    }

    /// `field.NotSupported(path, value, validValues)`: detail `supported values: "a", "b"`.
    pub fn not_supported(
        path: impl Into<String>,
        value: impl Into<BadValue>,
        valid: &[&str],
    ) -> Self {
        let detail = if valid.is_empty() {
            String::new()
        } else {
            let quoted: Vec<String> = valid.iter().map(|v| go_quote(v)).collect();
            format!("supported values: {}", quoted.join(", "))
        };
        FieldError {
            kind: FieldErrorKind::NotSupported,
            path: path.into(),
            value: Some(value.into().render()),
            detail,
        }
    }

    /// `field.Forbidden(path, detail)`.
    pub fn forbidden(path: impl Into<String>, detail: impl Into<String>) -> Self {
        FieldError {
            kind: FieldErrorKind::Forbidden,
            path: path.into(),
            value: None,
            detail: detail.into(),
        }
    }

    /// `field.Duplicate(path, value)`.
    pub fn duplicate(path: impl Into<String>, value: impl Into<BadValue>) -> Self {
        FieldError {
            kind: FieldErrorKind::Duplicate,
            path: path.into(),
            value: Some(value.into().render()),
            detail: String::new(),
        }
    }

    /// `field.NotFound(path, value)`.
    pub fn not_found(path: impl Into<String>, value: impl Into<BadValue>) -> Self {
        FieldError {
            kind: FieldErrorKind::NotFound,
            path: path.into(),
            value: Some(value.into().render()),
            detail: String::new(),
        }
    }

    /// `field.TooLong(path, _, max)`: `Too long: may not be more than N bytes`.
    pub fn too_long(path: impl Into<String>, max_len: i64) -> Self {
        let detail = if max_len >= 0 {
            let unit = if max_len == 1 { "byte" } else { "bytes" };
            format!("may not be more than {max_len} {unit}")
        } else {
            "value is too long".to_string()
        };
        FieldError {
            kind: FieldErrorKind::TooLong,
            path: path.into(),
            value: None,
            detail,
        }
    }

    /// `field.TooMany(path, actual, max)`: `Too many: 3: must have at most 2 items`.
    pub fn too_many(path: impl Into<String>, actual: i64, max: i64) -> Self {
        let detail = if max >= 0 {
            let unit = if max == 1 { "item" } else { "items" };
            format!("must have at most {max} {unit}")
        } else {
            "has too many items".to_string()
        };
        FieldError {
            kind: FieldErrorKind::TooMany,
            path: path.into(),
            value: if actual >= 0 {
                Some(actual.to_string())
            } else {
                None
            },
            detail,
        }
    }

    /// `ErrorBody()`: the message without the field path.
    pub fn body(&self) -> String {
        let mut s = self.kind.as_str().to_string();
        let shows_value = matches!(
            self.kind,
            FieldErrorKind::Invalid
                | FieldErrorKind::NotSupported
                | FieldErrorKind::NotFound
                | FieldErrorKind::Duplicate
                | FieldErrorKind::TooMany
        );
        if shows_value && let Some(v) = &self.value {
            s.push_str(": ");
            s.push_str(v);
        }
        if !self.detail.is_empty() {
            s.push_str(": ");
            s.push_str(&self.detail);
        }
        s
    }
}

impl fmt::Display for FieldError {
    /// `field.Error.Error()`: `<path>: <body>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.body())
    }
}

/// `ErrorList.ToAggregate().Error()`: duplicates (by full message) dropped, a single error as is,
/// several joined with `, ` inside `[...]`. Empty for an empty list.
pub fn aggregate_message(errors: &[FieldError]) -> String {
    let msgs = dedup_messages(errors);
    match msgs.len() {
        0 => String::new(),
        1 => msgs[0].clone(),
        _ => format!("[{}]", msgs.join(", ")),
    }
}

fn dedup_messages(errors: &[FieldError]) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for e in errors {
        let m = e.to_string();
        if seen.insert(m.clone()) {
            out.push(m);
        }
    }
    out
}

/// `path.Child(name)`: appends `.name` (or starts the path).
pub fn child(base: &str, name: &str) -> String {
    if base.is_empty() {
        name.to_string()
    } else {
        format!("{base}.{name}")
    }
}

/// `path.Index(i)`: appends `[i]`.
pub fn index(base: &str, i: usize) -> String {
    format!("{base}[{i}]")
}

/// `path.Key(k)`: appends `[k]`.
pub fn key(base: &str, k: &str) -> String {
    format!("{base}[{k}]")
}

/// Go's `strconv.Quote` / `%q` for the strings the simulator deals with.
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Go's `json.Marshal` output for a JSON value, as the API server writes it into a message
/// ([`crate::gojson::marshal`]).
pub fn go_json(v: &serde_json::Value) -> String {
    crate::gojson::marshal(v)
}

/// The `StatusReason` of an API error, printed by kubectl as `Error from server (<Reason>): `.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusReason {
    /// 422 `Invalid`.
    Invalid,
    /// 404 `NotFound`.
    NotFound,
    /// 409 `AlreadyExists`.
    AlreadyExists,
    /// 403 `Forbidden`.
    Forbidden,
    /// 400 `BadRequest`.
    BadRequest,
    /// 409 `Conflict`.
    Conflict,
    /// 413 `RequestEntityTooLarge`.
    RequestEntityTooLarge,
}

impl StatusReason {
    /// The reason string of `metav1.StatusReason`.
    pub fn as_str(self) -> &'static str {
        match self {
            StatusReason::Invalid => "Invalid",
            StatusReason::NotFound => "NotFound",
            StatusReason::AlreadyExists => "AlreadyExists",
            StatusReason::Forbidden => "Forbidden",
            StatusReason::BadRequest => "BadRequest",
            StatusReason::Conflict => "Conflict",
            StatusReason::RequestEntityTooLarge => "RequestEntityTooLarge",
        }
    }

    /// The HTTP status code the API server answers with.
    pub fn code(self) -> u16 {
        match self {
            StatusReason::Invalid => 422,
            StatusReason::NotFound => 404,
            StatusReason::AlreadyExists | StatusReason::Conflict => 409,
            StatusReason::Forbidden => 403,
            StatusReason::BadRequest => 400,
            StatusReason::RequestEntityTooLarge => 413,
        }
    }
}

/// An API status error as returned by the simulated API server.
///
/// `Display` renders the line(s) kubectl prints on stderr (without the final newline):
/// Invalid errors via `checkErr`'s special case (`The StatefulSet "web" is invalid: ...`), every
/// other reason as `Error from server (<Reason>): <message>`.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    /// The status reason.
    pub reason: StatusReason,
    /// `metav1.Status.message` as the server builds it (before kubectl adds a source).
    pub message: String,
    /// `details.kind` (Invalid only), e.g. `StatefulSet`.
    pub kind: String,
    /// `details.name`.
    pub name: String,
    /// The field errors carried as `details.causes` (Invalid only).
    pub causes: Vec<FieldError>,
    /// `(verb, file)` added by kubectl's `AddSourceToErr` in `create -f`/`apply -f`.
    pub source: Option<(String, String)>,
}

impl ApiError {
    /// `errors.NewInvalid(qualifiedKind, name, errs)`; `group` is empty for the core group.
    pub fn invalid(kind: &str, group: &str, name: &str, errors: Vec<FieldError>) -> Self {
        let qualified = if group.is_empty() {
            kind.to_string()
        } else {
            format!("{kind}.{group}")
        };
        let message = format!(
            "{qualified} {} is invalid: {}",
            go_quote(name),
            aggregate_message(&errors)
        );
        ApiError {
            reason: StatusReason::Invalid,
            message,
            kind: kind.to_string(),
            name: name.to_string(),
            causes: errors,
            source: None,
        }
    }

    /// `errors.NewInvalid` for a kind known to [`resource_for_kind`] (group looked up).
    pub fn invalid_for_kind(kind: &str, name: &str, errors: Vec<FieldError>) -> Self {
        let group = resource_for_kind(kind).map(|(_, g)| g).unwrap_or("");
        Self::invalid(kind, group, name, errors)
    }

    /// `errors.NewNotFound(resource, name)`: `statefulsets.apps "web" not found`.
    pub fn not_found(qualified_resource: &str, name: &str) -> Self {
        Self::simple(
            StatusReason::NotFound,
            format!("{qualified_resource} {} not found", go_quote(name)),
            name,
        )
    }

    /// `errors.NewAlreadyExists(resource, name)`: `statefulsets.apps "web" already exists`.
    pub fn already_exists(qualified_resource: &str, name: &str) -> Self {
        Self::simple(
            StatusReason::AlreadyExists,
            format!("{qualified_resource} {} already exists", go_quote(name)),
            name,
        )
    }

    /// `errors.NewForbidden(resource, name, err)`: `pods "x" is forbidden: <reason>`.
    pub fn forbidden(qualified_resource: &str, name: &str, reason: &str) -> Self {
        let message = if qualified_resource.is_empty() {
            format!("forbidden: {reason}")
        } else if name.is_empty() {
            format!("{qualified_resource} is forbidden: {reason}")
        } else {
            format!(
                "{qualified_resource} {} is forbidden: {reason}",
                go_quote(name)
            )
        };
        Self::simple(StatusReason::Forbidden, message, name)
    }

    /// `errors.NewRequestEntityTooLargeError(fmt.Sprintf("limit is %d", limit))`, what
    /// `limitedReadBody` (`apiserver/pkg/endpoints/handlers/rest.go`) answers for a request body
    /// over `MaxRequestBodyBytes`.
    pub fn request_entity_too_large(limit: u64) -> Self {
        Self::simple(
            StatusReason::RequestEntityTooLarge,
            format!("Request entity too large: limit is {limit}"),
            "",
        )
    }

    /// `errors.NewBadRequest(reason)`: the message is the reason itself.
    pub fn bad_request(message: &str) -> Self {
        Self::simple(StatusReason::BadRequest, message.to_string(), "")
    }

    /// `errors.NewConflict(resource, name, err)`:
    /// `Operation cannot be fulfilled on <resource> "<name>": <reason>`.
    pub fn conflict(qualified_resource: &str, name: &str, reason: &str) -> Self {
        Self::simple(
            StatusReason::Conflict,
            format!(
                "Operation cannot be fulfilled on {qualified_resource} {}: {reason}",
                go_quote(name)
            ),
            name,
        )
    }

    fn simple(reason: StatusReason, message: String, name: &str) -> Self {
        ApiError {
            reason,
            message,
            kind: String::new(),
            name: name.to_string(),
            causes: Vec::new(),
            source: None,
        }
    }

    /// kubectl's `AddSourceToErr(verb, file, err)` as done by `create -f`/`apply -f`
    /// (`verb` is e.g. `creating`); the message becomes `error when creating "web.yaml": ...`.
    pub fn with_source(mut self, verb: &str, file: &str) -> Self {
        if !file.is_empty() {
            self.source = Some((verb.to_string(), file.to_string()));
        }
        self
    }

    /// `metav1.Status.message` as the client sees it (with the source prefix, if any).
    pub fn status_message(&self) -> String {
        match &self.source {
            Some((verb, file)) => format!("error when {verb} {}: {}", go_quote(file), self.message),
            None => self.message.clone(),
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.reason == StatusReason::Invalid {
            // checkErr: "The %s %q is invalid" + MultilineError(s+": ", causes).
            let prefix = format!("The {} {} is invalid: ", self.kind, go_quote(&self.name));
            let msgs: Vec<String> = {
                // statusCausesToAggrError: "<field>: <message>", duplicates skipped.
                dedup_messages(&self.causes)
            };
            return match msgs.len() {
                0 => write!(f, "The {} {} is invalid", self.kind, go_quote(&self.name)),
                1 => write!(f, "{prefix}{}", msgs[0]),
                _ => {
                    write!(f, "{prefix}")?;
                    for m in &msgs {
                        write!(f, "\n* {m}")?;
                    }
                    Ok(())
                }
            };
        }
        write!(
            f,
            "Error from server ({}): {}",
            self.reason.as_str(),
            self.status_message()
        )
    }
}

impl std::error::Error for ApiError {}

/// Maps a kind to its plural resource name and API group, used to build the group-qualified
/// resource names of NotFound/AlreadyExists messages (`statefulsets.apps`, `jobs.batch`, `pods`).
pub fn resource_for_kind(kind: &str) -> Option<(&'static str, &'static str)> {
    Some(match kind {
        "Pod" => ("pods", ""),
        "Service" => ("services", ""),
        "PersistentVolumeClaim" => ("persistentvolumeclaims", ""),
        "PersistentVolume" => ("persistentvolumes", ""),
        "Node" => ("nodes", ""),
        "Namespace" => ("namespaces", ""),
        "ConfigMap" => ("configmaps", ""),
        "Secret" => ("secrets", ""),
        "Event" => ("events", ""),
        "ServiceAccount" => ("serviceaccounts", ""),
        "Deployment" => ("deployments", "apps"),
        "ReplicaSet" => ("replicasets", "apps"),
        "StatefulSet" => ("statefulsets", "apps"),
        "DaemonSet" => ("daemonsets", "apps"),
        "ControllerRevision" => ("controllerrevisions", "apps"),
        "Job" => ("jobs", "batch"),
        "CronJob" => ("cronjobs", "batch"),
        "StorageClass" => ("storageclasses", "storage.k8s.io"),
        _ => return None,
    })
}

/// `schema.GroupResource.String()` for a kind: `statefulsets.apps`, `pods`.
pub fn qualified_resource(kind: &str) -> Option<String> {
    resource_for_kind(kind).map(|(plural, group)| {
        if group.is_empty() {
            plural.to_string()
        } else {
            format!("{plural}.{group}")
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // Strings from apimachinery field/errors.go ErrorBody and the brief's kubectl samples.
    #[test]
    fn invalid_int_renders_with_v() {
        let e = FieldError::invalid("spec.replicas", -1, "must be greater than or equal to 0");
        assert_eq!(
            e.to_string(),
            "spec.replicas: Invalid value: -1: must be greater than or equal to 0"
        );
    }

    #[test]
    fn required_with_detail() {
        let e = FieldError::required(
            "spec.template.spec.restartPolicy",
            "valid values: \"OnFailure\", \"Never\"",
        );
        assert_eq!(
            e.to_string(),
            "spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\""
        );
    }

    #[test]
    fn required_without_detail() {
        assert_eq!(
            FieldError::required("spec.selector", "").to_string(),
            "spec.selector: Required value"
        );
    }

    #[test]
    fn not_supported_lists_quoted_values() {
        let e = FieldError::not_supported(
            "spec.template.spec.restartPolicy",
            "Always",
            &["OnFailure", "Never"],
        );
        assert_eq!(
            e.to_string(),
            "spec.template.spec.restartPolicy: Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\""
        );
    }

    #[test]
    fn forbidden_and_too_long() {
        assert_eq!(
            FieldError::forbidden("spec", "x").to_string(),
            "spec: Forbidden: x"
        );
        assert_eq!(
            FieldError::too_long("spec.managedBy", 63).to_string(),
            "spec.managedBy: Too long: may not be more than 63 bytes"
        );
    }

    #[test]
    fn duplicate_and_not_found() {
        assert_eq!(
            FieldError::duplicate("spec.containers[1].name", "web").to_string(),
            "spec.containers[1].name: Duplicate value: \"web\""
        );
        assert_eq!(
            FieldError::not_found("spec.containers[0].volumeMounts[0].name", "data").to_string(),
            "spec.containers[0].volumeMounts[0].name: Not found: \"data\""
        );
    }

    #[test]
    fn map_value_renders_as_json() {
        let v = serde_json::json!({"tier": "nginx"});
        let e = FieldError::invalid(
            "spec.template.metadata.labels",
            v,
            "`selector` does not match template `labels`",
        );
        assert_eq!(
            e.to_string(),
            "spec.template.metadata.labels: Invalid value: {\"tier\":\"nginx\"}: `selector` does not match template `labels`"
        );
    }

    #[test]
    fn aggregate_joins_and_dedups() {
        let a = FieldError::required("a", "");
        let b = FieldError::required("b", "");
        assert_eq!(
            aggregate_message(std::slice::from_ref(&a)),
            "a: Required value"
        );
        assert_eq!(
            aggregate_message(&[a.clone(), b.clone(), a.clone()]),
            "[a: Required value, b: Required value]"
        );
    }

    #[test]
    fn invalid_single_error_kubectl_line() {
        let err = ApiError::invalid_for_kind(
            "ReplicaSet",
            "replicaset-2",
            vec![FieldError::invalid(
                "spec.template.metadata.labels",
                serde_json::json!({"tier": "nginx"}),
                "`selector` does not match template `labels`",
            )],
        )
        .with_source("creating", "replicaset-definition-2.yaml");
        assert_eq!(
            err.to_string(),
            "The ReplicaSet \"replicaset-2\" is invalid: spec.template.metadata.labels: Invalid value: {\"tier\":\"nginx\"}: `selector` does not match template `labels`"
        );
        assert_eq!(
            err.message,
            "ReplicaSet.apps \"replicaset-2\" is invalid: spec.template.metadata.labels: Invalid value: {\"tier\":\"nginx\"}: `selector` does not match template `labels`"
        );
    }

    #[test]
    fn invalid_several_errors() {
        let errs = vec![
            FieldError::required("spec.template.spec.containers[0].image", ""),
            FieldError::required(
                "spec.template.spec.restartPolicy",
                "valid values: \"OnFailure\", \"Never\"",
            ),
        ];
        let err = ApiError::invalid_for_kind("Job", "x", errs);
        // Server message: NewInvalid + ToAggregate.
        assert_eq!(
            err.message,
            "Job.batch \"x\" is invalid: [spec.template.spec.containers[0].image: Required value, spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\"]"
        );
        // kubectl: MultilineError prints the prefix line, then one "* " line per cause.
        assert_eq!(
            err.to_string(),
            "The Job \"x\" is invalid: \n* spec.template.spec.containers[0].image: Required value\n* spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\""
        );
    }

    #[test]
    fn not_found_and_already_exists() {
        let nf = ApiError::not_found("statefulsets.apps", "web");
        assert_eq!(
            nf.to_string(),
            "Error from server (NotFound): statefulsets.apps \"web\" not found"
        );
        let ae = ApiError::already_exists("statefulsets.apps", "web");
        assert_eq!(
            ae.to_string(),
            "Error from server (AlreadyExists): statefulsets.apps \"web\" already exists"
        );
        assert_eq!(
            ae.with_source("creating", "web.yaml").to_string(),
            "Error from server (AlreadyExists): error when creating \"web.yaml\": statefulsets.apps \"web\" already exists"
        );
    }

    #[test]
    fn forbidden_bad_request_conflict() {
        assert_eq!(
            ApiError::forbidden("pods", "web-0", "some reason").to_string(),
            "Error from server (Forbidden): pods \"web-0\" is forbidden: some reason"
        );
        assert_eq!(
            ApiError::bad_request("the server rejected our request").to_string(),
            "Error from server (BadRequest): the server rejected our request"
        );
        assert_eq!(
            ApiError::conflict(
                "statefulsets.apps",
                "web",
                "the object has been modified; please apply your changes to the latest version and try again"
            )
            .to_string(),
            "Error from server (Conflict): Operation cannot be fulfilled on statefulsets.apps \"web\": the object has been modified; please apply your changes to the latest version and try again"
        );
    }

    #[test]
    fn qualified_resources() {
        assert_eq!(
            qualified_resource("StatefulSet").as_deref(),
            Some("statefulsets.apps")
        );
        assert_eq!(qualified_resource("Job").as_deref(), Some("jobs.batch"));
        assert_eq!(qualified_resource("Pod").as_deref(), Some("pods"));
        assert_eq!(qualified_resource("Nope"), None);
    }

    #[test]
    fn go_quote_escapes() {
        assert_eq!(go_quote("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
        assert_eq!(
            go_json(&serde_json::json!({"a": "<&>"})),
            "{\"a\":\"\\u003c\\u0026\\u003e\"}"
        );
    }
}
