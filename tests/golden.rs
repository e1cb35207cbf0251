//! Golden transcripts: each `tests/scenarios/NAME.sh` runs through the headless runner and must
//! print exactly `tests/scenarios/NAME.out`. The expected files were read line by line against
//! what Kubernetes and kubectl print; regenerate with `UPDATE_GOLDEN=1 cargo test --test golden`
//! only after such a review.

use kubetutor::kubectl::manifest::RealFs;
use kubetutor::runner::{RunOptions, run_script};
use std::path::Path;

fn scenarios() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    let mut v: Vec<_> = std::fs::read_dir(&dir)
        .expect("scenarios dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "sh"))
        .collect();
    v.sort();
    v
}

fn run(path: &Path) -> String {
    let script = std::fs::read_to_string(path).expect("script");
    let fs = RealFs {
        base: path.parent().expect("dir").to_path_buf(),
    };
    run_script(&script, &RunOptions::default(), &fs).0
}

#[test]
fn transcripts_match_golden_files() {
    let update = std::env::var("UPDATE_GOLDEN").is_ok();
    let mut failures = Vec::new();
    for script in scenarios() {
        let got = run(&script);
        let golden = script.with_extension("out");
        if update {
            std::fs::write(&golden, &got).expect("write golden");
            continue;
        }
        let want = std::fs::read_to_string(&golden).unwrap_or_default();
        if got != want {
            let diff: Vec<String> = want
                .lines()
                .zip(got.lines())
                .enumerate()
                .filter(|(_, (a, b))| a != b)
                .take(5)
                .map(|(i, (a, b))| format!("line {}:\n  want: {a}\n  got:  {b}", i + 1))
                .collect();
            failures.push(format!(
                "{}:\n{}\n(lines: want {}, got {})",
                script.display(),
                diff.join("\n"),
                want.lines().count(),
                got.lines().count()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn same_seed_same_transcript_byte_for_byte() {
    for script in scenarios() {
        assert_eq!(run(&script), run(&script), "{}", script.display());
    }
}
