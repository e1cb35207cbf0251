//! Shared machinery of the proptest fuzz targets (`tests/fuzz_*.rs`): how many cases to run, a
//! watchdog that turns a hang or a memory blow-up into a failure naming the input, a counting
//! allocator, and structure-aware mutators seeded with the project's real inputs.
//!
//! Stable Rust has no libFuzzer, so each target is a proptest integration test. CI runs a short
//! fixed-seed pass (`PROPTEST_RNG_SEED`); `FUZZ_CASES=100000 cargo test --release --test fuzz_X`
//! runs a long one.

#![allow(dead_code)]

use proptest::prelude::*;
use std::alloc::{GlobalAlloc, Layout, System};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------------------------
// Memory: a counting allocator. No single input may make the program hold more than
// `case_memory_limit()` bytes beyond what it held before the case; past `HARD_LIMIT` allocations
// fail outright so a runaway input cannot take the machine down before the watchdog sees it.

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
const HARD_LIMIT: usize = 3 << 30;

/// Counts live heap bytes so the targets can check "no unbounded memory".
pub struct Counting;

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        if now > HARD_LIMIT {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            return std::ptr::null_mut();
        }
        PEAK.fetch_max(now, Ordering::Relaxed);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            let grow = new_size - layout.size();
            let now = LIVE.fetch_add(grow, Ordering::Relaxed) + grow;
            if now > HARD_LIMIT {
                LIVE.fetch_sub(grow, Ordering::Relaxed);
                return std::ptr::null_mut();
            }
            PEAK.fetch_max(now, Ordering::Relaxed);
        } else {
            LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        }
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// Live heap bytes now.
pub fn live_bytes() -> usize {
    LIVE.load(Ordering::Relaxed)
}

// ---------------------------------------------------------------------------------------------
// Budgets

fn env_num(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

/// Cases per target: `FUZZ_CASES`, else the short CI default the target passes.
pub fn cases(default: u32) -> u32 {
    env_num("FUZZ_CASES").map_or(default, |n| n.min(u64::from(u32::MAX)) as u32)
}

/// Wall time one case may take before it counts as a hang (`FUZZ_CASE_TIMEOUT_MS`; the default
/// is generous because debug builds on a busy 2-core machine are slow).
pub fn case_timeout() -> Duration {
    Duration::from_millis(env_num("FUZZ_CASE_TIMEOUT_MS").unwrap_or(20_000))
}

/// Extra heap one case may hold at its peak (`FUZZ_CASE_MEMORY_MB`, default 512 MiB).
pub fn case_memory_limit() -> usize {
    (env_num("FUZZ_CASE_MEMORY_MB").unwrap_or(512) as usize) << 20
}

// ---------------------------------------------------------------------------------------------
// Watchdog

struct Current {
    target: &'static str,
    started: Instant,
    input: String,
    base: usize,
}

static CURRENT: Mutex<Option<Current>> = Mutex::new(None);
static WATCHDOG: OnceLock<()> = OnceLock::new();

fn report_path(target: &str) -> PathBuf {
    std::env::temp_dir().join(format!("kubetutor-{target}-failing-input.txt"))
}

fn die(target: &str, why: &str, input: &str) -> ! {
    let path = report_path(target);
    let _ = std::fs::write(&path, input);
    let shown: String = input.chars().take(2000).collect();
    // Straight to the file descriptor: the test harness captures `eprintln!` (also in threads
    // spawned by a test) and would lose the message when the process aborts.
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr().lock(),
        "\n{target}: {why}\ninput ({} bytes, saved to {}):\n{shown:?}\n",
        input.len(),
        path.display()
    );
    std::process::abort();
}

fn start_watchdog() {
    WATCHDOG.get_or_init(|| {
        std::thread::spawn(|| {
            loop {
                std::thread::sleep(Duration::from_millis(50));
                let Ok(guard) = CURRENT.lock() else { continue };
                if let Some(cur) = guard.as_ref() {
                    let over = live_bytes().saturating_sub(cur.base);
                    if cur.started.elapsed() > case_timeout() {
                        die(
                            cur.target,
                            &format!("hang: a case ran longer than {:?}", case_timeout()),
                            &cur.input,
                        );
                    }
                    if over > case_memory_limit() {
                        die(
                            cur.target,
                            &format!("memory: a case holds {} MiB more than before", over >> 20),
                            &cur.input,
                        );
                    }
                }
            }
        });
    });
}

/// Runs one case under the watchdog: a hang or a memory blow-up aborts the process after
/// printing `input` (and saving it under the temp directory); the case's peak memory is checked
/// when it returns.
pub fn guarded<R>(target: &'static str, input: &str, f: impl FnOnce() -> R) -> R {
    // One guarded case at a time per process: the watchdog and the memory counter are global.
    static ONE: Mutex<()> = Mutex::new(());
    let _one = ONE.lock().unwrap_or_else(|e| e.into_inner());
    start_watchdog();
    let base = live_bytes();
    PEAK.store(base, Ordering::Relaxed);
    if let Ok(mut g) = CURRENT.lock() {
        *g = Some(Current {
            target,
            started: Instant::now(),
            input: input.to_string(),
            base,
        });
    }
    let r = f();
    if let Ok(mut g) = CURRENT.lock() {
        *g = None;
    }
    let peak = PEAK.load(Ordering::Relaxed).saturating_sub(base);
    if peak > case_memory_limit() {
        die(
            target,
            &format!("memory: a case peaked at {} MiB", peak >> 20),
            input,
        );
    }
    r
}

/// A proptest configuration with `default` cases unless `FUZZ_CASES` says otherwise, a fixed
/// RNG seed unless `PROPTEST_RNG_SEED` says otherwise (CI runs the same inputs every time);
/// failures are not persisted to files (the watchdog and proptest print the input instead).
pub fn config(default: u32) -> ProptestConfig {
    let base = ProptestConfig::default();
    ProptestConfig {
        cases: cases(default),
        failure_persistence: None,
        max_shrink_iters: 200,
        rng_seed: match base.rng_seed {
            proptest::test_runner::RngSeed::Random => {
                proptest::test_runner::RngSeed::Fixed(0x6b75_6265_7475_746f)
            }
            fixed => fixed,
        },
        ..base
    }
}

/// Runs a fuzz target: `cases(default)` inputs from `strategy`, each through `body` under the
/// watchdog (`show` renders an input for the failure report). `body` says whether the input got
/// deep (past the first parse, onto the cluster): the tally is printed and checked, so a target
/// that quietly runs fewer cases, or only bounces off its first error, fails instead.
pub fn fuzz<S>(
    target: &'static str,
    default: u32,
    strategy: S,
    show: impl Fn(&S::Value) -> String,
    body: impl Fn(&S::Value) -> bool,
) where
    S: Strategy,
    S::Value: std::fmt::Debug,
{
    use std::cell::Cell;
    let cfg = config(default);
    let want = cfg.cases;
    let (ran, deep) = (Cell::new(0u32), Cell::new(0u32));
    let started = Instant::now();
    let mut runner = proptest::test_runner::TestRunner::new(cfg);
    let result = runner.run(&strategy, |v| {
        ran.set(ran.get() + 1);
        if guarded(target, &show(&v), || body(&v)) {
            deep.set(deep.get() + 1);
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{target}: {e}");
    }
    let line = format!(
        "{target}: {} cases run ({want} configured), {} got past the first error, in {:.1?}",
        ran.get(),
        deep.get(),
        started.elapsed()
    );
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{line}");
    assert!(ran.get() >= want, "{line}");
    // At least one input in twenty must exercise more than the front door.
    assert!(deep.get() * 20 >= want, "{line}");
}

// ---------------------------------------------------------------------------------------------
// Seeds

/// The repository root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir` (recursively) whose name ends in one of `exts`, sorted.
pub fn files(dir: &str, exts: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root().join(dir)];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if exts
                .iter()
                .any(|x| p.to_string_lossy().ends_with(&format!(".{x}")))
            {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The text of each file.
pub fn read_all(paths: &[PathBuf]) -> Vec<String> {
    paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect()
}

/// The commands of every golden scenario script (`tests/scenarios/*.sh`), parsed.
pub fn scenario_commands() -> Vec<kubetutor::runner::ScriptCommand> {
    let mut out = Vec::new();
    for text in read_all(&files("tests/scenarios", &["sh"])) {
        if let Ok(cmds) = kubetutor::runner::parse_script(&text) {
            out.extend(cmds);
        }
    }
    out
}

/// Every YAML manifest the project ships or tests with: `tests/scenarios/manifests`, `assets`,
/// and the heredoc bodies of the scenario scripts.
pub fn manifest_seeds() -> Vec<String> {
    let mut out = read_all(&files("tests/scenarios/manifests", &["yaml", "yml"]));
    out.extend(
        read_all(&files("assets", &["yaml"]))
            .into_iter()
            .filter(|t| t.contains("apiVersion")),
    );
    out.extend(scenario_commands().into_iter().filter_map(|c| c.stdin));
    out
}

// ---------------------------------------------------------------------------------------------
// Mutation

/// Odd text that breaks naive code: multi-byte and combining characters, right-to-left marks,
/// NUL and control characters, a BOM, YAML and shell syntax, huge and negative numbers.
pub const ODD: &[&str] = &[
    "\u{0}",
    "\u{7f}",
    "\u{feff}",
    "\u{200b}",
    "\u{202e}",
    "é",
    "e\u{301}",
    "日本語",
    "🚀",
    "\u{10ffff}",
    "\r\n",
    "\t",
    "\\",
    "'",
    "\"",
    "`",
    "$(",
    "${",
    "&&",
    "|",
    ";",
    "<<EOF",
    ": ",
    "- ",
    "---\n",
    "{",
    "[",
    "&a ",
    "*a",
    "!!binary ",
    "? ",
    "%YAML 1.2\n",
    "~",
    "null",
    "-1",
    "0",
    "2147483647",
    "2147483648",
    "-2147483649",
    "9223372036854775808",
    "1e309",
    "NaN",
    ".inf",
    "1000000000",
    "0x7fffffff",
    "1Ei",
    "999999999999999999999Gi",
];

/// One edit of a seed.
#[derive(Clone, Debug)]
pub enum Edit {
    /// Flip one byte (the result is made valid UTF-8 lossily).
    Flip(usize, u8),
    /// Cut the text at a position.
    Truncate(usize),
    /// Remove a range.
    Delete(usize, usize),
    /// Repeat a range a few times.
    Repeat(usize, usize, u8),
    /// Insert one of [`ODD`].
    Odd(usize, usize),
    /// Insert a slice of another seed.
    Splice(usize, usize, usize, usize),
    /// Insert random bytes.
    Bytes(usize, Vec<u8>),
    /// Swap two lines.
    SwapLines(usize, usize),
    /// Change the indentation of a line.
    Indent(usize, u8),
}

fn edit() -> impl Strategy<Value = Edit> {
    let pos = any::<usize>();
    prop_oneof![
        (pos, any::<u8>()).prop_map(|(p, b)| Edit::Flip(p, b)),
        pos.prop_map(Edit::Truncate),
        (pos, 0usize..64).prop_map(|(p, n)| Edit::Delete(p, n)),
        (pos, 1usize..64, 1u8..8).prop_map(|(p, n, k)| Edit::Repeat(p, n, k)),
        (pos, 0..ODD.len()).prop_map(|(p, i)| Edit::Odd(p, i)),
        (pos, any::<usize>(), any::<usize>(), 1usize..200)
            .prop_map(|(p, s, f, n)| Edit::Splice(p, s, f, n)),
        (pos, prop::collection::vec(any::<u8>(), 1..16)).prop_map(|(p, b)| Edit::Bytes(p, b)),
        (pos, any::<usize>()).prop_map(|(a, b)| Edit::SwapLines(a, b)),
        (pos, 0u8..12).prop_map(|(l, n)| Edit::Indent(l, n)),
    ]
}

fn boundary(s: &str, p: usize) -> usize {
    if s.is_empty() {
        return 0;
    }
    let mut p = p % (s.len() + 1);
    while !s.is_char_boundary(p) {
        p -= 1;
    }
    p
}

/// Applies edits to a seed; `seeds` feed [`Edit::Splice`].
pub fn mutate(seed: &str, edits: &[Edit], seeds: &[String]) -> String {
    let mut s = seed.to_string();
    for e in edits {
        match e {
            Edit::Flip(p, b) => {
                let mut bytes = s.into_bytes();
                if !bytes.is_empty() {
                    let i = p % bytes.len();
                    bytes[i] ^= b | 1;
                }
                s = String::from_utf8_lossy(&bytes).into_owned();
            }
            Edit::Truncate(p) => {
                let p = boundary(&s, *p);
                s.truncate(p);
            }
            Edit::Delete(p, n) => {
                let a = boundary(&s, *p);
                let b = boundary(&s, a + n).max(a);
                s.replace_range(a..b, "");
            }
            Edit::Repeat(p, n, k) => {
                let a = boundary(&s, *p);
                let b = boundary(&s, a + n).max(a);
                let piece = s[a..b].repeat(usize::from(*k));
                s.insert_str(b, &piece);
            }
            Edit::Odd(p, i) => {
                let a = boundary(&s, *p);
                s.insert_str(a, ODD[*i]);
            }
            Edit::Splice(p, which, from, n) => {
                if seeds.is_empty() {
                    continue;
                }
                let other = &seeds[which % seeds.len()];
                let a = boundary(other, *from);
                let b = boundary(other, a + n).max(a);
                let at = boundary(&s, *p);
                s.insert_str(at, &other[a..b]);
            }
            Edit::Bytes(p, b) => {
                let at = boundary(&s, *p);
                s.insert_str(at, &String::from_utf8_lossy(b));
            }
            Edit::SwapLines(a, b) => {
                let mut lines: Vec<&str> = s.split('\n').collect();
                let n = lines.len();
                lines.swap(a % n, b % n);
                s = lines.join("\n");
            }
            Edit::Indent(l, n) => {
                let mut lines: Vec<String> = s.split('\n').map(str::to_string).collect();
                let n_lines = lines.len();
                let line = &mut lines[l % n_lines];
                let body = line.trim_start().to_string();
                *line = format!("{}{body}", " ".repeat(usize::from(*n)));
                s = lines.join("\n");
            }
        }
    }
    s
}

/// Text for a target: mostly a mutated seed, sometimes a splice of two, sometimes pure random
/// bytes made valid UTF-8.
pub fn input(seeds: Vec<String>, max_edits: usize) -> impl Strategy<Value = String> {
    let seeds = std::sync::Arc::new(seeds);
    let n = seeds.len().max(1);
    let s1 = seeds.clone();
    let s2 = seeds.clone();
    prop_oneof![
        6 => (0..n, prop::collection::vec(edit(), 0..=max_edits)).prop_map(move |(i, edits)| {
            let seed = s1.get(i).cloned().unwrap_or_default();
            mutate(&seed, &edits, &s1)
        }),
        2 => (0..n, 0..n, any::<usize>()).prop_map(move |(a, b, cut)| {
            let x = s2.get(a).cloned().unwrap_or_default();
            let y = s2.get(b).cloned().unwrap_or_default();
            let p = boundary(&x, cut);
            format!("{}{}", &x[..p], y)
        }),
        1 => prop::collection::vec(any::<u8>(), 0..512)
            .prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        1 => prop::collection::vec(prop::sample::select(ODD), 0..40).prop_map(|v| v.concat()),
    ]
}
