//! Scale: the scenario of `scenario.rs` (a DaemonSet, StatefulSets with Parallel pod management
//! and Deployments, ~101 pods per node) created, scheduled and Running, and an hour of virtual
//! time on it, at 10 and 100 nodes under criterion.
//!
//! `cargo bench --bench scale -- --report 10 100 1000` instead builds each size once in this
//! process and prints wall time, peak memory and the pods Running: the scaling curve (run one
//! size per process for a clean peak-memory figure: it is the process's high-water mark).
//! `--report 500 500 --keep` keeps each cluster while the next is built, and `--latency` prints
//! what one random read costs this machine by the size of memory read (see [`latency`]).

mod scenario;

/// The program's own allocator (see `src/main.rs`): these time what the program does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{BatchSize, Criterion};
use std::time::{Duration, Instant};

/// Builds the scenario at each size and prints its figures. With `keep`, each cluster stays in
/// memory while the next is built: a second cluster beside the first shows whether memory held
/// (cold) slows the work, or only the working set of one larger cluster does.
fn report(sizes: &[usize], keep: bool) {
    let mut kept = Vec::new();
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
            "nodes={n} running={running}/{} applied_in={applied:.2?} running_in={up:.2?} peak_rss={}MiB idle_hour={hour:.2?} reconciles={} kept_clusters={}",
            scenario::expected_pods(n),
            rss >> 20,
            c.reconciles,
            kept.len()
        );
        if keep {
            kept.push(c);
        }
    }
}

/// What one random read costs this machine as the memory read at random grows: a pointer chase
/// (each read names the next, so none overlaps another) through one random cycle over every
/// 64-byte line of a table. Past the last-level cache each read goes to memory, and the cost
/// still grows with the table: the address translations miss too. The scale scenario's time a
/// pod grows from 500 to 1,000 nodes as these figures do on the share of its time spent waiting
/// for memory.
fn latency() {
    const LINE: usize = 8; // u64s in a 64-byte line
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next_random = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for mib in [1usize, 4, 8, 16, 64, 256, 512, 1024, 2048] {
        let lines = mib * (1 << 20) / 64;
        // Sattolo's shuffle: one cycle through every line.
        let mut order: Vec<u32> = (0..lines as u32).collect();
        for i in (1..lines).rev() {
            let j = (next_random() % i as u64) as usize;
            order.swap(i, j);
        }
        let mut table = vec![0u64; lines * LINE];
        for (i, &line) in order.iter().enumerate() {
            table[line as usize * LINE] = u64::from(order[(i + 1) % lines]);
        }
        drop(order);
        let reads = 5_000_000;
        let mut at = 0usize;
        for _ in 0..reads / 10 {
            at = table[at * LINE] as usize;
        }
        let t = Instant::now();
        for _ in 0..reads {
            at = table[at * LINE] as usize;
        }
        let ns = t.elapsed().as_secs_f64() * 1e9 / reads as f64;
        // `at` is printed so the chase cannot be optimised away.
        println!("table={mib}MiB read={ns:.1}ns (ended at line {at})");
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
    if args.iter().any(|a| a == "--latency") {
        latency();
        return;
    }
    if let Some(i) = args.iter().position(|a| a == "--report") {
        let sizes: Vec<usize> = args[i + 1..]
            .iter()
            .filter_map(|a| a.parse().ok())
            .collect();
        report(&sizes, args.iter().any(|a| a == "--keep"));
        return;
    }
    let mut cr = Criterion::default().configure_from_args();
    benches(&mut cr);
    cr.final_summary();
}
