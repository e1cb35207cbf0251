//! The CronJob controller (`pkg/controller/cronjob/cronjob_controllerv2.go`, `utils.go`): creates
//! a Job `<cronjob>-<scheduled time in Unix minutes>` for the most recent missed schedule time,
//! honouring `suspend`, `startingDeadlineSeconds`, `concurrencyPolicy` and `timeZone`, keeps
//! `status.active`, `lastScheduleTime` and `lastSuccessfulTime`, and deletes finished Jobs beyond
//! the history limits. It wakes itself at the next schedule time (+100ms, `nextScheduleDelta`),
//! so virtual time jumps straight from one run to the next.
//!
//! The schedule arithmetic (robfig/cron v3 and `mostRecentScheduleTime`) lives in
//! [`crate::sim::cron`]; this file is the `sync`/`syncCronJob`/`cleanupFinishedJobs` logic.

use crate::sim::api::errors::{StatusReason, go_quote};
use crate::sim::api::server::{DeleteOptions, Propagation};
use crate::sim::cluster::Cluster;
use crate::sim::cluster::Source;
use crate::sim::controllers::Ctrl;
use crate::sim::cron::{
    self, CronJobTimes, MissedSchedules, Schedule, TOO_MANY_MISSED_TIMES_MESSAGE,
    TOO_MANY_MISSED_TIMES_REASON,
};
use crate::sim::event_record::InvolvedRef;
use crate::sim::object::{Kind, Typed};
use crate::sim::podutil::{self, controller_ref_to};
use crate::sim::store::ObjKey;
use jiff::{SignedDuration, Timestamp};
use k8s_openapi::api::batch::v1::{CronJob, CronJobSpec, CronJobStatus, Job};
use k8s_openapi::api::core::v1::ObjectReference;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, OwnerReference, Time};
use std::cmp::Ordering;
use std::collections::BTreeMap;

const COMPONENT: &str = "cronjob-controller";

/// Annotation `kubectl create job --from=cronjob/X` puts on the Job it creates.
pub const INSTANTIATE_ANNOTATION: &str = "cronjob.kubernetes.io/instantiate";

/// Reconciles one CronJob: `ControllerV2.sync`.
pub fn reconcile(c: &mut Cluster, key: &ObjKey) {
    let Some(mut cj) = c
        .store
        .get_typed_at::<CronJob>(key)
        .map(without_job_template)
    else {
        return;
    };
    let jobs = jobs_to_be_reconciled(c, &cj);
    cleanup_finished_jobs(c, &mut cj, &jobs);
    let requeue = sync_cron_job(c, &mut cj, &jobs);
    update_status(c, key, cj.status);
    // A duration that is not positive only comes from a schedule that never fires again
    // (robfig's zero time); waking at once would spin at this instant.
    if let Some(d) = requeue.filter(|d| d.is_positive()) {
        c.enqueue_after(Ctrl::CronJob, key.clone(), d);
    }
}

/// A working copy of the CronJob without its job template, which only Job creation reads (from
/// the store): the controller syncs far more often than it creates.
fn without_job_template(cj: &CronJob) -> CronJob {
    let spec = cj.spec.as_ref().map(|s| CronJobSpec {
        concurrency_policy: s.concurrency_policy.clone(),
        failed_jobs_history_limit: s.failed_jobs_history_limit,
        job_template: Default::default(),
        schedule: s.schedule.clone(),
        starting_deadline_seconds: s.starting_deadline_seconds,
        successful_jobs_history_limit: s.successful_jobs_history_limit,
        suspend: s.suspend,
        time_zone: s.time_zone.clone(),
    });
    CronJob {
        metadata: cj.metadata.clone(),
        spec,
        status: cj.status.clone(),
    }
}

/// Records an event on the CronJob, as `podutil::event` does, from a reference.
fn event(
    c: &mut Cluster,
    cj: &CronJob,
    type_: &str,
    reason: &str,
    msg: &str,
    component: &'static str,
) {
    let m = &cj.metadata;
    let involved = InvolvedRef {
        api_version: Some("batch/v1"),
        kind: Some("CronJob"),
        name: m.name.as_deref(),
        namespace: m.namespace.as_deref(),
        uid: m.uid.as_deref(),
        resource_version: m.resource_version.as_deref(),
        field_path: None,
    };
    c.record_event_ref(
        m.namespace.as_deref().unwrap_or_default(),
        involved,
        type_,
        reason,
        msg,
        Source::component(component),
    );
}

/// Writes the status if it changed (an unchanged `UpdateStatus` is a no-op on the API server).
fn update_status(c: &mut Cluster, key: &ObjKey, status: Option<CronJobStatus>) {
    let status = normalize(status);
    let Some(cur) = c.store.get_typed_at::<CronJob>(key) else {
        return;
    };
    if !same_status(cur.status.as_ref(), status.as_ref()) {
        let mut cur = cur.clone();
        cur.status = status;
        c.write(cur);
    }
}

/// An empty `active` list is omitted when serialized (`omitempty`), as is an empty status.
fn normalize(status: Option<CronJobStatus>) -> Option<CronJobStatus> {
    let mut s = status?;
    if s.active.as_ref().is_some_and(Vec::is_empty) {
        s.active = None;
    }
    if s == CronJobStatus::default() {
        None
    } else {
        Some(s)
    }
}

/// Whether two statuses serialize the same (absent and empty are alike).
fn same_status(a: Option<&CronJobStatus>, b: Option<&CronJobStatus>) -> bool {
    let empty = CronJobStatus::default();
    let (a, b) = (a.unwrap_or(&empty), b.unwrap_or(&empty));
    a.active.as_deref().unwrap_or(&[]) == b.active.as_deref().unwrap_or(&[])
        && a.last_schedule_time == b.last_schedule_time
        && a.last_successful_time == b.last_successful_time
}

/// What the controller reads of a Job (kept small: the controller looks at every child Job on
/// every sync, and a CronJob may have many).
#[derive(Clone, Debug)]
struct ChildJob {
    name: String,
    namespace: String,
    uid: String,
    /// `Complete` or `Failed` when finished.
    finished: Option<String>,
    succeeded: bool,
    start_time: Option<Timestamp>,
    completion_time: Option<Time>,
}

impl ChildJob {
    fn of(j: &Job) -> ChildJob {
        let st = j.status.as_ref();
        ChildJob {
            name: j.metadata.name.clone().unwrap_or_default(),
            namespace: j.metadata.namespace.clone().unwrap_or_default(),
            uid: j.metadata.uid.clone().unwrap_or_default(),
            finished: finished_condition(j).map(str::to_string),
            succeeded: is_job_succeeded(j),
            start_time: st.and_then(|s| s.start_time.as_ref()).map(|t| t.0),
            completion_time: st.and_then(|s| s.completion_time.clone()),
        }
    }
}

/// `getJobsToBeReconciled`: every Job in the namespace whose controller reference names this
/// CronJob (upstream compares the name only, not the kind or uid).
fn jobs_to_be_reconciled(c: &Cluster, cj: &CronJob) -> Vec<ChildJob> {
    let ns = cj.metadata.namespace.as_deref().unwrap_or("");
    let name = cj.metadata.name.as_deref().unwrap_or("");
    c.store
        .list_typed::<Job>(Some(ns))
        .filter(|j| podutil::controller_ref(&j.metadata).is_some_and(|r| r.name == name))
        .map(ChildJob::of)
        .collect()
}

/// `jobutil.FinishedCondition`: the Complete or Failed condition that is True, if any (whether
/// a Job counts as finished for status.active and the history limits).
pub fn finished_condition(j: &Job) -> Option<&str> {
    j.status
        .as_ref()?
        .conditions
        .as_ref()?
        .iter()
        .find(|c| (c.type_ == "Complete" || c.type_ == "Failed") && c.status == "True")
        .map(|c| c.type_.as_str())
}

/// `jobutil.IsJobFinished`: a finished Job leaves status.active.
pub fn is_job_finished(j: &Job) -> bool {
    finished_condition(j).is_some()
}

/// `jobutil.IsJobSucceeded`: the Complete condition is True.
fn is_job_succeeded(j: &Job) -> bool {
    j.status
        .as_ref()
        .and_then(|s| s.conditions.as_ref())
        .is_some_and(|cs| {
            cs.iter()
                .any(|c| c.type_ == "Complete" && c.status == "True")
        })
}

fn uid_of(meta: &ObjectMeta) -> &str {
    meta.uid.as_deref().unwrap_or("")
}

fn active(cj: &CronJob) -> &[ObjectReference] {
    cj.status
        .as_ref()
        .and_then(|s| s.active.as_deref())
        .unwrap_or(&[])
}

/// `inActiveList`.
fn in_active_list(cj: &CronJob, uid: &str) -> bool {
    active(cj).iter().any(|r| r.uid.as_deref() == Some(uid))
}

/// `inActiveListByName`.
fn in_active_list_by_name(cj: &CronJob, name: &str) -> bool {
    let ns = cj.metadata.namespace.as_deref();
    active(cj)
        .iter()
        .any(|r| r.name.as_deref() == Some(name) && r.namespace.as_deref() == ns)
}

/// `deleteFromActiveList`.
fn delete_from_active_list(cj: &mut CronJob, uid: &str) {
    if let Some(a) = cj.status.as_mut().and_then(|s| s.active.as_mut()) {
        a.retain(|r| r.uid.as_deref() != Some(uid));
    }
}

fn status_mut(cj: &mut CronJob) -> &mut CronJobStatus {
    cj.status.get_or_insert_with(Default::default)
}

/// `getRef` (`reference.GetReference`): how a Job is listed in `status.active`.
fn job_ref(j: &Job) -> ObjectReference {
    ObjectReference {
        api_version: Some("batch/v1".into()),
        kind: Some("Job".into()),
        name: j.metadata.name.clone(),
        namespace: j.metadata.namespace.clone(),
        uid: j.metadata.uid.clone(),
        resource_version: j.metadata.resource_version.clone(),
        field_path: None,
    }
}

/// `deleteJob`: deletes the Job (background cascade, so its pods follow), drops it from
/// `status.active` and records `SuccessfulDelete`, or `FailedDelete` on error.
fn delete_job(c: &mut Cluster, cj: &mut CronJob, namespace: &str, name: &str, uid: &str) -> bool {
    let opts = DeleteOptions {
        grace_period: None,
        propagation: Propagation::Background,
    };
    if let Err(e) = c.api_delete(Kind::Job, namespace, name, opts) {
        event(
            c,
            cj,
            "Warning",
            "FailedDelete",
            &format!("Deleted job: {}", e.message),
            COMPONENT,
        );
        return false;
    }
    delete_from_active_list(cj, uid);
    event(
        c,
        cj,
        "Normal",
        "SuccessfulDelete",
        &format!("Deleted job {name}"),
        COMPONENT,
    );
    true
}

/// `byJobStartTime`: jobs with a start time first, oldest first, names breaking ties.
fn by_job_start_time(a: &ChildJob, b: &ChildJob) -> Ordering {
    match (a.start_time, b.start_time) {
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (x, y) if x == y => a.name.cmp(&b.name),
        (x, y) => x.cmp(&y),
    }
}

/// `cleanupFinishedJobs` / `removeOldestJobs`: deletes the oldest finished Jobs beyond
/// `successfulJobsHistoryLimit` and `failedJobsHistoryLimit`.
fn cleanup_finished_jobs(c: &mut Cluster, cj: &mut CronJob, jobs: &[ChildJob]) {
    let Some(spec) = cj.spec.as_ref() else {
        return;
    };
    let limits = [
        ("Complete", spec.successful_jobs_history_limit),
        ("Failed", spec.failed_jobs_history_limit),
    ];
    for (condition, limit) in limits {
        let Some(limit) = limit else { continue };
        let mut list: Vec<&ChildJob> = jobs
            .iter()
            .filter(|j| j.finished.as_deref() == Some(condition))
            .collect();
        let excess = list.len().saturating_sub(limit.max(0) as usize);
        if excess == 0 {
            continue;
        }
        list.sort_by(|a, b| by_job_start_time(a, b));
        for j in list.into_iter().take(excess) {
            delete_job(c, cj, &j.namespace, &j.name, &j.uid);
        }
    }
}

/// `getJobFromTemplate2`: the Job for one scheduled time, with the template's labels and
/// annotations, the scheduled-timestamp annotation and a controller reference to the CronJob.
pub fn job_from_template(cj: &CronJob, scheduled: Timestamp) -> Result<Job, String> {
    let spec = cj.spec.clone().unwrap_or_default();
    let tmeta = spec.job_template.metadata.clone().unwrap_or_default();
    let mut annotations: BTreeMap<String, String> = tmeta.annotations.unwrap_or_default();
    annotations.insert(
        cron::CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION.to_string(),
        cron::scheduled_timestamp_annotation(scheduled, spec.time_zone.as_deref())?,
    );
    let name = cron::job_name(cj.metadata.name.as_deref().unwrap_or(""), scheduled);
    Ok(Job {
        metadata: ObjectMeta {
            name: Some(name),
            namespace: cj.metadata.namespace.clone(),
            labels: Some(tmeta.labels.unwrap_or_default()),
            annotations: Some(annotations),
            owner_references: Some(vec![controller_ref_to(cj)]),
            ..Default::default()
        },
        spec: spec.job_template.spec.clone(),
        status: None,
    })
}

/// The Job `kubectl create job NAME --from=cronjob/CJ` creates (`createJobFromCronJob` in
/// kubectl's `pkg/cmd/create/create_job.go`): annotation `cronjob.kubernetes.io/instantiate:
/// manual` (template annotations win on conflict), the template's labels and spec, and an owner
/// reference to the CronJob that is not a controller reference, so the CronJob controller leaves
/// the Job alone while the garbage collector still deletes it with the CronJob.
pub fn job_from_cronjob_manual(cj: &CronJob, name: &str) -> Job {
    let spec = cj.spec.clone().unwrap_or_default();
    let tmeta = spec.job_template.metadata.clone().unwrap_or_default();
    let mut annotations = BTreeMap::new();
    annotations.insert(INSTANTIATE_ANNOTATION.to_string(), "manual".to_string());
    for (k, v) in tmeta.annotations.unwrap_or_default() {
        annotations.insert(k, v);
    }
    Job {
        metadata: ObjectMeta {
            name: Some(name.to_string()),
            namespace: cj.metadata.namespace.clone(),
            labels: tmeta.labels,
            annotations: Some(annotations),
            owner_references: Some(vec![OwnerReference {
                api_version: "batch/v1".into(),
                kind: "CronJob".into(),
                name: cj.metadata.name.clone().unwrap_or_default(),
                uid: cj.metadata.uid.clone().unwrap_or_default(),
                controller: None,
                block_owner_deletion: None,
            }]),
            ..Default::default()
        },
        spec: spec.job_template.spec,
        status: None,
    }
}

/// Go's `time.RFC1123Z` in UTC: `Mon, 06 Jan 2025 09:01:00 +0000`.
fn rfc1123z(t: Timestamp) -> String {
    t.to_zoned(jiff::tz::TimeZone::UTC)
        .strftime("%a, %d %b %Y %H:%M:%S %z")
        .to_string()
}

/// `nextScheduleTimeDuration` for the CronJob as it is now.
fn requeue_after(cj: &CronJob, now: Timestamp, sched: &Schedule) -> Option<SignedDuration> {
    let times = CronJobTimes::from_cronjob(cj)?;
    Some(
        nothing_due(&times, now, sched)
            .unwrap_or_else(|| cron::next_schedule_time_duration(&times, now, sched)),
    )
}

/// A shortcut with the same answer as `nextScheduleTime` and `nextScheduleTimeDuration` when
/// the first activation after lastScheduleTime (or the creation) is still ahead: nothing is due,
/// look again then (+100ms, `nextScheduleDelta`). Most syncs (those Job updates trigger, and the
/// one right after a Job is created) take it, sparing most of the schedule arithmetic.
fn nothing_due(times: &CronJobTimes, now: Timestamp, sched: &Schedule) -> Option<SignedDuration> {
    let since = times.last_schedule_time.unwrap_or(times.creation_timestamp);
    let first = sched.next_after(since, &jiff::tz::TimeZone::UTC)?;
    if first <= now {
        return None;
    }
    first
        .checked_add(SignedDuration::from_millis(100))
        .ok()
        .map(|t| t.duration_since(now))
}

/// The spec fields `syncCronJob` reads (copied: the spec's job template is large).
struct Knobs {
    schedule: String,
    time_zone: Option<String>,
    suspend: Option<bool>,
    starting_deadline_seconds: Option<i64>,
    concurrency_policy: Option<String>,
}

/// `syncCronJob`: updates `cj`'s status in place and returns when to look again (`None`: only
/// when something changes).
fn sync_cron_job(c: &mut Cluster, cj: &mut CronJob, jobs: &[ChildJob]) -> Option<SignedDuration> {
    let now = c.now();
    for j in jobs {
        let found = in_active_list(cj, &j.uid);
        match &j.finished {
            None if !found => {
                // An unfinished Job with us as controller that status.active does not list: we
                // never lose a status write, so someone else made it.
                event(
                    c,
                    cj,
                    "Warning",
                    "UnexpectedJob",
                    &format!(
                        "Saw a job that the controller did not create or forgot: {}",
                        j.name
                    ),
                    COMPONENT,
                );
            }
            None => {}
            Some(condition) => {
                if found {
                    delete_from_active_list(cj, &j.uid);
                    event(
                        c,
                        cj,
                        "Normal",
                        "SawCompletedJob",
                        &format!("Saw completed job: {}, condition: {condition}", j.name),
                        COMPONENT,
                    );
                }
                if j.succeeded {
                    let done = &j.completion_time;
                    let st = status_mut(cj);
                    match (&st.last_successful_time, done) {
                        (None, _) => st.last_successful_time = done.clone(),
                        (Some(last), Some(d)) if d.0 > last.0 => {
                            st.last_successful_time = done.clone()
                        }
                        _ => {}
                    }
                }
            }
        }
    }

    // Active references to Jobs that no longer exist.
    let children: Vec<&str> = jobs.iter().map(|j| j.uid.as_str()).collect();
    let unknown: Vec<ObjectReference> = active(cj)
        .iter()
        .filter(|r| !children.contains(&r.uid.as_deref().unwrap_or("")))
        .cloned()
        .collect();
    for r in unknown {
        let uid = r.uid.clone().unwrap_or_default();
        let exists = c
            .store
            .get_typed::<Job>(
                r.namespace.as_deref().unwrap_or(""),
                r.name.as_deref().unwrap_or(""),
            )
            .is_some();
        if !exists {
            let name = r.name.clone().unwrap_or_default();
            event(
                c,
                cj,
                "Normal",
                "MissingJob",
                &format!("Active job went missing: {name}"),
                COMPONENT,
            );
            delete_from_active_list(cj, &uid);
        }
    }

    if cj.metadata.deletion_timestamp.is_some() {
        return None;
    }
    let spec = cj.spec.as_ref()?;
    let spec = Knobs {
        schedule: spec.schedule.clone(),
        time_zone: spec.time_zone.clone(),
        suspend: spec.suspend,
        starting_deadline_seconds: spec.starting_deadline_seconds,
        concurrency_policy: spec.concurrency_policy.clone(),
    };
    if let Some(tz) = &spec.time_zone
        && let Err(err) = cron::load_location(tz)
    {
        event(
            c,
            cj,
            "Warning",
            "UnknownTimeZone",
            &format!("invalid timeZone: {}: {err}", go_quote(tz)),
            COMPONENT,
        );
        return None;
    }
    if spec.suspend == Some(true) {
        return None;
    }
    if spec.schedule.contains("TZ") {
        // formatSchedule with a recorder.
        event(
            c,
            cj,
            "Warning",
            "UnsupportedSchedule",
            &format!(
                "CRON_TZ or TZ used in schedule {} is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details",
                go_quote(&spec.schedule)
            ),
            COMPONENT,
        );
    }
    let sched = match Schedule::for_cronjob(&spec.schedule, spec.time_zone.as_deref()) {
        Ok(s) => s,
        Err(err) => {
            event(
                c,
                cj,
                "Warning",
                "UnparseableSchedule",
                &format!("unparseable schedule: {} : {err}", go_quote(&spec.schedule)),
                COMPONENT,
            );
            return None;
        }
    };
    let times = CronJobTimes::from_cronjob(cj)?;
    let next = |cj: &CronJob| requeue_after(cj, now, &sched);
    if let Some(d) = nothing_due(&times, now, &sched) {
        return Some(d);
    }
    let scheduled = match cron::next_schedule_time(&times, now, &sched) {
        Err(err) => {
            event(
                c,
                cj,
                "Warning",
                "InvalidSchedule",
                &format!("invalid schedule: {} : {err}", spec.schedule),
                COMPONENT,
            );
            return None;
        }
        Ok(None) => return next(cj),
        Ok(Some((t, missed))) => {
            if missed == MissedSchedules::Many {
                event(
                    c,
                    cj,
                    "Warning",
                    TOO_MANY_MISSED_TIMES_REASON,
                    TOO_MANY_MISSED_TIMES_MESSAGE,
                    COMPONENT,
                );
            }
            t
        }
    };

    if let Some(sds) = spec.starting_deadline_seconds {
        let deadline = scheduled.checked_add(SignedDuration::from_secs(sds)).ok();
        if deadline.is_some_and(|d| d < now) {
            event(
                c,
                cj,
                "Warning",
                "MissSchedule",
                &format!(
                    "Missed scheduled time to start a job: {}",
                    rfc1123z(scheduled)
                ),
                COMPONENT,
            );
            return next(cj);
        }
    }
    let name = cron::job_name(cj.metadata.name.as_deref().unwrap_or(""), scheduled);
    let last = cj
        .status
        .as_ref()
        .and_then(|s| s.last_schedule_time.as_ref())
        .map(|t| t.0);
    if in_active_list_by_name(cj, &name) || last == Some(scheduled) {
        // The scheduled time is already processed.
        return next(cj);
    }
    let policy = spec.concurrency_policy.as_deref().unwrap_or("Allow");
    if policy == "Forbid" && !active(cj).is_empty() {
        event(
            c,
            cj,
            "Normal",
            "JobAlreadyActive",
            "Not starting job because prior execution is running and concurrency policy is Forbid",
            COMPONENT,
        );
        return next(cj);
    }
    if policy == "Replace" {
        for r in active(cj).to_vec() {
            let ns = r.namespace.clone().unwrap_or_default();
            let jname = r.name.clone().unwrap_or_default();
            let Some(uid) = c
                .store
                .get_typed::<Job>(&ns, &jname)
                .map(|j| j.metadata.uid.clone().unwrap_or_default())
            else {
                event(
                    c,
                    cj,
                    "Warning",
                    "FailedGet",
                    &format!("Get job: jobs.batch {} not found", go_quote(&jname)),
                    COMPONENT,
                );
                // Upstream retries with back-off; the next schedule is the next chance here.
                return next(cj);
            };
            if !delete_job(c, cj, &ns, &jname, &uid) {
                return next(cj);
            }
        }
    }

    let ns = cj.metadata.namespace.clone().unwrap_or_default();
    let full = c
        .store
        .get_typed::<CronJob>(&ns, cj.metadata.name.as_deref().unwrap_or(""));
    let req = match full.map(|full| job_from_template(full, scheduled)) {
        Some(Ok(j)) => j,
        _ => return next(cj),
    };
    let created = match c.api_create(req.into_object()) {
        Ok(o) => match Job::from_object(&o) {
            Some(j) => {
                let j = j.clone();
                event(
                    c,
                    cj,
                    "Normal",
                    "SuccessfulCreate",
                    &format!("Created job {name}"),
                    COMPONENT,
                );
                j
            }
            None => return next(cj),
        },
        Err(e) if e.reason == StatusReason::AlreadyExists => {
            // Made by someone else (leave it), or by us with a lost status write (adopt it into
            // status.active). Upstream then waits for another event or a resync; the simulator
            // has no resync, so it looks again at the next schedule.
            let Some(job) = c.store.get_typed::<Job>(&ns, &name).cloned() else {
                return next(cj);
            };
            let ours = podutil::is_controlled_by(&job.metadata, uid_of(&cj.metadata));
            if !ours || in_active_list(cj, uid_of(&job.metadata)) {
                return next(cj);
            }
            job
        }
        Err(e) if e.reason == StatusReason::Forbidden && e.message.contains("being terminated") => {
            // NamespaceTerminatingCause: every creation will fail.
            return None;
        }
        Err(e) => {
            event(
                c,
                cj,
                "Warning",
                "FailedCreate",
                &format!("Error creating job: {}", e.message),
                COMPONENT,
            );
            // Upstream retries with back-off; the next schedule is the next chance here.
            return next(cj);
        }
    };
    let st = status_mut(cj);
    st.active
        .get_or_insert_with(Vec::new)
        .push(job_ref(&created));
    st.last_schedule_time = Some(Time(scheduled));
    next(cj)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::cluster::DEFAULT_START_UNIX;
    use crate::sim::testutil::{cluster, create};
    use k8s_openapi::api::batch::v1::JobCondition;
    use k8s_openapi::api::core::v1::Event;
    use proptest::prelude::*;

    /// The docs' `cronjob.yaml` (concepts/workloads/controllers/cron-jobs).
    const HELLO: &str = r#"
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
            imagePullPolicy: IfNotPresent
            command:
            - /bin/sh
            - -c
            - date; echo Hello from the Kubernetes cluster
          restartPolicy: OnFailure
"#;

    /// Unix minutes of the default start, 2025-01-06T09:00:00Z.
    const START_MIN: i64 = DEFAULT_START_UNIX / 60;

    /// A CronJob whose Jobs are created suspended (`jobTemplate.spec.suspend: true`), so no pod
    /// ever runs and the tests decide when each Job finishes.
    fn cj_yaml(name: &str, schedule: &str, extra: &str) -> String {
        let extra: String = extra
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| format!("  {}\n", l.trim()))
            .collect();
        format!(
            r#"
apiVersion: batch/v1
kind: CronJob
metadata:
  name: {name}
spec:
  schedule: "{schedule}"
{extra}  jobTemplate:
    metadata:
      labels:
        team: batch
      annotations:
        note: nightly
    spec:
      suspend: true
      template:
        spec:
          containers:
          - name: work
            image: busybox:1.36
            command: ["sh", "-c", "sleep 3600"]
          restartPolicy: Never
"#
        )
    }

    /// A default cluster with `yaml` created at 09:00:00, one second later: whole-minute
    /// advances then land just after each run (created at +100ms, `nextScheduleDelta`).
    fn setup(yaml: &str) -> Cluster {
        let mut c = cluster();
        create(&mut c, yaml);
        c.advance(SignedDuration::from_secs(1));
        c
    }

    fn at(unix: i64) -> Timestamp {
        Timestamp::from_second(unix).unwrap()
    }

    fn minutes(m: i64) -> SignedDuration {
        SignedDuration::from_mins(m)
    }

    fn cronjob(c: &Cluster, name: &str) -> CronJob {
        c.store
            .get_typed::<CronJob>("default", name)
            .cloned()
            .unwrap()
    }

    fn status(c: &Cluster, name: &str) -> CronJobStatus {
        cronjob(c, name).status.unwrap_or_default()
    }

    fn active_names(c: &Cluster, name: &str) -> Vec<String> {
        status(c, name)
            .active
            .unwrap_or_default()
            .into_iter()
            .map(|r| r.name.unwrap())
            .collect()
    }

    fn job_names(c: &Cluster) -> Vec<String> {
        c.store
            .list_typed::<Job>(Some("default"))
            .map(|j| j.metadata.name.clone().unwrap())
            .collect()
    }

    fn jobs_named(prefix: &str, mins: impl IntoIterator<Item = i64>) -> Vec<String> {
        mins.into_iter().map(|m| format!("{prefix}-{m}")).collect()
    }

    /// Events with `reason`, oldest first: (first timestamp, type, message, count).
    fn events(c: &Cluster, reason: &str) -> Vec<(Timestamp, String, String, i32)> {
        let mut v: Vec<_> = c
            .store
            .list_typed::<Event>(Some("default"))
            // Only what the CronJob controller says about CronJobs (the Job controller records
            // its own SuccessfulCreate events about pods).
            .filter(|e| e.reason.as_deref() == Some(reason))
            .filter(|e| e.involved_object.kind.as_deref() == Some("CronJob"))
            .map(|e| {
                (
                    e.first_timestamp.as_ref().unwrap().0,
                    e.type_.clone().unwrap(),
                    e.message.clone().unwrap(),
                    e.count.unwrap_or(1),
                )
            })
            .collect();
        v.sort();
        v
    }

    fn messages(c: &Cluster, reason: &str) -> Vec<String> {
        events(c, reason).into_iter().map(|e| e.2).collect()
    }

    /// Marks a Job finished as the Job controller would: a True `Complete` (with completionTime)
    /// or `Failed` condition, and a startTime.
    fn finish(c: &mut Cluster, name: &str, condition: &str) {
        let mut j = c.store.get_typed::<Job>("default", name).cloned().unwrap();
        let now = c.now_time();
        let created = j.metadata.creation_timestamp.clone();
        let st = j.status.get_or_insert_with(Default::default);
        if st.start_time.is_none() {
            st.start_time = created;
        }
        st.conditions
            .get_or_insert_with(Vec::new)
            .push(JobCondition {
                type_: condition.into(),
                status: "True".into(),
                last_probe_time: Some(now.clone()),
                last_transition_time: Some(now.clone()),
                ..Default::default()
            });
        if condition == "Complete" {
            st.completion_time = Some(now);
            st.succeeded = Some(1);
        } else {
            st.failed = Some(1);
        }
        c.write(j);
        c.settle();
    }

    /// Finishes every unfinished Job; returns how many.
    fn finish_all(c: &mut Cluster, condition: &str) -> usize {
        let names: Vec<String> = c
            .store
            .list_typed::<Job>(Some("default"))
            .filter(|j| !is_job_finished(j))
            .map(|j| j.metadata.name.clone().unwrap())
            .collect();
        for n in &names {
            finish(c, n, condition);
        }
        names.len()
    }

    fn update_spec(
        c: &mut Cluster,
        name: &str,
        f: impl FnOnce(&mut k8s_openapi::api::batch::v1::CronJobSpec),
    ) {
        let mut cj = cronjob(c, name);
        f(cj.spec.as_mut().unwrap());
        c.api_update(cj.into_object()).unwrap();
        c.settle();
    }

    /// The docs' example: a Job `hello-<Unix minutes>` every minute, created 100ms after the
    /// minute (`nextScheduleDelta`), named after the scheduled time, with the scheduled-timestamp
    /// annotation and a controller reference; `SuccessfulCreate` "Created job hello-N".
    #[test]
    fn docs_hello_cronjob_creates_a_job_every_minute() {
        let mut c = cluster();
        create(&mut c, HELLO);
        assert!(job_names(&c).is_empty());
        // The controller sleeps until the first schedule: 09:01:00 + 100ms.
        assert_eq!(
            c.next_timer(),
            Some(at(DEFAULT_START_UNIX + 60) + SignedDuration::from_millis(100))
        );
        c.advance(SignedDuration::from_secs(59));
        assert!(job_names(&c).is_empty());
        c.advance(SignedDuration::from_secs(1));
        assert!(job_names(&c).is_empty(), "not before the +100ms delta");
        c.advance(SignedDuration::from_millis(100));
        assert_eq!(job_names(&c), [format!("hello-{}", START_MIN + 1)]);
        c.advance(minutes(4));
        let created = events(&c, "SuccessfulCreate");
        let want: Vec<_> = (1..=5)
            .map(|k| {
                (
                    at(DEFAULT_START_UNIX + 60 * k) + SignedDuration::from_millis(100),
                    "Normal".to_string(),
                    format!("Created job hello-{}", START_MIN + k),
                    1,
                )
            })
            .collect();
        assert_eq!(created, want);
        let name = format!("hello-{}", START_MIN + 5);
        let j = c.store.get_typed::<Job>("default", &name).unwrap();
        assert_eq!(
            j.metadata.annotations.as_ref().unwrap()[cron::CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION],
            "2025-01-06T09:05:00Z"
        );
        let cj = cronjob(&c, "hello");
        let r = &j.metadata.owner_references.as_ref().unwrap()[0];
        assert_eq!(
            (
                r.kind.as_str(),
                r.name.as_str(),
                r.controller,
                r.block_owner_deletion
            ),
            ("CronJob", "hello", Some(true), Some(true))
        );
        assert_eq!(Some(&r.uid), cj.metadata.uid.as_ref());
        let st = cj.status.unwrap();
        assert_eq!(
            st.last_schedule_time.unwrap().0,
            at(DEFAULT_START_UNIX + 300)
        );
        let a = st.active.unwrap_or_default();
        let last = a.last().unwrap();
        assert_eq!(last.name.as_deref(), Some(name.as_str()));
        assert_eq!(last.api_version.as_deref(), Some("batch/v1"));
        assert_eq!(last.kind.as_deref(), Some("Job"));
        assert_eq!(last.uid, j.metadata.uid);
    }

    /// `*/5` over an hour: twelve Jobs, each named after its 5-minute mark. Their
    /// `SuccessfulCreate` events differ only by message, five minutes apart, so client-go's
    /// EventAggregator (events_cache.go) writes nine and counts the tenth to twelfth up in one
    /// `(combined from similar events)` event carrying the latest message.
    #[test]
    fn every_five_minutes_for_an_hour_makes_twelve_jobs() {
        let mut c = setup(&cj_yaml("report", "*/5 * * * *", ""));
        c.advance(minutes(60));
        let mut expected = jobs_named("Created job report", (1..=9).map(|k| START_MIN + 5 * k));
        expected.push(format!(
            "(combined from similar events): Created job report-{}",
            START_MIN + 60
        ));
        assert_eq!(messages(&c, "SuccessfulCreate"), expected);
        let counts: Vec<i32> = events(&c, "SuccessfulCreate").iter().map(|e| e.3).collect();
        assert_eq!(counts, [1, 1, 1, 1, 1, 1, 1, 1, 1, 3]);
        assert_eq!(job_names(&c).len(), 12);
        let j = c
            .store
            .get_typed::<Job>("default", &format!("report-{}", START_MIN + 60))
            .unwrap();
        // Labels and annotations come from the job template.
        assert_eq!(j.metadata.labels.as_ref().unwrap()["team"], "batch");
        assert_eq!(j.metadata.annotations.as_ref().unwrap()["note"], "nightly");
        assert_eq!(
            j.metadata.creation_timestamp.as_ref().unwrap().0,
            at(DEFAULT_START_UNIX + 3600) + SignedDuration::from_millis(100)
        );
    }

    /// concurrencyPolicy Forbid: no new Job while one is active (`JobAlreadyActive`); when it
    /// finishes, the most recent skipped time runs at once (older skipped times are lost).
    #[test]
    fn forbid_skips_while_a_job_is_active() {
        let mut c = setup(&cj_yaml("f", "* * * * *", "concurrencyPolicy: Forbid"));
        c.advance(minutes(4));
        assert_eq!(job_names(&c), jobs_named("f", [START_MIN + 1]));
        let skipped = events(&c, "JobAlreadyActive");
        assert_eq!(skipped.len(), 1, "aggregated into one event");
        assert_eq!(
            skipped[0].2,
            "Not starting job because prior execution is running and concurrency policy is Forbid"
        );
        assert_eq!(skipped[0].1, "Normal");
        assert!(skipped[0].3 >= 3, "{skipped:?}");
        finish(&mut c, &format!("f-{}", START_MIN + 1), "Complete");
        assert_eq!(
            messages(&c, "SawCompletedJob"),
            [format!(
                "Saw completed job: f-{}, condition: Complete",
                START_MIN + 1
            )]
        );
        // lastScheduleTime never moved past 09:01, so the most recent skipped time (09:04) is
        // still unmet and starts now, late, as soon as the running Job is gone.
        assert_eq!(active_names(&c, "f"), jobs_named("f", [START_MIN + 4]));
        assert_eq!(
            status(&c, "f").last_schedule_time.unwrap().0,
            at(DEFAULT_START_UNIX + 4 * 60)
        );
    }

    /// concurrencyPolicy Replace: the running Job is deleted (`SuccessfulDelete` "Deleted job x")
    /// before the new one is created.
    #[test]
    fn replace_deletes_the_active_job() {
        let mut c = setup(&cj_yaml("r", "* * * * *", "concurrencyPolicy: Replace"));
        c.advance(minutes(1));
        assert_eq!(job_names(&c), jobs_named("r", [START_MIN + 1]));
        c.advance(minutes(1));
        assert_eq!(job_names(&c), jobs_named("r", [START_MIN + 2]));
        assert_eq!(active_names(&c, "r"), jobs_named("r", [START_MIN + 2]));
        assert_eq!(
            messages(&c, "SuccessfulDelete"),
            [format!("Deleted job r-{}", START_MIN + 1)]
        );
        assert!(messages(&c, "MissingJob").is_empty());
    }

    /// concurrencyPolicy Allow (the default): runs overlap.
    #[test]
    fn allow_runs_concurrently() {
        let mut c = setup(&cj_yaml("a", "* * * * *", ""));
        c.advance(minutes(3));
        assert_eq!(active_names(&c, "a").len(), 3);
    }

    /// Suspending stops creation; resuming runs only the most recent missed time.
    #[test]
    fn resume_after_suspend_runs_only_the_most_recent_missed_time() {
        let mut c = setup(&cj_yaml("s", "* * * * *", ""));
        c.advance(minutes(1));
        update_spec(&mut c, "s", |s| s.suspend = Some(true));
        c.advance(minutes(30));
        assert_eq!(job_names(&c), jobs_named("s", [START_MIN + 1]));
        c.advance(SignedDuration::from_secs(30)); // 09:31:31
        update_spec(&mut c, "s", |s| s.suspend = Some(false));
        assert_eq!(
            job_names(&c),
            jobs_named("s", [START_MIN + 1, START_MIN + 31])
        );
        assert!(events(&c, TOO_MANY_MISSED_TIMES_REASON).is_empty());
        assert_eq!(
            status(&c, "s").last_schedule_time.unwrap().0,
            at(DEFAULT_START_UNIX + 31 * 60)
        );
        // Back on schedule.
        c.advance(SignedDuration::from_secs(30));
        assert_eq!(
            job_names(&c).last().unwrap(),
            &format!("s-{}", START_MIN + 32)
        );
    }

    /// More than 100 missed start times: warning `TooManyMissedTimes`, and the most recent one
    /// still runs.
    #[test]
    fn too_many_missed_times_warns_and_runs_the_most_recent() {
        let mut c = setup(&cj_yaml("s", "* * * * *", "suspend: true"));
        c.advance(minutes(150));
        assert!(job_names(&c).is_empty());
        update_spec(&mut c, "s", |s| s.suspend = Some(false));
        let w = events(&c, TOO_MANY_MISSED_TIMES_REASON);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].1, "Warning");
        assert_eq!(
            w[0].2,
            "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew"
        );
        assert_eq!(job_names(&c), jobs_named("s", [START_MIN + 150]));
    }

    /// startingDeadlineSeconds: a missed time older than the deadline is not run (upstream
    /// finds no schedule in `[now - deadline, now]` and just waits for the next one).
    #[test]
    fn starting_deadline_skips_late_runs() {
        let mut c = setup(&cj_yaml(
            "d",
            "* * * * *",
            "suspend: true\nstartingDeadlineSeconds: 30",
        ));
        c.advance(SignedDuration::from_secs(10 * 60 + 45)); // 09:10:46
        update_spec(&mut c, "d", |s| s.suspend = Some(false));
        assert!(job_names(&c).is_empty(), "09:10:00 is 46s late");
        assert!(events(&c, TOO_MANY_MISSED_TIMES_REASON).is_empty());
        c.advance(SignedDuration::from_secs(16)); // 09:11:02
        assert_eq!(job_names(&c), jobs_named("d", [START_MIN + 11]));
        // Within the deadline a late run still starts.
        update_spec(&mut c, "d", |s| s.suspend = Some(true));
        c.advance(SignedDuration::from_secs(5 * 60 + 19)); // 09:16:21
        update_spec(&mut c, "d", |s| s.suspend = Some(false));
        assert_eq!(
            job_names(&c),
            jobs_named("d", [START_MIN + 11, START_MIN + 16])
        );
    }

    /// History limits: the oldest finished Jobs beyond 3 successful / 1 failed are deleted
    /// (`SuccessfulDelete`); lastSuccessfulTime is the newest completion.
    #[test]
    fn history_limits_keep_three_successful_and_one_failed() {
        let mut c = setup(&cj_yaml("h", "* * * * *", ""));
        for k in 1..=8 {
            c.advance(minutes(1));
            let cond = if k > 5 { "Failed" } else { "Complete" };
            finish(&mut c, &format!("h-{}", START_MIN + k), cond);
        }
        assert_eq!(
            job_names(&c),
            jobs_named(
                "h",
                [START_MIN + 3, START_MIN + 4, START_MIN + 5, START_MIN + 8]
            )
        );
        assert_eq!(
            messages(&c, "SuccessfulDelete"),
            jobs_named(
                "Deleted job h",
                [START_MIN + 1, START_MIN + 2, START_MIN + 6, START_MIN + 7]
            )
        );
        let st = status(&c, "h");
        assert_eq!(
            st.last_successful_time.unwrap().0,
            at(DEFAULT_START_UNIX + 5 * 60 + 1)
        );
        assert!(st.active.is_none());
        assert!(messages(&c, "SawCompletedJob").contains(&format!(
            "Saw completed job: h-{}, condition: Failed",
            START_MIN + 8
        )));
    }

    /// `successfulJobsHistoryLimit: 0`: a completed Job is deleted at once, before the sync sees
    /// it, so there is no `SawCompletedJob` (cleanup runs first upstream), yet
    /// lastSuccessfulTime is still recorded.
    #[test]
    fn zero_history_limit_deletes_at_once() {
        let mut c = setup(&cj_yaml("z", "* * * * *", "successfulJobsHistoryLimit: 0"));
        c.advance(minutes(1));
        finish(&mut c, &format!("z-{}", START_MIN + 1), "Complete");
        assert!(job_names(&c).is_empty());
        assert!(messages(&c, "SawCompletedJob").is_empty());
        let st = status(&c, "z");
        assert!(st.last_successful_time.is_some());
        assert!(st.active.is_none());
    }

    /// timeZone: `0 9 * * *` in Asia/Tokyo fires at 00:00 UTC; the annotation shows Tokyo time.
    #[test]
    fn time_zone_asia_tokyo() {
        let mut c = setup(&cj_yaml("tokyo", "0 9 * * *", "timeZone: Asia/Tokyo"));
        c.advance(SignedDuration::from_hours(24));
        // 2025-01-07T00:00:00Z
        let due = 1_736_208_000;
        assert_eq!(job_names(&c), [format!("tokyo-{}", due / 60)]);
        let j = c
            .store
            .get_typed::<Job>("default", &format!("tokyo-{}", due / 60))
            .unwrap();
        assert_eq!(
            j.metadata.creation_timestamp.as_ref().unwrap().0,
            at(due) + SignedDuration::from_millis(100)
        );
        assert_eq!(
            j.metadata.annotations.as_ref().unwrap()[cron::CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION],
            "2025-01-07T09:00:00+09:00"
        );
    }

    /// An active Job deleted by someone else leaves status.active (`MissingJob`).
    #[test]
    fn deleted_active_job_is_missing() {
        let mut c = setup(&cj_yaml("m", "* * * * *", ""));
        c.advance(minutes(1));
        let name = format!("m-{}", START_MIN + 1);
        c.api_delete(Kind::Job, "default", &name, DeleteOptions::default())
            .unwrap();
        c.settle();
        assert!(active_names(&c, "m").is_empty());
        assert_eq!(
            messages(&c, "MissingJob"),
            [format!("Active job went missing: {name}")]
        );
    }

    /// A Job with the scheduled name that the CronJob does not control is left alone
    /// (AlreadyExists path): no event, nothing added to status.active.
    #[test]
    fn existing_job_with_the_scheduled_name_is_left_alone() {
        let mut c = setup(&cj_yaml("x", "* * * * *", ""));
        let name = format!("x-{}", START_MIN + 1);
        create(
            &mut c,
            &format!(
                r#"
apiVersion: batch/v1
kind: Job
metadata:
  name: {name}
spec:
  suspend: true
  template:
    spec:
      containers:
      - name: c
        image: busybox
      restartPolicy: Never
"#
            ),
        );
        c.advance(minutes(1));
        assert!(messages(&c, "SuccessfulCreate").is_empty());
        assert!(active_names(&c, "x").is_empty());
        assert!(status(&c, "x").last_schedule_time.is_none());
        c.advance(minutes(1));
        assert_eq!(active_names(&c, "x"), jobs_named("x", [START_MIN + 2]));
    }

    /// A Job the CronJob controls but does not list is reported (`UnexpectedJob`).
    #[test]
    fn unexpected_job_is_reported() {
        let mut c = setup(&cj_yaml("u", "0 0 1 1 *", ""));
        let cj = cronjob(&c, "u");
        let mut j = job_from_template(&cj, at(DEFAULT_START_UNIX)).unwrap();
        j.metadata.name = Some("u-manual".into());
        c.api_create(j.into_object()).unwrap();
        c.settle();
        assert_eq!(
            messages(&c, "UnexpectedJob"),
            ["Saw a job that the controller did not create or forgot: u-manual"]
        );
        assert!(active_names(&c, "u").is_empty());
    }

    /// A schedule that never fires (February 31st) is reported once, without spinning.
    #[test]
    fn impossible_schedule_is_invalid() {
        let mut c = setup(&cj_yaml("never", "59 23 31 2 *", ""));
        let w = events(&c, "InvalidSchedule");
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(
            w[0].2.starts_with("invalid schedule: 59 23 31 2 * : "),
            "{w:?}"
        );
        c.advance(SignedDuration::from_hours(24));
        assert!(job_names(&c).is_empty());
    }

    /// `kubectl create job NAME --from=cronjob/CJ`: manual annotation, template labels and
    /// annotations, an owner reference without `controller`; the CronJob ignores it, and the
    /// garbage collector deletes it with the CronJob.
    #[test]
    fn manual_job_from_cronjob() {
        let mut c = setup(&cj_yaml("nightly", "0 0 * * *", ""));
        let cj = cronjob(&c, "nightly");
        let j = job_from_cronjob_manual(&cj, "nightly-manual-1");
        let a = j.metadata.annotations.clone().unwrap();
        assert_eq!(a[INSTANTIATE_ANNOTATION], "manual");
        assert_eq!(a["note"], "nightly");
        assert_eq!(j.metadata.labels.as_ref().unwrap()["team"], "batch");
        let r = &j.metadata.owner_references.as_ref().unwrap()[0];
        assert_eq!(r.controller, None);
        assert_eq!(
            (r.kind.as_str(), r.api_version.as_str()),
            ("CronJob", "batch/v1")
        );
        assert_eq!(Some(&r.uid), cj.metadata.uid.as_ref());
        c.api_create(j.into_object()).unwrap();
        c.settle();
        assert!(messages(&c, "UnexpectedJob").is_empty());
        assert!(active_names(&c, "nightly").is_empty());
        c.api_delete(
            Kind::CronJob,
            "default",
            "nightly",
            DeleteOptions::default(),
        )
        .unwrap();
        c.settle();
        assert!(job_names(&c).is_empty());
    }

    /// Deleting the CronJob deletes its Jobs (garbage collector) and stops the schedule.
    #[test]
    fn deleting_the_cronjob_stops_it() {
        let mut c = setup(&cj_yaml("g", "* * * * *", ""));
        c.advance(minutes(2));
        c.api_delete(Kind::CronJob, "default", "g", DeleteOptions::default())
            .unwrap();
        c.advance(minutes(5));
        assert!(job_names(&c).is_empty());
    }

    /// Runs `busy` (`*/1`) for `days`, finishing each Job a second after it starts; returns the
    /// cluster and how many Jobs ran.
    fn every_minute_for(days: i64) -> (Cluster, usize) {
        let mut c = setup(&cj_yaml("busy", "*/1 * * * *", ""));
        let mut finished = 0;
        for _ in 0..days * 24 * 60 {
            c.advance(minutes(1));
            finished += finish_all(&mut c, "Complete");
            assert!(job_names(&c).len() <= 3);
        }
        let st = status(&c, "busy");
        assert_eq!(
            st.last_schedule_time.unwrap().0,
            at(DEFAULT_START_UNIX + days * 24 * 3600)
        );
        assert!(st.active.is_none());
        let end = START_MIN + days * 24 * 60;
        assert_eq!(job_names(&c), jobs_named("busy", end - 2..=end));
        (c, finished)
    }

    /// A day of a `*/1` schedule: 1,440 Jobs, one per minute, the history trimmed to the last
    /// three after every run.
    #[test]
    fn one_day_every_minute() {
        let (_, finished) = every_minute_for(1);
        assert_eq!(finished, 24 * 60);
    }

    /// Idle time costs nothing: a yearly CronJob over ten years wakes only at its schedule.
    #[test]
    fn ten_years_of_a_yearly_schedule() {
        let mut c = setup(&cj_yaml("yearly", "@yearly", ""));
        let before = c.reconciles;
        for _ in 0..10 {
            c.advance(SignedDuration::from_hours(366 * 24));
            finish_all(&mut c, "Complete");
        }
        // 2026-01-01 .. 2035-01-01: ten runs, the last three kept.
        let st = status(&c, "yearly");
        assert_eq!(
            st.last_schedule_time.unwrap().0,
            "2035-01-01T00:00:00Z".parse::<Timestamp>().unwrap()
        );
        assert_eq!(
            job_names(&c),
            jobs_named(
                "yearly",
                [2033, 2034, 2035].map(|y| {
                    format!("{y}-01-01T00:00:00Z")
                        .parse::<Timestamp>()
                        .unwrap()
                        .as_second()
                        / 60
                })
            )
        );
        assert!(c.reconciles - before < 200, "{}", c.reconciles - before);
    }

    #[derive(Clone, Debug)]
    enum Op {
        Advance(u32),
        Finish(usize, bool),
        Suspend(bool),
        DeleteJob(usize),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            4 => (1u32..600).prop_map(Op::Advance),
            3 => (0usize..8, any::<bool>()).prop_map(|(i, ok)| Op::Finish(i, ok)),
            1 => any::<bool>().prop_map(Op::Suspend),
            1 => (0usize..8).prop_map(Op::DeleteJob),
        ]
    }

    const SCHEDULES: &[&str] = &[
        "* * * * *",
        "*/2 * * * *",
        "*/5 * * * *",
        "7,19,43 * * * *",
        "0 * * * *",
        "@hourly",
        "30 9 * * 1-5",
        "*/3 9-17 * * *",
    ];

    fn unfinished(c: &Cluster) -> Vec<String> {
        c.store
            .list_typed::<Job>(Some("default"))
            .filter(|j| !is_job_finished(j))
            .map(|j| j.metadata.name.clone().unwrap())
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]

        /// Over random schedules, policies, completions, suspensions and deletions: Forbid
        /// never has two unfinished Jobs, every Job is named `<cronjob>-<scheduled minute>`
        /// of a real schedule time no later than its creation, status.active lists exactly the
        /// unfinished Jobs, and the history limits hold.
        #[test]
        fn cronjob_invariants(
            sched in 0usize..SCHEDULES.len(),
            policy in prop_oneof![Just("Allow"), Just("Forbid"), Just("Replace")],
            deadline in prop_oneof![Just(None), (10i64..400).prop_map(Some)],
            ops in proptest::collection::vec(op(), 1..30),
        ) {
            let mut c = cluster();
            let mut extra = format!("concurrencyPolicy: {policy}");
            if let Some(d) = deadline {
                extra.push_str(&format!("\nstartingDeadlineSeconds: {d}"));
            }
            create(&mut c, &cj_yaml("p", SCHEDULES[sched], &extra));
            let schedule = Schedule::for_cronjob(SCHEDULES[sched], None).unwrap();
            for op in ops {
                match op {
                    Op::Advance(s) => c.advance(SignedDuration::from_secs(i64::from(s))),
                    Op::Finish(i, ok) => {
                        let u = unfinished(&c);
                        if !u.is_empty() {
                            let n = u[i % u.len()].clone();
                            finish(&mut c, &n, if ok { "Complete" } else { "Failed" });
                        }
                    }
                    Op::Suspend(s) => update_spec(&mut c, "p", |spec| spec.suspend = Some(s)),
                    Op::DeleteJob(i) => {
                        let all = job_names(&c);
                        if !all.is_empty() {
                            let n = all[i % all.len()].clone();
                            c.api_delete(Kind::Job, "default", &n, DeleteOptions::default()).unwrap();
                            c.settle();
                        }
                    }
                }
                let u = unfinished(&c);
                if policy != "Allow" {
                    prop_assert!(u.len() <= 1, "{policy}: {u:?}");
                }
                let mut act = active_names(&c, "p");
                act.sort();
                prop_assert_eq!(&act, &u);
                let mut complete = 0;
                let mut failed = 0;
                for j in c.store.list_typed::<Job>(Some("default")) {
                    let ann = &j.metadata.annotations.as_ref().unwrap()
                        [cron::CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION];
                    let t: Timestamp = ann.parse().unwrap();
                    prop_assert_eq!(j.metadata.name.clone().unwrap(), cron::job_name("p", t));
                    let prev = t - SignedDuration::from_secs(1);
                    prop_assert_eq!(schedule.next_after(prev, &jiff::tz::TimeZone::UTC), Some(t));
                    prop_assert!(t <= j.metadata.creation_timestamp.as_ref().unwrap().0);
                    match finished_condition(j) {
                        Some("Complete") => complete += 1,
                        Some("Failed") => failed += 1,
                        _ => {}
                    }
                }
                prop_assert!(complete <= 3 && failed <= 1);
            }
        }
    }
}
