//! Lessons: the file format ([`model`]), checks on the cluster ([`check`]), the step-by-step
//! state machine the TUI drives ([`runner`]), saved progress ([`progress`]), loading and
//! validation with file/line/field errors ([`load`]) and the headless solution runner behind
//! `kubetutor lessons test` ([`harness`]).
//!
//! The shipped lessons and their manifests are compiled into the binary ([`SHIPPED_LESSONS`],
//! [`SHIPPED_ASSETS`]), so running them needs no file access.

pub mod check;
pub mod harness;
pub mod load;
pub mod markdown;
pub mod model;
pub mod progress;
pub mod runner;

pub use load::{Assets, Issue, Library, LoadedLesson};
pub use model::Lesson;
pub use runner::{LessonRun, StepView};

/// Lists files relative to the crate root and embeds their text.
macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/", $path)))),*]
    };
}

/// The shipped lesson files, in order: (path, text).
pub const SHIPPED_LESSONS: &[(&str, &str)] = embed!(
    "lessons/00-tour.yaml",
    "lessons/01-statefulset.yaml",
    "lessons/02-daemonset.yaml",
    "lessons/03-job-cronjob.yaml",
);

/// The manifests the shipped lessons use: (path, text).
pub const SHIPPED_ASSETS: &[(&str, &str)] = embed!(
    "assets/statefulset/stateful-app.yaml",
    "assets/statefulset/stateful-app-v2.yaml",
    "assets/statefulset/stateful-app-partition.yaml",
    "assets/statefulset/stateful-app-parallel.yaml",
    "assets/daemonset/dummy-node-exporter.yaml",
    "assets/daemonset/dummy-node-exporter-tolerate.yaml",
    "assets/daemonset/dummy-node-exporter-selector.yaml",
    "assets/daemonset/dummy-node-exporter-v2.yaml",
    "assets/jobs/pi-calculator.yaml",
    "assets/jobs/parallel-pi.yaml",
    "assets/jobs/failing-job.yaml",
    "assets/jobs/repeating-hello.yaml",
    "assets/jobs/repeating-hello-suspended.yaml",
    "assets/jobs/slow-cron-allow.yaml",
    "assets/jobs/slow-cron-forbid.yaml",
    "assets/jobs/slow-cron-replace.yaml",
    "assets/tour/web-deployment.yaml",
);
