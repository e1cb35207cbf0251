//! A small POSIX-like shell that runs inside a simulated container, for `kubectl exec` and
//! `kubectl run -- CMD`: enough of `sh -c '...'` for lessons to *show* a pod's identity, DNS
//! and storage.
//!
//! Supported: `;`, `&&`, `||`, `!`, pipelines, newlines, `# comments`, single and double quotes,
//! backslash escapes, `$VAR`, `${VAR}`, `$?`, `$$`, `$#`, `$0..$9`, `$(...)` and backquotes,
//! `NAME=value` assignments (also as a command prefix), redirections `>`, `>>`, `<`, `2>`,
//! `2>>`, `2>&1`, `>&2`, `{ ...; }`, `( ... )`, `if/elif/else/fi`, `for NAME in ...; do ...; done`,
//! `while`/`until` loops. No globbing, arithmetic, functions, here-documents or job control.
//!
//! The programs (`sim/shell_tools.rs`) are what the container's image has (`sim/images.rs`): a
//! busybox image has `nslookup` and `wget`, an nginx (Debian) image has `curl` but no `ping`.
//!
//! Everything is bounded: at most [`MAX_STEPS`] commands per run (so `while true` ends) and
//! [`MAX_OUTPUT`] bytes of output. Exec runs in an instant of virtual time: `sleep` returns at once.

use crate::sim::cluster::Cluster;
use crate::sim::container::{self, ContainerCtx, Entry, WriteError};
use crate::sim::shell_tools;
use std::collections::BTreeMap;

/// Most commands one run may execute.
pub const MAX_STEPS: usize = 10_000;
/// Most bytes of output one run may produce.
pub const MAX_OUTPUT: usize = 256 * 1024;

/// Which stream text went to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fd {
    /// Standard output.
    Out,
    /// Standard error.
    Err,
}

/// What a run printed, in order, and its exit status.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunResult {
    /// Output chunks in the order written.
    pub chunks: Vec<(Fd, String)>,
    /// Exit status.
    pub code: i32,
}

impl RunResult {
    /// Standard output only.
    pub fn stdout(&self) -> String {
        self.filter(Fd::Out)
    }

    /// Standard error only.
    pub fn stderr(&self) -> String {
        self.filter(Fd::Err)
    }

    fn filter(&self, fd: Fd) -> String {
        self.chunks
            .iter()
            .filter(|(f, _)| *f == fd)
            .map(|(_, s)| s.as_str())
            .collect()
    }
}

// ---------------------------------------------------------------------------------------------
// Lexer

#[derive(Clone, Debug, PartialEq)]
enum Seg {
    Lit(String, bool),
    Var(String, bool),
    Cmd(String, bool),
}

/// A shell word before expansion.
#[derive(Clone, Debug, PartialEq, Default)]
struct Word(Vec<Seg>);

impl Word {
    fn plain(&self) -> Option<String> {
        let mut s = String::new();
        for seg in &self.0 {
            match seg {
                Seg::Lit(l, false) => s.push_str(l),
                _ => return None,
            }
        }
        Some(s)
    }

    fn is_kw(&self, kw: &str) -> bool {
        self.plain().as_deref() == Some(kw)
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Word(Word),
    Op(&'static str),
}

/// A syntax error, worded by the caller per shell flavour.
#[derive(Clone, Debug, PartialEq)]
enum Syntax {
    Unterminated,
    Unexpected(String),
}

const OPS: &[&str] = &[
    "2>&1", ">&2", "2>>", "&&", "||", ">>", "2>", ";;", ";", "|", "&", ">", "<", "(", ")", "\n",
];

fn read_until_paren(chars: &[char], mut i: usize) -> Result<(String, usize), Syntax> {
    // `chars[i]` is just after `$(`; find the matching `)` honouring quotes and nesting.
    let mut depth = 1;
    let mut s = String::new();
    let mut quote: Option<char> = None;
    while i < chars.len() {
        let ch = chars[i];
        match quote {
            Some(q) if ch == q => quote = None,
            Some(_) => {}
            None => match ch {
                '\'' | '"' => quote = Some(ch),
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok((s, i + 1));
                    }
                }
                _ => {}
            },
        }
        s.push(ch);
        i += 1;
    }
    Err(Syntax::Unterminated)
}

fn read_dollar(
    chars: &[char],
    i: usize,
    quoted: bool,
    segs: &mut Vec<Seg>,
) -> Result<usize, Syntax> {
    // `chars[i]` is `$`.
    let next = chars.get(i + 1).copied();
    match next {
        Some('(') => {
            let (inner, end) = read_until_paren(chars, i + 2)?;
            segs.push(Seg::Cmd(inner, quoted));
            Ok(end)
        }
        Some('{') => {
            let mut j = i + 2;
            let mut name = String::new();
            while j < chars.len() && chars[j] != '}' {
                name.push(chars[j]);
                j += 1;
            }
            if j >= chars.len() {
                return Err(Syntax::Unterminated);
            }
            segs.push(Seg::Var(name, quoted));
            Ok(j + 1)
        }
        Some(c) if c == '?' || c == '$' || c == '#' || c.is_ascii_digit() => {
            segs.push(Seg::Var(c.to_string(), quoted));
            Ok(i + 2)
        }
        Some(c) if c == '_' || c.is_ascii_alphabetic() => {
            let mut j = i + 1;
            let mut name = String::new();
            while j < chars.len() && (chars[j] == '_' || chars[j].is_ascii_alphanumeric()) {
                name.push(chars[j]);
                j += 1;
            }
            segs.push(Seg::Var(name, quoted));
            Ok(j)
        }
        _ => {
            segs.push(Seg::Lit("$".into(), quoted));
            Ok(i + 1)
        }
    }
}

fn push_lit(segs: &mut Vec<Seg>, ch: char, quoted: bool) {
    if let Some(Seg::Lit(s, q)) = segs.last_mut()
        && *q == quoted
    {
        s.push(ch);
        return;
    }
    segs.push(Seg::Lit(ch.to_string(), quoted));
}

fn lex(src: &str) -> Result<Vec<Tok>, Syntax> {
    let chars: Vec<char> = src.chars().collect();
    let mut toks = Vec::new();
    let mut segs: Vec<Seg> = Vec::new();
    let mut in_word = false;
    let mut i = 0;
    let flush = |toks: &mut Vec<Tok>, segs: &mut Vec<Seg>, in_word: &mut bool| {
        if *in_word {
            toks.push(Tok::Word(Word(std::mem::take(segs))));
            *in_word = false;
        }
    };
    while i < chars.len() {
        let ch = chars[i];
        match ch {
            ' ' | '\t' | '\r' => {
                flush(&mut toks, &mut segs, &mut in_word);
                i += 1;
            }
            '#' if !in_word => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '\\' => {
                in_word = true;
                match chars.get(i + 1) {
                    Some('\n') => {}
                    Some(&n) => push_lit(&mut segs, n, true),
                    None => push_lit(&mut segs, '\\', false),
                }
                i += 2;
            }
            '\'' => {
                in_word = true;
                let mut j = i + 1;
                let mut s = String::new();
                while j < chars.len() && chars[j] != '\'' {
                    s.push(chars[j]);
                    j += 1;
                }
                if j >= chars.len() {
                    return Err(Syntax::Unterminated);
                }
                segs.push(Seg::Lit(s, true));
                i = j + 1;
            }
            '"' => {
                in_word = true;
                // An empty "" still makes a (quoted, empty) word.
                segs.push(Seg::Lit(String::new(), true));
                let mut j = i + 1;
                loop {
                    let Some(&c) = chars.get(j) else {
                        return Err(Syntax::Unterminated);
                    };
                    match c {
                        '"' => {
                            j += 1;
                            break;
                        }
                        '\\' => {
                            match chars.get(j + 1) {
                                Some(&n) if matches!(n, '$' | '`' | '"' | '\\') => {
                                    push_lit(&mut segs, n, true)
                                }
                                Some('\n') => {}
                                Some(&n) => {
                                    push_lit(&mut segs, '\\', true);
                                    push_lit(&mut segs, n, true);
                                }
                                None => return Err(Syntax::Unterminated),
                            }
                            j += 2;
                        }
                        '$' => j = read_dollar(&chars, j, true, &mut segs)?,
                        '`' => {
                            let mut k = j + 1;
                            let mut s = String::new();
                            while k < chars.len() && chars[k] != '`' {
                                s.push(chars[k]);
                                k += 1;
                            }
                            if k >= chars.len() {
                                return Err(Syntax::Unterminated);
                            }
                            segs.push(Seg::Cmd(s, true));
                            j = k + 1;
                        }
                        c => {
                            push_lit(&mut segs, c, true);
                            j += 1;
                        }
                    }
                }
                i = j;
            }
            '$' => {
                in_word = true;
                i = read_dollar(&chars, i, false, &mut segs)?;
            }
            '`' => {
                in_word = true;
                let mut k = i + 1;
                let mut s = String::new();
                while k < chars.len() && chars[k] != '`' {
                    s.push(chars[k]);
                    k += 1;
                }
                if k >= chars.len() {
                    return Err(Syntax::Unterminated);
                }
                segs.push(Seg::Cmd(s, false));
                i = k + 1;
            }
            _ => {
                let rest: String = chars[i..chars.len().min(i + 4)].iter().collect();
                // `2>` only when "2" starts a word.
                let op = OPS
                    .iter()
                    .find(|op| rest.starts_with(**op) && (!op.starts_with('2') || !in_word));
                match op {
                    Some(op) => {
                        flush(&mut toks, &mut segs, &mut in_word);
                        toks.push(Tok::Op(op));
                        i += op.chars().count();
                    }
                    None => {
                        in_word = true;
                        push_lit(&mut segs, ch, false);
                        i += 1;
                    }
                }
            }
        }
    }
    flush(&mut toks, &mut segs, &mut in_word);
    Ok(toks)
}

// ---------------------------------------------------------------------------------------------
// Parser

#[derive(Clone, Debug, PartialEq)]
enum RedirOp {
    Out,
    Append,
    In,
    ErrOut,
    ErrAppend,
    ErrToOut,
    OutToErr,
}

#[derive(Clone, Debug, PartialEq)]
struct Redir {
    op: RedirOp,
    target: Word,
}

#[derive(Clone, Debug, PartialEq)]
enum Node {
    Simple {
        assigns: Vec<(String, Word)>,
        words: Vec<Word>,
        redirs: Vec<Redir>,
    },
    Pipeline(Vec<Node>, bool),
    AndOr(Box<Node>, Vec<(bool, Node)>),
    List(Vec<Node>),
    If(Vec<(Node, Node)>, Option<Box<Node>>),
    For(String, Vec<Word>, Box<Node>),
    While(Box<Node>, Box<Node>, bool),
    Group(Box<Node>, Vec<Redir>),
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
}

const TERMINATORS: &[&str] = &["then", "else", "elif", "fi", "do", "done", "}"];

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn peek_kw(&self, kw: &str) -> bool {
        matches!(self.peek(), Some(Tok::Word(w)) if w.is_kw(kw))
    }

    fn peek_op(&self, op: &str) -> bool {
        matches!(self.peek(), Some(Tok::Op(o)) if *o == op)
    }

    fn unexpected(&self) -> Syntax {
        match self.peek() {
            Some(Tok::Word(w)) => Syntax::Unexpected(w.plain().unwrap_or_default()),
            Some(Tok::Op("\n")) => Syntax::Unexpected("newline".into()),
            Some(Tok::Op(o)) => Syntax::Unexpected((*o).to_string()),
            None => Syntax::Unexpected("end of file".into()),
        }
    }

    fn skip_newlines(&mut self) {
        while self.peek_op("\n") {
            self.pos += 1;
        }
    }

    fn expect_kw(&mut self, kw: &str) -> Result<(), Syntax> {
        self.skip_newlines();
        if self.peek_kw(kw) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    fn at_list_end(&self) -> bool {
        match self.peek() {
            None => true,
            Some(Tok::Op(")")) => true,
            Some(Tok::Word(w)) => TERMINATORS.iter().any(|t| w.is_kw(t)),
            _ => false,
        }
    }

    fn list(&mut self) -> Result<Node, Syntax> {
        let mut items = Vec::new();
        loop {
            self.skip_newlines();
            if self.at_list_end() {
                break;
            }
            items.push(self.and_or()?);
            match self.peek() {
                Some(Tok::Op(";" | "\n" | "&")) => self.pos += 1,
                _ => break,
            }
        }
        Ok(Node::List(items))
    }

    fn and_or(&mut self) -> Result<Node, Syntax> {
        let first = self.pipeline()?;
        let mut rest = Vec::new();
        loop {
            let and = match self.peek() {
                Some(Tok::Op("&&")) => true,
                Some(Tok::Op("||")) => false,
                _ => break,
            };
            self.pos += 1;
            self.skip_newlines();
            rest.push((and, self.pipeline()?));
        }
        Ok(if rest.is_empty() {
            first
        } else {
            Node::AndOr(Box::new(first), rest)
        })
    }

    fn pipeline(&mut self) -> Result<Node, Syntax> {
        let neg = self.peek_kw("!");
        if neg {
            self.pos += 1;
        }
        let mut cmds = vec![self.command()?];
        while self.peek_op("|") {
            self.pos += 1;
            self.skip_newlines();
            cmds.push(self.command()?);
        }
        Ok(if cmds.len() == 1 && !neg {
            cmds.remove(0)
        } else {
            Node::Pipeline(cmds, neg)
        })
    }

    fn redirs(&mut self) -> Result<Vec<Redir>, Syntax> {
        let mut v = Vec::new();
        while let Some(r) = self.redir()? {
            v.push(r);
        }
        Ok(v)
    }

    fn redir(&mut self) -> Result<Option<Redir>, Syntax> {
        let op = match self.peek() {
            Some(Tok::Op(">")) => RedirOp::Out,
            Some(Tok::Op(">>")) => RedirOp::Append,
            Some(Tok::Op("<")) => RedirOp::In,
            Some(Tok::Op("2>")) => RedirOp::ErrOut,
            Some(Tok::Op("2>>")) => RedirOp::ErrAppend,
            Some(Tok::Op("2>&1")) => {
                self.pos += 1;
                return Ok(Some(Redir {
                    op: RedirOp::ErrToOut,
                    target: Word::default(),
                }));
            }
            Some(Tok::Op(">&2")) => {
                self.pos += 1;
                return Ok(Some(Redir {
                    op: RedirOp::OutToErr,
                    target: Word::default(),
                }));
            }
            _ => return Ok(None),
        };
        self.pos += 1;
        match self.toks.get(self.pos).cloned() {
            Some(Tok::Word(w)) => {
                self.pos += 1;
                Ok(Some(Redir { op, target: w }))
            }
            _ => Err(self.unexpected()),
        }
    }

    fn command(&mut self) -> Result<Node, Syntax> {
        if self.peek_kw("if") {
            self.pos += 1;
            let mut branches = Vec::new();
            let cond = self.list()?;
            self.expect_kw("then")?;
            let body = self.list()?;
            branches.push((cond, body));
            let mut else_ = None;
            loop {
                self.skip_newlines();
                if self.peek_kw("elif") {
                    self.pos += 1;
                    let cond = self.list()?;
                    self.expect_kw("then")?;
                    branches.push((cond, self.list()?));
                } else if self.peek_kw("else") {
                    self.pos += 1;
                    else_ = Some(Box::new(self.list()?));
                } else {
                    break;
                }
            }
            self.expect_kw("fi")?;
            let _ = self.redirs()?;
            return Ok(Node::If(branches, else_));
        }
        if self.peek_kw("for") {
            self.pos += 1;
            let var = match self.toks.get(self.pos) {
                Some(Tok::Word(w)) => w.plain().ok_or_else(|| self.unexpected())?,
                _ => return Err(self.unexpected()),
            };
            self.pos += 1;
            self.skip_newlines();
            let mut items = Vec::new();
            if self.peek_kw("in") {
                self.pos += 1;
                while let Some(Tok::Word(w)) = self.peek() {
                    if w.is_kw("do") {
                        break;
                    }
                    items.push(w.clone());
                    self.pos += 1;
                }
            }
            if matches!(self.peek(), Some(Tok::Op(";" | "\n"))) {
                self.pos += 1;
            }
            self.expect_kw("do")?;
            let body = self.list()?;
            self.expect_kw("done")?;
            return Ok(Node::For(var, items, Box::new(body)));
        }
        if self.peek_kw("while") || self.peek_kw("until") {
            let until = self.peek_kw("until");
            self.pos += 1;
            let cond = self.list()?;
            self.expect_kw("do")?;
            let body = self.list()?;
            self.expect_kw("done")?;
            return Ok(Node::While(Box::new(cond), Box::new(body), until));
        }
        if self.peek_kw("{") {
            self.pos += 1;
            let body = self.list()?;
            self.expect_kw("}")?;
            let r = self.redirs()?;
            return Ok(Node::Group(Box::new(body), r));
        }
        if self.peek_op("(") {
            self.pos += 1;
            let body = self.list()?;
            if !self.peek_op(")") {
                return Err(self.unexpected());
            }
            self.pos += 1;
            let r = self.redirs()?;
            return Ok(Node::Group(Box::new(body), r));
        }
        let mut assigns = Vec::new();
        let mut words = Vec::new();
        let mut redirs = Vec::new();
        loop {
            if let Some(r) = self.redir()? {
                redirs.push(r);
                continue;
            }
            match self.peek() {
                Some(Tok::Word(w)) => {
                    if words.is_empty()
                        && let Some(Seg::Lit(first, false)) = w.0.first()
                        && let Some((name, val)) = first.split_once('=')
                        && !name.is_empty()
                        && name.chars().all(|c| c == '_' || c.is_ascii_alphanumeric())
                        && !name.starts_with(|c: char| c.is_ascii_digit())
                    {
                        let mut segs = w.0.clone();
                        segs[0] = Seg::Lit(val.to_string(), false);
                        assigns.push((name.to_string(), Word(segs)));
                    } else {
                        words.push(w.clone());
                    }
                    self.pos += 1;
                }
                _ => break,
            }
        }
        if assigns.is_empty() && words.is_empty() && redirs.is_empty() {
            return Err(self.unexpected());
        }
        Ok(Node::Simple {
            assigns,
            words,
            redirs,
        })
    }
}

fn parse(src: &str) -> Result<Node, Syntax> {
    let toks = lex(src)?;
    let mut p = Parser { toks, pos: 0 };
    let n = p.list()?;
    if p.pos < p.toks.len() {
        return Err(p.unexpected());
    }
    Ok(n)
}

// ---------------------------------------------------------------------------------------------
// Interpreter

enum ErrTo {
    Stdout,
    Null,
    Buf(String),
}

/// The interpreter state for one exec.
pub struct Sh<'a> {
    /// The cluster (files, DNS, network).
    pub c: &'a mut Cluster,
    /// The container it runs in.
    pub ctx: ContainerCtx,
    vars: BTreeMap<String, String>,
    exported: Vec<String>,
    /// Current directory.
    pub cwd: String,
    args: Vec<String>,
    last: i32,
    steps: usize,
    out: Vec<(Fd, String)>,
    written: usize,
    caps: Vec<String>,
    errs: Vec<ErrTo>,
    exiting: Option<i32>,
    /// The pid `$$` and `ps` report for this shell.
    pub pid: u32,
}

impl<'a> Sh<'a> {
    /// A shell in `ctx` with the container's environment.
    pub fn new(c: &'a mut Cluster, ctx: ContainerCtx) -> Sh<'a> {
        container::collect_garbage(c);
        let vars: BTreeMap<String, String> = ctx.env.iter().cloned().collect();
        let exported = ctx.env.iter().map(|(k, _)| k.clone()).collect();
        let cwd = ctx.workdir.clone();
        Sh {
            c,
            ctx,
            vars,
            exported,
            cwd,
            args: vec!["sh".into()],
            last: 0,
            steps: 0,
            out: Vec::new(),
            written: 0,
            caps: Vec::new(),
            errs: Vec::new(),
            exiting: None,
            pid: 7,
        }
    }

    /// Whether this shell speaks busybox ash (else dash).
    pub fn busybox(&self) -> bool {
        self.ctx.image_info().busybox()
    }

    /// Writes to standard output.
    pub fn print(&mut self, s: &str) {
        if let Some(top) = self.caps.last_mut() {
            if top.len() < MAX_OUTPUT {
                top.push_str(s);
            }
            return;
        }
        self.emit(Fd::Out, s);
    }

    /// Writes to standard error.
    pub fn eprint(&mut self, s: &str) {
        match self.errs.last_mut() {
            Some(ErrTo::Null) => {}
            Some(ErrTo::Buf(b)) => b.push_str(s),
            Some(ErrTo::Stdout) => {
                // Route through the stdout sink without the ErrTo frame.
                if let Some(top) = self.caps.last_mut() {
                    top.push_str(s);
                } else {
                    self.emit(Fd::Out, s);
                }
            }
            None => self.emit(Fd::Err, s),
        }
    }

    fn emit(&mut self, fd: Fd, s: &str) {
        if self.written >= MAX_OUTPUT {
            return;
        }
        let room = MAX_OUTPUT - self.written;
        let s = if s.len() > room {
            let mut end = room;
            while !s.is_char_boundary(end) {
                end -= 1;
            }
            &s[..end]
        } else {
            s
        };
        self.written += s.len();
        if let Some((f, last)) = self.out.last_mut()
            && *f == fd
        {
            last.push_str(s);
            return;
        }
        self.out.push((fd, s.to_string()));
    }

    /// The value of a variable.
    pub fn var(&self, name: &str) -> Option<String> {
        match name {
            "?" => Some(self.last.to_string()),
            "$" => Some(self.pid.to_string()),
            "#" => Some(self.args.len().saturating_sub(1).to_string()),
            n if n.chars().all(|c| c.is_ascii_digit()) => n
                .parse::<usize>()
                .ok()
                .and_then(|i| self.args.get(i).cloned()),
            n => self.vars.get(n).cloned(),
        }
    }

    /// The exported environment, in order.
    pub fn environ(&self) -> Vec<(String, String)> {
        self.exported
            .iter()
            .filter_map(|k| self.vars.get(k).map(|v| (k.clone(), v.clone())))
            .collect()
    }

    /// An absolute path for `p` from the current directory.
    pub fn path(&self, p: &str) -> String {
        container::normalize(&self.cwd, p)
    }

    /// The merged file system view.
    pub fn fs(&self) -> BTreeMap<String, Entry> {
        container::view(self.c, &self.ctx)
    }

    fn syntax_error(&mut self, e: Syntax) -> i32 {
        let msg = match (self.busybox(), e) {
            (true, Syntax::Unterminated) => "sh: syntax error: unterminated quoted string\n".into(),
            (true, Syntax::Unexpected(t)) => format!("sh: syntax error: unexpected \"{t}\"\n"),
            (false, Syntax::Unterminated) => {
                "sh: 1: Syntax error: Unterminated quoted string\n".into()
            }
            (false, Syntax::Unexpected(t)) => format!("sh: 1: Syntax error: \"{t}\" unexpected\n"),
        };
        self.eprint(&msg);
        2
    }

    /// Runs a script (`sh -c SCRIPT`) and returns its exit status.
    pub fn run_script(&mut self, script: &str) -> i32 {
        match parse(script) {
            Ok(node) => {
                let code = self.exec(&node);
                match self.exiting {
                    Some(c) => c,
                    None => code,
                }
            }
            Err(e) => self.syntax_error(e),
        }
    }

    /// Finishes: everything printed and the status.
    pub fn finish(self, code: i32) -> RunResult {
        RunResult {
            chunks: self.out,
            code,
        }
    }

    fn budget(&mut self) -> bool {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            if self.exiting.is_none() {
                self.eprint(&format!(
                    "sh: stopped after {MAX_STEPS} commands (kubetutor runs exec commands to completion at once; loops must end)\n"
                ));
                self.exiting = Some(124);
            }
            return false;
        }
        true
    }

    fn exec(&mut self, n: &Node) -> i32 {
        if self.exiting.is_some() {
            return self.exiting.unwrap_or(0);
        }
        let code = match n {
            Node::List(items) => {
                let mut code = self.last;
                for it in items {
                    code = self.exec(it);
                    if self.exiting.is_some() {
                        break;
                    }
                }
                code
            }
            Node::AndOr(first, rest) => {
                let mut code = self.exec(first);
                for (and, node) in rest {
                    if self.exiting.is_some() {
                        break;
                    }
                    if (*and && code == 0) || (!*and && code != 0) {
                        code = self.exec(node);
                    }
                }
                code
            }
            Node::Pipeline(cmds, neg) => {
                let mut input: Option<String> = None;
                let mut code = 0;
                for (i, cmd) in cmds.iter().enumerate() {
                    let last = i + 1 == cmds.len();
                    if !last {
                        self.caps.push(String::new());
                    }
                    code = self.exec_with_stdin(cmd, input.take());
                    if !last {
                        input = self.caps.pop();
                    }
                }
                if *neg { i32::from(code == 0) } else { code }
            }
            _ => self.exec_with_stdin(n, None),
        };
        self.last = code;
        code
    }

    fn exec_with_stdin(&mut self, n: &Node, stdin: Option<String>) -> i32 {
        if !self.budget() {
            return 124;
        }
        match n {
            Node::Simple {
                assigns,
                words,
                redirs,
            } => self.simple(assigns, words, redirs, stdin),
            Node::If(branches, else_) => {
                for (cond, body) in branches {
                    if self.exec(cond) == 0 {
                        return self.exec(body);
                    }
                    if self.exiting.is_some() {
                        return self.last;
                    }
                }
                match else_ {
                    Some(e) => self.exec(e),
                    None => 0,
                }
            }
            Node::For(var, items, body) => {
                let mut vals = Vec::new();
                for w in items {
                    vals.extend(self.expand(w));
                }
                let mut code = 0;
                for v in vals {
                    self.vars.insert(var.clone(), v);
                    code = self.exec(body);
                    if self.exiting.is_some() {
                        break;
                    }
                }
                code
            }
            Node::While(cond, body, until) => {
                let mut code = 0;
                loop {
                    let c = self.exec(cond);
                    if self.exiting.is_some() || ((c == 0) == *until) {
                        break;
                    }
                    code = self.exec(body);
                    if self.exiting.is_some() {
                        break;
                    }
                }
                code
            }
            Node::Group(body, redirs) => {
                let body = body.clone();
                self.with_redirs(redirs, stdin, move |sh, _| sh.exec(&body))
            }
            other => self.exec(other),
        }
    }

    fn expand_one(&mut self, w: &Word) -> String {
        self.expand_fields(w, false).join(" ")
    }

    /// Expands a word into fields (unquoted expansions split on whitespace).
    fn expand(&mut self, w: &Word) -> Vec<String> {
        self.expand_fields(w, true)
    }

    fn expand_fields(&mut self, w: &Word, split: bool) -> Vec<String> {
        let mut fields: Vec<String> = Vec::new();
        let mut cur = String::new();
        let mut have = false;
        for seg in &w.0 {
            let (text, quoted) = match seg {
                Seg::Lit(s, _) => {
                    cur.push_str(s);
                    have = true;
                    continue;
                }
                Seg::Var(name, q) => (self.var(name).unwrap_or_default(), *q),
                Seg::Cmd(script, q) => (self.substitute(script), *q),
            };
            if quoted || !split {
                cur.push_str(&text);
                have = true;
                continue;
            }
            for ch in text.chars() {
                if matches!(ch, ' ' | '\t' | '\n') {
                    if have {
                        fields.push(std::mem::take(&mut cur));
                        have = false;
                    }
                } else {
                    cur.push(ch);
                    have = true;
                }
            }
        }
        if have {
            fields.push(cur);
        }
        fields
    }

    fn substitute(&mut self, script: &str) -> String {
        let saved_vars = self.vars.clone();
        let saved_cwd = self.cwd.clone();
        self.caps.push(String::new());
        let code = self.run_script(script);
        let out = self.caps.pop().unwrap_or_default();
        self.vars = saved_vars;
        self.cwd = saved_cwd;
        if self.exiting.take().is_some() && self.steps > MAX_STEPS {
            self.exiting = Some(124);
        }
        self.last = code;
        out.trim_end_matches('\n').to_string()
    }

    fn simple(
        &mut self,
        assigns: &[(String, Word)],
        words: &[Word],
        redirs: &[Redir],
        stdin: Option<String>,
    ) -> i32 {
        let mut argv = Vec::new();
        for w in words {
            argv.extend(self.expand(w));
        }
        let values: Vec<(String, String)> = assigns
            .iter()
            .map(|(k, w)| (k.clone(), self.expand_one(w)))
            .collect();
        if argv.is_empty() {
            for (k, v) in values {
                self.vars.insert(k, v);
            }
            return self.with_redirs(redirs, stdin, |_, _| 0);
        }
        // `NAME=value cmd`: set for the command only.
        let saved: Vec<(String, Option<String>, bool)> = values
            .iter()
            .map(|(k, _)| {
                (
                    k.clone(),
                    self.vars.get(k).cloned(),
                    self.exported.contains(k),
                )
            })
            .collect();
        for (k, v) in &values {
            self.vars.insert(k.clone(), v.clone());
            if !self.exported.contains(k) {
                self.exported.push(k.clone());
            }
        }
        let code = self.with_redirs(redirs, stdin, |sh, input| sh.run_argv(&argv, input));
        for (k, old, was_exported) in saved {
            match old {
                Some(v) => {
                    self.vars.insert(k.clone(), v);
                }
                None => {
                    self.vars.remove(&k);
                }
            }
            if !was_exported {
                self.exported.retain(|e| *e != k);
            }
        }
        code
    }

    /// The error text for a write that failed, as the shell's redirection reports it.
    fn create_error(&self, path: &str, e: &WriteError) -> String {
        let why_bb = match e {
            WriteError::NoDir => "nonexistent directory",
            WriteError::IsDir => "Is a directory",
            WriteError::ReadOnly => "Read-only file system",
        };
        let why_dash = match e {
            WriteError::NoDir => "Directory nonexistent",
            WriteError::IsDir => "Is a directory",
            WriteError::ReadOnly => "Read-only file system",
        };
        if self.busybox() {
            format!("sh: can't create {path}: {why_bb}\n")
        } else {
            format!("sh: 1: cannot create {path}: {why_dash}\n")
        }
    }

    fn with_redirs(
        &mut self,
        redirs: &[Redir],
        stdin: Option<String>,
        f: impl FnOnce(&mut Sh<'a>, Option<String>) -> i32,
    ) -> i32 {
        let mut input = stdin;
        let mut out_file: Option<String> = None;
        let mut err_file: Option<String> = None;
        let mut err_dup = false;
        let mut out_to_err = false;
        for r in redirs {
            match r.op {
                RedirOp::ErrToOut => {
                    err_dup = true;
                    continue;
                }
                RedirOp::OutToErr => {
                    out_to_err = true;
                    continue;
                }
                _ => {}
            }
            let target = self.expand_one(&r.target);
            if target == "/dev/null" {
                match r.op {
                    RedirOp::Out | RedirOp::Append => out_file = Some(target),
                    RedirOp::ErrOut | RedirOp::ErrAppend => err_file = Some(target),
                    RedirOp::In => input = Some(String::new()),
                    _ => {}
                }
                continue;
            }
            let path = self.path(&target);
            match r.op {
                RedirOp::In => match self.fs().get(&path) {
                    Some(Entry::File(s)) => input = Some(s.clone()),
                    _ => {
                        let msg = if self.busybox() {
                            format!("sh: can't open '{target}': No such file or directory\n")
                        } else {
                            format!("sh: 1: cannot open {target}: No such file\n")
                        };
                        self.eprint(&msg);
                        return if self.busybox() { 1 } else { 2 };
                    }
                },
                RedirOp::Out | RedirOp::Append | RedirOp::ErrOut | RedirOp::ErrAppend => {
                    let append = matches!(r.op, RedirOp::Append | RedirOp::ErrAppend);
                    if let Err(e) = container::write_file(self.c, &self.ctx, &path, "", append) {
                        let msg = self.create_error(&target, &e);
                        self.eprint(&msg);
                        return if self.busybox() { 1 } else { 2 };
                    }
                    if matches!(r.op, RedirOp::Out | RedirOp::Append) {
                        out_file = Some(path);
                    } else {
                        err_file = Some(path);
                    }
                }
                _ => {}
            }
        }
        let cap_out = out_file.is_some();
        if cap_out {
            self.caps.push(String::new());
        }
        let err_frames = usize::from(err_file.is_some()) + usize::from(err_dup);
        if let Some(p) = &err_file {
            self.errs.push(if p == "/dev/null" {
                ErrTo::Null
            } else {
                ErrTo::Buf(String::new())
            });
        }
        if err_dup {
            // `2>&1` after `>file` sends stderr into the same file.
            self.errs.push(ErrTo::Stdout);
        }
        let code = if out_to_err {
            self.caps.push(String::new());
            let code = f(self, input);
            let s = self.caps.pop().unwrap_or_default();
            self.eprint(&s);
            code
        } else {
            f(self, input)
        };
        let mut err_buf = None;
        for _ in 0..err_frames {
            if let Some(ErrTo::Buf(b)) = self.errs.pop() {
                err_buf = Some(b);
            }
        }
        if let (Some(p), Some(b)) = (&err_file, err_buf)
            && p != "/dev/null"
        {
            let _ = container::write_file(self.c, &self.ctx, p, &b, true);
        }
        if cap_out {
            let s = self.caps.pop().unwrap_or_default();
            if let Some(p) = &out_file
                && p != "/dev/null"
            {
                let _ = container::write_file(self.c, &self.ctx, p, &s, true);
            }
        }
        code
    }

    /// Runs one command: builtins first, then the image's programs.
    pub fn run_argv(&mut self, argv: &[String], stdin: Option<String>) -> i32 {
        let Some(prog) = argv.first().cloned() else {
            return 0;
        };
        let args = &argv[1..];
        match prog.as_str() {
            ":" | "true" => return 0,
            "false" => return 1,
            "exit" => {
                let code = args
                    .first()
                    .and_then(|a| a.parse::<i32>().ok())
                    .map(|c| c & 0xff)
                    .unwrap_or(self.last);
                self.exiting = Some(code);
                return code;
            }
            "cd" => {
                let target = args
                    .first()
                    .cloned()
                    .or_else(|| self.var("HOME"))
                    .unwrap_or_else(|| "/".into());
                let p = self.path(&target);
                return match self.fs().get(&p) {
                    Some(Entry::Dir) => {
                        self.cwd = p;
                        0
                    }
                    _ => {
                        let msg = if self.busybox() {
                            format!("sh: cd: can't cd to {target}: No such file or directory\n")
                        } else {
                            format!("sh: 1: cd: can't cd to {target}\n")
                        };
                        self.eprint(&msg);
                        if self.busybox() { 1 } else { 2 }
                    }
                };
            }
            "export" => {
                for a in args {
                    let (k, v) = match a.split_once('=') {
                        Some((k, v)) => (k.to_string(), Some(v.to_string())),
                        None => (a.clone(), None),
                    };
                    if let Some(v) = v {
                        self.vars.insert(k.clone(), v);
                    }
                    if !self.exported.contains(&k) {
                        self.exported.push(k);
                    }
                }
                return 0;
            }
            "unset" => {
                for a in args {
                    self.vars.remove(a);
                    self.exported.retain(|e| e != a);
                }
                return 0;
            }
            "pwd" => {
                let cwd = self.cwd.clone();
                self.print(&format!("{cwd}\n"));
                return 0;
            }
            "echo" => return shell_tools::echo(self, args),
            "printf" => return shell_tools::printf(self, args),
            "test" => return shell_tools::test(self, args),
            "[" => {
                if args.last().map(String::as_str) != Some("]") {
                    self.eprint("sh: missing ]\n");
                    return 2;
                }
                return shell_tools::test(self, &args[..args.len() - 1]);
            }
            "set" => return 0,
            _ => {}
        }
        let info = self.ctx.image_info();
        if !info.has(&prog) {
            let msg = if self.busybox() {
                format!("sh: {prog}: not found\n")
            } else {
                format!("sh: 1: {prog}: not found\n")
            };
            self.eprint(&msg);
            return 127;
        }
        let base = prog.rsplit('/').next().unwrap_or(&prog).to_string();
        match base.as_str() {
            "sh" | "ash" | "bash" | "dash" => self.subshell(args, stdin),
            _ => shell_tools::run(self, &base, args, stdin),
        }
    }

    fn subshell(&mut self, args: &[String], stdin: Option<String>) -> i32 {
        let saved_vars = self.vars.clone();
        let saved_exported = self.exported.clone();
        let saved_cwd = self.cwd.clone();
        let saved_args = self.args.clone();
        let script = match args.iter().position(|a| a == "-c") {
            Some(i) => match args.get(i + 1) {
                Some(s) => {
                    let rest: Vec<String> = args[i + 2..].to_vec();
                    self.args = if rest.is_empty() {
                        vec!["sh".into()]
                    } else {
                        rest
                    };
                    s.clone()
                }
                None => {
                    let msg = if self.busybox() {
                        "sh: -c requires an argument\n"
                    } else {
                        "sh: 0: -c requires an argument\n"
                    };
                    self.eprint(msg);
                    return 2;
                }
            },
            None => stdin.unwrap_or_default(),
        };
        let code = self.run_script(&script);
        self.exiting = None;
        self.vars = saved_vars;
        self.exported = saved_exported;
        self.cwd = saved_cwd;
        self.args = saved_args;
        code
    }
}

/// Runs `argv` as the container's runtime would for `kubectl exec POD -- argv...`: a shell when
/// argv[0] is one, else the program directly. None when the image lacks the program (the caller
/// reports the OCI runtime's error).
pub fn exec_argv(c: &mut Cluster, ctx: ContainerCtx, argv: &[String]) -> Option<RunResult> {
    let prog = argv.first()?;
    let info = ctx.image_info();
    let builtin_bin = matches!(
        prog.as_str(),
        "true" | "false" | "echo" | "printf" | "test" | "[" | "pwd"
    );
    if !(info.has(prog) || (builtin_bin && info.userland != "none")) {
        return None;
    }
    let mut sh = Sh::new(c, ctx);
    let code = sh.run_argv(argv, None);
    let code = sh.exiting.unwrap_or(code);
    Some(sh.finish(code))
}

/// The shell the TUI's interactive `kubectl exec -it POD -- sh` runs one line at a time:
/// `(stdout, stderr, exit status)`. Err when the container cannot be entered.
pub fn exec_line(
    c: &mut Cluster,
    namespace: &str,
    pod: &str,
    container: Option<&str>,
    line: &str,
) -> Result<(String, String, i32), container::EnterError> {
    let ctx = container::enter(c, namespace, pod, container)?;
    let mut sh = Sh::new(c, ctx);
    let code = sh.run_script(line);
    let r = sh.finish(code);
    Ok((r.stdout(), r.stderr(), r.code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexes_quotes_and_expansions() {
        let toks = lex("echo 'a b' \"c $X ${Y}\" $(hostname) 2>&1 >> f").unwrap();
        assert_eq!(toks.len(), 7);
        assert_eq!(toks[4], Tok::Op("2>&1"));
        assert_eq!(toks[5], Tok::Op(">>"));
        assert_eq!(lex("echo 'open"), Err(Syntax::Unterminated));
        assert_eq!(lex("echo \"open"), Err(Syntax::Unterminated));
        assert_eq!(lex("echo $(open"), Err(Syntax::Unterminated));
    }

    #[test]
    fn parses_compound_commands() {
        assert!(parse("for i in 1 2; do echo $i; done").is_ok());
        assert!(parse("if true; then echo y; elif false; then :; else echo n; fi").is_ok());
        assert!(parse("while false; do :; done").is_ok());
        assert!(parse("{ echo a; echo b; } > f").is_ok());
        assert_eq!(parse("fi"), Err(Syntax::Unexpected("fi".into())));
        assert_eq!(
            parse("echo a |"),
            Err(Syntax::Unexpected("end of file".into()))
        );
    }

    fn cluster_with_box() -> Cluster {
        use crate::sim::cluster::ClusterConfig;
        let mut c = Cluster::new(&ClusterConfig::default());
        let argv: Vec<String> = [
            "run",
            "box",
            "--image=busybox",
            "--command",
            "--",
            "sleep",
            "3600",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let fs = crate::kubectl::manifest::RealFs {
            base: std::path::PathBuf::from("."),
        };
        let env = crate::kubectl::Env {
            fs: &fs,
            stdin: None,
        };
        let out = crate::kubectl::run(&mut c, &argv, &env);
        assert_eq!(out.code, 0, "{}", out.text());
        c.advance(jiff::SignedDuration::from_secs(20));
        c
    }

    fn sh(c: &mut Cluster, line: &str) -> (String, String, i32) {
        exec_line(c, "default", "box", None, line).expect("box runs")
    }

    #[test]
    fn runs_pipes_redirects_and_substitutions() {
        let mut c = cluster_with_box();
        assert_eq!(
            sh(&mut c, "echo $(hostname)-x"),
            ("box-x\n".into(), String::new(), 0)
        );
        assert_eq!(sh(&mut c, "printf 'a\\nb\\n' | grep b").0, "b\n");
        assert_eq!(
            sh(
                &mut c,
                "echo one > /tmp/f; echo two >> /tmp/f; cat /tmp/f | wc -l"
            )
            .0,
            "2\n"
        );
        assert_eq!(sh(&mut c, "cat /tmp/f | head -n 1").0, "one\n");
        assert_eq!(sh(&mut c, "cat < /tmp/f | tail -n 1").0, "two\n");
        assert_eq!(sh(&mut c, "ls /nope 2>/dev/null || echo gone").0, "gone\n");
        assert_eq!(sh(&mut c, "ls /nope 2>&1 | wc -l").0, "1\n");
        assert_eq!(
            sh(&mut c, "A=1; B=\"$A $A\"; echo \"[$B]\" '$B'").0,
            "[1 1] $B\n"
        );
        assert_eq!(
            sh(&mut c, "if [ -f /tmp/f ]; then echo yes; else echo no; fi").0,
            "yes\n"
        );
        assert_eq!(sh(&mut c, "echo `echo back`").0, "back\n");
        assert_eq!(sh(&mut c, "true && false; echo $?").0, "1\n");
    }

    #[test]
    fn reports_errors_like_busybox() {
        let mut c = cluster_with_box();
        assert_eq!(
            sh(&mut c, "nosuch"),
            (String::new(), "sh: nosuch: not found\n".into(), 127)
        );
        assert_eq!(sh(&mut c, "exit 4").2, 4);
        assert_eq!(sh(&mut c, "echo 'x").2, 2);
        assert_eq!(sh(&mut c, "fi").1, "sh: syntax error: unexpected \"fi\"\n");
        let (_, err, code) = sh(&mut c, "while :; do :; done");
        assert_eq!(code, 124);
        assert!(err.contains("stopped after"));
        assert!(exec_line(&mut c, "default", "nope", None, "true").is_err());
    }

    #[test]
    fn container_layer_is_per_container_instance() {
        let mut c = cluster_with_box();
        sh(&mut c, "echo keep > /root/x");
        assert_eq!(sh(&mut c, "cat /root/x").0, "keep\n");
        let fs = crate::kubectl::manifest::RealFs {
            base: std::path::PathBuf::from("."),
        };
        let env = crate::kubectl::Env {
            fs: &fs,
            stdin: None,
        };
        let argv: Vec<String> = ["delete", "pod", "box", "--grace-period=0", "--force"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        crate::kubectl::run(&mut c, &argv, &env);
        assert!(exec_line(&mut c, "default", "box", None, "true").is_err());
        assert!(
            c.runtime.container_layers.is_empty() || {
                crate::sim::container::collect_garbage(&mut c);
                c.runtime.container_layers.is_empty()
            }
        );
    }
}
