//! Does what `kubetutor lessons validate` and `kubetutor lessons test` do on the shipped
//! lessons, so `cargo test` proves every lesson is valid and can be finished.

use kubetutor::lesson::{Library, harness};

#[test]
fn shipped_lessons_validate() {
    let lib = Library::load_dir(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/lessons"
    )));
    let issues: Vec<String> = lib.issues.iter().map(|i| i.to_string()).collect();
    assert!(issues.is_empty(), "{}", issues.join("\n"));
    assert_eq!(lib.lessons.len(), 4);
    // The embedded copies are the same files.
    let shipped = Library::shipped();
    assert!(shipped.issues.is_empty());
    assert_eq!(shipped.list(), lib.list());
}

#[test]
fn shipped_lessons_can_be_finished() {
    let lib = Library::load_dir(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/lessons"
    )));
    let mut failures = Vec::new();
    for l in &lib.lessons {
        failures.extend(
            harness::test_lesson(l, &lib.assets)
                .into_iter()
                .map(|f| f.to_string()),
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_file_in_lessons_and_assets_is_embedded() {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut on_disk = Vec::new();
    for dir in [
        "lessons",
        "assets/statefulset",
        "assets/daemonset",
        "assets/jobs",
        "assets/tour",
    ] {
        for e in std::fs::read_dir(format!("{root}/{dir}")).unwrap() {
            let name = e.unwrap().file_name().to_string_lossy().to_string();
            if name.ends_with(".yaml") {
                on_disk.push(format!("{dir}/{name}"));
            }
        }
    }
    let embedded: Vec<&str> = kubetutor::lesson::SHIPPED_LESSONS
        .iter()
        .chain(kubetutor::lesson::SHIPPED_ASSETS)
        .map(|(p, _)| *p)
        .collect();
    for f in on_disk {
        assert!(
            embedded.contains(&f.as_str()),
            "{f} is not listed in src/lesson/mod.rs"
        );
    }
}
