//! `kubetutor`: the command line. `kubetutor` alone opens the interactive screen on a fresh
//! simulated cluster; `kubetutor run SCRIPT` runs a script headlessly; `kubetutor shell` is a
//! plain line-by-line prompt for terminals where a full screen does not fit.

use clap::{Parser, Subcommand};
use jiff::Timestamp;
use kubetutor::kubectl::manifest::RealFs;
use kubetutor::lesson::{Library, harness};
use kubetutor::runner::{self, RunOptions};
use kubetutor::sim::cluster::{Cluster, ClusterConfig};
use kubetutor::tui::{self, TuiOptions, theme::ThemeName};
use std::io::{BufRead, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// The allocator: a simulated cluster of 100,000 pods makes and frees millions of small strings
/// and vectors, and mimalloc keeps each size's free blocks together in pages, where the system's
/// allocator walks and merges free lists scattered over a gigabyte (a tenth of the time at 1,000
/// nodes, `cargo bench --bench scale -- --report 1000`). Without transparent huge pages
/// (`no_thp`), which would round its pages up to 2 MiB of resident memory.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "kubetutor",
    version,
    about = "Learn Kubernetes StatefulSets, DaemonSets, Jobs and CronJobs on a simulated cluster"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    cluster: ClusterArgs,
    /// Colours of the interactive screen: default, projector (high contrast) or colorblind.
    #[arg(long, default_value = "default")]
    theme: String,
    /// Presenter mode: bigger chips, less chrome, a big clock and the recent keys on screen.
    #[arg(long)]
    present: bool,
    /// Record the session as an asciicast v2 file (replay with `asciinema play FILE.cast`).
    #[arg(long, value_name = "FILE.cast")]
    record: Option<String>,
    /// Follow the lessons in DIR instead of the built-in ones; a lesson file is reloaded when it
    /// changes on disk, keeping your place.
    #[arg(long, value_name = "DIR")]
    lessons: Option<PathBuf>,
}

#[derive(clap::Args, Clone)]
struct ClusterArgs {
    /// Number of worker nodes (besides the control-plane node).
    #[arg(long, default_value_t = 3, global = true)]
    nodes: usize,
    /// Seed for generated names and uids: same seed, same output.
    #[arg(long, default_value_t = 1, global = true)]
    seed: u64,
    /// Virtual start time (RFC 3339, e.g. 2025-01-06T09:00:00Z).
    #[arg(long, global = true)]
    start: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Run a script headlessly and print a transcript (`-` reads the script from stdin).
    Run {
        /// The script file, or `-` for stdin.
        script: String,
        /// Exit non-zero at the first failing command.
        #[arg(long)]
        strict: bool,
    },
    /// A plain line-by-line prompt (no full screen): kubectl, sleep and node commands.
    Shell,
    /// Check lesson files (`validate`) or prove every lesson can be finished (`test`).
    Lessons {
        #[command(subcommand)]
        command: LessonsCommand,
    },
}

#[derive(Subcommand)]
enum LessonsCommand {
    /// Report schema and semantic errors with file, line and field.
    Validate {
        /// A directory of lesson files (default: the lessons built into this program).
        dir: Option<PathBuf>,
    },
    /// Run every step's solution on a fresh cluster and assert every check passes.
    Test {
        /// A directory of lesson files (default: the lessons built into this program).
        dir: Option<PathBuf>,
        /// Only the lesson with this id.
        #[arg(long)]
        only: Option<String>,
    },
}

/// The most worker nodes the command line accepts.
const MAX_NODES: usize = 5000;

fn config(a: &ClusterArgs) -> Result<ClusterConfig, String> {
    let start = match &a.start {
        Some(s) => s
            .parse::<Timestamp>()
            .map_err(|e| format!("error: invalid --start {s:?}: {e}"))?,
        None => ClusterConfig::default().start,
    };
    if a.nodes > MAX_NODES {
        return Err(format!("error: --nodes must be at most {MAX_NODES}"));
    }
    Ok(ClusterConfig {
        seed: a.seed,
        start,
        workers: a.nodes,
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let cfg = match config(&cli.cluster) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    match cli.command {
        Some(Command::Run { script, strict }) => {
            kubetutor::kubectl::patch::enable_external_editor();
            run(&script, strict, cfg)
        }
        Some(Command::Shell) => {
            kubetutor::kubectl::patch::enable_external_editor();
            shell(cfg)
        }
        None => {
            let theme = match ThemeName::parse(&cli.theme) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("{e}");
                    return ExitCode::from(2);
                }
            };
            let opts = TuiOptions {
                cluster: cfg,
                theme,
                present: cli.present,
                record: cli.record,
                lessons_dir: cli.lessons,
            };
            match tui::run(opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::from(1)
                }
            }
        }
        Some(Command::Lessons { command }) => lessons(command),
    }
}

fn run(script: &str, strict: bool, cfg: ClusterConfig) -> ExitCode {
    let (text, base) = if script == "-" {
        let mut s = String::new();
        if let Err(e) = std::io::stdin().read_to_string(&mut s) {
            eprintln!("error: reading stdin: {e}");
            return ExitCode::from(2);
        }
        (s, std::env::current_dir().unwrap_or_default())
    } else {
        match std::fs::read_to_string(script) {
            Ok(s) => (s, std::env::current_dir().unwrap_or_default()),
            Err(e) => {
                eprintln!("error: cannot read script {script}: {e}");
                return ExitCode::from(2);
            }
        }
    };
    let fs = RealFs { base };
    let (transcript, code) = runner::run_script(
        &text,
        &RunOptions {
            cluster: cfg,
            strict,
        },
        &fs,
    );
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(transcript.as_bytes());
    let _ = stdout.flush();
    ExitCode::from(code.clamp(0, 255) as u8)
}

fn library(dir: Option<&PathBuf>) -> Library {
    match dir {
        Some(d) => Library::load_dir(d),
        None => Library::shipped(),
    }
}

fn lessons(cmd: LessonsCommand) -> ExitCode {
    match cmd {
        LessonsCommand::Validate { dir } => {
            let lib = library(dir.as_ref());
            for i in &lib.issues {
                eprintln!("{i}");
            }
            if lib.issues.is_empty() {
                println!("{} lessons OK", lib.lessons.len());
                ExitCode::SUCCESS
            } else {
                eprintln!("{} problems", lib.issues.len());
                ExitCode::FAILURE
            }
        }
        LessonsCommand::Test { dir, only } => {
            let lib = library(dir.as_ref());
            let mut failed = !lib.issues.is_empty();
            for i in &lib.issues {
                eprintln!("{i}");
            }
            let mut ran = 0;
            for l in &lib.lessons {
                if only.as_ref().is_some_and(|o| *o != l.lesson.id) {
                    continue;
                }
                ran += 1;
                let failures = harness::test_lesson(l, &lib.assets);
                if failures.is_empty() {
                    println!("ok   {} ({} steps)", l.lesson.id, l.lesson.steps.len());
                } else {
                    failed = true;
                    for f in failures {
                        println!("FAIL {f}");
                    }
                }
            }
            if ran == 0 {
                eprintln!("error: no lessons to test");
                return ExitCode::FAILURE;
            }
            if failed {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}

fn shell(cfg: ClusterConfig) -> ExitCode {
    let mut c = Cluster::new(&cfg);
    let fs = RealFs {
        base: std::env::current_dir().unwrap_or_default(),
    };
    println!(
        "kubetutor: a simulated cluster with {} worker nodes. Type kubectl, sleep or node commands; Ctrl-D quits.",
        cfg.workers
    );
    let stdin = std::io::stdin();
    let mut pending = String::new();
    loop {
        print!("{}", if pending.is_empty() { "$ " } else { "> " });
        let _ = std::io::stdout().flush();
        let mut line = String::new();
        match stdin.lock().read_line(&mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        pending.push_str(&line);
        // Wait for the end of a heredoc or a continued line before running.
        match runner::parse_script(&pending) {
            Ok(cmds) => {
                for cmd in cmds {
                    let out = runner::run_command(&mut c, &cmd, &fs);
                    print!("{}", out.text());
                }
                pending.clear();
            }
            Err(e) if e.contains("here-document") && !e.contains("needs a delimiter") => {}
            Err(e) => {
                println!("error: {e}");
                pending.clear();
            }
        }
        if pending.trim_end().ends_with('\\') {
            continue;
        }
    }
    ExitCode::SUCCESS
}
