//! kubetutor: learn Kubernetes StatefulSets, DaemonSets, Jobs and CronJobs on a simulated
//! cluster that runs in your terminal.

// API errors carry their field causes inline, as the API server returns them; they are the rare
// path, so their size does not matter.
#![allow(clippy::result_large_err)]

pub mod gojson;
pub mod kubectl;
pub mod lesson;
pub mod runner;
pub mod sim;
pub mod tui;
