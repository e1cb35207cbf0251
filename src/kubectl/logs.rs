//! `kubectl logs`: a container's output as the kubelet keeps it, for a pod, the first pod of a
//! workload (`job/NAME`, `deploy/NAME`, `sts/NAME`, ...), or every pod a selector matches.
//!
//! Ports `staging/src/k8s.io/kubectl/pkg/cmd/logs/logs.go` (flags, usage errors, `--tail` 10 with a
//! selector, `--prefix`, `--max-log-requests`), `pkg/polymorphichelpers/logsforobject.go` (the
//! default container and its `Defaulted container ...` notice, `Found N pods, using pod/NAME`,
//! pods ordered by `podutils.ByLogging`) and the kubelet's `validateContainerLogStatus`
//! (`pkg/kubelet/kubelet_pods.go`: `is waiting to start: ContainerCreating`, `previous terminated
//! container ... not found`). `-f` follows in virtual time: the clock advances to each new line
//! until the container exits, `--request-timeout` passes, or [`MAX_FOLLOW`] of virtual time has
//! passed (a script cannot press Ctrl-C).

use super::args::{self, Flag, bool_flag, val};
use super::{Output, namespace_of};
use crate::sim::behavior;
use crate::sim::cluster::Cluster;
use crate::sim::labels::Selector;
use crate::sim::object::{Kind, Object};
use crate::sim::pod::Pod;
use crate::sim::podutil;
use crate::sim::runtime::{ContainerPhase, ContainerRuntime, LogLine};
use jiff::{SignedDuration, Timestamp};
use k8s_openapi::api::core::v1::Container;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;

const FLAGS: &[Flag] = &[
    bool_flag("all-containers", None),
    bool_flag("all-pods", None),
    val("container", Some('c')),
    bool_flag("follow", Some('f')),
    bool_flag("ignore-errors", None),
    bool_flag("insecure-skip-tls-verify-backend", None),
    val("limit-bytes", None),
    val("max-log-requests", None),
    val("pod-running-timeout", None),
    bool_flag("prefix", None),
    bool_flag("previous", Some('p')),
    val("selector", Some('l')),
    val("since", None),
    val("since-time", None),
    val("tail", None),
    bool_flag("timestamps", None),
];

const USAGE: &str = "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command";

/// How much virtual time `-f` follows at most without `--request-timeout`.
pub const MAX_FOLLOW: SignedDuration = SignedDuration::from_secs(300);

/// The most lines one request returns for an endless loop's output.
const MAX_LINES: usize = 10_000;

fn usage_error(msg: &str) -> String {
    format!("error: {msg}\nSee 'kubectl logs -h' for help and examples")
}

/// Parses a Go `time.Duration` (`5s`, `1m30s`, `1.5h`, `300ms`, `0`).
pub fn parse_go_duration(s: &str) -> Option<SignedDuration> {
    if s == "0" {
        return Some(SignedDuration::ZERO);
    }
    let (neg, body) = match s.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    if body.is_empty() {
        return None;
    }
    let mut total = 0f64;
    let mut rest = body;
    while !rest.is_empty() {
        let n = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if n == 0 {
            return None;
        }
        let num: f64 = rest[..n].parse().ok()?;
        rest = &rest[n..];
        let u = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let unit_ns = match &rest[..u] {
            "ns" => 1.0,
            "us" | "µs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            _ => return None,
        };
        rest = &rest[u..];
        total += num * unit_ns;
    }
    if total > 9.2e18 {
        return None;
    }
    let ns = if neg { -total } else { total };
    Some(SignedDuration::from_nanos(ns as i64))
}

/// Go's `time.RFC3339Nano` in UTC (trailing zeros of the fraction trimmed).
pub fn rfc3339_nano(t: Timestamp) -> String {
    let base = t.strftime("%Y-%m-%dT%H:%M:%S").to_string();
    let ns = t.subsec_nanosecond();
    if ns == 0 {
        format!("{base}Z")
    } else {
        let f = format!("{ns:09}");
        format!("{base}.{}Z", f.trim_end_matches('0'))
    }
}

/// What the request asks of each stream.
#[derive(Clone, Debug, Default)]
struct Opts {
    previous: bool,
    timestamps: bool,
    tail: Option<i64>,
    since: Option<Timestamp>,
    limit_bytes: Option<usize>,
    prefix: bool,
}

/// One log stream: a container of a pod, and which run of it.
#[derive(Clone, Debug)]
struct Stream {
    ns: String,
    pod: String,
    uid: String,
    container: String,
    /// The run followed (its start), fixed when the stream opens.
    run_start: Option<Timestamp>,
}

/// `kubectl logs`.
pub fn run(c: &mut Cluster, argv: &[String], out: &mut Output) {
    let p = match args::parse(argv, FLAGS, "logs") {
        Ok(p) => p,
        Err(e) => return out.fail(e),
    };
    let ns = namespace_of(&p);
    let selector = p.get("selector").unwrap_or("").to_string();
    let mut container = p.get("container").unwrap_or("").to_string();
    let (resource, inline_container) = match p.args.as_slice() {
        [] if selector.is_empty() => return out.fail(usage_error(USAGE)),
        [] => (None, None),
        [_] if !selector.is_empty() => {
            return out.fail(usage_error("only a selector (-l) or a POD name is allowed"));
        }
        [r] => (Some(r.clone()), None),
        [r, ctr] => (Some(r.clone()), Some(ctr.clone())),
        _ => return out.fail(usage_error(USAGE)),
    };
    let mut tail: i64 = -1;
    if let Some(t) = p.get("tail") {
        match t.parse::<i64>() {
            Ok(v) => tail = v,
            Err(_) => {
                return out.fail(format!(
                    "error: invalid argument \"{t}\" for \"--tail\" flag: strconv.ParseInt: parsing \"{t}\": invalid syntax\nSee 'kubectl logs --help' for usage."
                ));
            }
        }
    }
    let since = match p.get("since") {
        None => None,
        Some(s) => match parse_go_duration(s) {
            Some(d) => Some(d),
            None => {
                return out.fail(format!(
                    "error: invalid argument \"{s}\" for \"--since\" flag: time: invalid duration \"{s}\"\nSee 'kubectl logs --help' for usage."
                ));
            }
        },
    };
    let since_time = match p.get("since-time").filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => match s.parse::<Timestamp>() {
            Ok(t) => Some(t),
            Err(_) => {
                return out.fail(format!(
                    "error: parsing time \"{s}\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"{s}\" as \"2006\""
                ));
            }
        },
    };
    let limit_bytes: i64 = match p.get("limit-bytes").map(str::parse::<i64>) {
        None => 0,
        Some(Ok(v)) => v,
        Some(Err(_)) => {
            let v = p.get("limit-bytes").unwrap_or("");
            return out.fail(format!(
                "error: invalid argument \"{v}\" for \"--limit-bytes\" flag: strconv.ParseInt: parsing \"{v}\": invalid syntax\nSee 'kubectl logs --help' for usage."
            ));
        }
    };
    let max_requests: usize = p
        .get("max-log-requests")
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    // Validate (logs.go).
    let since_secs = since.map(|d| (d.as_millis() as f64 / 1000.0).round() as i64);
    if since_time.is_some() && since_secs.is_some_and(|s| s != 0) {
        return out.fail("error: at most one of `sinceTime` or `sinceSeconds` may be specified");
    }
    if let Some(ic) = &inline_container {
        if p.has("container") {
            return out.fail("error: only one of -c or an inline [CONTAINER] arg is allowed");
        }
        container = ic.clone();
    }
    let all_containers = p.is("all-containers");
    if all_containers && !container.is_empty() {
        return out.fail(format!(
            "error: --all-containers=true should not be specified with container name {container}"
        ));
    }
    if limit_bytes < 0 {
        return out.fail("error: --limit-bytes must be greater than 0");
    }
    if since_secs.is_some_and(|s| s < 0) {
        return out.fail("error: --since must be greater than 0");
    }
    if !selector.is_empty() && tail == -1 && !p.has("tail") {
        tail = 10;
    }
    if tail < -1 {
        return out.fail("error: --tail must be greater than or equal to -1");
    }
    let now = c.now();
    let opts = Opts {
        previous: p.is("previous"),
        timestamps: p.is("timestamps"),
        tail: (tail >= 0).then_some(tail),
        since: since_time.or(since_secs
            .filter(|s| *s > 0)
            .map(|s| now - SignedDuration::from_secs(s))),
        limit_bytes: (limit_bytes > 0).then_some(limit_bytes as usize),
        prefix: p.is("prefix") || p.is("all-pods"),
    };
    // Which pods.
    let all_pods = p.is("all-pods");
    let mut pods: Vec<Pod> = Vec::new();
    let mut quiet_default = all_pods;
    if let Some(r) = &resource {
        match object_for(c, &ns, r) {
            Err(e) => return out.fail(e),
            Ok(Object::Pod(pod)) => pods.push(std::sync::Arc::unwrap_or_clone(pod)),
            Ok(obj) => {
                let sel = match selector_of(&obj) {
                    Ok(s) => s,
                    Err(e) => return out.fail(e),
                };
                let mut matched: Vec<Pod> = match Selector::from_label_selector(Some(&sel)) {
                    Ok(s) => c
                        .store
                        .list_typed::<Pod>(Some(obj.namespace()))
                        .filter(|p| s.matches_opt(p.metadata.labels.as_ref()))
                        .cloned()
                        .collect(),
                    Err(e) => return out.fail(format!("error: {e}")),
                };
                if matched.is_empty() {
                    return out.fail("error: timed out waiting for the condition");
                }
                matched.sort_by(by_logging);
                if matched.len() > 1 && !all_pods {
                    out.errln(format!(
                        "Found {} pods, using pod/{}",
                        matched.len(),
                        matched[0].metadata.name.as_deref().unwrap_or("")
                    ));
                    matched.truncate(1);
                }
                pods = matched;
            }
        }
    } else {
        let sel = match Selector::parse(&selector) {
            Ok(s) => s,
            Err(e) => return out.fail(format!("error: {e}")),
        };
        pods = c
            .store
            .list_typed::<Pod>(Some(&ns))
            .filter(|p| sel.matches_opt(p.metadata.labels.as_ref()))
            .cloned()
            .collect();
        if pods.is_empty() {
            out.errln(format!("No resources found in {ns} namespace."));
            return;
        }
        quiet_default = false;
    }
    // Which containers (logsForObjectWithClient).
    let mut streams: Vec<Stream> = Vec::new();
    for pod in &pods {
        let name = pod.metadata.name.clone().unwrap_or_default();
        let spec = pod.spec.clone().unwrap_or_default();
        let mut names: Vec<String> = Vec::new();
        if all_containers {
            names.extend(
                spec.init_containers
                    .iter()
                    .flatten()
                    .map(|c| c.name.clone()),
            );
            names.extend(spec.containers.iter().map(|c| c.name.clone()));
        } else {
            let mut chosen = container.clone();
            if chosen.is_empty()
                && let Some(d) = pod
                    .metadata
                    .annotations
                    .as_ref()
                    .and_then(|a| a.get("kubectl.kubernetes.io/default-container"))
                    .filter(|d| !d.is_empty())
            {
                if find_container(pod, d).is_some() {
                    chosen = d.clone();
                } else {
                    out.errln(format!(
                        "Default container name \"{d}\" not found in pod {name}"
                    ));
                }
            }
            if chosen.is_empty() {
                let Some(first) = spec.containers.first() else {
                    continue;
                };
                chosen = first.name.clone();
                if (spec.containers.len() > 1
                    || spec.init_containers.as_ref().is_some_and(|v| !v.is_empty()))
                    && !quiet_default
                {
                    out.errln(format!(
                        "Defaulted container \"{chosen}\" out of: {}",
                        all_container_names(pod)
                    ));
                }
            }
            if find_container(pod, &chosen).is_none() {
                return out.fail(format!(
                    "error: container {chosen} is not valid for pod {name} out of: {}",
                    all_container_names(pod)
                ));
            }
            names.push(chosen);
        }
        for cn in names {
            streams.push(Stream {
                ns: pod.metadata.namespace.clone().unwrap_or_default(),
                pod: name.clone(),
                uid: pod.metadata.uid.clone().unwrap_or_default(),
                container: cn,
                run_start: None,
            });
        }
    }
    let follow = p.is("follow");
    if follow && streams.len() > 1 && streams.len() > max_requests {
        return out.fail(format!(
            "error: you are attempting to follow {} log streams, but maximum allowed concurrency is {max_requests}, use --max-log-requests to increase the limit",
            streams.len()
        ));
    }
    // Snapshot: each stream in turn.
    let mut open: Vec<Stream> = Vec::new();
    for s in &mut streams {
        match open_stream(c, s, &opts) {
            Err(e) => {
                if p.is("ignore-errors") && follow {
                    out.out(format!("error: {e}\n"));
                    continue;
                }
                return out.fail(format!("Error from server (BadRequest): {e}"));
            }
            Ok(None) => {}
            Ok(Some(lines)) => {
                emit(out, s, &lines, &opts);
                open.push(s.clone());
            }
        }
    }
    if !follow || open.is_empty() {
        return;
    }
    let timeout = p
        .get("request-timeout")
        .and_then(|v| {
            v.parse::<i64>()
                .ok()
                .map(SignedDuration::from_secs)
                .or_else(|| parse_go_duration(v))
        })
        .filter(|d| !d.is_zero())
        .unwrap_or(MAX_FOLLOW);
    follow_streams(c, &mut open, &opts, now + timeout, out);
}

/// Advances virtual time, printing each stream's new lines as they are written, until every
/// followed run has ended or `deadline` passes.
fn follow_streams(
    c: &mut Cluster,
    open: &mut Vec<Stream>,
    opts: &Opts,
    deadline: Timestamp,
    out: &mut Output,
) {
    let mut seen = c.now();
    // Bounded: each pass advances the clock or ends a stream.
    for _ in 0..100_000 {
        if open.is_empty() || c.now() >= deadline {
            break;
        }
        let mut next = deadline;
        if let Some(t) = c.next_timer() {
            next = next.min(t);
        }
        for s in open.iter() {
            if let Some(t) = next_line_after(c, s, seen) {
                next = next.min(t);
            }
        }
        let next = next.max(c.now());
        c.advance_to(next);
        let now = c.now();
        let mut fresh: Vec<(Timestamp, usize, std::borrow::Cow<'static, str>)> = Vec::new();
        let mut ended: Vec<usize> = Vec::new();
        for (i, s) in open.iter().enumerate() {
            match run_lines(c, s) {
                None => ended.push(i),
                Some((lines, running)) => {
                    for l in lines.into_iter().filter(|l| l.at > seen && l.at <= now) {
                        fresh.push((l.at, i, l.text));
                    }
                    if !running {
                        ended.push(i);
                    }
                }
            }
        }
        fresh.sort_by_key(|a| (a.0, a.1));
        for (at, i, text) in fresh {
            let line = LogLine { at, text };
            emit(out, &open[i], std::slice::from_ref(&line), opts);
        }
        seen = now;
        for i in ended.into_iter().rev() {
            open.remove(i);
        }
        if next >= deadline {
            break;
        }
    }
}

/// The time of the next line a followed stream writes after `after`, if it still runs.
fn next_line_after(c: &Cluster, s: &Stream, after: Timestamp) -> Option<Timestamp> {
    let (pod, ctr) = lookup(c, s)?;
    let (run_start, _, attempt) = current_run(ctr)?;
    if Some(run_start) != s.run_start {
        return None;
    }
    let spec = container_spec(&pod, &ctr.name)?;
    let b = behavior::behavior(&pod, &spec, attempt);
    let mut best: Option<Timestamp> = None;
    for (off, _) in &b.logs {
        let at = run_start + *off;
        if at > after {
            best = Some(best.map_or(at, |x| x.min(at)));
        }
    }
    if let Some(per) = &b.periodic {
        let from = after.duration_since(run_start);
        let window = from + per.period + per.period;
        if let Some((off, _)) = per
            .lines_between(Some(from), window, usize::MAX)
            .first()
            .cloned()
        {
            let at = run_start + off;
            best = Some(best.map_or(at, |x| x.min(at)));
        }
    }
    best
}

fn lookup<'a>(c: &'a Cluster, s: &Stream) -> Option<(Pod, &'a ContainerRuntime)> {
    let pod = c.store.get_typed::<Pod>(&s.ns, &s.pod)?.clone();
    if pod.metadata.uid.as_deref() != Some(s.uid.as_str()) {
        return None;
    }
    let rt = c.runtime.pod(&s.ns, &s.pod)?;
    if rt.uid != s.uid {
        return None;
    }
    let ctr = rt.containers.iter().find(|x| x.name == s.container)?;
    Some((pod, ctr))
}

/// The current run of a container: (start, end if it exited, attempt).
fn current_run(ctr: &ContainerRuntime) -> Option<(Timestamp, Option<Timestamp>, i32)> {
    match &ctr.phase {
        ContainerPhase::Running(run) => Some((run.started_at, None, run.attempt)),
        ContainerPhase::Exited {
            run, finished_at, ..
        } => Some((run.started_at, Some(*finished_at), run.attempt)),
        _ => None,
    }
}

/// Lines of the followed run so far and whether it still runs (None: the stream is gone).
fn run_lines(c: &Cluster, s: &Stream) -> Option<(Vec<LogLine>, bool)> {
    let (pod, ctr) = lookup(c, s)?;
    let now = c.now();
    if let Some((start, end, attempt)) = current_run(ctr)
        && Some(start) == s.run_start
    {
        let lines = lines_of(
            &pod,
            ctr,
            &ctr.logs,
            start,
            end.unwrap_or(now).min(now),
            attempt,
        );
        return Some((lines, end.is_none_or(|e| e > now)));
    }
    if let Some((run, fin, _)) = ctr.last.as_deref()
        && Some(run.started_at) == s.run_start
    {
        let lines = lines_of(
            &pod,
            ctr,
            &ctr.previous_logs,
            run.started_at,
            *fin,
            run.attempt,
        );
        return Some((lines, false));
    }
    None
}

/// A run's output up to `until`: the lines it wrote once, and an endless loop's lines generated
/// for the window (bounded by [`MAX_LINES`]), in time order with `date` output filled in.
fn lines_of(
    pod: &Pod,
    ctr: &ContainerRuntime,
    fixed: &[LogLine],
    start: Timestamp,
    until: Timestamp,
    attempt: i32,
) -> Vec<LogLine> {
    let mut lines: Vec<LogLine> = fixed.iter().filter(|l| l.at <= until).cloned().collect();
    if let Some(spec) = container_spec(pod, &ctr.name) {
        let b = behavior::behavior(pod, &spec, attempt);
        if let Some(per) = &b.periodic {
            let generated = per.lines_between(None, until.duration_since(start), MAX_LINES);
            lines.extend(generated.into_iter().map(|(off, text)| {
                let at = start + off;
                LogLine {
                    at,
                    text: text.replace("@DATE@", &date_output(at)).into(),
                }
            }));
        }
    }
    lines.sort_by_key(|l| l.at);
    lines
}

/// busybox/coreutils `date` in UTC: `Mon Jan  6 09:00:05 UTC 2025`.
fn date_output(t: Timestamp) -> String {
    t.strftime("%a %b %e %H:%M:%S UTC %Y").to_string()
}

fn container_spec(pod: &Pod, name: &str) -> Option<Container> {
    find_container(pod, name).map(|c| c.to_core())
}

fn find_container<'a>(pod: &'a Pod, name: &str) -> Option<&'a crate::sim::pod::Container> {
    let spec = pod.spec.as_ref()?;
    spec.containers
        .iter()
        .chain(spec.init_containers.iter().flatten())
        .find(|c| c.name == name)
}

/// `podcmd.AllContainerNames`: containers, then init containers marked `(init)`.
fn all_container_names(pod: &Pod) -> String {
    let spec = pod.spec.clone().unwrap_or_default();
    let mut v: Vec<String> = spec.containers.iter().map(|c| c.name.clone()).collect();
    v.extend(
        spec.init_containers
            .iter()
            .flatten()
            .map(|c| format!("{} (init)", c.name)),
    );
    v.join(", ")
}

/// Opens a stream as the API server and kubelet would: the lines so far, `None` for a pod that
/// is not yet on a node (an empty log), or the kubelet's error.
fn open_stream(c: &Cluster, s: &mut Stream, opts: &Opts) -> Result<Option<Vec<LogLine>>, String> {
    let Some(pod) = c.store.get_typed::<Pod>(&s.ns, &s.pod).cloned() else {
        return Err(format!("pods \"{}\" not found", s.pod));
    };
    if pod
        .spec
        .as_ref()
        .and_then(|sp| sp.node_name.as_deref())
        .is_none_or(str::is_empty)
    {
        return Ok(None);
    }
    let (cname, pname) = (&s.container, &s.pod);
    let rt = c.runtime.pod(&s.ns, &s.pod).filter(|rt| rt.uid == s.uid);
    let ctr = rt.and_then(|rt| rt.containers.iter().find(|x| &x.name == cname));
    let Some(ctr) = ctr else {
        return Err(format!(
            "container \"{cname}\" in pod \"{pname}\" is waiting to start: ContainerCreating"
        ));
    };
    let now = c.now();
    if opts.previous {
        let Some((run, fin, _)) = ctr.last.as_deref() else {
            return Err(format!(
                "previous terminated container \"{cname}\" in pod \"{pname}\" not found"
            ));
        };
        s.run_start = Some(run.started_at);
        return Ok(Some(lines_of(
            &pod,
            ctr,
            &ctr.previous_logs,
            run.started_at,
            *fin,
            run.attempt,
        )));
    }
    match current_run(ctr) {
        Some((start, end, attempt)) => {
            s.run_start = Some(start);
            Ok(Some(lines_of(
                &pod,
                ctr,
                &ctr.logs,
                start,
                end.unwrap_or(now).min(now),
                attempt,
            )))
        }
        None => {
            let status = pod.status.as_ref();
            let reason = status
                .and_then(|st| {
                    st.container_statuses
                        .iter()
                        .flatten()
                        .chain(st.init_container_statuses.iter().flatten())
                        .find(|x| &x.name == cname)
                })
                .and_then(|x| x.state.as_ref()?.waiting.as_ref()?.reason.clone())
                .unwrap_or_else(|| "ContainerCreating".into());
            Err(format!(
                "container \"{cname}\" in pod \"{pname}\" is waiting to start: {reason}"
            ))
        }
    }
}

/// Writes lines after the kubelet's filters (`--tail` from the end, then `--since`) and
/// kubectl's decorations (`--timestamps`, `--prefix`), capped by `--limit-bytes`.
fn emit(out: &mut Output, s: &Stream, lines: &[LogLine], opts: &Opts) {
    let mut lines: Vec<&LogLine> = lines.iter().collect();
    if let Some(n) = opts.tail {
        let n = n as usize;
        if lines.len() > n {
            lines.drain(..lines.len() - n);
        }
    }
    if let Some(since) = opts.since {
        lines.retain(|l| l.at >= since);
    }
    let mut text = String::new();
    for l in lines {
        if opts.prefix {
            text.push_str(&format!("[pod/{}/{}] ", s.pod, s.container));
        }
        if opts.timestamps {
            text.push_str(&rfc3339_nano(l.at));
            text.push(' ');
        }
        text.push_str(&l.text);
        text.push('\n');
    }
    if let Some(max) = opts.limit_bytes
        && text.len() > max
    {
        let mut end = max;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    if !text.is_empty() {
        out.out(text);
    }
}

/// Resolves `POD` or `TYPE/NAME` in the namespace.
fn object_for(c: &Cluster, ns: &str, arg: &str) -> Result<Object, String> {
    let (kind, name) = match arg.split_once('/') {
        Some((t, n)) => {
            let kind = super::resources::resolve(t)
                .ok_or_else(|| super::resources::unknown_type_error(t))?;
            (kind, n)
        }
        None => (Kind::Pod, arg),
    };
    if name.is_empty() {
        return Err(
            "error: arguments in resource/name form must have a single resource and name".into(),
        );
    }
    c.store.get(kind, ns, name).cloned().ok_or_else(|| {
        format!(
            "Error from server (NotFound): {} \"{name}\" not found",
            kind.qualified_plural()
        )
    })
}

/// `SelectorsForObject`: the pod selector of a workload or Service.
fn selector_of(o: &Object) -> Result<LabelSelector, String> {
    let sel = match o {
        Object::Job(j) => j.spec.as_ref().and_then(|s| s.selector.clone()),
        Object::Deployment(d) => d.spec.as_ref().map(|s| s.selector.clone()),
        Object::ReplicaSet(r) => r.spec.as_ref().map(|s| s.selector.clone()),
        Object::StatefulSet(s) => s.spec.as_ref().map(|s| s.selector.clone()),
        Object::DaemonSet(d) => d.spec.as_ref().map(|s| s.selector.clone()),
        Object::Service(s) => {
            let m = s.spec.as_ref().and_then(|s| s.selector.clone());
            if m.as_ref().is_none_or(|m| m.is_empty()) {
                return Err(format!(
                    "error: cannot get the logs from *v1.Service: invalid service '{}': Service is defined without a selector",
                    o.name()
                ));
            }
            Some(LabelSelector {
                match_labels: m,
                match_expressions: None,
            })
        }
        other => {
            let t = go_type(other.kind());
            return Err(format!(
                "error: cannot get the logs from {t}: selector for {t} not implemented"
            ));
        }
    };
    Ok(sel.unwrap_or_default())
}

fn go_type(k: Kind) -> String {
    let i = k.info();
    let version = i.api_version.rsplit('/').next().unwrap_or("v1");
    format!("*{version}.{}", i.kind)
}

/// `podutils.ByLogging`: scheduled before unscheduled, Running before Unknown before Pending,
/// ready before not, longest ready first, more restarts first, older first.
fn by_logging(a: &Pod, b: &Pod) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let node = |p: &Pod| {
        p.spec
            .as_ref()
            .and_then(|s| s.node_name.clone())
            .unwrap_or_default()
    };
    let (na, nb) = (node(a), node(b));
    if na != nb && (na.is_empty() || nb.is_empty()) {
        return if !na.is_empty() {
            Ordering::Less
        } else {
            Ordering::Greater
        };
    }
    let rank = |p: &Pod| match podutil::phase(p) {
        "Unknown" => 1,
        "Pending" => 2,
        _ => 0,
    };
    if rank(a) != rank(b) {
        return rank(a).cmp(&rank(b));
    }
    let (ra, rb) = (podutil::is_ready(a), podutil::is_ready(b));
    if ra != rb {
        return if ra {
            Ordering::Less
        } else {
            Ordering::Greater
        };
    }
    if ra && rb {
        let (ta, tb) = (podutil::ready_since(a), podutil::ready_since(b));
        if ta != tb {
            match (ta, tb) {
                (Some(x), Some(y)) => return x.cmp(&y),
                (None, _) => return Ordering::Greater,
                (_, None) => return Ordering::Less,
            }
        }
    }
    let restarts = |p: &Pod| {
        p.status
            .as_ref()
            .and_then(|s| s.container_statuses.as_ref())
            .map(|v| v.iter().map(|c| c.restart_count).max().unwrap_or(0))
            .unwrap_or(0)
    };
    if restarts(a) != restarts(b) {
        return restarts(b).cmp(&restarts(a));
    }
    let created = |p: &Pod| p.metadata.creation_timestamp.as_ref().map(|t| t.0);
    match (created(a), created(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (None, None) => Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kubectl::manifest::FileSource;

    struct NoFs;
    impl FileSource for NoFs {
        fn read(&self, _: &str) -> std::io::Result<String> {
            Err(std::io::Error::from(std::io::ErrorKind::NotFound))
        }
        fn list_dir(&self, _: &str) -> std::io::Result<Option<Vec<String>>> {
            Ok(None)
        }
    }

    fn kubectl(c: &mut Cluster, line: &str, stdin: Option<&str>) -> Output {
        let words: Vec<String> = line.split_whitespace().map(String::from).collect();
        let env = crate::kubectl::Env { fs: &NoFs, stdin };
        crate::kubectl::run(c, &words, &env)
    }

    const LOOP_POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: ticker\nspec:\n  containers:\n  - name: c\n    image: busybox\n    command: [\"sh\", \"-c\", \"echo start $HOSTNAME; while true; do echo tick $GREETING; sleep 2; done\"]\n    env:\n    - name: GREETING\n      value: hi\n";

    #[test]
    fn go_durations_parse() {
        assert_eq!(parse_go_duration("5s"), Some(SignedDuration::from_secs(5)));
        assert_eq!(
            parse_go_duration("1m30s"),
            Some(SignedDuration::from_secs(90))
        );
        assert_eq!(
            parse_go_duration("1.5h"),
            Some(SignedDuration::from_secs(5400))
        );
        assert_eq!(parse_go_duration("0"), Some(SignedDuration::ZERO));
        assert_eq!(parse_go_duration("5"), None);
        assert_eq!(parse_go_duration("x"), None);
    }

    #[test]
    fn timestamps_are_rfc3339_nano() {
        let t = Timestamp::from_second(1_736_154_000).unwrap();
        assert_eq!(rfc3339_nano(t), "2025-01-06T09:00:00Z");
        let t = t + SignedDuration::from_millis(1500);
        assert_eq!(rfc3339_nano(t), "2025-01-06T09:00:01.5Z");
    }

    /// An endless loop's lines appear as virtual time passes, with env vars substituted, and
    /// `-f` prints new lines as they are written until `--request-timeout` passes.
    #[test]
    fn loop_output_grows_with_time_and_follow_advances_the_clock() {
        let mut c = Cluster::new(&Default::default());
        let o = kubectl(&mut c, "apply -f -", Some(LOOP_POD));
        assert_eq!(o.code, 0, "{}", o.text());
        c.advance(SignedDuration::from_secs(10));
        let first = kubectl(&mut c, "logs ticker", None).stdout();
        assert!(first.starts_with("start ticker\ntick hi\n"), "{first}");
        let n1 = first.lines().count();
        assert!(n1 >= 3, "{first}");
        c.advance(SignedDuration::from_secs(10));
        let n2 = kubectl(&mut c, "logs ticker", None)
            .stdout()
            .lines()
            .count();
        assert_eq!(n2, n1 + 5, "one tick every 2s");
        assert_eq!(
            kubectl(&mut c, "logs ticker --tail 2", None)
                .stdout()
                .lines()
                .count(),
            2
        );
        let before = c.now();
        let f = kubectl(&mut c, "logs ticker -f --request-timeout=6s", None);
        assert_eq!(c.now(), before + SignedDuration::from_secs(6));
        assert_eq!(f.stdout().lines().count(), n2 + 3, "{}", f.stdout());
    }

    #[test]
    fn follow_ends_when_the_container_exits() {
        let mut c = Cluster::new(&Default::default());
        let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: once\nspec:\n  restartPolicy: Never\n  containers:\n  - name: c\n    image: busybox\n    command: [\"sh\", \"-c\", \"echo a; sleep 20; echo b\"]\n";
        kubectl(&mut c, "apply -f -", Some(pod));
        c.advance(SignedDuration::from_secs(8));
        let start = c.now();
        let f = kubectl(&mut c, "logs once -f", None);
        assert_eq!(f.stdout(), "a\nb\n");
        assert!(c.now() < start + SignedDuration::from_secs(20));
    }

    #[test]
    fn waiting_and_previous_errors() {
        let mut c = Cluster::new(&Default::default());
        let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: nginx\n    image: nginx\n";
        kubectl(&mut c, "apply -f -", Some(pod));
        c.advance(SignedDuration::from_millis(1500));
        let o = kubectl(&mut c, "logs web", None);
        assert_eq!(
            o.text(),
            "Error from server (BadRequest): container \"nginx\" in pod \"web\" is waiting to start: ContainerCreating\n"
        );
        c.advance(SignedDuration::from_secs(10));
        let o = kubectl(&mut c, "logs web -p", None);
        assert_eq!(
            o.text(),
            "Error from server (BadRequest): previous terminated container \"nginx\" in pod \"web\" not found\n"
        );
    }
}
