//! The headless script runner behind `kubetutor run`: a fresh cluster, then each script line
//! echoed as `$ LINE` followed by exactly what it prints. Tests, lesson checks and benchmarks
//! drive the simulator through it.
//!
//! Script lines: `kubectl ...` or `k ...` (heredocs `<<EOF` and `cat <<EOF | kubectl ...` feed
//! stdin), `sleep DURATION` (`90s`, `5m`, `2h`, `1d`, combinations like `1m30s`), sandbox verbs
//! `node add NAME [--label k=v]... [--taint k=v:Effect]...`, `node fail|recover|remove NAME`,
//! `curl URL` on the learner's machine (through `kubectl port-forward`), `jobs` and `kill %N` for
//! those port-forwards, `#` comments and blank lines.

use crate::kubectl::{self, Env, Output, Stream, args::split_command_line, manifest::FileSource};
use crate::sim::bootstrap::NodeOptions;
use crate::sim::cluster::{Cluster, ClusterConfig};
use crate::sim::text_filters;
use jiff::SignedDuration;

/// One command of a script, with its heredoc body.
#[derive(Clone, Debug, PartialEq)]
pub struct ScriptCommand {
    /// The line as written (without the heredoc body), echoed after `$ `.
    pub line: String,
    /// The words to run.
    pub words: Vec<String>,
    /// Standard input from a heredoc.
    pub stdin: Option<String>,
    /// Filters on the learner's machine the output is piped through (`| grep web`), each as
    /// its words; see `sim/text_filters.rs`.
    pub filters: Vec<Vec<String>>,
    /// 1-based line number in the script.
    pub line_no: usize,
}

impl ScriptCommand {
    /// One command given on its own rather than read from a script (the TUI's editor, tests):
    /// line 1, no pipes.
    pub fn single(line: &str, words: Vec<String>, stdin: Option<String>) -> ScriptCommand {
        ScriptCommand {
            line: line.to_string(),
            words,
            stdin,
            filters: vec![],
            line_no: 1,
        }
    }
}

/// Splits a script into commands: comments and blank lines dropped, `\` continuations joined,
/// heredocs collected. Fails on the first line that cannot be understood.
pub fn parse_script(script: &str) -> Result<Vec<ScriptCommand>, String> {
    let (cmds, err) = parse_script_partial(script);
    match err {
        Some(e) => Err(e.message),
        None => Ok(cmds),
    }
}

/// A script line that could not be understood.
#[derive(Clone, Debug, PartialEq)]
pub struct ScriptError {
    /// The offending line as written.
    pub line: String,
    /// What is wrong, prefixed with the line number.
    pub message: String,
}

/// Like [`parse_script`], but keeps the commands before a bad line, so a runner can run them
/// and then report the bad line in its place.
pub fn parse_script_partial(script: &str) -> (Vec<ScriptCommand>, Option<ScriptError>) {
    let mut out = Vec::new();
    match parse_into(script, &mut out) {
        Ok(()) => (out, None),
        Err(e) => (out, Some(e)),
    }
}

fn parse_into(script: &str, out: &mut Vec<ScriptCommand>) -> Result<(), ScriptError> {
    let lines: Vec<&str> = script.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let line_no = i + 1;
        let mut line = lines[i].trim_end().to_string();
        i += 1;
        while line.ends_with('\\') && i < lines.len() {
            line.pop();
            line.push(' ');
            line.push_str(lines[i].trim());
            i += 1;
        }
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let mut cmd_text = trimmed.to_string();
        let mut stdin = None;
        if let Some(pos) = heredoc_pos(&cmd_text) {
            let (delim, dash, word_end) = heredoc_word(&cmd_text[pos + 2..]);
            let after = cmd_text[pos + 2..].trim_start_matches('-').trim_start();
            if delim.is_empty() {
                return Err(ScriptError {
                    line: trimmed.to_string(),
                    message: format!("line {line_no}: here-document needs a delimiter word"),
                });
            }
            let rest_after_word = after[word_end..].to_string();
            let mut body = String::new();
            let mut closed = false;
            while i < lines.len() {
                let l = lines[i];
                i += 1;
                let cmp = if dash { l.trim_start_matches('\t') } else { l };
                if cmp.trim_end() == delim {
                    closed = true;
                    break;
                }
                body.push_str(cmp);
                body.push('\n');
            }
            if !closed {
                return Err(ScriptError {
                    line: trimmed.to_string(),
                    message: format!(
                        "line {line_no}: here-document delimited by end-of-file (wanted `{delim}')"
                    ),
                });
            }
            let before = cmd_text[..pos].trim().to_string();
            // `cat <<EOF | kubectl apply -f -`
            let rest = rest_after_word.trim();
            cmd_text = if before == "cat" && rest.starts_with('|') {
                rest.trim_start_matches('|').trim().to_string()
            } else {
                format!("{before} {rest}").trim().to_string()
            };
            stdin = Some(body);
        }
        let bad = |message: String| ScriptError {
            line: trimmed.to_string(),
            message: format!("line {line_no}: {message}"),
        };
        let mut segments = split_pipes(&cmd_text).into_iter();
        let words = split_command_line(&segments.next().unwrap_or_default()).map_err(bad)?;
        let mut filters = Vec::new();
        for seg in segments {
            let f = split_command_line(&seg).map_err(bad)?;
            if f.is_empty() {
                return Err(bad("syntax error near unexpected token `|'".into()));
            }
            filters.push(f);
        }
        if words.is_empty() && !filters.is_empty() {
            return Err(bad("syntax error near unexpected token `|'".into()));
        }
        out.push(ScriptCommand {
            line: trimmed.to_string(),
            words,
            stdin,
            filters,
            line_no,
        });
    }
    Ok(())
}

/// Splits a command line at its unquoted pipes (`kubectl get pods | grep web`); a `|` inside
/// quotes belongs to its word (`sh -c 'ls | wc -l'` runs in the container).
fn split_pipes(s: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in s.chars() {
        if escaped {
            escaped = false;
        } else {
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if c == '\\' => escaped = true,
                None if c == '\'' || c == '"' => quote = Some(c),
                None if c == '|' => {
                    parts.push(std::mem::take(&mut cur));
                    continue;
                }
                None => {}
            }
        }
        cur.push(c);
    }
    parts.push(cur);
    parts
}

/// The delimiter word after `<<` (quotes removed), whether it was `<<-`, and where the word
/// ends in the text after the `-` and blanks.
fn heredoc_word(after: &str) -> (String, bool, usize) {
    let dash = after.starts_with('-');
    let after = after.trim_start_matches('-').trim_start();
    let word_end = after
        .find(|c: char| c.is_whitespace() || c == '|')
        .unwrap_or(after.len());
    let delim = after[..word_end]
        .trim_matches(|c| c == '\'' || c == '"')
        .to_string();
    (delim, dash, word_end)
}

/// Whether `line` ends the here-document that `first` (a single command line, no `\`
/// continuation) opened: lets the screen's prompt collect a pasted heredoc line by line without
/// re-parsing everything typed so far on every Enter. None when `first` opens no heredoc.
pub fn ends_heredoc(first: &str, line: &str) -> Option<bool> {
    let first = first.trim();
    if first.ends_with('\\') {
        return None;
    }
    let pos = heredoc_pos(first)?;
    let (delim, dash, _) = heredoc_word(&first[pos + 2..]);
    if delim.is_empty() {
        return None;
    }
    let cmp = if dash {
        line.trim_start_matches('\t')
    } else {
        line
    };
    Some(cmp.trim_end() == delim)
}

fn heredoc_pos(s: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let b: Vec<char> = s.chars().collect();
    let mut byte = 0;
    for (i, c) in b.iter().enumerate() {
        match quote {
            Some(q) if *c == q => quote = None,
            Some(_) => {}
            None if *c == '\'' || *c == '"' => quote = Some(*c),
            None if *c == '<' && b.get(i + 1) == Some(&'<') && b.get(i + 2) != Some(&'<') => {
                return Some(byte);
            }
            None => {}
        }
        byte += c.len_utf8();
    }
    None
}

/// Parses `90s`, `5m`, `2h`, `1d`, `1m30s`, `1.5` (seconds), as `sleep` takes them.
pub fn parse_sleep(s: &str) -> Option<SignedDuration> {
    if s.is_empty() {
        return None;
    }
    let mut total_ms: f64 = 0.0;
    let mut num = String::new();
    let mut any = false;
    for c in s.chars() {
        if c.is_ascii_digit() || c == '.' {
            num.push(c);
            continue;
        }
        let n: f64 = num.parse().ok()?;
        num.clear();
        let mult = match c {
            's' => 1.0,
            'm' => 60.0,
            'h' => 3600.0,
            'd' => 86400.0,
            _ => return None,
        };
        total_ms += n * mult * 1000.0;
        any = true;
    }
    if !num.is_empty() {
        total_ms += num.parse::<f64>().ok()? * 1000.0;
        any = true;
    }
    if !any || !(0.0..=1e15).contains(&total_ms) {
        return None;
    }
    Some(SignedDuration::from_millis(total_ms as i64))
}

/// The most virtual time one `sleep` may cover (a year): beyond it a typo would only burn CPU.
pub const MAX_SLEEP: SignedDuration = SignedDuration::from_hours(24 * 366);

/// The programs a script line (and the TUI prompt) may start with; lesson files are checked
/// against this list.
pub const COMMANDS: &[&str] = &["kubectl", "k", "sleep", "node", "curl", "jobs", "kill"];

/// Runs one command against the cluster, returning what it prints (through the command's
/// `| filters`, if any: standard error passes by them, as in a shell).
pub fn run_command(c: &mut Cluster, cmd: &ScriptCommand, fs: &dyn FileSource) -> Output {
    let out = run_unfiltered(c, cmd, fs);
    if cmd.filters.is_empty() {
        return out;
    }
    let mut piped = Output::default();
    for (stream, chunk) in &out.chunks {
        if *stream == Stream::Err {
            piped.chunks.push((Stream::Err, chunk.clone()));
        }
    }
    let mut text = out.stdout();
    for f in &cmd.filters {
        let r = text_filters::host_filter(&f[0], &f[1..], &text);
        if !r.err.is_empty() {
            piped.chunks.push((Stream::Err, r.err));
        }
        text = r.out;
        piped.code = r.code;
    }
    if !text.is_empty() {
        piped.out(text);
    }
    piped
}

fn run_unfiltered(c: &mut Cluster, cmd: &ScriptCommand, fs: &dyn FileSource) -> Output {
    let mut out = Output::default();
    let Some(first) = cmd.words.first() else {
        return out;
    };
    match first.as_str() {
        "kubectl" | "k" => {
            let env = Env {
                fs,
                stdin: cmd.stdin.as_deref(),
            };
            out = kubectl::run(c, &cmd.words[1..], &env);
        }
        "sleep" => match cmd.words.get(1).and_then(|s| parse_sleep(s)) {
            Some(d) if d <= MAX_SLEEP => c.advance(d),
            Some(_) => out.fail("sleep: at most 366d of virtual time at once"),
            None => out.fail(format!(
                "sleep: invalid time interval '{}'",
                cmd.words.get(1).map(String::as_str).unwrap_or("")
            )),
        },
        "node" => node_verb(c, &cmd.words[1..], &mut out),
        // The learner's own curl, reaching `kubectl port-forward` listeners.
        "curl" => kubectl::portforward::host_curl(c, &cmd.words[1..], &mut out),
        // The shell's job control over background port-forwards.
        "jobs" => kubectl::portforward::jobs(c, &mut out),
        "kill" => kubectl::portforward::kill(c, &cmd.words[1..], &mut out),
        other => out.fail(format!(
            "{other}: command not found (a script runs {}, and pipes into {})",
            COMMANDS.join(", "),
            text_filters::HOST_FILTERS.join(", ")
        )),
    }
    out
}

fn node_verb(c: &mut Cluster, words: &[String], out: &mut Output) {
    let usage = "usage: node add NAME [--label k=v]... [--taint k=v:Effect]... | node fail NAME | node recover NAME | node remove NAME";
    let (Some(verb), Some(name)) = (words.first(), words.get(1)) else {
        return out.fail(usage);
    };
    let res = match verb.as_str() {
        "add" => {
            let mut opts = NodeOptions::default();
            let mut i = 2;
            while i < words.len() {
                let w = &words[i];
                let (flag, inline) = match w.split_once('=') {
                    Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
                    _ => (w.clone(), None),
                };
                let value = match inline {
                    Some(v) => v,
                    None => {
                        i += 1;
                        match words.get(i) {
                            Some(v) => v.clone(),
                            None => {
                                return out.fail(format!("error: flag needs an argument: {flag}"));
                            }
                        }
                    }
                };
                match flag.as_str() {
                    "--label" | "-l" => match value.split_once('=') {
                        Some((k, v)) => {
                            opts.labels.insert(k.to_string(), v.to_string());
                        }
                        None => {
                            opts.labels.insert(value.clone(), String::new());
                        }
                    },
                    "--taint" => match crate::sim::taints::parse_taint(&value) {
                        Ok(t) => opts.taints.push(t),
                        Err(e) => return out.fail(format!("error: {e}")),
                    },
                    "--cpu" => opts.cpu = Some(value),
                    "--memory" => opts.memory = Some(value),
                    other => return out.fail(format!("error: unknown flag: {other}\n{usage}")),
                }
                i += 1;
            }
            c.add_node(name, &opts).map(|_| "added")
        }
        "fail" => c.fail_node(name).map(|_| "failed"),
        "recover" => c.recover_node(name).map(|_| "recovered"),
        "remove" | "delete" => c.remove_node(name).map(|_| "removed"),
        _ => return out.fail(usage),
    };
    match res {
        Ok(what) => out.outln(format!("node/{name} {what}")),
        Err(e) => out.fail(e),
    }
}

/// Options of `kubetutor run`.
#[derive(Clone, Debug, Default)]
pub struct RunOptions {
    /// The cluster to start with.
    pub cluster: ClusterConfig,
    /// Stop at the first failing command with a non-zero exit.
    pub strict: bool,
}

/// Runs a whole script; returns the transcript and the exit code.
pub fn run_script(script: &str, opts: &RunOptions, fs: &dyn FileSource) -> (String, i32) {
    let mut c = Cluster::new(&opts.cluster);
    run_script_on(&mut c, script, opts.strict, fs)
}

/// Runs a script on an existing cluster.
pub fn run_script_on(
    c: &mut Cluster,
    script: &str,
    strict: bool,
    fs: &dyn FileSource,
) -> (String, i32) {
    let (cmds, bad_line) = parse_script_partial(script);
    let mut transcript = String::new();
    for cmd in &cmds {
        // Every `$ ` line starts a line, even after output without a final newline
        // (`-o jsonpath=...`), as a terminal's prompt would.
        if !transcript.is_empty() && !transcript.ends_with('\n') {
            transcript.push('\n');
        }
        transcript.push_str("$ ");
        transcript.push_str(&cmd.line);
        transcript.push('\n');
        let out = run_command(c, cmd, fs);
        transcript.push_str(&out.text());
        if strict && out.code != 0 {
            return (transcript, out.code);
        }
    }
    if !transcript.is_empty() && !transcript.ends_with('\n') {
        transcript.push('\n');
    }
    if let Some(e) = bad_line {
        transcript.push_str(&format!("$ {}\nerror: {}\n", e.line, e.message));
        if strict {
            return (transcript, 2);
        }
    }
    (transcript, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heredocs_and_continuations() {
        let s = "# comment\n\nkubectl apply -f - <<EOF\na: 1\nEOF\ncat <<'YAML' | kubectl apply -f -\nb: 2\nYAML\nkubectl get \\\n  pods\n";
        let cmds = parse_script(s).unwrap();
        assert_eq!(cmds.len(), 3);
        assert_eq!(cmds[0].words, ["kubectl", "apply", "-f", "-"]);
        assert_eq!(cmds[0].stdin.as_deref(), Some("a: 1\n"));
        assert_eq!(cmds[1].words, ["kubectl", "apply", "-f", "-"]);
        assert_eq!(cmds[1].stdin.as_deref(), Some("b: 2\n"));
        assert_eq!(cmds[2].words, ["kubectl", "get", "pods"]);
        assert!(parse_script("kubectl apply -f - <<EOF\nno end\n").is_err());
        let (cmds, err) =
            parse_script_partial("kubectl get pods\nkubectl apply -f - <<EOF\nno end\n");
        assert_eq!(cmds.len(), 1);
        assert_eq!(
            err.map(|e| e.line),
            Some("kubectl apply -f - <<EOF".to_string())
        );
    }

    #[test]
    fn sleep_durations() {
        assert_eq!(parse_sleep("90s"), Some(SignedDuration::from_secs(90)));
        assert_eq!(parse_sleep("1m30s"), Some(SignedDuration::from_secs(90)));
        assert_eq!(parse_sleep("2h"), Some(SignedDuration::from_hours(2)));
        assert_eq!(parse_sleep("1d"), Some(SignedDuration::from_hours(24)));
        assert_eq!(parse_sleep("5"), Some(SignedDuration::from_secs(5)));
        assert_eq!(parse_sleep("5x"), None);
        assert_eq!(parse_sleep(""), None);
    }
}
