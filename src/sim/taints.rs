//! Taints and tolerations.
//!
//! Sources:
//! - `staging/src/k8s.io/api/core/v1/toleration.go` (`ToleratesTaint`),
//! - `staging/src/k8s.io/api/core/v1/taint.go` (`Taint.ToString`),
//! - `staging/src/k8s.io/component-helpers/scheduling/corev1/helpers.go`
//!   (`TolerationsTolerateTaint`, `FindMatchingUntoleratedTaint`),
//! - `staging/src/k8s.io/kubectl/pkg/cmd/taint/utils.go` and `taint.go` (`kubectl taint`
//!   argument parsing, merging and messages),
//! - `pkg/controller/nodelifecycle/node_lifecycle_controller.go` (condition taints).

use std::fmt;

use k8s_openapi::api::core::v1::{Node, Taint, Toleration};

use crate::sim::labels::{is_qualified_name, is_valid_label_value};

/// `NoSchedule` effect.
pub const EFFECT_NO_SCHEDULE: &str = "NoSchedule";
/// `PreferNoSchedule` effect.
pub const EFFECT_PREFER_NO_SCHEDULE: &str = "PreferNoSchedule";
/// `NoExecute` effect.
pub const EFFECT_NO_EXECUTE: &str = "NoExecute";

/// Taint for a node whose Ready condition is False.
pub const TAINT_NODE_NOT_READY: &str = "node.kubernetes.io/not-ready";
/// Taint for a node whose Ready condition is Unknown (kubelet stopped reporting).
pub const TAINT_NODE_UNREACHABLE: &str = "node.kubernetes.io/unreachable";
/// Taint for a cordoned node (`spec.unschedulable`).
pub const TAINT_NODE_UNSCHEDULABLE: &str = "node.kubernetes.io/unschedulable";
/// Taint for MemoryPressure=True.
pub const TAINT_NODE_MEMORY_PRESSURE: &str = "node.kubernetes.io/memory-pressure";
/// Taint for DiskPressure=True.
pub const TAINT_NODE_DISK_PRESSURE: &str = "node.kubernetes.io/disk-pressure";
/// Taint for PIDPressure=True.
pub const TAINT_NODE_PID_PRESSURE: &str = "node.kubernetes.io/pid-pressure";
/// Taint for NetworkUnavailable=True.
pub const TAINT_NODE_NETWORK_UNAVAILABLE: &str = "node.kubernetes.io/network-unavailable";
/// The kubeadm control-plane taint.
pub const TAINT_CONTROL_PLANE: &str = "node-role.kubernetes.io/control-plane";

/// Builds a taint (value `None` when empty, as the API omits it).
pub fn taint(key: &str, value: &str, effect: &str) -> Taint {
    Taint {
        key: key.to_string(),
        value: if value.is_empty() {
            None
        } else {
            Some(value.to_string())
        },
        effect: effect.to_string(),
        time_added: None,
    }
}

/// `Toleration.ToleratesTaint` as of Kubernetes 1.34: operators `Equal` (the default) and
/// `Exists`; an empty key with `Exists` matches every taint; an empty effect matches every
/// effect. Any other operator tolerates nothing.
pub fn tolerates(toleration: &Toleration, taint: &Taint) -> bool {
    tolerates_with_comparison(toleration, taint, false)
}

/// `ToleratesTaint` with the newer numeric `Gt`/`Lt` operators (feature gate
/// `TaintTolerationComparisonOperators`, alpha after 1.34) switched on or off.
pub fn tolerates_with_comparison(
    toleration: &Toleration,
    taint: &Taint,
    enable_comparison_operators: bool,
) -> bool {
    let t_effect = toleration.effect.as_deref().unwrap_or_default();
    if !t_effect.is_empty() && t_effect != taint.effect {
        return false;
    }
    let t_key = toleration.key.as_deref().unwrap_or_default();
    if !t_key.is_empty() && t_key != taint.key {
        return false;
    }
    let t_value = toleration.value.as_deref().unwrap_or_default();
    let taint_value = taint.value.as_deref().unwrap_or_default();
    match toleration.operator.as_deref().unwrap_or_default() {
        "" | "Equal" => t_value == taint_value,
        "Exists" => true,
        op @ ("Lt" | "Gt") if enable_comparison_operators => {
            let parse = crate::sim::labels::parse_go_int64;
            match (parse(t_value), parse(taint_value)) {
                (Some(tv), Some(nv)) => {
                    if op == "Lt" {
                        nv < tv
                    } else {
                        nv > tv
                    }
                }
                _ => false,
            }
        }
        _ => false,
    }
}

/// `TolerationsTolerateTaint`: whether any toleration tolerates the taint.
pub fn tolerations_tolerate_taint(tolerations: &[Toleration], taint: &Taint) -> bool {
    tolerations.iter().any(|t| tolerates(t, taint))
}

/// The scheduler's filter for `FindMatchingUntoleratedTaint`
/// (`helper.DoNotScheduleTaintsFilterFunc`): only `NoSchedule` and `NoExecute` count.
pub fn do_not_schedule_taints_filter(t: &Taint) -> bool {
    t.effect == EFFECT_NO_SCHEDULE || t.effect == EFFECT_NO_EXECUTE
}

/// `FindMatchingUntoleratedTaint`: the first taint (in node order) that passes `filter` and
/// is not tolerated, if any.
pub fn find_untolerated<'a>(
    taints: &'a [Taint],
    tolerations: &[Toleration],
    filter: impl Fn(&Taint) -> bool,
) -> Option<&'a Taint> {
    taints
        .iter()
        .filter(|t| filter(t))
        .find(|t| !tolerations_tolerate_taint(tolerations, t))
}

/// `Taint.ToString()`: `key=value:Effect`, `key=value:`, `key:Effect` or `key`.
pub fn taint_to_string(t: &Taint) -> String {
    let value = t.value.as_deref().unwrap_or_default();
    match (t.effect.is_empty(), value.is_empty()) {
        (true, true) => t.key.clone(),
        (true, false) => format!("{}={}:", t.key, value),
        (false, true) => format!("{}:{}", t.key, t.effect),
        (false, false) => format!("{}={}:{}", t.key, value, t.effect),
    }
}

/// Go's `%v` of a `corev1.Taint` value (used in one kubectl message):
/// `{key value Effect <nil>}`.
fn taint_go_v(t: &Taint) -> String {
    format!(
        "{{{} {} {} <nil>}}",
        t.key,
        t.value.as_deref().unwrap_or_default(),
        t.effect
    )
}

fn validate_taint_effect(effect: &str) -> Result<(), String> {
    if effect != EFFECT_NO_SCHEDULE
        && effect != EFFECT_PREFER_NO_SCHEDULE
        && effect != EFFECT_NO_EXECUTE
    {
        return Err(format!(
            "invalid taint effect: {effect}, unsupported taint effect"
        ));
    }
    Ok(())
}

/// kubectl's `parseTaint`: `key=value:Effect`, `key:Effect` or `key` (effect may be empty
/// only for the bare-key form, which is only valid for removal).
pub fn parse_taint(st: &str) -> Result<Taint, String> {
    let parts: Vec<&str> = st.split(':').collect();
    let (key, value, effect) = match parts.as_slice() {
        [key] => (*key, "", ""),
        [kv, effect] => {
            validate_taint_effect(effect)?;
            let kv_parts: Vec<&str> = kv.split('=').collect();
            if kv_parts.len() > 2 {
                return Err(format!("invalid taint spec: {st}"));
            }
            let value = kv_parts.get(1).copied().unwrap_or_default();
            if kv_parts.len() == 2 {
                let errs = is_valid_label_value(value);
                if !errs.is_empty() {
                    return Err(format!("invalid taint spec: {st}, {}", errs.join("; ")));
                }
            }
            (kv_parts[0], value, *effect)
        }
        _ => return Err(format!("invalid taint spec: {st}")),
    };
    let errs = is_qualified_name(key);
    if !errs.is_empty() {
        return Err(format!("invalid taint spec: {st}, {}", errs.join("; ")));
    }
    Ok(taint(key, value, effect))
}

/// kubectl's `parseTaints`: splits `kubectl taint` arguments into taints to add and taints
/// to remove (`key-`, `key:Effect-`), with kubectl's error texts.
pub fn parse_taints(specs: &[&str]) -> Result<(Vec<Taint>, Vec<Taint>), String> {
    let mut to_add: Vec<Taint> = Vec::new();
    let mut to_remove: Vec<Taint> = Vec::new();
    for spec in specs {
        if let Some(stripped) = spec.strip_suffix('-') {
            let t = parse_taint(stripped)?;
            to_remove.push(taint(&t.key, "", &t.effect));
        } else {
            let t = parse_taint(spec)?;
            if t.effect.is_empty() {
                return Err(format!("invalid taint spec: {spec}"));
            }
            if to_add
                .iter()
                .any(|x| x.effect == t.effect && x.key == t.key)
            {
                return Err(format!(
                    "duplicated taints with the same key and effect: {}",
                    taint_go_v(&t)
                ));
            }
            to_add.push(t);
        }
    }
    Ok((to_add, to_remove))
}

/// What `kubectl taint` reports per node: `node/x tainted`, `untainted` or `modified`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaintOperation {
    /// Taints were both added and removed, or `--overwrite` was given.
    Modified,
    /// Taints were added.
    Tainted,
    /// Nothing was added (taints removed, or no change).
    Untainted,
}

impl fmt::Display for TaintOperation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TaintOperation::Modified => "modified",
            TaintOperation::Tainted => "tainted",
            TaintOperation::Untainted => "untainted",
        })
    }
}

fn match_taint(a: &Taint, b: &Taint) -> bool {
    a.key == b.key && a.effect == b.effect
}

/// kubectl's `Validate` check that a command does not both add and remove the same taint.
pub fn validate_taint_changes(to_add: &[Taint], to_remove: &[Taint]) -> Result<(), String> {
    let mut conflicts = Vec::new();
    for a in to_add {
        for r in to_remove {
            if a.key != r.key {
                continue;
            }
            if r.effect.is_empty() || a.effect == r.effect {
                conflicts.push(format!("{{\"{}\":\"{}\"}}", r.key, r.effect));
            }
        }
    }
    if conflicts.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "can not both modify and remove the following taint(s) in the same command: {}",
            conflicts.join(", ")
        ))
    }
}

/// kubectl's `checkIfTaintsAlreadyExists`: comma-joined keys of taints to add that the node
/// already has with the same effect.
pub fn check_if_taints_already_exists(old: &[Taint], taints: &[Taint]) -> String {
    let mut keys = Vec::new();
    for t in taints {
        for o in old {
            if t.key == o.key && t.effect == o.effect {
                keys.push(t.key.clone());
            }
        }
    }
    keys.join(",")
}

/// kubectl's `reorganizeTaints`: new taints first, then the untouched old ones, minus
/// removals. Returns the operation, the new list, and the aggregated "taint \"x\" not found"
/// error when a removal matched nothing.
pub fn reorganize_taints(
    old: &[Taint],
    overwrite: bool,
    to_add: &[Taint],
    to_remove: &[Taint],
) -> (TaintOperation, Vec<Taint>, Option<String>) {
    let mut new_taints: Vec<Taint> = to_add.to_vec();
    // addTaints
    for o in old {
        if !new_taints.iter().any(|t| match_taint(t, o)) {
            new_taints.push(o.clone());
        }
    }
    let added = old.len() != new_taints.len();
    // deleteTaints
    let mut errs = Vec::new();
    let mut removed = false;
    for r in to_remove {
        let before = new_taints.len();
        if r.effect.is_empty() {
            new_taints.retain(|t| t.key != r.key);
        } else {
            new_taints.retain(|t| !match_taint(r, t));
        }
        removed = before != new_taints.len();
        if !removed {
            errs.push(format!(
                "taint {} not found",
                crate::sim::api::errors::go_quote(&taint_to_string(r))
            ));
        }
    }
    let op = if (added && removed) || overwrite {
        TaintOperation::Modified
    } else if added {
        TaintOperation::Tainted
    } else {
        TaintOperation::Untainted
    };
    (op, new_taints, crate::sim::labels::aggregate(errs))
}

/// kubectl's `updateTaints` for one node: refuses to re-add an existing key/effect without
/// `--overwrite`, then reorganizes.
pub fn update_node_taints(
    node_name: &str,
    old: &[Taint],
    overwrite: bool,
    to_add: &[Taint],
    to_remove: &[Taint],
) -> Result<(TaintOperation, Vec<Taint>), String> {
    if !overwrite {
        let exists = check_if_taints_already_exists(old, to_add);
        if !exists.is_empty() {
            return Err(format!(
                "node {node_name} already has {exists} taint(s) with same effect(s) and --overwrite is false"
            ));
        }
    }
    let (op, taints, err) = reorganize_taints(old, overwrite, to_add, to_remove);
    match err {
        Some(e) => Err(e),
        None => Ok((op, taints)),
    }
}

/// The taints the node lifecycle controller and `TaintNodesByCondition` keep on a node for
/// its conditions and cordon state (`nodeConditionToTaintKeyStatusMap`, taint-based
/// eviction): Ready=False gives `not-ready` (NoSchedule and NoExecute), Ready=Unknown or a
/// missing Ready condition gives `unreachable` (both effects), pressure conditions give
/// NoSchedule taints, `spec.unschedulable` gives `unschedulable:NoSchedule`.
pub fn condition_taints(node: &Node) -> Vec<Taint> {
    let mut out = Vec::new();
    let conditions = node
        .status
        .as_ref()
        .and_then(|s| s.conditions.as_deref())
        .unwrap_or_default();
    let status_of = |ty: &str| {
        conditions
            .iter()
            .find(|c| c.type_ == ty)
            .map(|c| c.status.as_str())
    };
    match status_of("Ready") {
        Some("True") => {}
        Some("False") => {
            out.push(taint(TAINT_NODE_NOT_READY, "", EFFECT_NO_SCHEDULE));
            out.push(taint(TAINT_NODE_NOT_READY, "", EFFECT_NO_EXECUTE));
        }
        _ => {
            out.push(taint(TAINT_NODE_UNREACHABLE, "", EFFECT_NO_SCHEDULE));
            out.push(taint(TAINT_NODE_UNREACHABLE, "", EFFECT_NO_EXECUTE));
        }
    }
    for (cond, key) in [
        ("MemoryPressure", TAINT_NODE_MEMORY_PRESSURE),
        ("DiskPressure", TAINT_NODE_DISK_PRESSURE),
        ("NetworkUnavailable", TAINT_NODE_NETWORK_UNAVAILABLE),
        ("PIDPressure", TAINT_NODE_PID_PRESSURE),
    ] {
        if status_of(cond) == Some("True") {
            out.push(taint(key, "", EFFECT_NO_SCHEDULE));
        }
    }
    if node
        .spec
        .as_ref()
        .and_then(|s| s.unschedulable)
        .unwrap_or(false)
    {
        out.push(taint(TAINT_NODE_UNSCHEDULABLE, "", EFFECT_NO_SCHEDULE));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::core::v1::{NodeCondition, NodeSpec, NodeStatus};

    fn tol(key: &str, op: &str, value: &str, effect: &str) -> Toleration {
        let opt = |s: &str| {
            if s.is_empty() {
                None
            } else {
                Some(s.to_string())
            }
        };
        Toleration {
            key: opt(key),
            operator: opt(op),
            value: opt(value),
            effect: opt(effect),
            toleration_seconds: None,
        }
    }

    // toleration_test.go TestTolerationToleratesTaint
    #[test]
    fn toleration_tolerates_taint() {
        let ns = EFFECT_NO_SCHEDULE;
        assert!(tolerates(
            &tol("foo", "Exists", "", ns),
            &taint("foo", "", ns)
        ));
        assert!(tolerates(
            &tol("foo", "Exists", "", ns),
            &taint("foo", "bar", ns)
        ));
        assert!(tolerates(
            &tol("", "Exists", "", ns),
            &taint("foo", "bar", ns)
        ));
        assert!(tolerates(
            &tol("foo", "Equal", "bar", ns),
            &taint("foo", "bar", ns)
        ));
        assert!(!tolerates(
            &tol("foo", "Equal", "value1", ns),
            &taint("foo", "value2", ns)
        ));
        assert!(!tolerates(
            &tol("foo", "Equal", "bar", ns),
            &taint("foo", "bar", EFFECT_NO_EXECUTE)
        ));
        let sla = "node.kubernetes.io/sla";
        let gt = |tv: &str, nv: &str| {
            tolerates_with_comparison(&tol(sla, "Gt", tv, ns), &taint(sla, nv, ns), true)
        };
        let lt = |tv: &str, nv: &str| {
            tolerates_with_comparison(&tol(sla, "Lt", tv, ns), &taint(sla, nv, ns), true)
        };
        assert!(!gt("950", "800"));
        assert!(gt("750", "950"));
        assert!(!lt("800", "950"));
        assert!(lt("950", "800"));
        assert!(!gt("950", "950"));
        assert!(!gt("950", "high"));
        assert!(!gt("-100", "-200"));
        assert!(!gt("9223372036854775806", "100"));
        // Without the feature (1.34), Gt tolerates nothing.
        assert!(!tolerates(
            &tol(sla, "Gt", "750", ns),
            &taint(sla, "950", ns)
        ));
    }

    /// Empty operator means Equal; empty effect matches all effects (toleration.go comment).
    #[test]
    fn defaults() {
        assert!(tolerates(
            &tol("k", "", "v", ""),
            &taint("k", "v", EFFECT_NO_EXECUTE)
        ));
        assert!(!tolerates(
            &tol("k", "", "", ""),
            &taint("k", "v", EFFECT_NO_EXECUTE)
        ));
        assert!(tolerates(
            &tol("", "Exists", "", ""),
            &taint("anything", "x", EFFECT_PREFER_NO_SCHEDULE)
        ));
    }

    // helpers.go FindMatchingUntoleratedTaint, as TaintToleration's Filter uses it
    #[test]
    fn find_matching_untolerated() {
        let taints = vec![
            taint("a", "", EFFECT_PREFER_NO_SCHEDULE),
            taint("b", "x", EFFECT_NO_SCHEDULE),
            taint("c", "", EFFECT_NO_EXECUTE),
        ];
        let none: Vec<Toleration> = vec![];
        let got = find_untolerated(&taints, &none, do_not_schedule_taints_filter);
        assert_eq!(got.map(|t| t.key.as_str()), Some("b"));
        let some = vec![tol("b", "Equal", "x", "")];
        let got = find_untolerated(&taints, &some, do_not_schedule_taints_filter);
        assert_eq!(got.map(|t| t.key.as_str()), Some("c"));
        let all = vec![tol("", "Exists", "", "")];
        assert!(find_untolerated(&taints, &all, do_not_schedule_taints_filter).is_none());
        // no filter: PreferNoSchedule counts too
        assert_eq!(
            find_untolerated(&taints, &none, |_| true).map(|t| t.key.as_str()),
            Some("a")
        );
    }

    // taint.go ToString
    #[test]
    fn to_string() {
        assert_eq!(
            taint_to_string(&taint("k", "v", "NoSchedule")),
            "k=v:NoSchedule"
        );
        assert_eq!(
            taint_to_string(&taint("k", "", "NoSchedule")),
            "k:NoSchedule"
        );
        assert_eq!(taint_to_string(&taint("k", "v", "")), "k=v:");
        assert_eq!(taint_to_string(&taint("k", "", "")), "k");
    }

    // utils_test.go TestParseTaints
    #[test]
    fn parse_taints_table() {
        for bad in [
            vec![""],
            vec!["foo=abc"],
            vec!["foo=abc=xyz:NoSchedule"],
            vec!["foo=abc:xyz:NoSchedule"],
            vec!["foo"],
            vec!["foo=abc:invalid_effect"],
            vec!["foo:invalid_effect-"],
        ] {
            assert!(parse_taints(&bad).is_err(), "{bad:?}");
        }
        let (add, remove) = parse_taints(&[
            "foo=abc:NoSchedule",
            "bar=abc:NoSchedule",
            "baz:NoSchedule",
            "qux:NoSchedule",
            "foobar=:NoSchedule",
        ])
        .expect("valid");
        assert_eq!(
            add,
            vec![
                taint("foo", "abc", "NoSchedule"),
                taint("bar", "abc", "NoSchedule"),
                taint("baz", "", "NoSchedule"),
                taint("qux", "", "NoSchedule"),
                taint("foobar", "", "NoSchedule"),
            ]
        );
        assert!(remove.is_empty());
        let (add, remove) = parse_taints(&[
            "foo:NoSchedule-",
            "bar:NoSchedule-",
            "qux=:NoSchedule-",
            "dedicated-",
        ])
        .expect("valid");
        assert!(add.is_empty());
        assert_eq!(
            remove,
            vec![
                taint("foo", "", "NoSchedule"),
                taint("bar", "", "NoSchedule"),
                taint("qux", "", "NoSchedule"),
                taint("dedicated", "", ""),
            ]
        );
    }

    /// Error texts from the format strings in utils.go.
    #[test]
    fn parse_taint_messages() {
        assert_eq!(
            parse_taints(&["foo"]).unwrap_err(),
            "invalid taint spec: foo"
        );
        assert_eq!(
            parse_taints(&["foo=abc:invalid_effect"]).unwrap_err(),
            "invalid taint effect: invalid_effect, unsupported taint effect"
        );
        assert_eq!(
            parse_taints(&["foo=abc=xyz:NoSchedule"]).unwrap_err(),
            "invalid taint spec: foo=abc=xyz:NoSchedule"
        );
        assert_eq!(
            parse_taints(&["k=v:NoSchedule", "k=w:NoSchedule"]).unwrap_err(),
            "duplicated taints with the same key and effect: {k w NoSchedule <nil>}"
        );
        assert_eq!(
            parse_taints(&["k=-v:NoSchedule"]).unwrap_err(),
            "invalid taint spec: k=-v:NoSchedule, a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
        );
        assert!(
            parse_taints(&["-k:NoSchedule"])
                .unwrap_err()
                .starts_with("invalid taint spec: -k:NoSchedule, name part must consist of")
        );
    }

    // utils_test.go TestReorganizeTaints
    #[test]
    fn reorganize() {
        let old = vec![taint("foo", "bar", "NoSchedule")];
        let (op, t, e) = reorganize_taints(&old, true, &[], &[]);
        assert_eq!((op, t, e), (TaintOperation::Modified, old.clone(), None));
        let (op, t, e) = reorganize_taints(&old, false, &[], &[]);
        assert_eq!((op, t, e), (TaintOperation::Untainted, old.clone(), None));
        let add = vec![taint("foo_1", "", "NoExecute")];
        let (op, t, e) = reorganize_taints(&old, false, &add, &[]);
        assert_eq!(op, TaintOperation::Tainted);
        assert_eq!(t, vec![add[0].clone(), old[0].clone()]);
        assert_eq!(e, None);
        let (op, t, _) = reorganize_taints(&old, false, &[], &[taint("foo", "", "NoSchedule")]);
        assert_eq!((op, t.len()), (TaintOperation::Untainted, 0));
        let (op, t, _) = reorganize_taints(&old, false, &[], &[taint("foo", "", "")]);
        assert_eq!((op, t.len()), (TaintOperation::Untainted, 0));
        let (op, t, e) = reorganize_taints(&old, false, &[], &[taint("foo_1", "", "NoSchedule")]);
        assert_eq!((op, t), (TaintOperation::Untainted, old.clone()));
        assert_eq!(e.as_deref(), Some("taint \"foo_1:NoSchedule\" not found"));
        let (op, t, e) = reorganize_taints(
            &old,
            false,
            &[taint("foo_1", "", "NoSchedule")],
            &[taint("foo", "", "NoSchedule")],
        );
        assert_eq!(op, TaintOperation::Modified);
        assert_eq!(t, vec![taint("foo_1", "", "NoSchedule")]);
        assert_eq!(e, None);
    }

    // utils_test.go TestCheckIfTaintsAlreadyExists + taint.go updateTaints message
    #[test]
    fn already_exists() {
        let old = vec![
            taint("foo_1", "bar", "NoSchedule"),
            taint("foo_2", "bar", "NoSchedule"),
            taint("foo_3", "bar", "NoSchedule"),
        ];
        assert_eq!(check_if_taints_already_exists(&old, &[]), "");
        assert_eq!(
            check_if_taints_already_exists(&old, &[taint("foo_1", "", "NoExecute")]),
            ""
        );
        assert_eq!(
            check_if_taints_already_exists(
                &old,
                &[
                    taint("foo_2", "", "NoSchedule"),
                    taint("foo_3", "", "NoSchedule")
                ]
            ),
            "foo_2,foo_3"
        );
        assert_eq!(
            update_node_taints("n1", &old, false, &[taint("foo_2", "x", "NoSchedule")], &[])
                .unwrap_err(),
            "node n1 already has foo_2 taint(s) with same effect(s) and --overwrite is false"
        );
        assert_eq!(
            validate_taint_changes(&[taint("a", "", "NoSchedule")], &[taint("a", "", "")])
                .unwrap_err(),
            "can not both modify and remove the following taint(s) in the same command: {\"a\":\"\"}"
        );
    }

    #[test]
    fn condition_taints_for_ready_states() {
        let node = |ready: Option<&str>, cordon: bool| Node {
            spec: Some(NodeSpec {
                unschedulable: Some(cordon),
                ..Default::default()
            }),
            status: Some(NodeStatus {
                conditions: ready.map(|s| {
                    vec![NodeCondition {
                        type_: "Ready".into(),
                        status: s.into(),
                        ..Default::default()
                    }]
                }),
                ..Default::default()
            }),
            ..Default::default()
        };
        assert!(condition_taints(&node(Some("True"), false)).is_empty());
        let keys = |n: &Node| {
            condition_taints(n)
                .into_iter()
                .map(|t| taint_to_string(&t))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            keys(&node(Some("False"), false)),
            vec![
                "node.kubernetes.io/not-ready:NoSchedule",
                "node.kubernetes.io/not-ready:NoExecute"
            ]
        );
        assert_eq!(
            keys(&node(Some("Unknown"), true)),
            vec![
                "node.kubernetes.io/unreachable:NoSchedule",
                "node.kubernetes.io/unreachable:NoExecute",
                "node.kubernetes.io/unschedulable:NoSchedule"
            ]
        );
    }
}
