//! Fuzz target: the manifest decoder and the apply path. Mutated real manifests (the scenarios',
//! the lessons' assets, the scripts' heredocs), spliced and random text go through
//! `parse_stream` and `decode`, then through `kubectl apply -f -` / `create -f -` on a cluster that
//! then runs for a virtual minute: no panic, no hang, no unbounded memory.
//!
//! Short run: `cargo test --test fuzz_manifest`; long run:
//! `FUZZ_CASES=100000 cargo test --release --test fuzz_manifest`.

mod fuzz_support;

use fuzz_support::{Counting, fuzz, input, manifest_seeds};
use kubetutor::kubectl::manifest::{RealFs, decode, parse_stream};
use kubetutor::kubectl::{self, Env};
use kubetutor::sim::cluster::{Cluster, ClusterConfig};
use proptest::prelude::*;
use std::sync::OnceLock;

#[global_allocator]
static ALLOC: Counting = Counting;

fn base() -> &'static Cluster {
    static BASE: OnceLock<Cluster> = OnceLock::new();
    BASE.get_or_init(|| {
        Cluster::new(&ClusterConfig {
            workers: 2,
            ..Default::default()
        })
    })
}

fn words(s: &str) -> Vec<String> {
    s.split(' ').map(str::to_string).collect()
}

/// Whether some document decoded (the input got past the YAML parser).
fn exercise(text: &str, verb: u8) -> bool {
    // The decoder alone.
    let mut decoded = false;
    if let Ok(docs) = parse_stream(text, "STDIN") {
        for d in &docs {
            decoded |= decode(d).is_ok();
        }
    }
    // The whole apply path, then the controllers reacting for a while.
    let mut c = base().clone();
    let fs = RealFs {
        base: std::env::temp_dir(),
    };
    let env = Env {
        fs: &fs,
        stdin: Some(text),
    };
    let argv = match verb % 4 {
        0 => "apply -f -",
        1 => "create -f -",
        2 => "apply --server-side -f -",
        _ => "apply --dry-run=server -o yaml -f -",
    };
    let out = kubectl::run(&mut c, &words(argv), &env);
    if out.code != 0 {
        assert!(!out.text().trim().is_empty(), "silent failure");
    }
    c.advance(jiff::SignedDuration::from_secs(60));
    let _ = kubectl::run(&mut c, &words("get all -A -o wide"), &env);
    decoded
}

#[test]
fn manifests_never_panic_hang_or_blow_up() {
    fuzz(
        "fuzz_manifest",
        160,
        (input(manifest_seeds(), 8), any::<u8>()),
        |(text, _)| text.clone(),
        |(text, verb)| exercise(text, *verb),
    );
}
