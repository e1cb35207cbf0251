//! Command-line flags as kubectl (spf13/pflag) parses them: `--flag=value`, `--flag value`,
//! `-f value`, `-fvalue`, `-f=value`, booleans with an optional `=true|false`, `--` ending flags,
//! and pflag's error messages for unknown or incomplete flags.

use std::collections::BTreeMap;

/// One flag a verb accepts.
#[derive(Clone, Copy, Debug)]
pub struct Flag {
    /// Long name without dashes (`namespace`).
    pub long: &'static str,
    /// One-letter shorthand (`n`).
    pub short: Option<char>,
    /// Whether it takes a value (false: boolean).
    pub takes_value: bool,
}

/// A value-taking flag.
pub const fn val(long: &'static str, short: Option<char>) -> Flag {
    Flag {
        long,
        short,
        takes_value: true,
    }
}

/// A boolean flag.
pub const fn bool_flag(long: &'static str, short: Option<char>) -> Flag {
    Flag {
        long,
        short,
        takes_value: false,
    }
}

/// Flags every kubectl command accepts.
pub const GLOBAL: &[Flag] = &[
    val("namespace", Some('n')),
    val("context", None),
    val("cluster", None),
    val("user", None),
    val("kubeconfig", None),
    val("request-timeout", None),
    val("v", Some('v')),
    bool_flag("help", Some('h')),
];

/// The result of parsing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parsed {
    /// Arguments that are not flags, in order.
    pub args: Vec<String>,
    /// Everything after `--`.
    pub after_dashdash: Vec<String>,
    /// Whether `--` was present.
    pub dashdash: bool,
    /// Flag values by long name, every occurrence in order ("true"/"false" for booleans).
    pub flags: BTreeMap<String, Vec<String>>,
}

impl Parsed {
    /// The last value given for `long`.
    pub fn get(&self, long: &str) -> Option<&str> {
        self.flags
            .get(long)
            .and_then(|v| v.last())
            .map(|s| s.as_str())
    }

    /// Every value given for `long` (repeatable flags like `-f`, `-l`, `-L`), comma lists split
    /// when `split` is set.
    pub fn all(&self, long: &str, split: bool) -> Vec<String> {
        let vals = self.flags.get(long).cloned().unwrap_or_default();
        if split {
            vals.iter()
                .flat_map(|v| v.split(',').map(str::to_string))
                .filter(|s| !s.is_empty())
                .collect()
        } else {
            vals
        }
    }

    /// Whether a boolean flag is set to true.
    pub fn is(&self, long: &str) -> bool {
        matches!(self.get(long), Some("true"))
    }

    /// Whether the flag was given at all.
    pub fn has(&self, long: &str) -> bool {
        self.flags.contains_key(long)
    }
}

fn usage_hint(cmd: &str) -> String {
    format!("See 'kubectl {cmd} --help' for usage.")
}

/// Parses `argv` (after the verb) against the verb's flags plus [`GLOBAL`]. `cmd` names the
/// command in error hints (`get`, `rollout status`).
pub fn parse(argv: &[String], flags: &[Flag], cmd: &str) -> Result<Parsed, String> {
    let all: Vec<&Flag> = flags.iter().chain(GLOBAL.iter()).collect();
    let find_long = |name: &str| all.iter().find(|f| f.long == name).copied();
    let find_short = |c: char| all.iter().find(|f| f.short == Some(c)).copied();
    let mut p = Parsed::default();
    let mut i = 0;
    while i < argv.len() {
        let a = &argv[i];
        i += 1;
        if a == "--" {
            p.dashdash = true;
            p.after_dashdash = argv[i..].to_vec();
            break;
        }
        if let Some(body) = a.strip_prefix("--") {
            let (name, inline) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            let Some(f) = find_long(name) else {
                return Err(format!(
                    "error: unknown flag: --{name}\n{}",
                    usage_hint(cmd)
                ));
            };
            let value = if f.takes_value {
                match inline {
                    Some(v) => v,
                    None if i < argv.len() => {
                        i += 1;
                        argv[i - 1].clone()
                    }
                    None => {
                        return Err(format!(
                            "error: flag needs an argument: --{name}\n{}",
                            usage_hint(cmd)
                        ));
                    }
                }
            } else {
                match inline.as_deref() {
                    None => "true".to_string(),
                    Some(v) => match parse_bool(v) {
                        Some(b) => b.to_string(),
                        None => {
                            return Err(format!(
                                "error: invalid argument \"{v}\" for \"--{name}\" flag: strconv.ParseBool: parsing \"{v}\": invalid syntax\n{}",
                                usage_hint(cmd)
                            ));
                        }
                    },
                }
            };
            p.flags.entry(f.long.to_string()).or_default().push(value);
        } else if a.len() > 1 && a.starts_with('-') {
            // Shorthand: -n value, -nvalue, -n=value, or bundled booleans -Aw.
            let chars: Vec<char> = a[1..].chars().collect();
            let mut j = 0;
            while j < chars.len() {
                let ch = chars[j];
                let Some(f) = find_short(ch) else {
                    return Err(format!(
                        "error: unknown shorthand flag: '{ch}' in {a}\n{}",
                        usage_hint(cmd)
                    ));
                };
                if f.takes_value {
                    let rest: String = chars[j + 1..].iter().collect();
                    let value = if !rest.is_empty() {
                        rest.strip_prefix('=').map(str::to_string).unwrap_or(rest)
                    } else if i < argv.len() {
                        i += 1;
                        argv[i - 1].clone()
                    } else {
                        return Err(format!(
                            "error: flag needs an argument: '{ch}' in -{ch}\n{}",
                            usage_hint(cmd)
                        ));
                    };
                    p.flags.entry(f.long.to_string()).or_default().push(value);
                    break;
                }
                let rest: String = chars[j + 1..].iter().collect();
                if let Some(v) = rest.strip_prefix('=') {
                    let b = parse_bool(v).unwrap_or(true);
                    p.flags
                        .entry(f.long.to_string())
                        .or_default()
                        .push(b.to_string());
                    break;
                }
                p.flags
                    .entry(f.long.to_string())
                    .or_default()
                    .push("true".into());
                j += 1;
            }
        } else {
            p.args.push(a.clone());
        }
    }
    Ok(p)
}

fn parse_bool(v: &str) -> Option<bool> {
    match v {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Some(true),
        "0" | "f" | "F" | "false" | "FALSE" | "False" => Some(false),
        _ => None,
    }
}

/// Splits a command line into words as a POSIX shell would for simple commands: quotes,
/// backslash escapes, and nothing else (no variables, globs or pipes).
pub fn split_command_line(s: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut have = false;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                have = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => cur.push(c),
                        None => return Err("unterminated quoted string".into()),
                    }
                }
            }
            '"' => {
                have = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(n @ ('"' | '\\' | '$' | '`')) => cur.push(n),
                            Some(n) => {
                                cur.push('\\');
                                cur.push(n);
                            }
                            None => return Err("unterminated quoted string".into()),
                        },
                        Some(c) => cur.push(c),
                        None => return Err("unterminated quoted string".into()),
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
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    const F: &[Flag] = &[
        val("output", Some('o')),
        bool_flag("all-namespaces", Some('A')),
        bool_flag("watch", Some('w')),
        val("selector", Some('l')),
    ];

    #[test]
    fn parses_pflag_forms() {
        let p = parse(
            &v(&[
                "pods",
                "-n",
                "kube-system",
                "-owide",
                "--selector=app=web",
                "-Aw",
                "web-0",
            ]),
            F,
            "get",
        )
        .unwrap();
        assert_eq!(p.args, v(&["pods", "web-0"]));
        assert_eq!(p.get("namespace"), Some("kube-system"));
        assert_eq!(p.get("output"), Some("wide"));
        assert_eq!(p.get("selector"), Some("app=web"));
        assert!(p.is("all-namespaces") && p.is("watch"));
        let p = parse(&v(&["-o=yaml", "--all-namespaces=false"]), F, "get").unwrap();
        assert_eq!(p.get("output"), Some("yaml"));
        assert!(!p.is("all-namespaces"));
    }

    #[test]
    fn errors_match_pflag() {
        assert_eq!(
            parse(&v(&["--nope"]), F, "get").unwrap_err(),
            "error: unknown flag: --nope\nSee 'kubectl get --help' for usage."
        );
        assert_eq!(
            parse(&v(&["-x"]), F, "get").unwrap_err(),
            "error: unknown shorthand flag: 'x' in -x\nSee 'kubectl get --help' for usage."
        );
        assert_eq!(
            parse(&v(&["-o"]), F, "get").unwrap_err(),
            "error: flag needs an argument: 'o' in -o\nSee 'kubectl get --help' for usage."
        );
    }

    #[test]
    fn dashdash_ends_flags() {
        let p = parse(&v(&["pod", "--", "sh", "-c", "echo hi"]), F, "exec").unwrap();
        assert_eq!(p.args, v(&["pod"]));
        assert_eq!(p.after_dashdash, v(&["sh", "-c", "echo hi"]));
    }

    #[test]
    fn splits_like_a_shell() {
        assert_eq!(
            split_command_line(r#"kubectl exec web-0 -- sh -c 'echo "hi there" > /x' "a\"b""#)
                .unwrap(),
            v(&[
                "kubectl",
                "exec",
                "web-0",
                "--",
                "sh",
                "-c",
                "echo \"hi there\" > /x",
                "a\"b"
            ])
        );
        assert!(split_command_line("echo 'oops").is_err());
    }
}
