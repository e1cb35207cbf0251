//! Discrete-event time: `sleep 30d` with a `*/1` CronJob (about 43,000 runs) and an idle
//! cluster's hour. Under criterion the CronJob sleeps one day (1,440 runs); `cargo bench --bench
//! clock -- --report` times the full 30 days once.

mod scenario;

/// The program's own allocator (see `src/main.rs`): these time what the program does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{BatchSize, Criterion};
use std::time::Instant;

const CRON: &str = "kubectl apply -f - <<EOF
apiVersion: batch/v1
kind: CronJob
metadata:
  name: tick
spec:
  schedule: \"*/1 * * * *\"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: tick
            image: busybox:1.36
            command: [sh, -c, date]
EOF
";

fn with_cron() -> kubetutor::sim::cluster::Cluster {
    let mut c = scenario::cluster(3);
    scenario::run(&mut c, CRON);
    c
}

fn benches(cr: &mut Criterion) {
    let mut g = cr.benchmark_group("clock");
    g.sample_size(10);
    g.bench_function("cronjob_every_minute_1d", |b| {
        b.iter_batched(
            with_cron,
            |mut c| scenario::run(&mut c, "sleep 1d"),
            BatchSize::PerIteration,
        );
    });
    g.bench_function("idle_hour_default_cluster", |b| {
        b.iter_batched(
            || scenario::cluster(3),
            |mut c| scenario::run(&mut c, "sleep 1h"),
            BatchSize::PerIteration,
        );
    });
    g.finish();
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--report") {
        // `--report [days]`: a shorter span (default 30) keeps a debug build's run short.
        let days: u32 = args.get(i + 1).and_then(|d| d.parse().ok()).unwrap_or(30);
        let mut c = with_cron();
        let t = Instant::now();
        scenario::run(&mut c, &format!("sleep {days}d"));
        println!(
            "cronjob */1 sleep {days}d: {:.2?} ({} reconciles, peak_rss={}MiB)",
            t.elapsed(),
            c.reconciles,
            scenario::peak_rss() >> 20
        );
        return;
    }
    let mut cr = Criterion::default().configure_from_args();
    benches(&mut cr);
    cr.final_summary();
}
