//! Loading lessons (shipped or from an author's directory) and validating them, with every
//! problem reported as `file:line: field: message`.

use super::check::{describe_query, kubectl_args};
use super::model::{Check, Comparison, Lesson, Matcher};
use super::{SHIPPED_ASSETS, SHIPPED_LESSONS};
use crate::kubectl::manifest::{FileSource, RealFs};
use crate::kubectl::{jsonpath, resources};
use crate::runner::{COMMANDS, parse_script, parse_sleep};
use crate::sim::labels::Selector;
use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// One problem in a lesson file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    /// The file.
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// The field, as a path (`steps[2].checks[0].kubectl`).
    pub field: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{l}: ", self.file)?,
            None => write!(f, "{}: ", self.file)?,
        }
        if !self.field.is_empty() {
            write!(f, "{}: ", self.field)?;
        }
        f.write_str(&self.message)
    }
}

/// Where lesson manifests are read from: the embedded assets, then directories on disk.
#[derive(Clone, Debug, Default)]
pub struct Assets {
    embedded: BTreeMap<String, String>,
    /// Directories tried, in order, for paths not embedded.
    pub roots: Vec<PathBuf>,
}

impl Assets {
    /// The shipped assets.
    pub fn shipped() -> Assets {
        Assets {
            embedded: SHIPPED_ASSETS
                .iter()
                .map(|(p, t)| (p.to_string(), t.to_string()))
                .collect(),
            roots: Vec::new(),
        }
    }

    /// Files under `roots` only.
    pub fn on_disk(roots: Vec<PathBuf>) -> Assets {
        Assets {
            embedded: BTreeMap::new(),
            roots,
        }
    }

    /// Whether `path` can be read.
    pub fn exists(&self, path: &str) -> bool {
        self.read(path).is_ok()
    }
}

impl FileSource for Assets {
    fn read(&self, path: &str) -> io::Result<String> {
        let key = path.trim_start_matches("./");
        if let Some(t) = self.embedded.get(key) {
            return Ok(t.clone());
        }
        for r in &self.roots {
            let fs = RealFs { base: r.clone() };
            match fs.read(path) {
                Ok(t) => return Ok(t),
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
        Err(io::Error::new(io::ErrorKind::NotFound, "no such file"))
    }

    fn list_dir(&self, path: &str) -> io::Result<Option<Vec<String>>> {
        let prefix = format!("{}/", path.trim_start_matches("./").trim_end_matches('/'));
        let mut found: Vec<String> = self
            .embedded
            .keys()
            .filter(|k| k.starts_with(&prefix) && !k[prefix.len()..].contains('/'))
            .cloned()
            .collect();
        if !found.is_empty() {
            found.sort();
            return Ok(Some(found));
        }
        for r in &self.roots {
            if let Some(v) = (RealFs { base: r.clone() }).list_dir(path)? {
                return Ok(Some(v));
            }
        }
        Ok(None)
    }
}

/// Where a loaded lesson came from.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    /// Compiled into the binary.
    Embedded(String),
    /// A file on disk and its modification time when read.
    File(PathBuf, Option<SystemTime>),
}

/// A lesson and where it came from.
#[derive(Clone, Debug)]
pub struct LoadedLesson {
    /// The lesson.
    pub lesson: Lesson,
    /// Its file.
    pub source: Source,
}

/// Every lesson available, with the assets they read and the problems found loading them.
#[derive(Clone, Debug)]
pub struct Library {
    /// Lessons that parsed, in file-name order.
    pub lessons: Vec<LoadedLesson>,
    /// Where their manifests come from.
    pub assets: Assets,
    /// Problems (a lesson with a parse error is left out; semantic problems keep it in).
    pub issues: Vec<Issue>,
}

/// What the lesson list shows.
#[derive(Clone, Debug, PartialEq)]
pub struct LessonInfo {
    /// Lesson id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
    /// Estimated minutes.
    pub minutes: u32,
    /// Number of steps.
    pub steps: usize,
}

impl Library {
    /// The lessons compiled into the binary.
    pub fn shipped() -> Library {
        let assets = Assets::shipped();
        let files: Vec<(String, String, Source)> = SHIPPED_LESSONS
            .iter()
            .map(|(p, t)| {
                (
                    p.to_string(),
                    t.to_string(),
                    Source::Embedded(p.to_string()),
                )
            })
            .collect();
        Library::build(files, assets)
    }

    /// The lessons in `dir` (`*.yaml`, `*.yml`); manifests resolve against `dir`, then its parent
    /// (so `lessons/` and `assets/` can sit side by side, as in the repository).
    pub fn load_dir(dir: &Path) -> Library {
        let mut roots = vec![dir.to_path_buf()];
        if let Some(parent) = dir.parent() {
            roots.push(if parent.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                parent.to_path_buf()
            });
        }
        let assets = Assets::on_disk(roots);
        let mut files = Vec::new();
        let mut issues = Vec::new();
        match std::fs::read_dir(dir) {
            Ok(rd) => {
                let mut paths: Vec<PathBuf> = rd
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| {
                        matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
                    })
                    .collect();
                paths.sort();
                for p in paths {
                    let name = p.display().to_string();
                    match std::fs::read_to_string(&p) {
                        Ok(t) => {
                            let mtime = std::fs::metadata(&p).and_then(|m| m.modified()).ok();
                            files.push((name, t, Source::File(p, mtime)));
                        }
                        Err(e) => issues.push(Issue {
                            file: name,
                            line: None,
                            field: String::new(),
                            message: format!("cannot read: {e}"),
                        }),
                    }
                }
            }
            Err(e) => issues.push(Issue {
                file: dir.display().to_string(),
                line: None,
                field: String::new(),
                message: format!("cannot read the lessons directory: {e}"),
            }),
        }
        let mut lib = Library::build(files, assets);
        issues.append(&mut lib.issues);
        lib.issues = issues;
        lib
    }

    fn build(files: Vec<(String, String, Source)>, assets: Assets) -> Library {
        let mut lessons: Vec<LoadedLesson> = Vec::new();
        let mut issues = Vec::new();
        let mut ids: BTreeMap<String, String> = BTreeMap::new();
        for (name, text, source) in files {
            match parse_lesson(&name, &text) {
                Ok(lesson) => {
                    issues.extend(validate(&name, &text, &lesson, &assets));
                    if let Some(first) = ids.get(&lesson.id) {
                        issues.push(Issue {
                            file: name.clone(),
                            line: locate(&text, &[Seg::Key("id")]),
                            field: "id".into(),
                            message: format!(
                                "duplicate lesson id {:?} (also in {first})",
                                lesson.id
                            ),
                        });
                    } else {
                        ids.insert(lesson.id.clone(), name.clone());
                    }
                    lessons.push(LoadedLesson { lesson, source });
                }
                Err(issue) => issues.push(issue),
            }
        }
        Library {
            lessons,
            assets,
            issues,
        }
    }

    /// The lesson list.
    pub fn list(&self) -> Vec<LessonInfo> {
        self.lessons
            .iter()
            .map(|l| LessonInfo {
                id: l.lesson.id.clone(),
                title: l.lesson.title.clone(),
                summary: l.lesson.summary.clone(),
                minutes: l.lesson.minutes,
                steps: l.lesson.steps.len(),
            })
            .collect()
    }

    /// A lesson by id.
    pub fn get(&self, id: &str) -> Option<&LoadedLesson> {
        self.lessons.iter().find(|l| l.lesson.id == id)
    }
}

/// Parses one lesson file; a syntax or schema error comes back with its line and field.
pub fn parse_lesson(file: &str, text: &str) -> Result<Lesson, Issue> {
    serde_yaml::from_str::<Lesson>(text).map_err(|e| {
        let msg = e.to_string();
        let line = e.location().map(|l| l.line());
        // serde_yaml prefixes the path (`steps[0].checks[1]: unknown field ...`) and appends
        // the location (` at line 3 column 5`).
        let core = msg.split(" at line ").next().unwrap_or(&msg).to_string();
        let (field, message) = match core.split_once(": ") {
            Some((p, m)) if !p.contains(' ') => (p.to_string(), m.to_string()),
            _ => (String::new(), core),
        };
        Issue {
            file: file.to_string(),
            line,
            field,
            message,
        }
    })
}

/// One segment of a field path.
#[derive(Clone, Copy, Debug)]
pub enum Seg<'a> {
    /// A mapping key.
    Key(&'a str),
    /// A sequence index.
    Index(usize),
}

struct Entry<'a> {
    line: usize,
    indent: usize,
    item: bool,
    text: &'a str,
}

fn entries(text: &str) -> Vec<Entry<'_>> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let trimmed = raw.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let mut indent = raw.len() - trimmed.len();
        let mut rest = trimmed;
        while let Some(r) = rest
            .strip_prefix("- ")
            .or(if rest == "-" { Some("") } else { None })
        {
            out.push(Entry {
                line: i + 1,
                indent,
                item: true,
                text: "",
            });
            let skip = rest.len() - r.len();
            let r2 = r.trim_start();
            indent += skip + (r.len() - r2.len());
            rest = r2;
            if rest.is_empty() {
                break;
            }
        }
        if !rest.is_empty() {
            out.push(Entry {
                line: i + 1,
                indent,
                item: false,
                text: rest,
            });
        }
    }
    out
}

/// Finds the line of a field path in block-style YAML (best effort: the nearest ancestor found).
pub fn locate(text: &str, path: &[Seg]) -> Option<usize> {
    let es = entries(text);
    let mut pos = 0;
    let mut scope: isize = -1;
    let mut line = None;
    for seg in path {
        let mut found = None;
        let mut child_indent: Option<usize> = None;
        let mut count = 0;
        for (j, e) in es.iter().enumerate().skip(pos) {
            let ind = e.indent as isize;
            match seg {
                Seg::Key(k) => {
                    if ind <= scope {
                        break;
                    }
                    if e.item {
                        continue;
                    }
                    let ci = *child_indent.get_or_insert(e.indent);
                    if e.indent == ci
                        && (e.text.starts_with(&format!("{k}:"))
                            || e.text.starts_with(&format!("\"{k}\":")))
                    {
                        found = Some(j);
                        break;
                    }
                }
                Seg::Index(n) => {
                    if ind < scope || (ind == scope && !e.item) {
                        break;
                    }
                    if !e.item {
                        continue;
                    }
                    let ci = *child_indent.get_or_insert(e.indent);
                    if e.indent == ci {
                        if count == *n {
                            found = Some(j);
                            break;
                        }
                        count += 1;
                    }
                }
            }
        }
        let j = found?;
        line = Some(es[j].line);
        // Content of an item starts right after its dash, at a deeper indent.
        scope = es[j].indent as isize;
        pos = j + 1;
        let _ = line;
    }
    line
}

/// Parses a field path like `steps[2].checks[0].kubectl` into segments.
pub fn parse_path(p: &str) -> Vec<Seg<'_>> {
    let mut out = Vec::new();
    for part in p.split('.') {
        let (key, rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            out.push(Seg::Key(key));
        }
        for idx in rest.split('[').filter(|s| !s.is_empty()) {
            if let Ok(n) = idx.trim_end_matches(']').parse() {
                out.push(Seg::Index(n));
            }
        }
    }
    out
}

fn locate_best(text: &str, field: &str) -> Option<usize> {
    let segs = parse_path(field);
    (1..=segs.len())
        .rev()
        .find_map(|n| locate(text, &segs[..n]))
}

/// Semantic checks the file format cannot express: empty steps, unknown kinds, bad paths,
/// regexes and durations, write verbs in checks, missing assets, questions without a right answer.
pub fn validate(file: &str, text: &str, l: &Lesson, assets: &Assets) -> Vec<Issue> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut push = |field: String, msg: String| out.push((field, msg));
    let id_ok = !l.id.is_empty()
        && l.id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !id_ok {
        push(
            "id".into(),
            format!("{:?}: use lower-case letters, digits and '-'", l.id),
        );
    }
    if l.title.trim().is_empty() {
        push("title".into(), "is empty".into());
    }
    if l.steps.is_empty() {
        push("steps".into(), "a lesson needs at least one step".into());
    }
    if let Some(s) = &l.cluster.start
        && s.parse::<jiff::Timestamp>().is_err()
    {
        push(
            "cluster.start".into(),
            format!("{s:?} is not an RFC 3339 time"),
        );
    }
    if l.cluster.workers > 50 {
        push(
            "cluster.workers".into(),
            "at most 50 workers in a lesson".into(),
        );
    }
    for (i, m) in l.cluster.manifests.iter().enumerate() {
        if !assets.exists(m) {
            push(
                format!("cluster.manifests[{i}]"),
                format!("asset {m:?} not found"),
            );
        }
    }
    for (i, n) in l.cluster.nodes.iter().enumerate() {
        for (j, t) in n.taints.iter().enumerate() {
            if let Err(e) = crate::sim::taints::parse_taint(t) {
                push(format!("cluster.nodes[{i}].taints[{j}]"), e);
            }
        }
    }
    for (si, step) in l.steps.iter().enumerate() {
        let sp = format!("steps[{si}]");
        if step.title.trim().is_empty() {
            push(format!("{sp}.title"), "is empty".into());
        }
        if step.checks.is_empty() && step.question.is_none() {
            push(
                sp.clone(),
                "a step needs at least one check or a question, so the learner knows when it is done".into(),
            );
        }
        for (i, f) in step.files.iter().enumerate() {
            if !assets.exists(f) {
                push(format!("{sp}.files[{i}]"), format!("asset {f:?} not found"));
            }
        }
        for (field, cmds) in [("suggest", &step.suggest), ("solution", &step.solution)] {
            for (i, cmd) in cmds.iter().enumerate() {
                let fp = format!("{sp}.{field}[{i}]");
                match parse_script(cmd) {
                    Err(e) => push(fp, e),
                    Ok(parsed) => {
                        for pc in parsed {
                            let first = pc.words.first().map(String::as_str).unwrap_or("");
                            if !COMMANDS.contains(&first) {
                                push(
                                    fp.clone(),
                                    format!(
                                        "{first:?}: a command is one of {}",
                                        COMMANDS.join(", ")
                                    ),
                                );
                            }
                            if first == "sleep"
                                && pc.words.get(1).and_then(|d| parse_sleep(d)).is_none()
                            {
                                push(fp.clone(), "sleep needs a duration like 30s or 2m".into());
                            }
                            if let Some(i) =
                                pc.words.iter().position(|w| w == "-f" || w == "--filename")
                                && let Some(path) = pc.words.get(i + 1)
                                && path != "-"
                                && !assets.exists(path)
                            {
                                push(fp.clone(), format!("asset {path:?} not found"));
                            }
                        }
                    }
                }
            }
        }
        if let Some(q) = &step.question {
            if q.answers.len() < 2 {
                push(
                    format!("{sp}.question.answers"),
                    "a question needs at least two answers".into(),
                );
            }
            if !q.answers.iter().any(|a| a.correct) {
                push(
                    format!("{sp}.question.answers"),
                    "no answer is marked correct: true".into(),
                );
            }
        }
        for (ci, c) in step.checks.iter().enumerate() {
            for (f, m) in check_issues(c) {
                push(format!("{sp}.checks[{ci}]{f}"), m);
            }
        }
    }
    out.into_iter()
        .map(|(field, message)| Issue {
            file: file.to_string(),
            line: locate_best(text, &field),
            field,
            message,
        })
        .collect()
}

fn matcher_issues(m: &Matcher, prefix: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(re) = &m.matches
        && let Err(e) = regex::Regex::new(re)
    {
        out.push((format!("{prefix}.matches"), format!("invalid regex: {e}")));
    }
    if let Some(n) = &m.number
        && let Err(e) = Comparison::parse(n)
    {
        out.push((format!("{prefix}.number"), e));
    }
    out
}

/// Problems with one check, as (field suffix, message).
pub fn check_issues(c: &Check) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let sources = [c.kubectl.is_some(), c.object.is_some(), c.ran.is_some()]
        .iter()
        .filter(|b| **b)
        .count();
    if sources != 1 {
        out.push((
            String::new(),
            "a check needs exactly one of kubectl, object or ran".to_string(),
        ));
    }
    if c.kubectl.is_none() && (c.jsonpath.is_some() || c.expect.is_some()) {
        out.push((
            String::new(),
            "jsonpath and expect go with kubectl".to_string(),
        ));
    }
    if let Some(w) = &c.within
        && parse_sleep(w).is_none()
    {
        out.push((
            ".within".into(),
            format!("{w:?} is not a duration like 30s or 2m"),
        ));
    }
    if let Some(cmd) = &c.kubectl
        && let Err(e) = kubectl_args(cmd)
    {
        out.push((".kubectl".into(), e));
    }
    if let Some(p) = &c.jsonpath
        && let Err(e) = jsonpath::parse(p)
    {
        out.push((".jsonpath".into(), format!("invalid JSONPath: {e}")));
    }
    if let Some(m) = &c.expect {
        out.extend(matcher_issues(m, ".expect"));
    }
    if let Some(q) = &c.object {
        if resources::resolve(&q.kind).is_none() {
            out.push((".object.kind".into(), format!("unknown kind {:?}", q.kind)));
        }
        if let Some(s) = &q.selector
            && let Err(e) = Selector::parse(s)
        {
            out.push((".object.selector".into(), e));
        }
        if let Some(n) = &q.count
            && let Err(e) = Comparison::parse(n)
        {
            out.push((".object.count".into(), e));
        }
        for (i, f) in q.where_.iter().enumerate() {
            let fp = format!(".object.where[{i}]");
            let parsed = if f.path.contains('{') {
                jsonpath::parse(&f.path).map(|_| ())
            } else {
                jsonpath::relaxed_json_path_expression(&f.path)
                    .and_then(|p| jsonpath::parse(&p).map(|_| ()))
            };
            if let Err(e) = parsed {
                out.push((format!("{fp}.path"), format!("invalid JSONPath: {e}")));
            }
            if f.is.is_empty() {
                out.push((
                    fp.clone(),
                    format!(
                        "say what {} must be (equals, contains, matches, number, exists)",
                        f.path
                    ),
                ));
            }
            out.extend(matcher_issues(&f.is, &fp));
        }
        let _ = describe_query(q);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = "id: x\ntitle: T\nsummary: S\nminutes: 1\nsteps:\n  - title: one\n    checks:\n      - name: c\n        kubectl: get pods\n";

    #[test]
    fn schema_errors_have_line_and_field() {
        let bad = OK.replace(
            "        kubectl: get pods\n",
            "        kubectl: get pods\n        podz: 3\n",
        );
        let e = parse_lesson("f.yaml", &bad).unwrap_err();
        assert_eq!(e.line, Some(10), "{e}");
        assert!(e.message.contains("unknown field `podz`"), "{e}");
        assert!(e.to_string().starts_with("f.yaml:10: "), "{e}");
        let bad_where = OK.replace(
            "        kubectl: get pods\n",
            "        object:\n          kind: pods\n          where:\n            - path: .a\n              equls: b\n",
        );
        assert!(parse_lesson("f.yaml", &bad_where).is_err());
    }

    #[test]
    fn semantic_errors() {
        let text = OK
            .replace("kubectl: get pods", "kubectl: delete pods --all")
            .replace(
                "steps:\n",
                "cluster:\n  manifests: [assets/missing.yaml]\nsteps:\n",
            );
        let l = parse_lesson("f.yaml", &text).unwrap();
        let issues = validate("f.yaml", &text, &l, &Assets::shipped());
        let s: Vec<String> = issues.iter().map(|i| i.to_string()).collect();
        assert!(
            s.iter()
                .any(|i| i.contains("cluster.manifests[0]") && i.contains("not found")),
            "{s:?}"
        );
        assert!(
            s.iter()
                .any(|i| i
                    .starts_with("f.yaml:11: steps[0].checks[0].kubectl: a check may only read")),
            "{s:?}"
        );
        let empty = "id: x\ntitle: T\nsummary: S\nminutes: 1\nsteps: []\n";
        let l = parse_lesson("f.yaml", empty).unwrap();
        assert!(
            validate("f.yaml", empty, &l, &Assets::shipped())
                .iter()
                .any(|i| i.field == "steps")
        );
    }

    #[test]
    fn locates_nested_fields() {
        let t = "a: 1\nsteps:\n  - title: x\n    checks:\n      - name: a\n      - name: b\n        kubectl: get\n";
        assert_eq!(
            locate(t, &parse_path("steps[0].checks[1].kubectl")),
            Some(7)
        );
        assert_eq!(locate(t, &parse_path("steps[0].checks[0]")), Some(5));
    }
}
