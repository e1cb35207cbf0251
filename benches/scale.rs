//! Scale: the scenario of `scenario.rs` (a DaemonSet, StatefulSets with Parallel pod management
//! and Deployments, ~101 pods per node) created, scheduled and Running, and an hour of virtual
//! time on it, at 10 and 100 nodes under criterion.
//!
//! `cargo bench --bench scale -- --report 10 100 1000` instead builds each size once in this
//! process and prints wall time, peak memory and the pods Running: the scaling curve (run one
//! size per process for a clean peak-memory figure: it is the process's high-water mark).

mod scenario;

/// The program's own allocator (see `src/main.rs`): these time what the program does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{BatchSize, Criterion};
use std::time::{Duration, Instant};

fn report(sizes: &[usize]) {
    for &n in sizes {
        let t = Instant::now();
        let mut c = scenario::cluster(n);
        scenario::run(&mut c, &scenario::scale_script(n));
        let applied = t.elapsed();
        scenario::run(&mut c, "sleep 2m");
        let up = t.elapsed();
        let running = scenario::running_pods(&c);
        let rss = scenario::peak_rss();
        let t2 = Instant::now();
        scenario::run(&mut c, "sleep 1h");
        let hour = t2.elapsed();
        println!(
            "nodes={n} running={running}/{} applied_in={applied:.2?} running_in={up:.2?} peak_rss={}MiB idle_hour={hour:.2?} reconciles={}",
            scenario::expected_pods(n),
            rss >> 20,
            c.reconciles
        );
    }
}

fn benches(cr: &mut Criterion) {
    let mut g = cr.benchmark_group("scale");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(20));
    for n in [10, 100] {
        g.bench_function(format!("up_{n}_nodes"), |b| {
            b.iter(|| scenario::scale_up(n));
        });
        g.bench_function(format!("hour_{n}_nodes"), |b| {
            b.iter_batched(
                || scenario::scale_up(n),
                |mut c| scenario::run(&mut c, "sleep 1h"),
                BatchSize::PerIteration,
            );
        });
    }
    g.finish();
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--report") {
        let sizes: Vec<usize> = args[i + 1..]
            .iter()
            .filter_map(|a| a.parse().ok())
            .collect();
        report(&sizes);
        return;
    }
    let mut cr = Criterion::default().configure_from_args();
    benches(&mut cr);
    cr.final_summary();
}
