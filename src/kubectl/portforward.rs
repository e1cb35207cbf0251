//! `kubectl port-forward TYPE/NAME [LOCAL:]REMOTE...` and the learner's own `curl
//! localhost:PORT` answered through the forward.
//!
//! Ports `staging/src/k8s.io/kubectl/pkg/cmd/portforward/portforward.go`: the pod is resolved as
//! `AttachablePodForObject` does (`svc/`, `deploy/`, `sts/`... pick a pod), a Service port is
//! translated to its target port (`translateServicePortToTargetPort`), a named port is looked up
//! in the pod's containers, a pod that is not running is refused (`unable to forward port
//! because pod is not running. Current status=Pending`); `client-go/tools/portforward` prints
//! `Forwarding from 127.0.0.1:L -> R` and `Forwarding from [::1]:L -> R`, then `Handling
//! connection for L` for each connection.
//!
//! The forward is client state kept in the cluster's runtime (`Runtime::port_forwards`) so that
//! later lines reach it. Each `kubectl port-forward` runs as a shell job, as
//! `kubectl port-forward ... &` does in bash: `jobs` lists them (`[1]+  Running ...`) and
//! `kill %N` ends one ([`jobs`], [`kill`]). A foreground one cannot hold a script line (nothing
//! can press Ctrl-C there), so it also returns at once as a job and says so on stderr; at the
//! TUI prompt Ctrl-C stops it. A forward ends when its pod is gone (`error: lost connection to
//! pod`, printed when the next connection finds it; the job then shows `Exit 1`).

use super::args::{self, Flag, val};
use super::{Output, namespace_of};
use crate::sim::cluster::Cluster;
use crate::sim::container;
use crate::sim::curl::{self, CurlOptions};
use crate::sim::net::{self, NetError};
use crate::sim::object::Object;
use crate::sim::pod::Pod;
use crate::sim::podutil;
use crate::sim::runtime::PortForward;
use k8s_openapi::api::core::v1::Service;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

const FLAGS: &[Flag] = &[val("address", None), val("pod-running-timeout", None)];

const USAGE_ERR: &str = "error: TYPE/NAME and list of ports are required for port-forward\nSee 'kubectl port-forward -h' for help and examples";

/// `kubectl port-forward --help`.
pub const HELP: &str = "Forward one or more local ports to a pod.

 Use resource type/name such as deployment/mydeployment to select a pod. Resource type defaults to 'pod' if omitted.

 If there are multiple pods matching the criteria, a pod will be selected automatically. The forwarding session ends when the selected pod terminates, and a rerun of the command is needed to resume forwarding.

 In this simulation the forward runs as a shell job (as with a trailing '&'): 'curl localhost:PORT' at the prompt or in a script goes through it, 'jobs' lists it, 'kill %N' (or Ctrl-C at the prompt) stops it.

Examples:
  # Listen on ports 5000 and 6000 locally, forwarding data to/from ports 5000 and 6000 in the pod
  kubectl port-forward pod/mypod 5000 6000

  # Listen on ports 5000 and 6000 locally, forwarding data to/from ports 5000 and 6000 in a pod selected by the deployment
  kubectl port-forward deployment/mydeployment 5000 6000

  # Listen on port 8443 locally, forwarding to the targetPort of the service's port named \"https\" in a pod selected by the service
  kubectl port-forward service/myservice 8443:https

  # Listen on port 8888 locally, forwarding to 5000 in the pod
  kubectl port-forward pod/mypod 8888:5000

  # Listen on a random port locally, forwarding to 5000 in the pod
  kubectl port-forward pod/mypod :5000

Options:
    --address=[localhost]:
\tAddresses to listen on (comma separated). Only accepts IP addresses or localhost as a value. When localhost is supplied, kubectl will try to bind on both 127.0.0.1 and ::1 and will fail if neither of these addresses are available to bind.

    --pod-running-timeout=1m0s:
\tThe length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running

Usage:
  kubectl port-forward TYPE/NAME [options] [LOCAL_PORT:]REMOTE_PORT [...[LOCAL_PORT_N:]REMOTE_PORT_N]

Use \"kubectl options\" for a list of global command-line options (applies to all commands).";

/// `kubectl port-forward`.
pub fn run(c: &mut Cluster, argv: &[String], out: &mut Output) {
    let mut argv = argv.to_vec();
    let background = argv.last().is_some_and(|a| a == "&");
    if background {
        argv.pop();
    }
    let p = match args::parse(&argv, FLAGS, "port-forward") {
        Ok(p) => p,
        Err(e) => return out.fail(e),
    };
    if p.is("help") {
        return out.outln(HELP);
    }
    if p.args.len() < 2 {
        return out.fail(USAGE_ERR);
    }
    let ns = namespace_of(&p);
    let target = &p.args[0];
    let pod = match super::exec::find_pod(c, &ns, target) {
        Ok(pod) => pod,
        Err(e) => return out.fail(e),
    };
    // A Service's ports are translated to the pod's target ports.
    let svc: Option<Service> = match target.split_once('/') {
        Some((t, n)) if super::resources::resolve(t) == Some(crate::sim::object::Kind::Service) => {
            match c.store.get(crate::sim::object::Kind::Service, &ns, n) {
                Some(Object::Service(s)) => Some((**s).clone()),
                _ => None,
            }
        }
        _ => None,
    };
    let pod_name = pod.metadata.name.clone().unwrap_or_default();
    let mut pairs: Vec<(Option<u16>, u16)> = Vec::new();
    for spec in &p.args[1..] {
        let (local, remote) = match spec.split_once(':') {
            Some((l, r)) => (Some(l), r),
            None => (None, spec.as_str()),
        };
        let remote_port = match resolve_remote(&pod, svc.as_ref(), remote) {
            Ok(r) => r,
            Err(e) => return out.fail(format!("error: {e}")),
        };
        let local_port = match local {
            None => Some(match svc {
                // translateServicePortToTargetPort keeps the service port as the local one.
                Some(_) => remote.parse::<u16>().unwrap_or(remote_port),
                None => remote_port,
            }),
            Some("") => None,
            Some(l) => match l.parse::<u16>() {
                Ok(n) => Some(n),
                Err(_) => {
                    return out.fail(format!(
                        "error: Error parsing local port '{l}': strconv.ParseUint: parsing \"{l}\": invalid syntax"
                    ));
                }
            },
        };
        pairs.push((local_port, remote_port));
    }
    let phase = podutil::phase(&pod);
    if phase != "Running" {
        return out.fail(format!(
            "error: unable to forward port because pod is not running. Current status={phase}"
        ));
    }
    let addresses: Vec<String> = match p.get("address") {
        None => vec!["localhost".into()],
        Some(a) => a.split(',').map(str::to_string).collect(),
    };
    let mut used: Vec<(u16, u16)> = Vec::new();
    for (local, remote) in &pairs {
        let local = match local {
            Some(l) => *l,
            None => random_port(c),
        };
        if c.runtime.port_forwards.contains_key(&local) {
            let mut errs = Vec::new();
            for a in &addresses {
                for (proto, host) in listen_hosts(a) {
                    errs.push(format!("unable to create listener: Error listen {proto} {host}:{local}: bind: address already in use"));
                }
            }
            out.errln(format!(
                "Unable to listen on port {local}: Listeners failed to create with the following errors: [{}]",
                errs.join(" ")
            ));
            continue;
        }
        for a in &addresses {
            for (_, host) in listen_hosts(a) {
                out.outln(format!("Forwarding from {host}:{local} -> {remote}"));
            }
        }
        used.push((local, *remote));
    }
    if used.is_empty() {
        let list: Vec<String> = pairs
            .iter()
            .map(|(l, r)| format!("{{{} {r}}}", l.unwrap_or(0)))
            .collect();
        return out.fail(format!(
            "error: unable to listen on any of the requested ports: [{}]",
            list.join(" ")
        ));
    }
    let job = c
        .runtime
        .port_forward_jobs
        .keys()
        .next_back()
        .map_or(1, |n| n + 1);
    c.runtime
        .port_forward_jobs
        .insert(job, format!("kubectl port-forward {} &", argv.join(" ")));
    for (local, remote) in used {
        c.runtime.port_forwards.insert(
            local,
            PortForward {
                namespace: ns.clone(),
                pod: pod_name.clone(),
                uid: pod.metadata.uid.clone().unwrap_or_default(),
                remote,
                job,
            },
        );
    }
    if !background {
        out.errln(format!(
            "(port-forward running as job [{job}]: Ctrl-C at the prompt or `kill %{job}` stops it)"
        ));
    }
}

/// Whether a job still has a listener (its kubectl is still running).
fn job_alive(c: &Cluster, job: u32) -> bool {
    c.runtime.port_forwards.values().any(|f| f.job == job)
}

/// bash's job marker: `+` for the current (newest) job, `-` for the previous one.
fn job_marker(c: &Cluster, job: u32) -> char {
    let mut newest = c.runtime.port_forward_jobs.keys().rev();
    match (newest.next(), newest.next()) {
        (Some(&n), _) if n == job => '+',
        (_, Some(&n)) if n == job => '-',
        _ => ' ',
    }
}

/// The shell's `jobs`: one line per port-forward job as bash prints it
/// (`[1]+  Running                 kubectl port-forward pod/web-0 8080:80 &`); a job whose
/// forward ended with its pod is shown once as `Exit 1`, then forgotten.
pub fn jobs(c: &mut Cluster, out: &mut Output) {
    let all: Vec<(u32, String)> = c
        .runtime
        .port_forward_jobs
        .iter()
        .map(|(n, s)| (*n, s.clone()))
        .collect();
    let mut done = Vec::new();
    for (n, cmd) in &all {
        let m = job_marker(c, *n);
        if job_alive(c, *n) {
            out.outln(format!("[{n}]{m}  {:<24}{cmd}", "Running"));
        } else {
            out.outln(format!(
                "[{n}]{m}  {:<24}{}",
                "Exit 1",
                cmd.trim_end_matches(" &")
            ));
            done.push(*n);
        }
    }
    for n in done {
        c.runtime.port_forward_jobs.remove(&n);
    }
}

/// The shell's `kill %N` (also `%%`, `%+`, `%-`) for port-forward jobs: the forward stops and
/// bash reports `[N]+  Terminated              COMMAND`.
pub fn kill(c: &mut Cluster, args: &[String], out: &mut Output) {
    let specs: Vec<&String> = args
        .iter()
        .filter(|a| *a != "-9" && *a != "-TERM")
        .collect();
    if specs.is_empty() {
        out.fail("kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]");
        out.code = 2;
        return;
    }
    for spec in specs {
        let Some(j) = spec.strip_prefix('%') else {
            if spec.parse::<u32>().is_ok() {
                out.fail(format!("bash: kill: ({spec}) - No such process"));
            } else {
                out.fail(format!(
                    "bash: kill: {spec}: arguments must be process or job IDs"
                ));
            }
            continue;
        };
        let mut newest = c.runtime.port_forward_jobs.keys().rev().copied();
        let job = match j {
            "" | "%" | "+" => newest.next(),
            "-" => {
                let first = newest.next();
                newest.next().or(first)
            }
            n => n
                .parse::<u32>()
                .ok()
                .filter(|n| c.runtime.port_forward_jobs.contains_key(n)),
        };
        let Some(job) = job else {
            out.fail(format!("bash: kill: {spec}: no such job"));
            continue;
        };
        let m = job_marker(c, job);
        let cmd = c.runtime.port_forward_jobs.remove(&job).unwrap_or_default();
        let was_alive = job_alive(c, job);
        c.runtime.port_forwards.retain(|_, f| f.job != job);
        let status = if was_alive { "Terminated" } else { "Exit 1" };
        out.errln(format!(
            "[{job}]{m}  {status:<24}{}",
            cmd.trim_end_matches(" &")
        ));
    }
}

/// Ctrl-C on a foreground port-forward at the TUI prompt: the job ends silently, as the
/// process would.
pub fn interrupt(c: &mut Cluster, job: u32) {
    c.runtime.port_forward_jobs.remove(&job);
    c.runtime.port_forwards.retain(|_, f| f.job != job);
}

/// The listeners kubectl opens for an `--address` value.
fn listen_hosts(address: &str) -> Vec<(&'static str, String)> {
    match address {
        "localhost" => vec![
            ("tcp4", "127.0.0.1".to_string()),
            ("tcp6", "[::1]".to_string()),
        ],
        a if a.contains(':') => vec![("tcp6", format!("[{a}]"))],
        a => vec![("tcp4", a.to_string())],
    }
}

/// A free ephemeral port, chosen by the cluster's seeded RNG (the kernel picks one for `:R`).
fn random_port(c: &mut Cluster) -> u16 {
    loop {
        let n = 32768 + (c.rng().next_u64() % 28232) as u16;
        if !c.runtime.port_forwards.contains_key(&n) {
            return n;
        }
    }
}

/// The pod port for `remote`: a number or a named container port, through the Service's
/// `targetPort` for `svc/NAME`.
fn resolve_remote(pod: &Pod, svc: Option<&Service>, remote: &str) -> Result<u16, String> {
    let pod_name = pod.metadata.name.clone().unwrap_or_default();
    let named = |name: &str| -> Option<u16> {
        pod.spec
            .iter()
            .flat_map(|s| s.containers.iter())
            .flat_map(|ct| ct.ports.iter().flatten())
            .find(|p| p.name.as_deref() == Some(name))
            .and_then(|p| u16::try_from(p.container_port).ok())
    };
    if let Some(svc) = svc {
        let svc_name = svc.metadata.name.clone().unwrap_or_default();
        let ports = svc
            .spec
            .as_ref()
            .and_then(|s| s.ports.clone())
            .unwrap_or_default();
        let sp = match remote.parse::<i32>() {
            Ok(n) => ports
                .iter()
                .find(|p| p.port == n)
                .ok_or_else(|| format!("Service {svc_name} does not have a service port {n}"))?,
            Err(_) => ports
                .iter()
                .find(|p| p.name.as_deref() == Some(remote))
                .ok_or_else(|| {
                    format!("Service '{svc_name}' does not have a named port '{remote}'")
                })?,
        };
        return match &sp.target_port {
            Some(IntOrString::Int(n)) => u16::try_from(*n).map_err(|_| format!("invalid port {n}")),
            Some(IntOrString::String(name)) => named(name)
                .ok_or_else(|| format!("Pod '{pod_name}' does not have a named port '{name}'")),
            None => u16::try_from(sp.port).map_err(|_| format!("invalid port {}", sp.port)),
        };
    }
    match remote.parse::<u16>() {
        Ok(0) => Err("Remote port must be > 0".to_string()),
        Ok(n) => Ok(n),
        Err(_) if remote.parse::<i64>().is_ok() => Err(format!(
            "Error parsing remote port '{remote}': strconv.ParseUint: parsing \"{remote}\": value out of range"
        )),
        Err(_) => named(remote)
            .ok_or_else(|| format!("Pod '{pod_name}' does not have a named port '{remote}'")),
    }
}

/// `curl` typed on the learner's machine (the prompt or a script line): `localhost`,
/// `127.0.0.1` and `[::1]` reach a port-forward; anything else is outside this laptop's reach.
pub fn host_curl(c: &mut Cluster, args: &[String], out: &mut Output) {
    let o = CurlOptions::parse(args);
    let (fail, write_out, url) = (o.fail, o.write_out.clone(), o.url.clone());
    let errors = o.errors();
    let Some(u) = url else {
        out.errln(curl::USAGE);
        out.code = 2;
        return;
    };
    let rest = u
        .strip_prefix("http://")
        .or_else(|| u.strip_prefix("https://"))
        .unwrap_or(&u);
    let (hostport, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let (host, port) = if let Some(h) = hostport.strip_prefix('[') {
        match h.split_once(']') {
            Some((h, p)) => (format!("[{h}]"), p.strip_prefix(':').unwrap_or("")),
            None => (hostport.to_string(), ""),
        }
    } else {
        match hostport.rsplit_once(':') {
            Some((h, p)) => (h.to_string(), p),
            None => (hostport.to_string(), ""),
        }
    };
    let port: u16 = if port.is_empty() {
        80
    } else {
        match port.parse() {
            Ok(p) => p,
            Err(_) => {
                if errors {
                    out.errln("curl: (3) URL rejected: Port number was not a decimal number between 0 and 65535");
                }
                out.code = 3;
                return;
            }
        }
    };
    let fail_with = |out: &mut Output, code: i32, msg: String| {
        if errors {
            out.errln(msg);
        }
        out.code = code;
    };
    if !matches!(host.as_str(), "localhost" | "127.0.0.1" | "[::1]") {
        let is_ip = host.starts_with('[') || host.split('.').all(|p| p.parse::<u8>().is_ok());
        return if is_ip {
            fail_with(
                out,
                28,
                format!(
                    "curl: (28) Failed to connect to {host} port {port} after 134996 ms: Couldn't connect to server"
                ),
            )
        } else {
            fail_with(out, 6, format!("curl: (6) Could not resolve host: {host}"))
        };
    }
    let refused = |out: &mut Output| {
        fail_with(
            out,
            7,
            format!(
                "curl: (7) Failed to connect to {host} port {port} after 0 ms: Couldn't connect to server"
            ),
        )
    };
    let Some(fw) = c.runtime.port_forwards.get(&port).cloned() else {
        return refused(out);
    };
    let alive = c
        .store
        .get(crate::sim::object::Kind::Pod, &fw.namespace, &fw.pod)
        .is_some_and(|o| o.meta().uid.as_deref() == Some(fw.uid.as_str()));
    let ctx = if alive {
        container::enter(c, &fw.namespace, &fw.pod, None).ok()
    } else {
        None
    };
    let Some(ctx) = ctx else {
        // The forward's pod is gone: kubectl port-forward has ended with this error, and with
        // it every port it listened on.
        c.runtime.port_forwards.retain(|_, f| f.job != fw.job);
        out.errln("error: lost connection to pod");
        return refused(out);
    };
    // kubectl port-forward prints this on the terminal, not into curl's output: a pipe after
    // curl (`curl ... | grep x`) must not swallow it, so it travels beside curl's stdout.
    out.errln(format!("Handling connection for {port}"));
    let resp = match net::http_get(c, &ctx, "127.0.0.1", fw.remote, path) {
        Ok(r) => r,
        Err(e) => {
            if matches!(e, NetError::Refused) {
                // klog's header (`E` MMDD time pid file:line) in virtual time; the sandbox id
                // and network namespace path of the real message are left out.
                let r = fw.remote;
                out.errln(format!(
                    "E{} {}       1 portforward.go:424] \"Unhandled Error\" err=\"an error occurred forwarding {port} -> {r}: error forwarding port {r} to pod {}, uid : failed to connect to localhost:{r} inside namespace, IPv4: dial tcp4 127.0.0.1:{r}: connect: connection refused IPv6 dial tcp6 [::1]:{r}: connect: connection refused \"",
                    c.now().strftime("%m%d"),
                    c.now().strftime("%H:%M:%S%.6f"),
                    fw.pod
                ));
                return fail_with(out, 52, "curl: (52) Empty reply from server".to_string());
            }
            return match e {
                NetError::Http09 => fail_with(
                    out,
                    1,
                    "curl: (1) Received HTTP/0.9 when not allowed".into(),
                ),
                _ => fail_with(out, 52, "curl: (52) Empty reply from server".into()),
            };
        }
    };
    if fail && resp.status >= 400 {
        return fail_with(
            out,
            22,
            format!(
                "curl: (22) The requested URL returned error: {}",
                resp.status
            ),
        );
    }
    let text = curl::response_text(&o, &resp, hostport, c.now());
    out.out(text);
    if let Some(w) = write_out {
        out.out(
            w.replace("%{http_code}", &resp.status.to_string())
                .replace("\\n", "\n"),
        );
    }
}
