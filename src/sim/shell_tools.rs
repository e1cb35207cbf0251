//! The programs of the simulated container shell (`sim/shell.rs`): coreutils/busybox file and
//! text tools, `nslookup`/`getent`/`ping` over cluster DNS (`sim/dns.rs`), `curl`/`wget` over
//! the pod network (`sim/net.rs`), and a few image-specific ones (`redis-cli`, `perl`, `nginx`).
//!
//! Messages follow busybox for busybox/alpine images and GNU coreutils/dash for Debian-based ones.

use crate::sim::behavior::pi_digits;
use crate::sim::container::{self, DNS_SERVER, Entry, WriteError};
use crate::sim::curl::{self, CurlOptions};
use crate::sim::dns;
use crate::sim::net::{self, NetError};
use crate::sim::shell::Sh;
use crate::sim::text_filters::{GREP_USAGE, Grep, HeadTail, Wc};

/// Dispatches a program the image has.
pub fn run(sh: &mut Sh, prog: &str, args: &[String], stdin: Option<String>) -> i32 {
    match prog {
        "cat" => cat(sh, args, stdin),
        "ls" => ls(sh, args),
        "mkdir" => mkdir(sh, args),
        "rmdir" | "rm" => rm(sh, prog, args),
        "touch" => touch(sh, args),
        "env" => {
            let env = sh.environ();
            for (k, v) in env {
                sh.print(&format!("{k}={v}\n"));
            }
            0
        }
        "printenv" => {
            if args.is_empty() {
                let env = sh.environ();
                for (k, v) in env {
                    sh.print(&format!("{k}={v}\n"));
                }
                return 0;
            }
            let mut code = 0;
            for a in args {
                match sh.environ().into_iter().find(|(k, _)| k == a) {
                    Some((_, v)) => sh.print(&format!("{v}\n")),
                    None => code = 1,
                }
            }
            code
        }
        "date" => date(sh, args),
        // Exec runs in one instant of virtual time: sleep returns at once.
        "sleep" => 0,
        "hostname" => {
            let h = sh.ctx.hostname.clone();
            if args.first().map(String::as_str) == Some("-i") {
                let ip = sh.ctx.ip.clone();
                sh.print(&format!("{ip}\n"));
            } else {
                sh.print(&format!("{h}\n"));
            }
            0
        }
        "whoami" => {
            let u = sh.ctx.image_info().user.clone();
            sh.print(&format!("{u}\n"));
            0
        }
        "id" => {
            let i = sh.ctx.image_info();
            let (u, uid, gid) = (i.user.clone(), i.uid, i.gid);
            let g = if gid == 0 {
                "root".to_string()
            } else {
                u.clone()
            };
            sh.print(&format!(
                "uid={uid}({u}) gid={gid}({g}) groups={gid}({g})\n"
            ));
            0
        }
        "uname" => uname(sh, args),
        "ps" => ps(sh),
        "grep" => grep(sh, args, stdin),
        "head" | "tail" => head_tail(sh, prog, args, stdin),
        "wc" => wc(sh, args, stdin),
        "nslookup" => nslookup(sh, args),
        "getent" => getent(sh, args),
        "ping" => ping(sh, args),
        "curl" => curl(sh, args),
        "wget" => wget(sh, args),
        "redis-cli" => redis_cli(sh, args),
        "perl" => perl(sh, args),
        "nginx" => {
            if args.iter().any(|a| a == "-v" || a == "-V") {
                let v = sh
                    .ctx
                    .getenv("NGINX_VERSION")
                    .unwrap_or("1.27.3")
                    .to_string();
                sh.eprint(&format!("nginx version: nginx/{v}\n"));
                return 0;
            }
            sh.eprint("nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)\n");
            1
        }
        other => {
            sh.eprint(&format!("sh: {other}: not found\n"));
            127
        }
    }
}

fn gnu(sh: &Sh) -> bool {
    !sh.busybox()
}

/// `echo [-n] [-e] ARGS`.
pub fn echo(sh: &mut Sh, args: &[String]) -> i32 {
    let mut newline = true;
    let mut escapes = false;
    let mut i = 0;
    while let Some(a) = args.get(i) {
        match a.as_str() {
            "-n" => newline = false,
            "-e" => escapes = true,
            "-ne" | "-en" => {
                newline = false;
                escapes = true;
            }
            _ => break,
        }
        i += 1;
    }
    let mut s = args[i..].join(" ");
    if escapes {
        s = unescape(&s);
    }
    if newline {
        s.push('\n');
    }
    sh.print(&s);
    0
}

fn unescape(s: &str) -> String {
    s.replace("\\n", "\n")
        .replace("\\t", "\t")
        .replace("\\\\", "\\")
}

/// `printf FORMAT ARGS` with `%s`, `%d`, `%%` and backslash escapes.
pub fn printf(sh: &mut Sh, args: &[String]) -> i32 {
    let Some(fmt) = args.first() else {
        sh.eprint("printf: usage: printf format [arguments]\n");
        return 2;
    };
    let fmt = unescape(fmt);
    let mut rest = args[1..].iter();
    let mut out = String::new();
    loop {
        let mut chars = fmt.chars().peekable();
        let mut used = false;
        while let Some(ch) = chars.next() {
            if ch != '%' {
                out.push(ch);
                continue;
            }
            match chars.next() {
                Some('%') => out.push('%'),
                Some('s') | Some('d') | Some('i') | Some('u') => {
                    used = true;
                    out.push_str(rest.next().map(String::as_str).unwrap_or(""));
                }
                Some(o) => {
                    out.push('%');
                    out.push(o);
                }
                None => out.push('%'),
            }
        }
        if !used || rest.len() == 0 {
            break;
        }
    }
    sh.print(&out);
    0
}

/// `test EXPR` / `[ EXPR ]`: -f -d -e -z -n = != -eq -ne -lt -gt -le -ge and `!`.
pub fn test(sh: &mut Sh, args: &[String]) -> i32 {
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = match a.as_slice() {
        [] => false,
        ["!", rest @ ..] => {
            let rest: Vec<String> = rest.iter().map(|s| s.to_string()).collect();
            return i32::from(test(sh, &rest) == 0);
        }
        [s] => !s.is_empty(),
        ["-z", s] => s.is_empty(),
        ["-n", s] => !s.is_empty(),
        [op @ ("-f" | "-d" | "-e" | "-s"), p] => {
            let path = sh.path(p);
            match (sh.fs().get(&path), *op) {
                (Some(Entry::File(_)), "-f" | "-e") => true,
                (Some(Entry::File(c)), "-s") => !c.is_empty(),
                (Some(Entry::Dir), "-d" | "-e" | "-s") => true,
                _ => false,
            }
        }
        [x, "=" | "==", y] => x == y,
        [x, "!=", y] => x != y,
        [x, op @ ("-eq" | "-ne" | "-lt" | "-gt" | "-le" | "-ge"), y] => {
            let (Ok(x), Ok(y)) = (x.trim().parse::<i64>(), y.trim().parse::<i64>()) else {
                let bad = if x.trim().parse::<i64>().is_err() {
                    x
                } else {
                    y
                };
                sh.eprint(&format!("sh: {bad}: bad number\n"));
                return 2;
            };
            match *op {
                "-eq" => x == y,
                "-ne" => x != y,
                "-lt" => x < y,
                "-gt" => x > y,
                "-le" => x <= y,
                _ => x >= y,
            }
        }
        _ => {
            sh.eprint("sh: test: syntax error\n");
            return 2;
        }
    };
    i32::from(!r)
}

fn read_input(sh: &mut Sh, prog: &str, files: &[String], stdin: Option<String>) -> (String, i32) {
    if files.is_empty() || files == ["-"] {
        return (stdin.unwrap_or_default(), 0);
    }
    let mut out = String::new();
    let mut code = 0;
    let fs = sh.fs();
    for f in files {
        if f == "-" {
            out.push_str(stdin.as_deref().unwrap_or(""));
            continue;
        }
        match fs.get(&sh.path(f)) {
            Some(Entry::File(s)) => out.push_str(s),
            Some(Entry::Dir) => {
                let msg = if gnu(sh) {
                    format!("{prog}: {f}: Is a directory\n")
                } else {
                    format!("{prog}: read error: Is a directory\n")
                };
                sh.eprint(&msg);
                code = 1;
            }
            None => {
                let msg = if gnu(sh) {
                    format!("{prog}: {f}: No such file or directory\n")
                } else {
                    format!("{prog}: can't open '{f}': No such file or directory\n")
                };
                sh.eprint(&msg);
                code = 1;
            }
        }
    }
    (out, code)
}

fn cat(sh: &mut Sh, args: &[String], stdin: Option<String>) -> i32 {
    let files: Vec<String> = args
        .iter()
        .filter(|a| !a.starts_with('-') || *a == "-")
        .cloned()
        .collect();
    let (s, code) = read_input(sh, "cat", &files, stdin);
    sh.print(&s);
    code
}

fn children(fs: &std::collections::BTreeMap<String, Entry>, dir: &str) -> Vec<(String, bool)> {
    let prefix = if dir == "/" {
        "/".to_string()
    } else {
        format!("{dir}/")
    };
    fs.range(prefix.clone()..)
        .take_while(|(k, _)| k.starts_with(&prefix))
        .filter(|(k, _)| k.len() > prefix.len() && !k[prefix.len()..].contains('/'))
        .map(|(k, e)| (k[prefix.len()..].to_string(), matches!(e, Entry::Dir)))
        .collect()
}

fn ls(sh: &mut Sh, args: &[String]) -> i32 {
    let mut all = false;
    let mut long = false;
    let mut one = false;
    let mut paths = Vec::new();
    for a in args {
        if let Some(f) = a.strip_prefix('-').filter(|f| !f.is_empty()) {
            all |= f.contains('a') || f.contains('A');
            long |= f.contains('l');
            one |= f.contains('1');
        } else {
            paths.push(a.clone());
        }
    }
    let _ = one;
    if paths.is_empty() {
        paths.push(".".into());
    }
    let fs = sh.fs();
    let mut code = 0;
    let many = paths.len() > 1;
    let now = sh.c.now();
    let stamp = now.strftime("%b %e %H:%M").to_string();
    let line = |name: &str, e: Option<&Entry>| -> String {
        if !long {
            return format!("{name}\n");
        }
        match e {
            Some(Entry::File(s)) => {
                format!("-rw-r--r-- 1 root root {:>5} {stamp} {name}\n", s.len())
            }
            _ => format!("drwxr-xr-x 2 root root  4096 {stamp} {name}\n"),
        }
    };
    for (i, p) in paths.iter().enumerate() {
        let abs = sh.path(p);
        match fs.get(&abs) {
            None => {
                let msg = if gnu(sh) {
                    format!("ls: cannot access '{p}': No such file or directory\n")
                } else {
                    format!("ls: {p}: No such file or directory\n")
                };
                sh.eprint(&msg);
                code = if gnu(sh) { 2 } else { 1 };
            }
            Some(Entry::File(_)) => {
                let l = line(p, fs.get(&abs));
                sh.print(&l);
            }
            Some(Entry::Dir) => {
                if many {
                    if i > 0 {
                        sh.print("\n");
                    }
                    sh.print(&format!("{p}:\n"));
                }
                let kids = children(&fs, &abs);
                if long {
                    sh.print(&format!("total {}\n", kids.len() * 4));
                }
                if all {
                    let l = line(".", None) + &line("..", None);
                    sh.print(&l);
                }
                for (name, _) in kids {
                    if !all && name.starts_with('.') {
                        continue;
                    }
                    let child = container::normalize(&abs, &name);
                    let l = line(&name, fs.get(&child));
                    sh.print(&l);
                }
            }
        }
    }
    code
}

fn write_err_text(e: &WriteError) -> &'static str {
    match e {
        WriteError::NoDir => "No such file or directory",
        WriteError::IsDir => "File exists",
        WriteError::ReadOnly => "Read-only file system",
    }
}

fn mkdir(sh: &mut Sh, args: &[String]) -> i32 {
    let parents = args.iter().any(|a| a == "-p" || a == "--parents");
    let mut code = 0;
    for d in args.iter().filter(|a| !a.starts_with('-')) {
        let abs = sh.path(d);
        let exists = sh.fs().contains_key(&abs);
        let res = if exists && !parents {
            Err(WriteError::IsDir)
        } else {
            container::mkdir(sh.c, &sh.ctx, &abs, parents)
        };
        if let Err(e) = res {
            let msg = if gnu(sh) {
                format!(
                    "mkdir: cannot create directory '{d}': {}\n",
                    write_err_text(&e)
                )
            } else {
                format!(
                    "mkdir: can't create directory '{d}': {}\n",
                    write_err_text(&e)
                )
            };
            sh.eprint(&msg);
            code = 1;
        }
    }
    code
}

fn rm(sh: &mut Sh, prog: &str, args: &[String]) -> i32 {
    let flags: String = args
        .iter()
        .filter(|a| a.starts_with('-'))
        .map(|a| a.trim_start_matches('-'))
        .collect();
    let recursive = flags.contains('r') || flags.contains('R');
    let force = flags.contains('f');
    let mut code = 0;
    for f in args.iter().filter(|a| !a.starts_with('-')) {
        let abs = sh.path(f);
        let fs = sh.fs();
        let err = match fs.get(&abs) {
            None if force => None,
            None => Some("No such file or directory"),
            Some(Entry::Dir) if prog == "rm" && !recursive => Some("Is a directory"),
            Some(Entry::File(_)) if prog == "rmdir" => Some("Not a directory"),
            Some(Entry::Dir) if prog == "rmdir" && !children(&fs, &abs).is_empty() => {
                Some("Directory not empty")
            }
            Some(_) => match container::remove(sh.c, &sh.ctx, &abs) {
                Ok(()) => None,
                Err(_) => Some("Read-only file system"),
            },
        };
        if let Some(e) = err {
            let msg = match (gnu(sh), prog, e) {
                (false, "rm", "Is a directory") => format!("rm: '{f}' is a directory\n"),
                (true, "rmdir", _) => format!("rmdir: failed to remove '{f}': {e}\n"),
                (false, "rmdir", _) => format!("rmdir: '{f}': {e}\n"),
                (true, _, _) => format!("rm: cannot remove '{f}': {e}\n"),
                (false, _, _) => format!("rm: can't remove '{f}': {e}\n"),
            };
            sh.eprint(&msg);
            code = 1;
        }
    }
    code
}

fn touch(sh: &mut Sh, args: &[String]) -> i32 {
    let mut code = 0;
    for f in args.iter().filter(|a| !a.starts_with('-')) {
        let abs = sh.path(f);
        if let Err(e) = container::write_file(sh.c, &sh.ctx, &abs, "", true) {
            let why = match e {
                WriteError::NoDir => "No such file or directory",
                WriteError::IsDir => "Is a directory",
                WriteError::ReadOnly => "Read-only file system",
            };
            let msg = if gnu(sh) {
                format!("touch: cannot touch '{f}': {why}\n")
            } else {
                format!("touch: {f}: {why}\n")
            };
            sh.eprint(&msg);
            code = 1;
        }
    }
    code
}

fn date(sh: &mut Sh, args: &[String]) -> i32 {
    let now = sh.c.now();
    let fmt = args
        .iter()
        .find_map(|a| a.strip_prefix('+'))
        .unwrap_or("%a %b %e %H:%M:%S UTC %Y")
        .replace("%Z", "UTC");
    let s = now.strftime(fmt.as_str()).to_string();
    sh.print(&format!("{s}\n"));
    0
}

const KERNEL: &str = "6.8.0-1015-gcp";

fn uname(sh: &mut Sh, args: &[String]) -> i32 {
    let host = sh.ctx.hostname.clone();
    let flags: String = args.iter().map(|a| a.trim_start_matches('-')).collect();
    let s = if flags.contains('a') {
        format!(
            "Linux {host} {KERNEL} #17-Ubuntu SMP Mon Sep  2 12:47:52 UTC 2024 x86_64 GNU/Linux"
        )
    } else {
        let mut parts = Vec::new();
        for f in flags.chars() {
            match f {
                's' => parts.push("Linux".to_string()),
                'n' => parts.push(host.clone()),
                'r' => parts.push(KERNEL.to_string()),
                'm' | 'p' | 'i' => parts.push("x86_64".to_string()),
                'o' => parts.push("GNU/Linux".to_string()),
                'v' => parts.push("#17-Ubuntu SMP Mon Sep  2 12:47:52 UTC 2024".to_string()),
                _ => {}
            }
        }
        if parts.is_empty() {
            "Linux".to_string()
        } else {
            parts.join(" ")
        }
    };
    sh.print(&format!("{s}\n"));
    0
}

fn ps(sh: &mut Sh) -> i32 {
    let user = sh.ctx.image_info().user.clone();
    let main = sh
        .c
        .store
        .get_typed::<crate::sim::pod::Pod>(&sh.ctx.namespace, &sh.ctx.pod)
        .and_then(|p| p.spec.as_ref())
        .and_then(|s| s.containers.iter().find(|c| c.name == sh.ctx.container))
        .map(|c| {
            c.command
                .iter()
                .flatten()
                .chain(c.args.iter().flatten())
                .cloned()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| {
            let base = crate::sim::behavior::image_base(&sh.ctx.image);
            match base {
                b if b.starts_with("nginx") => "nginx: master process nginx -g daemon off;".into(),
                "node-exporter" => "/bin/node_exporter".into(),
                "stateful-app" => "/app/server".into(),
                _ => "sh".into(),
            }
        });
    let pid = sh.pid;
    sh.print("PID   USER     TIME  COMMAND\n");
    sh.print(&format!("    1 {user:<8}  0:00 {main}\n"));
    sh.print(&format!("{pid:>5} {user:<8}  0:00 ps\n"));
    0
}

fn grep(sh: &mut Sh, args: &[String], stdin: Option<String>) -> i32 {
    let Some(g) = Grep::parse(args) else {
        sh.eprint(GREP_USAGE);
        return 2;
    };
    let (text, code) = read_input(sh, "grep", &g.files, stdin);
    let (out, hit) = g.run(&text);
    sh.print(&out);
    if code != 0 { 2 } else { i32::from(!hit) }
}

fn head_tail(sh: &mut Sh, prog: &str, args: &[String], stdin: Option<String>) -> i32 {
    let h = HeadTail::parse(prog, args);
    let (text, code) = read_input(sh, prog, &h.files, stdin);
    sh.print(&h.run(&text));
    code
}

fn wc(sh: &mut Sh, args: &[String], stdin: Option<String>) -> i32 {
    let w = Wc::parse(args);
    let (text, code) = read_input(sh, "wc", &w.files, stdin);
    sh.print(&w.run(&text));
    code
}

/// busybox nslookup: the 1.28 format (`Address 1: IP NAME`) for old busybox images, the newer
/// (1.29+) format otherwise.
fn nslookup(sh: &mut Sh, args: &[String]) -> i32 {
    let names: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let Some(name) = names.first().map(|s| s.to_string()) else {
        sh.eprint("BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST\n");
        return 1;
    };
    let res = dns::resolve(sh.c, &sh.ctx, &name);
    if crate::sim::images::old_busybox(&sh.ctx.image) {
        let server_rev = dns::reverse(sh.c, DNS_SERVER).unwrap_or_default();
        sh.print(&format!(
            "Server:    {DNS_SERVER}\nAddress 1: {DNS_SERVER} {server_rev}\n\n"
        ));
        return match res {
            Ok(a) => {
                sh.print(&format!("{:<10} {name}\n", "Name:"));
                for (i, ip) in a.ips.iter().enumerate() {
                    match dns::reverse(sh.c, ip) {
                        Some(r) => sh.print(&format!("Address {}: {ip} {r}\n", i + 1)),
                        None => sh.print(&format!("Address {}: {ip}\n", i + 1)),
                    }
                }
                0
            }
            Err(_) => {
                sh.eprint(&format!("nslookup: can't resolve '{name}'\n"));
                1
            }
        };
    }
    sh.print(&format!(
        "Server:\t\t{DNS_SERVER}\nAddress:\t{DNS_SERVER}:53\n\n"
    ));
    match res {
        Ok(a) => {
            for ip in &a.ips {
                sh.print(&format!("Name:\t{}\nAddress: {ip}\n", a.fqdn));
            }
            sh.print("\n");
            0
        }
        Err(first) => {
            sh.print(&format!("** server can't find {first}: NXDOMAIN\n\n"));
            1
        }
    }
}

fn getent(sh: &mut Sh, args: &[String]) -> i32 {
    if args.first().map(String::as_str) != Some("hosts") || args.len() < 2 {
        sh.eprint("Usage: getent [OPTION...] database [key ...]\n");
        return 1;
    }
    let mut code = 0;
    for name in &args[1..] {
        if dns::is_ipv4(name) {
            let r = dns::reverse(sh.c, name);
            match r {
                Some(r) => sh.print(&format!("{name:<15} {r}\n")),
                None => code = 2,
            }
            continue;
        }
        if name == "localhost" {
            sh.print("::1             localhost ip6-localhost ip6-loopback\n");
            continue;
        }
        if *name == sh.ctx.hostname {
            let ip = sh.ctx.ip.clone();
            let full = match &sh.ctx.subdomain {
                Some(sd) => format!(
                    "{}.{sd}.{}.svc.{}",
                    sh.ctx.hostname,
                    sh.ctx.namespace,
                    container::CLUSTER_DOMAIN
                ),
                None => name.clone(),
            };
            sh.print(&format!("{ip:<15} {full}\n"));
            continue;
        }
        match dns::resolve(sh.c, &sh.ctx, name) {
            Ok(a) => {
                for ip in &a.ips {
                    sh.print(&format!("{ip:<15} {}\n", a.fqdn));
                }
            }
            Err(_) => code = 2,
        }
    }
    code
}

fn ping(sh: &mut Sh, args: &[String]) -> i32 {
    let mut count: Option<u32> = None;
    let mut host = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "-c" {
            count = it.next().and_then(|v| v.parse().ok());
        } else if let Some(v) = a.strip_prefix("-c") {
            count = v.parse().ok();
        } else if a == "-W" || a == "-w" || a == "-i" {
            it.next();
        } else if !a.starts_with('-') {
            host = Some(a.clone());
        }
    }
    let Some(host) = host else {
        sh.eprint("BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: ping [OPTIONS] HOST\n");
        return 1;
    };
    // Without -c, ping runs until interrupted; exec has no terminal to interrupt it, so it
    // stops after 4 packets.
    let count = count.unwrap_or(4).clamp(1, 100);
    let Some(ip) = dns::resolve_host(sh.c, &sh.ctx, &host) else {
        sh.eprint(&format!("ping: bad address '{host}'\n"));
        return 1;
    };
    sh.print(&format!("PING {host} ({ip}): 56 data bytes\n"));
    let answers = net::pingable(sh.c, &sh.ctx, &ip).unwrap_or(false);
    let ttl = if net::same_node(sh.c, &sh.ctx, &ip) {
        64
    } else {
        63
    };
    let mut times = Vec::new();
    if answers {
        let h = crate::sim::behavior::fake_digest(&format!("{ip}/{}", sh.c.now().as_nanosecond()));
        for seq in 0..count {
            let i = (seq as usize * 3) % 60;
            let micros = 40 + u32::from_str_radix(&h[i..i + 3], 16).unwrap_or(0) % 120;
            let micros = if ttl == 64 { micros } else { micros + 300 };
            times.push(micros);
            sh.print(&format!(
                "64 bytes from {ip}: seq={seq} ttl={ttl} time={}.{:03} ms\n",
                micros / 1000,
                micros % 1000
            ));
        }
    }
    let got = times.len() as u32;
    let loss = (count - got) * 100 / count;
    sh.print(&format!(
        "\n--- {host} ping statistics ---\n{count} packets transmitted, {got} packets received, {loss}% packet loss\n"
    ));
    if got > 0 {
        let min = times.iter().min().copied().unwrap_or(0);
        let max = times.iter().max().copied().unwrap_or(0);
        let avg = times.iter().sum::<u32>().checked_div(got).unwrap_or(0);
        let f = |m: u32| format!("{}.{:03}", m / 1000, m % 1000);
        sh.print(&format!(
            "round-trip min/avg/max = {}/{}/{} ms\n",
            f(min),
            f(avg),
            f(max)
        ));
        0
    } else {
        1
    }
}

struct Url {
    host: String,
    port: u16,
    path: String,
}

fn parse_url(u: &str) -> Option<Url> {
    let rest = u
        .strip_prefix("http://")
        .or_else(|| u.strip_prefix("HTTP://"))
        .unwrap_or(u);
    if rest.contains("://") {
        return None;
    }
    let (hostport, path) = match rest.find('/') {
        Some(i) => (&rest[..i], rest[i..].to_string()),
        None => (rest, "/".to_string()),
    };
    let (host, port) = match hostport.rsplit_once(':') {
        Some((h, p)) => (h.to_string(), p.parse().ok()?),
        None => (hostport.to_string(), 80),
    };
    if host.is_empty() {
        return None;
    }
    Some(Url { host, port, path })
}

fn curl(sh: &mut Sh, args: &[String]) -> i32 {
    let o = CurlOptions::parse(args);
    let (fail, outfile, write_out, url) = (
        o.fail,
        o.outfile.clone(),
        o.write_out.clone(),
        o.url.clone(),
    );
    let errors = o.errors();
    let Some(u) = url else {
        sh.eprint(&format!("{}\n", curl::USAGE));
        return 2;
    };
    let Some(p) = parse_url(&u) else {
        if errors {
            sh.eprint("curl: (3) URL rejected: Bad hostname\n");
        }
        return 3;
    };
    let Some(ip) = dns::resolve_host(sh.c, &sh.ctx, &p.host) else {
        if errors {
            sh.eprint(&format!("curl: (6) Could not resolve host: {}\n", p.host));
        }
        return 6;
    };
    let res = net::http_get(sh.c, &sh.ctx, &ip, p.port, &p.path);
    let resp = match res {
        Ok(r) => r,
        Err(e) => {
            let (code, msg) = match e {
                NetError::Refused => (
                    7,
                    format!(
                        "curl: (7) Failed to connect to {} port {} after 0 ms: Couldn't connect to server",
                        p.host, p.port
                    ),
                ),
                NetError::Unreachable => (
                    28,
                    format!(
                        "curl: (28) Failed to connect to {} port {} after 134996 ms: Couldn't connect to server",
                        p.host, p.port
                    ),
                ),
                NetError::Http09 => (
                    1,
                    "curl: (1) Received HTTP/0.9 when not allowed".to_string(),
                ),
                NetError::Empty => (52, "curl: (52) Empty reply from server".to_string()),
            };
            if errors {
                sh.eprint(&format!("{msg}\n"));
            }
            return code;
        }
    };
    if fail && resp.status >= 400 {
        if errors {
            sh.eprint(&format!(
                "curl: (22) The requested URL returned error: {}\n",
                resp.status
            ));
        }
        return 22;
    }
    let text = curl::response_text(&o, &resp, &p.host, sh.c.now());
    match outfile.as_deref() {
        Some("-") | None => sh.print(&text),
        Some(f) => {
            let abs = sh.path(f);
            if container::write_file(sh.c, &sh.ctx, &abs, &text, false).is_err() {
                if errors {
                    sh.eprint(&format!(
                        "curl: (23) Failure writing output to destination, passed {} returned 0\n",
                        text.len()
                    ));
                }
                return 23;
            }
        }
    }
    if let Some(w) = write_out {
        let s = unescape(&w.replace("%{http_code}", &resp.status.to_string()));
        sh.print(&s);
    }
    0
}

fn wget(sh: &mut Sh, args: &[String]) -> i32 {
    let mut quiet = false;
    let mut out: Option<String> = None;
    let mut url = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-q" | "--quiet" => quiet = true,
            "-O" => out = it.next().cloned(),
            "-T" | "-t" | "-U" | "--timeout" => {
                it.next();
            }
            s if s.starts_with("-qO") => {
                quiet = true;
                let v = &s[3..];
                out = if v.is_empty() {
                    it.next().cloned()
                } else {
                    Some(v.to_string())
                };
            }
            s if s.starts_with("-O") => out = Some(s[2..].to_string()),
            s if s.starts_with('-') => {}
            _ => url = Some(a.clone()),
        }
    }
    let Some(u) = url else {
        sh.eprint("BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: wget [-cqS] [-O FILE] URL...\n");
        return 1;
    };
    let Some(p) = parse_url(&u) else {
        sh.eprint(&format!("wget: not an http or ftp url: {u}\n"));
        return 1;
    };
    let Some(ip) = dns::resolve_host(sh.c, &sh.ctx, &p.host) else {
        sh.eprint(&format!("wget: bad address '{}'\n", p.host));
        return 1;
    };
    if !quiet {
        sh.eprint(&format!("Connecting to {} ({ip}:{})\n", p.host, p.port));
    }
    let resp = match net::http_get(sh.c, &sh.ctx, &ip, p.port, &p.path) {
        Ok(r) => r,
        Err(NetError::Refused) => {
            sh.eprint(&format!(
                "wget: can't connect to remote host ({ip}): Connection refused\n"
            ));
            return 1;
        }
        Err(NetError::Unreachable) => {
            sh.eprint(&format!(
                "wget: can't connect to remote host ({ip}): No route to host\n"
            ));
            return 1;
        }
        Err(_) => {
            sh.eprint("wget: error getting response: Connection reset by peer\n");
            return 1;
        }
    };
    if resp.status >= 400 {
        sh.eprint(&format!(
            "wget: server returned error: HTTP/1.1 {} {}\n",
            resp.status,
            net::reason(resp.status)
        ));
        return 1;
    }
    let target = out.unwrap_or_else(|| {
        let last = p.path.rsplit('/').next().unwrap_or("");
        if last.is_empty() {
            "index.html".into()
        } else {
            last.to_string()
        }
    });
    let len = resp.body.len();
    let bar = |name: &str| {
        format!("{name:<20.20}100% |********************************| {len:>5}  0:00:00 ETA\n")
    };
    if target == "-" {
        if !quiet {
            sh.eprint("writing to stdout\n");
        }
        sh.print(&resp.body);
        if !quiet {
            sh.eprint(&bar("-"));
            sh.eprint("written to stdout\n");
        }
        return 0;
    }
    let abs = sh.path(&target);
    if out_exists(sh, &abs)
        && !args
            .iter()
            .any(|a| a.starts_with("-O") || a.starts_with("-qO"))
    {
        sh.eprint(&format!("wget: can't open '{target}': File exists\n"));
        return 1;
    }
    if !quiet {
        sh.eprint(&format!("saving to '{target}'\n"));
    }
    if container::write_file(sh.c, &sh.ctx, &abs, &resp.body, false).is_err() {
        sh.eprint(&format!(
            "wget: can't open '{target}': No such file or directory\n"
        ));
        return 1;
    }
    if !quiet {
        sh.eprint(&bar(&target));
        sh.eprint(&format!("'{target}' saved\n"));
    }
    0
}

fn out_exists(sh: &Sh, abs: &str) -> bool {
    sh.fs().contains_key(abs)
}

fn redis_cli(sh: &mut Sh, args: &[String]) -> i32 {
    let mut words = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "-h" || a == "-p" || a == "-a" || a == "-n" {
            it.next();
        } else {
            words.push(a.clone());
        }
    }
    match words.first().map(|w| w.to_ascii_lowercase()) {
        Some(w) if w == "ping" => sh.print("PONG\n"),
        Some(w) if w == "echo" => {
            let s = words[1..].join(" ");
            sh.print(&format!("\"{s}\"\n"));
        }
        Some(_) => {
            let first = &words[0];
            let rest: Vec<String> = words[1..].iter().map(|w| format!("'{w}' ")).collect();
            sh.print(&format!(
                "(error) ERR unknown command '{first}', with args beginning with: {}\n",
                rest.concat()
            ));
        }
        None => {
            sh.eprint("redis-cli: an interactive prompt needs a terminal; give a command (redis-cli ping)\n");
            return 1;
        }
    }
    0
}

fn perl(sh: &mut Sh, args: &[String]) -> i32 {
    let script = args.iter().rev().find(|a| a.contains("bpi(")).cloned();
    if let Some(s) = script {
        let n = s
            .split("bpi(")
            .nth(1)
            .and_then(|r| r.split(')').next())
            .and_then(|n| n.trim().parse::<usize>().ok())
            .unwrap_or(2000)
            .min(20_000);
        sh.print(&format!("{}\n", pi_digits(n)));
    }
    0
}
