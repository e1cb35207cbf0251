//! Start-up and screen: `kubetutor run` of an empty script (a default cluster built and an empty
//! transcript), the TUI's first frame (cluster, `App`, one 120x40 frame), and one 200x60 frame of
//! a 1,000-node cluster and of a 100-node cluster running 10,100 pods, on ratatui's TestBackend.

mod scenario;

/// The program's own allocator (see `src/main.rs`): these time what the program does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::Criterion;
use kubetutor::kubectl::manifest::RealFs;
use kubetutor::runner::{self, RunOptions};
use kubetutor::sim::cluster::{Cluster, ClusterConfig};
use kubetutor::tui::app::{App, Options};
use kubetutor::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn app(workers: usize) -> App {
    App::new(
        Cluster::new(&ClusterConfig {
            workers,
            ..Default::default()
        }),
        Options::headless(),
    )
}

fn benches(cr: &mut Criterion) {
    let mut g = cr.benchmark_group("startup");
    g.bench_function("run_empty_script", |b| {
        b.iter(|| {
            runner::run_script(
                "",
                &RunOptions::default(),
                &RealFs {
                    base: std::env::temp_dir(),
                },
            )
        })
    });
    g.bench_function("tui_first_frame_120x40", |b| {
        b.iter(|| {
            let mut a = app(3);
            let mut t = Terminal::new(TestBackend::new(120, 40)).expect("test backend");
            view::draw_frame(&mut t, &mut a).expect("draw");
        })
    });
    g.finish();
    let mut g = cr.benchmark_group("screen");
    let mut a = app(1000);
    let mut t = Terminal::new(TestBackend::new(200, 60)).expect("test backend");
    g.bench_function("frame_200x60_1000_nodes", |b| {
        b.iter(|| view::draw_frame(&mut t, &mut a).expect("draw"))
    });
    // The same frame on a busy cluster: the scale scenario on 100 nodes (10,100 pods Running
    // and their ~60,000 events), as an instructor demoing scale would show it.
    let mut busy = App::new(scenario::scale_up(100), Options::headless());
    g.bench_function("frame_200x60_100_nodes_10k_pods", |b| {
        b.iter(|| view::draw_frame(&mut t, &mut busy).expect("draw"))
    });
    g.finish();
}

fn main() {
    let mut cr = Criterion::default().configure_from_args();
    benches(&mut cr);
    cr.final_summary();
}
