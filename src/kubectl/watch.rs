//! `kubectl get -w/--watch`, `--watch-only` and `--output-watch-events`: the current list, then
//! one row per write to a watched object as virtual time runs.
//!
//! Ports `staging/src/k8s.io/kubectl/pkg/cmd/get/get.go` `watch` and the table printer's watch
//! behaviour (`cli-runtime/pkg/printers/tableprinter.go`): the header is printed once, with the
//! first row (an empty list prints nothing, so the header comes with the first event); every
//! event is flushed through its own tabwriter, so each row is aligned on its own (the ragged
//! columns the StatefulSet tutorial shows); a deleted object is printed as it was last stored
//! (a DELETED watch event carries the final object); with `--output-watch-events` an EVENT
//! column (`ADDED`, `MODIFIED`, `DELETED`) comes first, after NAMESPACE with `-A`. Only one
//! resource type may be watched (`watch is only supported on individual resources and resource
//! collections - more than 1 resource was found`).
//!
//! A script cannot press Ctrl-C: the watch ends when `--request-timeout` passes (as the API
//! server closes the watch, silently, exit 0) or, without it, after [`WATCH_CAP`] of virtual
//! time — the same kind of cap `kubectl delete`'s wait and `logs -f` have. The TUI polls a
//! [`Watch`] as its clock runs and ends it on Esc/Ctrl-C.

use super::Output;
use super::get::{self, Request};
use super::table::{self, Column, RenderOptions};
use crate::sim::cluster::Cluster;
use crate::sim::labels::Selector;
use crate::sim::object::{Kind, Object};
use crate::sim::store::ChangeOp;
use jiff::{SignedDuration, Timestamp};

/// How much virtual time a watch runs in a script without `--request-timeout` (kubectl would
/// run until Ctrl-C).
pub const WATCH_CAP: SignedDuration = SignedDuration::from_secs(300);

/// A running watch: what it selects and how it prints.
#[derive(Clone, Debug)]
pub struct Watch {
    kind: Kind,
    namespace: Option<String>,
    names: Vec<String>,
    selector: Option<Selector>,
    field_selector: Option<String>,
    opts: RenderOptions,
    output: String,
    events: bool,
    printed_headers: bool,
    printed: usize,
    /// When the watch ends (request timeout), if ever.
    pub deadline: Option<Timestamp>,
}

/// Whether `kubectl get` arguments may ask for a watch (`-w`, `--watch`, `--watch-only`, `-wA`);
/// [`super::get::start_watch`] parses them properly and runs an ordinary get when not.
pub fn is_watch(argv: &[String]) -> bool {
    argv.iter().take_while(|a| *a != "--").any(|a| {
        a == "-w"
            || a == "--watch"
            || a == "--watch=true"
            || a == "--watch-only"
            || a == "--watch-only=true"
            || (a.starts_with('-') && !a.starts_with("--") && a.len() > 2 && a[1..].contains('w'))
                && a[1..].chars().all(|c| c.is_ascii_alphabetic())
    })
}

/// Parses a `--request-timeout` value: plain seconds or a Go duration; `0` means none.
pub fn request_timeout(p: &super::args::Parsed) -> Result<Option<SignedDuration>, String> {
    let Some(v) = p.get("request-timeout") else {
        return Ok(None);
    };
    let d = v
        .parse::<i64>()
        .ok()
        .filter(|n| *n >= 0)
        .map(SignedDuration::from_secs)
        .or_else(|| super::logs::parse_go_duration(v).filter(|d| !d.is_negative()));
    match d {
        Some(d) if d.is_zero() => Ok(None),
        Some(d) => Ok(Some(d)),
        None => Err("error: invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)".to_string()),
    }
}

impl Watch {
    /// Prints the current objects (unless `--watch-only`) and starts recording writes.
    /// `requests` come from `get`'s argument parsing.
    pub fn start(
        c: &mut Cluster,
        p: &super::args::Parsed,
        requests: &[Request],
        namespace: &str,
        selector: Option<Selector>,
        out: &mut Output,
    ) -> Option<Watch> {
        if requests.len() != 1 {
            out.fail("error: watch is only supported on individual resources and resource collections - more than 1 resource was found");
            return None;
        }
        let r = &requests[0];
        let output = p.get("output").unwrap_or("").to_string();
        if !matches!(output.as_str(), "" | "wide" | "name" | "yaml" | "json") {
            out.fail(format!(
                "error: --watch is not supported with -o {output} in this simulation (use a table, -o wide, name, yaml or json)"
            ));
            return None;
        }
        let timeout = match request_timeout(p) {
            Ok(t) => t,
            Err(e) => {
                out.fail(e);
                return None;
            }
        };
        let all_ns = p.is("all-namespaces");
        let mut w = Watch {
            kind: r.kind,
            namespace: (!all_ns && r.kind.namespaced()).then(|| namespace.to_string()),
            names: r.names.clone(),
            selector,
            field_selector: p.get("field-selector").map(str::to_string),
            opts: RenderOptions {
                wide: output == "wide",
                no_headers: p.is("no-headers"),
                with_namespace: all_ns && r.kind.namespaced(),
                show_labels: p.is("show-labels"),
                label_columns: p.all("label-columns", true),
                kind: None,
            },
            output,
            events: p.is("output-watch-events"),
            printed_headers: false,
            printed: 0,
            deadline: timeout.and_then(|d| c.now().checked_add(d).ok()),
        };
        if !w.names.is_empty() && w.names.len() > 1 {
            // kubectl watches one name (a field selector on metadata.name) or a collection.
            out.fail("error: watch is only supported on individual resources and resource collections - more than 1 resource was found");
            return None;
        }
        let mut current: Vec<Object> = Vec::new();
        if let Some(name) = w.names.first() {
            let ns = w.namespace.clone().unwrap_or_else(|| namespace.to_string());
            match c.store.get(w.kind, &ns, name) {
                Some(o) => current.push(o.clone()),
                None => {
                    out.fail(format!(
                        "Error from server (NotFound): {} \"{name}\" not found",
                        w.kind.qualified_plural()
                    ));
                    return None;
                }
            }
        } else {
            for o in c.store.list(w.kind, w.namespace.as_deref()) {
                match w.matches(o) {
                    Ok(true) => current.push(o.clone()),
                    Ok(false) => {}
                    Err(e) => {
                        out.fail(e);
                        return None;
                    }
                }
            }
        }
        if !p.is("watch-only") {
            let now = c.now();
            if w.is_table() {
                let refs: Vec<&Object> = current.iter().collect();
                let kinds = vec![ChangeOp::Added; refs.len()];
                w.print_rows(&refs, &kinds, now, out);
            } else {
                for o in &current {
                    w.print_other(o, ChangeOp::Added, out);
                }
            }
        }
        c.store.start_recording();
        Some(w)
    }

    fn is_table(&self) -> bool {
        matches!(self.output.as_str(), "" | "wide")
    }

    fn matches(&self, o: &Object) -> Result<bool, String> {
        if o.kind() != self.kind {
            return Ok(false);
        }
        if let Some(ns) = &self.namespace
            && o.meta().namespace.as_deref().unwrap_or("") != ns
        {
            return Ok(false);
        }
        if let Some(n) = self.names.first()
            && o.name() != n
        {
            return Ok(false);
        }
        if let Some(sel) = &self.selector
            && !sel.matches_opt(o.meta().labels.as_ref())
        {
            return Ok(false);
        }
        match &self.field_selector {
            Some(fs) => get::field_matches(o, fs),
            None => Ok(true),
        }
    }

    /// Prints a row per recorded write to a watched object; returns whether the watch is
    /// still running (its deadline not reached).
    pub fn poll(&mut self, c: &mut Cluster, out: &mut Output) -> bool {
        let now = c.now();
        for (op, o) in c.store.take_recorded() {
            if !matches!(self.matches(&o), Ok(true)) {
                continue;
            }
            if self.is_table() {
                self.print_rows(&[&o], &[op], now, out);
            } else {
                self.print_other(&o, op, out);
            }
        }
        self.deadline.is_none_or(|d| now < d)
    }

    /// Ends the watch: the store stops keeping copies of writes.
    pub fn stop(self, c: &mut Cluster) {
        c.store.stop_recording();
    }

    fn print_rows(&mut self, objs: &[&Object], ops: &[ChangeOp], now: Timestamp, out: &mut Output) {
        if objs.is_empty() {
            return;
        }
        let mut t = get::table_for(self.kind, objs, now, &self.opts);
        if self.events {
            t.columns.insert(0, Column::new("Event", 0));
            for (row, op) in t.rows.iter_mut().zip(ops) {
                row.cells.insert(0, op_name(*op).to_string());
            }
        }
        let mut opts = self.opts.clone();
        opts.no_headers = opts.no_headers || self.printed_headers;
        self.printed_headers = true;
        out.out(table::render(&t, &opts));
    }

    fn print_other(&mut self, o: &Object, op: ChangeOp, out: &mut Output) {
        self.printed += 1;
        let v = o.to_json();
        let v = if self.events {
            serde_json::json!({"type": op_name(op), "object": v})
        } else {
            v
        };
        match self.output.as_str() {
            "name" => {
                if self.events {
                    out.outln(format!(
                        "{} {}/{}",
                        op_name(op),
                        self.kind.qualified_singular(),
                        o.name()
                    ));
                } else {
                    out.outln(format!("{}/{}", self.kind.qualified_singular(), o.name()));
                }
            }
            "yaml" => {
                // The YAML printer separates documents after the first.
                if self.printed > 0 {
                    out.outln("---");
                }
                out.out(super::yaml::to_yaml(&v));
            }
            _ => out.outln(super::json_text(&v)),
        }
    }
}

fn op_name(op: ChangeOp) -> &'static str {
    match op {
        ChangeOp::Added => "ADDED",
        ChangeOp::Modified => "MODIFIED",
        ChangeOp::Deleted => "DELETED",
    }
}

/// Runs a watch to its end in a script: virtual time advances timer by timer, rows print as
/// objects change, until the request timeout or [`WATCH_CAP`].
pub fn run_to_end(c: &mut Cluster, mut w: Watch, out: &mut Output) {
    let deadline = w
        .deadline
        .unwrap_or_else(|| c.now().checked_add(WATCH_CAP).unwrap_or(c.now()));
    w.deadline = Some(deadline);
    // Bounded: each pass moves the clock forward to a timer or the deadline.
    for _ in 0..1_000_000 {
        let next = c.next_timer().map_or(deadline, |t| t.min(deadline));
        let next = next.max(c.now());
        c.advance_to(next);
        if !w.poll(c, out) || next >= deadline {
            break;
        }
    }
    w.stop(c);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kubectl::manifest::FileSource;
    use crate::sim::cluster::ClusterConfig;

    struct NoFs;
    impl FileSource for NoFs {
        fn read(&self, _: &str) -> std::io::Result<String> {
            Err(std::io::ErrorKind::NotFound.into())
        }
        fn list_dir(&self, _: &str) -> std::io::Result<Option<Vec<String>>> {
            Ok(None)
        }
    }

    fn kubectl(c: &mut Cluster, line: &str) -> Output {
        let argv: Vec<String> = line.split_whitespace().map(str::to_string).collect();
        crate::kubectl::run(
            c,
            &argv,
            &crate::kubectl::Env {
                fs: &NoFs,
                stdin: None,
            },
        )
    }

    #[test]
    fn watch_flags_are_recognised() {
        let w = |s: &str| is_watch(&s.split(' ').map(str::to_string).collect::<Vec<_>>());
        assert!(w("pods -w"));
        assert!(w("pods --watch-only"));
        assert!(w("pods -wA"));
        assert!(!w("pods -o wide"));
    }

    /// Rows of later writes print without the header, each aligned on its own; the watch
    /// stops at the request timeout and stops recording.
    #[test]
    fn rows_follow_the_list_until_the_timeout() {
        let mut c = Cluster::new(&ClusterConfig::default());
        kubectl(&mut c, "run web --image=nginx");
        let start = c.now();
        let out = kubectl(&mut c, "get pods -w --request-timeout=30s");
        let text = out.stdout();
        assert_eq!(text.matches("NAME").count(), 1, "{text}");
        assert!(
            text.lines().last().unwrap_or("").contains("Running"),
            "{text}"
        );
        assert_eq!(c.now(), start + SignedDuration::from_secs(30));
        assert!(c.store.take_recorded().is_empty());
    }

    /// Without a timeout a script's watch ends after the cap instead of hanging.
    #[test]
    fn no_timeout_is_capped() {
        let mut c = Cluster::new(&ClusterConfig::default());
        let start = c.now();
        let out = kubectl(&mut c, "get pods -w");
        assert_eq!(out.code, 0);
        assert_eq!(c.now(), start + WATCH_CAP);
    }
}
