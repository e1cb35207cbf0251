//! Helpers the verbs beyond get/apply/delete share: turning `TYPE NAME`, `TYPE/NAME`, `-l` and
//! `--all` into object keys as kubectl's resource builder does, reading a typed object or
//! kubectl's NotFound error, and letting virtual time run while a command waits.

use super::args::Parsed;
use super::get::parse_targets;
use super::namespace_of;
use crate::sim::cluster::Cluster;
use crate::sim::labels::Selector;
use crate::sim::object::{Kind, Object};
use crate::sim::store::ObjKey;
use jiff::{SignedDuration, Timestamp};

/// kubectl's error when no resource was named (`resource.Builder` with no arguments).
pub const NO_RESOURCE: &str = "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

/// Resolves the positional arguments (and `-l`/`--all`/`-A` when the verb has them) to keys,
/// in the order kubectl visits them. Named objects are returned whether or not they exist (the
/// verb reports NotFound); listings only return what exists.
pub fn keys(c: &Cluster, p: &Parsed, args: &[String]) -> Result<Vec<ObjKey>, String> {
    let ns = namespace_of(p);
    let all_ns = p.is("all-namespaces");
    let requests = match parse_targets(args) {
        Ok(r) if r.is_empty() => return Err(NO_RESOURCE.into()),
        Ok(r) => r,
        Err(e) => return Err(e),
    };
    let selector = p
        .get("selector")
        .map(Selector::parse)
        .transpose()
        .map_err(|e| format!("error: {e}"))?;
    let mut out = Vec::new();
    for r in requests {
        if r.names.is_empty() {
            if selector.is_none() && !p.is("all") {
                return Err("error: resource(s) were provided, but no name was specified".into());
            }
            let filter = if all_ns || !r.kind.namespaced() {
                None
            } else {
                Some(ns.as_str())
            };
            for o in c.store.list(r.kind, filter) {
                if selector
                    .as_ref()
                    .is_none_or(|s| s.matches_opt(o.meta().labels.as_ref()))
                {
                    out.push(ObjKey::of(o));
                }
            }
        } else {
            if selector.is_some() {
                return Err("error: selectors and the all flag cannot be used when passing resource/name arguments".into());
            }
            for n in r.names {
                out.push(ObjKey::new(r.kind, &ns, &n));
            }
        }
    }
    Ok(out)
}

/// kubectl's NotFound line for a key: `Error from server (NotFound): pods "x" not found`.
pub fn not_found(key: &ObjKey) -> String {
    format!(
        "Error from server (NotFound): {} \"{}\" not found",
        key.kind.qualified_plural(),
        key.name
    )
}

/// The stored object at `key` or kubectl's NotFound error.
pub fn fetch(c: &Cluster, key: &ObjKey) -> Result<Object, String> {
    c.store.get_key(key).cloned().ok_or_else(|| not_found(key))
}

/// `kind.group/name`, as kubectl's name printer shows an object.
pub fn ref_name(kind: Kind, name: &str) -> String {
    format!("{}/{name}", kind.qualified_singular())
}

/// Parses a Go duration flag (`--timeout=30s`, `1m30s`, `0`), with kubectl's error.
pub fn go_duration(flag: &str, s: &str) -> Result<SignedDuration, String> {
    let bad = || {
        format!(
            "error: invalid argument \"{s}\" for \"--{flag}\" flag: time: invalid duration \"{s}\""
        )
    };
    if s == "0" {
        return Ok(SignedDuration::ZERO);
    }
    let neg = s.starts_with('-');
    let body = s.trim_start_matches(['-', '+']);
    let mut total: f64 = 0.0;
    let mut num = String::new();
    let mut chars = body.chars().peekable();
    let mut any = false;
    while let Some(ch) = chars.next() {
        if ch.is_ascii_digit() || ch == '.' {
            num.push(ch);
            continue;
        }
        let mut unit = ch.to_string();
        if ch == 'm' && chars.peek() == Some(&'s') {
            unit.push('s');
            chars.next();
        }
        let n: f64 = num.parse().map_err(|_| bad())?;
        num.clear();
        let mult = match unit.as_str() {
            "h" => 3600.0,
            "m" => 60.0,
            "s" => 1.0,
            "ms" => 0.001,
            _ => return Err(bad()),
        };
        total += n * mult;
        any = true;
    }
    if !num.is_empty() || !any || total > 1e10 {
        return Err(bad());
    }
    let d = SignedDuration::from_millis((total * 1000.0) as i64);
    Ok(if neg { -d } else { d })
}

/// Lets virtual time run until `done` holds or the wait ends, jumping from timer to timer.
/// `deadline` None waits "forever": until no timer is due within [`IDLE_CAP`] of virtual time
/// (and at most [`FOREVER_CAP`]). `each` is called at every instant the cluster settled (for
/// progress output). Returns whether `done` held.
pub fn wait_until(
    c: &mut Cluster,
    deadline: Option<Timestamp>,
    mut each: impl FnMut(&Cluster),
    done: impl Fn(&Cluster) -> bool,
) -> bool {
    let hard = c.now().checked_add(FOREVER_CAP).unwrap_or(c.now());
    loop {
        c.settle();
        each(c);
        if done(c) {
            return true;
        }
        let limit = match deadline {
            Some(d) => d,
            None => c.now().checked_add(IDLE_CAP).unwrap_or(c.now()).min(hard),
        };
        match c.next_timer() {
            Some(t) if t <= limit => c.advance_to(t),
            _ => {
                if deadline.is_some() && c.now() < limit {
                    c.advance_to(limit);
                    each(c);
                    return done(c);
                }
                return false;
            }
        }
    }
}

/// How long a command that would wait forever (`rollout status` without `--timeout`, `get -w`)
/// waits in a script for the next thing to happen before it stops.
pub const IDLE_CAP: SignedDuration = SignedDuration::from_hours(1);

/// The most virtual time one "forever" wait covers (a crash-looping pod never goes idle).
pub const FOREVER_CAP: SignedDuration = SignedDuration::from_hours(24);

/// The deadline for a wait of `timeout`: None (forever) when zero or negative.
pub fn deadline(c: &Cluster, timeout: SignedDuration) -> Option<Timestamp> {
    timeout
        .is_positive()
        .then(|| c.now().checked_add(timeout).unwrap_or(c.now()))
}

/// Go's `tabwriter` with `padding` spaces and no minimum width, for the few kubectl outputs
/// that do not use the table printer (`rollout history` uses padding 2). Always ends lines.
pub fn tabwrite(text: &str, padding: usize) -> String {
    let mut out = super::table::tabwriter_with(text, 0, padding);
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out
}
