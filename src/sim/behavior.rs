//! What a container "does": how long it runs, what it prints, how it exits and how it reacts to
//! SIGTERM, derived from its image, command and args the way a learner would expect from the real
//! image. Lesson authors override it per pod template with annotations:
//!
//! | annotation | effect |
//! |---|---|
//! | `kubetutor.io/run-seconds` | the main process exits after this many seconds (`infinity` = never) |
//! | `kubetutor.io/exit-code` | the exit code it then exits with |
//! | `kubetutor.io/fail-attempts` | the first N starts of each container exit 1 (later ones behave normally) |
//! | `kubetutor.io/pull-seconds` | how long pulling the image takes |
//! | `kubetutor.io/ready-after-seconds` | seconds after start before the container is ready |

use crate::sim::pod::Pod;
use jiff::SignedDuration;
use k8s_openapi::api::core::v1::Container;
use std::borrow::Cow;

/// The annotation prefix lesson authors use to steer containers.
pub const ANNOTATION_PREFIX: &str = "kubetutor.io/";

/// A container's simulated behaviour for one start.
#[derive(Clone, Debug, PartialEq)]
pub struct Behavior {
    /// How long the process runs before exiting on its own (None: until stopped).
    pub runs_for: Option<SignedDuration>,
    /// Exit code when it exits on its own.
    pub exit_code: i32,
    /// Lines written, each with its offset from the start.
    pub logs: Vec<(SignedDuration, Cow<'static, str>)>,
    /// How long it takes to exit after SIGTERM (capped by the grace period): a shell or `sleep`
    /// running as PID 1 ignores SIGTERM and is killed when the grace period ends.
    pub stop_takes: Option<SignedDuration>,
    /// How long a first pull of the image takes.
    pub pull_takes: SignedDuration,
    /// The image's size in bytes, as the kubelet's "Pulled" event reports it.
    pub image_size: u64,
    /// Delay after start before a readiness check passes (None: no extra delay).
    pub ready_after: Option<SignedDuration>,
    /// Output of an endless loop (`while true; do echo ...; sleep 1; done`), produced as virtual
    /// time passes; readers generate the lines for the window they need, so nothing unbounded is
    /// stored.
    pub periodic: Option<Periodic>,
}

/// The output of an endless loop: `lines` (offsets within one iteration) repeat every `period`,
/// the first iteration starting `start` after the process does.
#[derive(Clone, Debug, PartialEq)]
pub struct Periodic {
    /// When the first iteration starts, from the process start.
    pub start: SignedDuration,
    /// How long one iteration takes (at least 100ms).
    pub period: SignedDuration,
    /// Lines one iteration writes, with their offsets within it.
    pub lines: Vec<(SignedDuration, Cow<'static, str>)>,
}

impl Periodic {
    /// The lines written at offsets (from the process start) in `(after, until]`, oldest first,
    /// at most `max` of them (the newest when there are more); `@DATE@` is left for the caller.
    pub fn lines_between(
        &self,
        after: Option<SignedDuration>,
        until: SignedDuration,
        max: usize,
    ) -> Vec<(SignedDuration, Cow<'static, str>)> {
        let mut out: Vec<(SignedDuration, Cow<'static, str>)> = Vec::new();
        if self.lines.is_empty() || until < self.start || max == 0 {
            return out;
        }
        let period_ms = self.period.as_millis().max(100);
        let last_iter = ((until - self.start).as_millis() / period_ms) as i64;
        let first_iter = match after {
            Some(a) if a >= self.start => ((a - self.start).as_millis() / period_ms) as i64,
            _ => 0,
        };
        // Walk back from the newest iteration until `max` lines are collected.
        let mut k = last_iter;
        while k >= first_iter && out.len() < max {
            let base = self.start + SignedDuration::from_millis(k * period_ms as i64);
            for (off, text) in self.lines.iter().rev() {
                let at = base + *off;
                if at > until || after.is_some_and(|a| at <= a) {
                    continue;
                }
                out.push((at, text.clone()));
                if out.len() >= max {
                    break;
                }
            }
            k -= 1;
        }
        out.reverse();
        out
    }
}

/// Images whose default command is a shell that exits at once without a terminal.
const SHELLS: &[&str] = &[
    "busybox",
    "alpine",
    "ubuntu",
    "debian",
    "centos",
    "fedora",
    "bash",
    "perl",
    "python",
    "node",
    "golang",
    "curlimages/curl",
];

/// The image's repository name without registry, tag or digest (`registry.k8s.io/nginx-slim:0.8` -> `nginx-slim`).
pub fn image_base(image: &str) -> &str {
    let no_digest = image.split('@').next().unwrap_or(image);
    let last = no_digest.rsplit('/').next().unwrap_or(no_digest);
    last.split(':').next().unwrap_or(last)
}

fn image_path(image: &str) -> &str {
    let no_digest = image.split('@').next().unwrap_or(image);
    match no_digest.rfind(':') {
        Some(i) if !no_digest[i..].contains('/') => &no_digest[..i],
        _ => no_digest,
    }
}

fn hash(s: &str) -> u64 {
    // FNV-1a: stable across platforms and versions.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A stable fake sha256 digest for an image, for `imageID` and container ids.
pub fn fake_digest(seed: &str) -> String {
    let mut out = String::with_capacity(64);
    let mut h = hash(seed);
    while out.len() < 64 {
        h = h.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(17) ^ 0x5851_F42D_4C95_7F2D;
        out.push_str(&format!("{h:016x}"));
    }
    out.truncate(64);
    out
}

fn annotation<'a>(pod: &'a Pod, key: &str) -> Option<&'a str> {
    pod.metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get(&format!("{ANNOTATION_PREFIX}{key}")))
        .map(|s| s.trim())
}

fn secs(s: &str) -> Option<SignedDuration> {
    let v: f64 = s.trim().trim_end_matches('s').parse().ok()?;
    if !(0.0..=1e9).contains(&v) {
        return None;
    }
    Some(SignedDuration::from_millis((v * 1000.0) as i64))
}

/// Decides what `container` of `pod` does on its `attempt`-th start (0-based).
pub fn behavior(pod: &Pod, container: &Container, attempt: i32) -> Behavior {
    let image = container.image.as_deref().unwrap_or("");
    let base = image_base(image);
    let pull_secs = 1.0 + (hash(image_path(image)) % 30) as f64 / 10.0;
    let mut b = Behavior {
        runs_for: None,
        exit_code: 0,
        logs: Vec::new(),
        stop_takes: Some(SignedDuration::from_millis(200)),
        pull_takes: SignedDuration::from_millis((pull_secs * 1000.0) as i64),
        image_size: 5_000_000 + hash(image) % 120_000_000,
        ready_after: None,
        periodic: None,
    };
    let argv: Vec<String> = container
        .command
        .iter()
        .flatten()
        .chain(container.args.iter().flatten())
        .cloned()
        .collect();
    if argv.is_empty() {
        default_entrypoint(&mut b, base, pod);
    } else {
        let env = shell_env(pod, container);
        run_argv(&mut b, &argv, &env);
    }
    if let Some(v) = annotation(pod, "run-seconds") {
        if v == "infinity" {
            b.runs_for = None;
        } else if let Some(d) = secs(v) {
            b.runs_for = Some(d);
        }
    }
    if let Some(code) = annotation(pod, "exit-code").and_then(|v| v.parse::<i32>().ok()) {
        b.exit_code = code;
        if b.runs_for.is_none() {
            b.runs_for = Some(SignedDuration::from_secs(1));
        }
    }
    if let Some(n) = annotation(pod, "fail-attempts").and_then(|v| v.parse::<i32>().ok())
        && attempt < n
    {
        b.exit_code = 1;
        b.runs_for = Some(
            b.runs_for
                .unwrap_or(SignedDuration::from_secs(2))
                .min(SignedDuration::from_secs(2)),
        );
    }
    if let Some(d) = annotation(pod, "pull-seconds").and_then(secs) {
        b.pull_takes = d;
    }
    if let Some(d) = annotation(pod, "ready-after-seconds").and_then(secs) {
        b.ready_after = Some(d);
    }
    b
}

fn default_entrypoint(b: &mut Behavior, base: &str, pod: &Pod) {
    let name = pod.metadata.name.as_deref().unwrap_or("");
    if base == "hello-world" {
        b.runs_for = Some(SignedDuration::from_millis(100));
        b.logs = [
            "",
            "Hello from Docker!",
            "This message shows that your installation appears to be working correctly.",
        ]
        .iter()
        .map(|&l| (SignedDuration::ZERO, Cow::Borrowed(l)))
        .collect();
        return;
    }
    if SHELLS.contains(&base) {
        // `sh` with no terminal reads EOF and exits 0 at once.
        b.runs_for = Some(SignedDuration::from_millis(50));
        return;
    }
    if base.starts_with("nginx") {
        b.logs = vec![
            (
                SignedDuration::ZERO,
                Cow::Borrowed(
                    "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
                ),
            ),
            (
                SignedDuration::ZERO,
                Cow::Borrowed("/docker-entrypoint.sh: Configuration complete; ready for start up"),
            ),
        ];
    } else if base == "node-exporter" {
        b.logs = vec![(
            SignedDuration::ZERO,
            format!(
                "ts=0 level=INFO source=node_exporter.go msg=\"Listening on\" address=[::]:9100 host={name}"
            )
            .into(),
        )];
    }
    // Servers, agents and unknown images run until stopped.
}

/// The environment a container's shell sees: `HOSTNAME`, the Job's `JOB_COMPLETION_INDEX`, and
/// the container's `env` values (plain values and the pod's own metadata fields).
pub fn shell_env(pod: &Pod, container: &Container) -> Vec<(String, String)> {
    let name = pod.metadata.name.clone().unwrap_or_default();
    let host = pod
        .spec
        .as_ref()
        .and_then(|s| s.hostname.as_deref().map(String::from))
        .unwrap_or_else(|| name.clone());
    let mut env = vec![("HOSTNAME".to_string(), host)];
    if let Some(idx) = pod
        .metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get("batch.kubernetes.io/job-completion-index"))
    {
        env.push(("JOB_COMPLETION_INDEX".into(), idx.clone()));
    }
    for e in container.env.iter().flatten() {
        let value = match (&e.value, &e.value_from) {
            (Some(v), _) => expand_vars(v, &env),
            (None, Some(from)) => match from.field_ref.as_ref().map(|f| f.field_path.as_str()) {
                Some("metadata.name") => name.clone(),
                Some("metadata.namespace") => pod.metadata.namespace.clone().unwrap_or_default(),
                Some("spec.nodeName") => pod
                    .spec
                    .as_ref()
                    .and_then(|s| s.node_name.as_deref().map(String::from))
                    .unwrap_or_default(),
                Some("status.podIP") => pod
                    .status
                    .as_ref()
                    .and_then(|s| s.pod_ip.as_deref().map(String::from))
                    .unwrap_or_default(),
                Some(p) if p.starts_with("metadata.labels['") => {
                    let key = p
                        .trim_start_matches("metadata.labels['")
                        .trim_end_matches("']");
                    pod.metadata
                        .labels
                        .as_ref()
                        .and_then(|l| l.get(key).cloned())
                        .unwrap_or_default()
                }
                _ => String::new(),
            },
            (None, None) => String::new(),
        };
        env.retain(|(k, _)| *k != e.name);
        env.push((e.name.clone(), value));
    }
    env
}

/// Shell parameter expansion of `$NAME` and `${NAME}` outside single quotes (unknown names
/// expand to nothing, as in `sh`); `$(...)` and other `$` forms are left alone.
pub fn expand_vars(s: &str, env: &[(String, String)]) -> String {
    let lookup = |n: &str| {
        env.iter()
            .rev()
            .find(|(k, _)| k == n)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut single = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            single = !single;
            out.push(c);
            i += 1;
            continue;
        }
        if c != '$' || single {
            out.push(c);
            i += 1;
            continue;
        }
        if chars.get(i + 1) == Some(&'{')
            && let Some(end) = chars[i + 2..].iter().position(|&x| x == '}')
        {
            {
                let name: String = chars[i + 2..i + 2 + end].iter().collect();
                out.push_str(&lookup(&name));
                i += end + 3;
                continue;
            }
        }
        let name: String = chars[i + 1..]
            .iter()
            .take_while(|x| x.is_ascii_alphanumeric() || **x == '_')
            .collect();
        if name.is_empty() || name.starts_with(|x: char| x.is_ascii_digit()) {
            out.push(c);
            i += 1;
            continue;
        }
        out.push_str(&lookup(&name));
        i += 1 + name.chars().count();
    }
    out
}

fn run_argv(b: &mut Behavior, argv: &[String], env: &[(String, String)]) {
    let prog = argv[0].rsplit('/').next().unwrap_or("");
    match prog {
        "sh" | "bash" | "ash" | "dash" => {
            let script = argv.iter().skip_while(|a| *a != "-c").nth(1);
            match script {
                Some(s) => run_script(b, s, env),
                None => b.runs_for = Some(SignedDuration::from_millis(50)),
            }
            // A shell as PID 1 has no SIGTERM handler: it is killed when the grace period ends.
            b.stop_takes = None;
        }
        _ => {
            let line = argv
                .iter()
                .map(|a| shell_quote(a))
                .collect::<Vec<_>>()
                .join(" ");
            run_script(b, &line, env);
            if prog == "sleep" {
                b.stop_takes = None;
            }
        }
    }
}

fn shell_quote(a: &str) -> String {
    if a.is_empty()
        || a.chars()
            .any(|c| c.is_whitespace() || c == ';' || c == '&' || c == '|')
    {
        format!("'{}'", a.replace('\'', "'\\''"))
    } else {
        a.to_string()
    }
}

/// Splits a shell word list, honouring single and double quotes.
pub fn split_words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut have = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                have = true;
                for c in chars.by_ref() {
                    if c == '\'' {
                        break;
                    }
                    cur.push(c);
                }
            }
            '"' => {
                have = true;
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => {
                            if let Some(n) = chars.next() {
                                cur.push(n);
                            }
                        }
                        _ => cur.push(c),
                    }
                }
            }
            '\\' => {
                have = true;
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            c if c.is_whitespace() => {
                if have {
                    out.push(std::mem::take(&mut cur));
                    have = false;
                }
            }
            c => {
                have = true;
                cur.push(c);
            }
        }
    }
    if have {
        out.push(cur);
    }
    out
}

/// Splits a script at `;`, `&&`, `||` and newlines outside quotes.
fn split_statements(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => {
                quote = None;
                cur.push(c);
            }
            (Some(_), c) => cur.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                cur.push(c);
            }
            (None, ';' | '\n') => out.push(std::mem::take(&mut cur)),
            (None, '&') if chars.peek() == Some(&'&') => {
                chars.next();
                out.push(std::mem::take(&mut cur));
            }
            (None, '|') if chars.peek() == Some(&'|') => {
                chars.next();
                out.push(std::mem::take(&mut cur));
            }
            (None, c) => cur.push(c),
        }
    }
    out.push(cur);
    out.into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn run_script(b: &mut Behavior, script: &str, env: &[(String, String)]) {
    let mut t = SignedDuration::ZERO;
    let host = env
        .iter()
        .find(|(k, _)| k == "HOSTNAME")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let stmts = split_statements(script);
    let mut i = 0;
    while i < stmts.len() {
        let stmt = &stmts[i];
        i += 1;
        let words = split_words(&expand_vars(stmt, env));
        let Some(cmd) = words.first() else { continue };
        let cmd = cmd.rsplit('/').next().unwrap_or(cmd.as_str());
        match cmd {
            "while" | "until" if endless(stmt) => {
                b.runs_for = None;
                // The loop body runs forever: its output repeats every iteration.
                let mut body = Vec::new();
                while i < stmts.len() && stmts[i] != "done" {
                    let s = stmts[i].strip_prefix("do ").unwrap_or(&stmts[i]).trim();
                    if s != "do" && !s.is_empty() {
                        body.push(s.to_string());
                    }
                    i += 1;
                }
                let mut inner = Behavior {
                    logs: Vec::new(),
                    runs_for: None,
                    ..b.clone()
                };
                inner.periodic = None;
                let mut it = SignedDuration::ZERO;
                for s in &body {
                    step(&mut inner, s, env, &host, &mut it);
                }
                if !inner.logs.is_empty() {
                    b.periodic = Some(Periodic {
                        start: t,
                        period: it.max(SignedDuration::from_millis(100)),
                        lines: inner.logs,
                    });
                }
                return;
            }
            "tail" => {
                b.runs_for = None;
                return;
            }
            "sleep" if words.get(1).map(String::as_str) == Some("infinity") => {
                b.runs_for = None;
                return;
            }
            "exit" => {
                b.exit_code = words.get(1).and_then(|v| v.parse().ok()).unwrap_or(0);
                b.runs_for = Some(t.max(SignedDuration::from_millis(50)));
                return;
            }
            _ => step(b, stmt, env, &host, &mut t),
        }
    }
    b.runs_for = Some(t.max(SignedDuration::from_millis(100)));
}

/// `while true`, `while :`, `while [ 1 ]`-style loops that never end, and `until false`.
fn endless(stmt: &str) -> bool {
    let rest = stmt
        .trim_start_matches("while")
        .trim_start_matches("until")
        .trim();
    let cond = rest.strip_suffix("do").unwrap_or(rest).trim();
    if stmt.starts_with("until") {
        return cond == "false";
    }
    cond == ":" || cond.starts_with(": ") || stmt.contains("true") || cond == "[ 1 ]"
}

/// One simple statement: what it prints and how long it takes.
fn step(
    b: &mut Behavior,
    stmt: &str,
    env: &[(String, String)],
    host: &str,
    t: &mut SignedDuration,
) {
    let words = split_words(&expand_vars(stmt, env));
    let Some(cmd) = words.first() else { return };
    let cmd = cmd.rsplit('/').next().unwrap_or(cmd.as_str());
    match cmd {
        "sleep" => {
            if let Some(v) = words.get(1) {
                *t += parse_sleep(v);
            }
        }
        "false" => b.exit_code = 1,
        "true" | ":" => {}
        "echo" => {
            let args: Vec<&String> = words[1..]
                .iter()
                .filter(|w| *w != "-n" && *w != "-e")
                .collect();
            let text = args
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(" ")
                .replace("$(date)", "@DATE@")
                .replace("$(hostname)", host);
            b.logs.push((*t, text.into()));
        }
        "printf" => {
            let text = words[1..].join(" ");
            for l in text.replace("\\n", "\n").split('\n') {
                if !l.is_empty() {
                    b.logs.push((*t, l.to_string().into()));
                }
            }
        }
        "hostname" => b.logs.push((*t, host.to_string().into())),
        "date" => b.logs.push((*t, "@DATE@".into())),
        "perl" if stmt.contains("bpi") => {
            // The upstream `pi` Job: perl -Mbignum=bpi -wle 'print bpi(2000)'.
            let digits = stmt
                .split("bpi(")
                .nth(1)
                .and_then(|r| r.split(')').next())
                .and_then(|n| n.trim().parse::<usize>().ok())
                .unwrap_or(2000)
                .min(20_000);
            *t += SignedDuration::from_millis(4000 + digits as i64);
            b.logs.push((*t, pi_digits(digits).into()));
        }
        _ => *t += SignedDuration::from_millis(100),
    }
}

/// Seconds for a `sleep` argument (`5`, `1.5`, `2m`, `1h`).
fn parse_sleep(v: &str) -> SignedDuration {
    let (num, mult) = match v.chars().last() {
        Some('s') => (&v[..v.len() - 1], 1.0),
        Some('m') => (&v[..v.len() - 1], 60.0),
        Some('h') => (&v[..v.len() - 1], 3600.0),
        Some('d') => (&v[..v.len() - 1], 86400.0),
        _ => (v, 1.0),
    };
    let n: f64 = num.parse().unwrap_or(0.0);
    let ms = (n * mult * 1000.0).clamp(0.0, 1e15);
    SignedDuration::from_millis(ms as i64)
}

/// The first `n` significant digits of pi, as `perl -Mbignum=bpi -wle 'print bpi(n)'` prints
/// them ("3.14159..."), computed with Machin's formula in base-10^4 fixed point.
pub fn pi_digits(n: usize) -> String {
    let n = n.max(1);
    let extra = 10;
    let words = (n + extra) / 4 + 2;
    // arctan(1/x) * mult into `acc` (fixed point, `words` base-10000 digits after the unit word).
    fn arctan_add(acc: &mut [u32], x: u32, mult: u32, subtract: bool) {
        let len = acc.len();
        let mut term = vec![0u32; len];
        term[0] = mult;
        divide(&mut term, x);
        let x2 = x * x;
        let mut k = 1u32;
        let mut sign_add = !subtract;
        loop {
            let mut t = term.clone();
            divide(&mut t, k);
            if t.iter().all(|&d| d == 0) {
                break;
            }
            if sign_add {
                add(acc, &t)
            } else {
                sub(acc, &t)
            }
            sign_add = !sign_add;
            divide(&mut term, x2);
            k += 2;
        }
    }
    fn divide(a: &mut [u32], d: u32) {
        let mut rem: u64 = 0;
        for w in a.iter_mut() {
            let cur = rem * 10000 + u64::from(*w);
            *w = (cur / u64::from(d)) as u32;
            rem = cur % u64::from(d);
        }
    }
    fn add(a: &mut [u32], b: &[u32]) {
        let mut carry = 0;
        for i in (0..a.len()).rev() {
            let s = a[i] + b[i] + carry;
            a[i] = s % 10000;
            carry = s / 10000;
        }
    }
    fn sub(a: &mut [u32], b: &[u32]) {
        let mut borrow = 0i64;
        for i in (0..a.len()).rev() {
            let mut s = i64::from(a[i]) - i64::from(b[i]) - borrow;
            if s < 0 {
                s += 10000;
                borrow = 1;
            } else {
                borrow = 0;
            }
            a[i] = s as u32;
        }
    }
    let mut acc = vec![0u32; words + 1];
    arctan_add(&mut acc, 5, 16, false);
    arctan_add(&mut acc, 239, 4, true);
    let mut s = acc[0].to_string();
    s.push('.');
    for w in &acc[1..] {
        s.push_str(&format!("{w:04}"));
    }
    // n significant digits: "3." then n-1 decimals, rounded half up like Math::BigFloat.
    let decimals = n - 1;
    let digits: Vec<u8> = s[2..].bytes().map(|c| c - b'0').collect();
    let mut kept: Vec<u8> = digits[..decimals].to_vec();
    let mut unit = 3u8;
    if digits[decimals] >= 5 {
        let mut i = kept.len();
        loop {
            if i == 0 {
                unit += 1;
                break;
            }
            i -= 1;
            if kept[i] == 9 {
                kept[i] = 0;
            } else {
                kept[i] += 1;
                break;
            }
        }
    }
    let mut out = unit.to_string();
    if decimals > 0 {
        out.push('.');
        out.extend(kept.iter().map(|d| char::from(b'0' + d)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pod_with(image: &str, command: &[&str]) -> (Pod, Container) {
        let c = Container {
            name: "c".into(),
            image: Some(image.into()),
            command: if command.is_empty() {
                None
            } else {
                Some(command.iter().map(|s| s.to_string()).collect())
            },
            ..Default::default()
        };
        let mut p = Pod::default();
        p.metadata.name = Some("web-0".into());
        (p, c)
    }

    #[test]
    fn pi_matches_known_digits() {
        assert_eq!(pi_digits(10), "3.141592654");
        assert_eq!(
            pi_digits(50),
            "3.1415926535897932384626433832795028841971693993751"
        );
        assert_eq!(pi_digits(2000).len(), 2001);
        // Digits 762-767 of pi are the Feynman point "999999".
        assert!(pi_digits(800).contains("999999"));
    }

    #[test]
    fn servers_run_forever_and_shells_exit() {
        let (p, c) = pod_with("nginx:1.27", &[]);
        assert_eq!(behavior(&p, &c, 0).runs_for, None);
        let (p, c) = pod_with("busybox", &[]);
        assert!(behavior(&p, &c, 0).runs_for.is_some());
    }

    #[test]
    fn shell_commands_are_understood() {
        let (p, c) = pod_with("busybox", &["sh", "-c", "echo hello; sleep 5; exit 3"]);
        let b = behavior(&p, &c, 0);
        assert_eq!(b.runs_for, Some(SignedDuration::from_secs(5)));
        assert_eq!(b.exit_code, 3);
        assert_eq!(b.logs, vec![(SignedDuration::ZERO, Cow::from("hello"))]);
        assert_eq!(b.stop_takes, None, "a shell as PID 1 ignores SIGTERM");
        let (p, c) = pod_with(
            "busybox",
            &["sh", "-c", "while true; do echo hi; sleep 1; done"],
        );
        assert_eq!(behavior(&p, &c, 0).runs_for, None);
        let (p, c) = pod_with("busybox", &["sleep", "3600"]);
        assert_eq!(
            behavior(&p, &c, 0).runs_for,
            Some(SignedDuration::from_secs(3600))
        );
    }

    #[test]
    fn annotations_override() {
        let (mut p, c) = pod_with("nginx", &[]);
        p.metadata.annotations = Some(
            [("kubetutor.io/fail-attempts".to_string(), "2".to_string())]
                .into_iter()
                .collect(),
        );
        assert_eq!(behavior(&p, &c, 0).exit_code, 1);
        assert_eq!(behavior(&p, &c, 1).exit_code, 1);
        assert_eq!(behavior(&p, &c, 2).runs_for, None);
    }

    #[test]
    fn image_base_strips_registry_tag_and_digest() {
        assert_eq!(image_base("registry.k8s.io/nginx-slim:0.24"), "nginx-slim");
        assert_eq!(image_base("localhost:5000/app@sha256:abc"), "app");
        assert_eq!(image_path("localhost:5000/app:1"), "localhost:5000/app");
    }
}
