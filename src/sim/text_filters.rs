//! `grep`, `head`, `tail` and `wc` over text. One implementation answers in two places: a
//! container's shell (`kubectl exec web-0 -- sh -c 'ls / | wc -l'`, see `sim/shell_tools.rs`)
//! and the learner's own shell, where tutorials pipe kubectl into them
//! (`kubectl get pods | grep web`, see `runner.rs`). Reading files is the caller's business.

/// `grep [-vicqnFE] [-A NUM] [-B NUM] [-C NUM] PATTERN [FILE]...`, parsed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Grep {
    /// Lines of context printed after and before each selected line (`-A`, `-B`, `-C`):
    /// tutorials read a section of `kubectl describe` with `grep -A3 Mounts`.
    after: usize,
    before: usize,
    invert: bool,
    icase: bool,
    count: bool,
    quiet: bool,
    number: bool,
    fixed: bool,
    extended: bool,
    pattern: String,
    /// The files to read (empty: standard input).
    pub files: Vec<String>,
}

/// What grep prints when it has no pattern.
pub const GREP_USAGE: &str =
    "Usage: grep [-vicqnFE] [-A NUM] [-B NUM] [-C NUM] PATTERN [FILE]...\n";

impl Grep {
    /// Reads grep's flags and pattern; `None` when there is no pattern or a context length is
    /// not a number (print [`GREP_USAGE`]).
    pub fn parse(args: &[String]) -> Option<Grep> {
        let mut g = Grep::default();
        let mut pattern = None;
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let long = [
                ("--after-context=", 'A'),
                ("--before-context=", 'B'),
                ("--context=", 'C'),
            ];
            if let Some((n, which)) = long
                .iter()
                .find_map(|(p, w)| a.strip_prefix(p).map(|n| (n, *w)))
            {
                g.set_context(which, n)?;
            } else if a == "-e" {
                pattern = it.next().cloned();
            } else if let Some(f) = a.strip_prefix('-').filter(|f| !f.is_empty()) {
                for (i, ch) in f.char_indices() {
                    if matches!(ch, 'A' | 'B' | 'C') {
                        // The number is the rest of this word (`-A3`, `-nA3`), or the next word.
                        let rest = &f[i + 1..];
                        let n = if rest.is_empty() {
                            it.next()?.as_str()
                        } else {
                            rest
                        };
                        g.set_context(ch, n)?;
                        break;
                    }
                    match ch {
                        'v' => g.invert = true,
                        'i' => g.icase = true,
                        'c' => g.count = true,
                        'q' => g.quiet = true,
                        'n' => g.number = true,
                        'F' => g.fixed = true,
                        'E' => g.extended = true,
                        _ => {}
                    }
                }
            } else if pattern.is_none() {
                pattern = Some(a.clone());
            } else {
                g.files.push(a.clone());
            }
        }
        g.pattern = pattern?;
        Some(g)
    }

    fn set_context(&mut self, which: char, n: &str) -> Option<()> {
        let n: usize = n.parse().ok()?;
        if which != 'B' {
            self.after = n;
        }
        if which != 'A' {
            self.before = n;
        }
        Some(())
    }

    /// Filters `text`: what grep prints, and whether any line matched.
    pub fn run(&self, text: &str) -> (String, bool) {
        let norm = |s: &str| {
            if self.icase {
                s.to_lowercase()
            } else {
                s.to_string()
            }
        };
        let pat = norm(&self.pattern);
        // Alternation: `a|b` in extended syntax, `a\|b` in GNU basic syntax.
        let alternatives: Vec<Vec<char>> = if self.fixed {
            vec![]
        } else if self.extended {
            pat.split('|').map(|p| p.chars().collect()).collect()
        } else {
            pat.split("\\|").map(|p| p.chars().collect()).collect()
        };
        let lines: Vec<&str> = text.lines().collect();
        let selected: Vec<bool> = lines
            .iter()
            .map(|line| {
                let l = norm(line);
                let m = if self.fixed {
                    l.contains(&pat)
                } else {
                    let chars: Vec<char> = l.chars().collect();
                    alternatives.iter().any(|re| re_match(re, &chars))
                };
                m != self.invert
            })
            .collect();
        let hits = selected.iter().filter(|s| **s).count();
        let mut out = String::new();
        if !self.count && !self.quiet {
            // GNU grep: context lines are numbered `N-`, selected ones `N:`, and a `--` line
            // separates groups that do not touch.
            let mut last_printed: Option<usize> = None;
            let mut after_left = 0;
            for (i, line) in lines.iter().enumerate() {
                let in_before = (i + 1..=(i + self.before).min(lines.len().saturating_sub(1)))
                    .any(|j| selected[j]);
                let (print, sep) = if selected[i] {
                    after_left = self.after;
                    (true, ':')
                } else if after_left > 0 {
                    after_left -= 1;
                    (true, '-')
                } else {
                    (in_before, '-')
                };
                if !print {
                    continue;
                }
                let context = self.after > 0 || self.before > 0;
                if context && last_printed.is_some_and(|l| l + 1 < i) {
                    out.push_str("--\n");
                }
                last_printed = Some(i);
                if self.number {
                    out.push_str(&format!("{}{sep}{line}\n", i + 1));
                } else {
                    out.push_str(&format!("{line}\n"));
                }
            }
        }
        if self.count && !self.quiet {
            out.push_str(&format!("{hits}\n"));
        }
        (out, hits > 0)
    }
}

/// A small regular-expression matcher (`^`, `$`, `.`, `*`), as in grep's basic syntax for the
/// patterns lessons use.
pub fn re_match(re: &[char], text: &[char]) -> bool {
    if let Some(('^', rest)) = re.split_first() {
        return re_here(rest, text);
    }
    let mut t = text;
    loop {
        if re_here(re, t) {
            return true;
        }
        match t.split_first() {
            Some((_, rest)) => t = rest,
            None => return false,
        }
    }
}

fn re_here(re: &[char], text: &[char]) -> bool {
    match re {
        [] => true,
        [c, '*', rest @ ..] => {
            let mut t = text;
            loop {
                if re_here(rest, t) {
                    return true;
                }
                match t.split_first() {
                    Some((tc, tr)) if *c == '.' || tc == c => t = tr,
                    _ => return false,
                }
            }
        }
        ['$'] => text.is_empty(),
        [c, rest @ ..] => match text.split_first() {
            Some((tc, tr)) if *c == '.' || tc == c => re_here(rest, tr),
            _ => false,
        },
    }
}

/// `head`/`tail [-n N | -N | -n +N]`, parsed.
#[derive(Clone, Debug, PartialEq)]
pub struct HeadTail {
    head: bool,
    n: usize,
    /// `tail -n +N`: from line N on.
    from_start: bool,
    /// The files to read (empty: standard input).
    pub files: Vec<String>,
}

impl HeadTail {
    /// Reads the flags of `head` (when `prog` is "head") or `tail`.
    pub fn parse(prog: &str, args: &[String]) -> HeadTail {
        let mut h = HeadTail {
            head: prog == "head",
            n: 10,
            from_start: false,
            files: vec![],
        };
        let set = |h: &mut HeadTail, v: &str| {
            h.from_start = v.starts_with('+');
            h.n = v.trim_start_matches('+').parse().unwrap_or(10);
        };
        let mut it = args.iter();
        while let Some(a) = it.next() {
            if a == "-n" {
                if let Some(v) = it.next() {
                    set(&mut h, v);
                }
            } else if let Some(v) = a.strip_prefix("-n") {
                set(&mut h, v);
            } else if let Some(v) = a
                .strip_prefix('-')
                .filter(|v| v.chars().all(|c| c.is_ascii_digit()) && !v.is_empty())
            {
                set(&mut h, v);
            } else if a == "-f" {
                // Following a file would never end; print what is there.
            } else {
                h.files.push(a.clone());
            }
        }
        h
    }

    /// The lines kept.
    pub fn run(&self, text: &str) -> String {
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let pick: &[&str] = if self.head {
            &lines[..self.n.min(lines.len())]
        } else if self.from_start {
            &lines[self.n.saturating_sub(1).min(lines.len())..]
        } else {
            &lines[lines.len().saturating_sub(self.n)..]
        };
        pick.concat()
    }
}

/// `wc [-lwcm]`, parsed.
#[derive(Clone, Debug, PartialEq)]
pub struct Wc {
    flags: String,
    /// The files to read (empty: standard input).
    pub files: Vec<String>,
}

impl Wc {
    /// Reads wc's flags.
    pub fn parse(args: &[String]) -> Wc {
        Wc {
            flags: args
                .iter()
                .filter(|a| a.starts_with('-'))
                .map(|a| a.trim_start_matches('-'))
                .collect(),
            files: args
                .iter()
                .filter(|a| !a.starts_with('-'))
                .cloned()
                .collect(),
        }
    }

    /// The counts line for `text`.
    pub fn run(&self, text: &str) -> String {
        let l = text.matches('\n').count();
        let w = text.split_whitespace().count();
        let c = text.len();
        let mut cols = Vec::new();
        if self.flags.is_empty() {
            cols = vec![l, w, c];
        } else {
            if self.flags.contains('l') {
                cols.push(l);
            }
            if self.flags.contains('w') {
                cols.push(w);
            }
            if self.flags.contains('c') || self.flags.contains('m') {
                cols.push(c);
            }
        }
        let mut s = if cols.len() == 1 && self.files.is_empty() {
            cols[0].to_string()
        } else {
            cols.iter()
                .map(|n| format!("{n:>7}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        if let Some(f) = self.files.first() {
            s = format!("{s} {f}");
        }
        s.push('\n');
        s
    }
}

/// What a filter printed on its standard output and error, and its exit code.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filtered {
    /// Standard output.
    pub out: String,
    /// Standard error.
    pub err: String,
    /// Exit code.
    pub code: i32,
}

/// The filters the learner's own shell offers after a `|`.
pub const HOST_FILTERS: &[&str] = &["grep", "head", "tail", "wc"];

/// Runs a filter of the learner's shell over `input` (kubectl's output). File arguments are
/// refused: the simulated machine has only the program's manifests, not a shell's files.
pub fn host_filter(prog: &str, args: &[String], input: &str) -> Filtered {
    let files = |f: &[String]| -> Option<Filtered> {
        f.first().map(|name| Filtered {
            err: format!("{prog}: {name}: only kubectl's output can be filtered here\n"),
            code: 2,
            ..Filtered::default()
        })
    };
    match prog {
        "grep" => match Grep::parse(args) {
            None => Filtered {
                err: GREP_USAGE.into(),
                code: 2,
                ..Filtered::default()
            },
            Some(g) => files(&g.files).unwrap_or_else(|| {
                let (out, hit) = g.run(input);
                Filtered {
                    out,
                    err: String::new(),
                    code: i32::from(!hit),
                }
            }),
        },
        "head" | "tail" => {
            let h = HeadTail::parse(prog, args);
            files(&h.files).unwrap_or_else(|| Filtered {
                out: h.run(input),
                ..Filtered::default()
            })
        }
        "wc" => {
            let w = Wc::parse(args);
            files(&w.files).unwrap_or_else(|| Filtered {
                out: w.run(input),
                ..Filtered::default()
            })
        }
        other => Filtered {
            err: format!(
                "{other}: not available here: pipe kubectl's output into {}\n",
                HOST_FILTERS.join(", ")
            ),
            code: 127,
            ..Filtered::default()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    const PODS: &str = "NAME    READY   STATUS    RESTARTS   AGE\n\
                        web-0   1/1     Running   0          1m\n\
                        web-1   1/1     Running   0          1m\n\
                        db-0    0/1     Pending   0          5s\n";

    #[test]
    fn grep_keeps_matching_lines_and_says_whether_any_matched() {
        let g = Grep::parse(&w("web")).unwrap();
        let (out, hit) = g.run(PODS);
        assert_eq!(out.lines().count(), 2);
        assert!(hit);
        let (out, hit) = Grep::parse(&w("-c nothing")).unwrap().run(PODS);
        assert_eq!((out.as_str(), hit), ("0\n", false));
        let (out, _) = Grep::parse(&w("-v -i running")).unwrap().run(PODS);
        assert_eq!(out.lines().count(), 2, "{out}");
        assert!(Grep::parse(&w("-i")).is_none());
    }

    // Expected outputs are GNU grep 3.8's on the same input.
    #[test]
    fn grep_context_lines_as_gnu_grep_prints_them() {
        let text = "a\nMounts:\n  m1\n  m2\nx\ny\nz\nVolumes:\n  v1\nq\n";
        let run = |args: &[&str]| {
            let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
            Grep::parse(&args).unwrap().run(text).0
        };
        assert_eq!(run(&["-A2", "Mounts"]), "Mounts:\n  m1\n  m2\n");
        assert_eq!(
            run(&["-nA1", "-E", "Mounts|Volumes"]),
            "2:Mounts:\n3-  m1\n--\n8:Volumes:\n9-  v1\n"
        );
        assert_eq!(run(&["-B1", "-n", "m2"]), "3-  m1\n4:  m2\n");
        assert_eq!(run(&["-C", "1", "x"]), "  m2\nx\ny\n");
        assert_eq!(run(&["--context=1", "q"]), "  v1\nq\n");
        assert_eq!(run(&["-A1", "-E", "m1|m2"]), "  m1\n  m2\nx\n");
        // `grep: x: invalid context length argument` (exit 2) there; the usage here.
        assert!(Grep::parse(&w("-A x y")).is_none());
        assert!(Grep::parse(&w("-A")).is_none());
    }

    #[test]
    fn grep_alternation_extended_and_basic() {
        let (out, _) = Grep::parse(&w("-E web-0|db")).unwrap().run(PODS);
        assert_eq!(out.lines().count(), 2, "{out}");
        let (out, _) = Grep::parse(&["web-1\\|db".to_string()]).unwrap().run(PODS);
        assert_eq!(out.lines().count(), 2, "{out}");
        let (out, _) = Grep::parse(&w("^web.*Running$"))
            .unwrap()
            .run("web-0 Running\n");
        assert_eq!(out, "web-0 Running\n");
    }

    #[test]
    fn head_tail_and_wc() {
        assert_eq!(
            HeadTail::parse("head", &w("-n 1"))
                .run(PODS)
                .lines()
                .count(),
            1
        );
        assert_eq!(
            HeadTail::parse("tail", &w("-2")).run(PODS),
            "web-1   1/1     Running   0          1m\ndb-0    0/1     Pending   0          5s\n"
        );
        // `tail -n +2` drops the header, a common kubectl idiom.
        assert!(
            !HeadTail::parse("tail", &w("-n +2"))
                .run(PODS)
                .contains("NAME")
        );
        assert_eq!(
            HeadTail::parse("tail", &w("-n +2"))
                .run(PODS)
                .lines()
                .count(),
            3
        );
        assert_eq!(Wc::parse(&w("-l")).run(PODS), "4\n");
    }

    #[test]
    fn the_host_shell_filters_only_text_and_names_what_it_lacks() {
        let f = host_filter("grep", &w("Pending"), PODS);
        assert_eq!((f.out.lines().count(), f.code), (1, 0));
        assert_eq!(host_filter("grep", &w("Nope"), PODS).code, 1);
        let f = host_filter("sort", &[], PODS);
        assert_eq!(f.code, 127);
        assert!(f.err.contains("grep, head, tail, wc"), "{}", f.err);
        assert_eq!(host_filter("grep", &w("x pods.txt"), PODS).code, 2);
    }
}
