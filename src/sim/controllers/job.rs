//! The Job controller (`pkg/controller/job/job_controller.go` with `backoff_utils.go`,
//! `indexed_job_utils.go`, `pod_failure_policy.go` and `success_policy.go`): runs pods from the
//! Job's template until enough of them succeed, replacing failed ones after an exponential
//! back-off, and finishes the Job `Complete` or `Failed`.
//!
//! Counting follows upstream's finalizer-based tracking: every pod carries the
//! `batch.kubernetes.io/job-tracking` finalizer until the controller has counted it; a finished
//! pod goes through `status.uncountedTerminatedPods`, its finalizer is removed, and it is moved into
//! `status.succeeded` / `status.failed`, so a pod deleted afterwards is never lost from the counts.
//! As in Kubernetes 1.34, a finishing Job first gets the interim `SuccessCriteriaMet` or
//! `FailureTarget` condition, and the terminal `Complete` / `Failed` one once no pod of it is still
//! terminating.

use crate::sim::api::server::DeleteOptions;
use crate::sim::cluster::Cluster;
use crate::sim::controllers::Ctrl;
use crate::sim::controllers::replicaset::active_pods_less;
use crate::sim::object::Kind;
use crate::sim::pod::Pod;
use crate::sim::pod_status::ContainerStatus;
use crate::sim::podutil::{self, controller_ref_to, event};
use crate::sim::runtime::JobBackoff;
use crate::sim::store::ObjKey;
use jiff::{SignedDuration, Timestamp};
use k8s_openapi::api::batch::v1::{
    Job, JobCondition, JobSpec, JobStatus, PodFailurePolicy,
    PodFailurePolicyOnExitCodesRequirement, SuccessPolicy, UncountedTerminatedPods,
};
use k8s_openapi::api::core::v1::{Container, EnvVar, EnvVarSource, ObjectFieldSelector};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use std::collections::BTreeSet;
use std::fmt;

const COMPONENT: &str = "job-controller";
/// Finalizer on every Job pod until the controller has counted it (`batch.JobTrackingFinalizer`).
pub const TRACKING_FINALIZER: &str = "batch.kubernetes.io/job-tracking";
/// Annotation and label holding an Indexed Job pod's completion index.
pub const COMPLETION_INDEX: &str = "batch.kubernetes.io/job-completion-index";
/// Environment variable carrying the completion index into Indexed Job containers.
pub const COMPLETION_INDEX_ENV: &str = "JOB_COMPLETION_INDEX";
/// First delay before a failed pod is replaced (`DefaultJobPodFailureBackOff`).
pub const DEFAULT_POD_FAILURE_BACKOFF: SignedDuration = SignedDuration::from_secs(10);
/// Longest delay before a failed pod is replaced (`MaxJobPodFailureBackOff`, 10 minutes in the
/// code; the documentation says 6).
pub const MAX_POD_FAILURE_BACKOFF: SignedDuration = SignedDuration::from_secs(600);
/// `MaxUncountedPods`: finished pods counted per sync.
const MAX_UNCOUNTED_PODS: usize = 500;
/// `MaxPodCreateDeletePerSync`.
const MAX_POD_CREATE_DELETE_PER_SYNC: usize = 500;

const COND_COMPLETE: &str = "Complete";
const COND_FAILED: &str = "Failed";
const COND_FAILURE_TARGET: &str = "FailureTarget";
const COND_SUCCESS_CRITERIA_MET: &str = "SuccessCriteriaMet";
const COND_SUSPENDED: &str = "Suspended";

// ---------------------------------------------------------------------------------------------
// Completion indexes (`indexed_job_utils.go` orderedIntervals)

/// A set of completion indexes as ordered, non-adjacent closed intervals, printed the way
/// `status.completedIndexes` shows them ("0-2,4", "1,2" for two neighbours).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Intervals(Vec<(i32, i32)>);

impl Intervals {
    /// `parseIndexesFromString`: ignores corrupt parts and indexes >= `completions`.
    pub fn parse(s: &str, completions: i32) -> Intervals {
        let mut out: Vec<(i32, i32)> = Vec::new();
        if s.is_empty() {
            return Intervals(out);
        }
        for part in s.split(',') {
            let mut limits = part.split('-');
            let Some(first) = limits.next().and_then(|v| v.parse::<i32>().ok()) else {
                continue;
            };
            if first >= completions {
                break;
            }
            let last = match limits.next() {
                Some(v) => match v.parse::<i32>() {
                    Ok(l) => l.min(completions - 1),
                    Err(_) => continue,
                },
                None => first,
            };
            match out.last_mut() {
                Some(prev) if prev.1 == first - 1 => prev.1 = last,
                _ => out.push((first, last)),
            }
        }
        Intervals(out)
    }

    /// `withOrderedIndexes`: adds indexes given in increasing order.
    pub fn with_indexes(&self, new: &[i32]) -> Intervals {
        self.merge(&Intervals(new.iter().map(|&i| (i, i)).collect()))
    }

    /// `merge`: the union of two interval lists.
    pub fn merge(&self, other: &Intervals) -> Intervals {
        let mut all: Vec<(i32, i32)> = self.0.iter().chain(other.0.iter()).copied().collect();
        all.sort();
        let mut out: Vec<(i32, i32)> = Vec::new();
        for iv in all {
            match out.last_mut() {
                Some(last) if iv.0 <= last.1 + 1 => last.1 = last.1.max(iv.1),
                _ => out.push(iv),
            }
        }
        Intervals(out)
    }

    /// How many indexes the set holds.
    pub fn total(&self) -> i32 {
        self.0.iter().map(|(a, b)| b - a + 1).sum()
    }

    /// Whether `ix` is in the set.
    pub fn has(&self, ix: i32) -> bool {
        self.0.iter().any(|&(a, b)| a <= ix && ix <= b)
    }
}

impl fmt::Display for Intervals {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (a, b)) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{a}")?;
            if b > a {
                let sep = if *b == a + 1 { "," } else { "-" };
                write!(f, "{sep}{b}")?;
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Small facts about Jobs and their pods

fn has_finalizer(p: &Pod) -> bool {
    p.metadata
        .finalizers
        .iter()
        .flatten()
        .any(|f| f == TRACKING_FINALIZER)
}

/// `getCompletionIndex`: the pod's completion index annotation, if valid.
pub fn completion_index(p: &Pod) -> Option<i32> {
    p.metadata
        .annotations
        .as_ref()?
        .get(COMPLETION_INDEX)?
        .parse::<i32>()
        .ok()
        .filter(|i| *i >= 0)
}

fn is_indexed(spec: &JobSpec) -> bool {
    spec.completion_mode.as_deref() == Some("Indexed")
}

fn is_suspended(spec: &JobSpec) -> bool {
    spec.suspend == Some(true)
}

/// `onlyReplaceFailedPods`: podReplacementPolicy Failed, or a podFailurePolicy.
fn only_replace_failed(spec: &JobSpec) -> bool {
    spec.pod_replacement_policy.as_deref() == Some("Failed") || spec.pod_failure_policy.is_some()
}

fn find_condition<'a>(st: &'a JobStatus, type_: &str) -> Option<&'a JobCondition> {
    st.conditions.iter().flatten().find(|c| c.type_ == type_)
}

fn condition_true(st: &JobStatus, type_: &str) -> bool {
    find_condition(st, type_).is_some_and(|c| c.status == "True")
}

/// `IsJobFinished`: a `Complete` or `Failed` condition is True.
pub fn is_finished(job: &Job) -> bool {
    job.status
        .as_ref()
        .is_some_and(|s| condition_true(s, COND_COMPLETE) || condition_true(s, COND_FAILED))
}

/// When the Job finished: the transition time of its True `Complete`/`Failed` condition
/// (`jobFinishTime` of the TTL-after-finished controller).
pub fn finish_time(job: &Job) -> Option<Timestamp> {
    job.status
        .as_ref()?
        .conditions
        .iter()
        .flatten()
        .find(|c| (c.type_ == COND_COMPLETE || c.type_ == COND_FAILED) && c.status == "True")?
        .last_transition_time
        .as_ref()
        .map(|t| t.0)
}

fn new_condition(
    type_: &str,
    status: &str,
    reason: &str,
    message: &str,
    now: Timestamp,
) -> JobCondition {
    JobCondition {
        type_: type_.to_string(),
        status: status.to_string(),
        last_probe_time: Some(Time(now)),
        last_transition_time: Some(Time(now)),
        reason: (!reason.is_empty()).then(|| reason.to_string()),
        message: (!message.is_empty()).then(|| message.to_string()),
    }
}

/// `ensureJobConditionStatus`: sets a condition, returning whether anything changed. A False
/// condition is never added when absent.
fn ensure_condition(
    st: &mut JobStatus,
    type_: &str,
    status: &str,
    reason: &str,
    message: &str,
    now: Timestamp,
) -> bool {
    if let Some(c) = st
        .conditions
        .iter_mut()
        .flatten()
        .find(|c| c.type_ == type_)
    {
        let same = c.status == status
            && c.reason.as_deref().unwrap_or("") == reason
            && c.message.as_deref().unwrap_or("") == message;
        if same {
            return false;
        }
        *c = new_condition(type_, status, reason, message, now);
        return true;
    }
    if status != "False" {
        st.conditions
            .get_or_insert_with(Vec::new)
            .push(new_condition(type_, status, reason, message, now));
        return true;
    }
    false
}

/// `isPodFailed`: Failed phase, or (unless only failed pods are replaced) being deleted without
/// having succeeded — a deleted pod never gets the chance to reach Failed.
fn is_pod_failed(p: &Pod, spec: &JobSpec) -> bool {
    let phase = podutil::phase(p);
    if phase == "Failed" {
        return true;
    }
    if only_replace_failed(spec) {
        return false;
    }
    p.metadata.deletion_timestamp.is_some() && phase != "Succeeded"
}

/// `controller.CountTerminatingPods`: being deleted and not yet terminal.
fn is_terminating(p: &Pod) -> bool {
    p.metadata.deletion_timestamp.is_some() && !podutil::is_terminal(p)
}

fn pod_uid(p: &Pod) -> String {
    p.metadata.uid.clone().unwrap_or_default()
}

fn pod_name(p: &Pod) -> String {
    p.metadata.name.clone().unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// podFailurePolicy (`pod_failure_policy.go`)

/// The outcome of matching a failed pod against the policy (`matchPodFailurePolicy`): a message
/// when a `FailJob` rule matched, whether the failure counts toward backoffLimit, and the action.
fn match_pod_failure_policy(
    policy: Option<&PodFailurePolicy>,
    pod: &Pod,
) -> (Option<String>, bool, Option<&'static str>) {
    let Some(policy) = policy else {
        return (None, true, None);
    };
    let status = pod.status.clone().unwrap_or_default();
    let ns = pod.metadata.namespace.clone().unwrap_or_default();
    let name = pod_name(pod);
    for (index, rule) in policy.rules.iter().enumerate() {
        if let Some(req) = &rule.on_exit_codes {
            let matched = matching_container(status.container_statuses.as_deref(), req)
                .or_else(|| matching_container(status.init_container_statuses.as_deref(), req));
            if let Some(cs) = matched {
                let code = cs
                    .state
                    .as_ref()
                    .and_then(|s| s.terminated.as_ref())
                    .map(|t| t.exit_code)
                    .unwrap_or(0);
                match rule.action.as_str() {
                    "Ignore" => return (None, false, Some("Ignore")),
                    "Count" => return (None, true, Some("Count")),
                    "FailJob" => {
                        let msg = format!(
                            "Container {} for pod {ns}/{name} failed with exit code {code} matching FailJob rule at index {index}",
                            cs.name
                        );
                        return (Some(msg), true, Some("FailJob"));
                    }
                    _ => {}
                }
            }
        } else if let Some(patterns) = &rule.on_pod_conditions {
            let matched = status.conditions.iter().flatten().find(|c| {
                patterns
                    .iter()
                    .any(|p| p.type_ == c.type_ && p.status == c.status)
            });
            if let Some(cond) = matched {
                match rule.action.as_str() {
                    "Ignore" => return (None, false, Some("Ignore")),
                    "Count" => return (None, true, Some("Count")),
                    "FailJob" => {
                        let msg = format!(
                            "Pod {ns}/{name} has condition {} matching FailJob rule at index {index}",
                            cond.type_
                        );
                        return (Some(msg), true, Some("FailJob"));
                    }
                    _ => {}
                }
            }
        }
    }
    (None, true, None)
}

/// `getMatchingContainerFromList`: the first terminated container with a non-zero exit code the
/// requirement matches.
fn matching_container<'a>(
    statuses: Option<&'a [ContainerStatus]>,
    req: &PodFailurePolicyOnExitCodesRequirement,
) -> Option<&'a ContainerStatus> {
    statuses?.iter().find(|cs| {
        let Some(t) = cs.state.as_ref().and_then(|s| s.terminated.as_ref()) else {
            return false;
        };
        if req.container_name.as_ref().is_some_and(|n| *n != cs.name) || t.exit_code == 0 {
            return false;
        }
        match req.operator.as_str() {
            "In" => req.values.contains(&t.exit_code),
            "NotIn" => !req.values.contains(&t.exit_code),
            _ => false,
        }
    })
}

/// `getFailJobMessage`: the message of the first failed pod matching a `FailJob` rule.
fn fail_job_message(spec: &JobSpec, pods: &[Pod]) -> Option<String> {
    let policy = spec.pod_failure_policy.as_ref()?;
    pods.iter()
        .filter(|p| is_pod_failed(p, spec))
        .find_map(|p| match_pod_failure_policy(Some(policy), p).0)
}

// ---------------------------------------------------------------------------------------------
// successPolicy (`success_policy.go`)

/// `matchSuccessPolicy`: the message when a rule is met by the succeeded indexes.
fn match_success_policy(
    policy: Option<&SuccessPolicy>,
    completions: i32,
    succeeded: &Intervals,
) -> Option<String> {
    let policy = policy?;
    if succeeded.0.is_empty() {
        return None;
    }
    for (index, rule) in policy.rules.iter().enumerate() {
        if let Some(s) = &rule.succeeded_indexes {
            let required = Intervals::parse(s, completions);
            if required.0.is_empty() {
                continue;
            }
            let contains: i32 = required
                .0
                .iter()
                .flat_map(|&(a, b)| a..=b)
                .filter(|i| succeeded.has(*i))
                .count() as i32;
            if contains == required.total() || rule.succeeded_count.is_some_and(|n| contains >= n) {
                return Some(format!("Matched rules at index {index}"));
            }
        } else if rule.succeeded_count.is_some_and(|n| succeeded.total() >= n) {
            return Some(format!("Matched rules at index {index}"));
        }
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Back-off (`backoff_utils.go`)

/// `getFinishedTime`: the latest container finish, else when Ready turned False, else the
/// deletion time, else creation.
fn finished_time(p: &Pod) -> Timestamp {
    let st = p.status.clone().unwrap_or_default();
    let from_containers = {
        let statuses = st.container_statuses.clone().unwrap_or_default();
        let mut latest: Option<Timestamp> = None;
        let mut all = !statuses.is_empty();
        for cs in &statuses {
            match cs
                .state
                .as_ref()
                .and_then(|s| s.terminated.as_ref())
                .and_then(|t| t.finished_at.as_ref())
            {
                Some(t) => latest = Some(latest.map_or(t.0, |l| l.max(t.0))),
                None => all = false,
            }
        }
        if all { latest } else { None }
    };
    if let Some(t) = from_containers {
        return t;
    }
    let ready_false = st
        .conditions
        .iter()
        .flatten()
        .find(|c| c.type_ == "Ready" && c.status == "False")
        .and_then(|c| c.last_transition_time.as_ref())
        .map(|t| t.0);
    if let Some(t) = ready_false {
        return t;
    }
    if let Some(d) = &p.metadata.deletion_timestamp {
        let grace = p.metadata.deletion_grace_period_seconds.unwrap_or(0);
        return d.0 - SignedDuration::from_secs(grace);
    }
    p.metadata
        .creation_timestamp
        .as_ref()
        .map(|t| t.0)
        .unwrap_or(Timestamp::UNIX_EPOCH)
}

/// `newBackoffRecord`: the record updated with pods that finished since the last sync.
fn new_backoff_record(old: Option<&JobBackoff>, succeeded: &[&Pod], failed: &[&Pod]) -> JobBackoff {
    let mut b = old.cloned().unwrap_or_default();
    let mut succ: Vec<Timestamp> = succeeded.iter().map(|p| finished_time(p)).collect();
    let mut fail: Vec<Timestamp> = failed.iter().map(|p| finished_time(p)).collect();
    succ.sort();
    fail.sort();
    match (succ.last(), fail.last()) {
        (None, None) => {}
        (None, Some(last)) => {
            b.failures_after_last_success += fail.len() as i32;
            b.last_failure_time = Some(*last);
        }
        (Some(_), None) => b = JobBackoff::default(),
        (Some(last_success), Some(_)) => {
            b = JobBackoff::default();
            for t in fail.iter().rev() {
                if t <= last_success {
                    break;
                }
                if b.last_failure_time.is_none() {
                    b.last_failure_time = Some(*t);
                }
                b.failures_after_last_success += 1;
            }
        }
    }
    b
}

/// `getRemainingTimeForFailuresCount`: 10s doubling per failure after the first, capped at 10
/// minutes, minus the time since the last failure.
pub fn backoff_remaining(b: &JobBackoff, now: Timestamp) -> SignedDuration {
    let Some(last) = b.last_failure_time else {
        return SignedDuration::ZERO;
    };
    if b.failures_after_last_success <= 0 {
        return SignedDuration::ZERO;
    }
    let mut d = DEFAULT_POD_FAILURE_BACKOFF;
    for _ in 1..b.failures_after_last_success {
        d *= 2;
        if d >= MAX_POD_FAILURE_BACKOFF {
            d = MAX_POD_FAILURE_BACKOFF;
            break;
        }
    }
    let elapsed = now.duration_since(last);
    if d < elapsed {
        SignedDuration::ZERO
    } else {
        d - elapsed
    }
}

// ---------------------------------------------------------------------------------------------
// syncJob

/// What one sync works with (`syncJobCtx`).
struct SyncCtx {
    key: ObjKey,
    job: Job,
    spec: JobSpec,
    pods: Vec<Pod>,
    active_pods: Vec<Pod>,
    ready: i32,
    terminating: i32,
    succeeded: i32,
    uncounted_succeeded: BTreeSet<String>,
    uncounted_failed: BTreeSet<String>,
    finished: Option<JobCondition>,
    prev_succeeded_indexes: Intervals,
    succeeded_indexes: Intervals,
    backoff: JobBackoff,
}

fn backoff_key(key: &ObjKey) -> String {
    format!("{}/{}", key.namespace, key.name)
}

/// Reconciles one Job (`syncJob`).
pub fn reconcile(c: &mut Cluster, key: &ObjKey) {
    let Some(job) = c.store.get_typed_at::<Job>(key).cloned() else {
        c.runtime.job_backoff.remove(&backoff_key(key));
        release_orphans(c, key);
        return;
    };
    if is_finished(&job) {
        c.runtime.job_backoff.remove(&backoff_key(key));
        return;
    }
    let spec = job.spec.clone().unwrap_or_default();
    if !matches!(
        spec.completion_mode.as_deref(),
        None | Some("NonIndexed") | Some("Indexed")
    ) {
        event(
            c,
            &job,
            "Warning",
            "UnknownCompletionMode",
            "Skipped Job sync because completion mode is unknown",
            COMPONENT,
        );
        return;
    }
    let now = c.now();
    let uid = job.metadata.uid.clone().unwrap_or_default();
    let mut pods: Vec<Pod> = podutil::owned_pods(c, &key.namespace, &uid)
        .into_iter()
        .map(std::sync::Arc::unwrap_or_clone)
        .collect();
    pods.sort_by_key(pod_name);
    let active_pods: Vec<Pod> = pods
        .iter()
        .filter(|p| podutil::is_active(p))
        .cloned()
        .collect();
    let mut st = job.status.clone().unwrap_or_default();
    let uncounted = st.uncounted_terminated_pods.clone().unwrap_or_default();
    let uncounted_succeeded: BTreeSet<String> =
        uncounted.succeeded.iter().flatten().cloned().collect();
    let uncounted_failed: BTreeSet<String> = uncounted.failed.iter().flatten().cloned().collect();
    st.uncounted_terminated_pods
        .get_or_insert_with(Default::default);
    let indexed = is_indexed(&spec);
    let completions = spec.completions.unwrap_or(0);
    let valid = |p: &Pod| !indexed || completion_index(p).is_some_and(|i| i < completions);
    let fresh = |p: &&Pod, set: &BTreeSet<String>| {
        has_finalizer(p) && !set.contains(&pod_uid(p)) && valid(p)
    };
    let new_succeeded: Vec<&Pod> = pods
        .iter()
        .filter(|p| fresh(p, &uncounted_succeeded) && podutil::phase(p) == "Succeeded")
        .collect();
    let new_failed: Vec<&Pod> = pods
        .iter()
        .filter(|p| fresh(p, &uncounted_failed) && is_pod_failed(p, &spec))
        .collect();
    let non_ignored = new_failed
        .iter()
        .filter(|p| match_pod_failure_policy(spec.pod_failure_policy.as_ref(), p).1)
        .count() as i32;
    let succeeded =
        st.succeeded.unwrap_or(0) + new_succeeded.len() as i32 + uncounted_succeeded.len() as i32;
    let failed = st.failed.unwrap_or(0) + non_ignored + uncounted_failed.len() as i32;

    // Job first start; not while suspended.
    if st.start_time.is_none() && !is_suspended(&spec) {
        st.start_time = Some(Time(now));
    }
    let backoff = new_backoff_record(
        c.runtime.job_backoff.get(&backoff_key(key)),
        &new_succeeded,
        &new_failed,
    );
    let mut ctx = SyncCtx {
        key: key.clone(),
        job,
        spec: spec.clone(),
        ready: active_pods.iter().filter(|p| podutil::is_ready(p)).count() as i32,
        terminating: pods.iter().filter(|p| is_terminating(p)).count() as i32,
        pods,
        active_pods,
        succeeded,
        uncounted_succeeded,
        uncounted_failed,
        finished: None,
        prev_succeeded_indexes: Intervals::default(),
        succeeded_indexes: Intervals::default(),
        backoff,
    };
    let backoff_limit = spec.backoff_limit.unwrap_or(6);
    let exceeds_backoff_limit = failed > backoff_limit;

    // An earlier sync already decided success: only finishing remains.
    ctx.finished = find_condition(&st, COND_SUCCESS_CRITERIA_MET)
        .filter(|c| c.status == "True")
        .cloned();
    if ctx.finished.is_none() {
        if let Some(ft) = find_condition(&st, COND_FAILURE_TARGET).filter(|c| c.status == "True") {
            ctx.finished = Some(new_condition(
                COND_FAILED,
                "True",
                ft.reason.as_deref().unwrap_or(""),
                ft.message.as_deref().unwrap_or(""),
                now,
            ));
        } else if let Some(msg) = fail_job_message(&spec, &ctx.pods) {
            ctx.finished = Some(new_condition(
                COND_FAILURE_TARGET,
                "True",
                "PodFailurePolicy",
                &msg,
                now,
            ));
        }
    }
    if ctx.finished.is_none() {
        if exceeds_backoff_limit || past_backoff_limit_on_failure(&spec, &ctx.pods) {
            ctx.finished = Some(new_condition(
                COND_FAILURE_TARGET,
                "True",
                "BackoffLimitExceeded",
                "Job has reached the specified backoff limit",
                now,
            ));
        } else if past_active_deadline(&spec, &st, now) {
            ctx.finished = Some(new_condition(
                COND_FAILURE_TARGET,
                "True",
                "DeadlineExceeded",
                "Job was active longer than specified deadline",
                now,
            ));
        } else if let (Some(ads), Some(start), false) = (
            spec.active_deadline_seconds,
            st.start_time.as_ref(),
            is_suspended(&spec),
        ) {
            let at = start.0 + SignedDuration::from_secs(ads);
            c.enqueue_at(Ctrl::Job, key.clone(), at);
        }
    }
    if indexed {
        ctx.prev_succeeded_indexes =
            Intervals::parse(st.completed_indexes.as_deref().unwrap_or(""), completions);
        let new: BTreeSet<i32> = ctx
            .pods
            .iter()
            .filter(|p| podutil::phase(p) == "Succeeded" && has_finalizer(p))
            .filter_map(completion_index)
            .filter(|i| *i < completions)
            .collect();
        ctx.succeeded_indexes = ctx
            .prev_succeeded_indexes
            .with_indexes(&new.into_iter().collect::<Vec<_>>());
        ctx.succeeded = ctx.succeeded_indexes.total();
        if ctx.finished.is_none()
            && let Some(msg) = match_success_policy(
                spec.success_policy.as_ref(),
                completions,
                &ctx.succeeded_indexes,
            )
        {
            ctx.finished = Some(new_condition(
                COND_SUCCESS_CRITERIA_MET,
                "True",
                "SuccessPolicy",
                &msg,
                now,
            ));
        }
    }

    let mut active = ctx.active_pods.len() as i32;
    if ctx.finished.is_some() {
        // Remove active pods: the Job is over. Their finalizers stay until they are counted.
        let pods = ctx.active_pods.clone();
        let (deleted_ready, deleted, all) = delete_pods(c, &ctx.job, &pods, false);
        if !all {
            ctx.finished = None;
        }
        active -= deleted;
        ctx.terminating += deleted;
        ctx.ready -= deleted_ready;
    } else {
        let mut manage_called = false;
        if ctx.job.metadata.deletion_timestamp.is_none() {
            active = manage_job(c, &mut ctx);
            manage_called = true;
        }
        let complete = match spec.completions {
            // Work queue: done once any pod succeeded and none is left running.
            None => ctx.succeeded > 0 && active == 0,
            Some(n) => ctx.succeeded >= n && active == 0,
        };
        if complete {
            ctx.finished = Some(new_condition(
                COND_SUCCESS_CRITERIA_MET,
                "True",
                "CompletionsReached",
                "Reached expected number of succeeded pods",
                now,
            ));
        } else if manage_called {
            if is_suspended(&spec) {
                if ensure_condition(
                    &mut st,
                    COND_SUSPENDED,
                    "True",
                    "JobSuspended",
                    "Job suspended",
                    now,
                ) {
                    event(
                        c,
                        &ctx.job,
                        "Normal",
                        "Suspended",
                        "Job suspended",
                        COMPONENT,
                    );
                }
            } else if ensure_condition(
                &mut st,
                COND_SUSPENDED,
                "False",
                "JobResumed",
                "Job resumed",
                now,
            ) {
                event(c, &ctx.job, "Normal", "Resumed", "Job resumed", COMPONENT);
                // activeDeadlineSeconds counts continuous activity: it starts again.
                st.start_time = Some(Time(now));
            }
        }
    }
    st.active = (active > 0).then_some(active);
    st.ready = Some(ctx.ready);
    st.terminating = Some(ctx.terminating);
    track_status_and_remove_finalizers(c, &mut ctx, st);
}

/// `pastBackoffLimitOnFailure`: with restartPolicy OnFailure the kubelet restarts containers in
/// place, so their restarts count toward backoffLimit.
fn past_backoff_limit_on_failure(spec: &JobSpec, pods: &[Pod]) -> bool {
    let policy = spec
        .template
        .spec
        .as_ref()
        .and_then(|s| s.restart_policy.as_deref());
    if policy != Some("OnFailure") {
        return false;
    }
    let restarts: i32 = pods
        .iter()
        .filter(|p| matches!(podutil::phase(p), "Running" | "Pending"))
        .filter_map(|p| p.status.as_ref())
        .flat_map(|s| {
            s.init_container_statuses
                .iter()
                .flatten()
                .chain(s.container_statuses.iter().flatten())
        })
        .map(|cs| cs.restart_count)
        .sum();
    let limit = spec.backoff_limit.unwrap_or(6);
    if limit == 0 {
        restarts > 0
    } else {
        restarts >= limit
    }
}

/// `pastActiveDeadline`: running for activeDeadlineSeconds (never while suspended).
fn past_active_deadline(spec: &JobSpec, st: &JobStatus, now: Timestamp) -> bool {
    let (Some(ads), Some(start)) = (spec.active_deadline_seconds, st.start_time.as_ref()) else {
        return false;
    };
    if is_suspended(spec) {
        return false;
    }
    now.duration_since(start.0) >= SignedDuration::from_secs(ads)
}

/// Deletes pods of the Job, recording `SuccessfulDelete`. With `release`, the tracking finalizer
/// is removed first so the pod is not counted (`deleteJobPods`: scale-down, suspension);
/// without, it stays until the pod is counted as failed (`deleteActivePods`: the Job finishes).
/// Returns (ready pods deleted, pods deleted, whether all deletions succeeded).
fn delete_pods(c: &mut Cluster, job: &Job, pods: &[Pod], release: bool) -> (i32, i32, bool) {
    let ns = job.metadata.namespace.clone().unwrap_or_default();
    let (mut ready, mut deleted, mut all) = (0, 0, true);
    for p in pods {
        let name = pod_name(p);
        if release {
            remove_finalizer(c, &ns, &name);
        }
        match c.api_delete(Kind::Pod, &ns, &name, DeleteOptions::default()) {
            Ok(_) => {
                event(
                    c,
                    job,
                    "Normal",
                    "SuccessfulDelete",
                    &format!("Deleted pod: {name}"),
                    COMPONENT,
                );
            }
            Err(e) if e.reason == crate::sim::api::errors::StatusReason::NotFound => {}
            Err(_) => {
                all = false;
                continue;
            }
        }
        deleted += 1;
        if podutil::is_ready(p) {
            ready += 1;
        }
    }
    (ready, deleted, all)
}

/// Removes the tracking finalizer from a pod; true if it is gone or has none left.
fn remove_finalizer(c: &mut Cluster, ns: &str, name: &str) -> bool {
    let Some(mut pod) = c.store.get_typed::<Pod>(ns, name).cloned() else {
        return true;
    };
    if !has_finalizer(&pod) {
        return true;
    }
    let rest: Vec<String> = pod
        .metadata
        .finalizers
        .take()
        .unwrap_or_default()
        .into_iter()
        .filter(|f| f != TRACKING_FINALIZER)
        .collect();
    pod.metadata.finalizers = (!rest.is_empty()).then_some(rest);
    c.write(pod);
    true
}

/// Pods of a deleted Job (or orphaned from one) lose their tracking finalizer (`syncOrphanPod`).
fn release_orphans(c: &mut Cluster, key: &ObjKey) {
    let orphans: Vec<String> = c
        .store
        .list_typed::<Pod>(Some(&key.namespace))
        .filter(|p| has_finalizer(p))
        .filter(|p| match podutil::controller_ref(&p.metadata) {
            None => true,
            Some(r) => r.kind == "Job" && r.name == key.name,
        })
        .map(pod_name)
        .collect();
    for name in orphans {
        remove_finalizer(c, &key.namespace, &name);
    }
}

/// `manageJob`: deletes surplus pods or creates missing ones (after the failure back-off).
/// Returns the number of active pods.
fn manage_job(c: &mut Cluster, ctx: &mut SyncCtx) -> i32 {
    // The spec is lent out for the call rather than copied (it holds the whole pod template).
    let spec = std::mem::take(&mut ctx.spec);
    let active = manage_job_with(c, ctx, &spec);
    ctx.spec = spec;
    active
}

/// [`manage_job`] with the Job's spec borrowed beside the sync state.
fn manage_job_with(c: &mut Cluster, ctx: &mut SyncCtx, spec: &JobSpec) -> i32 {
    let mut active = ctx.active_pods.len() as i32;
    let parallelism = spec.parallelism.unwrap_or(1).max(0);
    if is_suspended(spec) {
        let rm = active_pods_for_removal(spec, &ctx.active_pods, ctx.active_pods.len());
        let (ready, removed, _) = delete_pods(c, &ctx.job, &rm, true);
        ctx.terminating += removed;
        ctx.ready -= ready;
        return active - removed;
    }
    let want = match spec.completions {
        None => {
            if ctx.succeeded > 0 {
                active
            } else {
                parallelism
            }
        }
        Some(n) => (n - ctx.succeeded).min(parallelism).max(0),
    };
    let rm_at_least = (active - want).max(0) as usize;
    let mut rm = active_pods_for_removal(spec, &ctx.active_pods, rm_at_least);
    rm.truncate(MAX_POD_CREATE_DELETE_PER_SYNC);
    if !rm.is_empty() {
        let (ready, removed, _) = delete_pods(c, &ctx.job, &rm, true);
        ctx.terminating += removed;
        ctx.ready -= ready;
        return active - removed;
    }
    let terminating = if only_replace_failed(spec) {
        ctx.terminating
    } else {
        0
    };
    let mut diff = want - terminating - active;
    if diff <= 0 {
        return active;
    }
    let remaining = backoff_remaining(&ctx.backoff, c.now());
    if remaining > SignedDuration::ZERO {
        c.enqueue_after(Ctrl::Job, ctx.key.clone(), remaining);
        return active;
    }
    diff = diff.min(MAX_POD_CREATE_DELETE_PER_SYNC as i32);
    // Finished pods stay until the Job goes, so the cap counts every pod the Job owns: a Job
    // of two billion completions stops at the cap instead of growing without bound.
    let owned = ctx.pods.len();
    let wanted = owned as i64 + i64::from(diff);
    let allowed = super::cap_pods(
        c,
        &ctx.job,
        "pods (finished ones included) the Job would have next",
        wanted,
        owned,
        COMPONENT,
    );
    diff = diff.min(allowed.saturating_sub(owned) as i32);
    if diff <= 0 {
        return active;
    }
    let indexed = is_indexed(spec);
    let indexes: Vec<Option<i32>> = if indexed {
        first_pending_indexes(ctx, spec, diff, spec.completions.unwrap_or(0))
            .into_iter()
            .map(Some)
            .collect()
    } else {
        (0..diff).map(|_| None).collect()
    };
    let mut template = spec.template.clone();
    if indexed && let Some(ps) = template.spec.as_mut() {
        for ctr in ps.init_containers.iter_mut().flatten() {
            add_completion_index_env(ctr);
        }
        for ctr in ps.containers.iter_mut() {
            add_completion_index_env(ctr);
        }
    }
    let meta = template.metadata.get_or_insert_with(Default::default);
    let fins = meta.finalizers.get_or_insert_with(Vec::new);
    if !fins.iter().any(|f| f == TRACKING_FINALIZER) {
        fins.push(TRACKING_FINALIZER.to_string());
    }
    let name = ctx.key.name.clone();
    for ix in indexes {
        let mut t = template.clone();
        let generate_name = match ix {
            Some(i) => {
                let m = t.metadata.get_or_insert_with(Default::default);
                m.annotations
                    .get_or_insert_with(Default::default)
                    .insert(COMPLETION_INDEX.to_string(), i.to_string());
                m.labels
                    .get_or_insert_with(Default::default)
                    .insert(COMPLETION_INDEX.to_string(), i.to_string());
                if let Some(ps) = t.spec.as_mut() {
                    ps.hostname = Some(format!("{name}-{i}"));
                }
                generate_name_with_index(&name, i)
            }
            None => format!("{name}-"),
        };
        let mut pod =
            podutil::pod_from_template(&t, &ctx.key.namespace, controller_ref_to(&ctx.job));
        pod.metadata.generate_name = Some(generate_name);
        match c.api_create(pod.into()) {
            Ok(created) => {
                active += 1;
                event(
                    c,
                    &ctx.job,
                    "Normal",
                    "SuccessfulCreate",
                    &format!("Created pod: {}", created.name()),
                    COMPONENT,
                );
            }
            Err(e) => {
                event(
                    c,
                    &ctx.job,
                    "Warning",
                    "FailedCreate",
                    &format!("Error creating: {}", e.status_message()),
                    COMPONENT,
                );
                // Slow start: after a failure the rest waits for the next sync.
                break;
            }
        }
    }
    active
}

/// `podGenerateNameWithIndex`: `<job>-<index>-`, the job name cut to fit 58 characters.
fn generate_name_with_index(job: &str, index: i32) -> String {
    let append = format!("-{index}-");
    let prefix = format!("{job}{append}");
    const MAX_GENERATED_NAME_LENGTH: usize = 58;
    if prefix.len() > MAX_GENERATED_NAME_LENGTH {
        let keep = MAX_GENERATED_NAME_LENGTH - append.len();
        format!("{}{append}", &job[..keep.min(job.len())])
    } else {
        prefix
    }
}

/// `addCompletionIndexEnvVariable`: `JOB_COMPLETION_INDEX` from the pod's index label.
fn add_completion_index_env(ctr: &mut Container) {
    let env = ctr.env.get_or_insert_with(Vec::new);
    if env.iter().any(|e| e.name == COMPLETION_INDEX_ENV) {
        return;
    }
    env.push(EnvVar {
        name: COMPLETION_INDEX_ENV.to_string(),
        value: None,
        value_from: Some(EnvVarSource {
            field_ref: Some(ObjectFieldSelector {
                api_version: None,
                field_path: format!("metadata.labels['{COMPLETION_INDEX}']"),
            }),
            ..Default::default()
        }),
    });
}

/// `firstPendingIndexes`: the lowest indexes neither succeeded nor running.
fn first_pending_indexes(ctx: &SyncCtx, spec: &JobSpec, count: i32, completions: i32) -> Vec<i32> {
    let mut busy: BTreeSet<i32> = ctx
        .active_pods
        .iter()
        .filter_map(completion_index)
        .collect();
    if only_replace_failed(spec) {
        busy.extend(
            ctx.pods
                .iter()
                .filter(|p| is_terminating(p))
                .filter_map(completion_index),
        );
    }
    let non_pending = ctx
        .succeeded_indexes
        .with_indexes(&busy.into_iter().collect::<Vec<_>>());
    (0..completions)
        .filter(|i| !non_pending.has(*i))
        .take(count.max(0) as usize)
        .collect()
}

/// `activePodsForRemoval`: for Indexed Jobs pods without a valid index and duplicates of an
/// index first; then the least valuable pods (`controller.ActivePods` order).
fn active_pods_for_removal(spec: &JobSpec, pods: &[Pod], rm_at_least: usize) -> Vec<Pod> {
    let (mut rm, mut left): (Vec<Pod>, Vec<Pod>) = (Vec::new(), Vec::new());
    if is_indexed(spec) {
        let completions = spec.completions.unwrap_or(0);
        let mut sorted = pods.to_vec();
        sorted.sort_by_key(|p| completion_index(p).unwrap_or(-1));
        let mut i = 0;
        while i < sorted.len() {
            let ix = completion_index(&sorted[i]);
            let mut j = i;
            while j < sorted.len() && completion_index(&sorted[j]) == ix {
                j += 1;
            }
            let mut group: Vec<Pod> = sorted[i..j].to_vec();
            match ix {
                Some(x) if x < completions => {
                    group.sort_by(active_pods_less);
                    if let Some(keep) = group.pop() {
                        left.push(keep);
                    }
                    rm.extend(group);
                }
                _ => rm.extend(group),
            }
            i = j;
        }
    } else {
        left = pods.to_vec();
    }
    if rm.len() < rm_at_least {
        left.sort_by(active_pods_less);
        let n = rm_at_least - rm.len();
        rm.extend(left.into_iter().take(n));
    }
    rm
}

/// `trackJobStatusAndRemoveFinalizers`: counts finished pods through `uncountedTerminatedPods`,
/// removes their finalizers, adds the interim and terminal conditions, writes the status and
/// records the finishing event.
fn track_status_and_remove_finalizers(c: &mut Cluster, ctx: &mut SyncCtx, mut st: JobStatus) {
    let now = c.now();
    let ns = ctx.key.namespace.clone();
    let indexed = is_indexed(&ctx.spec);
    let completions = ctx.spec.completions.unwrap_or(0);
    // The last reader of the sync's pods: take them rather than copy them.
    let mut pods = std::mem::take(&mut ctx.pods);
    if indexed {
        pods.sort_by_key(|p| completion_index(p).unwrap_or(-1));
    }
    let mut with_finalizer: BTreeSet<String> = pods
        .iter()
        .filter(|p| has_finalizer(p))
        .map(pod_uid)
        .collect();
    clean_uncounted(&mut st, &with_finalizer);
    let mut to_remove: Vec<Pod> = Vec::new();
    let mut new_indexes: Vec<i32> = Vec::new();
    let success_met = ctx
        .finished
        .as_ref()
        .is_some_and(|f| f.type_ == COND_SUCCESS_CRITERIA_MET);
    {
        let unc = st
            .uncounted_terminated_pods
            .get_or_insert_with(Default::default);
        for pod in &pods {
            if !has_finalizer(pod) {
                // Counted in an earlier sync.
                continue;
            }
            let considered_failed = is_pod_failed(pod, &ctx.spec);
            let can_remove = ctx.job.metadata.deletion_timestamp.is_some()
                || ctx.finished.is_some()
                || podutil::phase(pod) == "Succeeded"
                || considered_failed;
            if !can_remove {
                continue;
            }
            to_remove.push(pod.clone());
            let uid = pod_uid(pod);
            if podutil::phase(pod) == "Succeeded" && !ctx.uncounted_failed.contains(&uid) {
                if indexed {
                    if let Some(ix) = completion_index(pod)
                        && ix < completions
                        && !ctx.prev_succeeded_indexes.has(ix)
                    {
                        new_indexes.push(ix);
                    }
                } else if !ctx.uncounted_succeeded.contains(&uid) {
                    unc.succeeded.get_or_insert_with(Vec::new).push(uid);
                }
            } else if considered_failed || (ctx.finished.is_some() && !success_met) {
                // Once the Job is failing, every pod that has not succeeded counts as failed.
                let valid_index =
                    !indexed || completion_index(pod).is_some_and(|i| i < completions);
                if !ctx.uncounted_failed.contains(&uid) && valid_index {
                    let counts =
                        match_pod_failure_policy(ctx.spec.pod_failure_policy.as_ref(), pod).1;
                    if counts {
                        unc.failed.get_or_insert_with(Vec::new).push(uid);
                    }
                }
            }
            let queued = new_indexes.len()
                + unc.succeeded.as_ref().map_or(0, Vec::len)
                + unc.failed.as_ref().map_or(0, Vec::len);
            if queued >= MAX_UNCOUNTED_PODS {
                break;
            }
        }
    }
    if indexed {
        new_indexes.sort();
        ctx.succeeded_indexes = ctx.succeeded_indexes.with_indexes(&new_indexes);
        st.succeeded = Some(ctx.succeeded_indexes.total()).filter(|n| *n > 0);
        let s = ctx.succeeded_indexes.to_string();
        st.completed_indexes = (!s.is_empty()).then_some(s);
    }
    if let Some(f) = ctx.finished.clone() {
        if f.type_ == COND_FAILURE_TARGET {
            // The interim condition records the failure before the pods' finalizers go.
            st.conditions.get_or_insert_with(Vec::new).push(f.clone());
            ctx.finished = Some(new_condition(
                COND_FAILED,
                "True",
                f.reason.as_deref().unwrap_or(""),
                f.message.as_deref().unwrap_or(""),
                now,
            ));
        } else if f.type_ == COND_SUCCESS_CRITERIA_MET {
            if !condition_true(&st, COND_SUCCESS_CRITERIA_MET) {
                st.conditions.get_or_insert_with(Vec::new).push(f.clone());
            }
            ctx.finished = Some(new_condition(
                COND_COMPLETE,
                "True",
                f.reason.as_deref().unwrap_or(""),
                f.message.as_deref().unwrap_or(""),
                now,
            ));
        }
    }
    c.runtime
        .job_backoff
        .insert(backoff_key(&ctx.key), ctx.backoff.clone());
    for p in &to_remove {
        if remove_finalizer(c, &ns, &pod_name(p)) {
            with_finalizer.remove(&pod_uid(p));
        }
    }
    clean_uncounted(&mut st, &with_finalizer);

    // enactJobFinished: only once every pod is counted and none is still terminating.
    let mut job_finished = false;
    if let Some(f) = ctx.finished.clone() {
        let unc = st.uncounted_terminated_pods.clone().unwrap_or_default();
        let uncounted =
            unc.succeeded.as_ref().map_or(0, Vec::len) + unc.failed.as_ref().map_or(0, Vec::len);
        if uncounted == 0 && ctx.terminating == 0 {
            ensure_condition(
                &mut st,
                &f.type_,
                &f.status,
                f.reason.as_deref().unwrap_or(""),
                f.message.as_deref().unwrap_or(""),
                now,
            );
            if f.type_ == COND_COMPLETE {
                st.completion_time =
                    find_condition(&st, COND_COMPLETE).and_then(|c| c.last_transition_time.clone());
            }
            job_finished = true;
        }
    }
    let unc = st
        .uncounted_terminated_pods
        .get_or_insert_with(Default::default);
    if unc.succeeded.as_ref().is_some_and(Vec::is_empty) {
        unc.succeeded = None;
    }
    if unc.failed.as_ref().is_some_and(Vec::is_empty) {
        unc.failed = None;
    }
    if ctx.job.status.as_ref() == Some(&st) {
        return;
    }
    let Some(mut job) = c
        .store
        .get_typed::<Job>(&ctx.key.namespace, &ctx.key.name)
        .cloned()
    else {
        return;
    };
    job.status = Some(st.clone());
    c.write(job.clone());
    if job_finished && let Some(f) = &ctx.finished {
        if f.type_ == COND_COMPLETE {
            if ctx
                .spec
                .completions
                .is_some_and(|n| st.succeeded.unwrap_or(0) > n)
            {
                event(
                    c,
                    &job,
                    "Warning",
                    "TooManySucceededPods",
                    "Too many succeeded pods running after completion count reached",
                    COMPONENT,
                );
            }
            event(c, &job, "Normal", "Completed", "Job completed", COMPONENT);
        } else {
            event(
                c,
                &job,
                "Warning",
                f.reason.as_deref().unwrap_or(""),
                f.message.as_deref().unwrap_or(""),
                COMPONENT,
            );
        }
    }
}

/// `cleanUncountedPodsWithoutFinalizers`: pods whose finalizer is gone move from
/// `uncountedTerminatedPods` into the counters.
fn clean_uncounted(st: &mut JobStatus, with_finalizer: &BTreeSet<String>) {
    let unc: UncountedTerminatedPods = st.uncounted_terminated_pods.clone().unwrap_or_default();
    let keep = |v: &Option<Vec<String>>| -> (Vec<String>, i32) {
        let all = v.clone().unwrap_or_default();
        let kept: Vec<String> = all
            .iter()
            .filter(|u| with_finalizer.contains(*u))
            .cloned()
            .collect();
        let moved = (all.len() - kept.len()) as i32;
        (kept, moved)
    };
    let (succ, ms) = keep(&unc.succeeded);
    let (fail, mf) = keep(&unc.failed);
    if ms > 0 {
        st.succeeded = Some(st.succeeded.unwrap_or(0) + ms);
    }
    if mf > 0 {
        st.failed = Some(st.failed.unwrap_or(0) + mf);
    }
    st.uncounted_terminated_pods = Some(UncountedTerminatedPods {
        succeeded: (!succ.is_empty() || unc.succeeded.is_some()).then_some(succ),
        failed: (!fail.is_empty() || unc.failed.is_some()).then_some(fail),
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::testutil::{cluster, create};
    use k8s_openapi::api::core::v1::Event;

    fn get_job(c: &Cluster, name: &str) -> Job {
        c.store
            .get_typed::<Job>("default", name)
            .cloned()
            .expect("job exists")
    }

    fn status(c: &Cluster, name: &str) -> JobStatus {
        get_job(c, name).status.unwrap_or_default()
    }

    fn job_pods(c: &Cluster, name: &str) -> Vec<Pod> {
        let mut v: Vec<Pod> = c
            .store
            .list_typed::<Pod>(Some("default"))
            .filter(|p| {
                p.metadata
                    .labels
                    .as_ref()
                    .and_then(|l| l.get("batch.kubernetes.io/job-name"))
                    .is_some_and(|n| n == name)
            })
            .cloned()
            .collect();
        v.sort_by_key(|p| p.metadata.creation_timestamp.as_ref().map(|t| t.0));
        v
    }

    fn cond_types(st: &JobStatus) -> Vec<String> {
        st.conditions
            .iter()
            .flatten()
            .filter(|c| c.status == "True")
            .map(|c| c.type_.clone())
            .collect()
    }

    fn events(c: &Cluster, reason: &str) -> Vec<Event> {
        let mut v: Vec<Event> = c
            .store
            .list_typed::<Event>(Some("default"))
            .filter(|e| e.reason.as_deref() == Some(reason))
            .cloned()
            .collect();
        v.sort_by_key(|e| e.first_timestamp.as_ref().map(|t| t.0));
        v
    }

    /// Advances in steps until the Job is finished or `limit` passes; returns the time taken.
    fn run_until_finished(c: &mut Cluster, name: &str, limit: SignedDuration) -> SignedDuration {
        let start = c.now();
        while !is_finished(&get_job(c, name)) && c.now().duration_since(start) < limit {
            c.advance(SignedDuration::from_secs(5));
        }
        c.now().duration_since(start)
    }

    /// The `job.yaml` example of https://kubernetes.io/docs/concepts/workloads/controllers/job/.
    const PI: &str = r#"
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
        command: ["perl",  "-Mbignum=bpi", "-wle", "print bpi(2000)"]
      restartPolicy: Never
  backoffLimit: 4
"#;

    #[test]
    fn docs_pi_job_completes_and_logs_pi() {
        let mut c = cluster();
        create(&mut c, PI);
        let pods = job_pods(&c, "pi");
        assert_eq!(pods.len(), 1);
        let pod = &pods[0];
        let name = pod.metadata.name.clone().unwrap();
        assert!(
            name.starts_with("pi-") && name.len() == "pi-".len() + 5,
            "{name}"
        );
        assert_eq!(
            pod.metadata.finalizers.as_deref(),
            Some(&[TRACKING_FINALIZER.to_string()][..]),
            "the pod carries the tracking finalizer until counted"
        );
        let created = events(&c, "SuccessfulCreate");
        assert_eq!(
            created[0].message.as_deref(),
            Some(&*format!("Created pod: {name}"))
        );
        let st = status(&c, "pi");
        assert_eq!(st.active, Some(1));
        assert!(st.start_time.is_some());
        assert_eq!(st.uncounted_terminated_pods, Some(Default::default()));

        run_until_finished(&mut c, "pi", SignedDuration::from_mins(10));
        let st = status(&c, "pi");
        assert_eq!(st.succeeded, Some(1));
        assert_eq!(st.failed, None);
        assert_eq!(st.active, None);
        assert_eq!((st.ready, st.terminating), (Some(0), Some(0)));
        assert_eq!(cond_types(&st), vec!["SuccessCriteriaMet", "Complete"]);
        let complete = find_condition(&st, "Complete").unwrap();
        assert_eq!(complete.reason.as_deref(), Some("CompletionsReached"));
        assert_eq!(
            complete.message.as_deref(),
            Some("Reached expected number of succeeded pods")
        );
        assert_eq!(st.completion_time, complete.last_transition_time);
        let done = events(&c, "Completed");
        assert_eq!(done.len(), 1);
        assert_eq!(done[0].message.as_deref(), Some("Job completed"));
        assert_eq!(
            done[0].source.as_ref().and_then(|s| s.component.as_deref()),
            Some("job-controller")
        );
        // The pod stays (Completed) for its logs, its finalizer gone.
        let pod = &job_pods(&c, "pi")[0];
        assert_eq!(podutil::phase(pod), "Succeeded");
        assert!(pod.metadata.finalizers.is_none());
        let Some(rt) = c.runtime.pod("default", &name) else {
            panic!("pod {name} has no runtime");
        };
        let logs: String = rt.containers[0]
            .logs
            .iter()
            .map(|l| l.text.clone())
            .collect();
        assert!(logs.starts_with("3.14159265358979323846"), "{logs}");
    }

    fn shell_job(name: &str, script: &str, extra_spec: &str, policy: &str) -> String {
        format!(
            r#"
apiVersion: batch/v1
kind: Job
metadata:
  name: {name}
spec:
{extra_spec}
  template:
    spec:
      restartPolicy: {policy}
      containers:
      - name: work
        image: busybox:1.36
        command: ["sh", "-c", "{script}"]
"#
        )
    }

    fn active_pods(c: &Cluster, name: &str) -> usize {
        job_pods(c, name)
            .iter()
            .filter(|p| podutil::is_active(p))
            .count()
    }

    /// "completions: 5, parallelism: 2": at most parallelism pods run at once (Job docs,
    /// "Controlling parallelism"), and the Job is done after 5 successes.
    #[test]
    fn parallelism_bounds_active_pods_until_completions() {
        let mut c = cluster();
        create(
            &mut c,
            &shell_job(
                "par",
                "sleep 7",
                "  completions: 5\n  parallelism: 2",
                "Never",
            ),
        );
        let mut max_seen = 0;
        for _ in 0..120 {
            let n = active_pods(&c, "par");
            let st = status(&c, "par");
            assert!(n <= 2 && st.active.unwrap_or(0) <= 2, "{n} active");
            max_seen = max_seen.max(n);
            if is_finished(&get_job(&c, "par")) {
                break;
            }
            c.advance(SignedDuration::from_secs(1));
        }
        assert_eq!(max_seen, 2);
        let st = status(&c, "par");
        assert_eq!(st.succeeded, Some(5));
        assert_eq!(
            job_pods(&c, "par").len(),
            5,
            "never more pods than completions"
        );
        assert!(condition_true(&st, "Complete"));
    }

    /// restartPolicy Never, backoffLimit 2: three failed pods, replacements 10s then 20s after
    /// the failures (`backoff_utils.go`), then `BackoffLimitExceeded`.
    #[test]
    fn failing_pods_back_off_then_backoff_limit_exceeded() {
        let mut c = cluster();
        create(
            &mut c,
            &shell_job("fail", "exit 1", "  backoffLimit: 2", "Never"),
        );
        let took = run_until_finished(&mut c, "fail", SignedDuration::from_mins(10));
        assert!(took < SignedDuration::from_mins(5), "{took:?}");
        let st = status(&c, "fail");
        assert_eq!(st.failed, Some(3));
        assert_eq!(cond_types(&st), vec!["FailureTarget", "Failed"]);
        let failed = find_condition(&st, "Failed").unwrap();
        assert_eq!(failed.reason.as_deref(), Some("BackoffLimitExceeded"));
        assert_eq!(
            failed.message.as_deref(),
            Some("Job has reached the specified backoff limit")
        );
        assert!(
            st.completion_time.is_none(),
            "a failed Job has no completionTime"
        );
        let pods = job_pods(&c, "fail");
        assert_eq!(pods.len(), 3);
        assert!(pods.iter().all(|p| podutil::phase(p) == "Failed"));
        let created: Vec<Timestamp> = pods
            .iter()
            .map(|p| p.metadata.creation_timestamp.as_ref().unwrap().0)
            .collect();
        let gap1 = created[1].duration_since(created[0]);
        let gap2 = created[2].duration_since(created[1]);
        assert!(gap2 > gap1, "{gap1:?} then {gap2:?}");
        // Each replacement waits for the back-off after the previous pod finished.
        for (i, wait) in [(1, 10), (2, 20)] {
            let finished = finished_time(&pods[i - 1]);
            assert_eq!(
                created[i].duration_since(finished),
                SignedDuration::from_secs(wait)
            );
        }
        let ev = events(&c, "BackoffLimitExceeded");
        assert_eq!(ev.len(), 1);
        assert_eq!(ev[0].type_.as_deref(), Some("Warning"));
    }

    /// restartPolicy OnFailure: the kubelet restarts the container in place; the restarts count
    /// toward backoffLimit and the Job deletes the pod when it gives up.
    #[test]
    fn on_failure_restarts_count_toward_backoff_limit() {
        let mut c = cluster();
        create(
            &mut c,
            &shell_job("onf", "exit 1", "  backoffLimit: 2", "OnFailure"),
        );
        run_until_finished(&mut c, "onf", SignedDuration::from_mins(10));
        let st = status(&c, "onf");
        assert_eq!(
            find_condition(&st, "Failed").and_then(|c| c.reason.as_deref()),
            Some("BackoffLimitExceeded")
        );
        assert_eq!(st.failed, Some(1), "the deleted pod counts as failed");
        assert_eq!(
            events(&c, "SuccessfulCreate").len(),
            1,
            "no replacement pod"
        );
        c.advance(SignedDuration::from_secs(60));
        assert!(job_pods(&c, "onf").is_empty(), "the pod is deleted");
    }

    /// activeDeadlineSeconds: the Job fails with DeadlineExceeded and its running pods are
    /// terminated; `Failed` follows `FailureTarget` once they are gone.
    #[test]
    fn active_deadline_exceeded() {
        let mut c = cluster();
        create(
            &mut c,
            &shell_job("slow", "sleep 300", "  activeDeadlineSeconds: 10", "Never"),
        );
        c.advance(SignedDuration::from_secs(10));
        let st = status(&c, "slow");
        let ft = find_condition(&st, "FailureTarget").expect("FailureTarget at the deadline");
        assert_eq!(ft.reason.as_deref(), Some("DeadlineExceeded"));
        assert_eq!(
            ft.message.as_deref(),
            Some("Job was active longer than specified deadline")
        );
        assert!(
            !condition_true(&st, "Failed"),
            "waits for the pod to terminate"
        );
        assert_eq!(st.terminating, Some(1));
        assert_eq!(st.failed, Some(1));
        run_until_finished(&mut c, "slow", SignedDuration::from_mins(2));
        let st = status(&c, "slow");
        assert_eq!(
            find_condition(&st, "Failed").and_then(|c| c.reason.as_deref()),
            Some("DeadlineExceeded")
        );
        assert_eq!(st.terminating, Some(0));
        assert_eq!(events(&c, "DeadlineExceeded").len(), 1);
        assert!(job_pods(&c, "slow").is_empty());
    }

    /// Indexed completion mode: pod `<job>-<index>-<random>`, hostname `<job>-<index>`, index
    /// annotation and label, `JOB_COMPLETION_INDEX` env; completedIndexes lists the indexes.
    #[test]
    fn indexed_pods_names_env_and_completed_indexes() {
        let mut c = cluster();
        create(
            &mut c,
            &shell_job(
                "idx",
                "sleep 3",
                "  completions: 3\n  parallelism: 3\n  completionMode: Indexed",
                "Never",
            ),
        );
        let mut pods = job_pods(&c, "idx");
        pods.sort_by_key(completion_index);
        assert_eq!(pods.len(), 3);
        for (i, p) in pods.iter().enumerate() {
            let name = p.metadata.name.clone().unwrap();
            let prefix = format!("idx-{i}-");
            assert!(
                name.starts_with(&prefix) && name.len() == prefix.len() + 5,
                "{name}"
            );
            let spec = p.spec.as_ref().unwrap();
            assert_eq!(spec.hostname.as_deref(), Some(&*format!("idx-{i}")));
            let ann = p.metadata.annotations.as_ref().unwrap();
            assert_eq!(ann.get(COMPLETION_INDEX), Some(&i.to_string()));
            let lab = p.metadata.labels.as_ref().unwrap();
            assert_eq!(lab.get(COMPLETION_INDEX), Some(&i.to_string()));
            let env = spec.containers[0].env.as_ref().unwrap();
            let e = env.iter().find(|e| e.name == COMPLETION_INDEX_ENV).unwrap();
            let fr = e.value_from.as_ref().unwrap().field_ref.as_ref().unwrap();
            assert_eq!(
                fr.field_path,
                "metadata.labels['batch.kubernetes.io/job-completion-index']"
            );
        }
        run_until_finished(&mut c, "idx", SignedDuration::from_mins(5));
        let st = status(&c, "idx");
        assert_eq!(st.completed_indexes.as_deref(), Some("0-2"));
        assert_eq!(st.succeeded, Some(3));
        assert!(condition_true(&st, "Complete"));
    }

    /// `orderedIntervals.String()`: ranges with '-', two neighbours with ','.
    #[test]
    fn intervals_print_like_completed_indexes() {
        let iv = Intervals::default().with_indexes(&[0, 1, 2, 4]);
        assert_eq!(iv.to_string(), "0-2,4");
        assert_eq!(
            Intervals::default().with_indexes(&[1, 2]).to_string(),
            "1,2"
        );
        let parsed = Intervals::parse("0-2,4,7-9", 9);
        assert_eq!(parsed.to_string(), "0-2,4,7,8");
        assert_eq!(parsed.total(), 6);
        assert!(parsed.has(4) && !parsed.has(5));
    }

    fn set_suspend(c: &mut Cluster, name: &str, suspend: bool) {
        let mut job = get_job(c, name);
        job.spec.as_mut().unwrap().suspend = Some(suspend);
        c.api_update(job.into()).expect("updated");
        c.settle();
    }

    /// Suspending a Job deletes its active pods and sets `Suspended`; resuming creates pods
    /// again, sets `Suspended=False` (`JobResumed`) and restarts startTime.
    #[test]
    fn suspend_and_resume() {
        let mut c = cluster();
        create(
            &mut c,
            &shell_job(
                "sus",
                "sleep 20",
                "  suspend: true\n  parallelism: 2\n  completions: 4",
                "Never",
            ),
        );
        assert!(job_pods(&c, "sus").is_empty());
        let st = status(&c, "sus");
        assert!(st.start_time.is_none(), "a suspended Job has not started");
        let s = find_condition(&st, "Suspended").unwrap();
        assert_eq!(
            (s.status.as_str(), s.reason.as_deref(), s.message.as_deref()),
            ("True", Some("JobSuspended"), Some("Job suspended"))
        );
        assert_eq!(events(&c, "Suspended").len(), 1);

        c.advance(SignedDuration::from_secs(30));
        set_suspend(&mut c, "sus", false);
        let st = status(&c, "sus");
        assert_eq!(st.start_time.as_ref().map(|t| t.0), Some(c.now()));
        let s = find_condition(&st, "Suspended").unwrap();
        assert_eq!(
            (s.status.as_str(), s.reason.as_deref(), s.message.as_deref()),
            ("False", Some("JobResumed"), Some("Job resumed"))
        );
        assert_eq!(events(&c, "Resumed").len(), 1);
        assert_eq!(active_pods(&c, "sus"), 2);

        c.advance(SignedDuration::from_secs(5));
        set_suspend(&mut c, "sus", true);
        assert_eq!(active_pods(&c, "sus"), 0, "active pods are deleted");
        assert_eq!(events(&c, "SuccessfulDelete").len(), 2);
        let st = status(&c, "sus");
        assert_eq!(
            st.failed, None,
            "pods deleted by suspension are not failures"
        );
        assert_eq!(st.active, None);
        set_suspend(&mut c, "sus", false);
        run_until_finished(&mut c, "sus", SignedDuration::from_mins(5));
        assert_eq!(status(&c, "sus").succeeded, Some(4));
    }

    /// A running pod deleted by hand counts as failed and is replaced at once.
    #[test]
    fn deleted_pod_counts_as_failed_and_is_replaced() {
        let mut c = cluster();
        create(&mut c, &shell_job("del", "sleep 60", "", "Never"));
        c.advance(SignedDuration::from_secs(5));
        let name = job_pods(&c, "del")[0].metadata.name.clone().unwrap();
        c.api_delete(Kind::Pod, "default", &name, DeleteOptions::default())
            .unwrap();
        c.settle();
        let st = status(&c, "del");
        assert_eq!(st.failed, Some(1));
        assert_eq!(
            active_pods(&c, "del"),
            0,
            "the replacement waits for the back-off"
        );
        c.advance(SignedDuration::from_secs(11));
        assert_eq!(active_pods(&c, "del"), 1);
        run_until_finished(&mut c, "del", SignedDuration::from_mins(5));
        assert_eq!(status(&c, "del").succeeded, Some(1));
    }

    /// Work queue (completions unset): once one pod succeeded no new pod starts, and the Job
    /// completes when all pods have exited.
    #[test]
    fn work_queue_completes_when_any_succeeds_and_none_active() {
        let mut c = cluster();
        create(
            &mut c,
            &shell_job("wq", "sleep 5", "  parallelism: 3", "Never"),
        );
        assert_eq!(active_pods(&c, "wq"), 3);
        run_until_finished(&mut c, "wq", SignedDuration::from_mins(5));
        let st = status(&c, "wq");
        assert_eq!(st.succeeded, Some(3));
        assert!(condition_true(&st, "Complete"));
        assert_eq!(job_pods(&c, "wq").len(), 3);
    }

    /// podFailurePolicy: a FailJob rule on an exit code fails the Job at once; an Ignore rule
    /// does not count toward backoffLimit.
    #[test]
    fn pod_failure_policy_fail_job_and_ignore() {
        let mut c = cluster();
        let policy = "  backoffLimit: 0\n  podFailurePolicy:\n    rules:\n    - action: FailJob\n      onExitCodes:\n        operator: In\n        values: [42]";
        create(&mut c, &shell_job("pfp", "exit 42", policy, "Never"));
        run_until_finished(&mut c, "pfp", SignedDuration::from_mins(2));
        let st = status(&c, "pfp");
        let f = find_condition(&st, "Failed").unwrap();
        assert_eq!(f.reason.as_deref(), Some("PodFailurePolicy"));
        let pod = job_pods(&c, "pfp")[0].metadata.name.clone().unwrap();
        assert_eq!(
            f.message.clone().unwrap(),
            format!(
                "Container work for pod default/{pod} failed with exit code 42 matching FailJob rule at index 0"
            )
        );

        let ignore = "  backoffLimit: 0\n  podFailurePolicy:\n    rules:\n    - action: Ignore\n      onExitCodes:\n        operator: In\n        values: [1]";
        create(&mut c, &shell_job("ign", "exit 1", ignore, "Never"));
        c.advance(SignedDuration::from_secs(60));
        let st = status(&c, "ign");
        assert!(cond_types(&st).is_empty(), "{st:?}");
        assert_eq!(st.failed, None, "ignored failures are not counted");
        assert!(job_pods(&c, "ign").len() >= 2, "failed pods are replaced");
    }

    fn random_job(
        completions: Option<i32>,
        parallelism: i32,
        backoff_limit: i32,
        fail_attempts: i32,
        indexed: bool,
        on_failure: bool,
    ) -> String {
        let mut spec = format!("  parallelism: {parallelism}\n  backoffLimit: {backoff_limit}\n");
        if let Some(n) = completions {
            spec.push_str(&format!("  completions: {n}\n"));
            if indexed {
                spec.push_str("  completionMode: Indexed\n");
            }
        }
        let policy = if on_failure { "OnFailure" } else { "Never" };
        shell_job("rnd", "sleep 3", &spec, policy).replace(
            "    spec:\n      restartPolicy",
            &format!(
                "    metadata:\n      annotations:\n        kubetutor.io/fail-attempts: \"{fail_attempts}\"\n    spec:\n      restartPolicy"
            ),
        )
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
        /// Over random Job specs, no more than `parallelism` pods are ever active (Indexed: at
        /// most one per index) and the Job always ends Complete or Failed in bounded time.
        #[test]
        fn active_never_exceeds_parallelism_and_job_ends(
            completions in proptest::option::of(1i32..5),
            parallelism in 1i32..4,
            backoff_limit in 0i32..4,
            fail_attempts in 0i32..4,
            indexed in proptest::bool::ANY,
            on_failure in proptest::bool::ANY,
        ) {
            let mut c = cluster();
            create(&mut c, &random_job(completions, parallelism, backoff_limit, fail_attempts, indexed, on_failure));
            let start = c.now();
            while !is_finished(&get_job(&c, "rnd")) {
                let active: Vec<Pod> = job_pods(&c, "rnd").into_iter().filter(podutil::is_active).collect();
                proptest::prop_assert!(active.len() as i32 <= parallelism, "{} active", active.len());
                proptest::prop_assert!(status(&c, "rnd").active.unwrap_or(0) <= parallelism);
                if let Some(n) = completions {
                    proptest::prop_assert!(active.len() as i32 <= n);
                }
                let idx: BTreeSet<i32> = active.iter().filter_map(completion_index).collect();
                if indexed && completions.is_some() {
                    proptest::prop_assert_eq!(idx.len(), active.len(), "one pod per index");
                }
                proptest::prop_assert!(
                    c.now().duration_since(start) < SignedDuration::from_mins(30),
                    "the Job never finished"
                );
                c.advance(SignedDuration::from_secs(2));
            }
            let st = status(&c, "rnd");
            let complete = condition_true(&st, "Complete");
            let failed = condition_true(&st, "Failed");
            proptest::prop_assert!(complete != failed);
            if complete {
                proptest::prop_assert!(st.succeeded.unwrap_or(0) >= completions.unwrap_or(1));
                proptest::prop_assert!(st.completion_time.is_some());
            } else {
                proptest::prop_assert!(fail_attempts > 0);
            }
            proptest::prop_assert_eq!(st.uncounted_terminated_pods, Some(Default::default()));
        }
    }
}
