//! Fuzz target: the lesson loader. The shipped lessons (`lessons/*.yaml`), mutated, spliced and
//! random, go through `parse_lesson` and the semantic `validate` pass: a broken lesson file is a
//! list of issues with lines and fields, never a panic, a hang or unbounded memory.
//!
//! Short run: `cargo test --test fuzz_lesson`; long run:
//! `FUZZ_CASES=100000 cargo test --release --test fuzz_lesson`.

mod fuzz_support;

use fuzz_support::{Counting, files, fuzz, input, read_all};
use kubetutor::lesson::load::{Assets, parse_lesson, validate};
use std::sync::OnceLock;

#[global_allocator]
static ALLOC: Counting = Counting;

fn assets() -> &'static Assets {
    static A: OnceLock<Assets> = OnceLock::new();
    A.get_or_init(Assets::shipped)
}

/// Whether the lesson parsed (and so went through validation).
fn exercise(text: &str) -> bool {
    match parse_lesson("fuzz.yaml", text) {
        Ok(l) => {
            let _ = validate("fuzz.yaml", text, &l, assets());
            true
        }
        Err(issue) => {
            assert!(!issue.message.is_empty(), "an issue without a message");
            false
        }
    }
}

#[test]
fn lessons_never_panic_hang_or_blow_up() {
    fuzz(
        "fuzz_lesson",
        300,
        input(read_all(&files("lessons", &["yaml"])), 12),
        String::clone,
        |text| exercise(text),
    );
}
